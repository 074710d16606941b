"""The model: which foods are eligible, prices, and the rows and columns it builds."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from mealplan.errors import InputError
from mealplan.foods import FoodTable, load_foods
from mealplan.model import build_model, eligible_foods, max_meals_per_food, price_per_100g
from mealplan.request import (
    Diet,
    FoodChoice,
    Objective,
    PlanRequest,
    request_from_settings,
)
from mealplan.targets import Profile, Target, Targets, resolve_targets

NO_MEALS = """food_id,name,serving_g,serving_desc,energy_kcal,zinc_mg,iron_mg,price
a,Food A,100,1 cup,100,2,1,1.0
b,Food B,100,1 cup,200,1,3,
c,Food C,50,1 piece,50,4,0,3.0
"""


def table(tmp_path: Path, text: str = NO_MEALS) -> FoodTable:
    path = tmp_path / "foods.csv"
    path.write_text(text, encoding="utf-8")
    return load_foods(path)


def req(foods: FoodTable, **settings: object) -> PlanRequest:
    return request_from_settings(foods, settings)


# --- eligible foods ------------------------------------------------------------------

def test_every_food_is_eligible_without_limits_or_choices(tiny_foods):
    ids, why = eligible_foods(tiny_foods, req(tiny_foods, no_default_targets=True))
    assert ids.tolist() == sorted(tiny_foods.frame.index)
    assert why == {}


def test_diet_allergens_and_exclusions_leave_foods_out_with_a_reason(tiny_foods):
    ids, why = eligible_foods(tiny_foods, req(
        tiny_foods, diet="vegetarian", avoid=["tree_nut", "soy"], exclude=["banana"]))
    assert why == {
        "15076": "not vegetarian",
        "12061": "contains tree_nut",
        "19904": "contains soy",
        "09040": "excluded by --exclude banana",
        "18075": "caffeine_mg unknown, and it has a maximum",   # the default 400 mg cap
    }
    assert set(ids) == set(tiny_foods.frame.index) - set(why)
    assert list(ids) == sorted(ids)


def test_the_first_reason_is_kept(tiny_foods):
    # Chocolate is not vegan and has soy; salmon is not vegan and is fish.
    _, why = eligible_foods(tiny_foods, req(tiny_foods, diet="vegan", avoid=["soy", "fish"]))
    assert why["19904"] == "not vegan"
    assert why["15076"] == "not vegan"


@pytest.mark.parametrize("settings", [{"max_caffeine": 100}, {"no_caffeine": True},
                                      {}])  # the default adult cap is 400 mg
def test_unknown_caffeine_is_left_out_under_any_cap(tiny_foods, settings):
    _, why = eligible_foods(tiny_foods, req(tiny_foods, **settings))
    assert why == {"18075": "caffeine_mg unknown, and it has a maximum"}


def test_unknown_caffeine_is_kept_without_a_cap(tiny_foods):
    _, why = eligible_foods(tiny_foods, req(tiny_foods, no_default_targets=True))
    assert why == {}


def test_unknown_value_under_a_minimum_is_kept(tmp_path):
    foods = table(tmp_path, NO_MEALS.replace("a,Food A,100,1 cup,100,2,1",
                                             "a,Food A,100,1 cup,100,,1"))
    _, why = eligible_foods(foods, req(foods, no_default_targets=True, min=["zinc_mg=1"]))
    assert why == {}
    _, why = eligible_foods(foods, req(foods, no_default_targets=True, max=["zinc_mg=10"]))
    assert why == {"a": "zinc_mg unknown, and it has a maximum"}


def test_cost_leaves_out_foods_without_a_price(tmp_path):
    foods = table(tmp_path)
    _, why = eligible_foods(foods, req(foods, no_default_targets=True, objective="cost"))
    assert why == {"b": "no price"}
    priced = PlanRequest(Targets(limits=()), objective=Objective.COST, prices={"b": 2})
    assert eligible_foods(foods, priced)[1] == {}


def test_price_file_overrides_the_table(tmp_path):
    foods = table(tmp_path)
    request = PlanRequest(resolve_targets(Profile()), prices={"b": 2.5, "c": 0.5})
    assert price_per_100g(foods, request).to_dict() == {"a": 1.0, "b": 2.5, "c": 0.5}


def test_foods_for_no_planned_meal_are_left_out_of_servings(tmp_path):
    text = ("food_id,name,serving_g,serving_desc,energy_kcal,meals\n"
            "w,Water,240,1 cup,0,drink\nr,Rice,150,1 cup,130,lunch;dinner\n")
    foods = table(tmp_path, text)
    _, why = eligible_foods(foods, req(foods, no_default_targets=True))
    assert why == {"w": "not tagged for any meal"}
    continuous = req(foods, no_default_targets=True, amounts="continuous")
    assert eligible_foods(foods, continuous)[1] == {}


def test_unknown_value_under_a_share_of_energy_maximum(tmp_path):
    # The table has no protein column, so protein is unknown: the default limit of
    # 35 % of energy from protein cannot be trusted on any food.
    foods = table(tmp_path)
    _, why = eligible_foods(foods, req(foods))
    assert why == dict.fromkeys("abc", "protein_g unknown, and it has a maximum")


# --- building -----------------------------------------------------------------------------

def row_names(built) -> set[str]:
    return {r.name for r in built.arrays.rows}


def test_rows_are_named_by_target_key_and_day(tiny_foods):
    request = req(tiny_foods, days=2)
    built = build_model(tiny_foods, request)
    names = row_names(built)
    for day in ("d1", "d2"):
        for t in request.targets.limits:
            if t.basis.value == "day":
                assert f"{t.key}_{day}" in names
            else:
                for side, limit in (("min", t.minimum), ("max", t.maximum)):
                    assert (f"{t.key}_{side}_{day}" in names) == (limit is not None)


def test_servings_model_on_a_table_with_meals(tiny_foods):
    built = build_model(tiny_foods, req(tiny_foods, no_default_targets=True))
    assert built.integer
    assert built.meals == ("breakfast", "lunch", "dinner", "snack")
    assert any(built.arrays.integer)
    frame = tiny_foods.frame
    for meal, food in zip(built.amount_meal, built.amount_food, strict=True):
        fid = built.food_ids[food]
        assert meal in frame.at[fid, "meals"], (fid, meal)
    # Amount units are whole or half servings.
    serving = frame.loc[list(built.food_ids), "serving_g"].to_numpy()[built.amount_food]
    assert set(np.round(serving / built.unit_grams, 9)) <= {1.0, 2.0}


def test_screening_model_has_no_integer_columns(tiny_foods):
    built = build_model(tiny_foods, req(tiny_foods, days=3), relaxed=True)
    assert not any(built.arrays.integer)
    assert set(built.amount_day.tolist()) == {0}


def test_continuous_model_without_meal_tags(tmp_path):
    foods = table(tmp_path)
    built = build_model(foods, req(foods, no_default_targets=True, amounts="continuous",
                                   min=["zinc_mg=10"]))
    assert not built.integer and not any(built.arrays.integer)
    assert built.meals == ("all",)
    assert list(built.food_ids) == ["a", "b", "c"]
    assert built.unit_grams.tolist() == [1.0, 1.0, 1.0]
    assert row_names(built) == {"zinc_mg_d1"}
    zinc = built.arrays.rows[0]
    # zinc per gram: a 0.02, b 0.01, c 0.04 mg
    assert dict(zip(zinc.idx.tolist(), zinc.coef.tolist(), strict=True)) == pytest.approx(
        {0: 0.02, 1: 0.01, 2: 0.04})
    assert zinc.lo == 10


def test_a_target_on_a_missing_column(tiny_foods):
    targets = Targets(limits=(Target("zinc_mg", 10, None),))
    with pytest.raises(InputError) as raised:
        build_model(tiny_foods, PlanRequest(targets))
    assert raised.value.where.flag == "--min/--max"
    assert "zinc_mg" in str(raised.value)


def test_cost_without_any_price(tmp_path):
    foods = table(tmp_path, NO_MEALS.replace(",price", ",note"))
    with pytest.raises(InputError) as raised:
        build_model(foods, req(foods, no_default_targets=True, objective="cost"))
    assert raised.value.where.flag == "--objective"
    assert "--prices" in str(raised.value)


def test_exclusions_reach_the_model(tiny_foods):
    request = PlanRequest(resolve_targets(Profile()), diet=Diet.VEGAN,
                          exclude=(FoodChoice("spinach", ("11458",)),))
    built = build_model(tiny_foods, request)
    assert "11458" not in built.food_ids and "15076" not in built.food_ids
    assert built.excluded["11458"] == "excluded by --exclude spinach"


# --- variety ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("days", "given", "expected"), [
    (1, None, None),       # one day: no limit
    (7, 7, None),          # as many days as the plan: no limit
    (7, 9, None),
    (7, 2, 2),
    (3, 1, 1),
])
def test_meals_per_food(tiny_foods, days, given, expected):
    request = req(tiny_foods, days=days, **({} if given is None else
                                            {"max_days_per_food": given}))
    assert max_meals_per_food(request) == expected


def test_a_week_limits_repeats(tiny_foods):
    limit = max_meals_per_food(req(tiny_foods, days=7))
    assert limit is not None and 1 <= limit < 7
