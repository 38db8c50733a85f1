"""The reviewed rule tables behind the monograph stage, read from monographs/data/.

Each file is text, one row per rule with its note, so a pharmacist can review and extend
them without touching code. Terms are compared case-insensitively.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from ..knowledge.vocab_terms import EFFECTS
from ..knowledge.vocabulary import plain_condition

DATA = Path(__file__).resolve().parent / "data"
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)
def key(term: str) -> str:
    """A term's lookup key; cached (asked ~280,000 times a build)."""
    return _SPACE.sub(" ", term).strip().casefold()


def _rows(name: str, columns: int) -> list[list[str]]:
    """Rows of a "a | b | c" file: comments and blank lines skipped, short rows ignored."""
    out = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split(" | ")]
        if len(cells) >= columns and all(cells[:columns]):
            out.append(cells[:columns])
    return out


def _glob(pattern: str) -> re.Pattern[str]:
    return re.compile("".join(".*" if c == "*" else re.escape(c) for c in key(pattern)) + r"\Z")


@lru_cache(maxsize=1)
def serious_terms() -> dict[str, tuple[str, str]]:
    """MedDRA term → (the sign in a few plain words, reviewer's note), for "get medical help
    at once if"."""
    return {key(t): (short, note) for t, short, note in _rows("serious_terms.txt", 3)}


@lru_cache(maxsize=1)
def _form_patterns() -> list[tuple[re.Pattern[str], str]]:
    return [(_glob(p), group) for p, group, _ in _rows("form_terms.txt", 3)]


@lru_cache(maxsize=1)
def _main_patterns() -> list[tuple[re.Pattern[str], str]]:
    return [(_glob(p), why) for p, why, _ in _rows("not_on_main.txt", 3)]


@lru_cache(maxsize=1 << 14)
def form_group(term: str) -> str | None:
    """The form or population a term belongs to (injection, skin, eye, newborn, ...)."""
    k = key(term)
    return next((g for pat, g in _form_patterns() if pat.match(k)), None)


@lru_cache(maxsize=1 << 14)
def off_main(term: str) -> str | None:
    """Why a term never makes the main list (lab, procedure, vague), else None."""
    k = key(term)
    why = next((w for pat, w in _main_patterns() if pat.match(k)), None)
    return None if why == "keep" else why


@lru_cache(maxsize=1)
def own_plain_terms() -> dict[str, str]:
    """Our own table of plain words (plain_terms.txt), side-effect and use terms alike."""
    own = {}
    for line in (DATA / "plain_terms.txt").read_text(encoding="utf-8").splitlines():
        term, sep, plain = line.partition(" = ")
        if sep and plain.strip() and not line.startswith("#"):
            own[key(term)] = plain.strip()
    return own


@lru_cache(maxsize=1)
def plain_terms() -> dict[str, str]:
    """Plain words for clinical terms: the shared vocabulary first, then our own table."""
    return own_plain_terms() | dict(EFFECTS)


_PREVENT = re.compile(r"^(?:prevention|prophylaxis) of (?P<a>.+)$|^prevent (?P<b>.+)$"
                      r"|^(?P<c>.+?) (?:prevention|prophylaxis)$")
_INFECTION_AFTER = re.compile(r"^(?P<what>.+?) infection$")
_REJECTION = re.compile(r"^(?P<organ>[\w-]+) (?:transplant|allograft) rejection$")
_ORGANS = {"cardiac": "heart", "renal": "kidney", "hepatic": "liver"}


def _rejection(term: str) -> str | None:
    """"kidney transplant rejection" → "rejection of a kidney transplant"."""
    m = _REJECTION.match(term)
    if not m:
        return None
    organ = _ORGANS.get(m["organ"], m["organ"])
    return f"rejection of {'an' if organ[:1] in 'aeiou' else 'a'} {organ} transplant"


