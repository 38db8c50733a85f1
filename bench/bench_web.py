"""Web budgets (issue 6): drug-page weight and in-browser search latency.

    .venv/bin/python bench/bench_web.py [LIST] [--kb FILE] [--runs N]
    .venv/bin/python bench/bench_web.py --lines 4000 --no-browser

Builds LIST (default examples/demo.txt; with --lines N, bench_build.py's generated list of
N lines) with the shipped knowledge base into a temporary folder, then prints:
- each drug page's weight: its HTML plus every stylesheet and script it links (the Pagefind
  index, loaded only when someone searches, is not counted). Budget: 30 KB. Companion pages
  (the rest of a long list, in the drug page's folder) are counted separately, same budget.
- search latency in Chromium (Debian's /usr/bin/chromium via Playwright): after the index
  is loaded and warmed up, the time `pagefind.search(q)` takes, and search plus loading the
  top five results' data. Budget: 50 ms. --no-browser skips it (and the search index).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
PAGE_BUDGET = 30 * 1024
SEARCH_BUDGET_MS = 50.0
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ASSET = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"')


def build(list_path: Path, out: Path, kb: Path | None,
          brands: Path | None = None) -> dict[str, Any]:
    from click.testing import CliRunner

    from apothecary.cli import cli

    args = ["build", str(list_path), "--out", str(out), "--format", "html"]
    if kb:
        args += ["--kb", str(kb)]
    if brands:
        args += ["--brands", str(brands)]
    start = time.perf_counter()
    result = CliRunner().invoke(cli, args)
    if result.exit_code != 0:
        sys.exit(f"build failed: {result.output}")
    print(f"built {list_path.name} in {time.perf_counter() - start:.1f} s")
    report: dict[str, Any] = json.loads((out / "build-report.json").read_text("utf-8"))
    return report


def generated_list(lines: int, folder: Path) -> Path:
    """bench_build.py's list of `lines` lines, from the same names it picks."""
    sys.path.insert(0, str(REPO / "bench"))
    import random

    from bench_build import make_list

    from apothecary.knowledge.default import open_kb

    kb = open_kb()
    names = sorted(n for n in kb.drug_names().values() if n.replace(" ", "").isalpha()
                   and len(n) < 25)  # as bench_build.main
    random.Random(1).shuffle(names)
    path = folder / f"list-{lines}.txt"
    path.write_text("\n".join(make_list(names[:1500], lines)) + "\n", encoding="utf-8")
    return path


