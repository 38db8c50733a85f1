"""Drugs and their names: DrugCentral's INN list, DrugBank's vocabulary, salts folded.

Rules (counted in KBData.counts, quoted in the README):
- A DrugCentral drug whose name is another DrugCentral drug's name plus salt/ester words
  ("prednisolone acetate") folds onto that parent; its name becomes a `form` row. A listed
  salt (DrugCentral drug or DrugBank entry, each with its own id) never folds onto an acid
  reached only by rewriting "-ate" to "-ic acid": sodium edetate, edetate calcium disodium,
  sodium borate and magnesium silicate are drugs of their own, not edetic/boric/silicic
  acid (mixing up the edetates has been fatal). "hydrogen X" is an acid, not a salt.
- A drug's id is its DrugBank id when DrugCentral knows one, else "DC" + DrugCentral id.
- DrugBank entries not in DrugCentral become drugs of their own (vitamins, supplements,
  enzymes...), merged by exact name with a DrugCentral drug, or folded onto a parent when
  their name is a salt of one.
- DrugBank synonyms are kept when Latin-script, at most 60 characters, not a combination
  ("A and B", "A + B", "A/B"), not a generic word (GENERIC_WORDS), not stereo-prefixed
  ("(-)-Albuterol": the normaliser would drop the prefix), not another drug's preferred or
  DrugBank common name, and not shared by more than MAX_SHARED drugs (then it is a category
  word such as "Vitamin E" variants would make it). Names shared by 2..MAX_SHARED drugs stay
  as several rows: the resolver reports them as ambiguous.
- A DrugBank-only active moiety ("dabigatran") whose name plus one ester word
  (PRODRUG_WORDS: "dabigatran etexilate", "clobetasol propionate") is exactly one DrugCentral
  drug folds onto that drug, the medicine actually sold: the bare name a list uses then
  reaches the facts instead of an empty page. Only these ester words: a plain salt of an
  active moiety stays a drug of its own.
- A herbal supplement no dataset names (ashwagandha) becomes a drug of its own from our
  reviewed `supplements.txt` (id "LF-…"), unless the datasets give any of its names.
- A drug whose preferred name is stereo-prefixed ("(+)-menthol") displays under the plain
  name ("Menthol") when that spelling names no other drug.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from ..names.normalize import norm_key
from ..names.salts import CATION_WORDS, parent_candidates, strip_salt
from .sources import drugbank, drugcentral, supplements

if TYPE_CHECKING:
    from .build import KBData

KIND_RANK = {"preferred": 0, "inn": 1, "synonym": 2, "variant": 3, "form": 4, "combination": 5}
MAX_SHARED = 3
MAX_NAME = 60
# Spellings that name a family or a different substance than the drug DrugBank files them
# under: "vitamin k" (K1 and K3 differ), "borax" (sodium borate, not boric acid),
# "alpha amylase" (any alpha-amylase, not the porcine pancrelipase component).
# (spelling → the drug it must not name)
WRONG_SYNONYMS = {"vitamin k": "phytomenadione", "borax": "boric acid",
                  "alpha amylase": "pancrelipase amylase", "alpha amylases": "pancrelipase amylase",
                  # iron(III) sodium gluconate is an infusion (Ferrlecit), not the tablets'
                  # iron(II) salt: "Is Ferrous Gluconate the same as Ferric Gluconate?" (review 16)
                  "ferric gluconate": "ferrous gluconate",
                  "ferric sodium gluconate complex": "ferrous gluconate",
                  "sodium ferric gluconate complex": "ferrous gluconate"}
NEVER_PARENTS = frozenset({"hydrogen"})
# Ester groups of the medicine sold: it is "<moiety> <word>" and patients and prescribers name
# it by the moiety alone ("dabigatran", "clobetasol" cream, "eslicarbazepine"). Prodrug esters
# and the steroid/hormone esters; no anion or element word ("selenium" is not selenium sulfide,
# "barium" not barium sulfate).
PRODRUG_WORDS = frozenset(
    """
    etexilate cilexetil medoxomil mofetil proxetil axetil pivoxil dipivoxil disoproxil
    marboxil soproxil etzadroxil placarbil alafenamide
    propionate dipropionate acetonide furoate valerate caproate acetate
    """.split()
)
GENERIC_WORDS = frozenset(
    """
    vitamin vitamins insulin hormone hormones enzyme enzymes extract oil acid salt base
    antibiotic antibiotics vaccine vaccines toxin antigen antibody protein peptide serum
    mineral minerals supplement iron sugar water alcohol fat fish oil herbal tea
    """.split()
)
# "(-)-Albuterol", "(R)-salbutamol", "(±)-x": norm_key drops the descriptor, so the
# enantiomer's synonym would collide with the racemate's name.
_STEREO = re.compile(r"^\s*\(\s*(?:[+\-±]|[RSDL]|[RS]\s*,\s*[RS]|rac|dl)\s*\)", re.IGNORECASE)
_COMBINATION = re.compile(r"\+|/| and | with | & ", re.IGNORECASE)


class DrugIndex:
    """Cross-id and name lookups used to attach facts; an id claimed by two drugs maps to none."""

    def __init__(self) -> None:
        self._maps: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self.names: dict[str, set[str]] = defaultdict(set)

    def add(self, kind: str, key: str | None, drug_id: str) -> None:
        if key:
            self._maps[kind][key].add(drug_id)

    def _one(self, kind: str, key: str) -> str | None:
        found = self._maps[kind].get(key)
        if found and key in found:  # a DrugBank id names the drug that carries it
            return key
        return next(iter(found)) if found and len(found) == 1 else None

    def claimants(self, kind: str, key: str) -> set[str]:
        """Every drug that claims an id (by_* return one only when it is unique)."""
        return set(self._maps[kind].get(key, ()))

    def by_rxnorm(self, key: str) -> str | None:
        return self._one("rxnorm", key)

    def by_pubchem(self, key: str) -> str | None:
        return self._one("pubchem", key)

    def by_drugcentral(self, key: str) -> str | None:
        return self._one("drugcentral", key)

    def by_drugbank(self, key: str) -> str | None:
        return self._one("drugbank", key)

    def unique_name(self, name: str) -> str | None:
        """The drug a spelling names, if exactly one."""
        found = self.names.get(norm_key(name))
        return next(iter(found)) if found and len(found) == 1 else None


def title_case(name: str) -> str:
    """"clavulanic acid" → "Clavulanic Acid"; words with capitals inside ("Q10") kept."""
    return " ".join(w[:1].upper() + w[1:] if w.islower() else w for w in name.split(" "))


def latin_script(text: str) -> bool:
    return all(not c.isalpha() or "LATIN" in unicodedata.name(c, "") for c in text)


def _numeric(dc_id: str) -> tuple[int, str]:
    return (int(dc_id), dc_id) if dc_id.isdigit() else (10**12, dc_id)


def build_drugs(sources_dir: Path, data: KBData) -> DrugIndex:
    """Fill data.drugs and data.names; return the index facts are attached through."""
    index = DrugIndex()
    dc = drugcentral.read_drugs(sources_dir)
    order = sorted(dc, key=_numeric)
    norms = {i: norm_key(dc[i].name) for i in order}
    by_norm: dict[str, str] = {}
    for i in order:
        by_norm.setdefault(norms[i], i)
    parent: dict[str, str] = {}
    for i in order:
        p = by_norm.get(_salt_parent(norms[i]))
        if p and p != i:
            parent[i] = p
    rows = drugbank.read_vocabulary(sources_dir)
    db_names = {r.id: norm_key(r.name) for r in rows}
    db_plain = {r.id: r.name for r in rows}
    renamed: dict[str, str] = {}
    owner = _drugbank_owners(dc, order, norms, db_names)
    owned: dict[str, list[str]] = defaultdict(list)
    for x, o in sorted(owner.items()):
        owned[o].append(x)
    for i in order:  # esters sharing the parent's DrugBank id: "erythromycin acistrate"
        if i in parent or i in owned:
            continue
        for x in dc[i].xrefs.get("DRUGBANK_ID", []):
            p = owner.get(x)
            if p and p != i and norms[i].startswith(norms[p] + " "):
                parent[i] = p
                break
    for i, p in list(parent.items()):
        while p in parent:  # a salt of a salt: fold onto the root
            p = parent[p]
        parent[i] = p
    data.counts["drugcentral.salts_folded"] = len(parent)

    dc_drug: dict[str, str] = {}
    used: set[str] = set()
    for i in order:
        if i in parent:
            continue
        d = dc[i]
        dbids = owned.get(i) or [x for x in d.xrefs.get("DRUGBANK_ID", [])
                         if x not in used and x not in owner]
        drug_id = dbids[0] if dbids else f"DC{i}"
        used.add(drug_id)
        dc_drug[i] = drug_id
        mesh = d.first("MESH_DESCRIPTOR_UI") or d.first("MESH_SUPPLEMENTAL_RECORD_UI")
        name = d.name.lower()
        base, salt = strip_salt(norms[i])
        if dbids and salt and db_names.get(dbids[0]) == base:  # "arginine hydrochloride"
            name = db_plain[dbids[0]].lower()  # is DrugBank's "Arginine": name the drug so
            renamed[i] = name  # and keep the salt as a form
            data.counts["drugcentral.salt_named_by_drugbank"] += 1
        data.drugs[drug_id] = {
            "id": drug_id, "name": name, "display": title_case(name),
            "rxnorm": d.first("RXNORM"), "unii": d.first("UNII"),
            "drugbank": dbids[0] if dbids else None, "mesh": mesh, "chebi": d.first("CHEBI"),
            "pubchem": d.first("PUBCHEM_CID"), "drugcentral": i, "atc": None,
        }
    for i in order:
        if i in parent:
            dc_drug[i] = dc_drug[parent[i]]
    candidates: list[tuple[str, str, str, str]] = []  # (name, drug_id, kind, source)
    for i in order:
        drug_id = dc_drug[i]
        index.add("drugcentral", i, drug_id)
        for id_type, kind in (("RXNORM", "rxnorm"), ("PUBCHEM_CID", "pubchem"),
                              ("DRUGBANK_ID", "drugbank")):
            for x in dc[i].xrefs.get(id_type, []):
                index.add(kind, x, drug_id)
        if i in renamed:
            candidates.append((renamed[i], drug_id, "preferred", "drugcentral"))
        candidates.append((dc[i].name, drug_id,
                           "form" if i in parent or i in renamed else "preferred", "drugcentral"))
    _add_drugbank(rows, data, index, candidates)
    add_supplements(data, candidates, supplements.read()[0])
    _add_names(data, index, candidates)
    _plain_displays(data, index)
    return index


def add_supplements(data: KBData, candidates: list[tuple[str, str, str, str]],
                    rows: list[supplements.Supplement]) -> None:
    """Herbal supplements no dataset names (sources/supplements.py) become drugs of their
    own, id "LF-…", named by their row; a row any of whose names the datasets already give
    is left out (counted), so a reviewed row never shadows a drug."""
    known = {norm_key(n) for n, *_ in candidates} | {
        norm_key(str(d["name"])) for d in data.drugs.values()}
    for row in rows:
        if {norm_key(n) for n in (row.name, *row.other_names)} & known:
            data.counts["supplements.already_named"] += 1
            continue
        data.drugs[row.drug_id] = {
            "id": row.drug_id, "name": row.name, "display": title_case(row.name),
            "rxnorm": None, "unii": None, "drugbank": None, "mesh": None, "chebi": None,
            "pubchem": None, "drugcentral": None, "atc": None,
        }
        candidates.append((row.name, row.drug_id, "preferred", "leaflets"))
        candidates.extend((n, row.drug_id, "synonym", "leaflets") for n in row.other_names)
        data.counts["supplements.drugs"] += 1


def _plain_displays(data: KBData, index: DrugIndex) -> None:
    """A stereo-prefixed preferred name ("(+)-menthol") displays as the plain name readers
    use ("Menthol") when that plain spelling names this drug and no other in the names
    table; the drug's own name and ids stay as the source has them."""
    for d in data.drugs.values():
        display = str(d["display"])
        m = _STEREO.match(display)
        if not m:
            continue
        plain = display[m.end():].lstrip(" -")
        if plain and index.names.get(norm_key(plain)) == {str(d["id"])}:
            d["display"] = title_case(plain)
            data.counts["drugs.display_without_stereo_prefix"] += 1


