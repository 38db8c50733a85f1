"""Which medicines' interaction sections are empty or thin (issue 10, round 4).

    PYTHONPATH=src .venv/bin/python bench/interaction_gaps.py LIST [LIST ...] [--names]

Over every ingredient of the lists' pages (each medicine once): medicines with no
interaction at all ("no interaction data"), medicines whose main page shows no medicine
(only minor, usual or rare partners, or only food), and main-page medicine partners that only
give a level (no what-happens sentence). `--names` lists the medicines of each kind, most
frequent in the lists first.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from apothecary.knowledge.default import open_kb
from apothecary.names.parse import read_list
from apothecary.names.resolve import Resolver
from apothecary.site.pipeline import plan_pages
from apothecary.writers.template import TemplateWriter


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("lists", type=Path, nargs="+")
    ap.add_argument("--names", action="store_true")
    args = ap.parse_args()
    kb = open_kb()
    resolver = Resolver(kb)
    writer = TemplateWriter(kb)
    seen: Counter[str] = Counter()
    pages: list[list[str]] = []
    names: dict[str, str] = {}
    drug_of = {}
    for path in args.lists:
        entries = [resolver.resolve(line, text) for line, text in read_list(path)]
        requests, _ = plan_pages(entries, kb)
        for r in requests:
            pages.append([d.id for d in r.drugs])
            for d in r.drugs:
                seen[d.id] += 1
                names[d.id] = d.display
                drug_of[d.id] = d
    none, empty, level_only, lines = [], [], Counter[str](), 0
    for d in seen:
        m = writer.monographs.monograph(drug_of[d])
        meds = [p for p in m.partners if p.other_id]
        main = [p for p in meds if p.main]
        if not m.partners:
            none.append(d)
        elif not main:
            empty.append(d)
        lines += len(main)
        for p in main:
            if not p.effect:
                level_only[d] += 1
    silent = sum(1 for p in pages if p and all(d in none for d in p))
    print(f"pages {len(pages)}: 'no interaction data' {silent}")
    print(f"medicines {len(seen)}: no interaction data {len(none)}, no medicine on the main "
          f"page {len(empty)}; main-page medicine partners {lines}, of them level only "
          f"{sum(level_only.values())} (on {len(level_only)} medicines)")
    if args.names:
        by = sorted(seen, key=lambda d: (-seen[d], names[d]))
        print("NO DATA: " + ", ".join(names[d] for d in by if d in none))
        print("EMPTY MAIN: " + ", ".join(names[d] for d in by if d in empty))
        print("LEVEL ONLY: " + ", ".join(f"{names[d]} {level_only[d]}" for d in by
                                         if d in level_only))


if __name__ == "__main__":
    main()
