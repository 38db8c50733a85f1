"""What a reader sees first (issue 10): section order per format, the key-facts box, the
companion pages the writer asks for, links to interacting medicines, titles."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import frontmatter
import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from apothecary.render import jekyll, jsonapi, order, search
from apothecary.render.html import HtmlRenderer
from apothecary.render.jsonld import page_jsonld
from apothecary.render.reflinks import RefLink, linked_text, page_refs, site_targets
from apothecary.render.web import no_extras
from pagekit import HTML_IDS, SEED_IDS, TITLES, layout_page

LINKS = {
    "D2": RefLink("D2", "w/warfarin/", "Warfarin", ("Warfarin", "warfarin")),
    "D3": RefLink("D3", "c/clopidogrel/", "Clopidogrel", ("Clopidogrel",)),
}


class Outline(HTMLParser):
    """The drug page's structure: section ids, where the h1, the toc and the advice are."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[str] = []
        self.depth = 0
        self.in_keyfacts = -1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "section":
            self.depth += 1
            self.events.append(f"section:{a.get('id')}")
            if a.get("id") == "key-facts":
                self.in_keyfacts = self.depth
        elif tag == "h1":
            self.events.append("h1")
        elif tag == "nav" and a.get("class") == "toc":
            self.events.append("toc")
        elif tag == "p" and a.get("class") == "advice":
            self.events.append("advice-in-box" if self.in_keyfacts > 0 else "advice")

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            if self.depth == self.in_keyfacts:
                self.in_keyfacts = -1
            self.depth -= 1


def outline(html: str) -> list[str]:
    p = Outline()
    p.feed(html[html.index("<main"):])
    return p.events


def section_html(html: str, sid: str) -> str:
    m = re.search(rf'<section id="{sid}"[^>]*>(.*?)</section>', html, re.S)
    assert m, sid
    return m.group(1)


def render(page: object, links: dict[str, RefLink] | None = None) -> dict[str, str]:
    extras = {**no_extras(), "links": links or {}}
    return HtmlRenderer().render_page_files(page, None, extras)  # type: ignore[arg-type]


# -- order -------------------------------------------------------------------------------
def test_html_order_puts_key_facts_first_then_safety() -> None:
    events = outline(render(layout_page())["index.html"])
    sections = [e.removeprefix("section:") for e in events if e.startswith("section:")]
    assert sections == HTML_IDS
    # the h1, then the key-facts box (with the not-medical-advice line), then the toc
    assert events[:4] == ["h1", "section:key-facts", "advice-in-box", "toc"]


def test_missing_sections_are_simply_absent_and_advice_stays_near_the_top() -> None:
    page = layout_page(skip=("key-facts", "safety", "how-it-works"))
    html = render(page)["index.html"]
    events = outline(html)
    sections = [e.removeprefix("section:") for e in events if e.startswith("section:")]
    assert sections == [s for s in HTML_IDS if s not in ("key-facts", "safety", "how-it-works")]
    assert events[:3] == ["h1", "advice", "toc"]  # no box: the line right under the title
    assert 'id="key-facts"' not in html and "Important safety information" not in html


def test_advice_line_links_the_disclaimer_only_when_there_is_one() -> None:
    html = render(layout_page())["index.html"]
    box = section_html(html, "key-facts")
    assert "Not medical advice" in box and 'href="#disclaimer"' in box
    html = render(layout_page(skip=("disclaimer",)))["index.html"]
    assert "Not medical advice" in html and 'href="#disclaimer"' not in html


def test_toc_skips_the_box_and_small_print() -> None:
    html = render(layout_page())["index.html"]
    toc = re.search(r'<nav class="toc"[^>]*>(.*?)</nav>', html, re.S)
    assert toc
    targets = re.findall(r'href="#([^"]+)"', toc.group(1))
    assert targets == ["safety", "usage", "side-effects", "interactions", "how-it-works",
                       "faqs", "sources"]


