"""make_plan: build, solve, assemble, check, or explain; preferences end to end."""

from __future__ import annotations

import dataclasses

import pytest

from mealplan import planner
from mealplan.check import Violation, check_plan
from mealplan.errors import CheckError, InputError, NoPlanError
from mealplan.foods import FoodTable, load_foods
from mealplan.plan import Plan
from mealplan.request import Amounts, PlanRequest, request_from_settings
from mealplan.solve import Outcome, SolveStatus

OK = ("optimal", "within_gap")


@pytest.fixture(scope="module")
def foods() -> FoodTable:
    return load_foods("default")


def plan_for(foods: FoodTable, **settings: object) -> tuple[Plan, PlanRequest]:
    request = request_from_settings(foods, settings)
    return planner.make_plan(foods, request), request


def used(plan: Plan) -> set[str]:
    return {i.food_id for d in plan.days for i in d.items}


@pytest.fixture(scope="module")
def default_day(foods) -> tuple[Plan, PlanRequest]:
    return plan_for(foods)


def test_default_day(foods, default_day):
    plan, request = default_day
    assert plan.status in OK
    assert len(plan.days) == 1
    assert plan.days[0].totals["magnesium_mg"] >= 320
    assert check_plan(plan, foods, request) == []
    assert plan.foods == "default"
    assert plan.request == request.to_dict()
    assert plan.targets == request.targets
    assert plan.gap is not None and plan.gap <= request.gap


def test_plan_notes_carry_the_targets_notes(foods):
    plan, _ = plan_for(foods, supplement_mg=400)
    assert any(n.startswith("WARNING") and "350 mg" in n for n in plan.notes)
    assert plan.days[0].totals["magnesium_mg"] >= 0


def test_log_gets_one_line_per_step(foods):
    lines: list[str] = []
    planner.make_plan(foods, request_from_settings(foods, {}), log=lines.append)
    assert lines[0].startswith("screening LP")
    assert lines[-1].startswith("model building")


def test_exclude_and_dislike_keep_a_food_out(foods, default_day):
    plan, _ = default_day
    first = sorted(used(plan))[0]
    excluded, request = plan_for(foods, exclude=[first])
    assert first not in used(excluded)
    assert check_plan(excluded, foods, request) == []
    disliked, _ = plan_for(foods, dislike=[first])
    assert first not in used(disliked)


def test_include_puts_a_food_in_the_plan(foods, default_day):
    plan, request = default_day
    frame = foods.frame
    # A dinner food the default day does not use, and that its limits allow.
    candidates = [fid for fid in frame.index
                  if "dinner" in frame.at[fid, "meals"] and not frame.at[fid, "staple"]
                  and frame.at[fid, "caffeine_mg"] == 0 and fid not in used(plan)]
    wanted = candidates[len(candidates) // 2]
    included, request = plan_for(foods, include=[wanted])
    assert wanted in used(included)
    assert check_plan(included, foods, request) == []


def test_include_by_name_needs_one_of_its_matches(foods):
    plan, request = plan_for(foods, include=["salmon"])
    assert used(plan) & set(request.include[0].food_ids)


def test_like_favours_a_food(foods, default_day):
    plan, _ = default_day
    liked = "05064"   # chicken breast
    if liked in used(plan):
        pytest.skip("the default day already has chicken breast")
    assert liked in used(plan_for(foods, like=[liked])[0])


# --- refusals -------------------------------------------------------------------------

def test_refusal_explains_an_include_the_diet_leaves_out(tiny_foods):
    request = request_from_settings(tiny_foods, {"diet": "vegan", "include": ["salmon"]})
    with pytest.raises(NoPlanError) as raised:
        planner.make_plan(tiny_foods, request)
    error = raised.value
    assert error.summary == "No plan meets every limit."
    assert [c.limit for c in error.conflicts] == ["--include salmon"]
    assert "Infeasible" not in str(error)


def test_refusal_when_only_servings_are_to_blame(tmp_path):
    # 100 kcal a serving: half servings give 50, 100, 150 kcal, never 130-140 kcal;
    # 130 g in continuous amounts do.
    path = tmp_path / "one.csv"
    path.write_text("food_id,name,serving_g,serving_desc,energy_kcal,max_servings\n"
                    "a,Oats,100,1 cup,100,3\n", encoding="utf-8")
    foods = load_foods(path)
    request = request_from_settings(foods, {"no_default_targets": True, "kcal": "130-140"})
    continuous = dataclasses.replace(request, amounts=Amounts.CONTINUOUS)
    plan = planner.make_plan(foods, continuous)
    assert 130 <= plan.days[0].totals["energy_kcal"] <= 140
    with pytest.raises(NoPlanError) as raised:
        planner.make_plan(foods, request)
    [conflict] = raised.value.conflicts
    assert conflict.limit == "household servings and meal structure"
    assert "--amounts continuous" in conflict.fix


def test_refusal_at_the_time_limit_still_has_a_fix(tiny_foods, monkeypatch):
    request = request_from_settings(tiny_foods, {"time_limit": 2})

    def no_solution(foods: FoodTable, req: PlanRequest) -> Outcome:
        return Outcome(SolveStatus.NO_SOLUTION, (), None, 100.0, 0.0, 2.0)

    monkeypatch.setattr(planner, "solve_request", no_solution)
    with pytest.raises(NoPlanError) as raised:
        planner.make_plan(tiny_foods, request)
    error = raised.value
    assert "time limit of 2 s" in error.summary
    assert len(error.conflicts) == 1
    assert "--time-limit 30" in error.conflicts[0].fix
    assert "--amounts continuous" in error.conflicts[0].fix


def test_unbounded_is_an_input_error(tiny_foods, monkeypatch):
    monkeypatch.setattr(planner, "solve_request", lambda foods, req: Outcome(
        SolveStatus.UNBOUNDED, (), None, None, 0.0, 0.0))
    with pytest.raises(InputError) as raised:
        planner.make_plan(tiny_foods, request_from_settings(tiny_foods, {}))
    assert raised.value.exit_code == 2


def test_a_plan_that_fails_the_checker_is_a_bug(foods, monkeypatch):
    monkeypatch.setattr(planner, "check_plan", lambda plan, foods, request: [
        Violation(1, "magnesium_mg", "300 below the minimum 320")])
    with pytest.raises(CheckError) as raised:
        planner.make_plan(foods, request_from_settings(foods, {}))
    assert raised.value.exit_code == 3
    assert "day 1: magnesium_mg: 300 below the minimum 320" in str(raised.value)
    assert "bug" in str(raised.value)
