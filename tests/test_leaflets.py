"""Reviewed leaflet facts (issue 10, review 7): the parser, the shipped file, the build step
and how the facts reach a page: only where the open datasets are thin, with their source."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as hs

from apothecary.knowledge.build import KBData, build
from apothecary.knowledge.default import open_kb
from apothecary.knowledge.leaflets import locator
from apothecary.knowledge.sources import leaflets
from apothecary.knowledge.store import KnowledgeBase
from apothecary.models import Fact, FactKind, Page
from apothecary.monographs import leaflets as mono_leaflets
from apothecary.monographs.interactions import pair_level
from apothecary.monographs.leaflets import effect as leaflet_effect
from pagekit import kb_page, tiny_kb_with_leaflets

FIXTURES = Path(__file__).parent / "fixtures"
ROW = "metformin | side_effect | common | fixture tummy upset | Test, Metformin | https://x.org/m"


# -- the parser -------------------------------------------------------------------------------
@given(hs.text())
def test_every_line_is_a_fact_or_a_problem_and_nothing_raises(text: str) -> None:
    facts, problems = leaflets.parse(text)
    counted = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    assert len(facts) + len(problems) == len(counted)
    assert all(f.kind in leaflets.KINDS and f.url.startswith(("http://", "https://"))
               for f in facts)


_cell = hs.text(hs.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1,
                max_size=30).map(lambda s: " ".join(s.replace("|", " ").split())).filter(bool)


@given(hs.sampled_from(["folic acid", "atc:B03AA", "Zinc Sulfate"]),
       hs.sampled_from([("side_effect", "common"), ("side_effect", "serious"),
                        ("interaction", "levothyroxine"), ("interaction", "food: tea"),
                        ("interaction", "atc:J01AA = tetracyclines"), ("pregnancy", "-"),
                        ("how_to_take", "-"), ("little_known", "-")]),
       _cell, _cell)
def test_valid_rows_round_trip(subject: str, kind_detail: tuple[str, str], text: str,
                               source: str) -> None:
    kind, detail = kind_detail
    [fact], problems = leaflets.parse(f"{subject} | {kind} | {detail} | {text} | {source} | "
                                      "https://www.nhs.uk/medicines/x/")
    assert not problems
    assert (fact.kind, fact.text, fact.source) == (kind, text, source)
    assert fact.subject == (subject if subject.startswith("atc:") else subject.casefold())
    assert fact.detail == ("" if detail == "-" else detail)


def test_bad_rows_are_problems_with_their_line() -> None:
    text = "\n".join([
        "# a comment", "",
        ROW,
        ROW.replace("common", "often"),  # no such band
        ROW.replace("side_effect", "advice"),  # no such kind
        ROW.replace("https://x.org/m", "javascript:alert(1)"),  # not a web address
        ROW.replace("metformin |", "atc:not a code |", 1),
        "metformin | interaction | atc:B01AA | text | src | https://x.org",  # no group name
        "metformin | pregnancy | something | text | src | https://x.org",  # takes no detail
        "only | three | cells",
    ])
    facts, problems = leaflets.parse(text)
    assert [f.line for f in facts] == [3]
    assert [p.line for p in problems] == [4, 5, 6, 7, 8, 9, 10]
    assert "6 cells" in problems[-1].reason


def test_partner_forms() -> None:
    rows, _ = leaflets.parse("\n".join(
        f"iron | interaction | {d} | t | s | https://x.org" for d in
        ("Levothyroxine", "ATC:j01aa = Tetracycline antibiotics", "food: Tea or coffee")))
    assert [r.partner for r in rows] == [("drug", "levothyroxine", ""),
                                         ("atc", "J01AA", "Tetracycline antibiotics"),
                                         ("food", "tea or coffee", "")]


# -- the shipped file -------------------------------------------------------------------------
ALLOWED_HOSTS = ("https://ods.od.nih.gov/", "https://www.nhs.uk/", "https://www.nccih.nih.gov/",
                 "https://www.ema.europa.eu/", "https://dailymed.nlm.nih.gov/",
                 "https://medlineplus.gov/", "https://www.fda.gov/", "https://bnf.nice.org.uk/",
                 # round 5: MHRA-approved patient leaflets (electronic Medicines Compendium), as
                 # key_messages.txt accepts since round 4, where no NHS, EMA or US page covers it
                 "https://www.medicines.org.uk/emc/",
                 # round 6: a WHO fact sheet for a use no patient leaflet of ours covers (the
                 # gut-worm deworming albendazole is mostly given for in India; fc8-b)
                 "https://www.who.int/",
                 # round 13: Health Canada's product monograph where no UK, EU or US product
                 # exists (oral cloxacillin: fc15b found the cited US label does not exist)
                 "https://health-products.canada.ca/")
# round 9: India's CDSCO list of approved new drugs (cited by Sr.No), only for the approved
# use of a medicine no NHS, EMA or US leaflet covers (acebrophylline): never a side effect,
# warning or interaction, which the register does not give
CDSCO = "https://cdsco.gov.in"


def test_shipped_file_parses_whole_and_cites_public_leaflets() -> None:
    facts, problems = leaflets.read()
    assert not problems
    assert len({f.subject for f in facts}) >= 60  # issue 10: 60+ subjects
    def cited(f: leaflets.LeafletFact) -> bool:
        return f.url.startswith(ALLOWED_HOSTS) or (f.url.startswith(CDSCO) and f.kind == "use")
    assert [f for f in facts if not cited(f)] == []
    assert all(not f.text.isupper() and len(f.text) < 400 for f in facts)


def test_shipped_subjects_and_partners_exist_in_the_shipped_kb() -> None:
    """Each name resolves to one medicine; each atc: prefix has members (the shipped WHO ATC
    codes); so no reviewed row is silently lost by a rebuild."""
    from apothecary.knowledge.official import one_drug
    from apothecary.names.resolve import Resolver

    res = Resolver(open_kb())
    shipped = Path(leaflets.__file__).resolve().parents[2] / "data" / "kb" / "drugs.tsv"
    codes = [c for line in shipped.read_text(encoding="utf-8").splitlines()[1:]
             for c in line.split("\t")[-1].split() if c != "\\N"]
    facts, _ = leaflets.read()
    for f in facts:
        names = [f.subject] + ([f.partner[1]] if f.kind == "interaction" else [])
        for n in names:
            if f.kind == "interaction" and n == f.partner[1] and f.partner[0] == "food":
                continue
            if n.startswith("atc:") or (f.kind == "interaction" and n == f.partner[1]
                                        and f.partner[0] == "atc"):
                prefix = n[4:] if n.startswith("atc:") else n
                assert any(c.startswith(prefix) for c in codes), (f.line, n)
            else:
                assert one_drug(res, n) is not None, (f.line, n)  # type: ignore[arg-type]


# -- the build step ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def built_with_fixture(tmp_path_factory: pytest.TempPathFactory) -> KBData:
    out = tmp_path_factory.mktemp("leaflet-sources") / "sources"
    shutil.copytree(FIXTURES / "sources", out)
    for tsv in (out / "sider-4.1").glob("*.tsv"):
        with gzip.open(tsv.with_suffix(".tsv.gz"), "wb") as gz:
            gz.write(tsv.read_bytes())
        tsv.unlink()
    return build(out, FIXTURES / "leaflets" / "leaflet_facts.txt")


def _leaflet_facts(data: KBData, drug: str) -> list[dict]:
    return sorted((f for f in data.facts.values()
                   if f["drug_id"] == drug and f["source_id"] == "leaflets"),
                  key=lambda f: (str(f["kind"]), str(f["value"]), str(f["other_id"])))


def test_build_brings_rows_in_with_source_licence_and_locator(built_with_fixture: KBData) -> None:
    data = built_with_fixture
    assert any(s["id"] == "leaflets" for s in data.sources)
    metformin = _leaflet_facts(data, "DB00331")
    effect = next(f for f in metformin if f["value"] == "fixture tummy upset")
    assert effect["kind"] == "side_effect" and effect["frequency"] == "common"
    assert effect["licence"] == leaflets.SOURCE["licence"]
    assert effect["locator"].endswith("[side_effect:own]; Test leaflet, Metformin: "
                                      "https://example.org/metformin")
    known = next(f for f in metformin if f["value"] == "Fixture: little is known.")
    assert known["kind"] == "side_effect" and known["frequency"] == "little_known"
    pairs = {(f["other_id"], f["scope"]) for f in metformin if f["kind"] == "interaction"}
    assert pairs == {("DB00682", "class"), ("DB00641", "pair")}  # warfarin via B01AA
    statin = _leaflet_facts(data, "DB00641")  # atc:C10AA: simvastatin
    assert [f["kind"] for f in statin] == ["interaction", "patient_warning"]
    # the named pair "take them apart" is on simvastatin's page too, as the same pair
    assert (statin[0]["other_id"], statin[0]["scope"], statin[0]["severity"]) == \
        ("DB00331", "pair", "moderate")
    warfarin = [f for f in _leaflet_facts(data, "DB00682") if f["other_id"] == "DB00331"]
    # a group row's partner side: group scope, after the pairs other sources rate
    assert [(f["scope"], f["severity"]) for f in warfarin] == [("class", "moderate")]


def test_build_gives_the_reason_for_a_pair_another_source_rates(
        built_with_fixture: KBData) -> None:
    """ONC and ANSM rate paracetamol + warfarin: the leaflet row comes without a level (the
    pair's level stays theirs) but with their scope, so the page can say what happens."""
    data = built_with_fixture
    para = _leaflet_facts(data, "DB00316")
    [reason] = [f for f in para if f["kind"] == "interaction"]
    assert reason["other_id"] == "DB00682" and reason["severity"] is None
    assert reason["scope"] == "pair"
    assert data.counts["leaflets.facts.reason_for_other_sources_pair"] == 1
    pooled = [Fact(**{k: v for k, v in f.items() if k != "licence"}, licence="x")
              for f in data.facts.values() if f["kind"] == "interaction"
              and (f["drug_id"], f["other_id"]) == ("DB00316", "DB00682")]
    level, cited = pair_level(pooled)
    assert level == "moderate"  # ANSM's, as without the leaflet row
    assert leaflet_effect(cited) == "Fixture: a pair the interaction lists already give."
    [caution] = [f for f in para if f["kind"] == "caution"]
    assert caution["value"] == "grapefruit juice" and caution["other_id"] is None


def test_build_counts_what_it_could_not_use(built_with_fixture: KBData) -> None:
    counts = built_with_fixture.counts
    assert counts["leaflets.rows"] == 9 and counts["leaflets.rows_with_problems"] == 1
    assert counts["leaflets.unmatched_subject"] == 1
    assert counts["leaflets.unmatched_partner"] == 1


# -- monographs and pages ---------------------------------------------------------------------
def _fact(fid: str, kind: FactKind, text: str, source: str = "leaflets", band: str | None = None,
          leaflet_kind: str = "side_effect", subject: str = "atc:A01") -> Fact:
    """A fact of a group's row (atc:), or of a medicine's own row (`subject` a name: its
    common side effects lead, test_leaflets_round3.py)."""
    row = leaflets.LeafletFact(7, subject, leaflet_kind, band or "", text, "NHS, X",
                               "https://www.nhs.uk/medicines/x/")
    return Fact(id=fid, drug_id="DX", kind=kind, value=text, plain=text, source_id=source,
                locator=locator(row) if source == "leaflets" else "row 1",
                licence="L", frequency=band)


def test_fill_keeps_leaflets_only_where_the_datasets_are_thin() -> None:
    leaf = _fact("l1", FactKind.SIDE_EFFECT, "wind", band="common")
    preg = _fact("l2", FactKind.PREGNANCY, "ask first", leaflet_kind="pregnancy")
    sider = [_fact(f"s{i}", FactKind.SIDE_EFFECT, f"term {i}", source="sider", band="common")
             for i in range(mono_leaflets.THIN_EFFECTS)]
    label_preg = _fact("p", FactKind.PREGNANCY, "label text", source="openfda")
    assert mono_leaflets.fill([leaf, preg]) == [leaf, preg]  # empty datasets: all kept
    thin = sider[:-1]
    assert leaf in mono_leaflets.fill(thin + [leaf])
    assert leaf not in mono_leaflets.fill(sider + [leaf])  # enough label effects: never mixed
    assert preg not in mono_leaflets.fill([label_preg, preg])  # a label's pregnancy stands
    own = sider + [label_preg]
    assert mono_leaflets.fill(own) is own  # no leaflet rows: unchanged


def _leaflet_kb(tmp_path: Path, pregnancy_of: str = "DB00316") -> KnowledgeBase:
    """The tiny KB plus leaflet facts for hydroxyzine (no side effects in the tiny KB) and
    paracetamol (16 label side effects and a label pregnancy fact); the leaflet pregnancy
    row goes to `pregnancy_of`."""
    path = tmp_path / f"leaflet-{pregnancy_of}.sqlite"
    conn = tiny_kb_with_leaflets(path)
    s = leaflets.SOURCE
    rows = [("DB00557", "side_effect", "side_effect", "fixture dry mouth", "common", None),
            ("DB00557", "side_effect", "little_known", "Fixture: little else is known.",
             "little_known", None),
            ("DB00557", "patient_warning", "how_to_take", "Fixture: take it at night.", None,
             None),
            ("DB00557", "interaction", "interaction", "Fixture: both make you sleepy.", None,
             "DB00945"),
            ("DB00316", "side_effect", "side_effect", "fixture leaflet effect", "common", None),
            (pregnancy_of, "pregnancy", "pregnancy", "Fixture leaflet pregnancy text.", None,
             None)]
    for n, (drug, kind, lkind, text, band, other) in enumerate(rows, start=1):
        # paracetamol's side effect is a group's row: a medicine's own rows lead its list
        # whatever the labels give (test_leaflets_round3.py), a group's never override them
        subject = "atc:N02BE" if drug == "DB00316" and lkind == "side_effect" else "x"
        row = leaflets.LeafletFact(n, subject, lkind, band or "", text, "NHS, Fixture",
                                   "https://www.nhs.uk/medicines/fixture/")
        conn.execute(
            "INSERT INTO facts (id, drug_id, kind, value, plain, source_id, locator, licence, "
            "other_id, severity, frequency, scope) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (f"leaf{n}", drug, kind, text, text, "leaflets", locator(row), s["licence"],
             other, "moderate" if other else None, band, "pair" if other else None))
    conn.commit()
    conn.close()
    return KnowledgeBase(path)




