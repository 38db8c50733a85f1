"""Check an LLM draft against the facts it was given before anything is published.

Three gates: non-answers (refusals, "please provide the name") reject the whole draft;
structure (required sections, no HTML/markdown) rejects or drops pieces; claims (conditions,
side effects, drug names, numbers and doses, pregnancy and other population statements,
overclaims) must each be found in the page's facts. In strict mode an unsupported sentence
is removed; in lenient mode it is kept with `verified=False` so renderers can mark it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from ..models import FAQ, ClaimCounts, Drug, Fact, FactKind, Statement
from ..sentences import split_sentences
from . import lexicon
from .prompt import Draft, DraftFAQ, PlanItem

ClaimsMode = Literal["strict", "lenient"]

_WORD = re.compile(r"[0-9a-z]+(?:[.,][0-9]+)?")
_EMPHASIS = re.compile(r"[*_`~]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")
MAX_TEXT = 800
# Single-word terms from source vocabularies that are too generic to be a claim by themselves.
GENERIC_TERMS = frozenset(
    "fall shock disease disorder disorders syndrome condition conditions drug drugs medicine "
    "medicines use effect effects increased decreased abnormal injury feeling change changes "
    "problem problems other unknown general".split()
)


SEVERITY_WORDS = {
    "contraindicated": "should not be taken together serious",
    "major": "serious",
    "moderate": "",
    "minor": "mild",
}
MAX_NOVEL_WORDS = 1
INDEX_LEN = 6  # fact phrases up to this many words are looked up in a hash index


class NonAnswer(Exception):  # noqa: N818 - an outcome, not a failure of the verifier
    """The draft declines, asks for a name or otherwise is not a page: never publish it."""


class StructureError(ValueError):
    """The draft lacks a required section: the writer retries, then falls back."""


def _stem(token: str) -> str:
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
        return token[:-1]
    return token


def tokens(text: str) -> tuple[str, ...]:
    """Accent-free, case-folded, crudely singular words: both sides of every match use this."""
    ascii_only = "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    )
    return tuple(_stem(w) for w in _WORD.findall(ascii_only.casefold()))


_CONNECTIVE = frozenset(w for word in lexicon.CONNECTIVE for w in tokens(word))


def _contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    n = len(needle)
    if n == 0 or n > len(haystack):
        return False
    first = needle[0]
    return any(
        haystack[i] == first and haystack[i : i + n] == needle
        for i in range(len(haystack) - n + 1)
    )


@dataclass
class Vocabulary:
    """Every term the verifier recognises as a claim: lexicon concepts, fact terms, drug names."""

    concepts: dict[tuple[str, ...], int] = field(default_factory=dict)
    spellings: list[list[tuple[str, ...]]] = field(default_factory=list)
    drug_names: dict[tuple[str, ...], set[str]] = field(default_factory=dict)
    max_len: int = 1
    known: set[str] = field(default_factory=lambda: set(_CONNECTIVE))  # never "novel"

    def add_concept(self, names: Iterable[str]) -> None:
        keys = [k for k in (tokens(n) for n in names) if k]
        keys = [k for k in keys if not (len(k) == 1 and k[0] in GENERIC_TERMS)]
        if not keys:
            return
        ids = {self.concepts[k] for k in keys if k in self.concepts}
        cid = min(ids) if ids else len(self.spellings)
        if cid == len(self.spellings):
            self.spellings.append([])
        for k in keys:
            if k not in self.spellings[cid]:
                self.spellings[cid].append(k)
            self.concepts.setdefault(k, cid)
            self.max_len = max(self.max_len, len(k))

    def add_drug_name(self, name: str, drug_id: str) -> None:
        key = tokens(name)
        if not key or len(name) < 4 or name.casefold() in lexicon.EVERYDAY_NAMES:
            return
        self.drug_names.setdefault(key, set()).add(drug_id)
        self.known.update(key)
        self.max_len = max(self.max_len, len(key))

    @classmethod
    def build(
        cls, fact_terms: Iterable[tuple[str, str]], names: Iterable[tuple[str, str]]
    ) -> Vocabulary:
        """From (plain, value) pairs of condition-like facts and (name, drug id) pairs."""
        vocab = cls()
        for group in lexicon.concept_groups():
            vocab.add_concept(group)
        for plain, value in fact_terms:
            vocab.add_concept([plain, value])
        for name, drug_id in names:
            vocab.add_drug_name(name, drug_id)
        return vocab

    def scan(self, words: tuple[str, ...]) -> list[tuple[str, tuple[str, ...]]]:
        """Longest-match mentions: ("concept"|"drug", the words matched)."""
        found: list[tuple[str, tuple[str, ...]]] = []
        i = 0
        while i < len(words):
            for n in range(min(self.max_len, len(words) - i), 0, -1):
                key = words[i : i + n]
                if key in self.drug_names:
                    found.append(("drug", key))
                    break
                if key in self.concepts:
                    found.append(("concept", key))
                    break
            else:
                n = 1
            i += n
        return found


@dataclass
class Grounding:
    """The facts given to one page, in the forms the checks need."""

    facts: dict[str, Fact]
    drug_ids: set[str]
    fact_words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    page_names: list[tuple[str, ...]] = field(default_factory=list)
    words: set[str] = field(default_factory=set)
    index: dict[tuple[str, ...], list[str]] = field(default_factory=dict)
    _known: set[str] | None = None

    @classmethod
    def of(cls, facts: Iterable[Fact], drugs: Iterable[Drug]) -> Grounding:
        facts = list(facts)
        drugs = list(drugs)
        ids = {d.id for d in drugs} | {f.other_id for f in facts if f.other_id}
        g = cls(facts={f.id: f for f in facts}, drug_ids=ids)
        for f in facts:
            extra = SEVERITY_WORDS.get(f.severity or "", "")
            g.fact_words[f.id] = tokens(
                f"{f.plain} . {f.value} . {f.frequency or ''} . {f.severity or ''} {extra}"
            )
        for fid, fw in g.fact_words.items():
            g.words.update(fw)
            for n in range(1, INDEX_LEN + 1):
                for i in range(len(fw) - n + 1):
                    found = g.index.setdefault(fw[i : i + n], [])
                    if not found or found[-1] != fid:
                        found.append(fid)
        for d in drugs:
            for name in [d.name, d.display, *d.other_names, *d.forms]:
                if tokens(name):
                    g.page_names.append(tokens(name))
        return g

    def novel_words(self, words: tuple[str, ...], vocab: Vocabulary) -> list[str]:
        """Content words of a sentence that neither the facts, the names nor plain prose use."""
        if self._known is None:
            self._known = set(self.words)
            self._known |= {w for name in self.page_names for w in name}
        return [
            w for w in dict.fromkeys(words)
            if len(w) > 2 and not w[0].isdigit() and w not in self._known
            and w not in vocab.known
        ]

    def facts_saying(self, words: tuple[str, ...]) -> list[str]:
        if len(words) <= INDEX_LEN:
            return self.index.get(words, [])
        return [fid for fid, fw in self.fact_words.items() if _contains(fw, words)]


@dataclass
class Check:
    """The verdict on one sentence."""

    text: str
    supported: bool
    furniture: bool = False
    fact_ids: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def clean_text(text: str) -> str | None:
    """Plain text with emphasis marks dropped, or None when it carries markup or links."""
    if lexicon.INJECTION.search(text):
        return None
    text = _CONTROL.sub(" ", text)
    text = _EMPHASIS.sub("", text)
    text = " ".join(text.split())
    return text[:MAX_TEXT] if text else None



def check_sentence(
    sentence: str, cited: Iterable[str], g: Grounding, vocab: Vocabulary
) -> Check:
    """Is every medical entity, number and statement in this sentence backed by a given fact?"""
    words = tokens(sentence)
    valid = [fid for fid in cited if fid in g.facts]
    matched: list[str] = []
    problems: list[str] = []
    mentions = vocab.scan(words)
    entities = 0
    for kind, key in mentions:
        entities += 1
        if kind == "drug":
            if vocab.drug_names[key] & g.drug_ids or key in g.page_names:
                about = vocab.drug_names[key]
                matched += [i for i in valid if g.facts[i].other_id in about] or [
                    i for i, f in g.facts.items() if f.other_id in about
                ]
                continue
            hits = g.facts_saying(key)
        else:
            hits = [
                fid for sp in vocab.spellings[vocab.concepts[key]] for fid in g.facts_saying(sp)
            ]
        if hits:
            in_cited = [fid for fid in hits if fid in valid]
            matched += in_cited or hits
        else:
            problems.append(f"{kind} not in facts: {' '.join(key)}")
    for m in lexicon.DOSE.finditer(sentence):
        if not g.facts_saying(tokens(m.group(0))):
            problems.append(f"dose: {m.group(0)}")
    for num in lexicon.NUMBER.findall(sentence):
        if num not in g.words:
            problems.append(f"number: {num}")
    if over := lexicon.OVERCLAIM.search(sentence):
        problems.append(f"overclaim: {over.group(0)}")
    population = lexicon.POPULATION.search(sentence)
    deferral = bool(lexicon.DEFERRAL.search(sentence) or lexicon.NO_DATA.search(sentence))
    if population and not (deferral and lexicon.NO_DATA.search(sentence)):
        if not g.facts_saying(tokens(population.group(0))):
            problems.append(f"population: {population.group(0)}")
    if not problems and (entities or valid):
        named = {w for _, key in mentions for w in key}
        novel = [w for w in g.novel_words(words, vocab) if w not in named]
        if len(novel) > MAX_NOVEL_WORDS:
            problems.append(f"words not in facts: {' '.join(novel)}")
    if problems:
        return Check(sentence, False, problems=problems)
    if not entities and not valid:
        if deferral:
            return Check(sentence, True, furniture=True)
        return Check(sentence, False, problems=["no supporting fact cited"])
    ids = list(dict.fromkeys([*valid, *matched]))
    return Check(sentence, True, fact_ids=ids)


@dataclass
class Verified:
    """A draft after verification: statements per section id, FAQs, and the claim counts."""

    sections: dict[str, list[Statement]]
    faqs: list[FAQ]
    claims: ClaimCounts
    problems: list[str] = field(default_factory=list)


def _all_text(draft: Draft) -> Iterable[str]:
    for s in draft.sections:
        for st in s.statements:
            yield st.text
            if st.label:
                yield st.label
    for f in draft.faqs:
        yield f.question
        yield f.answer


def find_non_answer(text: str) -> str | None:
    m = lexicon.NON_ANSWER.search(text)
    return m.group(0) if m else None


class Verifier:
    """Verifies drafts for pages; one per build (the vocabulary is built once)."""

    def __init__(self, vocab: Vocabulary, mode: ClaimsMode = "strict") -> None:
        self.vocab = vocab
        self.mode = mode

    def _sentences(
        self, text: str, cited: list[str], g: Grounding, counts: ClaimCounts, problems: list[str]
    ) -> tuple[list[Check], list[Check]]:
        """(kept as verified, kept as unverified) checks of the sentences of one text."""
        good: list[Check] = []
        bad: list[Check] = []
        for sentence in split_sentences(text):
            c = check_sentence(sentence, cited, g, self.vocab)
            if c.supported:
                counts.supported += 0 if c.furniture else 1
                good.append(c)
                continue
            problems.extend(c.problems)
            if self.mode == "lenient":
                counts.unverified += 1
                bad.append(c)
            else:
                counts.removed += 1
        return good, bad

    @staticmethod
    def precheck(draft: Draft, plan: list[PlanItem]) -> None:
        """The cheap gates, run as each answer arrives: refusals and missing sections."""
        for piece in _all_text(draft):
            if hit := find_non_answer(piece):
                raise NonAnswer(hit)
        wanted = {p.id for p in plan}
        present = {s.id for s in draft.sections if s.statements}
        if missing := wanted - present:
            raise StructureError(f"missing sections: {', '.join(sorted(missing))}")

    def verify(self, draft: Draft, plan: list[PlanItem], g: Grounding) -> Verified:
        self.precheck(draft, plan)
        wanted = {p.id for p in plan}
        counts = ClaimCounts()
        problems: list[str] = []
        sections: dict[str, list[Statement]] = {p.id: [] for p in plan}
        for section in draft.sections:
            if section.id not in wanted:
                continue
            for st in section.statements:
                text = clean_text(st.text)
                label = clean_text(st.label) if st.label else None
                if text is None or (st.label and label is None):
                    counts.removed += 1
                    problems.append("markup in statement")
                    continue
                lead = f"{label}: " if label else ""
                good, bad = self._sentences(lead + text, st.fact_ids, g, counts, problems)
                if label and good and good[0].text.startswith(lead.strip()):
                    good[0].text = good[0].text[len(lead):].strip()
                elif label:
                    label = None
                out = sections[section.id]
                if good and any(not c.furniture for c in good):
                    ids = list(dict.fromkeys(i for c in good for i in c.fact_ids))
                    out.append(Statement(
                        text=" ".join(c.text for c in good if c.text), label=label, fact_ids=ids,
                    ))
                out.extend(
                    Statement(text=c.text, fact_ids=[], verified=False) for c in bad
                )
        faqs = [f for f in (self._faq(q, g, counts, problems) for q in draft.faqs) if f]
        return Verified(sections=sections, faqs=faqs, claims=counts, problems=problems)

    def _faq(
        self, faq: DraftFAQ, g: Grounding, counts: ClaimCounts, problems: list[str]
    ) -> FAQ | None:
        question = clean_text(faq.question)
        answer = clean_text(faq.answer)
        cited = faq.fact_ids
        if question is None or answer is None:
            counts.removed += 1
            problems.append("markup in FAQ")
            return None
        q = check_sentence(question.rstrip("?") + ".", cited, g, self.vocab)
        if q.problems and q.problems != ["no supporting fact cited"]:
            problems.extend(q.problems)
            if self.mode == "strict":
                counts.removed += 1
                return None
        good, bad = self._sentences(answer, cited, g, counts, problems)
        if not good and not bad:
            return None
        verified = not bad and (not q.problems or q.problems == ["no supporting fact cited"])
        if self.mode == "lenient" and not verified and not bad:
            counts.unverified += 1
        ids = list(dict.fromkeys(i for c in [q, *good] for i in c.fact_ids))
        text = " ".join(c.text for c in [*good, *bad])
        return FAQ(question=question, answer=text, fact_ids=ids, verified=verified)


CONDITION_KINDS = (FactKind.USE, FactKind.SIDE_EFFECT, FactKind.CAUTION)
