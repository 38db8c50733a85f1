"""What a kind of combination is for (monographs/data/combination_kinds.txt): a combination
without a row of its own (most Indian products) leads with what its kind is for, matched by
the roles its ingredients fill; every ingredient must fill a role, an exact row wins."""

from __future__ import annotations

import re

import pytest

from apothecary.knowledge.default import open_kb
from apothecary.models import Page
from apothecary.monographs import combination_uses as cu
from apothecary.monographs.rules import key
from pagekit import shipped_pages
from test_combination_uses import BRACKETS, JARGON

PAIN = ("paracetamol", ["N02BE01"])
DICLO = ("diclofenac", ["M01AB05", "D11AX18", "S01BC03"])
RELAX = ("chlorzoxazone", ["M03BB03"])
ANTACID = ("magnesium trisilicate", ["A02AA05"])
CAFFEINE = ("caffeine", ["N06BC01"])


def _kind(text: str) -> cu.KindRow:
    return cu.parse_kinds(text)[0]


ROW = _kind("N02BE01/M01A + M03B + [A02A] | painful muscle spasm | NHS, X: https://x.org/")


def test_every_ingredient_fills_a_role_and_every_required_role_is_filled() -> None:
    assert ROW.matches([PAIN, RELAX])
    assert ROW.matches([PAIN, DICLO, RELAX])  # two painkillers share one role
    assert ROW.matches([PAIN, RELAX, ANTACID])  # an optional role
    assert not ROW.matches([PAIN, DICLO])  # no muscle relaxant
    assert not ROW.matches([PAIN, RELAX, CAFFEINE])  # caffeine fills no role: another product
    assert not ROW.matches([RELAX])  # never a single medicine
    assert not ROW.matches([("chlorzoxazone", ["M03BB03"]), ("thiocolchicoside", ["M03BX05"])])


def test_one_ingredient_cannot_fill_two_required_roles() -> None:
    both = ("x", ["N02BE01", "M03BX99"])  # fills both roles, but is only one ingredient
    assert not ROW.matches([both, ANTACID])
    assert ROW.matches([both, RELAX])


def test_a_role_may_be_a_name_and_names_match_as_lookup_keys() -> None:
    row = _kind("Lactobacillus Acidophilus + J01 | infections | NHS, X: https://x.org/")
    assert row.matches([("lactobacillus acidophilus", []), ("cefixime", ["J01DD08"])])
    assert not row.matches([("bifidobacterium", []), ("cefixime", ["J01DD08"])])


def test_the_parser_rejects_malformed_rows() -> None:
    assert len(cu.parse_kinds("# comment\n\nA01 + B01 | use | NHS, X: https://x.org/\n")) == 1
    for bad in ("A01 + B01 | use", "A01 | use | NHS, X: https://x.org/",
                "A01 + [B01] | use | NHS, X: https://x.org/",  # one required role
                "A01 + B01 |  | NHS, X: https://x.org/",
                "A01 + B01 | a; b; c; d | NHS, X: https://x.org/",
                "A01 + / | use | NHS, X: https://x.org/"):
        with pytest.raises(ValueError, match="line 1"):
            cu.parse_kinds(bad)


def test_every_shipped_row_is_plain_sourced_and_names_kb_medicines_or_atc_codes() -> None:
    rows = cu.kind_rows()
    assert rows
    kb = open_kb()
    names = {key(n) for n in kb.drug_names().values()}
    codes = {c for atc in kb.atc_codes().values() for c in atc.split()}
    for row in rows:
        where = f"line {row.line}"
        for role in row.roles:
            for f in role.fillers:
                if re.match(r"^[A-Z]\d", f):
                    assert any(c.startswith(f) for c in codes), (where, f)
                else:
                    assert f in names, (where, f)
        for use in row.uses:
            assert use[:1].islower() and not use.endswith("."), (where, use)
            assert len(use) <= 110, (where, use)
            assert not JARGON.search(BRACKETS.sub("", use)), (where, use)
            assert not re.search(r"\d\s*(?:mg|mcg|g|ml)\b", use), (where, use)
        assert re.search(r"^[^:]+: https://\S+$", row.source), (where, row.source)


# -- the pages ----------------------------------------------------------------------------------
def _used_for(page: Page) -> str:
    return next(st.text for s in page.sections if s.id == "key-facts" for st in s.statements
                if st.label == "Used for" or (st.label or "").endswith("used for"))


def _kind_facts(page: Page) -> list[str]:
    return [f.id for f in page.facts if f.locator.startswith(cu.KINDS)]


def test_a_kind_leads_a_combination_without_a_row_of_its_own(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cu, "kind_rows", lambda: [_kind(
        "N02BE01/M01A + M03B + [A02A] | painful muscle spasm, such as a sprain | "
        "NHS, Test kind: https://x.org/")])
    lines = ("Diclofenac + Paracetamol + Chlorzoxazone", "Paracetamol + Chlorzoxazone + Caffeine",
             "Chlordiazepoxide + Clidinium")
    pages = shipped_pages(*lines)
    page = pages[lines[0]]
    assert _used_for(page).startswith("Painful muscle spasm")
    usage = next(s for s in page.sections if s.id == "usage")
    assert usage.intro == "What combinations of this kind are used for:"
    assert usage.statements[0].text.endswith("Source: NHS, Test kind: https://x.org/.")
    assert _kind_facts(page) and all(
        f.drug_id == page.key for f in page.facts if f.id in _kind_facts(page))
    assert not _kind_facts(pages[lines[1]])  # caffeine fills no role
    assert "muscle spasm" not in _used_for(pages[lines[1]])
    # an exact row (combination_uses.txt) wins over any kind
    monkeypatch.setattr(cu, "kind_rows", lambda: [_kind("N05B + A03 | anything | N, X: https://x/")])
    page = shipped_pages(lines[2])[lines[2]]
    assert not _kind_facts(page) and _used_for(page).startswith("Irritable bowel")


def test_a_single_medicine_page_never_takes_a_kind(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cu, "kind_rows", lambda: [_kind("M01A + M01A | x use | N, X: https://x/")])
    page = shipped_pages("Diclofenac")["Diclofenac"]
    assert not _kind_facts(page)
