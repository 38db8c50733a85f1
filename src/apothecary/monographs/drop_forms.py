"""A steroid + anti-infective combination whose list line names no form, which is a cream
and also eye or ear drops (review 39: gentamicin + hydrocortisone, in India mostly eye or ear
drops, was written up as a cream only, with no "burst eardrum" warning): the forms its page
covers, and whose each of its "who must not use it" class items is."""

from __future__ import annotations

from collections.abc import Sequence

from .form_codes import SYSTEMIC, code_forms, drug_forms
from .form_effects import _words_of
from .model import Monograph
from .rules import key_messages_for

# each organ's WHO groups of corticosteroids and of anti-infectives (S03: eye and ear both)
_ORGAN_STEROID = {"eye": ("S01BA", "S03BA"), "ear": ("S02BA", "S03BA")}
_ORGAN_ANTI = {"eye": ("S01A", "S03AA"), "ear": ("S02AA", "S03AA")}


def drops_too(atcs: Sequence[str], shared: frozenset[str]) -> frozenset[str]:
    """The eye and ear forms such a combination may also be: every ingredient has a code of
    that organ, and its steroid and anti-infective are WHO's steroid and anti-infective of
    that organ (the products of S01C, S02C, S03C: steroid eye or ear drops with an
    antibiotic)."""
    codes = [a.upper().split() for a in atcs]
    out = set()
    for organ in ("eye", "ear"):
        if organ not in shared:
            continue
        steroid = [any(c.startswith(_ORGAN_STEROID[organ]) for c in cs) for cs in codes]
        anti = [any(c.startswith(_ORGAN_ANTI[organ]) for c in cs) for cs in codes]
        if any(steroid) and any(anti) and all(s or a for s, a in zip(steroid, anti,
                                                                     strict=True)):
            out.add(organ)
    return frozenset(out)


def each_form_must_not(mono: Monograph, name: str, atc: str,
                       form: frozenset[str]) -> Monograph:
    """On a page of several body forms, a "who must not use it" class item only one of
    them reaches says whose it is: neomycin's skin "do not use it in the eyes" (its
    ointment's US label) beside the same product's eye drops."""
    forms = sorted((form & drug_forms(atc)) - {SYSTEMIC})
    if len(forms) < 2:
        return mono
    reach = {f: {m for _, m, _ in key_messages_for(name, " ".join(
        c for c in atc.split() if f in code_forms(c)))} for f in forms}
    safety = []
    for s in mono.safety:
        by = [f for f in forms if s.text in reach[f]]
        if s.topic == "must_not" and not s.own and not s.form and s.source and len(by) == 1:
            s = s.model_copy(update={"form": _words_of(by[0], atc)})
        safety.append(s)
    return mono.model_copy(update={"safety": safety}) if safety != mono.safety else mono
