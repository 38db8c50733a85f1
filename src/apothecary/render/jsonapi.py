"""A read-only JSON API that states each thing once (v1 and v2; v3 is `jsonapi3`, the
default v4 `jsonapi4`).

An ingredient's facts and monograph are the same on every page that has it, so they live in
one document per ingredient (`api/v1/ingredients/ID.json`); a page's document
(`api/v1/pages/SLUG.json`) holds what the page itself says and refers to its ingredients by
id; `api/v1/index.json` lists both with the sources. A JSON Schema for each document ships in
the package (`render/schema/`) and is published beside them (`api/v1/schema/`).

Version 2 (`--api-v2`; v3 is written from it) is version 1 with every text that pages and
ingredients repeat stated once: a statement's text and label, a section's intro, a fact's
locator and an interaction partner's effect are ids into `api/v2/texts.json`
(`{"texts": {id: text}}`). An id is a digest of its text, so each process writing pages
names a text the same way and the table is the union of every document's texts (each
document's share of it is kept in the build state, `.texts/`, so an unchanged document is
linked, never re-read).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

from pydantic_core import PydanticSerializationError, to_json

from ..models import Drug, Fact, Page, Source

API_V1 = "api/v1"
API_V2 = "api/v2"  # the default is v4 (`jsonapi4`); v1, v2 and v3 on request
INDEX_V2 = f"{API_V2}/index.json"
INDEX_V1 = f"{API_V1}/index.json"
TEXTS_V2 = f"{API_V2}/texts.json"
TEXTS_DIR = ".texts"  # in the build state: each v2 document's texts (merged into TEXTS_V2)
# and each v3 document's draft
SCHEMAS = ("index", "page", "ingredient", "texts")  # render/schema/v2/NAME.schema.json
SCHEMAS_V1 = ("index", "page", "ingredient")  # render/schema/NAME.schema.json
TEXT_ID_LEN = 10
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


def dumps_lines(data: Mapping[str, Any]) -> str:
    """An object as compact JSON with a line per field and per element of a list field
    (build-report.json: a page per line, so it still reads and greps line by line, at
    the size of the compact encoding rather than the indented one, issue 14)."""
    fields = list(data.items())
    lines = ["{"]
    for i, (key, value) in enumerate(fields):
        end = "," if i < len(fields) - 1 else ""
        name = dumps(key).rstrip("\n")
        if isinstance(value, list) and value:
            lines.append(f"{name}:[")
            lines += [dumps(v).rstrip("\n") + ("," if j < len(value) - 1 else "")
                      for j, v in enumerate(value)]
            lines.append("]" + end)
        else:
            lines.append(f"{name}:{dumps(value).rstrip(chr(10))}{end}")
    lines.append("}")
    return "\n".join(lines) + "\n"


# -- addresses -------------------------------------------------------------------------
def page_path(slug: str, api: str = API_V2) -> str:
    return f"{api}/pages/{slug}.json"


def ingredient_path(drug_id: str, api: str = API_V2) -> str:
    """A knowledge-base id as a file name; an id that is not a plain name (a tampered KB)
    becomes a digest, so it can never reach outside the folder."""
    name = drug_id if _SAFE_ID.match(drug_id) else "_" + \
        hashlib.blake2b(drug_id.encode("utf-8", "surrogatepass"),
                                digest_size=10).hexdigest()
    return f"{api}/ingredients/{name}.json"


def schema_path(name: str, api: str = API_V2) -> str:
    return f"{api}/schema/{name}.schema.json"


def schema_text(name: str, api: str = API_V2) -> str:
    """A document's JSON Schema as shipped in the package."""
    folder = resources.files("apothecary.render") / "schema"
    if api == API_V2:
        folder = folder / "v2"
    return (folder / f"{name}.schema.json").read_text(encoding="utf-8")


def texts_doc(rel: str) -> str:
    """Where the build state keeps the texts of the v2 document at `rel`."""
    return f"{TEXTS_DIR}/{rel}"


def v1_of(rel: str) -> str:
    """The v1 address of a v2, v3 or v4 document."""
    for api in (API_V2, "api/v3", "api/v4"):
        if rel.startswith(api + "/"):
            return API_V1 + rel[len(api):]
    return rel


# -- documents -------------------------------------------------------------------------
def fact_data(fact: Fact, sources: Mapping[str, Source]) -> dict[str, Any]:
    """A fact without what its document already says: the drug (the document's own) and
    the licence when it is its source's (the index lists each source's licence)."""
    d = fact.model_dump(mode="json", exclude={"drug_id"}, exclude_none=True)
    src = sources.get(fact.source_id)
    if src is not None and src.licence == fact.licence:
        del d["licence"]
    return d


