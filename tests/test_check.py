"""The independent checker: hand-made plans on the tiny table, each breaking one rule."""

from __future__ import annotations

import dataclasses
from typing import NamedTuple

import pytest

from mealplan.check import check_plan
from mealplan.foods import FoodTable
from mealplan.plan import Day, Item, Meal, Plan, plan_from_solution
from mealplan.request import Amounts, Diet, FoodChoice, PlanRequest
from mealplan.targets import Basis, Profile, Target, TargetOptions, Targets, resolve_targets


class Chosen(NamedTuple):
    day: int
    meal: str
    food_id: str
    grams: float


# One day worked by hand from tests/data/tiny_foods.csv (per 100 g values). The tiny
# table has no roles, so meals follow the generic templates (1-4 foods at breakfast,
# 2-5 at lunch and dinner, 1-2 in a snack), each food in one meal a day:
#   food                 grams  kcal   Mg     fat    fiber  sodium   meal kcal (share)
#   banana 09040          120   108    32.4   0.36   3.12    1.2     breakfast 228 (22 %)
#   yogurt 01117          200   120    40     3      0     140
#   quinoa 20137          185   222   118.4   3.515  5.18   12.95    lunch 297 (29 %)
#   egg 01123              50    75     5     5      0      60
#   salmon 15076          150   300    45    18      0      90      dinner 340 (33 %)
#   spinach 11458 (x2)    200    40   180     1      5     140
#   pumpkin seeds 12014    30   168   165    15      1.8     3      snack 168 (16 %)
#   total                      1033   585.8  45.875 15.1   447.15
DAY = [
    ("breakfast", "09040", 120), ("breakfast", "01117", 200),
    ("lunch", "20137", 185), ("lunch", "01123", 50),
    ("dinner", "15076", 150), ("dinner", "11458", 200),
    ("snack", "12014", 30),
]
KCAL, MG, FAT_G, FIBER_G, SODIUM_MG = 1033, 585.8, 45.875, 15.1, 447.15


def make(foods: FoodTable, *days: list[tuple[str, str, float]]) -> Plan:
    chosen = [Chosen(d, meal, fid, grams) for d, day in enumerate(days)
              for meal, fid, grams in day]
    return plan_from_solution(chosen, foods, TARGETS, len(days), status="optimal")


def targets(*limits: Target) -> Targets:
    return Targets(limits=limits, profile=Profile())


TARGETS = targets(Target("magnesium_mg", 500, None), Target("energy_kcal", 1000, 1100))


def request(limits: Targets = TARGETS, **kwargs: object) -> PlanRequest:
    return PlanRequest(limits, **kwargs)  # type: ignore[arg-type]


def rules(plan: Plan, foods: FoodTable, req: PlanRequest) -> list[tuple[int | None, str]]:
    return [(v.day, v.rule) for v in check_plan(plan, foods, req)]


def only(rule: str, plan: Plan, foods: FoodTable, req: PlanRequest) -> list[tuple[str, str]]:
    """The violations of one rule, for plans that break others on purpose too."""
    return [(v.rule, v.detail) for v in check_plan(plan, foods, req) if v.rule == rule]


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
    assert check_plan(plan, tiny_foods, request(days=3, max_days_per_food=3)) == []


# --- every side of every kind of target ---------------------------------------------

# (target, whether the hand-worked day meets it)
TARGET_CASES = [
    (Target("magnesium_mg", 585.8, None), True),
    (Target("magnesium_mg", 586, None), False),
    (Target("magnesium_mg", None, 585.8), True),
    (Target("magnesium_mg", None, 585), False),
    (Target("energy_kcal", 1033, 1033), True),
    (Target("energy_kcal", 1034, None), False),
    (Target("energy_kcal", None, 1032), False),
    (Target("sodium_mg", None, 447.2), True),
    (Target("sodium_mg", None, 447), False),
    (Target("vitamin_k_ug", 1000, None), True),    # custom nutrient: 2 x 500 + 3.6 + ...
    (Target("vitamin_k_ug", 1020, None), False),
    # 45.875 g fat x 9 kcal/g / 1033 kcal = 39.97 % of energy
    (Target("fat_g", 20, 39.98, Basis.ENERGY_PCT), True),
    (Target("fat_g", 20, 35, Basis.ENERGY_PCT), False),
    (Target("fat_g", 39.96, None, Basis.ENERGY_PCT), True),
    (Target("fat_g", 40, None, Basis.ENERGY_PCT), False),
    # 15.1 g fiber per 1.033 thousand kcal = 14.62 g per 1,000 kcal
    (Target("fiber_g", 14.61, None, Basis.PER_1000_KCAL), True),
    (Target("fiber_g", 14.7, None, Basis.PER_1000_KCAL), False),
    (Target("fiber_g", None, 14.6, Basis.PER_1000_KCAL), False),
]


