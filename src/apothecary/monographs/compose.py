"""Builds each ingredient's monograph once per knowledge base (and so per licence filter)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from ..models import Drug, Fact, FactKind
from .gut_binding import swallowed
from .how_it_works import select_how, select_kind
from .interactions import select_partners
from .leaflets import fill, without_repeats
from .model import Item, Monograph
from .partner_rules import opposing_words, rare_partners
from .rules import key, population_products, signature_for
from .safety import select_safety
from .side_effects import select_effects, unled
from .uses import product_forms, select_uses, use_keys


def specialist(name: str) -> bool:
    """A medicine rarely met outside a specialist's care (rare_partners.txt)."""
    return key(name) in rare_partners()


def _routes(facts: list[Fact]) -> list[str]:
    """A medicine's WHO DDD route codes ("O", "P")."""
    return [f.value for f in facts if f.kind == FactKind.ROUTE]


class MonographStore(Protocol):
    """Monographs kept between builds (`site.buildcache`): `get` gives None on a miss. A
    key is a drug id, or a drug id and the ids left out of its partners joined by NUL."""

    def get(self, key: str) -> Monograph | None: ...

    def put(self, key: str, monograph: Monograph) -> None: ...


class MonographBuilder:
    """`facts_of(drug_id)` gives a drug's facts (already filtered by licence); `name_of(id,
    fallback)` a medicine's display name; `commonness(id)` how widely a medicine is documented
    (ranks interaction partners); `class_uses(id)` the other medicines of its WHO ATC groups
    with each use (ranks its uses; None: not known); `atc_of(id)` a medicine's WHO ATC codes
    and `marketed(id)` whether it is sold in India (both rank interaction partners);
    `swallowed_of(id)` whether a partner is swallowed (gut_binding.swallowed: binding in the
    gut needs both swallowed).
    Monographs are memoised per drug id."""

    def __init__(
        self,
        facts_of: Callable[[str], list[Fact]],
        name_of: Callable[[str | None, str], str],
        commonness: Callable[[str], int],
        class_uses: Callable[[str], dict[str, frozenset[str]] | None] = lambda _: None,
        use_forms: Callable[[str], dict[str, frozenset[str]]] = lambda _: {},
        atc_of: Callable[[str], str] = lambda _: "",
        marketed: Callable[[str], bool] = lambda _: True,
        swallowed_of: Callable[[str], str] = lambda _: "",
    ) -> None:
        self.facts_of = facts_of
        self.name_of = name_of
        self.commonness = commonness
        self.class_uses = class_uses
        self.use_forms = use_forms
        self.atc_of = atc_of
        self.marketed = marketed
        self.swallowed_of = swallowed_of
        self._memo: dict[str, Monograph] = {}
        self.store: MonographStore | None = None  # kept between builds, when set

    def monograph(self, drug: Drug, exclude: tuple[str, ...] = ()) -> Monograph:
        """The drug's monograph; `exclude`: ingredients whose interactions with it are left
        out (the other ingredients of a combination)."""
        hit = self._memo.get(drug.id)
        if hit is None:
            hit = self.store.get(drug.id) if self.store is not None else None
            if hit is None:
                hit = self._build(drug)
                if self.store is not None:
                    self.store.put(drug.id, hit)
            self._memo[drug.id] = hit
        atc = drug.xrefs.get("ATC", "")
        # a combination whose ingredients push a blood value opposite ways (rules.py)
        quiet = opposing_words([atc, *map(self.atc_of, exclude)]) if exclude else frozenset()
        if quiet or any(p.other_id in exclude for p in hit.partners):  # choose again
            key = "\0".join([drug.id, *sorted(set(exclude))])  # kept apart from plain ids
            again = self._memo.get(key)
            if again is None and self.store is not None:
                again = self.store.get(key)
            if again is None:
                facts = fill(self.facts_of(drug.id))
                partners = select_partners(facts, set(exclude) | {drug.id}, self.name_of,
                                           self.commonness, atc, self.atc_of, quiet,
                                           specialist(drug.name), self.marketed,
                                           swallowed(atc, _routes(facts)), self.swallowed_of)
                again = hit.model_copy(update={"partners": partners})
                if self.store is not None:
                    self.store.put(key, again)
            self._memo[key] = again
            return again
        return hit

    @staticmethod
    def _forms(facts: list[Fact], atc: str, route_codes: list[str],
               marked: bool) -> Item | None:
        """The forms the medicine comes in, when more than one and either a use is one form's
        (`marked`) or it comes in more than tablets and a (hospital) injection: most tablets
        also have an injection, and saying so on every page is noise."""
        forms = product_forms(atc, route_codes)
        if len(forms) < 2 or not marked and set(forms) <= set(product_forms("", ["O", "P"])):
            return None
        ids = [f.id for f in facts if f.source_id == "who-atc"
               and f.kind in (FactKind.ROUTE, FactKind.CLASS)]
        return Item(text="; ".join(forms), key="forms", fact_ids=ids)

    def _build(self, drug: Drug) -> Monograph:
        population = population_products().get(key(drug.name))
        # leaflet facts only where the others are thin
        facts = fill(self.facts_of(drug.id), population is not None)
        routes = [f.plain for f in facts if f.kind == FactKind.ROUTE and f.plain]
        route_codes = [f.value for f in facts if f.kind == FactKind.ROUTE]

        atc = drug.xrefs.get("ATC", "")
        kind = select_kind(facts, atc, drug.name)
        sig = signature_for(drug.name, atc)
        terms = sig[1] if sig else frozenset()
        main, serious, groups = select_effects(facts, use_keys(facts), routes, terms, atc,
                                                drug.id, population)
        main = unled(without_repeats(main, sig[0] if sig else ""))
        signature = None
        if sig:
            signature = Item(text=sig[0], key="signature", source=sig[2], fact_ids=[
                f.id for f in facts if f.kind == FactKind.SIDE_EFFECT and key(f.value) in terms])
        uses = select_uses(facts, [f.plain for f in facts if f.kind == FactKind.CLASS],
                           self.class_uses(drug.id), drug.name, atc, self.use_forms(drug.id),
                           route_codes)
        return Monograph(
            drug_id=drug.id,
            uses=uses,
            forms=self._forms(facts, atc, route_codes, any(i.form for i in uses)),
            kind=kind,
            how=select_how(facts, kind, atc),
            signature=signature,
            main_effects=main,
            serious=serious,
            effect_groups=groups,
            partners=select_partners(facts, {drug.id}, self.name_of, self.commonness, atc,
                                     self.atc_of, specialist=specialist(drug.name),
                                     marketed=self.marketed,
                                     taken=swallowed(atc, route_codes),
                                     taken_of=self.swallowed_of),
            safety=select_safety(facts, drug.name, atc),
            routes=routes,
            has_effects=signature is not None or any(f.kind == FactKind.SIDE_EFFECT
                                                         for f in facts),
            has_how=any(f.kind in (FactKind.CLASS, FactKind.MECHANISM) for f in facts),
        )
