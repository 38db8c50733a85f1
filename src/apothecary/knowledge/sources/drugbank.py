"""DrugBank open vocabulary (CC0): common names and synonyms, the source of most spellings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import read_rows

SOURCE = {
    "id": "drugbank",
    "name": "DrugBank open vocabulary",
    "edition": "5.1 (open data)",
    "licence": "CC0 1.0",
    "licence_class": "open",
    "citation": "Wishart D.S. et al., DrugBank 5.0, Nucleic Acids Res 2018 (open vocabulary)",
    "url": "https://go.drugbank.com/releases/latest#open-data",
}
FILE = "drugbank-vocabulary/drugbank_vocabulary.csv"


@dataclass(frozen=True)
class DBDrug:
    row: int
    id: str
    name: str
    unii: str
    synonyms: tuple[str, ...]


def read_vocabulary(sources: Path) -> list[DBDrug]:
    """Rows after the junk first line and the header; synonyms split on `|`."""
    out = []
    for n, row in enumerate(read_rows(sources / FILE, delimiter=";", quoted=True)):
        if n < 2 or len(row) < 6 or not row[0].startswith("DB"):
            continue
        syns = tuple(s.strip() for s in row[5].split("|") if s.strip())
        out.append(DBDrug(n + 1, row[0].strip(), row[2].strip(), row[4].strip(), syns))
    return out
