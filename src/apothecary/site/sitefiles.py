"""The files of the site as a whole: A–Z index, sources page, 404, static files, the
web extras (checker, search page, sitemap), the API index, the build report and the
manifest a later build reuses pages from.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import BuildError
from ..models import Entry, Page, Source
from ..render import jsonapi, jsonapi3, jsonapi4
from ..render.html import HtmlRenderer, IndexItem, SourceUse
from ..render.slug import MAX_SLUG, slug_was_shortened
from ..render.web import WebExtras
from ..writers.base import FAILED, Writer
from . import pagecache
from .buildreport import BuildReport, ReportEntry, ReportPage
from .pagefiles import Share, html_folder, urls_of
from .plan import Plan
from .sitetree import SiteTree
from .state import MANIFEST, REPORT

if TYPE_CHECKING:
    from .pipeline import _Build



def entry_report(e: Entry, with_suggestions: bool) -> ReportEntry:
    d: ReportEntry = {"line": e.line, "input": e.input, "reason": e.reason or e.status.value}
    if with_suggestions:
        d["suggestions"] = list(e.suggestions)
    return d


class SiteFiles:
    """What every page adds to the site-wide files, and those files."""

    def __init__(self, build: _Build, pages: Sequence[Page], html: HtmlRenderer | None,
                 web: WebExtras | None, tree: SiteTree,
                 extra_files: Mapping[str, str | bytes]) -> None:
        self.build, self.pages, self.html, self.web, self.tree = build, pages, html, web, tree
        self.extra_files = extra_files
        self.report_pages: list[ReportPage] = []
        self.index_items: list[IndexItem] = []
        self.api_items: list[dict[str, Any]] = []
        self.fact_count: Counter[str] = Counter()
        self.page_count: Counter[str] = Counter()
        sources: dict[str, Source] = {}
        for page in pages:
            self._add_page(page, urls_of(page, build.formats), sources)
        self.used = sorted(sources.values(), key=lambda s: s.name.casefold())
        self.licences = sorted({s.licence for s in self.used})

    def _add_page(self, page: Page, urls: dict[str, str | None],
                  sources: dict[str, Source]) -> None:
        """The page's lines in the report, the A–Z index and the API index; its sources."""
        for s in page.sources:
            sources[s.id] = s
            self.page_count[s.id] += 1
        summary = self.build.light.get(page.key)
        if summary is None and page.key in self.build.remote:
            summary = pagecache.unpack(self.build.remote[page.key])
        if summary is not None:  # a light page: its fact counts travel in its summary
            self.fact_count.update(summary["facts"])
        else:
            self.fact_count.update(f.source_id for f in page.facts)
        entry: ReportPage = {
            "key": page.key, "title": page.title, "slug": page.slug, "lines": list(page.lines),
            "html": urls.get("html"), "jekyll": urls.get("jekyll"), "json": urls.get("json"),
            "writer": page.writer, "claims": page.claims.model_dump()}
        if page.fallback_reason:  # LLM writer: why this page is the template page
            entry["fallback_reason"] = page.fallback_reason
        if slug_was_shortened(page.title):  # too long for a file name: cut and hashed
            entry["slug_note"] = (f"the name gives a slug over {MAX_SLUG} bytes; shortened "
                                  "to a stable, unique one")
        self.report_pages.append(entry)
        self.index_items.append(IndexItem(
            title=page.title,
            href=html_folder(urls) or "",
            names=", ".join(page.other_names[:12]),
        ))
        self.api_items.append({"key": page.key, "title": page.title, "slug": page.slug,
                               "other_names": page.other_names,
                               "ingredients": [d.id for d in page.drugs], **urls})

    def write_html_files(self) -> None:
        """Everything but the drug pages, once every drug page's HTML is in the tree."""
        html, web, tree, kb = self.html, self.web, self.tree, self.build.kb
        if html is not None:
            canonical = web.canonical if web is not None else None
            classes = web is not None and bool(web.related.class_pages)
            for rel, text in html.render_index_files(self.index_items, canonical,
                                                     classes).items():
                tree.write(rel, text)
            left_out = [s for s in kb.all_sources.values() if s not in kb.sources()]
            tree.write("sources/index.html", html.render_sources(
                [SourceUse(s, self.fact_count[s.id], self.page_count[s.id]) for s in self.used],
                left_out, self.licences))
            tree.write("404.html", html.render_404())
            for rel, blob in html.static_files().items():
                tree.write(rel, blob)
            if web is not None:
                others = [r for r in tree.files  # not the search documents
                          if r.endswith(".html") and not r.startswith(".")]
                for rel, text in web.site_files(html.render_template, others).items():
                    tree.write(rel, text)
        for rel, data in sorted(self.extra_files.items()):
            tree.write(rel, data)

    def _previous_strings(self) -> list[str] | None:
        """The strings.json of the site this build replaces, when intact and readable: a
        rebuild keeps its numbering (`jsonapi4.kept_numbering`)."""
        tree = self.tree
        if jsonapi4.STRINGS not in tree.old_files:
            return None
        try:
            data = json.loads((tree.previous / jsonapi4.STRINGS).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("version") != 4:
            return None
        strings = data.get("strings")
        return strings if isinstance(strings, list) else None

    def write_api_index(self) -> None:
        """api/v4/: the index, the schemas, and the page and ingredient documents with
        strings.json, made from v3's index and the drafts every process left in the build
        state (`jsonapi4.publish_drafts`: so every process's pages must be on disk);
        v3's documents (published from the same drafts: a text is written in the one
        document using it or shared in texts.json, see `jsonapi3.publish`), v2's and v1's
        index, schemas (and texts.json) when asked for."""
        if "json" not in self.build.formats:
            return
        kb, tree, apis = self.build.kb, self.tree, self.build.apis
        licences = sorted({s.licence for s in kb.sources()})
        v3_index = jsonapi3.render_index(self.api_items, self.build.drugs, kb.sources(),
                                         licences)
        if "v3" in apis:
            tree.write(jsonapi3.INDEX, v3_index)
            for name in jsonapi3.SCHEMAS:
                tree.write(jsonapi3.schema_path(name), jsonapi3.schema_text(name))
        for name in jsonapi4.SCHEMAS:
            tree.write(jsonapi4.schema_path(name), jsonapi4.schema_text(name))
        tree.flush()
        drafts = [r for r in tree.files if r.startswith(jsonapi3.DRAFTS)]

        def read(rel: str) -> str:
            return (tree.root / rel).read_text(encoding="utf-8")
        try:
            if "v3" in apis:
                for rel, text in jsonapi3.publish(drafts, read):
                    tree.write(rel, text)
            # v4 from v3's index and the drafts' flat forms (`jsonapi4.publish_drafts`):
            # the same bytes as from v3's published documents, without publishing them
            for rel, text in jsonapi4.publish_drafts(v3_index, drafts, read,
                                                     self._previous_strings()):
                tree.write(rel, text)
            if "v2" in apis:
                self._write_v2(licences)
        except ValueError as exc:  # two texts under one digest: never publish a wrong one
            raise BuildError(f"the JSON API's texts: {exc}") from exc
        if "v1" in apis:
            self._write_index(licences, jsonapi.v1_of, jsonapi.INDEX_V1, jsonapi.API_V1,
                              jsonapi.SCHEMAS_V1)

    def _write_index(self, licences: list[str], convert: Callable[[str], str], index: str,
                     version: str, schemas: Iterable[str]) -> None:
        """An older API version's index (each page's path converted) and its schemas."""
        items = [{**i, "json": convert(i["json"]) if i.get("json") else None}
                 for i in self.api_items]
        self.tree.write(index, jsonapi.render_index(
            items, self.build.drugs, self.build.kb.sources(), licences, version))
        for name in schemas:
            self.tree.write(jsonapi.schema_path(name, version),
                            jsonapi.schema_text(name, version))

    def _write_v2(self, licences: list[str]) -> None:
        """api/v2/'s index, schemas and texts.json (its documents are the processes')."""
        tree = self.tree
        self._write_index(licences, jsonapi3.v2_of, jsonapi.INDEX_V2, jsonapi.API_V2,
                          jsonapi.SCHEMAS)
        prefix = f"{jsonapi.TEXTS_DIR}/{jsonapi.API_V2}/"
        parts = sorted(r for r in tree.files if r.startswith(prefix))
        tree.write(jsonapi.TEXTS_V2, jsonapi.merge_texts(
            (tree.root / r).read_text(encoding="utf-8") for r in parts))

    def finish(self, tmp: Path, plan: Plan, shares: Sequence[Share],
               indexed: Mapping[str, Any], report_extra: BuildReport) -> BuildReport:
        """Write the build report and the manifest; return the report."""
        b, tree = self.build, self.tree
        unresolved = plan.unresolved + plan.lost
        unresolved.sort(key=lambda e: e.line)
        invalid = plan.invalid
        resolved = plan.resolved - len(plan.lost)
        counts: dict[str, int] = {
            "input_lines": plan.lines,
            "pages": len(self.pages),
            "unresolved": len(unresolved),
            "invalid": len(invalid),
            "duplicates_merged": resolved - len(self.pages),
            "files_reused": tree.reused,
            "files_written": len(tree.files) - tree.reused,
        }
        counts.update(b.writer.usage())
        failed: dict[str, str] = {}  # page key → why it could not be built (all processes)
        for share in shares:
            failed.update(share.failed)
        for entry in self.report_pages:
            if entry["key"] in failed:
                entry["writer"], entry["fallback_reason"] = FAILED, failed[entry["key"]]
        counts["failed_pages"] = len(failed)
        fallbacks = Counter(str(p.get("fallback_reason")) for p in self.report_pages
                            if p.get("fallback_reason"))
        if b.writer.falls_back:  # LLM writer: what the server said, scrubbed and escaped
            why = b.writer.fallback_report()
            for entry in self.report_pages:
                if entry["key"] in why and entry.get("fallback_reason"):
                    entry["fallback_detail"] = why[entry["key"]]["detail"]
        report: BuildReport = {
            "pages": self.report_pages,
            "unresolved": [entry_report(e, True) for e in unresolved],
            "invalid": [entry_report(e, False) for e in invalid],
            "counts": counts,
            "formats": list(b.formats),
            "writer": b.writer.name,
            "licences": self.licences,
            "sources": [s.id for s in self.used],
            "failed": [{"key": p["key"], "title": p["title"], "lines": p["lines"],
                        "reason": failed[p["key"]]}
                       for p in self.report_pages if p["key"] in failed],
        }
        if b.writer.falls_back:  # pages that fell back to the template, by category
            report["llm_fallbacks"] = dict(sorted(fallbacks.items()))
        report = {**report_extra, **report}
        if indexed:
            report["search"] = dict(indexed)
        requests: dict[str, str] = {}  # request key → its page's summary (packed)
        page_index: dict[str, list[str]] = {}
        ingredients: dict[str, str] = {}
        for share in shares:
            requests.update(share.requests)
            page_index.update(share.page_index)
            ingredients.update(share.ingredients)
        (tmp / REPORT).write_text(jsonapi.dumps_lines(report), encoding="utf-8")
        # keys sorted here (not by the encoder): the same bytes however many processes
        # wrote the pages, from the fast encoder
        with (tmp / MANIFEST).open("w", encoding="utf-8") as f:
            pagecache.write_manifest(f, {
                "fingerprint": _finished(b.fp, b.writer) + ("+failed" if failed else ""),
                "files": dict(sorted(tree.files.items())),
                "pages": dict(sorted(page_index.items())),
                "ingredients": dict(sorted(ingredients.items()))}, requests, {"version": 1})
        return report


def _finished(fp: str, writer: Writer) -> str:
    """The fingerprint a site is stamped with: never matched again when the writer could
    not finish every page (LLM outage, deadline), so the next build asks again."""
    return fp if writer.complete() else f"{fp}+incomplete"
