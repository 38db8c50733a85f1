"""Safety messages of one ingredient (or of a combination's own label): label extracts,
liver-injury concern, and the "same ingredient twice" rule kept as data."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..models import Fact, FactKind
from ..sentences import join_and
from .label_warnings import warning_items
from .leaflets import is_leaflet, safety_item
from .model import SafetyItem
from .page_route import INJECTED, ROUTE_WORDS
from .rules import (
    combination_messages_for,
    key,
    key_messages,
    key_messages_for,
    prescriber_phrases,
    same_ingredient,
)
from .side_effects import stems

# label kinds → (topic, label); shown as the label's verbatim extract, marked "US label"
LABEL_KINDS: dict[FactKind, tuple[str, str]] = {
    FactKind.BOXED_WARNING: ("boxed_warning", "Boxed warning"),
    FactKind.CONTRAINDICATION: ("contraindication", "Who must not take it"),
    FactKind.OTC_DO_NOT_USE: ("contraindication", "Do not use"),
    FactKind.PREGNANCY: ("pregnancy", "Pregnancy"),
    FactKind.BREASTFEEDING: ("breastfeeding", "Breastfeeding"),
    FactKind.OVERDOSE: ("overdose", "Overdose"),
    FactKind.OTC_KEEP_AWAY: ("overdose", "Keep out of reach of children"),
    FactKind.PATIENT_WARNING: ("patient_warning", "Warnings"),
    FactKind.OTC_ASK_DOCTOR: ("otc_ask_doctor", "Ask a doctor before use if"),
    FactKind.OTC_STOP_USE: ("otc_stop_use", "Stop use and ask a doctor if"),
}
# reviewed plain messages before the US label's boxed text, which often opens with
# prescriber wording ("Postmarketing cases of metformin-associated lactic acidosis…", review 19)
TOPIC_ORDER = ("high_alert", "boxed_warning", "contraindication", "must_not", "pregnancy",
               "breastfeeding", "overdose", "liver", "label_warning", "same_ingredient",
               "how_to_take", "leaflet", "patient_warning", "otc_ask_doctor", "otc_stop_use")
COVERED_TOPICS = ("pregnancy", "breastfeeding", "overdose")  # "not covered" lines otherwise
RULE_LABELS = {"high_alert": "Most important", "pregnancy": "Pregnancy", "overdose": "Overdose",
               "breastfeeding": "Breastfeeding", "how_to_take": "How to take it",
               "must_not": "Who must not take it"}
# label topics a reviewed message of the same topic answers in plain words: the label's own
# extract then moves to the companion page ("All pregnancies have a background risk…" under
# valproate's pregnancy warning diluted it, review 7)
# class rows: a danger (high alert, overdose) before a pregnancy or breastfeeding answer
RULE_ORDER = ("high_alert", "must_not", "overdose", "pregnancy", "pregnancy_use",
              "breastfeeding", "how_to_take")
ANSWERED_TOPICS = ("pregnancy", "breastfeeding", "overdose")
# DILIrank's "most concern" in plain words, with the signs to watch for (review 9: the bare
# ranking alarmed without advice and, on terbinafine, contradicted the leaflet's "rarely")
LIVER_TEXT = {
    "most": "It can harm the liver in some people. Tell a doctor at once if your skin or the "
    "whites of your eyes turn yellow, your urine turns dark, or you have pain in your upper "
    "tummy, feel very tired or keep being sick.",
    # not a reassurance (review 31: temozolomide's "of less concern" beside the label's
    # hepatotoxicity warning); and not "its US label": DILIrank ranks medicines with no US
    # label too (review 32: aceclofenac, "label section No match")
    "less": "The US FDA's liver-injury ranking (DILIrank) puts it in its middle group (\"less "
    "concern\"): liver injury has been reported with it, but less seriously than with the "
    "medicines of most concern.",
}
LIVER_SHORT = "It can harm the liver: see a doctor at once if your skin or eyes turn yellow."
LIVER_SOURCE = ("US FDA DILIrank (most concern for liver injury); the signs: MedlinePlus, "
                "Toxic hepatitis: https://medlineplus.gov/ency/article/000226.htm")
SHORT_MAX = 110
# what a "keep out of reach of children" section says when it is one
_KEEP_AWAY = re.compile(r"\b(?:children|child|reach|overdose|swallowed|poison)", re.IGNORECASE)
# an OTC section written to a child's carer: a children's product's label, not the reader's
# (review 32: "Do not use in a child who is taking a prescription MAOI" on an adult cold tablet)
# ("you or your child" in a medication guide is still the reader's: valproate, amfetamine)
_TO_A_CARER = re.compile(r"\b(?:(?:in|to|give) a child who|if the child|the child has)\b",
                         re.IGNORECASE)
_CARER_KINDS = frozenset({FactKind.OTC_DO_NOT_USE, FactKind.OTC_ASK_DOCTOR, FactKind.OTC_STOP_USE,
                        FactKind.PATIENT_WARNING})
# what a pregnancy clause must say to stand alone on the first screen: a harm or an action
HARM_OR_ADVICE = re.compile(
    r"\b(?:not|never|only|avoid|ask|tell|talk|speak|check|stop|should|must|usually|safe|"
    r"recommended|advised|harm|birth defects?|miscarriage|damage|risks?)\b", re.IGNORECASE)
FOR_PRESCRIBERS = "written for prescribers"
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
# a section heading run into the text: "CONTRAINDICATIONS AND WARNINGS Amnesteem must not"
_CAPS_HEADING = re.compile(r"^(?:[A-Z][A-Z/&,:()-]+\.?\s+){2,}(?=[A-Z][a-z])")
# a US telephone number (Poison Control): no use to a reader in India
_US_PHONE = re.compile(r"\s*\(\s*1-800-[0-9-]{8}\s*\)")
# what says nothing on its own: a pregnancy category (no longer used on US labels) and
# pointers to other sections of the label
_EMPTY = re.compile(r"^(?:teratogenic effects[:.]?\s*)?(?:pregnancy:?\s*)?"
                    r"(?:(?:pregnancy\s+)?category\s+[ABCDX]\b\.?|"
                    r"see\s+(?:boxed\s+)?[A-Z][^.]*\.?|\s)+$", re.IGNORECASE)


# treatment steps for clinicians (an overdose section's emesis, lavage, dialysis): not for a
# reader to try at home
_CLINICIAN = re.compile(r"\b(?:emesis|lavage|dialysis|haemodialysis|hemodialysis|"
                        r"hemoperfusion|activated charcoal|ipecac|forced diuresis|"
                        r"supportive (?:care|measures|treatment)|symptomatic treatment|"
                        r"intravenous|antidote|naloxone|flumazenil|acetylcysteine|"
                        r"mg/kg|plasma levels?|serum (?:levels?|concentrations?))\b",
                        re.IGNORECASE)


# regulatory text, not advice: a US controlled-substance schedule ("C-IV"), a pregnancy
# category letter, the "no adequate and well-controlled studies" formula, animal-study notes
_SCHEDULE = re.compile(r"\bC-?(?:II|III|IV|V)\b|\bSchedule (?:II|III|IV|V)\b")  # case matters
_REGULATORY = re.compile(r"\bcontrolled substance|\bpregnancy category\b|"
                         r"\bcategory [ABCDX]\b|adequate and well[- ]controlled|"
                         r"\banimal reproduction studies\b|\breproduction studies (?:have been|"
                         r"were) (?:performed|conducted)\b", re.IGNORECASE)


# an OTC label's bullets run together without punctuation: "allergic reaction to any other
# pain reliever/fever reducer right before or after heart surgery" (two bullets, one
# nonsense sentence) or "applies to you you have problems" (a word doubled at the join)
_BULLET_LEAD = re.compile(r"(?<=[a-z0-9)]) (?:right before or after|in children under|"
                          r"for more than \d|with any other|if you have ever|you have|"
                          r"you are|you take|taking)\b")
_DOUBLED = re.compile(r"\b(\w+) \1\b", re.IGNORECASE)


def spliced(sentence: str) -> bool:
    """Two label bullets joined into one sentence that says something neither said."""
    if _DOUBLED.search(sentence):
        return True
    hits = [m.start() for m in _BULLET_LEAD.finditer(sentence)]
    return len(sentence) > 40 and any(h > 25 for h in hits) and not re.search(r"[.!?]\s*$",
                                                                             sentence)


def regulatory(sentence: str) -> bool:
    """A sentence of US regulatory wording that tells a reader nothing to do."""
    return bool(_REGULATORY.search(sentence) or _SCHEDULE.search(sentence))


_LEANING = re.compile(r"^(?:however|there (?:are|is|were|was),? however|in addition|also|"
                      r"furthermore|moreover|thus|therefore|these|this|such)\b", re.IGNORECASE)


def reader_extract(text: str) -> str:
    """A label extract as a reader sees it: still the label's own sentences, without a
    heading run into them, a US telephone number or a treatment step for clinicians; ""
    when nothing is left that says anything (a bare pregnancy category, a pointer to
    another section)."""
    text = _US_PHONE.sub("", _CAPS_HEADING.sub("", text.strip()))
    kept = [s for s in _SENTENCE.split(text) if not _EMPTY.match(s)
            and not _CLINICIAN.search(s) and not regulatory(s) and not spliced(s)]
    while kept and _LEANING.match(kept[0]):  # a sentence that leans on one left out
        kept.pop(0)
    return " ".join(kept)


# a pointer to another section of the label, inside a sentence: "(5.1)", "[see Warnings and
# Precautions (5.1)]", "(see PRECAUTIONS: Hypersensitivity)": the reader has no such section
_XREF = re.compile(r"\s*\[\s*see\b[^\]]*\]|\s*\(\s*see\s+[^()]*(?:\([^()]*\)[^()]*)*\)|"
                   r"\s*\(\s*\d+(?:\.\d+)+(?:\s*,\s*\d+(?:\.\d+)*)*\s*\)", re.IGNORECASE)


def without_xrefs(text: str) -> str:
    """A label sentence without its pointers to other sections of the label."""
    return re.sub(r"\s+([.,;:])", r"\1", _XREF.sub("", text))


def for_prescribers(sentence: str) -> tuple[bool, str | None]:
    """Whether a label sentence is written for prescribers (prescriber_phrases.txt), and the
    plain words the main page shows instead, if the row gives them."""
    for pattern, plain in prescriber_phrases():
        if pattern.search(sentence.strip()):
            return True, plain
    return False, None


def split_extract(text: str) -> tuple[str, str, tuple[str, ...]]:
    """A reader extract cut in two: (what the main page shows, what moves verbatim to the
    companion page, the plain sentences that stand in on the main page). Sentences written
    for prescribers move; a reviewed plain sentence stands in for them on the main page when
    their row gives one (once per extract)."""
    main: list[str] = []
    moved: list[str] = []
    stood_in: list[str] = []
    went = False  # the sentence before moved: one leaning on it ("These …") goes with it
    for s in _SENTENCE.split(text):
        if not s.strip():
            continue
        hit, plain = for_prescribers(s)
        went = hit or (went and bool(_LEANING.match(s)))
        if not went:
            main.append(without_xrefs(s))
            continue
        moved.append(s)
        if plain and plain not in main:
            main.append(plain)
            stood_in.append(plain)
    return " ".join(main), " ".join(moved), tuple(stood_in)


def label_sentences(text: str) -> list[str]:
    """A label extract's sentences, split where the extracts themselves were cut."""
    return _SENTENCE.split(text)


