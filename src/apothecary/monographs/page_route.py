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

from .form_codes import first_said
from .interactions import spacing
from .model import EffectGroup, Item, Monograph, Partner, SafetyItem

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
    (re.compile(r"\b(?:into a (?:vein|muscle)|by injection|as an? (?:injection|drip|infusion)|"
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
                              r"\bwhere the (?:injection|drip|needle)", re.I)
# a source's title naming its product ("US FDA label of magnesium sulfate injection")
_SOURCE = (
    (re.compile(r"\b(?:injection|infusion|intravenous)\b", re.I), INJECTED),
    (re.compile(r"\b(?:tablets?|capsules?|oral solution|chewable|supplement\w*)\b", re.I), ORAL),
)


def _one(patterns: Sequence[tuple[re.Pattern[str], str]], text: str) -> str:
    found = {route for rx, route in patterns if rx.search(text)}
    return found.pop() if len(found) == 1 else ""


def line_route(inputs: Sequence[str]) -> str:
    """The route every list line's words agree on, else ""."""
    said = {_one(_LINE, x) for x in inputs}
    return said.pop() if inputs and len(said) == 1 else ""


def page_route(inputs: Sequence[str], own_uses: Sequence[str], atcs: Sequence[str],
               injected_only: bool) -> str:
    """A systemic page's route: its list lines' words; else its own reviewed uses' (one
    route among them); else a group all its coded ingredients share whose products are all
    swallowed; else "injected" when every ingredient is only injected; else ""."""
    if route := line_route(inputs):
        return route
    said = {r for u in own_uses if (r := _one(_USE, u))}
    if len(said) == 1:
        return said.pop()
    coded = [a.upper().split() for a in atcs if a.strip()]
    if len(coded) >= 2 and any(all(any(c.startswith(g) for c in cs) for cs in coded)
                               for g in _ORAL_GROUPS):
        return ORAL
    return INJECTED if injected_only else ""


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


def _other_route_partner(p: Partner, route: str) -> bool:
    if route == INJECTED and spacing(p):  # "take them 2 hours apart" is two tablets'
        # advice: not a drip's (k26b: calcium and zoledronic acid, given once a year)
        return True
    said = message_route(p.effect or p.text) if (p.effect or p.text) else ""
    return bool(said) and said != route


def for_route(mono: Monograph, route: str) -> Monograph:
    """The monograph as a page of one route shows it: the other route's messages, side
    effects (an oral page: the injection's) and interactions (their own words say the
    route) as companion detail."""
    update: dict[str, object] = {}
    safety = [other_route_detail(s, route) for s in mono.safety]
    if safety != mono.safety:
        update["safety"] = safety
    if route == ORAL:
        moved = [i for g in mono.main_effects for i in g.items if _EFFECT_INJECTED.search(i.text)]
        serious = [i for i in mono.serious if _EFFECT_INJECTED.search(i.text)]
        if moved or serious:
            groups: list[EffectGroup] = [
                g.model_copy(update={"items": [i for i in g.items if i not in moved]})
                for g in mono.main_effects]
            update["main_effects"] = [g for g in groups if g.items]
            update["serious"] = [i for i in mono.serious if i not in serious]
            items: list[Item] = [*moved, *serious]
            update["effect_groups"] = [*mono.effect_groups, EffectGroup(
                label=OTHER_ROUTE_LABEL[INJECTED], items=items, companion=True)]
    if any(p.main and _other_route_partner(p, route) for p in mono.partners):
        update["partners"] = [p.model_copy(update={"main": False})
                              if p.main and _other_route_partner(p, route) else p
                              for p in mono.partners]
        update["partners_other_route"] = ROUTE_WORDS[INJECTED if route == ORAL else ORAL]
    return mono.model_copy(update=update) if update else mono
