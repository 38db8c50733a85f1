"""The ingredient documents of the JSON API (`api/v4/ingredients/`, published from their
v3 drafts), each written once.

An ingredient's document depends on the knowledge base and the code alone, never on the
pages that have it, so the build splits the ingredients between its processes like the
pages, and a later build links a document unchanged when its hash is the same.
"""

from __future__ import annotations

import hashlib
from typing import Any

from ..knowledge.store import KnowledgeBase
from ..models import Drug, Fact
from ..monographs import MonographBuilder
from ..render import jsonapi
from ..writers.base import Writer


class IngredientDocs:
    """Renders ingredient documents with the writer's own fact and monograph caches when
    it has them (the template writer), so each ingredient's facts are fetched once."""

    def __init__(self, kb: KnowledgeBase, writer: Writer, env: str) -> None:
        self.kb, self.env = kb, env
        self._writer = writer
        self._source: Any = None

    def _lookups(self) -> Any:
        """The writer, when it keeps facts and monographs; else a template writer of ours."""
        if self._source is None:
            w: Any = self._writer
            if not isinstance(getattr(w, "monographs", None), MonographBuilder) or \
                    not callable(getattr(w, "facts_of", None)):
                from ..writers.template import TemplateWriter  # the LLM writer: its own

                w = TemplateWriter(self.kb)
            self._source = w
        return self._source

    def digest(self, drug: Drug) -> str:
        """Everything the document depends on: the build environment (KB, writer, code,
        options) and the ingredient's record."""
        return hashlib.blake2b(
            f"{self.env}|{drug.model_dump_json()}".encode(), digest_size=20).hexdigest()

    def prefetch(self, drugs: list[Drug]) -> None:
        """Load the facts of a share's ingredients in a few queries."""
        w = self._lookups()
        if callable(getattr(w, "prefetch", None)):
            w.prefetch([d.id for d in drugs])

    def _parts(self, drug: Drug) -> tuple[list[Fact], dict[str, Any]]:
        w = self._lookups()
        facts: list[Fact] = w.facts_of(drug.id)
        monographs: MonographBuilder = w.monographs
        return facts, monographs.monograph(drug).model_dump(mode="json", exclude_defaults=True)

    def render(self, drug: Drug) -> tuple[dict[str, Any], jsonapi.Texts]:
        """The v2 data and its texts (see `jsonapi.ingredient_data_v2`): v3's draft and,
        on request, the v2 document are written from it."""
        facts, mono = self._parts(drug)
        texts = jsonapi.Texts()
        return jsonapi.ingredient_data_v2(drug, facts, mono, self.kb.all_sources, texts), texts

    def render_v1(self, drug: Drug) -> str:
        facts, mono = self._parts(drug)
        return jsonapi.render_ingredient(drug, facts, mono, self.kb.all_sources)
