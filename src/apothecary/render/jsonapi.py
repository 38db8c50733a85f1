"""A read-only JSON API that states each thing once (`api/v1/`).

An ingredient's facts and monograph are the same on every page that has it, so they live in
one document per ingredient (`api/v1/ingredients/ID.json`); a page's document
(`api/v1/pages/SLUG.json`) holds what the page itself says and refers to its ingredients by
id; `api/v1/index.json` lists both with the sources. A JSON Schema for each document ships in
the package (`render/schema/`) and is published beside them (`api/v1/schema/`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from typing import Any

from pydantic_core import PydanticSerializationError, to_json

from ..models import Drug, Fact, Page, Source

API = "api/v1"
INDEX = f"{API}/index.json"
SCHEMAS = ("index", "page", "ingredient")  # render/schema/NAME.schema.json
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}\Z")


def dumps(data: Any) -> str:
    """Compact JSON, UTF-8 as it is: the same text as `json.dumps(data, ensure_ascii=False,
    separators=(",", ":"))`, from pydantic's Rust encoder, twice as fast on big pages."""
    try:
        return to_json(data).decode("utf-8") + "\n"
    except PydanticSerializationError:  # text UTF-8 cannot hold (a lone surrogate): escape it
        return json.dumps(data, ensure_ascii=True, separators=(",", ":")) + "\n"


def dumps_pretty(data: Any) -> str:
    """Indented JSON for files people read, such as build-report.json (the same text as
    `json.dumps(data, ensure_ascii=False, indent=1)`)."""
    try:
        return to_json(data, indent=1).decode("utf-8") + "\n"
    except PydanticSerializationError:  # a lone surrogate: escape it
        return json.dumps(data, ensure_ascii=True, indent=1) + "\n"


# -- addresses -------------------------------------------------------------------------
def page_path(slug: str) -> str:
    return f"{API}/pages/{slug}.json"


def ingredient_path(drug_id: str) -> str:
    """A knowledge-base id as a file name; an id that is not a plain name (a tampered KB)
    becomes a digest, so it can never reach outside the folder."""
    name = drug_id if _SAFE_ID.match(drug_id) else "_" + \
        hashlib.blake2b(drug_id.encode("utf-8", "surrogatepass"),
                                digest_size=10).hexdigest()
    return f"{API}/ingredients/{name}.json"


def schema_path(name: str) -> str:
    return f"{API}/schema/{name}.schema.json"


def schema_text(name: str) -> str:
    """A document's JSON Schema as shipped in the package."""
    return (resources.files("apothecary.render") / "schema" / f"{name}.schema.json").read_text(
        encoding="utf-8")


# -- documents -------------------------------------------------------------------------
def fact_data(fact: Fact, sources: Mapping[str, Source]) -> dict[str, Any]:
    """A fact without what its document already says: the drug (the document's own) and
    the licence when it is its source's (the index lists each source's licence)."""
    d = fact.model_dump(mode="json", exclude={"drug_id"}, exclude_none=True)
    src = sources.get(fact.source_id)
    if src is not None and src.licence == fact.licence:
        del d["licence"]
    return d


def page_data(page: Page, urls: Mapping[str, str | None]) -> dict[str, Any]:
    """What the page composes: its own words (sections, statements with the ids of the facts
    behind them), its ingredients by id and the facts that belong to the combination itself
    (not to one ingredient). Input lines are left out, so it only changes with its content."""
    ingredients = {d.id for d in page.drugs}
    sources = {s.id: s for s in page.sources}
    data: dict[str, Any] = {
        "key": page.key, "title": page.title, "slug": page.slug,
        "ingredients": [{"id": d.id, "document": ingredient_path(d.id)} for d in page.drugs],
        "other_names": list(page.other_names),
        "sections": [s.model_dump(mode="json", exclude_defaults=True) for s in page.sections],
    }
    faq_section = next((s for s in page.sections if s.id == "faqs"), None)
    said = [(st.label, st.text, st.fact_ids) for st in faq_section.statements] \
        if faq_section else []
    if page.faqs and ([(q.question, q.answer, q.fact_ids) for q in page.faqs] != said
                      or not all(q.verified for q in page.faqs)):
        data["faqs"] = [q.model_dump(mode="json", exclude_defaults=True) for q in page.faqs]
    data["facts"] = [fact_data(f, sources) for f in page.facts if f.drug_id not in ingredients]
    data["sources"] = [s.id for s in page.sources]
    data["licences"] = list(page.licences)
    data["writer"] = page.writer
    data["claims"] = page.claims.model_dump()
    if page.fallback_reason:
        data["fallback_reason"] = page.fallback_reason
    data["urls"] = dict(urls)
    return data


def render_page(page: Page, urls: Mapping[str, str | None]) -> str:
    return dumps(page_data(page, urls))


def ingredient_data(
    drug: Drug, facts: Sequence[Fact], monograph: Mapping[str, Any] | None,
    sources: Mapping[str, Source],
) -> dict[str, Any]:
    """One ingredient: its names and ids, every fact the knowledge base holds about it under
    this build's licences, and its monograph (the facts selected and worded for readers)."""
    used = sorted({f.source_id for f in facts})
    return {
        **drug.model_dump(mode="json"),
        "facts": [fact_data(f, sources) for f in facts],
        "sources": used,
        "licences": sorted({sources[s].licence for s in used if s in sources}),
        "monograph": dict(monograph) if monograph is not None else None,
    }


def render_ingredient(drug: Drug, facts: Sequence[Fact], monograph: Mapping[str, Any] | None,
                      sources: Mapping[str, Source]) -> str:
    return dumps(ingredient_data(drug, facts, monograph, sources))


def render_index(
    items: Sequence[Mapping[str, Any]], drugs: Iterable[Drug], sources: Iterable[Source],
    licences: Sequence[str],
) -> str:
    """api/v1/index.json: every page and ingredient and where to find it, and the sources
    the facts cite (each stated here once)."""
    ingredients = [{"id": d.id, "name": d.name, "display": d.display,
                    "document": ingredient_path(d.id)} for d in drugs]
    return dumps({
        "version": 1,
        "count": len(items),
        "licences": list(licences),
        "schemas": {n: schema_path(n) for n in SCHEMAS},
        "sources": [s.model_dump(mode="json") for s in sources],
        "ingredients": ingredients,
        "pages": list(items),
    })
