"""The build: group resolved entries into pages, ask a writer, render, swap the site in.

The site is written into a folder beside DIR and swapped in only when complete, so a
failed or interrupted build leaves the previous output untouched. A manifest of content
hashes lets unchanged files be hard-linked from the previous output (same inode and
mtime) and unchanged pages skip rendering; a build whose inputs are all unchanged is
skipped outright.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__, pagecache
from .errors import BuildError
from .knowledge.store import KnowledgeBase
from .models import Drug, Entry, Page, Source, Status
from .render import jekyll, jsonapi, search
from .render.common import FORMATS, PATHS
from .render.html import HtmlRenderer, IndexItem, SourceUse
from .render.web import WebExtras
from .sitetree import SiteTree
from .writers.base import PageRequest, Writer

MANIFEST = ".apothecary-manifest.json"
REPORT = "build-report.json"
Progress = Callable[[str, int, int], None]  # (stage, done, total)
HERE = Path(__file__).parent
_CODE_FILES = ["pipeline.py", "pagecache.py", "sitetree.py", "writers/template.py", "render",
               "names", "knowledge/store.py", "models.py"]


# -- writers -------------------------------------------------------------------------
def make_writer(name: str, kb: KnowledgeBase, settings: Any = None) -> Writer:
    """The writer for `--writer NAME`; the LLM writer takes its settings object."""
    if name == "template":
        from .writers.template import TemplateWriter

        return TemplateWriter(kb)
    if name == "llm":
        try:
            from .writers.llm import LLMWriter  # type: ignore[import-not-found,unused-ignore]
        except ImportError as exc:
            raise BuildError("the LLM writer is not available in this installation") from exc
        return LLMWriter(kb, settings)  # type: ignore[no-any-return,unused-ignore]
    raise BuildError(f"unknown writer: {name!r} (use template or llm)")


# -- fingerprints --------------------------------------------------------------------
def _code_fingerprint() -> str:
    """Hash of the writer/renderer code and templates: a change in them forces a rebuild."""
    h = hashlib.sha256(__version__.encode())
    for rel in _CODE_FILES:
        p = HERE / rel
        files = sorted(x for x in p.rglob("*") if x.is_file() and "__pycache__" not in x.parts) \
            if p.is_dir() else [p]
        for f in files:
            h.update(str(f.relative_to(HERE)).encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def writer_fingerprint(writer: Writer) -> str:
    fp = getattr(writer, "fingerprint", "")
    return f"{writer.name}:{fp() if callable(fp) else fp}"


def kb_fingerprint(kb: KnowledgeBase) -> str:
    st = kb.path.stat()
    allowed = ",".join(sorted(kb.allowed))
    return f"{kb.path.resolve()}:{st.st_size}:{st.st_mtime_ns}:{allowed}"


def fingerprint(
    data: bytes | str, kb: KnowledgeBase, formats: Sequence[str], writer: Writer,
    options: Mapping[str, Any] | None = None,
) -> str:
    """One hash over everything a build depends on: input, KB, formats, writer, code."""
    h = hashlib.sha256()
    for part in (
        data if isinstance(data, bytes) else data.encode(),
        kb_fingerprint(kb).encode(),
        ",".join(formats).encode(),
        writer_fingerprint(writer).encode(),
        json.dumps(dict(options or {}), sort_keys=True, default=str).encode(),
        _code_fingerprint().encode(),
    ):
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()


def read_manifest(out_dir: Path) -> dict[str, Any]:
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def up_to_date(out_dir: Path, fp: str) -> dict[str, Any] | None:
    """The previous report when DIR was built from exactly these inputs, else None."""
    manifest = read_manifest(out_dir)
    if manifest.get("fingerprint") != fp:
        return None
    try:
        report = json.loads((out_dir / REPORT).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = manifest.get("files", {})
    if not all((out_dir / rel).is_file() for rel in files):
        return None
    return report if isinstance(report, dict) else None


def _skipped(out_dir: Path, previous: dict[str, Any], writer: Writer) -> dict[str, Any]:
    """The report of a skipped build: this run's usage counters (an LLM build made no
    requests this time), written back so build-report.json tells the truth about the run."""
    counts = previous.get("counts")
    usage = writer.usage()
    if isinstance(counts, dict) and any(counts.get(k) != v for k, v in usage.items()):
        counts.update(usage)
        tmp = out_dir / f".{REPORT}.{os.getpid()}.tmp"
        try:
            tmp.write_text(jsonapi.dumps(previous), encoding="utf-8")
            os.replace(tmp, out_dir / REPORT)
        except OSError:
            pass
    return {**previous, "up_to_date": True}


# -- grouping ------------------------------------------------------------------------
def plan_pages(
    entries: Sequence[Entry], kb: KnowledgeBase
) -> tuple[list[PageRequest], list[Entry]]:
    """One request per distinct key (input order); entries whose drugs vanished → unresolved."""
    drug_cache: dict[str, Drug | None] = {}
    groups: dict[str, PageRequest] = {}
    lost: list[Entry] = []
    for e in entries:
        if e.status != Status.RESOLVED:
            continue
        ids: list[str] = []
        for ing in e.ingredients:
            if ing.id and ing.id not in ids:
                ids.append(ing.id)
        if not ids:
            lost.append(e.model_copy(update={
                "status": Status.UNRESOLVED, "reason": "no ingredient ids", "key": None}))
            continue
        key = e.key or "+".join(sorted(ids))
        if key in groups:
            req = groups[key]
            groups[key] = req.model_copy(update={
                "lines": [*req.lines, e.line], "inputs": [*req.inputs, e.input]})
            continue
        drugs = []
        for i in ids:
            if i not in drug_cache:
                drug_cache[i] = kb.drug(i)
            d = drug_cache[i]
            if d is not None:
                drugs.append(d)
        if len(drugs) != len(ids):
            lost.append(e.model_copy(update={
                "status": Status.UNRESOLVED, "key": None,
                "reason": "drug not in this knowledge base"}))
            continue
        groups[key] = PageRequest(key=key, drugs=drugs, lines=[e.line], inputs=[e.input])
    return list(groups.values()), lost


def assign_slugs(pages: list[Page], overrides: Mapping[str, str] | None = None) -> None:
    """Unique slugs: on a clash the page with the smallest key keeps the slug, others get -2, -3."""
    overrides = overrides or {}
    taken: set[str] = set()
    for p in pages:
        if p.key in overrides:
            p.slug = overrides[p.key]
            taken.add(p.slug)
    for p in sorted((p for p in pages if p.key not in overrides), key=lambda p: (p.slug, p.key)):
        base, n = p.slug, 1
        while p.slug in taken:
            n += 1
            p.slug = f"{base}-{n}"
        taken.add(p.slug)


# -- writing the tree ----------------------------------------------------------------
def _page_hash(
    page: Page, formats: Sequence[str], layout: str, extra: Any, body: str | None = None
) -> str:
    """Everything a page's files depend on; `body` is its JSON API text when already made."""
    if body is None:
        body = page.model_dump_json(exclude={"lines", "inputs"})
    return hashlib.sha256(
        f"{body}|{','.join(formats)}|{layout}|{json.dumps(extra, sort_keys=True, default=str)}"
        .encode()
    ).hexdigest()


