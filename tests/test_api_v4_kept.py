"""A rebuild keeps the previous build's string numbers (issue 14): a page added rewrites the
documents that use its new strings, not every document, and every document still says what
a fresh build's says; a numbering that would waste too much is made afresh."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from apikit import MORE
from apothecary.knowledge.store import KnowledgeBase
from apothecary.render import jsonapi4
from apothecary.site import pipeline
from sitekit import entry
from test_api_v2 import contents

NO_TEXTS = json.dumps({"version": 3, "texts": {}})


def _doc(i: int) -> tuple[str, str]:
    rows = [["usage", f"Shared sentence {j % 40} about medicines. Its own note {i}."]
            for j in range(i, i + 12)]
    return (f"api/v3/pages/p{i:03}.json", json.dumps(
        {"title": f"Page {i}", "source": "leaflets", "licence": "Apache-2.0",
         "sections": {"columns": ["id", "text"], "rows": rows}}))


def _published(docs: list[tuple[str, str]], previous: list[str] | None = None
               ) -> tuple[dict[str, str], list[str]]:
    out = dict(jsonapi4.publish(docs, NO_TEXTS, previous))
    return out, json.loads(out.pop(jsonapi4.STRINGS))["strings"]


def _decoded(out: dict[str, str], strings: list[str]) -> dict[str, Any]:
    return {rel: jsonapi4.decode(json.loads(text), strings) for rel, text in out.items()}


def test_a_document_added_keeps_every_other_documents_bytes() -> None:
    docs = [_doc(i) for i in range(80)]
    first, old = _published(docs)
    more = [*docs, _doc(500)]
    kept, strings = _published(more, old)
    fresh, fresh_strings = _published(more)
    assert all(s == strings[n] for n, s in enumerate(old) if strings[n])  # same places
    assert _decoded(kept, strings) == _decoded(fresh, fresh_strings)
    assert all(jsonapi4.decode(json.loads(kept[jsonapi4.of_v3(rel)]), strings)
               == json.loads(text) for rel, text in more)
    same = [rel for rel in first if kept[rel] == first[rel]]
    assert len(same) == len(first)  # the new page's strings are its own
    assert kept != fresh  # a fresh numbering would have moved the others' numbers


def test_a_string_no_document_uses_any_more_leaves_an_empty_place() -> None:
    docs = [_doc(i) for i in range(80)]
    _, old = _published(docs)
    fewer = docs[:-1]
    kept, strings = _published(fewer, old)
    assert len(strings) == len(old) and "" in strings
    fresh, fresh_strings = _published(fewer)
    assert _decoded(kept, strings) == _decoded(fresh, fresh_strings)


@pytest.mark.parametrize("previous", [
    [f"unrelated string number {n}" for n in range(500)],  # would waste most places
    ["repeated", "repeated"],  # not a table this module wrote
    [],
])
def test_a_numbering_that_would_waste_is_made_afresh(previous: list[str]) -> None:
    docs = [_doc(i) for i in range(80)]
    assert _published(docs, previous) == _published(docs)


def test_a_rebuild_keeps_the_numbers_and_says_what_a_fresh_build_says(
    tiny_kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jsonapi4, "KEEP_WASTE", 1.0)  # a tiny site: keep whatever it costs
    out = tmp_path / "site"
    pipeline.build_site(MORE, tiny_kb, out, jobs=1)
    before = contents(out)
    more = [*MORE, entry(10, "DB00331", "DB00682", text="Metformin + Warfarin")]
    pipeline.build_site(more, tiny_kb, out, jobs=1)
    pipeline.build_site(more, tiny_kb, fresh := tmp_path / "fresh", jobs=1)
    after, clean = contents(out), contents(fresh)
    old = json.loads(before[jsonapi4.STRINGS])["strings"]
    kept = json.loads(after[jsonapi4.STRINGS])["strings"]
    assert all(s == kept[n] for n, s in enumerate(old) if kept[n])
    strings = json.loads(clean[jsonapi4.STRINGS])["strings"]
    api = [r for r in clean if r.startswith(jsonapi4.API + "/") and r != jsonapi4.STRINGS
           and "/schema/" not in r]
    assert len(api) > 5 and sorted(api) == sorted(
        r for r in after if r.startswith(jsonapi4.API + "/") and r != jsonapi4.STRINGS
        and "/schema/" not in r)
    for rel in api:
        assert jsonapi4.decode(json.loads(after[rel]), kept) == \
            jsonapi4.decode(json.loads(clean[rel]), strings), rel
    unchanged = [r for r in api if r in before and before[r] == after[r]]
    assert unchanged  # documents the new page does not touch keep their bytes
    assert {r: d for r, d in after.items() if not r.startswith("api/")} == \
        {r: d for r, d in clean.items() if not r.startswith("api/")}
