"""Which product form a page is about, from its list line, its ingredients' WHO ATC codes,
their reviewed rows and India's approvals (issue 10): the choice `page_form.py` then applies
to each monograph."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

from .combination_uses import CombinationUse
from .drop_forms import drops_too
from .form_codes import (
    DOSE,
    LIQUID,
    SYSTEMIC,
    code_forms,
    drug_forms,
    form_table,
    named_form,
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
from .rules import _rows

# the forms a combination's partners alone may say: eye, ear, nose and vaginal products share
# codes too often (oxymetazoline and panthenol both have eye codes; their spray is a nose's)
_PARTNER_FORMS = frozenset({SYSTEMIC, "skin", "inhaled"})
_NOT_BY_ONE = frozenset({"vaginal", "rectal"})
_ORGANS = frozenset({"eye", "ear", "nose"})


# WHO ATC's own classes for a corticosteroid combined with an anti-infective (D07C,
# D01AC20) are skin products: beclometasone + neomycin + miconazole also meet "by mouth"
# (each has an A07 code: colitis, gut infections, oral thrush), and was written up as an
# inhaler and an injection (review 15a)
_SKIN_STEROID = ("D07A",)
_INHALANTS = ("R03A", "R03B")
# (and D02A, emollients such as urea: hydrocortisone + urea is a cream, not the steroid
# tablets' "do not stop taking it suddenly", fc17a)
_SKIN_ANTI_INFECTIVE = ("D01A", "D06A", "D06B", "D08A", "D02A")


# WHO ATC groups of products of one medicine by definition: progestogens alone (G03AC) and
# emergency contraceptives (G03AD, levonorgestrel and ulipristal)
ALONE_ONLY = ("G03AC", "G03AD")


def _steroid_with_anti_infective(atcs: Sequence[str]) -> bool:
    codes = [a.upper().split() for a in atcs]
    steroid = [any(c.startswith(_SKIN_STEROID) for c in cs) for cs in codes]
    anti = [any(c.startswith(_SKIN_ANTI_INFECTIVE) for c in cs) for cs in codes]
    return any(steroid) and any(anti) and all(s or a for s, a in zip(steroid, anti,
                                                                     strict=True))


def _one_eye_class(atcs: Sequence[str]) -> bool:
    """Every ingredient has an eye code of one WHO therapeutic group (S01E, antiglaucoma
    preparations): the pair is that group's eye drops."""
    groups = [{c[:4] for c in a.upper().split() if c.startswith("S01")} for a in atcs]
    return all(groups) and bool(set.intersection(*groups))


def _eye_steroid_with_anti_infective(atcs: Sequence[str]) -> bool:
    """An eye steroid with an eye anti-infective (WHO S01CA), and any other partner made
    only for the eye: tobramycin + dexamethasone + hypromellose "% w/v" are eye drops, not
    a page of no form that led with the injected aminoglycosides' "ringing in the ears" and
    vancomycin interactions (round 32)."""
    codes = [a.upper().split() for a in atcs]
    steroid = [any(c.startswith("S01BA") for c in cs) for cs in codes]
    anti = [any(c.startswith("S01A") for c in cs) for cs in codes]
    eye_only = [drug_forms(a) == {"eye"} for a in atcs]
    return len(codes) >= 2 and any(steroid) and any(anti) and all(
        s or a or e for s, a, e in zip(steroid, anti, eye_only, strict=True))


def _steroid_with_skin_partners(atcs: Sequence[str], known: Sequence[frozenset[str]]) -> bool:
    """A skin corticosteroid with three or more partners all but one of which are made for
    the skin too (betamethasone + lactic acid + salicylic acid + urea: lactic acid's only
    code is a vaginal one), none of them only taken by mouth or injected: a skin product,
    not the tablets whose warnings review 19 found on it."""
    codes = [a.upper().split() for a in atcs]
    if len(codes) < 3 or not any(c.startswith(_SKIN_STEROID) for cs in codes for c in cs):
        return False
    if any(forms == frozenset({SYSTEMIC}) for forms in known):
        return False
    if known and frozenset.intersection(*known) - {"skin", SYSTEMIC}:
        return False  # all made for the eye or ear too: atropine + chloramphenicol +
        # dexamethasone are eye drops
    return sum("skin" in forms for forms in known) >= len(codes) - 1


# WHO ATC groups whose medicines are made only to be used on the skin: an ingredient whose
# every code is under one (tolnaftate, adapalene, cetrimide, ulobetasol) is never swallowed,
# so neither is a product it is in. Wound-healing products (D03: collagenase, hyaluronic acid,
# panthenol) and the mixed D11AX are left out: collagen is sold as tablets too.
_SKIN_ACTIVES = ("D01A", "D02A", "D04", "D05A", "D06", "D07", "D08", "D10A", "M02A", "P03")


