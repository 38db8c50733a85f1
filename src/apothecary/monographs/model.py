"""What the monograph stage hands the writers: one ingredient's facts, selected, ranked and
worded for a reader, each item still tied to the facts behind it.

Monographs never name the medicine in their words ("a penicillin antibiotic", "to lower the
risk of stroke"): a page calls it by the name its list used, so the writer builds sentences.
"""

from __future__ import annotations

from pydantic import Field

from ..models import Frozen


class Item(Frozen):
    """One plain phrase and the facts that say it."""

    text: str
    fact_ids: list[str] = Field(default_factory=list)
    key: str = ""  # what it is about, for ranking and de-duplication (casefolded term)
    short: str = ""  # a few plain words for the key-facts box (serious reactions)
    # uses: how many other medicines of its WHO ATC class share it (None: no class data);
    # steers the key-facts pick, never published
    support: int | None = Field(default=None, exclude=True)
    # uses: its place among the uses that lead (main_uses.txt), None: not listed; steers
    # the key-facts pick, never published
    lead: int | None = Field(default=None, exclude=True)
    source: str = ""  # a reviewed row's public source (signature side effects)
    # uses: the product form it belongs to ("a skin cream or ointment"), "" for none; keeps
    # another form's use off the key facts, never published on its own
    form: str = Field(default="", exclude=True)
    # uses: a form's use on a medicine also taken by mouth or injected (its WHO ATC codes
    # include a group of no particular form): kept off the key facts
    other_form: bool = Field(default=False, exclude=True)
    # uses: another product form's than the page's (page_form.for_form): labelled with its
    # form, on the companion page only, never in the key facts
    off_page: bool = Field(default=False, exclude=True)
    # uses: two sources agree on it, or SIDER backs a DrugCentral row (ticagrelor's acute
    # coronary syndrome): its own evidence, so it leads without class support
    checked: bool = Field(default=False, exclude=True)


class EffectGroup(Frozen):
    """Side effects under one label ("Common", "With injections or drips only")."""

    label: str
    items: list[Item]
    companion: bool = False  # detail: the companion page, not the main page


class Partner(Frozen):
    """Another medicine (or alcohol, food) the ingredient interacts with, at its own level."""

    name: str
    other_id: str | None  # None: alcohol, grapefruit and other cautions
    level: str  # contraindicated | major | moderate | minor | caution | class | listed
    fact_ids: list[str]
    sources: list[str]
    text: str = ""  # cautions: the source's plain sentence
    main: bool = False  # one of the most important few (the main page)
    effect: str = ""  # a pair only group records give: what happens, in plain words


class SafetyItem(Frozen):
    """One safety message: a label extract, a liver-injury rank, a same-ingredient rule."""

    topic: str  # boxed_warning, contraindication, pregnancy, breastfeeding, overdose,
    # patient_warning, otc_ask_doctor, otc_stop_use, liver, same_ingredient, high_alert,
    # label_warning (label_warnings.py)
    label: str  # "Boxed warning (US label)"
    text: str  # label facts: the verbatim extract
    fact_ids: list[str] = Field(default_factory=list)
    source: str | None = None  # rules kept as data: their public source
    short: str | None = None  # a short form for the key-facts box, when one fits
    # a label extract a reviewed message of its topic already answers: companion detail
    detail: bool = False
    own: bool = False  # a reviewed row of this very medicine, not of one of its classes
    # the form a class message is about, on a page whose medicine comes in several forms
    # and whose form nothing names ("taken by mouth or injected": hydrocortisone, review 19)
    form: str | None = None


class Monograph(Frozen):
    drug_id: str
    uses: list[Item] = Field(default_factory=list)  # ranked, most general and common first
    kind: Item | None = None  # one plain class ("penicillin antibiotic")
    how: Item | None = None  # one phrase led by the kind of medicine
    signature: Item | None = None  # what it is known for (signature_effects.txt), first
    main_effects: list[EffectGroup] = Field(default_factory=list)  # by band, ≤ 8 in all
    serious: list[Item] = Field(default_factory=list)  # "get medical help at once if"
    effect_groups: list[EffectGroup] = Field(default_factory=list)  # form/population, detail
    partners: list[Partner] = Field(default_factory=list)  # ranked, most important first
    safety: list[SafetyItem] = Field(default_factory=list)
    routes: list[str] = Field(default_factory=list)  # plain routes ("by mouth")
    # the forms it comes in, when more than one ("skin patches; an injection"): text joins
    # them with "; ", citing its WHO ATC route and class facts (uses.product_forms)
    forms: Item | None = None
    has_effects: bool = False  # the KB has side-effect facts at all
    has_how: bool = False
    # the page is of a form used on the body (a cream, eye drops) and the medicine is also
    # taken by mouth or injected: its interactions are those forms' (page_form.for_form),
    # on the companion page only; never published
    partners_other_form: bool = Field(default=False, exclude=True)
    # the page is of one route (a bowel prep is drunk) and interactions whose own words are
    # of the other route left its main page (page_route.for_route): that route, in words
    partners_other_route: str = Field(default="", exclude=True)
