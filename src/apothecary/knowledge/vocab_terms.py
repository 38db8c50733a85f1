"""The plain-word tables behind vocabulary.py, written for this project.

They live as text under apothecary/data/vocabulary/ ("Term = plain words" per line) so
they can grow without code changes. Keys are case-folded source terms (MedDRA PTs,
MeSH/DrugCentral names, gene symbols). Terms already plain ("Headache", "Cough") need no
entry: the fallback lower-cases them. Chosen by counting which terms carry most facts.
"""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "vocabulary"


def _lines(name: str) -> list[str]:
    text = (DATA / f"{name}.txt").read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def _table(name: str) -> dict[str, str]:
    out = {}
    for line in _lines(name):
        term, sep, plain = line.partition(" = ")
        if sep and plain.strip():
            out[term.strip().casefold()] = plain.strip()
    return out


EFFECTS = _table("effects")
CONDITIONS = _table("conditions")
CLASSES = _table("classes")
TARGETS = _table("targets")
GENERIC_CLASSES: frozenset[str] = frozenset(t.casefold() for t in _lines("generic_classes"))
# MedDRA terms that are not side effects ("* therapy", "Cardiac disorder"): pattern → reason
NOT_SIDE_EFFECTS = _table("not_side_effects")


def _conflicts() -> dict[str, frozenset[str]]:
    """"Class = a | b" lines (class names contain commas: "Anti-Infective Agents, Local")."""
    out = {}
    for line in _lines("class_conflicts"):
        term, sep, others = line.partition(" = ")
        if sep:
            out[term.strip().casefold()] = frozenset(
                p.strip().casefold() for p in others.split("|") if p.strip())
    return out


CLASS_CONFLICTS = _conflicts()