def first_sentence(text: str) -> str:
    return _SENTENCE.split(text.strip(), maxsplit=1)[0]


def _short(message: str, topic: str = "") -> str:
    """A rule's first sentence, or its first clause when the sentence is long; a pregnancy
    clause that neither warns of harm nor says what to do gives way to the clause after it that
    does (review 27: "Colistimethate passes to the unborn baby." alone on the first screen,
    without "it is used in pregnancy only when the benefit outweighs the risk")."""
    first = first_sentence(message)
    if len(first) <= SHORT_MAX:
        return first
    clause, _, rest = first.partition(":")
    rest = rest.strip()
    if (topic == "pregnancy" and not HARM_OR_ADVICE.search(clause)
            and HARM_OR_ADVICE.search(rest) and len(rest) <= SHORT_MAX):
        return rest[:1].upper() + rest[1:]
    return clause.rstrip(".") + "."


def select_safety(facts: Iterable[Fact], name: str, atc: str = "",
                  ingredients: Sequence[tuple[str, str]] = ()) -> list[SafetyItem]:
    """Safety items of a drug (or combination key) in page order. `name` is the preferred
    name and `atc` its WHO ATC codes, for the rules kept as data; a combination's own
    items pass its `ingredients` ((preferred name, WHO ATC codes)) for its own rows."""
    items: list[SafetyItem] = []
    urgent: list[str] = []  # reviewed serious side effects: what a label warning need not repeat
    for f in facts:
        if is_leaflet(f) and f.kind == FactKind.SIDE_EFFECT and f.frequency == "serious":
            urgent.append(f.plain)
        if is_leaflet(f):  # reviewed leaflet facts: their own label and source
            if (leaflet := safety_item(f)) is not None:
                if leaflet.topic == "pregnancy" and not leaflet.short:  # cod liver oil's
                    leaflet = leaflet.model_copy(
                        update={"short": _short(leaflet.text, "pregnancy")})
                items.append(leaflet)
            continue
        if f.kind == FactKind.OTC_KEEP_AWAY and not _KEEP_AWAY.search(f.plain):
            # another section misfiled under the heading (fluticasone's "Other information …
            # store between 4° and 30°C" read as "Keep out of reach of children", review 31)
            continue
        if f.kind in _CARER_KINDS and _TO_A_CARER.search(f.plain):
            continue
        if f.kind in LABEL_KINDS and reader_extract(f.plain):
            topic, label = LABEL_KINDS[f.kind]
            if f.kind == FactKind.BOXED_WARNING and regulatory(first_sentence(f.plain)):
                # a boxed warning names a danger; one that opens with a schedule ("AMBIEN is
                # a federally controlled substance (C-IV)") is medication-guide text misfiled
                # in openFDA's boxed-warning field: a plain warning, never "Boxed warning"
                topic, label = LABEL_KINDS[FactKind.PATIENT_WARNING]
            text, moved, plain = split_extract(reader_extract(f.plain))
            # our plain words and the label's own apart: metformin's "Who must not take it
            # (US label, in plain words)" ran the label's "contraindicated in patients with:
            # Severe renal impairment (eGFR …)" into the plain allergy rule (review 26)
            raw = " ".join(x for x in _SENTENCE.split(text) if x.strip() and x not in plain)
            for words, said in ((" ".join(plain), ", in plain words"), (raw, "")):
                if words:
                    first = first_sentence(words)
                    items.append(SafetyItem(
                        topic=topic, label=f"{label} (US label{said})", text=words,
                        fact_ids=[f.id], short=first if len(first) <= SHORT_MAX else None))
            if moved:  # written for prescribers: the companion page, verbatim (review 10)
                items.append(SafetyItem(topic=topic, label=f"{label} (US label, {FOR_PRESCRIBERS})",
                                        text=moved, fact_ids=[f.id], detail=True))
        elif f.kind == FactKind.LIVER_INJURY and (f.severity or "").casefold() in LIVER_TEXT:
            sev = (f.severity or "").casefold()
            most = sev == "most"
            items.append(SafetyItem(
                topic="liver", label="Liver", text=LIVER_TEXT[sev], fact_ids=[f.id],
                short=LIVER_SHORT if most else None, source=LIVER_SOURCE if most else None))
    rules = combination_messages_for(ingredients) if ingredients \
        else key_messages_for(name, atc)
    own = {m for _, m, _ in rules} if ingredients \
        else {m for _, m, _ in key_messages().get(key(name), [])}
    rules_at: dict[int, tuple[int, int]] = {}  # id(item) → its place among the rules
    for n, (topic, message, source) in enumerate(rules):
        if topic == "pregnancy_use":  # a pregnancy answer, not a first-screen warning
            item = SafetyItem(topic="pregnancy", label=RULE_LABELS["pregnancy"], text=message,
                              source=source, own=message in own)
        else:
            item = SafetyItem(topic=topic, label=RULE_LABELS[topic], text=message,
                              source=source, short=_short(message, topic),
                              own=message in own)
        # own rows in the file's order (the reviewer's), class rows high-alert first
        rules_at[id(item)] = (0, n) if message in own else (
            1 + RULE_ORDER.index(topic), n)
        items.append(item)
    if not ingredients:  # a medicine's own label's second-tier warnings (review 39), unless
        # a reviewed line says it (a label's verbatim extract, often companion, does not count)
        items += warning_items(name, [*urgent, *(i.text for i in items if i.source)])
    rule = same_ingredient().get(key(name))
    if rule:
        message, source = rule
        items.append(SafetyItem(topic="same_ingredient", label="Same ingredient twice",
                                text=message, source=source, short=_short(message)))
    def order(i: SafetyItem) -> tuple[int, int, int]:
        """Reviewed key messages lead together in the high-alert slot, a medicine's own rows
        before its classes' (valproate's pregnancy message before the antiepileptics' one),
        a class's high-alert row before its overdose one (tricyclics)."""
        if id(i) in rules_at:
            return (TOPIC_ORDER.index("high_alert"), *rules_at[id(i)])
        return (TOPIC_ORDER.index(i.topic), 0, 0)

    items.sort(key=order)
    return _answered_once(items, set(rules_at))


