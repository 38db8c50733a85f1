"""The web extras inside a real build: escaping, --base-url, checker, search, incremental."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from apothecary.cli import cli
from apothecary.knowledge.store import KnowledgeBase
from apothecary.render import jsonapi4, search
from apothecary.site.pipeline import build_site
from sitekit import HOSTILE_TITLE, entry, faq_structured, hostile_kb, quoted

LD = re.compile(r'<script type="?application/ld\+json"?>(.*?)</script>', re.S)
BASE = "https://drugs.example.org/site/"


@pytest.fixture
def hostile(tiny_kb_path: Path, tmp_path: Path) -> KnowledgeBase:
    kb = KnowledgeBase(hostile_kb(tiny_kb_path, tmp_path))
    yield kb  # type: ignore[misc]
    kb.close()


def test_hostile_page_keeps_structured_data_and_checker_intact(
    hostile: KnowledgeBase, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    report = build_site([entry(1, "DBX1"), entry(2, "DB00682")], hostile, out,
                        formats=["html"], base_url=BASE)
    page = next(p for p in report["pages"] if p["key"] == "DBX1")
    html = quoted((out / page["html"]).read_text("utf-8"))
    blocks = LD.findall(html)
    assert len(blocks) == 1  # nothing in a value ended the block early
    data = json.loads(blocks[0])
    assert data["@graph"][0]["about"]["name"] == HOSTILE_TITLE
    assert "<img" not in html and "<b>" not in html
    assert f'<link rel="canonical" href="{BASE}{page["html"].removesuffix("index.html")}">' in html
    checker = (out / "checker" / "index.html").read_text("utf-8")
    assert "<b>" not in checker  # titles reach the checker as JSON, shown as text
    medicines = json.loads((out / "api" / "interactions.json").read_text("utf-8"))["medicines"]
    assert HOSTILE_TITLE in {m["title"] for m in medicines}
    index = json.loads((out / "checker" / "index.json").read_text("utf-8"))
    assert HOSTILE_TITLE in {m[0] for m in index["medicines"]}
    assert {f.name for f in (out / "checker" / "d").iterdir()} == {"DBX1.json", "DB00682.json"}


def _words(text: str) -> str:
    return " ".join(text.split())


def _shown(text: str) -> str:
    """A statement's words as a reader sees them: a cited address becomes a link whose
    words are the source's name (render/reflinks.py)."""
    from html import unescape

    from markupsafe import escape

    from apothecary.render.reflinks import cited_links

    return _words(unescape(re.sub(r"<[^>]+>", "", cited_links(str(escape(text))))))


def test_faqs_are_stated_once_as_rdfa_on_the_visible_questions(
    hostile: KnowledgeBase, tmp_path: Path
) -> None:
    """Issue 6's FAQ structured data, stated once (issue 14): schema.org FAQPage in RDFa Lite
    on the page's own questions, every verified question with its whole answer, and no
    FAQPage copy of the same texts in the JSON-LD."""
    out = tmp_path / "site"
    report = build_site([entry(1, "DBX1"), entry(2, "DB00682"), entry(3, "DB00316"),
                         entry(4, "DB01060", "DB00766")], hostile, out,
                        formats=["html", "json"], base_url=BASE)
    marked = 0
    for p in report["pages"]:
        html = (out / p["html"]).read_text("utf-8")
        [ld] = LD.findall(html)
        assert [g["@type"] for g in json.loads(ld)["@graph"]] == ["MedicalWebPage"]
        doc = jsonapi4.read(out, p["json"])
        faqs: dict[str, Any] = next((s for s in doc["sections"] if s["id"] == "faqs"),
                                    {"statements": []})
        expected = [(st["label"], _shown(st["text"])) for st in faqs["statements"]
                    if st.get("label") and st.get("verified", True)
                    and not st.get("companion")]  # the main page's own questions
        found = [(_words(q), _words(a)) for q, a in faq_structured(html)]
        assert found == expected
        marked += len(found)
        if p["key"] == "DBX1":  # hostile names stay text inside the structured data
            assert "<b>" not in html and any(HOSTILE_TITLE in q for q, _ in found)
    assert marked  # the tiny KB's pages have FAQs


