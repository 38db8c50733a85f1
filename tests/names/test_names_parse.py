"""The list reader and line parser: real list formats, strengths, and hostile bytes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apothecary.errors import InputError
from apothecary.names.parse import (
    decode_list,
    normalize_strength,
    parse_ingredient,
    parse_line,
    read_list,
    read_list_encoded,
    split_lines,
)


def names_and_strengths(text: str) -> list[tuple[str, str | None]]:
    return [(i.name, i.strength) for i in parse_line(text).ingredients]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Paracetamol", [("Paracetamol", None)]),
        ("Amoxicillin + Clavulanic Acid", [("Amoxicillin", None), ("Clavulanic Acid", None)]),
        ("Amoxicillin, Clavulanic Acid", [("Amoxicillin", None), ("Clavulanic Acid", None)]),
        ("Amoxicillin & Clavulanic Acid", [("Amoxicillin", None), ("Clavulanic Acid", None)]),
        ("Paracetamol 500mg + Caffeine 30 mg", [("Paracetamol", "500 mg"), ("Caffeine", "30 mg")]),
        (
            "'Amoxycillin (125mg)', 'Clavulanic Acid (32.25mg)'",
            [("Amoxycillin", "125 mg"), ("Clavulanic Acid", "32.25 mg")],
        ),
        ('"Ringer\'s lactate"', [("Ringer's lactate", None)]),
        ("'Amoxycillin  (1000mg)', 'Clavulanic Acid (125mg)'",
         [("Amoxycillin", "1000 mg"), ("Clavulanic Acid", "125 mg")]),
        ("'Amoxycillin ', 'Clavulanic Acid'", [("Amoxycillin", None), ("Clavulanic Acid", None)]),
        ("‘Aceclofenac (100mg)’, ‘Tizanidine (4mg)’", [("Aceclofenac", "100 mg"),
                                                       ("Tizanidine", "4 mg")]),
        ("Vitamin D3 (1,000 IU)", [("Vitamin D3", "1000 IU")]),
        ("Sodium Chloride 0.9% w/v", [("Sodium Chloride", "0.9% w/v")]),
        ("Amylmetacresol 0.6mg, 2,4-Dichlorobenzyl Alcohol 1.2mg",
         [("Amylmetacresol", "0.6 mg"), ("2,4-Dichlorobenzyl Alcohol", "1.2 mg")]),
    ],
)
def test_formats(line: str, expected: list[tuple[str, str | None]]) -> None:
    assert names_and_strengths(line) == expected


def test_quoted_lines_are_marked_and_keep_commas_inside_ingredients() -> None:
    parsed = parse_line("'Calcium (500mg)', 'Vitamin D3 (1,000IU)'")
    assert parsed.quoted
    assert [i.strength for i in parsed.ingredients] == ["500 mg", "1000 IU"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("125mg", "125 mg"),
        ("0.1% w/w", "0.1% w/w"),
        ("0.10 % W/V", "0.1% w/v"),
        ("500mg/5ml", "500 mg/5 ml"),
        ("2.5Million spores", "2.5 million spores"),
        ("5Billion CFU", "5 billion CFU"),
        ("75000AU", "75000 AU"),
        ("1gm", "1 g"),
        ("0.600gm", "0.6 g"),
        ("100IU/ml", "100 IU/ml"),
        ("1500mcg", "1500 mcg"),
        ("250 µg", "250 mcg"),
        ("1.50mg", "1.5 mg"),
        ("0,5 mg", "0.5 mg"),
        ("10 mg per 5 ml", "10 mg/5 ml"),
        ("1350PFU", "1350 PFU"),
        ("4800000IU", "4800000 IU"),
        ("5ml", "5 ml"),
    ],
)
def test_strengths_are_normalised(text: str, expected: str) -> None:
    assert normalize_strength(text) == expected


@pytest.mark.parametrize("text", ["Micronized", "hCG", "live", "Pyridoxine", "", "mg", "5"])
def test_non_strengths_are_not_strengths(text: str) -> None:
    assert normalize_strength(text) is None


def test_bracketed_names_become_aliases_not_strengths() -> None:
    ing = parse_ingredient("Clioquinol (Iodochlorhydroxyquin) (1% w/w)")
    assert (ing.name, ing.aliases, ing.strength) == ("Clioquinol", ("Iodochlorhydroxyquin",),
                                                     "1% w/w")
    ing = parse_ingredient("Thiamine(Vitamin B1) (100mg)")
    assert (ing.name, ing.aliases, ing.strength) == ("Thiamine", ("Vitamin B1",), "100 mg")


@pytest.mark.parametrize("text", ["Amoxycillin (125mg", "Paracetamol) (500mg)"])
def test_unbalanced_brackets_mark_the_ingredient_damaged(text: str) -> None:
    assert parse_ingredient(text).damaged


def test_read_list_skips_blanks_and_comments_and_numbers_lines(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_text("# header\nParacetamol\n\n   \nAspirin\r\n  # indented comment\nX\n",
                    encoding="utf-8")
    assert read_list(path) == [(2, "Paracetamol"), (5, "Aspirin"), (7, "X")]


def test_read_list_keeps_lines_with_undecodable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"Paracetamol\nM\xe9tformine\n\xff\xfe\nAspirin\n")
    items = read_list(path)
    assert [n for n, _ in items] == [1, 2, 3, 4]
    assert "\ufffd" in items[1][1]


def test_read_list_strips_a_utf8_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffParacetamol\n".encode())
    assert read_list(path) == [(1, "Paracetamol")]


def test_read_list_rejects_missing_files_and_directories(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        read_list(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="directory"):
        read_list(tmp_path)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_parse_line_never_raises(text: str) -> None:
    parsed = parse_line(text)
    assert parsed.text == text
    for ing in parsed.ingredients:
        assert isinstance(ing.name, str)
        assert ing.strength is None or ing.strength.strip() == ing.strength


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from("'\"(),+&/%0123456789")))
def test_parse_line_never_raises_on_list_punctuation(text: str) -> None:
    parse_line(text)


_ENTRY = st.text(st.characters(blacklist_characters="\n\ufeff", blacklist_categories=("Cs",)),
                min_size=1).filter(lambda t: bool(t.strip()) and not t.strip().startswith("#"))
_LINE = st.one_of(
    st.tuples(st.just("entry"), _ENTRY),
    st.tuples(st.just("blank"), st.sampled_from(["", " ", "\t", "\r", "  \u3000"])),
    st.tuples(st.just("comment"), st.text(st.characters(blacklist_characters="\n",
                                                        blacklist_categories=("Cs",)))
              .map(lambda t: "# " + t)),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_LINE, max_size=30), st.sampled_from(["utf-8", "utf-16-le", "utf-32-be"]))
def test_every_entry_line_comes_back_with_its_number(lines: list[tuple[str, str]],
                                                     encoding: str) -> None:
    """Lines made as entries, blanks or comments: exactly the entries come back, numbered
    as an editor numbers them, whatever the encoding (with a byte-order mark)."""
    data = ("\ufeff" + "\n".join(text for _, text in lines)).encode(encoding)
    text, _ = decode_list(data)
    got = split_lines(text)
    assert got == [(n, text.strip()) for n, (kind, text) in enumerate(lines, start=1)
                   if kind == "entry"]


@settings(max_examples=200, deadline=None)
@given(st.binary())
def test_any_bytes_never_raise(data: bytes) -> None:
    text, _ = decode_list(data)
    assert len(split_lines(text)) <= text.count("\n") + 1  # never raises, never invents


_GARBAGE = st.binary(max_size=12).filter(lambda b: b"\n" not in b and b"\x00" not in b)


@settings(max_examples=200, deadline=None)
@given(st.lists(_GARBAGE, max_size=12))
def test_any_bytes_never_lose_a_line(garbage: list[bytes]) -> None:
    """Undecodable bytes on one line never cost a neighbour: named lines between lines of
    random bytes all come back, with their numbers."""
    lines = [b"Paracetamol"]
    for n, junk in enumerate(garbage):
        lines += [junk, b"Drug %d" % n]
    text, encoding = decode_list(b"\n".join(lines))
    assert encoding == "utf-8"
    got = dict(split_lines(text))
    assert got[1] == "Paracetamol"
    for n in range(len(garbage)):
        assert got[2 * n + 3] == f"Drug {n}"


LIST_TEXT = ("# generics\nParacetamol\n\nAmoxycillin + Clavulanic Acid\n"
             "'Metformin (500mg)'\r\nÁcido fólico\n")
LIST_ENTRIES = [(2, "Paracetamol"), (4, "Amoxycillin + Clavulanic Acid"),
                (5, "'Metformin (500mg)'"), (6, "Ácido fólico")]


@pytest.mark.parametrize("encoding,bom,name", [
    ("utf-8", b"", "utf-8"), ("utf-8", b"\xef\xbb\xbf", "utf-8"),
    ("utf-16-le", b"\xff\xfe", "utf-16-le"), ("utf-16-be", b"\xfe\xff", "utf-16-be"),
    ("utf-16-le", b"", "utf-16-le"), ("utf-16-be", b"", "utf-16-be"),
    ("utf-32-le", b"\xff\xfe\x00\x00", "utf-32-le"),
    ("utf-32-be", b"\x00\x00\xfe\xff", "utf-32-be"),
    ("utf-32-le", b"", "utf-32-le"), ("utf-32-be", b"", "utf-32-be"),
])
def test_lists_in_utf16_and_utf32_read_like_utf8(tmp_path: Path, encoding: str, bom: bytes,
                                                 name: str) -> None:
    """A list saved as UTF-16 by a Windows tool once came back as every line "invalid"."""
    path = tmp_path / "list.txt"
    path.write_bytes(bom + LIST_TEXT.encode(encoding))
    entries, used = read_list_encoded(path)
    assert used == name
    assert entries == LIST_ENTRIES


@given(st.lists(st.from_regex(r"[A-Za-z][A-Za-z +,()'0-9.]{0,30}", fullmatch=True),
                min_size=1, max_size=20),
       st.sampled_from(["utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"]),
       st.booleans())
def test_any_ascii_list_reads_the_same_in_every_unicode_encoding(
        lines: list[str], encoding: str, with_bom: bool) -> None:
    text = "\n".join(lines) + "\n"
    data = ("\ufeff" + text if with_bom else text).encode(encoding)
    decoded, used = decode_list(data)
    assert used == encoding
    assert split_lines(decoded) == split_lines(text)


def test_a_utf16_list_opening_with_a_nul_is_not_read_as_an_empty_utf32_file() -> None:
    """FF FE 00 00 is both the UTF-32-LE mark and the UTF-16-LE mark before U+0000: the
    reading that keeps the line wins (hypothesis found a one-line list lost this way)."""
    assert split_lines(decode_list(("\ufeff\x00\nAspirin").encode("utf-16-le"))[0]) == [
        (1, "\x00"), (2, "Aspirin")]
    assert decode_list(("\ufeffAspirin").encode("utf-32-le")) == ("Aspirin", "utf-32-le")