def _text(page: Page, sid: str) -> str:
    return " ".join(f"{st.label or ''}: {st.text}" for s in page.sections if s.id == sid
                    for st in s.statements)


def test_leaflet_facts_reach_an_empty_page_with_source_and_licence(
        tmp_path: Path, tiny_kb: KnowledgeBase) -> None:
    before = kb_page(tiny_kb, "DB00557")
    assert "no side-effect data" in _text(before, "side-effects")
    kb = _leaflet_kb(tmp_path)
    try:
        page = kb_page(kb, "DB00557")
    finally:
        kb.close()
    effects = _text(page, "side-effects")
    assert "Fixture dry mouth" in effects and "(source: NHS)" in effects
    assert "Fixture: little else is known." in effects
    assert "no side-effect data" not in effects  # said plainly instead
    safety = _text(page, "safety")
    assert "How to take it: Fixture: take it at night. Source: NHS, Fixture: " \
           "https://www.nhs.uk/medicines/fixture/." in safety
    assert "US label" not in safety.split("Fixture: take it at night")[0][-40:]
    inter = [st for s in page.sections if s.id == "interactions" for st in s.statements
             if st.refs == ["DB00945"]]
    assert inter and inter[0].text.startswith("Fixture: both make you sleepy.")
    assert "leaflets" in {s.id for s in page.sources}
    assert leaflets.SOURCE["licence"] in page.licences
    note = _text(page, "note")
    assert leaflets.SOURCE["name"] in note


