"""Second-tier US label warnings (issue 10, review 39): a medicine whose own label carries a
"Warnings and precautions" heading such as gastrointestinal perforation or hepatitis B
reactivation gets that heading's plain message (label_warnings.txt), because boxed warnings
and "most important" lines alone left tocilizumab without its gut-tear and liver signs."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .model import SafetyItem
from .rules import DATA, _rows, key

MAIN_MAX = 2  # messages a main page shows; the rest go to the companion page
TOPIC = "label_warning"
KINDS = ("serious", "caution", "must_not")


@dataclass(frozen=True)
class Heading:
    kind: str  # serious | caution | must_not
    label: str  # the page's line label ("Tear in the stomach or gut")
    said: re.Pattern[str]  # what, on a page, already says it
    message: str
    source: str  # where the plain words come from


@dataclass(frozen=True)
class LabelWarning:
    heading: str
    kind: str
    label: str
    message: str
    source: str  # the medicine's label and section, then the words' source
    said: re.Pattern[str]


@lru_cache(maxsize=1)
def headings() -> dict[str, Heading]:
    """Label heading (lower case) → its plain message (label_warnings.txt)."""
    out: dict[str, Heading] = {}
    for heading, kind, label, said, message, source in _rows("label_warnings.txt", 6):
        if kind not in KINDS:
            raise ValueError(f"label_warnings.txt: unknown kind {kind!r} for {heading}")
        stems = [s.strip() for s in said.split(",") if s.strip()]
        out[key(heading)] = Heading(kind, label, re.compile(
            "|".join(r"\b" + re.escape(s) for s in stems), re.IGNORECASE), message, source)
    return out


@lru_cache(maxsize=1)
def label_warnings() -> dict[str, list[LabelWarning]]:
    """Preferred name → its label's second-tier warnings, in the file's order
    (label_headings.txt); a heading label_warnings.txt does not know is an error."""
    known = headings()
    out: dict[str, list[LabelWarning]] = {}
    for name, heading, label_source, *own in _rows_of("label_headings.txt"):
        h = known.get(key(heading))
        if h is None:
            raise ValueError(f"label_headings.txt: no message for heading {heading!r} ({name})")
        message = own[0] if own else h.message
        if message == "-":
            raise ValueError(f"label_headings.txt: {name}'s {heading!r} needs its own words")
        source = label_source if own else cited(name, label_source, h)
        out.setdefault(key(name), []).append(
            LabelWarning(key(heading), h.kind, h.label, message, source, h.said))
    return out


def _rows_of(name: str) -> list[list[str]]:
    """A table's rows of three cells, with a fourth when given (_rows keeps a fixed number)."""
    return [cells[:4] for cells in (
        [c.strip() for c in line.split(" | ")]
        for line in (DATA / name).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")) if len(cells) >= 3]


def cited(name: str, label_source: str, h: Heading) -> str:
    """The label's section, and whose leaflet the plain words follow when it is another
    medicine's; one address at the end, as every reviewed row's (wording.source_for)."""
    words, sep, address = label_source.partition(": http")
    plain = h.source.partition(": http")[0]
    if h.kind == "must_not" or key(name) in key(plain):
        return label_source
    return f"{words}; plain words from {plain}{sep}{address}"


def must_not_rows() -> list[list[str]]:
    """The contraindication headings as must_not key-message rows (name, topic, message,
    source): they join the page's one "Who must not take it" list."""
    return [[name, "must_not", w.message, w.source]
            for name, rows in label_warnings().items() for w in rows if w.kind == "must_not"]


def warning_items(name: str, said: Iterable[str]) -> list[SafetyItem]:
    """A medicine's second-tier label warnings as safety items: those whose subject none of
    the page's other messages (`said`) names, the first MAIN_MAX on the main page."""
    text = " ".join(said)
    out: list[SafetyItem] = []
    for w in label_warnings().get(key(name), []):
        if w.kind == "must_not" or w.said.search(text):
            continue
        out.append(SafetyItem(topic=TOPIC, label=w.label, text=w.message, source=w.source,
                              own=True, detail=len(out) >= MAIN_MAX))
    return out
