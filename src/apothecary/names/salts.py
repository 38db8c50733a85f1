"""Salt, ester and hydrate words, so "metformin hydrochloride" folds onto metformin.

Shared by the knowledge-base builder (which records salts as `form` names of the parent)
and the resolver (which strips them from list entries). Both work on `norm_key` text.
The builder only folds a salt onto a parent that exists, so a word here never invents a drug.
"""

from __future__ import annotations

# Anions, cations, esters and hydrate words seen in INN/BAN/USAN salt names. Not here on
# purpose: "salicylate" (methyl/choline salicylate are drugs of their own), "oxide", "hydroxide",
# "carbonate" (calcium carbonate is the drug), "chloride" only as an anion after a drug name,
# "methylbromide"/"butylbromide" (quaternary derivatives are other drugs: hyoscine
# butylbromide is not hyoscine, codeine methylbromide is not codeine).
ANION_WORDS = frozenset(
    """
    hydrochloride hcl dihydrochloride monohydrochloride hydrobromide hbr hydroiodide
    sulfate sulphate bisulfate bisulphate sulfonate
    mesylate mesilate dimesylate methanesulfonate besilate besylate tosylate tosilate
    esylate edisylate napsylate napadisilate isethionate camsylate camsilate
    maleate dimaleate fumarate hemifumarate tartrate bitartrate
    succinate hemisuccinate citrate phosphate diphosphate
    acetate diacetate bromide iodide chloride nitrate lactate
    gluconate glucoheptonate lactobionate stearate palmitate pamoate embonate hyclate
    oxalate malate benzoate hippurate orotate aspartate glutamate xinafoate
    propionate dipropionate valerate butyrate furoate acetonide caproate cypionate decanoate
    enanthate undecanoate undecylenate estolate ethylsuccinate stearate pivalate
    meglumine tromethamine trometamol olamine diolamine erbumine
    """.split()
)
CATION_WORDS = frozenset(
    "sodium disodium trisodium potassium dipotassium calcium magnesium zinc lithium".split()
)
HYDRATE_WORDS = frozenset(
    """
    hydrate monohydrate dihydrate trihydrate tetrahydrate pentahydrate hexahydrate heptahydrate
    hemihydrate sesquihydrate anhydrous
    """.split()
)
SALT_WORDS: frozenset[str] = ANION_WORDS | CATION_WORDS | HYDRATE_WORDS


def strip_salt(norm: str) -> tuple[str, str | None]:
    """Split a normalised name into (parent, salt words) — ("metformin", "hydrochloride").

    Salt words are taken off the end (any kind) and off the start (cations only:
    "potassium clavulanate"). When nothing would remain ("hydrochloride", "calcium") the
    name is returned unchanged with None: a bare salt is not a drug name with a salt.
    """
    words = norm.split()
    start, end = 0, len(words)
    while end > start and words[end - 1] in SALT_WORDS:
        end -= 1
    while start < end and words[start] in CATION_WORDS:
        start += 1
    if start == end or (start == 0 and end == len(words)):
        return norm, None
    salt = " ".join(words[:start] + words[end:])
    return " ".join(words[start:end]), salt


def parent_candidates(norm: str) -> list[str]:
    """Possible parent names of a salt name, best first: "potassium clavulanate" →
    ["clavulanate", "clavulanic acid"]; empty when the name carries no salt word."""
    base, salt = strip_salt(norm)
    if salt is None:
        return []
    out = [base]
    if base.endswith("ate") and " " not in base:
        out.append(base[:-3] + "ic acid")  # valproate → valproic acid
    return out
