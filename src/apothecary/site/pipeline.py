"""The build: group resolved entries into pages, ask a writer, render, swap the site in.

The site is written into a folder beside DIR and swapped in only when complete (`swap`).
The previous build's state (`state`: a manifest of content hashes, kept beside DIR) lets
unchanged files be hard-linked from the previous output (same inode and mtime) and
unchanged pages skip rendering; a build whose inputs are all unchanged is skipped outright.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import shutil
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ApothecaryError, BuildError, ShrinkError
from ..knowledge.store import KnowledgeBase
from ..models import ClaimCounts, Drug, Entry, Page
from ..render import jekyll, jsonapi, search
from ..render.common import FORMATS, PATHS
from ..render.html import HtmlRenderer
from ..render.web import WebExtras
from ..writers import make_writer
from ..writers.base import PageRequest, Writer, failed_page
from . import buildcache, pagecache, planning, workers
from .apidocs import IngredientDocs
from .buildreport import BuildReport
from .pagefiles import PageFiles, Setup, previous_files, search_doc_of, urls_of
from .plan import Plan, Planner, plan_entries, plan_pages
from .sitefiles import SiteFiles
from .sitetree import SiteTree
from .state import (
    HERE,
    MANIFEST,
    REPORT,
    STAMPS,
    fingerprint,
    intact_files,
    kb_fingerprint,
    manifest_fingerprint,
    prune,
    read_manifest,
    state_dir,
    up_to_date,
)
from .state import code_fingerprint as _code_fingerprint
from .swap import FAULT_ENV, build_lock, check_out_dir, install, recover, remove_stale

__all__ = ["FAULT_ENV", "HERE", "MANIFEST", "REPORT", "STAMPS", "build_from_list",
           "build_site", "make_writer", "manifest_fingerprint", "plan_pages", "read_manifest"]
Progress = Callable[[str, int, int], None]  # (stage, done, total)


def _skipped(out_dir: Path, previous: BuildReport, writer: Writer) -> BuildReport:
    """The report of a skipped build: this run's usage counters (an LLM build made no
    requests this time), written back so build-report.json tells the truth about the run."""
    with contextlib.suppress(OSError):
        remove_stale(out_dir)  # an interrupted build's leftovers, even when nothing changed
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


MIN_PAGES_PER_JOB = 100  # below this a forked worker costs more than it saves


def plan_jobs(jobs: int | None, writer: Writer, fresh: int) -> int:
    """How many processes write and render the fresh pages (1: this one alone).

    Only writers whose pages depend on nothing but the request and the KB are forked (the
    LLM writer has its own concurrency and counters).
    """
    n = workers.cpu_count() if jobs is None else jobs
    if n <= 1 or not pagecache.cacheable(writer) or not workers.can_fork():
        return 1
    return max(1, min(n, fresh // max(1, MIN_PAGES_PER_JOB)))


# With this many fresh pages or more (and a writer whose pages can be forked, see
# `plan_jobs`), every page is written and rendered in forked workers, one per job, and this
# process only waits for them, then writes the site-wide files and publishes the JSON API.
# What writing pages leaves in a process (the writer's facts and monographs of every
# ingredient, the renderers' caches, memory fragmented by rendering: 174 MB on the
# 4,000-line list in one process) then ends with the worker instead of adding to the peak
# of the process that publishes the API (issue 14, that list with one job: 393 → 255 MB
# there, the worker 287 MB).
OFFLOAD_PAGES = 500


def offloads(writer: Writer, fresh: int) -> bool:
    """Whether this process leaves every fresh page to workers (see OFFLOAD_PAGES)."""
    return fresh >= OFFLOAD_PAGES and pagecache.cacheable(writer) and workers.can_fork()


def build_site(
    entries: Sequence[Entry] | Plan,
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
    report_extra: BuildReport | None = None,
    site_name: str = "apothecary",
    base_url: str | None = None,
    jobs: int | None = None,
    allow_shrink: bool = False,
    brands: Mapping[str, Sequence[str]] | None = None,
    api_v1: bool = False,
    api_v2: bool = False,
    api_v3: bool = False,
) -> BuildReport:
    """Build the site into `out_dir` atomically and return the build report.

    `entries` are the list's resolved lines, or their `Plan` (`plan.Planner`: a long list
    is planned as it is resolved, without holding every entry); with a plan,
    `fingerprint_` is required.

    `slug_overrides` (key → slug), `front_matter_extra` (key → extra YAML keys),
    `extra_files` (relative path → content) and `report_extra` let callers such as
    `--keep-urls` keep old addresses and add redirects without touching this code.
    `jobs` is the number of processes for the page work (default: one per core).
    `api_v1`, `api_v2` and `api_v3` also write the JSON API's versions 1, 2 and 3
    (`api/v1/`, `api/v2/`, `api/v3/`) beside version 4.
    A build that would replace a site with one of less than half its pages stops unless
    `allow_shrink`. One build per folder at a time; a build killed mid-swap is recovered.
    """
    formats = tuple(f for f in FORMATS if f in set(formats))
    bad = set(formats) - set(FORMATS)
    if bad or not formats:
        raise BuildError(f"unknown or empty output format: {sorted(bad) or 'none'}")
    out_dir = Path(os.path.abspath(out_dir))  # "." or "site/" still name a real folder
    if out_dir.is_symlink():  # build and swap the folder the link names; the link stays
        out_dir = Path(os.path.realpath(out_dir))
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildError(f"cannot create {out_dir.parent}: {exc.strerror or exc}") from exc
    with build_lock(out_dir), fewer_collections():
        try:
            recover(out_dir)
        except OSError as exc:
            raise BuildError(f"cannot recover the previous site {out_dir}: {exc}") from exc
        manifest, stamps = check_out_dir(out_dir)
        with contextlib.suppress(OSError):
            prune(out_dir)  # states of builds that failed or were killed before the swap
        return _build_locked(
            entries, kb, out_dir, formats, writer, manifest, stamps, layout=layout,
            fingerprint_=fingerprint_,
            progress=progress, slug_overrides=slug_overrides,
            front_matter_extra=front_matter_extra, extra_files=extra_files,
            report_extra=report_extra, site_name=site_name, base_url=base_url, jobs=jobs,
            allow_shrink=allow_shrink, brands=brands,
            apis=(*(["v1"] if api_v1 else []), *(["v2"] if api_v2 else []),
                  *(["v3"] if api_v3 else [])))


GC_YOUNG = 10_000  # allocations between two young collections while a site is built


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect cyclic garbage less often while building: a build makes millions of
    short-lived objects with few cycles, and Python's default (a young collection every 700
    allocations) spent a tenth of the build's CPU walking the heap (4,000-line build, one
    process: 2,312 collections, 3.0 CPU-s; at this setting 431, 1.0 CPU-s, with the same
    peak memory; at 20,000 peak memory grew by 20 MB). The caller's thresholds come back
    afterwards; forked workers inherit the setting."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], GC_YOUNG), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


SHRINK_MIN_PAGES = 10  # a site this small may change freely


def _build_locked(
    entries: Sequence[Entry] | Plan, kb: KnowledgeBase, out_dir: Path, formats: tuple[str, ...],
    writer: Writer | None, manifest: dict[str, Any], stamps: Mapping[str, Any], *,
    layout: str, fingerprint_: str | None,
    progress: Progress | None, slug_overrides: Mapping[str, str] | None,
    front_matter_extra: Mapping[str, Mapping[str, Any]] | None,
    extra_files: Mapping[str, str | bytes] | None, report_extra: BuildReport | None,
    site_name: str, base_url: str | None, jobs: int | None, allow_shrink: bool,
    brands: Mapping[str, Sequence[str]] | None = None, apis: tuple[str, ...] = (),
) -> BuildReport:
    if writer is None:
        writer = make_writer("template", kb)
    options = {"layout": layout, "site": site_name, "slugs": slug_overrides,
               "fm": front_matter_extra, "extra": sorted(extra_files or {}),
               "report": report_extra, "base_url": base_url,
               "brands": {k: list(v) for k, v in sorted((brands or {}).items())},
               **({"api_v1": True} if "v1" in apis else {}),
               **({"api_v2": True} if "v2" in apis else {}),
               **({"api_v3": True} if "v3" in apis else {})}
    if fingerprint_ is None:
        if isinstance(entries, Plan):
            raise BuildError("a planned build needs its fingerprint")
        data = json.dumps([e.model_dump(mode="json") for e in entries], sort_keys=True)
        fingerprint_ = fingerprint(data, kb, formats, writer, options)
    previous = up_to_date(out_dir, fingerprint_)
    if previous is not None:
        return _skipped(out_dir, previous, writer)

    plan = entries if isinstance(entries, Plan) else plan_entries(entries, kb, brands)
    del entries  # a long list's entries are not held while its pages are built
    requests = plan.requests
    before = _previous_page_count(out_dir)
    if not allow_shrink and before >= SHRINK_MIN_PAGES and len(requests) < before / 2:
        raise ShrinkError(
            f"refusing to replace {out_dir}: the new site would have {len(requests)} pages "
            f"where it has {before} (is the list the right file?); nothing was changed")
    intact = intact_files(out_dir, stamps)  # read once, under the lock, by _check_out_dir
    old_files = manifest.get("files")
    manifest["files"] = {r: d for r, d in old_files.items() if r in intact} \
        if isinstance(old_files, dict) else {}
    # pages whose request and build environment are unchanged skip the writer (light pages)
    env = fingerprint(b"", kb, formats, writer, options)
    rkeys = {r.key: pagecache.request_key(env, r) for r in requests}
    known = manifest.get("requests") if pagecache.cacheable(writer) else None
    known = known if isinstance(known, dict) else {}
    light: dict[str, dict[str, Any]] = {}
    pages: list[Page] = []
    for req in requests:
        rk = rkeys[req.key]
        lp = pagecache.light_page(known[rk], req, kb) if rk in known else None
        if lp is not None:
            light[req.key] = known[rk]
        pages.append(lp or _planned(req))
    # every address and related link is settled before any page is written, so each
    # process can take its share of the pages from writing to the last file on its own
    base_slugs = {p.key: p.slug for p in pages}
    assign_slugs(pages, slug_overrides)
    html = HtmlRenderer(site_name) if "html" in formats else None
    paths = {p.key: PATHS["html"](p.slug) for p in pages}
    web = (WebExtras(pages, paths, kb, base_url, {r.key: r.brands for r in requests if r.brands})
           if html is not None else None)
    ctx = _Build(kb, out_dir, formats, writer, layout, fingerprint_, progress,
                 front_matter_extra or {}, base_url, manifest, rkeys, light,
                 {r.key: r for r in requests}, html, web, base_slugs,
                 {p.key: p.slug for p in pages}, code=_code_fingerprint(),
                 kept=state_dir(out_dir), apis=apis if "json" in formats else ())
    ctx.settle_light(pages)
    buildcache.attach(writer, kb_fingerprint(kb) + ctx.code)
    fresh = [r for r in requests if r.key not in light]
    n_jobs = plan_jobs(jobs, writer, len(fresh))
    shares = [fresh[k::n_jobs] for k in range(n_jobs)]
    if offloads(writer, len(fresh)):  # every fresh page in a worker: this process has none
        shares.insert(0, [])
    # the JSON API's ingredient documents: each once, the ingredients shared out like pages
    if "json" in formats:
        ctx.api = IngredientDocs(kb, writer, env + ctx.code)
        ctx.drugs = sorted({d.id: d for r in requests for d in r.drugs}.values(),
                           key=lambda d: d.id)
    ing_shares = share_ingredients(ctx.drugs, shares)

    tmp = out_dir.parent / f".{out_dir.name}.building-{os.getpid()}"
    try:
        remove_stale(out_dir)
        if tmp.exists():
            shutil.rmtree(tmp)
        tmp.mkdir()
    except OSError as exc:
        raise BuildError(f"cannot write beside {out_dir}: {exc.strerror or exc}") from exc
    try:
        with contextlib.ExitStack() as stack:
            try:
                ctx.helpers = [(stack.enter_context(workers.Worker(ctx.child(tmp, share, ing))),
                                [r.key for r in share])
                               for share, ing in zip(shares[1:], ing_shares[1:], strict=True)]
                with SiteTree(tmp, out_dir, manifest.get("files", {}), ctx.kept) as tree:
                    report = ctx.run(pages, shares[0], plan, tmp, tree,
                                     extra_files or {}, report_extra or {}, ing_shares[0])
            except BaseException:
                stack.close()  # stop the workers before removing the folder they write into
                raise
        install(tmp, out_dir)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise BuildError(f"build failed, previous output left untouched: {exc}") from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return report


def share_ingredients(drugs: Sequence[Drug], shares: Sequence[Sequence[PageRequest]]
                      ) -> list[list[Drug]]:
    """Each ingredient's document goes to one of the processes whose pages have it, so its
    monograph is built once (for the pages and the document alike); which one is chosen from
    the id alone, so the shares are even and the same every build."""
    has: dict[str, list[int]] = {}
    for k, share in enumerate(shares):
        for r in share:
            for d in r.drugs:
                ks = has.setdefault(d.id, [])
                if not ks or ks[-1] != k:
                    ks.append(k)
    out: list[list[Drug]] = [[] for _ in shares]
    for d in drugs:
        ks = has.get(d.id) or list(range(len(shares)))  # only on unchanged pages: any
        out[ks[zlib.crc32(d.id.encode("utf-8", "surrogatepass")) % len(ks)]].append(d)
    return out


def _mapping(value: Any) -> Mapping[str, Any]:
    """A previous manifest's table, or nothing if it is not one (an edited manifest)."""
    return value if isinstance(value, dict) else {}


