"""Fixtures for the knowledge-base builder: the small source files under fixtures/sources."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from apothecary.knowledge.build import KBData, build

SOURCES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"


@pytest.fixture(scope="session")
def sources_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of tests/fixtures/sources with SIDER's files gzipped, as in the real layout
    (the repo keeps them as plain text so they stay readable)."""
    out = tmp_path_factory.mktemp("sources") / "sources"
    shutil.copytree(SOURCES, out)
    for tsv in (out / "sider-4.1").glob("*.tsv"):
        with gzip.open(tsv.with_suffix(".tsv.gz"), "wb") as gz:
            gz.write(tsv.read_bytes())
        tsv.unlink()
    return out


@pytest.fixture(scope="session")
def built(sources_dir: Path) -> KBData:
    return build(sources_dir)
