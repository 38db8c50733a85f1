"""Side effects a reader can use: a short common list, the serious ones to act on, and the
form- or population-specific ones under their own labels; everything else is detail.

Rules live in data files (rules.py): serious terms, form/population terms, lab/procedure and
vague terms, plain words. A term reaches the main list only in plain words.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from functools import lru_cache

from ..knowledge.vocab_terms import EFFECTS
from ..models import Fact, FactKind
from . import leaflets
from .model import EffectGroup, Item
from .rules import (
    emergency_terms,
    form_group,
    key,
    off_main,
    plain_term,
    serious_terms,
    treated_illness,
)

COMMON_CAP = 8  # items on the main list (all bands together)
SIGNATURE_ROOM = 2  # a signature line leads: the general list is that much shorter
LEAFLET_LIST = 3  # a medicine's own reviewed "Common" list this long is its whole main list
BAND_LABEL = {
    "common": "Common",
    "uncommon": "Less common",
    "reported": "Reported (how often is not known)",
}
# the datasets' bands after a medicine's own reviewed leaflet list (monographs/leaflets.py)
LED_LABEL = {
    "common": "Also common on drug labels",
    "uncommon": "Less common on drug labels",
    "reported": "Also reported on drug labels (how often is not known)",
}
POPULATIONS = frozenset({"newborn", "premature", "pregnancy"})  # never the reader: companion
FORM_LABEL = {
    "injection": "With injections only (where the needle went in)",
    "infusion": "With drips (infusions) only",
    "skin": "Where a skin product is put on only",
    "eye": "With eye drops or eye ointment only",
    "ear": "With ear drops only",
    "inhaled": "With inhalers only",
    "newborn": "In newborn babies only",
    "premature": "In babies born early (premature) only",
    "pregnancy": "In babies whose mothers took it in pregnancy (reports)",
}
DETAIL_LABEL = {
    "lab": "Changes in blood and other tests",
    "clinical": "Other reported side effects (clinical terms)",
    "more": "Other side effects",
    # the rest of them (review 40: counted into a data file, abacavir's heart attack was out
    # of a phone reader's reach)
    "reports": "More serious reactions reported with any form or use of it (not known to be "
               "caused by it; some may be of injections, hospital care or overdose)",
    # the datasets' serious terms that no label row or class backs: said to be of any form
    # or use, as they are (review 37: levocarnitine tablets' "seizures" and "kidney failure"
    # of the dialysis injection, paracetamol's overdose "coma", listed as the tablet's)
    # (review 39: tiagabine's and capecitabine's 9 to 25 of them read as its own: capped at
    # SERIOUS_DETAIL, the general emergencies first, the rest listed apart as reports)
    "serious": "Other serious reactions reported with any form or use of it, in trials or "
               "after marketing (not known to be caused by it, nor how often; some may be of "
               "injections, hospital care or overdose)",
    "unclear": "Rare or not clearly caused by the medicine",
    # review 40: a blood thinner's "shortness of breath, chest pain" (a clot in the lung),
    # an antibiotic's "pneumonia, sepsis" read as its side effects (treated_illness.txt)
    "illness": "Also reported in trials, where they may have been the illness being treated",
}
POOLED = frozenset({"sider"})  # sources that pool trial adverse events, the illness's too
# the companion page lists this many side effects at most, plain-word groups first (review 7:
# walls of 65-200 terms); the rest are counted, and every one stays in the ingredient's data
# file (api/v4/ingredients/ID.json)
COMPANION_CAP = 40
SERIOUS_DETAIL = 5  # the datasets' serious reactions no label row or class backs: this many
MORE_LABEL = "More reported side effects"
ROUTE_WORDS = {  # a route fact's plain words that make a form's terms general for the medicine
    "injection": ("inject", "parenteral", "infusion", "intraven", "intramusc"),
    "infusion": ("inject", "parenteral", "infusion", "intraven"),
    "skin": ("skin", "topical", "cutaneous", "transdermal", "dermal"),
    "eye": ("eye", "ophthalm", "ocular"),
    "ear": ("ear", "otic"),
    "inhaled": ("inhal",),
}


# Reported for almost every medicine on its trial tables, placebo's rate included, so they
# crowded out what a medicine is known for (ramipril's cough, amlodipine's swollen ankles):
# ranked after every other term, never left out.
LATE_TERMS = frozenset({"pyrexia", "body temperature increased", "dermatitis",
                        "hypersensitivity", "infection", "influenza", "injury", "pain"})

# Medicines that can stop the body making white blood cells (its facts name the reaction, or
# its class is known for it: antithyroids, clozapine, azathioprine, methotrexate,
# carbamazepine): fever, a sore throat or mouth ulcers are then an alarm, never an ordinary
# side effect (carbimazole listed "fever" as common in review 5).
LOW_WHITE_CELLS = frozenset({"agranulocytosis", "neutropenia", "febrile neutropenia",
                             "leukopenia", "granulocytopenia", "pancytopenia",
                             "white blood cell count decreased", "neutrophil count decreased",
                             "bone marrow failure", "aplastic anaemia"})
GENERAL_MAX = 2  # SIDER-only general emergencies on the first screen
# label sections whose words back a serious reaction (safety.LABEL_KINDS, the label's text)
LABEL_TEXT_KINDS = frozenset({
    FactKind.BOXED_WARNING, FactKind.CONTRAINDICATION, FactKind.OTC_DO_NOT_USE,
    FactKind.PATIENT_WARNING, FactKind.OTC_ASK_DOCTOR, FactKind.OTC_STOP_USE,
    FactKind.OVERDOSE})
LOW_WHITE_CELLS_ATC = ("H03B", "N05AH02", "L04AX01", "L04AX03", "L01BA01", "N03AF01")
INFECTION_SIGNS = frozenset({"pyrexia", "body temperature increased", "fever", "chills",
                             "oropharyngeal pain", "pharyngitis", "sore throat",
                             "mouth ulceration", "stomatitis", "aphthous ulcer",
                             "aphthous stomatitis"})
INFECTION_ALARM = "a fever, sore throat or mouth ulcers (signs of an infection)"
INFECTION_SHORT = "fever, sore throat or mouth ulcers"
_STOP = frozenset({"a", "an", "and", "or", "the", "of", "in", "on", "to", "with", "your"})


@lru_cache(maxsize=1 << 16)
def _words(text: str) -> frozenset[str]:
    """The words that matter in an effect's wording; cached (asked ~180,000 times a build)."""
    return frozenset(w for w in re.findall(r"[a-z0-9]+", _BRACKET.sub("", text.casefold()))
                     if w not in _STOP)