def prevention_words(term: str) -> str | None:
    """A use the source names as prevention, worded as prevention whatever its table rows:
    "Knee Replacement Deep Vein Thrombosis Prevention", "Prevention of Stress Ulcer" →
    "to prevent …" (review 7: rivaroxaban's only use read as a treatment). A transplant
    "rejection" use is always prevention: transplant medicines are taken every day to stop
    the body rejecting the organ (tacrolimus, review 7)."""
    k = key(term)
    reject = _rejection(k)
    if reject:
        return "to prevent " + reject
    m = _PREVENT.match(k)
    if not m:
        return None
    rest = (m["a"] or m["b"] or m["c"]).strip()
    if rest in prevention():
        return prevention()[rest]
    reject = _rejection(rest)
    if reject:
        return "to prevent " + reject
    after = _INFECTION_AFTER.match(rest)
    if after and m["c"] and after["what"] not in ("urinary tract", "skin", "wound"):
        return f"to prevent infection after {after['what']}"  # "colorectal surgery infection"
    return "to prevent " + (own_plain_terms().get(rest) or plain_term(rest)
                            or plain_condition(rest) or rest)


def use_words(term: str, plain: str, dissolves: bool = False) -> str:
    """How a use is worded: as prevention (prevention.txt, then `prevention_words`), else our
    plain words for its source term (plain_terms.txt: "dyspnea" is "breathlessness"), else
    the KB's words. `dissolves`: a clot-dissolving medicine treats a clot, never prevents
    one (alteplase's "Pulmonary Embolism" read "to treat and prevent blood clots", k24d)."""
    k = key(term)
    if dissolves and k in _CLOTS:
        return _CLOTS[k]
    return prevention().get(k) or prevention_words(term) or own_plain_terms().get(k) \
        or plain.strip()


# a clot's name as a clot-dissolving medicine treats it
_CLOTS = {"pulmonary embolism": "to dissolve blood clots in the lungs",
          "thromboembolism": "to dissolve blood clots",
          "venous thrombosis": "to dissolve blood clots in the veins",
          "deep venous thrombosis": "to dissolve blood clots in the leg veins",
          "thrombosis": "to dissolve blood clots"}
THROMBOLYTICS = "B01AD"  # WHO ATC: enzymes that dissolve clots (alteplase, streptokinase)


def plain_term(term: str) -> str | None:
    """Plain words for a clinical term, or None when no reviewed table has it."""
    return plain_terms().get(key(term))


@lru_cache(maxsize=1)
def prevention() -> dict[str, str]:
    """Use term → its wording as prevention ("to lower the risk of stroke")."""
    return {key(t): words for t, words, _ in _rows("prevention.txt", 3)}


USE_ROLES = ("symptom", "outcome", "broad")


@lru_cache(maxsize=1)
def _use_roles() -> dict[str, str]:
    out = {}
    for term, role, _ in _rows("use_terms.txt", 3):
        if role not in USE_ROLES:
            raise ValueError(f"use_terms.txt: unknown role {role!r} for {term}")
        out[key(term)] = role
    return out


def use_role(term: str) -> str | None:
    """"symptom", "outcome" or "broad" for a use term that is not a disease
    (use_terms.txt), else None."""
    return _use_roles().get(key(term))


@lru_cache(maxsize=1)
def _not_uses() -> list[tuple[tuple[str, ...], bool, str, str]]:
    """(ATC prefixes or a name, whether the prefixes are exceptions, scope name, term)."""
    out = []
    for scope, term, _ in _rows("not_uses.txt", 3):
        if scope.startswith("all except "):
            codes = tuple(c[4:].upper() for c in scope[11:].split() if c.startswith("atc:"))
            if not codes:
                raise ValueError(f"not_uses.txt: no atc: prefix in {scope!r}")
            out.append((codes, True, "", key(term)))
        elif scope.startswith("atc:"):
            out.append(((scope[4:].strip().upper(),), False, "", key(term)))
        else:
            out.append(((), False, key(scope), key(term)))
    return out