def test_leaflet_facts_never_override_label_facts(tmp_path: Path,
                                                  tiny_kb: KnowledgeBase) -> None:
    kb = _leaflet_kb(tmp_path)
    try:
        page = kb_page(kb, "DB00316")
    finally:
        kb.close()
    before = kb_page(tiny_kb, "DB00316")
    assert "fixture leaflet effect" not in _text(page, "side-effects").casefold()
    assert "Fixture leaflet pregnancy" in _text(_leaflet_only(tmp_path), "safety")  # can show
    assert "Fixture leaflet pregnancy" not in _text(page, "safety")
    for sid in ("side-effects", "safety", "interactions", "sources"):
        assert _text(page, sid) == _text(before, sid)  # a page with enough data: unchanged


def _leaflet_only(tmp_path: Path) -> Page:
    """Paracetamol's leaflet pregnancy row on a medicine without a label pregnancy fact
    (hydroxyzine): it shows, so its absence above is the label's doing."""
    kb = _leaflet_kb(tmp_path, pregnancy_of="DB00557")
    try:
        return kb_page(kb, "DB00557")
    finally:
        kb.close()


def test_a_medicine_without_leaflet_rows_is_unchanged(tmp_path: Path,
                                                      tiny_kb: KnowledgeBase) -> None:
    kb = _leaflet_kb(tmp_path)
    try:
        page = kb_page(kb, "DB00331")  # metformin: no leaflet rows in this KB
    finally:
        kb.close()
    before = kb_page(tiny_kb, "DB00331")
    assert [(s.id, [(st.label, st.text) for st in s.statements]) for s in page.sections] == \
        [(s.id, [(st.label, st.text) for st in s.statements]) for s in before.sections]


