"""Shared fixtures: a tiny hand-written knowledge base and helpers."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from apothecary.knowledge.store import KnowledgeBase, create_schema

FIXTURES = Path(__file__).parent / "fixtures"
SHARED_SOURCES = Path(__file__).resolve().parents[2] / "shared" / "sources"


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
