"""Round 35 (k35a, review 40): SIDER pools trial adverse events, the treated illness's
included. A blood thinner's "shortness of breath, chest pain" (the signs of a clot in the
lung), an antibiotic's "pneumonia, sepsis" leave the main and serious lists for the companion
page, under their own label; a term the medicine's own label or leaflet names stays."""

from __future__ import annotations

from apothecary.models import Fact, FactKind, Page
from apothecary.monographs.rules import treated_illness
from apothecary.monographs.side_effects import DETAIL_LABEL, select_effects
from pagekit import shipped_pages

ILLNESS = DETAIL_LABEL["illness"]
BEMIPARIN = "Bemiparin"
ENOXAPARIN = "'Enoxaparin (300mg)'"
CEFEPIME = "'Cefepime (250mg)', 'Tazobactum (31.25mg)'"


def _effects(page: Page, companion: bool) -> list[tuple[str, str]]:
    return [(st.label or "", st.text) for s in page.sections if s.id == "side-effects"
            for st in s.statements if st.companion == companion]


def _sider(n: str, term: str, plain: str, freq: str = "common") -> Fact:
    return Fact(id=f"f{n}", drug_id="D1", kind=FactKind.SIDE_EFFECT, value=term, plain=plain,
                source_id="sider", locator=n, licence="CC-BY-NC-SA", frequency=freq)


def test_the_table_is_by_class_and_leaves_out_what_labels_list() -> None:
    assert treated_illness("Dyspnoea", "B01AB12")  # bemiparin: a clot in the lung
    assert treated_illness("Pneumonia", "J01DE01")  # cefepime
    assert treated_illness("Convulsion", "N03AX14")  # levetiracetam
    assert not treated_illness("Dyspnoea", "B01AC24")  # ticagrelor's own side effect
    assert not treated_illness("Dyspnoea", "M01AE01")  # not its class
    assert not treated_illness("Candidiasis", "J01CA04")  # thrush after an antibiotic
    assert not treated_illness("Haemorrhage", "B01AB05")  # bleeding: the blood thinner's own


def test_a_blood_thinners_clot_signs_leave_its_main_page() -> None:
    page = shipped_pages(BEMIPARIN)[BEMIPARIN]
    main = " ".join(t for _, t in _effects(page, companion=False)).casefold()
    assert "shortness of breath" not in main and "chest pain" not in main, main
    assert "bleeding" in main  # its own side effect stays
    companion = dict(_effects(page, companion=True))
    assert "shortness of breath" in companion.get(ILLNESS, "").casefold(), companion


def test_an_antibiotics_infections_are_labelled_as_the_illness() -> None:
    page = shipped_pages(CEFEPIME)[CEFEPIME]
    labels = _effects(page, companion=True)
    other = " ".join(t for label, t in labels if not label.startswith(ILLNESS)).casefold()
    assert "sepsis" not in other and "pneumonia" not in other, labels
    illness = " ".join(t for label, t in labels if label.startswith(ILLNESS)).casefold()
    assert "sepsis" in illness, labels
    main = " ".join(t for _, t in _effects(page, companion=False)).casefold()
    assert "diarrhoea" in main  # the antibiotic's own, unchanged


def test_a_term_its_label_names_stays_and_other_classes_are_unchanged() -> None:
    facts = [_sider("1", "Dyspnoea", "shortness of breath"), _sider("2", "Nausea", "nausea"),
             _sider("3", "Chest pain", "chest pain")]
    main, _, groups = select_effects(facts, set(), [], atc="B01AB05")
    shown = [i.text for g in main for i in g.items]
    assert "shortness of breath" not in shown and "chest pain" not in shown, shown
    assert any(g.label == ILLNESS for g in groups)
    warned = [*facts, Fact(id="w", drug_id="D1", kind=FactKind.PATIENT_WARNING,
                           value="chest pain", plain="Get help if you have chest pain",
                           source_id="dailymed", locator="w", licence="Public domain")]
    main, _, _ = select_effects(warned, set(), [], atc="B01AB05")
    assert "chest pain" in [i.text for g in main for i in g.items]
    main, _, groups = select_effects(facts, set(), [], atc="M01AE01")  # not its class
    assert {"shortness of breath", "chest pain"} <= {i.text for g in main for i in g.items}
    assert not any(g.label == ILLNESS for g in groups)


def test_a_page_without_such_terms_is_unchanged() -> None:
    page = shipped_pages(ENOXAPARIN)[ENOXAPARIN]
    main = " ".join(t for _, t in _effects(page, companion=False))
    assert "bleeding more easily than usual" in main and "Anaemia" in main, main
