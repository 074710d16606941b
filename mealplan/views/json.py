"""JSON views: the plan and the shopping list as plain JSON, never with NaN."""

from __future__ import annotations

import json
import math
from typing import Any

from ..foods import FoodTable
from ..plan import Plan
from ..shopping import ShoppingList
from . import _format as fmt


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


def render_json(plan: Plan, foods: FoodTable | None = None) -> str:
    """Render a plan as JSON, the input of ``mealplan shopping``.

    ``Plan.from_dict(json.loads(render_json(plan)))`` gives the plan back; unknown
    numbers are ``null``. The cut-back schedule, if any, is in
    ``targets.caffeine_schedule`` and the meals that may have caffeine in
    ``request.caffeine_meals``.

    Args:
        plan: The plan.
        foods: The food table the plan was made from; adds ``caffeine``, each day's
            cap and caffeine sources in plain numbers and words.

    Returns:
        Indented JSON ending with a newline.

    """
    data = plan.to_dict()
    if foods is not None:
        days = [fmt.day_caffeine(plan, day, foods) for day in plan.days]
        data["caffeine"] = {
            "days": [{**d.to_dict(), "text": d.describe()} for d in days],
        }
    return _dumps(data)


def render_shopping_json(shopping: ShoppingList) -> str:
    """Render a shopping list as JSON.

    Args:
        shopping: The list.

    Returns:
        Indented JSON ending with a newline.

    """
    return _dumps(shopping.to_dict())