@pytest.mark.parametrize(("target", "met"), TARGET_CASES, ids=lambda v: str(v)[:60])
def test_each_target_side_is_checked(tiny_foods, target, met):
    plan = make(tiny_foods, DAY)
    found = rules(plan, tiny_foods, request(targets(target)))
    assert found == ([] if met else [(1, target.key)])


def test_vitamin_k_by_hand(tiny_foods):
    # spinach 2 x 500 + banana 0.6 + yogurt 0.4 + egg 0.15 + salmon 0.75 + pumpkin 2.1
    assert make(tiny_foods, DAY).days[0].totals["vitamin_k_ug"] == pytest.approx(1004.0)


def test_share_of_energy_needs_energy(tiny_foods):
    plan = make(tiny_foods, [])
    req = request(targets(Target("fat_g", 20, 35, Basis.ENERGY_PCT)))
    found = [v for v in check_plan(plan, tiny_foods, req) if v.rule == "fat_g_pct"]
    assert [(v.day, v.rule) for v in found] == [(1, "fat_g_pct")]
    assert "no energy" in found[0].detail


def test_only_the_bad_day_is_reported(tiny_foods):
    # Half the spinach at dinner: 90 mg less magnesium, 20 kcal less energy.
    light = [m if m[1] != "11458" else ("dinner", "11458", 100) for m in DAY]
    plan = make(tiny_foods, DAY, light, DAY)
    assert rules(plan, tiny_foods, request(days=3, max_days_per_food=3)) == [
        (2, "magnesium_mg")]


# --- choices ------------------------------------------------------------------------------

@pytest.mark.parametrize(("diet", "bad"), [(Diet.OMNIVORE, []), (Diet.PESCATARIAN, []),
                                           (Diet.VEGETARIAN, ["15076"]),
                                           (Diet.VEGAN, ["01117", "01123", "15076"])])
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
                      request(avoid=frozenset({"tree_nut", "gluten", "soy"}))) == []


def test_a_substitute_needs_its_allergen_avoided():
    from mealplan.foods import load_foods

    foods = load_foods("default")
    pasta = foods.frame.index[foods.frame["name"] == "Gluten-free pasta"][0]
    plan = make(foods, [("dinner", pasta, 140)])
    assert only("substitute", plan, foods, request()) == [
        ("substitute", f"{pasta} is a substitute for gluten, which is not avoided")]
    assert only("substitute", plan, foods, request(avoid=frozenset({"gluten"}))) == []


def test_exclusion(tiny_foods):
    req = request(exclude=(FoodChoice("spinach", ("11458",)),))
    assert rules(make(tiny_foods, DAY), tiny_foods, req) == [(1, "exclude")]


def test_include(tiny_foods):
    plan = make(tiny_foods, DAY)
    assert check_plan(plan, tiny_foods, request(include=(
        FoodChoice("seeds", ("12014",)), FoodChoice("fish", ("15076", "99999"))))) == []
    found = check_plan(plan, tiny_foods, request(include=(FoodChoice("chocolate", ("19904",)),)))
    assert [(v.day, v.rule) for v in found] == [(None, "include")]
    assert "'chocolate' is not in the plan" in found[0].detail


# --- caffeine ----------------------------------------------------------------------------

