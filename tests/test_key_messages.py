"""The reviewed key messages (monographs/data/key_messages.txt): every row reaches a medicine
the shipped knowledge base knows, cites a public patient leaflet, and the high-risk medicines
of the review samples lead their first screen with one."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import pytest

import apothecary
from apothecary.monographs import rules
from apothecary.monographs.key_facts import important
from apothecary.monographs.safety import select_safety

DRUGS = Path(apothecary.__file__).parent / "data" / "kb" / "drugs.tsv"


@lru_cache(maxsize=1)
def _shipped() -> tuple[frozenset[str], frozenset[str]]:
    """(preferred names, WHO ATC codes) of the shipped knowledge base."""
    names, codes = set(), set()
    with DRUGS.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            names.add(rules.key(row["name"]))
            codes.update(c for c in (row["atc"] or "").split() if c != "\\N")
    return frozenset(names), frozenset(codes)


def test_every_row_reaches_a_shipped_medicine() -> None:
    """An ATC prefix that matches no shipped code (gabapentin moved from N03AX12 to N02BF01
    in the 2026 WHO ATC) or a misspelt name would silently show nothing."""
    names, codes = _shipped()
    def dead(k: str) -> bool:
        if k.startswith("atc:"):
            return not any(c.startswith(rules.class_codes(k)[0]) for c in codes)
        return k != "..." and k not in names

    assert [k for k in rules.key_messages() if any(map(dead, k.split(" + ")))] == []


def test_rows_cite_a_patient_leaflet_and_are_many() -> None:
    rows = [(k, *m) for k, ms in rules.key_messages().items() for m in ms]
    assert len(rows) > 100
    leaflets = ("https://www.nhs.uk/medicines/", "https://www.nhs.uk/conditions/",
                "https://www.nhs.uk/contraception/", "https://www.fda.gov/",
                "https://www.nhs.uk/mental-health/", "https://www.gov.uk/drug-safety-update/",
                "https://dailymed.nlm.nih.gov/", "https://cdsco.gov.in/",
                "https://medlineplus.gov/druginfo/", "https://www.who.int/tools/elena/",
                "https://www.nhs.uk/pregnancy/", "https://www.nhs.uk/tests-and-treatments/",
                "https://www.ema.europa.eu/en/medicines/human/referrals/",
                # round 3: class pages on breastfeeding (NHS Specialist Pharmacy Service), NICE
                # guidelines, the UK teratology service's public leaflets, NHS antibiotic guidance
                "https://www.sps.nhs.uk/", "https://www.nice.org.uk/guidance/",
                "https://www.medicinesinpregnancy.org/", "https://antimicrobialcompanion.scot/",
                "https://www.medscape.co.uk/drug/", "https://bnf.nice.org.uk/drugs/",
                "https://www.ema.europa.eu/en/medicines/human/EPAR/",
                "https://www.nccih.nih.gov/health/", "https://ods.od.nih.gov/factsheets/",
                # round 4: MHRA-approved patient leaflets (electronic Medicines Compendium) and
                # Health Canada product monographs, for medicines no NHS or US page covers
                "https://www.medicines.org.uk/emc/", "https://health-products.canada.ca/",
                # round 5: the NIH drugs and lactation database (LactMed)
                "https://www.ncbi.nlm.nih.gov/books/NBK",
                # fact check 14: an old fda.gov press release kept in the US government's
                # End of Term web archive (terfenadine, 1992)
                "https://webarchive.library.unt.edu/eot2008/",
                # round 32 (k33a): WHO treatment guidelines that phased a medicine out
                # (stavudine, 2010; kanamycin and capreomycin, 2019)
                "https://www.who.int/publications/i/item/")
    assert [r for r in rows if not any(s in r[3] for s in leaflets)] == []
    # no row repeats another row's words for the same medicine or class
    assert len({(k, rules.key(msg)) for k, _, msg, _ in rows}) == len(rows)


@pytest.mark.parametrize("name,atc,words", [
    # the seven "H" pages of review 5 and other high-alert classes of the brief
    ("prasugrel", "B01AC22", "stroke"),
    ("carbimazole", "H03BB01", "sore throat"),
    ("zolpidem", "N05CF02", "just before bed"),
    ("levetiracetam", "N03AX14", "do not stop"),
    ("nortriptyline", "N06AA10", "harming yourself"),
    ("fluoxetine", "N06AB03", "harming yourself"),
    ("pioglitazone", "A10BG03", "heart failure"),
    ("clarithromycin", "J01FA09", "heartbeat"),
    ("gabapentin", "N02BF01", "sleepy"),
    ("enoxaparin", "B01AB05", "bleed"),
    ("apixaban", "B01AF02", "bleed"),
    ("quetiapine", "N05AH04", "suicide"),  # review 7: its own row leads the class's
    ("clozapine", "N05AH02", "sore throat"),
    ("propylthiouracil", "H03BA02", "liver"),  # fact-check 1: its boxed danger leads
    ("isoniazid", "J04AC01", "yellow"),
    ("allopurinol", "M04AA01", "rash"),
    ("ramipril", "C09AA05", "potassium"),
    ("spironolactone", "C03DA01", "potassium"),
    ("tapentadol", "N02AX06", "breathing"),
    ("metformin", "A10BA02", "very rarely"),  # lactic acidosis: rare, said so
    # review 7's missing top warnings
    ("tacrolimus", "L04AD02", "immune system"),
    ("heparin", "B01AB01", "platelets"),
    ("nimesulide", "M01AX17", "15 days"),
    ("biotin", "A11HA05", "blood test"),
])
def test_high_risk_medicines_lead_with_a_reviewed_message(name: str, atc: str,
                                                          words: str) -> None:
    lead = important(select_safety([], name, atc))
    assert lead and lead[0].source, name
    assert words in (lead[0].short or "").casefold(), (name, lead[0].short)


def test_a_medicines_own_row_leads_its_class_rows() -> None:
    """Valproate: its pregnancy message leads, not the antiepileptics' class message; the
    most specific class leads a broader one (clonazepam: benzodiazepine, then epilepsy)."""
    lead = important(select_safety([], "valproic acid", "N03AG01"))
    assert lead[1].topic == "pregnancy" and "unborn baby" in lead[1].text
    assert lead[0].text.startswith("Do not stop taking it suddenly: this can bring on fits")
    clon = [i.text for i in select_safety([], "clonazepam", "N03AE01")]
    assert clon[0].startswith("It makes you sleepy and you can become dependent")
    assert any(t.startswith("Do not stop taking it suddenly, even if") for t in clon[1:])


def test_overdose_messages_reach_the_first_screen() -> None:
    """Iron and paracetamol: the reviewed overdose message is a "most important" line."""
    iron = important(select_safety([], "ferrous sulfate", "B03AA07"))
    assert iron and iron[0].topic == "overdose" and "child" in (iron[0].short or "")
    para = important(select_safety([], "paracetamol", "N02BE01"))
    assert para[0].topic == "overdose" and "liver" in (para[0].short or "")


def test_regulatory_and_spliced_label_sentences_never_reach_a_reader() -> None:
    from apothecary.models import Fact, FactKind
    from apothecary.monographs.safety import reader_extract

    assert reader_extract("AMBIEN is a federally controlled substance (C-IV) because it can "
                          "be abused. Keep AMBIEN in a safe place.") == \
        "Keep AMBIEN in a safe place."
    assert reader_extract("Pregnancy Category C. There are no adequate and well-controlled "
                          "studies in pregnant women. Use only if clearly needed.") == \
        "Use only if clearly needed."
    # roman numerals in a list are not a schedule
    assert reader_extract("Do not use in (ii) children or (iv) adults with asthma.") != ""
    assert reader_extract("Do not use if you have ever had an allergic reaction to any other "
                          "pain reliever/fever reducer right before or after heart surgery") == ""
    assert reader_extract("Ask a doctor before use if stomach bleeding warning applies to you "
                          "you have problems") == ""
    kept = "Do not use if you have ever had an allergic reaction to any other pain reliever."
    assert reader_extract(kept) == kept
    # a schedule sentence misfiled as the boxed warning: a plain warning, never "Boxed"
    boxed = Fact(id="b1", drug_id="D1", kind=FactKind.BOXED_WARNING, value="x",
                 plain="ZOLP is a federally controlled substance (C-IV) because it can be "
                 "abused. Keep ZOLP in a safe place to prevent misuse.",
                 source_id="openfda", locator="x", licence="x")
    items = select_safety([boxed], "zolpidem", "N05CF02")
    assert [i.topic for i in items if i.fact_ids] == ["patient_warning"]
    assert not any("Boxed" in i.label for i in items)
    assert important(items)[0].text.startswith("Take it only just before bed")
    real = boxed.model_copy(update={"plain": "Complex sleep behaviors including sleep-driving "
                                    "may occur. Some of these events may result in serious "
                                    "injuries, including death."})
    assert [i.topic for i in select_safety([real], "zolpidem") if i.fact_ids] == \
        ["boxed_warning"]


def test_a_combination_shows_one_most_important_message_per_ingredient() -> None:
    """Glimepiride + pioglitazone: pioglitazone's heart failure is not hidden behind
    glimepiride's low blood sugar (both high-alert)."""
    items = [*select_safety([], "glimepiride", "A10BB12"),
             *select_safety([], "pioglitazone", "A10BG03")]
    single = [i for i in important(items) if i.topic == "high_alert"]
    assert len(single) == 1 and "blood sugar" in (single[0].short or "")
    both = important(items, per_topic=2)
    assert [("blood sugar" in (i.short or ""), "heart failure" in (i.short or ""))
            for i in both] == [(True, False), (False, True)]
    # the same words from two ingredients (two penicillins) are said once
    twice = [*select_safety([], "amoxicillin", "J01CA04"),
             *select_safety([], "dicloxacillin", "J01CF01")]
    assert [i.topic for i in important(twice, per_topic=2)] == ["high_alert"]


