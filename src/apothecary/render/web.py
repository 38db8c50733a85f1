"""What the HTML site adds on top of the pages: search, structured data, related
medicines, the interaction checker, sitemap and robots.txt (issue 6).

The pipeline builds one `WebExtras` per HTML build, once every page has its final slug:
`page_context` gives each drug page its extra template variables (and a digest of them, so
an incremental build re-renders a page whose related links changed), `site_files` renders
the site-wide files; search indexes each page's search document (`search.search_doc`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup

from ..knowledge.store import KnowledgeBase
from ..models import Page
from .checker import checker_files, interactions_data
from .findindex import index_files
from .jsonld import page_jsonld, page_url, robots_txt, script_json, sitemap_xml
from .reflinks import RefLink, page_refs, site_targets
from .related import CLASS_DIR, RelatedIndex, page_href, written_forms

CHECKER_PAGE = "checker/index.html"
SEARCH_PAGE = "search/index.html"
CLASSES_PAGE = f"{CLASS_DIR}index.html"
INTERACTIONS_JSON = "api/interactions.json"


class WebExtras:
    """Site-wide context for the HTML renderer, computed once per build."""

    def __init__(
        self,
        pages: Sequence[Page],
        html_paths: Mapping[str, str],
        kb: KnowledgeBase,
        base_url: str | None = None,
        brands: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self.pages = list(pages)
        self.brands = dict(brands or {})  # page key → its brands (the site's --brands file)
        self.html_paths = dict(html_paths)  # page key → "a/slug/index.html"
        self.kb = kb
        self.base_url = base_url
        self.related = RelatedIndex(pages, html_paths, kb)  # each page's groups on demand
        self.drug_names = {d.id: d.display for p in pages for d in p.drugs}
        self.targets: dict[str, RefLink] = site_targets(
            pages, {k: page_href(v) for k, v in html_paths.items()})
        self._partners: dict[str, str] = {}
        self._related_digests: dict[str, str] = {}

    def _partner_names(self, page: Page) -> dict[str, str]:
        """Display names of the page's interaction partners (looked up once each)."""
        names: dict[str, str] = {}
        for f in page.facts:
            oid = f.other_id
            if not oid or oid in names:
                continue
            name = self.drug_names.get(oid)
            if name is None:
                if oid not in self._partners:
                    d = self.kb.drug(oid)
                    self._partners[oid] = d.display if d else ""
                name = self._partners[oid]
            if name:
                names[oid] = name
        return names

    def canonical(self, rel: str) -> str:
        return page_url(self.base_url, rel) or ""

    def links(self, refs: Sequence[str], key: str) -> dict[str, RefLink]:
        """The pages the drugs `refs` link to from page `key` (never to itself)."""
        return {r: t for r in refs if (t := self.targets.get(r)) is not None and t.key != key}

    def link_map(self, refs: Sequence[str], key: str) -> dict[str, str]:
        """drug id → address, for the incremental build's record of a page's links."""
        return {r: t.href for r, t in self.links(refs, key).items()}

    def page_context(self, page: Page) -> dict[str, Any]:
        """Template variables for one drug page: json_ld, canonical, related, links (from
        its statements' refs; its other names and conditions go to its search document,
        not the page: see search.py)."""
        rel = self.html_paths.get(page.key, "")
        canonical = self.canonical(rel) if rel else ""
        # the FAQs' structured data is RDFa Lite on the page's own questions (html.py)
        ld = page_jsonld(page, canonical or None, self._partner_names(page), faqs=False)
        return {
            "json_ld": script_json(ld),
            "canonical": canonical,
            "related": written_forms(self.related.get(page.key, []), page),
            "links": self.links(page_refs(page), page.key),
        }

    def related_digest(self, key: str) -> str:
        """A hash of the page's related links (memoised: asked twice per page)."""
        if key not in self._related_digests:
            text = repr(self.related.get(key, []))
            self._related_digests[key] = hashlib.blake2b(
                text.encode("utf-8"), digest_size=20).hexdigest()
        return self._related_digests[key]

    def digest(self, key: str, context: Mapping[str, Any]) -> str:
        """A stable hash of a page's extra context, for the incremental build's page hash."""
        h = hashlib.blake2b(digest_size=20)
        for name in sorted(context):
            value = self.related_digest(key) if name == "related" else repr(context[name])
            h.update(f"{name}\0{value}\0".encode())
        return h.hexdigest()

    def interactions(self) -> dict[str, Any]:
        return interactions_data(self.pages, self.html_paths, self.kb)

    def site_files(
        self, render: Any, all_html: Sequence[str]
    ) -> dict[str, str]:
        """checker (page, name index, one file per drug), search page, interactions JSON,
        robots.txt, the long classes' own pages (render/related.py) and (with a base URL)
        sitemap.

        `render(template_name, root, **context)` renders one of the renderer's templates;
        `all_html` lists every other HTML page of the site, for the sitemap.
        """
        data = self.interactions()
        files = {
            INTERACTIONS_JSON: json.dumps(data, ensure_ascii=False, separators=(",", ":")),
            CHECKER_PAGE: render("checker.html", "../", count=len(data["medicines"]),
                                 canonical=self.canonical(CHECKER_PAGE)),
            **checker_files(self.pages, self.html_paths, self.kb, self.brands),
            SEARCH_PAGE: render("search.html", "../", canonical=self.canonical(SEARCH_PAGE)),
            "robots.txt": robots_txt(self.base_url),
            **index_files(self.pages, self.html_paths, self.kb, self.brands),
        }
        listings = self.related.class_listings()
        classes = {f"{c.href}index.html": render(
            "class.html", "../../", cls=c, light_header=True,
            canonical=self.canonical(f"{c.href}index.html")) for c in listings}
        if listings:  # linked from the home page
            classes[CLASSES_PAGE] = render("classes.html", "../", classes=listings,
                                           light_header=True,
                                           canonical=self.canonical(CLASSES_PAGE))
        files.update(classes)
        if self.base_url:
            pages = [p for p in [*all_html, *classes] if p != "404.html"]
            files["sitemap.xml"] = sitemap_xml(self.base_url, [*pages, CHECKER_PAGE])
        return files


def no_extras() -> dict[str, Any]:
    """The template variables a page gets when there are no extras (json-only callers)."""
    return {"json_ld": Markup(""), "canonical": "", "related": [], "links": {}}