def test_jekyll_keeps_the_seed_order_with_companion_detail_inline() -> None:
    page = layout_page()
    shuffled = page.model_copy(update={"sections": list(reversed(page.sections))})
    for p in (page, shuffled):  # whatever order the writer used
        body = frontmatter.loads(jekyll.render_page(p)).content
        labels = re.findall(r"^\*\*([^*]+):\*\*", body, flags=re.M)
        assert labels == [TITLES[s] for s in SEED_IDS]
        assert "Ringing in the ears, nosebleeds, bruising." in body
        assert "Clopidogrel (a small extra risk)." in body


def test_order_tables_keep_unknown_sections_and_writer_order() -> None:
    class S:
        def __init__(self, sid: str) -> None:
            self.id = sid

    got = order.arrange([S(i) for i in ["note", "brand-names", "usage", "extra", "key-facts"]],
                        order.HTML)
    assert [s.id for s in got] == ["key-facts", "usage", "brand-names", "extra", "note"]
    got = order.arrange([S(i) for i in ["note", "usage", "key-facts", "interactions"]],
                        order.SEARCH)
    assert [s.id for s in got] == ["key-facts", "usage"]


# -- companion pages -----------------------------------------------------------------------
def test_companion_statements_always_move_even_when_the_page_is_light() -> None:
    files = render(layout_page())
    # two sections' detail, small enough for one page: they share it (issue 14), and their
    # own old addresses are stubs sending readers there
    stubs = sorted(k for k in files if k not in ("index.html", "more/index.html"))
    assert "more/index.html" in files and len(stubs) == 2
    assert all("url=../more/#" in files[k] and len(files[k]) < 500 for k in stubs)
    main = files["index.html"]
    assert len(main.encode()) < 20_000  # far under the budget: they moved because asked to
    se = section_html(main, "side-effects")
    assert "Upset stomach" in se and "nosebleeds" not in main
    assert ('<a href="more/#side-effects">See 3 more side effects of '
            "Aspirin (acetylsalicylic acid)</a>") in se
    inter = section_html(main, "interactions")
    assert "small extra risk" not in main
    assert '<a href="more/#interactions">See 1 more interaction of' in inter
    comp = files["more/index.html"]
    assert "<h1>More about Aspirin (acetylsalicylic acid)</h1>" in comp
    assert "<h2>Side Effects: 3 more</h2>" in comp and "<h2>Interactions: 1 more</h2>" in comp
    assert comp.index('<section id="side-effects"') < comp.index('<section id="interactions"')
    se = section_html(comp, "side-effects")
    assert "Ringing in the ears, nosebleeds, bruising." in se and "Test Source" in se
    assert "Upset stomach" not in comp  # every entry on exactly one file
    assert "small extra risk" in section_html(comp, "interactions")
    assert section_html(comp, "disclaimer") == section_html(main, "disclaimer")
    assert '<a href="../">Back to ' in comp and 'id="q"' not in comp  # the light header
    # each list on its own page when together they would outweigh the budget
    class Heavier(HtmlRenderer):
        def weight(self, html: str) -> int:  # the shared page alone over the budget
            return self.budget + 1 if "<h1>More about " in html else super().weight(html)

    files = Heavier().render_page_files(layout_page(), None, {**no_extras(), "links": {}})
    assert sorted(files) == ["index.html", "interactions/index.html", "side-effects/index.html"]
    assert '<a href="side-effects/">See 3 more side effects of' in files["index.html"]
    assert "small extra risk" in files["interactions/index.html"]


