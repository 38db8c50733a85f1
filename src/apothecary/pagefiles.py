"""The files of each drug page: rendered, or linked unchanged from the previous build.

A page's work is independent of every other page's once slugs and related links are
settled, so the build hands shares of the pages to several processes (see `workers`),
each running a `PageFiles` over its own `SiteTree` in the same folder. Two passes: first
every HTML file (search indexing needs them all on disk), then JSON and markdown, which
render while Pagefind indexes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import pagecache
from .models import Page
from .render import jekyll, jsonapi, search
from .render.common import FORMATS, PATHS
from .render.html import HtmlRenderer
from .render.web import WebExtras
from .sitetree import SiteTree

Tick = Callable[[int], None]  # called with the number of pages just finished


def urls_of(page: Page, formats: Sequence[str]) -> dict[str, str | None]:
    """The page's main file in each format (None for formats not built)."""
    return {f: PATHS[f](page.slug) if f in formats else None for f in FORMATS}


def html_folder(urls: Mapping[str, str | None]) -> str | None:
    """'a/x/index.html' → 'a/x/': where the page's companion HTML files live."""
    h = urls.get("html")
    return h[: -len("index.html")] if h and h.endswith("index.html") else None


def search_doc_of(urls: Mapping[str, str | None]) -> str | None:
    """The page's search document (see `search.search_doc`), when it has an HTML page."""
    h = urls.get("html")
    return search.doc_path(h) if h else None


def previous_files(old: Any, urls: Mapping[str, str | None]) -> list[str] | None:
    """The files a previous build wrote for a page with this content hash, when they are
    this page's files: its main file in every format, plus HTML companions in its folder
    and its search document."""
    if not isinstance(old, list) or not all(isinstance(r, str) for r in old):
        return None
    main = {u for u in urls.values() if u}
    folder = html_folder(urls)
    extra = set(old) - main - {search_doc_of(urls)}
    if not main <= set(old) or (extra and folder is None):
        return None
    if any(not (r.startswith(folder or "\0") and r.endswith(".html")) for r in extra):
        return None
    return list(old)


def page_hash(
    page: Page, formats: Sequence[str], layout: str, extra: Any, body: str | None = None
) -> str:
    """Everything a page's files depend on; `body` is its JSON API text when already made."""
    if body is None:
        body = page.model_dump_json(exclude={"lines", "inputs"})
    return hashlib.blake2b(
        f"{body}|{','.join(formats)}|{layout}|{json.dumps(extra, sort_keys=True, default=str)}"
        .encode(), digest_size=20
    ).hexdigest()


def digest(context: Mapping[str, Any]) -> str:
    """A stable hash of a page's extra template context (strings, lists, dicts and frozen
    dataclasses, whose reprs are their contents); repr is several times faster than JSON."""
    text = repr(sorted(context.items()))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=20).hexdigest()


@dataclass
class Setup:
    """What every process needs to render its pages (inherited by forked workers)."""

    formats: tuple[str, ...]
    layout: str
    html: HtmlRenderer | None
    web: WebExtras | None
    fm_extra: Mapping[str, Mapping[str, Any]]
    old_pages: Mapping[str, Any]  # previous manifest: page hash → its files
    rkeys: Mapping[str, str]  # page key → request key
    base_slugs: Mapping[str, str]  # page key → the writer's slug, before clashes
    light: Mapping[str, Mapping[str, Any]]  # page key → summary, for pages linked as they were

    def related(self, key: str) -> str:
        return digest({"related": self.web.related.get(key, [])}) if self.web else ""


@dataclass
class Share:
    """What one process's pages add to the manifest and report."""

    files: dict[str, str] = field(default_factory=dict)  # relative path → sha256
    reused: int = 0
    requests: dict[str, dict[str, Any]] = field(default_factory=dict)  # request key → summary
    page_index: dict[str, list[str]] = field(default_factory=dict)  # page hash → its files


@dataclass
class _Pending:
    """A page between the HTML pass and the export pass."""

    page: Page
    urls: dict[str, str | None]
    extra: Any = None
    ctx_digest: str | None = None
    body: str | None = None
    linked: list[str] | None = None  # the previous build's files, reused as they are
    html_files: list[str] = field(default_factory=list)