def not_a_use(term: str, name: str, atc: str = "", reviewed: bool = False) -> bool:
    """Whether a source's use term is a reviewed mis-extraction or a use of an old
    combination product for this medicine (not_uses.txt): never shown. "*" (every use the
    datasets give it) never reaches a `reviewed` leaflet use, written for this medicine
    (tazobactam: "with piperacillin, …", cards6-a and cards8-c)."""
    k, codes = key(term), atc.upper().split()
    for prefixes, exception, scope, t in _not_uses():
        if t not in (k, "*") or (t == "*" and reviewed):  # "*": every use the sources give
            continue
        if scope:
            if scope == key(name):
                return True
        elif exception:  # a medicine with no WHO ATC code: its class is unknown, kept
            if codes and not any(c.startswith(p) for c in codes for p in prefixes):
                return True
        elif any(c.startswith(p) for c in codes for p in prefixes):
            return True
    return False


RECORD_LEVELS = ("contraindicated", "major", "class-serious", "conditional", "moderate", "class",
                 "minor")  # major: an "avoid" pair record (fc26b, fc26c)
_RECORD_NO = re.compile(r"\brecord (\d+)\b")


@lru_cache(maxsize=1)
def reviewed_records() -> dict[str, tuple[str, str]]:
    """ANSM record number → (level to show, what happens or ""): records whose own level
    misleads, family records above all (ansm_records.txt)."""
    out = {}
    for number, level, sentence, _ in _rows("ansm_records.txt", 4):
        if level not in RECORD_LEVELS:
            raise ValueError(f"ansm_records.txt: unknown level {level!r} for {number}")
        out[number] = (level, "" if sentence == "-" else sentence)
    return out


@lru_cache(maxsize=1 << 14)
def reviewed_record(locator: str) -> tuple[str, str] | None:
    """The reviewed row of the ANSM record a fact's locator names, if any (cached: long
    locators, searched ~23,000 times a build)."""
    m = _RECORD_NO.search(locator)
    return reviewed_records().get(m.group(1)) if m else None


@lru_cache(maxsize=1)
def emergency_terms() -> tuple[frozenset[str], dict[str, tuple[str, ...]]]:
    """(general emergencies, serious term → WHO ATC prefixes of the classes known for it):
    which SIDER-only serious reactions may lead the first screen (emergency_terms.txt)."""
    general: set[str] = set()
    classes: dict[str, tuple[str, ...]] = {}
    for term, scope, _ in _rows("emergency_terms.txt", 3):
        if scope == "*":
            general.add(key(term))
        else:
            classes[key(term)] = classes.get(key(term), ()) + tuple(scope.upper().split())
    return frozenset(general), classes


@lru_cache(maxsize=1)
def population_products() -> dict[str, str]:
    """Preferred name → the population (newborn, premature) its datasets' label is for."""
    return {key(n): pop for n, pop, _ in _rows("population_products.txt", 3)}


@lru_cache(maxsize=1)
def same_ingredient() -> dict[str, tuple[str, str]]:
    """Ingredient preferred name → (message, public source)."""
    return {key(n): (msg, src) for n, msg, src in _rows("same_ingredient.txt", 3)}


# breastfeeding (issue 10, review 7): a reviewed answer instead of "not covered", never a
# first-screen line
# pregnancy_use: a medicine routinely used in pregnancy (iron, heparins, paracetamol), said
# positively; it answers the pregnancy question but is never a "Most important" line
# how_to_take (round 13): the one practical instruction a leaflet leads with ("take it on an
# empty stomach", "as soon as the migraine starts"): the first screen's "How to take it" line
# must_not (round 32): one "who must not take it" item (must_not.txt, merged into one list
# per page by must_not.merged)
KEY_MESSAGE_TOPICS = ("high_alert", "pregnancy", "overdose", "breastfeeding", "pregnancy_use",
                      "how_to_take", "must_not")


# topics a page answers once, from the most specific row (a medicine's own, else its
# narrowest class): three pregnancy lines for carbamazepine (its own, N03AF, N03A) repeated
# one another
SINGLE_ANSWER_TOPICS = frozenset({"pregnancy", "breastfeeding", "pregnancy_use", "how_to_take"})


