"""Round 32 (k32d), held-out review 37: supplement combinations that never said what they
are for, and an excipient shown as a medicine.

- A combination with no reviewed row, no approval and no shared use says what two or more of
  its ingredients have been studied for (monographs/data/studied_uses.txt), as a studied use
  with each ingredient's evidence and source, never as an approved use.
- Beta-cyclodextrin (betadex) beside piroxicam is a carrier (names/data/excipients.tsv): the
  line resolves to piroxicam alone, the report keeps it, and the page says once what the
  carrier is.
"""

from __future__ import annotations

import re

import pytest

from apothecary.knowledge.default import open_kb
from apothecary.models import Page, Status
from apothecary.monographs import studied_uses as su
from apothecary.monographs.rules import key
from apothecary.names.inactive import inactive_named, inactive_notes
from apothecary.names.resolve import Resolver
from pagekit import section_pairs, shipped_pages

PCOS = "'Chromium Picolinate', 'D-Chiro Inositol', 'Myo-Inositol', 'Vitamin D'"
FERTILITY = "'Coenzyme Q', 'Levo-carnitine', 'Lycopene'"
FERTILITY2 = "'Coenzyme Q10 (180mg)', 'Levo-carnitine (100mg)'"
BONES = "'Boron', 'Calcitriol', 'Calcium', 'Copper', 'Magnesium', 'Selenium', 'Zinc'"
PIROXICAM = "'Piroxicam', 'Beta-Cyclodextrin'"
# pages whose old behaviour was right: a reviewed combination row, a shared use, an approval
CALCIUM_D3 = "'Calcium (500mg)', 'Vitamin D3 (250IU)'"
CALCITRIOL = ("'Calcitriol (0.25mcg)', 'Calcium citrate (500mg)', "
              "'Zinc Sulphate Monohydrate (7.5mg)'")
ASTAXANTHIN = "'Astaxanthin (16mg)', 'Coenzyme Q10 (200mg)'"
DRIP = "Sodium Chloride + Potassium Chloride + Calcium Chloride + Magnesium Chloride"


@pytest.fixture(scope="module")
def pages() -> dict[str, Page]:
    return shipped_pages(PCOS, FERTILITY, FERTILITY2, BONES, PIROXICAM, CALCIUM_D3, CALCITRIOL,
                         ASTAXANTHIN, DRIP, "Meloxicam")


def _key_uses(page: Page) -> tuple[str, str]:
    for label, text in section_pairs(page, "key-facts"):
        if "used for" in label.casefold() or "studied" in label.casefold():
            return label, text
    return "", ""


def _usage(page: Page) -> str:
    return " ".join(f"{a} {b}" for a, b in section_pairs(page, "usage"))


# -- (1) what a supplement combination's ingredients were studied for ---------------------
@pytest.mark.parametrize(("line", "topic", "who"), [
    (PCOS, "polycystic ovary syndrome (PCOS)", ("Inositol",)),
    (FERTILITY, "sperm quality in men with fertility problems", ("Levocarnitine",)),
    (FERTILITY2, "sperm quality in men with fertility problems", ("Coenzyme Q10",)),
    (BONES, "bone health (osteoporosis)", ("Boron", "Calcium", "Magnesium")),
])
def test_a_supplement_combination_says_what_its_ingredients_were_studied_for(
        pages: dict[str, Page], line: str, topic: str, who: tuple[str, ...]) -> None:
    page = pages[line]
    label, text = _key_uses(page)
    assert label == su.STUDIED_LABEL and topic.casefold() in text.casefold(), (label, text)
    usage = _usage(page)
    assert f"have been studied for {topic}" in usage
    assert all(w in usage for w in who), usage
    assert "not an approved use" in usage and "(source: " in usage
    # each ingredient's own use still follows (vitamin D: deficiency; calcium: top up)
    assert "is used" in usage
    # the studied topic is a cited fact of the page
    assert any(f.value == topic for f in page.facts)


def test_the_studied_line_is_never_an_approved_or_used_for_line(pages: dict[str, Page]) -> None:
    for line in (PCOS, FERTILITY, BONES):
        label, _ = _key_uses(pages[line])
        assert label != "Used for" and "approved" not in label.casefold()


@pytest.mark.parametrize(("line", "label"), [
    (CALCIUM_D3, "Used for"),  # calcium + vitamin D: a reviewed row already says it
    (CALCITRIOL, "Used for"),  # India's approval of the product
])
def test_a_page_that_already_says_what_it_is_for_is_unchanged(
        pages: dict[str, Page], line: str, label: str) -> None:
    got, _ = _key_uses(pages[line])
    assert got == label
    assert "have been studied for" not in _usage(pages[line])


def test_one_studied_ingredient_or_a_drip_gets_no_studied_line(pages: dict[str, Page]) -> None:
    for line in (ASTAXANTHIN, DRIP):  # only coenzyme Q10; calcium and magnesium chloride
        label, _ = _key_uses(pages[line])
        assert label != su.STUDIED_LABEL, line
        assert "have been studied for" not in _usage(pages[line])


def test_every_studied_row_names_one_kb_medicine_and_cites_a_fact_sheet() -> None:
    rows = su.rows()
    assert len(rows) >= 10
    names: dict[str, int] = {}
    for name in open_kb().drug_names().values():
        names[key(name)] = names.get(key(name), 0) + 1
    topics: dict[str, int] = {}
    for row in rows:
        if not row.subject.startswith("atc:"):
            assert names.get(row.subject) == 1, (row.line, row.subject)
        assert re.match(r"^[^:]+: https://(ods\.od\.nih\.gov|www\.nccih\.nih\.gov|"
                        r"medlineplus\.gov)/\S+$", row.source), row.line
        assert row.topic[:1].islower() and not row.evidence.endswith("."), row.line
        topics[row.topic] = topics.get(row.topic, 0) + 1
    # a topic only one ingredient was studied for could never make a line
    assert all(n > 1 for n in topics.values()), topics