def near_duplicate(text: str, shown: Iterable[str]) -> bool:
    """"Stomach pain" beside "stomach or gut pain": one's words contain the other's."""
    mine = _words(text)
    return bool(mine) and any(mine <= w or w <= mine for w in map(_words, shown) if w)


# words too general to say two side effects are the same one ("feeling sick" and "feeling
# dizzy"), and suffixes that make "dizziness" the same word as "dizzy"
_GENERAL = frozenset({"feel", "be", "more", "less", "than", "usual", "such", "as", "like",
                      "mild", "get", "have", "hav", "pain", "problem", "change", "symptom",
                      "take", "when", "it", "you", "skin"})
_SUFFIX = re.compile(r"(?:iness|ness|ies|ing|ed|es|s|y|e)$")


def stems(text: str) -> frozenset[str]:
    return frozenset(st for w in _words(text) if (st := _SUFFIX.sub("", w)) and len(st) > 2
                     and st not in _GENERAL)


def shares_stem(text: str, said: str) -> bool:
    """Whether `text` names something `said` already names: a word of the same stem
    ("dizziness", "feeling dizzy"), general words aside."""
    return bool(stems(text) & stems(said))


def _alternatives(text: str) -> set[str]:
    """The things one wording names: itself without its bracketed gloss, each gloss, and
    each alternative ("fainting or passing out": "fainting", "passing out")."""
    core = key(_BRACKET.sub("", text)).strip(" ,;")
    parts = {key(p).strip() for p in re.split(r",| or ", core)}
    return ({core} | parts | {key(g) for g in _BRACKET.findall(text)}) - {""}


# an extra word that makes a wording another, graver thing ("blistering skin inflammation"
# beside "skin inflammation", "fever with very low white blood cells")
_GRAVER = frozenset({"blistering", "bloody", "fever", "severe", "wall", "clot", "heart"})


