r"""CSV views: one row per plan item, and the shopping list; safe to open in a spreadsheet.

Text cells go through :func:`mealplan.files.neutralise_cell`, and a cell holding a
comma, semicolon, tab, quote or line break is quoted (:func:`mealplan.files.csv_line`),
so no spreadsheet locale splits it; numbers are written as plain decimals and unknown
values as empty cells, so pandas reads NaN. Rows end with ``\r\n`` as RFC 4180 says.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from ..files import csv_line, neutralise_cell
from ..foods import FoodTable
from ..plan import Plan
from ..shopping import ShoppingList
from . import _format as fmt

PLAN_COLUMNS = ("day", "meal", "food_id", "name", "servings", "serving_desc", "grams")
"""The first columns of :func:`render_csv`; the table's nutrient columns follow."""

SHOPPING_COLUMNS = ("aisle", "item", "quantity", "grams", "count", "purchase_id", "days",
                    "staple", "grams_used", "grams_bought", "packages", "package")
"""The columns of :func:`render_shopping_csv`, which :func:`read_pantry` reads back.

``grams`` is what is still needed as bought, before rounding up to what a shop sells;
``grams_used`` what the plan uses, as bought; ``grams_bought`` what is bought (whole
packages, or ``grams`` when sold by weight); ``packages`` how many of ``package``
(``15-oz can``), empty when sold by weight or when the plan says nothing of packages.
"""

COST_COLUMNS = ("cost", "currency")
"""Last columns of both CSV views when the plan has prices: the cost (empty when the
food has none) and what it is in (``2017-2018 U.S. dollars`` for built-in prices)."""


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
    return "".join(csv_line(row) for row in (header, *rows))


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
                    *_cost_cells(item.cost, plan.currency),
                ])
    costs = COST_COLUMNS if plan.currency is not None else ()
    return _write([*PLAN_COLUMNS, *foods.nutrients, *costs], rows)


def _cost_cells(cost: float | None, currency: str | None) -> list[str]:
    if currency is None:
        return []
    return [decimal(cost, 4), _text(currency)]


def render_shopping_csv(shopping: ShoppingList) -> str:
    """Render a shopping list as CSV; edit ``quantity`` down and read it back as a pantry.

    Args:
        shopping: The list.

    Returns:
        The CSV text with a header row (see :data:`SHOPPING_COLUMNS`).

    """
    rows = [[
        _text(i.aisle), _text(i.name), _text(i.unit_text), decimal(i.grams, 1),
        "" if i.count is None else str(i.count), _text(i.purchase_id),
        ", ".join(map(str, i.days)), "yes" if i.staple else "no",
        decimal(i.grams_used, 1), decimal(i.grams_bought, 1),
        "" if i.packages is None else str(i.packages), _text(i.package or ""),
        *_cost_cells(i.cost, shopping.currency),
    ] for i in shopping.items]
    costs = COST_COLUMNS if shopping.currency is not None else ()
    return _write([*SHOPPING_COLUMNS, *costs], rows)
