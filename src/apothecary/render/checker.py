"""Data for the in-browser interaction checker.

The checker runs with no server. On a phone every kilobyte counts (issue 12), so its page
first loads a small name index (`checker/index.json`: medicines, the names and brands they
answer to, the words it answers with) and then, only when a medicine is chosen, the
interactions of each of its ingredients (`checker/d/<drug>.json`). Only interactions
between drugs that appear on the site's pages are included, each with its level, source
and licence (already filtered by the build's licence choice). `api/interactions.json`
(`interactions_data`) keeps every pair in one file for programs.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Levenshtein

from ..knowledge.store import KnowledgeBase
from ..models import SEVERITY_ORDER, Drug, Fact, Page, severity_rank
from ..monographs.interactions import LEVEL_ORDER, pair_level
from ..monographs.rules import key as rule_key
from ..monographs.rules import same_ingredient
from ..names.normalize import norm_key
from ..names.rules import lasa_pairs
from .common import unique_names
from .related import page_href


def interactions_data(
    pages: Sequence[Page], hrefs: Mapping[str, str], kb: KnowledgeBase
) -> dict[str, Any]:
    """medicines (pages and their drug ids), drugs, sources and deduplicated interactions.

    The KB stores most pairs in both directions; a pair is listed once per (source,
    severity), with its drugs in id order.
    """
    medicines = [
        {
            "key": p.key,
            "title": p.title,
            "href": page_href(hrefs[p.key]),
            "drugs": sorted({d.id for d in p.drugs}),
        }
        for p in sorted(pages, key=lambda p: (p.title.casefold(), p.key))
        if p.key in hrefs
    ]
    drugs: dict[str, str] = {}
    for p in pages:
        for d in p.drugs:
            drugs.setdefault(d.id, d.display)
    facts = kb.interactions_among(drugs) if drugs else []
    seen: set[tuple[str, str, str, str]] = set()
    rows: list[dict[str, Any]] = []
    used_sources: set[str] = set()
    for f in facts:
        if not f.other_id or f.other_id == f.drug_id:
            continue
        a, b = sorted((f.drug_id, f.other_id))
        sig = (a, b, f.source_id, (f.severity or "").casefold())
        if sig in seen:
            continue
        seen.add(sig)
        used_sources.add(f.source_id)
        rows.append({
            "a": a,
            "b": b,
            "severity": f.severity or "unknown",
            "source": f.source_id,
            "licence": f.licence,
            "locator": f.locator,
            "fact": f.id,
        })
    rows.sort(key=lambda r: (severity_rank(r["severity"]), drugs[r["a"]].casefold(),
                             drugs[r["b"]].casefold(), r["source"]))
    sources = {
        s.id: {"name": s.name, "edition": s.edition, "licence": s.licence, "url": s.url}
        for s in kb.sources()
        if s.id in used_sources
    }
    return {
        "medicines": medicines,
        "drugs": dict(sorted(drugs.items())),
        "sources": sources,
        "severities": list(SEVERITY_ORDER),
        "interactions": rows,
    }


# -- the phone checker (issue 12): a small name index, then one file per chosen drug ----------

CHECKER_DIR = "checker"
INDEX_JSON = f"{CHECKER_DIR}/index.json"
DRUG_DIR = f"{CHECKER_DIR}/d"
VARIANT = 2  # edits: a name this close to one already listed is a spelling variant
MAX_NAME = 40  # characters: longer synonyms are chemical descriptions, not names people type
# chemical and code names nobody types from a pack: "1-(2-hydroxyethyl)-2-methyl…", "[…]"
_NOT_TYPED = re.compile(r"[()\[\]{},;]|\d[-,]|[-,]\d|\d\d\d\d")
_SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_LOCATOR_DETAIL = re.compile(r"\s*\(.*$", re.S)

# How a pair's facts reached it, in plain words (the source's own text is never shown).
SCOPE_TEXT = {
    "pair": "Our sources name these two medicines together.",
    "class": "Our sources record this for the groups of medicines these two belong to, "
    "not for these two by name.",
}
SHARED_TEXT = "Both contain {name}: taking both can be an overdose."
WORDS = {
    "scope": SCOPE_TEXT,
    "shared": SHARED_TEXT,
}


EFFECTS = Path(__file__).with_name("data") / "checker_effects.tsv"
_RECORD_GROUPS = re.compile(r"\((.*);[^;]*\)\s*$", re.S)


@functools.cache
def record_effects() -> tuple[list[str], dict[str, int]]:
    """What happens for the group records of render/data/checker_effects.tsv: the
    sentences, and the record's two groups (normalised, in either order) → sentence."""
    sentences: list[str] = []
    by_record: dict[str, int] = {}
    for line in EFFECTS.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        record, sentence, _why = line.split("\t")
        if sentence not in sentences:
            sentences.append(sentence)
        by_record[_groups_key(record)] = sentences.index(sentence)
    return sentences, by_record


