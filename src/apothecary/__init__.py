"""apothecary: sourced, plain-language drug-information pages from a list of generics.

The public API, for use from Python (the `apothecary` command is a thin layer over it):

    from apothecary import open_kb, read_list, Resolver, build_from_list

    kb = open_kb()                                  # the shipped knowledge base
    entries = Resolver(kb).resolve_all(read_list("generics.txt"))
    report = build_from_list(Path("generics.txt"), kb, Path("site"))

Names load on first use, so `import apothecary` stays cheap for the command line.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name → the module that defines it
_API = {
    "ApothecaryError": "apothecary.errors",
    "KnowledgeBase": "apothecary.knowledge.store",
    "open_kb": "apothecary.knowledge.default",
    "read_list": "apothecary.names.parse",
    "Resolver": "apothecary.names.resolve",
    "build_site": "apothecary.site.pipeline",
    "build_from_list": "apothecary.site.pipeline",
    "make_writer": "apothecary.writers",
    "audit_dir": "apothecary.audit.report",
}

__all__ = [
    "ApothecaryError", "KnowledgeBase", "Resolver", "__version__", "audit_dir",
    "build_from_list", "build_site", "make_writer", "open_kb", "read_list",
]

if TYPE_CHECKING:
    from .audit.report import audit_dir
    from .errors import ApothecaryError
    from .knowledge.default import open_kb
    from .knowledge.store import KnowledgeBase
    from .names.parse import read_list
    from .names.resolve import Resolver
    from .site.pipeline import build_from_list, build_site
    from .writers import make_writer


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module 'apothecary' has no attribute {name!r}")
    value = getattr(importlib.import_module(_API[name]), name)
    globals()[name] = value
    return value
