"""Fact check 4 (issue 10): the round-3 interaction rows, as a pharmacist read them.

- a row that says "NSAID" never reaches glucosamine, chondroitin, diacerein or benzydamine
  (WHO ATC M01AX holds them next to nimesulide and nabumetone), as subject or partner;
- a row about opioids never reaches dextromethorphan or noscapine (ATC R05DA);
- one pair never shows two different spacings (sucralfate's "2 hours" against the
  quinolone and levothyroxine labels' longer gaps).
"""

from __future__ import annotations

import re

from apothecary.knowledge.sources import leaflets

_SHIPPED = leaflets.FILE.parents[1] / "kb" / "drugs.tsv"


def _atc() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in _SHIPPED.read_text(encoding="utf-8").splitlines()[1:]:
        cells = line.split("\t")
        if cells[-1] != "\\N":
            out[cells[1]] = cells[-1].split()
    return out


def _groups(fact: leaflets.LeafletFact) -> list[str]:
    """The WHO ATC prefixes a row reaches, as subject and as partner."""
    codes = [fact.subject[4:]] if fact.subject.startswith("atc:") else []
    kind, code, _label = fact.partner
    if kind == "atc":
        codes.append(code)
    return codes


def _interactions() -> list[leaflets.LeafletFact]:
    facts, problems = leaflets.read()
    assert not problems
    return [f for f in facts if f.kind == "interaction"]


def _reaches(prefixes: list[str], drug: str, atc: dict[str, list[str]]) -> bool:
    return any(c.startswith(p) for p in prefixes for c in atc.get(drug, []))


def test_nsaid_rows_never_reach_medicines_that_are_no_nsaids() -> None:
    atc = _atc()
    not_nsaids = ["glucosamine", "chondroitin sulfate", "diacerein", "benzydamine"]
    assert all(d in atc for d in not_nsaids)
    bad = [(f.line, d) for f in _interactions() if re.search(r"NSAID", f.text + f.detail)
           for d in not_nsaids if _reaches(_groups(f), d, atc)]
    assert not bad


def test_nsaid_rows_still_reach_the_nsaids() -> None:
    atc = _atc()
    for drug in ["diclofenac", "ibuprofen", "nimesulide", "etoricoxib", "mefenamic acid"]:
        assert any(re.search(r"NSAID", f.text + f.detail) and _reaches(_groups(f), drug, atc)
                   for f in _interactions()), drug


def test_opioid_rows_never_reach_dextromethorphan_or_noscapine() -> None:
    atc = _atc()
    rows = [f for f in _interactions() if re.search(r"opioid", f.text, re.IGNORECASE)]
    assert any(_reaches(_groups(f), "codeine", atc) for f in rows)
    for drug in ["dextromethorphan", "noscapine"]:
        assert not [f.line for f in rows if _reaches(_groups(f), drug, atc)], drug


def test_sucralfate_gives_no_gap_shorter_than_the_partner_label() -> None:
    rows = {f.detail: f for f in _interactions() if f.subject == "sucralfate"}
    quinolones = rows["atc:J01MA = quinolone antibiotics"]
    assert not re.search(r"\d+ hours?", quinolones.text)
    assert "4 hours" in rows["levothyroxine"].text
