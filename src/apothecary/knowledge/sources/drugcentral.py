"""DrugCentral 2016: the drug list (WHO INN names, cross-ids), indications, classes, targets."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import read_rows

SOURCE = {
    "id": "drugcentral",
    "name": "DrugCentral",
    "edition": "2016-11 (GitHub export)",
    "licence": "CC BY 4.0",
    "licence_class": "open",
    "citation": "Ursu O. et al., DrugCentral: online drug compendium, Nucleic Acids Res 2017",
    "url": "https://drugcentral.org",
}
FOLDER = "drugcentral-2016"

# identifiers.tsv ID_TYPE → drugs table column
XREF_TYPES = {
    "RXNORM": "rxnorm",
    "UNII": "unii",
    "DRUGBANK_ID": "drugbank",
    "MESH_DESCRIPTOR_UI": "mesh",
    "MESH_SUPPLEMENTAL_RECORD_UI": "mesh",
    "CHEBI": "chebi",
    "PUBCHEM_CID": "pubchem",
}


@dataclass
class DCDrug:
    id: str
    name: str  # WHO INN, lower case as DrugCentral writes it
    xrefs: dict[str, list[str]] = field(default_factory=dict)  # ID_TYPE → ids (sorted)

    def first(self, id_type: str) -> str | None:
        ids = self.xrefs.get(id_type)
        return ids[0] if ids else None


def _dir(sources: Path) -> Path:
    return sources / FOLDER


def read_drugs(sources: Path) -> dict[str, DCDrug]:
    """DrugCentral id → drug with its cross-ids."""
    drugs: dict[str, DCDrug] = {}
    rows = read_rows(_dir(sources) / "identifiers.tsv", quoted=True)
    next(rows, None)
    for row in rows:
        if len(row) < 4 or not row[0].strip():
            continue
        dc_id, name, id_type, ident = (x.strip() for x in row[:4])
        drug = drugs.setdefault(dc_id, DCDrug(dc_id, name))
        drug.xrefs.setdefault(id_type, []).append(ident)
    for drug in drugs.values():
        for ids in drug.xrefs.values():
            ids.sort(key=lambda x: (len(x), x))  # "DB00316" before "DB100..."; stable
    return drugs


@dataclass(frozen=True)
class Indication:
    row: int
    drug: str
    name: str
    umls: str
    snomed: str


def read_indications(sources: Path) -> list[Indication]:
    out = []
    for n, row in enumerate(read_rows(_dir(sources) / "drug_indication.tsv")):
        if n == 0 or len(row) < 5:
            continue
        out.append(Indication(n + 1, row[0].strip(), row[2].strip(), row[3].strip(),
                              row[4].strip()))
    return out


@dataclass(frozen=True)
class PharmClass:
    row: int
    drug: str
    type: str  # EPC, MoA, PE, Chemical/Ingredient, PA, has role
    class_id: str
    name: str
    source: str  # FDA, MeSH, CHEBI


def read_classes(sources: Path) -> list[PharmClass]:
    out = []
    for n, row in enumerate(read_rows(_dir(sources) / "pharm_class.tsv")):
        if n == 0 or len(row) < 6:
            continue
        out.append(PharmClass(n + 1, row[0].strip(), row[2].strip(), row[3].strip(),
                              row[4].strip(), row[5].strip()))
    return out


@dataclass(frozen=True)
class Target:
    row: int
    drug: str
    target: str
    family: str
    gene: str
    action: str


def read_targets(sources: Path) -> list[Target]:
    out = []
    for n, row in enumerate(read_rows(_dir(sources) / "drug_target.tsv")):
        if n == 0 or len(row) < 9:
            continue
        out.append(Target(n + 1, row[0].strip(), row[3].strip(), row[4].strip(),
                          row[6].strip(), row[8].strip()))
    return out
