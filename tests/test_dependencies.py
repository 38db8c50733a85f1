"""pyproject's dependencies are exactly what the package imports (issue #16: starlette and
uvicorn were declared and unused, markdown-it-py was needed only by the tests)."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# distribution name → the module it is imported as, where the two differ
MODULE = {"python-frontmatter": "frontmatter", "pyyaml": "yaml", "markdown-it-py": "markdown_it"}
# modules that are part of a declared distribution (pydantic pins its own core)
PART_OF = {"pydantic_core": "pydantic"}


def imported(folder: Path) -> set[str]:
    """Top-level modules imported anywhere under `folder`, less the stdlib and our own."""
    found: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module.split(".")[0])
    return {PART_OF.get(m, m) for m in found
            if m not in sys.stdlib_module_names and m != "apothecary"}


def modules(requirements: list[str]) -> set[str]:
    names = (re.split(r"[<>=!~\[ ;]", r, maxsplit=1)[0].lower() for r in requirements)
    return {MODULE.get(n, n.replace("-", "_")) for n in names}


def test_runtime_dependencies_are_what_the_package_imports() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert modules(project["dependencies"]) == imported(ROOT / "src" / "apothecary")


def test_what_the_tests_import_is_declared() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = modules([*project["dependencies"], *project["optional-dependencies"]["test"]])
    ours = {p.stem for p in (ROOT / "tests").rglob("*.py")}  # conftest, fakellm, sitekit…
    assert imported(ROOT / "tests") - ours - {"_pytest"} <= declared
