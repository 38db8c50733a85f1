"""The JSON API v3 (on request, `api_v3`; v4 is the default): v2's documents with each
list of objects as a table and each text written in the one document that uses it, or
shared in api/v3/texts.json; every document valid against its schema; read back, every
document says what its v2 document says; the same bytes after a rebuild and for any number
of processes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from apikit import MORE, load, validators_of
from apothecary.knowledge.store import KnowledgeBase
from apothecary.render import jsonapi, jsonapi3, jsonapi4
from apothecary.site import pipeline, state, workers
from sitekit import entry
from test_api_v2 import contents

jsonschema = pytest.importorskip("jsonschema")


@pytest.fixture
def site(tiny_kb: KnowledgeBase, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """A site with v2 and v3 beside v4, to compare them."""
    out = tmp_path / "site"
    return out, pipeline.build_site(MORE, tiny_kb, out, jobs=1, api_v2=True, api_v3=True)


def validators(out: Path) -> dict[str, Any]:
    return validators_of({n: load(out / jsonapi3.schema_path(n)) for n in jsonapi3.SCHEMAS})


def refs_in(doc: Any) -> list[str]:
    """Every shared text a v3 document names (`[id]` in a text field or column)."""
    found: list[str] = []
    if jsonapi3.is_table(doc):
        for row in doc["rows"]:
            for col, cell in zip(doc["columns"], row, strict=False):
                found += [cell[0]] if col in jsonapi3.TEXT_NAMES and isinstance(cell, list) \
                    else refs_in(cell)
    elif isinstance(doc, dict):
        for k, v in doc.items():
            found += [v[0]] if k in jsonapi3.TEXT_NAMES and isinstance(v, list) else refs_in(v)
    elif isinstance(doc, list):
        for v in doc:
            found += refs_in(v)
    return found


def without_nulls(doc: Any) -> Any:
    """A v2 document read with its texts, fields holding null left out (a table's null cell
    is a field left out: the schema's default)."""
    if isinstance(doc, dict):
        return {k: without_nulls(v) for k, v in doc.items() if v is not None}
    if isinstance(doc, list):
        return [without_nulls(v) for v in doc]
    return doc


def test_every_v3_document_validates(site: tuple[Path, Any]) -> None:
    out, report = site
    v = validators(out)
    index = load(out / jsonapi3.INDEX)
    v["index"].validate(index)
    assert index["version"] == 3 and index["texts"] == jsonapi3.TEXTS
    assert set(index["pages"]) == {"columns", "rows"}  # a table
    v["texts"].validate(load(out / jsonapi3.TEXTS))
    assert len(list((out / "api/v3/pages").iterdir())) == len(report["pages"]) == index["count"]
    for p in report["pages"]:
        assert p["json"].startswith("api/v4/pages/")
        v["page"].validate(load(out / jsonapi4.v3_of(p["json"])))
    docs = sorted((out / "api/v3/ingredients").iterdir())
    read = jsonapi3.decode(index, {})
    assert docs and [out / i["document"] for i in read["ingredients"]] == docs
    for doc in docs:
        v["ingredient"].validate(load(doc))
    for name in jsonapi3.SCHEMAS:
        assert (out / jsonapi3.schema_path(name)).read_text("utf-8") == \
            jsonapi3.schema_text(name)
    # the schemas hold: a wrong cell, a column no object has, a row too long (a cell is
    # checked against the fields a column of that table can be, not its own column)
    page = load(out / jsonapi4.v3_of(report["pages"][0]["json"]))
    assert v["page"].is_valid(page)
    bad = json.loads(json.dumps(page))
    bad["sections"]["rows"][0][0] = 7  # an id must be a string
    assert not v["page"].is_valid(bad)
    bad = json.loads(json.dumps(page))
    bad["sections"]["columns"].append("colour")
    assert not v["page"].is_valid(bad)
    statements = next(c for r in page["sections"]["rows"] for c in r if jsonapi3.is_table(c))
    statements["rows"][0][statements["columns"].index("text")] = 7  # a text or [id]
    assert not v["page"].is_valid(page)
    statements["rows"][0] = ["a"] * 8  # more cells than a statement has fields
    assert not v["page"].is_valid(page)


def test_only_v4_is_written_by_default(tiny_kb: KnowledgeBase, tmp_path: Path) -> None:
    out = tmp_path / "site"
    pipeline.build_site(MORE, tiny_kb, out, jobs=1)
    assert sorted(p.name for p in (out / "api").iterdir()) == ["interactions.json", "v4"]
    assert not (out / jsonapi.TEXTS_DIR).exists()  # the drafts: the build state's
    assert any((state.state_dir(out) / jsonapi3.DRAFTS).rglob("*.json"))


def test_v3_says_what_v2_says(site: tuple[Path, Any]) -> None:
    """Content moves, it is not dropped: every v3 document read with texts.json (tables as
    objects, each text in its place) is its v2 document read with v2's texts.json; a text
    is shared only when two documents or more use it, and written in place otherwise."""
    out, report = site
    texts3 = load(out / jsonapi3.TEXTS)["texts"]
    texts2 = load(out / jsonapi.TEXTS_V2)["texts"]
    v3_docs = sorted(p for p in (out / "api/v3").rglob("*.json")
                     if p.parent.name in ("pages", "ingredients"))
    assert len(v3_docs) == len(report["pages"]) + len(list((out / "api/v2/ingredients").iterdir()))
    users: dict[str, int] = {}
    for path in v3_docs:
        doc = load(path)
        for tid in set(refs_in(doc)):
            users[tid] = users.get(tid, 0) + 1
        v2 = load(out / jsonapi3.v2_of(str(path.relative_to(out))))
        assert jsonapi3.decode(doc, texts3) == without_nulls(jsonapi.inline_texts(v2, texts2))
    assert set(users) == set(texts3)  # every shared text used, none missing
    assert min(users.values()) >= 2  # and used by two documents or more
    assert set(texts3) < set(texts2)  # the others are written where they are used
    index2 = load(out / jsonapi.INDEX_V2)
    index3 = jsonapi3.decode(load(out / jsonapi3.INDEX), {})
    for i in index2["ingredients"]:
        i["document"] = jsonapi3.of_v2(i["document"])
    for p in index2["pages"]:
        p["json"] = jsonapi3.of_v2(p["json"])
    assert {k: v for k, v in index3.items() if k not in ("version", "texts", "schemas")} == \
        without_nulls({k: v for k, v in index2.items()
                       if k not in ("version", "texts", "schemas")})
    # a text on every page (the disclaimer) is stated once
    assert len([t for t in texts3.values() if t.startswith("This page is for general")]) == 1


def test_v2_on_request_adds_only_api_v2(site: tuple[Path, Any], tiny_kb: KnowledgeBase,
                                        tmp_path: Path) -> None:
    out, _ = site
    pipeline.build_site(MORE, tiny_kb, plain := tmp_path / "plain", jobs=1, api_v3=True)
    with_v2 = contents(out)
    assert {r: d for r, d in with_v2.items() if not r.startswith("api/v2/")} == \
        contents(plain)
    assert load(out / jsonapi.INDEX_V2)["version"] == 2


def test_a_rebuild_gives_the_bytes_of_a_fresh_build(
    tiny_kb: KnowledgeBase, tmp_path: Path
) -> None:
    """A page linked unchanged keeps its draft, so texts.json and each document's shared
    texts come out as a fresh build's; a page added or removed can make a text shared or
    one document's again, and the documents using it follow."""
    out = tmp_path / "site"
    pipeline.build_site(MORE, tiny_kb, out, jobs=1, api_v3=True)
    more = [*MORE, entry(10, "DB00331", "DB00682", text="Metformin + Warfarin")]
    pipeline.build_site(more, tiny_kb, out, jobs=1, api_v3=True)
    pipeline.build_site(more, tiny_kb, fresh := tmp_path / "fresh", jobs=1, api_v3=True)
    assert contents(out) == contents(fresh)
    assert any(r.startswith("api/v3/") for r in contents(out))
    assert any(r.startswith("api/v4/") for r in contents(out))
    fewer = MORE[:-2]
    pipeline.build_site(fewer, tiny_kb, out, jobs=1, allow_shrink=True, api_v3=True)
    pipeline.build_site(fewer, tiny_kb, fresh2 := tmp_path / "fresh2", jobs=1, api_v3=True)
    assert contents(out) == contents(fresh2)


def test_one_and_two_processes_give_the_same_bytes(
    tiny_kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not workers.can_fork():
        pytest.skip("no fork on this platform")
    monkeypatch.setattr(pipeline, "MIN_PAGES_PER_JOB", 1)
    pipeline.build_site(MORE, tiny_kb, one := tmp_path / "one", jobs=1, api_v3=True)
    pipeline.build_site(MORE, tiny_kb, two := tmp_path / "two", jobs=2, api_v3=True)
    api = {r: d for r, d in contents(one).items() if r.startswith("api/")}
    assert len(api) > 10
    assert api == {r: d for r, d in contents(two).items() if r.startswith("api/")}


def test_tables_keep_every_field_and_leave_out_trailing_defaults() -> None:
    t1, t2, t3 = (jsonapi.text_id(t) for t in ("one", "two", "three"))
    rows = [{"id": "a", "text_id": t1, "fact_ids": ["f1"]},
            {"id": "b", "verified": False},
            {"id": "c", "text_id": t2, "label_id": t3}]
    table = jsonapi3.encode({"items": rows, "names": ["x", "y"], "empty": []})
    assert table == {"items": {"columns": ["id", "text", "fact_ids", "verified", "label"],
                               "rows": [["a", [t1], ["f1"]], ["b", None, None, False],
                                        ["c", [t2], None, None, [t3]]]},
                     "names": ["x", "y"], "empty": []}
    texts = {t1: "one", t2: "two", t3: "three"}
    assert jsonapi3.decode(table, texts)["items"] == jsonapi.inline_texts(rows, texts)
    parts = {".texts/api/v3/pages/a.json": jsonapi3.draft(
                 {"items": rows[:1]}, jsonapi.Texts({t1: "one"})),
             ".texts/api/v3/pages/b.json": jsonapi3.draft(
                 {"items": rows[2:]}, jsonapi.Texts({t2: "two", t3: "three"})),
             ".texts/api/v3/pages/c.json": jsonapi3.draft(
                 {"text_id": t3, "note": '{"$t":"' + t1 + '"}'}, jsonapi.Texts({t3: "three"}))}
    out = dict(jsonapi3.publish(parts, parts.__getitem__))
    assert json.loads(out["api/v3/pages/a.json"])["items"]["rows"] == [["a", "one", ["f1"]]]
    assert json.loads(out["api/v3/pages/b.json"])["items"]["rows"] == [["c", "two", [t3]]]
    # a text that looks like a mark stays as it is
    assert json.loads(out["api/v3/pages/c.json"]) == {"text": [t3], "note": '{"$t":"' + t1 + '"}'}
    assert json.loads(out[jsonapi3.TEXTS]) == {"version": 3, "texts": {t3: "three"}}
    clash = {**parts, "x": jsonapi3.draft({}, jsonapi.Texts({t3: "other"}))}
    with pytest.raises(ValueError, match="share the id"):
        list(jsonapi3.publish(clash, clash.__getitem__))
