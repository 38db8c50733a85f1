"""Lighter drug pages (issue 6 budget) that still show every fact with its source."""

from __future__ import annotations

import json
import re

import pytest

from apothecary.knowledge.store import KnowledgeBase
from apothecary.models import Page, Section, Statement
from apothecary.render import search
from apothecary.render.common import SourceIndex
from apothecary.render.html import HtmlRenderer
from apothecary.render.jsonld import page_jsonld
from apothecary.writers.base import PageRequest
from apothecary.writers.template import TemplateWriter, reader_name

CHEMICAL = ["4'-hydroxyacetanilide", "p-Acetylaminophenol", "N-acetyl-p-aminophenol",
            "2-(4-isobutylphenyl)propanoic acid"]
READER = ["Acetaminophen", "APAP", "Paracetamolum", "Acétaminophène", "Vitamin B12"]


def page_with_names(kb: KnowledgeBase, names: list[str]) -> Page:
    drug = kb.drug("DB00316")
    assert drug is not None
    drug = drug.model_copy(update={"other_names": names})
    return TemplateWriter(kb).write_page(PageRequest(key="DB00316", drugs=[drug]))


def section_html(html: str, sid: str) -> str:
    m = re.search(rf'<section id="{sid}".*?</section>', html, re.S)
    assert m, sid
    return m.group(0)


@pytest.mark.parametrize("name", READER)
def test_reader_names(name: str) -> None:
    assert reader_name(name)


@pytest.mark.parametrize("name", CHEMICAL)
def test_chemical_names_are_not_reader_names(name: str) -> None:
    assert not reader_name(name)


def test_visible_names_leave_chemical_names_to_search_and_json(tiny_kb: KnowledgeBase) -> None:
    page = page_with_names(tiny_kb, [*READER, *CHEMICAL])
    generic = next(s for s in page.sections if s.id == "generic-name")
    shown = " ".join(st.text for st in generic.statements)
    assert all(n in shown for n in READER)
    assert not any(n in shown for n in CHEMICAL)
    # search and the JSON API still carry every name
    assert set(CHEMICAL) <= set(search.alternate_names(page))
    assert set(CHEMICAL) <= set(page.other_names)
    alt = page_jsonld(page)["@graph"][0]["about"]["alternateName"]
    assert "Acetaminophen" in alt and not set(CHEMICAL) & set(alt)


def test_list_sharing_one_source_names_it_once(tiny_kb: KnowledgeBase) -> None:
    page = page_with_names(tiny_kb, [])
    usage = next(s for s in page.sections if s.id == "usage")
    assert len(usage.statements) >= 2 and usage.intro and usage.intro.endswith(":")
    html = section_html(HtmlRenderer().render_page(page), "usage")
    # one badge, after the list, for every bullet
    assert html.count("<cite>LabeledIn</cite>") == 1
    assert re.search(r'</ul>\s*<p class="src-all">Source for this list: '
                     r"<cite>LabeledIn</cite></p>", html)
    # "Paracetamol is used for pain." after "Paracetamol is used for:" shows as "Pain"
    for st in usage.statements:
        assert f"<li>{st.label}</li>" in html
        assert st.text not in html


def test_mixed_sources_keep_a_badge_per_bullet(tiny_kb: KnowledgeBase) -> None:
    page = page_with_names(tiny_kb, [])
    section = Section(id="usage", title="Usage", intro="Paracetamol is used for:", statements=[
        Statement(label="Pain", text="Paracetamol is used for pain.",
                  fact_ids=["f-para-use-pain"]),
        Statement(label="Pain reliever", text="Paracetamol is a pain reliever.",
                  fact_ids=["f-para-class"]),
    ])
    html = str(HtmlRenderer._body(section, SourceIndex(page)))
    names = {f.source_id: s.name for f in page.facts for s in page.sources
             if s.id == f.source_id}
    li = re.findall(r"<li>.*?</li>", html)
    assert len(li) == 2 and "src-all" not in html
    assert names["labeledin"] in li[0] and names["drugcentral"] in li[1]
    assert "<li>Pain <cite>" in li[0]  # restates its label
    assert "Paracetamol is a pain reliever." in li[1]  # not the intro plus its label


def test_unverified_bullets_are_never_grouped(tiny_kb: KnowledgeBase) -> None:
    page = page_with_names(tiny_kb, [])
    section = Section(id="usage", title="Usage", statements=[
        Statement(label="Pain", text="Used for pain.", fact_ids=["f-para-use-pain"],
                  verified=False),
        Statement(label="Fever", text="Used for fever.", fact_ids=["f-para-use-fever"]),
    ])
    html = str(HtmlRenderer._body(section, SourceIndex(page)))
    assert "src-all" not in html and html.count("<cite>") == 2
    assert html.count('class="unverified"') == 1


def test_page_json_keeps_every_statement(tiny_kb: KnowledgeBase) -> None:
    from apothecary.render import jsonapi

    page = page_with_names(tiny_kb, CHEMICAL)
    data = json.loads(jsonapi.render_page(page, {}))
    texts = [st["text"] for s in data["sections"] for st in s["statements"]]
    assert any("is used for pain" in t for t in texts)
    assert set(CHEMICAL) <= set(data["other_names"])