@lru_cache(maxsize=1)
def key_messages() -> dict[str, list[tuple[str, str, str]]]:
    """Ingredient preferred name → [(topic, message, public source)]: the leading safety
    messages of high-risk medicines (key_messages.txt)."""
    from .label_warnings import must_not_rows  # lazy: it reads this module's tables

    out: dict[str, list[tuple[str, str, str]]] = {}
    rows = _rows("key_messages.txt", 4) + [
        [name, "must_not", msg, src] for name, msg, src in _rows("must_not.txt", 3)] \
        + must_not_rows()
    for name, topic, msg, src in rows:
        if topic not in KEY_MESSAGE_TOPICS:
            raise ValueError(f"key_messages.txt: unknown topic {topic!r} for {name}")
        k = combination_key(name.split(" + ")) if " + " in name else \
            "atc:" + " ".join(name[4:].split()).upper() if name.startswith("atc:") \
            else key(name)
        out.setdefault(k, []).append((topic, msg, src))
    return out


def _part(name: str) -> str:
    return "atc:" + " ".join(name.strip()[4:].split()).upper() \
        if name.strip().startswith("atc:") else key(name)


def combination_key(names: Iterable[str]) -> str:
    """A combination row's name: its parts in any order ("clotrimazole + beclometasone" and
    "beclometasone + clotrimazole" are one product). A part is a preferred name or an
    "atc:PREFIX" class; a last part "..." lets the product have more ingredients. A warning
    that belongs to the product, never to an ingredient on its own pages (review 16: a
    steroid in an antifungal cream and ringworm; chlorphenamine with phenylephrine)."""
    parts = [_part(n) for n in names]
    rest = [p for p in parts if p != "..."]
    return " + ".join(sorted(rest) + (["..."] if len(rest) < len(parts) else []))


def _fits(part: str, name: str, atc: str) -> bool:
    return _in_class(part, _codes(atc)) if part.startswith("atc:") \
        else part == key(name)


@lru_cache(maxsize=1 << 12)
def _codes(atc: str) -> tuple[str, ...]:
    """A medicine's space-separated WHO ATC codes, upper case; cached (the same few
    thousand strings are matched against every rule row)."""
    return tuple(atc.upper().split())


@lru_cache(maxsize=1 << 10)
def _row_parts(row: str) -> tuple[tuple[str, ...], bool, frozenset[str]]:
    """A combination row's parts, whether it is open (ends in "...") and its named parts
    (those not "atc:" classes)."""
    parts = row.split(" + ")
    open_ = parts[-1] == "..."
    parts = parts[:-1] if open_ else parts
    return tuple(parts), open_, frozenset(p for p in parts if not p.startswith("atc:"))


def _matches(row: str, ingredients: Sequence[tuple[str, str]],
             names: frozenset[str] | None = None) -> bool:
    """Whether a combination row's parts each fit a different ingredient ((preferred name,
    WHO ATC codes)), and every ingredient is one of them unless the row ends in "..."
    (`names`: the ingredients' name keys, when the caller has them)."""
    parts, open_, named = _row_parts(row)
    if len(parts) > len(ingredients) or (not open_ and len(parts) != len(ingredients)):
        return False
    if not named <= (names if names is not None else {key(n) for n, _ in ingredients}):
        return False  # a part names a medicine the product does not have
    # which ingredients each part fits, asked once (the search below asks again and again)
    fits = [frozenset(j for j in range(len(ingredients)) if _fits(part, *ingredients[j]))
            for part in parts]
    if not all(fits):
        return False

    def place(i: int, used: frozenset[int]) -> bool:
        if i == len(parts):
            return True
        return any(j not in used and j in fits[i]
                   and place(i + 1, used | {j}) for j in range(len(ingredients)))

    return place(0, frozenset())