def same_wording(text: str, other: str) -> bool:
    """Two list items that say one thing in plain words (review 39: capecitabine's serious
    list said "fainting or passing out … fainting"): the same words bar their glosses (not
    two one-word names of tests), one naming what the other names as an alternative or a
    gloss, or a wording of two or more words that another has with one word more
    ("stomach pain", "stomach or gut pain"). One word inside a longer wording is another
    thing ("bleeding", "bleeding in the stomach or gut"), and so is an extra word that makes
    it graver (_GRAVER)."""
    mine, theirs = key(_BRACKET.sub("", text)).strip(), key(_BRACKET.sub("", other)).strip()
    if mine == theirs or _words(mine) == _words(theirs):
        # ("a fever, sore throat or mouth ulcers" twice, glossed by two causes), but not two
        # tests named by one-word glosses: "raised liver enzyme (AST)", "(ALT)"
        glosses = [g for t in (text, other) for g in _BRACKET.findall(t)]
        return not (len(glosses) == 2 and all(len(g.split()) == 1 for g in glosses)
                    and key(glosses[0]) != key(glosses[1]))
    if mine in _alternatives(other) or theirs in _alternatives(text):
        return True
    a, b = sorted((_words(mine), _words(theirs)), key=len)
    return len(a) >= 2 and a < b and len(b - a) == 1 and not b & _GRAVER


def one_wording(items: Sequence[Item]) -> list[Item]:
    """A list's items with each plain wording once: a later item saying what an earlier
    one says is merged into it (its facts kept)."""
    out: list[Item] = []
    for item in items:
        n = next((n for n, j in enumerate(out) if same_wording(item.text, j.text)), None)
        if n is None:
            out.append(item)
        else:
            out[n] = out[n].model_copy(update={"fact_ids": [*out[n].fact_ids, *item.fact_ids]})
    return out


def said_by(text: str, lead: Iterable[str]) -> bool:
    """A dataset term the medicine's own leaflet list already says, by meaning: its words'
    stems all in one leaflet item's ("dizziness" in "feeling sleepy, tired or dizzy"), or
    one's words within the other's (near_duplicate)."""
    mine = stems(text)
    return near_duplicate(text, lead) or bool(mine) and any(mine <= stems(t) for t in lead)


def unled(groups: list[EffectGroup]) -> list[EffectGroup]:
    """The datasets' own labels back when no leaflet item leads any more (a signature line
    said them all: monographs/leaflets.without_repeats)."""
    if any(g.label.startswith("Common (source:") for g in groups):
        return groups
    back = {v: BAND_LABEL[k] for k, v in LED_LABEL.items()}
    return [g.model_copy(update={"label": back[g.label]}) if g.label in back else g
            for g in groups]


def low_white_cells(facts: Iterable[Fact]) -> bool:
    """The medicine's side-effect facts name a loss of white blood cells."""
    return any(f.kind == FactKind.SIDE_EFFECT and key(f.value) in LOW_WHITE_CELLS
               for f in facts)


@lru_cache(maxsize=1)
def _effect_rank() -> dict[str, int]:
    """The shared vocabulary lists terms commonest first: that order ranks a list (the
    terms every trial reports last)."""
    rank = {k: i for i, k in enumerate(EFFECTS)}
    for k in LATE_TERMS:
        if k in rank:
            rank[k] += len(EFFECTS)
    return rank


def not_given_so(group: str, routes: list[str]) -> bool:
    """The medicine's known routes (WHO ATC) include no form of this group: its terms come
    from another product and are companion detail, never on a tablet's main page."""
    words = ROUTE_WORDS.get(group, ())
    return bool(words and routes) and not any(
        w in r.casefold() for r in routes for w in words)


def route_only(group: str, routes: list[str]) -> bool:
    """The medicine is only given the way this form group needs (WHO ATC route facts)."""
    words = ROUTE_WORDS.get(group, ())
    return bool(words and routes) and all(
        any(w in r.casefold() for w in words) for r in routes)


def _band(f: Fact) -> str:
    if f.frequency in ("common", "uncommon", "rare"):
        return f.frequency
    return "reported"


def signed(sign: str, term: str) -> str:
    """A serious reaction as the sign a reader notices, the diagnosis after it: "yellow skin
    or eyes (liver failure)", not "liver failure; sudden liver failure" (scan17)."""
    def bare(text: str) -> str:
        return re.sub(r"^(?:a|an|the) ", "", key(text))
    core = _BRACKET.sub("", term).strip()
    glosses = [bare(g) for g in _BRACKET.findall(term)]
    if not sign or bare(sign) in bare(term) or bare(core) in bare(sign) or bare(sign) in glosses \
            or set(re.findall(r"\w+", bare(sign))) <= set(re.findall(r"\w+", bare(core))):
        return term
    if sign.endswith(")"):  # "feeling faint, cold and clammy (collapse, shock)"
        return f"{sign[:-1]}, {core})"
    return f"{sign} ({core})"