def _groups_key(record: str) -> str:
    return " + ".join(sorted(norm_key(g) for g in record.split(" + ")))


@functools.lru_cache(maxsize=1 << 14)
def record_effect(locator: str) -> int | None:
    """The sentence number of what happens for the group record a locator names, if any."""
    m = _RECORD_GROUPS.search(locator)
    return record_effects()[1].get(_groups_key(m.group(1))) if m else None


def drug_file(drug_id: str) -> str:
    """The data file of one drug, a safe file name whatever its id holds."""
    if _SAFE_ID.fullmatch(drug_id):
        return f"{drug_id}.json"
    return "x" + hashlib.blake2b(drug_id.encode("utf-8"), digest_size=10).hexdigest() + ".json"


def plain_locator(locator: str) -> str:
    """Where in the source, without the source's own words: ANSM's locator ends with the
    French headings of its record ("thesaurus record 1909 (MÉDICAMENTS SÉDATIFS …)")."""
    return _LOCATOR_DETAIL.sub("", locator).strip()


def _level_words() -> dict[str, list[str]]:
    """level → [label, sentence]: the drug pages' own words (writers/wording.py)."""
    from ..writers.wording import LEVEL_LABEL, LEVEL_TEXT

    return {level: [LEVEL_LABEL[level], LEVEL_TEXT[level]] for level in LEVEL_ORDER
            if level in LEVEL_LABEL and level in LEVEL_TEXT}


def _lasa_on_site(names: set[str]) -> list[list[str]]:
    """Look-alike pairs with at least one side among the index's names (normalised)."""
    return sorted([p.a, p.b] for p in lasa_pairs() if p.a in names or p.b in names)


def checker_index(
    pages: Sequence[Page], hrefs: Mapping[str, str], kb: KnowledgeBase,
    brands: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, Any]:
    """What the checker page loads first: every medicine, every name it answers to (other
    names, spellings, salts, brands) and the words it answers with; no interaction data.

    Kept small for phones: a medicine's address is left out ("") when it is the one its
    title gives (`default_href`), a drug's file name when it is its id, and spelling
    variants of a name already listed ("Cefuroximum") are left to the typo matching."""
    listed = sorted((p for p in pages if p.key in hrefs),
                    key=lambda p: (p.title.casefold(), p.key))
    drug_ids = sorted({d.id for p in listed for d in p.drugs})
    drug_at = {d: i for i, d in enumerate(drug_ids)}
    display: dict[str, Drug] = {}
    for p in listed:
        for d in p.drugs:
            display.setdefault(d.id, d)
    medicines = []
    for p in listed:
        href = page_href(hrefs[p.key])
        derived = p.title.isascii() and href == default_href(p.title)
        medicines.append([p.title, "" if derived else href,
                          [drug_at[d.id] for d in p.drugs]])
    single = {p.drugs[0].id: i for i, p in enumerate(listed) if len(p.drugs) == 1}
    containing: dict[str, list[int]] = {}
    for i, p in enumerate(listed):
        for d in p.drugs:
            containing.setdefault(d.id, []).append(i)
    titles = {norm_key(p.title) for p in listed}
    targets: dict[str, list[Any]] = {}  # norm name → [name as written, medicines, kind]

    def add(name: str, where: list[int], kind: str) -> None:
        name = " ".join(name.split())
        k = norm_key(name)
        if not k or k in titles:
            return
        if k in targets:
            targets[k][1] = sorted({*targets[k][1], *where})
        else:
            targets[k] = [name, sorted(where), kind]

    for i, p in enumerate(listed):
        for b in (brands or {}).get(p.key, ()):
            add(b, [i], "b")  # "dolo" finds "Dolo 650" as the start of its name
    for did in drug_ids:
        d = display[did]
        where = [single[did]] if did in single else containing[did]
        kept: list[str] = [norm_key(listed[single[did]].title)] if did in single else []
        for n in unique_names([d.display, d.name, *d.other_names, *d.forms]):
            k = norm_key(n)
            if len(n) > MAX_NAME or _NOT_TYPED.search(n) or any(
                    Levenshtein.distance(k, o, score_cutoff=VARIANT) <= VARIANT for o in kept):
                continue
            kept.append(k)
            add(n, where, "o")
    sources = {s.id: {"name": s.name, "edition": s.edition, "licence": s.licence,
                      "url": s.url} for s in kb.sources()}
    same = {drug_at[d]: msg for d in drug_ids
            if (msg := same_ingredient().get(rule_key(display[d].name), ("", ""))[0])}
    return {
        "drugs": [[d, display[d].display] + ([] if drug_file(d) == f"{d}.json"
                                             else [drug_file(d)]) for d in drug_ids],
        "medicines": medicines,
        "names": [targets[k] for k in sorted(targets)],
        "lasa": _lasa_on_site(set(targets) | titles),
        "levels": _level_words(),
        "order": list(LEVEL_ORDER),
        "words": WORDS,
        "effects": record_effects()[0],
        "same": same,
        "sources": sources,
    }


