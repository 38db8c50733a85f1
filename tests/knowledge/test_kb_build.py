"""The builder on small hand-written source files (tests/fixtures/sources)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from apothecary.errors import SourceError
from apothecary.knowledge import vocabulary as vocab
from apothecary.knowledge.build import KBData, build, build_kb
from apothecary.knowledge.sources import sider
from apothecary.knowledge.sources.ansm import french_candidates
from apothecary.knowledge.textio import table_text
from apothecary.names.normalize import norm_key


def facts(data: KBData, drug: str, kind: str, source: str | None = None) -> dict[str, dict]:
    return {
        str(f["value"]): f
        for f in data.facts.values()
        if f["drug_id"] == drug and f["kind"] == kind and (source is None or
                                                          f["source_id"] == source)
    }


def names_of(data: KBData, norm: str) -> dict[str, str]:
    """drug id → kind for one normalised spelling."""
    return {d: n["kind"] for (k, d), n in data.names.items() if k == norm}


# -- drugs, salts, names ---------------------------------------------------------------------
def test_drug_ids_prefer_drugbank_and_names_are_inn(built: KBData) -> None:
    para = built.drugs["DB00316"]
    assert (para["name"], para["display"], para["rxnorm"]) == ("paracetamol", "Paracetamol", "161")
    assert built.drugs["DB00766"]["display"] == "Clavulanic Acid"


def test_salt_drug_folds_onto_parent(built: KBData) -> None:
    ids = {d["name"] for d in built.drugs.values()}
    assert "metformin hydrochloride" not in ids
    assert names_of(built, "metformin hydrochloride") == {"DB00331": "form"}
    # the salt's own RxNorm (LabeledIn) and PubChem (SIDER) ids reach the parent
    assert "Diarrhoea" in facts(built, "DB00331", "side_effect")
    assert "Diabetes Mellitus, Type 2" in facts(built, "DB00331", "use")


def test_ester_sharing_drugbank_id_folds(built: KBData) -> None:
    assert names_of(built, "prednisolone farnesylate") == {"DB00860": "form"}
    assert "Corticosteroid" in facts(built, "DB00860", "class")


def test_drugbank_salt_entry_folds_as_form(built: KBData) -> None:
    assert "DB14000" not in built.drugs
    assert names_of(built, "warfarin sodium") == {"DB00682": "form"}


def test_active_moiety_folds_onto_its_one_prodrug(built: KBData) -> None:
    # DrugBank files the moiety "Dabigatran" apart from the medicine sold, "dabigatran
    # etexilate": a list's "Dabigatran" must reach the sold medicine, not an empty drug
    assert "DB14726" not in built.drugs
    assert names_of(built, "dabigatran") == {"DB06695": "synonym"}
    assert names_of(built, "dabigatran etexilate") == {"DB06695": "preferred"}
    assert built.counts["drugbank.folded_onto_prodrug"] == 1
    # an ester word after a cation names a salt, not the medicine a list means by the cation
    assert names_of(built, "calcium") == {"DB01373": "preferred"}


def test_listed_salts_of_an_acid_stay_distinct_drugs(built: KBData) -> None:
    # edetate disodium and edetate calcium disodium are different medicines (mixing them
    # up has killed patients): no listed salt folds onto edetic acid via "-ate" → "-ic acid"
    edetic = names_of(built, "edetic acid")
    assert edetic == {"DB00974": "preferred"}
    assert names_of(built, "edetate disodium anhydrous") == {"DB14600": "preferred"}
    assert names_of(built, "edetate calcium disodium anhydrous") == {"DB14598": "preferred"}
    assert names_of(built, "sodium edetate") == {"DC4708": "preferred"}
    # DrugBank's "Edetate sodium" is DrugCentral's "sodium edetate" (its synonym): one drug
    assert names_of(built, "edetate sodium") == {"DC4708": "synonym"}
    assert built.drugs["DC4708"]["drugbank"] == "DB13404"
    assert names_of(built, "sodium borate") == {"DB14505": "preferred"}  # not boric acid


def test_wrong_substance_synonyms_and_base_names(built: KBData) -> None:
    assert names_of(built, "borax") == {"DB14505": "synonym"}  # not boric acid
    assert built.counts["names.dropped_wrong_substance"] == 1
    # DrugCentral files arginine only as its hydrochloride; DrugBank's base name wins
    assert built.drugs["DB00125"]["name"] == "arginine"
    assert names_of(built, "arginine hydrochloride") == {"DB00125": "form"}
    assert names_of(built, "l arginine") == {"DB00125": "synonym"}


def test_drugbank_only_drug_is_kept_with_its_names(built: KBData) -> None:
    assert built.drugs["DB09270"]["name"] == "ubidecarenone"
    assert names_of(built, "coenzyme q10") == {"DB09270": "synonym"}


def test_synonym_filters(built: KBData) -> None:
    assert names_of(built, "acetaminophen") == {"DB00316": "synonym"}
    assert names_of(built, "amoxycillin") == {"DB01060": "synonym"}
    assert names_of(built, "vitamin") == {}  # generic word
    assert names_of(built, "acetaminophen and codeine") == {}  # a combination
    assert not any("Парацетамол" == n["name"] for n in built.names.values())  # non-Latin
    assert names_of(built, "amoxicillin") == {"DB01060": "preferred"}  # "(-)-" one dropped


def test_shared_synonym_stays_ambiguous(built: KBData) -> None:
    assert set(names_of(built, "propoxy shared")) == {"DB01275", "DB07777"}


def test_every_norm_is_norm_key_of_its_name(built: KBData) -> None:
    for (norm, _), row in built.names.items():
        assert norm == norm_key(row["name"])


# -- uses --------------------------------------------------------------------------------
def test_labeledin_uses_win_and_leaks_are_dropped(built: KBData) -> None:
    uses = facts(built, "DB00316", "use")
    assert uses["Pain"]["source_id"] == "labeledin"
    assert "Fever" in uses
    assert "Insomnia" not in uses  # a leak: its companion hydroxyzine (ATC fixture) has it


def test_labeledin_crowd_only_rows_need_corroboration(built: KBData) -> None:
    # expert rows stay; a crowd-only row stays only when DrugCentral or SIDER name the same
    # disease (by UMLS id or by name, MeSH "Thrombosis, Venous" = "Venous thrombosis")
    assert facts(built, "DB00316", "use")["Fever"]["source_id"] == "labeledin"  # expert
    assert "Pain" in facts(built, "DB00316", "use", "labeledin")  # crowd + DrugCentral C0030193
    assert "Thrombosis, Venous" in facts(built, "DB00682", "use", "labeledin")  # crowd + SIDER
    hydralazine = facts(built, "DB01275", "use")
    assert "Heartburn" not in hydralazine  # crowd only, nobody else says so
    assert hydralazine["Hypertension"]["source_id"] == "drugcentral"  # dropped row isn't a list
    assert built.counts["labeledin.dropped_crowd_only"] == 1
    assert built.counts["labeledin.kept_crowd_corroborated"] == 2
    assert built.counts["labeledin.kept_expert"] == 3


def test_drugcentral_use_joins_and_says_whether_corroborated(built: KBData) -> None:
    uses = facts(built, "DB01275", "use")
    assert uses["Hypertension"]["source_id"] == "drugcentral"
    assert uses["Hypertension"]["plain"] == "high blood pressure"
    assert uses["Hypertension"]["locator"].endswith("(SIDER-corroborated)")
    # only a SIDER precondition: no corroboration, but hydralazine has no LabeledIn use
    assert uses["Ocular Infection"]["locator"].endswith("(uncorroborated)")
    assert facts(built, "DB00641", "use")["Hypercholesterolemia"]["locator"].endswith(
        "(uncorroborated)")
    # metformin has a LabeledIn list: an uncorroborated DrugCentral row does not join it
    assert "Polycystic Ovary Syndrome" not in facts(built, "DB00331", "use")
    assert built.counts["drugcentral.use.dropped_uncorroborated_labeledin_drug"] == 1
    # warfarin has LabeledIn uses; DrugCentral's PE joins them: its SIDER label names it
    assert facts(built, "DB00682", "use")["Pulmonary Embolism"]["locator"].endswith(
        "(SIDER-corroborated)")


def test_labeledin_rows_without_disease_name_or_drug_are_counted(built: KBData) -> None:
    assert built.counts["labeledin.no_name"] == 1
    assert built.counts["labeledin.unmapped"] == 1


# -- classes and mechanisms ----------------------------------------------------------------
def test_classes_and_mechanisms(built: KBData) -> None:
    assert facts(built, "DB00316", "class")["Analgesics"]["plain"] == "painkiller"
    assert "Central Nervous System Agents" not in facts(built, "DB00316", "class")
    mech = facts(built, "DB00316", "mechanism")["INHIBITOR Prostaglandin G/H synthase 2"]
    assert mech["plain"].startswith("blocks the COX-2 enzyme")
    unknown = facts(built, "DB01275", "mechanism")["INHIBITOR Imaginary widget protein"]
    assert unknown["plain"] == "works on Imaginary widget protein (it blocks it)"
    assert "Vitamin K Inhibitors" in facts(built, "DB00682", "mechanism")


def test_fda_epc_classes_replace_mesh_actions(built: KBData) -> None:
    cipro = facts(built, "DB00537", "class")
    assert set(cipro) == {"Quinolone Antimicrobial"}  # no MeSH "cancer medicine"
    assert cipro["Quinolone Antimicrobial"]["plain"] == "quinolone antibiotic"
    assert "Nucleic Acid Synthesis Inhibitors" in facts(built, "DB00537", "mechanism")
    assert built.counts["class.mesh_skipped_has_epc"] == 3


def test_mesh_actions_for_drugs_without_epc_drop_conflicts(built: KBData) -> None:
    nalidixic = facts(built, "DB00779", "class")
    assert set(nalidixic) == {"Anti-Bacterial Agents", "Topoisomerase II Inhibitors"}
    assert built.counts["class.mesh_skipped_conflict"] == 1
    pirarubicin = facts(built, "DC2190", "class")  # no anti-infective action: it stays
    assert pirarubicin["Antineoplastic Agents"]["plain"] == "cancer medicine"


# -- side effects ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("desc", "lo", "hi", "expected"),
    [
        ("common", "0.01", "1", "common"),
        ("very common", "0.1", "1", "common"),
        ("frequent", "0.01", "1", "common"),
        ("infrequent", "0.001", "0.01", "uncommon"),
        ("rare", "0", "0.001", "rare"),
        ("very rare", "0", "0.0001", "rare"),
        ("postmarketing", "0", "0.001", "postmarketing"),
        ("5%", "0.05", "0.05", "common"),
        ("1%", "0", "0.01", "uncommon"),
        ("0.5%", "0.005", "0.005", "uncommon"),
        ("0.01%", "0.0001", "0.0001", "rare"),
        ("0%", "0", "0", None),
        ("see text", "x", "y", None),
    ],
)
def test_frequency_class(desc: str, lo: str, hi: str, expected: str | None) -> None:
    assert sider.frequency_class(desc, lo, hi) == expected


def test_side_effect_frequencies_and_placebo(built: KBData) -> None:
    se = facts(built, "DB00316", "side_effect")
    assert se["Nausea"]["frequency"] == "common"  # beats the postmarketing row
    assert se["Nausea"]["plain"] == "feeling sick (nausea)"
    assert se["Pruritus"]["frequency"] == "uncommon"
    assert se["Pyrexia"]["frequency"] == "rare"  # the placebo 5% row is ignored
    assert se["Pyrexia"]["plain"] == "fever"
    assert facts(built, "DB00331", "side_effect")["Diarrhoea"]["frequency"] == "unknown"
    # another stereo id of the same molecule lists Headache without a frequency; the label
    # of the same flat compound gives one
    assert se["Headache"]["frequency"] == "common"
    # one SIDER fact per drug and PT (the LLT row adds nothing); paracetamol's reviewed
    # urgent-help signs (round 7) come from the leaflets
    assert len([f for f in se.values() if f["source_id"] == "sider"]) == 4
    # + omeprazole's shared CID and the crosswalk's warfarin compound (test_kb_compounds.py)
    assert built.counts["sider.compounds"] == 5
    assert built.counts["sider.compounds_mapped"] == 4


def test_terms_that_are_no_side_effect_are_dropped_and_counted(built: KBData) -> None:
    se = facts(built, "DB00316", "side_effect")
    # the fixture lists a procedure, a circumstance and a body-system heading for DB00316
    assert not {"Muscle relaxant therapy", "Drug interaction", "Cardiac disorder"} & set(se)
    assert built.counts["side_effects.dropped_procedure"] == 1
    assert built.counts["side_effects.dropped_circumstance"] == 1
    assert built.counts["side_effects.dropped_group"] == 1


@pytest.mark.parametrize(
    ("term", "reason"),
    [
        ("Muscle relaxant therapy", "procedure"),
        ("Vasodilation procedure", "procedure"),
        ("Post procedural haemorrhage", "procedure"),
        ("Off label use", "circumstance"),
        ("Product taste abnormal", "circumstance"),
        ("Accidental exposure to product", "circumstance"),
        ("Immune system disorder", "group"),
        ("URINARY TRACT DISORDER", "group"),
        ("Nausea", None),
        ("Productive cough", None),  # "product *" needs the whole word
        ("Haemorrhage", None),
        ("Liver disorder", None),  # a named organ problem, not a body-system heading
        ("Therapy", None),  # "* therapy" needs a word before it
    ],
)
def test_not_a_side_effect(term: str, reason: str | None) -> None:
    assert vocab.not_a_side_effect(term) == reason


def test_stereo_prefixed_display_uses_the_plain_name_only_when_unique(built: KBData) -> None:
    assert built.drugs["DB11344"]["name"] == "(+)-menthol"  # the source's name is kept
    assert built.drugs["DB11344"]["display"] == "Menthol"
    # "Examplol" is another drug's name: the stereo form keeps its prefix
    assert built.drugs["DB90001"]["display"] == "(S)-Examplol"
    assert built.drugs["DB90002"]["display"] == "Examplol"
    assert built.counts["drugs.display_without_stereo_prefix"] == 1


def test_stitch_cid() -> None:
    assert sider.cid("CID100001983") == "1983"
    assert sider.cid("CID000002244") == "2244"
    assert sider.cid("garbage") is None


# -- interactions and cautions -----------------------------------------------------------
def test_interactions_are_stored_both_ways(built: KBData) -> None:
    a = facts(built, "DB00682", "interaction", "ansm")["paracetamol"]
    b = facts(built, "DB00316", "interaction", "ansm")["warfarin"]
    assert (a["other_id"], b["other_id"]) == ("DB00316", "DB00682")
    assert a["severity"] == b["severity"] == "moderate"
    assert a["id"] != b["id"]


def test_ansm_class_rule_expands_to_members(built: KBData) -> None:
    f = facts(built, "DB01211", "interaction", "ansm")["simvastatin"]
    assert f["severity"] == "contraindicated"  # two levels, neither names a sub-case
    assert f["scope"] == "class"
    assert facts(built, "DB00641", "interaction", "ansm")["clarithromycin"]["other_id"] == "DB01211"


def test_onc_lists(built: KBData) -> None:
    assert facts(built, "DB00641", "interaction", "onc")["clarithromycin"]["severity"] == "major"
    assert facts(built, "DB00316", "interaction", "onc")["warfarin"]["severity"] == "minor"
    assert built.counts["onc.unmapped"] == 1


def test_ansm_cautions(built: KBData) -> None:
    alcohol = facts(built, "DB00331", "caution")["alcohol"]
    assert alcohol["severity"] == "minor"
    assert "keep this in mind" in alcohol["plain"]
    grapefruit = facts(built, "DB00641", "caution")["grapefruit juice"]
    assert grapefruit["severity"] == "major"
    assert grapefruit["plain"].startswith("Avoid grapefruit")
    assert built.counts["ansm.rules_unmapped"] == 2  # allopurinol unknown; latex/oils


def test_french_spelling_rules() -> None:
    assert "metformin" in french_candidates("Métformine")
    assert "amoxicillin" in french_candidates("amoxicilline")
    assert "ibuprofen" in french_candidates("IBUPROFÈNE")
    assert "valproic acid" in french_candidates("acide valproïque")
    assert "sodium oxybate" in french_candidates("oxybate de sodium")
    assert "methylene blue" in french_candidates("bleu de méthylène")
    assert french_candidates("fluoxetine")[0] == "fluoxetine"


def test_ansm_name_route_maps_rxnorm_less_substances(built: KBData) -> None:
    assert built.counts["ansm.substances.name"] >= 1  # warfarine has no RxNorm mapping
    assert facts(built, "DB00682", "interaction", "ansm")


# -- every fact ------------------------------------------------------------------------
def test_every_fact_has_source_licence_and_locator(built: KBData) -> None:
    licences = {s["id"]: s["licence"] for s in built.sources}
    classes = {s["id"]: s["licence_class"] for s in built.sources}
    assert classes == {"drugcentral": "open", "labeledin": "open", "drugbank": "open",
                       "sider": "noncommercial", "ansm": "unverified", "onc": "unverified",
                       "dilirank": "open", "cdsco": "unverified", "who-atc": "noncommercial",
                       "openfda": "open", "leaflets": "open"}
    assert built.facts
    for f in built.facts.values():
        assert f["licence"] == licences[str(f["source_id"])]
        assert f["locator"] and f["plain"] and f["value"]
        # a combination's facts (CDSCO approvals, US FDA labels) sit under "ID1+ID2"
        assert all(d in built.drugs for d in str(f["drug_id"]).split("+"))
        assert f["other_id"] is None or f["other_id"] in built.drugs


def test_no_french_prose_is_copied(built: KBData) -> None:
    for f in built.facts.values():
        assert "omis" not in str(f["locator"]) + str(f["plain"]) + str(f["value"])


# -- determinism and errors ------------------------------------------------------------
def test_build_is_deterministic(sources_dir: Path, tmp_path: Path) -> None:
    build_kb(sources_dir, tmp_path / "a.sqlite", tmp_path / "a")
    build_kb(sources_dir, tmp_path / "b.sqlite", tmp_path / "b")
    assert dict(table_text(tmp_path / "a")) == dict(table_text(tmp_path / "b"))
    assert (tmp_path / "a" / "facts.tsv.gz").read_bytes() == \
        (tmp_path / "b" / "facts.tsv.gz").read_bytes()


def test_missing_source_file_is_a_source_error(sources_dir: Path, tmp_path: Path) -> None:
    broken = tmp_path / "src"
    shutil.copytree(sources_dir, broken)
    (broken / "labeledin" / "indications.tsv").unlink()
    with pytest.raises(SourceError, match="indications.tsv"):
        build(broken)
    with pytest.raises(SourceError):
        build(tmp_path / "nowhere")


def test_bad_json_is_a_source_error(sources_dir: Path, tmp_path: Path) -> None:
    broken = tmp_path / "src"
    shutil.copytree(sources_dir, broken)
    idx = broken / "ansm-interactions" / "thesaurus-2020-01" / "index-des-substances-20102020.json"
    idx.write_text("{not json", encoding="utf-8")
    with pytest.raises(SourceError, match="JSON"):
        build(broken)
