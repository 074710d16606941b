"""Requests from settings (flags or a profile file), profile files and price files."""

from __future__ import annotations

from pathlib import Path

import pytest

from mealplan.errors import InputError
from mealplan.foods import FoodTable
from mealplan.request import (
    DEFAULT_GAP,
    DEFAULT_TIME_LIMIT_S,
    Amounts,
    Diet,
    FoodChoice,
    Objective,
    PlanRequest,
    Solver,
    load_profile,
    read_prices,
    request_from_settings,
    resolve_choices,
)
from mealplan.targets import Activity, LactationPeriod, LifeStage, Profile, Sex, resolve_targets


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def bad(foods: FoodTable, settings: dict, source: str = "") -> InputError:
    with pytest.raises(InputError) as raised:
        request_from_settings(foods, settings, source)
    return raised.value


# --- request_from_settings ------------------------------------------------------------

def test_no_settings_give_the_defaults(tiny_foods):
    request = request_from_settings(tiny_foods, {})
    assert request.targets.profile == Profile(Sex.FEMALE, 35)
    assert request.days == 1
    assert request.diet is Diet.OMNIVORE
    assert request.avoid == frozenset()
    assert (request.include, request.exclude, request.like, request.dislike) == ((),) * 4
    assert request.amounts is Amounts.SERVINGS
    assert request.objective is Objective.DEFAULT
    assert request.solver is Solver.HIGHS
    assert (request.time_limit, request.gap, request.seed) == (DEFAULT_TIME_LIMIT_S,
                                                               DEFAULT_GAP, 0)
    assert request.prices is None
    assert request.targets == resolve_targets(Profile())


def test_every_setting_reaches_the_request(tiny_foods, tmp_path):
    prices = write(tmp_path, "prices.csv", "food_id,price\n11458,0.8\n")
    request = request_from_settings(tiny_foods, {
        "sex": "male", "age": 45, "weight_kg": 80, "height_cm": 180, "activity": "active",
        "kcal": "2200-2600", "min": ["vitamin_k_ug=120"], "max": ["sodium_mg=1500"],
        "max_caffeine": 100, "supplement_mg": 100, "diet": "vegetarian",
        "avoid": ["tree_nut", "soy"], "exclude": ["coffee"], "include": ["spinach"],
        "like": ["11458"], "dislike": ["banana"], "days": 3, "amounts": "continuous",
        "objective": "cost", "prices": str(prices), "max_days_per_food": 2,
        "solver": "cbc", "time_limit": 20, "gap": 0.05, "seed": 7,
    })
    t = request.targets
    assert t.profile == Profile(Sex.MALE, 45, LifeStage.NONE, 80, 180, Activity.ACTIVE)
    assert (t.get("energy_kcal").minimum, t.get("energy_kcal").maximum) == (2200, 2600)
    assert t.get("vitamin_k_ug").minimum == 120
    assert t.get("sodium_mg").maximum == 1500
    assert t.caffeine_cap_mg == 100
    assert t.get("magnesium_mg").minimum == 420 - 100
    assert request.diet is Diet.VEGETARIAN
    assert request.avoid == {"tree_nut", "soy"}
    assert request.exclude == (FoodChoice("coffee", ("14209",)),)
    assert request.include == (FoodChoice("spinach", ("11458",)),)
    assert request.like == (FoodChoice("11458", ("11458",)),)
    assert request.dislike == (FoodChoice("banana", ("09040",)),)
    assert request.days == 3
    assert request.amounts is Amounts.CONTINUOUS
    assert request.objective is Objective.COST
    assert request.prices == {"11458": 0.8}
    assert request.max_days_per_food == 2
    assert request.solver is Solver.CBC
    assert (request.time_limit, request.gap, request.seed) == (20, 0.05, 7)


@pytest.mark.parametrize(("kcal", "expected"), [
    ("1800-2200", (1800, 2200)),
    (" 1800 - 2200 ", (1800, 2200)),
    ("1750.5-2000", (1750.5, 2000)),
    ([1800, 2200], (1800, 2200)),
    ((1500, 1500), (1500, 1500)),
])
def test_kcal_range(tiny_foods, kcal, expected):
    energy = request_from_settings(tiny_foods, {"kcal": kcal}).targets.get("energy_kcal")
    assert (energy.minimum, energy.maximum) == expected


@pytest.mark.parametrize("kcal", ["2000", "low-high", "1800-", "-2000", [1800], 2000,
                                  "1,800-2,200"])
def test_kcal_that_is_not_a_range_names_the_flag(tiny_foods, kcal):
    error = bad(tiny_foods, {"kcal": kcal})
    assert error.where.flag == "--kcal"
    assert "LOW-HIGH such as 1800-2200" in str(error)


