"""The template writer's words: section titles, level sentences, CDSCO text, plain lists.

Kept apart from `template.py` (which composes pages) so the wording a reviewer checks is in
one place and the checker (render/checker.py) can use the pages' own level words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..models import Drug, Fact, Section, Statement
from ..monographs import Item
from ..monographs.interactions import HOURS, SPACED
from ..monographs.side_effects import one_wording
from ..sentences import join_and

SECTION_TITLES = {
    "generic-name": "Generic Name",
    "usage": "Usage",
    "side-effects": "Side Effects",
    "how-it-works": "How it Works",
    "faqs": "FAQs",
    "key-facts": "Key facts",
    "safety": "Important safety information",
    "interactions": "Interactions",
    "sources": "Sources",
    "disclaimer": "Disclaimer",
    "note": "Note",
}
USES_MAIN = 6  # uses on the main page; the rest on the companion page
CLASS_USES_LABEL = "Medicines of its kind are used for"  # no source gives its own uses
SERIOUS_MAIN = 6  # serious reactions on the main page
HELP_LABEL = "Get medical help at once if you have"

# one sentence per interaction level; "should not be taken together" only for a pair the
# source rates contraindicated (a class record's level is never the pair's: "class")
LEVEL_TEXT = {
    "contraindicated": "Our sources say {other} and {name} should not be taken together.",
    # ANSM "association déconseillée", ONC "major": avoided unless a doctor decides otherwise
    "major": "{other} and {name} are usually not taken together. Ask your doctor before "
    "taking both.",
    # ANSM "précaution d'emploi": taken together with care (a dose, a check)
    "moderate": "{other} can interact with {name}. Ask your pharmacist how to take them "
    "together.",
    "class-serious": "{other} and {name} belong to groups of medicines that are usually not "
    "taken together. Ask your doctor before taking both.",
    "conditional": "{other} and {name} can interact seriously in some cases (at some doses "
    "or for some uses). Ask your doctor or pharmacist before taking both.",
    "class": "{other} may interact with {name}; ask your pharmacist.",
    # ANSM "à prendre en compte": the lowest level
    # ONC's non-interruptive list and ANSM's lowest level name no direction: neither is said
    "minor": "Our sources list {other} and {name} as a minor interaction; tell your "
    "pharmacist you take both.",
    "caution": "Take care when {other} and {name} are used together.",
    "listed": "Our sources list {other} as interacting with {name}; ask your pharmacist.",
}
# after what happens (a pair only group records give: Partner.effect), what to do
EFFECT_ASK = {
    # a pair a source forbids or advises against keeps its level's words after what happens,
    # whatever advice the sentence gives (review 10: febuxostat with azathioprine)
    "contraindicated": "Our sources say {other} and {name} should not be taken together.",
    "major": "{other} and {name} are usually not taken together. Ask your doctor before "
    "taking both.",
    "class-serious": "Ask your doctor before taking {other} with {name}.",
    "moderate": "Ask your pharmacist how to take them together.",
    "class": "If you take both, ask your pharmacist what to look out for.",
    "minor": "If you take both, ask your pharmacist what to look out for.",
    "conditional": "Ask your doctor or pharmacist before taking both.",
}
# what happens that already says what to do: spacing doses ("take them at different
# times") is followed by how far apart, other advice ("the doctor may lower its dose") by
# nothing, never by "ask how to take them together" (review 9)
ADVISED = re.compile(r"\b(?:do not|should not|must not|doctor may|may need checking|"
                     # "your digoxin level is checked" (propafenone, k25b); "guanethidine is
                     # stopped first" (k27b)
                     r"(?:is|are|be|being) (?:checked|watched|monitored|stopped|not started)|check "
                     r"(?:your|the)|ask your|needs? checking|tell your doctor|see a doctor|"
                     r"if your doctor|get help|avoid|never|use another|the doctor (?:must|keeps|"
                     r"starts|stops)|(?:your|the) doctor (?:may|will) stop|"
                     r"not (?:usually |normally )?(?:used|taken|given|started) "
                     # "they are usually not used together" then "Ask your pharmacist how
                     # to take them together" (scan16: 7 pages contradicted themselves)
                     r"(?:together|with)|usually not (?:used|taken|given)|best avoided"
                     # "using them together is not recommended. Ask your pharmacist how to
                     # take them together" (k26b: probenecid with avibactam)
                     r"|not recommended)\b",
                     re.IGNORECASE)
SPACING_ASK = "Ask your pharmacist how far apart to take them."
# what happens that already says the pair is usually kept apart: a major pair's "… are usually
# not taken together" after it said it twice (scan16: 54 pages)
SAID_APART = re.compile(r"\b(?:usually|normally) not (?:used|taken|given) together\b|"
                        r"\bnot usually (?:used|taken|given) together\b"
                        # a reviewed row that already keeps them apart ("they should not be
                        # taken together", "is not taken with an MAOI", "best avoided"): not
                        # followed by "… are usually not taken together" (reboxetine, fc25d)
                        r"|\b(?:should|must) not be (?:used|taken|given) together\b"
                        r"|\bis not (?:used|taken|given) with\b|\bbest avoided\b"
                        r"|\bdo not take (?:them|it|both) together\b"
                        r"|\bavoid (?:taking |using )?(?:them |both )?together\b"
                        r"|\btogether (?:is|are) not recommended\b",
                        re.IGNORECASE)
SERIOUS_LEVELS = ("contraindicated", "major")
DOCTOR_LEVELS = ("class-serious", "conditional")  # their words ask a doctor: kept unless said


def effect_ask(effect: str, level: str) -> str:
    """The sentence after what happens (a `{other}`/`{name}` template): what to do."""
    if level == "major" and (SAID_APART.search(effect) or ADVISED.search(effect)):
        # not its level's words twice, nor "usually not taken together" after a row that
        # says how they are taken together ("the doctor keeps the dose low", k27a)
        return "Ask your doctor before taking both."
    if level in SERIOUS_LEVELS or (level in DOCTOR_LEVELS
                                   and "doctor" not in effect.casefold()):
        return EFFECT_ASK[level]  # a serious level's own words, or "ask your doctor"
    if SPACED.search(effect):
        return "" if HOURS.search(effect) else SPACING_ASK
    if ADVISED.search(effect):
        return ""
    if DANGEROUS.search(effect):
        # not "how to take them together" after "a dangerous rise in blood pressure"
        # (furazolidone with amfetamine, a leaflet pair with no level: k28a); the serious
        # levels returned their own words above
        return "Ask your doctor before taking both."
    return EFFECT_ASK[level]


# what happens, said as a danger: never followed by how to take the two together
DANGEROUS = re.compile(r"\b(?:dangerous(?:ly)?|life-threatening|fatal|deadly)\b", re.IGNORECASE)
LEVEL_LABEL = {
    "contraindicated": "Should not be taken together",
    "major": "Usually not taken together (ask your doctor)",
    "moderate": "Moderate interaction (ask your pharmacist)",  # render/budget.py tiers
    "class-serious": "In groups of medicines usually not taken with it (ask your doctor)",
    "conditional": "Serious in some cases (ask your doctor or pharmacist)",
    "class": "May interact (ask your pharmacist)",
    "minor": "Minor interaction",
    "caution": "Take care when used together",
    "listed": "Listed as an interaction",
}
# an approval worded for one way of giving the medicine: not what a tablet is for
ROUTE_SPECIFIC = re.compile(
    r"\b(?:i\.?\s?v\.?|i\.?\s?m\.?|intravenous\w*|intramuscular\w*|infusion|injection|"
    r"injectable|parenteral\w*|subcutaneous\w*|topical\w*|ophthalmic|eye drops?|ear drops?|"
    r"nasal|inhal\w*|vaginal\w*|rectal\w*|suppositor\w*)(?!\w)", re.IGNORECASE)
_RMP = re.compile(r"^\s*(?:(?:by|for use by|to be used by)\s+)?(?:an?\s+)?RMP\b\s*[-–:,]*\s*",
                  re.IGNORECASE)


# CDSCO rows that record a new strength, form or pack of an approved product: no condition
_NO_CONDITION = re.compile(r"^(?:an?\s+)?additional\s+(?:higher\s+|lower\s+)?(?:strength|dosage"
                           r"\s+form|indication|pack|route|paediatric|pediatric|dose)\b",
                           re.IGNORECASE)


# CDSCO rows that record a regulatory action on a product approved before, not a use
# (review 6: lamotrigine "Deletion of box warning on label/carton …", haloperidol "As
# approved earlier.")
_REGULATORY = re.compile(
    r"^(?:(?:deletion|removal|change|modification|revision|inclusion|withdrawal)\s+of\b"
    r"|as\s+(?:approved|additional|per)\b|for\s+additional\s+(?:specialists?|prescription)\b"
    # "Same as vitamin B12 quicker, higher & prolonged blood .", "Same as artesunate": a
    # comparison with another product, not a use (review 17: hydroxocobalamin's first screen)
    r"|same\s+as\b"
    r"|(?:for\s+)?additional\s+indications?\s*\.?\s*$"
    # "24 months from 18 months for 20mg/0.5ml", "Shelf life …": a shelf-life change
    r"|\d+\s+months?\s+from\s+\d+\s+months?\b|shelf[\s-]*life\b"
    # "Higher strength.", "New strength": a new strength of a product approved before
    r"|(?:an?\s+)?(?:higher|lower|new)\s+strengths?\b"
    # "NOC granted to the firm as it was earlier licenced by SLA (Maharashtra)."
    r"|noc\b|no\s+objection\b|.*\b(?:earlier\s+)?licen[cs]ed\s+by\s+(?:the\s+)?sla\b"
    # "For import of finished formulation", "Addl.Strength", "To be supplied only against
    # demand from hospitals": how or where it may be sold, not a use (review 37)
    r"|for\s+import\b|addl\.?\s*strength|to\s+be\s+(?:supplied|sold|marketed)\s+only\b)",
    re.IGNORECASE)
# "For additional indication; chronic idiopathic urticaria.": the register's lead, not a use
_ADDITIONAL = re.compile(r"^for\s+additional\s+indicat\w*\s*(?:of\b)?\s*[;:\-–]+\s*|"
                         r"^for\s+additional\s+indicat\w*\s+of\s+|"
                         # "Label extension; gemcitabine alone or …" (review 15a)
                         r"^(?:label|indication)\s+extension\s*[;:\-–]+\s*", re.IGNORECASE)


# "Anti-biotic", "Antiepileptic drug": the register names only the kind of medicine
# (review 7: amoxicillin + clavulanic acid "Approved in India for: Anti-biotic")
_KIND_ONLY = re.compile(r"^\W*(?:an?\s+)?anti[\s-]?\w+(?:\s+(?:agent|drug|medicine)s?)?\W*$"
                        # "For hospitals", "Specialists/hospital.": who may supply it
                        r"|^\W*(?:for\s+|to\s+)?(?:use\s+in\s+)?(?:specialists?\s*/\s*)?"
                        r"(?:hospitals?|institutions?)(?:\s+(?:use|supply))?(?:\s+only)?\W*$"
                        r"|^\W*hospital\s+supply\W*$"
                        # "To cancer hospitals or institution and against prescription of
                        # cancer specialists.", "For Expert only." (k21c: trofosfamide,
                        # asiaticoside led their first screens with it)
                        r"|^\W*(?:to|for)\s+(?:cancer\s+)?hospitals?\s+(?:or|and|&)\s+"
                        r"institutions?\b.*$"
                        r"|^\W*(?:for\s+)?(?:use\s+by\s+)?experts?(?:\s+use)?\s+only\W*$"
                        # "ENT Specialists only", "For dermatologists only": who may prescribe
                        r"|^\W*(?:for\s+)?(?:use\s+by\s+)?(?:[a-z&/]+\s+){0,3}(?:specialists?|"
                        r"[a-z]+ologists?)(?:\s+only)?\W*$"
                        # "Hypnotic.", "New long acting Antihistaminic-.": a kind alone
                        r"|^\W*(?:new\s+)?(?:long[\s-]acting\s+)?(?:hypnotic|an(?:a)?esthetic|"
                        r"neuroleptic|"
                        r"anabolic|antihistaminic|sedative|tranquill?i[sz]er|analgesic|"
                        r"antipyretic|diuretic|antiseptic|bronchodilator|vasodilator|steroid|"
                        r"hormone|tonic|haematinic|hematinic)(?:\s+(?:agent|drug|medicine|"
                        r"preparation))?\W*$"
                        # "Corticosteroid", "A corticosteroid.", "Laxative.", "Muscle
                        # relaxant", "Vitamin preparation.": the kind, no use (review 24:
                        # paramethasone's first line "Approved in India for: Corticosteroid")
                        r"|^\W*(?:an?\s+)?(?:corticosteroids?|glucocorticoids?|laxatives?|"
                        r"expectorants?|decongestants?|mucolytics?|(?:multi)?vitamins?|"
                        r"minerals?|antacids?|muscle\s+relaxants?|probiotics?|antioxidants?|"
                        r"(?:nutritional|food|dietary|mineral)\s+supplements?)(?:\s+(?:agent|"
                        r"drug|medicine|preparation|supplement)s?)?\W*$"
                        # "Epileptic", "Anticonvulsive": one adjective, no condition (review
                        # 31: nitrazepam's "Approved in India for: 'Epileptic'"); colic is one
                        r"|^\W*(?!colic\b)[a-z]+(?:ic|ive)\W*$", re.IGNORECASE)


def one_ingredient_label(name: str) -> str:
    """The key-facts label for one ingredient's uses on a combination page."""
    return f"{name}, one of its ingredients, is used for"


