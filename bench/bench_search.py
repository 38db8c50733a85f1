"""Search and A–Z budgets (issue 12): the name index's size, search latency after warm-up,
what the issue's queries find, and the largest A–Z page.

    .venv/bin/python bench/bench_search.py [LIST] [--brands CSV] [--kb FILE] [--runs N]
    .venv/bin/python bench/bench_search.py --lines 4000

Builds LIST (default examples/demo.txt, with the made-up tests/fixtures/brands.csv; with
--lines N, bench_build.py's generated list of N lines) with the shipped knowledge base, serves
it with `apothecary serve`'s server and prints:
- search/names.json and search/topics.json, raw and gzipped (what `serve` sends);
- the A–Z pages: how many, the largest (HTML + linked CSS/JS; budget 100 KB) and the home page;
- in Debian's Chromium: the first answer (index fetched and parsed), then the time
  static/find.js takes to answer each query and list its first 20 results after warm-up
  (budget 50 ms), and the top result of each of the issue's queries.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from bench_web import ASSET, build, evaluate_in_chromium, generated_list, pct  # noqa: E402

AZ_BUDGET = 100 * 1024
LATENCY_BUDGET_MS = 50.0
ISSUE_QUERIES = ["Dolo 650", "dolo", "Crocin", "Augmentin", "Glycomet", "paracetmol",
                 "amoxicilin", "cetrizine", "azithromicin", "ibuprofin", "co-amoxiclav",
                 "fever", "hypertension", "BP", "sugar", "acidity", "gas", "loose motions",
                 "blood thinner", "water tablet", "painkiller", "metformin hydrochloride",
                 "paracetamol", "hydroxyzine", "prednisone"]

TIMING_JS = """
async ([queries, runs]) => {
  const box = document.querySelector('#site-search-q');
  let t = performance.now();
  box.dispatchEvent(new Event('focus'));
  while (!window.apothecarySearch) await new Promise(r => setTimeout(r, 5));
  const s = window.apothecarySearch;
  const first = await s.search(queries[0]);
  await first.slice(0, 20);
  const cold = performance.now() - t;
  for (const q of queries) { const f = await s.search(q); if (f.slice) await f.slice(0, 20); }
  const times = [], index = [], top = {}, slow = {};
  for (let r = 0; r < runs; r++) {
    for (const q of queries) {
      t = performance.now();
      const f = await s.search(q);
      const items = f.slice ? await f.slice(0, 20) : [];
      const ms = performance.now() - t;
      times.push(ms);
      if (!f.fulltext) index.push(ms);
      slow[q] = Math.max(slow[q] || 0, ms);
      if (r === 0) top[q] = {total: f.total, fix: f.fix, fulltext: !!f.fulltext,
                             first: items.slice(0, 3).map(x => x.title)};
    }
  }
  return {cold, times, index, top, slow};
}
"""


def sizes(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    return len(data), len(gzip.compress(data))


def weight(site: Path, rel: str) -> tuple[int, int]:
    """HTML + linked CSS/JS of one page, raw and gzipped."""
    html_path = site / rel
    parts = [html_path.read_bytes()]
    for href in ASSET.findall(parts[0].decode("utf-8")):
        asset = (html_path.parent / href).resolve()
        if asset.is_file():
            parts.append(asset.read_bytes())
    return sum(len(p) for p in parts), sum(len(gzip.compress(p)) for p in parts)


def report_files(site: Path) -> None:
    print("\nname index (loaded when a reader first uses the search box):")
    for rel in ("search/names.json", "search/topics.json", "static/find.js"):
        raw, gz = sizes(site / rel)
        print(f"  {rel}: {raw / 1024:.1f} KB, gzipped {gz / 1024:.1f} KB")
    letters = sorted(str(p.relative_to(site)) for p in (site / "az").rglob("index.html"))
    weights = sorted((weight(site, rel), rel) for rel in letters)
    (raw, gz), rel = weights[-1]
    home = weight(site, "index.html")
    print(f"\nA–Z: {len(letters)} letter pages; largest {rel}: {raw / 1024:.1f} KB "
          f"(gzipped {gz / 1024:.1f} KB; budget {AZ_BUDGET // 1024} KB); "
          f"home page {home[0] / 1024:.1f} KB (gzipped {home[1] / 1024:.1f} KB)")
    over = [r for (w, _), r in weights if w > AZ_BUDGET]
    print(f"  within budget: {len(letters) - len(over)}/{len(letters)}")


def latency(site: Path, queries: list[str], runs: int) -> None:
    from apothecary.serve import make_server

    result: dict[str, Any] | None = evaluate_in_chromium(
        site, TIMING_JS, [queries, runs], make_server(site, 0, verbose=False))
    if result is None:
        return
    times = result["times"]
    print(f"\nsearch in Chromium: first answer (index fetched) {result['cold']:.0f} ms; after "
          f"warm-up, {len(times)} answers with their first 20 results: median "
          f"{statistics.median(times):.2f} ms, p95 {pct(times, .95):.2f} ms, max "
          f"{max(times):.2f} ms (budget {LATENCY_BUDGET_MS:.0f} ms)")
    index = result["index"]
    if index:
        print(f"  answered from the name index ({len(index)}): median "
              f"{statistics.median(index):.2f} ms, p95 {pct(index, .95):.2f} ms, "
              f"max {max(index):.2f} ms")
    slowest = sorted(result["slow"].items(), key=lambda kv: -kv[1])[:5]
    print("  slowest: " + ", ".join(f"{q!r} {ms:.1f} ms" for q, ms in slowest))
    print("\nwhat the issue's queries find (count, did-you-mean, first results):")
    for q in ISSUE_QUERIES:
        top = result["top"].get(q)
        if top is None:
            continue
        fix = f" did you mean {' / '.join(top['fix'])}?" if top["fix"] else ""
        kind = " (full text)" if top["fulltext"] else ""
        print(f"  {q!r}: {top['total']}{kind}{fix} -> {'; '.join(top['first'])}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("list", nargs="?", type=Path, default=REPO / "examples" / "demo.txt")
    ap.add_argument("--brands", type=Path, default=REPO / "tests" / "fixtures" / "brands.csv")
    ap.add_argument("--kb", type=Path, default=None)
    ap.add_argument("--lines", type=int, default=0, help="bench_build's generated list instead")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        folder = Path(tmp)
        list_path = generated_list(args.lines, folder) if args.lines else args.list
        site = folder / "site"
        build(list_path, site, args.kb, args.brands)
        report_files(site)
        latency(site, ISSUE_QUERIES, args.runs)


if __name__ == "__main__":
    main()
