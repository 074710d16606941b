"""The independent check of a week bought in packages, on a planned week, each test
breaking one rule of what it buys or cooks."""

from __future__ import annotations

import dataclasses
import math

import pytest

from mealplan import kitchen, load_foods, planner
from mealplan.check import check_plan
from mealplan.check_basket import check_purchases
from mealplan.plan import Plan, Purchase
from mealplan.request import request_from_settings


@pytest.fixture(scope="module")
def foods():
    return load_foods("default")


@pytest.fixture(scope="module")
def week(foods):
    request = request_from_settings(foods, {"days": 7})
    return planner.make_plan(foods, request), request


def rules(plan, foods, request) -> set[str]:
    return {v.rule for v in check_purchases(plan, foods, request)}


def with_purchase(plan: Plan, pid: str, **changes) -> Plan:
    return dataclasses.replace(plan, purchases=tuple(
        dataclasses.replace(p, **changes) if p.purchase_id == pid else p
        for p in plan.purchases))


def packaged(plan: Plan) -> list[Purchase]:
    return [p for p in plan.purchases if p.packages]


def test_a_planned_week_is_bought_in_whole_packages_and_passes(foods, week):
    plan, request = week
    assert plan.purchases and plan.prep
    assert check_plan(plan, foods, request) == []
    for p in packaged(plan):
        assert p.grams_bought == pytest.approx(p.packages * p.package_g)
        assert p.grams_bought * (1 + kitchen.PACKAGE_SLACK) + 0.5 >= p.grams_used


def test_one_package_fewer_leaves_a_day_short(foods, week):
    plan, request = week
    # The package most used up: one fewer cannot cover the week.
    p = max(packaged(plan), key=lambda p: p.grams_used / p.grams_bought)
    short = with_purchase(plan, p.purchase_id, packages=p.packages - 1,
                          grams_bought=(p.packages - 1) * p.package_g)
    assert "purchase" in rules(short, foods, request)


def test_a_package_covers_up_to_its_slack_more_than_its_weight(foods):
    # 12 fried eggs are 699 g of eggs as bought (FNDDS's egg is 51 g, a large one 50 g):
    # one dozen of 680 g covers them, and 5 % more; 6 % more is a day short.
    from mealplan.basket import packages_for
    from mealplan.check_basket import _check_purchase

    row = {str(k): v for k, v in foods.purchases.loc["01123"].to_dict().items()}
    assert row["package_g"] == 680 and kitchen.PACKAGE_SLACK == 0.05

    def eggs(used_g: float) -> set[str]:
        p = Purchase("01123", "Eggs", "dairy & eggs", False, "dozen", 680.0, 1, 680.0,
                     used_g, True, (1,))
        return {v.rule for v in _check_purchase(p, row, {0: used_g}, 7)}

    assert eggs(699) == eggs(714) == set()
    assert eggs(721) == {"purchase"}
    assert (packages_for(699, 680), packages_for(714, 680), packages_for(715, 680)) == (1, 1, 2)


def test_a_fraction_of_a_package_is_caught(foods, week):
    plan, request = week
    p = packaged(plan)[0]
    broken = with_purchase(plan, p.purchase_id, grams_bought=p.grams_bought + 10)
    assert "package" in rules(broken, foods, request)


def test_use_after_spoiling_is_caught(foods, week):
    plan, request = week
    table = foods.purchases.copy()
    # Make a fresh purchase keep one day only: what later days use of it has spoiled.
    p = next(p for p in packaged(plan) if max(p.days) > 1)
    table.loc[p.purchase_id, ["storage", "keeps_days", "open_days"]] = ["fridge", 1, 1]
    table.loc[p.purchase_id, "kind"] = ""  # not meat or fish, which keep frozen
    spoiling = dataclasses.replace(foods, purchases=table)
    assert rules(plan, spoiling, request) & {"spoiled", "purchase"}


