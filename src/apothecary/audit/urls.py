"""URL continuity for `build --keep-urls DIR`: a migrated site keeps its addresses.

Each existing Jekyll page is identified by resolving its title to an ingredient-set key.
A built page whose key already had a page reuses that page's slug (so the Jekyll file
lands at the same path); the other pages of the same key (duplicates being merged) and
any old address the new layout does not serve get a Jekyll `redirect_from` entry and a
static HTML redirect. Everything goes through the pipeline's own hooks (slug overrides,
extra front matter, extra files, report fields), so the pipeline stays unaware of audits.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import BuildError
from ..knowledge.store import KnowledgeBase
from ..models import Entry, Status
from ..render.common import PATHS
from ..render.slug import first_char_dir, slugify
from .pages import find_pages, read_page

if TYPE_CHECKING:
    from ..site.buildreport import BuildReport

_SAFE_URL = re.compile(r"^/[A-Za-z0-9._~/-]*$")
# Folders and files the html build writes itself: a redirect never replaces them.
_RESERVED_TOP = {"api", "jekyll", "sources", "static", "assets", "pagefind", "_pagefind"}
_RESERVED_FILES = {"index.html", "404.html", "sitemap.xml", "robots.txt", "build-report.json"}


@dataclass
class OldPage:
    path: str  # relative to the existing folder: "a/amoxicillin.md"
    url: str  # the address it was served at: "/a/amoxicillin.html"
    title: str | None
    key: str | None

    @property
    def stem_slug(self) -> str:
        return slugify(posixpath.splitext(posixpath.basename(self.path))[0])

    def fits_layout(self) -> bool:
        """True when the new Jekyll layout (<first char>/<slug>.md) puts it at the same path."""
        slug = self.stem_slug
        return self.path == f"{first_char_dir(slug)}/{slug}.md"


def old_url(path: str, metadata: dict[str, Any]) -> str:
    """The page's public address: a safe `permalink`, else Jekyll's default for the file."""
    permalink = metadata.get("permalink")
    if isinstance(permalink, str):
        url = posixpath.normpath("/" + permalink.strip().lstrip("/"))
        if permalink.strip().endswith("/") and url != "/":
            url += "/"
        if _SAFE_URL.match(url) and ".." not in url.split("/"):
            return url
    return default_url(path)


def default_url(path: str) -> str:
    """Jekyll's address for a page file without a permalink."""
    return "/" + posixpath.splitext(path)[0] + ".html"


def read_existing(folder: Path, resolve: Callable[[str], Entry]) -> list[OldPage]:
    """Every page below `folder` with its address and key (None when the title won't resolve)."""
    if not folder.is_dir():
        raise BuildError(f"the previous site (whose URLs to keep) is not a folder: {folder}")
    cache: dict[str, Entry] = {}
    out = []
    for path in find_pages(folder):
        page = read_page(path, folder)
        key = None
        if page.title:
            if page.title not in cache:
                cache[page.title] = resolve(page.title)
            entry = cache[page.title]
            key = entry.key if entry.status == Status.RESOLVED else None
        out.append(OldPage(page.path, old_url(page.path, page.metadata), page.title, key))
    return out


def _url_of(rel_html: str) -> str:
    if rel_html.endswith("index.html"):
        return "/" + rel_html[: -len("index.html")]
    return "/" + rel_html


def _file_for(url: str) -> str | None:
    """Where a static server looks for `url`, or None when the build owns that place."""
    rel = url.lstrip("/")
    if not rel or rel.endswith("/"):
        rel += "index.html"
    elif not posixpath.splitext(rel)[1]:
        rel += "/index.html"
    if rel in _RESERVED_FILES or rel.split("/")[0] in _RESERVED_TOP:
        return None
    return rel


def redirect_page(target_url: str, from_file: str, title: str, base_url: str | None) -> str:
    """A static redirect: meta refresh, canonical link and a plain link for everyone else."""
    target_dir = target_url.lstrip("/")
    href = posixpath.relpath(target_dir or ".", posixpath.dirname(from_file) or ".")
    href = "./" if href == "." else href + ("/" if target_url.endswith("/") else "")
    canonical = (base_url.rstrip("/") if base_url else "") + target_url
    h, c, t = (html.escape(x, quote=True) for x in (href, canonical, title))
    return (
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>Moved: {t}</title>\n<link rel=\"canonical\" href=\"{c}\">\n"
        f"<meta http-equiv=\"refresh\" content=\"0; url={h}\">\n"
        "<meta name=\"robots\" content=\"noindex\">\n</head>\n<body>\n"
        f"<p>This page has moved: <a href=\"{h}\">{t}</a>.</p>\n</body>\n</html>\n"
    )