class _Groups:
    """Items by bucket, merged by plain wording (several sources or terms, one line)."""

    def __init__(self) -> None:
        self.items: dict[str, dict[str, tuple[str, list[str], int]]] = {}
        self.shorts: dict[str, str] = {}

    def add(self, bucket: str, text: str, fid: str, rank: int, short: str = "") -> None:
        b = self.items.setdefault(bucket, {})
        k = key(text)
        if k in b:
            b[k][1].append(fid)
        else:
            b[k] = (text, [fid], rank)
            if short:
                self.shorts[k] = short

    def get(self, bucket: str, exclude: Collection[str] = ()) -> list[Item]:
        rows = [(r, k, t, ids) for k, (t, ids, r) in self.items.get(bucket, {}).items()
                if k not in exclude]
        return [Item(text=t, key=k, fact_ids=ids, short=self.shorts.get(k, ""))
                for r, k, t, ids in sorted(rows)]


_BRACKET = re.compile(r"\(([^()]*)\)")


def _senses(*wordings: str | None) -> set[str]:
    """The keys a term can be known by: each wording, without its bracketed gloss, and the
    gloss alone ("raised body temperature (fever)" is also "fever", paracetamol's use)."""
    out: set[str] = set()
    for w in wordings:
        if w:
            out |= {key(w), key(_BRACKET.sub("", w))}
            out |= {key(m) for m in _BRACKET.findall(w)}
    out.discard("")
    return out