def _answered_once(items: list[SafetyItem], rule_ids: set[int]) -> list[SafetyItem]:
    """Items a plainer answer of their topic makes detail (companion page): a label extract
    under any sourced answer; a reviewed leaflet fact under a key message. A leaflet fact is
    itself an answer: marked detail, cod liver oil's vitamin A warning left the FAQ saying
    "our sources do not cover pregnancy" (review 9). A reviewed line that already speaks of
    the liver makes DILIrank's liver line detail (terbinafine said it twice, review 9)."""
    answered = {i.topic for i in items if i.source and i.topic in ANSWERED_TOPICS}
    by_rule = {i.topic for i in items if id(i) in rule_ids and i.topic in ANSWERED_TOPICS}
    liver_said = any(id(i) in rule_ids and "liver" in i.text.casefold() for i in items)

    rules = [i.text for i in items if id(i) in rule_ids and i.topic != "pregnancy"]

    def detail(i: SafetyItem) -> bool:
        if i.topic == "liver":
            return liver_said
        if (i.topic == "leaflet" or (i.topic == "how_to_take" and id(i) not in rule_ids)) \
                and any(repeats(i.text, r) for r in rules):
            return True
        return bool(i.fact_ids) and (i.topic in by_rule or (not i.source
                                                             and i.topic in answered))

    return [i.model_copy(update={"detail": True}) if detail(i) else i for i in items]


