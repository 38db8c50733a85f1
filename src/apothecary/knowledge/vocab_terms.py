"""The plain-word tables behind vocabulary.py (keys are case-folded source terms)."""

from __future__ import annotations

EFFECTS: dict[str, str] = {
    "pyrexia": "fever",
    "pruritus": "itching",
    "vomiting": "vomiting",
    "emesis": "vomiting",
    "nausea": "feeling sick (nausea)",
    "headache": "headache",
    "cephalalgia": "headache",
}
CONDITIONS: dict[str, str] = {
    "hypertension": "high blood pressure",
    "diabetes mellitus, type 2": "type 2 diabetes",
}
CLASSES: dict[str, str] = {}
GENERIC_CLASSES: frozenset[str] = frozenset()
TARGETS: dict[str, str] = {}
