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
from ..names.normalize import norm_key
from . import textio
from . import vocabulary as vocab
from .drugs import DrugIndex, build_drugs
from .sources import ansm, drugbank, drugcentral, labeledin, onc, openfda, sider

SOURCES = [drugcentral.SOURCE, labeledin.SOURCE, sider.SOURCE, drugbank.SOURCE,
           ansm.SOURCE, onc.SOURCE, openfda.SOURCE]
FACT_COLUMNS = ("id", "drug_id", "kind", "value", "plain", "source_id", "locator", "licence",
                "other_id", "severity", "frequency", "scope")
LICENCE = {s["id"]: s["licence"] for s in SOURCES}
SEVERITY_RANK = {"contraindicated": 0, "major": 1, "moderate": 2, "minor": 3}


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


def build(sources_dir: Path) -> KBData:
    """Read all six datasets under `sources_dir` and return the knowledge-base rows."""
    sources_dir = Path(sources_dir)
    if not sources_dir.is_dir():
        raise SourceError(f"sources folder not found: {sources_dir}")
    data = KBData(sources=[dict(s) for s in SOURCES])
    index = build_drugs(sources_dir, data)
    sider_rows = sider.read_side_effects(sources_dir)
    sider_ind = sider.read_indications(sources_dir)
    add_uses(sources_dir, index, sider_ind, data)
    add_classes(sources_dir, index, data)
    add_side_effects(sider_rows, index, data)
    add_onc(sources_dir, index, data)
    add_ansm(sources_dir, index, data)
    add_openfda(sources_dir, data)
    kinds = {str(f["kind"]) for f in data.facts.values()}
    for kind in sorted(kinds | {"class", "mechanism", "use", "side_effect", "interaction",
                                "caution"}):
        data.counts[f"facts.{kind}"] = sum(1 for f in data.facts.values() if f["kind"] == kind)
    data.counts["drugs"] = len(data.drugs)
    data.counts["names"] = len(data.names)
    return data


# -- uses ----------------------------------------------------------------------------------
def _concept_keys(cui: str, *names: str) -> set[str]:
    """A concept id and its names as comparable keys ("Arthritis, Rheumatoid" also as
    "rheumatoid arthritis"), so two sources naming one disease meet."""
    keys = {cui} if cui else set()
    for name in names:
        if name:
            keys |= {norm_key(name), norm_key(vocab.clean(name))}
    keys.discard("")
    return keys


def add_uses(sources_dir: Path, index: DrugIndex, sider_ind: list[sider.SiderIndication],
             data: KBData) -> None:
    """LabeledIn expert rows; LabeledIn crowd-only rows and DrugCentral indications only
    when another source names the same disease for the same drug (see README)."""
    sider_keys: dict[str, set[str]] = defaultdict(set)
    for ind in sider_ind:
        drug = index.by_pubchem(sider.cid(ind.flat) or "")
        if drug:
            sider_keys[drug] |= _concept_keys(ind.cui, ind.name) | _concept_keys(
                ind.pt_cui, ind.pt_name)
    dc_rows = []
    dc_keys: dict[str, set[str]] = defaultdict(set)
    for dc_row in drugcentral.read_indications(sources_dir):
        drug = index.by_drugcentral(dc_row.drug)
        if drug is not None and dc_row.name:
            dc_rows.append((drug, dc_row))
            dc_keys[drug] |= _concept_keys(dc_row.umls, dc_row.name)
    have: dict[str, set[str]] = defaultdict(set)  # drug → CUIs and norms already used
    for row in labeledin.read_indications(sources_dir):
        drug = index.by_rxnorm(row.rxnorm)
        if drug is None or not row.disease:
            data.counts["labeledin.unmapped" if drug is None else "labeledin.no_name"] += 1
            continue
        data.counts["labeledin.mapped"] += 1
        keys = _concept_keys(row.cui, row.disease)
        if row.expert:
            data.counts["labeledin.kept_expert"] += 1
        elif keys & (dc_keys[drug] | sider_keys[drug]):
            data.counts["labeledin.kept_crowd_corroborated"] += 1
        else:  # crowd workers alone put "Heartburn" on ciprofloxacin
            data.counts["labeledin.dropped_crowd_only"] += 1
            continue
        have[drug] |= keys
        data.add_fact(drug, "use", row.disease, vocab.plain_condition(row.disease), "labeledin",
                      f"indications.tsv row {row.row}")
    for drug, dc_row in dc_rows:
        keys = _concept_keys(dc_row.umls, dc_row.name)
        if keys & have[drug]:
            data.counts["drugcentral.use.same_as_labeledin"] += 1
        elif have[drug]:  # LabeledIn knows this drug: its checked list is the whole list
            data.counts["drugcentral.use.dropped_labeledin_drug"] += 1
        elif keys & sider_keys[drug]:
            data.counts["drugcentral.use.kept_sider_corroborated"] += 1
            data.add_fact(drug, "use", dc_row.name, vocab.plain_condition(dc_row.name),
                          "drugcentral", f"drug_indication.tsv row {dc_row.row}")
        else:
            data.counts["drugcentral.use.dropped_uncorroborated"] += 1


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
def add_side_effects(rows: list[sider.SideEffect], index: DrugIndex, data: KBData) -> None:
    """One fact per drug and PT, with the most informative frequency of any of its compounds;
    terms that are no side effect (vocabulary.not_a_side_effect) are dropped and counted."""
    best: dict[tuple[str, str], sider.SideEffect] = {}
    compounds: dict[str, str | None] = {}
    for se in rows:
        if se.flat not in compounds:
            compounds[se.flat] = None
        drug = index.by_pubchem(sider.cid(se.stereo) or "") or index.by_pubchem(
            sider.cid(se.flat) or "")
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


