"""The JSON API's version 3 (`api/v3/`, the default): version 2 in fewer bytes.

Two changes of encoding, nothing said differently (issue #14):

- every list of objects is a table, `{"columns": [...], "rows": [[...], ...]}`: its field
  names are said once instead of once per object (a null cell, or a row shorter than the
  columns, is a field left out: it has its default);
- a text field (`text`, `label`, `intro`, `locator`, `effect`) holds the text itself when
  only this document uses it, and `[id]` (its id in `api/v3/texts.json`) when several
  documents share it: 84 % of v2's texts were used by one document, and their ids cost
  bytes twice (in the document and in texts.json).

Whether a text is shared depends on every document, so each process writes a draft of its
documents (every text as `[id]`, with its texts) into the build state, and the main process
counts the documents using each text and writes the published documents (`publish`).
"""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cache
from typing import Any

from . import jsonapi

API = "api/v3"
API4 = "api/v4"  # the default, published from v3's documents (`jsonapi4`)
INDEX = f"{API}/index.json"
TEXTS = f"{API}/texts.json"
SCHEMAS = jsonapi.SCHEMAS
DRAFTS = f"{jsonapi.TEXTS_DIR}/{API}/"  # the drafts in the build state
TEXT_NAMES = frozenset(jsonapi.TEXT_FIELDS.values())  # text, label, intro, locator, effect

Doc = dict[str, Any]


# -- tables ------------------------------------------------------------------------------
def encode(value: Any, ref: Callable[[str], Any] = lambda tid: [tid]) -> Any:
    """v2 data in v3's shape: lists of objects as tables, text ids as `ref(id)` (`[id]`)
    under v1's field names (`text_id` → `text`)."""
    if isinstance(value, dict):
        fields = jsonapi.TEXT_FIELDS
        # a plain value is itself: no call for it (most values are; 690,000 calls were)
        return {fields.get(k, k): ref(v) if k in fields
                else encode(v, ref) if isinstance(v, (dict, list)) else v
                for k, v in value.items()}
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        items = [encode(v, ref) for v in value]
        columns = list(dict.fromkeys(k for item in items for k in item))
        rows = []
        for item in items:
            row = [item.get(c) for c in columns]
            while row and row[-1] is None:  # trailing defaults need no cell
                row.pop()
            rows.append(row)
        return {"columns": columns, "rows": rows}
    return value


def is_table(value: Any) -> bool:
    return isinstance(value, dict) and len(value) == 2 and "columns" in value \
        and "rows" in value


def decode(value: Any, texts: Mapping[str, str]) -> Any:
    """A v3 document as objects again, every text in its place (`texts`: texts.json's), with
    v1's field names: what a reader does to use it. Fields left out stay out."""
    if is_table(value):
        cols = value["columns"]
        return [{c: _field(c, cell, texts) for c, cell in zip(cols, row, strict=False)
                 if cell is not None} for row in value["rows"]]
    if isinstance(value, dict):
        return {k: _field(k, v, texts) for k, v in value.items()}
    if isinstance(value, list):
        return [decode(v, texts) for v in value]
    return value


def _field(name: str, value: Any, texts: Mapping[str, str]) -> Any:
    if name in TEXT_NAMES and isinstance(value, list):
        return texts[value[0]]
    return decode(value, texts)


# -- drafts and the published documents ----------------------------------------------------
def draft(doc_v2: Doc, texts: jsonapi.Texts) -> str:
    """What a process leaves in the build state for a document: its texts (line 1) and its
    v3 form with every text as `{"$t": id}` (line 2), a mark no other part of a document
    can hold (inside a JSON string a quote is escaped), replaced when it is published."""
    return texts.dumps() + jsonapi.dumps(encode(doc_v2, lambda tid: {"$t": tid}))


MARK = re.compile(r'\{"\$t":"([a-z2-7]{' + str(jsonapi.TEXT_ID_LEN) + r'})"\}')


def draft_path(rel: str) -> str:
    """Where the build state keeps the draft of the v3 document at `rel` (or of the v3
    document of the v4 one at `rel`: v4 is published from v3)."""
    return jsonapi.texts_doc(of_v4(rel))


def of_v4(rel: str) -> str:
    """The v3 address of a v4 document."""
    return API + rel[len(API4):] if rel.startswith(API4 + "/") else rel


def published_path(draft_rel: str) -> str:
    return draft_rel[len(jsonapi.TEXTS_DIR) + 1:]


def publish(drafts: Iterable[str], read: Callable[[str], str]
            ) -> Iterator[tuple[str, str]]:
    """Every published document (path, text) and last texts.json, from the drafts (their
    paths in the build state; `read` gives a draft's text). Reads each draft twice rather
    than holding them all: first its texts, to count the documents using each, then its
    body, where each mark becomes the text or, when shared, `[id]`."""
    drafts = sorted(drafts)
    users: Counter[str] = Counter()
    merged: dict[str, str] = {}
    for rel in drafts:
        for tid, text in json.loads(read(rel).partition("\n")[0]).items():
            if merged.setdefault(tid, text) != text:
                raise ValueError(f"two texts share the id {tid}")
            users[tid] += 1

    put = {tid: f'["{tid}"]' if n > 1 else jsonapi.dumps(merged[tid]).rstrip("\n")
           for tid, n in users.items()}
    for rel in drafts:
        body = read(rel).split("\n", 2)[1] + "\n"  # a third line is v4's (`jsonapi4.draft`)
        yield published_path(rel), MARK.sub(lambda m: put[m.group(1)], body)
    yield TEXTS, jsonapi.dumps({"version": 3, "texts": {t: merged[t] for t in sorted(merged)
                                                        if users[t] > 1}})


