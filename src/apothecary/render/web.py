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
from .checker import interactions_data
from .jsonld import page_jsonld, page_url, robots_txt, script_json, sitemap_xml
from .related import RelatedGroup, related_for_site

CHECKER_PAGE = "checker/index.html"
SEARCH_PAGE = "search/index.html"
INTERACTIONS_JSON = "api/interactions.json"


class WebExtras:
    """Site-wide context for the HTML renderer, computed once per build."""

    def __init__(
        self,
        pages: Sequence[Page],
        html_paths: Mapping[str, str],
        kb: KnowledgeBase,
        base_url: str | None = None,
    ) -> None:
        self.pages = list(pages)
        self.html_paths = dict(html_paths)  # page key → "a/slug/index.html"
        self.kb = kb
        self.base_url = base_url
        self.related: dict[str, list[RelatedGroup]] = related_for_site(pages, html_paths, kb)
        self.drug_names = {d.id: d.display for p in pages for d in p.drugs}
        self._partners: dict[str, str] = {}

    @classmethod
    def prepared(
        cls, related: Mapping[str, list[RelatedGroup]], drug_names: Mapping[str, str],
        html_paths: Mapping[str, str], kb: KnowledgeBase, base_url: str | None = None,
    ) -> WebExtras:
        """Extras for some of the pages, from what another process computed for all of them
        (a build worker renders its share with the parent's related links)."""
        self = cls.__new__(cls)
        self.pages, self.html_paths, self.kb, self.base_url = [], dict(html_paths), kb, base_url
        self.related = dict(related)
        self.drug_names = dict(drug_names)
        self._partners = {}
        return self

    def _partner_names(self, page: Page) -> dict[str, str]:
        """Display names of the page's interaction partners (looked up once each)."""
        names = dict(self.drug_names)
        for f in page.facts:
            oid = f.other_id
            if oid and oid not in names:
                if oid not in self._partners:
                    d = self.kb.drug(oid)
                    self._partners[oid] = d.display if d else ""
                if self._partners[oid]:
                    names[oid] = self._partners[oid]
        return names

    def canonical(self, rel: str) -> str:
        return page_url(self.base_url, rel) or ""

    def page_context(self, page: Page) -> dict[str, Any]:
        """Template variables for one drug page: json_ld, canonical, related (its other
        names and conditions go to its search document, not the page: see search.py)."""
        rel = self.html_paths.get(page.key, "")
        canonical = self.canonical(rel) if rel else ""
        ld = page_jsonld(page, canonical or None, self._partner_names(page))
        return {
            "json_ld": script_json(ld),
            "canonical": canonical,
            "related": self.related.get(page.key, []),
        }

    @staticmethod
    def digest(context: Mapping[str, Any]) -> str:
        """A stable hash of a page's extra context, for the incremental build's page hash."""
        data = json.dumps(context, sort_keys=True, default=repr)
        return hashlib.sha256(data.encode("utf-8")).hexdigest()

    def interactions(self) -> dict[str, Any]:
        return interactions_data(self.pages, self.html_paths, self.kb)

    def site_files(
        self, render: Any, all_html: Sequence[str]
    ) -> dict[str, str]:
        """checker, search page, interactions JSON, robots.txt and (with a base URL) sitemap.

        `render(template_name, root, **context)` renders one of the renderer's templates;
        `all_html` lists every other HTML page of the site, for the sitemap.
        """
        data = self.interactions()
        files = {
            INTERACTIONS_JSON: json.dumps(data, ensure_ascii=False, separators=(",", ":")),
            CHECKER_PAGE: render("checker.html", "../", medicines=data["medicines"],
                                 canonical=self.canonical(CHECKER_PAGE)),
            SEARCH_PAGE: render("search.html", "../", canonical=self.canonical(SEARCH_PAGE)),
            "robots.txt": robots_txt(self.base_url),
        }
        if self.base_url:
            pages = [p for p in all_html if p != "404.html"]
            files["sitemap.xml"] = sitemap_xml(self.base_url, [*pages, CHECKER_PAGE])
        return files


def no_extras() -> dict[str, Any]:
    """The template variables a page gets when there are no extras (json-only callers)."""
    return {"json_ld": Markup(""), "canonical": "", "related": [], "search_terms": {}}
