"""What the JSON API tests (v1 and v2) share: the site they build and how they read it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sitekit import entry
from test_pipeline import ENTRIES

MORE = [*ENTRIES, entry(8, "DB00682", text="Warfarin"),
        entry(9, "DB00316", "DB00682", text="Paracetamol + Warfarin")]


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def validators_of(schemas: dict[str, Any]) -> dict[str, Any]:
    """A validator per document kind, from the schemas the site publishes (a page's schema
    refers to the ingredient's fact definition, so all go in one registry)."""
    jsonschema = pytest.importorskip("jsonschema")
    referencing = pytest.importorskip("referencing")
    registry = referencing.Registry().with_resources(
        (s["$id"], referencing.Resource.from_contents(s)) for s in schemas.values())
    out: dict[str, Any] = {}
    for name, schema in schemas.items():
        jsonschema.Draft202012Validator.check_schema(schema)
        out[name] = jsonschema.Draft202012Validator(schema, registry=registry)
    return out
