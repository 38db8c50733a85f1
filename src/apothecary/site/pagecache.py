"""What an incremental build remembers about each page, so unchanged pages skip the writer.

Loading 2,000 full pages back from disk costs more than writing them again (they hold
every cited fact), so the manifest keeps only a small summary per page request: what
the site-wide files need (title, names, sources, claims) and what proves the page's files
are still right (their hash, addresses and related links). A page whose request, knowledge
base, writer, code and build options are unchanged becomes a light `Page` built from that
summary and its files are linked from the previous output; any doubt and the writer runs.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..knowledge.store import KnowledgeBase
from ..models import ClaimCounts, Page
from ..render.reflinks import page_refs
from ..writers.base import PageRequest, Writer


def cacheable(writer: Writer) -> bool:
    """Only writers whose page depends on nothing but the request and the KB (not the LLM)."""
    return writer.cacheable


def request_key(env: str, req: PageRequest) -> str:
    """The request's identity under one build environment (KB, writer, code, options).

    Drug records come from the KB, which `env` covers, so their ids in title order suffice;
    the list's names make the title, so they count too.
    """
    ids = ",".join(d.id for d in req.drugs)
    names = "\x1f".join(req.names)
    return hashlib.sha256(f"{env}|{req.key}|{ids}|{names}".encode()).hexdigest()


def brief(page: Page) -> dict[str, Any]:
    """What the site-wide files and the report need of a page (see `light_page`)."""
    return {
        "key": page.key, "title": page.title, "slug": page.slug,
        "other_names": list(page.other_names), "licences": list(page.licences),
        "sources": [s.id for s in page.sources], "writer": page.writer,
        "claims": page.claims.model_dump(), "fallback_reason": page.fallback_reason,
        "facts": dict(Counter(f.source_id for f in page.facts)),
    }


def summary(
    page: Page, base_slug: str, page_hash: str, urls: Mapping[str, str | None], related: str,
    links: Callable[[Sequence[str], str], dict[str, str]] | None = None,
) -> dict[str, Any]:
    """The few fields of a freshly written page that a later build needs to reuse it: with
    the drugs its statements name and where they linked (a new page for one of them means
    the page must be rendered again)."""
    refs = page_refs(page)
    return {**brief(page), "slug": base_slug, "hash": page_hash, "urls": dict(urls),
            "related": related, "refs": refs,
            "links": links(refs, page.key) if links is not None else {}}


def light_page(data: Any, req: PageRequest, kb: KnowledgeBase) -> Page | None:
    """A page without sections or facts, enough for indexes and reports; None if unusable."""
    try:
        if data["key"] != req.key or any(s not in kb.all_sources for s in data["sources"]):
            return None
        return Page.model_construct(
            key=req.key, title=str(data["title"]), slug=str(data["slug"]),
            drugs=list(req.drugs), other_names=list(data["other_names"]), sections=[],
            faqs=[], facts=[], sources=[kb.all_sources[s] for s in data["sources"]],
            licences=list(data["licences"]), writer=str(data["writer"]),
            claims=ClaimCounts(**data["claims"]), fallback_reason=data["fallback_reason"],
            lines=list(req.lines), inputs=list(req.inputs),
        )
    except (KeyError, TypeError, ValueError):
        return None
