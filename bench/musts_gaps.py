"""Medicines in the shipped knowledge base that belong to a high-risk WHO ATC group and have
no reviewed "most important" message (key_messages.txt, own or class row), most common first
(how many Indian CDSCO approvals name them): the worklist for the must-say table.

    .venv/bin/python bench/musts_gaps.py [--top 150]
"""

from __future__ import annotations

import argparse
import csv
import gzip
from collections import Counter
from pathlib import Path

import apothecary
from apothecary.monographs import rules

KB = Path(apothecary.__file__).parent / "data" / "kb"
# high-risk groups (ISMP high-alert list, and the classes reviews flagged)
HIGH_RISK = ("A10", "B01", "C01", "C02", "C03", "C07", "C08", "C09", "H02", "H03", "J01",
             "J02", "J04", "J05", "L01", "L02", "L04", "M01A", "M04", "N02A", "N03", "N04",
             "N05", "N06", "P01", "P02", "R03", "R05", "R06", "A03F", "A02B", "G03", "D10B")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--top", type=int, default=150)
    args = ap.parse_args()
    approvals: Counter[str] = Counter()
    with gzip.open(KB / "facts.tsv.gz", "rt", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["kind"] == "approval":
                approvals[row["drug_id"]] += 1
    gaps, total = [], 0
    with (KB / "drugs.tsv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            atc = " ".join(c for c in (row["atc"] or "").split() if c != "\\N")
            if not any(c.startswith(HIGH_RISK) for c in atc.split()):
                continue
            total += 1
            topics = {t for t, _, _ in rules.key_messages_for(row["name"], atc)}
            if "high_alert" not in topics and "overdose" not in topics:
                gaps.append((approvals[row["id"]], row["name"], atc))
    gaps.sort(key=lambda g: (-g[0], g[1]))
    covered = total - len(gaps)
    print(f"high-risk medicines in the KB: {total}; with a reviewed leading message: "
          f"{covered} ({covered / max(total, 1):.0%}); without: {len(gaps)}")
    for n, name, atc in gaps[:args.top]:
        print(f"{n:4d}  {name}  {atc}")


if __name__ == "__main__":
    main()
