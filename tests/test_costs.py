"""What plans cost: the cost objective, budgets a day and a week, the checker, refusals.

On tests/data/priced_foods.csv (made-up prices) and small tables made here, so these
tests do not depend on the built-in table's foods.
"""

from __future__ import annotations

import dataclasses
import math
import re
from pathlib import Path

import pandas as pd
import pytest

from mealplan.check import check_plan
from mealplan.errors import InputError, NoPlanError
from mealplan.foods import FoodTable, load_foods
from mealplan.model import build_model
from mealplan.plan import Plan
from mealplan.planner import make_plan
from mealplan.prices import USER_CURRENCY, Budget, Period, money, price_per_100g
from mealplan.request import PlanRequest, request_from_settings
from mealplan.strategy import paced_budget


def plan_for(foods: FoodTable, **settings: object) -> tuple[Plan, PlanRequest]:
    request = request_from_settings(foods, settings)
    return make_plan(foods, request), request


def day_costs_by_hand(plan: Plan, foods: FoodTable) -> list[float]:
    price = foods.frame["price"].astype(float)
    return [sum(i.grams / 100 * float(price[i.food_id]) for i in d.items) for d in plan.days]


def without_prices(foods: FoodTable, tmp_path: Path, food_ids: list[str]) -> FoodTable:
    frame = pd.read_csv(foods.source, dtype=str, keep_default_na=False)
    frame.loc[frame["food_id"].isin(food_ids), "price"] = ""
    path = tmp_path / "partly_priced.csv"
    frame.to_csv(path, index=False)
    return load_foods(path)


# --- costs of a plan -----------------------------------------------------------------------

def test_every_item_costs_its_grams_times_its_price(priced_foods):
    plan, request = plan_for(priced_foods, days=2)
    assert plan.currency == USER_CURRENCY
    price = priced_foods.frame["price"].astype(float)
    for day, by_hand in zip(plan.days, day_costs_by_hand(plan, priced_foods), strict=True):
        for item in day.items:
            assert item.cost == pytest.approx(item.grams / 100 * price[item.food_id])
        assert day.cost == pytest.approx(by_hand)
        assert day.unpriced == ()
    assert plan.cost == pytest.approx(sum(day_costs_by_hand(plan, priced_foods)))
    assert Plan.from_dict(plan.to_dict()) == plan
    assert check_plan(plan, priced_foods, request) == []


def test_the_cost_objective_is_cheaper_than_the_default(priced_foods):
    cheapest, request = plan_for(priced_foods, objective="cost")
    default, _ = plan_for(priced_foods)
    assert cheapest.cost < default.cost
    assert check_plan(cheapest, priced_foods, request) == []


# --- budgets ---------------------------------------------------------------------------

@pytest.fixture
def cheapest_day(priced_foods) -> float:
    plan, _ = plan_for(priced_foods, objective="cost")
    return plan.cost


def test_a_budget_a_day_holds_every_day(priced_foods, cheapest_day):
    amount = round(cheapest_day * 1.6, 2)
    plan, request = plan_for(priced_foods, days=2, budget=f"{amount}")
    assert request.budget == Budget(amount, Period.DAY)
    assert all(cost <= amount + 1e-6 for cost in day_costs_by_hand(plan, priced_foods))
    assert check_plan(plan, priced_foods, request) == []
    # The checker recomputes the budget from the table: a tighter one fails this plan.
    dearest = max(d.cost for d in plan.days)
    tighter = dataclasses.replace(request, budget=Budget(dearest * 0.9))
    assert {v.rule for v in check_plan(plan, priced_foods, tighter)} == {"budget"}


def test_a_budget_a_week_holds_for_the_plan_as_a_whole(priced_foods, cheapest_day):
    weekly = round(cheapest_day * 1.6 * 7, 2)
    plan, request = plan_for(priced_foods, days=3, budget=f"{weekly}/week")
    assert sum(day_costs_by_hand(plan, priced_foods)) <= weekly * 3 / 7 + 1e-6
    assert check_plan(plan, priced_foods, request) == []
    tighter = dataclasses.replace(request, budget=Budget(plan.cost * 7 / 3 * 0.9, Period.WEEK))
    violations = check_plan(plan, priced_foods, tighter)
    assert [(v.day, v.rule) for v in violations] == [(None, "budget")]


def test_a_week_budget_is_paced_over_the_days_left():
    request = PlanRequest(request_targets(), days=4, budget=Budget(70.0, Period.WEEK))
    assert paced_budget(request, 0, 0.0) == pytest.approx(10.0)  # 40 for 4 days
    # A cheap first day leaves more for the three after it.
    assert paced_budget(request, 1, 7.0) == pytest.approx(11.0)
    assert paced_budget(dataclasses.replace(request, budget=Budget(10.0)), 1, 7.0) is None


