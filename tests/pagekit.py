"""Hand-built pages in the monograph writer's shape (key facts, safety, companion detail,
refs), so the renderers are tested without depending on any writer's wording."""

from __future__ import annotations

import sqlite3
import tempfile
from functools import cache, lru_cache
from pathlib import Path

from apothecary.knowledge.default import open_kb
from apothecary.knowledge.official import one_drug
from apothecary.knowledge.sources import leaflets
from apothecary.knowledge.store import KnowledgeBase, create_schema
from apothecary.models import Drug, Fact, FactKind, LicenceClass, Page, Section, Source, Statement
from apothecary.names.parse import read_list
from apothecary.names.resolve import Resolver
from apothecary.site.pipeline import plan_pages
from apothecary.writers.base import PageRequest
from apothecary.writers.template import TemplateWriter

FIXTURES = Path(__file__).parent / "fixtures"

SOURCE = Source(id="src", name="Test Source", edition="1", licence="Public domain",
                licence_class=LicenceClass.OPEN, citation="Test", url="https://example.org/")
ASPIRIN = Drug(id="D1", name="acetylsalicylic acid", display="Acetylsalicylic Acid",
               other_names=["Aspirin", "ASA"])
WARFARIN = Drug(id="D2", name="warfarin", display="Warfarin")
CLOPIDOGREL = Drug(id="D3", name="clopidogrel", display="Clopidogrel")
NOPAGE = Drug(id="D9", name="methotrexate", display="Methotrexate")

HTML_IDS = ["key-facts", "safety", "usage", "side-effects", "interactions", "how-it-works",
            "faqs", "generic-name", "sources", "disclaimer", "note"]
SEED_IDS = ["generic-name", "usage", "side-effects", "how-it-works", "faqs", "key-facts",
            "safety", "interactions", "sources", "disclaimer", "note"]
TITLES = {"generic-name": "Generic Name", "usage": "Usage", "side-effects": "Side Effects",
          "how-it-works": "How it Works", "faqs": "FAQs", "key-facts": "Key facts",
          "safety": "Important safety information", "interactions": "Interactions",
          "sources": "Sources", "disclaimer": "Disclaimer", "note": "Note"}


def kb_page(kb: KnowledgeBase, drug: str) -> Page:
    """The template writer's page for one drug of a fixture knowledge base."""
    d = kb.drug(drug)
    assert d is not None
    req = PageRequest(key=drug, drugs=[d], lines=[1], names=[])  # type: ignore[arg-type]
    return TemplateWriter(kb).write_pages([req])[0]


def fact(n: str, kind: FactKind, plain: str, **kw: str) -> Fact:
    return Fact(id=f"f-{n}", drug_id=kw.pop("drug_id", "D1"), kind=kind, value=plain,
                plain=plain, source_id="src", locator=f"row {n}", licence="Public domain",
                **kw)