CAFFEINE = targets(Target("caffeine_mg", None, 100))
# Caffeinated foods need asking for; liking coffee and tea asks for those two.
LIKE_DRINKS = (FoodChoice("coffee", ("14209",)), FoodChoice("tea", ("14355",)))


def test_caffeine_within_the_cap(tiny_foods):
    # coffee 240 g x 40 mg/100 g = 96 mg
    plan = make(tiny_foods, [*DAY, ("breakfast", "14209", 240)])
    assert plan.days[0].totals["caffeine_mg"] == pytest.approx(96)
    assert check_plan(plan, tiny_foods, request(CAFFEINE, like=LIKE_DRINKS)) == []


def test_one_drink_a_meal(tiny_foods):
    plan = make(tiny_foods, [*DAY, ("breakfast", "14209", 240), ("breakfast", "14355", 240)])
    drinks = (FoodChoice("coffee", ("14209",)), FoodChoice("tea", ("14355",)))
    assert rules(plan, tiny_foods, request(targets(), like=drinks)) == [(1, "template")]


def test_caffeine_above_the_cap(tiny_foods):
    # coffee 96 mg + tea 240 g x 20 mg/100 g = 48 mg: 144 mg
    plan = make(tiny_foods, [*DAY, ("breakfast", "14209", 240), ("snack", "14355", 240)])
    found = check_plan(plan, tiny_foods, request(CAFFEINE, like=LIKE_DRINKS))
    assert [(v.rule, v.detail) for v in found] == [("caffeine_mg", "144 above the maximum 100")]


def test_caffeine_nobody_asked_for(tiny_foods):
    # Coffee neither liked nor included, and no --caffeine-now: a violation even
    # without a cap; the tea is liked, so it is fine.
    plan = make(tiny_foods, [*DAY, ("breakfast", "14209", 240), ("snack", "14355", 240)])
    found = check_plan(plan, tiny_foods, request(targets(), like=LIKE_DRINKS[1:]))
    assert [(v.rule, v.detail) for v in found] == [
        ("caffeine_not_asked", "14209 has caffeine, which was not asked for")]
    included = request(targets(), include=(FoodChoice("coffee", ("14209",)),),
                       like=LIKE_DRINKS[1:])
    assert check_plan(plan, tiny_foods, included) == []


def test_caffeine_after_the_last_meal_allowed(tiny_foods):
    plan = make(tiny_foods, [*DAY, ("breakfast", "14209", 240), ("snack", "14355", 240)])
    until_lunch = request(targets(), like=LIKE_DRINKS,
                          caffeine_meals=frozenset({"breakfast", "lunch"}))
    found = check_plan(plan, tiny_foods, until_lunch)
    assert [(v.rule, v.detail) for v in found] == [
        ("caffeine_timing", "14355 has caffeine at snack; allowed only at breakfast and lunch")]
    anytime = request(targets(), like=LIKE_DRINKS)
    assert check_plan(plan, tiny_foods, anytime) == []


def test_each_day_has_its_own_cap_when_cutting_back(tiny_foods):
    # Coffee 96 mg on both days; a cut-back from 200 to 50 mg caps day 2 at 50 mg.
    limits = resolve_targets(Profile(), TargetOptions(
        no_default_targets=True, caffeine_now="200", max_caffeine_mg=50, plan_days=2,
        taper_days=2))
    assert limits.caffeine_schedule is not None
    assert limits.caffeine_schedule.caps_mg == (200, 50)
    coffee_day = [*DAY, ("breakfast", "14209", 240)]
    plan = make(tiny_foods, coffee_day, coffee_day)
    found = check_plan(plan, tiny_foods, request(limits, days=2, max_days_per_food=2))
    assert [(v.day, v.rule, v.detail) for v in found] == [
        (2, "caffeine_mg", "96 above the maximum 50")]


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

def with_item(meal: str, food_id: str, grams: float) -> list[tuple[str, str, float]]:
    """DAY with one more item (or another amount of a food already in that meal)."""
    rest = [m for m in DAY if not (m[0] == meal and m[1] == food_id)]
    return [*rest, (meal, food_id, grams)]


