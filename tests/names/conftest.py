"""A richer knowledge base for the resolver's tests: tiny_kb.sql plus names_kb.sql."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from apothecary.knowledge.store import KnowledgeBase, create_schema
from apothecary.names.resolve import Resolver

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(scope="session")
def names_kb_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("names-kb") / "names.sqlite"
    conn = sqlite3.connect(path)
    create_schema(conn)
    for name in ("tiny_kb.sql", "names_kb.sql"):
        conn.executescript((FIXTURES / name).read_text(encoding="utf-8"))
    conn.commit()
    conn.close()
    return path


@pytest.fixture(scope="session")
def names_kb(names_kb_path: Path) -> Iterator[KnowledgeBase]:
    kb = KnowledgeBase(names_kb_path)
    yield kb
    kb.close()


@pytest.fixture(scope="session")
def resolver(names_kb: KnowledgeBase) -> Resolver:
    return Resolver(names_kb)
