"""Benchmark: resolve a 15,000-line generics list with the shipped knowledge base.

The list is generated (seeded) from the knowledge base's own drug names in the formats real
Indian lists use: quoted ingredients with strengths, `A + B`, salts, odd case, and ~5 %
misspelt names that exercise the fuzzy suggestions. With ../shared/examples present, its
sample lines are mixed in too. Prints lines per second; README quotes the figure.

    .venv/bin/python bench/bench_resolve.py [--lines 15000] [--kb FILE]
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from apothecary.knowledge.default import open_kb
from apothecary.models import Status
from apothecary.names.resolve import Resolver

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "examples" / "generics-raw-sample.txt"
STRENGTHS = ["500mg", "125mg", "0.1% w/w", "250mg/5ml", "1gm", "1500mcg", "60000IU", "2% w/v"]
SALTS = ["", "", "", " Hydrochloride", " Sodium", " Sulphate"]


def typo(rng: random.Random, name: str) -> str:
    i = rng.randrange(1, max(2, len(name) - 1))
    return name[:i] + rng.choice("aeioun") + name[i + 1:]


def generate(n: int, names: list[str], seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    sample = SAMPLE.read_text(encoding="utf-8").splitlines() if SAMPLE.is_file() else []
    lines = []
    for _ in range(n):
        if sample and rng.random() < 0.3:
            lines.append(rng.choice(sample))
            continue
        parts = []
        for _ in range(rng.choice([1, 1, 2, 2, 3, 4])):
            name = rng.choice(names).title() + rng.choice(SALTS)
            if rng.random() < 0.05:
                name = typo(rng, name)
            parts.append((name, rng.choice(STRENGTHS)))
        style = rng.random()
        if style < 0.5:
            lines.append(", ".join(f"'{p} ({s})'" for p, s in parts))
        elif style < 0.8:
            lines.append(" + ".join(p for p, _ in parts))
        else:
            lines.append(", ".join(f"{p.upper()} {s}" for p, s in parts))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=15_000)
    parser.add_argument("--kb", type=Path, default=None)
    args = parser.parse_args()

    kb = open_kb(args.kb)
    names = sorted(kb.drug_names().values())
    lines = generate(args.lines, [n for n in names if n.isascii() and len(n) < 30])

    start = time.perf_counter()
    resolver = Resolver(kb)
    index_s = time.perf_counter() - start
    start = time.perf_counter()
    entries = resolver.resolve_all(enumerate(lines, start=1))
    resolve_s = time.perf_counter() - start

    resolved = sum(e.status == Status.RESOLVED for e in entries)
    print(f"index built in {index_s:.2f} s ({len(resolver.index):,} names)")
    print(f"resolved {len(lines):,} lines in {resolve_s:.2f} s "
          f"= {len(lines) / resolve_s:,.0f} lines/s")
    print(f"{resolved / len(lines):.1%} resolved; distinct names fuzzed: "
          f"{resolver.suggest.cache_info().currsize:,}")


if __name__ == "__main__":
    main()
