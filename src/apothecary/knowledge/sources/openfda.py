"""openFDA drug-label records (`drug/label`), streamed from any of the forms openFDA publishes.

Three input forms: the bulk download's `.json.zip` parts (a zip holding one JSON document
`{"meta": ..., "results": [...]}`), a `.json` file of the same shape, and JSON Lines (one
record a line). A bulk part unzips to about 1 GB, so a document is never `json.load`ed:
`results` is split into records incrementally with `json.JSONDecoder.raw_decode` over a
buffer refilled in chunks, and memory stays at one chunk plus the largest record.
"""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ...errors import InputError

SOURCE = {
    "id": "openfda",
    "name": "US FDA label",
    "edition": "openFDA drug/label",
    "licence": "Public domain",
    "licence_class": "open",
    "citation": "U.S. Food and Drug Administration, openFDA drug labeling (SPL)",
    "url": "https://open.fda.gov/apis/drug/label/",
}
FILE = "openfda-labels/labels.jsonl"  # the shipped build's records (sources folder layout)
CHUNK = 1 << 20  # characters read at a time
MAX_RECORD = 64 << 20  # a value still unparsed after this many characters is broken
_DECODER = json.JSONDecoder()
_WS = " \t\r\n"


@dataclass(frozen=True)
class Item:
    """One record read from a file, or the reason it could not be read (`error`)."""

    file: str
    number: int  # 1-based position of the record in its file (or zip member)
    record: Any = None
    error: str | None = None  # "broken JSON" and the like: the record is counted as skipped


def check_readable(path: Path) -> None:
    """Fail early, before any work, when a FILE cannot be opened (InputError)."""
    if not path.exists():
        raise InputError(f"file not found: {path}")
    if not path.is_file():
        raise InputError(f"not a file: {path}")
    try:
        with path.open("rb") as fh:
            head = fh.read(4)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if path.suffix.lower() == ".zip" or head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as zf:
                if not _members(zf):
                    raise InputError(f"no JSON file inside {path}")
        except (zipfile.BadZipFile, OSError) as exc:
            raise InputError(f"cannot read zip file {path}: {exc}") from exc


def _members(zf: zipfile.ZipFile) -> list[str]:
    return sorted(i.filename for i in zf.infolist()
                  if not i.is_dir() and i.filename.lower().endswith((".json", ".jsonl")))


def read_items(path: Path) -> Iterator[Item]:
    """Every record of `path` in order; unreadable bytes or a damaged zip raise InputError."""
    check_readable(path)
    try:
        with path.open("rb") as raw:
            is_zip = raw.read(4).startswith(b"PK\x03\x04")
        if is_zip:
            with zipfile.ZipFile(path) as zf:
                for member in _members(zf):
                    with zf.open(member) as fh:
                        yield from _items(fh, f"{path.name}:{member}")
        elif path.suffix.lower() == ".gz":
            with gzip.open(path, "rb") as fh:
                yield from _items(fh, path.name)
        else:
            with path.open("rb") as fh:
                yield from _items(fh, path.name)
    except (OSError, EOFError, zipfile.BadZipFile, gzip.BadGzipFile) as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc


def _items(binary: IO[bytes] | gzip.GzipFile, name: str) -> Iterator[Item]:
    text = io.TextIOWrapper(binary, encoding="utf-8", errors="replace", newline="")
    yield from split_records(_Buffer(text), name)


class _Buffer:
    """A window on a text stream: `text[pos:]` is what has not been consumed yet;
    `base` is the absolute offset of `text[0]` (so a record's start can be found again)."""

    def __init__(self, fh: IO[str]) -> None:
        self.fh = fh
        self.text = ""
        self.pos = 0
        self.base = 0
        self.eof = False

    def more(self) -> bool:
        """Read another chunk (dropping what was consumed); False at end of file."""
        if self.eof:
            return False
        chunk = self.fh.read(CHUNK)
        if not chunk:
            self.eof = True
            return False
        self.base += self.pos
        self.text = self.text[self.pos:] + chunk
        self.pos = 0
        return True

    def offset(self) -> int:
        return self.base + self.pos

    def seek_back(self, offset: int) -> None:
        """Return to an absolute offset if it is still buffered (else stay)."""
        if offset >= self.base:
            self.pos = offset - self.base

    def peek(self) -> str:
        """The next non-blank character ('' at end of file), without consuming it."""
        while True:
            while self.pos < len(self.text) and self.text[self.pos] in _WS:
                self.pos += 1
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self.more():
                return ""

    def take(self, char: str) -> bool:
        if self.peek() == char:
            self.pos += 1
            return True
        return False

    def value(self) -> tuple[Any, bool]:
        """Decode the next JSON value: (value, True), or (None, False) when it is broken."""
        self.peek()
        while True:
            try:
                obj, end = _DECODER.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as exc:
                # cut off by the chunk's end (more text may complete it) or really broken
                cut = exc.pos >= len(self.text) - 8 or exc.msg.startswith("Unterminated")
                if not cut or len(self.text) - self.pos > MAX_RECORD or not self.more():
                    return None, False
                continue
            if end < len(self.text) or self.eof or not self.more():
                self.pos = end  # ended inside the buffer, or at the end of the file
                return obj, True
            # it ended exactly at the buffer's end and may go on ("12" of "123"): retry

    def skip_line(self) -> None:
        """Drop everything up to and including the next newline (resync JSON Lines)."""
        while True:
            nl = self.text.find("\n", self.pos)
            if nl != -1:
                self.pos = nl + 1
                return
            self.pos = len(self.text)
            if not self.more():
                return


