"""What kind of medicine it is and how it works, in one plain phrase.

Targets (receptors, enzymes) stay in the JSON: a page says how a medicine works only when
its source names exactly one target the plain vocabulary explains, so research targets
("activates cannabinoid CB1 receptors") never lead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from ..models import Fact, FactKind
from .leaflets import is_leaflet, leaflet_kind
from .model import Item
from .rules import _rows, form_of_code, key, plain_class


@lru_cache(maxsize=1)
def main_classes() -> dict[str, str]:
    """Preferred name → the WHO ATC prefix of its main use (main_classes.txt)."""
    return {key(n): p.strip().upper() for n, p, _, _ in _rows("main_classes.txt", 4)}


@lru_cache(maxsize=1)
def vague_classes() -> dict[str, tuple[str, ...]]:
    """Source class → the ATC prefixes it is right for (empty: never): vague_classes.txt."""
    return {key(c): tuple(p.upper() for p in codes.split() if p != "-")
            for c, codes, _ in _rows("vague_classes.txt", 3)}


@lru_cache(maxsize=1)
def target_sites() -> list[tuple[str, tuple[str, ...]]]:
    """(place words of a target, ATC prefixes of medicines acting there): target_sites.txt."""
    return [(" " + words, tuple(codes.upper().split()))
            for words, codes, _ in _rows("target_sites.txt", 3)]


def kind_codes(name: str, atc: str) -> str:
    """The codes a medicine's kind is read from: the class of its main use (main_classes.txt),
    else its codes for medicines taken by mouth or injected (form_classes.txt), else all:
    retinol is A11CA (vitamin A), not D10AD (a skin retinoid)."""
    main = main_classes().get(key(name))
    if main:
        return main
    codes = atc.split()
    systemic = [c for c in codes if form_of_code(c) is None]
    return " ".join(systemic or codes)


def fits(cls: str, atc: str) -> bool:
    """Whether a source class may name the kind of a medicine with these ATC codes."""
    prefixes = vague_classes().get(key(cls))
    if prefixes is None:
        return True
    codes = atc.upper().split()
    return bool(prefixes) and (not codes or any(c.startswith(prefixes) for c in codes))


def placed(words: str, atc: str) -> str:
    """A target's plain words without a place in the body the medicine does not act in
    (target_sites.txt): "blocks sodium channels in heart cells" on an antiepileptic →
    "blocks sodium channels"."""
    codes = atc.upper().split()
    if not codes:
        return words
    for place, prefixes in target_sites():
        at = words.find(place)
        if at >= 0 and not any(c.startswith(prefixes) for c in codes):
            return words[:at] + words[at + len(place):]
    return words


def _class_rank(f: Fact) -> int:
    """FDA established class first, then WHO ATC, then MeSH pharmacological action."""
    if "FDA EPC" in f.locator:
        return 0
    if f.source_id == "who-atc":
        return 1
    if "MeSH" in f.locator:
        return 2
    return 3


_PLURAL = re.compile(r"(?<=(?:nt|ic|ve|er|or|st|id|de|al|ne|te))s$")
# a source class inverted the way ATC and MeSH file them ("Anesthetics, Local", "Corticosteroids,
# potent (group III)"): the head noun leads the kind, its qualifier is dropped
_INVERTED = re.compile(r"^([^,()]+?s), [^,]+$")
# the plain words of some source classes are what the class does ("increases salt and water
# loss in urine", "dampens the immune system (immunosuppressant)"): after "X is a" they read
# as broken English (review 11: "Tolvaptan is an increases salt …")
_VERBS = frozenset("""acts activates binds blocks boosts calms clears dampens eases fights
helps increases inhibits kills lowers makes narrows opens prevents protects raises reduces
relaxes releases slows speeds stops thins treats widens works""".split())


def singular(text: str) -> str:
    """MeSH names classes in the plural ("Expectorants"); a page says "an expectorant"."""
    inverted = _INVERTED.match(text)
    if inverted:
        text = inverted.group(1)
    return _PLURAL.sub("", text)


def noun_phrase(text: str) -> str:
    """A class's plain words as a noun phrase that reads after "a"/"an": "increases salt and
    water loss in urine" → "medicine that increases salt and water loss in urine"."""
    first = text.split(" ", 1)[0].casefold()
    return f"medicine that {text}" if first in _VERBS else text


_YOU = ("uri", "uni", "use", "usu", "eu")  # "a uric acid enzyme", "a unit", "a eukaryote"


def _article(word: str) -> str:
    low = word.lower()
    return "an" if low[:1] in "aeiou" and not low.startswith(_YOU) else "a"


_NUTRIENT = re.compile(r"^vitamin [A-Z]", re.IGNORECASE)


# a kind named by its product in the plural ("glaucoma eye drops (beta blocker)"): "Timolol
# is used as …", never "is a glaucoma eye drops" (review 32)
_PLURAL_PRODUCT = re.compile(r"^[a-z -]*\b(?:drops|sprays)\b(?:\s*\(|\s+(?:that|for)\b|$)",
                             re.IGNORECASE)


def lead(kind: str) -> str:
    """"a statin", "an antihistamine"; one named vitamin reads "a form of vitamin B3"
    (review 10 read "Niacinamide is a vitamin B3"); "used as eye drops that widen the
    pupil"."""
    if _NUTRIENT.match(kind) and not kind[8:9].islower():
        return f"a form of {kind}"
    if _PLURAL_PRODUCT.match(kind):
        return f"used as {kind}"
    return f"{_article(kind)} {kind}"


