"""The share of side-effect list items left in clinical words over a list's pages (round 34,
k34a): an item is untranslated when its words are a SIDER MedDRA term that no plain-words
table (plain_terms.txt, data/vocabulary/effects.txt) words. Prints the share and the
commonest such terms, the candidates for plain_terms.txt.

    PYTHONPATH=src .venv/bin/python bench/untranslated_effects.py LIST [N]
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

from apothecary.knowledge.default import open_kb
from apothecary.models import FactKind
from apothecary.monographs.rules import key, plain_terms
from apothecary.names.parse import read_list
from apothecary.names.resolve import Resolver
from apothecary.site.pipeline import plan_pages
from apothecary.writers.template import TemplateWriter


def main(path: str, top: int = 30) -> None:
    kb = open_kb()
    terms = {key(r[0]) for r in kb.conn.execute(
        "SELECT DISTINCT value FROM facts WHERE kind = ? AND source_id = 'sider'",
        (FactKind.SIDE_EFFECT.value,))}
    # (a plain wording without its gloss is plain too: a leaflet's "diarrhoea")
    plain = {key(w) for v in plain_terms().values() for w in (v, re.sub(r" ?\(.*?\)", "", v))}
    resolver = Resolver(kb)
    requests, _ = plan_pages([resolver.resolve(n, t) for n, t in read_list(Path(path))], kb)
    writer = TemplateWriter(kb)
    total, left = 0, Counter[str]()
    for start in range(0, len(requests), 20):
        for page in writer.write_pages(requests[start:start + 20]):
            sider = {f.id for f in page.facts if f.source_id == "sider"}
            for st in (st for s in page.sections if s.id == "side-effects"
                       for st in s.statements if sider & set(st.fact_ids)):
                text = st.text.rstrip(".")
                for item in re.split(r"; " if "; " in text else r", ", text):
                    total += 1
                    if key(item) in terms and key(item) not in plain:
                        left[key(item)] += 1
    n = sum(left.values())
    print(f"{len(requests)} pages, {total} side-effect items, {n} untranslated "
          f"({n / max(total, 1):.1%})")
    for term, count in left.most_common(top):
        print(f"{count:4} {term}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 30)
