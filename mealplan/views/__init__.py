"""Views: pure functions from a Plan or ShoppingList to text.

Each view lives in its own module so a command loads only what it renders (rich for
the terminal, jinja2 for HTML); the names below are also importable from here.
"""

from __future__ import annotations

import os
from importlib import import_module
from typing import Any

_WHERE = {
    "render_terminal": "terminal",
    "render_shopping_terminal": "terminal",
    "render_markdown": "markdown",
    "render_shopping_markdown": "markdown",
    "render_csv": "csv",
    "render_shopping_csv": "csv",
    "render_json": "json",
    "render_shopping_json": "json",
    "render_html": "html",
    "render_targets": "targets",
}

__all__ = sorted([*_WHERE, "file_format", "format_for", "render_plan", "render_shopping",
                  "shopping_format_for"])


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


PLAN_FORMATS = ("table", "json", "csv", "markdown", "html")
SHOPPING_FORMATS = ("table", "csv", "markdown", "json")


def render_plan(plan: Any, foods: Any, fmt: str, shopping: Any = None, *,
                color: bool | None = None, ingredients: bool = False) -> str:
    """Render a plan in one of PLAN_FORMATS (``table`` is the terminal view).

    ``ingredients`` lists each dish's ingredients in the terminal view; the other
    formats always carry them.
    """
    if fmt == "table":
        return str(__getattr__("render_terminal")(plan, foods, color=color,
                                                  ingredients=ingredients))
    if fmt == "json":
        return str(__getattr__("render_json")(plan, foods))
    if fmt == "csv":
        return str(__getattr__("render_csv")(plan, foods))
    if fmt == "markdown":
        return str(__getattr__("render_markdown")(plan, foods, shopping))
    if fmt == "html":
        return str(__getattr__("render_html")(plan, foods, shopping))
    raise ValueError(f"unknown plan format {fmt!r}")


def render_shopping(shopping: Any, fmt: str, *, color: bool | None = None) -> str:
    """Render a shopping list in one of SHOPPING_FORMATS."""
    if fmt == "table":
        return str(__getattr__("render_shopping_terminal")(shopping, color=color))
    names = {"csv": "render_shopping_csv", "markdown": "render_shopping_markdown",
             "json": "render_shopping_json"}
    if fmt not in names:
        raise ValueError(f"unknown shopping list format {fmt!r}")
    return str(__getattr__(names[fmt])(shopping))


_EXTENSIONS = {".json": "json", ".csv": "csv", ".md": "markdown", ".markdown": "markdown",
               ".html": "html", ".htm": "html"}


def file_format(path: str) -> str | None:
    """The format a file name's extension names, if any: ``week.HTML`` -> ``html``.

    >>> file_format("week.HTML"), file_format("list.txt"), file_format("-")
    ('html', None, None)
    """
    return _EXTENSIONS.get(os.path.splitext(path.lower())[1])


def format_for(path: str, formats: tuple[str, ...], default: str) -> str:
    """Choose the format a file name asks for by its extension, if one of ``formats``.

    >>> format_for("week.HTML", PLAN_FORMATS, "table"), format_for("-", PLAN_FORMATS, "table")
    ('html', 'table')
    """
    found = file_format(path)
    return found if found in formats else default


def shopping_format_for(path: str) -> str:
    """Choose the shopping list format for a file name: .md/.markdown, .json, else csv."""
    return format_for(path, ("csv", "markdown", "json"), "csv")
