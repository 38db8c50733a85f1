"""The monograph stage (DESIGN.md: names → knowledge → monographs → writers → render): each
ingredient's facts selected, ranked and worded for a reader, once, for the writers to compose."""

from __future__ import annotations

from .compose import MonographBuilder
from .model import EffectGroup, Item, Monograph, Partner, SafetyItem

__all__ = ["EffectGroup", "Item", "Monograph", "MonographBuilder", "Partner", "SafetyItem"]
