"""The phone checker's data (issue 12): a small name index, one file per drug."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apothecary.knowledge.store import KnowledgeBase
from apothecary.models import LicenceClass, Page
from apothecary.render.checker import (
    checker_drug_files,
    checker_files,
    checker_index,
    drug_file,
    plain_locator,
    record_effect,
    record_effects,
)

MakePage = Callable[..., Page]


@pytest.fixture
def make_page(tiny_kb: KnowledgeBase) -> MakePage:
    def make(*ids: str, title: str | None = None) -> Page:
        drugs = [d for d in (tiny_kb.drug(i) for i in ids) if d is not None]
        name = title or " + ".join(d.display for d in drugs)
        return Page(key="+".join(sorted(ids)), title=name,
                    slug=re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-"), drugs=drugs)

    return make


def hrefs_for(pages: list[Page]) -> dict[str, str]:
    return {p.key: f"{p.slug[0]}/{p.slug}/index.html" for p in pages}


def names_of(index: dict, title: str) -> dict[str, str]:
    """name → kind for every name that leads to the medicine titled `title`."""
    at = [m[0] for m in index["medicines"]].index(title)
    return {n: kind for n, where, kind in index["names"] if at in where}


def test_index_knows_other_names_forms_and_brands(make_page: MakePage,
                                                  tiny_kb: KnowledgeBase) -> None:
    pages = [make_page("DB00945", title="Aspirin"), make_page("DB00316"),
             make_page("DB01060", "DB00766", title="Co-amoxiclav")]
    index = checker_index(pages, hrefs_for(pages), tiny_kb,
                          {"DB00316": ["Feverex 650"], "DB00766+DB01060": ["Clavamix 625"]})
    assert names_of(index, "Paracetamol") == {"acetaminophen": "o", "Feverex 650": "b"}
    # aspirin is the page's title: its other name is the KB's preferred one
    assert names_of(index, "Aspirin") == {"Acetylsalicylic Acid": "o"}
    # no single amoxicillin page: its names lead to the combination that contains it
    assert {"Amoxicillin", "potassium clavulanate", "Clavamix 625"} <= set(
        names_of(index, "Co-amoxiclav"))
    # the index holds no interaction: those load per drug
    assert "interactions" not in index and "p" not in json.dumps(index["drugs"])


def test_index_leaves_out_chemical_names_and_spelling_variants(
    make_page: MakePage, tiny_kb_path: Path, tmp_path: Path
) -> None:
    import shutil
    import sqlite3
    path = tmp_path / "kb.sqlite"
    shutil.copy(tiny_kb_path, path)
    with sqlite3.connect(path) as conn:
        conn.executemany("INSERT INTO names VALUES (?, ?, 'DB00331', 'synonym', 'drugbank')", [
            ("1 1 dimethylbiguanide", "1,1-Dimethylbiguanide"),
            ("metforminum", "Metforminum"),
            ("glucophage", "Glucophage"),
        ])
    kb = KnowledgeBase(path)
    try:
        page = Page(key="DB00331", title="Metformin", slug="metformin",
                    drugs=[kb.drug("DB00331")])
        names = names_of(checker_index([page], hrefs_for([page]), kb), "Metformin")
    finally:
        kb.close()
    assert "Glucophage" in names and "metformin hydrochloride" in names
    assert "1,1-Dimethylbiguanide" not in names  # nobody types it from a pack
    assert "Metforminum" not in names  # two letters from "metformin": the typo match finds it


def test_index_lists_look_alikes_on_the_site(make_page: MakePage, tiny_kb: KnowledgeBase) -> None:
    pages = [make_page("DB01275"), make_page("DB00316")]
    index = checker_index(pages, hrefs_for(pages), tiny_kb)
    assert ["hydroxyzine", "hydralazine"] in index["lasa"]
    assert all("paracetamol" not in pair for pair in index["lasa"])


def test_each_pair_once_same_words_in_both_files(make_page: MakePage,
                                                  tiny_kb: KnowledgeBase) -> None:
    pages = [make_page("DB00682"), make_page("DB01060", "DB00766"), make_page("DB00316"),
             make_page("DB01001"), make_page("DB00331")]
    files = checker_drug_files(pages, tiny_kb)
    warf = files["DB00682.json"]["p"]
    # tiny_kb.sql: ONC rates amoxicillin with warfarin major, ANSM paracetamol moderate
    assert warf == {"DB01060": ["major", "pair", [["onc", "row 5"]]],
                    "DB00316": ["moderate", "pair", [["ansm", "pair 12"]]]}
    assert files["DB01060.json"]["p"]["DB00682"] == warf["DB01060"]
    # a class record is never worded as the pair's own level (monographs/interactions.py)
    assert files["DB01001.json"]["p"]["DB00331"][:2] == ["class-serious", "class"]
    for data in files.values():
        for other, entry in data["p"].items():
            assert files[drug_file(other)]["p"][data["id"]] == entry


def test_licence_filter_leaves_no_pair(make_page: MakePage, tiny_kb_path: Path) -> None:
    pages = [make_page("DB00682"), make_page("DB01060")]
    kb = KnowledgeBase(tiny_kb_path, allowed={LicenceClass.OPEN})
    try:
        files = checker_files(pages, hrefs_for(pages), kb)
    finally:
        kb.close()
    assert json.loads(files["checker/index.json"])["pairs"] == 0
    assert all(json.loads(t).get("p", {}) == {} for p, t in files.items() if "/d/" in p)


def test_files_are_json_and_addresses_derive_from_titles(make_page: MakePage,
                                                         tiny_kb: KnowledgeBase) -> None:
    pages = [make_page("DB00316"), make_page("DB00682", title="Warfarin (Sodium) <b>")]
    hrefs = {"DB00316": "p/paracetamol/index.html", "DB00682": "w/warfarin-2/index.html"}
    files = checker_files(pages, hrefs, tiny_kb)
    index = json.loads(files["checker/index.json"])
    assert index["medicines"] == [["Paracetamol", "", [0]],
                                  ["Warfarin (Sodium) <b>", "w/warfarin-2/", [1]]]
    assert set(files) == {"checker/index.json", "checker/d/DB00316.json",
                          "checker/d/DB00682.json"}


def test_plain_locator_drops_the_sources_words() -> None:
    locator = "thesaurus record 77 (DIURÉTIQUES + SELS DE LITHIUM; Association DÉCONSEILLÉE)"
    assert plain_locator(locator) == "thesaurus record 77"
    assert plain_locator("interactions.csv row 9") == "interactions.csv row 9"


@given(st.text(min_size=1, max_size=80))
def test_drug_file_is_always_a_safe_name(drug_id: str) -> None:
    name = drug_file(drug_id)
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,64}\.json", name)
    assert name != drug_file(drug_id + "x")


@given(st.text(max_size=60))
def test_plain_locator_never_keeps_a_bracketed_part(locator: str) -> None:
    assert "(" not in plain_locator(locator)


def test_group_records_say_what_happens(tiny_kb_path: Path, tmp_path: Path,
                                        make_page: MakePage) -> None:
    import shutil
    import sqlite3
    path = tmp_path / "kb.sqlite"
    shutil.copy(tiny_kb_path, path)
    locator = ("thesaurus record 9 (AUTRES MÉDICAMENTS SÉDATIFS + MEDICAMENTS SEDATIFS; "
               "Association DECONSEILLEE)")  # groups in the other order, without accents
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE facts SET locator = ? WHERE id = 'f-salb-x-met-class'", (locator,))
    kb = KnowledgeBase(path)
    try:
        pages = [make_page("DB01001"), make_page("DB00331"), make_page("DB00682"),
                 make_page("DB00316")]
        files = checker_drug_files(pages, kb)
    finally:
        kb.close()
    sentences = record_effects()[0]
    entry = files["DB01001.json"]["p"]["DB00331"]
    assert entry[2] == [["ansm", "thesaurus record 9"]]
    assert sentences[entry[3]].startswith("Both can make you drowsy")
    assert len(files["DB00682.json"]["p"]["DB00316"]) == 3  # a named pair: nothing added


def test_only_records_naming_an_effect_say_what_happens() -> None:
    assert record_effect("thesaurus record 4 (INDUCTEURS ENZYMATIQUES + ANDROGÈNES; "
                         "Précaution d'emploi)") is None
    assert record_effect("interactions.csv row 12") is None
    sentences, records = record_effects()
    assert len(records) >= 20 and all(s.endswith(".") and s.isascii() for s in sentences)


def test_level_changing_records_say_what_follows() -> None:
    """Review 6, round 3: the records most often reaching main pages without a reason (a
    medicine changing another's level) say what follows, from the record's risk line."""
    sentences, _ = record_effects()

    def said(groups: str) -> str:
        n = record_effect(f"thesaurus record 1 ({groups}; Précaution d'emploi)")
        assert n is not None, groups
        return sentences[n]

    assert "lactic acidosis" in said("METFORMINE + PRODUITS DE CONTRASTE IODÉS")
    assert "lithium" in said("LITHIUM + ANTAGONISTES DES RÉCEPTEURS DE L'ANGIOTENSINE II")
    assert "muscle" in said("FIBRATES + INHIBITEURS DE L'HMG-COA RÉDUCTASE (STATINES)")
    assert "potassium" in said("Diuretiques epargneurs de potassium (seuls ou associes) + "
                               "INHIBITEURS DE L'ENZYME DE CONVERSION")
    assert "blood sugar" in said("MICONAZOLE + SULFAMIDES HYPOGLYCÉMIANTS")


def test_every_effect_row_has_a_reading_and_one_sentence_per_record() -> None:
    from apothecary.render.checker import EFFECTS, _groups_key
    seen: set[str] = set()
    for line in EFFECTS.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        record, sentence, why = line.split("\t")
        assert " + " in record and sentence.strip() and why.strip(), line
        assert _groups_key(record) not in seen, record
        seen.add(_groups_key(record))
