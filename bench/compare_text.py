"""Compare the visible text of two builds of the same list, page folder by page folder
(issue #14: content moves, it is not dropped).

    .venv/bin/python bench/compare_text.py BEFORE AFTER [--top 40]

For every drug page folder of BEFORE (`<c>/<slug>/`: the drug page and its companion pages),
every text node (the text between two tags, whitespace folded, entities decoded; the head and
scripts left out) must be found, in AFTER, in the same folder's pages or in the class pages
(`classes/<slug>/`) they link. Prints what is not, grouped (digits folded), with an example.
"""

from __future__ import annotations

import argparse
import html
import re
from collections import Counter
from pathlib import Path

TAG = re.compile(r"<[^>]+>")
# (a published page's `<head>` tag is implied since issue #14's round 11: its title is the
# only text in it)
HIDDEN = re.compile(r"<script.*?</script>|<head>.*?</head>|<title>.*?</title>", re.S)
CLASS_LINK = re.compile(r'href="?(?:\.\./)+(classes/[^"#\s>]+/)"?')


def nodes(page: str) -> list[str]:
    """The page's visible text nodes."""
    return [" ".join(html.unescape(x).split()) for x in TAG.split(HIDDEN.sub("", page))
            if x.strip()]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    ap.add_argument("--top", type=int, default=40)
    args = ap.parse_args()
    missing: Counter[str] = Counter()
    example: dict[str, tuple[str, str]] = {}
    folders = sorted(p.parent for p in args.before.glob("?/*/index.html"))
    for folder in folders:
        rel = folder.relative_to(args.before)
        texts = [p.read_text("utf-8") for p in sorted((args.after / rel).rglob("index.html"))]
        linked = sorted({c for t in texts for c in CLASS_LINK.findall(t)})
        texts += [(args.after / c / "index.html").read_text("utf-8") for c in linked]
        after = "\n".join(n for t in texts for n in nodes(t))
        for p in sorted(folder.rglob("index.html")):
            for n in nodes(p.read_text("utf-8")):
                if n not in after:
                    key = re.sub(r"\d+", "N", n)[:80]
                    missing[key] += 1
                    example.setdefault(key, (str(rel), n[:160]))
    for key, count in missing.most_common(args.top):
        print(f"{count:6}  {key}\n        e.g. {example[key][0]}: {example[key][1]}")
    print(f"{len(folders)} page folders; {sum(missing.values())} text nodes not found after, "
          f"{len(missing)} kinds")


if __name__ == "__main__":
    main()
