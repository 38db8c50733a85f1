"""Clinical terms → plain words for the public, written for this project.

Side effects (MedDRA preferred terms from SIDER), conditions (LabeledIn/MeSH and DrugCentral
indication names), drug classes and target families. The tables cover the terms behind most
facts (counted on the shipped sources, see README); any other term falls back to a cleaned
lower-case form of the source term, never to an invented wording.
"""

from __future__ import annotations

import re

from .vocab_terms import (
    CLASS_CONFLICTS,
    CLASSES,
    CONDITIONS,
    EFFECTS,
    GENERIC_CLASSES,
    NOT_SIDE_EFFECTS,
    TARGETS,
)

_SPACE = re.compile(r"\s+")
_ACRONYM = re.compile(r"^[A-Z0-9][A-Z0-9-]+$")


def clean(term: str) -> str:
    """Lower-case a term for reading, keeping acronyms (HIV, ACE) and inverting MeSH
    "Arthritis, Rheumatoid" to "rheumatoid arthritis"."""
    term = _SPACE.sub(" ", term.replace("\t", " ")).strip()
    term = re.sub(r"\s*\[(EPC|MoA|PE|CS|PA)\]$", "", term)
    parts = [p.strip() for p in term.split(",")]
    if (len(parts) == 2 and parts[0] and parts[1] and " " not in parts[1]
            and parts[1][0].isalpha()):
        term = f"{parts[1]} {parts[0]}"
    # split() on any whitespace, so no empty word can leave a stray or trailing space
    words = [w if _ACRONYM.match(w) and len(w) > 1 else w.lower() for w in term.split()]
    return " ".join(words)


def _key(term: str) -> str:
    return _SPACE.sub(" ", term).strip().casefold()


def plain_effect(term: str) -> str:
    """A side-effect term (MedDRA PT) in plain words: "Pyrexia" → "fever"."""
    return EFFECTS.get(_key(term)) or CONDITIONS.get(_key(term)) or clean(term)


def _pattern(glob: str) -> re.Pattern[str]:
    return re.compile("".join(".*" if c == "*" else re.escape(c) for c in glob) + r"\Z")


_NOT_EFFECTS = [(_pattern(g), reason) for g, reason in NOT_SIDE_EFFECTS.items()]


def not_a_side_effect(term: str) -> str | None:
    """Why a MedDRA term is no side effect a reader can use ("procedure", "circumstance",
    "group"), from data/vocabulary/not_side_effects.txt; None for a real effect."""
    key = _key(term)
    return next((reason for pat, reason in _NOT_EFFECTS if pat.match(key)), None)


def plain_condition(term: str) -> str:
    """A disease/indication name in plain words: "Hypertension" → "high blood pressure"."""
    return CONDITIONS.get(_key(term)) or EFFECTS.get(_key(term)) or clean(term)


def plain_class(name: str) -> str:
    """A pharmacological class in plain words: "Nonsteroidal Anti-inflammatory Drug" →
    "a non-steroidal anti-inflammatory drug (NSAID)"-style wording, else the cleaned class."""
    key = _key(re.sub(r"\s*\[(EPC|MoA|PE|CS|PA)\]$", "", name))
    return CLASSES.get(key) or clean(name)


def is_generic_class(name: str) -> bool:
    """Umbrella MeSH actions ("Central Nervous System Agents", "Noxae") tell a reader nothing."""
    return _key(name) in GENERIC_CLASSES


def class_conflict(name: str, others: set[str]) -> str | None:
    """The class among `others` (the same drug's MeSH actions) that makes `name` misleading
    ("Antineoplastic Agents" next to "Anti-Bacterial Agents": a quinolone), else None."""
    clash = CLASS_CONFLICTS.get(_key(name), frozenset())
    return next((o for o in sorted(others) if _key(o) in clash), None)


_ACTIONS = {
    "INHIBITOR": "blocks",
    "BLOCKER": "blocks",
    "ANTAGONIST": "blocks",
    "ALLOSTERIC ANTAGONIST": "blocks",
    "NEGATIVE ALLOSTERIC MODULATOR": "dampens",
    "INVERSE AGONIST": "switches off",
    "AGONIST": "activates",
    "PARTIAL AGONIST": "partly activates",
    "ACTIVATOR": "activates",
    "OPENER": "opens",
    "POSITIVE ALLOSTERIC MODULATOR": "boosts",
    "POSITIVE MODULATOR": "boosts",
    "MODULATOR": "changes the activity of",
    "ANTIBODY BINDING": "binds to",
    "RELEASING AGENT": "releases",
    "SUBSTRATE": "is carried by",
}


def plain_mechanism(action: str, target: str, gene: str = "", family: str = "") -> str:
    """"INHIBITOR" + "Prostaglandin G/H synthase 2" → "blocks the enzyme that makes
    prostaglandins, chemicals that cause pain and swelling (COX-2)"; unknown targets get
    "works on <target> (it blocks it)"."""
    verb = _ACTIONS.get(action.strip().upper())
    genes = [g.strip().casefold() for g in gene.split("|") if g.strip()]
    known = next((TARGETS[g] for g in genes if g in TARGETS), None) or TARGETS.get(_key(target))
    if known and verb:
        return f"{verb} {known}"
    if verb and verb not in ("changes the activity of", "binds to", "releases", "is carried by"):
        return f"works on {target.strip()} (it {verb} it)"
    return f"works on {target.strip()}"


_CAUTIONS = {
    ("alcohol", "contraindicated"): "Do not drink alcohol while taking this medicine.",
    ("alcohol", "major"): "Avoid alcohol while taking this medicine.",
    ("alcohol", "moderate"): "Take care with alcohol while taking this medicine.",
    ("alcohol", "minor"): "Alcohol can interact with this medicine; keep this in mind.",
    ("grapefruit juice", "contraindicated"): "Do not have grapefruit or grapefruit juice "
    "while taking this medicine.",
    ("grapefruit juice", "major"): "Avoid grapefruit and grapefruit juice while taking this "
    "medicine.",
    ("grapefruit juice", "moderate"): "Take care with grapefruit and grapefruit juice while "
    "taking this medicine.",
    ("grapefruit juice", "minor"): "Grapefruit juice can interact with this medicine; keep "
    "this in mind.",
}


def plain_caution(what: str, severity: str) -> str:
    """One sentence, only as strong as the source's level (avoid / take care / keep in mind)."""
    return _CAUTIONS.get((what, severity)) or f"{what.capitalize()} can interact with this " \
        "medicine."
