"""The static HTML site: Jinja2 with autoescape and StrictUndefined, no external requests.

Templates are compiled once per renderer; pages link relatively so the site works from
any folder or web server.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup, escape

from ..models import Page, Section, Source, Statement
from . import budget, minify, order
from .budget import PAGE_BUDGET
from .common import SourceIndex
from .jsonld import script_json
from .reflinks import RefLink, cited_links, linked_text

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
# Stylesheets served inside another (one request, one link): served name -> sources joined.
BUNDLE = {"style.css": ("web.css",)}
BUNDLED = {name for names in BUNDLE.values() for name in names}
ASSET = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"')
# The FAQs' structured data (issue 6) is schema.org on the visible questions, not a JSON-LD
# copy of the same texts (issue 14: every FAQ stated once), in RDFa Lite (`vocab`, `typeof`,
# `property`: about 65 bytes a question fewer than the same in microdata). Attribute values
# without spaces or quotes need no quotes in HTML; these are constants, never page text.
FAQ_SECTION = "faqs"
FAQ_PAGE = " vocab=https://schema.org/ typeof=FAQPage"
FAQ_QUESTION = "<li property=mainEntity typeof=Question>"
FAQ_NAME = "<strong property=name>"
FAQ_ANSWER = "<span property=acceptedAnswer typeof=Answer><span property=text>"


MORE = "more"  # the companion page shared by every section's moved entries
# where a section's own companion page was (a/<slug>/side-effects/) before `more/`: a stub
# that sends readers and old links on, kept out of search engines (issue #14, round 7), in
# the fewest bytes HTML allows (round 11: `<head>`, `<body>` and their end tags are implied)
_STUB = ('<!doctype html><html lang=en><meta charset=utf-8><title>Moved</title>'
         '<meta name=robots content=noindex>'
         '<meta http-equiv=refresh content="0; url={href}">'
         '<p><a href="{href}">This list has moved to the page of more details</a>.\n')


def is_moved_stub(html: str) -> bool:
    """Whether an HTML file is such a stub, not a page (it has no header, search or tags)."""
    return html.startswith(_STUB[:_STUB.index("<meta name")])


def moved_stub(href: str) -> str:
    """The small page left at a companion page's old address (`href` is site-relative and
    built from slugs, so it needs no escaping beyond what slugs already guarantee)."""
    return _STUB.format(href=escape(href))


def faq_marked(section: Section) -> bool:
    """Whether the section's questions carry FAQ structured data: the FAQs section's labelled
    statements the claim checker verified (a lenient build's marked answers stay on the
    page, visibly marked, but are never handed to search engines as answers)."""
    return section.id == FAQ_SECTION and any(st.label and st.verified
                                             for st in section.statements)


@dataclass
class IndexItem:
    title: str
    href: str
    names: str  # other names, for the filter box


@dataclass
class SourceUse:
    source: Source
    facts: int
    pages: int


def json_ld(data: Mapping[str, Any]) -> Markup:
    """JSON for a <script> block: `<`, `>` and `&` escaped so no text can close the tag."""
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def shown_partners(ld: str, moved: set[str]) -> Markup:
    """The page's JSON-LD with interactingDrug limited to partners the drug page still shows
    (the structured data never says more than the visible page)."""
    try:
        data = json.loads(str(ld))
        about = data["@graph"][0]["about"]
    except (ValueError, KeyError, IndexError, TypeError):
        return Markup(ld)
    partners = about.get("interactingDrug") if isinstance(about, dict) else None
    if not partners:
        return Markup(ld)
    kept = [d for d in partners if str(d.get("name", "")).casefold() not in moved]
    if kept:
        about["interactingDrug"] = kept
    else:
        del about["interactingDrug"]
    return script_json(data)


@functools.lru_cache(maxsize=4096)
def source_anchor(source_id: str) -> str:
    """The id of a source's entry on the sources page (`sources/#src-…`)."""
    return "src-" + re.sub(r"[^A-Za-z0-9_-]", "-", source_id)


