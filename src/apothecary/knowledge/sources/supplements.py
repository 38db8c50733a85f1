"""Reviewed identities of herbal supplements that no open dataset names (ashwagandha,
fenugreek): one row per supplement, each with the public fact sheet that describes it, so a
list line naming one reaches a page built from reviewed leaflet facts instead of "unknown".

The file ships with the package (`data/leaflets/supplements.txt`); its format is at its top.
A row whose name or other names the datasets already give adds nothing (the build counts
it): this file never renames or shadows a drug. Reading never raises on a bad row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

FILE = Path(__file__).resolve().parents[2] / "data" / "leaflets" / "supplements.txt"
_URL = re.compile(r"^https?://[^\s\"'<>|]+$")
_NAME = re.compile(r"^[a-z][a-z0-9 '()-]{1,58}[a-z0-9)]$", re.IGNORECASE)


@dataclass(frozen=True)
class Supplement:
    line: int
    name: str  # the name a list uses, lower case ("ashwagandha")
    other_names: tuple[str, ...]  # botanical and other common names, as written
    source: str
    url: str

    @property
    def drug_id(self) -> str:
        """A stable id of our own: "LF-" and the name's letters and digits."""
        return "LF-" + re.sub(r"[^a-z0-9]+", "-", self.name).strip("-")


def parse(text: str) -> tuple[list[Supplement], list[str]]:
    """Rows "name | other names separated by ; | source | url", and one problem per bad row."""
    rows: list[Supplement] = []
    problems: list[str] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("|")]
        if len(cells) != 4:
            problems.append(f"line {n}: expected 4 cells, found {len(cells)}")
            continue
        name, others, source, url = cells
        names = [name.casefold(), *(o.strip() for o in others.split(";")
                                    if o.strip() and others != "-")]
        bad = [x for x in names if not _NAME.match(x)]
        if bad or not source or not _URL.match(url):
            problems.append(f"line {n}: bad name {bad[0]!r}" if bad else
                            f"line {n}: a source and an http(s) address are needed")
            continue
        rows.append(Supplement(n, names[0], tuple(names[1:]), source, url))
    return rows, problems


def read(path: Path = FILE) -> tuple[list[Supplement], list[str]]:
    """The shipped file (or `path`); undecodable bytes are replaced, never fatal."""
    if not path.exists():
        return [], []
    return parse(path.read_bytes().decode("utf-8", errors="replace"))
