"""The JSON API's version 4 (`api/v4/`, the default): version 3 with every repeated string
stated once (issue #14).

v3 wrote a text in the one document using it, or as `["<10-letter id>"]` into texts.json
when several did; everything else (fact ids, plain wordings, fact values, licences, source
ids, section ids and titles, column names, ingredient ids…) was written out wherever it
was used. v4 takes v3's documents as published and:

- writes every text in its place again (no `[id]`), then
- replaces each string value used more than once in the whole API (in several documents,
  or several times in one) by a number, its position in `api/v4/strings.json`'s
  `strings`, when that saves bytes; the most used strings come first, so they get the
  shortest numbers ("ansm" or "text" are one or two digits);
- writes a text field (`text`, `label`, `intro`, `locator`, `effect`) that is not such a
  string as a list of its pieces (sentences; a locator's words), each a string or a
  number, joined by one space, when that is shorter (`pieces`).

So in a v4 document **every integer is a string from `strings.json`**, except the values of
`version`, `count` and the page's `claims` counts (`INTEGERS`); booleans and null are
themselves. Object keys are never replaced; a table's column names are (they are values).
Everything else is v3's: the same documents, tables and fields. `decode(doc, strings)`
gives the v3 document back with every text in its place (`jsonapi3.decode(.., {})` then
turns its tables into objects).

The numbering depends on every document, so the main process publishes v4 from v3's
published documents (`publish`): count the strings, then the sentences of the texts left
whole, find the strings no document ends up using, then write.
"""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from collections.abc import Callable, Container, Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from . import jsonapi, jsonapi3

API = "api/v4"
INDEX = f"{API}/index.json"
STRINGS = f"{API}/strings.json"
SCHEMAS = ("index", "page", "ingredient", "strings")
INTEGERS = frozenset({"version", "count", "supported", "removed", "unverified"})
TEXT_NAMES = jsonapi3.TEXT_NAMES


def of_v3(rel: str) -> str:
    """The v4 address of a v3 document (or of its draft's name)."""
    return API + rel[len(jsonapi3.API):] if rel.startswith(jsonapi3.API + "/") else rel


def v3_of(rel: str) -> str:
    """The v3 address of a v4 document."""
    return jsonapi3.API + rel[len(API):] if rel.startswith(API + "/") else rel


def schema_path(name: str) -> str:
    return f"{API}/schema/{name}.schema.json"


# -- v3 documents with every text in place ------------------------------------------------
def inline(value: Any, texts: Mapping[str, str], key: str | None = None) -> Any:
    """A v3 document (tables kept) with each `[id]` text replaced by the text."""
    if key in TEXT_NAMES and isinstance(value, list):
        return texts[value[0]]
    if jsonapi3.is_table(value):
        cols = value["columns"]
        return {"columns": cols,
                "rows": [[inline(c, texts, n) for n, c in zip(cols, row, strict=False)]
                         for row in value["rows"]]}
    if isinstance(value, dict):
        return {k: inline(v, texts, k) for k, v in value.items()}
    if isinstance(value, list):
        return [inline(v, texts, key) for v in value]
    return value


def pieces(text: str, key: str | None = None) -> list[str]:
    """A text's sentences (split after `.`, `:`, `;`, `?` or `!` and a space; the space
    is left out), or a locator's words (split at each space): a text used once is often
    sentences other texts use too (an interaction's effect, a safety message, the line
    every page without data says), and a locator names its file and record in words
    other locators share ("meddra_all_se CID000060795 C0002962")."""
    return text.split(" ") if key == "locator" else SENTENCE.split(text)


SENTENCE = re.compile(r"(?<=[.:;?!]) (?=\S)")


def _walk(value: Any, key: str | None, visit: Callable[[str, str | None], Any]) -> Any:
    """`value` with each string `s` (its field `key`) as `visit(s, key)`; a table's cells
    have their column's name as field."""
    if isinstance(value, str):
        return visit(value, key)
    if jsonapi3.is_table(value):
        cols = value["columns"]
        return {"columns": [visit(c, None) for c in cols],
                "rows": [[_walk(c, n, visit) for n, c in zip(cols, row, strict=False)]
                         for row in value["rows"]]}
    if isinstance(value, dict):
        return {k: _walk(v, k, visit) for k, v in value.items()}
    if isinstance(value, list):
        return [_walk(v, key, visit) for v in value]
    return value


