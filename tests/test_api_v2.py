"""The JSON API v2 (on request, `api_v2`; v4 is the default): v1's documents with every
repeated text stated once in api/v2/texts.json, referred to by id; each document valid
against its schema; every text a page or ingredient names resolves; v1 is only written on
request."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from apikit import MORE, load, validators_of
from apothecary.knowledge.store import KnowledgeBase
from apothecary.render import jsonapi, jsonapi3
from apothecary.site import pipeline, state
from apothecary.writers.template import TemplateWriter
from sitekit import entry, quoted

jsonschema = pytest.importorskip("jsonschema")
referencing = pytest.importorskip("referencing")



@pytest.fixture
def site(tiny_kb: KnowledgeBase, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    out = tmp_path / "site"
    return out, pipeline.build_site(MORE, tiny_kb, out, jobs=1, api_v2=True)


def contents(root: Path) -> dict[str, bytes]:
    """Every published file's bytes (the report counts reused files, the marker is an id)."""
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and p.name not in ("build-report.json", state.MARKER)}


def validators(out: Path) -> dict[str, Any]:
    return validators_of({n: load(out / jsonapi.schema_path(n, jsonapi.API_V2))
                          for n in jsonapi.SCHEMAS})


def ids_in(doc: Any) -> set[str]:
    """Every text id a document names (keys ending in _id that are not fact ids)."""
    found: set[str] = set()
    if isinstance(doc, dict):
        for k, v in doc.items():
            if k in ("text_id", "label_id", "intro_id", "locator_id", "effect_id"):
                found.add(v)
            else:
                found |= ids_in(v)
    elif isinstance(doc, list):
        for v in doc:
            found |= ids_in(v)
    return found


def test_every_v2_document_validates_and_v1_is_not_written(site: tuple[Path, Any]) -> None:
    out, report = site
    v = validators(out)
    index = load(out / jsonapi.INDEX_V2)
    v["index"].validate(index)
    assert index["version"] == 2 and index["texts"] == jsonapi.TEXTS_V2
    v["texts"].validate(load(out / jsonapi.TEXTS_V2))
    assert index["count"] == len(report["pages"]) == len(list((out / "api/v2/pages").iterdir()))
    for p in report["pages"]:
        assert p["json"].startswith("api/v4/pages/")
        v["page"].validate(load(out / jsonapi3.v2_of(p["json"])))
    docs = sorted((out / "api/v2/ingredients").iterdir())
    assert docs and [out / i["document"] for i in index["ingredients"]] == docs
    for doc in docs:
        v["ingredient"].validate(load(doc))
    for name in jsonapi.SCHEMAS:
        assert (out / jsonapi.schema_path(name, jsonapi.API_V2)).read_text("utf-8") == \
            jsonapi.schema_text(name, jsonapi.API_V2)
    assert not (out / "api/v1").exists()  # v1 only with api_v1
    assert not (out / jsonapi.TEXTS_DIR).exists()  # each document's texts: the state's
    assert (state.state_dir(out) / jsonapi.TEXTS_DIR).is_dir()
    page = load(out / jsonapi3.v2_of(report["pages"][0]["json"]))
    page["sections"][0]["statements"][0]["text_id"] = "not an id"
    assert not v["page"].is_valid(page)


def test_a_pages_texts_resolve_to_what_the_page_says(
    site: tuple[Path, Any], tiny_kb: KnowledgeBase
) -> None:
    """Content moves, it is not dropped: each page's v2 document with its texts looked up
    is the page's v1 document (the same words, labels and intros); each ingredient's too."""
    out, report = site
    texts = load(out / jsonapi.TEXTS_V2)["texts"]
    documents = {i["id"]: i["document"] for i in load(out / jsonapi.INDEX_V2)["ingredients"]}
    used: set[str] = set()
    writer = TemplateWriter(tiny_kb)
    reqs = {r.key: r for r in pipeline.plan_pages(MORE, tiny_kb)[0]}
    for p in report["pages"]:
        doc = load(out / jsonapi3.v2_of(p["json"]))
        used |= ids_in(doc)
        page = writer.write_page(reqs[p["key"]])
        said = [(s.id, s.intro, [(st.text, st.label) for st in s.statements])
                for s in page.sections]
        got = [(s["id"], texts[s["intro_id"]] if "intro_id" in s else None,
                [(texts[st["text_id"]], texts[st["label_id"]] if "label_id" in st else None)
                 for st in s.get("statements", [])]) for s in doc["sections"]]
        assert got == said, p["key"]
        assert "urls" not in doc
        known = {f["id"] for f in doc["facts"]}
        for i in doc["ingredients"]:
            ing = load(out / documents[i])
            used |= ids_in(ing)
            facts = [f for g in ing["fact_groups"] for f in g["facts"]]
            assert facts and all(texts[f["locator_id"]] for f in facts)
            known |= {f["id"] for f in facts}
            assert {f.id for f in page.facts if f.drug_id == i} <= known
        cited = {f for s in doc["sections"] for st in s.get("statements", [])
                 for f in st.get("fact_ids", [])}
        assert cited <= known  # every fact a statement cites is in its documents
    assert used == set(texts)  # every text is used, none missing
    # a repeated text is stated once: the disclaimer is on every page, in texts.json once
    disclaimers = [t for t in texts.values() if t.startswith("This page is for general")]
    assert len(disclaimers) == 1


