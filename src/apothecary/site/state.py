"""What a build remembers for the next one, kept beside the site instead of in it.

The manifest (content hashes, page summaries), the stamps (every file's size and mtime)
and the search documents Pagefind reads are the build's bookkeeping, not part of the site:
a deploy of DIR should not upload them (on the 4,000-line bench list they were 9.6 MB of
the output). They live in `.DIR.apothecary/<id>/` beside DIR, and DIR holds one small
file, `.apothecary-build`, naming its state's id. A new build writes its state under a
new id before the site is swapped in, so the site in place always names a whole state;
states no site names are removed afterwards. A site built before this (its manifest
inside DIR) is still read: its state is DIR itself.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import secrets
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, cast

from .. import __version__
from ..knowledge.store import KnowledgeBase
from ..render import jsonapi, search
from ..writers.base import Writer
from .buildreport import BuildReport

MANIFEST = ".apothecary-manifest.json"  # content hashes and page summaries
REPORT = "build-report.json"  # in DIR (the contract)
STAMPS = ".apothecary-stamps.json"  # size and mtime of every file a build wrote
MARKER = ".apothecary-build"  # in DIR: the id of the state that describes it
# folders of a build's state: Pagefind's input, the API v2 documents' texts
STATE_DIRS = (search.DOCS_DIR, jsonapi.TEXTS_DIR)
STATE_FILES = (MANIFEST, STAMPS)
_ID = re.compile(r"[0-9a-f]{16}")
HERE = Path(__file__).parents[1]  # the apothecary package
# the shipped KB text is covered by the KB fingerprint (its compiled file is named by digest)
_NOT_CODE = ("data/kb/",)


# -- where a state lives -------------------------------------------------------------
def states_folder(out_dir: Path) -> Path:
    """`.DIR.apothecary/` beside DIR: the states of DIR's builds."""
    return out_dir.parent / f".{out_dir.name}.apothecary"


def parse_marker(text: str) -> str | None:
    """The id a marker's text names, if it is a plain id (it becomes part of a path)."""
    sid = text.strip()
    return sid if _ID.fullmatch(sid) else None


def state_id(out_dir: Path) -> str | None:
    """The id of the state DIR's marker names (None: no marker, or a damaged one)."""
    try:
        return parse_marker((out_dir / MARKER).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None


def state_dir(out_dir: Path) -> Path:
    """Where the state of the site in DIR is: its named state, or DIR itself for a site
    built before states moved out (or a folder that is no build at all)."""
    sid = state_id(out_dir)
    return states_folder(out_dir) / sid if sid is not None else out_dir


_STATE_PREFIXES = tuple(f"{d}/" for d in STATE_DIRS)


def is_state(rel: str) -> bool:
    """Whether a file of the build (relative path) belongs to its state, not its site."""
    return rel in STATE_FILES or rel.startswith(_STATE_PREFIXES)


def new_id() -> str:
    return secrets.token_hex(8)


def stash(tmp: Path, out_dir: Path, sid: str) -> None:
    """Move the state out of the finished build `tmp` into DIR's states folder under `sid`
    (the marker naming it is already in `tmp`): renames, so cheap and complete or absent."""
    dest_root = states_folder(out_dir)
    dest_root.mkdir(exist_ok=True)
    part = dest_root / f"{sid}.part"
    if part.exists():
        shutil.rmtree(part)
    part.mkdir()
    for name in (*STATE_FILES, *STATE_DIRS):
        if (tmp / name).exists():
            os.rename(tmp / name, part / name)
    os.rename(part, dest_root / sid)


def prune(out_dir: Path) -> None:
    """Remove every state DIR does not name (earlier builds', a failed build's): call under
    the build lock, after a killed build's site was put back (`swap.recover`)."""
    root = states_folder(out_dir)
    if not root.is_dir():
        return
    keep = state_id(out_dir) if out_dir.is_dir() else None
    for p in root.iterdir():
        if p.name != keep:
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p, ignore_errors=True)
            else:
                p.unlink(missing_ok=True)
    if keep is None:
        shutil.rmtree(root, ignore_errors=True)


