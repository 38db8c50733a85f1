"""Issue 14: a long class's own page (`classes/<slug>/`) and the classes' index, in the
browser: reachable from the home page, every member linked, and axe finds no WCAG 2.1 A/AA
violation. The test list's classes are short, so the threshold is lowered here (that member
pages link their class's page is tested in tests/test_web_data.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browserkit import open_tab, serving
from click.testing import CliRunner

from apothecary.cli import cli
from apothecary.render import related

WEB_LIST = Path(__file__).resolve().parents[1] / "fixtures" / "web_list.txt"


@pytest.fixture
def class_site(tiny_kb_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(related, "CLASS_PAGE_MIN", 2)
    out = tmp_path / "site"
    result = CliRunner().invoke(cli, [
        "build", str(WEB_LIST), "--out", str(out), "--kb", str(tiny_kb_path),
        "--format", "html", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return out


def test_class_pages_are_linked_and_pass_axe(browser: Any, class_site: Path,
                                            axe_violations: Any) -> None:
    pages = sorted(class_site.glob("classes/*/index.html"))
    assert pages, "no class with 2 pages in the test list"
    slug = pages[0].parent.name
    with serving(class_site) as url, open_tab(browser, url) as tab:
        tab.goto("./")
        tab.get_by_role("link", name="medicines by class").click()
        tab.wait_for_load_state()
        assert tab.locator("h1").inner_text().strip() == "Medicines by class"
        assert axe_violations(tab) == []
        tab.locator(f'a[href$="classes/{slug}/"]').first.click()
        tab.wait_for_load_state()
        assert tab.locator("h1").inner_text().startswith("Medicines in the class: ")
        assert axe_violations(tab) == []
        link = tab.locator("main li a").first
        title = link.inner_text().strip()
        link.click()  # every member is linked (member pages link the class: test_web_data.py)
        tab.wait_for_load_state()
        assert tab.locator("h1").inner_text().strip() == title