def default_href(title: str) -> str:
    """The address the checker's script derives from a title (checker.js `hrefOf`)."""
    slug = norm_key(title).replace(" ", "-")
    return f"{slug[:1]}/{slug}/"


def checker_drug_files(pages: Sequence[Page], kb: KnowledgeBase) -> dict[str, dict[str, Any]]:
    """file name → one drug's interactions with the site's other drugs: per partner its
    level (monographs.interactions.pair_level, as on the drug pages), scope and citations.

    The KB stores most pairs in both directions: a pair's facts are pooled and each pair
    is worded once, identically in both drugs' files."""
    drug_ids = sorted({d.id for p in pages for d in p.drugs})
    pairs: dict[tuple[str, str], dict[tuple[str, str, str, str], Fact]] = {}
    for f in kb.interactions_among(drug_ids) if drug_ids else []:
        if not f.other_id or f.other_id == f.drug_id:
            continue
        a, b = sorted((f.drug_id, f.other_id))
        sig = (f.source_id, plain_locator(f.locator), f.severity or "", f.scope or "pair")
        pairs.setdefault((a, b), {}).setdefault(sig, f)
    partners: dict[str, dict[str, Any]] = {d: {} for d in drug_ids}
    for (a, b), by_sig in sorted(pairs.items()):
        level, cited = pair_level(list(by_sig.values()))
        scope = "pair" if any((f.scope or "pair") != "class" for f in cited) else "class"
        cites = sorted({(f.source_id, plain_locator(f.locator)) for f in cited})
        entry: list[Any] = [level, scope, [list(c) for c in cites]]
        effects = sorted({e for f in cited if (f.scope or "pair") == "class"
                          and (e := record_effect(f.locator)) is not None})
        if effects:
            entry.append(effects[0])  # what happens (render/data/checker_effects.tsv)
        partners[a][b] = entry
        partners[b][a] = entry
    return {drug_file(d): {"id": d, "p": partners[d]} for d in drug_ids}


def checker_files(
    pages: Sequence[Page], hrefs: Mapping[str, str], kb: KnowledgeBase,
    brands: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, str]:
    """site path → text: `checker/index.json` and `checker/d/<drug>.json`."""
    on_site = [p for p in pages if p.key in hrefs]
    index = checker_index(on_site, hrefs, kb, brands)
    drugs = checker_drug_files(on_site, kb)
    index["pairs"] = sum(len(d["p"]) for d in drugs.values()) // 2
    files = {INDEX_JSON: _dump(index)}
    for name, data in drugs.items():
        files[f"{DRUG_DIR}/{name}"] = _dump(data)
    return files


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
