"""What the JSON API tests (v1 and v2) share: the site they build and how they read it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sitekit import entry
from test_pipeline import ENTRIES

MORE = [*ENTRIES, entry(8, "DB00682", text="Warfarin"),
        entry(9, "DB00316", "DB00682", text="Paracetamol + Warfarin")]


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))
