"""A medicine's product forms as its WHO ATC codes, a list line's words, a message's words and a
leaflet's title say them (data/page_forms.txt, data/leaflet_forms.txt): the vocabulary
monographs.page_form decides a page's form with."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from .rules import _rows

SYSTEMIC = "systemic"
ANSWER_TOPICS = ("pregnancy", "breastfeeding", "how_to_take", "overdose")
SYSTEMIC_WORDS = "tablets or liquid to swallow"
# a use that already says its form ("(as a cream or ointment)"): never labelled again
# (also a reviewed use's own ", as eye drops": ciclosporin's "Dry eye disease, as eye drops (as
# eye drops or eye ointment)", fc25c)
AS_FORM = re.compile(r"(?:\(|,\s*)as (?:an? |eye |ear |nose )", re.IGNORECASE)
# a use's own closing brackets naming its product ("a sore throat (lozenges or throat
# spray)", "arthritis (tablets)"): a second "(as a throat lozenge or spray)" after it doubled
# the brackets (review 40)
_PRODUCT_BRACKET = re.compile(
    r"\([^()]*\b(?:tablets?|capsules?|lozenges?|sprays?|drops|creams?|gels?|ointments?|"
    r"injections?|drips?|infusions?|inhalers?|patch(?:es)?|pessar(?:y|ies)|suppositor(?:y|ies)|"
    r"syrups?|mouthwash(?:es)?)\b[^()]*\)\s*$", re.IGNORECASE)


def says_its_form(text: str) -> bool:
    """A use's words already say its form: "(as an inhaler)", or closing brackets naming its
    product ("(eye drops)"); another "(as …)" label would double the brackets."""
    return bool(AS_FORM.search(text) or _PRODUCT_BRACKET.search(text))


SEMISOLID = frozenset({"skin", "eye", "oromucosal", "vaginal", "rectal"})
# a strength by weight (or volume) in volume: a liquid (drops, a lotion, a syrup), of no one
# form: a combination's partners then say nothing (ear drops share the skin's codes)
LIQUID = re.compile(r"%\s*[wv]\s*/\s*v\b", re.I)
# a page form's own word for a list line's form (uses.line_form): "Timolol 0.5% w/v" is eye
# drops once page_form has read it so
_LINE_OF_FORM = {"skin": "cream", "eye": "eye", "ear": "ear", "nose": "nose",
                 "vaginal": "vaginal"}


# a combination whose list line names no form, used on the body: its first screen says how
# (review 29: a clobetasol cream's page "never says it is a cream", and a gel's was read as
# tablets)
FORM_LINE = {
    "skin": "On the skin (a cream, gel, ointment or lotion), not swallowed.",
    "eye": "In the eye (eye drops or eye ointment).",
    "ear": "In the ear (ear drops).",
    "nose": "In the nose (a nose spray or nose drops).",
    "inhaled": "Breathed in (an inhaler or nebuliser).",
    "vaginal": "In the vagina (a vaginal cream or pessary).",
    "rectal": "On or in the back passage (a cream, ointment or suppository for piles).",
    "oromucosal": "In the mouth (a mouth gel, lozenge or mouthwash).",
}


def forms_line(form: frozenset[str]) -> str:
    """How a combination is used when its page covers several body forms because its list
    line names none (a steroid + antibiotic cream, eye drops or ear drops): each form, said
    plainly, as a single form's FORM_LINE is (review 39: gentamicin + hydrocortisone, mostly
    ear drops in India, read "On the skin" only); else ""."""
    if len(form) < 2 or not form <= FORM_LINE.keys():
        return ""
    words = "; ".join(form_words(f) for f in FORM_LINE if f in form)
    return (f"Made in more than one form ({words}), and the list line does not say which: "
            "this page covers each, and a warning for one form names it.")


def liquid_form_word(inputs: Sequence[str], form: frozenset[str]) -> str:
    """The line-form word of a single medicine's liquid ("% w/v") that page_form read as
    one form other than tablets or injections, else ""."""
    if len(form) != 1 or not inputs or not all(LIQUID.search(x) for x in inputs):
        return ""
    return _LINE_OF_FORM.get(next(iter(form)), "")


@lru_cache(maxsize=1)
def form_table() -> dict[str, tuple[frozenset[str], re.Pattern[str] | None, str,
                                re.Pattern[str] | None]]:
    """ATC prefix → (form keys, use words of the form, the form after "as", use words that
    mark the form on a page taken by mouth): page_forms.txt."""
    def rx(words: str) -> re.Pattern[str] | None:
        return None if words == "-" else re.compile(words, re.IGNORECASE)
    return {p.upper(): (frozenset(k for k in keys.split() if k != "-"), rx(site), words,
                        rx(oral))
            for p, keys, site, words, oral, _ in _rows("page_forms.txt", 6)
            if p not in ("ONLY", "ANY")}


@lru_cache(maxsize=1)
def any_form_groups() -> tuple[str, ...]:
    """Systemic groups that treat every part of the body (page_forms.txt ANY rows)."""
    return tuple(p.upper() for tag, p, _ in _rows("page_forms.txt", 3) if tag == "ANY")


@lru_cache(maxsize=1)
def only_form_rows() -> list[tuple[re.Pattern[str], str, tuple[str, ...]]]:
    """(use words, the one form key that treats it, ATC prefixes): page_forms.txt ONLY rows."""
    return [(re.compile(words, re.IGNORECASE), form, tuple(p.upper() for p in prefixes.split()))
            for tag, words, form, prefixes, _ in _rows("page_forms.txt", 5) if tag == "ONLY"]


def form_row(code: str) -> tuple[frozenset[str], re.Pattern[str] | None, str,
                             re.Pattern[str] | None] | None:
    table = form_table()
    hits = [p for p in table if code.upper().startswith(p)]
    return table[max(hits, key=len)] if hits else None


def code_forms(code: str) -> frozenset[str]:
    """The form keys of a WHO ATC code's medicines: "systemic" (by mouth or injected) for a
    group of no particular form, none for a mixed group."""
    row = form_row(code)
    return frozenset({SYSTEMIC}) if row is None else row[0]


def drug_forms(atc: str) -> frozenset[str]:
    """Every form key a medicine's codes (space-separated) give."""
    return frozenset(f for c in atc.split() for f in code_forms(c))


