"""Read-only queries over the knowledge base; everything else asks through here."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property
from pathlib import Path
from typing import Any

from ..errors import KnowledgeBaseError
from ..models import Drug, Fact, FactKind, LicenceClass, Source
from ..names.normalize import norm_key
from ..names.rules import ambiguous_names

SCHEMA = (Path(__file__).parent / "schema.sql").read_text(encoding="utf-8")
MEMO_LIMIT = 50_000  # (drug, kinds) answers kept in memory
XREF_COLUMNS = ("rxnorm", "unii", "drugbank", "mesh", "chebi", "pubchem", "drugcentral", "atc")


def create_schema(conn: sqlite3.Connection) -> None:
    conn.executescript(SCHEMA)


def _fact_maker(fields: list[str]) -> Callable[[dict[str, Any]], Fact]:
    """`Fact.model_construct` without its per-field bookkeeping (twice as fast): the
    instance's fields set directly when all are given, checked once against
    model_construct; any difference (another pydantic) and model_construct is used."""
    all_set = frozenset(fields)

    def fast(data: dict[str, Any]) -> Fact:
        fact = Fact.__new__(Fact)
        object.__setattr__(fact, "__dict__", data)
        object.__setattr__(fact, "__pydantic_fields_set__", set(all_set))
        object.__setattr__(fact, "__pydantic_extra__", None)
        object.__setattr__(fact, "__pydantic_private__", None)
        return fact

    def slow(data: dict[str, Any]) -> Fact:
        return Fact.model_construct(**data)

    if all_set != set(Fact.model_fields):
        return slow
    probe = {f: f"x{i}" for i, f in enumerate(fields)} | {"kind": FactKind.USE}
    a, b = fast(dict(probe)), slow(dict(probe))
    same = (a == b and a.model_dump() == b.model_dump()
            and a.model_fields_set == b.model_fields_set)
    return fast if same else slow


class KnowledgeBase:
    """A knowledge-base file opened read-only.

    `allowed` restricts facts to licence classes (e.g. only open ones for
    `--licenses commercial`); sources outside it are invisible to every query.
    """

    def __init__(self, path: Path, allowed: Iterable[LicenceClass] | None = None) -> None:
        if not Path(path).is_file():
            raise KnowledgeBaseError(f"knowledge base not found: {path}")
        self.path = Path(path)
        try:
            self.conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            self.conn.execute("SELECT 1 FROM facts LIMIT 1")
        except sqlite3.DatabaseError as exc:
            raise KnowledgeBaseError(f"not a knowledge base: {path} ({exc})") from exc
        try:
            self.conn.execute("SELECT scope FROM facts LIMIT 1")
        except sqlite3.DatabaseError as exc:
            raise KnowledgeBaseError(
                f"knowledge base made by an older apothecary (no facts.scope): {path}; "
                "build or import it again") from exc
        self.conn.row_factory = sqlite3.Row
        self.allowed = set(allowed) if allowed is not None else set(LicenceClass)
        # facts of some kinds of one drug, asked again and again by the renderers (a drug
        # recurs across combination pages); facts are frozen, so sharing them is safe
        self._kind_memo: dict[tuple[str, tuple[str, ...]], tuple[Fact, ...]] = {}

    def close(self) -> None:
        self.conn.close()

    # -- sources -------------------------------------------------------------
    @cached_property
    def all_sources(self) -> dict[str, Source]:
        rows = self.conn.execute("SELECT * FROM sources ORDER BY id").fetchall()
        return {r["id"]: Source(**dict(r)) for r in rows}

    def sources(self) -> list[Source]:
        return [s for s in self.all_sources.values() if s.licence_class in self.allowed]

    @cached_property
    def _allowed_source_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.sources())

    def meta(self) -> dict[str, str]:
        return {r["key"]: r["value"] for r in self.conn.execute("SELECT key, value FROM meta")}

    # -- drugs and names -----------------------------------------------------
    def _drug_from_row(self, row: sqlite3.Row) -> Drug:
        names = self.conn.execute(
            "SELECT name, kind FROM names WHERE drug_id = ? ORDER BY kind, name", (row["id"],)
        ).fetchall()
        seen = {row["name"].casefold()}
        other: list[str] = []
        forms: list[str] = []
        family = ambiguous_names()
        for n in names:
            if n["name"].casefold() in seen or n["kind"] == "combination":
                continue
            if norm_key(n["name"]) in family:  # "Phospholipids" is not omega-3's other name
                continue
            seen.add(n["name"].casefold())
            (forms if n["kind"] == "form" else other).append(n["name"])
        xrefs = {c.upper(): row[c] for c in XREF_COLUMNS if row[c]}
        return Drug(
            id=row["id"], name=row["name"], display=row["display"],
            other_names=other, forms=forms, xrefs=xrefs,
        )

    def drug(self, drug_id: str) -> Drug | None:
        row = self.conn.execute("SELECT * FROM drugs WHERE id = ?", (drug_id,)).fetchone()
        return self._drug_from_row(row) if row else None

    def drugs(self) -> Iterator[Drug]:
        for row in self.conn.execute("SELECT * FROM drugs ORDER BY name").fetchall():
            yield self._drug_from_row(row)

    def drug_names(self) -> dict[str, str]:
        """id → preferred name, for every drug (cheap; no other names)."""
        return dict(self.conn.execute("SELECT id, name FROM drugs").fetchall())

    def name_rows(self) -> list[tuple[str, str, str, str]]:
        """(norm, name, drug_id, kind) for every known spelling: the resolver's index."""
        return [(r[0], r[1], r[2], r[3]) for r in self.conn.execute(
            "SELECT norm, name, drug_id, kind FROM names ORDER BY norm, drug_id"
        )]

    def atc_codes(self) -> dict[str, str]:
        """id → its WHO ATC codes (space-separated), for every drug that has any."""
        return dict(self.conn.execute(
            "SELECT id, atc FROM drugs WHERE atc IS NOT NULL AND atc != ''").fetchall())

    def all_uses(self) -> list[tuple[str, str, str]]:
        """(drug id, term, plain) of every use fact the licence filter allows: what each
        medicine's class is for (monographs rank a medicine's uses by it)."""
        ids = self._allowed_source_ids
        return [(r[0], r[1], r[2]) for r in self.conn.execute(
            f"SELECT drug_id, value, plain FROM facts WHERE kind = 'use' AND source_id IN "
            f"({','.join('?' * len(ids))})", ids)]

    # -- facts ---------------------------------------------------------------
    def _fact(self, row: sqlite3.Row) -> Fact:
        return Fact(**dict(row))

    def facts(self, drug_id: str, kinds: Iterable[FactKind] | None = None) -> list[Fact]:
        if kinds is None:
            return self._facts(drug_id, None)
        key = (drug_id, tuple(FactKind(k).value for k in kinds))
        hit = self._kind_memo.get(key)
        if hit is None:
            hit = tuple(self._facts(drug_id, key[1]))
            if len(self._kind_memo) < MEMO_LIMIT:
                self._kind_memo[key] = hit
        return list(hit)

    def _facts(self, drug_id: str, kinds: Iterable[str] | None) -> list[Fact]:
        ids = self._allowed_source_ids
        sql = (
            f"SELECT * FROM facts WHERE drug_id = ? AND source_id IN ({','.join('?' * len(ids))})"
        )
        params: list[str] = [drug_id, *ids]
        if kinds is not None:
            ks = list(kinds)
            sql += f" AND kind IN ({','.join('?' * len(ks))})"
            params += ks
        sql += " ORDER BY kind, source_id, value, id"
        return [self._fact(r) for r in self.conn.execute(sql, params)]

    def facts_of_many(self, drug_ids: Iterable[str]) -> dict[str, list[Fact]]:
        """drug id → its facts (allowed sources, `facts()` order) for many drugs in a few
        queries; rows come from the KB's own schema, so 100k facts skip re-validation. A
        fact kind from a newer KB is left out."""
        todo = sorted(set(drug_ids))
        out: dict[str, list[Fact]] = {i: [] for i in todo}
        allowed = self._allowed_source_ids
        if not todo or not allowed:
            return out
        fields = list(Fact.model_fields)
        make = _fact_maker(fields)
        for n in range(0, len(todo), 500):
            chunk = todo[n:n + 500]
            rows = self.conn.execute(
                f"SELECT {', '.join(fields)} FROM facts WHERE drug_id IN "
                f"({','.join('?' * len(chunk))}) AND source_id IN "
                f"({','.join('?' * len(allowed))}) ORDER BY drug_id, kind, source_id, value, id",
                [*chunk, *allowed],
            ).fetchall()
            for row in rows:
                data = dict(zip(fields, row, strict=True))
                try:
                    data["kind"] = FactKind(data["kind"])
                except ValueError:
                    continue
                out[data["drug_id"]].append(make(data))
        return out

    def terms_of_kinds(self, kinds: Iterable[FactKind]) -> list[tuple[str, str, str]]:
        """Distinct (plain, source term, kind) of every fact of these kinds, whatever its
        licence (recognising a word is not citing a fact): the claim checker's vocabulary."""
        ks = [FactKind(k).value for k in kinds]
        return [(r[0], r[1], r[2]) for r in self.conn.execute(
            "SELECT DISTINCT plain, value, kind FROM facts WHERE kind IN "
            f"({','.join('?' * len(ks))}) ORDER BY kind, value, plain", ks)]

    def fact_rows(self, drug_ids: Iterable[str], columns: Iterable[str]) -> list[tuple[Any, ...]]:
        """Plain tuples of some columns of the drugs' facts (allowed sources), for callers
        that read thousands of facts and need no Fact objects (the audit)."""
        ids, cols = sorted(set(drug_ids)), list(columns)
        if unknown := set(cols) - set(Fact.model_fields):
            raise KnowledgeBaseError(f"no fact column {sorted(unknown)[0]!r}")
        allowed = self._allowed_source_ids
        return [tuple(r) for r in self.conn.execute(
            f"SELECT {', '.join(cols)} FROM facts WHERE drug_id IN ({','.join('?' * len(ids))}) "
            f"AND source_id IN ({','.join('?' * len(allowed))}) ORDER BY id",
            [*ids, *allowed])]

    def first_plain(self, drug_id: str, kind: FactKind) -> str | None:
        """The plain words of one fact of a kind, whatever its licence (an approval the
        audit quotes)."""
        row = self.conn.execute("SELECT plain FROM facts WHERE drug_id = ? AND kind = ? "
                                "ORDER BY id LIMIT 1", [drug_id, FactKind(kind).value]).fetchone()
        return None if row is None else str(row[0])

    def display_names(self) -> dict[str, str]:
        """id → the name a page shows ("Vitamin B6 (pyridoxine)"); empty for a KB built
        before the `display` column."""
        try:
            return {r[0]: r[1] for r in self.conn.execute("SELECT id, display FROM drugs")}
        except sqlite3.OperationalError:
            return {}

    def interactions_among(self, drug_ids: Iterable[str]) -> list[Fact]:
        """Interaction facts whose two drugs are both in `drug_ids`."""
        ids = sorted(set(drug_ids))
        allowed = self._allowed_source_ids
        q = ",".join("?" * len(ids))
        sql = (
            f"SELECT * FROM facts WHERE kind = 'interaction' AND drug_id IN ({q}) "
            f"AND other_id IN ({q}) AND source_id IN ({','.join('?' * len(allowed))}) "
            "ORDER BY drug_id, other_id, source_id, id"
        )
        return [self._fact(r) for r in self.conn.execute(sql, [*ids, *ids, *allowed])]

    def fact(self, fact_id: str) -> Fact | None:
        row = self.conn.execute("SELECT * FROM facts WHERE id = ?", (fact_id,)).fetchone()
        return self._fact(row) if row else None

    def stats(self) -> list[tuple[str, str, int]]:
        """(kind, source_id, count) over all facts, for `kb stats`."""
        return [(r[0], r[1], r[2]) for r in self.conn.execute(
            "SELECT kind, source_id, COUNT(*) FROM facts "
            "GROUP BY kind, source_id ORDER BY kind, source_id"
        )]

    def marketed_ids(self) -> frozenset[str]:
        """Ids of medicines the KB shows on the Indian market: a CDSCO approval (of it or of a
        combination with it) or a reviewed leaflet use or "how it works" (written for the
        medicines of the Indian lists). An interaction partner with neither ranks with the
        rarely met ones (review 37: "Dasabuvir" first on the pill)."""
        return self._marketed_ids

    @cached_property
    def _marketed_ids(self) -> frozenset[str]:
        ids = [i for i in self._allowed_source_ids if i in ("cdsco", "leaflets")]
        if not ids:
            return frozenset()
        sql = ("SELECT DISTINCT drug_id FROM facts WHERE (source_id = 'cdsco' OR (source_id = "
               "'leaflets' AND kind IN ('use', 'mechanism'))) "
               f"AND source_id IN ({','.join('?' * len(ids))})")
        # (a combination's approval is filed under "A+B": each ingredient is sold in India)
        return frozenset(i for r in self.conn.execute(sql, ids) for i in r[0].split("+"))

    def documented_counts(self) -> dict[str, int]:
        """drug id → its use and side-effect facts (allowed sources): how widely documented a
        medicine is, to put common medicines before rare ones (one query for all drugs)."""
        return dict(self._documented_counts)  # a copy: the memo is shared by every build

    @cached_property
    def _documented_counts(self) -> dict[str, int]:
        """Once per opened KB (a read-only file): the query scans every use and side-effect
        fact, a fifth of a second, and a process may build many times (serve, benches)."""
        ids = self._allowed_source_ids
        if not ids:
            return {}
        sql = (
            "SELECT drug_id, COUNT(*) FROM facts WHERE kind IN ('use', 'side_effect') "
            f"AND source_id IN ({','.join('?' * len(ids))}) GROUP BY drug_id"
        )
        return {r[0]: r[1] for r in self.conn.execute(sql, ids)}
