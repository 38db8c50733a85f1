"""The default writer: plain, deterministic pages assembled only from sourced facts.

Every statement that says something about a medicine carries the ids of the facts behind
it; sentences with no fact ids are furniture (headings, "no data yet", the disclaimer).
Nothing here invents a use, dose, side effect or interaction: when the knowledge base has
no fact, the page says so plainly.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ..knowledge.store import KnowledgeBase
from ..models import (
    FAQ,
    SEVERITY_ORDER,
    ClaimCounts,
    Drug,
    Fact,
    FactKind,
    Page,
    Section,
    Source,
    Statement,
    severity_rank,
)
from ..render.slug import slugify
from .base import PageRequest, Progress

SECTION_TITLES = {
    "generic-name": "Generic Name",
    "usage": "Usage",
    "side-effects": "Side Effects",
    "how-it-works": "How it Works",
    "faqs": "FAQs",
    "interactions": "Interactions",
    "sources": "Sources",
    "disclaimer": "Disclaimer",
    "note": "Note",
}

FREQUENCY_ORDER = ["common", "uncommon", "rare", "postmarketing", "unknown"]
FREQUENCY_LABEL = {
    "common": "Common",
    "uncommon": "Less common",
    "rare": "Rare",
    "postmarketing": "Reported after the medicine went on sale",
    "unknown": "How often is not known",
}
SEVERITY_TEXT = {
    "contraindicated": "Should not be taken together",
    "major": "Serious interaction",
    "moderate": "Moderate interaction",
    "minor": "Minor interaction",
    "caution": "Take care when used together",
}

# mechanism wordings that read as "It <plain>." ("It blocks ...", "It works on ...")
MECHANISM_VERBS = {
    "blocks", "works", "activates", "boosts", "acts", "stops", "speeds", "raises", "releases",
    "changes", "opens", "binds", "is", "partly", "lowers", "reduces", "increases", "kills",
    "prevents", "helps", "makes", "closes", "slows", "breaks", "replaces", "fills", "forms",
}

DISCLAIMER = (
    "This page is for general information only. It is not medical advice. "
    "Always ask a doctor or pharmacist before you start, stop or change a medicine."
)
DOSE_ANSWER = (
    "Take it exactly as your doctor or pharmacist told you, and follow the label. "
    "The right dose depends on you, so this page does not give one."
)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _join(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c' — plain English lists."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


_READER_WORD = re.compile(r"[^\W\d_]{2,}(?:-[^\W\d_]{2,})*|[^\W\d_]+\d+")


@functools.lru_cache(maxsize=1 << 16)
def reader_name(name: str) -> bool:
    """A name readers use (INN/US/BAN spellings, Latin forms, brand-like synonyms, "APAP"),
    not a chemical systematic name: only words of two or more letters, so no locants
    ("4'-hydroxyacetanilide"), no one-letter prefixes ("p-acetylaminophenol",
    "N-acetyl-..."), no brackets or commas. Other names still reach search and the JSON API."""
    words = name.split()
    return 0 < len(words) <= 4 and all(_READER_WORD.fullmatch(w) for w in words)


def _group_plain(facts: Iterable[Fact]) -> list[tuple[str, list[str]]]:
    """Facts with the same plain wording (from several sources) become one line."""
    groups: dict[str, tuple[str, list[str]]] = {}
    for f in facts:
        k = f.plain.strip().casefold()
        if not k:
            continue
        if k not in groups:
            groups[k] = (f.plain.strip(), [])
        groups[k][1].append(f.id)
    return list(groups.values())


def _fact_maker(fields: list[str]) -> Callable[[dict[str, Any]], Fact]:
    """`Fact.model_construct` without its per-field bookkeeping (twice as fast): the
    instance's fields set directly when all are given, checked once against
    model_construct; any difference (another pydantic) and model_construct is used."""
    all_set = frozenset(fields)

    def fast(data: dict[str, Any]) -> Fact:
        fact = Fact.__new__(Fact)
        object.__setattr__(fact, "__dict__", data)
        object.__setattr__(fact, "__pydantic_fields_set__", set(all_set))
        object.__setattr__(fact, "__pydantic_extra__", None)
        object.__setattr__(fact, "__pydantic_private__", None)
        return fact

    def slow(data: dict[str, Any]) -> Fact:
        return Fact.model_construct(**data)

    if all_set != set(Fact.model_fields):
        return slow
    probe = {f: f"x{i}" for i, f in enumerate(fields)} | {"kind": FactKind.USE}
    a, b = fast(dict(probe)), slow(dict(probe))
    same = (a == b and a.model_dump() == b.model_dump()
            and a.model_fields_set == b.model_fields_set)
    return fast if same else slow


class TemplateWriter:
    """Writes one Page per PageRequest from the knowledge base alone; no network, no model."""

    name = "template"
    cacheable = True  # a page depends only on its request and the KB (see pagecache)

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._facts: dict[str, list[Fact]] = {}
        self._effects_memo: dict[tuple[str, bool], list[Statement]] = {}
        self._kinds_memo: dict[tuple[str, tuple[FactKind, ...]], list[Fact]] = {}
        self._plain_memo: dict[tuple[str, FactKind], list[tuple[str, list[str]]]] = {}
        self._display: dict[str, str] | None = None
        self._partners_memo: dict[str, list[tuple[str | None, str, int, str]]] = {}
        hidden = [s for s in kb.all_sources.values() if s not in kb.sources()]
        self._hidden_sources = hidden

    # -- protocol ------------------------------------------------------------
    def write_pages(
        self, requests: Sequence[PageRequest], progress: Progress | None = None
    ) -> list[Page]:
        self.prefetch({d.id for req in requests for d in req.drugs})
        pages = []
        for req in requests:
            pages.append(self.write_page(req))
            if progress is not None:
                progress(1)
        return pages

    def usage(self) -> dict[str, int]:
        return {}

    # -- lookups (cached: combination pages share ingredients) ---------------
    def prefetch(self, drug_ids: Iterable[str]) -> None:
        """Load the facts of many drugs in a few queries instead of one per drug (speed)."""
        todo = sorted(set(drug_ids) - set(self._facts))
        allowed = [s.id for s in self.kb.sources()]
        if not todo or not allowed:
            return
        for i in todo:
            self._facts[i] = []
        fields = list(Fact.model_fields)
        src = ",".join("?" * len(allowed))
        for n in range(0, len(todo), 500):
            chunk = todo[n:n + 500]
            rows = self.kb.conn.execute(
                f"SELECT {', '.join(fields)} FROM facts WHERE drug_id IN "
                f"({','.join('?' * len(chunk))}) AND source_id IN ({src}) "
                "ORDER BY drug_id, kind, source_id, value, id",
                [*chunk, *allowed],
            ).fetchall()
            make = _fact_maker(fields)
            for row in rows:
                data = dict(zip(fields, row, strict=True))
                data["kind"] = FactKind(data["kind"])
                # rows come from the KB's own schema: skip re-validating 100k facts
                self._facts[data["drug_id"]].append(make(data))

    def facts_of(self, drug_id: str) -> list[Fact]:
        if drug_id not in self._facts:
            self._facts[drug_id] = self.kb.facts(drug_id)
        return self._facts[drug_id]

    def _of(self, drug_id: str, *kinds: FactKind) -> list[Fact]:
        """The drug's facts of these kinds, in KB order (memoised: ingredients recur)."""
        key = (drug_id, kinds)
        if key not in self._kinds_memo:
            self._kinds_memo[key] = [f for f in self.facts_of(drug_id) if f.kind in kinds]
        return self._kinds_memo[key]

    def _partners(self, drug_id: str) -> list[tuple[str | None, str, int, str]]:
        """(other drug id, its display name, severity rank, fact id) of every interaction
        fact of the drug (memoised: a drug's partners recur on every page it is on)."""
        if drug_id not in self._partners_memo:
            self._partners_memo[drug_id] = [
                (f.other_id, self.display_name(f.other_id, f.plain), severity_rank(f.severity),
                 f.id)
                for f in self._of(drug_id, FactKind.INTERACTION)]
        return self._partners_memo[drug_id]

    def _plain(self, drug_id: str, kind: FactKind) -> list[tuple[str, list[str]]]:
        """`_group_plain` of one kind of the drug's facts (memoised; do not modify)."""
        key = (drug_id, kind)
        if key not in self._plain_memo:
            self._plain_memo[key] = _group_plain(self._of(drug_id, kind))
        return self._plain_memo[key]

    def display_name(self, drug_id: str | None, fallback: str) -> str:
        if self._display is None:
            try:
                rows = self.kb.conn.execute("SELECT id, display FROM drugs").fetchall()
                self._display = {r[0]: r[1] for r in rows}
            except Exception:  # an older KB without `display`: use preferred names
                self._display = {k: _cap(v) for k, v in self.kb.drug_names().items()}
        if drug_id and drug_id in self._display:
            return self._display[drug_id]
        return _cap(fallback)

    # -- one page ------------------------------------------------------------
    def write_page(self, req: PageRequest) -> Page:
        drugs = req.drugs
        combo = len(drugs) > 1
        title = req.title
        by_drug = {d.id: self.facts_of(d.id) for d in drugs}
        cited: dict[str, Fact] = {}

        all_facts = {f.id: f for fs in by_drug.values() for f in fs}
        among = self.kb.interactions_among([d.id for d in drugs]) if combo else []
        for f in among:
            all_facts.setdefault(f.id, f)

        sections = [
            self._generic_name(drugs, title),
            self._usage(drugs, by_drug, combo),
            self._side_effects(drugs, by_drug, combo),
            self._how_it_works(drugs, by_drug),
        ]
        faqs = self._faqs(drugs, by_drug, title)
        sections.append(
            Section(
                id="faqs",
                title=SECTION_TITLES["faqs"],
                statements=[
                    Statement(label=q.question, text=q.answer, fact_ids=q.fact_ids) for q in faqs
                ],
            )
        )
        sections.append(self._interactions(drugs, by_drug, among, combo))

        for s in sections:
            for st in s.statements:
                for i in st.fact_ids:
                    cited.setdefault(i, all_facts[i])
        facts = list(cited.values())
        sources = self._sources_of(facts)
        licences = sorted({s.licence for s in sources})
        sections.append(self._sources_section(sources))
        sections.append(
            Section(
                id="disclaimer",
                title=SECTION_TITLES["disclaimer"],
                statements=[Statement(text=DISCLAIMER)],
            )
        )
        sections.append(self._note(sources))

        other: list[str] = []
        seen = {d.display.casefold() for d in drugs} | {title.casefold()}
        for d in drugs:
            for n in [d.name, *d.forms, *d.other_names]:
                if n.casefold() not in seen:
                    seen.add(n.casefold())
                    other.append(n)
        supported = sum(1 for s in sections for st in s.statements if st.fact_ids)
        return Page(
            key=req.key,
            title=title,
            slug=slugify(title),
            drugs=list(drugs),
            other_names=other,
            sections=sections,
            faqs=faqs,
            facts=facts,
            sources=sources,
            licences=licences,
            writer=self.name,
            claims=ClaimCounts(supported=supported),
            lines=list(req.lines),
            inputs=list(req.inputs),
        )

    # -- sections ------------------------------------------------------------
    def _generic_name(self, drugs: list[Drug], title: str) -> Section:
        statements = [Statement(text=title)]
        if len(drugs) > 1:
            statements.append(
                Statement(
                    text=f"This medicine combines {len(drugs)} active ingredients: "
                    f"{_join([d.display for d in drugs])}."
                )
            )
        for d in drugs:
            # forms (salts, hydrates) and names readers use; every name stays in search
            names = [n for n in [*d.forms, *(o for o in d.other_names if reader_name(o))]
                     if n.casefold() != d.name.casefold()]
            if names:
                statements.append(
                    Statement(
                        label=f"{d.display} is also known as",
                        text=", ".join(names) + ".",
                        ingredient=d.display if len(drugs) > 1 else None,
                    )
                )
        return Section(
            id="generic-name", title=SECTION_TITLES["generic-name"], statements=statements
        )

    def _absent(self, what: str, drugs: Sequence[Drug]) -> str:
        names = _join([d.display for d in drugs])
        text = f"Our sources have no {what} data for {names} yet."
        if self._hidden_sources:
            text += " Some sources were left out of this edition because of their licences."
        return text

    def _usage(self, drugs: list[Drug], by_drug: dict[str, list[Fact]], combo: bool) -> Section:
        statements: list[Statement] = []
        missing = []
        for d in drugs:
            uses = self._plain(d.id, FactKind.USE)
            if not uses:
                missing.append(d)
                continue
            for plain, ids in uses:
                statements.append(
                    Statement(
                        label=_cap(plain) + (f" ({d.display})" if combo else ""),
                        text=f"{d.display} is used for {plain}.",
                        fact_ids=list(ids),
                        ingredient=d.display if combo else None,
                    )
                )
        intro = None
        if statements:
            intro = (
                "Our sources list these uses for the ingredients of this combination. "
                "Your doctor will tell you what it is for in your case."
                if combo
                else f"{drugs[0].display} is used for:"
            )
        if missing:
            statements.append(Statement(text=self._absent("usage", missing)))
        return Section(
            id="usage", title=SECTION_TITLES["usage"], intro=intro, statements=statements
        )

    def _side_effects(
        self, drugs: list[Drug], by_drug: dict[str, list[Fact]], combo: bool
    ) -> Section:
        statements: list[Statement] = []
        missing = []
        for d in drugs:
            effects = self._of(d.id, FactKind.SIDE_EFFECT)
            if not effects:
                missing.append(d)
                continue
            key = (d.id, combo)
            if key not in self._effects_memo:  # ingredients recur across combination pages
                self._effects_memo[key] = self._effect_bands(d, effects, combo)
            statements += self._effects_memo[key]
        intro = None
        if statements:
            intro = (
                "Side effects found on drug labels, most common first. "
                "Not everyone gets them. Tell your doctor if one worries you."
            )
        if missing:
            statements.append(Statement(text=self._absent("side-effect", missing)))
        return Section(
            id="side-effects", title=SECTION_TITLES["side-effects"], intro=intro,
            statements=statements,
        )

    @staticmethod
    def _effect_bands(d: Drug, effects: list[Fact], combo: bool) -> list[Statement]:
        """One line per label frequency, most common first; a term appears once."""
        out: list[Statement] = []
        bands: dict[str, list[Fact]] = {}
        for f in effects:
            band = f.frequency if f.frequency in FREQUENCY_LABEL else "unknown"
            bands.setdefault(band, []).append(f)
        taken: set[str] = set()
        for band in FREQUENCY_ORDER:
            # a term listed as common is not repeated under a rarer band
            groups = [
                (p, ids) for p, ids in _group_plain(bands.get(band, []))
                if p.casefold() not in taken
            ]
            if not groups:
                continue
            taken.update(p.casefold() for p, _ in groups)
            out.append(Statement(
                label=FREQUENCY_LABEL[band] + (f" ({d.display})" if combo else ""),
                text=_sentence(_cap(", ".join(p for p, _ in groups))),
                fact_ids=[i for _, ids in groups for i in ids],
                ingredient=d.display if combo else None,
            ))
        return out

    def _how_it_works(self, drugs: list[Drug], by_drug: dict[str, list[Fact]]) -> Section:
        statements: list[Statement] = []
        missing = []
        for d in drugs:
            classes = self._plain(d.id, FactKind.CLASS)
            mechs = self._plain(d.id, FactKind.MECHANISM)
            if not classes and not mechs:
                missing.append(d)
                continue
            label = d.display if len(drugs) > 1 else None
            ing = d.display if len(drugs) > 1 else None
            if len(classes) == 1:
                plain, ids = classes[0]
                statements.append(Statement(
                    label=label, ingredient=ing, fact_ids=ids,
                    text=f"{d.display} is {_article(plain)} {plain}.",
                ))
            elif classes:
                statements.append(Statement(
                    label=label, ingredient=ing, fact_ids=[i for _, ids in classes for i in ids],
                    text=f"{d.display} belongs to these groups of medicines: "
                    f"{_join([p for p, _ in classes])}.",
                ))
            for plain, ids in mechs:
                verb = plain.split()[0].casefold() in MECHANISM_VERBS
                statements.append(Statement(
                    label=label, ingredient=ing, fact_ids=ids,
                    text=f"It {plain}." if verb else f"Type of action: {plain}.",
                ))
        if missing:
            statements.append(
                Statement(
                    text=f"Our sources do not yet explain how {_join([d.display for d in missing])}"
                    " works."
                )
            )
        return Section(
            id="how-it-works", title=SECTION_TITLES["how-it-works"], statements=statements
        )

    def _faqs(self, drugs: list[Drug], by_drug: dict[str, list[Fact]], title: str) -> list[FAQ]:
        faqs: list[FAQ] = []
        for d in drugs:
            form = next((n for n in d.forms if n.casefold() != d.name.casefold()), None)
            if form:
                faqs.append(FAQ(
                    question=f"Is {d.display} the same as {form}?",
                    answer=f"Yes. {_cap(form)} is a form (a salt or hydrate) of "
                    f"{d.display.lower()}, the same active medicine. The amount in each dose "
                    "can differ, so check the label.",
                ))
            other = next(
                (n for n in d.other_names
                 if n.casefold() != d.name.casefold() and n.replace(" ", "").isalpha()),
                None,
            )
            if other:
                faqs.append(FAQ(
                    question=f"Is {d.display} the same as {other}?",
                    answer=f"Yes. Our sources list {other} as another name for "
                    f"{d.display.lower()}.",
                ))
        here = {d.id for d in drugs}
        inter = [row for d in drugs for row in self._partners(d.id) if row[0] not in here]
        if inter:
            worst: dict[str, int] = {}
            for _, name, rank, _ in inter:
                worst[name] = min(worst.get(name, 99), rank)
            others = sorted(worst, key=lambda n: (worst[n], n.casefold()))  # most serious first
            if len(others) > 3:
                listed = f", such as {_join(others[:3])}"
            else:
                listed = f": {_join(others)}"
            faqs.append(FAQ(
                question=f"Does {title} interact with other medicines?",
                answer=f"Yes. Our sources list {len(others)} "
                f"{'medicine' if len(others) == 1 else 'medicines'} that can interact with it"
                f"{listed}. See Interactions below. Tell your doctor and pharmacist "
                "about every medicine you take.",
                fact_ids=[fid for *_, fid in inter],
            ))
        alcohol = [
            f for d in drugs for f in self._of(d.id, FactKind.CAUTION)
            if "alcohol" in f"{f.value} {f.plain}".casefold()
        ]
        if alcohol:
            words = " ".join(_sentence(_cap(p)) for p, _ in _group_plain(alcohol))
            faqs.append(FAQ(
                question=f"Can I drink alcohol with {title}?",
                answer=f"{words} Ask your pharmacist if you are not sure.",
                fact_ids=[f.id for f in alcohol],
            ))
        faqs.append(FAQ(question="What dose should I take?", answer=DOSE_ANSWER))
        return faqs

    def _interactions(
        self, drugs: list[Drug], by_drug: dict[str, list[Fact]], among: list[Fact], combo: bool
    ) -> Section:
        statements: list[Statement] = []
        if combo and among:
            pairs: dict[tuple[str, str], list[Fact]] = {}
            for f in among:
                pair = tuple(sorted((f.drug_id, f.other_id or "")))
                pairs.setdefault(pair, []).append(f)  # type: ignore[arg-type]
            for (a, b), fs in sorted(pairs.items()):
                statements.append(Statement(
                    label=f"{self.display_name(a, a)} with {self.display_name(b, b)}",
                    text=self._severity_text(fs) + " These two ingredients are in this medicine.",
                    fact_ids=[f.id for f in fs],
                ))
        missing = []
        ids_here = {d.id for d in drugs}
        for d in drugs:
            inter = [
                f for f in self._of(d.id, FactKind.INTERACTION, FactKind.CAUTION)
                if f.other_id not in ids_here
            ]
            if not inter:
                if not (combo and among):
                    missing.append(d)
                continue
            statements += self._interaction_bands(d, inter, combo)
        intro = None
        if statements:
            intro = (
                "Medicines and other things our sources say can interact. "
                "This list may not be complete. Always tell your doctor and pharmacist "
                "what else you take."
            )
        if missing:
            text = self._absent("interaction", missing)
            text += " This does not mean it is safe to take with other medicines."
            statements.append(Statement(text=text))
        return Section(
            id="interactions", title=SECTION_TITLES["interactions"], intro=intro,
            statements=statements,
        )

    def _interaction_bands(self, d: Drug, inter: list[Fact], combo: bool) -> list[Statement]:
        """Alcohol/food cautions one by one, then other medicines grouped by severity.

        Medicines with the same worst severity from the same sources share one line, so a
        drug with hundreds of listed interactions still gives a page people can read, and
        the source tag on each line stays exact.
        """
        out: list[Statement] = []
        suffix = f" ({d.display})" if combo else ""
        ing = d.display if combo else None
        by_other: dict[str, list[Fact]] = {}
        for f in inter:
            if f.kind == FactKind.CAUTION or not f.other_id:
                continue
            by_other.setdefault(self.display_name(f.other_id, f.plain), []).append(f)
        cautions: dict[str, list[Fact]] = {}
        for f in inter:
            if f.kind == FactKind.CAUTION or not f.other_id:
                cautions.setdefault(_cap(f.value), []).append(f)
        for name, fs in sorted(cautions.items()):
            words = " ".join(_sentence(_cap(p)) for p, _ in _group_plain(fs))
            out.append(Statement(
                label=name + suffix, text=f"{words} {self._severity_text(fs)}".strip(),
                fact_ids=[f.id for f in fs], ingredient=ing,
            ))
        bands: dict[tuple[int, tuple[str, ...]], list[tuple[str, list[Fact]]]] = {}
        for name, fs in by_other.items():
            rank = min(severity_rank(f.severity) for f in fs)
            srcs = tuple(sorted({f.source_id for f in fs}))
            bands.setdefault((rank, srcs), []).append((name, fs))
        for (rank, _), members in sorted(bands.items()):
            members.sort(key=lambda m: m[0].casefold())
            lead = SEVERITY_TEXT[SEVERITY_ORDER[rank]] if rank < len(SEVERITY_ORDER) else (
                "Listed as an interaction")
            out.append(Statement(
                label=lead + suffix,
                text=_sentence(", ".join(n for n, _ in members)),
                fact_ids=[f.id for _, fs in members for f in fs],
                ingredient=ing,
            ))
        return out

    def _severity_text(self, facts: list[Fact]) -> str:
        worst = min(facts, key=lambda f: severity_rank(f.severity)).severity
        return SEVERITY_TEXT.get(worst or "", "Listed as an interaction") + "."

    def _sources_of(self, facts: list[Fact]) -> list[Source]:
        ids = sorted({f.source_id for f in facts})
        return [self.kb.all_sources[i] for i in ids if i in self.kb.all_sources]

    def _sources_section(self, sources: list[Source]) -> Section:
        statements = [
            Statement(
                label=s.name,
                text=f"Edition {s.edition}. Licence: {s.licence}. {_sentence(s.citation)} {s.url}",
            )
            for s in sources
        ]
        if not statements:
            statements = [Statement(text="No facts from our sources are shown on this page.")]
        return Section(id="sources", title=SECTION_TITLES["sources"], statements=statements)

    def _note(self, sources: list[Source]) -> Section:
        if sources:
            used = "; ".join(f"{s.name}, licence {s.licence}" for s in sources)
            made = (
                f"This page was put together automatically by apothecary's template writer "
                f"from facts in these sources: {used}. Each fact is shown with its source. "
            )
        else:
            made = "This page was put together automatically by apothecary's template writer. "
        text = made + "It has not been reviewed by a doctor or pharmacist."
        return Section(id="note", title=SECTION_TITLES["note"], statements=[Statement(text=text)])