def render_index(items: list[dict[str, Any]], drugs: Iterable[Any], sources: Iterable[Any],
                 licences: list[str]) -> str:
    """api/v3/index.json: v2's index with its lists as tables."""
    data = json.loads(jsonapi.render_index(items, drugs, sources, licences, jsonapi.API_V2))
    data.update(version=3, texts=TEXTS, schemas={n: schema_path(n) for n in SCHEMAS})
    for rows in ("ingredients", "pages"):
        for item in data[rows]:
            for k in ("document", "json"):
                if isinstance(item.get(k), str):
                    item[k] = of_v4(of_v2(item[k]))
    return jsonapi.dumps(encode(data))


def of_v2(rel: str) -> str:
    """The v3 address of a v2 document."""
    return API + rel[len(jsonapi.API_V2):] if rel.startswith(jsonapi.API_V2 + "/") else rel


def v2_of(rel: str) -> str:
    """The v2 address of a v3 (or v4) document."""
    rel = of_v4(rel)
    return jsonapi.API_V2 + rel[len(API):] if rel.startswith(API + "/") else rel


def v1_of(rel: str) -> str:
    """The v1 address of a v3 (or v4) document."""
    rel = of_v4(rel)
    return jsonapi.API_V1 + rel[len(API):] if rel.startswith(API + "/") else rel


# -- schemas -----------------------------------------------------------------------------
def schema_path(name: str) -> str:
    return f"{API}/schema/{name}.schema.json"


@cache
def schema_text(name: str) -> str:
    """A v3 document's JSON Schema: v2's with each array of objects as a table and each
    text id as a text or `[id]` (made from v2's, so the two never disagree)."""
    return json.dumps(_schemas()[name], ensure_ascii=False, indent=1) + "\n"


def _schemas() -> dict[str, Any]:
    v2 = {n: json.loads(jsonapi.schema_text(n, jsonapi.API_V2)) for n in SCHEMAS}

    def resolve(ref: str, here: str) -> tuple[Any, str]:
        doc, _, pointer = ref.partition("#")
        name = doc.removesuffix(".schema.json") if doc else here
        node: Any = v2[name]
        for part in pointer.strip("/").split("/"):
            node = node[part]
        return node, name

    def conv(node: Any, here: str) -> Any:
        if not isinstance(node, dict):
            return node
        if node.get("$ref") == "texts.schema.json#/$defs/text_id" and here != "texts":
            return {**node, "$ref": "texts.schema.json#/$defs/text_ref"}
        items, where = node.get("items"), here
        if node.get("type") == "array" and isinstance(items, dict):
            if "$ref" in items:
                items, where = resolve(items["$ref"], here)
            if items.get("type") == "object" and "properties" in items:
                return _table(node, items, lambda n: conv(n, where))
        out: dict[str, Any] = {}
        for k, v in node.items():
            if k in ("properties", "$defs"):
                out[k] = {jsonapi.TEXT_FIELDS.get(p, p) if k == "properties" else p:
                          conv(s, here) for p, s in v.items()}
            elif k == "required" and isinstance(v, list):
                out[k] = [jsonapi.TEXT_FIELDS.get(p, p) for p in v]
            elif isinstance(v, dict):
                out[k] = conv(v, here)
            else:
                out[k] = v
        return out

    out = {}
    for name, schema in v2.items():
        new = conv(copy.deepcopy(schema), name)
        new["title"] = new["title"].replace("API v2", "API v3")
        if "version" in new.get("properties", {}):
            new["properties"]["version"] = {"const": 3}
        out[name] = new
    texts = out["texts"]
    texts["description"] = (
        "The texts several documents use (statements, labels, intros, fact locators, "
        "interaction effects), each stated once; a document refers to one as [id]. A text "
        "only one document uses is written in that document instead. An id is the first "
        "10 letters of the base-32 BLAKE2b (8-byte) digest of the text's UTF-8 bytes, "
        "lower case.")
    texts["$defs"]["text_ref"] = {
        "description": "the text itself (only this document uses it), or [id] (several do: "
                       "its id in texts.json)",
        "anyOf": [{"type": "string"},
                  {"type": "array", "minItems": 1, "maxItems": 1,
                   "items": {"$ref": "#/$defs/text_id"}}]}
    return out


def _table(node: Mapping[str, Any], item: Mapping[str, Any],
           conv: Callable[[Any], Any]) -> dict[str, Any]:
    """The schema of a list of `item` objects written as a table."""
    props = {jsonapi.TEXT_FIELDS.get(p, p): conv(s) for p, s in item["properties"].items()}
    required = [jsonapi.TEXT_FIELDS.get(p, p) for p in item.get("required", [])]
    closed = item.get("additionalProperties") is False  # v2 allowed no other field
    columns: dict[str, Any] = {"type": "array", "uniqueItems": True,
                               "items": {"enum": list(props)} if closed else {"type": "string"}}
    if required:
        columns["allOf"] = [{"contains": {"const": r}} for r in required]
    cell = {"anyOf": [*props.values(), {"type": "null"}]} if closed else {}
    row: dict[str, Any] = {"type": "array", "items": cell}
    if closed:
        row["maxItems"] = len(props)
    table = {"type": "object", "required": ["columns", "rows"], "additionalProperties": False,
             "properties": {"columns": columns, "rows": {"type": "array", "items": row}}}
    extra = {k: v for k, v in node.items() if k in ("description", "default")}
    return {**extra, "anyOf": [{"type": "array", "maxItems": 0}, table],
            "$comment": "a table: the objects' fields as columns, one row an object (a null "
                        "cell or a missing trailing one: the field is left out, its default)"}
