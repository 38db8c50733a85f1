"""The few plain types every stage passes around (see DESIGN.md)."""

from __future__ import annotations

import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Status(StrEnum):
    RESOLVED = "resolved"
    UNRESOLVED = "unresolved"
    INVALID = "invalid"


class LicenceClass(StrEnum):
    """How freely a source's facts may be republished."""

    OPEN = "open"  # public domain, CC0, CC BY
    NONCOMMERCIAL = "noncommercial"  # CC BY-NC(-SA): not for commercial sites
    UNVERIFIED = "unverified"  # redistribution licence not stated or not verified


class FactKind(StrEnum):
    CLASS = "class"
    MECHANISM = "mechanism"
    USE = "use"
    SIDE_EFFECT = "side_effect"
    INTERACTION = "interaction"
    CAUTION = "caution"
    # safety facts (docs/facts.md): official labels, DILIrank, CDSCO, WHO ATC
    BOXED_WARNING = "boxed_warning"
    CONTRAINDICATION = "contraindication"
    PREGNANCY = "pregnancy"
    BREASTFEEDING = "breastfeeding"
    OVERDOSE = "overdose"
    PATIENT_WARNING = "patient_warning"  # warnings for patients, medication guide
    OTC_DO_NOT_USE = "otc_do_not_use"
    OTC_ASK_DOCTOR = "otc_ask_doctor"  # "ask a doctor (or pharmacist) before use if"
    OTC_STOP_USE = "otc_stop_use"  # "stop use and ask a doctor if"
    OTC_KEEP_AWAY = "otc_keep_away"  # "keep out of reach of children"
    DIRECTIONS = "directions"  # label directions (doses): kept, never shown as advice
    LIVER_INJURY = "liver_injury"  # FDA DILIrank concern
    APPROVAL = "approval"  # CDSCO: the indication approved in India
    ROUTE = "route"  # WHO ATC: a route the medicine is given by


SAFETY_KINDS = frozenset({
    FactKind.BOXED_WARNING, FactKind.CONTRAINDICATION, FactKind.PREGNANCY,
    FactKind.BREASTFEEDING, FactKind.OVERDOSE, FactKind.PATIENT_WARNING,
    FactKind.OTC_DO_NOT_USE, FactKind.OTC_ASK_DOCTOR, FactKind.OTC_STOP_USE,
    FactKind.OTC_KEEP_AWAY, FactKind.LIVER_INJURY,
})


_WEB_URL = re.compile(r"https?://[^/\s]", re.IGNORECASE)


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Ingredient(Frozen):
    """One ingredient of an input line, as written, and what it resolved to."""

    input: str
    name: str | None = None  # preferred name of the resolved drug (lower case INN)
    id: str | None = None  # knowledge-base drug id of the parent ingredient
    strength: str | None = None  # normalised, e.g. "125 mg", "1% w/w"
    form: str | None = None  # the salt/form as written, e.g. "hydrochloride"
    rule: str | None = None  # which rule resolved it: exact, variant, salt, synonym, ...


class Entry(Frozen):
    """One non-blank, non-comment input line and its resolution."""

    line: int
    input: str
    status: Status
    ingredients: list[Ingredient] = Field(default_factory=list)
    key: str | None = None
    reason: str | None = None
    suggestions: list[str] = Field(default_factory=list)


class Source(Frozen):
    id: str
    name: str
    edition: str
    licence: str
    licence_class: LicenceClass
    citation: str
    url: str  # http(s) only: anything else (javascript:, data:) from a tampered KB becomes ""

    @field_validator("url")
    @classmethod
    def _web_url_only(cls, url: str) -> str:
        url = url.strip()
        return url if _WEB_URL.match(url) and not any(c in url for c in "\"'<> \t\n") else ""


class Drug(Frozen):
    """A single active ingredient (salts and hydrates folded onto it)."""

    id: str
    name: str  # preferred name, lower case INN ("paracetamol")
    display: str  # title for pages ("Paracetamol")
    other_names: list[str] = Field(default_factory=list)  # synonyms, US/BAN spellings
    forms: list[str] = Field(default_factory=list)  # salts/hydrates ("metformin hydrochloride")
    xrefs: dict[str, str] = Field(default_factory=dict)  # RXNORM, UNII, DRUGBANK_ID, MESH, ...


SEVERITY_ORDER = ("contraindicated", "major", "moderate", "minor", "caution")  # worst first


def severity_rank(severity: str | None) -> int:
    """0 for the most serious interaction; unknown or missing severities after all known."""
    s = (severity or "").casefold()
    return SEVERITY_ORDER.index(s) if s in SEVERITY_ORDER else len(SEVERITY_ORDER)


class Fact(Frozen):
    """One sourced statement about a drug; `plain` is the public wording."""

    id: str
    drug_id: str
    kind: FactKind
    value: str  # the source's own term ("Pyrexia", "Hypertension", "INHIBITOR of ...")
    plain: str  # plain-language wording ("fever")
    source_id: str
    locator: str  # row or id in the source
    licence: str
    other_id: str | None = None  # interactions: the other drug
    severity: str | None = None  # interactions: major / moderate / minor / caution
    frequency: str | None = None  # side effects: common / uncommon / rare / postmarketing / unknown
    scope: str | None = None  # interactions: pair / class; label facts: rx / otc (docs/facts.md)


_SET_ID = re.compile(r"\bset_id ([0-9A-Fa-f][0-9A-Fa-f-]{7,63})\b")


def label_url(locator: str) -> str | None:
    """A label fact's DailyMed address, from the set id in its locator (docs/facts.md)."""
    m = _SET_ID.search(locator or "")
    if not m:
        return None
    return f"https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid={m.group(1).lower()}"


class Statement(Frozen):
    """One line of a page, tied to the facts that support it.

    `label` is the bold lead ("Fever"), `text` the plain sentence after it. A statement
    with no fact ids is page furniture (disclaimer, "no data yet"), never a medical claim.
    """

    text: str
    label: str | None = None
    fact_ids: list[str] = Field(default_factory=list)
    ingredient: str | None = None  # combination pages: which ingredient it is about
    verified: bool = True  # False only for LLM claims kept with --claims lenient
    refs: list[str] = Field(default_factory=list)  # drug ids it names (interaction partners):
    # the renderers link each to its page when the site has one
    companion: bool = False  # detail for the companion page (HTML); inline in Jekyll


class Section(Frozen):
    id: str  # generic-name, usage, side-effects, how-it-works, faqs, interactions, ...
    title: str  # "Usage"
    intro: str | None = None
    statements: list[Statement] = Field(default_factory=list)


class FAQ(Frozen):
    question: str
    answer: str
    fact_ids: list[str] = Field(default_factory=list)
    verified: bool = True  # False only for LLM answers kept with --claims lenient


class ClaimCounts(BaseModel):
    supported: int = 0
    removed: int = 0
    unverified: int = 0


class Page(BaseModel):
    """What a writer produces for one key; renderers only ever see this."""

    key: str
    title: str
    slug: str
    drugs: list[Drug]  # the ingredients, in title order
    other_names: list[str] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)  # in page order, FAQs included
    faqs: list[FAQ] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)  # every fact any statement cites
    sources: list[Source] = Field(default_factory=list)  # sources of those facts
    licences: list[str] = Field(default_factory=list)
    writer: str = "template"
    claims: ClaimCounts = Field(default_factory=ClaimCounts)
    fallback_reason: str | None = None  # LLM writer: why this page fell back to the template
    lines: list[int] = Field(default_factory=list)  # input lines merged into this page
    inputs: list[str] = Field(default_factory=list)  # their raw text
