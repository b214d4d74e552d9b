"""The JSON Schema of routine files, for editors that complete and check YAML."""

from __future__ import annotations

from typing import Any

from app.core.routine.model import Routine


def routine_json_schema() -> dict[str, Any]:
    schema = Routine.model_json_schema(mode="validation")
    # In a file the id may be left out: it defaults to the file name.
    schema["required"] = [name for name in schema.get("required", []) if name != "id"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
    }