def _count(value: Any, counts: Counter[str], known: Container[str] = ()) -> None:
    """Count each string of `value` (`known` empty), or each sentence of each text that
    is not `known` (a shared string already)."""
    def visit(s: str, key: str | None) -> None:
        if not known:
            counts[s] += 1
        elif key in TEXT_NAMES and s not in known:
            parts = pieces(s, key)
            if len(parts) > 1:
                counts.update(parts)
    _walk(value, None, visit)


def _replace(value: Any, number: Mapping[str, int]) -> Any:
    def visit(s: str, key: str | None) -> Any:
        n = number.get(s)
        if n is not None:
            return n
        if key in TEXT_NAMES:
            parts = pieces(s, key)
            if len(parts) > 1:
                cand = [number.get(p, p) for p in parts]
                if len(jsonapi.dumps(cand)) < len(jsonapi.dumps(s)):
                    return cand
        return s
    return _walk(value, None, visit)


def _numbers(value: Any, key: str | None = None) -> Iterator[int]:
    """The numbers a published v4 value uses for strings."""
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, int):
        if key not in INTEGERS:
            yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _numbers(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _numbers(v, key)


def numbering(counts: Mapping[str, int]) -> list[str]:
    """The shared strings in order: most used first (then by text), each kept only if its
    number saves bytes (`uses × (its JSON bytes − the number's digits)` more than the
    string costs once in strings.json)."""
    table: list[str] = []
    for s, n in sorted(((s, n) for s, n in counts.items() if n > 1),
                       key=lambda sn: (-sn[1], sn[0])):
        size = len(jsonapi.dumps(s)) - 1  # without the newline
        if n * (size - len(str(len(table)))) > size + 1:
            table.append(s)
    return table


def publish(v3_docs: Sequence[tuple[str, str]], v3_texts: str
            ) -> Iterator[tuple[str, str]]:
    """v4's documents (path, text) and last strings.json, from v3's published documents
    (`v3_docs`: api/v3/… path and text, the index among them) and v3's texts.json."""
    texts = json.loads(v3_texts)["texts"]

    def inlined(rel: str, text: str) -> str:
        data = inline(json.loads(text), texts)
        if rel == jsonapi3.INDEX:
            data = index_of_v3(data)
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    # each document inlined once and kept as compact JSON text (about the size of the
    # documents themselves): the passes below parse it again in C, instead of walking
    # and inlining it in Python four times
    docs = [(rel, inlined(rel, text)) for rel, text in sorted(v3_docs)]

    counts: Counter[str] = Counter()
    for _, text in docs:
        _count(json.loads(text), counts)
    whole = frozenset(numbering(counts))  # then the sentences of the texts left whole
    for _, text in docs:
        _count(json.loads(text), counts, whole)
    table = numbering(counts)
    # a sentence counted in a text that is then written whole (its sentences would not
    # be shorter) may be left unused: leave it out (the others' numbers only get
    # shorter, so every string left is still used)
    used: set[int] = set()
    first = {s: i for i, s in enumerate(table)}
    for _, text in docs:
        used.update(_numbers(_replace(json.loads(text), first)))
    table = [s for i, s in enumerate(table) if i in used]
    number = {s: i for i, s in enumerate(table)}
    for rel, text in docs:
        yield of_v3(rel), jsonapi.dumps(_replace(json.loads(text), number))
    yield STRINGS, jsonapi.dumps({"version": 4, "strings": table})


def index_of_v3(data: dict[str, Any]) -> dict[str, Any]:
    """v3's index (texts inline) as v4's: version 4, v4's paths, strings.json for texts."""
    out = {"version": 4, **{k: v for k, v in data.items() if k not in ("version", "texts")}}
    out["strings"] = STRINGS
    out["schemas"] = {n: schema_path(n) for n in SCHEMAS}
    for name in ("ingredients", "pages"):
        table: Any = out.get(name)
        if jsonapi3.is_table(table):
            cols = table["columns"]
            table["rows"] = [[of_v3(c) if isinstance(c, str) and col in ("document", "json")
                              else c for col, c in zip(cols, row, strict=False)]
                             for row in table["rows"]]
    return out


# -- reading ------------------------------------------------------------------------------
def decode(value: Any, strings: Sequence[str], key: str | None = None) -> Any:
    """A v4 document with every number in its place as its string (but `INTEGERS`): v3's
    shape (tables kept), every text written out. `jsonapi3.decode(that, {})` gives
    objects."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return value if key in INTEGERS else strings[value]
    if key in TEXT_NAMES and isinstance(value, list):  # a text's sentences
        return " ".join(decode(v, strings) for v in value)
    if jsonapi3.is_table(value):
        cols = [decode(c, strings) for c in value["columns"]]
        return {"columns": cols,
                "rows": [[decode(c, strings, n) for n, c in zip(cols, row, strict=False)]
                         for row in value["rows"]]}
    if isinstance(value, dict):
        return {k: decode(v, strings, k) for k, v in value.items()}
    if isinstance(value, list):
        return [decode(v, strings, key) for v in value]
    return value


def read_objects(value: Any, strings: Sequence[str]) -> Any:
    """A v4 document as plain objects: every string in place, every table as a list of
    objects (v1's field names, as v3's `decode` gives them)."""
    return jsonapi3.decode(decode(value, strings), {})


def read(site: Path, rel: str | Path) -> Any:
    """The v4 document at `rel` in the built `site` as plain objects (`read_objects`)."""
    strings = json.loads((site / STRINGS).read_text("utf-8"))["strings"]
    return read_objects(json.loads((site / rel).read_text("utf-8")), strings)


# -- schemas ------------------------------------------------------------------------------
REF = {"$ref": "strings.schema.json#/$defs/string_ref"}
SENTENCES = {"type": "array", "minItems": 2, "items": {"anyOf": [{"type": "string"}, REF]},
             "description": "the text's sentences, each a string or a number into "
                            "strings.json, joined by one space"}


@cache
def schema_text(name: str) -> str:
    """A v4 document's JSON Schema: v3's with every string also allowed as a number into
    strings.json (made from v3's, so the two never disagree)."""
    if name == "strings":
        return json.dumps(_strings_schema(), ensure_ascii=False, indent=1) + "\n"
    schema = _conv(copy.deepcopy(json.loads(jsonapi3.schema_text(name))), None)
    schema["title"] = schema["title"].replace("API v3", "API v4")
    props = schema.get("properties", {})
    if "version" in props:
        props["version"] = {"const": 4}
    if name == "index":
        props.pop("texts", None)
        props["strings"] = {"type": "string", "description": "where strings.json is"}
        req = schema.get("required", [])
        schema["required"] = [("strings" if r == "texts" else r) for r in req]
    return json.dumps(schema, ensure_ascii=False, indent=1) + "\n"


def _is_string(node: Mapping[str, Any]) -> bool:
    t = node.get("type")
    if t == "string" or (isinstance(t, list) and "string" in t):
        return True
    if "enum" in node:
        return any(isinstance(e, str) for e in node["enum"])
    return isinstance(node.get("const"), str)


def _conv(node: Any, key: str | None) -> Any:
    if isinstance(node, list):
        return [_conv(n, key) for n in node]
    if not isinstance(node, dict):
        return node
    if node.get("$ref") == "texts.schema.json#/$defs/text_ref":
        return {k: v for k, v in node.items() if k != "$ref"} | {
            "anyOf": [{"type": "string"}, REF, SENTENCES]}
    out: dict[str, Any] = {}
    for k, v in node.items():
        if k in ("properties", "$defs"):
            out[k] = {p: _conv(s, p) for p, s in v.items()}
        elif k in ("items", "anyOf", "oneOf", "allOf", "additionalProperties", "contains",
                   "prefixItems", "not"):
            out[k] = _conv(v, key)
        else:
            out[k] = v
    if _is_string(out) and key not in INTEGERS:
        return {"anyOf": [out, REF]}
    return out


def _strings_schema() -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "strings.schema.json",
        "title": "apothecary API v4: the shared strings",
        "description": (
            "Every string the API's documents use more than once (where a number saves "
            "bytes), each stated once, most used first. In a v4 document every integer is "
            "one of these strings (its position in `strings`, from 0), except the values of "
            "`version`, `count` and a page's `claims` counts."),
        "type": "object", "required": ["version", "strings"], "additionalProperties": False,
        "properties": {"version": {"const": 4},
                       "strings": {"type": "array", "items": {"type": "string"}}},
        "$defs": {"string_ref": {
            "type": "integer", "minimum": 0,
            "description": "a string of strings.json: its position in `strings`"}},
    }

