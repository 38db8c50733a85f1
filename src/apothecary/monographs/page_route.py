"""Swallowed or given into a vein (issue 10, review 25): WHO ATC's groups of no particular
form ("systemic") do not tell a drink from a drip. A bowel prep of three sulfates showed the
magnesium injection's reflex and labour warnings on its first screen, Ringer's lactate the
potassium tablets' "swallow slow-release tablets whole". A page whose route is known (its
list line's words, its own reviewed use, its group, or only injected routes) keeps the
messages, side effects and interactions of the other route, in their own words, as
companion detail labelled with that route: moved, never dropped."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from ..models import Fact, FactKind
from .form_codes import DOSE, first_said
from .interactions import spacing
from .model import EffectGroup, Item, Monograph, Partner, SafetyItem
from .rules import _rows
from .uses import nutrient_kind, product_forms

ORAL = "oral"
INJECTED = "injected"
ROUTE_WORDS = {ORAL: "tablets or liquid to swallow", INJECTED: "an injection or drip"}
OTHER_ROUTE_LABEL = {ORAL: "Reported with its tablets or liquid only",
                     INJECTED: "Reported with its injection or drip only"}

# a list line's words for a route (a plain name says none)
_LINE = (
    (re.compile(r"\b(?:inj(?:ection)?s?|infusions?|i\.v\.|iv|vials?|amp(?:oule)?s?|drips?)\b",
                re.I), INJECTED),
    (re.compile(r"\b(?:tab(?:let)?s?|cap(?:sule)?s?|syrups?|syp|syr|susp(?:ension)?|oral|"
                r"sachets?|granules|dry\s+syrup|elixir)\b", re.I), ORAL),
)
# a page's own reviewed use that says its route ("given into a vein as a drip"; a bowel
# prep is drunk)
_USE = (
    (re.compile(r"\b(?:into a (?:vein|muscle)|as a drip|by (?:drip|injection)|injected|"
                r"infusion)\b", re.I), INJECTED),
    (re.compile(r"\b(?:by mouth|swallow\w*|drink\w*|drunk|colonoscopy|bowel (?:prep|cleans\w*)|"
                r"clearing out the bowel)\b", re.I), ORAL),
)
# WHO ATC groups whose every product is swallowed, when all of a page's coded ingredients
# share one (sodium, potassium and magnesium sulfates: A06AD, osmotic laxatives)
_ORAL_GROUPS = ("A06AD",)
# a message's first sentence about one route ("Given into a vein, too much magnesium…";
# "By mouth, take it at a different time from thyroid tablets…")
_SAYS = (
    (re.compile(r"\b(?:into a (?:vein|muscle)|by (?:injection|drip|infusion)|"
                r"as an? (?:injection|drip|infusion)|"
                r"injected|with the (?:injection|drip)|the injection|injection site|"
                r"where the (?:injection|drip|needle))\b", re.I), INJECTED),
    # (never "very little of it is taken up when swallowed": naloxone's breastfeeding answer)
    (re.compile(r"\b(?:by mouth|swallow (?:it|them|the|tablets|capsules)|swallowed whole|"
                r"as tablets|the tablets|tablets or capsules|chew(?:ed|able)?|"
                r"when taken for constipation)\b", re.I), ORAL),
)
# a side effect's own words naming the injection ("Flushing and sweating (injection)")
_EFFECT_INJECTED = re.compile(r"\((?:[^()]*\b)?(?:injection|drip|infusion)s?\)|"
                              r"\b(?:with|during|from|after) (?:an? |the )?(?:[a-z]+ )?"
                              r"(?:injection|drip|infusion)s?\b|\binjection site|"
                              r"\bwhere the (?:injection|drip|needle)|"
                              r"\b(?:given|had|taken) by (?:injection|drip|infusion)", re.I)
# …unless it names a form taken by mouth too ("headache (tablets or injection)")
_EFFECT_ORAL = re.compile(r"\b(?:tablets?|capsules?|by mouth|swallowed)\b", re.I)
# a source's title naming its product ("US FDA label of magnesium sulfate injection")
_SOURCE = (
    (re.compile(r"\b(?:injection|infusion|intravenous)\b", re.I), INJECTED),
    # ("acetylcysteine solution (breathed in, or taken by mouth …) and acetylcysteine
    # injection": both routes, so neither)
    (re.compile(r"\b(?:tablets?|capsules?|oral solution|chewable|supplement\w*|by mouth)\b",
                re.I), ORAL),
)


def _one(patterns: Sequence[tuple[re.Pattern[str], str]], text: str) -> str:
    found = {route for rx, route in patterns if rx.search(text)}
    return found.pop() if len(found) == 1 else ""


def line_route(inputs: Sequence[str]) -> str:
    """The route every list line's words agree on, else ""."""
    said = {_one(_LINE, x) for x in inputs}
    return said.pop() if inputs and len(said) == 1 else ""


