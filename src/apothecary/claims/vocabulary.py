"""The checker's one vocabulary: clinical terms and their plain forms, drug names, and the
reviewed word lists (frames, marked words, neutral words, furniture) under claims/data.

Terms come from claims/data/terms.tsv, the knowledge build's vocabulary files
(data/vocabulary/conditions.txt, effects.txt, classes.txt: "clinical = plain") and the
knowledge base's own fact wordings; every wording of one concept is one `concept` string.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from .normalize import tokens

Phrase = tuple[str, ...]
_PAREN = re.compile(r"\(([^)]*)\)")
# Knowledge-base wordings are recognised as claims in other people's prose only when they
# look clinical: SIDER terms like "Fall" or "Mass" are also everyday English.
_CLINICAL_SUFFIX = re.compile(
    r"(itis|osis|aemia|emia|algia|pathy|oma|plegia|penia|uria|rrhoea|rrhea|spasm|trophy|"
    r"megaly|asthenia|plasia|iasis|ism|cardia|ia)$"
)
GENERIC_WORDS = frozenset(tokens(
    "fall shock disease disorder disorders syndrome condition conditions drug drugs medicine "
    "medicines use effect effects increased decreased abnormal injury feeling change changes "
    "problem problems other unknown general procedure exposure result test level count "
    "therapy product error"
))
# Names that are also food, minerals or everyday words: never a drug mention in prose.
EVERYDAY_NAMES = frozenset(
    "water oxygen air salt sugar food milk alcohol ethanol iron zinc caffeine glucose sodium "
    "potassium calcium magnesium vitamin vitamins fibre fiber carbon nitrogen honey tea "
    "coffee juice grapefruit protein fat fats sucrose lactose charcoal".split()
)


def _rows(name: str) -> list[list[str]]:
    text = resources.files("apothecary.claims").joinpath(f"data/{name}").read_text("utf-8")
    return [line.split("\t") for line in text.splitlines()
            if line.strip() and not line.startswith("#")]


def _vocab_file(name: str) -> list[tuple[str, str]]:
    text = resources.files("apothecary").joinpath(f"data/vocabulary/{name}").read_text("utf-8")
    out = []
    for line in text.splitlines():
        if "=" in line and not line.lstrip().startswith("#"):
            left, right = line.split("=", 1)
            out.append((left.strip(), right.strip()))
    return out


def variants(text: str) -> list[Phrase]:
    """A wording and, for "feeling sick (nausea)", each part: all name the same thing."""
    parts = [_PAREN.sub(" ", text), *_PAREN.findall(text)]
    if "," in parts[0] and len(parts[0].split(",")) == 2:  # "Diabetes Mellitus, Type 2"
        a, b = parts[0].split(",")
        parts.append(f"{b} {a}")
    return [p for p in (tokens(x) for x in parts) if p]


@dataclass(frozen=True)
class WordLists:
    """The reviewed lists under claims/data, tokenised."""

    frames: dict[Phrase, frozenset[str]]  # phrase → fact kinds
    marked: dict[Phrase, str]  # phrase → group
    marked_groups: dict[str, tuple[Phrase, ...]]
    synonym_groups: frozenset[str]  # any phrase of the group means the same
    audit_groups: frozenset[str]
    neutral: frozenset[str]
    furniture: frozenset[Phrase]
    deferral: frozenset[str]


@cache
def word_lists() -> WordLists:
    frames: dict[Phrase, set[str]] = {}
    for kinds, phrases, _note in _rows("frames.tsv"):
        for p in phrases.split("|"):
            frames.setdefault(tokens(p), set()).update(kinds.split(","))
    marked: dict[Phrase, str] = {}
    groups: dict[str, list[Phrase]] = {}
    audit: set[str] = set()
    synonyms: set[str] = set()
    for group, phrases, match, note in _rows("marked.tsv"):
        if match == "group":
            synonyms.add(group)
        if note.startswith("audit:"):
            audit.add(group)
        for p in phrases.split("|"):
            marked.setdefault(tokens(p), group)
            groups.setdefault(group, []).append(tokens(p))
    neutral = {t for words, _note in _rows("neutral.tsv") for t in tokens(words)}
    neutral -= {w for p in marked for w in p if len(p) == 1}
    furniture = frozenset(tokens(p) for p, _note in _rows("furniture.tsv"))
    return WordLists(
        frames={k: frozenset(v) for k, v in frames.items()}, marked=marked,
        marked_groups={g: tuple(v) for g, v in groups.items()},
        synonym_groups=frozenset(synonyms), audit_groups=frozenset(audit),
        neutral=frozenset(neutral), furniture=furniture,
        deferral=frozenset(tokens("doctor pharmacist prescriber nurse professional")),
    )


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


def looks_clinical(phrase: Phrase) -> bool:
    """A knowledge-base wording worth treating as a claim in free prose."""
    if not phrase or any(t in GENERIC_WORDS for t in phrase):
        return False
    if len(phrase) >= 2:
        return True
    word = phrase[0]
    return len(word) >= 6 and not word[0].isdigit() and bool(_CLINICAL_SUFFIX.search(word))


@dataclass
class Vocabulary:
    """Concepts (every wording of a term → one concept), broader uses, and drug names."""

    union: _Union = field(default_factory=_Union)
    curated: set[Phrase] = field(default_factory=set)  # reviewed wordings: always claims
    from_kb: set[Phrase] = field(default_factory=set)
    classes: set[Phrase] = field(default_factory=set)  # wordings of medicine classes
    broader_rows: list[tuple[Phrase, Phrase]] = field(default_factory=list)
    drug_names: dict[Phrase, set[str]] = field(default_factory=dict)
    max_len: int = 1
    _broader: dict[str, set[str]] | None = None
    _spellings: dict[str, list[Phrase]] | None = None
    _longest: dict[str, int] | None = None

    def longest(self, first: str) -> int:
        """The length of the longest known phrase (term, drug name, listed phrase) starting
        with this token: the scanner tries no longer ones."""
        if self._longest is None:
            lists = word_lists()
            longest: dict[str, int] = {}
            for group in (self.union.parent, self.drug_names, lists.marked, lists.frames,
                          lists.furniture):
                for p in group:
                    if p and len(p) > longest.get(p[0], 0):
                        longest[p[0]] = len(p)
            self._longest = longest
        return self._longest.get(first, 0)

    def add_concept(self, wordings: Iterable[str], curated: bool, is_class: bool = False) -> None:
        phrases = [p for w in wordings for p in variants(w)]
        phrases = [p for p in phrases if not (len(p) == 1 and p[0] in GENERIC_WORDS)]
        if is_class:
            self.classes.update(phrases)
        for p in phrases:
            self.union.union(phrases[0], p)
            (self.curated if curated else self.from_kb).add(p)
            self.max_len = max(self.max_len, len(p))
        self._broader = self._spellings = None
        self._longest = None

    def add_drug_name(self, name: str, drug_id: str) -> None:
        key = tokens(name)
        if not key or len(name) < 4 or name.casefold() in EVERYDAY_NAMES:
            return
        self.drug_names.setdefault(key, set()).add(drug_id)
        self.max_len = max(self.max_len, len(key))
        self._longest = None

    def concept(self, phrase: Phrase) -> str:
        return " ".join(self.union.find(phrase)) if phrase in self.union.parent else (
            " ".join(phrase))

    def concepts_of(self, text: str) -> set[str]:
        return {self.concept(p) for p in variants(text)}

    def spellings(self, concept: str) -> list[Phrase]:
        if self._spellings is None:
            self._spellings = {}
            for p in self.union.parent:
                self._spellings.setdefault(self.concept(p), []).append(p)
        return self._spellings.get(concept, [])

    def broader(self, concept: str) -> set[str]:
        """Every broader concept (transitively) from the reviewed terms' third column."""
        if self._broader is None:
            direct: dict[str, set[str]] = {}
            for narrow, wide in self.broader_rows:
                direct.setdefault(self.concept(narrow), set()).add(self.concept(wide))
            self._broader = {}
            for c in direct:
                seen: set[str] = set()
                todo = list(direct[c])
                while todo:
                    b = todo.pop()
                    if b not in seen:
                        seen.add(b)
                        todo.extend(direct.get(b, ()))
                self._broader[c] = seen
        return self._broader.get(concept, set())

    def is_term(self, phrase: Phrase) -> bool:
        return phrase in self.curated or phrase in self.from_kb

    @classmethod
    def build(cls, fact_terms: Iterable[tuple[str, ...]] = (),
              names: Iterable[tuple[str, str]] = ()) -> Vocabulary:
        """The reviewed terms, the vocabulary files, then (plain, value[, kind]) of KB facts
        and (name, drug id) pairs."""
        vocab = cls()
        for term, others, broad, note in _rows("terms.tsv"):
            vocab.add_concept([term, *[o for o in others.split("|") if o]], curated=True,
                              is_class=note.startswith("class:"))
            if broad:
                vocab.broader_rows.append((tokens(term), tokens(broad)))
        for name in ("conditions.txt", "effects.txt", "classes.txt"):
            for clinical, plain in _vocab_file(name):
                vocab.add_concept([clinical, plain], curated=False,
                                  is_class=name == "classes.txt")
        marked = set(word_lists().marked)
        firsts = {m[0] for m in marked}
        for plain, value, *kind in fact_terms:
            if kind and kind[0] == "class":
                vocab.add_concept([value, plain], curated=False, is_class=True)
                continue
            # a plain wording carrying an instruction ("Avoid drinking alcohol") is no synonym
            said = tokens(plain)
            if firsts.intersection(said) and any(
                said[i : i + len(m)] == m for m in marked for i in range(len(said))
            ):
                vocab.add_concept([value], curated=False)
            else:
                vocab.add_concept([value, plain], curated=False)
        for name, drug_id in names:
            vocab.add_drug_name(name, drug_id)
        return vocab