# CDSCO rows that are not a use for people (reviews 8 and 9): a veterinary product
# ("round worm … of sheep, cattle, horse, swine"), a placeholder ("Same as already approved"),
# a strength note ("Earlier strength approved was 150 mg"), a bare kind ("Psychiatric drug")
_NOT_FOR_PEOPLE = re.compile(
    r"\b(?:cattle|cows?|sheep|goats?|horses?|swine|pigs|poultry|dogs|cats|veterinary|"
    r"livestock)\b"
    # "For use as sweetner in drug formulations." (sucralose): an excipient, no use (k21c)
    r"|\b(?:sweete?ner|excipient|flavou?ring\s+agent|preservative)\s+in\s+(?:drug\s+)?"
    r"formulations?\b"
    r"|^\W*same\s+as\s+(?:already\s+|earlier\s+|previously\s+)?approved"
    r"|\bstrength\s+(?:already\s+)?approved\b"
    r"|^\W*(?:\w+\s+)?(?:drug|medicine)s?\W*$", re.IGNORECASE)


def names_a_use(plain: str) -> bool:
    """Whether a CDSCO indication says what the product is for ("Additional strength." does
    not: it records a new strength of something approved before; "Deletion of box warning"
    records a regulatory action; "Anti-biotic" names only the kind of medicine; a veterinary
    approval, "Same as already approved" and "Psychiatric drug" name no use for people)."""
    text = approval_text(plain)
    return bool(text.strip(" .")) and not _NO_CONDITION.match(text) \
        and not _REGULATORY.match(text) and not _KIND_ONLY.match(text) \
        and not _NOT_FOR_PEOPLE.search(text)


