"""The shipped text form: escaping, round trip to SQLite, the cached default KB."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apothecary.errors import KnowledgeBaseError
from apothecary.knowledge import default, textio
from apothecary.knowledge.build import KBData, build_kb, to_tables
from apothecary.knowledge.store import KnowledgeBase
from apothecary.models import LicenceClass

SHARED_SOURCES = Path(__file__).resolve().parents[3] / "shared" / "sources"


@given(st.one_of(st.none(), st.text()))
def test_escape_round_trips(value: str | None) -> None:
    field = textio.escape(value)
    assert "\t" not in field and "\n" not in field and "\r" not in field
    assert textio.unescape(field) == value


@pytest.fixture
def text_dir(built: KBData, tmp_path: Path) -> Path:
    out = tmp_path / "kb"
    textio.write_text(to_tables(built), out)
    return out


def test_text_round_trip_to_sqlite(built: KBData, text_dir: Path, tmp_path: Path) -> None:
    tables = textio.read_text(text_dir)
    assert len(tables["facts"]) == len(built.facts)
    assert len(tables["names"]) == len(built.names)
    textio.write_sqlite(tables, tmp_path / "kb.sqlite")
    kb = KnowledgeBase(tmp_path / "kb.sqlite")
    para = kb.drug("DB00316")
    assert para is not None and "Acetaminophen" in para.other_names
    assert {f.kind.value for f in kb.facts("DB00316")} >= {"use", "side_effect", "interaction"}
    open_only = KnowledgeBase(tmp_path / "kb.sqlite", allowed={LicenceClass.OPEN})
    assert all(f.source_id in ("drugcentral", "labeledin", "dilirank", "openfda", "leaflets")
               for f in open_only.facts("DB00316"))


def test_text_is_sorted_and_facts_gzipped_without_timestamp(text_dir: Path) -> None:
    lines = (text_dir / "names.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "norm\tname\tdrug_id\tkind\tsource_id"
    assert lines[1:] == sorted(lines[1:])
    raw = (text_dir / "facts.tsv.gz").read_bytes()
    assert raw[4:8] == b"\0\0\0\0"  # gzip mtime field
    assert gzip.decompress(raw).decode().startswith("id\tdrug_id\tkind")


def test_damaged_text_is_a_knowledge_base_error(text_dir: Path) -> None:
    (text_dir / "drugs.tsv").write_text("wrong\theader\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match="columns"):
        textio.read_text(text_dir)
    (text_dir / "facts.tsv.gz").write_bytes(b"not gzip")
    with pytest.raises(KnowledgeBaseError):
        textio.read_text(text_dir)


def test_compiled_cache_is_keyed_on_text(text_dir: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = default.compile_text(text_dir, cache)
    assert first.is_file() and first.parent == cache
    assert default.compile_text(text_dir, cache) == first  # reused, not rebuilt
    with (text_dir / "meta.tsv").open("a", encoding="utf-8") as fh:
        fh.write("extra\tline\n")
    second = default.compile_text(text_dir, cache)
    assert second != first and second.is_file()
    assert not [p for p in cache.iterdir() if p.name.endswith(".tmp")]


def test_cache_dir_follows_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("APOTHECARY_CACHE_DIR", str(tmp_path / "a"))
    assert default.cache_dir() == tmp_path / "a"
    monkeypatch.delenv("APOTHECARY_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "x"))
    assert default.cache_dir() == tmp_path / "x" / "apothecary"


def test_open_kb_with_explicit_path(built: KBData, text_dir: Path, tmp_path: Path) -> None:
    path = default.compile_text(text_dir, tmp_path)
    kb = default.open_kb(path, {LicenceClass.OPEN})
    assert [s.id for s in kb.sources()] == ["dilirank", "drugbank", "drugcentral",
                                              "labeledin", "leaflets", "openfda"]
    with pytest.raises(KnowledgeBaseError):
        default.open_kb(tmp_path / "missing.sqlite")


def test_shipped_text_is_present_and_small() -> None:
    files = [default.TEXT_DIR / textio.file_name(t) for t in textio.TABLES]
    assert all(f.is_file() for f in files)
    assert sum(f.stat().st_size for f in files) < 30 * 1024 * 1024


@pytest.mark.slow
@pytest.mark.skipif(not SHARED_SOURCES.is_dir(), reason="../shared/sources not available")
def test_rebuild_from_shared_sources_matches_shipped(tmp_path: Path) -> None:
    build_kb(SHARED_SOURCES, tmp_path / "kb.sqlite", tmp_path / "text")
    rebuilt = dict(textio.table_text(tmp_path / "text"))
    shipped = dict(textio.table_text(default.TEXT_DIR))
    for name in shipped:
        assert rebuilt[name] == shipped[name], f"{name} differs: run `apothecary kb build`"
    assert os.path.getsize(tmp_path / "kb.sqlite") > 0


def test_a_damaged_cache_is_compiled_again(text_dir: Path, tmp_path: Path) -> None:
    """A cache damaged mid-file once failed every build with sqlite3.DatabaseError, forever."""
    cache = tmp_path / "cache"
    path = default.compile_text(text_dir, cache)
    good = path.read_bytes()
    with path.open("r+b") as fh:  # truncated, as by a full disk or a killed copy
        fh.truncate(len(good) // 2)
    assert not default.cache_intact(path)
    assert default.compile_text(text_dir, cache) == path
    assert default.cache_intact(path) and path.read_bytes() == good
    with path.open("r+b") as fh:  # same size, bytes overwritten in the middle
        fh.seek(len(good) // 2)
        fh.write(b"\xff" * 4096)
    assert not default.cache_intact(path)
    default.compile_text(text_dir, cache)
    assert path.read_bytes() == good


def test_a_damaged_kb_file_is_one_error_line(tiny_kb_path: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from apothecary.cli import cli

    kb = tmp_path / "kb.sqlite"
    data = bytearray(tiny_kb_path.read_bytes())
    page = 4096
    for n in range(2, len(data) // page):  # every page after the schema: garbage
        data[n * page:(n + 1) * page] = b"\x5a" * page
    kb.write_bytes(bytes(data))
    src = tmp_path / "list.txt"
    src.write_text("Paracetamol\n", encoding="utf-8")
    runner = CliRunner()
    for args in (["build", str(src), "--out", str(tmp_path / "site")],
                 ["resolve", str(src), "--json"], ["audit", str(tmp_path)]):
        result = runner.invoke(cli, [*args, "--kb", str(kb)])
        assert result.exit_code == 1, (args, result.output)
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: "), (args, result.output)
    assert not (tmp_path / "site").exists()


def test_the_suite_caches_in_a_temporary_folder(private_cache: Path) -> None:
    assert default.cache_dir() == private_cache
    assert not str(default.cache_dir()).startswith(str(Path.home() / ".cache"))