def test_more_eaten_than_cooked_is_caught(foods, week):
    plan, request = week
    step = plan.prep[0]
    smaller = dataclasses.replace(step, grams=step.grams / 2)
    broken = dataclasses.replace(plan, prep=(smaller, *plan.prep[1:]))
    assert "batch" in rules(broken, foods, request)


def test_cooked_and_never_eaten_is_caught(foods, week):
    plan, request = week
    assert check_purchases(plan, foods, request) == []
    step = plan.prep[0]
    bigger = dataclasses.replace(step, grams=step.grams + 100)
    broken = dataclasses.replace(plan, prep=(bigger, *plan.prep[1:]))
    found = [v for v in check_purchases(broken, foods, request) if v.rule == "batch"]
    assert [v.day for v in found] == [step.day]
    assert "100.0 g of what is cooked is never eaten" in found[0].detail


def test_caps_on_things_and_meat_are_checked(foods, week):
    plan, request = week
    things = sum(1 for p in plan.purchases if not p.staple)
    assert things <= 25
    tight = dataclasses.replace(request, max_items=things - 1)
    assert "max_items" in rules(plan, foods, tight)
    meat = sum(1 for p in plan.purchases
               if str(foods.purchases.at[p.purchase_id, "kind"]) in ("meat", "fish"))
    if meat:
        assert "max_meat_fish" in rules(plan, foods, dataclasses.replace(
            request, max_meat_fish=meat - 1))


def test_a_thing_used_but_not_bought_is_caught(foods, week):
    plan, request = week
    p = packaged(plan)[0]
    broken = dataclasses.replace(plan, purchases=tuple(
        q for q in plan.purchases if q.purchase_id != p.purchase_id))
    assert "purchase" in rules(broken, foods, request)


def test_batches_feed_later_meals(week):
    plan, _ = week
    later = [s for s in plan.prep if any(d > s.day for d, _ in s.meals)]
    # Two or more, as a week of meal prep has: a pot of beans, a soup, a roast.
    assert len(later) >= 2, f"dishes cooked once and eaten on a later day: {later}"
    for s in later:
        assert max(d for d, _ in s.meals) - s.day <= 3
        assert len(s.meals) <= 3
    assert all(math.isfinite(s.grams) and s.grams > 0 for s in plan.prep)


def test_fruit_and_bread_at_room_temperature_keep_days_not_weeks(foods):
    from mealplan import kitchen

    table = foods.purchases
    bananas = kitchen.keeping(table.loc["09040"].to_dict())
    assert (bananas.shelf_days, bananas.perishable) == (5, True)
    assert bananas.last_day(opened=0) == 4
    rice = kitchen.keeping({"storage": "pantry", "keeps_days": None, "open_days": None})
    assert math.isinf(rice.shelf_days) and not rice.perishable
    frozen = kitchen.keeping({"storage": "freezer", "keeps_days": 5, "open_days": None})
    assert math.isinf(frozen.shelf_days)


def test_room_temperature_keeping_is_checked(foods, week):
    plan, request = week
    table = foods.purchases.copy()
    # A purchase several days use, kept at room temperature for one day from the shop
    # day (no opened limit): only its shelf days can spoil it.
    p = next(p for p in packaged(plan) if max(p.days) > 1)
    table.loc[p.purchase_id, ["storage", "keeps_days", "open_days"]] = ["pantry", 1, math.nan]
    spoiling = dataclasses.replace(foods, purchases=table)
    assert rules(plan, spoiling, request) & {"spoiled", "purchase"}


def test_a_planned_week_eats_its_fruit_and_bread_while_they_keep(foods, week):
    plan, request = week
    shelf = {p.purchase_id: p for p in plan.purchases}
    table = foods.purchases
    short = [pid for pid in shelf if table.at[pid, "storage"] == "pantry"
             and not math.isnan(float(table.at[pid, "keeps_days"] or "nan"))]
    for pid in short:
        assert max(shelf[pid].days) <= float(table.at[pid, "keeps_days"])