def request_targets():
    from mealplan.targets import Profile, resolve_targets

    return resolve_targets(Profile())


def test_budget_rows(priced_foods):
    day = request_from_settings(priced_foods, {"days": 3, "budget": "5"})
    rows = {r.key: r for r in build_model(priced_foods, day).arrays.rows}
    assert [rows[("budget", f"d{d}")].hi for d in (1, 2, 3)] == [5.0, 5.0, 5.0]
    week = request_from_settings(priced_foods, {"days": 3, "budget": "35/week"})
    assert build_model(priced_foods, week).arrays.row(("budget", None)).hi == pytest.approx(15.0)
    # The screening LP's average day gets its share; a paced day what it is given.
    relaxed = build_model(priced_foods, week, relaxed=True).arrays
    assert relaxed.row(("budget", None)).hi == pytest.approx(5.0)
    one = build_model(priced_foods, week, days=[1], budget_left=4.25).arrays
    budget = one.row(("budget", None))
    assert budget.hi == 4.25
    # Its terms are every amount column of the day, at price x grams per unit.
    model = build_model(priced_foods, week, days=[1], budget_left=4.25)
    price = price_per_100g(priced_foods).loc[list(model.food_ids)].to_numpy()
    expected = price[model.amount_food] * model.unit_grams / 100
    assert sorted(budget.coef) == pytest.approx(sorted(expected[expected != 0]))


def test_an_impossible_budget_says_what_the_cheapest_plan_costs(priced_foods, cheapest_day):
    request = request_from_settings(priced_foods, {"budget": f"{cheapest_day * 0.8:.2f}"})
    with pytest.raises(NoPlanError) as raised:
        make_plan(priced_foods, request)
    [conflict] = raised.value.conflicts
    assert conflict.limit.startswith("budget <= ")
    assert (f"the cheapest plan meeting every other limit costs "
            f"{money(cheapest_day, USER_CURRENCY)} a day") in conflict.fix
    # The budget it suggests allows a plan.
    suggested = re.search(r"--budget (\S+)$", conflict.fix)
    assert suggested is not None
    plan, _ = plan_for(priced_foods, budget=suggested[1])
    assert plan.cost <= float(suggested[1]) + 1e-6


def test_an_impossible_week_budget_suggests_a_week_budget(priced_foods, cheapest_day):
    request = request_from_settings(priced_foods, {"budget": "1/week"})
    with pytest.raises(NoPlanError) as raised:
        make_plan(priced_foods, request)
    [conflict] = raised.value.conflicts
    assert conflict.limit == "budget <= 1.00 a week"
    assert re.search(r"a week; allow it with --budget \d+(\.\d+)?/week$", conflict.fix)


def test_a_budget_on_limits_no_plan_meets_explains_those_limits(priced_foods):
    request = request_from_settings(priced_foods, {"budget": "100",
                                                   "min": ["magnesium_mg=5000"]})
    with pytest.raises(NoPlanError) as raised:
        make_plan(priced_foods, request)
    assert not any(c.limit.startswith("budget") for c in raised.value.conflicts)
    assert any(c.limit.startswith("magnesium_mg >= 5,000") for c in raised.value.conflicts)


# --- missing prices ---------------------------------------------------------------------

def test_foods_without_a_price_are_named_and_left_out(priced_foods, tmp_path):
    cheapest, _ = plan_for(priced_foods, objective="cost")
    some = [i.food_id for i in cheapest.days[0].items[:3]]  # what the cheapest day uses
    partly = without_prices(priced_foods, tmp_path, some)
    names = sorted(partly.frame.loc[some, "name"])
    plan, request = plan_for(partly, objective="cost")
    assert not {i.food_id for i in plan.days[0].items} & set(some)
    note = next(n for n in plan.notes if "no price" in n)
    assert note.startswith("3 foods have no price and were left out: ")
    assert all(name in note for name in names)
    assert check_plan(plan, partly, request) == []
    # Planned without counting money, the plan may use them; their cost is unknown.
    free, _ = plan_for(partly, include=[some[0]])
    assert partly.frame.at[some[0], "name"] in free.unpriced
    assert next(i for i in free.days[0].items if i.food_id == some[0]).cost is None


def test_a_meal_without_priced_foods_names_them(priced_foods, tmp_path):
    snacks = [fid for fid, tags in priced_foods.frame["meals"].items() if "snack" in tags]
    partly = without_prices(priced_foods, tmp_path, snacks)
    # Caffeine asked for, so that the price is all that leaves the snacks out.
    request = request_from_settings(partly, {"objective": "cost", "caffeine_now": 100})
    with pytest.raises(NoPlanError) as raised:
        make_plan(partly, request)
    [conflict] = [c for c in raised.value.conflicts if c.limit == "snack: no food fits"]
    assert " of them have no price (" in conflict.fix
    assert "give them a price per 100 g in the food table's price column or with " \
           "--prices FILE" in conflict.fix
    assert "--avoid" not in conflict.fix  # nothing else leaves them out


