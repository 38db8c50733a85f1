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


def _stamp(path: Path) -> str:
    st = path.stat()
    return f"{st.st_size} {st.st_mtime_ns}\n"


def cache_intact(path: Path) -> bool:
    """True when the compiled file is as it was written (size and mtime match its stamp):
    a cache truncated or overwritten by anything else is compiled again, not trusted."""
    try:
        return path.with_suffix(".stamp").read_text(encoding="ascii") == _stamp(path)
    except OSError:
        return False


def compile_text(text_dir: Path, folder: Path) -> Path:
    """The SQLite file for `text_dir` inside `folder`, compiled if not there yet or if it
    was damaged since it was written."""
    path = folder / f"kb-{text_digest(text_dir)}.sqlite"
    if not path.is_file() or not cache_intact(path):
        textio.write_sqlite(textio.read_text(text_dir), path)
        stamp = path.with_suffix(".stamp")
        tmp = stamp.with_name(f".{stamp.name}.{os.getpid()}")
        tmp.write_text(_stamp(path), encoding="ascii")
        os.replace(tmp, stamp)
    return path


@lru_cache(maxsize=4)
def _default_path(text_dir: Path, folder: Path) -> Path:
    try:
        return compile_text(text_dir, folder)
    except OSError:  # unwritable cache folder: fall back to the temp folder
        return compile_text(text_dir, Path(tempfile.gettempdir()) / "apothecary-cache")


def invalidate_default() -> None:
    """Mark the compiled shipped KB as untrusted (after SQLite reported damage) so the next
    run compiles it again."""
    if _default_path.cache_info().currsize:
        path = default_kb_path()
        path.with_suffix(".stamp").unlink(missing_ok=True)
        _default_path.cache_clear()


def default_kb_path() -> Path:
    """The shipped knowledge base compiled to a cached SQLite file."""
    return _default_path(TEXT_DIR, cache_dir())


def open_kb(path: Path | None = None,
            allowed: Iterable[LicenceClass] | set[LicenceClass] | None = None) -> KnowledgeBase:
    """Open `path`, or the shipped knowledge base when None; `allowed` filters licences."""
    return KnowledgeBase(Path(path) if path is not None else default_kb_path(), allowed)
