"""ANSM interaction thesaurus (2020): structured pairs and levels only, never its French prose.

Substances are French INN spellings; `french_candidates` turns them into English/INN
spellings to look up (the caller accepts a candidate only if it names exactly one drug).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ...errors import SourceError
from ...names.normalize import norm_key
from . import need, read_rows

SOURCE = {
    "id": "ansm",
    "name": "ANSM drug-interaction thesaurus",
    "edition": "2020-01 (index 2020-10)",
    "licence": "Not verified (published by ANSM; treat as restricted)",
    "licence_class": "unverified",
    "citation": "ANSM, Thésaurus des interactions médicamenteuses, 2020",
    "url": "https://ansm.sante.fr/documents/reference/thesaurus-des-interactions-medicamenteuses-1",
}
FOLDER = "ansm-interactions"
THESAURUS = ("thesaurus-2020-01/"
             "thesaurus-referentiel-national-des-interactions-medicamenteuses-20102020.json")
INDEX = "thesaurus-2020-01/index-des-substances-20102020.json"

# The thesaurus' four levels → English severities (most severe first).
LEVELS = {
    "contre indication": "contraindicated",
    "association deconseillee": "major",  # "not recommended": avoid combining
    "precaution d emploi": "moderate",  # allowed with precautions
    "a prendre en compte": "minor",  # to be taken into account
    "il convient de prendre en compte": "minor",
}
SEVERITY_RANK = {"contraindicated": 0, "major": 1, "moderate": 2, "minor": 3}

# Entries that are not substances: these two become cautions, the rest are skipped.
CAUTIONS = {
    "alcool boisson ou excipient": "alcohol",
    "pamplemousse jus et fruit": "grapefruit juice",
}

# French names no spelling rule reaches (norm → English name to look up).
FRENCH_EXCEPTIONS = {
    "bleu de methylene": "methylene blue",
    "charbon active": "activated charcoal",
    "charbon vegetal officinal": "activated charcoal",
    "millepertuis": "st john s wort",
    "fer": "iron",
    # the lithium ion (every lithium salt): DrugBank files "lithium ion" under lithium carbonate
    "lithium": "lithium ion",
    "acide acetylsalicylique": "acetylsalicylic acid",
    "acide folinique": "folinic acid",
    "acide nicotinique": "nicotinic acid",
    "ciclosporine": "ciclosporin",
    "estrogenes conjugues": "conjugated estrogens",
    "toxine botulique": "botulinum toxin type a",
    "or": "gold",
    "theophylline": "theophylline",
    "colecalciferol": "cholecalciferol",
    "ergocalciferol": "ergocalciferol",
    "vitamine a": "vitamin a",
    "vitamine e": "vitamin e",
}


def french_candidates(name: str) -> list[str]:
    """English/INN spellings to try for a French substance name, most literal first.

    Rules: accents dropped (norm_key); exceptions table; "acide X-ique" → "X-ic acid";
    "X de sodium/potassium/calcium" → "sodium X"; per word, a final -e is dropped
    (amoxicilline → amoxicillin, ibuprofène → ibuprofen, métformine → metformin);
    -ique → -ic; ph stays (phénytoïne → phenytoin)."""
    norm = norm_key(name)
    out = [norm]
    if norm in FRENCH_EXCEPTIONS:
        out.append(FRENCH_EXCEPTIONS[norm])
    words = norm.split()
    if len(words) == 3 and words[1] == "de":
        words = [words[2], words[0]]
        out.append(" ".join(words))
    if words and words[0] == "acide" and len(words) >= 2:
        stem = " ".join(words[1:])
        stem = stem[:-4] + "ic" if stem.endswith("ique") else stem
        out.append(f"{stem} acid")
    fixed = []
    for w in words:
        if w.endswith("ique"):
            w = w[:-4] + "ic"
        elif w.endswith("e") and len(w) > 4 and w[-2] not in "aeiou":
            w = w[:-1]
        fixed.append(w)
    out.append(" ".join(fixed))
    seen: set[str] = set()
    return [c for c in out if c and not (c in seen or seen.add(c))]  # type: ignore[func-returns-value]


@dataclass(frozen=True)
class Level:
    severity: str  # contraindicated / major / moderate / minor
    raw: str  # as the thesaurus writes it
    info: str  # the sub-case it applies to (French; matched for names only, never copied)


@dataclass(frozen=True)
class Rule:
    record: int  # 1-based position in the thesaurus JSON list
    main: str
    plus: str
    severity: str  # most severe level of the record
    level: str  # that level as the thesaurus writes it
    levels: tuple[Level, ...] = ()  # every level, most severe first


def _load(path: Path) -> object:
    try:
        return json.loads(need(path).read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise SourceError(f"not valid JSON: {path} ({exc})") from exc


def read_rules(sources: Path) -> list[Rule]:
    data = _load(sources / FOLDER / THESAURUS)
    if not isinstance(data, list):
        raise SourceError(f"unexpected thesaurus layout in {sources / FOLDER / THESAURUS}")
    out = []
    for n, rec in enumerate(data, start=1):
        if not isinstance(rec, dict):
            continue
        levels = []
        for i, lv in enumerate(rec.get("severity_levels") or []):
            raw = str(lv.get("level", "")) if isinstance(lv, dict) else ""
            info = str(lv.get("info", "") or "") if isinstance(lv, dict) else ""
            sev = LEVELS.get(norm_key(raw))
            if sev:
                levels.append((SEVERITY_RANK[sev], i, Level(sev, raw.strip(), info)))
        main, plus = str(rec.get("main_drug", "")), str(rec.get("plus_drug", ""))
        if levels and main.strip() and plus.strip():
            ordered = tuple(lv for _, _, lv in sorted(levels, key=lambda x: (x[0], x[1])))
            out.append(Rule(n, main.strip(), plus.strip(), ordered[0].severity, ordered[0].raw,
                            ordered))
    return out


def read_index(sources: Path) -> dict[str, list[str]]:
    """Class norm → member substance names (French), from the substance index."""
    data = _load(sources / FOLDER / INDEX)
    classes: dict[str, list[str]] = {}
    for rec in data if isinstance(data, list) else []:
        if not isinstance(rec, dict):
            continue
        sub = str(rec.get("substance", "")).strip()
        for cls in rec.get("drug_classes") or []:
            if sub:
                classes.setdefault(norm_key(str(cls)), []).append(sub)
    return {k: sorted(set(v)) for k, v in sorted(classes.items())}


def read_substances(sources: Path) -> set[str]:
    data = _load(sources / FOLDER / INDEX)
    return {norm_key(str(r.get("substance", ""))) for r in data if isinstance(r, dict)} \
        if isinstance(data, list) else set()


def read_rxnorm(sources: Path) -> dict[str, str]:
    """Substance norm → RxNorm id (rows mapped "NA" are left out)."""
    out = {}
    rows = read_rows(sources / FOLDER / "rxnorm_mappings.tsv")
    next(rows, None)
    for row in rows:
        if len(row) >= 2 and row[1].strip() not in ("", "NA"):
            out[norm_key(row[0])] = row[1].strip()
    return out
