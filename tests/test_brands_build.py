"""`build --brands FILE`: brands from the site's own CSV, on the page of exactly their
ingredient set and in its search names; every other brand row reported (made-up brands)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from apothecary.cli import cli
from apothecary.render import jsonapi4

BRANDS = """brand,composition
Feverex 650,Paracetamol (650mg)
Clavomox 625,"Amoxycillin (500mg), Clavulanic Acid (125mg)"
Glucofin SR,Metformin Hydrochloride
Mysterex,Unobtainium
"""


def build(tmp_path: Path, kb: Path, brands: str) -> tuple[Path, dict, str]:  # type: ignore[type-arg]
    src = tmp_path / "list.txt"
    src.write_text("Paracetamol\nAmoxycillin + Clavulanic Acid\n", encoding="utf-8")
    csv = tmp_path / "brands.csv"
    csv.write_text(brands, encoding="utf-8")
    out = tmp_path / "site"
    result = CliRunner().invoke(cli, ["build", str(src), "--out", str(out), "--kb", str(kb),
                                      "--brands", str(csv)])
    assert result.exit_code == 0, result.output
    return out, json.loads((out / "build-report.json").read_text("utf-8")), result.output


def test_brands_are_listed_on_their_page_and_reported(tmp_path: Path,
                                                       tiny_kb_path: Path) -> None:
    out, report, output = build(tmp_path, tiny_kb_path, BRANDS)
    brands = report["brands"]
    assert brands["matched"] == 2 and brands["ambiguous"] == []
    reasons = {u["brand"]: u["reason"] for u in brands["unmatched"]}
    assert reasons["Glucofin SR"].startswith("no page")  # metformin is not in the list
    assert "unobtainium" in reasons["Mysterex"].casefold()
    assert "brands: 2 matched, 2 unmatched, 0 ambiguous" in output
    pages = {p["key"]: p for p in report["pages"]}
    para = (out / pages["DB00316"]["jekyll"]).read_text("utf-8")
    assert "**Sold as (brands in this site's list):** Feverex 650." in para
    combo = (out / pages["DB00766+DB01060"]["jekyll"]).read_text("utf-8")
    assert "Clavomox 625" in combo and "Feverex" not in combo
    api = jsonapi4.read(out, pages["DB00316"]["json"])
    assert {"Feverex 650", "Feverex"} <= set(api["other_names"])  # search finds "dolo"-style


def test_a_changed_brands_file_rebuilds(tmp_path: Path, tiny_kb_path: Path) -> None:
    build(tmp_path, tiny_kb_path, BRANDS)
    out, report, output = build(tmp_path, tiny_kb_path, BRANDS + "Feverex 500,Paracetamol\n")
    assert "up to date" not in output
    para = next(p for p in report["pages"] if p["key"] == "DB00316")
    assert "Feverex 500, Feverex 650." in (out / para["jekyll"]).read_text("utf-8")
