"""SIDER 4.1 side effects (MedDRA preferred terms) with label frequencies. CC BY-NC-SA 4.0."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import read_rows

SOURCE = {
    "id": "sider",
    "name": "SIDER",
    "edition": "4.1 (2015-10)",
    "licence": "CC BY-NC-SA 4.0",
    "licence_class": "noncommercial",
    "citation": "Kuhn M., Letunic I., Jensen L.J., Bork P., The SIDER database of drugs and "
    "side effects, Nucleic Acids Res 2016",
    "url": "http://sideeffects.embl.de",
}
FOLDER = "sider-4.1"

# Frequency classes, most informative first (a label percentage beats "postmarketing").
FREQUENCY_RANK = {"common": 0, "uncommon": 1, "rare": 2, "postmarketing": 3, "unknown": 4}
_WORDS = {
    "very common": "common",
    "common": "common",
    "frequent": "common",
    "uncommon": "uncommon",
    "infrequent": "uncommon",
    "rare": "rare",
    "very rare": "rare",
    "postmarketing": "postmarketing",
}


def frequency_class(description: str, lower: str, upper: str) -> str | None:
    """Map one meddra_freq row to common (≥1%) / uncommon (0.1–1%) / rare (<0.1%) /
    postmarketing; None for rows that say nothing (a 0% trial arm, unparsable bounds).

    Words win over bounds ("frequent" is 1–100% → common); a range is judged by its
    midpoint, so "<1%" (0–1%) is uncommon and "1% to 5%" common."""
    word = _WORDS.get(description.strip().lower())
    if word:
        return word
    try:
        lo, hi = float(lower), float(upper)
    except ValueError:
        return None
    if hi <= 0 or lo < 0 or hi > 1 or lo > hi:
        return None
    mid = (lo + hi) / 2
    return "common" if mid >= 0.01 else "uncommon" if mid >= 0.001 else "rare"


def cid(stitch: str) -> str | None:
    """PubChem CID inside a STITCH id: CID100002244 / CID000002244 → "2244"."""
    s = stitch.strip()
    if len(s) > 4 and s.startswith("CID") and s[3:].isdigit():
        return str(int(s[4:]))
    return None


@dataclass(frozen=True)
class SideEffect:
    flat: str  # STITCH flat id
    stereo: str  # STITCH stereo id
    cui: str  # MedDRA PT concept id
    term: str  # MedDRA PT name
    frequency: str  # best class over the compound's rows
    locator: str


def read_side_effects(sources: Path) -> list[SideEffect]:
    """One row per (compound, PT): the best frequency from meddra_freq (placebo rows
    skipped) for the same stereo compound, else for the same flat compound (another label
    of the same molecule), "unknown" when no label gives the effect a frequency."""
    best: dict[tuple[str, str, str], tuple[int, str]] = {}
    by_flat: dict[tuple[str, str], tuple[int, str]] = {}
    terms: dict[str, str] = {}
    for row in read_rows(Path(sources) / FOLDER / "meddra_freq.tsv.gz"):
        if len(row) < 10 or row[7] != "PT" or row[3].strip().lower() == "placebo":
            continue
        freq = frequency_class(row[4], row[5], row[6])
        if freq is None:
            continue
        key = (row[0], row[1], row[8])
        terms[row[8]] = row[9]
        rank = FREQUENCY_RANK[freq]
        if key not in best or rank < best[key][0]:
            best[key] = (rank, freq)
        if (row[0], row[8]) not in by_flat or rank < by_flat[(row[0], row[8])][0]:
            by_flat[(row[0], row[8])] = (rank, freq)
    seen: set[tuple[str, str, str]] = set()
    out = []
    for row in read_rows(Path(sources) / FOLDER / "meddra_all_se.tsv.gz"):
        if len(row) < 6 or row[3] != "PT":
            continue
        key = (row[0], row[1], row[4])
        if key in seen:
            continue
        seen.add(key)
        found = best.get(key) or by_flat.get((row[0], row[4]))
        freq = found[1] if found else "unknown"
        out.append(SideEffect(row[0], row[1], row[4], terms.get(row[4], row[5]), freq,
                              f"meddra_all_se {row[1]} {row[4]}"))
    return out


@dataclass(frozen=True)
class SiderIndication:
    flat: str
    cui: str  # UMLS id as found on the label
    pt_cui: str
    name: str
    pt_name: str = ""  # the MedDRA term's own name


def read_indications(sources: Path) -> list[SiderIndication]:
    """Label indications found by NLP (`NLP_indication` only: the other methods also catch
    preconditions and passing mentions); used to corroborate DrugCentral indications."""
    out = []
    for row in read_rows(Path(sources) / FOLDER / "meddra_all_indications.tsv.gz"):
        if len(row) >= 7 and row[2] == "NLP_indication":
            out.append(SiderIndication(row[0], row[1], row[5], row[3], row[6].strip()))
    return out
