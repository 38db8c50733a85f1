"""`apothecary resolve FILE [--json]` through Click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from apothecary.cli import cli

LIST = Path(__file__).resolve().parents[1] / "fixtures" / "lists" / "mixed.txt"
ENTRY_FIELDS = {"line", "input", "status", "ingredients", "key", "reason", "suggestions"}
INGREDIENT_FIELDS = {"input", "name", "id", "strength"}


def run_json(runner: CliRunner, path: Path, kb: Path) -> list[dict]:
    result = runner.invoke(cli, ["resolve", str(path), "--json", "--kb", str(kb)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, list)
    return data


def test_json_shape_and_order(runner: CliRunner, names_kb_path: Path) -> None:
    data = run_json(runner, LIST, names_kb_path)
    lines = [n for n, raw in enumerate(LIST.read_text().split("\n"), 1)
             if raw.strip() and not raw.startswith("#")]
    assert [e["line"] for e in data] == lines
    for entry in data:
        assert ENTRY_FIELDS <= set(entry)
        assert entry["status"] in {"resolved", "unresolved", "invalid"}
        for ing in entry["ingredients"]:
            assert INGREDIENT_FIELDS <= set(ing)
    by_line = {e["line"]: e for e in data}
    contract = by_line[3]
    assert contract["status"] == "resolved"
    assert [i["strength"] for i in contract["ingredients"]] == ["125 mg", "32.25 mg"]
    assert contract["key"] == by_line[5]["key"] == "DB00766+DB01060"
    assert by_line[2]["key"] == by_line[13]["key"]  # Paracetamol and "Acetaminophen"
    assert [by_line[n]["status"] for n in (7, 8, 10, 11)] == [
        "invalid", "unresolved", "invalid", "invalid"]
    assert "hydroxyzine" in by_line[9]["suggestions"]


def test_table_output_summarises(runner: CliRunner, names_kb_path: Path) -> None:
    result = runner.invoke(cli, ["resolve", str(LIST), "--kb", str(names_kb_path)])
    assert result.exit_code == 0, result.output
    assert "amoxicillin + clavulanic acid" in result.output
    data = run_json(runner, LIST, names_kb_path)
    resolved = sum(e["status"] == "resolved" for e in data)
    assert f"{len(data)} entries: {resolved} resolved" in result.output
    assert len(result.output.strip().splitlines()) == len(data) + 1


def test_undecodable_bytes_exit_zero_and_keep_the_line(
    runner: CliRunner, names_kb_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"Paracetamol\nM\xe9tformin\n")
    data = run_json(runner, path, names_kb_path)
    assert [(e["line"], e["status"]) for e in data] == [(1, "resolved"), (2, "unresolved")]


def test_unreadable_file_is_a_one_line_error(
    runner: CliRunner, names_kb_path: Path, tmp_path: Path
) -> None:
    result = runner.invoke(cli, ["resolve", str(tmp_path / "nope.txt"), "--kb",
                                 str(names_kb_path)])
    assert result.exit_code == 1
    assert result.output.strip().startswith("Error: file not found")
    result = runner.invoke(cli, ["resolve", str(tmp_path), "--kb", str(names_kb_path)])
    assert result.exit_code == 1 and "directory" in result.output


def test_empty_list_prints_an_empty_array(
    runner: CliRunner, names_kb_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("# nothing\n\n", encoding="utf-8")
    assert run_json(runner, path, names_kb_path) == []