def quoted_approval(plain: str) -> str:
    """A CDSCO indication shown as the register's own words, typos and all ("enteric
    (typhpoid) fever"): in quotation marks, so the reader sees it is quoted text."""
    return "\u201c" + approval_text(plain).strip().rstrip(".") + "\u201d"


# a character the register's file lost in a bad re-encoding ("For â??treatment of …",
# "(ALK) â?? positive": review 30 quoted it from a first screen): left out
_BROKEN = re.compile(r"\s*â\?\?\s*")


def approval_text(plain: str) -> str:
    """A CDSCO indication as a reader reads it: without the register's "By RMP-" (for a
    registered medical practitioner) lead or doubled full stops; the words are the source's."""
    text = _RMP.sub("", _BROKEN.sub(" ", plain.strip()).strip())
    lead = _ADDITIONAL.sub("", text)
    text = lead if lead.strip(" .") else text
    text = re.sub(r"\.{2,}$", ".", re.sub(r"\.{2,}(?=\s)", ".", text))
    return text[:1].upper() + text[1:] if text else plain.strip()


# label sections a leaflet gives after the essentials: on the companion page, so the first
# screens keep the boxed warning, who must not take it, pregnancy and overdose
SAFETY_DETAIL = frozenset({"patient_warning", "otc_ask_doctor", "otc_stop_use"})
NOT_COVERED = {  # page furniture: no fact ids, never an invented answer
    "pregnancy": "Our sources do not cover pregnancy for {name}. If you are pregnant or could "
    "become pregnant, ask a doctor or pharmacist before taking it.",
    "breastfeeding": "Our sources do not cover breastfeeding for {name}. If you are "
    "breastfeeding, ask a doctor or pharmacist before taking it.",
    "overdose": "Our sources do not cover overdose of {name}. If someone may have taken too "
    "much, get medical help at once.",
}


