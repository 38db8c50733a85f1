"""Which reviewed safety messages a page of one product form keeps on its main page: a
message standing only on another body part's leaflet leaves it, and a form's own answer that a
class answer had made companion detail leads again once that class answer leaves (issue 10,
reviews 34–35)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..models import Fact
from .form_codes import ANSWER_TOPICS, first_said, titled_forms
from .model import SafetyItem
from .safety import answers

# creams are made for the skin, the vagina and the bottom alike: a cream leaflet's message
# is any of theirs
_CREAM_SITES = frozenset({"skin", "vaginal", "rectal"})
_LOCAL_SITES = frozenset({"skin", "vaginal", "rectal", "eye", "ear", "oromucosal", "throat"})


def leaflet_message_of_another_form(s: SafetyItem, lookup: Mapping[str, Fact],
                                     form: frozenset[str]) -> bool:
    """Whether a safety message stands only on leaflets (reviewed leaflet facts, or a key
    message's public source) whose titles name another form than the page's (review 34:
    "NHS, Clotrimazole cream"'s "take care when using an applicator" as the pregnancy answer
    of ear drops)."""
    got = [lookup[i] for i in s.fact_ids if i in lookup]
    if s.fact_ids and (not got or any(f.source_id != "leaflets" for f in got)):
        return False
    locators = [f.locator for f in got] if got else [s.source] if s.source else []
    for locator in locators:
        theirs = titled_forms(locator)
        if not theirs or theirs & form or (theirs <= _CREAM_SITES and form & _CREAM_SITES):
            return False
        # a reviewed message's source is often another form's leaflet that says it for every
        # form ("Salbutamol tablets and syrup are for …", NHS, Salbutamol inhaler): only one
        # body part's product on another body part's page is foreign
        if not got and not (theirs <= _LOCAL_SITES and form <= _LOCAL_SITES):
            return False
    return bool(locators)


def answer_restored(before: Sequence[SafetyItem], after: list[SafetyItem],
                     form: frozenset[str] = frozenset()) -> list[SafetyItem]:
    """A sourced answer that a class answer had made companion detail (safety._answered_once)
    leads again when that class answer is another form's and left the page: diclofenac gel's
    "must not be used in the last 3 months of pregnancy" stayed on the companion page of a
    gel once the NSAID tablets' pregnancy row was gone (review 34)."""
    kept = {id(s) for s in after}
    gone = {s.topic for s in before if id(s) not in kept and s.topic in ANSWER_TOPICS}
    out = list(after)
    for topic in gone:
        if any(not s.detail and answers(s, topic) for s in out):
            continue
        # (never an answer that names another form: "Terbinafine tablets are not usually
        # recommended in pregnancy" on a cream)
        n = next((n for n, s in enumerate(out) if s.topic == topic and s.detail
                  and not s.form and s.fact_ids and s.source
                  and _of_the_form(s.text, form)), None)
        if n is not None:
            out[n] = out[n].model_copy(update={"detail": False})
    return out


def _of_the_form(text: str, form: frozenset[str]) -> bool:
    """Whether a message's first sentence names no form, or the page's."""
    named = titled_forms(first_said(text))
    return not named or bool(named & form)
