"""The rule tables: well-formed, pointing at real drugs, and never merging look-alikes."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest

from apothecary.errors import KnowledgeBaseError
from apothecary.knowledge.store import KnowledgeBase
from apothecary.models import Status
from apothecary.names import rules
from apothecary.names.normalize import norm_key
from apothecary.names.resolve import Resolver


@pytest.fixture(scope="module")
def shipped() -> Iterator[Resolver]:
    """A resolver over the knowledge base shipped with the package (skip if not built yet)."""
    from apothecary.knowledge.default import open_kb

    try:
        kb: KnowledgeBase = open_kb()
    except KnowledgeBaseError as exc:
        pytest.skip(f"shipped knowledge base not available: {exc}")
    yield Resolver(kb)
    kb.close()


def test_every_rule_row_is_complete_and_documented() -> None:
    for rule in rules.name_rules().values():
        assert rule.name and rule.targets, rule
        assert rule.note, f"{rule.source} has no note saying why"
    for spelling in rules.spelling_rules():
        assert spelling.note and spelling.pattern.pattern
    assert rules.duplicate_rule_names() == []


def test_no_rule_maps_a_look_alike_onto_its_partner() -> None:
    partners = {(p.a, p.b) for p in rules.lasa_pairs()} | {(p.b, p.a) for p in rules.lasa_pairs()}
    for rule in rules.name_rules().values():
        for target in rule.targets:
            assert (rule.name, target) not in partners, rule.source


def test_every_rule_target_is_one_drug_of_the_shipped_kb(shipped: Resolver) -> None:
    missing = [
        f"{rule.source}: {rule.name} → {target}"
        for rule in rules.name_rules().values()
        for target in rule.targets
        if shipped._unique(target) is None
    ]
    assert missing == []


def test_lasa_names_of_the_shipped_kb_never_resolve_to_their_partner(shipped: Resolver) -> None:
    checked = 0
    for pair in rules.lasa_pairs():
        for name, partner in ((pair.a, pair.b), (pair.b, pair.a)):
            own, other = shipped._unique(name), shipped._unique(partner)
            if own is None or other is None:
                continue
            entry = shipped.resolve(1, name.title())
            if own == other:  # the KB merged the pair: neither may resolve
                assert entry.status == Status.UNRESOLVED and "look-alike" in (entry.reason or "")
                continue
            assert entry.status == Status.RESOLVED and entry.key == own, (name, entry)
            checked += 1
    assert checked >= 2 * 15  # most pairs are real drugs of the shipped KB


def _typo(name: str) -> str:
    """A misspelling of `name` that is no drug: last letter doubled and a vowel dropped."""
    return name[:2] + name[3:] + name[-1]


def test_lasa_pairs_in_the_fixture_kb(resolver: Resolver) -> None:
    pairs = [p for p in rules.lasa_pairs()
             if resolver._unique(p.a) and resolver._unique(p.b)
             and resolver._unique(p.a) != resolver._unique(p.b)]
    assert len(pairs) >= 4
    for pair in pairs:
        for name, partner in ((pair.a, pair.b), (pair.b, pair.a)):
            assert resolver.resolve(1, name).key == resolver._unique(name)
            entry = resolver.resolve(1, _typo(name))
            assert entry.status == Status.UNRESOLVED, (name, entry)
            assert {name, partner} <= set(entry.suggestions), (name, entry.suggestions)


def test_a_misspelling_between_two_look_alikes_suggests_both(resolver: Resolver) -> None:
    entry = resolver.resolve(1, "Hydroxazine")
    assert entry.status == Status.UNRESOLVED
    assert {"hydroxyzine", "hydralazine"} <= set(entry.suggestions)


def test_lasa_pairs_of_the_shipped_kb_are_suggested_together(shipped: Resolver) -> None:
    checked = 0
    for pair in rules.lasa_pairs():
        if shipped._unique(pair.a) is None or shipped._unique(pair.b) is None:
            continue
        names = {shipped.drug_names[shipped._unique(n) or ""] for n in (pair.a, pair.b)}
        typo = _typo(pair.a)
        entry = shipped.resolve(1, typo)
        if entry.status == Status.RESOLVED:  # only when the typo is itself a real name
            assert entry.key == shipped._unique(typo) != shipped._unique(pair.b), (pair, entry)
            continue
        assert names <= set(entry.suggestions), (pair, entry)  # both offered, neither chosen
        checked += 1
    assert checked >= 40  # 46 of the 48 pairs today: the loop is not vacuous


def test_norm_key_is_stable() -> None:
    assert norm_key("Co-Trimoxazole") == "co trimoxazole"
    assert norm_key("Métformine  HCl") == "metformine hcl"


def test_family_names_never_resolve(resolver: Resolver) -> None:
    families = rules.ambiguous_names()
    assert "vitamin k" in families
    for name, members in families.items():
        entry = resolver.resolve(1, f"'{name.title()} (10mg)'")
        assert entry.status == Status.UNRESOLVED and entry.key is None
        assert (entry.reason or "").startswith("ambiguous:")
        assert list(members) == entry.suggestions[: len(members)]
    assert set(families).isdisjoint(rules.name_rules())


def test_rules_digest_changes_with_the_rule_files(tmp_path: Path) -> None:
    shipped = resources.files(rules.DATA_PACKAGE)
    for item in shipped.iterdir():
        if item.name.endswith(".tsv"):
            (tmp_path / item.name).write_bytes(item.read_bytes())
    assert rules.rules_digest(tmp_path) == rules.rules_digest()
    with (tmp_path / "lasa.tsv").open("a", encoding="utf-8") as fh:
        fh.write("alphazine\tbetazine\tinvented pair\n")
    assert rules.rules_digest(tmp_path) != rules.rules_digest()


SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "examples" / "generics-raw-sample.txt"


@pytest.mark.skipif(not SAMPLE.is_file(), reason="../shared/examples not present")
def test_real_sample_resolves_at_least_90_percent(shipped: Resolver) -> None:
    from apothecary.names.parse import read_list

    items = read_list(SAMPLE)
    entries = shipped.resolve_all(items)
    assert [(e.line, e.input) for e in entries] == items
    resolved = sum(e.status == Status.RESOLVED for e in entries)
    assert resolved / len(entries) >= 0.90
    assert all(e.reason for e in entries if e.status != Status.RESOLVED)


def test_rules_agree_with_the_shipped_kb_where_it_knows_the_name(shipped: Resolver) -> None:
    """A rule may pick one of several drugs the KB lists for a name, never a different one."""
    disagreements = []
    for rule in rules.name_rules().values():
        rows = shipped.index.get(rule.name)
        if not rows or rule.kind == "combination":
            continue
        targets = {shipped._unique(t) for t in rule.targets}
        if not targets <= set(rows):
            disagreements.append(f"{rule.source}: {rule.name}")
    assert disagreements == []


def test_spelling_rules_never_turn_a_look_alike_into_its_partner(shipped: Resolver) -> None:
    for pair in rules.lasa_pairs():
        for name, partner in ((pair.a, pair.b), (pair.b, pair.a)):
            partner_id = shipped._unique(partner)
            hit = shipped._spelled(name)
            if partner_id is not None and hit is not None and hasattr(hit, "ids"):
                assert partner_id not in hit.ids, (name, partner)


def test_a_kb_that_merges_look_alikes_resolves_neither(resolver: Resolver) -> None:
    for text in ("Edetate Disodium", "Edetate Calcium Disodium (500mg)", "Edetic Acid"):
        entry = resolver.resolve(1, text)
        assert entry.status == Status.UNRESOLVED, entry
        assert "look-alike" in (entry.reason or "") and entry.key is None


def test_every_spelling_rule_is_undone_by_its_reverse_or_says_why_not() -> None:
    by_id = {r.id: r for r in rules.spelling_rules()}
    assert len(by_id) == len(rules.spelling_rules())  # ids are unique
    for rule in by_id.values():
        assert rule.example and rule.pattern.search(rule.example), rule.id
        changed = rule.apply(rule.example)
        assert changed != rule.example, rule.id
        if rule.reverse.startswith("one-way:"):
            assert rule.reverse.removeprefix("one-way:").strip(), f"{rule.id}: say why"
            continue
        back = by_id.get(rule.reverse)
        assert back is not None, f"{rule.id}: reverse {rule.reverse!r} is no rule"
        assert back.reverse == rule.id, f"{rule.id} and {back.id} must name each other"
        assert back.pattern.search(changed), (rule.id, changed)
        assert back.apply(changed) == rule.example, (rule.id, changed)


def test_every_spelling_family_of_the_table_is_reachable_both_ways() -> None:
    # the spellings a list may use for one substance: each way must have a rule
    pairs = [("beclomethasone", "beclometasone"), ("sulphasalazine", "sulfasalazine"),
             ("cephalexin", "cefalexin"), ("flupenthixol", "flupentixol"),
             ("aluminium hydroxide", "aluminum hydroxide"), ("glycerine", "glycerin")]
    spelling = rules.spelling_rules()
    for a, b in pairs:
        for written, known in ((a, b), (b, a)):
            assert any(r.apply(written) == known for r in spelling), (written, known)


@pytest.mark.parametrize(("written", "name", "rule"), [
    ("Beclomethasone", "beclometasone", "methasone"),  # USAN spelling, INN in the KB
    ("Beclometasone", "beclometasone", None),
    ("Dexametasone", "dexamethasone", "metasone"),  # INN spelling, USAN in the KB
    ("Magnesium Sulphate", "magnesium sulfate", "sulph"),
])
def test_metasone_and_methasone_resolve_both_ways(
    resolver: Resolver, written: str, name: str, rule: str | None
) -> None:
    entry = resolver.resolve(1, written)
    assert entry.status == Status.RESOLVED, entry
    assert [i.name for i in entry.ingredients] == [name]
    got = entry.ingredients[0].rule
    assert (got == f"spelling:{rule}") if rule else not (got or "").startswith("spelling"), got


def test_beclomethasone_resolves_like_beclometasone_in_the_shipped_kb(shipped: Resolver) -> None:
    us, inn = shipped.resolve(1, "Beclomethasone"), shipped.resolve(2, "Beclometasone")
    assert inn.status == Status.RESOLVED
    assert us.status == Status.RESOLVED and us.key == inn.key, us


def test_iron_sucrose_is_never_published_as_the_phosphate_binder(shipped: Resolver) -> None:
    """DrugBank and DrugCentral file injected iron sucrose and the oral phosphate binder
    sucroferric oxyhydroxide under one record: a page for either would carry the other's uses."""
    for line in ("Iron Sucrose", "Sucroferric Oxyhydroxide", "Iron Sucrose Injection"):
        entry = shipped.resolve(1, line)
        assert entry.status == Status.UNRESOLVED, entry
        assert "iron sucrose and sucroferric oxyhydroxide" in (entry.reason or "")


def test_phospholipids_never_resolve_to_omega_3(shipped: Resolver) -> None:
    """DrugBank lists "Phospholipids" as a synonym of omega-3 fatty acids; WHO ATC's lung
    surfactant "natural phospholipids" then filed omega-3 capsules as a surfactant."""
    for line in ("Phospholipids", "Natural Phospholipids"):
        entry = shipped.resolve(1, line)
        assert entry.status == Status.UNRESOLVED and "ambiguous" in (entry.reason or ""), entry
    assert shipped.resolve(1, "Omega 3 Fatty Acids").status == Status.RESOLVED