def layout_page(title: str = "Aspirin (acetylsalicylic acid)", *, drug: Drug = ASPIRIN,
                partner: str = "Warfarin", skip: tuple[str, ...] = ()) -> Page:
    """A single-ingredient page with every section of the writer's contract, in seed order.

    Side effects: "Common" stays, "Less common" is companion detail (3 entries).
    Interactions: a serious line naming warfarin and clopidogrel (refs D2, D3), a moderate
    line naming methotrexate (D9, no page on the site) and a companion line naming
    clopidogrel again. `partner` is how the serious line spells warfarin.
    """
    facts = [
        fact("use1", FactKind.USE, "pain"),
        fact("use2", FactKind.USE, "fever"),
        fact("cls", FactKind.CLASS, "pain reliever (NSAID)"),
        fact("se1", FactKind.SIDE_EFFECT, "Upset stomach", frequency="common"),
        fact("se2", FactKind.SIDE_EFFECT, "heartburn", frequency="common"),
        fact("se3", FactKind.SIDE_EFFECT, "ringing in the ears", frequency="rare"),
        fact("se4", FactKind.SIDE_EFFECT, "nosebleeds", frequency="rare"),
        fact("se5", FactKind.SIDE_EFFECT, "bruising", frequency="rare"),
        fact("bw", FactKind.PATIENT_WARNING, "stomach bleeding"),
        fact("preg", FactKind.PREGNANCY, "avoid in late pregnancy"),
        fact("i1", FactKind.INTERACTION, "bleeding", other_id="D2", severity="major"),
        fact("i2", FactKind.INTERACTION, "bleeding", other_id="D3", severity="major"),
        fact("i3", FactKind.INTERACTION, "toxicity", other_id="D9", severity="moderate"),
        fact("i4", FactKind.INTERACTION, "bleeding", other_id="D3", severity="minor"),
        fact("mech", FactKind.MECHANISM, "blocks prostaglandins"),
    ]
    st = Statement
    sections = {
        "generic-name": [st(text=title), st(label="Also known as", text="ASA.")],
        "usage": [st(text=f"{title} is used for pain and fever.",
                     fact_ids=["f-use1", "f-use2"])],
        "side-effects": [
            st(label="Common", text="Upset stomach, heartburn.", fact_ids=["f-se1", "f-se2"]),
            st(label="Less common", text="Ringing in the ears, nosebleeds, bruising.",
               fact_ids=["f-se3", "f-se4", "f-se5"], companion=True),
        ],
        "how-it-works": [st(text="It blocks prostaglandins.", fact_ids=["f-mech"])],
        "faqs": [st(label="Can I drink alcohol with it?", text="Ask your pharmacist.")],
        "key-facts": [
            st(label="Used for", text="Pain, fever.", fact_ids=["f-use1", "f-use2"]),
            st(label="Kind of medicine", text="A pain reliever (NSAID).", fact_ids=["f-cls"]),
            st(label="Most important", text="It can cause stomach bleeding.",
               fact_ids=["f-bw"]),
            st(label="Get help at once if", text="You vomit blood or have black stools.",
               fact_ids=["f-bw"]),
        ],
        "safety": [
            st(label="Bleeding", text="It can cause stomach bleeding.", fact_ids=["f-bw"]),
            st(label="Pregnancy", text="Avoid in late pregnancy.", fact_ids=["f-preg"]),
        ],
        "interactions": [
            st(label="Serious interaction", text=f"{partner}, clopidogrel.",
               fact_ids=["f-i1", "f-i2"], refs=["D2", "D3"]),
            st(label="Moderate interaction", text="Methotrexate.", fact_ids=["f-i3"],
               refs=["D9"]),
            st(label="Minor interaction", text="Clopidogrel (a small extra risk).",
               fact_ids=["f-i4"], refs=["D3"], companion=True),
        ],
        "sources": [st(text="Test Source, edition 1.")],
        "disclaimer": [st(text="This page is not medical advice.")],
        "note": [st(text="Written from sources; not reviewed by a clinician.")],
    }
    return Page(
        key=drug.id, title=title, slug="aspirin", drugs=[drug], other_names=["ASA"],
        sections=[Section(id=sid, title=TITLES[sid], statements=sections[sid])
                  for sid in SEED_IDS if sid not in skip],
        facts=facts, sources=[SOURCE], licences=["Public domain"],
    )