def combination_messages_for(ingredients: Sequence[tuple[str, str]]
                             ) -> list[tuple[str, str, str]]:
    """The key messages of a combination product (rows naming "a + b", see
    combination_key): exact rows first, then open ones, file order within each."""
    rows = key_messages()
    names = frozenset(key(n) for n, _ in ingredients)
    hits = [k for k in _combination_rows(rows) if _matches(k, ingredients, names)]
    hits.sort(key=lambda k: k.endswith(" + ..."))
    seen: set[str] = set()
    out = []
    for k in hits:
        for row in rows[k]:
            if key(row[1]) not in seen:
                seen.add(key(row[1]))
                out.append(row)
    return out


@lru_cache(maxsize=1 << 12)
def class_codes(k: str) -> tuple[str, tuple[str, ...]]:
    """A class row's name "atc:N05BA !N05BA09" → ("N05BA", ("N05BA09",)): the WHO ATC prefix
    it applies to and the members it does not (a class's advice that depends on the use:
    benzodiazepines "a few weeks at most" is wrong for clobazam taken long-term for
    epilepsy, review 11). Cached: a pure function of the row's name."""
    parts = k[4:].split()
    return parts[0], tuple(p[1:] for p in parts[1:] if p.startswith("!"))


def _in_class(k: str, codes: Sequence[str]) -> bool:
    prefix, but = class_codes(k)
    return any(c.startswith(prefix) for c in codes) and \
        not any(c.startswith(b) for c in codes for b in but)


class _RowIndex:
    """A rule table's rows parsed once: its class rows ("atc:…", not a combination's) by
    WHO ATC prefix with their file position, and its combination rows ("a + b")."""

    def __init__(self, rows: Iterable[str]) -> None:
        self.by_prefix: dict[str, list[tuple[int, str, tuple[str, ...]]]] = {}
        self.combinations: list[str] = []
        for n, k in enumerate(rows):
            if " + " in k:
                self.combinations.append(k)
            elif k.startswith("atc:"):
                prefix, but = class_codes(k)
                self.by_prefix.setdefault(prefix, []).append((n, k, but))

    def classes(self, codes: Sequence[str]) -> list[str]:
        """The class rows one of `codes` falls in (and none is excluded from), the longest
        prefix first, file order within a length."""
        hits: dict[int, tuple[int, str]] = {}
        for c in codes:
            for end in range(1, len(c) + 1):
                for n, k, but in self.by_prefix.get(c[:end], ()):
                    if not any(x.startswith(b) for x in codes for b in but):
                        hits[n] = (end, k)
        return [k for _, (_, k) in sorted(hits.items(), key=lambda h: (-h[1][0], h[0]))]


_INDEXES: list[tuple[object, _RowIndex]] = []  # (the table object, its index); a few kept


def _index(rows: Iterable[str]) -> _RowIndex:
    """The index of a rule table, made once per table object: the tables are read once and
    never changed (a test that swaps a table in passes a new object, indexed anew)."""
    for table, index in _INDEXES:
        if table is rows:
            return index
    index = _RowIndex(rows)
    _INDEXES[:] = [*_INDEXES[-7:], (rows, index)]  # holding the table keeps its id unique
    return index


def _combination_rows(rows: Iterable[str]) -> list[str]:
    return _index(rows).combinations


def _classes(rows: Iterable[str], atc: str) -> list[str]:
    """The class rows ("atc:…") whose class one of the codes in `atc` falls in, the most
    specific prefix first (file order within a length); exclusions do not count to length."""
    # a combination row whose first part is a class ("atc:C09A + atc:C09C + ...") is the
    # product's, never a class row: it reached every ACE inhibitor's own page (combo6-c)
    return _index(rows).classes(_codes(atc))


def _long_words(text: str) -> set[str]:
    return {w[:6] for w in re.findall(r"[a-z]{5,}", text.casefold())}


def _said_again(row: tuple[str, str, str], earlier: list[tuple[str, str, str]]) -> bool:
    """A class row of a topic that an earlier row of the same topic already says in most of
    its long words (85 %): magnesium oxide's own overdose row and the antacids' (k30c: two
    "Overdose" lines on one first screen)."""
    mine = _long_words(row[1])
    return len(mine) >= 4 and any(
        t == row[0] and len(mine & _long_words(m)) >= 0.85 * len(mine) for t, m, _ in earlier)


