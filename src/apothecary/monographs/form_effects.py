"""A body form's page (a cream, eye or ear drops) without another form's side effects and
interactions (reviews 16, 19, 37): split from page_form, whose rules pick the form."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from ..models import Fact
from .form_codes import (
    SYSTEMIC,
    SYSTEMIC_WORDS,
    code_forms,
    form_row,
    form_words,
    leaflet_form,
    message_form,
)
from .model import EffectGroup, Item, Monograph, Partner
from .rules import _rows, emergency_terms, key
from .side_effects import DETAIL_LABEL, FORM_LABEL


def _words_of(form: str, atc: str) -> str:
    """A form key in plain words: "tablets or liquid to swallow" for the systemic one,
    unless the medicine's own code's row words it ("an injection" for the aminoglycosides:
    review 23 read tobramycin's injection warning labelled as tablets')."""
    if form == SYSTEMIC:  # one wording for all its systemic codes, else the general one
        said = {row[2] if (row := form_row(c)) and SYSTEMIC in row[0] else SYSTEMIC_WORDS
                for c in atc.split() if SYSTEMIC in code_forms(c)}
        return said.pop() if len(said) == 1 else SYSTEMIC_WORDS
    return form_words(form, atc) or form


def _leaflets_of_another_form(fact_ids: Sequence[str], lookup: Mapping[str, Fact],
                              form: frozenset[str]) -> frozenset[str]:
    """The form of the leaflets behind facts when every one is a leaflet fact of a known
    form other than the page's (the first's), else none."""
    got = [lookup[i] for i in fact_ids if i in lookup]
    forms = [leaflet_form(f.locator) for f in got if f.source_id == "leaflets"]
    if not got or len(forms) != len(got) or not all(forms) or any(f & form for f in forms):
        return frozenset()
    return forms[0]


def _without_foreign_effects(mono: Monograph, lookup: Mapping[str, Fact],
                             form: frozenset[str]) -> dict[str, object]:
    """Another form's leaflet side effects and urgent signs leave any named form's page, a
    tablet's too (gatifloxacin eye drops' "eye irritation" on gatifloxacin + ornidazole
    tablets; a laxative's "oil breathed into the lungs" on mineral oil eye drops, k25a)."""
    def foreign(item: Item) -> bool:
        return bool(_leaflets_of_another_form(item.fact_ids, lookup, form))

    update: dict[str, object] = {}
    groups = [g.model_copy(update={"items": [i for i in g.items if not foreign(i)]})
              for g in mono.main_effects]
    groups = [g for g in groups if g.items]
    if [g.items for g in groups] != [g.items for g in mono.main_effects]:
        update["main_effects"] = groups
    serious = [i for i in mono.serious if not foreign(i)]
    if serious != mono.serious:
        update["serious"] = serious
    return update


# the datasets' form-only side-effect groups (side_effects.FORM_LABEL) → the page form they
# are of: injections and drips are the systemic form's
_GROUP_FORM = {FORM_LABEL[k]: f for k, f in (("injection", SYSTEMIC), ("infusion", SYSTEMIC),
                                             ("skin", "skin"), ("eye", "eye"), ("ear", "ear"),
                                             ("inhaled", "inhaled"))}


def _without_other_form_groups(groups: object, form: frozenset[str]) -> list[EffectGroup] | None:
    """A body form's page (a cream, eye or ear drops) without the datasets' side effects
    seen only with another form: "With eye drops or eye ointment only (Calcipotriol): pain
    where the drops went in" on a psoriasis ointment, "where the needle went in" on a cream
    (review 37). None: nothing to leave off."""
    assert isinstance(groups, list)
    kept = [g for g in groups if _GROUP_FORM.get(g.label, next(iter(form), "")) in form]
    return kept if len(kept) != len(groups) else None


OTHER_FORMS_LABEL = "Reported on drug labels, which may be of its other forms"
OTHER_FORMS_NOTE = " (which may be of its other forms)"
_DETAIL_LABELS = frozenset(DETAIL_LABEL.values())
OTHER_FORMS_SERIOUS = "Serious reactions on drug labels, which may be of its other forms"
# a US label's routes (openfda.route, kept in the fact's locator) → the form keys
_ROUTE_FORMS = {"ORAL": SYSTEMIC, "INTRAVENOUS": SYSTEMIC, "INTRAMUSCULAR": SYSTEMIC,
                "SUBCUTANEOUS": SYSTEMIC, "SUBLINGUAL": SYSTEMIC, "BUCCAL": SYSTEMIC,
                "NASAL": "nose", "TOPICAL": "skin", "CUTANEOUS": "skin", "TRANSDERMAL": "skin",
                "OPHTHALMIC": "eye", "AURICULAR (OTIC)": "ear", "OTIC": "ear",
                "RESPIRATORY (INHALATION)": "inhaled", "VAGINAL": "vaginal", "RECTAL": "rectal"}
