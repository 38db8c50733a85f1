"""Benchmark and precision figures for `apothecary audit` (quoted in the README).

1. Precision on the fixture corpus (tests/fixtures/audit, tiny test knowledge base):
   normal pages wrongly flagged per kind (`no-source` is shown apart: it says a claim could
   not be checked, not that it is wrong), and which defects are found; then the tricky-claim
   corpus (tests/fixtures/claims/corpus.yaml): expected against found, per kind.
2. Speed: 6,500 pages generated from the fixtures (titles taken from the knowledge base's
   drugs and combinations, sentences varied) in a temporary folder, audited end to end.

    .venv/bin/python bench/bench_audit.py [--pages 6500] [--kb FILE | --tiny]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from apothecary.audit.findings import KINDS
from apothecary.audit.report import audit_dir, report_dict
from apothecary.knowledge.store import KnowledgeBase, create_schema
from apothecary.render.slug import first_char_dir, slugify

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
AUDIT = FIXTURES / "audit"


def tiny_kb(folder: Path) -> KnowledgeBase:
    path = folder / "tiny.sqlite"
    conn = sqlite3.connect(path)
    create_schema(conn)
    conn.executescript((FIXTURES / "tiny_kb.sql").read_text(encoding="utf-8"))
    conn.commit()
    conn.close()
    return KnowledgeBase(path)


def precision(kb: KnowledgeBase, which: str) -> None:
    normal = report_dict(audit_dir(AUDIT / "normal", kb))
    n = normal["counts"]["pages"]
    print(f"precision on {n} normal fixture pages ({which}):")
    for kind in KINDS:
        wrong = normal["counts"]["pages_by_kind"][kind]
        what = "unchecked claims on" if kind == "no-source" else "false alarms"
        print(f"  {kind:<18} {what} {wrong}/{n} = {wrong / n:.0%}")
    defects = report_dict(audit_dir(AUDIT / "defects", kb))
    print(f"defect fixture pages: {defects['counts']['pages']}, findings by kind:")
    for kind in KINDS:
        print(f"  {kind:<18} {defects['counts'][kind]} findings on "
              f"{defects['counts']['pages_by_kind'][kind]} pages")


def tricky(folder: Path) -> None:
    """The audit on the tricky-claim corpus, each case as a one-sentence page."""
    sys.path.insert(0, str(ROOT / "tests"))
    from apothecary.audit.findings import Auditor
    from test_claims import CASES, CLAIM_KINDS, corpus_kb, run_audit

    kb = KnowledgeBase(corpus_kb(folder / "corpus.sqlite"))
    auditor = Auditor(kb)
    right = 0
    per_kind: dict[str, list[int]] = {k: [0, 0, 0] for k in sorted(CLAIM_KINDS)}  # exp, hit, false
    for case in CASES:
        expected = set() if case["audit"] == "pass" else set(case["audit"])
        found = run_audit(auditor, kb, case)
        right += found == expected
        for kind, row in per_kind.items():
            row[0] += kind in expected
            row[1] += kind in expected and kind in found
            row[2] += kind in found and kind not in expected
    print(f"tricky-claim corpus: {right}/{len(CASES)} cases as expected")
    for kind, (exp, hit, false) in per_kind.items():
        print(f"  {kind:<18} found {hit}/{exp} expected, false alarms {false}")


def titles_from(kb: KnowledgeBase, count: int, rng: random.Random) -> list[str]:
    with_facts = sorted({r[0] for r in kb.conn.execute(
        "SELECT display FROM drugs WHERE id IN (SELECT drug_id FROM facts)").fetchall()})
    names = sorted({r[0] for r in kb.conn.execute("SELECT display FROM drugs").fetchall()})
    titles = with_facts[: count // 2]  # drugs with facts exercise the claim checks
    others = sorted(set(names) - set(titles))
    titles += rng.sample(others, min(len(others), count * 85 // 100 - len(titles)))
    while len(titles) < count:  # combinations, in either order, for duplicates
        a, b = rng.sample(names, 2)
        titles.append(f"{a} + {b}")
        if rng.random() < 0.1:
            titles.append(f"{b} + {a}")
    rng.shuffle(titles)
    return titles[:count]


def generate(folder: Path, kb: KnowledgeBase, count: int) -> None:
    rng = random.Random(5)
    templates = []
    for path in sorted(AUDIT.rglob("*.md")):
        raw = path.read_bytes()
        text = raw.decode("utf-8", errors="replace")
        title = next((ln[2:].strip() for ln in text.splitlines() if ln.startswith("# ")), "")
        templates.append((text, title))
    titles = titles_from(kb, count, rng)
    for i in range(count):
        text, old = templates[i % len(templates)]
        new = titles[i]
        page = text.replace(old, new) if old else text
        page += f"\n\nPage {i} was reviewed on day {rng.randint(1, 28)}.\n"
        slug = slugify(new)[:80]
        target = folder / first_char_dir(slug) / f"{slug}-{i}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=6500)
    parser.add_argument("--kb", type=Path, default=None, help="knowledge base (default: shipped)")
    parser.add_argument("--tiny", action="store_true", help="use the tiny test knowledge base")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        tiny = tiny_kb(tmp_path)
        precision(tiny, "tiny test KB the fixtures were written against")
        tricky(tmp_path)
        if args.tiny:
            kb, which = tiny, "tiny test KB"
        else:
            from apothecary.knowledge.default import open_kb

            kb, which = open_kb(args.kb), "shipped KB"
            print()
            precision(kb, which)
        pages = tmp_path / "pages"
        start = time.perf_counter()
        generate(pages, kb, args.pages)
        print(f"\ngenerated {args.pages} pages in {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        report = report_dict(audit_dir(pages, kb))
        took = time.perf_counter() - start
        counts = report["counts"]
        print(f"audited {counts['pages']} pages with the {which} in {took:.1f} s "
              f"({counts['pages'] / took:.0f} pages/s); {counts['pages_with_findings']} with "
              f"findings")
        print("  " + ", ".join(f"{k} {counts[k]}" for k in KINDS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
