"""Build feedback: a Rich progress bar on a terminal, plain lines otherwise, and a summary."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


class BuildProgress:
    """Callable as pipeline.Progress: (stage, done, total). Use as a context manager."""

    def __init__(
        self, stream: TextIO | None = None, force_plain: bool = False,
        usage: Callable[[], dict[str, int]] | None = None,
    ) -> None:
        self.usage = usage  # live counters shown beside the bar (LLM requests and tokens)
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() and not force_plain
        self._bar: Progress | None = None
        self._tasks: dict[str, Any] = {}
        self._last: dict[str, int] = {}

    def __enter__(self) -> BuildProgress:
        if self.tty:
            self._bar = Progress(
                TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn(),
                TimeElapsedColumn(), TextColumn("{task.fields[counts]}"),
                console=Console(file=self.stream), transient=True,
            )
            self._bar.start()
        return self

    def __exit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._bar is not None:
            self._bar.stop()

    def _counts(self) -> str:
        counts = self.usage() if self.usage else {}
        return "  ".join(f"{k.removeprefix('llm_')}: {v:,}" for k, v in counts.items())

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self._bar is not None:
            if stage not in self._tasks:
                self._tasks[stage] = self._bar.add_task(stage, total=total, counts="")
            self._bar.update(self._tasks[stage], completed=done, total=total,
                             counts=self._counts())
            return
        # plain: a line at the start, every tenth and at the end of each stage
        step = max(1, total // 10)
        last = self._last.get(stage, -1)
        if done in (0, total) or done // step != last // step:
            if done != last:
                counts = self._counts()
                tail = f"  ({counts})" if counts and stage == "writing" else ""
                print(f"{stage}: {done}/{total}{tail}", file=self.stream, flush=True)
                self._last[stage] = done


def summary(report: Mapping[str, Any], elapsed: float, out: str, top: int = 5) -> list[str]:
    """A one-screen summary of a build report."""
    c = report.get("counts", {})
    lines = []
    if report.get("up_to_date"):
        lines.append(f"{out} is up to date (nothing changed since the last build).")
    lines.append(
        f"{c.get('pages', 0)} pages from {c.get('input_lines', 0)} lines "
        f"({c.get('duplicates_merged', 0)} duplicates merged) in {elapsed:.2f} s → {out}"
    )
    enc = report.get("input_encoding")
    if enc and enc != "utf-8":
        lines.append(f"list read as {enc.upper()} (detected)")
    if "files_written" in c and not report.get("up_to_date"):
        lines.append(f"files: {c['files_written']} written, {c.get('files_reused', 0)} unchanged")
    unresolved = report.get("unresolved", [])
    if unresolved:
        lines.append(f"{len(unresolved)} unresolved (no page). Top reasons:")
        reasons: Counter[str] = Counter(_reason_kind(u.get("reason") or "") for u in unresolved)
        for reason, n in reasons.most_common(top):
            lines.append(f"  {n:>5}  {reason}")
    invalid = report.get("invalid", [])
    if invalid:
        lines.append(f"{len(invalid)} invalid lines (not product names), e.g. line "
                     f"{invalid[0]['line']}: {invalid[0]['input'][:60]!r}")
    brands = report.get("brands")
    if isinstance(brands, dict):
        lines.append(f"brands: {brands.get('matched', 0)} matched, "
                     f"{len(brands.get('unmatched') or [])} unmatched, "
                     f"{len(brands.get('ambiguous') or [])} ambiguous (see the report)")
    extra = {k: v for k, v in c.items() if k.startswith("llm_")}
    if extra:
        lines.append("  ".join(f"{k}: {v}" for k, v in sorted(extra.items())))
    fallbacks = report.get("llm_fallbacks")
    if isinstance(fallbacks, dict) and fallbacks:
        why = ", ".join(f"{n} {k}" for k, n in sorted(fallbacks.items(), key=lambda x: -x[1]))
        lines.append(f"{sum(fallbacks.values())} pages fell back to the template writer: {why}")
    lines.append(f"report: {out}/build-report.json")
    return lines


def _reason_kind(reason: str) -> str:
    """Group reasons that differ only in the name they quote ('unknown name "x"')."""
    head = reason.split(":")[0].split('"')[0].split("'")[0].strip()
    return head[:70] or "unknown"