def test_a_label_extract_saying_a_reviewed_message_again_is_not_repeated() -> None:
    from apothecary.models import Fact, FactKind
    from apothecary.monographs.key_facts import same_message

    assert same_message("Do not take it if you have ever had an allergic reaction to "
                        "penicillin or another antibiotic.",
                        "A history of allergic reaction to any of the penicillins is a "
                        "contraindication.")
    assert not same_message("It can raise the potassium in your blood.",
                            "It can harm an unborn baby and is not normally used in pregnancy.")
    label = Fact(id="c1", drug_id="D1", kind=FactKind.CONTRAINDICATION, value="x",
                 plain="A history of allergic reaction to any of the penicillins is a "
                 "contraindication.", source_id="openfda", locator="x", licence="x")
    lead = important([*select_safety([label], "dicloxacillin", "J01CF01")])
    assert len(lead) == 1 and not lead[0].fact_ids  # the reviewed row, once


def _class_rows(name: str) -> list[tuple[str, str]]:
    """(ATC prefix, source) of every class row of a reviewed rule file."""
    path = Path(rules.__file__).parent / "data" / name
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("atc:"):
            cells = [c.strip() for c in line.split("|")]
            out.append((cells[0][4:], cells[-1]))
    return out


@pytest.mark.parametrize("name", ["key_messages.txt", "signature_effects.txt"])
def test_broad_class_rows_never_quote_one_members_leaflet(name: str) -> None:
    """Review 6: haloperidol got quetiapine's "weight gain" and phenobarbital lamotrigine's
    words through a broad class row (N05A, N03A). A prefix of 4 characters or fewer mixes
    different molecules, so its row cites a class, condition or regulator page."""
    assert [(c, s) for c, s in _class_rows(name)
            if len(c) <= 4 and "nhs.uk/medicines/" in s] == []


def _overlap(a: str, b: str) -> float:
    wa, wb = set(rules.key(a).split()), set(rules.key(b).split())
    return len(wa & wb) / min(len(wa), len(wb))


@pytest.mark.parametrize("name,atc", [
    ("morphine", "N02AA01"), ("codeine", "R05DA04 N02AJ06"), ("tramadol", "N02AX02"),
    ("oxycodone", "N02AA05"), ("lamotrigine", "N03AX09"), ("phenobarbital", "N03AA02"),
    ("propranolol", "C07AA05"), ("apixaban", "B01AF02"), ("haloperidol", "N05AD01"),
    # review 7: own rows and nested classes (N03AF in N03A, L01BA in L01B, J01CA in J01C)
    ("carbamazepine", "N03AF01"), ("oxcarbazepine", "N03AF02"),
    ("methotrexate", "L01BA01 L04AX03"), ("amoxicillin", "J01CA04"),
    ("warfarin", "B01AA03"), ("carbimazole", "H03BB01"), ("digoxin", "C01AA05"),
    ("fentanyl", "N01AH01 N02AB03"), ("ibuprofen", "M01AE01"), ("paracetamol", "N02BE01"),
    ("tacrolimus", "D11AH01 L04AD02"), ("metronidazole", "J01XD01 P01AB01"),
    ("buprenorphine", "N02AE01 N07BC01"), ("promethazine", "D04AA10 R06AD02"),
    ("dabigatran etexilate", "B01AE07"),
])
def test_no_medicine_gets_the_same_warning_twice(name: str, atc: str) -> None:
    """Morphine showed codeine's addiction line twice (its own row and the opioid class).
    A pregnancy and a breastfeeding answer are two questions, so they are compared apart
    ("not normally used in pregnancy" / "… while breastfeeding")."""
    msgs = [(t if t in ("pregnancy", "breastfeeding") else "warning", m)
            for t, m, _ in rules.key_messages_for(name, atc)]
    assert [(a, b) for i, (ta, a) in enumerate(msgs) for tb, b in msgs[i + 1:]
            if ta == tb and _overlap(a, b) > 0.6] == []


