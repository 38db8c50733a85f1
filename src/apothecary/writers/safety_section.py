"""The Important safety information section: each safety message once, labelled with its
ingredient and form, and a plain line for every topic our sources do not cover."""

from __future__ import annotations

from ..models import Drug, Section, Statement
from ..monographs import SafetyItem
from ..monographs.safety import (
    COVERED_TOPICS,
    covered,
    label_sentences,
    partly_covered_text,
    unanswered,
)
from ..sentences import join_and
from .wording import (
    NOT_COVERED,
    SAFETY_DETAIL,
    SAFETY_INTRO,
    SECTION_TITLES,
    cap_first,
    ingredient_display,
    not_covered_text,
    overdose_elsewhere,
    overdose_not_covered,
    source_for,
)


def safety_section(
    drugs: list[Drug], names: list[str], safety: list[tuple[str | None, SafetyItem]],
    page_name: str, given: bool = False, body: bool = False,
) -> Section:
    statements: list[Statement] = []
    said: set[str] = set()  # sentences already on the page: a label repeats itself
    for ing, s in safety:
        fresh = [x for x in label_sentences(s.text) if x.strip() not in said]
        if not fresh:  # the same words under another heading or ingredient: once
            if s.topic == "breastfeeding":  # OTC labels: "If pregnant or breast-feeding"
                for n, st in enumerate(statements):
                    if st.label and st.label.startswith("Pregnancy") and \
                            "breastfeeding" not in st.label and \
                            s.text.split(".")[0] in st.text:
                        statements[n] = st.model_copy(update={"label": st.label.replace(
                            "Pregnancy", "Pregnancy and breastfeeding", 1)})
            continue
        said.update(x.strip() for x in fresh)
        label = s.label + (f" ({ing})" if ing and s.topic != "same_ingredient" else "") \
            + (f" ({s.form})" if s.form else "")
        text = " ".join(fresh) + (
            f" Source: {source_for(s.source, [ing or page_name, *names], s.own)}."
            if s.source else "")
        statements.append(Statement(
            label=label, text=text, fact_ids=list(s.fact_ids),
            ingredient=ingredient_display(drugs, names, ing),
            # DILIrank's "less concern" (liver injury on the label, rarely severe) is
            # detail: on the first screens it pushed out the warnings that matter
            companion=s.topic in SAFETY_DETAIL or s.detail
            or (s.topic == "liver" and not s.short)))
    topics = covered(s for _, s in safety)
    missing = [t for t in COVERED_TOPICS if t not in topics]
    if "overdose" in topics and "overdose" not in covered(s for _, s in safety
                                                          if not s.detail):
        # only a label's overdose text for doctors ("the highest doses evaluated in
        # clinical trials", review 25): the main page still says what to do
        statements.append(Statement(label="Overdose", text=overdose_elsewhere(page_name,
                                                                              given)))
    if missing == ["overdose"]:
        statements.append(Statement(label="Overdose",
                                    text=overdose_not_covered(page_name, given, body)))
    elif len(missing) == 1:
        statements.append(Statement(label=cap_first(missing[0]),
                                    text=NOT_COVERED[missing[0]].format(name=page_name)))
    elif missing:  # one line, not three lines of boilerplate
        statements.append(Statement(label=cap_first(join_and(missing)),
                                    text=not_covered_text(missing, page_name, given,
                                                          body)))
    for topic in ("pregnancy", "breastfeeding"):  # a combination: every ingredient
        if others := unanswered(safety, names, topic):
            statements.append(Statement(label=f"{cap_first(topic)} ({join_and(others)})",
                                        text=partly_covered_text(topic, others)))
    # the serious reactions' list is the key facts' and the side effects' (review 22
    # read flecainide's three times on one main page)
    return Section(id="safety", title=SECTION_TITLES["safety"], intro=SAFETY_INTRO,
                   statements=statements)
