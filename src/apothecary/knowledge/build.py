"""Raw sources → knowledge-base rows (drugs, names, facts, sources), deterministically.

Drugs and names come first (drugs.py); facts attach to them through cross-ids
(RxNorm, PubChem, DrugBank) or, for ANSM's French names, through the names index.
Every rule that drops or keeps something is counted in `KBData.counts` so the README
can quote the numbers.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import SourceError
from . import textio
from . import vocabulary as vocab
from .compounds import map_compounds
from .drugs import DrugIndex, build_drugs
from .interactions import add_ansm, add_onc
from .leaflets import add_leaflets
from .official import add_atc, add_cdsco, add_dilirank, atc_combinations, resolver
from .sources import (
    ansm,
    cdsco,
    dilirank,
    drugbank,
    drugcentral,
    labeledin,
    leaflets,
    onc,
    openfda,
    sider,
    who_atc,
)
from .uses import add_uses, classmates_of, companions_of

SOURCES = [drugcentral.SOURCE, labeledin.SOURCE, sider.SOURCE, drugbank.SOURCE,
           ansm.SOURCE, onc.SOURCE, dilirank.SOURCE, cdsco.SOURCE, who_atc.SOURCE,
           openfda.SOURCE, leaflets.SOURCE]
FACT_COLUMNS = ("id", "drug_id", "kind", "value", "plain", "source_id", "locator", "licence",
                "other_id", "severity", "frequency", "scope")
LICENCE = {s["id"]: s["licence"] for s in SOURCES}


def fact_id(drug_id: str, kind: str, value: str, source_id: str, other_id: str | None) -> str:
    """Stable short id: the same fact from the same source keeps its id across rebuilds."""
    raw = "\x1f".join((drug_id, kind, value, source_id, other_id or ""))
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:12]


@dataclass
class KBData:
    """Everything that goes into the database, as plain rows keyed for sorting."""

    sources: list[dict[str, str]] = field(default_factory=list)
    drugs: dict[str, dict[str, str | None]] = field(default_factory=dict)
    names: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    facts: dict[str, dict[str, str | None]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def meta(self) -> dict[str, str]:
        out = {"schema": "2", "built_from": "apothecary kb build (see README)"}
        out.update({f"count.{k}": str(v) for k, v in sorted(self.counts.items())})
        return out

    def add_fact(self, drug_id: str, kind: str, value: str, plain: str, source_id: str,
                 locator: str, other_id: str | None = None, severity: str | None = None,
                 frequency: str | None = None, scope: str | None = None) -> bool:
        """Add a fact unless the same one is already there; True when added."""
        fid = fact_id(drug_id, kind, value, source_id, other_id)
        if fid in self.facts:
            return False
        self.facts[fid] = {
            "id": fid, "drug_id": drug_id, "kind": kind, "value": value, "plain": plain,
            "source_id": source_id, "locator": locator, "licence": LICENCE[source_id],
            "other_id": other_id, "severity": severity, "frequency": frequency,
            "scope": scope,
        }
        return True


def build(sources_dir: Path, leaflet_file: Path = leaflets.FILE) -> KBData:
    """Read all nine datasets under `sources_dir`, and our reviewed leaflet facts, and return
    the knowledge-base rows."""
    sources_dir = Path(sources_dir)
    if not sources_dir.is_dir():
        raise SourceError(f"sources folder not found: {sources_dir}")
    data = KBData(sources=[dict(s) for s in SOURCES])
    index = build_drugs(sources_dir, data)
    sider_rows = sider.read_side_effects(sources_dir)
    sider_ind = sider.read_indications(sources_dir)
    compounds = map_compounds(sider_rows, sider_ind, index, data, sources_dir)
    res = resolver(data)
    add_dilirank(sources_dir, res, data)
    combos = add_cdsco(sources_dir, res, data) | atc_combinations(sources_dir, res)
    atc = add_atc(sources_dir, res, data)
    add_uses(sources_dir, index, sider_ind, compounds, data, companions_of(combos),
             classmates_of(atc))
    add_classes(sources_dir, index, data)
    add_side_effects(sider_rows, compounds, data)
    add_onc(sources_dir, index, data)
    add_ansm(sources_dir, index, data)
    add_openfda(sources_dir, data)
    add_leaflets(res, data, leaflet_file)
    kinds = {str(f["kind"]) for f in data.facts.values()}
    for kind in sorted(kinds | {"class", "mechanism", "use", "side_effect", "interaction",
                                "caution", "liver_injury", "approval", "route"}):
        data.counts[f"facts.{kind}"] = sum(1 for f in data.facts.values() if f["kind"] == kind)
    data.counts["drugs"] = len(data.drugs)
    data.counts["names"] = len(data.names)
    return data


# -- classes and mechanisms ---------------------------------------------------------------
def add_classes(sources_dir: Path, index: DrugIndex, data: KBData) -> None:
    """FDA EPC → class (MeSH PA only for drugs without any EPC); FDA MoA and DrugCentral
    targets → mechanism. MeSH files ciprofloxacin under "Antineoplastic Agents" (as a
    topoisomerase II inhibitor), so it never speaks for a drug the FDA has classified."""
    rows = [(d, pc) for pc in drugcentral.read_classes(sources_dir)
            if pc.name and (d := index.by_drugcentral(pc.drug)) is not None]
    has_epc = {d for d, pc in rows if pc.type == "EPC" and pc.source == "FDA"}
    mesh: dict[str, set[str]] = defaultdict(set)
    for d, pc in rows:
        if pc.type == "PA" and pc.source == "MeSH":
            mesh[d].add(pc.name)
    for drug, pc in rows:
        locator = f"pharm_class.tsv row {pc.row} ({pc.source} {pc.type} {pc.class_id})"
        if pc.type == "EPC" or (pc.type == "PA" and pc.source == "MeSH"):
            if vocab.is_generic_class(pc.name):
                data.counts["class.skipped_generic"] += 1
                continue
            if pc.type == "PA" and drug in has_epc:
                data.counts["class.mesh_skipped_has_epc"] += 1
                continue
            if pc.type == "PA" and vocab.class_conflict(pc.name, mesh[drug]):
                data.counts["class.mesh_skipped_conflict"] += 1
                continue
            data.add_fact(drug, "class", pc.name, vocab.plain_class(pc.name), "drugcentral",
                          locator)
        elif pc.type == "MoA":
            data.add_fact(drug, "mechanism", pc.name, vocab.plain_class(pc.name), "drugcentral",
                          locator)
    for t in drugcentral.read_targets(sources_dir):
        target_drug = index.by_drugcentral(t.drug)
        if target_drug is None or not t.target:
            continue
        value = f"{t.action} {t.target}".strip() if t.action else t.target
        data.add_fact(target_drug, "mechanism", value,
                      vocab.plain_mechanism(t.action, t.target, t.gene, t.family),
                      "drugcentral", f"drug_target.tsv row {t.row}")


# -- side effects --------------------------------------------------------------------------
def add_side_effects(rows: list[sider.SideEffect], compound_drugs: dict[tuple[str, str], str],
                     data: KBData) -> None:
    """One fact per drug and PT, with the most informative frequency of any of its compounds
    (mapped by compounds.map_compounds); terms that are no side effect
    (vocabulary.not_a_side_effect) are dropped and counted."""
    best: dict[tuple[str, str], sider.SideEffect] = {}
    compounds: dict[str, str | None] = {}
    for se in rows:
        if se.flat not in compounds:
            compounds[se.flat] = None
        drug = compound_drugs.get((se.flat, se.stereo))
        if drug is None:
            continue
        compounds[se.flat] = drug
        key = (drug, se.term)
        old = best.get(key)
        if old is None or sider.FREQUENCY_RANK[se.frequency] < sider.FREQUENCY_RANK[old.frequency]:
            best[key] = se
    data.counts["sider.compounds"] = len(compounds)
    data.counts["sider.compounds_mapped"] = sum(1 for d in compounds.values() if d)
    for (drug, term), se in sorted(best.items()):
        reason = vocab.not_a_side_effect(term)
        if reason:  # procedures, circumstances, body-system headings: not_side_effects.txt
            data.counts[f"side_effects.dropped_{reason}"] += 1
            continue
        data.add_fact(drug, "side_effect", term, vocab.plain_effect(term), "sider", se.locator,
                      frequency=se.frequency)


def add_openfda(sources_dir: Path, data: KBData) -> None:
    """The label records in `openfda-labels/labels.jsonl`, when present, chosen and mapped
    exactly as `apothecary kb import openfda` does (knowledge/importer.py)."""
    from .importer import fact_rows, select
    from .labelmatch import DrugLookup

    path = sources_dir / openfda.FILE
    if not path.is_file():
        return
    lookup = DrugLookup.from_rows(
        ((norm, drug_id) for norm, drug_id in data.names),
        ((d, str(row["unii"] or ""), str(row["rxnorm"] or "")) for d, row in data.drugs.items()))
    sel = select(openfda.read_items(path), lookup)
    for row in fact_rows(sel, fact_id):
        data.add_fact(str(row["drug_id"]), str(row["kind"]), str(row["value"]),
                      str(row["plain"]), "openfda", str(row["locator"]), scope=row["scope"])
    sel.close()
    data.counts["openfda.records"] = sel.read
    data.counts["openfda.labels_used"] = sel.used
    for reason, n in sel.reasons().items():
        data.counts[f"openfda.skipped.{reason.replace(' ', '_')}"] = n


def to_tables(data: KBData) -> dict[str, list[textio.Row]]:
    """KBData → rows in the column order of textio.TABLES."""
    cols = textio.TABLES
    return {
        "meta": [[k, v] for k, v in data.meta().items()],
        "sources": [[s[c] for c in cols["sources"]] for s in data.sources],
        "drugs": [[d[c] for c in cols["drugs"]] for d in data.drugs.values()],
        "names": [[n[c] for c in cols["names"]] for n in data.names.values()],
        "facts": [[f[c] for c in cols["facts"]] for f in data.facts.values()],
    }


def build_kb(sources_dir: Path, out: Path, text_dir: Path | None = None) -> KBData:
    """`apothecary kb build`: compile the sources into `out` (and the text form)."""
    data = build(sources_dir)
    tables = to_tables(data)
    textio.write_sqlite(tables, Path(out))
    if text_dir is not None:
        textio.write_text(tables, Path(text_dir))
    return data
