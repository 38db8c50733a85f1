"""`apothecary audit`: every kind of finding, both page layouts, and no false alarms."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from apothecary.audit.findings import KINDS
from apothecary.cli import cli

AUDIT = Path(__file__).parent / "fixtures" / "audit"
NORMAL = AUDIT / "normal"
DEFECTS = AUDIT / "defects"


def run_audit(runner: CliRunner, folder: Path, kb: Path, *extra: str) -> dict[str, Any]:
    result = runner.invoke(cli, ["audit", str(folder), "--json", "--kb", str(kb), *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def kinds_of(report: dict[str, Any], path: str) -> dict[str, list[dict[str, Any]]]:
    page = next(p for p in report["pages"] if p["path"] == path)
    out: dict[str, list[dict[str, Any]]] = {}
    for f in page["findings"]:
        out.setdefault(f["kind"], []).append(f)
    return out


@pytest.fixture(scope="module")
def defects(tiny_kb_path: Path) -> dict[str, Any]:
    return run_audit(CliRunner(), DEFECTS, tiny_kb_path)


@pytest.fixture(scope="module")
def normal(tiny_kb_path: Path) -> dict[str, Any]:
    return run_audit(CliRunner(), NORMAL, tiny_kb_path)


def test_json_shape_and_counts(defects: dict[str, Any]) -> None:
    pages = defects["pages"]
    assert len(pages) == len(list(DEFECTS.rglob("*.md")))
    assert defects["counts"]["pages"] == len(pages)
    for page in pages:
        assert set(page) >= {"path", "title", "key", "findings"}
        assert not Path(page["path"]).is_absolute() and (DEFECTS / page["path"]).is_file()
        for f in page["findings"]:
            assert f["kind"] in KINDS and f["detail"]
    for kind in KINDS:
        found = sum(1 for p in pages for f in p["findings"] if f["kind"] == kind)
        assert defects["counts"][kind] == found


@pytest.mark.parametrize("path", ["x/xylotrex.md", "s/salbutamol.md"])
def test_refusal_in_both_formats(defects: dict[str, Any], path: str) -> None:
    found = kinds_of(defects, path)
    assert "refusal" in found
    assert found["refusal"][0]["sentence"]


@pytest.mark.parametrize("path,title", [
    ("o/omega-.md", "Omega-"),
    ("h/hydrochloride.md", "Hydrochloride"),
    ("a/anti-psoriatic.md", "ANTI-PSORIATIC"),
    ("x/xylotrex.md", "Xylotrex"),
])
def test_unresolved_titles(defects: dict[str, Any], path: str, title: str) -> None:
    found = kinds_of(defects, path)
    assert "unresolved-name" in found
    assert title in found["unresolved-name"][0]["detail"]
    page = next(p for p in defects["pages"] if p["path"] == path)
    assert page["key"] is None


def test_resolved_titles_are_not_unresolved(defects: dict[str, Any]) -> None:
    for path in ("s/salbutamol.md", "p/paracetamol.md", "h/hydroxyzine.md", "w/warfarin.md"):
        assert "unresolved-name" not in kinds_of(defects, path)
    albuterol = next(p for p in defects["pages"] if p["path"] == "s/salbutamol.md")
    assert albuterol["key"] == "DB01001"


def test_duplicate_combination_in_two_orders_and_formats(defects: dict[str, Any]) -> None:
    a, b = "a/amoxicillin-clavulanic-acid.md", "c/clavulanic-acid-amoxycillin.md"
    pa = next(p for p in defects["pages"] if p["path"] == a)
    pb = next(p for p in defects["pages"] if p["path"] == b)
    assert pa["key"] == pb["key"] and pa["key"]
    assert b in kinds_of(defects, a)["duplicate"][0]["detail"]
    assert a in kinds_of(defects, b)["duplicate"][0]["detail"]
    flagged = [p["path"] for p in defects["pages"] if any(
        f["kind"] == "duplicate" for f in p["findings"])]
    assert sorted(flagged) == [a, b]


def test_duplicate_flags_every_page_of_a_group(tmp_path: Path, tiny_kb_path: Path,
                                              runner: CliRunner) -> None:
    src = (NORMAL / "p" / "paracetamol.md").read_text(encoding="utf-8")
    for i, title in enumerate(["Paracetamol", "Acetaminophen", "PARACETAMOL 500mg"]):
        (tmp_path / f"p{i}.md").write_text(src.replace("title: Paracetamol", f"title: {title}"),
                                          encoding="utf-8")
    report = run_audit(runner, tmp_path, tiny_kb_path)
    for page in report["pages"]:
        detail = kinds_of(report, page["path"])["duplicate"][0]["detail"]
        others = {p["path"] for p in report["pages"]} - {page["path"]}
        assert all(o in detail for o in others)


def test_unsupported_use_look_alike(defects: dict[str, Any]) -> None:
    claims = kinds_of(defects, "h/hydroxyzine.md")["unsupported-claim"]
    details = " ".join(c["detail"] for c in claims)
    assert "high blood pressure" in details
    assert all(c["sentence"] for c in claims)
    assert "anxiety" not in details  # a supported use is not flagged


def test_unsupported_side_effect_and_interaction(defects: dict[str, Any]) -> None:
    claims = kinds_of(defects, "p/paracetamol.md")["unsupported-claim"]
    details = " ".join(c["detail"] for c in claims)
    assert "hair loss" in details
    assert "metformin" in details
    assert "warfarin" not in details and "nausea" not in details


def test_outdated_pregnancy_letters(defects: dict[str, Any]) -> None:
    found = kinds_of(defects, "w/warfarin.md")["outdated"]
    assert "X" in found[0]["detail"] and "D" in found[0]["detail"]
    assert "Category X" in found[0]["sentence"]


def test_missing_section_names_them(defects: dict[str, Any]) -> None:
    detail = kinds_of(defects, "m/metformin.md")["missing-section"][0]["detail"]
    assert "How it Works" in detail and "FAQs" in detail and "Usage" not in detail


def test_missing_note(defects: dict[str, Any]) -> None:
    detail = kinds_of(defects, "a/aspirin.md")["missing-note"][0]["detail"]
    assert "disclaimer" in detail and "provenance" in detail


def test_malformed_pages_are_reported_not_fatal(defects: dict[str, Any]) -> None:
    latin = kinds_of(defects, "i/ibuprofen-latin1.md")
    assert "UTF-8" in latin["malformed"][0]["detail"]
    broken = next(p for p in defects["pages"] if p["path"] == "z/zentrova.md")
    assert broken["title"] == "Zentrova"  # falls back to the H1
    assert "front matter" in kinds_of(defects, "z/zentrova.md")["malformed"][0]["detail"]


def test_normal_pages_raise_no_alarm(normal: dict[str, Any]) -> None:
    """The precision requirement: 'consult your doctor' and friends are not findings."""
    flagged = {p["path"]: p["findings"] for p in normal["pages"]
               if any(f["kind"] != "no-source" for f in p["findings"])}
    assert flagged == {}
    assert normal["counts"]["pages"] == len(list(NORMAL.rglob("*.md")))
    # `no-source` is no alarm about the page: the tiny KB has no side-effect facts for
    # salbutamol, so its side-effect claims cannot be checked (issue 13: said, not passed)
    unchecked = [(p["path"], f["detail"]) for p in normal["pages"] for f in p["findings"]]
    assert len(unchecked) == 1 and unchecked[0][0] == "s/salbutamol.md"
    assert "\u201cfast heartbeat\u201d, \u201ctremor\u201d" in unchecked[0][1]


def test_normal_pages_use_both_layouts_and_friendly_phrases() -> None:
    texts = [p.read_text(encoding="utf-8") for p in NORMAL.rglob("*.md")]
    assert any("\n**Usage:**" in t for t in texts) and any("\n### Usage" in t for t in texts)
    joined = " ".join(texts).lower()
    for phrase in ("consult your doctor", "ask your pharmacist", "cannot swallow tablets"):
        assert phrase in joined


def test_single_sentence_changes_flip_findings(tmp_path: Path, tiny_kb_path: Path,
                                               runner: CliRunner) -> None:
    """Inject each defect into a clean page: exactly that kind appears."""
    clean = (NORMAL / "p" / "paracetamol.md").read_text(encoding="utf-8")
    cases = {
        "refusal": clean.replace("**How it Works:**\n",
                                 "**How it Works:**\n\nI cannot identify this medicine.\n"),
        "outdated": clean.replace("**FAQs:**\n", "**FAQs:**\n\nIt is pregnancy category B.\n"),
        "unsupported-claim": clean.replace("* **Fever:**", "* **Asthma:** it treats asthma.\n"
                                           "* **Fever:**"),
        "missing-section": clean.replace("**How it Works:**", "**Mechanism notes:**"),
        "missing-note": clean.replace("**Note:** Written by", "**Note:** Composed by"),
    }
    for kind, text in cases.items():
        folder = tmp_path / kind
        folder.mkdir()
        (folder / "page.md").write_text(text, encoding="utf-8")
        report = run_audit(runner, folder, tiny_kb_path)
        assert set(kinds_of(report, "page.md")) == {kind}, kind


def test_html_report_escapes_hostile_titles(tmp_path: Path, tiny_kb_path: Path,
                                            runner: CliRunner) -> None:
    site = tmp_path / "site"
    site.mkdir()
    hostile = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'
    (site / "evil.md").write_text(
        f"---\ntitle: '{hostile}'\n---\n\n# x\n\n**Usage:**\n\n<b>I am an AI</b> & more\n",
        encoding="utf-8")
    shutil.copy(DEFECTS / "w" / "warfarin.md", site / "warfarin.md")
    out = tmp_path / "report.html"
    result = runner.invoke(cli, ["audit", str(site), "--html", str(out), "--kb", str(tiny_kb_path)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>I am" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;img" in html
    assert "http://" not in html and "https://" not in html  # self-contained
    # worst first: the refusal page (hostile title) outranks the outdated warfarin page
    assert html.index("&lt;script&gt;alert") < html.index("Warfarin")
    for kind in KINDS:
        assert f'id="kind-{kind}"' in html and f'value="{kind}"' in html
    assert "evil.md" in result.output  # terminal summary lists the worst pages


def test_missing_folder_is_a_clean_error(tmp_path: Path, tiny_kb_path: Path,
                                         runner: CliRunner) -> None:
    result = runner.invoke(cli, ["audit", str(tmp_path / "nope"), "--kb", str(tiny_kb_path)])
    assert result.exit_code != 0 and "Traceback" not in result.output


def test_empty_folder_reports_zero(tmp_path: Path, tiny_kb_path: Path, runner: CliRunner) -> None:
    report = run_audit(runner, tmp_path, tiny_kb_path)
    assert report["pages"] == [] and report["counts"]["pages"] == 0


def test_denies_product_on_a_combination_page(defects: dict[str, Any]) -> None:
    found = kinds_of(defects, "p/paracetamol-warfarin.md")["denies-product"]
    assert len(found) == 1 and "hypothetical" in found[0]["detail"]
    assert "CDSCO" not in found[0]["detail"]  # the tiny KB has no approval fact for it
    flagged = [p["path"] for p in defects["pages"] if any(
        f["kind"] == "denies-product" for f in p["findings"])]
    assert flagged == ["p/paracetamol-warfarin.md"]