def test_v1_on_request_is_v1_as_before(site: tuple[Path, Any], tiny_kb: KnowledgeBase,
                                       tmp_path: Path) -> None:
    out, report = site
    both = tmp_path / "both"
    pipeline.build_site(MORE, tiny_kb, both, jobs=1, api_v1=True, api_v2=True)
    v2 = contents(out)
    with_v1 = contents(both)
    assert {r: d for r, d in with_v1.items() if not r.startswith("api/v1/")} == v2
    texts = load(out / jsonapi.TEXTS_V2)["texts"]
    for p in report["pages"]:
        old = load(both / jsonapi.v1_of(p["json"]))
        new = load(out / jsonapi3.v2_of(p["json"]))
        assert [st["text"] for s in old["sections"] for st in s.get("statements", [])] == \
            [texts[st["text_id"]] for s in new["sections"] for st in s.get("statements", [])]
    assert load(both / jsonapi.INDEX_V1)["version"] == 1


def test_a_rebuild_keeps_texts_of_linked_documents(
    site: tuple[Path, Any], tiny_kb: KnowledgeBase, tmp_path: Path
) -> None:
    """A page linked unchanged from the previous build keeps its texts in texts.json: the
    site after a rebuild is the site a fresh build makes."""
    out, _ = site
    more = [*MORE, entry(10, "DB00331", "DB00682", text="Metformin + Warfarin")]
    pipeline.build_site(more, tiny_kb, out, jobs=1, api_v2=True)
    fresh = tmp_path / "fresh"
    pipeline.build_site(more, tiny_kb, fresh, jobs=1, api_v2=True)
    assert contents(out) == contents(fresh)
    fewer = MORE[:-2]
    pipeline.build_site(fewer, tiny_kb, out, jobs=1, allow_shrink=True, api_v2=True)
    pipeline.build_site(fewer, tiny_kb, fresh2 := tmp_path / "fresh2", jobs=1, api_v2=True)
    assert contents(out) == contents(fresh2)


def test_text_ids_are_stable_and_collisions_stop_the_build() -> None:
    assert jsonapi.text_id("Paracetamol") == jsonapi.text_id("Paracetamol")
    assert len(jsonapi.text_id("x")) == jsonapi.TEXT_ID_LEN
    for text in ("", "x", "Paracetamol", "é ‘quoted’ \u2003 text", "\ud800 lone half"):
        # the first letters of the digest in base 32, as published ids have always been
        digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()
        assert jsonapi.text_id(text) == \
            base64.b32encode(digest).decode("ascii")[:jsonapi.TEXT_ID_LEN].lower()
    a, b = json.dumps({"aaaaaaaaaa": "one"}), json.dumps({"aaaaaaaaaa": "two"})
    with pytest.raises(ValueError, match="share the id"):
        jsonapi.merge_texts([a, b])
    assert json.loads(jsonapi.merge_texts([a, a]))["texts"] == {"aaaaaaaaaa": "one"}


def test_the_header_is_light_and_keeps_what_readers_see(site: tuple[Path, Any]) -> None:
    """Issue #14: the header and search box on every page are written without indentation,
    and what only the script uses (the results' live region, aria-controls) is added by
    search.js; the visible parts and the no-JavaScript form stay in the page."""
    out, report = site
    html = quoted((out / report["pages"][0]["html"]).read_text("utf-8"))
    header = html[html.index('<header class="site">'):html.index("</header>") + 9]
    assert len(header.encode()) < 640, len(header.encode())
    for seen in ('<label for="q">Search medicines</label>', 'action="../../search/"',
                 'aria-describedby="qh"', '<span id="qh">',
                 "Any name, spelling or condition", 'name="q"', "Interaction checker",
                 "Sources &amp; licences", "Medicines A–Z", 'static/search.js" defer'):
        assert seen in header, seen
    assert "site-search-results" not in header and "\n " not in header
    assert "data-root" not in header  # search.js finds the root from its own address
    js = (out / "static/search.js").read_text("utf-8")
    assert 'new URL("../", me.src)' in js
    # the hint is for screen readers only, styled by its id now that it has no class
    assert "#qh{position:absolute;left:-9999px}" in (out / "static/style.css").read_text("utf-8")
    assert '<link rel="icon" href="../../static/favicon.svg">' in html
    assert 'out.id = "site-search-results"' in js and '"aria-live", "polite"' in js
    assert '"aria-controls", "site-search-results"' in js
