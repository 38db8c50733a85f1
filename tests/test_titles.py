"""Titles and addresses in the list's own words ("Aspirin (acetylsalicylic acid)")."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from apothecary.knowledge.store import KnowledgeBase
from apothecary.models import Drug, Entry, Ingredient, Page, Status
from apothecary.render import jsonapi4
from apothecary.site import planning, state
from apothecary.site.pipeline import build_site, plan_pages
from apothecary.writers.base import PageRequest
from apothecary.writers.template import TemplateWriter
from sitekit import quoted

ASPIRIN = Drug(id="D1", name="acetylsalicylic acid", display="Acetylsalicylic Acid",
               other_names=["Aspirin", "ASA"])
METFORMIN = Drug(id="D2", name="metformin", display="Metformin",
                 forms=["metformin hydrochloride"])
AMOX = Drug(id="D3", name="amoxicillin", display="Amoxicillin", other_names=["Amoxycillin"])
CLAV = Drug(id="D4", name="clavulanic acid", display="Clavulanic Acid",
            other_names=["Clavulanate"], forms=["potassium clavulanate"])


@pytest.mark.parametrize(("written", "drug", "name"), [
    ("Aspirin", ASPIRIN, "Aspirin"),
    ("ASPIRIN 75 mg", ASPIRIN, "Aspirin"),
    ("'aspirin (75mg)'", ASPIRIN, "Aspirin"),
    ("Acetylsalicylic acid", ASPIRIN, "Acetylsalicylic Acid"),  # the display name's case
    ("Metformin Hydrochloride (500mg)", METFORMIN, "Metformin"),
    ("Amoxycillin (125mg)", AMOX, "Amoxycillin"),
    ("Potassium Clavulanate (125mg)", CLAV, "Clavulanate"),
    ("Co-trimoxazole", METFORMIN, None),  # not a name of this drug: the display name
    ("Asprin", ASPIRIN, None),  # a misspelling the resolver fuzzed is never a title
    ("Hydrochloride", METFORMIN, None),
    ("", ASPIRIN, None),
    ("((( '\"", ASPIRIN, None),
])
def test_list_name(written: str, drug: Drug, name: str | None) -> None:
    assert planning.list_name(written, drug) == name


def test_title_puts_the_international_name_beside_a_different_list_name() -> None:
    def req(drugs: list[Drug], names: list[str]) -> PageRequest:
        return PageRequest(key="k", drugs=drugs, names=names)

    assert req([ASPIRIN], ["Aspirin"]).title == "Aspirin (acetylsalicylic acid)"
    assert req([ASPIRIN], []).title == "Acetylsalicylic Acid"  # no list name: as before
    assert req([METFORMIN], ["Metformin"]).title == "Metformin"
    assert req([AMOX, CLAV], ["Amoxycillin", "Clavulanic Acid"]).title == (
        "Amoxycillin (amoxicillin) + Clavulanic Acid")
    assert req([METFORMIN, ASPIRIN], ["", "Aspirin"]).title == (
        "Metformin + Aspirin (acetylsalicylic acid)")
    r = req([AMOX, CLAV], ["Amoxycillin", ""])
    assert r.list_title == "Amoxycillin + Clavulanic Acid"
    assert planning.base_slug(r) == "amoxycillin-clavulanic-acid"


def ing(text: str, drug_id: str) -> Ingredient:
    return Ingredient(input=text, id=drug_id, name=drug_id)


def entry(line: int, text: str, *ings: Ingredient) -> Entry:
    key = "+".join(sorted({i.id or "" for i in ings}))
    return Entry(line=line, input=text, status=Status.RESOLVED, ingredients=list(ings), key=key)


def test_planning_takes_the_names_of_the_first_line(tiny_kb: KnowledgeBase) -> None:
    entries = [
        entry(1, "Aspirin 75mg", ing("Aspirin 75mg", "DB00945")),
        entry(2, "Acetylsalicylic acid", ing("Acetylsalicylic acid", "DB00945")),
        entry(3, "'Amoxycillin (500mg)', 'Potassium Clavulanate (125mg)'",
              ing("Amoxycillin (500mg)", "DB01060"), ing("Potassium Clavulanate (125mg)",
                                                         "DB00766")),
        entry(4, "Co-trimoxazole", ing("Co-trimoxazole", "DB00316")),
    ]
    reqs, lost = plan_pages(entries, tiny_kb)
    assert not lost
    assert [r.names for r in reqs] == [["Aspirin"], ["Amoxycillin", ""], [""]]
    assert [r.title for r in reqs] == ["Aspirin (acetylsalicylic acid)",
                                       "Amoxycillin (amoxicillin) + Clavulanic Acid",
                                       "Paracetamol"]
    assert reqs[0].lines == [1, 2]


def test_build_uses_list_names_for_titles_slugs_index_and_api(
        tiny_kb: KnowledgeBase, tmp_path: Path) -> None:
    entries = [
        entry(1, "Aspirin", ing("Aspirin", "DB00945")),
        entry(2, "Paracetamol", ing("Paracetamol", "DB00316")),
        entry(3, "Acetaminophen + Aspirin", ing("Acetaminophen", "DB00316"),
              ing("Aspirin", "DB00945")),
    ]
    out = tmp_path / "site"
    report = build_site(entries, tiny_kb, out, jobs=1)
    pages = {p["slug"]: p["title"] for p in report["pages"]}
    assert pages == {"aspirin": "Aspirin (acetylsalicylic acid)", "paracetamol": "Paracetamol",
                     "acetaminophen-aspirin":
                         "Acetaminophen (paracetamol) + Aspirin (acetylsalicylic acid)"}
    html = (out / "a/aspirin/index.html").read_text()
    assert "<h1>Aspirin (acetylsalicylic acid)</h1>" in html
    assert "Aspirin (acetylsalicylic acid)" in (out / "az/a/index.html").read_text()  # A–Z
    api = jsonapi4.read(out, "api/v4/pages/aspirin.json")
    assert api["title"] == "Aspirin (acetylsalicylic acid)"
    index = jsonapi4.read(out, jsonapi4.INDEX)
    assert "Aspirin (acetylsalicylic acid)" in {p["title"] for p in index["pages"]}
    md = (out / "jekyll/a/aspirin.md").read_text()
    assert "title: Aspirin (acetylsalicylic acid)" in md
    doc = (state.state_dir(out) / ".search/a/aspirin/index.html").read_text()
    assert "<h1>Aspirin (acetylsalicylic acid)</h1>" in doc and "Acetylsalicylic Acid" in doc


def test_list_names_that_clash_keep_distinct_slugs(tiny_kb_path: Path, tmp_path: Path) -> None:
    """Two ingredient sets the list calls by the same name still get two addresses: the
    smaller key keeps the slug, the other gets -2 (as before, now on the list's names)."""
    path = tmp_path / "clash.sqlite"
    shutil.copy(tiny_kb_path, path)
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO names VALUES ('Metformin', 'metformin', 'DB00682', 'synonym',"
                 " 'drugbank')")
    conn.commit()
    conn.close()
    kb = KnowledgeBase(path)
    try:
        entries = [entry(1, "Metformin", ing("Metformin", "DB00682")),
                   entry(2, "Metformin 500", ing("Metformin 500", "DB00331"))]
        report = build_site(entries, kb, tmp_path / "s", formats=["json"], jobs=1)
    finally:
        kb.close()
    got = {p["key"]: (p["slug"], p["title"]) for p in report["pages"]}
    assert got == {"DB00331": ("metformin", "Metformin"),
                   "DB00682": ("metformin-2", "Metformin (warfarin)")}


class RefWriter(TemplateWriter):
    """The template writer plus `refs` on interaction lines, as the monograph writer sets."""

    def write_page(self, req: PageRequest) -> Page:
        page = super().write_page(req)
        facts = {f.id: f for f in page.facts}
        sections = []
        for s in page.sections:
            if s.id == "interactions":
                s = s.model_copy(update={"statements": [st.model_copy(update={"refs": list(
                    dict.fromkeys(facts[i].other_id for i in st.fact_ids
                                  if facts[i].other_id))}) for st in s.statements]})
            sections.append(s)
        return page.model_copy(update={"sections": sections})


def test_a_new_page_turns_names_into_links_on_unchanged_pages(
        tiny_kb: KnowledgeBase, tmp_path: Path) -> None:
    """An incremental build re-renders a page whose partner just got a page of its own."""
    out, fresh = tmp_path / "site", tmp_path / "fresh"
    first = [entry(1, "Paracetamol", ing("Paracetamol", "DB00316"))]
    build_site(first, tiny_kb, out, writer=RefWriter(tiny_kb), jobs=1)
    html = (out / "p/paracetamol/index.html").read_text()
    assert "Warfarin" in html and "w/warfarin/" not in html
    then = [*first, entry(2, "Warfarin", ing("Warfarin", "DB00682"))]
    build_site(then, tiny_kb, out, writer=RefWriter(tiny_kb), jobs=1)
    html = quoted((out / "p/paracetamol/index.html").read_text())
    assert '<a href="../../w/warfarin/">Warfarin</a>' in html
    back = quoted((out / "w/warfarin/index.html").read_text())
    assert '<a href="../../p/paracetamol/">Paracetamol</a>' in back
    build_site(then, tiny_kb, fresh, writer=RefWriter(tiny_kb), jobs=1)
    assert quoted((fresh / "p/paracetamol/index.html").read_text()) == html