def sources_html(section: Section, sources: Sequence[Source], root: str) -> Markup | None:
    """A drug page's Sources section: each source by name with its licence, linked to its
    entry on the sources page, where its edition, citation and address are (issue #14:
    the same long descriptions were on every page, 1.4 MB of the 4,000-line site). None
    when a statement is not one of the page's sources (then it is shown as written)."""
    by_name = {s.name: s for s in sources}
    if not section.statements or any(st.label not in by_name for st in section.statements):
        return None
    out = [f'<p class="intro">Each source\'s edition, citation and address are on the '
           f'<a href="{root}sources/">sources page</a>.</p><ul>']
    for st in section.statements:
        s = by_name[st.label or ""]
        out.append(f'<li><strong><a href="{root}sources/#{source_anchor(s.id)}">'
                   f"{escape(s.name)}</a>:</strong> Licence: {escape(s.licence)}.</li>")
    out.append("</ul>")
    return Markup("\n".join(out))


NOTE_USED = "from facts in these sources: {}. "
NOTE_SHORT = ('from facts in the sources listed under <a href="#sources">Sources</a>, each with '
              "its licence. ")


def note_html(section: Section, sources: Sequence[Source], listed: bool) -> Markup | None:
    """The HTML Note without its second list of the page's sources and licences (issue #14:
    0.9 MB of the 4,000-line site): when the Sources section above names every source with
    its licence (`listed`), the Note points there instead. None when the Note is not the
    template writer's wording for exactly these sources (then it is shown as written). The
    Jekyll export and the API keep the seed format's Note, which lists them."""
    if not listed or not sources or len(section.statements) != 1:
        return None
    st = section.statements[0]
    used = NOTE_USED.format("; ".join(f"{s.name}, licence {s.licence}" for s in sources))
    if st.label or used not in st.text or not st.verified:
        return None
    head, _, tail = st.text.partition(used)
    return Markup("<p>{}{}{}</p>").format(head, Markup(NOTE_SHORT), tail.rstrip())


def _citations(names: tuple[str, ...], verified: bool) -> str:
    """The sources after a statement, escaped (a few distinct lists recur on every page)."""
    tail = "".join(f" <cite>{escape(n)}</cite>" for n in names)
    return tail if verified else tail + ' <span class="unverified">unverified</span>'


def related_html(groups: Sequence[Any], root: str) -> Markup:
    """The related-medicines section (render/related.py's groups), built here rather than
    in a Jinja loop: a page links up to 30 medicines, and this runs for every page."""
    if not groups:
        return Markup("")
    out = ['<section id="related">', "<h2>Related medicines</h2>"]
    for g in groups:
        out.append(f"<h3>{escape(g.title)}</h3>")
        if g.page:  # a long class: its own page lists every member
            out.append(f'<p class="more"><a href="{escape(root + g.page)}">See all {int(g.count)} '
                       f"medicines in this class</a></p>")
        elif g.links:
            # no `</li>`: HTML closes an item at the next `<li>` or `</ul>` (issue 14: a
            # page links up to 30 medicines, on 2,400 pages); web.css styles `#related ul`
            items = "".join(f'<li><a href="{escape(root + link.href)}">{escape(link.title)}</a>'
                            for link in g.links)
            out.append(f"<ul>{items}</ul>")
            if g.more:
                href = more_link(root, g.query) if g.query else root
                out.append(f'<p class="more">And {int(g.more)} more: '
                           f'<a href="{escape(href)}">see them all</a>.</p>')
        else:
            out.append(f"<p>{escape(', '.join(g.names))}</p>")
    out.append("</section>")
    return Markup("\n".join(out))


def letter_of(title: str) -> str:
    c = title[:1].upper()
    return c if "A" <= c <= "Z" else "#"


LETTER_ITEMS = 500  # medicines per A–Z page: a letter with more continues on a second page
# (about 130 bytes a line keeps every A–Z page well under 100 KB on a phone)


def letter_folder(letter: str, part: int = 1) -> str:
    """Where the A–Z page of `letter` lives: "az/a/", "az/0-9/" for other first characters,
    "az/p/2/" for the second page of a long letter."""
    base = f"az/{'0-9' if letter == '#' else letter.lower()}/"
    return base if part == 1 else f"{base}{part}/"