def _previous_page_count(out_dir: Path) -> int:
    try:
        report = json.loads((out_dir / REPORT).read_text(encoding="utf-8"))
        return int(report["counts"]["pages"])
    except (OSError, ValueError, KeyError, TypeError):
        return 0


def _planned(req: PageRequest) -> Page:
    """The page as far as the build plans it before the writer runs: key, title, address
    and ingredients (enough for slugs, related links and the checker)."""
    # every field given: model_construct inspects each default factory's signature (slow)
    return Page.model_construct(
        key=req.key, title=req.title, slug=planning.base_slug(req), drugs=list(req.drugs),
        other_names=[], sections=[], faqs=[], facts=[], sources=[], licences=[],
        writer="", claims=ClaimCounts(), fallback_reason=None, lines=list(req.lines),
        inputs=list(req.inputs))


WRITE_CHUNK = 64  # pages written between two batches of search documents
# A process with more pages than this renders each batch as soon as it is written and keeps
# only its light summary (bounded memory); with fewer, every page is written first and held
# whole until Pagefind has started. Holding them cost 88 KB a page (the 4,000-line list in
# one process: 213 MB of its 481 MB peak), while Pagefind started after the pages overlaps
# the publishing of the JSON API instead of the rendering, so every share streams.
STREAM_PAGES = 0