# a strength per ml, not per 5 ml (a spoonful of syrup): a vial's or drops' ("2mg/ml")
_PER_ML = re.compile(r"\d\s*(?:mg|mcg|µg|g|gm|iu)\s*/\s*(?!5\s*ml)\d*\s*ml\b", re.I)
# route_forms.txt's words for WHO's oral route (O)
_SWALLOWED = "tablets or liquid to swallow"


@lru_cache(maxsize=1)
def _swallowed_kinds() -> re.Pattern[str]:
    words = [w for w, _ in _rows("swallowed_kinds.txt", 2)]
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")s?\b", re.I)


def only_swallowed(name: str, atc: str, facts: Sequence[Fact]) -> bool:
    """Whether an ingredient is only ever swallowed: its one form (WHO DDD routes and codes,
    uses.product_forms) is tablets or liquid to swallow; or it has no form at all and is a
    vitamin, mineral or supplement (swallowed_kinds.txt: pyridoxamine, a form of vitamin B6
    with no WHO code). An ingredient also injected (pyridoxine) or of an infusion group
    (zinc sulfate's B05X) is not."""
    routes = [f.value for f in facts if f.kind == FactKind.ROUTE]
    forms = product_forms(atc, routes)
    if forms:
        return forms == [_SWALLOWED]
    classes = [f.plain for f in facts if f.kind == FactKind.CLASS]
    return nutrient_kind(name, atc, classes) is not None or any(
        _swallowed_kinds().search(c) for c in classes)


def swallowed_product(inputs: Sequence[str], only: Sequence[bool]) -> bool:
    """Whether a combination is taken by mouth, its list lines saying no route: one of its
    ingredients is only ever swallowed (`only`, by only_swallowed; one product is one form),
    or every line gives its doses by weight ("500mg", "125mg/5ml": not "2mg/ml", a vial's)
    (review 38: acetylcysteine + pyridoxamine read as a hospital drip)."""
    return len(only) > 1 and (any(only) or bool(inputs) and all(
        DOSE.search(x) and not _PER_ML.search(x) for x in inputs))


def page_route(inputs: Sequence[str], own_uses: Sequence[str], atcs: Sequence[str],
               injected_only: bool,
               ingredients: Sequence[tuple[str, str, Sequence[Fact]]] = ()) -> str:
    """A systemic page's route (or a combination's of no known form): its list lines' words;
    else its own reviewed uses' (one route among them); else a group all its coded
    ingredients share whose products are all swallowed; else "injected" when every
    ingredient is only injected; else "oral" for a combination taken by mouth
    (swallowed_product; `ingredients`: each one's name, WHO ATC codes and facts); else ""."""
    if route := line_route(inputs):
        return route
    said = {r for u in own_uses if (r := _one(_USE, u))}
    if len(said) == 1:
        return said.pop()
    coded = [a.upper().split() for a in atcs if a.strip()]
    if len(coded) >= 2 and any(all(any(c.startswith(g) for c in cs) for cs in coded)
                               for g in _ORAL_GROUPS):
        return ORAL
    if injected_only:
        return INJECTED
    only = [only_swallowed(n, a, fs) for n, a, fs in ingredients]
    return ORAL if swallowed_product(inputs, only) else ""