def test_portions_are_whole_steps_only_with_servings(tiny_foods):
    # 80 g of a 120 g banana is 2/3 of a serving; a banana comes whole.
    plan = make(tiny_foods, with_item("breakfast", "09040", 80))
    found = only("portion", plan, tiny_foods, request(targets()))
    assert found == [("portion", "09040 at breakfast: not whole portion steps (0.6667 steps "
                                 "of 120 g)")]
    continuous = request(targets(), amounts=Amounts.CONTINUOUS)
    assert only("portion", plan, tiny_foods, continuous) == []


def test_half_servings_of_a_measure_pass(tiny_foods):
    # Half of 1/2 cup of spinach (50 g) and of a 185 g cup of quinoa halve; a slice does
    # not, and a banana is a piece.
    plan = make(tiny_foods, with_item("lunch", "20137", 92.5))
    assert only("portion", plan, tiny_foods, request(targets())) == []
    sliced = make(tiny_foods, with_item("lunch", "18075", 15))
    assert only("portion", sliced, tiny_foods, request(targets())) != []


def test_at_most_two_servings_a_meal(tiny_foods):
    plan = make(tiny_foods, with_item("dinner", "11458", 250))
    assert only("portion", plan, tiny_foods, request(targets())) == [
        ("portion", "11458 at dinner: 5 steps, expected 1 to 4")]


@pytest.mark.parametrize("amounts", list(Amounts))
def test_daily_servings_cap(tiny_foods, amounts):
    # Dark chocolate (liked, so its caffeine is asked for): at most 1 serving (28 g) a
    # day; 42 g is 1.5 servings.
    liked = (FoodChoice("chocolate", ("19904",)),)
    ok = make(tiny_foods, [*DAY, ("snack", "19904", 28)])
    req = request(targets(), amounts=amounts, like=liked)
    assert only("max_servings", ok, tiny_foods, req) == []
    over = make(tiny_foods, [*DAY, ("snack", "19904", 42)])
    # A serving under 30 g does not halve: in servings mode the step is the serving.
    unit = "steps" if amounts is Amounts.SERVINGS else "servings"
    assert only("max_servings", over, tiny_foods, req) == [
        ("max_servings", f"19904: 1.5 {unit} in the day, cap 1")]


def test_child_sized_portions_cap_each_food(tiny_foods):
    # Quinoa: at most 2 cups a meal and a day; at a portion scale of 0.5, one cup.
    plan = make(tiny_foods, with_item("lunch", "20137", 277.5))
    child = dataclasses.replace(TARGETS, portion_scale=0.5)
    assert ("portion", "20137 at lunch: 3 steps, expected 1 to 2") in only(
        "portion", plan, tiny_foods, request(child))
    assert only("portion", plan, tiny_foods, request()) == []


def test_a_food_in_one_meal_a_day(tiny_foods):
    plan = make(tiny_foods, [*DAY, ("lunch", "11458", 100)])
    assert only("once_a_day", plan, tiny_foods, request(targets())) == [
        ("once_a_day", "11458 is in 2 meals")]
    # Drinks repeat: coffee at breakfast and again in the snack.
    coffee = make(tiny_foods, [*DAY, ("breakfast", "14209", 240), ("snack", "14209", 240)])
    assert only("once_a_day", coffee, tiny_foods, request(targets())) == []


def test_generic_templates_count_foods_per_meal(tiny_foods):
    # A snack of two foods and a drink is fine; three foods is one too many.
    two = make(tiny_foods, [*DAY, ("snack", "12061", 30), ("snack", "14355", 240)])
    assert only("template", two, tiny_foods, request(targets())) == []
    three = make(tiny_foods, [*DAY, ("snack", "12061", 30), ("snack", "19904", 28)])
    assert only("template", three, tiny_foods, request(targets())) == [
        ("template", "snack (any, any, any) matches no template")]


def test_families(tiny_foods, tmp_path):
    text = tiny_foods_text(tiny_foods).replace(",almonds,snacks,", ",seeds,snacks,")
    path = tmp_path / "foods.csv"
    path.write_text(text, encoding="utf-8")
    from mealplan.foods import load_foods

    same = load_foods(path)
    plan = make(same, [*DAY, ("snack", "12061", 30)])
    assert only("family", plan, same, request(targets())) == [
        ("family", "snack has 2 foods of family seeds")]