@lru_cache(maxsize=1)
def _made() -> dict[str, str]:
    """Preferred name → the one form a medicine is only ever made in, where its WHO ATC
    codes do not say so (page_forms.txt MADE rows: methyl salicylate has no code)."""
    return {name.casefold(): form for tag, name, form, _ in _rows("page_forms.txt", 4)
            if tag == "MADE"}


def made_for(name: str, atc: str) -> str | None:
    """The one form a medicine is only ever made in, which then names any product it is in:
    a MADE row's, else the skin when every WHO ATC code of it is a skin product's group."""
    if found := _made().get(name.casefold()):
        return found
    codes = atc.upper().split()
    if codes and all(c.startswith(_SKIN_ACTIVES) and code_forms(c) == {"skin"}
                     for c in codes):
        return "skin"
    return None


def _narrowed(named: frozenset[str], atcs: Sequence[str]) -> frozenset[str]:
    """A line's several forms ("% w/w": a cream, or an eye, mouth, vaginal or rectal
    ointment) narrowed to those most of its ingredients are made in: a steroid + antifungal
    + antibiotic cream is not also eye, vaginal and rectal (its neomycin's eye codes and its
    clioquinol's vaginal ones let those forms' class messages onto it)."""
    if len(named) < 2:
        return named
    counts = {f: sum(f in drug_forms(a) for a in atcs) for f in named}
    most = max(counts.values(), default=0)
    best = frozenset(f for f, n in counts.items() if n == most) if most else named
    if "skin" in best and len(best) > 1:
        # a tie with the skin: an eye, ear or nose product is made of that organ's medicines
        # only, a skin cream often is not (ofloxacin + fluocinolone + clotrimazole "% w/w":
        # clotrimazole has no eye code, so a cream, not also an eye ointment whose "do not let
        # the dropper tip touch your eye" led its safety list, round 32)
        known = [f for a in atcs if (f := drug_forms(a))]
        best -= {f for f in best & _ORGANS if any(f not in k for k in known)}
    return best


def page_form(inputs: Sequence[str], atcs: Sequence[str],
              approvals: Sequence[str] = (), product_says: Sequence[str] = (),
              names: Sequence[str] = ()) -> frozenset[str]:
    """The form keys of the product a page is about: the form word all its list lines agree
    on; else the one form all a combination's ingredients (their WHO ATC codes) share, when
    it is taken by mouth, on the skin or inhaled (_PARTNER_FORMS), or the skin for a
    corticosteroid with anti-infectives that meet there (WHO's D07C); else
    the one form India's approvals of it name; else "systemic" for a medicine with a code
    taken by mouth or injected. Empty: not known. `product_says`: the forms a combination
    product's own reviewed messages name (message_form), one of them decides before the
    codes. `names` (the ingredients' preferred names, beside `atcs`): an ingredient only ever
    made in one form (made_for: methyl salicylate, a rub's) names a combination's form next.
    The several forms one line's word may mean are narrowed to those most ingredients are
    made in."""
    says = set(product_says)
    if says == {"rectal", "skin"}:  # a piles cream's rows: one about piles, one about the
        says = {"rectal"}  # cream or ointment, which is put on the skin around the anus
    lines = [named_form(x) for x in inputs]
    if lines and all(lines):  # lines naming different forms (a nose spray and eye drops
        # merged into one page): each of them, never the tablets its codes also give
        named = frozenset().union(*(_narrowed(n, atcs) for n in lines))
        picked = frozenset(says) & named
        if len(named) > 1 and len(picked) == 1:
            # "% w/w" of a piles cream whose own row is about piles: not also eye ointment
            return picked
        return named
    if len(says) == 1:  # the product's own reviewed rows name one form
        # ("clindamycin used on the skin" in clindamycin + nicotinamide's: an acne gel the
        # codes' shared "systemic" wrote up as capsules, session 12)
        return frozenset(says)
    known = [drug_forms(a) for a in atcs if drug_forms(a)]
    liquid = any(LIQUID.search(x) for x in inputs)
    shared = frozenset.intersection(*known) if known else frozenset()
    # a liquid's partners say no one form by what they share (ear drops share the skin's
    # codes), but WHO's steroid + anti-infective classes still do: a "% w/v" lotion of
    # beclometasone + neomycin + clotrimazole was written up as an inhaler (scan16)
    drops = liquid and bool(shared & {"eye", "ear"})
    made = {f for n, a in zip(names, atcs, strict=False) if (f := made_for(n, a))}
    if len(atcs) > 1 and len(made) == 1 and not drops:
        # a gel of diclofenac, mephenesin, methyl salicylate and menthol: mephenesin's codes
        # are a tablet's, but no one swallows methyl salicylate (review 29: its page said
        # "take it with or after food" and gave the tablets' overdose)
        return frozenset(made)
    if len(atcs) > 1 and known:
        if not liquid and len(shared) == 1 and (shared <= _PARTNER_FORMS or shared in known
                                                and not shared & _NOT_BY_ONE):
            # (or an ingredient made only for that form: hypromellose, an eye lubricant,
            # makes tobramycin + dexamethasone + hypromellose eye drops, review 19; never a
            # vaginal or rectal code alone: furazolidone's only WHO code is vaginal, yet
            # furazolidone + metronidazole are tablets and syrups, k14d)
            return shared
        if shared == {"nose"} and len(known) > 1:  # fluticasone + azelastine meet only in
            # the nose (WHO R01A), as a spray of drops or a strength: a nose spray
            return shared
        if "skin" in shared and _steroid_with_anti_infective(atcs) and not drops:
            # (unless WHO's eye or ear steroid + anti-infective classes meet too, S01C,
            # S02C, S03C: gentamicin + hydrocortisone, in India mostly eye or ear drops, was
            # a cream only, without its ear drops' burst eardrum, review 39)
            return frozenset({"skin"}) | drops_too(atcs, shared)
        if _steroid_with_skin_partners(atcs, known) and not drops:
            return frozenset({"skin"})
        if "eye" in shared and _one_eye_class(atcs):
            # timolol + pilocarpine: both also have tablet codes (C07AA, N07AX), but both
            # are glaucoma eye drops (S01E): eye drops, never "taken by mouth… lowers blood
            # pressure" (review 35)
            return frozenset({"eye"})
        if "eye" in shared and _eye_steroid_with_anti_infective(atcs):
            # tobramycin + dexamethasone: both also have tablet or injection codes, but WHO's
            # S01CA says what such a pair is: eye (or ear) drops (must11b, review 19's H)
            return shared & frozenset({"eye", "ear"})
        if "inhaled" in shared and all(any(c.startswith(_INHALANTS) for c in a.upper().split())
                                       for a in atcs):
            # formoterol + budesonide: both also have tablet codes (R03CC, A07EA), but each
            # is an inhalant (R03A, R03B): an inhaler, not the budesonide skin line (cmb10b)
            return frozenset({"inhaled"})
    said = {named_form(a) for a in approvals} - {frozenset()}
    if len(said) == 1:
        return said.pop()
    if named_by_dose(inputs, atcs, names):
        return frozenset({SYSTEMIC})
    if len(atcs) == 1 and liquid and len(drug_forms(atcs[0]) - {SYSTEMIC}) == 1:
        # "Timolol 0.5% w/v": a liquid of a medicine made in one form besides tablets and
        # injections is that form's (eye drops), never the tablets' (scan16: ciclosporin)
        return drug_forms(atcs[0]) - {SYSTEMIC}
    if len(atcs) == 1 and SYSTEMIC in drug_forms(atcs[0]):
        return frozenset({SYSTEMIC})
    return frozenset()