_LABEL_ROUTE = re.compile(r"; route ([A-Z ,()-]+)$")


def _label_of_another_form(facts: Sequence[Fact], form: frozenset[str]) -> bool:
    """Whether every fact is a US label's whose routes are all of forms other than the
    page's (review 17: a fluticasone nasal spray's "only for use in the nose" on an inhaler
    combination's first screen)."""
    forms: set[str] = set()
    for f in facts:
        m = _LABEL_ROUTE.search(f.locator or "") if f.source_id == "openfda" else None
        if m is None:
            return False
        routes = [r for r in m.group(1).split(",") if r]
        if any(r not in _ROUTE_FORMS for r in routes):
            return False  # a route we cannot place: keep it
        forms |= {_ROUTE_FORMS[r] for r in routes}
    return bool(facts) and bool(forms) and not forms & form


# eye drops that reach the blood enough for their label to list the tablets' interactions:
# beta-blocker drops (WHO ATC S01ED). The US labels of timolol drops (Timoptic) and of
# timolol + brimonidine (Combigan) name oral beta-blockers, verapamil and diltiazem,
# clonidine, quinidine and diabetes medicines as the drops' own (review 38: all filed "when
# taken by mouth or injected" on timolol + brimonidine)
ABSORBED_DROPS = ("S01ED",)


def _other_forms_detail(mono: Monograph, update: Mapping[str, object],
                        lookup: Mapping[str, Fact], form: frozenset[str],
                        atc: str = "") -> dict[str, object]:
    """A cream's or eye drop's page of a medicine that also comes in other forms (review 16:
    clotrimazole cream led by "feeling sick, stomach pain", neomycin cream by the injected
    aminoglycosides' furosemide and kidney warnings): the datasets' side effects, which no
    form tells apart, and the medicines it interacts with move to the companion page; the
    reviewed leaflet rows of the page's own form stay."""
    out: dict[str, object] = {}
    groups = update.get("main_effects", mono.main_effects)
    assert isinstance(groups, list)

    def reviewed(item: Item) -> bool:
        """A reviewed leaflet row of the page's own form: its leaflet's form (listed, or
        named by its title) is the page's. A leaflet of no known form is the tablets' as
        often as not (round 13: ciprofloxacin eye drops' first screen said "pain or swelling
        in a tendon", ketorolac eye drops' "black or bloody poo"). One leaflet of the page's
        form is enough: a mouth gel's "stinging" merged with the same words of an untitled
        row was moved off the gel's own page (k30b)."""
        got = [lookup[i] for i in item.fact_ids if i in lookup]
        return any(f.source_id == "leaflets" and leaflet_form(f.locator) & form for f in got)

    kept = [g.model_copy(update={"items": [i for i in g.items if reviewed(i)]}) for g in groups]
    moved = [i for g in groups for i in g.items if not reviewed(i)]
    if moved:
        out["main_effects"] = [g for g in kept if g.items]
        out["effect_groups"] = [EffectGroup(label=OTHER_FORMS_LABEL, items=moved,
                                            companion=True), *mono.effect_groups]
    def mine(item: Item) -> bool:  # not "(with neomycin tablets)" on a cream (review 21)
        said = message_form(item.text)
        return reviewed(item) and (said is None or said in form)

    serious = [i for i in mono.serious if not mine(i)]
    if serious:  # an injection's "passing little or no urine" on eye drops (review 19)
        out["serious"] = [i for i in mono.serious if mine(i)]
        out["effect_groups"] = [
            *out.get("effect_groups", mono.effect_groups),  # type: ignore[misc]
            EffectGroup(label=OTHER_FORMS_SERIOUS, items=serious, companion=True)]
    # the datasets' own companion lists ("Other serious reactions (Atropine): shock, heart
    # attack" on eye drops, k26a) say they may be another form's, as the main page promises
    now = out.get("effect_groups", mono.effect_groups)
    assert isinstance(now, list)
    said = [g.model_copy(update={"label": g.label + OTHER_FORMS_NOTE})
            if g.label in _DETAIL_LABELS and "form" not in g.label else g for g in now]
    if said != now:
        out["effect_groups"] = said
    # DILIrank ranks what the medicine does to the liver taken by mouth or injected:
    # not the eye drops' first line (round 13: ciprofloxacin eye drops)
    before = update.get("safety", mono.safety)
    assert isinstance(before, list)
    safety = [s.model_copy(update={"detail": True, "form": _words_of(SYSTEMIC, atc)})
              if s.topic == "liver" and not s.detail else s for s in before]
    if safety != before:
        out["safety"] = safety

    absorbed = "eye" in form and any(c.startswith(ABSORBED_DROPS) for c in atc.upper().split())

    def theirs(p: Partner) -> bool:  # a medicine, or the tablets' alcohol rule (ANSM)
        if absorbed:  # beta-blocker eye drops: their own label lists these medicines
            return False
        if p.other_id and "inhaled" in form or "nose" in form:
            # an inhaled medicine reaches the blood: beta-blockers still oppose a reliever,
            # ritonavir and itraconazole still raise an inhaled steroid (review 25's h); so
            # does a nose spray's: ritonavir and nasal fluticasone, azelastine and alcohol
            return False
        return bool(p.other_id) or not all(
            i in lookup and lookup[i].source_id == "leaflets" for i in p.fact_ids)

    if any(p.main and theirs(p) for p in mono.partners):
        out["partners"] = [p.model_copy(update={"main": False}) if theirs(p) else p
                           for p in mono.partners]
        out["partners_other_form"] = True
    return out


