"""Facts from official lists matched by name: FDA DILIrank, CDSCO approvals, WHO ATC.

Names are matched with the list resolver (`names.resolve.Resolver`) over the names the
build has just made, so a DILIrank or CDSCO spelling resolves exactly as the same spelling
in a user's list would: exact names, documented salt/spelling/variant rules, never a fuzzy
guess and never a look-alike. (knowledge → names imports one way only: names.resolve needs
no part of the builder, so there is no cycle.) Every skip is counted in `data.counts`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from ..models import Status
from ..names.resolve import Resolver
from .sources import cdsco, dilirank, who_atc

if TYPE_CHECKING:
    from .build import KBData


class NameView:
    """The builder's drugs and names as the resolver's NameTable."""

    def __init__(self, data: KBData) -> None:
        self._data = data

    def drug_names(self) -> dict[str, str]:
        return {k: str(d["name"]) for k, d in self._data.drugs.items()}

    def name_rows(self) -> list[tuple[str, str, str, str]]:
        return sorted((n["norm"], n["name"], n["drug_id"], n["kind"])
                      for n in self._data.names.values())


def resolver(data: KBData) -> Resolver:
    return Resolver(NameView(data))


def one_drug(res: Resolver, name: str) -> str | None:
    """The single drug a name identifies, else None (unknown, ambiguous or a combination)."""
    entry = res.resolve(0, name)
    if entry.status is not Status.RESOLVED or not entry.key or "+" in entry.key:
        return None
    return entry.key


# -- DILIrank ------------------------------------------------------------------------------
def add_dilirank(sources_dir: Path, res: Resolver, data: KBData) -> None:
    """One liver_injury fact per drug. When several rows name one drug ("valproic acid",
    "divalproex sodium"), the row whose name is the drug's own name wins, else the first."""
    chosen: dict[str, dilirank.Rank] = {}
    for rank in dilirank.read_ranks(sources_dir):
        if rank.severity is None:
            data.counts["dilirank.unknown_concern"] += 1
            continue
        drug = one_drug(res, rank.name)
        if drug is None:
            data.counts["dilirank.unmatched"] += 1
            continue
        data.counts["dilirank.matched"] += 1
        old = chosen.get(drug)
        own = rank.name.lower() == data.drugs[drug]["name"]
        if old is None or (own and old.name.lower() != data.drugs[drug]["name"]):
            chosen[drug] = rank
        if old is not None:
            data.counts["dilirank.same_drug_row_skipped"] += 1
    for drug, rank in sorted(chosen.items()):
        assert rank.severity is not None
        locator = (f"DILIrank.csv row {rank.row} ({rank.ltkb_id} {rank.name}); "
                   f"label section {rank.label_section}; severity class {rank.severity_class}")
        data.add_fact(drug, "liver_injury", rank.concern, dilirank.PLAIN[rank.severity],
                      "dilirank", locator, severity=rank.severity)


# -- CDSCO ---------------------------------------------------------------------------------
# Indication cells that say nothing about what the product is for.
NOT_INDICATIONS = frozenset({"same as approved", "as approved", "same as approved.", "na",
                             "n a", "nil", "-", "--"})
MAX_STRENGTH = 240


# Encoding damage in the CDSCO copy: "Â" is a no-break space read as cp1252; "â??" and
# "â?\ufffd" at either end are curly quotes that lost a byte. Other "â?…" (a lost "≥")
# stay as they are: guessing a sign next to a number is not tidying.
_NBSP = "\u00c2"
_QUOTE_ENDS = ("\u00e2??", "\u00e2?\ufffd")


def tidy(text: str) -> str:
    """Case, whitespace and punctuation only: one line, first letter capital, a final stop
    (and the damaged spaces and quotes above)."""
    text = " ".join(text.replace(_NBSP, " ").split()).strip(" ;,")
    for junk in _QUOTE_ENDS:
        text = text.removeprefix(junk)
        for end in ("", "."):
            if text.endswith(junk + end):
                text = text[: -len(junk + end)] + end
    text = text.strip(" ;,")
    if not text:
        return ""
    if text[0].isascii():  # "µ".upper() is Greek capital mu: another letter, not a case
        text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?)…" else text + "."


