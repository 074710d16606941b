"""The model: which foods are eligible, prices, and the rows and columns it builds."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from mealplan.errors import InputError
from mealplan.foods import FoodTable, load_foods
from mealplan.meals import days_allowed, food_rules, role_day_servings
from mealplan.model import build_model, eligible_foods
from mealplan.prices import price_per_100g
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
    # Liking them asks for coffee, tea and chocolate, which have caffeine.
    ids, why = eligible_foods(tiny_foods, req(tiny_foods, no_default_targets=True,
                                              like=["coffee", "tea", "chocolate"]))
    assert ids.tolist() == sorted(tiny_foods.frame.index)
    assert why == {}


UNASKED = "caffeinated, and no caffeine was asked for (--caffeine-now, or --like the food)"


@pytest.mark.parametrize("objective", ["default", "magnesium", "cost", "calories"])
def test_caffeinated_foods_only_when_asked_for(tiny_foods, objective):
    # Coffee 96, tea 48 and dark chocolate 22.4 mg a serving; bread's is unknown.
    _, why = eligible_foods(tiny_foods, req(tiny_foods, no_default_targets=True,
                                            objective=objective))
    assert why == dict.fromkeys(["14209", "14355", "19904"], UNASKED)
    _, why = eligible_foods(tiny_foods, req(tiny_foods, no_default_targets=True,
                                            objective=objective, like=["coffee"],
                                            include=["chocolate"]))
    assert why == {"14355": UNASKED}
    # --caffeine-now allows them all, under a cap that leaves out bread's unknown.
    _, why = eligible_foods(tiny_foods, req(tiny_foods, no_default_targets=True,
                                            objective=objective, caffeine_now=100))
    assert why == {"18075": "caffeine_mg unknown, and it has a maximum"}


def test_diet_allergens_and_exclusions_leave_foods_out_with_a_reason(tiny_foods):
    ids, why = eligible_foods(tiny_foods, req(
        tiny_foods, diet="vegetarian", avoid=["tree_nut", "soy"], exclude=["banana"]))
    assert why == {
        "15076": "not vegetarian",
        "12061": "contains tree_nut",
        "19904": "contains soy",
        "09040": "excluded by --exclude banana",
        "14209": UNASKED,
        "14355": UNASKED,
        "18075": "caffeine_mg unknown, and it has a maximum",   # the default 400 mg cap
    }
    assert set(ids) == set(tiny_foods.frame.index) - set(why)
    assert list(ids) == sorted(ids)


def test_substitutes_are_planned_only_for_those_who_avoid_what_they_replace():
    foods = load_foods("default")
    substitutes = set(foods.frame.index[foods.frame["substitute_for"].map(bool)])
    names = set(foods.frame.loc[sorted(substitutes), "name"])
    assert {"Gluten-free pasta", "Gluten-free bread"} <= names
    ids, why = eligible_foods(foods, req(foods))
    assert substitutes.isdisjoint(ids)
    assert all(why[f].startswith("a substitute") for f in substitutes)
    ids, _ = eligible_foods(foods, req(foods, avoid=["gluten"]))
    assert substitutes <= set(ids)


def test_the_first_reason_is_kept(tiny_foods):
    # Chocolate is not vegan and has soy; salmon is not vegan and is fish.
    _, why = eligible_foods(tiny_foods, req(tiny_foods, diet="vegan", avoid=["soy", "fish"]))
    assert why["19904"] == "not vegan"
    assert why["15076"] == "not vegan"


@pytest.mark.parametrize("settings", [{"max_caffeine": 100}, {"no_caffeine": True},
                                      {}])  # the default adult cap is 400 mg
def test_unknown_caffeine_is_left_out_under_any_cap(tiny_foods, settings):
    _, why = eligible_foods(tiny_foods, req(tiny_foods, caffeine_now=100, **settings))
    assert why == {"18075": "caffeine_mg unknown, and it has a maximum"}


def test_unknown_caffeine_is_kept_without_a_cap(tiny_foods):
    _, why = eligible_foods(tiny_foods, req(tiny_foods, no_default_targets=True,
                                            like=["coffee", "tea", "chocolate"]))
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
    assert price_per_100g(foods, request.prices).to_dict() == {"a": 1.0, "b": 2.5, "c": 0.5}


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

def row_keys(built) -> set[tuple]:
    return {r.key for r in built.arrays.rows}


def test_rows_are_keyed_by_target_and_day(tiny_foods):
    request = req(tiny_foods, days=2)
    built = build_model(tiny_foods, request)
    keys = row_keys(built)
    for day in ("d1", "d2"):
        for t in request.targets.limits:
            if t.basis.value == "day":
                assert ("target", t.key, None, day) in keys
            else:
                for side, limit in (("min", t.minimum), ("max", t.maximum)):
                    assert (("target", t.key, side, day) in keys) == (limit is not None)
    row = built.arrays.row(("target", "magnesium_mg", None, "d2"))
    assert row is not None and row.lo == request.targets.get("magnesium_mg").minimum


def test_columns_are_keyed_by_day_meal_and_food(tiny_foods):
    built = build_model(tiny_foods, req(tiny_foods, days=2, no_default_targets=True))
    m = built.arrays
    for col, day, meal, food in zip(built.amount_cols, built.amount_day, built.amount_meal,
                                    built.amount_food, strict=True):
        assert m.keys[col] == ("k", int(day), meal, built.food_ids[food])
        assert m.column(("y", int(day), meal, built.food_ids[food])) is not None
    # One template column per meal and template its foods can make; the tiny table has
    # no roles, so every meal has the generic template only.
    assert set(built.template_name.tolist()) == {"generic"}
    assert len(built.template_cols) == 2 * 4


def test_servings_model_on_a_table_with_meals(tiny_foods):
    built = build_model(tiny_foods, req(tiny_foods, no_default_targets=True))
    assert built.integer
    assert built.meals == ("breakfast", "lunch", "dinner", "snack")
    assert any(built.arrays.integer)
    frame = tiny_foods.frame
    for meal, food in zip(built.amount_meal, built.amount_food, strict=True):
        fid = built.food_ids[food]
        assert meal in frame.at[fid, "meals"], (fid, meal)
    # Without roles, amount units are whole or half servings.
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
    assert row_keys(built) == {("target", "zinc_mg", None, "d1")}
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

@pytest.mark.parametrize(("week_days", "days", "given", "expected"), [
    (3, 1, None, float("inf")),     # one day: no limit
    (3, 7, None, 3),
    (3, 3, None, 2),                # 3 of 7 scaled to 3 days, rounded up
    (3, 14, None, 6),
    (3, 7, 2, 2),                   # --max-days-per-food sets it
    (float("inf"), 7, 2, float("inf")),  # foods that may repeat (milk, drinks) stay free
])
def test_days_allowed(week_days, days, given, expected):
    assert days_allowed(week_days, days, given) == expected


def test_a_week_limits_repeats_with_a_row_per_food(tiny_foods):
    built = build_model(tiny_foods, req(tiny_foods, days=7, no_default_targets=True))
    limited = {r.key[1]: r.hi for r in built.arrays.rows if r.key[0] == "days_max"}
    # Every food but the caffeinated ones (coffee, tea, chocolate: not asked for) is on at
    # most 3 of 7 days.
    assert set(limited) == set(tiny_foods.frame.index) - {"14209", "14355", "19904"}
    assert set(limited.values()) == {3.0}


def test_a_food_is_in_one_meal_a_day(tiny_foods):
    built = build_model(tiny_foods, req(tiny_foods, no_default_targets=True,
                                        caffeine_now=200, caffeine_until="snack"))
    once = {r.key[2] for r in built.arrays.rows if r.key[0] == "once_a_day"}
    # Foods tagged for two meals or more; drinks are exempt, and bread, whose caffeine is
    # unknown, is out under the cut-back's caps.
    tagged = tiny_foods.frame["meals"].map(lambda t: len(t - {"drink"}) > 1)
    expected = set(tiny_foods.frame.index[tagged]) - {"14209", "14355", "18075"}
    assert once == expected
    caps = {r.key[2] for r in built.arrays.rows if r.key[0] == "day_most"}
    assert caps <= {"14209", "14355"}


# --- caffeine cut-back, timing and child-sized portions -----------------------------------

def rows_by_key(built) -> dict[tuple, object]:
    return {r.key: r for r in built.arrays.rows}


def test_each_day_gets_its_own_caffeine_cap(tiny_foods):
    request = req(tiny_foods, caffeine_now=200, max_caffeine=50, days=3, taper_days=3,
                  no_default_targets=True)
    caps = request.targets.caffeine_schedule.caps_mg
    assert caps == (200, 125, 50)
    rows = rows_by_key(build_model(tiny_foods, request))
    assert [rows[("target", "caffeine_mg", None, f"d{d}")].hi for d in (1, 2, 3)] == list(caps)
    # The screening LP's one average day has the average cap: a relaxation of the plan.
    screen = rows_by_key(build_model(tiny_foods, request, relaxed=True))
    assert screen[("target", "caffeine_mg", None, "d1")].hi == pytest.approx(125)


def test_caffeinated_foods_stay_out_of_meals_after_the_last_allowed(tiny_foods):
    # Tea fits breakfast and snacks; with caffeine until lunch it gets no snack column.
    request = req(tiny_foods, caffeine_now=200, no_default_targets=True)
    built = build_model(tiny_foods, request)
    tea = built.food_ids.index("14355")
    assert set(built.amount_meal[built.amount_food == tea]) == {"breakfast"}
    chocolate = "19904"                                   # a snack only
    assert chocolate not in {built.food_ids[f] for f in built.amount_food}
    anytime = build_model(tiny_foods, req(tiny_foods, caffeine_now=200,
                                          no_default_targets=True, caffeine_until="snack"))
    tea = anytime.food_ids.index("14355")
    assert set(anytime.amount_meal[anytime.amount_food == tea]) == {"breakfast", "snack"}


def test_the_habitual_drink_earns_points_up_to_the_days_cap(tiny_foods):
    request = req(tiny_foods, caffeine_now="2 cups tea", max_caffeine=20, days=2,
                  taper_days=2, no_default_targets=True)
    built = build_model(tiny_foods, request)
    reward = [built.arrays.column(("reward", "caffeine_habit", None, d)) for d in (0, 1)]
    assert [built.arrays.ub[i] for i in reward] == [96, 20]        # min(cap, now): 2 x 48 mg
    row = rows_by_key(built)[("reward", "caffeine_habit", None, 0)]
    cols = {built.food_ids[built.amount_food[list(built.amount_cols).index(i)]]
            for i in row.idx.tolist() if i in set(built.amount_cols.tolist())}
    assert cols == {"14355"}                                       # tea, at breakfast only
    # Other objectives keep their own measure.
    other = build_model(tiny_foods, req(tiny_foods, caffeine_now="2 cups tea",
                                        no_default_targets=True, objective="magnesium"))
    assert not any(k[:2] == ("reward", "caffeine_habit") for k in other.arrays.keys)


def test_child_sized_portions_scale_the_ranges(tiny_foods):
    frame = tiny_foods.frame
    adult, child = food_rules(frame), food_rules(frame, portion_scale=0.76)
    quinoa = list(frame.index).index("20137")     # 1 cup, halves; 2 cups a meal and a day
    assert (adult.most[quinoa], child.most[quinoa]) == (4, 3)
    assert (adult.day_most[quinoa], child.day_most[quinoa]) == (4, 3)
    egg = list(frame.index).index("01123")        # a piece: one egg stays possible
    tiny = food_rules(frame, portion_scale=0.3)
    assert tiny.least[egg] == tiny.most[egg] == 1


def test_a_large_energy_need_raises_the_most_and_keeps_the_least(tiny_foods):
    frame = tiny_foods.frame
    usual, larger = food_rules(frame), food_rules(frame, portion_scale=1.25)
    quinoa = list(frame.index).index("20137")     # halves of 1 cup; 2 cups a meal and a day
    assert (usual.most[quinoa], larger.most[quinoa]) == (4, 5)
    assert (usual.day_most[quinoa], larger.day_most[quinoa]) == (4, 5)
    assert (larger.least == usual.least).all()


def test_a_week_has_red_meat_on_three_days_its_average_day_on_three_sevenths(
        default_foods):
    for spread, days in ((1, 7), (7, 7)):
        built = build_model(default_foods, req(default_foods, days=days),
                            relaxed=spread > 1, days=[0] if spread > 1 else None)
        rows = [r for r in built.arrays.rows if r.key[0] == "family_days"]
        assert len(rows) == 1 and rows[0].hi == pytest.approx(3 / spread)
        foods = {built.arrays.keys[c][3] for c in rows[0].idx.tolist()}  # ("y", d, meal, id)
        assert {"21101130", "27211100"} <= foods       # steak and beef stew


def test_milk_is_capped_by_the_day_across_its_kinds(default_foods):
    frame = default_foods.frame
    rules = food_rules(frame)
    milk = (frame["role"] == "milk").to_numpy() & frame["max_servings"].isna().to_numpy()
    # No cap per milk: one row caps the day's glasses of every kind together.
    assert milk.sum() > 1 and np.isinf(rules.day_most[milk]).all()
    capped = frame.index.get_loc("11511400")          # chocolate milk: its own 1 a day
    assert rules.day_most[capped] == 1
    assert (role_day_servings(35), role_day_servings(16)) == ({"milk": 2}, {"milk": 3})
    built = build_model(default_foods, req(default_foods, days=2))
    caps = {r.key: r for r in built.arrays.rows if r.key[0] == "role_day"}
    assert set(caps) == {("role_day", 0, "milk"), ("role_day", 1, "milk")}
    row = caps[("role_day", 0, "milk")]
    kinds = {built.arrays.keys[c][3] for c in row.idx.tolist()}  # ("k", d, meal, id)
    assert row.hi == 2 and len(kinds) > 1
    assert kinds <= set(frame.index[frame["role"] == "milk"])


def test_a_childs_model_has_smaller_portions(tiny_foods):
    adult = build_model(tiny_foods, req(tiny_foods))
    child = build_model(tiny_foods, req(tiny_foods, age=4))
    quinoa_adult = max(adult.arrays.ub[i] for i, f in zip(
        adult.amount_cols, adult.amount_food, strict=True) if adult.food_ids[f] == "20137")
    quinoa_child = max(child.arrays.ub[i] for i, f in zip(
        child.amount_cols, child.amount_food, strict=True) if child.food_ids[f] == "20137")
    assert (quinoa_adult, quinoa_child) == (4, 3)      # 2 cups a meal; 0.76 x 4 -> 3 halves


def test_energy_earns_points_from_its_floor_to_the_middle_of_its_range(default_foods):
    # Nothing for energy inside the range sat every day at its floor, 10 % under need.
    request = req(default_foods, sex="female", age=29, life_stage="pregnant", trimester=2)
    energy = request.targets.get("energy_kcal")
    built = build_model(default_foods, request, days=[0])
    row = rows_by_key(built)[("reward", "energy_kcal", None, 0)]
    assert row.lo == energy.minimum
    reward = [i for i, key in enumerate(built.arrays.keys)
              if key[:2] == ("reward", "energy_kcal")]
    assert len(reward) == 1
    width = (energy.maximum - energy.minimum) / 2
    assert built.arrays.ub[reward[0]] == pytest.approx(width)
    assert built.arrays.cost[reward[0]] * width == pytest.approx(20.0)
    # Without the built-in targets, energy earns nothing.
    plain = build_model(default_foods, req(default_foods, no_default_targets=True,
                                           kcal="1800-2200"), days=[0])
    assert not any(key[:2] == ("reward", "energy_kcal") for key in plain.arrays.keys)


def _slot_counts_fit(template, counts: dict[str, int]) -> bool:
    # Every slot counts each food whose role it takes (as Template.matches does).
    return all(sum(counts.get(r, 0) for r in s.roles) <= s.most for s in template.slots
               ) and all(template.most_of(r) > 0 for r, n in counts.items() if n)


def test_the_most_of_a_slots_roles_is_what_the_template_holds():
    import itertools

    from mealplan.meals import TEMPLATES

    for meal, templates in TEMPLATES.items():
        groups = {s.roles for t in templates for s in t.slots}
        for template, group in itertools.product(templates, groups):
            roles = sorted(group)
            fits = [sum(n) for n in itertools.product(range(4), repeat=len(roles))
                    if _slot_counts_fit(template, dict(zip(roles, n, strict=True)))]
            assert template.most_of_group(group) == max(fits), (meal, template.name, roles)
    snack = next(t for t in TEMPLATES["snack"] if t.name == "snack")
    assert snack.most_of_group(frozenset({"cheese"})) == 1  # in the food and dairy slots
    plate = next(t for t in TEMPLATES["lunch"] if t.name == "plate")
    assert plate.most_of_group(frozenset({"starch", "bread"})) == 1


def test_the_lp_eats_no_more_of_a_slots_roles_than_its_templates_hold(default_foods):
    # Half a dish and half a plate once ate the dish's bread and the plate's starch
    # besides (a vegan man's day reached 4,200 kcal in the LP, 2,848 in whole servings).
    from mealplan.meals import templates_for
    from mealplan.solvers import solve

    built = build_model(default_foods, req(default_foods, sex="male", age=30, diet="vegan"),
                        relaxed=True)
    energy = next(r for r in built.arrays.rows if r.key[:2] == ("target", "energy_kcal"))
    cost = np.zeros(built.arrays.n_columns)
    np.add.at(cost, energy.idx, energy.coef)
    rows = [r for r in built.arrays.rows if r is not energy]
    most = dataclasses.replace(built, arrays=dataclasses.replace(
        built.arrays, cost=cost.tolist(), rows=rows))
    values = solve(most, relax=True).values
    assert values is not None
    keys = built.arrays.keys
    for meal in built.meals:
        chosen = {key[3]: values[i] for i, key in enumerate(keys)
                  if key[0] == "t" and key[2] == meal}
        for slot_roles in {s.roles for t in templates_for(meal, True) for s in t.slots}:
            eaten = sum(values[i] for i, key in enumerate(keys)
                        if key[0] == "y" and key[2] == meal
                        and built.roles[built.food_ids.index(key[3])] in slot_roles)
            holds = sum(share * t.most_of_group(slot_roles)
                        for t in templates_for(meal, True) for name, share in chosen.items()
                        if t.name == name)
            assert eaten <= holds + 1e-6, (meal, sorted(slot_roles))


def test_lunch_and_dinner_earn_points_for_their_vegetables_and_fruit(default_foods):
    # A bowl of beans and rice with a glass of milk earns nothing; a stew with its own
    # vegetables earns what a side salad would.
    built = build_model(default_foods, req(default_foods), days=[0])
    rows = rows_by_key(built)
    assert {k for k in rows if k[:2] == ("reward", "produce")} == {
        ("reward", "produce", "lunch", 0), ("reward", "produce", "dinner", 0)}
    frame = default_foods.frame
    for meal in ("lunch", "dinner"):
        row = rows[("reward", "produce", meal, 0)]
        reward = built.arrays.column(("reward", "produce", meal, 0))
        assert built.arrays.ub[reward] == 0.5
        assert built.arrays.cost[reward] * 0.5 == pytest.approx(6.0)
        assert row.lo == 0 and row.coef[list(row.idx).index(reward)] == -1
        for c, coef in zip(row.idx.tolist(), row.coef.tolist(), strict=True):
            if c == reward:
                continue
            _, _, at, fid = built.arrays.keys[c]                  # ("k", d, meal, id)
            grams = built.unit_grams[list(built.amount_cols).index(c)]
            cups = frame.loc[fid, ["vegetables_cup_eq", "fruit_cup_eq"]].sum() * grams / 100
            assert at == meal and coef == pytest.approx(cups)
