"""Related medicines for each drug page, computed once from the set of pages built.

Three kinds, as on the best drug-information sites: medicines of the same class, other
pages (combinations or single ingredients) sharing an ingredient, and the other salts and
forms a medicine is sold as. Only pages of this site are linked; forms are plain names
because salts fold onto the same page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from ..knowledge.store import KnowledgeBase
from ..models import FactKind, Page
from ..monographs.how_it_works import fits
from .slug import slugify

MAX_LINKS = 10  # per group: keeps a drug page well inside its 30 KB budget
MAX_CLASS_GROUPS = 3  # a medicine in many classes: the first few (alphabetical)
# A class too long to list whole on a member page (more than MAX_LINKS others) gets a page
# of its own listing every one of them (`classes/<slug>/`), which each member page links to
# instead of listing 10 and a search link (issue #14: the same lists of classmates were
# 1.9 MB of the 4,000-line site); a shorter class is listed whole on each member page.
CLASS_PAGE_MIN = MAX_LINKS + 2
CLASS_DIR = "classes/"


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
    page: str = ""  # the class's own page listing every member (relative to the root)
    count: int = 0  # how many medicines that page lists


@dataclass(frozen=True)
class ClassPage:
    """A class's own page: every page of the site in the class, in title order."""
    href: str  # "classes/<slug>/"
    word: str  # the class in plain words
    links: list[Link] = field(default_factory=list)


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
    atc = {d.id: d.xrefs.get("ATC", "") for d in page.drugs}
    # a heading that says nothing of the kind ("Central Nervous System Depressants") links
    # unrelated medicines: only classes that may name the kind (vague_classes.txt)
    return {f.value.casefold(): f.plain or f.value for f in facts
            if fits(f.value, atc.get(f.drug_id or "", ""))}


def _order(p: Page) -> tuple[str, str]:
    return (p.title.casefold(), p.key)


def _group(gid: str, title: str, ordered: list[Page], hrefs: Mapping[str, str],
           query: str = "") -> RelatedGroup:
    """A group of links; `ordered` is already in title order (sorted once per drug/class,
    not once per page: a common ingredient is on hundreds of pages)."""
    links = [Link(p.title, page_href(hrefs[p.key])) for p in ordered[:MAX_LINKS]]
    return RelatedGroup(gid, title, links=links, more=max(0, len(ordered) - MAX_LINKS),
                        query=query)


class RelatedIndex:
    """Which pages share an ingredient or a class with which, indexed once; each page's
    groups are made when it is rendered, not all held at once (a 100,000-line list has
    34,723 pages of about 30 links each)."""

    def __init__(self, pages: Sequence[Page], hrefs: Mapping[str, str],
                 kb: KnowledgeBase | None = None) -> None:
        self.hrefs, self.kb = hrefs, kb
        self.pages = {p.key: p for p in pages}
        self.by_drug: dict[str, list[Page]] = defaultdict(list)
        self.by_class: dict[str, list[Page]] = defaultdict(list)
        self.class_words: dict[str, str] = {}
        self.page_classes: dict[str, tuple[str, ...]] = {}  # page key → its class terms
        for p in pages:
            if p.key not in hrefs:  # not linked
                continue
            for d in {d.id: d for d in p.drugs}.values():
                self.by_drug[d.id].append(p)
            classes = _classes(p, kb)
            self.page_classes[p.key] = tuple(sorted(classes))
            for term, plain in classes.items():
                self.by_class[term].append(p)
                self.class_words.setdefault(term, plain)
        for group in (*self.by_drug.values(), *self.by_class.values()):
            group.sort(key=_order)
        self.class_pages: dict[str, str] = {}  # class term → its own page's folder
        taken: set[str] = set()
        for term in sorted(t for t, ps in self.by_class.items() if len(ps) >= CLASS_PAGE_MIN):
            base = slugify(self.class_words.get(term, term), "class")
            slug, n = base, 1
            while slug in taken:  # two terms, one slug: numbered in term order
                n += 1
                slug = f"{base}-{n}"
            taken.add(slug)
            self.class_pages[term] = f"{CLASS_DIR}{slug}/"
        self._last: tuple[str, list[RelatedGroup]] | None = None  # asked twice in a row

    def get(self, key: str, default: list[RelatedGroup] | None = None
            ) -> list[RelatedGroup]:
        """The related groups of page `key` (`default` for a page the index never saw)."""
        if self._last is not None and self._last[0] == key:
            return self._last[1]
        p = self.pages.get(key)
        if p is None:
            return default or []
        self._last = (key, self.groups(p))
        return self._last[1]

    def groups(self, p: Page) -> list[RelatedGroup]:
        """The page's related groups (empty groups left out)."""
        groups: list[RelatedGroup] = []
        linked_keys = {p.key}  # each other page is linked once, in its most specific group
        for d in p.drugs:
            others = [o for o in self.by_drug.get(d.id, []) if o.key not in linked_keys]
            linked_keys.update(o.key for o in others)
            if others:
                groups.append(_group("shares-ingredient",
                                     f"Other medicines containing {d.display}", others,
                                     self.hrefs, d.display))
        terms = self.page_classes.get(p.key)
        for term in terms if terms is not None else sorted(_classes(p, self.kb)):
            others = [o for o in self.by_class.get(term, []) if o.key not in linked_keys]
            linked_keys.update(o.key for o in others)
            if others and sum(g.id == "same-class" for g in groups) < MAX_CLASS_GROUPS:
                word = self.class_words.get(term, term)
                title = f"Other medicines in the class: {word}"
                if term in self.class_pages:  # every one of them, on the class's page
                    groups.append(RelatedGroup("same-class", title, page=self.class_pages[term],
                                               count=len(self.by_class[term])))
                else:
                    groups.append(_group("same-class", title, others, self.hrefs, word))
        forms = sorted({f for d in p.drugs for f in d.forms}, key=str.casefold)
        if forms:
            groups.append(RelatedGroup("forms", "Salts and forms covered by this page",
                                       names=forms))
        return groups

    def class_listings(self) -> list[ClassPage]:
        """The classes' own pages (CLASS_PAGE_MIN), in folder order."""
        return sorted(
            (ClassPage(href, self.class_words.get(term, term),
                       [Link(p.title, page_href(self.hrefs[p.key])) for p in self.by_class[term]])
             for term, href in self.class_pages.items()),
            key=lambda c: c.href)


def written_forms(groups: Sequence[RelatedGroup], page: Page) -> list[RelatedGroup]:
    """The groups with "Salts and forms covered" as the written page names its ingredients'
    salts: a combination of one form keeps only that form's (combo_rows.own_salts; the
    groups are planned from the list's ingredients before the writer runs, review 39)."""
    mine = {f for d in page.drugs for f in d.forms}
    out = []
    for g in groups:
        if g.id == "forms" and any(n not in mine for n in g.names):
            if not (kept := [n for n in g.names if n in mine]):
                continue
            g = replace(g, names=kept)
        out.append(g)
    return out


def related_for_site(
    pages: Sequence[Page], hrefs: Mapping[str, str], kb: KnowledgeBase | None = None
) -> dict[str, list[RelatedGroup]]:
    """page key → its related groups (empty groups left out), every page at once.

    `hrefs` maps page keys to their HTML path; pages without one are not linked.
    """
    index = RelatedIndex(pages, hrefs, kb)
    return {p.key: index.groups(p) for p in pages}
