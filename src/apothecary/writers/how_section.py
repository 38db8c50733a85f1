"""The How it Works section of a page: each ingredient's plain sentence, with its source."""

from __future__ import annotations

from ..models import Drug, Section, Statement
from ..monographs import Monograph
from ..monographs.how_it_works import partner_kind
from ..sentences import join_and
from .wording import SECTION_TITLES, sentence, source_for


def how_it_works_section(drugs: list[Drug], names: list[str], mono: list[Monograph],
                         atcs: list[str]) -> Section:
    """The How it Works section: each ingredient's plain sentence, or its role in the product
    (an antacid, not a supplement), and which ones our sources do not explain."""
    statements: list[Statement] = []
    combo = len(drugs) > 1
    missing = []
    for i, m in enumerate(mono):
        if m.how is None:
            missing.append(names[i])
            continue
        kind = partner_kind(m.kind, atcs[i], [
            a for j, a in enumerate(atcs) if j != i]) if combo else m.kind
        if kind is not None and m.kind is not None and kind.text != m.kind.text:
            # the product's antacid, not a supplement: its kind, not the nutrient's role
            statements.append(Statement(
                label=names[i], ingredient=drugs[i].display,
                text=sentence(f"{names[i]} is in it as an {kind.text}"),
                fact_ids=list(kind.fact_ids)))
            continue
        statements.append(Statement(
            label=names[i] if combo else None, ingredient=drugs[i].display if combo else None,
            text=sentence(f"{_how_subject(names[i], drugs[i], m.how.text)} is {m.how.text}")
            + (f" Source: {source_for(m.how.source, [names[i]])}." if m.how.source
               else ""),  # (form_how.txt)
            fact_ids=list(m.how.fact_ids)))
    if missing:
        statements.append(Statement(
            text=f"Our sources do not yet explain in plain words how {join_and(missing)} "
            f"{'work' if len(missing) > 1 else 'works'}."))
    return Section(id="how-it-works", title=SECTION_TITLES["how-it-works"],
                   statements=statements)


def _how_subject(name: str, drug: Drug, how: str) -> str:
    """The list's name leads "how it works", unless the sentence names it again: a line's
    "Vitamin B6" read "Vitamin B6 is a form of vitamin B6" (review 21): the medicine's own
    name says it then ("Pyridoxine is a form of vitamin B6")."""
    if name.casefold() in how.casefold() and drug.display.casefold() not in how.casefold():
        return drug.display
    return name
