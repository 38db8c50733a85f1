"""The first phone screen (issue 10) in a real browser: a site built with the new sections
(key facts, safety, companion detail, links between interacting medicines), read at
390×844 CSS pixels."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browserkit import open_tab, serving

from apothecary.knowledge.store import KnowledgeBase
from apothecary.render.html import is_moved_stub
from apothecary.site.pipeline import build_from_list
from pagekit import LayoutWriter

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
WEB_LIST = Path(__file__).resolve().parents[1] / "fixtures" / "web_list.txt"


@pytest.fixture(scope="module")
def layout_site(tiny_kb_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("layout") / "site"
    kb = KnowledgeBase(tiny_kb_path)
    try:
        build_from_list(WEB_LIST, kb, out, writer=LayoutWriter(kb), formats=["html"], jobs=1)
    finally:
        kb.close()
    return out


@pytest.fixture(scope="module")
def layout_url(layout_site: Path) -> Iterator[str]:
    with serving(layout_site) as url:  # under the site's own CSP
        yield url


@pytest.fixture
def phone(browser: Any, layout_url: str) -> Iterator[Any]:
    with open_tab(browser, layout_url) as tab:
        tab.set_viewport_size(PHONE)
        yield tab


def drug_pages(site: Path) -> list[dict[str, Any]]:
    report = json.loads((site / "build-report.json").read_text("utf-8"))
    return list(report["pages"])


def test_key_facts_fit_the_first_phone_screen(phone: Any, layout_site: Path) -> None:
    pages = drug_pages(layout_site)
    assert len(pages) >= 8
    for p in pages:  # singles and the combination, long titles included
        phone.goto(p["html"].removesuffix("index.html"))
        box = phone.locator("#key-facts").bounding_box()
        h1 = phone.locator("h1").bounding_box()
        assert box and h1, p["title"]
        assert h1["y"] < box["y"], p["title"]  # the title, then the box
        assert box["y"] + box["height"] <= PHONE["height"], (p["title"], box)
        advice = phone.locator("#key-facts .advice")
        assert "Not medical advice" in advice.inner_text()
        # nothing from a later section shows above the fold before the box ends
        safety = phone.locator("#safety").bounding_box()
        assert safety and safety["y"] > box["y"] + box["height"]


def test_combination_title_and_links_to_partners(phone: Any, layout_site: Path) -> None:
    pages = {p["title"]: p for p in drug_pages(layout_site)}
    combo = next(t for t in pages if "+" in t)
    assert combo.startswith("Amoxycillin (amoxicillin) + Clavulanic Acid")
    phone.goto(pages["Paracetamol"]["html"].removesuffix("index.html"))
    link = phone.locator("#interactions a", has_text="Warfarin")
    link.first.click()
    phone.wait_for_load_state()
    assert phone.locator("h1").inner_text().strip() == pages_title(pages, "Warfarin")


def pages_title(pages: dict[str, Any], start: str) -> str:
    return next(t for t in pages if t.startswith(start))


@pytest.mark.parametrize("which", ["single", "combination", "companion"])
def test_new_sections_pass_axe_on_a_phone(phone: Any, layout_site: Path, axe_violations: Any,
                                          which: str) -> None:
    pages = drug_pages(layout_site)
    if which == "companion":
        comp = sorted(c for c in layout_site.glob("*/*/*/index.html")  # side-effects/ or
                      if len(c.relative_to(layout_site).parts[0]) == 1  # more/ (issue 14),
                      and not is_moved_stub(c.read_text("utf-8")))  # not an old address
        assert comp, "the writer marks rare side effects as companion detail"
        phone.goto(str(comp[0].relative_to(layout_site)).removesuffix("index.html"))
    else:
        p = next(p for p in pages if ("+" in p["key"]) == (which == "combination"))
        phone.goto(p["html"].removesuffix("index.html"))
        assert phone.locator("#key-facts").count() == 1
        assert phone.locator("#safety").count() == 1
    violations = axe_violations(phone)
    assert violations == [], json.dumps(violations, indent=1)


@pytest.mark.parametrize("query", ["aspirin", "acetylsalicylic"])
def test_search_finds_a_page_by_its_list_name_and_its_inn(phone: Any, query: str) -> None:
    """Enter opens the page a query names exactly ("aspirin"); a query that only begins a
    name ("acetylsalicylic") opens the results page, the medicine first."""
    phone.goto("./")
    box = phone.get_by_role("searchbox", name="Search medicines")  # label hidden on phones
    box.focus()
    phone.keyboard.type(query)
    phone.keyboard.press("Enter")
    if query != "aspirin":
        phone.wait_for_url("**/search/?q=*")
        results = phone.locator("#search-page .search-list")
        results.wait_for()
        link = results.get_by_role("link").first
        assert link.inner_text() == "Aspirin (acetylsalicylic acid)"
        link.click()
    phone.wait_for_url("**/aspirin*/")
    assert phone.locator("h1").inner_text().strip() == "Aspirin (acetylsalicylic acid)"