def repeats(text: str, said: str) -> bool:
    """Whether a leaflet note says again what a key message says: most of its words, by
    stem ("Ambroxol can rarely cause a severe allergic or skin reaction: stop taking it"
    under the EMA key message on the same reactions; review 16 found it four times)."""
    mine = stems(text)
    return len(mine) >= 4 and len(mine & stems(said)) >= REPEAT_SHARE * len(mine)


REPEAT_SHARE = 0.6
TWICE_TOPICS = ("high_alert", "contraindication", "same_ingredient", "warning")
OTHER_CONTAINING = re.compile(r"\b(?:any )?other\b[^.]{0,80}\bcontain(?:s|ing)?\b",
                              re.IGNORECASE)
_BREASTFEEDING = re.compile(r"\bbreast-?feed|\bbreast ?milk", re.IGNORECASE)


def answers(item: SafetyItem, topic: str) -> bool:
    """Whether `item` answers `topic`: its own topic, or a pregnancy line that also speaks of
    breastfeeding ("Do not take it in pregnancy or while breastfeeding" beside "our sources do
    not cover breastfeeding" read as a contradiction, review 11)."""
    if item.topic == topic:
        return True
    return (topic == "breastfeeding" and item.topic == "pregnancy"
            and bool(_BREASTFEEDING.search(item.text)))


