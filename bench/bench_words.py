"""Words on the main pages, and label sentences written for prescribers (issue 10, tidy 3).

    .venv/bin/python bench/bench_words.py [--list FILE ...] [--show]

For each list (default: examples/demo.txt and docs/reviews/sample-*.txt together), renders
every page as the site does (render/html.py: the writer's companion detail and the byte
budget applied) and prints, for single-ingredient and combination pages apart:
- visible words of content on the main page (median, 90th percentile, max): the text of
  the drug page without the standard furniture (sources, disclaimer, "put together
  automatically" note, crumbs, the contents list and the "not medical advice" line);
- the same with the furniture, as a reviewer counts ("1,626 words");
- US-label sentences on main pages, and how many of them are written for prescribers by the
  reviewed phrases of monographs/data/prescriber_phrases.txt (read from this checkout, so an
  older build is measured by the same rows);
- approval quotes on pages that still hold a typo of monographs/data/approval_typos.txt;
- words of every statement on the site (main page and companions): a move never drops one.
`--show` prints the prescriber sentences found on main pages.
"""

from __future__ import annotations

import argparse
import re
import statistics
from html.parser import HTMLParser
from pathlib import Path

from apothecary.knowledge.default import open_kb
from apothecary.knowledge.store import KnowledgeBase
from apothecary.models import FactKind
from apothecary.names.parse import read_list
from apothecary.names.resolve import Resolver
from apothecary.render.html import HtmlRenderer
from apothecary.site.pipeline import plan_pages
from apothecary.writers.template import TemplateWriter

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "apothecary" / "monographs" / "data"
FURNITURE_SECTIONS = {"sources", "disclaimer", "note"}
FURNITURE_CLASSES = {"crumbs", "advice", "data", "toc"}
LABEL_KINDS = {FactKind.BOXED_WARNING, FactKind.CONTRAINDICATION, FactKind.OTC_DO_NOT_USE,
               FactKind.PREGNANCY, FactKind.BREASTFEEDING, FactKind.OVERDOSE,
               FactKind.OTC_KEEP_AWAY, FactKind.PATIENT_WARNING, FactKind.OTC_ASK_DOCTOR,
               FactKind.OTC_STOP_USE}
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
ALL = False  # --all: print every US-label sentence on a main page


def _rows(name: str) -> list[list[str]]:
    path = DATA / name
    if not path.exists():
        return []
    return [[c.strip() for c in line.split(" | ")] for line in
            path.read_text("utf-8").splitlines() if line.strip() and not line.startswith("#")]


def prescriber(sentence: str) -> bool:
    for row in _rows("prescriber_phrases.txt"):
        if re.search(row[0], sentence, re.IGNORECASE):
            return True
    return False


class _Text(HTMLParser):
    """Visible words of a drug page's <article>, with and without the furniture."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []  # furniture?
        self.all: list[str] = []
        self.content: list[str] = []
        self.inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "article":
            self.inside = True
        if tag in ("br", "meta", "link", "img", "input", "hr"):
            return
        classes = set((a.get("class") or "").split())
        furn = (tag == "nav" or bool(classes & FURNITURE_CLASSES)
                or (tag == "section" and a.get("id") in FURNITURE_SECTIONS)
                or tag in ("script", "style"))
        self.stack.append(furn)

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.inside = False
        if tag in ("br", "meta", "link", "img", "input", "hr"):
            return
        if self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not self.inside:
            return
        words = data.split()
        self.all += words
        if not any(self.stack):
            self.content += words


def words_of(html: str) -> tuple[int, int]:
    p = _Text()
    p.feed(html)
    return len(p.content), len(p.all)


def _pct(xs: list[int], q: float) -> int:
    xs = sorted(xs)
    return xs[int(q * (len(xs) - 1))] if xs else 0


def measure(kb: KnowledgeBase, lists: list[Path], show: bool) -> None:
    resolver = Resolver(kb)
    entries = [resolver.resolve(line, text) for path in lists
               for line, text in read_list(path)]
    requests, _ = plan_pages(entries, kb)
    writer = TemplateWriter(kb)
    pages = writer.write_pages(requests)
    renderer = HtmlRenderer()
    typos = [r[0] for r in _rows("approval_typos.txt")]
    typo_re = re.compile(r"\b(?:" + "|".join(map(re.escape, typos)) + r")\b",
                         re.IGNORECASE) if typos else None
    words: dict[bool, list[tuple[int, int, str]]] = {False: [], True: []}
    label_main = prescriber_main = typo_pages = 0
    found: list[str] = []
    for page in pages:
        files = renderer.render_page_files(page)
        content, total = words_of(files["index.html"])
        words[len(page.drugs) > 1].append((content, total, page.title))
        facts = {f.id: f for f in page.facts}
        for s in page.sections:
            for st in s.statements:
                if st.companion or not any(
                        facts[i].kind in LABEL_KINDS and facts[i].source_id == "openfda"
                        for i in st.fact_ids if i in facts):
                    continue
                for x in _SENTENCE.split(st.text):
                    if x.startswith("Source:"):
                        continue
                    label_main += 1
                    if ALL:
                        print(f"LABEL {page.title} [{s.id}]: {x}")
                    if prescriber(x):
                        prescriber_main += 1
                        found.append(f"{page.title} [{s.id}]: {x}")
        for faq in page.faqs:
            if "US label" in faq.answer:
                for x in _SENTENCE.split(faq.answer):
                    label_main += 1
                    if ALL:
                        print(f"LABEL {page.title} [faq]: {x}")
                    if prescriber(x):
                        prescriber_main += 1
                        found.append(f"{page.title} [faq]: {x}")
        if typo_re and any(typo_re.search(h) for h in files.values()):
            typo_pages += 1
    for combo, label in ((False, "single"), (True, "combination")):
        xs = words[combo]
        if not xs:
            continue
        c = [x[0] for x in xs]
        t = [x[1] for x in xs]
        print(f"{label} pages ({len(xs)}): content words median {statistics.median(c):.0f}, "
              f"p90 {_pct(c, 0.9)}, max {max(c)} | with furniture median "
              f"{statistics.median(t):.0f}, p90 {_pct(t, 0.9)}, max {max(t)}")
        if combo:
            top = sorted(xs, reverse=True)[:5]
            print("  longest: " + "; ".join(f"{n} {w}" for w, _, n in top))
    print(f"US-label sentences on main pages: {label_main}, written for prescribers: "
          f"{prescriber_main}")
    print(f"pages showing an approval typo of approval_typos.txt: {typo_pages}")
    if show:
        for line in found:
            print("  " + line)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--list", type=Path, action="append")
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--all", action="store_true")
    args = ap.parse_args()
    global ALL
    ALL = args.all
    lists = args.list or [ROOT / "examples" / "demo.txt",
                          *sorted((ROOT / "docs" / "reviews").glob("sample-*.txt"))]
    measure(open_kb(), lists, args.show)


if __name__ == "__main__":
    main()
