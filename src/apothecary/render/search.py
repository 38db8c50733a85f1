"""Full-text search with Pagefind, indexed while the build renders.

Pagefind runs offline from the `pagefind[extended]` wheel and writes a static index under
`pagefind/`; the browser loads only the fragments a query needs. It does not read the
finished pages: each drug page gets a small search document (`search_doc`, kept in the
site's `.search/` folder so incremental builds can reuse it) holding its title, what it is
and is used for, how it works, its FAQs, every other name it is known by and the
conditions it is used for. So "acetaminophen" finds Paracetamol and "hypertension" finds
the medicines used for it, while interactions and side effects stay out (searching
"warfarin" finds Warfarin, not every page that interacts with it). The documents are
written before any page is rendered, so indexing overlaps the rendering. Without Pagefind
the build still succeeds and reports that search is off.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from markupsafe import escape

from ..knowledge.store import KnowledgeBase
from ..models import FactKind, Page
from . import order
from .common import unique_names

BUNDLE_DIR = "pagefind"
TIMEOUT_S = 300
# Pagefind's own search interfaces, written into every bundle: the site has its own search
# box (static/search.js and find.js load only pagefind.js, which loads its worker, the
# language's wasm, the meta file, index and fragments), so nothing ever requests these and
# they are not published (issue 14: 0.4 MB of every build).
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js",
          "pagefind-component-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-highlight.js")


# The stemmer-less search core `pagefind.js` loads for an index whose language has no wasm
# of its own (`index.wasm ? index.wasm : "unknown"`): with every page in English
# (`--force-language en`) the one index names `wasm.en.pagefind`, so this is never fetched
# (issue 14, round 11: 68 KB of every build).
FALLBACK_WASM = "wasm.unknown.pagefind"


def fallback_unused(bundle_dir: Path) -> bool:
    """Whether every index of the bundle's entry file names a wasm of its own."""
    try:
        entry = json.loads((bundle_dir / "pagefind-entry.json").read_text(encoding="utf-8"))
        languages = entry["languages"].values()
        return bool(languages) and all(
            isinstance(lang, dict) and lang.get("wasm")
            and (bundle_dir / f"wasm.{lang['wasm']}.pagefind").is_file()
            for lang in languages)
    except (OSError, ValueError, KeyError, AttributeError, TypeError):
        return False


@dataclass(frozen=True)
class SearchIndex:
    """What the build report says about search."""

    enabled: bool
    pages: int = 0
    words: int = 0
    message: str = ""

    def as_dict(self) -> dict[str, object]:
        return {"enabled": self.enabled, "pages": self.pages, "words": self.words,
                "message": self.message}




def alternate_names(page: Page) -> list[str]:
    """Every name the page is known by besides its title: synonyms, spellings, salts."""
    names = [*page.other_names]
    for d in page.drugs:
        names += [d.display, d.name, *d.other_names, *d.forms]
    title = page.title.casefold()
    return [n for n in unique_names(names) if n.casefold() != title]


def conditions(page: Page, kb: KnowledgeBase | None = None) -> list[str]:
    """The conditions the page's medicines are used for: the source's term and plain words."""
    facts = (
        [f for d in page.drugs for f in kb.facts(d.id, [FactKind.USE])]
        if kb is not None
        else [f for f in page.facts if f.kind == FactKind.USE]
    )
    return unique_names(w for f in facts for w in (f.value, f.plain))


def search_terms(page: Page, kb: KnowledgeBase | None = None) -> dict[str, list[str]]:
    """Hidden, indexed text for the page: {"names": [...], "conditions": [...]}."""
    return {"names": alternate_names(page), "conditions": conditions(page, kb)}


def available() -> bool:
    return importlib.util.find_spec("pagefind") is not None


_COUNT = re.compile(r"Indexed (\d+) (page|word)s?\b")


DOCS_DIR = ".search"  # in the site: one small document per drug page, what Pagefind reads
# The parts of a page a search should match, in order: its key facts, what it is used for,
# how it works, its FAQs and other names (render/order.py; without citations).
INDEXED_SECTIONS = order.SEARCH


def doc_path(html_path: str) -> str:
    """Where the search document of the drug page at `html_path` lives in the site."""
    return f"{DOCS_DIR}/{html_path}"


def search_doc(page: Page, kb: KnowledgeBase | None = None) -> str:
    """The document Pagefind indexes for a drug page, at the page's own path under DOCS_DIR.

    Indexing these instead of the finished pages lets search indexing start before a single
    page is rendered, and leaves the hidden list of other names out of every page. The
    first heading is the result's title; other names weigh most, conditions next.
    """
    parts = [f"<h1>{escape(page.title)}</h1>"]
    for section in order.arrange(page.sections, INDEXED_SECTIONS):
        if section.intro:
            parts.append(f"<p>{escape(section.intro)}</p>")
        for st in section.statements:
            label = f"{escape(st.label)}: " if st.label else ""
            parts.append(f"<p>{label}{escape(st.text)}</p>")
    terms = search_terms(page, kb)
    if terms["names"]:
        parts.append(f'<p data-pagefind-weight="5">Also known as: '
                     f'{escape(", ".join(terms["names"]))}</p>')
    if terms["conditions"]:
        parts.append(f'<p data-pagefind-weight="2">Used for: '
                     f'{escape(", ".join(terms["conditions"]))}</p>')
    return ('<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{escape(page.title)}</title></head><body><main data-pagefind-body>"
            + "\n".join(parts) + "</main></body></html>\n")


def index_docs(docs_dir: Path, bundle_dir: Path) -> SearchIndex:
    """Index the search documents of DOCS_DIR into BUNDLE_DIR (the site's pagefind/)."""
    return _run(["--site", str(docs_dir), "--output-path", str(bundle_dir)], bundle_dir)


def _run(args: list[str], bundle_dir: Path) -> SearchIndex:
    """Run Pagefind; never raises, says why when search is off."""
    if not available():
        return SearchIndex(False, message="search is off: pagefind is not installed "
                                          "(pip install 'pagefind[extended]')")
    cmd = [sys.executable, "-m", "pagefind", *args, "--force-language", "en"]
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              stdin=subprocess.DEVNULL, timeout=TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return SearchIndex(False, message=f"search is off: pagefind failed ({exc})")
    out = proc.stdout or ""
    if proc.returncode != 0 or not (bundle_dir / "pagefind.js").is_file():
        last = next((ln for ln in reversed(out.splitlines()) if ln.strip()), "no output")
        return SearchIndex(False, message=f"search is off: pagefind failed ({last.strip()})")
    for name in UNUSED:
        (bundle_dir / name).unlink(missing_ok=True)
    if fallback_unused(bundle_dir):
        (bundle_dir / FALLBACK_WASM).unlink(missing_ok=True)
    counts = {kind: int(n) for n, kind in _COUNT.findall(out)}
    pages, words = counts.get("page", 0), counts.get("word", 0)
    return SearchIndex(True, pages=pages, words=words,
                       message=f"search on: {pages} pages, {words} words indexed")
