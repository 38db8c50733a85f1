"""The JSON API v4 (the default): v3's documents with every text in its place and every
string used more than once as a number into api/v4/strings.json; every document valid
against its schema; read back, every document says what its v3 document says; the same
bytes for any number of processes, and after a rebuild that numbers afresh."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from apikit import MORE, load, validators_of
from apothecary.knowledge.store import KnowledgeBase
from apothecary.render import jsonapi3, jsonapi4
from apothecary.site import pipeline, workers
from sitekit import entry
from test_api_v2 import contents

jsonschema = pytest.importorskip("jsonschema")


@pytest.fixture
def site(tiny_kb: KnowledgeBase, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """A site with v3 beside v4, to compare them."""
    out = tmp_path / "site"
    return out, pipeline.build_site(MORE, tiny_kb, out, jobs=1, api_v3=True)


def validators(out: Path) -> dict[str, Any]:
    return validators_of({n: load(out / jsonapi4.schema_path(n)) for n in jsonapi4.SCHEMAS})


def numbers_in(doc: Any, key: str | None = None) -> list[int]:
    """Every number a v4 document uses for a string."""
    if isinstance(doc, bool) or doc is None:
        return []
    if isinstance(doc, int):
        return [] if key in jsonapi4.INTEGERS else [doc]
    if jsonapi3.is_table(doc):
        cols = doc["columns"]
        found = numbers_in(cols)
        names = [c if isinstance(c, str) else None for c in cols]  # named by number: a string
        for row in doc["rows"]:
            for col, cell in zip(names, row, strict=False):
                found += numbers_in(cell, col)
        return found
    if isinstance(doc, dict):
        return [n for k, v in doc.items() for n in numbers_in(v, k)]
    if isinstance(doc, list):
        return [n for v in doc for n in numbers_in(v, key)]
    return []


def v4_docs(out: Path) -> list[Path]:
    return sorted(p for p in (out / jsonapi4.API).rglob("*.json")
                  if p.parent.name in ("pages", "ingredients"))


def test_every_v4_document_validates(site: tuple[Path, Any]) -> None:
    out, report = site
    v = validators(out)
    index = load(out / jsonapi4.INDEX)
    v["index"].validate(index)
    assert index["version"] == 4 and index["strings"] == jsonapi4.STRINGS
    strings = load(out / jsonapi4.STRINGS)
    v["strings"].validate(strings)
    read = jsonapi4.read(out, jsonapi4.INDEX)
    assert read["count"] == len(report["pages"]) == len(list((out / "api/v4/pages").iterdir()))
    for p in report["pages"]:
        assert p["json"].startswith("api/v4/pages/")
        v["page"].validate(load(out / p["json"]))
    assert [p["json"] for p in read["pages"]] == [p["json"] for p in report["pages"]]
    docs = sorted((out / "api/v4/ingredients").iterdir())
    assert docs and sorted(out / i["document"] for i in read["ingredients"]) == docs
    for doc in docs:
        v["ingredient"].validate(load(doc))
    assert read["schemas"] == {n: jsonapi4.schema_path(n) for n in jsonapi4.SCHEMAS}
    for name in jsonapi4.SCHEMAS:
        assert (out / jsonapi4.schema_path(name)).read_text("utf-8") == \
            jsonapi4.schema_text(name)
    # the schemas hold: a number is a string's (never negative, never a fraction), the
    # counts are numbers, a column no object has is refused
    page = load(out / report["pages"][0]["json"])
    assert v["page"].is_valid(page)
    for bad_value in (-1, 1.5, {"x": 1}, True):
        bad = json.loads(json.dumps(page))
        bad["sections"]["rows"][0][0] = bad_value
        assert not v["page"].is_valid(bad), bad_value
    bad = json.loads(json.dumps(page))
    bad["claims"]["supported"] = "two"
    assert not v["page"].is_valid(bad)
    bad = json.loads(json.dumps(page))
    bad["sections"]["columns"].append("colour")
    assert not v["page"].is_valid(bad)
    assert not v["index"].is_valid({**index, "version": 3})


def test_v4_says_what_v3_says(site: tuple[Path, Any]) -> None:
    """Content moves, it is not dropped: every v4 document read with strings.json is its
    v3 document read with texts.json, and every shared string is used twice or more."""
    out, report = site
    strings = load(out / jsonapi4.STRINGS)["strings"]
    texts3 = load(out / jsonapi3.TEXTS)["texts"]
    docs = v4_docs(out)
    assert len(docs) == len(report["pages"]) + len(list((out / "api/v3/ingredients").iterdir()))
    uses: Counter[int] = Counter()
    for path in [*docs, out / jsonapi4.INDEX]:
        doc = load(path)
        uses.update(numbers_in(doc))
        v3 = load(out / jsonapi4.v3_of(str(path.relative_to(out))))
        if path.name == "index.json":
            v3 = jsonapi4.index_of_v3(jsonapi4.inline(v3, texts3))
            assert jsonapi4.decode(doc, strings) == v3
            continue
        assert jsonapi4.decode(doc, strings) == jsonapi4.inline(v3, texts3)
        assert jsonapi4.read_objects(doc, strings) == jsonapi3.decode(v3, texts3)
    assert set(uses) == set(range(len(strings)))  # every string used, none missing
    assert min(uses.values()) >= 1  # (almost all many times)
    assert len(set(strings)) == len(strings)
    # the most used strings come first, so they have the shortest numbers
    assert [uses[i] for i in range(len(strings))][:3] == \
        sorted((uses[i] for i in range(len(strings))), reverse=True)[:3]
    # a text on every page (the disclaimer) is stated once, and no [id] is left
    assert len([s for s in strings if s.startswith("This page is for general")]) == 1


def test_numbering_keeps_a_string_only_where_it_saves_bytes() -> None:
    counts = {"a long string used twice": 2, "x": 50, "once only, so inline": 1,
              "common": 30, "y": 2}
    table = jsonapi4.numbering(counts)
    # "y" twice would cost as many bytes as a number and its entry; "x" 50 times would not
    assert table == ["x", "common", "a long string used twice"]
    doc = {"version": 4, "count": 3, "claims": {"supported": 1, "removed": 0,
                                                "unverified": 0},
           "t": {"columns": ["common", "text"], "rows": [["x", "common"], [True, None]]},
           "l": ["a long string used twice", "common"]}
    number = {s: i for i, s in enumerate(table)}
    published = jsonapi4._replace(doc, number)
    assert published["t"] == {"columns": [1, "text"], "rows": [[0, 1], [True, None]]}
    assert published["l"] == [2, 1] and published["count"] == 3
    assert jsonapi4.decode(published, table) == doc


def test_a_rebuild_that_would_waste_numbers_gives_the_bytes_of_a_fresh_build(
    tiny_kb: KnowledgeBase, tmp_path: Path
) -> None:
    """A page added to a site this small brings more new strings than KEEP_WASTE lets a
    kept numbering take: the strings are numbered afresh, a fresh build's bytes (a rebuild
    that keeps the numbers: test_api_v4_kept.py)."""
    assert jsonapi4.KEEP_WASTE < 0.5
    out = tmp_path / "site"
    pipeline.build_site(MORE, tiny_kb, out, jobs=1)
    more = [*MORE, entry(10, "DB00331", "DB00682", text="Metformin + Warfarin")]
    pipeline.build_site(more, tiny_kb, out, jobs=1)
    pipeline.build_site(more, tiny_kb, fresh := tmp_path / "fresh", jobs=1)
    assert contents(out) == contents(fresh)
    assert not any(r.startswith("api/v3/") for r in contents(out))


def test_one_and_two_processes_give_the_same_v4_bytes(
    tiny_kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not workers.can_fork():
        pytest.skip("no fork on this platform")
    monkeypatch.setattr(pipeline, "MIN_PAGES_PER_JOB", 1)
    pipeline.build_site(MORE, tiny_kb, one := tmp_path / "one", jobs=1)
    pipeline.build_site(MORE, tiny_kb, two := tmp_path / "two", jobs=2)
    api = {r: d for r, d in contents(one).items() if r.startswith("api/v4/")}
    assert len(api) > 10
    assert api == {r: d for r, d in contents(two).items() if r.startswith("api/v4/")}


def test_html_pages_link_their_v4_document(site: tuple[Path, Any]) -> None:
    out, report = site
    p = report["pages"][0]
    assert f'../../{p["json"]}' in (out / p["html"]).read_text("utf-8")
    assert (out / p["json"]).is_file()


def test_a_text_used_once_is_written_as_its_sentences() -> None:
    """A text only one document has is written as its sentences when some are shared
    (each then a number), a locator as its words; read back, the same text."""
    shared = "Ask a doctor or pharmacist before taking it, as our sources do not say."
    pages = {n: f"Our sources have no data for {n}. {shared}" for n in ("Alpha", "Beta")}
    docs = [(f"api/v3/pages/{n.lower()}.json", json.dumps(
        {"title": n, "sections": {"columns": ["id", "text"], "rows": [["usage", t]]},
         "facts": {"columns": ["locator"], "rows": [[f"meddra_all_se CID000060795 C{n}"]]}}))
        for n, t in pages.items()]
    out = dict(jsonapi4.publish(docs, json.dumps({"version": 3, "texts": {}})))
    strings = json.loads(out[jsonapi4.STRINGS])["strings"]
    assert shared in strings and "meddra_all_se" in strings
    a = json.loads(out["api/v4/pages/alpha.json"])
    text = a["sections"]["rows"][0][1]
    assert text == ["Our sources have no data for Alpha.", strings.index(shared)]
    assert isinstance(a["facts"]["rows"][0][0], list)
    for (rel, v3), name in zip(docs, pages, strict=True):
        v4 = json.loads(out[jsonapi4.of_v3(rel)])
        assert jsonapi4.decode(v4, strings) == json.loads(v3)
        assert jsonapi4.read_objects(v4, strings)["sections"] == \
            [{"id": "usage", "text": pages[name]}]
    assert jsonapi4.pieces("a. b:  c") == ["a.", "b:  c"]  # two spaces: not a break
    assert " ".join(jsonapi4.pieces("x  y z", "locator")) == "x  y z"


# -- the fast publishing step gives the reference's bytes (issue 14: one line added) -----
def test_the_build_publishes_the_reference_bytes(site: tuple[Path, Any]) -> None:
    """The build publishes v4 from the drafts' flat forms (`publish_drafts`): every
    document and strings.json are the bytes `publish_reference` (the four walks of every
    v3 document first written) gives from the same build's v3 documents."""
    out, _ = site
    v3_docs = [(str(p.relative_to(out)), p.read_text("utf-8"))
               for p in sorted((out / jsonapi3.API).rglob("*.json"))
               if p.parent.name in ("pages", "ingredients") or p.name == "index.json"]
    texts = (out / jsonapi3.TEXTS).read_text("utf-8")
    ref = dict(jsonapi4.publish_reference(v3_docs, texts))
    assert len(ref) > 10
    assert ref == {rel: (out / rel).read_text("utf-8") for rel in ref}
    assert dict(jsonapi4.publish(v3_docs, texts)) == ref


