"""The build: group resolved entries into pages, ask a writer, render, swap the site in.

The site is written into a folder beside DIR and swapped in only when complete, so a
failed or interrupted build leaves the previous output untouched. A manifest of content
hashes lets unchanged files be hard-linked from the previous output (same inode and
mtime) and unchanged pages skip rendering; a build whose inputs are all unchanged is
skipped outright.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import BuildError
from ..knowledge.store import KnowledgeBase
from ..models import ClaimCounts, Drug, Entry, Page, Status
from ..render import jsonapi, search
from ..render.common import FORMATS, PATHS
from ..render.html import HtmlRenderer
from ..render.web import WebExtras
from ..writers.base import PageRequest, Writer
from . import pagecache, planning, workers
from .pagefiles import PageFiles, Setup, previous_files, search_doc_of, urls_of
from .sitefiles import MANIFEST, REPORT, SiteFiles
from .sitetree import SiteTree

__all__ = ["MANIFEST", "REPORT", "build_from_list", "build_site", "make_writer"]
Progress = Callable[[str, int, int], None]  # (stage, done, total)
HERE = Path(__file__).parents[1]  # the apothecary package
_CODE_FILES = ["build", "writers/template.py", "render", "names", "knowledge/store.py",
               "models.py"]


# -- writers -------------------------------------------------------------------------
def make_writer(name: str, kb: KnowledgeBase, settings: Any = None) -> Writer:
    """The writer for `--writer NAME`; the LLM writer takes its settings object."""
    if name == "template":
        from ..writers.template import TemplateWriter

        return TemplateWriter(kb)
    if name == "llm":
        try:
            from ..writers.llm import LLMWriter  # type: ignore[import-not-found,unused-ignore]
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
    """One request per distinct key (input order); entries whose drugs vanished → unresolved.

    Each request carries the names its first line used (`planning.names_of`): the title."""
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
        groups[key] = PageRequest(key=key, drugs=drugs, lines=[e.line], inputs=[e.input],
                                  names=planning.names_of(e, drugs))
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
    jobs: int | None = None,
) -> dict[str, Any]:
    """Build the site into `out_dir` atomically and return the build report.

    `slug_overrides` (key → slug), `front_matter_extra` (key → extra YAML keys),
    `extra_files` (relative path → content) and `report_extra` let callers such as
    `--keep-urls` keep old addresses and add redirects without touching this code.
    `jobs` is the number of processes for the page work (default: one per core).
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
    web = WebExtras(pages, paths, kb, base_url) if html is not None else None
    ctx = _Build(kb, out_dir, formats, writer, layout, fingerprint_, progress,
                 front_matter_extra or {}, base_url, manifest, rkeys, light,
                 {r.key: r for r in requests}, html, web, base_slugs,
                 {p.key: p.slug for p in pages}, code=_code_fingerprint())
    ctx.settle_light(pages)
    fresh = [r for r in requests if r.key not in light]
    n_jobs = plan_jobs(jobs, writer, len(fresh))
    shares = [fresh[k::n_jobs] for k in range(n_jobs)]

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(out_dir)
    tmp = out_dir.parent / f".{out_dir.name}.building-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()
    try:
        with contextlib.ExitStack() as stack:
            try:
                ctx.helpers = [(stack.enter_context(workers.Worker(ctx.child(tmp, share))),
                                [r.key for r in share]) for share in shares[1:]]
                with SiteTree(tmp, out_dir, manifest.get("files", {})) as tree:
                    report = ctx.run(pages, shares[0], entries, lost, tmp, tree,
                                     extra_files or {}, report_extra or {})
            except BaseException:
                stack.close()  # stop the workers before removing the folder they write into
                raise
        _swap(tmp, out_dir)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise BuildError(f"build failed, previous output left untouched: {exc}") from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return report


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
    remote: dict[str, dict[str, Any]] = field(default_factory=dict)  # written by a worker
    helpers: list[tuple[workers.Worker, list[str]]] = field(default_factory=list)  # + keys
    code: str = ""  # the code fingerprint: part of every page's hash

    @property
    def setup(self) -> Setup:
        return Setup(self.formats, self.layout, self.html, self.web, self.fm_extra,
                     self.manifest.get("pages", {}) if self.manifest else {}, self.rkeys,
                     self.base_slugs, self.light, self.code)

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
              tree: SiteTree | None = None) -> list[Page]:
        """Write pages at their planned addresses; with a tree, each page's search document
        goes straight to disk, a batch at a time, so indexing can start right after."""
        chunk = WRITE_CHUNK if pagecache.cacheable(self.writer) else max(1, len(reqs))
        out: list[Page] = []
        for n in range(0, len(reqs), chunk):
            part = reqs[n:n + chunk]
            pages = self.writer.write_pages(part, tick) if part else []
            if len(pages) != len(part):
                raise BuildError(f"writer {self.writer.name} returned {len(pages)} pages "
                                 f"for {len(part)} requests")
            for page, req in zip(pages, part, strict=True):
                page.lines, page.inputs = list(req.lines), list(req.inputs)
                page.slug = self.slugs[page.key]
            if tree is not None and self.web is not None:
                PageFiles(self.setup, tree).search_docs(pages)
            out += pages
        return out

    def child(self, tmp: Path, share: Sequence[PageRequest]
              ) -> Callable[[workers.Channel], None]:
        """A worker's whole job: write its share with the search documents, then every file
        of those pages."""
        def run(ch: workers.Channel) -> None:
            with SiteTree(tmp, self.out_dir, self.manifest.get("files", {})) as tree:
                pages = self.write(share, ch.tick, tree)
                tree.flush()
                ch.send("written", [pagecache.brief(p) for p in pages])
                ch.send("done", PageFiles(self.setup, tree).render_pass(pages, ch.tick))
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
            old = previous_files(setup.old_pages.get(h), urls) if isinstance(h, str) else None
            doc = search_doc_of(urls) if self.web is not None else None
            refs = s.get("refs")
            links = setup.links(refs, p.key) if isinstance(refs, list) else None
            if not (s.get("urls") == urls and s.get("related") == setup.related(p.key)
                    and links is not None and s.get("links") == links
                    and old is not None and (doc is None or doc in old)
                    and all(r in old_files and (self.out_dir / r).is_file() for r in old)):
                del self.light[p.key]
                page = _planned(self.requests[p.key])
                page.slug = p.slug
                pages[i] = page

    # -- the whole build, in this process ------------------------------------------------
    def run(
        self, pages: list[Page], own: Sequence[PageRequest], entries: Sequence[Entry],
        lost: list[Entry], tmp: Path, tree: SiteTree, extra_files: Mapping[str, str | bytes],
        report_extra: Mapping[str, Any],
    ) -> dict[str, Any]:
        at = {p.key: i for i, p in enumerate(pages)}
        links = [p for p in pages if p.key in self.light]
        self._show("writing", len(links), 0)
        mine = self.write(own, self._ticker("writing", 0, len(links)), tree)
        for page in mine:
            pages[at[page.key]] = page
        if self.web is not None:
            PageFiles(self.setup, tree).search_docs(links)
        for w, keys in self.helpers:
            for key, brief in zip(keys, w.wait("written", lambda: self._show(
                    "writing", len(links) + len(mine), 0)), strict=True):
                lp = pagecache.light_page(brief, self.requests[key], self.kb)
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
            share = PageFiles(self.setup, tree).render_pass(
                [*links, *mine], self._ticker("rendering", 1))
            shares = [share]
            for w, _ in self.helpers:
                theirs = w.wait("done", lambda: self._show("rendering", len(links) + len(mine),
                                                           1))
                tree.adopt(theirs.files, theirs.reused)
                shares.append(theirs)
            self._show("rendering", len(links) + len(mine), 1)
            site = SiteFiles(self, pages, self.html, self.web, tree, extra_files)
            site.write_html_files()
            site.write_api_index()
            tree.flush()
        finally:
            if indexer is not None:  # never leave Pagefind writing into a folder being removed
                indexer.join()
        return site.finish(tmp, entries, lost, shares, indexed, report_extra)


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
    from ..names.parse import read_list
    from ..names.resolve import Resolver

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