def more_link(root: str, query: str) -> str:
    """The results page for `query` ("And N more" links land on every match)."""
    return f"{root}search/?q={quote(query, safe='')}"


class HtmlRenderer:
    _assets: dict[str, int] | None = None  # served size of each static file, by name

    def __init__(self, site_name: str = "apothecary", budget: int = PAGE_BUDGET) -> None:
        self.site_name = site_name
        self.budget = budget  # bytes per drug page (and companion page), see render/budget.py
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(TEMPLATES)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,  # templates do not change during a build: no stat per page
        )
        self.env.filters["source_anchor"] = source_anchor
        self._page = self.env.get_template("page.html")
        self._index = self.env.get_template("index.html")
        self._letter = self.env.get_template("letter.html")
        self._sources = self.env.get_template("sources.html")
        self._404 = self.env.get_template("404.html")
        self._companion = self.env.get_template("companion.html")
        self._more_page = self.env.get_template("more.html")

    @staticmethod
    def _tail(names: Sequence[str], verified: bool) -> str:
        return _citations(tuple(names), verified)

    @classmethod
    def _body(cls, section: Section, sources: SourceIndex,
              links: Mapping[str, RefLink] | None = None, root: str = "") -> Markup:
        """A section's statements as HTML, built here rather than in Jinja loops (speed).

        Labelled statements become bullet lists, others paragraphs; every piece of text
        goes through markupsafe.escape. Two rules keep long lists light (page budget):
        when every bullet of a list cites the same sources, the list names them once, after
        its last bullet; when the intro leads into the list ("X is used for:"), a bullet
        whose sentence is exactly the intro plus its label ("X is used for asthma.") shows
        the label alone. A statement's `refs` with a page on this site become links to it
        (`links`: drug id → page, hrefs relative to `root`; render/reflinks.py).
        """
        links = links or {}
        faq = section.id == FAQ_SECTION

        def text_of(st: Statement) -> str:
            if st.refs and links:
                return cited_links(linked_text(st.text, st.refs, links, root))
            return cited_links(str(escape(st.text)))

        out: list[str] = []
        intro = (section.intro or "").strip()
        lead = intro[:-1].rstrip().casefold() if intro.endswith(":") else None
        runs: list[list[Statement]] = []
        for st in section.statements:
            if st.label and runs and runs[-1][0].label:
                runs[-1].append(st)
            else:
                runs.append([st])
        for run in runs:
            if not run[0].label:
                st = run[0]
                out.append(f"<p>{text_of(st)}"
                           f"{cls._tail(sources.names_for(st), st.verified)}</p>")
                continue
            cited = {tuple(sources.names_for(st)) for st in run}
            shared = (len(run) > 1 and len(cited) == 1 and next(iter(cited))
                      and all(st.verified for st in run))
            out.append("<ul>")
            for st in run:
                label = st.label or ""
                colon = "" if label.endswith("?") else ":"
                tail = "" if shared else cls._tail(sources.names_for(st), st.verified)
                if lead and st.text.strip().casefold() == f"{lead} {label.casefold()}." and not (
                        set(st.refs) & set(links)):
                    out.append(f"<li>{escape(label)}{tail}</li>")
                elif faq and st.verified:  # a question and its answer, in RDFa Lite
                    out.append(f"{FAQ_QUESTION}{FAQ_NAME}{escape(label)}{colon}</strong> "
                               f"{FAQ_ANSWER}{text_of(st)}</span></span>{tail}</li>")
                else:
                    out.append(f"<li><strong>{escape(label)}{colon}</strong> "
                               f"{text_of(st)}{tail}</li>")
            out.append("</ul>")
            if shared:
                out.append(f'<p class="src-all">Source for this list:'
                           f"{cls._tail(sources.names_for(run[0]), True)}</p>")
        return Markup("\n".join(out))

    def _sections(self, sections: Sequence[Section], sources: SourceIndex,
                  moved: Mapping[str, budget.Moved], page: Page,
                  links: Mapping[str, RefLink] | None = None,
                  targets: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
        """The drug page's sections in the HTML order (render/order.py), each ending with a
        link to its companion page when entries moved there (`targets`: section id →
        address, when it is not the section's own companion page)."""
        out = []
        title = page.title
        arranged = order.arrange(sections, order.HTML)
        listed = any(s.id == "sources" and sources_html(s, page.sources, "") is not None
                     for s in arranged)
        for s in arranged:
            short = (sources_html(s, page.sources, "../../") if s.id == "sources"
                     else note_html(s, page.sources, listed) if s.id == "note" else None)
            body = short if short is not None else self._body(s, sources, links, "../../")
            m = moved.get(s.id)
            if m is not None:  # the rest of its lists, on the companion page
                href = (targets or {}).get(s.id) or f"{m.slug}/"
                body += Markup('\n<p class="more"><a href="{}">See {} more {} {} {}</a></p>'
                               ).format(href, m.count, budget.noun(s.id, m.count),
                                        budget.preposition(s.id), title)
            out.append({"id": s.id, "title": s.title, "intro": s.intro or "", "body": body,
                        "item": Markup(FAQ_PAGE if faq_marked(s) else "")})
        return out

    def _main(
        self, page: Page, sections: Sequence[Section], sources: SourceIndex,
        json_href: str | None, extras: Mapping[str, Any], moved: Mapping[str, budget.Moved],
        targets: Mapping[str, str] | None = None,
    ) -> str:
        ld = {
            "@context": "https://schema.org",
            "@type": "Drug",
            "name": page.title,
            "alternateName": page.other_names[:30],
        }
        links = extras.get("links") or {}
        shown = self._sections(sections, sources, moved, page, links, targets)
        context: dict[str, Any] = {
            "root": "../../", "site_name": self.site_name, "page": page,
            "key_facts": next((s for s in shown if s["id"] == "key-facts"), None),
            "sections": [s for s in shown if s["id"] != "key-facts"],
            "has_disclaimer": any(s["id"] == "disclaimer" for s in shown),
            "json_ld": json_ld(ld), "json_href": json_href or "",
        }
        context.update(extras)  # search, structured data, related, links (render/web.py)
        context["related_html"] = related_html(context.get("related") or [], "../../")
        if "interactions" in moved and context["json_ld"]:
            context["json_ld"] = shown_partners(context["json_ld"], moved["interactions"].names)
        return self._page.render(**context)

    def render_page(
        self, page: Page, json_href: str | None = None,
        extras: Mapping[str, Any] | None = None,
    ) -> str:
        """The drug page itself (its long lists cut to fit the budget, see render/budget.py)."""
        return self.render_page_files(page, json_href, extras)["index.html"]

    def render_page_files(
        self, page: Page, json_href: str | None = None,
        extras: Mapping[str, Any] | None = None,
    ) -> dict[str, str]:
        """Every HTML file of a drug page, keyed by path inside the page's folder.

        "index.html" is the page itself; when the full page would outweigh the budget, its
        least urgent lists continue on companion pages beside it ("side-effects/index.html",
        "interactions/index.html", "side-effects-2/index.html", ...), see render/budget.py.
        When lists of more than one section move and all of them fit one page, they share
        one companion page, "more/index.html", a section each (issue #14: 1,972 companion
        pages of the 4,000-line list, each with the site's head, header and footer).
        """
        extras = extras or {}
        sources = SourceIndex(page)
        kept, forced = budget.forced(page)  # the writer's companion detail moves first
        base = page.model_copy(update={"sections": kept}) if forced else page
        html = self._main(page, kept, sources, json_href, extras, forced)
        if self.weight(html) <= self.budget:
            files, moved, final = {"index.html": html}, forced, kept
        else:
            slots = budget.slots_of(base)

            def main_for(keep: Mapping[int, int]) -> str:
                sections, cut = budget.apply(base, slots, keep)
                return self._main(page, sections, sources, json_href, extras,
                                  budget.merge(forced, cut))

            keep = budget.fit(slots, lambda k: self.weight(main_for(k)) <= self.budget)
            sections, cut = budget.apply(base, slots, keep)
            moved, final = budget.merge(forced, cut), sections
            files = {"index.html": self._main(page, sections, sources, json_href, extras,
                                              moved)}
        if len(moved) > 1:
            more = self._more(page, moved, sources, extras)
            if more is not None:
                targets = {sid: f"{MORE}/#{sid}" for sid in moved}
                main = self._main(page, final, sources, json_href, extras, moved, targets)
                if self.weight(main) <= self.budget:  # the longer links still fit
                    return {"index.html": main, f"{MORE}/index.html": more,
                            **{f"{m.slug}/index.html": moved_stub(f"../{MORE}/#{sid}")
                               for sid, m in moved.items()}}
        for m in moved.values():
            files.update(self._companions(page, m, sources, extras))
        return files

    def _more(self, page: Page, moved: Mapping[str, budget.Moved], sources: SourceIndex,
              extras: Mapping[str, Any]) -> str | None:
        """One companion page for every section's moved entries (`more/`), a section each
        in the HTML order; None when they do not fit one page (then each section has its
        own, as before)."""
        links = extras.get("links") or {}
        base = str(extras.get("canonical") or "")
        disclaimer = next((s for s in page.sections if s.id == "disclaimer"), None)
        shown = []
        if any(m.slug.startswith(MORE) for m in moved.values()):  # never two pages in one
            return None
        for sec in order.arrange([m.section for m in moved.values()], order.HTML):
            m = moved[sec.id]
            section = sec.model_copy(update={"statements": list(m.statements)})
            shown.append({"id": section.id, "title": section.title, "intro": section.intro,
                          "count": m.count,
                          "body": self._body(section, sources, links, "../../../"),
                          "item": Markup(FAQ_PAGE if faq_marked(section) else "")})
        html = self._more_page.render(
            root="../../../", site_name=self.site_name, page=page, light_header=True,
            sections=shown, disclaimer=disclaimer,
            disclaimer_body=self._body(disclaimer, sources) if disclaimer else "",
            canonical=f"{base}{MORE}/" if base else "")
        return html if self.weight(html) <= self.budget else None

    def _companions(self, page: Page, m: budget.Moved, sources: SourceIndex,
                    extras: Mapping[str, Any]) -> dict[str, str]:
        """The companion page(s) of one section: the entries the drug page had no room for.

        Their header is the light one (issue #14: 1,982 companion pages of the 4,000-line
        list): the site's links and a link to the search page instead of the search box,
        which the drug page one link up has."""
        facts = {f.id: f for f in page.facts}
        disclaimer = next((s for s in page.sections if s.id == "disclaimer"), None)
        base = str(extras.get("canonical") or "")
        links = extras.get("links") or {}

        def folder(n: int) -> str:
            return m.slug if n == 1 else f"{m.slug}-{n}"

        disclaimer_body = self._body(disclaimer, sources) if disclaimer else ""
        # a part is rendered to measure it, then again with its number: its body once
        # (keyed by the statements' ids; the cache holds them, so no id is reused)
        bodies: dict[tuple[int, ...], tuple[list[Statement], Section, str]] = {}

        def render(statements: Sequence[Statement], n: int, total: int) -> str:
            k = tuple(map(id, statements))
            if k not in bodies:
                kept = list(statements)
                section = m.section.model_copy(update={"statements": kept})
                bodies[k] = (kept, section, self._body(section, sources, links, "../../../"))
            _, section, body = bodies[k]
            return self._companion.render(
                root="../../../", site_name=self.site_name, page=page, light_header=True,
                noun=budget.noun(m.section.id, 2), count=m.count, section=section,
                body=body, part=n, parts=total,
                prev=f"../{folder(n - 1)}/" if n > 1 else "",
                next=f"../{folder(n + 1)}/" if n < total else "",
                disclaimer=disclaimer,
                disclaimer_body=disclaimer_body,
                canonical=f"{base}{folder(n)}/" if base else "",
                item=Markup(FAQ_PAGE if faq_marked(section) else ""),
            )

        parts = budget.chunks(m.section.id, m.statements, facts,
                              lambda sts: self.weight(render(sts, 99, 999)) <= self.budget)
        return {f"{folder(n)}/index.html": render(sts, n, len(parts))
                for n, sts in enumerate(parts, 1)}

    def weight(self, html: str) -> int:
        """Bytes a visitor loads for this page: the HTML and the CSS/JS it links."""
        head = html[: html.find("<main")]
        return len(html.encode("utf-8")) + sum(
            self._asset_sizes().get(href.rsplit("static/", 1)[-1], 0)
            for href in ASSET.findall(head))

    @classmethod
    def _asset_sizes(cls) -> dict[str, int]:
        if cls._assets is None:
            cls._assets = {rel.removeprefix("static/"): len(blob)
                           for rel, blob in cls.static_files().items()}
        return cls._assets

    def render_template(self, name: str, root: str, **context: Any) -> str:
        """Any other page of the site (checker, search) in the site's layout."""
        return self.env.get_template(name).render(root=root, site_name=self.site_name, **context)

    def render_index(self, items: Sequence[IndexItem]) -> str:
        """The home page: the letters (with how many medicines each) and the search box."""
        return self.render_index_files(items)["index.html"]

    def render_index_files(self, items: Sequence[IndexItem],
                           canonical: Callable[[str], str] | None = None,
                           classes: bool = False) -> dict[str, str]:
        """The home page and one A–Z page per letter (issue 12: the single list was 781 KB
        and 154 phone screens long), path → HTML; `classes`: the home page links the
        classes' own pages (`classes/`, render/related.py)."""
        groups: dict[str, list[IndexItem]] = {}
        for it in sorted(items, key=lambda i: (letter_of(i.title), i.title.casefold())):
            groups.setdefault(letter_of(it.title), []).append(it)
        letters = [(letter, letter_folder(letter), len(group))
                   for letter, group in sorted(groups.items())]
        files = {"index.html": self._index.render(
            root="", site_name=self.site_name, letters=letters, count=len(items),
            classes=classes,
            canonical=canonical("index.html") if canonical else "")}
        for letter, group in sorted(groups.items()):
            parts = [group[i:i + LETTER_ITEMS] for i in range(0, len(group), LETTER_ITEMS)]
            for n, chunk in enumerate(parts, 1):
                folder = letter_folder(letter, n)
                root = "../" * folder.count("/")
                files[folder + "index.html"] = self._letter.render(
                    root=root, site_name=self.site_name, letter=letter, items=chunk,
                    total=len(group), letters=letters, part=n, parts=len(parts),
                    first=n == 1 and 1 or (n - 1) * LETTER_ITEMS + 1,
                    prev=root + letter_folder(letter, n - 1) if n > 1 else "",
                    next=root + letter_folder(letter, n + 1) if n < len(parts) else "",
                    canonical=canonical(folder + "index.html") if canonical else "")
        return files

    def render_sources(
        self, used: Sequence[SourceUse], left_out: Sequence[Source], licences: Sequence[str]
    ) -> str:
        return self._sources.render(
            root="../", site_name=self.site_name, used=used, left_out=left_out,
            licences=licences,
        )

    def render_404(self) -> str:
        return self._404.render(root="/", site_name=self.site_name)

    @staticmethod
    def static_files() -> dict[str, bytes]:
        """The stylesheets and scripts, minified (page budget); web.css joins style.css.

        The readable sources stay in render/static/; every page links the one style.css,
        the home page and the checker add their own index.css / checker.css.
        """
        files: dict[str, bytes] = {}
        for p in sorted(STATIC.iterdir()):
            if not p.is_file() or p.name in BUNDLED:
                continue
            text = p.read_text("utf-8")
            if p.suffix == ".css":
                text = minify.css("\n".join([text, *(
                    (STATIC / extra).read_text("utf-8") for extra in BUNDLE.get(p.name, ()))]))
            elif p.suffix == ".js":
                text = minify.js(text)
            files[f"static/{p.name}"] = text.encode("utf-8")
        return files