# -- fingerprints --------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of every file of the package (code, templates, data rules), so no change of
    code or data leaves a page built by the old one."""
    h = hashlib.sha256(__version__.encode())
    files = sorted(x for x in HERE.rglob("*") if x.is_file() and "__pycache__" not in x.parts
                   and not x.relative_to(HERE).as_posix().startswith(_NOT_CODE))
    for f in files:
        h.update(f.relative_to(HERE).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def writer_fingerprint(writer: Writer) -> str:
    return f"{writer.name}:{writer.fingerprint()}"


def kb_fingerprint(kb: KnowledgeBase) -> str:
    st = kb.path.stat()
    allowed = ",".join(sorted(kb.allowed))
    return f"{kb.path.resolve()}:{st.st_size}:{st.st_mtime_ns}:{allowed}"


def fingerprint(
    data: bytes | str, kb: KnowledgeBase, formats: Sequence[str], writer: Writer,
    options: Mapping[str, Any] | None = None,
) -> str:
    """One hash over everything a build depends on: input, KB, formats, writer, code."""
    h = hashlib.sha256()
    for part in (
        data if isinstance(data, bytes) else data.encode(),
        kb_fingerprint(kb).encode(),
        ",".join(formats).encode(),
        writer_fingerprint(writer).encode(),
        json.dumps(dict(options or {}), sort_keys=True, default=str).encode(),
        code_fingerprint().encode(),
    ):
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()


# -- manifest and stamps ---------------------------------------------------------------
def read_manifest(out_dir: Path) -> dict[str, Any]:
    try:
        data = json.loads((state_dir(out_dir) / MANIFEST).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


_FP_HEAD = re.compile(rb'\{"fingerprint":"([^"\\]*)"')


def manifest_fingerprint(out_dir: Path) -> str | None:
    """The fingerprint a site is stamped with, from the manifest's first bytes (the build
    writes it first): the whole manifest, megabytes on a big site, is parsed only when
    the site is built again."""
    try:
        with open(state_dir(out_dir) / MANIFEST, "rb") as f:
            head = f.read(256)
    except OSError:
        return None
    m = _FP_HEAD.match(head)
    if m is not None:
        return m.group(1).decode("utf-8", "replace")
    fp = read_manifest(out_dir).get("fingerprint")  # written some other way: parse it all
    return fp if isinstance(fp, str) else None


def up_to_date(out_dir: Path, fp: str) -> BuildReport | None:
    """The previous report when DIR was built from exactly these inputs, else None."""
    if manifest_fingerprint(out_dir) != fp:
        return None
    try:
        report = json.loads((out_dir / REPORT).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    stats = read_stamps(out_dir)
    if not stats or len(intact_files(out_dir, stats)) != len(stats):
        return None  # a file damaged, deleted or edited since: build again
    return cast(BuildReport, report) if isinstance(report, dict) else None


def intact_files(out_dir: Path, stats: Mapping[str, Any]) -> set[str]:
    """The files of the previous build still as it wrote them (same size and mtime; hard
    links keep both), so a truncated or edited file is rewritten, never reused."""
    ok = set()
    # plain strings: this runs for every file of the site
    base = os.path.join(out_dir, "")
    kept = os.path.join(state_dir(out_dir), "")
    for rel, want in stats.items():
        try:
            st = os.stat((kept if is_state(rel) else base) + rel)
        except (OSError, ValueError):
            continue
        if want == [st.st_size, st.st_mtime_ns]:
            ok.add(rel)
    return ok


def write_stamps(folder: Path) -> None:
    """Every file's size and mtime in the finished build (see intact_files), kept apart
    from the manifest, whose bytes are the same for the same site. Run before `stash`:
    a rename keeps both."""
    stats: dict[str, list[int]] = {}
    cut = len(os.path.join(str(folder), ""))  # relative paths by slicing: relpath is slow
    for dirpath, _, names in os.walk(folder):
        for name in names:
            full = os.path.join(dirpath, name)
            rel = full[cut:].replace(os.sep, "/")
            if rel != STAMPS:
                st = os.stat(full)
                stats[rel] = [st.st_size, st.st_mtime_ns]
    (folder / STAMPS).write_text(jsonapi.dumps(dict(sorted(stats.items()))), encoding="utf-8")


def read_stamps(out_dir: Path) -> dict[str, Any]:
    try:
        data = json.loads((state_dir(out_dir) / STAMPS).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}
