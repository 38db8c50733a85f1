"""The name index the search box answers from first: names, brands, ingredients, conditions,
kinds of medicine and everyday words, written at build time as one small JSON file.

Pagefind matches words, so "Dolo 650" found Darunavir, "paracetmol" a tuberculosis drug and
"fever" hay-fever medicines before plain paracetamol (issue 12). This index lets
static/search.js answer the way a reader asks: an exact name or brand first, a single-ingredient
page before the combinations that contain it, one or two typos corrected ("Did you mean …?")
but never into the look-alike partner of a name (names/data/lasa.tsv), and everyday words
("BP", "sugar", "loose motions") read through the reviewed table in data/everyday_words.tsv.
Pagefind stays as the full-text fallback for anything else.

Keys are `norm_key` forms (accents stripped, case folded, punctuation to single spaces);
search.js folds the query the same way. Two files (short keys: they are sent to every reader
who types in the search box), search/names.json:

    p  pages: [title, href, ingredients]         (href relative to the site root)
    n  a page's own names → [page]               (brands, BAN names; search.js adds each
                                                 title, and an ingredient's names are in g)
    i  ingredients: [its single-ingredient page or -1, how many uses it has, its name]
    g  an ingredient's names → ingredient        (the names readers use)
    c  ingredient → [combination pages containing it]
    x  look-alike pairs [a, b]                   (never corrected into each other)
    s  salt and hydrate words ("hydrochloride"): a name is found with or without them

and search/topics.json:

    t  condition or kind of medicine → [ingredient]  (plain words and the sources' terms)
    w  everyday word → [condition or kind]       (data/everyday_words.tsv)
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ..knowledge.store import KnowledgeBase
from ..models import Drug, FactKind, Page
from ..monographs.uses import select_uses
from ..names.brands import base_name
from ..names.normalize import norm_key, reader_name
from ..names.rules import extra_salt_words, lasa_pairs, name_rules
from ..names.salts import SALT_WORDS
from .related import page_href

NAMES_PATH = "search/names.json"  # loaded when a reader starts typing
TOPICS_PATH = "search/topics.json"  # conditions, kinds, everyday words
TOPIC_KINDS = (FactKind.USE, FactKind.CLASS)
MAX_KEY = 80  # characters: longer "names" (label sentences) are not what anyone types


@dataclass(frozen=True)
class EverydayWord:
    """One reviewed row: what people type, what it means here, and why."""

    word: str  # norm key ("bp")
    means: tuple[str, ...]  # norm keys of conditions or kinds of medicine
    note: str


@cache
def everyday_words() -> tuple[EverydayWord, ...]:
    """The rows of data/everyday_words.tsv (word<TAB>means; means<TAB>note)."""
    text = resources.files("apothecary.render").joinpath(
        "data", "everyday_words.tsv").read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) < 3 or not cells[2]:
            raise ValueError(f"everyday_words.tsv: every row needs a note: {line!r}")
        means = tuple(k for m in cells[1].split(";") if (k := norm_key(m)))
        rows.append(EverydayWord(norm_key(cells[0]), means, cells[2]))
    return tuple(rows)


def _key(text: str) -> str:
    key = norm_key(text)
    return key if 0 < len(key) <= MAX_KEY else ""


def _add(index: dict[str, list[int]], key: str, i: int) -> None:
    if key:
        posting = index.setdefault(key, [])
        if not posting or posting[-1] != i:
            posting.append(i)


def _rule_names(pages: Sequence[Page]) -> dict[int, list[str]]:
    """Page → names the resolver's tables give exactly its ingredient set ("co amoxiclav")."""
    by_name: dict[str, set[int]] = {}  # ingredient name → pages holding it
    for i, p in enumerate(pages):
        for d in p.drugs:
            for n in (d.name, d.display, *d.other_names):
                by_name.setdefault(norm_key(n), set()).add(i)
    out: dict[int, list[str]] = {}
    for rule in name_rules().values():
        found = [by_name.get(t, set()) for t in rule.targets]
        for i in set.intersection(*found) if found else set():
            if len(pages[i].drugs) == len(rule.targets):
                out.setdefault(i, []).append(rule.name)
    return out


def _drug_names(d: Drug) -> list[str]:
    """The names a reader may type for one ingredient (no chemical systematic names)."""
    return [d.display, d.name, *d.forms, *(n for n in d.other_names if reader_name(n))]


