"""Imports go one way between the package's stages (issue #16 found names ↔ knowledge and
writers ↔ render importing each other): no two subpackages import each other when loaded.
Imports inside functions (the lazy CLI) and under TYPE_CHECKING do not count."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "apothecary"


def module_level_edges() -> dict[tuple[str, str], list[str]]:
    """(importing subpackage, imported subpackage) → files, for relative imports made when a
    module loads. A top-level module (cli.py, errors.py…) counts as its own subpackage."""
    edges: dict[tuple[str, str], list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).parts
        here = rel[0].removesuffix(".py")
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(node, ast.ImportFrom) or not node.level:
                continue
            folder = list(rel[:-1])[: len(rel) - node.level]
            target = [*folder, *(node.module or "").split(".")] if node.module else folder
            top = (target or [node.names[0].name])[0]
            if top and top != here:
                edges.setdefault((here, top), []).append("/".join(rel))
    return edges


def test_the_edges_are_found() -> None:
    edges = module_level_edges()
    assert ("knowledge", "names") in edges and ("render", "models") in edges
    assert ("cli", "errors") in edges


def test_no_two_subpackages_import_each_other() -> None:
    edges = module_level_edges()
    both = sorted(f"{a} ↔ {b}: {edges[a, b]} / {edges[b, a]}"
                  for a, b in edges if a < b and (b, a) in edges)
    assert both == []


def test_only_the_knowledge_stage_runs_sql() -> None:
    """Writers, the audit and the renderers ask `KnowledgeBase` methods; a raw query
    elsewhere (the template writer once ran two) ties them to the schema."""
    offenders = [str(path.relative_to(PACKAGE)) for path in sorted(PACKAGE.rglob("*.py"))
                 if path.relative_to(PACKAGE).parts[0] != "knowledge"
                 and (".conn." in (text := path.read_text(encoding="utf-8"))
                      or ".execute(" in text)]
    assert offenders == []
