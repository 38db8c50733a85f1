"""Does a cited fact say this? One answer for the LLM verifier and the audit.

A sentence is scanned once into terms (clinical findings, classes), drug names, frame words
(which say what kind of claim it is), marked words (polarity, permission, certainty,
instruction, timing, quantity, comparison) and the rest. Then, by construction:

- each term is supported only by a fact of the claim's kind about the sentence's medicine,
  naming the same concept (synonyms and plain forms, never a shared word); a use fact for a
  reviewed broader term also covers a narrower use ("pain" covers "headache");
- another medicine is supported only by an interaction fact naming both;
- a warning (pregnancy, breastfeeding, overdose, boxed warning, contraindication) needs a
  fact of that kind;
- every other word must be neutral (claims/data/neutral.tsv), a page name, or a word of a
  supporting fact; a marked word only where a supporting fact carries that meaning.
The facts shown on a statement are exactly the supporting facts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..models import SAFETY_KINDS, Drug, Fact, FactKind
from .normalize import normalize, tokens
from .vocabulary import Phrase, Vocabulary, looks_clinical, word_lists

WARNING_KINDS = frozenset(str(k) for k in SAFETY_KINDS) | {"boxed_warning", "contraindication"}
TERM_KINDS = frozenset({"use", "side_effect", "caution", "class"})
ALL_KINDS = frozenset(str(k) for k in FactKind)
SEVERITY_WORDS = {
    "contraindicated": "should not be taken together serious",
    "major": "serious", "moderate": "moderate", "minor": "mild", "caution": "",
}
# Marked groups a question may carry: asking is not asserting, but a question presupposing a
# cure or a comparison still says it.
QUESTION_GROUPS = frozenset({
    "permission", "avoid", "negation", "affirm", "timing", "quantity", "population", "form",
    "instruction", "frequency-common", "frequency-uncommon", "frequency-rare",
    "severity-serious", "severity-moderate", "severity-mild",
})


def _has(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    n = len(needle)
    return n > 0 and any(tuple(haystack[i : i + n]) == tuple(needle)
                         for i in range(len(haystack) - n + 1))


@dataclass
class FactView:
    """A fact in the forms the checks need (built from a Fact or a plain database row)."""

    id: str
    kind: str
    drugs: frozenset[str]  # the drug id, or each id of a combination key
    other_id: str | None
    toks: tuple[str, ...]
    concepts: frozenset[str]
    forms: tuple[Phrase, ...] = ()  # form words of the public wording ("injection")

    @classmethod
    def of(cls, f: Fact | Sequence[str | None], vocab: Vocabulary) -> FactView:
        """From a Fact, or a row (id, drug_id, kind, value, plain, other_id, severity,
        frequency) as the audit reads it from the database."""
        if isinstance(f, Fact):
            row: list[str | None] = [f.id, f.drug_id, str(f.kind), f.value, f.plain, f.other_id,
                                     f.severity, f.frequency]
        else:
            row = [*f, None, None, None][:8]
        fid, drug_id, kind, value, plain = (str(x or "") for x in row[:5])
        other_id, severity, frequency = row[5:8]
        extra = SEVERITY_WORDS.get(severity or "", "")
        toks = tokens(f"{plain} . {value} . {frequency or ''} . {severity or ''} {extra}")
        if kind in ("caution",):  # plain is an instruction, value the term
            concepts = vocab.concepts_of(value)
        elif kind in TERM_KINDS:
            concepts = vocab.concepts_of(value) | vocab.concepts_of(plain)
        else:
            concepts = set()
        said = tokens(plain)
        forms = tuple(p for p in word_lists().marked_groups["form"] if _has(said, p))
        return cls(fid, kind, frozenset(drug_id.split("+")), other_id, toks, frozenset(concepts),
                   forms)


@dataclass
class Mention:
    kind: str  # "term" | "drug"
    phrase: Phrase
    concept: str = ""
    drugs: frozenset[str] = frozenset()


@dataclass
class Scan:
    """One sentence, cut into the pieces the rules look at."""

    toks: tuple[str, ...]
    terms: list[Mention] = field(default_factory=list)
    drugs: list[Mention] = field(default_factory=list)
    frames: set[str] = field(default_factory=set)
    frame_spans: list[tuple[int, str]] = field(default_factory=list)  # (start, kinds)
    marked: list[tuple[int, Phrase, str]] = field(default_factory=list)  # (start, phrase, group)
    furniture: list[Phrase] = field(default_factory=list)
    rest: list[str] = field(default_factory=list)
    subjects: set[str] = field(default_factory=set)  # this page's medicines named


@dataclass
class Verdict:
    """The checker's answer on one sentence."""

    text: str
    supported: bool
    furniture: bool = False
    fact_ids: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


