"""Prices and budgets: what a food costs, in what money, and how much a plan may cost.

A food's price is per 100 g as eaten: the table's ``price`` column, overridden food by
food by a ``--prices`` file. A missing price is unknown, never 0: a plan that has to
count money (``--objective cost`` or ``--budget``) leaves such foods out and says which.
The built-in tables' prices are USDA ERS Purchase to Plate national average prices,
2017-2018 U.S. dollars; a user's prices are in whatever money they were written in.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import pandas as pd

from .errors import InputError, Where
from .foods import BUILTIN_TABLES, FoodTable

USDA_CURRENCY = "2017-2018 U.S. dollars"
"""What the built-in tables' prices are in (USDA ERS PP-NAP, 2017-2018 cycle)."""
USER_CURRENCY = "the money of your prices"
"""What a user's prices are in: mealplan does not know, and does not convert."""
DAYS_PER_WEEK = 7


class Period(StrEnum):
    """What a budget amount covers."""

    DAY = "day"
    """Every day of the plan costs at most the amount."""
    WEEK = "week"
    """The plan costs at most the amount per 7 days (pro rata for other lengths)."""


@dataclass(frozen=True)
class Budget:
    """The most a plan may cost."""

    amount: float
    """Money per period, in the prices' money."""
    period: Period = Period.DAY
    """A limit on each day, or on the plan as a whole at so much a week."""

    def total(self, days: int) -> float:
        """The most ``days`` days may cost together: a week's amount is 7 days' worth."""
        if self.period is Period.DAY:
            return self.amount * days
        return self.amount * days / DAYS_PER_WEEK

    def describe(self, currency: str | None) -> str:
        """``$6.50 a day``, ``$45.00 a week``."""
        return f"{money(self.amount, currency)} a {self.period}"

    def flag(self) -> str:
        """The ``--budget`` value that gives this budget: ``6.5``, ``45/week``."""
        amount = f"{self.amount:.2f}".rstrip("0").rstrip(".")
        return amount if self.period is Period.DAY else f"{amount}/{self.period}"

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form."""
        return {"amount": self.amount, "per": str(self.period)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Budget:
        """Inverse of :meth:`to_dict`."""
        return cls(float(data["amount"]), Period(data["per"]))


_BUDGET = re.compile(r"^\s*\$?\s*(?P<amount>\d+(?:\.\d*)?|\.\d+)\s*"
                     r"(?:(?:/|per|a)\s*(?P<period>day|week|d|wk|w)\b)?\s*$", re.IGNORECASE)
_PERIODS = {"day": Period.DAY, "d": Period.DAY, "week": Period.WEEK, "wk": Period.WEEK,
            "w": Period.WEEK}


def parse_budget(text: str | float) -> Budget:
    """Read a ``--budget``: an amount a day, or a week with ``/week``.

    >>> parse_budget("6.50").describe(USDA_CURRENCY), parse_budget("45/week").flag()
    ('$6.50 a day', '45/week')

    Raises:
        InputError: Not an amount >= 0, optionally followed by ``/day`` or ``/week``.
    """
    match = _BUDGET.match(str(text))
    if isinstance(text, bool) or match is None:
        raise InputError(f"expected an amount a day such as 6.50, or a week such as "
                         f"45/week, got {str(text)!r}", Where(flag="--budget"))
    period = _PERIODS[(match["period"] or "day").lower()]
    return Budget(float(match["amount"]), period)


def price_per_100g(foods: FoodTable, overrides: Mapping[str, float] | None = None
                   ) -> pd.Series:
    """Price per 100 g by food_id: the table's ``price`` column, then ``overrides``.

    NaN where neither gives one.
    """
    if "price" in foods.frame.columns:
        prices = foods.frame["price"].astype(float).copy()
    else:
        prices = pd.Series(math.nan, index=foods.frame.index, dtype=float)
    if overrides:
        given = pd.Series(dict(overrides), dtype=float)
        prices.loc[given.index.intersection(prices.index)] = given
    return prices


def currency(foods: FoodTable, overrides: Mapping[str, float] | None = None) -> str | None:
    """What a plan's costs are in; None when no food has a price.

    The built-in tables' own prices are 2017-2018 U.S. dollars; once a user's prices
    come in (their table, or ``--prices``) the money is theirs.
    """
    if price_per_100g(foods, overrides).notna().sum() == 0:
        return None
    if foods.source in BUILTIN_TABLES and not overrides:
        return USDA_CURRENCY
    return USER_CURRENCY


def money(value: float | None, currency: str | None) -> str:
    """Format an amount of money: ``$4.27`` in U.S. dollars, else ``4.27``; ``unknown``."""
    if value is None or math.isnan(value):
        return "unknown"
    text = f"{value:,.2f}"
    return f"${text}" if currency == USDA_CURRENCY else text


def names_without_price(foods: FoodTable, food_ids: list[str], limit: int = 8) -> str:
    """Name foods without a price for a message: ``Oats, Milk and 3 more``."""
    names = sorted(str(foods.frame.at[fid, "name"]) for fid in food_ids)
    shown = names[:limit]
    rest = len(names) - len(shown)
    if rest:
        return ", ".join(shown) + f" and {rest} more"
    if len(shown) > 1:
        return ", ".join(shown[:-1]) + " and " + shown[-1]
    return "".join(shown)
