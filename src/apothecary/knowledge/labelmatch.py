"""Which medicine a label is for: its product type and its exact set of KB drugs.

A label speaks for a page only when its whole ingredient set is known: every active
ingredient must name exactly one knowledge-base drug (a name, a salt of a name, the UNII of
a single-ingredient label, or the active moiety the label itself lists). An ingredient that
names no drug or two drugs leaves the label unused, with the reason; nothing is guessed.
"""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..names.normalize import norm_key
from ..names.salts import parent_candidates

RX, OTC = "rx", "otc"
PRODUCT_TYPES = {"HUMAN PRESCRIPTION DRUG": RX, "HUMAN OTC DRUG": OTC}
# Drug Facts sections exist only on OTC labels; professional sections only on Rx labels
OTC_FIELDS = ("active_ingredient", "purpose", "do_not_use", "stop_use", "ask_doctor",
              "keep_out_of_reach_of_children", "pregnancy_or_breast_feeding")
RX_FIELDS = ("clinical_pharmacology", "contraindications", "mechanism_of_action",
             "nonclinical_toxicology", "overdosage", "boxed_warning")
_HOMEOPATHIC = re.compile(r"homeopathic|\bHPUS\b", re.I)
_ANIMAL = re.compile(r"for (?:use in )?animals? (?:use )?only|veterinary|"
                     r"not for (?:use in )?humans", re.I)
_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+", re.I)
_PAREN = re.compile(r"\s*\([^)]*\)")
_FORM_WORDS = re.compile(r"\b(?:for )?(?:injection|tablets?|capsules?|oral|extended[- ]release|"
                         r"delayed[- ]release|suspension|solution|cream|ointment|gel|syrup|"
                         r"elixir|nasal|spray|usp)\b.*$", re.I)
_GENERIC_IN_TEXT = re.compile(
    r"\(([a-z][a-z ,\-]*?)\s+(?:for\s+)?(?:injection|tablets?|capsules?|oral|extended|delayed|"
    r"suspension|solution|cream|ointment|gel|syrup|elixir)\b")


def strings(value: Any) -> list[str]:
    """A field's strings (openFDA fields are lists of strings; be lenient)."""
    items = value if isinstance(value, list) else [value]
    return [s for s in items if isinstance(s, str) and s.strip()]


def openfda_block(record: dict[str, Any]) -> dict[str, Any]:
    block = record.get("openfda")
    return block if isinstance(block, dict) else {}


def text_of(record: dict[str, Any], *fields: str) -> str:
    return " ".join(s for f in fields for s in strings(record.get(f)))


def product_scope(record: dict[str, Any]) -> tuple[str | None, str]:
    """(`rx` or `otc`, how it was decided), or (None, the skip reason)."""
    types = {t.strip().upper() for t in strings(openfda_block(record).get("product_type"))}
    if types:
        known = {PRODUCT_TYPES[t] for t in types if t in PRODUCT_TYPES}
        if len(known) == 1 and len(types) == 1:
            return known.pop(), "openfda.product_type"
        return None, f"not a human prescription or OTC label ({', '.join(sorted(types))})"
    if _ANIMAL.search(text_of(record, "indications_and_usage", "spl_unclassified_section",
                              "package_label_principal_display_panel")):
        return None, "not a human label (for animals)"
    if any(f in record for f in OTC_FIELDS):
        return OTC, "label text (Drug Facts sections)"
    if any(f in record for f in RX_FIELDS):
        return RX, "label text (prescribing-information sections)"
    return None, "unknown product type (no openfda.product_type, no telling sections)"


def is_homeopathic(record: dict[str, Any]) -> bool:
    return bool(_HOMEOPATHIC.search(text_of(record, "active_ingredient", "purpose",
                                            "indications_and_usage", "spl_product_data_elements")
                                    [:4000]))


@dataclass
class DrugLookup:
    """The KB's names, UNIIs and RxNorm ids → drug ids (a key with two drugs is ambiguous)."""

    names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    unii: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    rxnorm: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def from_rows(cls, names: Iterable[tuple[str, str]],
                  drugs: Iterable[tuple[str, str | None, str | None]]) -> DrugLookup:
        """(norm, drug_id) name rows and (drug_id, unii, rxnorm) drug rows."""
        out = cls()
        for norm, drug_id in names:
            out.names[norm].add(drug_id)
        for drug_id, unii, rxnorm in drugs:
            if unii:
                out.unii[unii.strip().upper()].add(drug_id)
            if rxnorm:
                out.rxnorm[rxnorm.strip()].add(drug_id)
        return out

    @classmethod
    def from_sqlite(cls, conn: sqlite3.Connection) -> DrugLookup:
        return cls.from_rows(conn.execute("SELECT norm, drug_id FROM names"),
                             conn.execute("SELECT id, unii, rxnorm FROM drugs"))

    def name(self, text: str) -> tuple[str | None, str | None]:
        """(drug id, None) or (None, "unknown"/"ambiguous"): exact name, then salt parents."""
        norm = norm_key(text)
        tries = [norm]
        bare = norm_key(_PAREN.sub("", text))
        if bare != norm:
            tries.append(bare)
        for t in list(tries):
            tries += parent_candidates(t)
        for t in tries:
            found = self.names.get(t)
            if found:
                if len(found) == 1:
                    return next(iter(found)), None
                return None, "ambiguous"
        return None, "unknown"


