"""Reviewed leaflet facts: the textbook facts every patient leaflet gives for vitamins, minerals,
supplements and medicines the open datasets hardly cover (iron: dark stools; calcium: keep
apart from levothyroxine), one row per fact, in our own words, each with its public source.

The file ships with the package (`data/leaflets/leaflet_facts.txt`): it is ours, reviewed by
hand, so a fresh clone builds the same knowledge base. Its format is documented at its top.
Reading never raises on a bad row: the row is returned as a `Problem` and the build counts it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SOURCE = {
    "id": "leaflets",
    "name": "apothecary leaflet facts (reviewed)",
    "edition": "2026-11",
    "licence": "Apache-2.0 (our own wording); the facts come from NIH Office of Dietary "
    "Supplements and MedlinePlus (US public domain), NHS medicines A-Z (Open Government "
    "Licence v3.0) and EMA, each named with its address",
    "licence_class": "open",
    "citation": "apothecary's reviewed summary of public patient leaflets (NIH Office of "
    "Dietary Supplements fact sheets, MedlinePlus, NHS medicines A-Z, EMA)",
    "url": "https://ods.od.nih.gov/factsheets/list-all/",
}
FILE = Path(__file__).resolve().parents[2] / "data" / "leaflets" / "leaflet_facts.txt"
NAME = "leaflet_facts.txt"

# kind → the details it allows ("" : none, written "-")
BANDS = ("common", "reported", "serious")
KINDS = ("side_effect", "interaction", "how_to_take", "pregnancy", "warning", "little_known",
         "lowered_by", "how_it_works",
         "use",  # round 3: a main use the datasets lack, in plain words (detail "-")
         "kind")  # round 4: the kind of medicine in plain words (detail "-"), leading its
# "Kind of medicine" line: a supplement with no WHO ATC code ("vitamin K2" for menaquinone)
PARTNERED = ("interaction", "lowered_by")  # kinds whose detail names another medicine
_ATC = re.compile(r"^atc:[A-Z][0-9]{2}[A-Z]{0,2}[0-9]{0,2}$")
# an interaction row whose source (a label's contraindications) forbids the pair ends its
# detail with " [contraindicated]": the pair's level, on both pages, whatever other sources say;
# " [major]" where the source says the pair is to be avoided in general (round 4, review 12: an
# ACE inhibitor with an angiotensin receptor blocker, "dual blockade", was shown as "Minor")
LEVELS = ("contraindicated", "major")
_LEVEL = re.compile(r"\s*\[([a-z]+)\]$", re.IGNORECASE)
_URL = re.compile(r"^https?://[^\s\"'<>|]+$")


@dataclass(frozen=True)
class LeafletFact:
    line: int  # 1-based line of the file
    subject: str  # a medicine's name, or "atc:PREFIX" (every medicine of that WHO ATC group)
    kind: str  # one of KINDS
    detail: str  # side_effect: its band; interaction, lowered_by: the partner; else ""
    text: str  # our own plain sentence or phrase
    source: str  # "NHS, Ferrous sulfate"
    url: str

    @property
    def own(self) -> bool:
        """A row for the medicine by name (its own leaflet), not for a WHO ATC group."""
        return not self.subject.startswith("atc:")

    @property
    def level(self) -> str:
        """The level a label gives the pair ("contraindicated"), or "" (the leaflet's own)."""
        m = _LEVEL.search(self.detail)
        return m.group(1).casefold() if m else ""

    @property
    def partner(self) -> tuple[str, str, str]:
        """An interaction's partner as (how, what, label): ("drug", "levothyroxine", ""),
        ("atc", "J01AA", "tetracycline antibiotics") or ("food", "tea, coffee or milk", "")."""
        detail = _LEVEL.sub("", self.detail)
        if detail.startswith("atc:"):
            code, _, label = detail[4:].partition("=")
            return "atc", code.strip(), label.strip()
        if detail.startswith("food:"):
            return "food", detail[5:].strip(), ""
        return "drug", detail, ""


@dataclass(frozen=True)
class Problem:
    line: int
    reason: str


def _detail_problem(kind: str, detail: str) -> str | None:
    """Why a row's detail cell does not fit its kind, or None."""
    if kind == "side_effect":
        return None if detail.casefold() in BANDS else f"side_effect band must be one of {BANDS}"
    if kind in PARTNERED:
        level = _LEVEL.search(detail.casefold())
        if level and (kind != "interaction" or level.group(1) not in LEVELS
                      or detail[:5].casefold() == "food:"):
            return f"a partner's level must be one of {LEVELS}, on a medicine interaction"
        detail = _LEVEL.sub("", detail.casefold()) if level else detail
        if detail[:4].casefold() == "atc:":
            code, eq, label = detail[4:].partition("=")
            if eq and label.strip() and _ATC.match("atc:" + code.strip().upper()):
                return None
            return "interaction partner must read 'atc:CODE = plain label'"
        if detail[:5].casefold() == "food:":
            return None if detail[5:].strip() else "food partner without a name"
        return None if detail and detail != "-" else "interaction without a partner"
    return None if detail == "-" else f"{kind} takes no detail: write '-'"


def parse(text: str) -> tuple[list[LeafletFact], list[Problem]]:
    """Rows "subject | kind | detail | text | source | url"; comments (#) and blank lines
    skipped. Every other line is either a fact or a problem: nothing is dropped silently."""
    facts: list[LeafletFact] = []
    problems: list[Problem] = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [" ".join(c.split()) for c in line.split(" | ")]
        if len(cells) != 6:
            problems.append(Problem(n, f"expected 6 cells, found {len(cells)}"))
            continue
        subject, kind, detail, body, source, url = cells
        subject = subject.casefold()
        reason = None
        if not subject or (subject.startswith("atc:") and not _ATC.match(
                "atc:" + subject[4:].upper())):
            reason = "subject must be a name or atc:CODE"
        elif kind not in KINDS:
            reason = f"unknown kind {kind!r}"
        elif not body or not source:
            reason = "text and source are required"
        elif not _URL.match(url):
            reason = "url must be an http(s) address"
        else:
            reason = _detail_problem(kind, detail)
        if reason:
            problems.append(Problem(n, reason))
            continue
        if subject.startswith("atc:"):
            subject = "atc:" + subject[4:].upper()
        if kind in PARTNERED and detail[:4].casefold() == "atc:":
            mark = _LEVEL.search(detail.casefold())
            code, _, label = _LEVEL.sub("", detail)[4:].partition("=")
            detail = f"atc:{code.strip().upper()} = {label.strip()}" + (
                f" [{mark.group(1).casefold()}]" if mark else "")
        elif kind in PARTNERED:
            detail = detail.casefold()
        else:
            detail = detail.casefold() if detail != "-" else ""
        facts.append(LeafletFact(n, subject, kind, detail, body, source, url))
    return facts, problems


def read(path: Path = FILE) -> tuple[list[LeafletFact], list[Problem]]:
    """The shipped file (or `path`); undecodable bytes are replaced, never fatal."""
    return parse(path.read_bytes().decode("utf-8", errors="replace"))