def message_route(text: str, source: str | None = None) -> str:
    """The route a message is about: its first sentence's words, else its source title's."""
    if route := _one(_SAYS, first_said(text)):
        return route
    title = (source or "").split(":", 1)[0]
    return _one(_SOURCE, title) if title else ""


def other_route_detail(s: SafetyItem, route: str) -> SafetyItem:
    """A message about the other route: companion detail, labelled with that route."""
    said = message_route(s.text, s.source)
    if said and said != route and not s.form:
        return s.model_copy(update={"form": ROUTE_WORDS[said], "detail": True})
    return s


def _injection_effect(i: Item, by_source: bool = True) -> bool:
    """A side effect of the injection or drip only: its own words name it and no form taken
    by mouth ("a rash, itching or flushing, when it is given by drip"), or (`by_source`) its
    reviewed source is an injection's label alone (acetylcysteine's Acetadote, review 38)."""
    if _EFFECT_INJECTED.search(i.text):
        return not _EFFECT_ORAL.search(i.text)
    title = i.source.split(":", 1)[0]
    return by_source and bool(title) and _one(_SOURCE, title) == INJECTED


def _other_route_partner(p: Partner, route: str) -> bool:
    if route == INJECTED and spacing(p):  # "take them 2 hours apart" is two tablets'
        # advice: not a drip's (k26b: calcium and zoledronic acid, given once a year)
        return True
    text = p.effect or p.text
    said = message_route(text) if text else ""
    # (never a line that goes on to the page's route: "Calcium given into a vein must not be
    # given with digoxin … Calcium taken by mouth can be used with digoxin, with care")
    return bool(said) and said != route and _one(_SAYS, text) == said


def for_route(mono: Monograph, route: str) -> Monograph:
    """The monograph as a page of one route shows it: the other route's messages, side
    effects (an oral page: the injection's) and interactions (their own words say the
    route) as companion detail."""
    update: dict[str, object] = {}
    safety = [other_route_detail(s, route) for s in mono.safety]
    if safety != mono.safety:
        update["safety"] = safety
    if route == ORAL:
        moved = [i for g in mono.main_effects for i in g.items if _injection_effect(i)]
        # (a serious sign by its words only: "slow, shallow or stopped breathing" from the
        # midazolam injection's label is the syrup's danger too)
        serious = [i for i in mono.serious if _injection_effect(i, by_source=False)]
        if moved or serious:
            groups: list[EffectGroup] = [
                g.model_copy(update={"items": [i for i in g.items if i not in moved]})
                for g in mono.main_effects]
            update["main_effects"] = [g for g in groups if g.items]
            update["serious"] = [i for i in mono.serious if i not in serious]
            items: list[Item] = [*moved, *serious]
            update["effect_groups"] = [*mono.effect_groups, EffectGroup(
                label=OTHER_ROUTE_LABEL[INJECTED], items=items, companion=True)]
    if route in (ORAL, INJECTED) and any(p.by_mouth for p in mono.partners):
        # binding in the gut (gut_binding.py): a drip's page leaves it out, a swallowed
        # page needs no "when taken by mouth" (review 39: zoledronic acid's calcium)
        mono = mono.model_copy(update={"partners": [
            p.model_copy(update={"by_mouth": False}) for p in mono.partners
            if not (p.by_mouth and route == INJECTED)]})
    if any(p.main and _other_route_partner(p, route) for p in mono.partners):
        update["partners"] = [p.model_copy(update={"main": False})
                              if p.main and _other_route_partner(p, route) else p
                              for p in mono.partners]
        update["partners_other_route"] = ROUTE_WORDS[INJECTED if route == ORAL else ORAL]
    return mono.model_copy(update=update) if update else mono
