"""What shops sell and how food keeps: packages, spoilage and batch cooking, as data.

A week is bought in one shop, in whole packages of what shops sell (the built-in
table's ``default_purchases.csv``). Each package keeps a number of days: unopened from
the shop day (``keeps_days``) and once opened (``open_days``); shelf-stable and freezer
goods keep past the week, fruit and bread at room temperature their ``keeps_days``.
Fresh meat and fish keep two or three days in the fridge, so they are frozen in
portions on the shop day and each portion thawed the day before it is cooked; what is
left stays frozen (FoodKeeper: months), so it is not waste. A dish marked ``batch``
(soups, stews, chili, curries, cooked grains and beans) may be cooked once for up to
three meals and eaten again within the days cooked food keeps.

The planner (:mod:`mealplan.strategy`) and the independent checker
(:mod:`mealplan.check`) both read these rules; the checker replays the week's packages
and cooking from them without trusting the planner's bookkeeping. Sources: USDA
FoodKeeper guidance for keeping days (cooked leftovers 3-4 days in the fridge), and
the package sizes curated in ``foods/purchases.csv`` (see ``foods/README.md``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# Cooked leftovers keep 3-4 days in the fridge (USDA FoodKeeper): cooked on day d, a
# dish is eaten up to day d + 3.
COOKED_KEEPS_DAYS = 4
# A batch dish feeds at most so many meals, the day it is cooked included.
BATCH_MEALS = 3
# Food that keeps this many days or fewer (once bought, or once opened) is perishable:
# left over at the week's end, it is thrown away (fridge food, and fruit and bread at
# room temperature). Longer-keeping food (cheese, apples, carrots, butter, potatoes)
# and shelf-stable and freezer goods are not waste.
PERISHABLE_DAYS = 10
# A shop for one person: at most so many different things (staples aside) a week, and
# so many kinds of meat and fish.
DEFAULT_MAX_ITEMS = 25
DEFAULT_MAX_MEAT_FISH = 4
# Percent of the perishable food a week buys that it may leave unused at its end: above
# it the week is re-planned without the packages it left mostly unused.
DEFAULT_MAX_WASTE_PCT = 10.0
# Purchase forms' ``kind`` that the cap on kinds of meat and fish counts.
MEAT_FISH_KINDS = ("meat", "fish")

# The default objective's kitchen terms, in the objective's points (a day's nutrition
# earns about 260): each food cooked fresh for a meal costs 2, each batch cooked 3
# (leftovers cost nothing), each later meal a batch is cooked for earns 5 (the
# cooking it saves; those meals are then planned), each 100 g of perishable food that
# may spoil costs 5 (see mealplan.basket), each different thing bought 2, so the
# week shares ingredients, and each package opened 0.3, so stock is used first.
# Each unit of a cooked dish eaten from the fridge earns 1, and each unit due today
# (its planned share, or all that is left on its last day) 4 more.
LEFTOVER_POINTS_PER_UNIT = 1.0
DUE_POINTS_PER_UNIT = 4.0
FRESH_POINTS = 2.0
BATCH_POINTS = 3.0
LEFTOVER_POINTS_PER_MEAL = 5.0
WASTE_POINTS_PER_G = 0.05
ITEM_POINTS = 2.0
PACKAGE_POINTS = 0.3

# A package covers up to this share more than its weight. A recipe's grams are
# averages, and what shops sell is at least its weight: FNDDS fries an egg of 51 g of
# egg where a dozen large eggs is 12 of 50 g (USDA grade: at least 24 oz a dozen), so
# 12 fried eggs bought a second dozen in 5 of 24 weeks; a 14th kiwi was bought for 1 g.
# What is left of a package is its weight less what was used, never more.
PACKAGE_SLACK = 0.05


def covered_g(package_g: float) -> float:
    """Grams a package covers: its weight and its slack (PACKAGE_SLACK).

    >>> round(covered_g(680), 1)
    714.0
    """
    return package_g * (1 + PACKAGE_SLACK)

_COUNT_WORDS: Mapping[str, int] = {"dozen": 12, "half dozen": 6, "half-dozen": 6}
_PACK_OF = re.compile(r"\b(?:pack|box|bag|package) of (\d+)\b", re.IGNORECASE)
_PIECES_INSIDE = re.compile(r"\((\d+) (?:slices|pieces|bars|cups|packets|tortillas|"
                            r"muffins|bagels|eggs|links|patties)\)", re.IGNORECASE)


def package_pieces(package: str | None) -> int | None:
    """Pieces in one package, when the package is a count: dozen -> 12, pack of 6 -> 6.

    ``piece`` (fruit and vegetables sold by the piece) is 1; a package sold by weight
    (``15-oz can``) is None.

    >>> package_pieces("dozen"), package_pieces("pack of 10 (8-inch)"), package_pieces("1-lb bag")
    (12, 10, None)
    """
    if not package:
        return None
    text = package.strip().lower()
    if text == "piece" or text.startswith("piece "):
        return 1
    for words, count in _COUNT_WORDS.items():
        if text.startswith(words):
            return count
    match = _PACK_OF.search(text) or _PIECES_INSIDE.search(text)
    return int(match.group(1)) if match else None


@dataclass(frozen=True)
class Keeping:
    """How one purchase form keeps."""

    shelf_days: float
    """Days it keeps from the shop day, unopened (inf: past the week)."""
    open_days: float
    """Days it keeps once opened (inf: past the week)."""
    perishable: bool
    """Whether leftovers at the week's end are thrown away."""

    def last_day(self, opened: int) -> float:
        """The last 0-based day a package opened on ``opened`` may be used."""
        return min(self.shelf_days - 1, opened + self.open_days - 1)


def keeping(row: Mapping[str, Any]) -> Keeping:
    """How a purchase form keeps, from its ``storage``, ``keeps_days`` and ``open_days``."""
    storage = str(row.get("storage") or "pantry")
    keeps = _days(row.get("keeps_days"))
    opened = _days(row.get("open_days"))
    if frozen_fresh(row):
        # Frozen in portions on the shop day, each thawed the day before it is cooked:
        # what no day thaws stays frozen, for months, so it is not waste.
        return Keeping(math.inf, math.inf, False)
    if storage == "fridge":
        if math.isinf(opened):
            opened = keeps
        return Keeping(keeps, opened, min(keeps, opened) <= PERISHABLE_DAYS)
    if storage == "pantry" and math.isfinite(keeps):
        # Kept at room temperature for days, not months: fruit, bread, tomatoes.
        return Keeping(keeps, opened, min(keeps, opened) <= PERISHABLE_DAYS)
    # Freezer goods and shelf-stable pantry goods keep past the week, unopened; an
    # opened can or carton keeps its days in the fridge.
    return Keeping(math.inf, opened, opened <= PERISHABLE_DAYS)


def frozen_fresh(row: Mapping[str, Any]) -> bool:
    """Whether a purchase form is fresh meat or fish, frozen in portions on the shop day.

    See :func:`keeping`; its ``keeps_days`` are then its days in the fridge.
    """
    return (str(row.get("storage") or "") == "fridge"
            and str(row.get("kind") or "") in MEAT_FISH_KINDS)


def fridge_days(row: Mapping[str, Any]) -> float:
    """Days a form keeps in the fridge from the shop day (inf when the table is silent)."""
    return _days(row.get("keeps_days"))


def _days(value: Any) -> float:
    try:
        days = float(value)
    except (TypeError, ValueError):
        return math.inf
    return days if days > 0 else math.inf