def _prodrug_of(norm: str, preferred: dict[str, str]) -> str | None:
    """The one drug named "<norm> <prodrug word>", if exactly one exists (module docstring)."""
    if norm in CATION_WORDS:  # "calcium" is not calcium acetate
        return None
    hits = {preferred[f"{norm} {w}"] for w in PRODRUG_WORDS if f"{norm} {w}" in preferred}
    return hits.pop() if len(hits) == 1 else None


def _salt_parent(norm: str) -> str:
    """The parent name a listed salt may fold onto: its name minus salt words, never the
    "-ic acid" rewrite (module docstring); "" when there is none."""
    cands = parent_candidates(norm)
    return cands[0] if cands and cands[0] not in NEVER_PARENTS else ""


def _drugbank_owners(dc: dict[str, drugcentral.DCDrug], order: list[str],
                     norms: dict[str, str], db_names: dict[str, str]) -> dict[str, str]:
    """DrugBank id → the DrugCentral drug it belongs to, when several claim it: the one
    whose name is DrugBank's common name or one of its synonyms' (first by id otherwise)."""
    claims: dict[str, list[str]] = defaultdict(list)
    for i in order:
        for x in dc[i].xrefs.get("DRUGBANK_ID", []):
            claims[x].append(i)
    owner = {}
    for x, ids in claims.items():
        named = [i for i in ids if norms[i] == db_names.get(x)]
        owner[x] = named[0] if named else ids[0]
    return owner


