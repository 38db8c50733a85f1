"""Where a full build's memory goes: the bench list built once in this (fresh) process,
with the process's resident memory read after each phase and, on request, tracemalloc
snapshots that say which lines of code hold what each written page leaves behind.

    PYTHONPATH=src .venv/bin/python bench/profile_memory.py [--lines 4000] [--jobs 1]
        [--stream] [--trace] [--top 25]

`--stream` forces the streaming mode (`pipeline.STREAM_PAGES` = 0) that a process with
more than 5,000 pages uses, so a 20,000-line list in one process shows what each page
leaves in memory. `--trace` starts tracemalloc (three to four times slower) and compares
a snapshot taken after the first batches of pages with one taken after the last, by file
and line: the per-page residue. Phases are measured by wrapping the build's own functions
(RSS now and the peak so far, from /proc/self/status); the children's peak (a second build
process, Pagefind) is printed at the end.
"""

from __future__ import annotations

import argparse
import functools
import gc
import importlib
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from bench_build import reference_loop  # noqa: E402
from bench_vs_hugo import FULL, bench_list  # noqa: E402

from apothecary.knowledge.default import open_kb  # noqa: E402
from apothecary.site import pipeline  # noqa: E402
from apothecary.site.pipeline import build_from_list, make_writer  # noqa: E402

PHASES = [
    ("apothecary.site.pipeline", "Planner.finish"),
    ("apothecary.site.pipeline", "WebExtras"),
    ("apothecary.site.pipeline", "_Build.write"),
    ("apothecary.site.pagefiles", "PageFiles.render_pass"),
    ("apothecary.site.sitefiles", "SiteFiles.__init__"),
    ("apothecary.site.sitefiles", "SiteFiles.write_html_files"),
    ("apothecary.site.sitefiles", "SiteFiles.write_api_index"),
    ("apothecary.site.sitefiles", "SiteFiles.finish"),
    ("apothecary.site.pipeline", "install"),
]
T0 = time.perf_counter()


def rss() -> tuple[float, float]:
    """Resident and peak resident memory of this process, MB."""
    got: dict[str, float] = {}
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith(("VmRSS:", "VmHWM:")):
                got[line[:5]] = int(line.split()[1]) / 1024
    return got.get("VmRSS", 0.0), got.get("VmHWM", 0.0)


TRIM: list[Any] = []  # --trim: glibc's malloc_trim, called before each reading


def say(what: str) -> None:
    if TRIM:
        TRIM[0](0)
    now, peak = rss()
    traced = ""
    if tracemalloc.is_tracing():
        cur, top = tracemalloc.get_traced_memory()
        traced = f"  traced {cur / 2**20:6.1f} MB (peak {top / 2**20:6.1f})"
    print(f"{time.perf_counter() - T0:7.1f} s  {what:<44} RSS {now:6.0f} MB  "
          f"peak {peak:6.0f} MB{traced}", flush=True)


def _wrapped(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*a: Any, **k: Any) -> Any:
        say(f"{name} starts")
        try:
            return fn(*a, **k)
        finally:
            say(f"{name} ends")
    return wrapper


class Residue:
    """tracemalloc snapshots: after the first batches of pages are written, when the
    writing ends and when the rendering ends; each compared with the one before, by line."""

    def __init__(self, top: int) -> None:
        self.top, self.pages = top, 0
        self.last: tuple[str, int, Any] | None = None

    start: tuple[Any, int] | None = None

    def held(self, pages: int) -> None:
        """Per page, what this process gained from the start of the page work to now."""
        if self.start is None:
            return
        gc.collect()
        before, _ = self.start
        self.last, self.pages = ("the page work starts", 0, before), pages
        self.snap("every page is in (before the site-wide files)")

    def batch(self, n: int) -> None:
        self.pages += n
        if self.last is None and self.pages >= 512:
            self.snap("first batches written")

    def snap(self, what: str) -> None:
        gc.collect()
        shot = tracemalloc.take_snapshot()
        say(f"snapshot: {what}, {self.pages} pages")
        if self.last is not None:
            name, at, before = self.last
            pages = max(self.pages - at, 1) if self.pages > at else max(self.pages, 1)
            stats = shot.compare_to(before, "lineno")
            grown = sum(s.size_diff for s in stats)
            print(f"grown from '{name}' to '{what}': {grown / 2**20:.1f} MB over "
                  f"{self.pages - at} pages, {grown / pages / 1024:.1f} KB a page; by line:")
            for s in stats[: self.top]:
                frame = s.traceback[0]
                print(f"  {s.size_diff / pages:8.0f} B/page {s.count_diff:+8d} blocks  "
                      f"{frame.filename.split('/src/')[-1]}:{frame.lineno}")
        self.last = (what, self.pages, shot)


