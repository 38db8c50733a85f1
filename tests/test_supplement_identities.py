"""Herbal supplements no dataset names get an identity from our reviewed supplements.txt
(review 13: Ashwagandha had no page), and never shadow a drug the datasets give."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from apothecary.knowledge.build import KBData
from apothecary.knowledge.drugs import add_supplements
from apothecary.knowledge.sources import supplements

ROW = "ashwagandha | Withania somnifera; Indian ginseng | NIH ODS, Ashwagandha | https://x.gov/a"


def test_rows_parse_and_bad_rows_are_problems_not_errors() -> None:
    rows, problems = supplements.parse(f"# comment\n{ROW}\nbad row\n"
                                       "x | - | s | ftp://nope\n")
    assert [(r.name, r.other_names, r.drug_id) for r in rows] == [
        ("ashwagandha", ("Withania somnifera", "Indian ginseng"), "LF-ashwagandha")]
    assert len(problems) == 2 and problems[0].startswith("line 3")


@given(st.text(max_size=200))
def test_parsing_never_raises(text: str) -> None:
    rows, problems = supplements.parse(text)
    assert all(r.drug_id.startswith("LF-") and r.url.startswith("http") for r in rows)


def test_a_supplement_becomes_a_drug_only_when_no_dataset_names_it() -> None:
    rows, _ = supplements.parse(ROW + "\nginseng | Panax ginseng | NCCIH | https://x.gov/g\n")
    data = KBData()
    data.drugs["DB1"] = {"id": "DB1", "name": "panax ginseng", "display": "Panax Ginseng"}
    candidates: list[tuple[str, str, str, str]] = [("Ginseng", "DB1", "synonym", "drugbank")]
    add_supplements(data, candidates, rows)
    assert "LF-ashwagandha" in data.drugs and "LF-ginseng" not in data.drugs
    assert ("Indian ginseng", "LF-ashwagandha", "synonym", "leaflets") in candidates
    assert data.counts["supplements.already_named"] == 1


def test_the_shipped_rows_resolve_to_pages_with_reviewed_facts() -> None:
    from apothecary.knowledge.default import open_kb
    from apothecary.names.resolve import Resolver

    rows, problems = supplements.read()
    assert rows and not problems
    kb = open_kb()
    resolver = Resolver(kb)
    for row in rows:
        for name in (row.name, *row.other_names):
            assert resolver.resolve(1, name.title()).key == row.drug_id, name
        kinds = {f.kind for f in kb.facts(row.drug_id)}
        assert {"class", "side_effect"} <= {str(k) for k in kinds}, row.name
