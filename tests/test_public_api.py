"""`import apothecary` offers a small documented API, loaded on first use."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import apothecary
from apothecary.knowledge.store import KnowledgeBase
from apothecary.models import Status


def test_the_public_names_are_the_documented_ones() -> None:
    assert sorted(apothecary.__all__) == [
        "ApothecaryError", "KnowledgeBase", "Resolver", "__version__", "audit_dir",
        "build_from_list", "build_site", "make_writer", "open_kb", "read_list"]
    for name in apothecary.__all__:
        assert getattr(apothecary, name) is not None, name


def test_importing_the_package_loads_nothing_else() -> None:
    code = "import sys, apothecary; print(sorted(m for m in sys.modules if 'apothecary.' in m))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_the_documented_example_builds_a_site(tiny_kb_path: Path, tmp_path: Path) -> None:
    lst = tmp_path / "generics.txt"
    lst.write_text("Paracetamol\nZzqxium\n", encoding="utf-8")
    kb = apothecary.open_kb(tiny_kb_path)
    assert isinstance(kb, KnowledgeBase)
    entries = apothecary.Resolver(kb).resolve_all(apothecary.read_list(lst))
    assert [(e.line, e.status) for e in entries] == [(1, Status.RESOLVED), (2, Status.UNRESOLVED)]
    report = apothecary.build_from_list(lst, kb, tmp_path / "site")
    assert [p["title"] for p in report["pages"]] == ["Paracetamol"]
    assert [u["input"] for u in report["unresolved"]] == ["Zzqxium"]
