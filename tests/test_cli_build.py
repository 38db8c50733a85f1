from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from pathlib import Path

from click.testing import CliRunner

from apothecary.cli import cli
from apothecary.serve import make_server

LIST = """# a small list
Paracetamol
'Amoxycillin (500mg)', 'Clavulanic Acid (125mg)'
Amoxicillin + Clavulanic Acid
Qwertyzol
Metformin Hydrochloride
"""


def test_build_command(runner: CliRunner, tiny_kb_path: Path, tmp_path: Path) -> None:
    src = tmp_path / "list.txt"
    src.write_text(LIST, encoding="utf-8")
    out = tmp_path / "site"
    args = ["build", str(src), "--out", str(out), "--kb", str(tiny_kb_path)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    report = json.loads((out / "build-report.json").read_text())
    keys = {p["key"]: p["lines"] for p in report["pages"]}
    assert keys["DB00766+DB01060"] == [3, 4]
    assert report["counts"]["input_lines"] == 5
    assert [u["line"] for u in report["unresolved"]] == [5]
    assert f"{report['counts']['pages']} pages from 5 lines" in result.output
    assert "unresolved" in result.output
    again = runner.invoke(cli, args)
    assert again.exit_code == 0 and "up to date" in again.output


def test_build_options(runner: CliRunner, tiny_kb_path: Path, tmp_path: Path) -> None:
    src = tmp_path / "list.txt"
    src.write_text("Paracetamol\n", encoding="utf-8")
    out = tmp_path / "site"
    result = runner.invoke(cli, [
        "build", str(src), "--out", str(out), "--kb", str(tiny_kb_path), "--format", "jekyll",
        "--layout", "drug", "--licenses", "commercial"])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "build-report.json").read_text())
    page = report["pages"][0]
    assert page["html"] is None and page["json"] is None
    md = (out / page["jekyll"]).read_text()
    assert md.startswith("---\nlayout: drug\n") and "SIDER" not in md


def test_build_errors_are_one_line(runner: CliRunner, tiny_kb_path: Path, tmp_path: Path) -> None:
    kb = ["--kb", str(tiny_kb_path)]
    missing = runner.invoke(cli, ["build", str(tmp_path / "nope.txt"), "--out", "o", *kb])
    assert missing.exit_code == 1 and missing.output.startswith("Error: ")
    assert len(missing.output.strip().splitlines()) == 1
    fmt = runner.invoke(cli, ["build", "x", "--out", "o", "--format", "pdf", *kb])
    assert fmt.exit_code == 2 and "choose from html, jekyll, json" in fmt.output


