"""A combination page shows its ingredients' safety rows only where they are about the product
(issue 10, review 39): not another form's ("How to take it (Dexamethasone) (tablets or liquid
to swallow)" and chloramphenicol's oral "fatal blood disorders" on eye drops), nor a use it is
not for (crotamiton's scabies whole-body coat on a steroid cream, tadalafil's "for erection
problems" on a lung-hypertension product). Labelling such a row still put it on the companion
page, where a reader took it as the product's; they are left off every page of it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from ..models import Drug
from .form_codes import message_form, titled_forms
from .model import Monograph, SafetyItem
from .rules import _rows
from .safety import _short

# how a safety text is cut into sentences (safety._SENTENCE's rule)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text.strip()) if s]


def _foreign(sentence: str, form: frozenset[str]) -> bool:
    """Whether a sentence names a product form other than the page's ("By injection,
    medicines of its kind can harm an unborn baby" on eye drops)."""
    said = message_form(sentence)
    return said is not None and said not in form and "oromucosal" not in form


def own_form_rows(mono: Monograph, form: frozenset[str]) -> Monograph:
    """A combination ingredient's monograph on a page of a known form: a safety row labelled
    with another form (page_form.for_form) leaves it, unless its source is titled with the
    page's form; a later sentence of a row that names another form is cut (tobramycin's
    eye-drop pregnancy answer keeps its eye-drop sentence, not "By injection, …"). A row of
    no form, or of the page's, is kept whole."""
    if not form:
        return mono
    kept: list[SafetyItem] = []
    for s in mono.safety:
        if s.form and not (s.source and titled_forms(s.source) & form):
            continue  # another form's row (page_form labels it so), unless its own source is
            # a leaflet of the page's form ("NHS, Clotrimazole cream": its condom warning on
            # a steroid + clotrimazole cream stays, labelled, on the companion page)
        parts = _sentences(s.text)
        if len(parts) > 1 and not _foreign(parts[0], form) and any(
                _foreign(p, form) for p in parts[1:]):
            s = s.model_copy(update={"text": " ".join(
                [parts[0], *(p for p in parts[1:] if not _foreign(p, form))])})
        kept.append(s)
    return mono.model_copy(update={"safety": kept}) if kept != mono.safety else mono


# a sentence scoped to one use of the medicine: "For scabies, rub it into the whole body",
# "For constipation it is usually taken at bedtime", "Tadalafil for erection or prostate
# problems is not meant for women" (never "For use on the skin only", "For at least 15 days")
_FOR_USE = re.compile(
    r"\A\s*(?i:for|to treat|when used for)\s+(?!use\b|at least\b|\d)(?P<use>[a-z][a-z' -]{2,50}?)"
    r"(?:,|\s+(?:it|take|the|a|use|put|spray|rub|start|everyone)\b)|"
    r"\A\s*[A-Z][a-z-]+\s+for\s+(?P<named>[a-z][a-z' -]{2,50}?)\s+(?:is|are)\b")
# words that say no particular use ("problems", "high"): never the match on their own
_VAGUE = frozenset(
    "for the a an and or of in on with your you it its to problems problem conditions condition "
    "disease diseases symptoms high low long term short some other such as from by at people "
    "adults children women men".split())
_WORD = re.compile(r"[a-z]+")


def _stems(text: str) -> set[str]:
    """Words of a text by their first five letters ("erection" and "erectile" agree)."""
    return {w[:5] for w in _WORD.findall(text.casefold()) if w not in _VAGUE and len(w) > 2}


def tied_use(sentence: str) -> str:
    """The use a sentence is scoped to ("erection problems"), "" when none."""
    m = _FOR_USE.match(sentence)
    return (m.group("use") or m.group("named") or "").strip() if m else ""


def _elsewhere(sentence: str, uses: set[str]) -> bool:
    """Whether a sentence is scoped to a use none of the page's uses names."""
    use = tied_use(sentence)
    words = _stems(use)
    return bool(words) and not words & uses


def for_its_uses(safety: list[tuple[str | None, SafetyItem]], uses: Sequence[str],
                 ) -> list[tuple[str | None, SafetyItem]]:
    """A combination's ingredient rows as its uses have them: a how-to-take row that opens
    with a use none of `uses` (the page's uses, in words) names leaves the page; a pregnancy
    or breastfeeding sentence about the medicine "for" another use is cut, and the row leaves
    when nothing else is left. The product's own rows, and every row when no use is known,
    are kept."""
    have = _stems(" ".join(uses))
    if not have:
        return safety
    out: list[tuple[str | None, SafetyItem]] = []
    for ing, s in safety:
        if ing is None or s.topic not in ("how_to_take", "pregnancy", "breastfeeding"):
            out.append((ing, s))
            continue
        parts = _sentences(s.text)
        if s.topic == "how_to_take":
            if parts and _elsewhere(parts[0], have):
                continue
            out.append((ing, s))
            continue
        left = [p for p in parts if not (_about_a_use(p) and _elsewhere(p, have))]
        if not left:
            continue
        if len(left) < len(parts):
            text = " ".join(left)
            s = s.model_copy(update={"text": text, "short": _short(text, s.topic)
                                     if s.short else None})
        out.append((ing, s))
    return out


def _about_a_use(sentence: str) -> bool:
    """A sentence about the medicine taken for one use ("Tadalafil for erection or prostate
    problems is not meant for women"), not one that says what to do for it."""
    m = _FOR_USE.match(sentence)
    return m is not None and bool(m.group("named"))


@lru_cache(maxsize=1)
def _salt_forms() -> dict[str, frozenset[str]]:
    """Salt name (casefolded) → the form keys its product is made in (salt_forms.txt)."""
    return {name.casefold(): frozenset(keys.split())
            for name, keys, _ in _rows("salt_forms.txt", 3)}


def own_salts(drugs: Sequence[Drug], form: frozenset[str]) -> list[Drug]:
    """A combination's ingredients as a page of a known form names them: a salt made only
    in other forms (salt_forms.txt: hydrocortisone succinate's injection on a cream) leaves
    its "Salts and forms covered" and "also known as" lists; a salt of no row stays."""
    if not form:
        return list(drugs)
    rows = _salt_forms()
    out = []
    for d in drugs:
        kept = [f for f in d.forms if not (made := rows.get(f.casefold())) or made & form]
        out.append(d if len(kept) == len(d.forms) else d.model_copy(update={"forms": kept}))
    return out