def form_words(form: str, atc: str = "") -> str:
    """A form key worded after "as" ("an inhaler"), from the medicine's own code's row."""
    for c in atc.split():
        row = form_row(c)
        if row and form in row[0]:
            return row[2]
    if form == SYSTEMIC:
        return SYSTEMIC_WORDS
    return next((r[2] for r in form_table().values() if form in r[0]), form)


# a list line's (or an approval's) words for a product form → the form keys
_LINE_WORDS: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = (
    (re.compile(r"\b(?:eye\s*/\s*ear|ear\s*/\s*eye)\b", re.I), frozenset({"eye", "ear"})),
    (re.compile(r"\b(?:eye|ophthalmic)\b", re.I), frozenset({"eye"})),
    (re.compile(r"\b(?:ear|otic)\b", re.I), frozenset({"ear"})),
    (re.compile(r"\b(?:inhalers?|inhalation|rotacaps?|respules?|nebuli[sz]\w*|mdi|dpi)\b", re.I),
     frozenset({"inhaled"})),
    (re.compile(r"\b(?:nasal|nose)\b", re.I), frozenset({"nose"})),
    (re.compile(r"\b(?:vaginal|pessar(?:y|ies))\b", re.I), frozenset({"vaginal"})),
    (re.compile(r"\b(?:lozenges?|mouth\s*wash|gargle|(?:oral|mouth)\s+gel|gum\s+paint)\b", re.I),
     frozenset({"throat", "oromucosal"})),
    (re.compile(r"\b(?:suppositor(?:y|ies)|enemas?|rectal)\b", re.I), frozenset({"rectal"})),
    # ("camphor and menthol rubs" titles camphor's kind row: no eye drop's kind, k31a)
    (re.compile(r"\b(?:creams?|ointments?|gels?|lotions?|topical|dusting\s+powder|"
                r"emulgel|liniment|rubs|balms?)\b", re.I), frozenset({"skin"})),
    # a strength by weight in weight is a cream, gel or ointment's ("Clindamycin (1% w/w)"):
    # on the skin, or an eye, mouth, vaginal or rectal ointment or gel
    (re.compile(r"%\s*w\s*/\s*w\b", re.I), SEMISOLID),
    (re.compile(r"\b(?:tab(?:let)?s?|cap(?:sule)?s?|syrups?|syp|syr|susp(?:ension)?|"
                r"oral|sachets?|granules|dry\s+syrup|elixir|inj(?:ection)?s?|injected|infusion|"
                r"vials?|amp(?:oule)?s?)\b", re.I), frozenset({SYSTEMIC})),
)
# a dose in milligrams or grams, or a spoonful's ("250mg/5ml"), with no form word: a tablet,
# a syrup or an injection when every ingredient is made so ("Triamcinolone 16mg" led with the
# injection's and the cream's messages, scan17; "Phenylephrine 5mg + Tropicamide 8mg" are eye
# drops: tropicamide is made for the eye only); micrograms are an inhaler's or a nose spray's
# too, and "mg/ml" an eye drop's, so neither says anything
DOSE = re.compile(r"\d\s*(?:mg|g)\s*/\s*5\s*ml\b|\d\s*(?:mg|g|gm)\b(?!\s*/)", re.I)


