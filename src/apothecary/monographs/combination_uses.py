"""What a fixed-dose combination is for (combination_uses.txt), reviewed, with its source.

The datasets give each ingredient's uses, never the combination's: the page of cefpodoxime +
ofloxacin led with "gonorrhoea" (a use both share), naproxen + domperidone lacked migraine,
chlordiazepoxide + clidinium showed anxiety instead of irritable bowel, doxylamine +
pyridoxine led with sleeplessness instead of sickness in pregnancy (pharmacist reviews). A
row names the combination's exact set of ingredients (KB preferred names, any order; a list
line's salt resolves to the same medicine) and its uses in plain words; the uses lead the
page's key facts and Usage section, citing the row's public source, instead of the shared or
per-ingredient uses. A combination with more or fewer ingredients is another row.

Each use becomes a `use` fact of the page's own (the combination's key, as CDSCO approvals
are), under the reviewed leaflets source and licence, so it is cited, listed among the
page's facts and sources, and given to the LLM writer, whose claims are checked against it,
like a reviewed `use` row of leaflet_facts.txt.

Most Indian combinations have no row of their own (a cold tablet, a painkiller with a muscle
relaxant, a steroid cream with an antifungal): combination_kinds.txt says what a KIND of
combination is for, by the roles its ingredients fill (WHO ATC codes or names), with a public
source for that kind of product. An exact row always wins over a kind.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..knowledge.sources import leaflets
from ..models import Drug, Fact, FactKind, LicenceClass, Source
from .model import Item
from .rules import DATA, key

NAME = "combination_uses.txt"
KINDS = "combination_kinds.txt"
_ATC_PREFIX = re.compile(r"^[A-Z](?:\d\d(?:[A-Z](?:[A-Z](?:\d\d)?)?)?)?$")
MAX_USES = 3  # a row is the whole "Used for" line of the key facts
# the source its facts come under: the reviewed leaflets', as the knowledge base has it
SOURCE = Source(id=str(leaflets.SOURCE["id"]), name=str(leaflets.SOURCE["name"]),
                edition=str(leaflets.SOURCE["edition"]), licence=str(leaflets.SOURCE["licence"]),
                licence_class=LicenceClass(str(leaflets.SOURCE["licence_class"])),
                citation=str(leaflets.SOURCE["citation"]), url=str(leaflets.SOURCE["url"]))


@dataclass(frozen=True)
class CombinationUse:
    """One reviewed row: the ingredients (lookup keys), the uses in order, the source."""

    ingredients: tuple[str, ...]
    uses: tuple[str, ...]
    source: str
    line: int
    file: str = NAME

    @property
    def names(self) -> frozenset[str]:
        return frozenset(self.ingredients)


def _rows_of(text: str, name: str, first: str) -> Iterator[tuple[int, list[str], tuple[str, ...]]]:
    """(line number, cells, uses) of each "first | uses | source" row of a file of ours; a
    malformed row raises (the file is tested, so a bad row is a mistake to fix, never a page
    to guess)."""
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split(" | ")]
        if len(cells) != 3 or not all(cells):
            raise ValueError(f"{name} line {n}: want '{first} | uses | source'")
        yield n, cells, tuple(u.strip() for u in cells[1].split(";") if u.strip())


def parse(text: str) -> list[CombinationUse]:
    """Rows of "a + b [+ …] | use; use | source"."""
    rows = []
    for n, cells, uses in _rows_of(text, NAME, "ingredients"):
        names = tuple(key(x) for x in cells[0].split(" + "))
        if len(names) < 2 or not all(names) or not uses:
            raise ValueError(f"{NAME} line {n}: want two or more ingredients and a use")
        rows.append(CombinationUse(names, uses, cells[2], n))
    return rows


@lru_cache(maxsize=1)
def rows() -> list[CombinationUse]:
    return parse((DATA / NAME).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _by_names() -> dict[frozenset[str], CombinationUse]:
    out: dict[frozenset[str], CombinationUse] = {}
    for row in rows():
        out.setdefault(row.names, row)  # a second row for the same set: the test fails
    return out


def row_for(names: Iterable[str]) -> CombinationUse | None:
    """The row of exactly this set of ingredient names (any order), else None; never for a
    single medicine."""
    wanted = frozenset(key(n) for n in names)
    return _by_names().get(wanted) if len(wanted) > 1 else None


@dataclass(frozen=True)
class Role:
    """One role of a kind row: the WHO ATC prefixes or names that fill it, and whether a
    combination may lack it (an antacid added to a painkiller)."""

    fillers: tuple[str, ...]
    optional: bool

    def filled_by(self, name: str, codes: Sequence[str]) -> bool:
        return any(key(name) == f if not _ATC_PREFIX.match(f)
                   else any(c.startswith(f) for c in codes) for f in self.fillers)


@dataclass(frozen=True)
class KindRow:
    """A kind of combination (combination_kinds.txt): its roles, uses and source."""

    roles: tuple[Role, ...]
    uses: tuple[str, ...]
    source: str
    line: int

    def matches(self, ingredients: Sequence[tuple[str, Sequence[str]]]) -> bool:
        """Every ingredient fills one of the roles, and every role that is not optional is
        filled by an ingredient of its own (two painkillers may share one role)."""
        fits = [[n for n, r in enumerate(self.roles) if r.filled_by(name, codes)]
                 for name, codes in ingredients]
        if len(ingredients) < 2 or not all(fits):
            return False
        needed = {n for n, r in enumerate(self.roles) if not r.optional}
        return any(needed <= set(pick) for pick in itertools.product(*fits))


def parse_kinds(text: str) -> list[KindRow]:
    """Rows of "role + role [+ [optional role]] | use; use | source", each role one or more
    WHO ATC prefixes or ingredient names joined by "/"; a malformed row raises."""
    rows = []
    for n, cells, uses in _rows_of(text, KINDS, "roles"):
        roles = []
        for part in cells[0].split(" + "):
            part = part.strip()
            optional = part.startswith("[") and part.endswith("]")
            fillers = tuple(f.strip() if _ATC_PREFIX.match(f.strip()) else key(f)
                            for f in part.strip("[]").split("/") if f.strip())
            if not fillers:
                raise ValueError(f"{KINDS} line {n}: an empty role")
            roles.append(Role(fillers, optional))
        if sum(not r.optional for r in roles) < 2 or not uses or len(uses) > MAX_USES:
            raise ValueError(f"{KINDS} line {n}: want two or more roles and 1-{MAX_USES} uses")
        rows.append(KindRow(tuple(roles), uses, cells[2], n))
    return rows


@lru_cache(maxsize=1)
def kind_rows() -> list[KindRow]:
    return parse_kinds((DATA / KINDS).read_text(encoding="utf-8"))


AtcOf = Callable[[Drug], str]


def _xref_atc(drug: Drug) -> str:
    return drug.xrefs.get("ATC", "")


def combination_row(drugs: Sequence[Drug], atc: AtcOf = _xref_atc) -> CombinationUse | None:
    """A combination page's reviewed uses: the row of exactly its ingredients, else the first
    kind row its ingredients fill (never for a single medicine). `atc`: a medicine's WHO ATC
    codes, space-separated."""
    if len({d.id for d in drugs}) < 2:
        return None
    exact = row_for(d.name for d in drugs)
    if exact is not None:
        return exact
    ingredients = [(d.name, atc(d).split()) for d in drugs]
    for kind in kind_rows():
        if kind.matches(ingredients):
            return CombinationUse(tuple(key(d.name) for d in drugs), kind.uses, kind.source,
                                  kind.line, KINDS)
    return None


def fact_id(row: CombinationUse, use: str) -> str:
    """A stable id: the same row and use give the same id in every build."""
    text = f"{row.file}|{'+'.join(sorted(row.ingredients))}|{key(use)}"
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def use_facts(drugs: Sequence[Drug], page_key: str, sources: Collection[str],
              atc: AtcOf = _xref_atc) -> list[Fact]:
    """The reviewed uses of a combination page's ingredients as `use` facts of the page
    (none for a single medicine or a combination without a row)."""
    return row_facts(combination_row(drugs, atc), page_key, sources)


def row_facts(row: CombinationUse | None, page_key: str, sources: Collection[str]) -> list[Fact]:
    """A row's uses as `use` facts of the page. `sources`: the ids of the sources the
    knowledge base serves; without the reviewed leaflets one (a test fixture, or a build that
    leaves it out) there are none, as there are no leaflet facts."""
    if row is None or SOURCE.id not in sources:
        return []
    return [Fact(id=fact_id(row, use), drug_id=page_key, kind=FactKind.USE, value=use,
                 plain=use, source_id=SOURCE.id,
                 locator=f"{row.file} line {row.line}; {row.source}",
                 licence=SOURCE.licence)
            for use in row.uses]


def use_items(row: CombinationUse | None, facts: Sequence[Fact]) -> list[Item]:
    """The facts of `row_facts` as the page's uses, each naming the row's public source."""
    if row is None:
        return []
    return [Item(text=f.plain, fact_ids=[f.id], key=key(f.plain), source=row.source)
            for f in facts]
