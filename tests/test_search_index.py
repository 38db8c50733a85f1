"""The search name index (render/findindex.py), the everyday-words table, the A–Z letter
pages and the tags every page carries (issue 12). The browser tests drive the same files
through static/find.js (tests/browser/test_search_browser.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from apothecary.cli import cli
from apothecary.names.normalize import norm_key
from apothecary.names.rules import lasa_pairs
from apothecary.render.findindex import NAMES_PATH, TOPICS_PATH, everyday_words, index_json
from apothecary.render.html import LETTER_ITEMS, HtmlRenderer, IndexItem, is_moved_stub
from sitekit import quoted

FIXTURES = Path(__file__).parent / "fixtures"
LIST = "Paracetamol\nAmoxycillin\nAmoxycillin + Clavulanic Acid\nHydralazine\nHydroxyzine\n"


@pytest.fixture(scope="module")
def site(tiny_kb_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("findindex")
    (tmp / "list.txt").write_text(LIST, encoding="utf-8")
    out = tmp / "site"
    result = CliRunner().invoke(cli, [
        "build", str(tmp / "list.txt"), "--out", str(out), "--kb", str(tiny_kb_path),
        "--format", "html", "--brands", str(FIXTURES / "brands.csv"),
        "--base-url", "https://drugs.example.org/"])
    assert result.exit_code == 0, result.output
    return out


def load(site: Path, rel: str) -> dict:  # type: ignore[type-arg]
    data: dict = json.loads((site / rel).read_text("utf-8"))  # type: ignore[type-arg]
    return data


def title_of(names: dict, key: str) -> list[str]:  # type: ignore[type-arg]
    return [names["p"][i][0] for i in names["n"].get(key, [])]


def test_brands_with_and_without_strength_name_their_page(site: Path) -> None:
    names = load(site, NAMES_PATH)
    for brand in ("dolo 650", "dolo", "crocin", "calpol 500", "calpol"):
        assert title_of(names, brand) == ["Paracetamol"], brand
    combo = "Amoxycillin (amoxicillin) + Clavulanic Acid"
    assert title_of(names, "augmentin 625") == [combo]
    assert title_of(names, "co amoxiclav") == [combo]  # the BAN name, names/data
    assert "glycomet" not in names["n"]  # its page is not in this list
    assert "mysterex" not in names["n"]  # unresolved composition


def test_a_combination_is_not_named_by_one_ingredient(site: Path) -> None:
    """"amoxicillin" names the single page; the combination is reached through the
    ingredient, so search lists it after the single page."""
    names = load(site, NAMES_PATH)
    assert "amoxicillin" not in names["n"]  # an ingredient's names live in g
    assert "amoxycillin amoxicillin" not in names["n"]  # titles: find.js names pages by them
    amox = names["g"]["amoxicillin"]
    single, uses, name = names["i"][amox]
    assert names["p"][single][0] == "Amoxycillin (amoxicillin)" and uses == 1
    assert name == "Amoxicillin"  # what "Did you mean ...?" says when it has no page
    assert [names["p"][i][0] for i in names["c"][amox]] == [
        "Amoxycillin (amoxicillin) + Clavulanic Acid"]
    clav = names["g"]["clavulanic acid"]
    assert names["i"][clav][0] == -1  # no page of its own in this list
    for row in names["p"]:
        assert (site / row[1] / "index.html").is_file()


def test_look_alike_pairs_travel_with_the_index(site: Path) -> None:
    pairs = {frozenset(p) for p in load(site, NAMES_PATH)["x"]}
    assert frozenset(("hydralazine", "hydroxyzine")) in pairs
    assert pairs == {frozenset((p.a, p.b)) for p in lasa_pairs()}


def test_conditions_point_to_ingredients_in_plain_and_source_words(site: Path) -> None:
    names, topics = load(site, NAMES_PATH), load(site, TOPICS_PATH)
    hydralazine = names["g"]["hydralazine"]
    assert hydralazine in topics["t"]["high blood pressure"]
    assert hydralazine in topics["t"]["hypertension"]
    assert topics["w"]["bp"][0] == "high blood pressure"


def test_index_json_cannot_close_a_script_tag() -> None:
    text = index_json({"n": {"</script><b>": [0]}})
    assert "<" not in text and json.loads(text) == {"n": {"</script><b>": [0]}}


REQUIRED_WORDS = ["bp", "sugar", "acidity", "gas", "loose motions", "blood thinner",
                  "water tablet", "painkiller", "fever", "cough", "cold", "allergy"]


def test_everyday_words_are_reviewed_rows_with_a_note() -> None:
    rows = everyday_words()
    words = [r.word for r in rows]
    assert len(words) == len(set(words)), "a word given twice"
    assert set(REQUIRED_WORDS) <= set(words)
    for r in rows:
        assert r.word == norm_key(r.word) and r.means, r
        assert len(r.note.split()) >= 3, f"{r.word}: the note must say why"


def test_every_page_has_a_description_sharing_tags_and_an_icon(site: Path) -> None:
    pages = [p for p in site.rglob("*.html") if not p.relative_to(site).parts[0].startswith(".")
             and not is_moved_stub(p.read_text("utf-8"))]  # an old address sends readers on
    assert len(pages) > 10
    for p in pages:
        html = quoted(p.read_text("utf-8"))
        head = html[: html.index('<a class="skip"')]  # `</head>` is implied (round 11)
        # one tag is both the description and Open Graph's (round 11: the same text)
        desc = re.search(r'<meta name="description" property="og:description" '
                         r'content="([^"]+)">', head)
        assert desc and len(desc.group(1)) > 30, p
        assert head.count(desc.group(1)) == 1, p  # stated once
        for prop in ("og:title", "og:type", "og:site_name"):
            assert f'<meta property="{prop}" content="' in head, (p, prop)
        icon = re.search(r'<link rel="icon" href="([^"]+)"', head)
        assert icon, p
        href = icon.group(1)  # relative, or from the site root (404.html)
        assert (site / href.lstrip("/") if href.startswith("/") else p.parent / href
                ).resolve().is_file(), p
    home = quoted((site / "index.html").read_text("utf-8"))
    assert '<meta property="og:url" content="https://drugs.example.org/">' in home


def test_az_has_one_page_per_letter_linked_from_home(site: Path) -> None:
    home = quoted((site / "index.html").read_text("utf-8"))
    letters = re.findall(r'href="(az/[a-z0-9-]+/)"', home)
    assert letters == ["az/a/", "az/h/", "az/p/"]
    listed = []
    for href in letters:
        html = quoted((site / href / "index.html").read_text("utf-8"))
        assert len(html.encode("utf-8")) < 100_000
        assert html.count('type="search"') == 1  # one search box: the site's
        az = html[html.index('<ul class="az">'):]
        listed += re.findall(r'<li><a href="\.\./\.\./([^"]+)">', az)
    report = json.loads((site / "build-report.json").read_text("utf-8"))
    assert sorted(listed) == sorted(p["html"].removesuffix("index.html")
                                    for p in report["pages"])


def test_a_long_letter_continues_on_linked_pages() -> None:
    items = [IndexItem(f"Pill {n:04d}", f"p/pill-{n:04d}/", "")
             for n in range(2 * LETTER_ITEMS + 1)]
    items += [IndexItem("Zinc", "z/zinc/", ""), IndexItem("5-FU", "0/5-fu/", "")]
    files = HtmlRenderer().render_index_files(items)
    assert set(files) == {"index.html", "az/p/index.html", "az/p/2/index.html",
                          "az/p/3/index.html", "az/z/index.html", "az/0-9/index.html"}
    seen = [h for rel in ("az/p/index.html", "az/p/2/index.html", "az/p/3/index.html")
            for h in re.findall(r'<li><a href="[./]*(p/pill-\d+/)">', files[rel])]
    assert seen == [it.href for it in items[:-2]]  # each once, in order
    assert 'href="../../az/p/2/" rel="next"' in files["az/p/index.html"]
    second = files["az/p/2/index.html"]
    assert 'href="../../../az/p/" rel="prev"' in second
    assert 'href="../../../az/p/3/" rel="next"' in second
    assert f"this page lists {LETTER_ITEMS + 1}–{2 * LETTER_ITEMS}" in second
    assert max(len(t.encode()) for t in files.values()) < 100_000


def test_every_everyday_word_finds_a_term_of_the_shipped_knowledge_base() -> None:
    """Each row means something the pages say: at least one of its meanings is a condition
    or kind of medicine of the shipped KB, whole or as words inside a longer term, as
    search.js looks them up (skipped without the shipped KB)."""
    from apothecary.knowledge.default import open_kb

    try:
        kb = open_kb(None)
    except Exception:  # noqa: BLE001 - no shipped KB in this checkout
        pytest.skip("no shipped knowledge base")
    rows = kb.conn.execute(
        "SELECT DISTINCT plain, value FROM facts WHERE kind IN ('use', 'class')").fetchall()
    terms = {f" {norm_key(t)} " for row in rows for t in row if t}
    for r in everyday_words():
        found = [m for m in r.means if any(f" {m} " in t for t in terms)]
        assert found, f"{r.word}: none of {r.means} is a term of the knowledge base"