HOSTILE = ["a \ud800 lone surrogate. Then a sentence.", "nul \x00 inside. Twice here.",
           'quote " and \\ backslash. Shared sentence here.', "é ü 中文. Shared sentence here.",
           "\u2028 line separator. Shared sentence here.", "", " ", "Shared sentence here."]


def _v2_docs() -> list[tuple[str, dict[str, Any], Any]]:
    """v2 documents (their texts by id) with what the numbering must handle: texts shared
    and not, hostile characters, strings under integer fields, integers under others."""
    from apothecary.render import jsonapi

    out = []
    for n in range(6):
        texts = jsonapi.Texts()
        doc = {
            "version": 2, "title": f"Page {n}", "count": "a string where a count goes",
            "rank": n, "flag": n % 2 == 0, "none": None, "ratio": 1.5,
            "sections": [{"id": "usage", "text_id": texts.ref(HOSTILE[(n + k) % len(HOSTILE)]),
                          "label_id": texts.ref(f"Label {n % 2}. Shared sentence here."),
                          "version": "v", "claims": {"supported": n}}
                         for k in range(3)],
            "facts": [{"id": f"f{k}", "locator_id": texts.ref(f"meddra_all_se CID{k} C{n}"),
                       "value": HOSTILE[k % len(HOSTILE)], "n": k}
                      for k in range(n)],
            "other_names": ["x", "y", HOSTILE[n % len(HOSTILE)], "x"],
            "intro_id": texts.ref("Shared sentence here. And one more."),
        }
        out.append((f"api/v3/pages/p{n}.json", doc, texts))
    return out