@pytest.mark.parametrize("name,atc,topic,words", [
    ("propranolol", "C07AA05", "high_alert", "asthma"),
    ("propranolol", "C07AA05", "high_alert", "low blood sugar"),
    ("propranolol", "C07AA05", "overdose", "too much"),
    ("metoprolol", "C07AB02", "high_alert", "asthma"),
    ("haloperidol", "N05AD01", "high_alert", "stiffness"),
    ("haloperidol", "N05AD01", "high_alert", "dementia"),
    ("haloperidol", "N05AD01", "pregnancy", "pregnan"),
    ("apixaban", "B01AF02", "high_alert", "stroke"),
    ("apixaban", "B01AF02", "high_alert", "spinal"),
    ("morphine", "N02AA01", "high_alert", "benzodiazepines"),
    ("morphine", "N02AA01", "high_alert", "pregabalin"),
    ("morphine", "N02AA01", "pregnancy", "newborn"),
    ("phenobarbital", "N03AA02", "pregnancy", "birth defects"),
    ("phenobarbital", "N03AA02", "pregnancy", "contraceptive pill"),
    ("phenobarbital", "N03AA02", "overdose", "too much"),
    ("lamotrigine", "N03AX09", "high_alert", "built up slowly"),
    ("lamotrigine", "N03AX09", "high_alert", "valproate"),
    ("lamotrigine", "N03AX09", "pregnancy", "folic acid"),
    ("levetiracetam", "N03AX14", "pregnancy", "unborn baby"),
    ("fenofibrate", "C10AB05", "high_alert", "statin"),
    ("dicycloverine", "A03AA07", "high_alert", "6 months"),
    ("acenocoumarol", "B01AA07", "high_alert", "vitamin k"),
    ("acenocoumarol", "B01AA07", "high_alert", "alcohol"),
    ("metformin", "A10BA02", "high_alert", "being sick"),
])
def test_review6_high_risk_warnings(name: str, atc: str, topic: str, words: str) -> None:
    msgs = [m.casefold() for t, m, _ in rules.key_messages_for(name, atc) if t == topic]
    assert any(words in m for m in msgs), (name, topic, msgs)


def test_haloperidol_is_not_described_by_quetiapine() -> None:
    sig = rules.signature_for("haloperidol", "N05AD01")
    assert sig is not None and "weight" not in sig[0] and "Quetiapine" not in sig[2]
    assert all("Quetiapine" not in s for _, _, s in rules.key_messages_for("haloperidol",
                                                                             "N05AD01"))


