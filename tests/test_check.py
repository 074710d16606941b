"""The independent checker: hand-made plans on the tiny table, each breaking one rule."""

from __future__ import annotations

import dataclasses
from typing import NamedTuple

import pytest

from mealplan.check import check_plan
from mealplan.foods import FoodTable
from mealplan.plan import Day, Item, Meal, Plan, plan_from_solution
from mealplan.request import Amounts, Diet, FoodChoice, PlanRequest
from mealplan.targets import Basis, Profile, Target, Targets


class Chosen(NamedTuple):
    day: int
    meal: str
    food_id: str
    grams: float


# One day worked by hand from tests/data/tiny_foods.csv (per 100 g values):
#   food                 grams  kcal   Mg     fat    fiber  sodium
#   banana 09040          120   108    32.4   0.36   3.12    1.2
#   yogurt 01117          200   120    40     3      0     140
#   quinoa 20137          185   222   118.4   3.515  5.18   12.95
#   spinach 11458 (x2)    200    40   180     1      5     140
#   salmon 15076          150   300    45    18      0      90
#   pumpkin seeds 12014    30   168   165    15      1.8     3
#   total                       958   580.8  40.875 15.1   387.15
DAY = [
    ("breakfast", "09040", 120), ("breakfast", "01117", 200),
    ("lunch", "20137", 185), ("lunch", "11458", 100),
    ("dinner", "15076", 150), ("dinner", "11458", 100),
    ("snack", "12014", 30),
]
KCAL, MG, FAT_G, FIBER_G, SODIUM_MG = 958, 580.8, 40.875, 15.1, 387.15


def make(foods: FoodTable, *days: list[tuple[str, str, float]]) -> Plan:
    chosen = [Chosen(d, meal, fid, grams) for d, day in enumerate(days)
              for meal, fid, grams in day]
    return plan_from_solution(chosen, foods, TARGETS, len(days), status="optimal")


def targets(*limits: Target) -> Targets:
    return Targets(limits=limits, profile=Profile())


TARGETS = targets(Target("magnesium_mg", 500, None), Target("energy_kcal", 900, 1000))


def request(limits: Targets = TARGETS, **kwargs: object) -> PlanRequest:
    return PlanRequest(limits, **kwargs)  # type: ignore[arg-type]


def rules(plan: Plan, foods: FoodTable, req: PlanRequest) -> list[tuple[int | None, str]]:
    return [(v.day, v.rule) for v in check_plan(plan, foods, req)]


def test_the_hand_worked_day_passes(tiny_foods):
    plan = make(tiny_foods, DAY)
    totals = plan.days[0].totals
    assert totals["energy_kcal"] == pytest.approx(KCAL)
    assert totals["magnesium_mg"] == pytest.approx(MG)
    assert totals["fat_g"] == pytest.approx(FAT_G)
    assert totals["fiber_g"] == pytest.approx(FIBER_G)
    assert totals["sodium_mg"] == pytest.approx(SODIUM_MG)
    assert check_plan(plan, tiny_foods, request()) == []


def test_a_valid_week_passes(tiny_foods):
    plan = make(tiny_foods, DAY, DAY, DAY)
    assert check_plan(plan, tiny_foods, request(days=3)) == []


# --- every side of every kind of target ---------------------------------------------

# (target, whether the hand-worked day meets it)
TARGET_CASES = [
    (Target("magnesium_mg", 580.8, None), True),
    (Target("magnesium_mg", 581, None), False),
    (Target("magnesium_mg", None, 580.8), True),
    (Target("magnesium_mg", None, 580), False),
    (Target("energy_kcal", 958, 958), True),
    (Target("energy_kcal", 959, None), False),
    (Target("energy_kcal", None, 957), False),
    (Target("sodium_mg", None, 387.2), True),
    (Target("sodium_mg", None, 387), False),
    (Target("vitamin_k_ug", 1000, None), True),    # custom nutrient: 2 x 500 + 3.6 + ...
    (Target("vitamin_k_ug", 1020, None), False),
    # 40.875 g fat x 9 kcal/g / 958 kcal = 38.40 % of energy
    (Target("fat_g", 20, 38.41, Basis.ENERGY_PCT), True),
    (Target("fat_g", 20, 35, Basis.ENERGY_PCT), False),
    (Target("fat_g", 38.39, None, Basis.ENERGY_PCT), True),
    (Target("fat_g", 40, None, Basis.ENERGY_PCT), False),
    # 15.1 g fiber per 0.958 thousand kcal = 15.76 g per 1,000 kcal
    (Target("fiber_g", 15.76, None, Basis.PER_1000_KCAL), True),
    (Target("fiber_g", 15.8, None, Basis.PER_1000_KCAL), False),
    (Target("fiber_g", None, 15.7, Basis.PER_1000_KCAL), False),
]


@pytest.mark.parametrize(("target", "met"), TARGET_CASES, ids=lambda v: str(v)[:60])
def test_each_target_side_is_checked(tiny_foods, target, met):
    plan = make(tiny_foods, DAY)
    found = rules(plan, tiny_foods, request(targets(target)))
    assert found == ([] if met else [(1, target.key)])


