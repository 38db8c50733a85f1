"""One small reader per raw dataset; each returns plain rows and a `SOURCE` description."""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator
from pathlib import Path

from ...errors import SourceError

csv.field_size_limit(10_000_000)


def need(path: Path) -> Path:
    """The path, or a SourceError naming it (a missing file must stop the build, not thin it)."""
    if not path.is_file():
        raise SourceError(f"source file missing: {path}")
    return path


def read_rows(path: Path, delimiter: str = "\t", quoted: bool = False) -> Iterator[list[str]]:
    """Rows of a delimited text file (optionally gzipped), header included; strips quotes
    around fields when `quoted`. Undecodable bytes are replaced, never fatal."""
    need(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8-sig", errors="replace", newline="") as fh:
        if quoted:
            yield from csv.reader(fh, delimiter=delimiter, quotechar='"')
        else:
            for line in fh:
                yield line.rstrip("\r\n").split(delimiter)


def csv_records(path: Path, width: int) -> Iterator[tuple[int, list[str]]]:
    """(1-based data row, fields) of a quoted CSV file after its header; a short row is
    padded with empty fields to `width`, so a cut-off line is read, never an IndexError."""
    rows = read_rows(path, delimiter=",", quoted=True)
    next(rows, None)
    for n, row in enumerate(rows, start=1):
        yield n, row + [""] * (width - len(row))