# the body forms whose products act where they are put (local_effects.txt): an inhaler or a
# mouth gel can reach the blood as a tablet does, so they are not here (a medicine also
# made as tablets or injections has its other forms' rule, _other_forms_detail)
LOCAL_FORMS = frozenset({"skin", "eye", "ear", "nose", "vaginal", "rectal"})
# (SIDER pools every product, form and trial of a medicine and does not say which one a
# term is from: alcaftadine, made only as eye drops, has its trials' "common cold, flu")
POOLED_LABEL = "Also reported on drug labels (our source does not say which of its " \
               "products or uses)"
POOLED_SERIOUS = "Serious reactions reported with it (our source does not say which of its " \
                 "products or uses)"


@lru_cache(maxsize=1)
def _local_words() -> dict[str, re.Pattern[str]]:
    """Form key ("any" for every form) → the words of a side effect of that form's own
    (local_effects.txt)."""
    return {form: re.compile(words, re.IGNORECASE)
            for form, words, _ in _rows("local_effects.txt", 3)}


def local_effect(texts: Sequence[str], form: frozenset[str]) -> bool:
    """Whether a side effect's term or plain words name what a product of `form` does where
    it is put (or an allergic reaction, which any form can cause)."""
    pats = [p for f, p in _local_words().items() if f == "any" or f in form]
    return any(p.search(t) for p in pats for t in texts if t)


def _pooled(item: Item, lookup: Mapping[str, Fact]) -> list[Fact]:
    """The dataset (SIDER) facts behind an item when no reviewed leaflet row is among them,
    else none: a leaflet row of the page's form is the form's own."""
    got = [lookup[i] for i in item.fact_ids if i in lookup]
    if not got or any(f.source_id == "leaflets" for f in got):
        return []
    return got


def pooled_detail(mono: Monograph, update: Mapping[str, object],
                  lookup: Mapping[str, Fact], form: frozenset[str]) -> dict[str, object]:
    """A cream's, eye, ear or nose drops', vaginal or piles product's page of a medicine made only
    in such forms (review 39: clobetasol cream's "swelling of the ankles, feet or hands; pain
    in the arms or legs"): a dataset side effect pooled from every form and trial of it
    stays on the main list only when its words are of the page's form (local_effects.txt);
    the rest is companion detail under a label saying so. A dataset's serious reaction
    stays only when it is a general emergency (a severe allergic or skin reaction)."""
    if not form or not form <= LOCAL_FORMS:
        return {}
    out: dict[str, object] = {}
    groups = update.get("main_effects", mono.main_effects)
    assert isinstance(groups, list)

    def foreign(item: Item) -> bool:
        got = _pooled(item, lookup)
        return bool(got) and not local_effect(
            [item.text, *(f.value for f in got), *(f.plain for f in got)], form)

    moved = [i for g in groups for i in g.items if foreign(i)]
    effect_groups = update.get("effect_groups", mono.effect_groups)
    assert isinstance(effect_groups, list)
    if moved:
        kept = [g.model_copy(update={"items": [i for i in g.items if not foreign(i)]})
                for g in groups]
        out["main_effects"] = [g for g in kept if g.items]
        effect_groups = [EffectGroup(label=POOLED_LABEL, items=moved, companion=True),
                         *effect_groups]
    general = emergency_terms()[0]
    serious = update.get("serious", mono.serious)
    assert isinstance(serious, list)

    def alarming(item: Item) -> bool:  # "bleeding in the gut" on a cream's first screen
        got = _pooled(item, lookup)
        return bool(got) and not any(key(f.value) in general for f in got)

    gone = [i for i in serious if alarming(i)]
    if gone:
        out["serious"] = [i for i in serious if not alarming(i)]
        effect_groups = [*effect_groups, EffectGroup(label=POOLED_SERIOUS, items=gone,
                                                     companion=True)]
    if moved or gone:
        out["effect_groups"] = effect_groups
    return out
