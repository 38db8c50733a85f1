"""What pages say, measured (issue 10): over the demo list and bench_build's generated list.

    .venv/bin/python bench/bench_content.py [--lines 4000] [--list FILE ...] [--uses]

`--uses` also prints each page's key-facts uses and kind lines (label and text), one page a line, so
a change to how uses are chosen can be compared before and after (`diff`).

(`--lines 0`: only the lists given.)

Prints, for each list: the share of single-ingredient pages with uses / side effects / how it
works / key facts; side-effect items on a main page (median, 90th percentile, max); pages
that name a form- or population-specific term among general side effects (should be 0);
combination pages whose main page shows their own ingredients as a danger (should be 0);
"should not be taken together" pairs by source; pages that speak about pregnancy from a fact;
pages with a "Most important" key fact; pages listing fever as an ordinary side effect, with
a signature side-effect line, or with a raw WHO ATC group name as the kind of medicine; pages
saying "no side-effect data" / "no interaction data" and pages citing leaflet facts; and
the writing time.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from apothecary.knowledge.default import open_kb
from apothecary.knowledge.store import KnowledgeBase
from apothecary.models import Page
from apothecary.monographs import rules, side_effects
from apothecary.monographs.side_effects import FORM_LABEL
from apothecary.names.parse import read_list
from apothecary.names.resolve import Resolver
from apothecary.site.pipeline import plan_pages
from apothecary.writers.template import TemplateWriter
from apothecary.writers.wording import SERIOUS_MAIN, SIGNATURE_LABEL

sys.path.insert(0, str(Path(__file__).parent))
from bench_build import make_list  # noqa: E402

FORM_LABELS = frozenset(FORM_LABEL.values())
MORE_LABEL = getattr(side_effects, "MORE_LABEL", None)  # the capped companion's count line
MAIN_BANDS = ("Common", "Less common", "Reported (how often is not known)")
# the reviewed lists this bench measures against, read from the checkout the bench is in (so
# an older build of the package is measured by the same lists)
RULES = Path(__file__).resolve().parents[1] / "src" / "apothecary" / "monographs" / "data"


def _first_cells(name: str) -> dict[str, str]:
    """First cell → second cell of a "a | b | note" rule file (comments skipped)."""
    out = {}
    for line in (RULES / name).read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.split(" | ")]
        if line.strip() and not line.startswith("#") and len(cells) >= 2:
            out[rules.key(cells[0])] = cells[1]
    return out


def _not_uses() -> list[tuple[str, str]]:
    """(scope, term key) rows of not_uses.txt (review 6), read here so an older build of the
    package is measured by the same rows."""
    path = RULES / "not_uses.txt"
    if not path.exists():
        return []
    return [(c[0], rules.key(c[1])) for c in (
        [x.strip() for x in line.split(" | ")] for line in path.read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")) if len(c) >= 2]


def _is_not_use(term: str, name: str, atc: str) -> bool:
    codes = atc.upper().split()
    for scope, t in _not_uses():
        if t != rules.key(term):
            continue
        if scope.startswith("all except "):
            keep = [c[4:].upper() for c in scope[11:].split()]
            if codes and not any(c.startswith(k) for c in codes for k in keep):
                return True
        elif scope.startswith("atc:"):
            if any(c.startswith(scope[4:].upper()) for c in codes):
                return True
        elif rules.key(scope) == rules.key(name):
            return True
    return False


# CDSCO rows recording a regulatory action, not a use (review 6)
# review 6 round 3: source jargon counted on first screens (key facts, main uses, how it works)
_JARGON = re.compile(
    r"heterozygous hypercholesterolemia|cerebrovascular accident|\bdyspnea\b|pulmonary edema|"
    r"peroxisome proliferator|megaloblastic anemia|erosive esophagitis|atopic rhinitis|"
    r"infectious disease of abdomen|tonic-clonic epilepsy|thromboembolic disorder|"
    r"embolism and thrombosis of unspecified|methylxanthine|cardiac glycoside|folate analog|"
    r"alpha-1 adrenergic agonist", re.I)
_REGULATORY = re.compile(
    r"^\W*(?:(?:deletion|removal|change|modification|revision|inclusion|withdrawal)\s+of\b"
    r"|as\s+(?:approved|additional|per)\b|for\s+additional\s+(?:specialists?|prescription)\b)",
    re.IGNORECASE)
# general emergencies and class rows of emergency_terms.txt, read from this checkout
_LABEL_KINDS = ("boxed_warning", "contraindication", "otc_do_not_use", "patient_warning",
                "otc_ask_doctor", "otc_stop_use", "overdose")


def _emergency_rows() -> tuple[set[str], dict[str, list[str]]]:
    general: set[str] = set()
    classes: dict[str, list[str]] = {}
    path = RULES / "emergency_terms.txt"
    for line in path.read_text("utf-8").splitlines() if path.exists() else []:
        c = [x.strip() for x in line.split(" | ")]
        if line.startswith("#") or len(c) < 2:
            continue
        if c[1] == "*":
            general.add(rules.key(c[0]))
        else:
            classes.setdefault(rules.key(c[0]), []).extend(c[1].upper().split())
    return general, classes


def review6(kb: KnowledgeBase, pages: list[Page], facts: dict) -> None:  # type: ignore[type-arg]
    """The review-6 findings, counted: main-page class-level interaction lines that give no
    reason, the ANSM family record 1911 shown as "usually not taken", reviewed non-uses and
    CDSCO regulatory actions shown as uses, key-facts "get help" lines that only SIDER backs
    (no label words, no class row; general emergencies apart), "same as" FAQs offering a
    family name (ambiguous.tsv)."""
    from apothecary.names.normalize import norm_key
    from apothecary.names.rules import ambiguous_names
    serious = {rules.key(k) for k in rules.serious_terms()}
    general, classes = _emergency_rows()
    family = ambiguous_names()
    drugs = {d.id: d for p in pages for d in p.drugs}
    reasonless = angio = non_use = regulatory = sider_help = same_family = 0
    for p in pages:
        for st in _main(p, "interactions"):
            cited = [facts[i] for i in st.fact_ids if i in facts]
            if cited and all((f.scope or "pair") == "class" for f in cited) and (
                    "of this kind" in st.text or "belong to groups" in st.text):
                reasonless += 1
            if any("record 1911 " in f.locator for f in cited) and "usually not" in st.text:
                angio += 1
        for s in p.sections:
            for st in s.statements:
                if s.id == "usage" and any(
                        facts[i].kind.value == "use" and _is_not_use(
                            facts[i].value, drugs[facts[i].drug_id].name if facts[i].drug_id
                            in drugs else "", drugs[facts[i].drug_id].xrefs.get("ATC", "")
                            if facts[i].drug_id in drugs else "")
                        for i in st.fact_ids if i in facts):
                    non_use += 1
                if (st.label or "").startswith("Approved in India") and _REGULATORY.match(
                        st.text):
                    regulatory += 1
        label = " ".join(f.plain for f in p.facts if f.kind.value in _LABEL_KINDS).casefold()
        codes = [c for d in p.drugs for c in d.xrefs.get("ATC", "").upper().split()]
        for st in _main(p, "key-facts"):
            if not (st.label or "").startswith("Get help"):
                continue
            for i in st.fact_ids:
                k = rules.key(facts[i].value) if i in facts else ""
                if k in serious and k not in general and k not in label and k.replace(
                        "ae", "e") not in label and not any(
                        c.startswith(x) for c in codes for x in classes.get(k, [])):
                    sider_help += 1
                    break
        same_family += sum(1 for q in p.faqs if q.question.startswith("Is ") and any(
            norm_key(n) in family for n in [q.question.split(" the same as ")[-1].rstrip("?")]))
    jargon = sum(len(_JARGON.findall(st.text)) for p in pages for s in p.sections
                 if s.id in ("key-facts", "usage", "how-it-works") for st in s.statements
                 if not st.companion)
    print(f"review 6 round 3: source jargon terms on first screens {jargon}")
    print(f"review 6: reasonless class interaction lines (main) {reasonless}; family record "
          f"1911 as 'usually not' {angio}; reviewed non-uses shown {non_use}; CDSCO "
          f"regulatory actions as uses {regulatory}; 'get help' key facts led by SIDER-only "
          f"terms {sider_help}; 'same as' FAQs naming a family name {same_family}")


def other_form_lines(writer: TemplateWriter, pages: list[Page], requests: list) -> int:  # type: ignore[type-arg]
    """Issue 10 (reviews 11, 12, fact check 2): main pages that show another product form's
    use (a use page_form labels as another form's, or an inhaler-only use on a page of
    another form), class safety line or leaflet side effect. Counted by comparing each
    page's monographs before and after monographs.page_form.for_form, so the same count
    measures a build without the rule (every such line then shows)."""
    try:
        from apothecary.monographs import page_form as pf
    except ImportError:  # a build before the rule
        return -1
    n = 0
    for req in requests:
        drugs = req.drugs
        atcs = [writer.form_atc(d) for d in drugs]
        form = pf.page_form(req.inputs, atcs)
        if not form:
            continue
        ids = tuple(d.id for d in drugs)
        named = len(drugs) > 1 or all(pf.named_form(x) for x in req.inputs)
        for d, atc in zip(drugs, atcs, strict=True):
            before = writer.monographs.monograph(d, tuple(i for i in ids if i != d.id))
            after = pf.for_form(before, d.name, atc, form,
                                lambda d=d: {f.id: f for f in writer.facts_of(d.id)},
                                len(drugs) > 1, named)
            gone = len(before.safety) - len(after.safety) + (
                before.signature is not None and after.signature is None) + sum(
                len(g.items) for g in before.main_effects) - sum(
                len(g.items) for g in after.main_effects)
            moved = sum(1 for i in after.uses if i.off_page or (
                i.form and not any(i.form == j.form for j in before.uses if j.key == i.key)))
            if gone or moved or len(after.uses) < len(before.uses):
                n += 1
                break
    return n


def _main(page: Page, sid: str) -> list:  # type: ignore[type-arg]
    return [st for s in page.sections if s.id == sid for st in s.statements
            if not st.companion]


def uses_lines(pages: list[Page]) -> list[str]:
    """Each page's key-facts uses line ("Title | Used for: …"), or "-" when it has none, and
    its kind-of-medicine line ("|| Kind of medicine: …") when it has one."""
    out = []
    for p in pages:
        facts = _main(p, "key-facts")
        line = next((f"{st.label}: {st.text}" for st in facts
                     if st.label and ("used for" in st.label.casefold()
                                      or st.label.startswith("Approved in India"))), "-")
        kind = next((f" || {st.label}: {st.text}" for st in facts
                     if st.label == "Kind of medicine"), "")
        out.append(f"{p.title} | {line}{kind}")
    return out


def measure(kb: KnowledgeBase, list_path: Path, label: str, uses: bool = False) -> None:
    resolver = Resolver(kb)
    entries = [resolver.resolve(line, text) for line, text in read_list(list_path)]
    requests, _ = plan_pages(entries, kb)
    writer = TemplateWriter(kb)
    t, cpu = time.perf_counter(), time.process_time()
    pages = writer.write_pages(requests)
    dt, cpu = time.perf_counter() - t, time.process_time() - cpu
    facts = {f.id: f for p in pages for f in p.facts}
    singles = [p for p in pages if len(p.drugs) == 1]
    combos = [p for p in pages if len(p.drugs) > 1]

    def share(pred) -> str:  # type: ignore[no-untyped-def]
        n = sum(1 for p in singles if pred(p))
        return f"{n}/{len(singles)} ({100 * n / max(len(singles), 1):.0f} %)"

    def has(sid: str):  # type: ignore[no-untyped-def]
        return lambda p: any(st.fact_ids for st in _main(p, sid))

    items = []  # single pages: the monograph's main-page items (cap-aware, as written)
    for p in singles:
        m = writer.monographs.monograph(p.drugs[0])
        n = sum(len(g.items) for g in m.main_effects) + (m.signature is not None)
        n += min(len(m.serious), SERIOUS_MAIN)
        n += sum(len(g.items) for g in m.effect_groups if not g.companion)
        items.append(n)
    form_leaks = form_groups = 0  # form/population terms as general; their groups (main)
    for p in pages:
        for st in _main(p, "side-effects"):
            if (st.label or "").startswith(MAIN_BANDS) and any(
                    rules.form_group(facts[i].value) for i in st.fact_ids):
                form_leaks += 1
            if (st.label or "") in FORM_LABELS:
                form_groups += 1
    items.sort()
    p90 = items[int(0.9 * (len(items) - 1))] if items else 0
    companion = sorted(  # single pages: side effects listed on the companion page
        sum(len(g.items) for g in writer.monographs.monograph(p.drugs[0]).effect_groups
            if g.companion and g.label != MORE_LABEL) for p in singles)
    cp90 = companion[int(0.9 * (len(companion) - 1))] if companion else 0
    own_danger = 0
    for p in combos:
        ids = {d.id for d in p.drugs}
        for st in _main(p, "interactions"):
            if st.fact_ids and all(facts[i].other_id in ids and facts[i].drug_id in ids
                                   for i in st.fact_ids):
                own_danger += 1
    never: Counter[str] = Counter()
    never_main: Counter[str] = Counter()
    pairs: set[tuple[str, str, str, bool]] = set()
    for p in pages:
        for st in (st for s in p.sections if s.id == "interactions" for st in s.statements):
            if "should not be taken together" in st.text.casefold() or (
                    st.label or "").startswith("Should not be taken together"):
                for i in st.fact_ids:
                    f = facts[i]
                    a, b = sorted((f.drug_id, f.other_id or ""))
                    for main, counter in ((False, never), (True, never_main)):
                        if main and st.companion:
                            continue
                        if (a, b, f.source_id, main) not in pairs:
                            pairs.add((a, b, f.source_id, main))
                            counter[f.source_id] += 1
    def says_pregnancy(p: Page, reviewed: bool, word: str = "Pregnancy") -> bool:
        """A label fact on pregnancy, or (reviewed) also a key_messages.txt message."""
        return any(s.id == "safety" and word in (st.label or "")
                   and (st.fact_ids or (reviewed and "Source:" in st.text))
                   for s in p.sections for st in s.statements)

    # issue 10, uses and interactions: a key-facts use that is a symptom, outcome or heading
    # (use_terms.txt); main-page interactions with everyday / rare medicines
    roles = _first_cells("use_terms.txt")
    lead_heading = sum(1 for p in pages for st in _main(p, "key-facts")
                       if st.label == "Used for" and st.fact_ids
                       and rules.key(facts[st.fact_ids[0]].value) in roles)
    partners: Counter[str] = Counter()
    drug_names = kb.drug_names()
    common, rare = _first_cells("common_partners.txt"), _first_cells("rare_partners.txt")
    for p in pages:
        for st in _main(p, "interactions"):
            for i in st.fact_ids[:1]:
                f = facts[i]
                if f.kind.value != "interaction" or not f.other_id:
                    continue
                partners["all"] += 1
                name = rules.key(f.value)
                partners["everyday"] += name in common
                partners["rare"] += name in rare
                partners["conditional"] += f.scope == "condition"
        for st in _main(p, "interactions"):  # every medicine a main line names (review 37)
            for o in st.refs:
                partners["named"] += 1
                partners["unsold"] += not writer.marketed(o) and rules.key(
                    drug_names.get(o, "")) not in common
    pregnancy = sum(1 for p in pages if says_pregnancy(p, False))
    pregnancy_any = sum(1 for p in pages if says_pregnancy(p, True))
    breastfeeding = sum(1 for p in pages if says_pregnancy(p, False, "Breastfeeding"))
    breastfeeding_any = sum(1 for p in pages if says_pregnancy(p, True, "Breastfeeding"))
    most = sum(1 for p in pages if any(st.label == "Most important"
                                       for st in _main(p, "key-facts")))
    print(f"== {label}: {len(pages)} pages ({len(singles)} single, {len(combos)} combinations),"
          f" written in {dt:.2f} s (CPU {cpu:.2f} s)")
    print(f"single pages with uses            {share(has('usage'))}")
    print(f"single pages with side effects    {share(has('side-effects'))}")
    print(f"single pages with how it works    {share(has('how-it-works'))}")
    print(f"single pages with a plain how-it-works sentence (leaflet) "
          f"{share(lambda p: any(facts[i].source_id == 'leaflets' for st in _main(p, 'how-it-works') for i in st.fact_ids if i in facts))}")  # noqa: E501
    print(f"single pages whose side effects lead with the medicine's own leaflet list "
          f"{share(lambda p: any((st.label or '').startswith('Common (source:') and any(facts[i].source_id == 'leaflets' and ':own]' in facts[i].locator for i in st.fact_ids if i in facts) for st in _main(p, 'side-effects')))}")  # noqa: E501
    print(f"single pages with 'Used for' key  {share(lambda p: any(st.label == 'Used for' for st in _main(p, 'key-facts')))}")  # noqa: E501
    print(f"side-effect items, single main page median {statistics.median(items or [0]):.0f},"
          f" 90th percentile {p90}, max {max(items or [0])}")
    print(f"form/population terms as general  {form_leaks} statements; form/population "
          f"groups on main pages {form_groups}")
    print(f"companion side-effect items, single pages median "
          f"{statistics.median(companion or [0]):.0f}, 90th percentile {cp90}, "
          f"max {max(companion or [0])}")
    fillers = set(_first_cells("excipients.txt")) if (RULES / "excipients.txt").exists() else {
        "crospovidone"}
    minor = onc_minor = filler = 0  # review 7: main-page interaction lines; fillers anywhere
    for p in pages:
        for s in p.sections:
            for st in s.statements if s.id == "interactions" else []:
                cited = [facts[i] for i in st.fact_ids if i in facts]
                filler += any(f.other_id and rules.key(f.value) in fillers for f in cited)
                if st.companion or not cited:
                    continue
                if all(f.kind.value == "interaction" and f.other_id and f.severity == "minor"
                       and (f.scope or "pair") == "pair" for f in cited):
                    minor += 1
                    onc_minor += any("onc_non_interruptive" in f.locator for f in cited)
    print(f"main-page interaction lines: minor pairs {minor} (ONC non-interruptive "
          f"{onc_minor}); interaction lines naming a filler (excipient), any page {filler}")
    print(f"own ingredients shown as a danger {own_danger} statements")
    print(f"pages on pregnancy: label fact {pregnancy}, with reviewed messages {pregnancy_any};"
          f" the rest say 'not covered, ask'")
    print(f"pages on breastfeeding: label fact {breastfeeding}, with reviewed messages "
          f"{breastfeeding_any}")
    print(f"pages with a 'Most important' key {most}/{len(pages)}")
    # issue 10 (review 7): thin-source medicines; the reviewed leaflet facts fill these
    said = {w: sum(1 for p in pages if any(f"no {w} data" in st.text for s in p.sections
                                           for st in s.statements))
            for w in ("side-effect", "interaction")}
    leaflet = sum(1 for p in pages if any(f.source_id == "leaflets" for f in p.facts))
    print(f"pages saying 'no side-effect data' {said['side-effect']}/{len(pages)}, "
          f"'no interaction data' {said['interaction']}/{len(pages)}; "
          f"pages citing leaflet facts {leaflet}")
    print(f"'Used for' lines led by a symptom/outcome/heading term {lead_heading}")
    kinds: Counter[str] = Counter()  # what the key-facts uses line is, by its label
    for p in pages:
        line = uses_lines([p])[0].split(" | ", 1)[1].split(" || ")[0]
        label = line.split(":", 1)[0]
        kinds["none" if line == "-" else "own uses" if label == "Used for" else
              "one ingredient's" if "one of its ingredients" in label else
              "each ingredient's" if label.startswith("Its ingredients") else
              "approval" if label.startswith("Approved in India") else
              "class purpose" if label.startswith("Medicines of its kind") else label] += 1
    print("key-facts uses line: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    print(f"main-page medicine interactions {partners['all']}: everyday medicines "
          f"{partners['everyday']}, rare medicines {partners['rare']}, "
          f"conditional (some doses or uses) {partners['conditional']}; medicines named "
          f"{partners['named']}, of them not shown sold in India {partners['unsold']}")
    fever = sum(1 for p in pages if any(
        (st.label or "").startswith(MAIN_BANDS) and "fever" in st.text.casefold()
        for st in _main(p, "side-effects")))
    typical = sum(1 for p in pages if any((st.label or "").startswith(SIGNATURE_LABEL)
                                          for st in _main(p, "side-effects")))
    raw_kind = sum(1 for p in pages for st in _main(p, "key-facts")
                   if st.label == "Kind of medicine" and any(
                       facts[i].source_id == "who-atc" and facts[i].plain.casefold() in
                       st.text.casefold() for i in st.fact_ids))
    print(f"pages listing fever as an ordinary side effect {fever}/{len(pages)};"
          f" with a signature line {typical}; raw ATC group as kind {raw_kind}")
    review6(kb, pages, facts)
    print(f"pages with another product form's use, safety line or leaflet side effect "
          f"(before the page-form rule; labelled or left off now) "
          f"{other_form_lines(writer, pages, requests)}")
    if uses:
        print("\n".join(uses_lines(pages)))
    for what, counter in (("on any page", never), ("on main pages", never_main)):
        print(f"'should not be taken together' pairs {what}, by source: "
              + (", ".join(f"{s} {n}" for s, n in sorted(counter.items())) or "none"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=4000)
    ap.add_argument("--list", type=Path, action="append",
                    help="a list to measure (repeatable; default examples/demo.txt)")
    ap.add_argument("--uses", action="store_true",
                    help="also print each page's key-facts uses line")
    args = ap.parse_args()
    kb = open_kb()
    for path in args.list or [Path("examples/demo.txt")]:
        measure(kb, path, str(path), args.uses)
    names = sorted(n for n in kb.drug_names().values() if n.replace(" ", "").isalpha()
                   and len(n) < 25)
    random.Random(1).shuffle(names)
    if args.lines <= 0:  # --lines 0: the given lists only
        return
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "list.txt"
        src.write_text("\n".join(make_list(names[:1500], args.lines)) + "\n", encoding="utf-8")
        measure(kb, src, f"bench_build list ({args.lines} lines)", args.uses)


if __name__ == "__main__":
    main()