def test_kcal_range_upside_down(tiny_foods):
    error = bad(tiny_foods, {"kcal": "2200-1800"})
    assert error.where.flag == "--kcal"
    assert "LOW <= HIGH" in str(error)


def test_min_max_pairs_and_toml_tables(tiny_foods):
    request = request_from_settings(tiny_foods, {
        "min": {"magnesium_mg": 400, "vitamin_k_ug": 90.5}, "max": "sodium_mg = 1500"})
    t = request.targets
    assert t.get("magnesium_mg").minimum == 400
    assert t.get("vitamin_k_ug").minimum == 90.5
    assert t.get("sodium_mg").maximum == 1500


@pytest.mark.parametrize("entry", ["magnesium_mg", "magnesium_mg=", "=400", "magnesium_mg=lots",
                                   "magnesium_mg=inf", "magnesium_mg=nan"])
def test_malformed_pairs_name_the_flag(tiny_foods, entry):
    error = bad(tiny_foods, {"min": [entry]})
    assert error.where.flag == "--min"
    assert "NUTRIENT=VALUE" in str(error) and repr(entry) in str(error)


def test_unknown_nutrient_has_a_close_match(tiny_foods):
    error = bad(tiny_foods, {"max": ["vitamin_k=100"]})
    assert error.where.flag == "--max"
    assert "Did you mean vitamin_k_ug" in str(error)


@pytest.mark.parametrize(("settings", "flag"), [
    ({"sex": "other"}, "--sex"),
    ({"age": "thirty"}, "--age"),
    ({"age": 35.5}, "--age"),
    ({"age": True}, "--age"),
    ({"age": 0}, "--age"),
    ({"life_stage": "expecting"}, "--life-stage"),
    ({"weight_kg": "heavy"}, "--weight-kg"),
    ({"activity": "couch"}, "--activity"),
    ({"max_caffeine": "some"}, "--max-caffeine"),
    ({"max_caffeine": True}, "--max-caffeine"),
    ({"no_caffeine": "yes"}, "--no-caffeine"),
    ({"no_default_targets": 1}, "--no-default-targets"),
    ({"diet": "keto"}, "--diet"),
    ({"avoid": "nuts"}, "--avoid"),
    ({"avoid": [3]}, "--avoid"),
    ({"days": 0}, "--days"),
    ({"days": 29}, "--days"),
    ({"amounts": "grams"}, "--amounts"),
    ({"objective": "taste"}, "--objective"),
    ({"solver": "gurobi"}, "--solver"),
    ({"time_limit": -1}, "--time-limit"),
    ({"time_limit": 0}, "--time-limit"),
    ({"gap": 1.5}, "--gap"),
    ({"gap": "small"}, "--gap"),
    ({"seed": "x"}, "--seed"),
    ({"max_days_per_food": 0}, "--max-days-per-food"),
    ({"max_waste": 150}, "--max-waste"),
    ({"max_waste": -1}, "--max-waste"),
    ({"max_waste": "lots"}, "--max-waste"),
    ({"include": ["xyzzy"]}, "--include"),
    ({"exclude": ["xyzzy"]}, "--exclude"),
    ({"life_stage": "pregnant", "trimester": 4}, "--trimester"),
    ({"life_stage": "pregnant", "trimester": "second"}, "--trimester"),
    ({"life_stage": "lactating", "lactation_months": "13-18"}, "--lactation-months"),
    ({"caffeine_now": "2 cups beer"}, "--caffeine-now"),
    ({"caffeine_now": True}, "--caffeine-now"),
    ({"caffeine_now": 300, "taper_days": 0}, "--taper-days"),
    ({"caffeine_until": "supper"}, "--caffeine-until"),
])
def test_bad_values_name_the_flag(tiny_foods, settings, flag):
    assert bad(tiny_foods, settings).where.flag == flag


def test_bad_value_from_a_profile_names_the_file(tiny_foods):
    error = bad(tiny_foods, {"sex": "other"}, source="me.toml")
    assert str(error) == "me.toml, sex: expected female or male, got 'other'"


def test_choices_ignore_case_and_dashes(tiny_foods):
    request = request_from_settings(tiny_foods, {
        "sex": "Male", "activity": "Very-Active", "diet": "VEGAN", "avoid": ["Tree-Nut"]})
    assert request.targets.profile.sex is Sex.MALE
    assert request.targets.profile.activity is Activity.VERY_ACTIVE
    assert request.diet is Diet.VEGAN
    assert request.avoid == {"tree_nut"}


