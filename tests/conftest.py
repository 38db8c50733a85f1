"""Shared fixtures: a tiny hand-written knowledge base and helpers."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

from apothecary.knowledge.store import KnowledgeBase, create_schema

FIXTURES = Path(__file__).parent / "fixtures"
SHARED_SOURCES = Path(__file__).resolve().parents[2] / "shared" / "sources"

# Property tests check behaviour, never speed (benchmarks live in bench/): no per-example
# deadline, which a loaded 2-core CI machine trips at random.
settings.register_profile("apothecary", deadline=None)
settings.load_profile("apothecary")


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every cache (the compiled shipped KB, LLM answers) in a temporary folder, never the
    user's ~/.cache: the suite writes nowhere outside temporary folders."""
    folder = tmp_path_factory.mktemp("cache")
    old = os.environ.get("APOTHECARY_CACHE_DIR")
    os.environ["APOTHECARY_CACHE_DIR"] = str(folder)
    yield folder
    if old is None:
        os.environ.pop("APOTHECARY_CACHE_DIR", None)
    else:
        os.environ["APOTHECARY_CACHE_DIR"] = old


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def tiny_kb_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A knowledge base written row by row from tests/fixtures/tiny_kb.sql (hand-made facts)."""
    path = tmp_path_factory.mktemp("kb") / "tiny.sqlite"
    conn = sqlite3.connect(path)
    create_schema(conn)
    conn.executescript((FIXTURES / "tiny_kb.sql").read_text(encoding="utf-8"))
    conn.commit()
    conn.close()
    return path


@pytest.fixture
def tiny_kb(tiny_kb_path: Path) -> KnowledgeBase:
    kb = KnowledgeBase(tiny_kb_path)
    yield kb  # type: ignore[misc]
    kb.close()


@pytest.fixture
def fake_llm():
    """A scripted OpenAI-compatible server on 127.0.0.1 (tests/fakellm.py)."""
    from fakellm import FakeLLM

    with FakeLLM() as fake:
        yield fake


@pytest.fixture
def unanswered_hydralazine(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hydralazine as a medicine no reviewed row answers pregnancy or breastfeeding for:
    the tiny KB's stand-in for such a medicine since its own rows came (session 8, round 7)."""
    from apothecary.monographs import rules, safety

    rows = {k: [r for r in v if not (k == "hydralazine" and r[0] in (
        "pregnancy", "pregnancy_use", "breastfeeding"))] for k, v in rules.key_messages().items()}
    monkeypatch.setattr(rules, "key_messages", lambda: rows)
    monkeypatch.setattr(safety, "key_messages", lambda: rows)
