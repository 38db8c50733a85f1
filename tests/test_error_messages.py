"""Library errors speak of what went wrong, not of command-line flags: the CLI (cli.py)
names the flag when it reports one (issue #16). Checked over the source of every raise."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from click.testing import CliRunner

from apothecary.cli import cli

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "apothecary"
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]+")


def raised_texts(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every string literal inside a `raise` or a job.fail(...) call."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        is_fail = (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                   and node.func.attr == "fail")
        if isinstance(node, ast.Raise) or is_fail:
            for inner in ast.walk(node):
                if isinstance(inner, ast.Constant) and isinstance(inner.value, str):
                    out.append((inner.lineno, inner.value))
    return out


def test_the_scan_sees_the_clis_own_flags() -> None:
    texts = [t for _, t in raised_texts(PACKAGE / "cli.py")]
    assert any(FLAG.search(t) for t in texts)  # cli.py may name them, and does


def test_no_library_error_names_a_flag() -> None:
    found = [f"{p.relative_to(PACKAGE)}:{line}: {text!r}"
             for p in sorted(PACKAGE.rglob("*.py")) if p.name != "cli.py"
             for line, text in raised_texts(p) if FLAG.search(text)]
    assert found == []


def test_the_command_still_names_the_flag(tiny_kb_path: Path, tmp_path: Path) -> None:
    listing = tmp_path / "list.txt"
    listing.write_text("Paracetamol\n", encoding="utf-8")
    bad = CliRunner().invoke(cli, ["build", str(listing), "--out", str(tmp_path / "a"),
                                   "--kb", str(tiny_kb_path), "--writer", "llm",
                                   "--llm-base-url", "ftp://host/v1", "--llm-model", "m"])
    assert bad.exit_code == 1
    assert bad.output.startswith("Error: --llm-base-url: the LLM endpoint must be an http(s)")