def select_effects(
    facts: Iterable[Fact], own_uses: set[str], routes: list[str],
    signature: Collection[str] = (), atc: str = "", drug_id: str = "",
    population: str | None = None,
) -> tuple[list[EffectGroup], list[Item], list[EffectGroup]]:
    """(main lists by band, serious reactions ranked, form/population and detail groups).
    `signature`: term keys the signature line already says (left out here); `atc`: the
    medicine's WHO ATC codes (classes known to lower white blood cells); `drug_id`: names
    its data file when the companion list is capped; `population`: the one population
    (population_products.txt) the datasets' label is for, every dataset term its."""
    facts = list(facts)
    by_id = {f.id: f for f in facts}
    known = any(c.startswith(LOW_WHITE_CELLS_ATC) for c in atc.upper().split())
    # a class known for it: the alarm leads "get help at once"; a rare report on the label
    # (an ACE inhibitor's, chlorphenamine's agranulocytosis): the signs leave the ordinary
    # list for the serious reactions of the companion page
    alarm = known or low_white_cells(facts)
    g = _Groups()
    serious = serious_terms()
    serious_order = {k: i for i, k in enumerate(serious)}
    general, known_for = emergency_terms()
    codes = atc.upper().split()
    label = " ".join(f.plain for f in facts if f.kind in LABEL_TEXT_KINDS).casefold()

    def backed(k: str) -> bool:
        """The label names it, or the medicine's class is known for it (review 6: SIDER's
        post-marketing terms led "get help at once" on medicines not known for them)."""
        us = k.replace("ae", "e").replace("oe", "e")  # US labels: "hemorrhage"
        return k in label or us in label or any(
            c.startswith(p) for c in codes for p in known_for.get(k, ()))
    ranks = _effect_rank()
    # a reviewed leaflet or label row of its own lists it: never the illness alone
    own_rows = {key(f.value) for f in facts
                if f.kind == FactKind.SIDE_EFFECT and f.source_id not in POOLED}
    signs: dict[str, str] = {}  # a sign → the first serious line worded by it
    for f in facts:
        if f.kind != FactKind.SIDE_EFFECT or leaflets.is_leaflet(f):
            continue  # leaflet side effects: their own list, below
        term, k = f.value, key(f.value)
        plain = plain_term(term)
        if own_uses & _senses(f.value, f.plain, plain):
            continue  # the medicine's own indication, reported in its trials
        if k in signature:
            continue  # said by the signature line, in the leaflet's words
        if f.source_id in POOLED and treated_illness(term, atc) and not backed(k) \
                and k not in own_rows:
            g.add("detail:illness", plain_term(term) or f.plain, f.id, ranks.get(k, len(ranks)))
            continue  # the illness treated, or its signs, in the trial patients
        if alarm and k in INFECTION_SIGNS:
            if known:
                g.add("serious", INFECTION_ALARM, f.id, -1, INFECTION_SHORT)
            else:  # detail: a cold remedy's first screen said "get help at once: fever"
                g.add("detail:serious", INFECTION_ALARM, f.id, -1)
            continue
        why = off_main(term)
        if why in ("vague", "procedure"):
            continue  # no side effect: a word alone, or an operation in a trial population
        rank = ranks.get(k, len(ranks))
        group = form_group(term) or population
        if why == "unclear" and not group:
            if not backed(k):
                g.add("detail:unclear", plain or f.plain, f.id, rank)
                continue
            why = None  # the label names it: listed like any other term
        if group and not route_only(group, routes):
            g.add(f"form:{group}" if plain else f"formdetail:{group}", plain or f.plain, f.id,
                  rank)
        elif k in serious and (backed(k) or k in general):
            sign = serious[k][0]
            # the backed ones first; after them the general emergencies, a few at most
            g.add("serious", signs.setdefault(sign, signed(sign, plain or f.plain)), f.id,
                  serious_order[k] + (0 if backed(k) else len(serious)), sign)
        elif k in serious:
            g.add("detail:serious", plain or f.plain, f.id, serious_order[k])
        elif why:
            g.add(f"detail:{why}", plain or f.plain, f.id, rank)
        elif plain is None:
            g.add("detail:clinical", f.plain, f.id, rank)
        else:
            g.add(f"band:{_band(f)}", plain, f.id, rank)

    serious_items = g.get("serious")
    unbacked = [i for i in serious_items if i.text != INFECTION_ALARM and not any(
        backed(key(by_id[f].value)) for f in i.fact_ids if f in by_id)]
    if len(unbacked) > GENERAL_MAX:  # the rest stay on the companion page
        extra = {id(i) for i in unbacked[GENERAL_MAX:]}
        for i in serious_items:
            if id(i) in extra:
                for fid in i.fact_ids:
                    g.add("detail:serious", i.text, fid, len(serious))
        serious_items = [i for i in serious_items if id(i) not in extra]
    taken = {i.key for i in serious_items}
    main: list[EffectGroup] = []
    bands = ["common", "uncommon"]
    if not g.get("band:common") and not g.get("band:uncommon"):
        bands = ["reported"]  # no label frequencies: the commonest terms overall
    room = COMMON_CAP - (SIGNATURE_ROOM if signature else 0)
    more: list[Item] = []
    said: list[str] = []  # main-list wordings so far: no near-duplicates
    leaflet_main, leaflet_serious = leaflets.effect_lists(facts)
    led = any(leaflets.leads(f) for f in facts)
    labels = LED_LABEL if led else BAND_LABEL
    lead: list[str] = []
    if led:  # its own reviewed leaflet rows lead; the datasets' terms fill the room left
        lead = [i.text for g in leaflet_main for i in g.items]
        said += lead
        # a leaflet list of its own (three or more) is the main list: the datasets' terms
        # go to the companion ("Also common on drug labels: dizziness, diarrhoea, itching"
        # read as noise on estradiol, amphotericin B and procarbazine alike: review 22)
        room = 0 if len(lead) >= LEAFLET_LIST else max(room - len(lead), 0)
    if any(leaflets.says_little(f) for f in facts):
        room = 0  # the leaflet's "side effects are rare" is the main list; the rest: companion
    for band in ["common", "uncommon", "reported", "rare"]:
        items = g.get(f"band:{band}", taken)
        taken |= {i.key for i in items}
        if band in bands:
            fresh = []
            for i in items:
                if near_duplicate(i.text, said) or led and said_by(i.text, lead):
                    more.append(i)
                else:
                    fresh.append(i)
                    said.append(i.text)
            items = fresh
        shown = items[:room] if band in bands else []
        room -= len(shown)
        if shown:
            main.append(EffectGroup(label=labels[band], items=shown))
        more += items[len(shown):]
    groups: list[EffectGroup] = []
    for group, label in FORM_LABEL.items():
        items = g.get(f"form:{group}")
        if items and not_given_so(group, routes):  # pregabalin "with eye drops": no such
            groups.append(EffectGroup(label=label, items=items, companion=True))
            items = []
        # review 6 and 7: a medicine also given another way (paracetamol by mouth) showed
        # "pain where the drip went in", haloperidol the newborn's withdrawal, on its main
        # page. A form or population group is companion detail, under its label, unless the
        # medicine is only given that way (route_only above: its ordinary list); with no
        # route facts nothing says the product is not a tablet, so the same holds
        detail = items + g.get(f"formdetail:{group}")
        if detail:
            groups.append(EffectGroup(label=label, items=detail, companion=True))
    rest = {why: EffectGroup(label=DETAIL_LABEL[why], items=g.get(f"detail:{why}", taken),
                             companion=True)
            for why in ("serious", "lab", "clinical", "unclear", "illness")}
    shown, reports = few_serious(rest["serious"].items, by_id, general)
    rest["serious"] = rest["serious"].model_copy(update={"items": shown})
    rest["reports"] = EffectGroup(label=DETAIL_LABEL["reports"], items=reports, companion=True)
    rest["more"] = EffectGroup(label=DETAIL_LABEL["more"], items=more, companion=True)
    # plain words first (serious, ordinary, tests), then their own labels, then clinical terms
    groups = cap_companion([rest["serious"], rest["reports"], rest["illness"], rest["more"],
                            rest["lab"], *groups, rest["clinical"], rest["unclear"]],
                           COMPANION_CAP, drug_id)
    # a reviewed leaflet's urgent-help signs lead the datasets' (sildenafil's sudden loss
    # of sight or hearing never reached the page behind SIDER's list, cards6-a)
    # (and a dataset sign that names two things one of them names: "severe or bloody
    # diarrhoea" after "watery or bloody diarrhoea, with or without stomach cramps")
    # two reviewed rows of one sign (the medicine's own and its class's: crizotinib's "a slow
    # heartbeat, dizziness or fainting" after "dizziness, fainting or a slow heartbeat",
    # review 25) are one line, the first's words
    kept_serious: list[Item] = []
    for item in leaflet_serious:
        twin = next((k for k, j in enumerate(kept_serious)
                     if len(stems(j.text) & stems(item.text)) >= 3
                     or said_by(item.text, [j.text])), None)
        if twin is None:
            kept_serious.append(item)
        else:
            j = kept_serious[twin]
            kept_serious[twin] = j.model_copy(update={"fact_ids": [*j.fact_ids, *item.fact_ids]})
    leaflet_serious = kept_serious
    reviewed = [j.text for j in leaflet_serious]
    serious_items = leaflet_serious + [
        i for i in serious_items if not said_by(i.text, reviewed)
        and not any(len(stems(i.text) & stems(t)) >= 2 for t in reviewed)]
    if led:
        return leaflet_main + main, serious_items, groups
    return main + leaflet_main, serious_items, groups  # after the datasets'



