"""The built site in a real browser: search, checker, links, structured data, accessibility."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from browserkit import crawl

from apothecary.knowledge.store import KnowledgeBase
from apothecary.models import FactKind
from apothecary.writers.wording import LEVEL_LABEL

pytestmark = pytest.mark.browser


def pages_by_title(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["title"]: p for p in report["pages"]}


def search_for(page: Any, query: str) -> Any:
    """Type a query into the labelled search box, as a keyboard user would; the results
    shown under the box as you type (Enter would open the page or the results page)."""
    box = page.get_by_role("searchbox", name="Search medicines")
    box.focus()
    page.keyboard.type(query)
    results = page.locator("#site-search-results")
    results.locator(".search-status", has_text=f"\u201c{query}\u201d").wait_for()
    return results


def alternate_name_cases(kb: KnowledgeBase, report: dict[str, Any]) -> list[tuple[str, str]]:
    """(other name, page title) for each single-drug page whose drug has a synonym."""
    cases = []
    for p in report["pages"]:
        if "+" in p["key"]:
            continue
        drug = kb.drug(p["key"])
        if drug and drug.other_names:
            cases.append((drug.other_names[0], p["title"]))
    return cases


@pytest.mark.parametrize("query", ["acetaminophen", "albuterol"])
def test_search_finds_a_page_by_its_other_name(
    page: Any, tiny_kb: KnowledgeBase, report: dict[str, Any], query: str
) -> None:
    cases = dict(alternate_name_cases(tiny_kb, report))
    assert query in cases, f"fixture list must build a page known as {query}"
    page.goto("./")
    results = search_for(page, query)
    link = results.get_by_role("link", name=cases[query], exact=True)
    link.wait_for()
    link.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().strip() == cases[query]


def test_search_finds_medicines_by_condition(
    page: Any, tiny_kb: KnowledgeBase, report: dict[str, Any]
) -> None:
    titles = pages_by_title(report)
    key_to_title = {p["key"]: t for t, p in titles.items()}
    wanted = {
        key_to_title[f.drug_id]
        for key in key_to_title if "+" not in key
        for f in tiny_kb.facts(key, [FactKind.USE]) if f.value.casefold() == "hypertension"
    }
    assert wanted, "fixture list must build a page for a drug used for hypertension"
    page.goto("./")
    results = search_for(page, "hypertension")
    for title in wanted:
        results.get_by_role("link", name=title, exact=True).wait_for()


def test_search_results_reachable_by_keyboard(page: Any) -> None:
    page.goto("./")
    for _ in range(30):  # tab from the top of the page to the search box
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.type") == "search":
            break
    else:
        pytest.fail("the search box is not reachable with Tab")
    page.keyboard.type("albuterol")
    page.locator("#site-search-results a").first.wait_for()
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('#site-search-results') !== null"):
            break
    else:
        pytest.fail("no search result is reachable with Tab")
    href = page.evaluate("document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(href)


def check_medicines(page: Any, *titles: str) -> Any:
    """Open the checker and add each medicine by its title (type it, Enter): the results."""
    page.goto("checker/")
    page.locator("#checker[data-ready=true]").wait_for()
    box = page.get_by_role("combobox", name="Add a medicine you take")
    for title in titles:
        box.fill(title)
        page.get_by_role("option", name=title, exact=True).wait_for()
        box.press("Enter")
        page.locator("#checker-chosen li", has_text=title).wait_for()
    results = page.locator("#checker-results")
    results.locator(".checker-status:not(:has-text('Loading'))").wait_for()
    return results


def test_checker_shows_a_known_interaction(
    page: Any, tiny_kb: KnowledgeBase, report: dict[str, Any]
) -> None:
    singles = {p["key"]: p["title"] for p in report["pages"] if "+" not in p["key"]}
    facts = [f for f in tiny_kb.interactions_among(singles) if f.severity == "major"]
    assert facts, "fixture list must hold a pair with a major interaction"
    fact = facts[0]
    source = tiny_kb.all_sources[fact.source_id]
    first, second = singles[fact.drug_id], singles[fact.other_id or ""]
    results = check_medicines(page, first, second)
    card = results.locator(".checker-pair").filter(has_text=first).filter(has_text=second)
    card.first.wait_for()
    text = card.first.inner_text().casefold()
    for expected in (LEVEL_LABEL["major"], source.name, fact.licence):
        assert expected.casefold() in text


def test_checker_says_so_when_sources_record_nothing(
    page: Any, tiny_kb: KnowledgeBase, report: dict[str, Any]
) -> None:
    singles = {p["key"]: p["title"] for p in report["pages"] if "+" not in p["key"]}
    quiet = [(a, b) for a in singles for b in singles
             if a < b and not tiny_kb.interactions_among([a, b])]
    a, b = quiet[0]
    results = check_medicines(page, singles[a], singles[b])
    assert "no interaction" in results.locator(".checker-status").inner_text()
    assert results.locator(".checker-card").count() == 0


def test_every_drug_page_reachable_from_home(
    page: Any, base_url: str, report: dict[str, Any]
) -> None:
    seen = crawl(page, base_url, must_answer=False, pages_only=True)
    visited = {urlsplit(u).path for u in seen}
    for p in report["pages"]:
        path = "/" + p["html"].removesuffix("index.html")
        assert path in visited, f"{p['title']} ({path}) is not linked from the home page"


def test_drug_page_structured_data(page: Any, report: dict[str, Any], built_site: Path) -> None:
    entry = next(p for p in report["pages"] if "+" in p["key"])
    page.goto(entry["html"].removesuffix("index.html"))
    blocks = page.eval_on_selector_all(
        "script[type='application/ld+json']", "els => els.map(e => JSON.parse(e.textContent))")
    assert len(blocks) == 1
    graph = blocks[0]["@graph"]
    drug = graph[0]["about"]
    assert graph[0]["@type"] == "MedicalWebPage" and drug["name"] == entry["title"]
    assert len(drug["activeIngredient"]) == entry["key"].count("+") + 1
    canonical = page.eval_on_selector("link[rel=canonical]", "e => e.href")
    assert canonical == graph[0]["url"]
    assert canonical.startswith("https://drugs.example.org/")
    sitemap = (built_site / "sitemap.xml").read_text("utf-8")
    assert f"<loc>{canonical}</loc>" in sitemap


@pytest.mark.parametrize("where", ["home", "drug", "search", "checker"])
def test_no_wcag_violations(
    page: Any, report: dict[str, Any], axe_violations: Any, where: str
) -> None:
    if where == "home":
        page.goto("./")
    elif where == "drug":
        page.goto(report["pages"][0]["html"].removesuffix("index.html"))
    elif where == "search":
        page.goto("./")
        search_for(page, report["pages"][0]["title"]).locator("a").first.wait_for()
    else:
        check_medicines(page, *(p["title"] for p in report["pages"][:3]))
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=1)


def test_axe_harness_reports_a_planted_violation(page: Any, axe_violations: Any) -> None:
    """The accessibility check above can fail: an unlabelled input is reported."""
    page.goto("./")
    page.evaluate("document.querySelector('main').appendChild(document.createElement('input'))")
    assert "label" in {v["id"] for v in axe_violations(page)}


def test_checker_warns_when_two_products_share_an_ingredient(
    page: Any, report: dict[str, Any]
) -> None:
    """Two chosen products with one ingredient in common get a same-ingredient warning."""
    pages = {p["key"]: p["title"] for p in report["pages"]}
    single, combo = pages["DB01060"], pages["DB00766+DB01060"]  # amoxicillin, and with clav.
    warning = check_medicines(page, single, combo).locator(".checker-shared")
    warning.first.wait_for()
    text = warning.first.inner_text()
    assert "Both contain amoxicillin: taking both can be an overdose." in text
    page.get_by_role("button", name=f"Remove {combo}").click()
    box = page.get_by_role("combobox", name="Add a medicine you take")
    box.fill(pages["DB00316"])  # paracetamol: nothing shared
    page.get_by_role("option", name=pages["DB00316"], exact=True).wait_for()
    box.press("Enter")
    page.locator("#checker-results .checker-status", has_text="medicines").wait_for()
    assert page.locator("#checker-results .checker-shared").count() == 0
