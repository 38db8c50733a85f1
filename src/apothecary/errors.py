"""One exception hierarchy: the CLI turns each of these into a one-line message."""

from __future__ import annotations


class ApothecaryError(Exception):
    """Base of every error the CLI reports as a clean one-line message."""


class InputError(ApothecaryError):
    """An input file could not be read (missing, not UTF-8, a directory...)."""


class KnowledgeBaseError(ApothecaryError):
    """The knowledge base is missing, corrupt or was built from incomplete sources."""


class SourceError(KnowledgeBaseError):
    """A raw source file is missing or not in the expected layout."""


class BuildError(ApothecaryError):
    """A site build failed; the previous output is left untouched."""


class ShrinkError(BuildError):
    """The new site would have under half the pages of the one it replaces (a wrong list?);
    `allow_shrink=True` builds it anyway."""


class WriterError(ApothecaryError):
    """A page writer could not produce a page (the build falls back or stops)."""


class LLMError(WriterError):
    """The LLM endpoint failed in a way retries did not fix."""


class AuditError(ApothecaryError):
    """Pages to audit could not be read."""
