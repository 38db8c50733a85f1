"""Data for the in-browser interaction checker (`api/interactions.json`).

The checker runs with no server: the page's script loads this one file and looks up every
pair among the medicines a visitor picks. Only interactions between drugs that appear on the
site's pages are included, each with its severity, source and licence, exactly as the
knowledge base holds them (already filtered by the build's licence choice).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..knowledge.store import KnowledgeBase
from ..models import SEVERITY_ORDER, Page, severity_rank
from .related import page_href


def interactions_data(
    pages: Sequence[Page], hrefs: Mapping[str, str], kb: KnowledgeBase
) -> dict[str, Any]:
    """medicines (pages and their drug ids), drugs, sources and deduplicated interactions.

    The KB stores most pairs in both directions; a pair is listed once per (source,
    severity), with its drugs in id order.
    """
    medicines = [
        {
            "key": p.key,
            "title": p.title,
            "href": page_href(hrefs[p.key]),
            "drugs": sorted({d.id for d in p.drugs}),
        }
        for p in sorted(pages, key=lambda p: (p.title.casefold(), p.key))
        if p.key in hrefs
    ]
    drugs: dict[str, str] = {}
    for p in pages:
        for d in p.drugs:
            drugs.setdefault(d.id, d.display)
    facts = kb.interactions_among(drugs) if drugs else []
    seen: set[tuple[str, str, str, str]] = set()
    rows: list[dict[str, Any]] = []
    used_sources: set[str] = set()
    for f in facts:
        if not f.other_id or f.other_id == f.drug_id:
            continue
        a, b = sorted((f.drug_id, f.other_id))
        sig = (a, b, f.source_id, (f.severity or "").casefold())
        if sig in seen:
            continue
        seen.add(sig)
        used_sources.add(f.source_id)
        rows.append({
            "a": a,
            "b": b,
            "severity": f.severity or "unknown",
            "source": f.source_id,
            "licence": f.licence,
            "locator": f.locator,
            "fact": f.id,
        })
    rows.sort(key=lambda r: (severity_rank(r["severity"]), drugs[r["a"]].casefold(),
                             drugs[r["b"]].casefold(), r["source"]))
    sources = {
        s.id: {"name": s.name, "edition": s.edition, "licence": s.licence, "url": s.url}
        for s in kb.sources()
        if s.id in used_sources
    }
    return {
        "medicines": medicines,
        "drugs": dict(sorted(drugs.items())),
        "sources": sources,
        "severities": list(SEVERITY_ORDER),
        "interactions": rows,
    }