def key_messages_for(name: str, atc: str = "") -> list[tuple[str, str, str]]:
    """The key messages of a medicine: its own rows, then those of every ATC class one of
    its codes (space-separated) falls in, the most specific class first (a page's first
    screen shows the first message of a topic); each message once."""
    rows = key_messages()
    seen: set[str] = set()
    answered: set[str] = set()  # pregnancy / breastfeeding: the most specific answer only
    out: list[tuple[str, str, str]] = []
    # stable: file order within a length
    for k in [key(name), *_classes(rows, atc)]:
        group = rows.get(k, [])
        for row in group:  # the same words under two classes (NSAIDs) say it once
            if key(row[1]) not in seen and row[0] not in answered \
                    and not (k != key(name) and _said_again(row, out)):
                seen.add(key(row[1]))
                out.append(row)
        # methotrexate's own pregnancy row, then the antimetabolites', then… said once
        answered |= {t for t, _, _ in group if t in SINGLE_ANSWER_TOPICS}
        if answered & {"pregnancy", "pregnancy_use"}:  # either answers the question
            answered |= {"pregnancy", "pregnancy_use"}
    return out


@lru_cache(maxsize=1)
def signature_effects() -> dict[str, tuple[str, frozenset[str], str]]:
    """Preferred name or "atc:PREFIX" → (plain words, MedDRA term keys, public source): the
    side effects a medicine or class is known for (signature_effects.txt)."""
    out: dict[str, tuple[str, frozenset[str], str]] = {}
    for name, words, terms, src in _rows("signature_effects.txt", 4):
        k = "atc:" + name[4:].strip().upper() if name.startswith("atc:") else key(name)
        out[k] = (words, frozenset(key(t) for t in terms.split(",") if t.strip()), src)
    return out


def signature_for(name: str, atc: str = "") -> tuple[str, frozenset[str], str] | None:
    """One signature line: the medicine's own row, else its most specific class's."""
    rows = signature_effects()
    if key(name) in rows:
        return rows[key(name)]
    classes = _classes(rows, atc)
    return rows[classes[0]] if classes else None


@lru_cache(maxsize=1)
def plain_classes() -> dict[str, str]:
    """WHO ATC prefix → the kind of medicine in plain words (plain_classes.txt)."""
    return {prefix.upper(): words for prefix, words in _rows("plain_classes.txt", 2)}


def plain_class(atc: str) -> str | None:
    """The plain kind of medicine of the longest prefix one of its ATC codes starts with."""
    codes = atc.upper().split()
    hits = [p for p in plain_classes() if any(c.startswith(p) for c in codes)]
    return plain_classes()[max(hits, key=len)] if hits else None


@lru_cache(maxsize=1)
def _partner_groups() -> dict[str, str]:
    return {prefix.upper(): words for prefix, words in _rows("partner_groups.txt", 2)}


def partner_group(atcs: Sequence[str]) -> str | None:
    """The plain plural name of the longest WHO ATC group every one of several interacting
    medicines (their codes, space-separated) is in (partner_groups.txt), if any."""
    groups = _partner_groups()
    shared = [p for p in groups if all(any(c.startswith(p) for c in a.upper().split())
                                         for a in atcs)]
    return groups[max(shared, key=len)] if atcs and shared else None


@lru_cache(maxsize=1)
def main_uses() -> dict[str, list[str]]:
    """Preferred name → the source terms (keys) of the uses that lead its key facts, in order
    (main_uses.txt: a reviewed reordering of the medicine's own use facts)."""
    return {key(name): [key(t) for t in terms.split(";") if t.strip()]
            for name, terms, _, _ in _rows("main_uses.txt", 4)}


@lru_cache(maxsize=1)
def use_parts() -> dict[str, frozenset[str]]:
    """Symptom use (plain key) → the uses it is part of (use_parts.txt)."""
    return {key(s): frozenset(key(u) for u in uses.split(";") if u.strip())
            for s, uses, _ in _rows("use_parts.txt", 3)}


