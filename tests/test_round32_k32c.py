"""Round 32 (k32c): a page's main interactions lead with medicines a reader in India may take.

Review 37: "Dasabuvir" (not sold in India) named first on a contraceptive pill, "Theodrenaline"
beside pseudoephedrine on oxymetazoline's line. A partner that the KB shows no sign of on the
Indian market (no CDSCO approval, no reviewed leaflet use, not in india_market.txt, not an
everyday medicine) now ranks after the sold ones and never joins a sold one's line.
"""

from __future__ import annotations

from apothecary.knowledge.default import open_kb
from apothecary.models import Fact, FactKind
from apothecary.monographs.interactions import select_partners
from apothecary.monographs.partner_rules import india_market
from apothecary.monographs.rules import _rows, key
from apothecary.writers.template import TemplateWriter
from pagekit import faq_answer, shipped_pages

PILL = "Levonorgestrel + Ethinylestradiol"
LINES = (PILL, "Oxymetazoline", "Amitriptyline", "Acarbose + Metformin", "Xylometazoline")


def _main_lines(line: str) -> list[tuple[str, str]]:
    page = shipped_pages(*LINES)[line]
    return [((st.label or ""), st.text) for s in page.sections if s.id == "interactions"
            for st in s.statements if not st.companion]


def test_the_pill_leads_with_its_leaflet_interactions_not_a_medicine_not_sold_in_india() -> None:
    lines = _main_lines(PILL)
    labels = [label for label, _ in lines]
    assert labels[0] == "Rifampicin", labels
    assert not any("Dasabuvir" in label for label in labels), labels
    page = shipped_pages(*LINES)[PILL]
    every = [st.label or "" for s in page.sections if s.id == "interactions"
             for st in s.statements]  # the main lines, then the companion page's
    pheno = next(n for n, label in enumerate(every) if "Phenobarbital" in label)
    dasabuvir = next((n for n, label in enumerate(every) if "Dasabuvir" in label), len(every))
    assert pheno < dasabuvir, every  # (a reviewed "how it works": sold in India)
    # the FAQ's examples are the main lines, in their order (it named Dasabuvir first)
    answer = faq_answer(shipped_pages(*LINES)[PILL], "Does ")
    assert "such as Rifampicin, Phenytoin and Carbamazepine" in answer, answer


def test_a_medicine_not_sold_in_india_never_joins_a_sold_ones_line() -> None:
    labels = [label for label, _ in _main_lines("Oxymetazoline")]
    decongestants = next(label for label in labels if "Pseudoephedrine" in label)
    assert "Ephedrine" in decongestants and "Theodrenaline" not in decongestants, labels
    ergots = next(label for label in labels if "Ergotamine" in label)
    assert "Methylergometrine" in ergots and "Dihydroergotamine" not in ergots, labels
    maois = next(label for label in _main_lines("Amitriptyline")
                 [0:8] if "Moclobemide" in label[0])
    assert "Isocarboxazid" not in maois[0] and "Nialamide" not in maois[0], maois
    # a line of one group is read by the group's name, with sold medicines as its examples
    first = _main_lines("Xylometazoline")[0][0]
    assert first == "MAOI antidepressants (such as Phenelzine or Tranylcypromine)", first


def test_pages_whose_partners_are_all_sold_in_india_are_unchanged() -> None:
    lines = _main_lines("Acarbose + Metformin")
    assert lines[0][0] == "Glimepiride, Gliclazide, Insulin Human, Glibenclamide, Glipizide"
    amitriptyline = [label for label, _ in _main_lines("Amitriptyline")]
    assert "Tramadol" in amitriptyline and "Selegiline" in amitriptyline, amitriptyline


def _fact(n: int, other: str, name: str, severity: str) -> Fact:
    return Fact(id=f"f{n}", drug_id="D0", kind=FactKind.INTERACTION, value=name,
                plain=name, source_id="ansm", locator="", licence="", severity=severity,
                other_id=other)


def test_an_unexplained_serious_pair_of_a_medicine_not_sold_in_india_comes_last() -> None:
    facts = [_fact(1, "D1", "Rareazole", "contraindicated"),
             _fact(2, "D2", "Warfarin", "major"),
             _fact(3, "D3", "Soldamine", "major")]
    names = {"D1": "Rareazole", "D2": "Warfarin", "D3": "Soldamine"}

    def main(**kw: object) -> list[str]:
        out = select_partners(facts, {"D0"}, lambda i, f: names.get(i or "", f),
                              lambda _: 0, **kw)  # type: ignore[arg-type]
        return [p.name for p in out if p.main]

    assert main() == ["Rareazole", "Warfarin", "Soldamine"]  # every partner sold: as before
    assert main(marketed=lambda i: i != "D1") == ["Warfarin", "Soldamine", "Rareazole"]


def test_india_market_rows_name_medicines_of_the_knowledge_base() -> None:
    kb = open_kb()
    known = {key(n) for n in kb.drug_names().values()}
    rows = _rows("india_market.txt", 2)
    assert rows and all(key(name) in known for name, _ in rows), [
        n for n, _ in rows if key(n) not in known]
    assert all(source.strip() for _, source in rows)
    writer = TemplateWriter(kb)
    ids = {key(n): i for i, n in kb.drug_names().items()}
    assert all(writer.marketed(ids[name]) for name in india_market())
    assert writer.marketed(ids["amitriptyline"])  # a CDSCO approval
    assert not writer.marketed(ids["dasabuvir"])


def test_serious_terms_only_the_datasets_give_are_said_to_be_of_any_form_or_use() -> None:
    # review 37: paracetamol's companion list ("too much serotonin … glaucoma … coma") and
    # levocarnitine's dialysis-injection "seizures" read as the tablet's own reactions
    pages = shipped_pages("Paracetamol", "Levocarnitine")
    # (round 34: the first list is capped, paracetamol's "coma" is in the rest, listed apart
    # under a label that says the same)
    for line, term in (("Paracetamol", "coma"), ("Levocarnitine", "seizures")):
        pairs = [(st.label or "", st.text, st.companion) for s in pages[line].sections
                 if s.id == "side-effects" for st in s.statements]
        detail = [(label, text, companion) for label, text, companion in pairs
                  if term in text.casefold() and "serious" in label]
        assert detail and all(companion for *_, companion in detail), pairs
        assert all(label.startswith(("Other serious reactions reported with any form or use",
                                     "More serious reactions reported with any form or use"))
                   for label, *_ in detail), detail
    # the label-backed signs keep their first-screen line and its label
    main = [(st.label or "", st.text) for s in pages["Paracetamol"].sections
            if s.id == "side-effects" for st in s.statements if not st.companion]
    assert any(label == "Get medical help at once if you have" and "liver failure" in text
               for label, text in main), main
