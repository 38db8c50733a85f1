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

The numbering depends on every document, so the main process publishes v4 once every
process has left its drafts in the build state (`publish_drafts`): count the strings, then
the sentences of the texts left whole, find the strings no document ends up using, then
write. Each draft carries its document's flat form (`draft`, `flat_of`), made where the
document is rendered, so this step never walks a document in Python; `publish` does the
same from v3's published documents, and `publish_reference` is the first, plain version
all three must agree with byte for byte (tested).

A rebuild keeps the numbers of the site it replaces (`kept_numbering`, session 20): its
strings stay where they were, a string no document uses any more leaves an empty place, and
the new ones are appended; so a page added changes only the documents using its new
strings. When those empty places and new strings pass KEEP_WASTE of the table, the strings
are numbered afresh, as a build into an empty folder always does.
"""

from __future__ import annotations

import copy
import itertools
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any, cast

from pydantic_core import PydanticSerializationError, to_json

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
    ranked = [(-n, s) for s, n in counts.items() if n > 1]
    ranked.sort()
    for n, s in ranked:
        size = _jlen(s)
        if -n * (size - len(str(len(table)))) > size + 1:
            table.append(s)
    return table


_PLAIN = re.compile(r'[^"\\\x00-\x1f\ud800-\udfff]*')  # no character JSON escapes


def _jlen(s: str) -> int:
    """The length of `jsonapi.dumps(s)` without its newline."""
    return len(s) + 2 if _PLAIN.fullmatch(s) else len(jsonapi.dumps(s)) - 1


def _jstr(s: str) -> str:
    """`jsonapi.dumps(s)` without its newline."""
    return f'"{s}"' if _PLAIN.fullmatch(s) else jsonapi.dumps(s)[:-1]


def publish(v3_docs: Sequence[tuple[str, str]], v3_texts: str,
            previous: Sequence[str] | None = None) -> Iterator[tuple[str, str]]:
    """v4's documents (path, text) and last strings.json, from v3's published documents
    (`v3_docs`: api/v3/… path and text, the index among them) and v3's texts.json: the
    same bytes as `publish_reference` (tested) and as `publish_drafts`, which the build
    uses (`previous`: as there)."""
    texts = json.loads(v3_texts)["texts"]
    flats = [(rel, flat_of(json.loads(text), texts, rel == jsonapi3.INDEX))
             for rel, text in sorted(v3_docs)]
    return _publish(lambda: flats, previous)


def publish_drafts(v3_index: str, drafts: Iterable[str], read: Callable[[str], str],
                   previous: Sequence[str] | None = None) -> Iterator[tuple[str, str]]:
    """v4's documents (path, text) and last strings.json, from v3's index and the drafts
    the processes left in the build state (their paths; `read` gives a draft's text),
    each with its document's flat form (`draft`): v3's documents need not be published.

    Why flat forms: a page added or removed can renumber the strings, so a rebuild may
    write every document again (issue 14); the flat forms are made once per document, where it
    is rendered (in parallel, and linked unchanged by a later build with the draft), so
    this step only counts and numbers each distinct string once and puts each string's
    encoding back in its document's template (C-level joins), without walking any
    document in Python.

    Bounded memory: with more than HOLD_DRAFTS drafts, they are read twice, once to
    count their strings and once to write each document, so no more than one document's
    flat form is held at a time; with fewer, every flat form is held from the count to the
    writing (37 MB on the 4,000-line list, 3,865 drafts, where a second read would cost
    0.3-0.6 CPU-s).

    `previous`: the strings of the site this build replaces (its strings.json): a rebuild
    keeps their numbers while that wastes little (`kept_numbering`), so a page added
    changes the documents that use its new strings, not every document."""
    index = flat_of(json.loads(v3_index), {}, True)
    where = {jsonapi3.published_path(rel): rel for rel in drafts}
    order = sorted([jsonapi3.INDEX, *where])

    def flats() -> Iterator[tuple[str, Flat]]:
        for rel in order:
            yield rel, index if rel == jsonapi3.INDEX else _flat_of_draft(read(where[rel]))
    if len(where) <= HOLD_DRAFTS:
        held = list(flats())
        return _publish(lambda: held, previous)
    return _publish(flats, previous)


HOLD_DRAFTS = 8_000  # see `publish_drafts`


def draft(doc_v2: dict[str, Any], texts: jsonapi.Texts) -> str:
    """A document's draft in the build state: v3's (`jsonapi3.draft`: its texts, its v3 form
    with marks) and a third line, its flat form for v4 (`flat_of`)."""
    v3 = jsonapi3.encode(doc_v2, lambda tid: texts[tid] if isinstance(tid, str)
                         and tid in texts else {"$t": tid})  # every text in its place
    flat = flat_of(json.loads(jsonapi.dumps(v3)), {}, False)
    return jsonapi3.draft(doc_v2, texts) + jsonapi.dumps(list(flat))


Flat = tuple[str, list[str], list[int]]
"""A v3 document (texts in place) as v4 will write it: its compact JSON with a mark for each
string (the template), its strings in order as tokens (`_token`), and the integers v3
wrote where `_numbers` looks for strings' numbers."""


def _flat_of_draft(text: str) -> Flat:
    lines = text.split("\n")
    if len(lines) > 3 and lines[2]:  # the flat form made with the draft
        template, tokens, ints = json.loads(lines[2])
        return template, list(map(sys.intern, tokens)), ints
    texts = json.loads(lines[0])
    body = jsonapi3.MARK.sub(lambda m: jsonapi.dumps(texts[m.group(1)])[:-1], lines[1])
    return flat_of(json.loads(body), {}, False)


# a token: the string after one digit, `mode + 3 * (not counted)`, where mode says how it
# may be written (0: a plain string, 1: a text that may be its sentences, 2: a locator
# that may be its words) and `counted` whether `_numbers` would read its number as used
# (it is not under an `INTEGERS` field)
_MODES = {"locator": 2, **{n: 1 for n in TEXT_NAMES if n != "locator"}}
_MARK = "\0"  # each string's place in a document's template
_MARK_JSON = '"\\u0000"'
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def flat_of(data: Any, texts: Mapping[str, str], index: bool) -> Flat:
    """`data` (a v3 document as published; texts by `[id]` from `texts`, or in place) in
    its flat form, found in one walk with `_walk`'s fields (a table's cells: their
    column's). A document whose template cannot be encoded as `jsonapi.dumps` would (a
    lone surrogate in a field name) has no template: its text is kept whole instead."""
    if index:
        data = index_of_v3(inline(data, texts))
    tokens: list[str] = []
    ints: set[int] = set()

    def slot(s: str, key: str | None, nkey: str | None) -> str:
        tokens.append("012345"[_MODES.get(key or "", 0) + (3 if nkey in INTEGERS else 0)]
                      + s)
        return _MARK

    def walk(value: Any, key: str | None, nkey: str | None) -> Any:
        if isinstance(value, str):
            return slot(value, key, nkey)
        if key in TEXT_NAMES and isinstance(value, list):
            return slot(texts[value[0]], key, nkey)  # as `inline` does
        if isinstance(value, dict):
            if jsonapi3.is_table(value):
                cols = value["columns"]
                return {"columns": [walk(c, None, "columns") for c in cols],
                        "rows": [[walk(c, n, "rows") for n, c in zip(cols, row, strict=False)]
                                 for row in value["rows"]]}
            return {k: walk(v, k, k) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, key, nkey) for v in value]
        if isinstance(value, int) and not isinstance(value, bool) and nkey not in INTEGERS:
            ints.add(value)
        return value

    marked = walk(data, None, None)
    try:  # the encoder `jsonapi.dumps` uses, without its fallback (see `_write`)
        template = to_json(marked).decode("utf-8")
    except PydanticSerializationError:
        template = ""
    if not template or template.count(_MARK_JSON) != len(tokens):
        template = "\0" + json.dumps(inline(data, texts), ensure_ascii=False)
    return template, tokens, sorted(ints)


