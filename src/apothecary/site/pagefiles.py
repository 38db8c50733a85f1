"""The files of each drug page: rendered, or linked unchanged from the previous build.

A page's work is independent of every other page's once slugs and related links are
settled, so the build hands shares of the pages to several processes (see `workers`),
each running a `PageFiles` over its own `SiteTree` in the same folder: first the search
documents (Pagefind starts on them), then every file of each page in turn.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import ApothecaryError
from ..models import Drug, Page
from ..render import jekyll, jsonapi, jsonapi3, jsonapi4, search
from ..render.common import FORMATS, PATHS
from ..render.html import HtmlRenderer
from ..render.web import WebExtras
from ..writers.base import FAILED, failed_page
from . import pagecache
from .apidocs import IngredientDocs
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


def api_files(urls: Mapping[str, str | None], apis: Sequence[str] = ()) -> list[str]:
    """The page's API files: its v3 document's draft (in the build state: the main process
    publishes the document, see `jsonapi3.publish`) and, when asked for (`apis`: "v1",
    "v2"), its v2 document with its texts and its v1 document."""
    j = urls.get("json")
    if not j:
        return []
    v2 = jsonapi3.v2_of(j)
    return [jsonapi3.draft_path(j), *([v2, jsonapi.texts_doc(v2)] if "v2" in apis else []),
            *([jsonapi.v1_of(j)] if "v1" in apis else [])]


def previous_files(old: Any, urls: Mapping[str, str | None],
                   apis: Sequence[str] = ()) -> list[str] | None:
    """The files a previous build wrote for a page with this content hash, when they are
    this page's files: its main file in every format (but the API document, which the main
    process publishes), its API files, plus HTML companions in its folder and its search
    document."""
    if not isinstance(old, list) or not all(isinstance(r, str) for r in old):
        return None
    main = {*(u for f, u in urls.items() if u and f != "json"), *api_files(urls, apis)}
    folder = html_folder(urls)
    extra = set(old) - main - {search_doc_of(urls)}
    if not main <= set(old) or (extra and folder is None):
        return None
    if any(not (r.startswith(folder or "\0") and r.endswith(".html")) for r in extra):
        return None
    return list(old)


def page_hash(
    page: Page, formats: Sequence[str], layout: str, extra: Any, body: str | None = None,
    code: str = "",
) -> str:
    """Everything a page's files depend on; `body` is its JSON API text when already made,
    `code` the renderers' and templates' fingerprint (a new template renders every page)."""
    if body is None:
        body = page.model_dump_json(exclude={"lines", "inputs"})
    return hashlib.blake2b(
        f"{body}|{','.join(formats)}|{layout}|{json.dumps(extra, sort_keys=True, default=str)}"
        f"|{code}".encode(), digest_size=20
    ).hexdigest()


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
    code: str = ""  # fingerprint of the writer and renderer code and templates
    api: IngredientDocs | None = None  # the JSON API's ingredient documents
    old_ingredients: Mapping[str, Any] = field(default_factory=dict)  # digest → its file
    apis: tuple[str, ...] = ()  # also write these API versions ("v1", "v2")

    def related(self, key: str) -> str:
        return self.web.related_digest(key) if self.web else ""

    def links(self, refs: Sequence[str], key: str) -> dict[str, str]:
        """Where the medicines a page names link to (render/reflinks.py), this build."""
        return self.web.link_map(refs, key) if self.web else {}


@dataclass
class Share:
    """What one process's pages add to the manifest and report."""

    files: dict[str, str] = field(default_factory=dict)  # relative path → sha256
    reused: int = 0
    requests: dict[str, str] = field(default_factory=dict)  # request key → summary, packed
    page_index: dict[str, list[str]] = field(default_factory=dict)  # page hash → its files
    failed: dict[str, str] = field(default_factory=dict)  # page key → why it failed
    ingredients: dict[str, str] = field(default_factory=dict)  # document digest → its file