def select_kind(facts: Iterable[Fact], atc: str = "", name: str = "") -> Item | None:
    """One plain class for the medicine (the facts wording it the same way all cited): a
    reviewed leaflet `kind` row first (leaflet_facts.txt), then the reviewed plain words of
    the WHO ATC class of its main use (kind_codes, plain_classes.txt), never a raw ATC group
    name ("antihistamines for systemic use") when another source words it plainly, never a
    class vague_classes.txt rules out for it."""
    facts = list(facts)
    reviewed = [f for f in facts
                if f.kind == FactKind.CLASS and is_leaflet(f) and f.plain.strip()]
    if reviewed:  # leaflet_facts.txt names its kind (a supplement with no WHO ATC class)
        text = reviewed[0].plain.strip()
        return Item(text=text, key=key(text), fact_ids=[reviewed[0].id])
    classes = [f for f in facts if f.kind == FactKind.CLASS and f.plain.strip()
               and fits(f.value, atc)]
    plain = plain_class(kind_codes(name, atc))
    if plain:
        # cited to its WHO ATC facts: the class rows, else the code's DDD rows (retinol and
        # betahistine have no class row in the KB); uncited, a page could not show it
        ids = [f.id for f in classes if f.source_id == "who-atc"] or [
            f.id for f in facts if f.source_id == "who-atc"] or [
            f.id for f in classes if f.source_id == "drugcentral"]
        # (docetaxel's code is DrugCentral's, with no WHO ATC row: its DrugCentral class,
        # "microtubule inhibitor", is what the plain words say plainly, review 16)
        if key(name) in main_classes():  # its main use's class: India's approvals name it
            ids = [f.id for f in facts if f.kind == FactKind.APPROVAL] or ids
        if ids:
            plain = noun_phrase(plain)
            return Item(text=plain, key=key(plain), fact_ids=ids)
    if not classes:
        return None
    worded = [f for f in classes if f.source_id != "who-atc" and key(f.plain) != key(f.value)]
    if worded and all(f.source_id == "who-atc" or "FDA EPC" not in f.locator
                      for f in classes):
        classes = worded  # MeSH in plain words beats a raw ATC group name
    best = min(classes, key=lambda f: (_class_rank(f), f.source_id, f.value, f.id))
    text = noun_phrase(singular(best.plain.strip()))
    ids = [f.id for f in classes if key(noun_phrase(singular(f.plain.strip()))) == key(text)]
    return Item(text=text, key=key(text), fact_ids=ids)


def plain_how(facts: Iterable[Fact]) -> Fact | None:
    """The medicine's reviewed leaflet how-it-works sentence (one at most: the build keeps
    its own row over its group's, knowledge/leaflets.py)."""
    return next((f for f in facts if f.kind == FactKind.MECHANISM and is_leaflet(f)
                 and leaflet_kind(f) == "how_it_works" and f.plain.strip()), None)


def select_how(facts: list[Fact], kind: Item | None, atc: str = "") -> Item | None:
    """"a penicillin antibiotic that blocks …": led by the kind of medicine; the target only
    when it is the one target named and has plain words, placed only where the medicine
    acts (`placed`). A reviewed plain sentence (leaflet_facts.txt, how_it_works) replaces the
    target: "a statin. It lowers the amount of cholesterol your liver makes."."""
    plain = plain_how(facts)
    if plain is not None:
        said = plain.plain.strip()
        said = said[:1].upper() + said[1:]
        said += "" if said.endswith((".", "!", "?")) else "."
        first = lead(kind.text) if kind is not None else "a medicine"
        return Item(text=f"{first}. {said}", key="how",
                    fact_ids=[*(kind.fact_ids if kind is not None else []), plain.id])
    targets = [f for f in facts if f.kind == FactKind.MECHANISM and "drug_target" in f.locator]
    mech = None
    if len(targets) == 1 and not targets[0].plain.startswith("works on"):
        mech = targets[0]
    if kind is None and mech is None:
        return None
    if kind is None:
        assert mech is not None
        return Item(text=f"a medicine that {placed(mech.plain.strip(), atc)}",
                    fact_ids=[mech.id], key="how")
    text = lead(kind.text)
    ids = list(kind.fact_ids)
    if mech is not None:
        text += f" that {placed(mech.plain.strip(), atc)}"
        ids.append(mech.id)
    return Item(text=text, fact_ids=ids, key="how")


# a mineral salt that WHO files both as an antacid (A02A) and as a supplement (A11/A12):
# beside a medicine that is no vitamin or mineral it is the product's antacid (review 38:
# ibuprofen + paracetamol + magnesium oxide named "Magnesium Oxide: magnesium supplement"
# while its own Usage source says "adds magnesium oxide, an antacid")
_ANTACID_CODE = "A02A"
_NUTRIENT_CODES = ("A11", "A12")
ANTACID_KIND = "antacid (neutralises stomach acid)"


def partner_kind(kind: Item | None, atc: str, partners: Sequence[str]) -> Item | None:
    """A combination ingredient's kind: an antacid salt's, beside a partner that is no
    vitamin or mineral (`partners`: the other ingredients' WHO ATC codes), is "antacid",
    cited to the same WHO ATC facts; any other kind as it is."""
    codes = atc.upper().split()
    if kind is None or not any(c.startswith(_ANTACID_CODE) for c in codes) \
            or not any(c.startswith(_NUTRIENT_CODES) for c in codes):
        return kind
    if not partners or not all(p.strip() and not any(c.startswith(_NUTRIENT_CODES)
                                                     for c in p.upper().split())
                               for p in partners):
        return kind  # with vitamins, minerals or an unknown partner: a supplement's
    return kind.model_copy(update={"text": ANTACID_KIND, "key": key(ANTACID_KIND)})
