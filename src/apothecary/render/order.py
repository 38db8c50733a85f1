"""In which order each output shows a page's sections: one table per format.

Writers emit sections in the seed site's order (Generic Name, Usage, Side Effects, How it
Works, FAQs, then the newer sections, Disclaimer and Note last), which the Jekyll export
keeps (CONTRACT.md). The HTML page is read on a phone (issue 10): key facts first, then the
safety information, then what a reader looks for, and the other names, sources and small
print last. `OTHER` marks where a section no table names goes, so a writer's new section
is never dropped; a section a page lacks is simply absent.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

OTHER = "*"

HTML = ("key-facts", "safety", "usage", "side-effects", "interactions", "how-it-works",
        "faqs", OTHER, "generic-name", "sources", "disclaimer", "note")
JEKYLL = ("generic-name", "usage", "side-effects", "how-it-works", "faqs", "key-facts",
          "safety", "interactions", OTHER, "sources", "disclaimer", "note")
# the search document: what a page is, is for and how it works (no side effects or
# interactions, so "warfarin" finds Warfarin rather than every page naming it)
SEARCH = ("key-facts", "usage", "how-it-works", "faqs", "generic-name")
ORDERS = {"html": HTML, "jekyll": JEKYLL, "search": SEARCH}

S = TypeVar("S")


def rank(order: Sequence[str], section_id: str) -> int | None:
    """Where a section goes in `order`; None when the order leaves it out."""
    if section_id in order:
        return order.index(section_id)
    return order.index(OTHER) if OTHER in order else None


def arrange(sections: Sequence[S], order: Sequence[str]) -> list[S]:
    """The sections (anything with an `id`) in `order`, the writer's order kept among
    sections of the same rank; sections the order leaves out are dropped."""
    ranked = [(r, n, s) for n, s in enumerate(sections)
              if (r := rank(order, str(getattr(s, "id", "")))) is not None]
    return [s for _, _, s in sorted(ranked, key=lambda t: (t[0], t[1]))]
