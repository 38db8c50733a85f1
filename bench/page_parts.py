"""What each part of the drug pages costs over a whole built site (issue #14: output size).

    .venv/bin/python bench/page_parts.py SITE [--top 30]

Splits every drug page (`<c>/<slug>/index.html`) and every companion page (the HTML files in
a page's folder below it, e.g. `interactions/index.html`) into head, JSON-LD, header, title,
key facts, table of contents, each section by its id, footer and the rest, and prints the
bytes of each part summed over the site, so the largest repeated parts show first.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

# the published pages leave out the quotes a value does not need and the `<head>`/`<body>`
# tags (issue #14, round 11), so each pattern takes both forms
PARTS = [
    ("jsonld", re.compile(r'<script type="?application/ld\+json"?>.*?</script>\n?', re.S)),
    ("head", re.compile(r'<!doctype html>.*?(?=<a class="?skip)', re.S | re.I)),
    ("header", re.compile(r'<a class="?skip.*?</header>\n?', re.S)),
    ("footer", re.compile(r"<footer.*?</footer>\n?", re.S)),
    ("title", re.compile(r'<p class="?crumbs"?>.*?</h1>\n?', re.S)),
    ("toc", re.compile(r'<nav class="?toc.*?</nav>\n?', re.S)),
]
SECTION = re.compile(r'<section id="?([^"\s>]+)"?.*?</section>\n?', re.S)


def split(html: str) -> Counter[str]:
    """Bytes of each part of one page (what no pattern takes is `rest`)."""
    out: Counter[str] = Counter()
    for name, pattern in PARTS:
        for m in pattern.finditer(html):
            out[name] += len(m.group(0).encode())
        html = pattern.sub("", html)
    for m in SECTION.finditer(html):
        out[f"section {m.group(1)}"] += len(m.group(0).encode())
    html = SECTION.sub("", html)
    out["rest"] += len(html.encode())
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("site", type=Path)
    ap.add_argument("--top", type=int, default=30)
    args = ap.parse_args()
    kinds: dict[str, Counter[str]] = {"drug page": Counter(), "companion": Counter()}
    files: Counter[str] = Counter()
    for path in sorted(args.site.glob("?/*/**/*.html")):
        rel = path.relative_to(args.site).parts
        kind = "drug page" if len(rel) == 3 else "companion"
        files[kind] += 1
        kinds[kind] += split(path.read_text("utf-8"))
    for kind, parts in kinds.items():
        total = sum(parts.values())
        print(f"{kind}s: {files[kind]} files, {total / 1e6:.2f} MB")
        for name, size in parts.most_common(args.top):
            print(f"  {name:<34} {size / 1e6:7.2f} MB  {size / max(total, 1):5.1%}")


if __name__ == "__main__":
    main()
