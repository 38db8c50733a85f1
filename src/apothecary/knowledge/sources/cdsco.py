"""CDSCO "List of approved new drugs" (India): the indication approved, per product."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import csv_records

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
# approvals a later order withdrew (ours, reviewed: see the file's header)
WITHDRAWN = Path(__file__).resolve().parents[2] / "data" / "cdsco" / "withdrawn.txt"


# Encoding damage in this copy, undone at read time (each seen in the file):
# - "Þ¡" ends 144 cells cut short by the register: the reader sees "…";
# - "â?¢" is a bullet "•" (UTF-8 e2 80 a2 read as cp1252, the middle byte lost);
# - "â?¥" / "â?¤" before a number are "≥" / "≤" (e2 89 a5 / a4: "≥ 18 years");
# - "Â±" and "Â°" are "±" and "°" (c2 b1 / c2 b0 read as cp1252).
# Other damaged sequences stay as they are (tidy() in official.py handles spaces and quotes).
_REPAIRS = (("\u00de\u00a1", "…"), ("\u00e2?\u00a2", "•"), ("\u00c2\u00b1", "±"),
            ("\u00c2\u00b0", "°"))
_SIGN = re.compile("\u00e2\\?([\u00a4\u00a5])(?=\\s*\\d)")
# "â??" where both later bytes were lost: between numbers a dash ("aged 18 â?? 65 years",
# review 25), before "s" or "t" an apostrophe ("Crohnâ??s"); elsewhere left as it is
_DASH = re.compile("(?<=\\d )\u00e2\\?\\?(?= \\d)")
_APOSTROPHE = re.compile("(?<=[A-Za-z])\u00e2\\?\\?(?=[st]\\b)")


def repair(text: str) -> str:
    """The text with the encoding damage listed above undone; nothing else changed."""
    for bad, good in _REPAIRS:
        text = text.replace(bad, good)
    text = _DASH.sub("–", _APOSTROPHE.sub("’", text))
    return _SIGN.sub(lambda m: "≥" if m.group(1) == "\u00a5" else "≤", text)


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
    for n, row in csv_records(sources / FILE, 5):
        if row[1].strip():
            out.append(Approval(n, row[0].strip(), row[1].strip(),
                                " ".join(repair(row[2]).split()), repair(row[3]).strip(),
                                row[4].strip()))
    return out


# The register also lists veterinary approvals (nimesulide "for the treatment of pyrexia and
# inflammatory conditions in live stock", review 23): an indication naming animals is never a
# use of the human medicine. "from bovine pancreas" says where an enzyme comes from, not who
# takes it.
_ANIMALS = re.compile(
    r"\b(?:live ?stocks?|veterinary|poultry|cattles?|dogs|cats|puppies|sheeps?|goats|pigs|swine"
    r"|buffalo(?:e?s)?|horses|mares|equine|(?<!from )bovine|canine|feline|calf|calves|broilers"
    r"|ostriches|(?:in|of|for|to) (?:farm |domestic |male )?animals|(?:dairy |milking )?cows"
    # session 13 (k15c found cefacetrile's page "Approved in India for: Mastitis …"): the
    # udder's bacteria, farm birds, poultry coccidiosis, pets' fleas and ticks, feed additives
    r"|chickens?|hens|turkeys?|broilers?|agalacti\w*|dysgalacti\w*|uberis|coccidiosis"
    r"|infestations? (?:with|by|of) (?:ticks|fleas)|feed efficiency|growth promot\w*)\b",
    re.IGNORECASE)


def for_animals(indication: str) -> bool:
    """A veterinary approval: its indication names animals as the ones treated."""
    return bool(_ANIMALS.search(indication))


def withdrawn(path: Path = WITHDRAWN) -> dict[str, str]:
    """Sr.No → what a later order withdrew (buclizine as an appetite stimulant)."""
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            serial, what, _ = (part.strip() for part in line.split("|", 2))
            out[serial] = what
    return out