def test_the_parser_rejects_a_row_without_a_source_address() -> None:
    with pytest.raises(ValueError):
        su.parse("inositol | PCOS | may help | MedlinePlus, Inositol\n")


# -- (2) an excipient in a list line -------------------------------------------------------
def test_beta_cyclodextrin_is_a_carrier_not_an_ingredient() -> None:
    entry = Resolver(open_kb()).resolve(1, PIROXICAM)
    assert entry.status == Status.RESOLVED and entry.input == PIROXICAM  # the report keeps it
    assert [i.name for i in entry.ingredients] == ["piroxicam"]
    assert inactive_named([PIROXICAM]) == [("Beta-Cyclodextrin",
                                            "a carrier (a cyclodextrin) that helps the "
                                            "medicine dissolve")]
    # alone, it is what the line names: not dropped
    assert inactive_named(["Betadex"]) == []


def test_the_piroxicam_page_says_once_what_the_carrier_is(pages: dict[str, Page]) -> None:
    page = pages[PIROXICAM]
    assert [d.name for d in page.drugs] == ["piroxicam"]
    text = " ".join(f"{a} {b}" for s in page.sections for a, b in section_pairs(page, s.id))
    assert text.count("a carrier (a cyclodextrin)") == 1
    assert "Our sources do not cover pregnancy for Beta-Cyclodextrin" not in text
    assert "sequestering agent" not in text
    assert "Beta-Cyclodextrin in this product is a carrier" in " ".join(
        b for _, b in section_pairs(page, "generic-name"))


def test_a_page_with_no_excipient_says_nothing_of_one(pages: dict[str, Page]) -> None:
    assert not any("in this product is" in b
                   for _, b in section_pairs(pages["Meloxicam"], "generic-name"))
    assert inactive_notes(["Piroxicam"], ["Piroxicam"]) == []


def test_inositols_own_leaflet_rows_say_pcos_with_the_evidence() -> None:
    """The ingredient rows (leaflet_facts.txt: a KB rebuild brings them to pages)."""
    from apothecary.knowledge.sources import leaflets

    facts, problems = leaflets.read()
    assert not problems
    for subject in ("inositol", "d-chiro-inositol"):
        texts = [f.text for f in facts if f.kind == "use" and f.subject == subject]
        assert any("PCOS" in t and "evidence is limited" in t for t in texts), subject


def test_an_ingredients_own_use_saying_the_topic_is_not_said_twice(
        pages: dict[str, Page]) -> None:
    usage = section_pairs(pages[PCOS], "usage")
    assert sum("polycystic ovary syndrome" in b.casefold() for _, b in usage) == 1
    # another ingredient's own use stays
    assert any(a == "Vitamin D" for a, _ in usage)


def test_studied_usage_drops_an_own_use_repeating_the_topic() -> None:
    from apothecary.models import Drug, Section, Statement
    from apothecary.monographs.model import Item

    drugs = [Drug(id="a", name="inositol", display="Inositol"),
             Drug(id="b", name="d-chiro-inositol", display="D-chiro-Inositol"),
             Drug(id="c", name="vitamin d", display="Vitamin D")]
    names = ["Myo-Inositol", "D-chiro-Inositol", "Vitamin D"]
    section = Section(id="usage", title="Usage", statements=[
        Statement(label="Myo-Inositol", text="Myo-Inositol is used for polycystic ovary "
                  "syndrome or PCOS (the evidence is limited)."),
        Statement(label="Vitamin D", text="Vitamin D is used to prevent low vitamin D.")])
    uses = [Item(text="polycystic ovary syndrome (PCOS)", fact_ids=["f1"])]
    out = su.studied_usage(section, drugs, lambda d: "", names, uses, su.STUDIED_LABEL)
    labels = [s.label for s in out.statements]
    assert labels == ["Polycystic ovary syndrome (PCOS)", "Vitamin D"]
    assert out.statements[0].fact_ids == ["f1"]
    assert "Myo-Inositol and D-chiro-Inositol have been studied" in out.statements[0].text
    # another label: the section as it was
    assert su.studied_usage(section, drugs, lambda d: "", names, uses, "Used for") is section


def test_a_combination_of_antacids_gets_no_supplement_topic() -> None:
    # calcium carbonate (A02AC01) + magnesium oxide (A02AA02) is as likely an antacid as a
    # bone supplement: no "studied for bone health" lead
    line = "Calcium Carbonate + Magnesium Oxide"
    page = shipped_pages(line)[line]
    text = " ".join(st.text for s in page.sections for st in s.statements)
    assert "studied for" not in text


def test_sorbitol_beside_an_enema_partner_is_a_medicine_not_a_syrup_base() -> None:
    resolver = Resolver(open_kb())
    enema = resolver.resolve(1, "Sodium Citrate + Sodium Lauryl Sulfoacetate + Sorbitol")
    tonic = resolver.resolve(2, "Ferrous Gluconate + Folic Acid + Sorbitol")
    assert len(enema.ingredients) == 3 and len(tonic.ingredients) == 2
    assert not inactive_notes(["Sodium Citrate + Sodium Lauryl Sulfoacetate + Sorbitol"],
                              ["Sodium Citrate", "Sodium Lauryl Sulfoacetate"])
    assert inactive_notes(["Ferrous Gluconate + Folic Acid + Sorbitol"],
                          ["Ferrous Gluconate", "Folic Acid"])