_STOP = object()  # a broken container: nothing after it in this file can be trusted


def split_records(buf: _Buffer, name: str) -> Iterator[Item]:
    """Top-level values one after another (JSON Lines, or one document). An object with a
    `results` array is a container whose elements are the records; a top-level array is a
    list of records; any other value is one record. A broken line of JSON Lines is one
    skipped record and reading goes on at the next line; a broken container stops the file
    (its earlier records are kept)."""
    counter = [0]
    while buf.peek():
        start = buf.offset()
        if buf.peek() == "{" and _looks_like_container(buf):
            got = yield from _object(buf, name, counter)
            if got is _STOP:
                return
            if got is _CONTAINER:
                continue
            ok = got is not None
            obj = got
        else:
            obj, ok = buf.value()
            if ok and isinstance(obj, dict) and isinstance(obj.get("results"), list):
                obj = obj["results"]  # a small document whose first key is not "meta"
            if ok and isinstance(obj, list):  # a list of records (read whole: not openFDA's)
                for record in obj:
                    counter[0] += 1
                    yield Item(name, counter[0], record)
                continue
        counter[0] += 1
        if ok:
            yield Item(name, counter[0], obj)
        else:
            yield Item(name, counter[0], error="broken JSON")
            buf.seek_back(start)
            buf.skip_line()


_CONTAINER = object()


def _looks_like_container(buf: _Buffer) -> bool:
    """A bulk document starts `{"meta": ...` or `{"results": ...`: read it member by member
    (never whole); any other object is one record, decoded in one go (much faster)."""
    i = buf.pos + 1
    while True:
        while i < len(buf.text) and buf.text[i] in _WS:
            i += 1
        if i + 10 <= len(buf.text) or buf.eof:
            break
        keep = i - buf.pos
        if not buf.more():
            break
        i = buf.pos + keep
    head = buf.text[i:i + 10]
    return head.startswith(('"meta"', '"results"'))


def _array(buf: _Buffer, name: str, counter: list[int]) -> Generator[Item, None, object]:
    """Elements of an array whose `[` was consumed, one Item each; _STOP when it breaks."""
    if buf.take("]"):
        return None
    while True:
        obj, ok = buf.value()
        counter[0] += 1
        if not ok:
            yield Item(name, counter[0], error="broken JSON: the rest of this file is unreadable")
            return _STOP
        yield Item(name, counter[0], obj)
        if buf.take(","):
            continue
        if buf.take("]"):
            return None
        counter[0] += 1
        yield Item(name, counter[0], error="broken JSON: the rest of this file is unreadable")
        return _STOP


def _object(buf: _Buffer, name: str, counter: list[int]) -> Generator[Item, None, object]:
    """An object read member by member, so that a `results` array streams out as records.

    Returns the object (a plain record), _CONTAINER (its records were yielded), _STOP, or
    None when the object is broken."""
    buf.take("{")
    members: dict[str, Any] = {}
    container = False
    if buf.take("}"):
        return members
    while True:
        key, ok = buf.value()
        if not ok or not isinstance(key, str) or not buf.take(":"):
            return _STOP if container else None
        if key == "results" and buf.peek() == "[":
            buf.take("[")
            if (yield from _array(buf, name, counter)) is _STOP:
                return _STOP
            container = True
        else:
            val, ok = buf.value()
            if not ok:
                return _STOP if container else None
            members[key] = val
        if buf.take(","):
            continue
        if buf.take("}"):
            return _CONTAINER if container else members
        return _STOP if container else None