def add_cdsco(sources_dir: Path, res: Resolver, data: KBData) -> set[str]:
    """approval facts for single drugs (drug id) and combinations (the page key): every
    ingredient must resolve to exactly one drug, or the row is skipped and counted.
    Returns the combination keys approved (companions for the uses filter)."""
    combos: set[str] = set()
    banned = cdsco.withdrawn()
    for ap in cdsco.read_approvals(sources_dir):
        if ap.serial in banned:  # a later order withdrew it: never "approved" on a page
            data.counts["cdsco.withdrawn"] += 1
            continue
        if cdsco.for_animals(ap.indication):  # a veterinary approval (review 23)
            data.counts["cdsco.veterinary"] += 1
            continue
        if not ap.indication or " ".join(ap.indication.lower().split()).strip(" .") in {
                x.strip(" .") for x in NOT_INDICATIONS}:
            data.counts["cdsco.no_indication"] += 1
            continue
        entry = res.resolve(ap.row, ap.name)
        if entry.status is not Status.RESOLVED or not entry.key:
            data.counts["cdsco.unmatched"] += 1
            continue
        combo = "+" in entry.key
        if combo:
            combos.add(entry.key)
        data.counts["cdsco.matched_combination" if combo else "cdsco.matched_single"] += 1
        strength = ap.strength if len(ap.strength) <= MAX_STRENGTH else (
            ap.strength[:MAX_STRENGTH].rstrip() + "…")
        locator = (f"cdsco_approved_new_drugs.csv row {ap.row} (Sr.No {ap.serial}: {ap.name}); "
                   f"approved {ap.date or 'undated'}; strength {strength or 'not given'}")
        data.add_fact(entry.key, "approval", ap.indication, tidy(ap.indication), "cdsco",
                      locator)
    return combos


def atc_combinations(sources_dir: Path, res: Resolver) -> set[str]:
    """Combination keys WHO ATC names: level-5 names "A and B" ("tramadol and paracetamol")
    and the combination products' ingredient lists; every part must resolve."""
    out: set[str] = set()
    texts = [" + ".join(c.ingredients) for c in who_atc.read_combinations(sources_dir)]
    texts += [c.name.replace(" and ", " + ") for c in who_atc.read_codes(sources_dir)
              if len(c.code) == 7 and " and " in c.name and not re.search(
                  r"combination|excl|incl|other|various|,", c.name, re.IGNORECASE)]
    for text in texts:
        entry = res.resolve(0, text)
        if entry.status is Status.RESOLVED and entry.key and "+" in entry.key:
            out.add(entry.key)
    return out


# -- WHO ATC -------------------------------------------------------------------------------
# DDD route codes → reader words. Codes not here are counted, never guessed.
ROUTES = {
    "O": "by mouth", "P": "by injection", "R": "rectally", "N": "nasally",
    "V": "vaginally", "TD": "transdermal patch", "SL": "under the tongue",
    "Inhal": "inhaled", "Inhal.aerosol": "inhaled", "Inhal.powder": "inhaled",
    "Inhal.solution": "inhaled", "oral aerosol": "by mouth (spray)",
    "Chewing gum": "by mouth (chewing gum)", "ointment": "on the skin",
    "implant": "as an implant", "s.c. implant": "as an implant under the skin",
    "intravesical": "into the bladder", "urethral": "into the urethra",
    "O.mouth": "in the mouth or throat",
}
# Mouth and throat preparations (A01AB/A01AD: chlorhexidine mouthwash, miconazole oral gel;
# R02A: lozenges and throat sprays) have oral DDDs, but they are not swallowed: review 21
# read "Forms: tablets or liquid to swallow" on chlorhexidine's page.
_IN_THE_MOUTH = ("A01AB", "A01AD", "R02A")
# Aminoglycosides given for infections of the body (J01G) are not taken up from the gut: the
# export's oral DDD for netilmicin read "Forms: tablets or liquid to swallow" on a hospital
# injection's page (review 25). Counted, never imported.
_NOT_SWALLOWED = ("J01G",)
# Level-5 names that are not one substance.
_NOT_ONE = re.compile(r"\b(?:and|combinations?|with|various|excl|incl)\b|,|/", re.IGNORECASE)
# A class name is "plain enough" when it says what the medicine does (a word here) and is
# not a chemical family, a catch-all or a combination group (a word in _NOT_PLAIN).
_DOES = re.compile(
    r"inhibitor|antagonist|agonist|blocker|blocking|laxative|vaccine|antihistamine|"
    r"diuretic|an(?:a)?esthetic|analgesic|contraceptive|glucocorticoid|corticosteroid|"
    r"antibacterial|antibiotic|antiseptic|antifungal|antimycotic|antiviral|antiinfective|"
    r"relaxant|mucolytic|expectorant|decongestant|antispasmodic|antiemetic|antacid|"
    r"antiepileptic|antidepressant|antipsychotic|anxiolytic|hypnotic|sedative|"
    r"antiarrhythmic|anticoagulant|antithrombotic|antiplatelet|vasodilator|"
    r"bronchodilator|cough suppressant|antidiarrheal|antipropulsive|antimalarial|"
    r"anthelmintic|antiprotozoal|stimulant|insulins?\b|drugs for|drugs used in|"
    r"modifying agents|lowering|reducing|hormones?\b|thrombolytic|immunosuppressant|"
    r"for treatment of",
    re.IGNORECASE)
