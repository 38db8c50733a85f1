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
import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import IO, Any

from pydantic_core import PydanticSerializationError, to_json

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


# -- summaries held as text ------------------------------------------------------------
# A build keeps a summary of every page it writes until the manifest is written, and a
# brief of every page it streamed until the site-wide files are: as dicts they were about
# 3 KB a page in some 60 small objects, as their compact JSON one string of about 1 KB
# (issue 14: bounded memory).
_ASCII = "\0"  # marks a text the fast encoder could not write (a lone surrogate)


def pack(data: Mapping[str, Any]) -> str:
    """`data` as compact JSON (`jsonapi.dumps` without its newline), to keep as one string."""
    try:
        return to_json(data).decode("utf-8")
    except PydanticSerializationError:  # a lone surrogate: escaped, and marked as such
        return _ASCII + json.dumps(data, ensure_ascii=True, separators=(",", ":"))


def unpack(text: str) -> dict[str, Any]:
    """What `pack` was given."""
    data: dict[str, Any] = json.loads(text[1:] if text.startswith(_ASCII) else text)
    return data


def write_manifest(out: IO[str], head: Mapping[str, Any], requests: Mapping[str, str],
                   tail: Mapping[str, Any]) -> None:
    """`jsonapi.dumps({**head, "requests": {key: unpack(text), …} sorted by key, **tail})`
    to `out`, written from the packed summaries as they are (a piece at a time), byte for
    byte; the whole object is made only when some text needs `jsonapi.dumps`'s ASCII
    fallback, as the whole manifest then does."""
    keys = sorted(requests)
    try:
        start, end = to_json(head).decode("utf-8"), to_json(tail).decode("utf-8")
        names = [to_json(k).decode("utf-8") for k in keys]
    except PydanticSerializationError:
        start = end = ""
        names = []
    if not start or any(requests[k].startswith(_ASCII) for k in keys):
        from ..render.jsonapi import dumps

        out.write(dumps({**head, "requests": {k: unpack(requests[k]) for k in keys}, **tail}))
        return
    out.write((start[:-1] + "," if head else "{") + '"requests":{')
    out.writelines(_entries(names, (requests[k] for k in keys)))
    out.write("}" + ("," + end[1:] if tail else "}") + "\n")


def _entries(names: Sequence[str], texts: Iterable[str]) -> Iterable[str]:
    for n, (name, text) in enumerate(zip(names, texts, strict=True)):
        yield f"{',' if n else ''}{name}:{text}"
