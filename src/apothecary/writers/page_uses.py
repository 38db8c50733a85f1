"""The uses a page leads with: its key facts' "Used for" line and its Usage section's lead
(moved out of writers/template.py, which composes the page).

A combination with a reviewed row (monographs/combination_uses.py) leads with the row's uses;
otherwise what all its ingredients share, India's approval of this exact product, or each
ingredient's own uses, as `page_uses` tells.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..models import Drug, Fact, FactKind
from ..monographs import Item, Monograph
from ..monographs.how_it_works import kind_codes
from ..monographs.key_facts import KEY_MAX, USES_MAX
from ..monographs.rules import plain_approval
from ..monographs.uses import (
    bare_use,
    class_purpose_item,
    corroborated,
    key_uses,
    shared_uses,
    short_use,
)
from .wording import (
    CLASS_USES_LABEL,
    ROUTE_SPECIFIC,
    approval_text,
    names_a_use,
    one_ingredient_label,
)

FactsOf = Callable[[str], list[Fact]]
# "75 mg tablet: For …": a CDSCO row's strength and form before the use
_STRENGTH_LEAD = re.compile(r"^[\d.,]+\s*(?:mg|mcg|g|ml|%)\b[^:]{0,40}:\s*", re.IGNORECASE)
INGREDIENTS_MAX = KEY_MAX * 3 // 2  # a combination's line naming each ingredient's use
INGREDIENTS_LABEL = "Its ingredients are used for"
COMBINATION_LABEL = "Used for"  # a reviewed row's uses: the combination's own


def weak_uses(mono: Monograph, facts_of: FactsOf) -> bool:
    """Uses that only DrugCentral gives, none backed by SIDER, LabeledIn or the
    medicine's class (erdosteine, a cough medicine: "lead toxicity, mercury
    toxicity"): India's approval of the medicine says it right, so it leads instead."""
    facts = {f.id: f for f in facts_of(mono.drug_id)}
    checked = any(corroborated(facts[i]) for item in mono.uses for i in item.fact_ids
                  if i in facts)
    # only uncorroborated DrugCentral rows, however many classmates share them, and no
    # reviewed lead (main_uses.txt): ursodeoxycholic acid's "biliary calculus"
    return not checked and all(item.lead is None for item in mono.uses)


def approved_use(drug_id: str, facts_of: FactsOf) -> Item | None:
    """A medicine's first CDSCO approval that names a use and no one way of giving it,
    in plain words without a strength lead ("75 mg tablet:"), cut at a clause."""
    for f in facts_of(drug_id):
        if f.kind == FactKind.APPROVAL and names_a_use(f.plain) \
                and not ROUTE_SPECIFIC.search(f.plain):
            text = _STRENGTH_LEAD.sub("", plain_approval(approval_text(f.plain)))
            text = plain_approval(text)
            if len(text) > 70:  # the first clause or words, marked as cut
                text = text[:70].rsplit(" ", 1)[0].rstrip(" ,;:&-") + "…"
            return Item(text=text, fact_ids=[f.id])
    return None


# US and British spellings of one word, and the register's "in adults only" tails: two
# approvals that differ only so are one use ("iron deficiency anemia, iron deficiency
# anaemia" on a first screen)
_SPELLING = ((r"anaemi", "anemi"), (r"diarrhoe", "diarrhe"), (r"oedem", "edem"),
             (r"haem", "hem"), (r"oesoph", "esoph"), (r"paediatr", "pediatr"),
             (r"tumour", "tumor"), (r"isation", "ization"))
_ADULTS = re.compile(r"\s*\b(?:in|for)\s+adults?(?:\s+(?:only|patients))?\b.*$")


def _approval_key(text: str) -> str:
    out = text.casefold()
    for uk, us in _SPELLING:
        out = out.replace(uk, us)
    return re.sub(r"[^a-z0-9]+", " ", _ADULTS.sub("", out)).strip()


