"""The TypedDicts that describe the JSON reports match what the commands print, so the
types cannot drift from the output (issue #16: reports were typed as dict[str, Any])."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from apothecary.audit.findings import FindingJSON
from apothecary.audit.report import AuditJSON, PageJSON, SkippedJSON
from apothecary.cli import cli
from apothecary.knowledge.report import KBStats, SourceStats

DEFECTS = Path(__file__).parent / "fixtures" / "audit" / "defects"


def keys_fit(data: dict[str, Any], td: Any) -> None:
    assert td.__required_keys__ <= data.keys() <= td.__required_keys__ | td.__optional_keys__, (
        td.__name__, sorted(data))


def test_audit_json_is_an_audit_report(tiny_kb_path: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["audit", str(DEFECTS), "--json", "--kb", str(tiny_kb_path)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    keys_fit(report, AuditJSON)
    assert report["pages"] and any(p["findings"] for p in report["pages"])
    for page in report["pages"]:
        keys_fit(page, PageJSON)
        for finding in page["findings"]:
            keys_fit(finding, FindingJSON)
    assert any("sentence" in f for p in report["pages"] for f in p["findings"])
    for skipped in report["skipped"]:
        keys_fit(skipped, SkippedJSON)


def test_kb_stats_json_is_kb_stats(tiny_kb_path: Path) -> None:
    result = CliRunner().invoke(cli, ["kb", "stats", "--json", "--kb", str(tiny_kb_path)])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.output)
    keys_fit(stats, KBStats)
    assert stats["sources"]
    for source in stats["sources"]:
        keys_fit(source, SourceStats)


def test_build_report_is_a_build_report(tiny_kb_path: Path, tmp_path: Path) -> None:
    from apothecary.site.buildreport import BuildReport, FailedPage, ReportEntry, ReportPage

    src = tmp_path / "list.txt"
    src.write_text("Paracetamol\nAmoxycillin + Clavulanic Acid\nUnobtainium\n<b>x</b>\n",
                   encoding="utf-8")
    brands = tmp_path / "brands.csv"
    brands.write_text("brand,composition\nFeverex 650,Paracetamol (650mg)\n", encoding="utf-8")
    out = tmp_path / "site"
    args = ["build", str(src), "--out", str(out), "--kb", str(tiny_kb_path),
            "--format", "jekyll,json", "--brands", str(brands)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    report = json.loads((out / "build-report.json").read_text("utf-8"))
    keys_fit(report, BuildReport)
    assert {"pages", "unresolved", "invalid", "counts", "brands", "input_encoding"} <= set(report)
    assert len(report["pages"]) == 2 and report["unresolved"] and report["invalid"]
    for page in report["pages"]:
        keys_fit(page, ReportPage)
    for entry in report["unresolved"] + report["invalid"]:
        keys_fit(entry, ReportEntry)
    for failed in report["failed"]:
        keys_fit(failed, FailedPage)
    again = CliRunner().invoke(cli, args)  # up to date: the previous report, marked
    assert again.exit_code == 0, again.output
