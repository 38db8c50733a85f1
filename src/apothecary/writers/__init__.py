"""Writers turn the facts for one key into a Page: template (default) or llm.

`WRITERS` maps each `--writer` name to a factory; what a writer can do (cacheable pages,
template fallbacks, a fingerprint) is declared on the `Writer` protocol (base.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..errors import BuildError

if TYPE_CHECKING:
    from ..knowledge.store import KnowledgeBase
    from .base import Writer


def _template(kb: KnowledgeBase, settings: Any) -> Writer:
    from .template import TemplateWriter

    return TemplateWriter(kb)


def _llm(kb: KnowledgeBase, settings: Any) -> Writer:
    from .llm import LLMWriter

    return LLMWriter(kb, settings)


WRITERS: dict[str, Callable[[KnowledgeBase, Any], Writer]] = {
    "template": _template,
    "llm": _llm,
}


def make_writer(name: str, kb: KnowledgeBase, settings: Any = None) -> Writer:
    """The writer called `name`; the LLM writer takes its settings object."""
    factory = WRITERS.get(name)
    if factory is None:
        raise BuildError(f"unknown writer: {name!r} (use {' or '.join(sorted(WRITERS))})")
    return factory(kb, settings)