def test_meal_shares_of_energy(tiny_foods):
    # Two servings of pumpkin seeds make the snack 336 of 1,201 kcal: 28 % > 25 %.
    plan = make(tiny_foods, with_item("snack", "12014", 60))
    assert only("meal_energy", plan, tiny_foods, request(targets())) == [
        ("meal_energy", "snack has 336 kcal of 1201, expected 5%-25%")]


def test_days_per_food(tiny_foods):
    plan = make(tiny_foods, *[DAY] * 4)
    found = only("days_per_food", plan, tiny_foods, request(targets(), days=4))
    # 3 of 7 days scaled to 4 days is 2: every food of DAY is on one day too many.
    assert ("days_per_food", "15076 is on 4 days, at most 2 allowed") in found
    assert only("days_per_food", plan, tiny_foods,
                request(targets(), days=4, max_days_per_food=4)) == []


def test_meal_tags(tiny_foods):
    plan = make(tiny_foods, [*DAY, ("breakfast", "12014", 30)])
    assert only("meal", plan, tiny_foods, request(targets())) == [
        ("meal", "12014 is not tagged for breakfast")]


def test_a_table_without_meal_structure_uses_meal_all(tmp_path):
    from mealplan.foods import load_foods

    path = tmp_path / "foods.csv"
    lines = tiny_foods_text(None).splitlines()
    column = lines[0].split(",").index("meals")
    import csv
    import io

    rows = list(csv.reader(io.StringIO("\n".join(lines))))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([r[:column] + r[column + 1:] for r in rows])
    path.write_text(out.getvalue(), encoding="utf-8")
    foods = load_foods(path)
    assert not foods.has_meals
    plan = make(foods, [("all", "12014", 30), ("all", "11458", 100)])
    assert check_plan(plan, foods, request(targets())) == []


# --- the plan itself -----------------------------------------------------------------------

def replace_day(plan: Plan, **changes: object) -> Plan:
    return dataclasses.replace(plan, days=(dataclasses.replace(plan.days[0], **changes),))


def test_stored_totals_must_match_the_table(tiny_foods):
    plan = make(tiny_foods, DAY)
    totals = dict(plan.days[0].totals)
    totals["magnesium_mg"] += 10
    found = check_plan(replace_day(plan, totals=totals), tiny_foods, request())
    assert [(v.rule, v.detail) for v in found] == [
        ("totals", "magnesium_mg shown as 595.8, is 585.8")]


def test_stored_totals_missing_a_column(tiny_foods):
    plan = make(tiny_foods, DAY)
    totals = {k: v for k, v in plan.days[0].totals.items() if k != "vitamin_k_ug"}
    assert rules(replace_day(plan, totals=totals), tiny_foods, request()) == [(1, "totals")]


def test_stored_totals_of_a_column_no_food_reports(tiny_foods):
    # Only bread, whose caffeine is unknown: the true total is 0, not what is shown.
    plan = make(tiny_foods, [("all", "18075", 30)])
    assert plan.days[0].totals["caffeine_mg"] == 0
    totals = {**plan.days[0].totals, "caffeine_mg": 50.0}
    assert only("totals", replace_day(plan, totals=totals), tiny_foods,
                request(targets())) == [("totals", "caffeine_mg shown as 50, is 0")]


def test_shown_servings_must_match_the_grams(tiny_foods):
    plan = make(tiny_foods, [("all", "12014", 30)])
    item = plan.days[0].items[0]
    wrong = dataclasses.replace(item, servings=2.0)
    bad = replace_day(plan, meals=(Meal("all", (wrong,)),))
    assert [r for r, _ in only("shown_servings", bad, tiny_foods, request(targets()))] == [
        "shown_servings"]
    assert only("shown_servings", plan, tiny_foods, request(targets())) == []


