"""The interaction checker on a phone (390×844 and 320 px wide) and a desktop (issue 12).

Its own site: tests/fixtures/checker_list.txt with the brands of checker_brands.csv, built
on the tiny KB plus prednisolone (so the look-alike pair prednisone/prednisolone has one
side on the site)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browserkit import open_tab, serving
from click.testing import CliRunner

from apothecary.cli import cli
from apothecary.knowledge.store import KnowledgeBase
from apothecary.writers.wording import LEVEL_LABEL

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PHONE = {"width": 390, "height": 844}
NARROW = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 800}
GROUP_LOCATOR = ("thesaurus record 1909 (MÉDICAMENTS SÉDATIFS + AUTRES MÉDICAMENTS SÉDATIFS; "
                 "Association DECONSEILLEE)")


@pytest.fixture(scope="module")
def checker_site(tiny_kb_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("checker")
    kb = folder / "kb.sqlite"
    shutil.copy(tiny_kb_path, kb)
    conn = sqlite3.connect(kb)
    conn.execute("INSERT INTO drugs (id, name, display) VALUES "
                 "('DB00860', 'prednisolone', 'Prednisolone')")
    conn.execute("INSERT INTO names VALUES "
                 "('prednisolone', 'prednisolone', 'DB00860', 'preferred', 'drugcentral')")
    # a group record as the KB's ANSM reader writes its locator (the French groups in it)
    conn.execute("UPDATE facts SET locator = ? WHERE id = 'f-salb-x-met-class'",
                 (GROUP_LOCATOR,))
    conn.commit()
    conn.close()
    out = folder / "site"
    result = CliRunner().invoke(cli, [
        "build", str(FIXTURES / "checker_list.txt"), "--out", str(out), "--kb", str(kb),
        "--format", "html", "--brands", str(FIXTURES / "checker_brands.csv"),
    ])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def checker_url(checker_site: Path) -> Iterator[str]:
    with serving(checker_site) as url:
        yield url


@pytest.fixture(scope="module")
def titles(checker_site: Path) -> dict[str, str]:
    report = json.loads((checker_site / "build-report.json").read_text("utf-8"))
    return {p["key"]: p["title"] for p in report["pages"]}


def tab(browser: Any, url: str, viewport: dict[str, int]) -> Any:
    return open_tab(browser, url, viewport=viewport)


def open_checker(page: Any) -> Any:
    page.goto("checker/")
    page.locator("#checker[data-ready=true]").wait_for()
    return page.get_by_role("combobox", name="Add a medicine you take")


def options(page: Any, query: str) -> list[str]:
    box = page.get_by_role("combobox", name="Add a medicine you take")
    box.fill("")
    box.press_sequentially(query)
    listbox = page.get_by_role("listbox")
    if listbox.is_hidden():
        return []
    return [o.strip() for o in listbox.get_by_role("option").all_inner_texts()]


def add(page: Any, query: str, option: str) -> None:
    """Type `query`, then pick the option reading `option` with the keyboard."""
    texts = options(page, query)
    assert option in texts, texts
    box = page.get_by_role("combobox", name="Add a medicine you take")
    for _ in range(texts.index(option) + 1):
        if box.get_attribute("aria-activedescendant") and page.locator(
                "#" + str(box.get_attribute("aria-activedescendant"))).inner_text() == option:
            break
        box.press("ArrowDown")
    box.press("Enter")


def no_overflow(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"page is {width} px wide"


@pytest.mark.parametrize("viewport", [PHONE, NARROW], ids=["390px", "320px"])
def test_brands_sharing_an_ingredient_warn_on_a_phone(
    browser: Any, checker_url: str, viewport: dict[str, int]
) -> None:
    with tab(browser, checker_url, viewport) as page:
        open_checker(page)
        add(page, "moxlin", "Amoxycillin (amoxicillin) (brand Moxlin 500)")
        add(page, "clavamix 625",
            "Amoxycillin (amoxicillin) + Clavulanic Acid (brand Clavamix 625)")
        warning = page.locator("#checker-results .checker-shared")
        warning.wait_for()
        text = warning.inner_text()
        assert "Both contain amoxicillin: taking both can be an overdose." in text
        # the answer is on the first screen, and nothing is wider than the screen
        assert warning.bounding_box()["y"] < viewport["height"]
        no_overflow(page)
        # a combination's own ingredients are never a pair to warn about
        assert page.locator("#checker-results .checker-pair").count() == 0


def test_pair_card_by_other_name_on_a_phone(
    browser: Any, checker_url: str, titles: dict[str, str], tiny_kb: KnowledgeBase
) -> None:
    with tab(browser, checker_url, PHONE) as page:
        open_checker(page)
        add(page, "acetaminophen", f"{titles['DB00316']} (also called acetaminophen)")
        page.locator("#checker-results .checker-status", has_text="added").wait_for()
        add(page, "warf", titles["DB00682"])
        card = page.locator("#checker-results .checker-pair")
        card.wait_for()
        assert card.count() == 1
        text = card.inner_text()
        # tiny_kb.sql: ANSM rates paracetamol with warfarin moderate, a named pair
        assert LEVEL_LABEL["moderate"] in text and "Our sources name these two" in text
        ansm = tiny_kb.all_sources["ansm"]
        assert f"Source: {ansm.name}, {ansm.edition}, pair 12. Licence: {ansm.licence}" in text
        assert card.bounding_box()["y"] < PHONE["height"]
        no_overflow(page)
        # each chosen medicine links to its page (addresses the script derives from titles)
        for href in page.locator("#checker-chosen a").evaluate_all("els => els.map(e => e.href)"):
            assert page.request.get(href).ok, href


def test_each_pair_once_across_products(browser: Any, checker_url: str,
                                        titles: dict[str, str]) -> None:
    """Warfarin with amoxicillin alone and inside a combination: one card for the pair."""
    with tab(browser, checker_url, DESKTOP) as page:
        open_checker(page)
        add(page, "warfarin", titles["DB00682"])
        add(page, "moxlin", f"{titles['DB01060']} (brand Moxlin 500)")
        add(page, "clavamix", f"{titles['DB00766+DB01060']} (brand Clavamix 625)")
        cards = page.locator("#checker-results .checker-pair")
        cards.first.wait_for()
        headings = cards.locator("h3").all_inner_texts()
        assert len(headings) == len(set(headings)) == 1, headings
        assert LEVEL_LABEL["major"] in cards.first.inner_text()  # ONC: major
        no_overflow(page)


def test_typos_find_the_medicine_but_never_a_look_alike(browser: Any, checker_url: str,
                                                        titles: dict[str, str]) -> None:
    with tab(browser, checker_url, PHONE) as page:
        open_checker(page)
        assert options(page, "paracetmol") == [f"Did you mean {titles['DB00316']}?"]
        assert options(page, "prednisolome") == [f"Did you mean {titles['DB00860']}?"]
        # prednisone is prednisolone's look-alike (names/data/lasa.tsv): never offered for it
        assert options(page, "prednisone") == []
        assert "No medicine on this site matches" in page.locator("#checker-hint").inner_text()


def test_checker_by_keyboard_only(browser: Any, checker_url: str, titles: dict[str, str]) -> None:
    with tab(browser, checker_url, DESKTOP) as page:
        page.goto("checker/")
        page.locator("#checker[data-ready=true]").wait_for()
        for _ in range(30):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == "checker-q":
                break
        else:
            pytest.fail("the checker's box is not reachable with Tab")
        page.keyboard.type("feverex")
        page.keyboard.press("Enter")
        chip = page.locator("#checker-chosen li")
        chip.wait_for()
        assert chip.inner_text().startswith(titles["DB00316"])
        page.keyboard.press("Shift+Tab")  # nothing after the box but the chosen list
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        label = page.evaluate("document.activeElement.getAttribute('aria-label')")
        assert label == f"Remove {titles['DB00316']}"
        page.keyboard.press("Enter")
        assert page.locator("#checker-chosen li").count() == 0


def test_only_the_chosen_medicines_data_is_loaded(browser: Any, checker_url: str,
                                                  titles: dict[str, str]) -> None:
    with tab(browser, checker_url, PHONE) as page:
        asked: list[str] = []
        page.on("request", lambda r: asked.append(r.url.removeprefix(checker_url)))
        open_checker(page)
        add(page, "paracetamol", titles["DB00316"])
        add(page, "warfarin", titles["DB00682"])
        page.locator("#checker-results .checker-pair").wait_for()
        data = sorted(u for u in asked if u.endswith(".json"))
        assert data == ["checker/d/DB00316.json", "checker/d/DB00682.json",
                        "checker/index.json"]


@pytest.mark.parametrize("viewport", [NARROW, DESKTOP], ids=["320px", "desktop"])
def test_checker_has_no_wcag_violations(
    browser: Any, checker_url: str, axe_violations: Any, viewport: dict[str, int],
    titles: dict[str, str],
) -> None:
    with tab(browser, checker_url, viewport) as page:
        open_checker(page)
        add(page, "feverex", f"{titles['DB00316']} (brand Feverex 650)")
        add(page, "warfarin", titles["DB00682"])
        add(page, "clavamix", f"{titles['DB00766+DB01060']} (brand Clavamix 625)")
        page.locator("#checker-results .checker-pair").first.wait_for()
        options(page, "amox")  # the list of options open too
        violations = axe_violations(page)
        assert violations == [], json.dumps(violations, indent=1)


def release(page: Any, held: list[Any]) -> None:
    """Wait until a request is held (its handler runs on the test's thread), then let the
    held requests through."""
    for _ in range(200):
        if held:
            break
        page.wait_for_timeout(20)
    assert held
    for route in held:
        route.continue_()


def test_loading_messages_while_data_is_on_its_way(browser: Any, checker_url: str,
                                                   titles: dict[str, str]) -> None:
    """On a slow connection the reader is told what is loading, then gets the answer."""
    with tab(browser, checker_url, PHONE) as page:
        held: list[Any] = []

        def hold(route: Any) -> None:
            held.append(route)

        page.route("**/checker/index.json", hold)
        page.goto("checker/")
        status = page.locator("#checker-results .checker-status")
        assert status.inner_text() == "Loading the list of medicines\u2026"
        release(page, held)
        page.unroute("**/checker/index.json")
        page.locator("#checker[data-ready=true]").wait_for()
        held.clear()
        page.route("**/checker/d/*.json", hold)
        add(page, "paracetamol", titles["DB00316"])
        status.filter(has_text="Loading what our sources say about").wait_for()
        release(page, held)
        page.unroute("**/checker/d/*.json")
        status.filter(has_text="added").wait_for()


def test_group_record_says_what_happens_never_in_french(
    browser: Any, checker_url: str, titles: dict[str, str]
) -> None:
    with tab(browser, checker_url, NARROW) as page:
        open_checker(page)
        add(page, "albuterol", f"{titles['DB01001']} (also called albuterol)")
        add(page, "metformin", titles["DB00331"])
        card = page.locator("#checker-results .checker-pair")
        card.wait_for()
        text = card.inner_text()
        # render/data/checker_effects.tsv: the sedatives record, in our words
        assert "Both can make you drowsy and less alert" in text
        assert LEVEL_LABEL["class-serious"] in text
        assert "thesaurus record 1909." in text
        french = ("MÉDICAMENTS", "SÉDATIFS", "Association", "DECONSEILLEE")
        assert not any(w in text for w in french)
        no_overflow(page)
