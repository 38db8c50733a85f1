"""Must-says and page consistency (issue 10, reviews 8 and 9), measured on the review samples.

    .venv/bin/python bench/bench_musts.py --list docs/reviews/sample-h.txt [--list ...]

Per list and in total: pages whose first screen has a "Most important" line and how many
lines; pages that answer pregnancy (main page FAQ not "do not cover"); pages that say "do not
cover" a topic while a sourced statement of the page answers it (should be 0); combination
pages whose pregnancy answer comes from some ingredients only, with and without the note
naming the others; first screens showing the bare DILIrank ranking (should be 0).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from apothecary.knowledge.default import open_kb
from apothecary.models import Page
from apothecary.names.parse import read_list
from apothecary.names.resolve import Resolver
from apothecary.site.pipeline import plan_pages
from apothecary.writers.template import TemplateWriter

TOPICS = ("pregnancy", "breastfeeding")


def _all(page: Page) -> list[tuple[str, str]]:
    out = [(st.label or "", st.text) for s in page.sections for st in s.statements]
    return out + [(q.question, q.answer) for q in page.faqs]


def _name(page: Page) -> str:
    return " + ".join(d.display for d in page.drugs)


def measure(pages: list[Page]) -> dict[str, int]:
    n: dict[str, int] = dict.fromkeys(("pages", "most", "most_lines", "pregnancy",
                                       "contradictions", "partial", "partial_noted",
                                       "dilirank_bare"), 0)
    for p in pages:
        n["pages"] += 1
        key = [st for s in p.sections if s.id == "key-facts" for st in s.statements]
        lines = [st for st in key if st.label == "Most important"]
        n["most"] += bool(lines)
        n["most_lines"] += len(lines)
        n["dilirank_bare"] += any("DILIrank" in st.text for st in key)
        faq = next((q.answer for q in p.faqs if "pregnant" in q.question), "")
        n["pregnancy"] += bool(faq) and not faq.startswith("Our sources do not cover")
        for topic in TOPICS:
            whole = re.compile(rf"do not cover (?:[a-z]+, )*(?:[a-z]+ and )?{topic}"
                               rf"(?: and [a-z]+)* for {re.escape(_name(p))}\.", re.I)
            if any(whole.search(t) for _, t in _all(p)) and any(
                    lab.casefold().startswith(topic) and "do not cover" not in t
                    for lab, t in _all(p)):
                n["contradictions"] += 1
        if len(p.drugs) > 1 and faq and not faq.startswith("Our sources do not cover"):
            safety = [st for s in p.sections if s.id == "safety" for st in s.statements
                      if (st.label or "").startswith("Pregnancy")]
            owners = {st.ingredient for st in safety if "do not cover" not in st.text}
            if None not in owners and len(owners) < len(p.drugs):
                n["partial"] += 1
                n["partial_noted"] += "not about the whole combination" in faq
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--list", type=Path, action="append", required=True)
    args = ap.parse_args()
    kb = open_kb()
    total: dict[str, int] = {}
    for path in args.list:
        entries = [Resolver(kb).resolve(line, text) for line, text in read_list(path)]
        requests, _ = plan_pages(entries, kb)
        n = measure(TemplateWriter(kb).write_pages(requests))
        total = {k: total.get(k, 0) + v for k, v in n.items()}
        print(f"{path.name}: {n}")
    t = total
    print(f"TOTAL {t['pages']} pages: 'Most important' on {t['most']} ({t['most_lines']} "
          f"lines); pregnancy answered {t['pregnancy']}; 'not covered' beside an answer "
          f"{t['contradictions']}; combinations answered by some ingredients {t['partial']} "
          f"(noted {t['partial_noted']}); bare DILIrank on first screen {t['dilirank_bare']}")


if __name__ == "__main__":
    main()