@pytest.mark.parametrize("name,atc,topic,words", [
    # review 7, priority 1: every high-alert class of the brief has a reviewed warning
    ("acenocoumarol", "B01AA07", "high_alert", "inr"),
    ("ticlopidine", "B01AC05", "high_alert", "bleed"),
    ("cilostazol", "B01AC23", "high_alert", "heart failure"),
    ("bivalirudin", "B01AE06", "high_alert", "bleed"),
    ("dabigatran etexilate", "B01AE07", "high_alert", "spinal"),
    ("phenelzine", "N06AF03", "high_alert", "cheese"),
    ("moclobemide", "N06AG02", "high_alert", "harming yourself"),
    ("carbamazepine", "N03AF01", "high_alert", "hla-b*1502"),
    ("oxcarbazepine", "N03AF02", "high_alert", "sodium"),
    ("fentanyl", "N01AH01 N02AB03", "high_alert", "heat"),
    ("buprenorphine", "N02AE01 N07BC01", "high_alert", "breathing"),
    ("methadone", "N07BC02", "high_alert", "heart rhythm"),
    ("codeine", "R05DA04", "high_alert", "under 12"),
    ("ciclosporin", "L04AD01 S01XA18", "high_alert", "immune system"),
    ("mycophenolic acid", "L04AA06", "high_alert", "immune system"),
    ("etanercept", "L04AB01", "high_alert", "tuberculosis"),
    ("cyclophosphamide", "L01AA01", "high_alert", "blood cells"),
    ("hydroxycarbamide", "L01XX05", "high_alert", "blood cells"),
    ("linagliptin", "A10BH05", "high_alert", "sulfonylurea"),
    ("dapagliflozin", "A10BK01", "high_alert", "sulfonylurea"),
    ("semaglutide", "A10BJ06", "high_alert", "sulfonylurea"),
    ("repaglinide", "A10BX02", "high_alert", "hypo"),
    ("thiamazole", "H03BB02", "high_alert", "sore throat"),
    ("mefloquine", "P01BC02", "high_alert", "mental health"),
    ("rasagiline", "N04BD02", "high_alert", "cough and cold"),
    ("flecainide", "C01BC04", "high_alert", "heart rhythm"),
    ("hydrochlorothiazide", "C03AA03", "high_alert", "potassium"),
    ("chlortalidone", "C03BA04", "high_alert", "potassium"),
    ("linezolid", "J01XX08", "high_alert", "blood cells"),
    ("fluconazole", "D01AC15 J02AC01", "high_alert", "interact"),
    ("ketoconazole", "D01AC08 J02AB02", "high_alert", "liver"),
    ("phenylephrine", "R01AA04 R01BA03", "high_alert", "under 2"),
    ("chlorphenamine", "R06AB04", "high_alert", "sleepy"),
    ("dextromethorphan", "R05DA09", "high_alert", "maoi"),
    ("promethazine", "D04AA10 R06AD02", "high_alert", "under 2"),
    ("potassium chloride", "A12BA01 B05XA01", "high_alert", "blood tests"),
    ("omeprazole", "A02BC01", "high_alert", "magnesium"),
    ("ropinirole", "N04BC04", "high_alert", "fall asleep"),
    # priority 2: pregnancy answers, positive where the leaflet is positive
    ("nimesulide", "M01AX17 M02AA26", "pregnancy", "20 weeks"),
    ("piroxicam", "M01AC01", "pregnancy", "20 weeks"),
    ("paracetamol", "N02BE01", "pregnancy_use", "first choice"),
    ("ferrous ascorbate", "B03AA10", "pregnancy_use", "who recommends"),
    ("calcium citrate", "A12AA13", "pregnancy_use", "pre-eclampsia"),
    ("colecalciferol", "A11CC05", "pregnancy_use", "advised"),
    ("retinol", "A11CA01 D10AD02", "pregnancy", "vitamin a"),
    ("heparin", "B01AB01 C05BA03", "pregnancy_use", "usually the blood thinners chosen"),
    ("gliclazide", "A10BB09", "pregnancy", "insulin"),
    ("linagliptin", "A10BH05", "pregnancy", "insulin"),
    ("metformin", "A10BA02", "pregnancy_use", "can be used"),
    ("insulin glargine", "A10AE04", "pregnancy_use", "used in pregnancy"),
    ("atenolol", "C07AB03", "pregnancy", "growth"),
    ("hydrochlorothiazide", "C03AA03", "pregnancy", "not usually recommended"),
    ("tacrolimus", "D11AH01 L04AD02", "pregnancy", "before stopping"),
    ("mycophenolic acid", "L04AA06", "pregnancy", "birth defects"),
    ("doxycycline", "A01AB22 J01AA02", "pregnancy", "teeth"),
    ("amoxicillin", "J01CA04", "pregnancy_use", "can be taken"),
    ("levothyroxine", "H03AA01", "pregnancy_use", "can take"),
    ("clotrimazole", "A01AB18 D01AC01 G01AF02", "pregnancy_use", "can be used"),
    ("fluconazole", "D01AC15 J02AC01", "pregnancy", "not usually recommended"),
    ("ondansetron", "A04AA01", "pregnancy", "first 12 weeks"),
    ("thalidomide", "L04AX02", "pregnancy", "birth defects"),
    ("sertraline", "N06AB06", "pregnancy", "do not stop"),
    ("alprazolam", "N05BA12", "pregnancy", "not usually recommended"),
    ("oxcarbazepine", "N03AF02", "pregnancy", "unborn baby"),
    # breastfeeding: a reviewed answer instead of "not covered"
    ("paracetamol", "N02BE01", "breastfeeding", "first choice"),
    ("codeine", "R05DA04", "breastfeeding", "not recommended"),
    ("enoxaparin", "B01AB05", "breastfeeding", "can be used"),
    ("morphine", "N02AA01", "breastfeeding", "sleepy"),
    # round 2
    ("methylphenidate", "N06BA04", "high_alert", "misused"),
    ("sumatriptan", "N02CC01", "high_alert", "heart attack"),
    ("tranexamic acid", "B02AA02", "high_alert", "blood clot"),
    ("itraconazole", "J02AC02", "high_alert", "heart failure"),
    ("tenofovir disoproxil", "J05AF07", "high_alert", "hepatitis b"),
    ("mesalazine", "A07EC02", "high_alert", "blood tests"),
    ("budesonide", "A07EA06 D07AC09 R01AD05 R03BA02", "high_alert", "as an inhaler"),
    ("clobetasol", "D07AD01 S01BA17", "high_alert", "thin the skin"),
    ("thiocolchicoside", "M03BX05", "pregnancy", "chromosomes"),
    ("trimetazidine", "C01EB15", "high_alert", "shaking"),
    ("nicorandil", "C01DX16", "high_alert", "ulcers"),
    ("dapsone", "D10AX05 J04BA02", "high_alert", "g6pd"),
    ("methyldopa", "C02AB01", "pregnancy_use", "high blood pressure in pregnancy"),
])
def test_review7_class_warnings(name: str, atc: str, topic: str, words: str) -> None:
    msgs = [m.casefold() for t, m, _ in rules.key_messages_for(name, atc) if t == topic]
    assert any(words in m for m in msgs), (name, topic, msgs)
    if topic == "high_alert":  # and a reviewed line leads the first screen
        lead = important(select_safety([], name, atc))
        assert lead and lead[0].source, name


def test_a_pregnancy_question_is_answered_once_by_the_most_specific_row() -> None:
    """Carbamazepine had three pregnancy lines (its own, N03AF's, N03A's); methotrexate its
    own and the antimetabolites'. The medicine's own row wins, else the narrowest class."""
    def preg(name: str, atc: str) -> list[str]:
        return [m for t, m, _ in rules.key_messages_for(name, atc) if t == "pregnancy"]

    assert preg("carbamazepine", "N03AF01") == [
        "Carbamazepine can harm an unborn baby. If you are pregnant or could become pregnant, "
        "talk to your doctor, and do not stop taking it without their advice."]
    assert [m[:25] for m in preg("oxcarbazepine", "N03AF02")] == ["It can harm an unborn bab"]
    assert len(preg("methotrexate", "L01BA01 L04AX03")) == 1
    assert preg("methotrexate", "L01BA01")[0].startswith("Methotrexate can harm")
    assert preg("levetiracetam", "N03AX14")[0].startswith("Some epilepsy medicines")
    # warnings are not cut this way: lamotrigine keeps its own and the class's high-alert rows
    assert len([t for t, _, _ in rules.key_messages_for("lamotrigine", "N03AX09")
                if t == "high_alert"]) == 3


def test_a_combination_gives_each_ingredient_its_warning() -> None:
    """Metformin's two high-alert rows took both first-screen lines of metformin +
    glimepiride and hid the low blood sugar (review 7 samples a, f)."""
    met = select_safety([], "metformin", "A10BA02")
    gli = select_safety([], "glimepiride", "A10BB12")
    items = [*met, *gli]
    owners = ["Metformin"] * len(met) + ["Glimepiride"] * len(gli)
    lead = important(items, per_topic=2, owners=owners)
    assert [("lactic" in (i.short or ""), "blood sugar too low" in (i.short or ""))
            for i in lead] == [(True, False), (False, True)]
    # without owners (the old behaviour) metformin fills both lines
    assert all("blood sugar too low" not in (i.short or "")
               for i in important(items, per_topic=2))


