"""One openFDA label record → label facts: which section gives which kind, and its text.

The field map (`GROUPS`) is data, documented in the README ("US FDA labels"). A fact's
`value` is the section as the label says it (markup stripped, whitespace collapsed, a
numbered heading such as "8.1 Pregnancy" dropped, capped at `VALUE_CAP` characters at a
sentence end); `plain` is a short extract of whole sentences of that text, in label order,
chosen for what a patient most needs (never reworded; only cross-references such as
"[see Warnings and Precautions (5.1)]" and glued subheadings such as "Risk Summary" are
left out).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from ..sentences import split_sentences

VALUE_CAP = 6000  # characters of a section kept in `value` (a boxed warning is ~1,500)
PLAIN_CAP = 350  # characters of the extract in `plain` (whole sentences)
PLAIN_ONE = 500  # a single sentence up to this long may stand alone
CUT_MARK = " […]"


@dataclass(frozen=True)
class Group:
    """Fields giving one kind, best first: the first with text wins. A `fallback` group is
    used only when no earlier group of the same kind gave a fact; `focus` keeps a field only
    if its text matches, and starts its extract at the first sentence that does."""

    kind: str
    fields: tuple[str, ...]
    otc_only: bool = False
    fallback: bool = False
    focus: str | None = None
    require: str | None = None  # the text must match this to count (see BOXED)


# A boxed warning names a danger; openFDA has misfiled other text there (a 2013
# clarithromycin label's "boxed_warning" is a note on susceptibility testing).
BOXED = (r"warning|risk|death|fatal|abus|dependen|serious|must not|contraindicat|toxicit|"
         r"suicid|life-threatening|not for")


GROUPS: tuple[Group, ...] = (
    Group("boxed_warning", ("boxed_warning",), require=BOXED),
    Group("contraindication", ("contraindications",)),
    Group("pregnancy", ("pregnancy", "teratogenic_effects", "pregnancy_or_breast_feeding")),
    Group("breastfeeding", ("lactation", "nursing_mothers", "pregnancy_or_breast_feeding")),
    Group("overdose", ("overdosage",)),
    Group("overdose", ("keep_out_of_reach_of_children",), otc_only=True, fallback=True,
          focus=r"overdos"),
    Group("patient_warning", ("spl_medguide", "patient_medication_information",
                              "spl_patient_package_insert", "information_for_patients")),
    Group("patient_warning", ("warnings",), otc_only=True),
    Group("patient_warning", ("when_using",), otc_only=True),
    Group("otc_do_not_use", ("do_not_use",), otc_only=True),
    Group("otc_ask_doctor", ("ask_doctor",), otc_only=True),
    Group("otc_ask_doctor", ("ask_doctor_or_pharmacist",), otc_only=True),
    Group("otc_stop_use", ("stop_use",), otc_only=True),
    Group("otc_keep_away", ("keep_out_of_reach_of_children",), otc_only=True),
    Group("directions", ("dosage_and_administration",)),
)
MAPPED_FIELDS = frozenset(f for g in GROUPS for f in g.fields)

# Section titles dropped from the start of a field's text: numbered ("8.1 Pregnancy"),
# followed by a colon, in capitals, or followed by a capitalised word ("Nursing Mothers
# Valproate is ..."). OTC leads such as "Do not use" or "Ask a doctor before use if" are
# the first words of the sentence and are kept.
TITLES: dict[str, tuple[str, ...]] = {
    "contraindications": ("contraindications",),
    "pregnancy": ("pregnancy",),
    "teratogenic_effects": ("teratogenic effects",),
    "lactation": ("lactation",),
    "nursing_mothers": ("nursing mothers",),
    "overdosage": ("overdosage", "overdose"),
    "information_for_patients": ("patient counseling information", "information for patients",
                                 "patient information"),
    "spl_medguide": ("medication guide",),
    "patient_medication_information": ("patient medication information", "patient information"),
    "spl_patient_package_insert": ("patient package insert", "patient information"),
    "warnings": ("warnings", "warning"),
    "dosage_and_administration": ("dosage and administration", "directions"),
}

# What makes a sentence worth quoting first, per kind (boxed warnings and contraindications:
# label order, their first sentences are the summary); sentences about registries, animal
# studies or pharmacokinetics are what a patient least needs.
FOCUS: dict[str, re.Pattern[str]] = {
    "pregnancy": re.compile(r"pregnan|fetal|fetus|birth defect|unborn|harm|risk|avoid|"
                            r"contraindicated|do not|should not|category [a-dx]\b|miscarriage"),
    "breastfeeding": re.compile(r"breast|milk|nursing|lactat|infant|discontinu|"
                                r"not recommended|avoid"),
    "overdose": re.compile(r"overdos|toxic|death|fatal|liver|medical help|poison|emergenc|"
                           r"symptom"),
    "patient_warning": re.compile(r"most important|serious|right away|emergenc|call your|"
                                  r"stop taking|do not|liver|allerg|bleed"),
}
# a sentence leaning on the one before it reads wrongly alone
_LEANS = re.compile(r"^(?:therefore|however|thus|these|this|in these|such|it|they)\b")
LESS = re.compile(r"registry|enrol|www\.|https?:|\banimal|\brats?\b|rabbits|\bmice\b|"
                  r"mg/kg|\bauc\b|pharmacokinetic|plasma concentration|clinical stud|"
                  r"new information|revised:|read (?:the|this)|approved by the u\.s\.")
# fragments left by lost layout: "2.", "Table 4.", "1. Serotonin Syndrome."
_FRAGMENT = re.compile(r"^(?:\d+\.(?!\d)|\(?(?:table|figure|see figure)\b)", re.I)

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?\s+")
_XREF = re.compile(r"\s*\[\s*see [^\]]*\]|\s*\(\s*\d+(?:\.\d+)*(?:\s*,\s*\d+(?:\.\d+)*)*\s*\)",
                   re.I)
# subheadings of the 2015 pregnancy and lactation format, glued to the sentence after them
# once the label's layout is gone ("Risk Summary Based on data from ...")
_SUBHEAD = re.compile(r"^(?:(?:\d+(?:\.\d+)+\s+)?(?:Fetal Risk Summary|Risk Summary|"
                      r"Clinical Considerations|Human Data|Animal Data|Data|"
                      r"Pregnancy Exposure Registry|Pregnancy Registry|Non-?[Tt]eratogenic "
                      r"Effects|Teratogenic Effects|Signs and [Ss]ymptoms)\s+)+(?=[A-Z])")
_NOT_LETTER = re.compile(r"[^A-Za-z]+")
MAX_SENTENCES = 40  # an extract is chosen among a section's first sentences
_SPACE_PUNCT = re.compile(r"\s+([.,;:])")
_ABBREV = re.compile(r"(?:\b(?:e\.g|i\.e|vs|Dr|No|approx|U\.S|St))\.$")


def section_text(raw: Any) -> str:
    """A field's text: its strings joined, tags and entities resolved, spaces collapsed."""
    parts = raw if isinstance(raw, list) else [raw]
    text = " ".join(p for p in parts if isinstance(p, str))
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    return _SPACE.sub(" ", text).strip()


