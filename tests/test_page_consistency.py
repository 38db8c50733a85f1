"""One page, one answer (reviews 8 and 9): the main page and its companion never say "our
sources do not cover" a topic they answer elsewhere; a combination's answer says which
ingredients it does not cover; medicine-specific warnings reach the page; DILIrank's ranking
is said in plain words with the signs to watch for."""

from __future__ import annotations

import re

import pytest

from apothecary.knowledge.store import KnowledgeBase
from apothecary.models import Fact, FactKind, Page
from apothecary.monographs import rules
from apothecary.monographs.key_facts import important
from apothecary.monographs.model import SafetyItem
from apothecary.monographs.safety import approval_pregnancy_note, select_safety, unanswered
from apothecary.writers.base import PageRequest
from apothecary.writers.template import TemplateWriter


def write(kb: KnowledgeBase, *ids: str) -> Page:
    drugs = [kb.drug(i) for i in ids]
    assert all(drugs)
    req = PageRequest(key="+".join(sorted(ids)), drugs=drugs, lines=[1])  # type: ignore[arg-type]
    return TemplateWriter(kb).write_pages([req])[0]


def _texts(page: Page) -> list[tuple[str, str]]:
    """(label, text) of every statement (main and companion) and every FAQ answer."""
    out = [(st.label or "", st.text) for s in page.sections for st in s.statements]
    return out + [(q.question, q.answer) for q in page.faqs]


def contradictions(page: Page, name: str) -> list[str]:
    """Topics a page says it has no answer for while a statement answers them."""
    bad = []
    for topic in ("pregnancy", "breastfeeding"):
        whole = re.compile(rf"do not cover (?:[a-z]+, )*(?:[a-z]+ and )?{topic}"
                           rf"(?: and [a-z]+)* for {re.escape(name)}\.", re.IGNORECASE)
        says_none = any(whole.search(t) for _, t in _texts(page))
        answers = any(label.casefold().startswith(topic) and "do not cover" not in t
                      for label, t in _texts(page))
        if says_none and answers:
            bad.append(topic)
    return bad


def test_the_contradiction_check_catches_a_page_that_says_both() -> None:
    from apothecary.models import Section, Statement

    page = Page(key="x", title="X", slug="x", drugs=[], sections=[Section(
        id="safety", title="Safety", statements=[
            Statement(label="Pregnancy", text="Do not take it in pregnancy."),
            Statement(label="Pregnancy", text="Our sources do not cover pregnancy for X.")])])
    assert contradictions(page, "X") == ["pregnancy"]


@pytest.mark.parametrize("ids", [("DB00316",), ("DB00331",), ("DB00682",), ("DB00945",),
                                 ("DB00557",), ("DB01275",), ("DB01001",),
                                 ("DB00331", "DB01275"), ("DB01060", "DB00766"),
                                 ("DB00316", "DB00945")])
def test_no_page_says_not_covered_beside_an_answer(tiny_kb: KnowledgeBase,
                                                   ids: tuple[str, ...]) -> None:
    page = write(tiny_kb, *ids)
    name = " + ".join(d.display for d in page.drugs) if len(ids) > 1 else page.drugs[0].display
    assert contradictions(page, name) == []


@pytest.mark.usefixtures("unanswered_hydralazine")
def test_a_combination_answer_names_the_ingredients_it_does_not_cover(
        tiny_kb: KnowledgeBase) -> None:
    """Voglibose + metformin read "Metformin can be used in pregnancy" (review 8): metformin's
    answer stays, and the page says that it does not speak for the other ingredient."""
    page = write(tiny_kb, "DB00331", "DB01275")
    faq = next(q.answer for q in page.faqs if "pregnant" in q.question)
    assert faq.startswith("Metformin can be used in pregnancy")
    assert "do not cover pregnancy for Hydralazine" in faq
    assert "not about the whole combination" in faq
    safety = next(s for s in page.sections if s.id == "safety")
    assert any(st.label == "Pregnancy (Hydralazine)" for st in safety.statements)
    # a single medicine, or an answer for every ingredient: nothing added
    single = write(tiny_kb, "DB00331")
    assert "whole combination" not in " ".join(t for _, t in _texts(single))


def test_unanswered_needs_an_answer_to_qualify() -> None:
    item = SafetyItem(topic="pregnancy", label="Pregnancy", text="x", source="s")
    assert unanswered([("A", item)], ["A", "B"], "pregnancy") == ["B"]
    assert unanswered([("A", item), ("B", item)], ["A", "B"], "pregnancy") == []
    assert unanswered([(None, item)], ["A", "B"], "pregnancy") == []  # the product's label
    assert unanswered([], ["A", "B"], "pregnancy") == []  # nothing said: "not covered" once
    assert unanswered([("A", item)], ["A"], "pregnancy") == []