def _digest(context: Mapping[str, Any]) -> str:
    """A stable hash of a page's extra template context (strings, lists, dicts and frozen
    dataclasses, whose reprs are their contents); repr is several times faster than JSON."""
    return hashlib.sha256(repr(sorted(context.items())).encode("utf-8")).hexdigest()


def _check_out_dir(out_dir: Path) -> None:
    """Never swap away a folder that is not a previous build: that would lose someone's files."""
    if out_dir.exists() and not out_dir.is_dir():
        raise BuildError(f"output is not a folder: {out_dir}")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (
        (out_dir / MANIFEST).is_file() or (out_dir / REPORT).is_file()
    ):
        raise BuildError(
            f"refusing to replace {out_dir}: it is not empty and not an apothecary build"
        )


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists but belongs to someone else
        return True
    return True


def _remove_stale(out_dir: Path) -> None:
    """Folders left beside DIR by a build that was killed outright (no chance to clean up)."""
    for p in out_dir.parent.glob(f".{out_dir.name}.*-*"):
        kind, _, pid = p.name.removeprefix(f".{out_dir.name}.").partition("-")
        if kind in ("building", "old") and pid.isdigit() and p.is_dir() \
                and int(pid) != os.getpid() and not _pid_alive(int(pid)):
            shutil.rmtree(p, ignore_errors=True)