def test_a_publisher_cut_at_its_first_comma_never_leaves_a_bracket_open() -> None:
    """"Common (source: US FDA label of acarbose (Precose):" (k9b)."""
    from apothecary.models import Fact, FactKind
    from apothecary.monographs.leaflets import publisher

    def fact(source: str) -> Fact:
        return Fact(id="f", drug_id="D", kind=FactKind.SIDE_EFFECT, value="x", plain="x",
                    source_id="leaflets", licence="x",
                    locator=f"leaflet_facts.txt line 9 [side_effect]; {source}: "
                    "https://example.org/x")

    assert publisher(fact("US FDA label of acarbose (Precose, Glucobay)")) == \
        "US FDA label of acarbose"
    assert publisher(fact("NHS, Ferrous sulfate")) == "NHS"
    assert publisher(fact("US FDA label of urea cream (DailyMed)")) == \
        "US FDA label of urea cream (DailyMed)"


def test_the_probiotic_rows_are_no_stronger_than_the_nccih_page() -> None:
    """NCCIH "Probiotics: What You Need To Know": some probiotics may help prevent diarrhoea
    from antibiotics but it is not proven, and side effects, if any, are mild gas (no
    frequency), so lactobacillus's use hedges and its gas is never a "Common" side effect
    (fact check 14, fc14g)."""
    facts, _ = leaflets.read()
    rows = [f for f in facts if f.subject == "lactobacillus"]
    uses = [f.text for f in rows if f.kind == "use"]
    assert uses and all("may help" in t and "not proven" in t for t in uses)
    assert not [f for f in rows if f.kind == "side_effect" and f.detail == "common"]