def _leaflet(kind: str, text: str) -> Fact:
    return Fact(id=f"leaf-{kind}", drug_id="D1", kind=FactKind.PREGNANCY, value="x",
                plain=text, source_id="leaflets", licence="Apache-2.0",
                locator=f"[{kind}]; NHS, Vitamin A: https://www.nhs.uk/conditions/vitamin-a/")


def test_a_leaflet_pregnancy_answer_is_the_answer_not_detail() -> None:
    """Cod liver oil: the vitamin A leaflet fact was marked companion detail by its own
    presence, so the FAQ said "our sources do not cover pregnancy" (review 9)."""
    fact = _leaflet("pregnancy", "Too much vitamin A can harm an unborn baby: if you are "
                    "pregnant or could become pregnant, do not take supplements containing "
                    "vitamin A (retinol) or fish liver oil unless your doctor says so.")
    items = select_safety([fact], "cod liver oil", "")
    preg = [i for i in items if i.topic == "pregnancy"]
    assert len(preg) == 1 and not preg[0].detail
    lead = important(items)
    assert [i.short for i in lead] == ["Too much vitamin A can harm an unborn baby."]
    # under a key message of the same topic the leaflet fact is detail (one answer)
    under = select_safety([fact], "warfarin", "B01AA03")
    assert [i.detail for i in under if i.fact_ids] == [True]


def test_dilirank_most_concern_is_said_in_plain_words_with_the_signs() -> None:
    liver = Fact(id="dili", drug_id="D1", kind=FactKind.LIVER_INJURY, value="Most",
                 plain="most", severity="most", source_id="dilirank", locator="x",
                 licence="Public domain")
    item = next(i for i in select_safety([liver], "unlisted", "") if i.topic == "liver")
    assert "DILIrank" not in (item.short or "") and "yellow" in (item.short or "")
    assert "dark" in item.text and item.source and "medlineplus.gov" in item.source
    assert not item.detail
    # a reviewed line already about the liver (terbinafine): DILIrank's line is detail, and
    # the first screen no longer says the liver twice
    terb = select_safety([liver], "terbinafine", "D01AE15 D01BA02")
    assert next(i for i in terb if i.topic == "liver").detail
    assert sum("liver" in (i.short or "") for i in important(terb)) == 1


def test_a_free_first_screen_line_takes_a_second_reviewed_warning() -> None:
    """Clopidogrel: bleeding and the PPI warning, where no other topic has a line; a danger
    of another topic still keeps its line (valproate's pregnancy)."""
    lead = important(select_safety([], "clopidogrel", "B01AC04"))
    assert [i.topic for i in lead] == ["high_alert", "high_alert"]
    assert "bleed" in (lead[0].short or "") and "omeprazole" in (lead[1].short or "")
    valp = important(select_safety([], "valproic acid", "N03AG01"))
    assert [i.topic for i in valp] == ["high_alert", "pregnancy"]


@pytest.mark.parametrize("name,atc,lead_words,other_words", [
    ("ticagrelor", "B01AC24", "aspirin", "bleed more easily"),
    ("clozapine", "N05AH02", "sore throat", "smoking"),
    ("fentanyl", "N01AH01 N02AB03", "patches are only", "clarithromycin"),
    ("azathioprine", "L04AX01", "skin cancer", "tpmt"),
    ("risperidone", "N05AX08", "weight", "prolactin"),
    ("levosulpiride", "N05AL07", "movements", "prolactin"),
    ("linezolid", "J01XX08", "tyramine", "blood counts"),
    ("itraconazole", "J02AC02", "heart failure", "full meal"),
    ("domperidone", "A03FA03", "heart rhythm", "liver disease"),
    ("ranitidine", "A02BA02", "2020", "ndma"),
    ("terbinafine", "D01AE15 D01BA02", "liver", "taste"),
    ("ambroxol", "R02AD05 R05CB06", "skin reaction", "blisters"),
    ("dabigatran etexilate", "B01AE07", "bleed", "capsules whole"),
    ("oxcarbazepine", "N03AF02", "", "contraception"),
    ("ivermectin", "D11AX22 P02CF01", "covid-19", "animals"),
    ("deflazacort", "H02AB13", "stop taking it suddenly", "chickenpox"),
    ("metformin", "A10BA02", "lactic", "vitamin b12"),
])
def test_review8_9_medicine_specific_warnings(name: str, atc: str, lead_words: str,
                                             other_words: str) -> None:
    """The boxed warning or leading leaflet point of each medicine reviews 8 and 9 found
    missing: on the page, and the medicine's own lead on the first screen."""
    items = select_safety([], name, atc)
    assert any(other_words in i.text.casefold() for i in items), (name, other_words)
    lead = important(items)
    assert lead and lead[0].source
    assert lead_words in (lead[0].short or "").casefold(), (name, lead[0].short)


