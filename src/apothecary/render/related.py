"""Related medicines for each drug page, computed once from the set of pages built.

Three kinds, as on the best drug-information sites: medicines of the same class, other
pages (combinations or single ingredients) sharing an ingredient, and the other salts and
forms a medicine is sold as. Only pages of this site are linked; forms are plain names
because salts fold onto the same page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..knowledge.store import KnowledgeBase
from ..models import FactKind, Page

MAX_LINKS = 10  # per group: keeps a drug page well inside its 30 KB budget
MAX_CLASS_GROUPS = 3  # a medicine in many classes: the first few (alphabetical)


@dataclass(frozen=True)
class Link:
    title: str
    href: str  # relative to the site root, e.g. "a/amoxicillin/"


@dataclass(frozen=True)
class RelatedGroup:
    id: str  # same-class, shares-ingredient, forms
    title: str
    links: list[Link] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # unlinked names (salts and forms)
    more: int = 0  # links left out beyond MAX_LINKS
    query: str = ""  # what to search for to see them all (the "And N more" link)


def page_href(html_path: str) -> str:
    """'a/x/index.html' → 'a/x/' (the address a visitor sees)."""
    path = html_path.replace("\\", "/").lstrip("/")
    return path[: -len("index.html")] if path.endswith("index.html") else path


def _classes(page: Page, kb: KnowledgeBase | None) -> dict[str, str]:
    """casefolded class term → its plain wording, for every ingredient of the page."""
    facts = (
        [f for d in page.drugs for f in kb.facts(d.id, [FactKind.CLASS])]
        if kb is not None
        else [f for f in page.facts if f.kind == FactKind.CLASS]
    )
    return {f.value.casefold(): f.plain or f.value for f in facts}


def _order(p: Page) -> tuple[str, str]:
    return (p.title.casefold(), p.key)


def _group(gid: str, title: str, ordered: list[Page], hrefs: Mapping[str, str],
           query: str = "") -> RelatedGroup:
    """A group of links; `ordered` is already in title order (sorted once per drug/class,
    not once per page: a common ingredient is on hundreds of pages)."""
    links = [Link(p.title, page_href(hrefs[p.key])) for p in ordered[:MAX_LINKS]]
    return RelatedGroup(gid, title, links=links, more=max(0, len(ordered) - MAX_LINKS),
                        query=query)


def related_for_site(
    pages: Sequence[Page], hrefs: Mapping[str, str], kb: KnowledgeBase | None = None
) -> dict[str, list[RelatedGroup]]:
    """page key → its related groups (empty groups left out).

    `hrefs` maps page keys to their HTML path; pages without one are not linked.
    """
    linked = [p for p in pages if p.key in hrefs]
    by_drug: dict[str, list[Page]] = defaultdict(list)
    by_class: dict[str, list[Page]] = defaultdict(list)
    class_words: dict[str, str] = {}
    page_classes: dict[str, dict[str, str]] = {}
    for p in linked:
        for d in {d.id: d for d in p.drugs}.values():
            by_drug[d.id].append(p)
        page_classes[p.key] = _classes(p, kb)
        for term, plain in page_classes[p.key].items():
            by_class[term].append(p)
            class_words.setdefault(term, plain)

    for group in (*by_drug.values(), *by_class.values()):
        group.sort(key=_order)
    result: dict[str, list[RelatedGroup]] = {}
    for p in pages:
        groups: list[RelatedGroup] = []
        linked_keys = {p.key}  # each other page is linked once, in its most specific group
        for d in p.drugs:
            others = [o for o in by_drug.get(d.id, []) if o.key not in linked_keys]
            linked_keys.update(o.key for o in others)
            if others:
                groups.append(_group("shares-ingredient",
                                     f"Other medicines containing {d.display}", others, hrefs,
                                     d.display))
        classes = page_classes[p.key] if p.key in page_classes else _classes(p, kb)
        for term in sorted(classes):
            others = [o for o in by_class.get(term, []) if o.key not in linked_keys]
            linked_keys.update(o.key for o in others)
            if others and sum(g.id == "same-class" for g in groups) < MAX_CLASS_GROUPS:
                word = class_words.get(term, term)
                groups.append(_group("same-class", f"Other medicines in the class: {word}",
                                     others, hrefs, word))
        forms = sorted({f for d in p.drugs for f in d.forms}, key=str.casefold)
        if forms:
            groups.append(RelatedGroup("forms", "Salts and forms covered by this page",
                                       names=forms))
        result[p.key] = groups
    return result