@pytest.mark.parametrize("drafts_kind", ["v4", "v3"])
def test_publish_drafts_gives_the_reference_bytes(drafts_kind: str) -> None:
    """Hostile strings, empty ones, integers where numbers go, strings under integer
    fields, tables with text columns: the drafts' way (v4 drafts with their flat forms,
    or v3 drafts from before, without them) writes what `publish_reference` writes from
    v3's published documents."""
    from apothecary.render import jsonapi

    make = jsonapi4.draft if drafts_kind == "v4" else jsonapi3.draft
    drafts = {jsonapi3.draft_path(rel): make(doc, texts) for rel, doc, texts in _v2_docs()}
    index = jsonapi.dumps(jsonapi3.encode({"version": 3, "pages": [
        {"key": f"p{n}", "title": f"Page {n}", "json": f"api/v4/pages/p{n}.json"}
        for n in range(6)], "texts": jsonapi3.TEXTS}))
    v3 = list(jsonapi3.publish(drafts, drafts.__getitem__))
    texts = v3.pop()[1]
    ref = list(jsonapi4.publish_reference([(jsonapi3.INDEX, index), *v3], texts))
    assert list(jsonapi4.publish_drafts(index, drafts, drafts.__getitem__)) == ref
    assert list(jsonapi4.publish([(jsonapi3.INDEX, index), *v3], texts)) == ref
    strings = json.loads(ref[-1][1])["strings"]  # (integers outside `INTEGERS` do not
    # read back: the format forbids them; the reference writes them as they are)
    assert "Label 0. Shared sentence here." in strings and "x" in strings


