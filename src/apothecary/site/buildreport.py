"""The shape of `build-report.json` (CONTRACT.md), typed so the code that writes and reads it
agrees on every key. Every key is optional to the type checker because a report read back
from disk (an up-to-date build) may come from an older version."""

from __future__ import annotations

from typing import Any, TypedDict


class ReportEntry(TypedDict, total=False):
    """An unresolved or invalid list line."""

    line: int
    input: str
    reason: str
    suggestions: list[str]


class ReportPage(TypedDict, total=False):
    """One page: its key, title, slug, list lines and main file in each format."""

    key: str
    title: str
    slug: str
    lines: list[int]
    html: str | None
    jekyll: str | None
    json: str | None
    writer: str
    claims: dict[str, Any]
    fallback_reason: str
    fallback_detail: str
    slug_note: str


class FailedPage(TypedDict):
    key: str
    title: str
    lines: list[int]
    reason: str


class BuildReport(TypedDict, total=False):
    pages: list[ReportPage]
    unresolved: list[ReportEntry]
    invalid: list[ReportEntry]
    counts: dict[str, int]
    formats: list[str]
    writer: str
    licences: list[str]
    sources: list[str]
    failed: list[FailedPage]
    llm_fallbacks: dict[str, int]
    search: dict[str, Any]
    input_encoding: str
    brands: dict[str, Any]
    url_map: list[dict[str, Any]]
    up_to_date: bool