def test_vitamin_k_by_hand(tiny_foods):
    # spinach 2 x 500 + banana 0.6 + yogurt 0.4 + salmon 0.75 + pumpkin 2.1 = 1003.85 ug
    assert make(tiny_foods, DAY).days[0].totals["vitamin_k_ug"] == pytest.approx(1003.85)


def test_share_of_energy_needs_energy(tiny_foods):
    plan = make(tiny_foods, [])
    req = request(targets(Target("fat_g", 20, 35, Basis.ENERGY_PCT)))
    found = check_plan(plan, tiny_foods, req)
    assert [(v.day, v.rule) for v in found] == [(1, "fat_g_pct")]
    assert "no energy" in found[0].detail


def test_only_the_bad_day_is_reported(tiny_foods):
    light = [m for m in DAY if m[1] != "12014"]
    plan = make(tiny_foods, DAY, light, DAY)
    assert rules(plan, tiny_foods, request(days=3)) == [(2, "magnesium_mg"), (2, "energy_kcal")]


# --- choices ------------------------------------------------------------------------------

@pytest.mark.parametrize(("diet", "bad"), [(Diet.OMNIVORE, []), (Diet.PESCATARIAN, []),
                                           (Diet.VEGETARIAN, ["15076"]),
                                           (Diet.VEGAN, ["01117", "15076"])])
def test_diet(tiny_foods, diet, bad):
    found = check_plan(make(tiny_foods, DAY), tiny_foods, request(diet=diet))
    assert sorted(v.detail.split()[0] for v in found if v.rule == "diet") == bad
    assert all(v.rule == "diet" for v in found)


@pytest.mark.parametrize(("allergen", "food"), [("fish", "15076"), ("dairy", "01117")])
def test_allergen(tiny_foods, allergen, food):
    found = check_plan(make(tiny_foods, DAY), tiny_foods,
                       request(avoid=frozenset({allergen, "peanut"})))
    assert [(v.rule, v.detail) for v in found] == [("allergen", f"{food} contains {allergen}")]


def test_allergen_free_plan_passes(tiny_foods):
    assert check_plan(make(tiny_foods, DAY), tiny_foods,
                      request(avoid=frozenset({"tree_nut", "gluten", "soy", "egg"}))) == []


def test_exclusion(tiny_foods):
    req = request(exclude=(FoodChoice("spinach", ("11458",)),))
    assert rules(make(tiny_foods, DAY), tiny_foods, req) == [(1, "exclude"), (1, "exclude")]


def test_include(tiny_foods):
    plan = make(tiny_foods, DAY)
    assert check_plan(plan, tiny_foods, request(include=(
        FoodChoice("seeds", ("12014",)), FoodChoice("fish", ("15076", "99999"))))) == []
    found = check_plan(plan, tiny_foods, request(include=(FoodChoice("chocolate", ("19904",)),)))
    assert [(v.day, v.rule) for v in found] == [(None, "include")]
    assert "'chocolate' is not in the plan" in found[0].detail


# --- caffeine ----------------------------------------------------------------------------

CAFFEINE = targets(Target("caffeine_mg", None, 100))


def test_caffeine_within_the_cap(tiny_foods):
    # coffee 240 g x 40 mg/100 g = 96 mg
    plan = make(tiny_foods, [*DAY, ("breakfast", "14209", 240)])
    assert plan.days[0].totals["caffeine_mg"] == pytest.approx(96)
    assert check_plan(plan, tiny_foods, request(CAFFEINE)) == []


def test_caffeine_above_the_cap(tiny_foods):
    # coffee 96 mg + tea 240 g x 20 mg/100 g = 48 mg: 144 mg
    plan = make(tiny_foods, [*DAY, ("breakfast", "14209", 240), ("snack", "14355", 240)])
    found = check_plan(plan, tiny_foods, request(CAFFEINE))
    assert [(v.rule, v.detail) for v in found] == [("caffeine_mg", "144 above the maximum 100")]


def test_unknown_caffeine_under_a_cap(tiny_foods):
    # Bread's caffeine is unknown: fine without a cap, a violation under any cap.
    plan = make(tiny_foods, [*DAY, ("lunch", "18075", 30)])
    assert check_plan(plan, tiny_foods, request(targets())) == []
    found = check_plan(plan, tiny_foods, request(CAFFEINE))
    assert [v.rule for v in found] == ["caffeine_mg"]
    assert "unknown for 18075" in found[0].detail
    # An unknown under a minimum counts as nothing, which is conservative.
    assert check_plan(plan, tiny_foods, request(targets(Target("caffeine_mg", 0, None)))) == []


# --- servings and meals ---------------------------------------------------------------------

