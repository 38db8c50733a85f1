"""A site built from tests/fixtures/web_list.txt, served on 127.0.0.1, driven by Chromium.

Debian's chromium is used as is (never `playwright install`). Locally these tests skip when
chromium or axe-core is missing; in CI (env CI set) they fail instead.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browserkit import open_tab, serving
from click.testing import CliRunner

from apothecary.cli import cli

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
WEB_LIST = Path(__file__).resolve().parents[1] / "fixtures" / "web_list.txt"


def need(ok: bool, why: str) -> None:
    """Skip locally, fail in CI: a missing browser must not pass silently there."""
    if ok:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{why} (required in CI)")
    pytest.skip(why)


@pytest.fixture(scope="session")
def built_site(tiny_kb_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("web") / "site"
    result = CliRunner().invoke(cli, [
        "build", str(WEB_LIST), "--out", str(out), "--kb", str(tiny_kb_path),
        "--format", "html,json", "--base-url", "https://drugs.example.org/",
    ])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def report(built_site: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((built_site / "build-report.json").read_text("utf-8"))
    return data


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    """Served by `apothecary serve`'s own server, so every browser test also checks that the
    site's pages work under its Content-Security-Policy."""
    with serving(built_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Module-scoped: Playwright's sync API keeps an asyncio loop marked running while it is
    open, which would break later tests that call asyncio.run (the LLM writer's)."""
    need(CHROMIUM.is_file(), f"{CHROMIUM} not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need(False, "playwright not installed (pip install playwright)")
        raise
    with sync_playwright() as pw:
        # Chromium keeps crash-report settings and dconf state under HOME: a temp one
        home = tmp_path_factory.mktemp("chromium-home")
        env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
               "XDG_CACHE_HOME": str(home / ".cache")}
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, env=env)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    with open_tab(browser, base_url) as tab:
        yield tab


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def axe_violations() -> Any:
    """Run axe-core on the current page; returns the violations (id, help, nodes)."""
    need(AXE.is_file(), f"{AXE} missing (npm install)")

    def run(p: Any) -> list[dict[str, Any]]:
        # evaluated over the DevTools protocol, not as an inline <script>: the site's CSP
        # (served by `apothecary serve`) rightly refuses inline scripts
        p.evaluate(AXE.read_text(encoding="utf-8") + "\n;void 0")
        result: dict[str, Any] = p.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        return [
            {"id": v["id"], "help": v["help"],
             "nodes": [n["html"][:200] for n in v["nodes"][:3]]}
            for v in result["violations"]
        ]

    return run
