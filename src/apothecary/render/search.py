"""Full-text search with Pagefind, indexed as the last step of an HTML build.

Pagefind runs offline from the `pagefind[extended]` wheel and writes a static index under
`pagefind/`; the browser loads only the fragments a query needs. Only drug pages are
indexed (their `<main data-pagefind-body>`), and each carries a hidden block of every other
name it is known by and the conditions it is used for, so "acetaminophen" finds
Paracetamol and "hypertension" finds the medicines used for it. Without Pagefind the build
still succeeds and reports that search is off.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ..knowledge.store import KnowledgeBase
from ..models import FactKind, Page
from .common import unique_names

BUNDLE_DIR = "pagefind"
# Parts of a drug page that are not what it is about: indexing them would bury the Warfarin
# page under every page that interacts with warfarin, and list drugs *causing* a condition
# among those used for it. Leaving them out also makes indexing several times faster.
EXCLUDE = ("#interactions, #side-effects, #sources, #disclaimer, #note, #related, "
           ".toc, .crumbs, cite, .data")
TIMEOUT_S = 300


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


NICE = 10  # Pagefind runs while the build still renders: the rendering goes first


def _lower_priority(pid: int) -> None:
    """Give way to the build's own processes (Pagefind inherits it when it starts)."""
    try:
        os.setpriority(os.PRIO_PROCESS, pid, NICE)
    except (AttributeError, OSError):
        pass


def index_site(site_dir: Path) -> SearchIndex:
    """Run Pagefind over a built site; never raises, says why when search is off."""
    if not available():
        return SearchIndex(False, message="search is off: pagefind is not installed "
                                          "(pip install 'pagefind[extended]')")
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site_dir),
           "--output-subdir", BUNDLE_DIR, "--force-language", "en",
           "--exclude-selectors", EXCLUDE]
    try:
        with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              stdin=subprocess.DEVNULL) as proc:
            if NICE:
                _lower_priority(proc.pid)
            try:
                out, _ = proc.communicate(timeout=TIMEOUT_S)
            except subprocess.TimeoutExpired:
                proc.kill()
                raise
    except (OSError, subprocess.TimeoutExpired) as exc:
        return SearchIndex(False, message=f"search is off: pagefind failed ({exc})")
    if proc.returncode != 0 or not (site_dir / BUNDLE_DIR / "pagefind.js").is_file():
        last = next((ln for ln in reversed(out.splitlines()) if ln.strip()), "no output")
        return SearchIndex(False, message=f"search is off: pagefind failed ({last.strip()})")
    counts = {kind: int(n) for n, kind in _COUNT.findall(out)}
    pages, words = counts.get("page", 0), counts.get("word", 0)
    return SearchIndex(True, pages=pages, words=words,
                       message=f"search on: {pages} pages, {words} words indexed")