def _add_drugbank(rows: list[drugbank.DBDrug], data: KBData, index: DrugIndex,
                  candidates: list[tuple[str, str, str, str]]) -> None:
    preferred = {norm_key(str(d["name"])): k for k, d in sorted(data.drugs.items())}
    salty = []
    placed: dict[str, str] = {}
    for row in rows:
        norm = norm_key(row.name)
        drug_id = index.by_drugbank(row.id) or preferred.get(norm)
        if drug_id is None and parent_candidates(norm):
            salty.append(row)
            continue
        if drug_id is None:
            drug_id = _prodrug_of(norm, preferred)
            if drug_id is not None:
                data.counts["drugbank.folded_onto_prodrug"] += 1
                placed[row.id] = drug_id
                continue
        if drug_id is None:
            drug_id = row.id
            data.drugs[drug_id] = {
                "id": drug_id, "name": row.name.lower(), "display": title_case(row.name),
                "rxnorm": None, "unii": row.unii or None, "drugbank": row.id, "mesh": None,
                "chebi": None, "pubchem": None, "drugcentral": None, "atc": None,
            }
            preferred.setdefault(norm, drug_id)
            data.counts["drugbank.new_drugs"] += 1
        else:
            data.counts["drugbank.merged"] += 1
            if data.drugs[drug_id]["drugbank"] is None:  # merged by name: record the cross-id
                data.drugs[drug_id]["drugbank"] = row.id
            preferred.setdefault(norm, drug_id)  # "oxyphenisatin" as well as "...ine"
        placed[row.id] = drug_id
    unlinked = {norm_key(str(d["name"])): k for k, d in sorted(data.drugs.items())
                if d["drugbank"] is None and d["drugcentral"] is not None}
    for row in salty:  # after every plain name exists, so salts find DrugBank-only parents
        norm = norm_key(row.name)
        same = sorted({unlinked[n] for n in map(norm_key, row.synonyms) if n in unlinked})
        parent = preferred.get(_salt_parent(norm))
        if len(same) == 1:  # "Edetate sodium" is DrugCentral's "sodium edetate"
            placed[row.id] = same[0]
            data.drugs[same[0]]["drugbank"] = row.id
            data.counts["drugbank.salts_merged_by_synonym"] += 1
        elif parent:
            placed[row.id] = parent
            data.counts["drugbank.salts_folded"] += 1
        else:
            placed[row.id] = row.id
            data.drugs[row.id] = {
                "id": row.id, "name": row.name.lower(), "display": title_case(row.name),
                "rxnorm": None, "unii": row.unii or None, "drugbank": row.id, "mesh": None,
                "chebi": None, "pubchem": None, "drugcentral": None, "atc": None,
            }
            data.counts["drugbank.new_drugs"] += 1
    for row in rows:
        drug_id = placed[row.id]
        index.add("drugbank", row.id, drug_id)
        own = row.id == drug_id and data.drugs[drug_id]["drugcentral"] is None
        candidates.append((row.name, drug_id, "preferred" if own else "primary", "drugbank"))
        for syn in row.synonyms:
            candidates.append((syn, drug_id, "synonym", "drugbank"))


