"""Issue 10, review 7: side-effect lists without frightening noise, birth defects or
endless walls."""

from __future__ import annotations

from apothecary.models import Fact, FactKind
from apothecary.monographs import rules
from apothecary.monographs.model import EffectGroup, Item
from apothecary.monographs.side_effects import (
    COMPANION_CAP,
    DETAIL_LABEL,
    FORM_LABEL,
    MORE_LABEL,
    cap_companion,
    select_effects,
)

ORAL = ["by mouth"]


def _effect(fid: str, value: str, plain: str = "", frequency: str = "common",
            kind: FactKind = FactKind.SIDE_EFFECT) -> Fact:
    return Fact(id=fid, drug_id="D1", kind=kind, value=value, plain=plain or value.lower(),
                source_id="sider", locator="r", licence="x", frequency=frequency)


def _labels(groups: list[EffectGroup]) -> dict[str, list[str]]:
    return {g.label: [i.text for i in g.items] for g in groups}


def _everything(main, serious, groups) -> list[str]:  # type: ignore[no-untyped-def]
    return [i.text for g in [*main, *groups] for i in g.items] + [i.text for i in serious]


def test_cancers_and_deaths_are_never_common_and_go_under_their_own_label() -> None:
    """Gliclazide, quetiapine: "cancer", "brain neoplasm", "sudden death", "completed
    suicide", "mental retardation" among the side effects."""
    facts = [_effect("a", "Breast cancer"), _effect("b", "Brain neoplasm"),
             _effect("c", "Sudden death"), _effect("d", "Completed suicide"),
             _effect("e", "Mental retardation"), _effect("f", "Nausea", "feeling sick")]
    main, serious, groups = select_effects(facts, set(), ORAL)
    assert [i.text for g in main for i in g.items] == [rules.plain_term("Nausea")]
    assert not serious
    unclear = _labels(groups)[DETAIL_LABEL["unclear"]]
    assert len(unclear) == 5 and "sudden death" in unclear
    # a label section that names it (tacrolimus's boxed warning on lymphoma): listed as usual
    boxed = _effect("w", "Boxed", "increased risk of lymphoma and other malignancies",
                    kind=FactKind.BOXED_WARNING)
    _, _, groups = select_effects([boxed, _effect("l", "Lymphoma")], set(), ORAL)
    labels = _labels(groups)
    assert DETAIL_LABEL["unclear"] not in labels
    assert any("lymphoma" in t for ts in labels.values() for t in ts)


def test_birth_defects_stay_with_the_pregnancy_label_off_the_main_page() -> None:
    """Atenolol: "cardiac septal defect"; rabeprazole: "congenital cystic kidney disease"."""
    for term in ("Cardiac septal defect", "Congenital cystic kidney disease",
                 "Hernia congenital", "Foetal exposure during pregnancy", "Cleft palate"):
        assert rules.form_group(term) == "pregnancy", term
    facts = [_effect("a", "Cardiac septal defect"), _effect("b", "Hernia congenital"),
             _effect("c", "Nausea", "feeling sick")]
    for routes in (ORAL, []):  # even with no route facts: a population, never the reader
        main, _, groups = select_effects(facts, set(), routes)
        assert [i.text for g in main for i in g.items] == [rules.plain_term("Nausea")]
        [grp] = [g for g in groups if g.label == FORM_LABEL["pregnancy"]]
        assert grp.companion and len(grp.items) == 2


def test_fainting_is_never_an_ordinary_common_effect() -> None:
    """Rivaroxaban: "Common: ... fainting"; thiamine: "shock"."""
    facts = [_effect("a", "Syncope", "fainting"), _effect("b", "Shock", "shock"),
             _effect("c", "Nausea", "feeling sick")]
    main, _, _ = select_effects(facts, set(), ORAL)
    assert [i.text for g in main for i in g.items] == [rules.plain_term("Nausea")]


def test_the_companion_list_is_capped_and_says_how_many_more() -> None:
    items = [Item(text=f"effect {n}", key=f"e{n}") for n in range(COMPANION_CAP + 7)]
    groups = [EffectGroup(label="Labelled", items=items[:3]),  # main page: not counted
              EffectGroup(label="A", items=items[3:30], companion=True),
              EffectGroup(label="B", items=items[30:], companion=True)]
    out = cap_companion(groups, COMPANION_CAP, "DB1")
    shown = [i for g in out if g.companion and g.label != MORE_LABEL for i in g.items]
    assert len(shown) == COMPANION_CAP and out[0].label == "Labelled"
    assert [g.label for g in out] == ["Labelled", "A", "B", MORE_LABEL]
    [more] = out[-1].items
    assert more.text.startswith(f"{COMPANION_CAP + 7 - 3 - COMPANION_CAP} more side effects")
    assert "DB1.json" in more.text
    assert cap_companion(groups[:2], COMPANION_CAP)[-1].label == "A"  # under the cap


def test_a_long_list_keeps_serious_reactions_before_ordinary_ones() -> None:
    """With more terms than the cap, the serious reactions are never the ones cut."""
    ordinary = [_effect(f"o{n}", f"Zzeffect{n}", f"zz effect {n}") for n in range(60)]
    facts = [*ordinary, _effect("s", "Agranulocytosis", "very low white blood cells", "rare")]
    _, _, groups = select_effects(facts, set(), ORAL)
    assert groups[0].label == DETAIL_LABEL["serious"]
    assert groups[-1].label == MORE_LABEL
    assert sum(len(g.items) for g in groups[:-1]) == COMPANION_CAP
