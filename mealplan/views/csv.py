r"""CSV views: one row per plan item, and the shopping list; safe to open in a spreadsheet.

Text cells go through :func:`mealplan.files.neutralise_cell`; numbers are written as
plain decimals and unknown values as empty cells, so pandas reads NaN. Rows end with
``\r\n`` as RFC 4180 says, which also makes the csv module quote a cell holding either
character (with ``\n`` alone it leaves a ``\r`` bare and the file breaks).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence

from ..files import neutralise_cell
from ..foods import FoodTable
from ..plan import Plan
from ..shopping import ShoppingList
from . import _format as fmt

PLAN_COLUMNS = ("day", "meal", "food_id", "name", "servings", "serving_desc", "grams")
"""The first columns of :func:`render_csv`; the table's nutrient columns follow."""

SHOPPING_COLUMNS = ("aisle", "item", "quantity", "grams", "count", "purchase_id", "days",
                    "staple")
"""The columns of :func:`render_shopping_csv`, which :func:`read_pantry` reads back."""


def decimal(value: float | None, places: int) -> str:
    """Format a number to ``places`` without trailing zeros; empty when unknown.

    >>> decimal(12.50, 2), decimal(float("nan"), 2), decimal(3, 1)
    ('12.5', '', '3')
    """
    if value is None or math.isnan(value):
        return ""
    text = f"{value:.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _write(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _text(value: str) -> str:
    return str(neutralise_cell(value))


def render_csv(plan: Plan, foods: FoodTable) -> str:
    """Render a plan as CSV, one row per item, with what each item supplies.

    Nutrient columns are ``grams / 100 x`` the table's per-100 g values, in the
    table's nutrient order; an unknown value is an empty cell.

    Args:
        plan: The plan.
        foods: The food table the plan was made from.

    Returns:
        The CSV text with a header row.

    Example:
        >>> pd.read_csv(io.StringIO(render_csv(plan, foods)),  # doctest: +SKIP
        ...             dtype={"food_id": str})

    """
    rows = []
    for day in plan.days:
        for meal in day.meals:
            for item in meal.items:
                rows.append([
                    str(day.number), _text(meal.name), _text(item.food_id), _text(item.name),
                    decimal(item.servings, 3), _text(item.serving_desc),
                    decimal(item.grams, 1),
                    *(decimal(fmt.item_amount(item, foods, n), 2) for n in foods.nutrients),
                ])
    return _write([*PLAN_COLUMNS, *foods.nutrients], rows)


def render_shopping_csv(shopping: ShoppingList) -> str:
    """Render a shopping list as CSV; edit ``quantity`` down and read it back as a pantry.

    Args:
        shopping: The list.

    Returns:
        The CSV text with a header row; ``grams`` are as bought, before rounding up.

    """
    rows = [[
        _text(i.aisle), _text(i.name), _text(i.unit_text), decimal(i.grams, 1),
        "" if i.count is None else str(i.count), _text(i.purchase_id),
        ", ".join(map(str, i.days)), "yes" if i.staple else "no",
    ] for i in shopping.items]
    return _write(SHOPPING_COLUMNS, rows)
