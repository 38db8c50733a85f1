"""Read published markdown pages in both known layouts, never failing on a bad file.

The seed sites wrote sections as bold labels (`**Usage:**`); their later variant uses
`### Usage` headings and adds Dosage and Precautions. Both become the same list of
`PageSection`s so the checks in findings.py never care which layout a page used.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from ..names.normalize import norm_key
from ..sentences import split_sentences

# Canonical section ids and the headings that mean them (compared after norm_key).
SECTION_ALIASES: dict[str, tuple[str, ...]] = {
    "generic-name": ("generic name", "generic names", "generic"),
    "usage": ("usage", "uses", "use", "indications", "what is it used for", "medical uses"),
    "side-effects": ("side effects", "side effect", "adverse effects", "possible side effects"),
    "how-it-works": ("how it works", "how does it work", "mechanism of action", "mechanism"),
    "faqs": ("faqs", "faq", "frequently asked questions"),
    "dosage": ("dosage", "dose", "doses", "dosage and administration", "how to take"),
    "precautions": ("precautions", "warnings", "warnings and precautions", "cautions"),
    "interactions": ("interactions", "drug interactions", "interactions with other medicines"),
    "disclaimer": ("disclaimer", "medical disclaimer"),
    "note": ("note", "notes", "important note"),
}
SECTION_TITLES = {
    "generic-name": "Generic Name", "usage": "Usage", "side-effects": "Side Effects",
    "how-it-works": "How it Works", "faqs": "FAQs",
}
_HEADING_IDS = {alias: sid for sid, aliases in SECTION_ALIASES.items() for alias in aliases}

_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_BOLD_LABEL = re.compile(
    r"^\s{0,3}(?:\*\*|__)(?P<a>[^*_\n]{1,60}?)\s*(?P<c1>:?)\s*(?:\*\*|__)\s*(?P<c2>:?)\s*(?P<rest>.*)$"
)
_BULLET = re.compile(r"^\s*(?:[*+-]|\d{1,3}[.)])\s+")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|(?<!\w)[*_]|[*_](?!\w)|`)")


def section_id(heading: str) -> str:
    """The canonical id for a heading ("Side effects" → "side-effects"; unknown → its slug)."""
    key = norm_key(heading)
    return _HEADING_IDS.get(key) or key.replace(" ", "-") or "untitled"


def plain_text(markdown: str) -> str:
    """Markdown inline syntax removed: what a reader sees."""
    text = _LINK.sub(r"\1", markdown)
    text = _EMPHASIS.sub("", text)
    return re.sub(r"\s+", " ", text).strip()



@dataclass
class PageSection:
    id: str
    heading: str
    lines: list[str] = field(default_factory=list)
    _sentences: list[str] | None = field(default=None, repr=False, compare=False)

    def blocks(self) -> Iterator[str]:
        """Bullet items and paragraphs as plain text (a bullet starts a new block)."""
        current: list[str] = []
        for line in self.lines:
            if not line.strip() or _BULLET.match(line) or _ATX.match(line):
                if current:
                    yield plain_text(" ".join(current))
                current = []
            if line.strip():
                current.append(_BULLET.sub("", line, count=1).lstrip("#").strip())
        if current:
            yield plain_text(" ".join(current))

    def sentences(self) -> list[str]:
        if self._sentences is None:
            self._sentences = [s for b in self.blocks() if b for s in split_sentences(b)]
        return self._sentences

    def text(self) -> str:
        return " ".join(b for b in self.blocks() if b)


@dataclass
class AuditPage:
    """One markdown file: where it is, its title and sections, and what was wrong reading it."""

    path: str  # relative to the audited folder, with forward slashes
    title: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    sections: list[PageSection] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # reading problems → `malformed`
    readable: bool = True

    def section(self, sid: str) -> list[PageSection]:
        return [s for s in self.sections if s.id == sid]

    def section_ids(self) -> set[str]:
        return {s.id for s in self.sections if s.id != "preamble"}

    def all_sentences(self) -> Iterator[tuple[PageSection, str]]:
        for sec in self.sections:
            for sentence in sec.sentences():
                yield sec, sentence


def _decode(raw: bytes, problems: list[str]) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(f"not valid UTF-8 (byte {exc.start}); undecodable bytes replaced")
        return raw.decode("utf-8", errors="replace")


def _split_front_matter(text: str, problems: list[str]) -> tuple[dict[str, Any], str]:
    handler = YAMLHandler()
    if not handler.detect(text):
        return {}, text
    try:
        fm, body = handler.split(text)
    except ValueError:
        problems.append("front matter is not closed by a '---' line")
        return {}, text
    try:
        meta = yaml.load(fm, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        problems.append(f"broken front matter: {first}")
        return {}, body
    if meta is None:
        return {}, body
    if not isinstance(meta, dict):
        problems.append("front matter is not a mapping")
        return {}, body
    return {str(k): v for k, v in meta.items()}, body


def _title_from(
    meta: dict[str, Any], sections: list[PageSection], problems: list[str]
) -> str | None:
    raw = meta.get("title")
    if isinstance(raw, (str, int, float)) and not isinstance(raw, bool) and str(raw).strip():
        return str(raw).strip()
    if raw is not None:
        problems.append("front-matter title is not text")
    for sec in sections:
        if sec.id == "title":
            return plain_text(sec.heading) or None
    return None


def parse_page(text: str, path: str = "page.md") -> AuditPage:
    """Parse markdown text (front matter optional) into an AuditPage."""
    page = AuditPage(path=path)
    meta, body = _split_front_matter(text, page.problems)
    page.metadata = meta
    current = PageSection(id="preamble", heading="")
    sections = [current]
    for line in body.splitlines():
        atx = _ATX.match(line)
        if atx:
            heading = atx.group(2)
            sid = "title" if len(atx.group(1)) == 1 and not page_has_h1(sections) else None
            current = PageSection(id=sid or section_id(plain_text(heading)), heading=heading)
            sections.append(current)
            continue
        bold = _BOLD_LABEL.match(line)
        if bold and (bold.group("c1") or bold.group("c2") or not bold.group("rest")):
            label = bold.group("a").strip()
            sid = section_id(label)
            if sid in SECTION_ALIASES:
                current = PageSection(id=sid, heading=label)
                sections.append(current)
                if bold.group("rest").strip():
                    current.lines.append(bold.group("rest"))
                continue
        current.lines.append(line)
    page.sections = [s for s in sections if s.id != "preamble" or any(x.strip() for x in s.lines)]
    page.title = _title_from(meta, page.sections, page.problems)
    if page.title is None:
        page.problems.append("no title (neither front matter nor a '# ' heading)")
    return page


def page_has_h1(sections: list[PageSection]) -> bool:
    return any(s.id == "title" for s in sections)


def read_page(path: Path, root: Path) -> AuditPage:
    """Read one file; an unreadable file becomes a page with a problem, never an exception."""
    rel = path.relative_to(root).as_posix()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return AuditPage(path=rel, problems=[f"unreadable: {exc.strerror or exc}"], readable=False)
    problems: list[str] = []
    text = _decode(raw, problems)
    if "\x00" in text:
        problems.append("contains NUL bytes (binary file?)")
        text = text.replace("\x00", "")
    page = parse_page(text, rel)
    page.problems[:0] = problems
    return page


PAGE_SUFFIXES = (".md", ".markdown")


def find_pages(root: Path, skipped: list[tuple[str, str]] | None = None) -> list[Path]:
    """Every regular .md file inside root, sorted. Never leaves root: symlinks are resolved
    and followed only to files inside it; linked folders are not entered. Anything passed
    over that looks like a page (or a hidden folder) is added to `skipped` as
    (relative path, reason), so nothing is left out silently."""
    real_root = Path(os.path.realpath(root))
    found: list[Path] = []
    notes: list[tuple[str, str]] = []

    def walk(folder: Path) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            notes.append((_rel(folder, root), f"folder not readable: {exc.strerror or exc}"))
            return
        for entry in entries:
            path = Path(entry.path)
            rel = _rel(path, root)
            page_like = entry.name.lower().endswith(PAGE_SUFFIXES)
            if entry.is_symlink():
                reason = _link_problem(path, real_root)
                if reason is None and Path(os.path.realpath(path)).is_dir():
                    reason = "symlinked folder (not followed)"
                if reason is not None:
                    if page_like or "folder" in reason:
                        notes.append((rel, reason))
                    continue
                if page_like:
                    found.append(path)
                continue
            if entry.is_dir(follow_symlinks=False):
                if entry.name.startswith("."):
                    notes.append((rel, "hidden folder"))
                elif page_like:
                    notes.append((rel, "a folder named like a page"))
                    walk(path)
                else:
                    walk(path)
                continue
            if not page_like:
                continue
            if entry.is_file(follow_symlinks=False):
                found.append(path)
            else:
                notes.append((rel, "not a regular file (FIFO, socket or device)"))

    walk(Path(root))
    if skipped is not None:
        skipped.extend(sorted(notes))
    return sorted(found, key=lambda p: _rel(p, root))


def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path != root else "."


def _link_problem(path: Path, real_root: Path) -> str | None:
    """Why a symlink is not followed, or None when it points to something inside root."""
    try:
        target = Path(os.path.realpath(path, strict=True))
    except OSError as exc:  # dangling, or a loop (ELOOP)
        return "symlink loop" if exc.errno == errno.ELOOP else "broken symlink"
    if target != real_root and real_root not in target.parents:
        return "symlink points outside the folder"
    return None
