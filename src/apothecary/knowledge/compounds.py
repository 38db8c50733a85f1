"""SIDER compound → knowledge-base drug, in three documented steps.

1. PubChem CID: the stereo STITCH id's CID, then the flat one's, when one drug claims it.
2. A CID that DrugCentral gives to a parent and to a drug named after it ("omeprazole" and
   "esomeprazole", "rabeprazole" and "dexrabeprazole") belongs to the parent (the name the
   others end with). Under that flat compound, the stereo compound with the same CID is the
   parent's label; when exactly one other stereo compound and exactly one other claimant
   remain, that compound is the other claimant's label (esomeprazole's). Otherwise: none.
3. A reviewed crosswalk (data/vocabulary/sider_compounds.txt) for salt and stereo forms no
   CID in the shipped files reaches (atorvastatin calcium, warfarin sodium, sertraline
   hydrochloride …). A row is accepted only when SIDER's indications for the compound share
   at least MIN_SHARED_INDICATIONS concepts with the drug's DrugCentral/LabeledIn indications.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from .drugs import DrugIndex
from .sources import drugcentral, labeledin, sider
from .vocab_terms import DATA

if TYPE_CHECKING:
    from .build import KBData

CROSSWALK = DATA / "sider_compounds.txt"
MIN_SHARED_INDICATIONS = 2


def read_crosswalk(path: Path = CROSSWALK) -> dict[str, str]:
    """STITCH flat id → drug name, from "CID1… = name  # note" lines."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        stitch, sep, name = line.partition(" = ")
        if sep and stitch.strip() and name.strip():
            out[stitch.strip()] = name.strip()
    return out


def _parent(index: DrugIndex, data: KBData, claim: set[str]) -> str | None:
    """The claimant whose name every other claimant's name ends with, if exactly one."""
    names = {d: str(data.drugs[d]["name"]) for d in claim}
    found = [d for d in claim if all(o == d or names[o].endswith(names[d]) for o in claim)]
    return found[0] if len(found) == 1 else None


def _indication_cuis(sources_dir: Path, index: DrugIndex) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for row in drugcentral.read_indications(sources_dir):
        drug = index.by_drugcentral(row.drug)
        if drug and row.umls:
            out[drug].add(row.umls)
    for li in labeledin.read_indications(sources_dir):
        drug = index.by_rxnorm(li.rxnorm)
        if drug and li.cui:
            out[drug].add(li.cui)
    return out


def map_compounds(rows: list[sider.SideEffect], indications: list[sider.SiderIndication],
                  index: DrugIndex, data: KBData, sources_dir: Path,
                  crosswalk: dict[str, str] | None = None) -> dict[tuple[str, str], str]:
    """(flat, stereo) → drug id for every SIDER compound pair that maps (steps above);
    `crosswalk` defaults to the reviewed file."""
    pairs = sorted({(se.flat, se.stereo) for se in rows})
    stereos: dict[str, set[str]] = defaultdict(set)
    for flat, stereo in pairs:
        stereos[flat].add(stereo)
    out: dict[tuple[str, str], str] = {}
    for flat, stereo in pairs:
        s_cid, f_cid = sider.cid(stereo) or "", sider.cid(flat) or ""
        drug = index.by_pubchem(s_cid) or index.by_pubchem(f_cid)
        if drug:
            out[(flat, stereo)] = drug
            continue
        claim = index.claimants("pubchem", s_cid) or index.claimants("pubchem", f_cid)
        parent = _parent(index, data, claim) if len(claim) > 1 else None
        if parent is None:
            continue
        if index.claimants("pubchem", s_cid):
            out[(flat, stereo)] = parent
            data.counts["sider.shared_cid_to_parent"] += 1
        else:
            others = claim - {parent}
            if len(others) == 1 and len(stereos[flat]) == 2:
                out[(flat, stereo)] = next(iter(others))
                data.counts["sider.shared_cid_to_other_stereo"] += 1
    mapped_flats = {f for f, _ in out}
    crosswalk = read_crosswalk() if crosswalk is None else crosswalk
    ind_keys: dict[str, set[str]] = defaultdict(set)
    for ind in indications:
        ind_keys[ind.flat] |= {ind.cui, ind.pt_cui} - {""}
    drug_keys = _indication_cuis(sources_dir, index) if crosswalk else {}
    for flat, name in sorted(crosswalk.items()):
        drug = index.unique_name(name)
        if flat in mapped_flats or flat not in stereos or drug is None:
            data.counts["sider.crosswalk_not_applicable"] += 1
            continue
        if len(ind_keys[flat] & drug_keys.get(drug, set())) < MIN_SHARED_INDICATIONS:
            data.counts["sider.crosswalk_rejected_indications"] += 1
            continue
        data.counts["sider.crosswalk_accepted"] += 1
        for stereo in stereos[flat]:
            out[(flat, stereo)] = drug
    return out
