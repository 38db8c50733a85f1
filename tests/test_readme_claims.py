"""README claims about the built site and the audit report that no other test pinned down
(issue #16): a changed knowledge base rebuilds, companion pages are in the sitemap, the
JSON-LD lists are capped at ten, and the audit report's Content-Security-Policy."""

from __future__ import annotations

import json
import re
import sqlite3
from contextlib import closing
from pathlib import Path

from click.testing import CliRunner

from apothecary.cli import cli
from apothecary.knowledge.store import KnowledgeBase
from apothecary.render.jsonld import page_jsonld
from apothecary.site.pipeline import build_site
from apothecary.writers.base import PageRequest
from apothecary.writers.template import TemplateWriter
from sitekit import big_kb, entry

BASE = "https://drugs.example.org/"
AUDIT_DEFECTS = Path(__file__).parent / "fixtures" / "audit" / "defects"


# -- a rebuild after a knowledge-base change -----------------------------------------------
def test_a_changed_knowledge_base_rebuilds_the_pages(tiny_kb_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "kb.sqlite"
    path.write_bytes(tiny_kb_path.read_bytes())
    out = tmp_path / "site"
    entries = [entry(1, "DB00682"), entry(2, "DB00316")]
    with closing(KnowledgeBase(path)) as kb:
        first = build_site(entries, kb, out, formats=["html"])
    with closing(KnowledgeBase(path)) as kb:
        assert build_site(entries, kb, out, formats=["html"]).get("up_to_date") is True
    # a fact about warfarin reworded: the next build is not "up to date" and the page says it
    conn = sqlite3.connect(path)
    # (term and words: "Venous Thrombosis" is worded by prevention.txt, whatever its plain)
    conn.execute("UPDATE facts SET value = 'Purple Toes', plain = 'purple toes' "
                 "WHERE id = 'f-warf-use-thromb'")
    conn.commit()
    conn.close()
    with closing(KnowledgeBase(path)) as kb:
        second = build_site(entries, kb, out, formats=["html"])
    assert "up_to_date" not in second
    warfarin = next(p for p in second["pages"] if p["key"] == "DB00682")
    assert "purple toes" in (out / warfarin["html"]).read_text("utf-8")
    before = next(p for p in first["pages"] if p["key"] == "DB00682")
    assert "purple toes" not in json.dumps(before)


# -- companion pages are listed in the sitemap ---------------------------------------------
def test_the_sitemap_lists_every_page_including_companions(
    tiny_kb_path: Path, tmp_path: Path
) -> None:
    with closing(KnowledgeBase(big_kb(tiny_kb_path, tmp_path))) as kb:
        build_site([entry(1, "DBY1"), entry(2, "DB00316")], kb, tmp_path / "site",
                   formats=["html"], base_url=BASE)
    site = tmp_path / "site"
    companions = sorted(p.relative_to(site).as_posix() for p in site.glob("[!.]*/*/*/index.html"))
    assert companions, "the heavy medicine should have companion pages"
    assert any("side-effects" in c for c in companions)
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    locs = set(re.findall(r"<loc>(.*?)</loc>", sitemap))
    for rel in companions:
        assert BASE + rel.removesuffix("index.html") in locs, rel
    # and nothing else: every page of the site but the search page (README: not listed)
    pages = {BASE + rel.removesuffix("index.html")
             for rel in (p.relative_to(site).as_posix() for p in site.rglob("index.html"))
             if not rel.startswith(".")}
    assert locs == pages - {BASE + "search/"}


# -- JSON-LD lists: ten entries at most -------------------------------------------------------
def test_structured_data_lists_are_capped_at_ten(tiny_kb_path: Path, tmp_path: Path) -> None:
    with closing(KnowledgeBase(big_kb(tiny_kb_path, tmp_path))) as kb:
        drug = kb.drug("DBY1")
        assert drug is not None
        names = [f"Heavyol {w}" for w in ("Alpha", "Bravo", "Charlie", "Delta", "Echo",
                 "Foxtrot", "Golf", "Hotel", "India", "Juliett", "Kilo", "Lima", "Mike")]
        drug = drug.model_copy(update={"other_names": names})
        page = TemplateWriter(kb).write_page(PageRequest(key="DBY1", drugs=[drug]))
        partners = {f.other_id: f.plain for f in page.facts if f.other_id}
    about = page_jsonld(page)["@graph"][0]["about"]
    assert about["alternateName"] == names[:10]
    assert len(partners) == 300
    assert len(about["interactingDrug"]) == 10
    assert {d["name"] for d in about["interactingDrug"]} <= set(partners.values())


# -- the audit report's Content-Security-Policy ------------------------------------------------
def test_the_audit_report_forbids_external_requests(tmp_path: Path, tiny_kb_path: Path) -> None:
    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["audit", str(AUDIT_DEFECTS), "--html", str(out),
                                      "--kb", str(tiny_kb_path)])
    assert result.exit_code == 0, result.output
    html = out.read_text("utf-8")
    metas = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
    assert len(metas) == 1
    policy = {d.split()[0]: d.split()[1:] for d in metas[0].split(";") if d.strip()}
    assert policy == {"default-src": ["'none'"], "style-src": ["'unsafe-inline'"],
                      "script-src": ["'unsafe-inline'"]}
    assert html.index("Content-Security-Policy") < html.index("<style")
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html)