def distinct_approvals(items: list[Item]) -> list[Item]:
    """Approvals of one product that say the same use once, the first wording kept (with
    every approval's fact ids)."""
    out: dict[str, Item] = {}
    for item in items:
        # one approval saying a use twice ("diarrhea of mixed infection in adult only,
        # diarrhoea of mixed infection in adult patients"): once
        clauses: dict[str, str] = {}
        for clause in item.text.split(", "):
            clauses.setdefault(_approval_key(clause), clause)
        if len(clauses) < len(item.text.split(", ")):
            item = item.model_copy(update={"text": ", ".join(clauses.values())})
        k = _approval_key(item.text)
        if k in out:
            out[k] = out[k].model_copy(update={"fact_ids": [*out[k].fact_ids,
                                                            *item.fact_ids]})
        else:
            out[k] = item
    return list(out.values())


def ingredients_limit(ingredients: int) -> int:
    """How long the key-facts line naming each ingredient's use may be."""
    return INGREDIENTS_MAX if ingredients < 3 else KEY_MAX * 2


def _first_clause(text: str) -> str:
    """A use up to its first comma, brackets off: "hay fever and other allergies" keeps
    cetirizine's main use on a cold tablet's line, where its shortest other use ("itchy skin
    rashes, such as hives") changed what the line says it is there for (round 12)."""
    return bare_use(text).split(",")[0].strip()


def _every_ingredient(first: dict[int, Item], names: Sequence[str],
                      uses: dict[int, Sequence[Item]], label: str) -> list[Item]:
    """Each ingredient's use, worded so that every ingredient shows on the key-facts line
    (aceclofenac + paracetamol + chlorzoxazone showed only aceclofenac's arthritis, and a
    cold tablet only bromhexine's cough: review 19). Tried in turn, the first that fits
    KEY_MAX wins, else the line is shortened to the longer INGREDIENTS_MAX (twice KEY_MAX for
    three or more ingredients), the longest use first, a step at a time: an ingredient's
    first use; the same without explaining brackets (reviewed uses are worded in full:
    "chest infections (including pneumonia)"); without any bracket (the Usage section keeps
    "(with rest and physiotherapy)"); up to its first comma; its shortest key use. When even
    the shortest do not fit, the same again without the ingredients' names."""
    order = sorted(first)

    def wordings(i: int) -> list[tuple[str, Item]]:  # from the most faithful to the shortest
        pool = [first[i], *key_uses(uses.get(i, ()), USES_MAX)]
        short = min(pool, key=lambda u: len(short_use(u.text)))
        return [(first[i].text, first[i]), (short_use(first[i].text), first[i]),
                (bare_use(first[i].text), first[i]), (_first_clause(first[i].text), first[i]),
                (bare_use(short.text), short)]

    steps = {i: wordings(i) for i in order}  # worked out once, not at every try

    def text(i: int, at: dict[int, int], named: bool) -> str:
        return f"{names[i]}: {steps[i][at[i]][0]}" if named else steps[i][at[i]][0]

    def width(at: dict[int, int], named: bool = True) -> int:
        return len("; ".join(text(i, at, named) for i in order)) + len(label) + 2

    at = dict.fromkeys(order, 0)
    if width(dict.fromkeys(order, 1)) <= KEY_MAX:
        at = dict.fromkeys(order, 1)
    limit = ingredients_limit(len(order))
    named = True
    while width(at, named) > limit:  # shorten the longest use first, a step at a time
        movable = [i for i in order if at[i] < len(steps[i]) - 1]
        if not movable:
            if not named:
                break
            # four or five ingredients: their uses without their names (a cold tablet:
            # "a chesty cough; a blocked nose; aches and pains"), shortened again
            named, at = False, dict.fromkeys(order, 0)
            continue
        i = max(movable, key=lambda j: len(steps[j][at[j]][0]))
        at[i] += 1
    return [Item(text=text(i, at, named), fact_ids=steps[i][at[i]][1].fact_ids)
            for i in order]


def _leads(shared: Sequence[Item], mono: Sequence[Monograph]) -> bool:
    """Whether a use the ingredients share is one an ingredient's key facts would lead with:
    metronidazole + norfloxacin, a diarrhoea tablet, shared only the datasets' "pneumonia,
    peritonitis" and showed them as its use (session 12); each ingredient's own main use
    says more."""
    leading = {u.key for m in mono for u in key_uses(m.uses, USES_MAX)}
    return any(s.key in leading for s in shared)


