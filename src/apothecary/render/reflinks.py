"""Links from a statement to the pages of the medicines it names (issue 10: "interacting
medicines are not links").

A writer lists in `Statement.refs` the drug ids a statement names (interaction partners).
Each one that has a single-ingredient page on this site becomes a link: the partner's name
in the sentence is linked where it appears (its page title, list name, display name or
INN, whole words, any case); a partner whose name is not found in the sentence is linked
after it ("see Warfarin"). Every piece of text is escaped; only the `<a>` tags are ours.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import escape

from ..models import Page


@dataclass(frozen=True)
class RefLink:
    """Where a drug's own page is, and the names a sentence may call it by."""

    key: str  # page key
    href: str  # relative to the site root, "a/aspirin/"
    title: str
    names: tuple[str, ...]


def _names(page: Page) -> tuple[str, ...]:
    d = page.drugs[0]
    title = page.title
    short = title.split(" (", 1)[0] if title.endswith(")") else title
    seen: dict[str, str] = {}
    for n in (title, short, d.display, d.name):
        n = " ".join(n.split())
        if n and n.casefold() not in seen:
            seen[n.casefold()] = n
    return tuple(seen.values())


def site_targets(pages: Sequence[Page], hrefs: Mapping[str, str]) -> dict[str, RefLink]:
    """drug id → its single-ingredient page (the first such page when a drug has several);
    `hrefs` maps page keys to addresses relative to the site root."""
    out: dict[str, RefLink] = {}
    for p in pages:
        if len(p.drugs) == 1 and p.key in hrefs and p.drugs[0].id not in out:
            out[p.drugs[0].id] = RefLink(p.key, hrefs[p.key], p.title, _names(p))
    return out


def page_refs(page: Page) -> list[str]:
    """Every drug id the page's statements name, in first-seen order."""
    seen: dict[str, None] = {}
    for s in page.sections:
        for st in s.statements:
            for r in st.refs:
                seen.setdefault(r, None)
    return list(seen)


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    ref: str


def _hits(text: str, refs: Sequence[str], links: Mapping[str, RefLink]) -> list[_Hit]:
    """Non-overlapping name matches, leftmost (then longest) first, one per ref."""
    found: list[_Hit] = []
    for r in refs:
        link = links.get(r)
        if link is None:
            continue
        for name in link.names:
            pattern = rf"(?<![0-9A-Za-z]){re.escape(name)}(?![0-9A-Za-z])"
            for m in re.finditer(pattern, text, re.IGNORECASE):
                found.append(_Hit(m.start(), m.end(), r))
    found.sort(key=lambda h: (h.start, -(h.end - h.start)))
    chosen: list[_Hit] = []
    used: set[str] = set()
    end = 0
    for h in found:
        if h.ref in used or h.start < end:
            continue
        chosen.append(h)
        used.add(h.ref)
        end = h.end
    return chosen


def linked_text(text: str, refs: Sequence[str], links: Mapping[str, RefLink], root: str
                ) -> str:
    """`text` as escaped HTML, with each ref that has a page linked (see the module)."""
    refs = [r for r in dict.fromkeys(refs) if r in links]
    if not refs:
        return str(escape(text))
    out: list[str] = []
    pos = 0
    hits = _hits(text, refs, links)
    for h in hits:
        out.append(str(escape(text[pos:h.start])))
        out.append(f'<a href="{escape(root + links[h.ref].href)}">'
                   f"{escape(text[h.start:h.end])}</a>")
        pos = h.end
    out.append(str(escape(text[pos:])))
    rest = [r for r in refs if r not in {h.ref for h in hits}]
    if rest:
        tags = ", ".join(f'<a href="{escape(root + links[r].href)}">{escape(links[r].title)}</a>'
                         for r in rest)
        out.append(f' <span class="see">(see {tags})</span>')
    return "".join(out)


# "Source: NHS, Losartan: https://www.nhs.uk/medicines/losartan/." in a reviewed row's sentence,
# already escaped: the source's name becomes the link and the address leaves the visible text
# (a phone showed each address in full, a line or two per message). Never inside a tag: the
# name and the address hold no "<"; the escaped address is safe in a quoted attribute.
_CITED = re.compile(r"Source: ([^<]{1,300}?): (https?://[^\s<]+)")
_ENTITY_END = re.compile(r"&#?\w+;$")


def _cite(m: re.Match[str]) -> str:
    url, tail = m.group(2), ""
    # the sentence's own full stop or bracket after the address is not part of it; an
    # escaped character's closing ";" is ("&#34;")
    while url[-1] in ".,;:)" and not (url[-1] == ";" and _ENTITY_END.search(url)):
        url, tail = url[:-1], url[-1] + tail
    return f'Source: <a href="{url}">{m.group(1)}</a>{tail}'


def cited_links(html: str) -> str:
    """Escaped statement HTML with each "Source: name: address" turned into a link."""
    if "Source: " not in html:
        return html
    return _CITED.sub(_cite, html)