def test_unverified_faq_answers_get_no_structured_data() -> None:
    from types import SimpleNamespace

    from apothecary.models import Section, Statement
    from apothecary.render.html import HtmlRenderer

    section = Section(id="faqs", title="FAQs", statements=[
        Statement(label="Q1?", text="A1."),
        Statement(label="Q2?", text="It is safe.", verified=False)])
    body = str(HtmlRenderer._body(section, SimpleNamespace(names_for=lambda st: [])))  # type: ignore[arg-type]
    html = f"<section id=faqs vocab=https://schema.org/ typeof=FAQPage>{body}</section>"
    assert faq_structured(html) == [("Q1?", "A1.")]
    assert "It is safe." in body  # still on the page, visibly marked


def test_base_url_adds_sitemap_and_robots(tiny_kb: KnowledgeBase, tmp_path: Path) -> None:
    out = tmp_path / "site"
    report = build_site([entry(1, "DB00316"), entry(2, "DB01060", "DB00766")], tiny_kb, out,
                        formats=["html"], base_url=BASE)
    sitemap = (out / "sitemap.xml").read_text("utf-8")
    for p in report["pages"]:
        assert f"<loc>{BASE}{p['html'].removesuffix('index.html')}</loc>" in sitemap
    assert f"<loc>{BASE}checker/</loc>" in sitemap and "404" not in sitemap
    assert f"Sitemap: {BASE}sitemap.xml" in (out / "robots.txt").read_text("utf-8")


def test_without_base_url_no_sitemap_or_canonical(tiny_kb: KnowledgeBase, tmp_path: Path) -> None:
    out = tmp_path / "site"
    report = build_site([entry(1, "DB00316")], tiny_kb, out, formats=["html"])
    assert not (out / "sitemap.xml").exists()
    assert "Sitemap" not in (out / "robots.txt").read_text("utf-8")
    html = (out / report["pages"][0]["html"]).read_text("utf-8")
    assert "canonical" not in html
    assert LD.search(html)  # structured data does not need the site's address


