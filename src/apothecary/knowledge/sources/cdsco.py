"""CDSCO "List of approved new drugs" (India): the indication approved, per product."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import read_rows

SOURCE = {
    "id": "cdsco",
    "name": "CDSCO list of approved new drugs",
    "edition": "1961-2019",
    "licence": "Not verified (restricted)",
    "licence_class": "unverified",
    "citation": "Central Drugs Standard Control Organisation, Government of India: "
    "List of approved new drugs",
    "url": "https://cdsco.gov.in",
}
FILE = "cdsco-approved/cdsco_approved_new_drugs.csv"


@dataclass(frozen=True)
class Approval:
    row: int  # 1-based data row
    serial: str  # Sr.No as written
    name: str  # drug name(s) as written: "amoxycillin trihydrate + potassium clavulanate"
    strength: str
    indication: str
    date: str  # M/D/YY as in this copy


def read_approvals(sources: Path) -> list[Approval]:
    """Every row with a drug name (rows without an indication are kept: the caller counts)."""
    out = []
    rows = read_rows(sources / FILE, delimiter=",", quoted=True)
    next(rows, None)
    for n, row in enumerate(rows, start=1):
        row = row + [""] * (5 - len(row))
        if row[1].strip():
            out.append(Approval(n, row[0].strip(), row[1].strip(), " ".join(row[2].split()),
                                row[3].strip(), row[4].strip()))
    return out