def _add_names(data: KBData, index: DrugIndex,
               candidates: list[tuple[str, str, str, str]]) -> None:
    """Filter candidate spellings (module docstring) and write the names rows."""
    owner: dict[str, set[str]] = defaultdict(set)  # preferred norm → drugs
    for name, drug_id, kind, _ in candidates:
        if kind in ("preferred", "primary"):
            owner[norm_key(name)].add(drug_id)
    for d in data.drugs.values():
        owner[norm_key(str(d["name"]))].add(str(d["id"]))
    kept: list[tuple[str, str, str, str, str]] = []
    shared: dict[str, set[str]] = defaultdict(set)
    for name, drug_id, kind, source in candidates:
        norm = norm_key(name)
        if kind == "primary":  # DrugBank's common name: another drug's name can't take it
            kind = "synonym"
        elif kind != "preferred":
            if _STEREO.match(name):
                data.counts["names.dropped_stereo_prefix"] += 1
                continue
            if not latin_script(name) or len(norm) < 3 or len(name) > MAX_NAME:
                data.counts["names.dropped_script_or_length"] += 1
                continue
            if WRONG_SYNONYMS.get(norm) == data.drugs[drug_id]["name"]:
                data.counts["names.dropped_wrong_substance"] += 1
                continue
            if _COMBINATION.search(name) or norm in GENERIC_WORDS:
                data.counts["names.dropped_combination_or_generic"] += 1
                continue
            if owner.get(norm) and drug_id not in owner[norm]:
                data.counts["names.dropped_other_drugs_name"] += 1
                continue
        if kind != "preferred":
            base, salt = strip_salt(norm)
            if salt is not None and drug_id in owner.get(base, set()) | {
                d for c in parent_candidates(norm) for d in owner.get(c, set())
            }:
                kind = "form"
            shared[norm].add(drug_id)
        kept.append((norm, name, drug_id, kind, source))
    for norm, name, drug_id, kind, source in kept:
        if kind != "preferred" and len(shared[norm]) > MAX_SHARED:
            data.counts["names.dropped_shared"] += 1
            continue
        key = (norm, drug_id)
        old = data.names.get(key)
        if old is None or KIND_RANK[kind] < KIND_RANK[old["kind"]]:
            data.names[key] = {"norm": norm, "name": name, "drug_id": drug_id, "kind": kind,
                               "source_id": source}
        index.names[norm].add(drug_id)