# a medicine only ever injected (a hospital drip): nobody "may have taken too much" of it
# (review 22: pemetrexed, amphotericin B, hydroxyethyl starch)
GIVEN_OVERDOSE = ("It is given by a doctor or nurse: tell them at once if you feel unwell "
                  "during or after it.")


# a product used on the body (eye drops, a cream, a nose spray) that no source covers: what
# to do if it is swallowed, not "if someone may have taken too much" (review 29 read that as
# over-alarming on artificial tears)
BODY_OVERDOSE = "If someone swallows it by accident, get medical help at once."


def overdose_not_covered(name: str, given: bool, body: bool = False) -> str:
    """The overdose line no source covers, for a medicine taken, one only given, or one used
    on the body (`body`)."""
    if given:
        return f"Our sources do not cover overdose of {name}. {GIVEN_OVERDOSE}"
    if body:
        return f"Our sources do not cover overdose of {name}. {BODY_OVERDOSE}"
    return NOT_COVERED["overdose"].format(name=name)


def overdose_elsewhere(name: str, given: bool) -> str:
    """The overdose line when the only overdose text is a label's, written for doctors."""
    then = GIVEN_OVERDOSE if given else (f"If someone may have taken too much {name}, get "
                                         "medical help at once.")
    return f"{then} What its US label says about overdose, written for doctors, is on the " \
        "full page."