def few_serious(items: list[Item], by_id: dict[str, Fact], general: Collection[str]
                ) -> tuple[list[Item], list[Item]]:
    """The datasets' unbacked serious reactions for the companion page, split in two: each
    plain wording once, the general emergencies (a severe allergic or skin reaction, which any
    medicine can cause) first, SERIOUS_DETAIL of them in the serious list, the rest listed
    apart as reports. A pharmacist reads a wall of 25 ("torsade de pointes … cardiac arrest")
    as the medicine's own dangers (review 39); counted into a data file, abacavir's heart
    attack and celecoxib's liver failure were out of a reader's reach (review 40)."""
    items = one_wording(items)
    if len(items) <= SERIOUS_DETAIL:
        return items, []

    def any_medicine(i: Item) -> bool:
        return any(key(by_id[f].value) in general for f in i.fact_ids if f in by_id)
    items = sorted(items, key=lambda i: not any_medicine(i))  # (stable: their own order)
    return items[:SERIOUS_DETAIL], items[SERIOUS_DETAIL:]


def cap_companion(groups: list[EffectGroup], cap: int, drug_id: str = "") -> list[EffectGroup]:
    """The companion groups, `cap` items at most in their order (main-page groups are not
    counted); a last group says how many more there are and where all of them are."""
    out: list[EffectGroup] = []
    room, left = cap, 0
    for grp in groups:
        if not grp.items:
            continue
        if not grp.companion:
            out.append(grp)
            continue
        shown = grp.items[:room]
        room -= len(shown)
        left += len(grp.items) - len(shown)
        if shown:
            out.append(grp.model_copy(update={"items": shown}))
    if left:
        where = f" (api/v4/ingredients/{drug_id}.json)" if drug_id else ""
        out.append(EffectGroup(label=MORE_LABEL, companion=True, items=[Item(
            text=f"{left} more side effect{'s' if left > 1 else ''} our sources report, most "
            "of them rare or in medical terms, are not listed here; every one is in this "
            f"medicine's data file{where}", key="more")]))
    return out
