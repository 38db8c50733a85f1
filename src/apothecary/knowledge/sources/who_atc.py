"""WHO ATC/DDD index: codes, names (level 1-5) and the route of each defined daily dose.

Licence: attribution, no commercial use, no changes to the material — names are kept as
written (`value`); see build's ATC rules for what `plain` may differ in (case only).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import csv_records

SOURCE = {
    "id": "who-atc",
    "name": "WHO ATC/DDD Index",
    "edition": "2026-04-25",
    "licence": "WHO CC: attribution, non-commercial, no changes",
    "licence_class": "noncommercial",
    "citation": "WHO Collaborating Centre for Drug Statistics Methodology, ATC/DDD Index",
    "url": "https://atcddd.fhi.no/atc_ddd_index/",
}
FILE = "who-atc/WHO_ATC-DDD_2026-04-25.csv"
COMBINATIONS = "who-atc/WHO_ATC-DDD-combinations_2026-04-25.csv"


@dataclass(frozen=True)
class Code:
    row: int  # 1-based data row (a code with several DDD routes has several rows)
    code: str
    name: str
    ddd: str  # "3", or "" when none
    unit: str
    route: str  # the DDD's route code as written ("O", "P", "Inhal.powder"), or ""


@dataclass(frozen=True)
class Combination:
    row: int
    code: str
    brand: str
    form: str
    ingredients: tuple[str, ...]  # names without their strengths


def _na(text: str) -> str:
    text = text.strip()
    return "" if text == "NA" else text


def read_codes(sources: Path) -> list[Code]:
    out = []
    for n, row in csv_records(sources / FILE, 5):
        if row[0].strip() and row[1].strip():
            out.append(Code(n, row[0].strip(), row[1].strip(), _na(row[2]), _na(row[3]),
                            _na(row[4])))
    return out


def read_combinations(sources: Path) -> list[Combination]:
    """Combination products: "alverine 60 mg/simethicone 0.3 g" → ("alverine", "simethicone")."""
    out = []
    for n, row in csv_records(sources / COMBINATIONS, 4):
        names = []
        for part in row[3].split("/"):
            words = []
            for w in part.replace(",", " ").split():
                if w[:1].isdigit() or w.startswith("("):
                    break
                words.append(w)
            if words:
                names.append(" ".join(words))
        if row[0].strip() and len(names) >= 2:
            out.append(Combination(n, row[0].strip(), row[1].strip(), row[2].strip(),
                                   tuple(names)))
    return out
