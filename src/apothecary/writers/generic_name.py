"""The Generic Name section of a page: what the page is about and what else it is called."""

from __future__ import annotations

from collections.abc import Sequence

from ..models import Drug, Section, Statement
from ..names.inactive import inactive_notes
from ..names.normalize import reader_name
from ..names.rules import form_name
from ..sentences import join_and
from .wording import SECTION_TITLES


def generic_name_section(drugs: list[Drug], title: str, brands: Sequence[str] = (),
                         names: Sequence[str] = (), inputs: Sequence[str] = ()) -> Section:
    """The Generic Name section: the title, a salt or prodrug the list names, a carrier it
    names, the site's brands, the ingredients and the names readers use."""
    statements, titles = [Statement(text=title)], [d.display for d in drugs]
    for i, d in enumerate(drugs):  # "Divalproex is a form of valproic acid" (a salt or
        # prodrug the list names: names/data rules, review 7)
        if i < len(names) and form_name(names[i], d.name):
            statements.append(Statement(
                text=f"{names[i]} is a form of {d.name}: this page is about {d.name}."))
    # a carrier or preservative the list line names (names/inactive.py, review 37)
    statements += [Statement(text=t) for t in inactive_notes(inputs, names or titles)]
    if brands:  # the site owner's brand list, not a dataset: no fact ids
        statements.append(Statement(label="Sold as (brands in this site's list)",
                                    text=", ".join(brands) + "."))
    if len(drugs) > 1:
        statements.append(
            Statement(
                text=f"This medicine combines {len(drugs)} active ingredients: "
                f"{join_and([d.display for d in drugs])}."
            )
        )
    for d in drugs:
        # forms (salts, hydrates) and names readers use; every name stays in search
        names = [n for n in [*d.forms, *(o for o in d.other_names if reader_name(o))]
                 if n.casefold() != d.name.casefold()]
        if names:
            statements.append(
                Statement(
                    label=f"{d.display} is also known as",
                    text=", ".join(names) + ".",
                    ingredient=d.display if len(drugs) > 1 else None,
                )
            )
    return Section(
        id="generic-name", title=SECTION_TITLES["generic-name"], statements=statements
    )