def test_number_of_days(tiny_foods):
    plan = make(tiny_foods, DAY)
    assert rules(plan, tiny_foods, request(days=2)) == [(None, "days")]


def test_unknown_food_and_empty_amounts(tiny_foods):
    ghost = Item("99999", "Ghost", 100, 1, "1 cup", 100)
    empty = Item("11458", "Spinach, cooked, boiled", 0, 0, "1/2 cup", 100)
    plan = Plan(days=(Day(1, (Meal("all", (ghost, empty)),), dict.fromkeys(
        tiny_foods.nutrients, 0.0)),), targets=TARGETS, status="optimal", foods="tiny")
    found = rules(plan, tiny_foods, request(targets()))
    assert found[:2] == [(1, "food"), (1, "grams")]


def test_plan_read_back_from_json_is_checked_the_same(tiny_foods):
    import json

    plan = make(tiny_foods, DAY, DAY)
    again = Plan.from_dict(json.loads(json.dumps(plan.to_dict())))
    assert again == plan
    assert check_plan(again, tiny_foods, request(days=2, max_days_per_food=2)) == []


def tiny_foods_text(foods: FoodTable | None) -> str:
    from pathlib import Path

    return Path(__file__).with_name("data").joinpath("tiny_foods.csv").read_text("utf-8")


def test_a_side_goes_with_its_main(default_foods):
    # Bread beside a dish with its own grain, and tortillas beside a curry, are caught;
    # tortillas beside chili and naan beside a curry are how people eat them.
    spaghetti, chili, curry = "58146222", "27111406", "27146150"
    bread, tortillas, naan = "51300110", "52215100", "51108100"
    why = ("(a dish with its own grain, another cuisine, or a starch its family is "
           "not eaten with)")
    wrong = make(default_foods, [("lunch", spaghetti, 250), ("lunch", bread, 36)],
                 [("dinner", curry, 240), ("dinner", tortillas, 56)])
    assert only("pairing", wrong, default_foods, request()) == [
        ("pairing", f"lunch: {bread} does not go beside {spaghetti} {why}"),
        ("pairing", f"dinner: {tortillas} does not go beside {curry} {why}")]
    right = make(default_foods, [("lunch", chili, 254), ("lunch", tortillas, 56)],
                 [("dinner", curry, 240), ("dinner", naan, 44)])
    assert only("pairing", right, default_foods, request()) == []
    # A plate's starch goes with its protein: sliced bread yes, tortillas no.
    steak, broccoli = "21101130", "72201211"
    plate = [("dinner", steak, 85), ("dinner", broccoli, 78)]
    assert only("pairing", make(default_foods, [*plate, ("dinner", tortillas, 56)]),
                default_foods, request()) == [
        ("pairing", f"dinner: {tortillas} does not go beside {steak} {why}")]
    assert only("pairing", make(default_foods, [*plate, ("dinner", bread, 36)]),
                default_foods, request()) == []


def test_beans_go_with_rice_not_pasta_and_a_veggie_burger_on_a_bun(default_foods):
    beans, burger, pasta, rice, roll = "41102020", "41811890", "56130000", "56205008", "51320500"
    broccoli = "72201211"
    why = ("(a dish with its own grain, another cuisine, or a starch its family is "
           "not eaten with)")

    def pairing(protein: tuple[str, float], starch: tuple[str, float]) -> list[tuple[str, str]]:
        plate = [("dinner", *protein), ("dinner", *starch), ("dinner", broccoli, 78)]
        return only("pairing", make(default_foods, plate), default_foods, request())

    assert pairing((beans, 90), (pasta, 140)) == [
        ("pairing", f"dinner: {pasta} does not go beside {beans} {why}")]
    assert pairing((beans, 90), (rice, 158)) == []
    assert pairing((burger, 70), (rice, 158)) == [
        ("pairing", f"dinner: {rice} does not go beside {burger} {why}")]
    assert pairing((burger, 70), (roll, 43)) == []