def test_publish_with_nothing_shared_gives_the_reference_bytes() -> None:
    """Documents sharing no string (the numbering's first pass finds none)."""
    docs = [(f"api/v3/pages/{n}.json", json.dumps({"title": f"only {n}", "n": n}))
            for n in ("a", "b")]
    texts = json.dumps({"version": 3, "texts": {}})
    assert list(jsonapi4.publish(docs, texts)) == \
        list(jsonapi4.publish_reference(docs, texts))


def test_publish_drafts_holds_one_draft_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bounded memory (issue 14): past HOLD_DRAFTS the drafts are read once to count their
    strings and again, in path order, as each document is written, so the first document
    comes out before the second read has gone past it; the bytes are the reference's."""
    from apothecary.render import jsonapi

    monkeypatch.setattr(jsonapi4, "HOLD_DRAFTS", 2)

    drafts = {jsonapi3.draft_path(rel): jsonapi4.draft(doc, texts)
              for rel, doc, texts in _v2_docs()}
    index = jsonapi.dumps(jsonapi3.encode({"version": 3, "pages": [
        {"key": f"p{n}", "title": f"Page {n}", "json": f"api/v4/pages/p{n}.json"}
        for n in range(6)], "texts": jsonapi3.TEXTS}))
    reads: list[str] = []

    def read(rel: str) -> str:
        reads.append(rel)
        return drafts[rel]

    out = jsonapi4.publish_drafts(index, drafts, read)
    first = [next(out), next(out)]  # the index (not a draft), then the first page
    assert reads == sorted(drafts) + sorted(drafts)[:1]  # counted, then the first again
    rest = list(out)
    assert reads == sorted(drafts) * 2
    v3 = list(jsonapi3.publish(drafts, drafts.__getitem__))
    texts = v3.pop()[1]
    assert [*first, *rest] == list(jsonapi4.publish_reference([(jsonapi3.INDEX, index), *v3],
                                                             texts))