def test_serve_answers_pages_and_404(tiny_kb_path: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    src = tmp_path / "list.txt"
    src.write_text("Paracetamol\n", encoding="utf-8")
    out = tmp_path / "site"
    assert runner.invoke(cli, ["build", str(src), "--out", str(out), "--kb",
                               str(tiny_kb_path)]).exit_code == 0
    server = make_server(out, 0, verbose=False)
    assert server.server_address[0] == "127.0.0.1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with urllib.request.urlopen(f"{base}/p/paracetamol/") as r:
            assert r.status == 200 and "<h1>Paracetamol</h1>" in r.read().decode()
        try:
            urllib.request.urlopen(f"{base}/no/such/page/")
            raise AssertionError("expected a 404")
        except urllib.error.HTTPError as err:
            assert err.code == 404
            assert "Page not found" in err.read().decode()
    finally:
        server.shutdown()
        server.server_close()


def test_a_utf16_list_builds_the_same_pages_and_says_so(
        runner: CliRunner, tiny_kb_path: Path, tmp_path: Path) -> None:
    """A UTF-16 list once replaced a good site with an empty one (every line "invalid")."""
    text = "Paracetamol\nAmoxycillin + Clavulanic Acid\n"
    for name, data in [("utf8", text.encode("utf-8")),
                       ("utf16", b"\xff\xfe" + text.encode("utf-16-le"))]:
        src = tmp_path / f"{name}.txt"
        src.write_bytes(data)
        out = tmp_path / name
        result = runner.invoke(cli, ["build", str(src), "--out", str(out), "--kb",
                                     str(tiny_kb_path), "--format", "json"])
        assert result.exit_code == 0, result.output
        report = json.loads((out / "build-report.json").read_text("utf-8"))
        assert report["counts"]["pages"] == 2 and report["counts"]["invalid"] == 0
        assert report["input_encoding"] == ("utf-16-le" if name == "utf16" else "utf-8")
        assert ("list read as UTF-16-LE" in result.output) == (name == "utf16")


LONG_LINE = " + ".join([
    "Vitamin A", "Vitamin D3", "Vitamin E", "Thiamine", "Riboflavin", "Nicotinamide",
    "Pyridoxine", "Cyanocobalamin", "Folic Acid", "Ascorbic Acid", "Biotin",
    "Calcium Pantothenate", "Zinc Sulphate", "Magnesium Oxide", "Manganese Sulphate",
    "Copper Sulphate", "Chromium Picolinate", "Selenium", "Sodium Molybdate",
    "Potassium Iodide", "Ferrous Fumarate", "Lysine", "Methylcobalamin"])


def test_a_23_ingredient_line_builds_with_a_short_slug(runner: CliRunner, tmp_path: Path) -> None:
    """This real line once failed the whole build: [Errno 36] File name too long."""
    src = tmp_path / "list.txt"
    src.write_text(f"Paracetamol\n{LONG_LINE}\n", encoding="utf-8")
    out = tmp_path / "site"
    result = runner.invoke(cli, ["build", str(src), "--out", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "build-report.json").read_text("utf-8"))
    assert report["counts"]["pages"] == 2, report["unresolved"]
    long_page = max(report["pages"], key=lambda p: len(p["title"]))
    assert len(long_page["title"]) > 250 and len(long_page["slug"]) <= 120
    assert "shortened" in long_page["slug_note"]
    md = (out / long_page["jekyll"]).read_text("utf-8")
    assert "the address is a shortened form of it" in md[md.rindex("**Note:**"):]
    assert all("slug_note" not in p for p in report["pages"] if p is not long_page)
    for fmt in ("html", "jekyll", "json"):
        assert (out / long_page[fmt]).is_file()


def test_debug_shows_the_error_line_then_the_traceback(runner: CliRunner, tmp_path: Path
                                                        ) -> None:
    from apothecary.errors import InputError

    missing = str(tmp_path / "no-such-list.txt")
    plain = runner.invoke(cli, ["resolve", missing], env={"APOTHECARY_DEBUG": "0"})
    assert plain.exit_code == 1 and not isinstance(plain.exception, InputError)
    assert plain.output == f"Error: file not found: {missing}\n"
    debug = runner.invoke(cli, ["resolve", missing], env={"APOTHECARY_DEBUG": "1"})
    assert isinstance(debug.exception, InputError)  # re-raised: Python prints its traceback
    assert debug.output == f"Error: file not found: {missing}\n"


def test_licences_is_spelled_either_way(runner: CliRunner, tiny_kb_path: Path, tmp_path: Path
                                        ) -> None:
    """The code says licences; --licenses (the documented spelling) and --licences agree."""
    src = tmp_path / "list.txt"
    src.write_text("Warfarin\n", encoding="utf-8")
    reports = []
    for flag, value in (("--licenses", "commercial"), ("--licences", "commercial"),
                        ("--licences", "all")):
        out = tmp_path / f"{flag.strip('-')}-{value}"
        result = runner.invoke(cli, ["build", str(src), "--out", str(out), "--kb",
                                     str(tiny_kb_path), "--format", "json", flag, value])
        assert result.exit_code == 0, result.output
        reports.append(json.loads((out / "build-report.json").read_text(encoding="utf-8")))
    # tiny_kb.sql: warfarin's open facts are LabeledIn's and its US label's; SIDER's
    # bleeding (CC BY-NC-SA) and the ANSM/ONC interactions only without the filter
    assert reports[0]["licences"] == reports[1]["licences"] == ["Public domain"]
    assert "CC BY-NC-SA 4.0" in reports[2]["licences"]
