"""Helpers for the site tests: hand-made entries and a knowledge base with hostile names."""

from __future__ import annotations

import re
import shutil
import sqlite3
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from apothecary.models import Entry, Ingredient, Status

HOSTILE_TITLE = 'Evil "Quote": <b>&amp; {{ site.x }} {% raw %} ../../etc é</script>'


def entry(line: int, *ids: str, text: str | None = None) -> Entry:
    """A resolved entry for the given drug ids, as the resolver would return it."""
    return Entry(
        line=line,
        input=text or " + ".join(ids),
        status=Status.RESOLVED,
        ingredients=[Ingredient(input=i, id=i, name=i) for i in ids],
        key="+".join(sorted(set(ids))),
    )


def bad(line: int, text: str, status: Status = Status.UNRESOLVED) -> Entry:
    return Entry(line=line, input=text, status=status, reason=f"{status.value} name",
                 suggestions=["paracetamol"] if status == Status.UNRESOLVED else [])


def hostile_kb(tiny_kb_path: Path, folder: Path) -> Path:
    """The tiny KB plus a drug whose display name and fact text try to break every format."""
    path = folder / "hostile.sqlite"
    shutil.copy(tiny_kb_path, path)
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO drugs (id, name, display) VALUES ('DBX1', ?, ?)",
        (HOSTILE_TITLE.lower(), HOSTILE_TITLE),
    )
    conn.execute(
        "INSERT INTO names VALUES ('evil', ?, 'DBX1', 'synonym', 'drugbank')",
        ("<img src=x onerror=alert(1)>",),
    )
    conn.execute(
        "INSERT INTO facts VALUES ('f-evil-use', 'DBX1', 'use', 'x', ?, 'labeledin', 'r1',"
        " 'Public domain', NULL, NULL, NULL, NULL)",
        ("*bold* [link](http://x) </script><script>alert(1)</script> --- # {{ x }}",),
    )
    conn.commit()
    conn.close()
    return path


BIG_TITLES = {"DBY1": 'Bïg "Heavy" <Drug> & </script> x', "DBY2": "Ötherdrug 'two' & <i>"}
BIG_NAMES = {"DBY1": "heavymedicine", "DBY2": "otherheavy"}  # what a list may call them
FREQUENCIES = {"common": 8, "postmarketing": 5, "uncommon": 20, "rare": 20}
SEVERITIES = ["contraindicated", "major", "major", "moderate", "moderate", "minor", None]


def effect_name(drug: str, n: int) -> str:
    """A side effect's plain wording, unique on the site, that tries to break HTML."""
    return f'{n:04d}-{drug.lower()} "ache" <b>&amp; é</script> ü'


def partner_name(drug: str, n: int) -> str:
    return f"{n:04d}-{drug.lower()} partner 'q' <i> & ü </script>"


def big_kb(tiny_kb_path: Path, folder: Path, unknown: int = 420, partners: int = 300) -> Path:
    """The tiny KB plus two drugs (DBY1, DBY2) with hundreds of side effects and
    interactions, several sources, and hostile names everywhere."""
    path = folder / "big.sqlite"
    shutil.copy(tiny_kb_path, path)
    conn = sqlite3.connect(path)
    fact = ("INSERT INTO facts (id, drug_id, kind, value, plain, source_id, locator, licence,"
            " other_id, severity, frequency) VALUES (?, ?, ?, ?, ?, ?, 'r', 'lic', ?, ?, ?)")
    for drug, title in BIG_TITLES.items():
        conn.execute("INSERT INTO drugs (id, name, display) VALUES (?, ?, ?)",
                     (drug, title.lower(), title))
        conn.execute("INSERT INTO names VALUES (?, ?, ?, 'synonym', 'drugbank')",
                     (BIG_NAMES[drug], BIG_NAMES[drug], drug))
        bands = [b for b, count in FREQUENCIES.items() for _ in range(count)]
        bands += ["unknown"] * unknown
        for n, band in enumerate(bands):
            source = "sider" if n % 3 else "drugcentral"
            name = effect_name(drug, n)
            conn.execute(fact, (f"se-{drug}-{n}", drug, "side_effect", name, name, source,
                                None, None, band))
        for n in range(partners):
            other = f"P{drug}{n:04d}"
            name = partner_name(drug, n)
            conn.execute("INSERT INTO drugs (id, name, display) VALUES (?, ?, ?)",
                         (other, name.lower(), name))
            source = ("ansm", "onc", "drugcentral")[n % 3]
            conn.execute(fact, (f"ix-{drug}-{n}", drug, "interaction", name, name, source,
                                other, SEVERITIES[n % len(SEVERITIES)], None))
    conn.commit()
    conn.close()
    return path


ASSET = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"')
HREF = re.compile(r'(?:href|src)="([^"]*)"')
LIST = re.compile(r'<ul>(.*?)</ul>\s*(?:<p class="src-all">(.*?)</p>)?', re.S)
CITE = re.compile(r"<cite>(.*?)</cite>")


def page_weight(html: str, static: dict[str, bytes]) -> int:
    """HTML bytes plus every site stylesheet and script it links (as bench/bench_web.py)."""
    assets = {href.rsplit("static/", 1)[-1] for href in ASSET.findall(html)}
    return len(html.encode("utf-8")) + sum(len(static[f"static/{a}"]) for a in assets)


