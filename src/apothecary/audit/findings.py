"""What can be wrong with a published medicine page, checked one page (or group) at a time.

Every check prefers silence to a false alarm: a page owner fixing thousands of pages must be
able to trust each finding, so wording like "consult your doctor" never counts as a refusal
and claims are only checked where the knowledge base has facts of that kind for the drug.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..knowledge.store import KnowledgeBase
from ..models import Entry, Status
from ..nonanswer import NON_ANSWER as REFUSAL
from .lexicon import Lexicon, Support
from .pages import SECTION_TITLES, AuditPage

KINDS = (
    "refusal", "unresolved-name", "duplicate", "unsupported-claim", "outdated",
    "missing-section", "missing-note", "malformed",
)
REQUIRED_SECTIONS = ("generic-name", "usage", "side-effects", "how-it-works", "faqs")
CLAIM_SECTIONS = ("usage", "side-effects", "interactions")

OUTDATED = re.compile(
    r"\b(?:(?:fda|us|u\.s\.)\s+)?pregnancy\s+(?:risk\s+)?category\s*[:\-]?\s*\(?([ABCDX])(?![0-9\w])"
    r"|\b(?:fda|us)\s+(?:risk\s+)?category\s*[:\-]?\s*([ABCDX])(?![0-9\w])"
    r"|\bcategory\s+([ABCDX])(?![0-9\w])\s+(?:\w+\s+){0,2}(?:in|during|for)\s+pregnan",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:not|no|never|none|neither|nor|without|cannot|unlike|instead of|rather than|"
    r"isn't|doesn't|don't|won't|aren't|wasn't)\b|n't\b",
    re.IGNORECASE,
)
# Sentences about who should be careful, not about what the drug does.
_CONDITIONAL = re.compile(
    r"\b(?:if you|people with|patients with|those with|anyone with|in case of|history of|"
    r"tell your|talk to your|ask your|consult|unless|avoid|should not|before taking|"
    r"children under|pregnan|breastfeed)\w*",
    re.IGNORECASE,
)
_SIDE_EFFECT_CUE = re.compile(r"\b(?:side effects?|cause|causes|caused|reactions?|risk)\b", re.I)
_INTERACT_CUE = re.compile(r"\binteract", re.IGNORECASE)
_DISCLAIMER = re.compile(
    r"not (?:a )?substitute for|(?:educational|informational|information) purposes|"
    r"not (?:intended as |meant as |to be )?(?:professional )?medical advice|"
    r"does not replace (?:professional|medical)",
    re.IGNORECASE,
)
_PROVENANCE = re.compile(
    r"\b(?:ai|llm|machine|computer)[- ]generated|\bgenerated (?:by|with|from|using)\b|"
    r"crowd[- ]?sourced|\bwritten by\b|\breviewed by\b|\bcompiled from\b|\bbuilt from\b|"
    r"\bbased on (?:data|facts|information) from\b|\bsources?:|\bmade (?:with|by|from)\b|"
    r"\bproduced (?:with|by|from)\b",
    re.IGNORECASE,
)


@dataclass
class Finding:
    kind: str
    detail: str
    sentence: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "detail": self.detail}
        if self.sentence is not None:
            out["sentence"] = self.sentence
        return out


@dataclass
class PageResult:
    page: AuditPage
    entry: Entry | None
    findings: list[Finding]

    @property
    def key(self) -> str | None:
        return self.entry.key if self.entry is not None else None


def check_malformed(page: AuditPage) -> list[Finding]:
    return [Finding("malformed", problem) for problem in page.problems]


def check_refusal(page: AuditPage) -> list[Finding]:
    texts = [page.title or ""] + [s for _, s in page.all_sentences()]
    for text in texts:
        m = REFUSAL.search(text)
        if m:
            return [Finding("refusal", f"the text declines or asks for the name: "
                                       f"\u201c{m.group(0)}\u201d", text)]
    return []


def check_outdated(page: AuditPage) -> list[Finding]:
    hits: list[str] = []
    first: str | None = None
    for _, sentence in page.all_sentences():
        for m in OUTDATED.finditer(sentence):
            letter = next(g for g in m.groups() if g).upper()
            if letter not in hits:
                hits.append(letter)
            first = first or sentence
    if not hits:
        return []
    cats = ", ".join(hits)
    return [Finding("outdated", f"FDA pregnancy letter categor{'y' if len(hits) == 1 else 'ies'} "
                                f"{cats} (retired by the FDA in 2015)", first)]


def check_sections(page: AuditPage) -> list[Finding]:
    have = page.section_ids()
    missing = [SECTION_TITLES[s] for s in REQUIRED_SECTIONS if s not in have]
    if not missing:
        return []
    return [Finding("missing-section", "missing: " + ", ".join(missing))]


def check_note(page: AuditPage) -> list[Finding]:
    disclaimer = bool(page.section("disclaimer"))
    provenance = False
    for _, sentence in page.all_sentences():
        disclaimer = disclaimer or bool(_DISCLAIMER.search(sentence))
        provenance = provenance or bool(_PROVENANCE.search(sentence))
    missing = [n for n, ok in (("no disclaimer", disclaimer), ("no provenance note", provenance))
               if not ok]
    return [Finding("missing-note", "; ".join(missing))] if missing else []


def check_unresolved(page: AuditPage, entry: Entry | None) -> list[Finding]:
    if page.title is None:
        return [Finding("unresolved-name", "the page has no title to identify the medicine")]
    if entry is None or entry.status == Status.RESOLVED:
        return []
    reason = entry.reason or "not a known medicine"
    return [Finding("unresolved-name", f"title \u201c{page.title}\u201d is {entry.status.value}: "
                                       f"{reason}")]


class Auditor:
    """Runs every check; caches title resolution and knowledge-base support per key."""

    def __init__(self, kb: KnowledgeBase, resolve: Callable[[str], Entry] | None = None) -> None:
        self.kb = kb
        if resolve is None:
            from ..names.resolve import Resolver

            resolver = Resolver(kb)
            resolve = lambda title: resolver.resolve(0, title)  # noqa: E731
        self._resolve = resolve
        self._entries: dict[str, Entry] = {}
        self._support: dict[str, Support] = {}
        self._names: dict[str, str] | None = None
        self.lexicon = Lexicon(kb)

    def resolve(self, title: str) -> Entry:
        entry = self._entries.get(title)
        if entry is None:
            entry = self._entries[title] = self._resolve(title)
        return entry

    def _drug_ids(self, entry: Entry) -> list[str]:
        return sorted({i.id for i in entry.ingredients if i.id})

    def support(self, entry: Entry) -> Support:
        key = entry.key or ""
        sup = self._support.get(key)
        if sup is None:
            ids = self._drug_ids(entry)
            allowed = [s.id for s in self.kb.sources()]
            rows = self.kb.conn.execute(  # plain rows: the KnowledgeBase's Fact objects are slow
                f"SELECT kind, value, plain, other_id FROM facts "
                f"WHERE drug_id IN ({','.join('?' * len(ids))}) "
                f"AND source_id IN ({','.join('?' * len(allowed))})", [*ids, *allowed]
            ).fetchall()
            sup = self._support[key] = self.lexicon.support(tuple(r) for r in rows)
        return sup

    def drug_name(self, drug_id: str) -> str:
        if self._names is None:
            self._names = self.kb.drug_names()
        return self._names.get(drug_id, drug_id)

    def check_claims(self, page: AuditPage, entry: Entry) -> list[Finding]:
        sup = self.support(entry)
        own = set(self._drug_ids(entry))
        title = page.title or ""
        out: list[Finding] = []
        seen: set[str] = set()
        for sec, sentence in page.all_sentences():
            if sec.id not in CLAIM_SECTIONS or sentence.endswith("?"):
                continue
            if _NEGATION.search(sentence) or _CONDITIONAL.search(sentence):
                continue
            if sec.id == "interactions" or _INTERACT_CUE.search(sentence):
                if sup.has_interaction:
                    for m in self.lexicon.drugs(sentence):
                        if m.concept in own or m.concept in sup.interacting or m.concept in seen:
                            continue
                        seen.add(m.concept)
                        out.append(Finding(
                            "unsupported-claim",
                            f"interaction with {self.drug_name(m.concept)}: the knowledge base "
                            f"records no such interaction for {title}", sentence))
                continue
            as_use = sec.id == "usage" and not _SIDE_EFFECT_CUE.search(sentence)
            if not (sup.has_use if as_use else sup.has_side_effect):
                continue
            for m in self.lexicon.conditions(sentence):
                if m.concept in seen or self.lexicon.supported(m, sup.uses if as_use
                                                               else sup.effects):
                    continue
                seen.add(m.concept)
                what = "use" if as_use else "side effect"
                out.append(Finding(
                    "unsupported-claim",
                    f"{what} \u201c{m.surface}\u201d: not among the knowledge base's facts "
                    f"for {title}", sentence))
        return out

    def check_page(self, page: AuditPage) -> PageResult:
        findings = check_malformed(page)
        if not page.readable:
            return PageResult(page, None, findings)
        entry = self.resolve(page.title) if page.title else None
        findings += check_refusal(page)
        findings += check_unresolved(page, entry)
        if entry is not None and entry.status == Status.RESOLVED:
            findings += self.check_claims(page, entry)
        findings += check_outdated(page)
        findings += check_sections(page)
        findings += check_note(page)
        return PageResult(page, entry, findings)

    def audit(self, pages: Iterable[AuditPage]) -> list[PageResult]:
        results = [self.check_page(p) for p in pages]
        mark_duplicates(results)
        return results


def mark_duplicates(results: list[PageResult]) -> None:
    """Flag every page of each group sharing one ingredient set; detail names the others."""
    groups: dict[str, list[PageResult]] = {}
    for r in results:
        if r.key:
            groups.setdefault(r.key, []).append(r)
    for group in groups.values():
        if len(group) < 2:
            continue
        for r in group:
            others = [o.page.path for o in group if o is not r]
            r.findings.append(Finding(
                "duplicate", f"same ingredients as {len(others)} other page"
                f"{'s' if len(others) > 1 else ''}: " + ", ".join(others)))