def named_form(text: str) -> frozenset[str]:
    """The form keys the first form word of a line names ("Timolol Eye Drops": eye), none."""
    for pattern, keys in _LINE_WORDS:
        if pattern.search(text):
            return keys
    return frozenset()


# a message about one form of a medicine, in its own words ("Muscle rubs with menthol can
# rarely cause serious burns"): the form it is about
_MESSAGE_FORMS = (
    # (a rub's own "It is for the skin only: rub it on unbroken skin" names it: k20b)
    # (never a "mouth gel" or "teething gel": choline salicylate + lidocaine, k21a)
    # (never an "eye ointment": "As eye drops or eye ointment" named two forms, so none)
    # (nor a "vaginal ointment": tioconazole's own first-visit warning left its vaginal page)
    (re.compile(r"\b(?:muscle rubs?|rubs? with|creams?|(?<!eye )(?<!vaginal )ointments?|"
                r"(?<!mouth )(?<!teething )(?<!dental )gels?|lotions?|on the skin"
                r"|skin products?|used on the skin|for the skin only|rub it on)\b",
                re.IGNORECASE), "skin"),
    # ("eye and ear drops" names both, so neither alone: k26a's chloramphenicol row was
    # left off its eye-drop pages)
    (re.compile(r"\beye drops?\b|\beye ointment\b|\beye (?:and|or|/) ?ear drops?\b",
                re.IGNORECASE), "eye"),
    (re.compile(r"\bear drops?\b", re.IGNORECASE), "ear"),
    # flurbiprofen's own "As lozenges, let one dissolve slowly in the mouth" led its tablets'
    # first screen (review 40)
    (re.compile(r"\b(?:as (?:a )?(?:throat )?lozenges?|(?:the|a|one|each) lozenges?)\b",
                re.IGNORECASE), "throat"),
    # an inhaler's "rinse your mouth" on a steroid cream's page (k14c)
    # (never "keep your reliever inhaler with you" on a syrup's page)
    (re.compile(r"\b(?:as an inhaler|(?:using|with) (?:the|your|this) (?:inhaler|"
                r"nebuli[sz]er)|the inhaler or nebuli[sz]er)\b", re.IGNORECASE), "inhaled"),
    (re.compile(r"\b(?:nasal sprays?|nose sprays?|as a (?:nasal|nose) spray)\b", re.IGNORECASE),
     "nose"),
    # clotrimazole's "used in or around the vagina can damage latex condoms" on a steroid
    # + antifungal skin cream (review 22)
    # (and a vaginal product's own "Used in the vagina" and "Put it high into the vagina", k30b)
    (re.compile(r"\b(?:in or around the vagina|(?:in|into|inside) (?:the|your) vagina|"
                r"pessar(?:y|ies)|vaginal (?:tablets?|cream|ointments?))\b",
                re.IGNORECASE), "vaginal"),
    # chlorhexidine's "Rinse the mouthwash round your mouth" on a skin antiseptic (review 26)
    (re.compile(r"\b(?:mouthwash(?:es)?|mouth (?:and teething )?gels?|teething gels?|"
                r"dental gels?|(?:after )?putting it (?:in|inside) your mouth|"
                r"rub (?:it )?(?:on|into) (?:the|your) gums?|rinse [a-z ]{0,20}(?:round|around) "
                r"your mouth)\b", re.IGNORECASE), "oromucosal"),
    (re.compile(r"\b(?:taken by mouth|by mouth or (?:by )?injection|the tablets?|the capsules?"
                r"|tablets or capsules|(?:taking|take|with) [a-z-]+ (?:tablets|capsules)"
                # ketorolac's "As tablets or injection, take it for 5 days at most" on its
                # eye drops' first screen (round 13)
                r"|as (?:tablets|capsules)|tablets,? or (?:an )?(?:injections?|drips?)"
                # mineral oil's "As a laxative, ..." on a skin emollient's page (scan16)
                r"|as a laxative"
                # lidocaine's "As an injection it is given by trained staff" and "After a
                # numbing injection" on a gel's and a piles cream's first screen (review 29)
                r"|as an? (?:injection|drip)|after a numbing injection"
                # polymyxin B's "By injection it can harm the kidneys" on eye drops (k30b)
                r"|(?:given )?by (?:an )?injection(?! or)|when (?:it is )?injected)\b",
                re.IGNORECASE), SYSTEMIC),
)