def test_label_lines_a_reviewed_message_answers_stay_off_the_first_screen() -> None:
    """HCTZ's first screen showed "Hypersensitivity to this product or to other
    sulfonamide-derived drugs"; paracetamol's pregnancy answer was the label's. A label
    contraindication gives way to a reviewed warning, a label pregnancy extract to a reviewed
    pregnancy answer (it moves to the companion page, and out of the FAQ)."""
    from apothecary.models import Fact, FactKind

    def fact(fid: str, kind: FactKind, text: str) -> Fact:
        return Fact(id=fid, drug_id="D1", kind=kind, value="x", plain=text,
                    source_id="openfda", locator="x", licence="x")

    contra = fact("c1", FactKind.CONTRAINDICATION, "Hypersensitivity to this product or to "
                  "other sulfonamide-derived drugs.")
    preg = fact("p1", FactKind.PREGNANCY, "All pregnancies have a background risk of birth "
                "defects.")
    boxed = fact("b1", FactKind.BOXED_WARNING, "Fetal toxicity: stop when pregnancy is found.")
    items = select_safety([contra, preg], "hydrochlorothiazide", "C03AA03")
    lead = important(items)
    assert [i.source is not None for i in lead] == [True, True]
    assert [i.topic for i in lead] == ["high_alert", "pregnancy"]
    assert not any(i.fact_ids for i in lead)
    label_preg = next(i for i in items if i.fact_ids == ["p1"])
    assert label_preg.detail  # companion detail under the reviewed answer
    assert not next(i for i in items if i.fact_ids == ["c1"]).detail  # still in the section
    # with no reviewed message the label lines still lead (nothing better to say)
    bare = important(select_safety([contra, preg], "unlisted", ""))
    assert [i.fact_ids for i in bare] == [["c1"], ["p1"]]
    # a boxed warning is never dropped for a reviewed line: it follows when there is room
    mixed = important(select_safety([boxed], "omeprazole", "A02BC01"))
    assert [i.fact_ids for i in mixed] == [[], ["b1"]]


def test_a_positive_pregnancy_answer_covers_pregnancy_but_is_not_a_warning() -> None:
    """Iron, calcium, heparins, paracetamol: routinely used in pregnancy (NHS, WHO). The page
    answers the question with the reviewed words instead of "not covered", and the first
    screen keeps its "Most important" lines for dangers (iron: the child overdose)."""
    from apothecary.monographs.safety import covered

    for name, atc in (("ferrous ascorbate", "B03AA10"), ("calcium citrate", "A12AA13"),
                      ("clotrimazole", "G01AF02"), ("paracetamol", "N02BE01")):
        items = select_safety([], name, atc)
        preg = [i for i in items if i.topic == "pregnancy"]
        assert len(preg) == 1 and preg[0].source and preg[0].label == "Pregnancy", name
        assert "pregnancy" in covered(items)
        assert all(i.topic != "pregnancy" for i in important(items)), name
    iron = important(select_safety([], "ferrous ascorbate", "B03AA10"))
    assert [i.topic for i in iron] == ["overdose"]
    # calcium's first screen: its spacing from thyroid tablets and antibiotics (round 4),
    # never the positive pregnancy answer
    assert [i.topic for i in important(select_safety([], "calcium citrate", "A12AA13"))] == [
        "high_alert"]
    # a warning pregnancy row still leads (sulfonylureas: insulin instead)
    assert [i.topic for i in important(select_safety([], "gliclazide", "A10BB09"))] == [
        "high_alert", "pregnancy"]


@pytest.mark.parametrize("name,atc,topic,words", [
    # review 10 (round 3): the medicine-specific top warning where no class message applies
    ("ketorolac", "M01AB15 S01BC05", "high_alert", "5 days"),
    ("ketorolac", "M01AB15 S01BC05", "high_alert", "aspirin"),
    ("insulin aspart", "A10AB05 A10AD05", "high_alert", "always eat after injecting"),
    ("insulin lispro", "A10AB04", "high_alert", "never share"),
    ("insulin glargine", "A10AE04", "overdose", "ambulance"),
    ("topiramate", "N03AX11", "high_alert", "eye pain"),
    ("topiramate", "N03AX11", "high_alert", "kidney stones"),
    ("topiramate", "N03AX11", "high_alert", "contraception"),
    ("febuxostat", "M04AA03", "high_alert", "not for a raised uric acid"),
    ("febuxostat", "M04AA03", "high_alert", "azathioprine"),
    ("febuxostat", "M04AA03", "high_alert", "allopurinol"),
    ("febuxostat", "M04AA03", "pregnancy", "should not be used"),
    ("dapagliflozin", "A10BK01", "high_alert", "too ill to eat"),
    ("empagliflozin", "A10BK03", "high_alert", "genital"),
    ("nifedipine", "C08CA05", "high_alert", "grapefruit"),
    ("felodipine", "C08CA02", "high_alert", "grapefruit"),
    ("glibenclamide", "A10BB01", "high_alert", "older people"),
    ("cinnarizine", "N07CA02", "high_alert", "parkinson"),
    ("dicycloverine", "A03AA07", "high_alert", "glaucoma"),
    ("phytomenadione", "B02BA01", "high_alert", "warfarin"),
    ("ferrous bisglycinate", "", "overdose", "child"),
    ("ferrous bisglycinate", "", "pregnancy_use", "anaemia"),
    ("torsemide", "C03CA04", "high_alert", "lithium"),
    ("tinidazole", "G01AF21 J01XD02 P01AB02", "high_alert", "3 days"),
    # breadth from the gap list
    ("fexofenadine", "R06AX26", "high_alert", "fruit juice"),
    ("donepezil", "N06DA02", "high_alert", "heartbeat"),
    ("tiotropium", "R03BB04", "high_alert", "eyes"),
    ("lamivudine", "J05AF05", "high_alert", "hepatitis b"),
    ("sofosbuvir", "J05AP08", "high_alert", "amiodarone"),
    ("ribavirin", "J05AP01", "pregnancy", "6 months"),
    ("fondaparinux", "B01AX05", "high_alert", "epidural"),
    ("ivabradine", "C01EB17", "high_alert", "contraception"),
    ("verapamil", "C08DA01", "high_alert", "slow your heartbeat"),
    ("letrozole", "L02BG04", "high_alert", "bone"),
    # pregnancy and breastfeeding answers (review 10: 10 of 22 pages silent on pregnancy,
    # 18 of 22 on breastfeeding)
    ("cefixime", "J01DD08", "pregnancy_use", "usually chosen in pregnancy"),
    ("cefadroxil", "J01DB05", "breastfeeding", "can be taken while breastfeeding"),
    ("clavulanic acid", "", "breastfeeding", "penicillin"),
    ("azithromycin", "J01FA10 S01AA26", "breastfeeding", "can be used while breastfeeding"),
    ("omeprazole", "A02BC01", "pregnancy_use", "commonly used in pregnancy"),
    ("pantoprazole", "A02BC02", "breastfeeding", "omeprazole and pantoprazole"),
    ("famotidine", "A02BA03", "breastfeeding", "can be used"),
    ("cetirizine", "R06AE07 S01GX12", "breastfeeding", "usually preferred"),
    ("chlorphenamine", "R06AB04", "breastfeeding", "watch your baby"),
    ("diclofenac", "M01AB05", "breastfeeding", "usual"),
    ("aceclofenac", "M01AB16", "breastfeeding", "more care"),
    ("mefenamic acid", "M01AG01", "breastfeeding", "avoided"),
    ("telmisartan", "C09CA07", "breastfeeding", "not recommended"),
    ("ramipril", "C09AA05", "breastfeeding", "enalapril"),
    ("amlodipine", "C08CA01", "breastfeeding", "not enough evidence"),
    ("nifedipine", "C08CA05", "breastfeeding", "generally considered safe"),
    ("torsemide", "C03CA04", "breastfeeding", "milk supply"),
    ("metoprolol", "C07AB02", "breastfeeding", "beta blockers can be used"),
    ("fluoxetine", "N06AB03", "breastfeeding", "sertraline"),
    ("insulin glargine", "A10AE04", "breastfeeding", "hypos"),
    ("oseltamivir", "J05AH02", "breastfeeding", "usual choice"),
    ("dicycloverine", "A03AA07", "breastfeeding", "do not take"),
])
def test_review10_round3_messages(name: str, atc: str, topic: str, words: str) -> None:
    msgs = [m.casefold() for t, m, _ in rules.key_messages_for(name, atc) if t == topic]
    assert any(words in m for m in msgs), (name, topic, msgs)


