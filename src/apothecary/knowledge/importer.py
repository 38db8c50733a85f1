"""Import openFDA label records into a knowledge base: one label per medicine, by rules.

The rules (README "US FDA labels"): a record is used only if it is a human prescription
or OTC label, not homeopathic, with a set id, whose active ingredients are exactly one
knowledge-base drug each (labelmatch) and which has at least one mapped section (labels).
Among the labels left for one ingredient set (a drug id, or a combination key "A+B"), the
newest `effective_time` wins, then the higher `version`, then a prescription label over an
OTC one, then the one with more facts, then the smallest set id. Every record that is not
used is counted with its reason, so read = used + skipped.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import InputError, KnowledgeBaseError
from .labelmatch import RX, DrugLookup, is_homeopathic, match_label, product_scope
from .labels import LabelFact, label_facts
from .sources import openfda
from .textio import replacing

SOURCE_ID = "openfda"
FACT_COLUMNS = ("id", "drug_id", "kind", "value", "plain", "source_id", "locator", "licence",
                "other_id", "severity", "frequency", "scope")
_SET_ID = re.compile(r"^[0-9A-Za-z][0-9A-Za-z-]{7,63}$")
_DATE = re.compile(r"^\d{8}$")
_JSON_TYPES = {list: "array", str: "string", int: "number", float: "number", bool: "boolean",
               type(None): "null"}


@dataclass(frozen=True)
class Candidate:
    """A usable label for one ingredient set."""

    key: str
    set_id: str
    effective: str  # YYYYMMDD, or "" when the record has none
    version: int
    scope: str
    sections: tuple[str, ...]  # the fields its facts come from, in GROUPS order
    file: str
    number: int
    direct: bool = True
    # the label's routes (openfda.route: "NASAL", "ORAL"), so a page of another product form
    # can leave its extracts off (a fluticasone nasal spray's label on an inhaler's page)
    route: str = ""

    def rank(self) -> tuple[int, str, int, int, int]:
        return (int(self.direct), self.effective, self.version, 1 if self.scope == RX else 0,
                len(self.sections))

    def beats(self, other: Candidate) -> bool:
        if self.rank() != other.rank():
            return self.rank() > other.rank()
        return self.set_id < other.set_id

    def locator(self, section: str) -> str:
        return (f"set_id {self.set_id}; effective {self.effective or 'unknown'}; "
                f"section {section}; version {self.version}"
                + (f"; route {self.route}" if self.route else ""))


def _store() -> sqlite3.Connection:
    """A private temporary on-disk database (SQLite's empty file name), deleted on close."""
    conn = sqlite3.connect("")
    conn.execute("CREATE TABLE facts (key TEXT, n INTEGER, kind TEXT, field TEXT, value TEXT, "
                 "plain TEXT)")
    conn.execute("CREATE INDEX facts_key ON facts(key, n)")
    conn.execute("CREATE TABLE skips (file TEXT, record INTEGER, set_id TEXT, reason TEXT, "
                 "key TEXT)")
    conn.execute("CREATE INDEX skips_key ON skips(key)")
    return conn


class Skip(NamedTuple):
    """A record not used, and why (a tuple: a bulk import skips hundreds of thousands)."""

    file: str
    record: int
    set_id: str | None
    reason: str


PREFERRED = "another label for the same medicine was preferred"


@dataclass
class Selection:
    """The chosen label per ingredient set, and every other record with its reason.

    The chosen labels' facts and the skipped records wait in a private temporary SQLite
    file, not in memory: a bulk import keeps thousands of labels of up to tens of kB each
    and skips hundreds of thousands of records (small objects kept alive among each record's
    transient ones would also fragment the heap)."""

    chosen: dict[str, Candidate] = field(default_factory=dict)
    read: int = 0
    skipped_count: int = 0
    _reasons: Counter[str] = field(default_factory=Counter)
    _store: sqlite3.Connection = field(default_factory=lambda: _store())

    def skip(self, item: openfda.Item, reason: str, set_id: str | None = None) -> None:
        self._skip(item.file, item.number, set_id, reason, None)

    def _skip(self, file: str, number: int, set_id: str | None, reason: str | None,
              key: str | None) -> None:
        self.skipped_count += 1
        self._reasons[_category(reason or PREFERRED)] += 1
        self._store.execute("INSERT INTO skips VALUES (?, ?, ?, ?, ?)",
                            (file, number, set_id, reason, key))

    def offer(self, cand: Candidate, facts: tuple[LabelFact, ...] = ()) -> None:
        old = self.chosen.get(cand.key)
        if old is None or cand.beats(old):
            self.chosen[cand.key] = cand
            if old is not None:  # its reason names the winner once all is read (finish)
                self._skip(old.file, old.number, old.set_id, None, old.key)
                self._store.execute("DELETE FROM facts WHERE key = ?", (cand.key,))
            self._store.executemany(
                "INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?)",
                [(cand.key, n, f.kind, f.field, f.value, f.plain) for n, f in enumerate(facts)])
        else:
            self._skip(cand.file, cand.number, cand.set_id, None, cand.key)

    def close(self) -> None:
        """Drop the stored facts and skips (the temporary file goes with them)."""
        self._store.close()

    def label_facts(self, key: str) -> list[LabelFact]:
        """The chosen label's facts for `key`, in GROUPS order."""
        return [LabelFact(*row) for row in self._store.execute(
            "SELECT kind, field, value, plain FROM facts WHERE key = ? ORDER BY n", (key,))]

    def finish(self) -> None:
        """Name the winner in each beaten candidate's reason."""
        self._store.executemany(
            "UPDATE skips SET reason = ? WHERE key = ? AND reason IS NULL",
            [(f"{PREFERRED} (set_id {c.set_id})", key) for key, c in self.chosen.items()])

    def iter_skipped(self) -> Iterator[Skip]:
        """Every skipped record, in the order it was skipped."""
        for row in self._store.execute(
                "SELECT file, record, set_id, reason FROM skips ORDER BY rowid"):
            yield Skip(*row)

    @property
    def skipped(self) -> list[Skip]:
        return list(self.iter_skipped())

    @property
    def used(self) -> int:
        return len(self.chosen)

    def facts(self) -> int:
        return sum(len(c.sections) for c in self.chosen.values())

    def reasons(self) -> Counter[str]:
        """Skips by kind of reason: the text before any ':' or '('."""
        return Counter(self._reasons)


def _category(reason: str) -> str:
    return re.split(r"[:(]", reason, maxsplit=1)[0].strip()


def _version(value: Any) -> int:
    text = str(value).strip() if isinstance(value, (str, int)) else ""
    return int(text) if text.isdigit() and len(text) < 10 else 0


def consider(item: openfda.Item, lookup: DrugLookup, sel: Selection) -> None:
    """Use or skip one record (never raises on any JSON value)."""
    sel.read += 1
    if item.error is not None:
        sel.skip(item, item.error)
        return
    rec = item.record
    if not isinstance(rec, dict):
        sel.skip(item, f"not a label record (a JSON {_JSON_TYPES.get(type(rec), 'value')})")
        return
    raw_id = rec.get("set_id")
    set_id = raw_id.strip() if isinstance(raw_id, str) else ""
    if not _SET_ID.match(set_id):
        sel.skip(item, "no set_id")
        return
    scope, why = product_scope(rec)
    if scope is None:
        sel.skip(item, why, set_id)
        return
    if is_homeopathic(rec):
        sel.skip(item, "homeopathic product", set_id)
        return
    match = match_label(rec, lookup)
    if match.reason is not None:
        sel.skip(item, match.reason, set_id)
        return
    raw_date = rec.get("effective_time")
    effective = str(raw_date).strip() if isinstance(raw_date, (str, int)) else ""
    effective = effective if _DATE.match(effective) else ""
    cand = Candidate(match.key, set_id, effective, _version(rec.get("version")), scope, (),
                     item.file, item.number, match.direct)
    old = sel.chosen.get(match.key)
    if old is not None and old.rank()[:4] > cand.rank()[:4]:
        sel.offer(cand)  # older: beaten whatever its sections (no need to read them)
        return
    facts = tuple(label_facts(rec, scope))
    if not facts:
        sel.skip(item, "no mapped label section (no boxed warning, pregnancy, ... text)",
                 set_id)
        return
    sel.offer(Candidate(match.key, set_id, effective, cand.version, scope,
                        tuple(f.field for f in facts), item.file, item.number, match.direct,
                        label_route(rec)),
              facts)


def label_route(rec: dict[str, object]) -> str:
    """The label's routes, comma-separated and upper-case ("" when it gives none)."""
    ofda = rec.get("openfda")
    routes = ofda.get("route") if isinstance(ofda, dict) else None
    if not isinstance(routes, list):
        return ""
    return ",".join(sorted({r.strip().upper() for r in routes
                            if isinstance(r, str) and _ROUTE.fullmatch(r.strip())}))


_ROUTE = re.compile(r"[A-Za-z -]{1,40}")


def select(items: Iterable[openfda.Item], lookup: DrugLookup) -> Selection:
    sel = Selection()
    for item in items:
        consider(item, lookup, sel)
    sel.finish()
    return sel


def read_files(paths: Iterable[Path]) -> Iterator[openfda.Item]:
    """Every record of every file, in order; all files are checked before the first is read."""
    files = list(paths)
    for path in files:
        openfda.check_readable(path)
    for path in files:
        yield from openfda.read_items(path)


def fact_rows(sel: Selection, fact_id: Callable[..., str]) -> Iterator[dict[str, str | None]]:
    """The chosen labels' facts as fact-table rows (FACT_COLUMNS), one at a time."""
    for key in sorted(sel.chosen):
        cand = sel.chosen[key]
        for f in sel.label_facts(key):
            yield {
                "id": fact_id(key, f.kind, f.value, SOURCE_ID, None), "drug_id": key,
                "kind": f.kind, "value": f.value, "plain": f.plain, "source_id": SOURCE_ID,
                "locator": cand.locator(f.field), "licence": openfda.SOURCE["licence"],
                "other_id": None, "severity": None, "frequency": None, "scope": cand.scope,
            }


def summary(sel: Selection) -> str:
    """The one-line summary `kb import openfda` prints."""
    parts = ", ".join(f"{reason} {n}" for reason, n in sorted(sel.reasons().items(),
                                                               key=lambda x: (-x[1], x[0])))
    return (f"{sel.read} records read: {sel.used} labels used ({sel.facts()} facts), "
            f"{sel.skipped_count} skipped" + (f" ({parts})" if parts else ""))


def report_dict(sel: Selection, files: list[Path]) -> dict[str, Any]:
    return {
        "files": [str(p) for p in files], "read": sel.read, "used": sel.used,
        "facts": sel.facts(), "skipped": sel.skipped_count,
        "skipped_by_reason": dict(sorted(sel.reasons().items())),
        "labels": [{"medicine": c.key, "set_id": c.set_id, "effective": c.effective,
                    "scope": c.scope, "file": c.file, "record": c.number,
                    "sections": list(c.sections)}
                   for _, c in sorted(sel.chosen.items())],
    }


def write_report(sel: Selection, files: list[Path], path: Path) -> None:
    """The import report as JSON: report_dict plus `skipped_records`, written record by
    record (a bulk import skips hundreds of thousands)."""
    head = json.dumps(report_dict(sel, files), ensure_ascii=False, indent=1)
    try:
        with path.open("w", encoding="utf-8") as fh:
            fh.write(head[:-2] + ',\n "skipped_records": [')
            for n, skip in enumerate(sel.iter_skipped()):
                fh.write(("," if n else "") + "\n  " + json.dumps(skip._asdict(),
                                                                  ensure_ascii=False))
            fh.write("\n ]\n}\n")
    except OSError as exc:
        raise InputError(f"cannot write report {path}: {exc.strerror or exc}") from exc


def import_openfda(files: list[Path], out: Path, base: Path | None = None,
                   report: Path | None = None) -> Selection:
    """`apothecary kb import openfda`: BASE (default: the shipped KB) plus the labels' facts,
    written to `out` atomically. Imported labels replace BASE's label facts for the same
    medicine (drug id or combination key); label facts of other medicines stay."""
    from .build import fact_id
    from .default import default_kb_path
    from .store import KnowledgeBase

    base_path = Path(base) if base is not None else default_kb_path()
    KnowledgeBase(base_path).close()  # exists, is a knowledge base, has facts.scope
    for path in files:
        openfda.check_readable(path)
    conn = sqlite3.connect(f"file:{base_path}?mode=ro", uri=True)
    try:
        lookup = DrugLookup.from_sqlite(conn)
    finally:
        conn.close()
    sel = select(read_files(files), lookup)
    try:
        _write_kb(base_path, Path(out), sel, fact_rows(sel, fact_id))
        if report is not None:
            write_report(sel, files, Path(report))
    finally:
        sel.close()
    return sel


def _write_kb(base: Path, out: Path, sel: Selection,
              rows: Iterable[dict[str, str | None]]) -> None:
    """Copy BASE next to OUT, swap in the label facts, rename over OUT."""
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        with replacing(out) as tmp:
            shutil.copyfile(base, tmp)
            conn = sqlite3.connect(tmp)
            try:
                src = openfda.SOURCE
                conn.execute("INSERT OR IGNORE INTO sources VALUES (?,?,?,?,?,?,?)",
                             (src["id"], src["name"], src["edition"], src["licence"],
                              src["licence_class"], src["citation"], src["url"]))
                conn.executemany("DELETE FROM facts WHERE source_id = ? AND drug_id = ?",
                                 [(SOURCE_ID, key) for key in sel.chosen])
                cols = FACT_COLUMNS
                conn.executemany(
                    f"INSERT OR REPLACE INTO facts ({','.join(cols)}) "
                    f"VALUES ({','.join('?' * len(cols))})",
                    (tuple(r[c] for c in cols) for r in rows))
                meta = {"imported.openfda.records": sel.read,
                        "imported.openfda.labels": sel.used,
                        "imported.openfda.facts": sel.facts(),
                        "imported.openfda.skipped": sel.skipped_count}
                conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                                 [(k, str(v)) for k, v in meta.items()])
                conn.commit()
            finally:
                conn.close()
    except sqlite3.Error as exc:
        raise KnowledgeBaseError(f"cannot write knowledge base {out}: {exc}") from exc
    except OSError as exc:
        raise InputError(f"cannot write knowledge base {out}: {exc.strerror or exc}") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
