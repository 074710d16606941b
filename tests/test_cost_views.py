"""Costs in every view and in the shopping list, on the hand-made plan of test_views."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import pytest
from test_views import make_foods, make_plan

from mealplan.plan import Plan
from mealplan.prices import USDA_CURRENCY
from mealplan.shopping import Pantry, PantryItem, Quantity, shopping_list
from mealplan.views.csv import COST_COLUMNS, render_csv, render_shopping_csv
from mealplan.views.html import render_html
from mealplan.views.json import render_json, render_shopping_json
from mealplan.views.markdown import render_markdown, render_shopping_markdown
from mealplan.views.terminal import render_shopping_terminal, render_terminal

# Dollars per 100 g; salt has no price, so days with salt cost "at least".
PRICES = {"01256": 0.55, "04053": 1.10, "08120": 0.35, "09040": 0.19, "11457": 0.99,
          "11458": 0.75, "12014": 2.10, "12061": 1.84, "14209": 0.05, "16015": 0.30,
          "16126": 0.45, "19904": 2.60, "20045": 0.20}


def priced(plan: Plan, budget: dict | None = None) -> Plan:
    days = []
    for day in plan.days:
        meals = tuple(replace(m, items=tuple(
            replace(i, cost=i.grams / 100 * PRICES[i.food_id] if i.food_id in PRICES else None)
            for i in m.items)) for m in day.meals)
        days.append(replace(day, meals=meals))
    request = {**plan.request, "budget": budget}
    return replace(plan, days=tuple(days), currency=USDA_CURRENCY, request=request)


def by_hand(day_number: int) -> float:
    plan = make_plan()
    return sum(i.grams / 100 * PRICES.get(i.food_id, 0.0)
               for i in plan.days[day_number - 1].items)


@pytest.fixture
def plan() -> Plan:
    return priced(make_plan(), {"amount": 5.0, "per": "day"})


def plain(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines()]


def test_day_costs_are_the_items_costs():
    costs = [by_hand(d) for d in (1, 2, 3)]
    plan = priced(make_plan())
    assert [d.cost for d in plan.days] == pytest.approx(costs)
    assert [d.unpriced for d in plan.days] == [("Salt, table",), (), ("Salt, table",)]
    assert plan.cost == pytest.approx(sum(costs))
    assert Plan.from_dict(json.loads(render_json(plan))) == plan


def test_terminal_shows_each_day_and_the_plan(plan):
    lines = plain(render_terminal(plan, make_foods(), width=120, color=False))
    day2 = f"${by_hand(2):.2f}"
    assert f"Cost {day2} in 2017-2018 U.S. dollars · budget $5.00 a day ✓" in lines
    assert any(line.startswith(f"Cost at least ${by_hand(1):.2f} in 2017-2018 U.S. dollars")
               for line in lines)
    total = sum(by_hand(d) for d in (1, 2, 3))
    assert (f"Cost at least ${total:.2f} for 3 days · at least ${total / 3:.2f} a day · "
            f"at least ${total / 3 * 7:.2f} a week, in 2017-2018 U.S. dollars") in lines
    text = " ".join(lines)
    assert "No price for Salt, table; costs leave these out." in text
    assert "USDA ERS Purchase to Plate national average prices" in text


def test_a_day_over_its_budget_is_marked(plan):
    tight = replace(plan, request={**plan.request, "budget": {"amount": 1.0, "per": "day"}})
    lines = plain(render_terminal(tight, make_foods(), width=120, color=False))
    assert f"Cost ${by_hand(2):.2f} in 2017-2018 U.S. dollars · budget $1.00 a day ✗ high" \
        in lines


def test_markdown_and_html_show_costs(plan):
    foods = make_foods()
    text = render_markdown(plan, foods)
    assert "| Cost | Targets missed |" in text
    assert f"| \\${by_hand(2):.2f} ✓ |" in text
    assert f"Cost: \\${by_hand(2):.2f} in 2017-2018 U.S. dollars · budget \\$5.00 a day ✓" \
        in text
    html = render_html(plan, foods)
    assert '<th scope="col" class="num">Cost</th>' in html
    assert f"${by_hand(2):.2f} in 2017-2018 U.S. dollars · budget $5.00 a day ✓" in html
    assert "for 3 days" in html


def test_csv_has_a_cost_and_its_currency_per_item(plan):
    rows = list(csv.DictReader(io.StringIO(render_csv(plan, make_foods()))))
    assert list(rows[0])[-2:] == list(COST_COLUMNS)
    for row in rows:
        grams, fid = float(row["grams"]), row["food_id"]
        if fid in PRICES:
            assert float(row["cost"]) == pytest.approx(grams / 100 * PRICES[fid], abs=1e-4)
        else:
            assert row["cost"] == ""
        assert row["currency"] == "2017-2018 U.S. dollars"


def test_json_has_costs_per_day_and_in_total(plan):
    data = json.loads(render_json(plan))
    assert data["currency"] == "2017-2018 U.S. dollars"
    assert [d["cost"] for d in data["days"]] == pytest.approx([by_hand(d) for d in (1, 2, 3)])
    assert data["cost"] == pytest.approx(sum(by_hand(d) for d in (1, 2, 3)))
    assert data["unpriced"] == ["Salt, table"]
    assert data["request"]["budget"] == {"amount": 5.0, "per": "day"}


def test_a_plan_without_prices_shows_no_cost():
    plan, foods = make_plan(), make_foods()
    assert plan.currency is None
    for text in (render_terminal(plan, foods, width=100, color=False),
                 render_markdown(plan, foods), render_html(plan, foods)):
        assert "Cost" not in text and "U.S. dollars" not in text
    assert "cost" not in render_csv(plan, foods).splitlines()[0]
    assert "cost" not in json.loads(render_json(plan))


def test_the_shopping_list_costs_what_the_plan_eats(plan):
    foods = make_foods()
    shop = shopping_list(plan, foods)
    assert shop.currency == USDA_CURRENCY
    assert shop.cost == pytest.approx(plan.cost)
    salt = next(i for i in shop.items if i.name == "Salt, table")
    assert salt.cost is None and shop.unpriced == ("Salt, table",)
    rice = next(i for i in shop.items if i.purchase_id == "20044")
    cooked = sum(i.grams for d in plan.days for i in d.items if i.food_id == "20045")
    assert rice.cost == pytest.approx(cooked / 100 * PRICES["20045"])
    # Rice already at home takes its share of the cost off.
    half = Pantry((PantryItem("20044", "20044", Quantity(rice.grams / 2, "g"), 1),))
    rice_left = next(i for i in shopping_list(plan, foods, half).items
                     if i.purchase_id == "20044")
    assert rice_left.cost == pytest.approx(rice.cost / 2)


def test_shopping_views_show_item_costs_and_the_total(plan):
    shop = shopping_list(plan, make_foods())
    total = f"${shop.cost:.2f}"
    lines = plain(render_shopping_terminal(shop, width=100, color=False))
    assert (f"Total at least {total} in 2017-2018 U.S. dollars; no price for Salt, table"
            in lines)
    rice = next(i for i in shop.items if i.purchase_id == "20044")
    assert any(line.startswith("[ ]") and line.endswith(f"${rice.cost:.2f}") for line in lines)
    markdown = render_shopping_markdown(shop)
    assert f"; \\${rice.cost:.2f})" in markdown
    assert f"Total at least \\{total} in 2017-2018 U.S. dollars" in markdown
    rows = list(csv.DictReader(io.StringIO(render_shopping_csv(shop))))
    assert {r["currency"] for r in rows} == {"2017-2018 U.S. dollars"}
    data = json.loads(render_shopping_json(shop))
    assert data["cost"] == pytest.approx(shop.cost)
    assert next(i for i in data["items"] if i["purchase_id"] == "20044")["cost"] == \
        pytest.approx(rice.cost)
    assert "Total at least" in render_html(plan, make_foods(), shop)
