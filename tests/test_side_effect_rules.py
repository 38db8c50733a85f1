"""Side-effect and kind-of-medicine rules of issue 10: signature effects lead, infection
signs are an alarm where white blood cells can fall, near-duplicates go, plain classes."""

from __future__ import annotations

from apothecary.models import Fact, FactKind
from apothecary.monographs import rules
from apothecary.monographs.how_it_works import select_kind
from apothecary.monographs.side_effects import DETAIL_LABEL, near_duplicate, select_effects


def _effect(fid: str, value: str, plain: str, frequency: str = "common") -> Fact:
    return Fact(id=fid, drug_id="D1", kind=FactKind.SIDE_EFFECT, value=value, plain=plain,
                source_id="sider", locator="r", licence="x", frequency=frequency)


FEVER = _effect("e1", "Pyrexia", "raised body temperature (fever)")
THROAT = _effect("e2", "Oropharyngeal pain", "sore throat")
NAUSEA = _effect("e3", "Nausea", "feeling sick (nausea)")
AGRANULO = _effect("e4", "Agranulocytosis", "very low white blood cells (agranulocytosis)",
                   "rare")


def _main_texts(main) -> list[str]:  # type: ignore[no-untyped-def]
    return [i.text for g in main for i in g.items]


def test_infection_signs_are_an_alarm_when_white_cells_can_fall() -> None:
    # carbimazole's class: the alarm leads "get help at once", never "common"
    main, serious, _ = select_effects([FEVER, THROAT, NAUSEA], set(), [], atc="H03BB01")
    assert not any("fever" in t or "throat" in t for t in _main_texts(main))
    assert serious[0].text.startswith("a fever, sore throat or mouth ulcers")
    assert set(serious[0].fact_ids) == {"e1", "e2"}
    # a medicine whose facts report agranulocytosis (a cold remedy's antihistamine): out of
    # the ordinary list, a serious reaction on the companion page, not a first-screen alarm
    main, serious, groups = select_effects([FEVER, NAUSEA, AGRANULO], set(), [],
                                           atc="R06AB04")
    assert not any("fever" in t for t in _main_texts(main))
    assert not any("fever" in i.text for i in serious)
    other = [g for g in groups if g.label == DETAIL_LABEL["serious"]]
    assert other and other[0].companion and other[0].items[0].fact_ids == ["e1"]
    # otherwise fever may stay an ordinary side effect (ranked last)
    main, _, _ = select_effects([FEVER, NAUSEA], set(), [], atc="C09AA02")
    assert _main_texts(main) == ["feeling sick (nausea)", "fever"]


def test_near_duplicates_leave_the_main_list() -> None:
    assert near_duplicate("stomach or gut pain", ["stomach pain"])
    assert near_duplicate("stomach pain", ["dizziness", "stomach or gut pain"])
    assert not near_duplicate("stomach discomfort", ["stomach pain"])
    assert not near_duplicate("headache", [])
    pain = _effect("p1", "Abdominal pain", "stomach pain")
    gut = _effect("p2", "Gastrointestinal pain", "stomach or gut pain")
    main, _, groups = select_effects([pain, gut, NAUSEA], set(), [])
    texts = _main_texts(main)
    assert sum("stomach" in t for t in texts) == 1
    assert any("stomach" in i.text for g in groups for i in g.items)  # detail, not lost


def test_signature_terms_leave_the_general_list_which_is_shorter() -> None:
    cough = _effect("c1", "Cough", "cough")
    many = [_effect(f"m{n}", term, term.lower()) for n, term in enumerate(
        ["Headache", "Dizziness", "Diarrhoea", "Constipation", "Fatigue", "Rash", "Vomiting",
         "Insomnia", "Dyspepsia", "Pruritus"])]
    sig = rules.signature_for("enalapril", "C09AA02")
    assert sig is not None and "cough" in sig[0] and "cough" in sig[1]
    main, _, _ = select_effects([cough, *many], set(), [], sig[1])
    assert not any("cough" in t for t in _main_texts(main))
    assert len(_main_texts(main)) == 6  # two of the 8 places go to the signature line
    main, _, _ = select_effects([cough, *many], set(), [])
    assert len(_main_texts(main)) == 8 and any("cough" in t for t in _main_texts(main))
    assert rules.signature_for("ramipril", "C09AA05") == sig  # a class row
    assert rules.signature_for("levetiracetam", "N03AX14")[0].startswith("sleepiness")  # type: ignore[index]
    assert rules.signature_for("omeprazole", "") is None