_NOT_PLAIN = re.compile(r"derivative|other|combination|compounds|various|excl|incl|"
                        r"\band\b|/|analogues", re.IGNORECASE)
_ACRONYMS = frozenset({"ACE", "HIV", "HCV", "HBV", "GORD", "ARBS", "DPP", "SGLT2", "GLP",
                       "HMG", "COA", "MAO", "TNF", "CNS", "ADHD", "COPD", "II"})


def plain_enough(name: str) -> bool:
    return bool(_DOES.search(name)) and not _NOT_PLAIN.search(name)


def lower_name(name: str) -> str:
    """The WHO name in lower case and nothing else changed: capitalised words are lowered,
    acronyms ("ACE", "HMG CoA", "(ARBs)", "DPP-4") and all-caps acronyms in upper-case level-3
    names are kept."""
    shout = name.isupper()
    out = []
    for word in name.split(" "):
        core = re.sub(r"[^A-Za-z0-9]", "", word)
        if shout:
            keep = core.upper() in _ACRONYMS
        else:  # "HMG", "CoA", "(ARBs)", "DPP-4", "K" in "Vitamin K antagonists"
            keep = any(c.isupper() for c in core[1:]) or (len(core) == 1 and core.isupper())
        out.append(word if keep else word.lower())
    return " ".join(out)


def add_atc(sources_dir: Path, res: Resolver, data: KBData) -> dict[str, set[str]]:
    """route facts from each level-5 code's DDD routes, class facts from its level-4 name
    (or level-3 when level 4 is not plain enough), and drugs.atc; returns drug → codes."""
    codes = who_atc.read_codes(sources_dir)
    names = {c.code: c.name for c in codes}
    drug_codes: dict[str, set[str]] = defaultdict(set)
    matched: dict[str, str | None] = {}
    for c in codes:
        if len(c.code) != 7:
            continue
        if c.code not in matched:
            drug = None if _NOT_ONE.search(c.name) else one_drug(res, c.name)
            if drug is None and "(" in c.name and not _NOT_ONE.search(c.name):
                drug = one_drug(res, c.name.replace("(", " ").replace(")", " "))
            matched[c.code] = drug
            data.counts["atc.codes_matched" if drug else "atc.codes_unmatched"] += 1
            if drug:
                drug_codes[drug].add(c.code)
                _add_atc_class(data, drug, c.code, names)
        drug = matched[c.code]
        if drug is None or not c.route:
            continue
        if c.route == "O" and c.code.startswith(_NOT_SWALLOWED):
            data.counts["atc.route_not_swallowed"] += 1
            continue
        route = "O.mouth" if c.route == "O" and c.code.startswith(_IN_THE_MOUTH) else c.route
        words = ROUTES.get(route)
        if words is None:
            data.counts["atc.route_unknown_code"] += 1
            continue
        ddd = f"DDD {c.ddd} {c.unit} {c.route}" if c.ddd else f"route {c.route}"
        data.add_fact(drug, "route", route, words, "who-atc",
                      f"{who_atc.FILE.split('/')[-1]} row {c.row} ({c.code} {c.name}; {ddd})")
    for drug, found in drug_codes.items():
        data.drugs[drug]["atc"] = " ".join(sorted(found))
    return drug_codes


def _add_atc_class(data: KBData, drug: str, code: str, names: dict[str, str]) -> None:
    for level in (code[:5], code[:4]):
        name = names.get(level, "")
        if name and plain_enough(name):
            data.add_fact(drug, "class", name, lower_name(name), "who-atc",
                          f"ATC {level} (via {code})")
            data.counts[f"atc.class_level{4 if len(level) == 5 else 3}"] += 1
            return
    data.counts["atc.class_not_plain"] += 1
