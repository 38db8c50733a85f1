"""Monographs kept between builds (site/buildcache.py): the same bytes with or without the
cache, no monograph built twice for one knowledge base and code, and a damaged or planted
cache file is a miss, never code run."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from apothecary.knowledge.store import KnowledgeBase
from apothecary.monographs import compose
from apothecary.monographs.compose import MonographBuilder
from apothecary.site import buildcache, pipeline
from apothecary.writers.template import TemplateWriter
from sitekit import entry
from test_pipeline import ENTRIES, tree_bytes


def counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the monographs actually built (not read from a cache)."""
    built: list[str] = []
    real = MonographBuilder._build

    def spy(self: MonographBuilder, drug):  # type: ignore[no-untyped-def]
        built.append(drug.id)
        return real(self, drug)
    monkeypatch.setattr(MonographBuilder, "_build", spy)
    return built


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's own cache folder (the suite's is shared by every test)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("APOTHECARY_CACHE_DIR", str(folder))
    return folder / buildcache.CACHE_DIR


def test_a_second_site_reuses_the_first_ones_monographs_byte_for_byte(
    tiny_kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, own_cache: Path
) -> None:
    built = counting(monkeypatch)
    pipeline.build_site(ENTRIES, tiny_kb, tmp_path / "one", jobs=1)
    first = sorted(built)
    assert first and len(first) == len(set(first))
    # one file per monograph, and per combination's partners chosen without each other
    assert len(list(own_cache.glob("*/*.pickle"))) >= len(first)
    built.clear()
    pipeline.build_site(ENTRIES, tiny_kb, tmp_path / "two", jobs=1)
    assert built == []  # every monograph came from the cache
    monkeypatch.setenv(buildcache.NO_CACHE_ENV, "1")
    pipeline.build_site(ENTRIES, tiny_kb, tmp_path / "three", jobs=1)
    assert sorted(built) == first
    assert tree_bytes(tmp_path / "one") == tree_bytes(tmp_path / "two") \
        == tree_bytes(tmp_path / "three")
    # nothing beside the sites but their build states (site/state.py) and the user's cache
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".one.apothecary", ".three.apothecary", ".two.apothecary", "cache", "one", "three", "two"]


def test_a_combinations_partners_without_each_other_are_kept_too(
    tiny_kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, own_cache: Path
) -> None:
    """Paracetamol + Warfarin: each ingredient's partners are chosen again without the
    other (they interact), and that choice is kept like the monographs."""
    entries = [entry(1, "DB00316", "DB00682", text="Paracetamol + Warfarin")]
    chosen: list[object] = []
    real = compose.select_partners

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        chosen.append(args[1])
        return real(*args, **kwargs)
    monkeypatch.setattr(compose, "select_partners", spy)
    pipeline.build_site(entries, tiny_kb, tmp_path / "one", jobs=1)
    assert {"DB00316", "DB00682"} in chosen  # chosen again without the other ingredient
    chosen.clear()
    pipeline.build_site(entries, tiny_kb, tmp_path / "two", jobs=1)
    assert chosen == []
    assert tree_bytes(tmp_path / "one") == tree_bytes(tmp_path / "two")


def test_the_cache_gives_back_equal_monographs(tiny_kb: KnowledgeBase, tmp_path: Path) -> None:
    writer = TemplateWriter(tiny_kb)
    cache = buildcache.MonographCache(tmp_path / "c")
    for drug_id in ("DB00316", "DB00682", "DB01060"):
        drug = tiny_kb.drug(drug_id)
        assert drug is not None
        mono = writer.monographs.monograph(drug)
        assert cache.get(drug_id) is None
        cache.put(drug_id, mono)
        got = cache.get(drug_id)
        assert got == mono and got is not mono
        # the fields never published (they steer the key-facts pick) survive too
        assert [u.support for u in got.uses] == [u.support for u in mono.uses]
        assert [u.lead for u in got.uses] == [u.lead for u in mono.uses]


class Planted:
    """A pickle that would run a command when loaded by a plain unpickler."""

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch planted",))


def test_damaged_or_planted_files_are_misses(tiny_kb: KnowledgeBase, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    writer = TemplateWriter(tiny_kb)
    drug = tiny_kb.drug("DB00316")
    assert drug is not None
    mono = writer.monographs.monograph(drug)
    cache = buildcache.MonographCache(tmp_path / "c")
    cache.put("DB00316", mono)
    [path] = (tmp_path / "c").iterdir()
    good = path.read_bytes()
    header = good[: good.index(b"\n") + 1]
    for bad in (b"", b"garbage", good[: len(good) // 2], header + b"\x80\x05junk",
                header + pickle.dumps(Planted()), header + pickle.dumps({"drug_id": "x"}),
                good.replace(b"apothecary-monograph-1", b"apothecary-monograph-0")):
        path.write_bytes(bad)
        assert cache.get("DB00316") is None
    assert not (tmp_path / "planted").exists()
    path.write_bytes(good)
    assert cache.get("DB00316") == mono
    (tmp_path / "c" / buildcache._file_name("DB00682")).write_bytes(good)
    assert cache.get("DB00682") is None  # another id's monograph under its name: a miss


def test_a_damaged_cache_in_a_build_changes_nothing(
    tiny_kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, own_cache: Path
) -> None:
    built = counting(monkeypatch)
    pipeline.build_site(ENTRIES, tiny_kb, tmp_path / "one", jobs=1)
    first = sorted(built)
    files = sorted(own_cache.glob("*/*.pickle"))
    assert first and files
    for f in files:
        f.write_bytes(f.read_bytes()[:40])  # every file cut short
    built.clear()
    pipeline.build_site(ENTRIES, tiny_kb, tmp_path / "two", jobs=1)
    assert sorted(built) == first
    assert tree_bytes(tmp_path / "one") == tree_bytes(tmp_path / "two")


def test_only_the_environments_used_last_are_kept(tiny_kb: KnowledgeBase, tmp_path: Path) -> None:
    root = tmp_path / "monographs"
    made = []
    for n in range(buildcache.KEEP + 3):
        cache = buildcache.attach(TemplateWriter(tiny_kb), f"env{n}", root)
        assert cache is not None
        made.append(cache.folder.name)
        os.utime(cache.folder, ns=(n * 10**9, n * 10**9))  # used in this order
    assert sorted(p.name for p in root.iterdir()) == sorted(made[-buildcache.KEEP:])
    assert buildcache.attach(object(), "env", root) is None  # a writer without monographs