def test_signature_rows_are_reviewed_and_reach_shipped_codes() -> None:
    import csv
    from pathlib import Path

    import apothecary
    drugs = Path(apothecary.__file__).parent / "data" / "kb" / "drugs.tsv"
    codes: set[str] = set()
    names: set[str] = set()
    with drugs.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            codes.update((row["atc"] or "").split())
            names.add(rules.key(row["name"]))
    rows = rules.signature_effects()
    assert len(rows) >= 40
    for k, (words, terms, source) in rows.items():
        # an NHS leaflet, or the FDA's class Medication Guide where the NHS has no class
        # page (opioids: review 6 found codeine's words on every opioid)
        assert (source.startswith("NHS, ") and "https://www.nhs.uk/" in source) or (
            source.startswith("FDA Medication Guides") and "https://www.fda.gov/" in source), k
        assert words == words.lower() or words[0].islower(), k
        assert terms, k  # every line names the terms it replaces
        prefix = rules.class_codes(k)[0] if k.startswith("atc:") else ""
        assert (prefix and any(c.startswith(prefix) for c in codes)) if k.startswith(
            "atc:") else k in names, k
    for prefix in rules.plain_classes():
        assert any(c.startswith(prefix) for c in codes), prefix


def test_kind_of_medicine_is_never_a_raw_atc_group_name() -> None:
    atc = Fact(id="k1", drug_id="D1", kind=FactKind.CLASS, value="ANTIHISTAMINES FOR SYSTEMIC "
               "USE", plain="antihistamines for systemic use", source_id="who-atc",
               locator="ATC R06A (via R06AX13)", licence="x")
    mesh = Fact(id="k2", drug_id="D1", kind=FactKind.CLASS, value="Anti-Allergic Agents",
                plain="allergy medicine", source_id="drugcentral",
                locator="pharm_class.tsv row 1 (MeSH PA D018926)", licence="x")
    kind = select_kind([atc, mesh], "R06AX13")
    assert kind is not None and kind.text == "antihistamine (for allergies)"
    assert kind.fact_ids == ["k1"]
    # no reviewed row: MeSH's plain words beat the raw ATC group name
    kind = select_kind([atc, mesh], "")
    assert kind is not None and kind.text == "allergy medicine"
    assert rules.plain_class("C07AB12") == "beta blocker"
    assert rules.plain_class("N06AB03") == "antidepressant (SSRI)"
    assert rules.plain_class("Z99") is None


def _effects(kb, drug_id: str):  # type: ignore[no-untyped-def]
    from apothecary.writers.base import PageRequest
    from apothecary.writers.template import TemplateWriter

    req = PageRequest(key=drug_id, drugs=[kb.drug(drug_id)], lines=[1], names=[])
    page = TemplateWriter(kb).write_pages([req])[0]
    return next(s for s in page.sections if s.id == "side-effects").statements


def test_pages_lead_with_the_signature_and_never_read_no_data_as_none(
        tiny_kb) -> None:  # type: ignore[no-untyped-def]
    effects = _effects(tiny_kb, "DB00331")  # metformin
    first = effects[0]
    assert first.label == "Common, and typical of this medicine"
    assert first.text.startswith("Feeling sick, diarrhoea, stomach ache")
    assert "Source: NHS, Metformin: https://www.nhs.uk/medicines/metformin/." in first.text
    assert "f-met-se-diar" in first.fact_ids  # the label fact backs the line
    # its terms are not listed again under "Common"
    common = " ".join(st.text for st in effects[1:] if (st.label or "").startswith("Common"))
    assert "diarrhoea" not in common.casefold()
    no_data = [st.text for d in ("DB00316", "DB01060", "DB00766", "DB00682", "DB00945",
                                 "DB00557", "DB01275", "DB01001")
               for st in _effects(tiny_kb, d) if "no side-effect data" in st.text]
    assert no_data and all("does not mean it has none" in t for t in no_data)


def _serious(facts: list[Fact], atc: str) -> tuple[list[str], list[str]]:
    """(first-screen serious lines, companion serious lines) of a medicine."""
    _, serious, groups = select_effects(facts, set(), ["oral"], atc=atc)
    detail = [i.text for g in groups if g.label == DETAIL_LABEL["serious"] for i in g.items]
    return [i.text for i in serious], detail


