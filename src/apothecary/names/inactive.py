"""Inactive ingredients a list line names beside its medicines (names/data/excipients.tsv).

The resolver leaves them out, so the page is about the medicines; the page says once, in
plain words, what the left-out ingredient is (held-out review 37: "Piroxicam +
Beta-Cyclodextrin" was shown as two medicines, with "Our sources do not cover pregnancy for
Beta-Cyclodextrin"), so a reader who sees it on the pack is not left wondering.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..sentences import join_and
from . import rules
from .normalize import norm_key
from .parse import parse_line


def inactive_named(lines: Sequence[str]) -> list[tuple[str, str]]:
    """(the name as the line wrote it, what it is) of each inactive ingredient the lines name
    beside an active one, once each, in line order."""
    out: dict[str, tuple[str, str]] = {}
    roles = rules.excipient_roles()
    for line in lines:
        parsed = parse_line(line).ingredients
        others = len(parsed) - 1
        names = [i.name or i.text for i in parsed]
        inactive = [n for n in names if rules.inactive_here(n, others, names)]
        if len(inactive) == len(names):  # nothing active left: the resolver keeps them all
            continue
        for name in inactive:
            out.setdefault(norm_key(name), (name, roles.get(norm_key(name), "an inactive "
                                                                        "ingredient")))
    return list(out.values())


def inactive_notes(lines: Sequence[str], names: Sequence[str]) -> list[str]:
    """A sentence for each inactive ingredient the lines name: what it is, and that the page
    is about the medicines (`names`)."""
    about = join_and(names)
    return [f"{name} in this product is {role}, not one of its medicines: this page is about "
            f"{about}." for name, role in inactive_named(lines)]
