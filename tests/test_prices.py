"""Prices and budgets: parsing, the money they are in, and reading price files."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from mealplan.errors import InputError
from mealplan.prices import (
    USDA_CURRENCY,
    USER_CURRENCY,
    Budget,
    Period,
    currency,
    money,
    names_without_price,
    parse_budget,
    price_per_100g,
)
from mealplan.request import read_prices


@pytest.mark.parametrize(("text", "amount", "period"), [
    ("6", 6.0, Period.DAY),
    ("6.50", 6.5, Period.DAY),
    ("$6.50", 6.5, Period.DAY),
    ("6.50/day", 6.5, Period.DAY),
    ("45/week", 45.0, Period.WEEK),
    ("45 / Week", 45.0, Period.WEEK),
    ("$45 a week", 45.0, Period.WEEK),
    ("45 per wk", 45.0, Period.WEEK),
    (7.25, 7.25, Period.DAY),  # a profile's budget = 7.25
])
def test_parse_budget(text, amount, period):
    assert parse_budget(text) == Budget(amount, period)


@pytest.mark.parametrize("text", ["", "cheap", "-5", "5/month", "5/week/day", "1,000"])
def test_a_bad_budget_names_the_flag(text):
    with pytest.raises(InputError) as raised:
        parse_budget(text)
    assert str(raised.value).startswith("--budget: expected an amount a day such as 6.50")


def test_a_week_budget_is_seven_days_worth():
    week = Budget(42.0, Period.WEEK)
    assert week.total(7) == 42.0
    assert week.total(3) == pytest.approx(18.0)
    assert Budget(6.0).total(3) == 18.0
    assert week.flag() == "42/week" and Budget(6.5).flag() == "6.5"
    assert Budget.from_dict(week.to_dict()) == week


def test_money_is_dollars_only_for_the_built_in_prices():
    assert money(1234.5, USDA_CURRENCY) == "$1,234.50"
    assert money(4.271, USER_CURRENCY) == "4.27"
    assert money(math.nan, USDA_CURRENCY) == "unknown"
    assert Budget(45, Period.WEEK).describe(USDA_CURRENCY) == "$45.00 a week"


def test_prices_come_from_the_table_then_the_file(tiny_foods):
    prices = price_per_100g(tiny_foods, {"11458": 0.8})
    assert prices["11458"] == 0.8
    assert prices["12014"] == 1.8  # the table's own price


def test_currency(tiny_foods):
    assert currency(tiny_foods) == USER_CURRENCY
    builtin = replace(tiny_foods, source="default")  # the built-in tables' prices are USDA's
    assert currency(builtin) == USDA_CURRENCY
    assert currency(builtin, {"11458": 0.8}) == USER_CURRENCY
    unpriced = replace(tiny_foods, frame=tiny_foods.frame.drop(columns="price"))
    assert currency(unpriced) is None
    assert currency(unpriced, {"11458": 0.8}) == USER_CURRENCY


def test_names_without_price(tiny_foods):
    assert names_without_price(tiny_foods, ["11458"]) == "Spinach, cooked, boiled"
    ids = list(tiny_foods.frame.index[:3])
    assert names_without_price(tiny_foods, ids).count(" and ") == 1
    assert names_without_price(tiny_foods, list(tiny_foods.frame.index), limit=2).endswith(
        " and 10 more")


def test_a_price_file_reports_every_bad_row(tiny_foods, tmp_path):
    path = tmp_path / "prices.csv"
    path.write_text("food_id,price\n11458,cheap\n99999,1\n12014,-1\n09040,inf\n14209,0.1\n"
                    "14209,0.2\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        read_prices(path, tiny_foods)
    text = str(raised.value)
    for expected in ("row 1, column price: expected a price per 100 g from 0 to 1e9 for Spinach",
                     "row 2, column food_id: unknown food_id '99999'",
                     "row 3, column price", "row 4, column price",
                     "row 6, column food_id: food_id 14209 is priced twice"):
        assert expected in text
    assert len(raised.value.more) == 4


def test_a_price_file_whose_ids_lost_their_zeros_still_matches(tiny_foods, tmp_path):
    path = tmp_path / "prices.csv"
    path.write_text("food_id,price\n9040,0.3\n", encoding="utf-8")
    assert read_prices(path, tiny_foods) == {"09040": 0.3}