def test_unknown_allergen_gets_a_did_you_mean(tiny_foods):
    error = bad(tiny_foods, {"avoid": ["treenut"]})
    assert error.where.flag == "--avoid"
    assert "Did you mean tree_nut?" in str(error)
    assert "sesame" in str(error)


def test_a_single_string_is_a_list_of_one(tiny_foods):
    request = request_from_settings(tiny_foods, {"avoid": "dairy", "include": "quinoa"})
    assert request.avoid == {"dairy"}
    assert request.include == (FoodChoice("quinoa", ("20137",)),)


def test_food_names_resolve_to_every_match(tiny_foods):
    choices = resolve_choices(tiny_foods, ["seeds", "12061", "brewed"], "--like")
    assert choices == (FoodChoice("seeds", ("12014",)), FoodChoice("12061", ("12061",)),
                       FoodChoice("brewed", ("14209", "14355")))
    # A blank entry (--like "") is a mistake, not "nothing".
    error = bad(tiny_foods, {"like": ["  ", "tea"]})
    assert str(error) == "--like: expected food names or food_ids, got an empty text"


def test_unknown_food_gets_a_did_you_mean(tiny_foods):
    error = bad(tiny_foods, {"include": ["spinnach"]})
    assert error.where.flag == "--include"
    assert "Did you mean 'Spinach, cooked, boiled' (11458)?" in str(error)


def test_request_plain_form(tiny_foods):
    request = request_from_settings(tiny_foods, {"avoid": ["soy", "dairy"],
                                                 "include": ["quinoa"], "days": 2})
    plain = request.to_dict()
    assert plain["avoid"] == ["dairy", "soy"]
    assert plain["include"] == [{"text": "quinoa", "food_ids": ["20137"]}]
    assert plain["days"] == 2 and plain["solver"] == "highs"


def test_life_stage_settings_reach_the_profile(tiny_foods):
    pregnant = request_from_settings(tiny_foods, {"life_stage": "pregnant", "trimester": 3})
    assert pregnant.targets.profile.trimester == 3
    lactating = request_from_settings(tiny_foods, {"life_stage": "lactating",
                                                   "lactation_months": "7-12"})
    assert lactating.targets.profile.lactation is LactationPeriod.SECOND


def test_cutting_back_keeps_caffeine_to_breakfast_and_lunch(tiny_foods):
    request = request_from_settings(tiny_foods, {"caffeine_now": "3 cups coffee",
                                                 "max_caffeine": 100, "days": 7})
    schedule = request.targets.caffeine_schedule
    assert schedule is not None and schedule.caps_mg[0] == 288 and schedule.goal_mg == 100
    assert request.caffeine_meals == {"breakfast", "lunch"}
    assert request.to_dict()["caffeine_meals"] == ["breakfast", "lunch"]
    assert any("Caffeine only at breakfast and lunch (the default when cutting back"
               in n for n in request.targets.notes)
    until = request_from_settings(tiny_foods, {"caffeine_now": 300, "caffeine_until": "snack"})
    assert until.caffeine_meals == {"breakfast", "lunch", "snack"}
    assert until.caffeine_allowed_in("snack") and not until.caffeine_allowed_in("dinner")


def test_caffeine_timing_without_cutting_back(tiny_foods):
    # Any meal by default; --caffeine-until applies to liked or included caffeinated foods.
    assert request_from_settings(tiny_foods, {"like": ["coffee"]}).caffeine_meals is None
    until = request_from_settings(tiny_foods, {"like": ["coffee"],
                                               "caffeine_until": "breakfast"})
    assert until.caffeine_meals == {"breakfast"}
    assert until.caffeine_allowed_in("all")        # a table without meals


def test_caffeine_only_when_asked_for(tiny_foods):
    # A cap alone is not a request for caffeine, and the notes say how to ask.
    capped = request_from_settings(tiny_foods, {"max_caffeine": 100})
    assert capped.unasked_caffeine(tiny_foods) == {"14209", "14355", "19904"}
    assert any("come only when asked for" in n for n in capped.targets.notes)
    assert not any("asked for" in n for n in request_from_settings(tiny_foods, {}).targets.notes)
    liked = request_from_settings(tiny_foods, {"like": ["tea"], "include": ["chocolate"]})
    assert liked.unasked_caffeine(tiny_foods) == {"14209"}
    drinker = request_from_settings(tiny_foods, {"caffeine_now": 100})
    assert drinker.unasked_caffeine(tiny_foods) == frozenset()


