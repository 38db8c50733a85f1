"""A medicine banned in India leads its first screen and names no use there (review 29:
valdecoxib + tizanidine said "Used for: short-term relief of painful muscle and joint
conditions" and led with the US withdrawal, its CDSCO ban only in the safety section)."""

from __future__ import annotations

from apothecary.monographs.key_facts import banned, important, key_facts
from apothecary.monographs.model import Item, SafetyItem
from pagekit import shipped_pages

BAN = "Do not take it: it has been banned in India since 2005."


def _msg(text: str, topic: str = "high_alert", source: str = "NHS, x: https://x") -> SafetyItem:
    return SafetyItem(topic=topic, label="Most important", text=text, short=text,
                      source=source)


def test_a_ban_leads_every_other_message_and_takes_the_uses_line_away() -> None:
    withdrawn = _msg("It was taken off the market in the US in 2005.")
    sleepy = _msg("It can make you sleepy: do not drive.")
    ban = _msg(BAN, source="CDSCO, list of drugs prohibited: https://cdsco.gov.in/x")
    assert important([withdrawn, sleepy, ban], limit=2)[0] is ban
    assert banned([withdrawn, ban]) is ban and banned([withdrawn, sleepy]) is None
    # unsourced, or a companion detail: not a reviewed ban
    assert banned([SafetyItem(topic="high_alert", label="x", text=BAN, short=BAN)]) is None
    uses = [Item(text="pain in muscles and joints")]
    lines = key_facts(uses, [], [ban, sleepy], [], [])
    assert not any(st.label == "Used for" for st in lines)
    assert not any("No information yet on its uses" in st.text for st in lines)
    assert lines[0].text == BAN
    kept = key_facts(uses, [], [sleepy], [], [])
    assert kept[0].label == "Used for"


def test_the_banned_combinations_first_screen_leads_with_the_ban() -> None:
    line = "Valdecoxib + Tizanidine"
    page = shipped_pages(line)[line]
    key = next(s for s in page.sections if s.id == "key-facts")
    said = [st for st in key.statements if not st.companion]
    assert "banned in India" in said[0].text
    assert not any((st.label or "").startswith("Used for") for st in said)