def _publish(flats: Callable[[], Iterable[tuple[str, Flat]]],
             previous: Sequence[str] | None = None) -> Iterator[tuple[str, str]]:
    """v4's documents and last strings.json from every v3 document's flat form (`flats`
    gives them in path order, twice: to count, then to write): the numbering of
    `publish_reference`, looking at each distinct string once."""
    tokens: Counter[str] = Counter()
    used: set[int] = set()  # numbers v3 itself wrote where `_numbers` reads strings' numbers
    for _, (_, toks, ints) in flats():
        tokens.update(toks)
        used.update(ints)
    counts: Counter[str] = Counter()
    for tok, uses in tokens.items():
        counts[tok[1:]] += uses
    whole = frozenset(numbering(counts))  # then the sentences of the texts left whole
    split: dict[str, list[str]] = {}  # each text token's pieces, split once
    for tok, uses in tokens.items():
        mode = int(tok[0]) % 3
        if not whole:  # as `_count` does with nothing known: every string again
            counts[tok[1:]] += uses
        elif mode and tok[1:] not in whole:
            parts = split[tok] = pieces(tok[1:], "locator" if mode == 2 else None)
            if len(parts) > 1:
                for p in parts:
                    counts[p] += uses
    table = numbering(counts)
    del counts, whole  # each distinct string once more: not held while the rest is made
    # a sentence counted in a text that is then written whole may be left unused: leave it
    # out (the others' numbers only get shorter, so every string left is still used)
    raw = frozenset(used)
    used |= _used({s: i for i, s in enumerate(table)}, tokens, split)
    table = [s for i, s in enumerate(table) if i in used]
    if previous is not None:
        table = kept_numbering(previous, table, tokens, split, raw) or table
    number = {s: i for i, s in enumerate(table) if s}
    get = number.get
    enc: dict[str, str | None] = {}
    for tok in tokens:
        if _SURROGATE.search(tok):
            enc[tok] = None
            continue
        n = get(tok[1:])
        if n is not None:
            enc[tok] = str(n)
        elif tok[0] in "03":
            enc[tok] = _jstr(tok[1:])
        else:
            value = _encode(tok, number, split)
            enc[tok] = _jstr(value) if isinstance(value, str) else \
                "[" + ",".join(str(v) if isinstance(v, int) else _jstr(v) for v in value) + "]"
    del tokens, split
    for rel, flat in flats():
        yield of_v3(rel), _write(flat, enc, number)
    yield STRINGS, jsonapi.dumps({"version": 4, "strings": table})