class PageFiles:
    """Renders (or links) one share of the pages into a `SiteTree`."""

    def __init__(self, setup: Setup, tree: SiteTree) -> None:
        self.setup, self.tree = setup, tree
        self.share = Share()

    def search_docs(self, pages: Sequence[Page]) -> None:
        """The pages' search documents (see `search.search_doc`): Pagefind reads these,
        so indexing can start before any page is rendered."""
        s, tree = self.setup, self.tree
        if s.web is None:
            return
        for page in pages:
            rel = search_doc_of(urls_of(page, s.formats))
            if rel is None:
                continue
            if page.key in s.light:  # settled: its document is in the previous build
                tree.link_old(rel, checked=True)
            else:
                tree.write(rel, search.search_doc(page, s.web.kb))

    def render_pass(self, pages: Sequence[Page], tick: Tick | None = None,
                    ingredients: Sequence[Drug] = ()) -> Share:
        """Every file of these pages, each page at a time: HTML, JSON, markdown; then the
        API documents of this process's share of the ingredients."""
        self.render_pages(pages, tick)
        self.ingredient_docs(ingredients)
        self.tree.flush()
        self.share.files = dict(self.tree.files)
        self.share.reused = self.tree.reused
        return self.share

    def render_pages(self, pages: Sequence[Page], tick: Tick | None = None) -> None:
        """Every file of these pages (a streaming build calls this for each batch the
        writer returns, then `render_pass` with no pages to finish)."""
        for n, page in enumerate(pages, 1):
            urls = urls_of(page, self.setup.formats)
            summary = self.setup.light.get(page.key)
            if summary is not None:  # settled by the pipeline: every file can be linked
                self._link(page, urls, list(self.setup.old_pages[summary["hash"]]))
                self.share.requests[self.setup.rkeys[page.key]] = pagecache.pack(summary)
                self.share.page_index[summary["hash"]] = list(
                    self.setup.old_pages[summary["hash"]])
            else:
                try:
                    self._fresh(page, urls)
                except (OSError, ApothecaryError):
                    raise  # the disk, the system or a deliberate stop: the whole build
                except Exception as exc:  # noqa: BLE001 - this page's, not the build's
                    reason = f"rendering failed: {type(exc).__name__}: {exc}"
                    self._fresh(failed_page(page, reason), urls)
            if tick and (n % 25 == 0 or n == len(pages)):
                tick(25 if n % 25 == 0 else n % 25)

    def ingredient_docs(self, drugs: Sequence[Drug]) -> None:
        """Each ingredient's document, linked from the previous build when its hash is the
        same (see `apidocs`)."""
        api, tree = self.setup.api, self.tree
        if api is None or not drugs:
            return
        todo: list[tuple[Drug, str, str]] = []
        apis = self.setup.apis
        for drug in drugs:
            rel, h = jsonapi.ingredient_path(drug.id, jsonapi3.API), api.digest(drug)
            self.share.ingredients[h] = rel
            rels = api_files({"json": rel}, apis)
            if self.setup.old_ingredients.get(h) == rel and tree.can_link(rels):
                for r in rels:
                    tree.link_old(r, checked=True)
            else:
                todo.append((drug, rel, h))
        api.prefetch([d for d, _, _ in todo])
        for drug, rel, _ in todo:
            data, texts = api.render(drug)
            if "v2" in apis:
                tree.write(jsonapi3.v2_of(rel), jsonapi.dumps(data))
                tree.write(jsonapi.texts_doc(jsonapi3.v2_of(rel)), texts.dumps())
            tree.write(jsonapi3.draft_path(rel), jsonapi4.draft(data, texts))
            if "v1" in apis:
                tree.write(jsonapi.v1_of(rel), api.render_v1(drug))

    def _link(self, page: Page, urls: Mapping[str, str | None], old: Sequence[str]) -> None:
        """Every file of the page as the previous build wrote it (its search document is
        linked with the others in `search_docs`)."""
        doc = search_doc_of(urls)
        for rel in old:
            if rel != doc:
                self.tree.link_old(rel, checked=True)

    def _fresh(self, page: Page, urls: dict[str, str | None]) -> None:
        s, tree = self.setup, self.tree
        web_ctx = s.web.page_context(page) if s.web is not None else None
        extra = s.fm_extra.get(page.key)
        ctx_digest = s.web.digest(page.key, web_ctx) if s.web and web_ctx else None
        # the hash is over the whole page: its API document names facts by id only
        ph = page_hash(page, s.formats, s.layout, [extra, ctx_digest] if ctx_digest else extra,
                       None, s.code)
        self.share.requests[s.rkeys[page.key]] = pagecache.pack(pagecache.summary(
            page, s.base_slugs[page.key], ph, urls, s.related(page.key), s.links))
        doc = search_doc_of(urls) if s.web is not None else None
        # the page's hash says whether its previous files can be linked as they are
        old = previous_files(s.old_pages.get(ph), urls, s.apis) if s.old_pages else None
        if old is not None and tree.can_link([r for r in old if r != doc]):
            self._link(page, urls, old)
            self.share.page_index[ph] = sorted({*old, *([doc] if doc else [])})
            return
        rendered: list[tuple[str, str]] = []  # every file first: a failure writes none
        folder = html_folder(urls)
        if s.html is not None and folder is not None:
            json_href = f"../../{urls['json']}" if urls["json"] else None
            for name, text in s.html.render_page_files(page, json_href, web_ctx).items():
                rendered.append((folder + name, text))
        if urls["json"]:  # the v3 and v4 documents are published by the main process
            texts = jsonapi.Texts()
            data = jsonapi.page_data_v2(page, urls, texts)
            if "v2" in s.apis:
                v2 = jsonapi3.v2_of(urls["json"])
                rendered.append((v2, jsonapi.dumps(data)))
                rendered.append((jsonapi.texts_doc(v2), texts.dumps()))
            rendered.append((jsonapi3.draft_path(urls["json"]), jsonapi4.draft(data, texts)))
            if "v1" in s.apis:
                v1 = jsonapi.v1_of(urls["json"])
                rendered.append((v1, jsonapi.render_page(page, {**urls, "json": v1})))
        if urls["jekyll"]:
            rendered.append((urls["jekyll"], jekyll.render_page(page, s.layout, extra)))
        for rel, text in rendered:
            tree.write(rel, text)
        files = [rel for rel, _ in rendered]
        if page.writer == FAILED:  # never reused: the next build writes it again
            self.share.requests.pop(s.rkeys[page.key], None)
            self.share.failed[page.key] = page.fallback_reason or FAILED
        self.share.page_index[ph] = [*files, *([doc] if doc else [])]
