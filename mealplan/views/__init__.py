"""Views: pure functions from a Plan or ShoppingList to text.

Each view lives in its own module so a command loads only what it renders (rich for
the terminal, jinja2 for HTML); the names below are also importable from here.
"""

from __future__ import annotations

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
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