def not_covered_text(topics: Sequence[str], name: str, given: bool = False,
                     body: bool = False) -> str:
    """One plain line for several topics no source covers (furniture: no fact ids)."""
    text = f"Our sources do not cover {join_and(topics)} for {name}."
    asks = [w for t, w in (("pregnancy", "are pregnant or could become pregnant"),
                           ("breastfeeding", "are breastfeeding")) if t in topics]
    if asks:
        text += f" If you {' or '.join(asks)}, ask a doctor or pharmacist before taking it."
    if "overdose" in topics:
        text += f" {GIVEN_OVERDOSE}" if given else f" {BODY_OVERDOSE}" if body else \
            " If someone may have taken too much, get medical help at once."
    return text


SAFETY_INTRO = (
    "Label extracts marked \"US label\" are quoted from the US FDA label; products sold in "
    "India may differ. Ask your pharmacist about the product you have."
)


def without_label_note(section: Section) -> Section:
    """The safety section without SAFETY_INTRO when none of its lines is a US label extract
    (issue #14: 2,401 of 2,407 pages of the bench list explained a mark they did not have)."""
    if section.id != "safety" or section.intro != SAFETY_INTRO or \
            any("US label" in (st.label or "") for st in section.statements):
        return section
    return section.model_copy(update={"intro": None})