def first_said(text: str) -> str:
    """A message's first sentence: what its form or route words are read from."""
    return re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]


def message_form(text: str) -> str | None:
    """The one form a message's first sentence is about, if it names one."""
    first = first_said(text)
    if _TABLETS_AND_DROPS.search(first):
        return None  # of both ("Ofloxacin tablets and eye drops are used in pregnancy…")
    found = {f for rx, f in _MESSAGE_FORMS if rx.search(first)}
    return found.pop() if len(found) == 1 else None


# a message naming the tablets and the drops alike (review 35: ofloxacin's pregnancy answer was
# read as the eye drops' and left off an ofloxacin + metronidazole tablet)
_TABLETS_AND_DROPS = re.compile(
    r"\b(?:tablets?|capsules?)(?: [a-z]+){0,3} (?:and|or) (?:[a-z]+ ){0,2}(?:eye|ear) drops\b|"
    r"\b(?:eye|ear) drops(?: [a-z]+){0,3} (?:and|or) (?:[a-z]+ ){0,2}(?:tablets?|capsules?)\b",
    re.IGNORECASE)


# a combination product's own reviewed message about piles ("Stop using it and see a doctor
# if you bleed, or if the piles get worse"): a piles cream or suppository. Only a product's
# row says so: a laxative's "if you have piles" is no form of its own.
_PILES = re.compile(r"\b(?:piles|haemorrhoids?|hemorrhoids?|back passage|suppositor(?:y|ies))"
                    r"\b", re.IGNORECASE)


def product_form(text: str) -> str | None:
    """The form a combination product's own reviewed message names (message_form), or the
    rectal one when it is about piles."""
    return message_form(text) or ("rectal" if _PILES.search(first_said(text)) else None)


@lru_cache(maxsize=1)
def _leaflet_forms() -> dict[str, str]:
    return {url: form for url, form, _ in _rows("leaflet_forms.txt", 3)}


_URL = re.compile(r"https?://\S+")
_TITLE = re.compile(r";\s*([^;]*?):\s*https?://")


def titled_forms(source: str) -> frozenset[str]:
    """Every form a source's title names ("US FDA labels of ofloxacin tablets and ofloxacin
    eye drops": systemic and eye; "phenylephrine nasal decongestant tablets": nose and
    systemic), none when it names none. `source`: a leaflet fact's locator, or a reviewed
    message's "Title: address" (or title alone)."""
    title = _TITLE.search(source if "://" not in source else "; " + source.lstrip("; "))
    words = title.group(1) if title else source
    return frozenset(k for pattern, keys in _LINE_WORDS if pattern.search(words) for k in keys)


def leaflet_form(locator: str, listed: bool = True) -> frozenset[str]:
    """The form a leaflet fact's source is of (leaflet_forms.txt, side effects only:
    `listed`; else its title's form word: "NHS, Isotretinoin capsules"), empty: of no one
    form."""
    url = _URL.search(locator or "")
    if listed and url and url.group(0) in _leaflet_forms():
        return frozenset({_leaflet_forms()[url.group(0)]})
    title = _TITLE.search(locator or "")
    return named_form(title.group(1)) if title else frozenset()
