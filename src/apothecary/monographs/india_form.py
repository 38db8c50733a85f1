"""The form India's approvals of a single medicine name (review 38): ibopamine's one CDSCO
approval is for eye drops (its tablets, WHO C01CA16, were withdrawn), yet its plain-name
page was written up from its codes as a "heart and blood vessel medicine"."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..models import Drug, Fact, FactKind, Statement
from .form_choice import _names_a_site
from .form_codes import SYSTEMIC, drug_forms, form_words, named_form
from .model import Item, Monograph
from .page_form import for_form
from .uses import reviewed_use

# a CDSCO approval's locator ends with the product's strength as approved ("strength Each ml
# of eye drop contains; …", "strength Tablets-200mg each"): the product's own words
_STRENGTH = re.compile(r"\bstrength\s+(.+)$", re.IGNORECASE | re.DOTALL)


# the parts of an approval's strength or indication, each of one product ("tablet-250mg,
# cream-1%": terbinafine's two; "i)-Each film coated tab …, ii)-sterile ophthalmic solution")
_PARTS = re.compile(r"[,;]|\b(?:and|or)\b|\b[iv]+\)", re.IGNORECASE)


def _forms_in(text: str) -> set[frozenset[str]]:
    """The form keys each part of the text names by its first form word (an "ophthalmic
    suspension" is eye drops, not a suspension to swallow)."""
    return {f for part in _PARTS.split(text) if (f := named_form(part))}


def approval_forms(fact: Fact) -> set[frozenset[str]]:
    """The forms an approval names: its strength's product words first (ibopamine's "Each ml
    of eye drop contains", where its indication says only "ophthalmology"), else its
    indication's ("For Ophthalmic use"). Empty: it names none; several: it approves several
    products (carteolol's tablets and eye drops)."""
    found = _STRENGTH.search(fact.locator or "")
    strength = found.group(1) if found else ""
    if strength and not strength.strip().casefold().startswith("not given"):
        if said := _forms_in(strength):
            return said
    return _forms_in(fact.plain)


def india_form(approvals: Sequence[Fact], atc: str) -> frozenset[str]:
    """The one form every one of a single medicine's Indian approvals names, when the
    medicine is made in several forms and that is one of them (WHO ATC codes); else empty.
    An approval of no form word (ciclosporin's transplant one beside its eye drops'), or
    approvals of several forms (olopatadine's nose spray and eye drops), say nothing."""
    made = drug_forms(atc)
    if len(made) < 2 or not approvals:
        return frozenset()
    each = [approval_forms(f) for f in approvals]
    said = set().union(*each)
    if not all(each) or len(said) != 1:
        return frozenset()
    form = said.pop()
    return form if form <= made else frozenset()


def india_page(mono: Sequence[Monograph], drugs: Sequence[Drug], atcs: Sequence[str],
               facts_of: Callable[[str], list[Fact]],
               ) -> tuple[list[Monograph], frozenset[str], list[str]] | None:
    """A single medicine's page whose list line names no form, as a page of the body form
    (eye drops, a cream) India's approvals name (india_form), where its codes alone would
    make it the tablets' and injections' page, when the page keeps one of its
    reviewed uses (keeps_own_use): (its monograph, the form, the approvals' fact ids); else
    None, the page as before."""
    if len(drugs) != 1 or len(atcs) != 1:
        return None
    drug, atc = drugs[0], atcs[0]
    approvals = [f for f in facts_of(drug.id) if f.kind == FactKind.APPROVAL]
    form = india_form(approvals, atc)
    if not form or SYSTEMIC in form or SYSTEMIC not in drug_forms(atc):
        return None  # (a medicine made only for the body, alclometasone's skin and eye
        # codes: its page already leads with its reviewed use's form, and stays as it was)
    led = for_form(mono[0], drug.name, atc, form, lambda: {f.id: f for f in facts_of(drug.id)})
    if not keeps_own_use(mono[0], led):
        return None
    ids = [f.id for f in approvals]
    if led.forms is not None:  # which of its forms the page is about, and why (review 38)
        words = "; ".join(form_words(f, atc) for f in sorted(form))
        whose = "approvals name" if len(approvals) > 1 else "approval names"
        led = led.model_copy(update={"forms": led.forms.model_copy(update={
            "text": f"{led.forms.text}; this page is about its {words}, the form its Indian "
                    f"{whose}", "fact_ids": [*led.forms.fact_ids, *ids]})})
    return [led], form, ids


def keeps_own_use(mono: Monograph, led: Monograph) -> bool:
    """Whether the page of India's form (`led`) still shows one of the medicine's reviewed
    uses, when it has any: phenylephrine's one "Ophthalmic." approval would have turned its
    reviewed blocked-nose page into eye drops led by an unreviewed "allergic conjunctivitis",
    benzydamine's mouthwash into a cream "for pain"."""
    return not any(reviewed_use(i) for i in mono.uses) or any(
        reviewed_use(i) and not i.off_page for i in led.uses)


def sold_forms(forms: Sequence[str], approvals: Sequence[Fact],
               uses: Sequence[Item] = ()) -> tuple[list[str], list[str]]:
    """A medicine's forms (WHO's, worded: "a skin cream or ointment") as (those to show, the
    body forms sold only elsewhere): a form for one part of the body that no Indian approval
    names, when every approval names one form, and that none of the page's uses names
    (review 39: clobetasol's page listed "eye drops or eye ointment", its one approval a
    0.05% skin product). Only for a medicine made for parts of the body alone (every form a
    body form's): the register lists new drugs, so a tablet's approval of its new infusion
    (paracetamol's) says nothing of its old suppositories; nor is a form a use is of hidden;
    an approval of no form word (gentamicin's "urinary tract infection") or of several
    ("% w/w"), and none, say nothing."""
    each = [approval_forms(f) for f in approvals]
    if not each or not all(each) or any(len(k) != 1 for e in each for k in e) or any(
            not named_form(f) or SYSTEMIC in named_form(f) for f in forms):
        return list(forms), []
    said = frozenset().union(*(k for e in each for k in e))

    def elsewhere(text: str) -> bool:
        keys = named_form(text)
        return bool(keys) and SYSTEMIC not in keys and not keys & said and not any(
            named_form(u.form or "") & keys or _names_a_site(u.text, keys) for u in uses)
    rest = [f for f in forms if elsewhere(f)]
    return [f for f in forms if f not in rest], rest


def forms_statements(name: str, forms: Item, uses: Sequence[Item],
                     approvals: Sequence[Fact]) -> list[Statement]:
    """A single medicine's "Forms" line: the forms India's approvals name on the page, the
    forms only sold elsewhere on the companion page; every form WHO lists, as before, when
    the approvals do not say (sold_forms). `uses`: the page's uses."""
    text = forms.text.partition("; this page is about")  # (india_page's addition)
    mine, rest = sold_forms(text[0].split("; "), approvals, uses)
    marked = " A use that belongs to one form says so." if any(u.form for u in uses) else ""
    if not rest:
        return [Statement(label="Forms", fact_ids=list(forms.fact_ids),
                          text=f"{name} comes in more than one form around the world: "
                          f"{forms.text}. Not every form is sold in every country.{marked}")]
    whose = "approvals do" if len(approvals) > 1 else "approval does"
    return [Statement(label="Forms", fact_ids=[*forms.fact_ids, *(f.id for f in approvals)],
                      text=f"{name} comes as {'; '.join(mine)}. Its other forms, which no "
                      f"Indian approval names, are on the full page.{marked}"),
            Statement(label="Forms sold elsewhere", fact_ids=[
                *forms.fact_ids, *(f.id for f in approvals)], companion=True,
                text=f"In other countries {name} also comes as {'; '.join(rest)}, which "
                f"its Indian {whose} not name.")]