def test_foods_a_plan_needs_without_a_price_are_named(priced_foods, tmp_path):
    # The foods richest in magnesium have no price: without them no day reaches the RDA.
    frame = priced_foods.frame
    rich = frame["magnesium_mg"] / frame["energy_kcal"].clip(lower=1)
    unpriced = list(rich.sort_values(ascending=False).index[:len(frame) * 4 // 5])
    partly = without_prices(priced_foods, tmp_path, unpriced)
    request = request_from_settings(partly, {"budget": "50"})
    with pytest.raises(NoPlanError) as raised:
        make_plan(partly, request)
    [conflict] = [c for c in raised.value.conflicts if c.limit.startswith("prices")]
    # Counted among the foods nothing else leaves out (the caffeinated ones are out too).
    from mealplan.model import eligible_foods

    out = sum(r == "no price" for r in eligible_foods(partly, request)[1].values())
    assert 0 < out <= len(unpriced)
    assert conflict.limit == f"prices: {out} of {len(partly)} foods have none"
    assert conflict.fix.startswith(f"{out} foods have no price (")


def test_money_needs_some_price(tiny_foods):
    frame = tiny_foods.frame.drop(columns="price")
    unpriced = dataclasses.replace(tiny_foods, frame=frame)
    for settings, flag in (({"objective": "cost"}, "--objective"), ({"budget": "5"}, "--budget")):
        with pytest.raises(InputError) as raised:
            build_model(unpriced, request_from_settings(unpriced, settings))
        assert str(raised.value).startswith(f"{flag}: {flag.split()[0]}")
        assert "--prices FILE" in str(raised.value)


def test_the_checker_never_takes_a_missing_price_as_zero(priced_foods, tmp_path):
    plan, request = plan_for(priced_foods, objective="cost")
    fid = plan.days[0].items[0].food_id
    partly = without_prices(priced_foods, tmp_path, [fid])
    found = {(v.rule, fid in v.detail) for v in check_plan(plan, partly, request)}
    assert ("price", True) in found and ("cost", True) in found
    assert all(not math.isnan(i.cost) for d in plan.days for i in d.items if i.cost is not None)


def test_a_budget_fix_is_raised_until_it_works_and_the_cheapest_week_is_offered():
    from mealplan.diagnose import budget_conflict
    from mealplan.fixes import Verifier
    from mealplan.request import Objective

    foods = load_foods("default")
    request = request_from_settings(foods, {"budget": "1"})
    tried: list[tuple[float, str]] = []

    def plans(changed: PlanRequest) -> bool:
        assert changed.budget is not None
        tried.append((changed.budget.amount, str(changed.objective)))
        # Only the cost objective plans at the cheapest plan's cost; others need 3.40.
        return changed.objective is Objective.COST or changed.budget.amount >= 3.40

    found = budget_conflict(Budget(1.0), USER_CURRENCY, [3.0, 3.0], None,
                            Verifier(request, plans, 60))
    # 3.00, then 15 % of it per step of strength: 3.00, 3.14 (1.3), 3.45 (2.0).
    assert [a for a, o in tried if o != "cost"] == [3.0, 3.14, 3.45]
    assert found.fix.endswith("allow it with --budget 3.45, or --budget 3 --objective cost "
                              "for the cheapest week")
    assert [[str(c) for c in fix] for fix in found.fixes] == [
        ["--budget 3.45"], ["--budget 3", "--objective cost"]]
    nothing = budget_conflict(Budget(1.0), USER_CURRENCY, [3.0, 3.0], None,
                              Verifier(request, lambda r: False, 60))
    assert nothing.fix.endswith("no budget that was tried gave a plan in time")
    assert nothing.fixes == ()


def test_budget_conflict_wording():
    from mealplan.diagnose import budget_conflict

    day = budget_conflict(Budget(1.0), USER_CURRENCY, [2.0, 3.0], None)
    assert day.fix == ("the cheapest plan meeting every other limit costs 2.50 a day on "
                       "average, 3.00 on its dearest day; allow it with --budget 3, or "
                       "--budget 17.5/week for the plan as a whole")
    assert (day.requested, day.reachable, day.details) == (1.0, 3.0, ())
    week = budget_conflict(Budget(10.0, Period.WEEK), USER_CURRENCY, [2.0, 3.001], 0.05)
    assert week.fix.endswith("costs 2.50 a day, 17.50 a week; allow it with --budget 17.51/week")
    assert week.details == ("That plan is within 5.0% of the lowest cost possible.",)
