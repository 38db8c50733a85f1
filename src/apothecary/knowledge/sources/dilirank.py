"""FDA DILIrank: drug-induced liver-injury concern per drug, as FDA's NCTR ranked it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import read_rows

SOURCE = {
    "id": "dilirank",
    "name": "FDA DILIrank",
    "edition": "2016",
    "licence": "Public domain",
    "licence_class": "open",
    "citation": "Chen M. et al., DILIrank, Drug Discov Today 2016",
    "url": "https://www.fda.gov/science-research/liver-toxicity-knowledge-base-ltkb/"
    "drug-induced-liver-injury-rank-dilirank-dataset",
}
FILE = "fda-dilirank/DILIrank.csv"

# vDILIConcern as written → the `severity` column (docs/facts.md).
CONCERNS = {
    "vmost-dili-concern": "most",
    "vless-dili-concern": "less",
    "ambiguous dili-concern": "ambiguous",
    "vno-dili-concern": "no",
}
# One reader sentence per concern, saying no more than the rank does.
PLAIN = {
    "most": "The US FDA ranks it among the medicines of most concern for liver injury.",
    "less": "The US FDA ranks it among the medicines of less concern for liver injury.",
    "ambiguous": "The US FDA ranks its concern for liver injury as ambiguous "
                 "(the evidence is unclear).",
    "no": "The US FDA ranks it among the medicines of no concern for liver injury.",
}


@dataclass(frozen=True)
class Rank:
    row: int  # 1-based data row (the header is row 0)
    ltkb_id: str
    name: str
    severity_class: str
    label_section: str
    concern: str  # as written: "vMost-DILI-Concern"
    severity: str | None  # most / less / ambiguous / no; None for a concern not listed


def read_ranks(sources: Path) -> list[Rank]:
    """Every row with a name (an unknown concern has severity None: the caller counts it)."""
    out = []
    rows = read_rows(sources / FILE, delimiter=",", quoted=True)
    next(rows, None)
    for n, row in enumerate(rows, start=1):
        if len(row) < 5:
            continue
        severity = CONCERNS.get(row[4].strip().lower())
        if row[1].strip():
            out.append(Rank(n, row[0].strip(), row[1].strip(), row[2].strip(),
                            row[3].strip(), row[4].strip(), severity))
    return out
