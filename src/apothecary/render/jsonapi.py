"""A read-only JSON API: one file per page (structured content, facts, sources) and an index."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic_core import PydanticSerializationError, to_json

from ..models import Page
from .common import SourceIndex


def dumps(data: Any) -> str:
    """Compact JSON, UTF-8 as it is: the same text as `json.dumps(data, ensure_ascii=False,
    separators=(",", ":"))`, from pydantic's Rust encoder, twice as fast on big pages."""
    try:
        return to_json(data).decode("utf-8") + "\n"
    except PydanticSerializationError:  # text UTF-8 cannot hold (a lone surrogate): escape it
        return json.dumps(data, ensure_ascii=True, separators=(",", ":")) + "\n"


def dumps_pretty(data: Any) -> str:
    """Indented JSON for files people read, such as build-report.json (the same text as
    `json.dumps(data, ensure_ascii=False, indent=1)`)."""
    try:
        return to_json(data, indent=1).decode("utf-8") + "\n"
    except PydanticSerializationError:  # a lone surrogate: escape it
        return json.dumps(data, ensure_ascii=True, indent=1) + "\n"


def page_data(page: Page, urls: Mapping[str, str | None]) -> dict[str, Any]:
    """The page without build-specific fields (input lines), so it only changes with its facts."""
    sources = SourceIndex(page)
    data = page.model_dump(mode="json", exclude={"lines", "inputs"})
    for sec, sec_data in zip(page.sections, data["sections"], strict=True):
        for st, st_data in zip(sec.statements, sec_data["statements"], strict=True):
            st_data["sources"] = sources.names_for(st)
    data["urls"] = dict(urls)
    return data


def render_page(page: Page, urls: Mapping[str, str | None]) -> str:
    return dumps(page_data(page, urls))


def render_index(items: Sequence[Mapping[str, Any]], licences: Sequence[str]) -> str:
    """api/index.json: every page with its names and where to find it."""
    return dumps({"count": len(items), "licences": list(licences), "pages": list(items)})
