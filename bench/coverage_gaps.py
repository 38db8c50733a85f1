"""What the pages of the most-used Indian-market ingredients still lack (issue 10): the worklist
for reviewed rows (leaflet_facts.txt, key_messages.txt), and its totals before and after a round.

    .venv/bin/python bench/coverage_gaps.py [--top 600] [--list FILE ...] [--worklist OUT]

Ranks every knowledge-base ingredient by how many CDSCO approvals name it plus three times how
many lines of the given lists (default: examples/demo.txt) name it, builds a page for each of the
`--top` first, and reads each ingredient's monograph from the JSON API. Per page it flags:
USE (no use) or use (uses from datasets only, no reviewed row), how (no how-it-works beyond the
kind of medicine), SE (no side effects) or se (datasets only, no reviewed "Common" list), key
(no "Most important" or overdose message), preg (no pregnancy answer), bf (no breastfeeding
answer), inter (no interaction on the main page). Prints the count of each flag and, with
`--worklist`, writes one line per flagged ingredient (name, WHO ATC, flags, rank score).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import apothecary
from apothecary.knowledge.default import open_kb
from apothecary.names.parse import read_list
from apothecary.names.resolve import Resolver
from apothecary.render import jsonapi4
from apothecary.site.pipeline import plan_pages

KB = Path(apothecary.__file__).parent / "data" / "kb"
DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo.txt"
FLAGS = ("USE", "use", "how", "SE", "se", "key", "preg", "bf", "inter")


def _rank(lists: list[Path]) -> tuple[dict[str, tuple[str, str]], Counter[str]]:
    """Every ingredient's (display name, ATC) and its score."""
    drugs: dict[str, tuple[str, str]] = {}
    with (KB / "drugs.tsv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            drugs[row["id"]] = (row["display"], row["atc"].replace("\\N", ""))
    score: Counter[str] = Counter()
    with gzip.open(KB / "facts.tsv.gz", "rt", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["kind"] == "approval" and row["drug_id"] in drugs:
                score[row["drug_id"]] += 1
    kb = open_kb()
    resolver = Resolver(kb)
    for path in lists:  # each ingredient of each page, once per list line
        requests, _ = plan_pages([resolver.resolve(n, t) for n, t in read_list(path)], kb)
        for r in requests:
            for d in r.drugs:
                score[d.id] += 3 * len(r.lines)
    return drugs, score


def flags(monograph: dict) -> list[str]:  # type: ignore[type-arg]
    """The gaps of one ingredient's monograph (API v3 `monograph` object, decoded)."""
    out = []
    uses = monograph.get("uses", [])
    if not any(u.get("source") for u in uses):
        out.append("use" if uses else "USE")
    how = (monograph.get("how") or {}).get("text", "")
    if "." not in how.rstrip("."):  # "a cancer medicine." says only the kind
        out.append("how")
    groups = monograph.get("main_effects", [])
    # a reviewed signature line ("Common, and typical of this medicine") is a reviewed list
    if not any("(source:" in g["label"] for g in groups) and not monograph.get("signature"):
        out.append("se" if groups else "SE")
    topics = {s["topic"] for s in monograph.get("safety", [])}
    if not topics & {"high_alert", "overdose"}:
        out.append("key")
    if not topics & {"pregnancy", "pregnancy_use"}:
        out.append("preg")
    if "breastfeeding" not in topics:
        out.append("bf")
    if not any(p.get("main") for p in monograph.get("partners", [])):
        out.append("inter")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--top", type=int, default=600)
    ap.add_argument("--list", type=Path, action="append", default=None)
    ap.add_argument("--worklist", type=Path)
    args = ap.parse_args()
    drugs, score = _rank(args.list or [DEMO])
    top = [i for i, _ in score.most_common() if i in drugs][: args.top]
    with tempfile.TemporaryDirectory() as tmp:
        names = Path(tmp) / "top.txt"
        names.write_text("\n".join(drugs[i][0] for i in top) + "\n", encoding="utf-8")
        site = Path(tmp) / "site"
        subprocess.run([sys.executable, "-c", "from apothecary.cli import cli; cli()", "build",
                        str(names), "--out", str(site), "--format", "html,json"],
                       check=True, capture_output=True)
        rows = []
        for i in top:
            doc = site / jsonapi4.API / "ingredients" / f"{i}.json"
            if doc.exists():  # the API v4 document read as objects, its strings in place
                data = jsonapi4.read(site, doc)
                rows.append((i, flags(data["monograph"])))
    counts = Counter(f for _, fs in rows for f in fs)
    print(f"ingredients: {len(top)} ranked, {len(rows)} with a page")
    for f in FLAGS:
        print(f"  {f:6s} {counts[f]:5d}  ({counts[f] / max(len(rows), 1):.0%})")
    if args.worklist:
        args.worklist.write_text("".join(
            f"{drugs[i][0]}\t{drugs[i][1]}\t{' '.join(fs)}\t{score[i]}\n"
            for i, fs in rows if fs), encoding="utf-8")


if __name__ == "__main__":
    main()
