"""Round 12 (k12a): reviewed rows for high-alert medicines of an Indian list (wl-high):
pregnancy and breastfeeding answers from the US labels, plain uses from the CDSCO list of
approved new drugs, NHS, or the US labels, and the NHS common side effects of prochlorperazine.
The page tests need the knowledge base text regenerated after the leaflet rows were added."""

from __future__ import annotations

from apothecary.knowledge.sources import leaflets
from apothecary.monographs import rules
from pagekit import shipped_pages


def _text(name: str, section: str = "") -> str:
    page = shipped_pages(name)[name]
    return " ".join(st.text for s in page.sections if not section or s.id == section
                    for st in s.statements)


def test_muscle_relaxants_and_heart_medicines_answer_pregnancy_and_breastfeeding() -> None:
    for name in ("tizanidine", "cyclobenzaprine", "prasugrel", "eptifibatide", "ibutilide"):
        topics = {t for t, _, _ in rules.key_messages_for(name)}
        assert {"pregnancy", "breastfeeding"} <= topics, name
    bf = [m for t, m, _ in rules.key_messages_for("methylprednisolone", "H02AB04")
          if t == "breastfeeding"]
    assert bf and "breast milk" in bf[0]


def test_the_pages_show_the_reviewed_pregnancy_answers() -> None:
    assert "animal studies it harmed the unborn young" in _text("Tizanidine")
    assert "used in pregnancy only if clearly needed" in _text("Cyclobenzaprine")
    assert "breastfeeding is not advised" in _text("Ibutilide")


def test_reviewed_uses_cover_medicines_that_had_none() -> None:
    facts, problems = leaflets.read()
    assert not problems
    uses = {f.subject for f in facts if f.kind == "use"}
    for name in ("voglibose", "levosulpiride", "eperisone", "tiapride", "triflusal",
                 "clopamide", "zotepine", "terizidone", "prasugrel", "heparin"):
        assert name in uses, name


def test_usage_shows_the_plain_use() -> None:
    assert "slow stomach emptying in diabetes" in _text("Levosulpiride", "usage")
    assert "low back pain" in _text("Eperisone", "usage")
    assert "Duchenne muscular dystrophy" in _text("Deflazacort", "usage")
    assert "schizophrenia" in _text("Zotepine", "usage").lower()


def test_prochlorperazine_lists_the_nhs_common_side_effects() -> None:
    text = _text("Prochlorperazine", "side-effects").lower()
    assert "stuffy nose" in text and "dry mouth" in text
