"""Helpers every renderer shares: output paths and per-statement source names."""

from __future__ import annotations

from collections.abc import Iterable

from ..models import Page, Statement
from .slug import first_char_dir

FORMATS = ("html", "jekyll", "json")


def html_path(slug: str) -> str:
    return f"{first_char_dir(slug)}/{slug}/index.html"


def jekyll_path(slug: str) -> str:
    return f"jekyll/{first_char_dir(slug)}/{slug}.md"


def json_path(slug: str) -> str:
    return f"api/v4/pages/{slug}.json"  # jsonapi.page_path(slug, jsonapi4.API)


PATHS = {"html": html_path, "jekyll": jekyll_path, "json": json_path}


class SourceIndex:
    """Which sources back a statement, so every fact shown names where it came from."""

    def __init__(self, page: Page) -> None:
        self.by_fact = {f.id: f.source_id for f in page.facts}
        self.names = {s.id: s.name for s in page.sources}
        self._memo: dict[tuple[str, ...], list[str]] = {}

    def names_for(self, st: Statement) -> list[str]:
        """The source names behind a statement, sorted (shared between calls: do not
        modify; statements citing the same facts recur across formats and lists)."""
        key = tuple(st.fact_ids)
        names = self._memo.get(key)
        if names is None:
            ids = sorted({self.by_fact[i] for i in key if i in self.by_fact})
            names = self._memo[key] = [self.names.get(i, i) for i in ids]
        return names


def unique_names(values: Iterable[str], limit: int | None = None) -> list[str]:
    """First spelling of each name, whitespace folded, compared case-insensitively; the
    first `limit` of them when given (the rest of `values` is not read)."""
    seen: dict[str, str] = {}
    for v in values:
        v = " ".join(v.split())
        if v and v.casefold() not in seen:
            seen[v.casefold()] = v
            if limit is not None and len(seen) >= limit:
                break
    return list(seen.values())
