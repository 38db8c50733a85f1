"""Benchmark `apothecary build` against Hugo rendering the same pages (issue #14).

Builds the bench list (bench_build.py's generator: the shipped KB's own names), then runs
Hugo over the build's own Jekyll export with a one-line layout, alternating the two in
pairs so both see the same machine load, and prints the ratio of medians (wall and CPU).
The first full build starts with an empty monograph cache (printed apart); the pairs
find it filled, as any later build with the same knowledge base and code does.
Also: Pagefind alone over the full build's search documents against Hugo (a floor under
the full build's time: the search index is part of it), the Jekyll export alone against
Hugo, a no-op rebuild, a rebuild with one line added, each build's output size by folder,
and the peak memory of a build run in a fresh process (with `--scale N`: of an N-line list
too, to show memory stays bounded).

    .venv/bin/python bench/bench_vs_hugo.py [--lines 4000] [--pairs 3] [--jobs N]
                                            [--scale 100000]

Hugo comes from Debian (`apt-get install -y hugo`), installed here when missing and
possible. Timings on a shared VM swing: the reference loop (as in bench_build.py) says how
fast the machine was during the run.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_build import cpu_seconds, make_list, reference_loop  # noqa: E402

from apothecary.knowledge.default import open_kb  # noqa: E402
from apothecary.render import search  # noqa: E402
from apothecary.site import state  # noqa: E402
from apothecary.site.pipeline import build_from_list, make_writer  # noqa: E402

FULL = ("html", "jekyll", "json")  # html brings the search index and the web extras
LAYOUT = "<!doctype html><title>{{ .Title }}</title>{{ .Content }}\n"  # the one-line layout


def bench_list(lines: int) -> list[str]:
    kb = open_kb()
    names = sorted(n for n in kb.drug_names().values() if n.replace(" ", "").isalpha()
                   and len(n) < 25)
    random.Random(1).shuffle(names)
    return make_list(names[:1500], lines)


def hugo_binary() -> str | None:
    found = shutil.which("hugo")
    if found is None and shutil.which("apt-get"):
        print("hugo missing: apt-get install -y hugo", flush=True)
        subprocess.run(["apt-get", "install", "-y", "-q", "hugo"], check=False,
                       stdout=subprocess.DEVNULL)
        found = shutil.which("hugo")
    return found


def hugo_site(folder: Path, content: Path) -> Path:
    """A Hugo site whose content is the build's Jekyll export and whose every layout is
    one line (the seed pages' `layout: default` picks default.html)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.toml").write_text(
        f'baseURL = "http://localhost/"\ncontentDir = "{content}"\n'
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n', encoding="utf-8")
    layouts = folder / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    for name in ("single.html", "list.html", "default.html"):
        (layouts / name).write_text(LAYOUT, encoding="utf-8")
    (folder / "layouts" / "index.html").write_text(LAYOUT, encoding="utf-8")
    return folder


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds (this process and its waited-for children)."""
    c, t = cpu_seconds(), time.perf_counter()
    fn()
    return time.perf_counter() - t, cpu_seconds() - c


def sizes(site: Path) -> tuple[dict[str, tuple[int, int]], int, int]:
    """Bytes and files by top folder (the drug pages' letter folders as one)."""
    out: dict[str, tuple[int, int]] = {}
    for p in site.rglob("*"):
        if not p.is_file():
            continue
        parts = p.relative_to(site).parts
        top = "(site root files)" if len(parts) == 1 else \
            "(HTML pages, a/ … z/)" if len(parts[0]) == 1 else parts[0] + "/"
        b, n = out.get(top, (0, 0))
        out[top] = (b + p.stat().st_size, n + 1)
    return out, sum(b for b, _ in out.values()), sum(n for _, n in out.values())


def print_sizes(site: Path) -> None:
    by, total, files = sizes(site)
    print(f"output: {total / 1e6:.1f} MB in {files} files")
    for top, (b, n) in sorted(by.items(), key=lambda x: -x[1][0]):
        print(f"  {top:<24} {b / 1e6:7.1f} MB {n:7d} files")
    jb, jn = by.get("jekyll/", (0, 0))
    if jb:  # the Jekyll export is for a Jekyll site: an HTML site is published without it
        print(f"  without jekyll/ (the HTML site and its API): {(total - jb) / 1e6:.1f} MB in "
              f"{files - jn} files")
    kept = state.state_dir(site)
    if kept != site:  # the build's own state, beside the site: not published
        _, total, files = sizes(kept)
        print(f"  (build state beside it, not published: {total / 1e6:.1f} MB in {files} files)")


def single(lines: int, jobs: int | None) -> None:
    """One full build in this (fresh) process: time and peak memory, as JSON."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "list.txt"
        src.write_text("\n".join(bench_list(lines)) + "\n", encoding="utf-8")
        kb = open_kb()
        os.environ["APOTHECARY_CACHE_DIR"] = str(Path(tmp) / "cache")  # monographs: empty
        report: dict[str, object] = {}
        wall, cpu = timed(lambda: report.update(build_from_list(
            src, kb, Path(tmp) / "site", FULL, make_writer("template", kb), jobs=jobs)))
        me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        _, total, files = sizes(Path(tmp) / "site")
        counts = report["counts"]
        assert isinstance(counts, dict)
        print(json.dumps({"lines": lines, "pages": counts["pages"], "wall": wall, "cpu": cpu,
                          "peak_mb": me, "child_peak_mb": kids, "bytes": total,
                          "files": files}))


def fresh_process(lines: int, jobs: int | None) -> dict[str, float]:
    cmd = [sys.executable, __file__, "--single", "--lines", str(lines)]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    data: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return data


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=4000)
    ap.add_argument("--pairs", type=int, default=3, help="build/Hugo pairs (medians)")
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--scale", type=int, default=0, help="also build an N-line list")
    ap.add_argument("--single", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.single:
        single(args.lines, args.jobs)
        return
    hugo = hugo_binary()
    kb = open_kb()
    print(f"{args.lines} lines, reference loop {reference_loop():.2f} s "
          "(lower: a faster machine right now)", flush=True)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        src = tmp / "list.txt"
        src.write_text("\n".join(bench_list(args.lines)) + "\n", encoding="utf-8")
        pages = [0]

        def build(out: Path, formats: tuple[str, ...]) -> None:
            report = build_from_list(src, kb, out, formats, make_writer("template", kb),
                                     jobs=args.jobs)
            pages[0] = report["counts"]["pages"]

        runs: dict[str, list[tuple[float, float]]] = {"full": [], "jekyll": [], "hugo": [],
                                                       "pagefind": []}
        site = tmp / "site"
        # the monograph cache (site/buildcache.py) in a folder of this run's (the KB is
        # open already): the first build starts with it empty, the pairs then find it
        # filled, as a second build would
        old_cache = os.environ.get("APOTHECARY_CACHE_DIR")
        os.environ["APOTHECARY_CACHE_DIR"] = str(tmp / "cache")
        w, c = timed(functools.partial(build, tmp / "cold", FULL))
        print(f"full build, monograph cache empty: {w:.2f} s (CPU {c:.2f} s)", flush=True)
        shutil.rmtree(tmp / "cold")
        for n in range(args.pairs):
            for kind, formats in (("full", FULL), ("jekyll", ("jekyll",))):
                out = tmp / f"{kind}{n}"
                runs[kind].append(timed(functools.partial(build, out, formats)))
                if n == args.pairs - 1 and kind == "full":
                    site = out
            # the search indexer alone over the full build's own search documents: a
            # floor under the full build that no work of ours can lower
            docs = state.state_dir(tmp / f"full{n}") / search.DOCS_DIR
            runs["pagefind"].append(timed(functools.partial(
                search.index_docs, docs, tmp / f"pagefind{n}")))
            if hugo:
                hs = hugo_site(tmp / "hugo", tmp / f"jekyll{n}" / "jekyll")
                dest = tmp / f"hugo-out{n}"
                runs["hugo"].append(timed(functools.partial(
                    subprocess.run, [hugo, "--source", str(hs), "--destination", str(dest),
                                     "--quiet"], check=True)))
            print(f"pair {n + 1}/{args.pairs}: " + ", ".join(
                f"{k} {v[-1][0]:.2f} s (CPU {v[-1][1]:.2f})" for k, v in runs.items() if v),
                flush=True)
        med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v))
               for k, v in runs.items() if v}
        print(f"{pages[0]} pages; medians of {args.pairs}:")
        for k, (w, c) in med.items():
            print(f"  {k:<8} wall {w:6.2f} s  CPU {c:6.2f} s")
        if "hugo" in med:
            hw, hc = med["hugo"]
            hugo_files = sum(1 for p in (tmp / "hugo-out0").rglob("*.html"))
            print(f"  Hugo wrote {hugo_files} HTML files")
            for k in ("full", "jekyll", "pagefind"):
                print(f"  ratio {k}/Hugo: wall {med[k][0] / hw:.1f}x  CPU {med[k][1] / hc:.1f}x")
            print("  (pagefind: the search indexer alone, run by the full build; the full "
                  "build cannot be faster than it)")
        print_sizes(site)
        w, c = timed(lambda: build(site, FULL))
        print(f"no-op rebuild: {w:.3f} s (CPU {c:.2f} s)")
        with src.open("a", encoding="utf-8") as f:
            f.write("Paracetamol + Caffeine + Codeine\n")
        w, c = timed(lambda: build(site, FULL))
        print(f"one line added: {w:.2f} s (CPU {c:.2f} s)", flush=True)
        if old_cache is None:
            os.environ.pop("APOTHECARY_CACHE_DIR", None)
        else:
            os.environ["APOTHECARY_CACHE_DIR"] = old_cache
    for lines in [args.lines] + ([args.scale] if args.scale else []):
        d = fresh_process(lines, args.jobs)
        print(f"fresh process, {lines} lines: {d['pages']} pages in {d['wall']:.1f} s "
              f"(CPU {d['cpu']:.1f} s), peak memory {d['peak_mb']:.0f} MB "
              f"(largest child {d['child_peak_mb']:.0f} MB), output "
              f"{d['bytes'] / 1e6:.0f} MB in {d['files']} files", flush=True)
    print(f"reference loop after: {reference_loop():.2f} s")


if __name__ == "__main__":
    main()