@pytest.mark.parametrize("name,atc,words", [
    ("ketorolac", "M01AB15 S01BC05", "5 days"),
    ("insulin aspart", "A10AB05 A10AD05", "always eat after injecting"),
    ("nifedipine", "C08CA05", "grapefruit"),
    ("topiramate", "N03AX11", "eye pain"),
    ("febuxostat", "M04AA03", "heart problems"),
    ("glibenclamide", "A10BB01", "older people"),
    ("dicycloverine", "A03AA07", "glaucoma"),
])
def test_review10_named_medicines_lead_with_their_own_warning(name: str, atc: str,
                                                              words: str) -> None:
    """The first screen leads with the medicine's own danger, not its class's."""
    lead = important(select_safety([], name, atc))
    assert lead and words in lead[0].text.casefold(), (name, [i.text for i in lead])


def test_review10_borrowed_rows_are_gone() -> None:
    """Ornidazole took metronidazole's alcohol rule, glibenclamide gliclazide's pregnancy
    answer (NICE allows glibenclamide in gestational diabetes and breastfeeding), bisoprolol
    atenolol's ("may affect the baby's growth")."""
    def rows(name: str, atc: str) -> list[tuple[str, str, str]]:
        return rules.key_messages_for(name, atc)

    assert not any("alcohol" in m for _, m, _ in rows("ornidazole", "G01AF06 J01XD03 P01AB03"))
    assert any("alcohol" in m for _, m, _ in rows("metronidazole", "J01XD01 P01AB01"))
    gli = {t: (m, s) for t, m, s in rows("glibenclamide", "A10BB01")}
    assert "pregnancy" not in gli and "NICE" in gli["pregnancy_use"][1]
    assert "Gliclazide" not in gli["breastfeeding"][1]
    assert "not usually recommended" in dict(
        (t, m) for t, m, _ in rows("gliclazide", "A10BB09"))["breastfeeding"]
    biso = [(m, s) for t, m, s in rows("bisoprolol", "C07AB07") if t == "pregnancy"]
    assert len(biso) == 1 and "growth" not in biso[0][0] and "bisoprolol" in biso[0][1].casefold()
    aten = [m for t, m, _ in rows("atenolol", "C07AB03") if t == "pregnancy"]
    assert aten and "growth" in aten[0]


def test_most_medicines_of_the_knowledge_base_answer_breastfeeding() -> None:
    """Round 3: class answers from the NHS Specialist Pharmacy Service pages reach at least
    400 shipped medicines (148 before)."""
    n = 0
    with DRUGS.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            atc = " ".join(c for c in (row["atc"] or "").split() if c != "\\N")
            n += any(t == "breastfeeding"
                     for t, _, _ in rules.key_messages_for(row["name"], atc))
    assert n >= 400