def page_data(page: Page, urls: Mapping[str, str | None], api: str = API_V1) -> dict[str, Any]:
    """What the page composes: its own words (sections, statements with the ids of the facts
    behind them), its ingredients by id and the facts that belong to the combination itself
    (not to one ingredient). Input lines are left out, so it only changes with its content."""
    ingredients = {d.id for d in page.drugs}
    sources = {s.id: s for s in page.sources}
    data: dict[str, Any] = {
        "key": page.key, "title": page.title, "slug": page.slug,
        "ingredients": [{"id": d.id, "document": ingredient_path(d.id, api)}
                        for d in page.drugs],
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
    """The page's v1 document (its `urls` name the v1 documents)."""
    return dumps(page_data(page, urls))


# -- version 2: texts by id --------------------------------------------------------------
_B32 = "abcdefghijklmnopqrstuvwxyz234567"  # RFC 4648 base 32, lower case


@lru_cache(maxsize=1 << 12)
def text_id(text: str) -> str:
    """A text's id in texts.json: the first letters of its digest in base 32 (RFC 4648,
    lower case: `base64.b32encode`'s first TEXT_ID_LEN letters, 5 bits each, without its
    slow general path). The last few thousand are cached: the same texts (disclaimer,
    FAQ answers) recur on most pages."""
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    bits = int.from_bytes(digest, "big") >> (64 - 5 * TEXT_ID_LEN)
    return "".join(_B32[(bits >> (5 * i)) & 31] for i in range(TEXT_ID_LEN - 1, -1, -1))


class Texts(dict[str, str]):
    """The texts one document refers to, by id."""

    def ref(self, text: str) -> str:
        tid = text_id(text)
        self[tid] = text
        return tid

    def dumps(self) -> str:
        return dumps(dict(sorted(self.items())))


def _v2_fact(fact: dict[str, Any], texts: Texts) -> dict[str, Any]:
    if "locator" in fact:
        fact["locator_id"] = texts.ref(fact.pop("locator"))
    return fact


def page_data_v2(page: Page, urls: Mapping[str, str | None], texts: Texts) -> dict[str, Any]:
    """The page's v2 document: its v1 document with each statement's text and label and each
    section's intro given by id (`texts`, which collects them)."""
    data = page_data(page, urls, API_V2)
    data["ingredients"] = [d.id for d in page.drugs]  # their documents: in the index
    del data["urls"]  # in the index
    for section in data["sections"]:
        if section.get("intro") is not None:
            section["intro_id"] = texts.ref(section.pop("intro"))
        else:
            section.pop("intro", None)
        for st in section.get("statements", ()):
            st["text_id"] = texts.ref(st.pop("text"))
            if st.get("label") is not None:
                st["label_id"] = texts.ref(st.pop("label"))
            else:
                st.pop("label", None)
    data["facts"] = [_v2_fact(f, texts) for f in data["facts"]]
    return data


def render_page_v2(page: Page, urls: Mapping[str, str | None]) -> tuple[str, str]:
    """The page's v2 document and its texts (for the build state)."""
    texts = Texts()
    body = dumps(page_data_v2(page, urls, texts))
    return body, texts.dumps()


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


def render_ingredient_v2(drug: Drug, facts: Sequence[Fact],
                         monograph: Mapping[str, Any] | None,
                         sources: Mapping[str, Source]) -> tuple[str, str]:
    """The ingredient's v2 document (locators and partners' effects by id) and its texts."""
    texts = Texts()
    return dumps(ingredient_data_v2(drug, facts, monograph, sources, texts)), texts.dumps()


def ingredient_data_v2(drug: Drug, facts: Sequence[Fact], monograph: Mapping[str, Any] | None,
                       sources: Mapping[str, Source], texts: Texts) -> dict[str, Any]:
    """The ingredient's v2 data; `texts` collects the texts it refers to by id."""
    data = ingredient_data(drug, facts, monograph, sources)
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for f in data.pop("facts"):  # grouped: each group's source and kind said once
        groups.setdefault((f.pop("source_id"), f.pop("kind")), []).append(_v2_fact(f, texts))
    data["fact_groups"] = [{"source_id": src, "kind": kind, "facts": fs}
                           for (src, kind), fs in groups.items()]
    mono = data["monograph"]
    if mono is not None:
        mono["partners"] = [{**{k: v for k, v in p.items() if k != "effect"},
                             **({"effect_id": texts.ref(p["effect"])} if p.get("effect") is not None
                                else {})}
                            for p in mono.get("partners", ())]
        if not mono["partners"]:
            del mono["partners"]
    return data


TEXT_FIELDS = {"text_id": "text", "label_id": "label", "intro_id": "intro",
               "locator_id": "locator", "effect_id": "effect"}


def inline_texts(doc: Any, texts: Mapping[str, str]) -> Any:
    """A v2 document with each text id replaced by its text (the v1 field names): what a
    reader of the API does with texts.json."""
    if isinstance(doc, dict):
        return {TEXT_FIELDS.get(k, k): texts[v] if k in TEXT_FIELDS else inline_texts(v, texts)
                for k, v in doc.items()}
    if isinstance(doc, list):
        return [inline_texts(v, texts) for v in doc]
    return doc


def merge_texts(parts: Iterable[str]) -> str:
    """texts.json from every document's texts (each part a JSON object id → text); two
    different texts under one id stop the build rather than mislead."""
    merged: dict[str, str] = {}
    for part in parts:
        for tid, text in json.loads(part).items():
            if merged.setdefault(tid, text) != text:
                raise ValueError(f"two texts share the id {tid}")
    return dumps({"version": 2, "texts": dict(sorted(merged.items()))})


def render_index(
    items: Sequence[Mapping[str, Any]], drugs: Iterable[Drug], sources: Iterable[Source],
    licences: Sequence[str], api: str = API_V2,
) -> str:
    """api/v2/index.json (or v1's): every page and ingredient and where to find it, and the
    sources the facts cite (each stated here once); v2's also names texts.json."""
    ingredients = [{"id": d.id, "name": d.name, "display": d.display,
                    "document": ingredient_path(d.id, api)} for d in drugs]
    extra = {"texts": TEXTS_V2} if api == API_V2 else {}
    return dumps({
        "version": 2 if api == API_V2 else 1,
        **extra,
        "count": len(items),
        "licences": list(licences),
        "schemas": {n: schema_path(n, api) for n in (SCHEMAS if api == API_V2 else SCHEMAS_V1)},
        "sources": [s.model_dump(mode="json") for s in sources],
        "ingredients": ingredients,
        "pages": list(items),
    })
