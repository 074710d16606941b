"""JSON views: the plan and the shopping list as plain JSON, never with NaN."""

from __future__ import annotations

import json
import math
from typing import Any

from ..plan import Plan
from ..shopping import ShoppingList


def _plain(value: Any) -> Any:
    # JSON has no NaN or Infinity; an unknown number is null.
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _dumps(data: Any) -> str:
    return json.dumps(_plain(data), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def render_json(plan: Plan) -> str:
    """Render a plan as JSON, the input of ``mealplan shopping``.

    ``Plan.from_dict(json.loads(render_json(plan)))`` gives the plan back; unknown
    numbers are ``null``.

    Args:
        plan: The plan.

    Returns:
        Indented JSON ending with a newline.

    """
    return _dumps(plan.to_dict())


def render_shopping_json(shopping: ShoppingList) -> str:
    """Render a shopping list as JSON.

    Args:
        shopping: The list.

    Returns:
        Indented JSON ending with a newline.

    """
    return _dumps(shopping.to_dict())
