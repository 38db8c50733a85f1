"""What `kb stats` and `kb show` print: coverage figures and one drug's sourced facts."""

from __future__ import annotations

from typing import Any, TypedDict

from ..errors import KnowledgeBaseError
from ..models import FactKind
from ..names.normalize import norm_key
from .store import KnowledgeBase

KIND_TITLES = {
    FactKind.CLASS: "Class",
    FactKind.MECHANISM: "How it works",
    FactKind.USE: "Uses",
    FactKind.SIDE_EFFECT: "Side effects",
    FactKind.INTERACTION: "Interactions",
    FactKind.CAUTION: "Cautions",
    FactKind.LIVER_INJURY: "Liver injury (FDA DILIrank)",
    FactKind.APPROVAL: "Approved in India for (CDSCO)",
    FactKind.ROUTE: "Routes (WHO ATC)",
    # US FDA label sections (the plain extract is shown; --json has the whole section)
    FactKind.BOXED_WARNING: "Boxed warning (US label)",
    FactKind.CONTRAINDICATION: "Contraindications (US label)",
    FactKind.PREGNANCY: "Pregnancy (US label)",
    FactKind.BREASTFEEDING: "Breastfeeding (US label)",
    FactKind.OVERDOSE: "Overdose (US label)",
    FactKind.PATIENT_WARNING: "Warnings for patients (US label)",
    FactKind.OTC_DO_NOT_USE: "Do not use (US OTC label)",
    FactKind.OTC_ASK_DOCTOR: "Ask a doctor before use (US OTC label)",
    FactKind.OTC_STOP_USE: "Stop use (US OTC label)",
    FactKind.OTC_KEEP_AWAY: "Keep out of reach of children (US OTC label)",
    FactKind.DIRECTIONS: "Directions (US label; never shown as advice)",
}
# Kinds whose coverage `kb stats` reports, and the populations it reports it over: every
# drug with a fact, and the drugs WHO ATC classifies (the medicines in use: the rest of the
# 15,000 drugs are DrugBank research compounds, supplements and enzymes).
COVERAGE_KINDS = ("use", "side_effect", "class", "mechanism", "interaction", "route",
                  "liver_injury", "approval")


def coverage_shares(kb: KnowledgeBase) -> dict[str, dict[str, Any]]:
    """Share of single drugs (not combination keys) with each kind, by source and any."""
    conn = kb.conn
    populations = {
        "with_facts": "SELECT DISTINCT drug_id FROM facts WHERE drug_id NOT LIKE '%+%'",
        "with_atc": "SELECT id FROM drugs WHERE atc IS NOT NULL",
    }
    out: dict[str, dict[str, Any]] = {}
    for pop, sql in populations.items():
        n = conn.execute(f"SELECT COUNT(*) FROM ({sql})").fetchone()[0]
        shares: dict[str, Any] = {"drugs": n}
        for kind in COVERAGE_KINDS:
            rows = conn.execute(
                f"SELECT source_id, COUNT(DISTINCT drug_id) FROM facts WHERE kind = ? "
                f"AND drug_id IN ({sql}) GROUP BY source_id ORDER BY source_id", (kind,))
            by_source = {src: round(k / n, 3) if n else 0.0 for src, k in rows}
            anyk = conn.execute(f"SELECT COUNT(DISTINCT drug_id) FROM facts WHERE kind = ? "
                                f"AND drug_id IN ({sql})", (kind,)).fetchone()[0]
            shares[kind] = {"any": round(anyk / n, 3) if n else 0.0, **by_source}
        out[pop] = shares
    return out


class SourceStats(TypedDict):
    id: str
    name: str
    edition: str
    licence: str
    licence_class: str
    facts: int


class KBStats(TypedDict):
    """`apothecary kb stats --json` (README: Knowledge base)."""

    drugs: int
    drugs_with_facts: int
    names: int
    ambiguous_names: int
    facts: int
    drugs_with_kind: dict[str, int]  # fact kind → drugs (and combination keys) with one
    facts_by_source: dict[str, dict[str, int]]  # source id → fact kind → facts
    coverage: dict[str, dict[str, Any]]  # population → shares per kind and source
    sources: list[SourceStats]


def stats(kb: KnowledgeBase) -> KBStats:
    """Drug/name counts, drugs covered per fact kind, facts per kind and source, sources."""
    conn = kb.conn

    def one(sql: str) -> int:
        return int(conn.execute(sql).fetchone()[0])

    coverage = {
        kind: n for kind, n in conn.execute(
            "SELECT kind, COUNT(DISTINCT drug_id) FROM facts GROUP BY kind ORDER BY kind")
    }
    by_source: dict[str, dict[str, int]] = {}
    for kind, source, n in kb.stats():
        by_source.setdefault(source, {})[kind] = n
    return {
        "drugs": one("SELECT COUNT(*) FROM drugs"),
        "drugs_with_facts": one("SELECT COUNT(DISTINCT drug_id) FROM facts"),
        "names": one("SELECT COUNT(*) FROM names"),
        "ambiguous_names": one(
            "SELECT COUNT(*) FROM (SELECT norm FROM names GROUP BY norm HAVING COUNT(*) > 1)"),
        "facts": one("SELECT COUNT(*) FROM facts"),
        "drugs_with_kind": coverage,
        "facts_by_source": by_source,
        "coverage": coverage_shares(kb),
        "sources": [
            {"id": s.id, "name": s.name, "edition": s.edition, "licence": s.licence,
             "licence_class": s.licence_class.value,
             "facts": sum(by_source.get(s.id, {}).values())}
            for s in kb.all_sources.values()
        ],
    }


