"""Uses: LabeledIn, and DrugCentral's indications behind a filter against combination leaks.

DrugCentral files a combination product's indications under every ingredient (paracetamol
→ insomnia from paracetamol + diphenhydramine). Rules, each counted in `data.counts`:
1. LabeledIn expert rows are kept; crowd-only rows only when DrugCentral or the drug's own
   SIDER label indications name the same disease.
2. A DrugCentral indication already in LabeledIn for the drug adds nothing.
3. An indication in the reviewed list data/vocabulary/not_uses.txt is dropped (non-disease
   headings, and drug-specific errors, one note each) — for LabeledIn rows too.
4. A DrugCentral indication is a combination leak, and dropped, when a *companion* of the
   drug (a drug it is combined with in a WHO ATC combination or a CDSCO fixed-dose
   combination) has it among its own LabeledIn/DrugCentral indications — unless the drug's
   class supports it: another drug of one of its WHO ATC level-3 groups, not itself a
   companion, has it in LabeledIn or its SIDER label indications. The drug's own SIDER
   indications do not rescue a leak (SIDER reads combination labels too: paracetamol's
   include Tylenol PM's insomnia).
5. A DrugCentral indication that LabeledIn gives to other drugs, none of them in one of the
   drug's WHO ATC level-3 groups, is "class-foreign" and dropped (ibuprofen → insomnia,
   from ibuprofen + diphenhydramine, which no list here names as a combination).
6. For a drug with LabeledIn uses (a checked list), a DrugCentral indication must be
   SIDER-corroborated or class-supported (lisinopril → "superficial ocular infection" is
   neither); for the other drugs DrugCentral's list is the only one, and is kept.
7. Else it is kept. Its locator ends "(SIDER-corroborated)", "(class-supported)" or
   "(uncorroborated)", so the monograph stage may prefer corroborated uses: a hand check of
   40 random DrugCentral uses found 4 wrong (now in not_uses.txt).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from ..names.normalize import norm_key
from . import vocabulary as vocab
from .drugs import DrugIndex
from .sources import drugcentral, labeledin, sider
from .vocab_terms import DATA

if TYPE_CHECKING:
    from .build import KBData

NOT_USES = DATA / "not_uses.txt"


def read_not_uses(path: Path = NOT_USES) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    """(terms dropped for every drug, (drug name, term) pairs), case-folded."""
    terms, pairs = set(), set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        drug, sep, term = line.partition(" | ")
        if sep:
            pairs.add((norm_key(drug), norm_key(term)))
        else:
            terms.add(norm_key(line))
    return frozenset(terms), frozenset(pairs)


def concept_keys(cui: str, *names: str) -> set[str]:
    """A concept id and its names as comparable keys ("Arthritis, Rheumatoid" also as
    "rheumatoid arthritis"), so two sources naming one disease meet."""
    keys = {cui} if cui else set()
    for name in names:
        if name:
            keys |= {norm_key(name), norm_key(vocab.clean(name))}
    keys.discard("")
    return keys


def companions_of(combination_keys: set[str]) -> dict[str, set[str]]:
    """drug → the drugs it is combined with in any combination key."""
    out: dict[str, set[str]] = defaultdict(set)
    for key in combination_keys:
        parts = key.split("+")
        for p in parts:
            out[p] |= set(parts) - {p}
    return out


def classmates_of(atc: dict[str, set[str]]) -> dict[str, set[str]]:
    """drug → other drugs sharing one of its WHO ATC level-3 groups ("N04B dopaminergic
    agents": levodopa's level-4 group holds only levodopa esters)."""
    groups: dict[str, set[str]] = defaultdict(set)
    for drug, codes in atc.items():
        for code in codes:
            groups[code[:4]].add(drug)
    out: dict[str, set[str]] = defaultdict(set)
    for members in groups.values():
        for d in members:
            out[d] |= members - {d}
    return out


def add_uses(sources_dir: Path, index: DrugIndex, sider_ind: list[sider.SiderIndication],
             compounds: dict[tuple[str, str], str], data: KBData,
             companions: dict[str, set[str]] | None = None,
             classmates: dict[str, set[str]] | None = None) -> None:
    """The rules in the module docstring."""
    companions = companions or {}
    classmates = classmates or {}
    not_terms, not_pairs = read_not_uses()

    def not_a_use(drug: str, term: str) -> bool:
        t = norm_key(term)
        return t in not_terms or (norm_key(str(data.drugs[drug]["name"])), t) in not_pairs

    flat_drugs: dict[str, set[str]] = defaultdict(set)
    for (flat, _), compound_drug in compounds.items():
        flat_drugs[flat].add(compound_drug)
    sider_keys: dict[str, set[str]] = defaultdict(set)
    for ind in sider_ind:
        found = flat_drugs.get(ind.flat)  # compounds with side effects, else by CID
        drug = (next(iter(found)) if len(found) == 1 else None) if found else \
            index.by_pubchem(sider.cid(ind.flat) or "")
        if drug:
            sider_keys[drug] |= concept_keys(ind.cui, ind.name) | concept_keys(
                ind.pt_cui, ind.pt_name)
    dc_rows = []
    dc_keys: dict[str, set[str]] = defaultdict(set)
    for dc_row in drugcentral.read_indications(sources_dir):
        drug = index.by_drugcentral(dc_row.drug)
        if drug is not None and dc_row.name:
            dc_rows.append((drug, dc_row))
            dc_keys[drug] |= concept_keys(dc_row.umls, dc_row.name)
    li_keys: dict[str, set[str]] = defaultdict(set)  # every mapped LabeledIn row
    have: dict[str, set[str]] = defaultdict(set)  # drug → keys of the uses kept
    for row in labeledin.read_indications(sources_dir):
        drug = index.by_rxnorm(row.rxnorm)
        if drug is None or not row.disease:
            data.counts["labeledin.unmapped" if drug is None else "labeledin.no_name"] += 1
            continue
        data.counts["labeledin.mapped"] += 1
        keys = concept_keys(row.cui, row.disease)
        li_keys[drug] |= keys
        if not_a_use(drug, row.disease):
            data.counts["labeledin.dropped_not_a_use"] += 1
            continue
        if row.expert:
            data.counts["labeledin.kept_expert"] += 1
        elif keys & (dc_keys[drug] | sider_keys[drug]):
            data.counts["labeledin.kept_crowd_corroborated"] += 1
        else:  # crowd workers alone put "Heartburn" on ciprofloxacin
            data.counts["labeledin.dropped_crowd_only"] += 1
            continue
        have[drug] |= keys
        data.add_fact(drug, "use", row.disease, vocab.plain_condition(row.disease), "labeledin",
                      f"indications.tsv row {row.row}")
    li_owner: dict[str, set[str]] = defaultdict(set)  # disease CUI → drugs with it in LabeledIn
    for drug, keys in li_keys.items():
        for k in keys:
            if k[:1] == "C" and k[1:].isdigit():
                li_owner[k].add(drug)
    labeled = {d for d, k in have.items() if k}  # drugs with LabeledIn uses
    for drug, dc_row in dc_rows:
        keys = concept_keys(dc_row.umls, dc_row.name)
        if keys & have[drug]:
            data.counts["drugcentral.use.same_as_labeledin"] += 1
            continue
        if not_a_use(drug, dc_row.name):
            data.counts["drugcentral.use.dropped_not_a_use"] += 1
            continue
        mates = classmates.get(drug, set()) - companions.get(drug, set())
        leaked = any(keys & (li_keys[c] | dc_keys[c]) for c in companions.get(drug, ()))
        supported = any(keys & (li_keys[m] | sider_keys[m]) for m in mates)
        if leaked and not supported:  # the drug's own SIDER labels include combinations
            data.counts["drugcentral.use.dropped_combination_leak"] += 1
            continue
        owners = {d for d in li_owner.get(dc_row.umls, ()) if d != drug}
        if owners and drug in classmates and not supported and not any(
                o in classmates.get(drug, set()) for o in owners):
            data.counts["drugcentral.use.dropped_class_foreign"] += 1
            continue
        why = ("class-supported" if leaked else "SIDER-corroborated"
               if keys & sider_keys[drug] else "uncorroborated")
        if why == "uncorroborated" and drug in labeled:
            data.counts["drugcentral.use.dropped_uncorroborated_labeledin_drug"] += 1
            continue
        data.counts[f"drugcentral.use.kept_{why.lower().replace('-', '_')}"] += 1
        have[drug] |= keys
        data.add_fact(drug, "use", dc_row.name, vocab.plain_condition(dc_row.name),
                      "drugcentral", f"drug_indication.tsv row {dc_row.row} ({why})")