def drug_and_companion_pages(site: Path, report: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Site paths of the drug pages and of their companion pages (folders inside theirs)."""
    pages = [p["html"] for p in report["pages"]]
    companions = [str(c.relative_to(site)) for rel in pages
                  for c in sorted((site / rel).parent.glob("*/index.html"))]
    return pages, companions


def page_weights(site: Path, paths: list[str]) -> list[tuple[int, int, str]]:
    """(bytes, gzipped bytes, path) of HTML + linked CSS/JS for every page given."""
    out = []
    for rel in paths:
        html_path = site / rel
        html = html_path.read_bytes()
        parts = [html]
        for href in ASSET.findall(html.decode("utf-8")):
            asset = (html_path.parent / href).resolve()
            if asset.is_file() and "pagefind" not in asset.parts:
                parts.append(asset.read_bytes())
        total = sum(len(x) for x in parts)
        zipped = sum(len(gzip.compress(x)) for x in parts)
        out.append((total, zipped, rel))
    return sorted(out)


def moved_lists(site: Path, companions: list[str]) -> dict[str, int]:
    """How many companion bullets carry each list label ("How often is not known", ...)."""
    counts: dict[str, int] = {}
    for rel in companions:
        for label in re.findall(r"<li><strong>([^<]*?)(?: \([^<]*\))?:</strong>",
                                (site / rel).read_text("utf-8")):
            counts[label] = counts.get(label, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


def summary(label: str, weights: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Print min / median / p95 / max and how many are within budget; the ones over."""
    sizes = [w[0] for w in weights]
    over = [w for w in weights if w[0] > PAGE_BUDGET]
    print(f"\n{label}: {len(weights)} (HTML + linked CSS/JS, budget {PAGE_BUDGET // 1024} KB)")
    if not weights:
        return over
    print(f"  min {min(sizes) / 1024:.1f} KB  median {statistics.median(sizes) / 1024:.1f} KB"
          f"  p95 {pct(sizes, .95) / 1024:.1f} KB  max {max(sizes) / 1024:.1f} KB"
          f"  (max gzipped {max(w[1] for w in weights) / 1024:.1f} KB)")
    print(f"  within budget: {len(weights) - len(over)}/{len(weights)}")
    for size, _, path in over[-5:]:
        print(f"  over: {path} {size / 1024:.1f} KB")
    return over


def breakdown(html: str) -> list[tuple[int, str]]:
    """Bytes per part of a drug page (each <section>, the JSON-LD, the rest)."""
    parts = re.split(r'(?=<section id=")|(?=<script type="application/ld)|(?=</article>)', html)
    named = []
    for part in parts:
        m = re.match(r'<section id="([^"]+)"|<script type="(application/ld\+json)', part)
        name = (m.group(1) or m.group(2)) if m else "layout and header"
        named.append((len(part.encode("utf-8")), name))
    return sorted(named, reverse=True)


def search_queries(report: dict[str, Any]) -> list[str]:
    titles = [p["title"] for p in report["pages"]]
    return [*titles[:20], "acetaminophen", "albuterol", "hypertension", "diabetes", "pain",
            "infection", "amoxycillin", "hydrochloride", "fever", "asthma"]


TIMING_JS = """
async ([queries, runs]) => {
  const pf = await import(new URL('pagefind/pagefind.js', location.href).href);
  await pf.options({baseUrl: '/'});
  await pf.init();
  for (const q of queries) { await pf.search(q); }           // warm-up: index chunks loaded
  const search = [], full = [];
  for (let r = 0; r < runs; r++) {
    for (const q of queries) {
      let t = performance.now();
      const res = await pf.search(q);
      search.push(performance.now() - t);
      t = performance.now();
      const again = await pf.search(q + ' ');
      await Promise.all(again.results.slice(0, 5).map(x => x.data()));
      full.push(performance.now() - t);
    }
  }
  return {search, full};
}
"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


def evaluate_in_chromium(site: Path, js: str, args: list[Any], server: Any = None) -> Any:
    """Serve `site` (or use `server`), open its home page in Chromium and return what `js`
    gives for `args`; None (said why) without Playwright or Chromium."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        why = "playwright not installed"
    else:
        why = "" if Path(CHROMIUM).is_file() else f"{CHROMIUM} not installed"
    if why:
        print(f"search latency: skipped ({why})")
        if server is not None:
            server.server_close()
        return None
    if server is None:
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
            result = page.evaluate(js, args)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return result


def search_latency(site: Path, queries: list[str], runs: int) -> dict[str, list[float]] | None:
    timings: dict[str, list[float]] | None = evaluate_in_chromium(site, TIMING_JS,
                                                                   [queries, runs])
    return timings


def pct(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("list", nargs="?", type=Path, default=REPO / "examples" / "demo.txt")
    ap.add_argument("--kb", type=Path, default=None)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--lines", type=int, default=None,
                    help="build bench_build.py's generated list of this many lines instead")
    ap.add_argument("--no-browser", action="store_true",
                    help="page weights only: no search index, no Chromium")
    args = ap.parse_args()
    if args.no_browser:
        from apothecary.render import search

        search.available = lambda: False  # the build skips Pagefind
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        lst = generated_list(args.lines, Path(tmp)) if args.lines else args.list
        report = build(lst, site, args.kb)
        search_note = report.get("search", {}).get("message", "n/a")
        print(f"search index: {'skipped (--no-browser)' if args.no_browser else search_note}")
        pages, companions = drug_and_companion_pages(site, report)
        over = summary("drug pages", page_weights(site, pages))
        if over:
            biggest = over[-1][2]
            parts = breakdown((site / biggest).read_text("utf-8"))
            print("  largest page by part: " + ", ".join(
                f"{name} {size / 1024:.1f} KB" for size, name in parts[:5]))
        with_companions = {str(Path(c).parent.parent) for c in companions}
        summary(f"companion pages (of {len(with_companions)} drug pages)",
                page_weights(site, companions))
        moved = moved_lists(site, companions)
        if moved:
            print("  lists moved (bullets): " + ", ".join(f"{k} {v}" for k, v in moved.items()))
        if args.no_browser:
            return
        timings = search_latency(site, search_queries(report), args.runs)
        if timings:
            for name, values in (("search()", timings["search"]),
                                 ("search() + top-5 data()", timings["full"])):
                print(f"\n{name}: {len(values)} queries  median {statistics.median(values):.1f} ms"
                      f"  p95 {pct(values, .95):.1f} ms  max {max(values):.1f} ms"
                      f"  (budget {SEARCH_BUDGET_MS:.0f} ms)")


if __name__ == "__main__":
    main()