def page_uses(
    mono: list[Monograph], own: list[Fact], combo: bool, drugs: Sequence[Drug],
    reviewed: list[Item], facts_of: FactsOf, display_name: Callable[[str | None, str], str],
    fits: Callable[[str, str], bool] = lambda drug_id, text: True,
) -> tuple[list[Item], str]:
    """The uses the key facts lead with. A combination with a reviewed row
    (combination_uses.txt): the row's uses (`reviewed`), whatever its ingredients share.
    A single medicine: its own uses, else India's
    approval of it. A combination: what all its ingredients are used for, in plain words
    (aspirin + clopidogrel: "to lower the risk of a heart attack"), else India's approval
    of this exact product, else what the ingredients with uses of their own share, else
    the uses of the one ingredient that has uses (labelled as that ingredient's), else
    each ingredient's main use. An approval worded for one
    way of giving the medicine (an infusion) never leads a single medicine's page. A single
    medicine no source gives a use for: what its WHO ATC class is for (class_purposes.txt),
    labelled as its kind's purpose. `fits(drug id, text)`: whether an ingredient's own
    approval fits the page's product form."""
    if combo and reviewed:
        return reviewed, COMBINATION_LABEL
    approval = [f for f in own if f.kind == FactKind.APPROVAL and names_a_use(f.plain)]
    if not combo:
        approval = [f for f in facts_of(mono[0].drug_id)
                    if f.kind == FactKind.APPROVAL and names_a_use(f.plain)]
        approval = [f for f in approval if not ROUTE_SPECIFIC.search(f.plain)]
    shared = shared_uses([m.uses for m in mono if m.uses]) if combo and all(
        m.uses for m in mono) else []
    if shared and _leads(shared, mono):
        return shared, "Used for"
    if approval and (combo or not mono[0].uses or weak_uses(mono[0], facts_of)):
        # in plain words (approval_terms.txt); the Usage section quotes the register
        return distinct_approvals([Item(text=plain_approval(approval_text(f.plain)),
                                        fact_ids=[f.id]) for f in approval]), \
            "Approved in India for"
    if combo:
        with_uses = [i for i, m in enumerate(mono) if m.uses]  # clavulanic acid: none
        shared = shared_uses([mono[i].uses for i in with_uses]) if len(with_uses) > 1 \
            else []
        if shared and _leads(shared, [mono[i] for i in with_uses]):
            return shared, "Used for"
        names = [display_name(m.drug_id, m.drug_id) for m in mono]
        # an ingredient no source gives a use for: India's approval of it alone, in plain
        # words (cilnidipine "mild to moderate hypertension" beside telmisartan; review 9)
        approved = {i: a for i, m in enumerate(mono) if not m.uses
                    and (a := approved_use(m.drug_id, facts_of)) is not None
                    and fits(m.drug_id, a.text)}
        label = INGREDIENTS_LABEL
        # each ingredient's first use as its key facts would show it: never another
        # form's (levofloxacin's eye drops on a tablet's page: review 10)
        first = {i: (key_uses(m.uses, 1) or m.uses)[0] for i, m in enumerate(mono)
                 if m.uses} | approved
        items = _every_ingredient(first, names, {i: mono[i].uses for i in first}, label)
        if approved and len("; ".join(i.text for i in items)) + len(label) + 2 > KEY_MAX:
            approved = {}  # the key facts could not show them all: as before
            items = [it for i, it in zip(sorted(first), items, strict=True)
                     if mono[i].uses]
        if len(with_uses) == 1 and not approved:  # one ingredient's, labelled as its
            i = with_uses[0]
            return key_uses(mono[i].uses, USES_MAX), one_ingredient_label(names[i])
        return items, label
    if not mono[0].uses and not approval and drugs:
        atc = drugs[0].xrefs.get("ATC", "")
        purpose = class_purpose_item(
            atc, facts_of(drugs[0].id),
            mono[0].kind.text if mono[0].kind is not None else None,
            kind_codes(drugs[0].name, atc))
        if purpose:
            return [purpose], CLASS_USES_LABEL
    return list(mono[0].uses), "Used for"