def drip_only(item: SafetyItem) -> bool:
    """Whether a message is the injection's, moved to companion detail on a page taken by
    mouth (page_route): acetylcysteine's drip pregnancy answer ("after a paracetamol
    overdose") answers nothing for acetylcysteine + pyridoxamine (review 38)."""
    return item.detail and item.form == ROUTE_WORDS[INJECTED]


def covered(items: Iterable[SafetyItem]) -> set[str]:
    topics: set[str] = set()
    for i in (i for i in items if not drip_only(i)):
        topics |= {t for t in (i.topic, "breastfeeding") if answers(i, t)}
    return topics


# a combination's answer must speak for every ingredient: "Metformin can be used in
# pregnancy" read as the answer for voglibose + metformin (review 8)
PARTLY_COVERED = {
    "pregnancy": "Our sources do not cover pregnancy for {names}, so an answer given for its "
    "other ingredients is not about the whole combination. If you are pregnant or could "
    "become pregnant, ask a doctor or pharmacist before taking it.",
    "breastfeeding": "Our sources do not cover breastfeeding for {names}, so an answer given "
    "for its other ingredients is not about the whole combination. If you are breastfeeding, "
    "ask a doctor or pharmacist before taking it.",
}


def unanswered(safety: Iterable[tuple[str | None, SafetyItem]], names: Sequence[str],
               topic: str) -> list[str]:
    """The ingredients of a combination with no answer on `topic` while another ingredient
    has one; none when the product's own label answers (it speaks for every ingredient)."""
    said = [(ing, s) for ing, s in safety if answers(s, topic)]
    who = {ing for ing, _ in said}
    # (only the drip's answers: the page says plainly it has none, once)
    if len(names) < 2 or not who or None in who or all(drip_only(s) for _, s in said):
        return []
    return [n for n in names if n not in who]