@lru_cache(maxsize=1)
def _form_classes() -> dict[str, tuple[str, str]]:
    return {p.upper(): (form, sites) for p, form, sites, _ in _rows("form_classes.txt", 4)}


def form_of_code(code: str) -> str | None:
    """The product form a WHO ATC code's medicines come in, worded after "as" (a skin
    cream or ointment), or None for medicines taken by mouth or injected
    (form_classes.txt: the longest prefix wins)."""
    table = _form_classes()
    hits = [p for p in table if code.upper().startswith(p)]
    form = table[max(hits, key=len)][0] if hits else "-"
    return None if form == "-" else form


@lru_cache(maxsize=64)
def form_site(form: str) -> re.Pattern[str] | None:
    """The body-part words a use of `form` names (form_classes.txt), None: unknown form."""
    for f, sites in _form_classes().values():
        if f == form and sites != "-":
            return re.compile(sites, re.IGNORECASE)
    return None


@lru_cache(maxsize=1)
def nutrients() -> list[tuple[str, tuple[str, ...], str]]:
    """(nutrient as a use term names it, medicine names that are it, "vitamin"/"mineral")."""
    return [(key(n), tuple(key(m) for m in names.split(";") if m.strip()), kind)
            for n, names, kind in _rows("nutrients.txt", 3)]


@lru_cache(maxsize=1)
def _class_purposes() -> dict[str, str]:
    return {p.upper(): purpose for p, purpose, _ in _rows("class_purposes.txt", 3)}


def class_purpose(atc: str) -> tuple[str, str] | None:
    """(what a medicine of its WHO ATC class is for, the matching prefix) by the longest
    prefix one of its codes starts with (class_purposes.txt), else None."""
    codes = atc.upper().split()
    table = _class_purposes()
    hits = [p for p in table if any(c.startswith(p) for c in codes)]
    if not hits:
        return None
    best = max(hits, key=len)
    return table[best], best


@lru_cache(maxsize=1)
def _approval_terms() -> tuple[re.Pattern[str], dict[str, str]]:
    rows = {w: plain for w, plain, _ in _rows("approval_terms.txt", 3)}
    words = sorted(rows, key=len, reverse=True)
    table = {(w if w.isupper() or any(c.isdigit() for c in w) else w.casefold()): p
             for w, p in rows.items()}
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b",
                      re.IGNORECASE), table


_APPROVAL_LEAD = re.compile(
    r"^(?:and\s+)?(?:(?:it\s+is\s+)?indicated\s+)?(?:for|in)?\s*(?:the\s+)?"
    r"(?:(?:long|short)[\s-]term\s+)?(?:symptomatic\s+)?(?:treatment|management)(?:\s+and\s+(?:treatment|management))?\s+"
    r"(?:of\s+)?(?:(?:adult\s+)?patients\s+(?:with|suffering\s+from)\s+)?|^(?:and\s+)?for\s+(?:the\s+)?"
    r"(?=\S)|^the\s+|^(?:and\s+)?in\s+(?=\S)", re.IGNORECASE)
_APPROVAL_WHO_ARE = re.compile(r",?\s+who\s+are\s+\S.*$", re.IGNORECASE | re.DOTALL)
# "By dermatologist-", "For nephrologists only-", "Anti emetic-": who may prescribe it, or its
# kind, before the use
_APPROVAL_WHO = re.compile(r"^(?:(?:by|for)\s+[a-z]+(?:\s+only)?|anti[\s-]?[a-z]+)\s*[-–]\s*"
                           # "Cardiac drug, indicated in …", "Neuroleptic agent- indicated in
                           # …", "Promoted for use in …": the kind or the register's verb
                           r"|^(?:an?\s+)?(?:[a-z]+\s+){0,2}(?:agent|drug|medicine)s?\s*[-–,:]\s*"
                           r"(?:(?:it\s+is\s+|is\s+)?(?:indicated|used)\s+)?"
                           r"|^(?:promoted|recommended)\s+(?:for\s+use\s+)?(?=in\b|for\b)"
                           r"|^[\s*•·]+", re.IGNORECASE)


