"""ONC high-priority and non-interruptive drug-drug interaction lists (DrugBank-keyed)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import read_rows

SOURCE = {
    "id": "onc",
    "name": "ONC high-priority and non-interruptive DDI lists",
    "edition": "2012/2013",
    "licence": "Not stated (published lists of facts)",
    "licence_class": "unverified",
    "citation": "Phansalkar S. et al., High-priority drug-drug interactions for use in "
    "electronic health records, JAMIA 2012; non-interruptive DDIs, JAMIA 2013",
    "url": "https://doi.org/10.1136/amiajnl-2012-000933",
}
# file → severity: high-priority pairs should always alert; non-interruptive ones are
# real but low-priority, so they are kept as "minor".
FILES = {
    "onc-ddi/onc_high_priority.csv": "major",
    "onc-ddi/onc_non_interruptive.csv": "minor",
}


@dataclass(frozen=True)
class Pair:
    file: str
    row: int
    a: str  # DrugBank id
    b: str
    severity: str


def read_pairs(sources: Path) -> list[Pair]:
    """`Name$DBid$Name$DBid$` rows; rows without two DrugBank ids are skipped."""
    out = []
    for name, severity in FILES.items():
        for n, row in enumerate(read_rows(sources / name, delimiter="$")):
            ids = [x.strip() for x in row if x.strip().startswith("DB")]
            if len(ids) >= 2 and ids[0] != ids[1]:
                out.append(Pair(name.split("/")[-1], n + 1, ids[0], ids[1], severity))
    return out