def partly_covered_text(topic: str, names: Sequence[str]) -> str:
    return PARTLY_COVERED[topic].format(names=join_and(names))


_APPROVAL_PREGNANCY = re.compile(r"\bpregnan", re.IGNORECASE)


def approval_pregnancy_note(approval: str, items: Iterable[SafetyItem]) -> str:
    """A note after an Indian approval quote that speaks of pregnancy ("all forms of
    hypertension (except hypertension of pregnancy)") when the page answers pregnancy from a
    reviewed leaflet: the quote stays as registered, the reader is sent to the sourced answer
    (labetalol: "often used … in pregnancy" beside the quote read as a contradiction, review
    9). "" when there is nothing to point to."""
    if not _APPROVAL_PREGNANCY.search(approval):
        return ""
    answer = next((i for i in items if i.topic == "pregnancy" and i.source), None)
    if answer is None:
        return ""
    who = (answer.source or "").split(":")[0].split(",")[0].strip()
    return (f" This is the wording of the Indian approval, not advice on pregnancy: for that, "
            f"see Pregnancy under Important safety information ({who}), and ask your doctor.")


# an ingredient's "keep using it even after the skin looks better" (an antifungal's course)
# against another's "for the shortest time you can" (a steroid's): review 26 read the first on a
# clobetasol cream's main page
_KEEP_GOING = re.compile(r"\beven after\b|\bfor as long as\b|\bkeep using\b", re.IGNORECASE)
_KEEP_SHORT = re.compile(r"\bshortest time\b|\bno longer than\b|\bas short a time\b|"
                         r"\bonly for as long as\b", re.IGNORECASE)