def _swap(tmp: Path, out_dir: Path) -> None:
    old = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}"
    had_old = out_dir.exists()
    if had_old:
        if old.exists():
            shutil.rmtree(old)
        os.rename(out_dir, old)
    try:
        os.rename(tmp, out_dir)
    except BaseException:
        if had_old:
            os.rename(old, out_dir)
        raise
    if had_old:
        shutil.rmtree(old, ignore_errors=True)


def _entry_report(e: Entry, with_suggestions: bool) -> dict[str, Any]:
    d: dict[str, Any] = {"line": e.line, "input": e.input, "reason": e.reason or e.status.value}
    if with_suggestions:
        d["suggestions"] = list(e.suggestions)
    return d


def build_site(
    entries: Sequence[Entry],
    kb: KnowledgeBase,
    out_dir: Path,
    formats: Iterable[str] = FORMATS,
    writer: Writer | None = None,
    *,
    layout: str = "default",
    fingerprint_: str | None = None,
    progress: Progress | None = None,
    slug_overrides: Mapping[str, str] | None = None,
    front_matter_extra: Mapping[str, Mapping[str, Any]] | None = None,
    extra_files: Mapping[str, str | bytes] | None = None,
    report_extra: Mapping[str, Any] | None = None,
    site_name: str = "apothecary",
    base_url: str | None = None,
) -> dict[str, Any]:
    """Build the site into `out_dir` atomically and return the build report.

    `slug_overrides` (key → slug), `front_matter_extra` (key → extra YAML keys),
    `extra_files` (relative path → content) and `report_extra` let callers such as
    `--keep-urls` keep old addresses and add redirects without touching this code.
    """
    formats = tuple(f for f in FORMATS if f in set(formats))
    bad = set(formats) - set(FORMATS)
    if bad or not formats:
        raise BuildError(f"unknown or empty --format: {sorted(bad) or 'none'}")
    out_dir = Path(os.path.abspath(out_dir))  # "." or "site/" still name a real folder
    _check_out_dir(out_dir)
    if writer is None:
        writer = make_writer("template", kb)
    options = {"layout": layout, "site": site_name, "slugs": slug_overrides,
               "fm": front_matter_extra, "extra": sorted(extra_files or {}),
               "report": report_extra, "base_url": base_url}
    if fingerprint_ is None:
        data = json.dumps([e.model_dump(mode="json") for e in entries], sort_keys=True)
        fingerprint_ = fingerprint(data, kb, formats, writer, options)
    previous = up_to_date(out_dir, fingerprint_)
    if previous is not None:
        return _skipped(out_dir, previous, writer)

    requests, lost = plan_pages(entries, kb)
    manifest = read_manifest(out_dir)
    # pages whose request and build environment are unchanged skip the writer (light pages)
    env = fingerprint(b"", kb, formats, writer, options)
    rkeys = [pagecache.request_key(env, r) for r in requests]
    known = manifest.get("requests") if pagecache.cacheable(writer) else None
    known = known if isinstance(known, dict) else {}
    light: dict[str, dict[str, Any]] = {}
    maybe: list[Page | None] = []
    for req, rk in zip(requests, rkeys, strict=True):
        lp = pagecache.light_page(known[rk], req, kb) if rk in known else None
        maybe.append(lp)
        if lp is not None:
            light[req.key] = known[rk]
    total = len(requests)
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress("writing", done, total)

    def write(reqs: list[PageRequest], count: bool = True) -> list[Page]:
        out = writer.write_pages(reqs, step if count else None) if reqs else []
        if len(out) != len(reqs):
            raise BuildError(
                f"writer {writer.name} returned {len(out)} pages for {len(reqs)} requests")
        for page, req in zip(out, reqs, strict=True):
            page.lines, page.inputs = list(req.lines), list(req.inputs)
        return out

    if progress:
        progress("writing", 0, total)
    step(len(light))
    fresh = iter(write([r for r, p in zip(requests, maybe, strict=True) if p is None]))
    pages = [p if p is not None else next(fresh) for p in maybe]
    base_slugs = {p.key: p.slug for p in pages}
    assign_slugs(pages, slug_overrides)

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(out_dir)
    tmp = out_dir.parent / f".{out_dir.name}.building-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()
    try:
        with SiteTree(tmp, out_dir, manifest.get("files", {})) as tree:
            report = _render_all(
                pages, entries, lost, kb, out_dir, tmp, formats, writer, layout, fingerprint_,
                progress, front_matter_extra or {}, extra_files or {}, report_extra or {},
                site_name, base_url,
                _Reuse(manifest, dict(zip((r.key for r in requests), rkeys, strict=True)),
                       light, base_slugs, write, {r.key: r for r in requests}),
                tree,
            )
        _swap(tmp, out_dir)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise BuildError(f"build failed, previous output left untouched: {exc}") from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return report


