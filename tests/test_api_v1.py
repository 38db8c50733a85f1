"""The JSON API v1 (written on request, `api_v1`): each thing stated once, every document
valid against its schema."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as hs

from apikit import MORE, load, validators_of
from apothecary.knowledge.store import KnowledgeBase
from apothecary.render import jsonapi
from apothecary.site import pipeline
from apothecary.writers.template import TemplateWriter
from sitekit import entry
from test_pipeline import snapshot

jsonschema = pytest.importorskip("jsonschema")
referencing = pytest.importorskip("referencing")

V1 = jsonapi.API_V1


@pytest.fixture
def site(tiny_kb: KnowledgeBase, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    out = tmp_path / "site"
    report = pipeline.build_site(MORE, tiny_kb, out, jobs=1, api_v1=True)
    for p in report["pages"]:  # the report names the v2 documents; these tests read v1's
        p["json"] = jsonapi.v1_of(p["json"])
    return out, report


def validators(out: Path) -> dict[str, Any]:
    return validators_of({n: load(out / jsonapi.schema_path(n, V1)) for n in jsonapi.SCHEMAS_V1})


def test_every_document_validates_against_its_schema(site: tuple[Path, Any]) -> None:
    out, report = site
    v = validators(out)
    index = load(out / jsonapi.INDEX_V1)
    v["index"].validate(index)
    assert index["count"] == len(report["pages"]) == len(list((out / "api/v1/pages").iterdir()))
    for p in report["pages"]:
        v["page"].validate(load(out / p["json"]))
    docs = sorted((out / "api/v1/ingredients").iterdir())
    assert [out / i["document"] for i in index["ingredients"]] == docs
    for doc in docs:
        v["ingredient"].validate(load(doc))
    for name in jsonapi.SCHEMAS_V1:  # the site publishes exactly what the package ships
        assert (out / jsonapi.schema_path(name, V1)).read_text("utf-8") == \
            jsonapi.schema_text(name, V1)


def test_a_document_breaking_its_schema_is_caught(site: tuple[Path, Any]) -> None:
    """The schemas are strict enough to fail: a fact without its source does not pass."""
    out, report = site
    v = validators(out)
    doc = load(out / "api/v1/ingredients/DB00316.json")
    del doc["facts"][0]["source_id"]
    assert not v["ingredient"].is_valid(doc)
    page = load(out / report["pages"][0]["json"])
    page["sections"][0]["statements"][0]["colour"] = "red"
    assert not v["page"].is_valid(page)


def test_each_ingredient_is_stated_once_and_pages_refer_to_it(
    site: tuple[Path, Any], tiny_kb: KnowledgeBase
) -> None:
    """No page document repeats an ingredient's facts or names; every fact a page cites is
    in its own document or its ingredients' (content moves, it is not dropped)."""
    out, report = site
    writer = TemplateWriter(tiny_kb)
    reqs = {r.key: r for r in pipeline.plan_pages(MORE, tiny_kb)[0]}
    for p in report["pages"]:
        doc = load(out / p["json"])
        text = json.dumps(doc)
        assert "xrefs" not in text and "monograph" not in text
        ids = [i["id"] for i in doc["ingredients"]]
        assert "+".join(sorted(ids)) == p["key"]
        known: dict[str, dict[str, Any]] = {f["id"]: f for f in doc["facts"]}
        for i in doc["ingredients"]:
            ing = load(out / i["document"])
            assert ing["id"] == i["id"] and ing["monograph"]["drug_id"] == i["id"]
            known.update((f["id"], f) for f in ing["facts"])
        page = writer.write_page(reqs[p["key"]])
        assert page.facts, p["key"]
        for fact in page.facts:  # every fact the page model carries, with its words
            got = known[fact.id]
            assert (got["plain"], got["value"], got["source_id"]) == \
                (fact.plain, fact.value, fact.source_id)
        cited = {f for s in doc["sections"] for st in s.get("statements", [])
                 for f in st.get("fact_ids", [])}
        assert cited <= set(known)


def test_a_combinations_own_facts_live_on_its_page(site: tuple[Path, Any]) -> None:
    out, report = site
    combo = next(p for p in report["pages"] if p["key"] == "DB00766+DB01060")
    doc = load(out / combo["json"])
    assert "f-amoxclav-approval" in {f["id"] for f in doc["facts"]}
    for i in doc["ingredients"]:
        assert "f-amoxclav-approval" not in {f["id"] for f in load(out / i["document"])["facts"]}


def test_a_rebuild_links_unchanged_ingredient_documents(
    site: tuple[Path, Any], tiny_kb: KnowledgeBase
) -> None:
    out, _ = site
    first = snapshot(out)
    pipeline.build_site([*MORE, entry(10, "DB00331", "DB00682", text="Metformin + Warfarin")],
                        tiny_kb, out, jobs=1, api_v1=True)
    second = snapshot(out)
    docs = [r for r in first if r.startswith("api/v1/ingredients/")]
    assert docs and all(second[r] == first[r] for r in docs)
    # the pages' v1 documents are linked too: a new page changes none of them (a v3 one
    # changes when a text it had alone is now shared, tests/test_api_v3.py)
    pages = [r for r in first if r.startswith("api/v1/pages/")]
    assert len(pages) == 5 and all(second[r] == first[r] for r in pages)
    assert first[jsonapi.INDEX_V1] != second[jsonapi.INDEX_V1]  # a new page is listed


@given(hs.text(min_size=1, max_size=80))
def test_any_ingredient_id_gives_a_file_inside_the_folder(drug_id: str) -> None:
    path = jsonapi.ingredient_path(drug_id, V1)
    assert re.fullmatch(r"api/v1/ingredients/[A-Za-z0-9_-]+\.json", path)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}", drug_id):  # hashed: never a
        assert path.startswith("api/v1/ingredients/_")  # plain id's name
    else:
        assert path == f"api/v1/ingredients/{drug_id}.json"


def test_a_rebuild_with_v1_skips_the_writer_for_unchanged_pages(
    site: tuple[Path, Any], tiny_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path
) -> None:
    """With `api_v1` a page's files include its v1 document: an unchanged page is still
    linked as it was without going through the writer again, as without v1."""
    out, _ = site
    plain = tmp_path / "plain"
    pipeline.build_site(MORE, tiny_kb, plain, jobs=1)
    written: list[str] = []
    real = TemplateWriter.write_page

    def spy(self: TemplateWriter, req: Any) -> Any:
        written.append(req.key)
        return real(self, req)

    monkeypatch.setattr(TemplateWriter, "write_page", spy)
    more = [*MORE, entry(10, "DB00331", "DB00682", text="Metformin + Warfarin")]
    pipeline.build_site(more, tiny_kb, plain, jobs=1)
    without_v1, written[:] = sorted(written), []
    pipeline.build_site(more, tiny_kb, out, jobs=1, api_v1=True)
    assert sorted(written) == without_v1 and len(without_v1) < len(more) - 3
