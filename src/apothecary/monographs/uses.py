"""What a medicine is for: its use facts, grouped, ranked and worded (prevention as prevention)."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from functools import lru_cache

from ..knowledge.vocab_terms import CONDITIONS
from ..models import Fact, FactKind
from .leaflets import cited, is_leaflet
from .model import Item
from .rules import (
    THROMBOLYTICS,
    _rows,
    class_purpose,
    form_of_code,
    form_site,
    key,
    main_uses,
    not_a_use,
    nutrients,
    plain_class,
    use_parts,
    use_role,
    use_words,
)

_BRACKETS = re.compile(r"\s*\([^)]*\)")
# An infection as a use, and the WHO ATC groups that treat or prevent infections
_INFECTION = re.compile(r"infect|otitis media|urethritis|sinusitis|endocarditis|chlamydia|"
                        r"diphtheria|rheumatic fever|pneumonia|gonorrh|syphilis|tonsillitis|"
                        r"pharyngitis|cellulitis|tubercul", re.IGNORECASE)
_NOT_INFECTION = re.compile(r"non-?infect|lipodystrophy|eczema|pylori", re.IGNORECASE)
_ANTI_INFECTIVE = ("J", "P", "D01", "D06", "D07C", "D08", "D09", "D10AF", "S01A", "S01C",
                   "S02A", "S02C", "S03A", "S03C", "A01AB", "A02B", "A07A", "G01", "G04AA",
                   "R02AB", "L03", "B05CA")


def _foreign_infection(fact: Fact, atc: str) -> bool:
    """An unchecked dataset use that is an infection, on a medicine none of whose WHO ATC
    groups treats one: DrugCentral gives vindesine, a vinca cancer medicine, eleven
    antibiotic indications (ear, skin and chlamydia infections; round 12). Only asked of a
    medicine with no checked use: one with any shows those alone."""
    codes = atc.upper().split()
    return bool(codes) and not any(c.startswith(_ANTI_INFECTIVE) for c in codes) \
        and fact.source_id == "drugcentral" and bool(_INFECTION.search(fact.value)) \
        and not _NOT_INFECTION.search(fact.value)
SOURCE_RANK = {"labeledin": 0, "drugcentral": 1}  # LabeledIn: human-reviewed label indications


def _words(text: str) -> str:
    return " " + re.sub(r"[^\w]+", " ", text.casefold()).strip() + " "


@lru_cache(maxsize=1)
def _condition_rank() -> dict[str, int]:
    """The shared conditions vocabulary lists the commonest indications first."""
    return {k: i for i, k in enumerate(CONDITIONS)}


def use_key(term: str, plain: str) -> str:
    """The key a use is grouped, compared and ranked by: its plain words without the
    bracketed gloss ("depression (low mood)" = "depression"), prevention wording first."""
    text = use_words(term, plain)
    return key(_BRACKETS.sub("", text)) or key(text)


def use_aliases(term: str, plain: str) -> set[str]:
    """Every name a use goes by, for comparing medicines whose sources word one disease
    differently: its key, its source term, and the words in and outside its gloss
    ("hay fever (seasonal allergic rhinitis)" is also "seasonal allergic rhinitis")."""
    out = {use_key(term, plain), key(term)}
    out |= {key(g) for g in re.findall(r"\(([^)]*)\)", plain)}
    out.discard("")
    return out


def class_uses(drug_id: str, codes: dict[str, str],
               users: dict[str, dict[str, set[str]]]) -> dict[str, frozenset[str]]:
    """use alias → the *other* medicines of the drug's WHO ATC level-3 groups that have it
    (absent: none). `codes`: drug → ATC codes; `users`: level-3 group → use alias → drugs
    with it. Level 3 ("N06A antidepressants"), as the knowledge stage's class support:
    level-4 groups are often one substance and its salts."""
    out: dict[str, set[str]] = {}
    for group in {c[:4] for c in codes.get(drug_id, "").split() if len(c) >= 4}:
        for k, drugs in users.get(group, {}).items():
            out.setdefault(k, set()).update(drugs - {drug_id})
    return {k: frozenset(v) for k, v in out.items() if v}


def use_forms(drug_id: str, codes: dict[str, str],
              users: dict[str, dict[str, set[str]]]) -> dict[str, frozenset[str]]:
    """use alias → the product forms of the drug's WHO ATC groups whose other members have
    it ("a skin cream or ointment"; "" for a group of no particular form); absent: no
    classmate has it. Only for a medicine with a group of a form (form_classes.txt):
    tacrolimus's eczema is backed only by D11AH (pimecrolimus), its transplant uses by L04AD
    (ciclosporin); clotrimazole's athlete's foot by its mouth, skin and vaginal groups (the
    azoles are in all three: the use's words then choose, see select_uses)."""
    form_of: dict[str, str | None] = {}
    for c in codes.get(drug_id, "").split():
        if len(c) >= 4:  # a group of several codes has a form only if every code has it
            form_of[c[:4]] = form_of_code(c) if form_of.get(c[:4], 1) else None
    if not any(form_of.values()):
        return {}

    def backers(group: str, alias: str) -> set[str]:
        """The classmates whose having the use backs it for `group`: in a group of no
        particular form, not those that also come as eye or ear drops (WHO ATC S) when the
        use names the eye or ear (ciprofloxacin's "bacterial conjunctivitis" is its eye
        drops', so it does not make moxifloxacin's a tablet use: review 8). Only the sense
        organs: a vaginal, skin or mouth use may be a tablet's too (metronidazole's
        bacterial vaginosis)."""
        found = users.get(group, {}).get(alias, set()) - {drug_id}
        if form_of[group]:
            return found
        return {d for d in found if not any(
            c.upper().startswith("S") and (form := form_of_code(c))
            and (site := form_site(form)) and site.search(alias)
            for c in codes.get(d, "").split())}

    out: dict[str, frozenset[str]] = {}
    for alias in {a for g in form_of for a in users.get(g, {})}:
        forms = frozenset(form_of[g] or "" for g in form_of if backers(g, alias))
        if forms:
            out[alias] = forms
    return out


@lru_cache(maxsize=1)
def _form_words() -> list[tuple[re.Pattern[str], str, str, tuple[str, ...]]]:
    """(use words, DDD route, form worded after "as", ATC prefixes implying the route):
    form_words.txt."""
    return [(re.compile(words, re.IGNORECASE), route, form,
             tuple(p.upper() for p in prefixes.split() if p != "-"))
            for words, route, form, prefixes, _ in _rows("form_words.txt", 5)]


@lru_cache(maxsize=1)
def _route_forms() -> dict[str, str]:
    """WHO DDD route code or "atc:PREFIX" → how the medicine comes (route_forms.txt)."""
    return {r: words for r, words, _ in _rows("route_forms.txt", 3)}


def product_forms(atc: str, routes: Sequence[str]) -> list[str]:
    """The forms a medicine comes in, in plain words, each once: by its WHO DDD routes
    (route_forms.txt), its codes' topical forms (form_classes.txt: "eye drops or eye
    ointment") and its groups with no DDD (anaesthetics: an injection)."""
    table = _route_forms()
    found = [table[r] for r in routes if r in table]
    for code in atc.upper().split():
        topical = form_of_code(code)
        if topical:
            found.append(topical)
        # the longest prefix only: B05C's bladder rinses are not B05's drips (review 20)
        groups = [r for r in table if r.startswith("atc:") and code.startswith(r[4:].upper())]
        if groups:
            found.append(table[max(groups, key=len)])
    found = list(dict.fromkeys(found))  # "a nose spray" is in "a nose spray or drops"
    return [f for f in found if not any(f != o and f in o for o in found)]


def route_form(words: str, atc: str, routes: Sequence[str]) -> str:
    """The form a use belongs to by its words (form_words.txt: "prolonged seizures" is an
    injection's use), for a medicine that comes in that form and another; else ""."""
    if len(product_forms(atc, routes)) < 2:
        return ""
    codes = atc.upper().split()
    for pattern, route, form, prefixes in _form_words():
        if pattern.search(words) and (any(c.startswith(prefixes) for c in codes)
                                      if prefixes else route in routes):
            return form
    return ""


_DEFICIENCY = re.compile(r"deficien|beriberi|scurvy|rickets|pellagra|anaemi|anemi|osteomalacia"
                         r"|nutrition|malabsorption|hypocalc|hypokal|hypomagnes|wernicke")


def nutrient_kind(name: str, atc: str, classes: Iterable[str]) -> str | None:
    """"vitamin" or "mineral" for a vitamin or mineral medicine (nutrients.txt, WHO ATC A11,
    A12, B03, or its class), else None."""
    n = _words(name)
    for _, names, kind in nutrients():
        if any(m != "*" and f" {m} " in n for m in names):
            return kind
    codes = atc.upper().split()
    if any(c.startswith("A11") for c in codes):
        return "vitamin"
    if any(c.startswith(("A12", "B03A")) for c in codes):
        return "mineral"
    words = " ".join(classes).casefold()
    return "vitamin" if "vitamin" in words or "micronutrient" in words else \
        "mineral" if "mineral" in words else None


def nutrient_leak(term: str, name: str, kind: str) -> bool:
    """Whether a vitamin's or mineral's use is another product's (nutrients.txt): not a
    deficiency use, or the deficiency of another nutrient ("vitamin C deficiency" on
    vitamin E, "mineral deficiency" on a vitamin)."""
    t = _words(term)
    if not _DEFICIENCY.search(t):
        return True
    own = _words(name)
    named = [(names, k) for n, names, k in nutrients() if f" {n} " in t and "*" not in names]
    if named:
        return not any(f" {m} " in own for names, _ in named for m in names)
    generic = [k for n, names, k in nutrients() if "*" in names and f" {n} " in t]
    return bool(generic) and kind not in generic


def select_uses(facts: Iterable[Fact], classes: Iterable[str] = (),
                classmates: Mapping[str, Collection[str]] | None = None,
                name: str = "", atc: str = "",
                forms: Mapping[str, frozenset[str]] | None = None,
                routes: Sequence[str] = ()) -> list[Item]:
    """One item per use (facts with the same wording merged), the main indication first.

    `classmates`: use alias → the other medicines of its WHO ATC groups that have it
    (class_uses; None: not known); a use's class support counts them under all its names. Ranked
    by, in turn: the uses a reviewed row sets to lead, in its order (main_uses.txt: mefenamic
    acid's period pain before a bare "pain"); a disease before a heading, or before a symptom or
    outcome its class does not share (use_terms.txt); uses its class shares, most shared first
    (what a class is for is what its members are chosen for: SSRIs' depression before
    fluoxetine's bulimia; paracetamol's pain, a symptom its class shares, ranks as a disease
    would); uses its class name names ("fever" for a "fever reducer"); uses more sources agree
    on; LabeledIn (read from labels by experts) before DrugCentral; a use others refine ("pain"
    before "back pain"); the commonest in the shared conditions vocabulary. A symptom or outcome
    term its class does not share is left out (fluoxetine "vomiting", a trial outcome) unless
    the medicine has no other kind of use (domperidone: "nausea and vomiting" is all its sources
    give). A vitamin's or mineral's uncorroborated DrugCentral uses are kept only when they
    are its own deficiency (nutrient_leak), and its own deficiency ranks first ("vitamin E
    deficiency" before "vitamin deficiency"). `forms`: use alias → the product
    forms backing it (use_forms); a use only forms back, whose words name one of them, says
    so ("atopic eczema (as a skin cream or ointment)"). `routes`: the medicine's WHO DDD route
    codes; a use whose words name one of its several forms says so too (route_form:
    lorazepam's "prolonged seizures (as an injection in hospital)")."""
    classes = list(classes)
    class_words = " ".join(classes).casefold()
    nutrient = nutrient_kind(name, atc, classes)
    uses = [f for f in facts if f.kind == FactKind.USE and f.plain.strip()
            and not not_a_use(f.value, name, atc,  # `name`, `atc`: not_uses.txt
                              reviewed=f.source_id == "leaflets")
            and not (nutrient and not corroborated(f) and f.source_id == "drugcentral"
                     and nutrient_leak(f.value, name, nutrient))]
    shared = classmates or {}
    # a DrugCentral row its class shares is corroborated here too (heparin's DVT rows: only
    # "unstable angina" was backed when the knowledge base was built, and it alone was shown)
    leading = main_uses().get(key(name), [])
    # a reviewed leaflet use (leaflet_facts.txt, kind `use`: dapagliflozin's heart failure)
    # leads, in its rows' order, before the main_uses.txt rows
    reviewed = [key(f.value) for f in sorted((f for f in uses if is_leaflet(f)),
                                             key=_leaflet_line)]
    leading = list(dict.fromkeys([*reviewed, *leading]))
    # a use a reviewed row sets to lead is checked too (dabigatran's atrial fibrillation: an
    # uncorroborated DrugCentral row no classmate words the same way)
    checked = [f for f in uses if corroborated(f) or key(f.value) in leading or any(
        shared.get(a) for a in use_aliases(f.value, f.plain))]
    support: dict[str, int] = {}
    mates: dict[str, set[str]] = {}
    groups: dict[str, tuple[str, list[Fact]]] = {}
    pool = checked or [f for f in uses if not _foreign_infection(f, atc)]
    has_disease = any(use_role(f.value) is None for f in pool)  # else symptoms are its uses
    dissolves = any(c.startswith(THROMBOLYTICS) for c in atc.split())
    for f in pool:
        text = use_words(f.value, f.plain, dissolves)
        k = use_key(f.value, f.plain)
        for a in use_aliases(f.value, f.plain):  # under any of its names
            mates.setdefault(k, set()).update(shared.get(a, ()))
        support[k] = len(mates[k])
        role = use_role(f.value)
        if role in ("symptom", "outcome") and classmates is not None and not support[k] and \
                not (class_words and k in class_words) and has_disease:
            continue
        if k in groups and len(text) > len(groups[k][0]):  # the wording that explains more
            groups[k] = (text, groups[k][1])
        groups.setdefault(k, (text, []))[1].append(f)
    words = {k: _words(_BRACKETS.sub("", t)) for k, (t, _) in groups.items()}
    me = _words(name)  # a nutrient's own names as a use names them ("vitamin b12")
    own_names = [n for n, names, _ in nutrients() if nutrient and "*" not in names
                 and any(f" {m} " in me for m in names)]

    order = _condition_rank()

    def lead(k: str) -> int | None:
        """Its place in the medicine's main_uses.txt row (reviewed), if listed."""
        at = [leading.index(key(f.value)) for f in groups[k][1] if key(f.value) in leading]
        return min(at) if at else None

    def agree(k: str) -> int:
        """How many sources back the use (a SIDER-corroborated DrugCentral row counts two)."""
        fs = groups[k][1]
        return len({f.source_id for f in fs}) + any(
            f.locator.endswith("(SIDER-corroborated)") for f in fs)

    def rank(k: str) -> tuple[int, int, int, int, int, int, int, int, int, str]:
        _, fs = groups[k]
        first = lead(k)
        roles = {use_role(f.value) for f in fs} - {None}
        heading = "broad" in roles or (bool(roles) and classmates is not None
                                       and not support.get(k))
        general = sum(1 for o, w in words.items() if o != k and words[k] in w)
        best_source = min(SOURCE_RANK.get(f.source_id, 9) for f in fs)
        known = min(order.get(key(f.value), len(order)) for f in fs)
        named = bool(class_words) and k in class_words
        own = "deficien" in k and any(f" {n} " in _words(k) for n in own_names)
        return (len(leading) if first is None else first, heading, -own, -support.get(k, 0),
                -named, -agree(k), best_source, -general, known, k)

    def form(k: str) -> str:
        """The one product form all of the use's names are backed by, else "" (a reviewed
        leaflet use: its own words say the form, if any)."""
        fs = groups[k][1]
        if any(is_leaflet(f) for f in fs):
            return ""
        words = " ".join(f"{f.value} {f.plain}" for f in fs)
        own = sense_form(words, atc)
        if own:  # ketorolac's allergic conjunctivitis: its eye drops', whoever else has it
            return own
        found = {x for f in fs for a in use_aliases(f.value, f.plain)
                 for x in (forms or {}).get(a, ())}
        if not found or "" in found:  # unknown, or a classmate of no particular form has it
            return ""
        named = [x for x in sorted(found) if (site := form_site(x)) and site.search(words)]
        return named[0] if len(named) == 1 else ""  # the one form its words name

    systemic = any(form_of_code(c) is None for c in atc.split())
    out = []
    for k in sorted(groups, key=rank):
        shape, other = form(k), False
        if shape:
            other = systemic
        elif shape := route_form(groups[k][0], atc, routes):  # by its words: an injection's
            other = True
        leaf = next((x for x in groups[k][1] if is_leaflet(x)), None)
        out.append(Item(text=groups[k][0] + (f" (as {shape})" if shape else ""), key=k,
                        form=shape, other_form=other,
                        fact_ids=[x.id for x in groups[k][1]],
                        support=None if classmates is None else support.get(k, 0),
                        lead=lead(k), checked=agree(k) >= 2,
                        source=cited(leaf) if leaf is not None else ""))
    return _without_restated(out)


def _without_restated(items: list[Item]) -> list[Item]:
    """Without a dataset use that a reviewed use already says in more words: lansoprazole's
    "Acid reflux (GORD)" under "Heartburn and acid reflux (GORD)" (review 21); "stroke" under
    "to lower the risk of stroke" too, prevention never shown as treatment. A dataset use
    that refines a reviewed one ("back pain" beside "pain") stays."""
    said = [n for i in items if i.source for n in _names(i)]
    return [i for i in items if i.source or not any(
        a in b or _within(_core(a), _core(b)) for a in _names(i) for b in said)]


def sense_form(words: str, atc: str) -> str:
    """The eye or ear drops (WHO ATC S) a medicine taken by mouth or injected also comes in,
    when a use's words name that sense organ (form_classes.txt sites), else "". Such a use is
    the drops' whatever the medicine's classmates say: ketorolac (M01AB15, S01BC05) kept
    "allergic conjunctivitis" on its tablets' first line because ibuprofen, a classmate of
    no particular form, has the same DrugCentral row (review 10)."""
    codes = atc.upper().split()
    if not any(form_of_code(c) is None for c in codes):  # drops only: every use is theirs
        return ""
    named = {form for c in codes if c.startswith("S") and (form := form_of_code(c))
             and (site := form_site(form)) and site.search(words)}
    return named.pop() if len(named) == 1 else ""


_LINE_NO = re.compile(r" line (\d+) ")


def _leaflet_line(fact: Fact) -> int:
    """A leaflet fact's row in leaflet_facts.txt (its locator), for keeping the rows' order."""
    m = _LINE_NO.search(fact.locator or "")
    return int(m.group(1)) if m else 0


# a bracket that qualifies a use, never dropped to save room ("little proof it helps")
_CAVEAT = re.compile(r"proof|evidence|doctor|medical care|as an? |tablets|with ", re.IGNORECASE)


def short_use(text: str) -> str:
    """A use without its explaining brackets, to fit a line naming several ingredients'
    uses: "chest infections (including pneumonia)" → "chest infections"; a bracket that
    qualifies the use (a caveat, a form, "with misoprostol") stays."""
    out = re.sub(r"\s*\(([^)]*)\)", lambda m: m.group(0) if _CAVEAT.search(m.group(1))
                 else "", text).strip()
    return out or text


def bare_use(text: str) -> str:
    """A use without any bracket, caveats too, for the tightest line: its Usage section
    keeps the whole wording."""
    return re.sub(r"\s*\([^)]*\)", "", text).strip() or text


def reviewed_use(item: Item) -> bool:
    """A use a reviewed leaflet row gives (leaflet_facts.txt, kind `use`) and that leads."""
    return item.lead is not None and bool(item.source)


# a list line's word for a product form → a word of that form's wording (form_classes.txt,
# form_words.txt): "Lorazepam Injection" means the injection, "Terbinafine Cream" the cream
_LINE_FORMS = (
    (re.compile(r"\b(?:inj(?:ection)?s?|vials?|amp(?:oule)?s?|infusion|i\.?v\.?)\b", re.I),
     "injection"),
    (re.compile(r"\b(?:creams?|ointments?|gels?|lotions?|topical)\b", re.I), "cream"),
    (re.compile(r"\b(?:eye|ophthalmic)\b", re.I), "eye"),
    (re.compile(r"\b(?:ear|otic)\b", re.I), "ear"),
    (re.compile(r"\b(?:vaginal|pessar(?:y|ies))\b", re.I), "vaginal"),
    (re.compile(r"\b(?:nasal|nose)\b", re.I), "nose"),
    (re.compile(r"\b(?:patch(?:es)?|transdermal)\b", re.I), "patch"),
)


def line_form(inputs: Sequence[str]) -> str:
    """The one product form every list line of a page names ("injection", "cream"), else
    "" (a plain name, or lines naming different forms)."""
    found = {word for line in inputs for pattern, word in _LINE_FORMS if pattern.search(line)}
    named = all(any(p.search(line) for p, _ in _LINE_FORMS) for line in inputs)
    return found.pop() if inputs and named and len(found) == 1 else ""


def for_line(items: Sequence[Item], form: str) -> list[Item]:
    """A single medicine's uses for the form its list line names: that form's uses lead the
    key facts (no longer kept off as another form's), the other forms' uses stay off;
    unchanged when the line names no form or no use is of it ("a form word in the line
    wins": review 9)."""
    mine = [i for i in items if form and form in i.form]
    if not mine:
        return list(items)
    # a reviewed leaflet use the page form kept as its own (page_form.for_form: no other
    # form in its words or its leaflet's title) still leads (fluocinolone cream's eczema,
    # cards6-c); the others no longer lead: a reviewed lead of no form (main_uses.txt) is
    # the usual form's ("Ketorolac eye drops" is not for pain after an injury)
    kept = [i for i in items if i not in mine and reviewed_use(i) and not i.form
            and not i.other_form and not i.off_page]
    others = [i.model_copy(update={"other_form": bool(i.form) or i.other_form, "lead": None})
              for i in items if i not in mine and i not in kept]
    return kept + [i.model_copy(update={"other_form": False}) for i in mine] + others


def _names(item: Item) -> list[str]:
    """A use's wording and its gloss as separate names: "allergic rhinitis (hay fever)";
    never its product form."""
    text = item.text.removesuffix(f" (as {item.form})") if item.form else item.text
    return [_words(n) for n in [_BRACKETS.sub("", text), *re.findall(r"\(([^)]*)\)", text)]
            if n.strip()]


def _core(name: str) -> list[str]:
    """A use's words for comparing, prevention of it counted as it ("to prevent vitamin
    deficiency" is "vitamin deficiency")."""
    return name.strip().removeprefix("to prevent ").split()


def _within(short: list[str], long: list[str]) -> bool:
    """Whether `short`'s words appear in `long` in order ("vitamin deficiency" in "vitamin a
    deficiency")."""
    it = iter(long)
    return all(w in it for w in short)


def _same_use(a: str, b: str) -> bool:
    """Whether two use names (padded words, see _words) say one use, or one refines the other:
    one inside the other ("bulimia" / "bulimia nervosa"), or one's words in the other's in
    order, prevention counted as the use ("vitamin a deficiency", "vitamin deficiency", "to
    prevent vitamin deficiency": review 8). Not a "to lower the risk of …" against a
    treatment: aspirin's "heart attack" is another use than lowering its risk."""
    if a in b or b in a:
        return True
    x, y = _core(a), _core(b)
    if not x or not y or "to" in (x[0], y[0]):
        return False
    return _within(x, y) or _within(y, x)


def key_uses(items: Sequence[Item], limit: int = 3) -> list[Item]:
    """The few uses for the key-facts line: the first ones, skipping a use that refines, is
    refined by or is named like one already chosen ("bulimia nervosa" after "bulimia";
    "hay fever (seasonal allergic rhinitis)" after "allergic rhinitis (hay fever)"), and a
    symptom that is part of another use it could show ("sneezing" beside "hay fever":
    use_parts.txt).
    When its class shares some of a medicine's uses, a use no classmate has stays off the
    box (phenobarbital: seizures and insomnia, not the "high blood pressure" an old US label
    lists); the Usage section still shows it. A use of one product form stays off the box
    while the medicine has uses of no particular form (tacrolimus capsules' transplants, not
    the ointment's eczema). A use main_uses.txt sets to lead is always taken ("period pain"
    and "pain" for mefenamic acid). A medicine with reviewed leaflet uses (leaflet_facts.txt,
    kind `use`) shows those alone: they are its main uses, reviewed as a whole."""
    if any(not item.off_page for item in items):  # another form's (page_form), while the
        items = [item for item in items if not item.off_page]  # page's form has a use
    reviewed = [item for item in items if reviewed_use(item)]
    if reviewed:  # a reviewed leaflet's main uses are the whole line, in their order
        return reviewed[:limit]
    out: list[Item] = []
    backed = any(item.support for item in items)
    # a medicine also taken by mouth or injected: its other forms' uses stay off the line
    # while it has a use of its own to show
    formless = any(not item.other_form and not (backed and item.support == 0)
                   for item in items)
    parts = use_parts()
    shown = {n.strip() for item in items if item.lead is not None or not (
        backed and item.support == 0 or (formless and item.other_form)) for n in _names(item)}
    for item in items:
        if item.lead is not None:  # reviewed to lead (main_uses.txt): never skipped
            out.append(item)
            if len(out) == limit:
                break
            continue
        if backed and item.support == 0 and not item.checked or (formless and item.other_form):
            continue
        mine = _names(item)
        if any(_same_use(a, b) for o in out for a in mine for b in _names(o)):
            continue
        if parts.get(item.key, frozenset()) & shown:  # its disease is there, before or after
            continue
        out.append(item)
        if len(out) == limit:
            break
    return out


def class_purpose_item(atc: str, facts: Iterable[Fact], kind: str | None = None,
                       kind_atc: str = "") -> Item | None:
    """What a medicine's WHO ATC class is for (class_purposes.txt), for a page no source gives
    a use for: cites its WHO ATC class facts (when the licence filter kept them); `source`
    names the group for the Usage sentence. Never when the page names another kind of
    medicine than its WHO ATC class (`kind`, against the plain class of `kind_atc`): inositol
    is filed under A11 vitamins, but NIH ODS does not count it as one, and its page says
    "micronutrient" (review 12: "Medicines of its kind are used for: a lack of vitamins").
    A main-use class (main_classes.txt) speaks for the medicine: furazolidone's only code is a
    vaginal one, but it is a gut medicine (review 36: "used for: vaginal infections")."""
    codes = atc.upper().split()
    main = kind_atc.upper() if kind_atc and not set(kind_atc.upper().split()) <= set(codes) else ""
    hit = class_purpose(main or atc)
    if hit is None:
        return None
    if kind is not None:
        plain = plain_class(kind_atc or atc)
        if plain is not None and key(kind) != key(plain) and key(kind) != key(
                f"medicine that {plain}"):
            return None
    purpose, prefix = hit
    code = next((c for c in codes if c.startswith(prefix)), "")
    if not code:  # WHO does not file it in its main-use class: cite no group it is not in
        return None
    ids = [f.id for f in facts if f.kind == FactKind.CLASS and f.source_id == "who-atc"
           and code.startswith((f.locator.split() + ["", "?"])[1])]  # "ATC A03A (via …)"
    return Item(text=purpose, fact_ids=ids, source=(
        f"WHO ATC/DDD Index, group {prefix}: https://atcddd.fhi.no/atc_ddd_index/?code={prefix}"))


def corroborated(fact: Fact) -> bool:
    """A use checked beyond one source's say-so: LabeledIn (expert-curated), or a DrugCentral
    indication that SIDER or the medicine's class backs. A medicine with any such use shows
    only those: an uncorroborated DrugCentral row is wrong about one time in ten (lithium
    carbonate "for rheumatoid arthritis", from another lithium salt), and a false use on a
    page is the worst error there is."""
    if fact.source_id != "drugcentral":
        return True
    return not fact.locator.endswith("(uncorroborated)")


def use_keys(facts: Iterable[Fact]) -> set[str]:
    """The source terms and plain words of a medicine's uses: never its side effects."""
    out: set[str] = set()
    for f in facts:
        if f.kind == FactKind.USE:
            out |= {key(f.value), key(f.plain)}
    return out


def shared_uses(per_drug: list[list[Item]]) -> list[Item]:
    """Uses every ingredient of a combination has (ranked as the first ingredient ranks them),
    each citing every ingredient's facts."""
    if not per_drug or not all(per_drug):
        return []
    common = set.intersection(*({i.key for i in items} for items in per_drug))
    out = []
    for item in per_drug[0]:
        if item.key in common:
            ids = [fid for items in per_drug for i in items if i.key == item.key
                   for fid in i.fact_ids]
            out.append(item.model_copy(update={"fact_ids": ids}))
    return out