def test_the_starches_a_protein_goes_beside_are_families_of_the_table(default_foods):
    from mealplan.meals import STARCHES_BESIDE

    frame = default_foods.frame
    plate = frame[frame["role"].isin(["protein", "legume"])]["family"]
    starches = frame[frame["role"].isin(["starch", "bread"])]["family"]
    assert set(STARCHES_BESIDE) <= set(plate)
    for family, beside in STARCHES_BESIDE.items():
        assert beside <= set(starches), family


def test_granola_with_milk_or_yogurt_and_one_dairy_food_a_snack(default_foods):
    granola, oatmeal, milk = "57228000", "56203056", "11112110"
    greek, soy, cheddar, apple = "11411420", "41420380", "14104100", "63101000"

    def template_problems(*meals: tuple[str, str, float]) -> list[tuple[str, str]]:
        return only("template", make(default_foods, list(meals)), default_foods, request())

    assert template_problems(("breakfast", granola, 62), ("breakfast", milk, 244)) == []
    assert template_problems(("breakfast", greek, 150), ("breakfast", granola, 31)) == []
    assert template_problems(("breakfast", oatmeal, 240), ("breakfast", granola, 31)) == [
        ("template", "breakfast (granola, hot_cereal) matches no template")]
    assert template_problems(("snack", greek, 150), ("snack", apple, 200)) == []
    assert template_problems(("snack", cheddar, 28), ("snack", apple, 200)) == []
    assert template_problems(("snack", greek, 150), ("snack", soy, 150)) == [
        ("template", "snack (yogurt, yogurt) matches no template")]
    assert template_problems(("snack", greek, 150), ("snack", cheddar, 28)) == [
        ("template", "snack (cheese, yogurt) matches no template")]



def test_granola_keeps_to_one_breakfasts_days(default_foods):
    # Granola is in two breakfasts (with milk, on yogurt); each has 4 days of 7, and
    # granola itself too, or it is breakfast every day.
    granola, milk, greek, oatmeal = "57228000", "11112110", "11411420", "56203056"
    with_milk = [("breakfast", granola, 62), ("breakfast", milk, 244)]
    on_yogurt = [("breakfast", greek, 150), ("breakfast", granola, 31)]
    other = [("breakfast", oatmeal, 240)]
    five = make(default_foods, with_milk, on_yogurt, with_milk, on_yogurt, with_milk,
                other, other)
    assert only("days_per_food", five, default_foods, request(days=7)) == [
        ("days_per_food", f"{granola} is on 5 days, at most 4 allowed")]
    four = make(default_foods, with_milk, on_yogurt, with_milk, on_yogurt, other, other,
                other)
    assert only("days_per_food", four, default_foods, request(days=7)) == []

def test_red_meat_on_at_most_three_days_a_week(default_foods):
    steak, stew, chicken, broccoli = "21101130", "27211100", "24122131", "72201211"
    red = [("lunch", steak, 85), ("lunch", broccoli, 78)]
    dish = [("dinner", stew, 252)]
    other = [("lunch", chicken, 85), ("lunch", broccoli, 78)]
    three = make(default_foods, red, dish, red, other, other, other, other)
    assert only("family_days", three, default_foods, request(days=7)) == []
    four = make(default_foods, red, dish, red, dish, other, other, other)
    assert only("family_days", four, default_foods, request(days=7)) == [
        ("family_days", "family red_meat is on 4 days, at most 3 allowed")]


def test_two_glasses_of_milk_a_day_of_any_kinds(default_foods):
    milk, soy, cereal, apple = "11112110", "11320000", "57123000", "63101000"
    two = [("breakfast", cereal, 30), ("breakfast", milk, 244), ("snack", apple, 200),
           ("snack", soy, 244)]
    assert only("role_day", make(default_foods, two), default_foods, request()) == []
    three = make(default_foods, [*two, ("dinner", soy, 244)])
    assert only("role_day", three, default_foods, request()) == [
        ("role_day", "3 servings of milk or fortified soy milk in the day, at most 2")]
    # At 9-18, when calcium's RDA is 1,300 mg, a third glass.
    teen = request(Targets(limits=TARGETS.limits, profile=Profile(age=16)))
    assert only("role_day", three, default_foods, teen) == []
    four = make(default_foods, [*two, ("dinner", soy, 244), ("lunch", milk, 244)])
    assert len(only("role_day", four, default_foods, teen)) == 1