def instrument(residue: Residue | None) -> None:
    for mod_name, path in PHASES:
        obj: Any = importlib.import_module(mod_name)
        *owners, attr = path.split(".")
        for o in owners:
            obj = getattr(obj, o)
        setattr(obj, attr, _wrapped(path, getattr(obj, attr)))
    if residue is not None:  # each batch of pages the writer returns
        write = pipeline._Build.write
        seen = [0]

        @functools.wraps(write)
        def counted(self: Any, reqs: Any, tick: Any, *a: Any, **k: Any) -> Any:
            def tick2(n: int) -> None:
                seen[0] += n
                if seen[0] >= 64:
                    residue.batch(seen[0])
                    seen[0] = 0
                if tick:
                    tick(n)
            out = write(self, reqs, tick2, *a, **k)
            residue.snap("writing ends")  # before the pages are rendered or dropped
            return out
        pipeline._Build.write = counted  # type: ignore[method-assign]
        from apothecary.site import pagefiles
        render_pass = pagefiles.PageFiles.render_pass

        @functools.wraps(render_pass)
        def rendered(*a: Any, **k: Any) -> Any:
            out = render_pass(*a, **k)
            residue.snap("rendering ends")
            return out
        pagefiles.PageFiles.render_pass = rendered  # type: ignore[method-assign]
        # what this process holds for every page before the site-wide files are written
        # (its own pages' or, when workers write them all, what they sent back)
        from apothecary.site import sitefiles
        html_files = sitefiles.SiteFiles.write_html_files

        @functools.wraps(html_files)
        def site_wide(self: Any) -> Any:
            residue.held(len(self.pages))
            return html_files(self)
        sitefiles.SiteFiles.write_html_files = site_wide  # type: ignore[method-assign]
        run = pipeline._Build.run

        @functools.wraps(run)
        def started(self: Any, *a: Any, **k: Any) -> Any:
            residue.start = (tracemalloc.take_snapshot(), residue.pages)
            return run(self, *a, **k)
        pipeline._Build.run = started  # type: ignore[method-assign]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=4000)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--stream", action="store_true", help="stream pages (STREAM_PAGES = 0)")
    ap.add_argument("--trace", action="store_true", help="tracemalloc: per-page residue")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--trim", action="store_true",
                    help="malloc_trim(0) before each reading: how much is free but held")
    args = ap.parse_args()
    print(f"reference loop {reference_loop():.2f} s")
    if args.trim:
        import ctypes

        TRIM.append(ctypes.CDLL("libc.so.6").malloc_trim)
    if args.stream:
        pipeline.STREAM_PAGES = 0
    residue = Residue(args.top) if args.trace else None
    if args.trace:
        tracemalloc.start()
    say("start")
    instrument(residue)
    with tempfile.TemporaryDirectory() as tmp:
        import os

        src = Path(tmp) / "list.txt"
        src.write_text("\n".join(bench_list(args.lines)) + "\n", encoding="utf-8")
        kb = open_kb()
        os.environ["APOTHECARY_CACHE_DIR"] = str(Path(tmp) / "cache")  # monographs: empty
        say("list and KB ready")
        report = build_from_list(src, kb, Path(tmp) / "site", FULL,
                                 make_writer("template", kb), jobs=args.jobs)
        say("build done")
        counts = report["counts"]
        assert isinstance(counts, dict)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"pages {counts['pages']}; peak: this process {rss()[1]:.0f} MB, largest child "
          f"{kids:.0f} MB")
    print(f"reference loop after {reference_loop():.2f} s")


if __name__ == "__main__":
    main()
