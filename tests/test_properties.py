"""Properties over many random requests: every plan passes the independent checker, every
refusal explains itself, and plans survive their JSON form."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from mealplan.check import check_plan
from mealplan.errors import NoPlanError
from mealplan.foods import ALLERGENS, FoodTable, load_foods
from mealplan.plan import Plan
from mealplan.planner import make_plan
from mealplan.request import PlanRequest, request_from_settings

TINY = Path(__file__).parent / "data" / "tiny_foods.csv"
PROPERTY_SETTINGS = settings(deadline=None, derandomize=True, print_blob=True,
                             suppress_health_check=[HealthCheck.too_slow])


@functools.cache
def table(name: str) -> FoodTable:
    return load_foods(TINY if name == "tiny" else name)


def plan_or_refusal(foods: FoodTable, request: PlanRequest) -> Plan | None:
    """Make a plan and check the property either way; the plan, or None if refused."""
    try:
        plan = make_plan(foods, request)
    except NoPlanError as error:
        assert error.conflicts, f"a refusal without conflicts: {error}"
        for conflict in error.conflicts:
            assert conflict.limit.strip(), conflict
            assert conflict.fix.strip(), conflict
        assert "Infeasible" not in str(error)
        event(f"refused: {error.conflicts[0].limit.split(' ')[0]}")
        return None
    assert check_plan(plan, foods, request) == []
    assert len(plan.days) == request.days
    assert plan.status in ("optimal", "within_gap", "time_limit", "feasible")
    again = Plan.from_dict(json.loads(json.dumps(plan.to_dict())))
    assert again == plan
    assert check_plan(again, foods, request) == []
    event(f"plan: {plan.status}")
    return plan


@st.composite
def profiles(draw: st.DrawFn) -> dict[str, Any]:
    sex = draw(st.sampled_from(["female", "male"]))
    age = draw(st.sampled_from([1, 4, 9, 16, *range(19, 81)]))
    found: dict[str, Any] = {"sex": sex, "age": age}
    if sex == "female" and 14 <= age <= 50:
        stage = draw(st.sampled_from([None, None, "pregnant", "lactating"]))
        if stage:
            found["life_stage"] = stage
        if stage == "pregnant" and draw(st.booleans()):
            found["trimester"] = draw(st.integers(1, 3))
        if stage == "lactating" and draw(st.booleans()):
            found["lactation_months"] = draw(st.sampled_from(["0-6", "7-12"]))
    return found


@st.composite
def everyday_requests(draw: st.DrawFn) -> dict[str, Any]:
    found = draw(profiles())
    found["diet"] = draw(st.sampled_from(["omnivore", "pescatarian", "vegetarian", "vegan"]))
    found["avoid"] = draw(st.lists(st.sampled_from(ALLERGENS), max_size=3, unique=True))
    caffeine = draw(st.sampled_from(["default", "none", 0, 50, 100, 400]))
    if caffeine == "none":
        found["no_caffeine"] = True
    elif caffeine != "default":
        found["max_caffeine"] = caffeine
    now = draw(st.sampled_from([None, None, 150, "3 cups coffee", "2 cups tea"]))
    if now is not None:
        found["caffeine_now"] = now
        if draw(st.booleans()):
            found["caffeine_until"] = draw(st.sampled_from(["breakfast", "lunch", "snack"]))
    found["days"] = draw(st.integers(1, 3))
    return found


@settings(PROPERTY_SETTINGS, max_examples=10)
@given(everyday_requests())
def test_default_table_plans_pass_the_checker_or_explain_why_not(found):
    foods = table("default")
    request = request_from_settings(foods, found)
    plan = plan_or_refusal(foods, request)
    if plan is not None:
        rda = request.targets.get("magnesium_mg").minimum
        assert all(day.totals["magnesium_mg"] >= rda - 1e-3 for day in plan.days)


@st.composite
def hard_requests(draw: st.DrawFn) -> dict[str, Any]:
    """Requests on the tiny table, many of them impossible, in both kinds of amounts."""
    ids = sorted(table("tiny").frame.index)
    found = draw(everyday_requests())
    found["avoid"] = [a for a in found["avoid"] if a != "peanut"]
    # The tiny table cannot reach the default energy range: mostly the user's limits.
    if draw(st.integers(0, 3)):
        found["no_default_targets"] = True
    if draw(st.booleans()):
        low = draw(st.integers(2, 20)) * 100
        found["kcal"] = f"{low}-{low + draw(st.integers(0, 16)) * 50}"
    found["min"] = [f"magnesium_mg={draw(st.integers(0, 24)) * 50}"]
    if draw(st.booleans()):
        found["min"].append(f"vitamin_k_ug={draw(st.integers(0, 20)) * 50}")
    if draw(st.booleans()):
        found["max"] = [f"sodium_mg={draw(st.integers(1, 20)) * 100}"]
    found["include"] = draw(st.lists(st.sampled_from(ids), max_size=1))
    found["exclude"] = draw(st.lists(st.sampled_from(ids), max_size=2, unique=True))
    # Continuous amounts more often: they plan on the tiny table, servings mostly do not.
    found["amounts"] = draw(st.sampled_from(["servings", "continuous", "continuous"]))
    found["objective"] = draw(st.sampled_from(["default", "magnesium", "cost", "calories"]))
    if draw(st.booleans()):
        found["supplement_mg"] = draw(st.sampled_from([100, 400]))
    found["time_limit"] = 5
    return found


@settings(PROPERTY_SETTINGS, max_examples=40)
@given(hard_requests())
def test_tiny_table_plans_pass_the_checker_or_explain_why_not(found):
    foods = table("tiny")
    plan_or_refusal(foods, request_from_settings(foods, found))


@st.composite
def continuous_requests(draw: st.DrawFn) -> dict[str, Any]:
    """Mild continuous requests on the tiny table: most of them have a plan."""
    found = draw(everyday_requests())
    found.update(no_default_targets=True, amounts="continuous",
                 objective=draw(st.sampled_from(["default", "magnesium", "cost", "calories"])),
                 min=[f"magnesium_mg={draw(st.integers(0, 16)) * 50}"])
    if draw(st.booleans()):
        found["kcal"] = f"{draw(st.integers(5, 15)) * 100}-3000"
    if draw(st.booleans()):
        # A budget the checker must find kept, or a refusal that explains it.
        found["budget"] = draw(st.sampled_from(["1", "4", "10", "10/week", "40/week"]))
    return found


@settings(PROPERTY_SETTINGS, max_examples=30)
@given(continuous_requests())
def test_tiny_table_continuous_plans_pass_the_checker(found):
    foods = table("tiny")
    plan_or_refusal(foods, request_from_settings(foods, found))