def format_stats(st: KBStats) -> str:
    lines = [
        f"drugs: {st['drugs']} ({st['drugs_with_facts']} with at least one fact)",
        f"names: {st['names']} ({st['ambiguous_names']} spellings shared by 2+ drugs)",
        f"facts: {st['facts']}",
        "",
        "drugs with at least one fact of each kind:",
    ]
    lines += [f"  {kind:<12} {n:>7}" for kind, n in st["drugs_with_kind"].items()]
    for pop, shares in st.get("coverage", {}).items():
        lines += ["", f"coverage of the {shares['drugs']} single drugs "
                  f"{'with any fact' if pop == 'with_facts' else 'with a WHO ATC code'}:"]
        for kind in COVERAGE_KINDS:
            parts = ", ".join(f"{src} {share:.0%}" for src, share in shares[kind].items()
                              if src != "any")
            lines.append(f"  {kind:<12} {shares[kind]['any']:>5.0%}  ({parts or 'none'})")
    lines += ["", "facts by source and kind:"]
    for src in st["sources"]:
        lines.append(f"  {src['id']:<12} {src['facts']:>7}  {src['licence']} "
                     f"[{src['licence_class']}] — {src['name']}, {src['edition']}")
        for kind, n in sorted(st["facts_by_source"].get(src["id"], {}).items()):
            lines.append(f"      {kind:<12} {n:>7}")
    return "\n".join(lines)


def find_drug(kb: KnowledgeBase, name: str) -> str:
    """The id of the one drug `name` (or a drug id) identifies; errors list the candidates."""
    if kb.drug(name.strip()) is not None:
        return name.strip()
    norm = norm_key(name)
    rows = kb.conn.execute(
        "SELECT DISTINCT n.drug_id, d.name FROM names n JOIN drugs d ON d.id = n.drug_id "
        "WHERE n.norm = ? ORDER BY d.name, n.drug_id", (norm,)).fetchall()
    if not rows:
        raise KnowledgeBaseError(f"unknown drug name: {name!r}")
    if len(rows) > 1:
        cands = ", ".join(f"{r[1]} ({r[0]})" for r in rows)
        raise KnowledgeBaseError(f"ambiguous name {name!r}: could be {cands}")
    return str(rows[0][0])


def show(kb: KnowledgeBase, name: str) -> dict[str, Any]:
    """Everything known about one drug: ids, names, facts by kind, the sources used."""
    drug_id = find_drug(kb, name)
    drug = kb.drug(drug_id)
    assert drug is not None
    facts = kb.facts(drug_id)
    names = kb.conn.execute(
        "SELECT name, kind, source_id FROM names WHERE drug_id = ? ORDER BY kind, norm",
        (drug_id,)).fetchall()
    others = kb.drug_names()
    used = sorted({f.source_id for f in facts} | {n[2] for n in names})
    return {
        "drug": drug.model_dump(),
        "names": [{"name": n[0], "kind": n[1], "source": n[2]} for n in names],
        "facts": {
            kind.value: [
                {**f.model_dump(mode="json"),
                 **({"other_name": others.get(f.other_id)} if f.other_id else {})}
                for f in facts if f.kind == kind
            ]
            for kind in FactKind
        },
        "sources": [kb.all_sources[s].model_dump(mode="json") for s in used
                    if s in kb.all_sources],
    }


def format_show(info: dict[str, Any]) -> str:
    d = info["drug"]
    lines = [f"{d['display']} ({d['id']})"]
    if d["xrefs"]:
        lines.append("ids: " + ", ".join(f"{k} {v}" for k, v in sorted(d["xrefs"].items())))
    if d["other_names"]:
        lines.append("other names: " + ", ".join(d["other_names"]))
    if d["forms"]:
        lines.append("forms: " + ", ".join(d["forms"]))
    for kind, title in KIND_TITLES.items():
        facts = info["facts"][kind.value]
        if not facts:
            continue
        lines += ["", f"{title} ({len(facts)}):"]
        for f in facts:
            extra = [x for x in (f.get("severity"), f.get("frequency")) if x]
            plain = f["plain"] if f["plain"] == f["value"] or f["source_id"] == "openfda" \
                else f"{f['plain']} [{f['value']}]"
            tag = f" ({', '.join(extra)})" if extra else ""
            lines.append(f"  - {plain}{tag} — {f['source_id']}: {f['locator']}")
    lines += ["", "Sources:"]
    lines += [f"  {s['id']}: {s['name']}, {s['edition']} — {s['licence']}"
              for s in info["sources"]]
    return "\n".join(lines)
