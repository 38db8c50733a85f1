"""Search the way people in India ask for a medicine (issue 12), in Debian's chromium on a
phone (390×844) and a desktop: brands with and without strength, every kind of typo (never
corrected into a look-alike), everyday words, ranking, the results page and the A–Z pages.

The site is built from tests/fixtures/web_list.txt and the made-up brand file
tests/fixtures/brands.csv over the hand-made tiny knowledge base.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browserkit import open_tab, serving
from click.testing import CliRunner

from apothecary.cli import cli
from conftest import WEB_LIST

BRANDS = Path(__file__).resolve().parents[1] / "fixtures" / "brands.csv"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


@pytest.fixture(scope="module")
def search_site(tiny_kb_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("search") / "site"
    result = CliRunner().invoke(cli, [
        "build", str(WEB_LIST), "--out", str(out), "--kb", str(tiny_kb_path),
        "--format", "html", "--brands", str(BRANDS),
    ])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def search_url(search_site: Path) -> Iterator[str]:
    with serving(search_site) as url:
        yield url


@pytest.fixture(params=sorted(VIEWPORTS))
def tab(request: pytest.FixtureRequest, browser: Any, search_url: str) -> Iterator[Any]:
    with open_tab(browser, search_url) as t:
        t.set_viewport_size(VIEWPORTS[request.param])
        yield t


def typed(tab: Any, query: str) -> Any:
    """Type `query` into the search box of the home page; the results shown under the box."""
    tab.goto("./")
    box = tab.get_by_role("searchbox", name="Search medicines")
    box.focus()
    tab.keyboard.type(query)
    results = tab.locator("#site-search-results")
    results.locator(".search-status", has_text=f"\u201c{query}\u201d").wait_for()
    return results


def titles(results: Any) -> list[str]:
    return [t.strip() for t in results.locator(".search-list a").all_inner_texts()]


@pytest.mark.parametrize("query", ["Dolo 650", "dolo", "Crocin", "calpol 650", "DOLO-650 mg"])
def test_a_brand_finds_its_medicine_first(tab: Any, query: str) -> None:
    results = typed(tab, query)
    assert titles(results)[0] == "Paracetamol"
    assert results.locator(".search-fix").count() == 0  # a brand is a name, not a typo


def test_enter_on_a_brand_opens_its_page(tab: Any) -> None:
    typed(tab, "Augmentin 625")
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/a/amoxycillin-clavulanic-acid/")
    assert "Clavulanic Acid" in tab.locator("h1").inner_text()


@pytest.mark.parametrize(("query", "title"), [
    ("paracetmol", "Paracetamol"),  # a letter left out
    ("warfarrin", "Warfarin"),  # a letter doubled
    ("metfornin", "Metformin"),  # a wrong letter
    ("salbutmaol", "Salbutamol"),  # two letters swapped
    ("amoxcilin", "Amoxycillin (amoxicillin)"),  # two typos
])
def test_each_kind_of_typo_is_corrected(tab: Any, query: str, title: str) -> None:
    results = typed(tab, query)
    fix = results.locator(".search-fix")
    assert fix.inner_text() == f"Did you mean {title}?"
    assert titles(results)[0] == title


def test_a_look_alike_is_never_offered_as_a_correction(tab: Any) -> None:
    """"hydrolazine" is one typo from Hydralazine and two from Hydroxyzine (names/data/
    lasa.tsv): neither is offered as what the reader meant."""
    results = typed(tab, "hydrolazine")
    assert results.locator(".search-fix").count() == 0
    assert "Did you mean" not in results.inner_text()
    for exact in ("hydroxyzine", "hydralazine"):
        results = typed(tab, exact)
        assert titles(results)[0] == exact.capitalize()
        assert results.locator(".search-fix").count() == 0


@pytest.mark.parametrize(("query", "first"), [
    ("BP", {"Hydralazine"}),  # high blood pressure
    ("sugar", {"Metformin"}),  # type 2 diabetes
    ("painkiller", {"Aspirin (acetylsalicylic acid)", "Paracetamol"}),  # used for pain
    ("hypertension", {"Hydralazine"}),  # the source's own term
])
def test_everyday_words_find_the_medicines_for_them(tab: Any, query: str,
                                                    first: set[str]) -> None:
    results = typed(tab, query)
    assert set(titles(results)[:len(first)]) == first


def test_a_single_ingredient_page_ranks_before_its_combinations(tab: Any) -> None:
    results = typed(tab, "amoxicillin")
    assert titles(results) == ["Amoxycillin (amoxicillin)",
                               "Amoxycillin (amoxicillin) + Clavulanic Acid"]


def test_results_page_gives_the_true_count_and_pages(tab: Any) -> None:
    tab.goto("search/?q=amoxicillin&per=1")
    page = tab.locator("#search-page")
    page.locator(".search-list").wait_for()
    assert "2 medicines found for \u201camoxicillin\u201d" in page.inner_text()
    assert titles(page) == ["Amoxycillin (amoxicillin)"]
    assert "Page 1 of 2" in page.locator(".pager").inner_text()
    page.get_by_role("link", name="Next").click()
    tab.wait_for_url("**page=2**")
    page.locator(".search-list").wait_for()
    assert titles(page) == ["Amoxycillin (amoxicillin) + Clavulanic Acid"]
    assert "2 medicines found" in page.inner_text()


def test_enter_without_an_exact_name_opens_the_results_page(tab: Any) -> None:
    typed(tab, "fever")
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/search/?q=fever")
    page = tab.locator("#search-page")
    page.locator(".search-list").wait_for()
    assert titles(page)[0] == "Paracetamol"
    assert "1 medicine found" in page.inner_text()


def overflow(tab: Any) -> int:
    return int(tab.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"))


@pytest.mark.parametrize("width", [320, 390])
def test_search_and_az_pages_fit_a_narrow_phone(browser: Any, search_url: str,
                                                width: int) -> None:
    with open_tab(browser, search_url) as t:
        t.set_viewport_size({"width": width, "height": 800})
        typed(t, "paracetmol")
        assert overflow(t) <= 0
        t.goto("search/?q=amoxicillin")
        t.locator("#search-page .search-list").wait_for()
        assert overflow(t) <= 0
        t.goto("az/a/")
        assert overflow(t) <= 0


def test_az_has_a_page_per_letter_and_one_search_box(tab: Any, search_site: Path) -> None:
    tab.goto("./")
    assert tab.locator("input[type=search]").count() == 1
    letters = tab.locator("nav.letters a")
    assert letters.count() == len({p.name for p in (search_site / "az").iterdir()})
    tab.get_by_role("link", name="H 2 medicines").click()
    tab.wait_for_url("**/az/h/")
    assert tab.locator("input[type=search]").count() == 1
    assert tab.locator("ul.az a").all_inner_texts() == ["Hydralazine", "Hydroxyzine"]
    tab.get_by_role("link", name="Hydroxyzine").click()
    tab.wait_for_url("**/h/hydroxyzine/")


@pytest.mark.parametrize("where", ["home", "letter", "results", "typo"])
def test_new_pages_pass_axe(tab: Any, axe_violations: Any, where: str) -> None:
    if where == "home":
        tab.goto("./")
    elif where == "letter":
        tab.goto("az/a/")
    elif where == "results":
        tab.goto("search/?q=amoxicillin&per=1")
        tab.locator("#search-page .pager").wait_for()
    else:
        typed(tab, "paracetmol").locator(".search-fix").wait_for()
    violations = axe_violations(tab)
    assert violations == [], json.dumps(violations, indent=1)
