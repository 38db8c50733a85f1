"""The writer registry: each --writer name has a factory, and capabilities are declared."""

from __future__ import annotations

import pytest

from apothecary.errors import BuildError
from apothecary.knowledge.store import KnowledgeBase
from apothecary.writers import WRITERS, make_writer
from apothecary.writers.base import Writer
from apothecary.writers.llm import LLMSettings, LLMWriter
from apothecary.writers.template import TemplateWriter


def test_every_writer_is_registered_with_its_capabilities(tiny_kb: KnowledgeBase) -> None:
    assert sorted(WRITERS) == ["llm", "template"]
    template = make_writer("template", tiny_kb)
    llm = make_writer("llm", tiny_kb, LLMSettings(base_url="http://127.0.0.1:9/v1",
                                                  model="m", cache_dir=None))
    assert isinstance(template, TemplateWriter) and isinstance(llm, LLMWriter)
    caps = {w.name: (w.cacheable, w.falls_back) for w in (template, llm)}
    assert caps == {"template": (True, False), "llm": (False, True)}
    assert (template.fingerprint(), template.complete(), template.fallback_report()) == (
        "", True, {})
    assert llm.fingerprint().endswith(":m:strict") and llm.complete()
    for writer in (template, llm):
        for member in ("name", "cacheable", "falls_back", "write_pages", "usage",
                       "fingerprint", "complete", "fallback_report"):
            assert hasattr(writer, member), (writer.name, member)
            assert member in Writer.__annotations__ or hasattr(Writer, member)


def test_an_unknown_writer_is_an_error(tiny_kb: KnowledgeBase) -> None:
    with pytest.raises(BuildError, match=r"unknown writer: 'poet' \(use llm or template\)"):
        make_writer("poet", tiny_kb)