@dataclass(frozen=True)
class Match:
    """A label's ingredient set (sorted drug ids), or why there is none."""

    drugs: tuple[str, ...] = ()
    reason: str | None = None
    how: str = ""
    direct: bool = False  # every ingredient named by openfda as a KB name or its salt

    @property
    def key(self) -> str:
        return "+".join(self.drugs)


def _related(moiety: str, ingredient: str) -> bool:
    """The moiety shares a 5-letter stem with the ingredient ("valproic" in "divalproex"):
    the next word in the product data might otherwise be an inactive ingredient."""
    ing = norm_key(ingredient)
    return any(len(w) >= 5 and w[:5] in ing for w in moiety.split())


def _moiety(name: str, product_text: str, lookup: DrugLookup) -> str | None:
    """The active moiety a label lists right after an ingredient in its product data
    ("DIVALPROEX SODIUM VALPROIC ACID ...", "TRAMETINIB DIMETHYL SULFOXIDE TRAMETINIB ...")."""
    words = product_text.split()
    target = name.upper().split()
    n = len(target)
    for i in range(len(words) - n):
        if words[i:i + n] != target:
            continue
        after = words[i + n:i + n + 4]
        for k in range(len(after), 0, -1):
            moiety = norm_key(" ".join(after[:k]))
            found = lookup.names.get(moiety)
            if found and len(found) == 1 and _related(moiety, name):
                return next(iter(found))
        return None
    return None


def _names_from_text(record: dict[str, Any]) -> tuple[list[str], str]:
    """Ingredient names from the label's own text, for labels without an openfda block."""
    for product in strings(record.get("spl_product_data_elements"))[:1]:
        run: list[str] = []
        for word in product.split():  # the generic name: the first run of lower-case words
            if word.islower() or (run and word.lower() == "and"):
                run.append(word)
            elif run:
                break
        if run:
            return _SPLIT.split(" ".join(run).strip(" ,")), "spl_product_data_elements"
    for text in strings(record.get("active_ingredient"))[:1]:
        body = re.sub(r"^\s*active ingredients?\s*(?:\([^)]*\))?\s*:?\s*", "", text, flags=re.I)
        body = re.split(r"\s\d", body, maxsplit=1)[0] if "," not in body else body
        names = [_PAREN.sub("", p).strip() for p in _SPLIT.split(body)]
        names = [re.split(r"\s\d", n, maxsplit=1)[0].strip() for n in names if n.strip()]
        if names:
            return names, "active_ingredient"
    text = text_of(record, "description", "indications_and_usage")[:1500]
    m = _GENERIC_IN_TEXT.search(text)
    if m:
        return _SPLIT.split(m.group(1).strip(" ,")), "description"
    return [], ""


def match_label(record: dict[str, Any], lookup: DrugLookup) -> Match:
    """The label's exact ingredient set in the KB (see the module docstring and README)."""
    block = openfda_block(record)
    names = strings(block.get("substance_name"))
    how = "openfda.substance_name"
    if not names:
        generic = strings(block.get("generic_name"))
        if len(generic) == 1:
            names, how = _SPLIT.split(_FORM_WORDS.sub("", generic[0]).strip(" ,")), \
                "openfda.generic_name"
    uniis = [u.strip().upper() for u in strings(block.get("unii"))]
    if not names and not uniis:
        names, how = _names_from_text(record)
    product_text = " ".join(strings(record.get("spl_product_data_elements")))
    found: set[str] = set()
    unmatched: list[str] = []
    direct = how.startswith("openfda")
    for name in (n.strip() for n in names if n.strip()):
        drug, problem = lookup.name(name)
        if drug is None and problem == "unknown" and product_text:
            drug = _moiety(name, product_text, lookup)
            direct = False
        if drug is None:
            if problem == "ambiguous":
                return Match(reason=f"ambiguous ingredient: {name.lower()}")
            unmatched.append(name.lower())
            continue
        found.add(drug)
    by_unii = [lookup.unii.get(u, set()) for u in uniis]
    unii_drugs = {next(iter(d)) for d in by_unii if len(d) == 1}
    if unmatched:
        # a single-ingredient label whose only UNII names one drug ("IBUPROFEN LYSINE"), or
        # whose RxNorm ids all name the same one drug
        if len(names) == 1 and len(uniis) == 1 and len(unii_drugs) == 1:
            return Match(tuple(sorted(unii_drugs)), how="openfda.unii")
        by_rx = [lookup.rxnorm.get(r.strip(), set()) for r in strings(block.get("rxcui"))]
        rx_drugs = {d for ds in by_rx for d in ds}
        if len(names) == 1 and len(rx_drugs) == 1 and all(len(d) <= 1 for d in by_rx):
            return Match(tuple(sorted(rx_drugs)), how="openfda.rxcui")
        return Match(reason=f"ingredient not in the knowledge base: {', '.join(unmatched)}")
    if not names:
        if uniis and all(len(d) == 1 for d in by_unii):
            return Match(tuple(sorted(unii_drugs)), how="openfda.unii")
        return Match(reason="no active ingredient named (openfda empty, label text unclear)")
    if unii_drugs - found:
        return Match(reason="ingredients disagree: UNII and substance names name other drugs")
    return Match(tuple(sorted(found)), how=how, direct=direct)