def _used(number: Mapping[str, int], tokens: Iterable[str],
          split: dict[str, list[str]]) -> set[int]:
    """The numbers the documents' strings (`tokens`) are written with under `number`."""
    used: set[int] = set()
    get = number.get
    for tok in tokens:
        kind = tok[0]
        if kind == "0":  # most are: a plain string is its number or itself
            n = get(tok[1:])
            if n is not None:
                used.add(n)
        elif kind < "3":
            value = _encode(tok, number, split)
            if isinstance(value, int):
                used.add(value)
            elif isinstance(value, list):
                used.update(v for v in value if isinstance(v, int))
    return used


KEEP_WASTE = 0.05  # see `kept_numbering`


def kept_numbering(previous: Sequence[str], fresh: Sequence[str], tokens: Iterable[str],
                   split: dict[str, list[str]], raw: Container[int] = frozenset()
                   ) -> list[str] | None:
    """The previous build's numbering, kept (issue 14): each of its strings keeps its
    number, a string no document uses any more is left as "" in its place, and the strings
    a fresh numbering (`fresh`) adds are appended in its order. None (number afresh, as a
    first build does) when the slots left empty and the strings appended together pass
    KEEP_WASTE of the table, or when `previous` is not a table this module wrote (repeated
    strings). A kept numbering gives other bytes than a fresh build, never other words:
    every document decodes to the fresh build's (tested)."""
    if any(not isinstance(s, str) for s in previous):
        return None
    pos = {s: i for i, s in enumerate(previous) if s}
    if len(pos) != sum(1 for s in previous if s):
        return None
    tokens = list(tokens)
    added = [s for s in fresh if s not in pos]
    table = [*previous, *added]
    used = _used({s: i for i, s in enumerate(table) if s}, tokens, split)
    used.update(n for n in range(len(table)) if n in raw)  # (as `_publish` keeps them)
    added = [s for n, s in enumerate(added, len(previous)) if n in used]
    table = [s if n in used else "" for n, s in enumerate(previous)] + added
    empty = sum(1 for s in table if not s)
    if not table or (empty + len(added)) > KEEP_WASTE * len(table):
        return None
    return table


def _encode(tok: str, number: Mapping[str, int], split: dict[str, list[str]]) -> Any:
    """What `_replace` writes for this string: its number, its pieces, or itself."""
    s, mode = tok[1:], int(tok[0]) % 3
    n = number.get(s)
    if n is not None:
        return n
    if mode:
        parts = split.get(tok)
        if parts is None:
            parts = split[tok] = pieces(s, "locator" if mode == 2 else None)
        if len(parts) > 1:
            cand = [number.get(p, p) for p in parts]
            # len(jsonapi.dumps(cand)) < len(jsonapi.dumps(s)), counted (no lone surrogate
            # here: `jsonapi.dumps` would write the whole list in ASCII)
            size = len(cand) + 1 + sum(len(str(c)) if isinstance(c, int) else _jlen(c)
                                       for c in cand) \
                if _SURROGATE.search(s) is None else len(jsonapi.dumps(cand)) - 1
            if size < _jlen(s):
                return cand
    return s


def _write(flat: Flat, enc: Mapping[str, str | None], number: Mapping[str, int]) -> str:
    """The published document: each string's encoding in its mark, or (no template, or a
    string UTF-8 cannot hold, whose document `jsonapi.dumps` writes in ASCII) as
    `publish_reference` writes it."""
    template, tokens, _ = flat
    values = list(map(enc.__getitem__, tokens))
    if template.startswith("\0"):
        return jsonapi.dumps(_replace(json.loads(template[1:]), number))
    parts = template.split(_MARK_JSON)
    if None in values:
        data = json.loads(parts[0] + "".join(itertools.chain.from_iterable(
            zip((json.dumps(t[1:]) for t in tokens), parts[1:], strict=True))))
        return jsonapi.dumps(_replace(data, number))
    return parts[0] + "".join(itertools.chain.from_iterable(
        zip(cast(list[str], values), parts[1:], strict=True))) + "\n"


def publish_reference(v3_docs: Sequence[tuple[str, str]], v3_texts: str
            ) -> Iterator[tuple[str, str]]:
    """`publish` as first written (four walks of every document in Python): the
    definition `publish` must give byte for byte (tested), kept as the reference."""
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
    strings.json (made from v3's, so the two never disagree); compact JSON like the
    documents it describes (issue 14, round 11: half the bytes of the indented form)."""
    if name == "strings":
        return json.dumps(_strings_schema(), ensure_ascii=False, separators=(",", ":")) + "\n"
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
    return json.dumps(schema, ensure_ascii=False, separators=(",", ":")) + "\n"


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

