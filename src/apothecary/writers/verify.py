"""Check an LLM draft against the facts it was given before anything is published.

Three gates: non-answers (refusals, "please provide the name") reject the whole draft;
structure (required sections, no HTML/markdown) rejects or drops pieces; claims: every
sentence of every statement and FAQ goes through the one claim checker shared with the audit
(`apothecary.claims`), which publishes it only when the page's facts say all it says and
names exactly those facts as its sources. In strict mode an unsupported sentence is removed;
in lenient mode it is kept with `verified=False` so renderers can mark it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from ..claims.checker import FactView, Page, Verdict
from ..claims.vocabulary import Vocabulary
from ..models import FAQ, ClaimCounts, Drug, Fact, FactKind, Statement
from ..sentences import split_sentences
from . import lexicon
from .prompt import SECTION_PLAN, Draft, DraftFAQ, PlanItem

ClaimsMode = Literal["strict", "lenient"]

_EMPHASIS = re.compile(r"[*_`~]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
MAX_TEXT = 800
SECTION_KINDS = {item.id: tuple(str(k) for k in item.kinds) for item in SECTION_PLAN}


class NonAnswer(Exception):  # noqa: N818 - an outcome, not a failure of the verifier
    """The draft declines, asks for a name or otherwise is not a page: never publish it."""


class StructureError(ValueError):
    """The draft lacks a required section: the writer retries, then falls back."""


Check = Verdict  # the verdict on one sentence (claims.checker)


class Grounding(Page):
    """The facts given to one page and its medicines' names (claims.checker.Page)."""

    given: tuple[list[Fact], list[Drug]] = ([], [])

    @classmethod
    def of(cls, facts: Iterable[Fact], drugs: Iterable[Drug],
           vocab: Vocabulary | None = None) -> Grounding:
        facts, drugs = list(facts), list(drugs)
        vocab = vocab or _default_vocab()
        names = [(n, d.id) for d in drugs
                 for n in [d.name, d.display, *d.other_names, *d.forms] if n]
        g = cls([FactView.of(f, vocab) for f in facts], names, vocab)
        g.given = (facts, drugs)
        return g

    def with_vocab(self, vocab: Vocabulary) -> Grounding:
        """The same page judged with another vocabulary (the writer's, built from the KB)."""
        return self if vocab is self.vocab else Grounding.of(*self.given, vocab=vocab)


@cache
def _default_vocab() -> Vocabulary:
    return Vocabulary.build()


def clean_text(text: str) -> str | None:
    """Plain text with emphasis marks dropped, or None when it carries markup or links.
    Invisible and look-alike characters are kept here: the checker rejects them."""
    if lexicon.INJECTION.search(text):
        return None
    text = _CONTROL.sub(" ", text)
    text = _EMPHASIS.sub("", text)
    text = " ".join(text.split())
    return text[:MAX_TEXT] if text else None


def check_sentence(
    sentence: str, cited: Iterable[str], g: Grounding, vocab: Vocabulary | None = None,
    kinds: Iterable[str] | None = None, allow: Iterable[str] = (), question: bool = False,
) -> Check:
    """Is everything this sentence says said by the page's facts? (claims.checker)"""
    if vocab is not None:
        g = g.with_vocab(vocab)
    return g.check(sentence, cited, kinds, allow, question)


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
        self, text: str, cited: list[str], g: Grounding, counts: ClaimCounts, problems: list[str],
        kinds: Iterable[str] | None = None, allow: Iterable[str] = (),
    ) -> tuple[list[Check], list[Check]]:
        """(kept as verified, kept as unverified) checks of the sentences of one text."""
        good: list[Check] = []
        bad: list[Check] = []
        for sentence in split_sentences(text):
            c = g.check(sentence, cited, kinds, allow)
            if not c.supported and good and not good[-1].furniture:
                # "It can cause nausea. This is common.": the second sentence goes on about
                # the first one's claim, so the pair is judged together
                pair = g.check(f"{good[-1].text} {sentence}", cited, kinds, allow)
                if pair.supported:
                    c = Check(sentence, True, fact_ids=pair.fact_ids)
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
        g = g.with_vocab(self.vocab)
        wanted = {p.id for p in plan}
        counts = ClaimCounts()
        problems: list[str] = []
        sections: dict[str, list[Statement]] = {p.id: [] for p in plan}
        for section in draft.sections:
            if section.id not in wanted:
                continue
            kinds = SECTION_KINDS.get(section.id)
            for st in section.statements:
                text = clean_text(st.text)
                label = clean_text(st.label) if st.label else None
                if text is None or (st.label and label is None):
                    counts.removed += 1
                    problems.append("markup in statement")
                    continue
                lead = f"{label}: " if label else ""
                good, bad = self._sentences(lead + text, st.fact_ids, g, counts, problems, kinds)
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
        """A question asserts nothing but may presuppose; its answer is checked like page
        text, and "yes" is allowed only after a question that is itself a supported claim."""
        question = clean_text(faq.question)
        answer = clean_text(faq.answer)
        cited = faq.fact_ids
        if question is None or answer is None:
            counts.removed += 1
            problems.append("markup in FAQ")
            return None
        q = g.check(question.rstrip("?") + ".", cited, question=True)
        claimless = q.problems == ["no supporting fact cited"]
        if q.problems and not claimless:
            problems.extend(q.problems)
            if self.mode == "strict":
                counts.removed += 1
                return None
        plain_q = g.check(question.rstrip("?") + ".", cited)
        allow = ("affirm",) if plain_q.supported and not plain_q.furniture else ()
        good, bad = self._sentences(answer, cited, g, counts, problems, allow=allow)
        if not good and not bad:
            return None
        verified = not bad and (not q.problems or claimless)
        if self.mode == "lenient" and not verified and not bad:
            counts.unverified += 1
        ids = list(dict.fromkeys(i for c in [q, *good] for i in c.fact_ids))
        text = " ".join(c.text for c in [*good, *bad])
        return FAQ(question=question, answer=text, fact_ids=ids, verified=verified)


CONDITION_KINDS = (FactKind.USE, FactKind.SIDE_EFFECT, FactKind.CAUTION, FactKind.CLASS)
