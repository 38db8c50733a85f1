"""Recognise conditions, side effects and drug names in page text, and judge support.

Built once per audit from the knowledge base (every use and side-effect term, clinical and
plain) plus a hand-written list of everyday wordings (data/terms.tsv), so that a page saying
"high blood pressure" is matched against a fact recorded as "Hypertension".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources

from ..knowledge.store import KnowledgeBase
from ..names.normalize import norm_key

Phrase = tuple[str, ...]

STOP_TOKENS = frozenset("of the a an in and or to with due by on for from".split())
# Single words from the knowledge base are only recognised when they look clinical: a SIDER
# term like "Fall" or "Mass" is also everyday English and would raise false alarms.
_CLINICAL_SUFFIX = re.compile(
    r"(itis|osis|aemia|emia|algia|pathy|oma|plegia|penia|uria|rrhoea|rrhea|spasm|trophy|"
    r"megaly|asthenia|plasia|iasis|ism|cardia|ia)$"
)
_JUNK_TOKENS = frozenset(
    "drug product medication medicinal therapeutic therapy label error ineffective unknown "
    "procedure exposure use abnormal normal result test level count interaction overdose "
    "dose withdrawal".split()
)
_NOT_CLINICAL = frozenset("bacteria criteria media via california".split())
# Names that are also food, minerals or everyday words: never checked as interacting drugs.
DRUG_STOPWORDS = frozenset(
    "alcohol ethanol water oxygen iron calcium sodium potassium magnesium zinc glucose "
    "vitamin salt sugar milk food grapefruit sucrose lactose charcoal air nitrogen".split()
)
# Head words too general to say two terms are the same thing ("high/low blood pressure").
GENERIC_HEADS = frozenset(
    "pressure sugar glucose rate level count disease disorder syndrome failure reaction "
    "problem condition effect change increased decreased abnormal".split()
)
_PAREN = re.compile(r"\(([^)]*)\)")


def norm_token(token: str) -> str:
    """British/American spellings and plurals folded: "diarrhoeas" → "diarrhea"."""
    token = token.replace("ae", "e").replace("oe", "e")
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def tokens(text: str) -> list[str]:
    return [norm_token(t) for t in norm_key(text).split()]


def phrase_variants(text: str) -> list[Phrase]:
    """A term and, for plain wordings like "feeling sick (nausea)", each part of it."""
    parts = [_PAREN.sub(" ", text), *_PAREN.findall(text)]
    out = []
    for part in parts:
        toks = tuple(tokens(part))
        if toks:
            out.append(toks)
    return out


def _content(phrase: Phrase) -> frozenset[str]:
    return frozenset(t for t in phrase if t not in STOP_TOKENS)


def _looks_clinical(phrase: Phrase) -> bool:
    content = [t for t in phrase if t not in STOP_TOKENS]
    if not content or any(t in _JUNK_TOKENS for t in content):
        return False
    if len(content) >= 2:
        return True
    word = content[0]
    return len(word) >= 6 and word not in _NOT_CLINICAL and bool(_CLINICAL_SUFFIX.search(word))


@dataclass
class Mention:
    surface: str  # the words as normalised from the text
    concept: str


@dataclass
class Terms:
    """Concepts and word sets of some facts, ready for quick overlap checks."""

    concepts: set[str] = field(default_factory=set)
    token_sets: list[frozenset[str]] = field(default_factory=list)
    by_token: dict[str, list[int]] = field(default_factory=dict)  # token → token_sets indices
    heads: set[str] = field(default_factory=set)

    def add(self, concepts: Iterable[str], pairs: Iterable[tuple[frozenset[str], str]]) -> None:
        self.concepts.update(concepts)
        for content, head in pairs:
            if head not in GENERIC_HEADS:
                self.heads.add(head)
            for t in content:
                self.by_token.setdefault(t, []).append(len(self.token_sets))
            self.token_sets.append(content)


@dataclass
class Support:
    """What the knowledge base says about one page's drugs.

    A use claim is checked against use facts only; a side-effect claim against every
    use, side-effect and caution fact (a page may mention a treated condition there).
    """

    uses: Terms = field(default_factory=Terms)
    effects: Terms = field(default_factory=Terms)
    interacting: set[str] = field(default_factory=set)  # drug ids
    has_use: bool = False
    has_side_effect: bool = False
    has_interaction: bool = False


class _Union:
    def __init__(self) -> None:
        self.parent: dict[Phrase, Phrase] = {}

    def find(self, x: Phrase) -> Phrase:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: Phrase, b: Phrase) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


class PhraseIndex:
    """Longest-match lookup of known phrases in a token list."""

    def __init__(self) -> None:
        self.phrases: dict[Phrase, str] = {}
        self.longest: dict[str, int] = {}

    def add(self, phrase: Phrase, value: str) -> None:
        self.phrases[phrase] = value
        self.longest[phrase[0]] = max(self.longest.get(phrase[0], 0), len(phrase))

    def find(self, toks: list[str]) -> list[tuple[Phrase, str]]:
        out = []
        i = 0
        while i < len(toks):
            n = min(self.longest.get(toks[i], 0), len(toks) - i)
            while n:
                phrase = tuple(toks[i : i + n])
                if phrase in self.phrases:
                    out.append((phrase, self.phrases[phrase]))
                    break
                n -= 1
            i += max(n, 1)
        return out


def _load_terms() -> list[tuple[str, list[str], str]]:
    text = resources.files("apothecary.audit").joinpath("data/terms.tsv").read_text("utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t") + ["", ""]
        rows.append((cols[0], [s for s in cols[1].split("|") if s], cols[2]))
    return rows


class Lexicon:
    """Condition/side-effect concepts and drug names, built once for a whole audit."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._term_cache: dict[str, tuple[list[str], list[tuple[frozenset[str], str]]]] = {}
        self._union = _Union()
        broader: list[tuple[Phrase, Phrase]] = []
        indexed: list[Phrase] = []
        for canonical, others, broad in _load_terms():
            base = phrase_variants(canonical)[0]
            indexed.append(base)
            for other in others:
                for p in phrase_variants(other):
                    self._union.union(base, p)
                    indexed.append(p)
            if broad:
                broader.append((base, phrase_variants(broad)[0]))
                indexed.append(phrase_variants(broad)[0])
        # Every use and side-effect term in the knowledge base, whatever the licence filter:
        # recognising a word is not citing a fact.
        rows = kb.conn.execute(
            "SELECT DISTINCT value, plain FROM facts WHERE kind IN ('use', 'side_effect')"
        ).fetchall()
        for value, plain in rows:
            variants = phrase_variants(value) + phrase_variants(plain)
            for p in variants[1:]:
                self._union.union(variants[0], p)
            indexed.extend(p for p in variants if _looks_clinical(p))
        self.terms = PhraseIndex()
        self.aliases: dict[str, set[Phrase]] = {}
        for p in indexed:
            root = " ".join(self._union.find(p))
            self.terms.add(p, root)
        for p in self._union.parent:
            self.aliases.setdefault(" ".join(self._union.find(p)), set()).add(p)
        self.broader: dict[str, set[str]] = {}
        for narrow, wide in broader:
            self.broader.setdefault(self.concept(narrow), set()).add(self.concept(wide))
        self.drug_names = PhraseIndex()
        ids_by_norm: dict[Phrase, set[str]] = {}
        for norm, _name, drug_id, _kind in kb.name_rows():
            phrase = tuple(norm_token(t) for t in norm.split())
            if phrase and len(norm) >= 4 and norm not in DRUG_STOPWORDS:
                ids_by_norm.setdefault(phrase, set()).add(drug_id)
        for phrase, ids in ids_by_norm.items():
            if len(ids) == 1:
                self.drug_names.add(phrase, next(iter(ids)))

    def concept(self, phrase: Phrase) -> str:
        return " ".join(self._union.find(phrase))

    def conditions(self, sentence: str) -> list[Mention]:
        return [Mention(" ".join(p), c) for p, c in self.terms.find(tokens(sentence))]

    def drugs(self, sentence: str) -> list[Mention]:
        return [Mention(" ".join(p), d) for p, d in self.drug_names.find(tokens(sentence))]

    def _term(self, text: str) -> tuple[list[str], list[tuple[frozenset[str], str]]]:
        """Concepts of one fact wording and the word sets of all their aliases (cached)."""
        hit = self._term_cache.get(text)
        if hit is None:
            concepts, sets = [], []
            for p in phrase_variants(text):
                concept = self.concept(p)
                concepts.append(concept)
                for alias in self.aliases.get(concept, {p}):
                    content = _content(alias)
                    if content:
                        sets.append((content, alias[-1]))
            hit = self._term_cache[text] = (concepts, sets)
        return hit

    def support(self, facts: Iterable[tuple[str, str, str, str | None]]) -> Support:
        """From (kind, value, plain, other_id) rows of the page's drugs."""
        sup = Support()
        for kind, value, plain, other_id in sorted(set(facts), key=str):
            if kind == "interaction":
                sup.has_interaction = True
                if other_id:
                    sup.interacting.add(other_id)
                continue
            if kind not in ("use", "side_effect", "caution"):
                continue
            sup.has_use |= kind == "use"
            sup.has_side_effect |= kind == "side_effect"
            for text in (value, plain):
                concepts, pairs = self._term(text)
                sup.effects.add(concepts, pairs)
                if kind == "use":
                    sup.uses.add(concepts, pairs)
        return sup

    def supported(self, mention: Mention, sup: Terms) -> bool:
        """Conservative: any overlap in concept, broader term, words or head word counts."""
        todo, seen = [mention.concept], set()
        while todo:
            c = todo.pop()
            if c in sup.concepts:
                return True
            seen.add(c)
            todo.extend(b for b in self.broader.get(c, ()) if b not in seen)
        for alias in self.aliases.get(mention.concept, set()) | {tuple(mention.surface.split())}:
            content = _content(alias)
            if not content:
                continue
            if alias[-1] in sup.heads:
                return True
            candidates = {i for t in content for i in sup.by_token.get(t, ())}
            sets = (sup.token_sets[i] for i in candidates)
            if any(content <= s or s <= content for s in sets):
                return True
        return False