def test_new_page_rerenders_pages_that_now_link_to_it(
    tiny_kb: KnowledgeBase, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    first = build_site([entry(1, "DB01060")], tiny_kb, out, formats=["html"])
    amox = out / first["pages"][0]["html"]
    assert "Other medicines containing" not in amox.read_text("utf-8")
    second = build_site([entry(1, "DB01060"), entry(2, "DB01060", "DB00766")], tiny_kb, out,
                        formats=["html"])
    combo = next(p for p in second["pages"] if "+" in p["key"])
    text = quoted(amox.read_text("utf-8"))
    assert "Other medicines containing Amoxicillin" in text
    assert f'href="../../{combo["html"].removesuffix("index.html")}"' in text


def test_search_off_still_builds(
    tiny_kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "available", lambda: False)
    out = tmp_path / "site"
    report = build_site([entry(1, "DB00316")], tiny_kb, out, formats=["html"])
    assert report["search"]["enabled"] is False
    assert "search is off" in report["search"]["message"]
    assert not (out / "pagefind").exists() and (out / "index.html").is_file()


@pytest.mark.skipif(not search.available(), reason="pagefind not installed")
def test_search_indexes_drug_pages_only(tiny_kb: KnowledgeBase, tmp_path: Path) -> None:
    out = tmp_path / "site"
    report = build_site([entry(1, "DB00316"), entry(2, "DB01001")], tiny_kb, out,
                        formats=["html"])
    assert report["search"]["enabled"] and report["search"]["pages"] == len(report["pages"])
    assert (out / "pagefind" / "pagefind.js").is_file()
    # what the site's own search loads stays; Pagefind's own interfaces, which nothing
    # loads, are not published (issue 14)
    bundle = {p.name for p in (out / "pagefind").iterdir()}
    assert {"pagefind.js", "pagefind-worker.js", "pagefind-entry.json", "index",
            "fragment", "wasm.en.pagefind"} <= bundle
    assert not bundle & set(search.UNUSED)
    find_js = (out / "static" / "find.js").read_text("utf-8")
    assert not any(name in find_js for name in search.UNUSED)
    # every index has its language's wasm, so the stemmer-less fallback is never loaded
    # and not published (round 11)
    assert search.FALLBACK_WASM not in bundle


def test_fallback_wasm_stays_when_an_index_has_none(tmp_path: Path) -> None:
    entry_json = tmp_path / "pagefind-entry.json"
    (tmp_path / "wasm.en.pagefind").write_bytes(b"x")
    entry_json.write_text('{"languages":{"en":{"hash":"en_1","wasm":"en","page_count":2}}}')
    assert search.fallback_unused(tmp_path)
    entry_json.write_text('{"languages":{"en":{"hash":"en_1","wasm":"en"},'
                          '"xx":{"hash":"xx_1","wasm":null}}}')
    assert not search.fallback_unused(tmp_path)  # "xx" would load wasm.unknown.pagefind
    entry_json.write_text('{"languages":{"de":{"hash":"de_1","wasm":"de"}}}')
    assert not search.fallback_unused(tmp_path)  # its wasm is not there: keep the fallback
    entry_json.write_text("not json")
    assert not search.fallback_unused(tmp_path)


def test_json_only_build_has_no_web_extras(tiny_kb: KnowledgeBase, tmp_path: Path) -> None:
    out = tmp_path / "site"
    report = build_site([entry(1, "DB00316")], tiny_kb, out, formats=["json"])
    assert "search" not in report
    assert not (out / "checker").exists() and not (out / "pagefind").exists()


def test_cli_base_url(runner: CliRunner, tiny_kb_path: Path, tmp_path: Path) -> None:
    listing = tmp_path / "list.txt"
    listing.write_text("Paracetamol\n", encoding="utf-8")
    bad = runner.invoke(cli, ["build", str(listing), "--out", str(tmp_path / "a"),
                              "--kb", str(tiny_kb_path), "--base-url", "javascript:alert(1)"])
    assert bad.exit_code == 1 and "--base-url" in bad.output
    assert len(bad.output.strip().splitlines()) == 1
    assert not (tmp_path / "a").exists()
    ok = runner.invoke(cli, ["build", str(listing), "--out", str(tmp_path / "b"), "--format",
                             "html", "--kb", str(tiny_kb_path), "--base-url", "https://x.org"])
    assert ok.exit_code == 0, ok.output
    assert "<loc>https://x.org/</loc>" in (tmp_path / "b" / "sitemap.xml").read_text("utf-8")
    assert "search" in ok.output


def test_a_tampered_source_url_never_becomes_a_link(tmp_path: Path, tiny_kb_path: Path) -> None:
    """A knowledge base given with --kb once turned a source URL into a live javascript: link."""
    import shutil
    import sqlite3

    from click.testing import CliRunner

    from apothecary.cli import cli

    kb = tmp_path / "kb.sqlite"
    shutil.copy(tiny_kb_path, kb)
    conn = sqlite3.connect(kb)
    for url, source in [("javascript:alert(document.domain)", "labeledin"),
                        (" data:text/html,<script>x</script>", "drugcentral")]:
        conn.execute("UPDATE sources SET url = ? WHERE id = ?", (url, source))
    conn.commit()
    conn.close()
    src = tmp_path / "list.txt"
    src.write_text("Paracetamol\n", encoding="utf-8")
    out = tmp_path / "site"
    result = CliRunner().invoke(cli, ["build", str(src), "--out", str(out), "--kb", str(kb)])
    assert result.exit_code == 0, result.output
    texts = [p.read_text("utf-8") for p in out.rglob("*") if p.suffix in (".html", ".json", ".md")]
    assert texts and not any("javascript:" in t or "data:text" in t for t in texts)
    assert "LabeledIn" in (out / "sources" / "index.html").read_text("utf-8")
