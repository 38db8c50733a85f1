"""Markdown pages in the seed site's exact format, so a Jekyll site can swap its folder.

Front matter goes through PyYAML (never string formatting) and every piece of text is
markdown-escaped, including `{`/`}` so Liquid never sees a tag in a drug name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import yaml

from ..models import Page, Section, Statement
from . import order
from .common import SourceIndex

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when present: much faster
_ESCAPES = {ord(c): "\\" + c for c in "\\`*_[]<>#|!$~"}
_ESCAPES |= {ord("{"): "&#123;", ord("}"): "&#125;"}  # Liquid must never see {{ or {%
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_LINE_START = re.compile(r"^([-+=])|^(\d+)([.)])")
INLINE_SECTIONS = {"generic-name", "disclaimer", "note"}


@lru_cache(maxsize=65_536)  # labels, source names and sentences repeat across pages
def md_escape(text: str) -> str:
    """Plain text → markdown that renders as the same text (one line, no markup, no Liquid)."""
    text = " ".join(text.split())
    if "&" in text:
        text = _ENTITY.sub("&amp;", text)
    text = text.translate(_ESCAPES)
    if text[:1] in "-+=0123456789":  # a paragraph must not turn into a list or a heading
        text = _LINE_START.sub(
            lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), text
        )
    return text


def front_matter(title: str, layout: str, extra: Mapping[str, Any] | None = None) -> str:
    data: dict[str, Any] = {"layout": layout, "nav_exclude": True, "title": title}
    if extra:
        data.update({k: v for k, v in extra.items() if k not in data})
    dumped = yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False,
        width=10_000,
    )
    return f"---\n{dumped}---\n"


def _statement(st: Statement, sources: SourceIndex) -> str:
    text = md_escape(st.text)
    names = sources.names_for(st)
    if names:
        text += f" _(Source: {md_escape(', '.join(names))})_"
    if not st.verified:
        text += " **(unverified)**"
    if st.label:
        label = md_escape(st.label)
        sep = "" if st.label.endswith("?") else ":"
        return f"* **{label}{sep}** {text}"
    return text


def _section(section: Section, sources: SourceIndex) -> str:
    head = f"**{md_escape(section.title)}:**"
    statements = list(section.statements)
    if section.id in INLINE_SECTIONS and statements and not statements[0].label:
        head += " " + _statement(statements.pop(0), sources)
    blocks = [head]
    if section.intro:
        blocks.append(md_escape(section.intro))
    bullets: list[str] = []
    for st in statements:
        line = _statement(st, sources)
        if line.startswith("* "):
            bullets.append(line)
            continue
        if bullets:
            blocks.append("\n".join(bullets))
            bullets = []
        blocks.append(line)
    if bullets:
        blocks.append("\n".join(bullets))
    return "\n\n".join(blocks)


def render_page(page: Page, layout: str = "default", extra: Mapping[str, Any] | None = None) -> str:
    """One page as seed-format markdown: front matter, `# Title`, bold-label sections in the
    seed order (render/order.py), companion statements inline."""
    sources = SourceIndex(page)
    parts = [front_matter(page.title, layout, extra), f"# {md_escape(page.title)}"]
    parts += [_section(s, sources) for s in order.arrange(page.sections, order.JEKYLL)]
    return "\n\n".join(parts).replace("---\n\n\n", "---\n\n") + "\n"
