"""The A–Z home page's name filter (render/static/filter.js) in a real browser: the README
says typing a title or any other name narrows the list."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser


def shown(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        "ul.az li:not([hidden]) a", "links => links.map(a => a.textContent.trim())")


def type_filter(page: Any, text: str) -> None:
    box = page.get_by_label("Find a medicine")
    box.fill("")
    box.type(text)


def test_the_name_filter_narrows_the_a_to_z_list(page: Any, report: dict[str, Any]) -> None:
    page.goto("/")
    everything = sorted(shown(page))
    assert everything == sorted(p["title"] for p in report["pages"])
    assert page.locator("#none").is_hidden()
    type_filter(page, "warf")  # part of a title, any case
    assert shown(page) == ["Warfarin"]
    type_filter(page, "ACETAMINOPHEN")  # another name, not the title (tiny_kb.sql)
    assert shown(page) == ["Paracetamol"]
    # a letter with no match left is hidden with its heading
    assert page.locator("section.letter:not([hidden]) h2").all_inner_texts() == ["P"]
    type_filter(page, "zzqx")
    assert shown(page) == [] and page.locator("#none").is_visible()
    type_filter(page, "")
    assert sorted(shown(page)) == everything and page.locator("#none").is_hidden()