_NUMBERED = re.compile(r"^\(?(?:\d+|i+|[a-c])[.)]\s+")  # "1. Treatment of …", "i) …"


def plain_approval(text: str) -> str:
    """A CDSCO indication (already without the register's "By RMP-" lead) in plain words:
    its "For the treatment of" lead dropped, abbreviations expanded and typos corrected
    (approval_terms.txt): "For UTI, URTI and LRTI" → "urine infections (UTI), nose, throat
    and sinus infections (URTI) and chest infections (LRTI)"."""
    pattern, table = _approval_terms()
    text = correct_spelling(text)[0]

    def swap(m: re.Match[str]) -> str:
        w = m.group(0)  # an abbreviation only as written in capitals ("UTI", not "uti")
        if m.start() and m.string[m.start() - 1] == "(":  # "reflux disease (GERD)": glossed
            return w
        return table.get(w) or table.get(w.casefold()) or w

    out = _APPROVAL_WHO.sub("", pattern.sub(swap, _NUMBERED.sub("", text.strip())))
    out = _APPROVAL_LEAD.sub("", out).strip().rstrip(".")
    # "Gaucher disease type 1 who are CYP2D6 extensive metabolisers": who the patients are
    # is for the prescriber (the Usage section quotes the register whole; review 19)
    out = _APPROVAL_WHO_ARE.sub("", out).strip() or out
    return out[:1].lower() + out[1:] if out[1:2].islower() else out


@lru_cache(maxsize=1)
def prescriber_phrases() -> list[tuple[re.Pattern[str], str | None]]:
    """(pattern, plain words for the main page or None) of prescriber_phrases.txt: US-label
    sentences written for prescribers, which move to the companion page."""
    return [(re.compile(pattern, re.IGNORECASE), None if plain == "-" else plain)
            for pattern, plain, _ in _rows("prescriber_phrases.txt", 3)]


@lru_cache(maxsize=1)
def _approval_typos() -> tuple[re.Pattern[str], dict[str, str]]:
    rows = {w.casefold(): right for w, right, _ in _rows("approval_typos.txt", 3)}
    words = sorted(rows, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b",
                      re.IGNORECASE), rows


def correct_spelling(text: str) -> tuple[str, bool]:
    """A CDSCO approval's words with the register's misspellings corrected
    (approval_typos.txt), and whether any was."""
    pattern, table = _approval_typos()

    def fix(m: re.Match[str]) -> str:
        right = table[m.group(0).casefold()]
        return right[:1].upper() + right[1:] if m.group(0)[:1].isupper() else right

    fixed = pattern.sub(fix, text)
    return fixed, fixed != text


@lru_cache(maxsize=1)
def _self_injected() -> tuple[str, ...]:
    return tuple(p.upper() for p, _ in _rows("self_injected.txt", 2))


def self_injected(atc: str) -> bool:
    """Whether a code of the medicine is in a group people inject themselves at home
    (self_injected.txt: insulins, GLP-1 pens, heparins, TNF blockers…)."""
    return any(c.startswith(_self_injected()) for c in _codes(atc))


@lru_cache(maxsize=1)
def _treated_illness() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """MedDRA term → (ATC prefixes, ATC codes left out), treated_illness.txt."""
    out: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for term, prefixes, _ in _rows("treated_illness.txt", 3):
        codes = prefixes.upper().split()
        out[key(term)] = (tuple(c for c in codes if not c.startswith("-")),
                          tuple(c[1:] for c in codes if c.startswith("-")))
    return out


def treated_illness(term: str, atc: str) -> bool:
    """A trial term that, for the medicine's class (its WHO ATC codes), is the illness it
    treats or that illness's signs (treated_illness.txt): a blood thinner's chest pain."""
    row = _treated_illness().get(key(term))
    if not row:
        return False
    return any(c.startswith(row[0]) and not c.startswith(row[1]) for c in atc.upper().split())
