"""Structured data, related medicines, checker data and search terms (issue 6)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apothecary.errors import BuildError
from apothecary.knowledge.store import KnowledgeBase
from apothecary.models import FAQ, FactKind, LicenceClass, Page
from apothecary.render import search
from apothecary.render.checker import interactions_data
from apothecary.render.jsonld import (
    normalize_base_url,
    page_jsonld,
    page_url,
    robots_txt,
    script_json,
    sitemap_xml,
)
from apothecary.render.related import page_href, related_for_site

MakePage = Callable[..., Page]


@pytest.fixture
def make_page(tiny_kb: KnowledgeBase) -> MakePage:
    """A Page for some KB drug ids citing every fact the KB has for them."""

    def make(*ids: str, title: str | None = None, faqs: list[FAQ] | None = None) -> Page:
        drugs = [d for d in (tiny_kb.drug(i) for i in ids) if d is not None]
        facts = [f for d in drugs for f in tiny_kb.facts(d.id)]
        name = title or " + ".join(d.display for d in drugs)
        return Page(key="+".join(sorted(ids)), title=name, slug=name.lower().replace(" ", "-"),
                    drugs=drugs, facts=facts, faqs=faqs or [])

    return make


def hrefs_for(pages: list[Page]) -> dict[str, str]:
    return {p.key: f"{p.slug[0]}/{p.slug}/index.html" for p in pages}


# -- JSON-LD ---------------------------------------------------------------------------------

HOSTILE = "</script><script>alert(1)</script><!-- & \u2028\u2029 ' \" é"


@given(st.text())
def test_script_json_never_breaks_out_and_round_trips(value: str) -> None:
    out = str(script_json({"v": value, "list": [value]}))
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in out
    assert json.loads(out) == {"v": value, "list": [value]}


def test_jsonld_describes_the_drug_from_cited_facts(make_page: MakePage) -> None:
    page = make_page("DB01060")
    data = page_jsonld(page, url="https://example.org/a/amoxicillin/",
                       drug_names={"DB00682": "Warfarin", "DB00766": "Clavulanic Acid"})
    webpage = data["@graph"][0]
    drug = webpage["about"]
    assert webpage["@type"] == "MedicalWebPage" and drug["@type"] == "Drug"
    assert webpage["url"] == "https://example.org/a/amoxicillin/"
    assert drug["nonProprietaryName"] == "amoxicillin"
    classes = {f.plain for f in page.facts if f.kind == FactKind.CLASS}
    assert {c["name"] for c in drug["drugClass"]} == classes
    mechanisms = [f.plain for f in page.facts if f.kind == FactKind.MECHANISM]
    assert all(m in drug["mechanismOfAction"] for m in mechanisms)
    # the tiny KB's amoxicillin interacts with clavulanic acid and warfarin
    assert sorted(d["name"] for d in drug["interactingDrug"]) == ["Clavulanic Acid", "Warfarin"]
    assert len(data["@graph"]) == 1  # no FAQs, no FAQPage


def test_jsonld_combination_and_faqs(make_page: MakePage) -> None:
    faqs = [FAQ(question="Is it " + HOSTILE + "?", answer="Yes " + HOSTILE, fact_ids=[])]
    page = make_page("DB01060", "DB00766", faqs=faqs)
    data = page_jsonld(page)
    drug = data["@graph"][0]["about"]
    assert drug["activeIngredient"] == ["Amoxicillin", "Clavulanic Acid"]
    assert "url" not in data["@graph"][0]
    faq_page = data["@graph"][1]
    assert faq_page["@type"] == "FAQPage"
    assert faq_page["mainEntity"][0]["name"] == faqs[0].question
    assert faq_page["mainEntity"][0]["acceptedAnswer"]["text"] == faqs[0].answer
    assert "</script>" not in str(script_json(data))


def test_jsonld_leaves_out_what_the_page_does_not_cite(make_page: MakePage) -> None:
    page = make_page("DB00331")  # metformin: no class, mechanism or interaction facts
    drug = page_jsonld(page)["@graph"][0]["about"]
    assert not {"drugClass", "mechanismOfAction", "interactingDrug"} & drug.keys()


@pytest.mark.parametrize(
    ("given_url", "expected"),
    [("https://example.org", "https://example.org/"),
     ("http://example.org/drugs/", "http://example.org/drugs/"),
     (None, None), ("  ", None)],
)
def test_base_url_normalised(given_url: str | None, expected: str | None) -> None:
    assert normalize_base_url(given_url) == expected


@pytest.mark.parametrize("bad", ["example.org", "ftp://x.org/", "javascript:alert(1)",
                                 "https://x.org/?a=1", "https://x.org/\"><b>"])
def test_bad_base_url_refused(bad: str) -> None:
    with pytest.raises(BuildError):
        normalize_base_url(bad)


def test_sitemap_and_robots() -> None:
    base = "https://example.org/a&b/"
    xml = sitemap_xml(base, ["index.html", "p/paracetamol/index.html", "checker/index.html"])
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in ET.fromstring(xml).findall("s:url/s:loc", ns)]
    assert locs == [base + "checker/", base, base + "p/paracetamol/"]
    assert "Sitemap: https://example.org/a&b/sitemap.xml" in robots_txt(base)
    assert "Sitemap" not in robots_txt(None)
    assert page_url(None, "index.html") is None


# -- related medicines -----------------------------------------------------------------------

def test_related_links_combinations_and_forms(make_page: MakePage, tiny_kb: KnowledgeBase) -> None:
    amox, combo, para = make_page("DB01060"), make_page("DB01060", "DB00766"), make_page("DB00316")
    pages = [amox, combo, para]
    related = related_for_site(pages, hrefs_for(pages), tiny_kb)
    groups = {g.id: g for g in related[amox.key]}
    assert [link.title for link in groups["shares-ingredient"].links] == [combo.title]
    assert groups["shares-ingredient"].links[0].href == page_href(hrefs_for(pages)[combo.key])
    assert groups["forms"].names == tiny_kb.drug("DB01060").forms  # type: ignore[union-attr]
    combo_links = [link.title for g in related[combo.key] for link in g.links]
    assert combo_links == [amox.title]  # clavulanic acid has no page of its own
    assert not any(g.links for g in related[para.key])  # nothing shares anything with it


def test_related_same_class(make_page: MakePage) -> None:
    a, b = make_page("DB00316"), make_page("DB00945")
    cls = next(f for f in a.facts if f.kind == FactKind.CLASS)
    extra = cls.model_copy(update={"id": "f-asa-class", "drug_id": "DB00945"})
    b = b.model_copy(update={"facts": [*b.facts, extra]})
    related = related_for_site([a, b], hrefs_for([a, b]), kb=None)
    same = [g for g in related[a.key] if g.id == "same-class"]
    assert len(same) == 1 and cls.plain in same[0].title
    assert [link.title for link in same[0].links] == [b.title]


def test_related_leaves_out_classes_that_name_no_kind(make_page: MakePage) -> None:
    # review 10: "Central Nervous System Depressants" (an effect, vague_classes.txt) linked
    # unrelated medicines as "related"; a kind of medicine still does
    a, b = make_page("DB00316"), make_page("DB00945")
    cls = next(f for f in a.facts if f.kind == FactKind.CLASS)

    def with_class(page: Page, value: str, fid: str) -> Page:
        fact = cls.model_copy(update={"id": fid, "drug_id": page.drugs[0].id, "value": value,
                                      "plain": value.lower()})
        return page.model_copy(update={"facts": [*page.facts, fact]})

    a2 = with_class(a, "Central Nervous System Depressants", "f-a-cns")
    b2 = with_class(b, "Central Nervous System Depressants", "f-b-cns")
    related = related_for_site([a2, b2], hrefs_for([a2, b2]), kb=None)
    titles = [g.title for g in related[a2.key] if g.id == "same-class"]
    assert not any("nervous system depressant" in t.lower() for t in titles)
    a3, b3 = with_class(a, "Analgesics", "f-a-an"), with_class(b, "Analgesics", "f-b-an")
    related = related_for_site([a3, b3], hrefs_for([a3, b3]), kb=None)
    assert any("analgesics" in g.title.lower() for g in related[a3.key] if g.id == "same-class")


def test_related_never_links_unbuilt_pages(make_page: MakePage, tiny_kb: KnowledgeBase) -> None:
    amox, combo = make_page("DB01060"), make_page("DB01060", "DB00766")
    related = related_for_site([amox, combo], hrefs_for([amox]), tiny_kb)
    assert not any(g.links for g in related[amox.key])


# -- interaction checker data ----------------------------------------------------------------

def test_checker_data_lists_each_pair_once(make_page: MakePage, tiny_kb: KnowledgeBase) -> None:
    pages = [make_page("DB00682"), make_page("DB01060", "DB00766"), make_page("DB00316")]
    data = interactions_data(pages, hrefs_for(pages), tiny_kb)
    # the three pairs tiny_kb.sql records among these drugs (two in both directions)
    expected = [(("DB00766", "DB01060"), "ansm", "contraindicated"),
                (("DB00682", "DB01060"), "onc", "major"),
                (("DB00316", "DB00682"), "ansm", "moderate")]
    got = [((r["a"], r["b"]), r["source"], r["severity"]) for r in data["interactions"]]
    assert got == expected
    ranks = [data["severities"].index(r["severity"]) for r in data["interactions"]]
    assert ranks == sorted(ranks)
    assert set(data["sources"]) == {r["source"] for r in data["interactions"]}
    assert {m["title"] for m in data["medicines"]} == {p.title for p in pages}
    json.dumps(data)  # serialisable as is


def test_checker_data_respects_licence_filter(make_page: MakePage, tiny_kb_path: Path) -> None:
    pages = [make_page("DB00682"), make_page("DB01060")]
    every = KnowledgeBase(tiny_kb_path)
    kb = KnowledgeBase(tiny_kb_path, allowed={LicenceClass.OPEN})
    try:
        unfiltered = interactions_data(pages, hrefs_for(pages), every)
        data = interactions_data(pages, hrefs_for(pages), kb)
    finally:
        kb.close()
        every.close()
    # the only pair (ONC, licence not stated) is there without the filter, gone with it
    assert [r["source"] for r in unfiltered["interactions"]] == ["onc"]
    assert data["interactions"] == [] and data["sources"] == {}


# -- search terms and indexing ---------------------------------------------------------------

def test_search_terms_carry_other_names_and_conditions(
    make_page: MakePage, tiny_kb: KnowledgeBase
) -> None:
    para, hydral = make_page("DB00316"), make_page("DB01275")
    names = search.alternate_names(para)
    drug = tiny_kb.drug("DB00316")
    assert drug is not None and set(drug.other_names) <= set(names)
    assert para.title not in names
    uses = [f for f in tiny_kb.facts("DB01275", [FactKind.USE])]
    terms = search.search_terms(hydral, tiny_kb)
    assert {f.value for f in uses} | {f.plain for f in uses} <= set(terms["conditions"])


@pytest.mark.skipif(not search.available(), reason="pagefind not installed")
def test_index_docs_writes_the_bundle_beside_the_documents(
    make_page: MakePage, tiny_kb: KnowledgeBase, tmp_path: Path
) -> None:
    docs, bundle = tmp_path / search.DOCS_DIR, tmp_path / search.BUNDLE_DIR
    for ids, slug in ((("DB00316",), "p/paracetamol"), (("DB01001",), "s/salbutamol")):
        doc = docs / slug / "index.html"
        doc.parent.mkdir(parents=True)
        doc.write_text(search.search_doc(make_page(*ids), tiny_kb), encoding="utf-8")
    result = search.index_docs(docs, bundle)
    assert result.enabled, result.message
    assert result.pages == 2 and result.words > 0
    assert (bundle / "pagefind.js").is_file() and not (docs / search.BUNDLE_DIR).exists()


def test_index_docs_without_pagefind_says_search_is_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "available", lambda: False)
    result = search.index_docs(tmp_path, tmp_path / "pagefind")
    assert not result.enabled and "search is off" in result.message
    assert not (tmp_path / "pagefind").exists()


def test_jsonld_lists_most_serious_partners_first_and_caps_them(make_page: MakePage) -> None:
    from apothecary.render.jsonld import MAX_INTERACTING

    page = make_page("DB00316")
    base = next(f for f in page.facts if f.kind == FactKind.INTERACTION)
    extra = [
        base.model_copy(update={"id": f"x{i}", "other_id": f"DBX{i:03d}",
                                "severity": "major" if i % 7 == 0 else "minor"})
        for i in range(MAX_INTERACTING + 10)
    ]
    page = page.model_copy(update={"facts": [*page.facts, *extra]})
    names = {f"DBX{i:03d}": f"Partner {i}" for i in range(len(extra))}
    partners = [d["name"] for d in page_jsonld(page, drug_names=names)["@graph"][0]["about"][
        "interactingDrug"]]
    majors = [names[f.other_id or ""] for f in extra if f.severity == "major"]
    assert len(partners) == MAX_INTERACTING
    assert partners[: len(majors)] == majors


def test_related_section_html_is_escaped_and_complete() -> None:
    from apothecary.render.html import related_html
    from apothecary.render.related import Link, RelatedGroup

    groups = [
        RelatedGroup("shares-ingredient", 'Other medicines containing <b>"X"</b>',
                     links=[Link('A & <script>', 'a/a-script/'), Link("B", "b/b/")], more=3,
                     query='X "&" <y>'),
        RelatedGroup("forms", "Salts and forms covered by this page", names=["X <i>", "Y"]),
    ]
    out = str(related_html(groups, "../../"))
    assert "<script>" not in out and "<b>" not in out and "<i>" not in out
    assert '<a href="../../a/a-script/">A &amp; &lt;script&gt;</a>' in out
    assert out.count("<li>") == 2 and "And 3 more:" in out
    assert "</li>" not in out  # optional end tags left out (issue 14: bytes)
    # "And 3 more" lands on the results page for the group's ingredient, query encoded
    assert '<a href="../../search/?q=X%20%22%26%22%20%3Cy%3E">see them all</a>' in out
    assert "<p>X &lt;i&gt;, Y</p>" in out
    assert out.startswith('<section id="related"') and out.endswith("</section>")
    assert str(related_html([], "../../")) == ""


def test_a_long_class_has_its_own_page_listing_every_member(make_page: MakePage,
                                                            tiny_kb: KnowledgeBase) -> None:
    """Issue 14: a class with CLASS_PAGE_MIN pages or more is listed once, on its own page
    (classes/<slug>/), which each member page links to instead of listing up to 10 of them;
    a shorter class is still listed on each page."""
    from apothecary.render.html import related_html
    from apothecary.render.related import CLASS_PAGE_MIN, MAX_LINKS, RelatedIndex
    from apothecary.render.web import CLASSES_PAGE, WebExtras

    base = make_page("DB00316")
    cls = next(f for f in base.facts if f.kind == FactKind.CLASS)

    def member(n: int, value: str) -> Page:
        drug = base.drugs[0].model_copy(update={"id": f"DBT{n}", "display": f"Med <{n}>"})
        fact = cls.model_copy(update={"id": f"f-t{n}-{value}", "drug_id": drug.id,
                                      "value": value, "plain": value.lower()})
        return base.model_copy(update={"key": drug.id, "title": f"Med <{n}>",
                                       "slug": f"med-{n}", "drugs": [drug], "facts": [fact]})

    n_long = MAX_LINKS + 5
    pages = [member(n, "Analgesics & <Antipyretics>") for n in range(n_long)]
    pages += [member(100 + n, "Anilides") for n in range(CLASS_PAGE_MIN - 1)]
    index = RelatedIndex(pages, hrefs_for(pages))
    [long] = [g for g in index.get(pages[0].key) if g.id == "same-class"]
    assert long.page == "classes/analgesics-antipyretics/" and long.count == n_long
    assert not long.links and not long.more  # no list of classmates on the page
    out = str(related_html([long], "../../"))
    assert '<a href="../../classes/analgesics-antipyretics/">See all 15 medicines in ' \
           "this class</a>" in out
    [short] = [g for g in index.get(pages[-1].key) if g.id == "same-class"]
    assert not short.page and len(short.links) == CLASS_PAGE_MIN - 2  # the others, inline,
    assert not short.more  # all of them
    [listing] = index.class_listings()
    assert listing.href == long.page and listing.word == "analgesics & <antipyretics>"
    assert [link.title for link in listing.links] == sorted(
        (p.title for p in pages[:n_long]), key=str.casefold)
    # rendered: every member linked, names escaped, the classes' index linking it
    from apothecary.render.html import HtmlRenderer
    web = WebExtras(pages, hrefs_for(pages), tiny_kb)
    web.related = index  # the classes from the pages' own facts (the KB has no DBT drugs)
    r = HtmlRenderer()
    files = {k: v for k, v in web.site_files(r.render_template, []).items()
             if k.startswith("classes/")}
    assert set(files) == {CLASSES_PAGE, "classes/analgesics-antipyretics/index.html"}
    page = files["classes/analgesics-antipyretics/index.html"]
    assert "<h1>Medicines in the class: analgesics &amp; &lt;antipyretics&gt;</h1>" in page
    assert page.count('<li><a href="../../') == n_long and "Med &lt;3&gt;" in page
    assert "<script" not in page.split("</head>")[1]  # the light header: no search box
    assert '<a href="../classes/analgesics-antipyretics/">' in files[CLASSES_PAGE]
    home = r.render_index_files([], classes=True)["index.html"]
    assert '<a href="classes/">medicines by class</a>' in home
    assert "classes/" not in r.render_index_files([])["index.html"]
