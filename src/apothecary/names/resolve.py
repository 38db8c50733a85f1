"""Resolve list lines to knowledge-base drugs: safety beats coverage.

A name resolves only when it identifies exactly one drug, directly or through a documented
rule (variant, synonym, salt, systematic spelling, named combination). Fuzzy matching only
ever produces suggestions, and look-alike names are never corrected into each other.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from typing import Protocol

from rapidfuzz import fuzz, process

from ..models import Entry, Ingredient, Status
from ..sentences import join_and
from . import rules
from .normalize import norm_key
from .parse import ParsedIngredient, parse_ingredient, parse_line
from .salts import CATION_WORDS, HYDRATE_WORDS, SALT_WORDS
from .screen import category_reason, invalid_reason

MAX_SUGGESTIONS = 5
FUZZY_CUTOFF = 75.0  # rapidfuzz ratio; below this a name is not worth suggesting
_DAMAGED_EDGES = "-/,.+&:("
_SLASH = re.compile(r"\s*/\s*")
_AND = re.compile(r"\s+(?:and|with|plus)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Match:
    """A name identified one drug (or, for a named combination, a fixed set)."""

    ids: tuple[str, ...]
    rule: str
    form: str | None = None


@dataclass(frozen=True)
class Miss:
    """A name that did not resolve: unknown | ambiguous | merged | damaged | salt | conflict."""

    kind: str
    candidates: tuple[str, ...] = ()  # drug names an ambiguous/conflicting name matches
    suggestions: tuple[str, ...] = ()


class NameTable(Protocol):
    """What the resolver reads: a KnowledgeBase, or the KB builder's rows while it builds
    (the builder matches CDSCO and DILIrank names with the same rules as lists)."""

    def drug_names(self) -> dict[str, str]: ...

    def name_rows(self) -> list[tuple[str, str, str, str]]: ...


class Resolver:
    """Builds an in-memory index of the knowledge base's names once, then resolves lines."""

    def __init__(self, kb: NameTable) -> None:
        self.drug_names = kb.drug_names()
        index: dict[str, dict[str, str]] = {}
        for norm, _name, drug_id, kind in kb.name_rows():
            index.setdefault(norm, {})[drug_id] = kind
        self.index = index
        # Fuzzy candidates are bucketed by first letter and by ending: a misspelling rarely
        # changes both, and scanning two buckets instead of every name keeps lists fast.
        self._by_first: dict[str, list[str]] = {}
        self._by_end: dict[str, list[str]] = {}
        self._sorted = sorted(index)
        for norm in self._sorted:
            self._by_first.setdefault(norm[:1], []).append(norm)
            self._by_end.setdefault(norm[-3:], []).append(norm)
        self._rules = rules.name_rules()
        self._families = rules.ambiguous_names()
        self._spelling = rules.spelling_rules()
        self._qualifiers = rules.qualifier_words()
        self._salts = (SALT_WORDS | rules.extra_salt_words()) - rules.not_salt_words()
        self._cations = CATION_WORDS - rules.not_salt_words()
        self.lookup = lru_cache(maxsize=None)(self._lookup)
        self.suggest = lru_cache(maxsize=None)(self._suggest)
        self._partners: dict[str, list[str]] = {}
        self._partners = self._look_alike_partners()
        self._merged = self._merged_look_alikes()
        self.suggest.cache_clear()  # suggestions made before partners were known

    # -- lines -----------------------------------------------------------------
    def resolve_all(self, items: Iterable[tuple[int, str]]) -> list[Entry]:
        """One Entry per (line, text), in the same order."""
        return [self.resolve(line, text) for line, text in items]

    def resolve(self, line: int, text: str) -> Entry:
        """Resolve one list line; never raises on any text."""
        reason = invalid_reason(text)
        if reason is not None:
            return Entry(line=line, input=text, status=Status.INVALID, reason=reason)
        parsed = parse_line(text)
        if not parsed.ingredients:
            return Entry(line=line, input=text, status=Status.INVALID, reason="no product name")
        ingredients: list[Ingredient] = []
        problems: list[str] = []
        suggestions: list[str] = []
        others = len(parsed.ingredients) - 1
        named = [i.name or i.text for i in parsed.ingredients]
        actives = [i for i in parsed.ingredients
                   if not rules.inactive_here(i.name or i.text, others, named)]
        for parsed_ing in actives or parsed.ingredients:  # a preservative beside actives:
            # not an ingredient the page could describe (review 21: chlorocresol)
            result = self.resolve_ingredient(parsed_ing)
            if isinstance(result, Match):
                for drug_id in result.ids:
                    ingredients.append(Ingredient(
                        input=parsed_ing.text, name=self.drug_names.get(drug_id), id=drug_id,
                        strength=parsed_ing.strength, form=result.form, rule=result.rule,
                    ))
                continue
            ingredients.append(Ingredient(input=parsed_ing.text, strength=parsed_ing.strength))
            problems.append(self.describe(parsed_ing, result))
            suggestions.extend(s for s in result.suggestions if s not in suggestions)
        if not problems:
            key = "+".join(sorted({i.id for i in ingredients if i.id}))
            return Entry(line=line, input=text, status=Status.RESOLVED,
                         ingredients=ingredients, key=key)
        heading = category_reason(text)
        if heading is not None:
            return Entry(line=line, input=text, status=Status.INVALID, reason=heading)
        return Entry(
            line=line, input=text, status=Status.UNRESOLVED, ingredients=ingredients,
            reason="; ".join(problems), suggestions=suggestions[:MAX_SUGGESTIONS * 2],
        )

    def _look_alike_partners(self) -> dict[str, list[str]]:
        """drug id → ids of its look-alike partners, whatever names the KB prefers."""
        partners: dict[str, list[str]] = {}
        for pair in rules.lasa_pairs():
            a, b = self.lookup(pair.a), self.lookup(pair.b)
            if isinstance(a, Match) and isinstance(b, Match):
                for x, y in ((a, b), (b, a)):
                    for drug_id in x.ids:
                        partners.setdefault(drug_id, []).extend(
                            i for i in y.ids if i != drug_id and i not in partners[drug_id])
        return partners

    def _merged_look_alikes(self) -> dict[str, tuple[str, ...]]:
        """Drugs under which the knowledge base files BOTH names of a look-alike pair
        (e.g. a salt folding that merged two different medicines): nothing resolves to them."""
        merged: dict[str, tuple[str, ...]] = {}
        for pair in rules.lasa_pairs():
            a, b = self.lookup(pair.a), self.lookup(pair.b)
            if isinstance(a, Match) and isinstance(b, Match):
                for drug_id in set(a.ids) & set(b.ids):
                    merged[drug_id] = (pair.a, pair.b)
        return merged

    @staticmethod
    def describe(ing: ParsedIngredient, miss: Miss) -> str:
        shown = ing.name or ing.text
        if miss.kind == "ambiguous":
            return f"ambiguous: '{shown}' matches {join_and(miss.candidates)}"
        if miss.kind == "merged":
            return (f"ambiguous: '{shown}' — look-alike medicines {join_and(miss.candidates)} "
                    "cannot be told apart by the knowledge base and naming rules")
        if miss.kind == "damaged":
            return f"damaged name '{ing.text}'"
        if miss.kind == "salt":
            return f"bare salt '{shown}'"
        if miss.kind == "conflict":
            return f"conflicting names in '{ing.text}': {join_and(miss.candidates)}"
        if miss.kind == "empty":
            return f"no ingredient name in '{ing.text}'"
        return f"unknown ingredient '{shown}'"

    # -- ingredients -------------------------------------------------------------
    def resolve_ingredient(self, ing: ParsedIngredient) -> Match | Miss:
        """Resolve one parsed ingredient; never to a drug the KB merged with a look-alike."""
        found = self._resolve_ingredient(ing)
        if isinstance(found, Match):
            for drug_id in found.ids:
                if drug_id in self._merged:
                    return Miss("merged", candidates=self._merged[drug_id])
        return found

    def _resolve_ingredient(self, ing: ParsedIngredient) -> Match | Miss:
        """Resolve one parsed ingredient, cross-checking any bracketed other name."""
        if ing.damaged:
            return Miss("damaged", suggestions=self.suggest(norm_key(ing.name)))
        if not ing.name and not ing.aliases:
            return Miss("empty")
        if ing.aliases and ing.text != ing.name:
            # a knowledge-base name with its own brackets, written whole: "Varicella Zoster
            # Vaccine (Live/attenuated)" (review 25: the bracket was read as another name)
            whole = self.match_name(ing.text)
            if isinstance(whole, Match) and whole.rule == "exact":
                return whole
        found = self.match_name(ing.name) if ing.name else Miss("empty")
        alias_matches = [m for m in (self.match_name(a) for a in ing.aliases)
                         if isinstance(m, Match)]
        if isinstance(found, Match):
            for other in alias_matches:
                if set(other.ids) != set(found.ids):
                    names = sorted({self._names(found.ids), self._names(other.ids)})
                    return Miss("conflict", candidates=tuple(names))
            return found
        if found.kind in ("unknown", "ambiguous", "empty") and alias_matches:
            first = alias_matches[0]
            if all(set(m.ids) == set(first.ids) for m in alias_matches):
                if found.kind != "ambiguous" or self._names(first.ids) in found.candidates:
                    return Match(first.ids, f"alias+{first.rule}", first.form)
        return found

    def _names(self, ids: Iterable[str]) -> str:
        return " + ".join(self.drug_names.get(i, i) for i in ids)

    def match_name(self, raw: str) -> Match | Miss:
        """Resolve a name as written (before norm_key, which would hide damage and slashes)."""
        text = raw.strip()
        if "\ufffd" in text or (text and (text[0] in _DAMAGED_EDGES or text[-1] in _DAMAGED_EDGES)):
            norm = norm_key(text)
            truncated = text[-1:] in "-(/" and "\ufffd" not in text
            return Miss("damaged", suggestions=self.completions(norm) if truncated
                        else self.suggest(norm))
        norm = norm_key(text)
        if not norm:  # nothing Latin left: a name in another script is unknown, not empty
            return Miss("unknown" if any(c.isalpha() for c in text) else "empty")
        found = self.lookup(norm)
        if isinstance(found, Match) or found.kind not in ("unknown", "ambiguous"):
            return found
        # "A/B" (alternative names or a combination) and "A and B" (page titles): split
        # only as a last resort, and only when every part resolves on its own.
        for splitter in (_SLASH, _AND):
            parts = [p for p in splitter.split(text) if p.strip()]
            if len(parts) < 2:
                continue
            matches = [self.match_name(parse_ingredient(p).name or p) for p in parts]
            if all(isinstance(m, Match) for m in matches):
                ids: list[str] = []
                for m in matches:
                    ids.extend(i for i in m.ids if i not in ids)  # type: ignore[union-attr]
                return Match(tuple(ids), "alias" if len(ids) == 1 else "split")
        return found

    # -- names -------------------------------------------------------------------
    def _direct(self, norm: str) -> Match | Miss | None:
        """The knowledge base's own names, then a documented name rule; None if neither."""
        if norm in self._families:
            return Miss("ambiguous", candidates=self._families[norm])
        rows = self.index.get(norm)
        singles = sorted(d for d, k in rows.items() if k != "combination") if rows else []
        if rows and len(singles) == 1:
            kind = rows[singles[0]]
            if kind == "form":
                parent = set(norm_key(self.drug_names.get(singles[0], "")).split())
                salt = " ".join(w for w in norm.split() if w not in parent)
                return Match((singles[0],), "form", salt or None)
            return Match((singles[0],), "exact" if kind in ("preferred", "inn") else kind)
        rule = self._rules.get(norm)
        if rule is not None:
            ids = [self._unique(t) for t in rule.targets]
            if ids and all(ids):
                return Match(tuple(dict.fromkeys(i for i in ids if i)), rule.kind)
        if rows and len(singles) > 1:
            return Miss("ambiguous", candidates=tuple(sorted(self.drug_names.get(d, d)
                                                             for d in singles)))
        if rows:
            return Match(tuple(sorted(rows)), "combination")
        return None

    def _unique(self, norm: str) -> str | None:
        rows = self.index.get(norm, {})
        singles = [d for d, k in rows.items() if k != "combination"]
        return singles[0] if len(singles) == 1 else None

    def _levels(self, norm: str) -> list[tuple[str, str, str | None]]:
        """(candidate, rule, salt) to try in order: as written, without qualifier words,
        then with salt words taken off the end or cations off the start."""
        out: list[tuple[str, str, str | None]] = [(norm, "", None)]
        words = [w for w in norm.split() if w not in self._qualifiers]
        if words and len(words) < len(norm.split()):
            out.append((" ".join(words), "qualifier", None))
        end = len(words)
        while end > 1 and words[end - 1] in self._salts:
            end -= 1
            out.append((" ".join(words[:end]), "salt", " ".join(words[end:])))
        start = 0
        while start < len(words) - 1 and words[start] in self._cations:
            start += 1
            rest = words[start:]
            stop = len(rest)
            while stop > 1 and rest[stop - 1] in HYDRATE_WORDS:
                stop -= 1
            # Only an anion name is left behind a cation ("sodium valproate" → valproate);
            # "zinc carnosine" or "potassium citrate" are not a cation plus a drug.
            if not rest[stop - 1].endswith("ate") or all(w in self._salts for w in rest[:stop]):
                continue
            out.append((" ".join(rest[:stop]), "salt", " ".join(words[:start] + rest[stop:])))
        acids = [
            (cand[:-3] + "ic acid", rule, salt)
            for cand, rule, salt in out[1:]
            if rule == "salt" and cand.endswith("ate") and " " not in cand
        ]
        return out + acids

    def _spelled(self, norm: str) -> Match | Miss | None:
        """Systematic spelling rules, alone and together; valid only if they agree on one drug."""
        applicable = [r for r in self._spelling if r.pattern.search(norm)]
        found: dict[tuple[str, ...], str] = {}
        for size in range(1, len(applicable) + 1):
            for subset in combinations(applicable, size):
                cand = norm
                for r in subset:
                    cand = r.pattern.sub(r.replacement, cand)
                hit = self._direct(cand)
                if isinstance(hit, Miss):
                    return hit
                if hit is not None:
                    found.setdefault(hit.ids, "+".join(r.id for r in subset))
        if len(found) == 1:
            ids, rule_ids = next(iter(found.items()))
            return Match(ids, f"spelling:{rule_ids}")
        if len(found) > 1:
            return Miss("ambiguous", candidates=tuple(sorted(self._names(i) for i in found)))
        return None

    def _lookup(self, norm: str) -> Match | Miss:
        if all(w in self._salts and w not in self._cations for w in norm.split()):
            return Miss("salt")  # "Sulphate", "Hydrochloride": a salt with its drug missing
        for cand, level_rule, salt in self._levels(norm):
            if not cand:
                continue
            hit = self._direct(cand) or self._spelled(cand)
            if isinstance(hit, Miss):
                return Miss(hit.kind, hit.candidates, hit.candidates)
            if hit is not None:
                if not level_rule:
                    return hit
                rule = level_rule if hit.rule == "exact" else f"{level_rule}+{hit.rule}"
                form = " ".join(f for f in (hit.form, salt) if f) or None
                return Match(hit.ids, rule, form)
        words = norm.split()
        if all(w in self._salts for w in words) and (
            len(words) == 1 or not any(w in self._cations for w in words)
        ):  # "Hydrochloride", "Sulphate Monohydrate"; "Sodium Potassium Citrate" is unknown
            return Miss("salt")
        return Miss("unknown", suggestions=self.suggest(norm))

    # -- suggestions ---------------------------------------------------------------
    def _suggest(self, norm: str) -> tuple[str, ...]:
        """Near names (rapidfuzz), as drug names, with any look-alike partner added."""
        if len(norm) < 3:
            return ()
        choices = list(dict.fromkeys(
            [*self._by_first.get(norm[:1], ()), *self._by_end.get(norm[-3:], ())]
        ))
        hits = process.extract(
            norm, choices, scorer=fuzz.ratio, limit=MAX_SUGGESTIONS * 3,
            score_cutoff=FUZZY_CUTOFF,
        )
        ids: list[str] = []
        for choice, _score, _ in hits:
            ids.extend(i for i in sorted(self.index[choice]) if i not in ids)
        out: list[str] = []
        for drug_id in ids[:MAX_SUGGESTIONS]:
            # a look-alike partner always comes right after its drug, whatever the limit
            for candidate in (drug_id, *self._partners.get(drug_id, ())):
                name = self.drug_names.get(candidate)
                if name and name not in out:
                    out.append(name)
        return tuple(out)

    def completions(self, prefix: str) -> tuple[str, ...]:
        """Drugs whose names start with a truncated name ("Omega-" → omega-3 fatty acids…)."""
        if len(prefix) < 3:
            return ()
        start = bisect.bisect_left(self._sorted, prefix)
        hits: list[tuple[int, str]] = []
        for norm in self._sorted[start:start + 500]:
            if not norm.startswith(prefix):
                break
            hits.extend((len(norm), drug_id) for drug_id in sorted(self.index[norm]))
        names: list[str] = []
        for _, drug_id in sorted(hits):  # the shortest completions are the likeliest
            name = self.drug_names.get(drug_id)
            if name and name not in names:
                names.append(name)
        return tuple(names[:MAX_SUGGESTIONS])
