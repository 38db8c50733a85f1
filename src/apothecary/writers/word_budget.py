"""A combination's main page in about COMBO_WORDS words (reviews 10 and 11: 1,515–1,626
words; ~900 asked): what moves to the companion pages first, and in which order. Nothing is
dropped: a moved statement is shown on its section's companion page."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..models import Section, Statement
from ..monographs.key_facts import long_stems, warns_of_harm

# the main page of a combination in about this many words of content (reviews 10 and 11:
# 1,515–1,626 words; ~900 asked), furniture (sources, disclaimer, note) not counted
COMBO_WORDS = 780
FURNITURE = ("sources", "disclaimer", "note")
APPROVED_LABEL = "Approved in India for"
KEEP_INTERACTIONS = 3  # the first interaction lines always stay
SHORT_LIST = 20  # words: a reviewed side-effect list this short stays on the main page


def _words(st: Statement) -> int:
    return len(f"{st.label or ''} {st.text}".split())


def _alias_question(sid: str, st: Statement, n: int, sts: Sequence[Statement]) -> bool:
    return sid == "faqs" and " the same as " in (st.label or "")


def _alias_list(sid: str, st: Statement, n: int, sts: Sequence[Statement]) -> bool:
    """An ingredient's other names (INN in Latin, Spanish, French…): every one stays in the
    search index and on the companion page."""
    return sid == "generic-name" and (st.label or "").endswith(" is also known as")


def _repeated_answer(sid: str, st: Statement, n: int, sts: Sequence[Statement]) -> bool:
    """A pregnancy or breastfeeding question answered from the safety section's own
    statements (the same words, shown there)."""
    return sid == "faqs" and (st.label or "").startswith("Can I take") and \
        not st.text.startswith("Our sources do not cover")


# an answer that forbids (diclofenac gel's "must not be used in the last 3 months of
# pregnancy") is never moot beside another ingredient's warning (camphor's "never swallow
# camphor in pregnancy" on a rub, fc30d)
_FORBIDS = re.compile(r"\b(?:must not|do not (?:use|take)|should not|not recommended)\b",
                      re.IGNORECASE)


def _moot_pregnancy_answer(sid: str, st: Statement, n: int, sts: Sequence[Statement]) -> bool:
    """One ingredient's milder pregnancy answer ("no evidence of harm", "ask your doctor")
    where another ingredient's answer warns of harm to the baby: the product's answer is the
    warning, which stays (review 14: three pregnancy answers, one contradicting another)."""
    def pregnancy(x: Statement) -> bool:
        return (x.label or "").startswith("Pregnancy") and x.ingredient is not None

    return sid == "safety" and pregnancy(st) and not warns_of_harm(st.text) \
        and not _FORBIDS.search(st.text) and any(
        x is not st and not x.companion and pregnancy(x) and warns_of_harm(x.text)
        for x in sts)


# words every advice line has: never evidence that two lines say the same
_COMMON = frozenset({"doctor", "pharma", "first", "before", "taking", "medici", "about",
                     "there", "which", "could", "would", "their", "other", "after"})


def _stems(text: str) -> set[str]:
    return long_stems(text) - _COMMON


def _repeated_warning(sid: str, st: Statement, n: int, sts: Sequence[Statement]) -> bool:
    """A second ingredient's "Most important" line that says again what an earlier one says
    (guaifenesin's and phenylephrine's "cough and cold medicines … children under 2": review
    19's cold tablet): most of its long words already said."""
    if sid != "safety" or not (st.label or "").startswith("Most important"):
        return False
    mine = _stems(st.text)
    return len(mine) >= 4 and any(
        not x.companion and (x.label or "").startswith("Most important")
        and len(mine & _stems(x.text)) >= 0.75 * len(mine) for x in sts[:n])


def _label_extract_beside_reviewed(sid: str, st: Statement, n: int,
                                   sts: Sequence[Statement]) -> bool:
    """An ingredient's US-label extract ("Do not use (US label)", "Keep out of reach of
    children (US label)") where a reviewed "Most important" line of the same ingredient is
    on the page: the label's words go to the companion page, the plain line stays (review 19:
    a US children's label pasted on a cold tablet's page)."""
    return sid == "safety" and st.ingredient is not None and "(US label" in (st.label or "") \
        and not (st.label or "").startswith(("Boxed warning", "Who must not", "Overdose")) \
        and any(
            x.ingredient == st.ingredient and not x.companion
            and (x.label or "").startswith("Most important") for x in sts)


def _ingredient_note(sid: str, st: Statement, n: int, sts: Sequence[Statement]) -> bool:
    """An ingredient's reviewed "Good to know" note (how long to take a cough medicine): its
    dangers and answers stay, its advice goes to the companion page first."""
    return sid == "safety" and st.ingredient is not None and \
        (st.label or "").startswith("Good to know")


def _weak_interaction(sid: str, st: Statement, n: int, sts: Sequence[Statement]) -> bool:
    return sid == "interactions" and n >= KEEP_INTERACTIONS and "may interact" in st.text


def _ingredient_overdose_extract(sid: str, st: Statement, n: int, sts: Sequence[Statement]) -> bool:
    """An ingredient's US-label overdose paragraph (what happens in an overdose, in the
    label's words). Boxed warnings, who must not take it, pregnancy and breastfeeding stay:
    a pregnancy answer moved away would leave another ingredient's answer reading as the
    whole combination's (review 8). Only while another overdose answer stays on the main
    page: a page silent on overdose would neither answer nor say "not covered"."""
    return (sid == "safety" and st.ingredient is not None
            and (st.label or "").startswith("Overdose (US label")
            and any(x is not st and not x.companion and (x.label or "").startswith("Overdose")
                    for x in sts))


def _longer_approval(sid: str, st: Statement, n: int, sts: Sequence[Statement]) -> bool:
    """A combination's CDSCO approvals but the shortest: its uses stay on the main page
    (key facts and Usage), the approval register's longer wording on the companion."""
    approvals = [x for x in sts if x.label == APPROVED_LABEL]
    return sid == "usage" and st.label == APPROVED_LABEL and len(approvals) > 1 and \
        st is not min(approvals, key=lambda x: len(x.text))


_EFFECT_LISTS = ("Common (", "Uncommon (", "Reported (")


def _ingredient_reported_list(sid: str, st: Statement, n: int,
                              sts: Sequence[Statement]) -> bool:
    """An ingredient's dataset list of side effects reported without a frequency, before any
    common list: a cold tablet kept bromhexine's, ephedrine's and guaifenesin's "Reported:
    feeling sick, dizziness" and moved chlorphenamine's reviewed "feeling sleepy, dry mouth"
    (k30a). A reviewed one stays: review 37 found a cream's main page poorer when neomycin's
    reviewed allergy list moved before clobetasol's common one."""
    return sid == "side-effects" and st.ingredient is not None \
        and (st.label or "").startswith("Reported (") and "(source: " not in (st.label or "") \
        and any(x is not st and not x.companion and (x.label or "").startswith(_EFFECT_LISTS)
                for x in sts)


def _dataset_common_list(sid: str, st: Statement, n: int, sts: Sequence[Statement]) -> bool:
    """An ingredient's dataset common list (no reviewed source) before a reviewed one."""
    return "(source: " not in (st.label or "") and _ingredient_common_list(sid, st, n, sts)


def _ingredient_common_list(sid: str, st: Statement, n: int, sts: Sequence[Statement]) -> bool:
    """An ingredient's common list, while another side-effect list stays on the main page:
    a bowel prep's main page had none left once its injection's were moved (review 25)."""
    # (a reviewed list of a few words stays on a two-ingredient page: brimonidine's "red,
    # itchy or irritated eyes; a dry mouth" on its eye drops, k28d; a five-ingredient cold
    # tablet's lists would then be cut by the page's byte budget)
    return sid == "side-effects" and (st.label or "").startswith(("Common (", "Uncommon (")) \
        and not ("(source: " in (st.label or "") and len(st.text.split()) <= SHORT_LIST
                 and len({x.ingredient for x in sts if x.ingredient}) <= 2) \
        and any(x is not st and not x.companion and (x.label or "").startswith(_EFFECT_LISTS)
                for x in sts)


def _ingredient_dataset_list(sid: str, st: Statement, n: int, sts: Sequence[Statement]) -> bool:
    """An ingredient's "Also common on drug labels" (dataset terms after a capped list), before
    any reviewed common list: timolol + brimonidine eye drops kept brimonidine's tablet-trial
    "dizziness, weakness, sleepiness" and moved its reviewed "red, itchy or irritated eyes"
    (k28d)."""
    return sid == "side-effects" and st.ingredient is not None \
        and (st.label or "").startswith("Also ") and any(
            x is not st and not x.companion and (x.label or "").startswith(_EFFECT_LISTS)
            for x in sts)


def _other_interaction(sid: str, st: Statement, n: int, sts: Sequence[Statement]) -> bool:
    """A main interaction line after the first few, unless it is its ingredient's first, or
    its first naming a medicine: an inhaler's steroid kept its ritonavir line only when its
    reliever had fewer (review 25); co-codamol's codeine kept "Alcohol" and lost its
    benzodiazepine line (review 26)."""
    return sid == "interactions" and n >= KEEP_INTERACTIONS and bool(st.label) and (
        st.ingredient is None or any(x.ingredient == st.ingredient and x.label
                                     and (x.refs or not st.refs) for x in sts[:n]))


def _interaction_question(sid: str, st: Statement, n: int, sts: Sequence[Statement]) -> bool:
    return sid == "faqs" and " interact with other medicines" in (st.label or "")


def _later_ingredient_warning(sid: str, st: Statement, n: int,
                              sts: Sequence[Statement]) -> bool:
    """An ingredient's second or later "Most important" line: its first stays (the reviewed
    rows' order puts the one the leaflet leads with first). A five-ingredient cold tablet's
    main page ran 27 safety lines, four of them one painkiller's (review 26: "15-25 bullets")."""
    # (only with three or more ingredients: on nimesulide + chlorzoxazone it took the
    # painkiller's food, other-NSAIDs and asthma rules off the main page, review 27)
    return sid == "safety" and st.ingredient is not None \
        and len({x.ingredient for x in sts if x.ingredient}) >= 3 \
        and (st.label or "").startswith("Most important") and any(
            x.ingredient == st.ingredient and not x.companion
            and (x.label or "").startswith("Most important") for x in sts[:n])


# what a combination's main page gives to its companion pages first, when it is over
# COMBO_WORDS: repeated blocks (alias questions, answers the safety section gives, the
# ingredients' other names), then
# detail (weak and further interactions, each ingredient's overdose extract and lists)
MOVE_ORDER = (_alias_question, _repeated_answer, _moot_pregnancy_answer, _alias_list,
              _repeated_warning, _label_extract_beside_reviewed, _weak_interaction,
              _ingredient_overdose_extract, _ingredient_note, _longer_approval,
              _ingredient_dataset_list, _ingredient_reported_list, _dataset_common_list,
              _ingredient_common_list,
              _other_interaction, _interaction_question, _later_ingredient_warning)


def main_words(sections: Sequence[Section]) -> int:
    """Words of content a page's main page shows (its statements not marked companion, and
    the section intros), furniture apart."""
    return sum(len((s.intro or "").split()) + sum(_words(st) for st in s.statements
                                                  if not st.companion)
               for s in sections if s.id not in FURNITURE)


def fit_words(sections: list[Section], limit: int) -> list[Section]:
    """The sections with statements marked companion, in MOVE_ORDER and from the end of each
    section, until the main page is within `limit` words or nothing movable is left.
    Nothing is dropped: a moved statement is on the section's companion page."""
    total = main_words(sections)
    lists = [list(s.statements) for s in sections]
    for rule in MOVE_ORDER:
        for k, s in enumerate(sections):
            for n in range(len(lists[k]) - 1, -1, -1):
                if total <= limit:
                    break
                st = lists[k][n]
                if not st.companion and rule(s.id, st, n, lists[k]):
                    lists[k][n] = st.model_copy(update={"companion": True})
                    total -= _words(st)
    return [s.model_copy(update={"statements": lists[k]}) if lists[k] != s.statements else s
            for k, s in enumerate(sections)]