@dataclass
class _Reuse:
    """What the previous build left that this one may reuse (see pagecache)."""

    manifest: dict[str, Any]
    rkeys: dict[str, str]  # page key → request key
    light: dict[str, dict[str, Any]]  # page key → summary, for pages the writer skipped
    base_slugs: dict[str, str]  # page key → the writer's slug, before clashes were settled
    write: Callable[[list[PageRequest], bool], list[Page]]
    requests: dict[str, PageRequest]


def _settle_light(
    pages: list[Page], reuse: _Reuse, tree: SiteTree, old_pages: Mapping[str, list[str]],
    urls_of: Callable[[Page], dict[str, str | None]], related: Callable[[str], str],
) -> None:
    """Light pages whose files cannot simply be linked (new address, new related links,
    files gone) are written after all."""
    redo = []
    for i, p in enumerate(pages):
        s = reuse.light.get(p.key)
        if s is None:
            continue
        urls = urls_of(p)
        rels = [u for u in urls.values() if u]
        h = s.get("hash")
        if not (s.get("urls") == urls and s.get("related") == related(p.key)
                and isinstance(h, str) and set(old_pages.get(h, [None])) == set(rels)
                and tree.can_link(rels)):
            redo.append(i)
    if not redo:
        return
    new = reuse.write([reuse.requests[pages[i].key] for i in redo], False)
    for i, page in zip(redo, new, strict=True):
        page.slug = pages[i].slug
        del reuse.light[page.key]
        pages[i] = page


def _render_all(
    pages: list[Page], entries: Sequence[Entry], lost: list[Entry], kb: KnowledgeBase,
    out_dir: Path, tmp: Path, formats: tuple[str, ...], writer: Writer, layout: str, fp: str,
    progress: Progress | None, fm_extra: Mapping[str, Mapping[str, Any]],
    extra_files: Mapping[str, str | bytes], report_extra: Mapping[str, Any], site_name: str,
    base_url: str | None, reuse: _Reuse, tree: SiteTree,
) -> dict[str, Any]:
    manifest = reuse.manifest
    old_pages: dict[str, list[str]] = manifest.get("pages", {}) if manifest else {}
    html = HtmlRenderer(site_name) if "html" in formats else None
    web = WebExtras(pages, {p.key: PATHS["html"](p.slug) for p in pages}, kb, base_url) \
        if html is not None else None

    def related(key: str) -> str:
        return _digest({"related": web.related.get(key, [])}) if web is not None else ""

    def urls_of(page: Page) -> dict[str, str | None]:
        return {f: PATHS[f](page.slug) if f in formats else None for f in FORMATS}

    _settle_light(pages, reuse, tree, old_pages, urls_of, related)
    return _render_pages(
        pages, entries, lost, kb, tmp, formats, writer, layout, fp, progress, fm_extra,
        extra_files, report_extra, reuse, tree, html, web, related, urls_of)