DISCLAIMER = (
    "This page is for general information only. It is not medical advice. "
    "Always ask a doctor or pharmacist before you start, stop or change a medicine."
)
DOSE_ANSWER = (
    "Take it exactly as your doctor or pharmacist told you, and follow the label. "
    "The right dose depends on you, so this page does not give one."
)


def cap_first(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", "…")) else text + "."  # "…": cut short


def group_plain(facts: Iterable[Fact]) -> list[tuple[str, list[str]]]:
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


_PREPOSITION = ("to ", "in ", "as ", "with ", "before ", "after ", "during ", "on ", "alongside ",
                "together with ", "when ", "under ")  # review 24: "used for alongside …"


def use_phrase(item: Item) -> str:
    """"for X", or the use as it is when it starts with a preposition ("in a drip, to give
    fluid": review 21 read "Glucose is used for in a drip")."""
    return item.text if item.text.startswith(_PREPOSITION) else f"for {item.text}"


def use_sentence(name: str, item: Item, past: bool = False) -> str:
    """"X is used for …."; a reviewed leaflet use names its public source, as the leaflet's
    safety lines do. `past`: a medicine banned in India "was used for"."""
    cite = f" Source: {item.source}." if item.source else ""
    return f"{name} {'was' if past else 'is'} used {use_phrase(item)}.{cite}"


_NAME_WORD = re.compile(r"[a-z]{5,}")


def source_for(source: str, names: Sequence[str], own: bool = False) -> str:
    """A reviewed row's source as the page cites it: a class row whose leaflet is another
    medicine's says so ("NHS, Venlafaxine; true of medicines of this kind"): on vilazodone's
    page a bare "Source: NHS, Venlafaxine" read as a borrowed fact (review 31)."""
    words, sep, address = source.partition(": http")  # the words, not the address
    said = words.casefold()
    if own or any(w in said for n in names for w in _NAME_WORD.findall(n.casefold())):
        return source
    return f"{words}; true of medicines of this kind{sep}{address}"


SIGNATURE_LABEL = "Common, and typical of this medicine"


def list_statement(
    label: str, items: Sequence[Item], ingredient: str | None, companion: bool = False
) -> Statement:
    # each plain wording once (review 39: "fainting or passing out … fainting")
    items = one_wording(items)
    # semicolons when an item has a comma of its own ("low blood counts, so infections …
    # are more likely" read as two items, cards7-d)
    sep = "; " if any("," in i.text for i in items) else ", "
    return Statement(label=label, text=sentence(cap_first(sep.join(i.text for i in items))),
                     fact_ids=[f for i in items for f in i.fact_ids], ingredient=ingredient,
                     companion=companion)


def round_robin(sizes: list[int], cap: int) -> list[int]:
    """How many of each list to show so that all together stay within `cap`, taking one
    from each in turn."""
    shares = [0] * len(sizes)
    left = cap
    while left > 0 and any(s < n for s, n in zip(shares, sizes, strict=True)):
        for i, n in enumerate(sizes):
            if left > 0 and shares[i] < n:
                shares[i] += 1
                left -= 1
    return shares


def ingredient_display(drugs: list[Drug], names: list[str], name: str | None) -> str | None:
    if name is None:
        return None
    return next((d.display for d, n in zip(drugs, names, strict=True) if n == name), name)
