"""Reading openFDA label files: zip parts, results documents, JSON Lines, broken input."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apothecary.errors import InputError
from apothecary.knowledge.sources import openfda

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "sources" / "openfda-labels" / \
    "labels.jsonl"


def real_records() -> list[dict[str, Any]]:
    return [json.loads(line) for line in REAL.read_text(encoding="utf-8").splitlines()]


def records_of(path: Path) -> list[Any]:
    return [i.record for i in openfda.read_items(path)]


def write_zip(path: Path, doc: Any, member: str = "drug-label-0001-of-0001.json") -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(member, json.dumps(doc, indent=2))
    return path


def test_three_forms_give_the_same_records(tmp_path: Path) -> None:
    recs = real_records()
    jsonl = tmp_path / "labels.jsonl"
    jsonl.write_text("\n".join(json.dumps(r) for r in recs) + "\n", encoding="utf-8")
    doc = {"meta": {"disclaimer": "x", "results": {"total": len(recs)}}, "results": recs}
    results = tmp_path / "labels.json"
    results.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    part = write_zip(tmp_path / "drug-label-0001-of-0001.json.zip", doc)
    assert records_of(jsonl) == recs
    assert records_of(results) == recs
    assert records_of(part) == recs
    assert [i.number for i in openfda.read_items(part)] == list(range(1, len(recs) + 1))


@pytest.mark.parametrize("chunk", [1, 3, 17, 4096])
def test_records_split_across_chunks(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                     chunk: int) -> None:
    """A record cut by the read buffer's end is read whole (numbers, strings, literals)."""
    monkeypatch.setattr(openfda, "CHUNK", chunk)
    recs: list[Any] = [{"set_id": "a" * 9, "n": 12345, "f": 1.5e3, "t": True, "x": None,
                        "s": ["é \\u00e9 \" quote"]}, {"set_id": "b" * 9}]
    doc = tmp_path / "doc.json"
    doc.write_text(json.dumps({"meta": {"k": [1, 2]}, "results": recs}), encoding="utf-8")
    assert records_of(doc) == recs
    lines = tmp_path / "l.jsonl"
    lines.write_text("\n".join(json.dumps(r) for r in recs) + "\n12\n", encoding="utf-8")
    assert records_of(lines) == [*recs, 12]


def test_broken_json_lines_are_counted_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "l.jsonl"
    path.write_text('{"set_id": "a1b2c3d4e5"}\n{"set_id": tru\n\n{"oops"}\n[1, 2\n'
                    '{"set_id": "f1f2f3f4f5"}\n', encoding="utf-8")
    items = list(openfda.read_items(path))
    assert [(i.number, i.error is not None) for i in items][:3] == [(1, False), (2, True),
                                                                    (3, True)]
    assert items[-1].record == {"set_id": "f1f2f3f4f5"}
    assert all(i.error == "broken JSON" or i.error is None or "unreadable" in i.error
               for i in items)


def test_truncated_bulk_document_keeps_earlier_records(tmp_path: Path) -> None:
    text = json.dumps({"meta": {}, "results": [{"set_id": "a" * 10}, {"set_id": "b" * 10}]})
    path = tmp_path / "cut.json"
    path.write_text(text[:-25], encoding="utf-8")
    items = list(openfda.read_items(path))
    assert items[0].record == {"set_id": "a" * 10}
    assert items[-1].error is not None and "unreadable" in items[-1].error


def test_gzipped_json_lines(tmp_path: Path) -> None:
    import gzip

    path = tmp_path / "labels.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write('{"set_id": "a1b2c3d4e5"}\n{"set_id": "f1f2f3f4f5"}\n')
    assert [r["set_id"] for r in records_of(path)] == ["a1b2c3d4e5", "f1f2f3f4f5"]
    bad = tmp_path / "broken.json.gz"
    bad.write_bytes(b"\x1f\x8b not really gzip")
    with pytest.raises(InputError):
        list(openfda.read_items(bad))


def test_top_level_array_and_small_documents(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('[{"set_id": "x"}, 3]', encoding="utf-8")
    assert records_of(path) == [{"set_id": "x"}, 3]
    path.write_text('{"other": 1, "results": [{"set_id": "y"}]}', encoding="utf-8")
    assert records_of(path) == [{"set_id": "y"}]
    path.write_text("", encoding="utf-8")
    assert records_of(path) == []


def test_invalid_utf8_is_replaced_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b'{"set_id": "abcdefgh", "x": ["caf\xe9"]}\n')
    (rec,) = records_of(path)
    assert rec["x"] == ["caf\ufffd"]


def test_missing_directory_and_damaged_zip_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        list(openfda.read_items(tmp_path / "nope.json"))
    with pytest.raises(InputError, match="not a file"):
        openfda.check_readable(tmp_path)
    bad = tmp_path / "part.json.zip"
    bad.write_bytes(b"PK\x03\x04 this is not a zip")
    with pytest.raises(InputError):
        openfda.check_readable(bad)
    empty = tmp_path / "empty.zip"
    with zipfile.ZipFile(empty, "w") as zf:
        zf.writestr("readme.txt", "no json here")
    with pytest.raises(InputError, match="no JSON"):
        openfda.check_readable(empty)


def test_document_is_streamed_not_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    """The buffer never holds much more than a chunk plus one record."""
    monkeypatch.setattr(openfda, "CHUNK", 1000)
    recs = [{"set_id": f"{n:012d}", "text": ["x" * 200]} for n in range(2000)]
    text = json.dumps({"meta": {}, "results": recs})
    buf = openfda._Buffer(io.StringIO(text))
    biggest = 0
    count = 0
    for item in openfda.split_records(buf, "mem"):
        biggest = max(biggest, len(buf.text))
        count += item.record is not None
    assert count == 2000
    assert biggest < 3000 < len(text) // 100


@settings(max_examples=150, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                    lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=5), c,
                                                                        max_size=3),
                    max_leaves=10))
def test_any_json_value_round_trips_as_json_lines(value: Any) -> None:
    """Whatever JSON a line holds comes back as one record (or a container's records)."""
    line = json.dumps(value)
    buf = openfda._Buffer(io.StringIO(line + "\n" + line + "\n"))
    items = list(openfda.split_records(buf, "h"))
    assert all(i.error is None for i in items)
    if isinstance(value, list):
        assert [i.record for i in items] == value + value
    elif isinstance(value, dict) and isinstance(value.get("results"), list):
        assert [i.record for i in items] == value["results"] * 2
    else:
        assert [i.record for i in items] == [value, value]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('{}[]",:0123456789 \n\\tuefalsnr"meta"results')),
               max_size=120) | st.text(max_size=60),
       st.sampled_from([1, 2, 5, 4096]))
def test_any_text_is_read_without_raising(text: str, chunk: int) -> None:
    """Damaged input of any shape gives records or counted errors, never an exception, and
    reading always ends."""
    old = openfda.CHUNK
    openfda.CHUNK = chunk
    try:
        items = list(openfda.split_records(openfda._Buffer(io.StringIO(text)), "x"))
    finally:
        openfda.CHUNK = old
    assert [i.number for i in items] == list(range(1, len(items) + 1))
    assert all((i.error is None) or i.record is None for i in items)