def drop_title(field: str, text: str) -> str:
    """The text without its leading section title (see TITLES)."""
    numbered = _NUMBER.match(text)
    rest = text[numbered.end():] if numbered else text
    for title in TITLES.get(field, ()):
        head = rest[:len(title)]
        if head.casefold() != title or (len(rest) > len(title) and rest[len(title)].isalnum()):
            continue
        after = rest[len(title):]
        tail = after.lstrip(" :")
        if (numbered or after.startswith(":") or head.isupper()
                or (head[:1].isupper() and tail[:1].isupper()) or not tail):
            return tail
    return rest if numbered else text


def boxed_heading(text: str) -> str:
    """"WARNING: LACTIC ACIDOSIS Postmarketing cases ..." → "WARNING: LACTIC ACIDOSIS.
    Postmarketing cases ...": the heading in capitals is ended with a full stop."""
    words = text.split(" ")
    if not words or not words[0].upper().startswith("WARNING"):
        return text
    n = 0
    while n < len(words) and not any(c.islower() for c in words[n]):
        n += 1
    if n == len(words) or n < 2:
        return text
    head = " ".join(words[:n]).rstrip()
    if head[-1] not in ".:;!?":
        head += "."
    return head + " " + " ".join(words[n:])


def cap(text: str, limit: int = VALUE_CAP) -> str:
    """At most `limit` characters, cut at a sentence end when there is one, marked […]."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("? "), cut.rfind("! "))
    if end > limit // 2:
        cut = cut[:end + 1]
    else:
        cut = cut.rsplit(" ", 1)[0] if " " in cut else cut
    return cut + CUT_MARK


def sentences(text: str) -> list[str]:
    """Label sentences, not split after "e.g." or "U.S."."""
    out: list[str] = []
    for piece in split_sentences(text):
        if out and _ABBREV.search(out[-1]):
            out[-1] += " " + piece
        else:
            out.append(piece)
    return out


def extract(text: str, kind: str, focus: str | None = None) -> str:
    """A short extract (`PLAIN_CAP` characters) of whole sentences of `text`, in label order.

    Sentences are picked by what they say (FOCUS: risk words first, registry and animal
    data last), then put back in label order. A first sentence longer than `PLAIN_ONE`
    is cut at a word with "…" (the only time an extract ends inside a sentence)."""
    sents = [s for s in (_SUBHEAD.sub("", _SPACE_PUNCT.sub(r"\1", _XREF.sub("", s)).strip())
                         for s in sentences(text.replace(CUT_MARK, ""))) if s]
    if focus:
        at = next((i for i, s in enumerate(sents) if re.search(focus, s, re.I)), None)
        sents = sents[at:] if at is not None else sents
    if not sents:
        return ""
    keep = [s for s in sents if len(_NOT_LETTER.sub("", s)) >= 15 and not _FRAGMENT.match(s)]
    sents = list(dict.fromkeys(keep or sents))[:MAX_SENTENCES]  # a repeated sentence once
    if len(" ".join(sents)) <= PLAIN_CAP:
        return " ".join(sents)
    good = FOCUS.get(kind)
    folded = [s.casefold() for s in sents]

    def score(item: tuple[int, str]) -> tuple[int, int]:
        i = item[0]
        points = (2 if good and good.search(folded[i]) else 0) - (
            3 if LESS.search(folded[i]) else 0) - (1 if _LEANS.match(folded[i]) else 0)
        return (-points, i)

    chosen: list[int] = []
    used = 0
    if kind == "boxed_warning" and sents[0].startswith("WARNING"):  # its heading comes first
        chosen, used = [0], len(sents[0])
    for i, s in sorted(enumerate(sents), key=score):
        if i in chosen:
            continue
        extra = len(s) + (1 if chosen else 0)
        if (not chosen and len(s) <= PLAIN_ONE) or used + extra <= PLAIN_CAP:
            chosen.append(i)
            used += extra
        if used >= PLAIN_CAP:
            break
    if not chosen:
        first = sents[0][:PLAIN_CAP]
        return first.rsplit(" ", 1)[0] + " …"
    return " ".join(sents[i] for i in sorted(chosen))


# a section that says there is nothing to say: trametinib's contraindications "None. None (4)"
# read "Most important: None." on its first screen (round 12)
_NOTHING_SAID = re.compile(r"(?:\s*(?:none(?:\s+known)?|not applicable)[\s.;:,()0-9]*)+",
                           re.IGNORECASE)


@dataclass(frozen=True)
class LabelFact:
    kind: str
    field: str
    value: str
    plain: str


def label_facts(record: dict[str, Any], scope: str) -> list[LabelFact]:
    """The facts of one label record (scope `rx` or `otc`), in GROUPS order."""
    out: list[LabelFact] = []
    done: set[str] = set()
    for group in GROUPS:
        if (group.otc_only and scope != "otc") or (group.fallback and group.kind in done):
            continue
        for field in group.fields:
            if field not in record:
                continue
            text = drop_title(field, section_text(record[field]))
            if field == "boxed_warning":
                text = boxed_heading(text)
            if len(text) < 12 or not any(c.isalpha() for c in text) \
                    or _NOTHING_SAID.fullmatch(text):
                continue  # "Pregnancy:" alone, a stray number, "None. None (4)": nothing said
            if group.focus and not re.search(group.focus, text, re.I):
                continue
            if group.require and not re.search(group.require, text, re.I):
                continue
            value = cap(text)
            plain = extract(value, group.kind, group.focus)
            if not plain:
                continue
            out.append(LabelFact(group.kind, field, value, plain))
            done.add(group.kind)
            break
    return out
