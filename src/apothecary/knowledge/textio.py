"""The shipped text form of the knowledge base and its SQLite compilation.

One TSV file per table, rows sorted by primary key, a header line of column names,
`\\N` for NULL and backslash escapes for tab, newline, CR and backslash. The biggest table
(facts) is gzipped with a fixed header (no timestamp) so equal content gives equal bytes.
"""

from __future__ import annotations

import gzip
import io
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from ..errors import KnowledgeBaseError
from .store import create_schema

TABLES: dict[str, tuple[str, ...]] = {
    "meta": ("key", "value"),
    "sources": ("id", "name", "edition", "licence", "licence_class", "citation", "url"),
    "drugs": ("id", "name", "display", "rxnorm", "unii", "drugbank", "mesh", "chebi",
              "pubchem", "drugcentral", "atc"),
    "names": ("norm", "name", "drug_id", "kind", "source_id"),
    "facts": ("id", "drug_id", "kind", "value", "plain", "source_id", "locator", "licence",
              "other_id", "severity", "frequency", "scope"),
}
GZIPPED = {"facts"}
_ESC = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_UNESC = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}

Row = Sequence[str | None]


def file_name(table: str) -> str:
    return f"{table}.tsv.gz" if table in GZIPPED else f"{table}.tsv"


def escape(value: str | None) -> str:
    if value is None:
        return "\\N"
    return "".join(_ESC.get(c, c) for c in value)


def unescape(field: str) -> str | None:
    if field == "\\N":
        return None
    if "\\" not in field:
        return field
    out, i = [], 0
    while i < len(field):
        c = field[i]
        if c == "\\" and i + 1 < len(field):
            out.append(_UNESC.get(field[i + 1], field[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def dump_table(columns: Sequence[str], rows: Iterable[Row]) -> str:
    lines = ["\t".join(columns)]
    lines += ["\t".join(escape(v) for v in row) for row in sorted(rows, key=_sort_key)]
    return "\n".join(lines) + "\n"


def _sort_key(row: Sequence[str | None]) -> tuple[str, ...]:
    return tuple(v or "" for v in row)


def write_text(tables: dict[str, list[Row]], out_dir: Path) -> list[Path]:
    """Write every table as sorted TSV under `out_dir`; returns the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for table, columns in TABLES.items():
        text = dump_table(columns, tables.get(table, [])).encode("utf-8")
        path = out_dir / file_name(table)
        if table in GZIPPED:
            buf = io.BytesIO()
            with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0,
                               compresslevel=9) as gz:
                gz.write(text)
            text = buf.getvalue()
        _atomic_write(path, text)
        written.append(path)
    return written


def read_text(text_dir: Path) -> dict[str, list[Row]]:
    """Parse the text form back into rows (checks each table's header)."""
    tables: dict[str, list[Row]] = {}
    for table, columns in TABLES.items():
        path = text_dir / file_name(table)
        try:
            raw = path.read_bytes()
            if table in GZIPPED:
                raw = gzip.decompress(raw)
            lines = raw.decode("utf-8").split("\n")
        except (OSError, EOFError, gzip.BadGzipFile, UnicodeDecodeError) as exc:
            raise KnowledgeBaseError(f"cannot read knowledge-base text {path}: {exc}") from exc
        if tuple(lines[0].split("\t")) != columns:
            raise KnowledgeBaseError(f"unexpected columns in {path}")
        rows: list[Row] = []
        for n, line in enumerate(lines[1:], start=2):
            if not line:
                continue
            fields = line.split("\t")
            if len(fields) != len(columns):
                raise KnowledgeBaseError(f"{path} line {n}: {len(fields)} fields, "
                                         f"expected {len(columns)}")
            rows.append([unescape(f) for f in fields])
        tables[table] = rows
    return tables


def table_text(text_dir: Path) -> Iterator[tuple[str, str]]:
    """(file name, decompressed text) per table: what the rebuild test compares."""
    for table in TABLES:
        path = text_dir / file_name(table)
        raw = path.read_bytes()
        yield file_name(table), (gzip.decompress(raw) if table in GZIPPED else raw).decode()


def write_sqlite(tables: dict[str, list[Row]], path: Path) -> None:
    """Compile rows into a fresh SQLite file, atomically (temp file + rename).

    Rows go into an in-memory database first and are copied to disk in one backup:
    several times faster than inserting into the file on a busy disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with replacing(path) as tmp:
            mem = sqlite3.connect(":memory:")
            try:
                create_schema(mem)
                for table, columns in TABLES.items():
                    marks = ",".join("?" * len(columns))
                    mem.executemany(
                        f"INSERT INTO {table} ({','.join(columns)}) VALUES ({marks})",
                        [tuple(r) for r in sorted(tables.get(table, []), key=_sort_key)],
                    )
                mem.commit()
                disk = sqlite3.connect(tmp)
                try:
                    mem.backup(disk)
                finally:
                    disk.close()
            finally:
                mem.close()
    except sqlite3.Error as exc:
        raise KnowledgeBaseError(f"cannot compile knowledge base {path}: {exc}") from exc


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary file beside `path` for the block to write, renamed over `path` (mode 644)
    when the block ends and removed when it raises: readers see the old file or the new one."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _atomic_write(path: Path, data: bytes) -> None:
    with replacing(path) as tmp:
        tmp.write_bytes(data)