def test_companion_moves_first_and_the_budget_still_holds() -> None:
    page = layout_page()
    many = [f"effect {n}" for n in range(400)]
    from apothecary.models import Fact, FactKind, Statement
    extra = [Fact(id=f"f-x{n}", drug_id="D1", kind=FactKind.SIDE_EFFECT, value=w, plain=w,
                  source_id="src", locator=f"x{n}", licence="Public domain",
                  frequency="unknown") for n, w in enumerate(many)]
    big = Statement(label="How often is not known", text=", ".join(many).capitalize() + ".",
                    fact_ids=[f.id for f in extra])
    sections = [s.model_copy(update={"statements": [*s.statements, big]})
                if s.id == "side-effects" else s for s in page.sections]
    page = page.model_copy(update={"sections": sections, "facts": [*page.facts, *extra]})
    light = HtmlRenderer().render_page_files(layout_page(), None, {**no_extras(), "links": {}})
    limit = HtmlRenderer().weight(light["index.html"]) + 1_500  # room for a part of the list
    r = HtmlRenderer(budget=limit)
    files = r.render_page_files(page, None, {**no_extras(), "links": {}})
    assert r.weight(files["index.html"]) <= limit
    on_main = section_html(files["index.html"], "side-effects")
    assert "nosebleeds" not in on_main and "Upset stomach" in on_main
    comps = "".join(v for k, v in files.items() if k.startswith(("side-effects", "more/")))
    assert "nosebleeds" in comps
    shown = {int(n) for n in re.findall(r"effect (\d+)\b", files["index.html"].lower())}
    moved = [int(n) for n in re.findall(r"effect (\d+)\b", comps.lower())]
    assert shown.isdisjoint(moved) and len(moved) == len(set(moved))  # exactly one file each
    assert shown | set(moved) == set(range(400)) and moved
    m = re.search(r"See (\d+) more side effects", files["index.html"])
    assert m and int(m.group(1)) == 3 + len(moved)


# -- links from refs -----------------------------------------------------------------------
def test_refs_with_a_page_become_links_others_stay_text() -> None:
    files = render(layout_page(), LINKS)
    inter = section_html(files["index.html"], "interactions")
    assert '<a href="../../w/warfarin/">Warfarin</a>, <a href="../../c/clopidogrel/">' \
           "clopidogrel</a>." in inter
    assert "Methotrexate." in inter and "methotrexate/" not in inter  # no page: no link
    comp = files["more/index.html"]
    assert '<a href="../../../c/clopidogrel/">Clopidogrel</a> (a small extra risk).' in comp


def test_ref_named_otherwise_is_linked_after_the_sentence() -> None:
    html = render(layout_page(partner="Coumadin"), LINKS)["index.html"]
    inter = section_html(html, "interactions")
    assert ('Coumadin, <a href="../../c/clopidogrel/">clopidogrel</a>. '
            '<span class="see">(see <a href="../../w/warfarin/">Warfarin</a>)</span>') in inter


def test_linked_text_escapes_everything() -> None:
    evil = RefLink("D2", 'w/"><script>x/', '<b>War</b> & "fin"', ('<b>War</b> & "fin"',))
    out = linked_text('Take <b>War</b> & "fin" </script> care', ["D2", "D7"], {"D2": evil},
                      "../../")
    assert "<b>" not in out and "<script>" not in out and "</script>" not in out
    assert out == ('Take <a href="../../w/&#34;&gt;&lt;script&gt;x/">&lt;b&gt;War&lt;/b&gt; '
                   "&amp; &#34;fin&#34;</a> &lt;/script&gt; care")
    assert linked_text("a <i>", [], {}, "") == str(Markup.escape("a <i>"))


def test_each_ref_is_linked_once_and_matches_whole_words() -> None:
    links = {"D2": RefLink("D2", "w/warfarin/", "Warfarin", ("Warfarin",))}
    out = linked_text("Warfarinate is not warfarin; warfarin again.", ["D2"], links, "")
    assert out == 'Warfarinate is not <a href="w/warfarin/">warfarin</a>; warfarin again.'


def test_site_targets_are_single_ingredient_pages_and_never_the_page_itself() -> None:
    from apothecary.render.web import WebExtras

    page = layout_page()
    warfarin = layout_page("Warfarin").model_copy(update={"key": "D2", "drugs": [
        page.drugs[0].model_copy(update={"id": "D2", "name": "warfarin",
                                         "display": "Warfarin"})]})
    combo = page.model_copy(update={"key": "D2+D3", "drugs": [*warfarin.drugs, *page.drugs]})
    targets = site_targets([page, warfarin, combo], {"D1": "a/aspirin/", "D2": "w/warfarin/",
                                                     "D2+D3": "w/x/"})
    assert sorted(targets) == ["D1", "D2"] and targets["D2"].href == "w/warfarin/"
    assert targets["D1"].names[:2] == ("Aspirin (acetylsalicylic acid)", "Aspirin")
    assert page_refs(page) == ["D2", "D3", "D9"]
    web = WebExtras.__new__(WebExtras)
    web.targets = targets
    assert web.link_map(["D1", "D2", "D9"], "D1") == {"D2": "w/warfarin/"}