def test_plan_request_validates_itself():
    targets = resolve_targets(Profile())
    with pytest.raises(InputError, match="--avoid"):
        PlanRequest(targets, avoid=frozenset({"nuts"}))
    with pytest.raises(InputError, match="--time-limit"):
        PlanRequest(targets, time_limit=0)
    assert PlanRequest(targets) == PlanRequest(targets)


# --- profile files ----------------------------------------------------------------------

def test_profile_keys_take_dashes_or_underscores(tmp_path):
    path = write(tmp_path, "me.toml", """
sex = "male"
age = 45
no-caffeine = true
max_caffeine = 50
avoid = ["tree_nut"]
kcal = "2200-2600"

[min]
magnesium_mg = 450
""")
    assert load_profile(path) == {
        "sex": "male", "age": 45, "no_caffeine": True, "max_caffeine": 50,
        "avoid": ["tree_nut"], "kcal": "2200-2600", "min": {"magnesium_mg": 450}}


def test_profile_settings_make_a_request(tiny_foods, tmp_path):
    path = write(tmp_path, "me.toml", 'diet = "vegan"\nkcal = [1600, 2000]\n'
                 '[max]\nsodium_mg = 1200\n')
    request = request_from_settings(tiny_foods, load_profile(path), str(path))
    assert request.diet is Diet.VEGAN
    assert request.targets.get("energy_kcal").maximum == 2000
    assert request.targets.get("sodium_mg").maximum == 1200


def test_profile_unknown_key_gets_a_did_you_mean(tmp_path):
    path = write(tmp_path, "me.toml", "max-cafeine = 100\n")
    with pytest.raises(InputError) as raised:
        load_profile(path)
    assert raised.value.where.file == str(path)
    assert "unknown setting 'max-cafeine'. Did you mean max_caffeine?" in str(raised.value)


def test_profile_that_is_not_toml(tmp_path):
    path = write(tmp_path, "me.toml", "sex = female\n")
    with pytest.raises(InputError) as raised:
        load_profile(path)
    assert raised.value.where.file == str(path)
    assert "not a valid TOML file" in str(raised.value)


def test_profile_that_is_not_utf8(tmp_path):
    path = tmp_path / "me.toml"
    path.write_bytes(b'diet = "v\xe9gan"\n')
    with pytest.raises(InputError, match="not a valid TOML file"):
        load_profile(path)


def test_profile_missing(tmp_path):
    with pytest.raises(InputError) as raised:
        load_profile(tmp_path / "nope.toml")
    assert raised.value.where.flag == "--profile"
    assert "file not found" in str(raised.value)


def test_profile_with_a_zero_time_limit_is_refused(tiny_foods, tmp_path):
    # 0 is a value, not "unset": it must not silently become the default.
    path = write(tmp_path, "me.toml", "time_limit = 0\n")
    error = bad(tiny_foods, load_profile(path), str(path))
    assert (error.where.file, error.where.flag) == (str(path), "time_limit")


# --- price files --------------------------------------------------------------------------

def test_read_prices(tiny_foods, tmp_path):
    path = write(tmp_path, "prices.csv", "\ufefffood_id,price,shop\n11458,0.8,A\n12014, 2.5 ,B\n")
    assert read_prices(path, tiny_foods) == {"11458": 0.8, "12014": 2.5}


@pytest.mark.parametrize(("text", "message"), [
    ("food_id,cost\n11458,1\n", "expected a CSV file with food_id and price columns"),
    ("", "expected a CSV file with food_id and price columns"),
    ("food_id,price\n11458,1\n99999,2\n", "row 2, column food_id: unknown food_id '99999'"),
    ("food_id,price\n11458,cheap\n", "row 1, column price: expected a price per 100 g from 0 "
                                     "to 1e9 for Spinach, cooked, boiled, got 'cheap'"),
    ("food_id,price\n11458,1\n12014,-1\n", "row 2, column price: expected a price per 100 g"),
    ("food_id,price\n11458,\n", "row 1, column price"),
])
def test_bad_price_files_name_file_row_and_column(tiny_foods, tmp_path, text, message):
    path = write(tmp_path, "prices.csv", text)
    with pytest.raises(InputError) as raised:
        read_prices(path, tiny_foods)
    assert str(raised.value).startswith(str(path))
    assert message in str(raised.value)


def test_price_file_missing_or_not_utf8(tiny_foods, tmp_path):
    with pytest.raises(InputError, match="file not found"):
        read_prices(tmp_path / "nope.csv", tiny_foods)
    latin = tmp_path / "latin.csv"
    latin.write_bytes(b"food_id,price,note\n11458,1,cr\xe8me\n")
    with pytest.raises(InputError, match="not UTF-8"):
        read_prices(latin, tiny_foods)
