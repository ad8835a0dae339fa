"""The JSON Schema of policy files, generated from the model (the policy classes).

The schema of the core sections is committed as ``policy.schema.json`` beside this module
(a test keeps it in sync); ``servicepolicy schema`` prints it with the sections of the
installed plugins added under ``plugins``.  Editors use it to complete and check policy
files (TOML through taplo, YAML through the YAML language server).

>>> schema = policy_schema(plugins=False)
>>> schema["properties"]["sla"]["properties"]["warnings"]
{'type': 'array', 'items': {'type': 'number'}, 'default': [0.5, 0.75]}

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
import json
import types
import typing
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from importlib import resources
from typing import Any, Literal, Union, get_args, get_origin

import attrs

from servicepolicy.checks import is_data
from servicepolicy.io.mapping import INPUTS
from servicepolicy.policy.sections import SCHEMA_VERSION, Policy
from servicepolicy.rules import Severity
from servicepolicy.sla import WorkingDays

__all__ = ["committed_schema", "policy_schema"]

_DURATION = r"^\s*(\d+(\.\d+)?\s*(d|h|min|m|s)\s*)+$"
_SEQUENCES = {tuple, list, frozenset, set}


def policy_schema(*, plugins: bool = True) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a policy document; with ``plugins``, the
    sections of the installed plugins too."""
    schema = _object(Policy, top=True)
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://servicepolicy.dev/schema/policy-{SCHEMA_VERSION}.json",
        "title": "servicepolicy policy file",
        **schema,
    }
    schema["properties"]["schema_version"] = {"const": SCHEMA_VERSION}
    schema["properties"]["inputs"]["propertyNames"] = {"enum": list(INPUTS)}
    schema["properties"]["inputs"]["description"] = (
        "how each input's files map onto the readers' columns: [inputs.tickets] ..."
    )
    schema["required"] = sorted({*schema.get("required", ()), "schema_version"})
    sections: dict[str, Any] = {}
    if plugins:
        from servicepolicy import plugins as installed

        sections = {name: _type(kind) for name, kind in installed.policy_sections().items()}
    names = {"type": "array", "items": {"type": "string"}}
    schema["properties"]["plugins"] = {
        "description": (
            "the plugins the policy uses: a list of names, or a table with use = [...], "
            "budget and a [plugins.NAME] table of settings per plugin"
        ),
        "oneOf": [
            names,
            {
                "type": "object",
                "properties": {
                    "use": names,
                    "budget": {"type": ["string", "number"]},
                    **sections,
                },
                "additionalProperties": not plugins,
            },
        ],
    }
    return schema


def committed_schema() -> dict[str, Any]:
    """The committed schema of the core sections (``policy.schema.json``)."""
    text = resources.files("servicepolicy.policy").joinpath("policy.schema.json").read_text()
    return json.loads(text)  # type: ignore[no-any-return]


def _object(cls: type, *, top: bool = False) -> dict[str, Any]:
    fields = attrs.fields(attrs.resolve_types(cls))
    properties: dict[str, Any] = {}
    required = []
    for field in fields:
        if not field.init or not is_data(field):
            continue
        name = field.alias or field.name
        prop = _type(field.type)
        default = _default(field)
        if default is not attrs.NOTHING:
            prop["default"] = default
        elif field.default is attrs.NOTHING:
            required.append(name)
        properties[name] = prop
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if cls.__doc__ and not top:
        schema["description"] = cls.__doc__.strip().splitlines()[0]
    if required:
        schema["required"] = required
    return schema


def _default(field: attrs.Attribute[Any]) -> Any:
    default = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        return attrs.NOTHING
    if default is attrs.NOTHING or default is None:
        return attrs.NOTHING
    plain = _plain(default)
    return attrs.NOTHING if plain is attrs.NOTHING else plain


def _plain(value: Any) -> Any:
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, timedelta):
        seconds = int(value.total_seconds())
        return f"{seconds // 3600}h" if seconds % 3600 == 0 else f"{seconds}s"
    if isinstance(value, time):
        return value.isoformat(timespec="minutes")
    if isinstance(value, enum.Enum):
        return value.label if isinstance(value, Severity) else value.value
    if isinstance(value, tuple | frozenset | set | list):
        items = [_plain(v) for v in value]
        return (
            attrs.NOTHING
            if attrs.NOTHING in items
            else sorted(items, key=str)
            if isinstance(value, frozenset | set)
            else items
        )
    return attrs.NOTHING


def _type(kind: Any) -> dict[str, Any]:
    origin = get_origin(kind)
    if kind is Any or kind is None:
        return {}
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(kind) if a is not type(None)]
        return _type(options[0]) if len(options) == 1 else {"anyOf": [_type(a) for a in options]}
    if origin is Literal:
        return {"enum": list(get_args(kind))}
    if origin in _SEQUENCES or origin is typing.Sequence or kind in _SEQUENCES:
        args = [a for a in get_args(kind) if a is not Ellipsis]
        return {"type": "array", "items": _type(args[0]) if args else {}}
    if origin is dict or origin is Mapping or origin is typing.Mapping:
        key, value = get_args(kind) or (str, Any)
        schema: dict[str, Any] = {"type": "object", "additionalProperties": _type(value)}
        if key is date:
            schema["propertyNames"] = {"format": "date"}
        return schema
    if isinstance(kind, type) and attrs.has(kind) and kind is not WorkingDays:
        return _object(kind)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        values = [m.label if isinstance(m, Severity) else m.value for m in kind]
        return {"enum": values}
    simple: dict[Any, dict[str, Any]] = {
        bool: {"type": "boolean"},
        int: {"type": "integer"},
        float: {"type": "number"},
        str: {"type": "string"},
        Decimal: {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"},
        date: {"type": "string", "format": "date"},
        datetime: {"type": "string", "format": "date-time"},
        time: {"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2})?$"},
        timedelta: {
            "anyOf": [
                {"type": "string", "pattern": _DURATION},
                {"type": "number", "minimum": 0},
            ],
            "description": 'a duration: "8h", "30min", "1d 4h", or seconds',
        },
        WorkingDays: {
            "type": "string",
            "pattern": r"^\s*\d+\s*wd\s*$",
            "description": 'working days of the calendar: "1wd"',
        },
    }
    return dict(simple.get(kind, {}))