def form_of_uses(form: frozenset[str],
                 row: Callable[[], CombinationUse | None]) -> frozenset[str]:
    """A page of several forms narrowed to the one whose body part a combination's own
    reviewed uses name ("dry, scaly or thickened skin conditions": betamethasone + salicylic
    acid "% w/w" is a skin ointment, though both also have eye codes; its first screen said
    "steroid eye medicine" and gave the eye drops' glaucoma warning, round 32); as it is
    when the uses name no one form's. `row`: the combination's reviewed uses, if any."""
    if len(form) < 2 or (found := row()) is None:
        return form
    uses = found.uses
    hit = {f for f in form if any(_names_a_site(u, frozenset({f})) for u in uses)}
    return frozenset(hit) if len(hit) == 1 else form


def named_by_dose(inputs: Sequence[str], atcs: Sequence[str],
                  names: Sequence[str] = ()) -> bool:
    """Every list line gives a dose in milligrams or grams (or per 5 ml) and every ingredient
    is made to be swallowed or injected: the lines name the systemic form (DOSE). So do
    they when the rest have no WHO code or only a vaginal or rectal one beside an ingredient
    only ever swallowed or injected (amoxicillin + lactobacillus capsules, magaldrate +
    oxetacaine), unless an ingredient is only ever made in one form (made_for)."""
    if not inputs or not atcs or not all(DOSE.search(x) for x in inputs):
        return False
    if any(made_for(n, a) for n, a in zip(names, atcs, strict=False)):
        return False
    forms = [drug_forms(a) for a in atcs]
    if all(SYSTEMIC in f for f in forms):
        return True
    return any(f == {SYSTEMIC} for f in forms) and all(
        SYSTEMIC in f or f <= _NOT_BY_ONE for f in forms)


def _names_a_site(words: str, form: frozenset[str]) -> bool:
    """Whether a use's words name a body part of one of the page's forms (page_forms.txt
    third column: "skin|dermat|…" for the skin)."""
    return any(site is not None and keys & form and site.search(words)
               for keys, site, _, _ in form_table().values())