def _render_pages(
    pages: list[Page], entries: Sequence[Entry], lost: list[Entry], kb: KnowledgeBase,
    tmp: Path, formats: tuple[str, ...], writer: Writer, layout: str, fp: str,
    progress: Progress | None, fm_extra: Mapping[str, Mapping[str, Any]],
    extra_files: Mapping[str, str | bytes], report_extra: Mapping[str, Any], reuse: _Reuse,
    tree: SiteTree, html: HtmlRenderer | None, web: WebExtras | None,
    related: Callable[[str], str], urls_of: Callable[[Page], dict[str, str | None]],

) -> dict[str, Any]:
    old_pages: dict[str, list[str]] = reuse.manifest.get("pages", {})
    requests_out: dict[str, dict[str, Any]] = {}
    page_index: dict[str, list[str]] = {}
    report_pages: list[dict[str, Any]] = []
    index_items: list[IndexItem] = []
    api_items: list[dict[str, Any]] = []
    fact_count: Counter[str] = Counter()
    page_count: Counter[str] = Counter()
    sources: dict[str, Source] = {}

    # First every HTML file (Pagefind needs them all), then Pagefind runs in a thread while
    # the JSON and markdown are rendered. `later` holds what each page still has to do.
    later: list[tuple[Page, dict[str, str | None], Any, str | None, str | None, bool]] = []
    for n, page in enumerate(pages, 1):
        urls = urls_of(page)
        rels = [u for u in urls.values() if u]
        summary = reuse.light.get(page.key)
        _add_page(page, urls, report_pages, index_items, api_items, sources, page_count)
        if summary is not None:  # settled above: every file of the page can be linked
            fact_count.update(summary["facts"])
            requests_out[reuse.rkeys[page.key]] = summary
            page_index[summary["hash"]] = rels
            link = True
            extra = ctx_digest = body = None
        else:
            for f in page.facts:
                fact_count[f.source_id] += 1
            extra = fm_extra.get(page.key)
            web_ctx = web.page_context(page) if web is not None else None
            ctx_digest = _digest(web_ctx) if web_ctx else None
            body, link = None, False
            if old_pages:  # the page's hash says whether its previous files can be linked
                # the JSON text doubles as the page's content hash (one serialisation)
                body = jsonapi.render_page(page, urls) if urls["json"] else None
                ph = _page_hash(page, formats, layout,
                                [extra, ctx_digest] if ctx_digest else extra, body)
                link = (ph in old_pages and set(old_pages[ph]) == set(rels)
                        and tree.can_link(rels))
            if not link and html is not None and urls["html"]:
                json_href = f"../../{urls['json']}" if urls["json"] else None
                tree.write(urls["html"], html.render_page(page, json_href, web_ctx))
        if link and urls["html"]:
            tree.link_old(urls["html"], checked=True)
        later.append((page, urls, extra, ctx_digest, body, link))
        if progress and (n % 50 == 0 or n == len(pages)):
            progress("rendering", n, len(pages))

    used = sorted(sources.values(), key=lambda s: s.name.casefold())
    licences = sorted({s.licence for s in used})
    if html is not None:
        tree.write("index.html", html.render_index(index_items))
        left_out = [s for s in kb.all_sources.values() if s not in kb.sources()]
        tree.write("sources/index.html", html.render_sources(
            [SourceUse(s, fact_count[s.id], page_count[s.id]) for s in used], left_out, licences))
        tree.write("404.html", html.render_404())
        for rel, blob in html.static_files().items():
            tree.write(rel, blob)
    if web is not None and html is not None:
        others = [r for r in tree.files if r.endswith(".html")]
        for rel, text in web.site_files(html.render_template, others).items():
            tree.write(rel, text)
    for rel, data in sorted(extra_files.items()):
        tree.write(rel, data)

    # Every HTML file is in place: Pagefind indexes them in a thread (a subprocess, so no
    # GIL) while the markdown and JSON are rendered.
    indexed: dict[str, Any] = {}
    indexer = None
    if web is not None:
        indexer = threading.Thread(
            target=lambda: indexed.update(search.index_site(tmp).as_dict()), daemon=True)
        tree.flush()  # Pagefind reads every HTML file from disk
        indexer.start()
    try:
        for n, (page, urls, extra, ctx_digest, body, link) in enumerate(later, 1):
            if link:
                for other in (urls["json"], urls["jekyll"]):
                    if other:
                        tree.link_old(other, checked=True)
            else:
                if urls["json"]:
                    body = body if body is not None else jsonapi.render_page(page, urls)
                    tree.write(urls["json"], body)
                if urls["jekyll"]:
                    tree.write(urls["jekyll"], jekyll.render_page(page, layout, extra))
            if page.key not in reuse.light:
                ph = _page_hash(page, formats, layout,
                                [extra, ctx_digest] if ctx_digest else extra, body)
                requests_out[reuse.rkeys[page.key]] = pagecache.summary(
                    page, reuse.base_slugs[page.key], ph, urls, related(page.key))
                page_index[ph] = [u for u in urls.values() if u]
            if progress and (n % 50 == 0 or n == len(later)):
                progress("exporting", n, len(later))
        if "json" in formats:
            tree.write("api/index.json", jsonapi.render_index(api_items, licences))
        tree.flush()
    finally:
        if indexer is not None:  # never leave Pagefind writing into a folder being removed
            indexer.join()

    unresolved = [e for e in entries if e.status == Status.UNRESOLVED] + lost
    unresolved.sort(key=lambda e: e.line)
    invalid = [e for e in entries if e.status == Status.INVALID]
    resolved = sum(1 for e in entries if e.status == Status.RESOLVED) - len(lost)
    counts: dict[str, Any] = {
        "input_lines": len(entries),
        "pages": len(pages),
        "unresolved": len(unresolved),
        "invalid": len(invalid),
        "duplicates_merged": resolved - len(pages),
        "files_reused": tree.reused,
        "files_written": len(tree.files) - tree.reused,
    }
    counts.update(writer.usage())
    report: dict[str, Any] = {
        "pages": report_pages,
        "unresolved": [_entry_report(e, True) for e in unresolved],
        "invalid": [_entry_report(e, False) for e in invalid],
        "counts": counts,
        "formats": list(formats),
        "writer": writer.name,
        "licences": licences,
        "sources": [s.id for s in used],
    }
    report.update({k: v for k, v in report_extra.items() if k not in report})
    if indexed:
        report["search"] = indexed
    (tmp / REPORT).write_text(jsonapi.dumps_pretty(report), encoding="utf-8")
    (tmp / MANIFEST).write_text(json.dumps(
        {"version": 1, "fingerprint": fp, "files": tree.files, "pages": page_index,
         "requests": requests_out},
        sort_keys=True), encoding="utf-8")
    return report


