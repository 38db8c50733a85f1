"""The shipped knowledge base: text under apothecary/data/kb, compiled once into a cache.

The cache file name carries a hash of the text files, so a new release (or a rebuilt
text form) gets a fresh SQLite file; it is written to a temp file and renamed, so
processes racing on first use never see a half-written database.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from ..errors import KnowledgeBaseError
from ..models import LicenceClass
from . import textio
from .store import KnowledgeBase

TEXT_DIR = Path(__file__).resolve().parent.parent / "data" / "kb"


def cache_dir() -> Path:
    """$APOTHECARY_CACHE_DIR, else $XDG_CACHE_HOME/apothecary, else ~/.cache/apothecary."""
    if os.environ.get("APOTHECARY_CACHE_DIR"):
        return Path(os.environ["APOTHECARY_CACHE_DIR"])
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "apothecary"


def text_digest(text_dir: Path = TEXT_DIR) -> str:
    h = hashlib.sha256()
    for table in textio.TABLES:
        path = text_dir / textio.file_name(table)
        try:
            h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        except OSError as exc:
            raise KnowledgeBaseError(f"shipped knowledge base missing: {path}") from exc
    return h.hexdigest()[:16]


def compile_text(text_dir: Path, folder: Path) -> Path:
    """The SQLite file for `text_dir` inside `folder`, compiled if not there yet."""
    path = folder / f"kb-{text_digest(text_dir)}.sqlite"
    if not path.is_file():
        textio.write_sqlite(textio.read_text(text_dir), path)
    return path


@lru_cache(maxsize=4)
def _default_path(text_dir: Path, folder: Path) -> Path:
    try:
        return compile_text(text_dir, folder)
    except OSError:  # unwritable cache folder: fall back to the temp folder
        return compile_text(text_dir, Path(tempfile.gettempdir()) / "apothecary-cache")


def default_kb_path() -> Path:
    """The shipped knowledge base compiled to a cached SQLite file."""
    return _default_path(TEXT_DIR, cache_dir())


def open_kb(path: Path | None = None,
            allowed: Iterable[LicenceClass] | set[LicenceClass] | None = None) -> KnowledgeBase:
    """Open `path`, or the shipped knowledge base when None; `allowed` filters licences."""
    return KnowledgeBase(Path(path) if path is not None else default_kb_path(), allowed)