def build_index(pages: Sequence[Page], html_paths: Mapping[str, str],
                kb: KnowledgeBase | None = None,
                brands: Mapping[str, Sequence[str]] | None = None) -> dict[str, dict[str, Any]]:
    """The two files of the index, path → data (see the module docstring); pages without
    HTML are left out."""
    shown = sorted((p for p in pages if p.key in html_paths),
                   key=lambda p: (p.title.casefold(), p.key))
    rows: list[list[Any]] = []
    own: dict[str, list[int]] = {}
    ingredient_of: dict[str, int] = {}  # name → ingredient number
    number: dict[str, int] = {}  # drug id → ingredient number
    ingredients: list[list[Any]] = []  # [single page or -1, uses, name]
    combos: list[list[int]] = []
    topics: dict[str, list[int]] = {}
    extra = _rule_names(shown)
    for i, p in enumerate(shown):
        rows.append([p.title, page_href(html_paths[p.key]), len(p.drugs)])
        drug_names = {norm_key(n) for d in p.drugs for n in (d.display, d.name, *d.forms,
                                                             *d.other_names)}
        sold_as = (brands or {}).get(p.key, ())
        names = [*extra.get(i, ()), *sold_as, *(base_name(b) for b in sold_as)]
        if len(p.drugs) > 1:  # "amoxicillin clavulanic acid" when the title differs
            names += [" ".join(d.name for d in p.drugs), " ".join(d.display for d in p.drugs)]
        # names of the set itself; a combination is not named by one of its ingredients
        names += [n for n in p.other_names if norm_key(n) not in drug_names]
        for key in sorted({_key(n) for n in names} - {"", _key(p.title)}):
            _add(own, key, i)
        for d in p.drugs:
            if d.id not in number:
                number[d.id] = len(ingredients)
                ingredients.append([-1, 0, d.display])
                combos.append([])
                for n in _drug_names(d):
                    if (k := _key(n)) and k not in ingredient_of:
                        ingredient_of[k] = number[d.id]
                _add_topics(topics, d, number[d.id], ingredients, kb, p)
            if len(p.drugs) == 1:
                ingredients[number[d.id]][0] = i
            else:
                combos[number[d.id]].append(i)
    words = {w.word: list(w.means) for w in everyday_words()}
    return {
        NAMES_PATH: {
            "v": 1,
            "p": rows,
            "n": dict(sorted(own.items())),
            "i": ingredients,
            "g": dict(sorted(ingredient_of.items())),
            "c": combos,
            "x": sorted([pair.a, pair.b] for pair in lasa_pairs()),
            "s": sorted(SALT_WORDS | extra_salt_words()),
        },
        TOPICS_PATH: {"v": 1, "t": dict(sorted(topics.items())), "w": dict(sorted(words.items()))},
    }


def _add_topics(topics: dict[str, list[int]], d: Drug, n: int, ingredients: list[list[Any]],
                kb: KnowledgeBase | None, page: Page) -> None:
    """Index ingredient `n` under its uses and classes (plain words, and the source's term
    when it differs); count its distinct uses, so the medicines whose main use a condition
    is (few uses) rank before those where it is one of many."""
    facts = (kb.facts(d.id, list(TOPIC_KINDS)) if kb is not None
             else [f for f in page.facts if f.kind in TOPIC_KINDS and f.drug_id == d.id])
    # its uses as the monograph stage selects and words them (issue 10, review 7): no leaked
    # or reviewed-out use, prevention as prevention ("to prevent rejection of a kidney
    # transplant"), each still found by its source's and its plain words
    items = select_uses(facts, [f.plain for f in facts if f.kind == FactKind.CLASS], None,
                        d.name, d.xrefs.get("ATC", ""))
    kept = {i for item in items for i in item.fact_ids}
    for f in facts:
        if f.kind == FactKind.USE and f.id not in kept:
            continue
        for key in {_key(f.plain), _key(f.value)} - {""}:
            _add(topics, key, n)
    for item in items:
        _add(topics, _key(item.text), n)
    ingredients[n][1] = len(items)


def index_files(pages: Sequence[Page], html_paths: Mapping[str, str],
                kb: KnowledgeBase | None = None,
                brands: Mapping[str, Sequence[str]] | None = None) -> dict[str, str]:
    """path → compact JSON of each file of the index."""
    return {path: index_json(data)
            for path, data in build_index(pages, html_paths, kb, brands).items()}


def index_json(index: Mapping[str, Any]) -> str:
    """Compact JSON; `<` escaped so the file is safe however a host serves it."""
    text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c")
