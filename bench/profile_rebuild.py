"""Where an incremental build's time goes: the bench list built once, then a rebuild with
one line added (or nothing changed), with a timer on each phase and, on request, cProfile.

    PYTHONPATH=src .venv/bin/python bench/profile_rebuild.py DIR [--lines 4000] [--jobs 1]
        [--profile OUT.prof] [--noop] [--runs 3]

DIR keeps the first full build (`DIR/base`, made once and reused by later calls); each
run copies it (`cp -a`: same sizes and times, so the copy is a valid previous build) and
rebuilds the copy with bench_build.py's one line added. Phases are timed by wrapping the
build's own functions (a phase inside another is counted in both). After any change to the
package, pass --rebase: a base built by other code has other page hashes, so every page
would be written again (with the same file counts, so it is easy to miss).
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import importlib
import resource
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from bench_build import bench_names, cpu_seconds, make_list, reference_loop  # noqa: E402

from apothecary.knowledge.default import open_kb  # noqa: E402
from apothecary.site.pipeline import build_from_list, make_writer  # noqa: E402

ADDED = "Paracetamol + Caffeine\n"
TIMES: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])  # wall, cpu, calls

# (module, attribute path): the phases timed
PHASES = [
    ("apothecary.site.pipeline", "fingerprint"),
    ("apothecary.site.pipeline", "Planner.add"),
    ("apothecary.site.pipeline", "Planner.finish"),
    ("apothecary.site.pipeline", "up_to_date"),
    ("apothecary.site.pipeline", "check_out_dir"),
    ("apothecary.site.pipeline", "intact_files"),
    ("apothecary.site.pipeline", "plan_entries"),
    ("apothecary.site.pipeline", "WebExtras"),
    ("apothecary.site.pipeline", "_Build.settle_light"),
    ("apothecary.site.pipeline", "_Build.write"),
    ("apothecary.site.pagefiles", "PageFiles.search_docs"),
    ("apothecary.site.pagefiles", "PageFiles.render_pages"),
    ("apothecary.site.pagefiles", "PageFiles.ingredient_docs"),
    ("apothecary.site.pagefiles", "PageFiles._fresh"),
    ("apothecary.site.sitefiles", "SiteFiles.__init__"),
    ("apothecary.site.sitefiles", "SiteFiles.write_html_files"),
    ("apothecary.site.sitefiles", "SiteFiles.write_api_index"),
    ("apothecary.site.sitefiles", "SiteFiles.finish"),
    ("apothecary.site.sitetree", "SiteTree.flush"),
    ("apothecary.site.pipeline", "install"),
    ("apothecary.site.swap", "write_stamps"),
    ("apothecary.site.swap", "stash"),
    ("apothecary.site.swap", "swap"),
    ("apothecary.site.swap", "prune"),
    ("apothecary.site.pipeline", "prune"),
    ("apothecary.site.pipeline", "build_site"),
]


def _timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*a: Any, **k: Any) -> Any:
        w, c = time.perf_counter(), time.process_time()
        try:
            return fn(*a, **k)
        finally:
            t = TIMES[name]
            t[0] += time.perf_counter() - w
            t[1] += time.process_time() - c
            t[2] += 1
    return wrapper


def _timed_gen(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    """A generator's time is spent while it is iterated: time each step."""
    @functools.wraps(fn)
    def wrapper(*a: Any, **k: Any) -> Any:
        it = fn(*a, **k)
        t = TIMES[name]
        t[2] += 1
        while True:
            w, c = time.perf_counter(), time.process_time()
            try:
                item = next(it)
            except StopIteration:
                return
            finally:
                t[0] += time.perf_counter() - w
                t[1] += time.process_time() - c
            yield item
    return wrapper


def instrument() -> None:
    for mod_name, path in PHASES:
        obj: Any = importlib.import_module(mod_name)
        *owners, attr = path.split(".")
        for o in owners:
            obj = getattr(obj, o)
        setattr(obj, attr, _timed(path, getattr(obj, attr)))
    for mod_name, attr in (("apothecary.render.jsonapi3", "publish"),
                           ("apothecary.render.jsonapi4", "publish_drafts")):
        mod = importlib.import_module(mod_name)
        setattr(mod, attr, _timed_gen(f"{mod_name.rsplit('.', 1)[1]}.{attr}",
                                      getattr(mod, attr)))
    from apothecary.render import search
    index_docs = search.index_docs

    def timed_index(*a: Any) -> Any:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        try:
            return index_docs(*a)
        finally:
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = TIMES["Pagefind (child process CPU)"]
            t[1] += (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
            t[2] += 1
    search.index_docs = _timed("search.index_docs (thread)", timed_index)


def copy_site(base: Path, work: Path) -> None:
    for p in work.parent.glob(f".{work.name}*"):
        shutil.rmtree(p) if p.is_dir() else p.unlink()
    if work.exists():
        shutil.rmtree(work)
    subprocess.run(["cp", "-a", str(base), str(work)], check=True)
    state = base.parent / f".{base.name}.apothecary"
    subprocess.run(["cp", "-a", str(state), str(work.parent / f".{work.name}.apothecary")],
                   check=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", type=Path)
    ap.add_argument("--lines", type=int, default=4000)
    ap.add_argument("--formats", default="html,jekyll,json")
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--profile", type=Path, default=None, help="cProfile output (last run)")
    ap.add_argument("--noop", action="store_true", help="rebuild with nothing changed")
    ap.add_argument("--rebase", action="store_true", help="make DIR/base again")
    args = ap.parse_args()
    formats = tuple(args.formats.split(","))
    kb = open_kb()
    lines = make_list(bench_names(kb), args.lines)
    args.dir.mkdir(parents=True, exist_ok=True)
    src, base, work = args.dir / "list.txt", args.dir / "base", args.dir / "work"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    made = args.rebase or not base.exists()
    if made:
        for p in args.dir.glob(".base*"):
            shutil.rmtree(p) if p.is_dir() else p.unlink()
        shutil.rmtree(base, ignore_errors=True)
        t = time.perf_counter()
        build_from_list(src, kb, base, formats, make_writer("template", kb), jobs=args.jobs)
        print(f"base built in {time.perf_counter() - t:.1f} s")
    if not args.noop:
        with src.open("a", encoding="utf-8") as f:
            f.write(ADDED)
    instrument()
    print(f"reference loop {reference_loop():.2f} s")
    for n in range(args.runs):
        copy_site(base, work)
        TIMES.clear()
        prof = cProfile.Profile() if args.profile and n == args.runs - 1 else None
        cpu0, t = cpu_seconds(), time.perf_counter()
        if prof:
            prof.enable()
        report = build_from_list(src, kb, work, formats, make_writer("template", kb),
                                 jobs=args.jobs)
        if prof:
            prof.disable()
            prof.dump_stats(args.profile)
        dt, cpu = time.perf_counter() - t, cpu_seconds() - cpu0
        c = report["counts"]
        fresh = " (up to date)" if report.get("up_to_date") else ""
        print(f"run {n + 1}: {dt:.2f} s, CPU {cpu:.2f} s, written {c.get('files_written')}, "
              f"reused {c.get('files_reused')}{fresh}")
        for name, (w, cp, k) in sorted(TIMES.items(), key=lambda kv: -kv[1][0]):
            print(f"  {name:<40} {w:7.3f} s  CPU {cp:7.3f} s  x{k}")
    print(f"reference loop after {reference_loop():.2f} s")
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    print(f"peak memory: this process {me} MB, largest child {kids} MB"
          f"{' (the base build included)' if made else ''}")


if __name__ == "__main__":
    main()
