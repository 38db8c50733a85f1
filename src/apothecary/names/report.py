"""Turn resolved entries into the `resolve` command's JSON and its readable summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from ..models import Entry, Status


def entries_json(entries: Sequence[Entry]) -> list[dict[str, Any]]:
    """The CONTRACT.md shape: one object per entry, in input order."""
    return [entry.model_dump(mode="json") for entry in entries]


def summary(entries: Sequence[Entry]) -> dict[str, Any]:
    """Counts by status, the share fully resolved and the number of distinct keys."""
    counts = Counter(entry.status.value for entry in entries)
    total = len(entries)
    resolved = counts.get(Status.RESOLVED.value, 0)
    return {
        "lines": total,
        "resolved": resolved,
        "unresolved": counts.get(Status.UNRESOLVED.value, 0),
        "invalid": counts.get(Status.INVALID.value, 0),
        "resolved_share": round(resolved / total, 4) if total else 0.0,
        "distinct_keys": len({e.key for e in entries if e.key}),
    }


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_table(entries: Sequence[Entry], width: int = 100) -> str:
    """One line per entry (line number, status, what it resolved to or why not), then totals."""
    rows = []
    for entry in entries:
        if entry.status == Status.RESOLVED:
            detail = " + ".join(dict.fromkeys(i.name or "?" for i in entry.ingredients))
        else:
            detail = entry.reason or ""
            if entry.suggestions:
                detail += f" (near: {', '.join(entry.suggestions[:3])})"
        rows.append(f"{entry.line:>6}  {entry.status.value:<10}  {_clip(detail, width - 20)}")
    s = summary(entries)
    rows.append(
        f"{s['lines']} entries: {s['resolved']} resolved ({s['resolved_share']:.1%}), "
        f"{s['unresolved']} unresolved, {s['invalid']} invalid; {s['distinct_keys']} distinct keys"
    )
    return "\n".join(rows)
