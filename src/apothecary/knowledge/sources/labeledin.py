"""LabeledIn: expert/crowd-checked indications from FDA labels, keyed by RxNorm."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import read_rows

SOURCE = {
    "id": "labeledin",
    "name": "LabeledIn",
    "edition": "2014",
    "licence": "Public domain (US Government work, NLM)",
    "licence_class": "open",
    "citation": "Khare R., Li J., Lu Z., LabeledIn: cataloging labeled indications for human "
    "drugs, J Biomed Inform 2014",
    "url": "https://ftp.ncbi.nlm.nih.gov/pub/lu/LabeledIn/",
}
FILE = "labeledin/indications.tsv"


@dataclass(frozen=True)
class LabeledIndication:
    row: int
    rxnorm: str
    cui: str
    disease: str  # MeSH disease name; may be empty in the source
    expert: bool = True  # validated by an expert (else only by crowd workers)


def read_indications(sources: Path) -> list[LabeledIndication]:
    out = []
    for n, row in enumerate(read_rows(sources / FILE)):
        if n == 0 or len(row) < 6:
            continue
        expert = row[3].strip() == "1"
        out.append(LabeledIndication(n + 1, row[0].strip(), row[1].strip(), row[5].strip(),
                                     expert))
    return out