def test_one_food_of_a_protein_family_a_day(default_foods):
    steak, roast_beef, broccoli = "21101130", "21401120", "72201211"
    beef_twice = make(default_foods, [("lunch", steak, 85), ("lunch", broccoli, 78),
                                      ("dinner", roast_beef, 85), ("dinner", broccoli, 78)])
    assert only("family_day", beef_twice, default_foods, request()) == [
        ("family_day", "2 foods of family red_meat in the day")]
    steak_alone = make(default_foods, [("lunch", steak, 85), ("lunch", broccoli, 78)])
    assert only("family_day", steak_alone, default_foods, request()) == []



@pytest.mark.parametrize(("protein", "starch", "dish", "dish_g", "families", "grain"), [
    # Pasta beside the steak at lunch and spaghetti for dinner is pasta twice.
    ("21101130", ("56130000", 140), "58146222", 250, "pasta", "pasta"),
    # Brown rice beside the chicken and red beans and brown rice for dinner is rice
    # twice: the dish is of the beans' family and of its rice's.
    ("24122131", ("56205018", 195), "58161321", 340, "beans;rice", "rice"),
])
def test_one_grain_of_a_family_a_day(default_foods, protein, starch, dish, dish_g, families,
                                     grain):
    potatoes, broccoli = "71103125", "72201211"
    assert default_foods.frame.at[dish, "family"] == families
    twice = make(default_foods, [
        ("lunch", protein, 85), ("lunch", *starch), ("lunch", broccoli, 78),
        ("dinner", dish, dish_g)])
    assert only("family_day", twice, default_foods, request()) == [
        ("family_day", f"2 foods of family {grain} in the day")]
    once = make(default_foods, [
        ("lunch", protein, 85), ("lunch", potatoes, 160), ("lunch", broccoli, 78),
        ("dinner", dish, dish_g)])
    assert only("family_day", once, default_foods, request()) == []


def test_a_dish_made_largely_of_a_meat_is_of_its_family_too(default_foods):
    # Steak at lunch and beef stew for dinner is beef twice.
    steak, potatoes, broccoli, stew = "21101130", "71103125", "72201211", "27211100"
    assert default_foods.frame.at[stew, "family"] == "potato;red_meat"
    beef_twice = make(default_foods, [
        ("lunch", steak, 85), ("lunch", potatoes, 160), ("lunch", broccoli, 78),
        ("dinner", stew, 252)])
    assert sorted(only("family_day", beef_twice, default_foods, request())) == [
        ("family_day", "2 foods of family potato in the day"),
        ("family_day", "2 foods of family red_meat in the day")]


def test_one_spread_and_one_yogurt_of_a_family_a_day(default_foods):
    bagel, crackers, apple = "51180010", "54319000", "63101000"
    cream, light, greek, plain = "14301010", "14303010", "11411420", "11411200"
    two_cream_cheeses = make(default_foods, [
        ("breakfast", bagel, 69), ("breakfast", light, 30),
        ("snack", crackers, 30), ("snack", cream, 30)])
    assert only("family_day", two_cream_cheeses, default_foods, request()) == [
        ("family_day", "2 foods of family cream_cheese in the day")]
    two_yogurts = make(default_foods, [("breakfast", greek, 150), ("snack", plain, 245),
                                       ("snack", apple, 200)])
    assert only("family_day", two_yogurts, default_foods, request()) == [
        ("family_day", "2 foods of family yogurt in the day")]

def test_at_least_half_of_a_days_fruit_is_eaten_whole(default_foods):
    juice, apple, muffin = "64104010", "63101000", "51300110"
    drunk = make(default_foods, [("breakfast", juice, 186), ("breakfast", muffin, 36)])
    assert [rule for rule, _ in only("whole_fruit", drunk, default_foods, request())] == [
        "whole_fruit"]
    both = make(default_foods, [("breakfast", juice, 186), ("snack", apple, 200)])
    assert only("whole_fruit", both, default_foods, request()) == []