@pytest.mark.parametrize("name,atc,topic,words", [
    # round 3, second pass
    ("amlodipine", "C08CA01", "pregnancy", "nifedipine has been studied the most"),
    ("nifedipine", "C08CA05", "pregnancy_use", "high blood pressure in pregnancy"),
    ("loratadine", "R06AX13", "pregnancy", "not known to cause birth defects"),
    ("progesterone", "G03DA04", "pregnancy_use", "miscarriage"),
    ("nabumetone", "M01AX01", "high_alert", "stomach ulcers"),
    ("diacerein", "M01AX21", "high_alert", "diarrhoea"),
    ("pholcodine", "R05DA08", "high_alert", "anaesthe"),
    ("miconazole", "A01AB09", "high_alert", "warfarin"),
    ("ranolazine", "C01EB18", "high_alert", "clarithromycin"),
    ("aliskiren", "C09XA02", "high_alert", "diabetes"),
    ("efavirenz", "J05AG03", "high_alert", "empty stomach"),
    ("dolutegravir", "J05AJ03", "high_alert", "6 hours after"),
    ("ritonavir", "J05AE03", "high_alert", "st john's wort"),
    ("abiraterone", "L02BX03", "high_alert", "empty stomach"),
    ("danazol", "G03XA01", "pregnancy", "baby girl"),
    ("raloxifene", "G03XC01", "high_alert", "blood clots"),
    # third pass: breastfeeding
    ("lactulose", "A06AD11", "breastfeeding", "laxatives can be used"),
    ("domperidone", "A03FA03", "breastfeeding", "short course"),
    ("ondansetron", "A04AA01", "breastfeeding", "suitable"),
    ("levetiracetam", "N03AX14", "breastfeeding", "watch your baby"),
    ("lamotrigine", "N03AX09", "breastfeeding", "rash"),
    ("fluconazole", "D01AC15 J02AC01", "breastfeeding", "fluconazole"),
    ("folic acid", "B03BB01 V04CX02", "breastfeeding", "can take folic acid"),
    ("ferrous ascorbate", "B03AA10", "breastfeeding", "usually take iron"),
    ("ferrous bisglycinate", "", "breastfeeding", "usually take iron"),
    ("etizolam", "N05BA19", "breastfeeding", "lorazepam or oxazepam"),
    ("etizolam", "N05BA19", "overdose", "overdose"),
    ("zolpidem", "N05CF02", "breastfeeding", "zopiclone or zolpidem"),
    ("trimethoprim", "J01EA01", "pregnancy", "first 3 months"),
    ("amikacin", "J01GB06 S01AA21", "pregnancy", "severe"),
    ("cinnarizine", "N07CA02", "breastfeeding", "do not take"),
    ("evening primrose oil", "", "high_alert", "warfarin"),
    ("evening primrose oil", "", "pregnancy", "pregnan"),
    ("pyridoxine", "A11HA02", "pregnancy_use", "sickness in pregnancy"),
    ("montelukast", "R03DC03", "pregnancy_use", "can take montelukast"),
    ("montelukast", "R03DC03", "breastfeeding", "can take montelukast"),
    ("formoterol", "R03AC13", "breastfeeding", "considered safe"),
    ("budesonide", "A07EA06 D07AC09 R01AD05 R03BA02", "breastfeeding", "steroid inhalers"),
    ("carbimazole", "H03BB01", "breastfeeding", "lowest dose"),
    ("mebeverine", "A03AA04", "breastfeeding", "can be used"),
    ("aciclovir", "D06BB03 J05AB01 S01AD03", "high_alert", "kidneys"),
    ("imatinib", "L01EA01", "high_alert", "large glass of water"),
    ("nilotinib", "L01EA03", "high_alert", "empty stomach"),
    ("zanamivir", "J05AH01", "high_alert", "asthma"),
    ("mexiletine", "C01BB02", "high_alert", "heart rhythm"),
    ("minoxidil", "C02DC01 D11AX01", "high_alert", "scalp"),
    ("benzonatate", "R05DB01", "high_alert", "children"),
    ("cimetidine", "A02BA01", "high_alert", "warfarin"),
    ("trastuzumab", "L01FD01", "pregnancy", "7 months"),
])
def test_round3_second_pass(name: str, atc: str, topic: str, words: str) -> None:
    msgs = [m.casefold() for t, m, _ in rules.key_messages_for(name, atc) if t == topic]
    assert any(words in m for m in msgs), (name, topic, msgs)


def test_a_class_row_can_leave_out_members_whose_use_differs() -> None:
    """Review 11: clobazam took the benzodiazepines' "a few weeks at most" (NHS diazepam),
    wrong for its long-term use in epilepsy. "atc:N05BA !N05BA09" keeps the class row for
    diazepam and leaves clobazam its own row; a decongestant spray row skips adrenaline."""
    assert rules.class_codes("atc:N05BA !N05BA09") == ("N05BA", ("N05BA09",))
    clob = [m for t, m, _ in rules.key_messages_for("clobazam", "N05BA09")]
    assert not any("few weeks at most" in m for m in clob)
    assert any("bring on fits" in m for m in clob)
    assert any("dependent" in m for m in clob)  # the rest of the class still applies
    diaz = [m for t, m, _ in rules.key_messages_for("diazepam", "N05BA01")]
    assert any("few weeks at most" in m for m in diaz)
    lead = important(select_safety([], "clobazam", "N05BA09"))
    assert "long-term" in lead[0].text
    xylo = [m for _, m, _ in rules.key_messages_for("xylometazoline", "R01AA07 R01AB06")]
    assert any("more than a week" in m for m in xylo)
    adr = rules.key_messages_for("epinephrine", "A01AD01 B02BC09 C01CA24 R01AA14 R03AA01")
    assert not any("nasal spray" in m for _, m, _ in adr)


@pytest.mark.parametrize("name,atc,words", [
    # reviews 11 and 12: the medicine's own top warning leads its first screen
    ("flunarizine", "N07CA03", "depression"),
    ("metoclopramide", "A03FA01", "5 days at most"),
    ("pioglitazone", "A10BG03", "bladder cancer"),
    ("levosalbutamol", "", "reliever inhaler"),
    ("leflunomide", "L04AK01", "blood tests"),
    ("olmesartan medoxomil", "C09CA08", "diarrhoea"),
    ("lacosamide", "N03AX18", "heart"),
    ("thiocolchicoside", "M03BX05", "7 days"),
    ("bilastine", "R06AX29 S01GX13", "empty stomach"),
    ("etoricoxib", "M01AH05", "blood pressure"),
    ("tofacitinib", "L04AF01", "tuberculosis"),
    ("propylthiouracil", "H03BA02", "liver"),
    ("prochlorperazine", "N05AB04", "muscle stiffness"),
    ("chlorpromazine", "N05AA01", "sun"),
    ("primidone", "N03AA03", "contraception"),
    ("clobazam", "N05BA09", "do not stop"),
    # breadth (round 4)
    ("chlorzoxazone", "M03BB03", "liver"),
    ("disulfiram", "N07BB01 P03AA04", "alcohol"),
    ("sacubitril", "", "36 hours"),
    ("orlistat", "A08AB01", "low-fat"),
    ("oxybutynin", "G04BD04", "blurred vision"),
    ("risedronic acid", "M05BA07", "upright"),
    ("desogestrel", "G03AC09", "12 hours"),
    ("ethinylestradiol", "G03CA01 L02AA03", "blood clots"),
    ("levonorgestrel", "G03AC03 G03AD01", "sooner"),
    ("terbutaline", "R03AC03 R03CC03", "early labour"),
    ("menaquinone", "", "warfarin"),
    ("calcium carbonate", "A02AC01 A12AA04", "thyroid"),
    ("selenium", "", "hair and nail loss"),
])
def test_round4_own_warnings_lead(name: str, atc: str, words: str) -> None:
    lead = important(select_safety([], name, atc))
    assert lead and lead[0].source, name
    assert words in lead[0].text.casefold(), (name, [i.text for i in lead])


