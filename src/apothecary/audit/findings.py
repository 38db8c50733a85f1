"""What can be wrong with a published medicine page, checked one page (or group) at a time.

Every check prefers silence to a false alarm: a page owner fixing thousands of pages must be
able to trust each finding, so wording like "consult your doctor" never counts as a refusal
and claims are only checked where the knowledge base has facts of that kind for the drug.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypedDict

from ..claims.checker import (
    FactView,
    Page,
    find_claims,
    has_kind,
    marked_claims,
    supported_claim,
)
from ..claims.normalize import normalize
from ..claims.vocabulary import EVERYDAY_NAMES, Vocabulary
from ..knowledge.store import KnowledgeBase
from ..models import Entry, FactKind, Status
from ..nonanswer import NON_ANSWER as REFUSAL
from .pages import SECTION_TITLES, AuditPage

KINDS = (
    "refusal", "unresolved-name", "duplicate", "unsupported-claim", "no-source",
    "denies-product", "outdated", "missing-section", "missing-note", "malformed",
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
_INTERACT_CUE = re.compile(r"\binteract", re.IGNORECASE)
# A page saying its own combination does not exist, is not sold or is not approved.
_DENIES = re.compile(
    r"\b(?:hypothetical|fictional|fictitious|imaginary|does not (?:exist|appear to exist)|"
    r"(?:is|are) not (?:currently |commercially )?(?:available|marketed|sold|approved)|"
    r"(?:not|never) (?:been )?approved|unapproved|unavailable|not a (?:real|recognised|"
    r"recognized|known|standard|marketed) (?:combination|product|formulation)|"
    r"no such (?:combination|product|formulation)|not (?:an? )?(?:approved|existing) "
    r"(?:combination|product|formulation))\b",
    re.IGNORECASE,
)
KIND_WORDS = {"use": "use", "side_effect": "side effect", "interaction": "interaction",
              "caution": "caution", "class": "medicine class"}
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


class _FindingRequired(TypedDict):
    kind: str
    detail: str


class FindingJSON(_FindingRequired, total=False):
    """One finding in `apothecary audit --json` (CONTRACT.md); `sentence` when it has one.
    (total=False, not NotRequired: that is lost under postponed annotations in 3.11.)"""

    sentence: str


@dataclass
class Finding:
    kind: str
    detail: str
    sentence: str | None = None

    def to_dict(self) -> FindingJSON:
        out: FindingJSON = {"kind": self.kind, "detail": self.detail}
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


def check_hidden(page: AuditPage) -> list[Finding]:
    """Invisible characters and look-alike letters: the claims are read folded, and said."""
    for _, sentence in page.all_sentences():
        problems = normalize(sentence).problems
        if problems:
            return [Finding("malformed", "; ".join(problems) + " (read as plain letters)",
                            sentence)]
    return []


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
    """Runs every check; caches title resolution and each key's facts (claims.checker.Page)."""

    def __init__(self, kb: KnowledgeBase, resolve: Callable[[str], Entry] | None = None) -> None:
        self.kb = kb
        if resolve is None:
            from ..names.resolve import Resolver

            resolver = Resolver(kb)
            resolve = lambda title: resolver.resolve(0, title)  # noqa: E731
        self._resolve = resolve
        self._entries: dict[str, Entry] = {}
        self._pages: dict[str, Page] = {}
        self._names: dict[str, str] | None = None
        self.vocab = vocabulary_of(kb)

    def resolve(self, title: str) -> Entry:
        entry = self._entries.get(title)
        if entry is None:
            entry = self._entries[title] = self._resolve(title)
        return entry

    def _drug_ids(self, entry: Entry) -> list[str]:
        return sorted({i.id for i in entry.ingredients if i.id})

    def facts_page(self, entry: Entry) -> Page:
        """The knowledge base's facts about an entry's medicines (and its combination key)."""
        key = entry.key or ""
        page = self._pages.get(key)
        if page is None:
            ids = self._drug_ids(entry) + ([key] if "+" in key else [])
            rows = self.kb.fact_rows(ids, ("id", "drug_id", "kind", "value", "plain",
                                           "other_id", "severity", "frequency"))
            names = [(self.drug_name(i), i) for i in self._drug_ids(entry)]
            names += [(ing.input, ing.id) for ing in entry.ingredients if ing.id]
            page = self._pages[key] = Page(
                [FactView.of(tuple(r), self.vocab) for r in rows], names, self.vocab)
        return page

    def drug_name(self, drug_id: str) -> str:
        if self._names is None:
            self._names = self.kb.drug_names()
        return self._names.get(drug_id, drug_id)

    def check_claims(self, page: AuditPage, entry: Entry) -> list[Finding]:
        """Claims (a term in a claim frame) the knowledge base does not support: reported as
        `unsupported-claim` where it has facts of that kind for the medicine, `no-source`
        where it has none; cure, safety and "no interactions" wording likewise."""
        facts = self.facts_page(entry)
        title = page.title or ""
        out: list[Finding] = []
        seen: set[str] = set()
        unchecked: dict[str, tuple[list[str], str]] = {}  # kind → (terms, first sentence)
        for sec, sentence in page.all_sentences():
            if sentence.endswith("?"):
                continue
            out += self._marked(facts, sentence, title, seen)
            if _NEGATION.search(sentence) or _CONDITIONAL.search(sentence):
                continue
            default: tuple[str, ...]
            if sec.id not in CLAIM_SECTIONS:
                default = ()  # elsewhere only "X is a <class>" is checked
            elif sec.id == "interactions" or _INTERACT_CUE.search(sentence):
                default = ("interaction",)
            elif sec.id == "usage":
                default = ("use",)
            else:
                default = ("side_effect", "use", "caution")
            for claim in find_claims(facts, sentence, default):
                m = claim.mention
                name = m.concept if m.kind == "term" else ",".join(sorted(m.drugs))
                if m.kind == "drug":
                    if not has_kind(facts, ["interaction"]) or name in seen:
                        continue
                    if supported_claim(facts, claim):
                        continue
                    seen.add(name)
                    other = self.drug_name(sorted(m.drugs)[0])
                    out.append(Finding(
                        "unsupported-claim", f"interaction with {other}: the knowledge base "
                        f"records no such interaction for {title}", sentence))
                    continue
                if name in seen or supported_claim(facts, claim):
                    continue
                seen.add(name)
                main = default[0] if default and default[0] in claim.kinds else sorted(
                    claim.kinds)[0]
                what = KIND_WORDS.get(main, main)
                surface = " ".join(_surface(sentence, m.phrase)).lower()
                if has_kind(facts, [main]):
                    out.append(Finding(
                        "unsupported-claim", f"{what} \u201c{surface}\u201d: not among the "
                        f"knowledge base's facts for {title}", sentence))
                else:
                    unchecked.setdefault(what, ([], sentence))[0].append(surface)
        for what, (terms, sentence) in unchecked.items():  # one finding per kind and page
            listed = ", ".join(f"\u201c{t}\u201d" for t in terms[:5])
            more = f" and {len(terms) - 5} more" if len(terms) > 5 else ""
            out.append(Finding(
                "no-source", f"{what} {listed}{more}: the knowledge base has no {what} facts "
                f"for {title} to check {'it' if len(terms) == 1 else 'them'} against", sentence))
        return out

    def _marked(self, facts: Page, sentence: str, title: str, seen: set[str]) -> list[Finding]:
        out: list[Finding] = []
        for group, stems in marked_claims(facts, sentence):
            if group in seen:
                continue
            words = " ".join(_surface(sentence, tuple(stems.split()))).lower()
            if group.startswith("deny-"):
                kind = group[5:]
                kinds = [kind, "caution"] if kind == "interaction" else [kind]
                if not has_kind(facts, kinds):
                    seen.add(group)
                    out.append(Finding("no-source", f"says there are no "
                                       f"{KIND_WORDS[kind]}s (\u201c{words}\u201d): the "
                                       f"knowledge base has no {KIND_WORDS[kind]} facts for "
                                       f"{title}", sentence))
                    continue
                seen.add(group)
                out.append(Finding("unsupported-claim", f"says there are no "
                                   f"{KIND_WORDS[kind]}s (\u201c{words}\u201d), but the "
                                   f"knowledge base lists some for {title}", sentence))
            elif not facts.says(stems):
                seen.add(group)
                out.append(Finding("unsupported-claim", f"{group} claim (\u201c{words}\u201d): "
                                   f"no fact in the knowledge base says this of {title}",
                                   sentence))
        return out

    def check_denial(self, page: AuditPage, entry: Entry) -> list[Finding]:
        """A combination page that says the combination is hypothetical or unapproved."""
        if len(self._drug_ids(entry)) < 2:
            return []
        for _, sentence in page.all_sentences():
            m = _DENIES.search(normalize(sentence, fold=True).text)
            if not m:
                continue
            detail = f"the page says its combination is \u201c{m.group(0)}\u201d"
            approval = self.kb.first_plain(entry.key or "", FactKind.APPROVAL)
            if approval:
                detail += f"; CDSCO lists it as approved in India ({approval})"
            return [Finding("denies-product", detail, sentence)]
        return []

    def check_page(self, page: AuditPage) -> PageResult:
        findings = check_malformed(page)
        if not page.readable:
            return PageResult(page, None, findings)
        entry = self.resolve(page.title) if page.title else None
        findings += check_hidden(page)
        findings += check_refusal(page)
        findings += check_unresolved(page, entry)
        if entry is not None and entry.status == Status.RESOLVED:
            findings += self.check_claims(page, entry)
            findings += self.check_denial(page, entry)
        findings += check_outdated(page)
        findings += check_sections(page)
        findings += check_note(page)
        return PageResult(page, entry, findings)

    def audit(self, pages: Iterable[AuditPage]) -> list[PageResult]:
        results = [self.check_page(p) for p in pages]
        mark_duplicates(results)
        return results


