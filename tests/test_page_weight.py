"""Lighter drug pages (issue 6 budget) that still show every fact with its source."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as hs
from markupsafe import escape

from apothecary.knowledge.store import KnowledgeBase
from apothecary.models import Fact, FactKind, Page, Section, Statement
from apothecary.names.normalize import reader_name
from apothecary.render import budget, search
from apothecary.render.common import SourceIndex, html_path
from apothecary.render.html import HtmlRenderer, is_moved_stub
from apothecary.render.jsonld import page_jsonld
from apothecary.render.web import WebExtras
from apothecary.writers.base import PageRequest
from apothecary.writers.template import TemplateWriter
from sitekit import HREF, big_kb, cited_items, main_of, page_weight, resolve

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
        if st.companion:  # on the companion page: "See 1 more use"
            continue
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


# -- the 30 KB budget: long lists move to companion pages, nothing is lost ------------------

SITE = "https://drugs.example.org/"
BUDGET = 30 * 1024
STATIC = HtmlRenderer.static_files()


@pytest.fixture
def heavy_kb(tiny_kb_path: Path, tmp_path: Path) -> Iterator[KnowledgeBase]:
    kb = KnowledgeBase(big_kb(tiny_kb_path, tmp_path))
    yield kb
    kb.close()


def heavy_page(kb: KnowledgeBase, *ids: str) -> tuple[Page, dict[str, Any]]:
    drugs = [kb.drug(i) for i in ids]
    assert all(drugs)
    page = unflagged(TemplateWriter(kb).write_page(
        PageRequest(key="+".join(ids), drugs=drugs)))  # type: ignore[arg-type]
    web = WebExtras([page], {page.key: html_path(page.slug)}, kb, SITE)
    return page, web.page_context(page)


def unflagged(page: Page) -> Page:
    """The page with no statement marked as companion detail: what the weight budget alone
    does (the writer's companion flags are tested in tests/test_layout.py)."""
    return page.model_copy(update={"sections": [s.model_copy(update={"statements": [
        st.model_copy(update={"companion": False}) for st in s.statements]})
        for s in page.sections]})


def moving_facts(page: Page) -> list[Fact]:
    return [f for f in page.facts if f.kind in (FactKind.SIDE_EFFECT, FactKind.INTERACTION)]


def check_split(page: Page, files: dict[str, str], budget: int) -> None:
    """Every file within budget, every moving fact on exactly one file with its source,
    the rest of the page untouched, and every link between the files working."""
    folder = html_path(page.slug).removesuffix("index.html")
    assert "index.html" in files
    for key, html in files.items():
        assert re.fullmatch(r"([a-z0-9-]+/)*index\.html", key), key
        assert page_weight(html, STATIC) <= budget, (key, page_weight(html, STATIC))
    sources = {s.id: s.name for s in page.sources}
    items = {key: [it for sid in ("side-effects", "interactions") if f'<section id="{sid}"' in html
                   for it in cited_items(section_html(html, sid))]
             for key, html in files.items()}  # the lists (an FAQ may name a few again)
    for f in moving_facts(page):
        name = str(escape(f.plain))
        found = [(key, cites) for key, lis in items.items() for li, cites in lis if name in li]
        assert len(found) == 1, (f.plain, [k for k, _ in found])
        assert sources[f.source_id] in found[0][1], (f.plain, found)
    # links: the site's own files, the companion pages, and from each to the next
    reached, queue = set(), ["index.html"]
    while queue:
        key = queue.pop()
        reached.add(key)
        for href in HREF.findall(files[key]):
            if "://" in href:
                continue
            target = resolve(folder + key.removesuffix("index.html"), href)
            assert not target.startswith("<above"), (key, href)
            if target.startswith(folder):
                inside = target.removeprefix(folder)
                assert inside in files, (key, href)
                if inside not in reached:
                    queue.append(inside)
            else:
                assert target.split("/")[0] in ("index.html", "static", "checker", "sources",
                                                "search", "api"), (key, href)
    # every file is reached but the stubs at the old companion addresses (round 7)
    assert reached == {k for k in files if not is_moved_stub(files[k])}


@pytest.mark.parametrize("ids", [("DBY1",), ("DBY1", "DBY2")])
def test_heavy_page_fits_and_keeps_every_fact(heavy_kb: KnowledgeBase, ids: tuple[str]) -> None:
    page, ctx = heavy_page(heavy_kb, *ids)
    full = HtmlRenderer(budget=10**9).render_page(page, "../../api/drugs/x.json", ctx)
    assert page_weight(full, STATIC) > BUDGET  # the test means something
    files = HtmlRenderer().render_page_files(page, "../../api/drugs/x.json", ctx)
    if len(ids) == 1:  # what moved fits one page: both lists share it (issue 14), and the
        # old addresses send readers on (round 7)
        assert set(files) == {"index.html", "more/index.html", "side-effects/index.html",
                              "interactions/index.html"}
        for sid in ("side-effects", "interactions"):
            stub = files[f"{sid}/index.html"]
            assert f'url=../more/#{sid}"' in stub and f'href="../more/#{sid}"' in stub
            assert "content=noindex" in stub and f'id="{sid}"' in files["more/index.html"]
    else:
        assert {"index.html", "side-effects/index.html", "interactions/index.html"} <= set(files)
    check_split(page, files, BUDGET)
    drug_page = files["index.html"]
    assert HtmlRenderer().render_page(page, "../../api/drugs/x.json", ctx) == drug_page
    # what matters most stays whole on the drug page: the sections that never move, and
    # common / post-marketing side effects and serious interactions
    for sid in ("usage", "how-it-works", "faqs", "sources", "disclaimer", "note"):
        assert section_html(drug_page, sid) == section_html(full, sid)
    kept = main_of(drug_page)
    # urgent: what the writer lists in the statements that move last (budget.tier_of) — with
    # the template writer, common / post-marketing side effects and serious interactions
    urgent = {i for s in page.sections for st in s.statements
              if budget.tier_of(s.id, st.label) == budget.LAST_TIER for i in st.fact_ids}
    moved = {f.id for f in moving_facts(page) if str(escape(f.plain)) not in kept}
    assert moved and (not moved & urgent or moved >= {f.id for f in moving_facts(page)} - urgent)
    assert bool(moved & urgent) == (len(ids) > 1)  # the single page keeps all urgent ones
    title = str(escape(page.title))
    assert re.search(rf'<a href="(side-effects/|more/#side-effects)">See \d+ more side effects of '
                     rf"{re.escape(title)}</a>", kept)
    for key, html in files.items():
        if key == "index.html" or is_moved_stub(html):  # a stub at an old address
            continue
        assert "data-pagefind-body" not in html  # nothing on the site is indexed as it is
        assert re.search(rf"<h1>(More (side effects|interactions) of|More about) "
                         rf"{re.escape(title)}", html)
        assert '<a href="../">Back to ' in html
        assert section_html(html, "disclaimer") == section_html(drug_page, "disclaimer")
        assert f'<link rel="canonical" href="{SITE}{html_path(page.slug)[:-10]}' \
               f'{key[:-10]}">' in html


def test_structured_data_names_only_partners_the_page_shows(heavy_kb: KnowledgeBase) -> None:
    page, ctx = heavy_page(heavy_kb, "DBY1", "DBY2")
    drug_page = HtmlRenderer().render_page(page, None, ctx)
    m = re.search(r'<script type="application/ld\+json">(.*?)</script>', drug_page, re.S)
    assert m and "<" not in m.group(1) and "&" not in m.group(1)  # escaped as before
    about = json.loads(m.group(1))["@graph"][0]["about"]
    partners = [d["name"] for d in about.get("interactingDrug", [])]
    assert partners and all(str(escape(p)) in main_of(drug_page) for p in partners)
    assert about["@type"] == "Drug" and about["name"] == page.title


def test_smaller_budget_splits_companion_pages(heavy_kb: KnowledgeBase,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A tighter budget moves even serious lists and cuts companions into parts (the
    writer's own cap on companion side effects lifted: the renderer must still split a
    list longer than a part, whoever wrote it)."""
    from apothecary.monographs import side_effects
    monkeypatch.setattr(side_effects, "COMPANION_CAP", 10_000)
    page, ctx = heavy_page(heavy_kb, "DBY1", "DBY2")
    budget = 25 * 1024  # key facts and safety never move; with them the page needs 25 KB
    files = HtmlRenderer(budget=budget).render_page_files(page, None, ctx)
    assert "side-effects-2/index.html" in files and "interactions-2/index.html" in files
    check_split(page, files, budget)
    parts = sum(k.startswith("side-effects") for k in files)
    first, last = files["side-effects/index.html"], files[f"side-effects-{parts}/index.html"]
    assert "Next part" in first and "Previous part" not in first
    assert "Previous part" in last and "Next part" not in last
    assert f"(part {parts} of {parts})" in last


def test_normal_page_has_no_companion(tiny_kb: KnowledgeBase) -> None:
    page = page_with_names(tiny_kb, READER)
    web = WebExtras([page], {page.key: html_path(page.slug)}, tiny_kb, SITE)
    files = HtmlRenderer().render_page_files(page, None, web.page_context(page))
    asked = sorted(f"{s.id}/index.html" for s in page.sections
                   if any(st.companion for st in s.statements))  # the writer's detail only
    # more than one section's detail: one companion page for all (issue 14)
    assert sorted(files) == sorted(["index.html", *asked, *([] if len(asked) < 2 else
                                                             ["more/index.html"])])
    assert files["index.html"].count('class="more"') == len(asked)
    assert page_weight(files["index.html"], STATIC) <= BUDGET


def _effects_statement(words: list[str]) -> tuple[Statement, dict[str, Fact]]:
    """A side-effect line as the template writer writes it, two sources per wording."""
    facts = {}
    for n, w in enumerate(words):
        for src in ("sider", "drugcentral"):
            f = Fact(id=f"f{n}{src}", drug_id="D", kind=FactKind.SIDE_EFFECT, value=w,
                     plain=w, source_id=src, locator="r", licence="x", frequency="unknown")
            facts[f.id] = f
    text = ", ".join(words)
    text = text[:1].upper() + text[1:]
    text = text if text.endswith((".", "!", "?")) else text + "."
    return Statement(label="How often is not known", text=text, fact_ids=list(facts)), facts


@given(hs.lists(hs.text(min_size=1, max_size=12).filter(lambda t: t.strip() == t and t),
                min_size=2, max_size=8, unique_by=str.casefold))
def test_split_items_takes_a_list_apart_exactly(words: list[str]) -> None:
    st, facts = _effects_statement(words)
    found = budget.split_items(st, facts)
    if found is None:  # only when the text cannot be told apart from another list
        return
    items, capital = found
    assert [i for it in items for i in it.fact_ids] == st.fact_ids
    slot = budget.Slot(0, 0, 0, st, items, split=True, capital=capital)
    for k in range(1, len(items)):
        head, tail = slot.part(items[:k], len(items) - k), slot.part(items[k:])
        assert set(head.fact_ids) | set(tail.fact_ids) == set(st.fact_ids)
        assert not set(head.fact_ids) & set(tail.fact_ids)
        assert head.text.endswith(f" and {len(items) - k} more.")
    assert slot.part(items).text == st.text


def test_split_items_finds_words_with_commas() -> None:
    st, facts = _effects_statement(["pain, abdominal", "<b>rash</b> & itch", "é"])
    found = budget.split_items(st, facts)
    assert found is not None
    assert [it.text for it in found[0]] == ["pain, abdominal", "<b>rash</b> & itch", "é"]


def test_unsplittable_line_moves_whole(tiny_kb: KnowledgeBase) -> None:
    """A list the renderer cannot take apart (a partner name with a comma, prose from the LLM
    writer) moves as one line: never cut in the middle of a name."""
    partners = ["Iron, sucrose", "Warfarin"]
    facts = {f"x{n}": Fact(id=f"x{n}", drug_id="D", kind=FactKind.INTERACTION, value=p,
                           plain=f"id {n}", source_id="onc", locator="r", licence="x",
                           other_id=f"O{n}", severity="minor")
             for n, p in enumerate(partners)}
    st = Statement(label="Minor interaction", text="Iron, sucrose, Warfarin.",
                   fact_ids=list(facts))
    assert budget.split_items(st, facts) is None
    page = page_with_names(tiny_kb, [])
    page = page.model_copy(update={
        "facts": [*page.facts, *facts.values()],
        "sections": [*page.sections, Section(id="interactions", title="Interactions",
                                             statements=[st])]})
    slots = budget.slots_of(page)
    assert [(s.split, len(s.items)) for s in slots if s.statement is st] == [(False, 1)]
    n = next(i for i, s in enumerate(slots) if s.statement is st)
    sections, moved = budget.apply(page, slots, {n: 0})
    assert moved["interactions"].statements == [st]
    assert st not in [x for s in sections for x in s.statements]


@pytest.mark.parametrize("name", ["Insulin lispro protamine", "Insulin aspart protamine",
                                  "Insulin isophane", "Doxorubicin liposomal"])
def test_another_product_of_the_molecule_is_not_another_name(name: str,
                                                             tiny_kb: KnowledgeBase) -> None:
    """Reviews 10 and 12: "Is Insulin Lispro the same as Insulin lispro protamine? Yes." —
    the premix's slow half as another name of rapid-acting insulin."""
    assert not reader_name(name)
    page = page_with_names(tiny_kb, [name, "Acetaminophen"])
    shown = " ".join(st.text for s in page.sections for st in s.statements)
    asked = " ".join(f.question + " " + f.answer for f in page.faqs)
    assert name not in shown and name not in asked
    assert "Acetaminophen" in shown


def test_one_line_lists_come_back_in_page_order_when_no_shared_cap_fits() -> None:
    """A combination's interaction lines are one-item slots: a shared cap kept all or none,
    and a heavy page showed an Interactions section that was only a link (review 19). Now
    the first lines that still fit come back, most important (first) first."""
    from types import SimpleNamespace

    from apothecary.render.budget import fit

    slots = [SimpleNamespace(tier=1, items=["a"]) for _ in range(5)]

    def fits(keep: dict[int, int]) -> bool:  # room for two lines
        return sum(keep.values()) <= 2

    keep = fit(slots, fits)  # type: ignore[arg-type]
    assert keep == {0: 1, 1: 1, 2: 0, 3: 0, 4: 0}
