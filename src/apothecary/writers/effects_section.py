"""The Side Effects section of a page: what each ingredient is known for, its common effects
within one shared cap, the serious reactions, then the rest on the companion page."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..models import Drug, Section, Statement
from ..monographs import Item, Monograph
from ..monographs.page_form import OTHER_FORMS_LABEL, POOLED_LABEL
from ..monographs.side_effects import COMMON_CAP
from ..sentences import join_and
from .wording import (
    HELP_LABEL,
    SECTION_TITLES,
    SERIOUS_MAIN,
    SIGNATURE_LABEL,
    cap_first,
    list_statement,
    round_robin,
    sentence,
)


def side_effects_section(
    drugs: list[Drug], names: list[str], mono: list[Monograph], serious: list[Item],
    combo: bool, absent: Callable[[str, Sequence[str]], str],
) -> Section:
    statements: list[Statement] = []
    typical: dict[str, tuple[list[int], list[str]]] = {}  # words → (ingredients, ids)
    for i, m in enumerate(mono):  # what the medicine is known for leads (reviewed rows)
        if m.signature is not None:
            text = f"{sentence(cap_first(m.signature.text))} Source: {m.signature.source}."
            who, ids = typical.setdefault(text, ([], []))
            who.append(i)  # two penicillins: one line for both
            ids += m.signature.fact_ids
    for text, (who, ids) in typical.items():
        suffix = f" ({join_and([names[i] for i in who])})" if combo else ""
        ing = drugs[who[0]].display if combo and len(who) == 1 else None
        statements.append(Statement(label=SIGNATURE_LABEL + suffix, ingredient=ing,
                                    text=text, fact_ids=ids))
    shares = round_robin([sum(len(g.items) for g in m.main_effects) for m in mono],
                          COMMON_CAP)
    for i, m in enumerate(mono):
        suffix, ing = (f" ({names[i]})", drugs[i].display) if combo else ("", None)
        room = shares[i]
        for g in m.main_effects:
            shown, rest = g.items[:room], g.items[room:]
            room -= len(shown)
            if shown:
                statements.append(list_statement(g.label + suffix, shown, ing))
            if rest:
                also = g.label if g.label.startswith("Also ") else f"Also {g.label.lower()}"
                statements.append(list_statement(f"{also}{suffix}", rest, ing,
                                                 companion=True))
    if serious:
        statements.append(list_statement(HELP_LABEL, serious[:SERIOUS_MAIN], None))
        if serious[SERIOUS_MAIN:]:
            statements.append(list_statement(
                "Other serious reactions", serious[SERIOUS_MAIN:], None, companion=True))
    for i, m in enumerate(mono):
        suffix, ing = (f" ({names[i]})", drugs[i].display) if combo else ("", None)
        moved = {g.label for g in m.effect_groups} & {OTHER_FORMS_LABEL, POOLED_LABEL}
        if not m.main_effects and moved:
            statements.append(Statement(text=f"The side effects our sources list for "
                f"{names[i]} " + ("may be of its other forms (taken by mouth, injected or "
                "used elsewhere on the body)" if OTHER_FORMS_LABEL in moved else "are not "
                "said to be of this form (our source pools all its products and uses)") +
                ", so they are on the full list rather than here.", ingredient=ing))
        for g in m.effect_groups:
            statements.append(list_statement(g.label + suffix, g.items, ing, g.companion))
    intro = None
    if statements:
        intro = ("The side effects most often found on drug labels, in plain words. Not "
                 "everyone gets them. Tell your doctor if one worries you.")
    missing = [names[i] for i, m in enumerate(mono) if not m.has_effects]
    if missing:
        # "no data" must never read as "no side effects" (review 5, cyanocobalamin)
        statements.append(Statement(text=absent("side-effect", missing) + (
            " That does not mean it has none: ask your pharmacist which side effects to "
            "look out for.")))
    return Section(id="side-effects", title=SECTION_TITLES["side-effects"], intro=intro,
                   statements=statements)
