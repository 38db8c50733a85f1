"""The default writer: plain, deterministic pages assembled only from sourced facts.

Every statement that says something about a medicine carries the ids of the facts behind
it; sentences with no fact ids are furniture (headings, "no data yet", the disclaimer).
Nothing here invents a use, dose, side effect or interaction: when the knowledge base has
no fact, the page says so plainly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..knowledge.store import KnowledgeBase
from ..models import ClaimCounts, Drug, Fact, FactKind, Page, Section, Source, Statement
from ..monographs import Item, Monograph, MonographBuilder, SafetyItem
from ..monographs.combination_uses import KINDS, combination_row, row_facts, use_items
from ..monographs.combo_rows import for_its_uses, own_salts
from ..monographs.form_codes import (
    FORM_LINE,
    SYSTEMIC,
    drug_forms,
    forms_line,
    liquid_form_word,
    named_form,
    product_form,
)
from ..monographs.gut_binding import swallowed
from ..monographs.how_it_works import partner_kind
from ..monographs.india_form import forms_statements, india_page
from ..monographs.key_facts import USES_MAX, banned, key_facts
from ..monographs.must_not import merged as merged_must_nots
from ..monographs.page_form import (
    for_form,
    form_of_uses,
    key_uses_of,
    named_by_dose,
    other_form,
    other_form_detail,
    page_form,
)
from ..monographs.page_route import for_route, other_route_detail, page_route
from ..monographs.partner_rules import india_market, reader_names
from ..monographs.rules import (
    combination_key,
    combination_messages_for,
    correct_spelling,
    key,
    self_injected,
)
from ..monographs.safety import (
    TOPIC_ORDER,
    against_answers_first,
    approval_pregnancy_note,
    conflicting_course,
    ingredient_instructions,
    other_partners_messages,
    said_once,
    select_safety,
    without_reassurance,
)
from ..monographs.studied_uses import studied_usage, studied_uses
from ..monographs.uses import (
    class_uses,
    for_line,
    key_uses,
    line_form,
    product_forms,
    reviewed_use,
    use_aliases,
    use_forms,
)
from ..names.brands import base_name
from ..render.slug import slug_was_shortened, slugify
from ..sentences import join_and
from .base import PageRequest, Progress
from .effects_section import side_effects_section
from .generic_name import generic_name_section
from .how_section import how_it_works_section
from .page_uses import INGREDIENTS_LABEL, ingredients_limit, page_uses
from .safety_section import safety_section
from .sections import interactions_section, page_faqs, serious_items
from .word_budget import APPROVED_LABEL, COMBO_WORDS, fit_words
from .wording import (
    CLASS_USES_LABEL,
    DISCLAIMER,
    ROUTE_SPECIFIC,
    SECTION_TITLES,
    USES_MAIN,
    cap_first,
    names_a_use,
    quoted_approval,
    sentence,
    use_phrase,
    use_sentence,
    without_label_note,
)

# name prefixes of a single enantiomer on its racemate's name (page_form: form_atc)
_ENANTIOMER = ("levo", "dextro", "dex", "es", "ar")


SPELLING_NOTE = " (The approval's words, with their spelling corrected.)"


def _quoted(plain: str) -> str:
    """A CDSCO approval as a quote: the register's words, its misspellings corrected and the
    correction said (approval_typos.txt; review 11: "maintenanace", "prphylaxis")."""
    fixed, changed = correct_spelling(plain)
    return sentence(quoted_approval(fixed)) + (SPELLING_NOTE if changed else "")


PRODUCT_ANSWERS = frozenset({"pregnancy", "breastfeeding", "overdose"})


# datasets whose indication lists are raw (every approved use, old and rare): on a medicine
# with reviewed uses, their uses are companion detail
_RAW_USE_SOURCES = frozenset({"drugcentral", "labeledin"})


class TemplateWriter:
    """Writes one Page per PageRequest from the knowledge base alone; no network, no model.

    Selection and wording live in the monograph stage (apothecary.monographs); this writer
    composes each page from its ingredients' monographs plus what belongs to the page itself
    (a combination's approval and its ingredients' interactions with each other).
    """

    name = "template"
    cacheable = True  # a page depends only on its request and the KB (see pagecache)
    falls_back = False

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._facts: dict[str, list[Fact]] = {}
        self._display: dict[str, str] | None = None
        self._common: dict[str, int] | None = None
        self._atc: dict[str, str] | None = None
        self._marketed: frozenset[str] | None = None
        hidden = [s for s in kb.all_sources.values() if s not in kb.sources()]
        self._hidden_sources = hidden
        self._served = {s.id for s in kb.sources()}
        self._class_index: tuple[dict[str, str], dict[str, dict[str, set[str]]]] | None = None
        self._by_name: dict[str, str] | None = None
        self.monographs = MonographBuilder(self.facts_of, self.display_name, self.commonness,
                                           self.class_uses, self.use_forms, self.atc_of,
                                           self.marketed, self.swallowed_of)

    # -- protocol ------------------------------------------------------------
    def write_pages(
        self, requests: Sequence[PageRequest], progress: Progress | None = None
    ) -> list[Page]:
        self.prefetch({d.id for req in requests for d in req.drugs}
                      | {req.key for req in requests if len(req.drugs) > 1})
        pages = []
        for req in requests:
            pages.append(self.write_page(req))
            if progress is not None:
                progress(1)
        return pages

    def usage(self) -> dict[str, int]:
        return {}

    def fingerprint(self) -> str:
        return ""

    def complete(self) -> bool:
        return True

    def fallback_report(self) -> dict[str, dict[str, str]]:
        return {}

    # -- lookups (cached: combination pages share ingredients) ---------------
    def prefetch(self, drug_ids: Iterable[str]) -> None:
        """Load the facts of many drugs in a few queries instead of one per drug (speed)."""
        todo = sorted(set(drug_ids) - set(self._facts))
        if todo:
            self._facts.update(self.kb.facts_of_many(todo))

    def facts_of(self, drug_id: str) -> list[Fact]:
        if drug_id not in self._facts:
            self._facts[drug_id] = self.kb.facts(drug_id)
        return self._facts[drug_id]

    def interactions_among(self, ids: Sequence[str]) -> list[Fact]:
        """`kb.interactions_among` from the ingredients' cached facts (the same facts in the
        same order, without a query per combination page)."""
        among = set(ids)
        found = [f for i in sorted(among) for f in self.facts_of(i)
                 if f.kind == FactKind.INTERACTION and f.other_id in among]
        return sorted(found, key=lambda f: (f.drug_id, f.other_id or "", f.source_id, f.id))

    def atc_of(self, drug_id: str) -> str:
        """A medicine's WHO ATC codes (space-separated; "" if none): ranks its interaction
        partners (everyday classes, usual co-prescriptions)."""
        if self._atc is None:
            self._atc = self.kb.atc_codes()
        return self._atc.get(drug_id, "")

    def swallowed_of(self, drug_id: str) -> str:
        """Whether a medicine is swallowed (monographs.gut_binding.swallowed, by its WHO DDD
        routes): a partner never swallowed never binds calcium in the gut (review 39)."""
        routes = [f.value for f in self.facts_of(drug_id) if f.kind == FactKind.ROUTE]
        return swallowed(self.atc_of(drug_id), routes)

    def commonness(self, drug_id: str) -> int:
        """How widely documented a medicine is (its use and side-effect facts): ranks
        interaction partners, common medicines before rare ones."""
        if self._common is None:
            self._common = self.kb.documented_counts()
        return self._common.get(drug_id, 0)

    def marketed(self, drug_id: str) -> bool:
        """Whether the KB shows a medicine on the Indian market (KnowledgeBase.marketed_ids,
        india_market.txt): ranks interaction partners, those a reader may take first."""
        if self._marketed is None:
            names = self.kb.drug_names()
            listed = india_market()
            self._marketed = self.kb.marketed_ids() | {
                i for i, n in names.items() if key(n) in listed}
        return drug_id in self._marketed

    def class_uses(self, drug_id: str) -> dict[str, frozenset[str]] | None:
        """Use alias → the other medicines of the drug's WHO ATC groups that have it
        (monographs.uses.class_uses); None for a medicine with no ATC code."""
        codes, users = self._uses_by_group()
        return class_uses(drug_id, codes, users) if codes.get(drug_id) else None

    def use_forms(self, drug_id: str) -> dict[str, frozenset[str]]:
        """Use alias → the product forms of the WHO ATC groups backing it (uses.use_forms)."""
        return use_forms(drug_id, *self._uses_by_group())

    def _uses_by_group(self) -> tuple[dict[str, str], dict[str, dict[str, set[str]]]]:
        if self._class_index is None:
            codes = self.kb.atc_codes()
            users: dict[str, dict[str, set[str]]] = {}
            for drug, term, plain in self.kb.all_uses():
                for group in {c[:4] for c in codes.get(drug, "").split() if len(c) >= 4}:
                    for k in use_aliases(term, plain or ""):
                        users.setdefault(group, {}).setdefault(k, set()).add(drug)
            self._class_index = (codes, users)
        return self._class_index

    def display_name(self, drug_id: str | None, fallback: str) -> str:
        if self._display is None:
            self._display = self.kb.display_names() or {
                k: cap_first(v) for k, v in self.kb.drug_names().items()}  # a KB without `display`
            shown = reader_names()  # (reader_names.txt: a vaccine strain's antigen)
            self._display.update({k: shown[key(v)] for k, v in self.kb.drug_names().items()
                                  if key(v) in shown})
        if drug_id and drug_id in self._display:
            return self._display[drug_id]
        return cap_first(fallback)

    def injected(self, drugs: Sequence[Drug]) -> Item | None:
        """"By injection", citing the WHO DDD routes, when every ingredient is only given by
        injection and has no code of a form used on the body (tirofiban, milrinone,
        ceftriaxone: review 15a found hospital drips read as tablets; heparin also comes as
        a gel)."""
        routes = [[f for f in self.facts_of(d.id) if f.kind == FactKind.ROUTE] for d in drugs]
        # a combination's partner with no WHO route of its own (avibactam, only in
        # ceftazidime + avibactam) takes the product's: one product is one form
        if any(routes) and all(all(f.plain == "by injection" for f in rs) for rs in routes) \
                and all(drug_forms(d.xrefs.get("ATC", "")) <= {SYSTEMIC} for d in drugs):
            return Item(text="by injection", fact_ids=[f.id for rs in routes for f in rs])
        return None

    def given_by_staff(self, drugs: Sequence[Drug]) -> bool:
        """Whether every ingredient is only given by a doctor or nurse: only injected (WHO
        DDD routes), or every code in a group with no DDD that is only injected or given as
        a drip (route_forms.txt: hydroxyethyl starch, anaesthetics). Only the overdose line
        uses the second: an anaesthetic gas is not "by injection"."""
        if any(self_injected(d.xrefs.get("ATC", "")) for d in drugs):
            return False  # pens and syringes people use at home: insulin, GLP-1, heparins
        if self.injected(drugs) is not None:
            return True
        staff = {"an injection", "an injection or drip"}

        def only_staff(d: Drug) -> bool:  # no WHO routes, every form an injection or drip
            forms = set(product_forms(d.xrefs.get("ATC", ""), []))
            return bool(forms) and forms <= staff and not any(
                f.kind == FactKind.ROUTE for f in self.facts_of(d.id))

        return bool(drugs) and all(only_staff(d) for d in drugs)

    # -- one page ------------------------------------------------------------
    def write_page(self, req: PageRequest) -> Page:
        drugs = req.drugs
        combo = len(drugs) > 1
        title = req.title
        ids = tuple(d.id for d in drugs)
        mono = [self.monographs.monograph(d, tuple(i for i in ids if i != d.id)) for d in drugs]
        mono, form, india = self._for_form(req, drugs, mono)  # (india: approval ids)
        if combo:  # its salts of the page's form only (salt_forms.txt, review 39)
            drugs = own_salts(drugs, form)
        names = [req.name_of(i) for i in range(len(drugs))]
        page_name = " + ".join(names)
        own = self.facts_of(req.key) if combo else []
        all_facts: dict[str, Fact] = {f.id: f for d in drugs for f in self.facts_of(d.id)}
        all_facts.update((f.id, f) for f in own)
        among = self.interactions_among(ids) if combo else []
        all_facts.update((f.id, f) for f in among)
        # combination_uses.txt, else combination_kinds.txt
        row = combination_row(drugs, self.form_atc)
        reviewed_facts = row_facts(row, req.key, self._served)
        all_facts.update((f.id, f) for f in reviewed_facts)
        reviewed = use_items(row, reviewed_facts)
        # a single medicine's own reviewed lead use may say its route ("painful, swollen
        # joints (injected into the joint)": triamcinolone's page led with the steroid
        # tablets' "do not stop taking it suddenly", review 25)
        leading = key_uses_of(mono[0])[:1] if not combo else []
        lead = [i.text for i in leading if reviewed_use(i)]
        route = page_route(req.inputs, [i.text for i in reviewed] or lead,
                           [self.form_atc(d) for d in drugs], self.injected(drugs) is not None,
                           [(d.name, self.form_atc(d), self.facts_of(d.id)) for d in drugs]) \
            if form == {SYSTEMIC} or combo and not form else ""  # (review 38: no known form)
        if route:  # a drink is not a drip (review 25): the other route's words as detail
            mono = [for_route(m, route) for m in mono]

        uses, uses_label = self._page_uses(mono, own, combo, drugs, reviewed, form, names)
        uses, uses_label, studied = studied_uses(  # what its ingredients were studied for
            drugs, self.form_atc, req.key, self._served, uses, uses_label) if not reviewed \
            else (uses, uses_label, [])
        all_facts.update((f.id, f) for f in studied)  # (studied_uses.txt, review 37)
        lform = line_form(req.inputs) or (liquid_form_word(req.inputs, form) if not combo
                                          else "")
        shown = for_line(uses, lform) if not combo else uses
        safety = self._page_safety(drugs, mono, own, names)
        if combo:  # an ingredient's row for a use its reviewed uses do not name (review 39;
            # an approval's clinical words are no match: "menorrhagia" for heavy periods)
            safety = for_its_uses(safety, [i.text for i in reviewed])
        if combo and form:  # a product row about another form (a cream's words on the
            # drops of the same two ingredients, fc12): companion detail, labelled
            safety = [(i, s if i is not None else other_form_detail(s, form))
                      for i, s in safety]
        if route:  # a product row too ("a + b": the drip's label on an oral prep)
            safety = [(i, other_route_detail(s, route)) for i, s in safety]
        serious = serious_items(mono)
        sections = [
            generic_name_section(drugs, title, req.brands, names, req.inputs),
            studied_usage(self._usage(drugs, names, mono, uses, uses_label, own, combo,
                                      bool(reviewed), row is not None and row.file == KINDS),
                          drugs, self.form_atc, names, uses, uses_label),
            side_effects_section(drugs, names, mono, serious, combo, self._absent),
            how_it_works_section(drugs, names, mono, [self.form_atc(d) for d in drugs]),
        ]
        faqs = page_faqs(drugs, names, mono, safety, page_name)
        sections.append(Section(id="faqs", title=SECTION_TITLES["faqs"], statements=[
            Statement(label=q.question, text=q.answer, fact_ids=q.fact_ids) for q in faqs]))
        kinds = [(names[i], k) for i, m in enumerate(mono) if (k := partner_kind(
            m.kind, self.form_atc(drugs[i]),
            [self.form_atc(d) for j, d in enumerate(drugs) if j != i]) if combo else m.kind)
            is not None]
        sections.append(Section(
            id="key-facts", title=SECTION_TITLES["key-facts"],
            statements=key_facts(key_uses(shown, USES_MAX) if uses_label == "Used for"
                                 and not reviewed else uses,
                                 kinds, [s for _, s in safety], serious, mono, uses_label,
                                 owners=[i for i, _ in safety],
                                 given=self.injected(drugs) if not lform else None,
                                 reviewed_uses=bool(reviewed),
                                 uses_limit=ingredients_limit(len(mono))
                                 if uses_label == INGREDIENTS_LABEL else 0,
                                 line_form=lform,
                                 used=(FORM_LINE.get(next(iter(form)), "")
                                       if len(form) == 1 else forms_line(form))
                                 if (combo or india) and not lform else "",
                                 used_ids=india)))
        # used on the body (eye drops, a cream): its form, or every code of every ingredient
        atcs = [self.form_atc(d) for d in drugs]
        body = SYSTEMIC not in form and (bool(form) or all(
            drug_forms(a) and SYSTEMIC not in drug_forms(a) for a in atcs))
        sections.append(safety_section(drugs, names, safety, page_name,
                                     given=self.given_by_staff(drugs) and not lform,
                                     body=body))
        sections.append(interactions_section(drugs, names, mono, among, combo, self._absent,
                                                 self.atc_of, safety, self.marketed))
        if combo:
            sections = fit_words(sections, COMBO_WORDS)
        sections = [without_label_note(s) for s in sections]

        cited: dict[str, Fact] = {}
        for s in sections:
            for st in s.statements:
                for i in st.fact_ids:
                    cited.setdefault(i, all_facts[i])
        facts = list(cited.values())
        sources = self._sources_of(facts)
        licences = sorted({s.licence for s in sources})
        sections.append(self._sources_section(sources))
        sections.append(Section(id="disclaimer", title=SECTION_TITLES["disclaimer"],
                                statements=[Statement(text=DISCLAIMER)]))
        sections.append(self._note(sources, slug_was_shortened(title)))

        other: list[str] = []
        seen = {d.display.casefold() for d in drugs} | {title.casefold()}
        for b in [*req.brands, *(base_name(b) for b in req.brands)]:  # found by brand
            if b.casefold() not in seen:
                seen.add(b.casefold())
                other.append(b)
        for d in drugs:
            for n in [d.name, *d.forms, *d.other_names]:
                if n.casefold() not in seen:
                    seen.add(n.casefold())
                    other.append(n)
        supported = sum(1 for s in sections for st in s.statements if st.fact_ids)
        return Page(
            key=req.key, title=title, slug=slugify(title), drugs=list(drugs),
            other_names=other, sections=sections, faqs=faqs, facts=facts, sources=sources,
            licences=licences, writer=self.name, claims=ClaimCounts(supported=supported),
            lines=list(req.lines), inputs=list(req.inputs),
        )

    def form_atc(self, drug: Drug) -> str:
        """A medicine's WHO ATC codes, else its parent's when the knowledge base has none for
        it: an enantiomer named by a prefix on its racemate's name (levosalbutamol:
        salbutamol's R03AC02 R03CC02)."""
        atc = drug.xrefs.get("ATC", "") or self.atc_of(drug.id)
        if atc:
            return atc
        if self._by_name is None:
            self._by_name = {v.casefold(): k for k, v in self.kb.drug_names().items()}
        name = drug.name.casefold()
        for prefix in _ENANTIOMER:
            parent = self._by_name.get(name.removeprefix(prefix)) if \
                name.startswith(prefix) else None
            if parent and (found := self.atc_of(parent)):
                return found
        return ""

    def _for_form(self, req: PageRequest, drugs: Sequence[Drug],
                  mono: list[Monograph]) -> tuple[list[Monograph], frozenset[str], list[str]]:
        """The monographs as a page of the product form it is about shows them
        (monographs.page_form): another form's uses labelled and off the key facts, its
        class messages and leaflet side effects left off; the form (empty: not known); and
        the Indian approvals that named it, if they did (india_form)."""
        atcs = [self.form_atc(d) for d in drugs]
        approvals = [f.plain for f in self.facts_of(req.key) if f.kind == FactKind.APPROVAL
                     and named_form(f.plain)] if len(drugs) > 1 else []
        says = [f for _, m, _ in combination_messages_for(
            [(d.name, atc) for d, atc in zip(drugs, atcs, strict=True)])
            if (f := product_form(m))] if len(drugs) > 1 else []
        names = [d.name for d in drugs]
        form = form_of_uses(page_form(req.inputs, atcs, approvals, says, names),
                            lambda: combination_row(drugs, self.form_atc))
        # named: by a form word, or by a combination's partners or approval
        named = len(drugs) > 1 or bool(req.inputs) and all(named_form(x) for x in req.inputs) \
            or bool(liquid_form_word(req.inputs, form)) or named_by_dose(req.inputs, atcs, names)
        # a single medicine made in several forms whose Indian approvals all name one of them
        # (ibopamine's eye drops): that form's page, which its first screen names
        if not named and (led := india_page(mono, drugs, atcs, self.facts_of)):
            return led
        return [for_form(m, d.name, atc, form,
                         lambda d=d: {f.id: f for f in self.facts_of(d.id)},  # type: ignore[misc]
                         len(drugs) > 1, named,
                         " ".join(a for j, a in enumerate(atcs) if j != i))
                for i, (m, d, atc) in enumerate(zip(mono, drugs, atcs, strict=True))], form, []

    # -- sections ------------------------------------------------------------
    # -- what the page is for (writers/page_uses.py) ---------------------------
    def _page_uses(self, mono: list[Monograph], own: list[Fact], combo: bool,
                   drugs: Sequence[Drug], reviewed: list[Item],
                   form: frozenset[str] = frozenset(),
                   names: Sequence[str] = ()) -> tuple[list[Item], str]:
        # an ingredient's own approval on a combination of a known form: never another
        # form's (sertaconazole + beclometasone cream read "Beclometasone: asthma", combo6-c)
        atcs = {d.id: self.form_atc(d) for d in drugs}
        # each ingredient by the name the page gives it ("Urea", not the KB's "Carbamide",
        # beside "Kind of medicine: Urea: ...")
        named = dict(zip((d.id for d in drugs), names, strict=False))

        def name_of(drug_id: str | None, fallback: str) -> str:
            return named.get(drug_id or "") or self.display_name(drug_id, fallback)
        return page_uses(mono, own, combo, drugs, reviewed, self.facts_of, name_of,
                         lambda drug_id, text: not form or not other_form(
                             text, atcs.get(drug_id, ""), form))

    def _raw_uses(self, drug: Drug, uses: Sequence[Item]) -> set[int]:
        """Uses (by id) that only the datasets' raw indication lists give (DrugCentral,
        LabeledIn), on a medicine with reviewed uses: companion detail (review 23:
        cloxacillin's main page listed "Staphylococcal meningitis" under its reviewed use;
        review 25: azelastine's led by "Itching", doxepin's said depression twice, GTN's
        drip uses stood unlabelled beside angina). Never dropped; a medicine without reviewed
        uses keeps them, and a reviewed lead (main_uses.txt) stays."""
        if not any(reviewed_use(u) for u in uses):
            return set()
        source = {f.id: f.source_id for f in self.facts_of(drug.id)}
        return {id(u) for u in uses if not reviewed_use(u) and u.lead is None and u.fact_ids
                and all(source.get(i) in _RAW_USE_SOURCES for i in u.fact_ids)}

    def _usage(
        self, drugs: list[Drug], names: list[str], mono: list[Monograph], uses: list[Item],
        uses_label: str, own: list[Fact], combo: bool, reviewed: bool = False,
        kind: bool = False,
    ) -> Section:
        statements: list[Statement] = []
        approvals = [f for f in (own if combo else self.facts_of(drugs[0].id))
                     if f.kind == FactKind.APPROVAL and names_a_use(f.plain)]
        # a single ingredient's CDSCO rows are approvals of particular products (an i.v.
        # infusion, a new strength): detail beside its uses, never the tablet's first line
        detail = not combo and bool(mono[0].uses)
        approved = [Statement(
            label=APPROVED_LABEL, text=_quoted(f.plain)
            + approval_pregnancy_note(f.plain, [s for m in mono for s in m.safety]),
            fact_ids=[f.id],
            companion=detail or (not combo and bool(ROUTE_SPECIFIC.search(f.plain))))
            for f in sorted(approvals, key=lambda f: bool(ROUTE_SPECIFIC.search(f.plain)))]
        intro = None
        if reviewed:  # what the combination is for (combination_uses.txt), then its approval
            # a kind's row (combination_kinds.txt) speaks of such products, not this one
            intro = ("What combinations of this kind are used for:" if kind
                     else "What this combination is used for:")
            statements += [Statement(label=cap_first(item.text), fact_ids=list(item.fact_ids),
                                     text=use_sentence(" + ".join(names), item)) for item in uses]
        if not detail:  # what the product is approved for leads; else it follows the uses
            statements += approved
        if not combo:
            raw = self._raw_uses(drugs[0], mono[0].uses)
            main, past = 0, banned(mono[0].safety) is not None  # valdecoxib "was used" (k31a)
            for item in mono[0].uses:
                moved = id(item) in raw or item.off_page and any(
                    not u.off_page for u in mono[0].uses)
                statements.append(Statement(
                    label=cap_first(item.text), text=use_sentence(names[0], item, past),
                    fact_ids=list(item.fact_ids), companion=moved or main >= USES_MAIN))
                main += not moved
            if mono[0].uses:
                intro = f"{names[0]} {'was' if past else 'is'} used for:"
            if mono[0].forms:  # after its uses (review 9); WHO: sold anywhere (review 36),
                # India's approved forms first (review 39)
                statements += forms_statements(
                    names[0], mono[0].forms, mono[0].uses,
                    [f for f in self.facts_of(drugs[0].id) if f.kind == FactKind.APPROVAL])
        elif reviewed:
            pass  # the combination's own uses replace its ingredients'
        elif uses and uses_label == "Used for" and sum(1 for m in mono if m.uses) > 1:
            page_name = " + ".join(names)
            intro = "What all the ingredients of this medicine are used for:"
            for n, item in enumerate(uses):
                statements.append(Statement(
                    label=cap_first(item.text), text=use_sentence(page_name, item),
                    fact_ids=list(item.fact_ids), companion=n >= USES_MAIN))
        elif not approvals:
            intro = ("What each ingredient of this medicine is used for; your doctor or "
                     "pharmacist will tell you what the combination is for in your case.")
            if sum(1 for m in mono if m.uses) == 1:
                one = next(names[i] for i, m in enumerate(mono) if m.uses)
                intro = (f"What {one}, one of its ingredients, is used for; your doctor or "
                         "pharmacist will tell you what the combination is for in your case.")
            for i, m in enumerate(mono):
                # its first use only on the main page, the rest on the companion page
                # (review 32: "for generalised anxiety disorder and for epilepsy" read as
                # uses of a pregabalin + etoricoxib painkiller)
                top = key_uses(m.uses, USES_MAX) or m.uses[:USES_MAX]
                for n, part in enumerate((top[:1], top[1:])):
                    if part:
                        statements.append(Statement(
                            label=names[i], ingredient=drugs[i].display, companion=n > 0,
                            text=f"{names[i]} is {'also ' if n else ''}used " + join_and(
                                [use_phrase(u) for u in part]) + ".",
                            fact_ids=[f for u in part for f in u.fact_ids]))
        if detail:
            statements += approved
        if uses_label == CLASS_USES_LABEL and uses:
            statements.append(Statement(
                label=CLASS_USES_LABEL, fact_ids=list(uses[0].fact_ids),
                text=f"{names[0]} is a medicine of the kind used for {uses[0].text}. Our sources "
                "do not list its own uses: ask your pharmacist what it is for in your case. "
                f"Source: {uses[0].source}."))
        missing = [names[i] for i, m in enumerate(mono) if not m.uses]
        if not statements and not combo or (combo and missing and not approvals and not reviewed
                                              and len(missing) == len(mono)):
            statements.append(Statement(text=self._absent("usage", missing or names)))
        return Section(id="usage", title=SECTION_TITLES["usage"], intro=intro,
                       statements=statements)

    # -- side effects --------------------------------------------------------
    # -- safety --------------------------------------------------------------
    def _page_safety(
        self, drugs: list[Drug], mono: list[Monograph], own: list[Fact], names: list[str]
    ) -> list[tuple[str | None, SafetyItem]]:
        """(ingredient name or None, item): a combination's own label first (it speaks for the
        product), then each ingredient's messages; label topics the product's own label
        covers are not repeated from the ingredients'."""
        out: list[tuple[str | None, SafetyItem]] = []
        combo = len(drugs) > 1
        if combo:
            # the product's own label facts and reviewed messages (key_messages.txt rows
            # naming exactly its ingredients) speak for the whole product
            out += [(None, s) for s in select_safety(
                own, combination_key(d.name for d in drugs),
                ingredients=[(d.name, self.form_atc(d)) for d in drugs])]
        product_topics = {s.topic for _, s in out}
        for i, m in enumerate(mono):
            for s in m.safety:
                if s.fact_ids and s.topic in product_topics and s.topic != "liver":
                    continue
                if s.topic in PRODUCT_ANSWERS and s.topic in product_topics:
                    # the product's own answer (Zosyn's pregnancy line) is the page's: each
                    # ingredient's goes to the companion (review 20: three pregnancy lines)
                    s = s.model_copy(update={"detail": True})
                if combo and s.topic == "label_warning" and not s.detail:
                    # an ingredient's own label is not the product's: companion (k34c)
                    s = s.model_copy(update={"detail": True})
                out.append((names[i] if combo else None, s))
        if combo:
            out = other_partners_messages(without_reassurance(against_answers_first(
                conflicting_course(ingredient_instructions(out)))), names)
        out.sort(key=lambda p: TOPIC_ORDER.index(p[1].topic))
        return merged_must_nots(said_once(out, names))  # one list, its items once

    # -- furniture -----------------------------------------------------------
    def _absent(self, what: str, names: Sequence[str]) -> str:
        text = f"Our sources have no {what} data for {join_and(list(names))} yet."
        if self._hidden_sources:
            text += " Some sources were left out of this edition because of their licences."
        return text

    def _sources_of(self, facts: list[Fact]) -> list[Source]:
        ids = sorted({f.source_id for f in facts})
        return [self.kb.all_sources[i] for i in ids if i in self.kb.all_sources]

    def _sources_section(self, sources: list[Source]) -> Section:
        statements = [
            Statement(
                label=s.name,
                text=f"Edition {s.edition}. Licence: {s.licence}. {sentence(s.citation)} {s.url}",
            )
            for s in sources
        ]
        if not statements:
            statements = [Statement(text="No facts from our sources are shown on this page.")]
        return Section(id="sources", title=SECTION_TITLES["sources"], statements=statements)

    def _note(self, sources: list[Source], short_address: bool = False) -> Section:
        if sources:
            used = "; ".join(f"{s.name}, licence {s.licence}" for s in sources)
            made = (
                f"This page was put together automatically by apothecary's template writer "
                f"from facts in these sources: {used}. Each fact is shown with its source. "
            )
        else:
            made = "This page was put together automatically by apothecary's template writer. "
        text = made + "It has not been reviewed by a doctor or pharmacist."
        if short_address:
            text += (" Its name is too long for a web address, so the address is a shortened "
                     "form of it.")
        return Section(id="note", title=SECTION_TITLES["note"], statements=[Statement(text=text)])