# an ingredient's own schedule, or the use or device of its own products (review 34: a
# lubricant's "as often as you need them" on ofloxacin eye drops, salicylic acid's "for acne,
# clean the skin first" on a steroid psoriasis product, levocetirizine's "once a day in the
# evening" beside a cold tablet's paracetamol, clotrimazole's applicator on ear drops) or
# the one use it was written for
_OWN_SCHEDULE = re.compile(
    r"\b(?:once|twice|(?:one|two|three|four) times) (?:a|each|every) (?:day|week)\b|"
    r"\bin the (?:evening|morning)\b|\bas often as\b|\bevery \d+ hours\b|\bat bed ?time\b|"
    r"\bapplicators?\b|\bfor (?:acne|warts|dandruff|verrucas)\b|"
    # an instruction that opens with the use it is for ("For heavy periods, take the tablets
    # only while you have your period": tranexamic acid's, on a melasma combination, review 38)
    r"\A\s*for [a-z][a-z' -]{2,40},", re.IGNORECASE)


def conflicting_course(
    safety: list[tuple[str | None, SafetyItem]],
) -> list[tuple[str | None, SafetyItem]]:
    """A combination's ingredient instruction to keep going, when another ingredient or the
    product says to keep it short: companion detail, labelled with its ingredient, so the
    main page does not tell a reader both."""
    short = {ing for ing, s in safety if _KEEP_SHORT.search(s.text)}
    if not short:
        return safety
    return [(ing, s.model_copy(update={"detail": True})
             if s.topic == "how_to_take" and _KEEP_GOING.search(s.text)
             and not _KEEP_SHORT.search(s.text) and (short - {ing}) else s)
            for ing, s in safety]


# a pregnancy or breastfeeding answer that says not to (nimesulide "must not be used while
# breastfeeding") and one that reassures (paracetamol "the usual first choice"): on a
# combination of the two the reassuring one misleads (review 26's five-ingredient cold tablet)
# a harm to the baby counts as a "no" too (review 38: the NSAIDs' "not usually recommended
# in pregnancy" and the opioids' "can cause withdrawal in the newborn baby" sat beside
# "Paracetamol is the usual first choice of painkiller in pregnancy" on ibuprofen and
# tapentadol combinations: the page read as fine in pregnancy)
_ANSWER_AGAINST = re.compile(
    r"\b(?:must not|must never|should not|not (?:normally |usually )?recommended|"
    r"avoid(?:ed)?|do not (?:take|use|breastfeed)|"
    r"not (?:normally |usually )?(?:be )?(?:used|taken|prescribed|given))\b|"
    r"\bcan (?:seriously )?(?:harm|cause [^.:;]{0,40}\b(?:in|to) (?:the|your|an|a) "
    r"(?:newborn |unborn )?baby)|\bmake a baby (?:very )?(?:sleepy|ill|unwell)\b",
    re.IGNORECASE)
_ANSWER_FOR = re.compile(
    r"\b(?:first choice|one of the usual|you can (?:usually )?take|"
    r"usually (?:considered )?(?:ok|fine|safe)|can be (?:used|taken)|"
    r"(?:usually |generally )?preferred|(?:is|are) (?:ok|fine|safe)|safe to (?:use|take)|"
    r"can (?:use|take) it)\b", re.IGNORECASE)