# -- titles and content in the other outputs -------------------------------------------------
def test_json_ld_search_doc_and_api_carry_the_title_and_new_sections() -> None:
    page = layout_page()
    html = render(page)["index.html"]
    assert "<title>Aspirin (acetylsalicylic acid) · apothecary</title>" in html
    assert "<h1>Aspirin (acetylsalicylic acid)</h1>" in html
    ld = page_jsonld(page)
    assert ld["@graph"][0]["name"] == "Aspirin (acetylsalicylic acid)"
    assert ld["@graph"][0]["about"]["nonProprietaryName"] == "acetylsalicylic acid"
    # the key facts a search result may quote; "Most important" stays on the page
    assert ld["@graph"][0]["description"] == (
        "Used for: Pain, fever. Kind of medicine: A pain reliever (NSAID).")
    assert "description" not in page_jsonld(layout_page(skip=("key-facts",)))["@graph"][0]
    doc = search.search_doc(page)
    assert "<h1>Aspirin (acetylsalicylic acid)</h1>" in doc
    assert doc.index("Used for: Pain, fever.") < doc.index("is used for pain and fever")
    assert "Acetylsalicylic Acid" in doc  # the INN's display name among the other names
    assert "Upset stomach" not in doc and "Methotrexate" not in doc  # no side effects/partners
    data = json.loads(jsonapi.render_page(page, {"html": None, "jekyll": None, "json": None}))
    assert data["title"] == "Aspirin (acetylsalicylic acid)"
    ids = [s["id"] for s in data["sections"]]
    assert ids == SEED_IDS
    se = next(s for s in data["sections"] if s["id"] == "side-effects")
    assert se["statements"][1]["companion"] is True  # the API keeps every statement


@pytest.mark.parametrize("sid", ["key-facts", "safety"])
def test_new_sections_escape_their_text(sid: str) -> None:
    page = layout_page()
    evil = '</section><script>alert(1)</script> & "x"'
    sections = [s.model_copy(update={"intro": evil, "statements": [
        *s.statements, s.statements[0].model_copy(update={"label": evil, "text": evil})]})
        if s.id == sid else s for s in page.sections]
    html = render(page.model_copy(update={"sections": sections}))["index.html"]
    assert "<script>alert" not in html
    assert html.count("&lt;/section&gt;&lt;script&gt;alert(1)&lt;/script&gt;") == 3


def test_a_cited_source_becomes_a_link_and_its_address_leaves_the_text() -> None:
    from apothecary.render.reflinks import cited_links

    text = str(Markup.escape("It can raise the potassium. Source: NHS, Losartan: "
                             "https://www.nhs.uk/medicines/losartan/."))
    assert cited_links(text) == ('It can raise the potassium. Source: <a href="https://'
                                 'www.nhs.uk/medicines/losartan/">NHS, Losartan</a>.')
    # an address with a query and a quoted name stay escaped inside the link
    odd = str(Markup.escape('(Source: FDA label "X" & co: https://a.gov/s?q=a&b="c".)'))
    out = cited_links(odd)
    assert out.startswith('(Source: <a href="https://a.gov/s?q=a&amp;b=&#34;c&#34;">')
    assert "FDA label &#34;X&#34; &amp; co</a>.)" in out and '"c"' not in out
    assert cited_links("No source here: https://x.org") == "No source here: https://x.org"


@given(st.text(max_size=80), st.text(max_size=40))
def test_cited_links_never_make_markup_from_text(name: str, rest: str) -> None:
    """Whatever a row says, the only tags in the output are our links."""
    from apothecary.render.reflinks import cited_links

    html = cited_links(str(Markup.escape(f"Source: {name}: https://x.org/{rest}")))
    bare = re.sub(r'<a href="[^"<>]*">|</a>', "", html)
    assert "<" not in bare and ">" not in bare.replace("&gt;", "")