class PageFiles:
    """Renders (or links) one share of the pages into a `SiteTree`."""

    def __init__(self, setup: Setup, tree: SiteTree) -> None:
        self.setup, self.tree = setup, tree
        self.share = Share()
        self.docs: dict[str, str] = {}  # page key → its search document

    def search_pass(self, pages: Sequence[Page]) -> dict[str, str]:
        """Every page's search document, so indexing can start before the pages render;
        returns the files written so far."""
        s, tree = self.setup, self.tree
        if s.web is not None:
            for page in pages:
                rel = search_doc_of(urls_of(page, s.formats))
                if rel is None:
                    continue
                if page.key in s.light:  # settled: its document is in the previous build
                    tree.link_old(rel, checked=True)
                else:
                    tree.write(rel, search.search_doc(page, s.web.kb))
                self.docs[page.key] = rel
        tree.flush()
        return dict(tree.files)

    def html_pass(self, pages: Sequence[Page], tick: Tick | None = None) -> list[_Pending]:
        s, tree = self.setup, self.tree
        pending = []
        for n, page in enumerate(pages, 1):
            urls = urls_of(page, s.formats)
            summary = s.light.get(page.key)
            if summary is not None:  # settled by the pipeline: every file can be linked
                p = _Pending(page, urls, linked=list(s.old_pages[summary["hash"]]))
                self.share.requests[s.rkeys[page.key]] = dict(summary)
                self.share.page_index[summary["hash"]] = list(p.linked or [])
            else:
                p = self._fresh(page, urls)
            if p.linked is not None:
                folder = html_folder(urls)
                for rel in p.linked:
                    if folder and rel.startswith(folder):
                        tree.link_old(rel, checked=True)
            pending.append(p)
            if tick and (n % 25 == 0 or n == len(pages)):
                tick(25 if n % 25 == 0 else n % 25)
        return pending

    def _fresh(self, page: Page, urls: dict[str, str | None]) -> _Pending:
        s, tree = self.setup, self.tree
        web_ctx = s.web.page_context(page) if s.web is not None else None
        p = _Pending(page, urls, extra=s.fm_extra.get(page.key),
                     ctx_digest=digest(web_ctx) if web_ctx else None)
        if s.old_pages:  # the page's hash says whether its previous files can be linked
            # the JSON text doubles as the page's content hash (one serialisation)
            p.body = jsonapi.render_page(page, urls) if urls["json"] else None
            old = previous_files(s.old_pages.get(self._hash(p)), urls)
            if old is not None and tree.can_link(old):
                p.linked = old
                return p
        folder = html_folder(urls)
        if s.html is not None and folder is not None:
            json_href = f"../../{urls['json']}" if urls["json"] else None
            for name, text in s.html.render_page_files(page, json_href, web_ctx).items():
                tree.write(folder + name, text)
                p.html_files.append(folder + name)
        return p

    def _hash(self, p: _Pending) -> str:
        s = self.setup
        extra = [p.extra, p.ctx_digest] if p.ctx_digest else p.extra
        return page_hash(p.page, s.formats, s.layout, extra, p.body)

    def export_pass(self, pending: Sequence[_Pending], tick: Tick | None = None) -> Share:
        s, tree = self.setup, self.tree
        for n, p in enumerate(pending, 1):
            page, urls = p.page, p.urls
            if p.linked is not None:
                for other in (urls["json"], urls["jekyll"]):
                    if other:
                        tree.link_old(other, checked=True)
            else:
                if urls["json"]:
                    p.body = p.body if p.body is not None else jsonapi.render_page(page, urls)
                    tree.write(urls["json"], p.body)
                if urls["jekyll"]:
                    tree.write(urls["jekyll"], jekyll.render_page(page, s.layout, p.extra))
            if page.key not in s.light:
                ph = self._hash(p)
                self.share.requests[s.rkeys[page.key]] = pagecache.summary(
                    page, s.base_slugs[page.key], ph, urls, s.related(page.key))
                files = p.linked if p.linked is not None else [
                    *(u for u in (urls["json"], urls["jekyll"]) if u), *p.html_files]
                doc = self.docs.get(page.key)
                self.share.page_index[ph] = [*files, doc] if doc and doc not in files else files
            if tick and (n % 25 == 0 or n == len(pending)):
                tick(25 if n % 25 == 0 else n % 25)
        tree.flush()
        self.share.files = dict(tree.files)
        self.share.reused = tree.reused
        return self.share
