"""Benchmark `apothecary build`: a full build of a 4,000-line list and a no-op rebuild.

The list is generated from the shipped knowledge base's own drug names (single generics,
2–3 ingredient combinations in the list formats seen in real lists, strength variants,
reorderings and a few bad lines), so it needs nothing outside the repository.

    .venv/bin/python bench/bench_build.py [--lines 4000] [--formats html,jekyll,json]
                                          [--runs 5] [--jobs N]

Wall-clock times on a shared VM swing by ±30 %; the CPU time (all processes, Pagefind
included) is printed beside each, and the full build is run several times (median).
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

from apothecary.knowledge.default import open_kb
from apothecary.knowledge.store import KnowledgeBase
from apothecary.render import search
from apothecary.site import workers
from apothecary.site.pipeline import build_from_list, make_writer

SEARCH_TIME = [0.0]
_index_docs = search.index_docs


def timed_index_docs(docs_dir: Path, bundle_dir: Path) -> search.SearchIndex:
    """Time the Pagefind step separately: a subprocess running beside the rendering."""
    t = time.perf_counter()
    try:
        return _index_docs(docs_dir, bundle_dir)
    finally:
        SEARCH_TIME[0] += time.perf_counter() - t


search.index_docs = timed_index_docs


def make_list(names: list[str], lines: int, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    out: list[str] = []
    while len(out) < lines:
        r = rng.random()
        if r < 0.45:
            out.append(rng.choice(names).title())
        elif r < 0.55:
            out.append(f"{rng.choice(names).title()} ({rng.choice([5, 10, 250, 500])}mg)")
        elif r < 0.75:
            a, b = rng.sample(names, 2)
            out.append(f"{a.title()} + {b.title()}")
            out.append(f"'{b.title()} ({rng.randint(1, 99)}mg)', '{a.title()} (500mg)'")
        elif r < 0.95:
            a, b, c = rng.sample(names, 3)
            out.append(f"{a.title()}, {b.title()}, {c.title()}")
        else:
            out.append(rng.choice(["Antibiotic", "Qwertyzol", "Hydrochloride", "<b>x</b>"]))
    return out[:lines]


def bench_names(kb: KnowledgeBase) -> list[str]:
    """The 1,500 names the bench list is made of: plain single-word-ish INN names the
    resolver takes as they are, in a fixed shuffled order."""
    names = sorted(n for n in kb.drug_names().values() if n.replace(" ", "").isalpha()
                   and len(n) < 25)
    random.Random(1).shuffle(names)
    return names[:1500]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=4000)
    ap.add_argument("--formats", default="html,jekyll,json")
    ap.add_argument("--runs", type=int, default=5, help="full builds (each into a new folder)")
    ap.add_argument("--jobs", type=int, default=None, help="processes (default: one per core)")
    args = ap.parse_args()
    formats = tuple(args.formats.split(","))
    kb = open_kb()
    names = bench_names(kb)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "list.txt"
        src.write_text("\n".join(make_list(names, args.lines)) + "\n", encoding="utf-8")

        def run(label: str, out: Path) -> tuple[float, float]:
            """One build: prints and returns its wall time and CPU time (this process, its
            workers and Pagefind), the steadier figure on a shared machine."""
            cpu0 = cpu_seconds()
            t = time.perf_counter()
            SEARCH_TIME[0] = 0.0
            report = build_from_list(src, kb, out, formats, make_writer("template", kb),
                                     jobs=args.jobs)
            dt = time.perf_counter() - t
            cpu = cpu_seconds() - cpu0
            pages = report["counts"]["pages"]
            print(f"{label:<22} {dt:7.2f} s  {pages} pages  {pages / dt:9.0f} pages/s"
                  f"  CPU {cpu:5.2f} s  (files written "
                  f"{report['counts'].get('files_written', 0)},"
                  f" reused {report['counts'].get('files_reused', 0)}"
                  f"{', up to date' if report.get('up_to_date') else ''})"
                  f"  Pagefind {SEARCH_TIME[0]:.2f} s")
            return dt, cpu

        print(f"{args.lines} lines, formats {','.join(formats)}, "
              f"jobs {args.jobs or workers.cpu_count()}, "
              f"reference loop {reference_loop():.2f} s (lower: a faster machine right now)")
        fulls = [run(f"full build {n + 1}/{args.runs}", Path(tmp) / f"site{n}")
                 for n in range(args.runs)]
        walls = [w for w, _ in fulls]
        cpus = [c for _, c in fulls]
        print(f"reference loop after: {reference_loop():.2f} s")
        print(f"full build: median {statistics.median(walls):.2f} s "
              f"(min {min(walls):.2f}, max {max(walls):.2f}), "
              f"CPU median {statistics.median(cpus):.2f} s")
        out = Path(tmp) / f"site{args.runs - 1}"
        run("no-op rebuild", out)
        with src.open("a", encoding="utf-8") as f:
            f.write("Paracetamol + Caffeine\n")
        run("one line added", out)


def reference_loop() -> float:
    """Seconds a fixed pure-Python loop takes now: how fast this shared machine is at the
    moment (it swings by half between minutes), so figures from different runs compare."""
    t = time.perf_counter()
    total = 0
    for i in range(3_000_000):
        total += i * i
    return time.perf_counter() - t


def cpu_seconds() -> float:
    """User + system time of this process and of its finished children."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


if __name__ == "__main__":
    main()