def _add_page(
    page: Page, urls: dict[str, str | None], report_pages: list[dict[str, Any]],
    index_items: list[IndexItem], api_items: list[dict[str, Any]], sources: dict[str, Source],
    page_count: Counter[str],
) -> None:
    """The page's lines in the report, the A–Z index and the API index; its sources."""
    for s in page.sources:
        sources[s.id] = s
        page_count[s.id] += 1
    entry = {"key": page.key, "title": page.title, "slug": page.slug,
             "lines": list(page.lines), **urls,
             "writer": page.writer, "claims": page.claims.model_dump()}
    if page.fallback_reason:  # LLM writer: why this page is the template page
        entry["fallback_reason"] = page.fallback_reason
    report_pages.append(entry)
    index_items.append(IndexItem(
        title=page.title, href=f"{urls['html'][:-len('index.html')]}" if urls["html"] else "",
        names=", ".join(page.other_names[:12]),
    ))
    api_items.append({"key": page.key, "title": page.title, "slug": page.slug,
                      "other_names": page.other_names, **urls})


def build_from_list(
    list_path: Path,
    kb: KnowledgeBase,
    out_dir: Path,
    formats: Iterable[str] = FORMATS,
    writer: Writer | None = None,
    *,
    layout: str = "default",
    progress: Progress | None = None,
    **kwargs: Any,
) -> dict[str, Any]:
    """Read a generics list, resolve it and build; skips resolving when nothing changed."""
    from .names.parse import read_list
    from .names.resolve import Resolver

    formats = tuple(f for f in FORMATS if f in set(formats))
    items = read_list(Path(list_path))
    if writer is None:
        writer = make_writer("template", kb)
    site_name = kwargs.get("site_name", "apothecary")
    options = {"layout": layout, "site": site_name, "slugs": kwargs.get("slug_overrides"),
               "fm": kwargs.get("front_matter_extra"),
               "extra": sorted(kwargs.get("extra_files") or {}),
               "report": kwargs.get("report_extra"), "base_url": kwargs.get("base_url")}
    fp = fingerprint(json.dumps(items), kb, formats, writer, options)
    previous = up_to_date(Path(out_dir), fp)
    if previous is not None:
        return _skipped(Path(out_dir), previous, writer)
    resolver = Resolver(kb)
    entries = []
    for n, (line, text) in enumerate(items, 1):
        entries.append(resolver.resolve(line, text))
        if progress and (n % 200 == 0 or n == len(items)):
            progress("resolving", n, len(items))
    return build_site(entries, kb, Path(out_dir), formats, writer, layout=layout,
                      fingerprint_=fp, progress=progress, **kwargs)
