"""apothecary: sourced, plain-language drug-information pages from a list of generics."""

from __future__ import annotations

__version__ = "0.1.0"