@dataclass
class _Build:
    """One build's settings and plan, shared by this process and its forked workers."""

    kb: KnowledgeBase
    out_dir: Path
    formats: tuple[str, ...]
    writer: Writer
    layout: str
    fp: str
    progress: Progress | None
    fm_extra: Mapping[str, Mapping[str, Any]]
    base_url: str | None
    manifest: dict[str, Any]
    rkeys: dict[str, str]  # page key → request key
    light: dict[str, dict[str, Any]]  # page key → summary, for pages the writer skipped
    requests: dict[str, PageRequest]
    html: HtmlRenderer | None
    web: WebExtras | None
    base_slugs: dict[str, str]  # page key → slug before clashes were settled
    slugs: dict[str, str]  # page key → its final slug
    # page key → the brief (`pagecache.brief`, packed) of a page written by a worker or
    # streamed: what the site-wide files need of it
    remote: dict[str, str] = field(default_factory=dict)
    helpers: list[tuple[workers.Worker, list[str]]] = field(default_factory=list)  # + keys
    code: str = ""  # the code fingerprint: part of every page's hash
    api: IngredientDocs | None = None  # the JSON API's ingredient documents
    drugs: list[Drug] = field(default_factory=list)  # every page's ingredients, by id
    kept: Path | None = None  # where the previous build's state is (`state.state_dir`)
    apis: tuple[str, ...] = ()  # also write these versions of the JSON API ("v1", "v2")

    @property
    def setup(self) -> Setup:
        return Setup(self.formats, self.layout, self.html, self.web, self.fm_extra,
                     self.manifest.get("pages", {}) if self.manifest else {}, self.rkeys,
                     self.base_slugs, self.light, self.code, self.api,
                     _mapping(self.manifest.get("ingredients")) if self.manifest else {},
                     self.apis)

    # -- progress ------------------------------------------------------------------
    def _show(self, stage: str, own: int, offset: int) -> None:
        """Progress of a stage: this process's pages plus each worker's (its counter runs
        through its share once per stage)."""
        if self.progress:
            theirs = sum(min(max(w.done - offset * len(k), 0), len(k)) for w, k in self.helpers)
            self.progress(stage, own + theirs, len(self.requests))

    def _ticker(self, stage: str, offset: int, start: int = 0) -> Callable[[int], None]:
        done = [start]

        def tick(n: int) -> None:
            done[0] += n
            self._show(stage, done[0], offset)
        return tick

    # -- the page work of one process --------------------------------------------------
    def write(self, reqs: Sequence[PageRequest], tick: Callable[[int], None] | None,
              tree: SiteTree | None = None, files: PageFiles | None = None) -> list[Page]:
        """Write pages at their planned addresses; with a tree, each page's search document
        goes straight to disk, a batch at a time, so indexing can start right after. With
        `files` (streaming), each batch is rendered at once and only light pages kept."""
        chunk = WRITE_CHUNK if pagecache.cacheable(self.writer) else max(1, len(reqs))
        out: list[Page] = []
        for n in range(0, len(reqs), chunk):
            part = reqs[n:n + chunk]
            try:
                pages = self.writer.write_pages(part, tick) if part else []
            except (OSError, ApothecaryError):
                raise  # the disk, the system or a deliberate stop (an LLM endpoint's 401)
            except Exception:  # noqa: BLE001 - find the page(s) at fault, keep the rest
                pages = [self._write_one(req, tick) for req in part]
            if len(pages) != len(part):
                raise BuildError(f"writer {self.writer.name} returned {len(pages)} pages "
                                 f"for {len(part)} requests")
            for page, req in zip(pages, part, strict=True):
                page.lines, page.inputs = list(req.lines), list(req.inputs)
                page.slug = self.slugs[page.key]
            if tree is not None and self.web is not None:
                PageFiles(self.setup, tree).search_docs(pages)
            if files is not None:
                files.render_pages(pages)
                pages = [self._lighten(p) for p in pages]
            out += pages
        return out

    def streams(self, share: Sequence[PageRequest]) -> bool:
        return len(share) > STREAM_PAGES and pagecache.cacheable(self.writer)

    def _lighten(self, page: Page) -> Page:
        """A rendered page as the site-wide files need it (its summary, see `pagecache`)."""
        brief = pagecache.brief(page)
        lp = pagecache.light_page(brief, self.requests[page.key], self.kb)
        if lp is None:
            raise BuildError(f"cannot summarise the page for {page.key}")
        lp.slug = self.slugs[page.key]
        self.remote[page.key] = pagecache.pack(brief)
        return lp

    def _write_one(self, req: PageRequest, tick: Callable[[int], None] | None) -> Page:
        try:
            [page] = self.writer.write_pages([req], tick)
            return page
        except (OSError, ApothecaryError):
            raise
        except Exception as exc:  # noqa: BLE001 - reported for this page's lines
            if tick:
                tick(1)
            return failed_page(_planned(req), f"writing failed: {type(exc).__name__}: {exc}")

    def child(self, tmp: Path, share: Sequence[PageRequest], ingredients: Sequence[Drug] = ()
              ) -> Callable[[workers.Channel], None]:
        """A worker's whole job: write its share with the search documents, then every file
        of those pages."""
        def run(ch: workers.Channel) -> None:
            with SiteTree(tmp, self.out_dir, self.manifest.get("files", {}),
                          self.kept) as tree:
                files = PageFiles(self.setup, tree) if self.streams(share) else None
                pages = self.write(share, ch.tick, tree, files)
                tree.flush()
                ch.send("written", [self.remote[p.key] if files else
                                    pagecache.pack(pagecache.brief(p)) for p in pages])
                if files is not None:  # rendered while written
                    ch.tick(len(pages))
                    ch.send("done", files.render_pass([], None, ingredients))
                else:
                    ch.send("done", PageFiles(self.setup, tree).render_pass(pages, ch.tick,
                                                                            ingredients))
        return run

    def settle_light(self, pages: list[Page]) -> None:
        """Light pages whose files cannot simply be linked (new address, new related links,
        files gone) are written after all: they go back to the plan."""
        setup = self.setup
        old_files = self.manifest.get("files", {})
        for i, p in enumerate(pages):
            s = self.light.get(p.key)
            if s is None:
                continue
            urls = urls_of(p, self.formats)
            h = s.get("hash")
            old = previous_files(setup.old_pages.get(h), urls, self.apis) \
                if isinstance(h, str) else None
            doc = search_doc_of(urls) if self.web is not None else None
            refs = s.get("refs")
            links = setup.links(refs, p.key) if isinstance(refs, list) else None
            if not (s.get("urls") == urls and s.get("related") == setup.related(p.key)
                    and links is not None and s.get("links") == links
                    and old is not None and (doc is None or doc in old)
                    and all(r in old_files for r in old)):  # found intact at the start
                del self.light[p.key]
                page = _planned(self.requests[p.key])
                page.slug = p.slug
                pages[i] = page

    # -- the whole build, in this process ------------------------------------------------
    def run(
        self, pages: list[Page], own: Sequence[PageRequest], plan: Plan, tmp: Path,
        tree: SiteTree, extra_files: Mapping[str, str | bytes],
        report_extra: BuildReport, ingredients: Sequence[Drug] = (),
    ) -> BuildReport:
        at = {p.key: i for i, p in enumerate(pages)}
        links = [p for p in pages if p.key in self.light]
        self._show("writing", len(links), 0)
        files = PageFiles(self.setup, tree) if self.streams(own) else None
        mine = self.write(own, self._ticker("writing", 0, len(links)), tree, files)
        for page in mine:
            pages[at[page.key]] = page
        if self.web is not None:
            PageFiles(self.setup, tree).search_docs(links)
        for w, keys in self.helpers:
            for key, brief in zip(keys, w.wait("written", lambda: self._show(
                    "writing", len(links) + len(mine), 0)), strict=True):
                lp = pagecache.light_page(pagecache.unpack(brief), self.requests[key], self.kb)
                if lp is None:
                    raise BuildError(f"a build worker sent an unusable page for {key}")
                lp.slug = self.slugs[key]
                pages[at[key]], self.remote[key] = lp, brief
        self._show("writing", len(links) + len(mine), 0)

        # Every search document is on disk: Pagefind indexes them in a thread (a
        # subprocess, so no GIL) while the pages are rendered.
        indexed: dict[str, Any] = {}
        indexer = None
        if self.web is not None:
            tree.flush()
            indexer = threading.Thread(target=lambda: indexed.update(search.index_docs(
                tmp / search.DOCS_DIR, tmp / search.BUNDLE_DIR).as_dict()), daemon=True)
            indexer.start()
        try:
            if files is None:
                share = PageFiles(self.setup, tree).render_pass(
                    [*links, *mine], self._ticker("rendering", 1), ingredients)
            else:  # mine were rendered as they were written
                share = files.render_pass(links, self._ticker("rendering", 1, len(mine)),
                                          ingredients)
            shares = [share]
            for w, _ in self.helpers:
                theirs = w.wait("done", lambda: self._show("rendering", len(links) + len(mine),
                                                           1))
                tree.adopt(theirs.files, theirs.reused)
                shares.append(theirs)
            self._show("rendering", len(links) + len(mine), 1)
            jekyll.md_escape.cache_clear()  # every page is rendered: up to 65,536 texts
            site = SiteFiles(self, pages, self.html, self.web, tree, extra_files)
            site.write_html_files()
            site.write_api_index()
            tree.flush()
        finally:
            if indexer is not None:  # never leave Pagefind writing into a folder being removed
                indexer.join()
        return site.finish(tmp, plan, shares, indexed, report_extra)