def test_half_servings_only_with_servings(tiny_foods):
    # 80 g of a 120 g banana is 2/3 of a serving.
    plan = make(tiny_foods, [*DAY, ("snack", "09040", 80)])
    found = check_plan(plan, tiny_foods, request(targets()))
    assert [(v.rule, v.detail) for v in found] == [
        ("servings", "09040: 80 g is not whole or half servings")]
    assert check_plan(plan, tiny_foods, request(targets(), amounts=Amounts.CONTINUOUS)) == []


def test_half_servings_pass(tiny_foods):
    plan = make(tiny_foods, [*DAY, ("snack", "09040", 60), ("lunch", "18075", 45)])
    assert check_plan(plan, tiny_foods, request(targets())) == []


@pytest.mark.parametrize("amounts", list(Amounts))
def test_daily_servings_cap(tiny_foods, amounts):
    # Dark chocolate: at most 1 serving (28 g) a day; 42 g is 1.5 servings.
    ok = make(tiny_foods, [("snack", "19904", 28)])
    assert check_plan(ok, tiny_foods, request(targets(), amounts=amounts)) == []
    over = make(tiny_foods, [("snack", "19904", 42)])
    found = check_plan(over, tiny_foods, request(targets(), amounts=amounts))
    assert [(v.rule, v.detail) for v in found] == [
        ("max_servings", "19904: 1.5 servings, cap 1")]


def test_daily_servings_cap_counts_every_meal(tiny_foods):
    # Quinoa: at most 2 servings a day; 1.5 at lunch and 1 at dinner is 2.5.
    plan = make(tiny_foods, [("lunch", "20137", 277.5), ("dinner", "20137", 185)])
    assert rules(plan, tiny_foods, request(targets())) == [(1, "max_servings")]


def test_meal_tags(tiny_foods):
    plan = make(tiny_foods, [*DAY, ("breakfast", "12014", 30)])
    found = check_plan(plan, tiny_foods, request(targets()))
    assert [(v.rule, v.detail) for v in found] == [
        ("meal", "12014 is not tagged for breakfast")]


def test_a_table_without_meal_structure_uses_meal_all(tiny_foods):
    plan = make(tiny_foods, [("all", "12014", 30), ("all", "11458", 100)])
    assert check_plan(plan, tiny_foods, request(targets())) == []


# --- the plan itself -----------------------------------------------------------------------

def replace_day(plan: Plan, **changes: object) -> Plan:
    return dataclasses.replace(plan, days=(dataclasses.replace(plan.days[0], **changes),))


def test_stored_totals_must_match_the_table(tiny_foods):
    plan = make(tiny_foods, DAY)
    totals = dict(plan.days[0].totals)
    totals["magnesium_mg"] += 10
    found = check_plan(replace_day(plan, totals=totals), tiny_foods, request())
    assert [(v.rule, v.detail) for v in found] == [
        ("totals", "magnesium_mg shown as 590.8, is 580.8")]


def test_stored_totals_missing_a_column(tiny_foods):
    plan = make(tiny_foods, DAY)
    totals = {k: v for k, v in plan.days[0].totals.items() if k != "vitamin_k_ug"}
    assert rules(replace_day(plan, totals=totals), tiny_foods, request()) == [(1, "totals")]


def test_stored_totals_of_a_column_no_food_reports(tiny_foods):
    # Only bread, whose caffeine is unknown: the true total is 0, not what is shown.
    plan = make(tiny_foods, [("lunch", "18075", 30)])
    assert plan.days[0].totals["caffeine_mg"] == 0
    totals = {**plan.days[0].totals, "caffeine_mg": 50.0}
    assert rules(replace_day(plan, totals=totals), tiny_foods, request(targets())) == [
        (1, "totals")]


def test_shown_servings_must_match_the_grams(tiny_foods):
    plan = make(tiny_foods, [("snack", "12014", 30)])
    item = plan.days[0].items[0]
    wrong = dataclasses.replace(item, servings=2.0)
    bad = replace_day(plan, meals=(Meal("snack", (wrong,)),))
    found = check_plan(bad, tiny_foods, request(targets()))
    assert [v.rule for v in found] == ["shown_servings"]


def test_number_of_days(tiny_foods):
    plan = make(tiny_foods, DAY)
    assert rules(plan, tiny_foods, request(days=2)) == [(None, "days")]


def test_unknown_food_and_empty_amounts(tiny_foods):
    ghost = Item("99999", "Ghost", 100, 1, "1 cup", 100)
    empty = Item("11458", "Spinach, cooked, boiled", 0, 0, "1/2 cup", 100)
    plan = Plan(days=(Day(1, (Meal("lunch", (ghost, empty)),), dict.fromkeys(
        tiny_foods.nutrients, 0.0)),), targets=TARGETS, status="optimal", foods="tiny")
    found = rules(plan, tiny_foods, request(targets()))
    assert found == [(1, "food"), (1, "grams")]


def test_plan_read_back_from_json_is_checked_the_same(tiny_foods):
    import json

    plan = make(tiny_foods, DAY, DAY)
    again = Plan.from_dict(json.loads(json.dumps(plan.to_dict())))
    assert again == plan
    assert check_plan(again, tiny_foods, request(days=2)) == []