def main_of(html: str) -> str:
    return html[html.index("<main"): html.index("</main>")]


def cited_items(html: str) -> list[tuple[str, set[str]]]:
    """(bullet HTML, names of the sources it cites) for every bullet of every list in `html`,
    a list-wide "Source for this list" counting for each of its bullets."""
    out = []
    for body, shared in LIST.findall(html):
        common = set(CITE.findall(shared or ""))
        for li in re.findall(r"<li(?: [^>]*)?>(.*?)</li>", body, re.S):
            out.append((li, common | set(CITE.findall(li))))
    return out


def resolve(folder: str, href: str) -> str:
    """A relative link from a page in `folder` (site-relative, ending in '/') as a site path;
    '..' beyond the site root is kept so a test sees it."""
    parts = [p for p in folder.split("/") if p]
    for piece in href.split("#")[0].split("/")[:-1]:
        if piece == "..":
            parts = parts[:-1] if parts else ["<above the site root>"]
        elif piece not in ("", "."):
            parts.append(piece)
    last = href.split("#")[0].split("/")[-1]
    return "/".join([*parts, last or "index.html"])


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


# start tags that end an open paragraph (the HTML standard's list, those the site writes)
P_CLOSERS = {"article", "div", "footer", "form", "h1", "h2", "h3", "h4", "header", "main",
             "nav", "ol", "p", "section", "table", "ul"}
_TAG = re.compile(r"""<[a-zA-Z][^\s>/]*"""
                  r"""(?:\s+[^\s"'>/=]+(?:=(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*/?>""")
_ATTR = re.compile(r"""(\s+[^\s"'>/=]+)(?:=("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")


def quoted(html: str) -> str:
    """A published page with every attribute value in double quotes again, as the templates
    write them (the build leaves out the quotes a value does not need, round 11), so tests
    can look for `href="…"` in a built page."""
    def tag(m: re.Match[str]) -> str:
        t = m.group(0)
        end = len(re.match(r"<[a-zA-Z][^\s>/]*", t).group(0))  # type: ignore[union-attr]
        return t[:end] + _ATTR.sub(lambda a: a.group(1) if a.group(2) is None else (
            a.group(1) + "=" + (a.group(2) if a.group(2)[0] in "\"'" else f'"{a.group(2)}"')),
            t[end:])
    return _TAG.sub(tag, html)


class _Rdfa(HTMLParser):
    """schema.org in RDFa Lite as a crawler reads it (`vocab` in scope, `typeof` starts an
    item, a `property` on it links the item to the one around it, a `property` without
    `typeof` is the element's text), for what the site writes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[dict[str, Any]] = []  # top-level items
        # (tag, vocab, item started here, text property here, its text)
        self.stack: list[tuple[str, str, dict[str, Any] | None, str | None, list[str]]] = []

    def _item(self) -> dict[str, Any] | None:
        return next((it for _, _, it, _, _ in reversed(self.stack) if it is not None), None)

    def _implied_end(self, tag: str, scope: set[str]) -> None:
        """An open `tag` (not beyond `scope`) ends here, as the HTML parser ends it: the
        published pages leave out the end tags the standard implies (round 11)."""
        for open_tag, *_ in reversed(self.stack):
            if open_tag == tag:
                self.handle_endtag(tag)
                return
            if open_tag in scope:
                return

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in VOID:
            return
        if tag == "li":
            self._implied_end("li", {"ul", "ol"})
        if tag in P_CLOSERS:
            self._implied_end("p", {"section", "article", "li", "div", "main", "body"})
        vocab = a.get("vocab") or (self.stack[-1][1] if self.stack else "")
        parent, prop = self._item(), a.get("property")
        item: dict[str, Any] | None = (
            {"@type": vocab + (a.get("typeof") or ""), "props": {}} if "typeof" in a else None)
        if item is not None:
            if prop and parent is not None:
                parent["props"].setdefault(prop, []).append(item)
            elif parent is None:
                self.items.append(item)
        self.stack.append((tag, vocab, item,
                           prop if item is None and parent is not None else None, []))

    def handle_data(self, data: str) -> None:
        for _, _, _, prop, buf in self.stack:
            if prop:
                buf.append(data)

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            open_tag, _, _, prop, buf = self.stack.pop()
            if prop:
                owner = self._item()
                assert owner is not None
                owner["props"].setdefault(prop, []).append("".join(buf))
            if open_tag == tag:
                return


def rdfa(html: str) -> list[dict[str, Any]]:
    """The page's top-level RDFa Lite items: {"@type": URL, "props": {name: [values]}}, a
    value being text or a nested item."""
    parser = _Rdfa()
    parser.feed(html)
    parser.close()
    return parser.items


def faq_structured(html: str) -> list[tuple[str, str]]:
    """(question, answer) of every Question of the page's FAQPage (RDFa Lite); no microdata
    left beside it."""
    assert "itemscope" not in html and "itemprop" not in html
    pages = [it for it in rdfa(html) if it["@type"] == "https://schema.org/FAQPage"]
    assert len(pages) <= 1
    out = []
    for q in pages[0]["props"].get("mainEntity", []) if pages else []:
        assert q["@type"] == "https://schema.org/Question"
        [name], [answer] = q["props"]["name"], q["props"]["acceptedAnswer"]
        assert answer["@type"] == "https://schema.org/Answer"
        [text] = answer["props"]["text"]
        out.append((name, text))
    return out