class Page:
    """The facts and names of one page: what a statement on it may rest on."""

    def __init__(self, facts: Iterable[FactView], names: Iterable[tuple[str, str]],
                 vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.facts = list(facts)
        self.by_id = {f.id: f for f in self.facts}
        self.names: dict[Phrase, set[str]] = {}
        for name, drug_id in names:
            key = tokens(name)
            if key:
                self.names.setdefault(key, set()).add(drug_id)
        self.drug_ids = {i for ids in self.names.values() for i in ids}
        self.name_words = {w for key in self.names for w in key}
        self.local: dict[Phrase, str] = {}  # this page's fact wordings → concept
        for f in self.facts:
            if f.kind in TERM_KINDS:
                for c in f.concepts:
                    self.local[tuple(c.split())] = c
        self.longest: dict[str, int] = {}
        for p in [*self.local, *self.names]:
            if p and len(p) > self.longest.get(p[0], 0):
                self.longest[p[0]] = len(p)
        self._text_terms: dict[str, set[str]] = {}
        self._prose: dict[str, Scan] = {}
        self._all_text: str | None = None

    def read(self, sentence: str) -> Scan:
        """Other people's prose, folded (invisible characters dropped, look-alikes mapped to
        Latin) and scanned; cached per sentence (the audit asks twice)."""
        found = self._prose.get(sentence)
        if found is None:
            if len(self._prose) > 4096:
                self._prose.clear()
            found = self._prose[sentence] = self.scan(tokens(normalize(sentence, fold=True).text))
        return found

    def says(self, words: str) -> bool:
        """Does any fact of the page carry these (tokenised, space-joined) words?"""
        if self._all_text is None:
            self._all_text = " | ".join(" ".join(f.toks) for f in self.facts)
        return f" {words} " in f" {self._all_text} "

    @classmethod
    def of(cls, facts: Iterable[Fact], drugs: Iterable[Drug], vocab: Vocabulary) -> Page:
        names = [(n, d.id) for d in drugs
                 for n in [d.name, d.display, *d.other_names, *d.forms] if n]
        return cls([FactView.of(f, vocab) for f in facts], names, vocab)

    # -- scanning ------------------------------------------------------------------------
    def _lookup(self, key: Phrase) -> tuple[str, frozenset[str], str] | None:
        """(what, drug ids or frame kinds, concept or marked group) for a known phrase."""
        lists = word_lists()
        if key in lists.furniture:
            return "furniture", frozenset(), ""
        if key in self.names:
            return "page", frozenset(self.names[key]), ""
        ids = self.vocab.drug_names.get(key)
        if ids:
            mine = ids & self.drug_ids
            return ("page", frozenset(mine), "") if mine else ("drug", frozenset(ids), "")
        if key in self.local:
            return "term", frozenset(), self.local[key]
        if self.vocab.is_term(key):
            return "term", frozenset(), self.vocab.concept(key)
        if key in lists.marked:
            return "marked", frozenset(), lists.marked[key]
        if key in lists.frames:
            return "frame", lists.frames[key], ""
        return None

    def scan(self, toks: tuple[str, ...]) -> Scan:
        out = Scan(toks)
        i = 0
        while i < len(toks):
            first = toks[i]
            most = max(self.vocab.longest(first), self.longest.get(first, 0))
            for n in range(min(most, len(toks) - i), 0, -1):
                key = toks[i : i + n]
                hit = self._lookup(key)
                if hit is None:
                    continue
                what, ids, label = hit
                if what == "furniture":
                    out.furniture.append(key)
                elif what == "page":
                    out.subjects |= ids
                elif what == "drug":
                    out.drugs.append(Mention("drug", key, drugs=ids))
                elif what == "term":
                    out.terms.append(Mention("term", key, concept=label))
                elif what == "marked":
                    out.marked.append((i, key, label))
                else:
                    out.frames |= ids
                    out.frame_spans.append((i, ",".join(sorted(ids))))
                break
            else:
                n = 1
                out.rest.append(toks[i])
            i += n
        return out

    # -- support ---------------------------------------------------------------------------
    def supports(self, f: FactView, m: Mention, kinds: frozenset[str],
                 wider: bool = False) -> bool:
        """Does fact f say the term m, as a claim of one of these kinds? A use fact for a
        reviewed broader term covers a narrower use; with `wider` (the audit, reading loose
        prose) a use claim may also name the broader term of a use fact."""
        if f.kind not in kinds:
            return False
        if f.kind in TERM_KINDS and m.concept in f.concepts:
            return True
        if f.kind == "use" and self.vocab.broader(m.concept) & f.concepts:
            return True
        if wider and f.kind == "use" and any(m.concept in self.vocab.broader(c)
                                             for c in f.concepts):
            return True
        if f.kind == "class":  # "antibiotic" in "penicillin antibiotic": a class is wider
            return any(_has(f.toks, sp) for sp in self.vocab.spellings(m.concept) or [m.phrase])
        if f.kind in TERM_KINDS:
            return False
        return m.concept in self._terms_in(f)

    def _terms_in(self, f: FactView) -> set[str]:
        """The whole terms a text fact (a label section, a mechanism) names: scanned like a
        sentence, so "pain" is not found in "chest pain"."""
        found = self._text_terms.get(f.id)
        if found is None:
            found = self._text_terms[f.id] = {m.concept for m in self.scan(f.toks).terms}
        return found

    def about(self, f: FactView, subjects: set[str]) -> bool:
        """Whether a fact can support a sentence naming `subjects`. A combination's own fact
        (a reviewed use or an approval of the product) speaks for the whole combination: a
        sentence naming only one of its ingredients is not about it."""
        if len(f.drugs) > 1 and f.kind != "interaction":
            return not subjects or f.drugs <= subjects
        return not subjects or bool(f.drugs & subjects) or (
            f.kind == "interaction" and f.other_id in subjects)

    def _marked_ok(self, group: str, phrase: Phrase, support: list[FactView]) -> bool:
        lists = word_lists()
        phrases = lists.marked_groups.get(group, ()) if group in lists.synonym_groups else (
            phrase,)
        return any(_has(f.toks, p) for f in support for p in phrases)

    def check(self, sentence: str, cited: Iterable[str] = (),
              kinds: Iterable[str] | None = None, allow: Iterable[str] = (),
              question: bool = False) -> Verdict:
        """Is everything this sentence says said by facts of this page?

        `kinds`: the fact kinds a sentence without frame words is about (its section's);
        `allow`: marked groups allowed here whatever the facts say (an answer's "yes" after
        a supported question); `question`: a question asserts less (QUESTION_GROUPS)."""
        norm = normalize(sentence)
        if norm.problems:
            return Verdict(sentence, False, problems=norm.problems)
        lists = word_lists()
        toks = tokens(norm.text)
        s = self.scan(toks)
        subjects = s.subjects
        allowed_groups = set(allow) | (QUESTION_GROUPS if question else set())
        content = [t for t in s.rest if t not in lists.neutral and t not in self.name_words]
        if not s.terms and not s.drugs and not content and (
            not s.frames or s.furniture or question) and all(
            g in allowed_groups for _, _, g in s.marked
        ):  # says nothing about the medicine: a deferral, "our sources have no data", "Yes."
            return Verdict(sentence, True, furniture=True)
        claim_kinds = frozenset(s.frames) or frozenset(kinds or ALL_KINDS)
        if s.drugs:
            claim_kinds |= {"interaction"}
        required = s.frames & WARNING_KINDS
        facts = [f for f in self.facts if f.drugs & self.drug_ids and self.about(f, subjects)]
        problems: list[str] = []
        # a fact about the injection is no fact about every form: it supports only a sentence
        # that keeps its form word
        form_left_out = [f for f in facts if not self._form_kept(f, toks)]
        facts = [f for f in facts if f not in form_left_out]
        support: list[FactView] = []
        allowed_words: set[str] = set()
        unsupported: list[Mention] = []
        for m in s.terms:
            hits = [f for f in facts if self.supports(f, m, claim_kinds)]
            if not hits:
                unsupported.append(m)
            support += hits
            allowed_words.update(m.phrase)
        for m in s.drugs:
            hits = [f for f in facts if f.kind == "interaction" and f.other_id in m.drugs]
            if not hits:
                unsupported.append(m)
            support += hits
            allowed_words.update(m.phrase)
        # a name or term inside the words of a fact the sentence restates ("It blocks the
        # serotonin transporter", "raised liver enzyme (AST) in blood tests") is a word of
        # that fact, not a claim of its own; anything else unsupported is a problem
        claimed = len(s.terms) + len(s.drugs) - len(unsupported)
        pool = support if claimed else [f for f in facts if f.kind in claim_kinds]
        words_of = [m for m in unsupported if any(_has(f.toks, m.phrase) for f in pool)]
        for m in unsupported:
            if m in words_of:
                content += list(m.phrase)
            elif m.kind == "drug":
                problems.append(f"drug not in facts: {' '.join(m.phrase)}")
            else:
                what = "/".join(sorted(claim_kinds)) if len(claim_kinds) < 4 else "any"
                problems.append(f"concept not in facts ({what}): {' '.join(m.phrase)}")
        if not claimed and not problems:
            said = [t for t in toks if t not in lists.neutral and t not in self.name_words]
            support = self._restated(content, said, facts, claim_kinds)
            if not support:
                problems.append("no fact says this" if content or s.frames or s.marked
                                else "no supporting fact cited")
        for kind in sorted(required):
            if not any(f.kind == kind for f in support):
                problems.append(f"{kind.replace('_', ' ')}: no fact of that kind")
        novel = self._novel(content, support, allowed_words)
        if novel and support:  # the rest may restate another fact ("It blocks the X
            said = [t for t in toks if t not in lists.neutral and t not in self.name_words]
            extra = self._restated(novel, said, facts, claim_kinds)  # transporter, which…")
            if extra:
                support += extra
                novel = self._novel(content, support, allowed_words)
        numbers = [t for t in novel if t[0].isdigit()]
        words = [t for t in novel if not t[0].isdigit()]
        if numbers:
            problems.append(f"number: {' '.join(numbers)}")
        if words:
            problems.append(f"words not in facts: {' '.join(words)}")
        for _, phrase, group in s.marked:
            if group not in allowed_groups and not self._marked_ok(group, phrase, support):
                problems.append(f"{group}: {' '.join(phrase)}")

        near = [f for f in form_left_out  # say so where the form-bound fact was the one meant
                if len({t for t in toks if t not in lists.neutral} & set(f.toks)) >= 2]
        if problems and near:
            problems.append("form left out: a fact is about " + " ".join(near[0].forms[0]))
        if problems:
            return Verdict(sentence, False, problems=list(dict.fromkeys(problems)))
        cited_set = set(cited)
        ids = list(dict.fromkeys(f.id for f in support))
        ids.sort(key=lambda i: i not in cited_set)  # cited supporting facts first
        return Verdict(sentence, True, fact_ids=ids)

    @staticmethod
    def _form_kept(f: FactView, toks: tuple[str, ...]) -> bool:
        return not f.forms or any(_has(toks, p) for p in f.forms)

    def _novel(self, content: list[str], support: list[FactView], allowed: set[str]
               ) -> list[str]:
        """Content words that neither the supporting facts (nor their synonyms) use."""
        for f in support:
            allowed.update(f.toks)
            for c in f.concepts:
                for sp in self.vocab.spellings(c):
                    allowed.update(sp)
        return [t for t in dict.fromkeys(content) if t not in allowed]

    def _restated(self, content: list[str], said: list[str], facts: list[FactView],
                  kinds: frozenset[str]) -> list[FactView]:
        """Facts a sentence with no term restates: each covers its content words and shares
        at least two of its words (frame words included) with the sentence."""
        lists = word_lists()
        if not said:
            return []
        out = []
        for f in facts:
            if f.kind not in kinds:
                continue
            fw = {t for t in f.toks if t not in lists.neutral}
            shared = set(said) & fw
            if len(shared) >= min(2, len(fw)) and set(content) <= fw | set(f.toks):
                out.append(f)
        return out


# -- the audit: claims in other people's prose -----------------------------------------------
@dataclass
class Claim:
    """A medical term (or another medicine) in a claim frame, found in free prose."""

    kinds: frozenset[str]
    mention: Mention
    subjects: frozenset[str] = frozenset()  # the page's medicines the sentence names


def find_claims(page: Page, sentence: str, default: Iterable[str]) -> list[Claim]:
    """Terms and other medicines the sentence asserts something about (audit precision:
    only reviewed or clinical-looking terms; a class only after "is a"/"belongs to")."""
    s = page.read(sentence)
    subjects = frozenset(s.subjects)
    out = [Claim(frozenset({"class"}), m, subjects) for m in s.terms
           if "class" in s.frames and m.phrase in page.vocab.classes]
    default = tuple(default)
    if not default:
        return out
    # the sentence's own frame words decide; class frames ("is a", "kind of") are not
    # audited; without a frame the section's kinds (loose: a side-effects section may
    # mention what the medicine treats) apply
    kinds = frozenset(s.frames & (TERM_KINDS | {"interaction"}) - {"class"}) or frozenset(default)
    out += [Claim(kinds, m, subjects) for m in s.terms if m.phrase not in page.vocab.classes
            and (m.phrase in page.vocab.curated or looks_clinical(m.phrase))]
    out += [Claim(frozenset({"interaction"}), m, subjects) for m in s.drugs]
    return out


_NOT_ABOUT_TAKING = frozenset(tokens("place places location storage spot distance"))
_STORAGE = frozenset(tokens("store stored storing storage"))


def marked_claims(page: Page, sentence: str) -> list[tuple[str, str]]:
    """(group, words) of audit-flagged meanings (cures, safety, permission) in a sentence,
    and denials ("no side effects", "does not interact") as ("deny-<kind>", words)."""
    lists = word_lists()
    s = page.read(sentence)
    out: list[tuple[str, str]] = []
    for start, p, g in s.marked:
        if g not in lists.audit_groups:
            continue
        before = s.toks[start - 1] if start else ""
        after = s.toks[start + len(p)] if start + len(p) < len(s.toks) else ""
        if g == "permission" and (before == "a" or after in _NOT_ABOUT_TAKING
                                  or _STORAGE.intersection(s.toks)):
            continue  # "keep it in a safe place", "store somewhere safe"
        if g == "cure" and not s.terms:
            continue  # "helps the skin heal": a cure claim names what it cures
        out.append((g, " ".join(p)))
    for start, phrase, group in s.marked:
        if group not in ("negation", "avoid"):
            continue
        end = start + len(phrase)
        for fstart, fkinds in s.frame_spans:
            if end <= fstart <= end + 1 and fkinds in ("side_effect", "caution,interaction"):
                out.append((f"deny-{fkinds.split(',')[-1]}", " ".join(phrase)))
    return out


def supported_claim(page: Page, claim: Claim) -> bool:
    """The audit's question: does any fact of the page's medicines say this claim?"""
    facts = [f for f in page.facts if page.about(f, set(claim.subjects))]
    if claim.mention.kind == "drug":
        return any(f.kind == "interaction" and f.other_id in claim.mention.drugs for f in facts)
    return any(page.supports(f, claim.mention, claim.kinds, wider=True) for f in facts)


def has_kind(page: Page, kinds: Iterable[str]) -> bool:
    wanted = set(kinds)
    return any(f.kind in wanted for f in page.facts)
