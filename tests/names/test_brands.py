"""Brands from the site owner's CSV: resolved through the list resolver, attached to exactly
their ingredient set, every other row reported with its reason. Brand names here are made up."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apothecary.errors import InputError
from apothecary.names.brands import base_name, match_brands, read_brands
from apothecary.names.resolve import Resolver

BRANDS_CSV = """\
Brand,Composition,Maker
Feverex 650,Paracetamol (650mg),Acme
Feverex 500,'Paracetamol (500mg)',Acme
Clavomox 625,"Amoxycillin (500mg), Clavulanic Acid (125mg)",Acme
Clavomox Duo,Clavulanic Acid + Amoxicillin,Acme
Glucofin SR,Metformin Hydrochloride 500 mg,Beta
Twinbrand,Paracetamol,Beta
Twinbrand,Metformin,Gamma
Mysterex,Unobtainium 10mg,Beta
Hydrax 25,Hydroxyzne,Beta
,Paracetamol,Nobody
Blankcomp,,Nobody
"""


@pytest.fixture()
def brands_file(tmp_path: Path) -> Path:
    path = tmp_path / "brands.csv"
    path.write_text(BRANDS_CSV, encoding="utf-8")
    return path


def test_brands_attach_to_exactly_their_ingredient_set(brands_file: Path,
                                                       resolver: Resolver) -> None:
    result = match_brands(read_brands(brands_file), resolver)
    by_key = {k: [b.name for b in v] for k, v in result.by_key().items()}
    assert by_key == {
        "DB00316": ["Feverex 500", "Feverex 650"],
        "DB00766+DB01060": ["Clavomox 625", "Clavomox Duo"],
        "DB00331": ["Glucofin SR"],
    }
    assert [b.base for b in result.matched if b.name.startswith("Feverex")] == \
        ["Feverex", "Feverex"]


def test_every_other_row_is_reported_with_its_reason(brands_file: Path,
                                                     resolver: Resolver) -> None:
    result = match_brands(read_brands(brands_file), resolver)
    unmatched = {u["brand"]: u for u in result.unmatched}
    assert set(unmatched) == {"Mysterex", "Hydrax 25", "", "Blankcomp"}
    assert unmatched[""]["reason"] == "no brand name"
    assert unmatched["Blankcomp"]["reason"] == "no composition"
    assert "unobtainium" in str(unmatched["Mysterex"]["reason"]).casefold()
    # a misspelt look-alike is never "corrected" into a medicine
    assert unmatched["Hydrax 25"]["line"] == 10
    assert result.ambiguous == [{
        "brand": "Twinbrand", "lines": [7, 8], "keys": ["DB00316", "DB00331"],
        "reason": "the same brand name is given for different ingredient sets"}]
    report = result.report()
    assert report["matched"] == 5
    assert len(report["unmatched"]) == 4 and len(report["ambiguous"]) == 1  # type: ignore[arg-type]


@pytest.mark.parametrize("name,base", [
    ("Feverex 650", "Feverex"), ("Feverex-650 mg", "Feverex"), ("Feverex 500/325", "Feverex"),
    ("Clavomox Duo", "Clavomox Duo"), ("Feverex 1.5%", "Feverex"), ("650", "650"),
])
def test_base_name_drops_a_trailing_strength(name: str, base: str) -> None:
    assert base_name(name) == base


def test_a_header_without_the_columns_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "b.csv"
    path.write_text("name,contents\nX,Paracetamol\n", encoding="utf-8")
    with pytest.raises(InputError, match="'brand' and 'composition'"):
        read_brands(path)
    with pytest.raises(InputError, match="not found"):
        read_brands(tmp_path / "missing.csv")


def test_a_utf16_brands_file_reads_like_utf8(tmp_path: Path, resolver: Resolver) -> None:
    path = tmp_path / "b.csv"
    path.write_bytes("\ufeffbrand,composition\nFeverex 650,Paracetamol\n".encode("utf-16-le"))
    assert read_brands(path) == [(2, "Feverex 650", "Paracetamol")]


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_after_a_good_header_never_raise(data: bytes) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "b.csv"
        path.write_bytes(b"brand,composition\n" + data)
        for line, brand, comp in read_brands(path):
            assert line >= 2 and isinstance(brand, str) and isinstance(comp, str)
