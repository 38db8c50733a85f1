"""A drug page over the 30 KB budget in a real browser: its companion pages pass axe and
every link of the drug page and its companions works (issue 6)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from browserkit import crawl, open_tab, serving
from click.testing import CliRunner

from apothecary.cli import cli
from apothecary.render.html import is_moved_stub
from sitekit import big_kb

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def heavy_site(tiny_kb_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("heavy")
    listing = folder / "list.txt"
    listing.write_text("Paracetamol\nHeavymedicine\nHeavymedicine + Otherheavy\n", "utf-8")
    out = folder / "site"
    result = CliRunner().invoke(cli, [
        "build", str(listing), "--out", str(out), "--kb", str(big_kb(tiny_kb_path, folder)),
        "--format", "html,json", "--base-url", "https://drugs.example.org/",
    ])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def heavy_url(heavy_site: Path) -> Iterator[str]:
    with serving(heavy_site) as url:
        yield url


@pytest.fixture
def tab(browser: Any, heavy_url: str) -> Iterator[Any]:
    with open_tab(browser, heavy_url) as tab:
        yield tab


def companions(site: Path) -> list[str]:
    """Site paths of the companion pages: index.html files inside a drug page's folder."""
    report = json.loads((site / "build-report.json").read_text("utf-8"))
    return sorted(str(c.relative_to(site)) for p in report["pages"]
                  for c in (site / p["html"]).parent.glob("*/index.html")
                  if not is_moved_stub(c.read_text("utf-8")))  # an old address (round 7)


def test_companion_pages_pass_axe(tab: Any, heavy_site: Path, axe_violations: Any) -> None:
    pages = companions(heavy_site)
    assert any(p.endswith(("/side-effects/index.html", "/more/index.html")) for p in pages), pages
    for rel in pages[:3]:
        tab.goto(rel.removesuffix("index.html"))
        violations = axe_violations(tab)
        assert violations == [], (rel, json.dumps(violations, indent=1))


def test_every_link_of_heavy_pages_works(tab: Any, heavy_url: str, heavy_site: Path) -> None:
    """Crawl from home: every same-site link answers, companion pages included."""
    seen = crawl(tab, heavy_url)
    visited = {urlsplit(u).path.lstrip("/") for u in seen}
    for rel in companions(heavy_site):
        assert rel.removesuffix("index.html") in visited, rel