@pytest.mark.parametrize("name,atc,topic,words", [
    ("salbutamol", "R03AC02 R03CC02", "high_alert", "tablets and syrup"),
    ("leflunomide", "L04AK01", "high_alert", "live vaccines"),
    ("leflunomide", "L04AK01", "breastfeeding", "not recommended"),
    ("acitretin", "D05BB02", "high_alert", "3 years"),
    ("acitretin", "D05BB02", "breastfeeding", "do not breastfeed"),
    ("metoclopramide", "A03FA01", "high_alert", "5 days"),
    ("metoclopramide", "A03FA01", "pregnancy", "sickness in pregnancy"),
    ("pioglitazone", "A10BG03", "high_alert", "heart failure"),
    ("melatonin", "N05CH01", "pregnancy", "little is known"),
    ("melatonin", "N05CH01", "breastfeeding", "share a bed"),  # NHS: it can be taken
    ("orlistat", "A08AB01", "breastfeeding", "avoid it"),
    ("ulipristal", "G03AD02 G03XB02", "breastfeeding", "a week"),
    ("griseofulvin", "D01AA08 D01BA01", "pregnancy", "6 months"),
    ("denosumab", "M05BX04", "pregnancy", "contraception"),
    ("sacubitril", "", "pregnancy", "unborn baby"),
])
def test_round4_rows(name: str, atc: str, topic: str, words: str) -> None:
    msgs = [m.casefold() for t, m, _ in rules.key_messages_for(name, atc) if t == topic]
    assert any(words in m for m in msgs), (name, topic, msgs)


@pytest.mark.parametrize("name,atc,words", [
    ("dantrolene", "M03CA01", "liver"),
    ("amantadine", "N04BB01", "do not stop"),
    ("carbocisteine", "R05CB03", "stomach ulcer"),
    ("norethisterone", "G03AC01 G03DC02", "does not prevent pregnancy"),
    ("st. john's wort", "N06AX25", "contraceptive pill"),
    ("turmeric", "", "liver"),
    ("misoprostol", "A02BB01 G02AD06", "miscarriage"),
    ("fusidic acid", "D06AX01 D09AA02 J01XC01 S01AA13", "statin"),
    ("rifaximin", "A07AA11 D06AX11", "fever or blood"),
    ("abatacept", "L04AA24", "tuberculosis"),
])
def test_round4_second_and_third_pass_lead(name: str, atc: str, words: str) -> None:
    lead = important(select_safety([], name, atc))
    assert lead and words in lead[0].text.casefold(), (name, [i.text for i in lead])


@pytest.mark.parametrize("name,atc,words", [
    ("bimatoprost", "S01EE03", "darken"),
    ("brimonidine", "D11AX21 S01EA05 S01GA07", "under 2"),
    ("lidocaine", "C01BB01 C05AD01 D04AB01 N01BB02 R02AD02 S01HA07 S02DA01", "teething"),
    ("benzocaine", "C05AD03 D04AB04 N01BA05 R02AD01", "under 2"),
    ("choline salicylate", "N02BA03", "under 16"),
    ("chlorhexidine", "A01AB03 B05CA02 D08AC02 D09AA12 R02AA05 S01AX09", "allergic"),
])
def test_round4_fourth_pass_lead(name: str, atc: str, words: str) -> None:
    lead = important(select_safety([], name, atc))
    assert lead and words in lead[0].text.casefold(), (name, [i.text for i in lead])


@pytest.mark.parametrize("name,atc,words", [
    ("timolol", "C07AA06 S01ED01", "asthma"),  # its own row leads the beta blockers'
    ("kava", "", "liver"),
    ("garlic", "", "warfarin"),
    ("meclozine", "R06AE05", "sleepy"),
])
def test_round4_fifth_pass_lead(name: str, atc: str, words: str) -> None:
    lead = important(select_safety([], name, atc))
    assert lead and words in lead[0].text.casefold(), (name, [i.text for i in lead])


def test_a_pregnancy_warning_of_harm_always_reaches_the_first_screen() -> None:
    """Olmesartan + amlodipine + hydrochlorothiazide: two high-alert lines filled the box and
    the ARB's "can harm an unborn baby" sat eight screens down (review 14)."""
    items = [*select_safety([], "olmesartan", "C09CA08"),
             *select_safety([], "amlodipine", "C08CA01"),
             *select_safety([], "hydrochlorothiazide", "C03AA03")]
    chosen = important(items, per_topic=2)
    assert sum(i.topic == "high_alert" for i in chosen) == 2
    assert chosen[-1].topic == "pregnancy" and "unborn baby" in (chosen[-1].short or "")
    # a mild answer ("not usually recommended: ask your doctor") is not forced in
    mild = [*select_safety([], "glimepiride", "A10BB12"),
            *select_safety([], "pioglitazone", "A10BG03")]
    assert [i.topic for i in important(mild, per_topic=2)] == ["high_alert", "high_alert"]


def test_a_combination_names_every_ingredients_kind() -> None:
    from apothecary.monographs.key_facts import key_facts
    from apothecary.monographs.model import Item

    kinds = [("Olmesartan", Item(text="angiotensin receptor blocker (ARB, for blood pressure)")),
             ("Amlodipine", Item(text="calcium channel blocker")),
             ("Hydrochlorothiazide", Item(text="thiazide diuretic (water tablet)"))]
    line = next(s for s in key_facts([], kinds, [], [], []) if s.label == "Kind of medicine")
    assert all(name in line.text for name, _ in kinds)
    assert "(" not in line.text  # glosses dropped to make room


def test_a_pregnancy_reassurance_is_never_the_most_important_thing() -> None:
    """Review 15a: cilnidipine's first screen led with "There is no evidence that medicines
    of this kind harm an unborn baby" (a class answer); it stays in the safety section."""
    items = select_safety([], "cilnidipine", "C08CA14")
    assert any(i.topic == "pregnancy" and "no evidence" in (i.text or "") for i in items)
    assert not any(i.topic == "pregnancy" for i in important(items))


def test_overdose_answers_cover_the_page_but_a_reassurance_never_leads() -> None:
    """ov10: every common class answers "what if I take too much". A danger (calcium channel
    blockers) may lead the first screen; "an extra dose by accident is unlikely to harm you"
    (statins) answers in the safety section only; a pregnancy harm line keeps its place."""
    statin = select_safety([], "atorvastatin", "C10AA05")
    assert any(i.topic == "overdose" and i.source for i in statin)
    assert all(i.topic != "overdose" for i in important(statin))
    amlo = important(select_safety([], "amlodipine", "C08CA01"))
    assert amlo[0].topic == "overdose" and "blood pressure" in (amlo[0].short or "")
    valp = important(select_safety([], "valproic acid", "N03AG01"))
    assert [i.topic for i in valp][:2] == ["high_alert", "pregnancy"]
