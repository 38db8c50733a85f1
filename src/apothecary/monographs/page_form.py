"""The product form a page is about, and the facts of another form (issue 10, reviews 11 and
12, fact check 2): a page for "Timolol Eye Drops" is not the tablets' page, a cough syrup
does not treat an asthma attack. Rules and their sources: data/page_forms.txt and
data/leaflet_forms.txt."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from ..models import Fact
from .combo_rows import own_form_rows
from .drop_forms import each_form_must_not
from .form_answers import answer_restored, leaflet_message_of_another_form
from .form_choice import (  # (re-exported: the writers and tests ask page_form)
    ALONE_ONLY as ALONE_ONLY,
)
from .form_choice import _names_a_site
from .form_choice import (
    form_of_uses as form_of_uses,
)
from .form_choice import (
    made_for as made_for,
)
from .form_choice import (
    named_by_dose as named_by_dose,
)
from .form_choice import (
    page_form as page_form,
)
from .form_codes import (
    ANSWER_TOPICS,
    SYSTEMIC,
    SYSTEMIC_WORDS,
    any_form_groups,
    code_forms,
    drug_forms,
    first_said,
    form_row,
    form_words,
    leaflet_form,
    message_form,
    named_form,
    only_form_rows,
    says_its_form,
)
from .form_effects import (  # (OTHER_FORMS_*: re-exported for the writers and tests)
    OTHER_FORMS_LABEL as OTHER_FORMS_LABEL,
)
from .form_effects import (
    OTHER_FORMS_NOTE as OTHER_FORMS_NOTE,
)
from .form_effects import (
    OTHER_FORMS_SERIOUS as OTHER_FORMS_SERIOUS,
)
from .form_effects import (
    POOLED_LABEL as POOLED_LABEL,
)
from .form_effects import (
    _label_of_another_form,
    _leaflets_of_another_form,
    _other_forms_detail,
    _without_foreign_effects,
    _without_other_form_groups,
    _words_of,
    pooled_detail,
)
from .form_how import how_for_form, sites
from .how_it_works import noun_phrase
from .model import Item, Monograph, SafetyItem
from .rules import key, key_messages_for, plain_class, signature_for
from .safety import answers, select_safety
from .side_effects import FORM_LABEL
from .uses import reviewed_use


def page_codes(atc: str, form: frozenset[str]) -> str:
    """The medicine's codes of the page's form."""
    return " ".join(c for c in atc.split() if code_forms(c) & form)


def shared_codes(codes: str, partners: str) -> str:
    """A combination ingredient's page codes narrowed to those of a WHO ATC group (first
    four characters) a partner's code is in, when any is: phenylephrine beside tropicamide
    (S01FA) is a pupil-widening eye drop (S01FB), not a red-eye decongestant (S01GA, whose
    "using these eye drops too often can make the redness worse" led review 32's page)."""
    groups = {c[:4] for c in partners.split()}
    mine = [c for c in codes.split() if c[:4] in groups]
    return " ".join(mine) if mine else codes


def other_form(words: str, atc: str, form: frozenset[str]) -> str:
    """The form (worded after "as") a use belongs to when it is not the page's form, else "".
    A use only one form treats (ONLY rows: an asthma attack, the inhaler's) on a page of
    another; on a page taken by mouth, a use naming a form the medicine also comes in
    (page_forms.txt fifth column) unless a code of it taken by mouth is in that form's WHO
    ATC main group; on a page of a form used on the body (skin, eye…), a use that names none
    of its body parts while the medicine also comes in other forms."""
    codes = atc.upper().split()
    if not form or not codes:
        return ""
    for pattern, only, prefixes in only_form_rows():
        if only not in form and pattern.search(words) and any(
                c.startswith(prefixes) for c in codes):
            return form_words(only, atc)
    mine = [c for c in codes if code_forms(c) & form]
    if not mine or not drug_forms(atc) - form:  # the page's form is not one of its codes'
        return ""
    if SYSTEMIC in form:
        if any(c.startswith(any_form_groups()) for c in codes):
            return ""
        oral_groups = {c[:3] for c in codes if SYSTEMIC in code_forms(c)}
        for c in codes:
            row = form_row(c)
            if row and row[0] and not row[0] & form and row[3] is not None \
                    and c[:3] not in oral_groups and row[3].search(words):
                return row[2]
        return ""
    # a group of two forms (S03: eye or ear) names the other form's body part too: a page of
    # one of them reads its own form's groups first (neomycin's "eye infections" on ear
    # drops, review 30)
    own = [c for c in mine if code_forms(c) <= form] or mine
    sites = [r[1] for c in own if (r := form_row(c)) is not None]
    if not sites or any(s is None or s.search(words) for s in sites):
        return ""
    for c in codes:  # the other form its words name, else the tablets
        row = form_row(c)
        if row and row[0] and not row[0] & form and row[1] is not None \
                and row[1].search(words):
            return row[2]
    return SYSTEMIC_WORDS if SYSTEMIC in drug_forms(atc) else "another form"


def other_form_detail(s: SafetyItem, form: frozenset[str], atc: str = "") -> SafetyItem:
    """A reviewed message about another form than the page's, in its own words: companion
    detail, labelled with that form; any other message as it is."""
    f = message_form(s.text) if s.source and not s.form else None
    if f and f not in form and "oromucosal" not in form:
        return s.model_copy(update={"form": _words_of(f, atc), "detail": True})
    return s


def _label_messages_of_another_form(mono: Monograph, form: frozenset[str],
                                    atc: str) -> Monograph:
    """On a page of a known form, a message about another form in its own words (menthol's
    "Muscle rubs … burns" on a cough syrup, cmb10a; chloramphenicol's "Taken by mouth or
    injection … blood disorders" on its eye drops) on a page whose form its words or its
    partners name: companion detail, labelled with its form. Never dropped."""
    safety = [other_form_detail(s, form, atc) for s in mono.safety]
    return mono.model_copy(update={"safety": safety}) if safety != mono.safety else mono


def key_uses_of(mono: Monograph) -> list[Item]:
    """The uses a page's first screen leads with: reviewed leaflet uses first."""
    reviewed = [i for i in mono.uses if reviewed_use(i)]
    return reviewed or list(mono.uses)


def _label_other_form_messages(mono: Monograph, name: str, atc: str) -> Monograph:
    """A page whose form nothing names, of a medicine made in several forms, that leads with
    one form's use ("itchy, inflamed skin (as a cream)"; fluorometholone's eye swelling)
    says whose a class message is when only the codes of its other forms reach it:
    hydrocortisone's first screen put the steroid tablets' "do not stop taking it suddenly"
    beside the cream, fluorometholone's eye drops the skin steroids' "thin layer" (review 19,
    k9e). A medicine's own rows, and messages its lead form's codes reach, stay as they are."""
    forms = drug_forms(atc)
    uses = key_uses_of(mono)
    lead = named_form(uses[0].text) & forms if uses else frozenset()
    if uses and not lead and SYSTEMIC not in forms:
        lead = _site_of(uses[0].text, atc)
    move = True
    if len(forms) >= 2 and not lead and SYSTEMIC in forms:
        # uses that name no form (indometacin's arthritis): a class message that only its
        # eye drops' code reaches is labelled, on the page ("How to take it: Do not let the
        # dropper tip touch your eye" led indometacin's and ketorolac's first screens, k24b)
        lead, move = frozenset({SYSTEMIC}), False
    if len(forms) < 2 or len(lead) != 1:
        return mono
    reach = {f: {m for _, m, _ in key_messages_for(name, page_codes(atc, frozenset({f})))}
             for f in forms}
    mine = reach[next(iter(lead))]

    def whose(s: SafetyItem) -> str | None:
        if s.own and s.source and not s.form and (
                s.topic in ANSWER_TOPICS or s.detail) \
                and (said := message_form(s.text)) in forms and said not in lead:
            # the medicine's own how-to-take (or answer, or companion row) about another of
            # its forms: flurbiprofen's "As lozenges, let one dissolve slowly in the mouth"
            # led its tablets' first screen (review 40); its own "Most important" rows stay
            return _words_of(said, atc)
        if s.own or not s.source or s.text in mine:
            return None
        by = sorted(f for f in forms if s.text in reach[f])
        if len(by) != 1:
            return None
        return _words_of(by[0], atc)

    # labelled, and a warning companion detail: clobetasol's steroid eye-drop glaucoma
    # warning sat on the cream's main page between its own skin warnings (k24a); an answer
    # (pregnancy, breastfeeding) stays, labelled, rather than leave the page "not covered";
    # another form's how to take it is no answer for this one (oxymetazoline's nose spray led
    # by the eye drops' "do not let the dropper tip touch your eye", review 37)
    safety = [s.model_copy(update={"form": w, "detail": s.detail or (
        move and (s.topic not in ANSWER_TOPICS or s.topic == "how_to_take"))})
              if (w := whose(s)) else _own_form_must_not(s, forms, reach, atc)
              for s in mono.safety]
    return mono.model_copy(update={"safety": safety}) if safety != mono.safety else mono


def _own_form_must_not(s: SafetyItem, forms: frozenset[str], reach: Mapping[str, set[str]],
                       atc: str) -> SafetyItem:
    """A lead form's own "who must not use it" class item says whose it is, on the page
    (the page may lead with another form's use: betamethasone's first screen put the steroid
    creams' "do not use it for rosacea" under its tablets' "severe allergies", fc32a)."""
    if s.topic != "must_not" or s.own or s.form or not s.source:
        return s
    by = [f for f in forms if s.text in reach[f]]
    return s.model_copy(update={"form": _words_of(by[0], atc)}) if len(by) == 1 else s


def _site_of(words: str, atc: str) -> frozenset[str]:
    """The one form of a medicine made only for parts of the body whose use words name its
    body part ("a blocked nose": oxymetazoline, a nose spray and eye drops, whose form-less
    page put the eye drops' "do not let the dropper tip touch your eye" on its main page,
    review 37); empty when none or several do."""
    hits = {f for c in atc.split() if (row := form_row(c)) and row[1] is not None
            and len(row[0]) == 1 and row[1].search(words) for f in row[0]}
    return frozenset(hits) if len(hits) == 1 else frozenset()


def _kind_of_form(kind: Item | None, codes: str, form: frozenset[str],
                  lookup: Mapping[str, Fact]) -> Item | None:
    """The kind of medicine as the page's body form's own WHO ATC class words it, when it
    has plain words (plain_classes.txt): naphazoline eye drops are "eye drops for red
    eyes", not a "decongestant (narrows blood vessels in the nose)" (k21b); None: keep it.
    A reviewed leaflet kind stays, and so does any kind of a page taken by mouth."""
    if kind is None or SYSTEMIC in form or not codes:
        return None
    if any(i in lookup and lookup[i].source_id == "leaflets" for i in kind.fact_ids):
        return None
    words = plain_class(codes)
    if words is None:
        return None
    text = noun_phrase(words)
    return None if key(text) == kind.key else kind.model_copy(update={"text": text,
                                                                       "key": key(text)})


def _kind_of_another_form(kind: Item | None, form: frozenset[str]) -> bool:
    """A kind worded as another body form's product: boric acid's "antibiotic ear drops" on
    sulfacetamide eye drops (review 37)."""
    if kind is None or SYSTEMIC in form:
        return False
    named = named_form(kind.text)
    return bool(named) and SYSTEMIC not in named and not named & form


def for_form(mono: Monograph, name: str, atc: str, form: frozenset[str],
             facts: Callable[[], Mapping[str, Fact]], combo: bool = False,
             named: bool = True, partners: str = "") -> Monograph:
    """The monograph as a page of `form` shows it (_as_form); on a combination of a known
    form, without another form's safety rows or sentences (combo_rows, review 39)."""
    shown = _as_form(mono, name, atc, form, facts, combo, named, partners)
    return own_form_rows(shown, form) if combo and named else shown


def _as_form(mono: Monograph, name: str, atc: str, form: frozenset[str],
             facts: Callable[[], Mapping[str, Fact]], combo: bool = False,
             named: bool = True, partners: str = "") -> Monograph:
    """The monograph as a page of `form` shows it: uses of another form labelled with it
    (other_form: off the key facts, on the companion page); class key messages and signature
    side effects of classes none of the page form's codes is in, and leaflet side-effect
    rows of another form's leaflet, left off. A combination's (`combo`) other-form uses
    are left off: its ingredient lines have no room for them. A page whose form nothing
    names (`named` False: "systemic" only because a code is) labels another form's uses and
    puts them after its own, but keeps them on the page (budesonide's asthma). A reviewed
    leaflet use whose leaflet's title names another form ("Isotretinoin capsules")
    is that form's. `partners`: the other ingredients' codes (shared_codes)."""
    if combo:
        mono = _without_babies(mono)
    if not named and atc.split():
        mono = _label_other_form_messages(mono, name, atc)
    if not form:  # (a medicine made only for the skin, eyes…: its datasets' terms are
        # pooled from those forms alone, and its systemic ones are still not known for one)
        made = drug_forms(atc)
        if made and (gone := pooled_detail(mono, {}, facts(), made)):
            mono = mono.model_copy(update=gone)
        return _how_of_its_kind(mono, atc, facts)
    if named:  # a plain name's page: its lead use's form decides (above)
        mono = _label_messages_of_another_form(mono, form, atc)
    if combo and named:  # (a cream, eye drops or ear drops: whose each must-not is)
        mono = each_form_must_not(mono, name, atc, form)
    lookup = facts()
    if named:  # a US label of another form's product (a nasal spray's on an inhaler's
        # page) is left off, as another form's leaflet rows are; also for a medicine with
        # no WHO ATC code of its own (fluticasone propionate)
        kept = [s for s in mono.safety if not (s.fact_ids and _label_of_another_form(
            [lookup[i] for i in s.fact_ids if i in lookup], form))
            and not leaflet_message_of_another_form(s, lookup, form)]
        if len(kept) != len(mono.safety):
            mono = mono.model_copy(update={"safety": kept})
    if not atc.split():  # (light mineral oil, no WHO ATC code: its eye drops still lose the
        # laxative leaflet's "oil breathed into the lungs", k25a)
        gone = _without_foreign_effects(mono, lookup, form) if named else {}
        if named:
            gone.update(_without_foreign_kind(mono, lookup, form))
            gone.update(_foreign_leaflet_uses(mono, lookup, form))
            # (menthol's rub's "Put on the skin, it gives a cooling feeling" in a cough
            # syrup's How it Works, review 40)
            if "how" not in gone and (how := how_for_form(
                    mono.how, mono.kind, "", form, lookup)) is not mono.how:
                gone["how"] = how
        return mono.model_copy(update=gone) if gone else mono
    update: dict[str, object] = {}
    mine, others = [], []
    # a combination's ingredient none of whose codes is of the page's body form (ciprofloxacin
    # in a clobetasol cream): its uses are its tablets', unless their words name the form's
    # body part ("Its ingredients are used for: Ciprofloxacin: urine infections", review 29)
    elsewhere = combo and named and SYSTEMIC not in form and not page_codes(atc, form) \
        and bool(drug_forms(atc) - form)
    swallowed = elsewhere and SYSTEMIC in drug_forms(atc)
    for item in mono.uses:
        shape = other_form(item.text, atc, form)
        if not shape and elsewhere and not _names_a_site(item.text, form):
            # (clotrimazole's "vaginal thrush" in ear drops: its other forms' use, review 30)
            shape = _words_of(SYSTEMIC, atc) if swallowed else _words_of(
                sorted(drug_forms(atc) - form)[0], atc)
        got = [lookup[i] for i in item.fact_ids if i in lookup]
        if not shape and got and all(
                f.source_id == "leaflets" and (lf := leaflet_form(f.locator, listed=False))
                and not lf & form for f in got):
            shape = form_words(next(iter(sorted(leaflet_form(got[0].locator, False)))), atc)
        if shape and not item.off_page:
            text = item.text if item.form or f"(as {shape})" in item.text \
                or says_its_form(item.text) \
                else f"{item.text} (as {shape})"
            others.append(item.model_copy(update={"text": text, "form": item.form or shape,
                                                  "other_form": named or item.other_form,
                                                  "off_page": named,
                                                  # a form its codes alone say: a reviewed
                                                  # use keeps its place (eflornithine's
                                                  # cream, cards7-c)
                                                  "lead": None if named else item.lead}))
        else:
            mine.append(item)
    if others:
        update["uses"] = mine if combo and named else mine + others
    if not named:  # a form its codes alone say: its uses labelled, nothing left off
        return mono.model_copy(update=update) if update else mono
    codes = page_codes(atc, form)
    if combo and SYSTEMIC not in form:
        codes = shared_codes(codes, partners)
    if combo and any(c.startswith(ALONE_ONLY) for c in codes.split()):
        # a one-medicine product's group (the morning-after pill's G03AD) says nothing of a
        # combination, nor does that product's US label: levonorgestrel + ethinylestradiol,
        # a combined pill, led with "as an emergency (morning-after) pill it works best…"
        # and "Do not use … for regular birth control" (k32a)
        codes = " ".join(c for c in codes.split() if not c.startswith(ALONE_ONLY))
        kept = [s for s in mono.safety if not s.fact_ids or any(
            (f := lookup.get(i)) is None or f.source_id != "openfda" for i in s.fact_ids)]
        if len(kept) != len(mono.safety):
            mono = mono.model_copy(update={"safety": kept})
            update["safety"] = kept
    kind = _kind_of_form(mono.kind, codes, form, lookup)
    if kind is not None:
        update["kind"] = kind
    elif gone := (_without_kind(mono) if _acts_in_the_gut(mono, atc, codes)
                  or _kind_of_another_form(mono.kind, form)
                  else _without_foreign_kind(mono, lookup, form)):
        update.update(gone)
        mono = mono.model_copy(update=gone)
    how = how_for_form(mono.how, kind or mono.kind, codes, form, lookup)
    if how is not mono.how:
        update["how"] = how
    # an ingredient none of whose codes is of the page's form (phenylephrine, a nose and
    # cold medicine, in a piles cream: fc14d) keeps its own messages, not its classes'
    if codes != " ".join(atc.split()):
        allowed = {m for _, m, _ in key_messages_for(name, codes)} if codes else set()
        every = {m for _, m, _ in key_messages_for(name, atc)}
        safety = [s for s in mono.safety if s.own or s.text not in every or s.text in allowed]
        safety = answer_restored(mono.safety, safety, form)
        if swallowed:  # its own rows are its tablets' (nifedipine's grapefruit line on an
            # anal-fissure cream, k21a): companion detail, labelled, unless they name the
            # form's body part
            safety = [s.model_copy(update={"detail": True, "form": _words_of(SYSTEMIC, atc)})
                      if not s.detail and not s.form and s.topic != "same_ingredient"
                      and not _names_a_site(s.text, form) else s for s in safety]
        # a class answer its other forms' class had taken (betamethasone: the steroid
        # tablets' pregnancy row is narrower than the skin steroids', so a cream with
        # gentamicin answered nothing, review 25): the page form's codes' own answer
        if codes:
            have = {t for s in safety for t in ANSWER_TOPICS if answers(s, t)}
            safety += [s for s in select_safety([], name, codes)
                       if s.text not in every and s.topic in ANSWER_TOPICS
                       and s.topic not in have]
        if safety != mono.safety:
            update["safety"] = safety
        if SYSTEMIC not in form and mono.signature is not None \
                and signature_for(name, codes) is None:
            update["signature"] = None
    if SYSTEMIC not in form and SYSTEMIC in drug_forms(atc):
        # "the same ingredient twice" is about the doses a body takes in (phenylephrine's
        # "cough and cold remedies that contain phenylephrine" led a piles ointment's first
        # screen, review 31): its tablets' rule, companion detail on a body-form page
        current = update.get("safety", mono.safety)
        assert isinstance(current, list)
        moved = [s.model_copy(update={"detail": True, "form": _words_of(SYSTEMIC, atc)})
                 if s.topic == "same_ingredient" and not s.detail
                 and not _names_a_site(s.text, form) else s for s in current]
        if moved != current:
            update["safety"] = moved

    update.update(_without_foreign_effects(mono, lookup, form))
    if SYSTEMIC not in form:
        sig = update.get("signature", mono.signature)
        if isinstance(sig, Item) and sig.source and (
                (lf := leaflet_form("; " + sig.source)) and not lf & form):
            update["signature"] = None
        if drug_forms(atc) - form:  # it also comes in other forms (tablets, pessaries)
            update.update(_other_forms_detail(mono, update, lookup, form, atc))
        else:  # made only in body forms: its datasets' terms are still pooled from them all
            update.update(pooled_detail(mono, update, lookup, form))
        if swallowed and any(p.main for p in mono.partners):  # its reviewed food and
            # alcohol rows too are its tablets' (nifedipine's grapefruit on a fissure cream)
            update["partners"] = [p.model_copy(update={"main": False})
                                  for p in mono.partners]
            update["partners_other_form"] = True
        if (groups := _without_other_form_groups(
                update.get("effect_groups", mono.effect_groups), form)) is not None:
            update["effect_groups"] = groups
    return mono.model_copy(update=update) if update else mono


# no combination product is made for newborn babies: an ingredient's newborn or premature
# babies' side effects (caffeine citrate's, population_products.txt) leave its page
# (review 32: "Serious bowel inflammation in newborn babies" on a cold tablet)
_BABIES = frozenset({FORM_LABEL["newborn"], FORM_LABEL["premature"]})


def _without_babies(mono: Monograph) -> Monograph:
    kept = [g for g in mono.effect_groups if g.label not in _BABIES]
    # and a message whose first sentence is about treating babies born early or newborns
    # (caffeine citrate's bowel warning on a cold tablet's companion page, fc29a); pregnancy
    # and breastfeeding answers that speak of a baby stay
    safety = [s for s in mono.safety if s.topic in ("pregnancy", "breastfeeding")
              or not _FOR_BABIES.search(first_said(s.text))]
    update: dict[str, object] = {}
    if len(kept) != len(mono.effect_groups):
        update["effect_groups"] = kept
    if len(safety) != len(mono.safety):
        update["safety"] = safety
    return mono.model_copy(update=update) if update else mono


_FOR_BABIES = re.compile(r"\b(?:for|in|treating) (?:babies|a baby|infants?) born (?:too )?early\b|"
                         r"\bfor (?:premature|newborn) (?:babies|infants)\b", re.IGNORECASE)


def _foreign_leaflet_uses(mono: Monograph, lookup: Mapping[str, Fact],
                          form: frozenset[str]) -> dict[str, object]:
    """A medicine with no WHO ATC code (no form of its own to read): a use whose leaflets
    are all another form's is labelled with it and kept off the page, as a coded medicine's
    are (mineral oil eye drops led with "constipation now and then")."""
    uses = []
    for item in mono.uses:
        other = _leaflets_of_another_form(item.fact_ids, lookup, form)
        if other and not item.off_page:
            shape = form_words(sorted(other)[0])
            item = item.model_copy(update={
                "text": item.text if says_its_form(item.text) else f"{item.text} (as {shape})",
                "form": item.form or shape, "other_form": True, "off_page": True,
                "lead": None})
        uses.append(item)
    return {"uses": uses} if uses != mono.uses else {}


# WHO ATC groups whose medicines act in the gut when swallowed (antacids, gut
# antispasmodics, laxatives, antidiarrhoeals), and the mineral and iron supplements (A12,
# B03A; B05X: a drip's additive), which are taken to make up what the diet lacks
_IN_THE_GUT = ("A02", "A03", "A06", "A07", "A12", "B03A", "B05X")


def _acts_in_the_gut(mono: Monograph, atc: str, codes: str) -> bool:
    """A medicine none of whose codes is of the page's body form and whose every class acts
    in the gut or is a supplement: its class's kind is its tablets' (review 33: "Kind of
    medicine: Laxative" for the mineral oil in lubricant eye drops; review 37: "zinc
    supplement … helps the immune system fight germs" for the zinc sulfate in eye drops)."""
    return not codes and mono.kind is not None and all(
        c.upper().startswith(_IN_THE_GUT) for c in atc.split())


_A_PRODUCT = re.compile(r"\b(?:drops?|creams?|ointments?|gels?|sprays?|lotions?|inhalers?)\b",
                        re.IGNORECASE)


def _how_of_its_kind(mono: Monograph, atc: str,
                     facts: Callable[[], Mapping[str, Fact]]) -> Monograph:
    """A page of no one form whose reviewed kind names one ("steroid eye drop"): its
    how-it-works sentence is that form's, not another's (review 34: fluorometholone, "Put
    on the skin, it calms swelling", from the skin steroids' class row)."""
    if mono.kind is None or mono.how is None:
        return mono
    body = sites(mono.kind.text) - {SYSTEMIC}
    if len(body) != 1 or not _A_PRODUCT.search(mono.kind.text):  # (not acetazolamide's
        # "glaucoma medicine that lowers eye pressure": its tablets')
        return mono
    how = how_for_form(mono.how, mono.kind, page_codes(atc, body), frozenset(body), facts())
    return mono if how is mono.how else mono.model_copy(update={"how": how})


def _without_foreign_kind(mono: Monograph, lookup: Mapping[str, Fact],
                          form: frozenset[str]) -> dict[str, object]:
    """A reviewed kind whose leaflet is another form's leaves a named body form's page, and
    the how-it-works sentence it leads with it (k25a: mineral oil eye drops, "Kind of
    medicine: lubricant laxative"): no kind is better than another product's."""
    if mono.kind is None or SYSTEMIC in form or not _leaflets_of_another_form(
            mono.kind.fact_ids, lookup, form):
        return {}
    return _without_kind(mono)


def _without_kind(mono: Monograph) -> dict[str, object]:
    """No kind, nor the how-it-works sentence the kind leads."""
    how = mono.how
    led = how is not None and mono.kind is not None and bool(
        set(mono.kind.fact_ids) & set(how.fact_ids))
    return {"kind": None, "how": None if led else how}


def foreign_count(monos: Iterable[Monograph]) -> int:
    """Other-form uses a page's monographs label (for the bench)."""
    return sum(1 for m in monos for i in m.uses if i.off_page)
