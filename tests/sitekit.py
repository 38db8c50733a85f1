"""Helpers for the site tests: hand-made entries and a knowledge base with hostile names."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from apothecary.models import Entry, Ingredient, Status

HOSTILE_TITLE = 'Evil "Quote": <b>&amp; {{ site.x }} {% raw %} ../../etc é</script>'


def entry(line: int, *ids: str, text: str | None = None) -> Entry:
    """A resolved entry for the given drug ids, as the resolver would return it."""
    return Entry(
        line=line,
        input=text or " + ".join(ids),
        status=Status.RESOLVED,
        ingredients=[Ingredient(input=i, id=i, name=i) for i in ids],
        key="+".join(sorted(set(ids))),
    )


def bad(line: int, text: str, status: Status = Status.UNRESOLVED) -> Entry:
    return Entry(line=line, input=text, status=status, reason=f"{status.value} name",
                 suggestions=["paracetamol"] if status == Status.UNRESOLVED else [])


def hostile_kb(tiny_kb_path: Path, folder: Path) -> Path:
    """The tiny KB plus a drug whose display name and fact text try to break every format."""
    path = folder / "hostile.sqlite"
    shutil.copy(tiny_kb_path, path)
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO drugs (id, name, display) VALUES ('DBX1', ?, ?)",
        (HOSTILE_TITLE.lower(), HOSTILE_TITLE),
    )
    conn.execute(
        "INSERT INTO names VALUES ('evil', ?, 'DBX1', 'synonym', 'drugbank')",
        ("<img src=x onerror=alert(1)>",),
    )
    conn.execute(
        "INSERT INTO facts VALUES ('f-evil-use', 'DBX1', 'use', 'x', ?, 'labeledin', 'r1',"
        " 'Public domain', NULL, NULL, NULL)",
        ("*bold* [link](http://x) </script><script>alert(1)</script> --- # {{ x }}",),
    )
    conn.commit()
    conn.close()
    return path