def test_sider_only_serious_terms_leave_the_first_screen_unless_the_class_is_known() -> None:
    """Review 6: agranulocytosis led propranolol's "get help at once"; carbimazole's stays."""
    facts = [_effect("a", "Agranulocytosis", "agranulocytosis", "postmarketing")]
    main, detail = _serious(facts, "C07AA05")
    assert main == [] and detail
    main, detail = _serious(facts, "H03BB01")
    assert main and not detail
    # the label's own text backs it, whatever the class
    label = Fact(id="w", drug_id="D1", kind=FactKind.PATIENT_WARNING, value="warning",
                 plain="Cases of agranulocytosis have been reported.", source_id="openfda",
                 locator="x", licence="x")
    assert _serious([*facts, label], "C07AA05")[0]


def test_bleeding_on_a_vitamin_and_on_a_blood_thinner() -> None:
    facts = [_effect("h", "Haemorrhage", "bleeding", "unknown")]
    assert _serious(facts, "A11DA01")[0] == []  # thiamine: "unusual bleeding" was noise
    assert _serious(facts, "B01AA07")[0]  # acenocoumarol: a known danger
    label = Fact(id="w", drug_id="D1", kind=FactKind.BOXED_WARNING, value="boxed",
                 plain="May cause serious hemorrhage.", source_id="openfda", locator="x",
                 licence="x")
    assert _serious([*facts, label], "A11DA01")[0]  # US spelling in the label still backs it


def test_general_emergencies_stay_but_only_a_few_and_after_backed_ones() -> None:
    facts = [_effect("a", "Anaphylactic shock", "anaphylactic shock", "unknown"),
             _effect("s", "Stevens-Johnson syndrome", "sjs", "unknown"),
             _effect("g", "Angioedema", "angioedema", "unknown"),
             _effect("r", "Rhabdomyolysis", "rhabdomyolysis", "postmarketing")]
    main, _ = _serious(facts, "C10AA05")  # a statin: muscle breakdown is known, leads
    from apothecary.monographs.side_effects import signed
    plain_rhabdo = rules.plain_term("Rhabdomyolysis") or "rhabdomyolysis"
    sign = rules.serious_terms()["rhabdomyolysis"][0]  # the sign leads (scan17)
    assert main[0] == signed(sign, plain_rhabdo) and len(main) == 1 + 2
    main, detail = _serious(facts, "A11DA01")
    assert len(main) == 2 and len(detail) == 2  # the third emergency, and rhabdomyolysis


def test_emergency_terms_rows_name_serious_terms() -> None:
    general, classes = rules.emergency_terms()
    serious = rules.serious_terms()
    assert general and classes
    assert [t for t in [*general, *classes] if t not in serious] == []


def test_a_population_products_terms_are_that_populations_never_the_common_list() -> None:
    """Caffeine's only dataset label is caffeine citrate for babies born early: its "Common"
    list was sepsis, kidney failure and fluid on the lungs (k9d)."""
    facts = [_effect("f1", "Sepsis", "blood infection (sepsis)"),
             _effect("f2", "Rash", "rash"), _effect("f3", "Gastritis", "gastritis")]
    main, serious, groups = select_effects(facts, set(), [], population="premature")
    assert main == [] and serious == []
    premature = [g for g in groups if g.label.startswith("In babies born early")]
    assert premature and premature[0].companion
    assert {i.fact_ids[0] for i in premature[0].items} == {"f1", "f2", "f3"}
    # without the population: an ordinary list
    main, _, _ = select_effects(facts, set(), [])
    assert "rash" in " ".join(_main_texts(main)).casefold()
    assert rules.population_products()["caffeine"] == "premature"


def test_the_shipped_caffeine_page_leads_with_its_own_leaflet_rows() -> None:
    from pagekit import shipped_pages
    page = shipped_pages("Caffeine")["Caffeine"]
    main = " ".join(st.text for s in page.sections if s.id == "side-effects"
                    for st in s.statements if not st.companion).casefold()
    assert "trouble sleeping" in main and "sepsis" not in main and "kidney failure" not in main


def test_a_serious_reaction_leads_with_the_sign_a_reader_notices() -> None:
    from apothecary.monographs.side_effects import signed
    assert signed("yellow skin or eyes", "liver failure") == "yellow skin or eyes (liver failure)"
    assert signed("feeling faint, cold and clammy (collapse)", "shock (dangerously low blood "
                  "pressure)") == "feeling faint, cold and clammy (collapse, shock)"
    # a term that already says the sign, or glosses it, is left as it is
    assert signed("a severe allergic reaction", "severe allergic reaction (anaphylaxis)") == \
        "severe allergic reaction (anaphylaxis)"
    assert signed("swelling of the face, lips or throat", "swelling under the skin, of the "
                  "face, lips or throat (angioedema)") == ("swelling under the skin, of the "
                                                          "face, lips or throat (angioedema)")
