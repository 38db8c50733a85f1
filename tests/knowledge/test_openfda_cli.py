"""`apothecary kb import openfda` end to end, and the KB it writes used by other commands."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from apothecary.cli import cli
from apothecary.knowledge.default import TEXT_DIR, open_kb
from apothecary.knowledge.store import KnowledgeBase
from apothecary.models import FactKind, LicenceClass

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "sources" / "openfda-labels" / \
    "labels.jsonl"


def combo_label(set_id: str, effective: str, text: str) -> dict[str, Any]:
    """A hand-written Rx label for amoxicillin + clavulanate (test text)."""
    return {"set_id": set_id, "effective_time": effective, "version": "3",
            "openfda": {"product_type": ["HUMAN PRESCRIPTION DRUG"],
                        "substance_name": ["AMOXICILLIN", "CLAVULANATE POTASSIUM"]},
            "contraindications": [f"4 CONTRAINDICATIONS {text}"]}


def write_part(path: Path, records: list[Any]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("drug-label-0001-of-0001.json",
                    json.dumps({"meta": {"results": {"total": len(records)}},
                                "results": records}, indent=2))
    return path


def test_import_writes_base_facts_plus_label_facts(runner: CliRunner, tiny_kb_path: Path,
                                                   tmp_path: Path) -> None:
    part = write_part(tmp_path / "drug-label-0001-of-0001.json.zip", [
        combo_label("c0c0c0c0-0001", "20200101", "Do not use in test patients with a test "
                    "allergy."), 17])
    lines = tmp_path / "more.jsonl"
    lines.write_text(REAL.read_text(encoding="utf-8") + "{broken\n", encoding="utf-8")
    out, report = tmp_path / "kb.sqlite", tmp_path / "report.json"
    result = runner.invoke(cli, ["kb", "import", "openfda", str(part), str(lines), "--out",
                                 str(out), "--kb", str(tiny_kb_path), "--report", str(report)])
    assert result.exit_code == 0, result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "13 records read" in result.output and "broken JSON 1" in result.output
    rep = json.loads(report.read_text(encoding="utf-8"))
    assert rep["read"] == 13 == rep["used"] + rep["skipped"] == rep["used"] + len(
        rep["skipped_records"])
    kb = KnowledgeBase(out)
    combo = kb.facts("DB00766+DB01060", [FactKind.CONTRAINDICATION])
    assert [f.value for f in combo] == ["Do not use in test patients with a test allergy."]
    assert combo[0].scope == "rx" and combo[0].source_id == "openfda"
    para = kb.facts("DB00316", [FactKind.OTC_DO_NOT_USE, FactKind.PREGNANCY])
    assert {f.kind for f in para} == {FactKind.OTC_DO_NOT_USE, FactKind.PREGNANCY}
    # the base's own facts are all still there
    base = sqlite3.connect(tiny_kb_path)
    new = sqlite3.connect(out)
    q = "SELECT id FROM facts WHERE source_id != 'openfda' ORDER BY id"
    assert base.execute(q).fetchall() == new.execute(q).fetchall()
    # public domain: kept with --licenses commercial
    assert KnowledgeBase(out, {LicenceClass.OPEN}).facts("DB00766+DB01060")


def test_newer_import_replaces_label_facts_of_the_same_medicine(
        runner: CliRunner, tiny_kb_path: Path, tmp_path: Path) -> None:
    first = write_part(tmp_path / "a.json.zip", [combo_label("c1-000000001", "20200101",
                                                             "Old test sentence here.")])
    kb1, kb2 = tmp_path / "kb1.sqlite", tmp_path / "kb2.sqlite"
    assert runner.invoke(cli, ["kb", "import", "openfda", str(first), "--out", str(kb1),
                               "--kb", str(tiny_kb_path)]).exit_code == 0
    second = tmp_path / "b.jsonl"
    second.write_text(json.dumps(combo_label("c2-000000002", "20230101",
                                             "New test sentence here.")) + "\n",
                      encoding="utf-8")
    result = runner.invoke(cli, ["kb", "import", "openfda", str(second), "--out", str(kb2),
                                 "--kb", str(kb1)])
    assert result.exit_code == 0, result.output
    facts = KnowledgeBase(kb2).facts("DB00766+DB01060", [FactKind.CONTRAINDICATION])
    assert [f.value for f in facts] == ["New test sentence here."]
    assert "set_id c2-000000002; effective 20230101" in facts[0].locator


def test_missing_or_broken_file_is_one_error_line(runner: CliRunner, tiny_kb_path: Path,
                                                  tmp_path: Path) -> None:
    good = tmp_path / "ok.jsonl"
    good.write_text("{}\n", encoding="utf-8")
    out = tmp_path / "kb.sqlite"
    for bad in (tmp_path / "missing.json.zip", tmp_path):
        result = runner.invoke(cli, ["kb", "import", "openfda", str(good), str(bad), "--out",
                                     str(out), "--kb", str(tiny_kb_path)])
        assert result.exit_code == 1
        assert result.output.startswith("Error: ") and len(result.output.splitlines()) == 1
        assert not out.exists()
    notkb = tmp_path / "not.sqlite"
    notkb.write_text("hello", encoding="utf-8")
    result = runner.invoke(cli, ["kb", "import", "openfda", str(good), "--out", str(out),
                                 "--kb", str(notkb)])
    assert result.exit_code == 1 and result.output.startswith("Error: ")


def test_imported_kb_works_with_resolve_build_and_audit(runner: CliRunner, tiny_kb_path: Path,
                                                        tmp_path: Path) -> None:
    out = tmp_path / "kb.sqlite"
    assert runner.invoke(cli, ["kb", "import", "openfda", str(REAL), "--out", str(out),
                               "--kb", str(tiny_kb_path)]).exit_code == 0
    listing = tmp_path / "list.txt"
    listing.write_text("Paracetamol\nAmoxycillin + Clavulanic acid\n", encoding="utf-8")
    res = runner.invoke(cli, ["resolve", str(listing), "--json", "--kb", str(out)])
    assert res.exit_code == 0 and json.loads(res.output)[0]["status"] == "resolved"
    site = tmp_path / "site"
    res = runner.invoke(cli, ["build", str(listing), "--out", str(site), "--kb", str(out),
                              "--jobs", "1", "--format", "jekyll"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(cli, ["audit", str(site), "--json", "--kb", str(out)])
    assert res.exit_code == 0, res.output
    assert runner.invoke(cli, ["kb", "stats", "--kb", str(out)]).exit_code == 0
    shown = runner.invoke(cli, ["kb", "show", "paracetamol", "--kb", str(out)])
    assert "Do not use (US OTC label) (1):" in shown.output
    assert "- Do not use with any other drug containing acetaminophen" in shown.output


def test_shipped_kb_carries_the_label_facts() -> None:
    """The shipped text includes the 38 real records (regenerated from ../shared/sources)."""
    meta = dict(line.split("\t", 1) for line in
                (TEXT_DIR / "meta.tsv").read_text(encoding="utf-8").splitlines()[1:])
    assert meta["count.openfda.records"].strip() == "38"
    kb = open_kb()
    kinds = {f.kind for f in kb.facts("DB00331")}  # metformin
    assert FactKind.BOXED_WARNING in kinds
    valproate = {f.kind for f in kb.facts("DB00313")}  # divalproex label, openfda empty
    assert {FactKind.PREGNANCY, FactKind.BOXED_WARNING} <= valproate
    assert kb.facts("DB00316+DB00956", [FactKind.BOXED_WARNING])  # hydrocodone + paracetamol