@dataclass
class UrlPlan:
    """What `--keep-urls` feeds into build_site, and the URL map for the report."""

    slugs: dict[str, str] = field(default_factory=dict)
    front_matter: dict[str, dict[str, Any]] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    url_map: list[dict[str, Any]] = field(default_factory=list)

    def build_kwargs(self) -> dict[str, Any]:
        return {"slug_overrides": self.slugs, "front_matter_extra": self.front_matter,
                "extra_files": self.files, "report_extra": {"url_map": self.url_map}}


def plan_urls(
    old_pages: Sequence[OldPage], keys: Iterable[str], titles: dict[str, str],
    formats: Sequence[str], base_url: str | None = None,
) -> UrlPlan:
    """Keep one existing page's slug per built key; redirect every other old address to it."""
    plan = UrlPlan()
    built = set(keys)
    groups: dict[str, list[OldPage]] = {}
    for old in old_pages:
        if old.key in built:
            groups.setdefault(old.key, []).append(old)
    taken: set[str] = set()
    for key in sorted(groups):
        group = sorted(groups[key], key=lambda o: (not o.fits_layout(), o.path))
        slug = next((o.stem_slug for o in group if o.stem_slug not in taken), None)
        if slug is None:
            base, n = group[0].stem_slug, 2
            while f"{base}-{n}" in taken:
                n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        plan.slugs[key] = slug
    for key, group in sorted(groups.items()):
        slug = plan.slugs[key]
        jekyll_url = "/" + PATHS["jekyll"](slug)[len("jekyll/"):-len(".md")] + ".html"
        redirect_from: list[str] = []
        keeper = next((o for o in group if o.stem_slug == slug), None)
        extra: dict[str, Any] = {}
        if keeper is not None and keeper.url != default_url(keeper.path):
            extra["permalink"] = jekyll_url = keeper.url  # the old address, literally kept
        html_rel = PATHS["html"](slug) if "html" in formats else None
        new_url = _url_of(html_rel) if html_rel else jekyll_url
        for old in sorted(group, key=lambda o: o.path):
            kept = old is keeper and (old.fits_layout() or "permalink" in extra)
            if "jekyll" in formats and old.url != jekyll_url and old.url not in redirect_from:
                redirect_from.append(old.url)
            target = _file_for(old.url) if html_rel else None
            if html_rel and target and target != html_rel and target not in plan.files:
                plan.files[target] = redirect_page(new_url, target, titles.get(key, key), base_url)
            plan.url_map.append({"old": old.url, "new": new_url, "key": key, "source": old.path,
                                 "kept": kept, "redirect": old.url != new_url})
        if redirect_from:
            extra["redirect_from"] = redirect_from
        if extra:
            plan.front_matter[key] = extra
    for old in old_pages:
        if old.key not in groups:
            plan.url_map.append({"old": old.url, "new": None, "key": old.key, "source": old.path,
                                 "kept": False, "redirect": False})
    plan.url_map.sort(key=lambda m: (m["old"], m["source"]))
    return plan


def build_keeping_urls(
    list_path: Path, kb: KnowledgeBase, out_dir: Path, existing: Path,
    formats: Sequence[str], writer: Any = None, **kwargs: Any,
) -> BuildReport:
    """`apothecary build FILE --keep-urls DIR`: resolve, plan the URLs, then build the site."""
    from ..names.parse import read_list
    from ..names.resolve import Resolver
    from ..render.common import FORMATS
    from ..site.pipeline import build_site

    formats = [f for f in FORMATS if f in set(formats)]
    resolver = Resolver(kb)
    entries = resolver.resolve_all(read_list(Path(list_path)))
    titles: dict[str, str] = {}
    for e in entries:
        if e.status == Status.RESOLVED and e.key and e.key not in titles:
            drugs = [kb.drug(i.id) for i in e.ingredients if i.id]
            titles[e.key] = " + ".join(d.display for d in drugs if d is not None)
    old_pages = read_existing(existing, lambda t: resolver.resolve(0, t))
    plan = plan_urls(old_pages, titles, titles, formats, kwargs.get("base_url"))
    return build_site(entries, kb, Path(out_dir), formats, writer, **kwargs,
                      **plan.build_kwargs())