# -- interactions --------------------------------------------------------------------------
def _pair(data: KBData, pairs: dict[tuple[str, str], tuple[int, str, str]], a: str, b: str,
          severity: str, locator: str) -> None:
    """Keep the most severe level per unordered pair and source (first seen wins ties)."""
    if a == b:
        return
    key = (a, b) if a < b else (b, a)
    rank = SEVERITY_RANK[severity]
    if key not in pairs or rank < pairs[key][0]:
        pairs[key] = (rank, severity, locator)


def _emit_pairs(data: KBData, pairs: dict[tuple[str, str], tuple[int, str, str]],
                source_id: str) -> None:
    """Both directions, so "interactions of X" is one indexed query."""
    for (a, b), (_, severity, locator) in sorted(pairs.items()):
        for x, y in ((a, b), (b, a)):
            other = data.drugs[y]
            name = str(other["name"])
            data.add_fact(x, "interaction", name, name, source_id, locator, other_id=y,
                          severity=severity)


def add_onc(sources_dir: Path, index: DrugIndex, data: KBData) -> None:
    pairs: dict[tuple[str, str], tuple[int, str, str]] = {}
    for p in onc.read_pairs(sources_dir):
        a, b = index.by_drugbank(p.a), index.by_drugbank(p.b)
        if a is None or b is None:
            data.counts["onc.unmapped"] += 1
            continue
        data.counts[f"onc.rows.{p.severity}"] += 1
        _pair(data, pairs, a, b, p.severity, f"{p.file} row {p.row}")
    _emit_pairs(data, pairs, "onc")


def add_ansm(sources_dir: Path, index: DrugIndex, data: KBData) -> None:
    """Class rules expand to member substances; substances map by RxNorm, then by name."""
    classes = ansm.read_index(sources_dir)
    substances = ansm.read_substances(sources_dir)
    rxnorm = ansm.read_rxnorm(sources_dir)
    resolved: dict[str, str | None] = {}

    def drug_of(substance: str) -> str | None:
        norm = norm_key(substance)
        if norm not in resolved:
            drug = index.by_rxnorm(rxnorm[norm]) if norm in rxnorm else None
            how = "rxnorm"
            if drug is None:
                how = "name"
                for cand in ansm.french_candidates(substance):
                    drug = index.unique_name(cand)
                    if drug:
                        break
            resolved[norm] = drug
            data.counts[f"ansm.substances.{how if drug else 'unmapped'}"] += 1
        return resolved[norm]

    def members(entry: str) -> list[str]:
        norm = norm_key(entry)
        if norm in substances or norm not in classes:
            subs = [entry]
        else:
            subs = classes[norm]
        return sorted({d for d in (drug_of(s) for s in subs) if d})

    pairs: dict[tuple[str, str], tuple[int, str, str]] = {}
    cautions: dict[tuple[str, str], tuple[int, str, str]] = {}
    for rule in ansm.read_rules(sources_dir):
        locator = f"thesaurus record {rule.record} ({rule.main} + {rule.plus}; {rule.level})"
        ends = [norm_key(rule.main), norm_key(rule.plus)]
        caution = [ansm.CAUTIONS.get(e) for e in ends]
        if caution[0] or caution[1]:
            what = caution[0] or caution[1]
            other = rule.plus if caution[0] else rule.main
            for drug in members(other):
                key = (drug, str(what))
                rank = SEVERITY_RANK[rule.severity]
                if key not in cautions or rank < cautions[key][0]:
                    cautions[key] = (rank, rule.severity, locator)
            continue
        left, right = members(rule.main), members(rule.plus)
        if not left or not right:
            data.counts["ansm.rules_unmapped"] += 1
            continue
        data.counts["ansm.rules_mapped"] += 1
        for a in left:
            for b in right:
                _pair(data, pairs, a, b, rule.severity, locator)
    _emit_pairs(data, pairs, "ansm")
    for (drug, what), (_, severity, locator) in sorted(cautions.items()):
        data.add_fact(drug, "caution", what, vocab.plain_caution(what, severity), "ansm",
                      locator, severity=severity)


# -- US FDA labels ------------------------------------------------------------------------
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
