"""Saved plans read back: bounded, parsed strictly, validated against the shipped schema.

``mealplan week --format json`` writes a plan; ``mealplan shopping`` reads it back. The
format is documented by a JSON Schema that ships with the package
(``mealplan/plan.schema.json``, :func:`plan_schema`); a file that does not match it is
refused with the JSON path of every difference, before any value is used. Strings
are then cleaned like every user text (:func:`mealplan.text.clean_text`).
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import InputError, Where
from .files import read_input
from .text import clean_text

SCHEMA_FILE = "plan.schema.json"
# Problems listed in one message; a plan from another program can differ everywhere.
_ERRORS_SHOWN = 5


@functools.cache
def plan_schema() -> dict[str, Any]:
    """The JSON Schema of a saved plan, as shipped with the package."""
    try:
        text = resources.files("mealplan").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    except ModuleNotFoundError:  # a source checkout run as a script
        text = (Path(__file__).parent / SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _no_constant(name: str) -> None:
    # json accepts NaN, Infinity and -Infinity by default; a plan holds real numbers.
    raise ValueError(f"{name} is not a number JSON allows")


def load_plan_data(path: str | Path) -> dict[str, Any]:
    """Read a saved plan's JSON, validated and cleaned, ready for ``Plan.from_dict``.

    Args:
        path: The file, or ``-`` for stdin (at most 16 MB either way).

    Raises:
        InputError: The file cannot be read, is not JSON, or does not match the plan
            schema; the message names the file and the JSON path of each problem.
    """
    file = str(path)
    where = Where(file=file)
    data = read_input(path, "PLAN.json")
    try:
        parsed = json.loads(data.decode("utf-8-sig"), parse_constant=_no_constant)
    except UnicodeDecodeError as exc:
        raise InputError("cannot read a plan: expected UTF-8 text", where) from exc
    except RecursionError:
        raise InputError("cannot read a plan: it is nested too deeply to be one",
                         where) from None
    except ValueError as exc:  # json.JSONDecodeError, or a NaN constant
        raise InputError(f"cannot read a plan: not valid JSON ({exc})", where) from exc
    if not isinstance(parsed, dict) or "mealplan_plan" not in parsed:
        raise InputError("not a mealplan plan; save one with mealplan week --format json",
                         where)
    problems = schema_problems(parsed)
    if problems:
        more = [InputError(p) for p in problems[1:]]
        raise InputError(f"not a plan this version of mealplan reads: {problems[0]}", where,
                         more=more)
    cleaned: dict[str, Any] = _clean(parsed)
    return cleaned


def schema_problems(data: Any) -> list[str]:
    """Differences between ``data`` and the plan schema, one line each; empty when valid.

    >>> schema_problems({"mealplan_plan": 2})[0]
    "at the top: 'days' is a required property"
    """
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(plan_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: (list(map(str, e.path)),
                                                                e.message))
    lines = [f"at {_path(e.absolute_path)}: {clean_text(_short(e.message))}"
             for e in errors[:_ERRORS_SHOWN]]
    if len(errors) > _ERRORS_SHOWN:
        lines.append(f"and {len(errors) - _ERRORS_SHOWN} more")
    return lines


def _path(parts: Any) -> str:
    text = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts)
    return text.lstrip(".") or "the top"


def _short(message: str) -> str:
    return message if len(message) <= 200 else message[:197] + "..."


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {clean_text(k): _clean(v) for k, v in value.items()}
    return value