def test_a_class_pregnancy_answer_never_quotes_another_member() -> None:
    """Itraconazole's pregnancy answer was fluconazole's ("thrush … pessary", review 9)."""
    def preg(name: str, atc: str) -> str:
        return " ".join(m for t, m, _ in rules.key_messages_for(name, atc) if t == "pregnancy")

    assert "thrush" in preg("fluconazole", "J02AC01")
    assert "thrush" not in preg("itraconazole", "J02AC02")
    assert "nail infection" in preg("itraconazole", "J02AC02")
    # its own answer (round 7), never fluconazole's borrowed one
    assert "thrush" not in preg("voriconazole", "J02AC03")


def test_an_approval_quote_on_pregnancy_points_to_the_sourced_answer() -> None:
    answer = SafetyItem(topic="pregnancy", label="Pregnancy", text="Often used in pregnancy.",
                        source="NHS, Labetalol: https://www.nhs.uk/medicines/labetalol/")
    quote = "all forms of hypertension (except hypertension of pregnancy)"
    note = approval_pregnancy_note(quote, [answer])
    assert "not advice on pregnancy" in note and "(NHS)" in note
    assert approval_pregnancy_note("all forms of hypertension", [answer]) == ""
    label_only = SafetyItem(topic="pregnancy", label="Pregnancy (US label)", text="x",
                            fact_ids=["f"])
    assert approval_pregnancy_note(quote, [label_only]) == ""


def test_a_medicines_own_warnings_come_before_its_classs_pregnancy_answer() -> None:
    """Clozapine: blood counts and the heart on the first screen, not the antipsychotics'
    pregnancy answer (review 8); a medicine's own pregnancy row keeps its line
    (methotrexate), and so does a class danger of another topic (fentanyl: children)."""
    cloz = important(select_safety([], "clozapine", "N05AH02"))
    assert [i.topic for i in cloz] == ["high_alert", "high_alert"]
    assert "sore throat" in (cloz[0].short or "") and "chest pain" in (cloz[1].short or "")
    mtx = important(select_safety([], "methotrexate", "L01BA01 L04AX03"))
    assert [i.topic for i in mtx] == ["high_alert", "pregnancy"]
    fent = important(select_safety([], "fentanyl", "N01AH01 N02AB03"))
    assert [i.topic for i in fent] == ["high_alert", "overdose"]
    # a combination keeps one line per ingredient: nothing deferred
    items = select_safety([], "clozapine", "N05AH02")
    lead = important(items, owners=["Clozapine"] * len(items))
    assert [i.topic for i in lead] == ["high_alert", "pregnancy"]


def test_each_medicines_and_classs_first_warning_fits_the_first_screen() -> None:
    """A first sentence (or its clause before a colon) longer than a key-facts line keeps
    the row off the first screen: betahistine's only warning, at 128 characters, left its
    page without a "Most important" line."""
    from apothecary.monographs.key_facts import KEY_MAX
    from apothecary.monographs.safety import _short

    long = []
    for k, rows in rules.key_messages().items():
        first = [m for t, m, _ in rows if t in ("high_alert", "overdose", "pregnancy")][:1]
        long += [(k, _short(m)) for m in first if len(_short(m)) > KEY_MAX]
    assert long == []


@pytest.mark.parametrize("name,atc,words", [
    ("moxifloxacin", "J01MA14 S01AE07", "myasthenia"),
    ("phenylephrine", "C01CA06 R01AA04 R01AB01 R01BA03 S01FB01 S01GA05", "enlarged prostate"),
    ("chlorphenamine", "R06AB04", "glaucoma"),
    ("lorazepam", "N05BA06", "short time"),
    ("betahistine", "N07CA01", "phaeochromocytoma"),
    ("tofacitinib", "L04AF01", "blood clots"),
    ("abacavir", "J05AF06", "hla-b*5701"),
    ("clindamycin", "D10AF01 G01AA10 J01FF01", "diarrhoea"),
    ("hydroxyzine", "N05BB01", "heart rhythm"),
    ("salmeterol", "R03AC12", "steroid"),
])
def test_gap_list_rows_reach_their_medicines(name: str, atc: str, words: str) -> None:
    items = select_safety([], name, atc)
    assert any(words in i.text.casefold() for i in items), name
    assert important(items), name
