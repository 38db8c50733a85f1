"""`apothecary kb build|stats|show` through Click's runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from apothecary.cli import cli


@pytest.fixture(scope="module")
def kb_file(sources_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("kbcli") / "kb.sqlite"
    result = CliRunner().invoke(cli, ["kb", "build", "--sources", str(sources_dir),
                                      "--out", str(out), "--text", str(out.parent / "text")])
    assert result.exit_code == 0, result.output
    assert "drugs" in result.output and (out.parent / "text" / "facts.tsv.gz").is_file()
    return out


def test_kb_build_reports_missing_sources(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["kb", "build", "--sources", str(tmp_path / "none"),
                                 "--out", str(tmp_path / "kb.sqlite")])
    assert result.exit_code == 1
    assert "sources folder not found" in result.output
    assert "Traceback" not in result.output


def test_kb_stats(runner: CliRunner, kb_file: Path) -> None:
    result = runner.invoke(cli, ["kb", "stats", "--kb", str(kb_file)])
    assert result.exit_code == 0, result.output
    assert "CC BY-NC-SA 4.0 [noncommercial]" in result.output
    data = json.loads(runner.invoke(cli, ["kb", "stats", "--kb", str(kb_file), "--json"]).output)
    # paracetamol, metformin, omeprazole, esomeprazole (shared CID) and warfarin (crosswalk);
    # ubidecarenone, clavulanic acid, calcium and dabigatran from the shipped leaflet facts
    # (data/leaflets), and their round 3 NHS common side effects: ciprofloxacin, hydroxyzine,
    # prednisolone, amoxicillin, clarithromycin; ashwagandha and fenugreek, which the shipped
    # supplements.txt names (session 7); menthol's and hydralazine's leaflet rows (session 8);
    # lactobacillus, the probiotic supplements.txt names since session 10; the five other
    # probiotics it names since session 11 (bifidobacterium longum, bifidobacterium,
    # streptococcus thermophilus, saccharomyces boulardii, bacillus coagulans)
    assert data["drugs_with_kind"]["side_effect"] == 24
    cov = data["coverage"]["with_atc"]  # paracetamol, metformin, warfarin, amoxicillin,
    assert cov["drugs"] == 6  # simvastatin, examplol
    assert cov["route"] == {"any": 0.833, "who-atc": 0.833}  # examplol's "lamella" is unknown
    # SIDER: not amoxicillin, simva, examplol; leaflets (round 3, NHS common side effects):
    # metformin, warfarin and amoxicillin; paracetamol's urgent-help signs (round 7)
    assert cov["side_effect"] == {"any": 0.667, "sider": 0.5, "leaflets": 0.667}
    assert cov["liver_injury"]["dilirank"] == 0.5  # paracetamol, metformin, warfarin
    assert "coverage of the 6 single drugs with a WHO ATC code" in result.output
    # 5 (Headache via the flat compound) + omeprazole, esomeprazole and warfarin one each
    assert data["facts_by_source"]["sider"]["side_effect"] == 8
    assert data["ambiguous_names"] == 1
    assert sum(s["facts"] for s in data["sources"]) == data["facts"]


def test_kb_show_any_spelling(runner: CliRunner, kb_file: Path) -> None:
    result = runner.invoke(cli, ["kb", "show", "Acetaminophen", "--kb", str(kb_file)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Paracetamol (DB00316)")
    assert "fever [Pyrexia] (rare) — sider" in result.output
    assert "warfarin (moderate) — ansm" in result.output


def test_kb_show_json_and_salt(runner: CliRunner, kb_file: Path) -> None:
    result = runner.invoke(cli, ["kb", "show", "METFORMIN HYDROCHLORIDE", "--json", "--kb",
                                 str(kb_file)])
    data = json.loads(result.output)
    assert data["drug"]["id"] == "DB00331"
    assert "metformin hydrochloride" in data["drug"]["forms"]
    assert data["facts"]["caution"][0]["value"] == "alcohol"
    assert {s["id"] for s in data["sources"]} >= {"labeledin", "ansm", "sider"}


def test_kb_show_ambiguous_and_unknown(runner: CliRunner, kb_file: Path) -> None:
    amb = runner.invoke(cli, ["kb", "show", "propoxy-shared", "--kb", str(kb_file)])
    assert amb.exit_code == 1
    assert "ambiguous" in amb.output and "DB01275" in amb.output and "DB07777" in amb.output
    unknown = runner.invoke(cli, ["kb", "show", "<script>", "--kb", str(kb_file)])
    assert unknown.exit_code == 1
    assert unknown.output.count("\n") == 1 and "unknown drug name" in unknown.output