def _surface(sentence: str, phrase: tuple[str, ...]) -> list[str]:
    """The sentence's own words for a matched phrase (the checker's tokens are stemmed)."""
    from ..claims.normalize import tokens

    words = normalize(sentence, fold=True).text.split()
    stems = [tokens(w) for w in words]
    flat = [(i, t) for i, ts in enumerate(stems) for t in ts]
    for j in range(len(flat) - len(phrase) + 1):
        if tuple(t for _, t in flat[j : j + len(phrase)]) == phrase:
            first, last = flat[j][0], flat[j + len(phrase) - 1][0]
            return [w.strip(".,;:!?()\"'") for w in words[first : last + 1]]
    return list(phrase)


def vocabulary_of(kb: KnowledgeBase) -> Vocabulary:
    """The claim checker's vocabulary with every term and drug name of a knowledge base.

    Every use, side-effect, caution and class wording whatever the licence filter
    (recognising a word is not citing a fact); a name shared by two drugs is not a mention."""
    rows = kb.terms_of_kinds((FactKind.USE, FactKind.SIDE_EFFECT, FactKind.CAUTION,
                              FactKind.CLASS))
    ids_by_name: dict[str, set[str]] = {}
    for norm, _name, drug_id, _kind in kb.name_rows():
        if norm not in EVERYDAY_NAMES:
            ids_by_name.setdefault(norm, set()).add(drug_id)
    names = [(n, next(iter(ids))) for n, ids in ids_by_name.items() if len(ids) == 1]
    return Vocabulary.build([tuple(r) for r in rows], names)


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
