"""The JSON API's encoder."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as hs

from apothecary.render import jsonapi

_json_scalars = (hs.none() | hs.booleans() | hs.integers(min_value=-(2**53), max_value=2**53)
                 | hs.text())
_json_values = hs.recursive(
    _json_scalars,
    lambda inner: hs.lists(inner, max_size=4) | hs.dictionaries(hs.text(), inner, max_size=4),
    max_leaves=20,
)


@given(_json_values)
def test_api_json_is_the_standard_compact_encoding(value: object) -> None:
    """The fast encoder writes exactly what json.dumps would; text UTF-8 cannot hold (lone
    surrogates) is escaped instead of crashing the build."""
    text = jsonapi.dumps(value)
    text.encode("utf-8")
    assert json.loads(text) == value
    try:
        expected = json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"
        expected.encode("utf-8")
    except UnicodeEncodeError:
        return
    assert text == expected


@given(hs.dictionaries(hs.text(), _json_values))
def test_report_lines_are_compact_json_a_field_or_list_element_a_line(
        value: dict[str, object]) -> None:
    """build-report.json (issue 14): the compact encoding, a line per field and per
    element of a list field (a page per line)."""
    text = jsonapi.dumps_lines(value)
    assert json.loads(text) == value
    lines = text[:-1].split("\n")  # JSON strings hold no raw newline
    assert len(lines) == 2 + sum(len(v) + 2 if isinstance(v, list) and v else 1
                                 for v in value.values())
    assert len(text) <= len(jsonapi.dumps(value)) + 3 * len(lines)


@given(_json_values)
def test_report_json_is_the_standard_indented_encoding(value: object) -> None:
    text = jsonapi.dumps_pretty(value)
    assert json.loads(text) == value
    try:
        expected = json.dumps(value, ensure_ascii=False, indent=1) + "\n"
        expected.encode("utf-8")
    except UnicodeEncodeError:
        return
    assert text == expected