def build_from_list(
    list_path: Path,
    kb: KnowledgeBase,
    out_dir: Path,
    formats: Iterable[str] = FORMATS,
    writer: Writer | None = None,
    *,
    layout: str = "default",
    progress: Progress | None = None,
    brands_path: Path | None = None,
    **kwargs: Any,
) -> BuildReport:
    """Read a generics list (and the site's brand CSV, `--brands`), resolve them and build;
    skips resolving when nothing changed."""
    from ..names.brands import match_brands, read_brands
    from ..names.parse import read_list_encoded
    from ..names.resolve import Resolver

    formats = tuple(f for f in FORMATS if f in set(formats))
    items, encoding = read_list_encoded(Path(list_path))
    brand_rows = read_brands(Path(brands_path)) if brands_path is not None else None
    # the report says how the list was read (a UTF-16 list once read as nothing but noise)
    kwargs["report_extra"] = {**(kwargs.get("report_extra") or {}), "input_encoding": encoding}
    if writer is None:
        writer = make_writer("template", kb)
    site_name = kwargs.get("site_name", "apothecary")
    options = {"layout": layout, "site": site_name, "slugs": kwargs.get("slug_overrides"),
               "fm": kwargs.get("front_matter_extra"),
               "extra": sorted(kwargs.get("extra_files") or {}),
               "report": kwargs.get("report_extra"), "base_url": kwargs.get("base_url"),
               "brands": brand_rows,
               **({"api_v1": True} if kwargs.get("api_v1") else {}),
               **({"api_v2": True} if kwargs.get("api_v2") else {}),
               **({"api_v3": True} if kwargs.get("api_v3") else {})}
    fp = fingerprint(json.dumps(items), kb, formats, writer, options)
    previous = up_to_date(Path(out_dir), fp)
    if previous is not None:
        return _skipped(Path(out_dir), previous, writer)
    resolver = Resolver(kb)
    planner = Planner(kb)  # each entry planned as it is resolved, not all held
    with fewer_collections():
        for n, (line, text) in enumerate(items, 1):
            planner.add(resolver.resolve(line, text))
            if progress and (n % 200 == 0 or n == len(items)):
                progress("resolving", n, len(items))
    del items
    if brand_rows is not None:
        matches = match_brands(brand_rows, resolver)
        keys = planner.keys
        by_key = matches.by_key()
        for key in sorted(set(by_key) - keys):  # a brand of a set the list has no page for
            for b in by_key.pop(key):
                matches.unmatched.append({"line": b.line, "brand": b.name, "reason":
                                          "no page: the list has no line with its ingredients"})
        matches.matched = [b for b in matches.matched if b.key in by_key]
        kwargs["brands"] = {k: [b.name for b in v] for k, v in by_key.items()}
        kwargs["report_extra"] = {**kwargs["report_extra"], "brands": matches.report()}
    del resolver
    plan = planner.finish(kwargs.get("brands"))
    return build_site(plan, kb, Path(out_dir), formats, writer, layout=layout,
                      fingerprint_=fp, progress=progress, **kwargs)
