"""Audit a folder of pages and present the result: one JSON object, or one HTML page for people."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, TypedDict

from jinja2 import Environment, StrictUndefined, select_autoescape

from ..errors import AuditError
from ..knowledge.store import KnowledgeBase
from .findings import KINDS, Auditor, FindingJSON, PageResult
from .pages import find_pages, read_page

# How much each kind of finding weighs when ordering pages worst first.
SEVERITY = {
    "refusal": 10, "unresolved-name": 8, "denies-product": 6, "unsupported-claim": 5,
    "outdated": 4, "no-source": 2,
    "duplicate": 3, "malformed": 3, "missing-note": 2, "missing-section": 1,
}


def audit_dir(
    root: Path, kb: KnowledgeBase, progress: Callable[[int], None] | None = None,
    skipped: list[tuple[str, str]] | None = None,
) -> list[PageResult]:
    """Read and check every markdown page inside `root` (never outside it: see find_pages);
    entries passed over are added to `skipped` as (path, reason)."""
    if not root.is_dir():
        raise AuditError(f"not a folder: {root}")
    auditor = Auditor(kb)
    pages = []
    for path in find_pages(root, skipped):
        pages.append(read_page(path, root))
        if progress:
            progress(1)
    return auditor.audit(pages)


def score(result: PageResult) -> int:
    return sum(SEVERITY.get(f.kind, 1) for f in result.findings)


class PageJSON(TypedDict):
    """One audited page in `apothecary audit --json`."""

    path: str
    title: str | None
    key: str | None
    status: str | None
    score: int
    findings: list[FindingJSON]


class SkippedJSON(TypedDict):
    path: str
    reason: str


class AuditJSON(TypedDict):
    """`apothecary audit --json` (CONTRACT.md): `counts` has one number per finding kind
    besides pages, pages_with_findings and skipped, and `pages_by_kind`."""

    pages: list[PageJSON]
    counts: dict[str, Any]
    skipped: list[SkippedJSON]


def report_dict(results: list[PageResult],
                skipped: Sequence[tuple[str, str]] = ()) -> AuditJSON:
    """The JSON report of CONTRACT.md: pages (path relative to DIR), counts of findings and
    every entry that was passed over, with the reason."""
    pages: list[PageJSON] = []
    kinds: Counter[str] = Counter()
    pages_with: Counter[str] = Counter()
    for r in sorted(results, key=lambda r: r.page.path):
        kinds.update(f.kind for f in r.findings)
        pages_with.update({f.kind for f in r.findings})
        pages.append({
            "path": r.page.path,
            "title": r.page.title,
            "key": r.key,
            "status": r.entry.status.value if r.entry is not None else None,
            "score": score(r),
            "findings": [f.to_dict() for f in r.findings],
        })
    counts: dict[str, Any] = {"pages": len(pages),
                              "pages_with_findings": sum(1 for p in pages if p["findings"])}
    counts.update({k: kinds.get(k, 0) for k in KINDS})
    counts.update({k: v for k, v in sorted(kinds.items()) if k not in counts})
    counts["pages_by_kind"] = {k: pages_with.get(k, 0) for k in KINDS}
    counts["skipped"] = len(skipped)
    return {"pages": pages, "counts": counts,
            "skipped": [{"path": p, "reason": r} for p, r in skipped]}


def _env() -> Environment:
    env = Environment(
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )
    return env


def render_html(report: AuditJSON, title: str = "Audit report") -> str:
    """One self-contained page: totals, the worst pages first, filters by kind."""
    source = resources.files("apothecary.audit").joinpath("data/report.html").read_text("utf-8")
    template = _env().from_string(source)
    flagged = sorted((p for p in report["pages"] if p["findings"]),
                     key=lambda p: (-p["score"], p["path"]))
    by_kind = {k: [p for p in flagged if any(f["kind"] == k for f in p["findings"])]
               for k in KINDS}
    return template.render(
        title=title, counts=report["counts"], kinds=KINDS, pages=flagged, by_kind=by_kind,
        clean=report["counts"]["pages"] - len(flagged),
    )


def summary_lines(report: AuditJSON, top: int = 10) -> list[str]:
    """A few lines for the terminal."""
    counts = report["counts"]
    lines = [f"{counts['pages']} pages audited, {counts['pages_with_findings']} with findings"]
    for item in report.get("skipped", []):
        lines.append(f"  skipped {printable(item['path'])}: {item['reason']}")
    for kind in KINDS:
        if counts.get(kind):
            lines.append(f"  {kind:<18} {counts[kind]:>6} findings on "
                         f"{counts['pages_by_kind'][kind]} pages")
    worst = sorted((p for p in report["pages"] if p["findings"]),
                   key=lambda p: (-p["score"], p["path"]))[:top]
    if worst:
        lines.append("worst pages:")
        for p in worst:
            kinds = sorted({f["kind"] for f in p["findings"]})
            lines.append(f"  {printable(p['path'])}: {', '.join(kinds)}")
    return lines


def printable(text: str) -> str:
    """A file name safe to print on a terminal: control characters (escape sequences, a
    newline that would forge a report line) and other unprintables shown as escapes."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)