class LayoutWriter(TemplateWriter):
    """The template writer plus what the monograph writer adds (key facts, safety, `refs` on
    interaction lines, `companion` on less common side effects) where the template writer
    does not (yet) write them, so builds and browser tests see the new sections whichever
    writer is merged. Its key-fact texts are as long as the monograph's caps allow (three
    uses, two messages)."""

    def write_page(self, req: PageRequest) -> Page:
        page = super().write_page(req)
        facts = {f.id: f for f in page.facts}
        name = req.list_title
        uses = [f for f in page.facts if f.kind == FactKind.USE][:3]
        classes = [f for f in page.facts if f.kind == FactKind.CLASS][:1]
        key = [
            Statement(label="Used for", text=_words([f.plain for f in uses]) or
                      "Our sources do not say what it is used for. Ask your pharmacist.",
                      fact_ids=[f.id for f in uses]),
            Statement(label="Kind of medicine", text=_words([f.plain for f in classes]) or
                      "Not known from our sources.", fact_ids=[f.id for f in classes]),
            Statement(label="Most important", text=(
                f"Do not take {name} with another medicine that contains the same "
                "ingredient. Tell your doctor if you are pregnant or breastfeeding.")),
            Statement(label="Get help at once if", text=(
                "you have a rash with blisters, swelling of the face or throat, trouble "
                "breathing, or you vomit blood.")),
        ]
        safety = [
            Statement(label="Pregnancy", text="Our sources say nothing about pregnancy for "
                      f"{name}. Ask your doctor or pharmacist."),
            Statement(label="Overdose", text="If someone has taken too much, get medical "
                      "help at once, even if they feel well."),
        ]
        have = {s.id for s in page.sections}
        flagged = any(st.companion for s in page.sections for st in s.statements)
        sections = []
        for s in page.sections:
            if s.id == "interactions":
                s = s.model_copy(update={"statements": [st if st.refs else st.model_copy(
                    update={"refs": list(dict.fromkeys(
                        o for i in st.fact_ids if (o := facts[i].other_id)))})
                    for st in s.statements]})
            if s.id == "side-effects" and not flagged:
                s = s.model_copy(update={"statements": [st.model_copy(update={
                    "companion": (st.label or "").startswith(("Rare", "Less common"))})
                    for st in s.statements]})
            sections.append(s)
            if s.id == "faqs":  # only what the writer does not write itself yet
                if "key-facts" not in have:
                    sections.append(Section(id="key-facts", title="Key facts",
                                            statements=key))
                if "safety" not in have:
                    sections.append(Section(id="safety", title="Important safety information",
                                            statements=safety))
        return page.model_copy(update={"sections": sections})


def _words(items: list[str]) -> str:
    text = ", ".join(dict.fromkeys(i.strip() for i in items if i.strip()))
    return (text[:1].upper() + text[1:] + ".") if text else ""


@cache
def shipped_page(name: str) -> Page:
    """The template writer's page for a list line's name, from the shipped knowledge base."""
    kb = open_kb()
    drug = one_drug(Resolver(kb), name)
    assert drug, name
    return kb_page(kb, drug)


@lru_cache(maxsize=8)
def shipped_pages(*lines: str) -> dict[str, Page]:
    """The template writer's pages for list lines, from the shipped knowledge base, by each
    page's first input line."""
    kb = open_kb()
    resolver = Resolver(kb)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "list.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        entries = [resolver.resolve(line, text) for line, text in read_list(path)]
    requests, _ = plan_pages(entries, kb)
    return {p.inputs[0]: p for p in TemplateWriter(kb).write_pages(requests)}


def tiny_kb_with_leaflets(path: Path) -> sqlite3.Connection:
    """A connection to a new copy of the tiny fixture KB at `path` that also knows the
    leaflets source, for tests that insert leaflet facts of their own."""
    conn = sqlite3.connect(path)
    create_schema(conn)
    conn.executescript((FIXTURES / "tiny_kb.sql").read_text(encoding="utf-8"))
    s = leaflets.SOURCE
    conn.execute("INSERT INTO sources VALUES (?,?,?,?,?,?,?)",
                 (s["id"], s["name"], s["edition"], s["licence"], s["licence_class"],
                  s["citation"], s["url"]))
    return conn


def section_pairs(page: Page, section_id: str) -> list[tuple[str, str]]:
    """(label or "", text) of every statement of one section of a page."""
    return [((st.label or ""), st.text) for s in page.sections if s.id == section_id
            for st in s.statements]


def faq_answer(page: Page, question_start: str) -> str:
    """The answer of the FAQ statement whose question starts so (StopIteration if none)."""
    return next(t for label, t in section_pairs(page, "faqs") if label.startswith(question_start))


def statements_of(page: Page, section: str, companion: bool = False) -> list[tuple[str, str]]:
    """(label, text) of a page's statements in one section, main page or companion."""
    return [(st.label or "", st.text) for s in page.sections if s.id == section
            for st in s.statements if st.companion == companion]


def texts_by_label(page: Page, section: str, companion: bool = False) -> dict[str, str]:
    """Label (without its bracketed ingredient or form) → the text of a section's
    statements of that label, main page or companion."""
    out: dict[str, str] = {}
    for label, text in statements_of(page, section, companion):
        label = label.split(" (")[0]
        out[label] = (out.get(label, "") + " " + text).strip()
    return out
