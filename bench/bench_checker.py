"""The interaction checker on a slow phone connection (issue 12): bytes before the first answer.

    .venv/bin/python bench/bench_checker.py [LIST] [--kb FILE]
    .venv/bin/python bench/bench_checker.py --lines 4000

Builds LIST (default examples/demo.txt; with --lines N, bench_build.py's generated list of N
lines) with the shipped knowledge base into a temporary folder, serves it with `apothecary
serve`'s own server (gzip on) and opens the checker in Chromium (Debian's /usr/bin/chromium
via Playwright) on a phone viewport, throttled like Chrome's "Slow 4G" preset (150 ms round
trip, 1.6 Mbit/s down). It then adds two medicines that interact, by typing and pressing
Enter, and prints:
- bytes over the network (gzip as served) and uncompressed, from the first request to the
  first answer (a pair card), file by file; budget 300 KB over the network;
- seconds until the checker can be used (names loaded) and until the first answer;
- the size of the one-file `api/interactions.json` the checker used to load, for comparison.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from bench_web import CHROMIUM, CHROMIUM_ARGS, build, generated_list  # noqa: E402

BUDGET = 300 * 1024
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8,
           "uploadThroughput": 750e3 / 8}
PHONE = {"width": 390, "height": 844}


def interacting_pair(site: Path) -> tuple[str, str]:
    """Titles of two single-ingredient medicines that interact, the first with the most
    partners on the site (the largest file a visitor may load)."""
    index = json.loads((site / "checker" / "index.json").read_text("utf-8"))
    single = {m[2][0]: m[0] for m in index["medicines"] if len(m[2]) == 1}
    by_id = {d[0]: i for i, d in enumerate(index["drugs"])}
    best: tuple[int, str, str] | None = None
    for d, title in single.items():
        drug = index["drugs"][d]
        name = drug[2] if len(drug) > 2 else f"{drug[0]}.json"
        partners = json.loads((site / "checker" / "d" / name).read_text("utf-8"))["p"]
        others = [single[by_id[o]] for o in partners if by_id.get(o) in single]
        if others and (best is None or len(partners) > best[0]):
            best = (len(partners), title, others[0])
    if best is None:
        sys.exit("no two single-ingredient medicines on this site interact")
    return best[1], best[2]


def measure(site: Path, first: str, second: str) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    from apothecary.serve import make_server

    server = make_server(site, 0, verbose=False)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    files: dict[str, dict[str, int]] = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            cdp.send("Network.emulateNetworkConditions", SLOW_4G)
            urls: dict[str, str] = {}
            cdp.on("Network.requestWillBeSent",
                   lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
            cdp.on("Network.loadingFinished", lambda e: files.__setitem__(
                urls.get(e["requestId"], "?").removeprefix(url),
                {"wire": int(e["encodedDataLength"])}))
            start = time.perf_counter()
            page.goto(url + "checker/")
            page.locator("#checker[data-ready=true]").wait_for(timeout=120_000)
            ready = time.perf_counter() - start
            box = page.get_by_role("combobox", name="Add a medicine you take")
            for title in (first, second):
                box.fill(title)
                page.get_by_role("option", name=title, exact=True).wait_for()
                box.press("Enter")
            page.locator("#checker-results .checker-pair").first.wait_for(timeout=120_000)
            answer = time.perf_counter() - start
            answered = dict(files)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    for rel in answered:
        path = site / rel.split("?")[0]
        if path.is_dir():
            path = path / "index.html"
        answered[rel]["raw"] = path.stat().st_size if path.is_file() else 0
    return {"ready_s": ready, "answer_s": answer, "files": answered}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("list", nargs="?", type=Path, default=REPO / "examples" / "demo.txt")
    ap.add_argument("--kb", type=Path)
    ap.add_argument("--lines", type=int, help="build bench_build.py's list of N lines")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        list_path = generated_list(args.lines, folder) if args.lines else args.list
        site = folder / "site"
        report = build(list_path, site, args.kb)
        first, second = interacting_pair(site)
        print(f"{report['counts']['pages']} pages; checking {first!r} with {second!r} "
              "on a 390×844 phone, Slow 4G (150 ms, 1.6 Mbit/s)")
        result = measure(site, first, second)
        wire = sum(f["wire"] for f in result["files"].values())
        raw = sum(f["raw"] for f in result["files"].values())
        for rel, f in sorted(result["files"].items(), key=lambda kv: -kv[1]["wire"]):
            print(f"  {f['wire'] / 1024:8.1f} KB  ({f['raw'] / 1024:8.1f} KB unzipped)  {rel}")
        verdict = "within" if wire <= BUDGET else "OVER"
        print(f"before the first answer: {wire / 1024:.1f} KB over the network "
              f"({raw / 1024:.1f} KB unzipped), {verdict} the {BUDGET // 1024} KB budget")
        print(f"usable after {result['ready_s']:.1f} s, first answer after "
              f"{result['answer_s']:.1f} s (including typing)")
        old = site / "api" / "interactions.json"
        if old.is_file():
            print(f"for comparison, api/interactions.json (the old checker's one file): "
                  f"{old.stat().st_size / 1024:.1f} KB")


if __name__ == "__main__":
    main()