def against_answers_first(
    safety: list[tuple[str | None, SafetyItem]],
) -> list[tuple[str | None, SafetyItem]]:
    """On a combination, an ingredient's reassuring pregnancy or breastfeeding answer is
    companion detail when another ingredient's answer of the topic says not to: the page
    must not read as "fine while breastfeeding". Nothing is dropped."""
    against = {s.topic for ing, s in safety if ing is not None
               and s.topic in ("pregnancy", "breastfeeding") and not s.detail
               and _ANSWER_AGAINST.search(s.text)}
    return [(ing, s.model_copy(update={"detail": True})
             if ing is not None and s.topic in against and not s.detail
             and _ANSWER_FOR.search(s.text) and not _ANSWER_AGAINST.search(s.text) else s)
            for ing, s in safety]


# an ingredient's message written for the one product it usually comes in ("It is given with
# amoxicillin (co-amoxiclav)") on a page of another partner (cefixime + clavulanic acid,
# scan16): companion detail
_GIVEN_WITH = re.compile(r"\b(?:it is|is only|usually) given with ([a-z][a-z-]+)", re.IGNORECASE)


def other_partners_messages(
    safety: list[tuple[str | None, SafetyItem]], names: Sequence[str],
) -> list[tuple[str | None, SafetyItem]]:
    """On a combination, an ingredient's message that says it is given with a medicine the
    page does not contain is companion detail. Nothing is dropped."""
    mine = " ".join(names).casefold()

    def foreign(s: SafetyItem) -> bool:
        m = _GIVEN_WITH.search(s.text)
        return m is not None and m.group(1).casefold() not in mine
    return [(ing, s.model_copy(update={"detail": True}) if ing is not None and not s.detail
             and foreign(s) else s) for ing, s in safety]


def said_once(items: list[tuple[str | None, SafetyItem]],
              names: Sequence[str] = ()) -> list[tuple[str | None, SafetyItem]]:
    """A page's "not with any other medicine that contains it" on its main page once for
    each ingredient: the first sourced line that says it; the others (an ingredient's US
    label, the same-ingredient rule) are companion detail (scan17: paracetamol's key
    message, the US label's "Do not use with any other drug containing acetaminophen" and
    the same-ingredient rule, three times on every paracetamol combination). A product's
    line is the ingredient's it names; `names`: the page's ingredients (one: every line is
    its)."""
    def whose(owner: str | None, s: SafetyItem) -> str | None:
        if owner or len(names) == 1:
            return owner or names[0]
        return next((n for n in names if re.search(rf"\b{re.escape(n)}\b", s.text, re.I)),
                    None)

    said = [(n, whose(o, s)) for n, (o, s) in enumerate(items) if not s.detail
            and s.topic in TWICE_TOPICS and OTHER_CONTAINING.search(s.text)]
    kept: dict[str | None, int] = {}
    for n, w in said:
        if items[n][1].source and w not in kept:
            kept[w] = n
    repeated = {n for n, w in said if w in kept and kept[w] != n}
    return [(o, s.model_copy(update={"detail": True}) if n in repeated else s)
            for n, (o, s) in enumerate(items)]


def ingredient_instructions(
    safety: list[tuple[str | None, SafetyItem]],
) -> list[tuple[str | None, SafetyItem]]:
    """On a combination, an ingredient's how-to-take row is companion detail, labelled with
    its ingredient, when the product has a row of its own or the row gives the ingredient's
    own schedule, use or device: the product's schedule is its label's. Nothing is dropped."""
    product = any(ing is None and s.topic == "how_to_take" and not s.detail
                  for ing, s in safety)
    return [(ing, s.model_copy(update={"detail": True})
             if ing is not None and s.topic == "how_to_take" and not s.detail
             and (product or _OWN_SCHEDULE.search(s.text)) else s)
            for ing, s in safety]
