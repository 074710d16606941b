"""``mealplan week/day/targets``: the issue's acceptance commands, wiring and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from mealplan.check import check_plan
from mealplan.cli import cli
from mealplan.foods import load_foods
from mealplan.plan import Plan
from mealplan.request import request_from_settings

DATA = Path(__file__).parent / "data"
PROFILE = DATA / "profile_vegan_male.toml"
# Plans of the built-in table are bought in whole packages and judged against an
# average day that buys fractions of them: "feasible", with its gap and a note, is a
# plan found (see the planner's note); each day is within the gap of its own best.
OK = ("optimal", "within_gap", "feasible")
FEMALE_WEEK = ["week", "--sex", "female", "--age", "35", "--format", "json"]
MALE_WEEK = ["week", "--sex", "male", "--age", "45", "--kcal", "2200-2600", "--no-caffeine",
             "--diet", "vegetarian", "--avoid", "tree_nut", "--format", "json"]


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def run_json(*args: str | Path) -> dict:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def day_items(day: dict) -> list[tuple[str, str, float]]:
    return sorted((m["name"], i["food_id"], i["grams"]) for m in day["meals"] for i in m["items"])


@pytest.fixture(scope="module")
def foods():
    return load_foods("default")


@pytest.fixture(scope="module")
def female_week() -> dict:
    return run_json(*FEMALE_WEEK)


@pytest.fixture(scope="module")
def male_week() -> dict:
    return run_json(*MALE_WEEK)


# --- done when: mealplan week --sex female --age 35 --format json -------------------------

def test_female_week_meets_magnesium_every_day(female_week):
    assert female_week["status"] in OK
    assert [d["day"] for d in female_week["days"]] == list(range(1, 8))
    for day in female_week["days"]:
        assert day["totals"]["magnesium_mg"] >= 320
    limits = {t["key"]: t for t in female_week["targets"]["limits"]}
    assert limits["magnesium_mg"]["min"] == 320


def test_female_week_has_seven_different_days(female_week, foods):
    frame = foods.frame
    assert len({tuple(day_items(d)) for d in female_week["days"]}) == 7
    # Breakfasts, milk, fruit and bread may repeat, as people's do; a main dish or a
    # protein food is on at most 3 days, and lunches and dinners vary.
    centre = ("main", "protein", "legume")
    days: dict[str, set[int]] = {}
    mains = []
    for d in female_week["days"]:
        found = frozenset(i for meal, i, _ in day_items(d) if meal in ("lunch", "dinner")
                          and frame.at[i, "role"] in centre)
        mains.append(found)
        for i in found:
            days.setdefault(i, set()).add(d["day"])
    assert max(len(v) for v in days.values()) <= 3
    assert len(set(mains)) >= 5


def test_female_week_has_real_meals_in_household_servings(female_week, foods):
    frame = foods.frame
    for day in female_week["days"]:
        meals = {m["name"]: m["items"] for m in day["meals"]}
        assert {"breakfast", "lunch", "dinner"} <= set(meals)
        energy = day["totals"]["energy_kcal"]
        templates = {m["name"]: m.get("template") for m in day["meals"]}
        for name in ("breakfast", "lunch", "dinner"):
            items = meals[name]
            # Every meal follows a plate template: a main dish, or protein, starch and
            # vegetables; oatmeal with its toppings...
            assert templates[name], (day["day"], name)
            assert any(frame.at[i["food_id"], "role"] != "drink" for i in items)
            kcal = sum(frame.at[i["food_id"], "energy_kcal"] * i["grams"] / 100 for i in items)
            assert kcal >= 0.1 * energy, (day["day"], name)
        for item in (i for items in meals.values() for i in items):
            assert set(item) >= {"food_id", "name", "grams", "servings", "serving_desc", "role"}
            assert item["servings"] > 0
            step = frame.at[item["food_id"], "portion_step"]
            assert item["servings"] / step == pytest.approx(round(item["servings"] / step),
                                                            abs=1e-9)
            assert item["grams"] == pytest.approx(item["servings"] * item["serving_g"])
            assert item["serving_desc"]
            assert item["name"] == frame.at[item["food_id"], "name"]


def test_json_totals_are_keyed_by_table_columns(female_week, foods):
    for day in female_week["days"]:
        assert list(day["totals"]) == list(foods.nutrients)
    assert female_week["request"]["days"] == 7


# --- done when: the male vegetarian week, checked independently ------------------------------

def test_male_vegetarian_week_passes_the_checker(male_week, foods):
    plan = Plan.from_dict(male_week)
    request = request_from_settings(foods, {
        "sex": "male", "age": 45, "kcal": "2200-2600", "no_caffeine": True,
        "diet": "vegetarian", "avoid": ["tree_nut"], "days": 7})
    assert plan.targets == request.targets
    assert check_plan(plan, foods, request) == []


def test_male_vegetarian_week_holds_every_limit(male_week, foods):
    frame = foods.frame
    # Shopping aside, within 18 % of a bound whose average day mixes templates and
    # buys from any food it likes, which no day bought from one shop can; its fractions
    # also earn energy's points to the middle of the range (15.2 % on CI at 6b76235).
    assert male_week["status"] in OK
    assert male_week["gap"] <= 0.18
    assert len(male_week["days"]) == 7
    for day in male_week["days"]:
        totals = day["totals"]
        assert totals["caffeine_mg"] == 0
        assert 2200 - 1e-6 <= totals["energy_kcal"] <= 2600 + 1e-6
        assert totals["magnesium_mg"] >= 420
        for meal in day["meals"]:
            for item in meal["items"]:
                row = frame.loc[item["food_id"]]
                assert "vegetarian" in row["diets"], item["name"]
                assert "tree_nut" not in row["allergens"], item["name"]
                assert row["caffeine_mg"] == 0, item["name"]   # known, and none


# --- determinism, seeds, output ------------------------------------------------------------------

def test_same_inputs_give_the_same_plan(female_week):
    again = run_json(*FEMALE_WEEK)
    assert again["days"] == female_week["days"]


def test_another_seed_gives_another_plan_of_near_equal_quality():
    zero = run_json("day", "--format", "json")
    one = run_json("day", "--format", "json", "--seed", "1")
    assert zero["status"] in OK and one["status"] in OK
    assert day_items(zero["days"][0]) != day_items(one["days"][0])
    assert one["request"]["seed"] == 1
    assert one["days"][0]["totals"]["magnesium_mg"] >= 320


def test_json_stdout_holds_only_json():
    # A subprocess, so output that the solver writes to file descriptor 1 would show.
    done = subprocess.run([sys.executable, "-m", "mealplan", "day", "--format", "json"],
                          capture_output=True, text=True, check=True)
    assert done.stdout.startswith("{")
    assert json.loads(done.stdout)["mealplan_plan"] == 1


def test_cbc_plans_a_day():
    plan = run_json("day", "--solver", "cbc", "--format", "json")
    assert plan["status"] in OK
    assert plan["request"]["solver"] == "cbc"
    assert plan["days"][0]["totals"]["magnesium_mg"] >= 320


def test_solver_settings_reach_the_request():
    plan = run_json("day", "--time-limit", "20", "--gap", "0.05", "--format", "json")
    assert (plan["request"]["time_limit"], plan["request"]["gap"]) == (20, 0.05)


# --- profile files ---------------------------------------------------------------------------

def test_profile_file_with_flags_overriding(foods):
    plan = run_json("week", "--profile", PROFILE, "--age", "60", "--format", "json")
    assert plan["targets"]["profile"]["sex"] == "male"        # from the file
    assert plan["targets"]["profile"]["age"] == 60            # the flag wins
    assert plan["request"]["diet"] == "vegan"
    assert plan["request"]["avoid"] == ["tree_nut"]
    assert len(plan["days"]) == 2                             # days from the file
    limits = {t["key"]: t for t in plan["targets"]["limits"]}
    assert limits["magnesium_mg"]["min"] == 450
    assert limits["caffeine_mg"]["max"] == 0
    for day in plan["days"]:
        assert day["totals"]["magnesium_mg"] >= 450
        for item in (i for m in day["meals"] for i in m["items"]):
            assert "vegan" in foods.frame.at[item["food_id"], "diets"]


def test_profile_file_days_overridden_by_flag():
    plan = run_json("week", "--profile", PROFILE, "--days", "1", "--format", "json")
    assert len(plan["days"]) == 1


def test_day_command_plans_one_day_whatever_the_profile_says():
    plan = run_json("day", "--profile", PROFILE, "--format", "json")
    assert len(plan["days"]) == 1


def test_profile_errors_exit_2(tmp_path):
    bad = tmp_path / "me.toml"
    bad.write_text("max-cafeine = 100\n", encoding="utf-8")
    result = run("day", "--profile", bad)
    assert result.exit_code == 2
    assert "Did you mean max_caffeine?" in result.stderr


# --- targets -------------------------------------------------------------------------------------

def test_targets_json():
    data = run_json("targets", "--sex", "female", "--age", "30", "--life-stage", "pregnant",
                    "--format", "json")
    limits = {t["key"]: (t["min"], t["max"]) for t in data["limits"]}
    assert limits["magnesium_mg"] == (350, None)
    assert limits["caffeine_mg"] == (None, 200)
    assert data["profile"]["life_stage"] == "pregnant"


def test_targets_with_a_supplement_above_the_upper_limit():
    result = run("targets", "--supplement-mg", "400")
    assert result.exit_code == 0
    assert "WARNING" in result.stdout and "350" in result.stdout
    data = run_json("targets", "--supplement-mg", "400", "--format", "json")
    assert any(n.startswith("WARNING") for n in data["notes"])


def test_targets_from_a_profile_with_overrides():
    data = run_json("targets", "--profile", PROFILE, "--kcal", "2000-2400", "--format", "json")
    limits = {t["key"]: (t["min"], t["max"]) for t in data["limits"]}
    assert limits["energy_kcal"] == (2000, 2400)
    assert limits["magnesium_mg"] == (450, None)


@pytest.mark.parametrize(("args", "flag"), [
    (["--kcal", "2000"], "--kcal"),
    (["--kcal", "2200-1800"], "--kcal"),
    (["--min", "magnesium=400"], "--min"),
    (["--sex", "male", "--life-stage", "pregnant"], "--life-stage"),
    (["--trimester", "2"], "--trimester"),
    (["--life-stage", "pregnant", "--lactation-months", "0-6"], "--lactation-months"),
    (["--taper-days", "5"], "--taper-days"),
    (["--caffeine-now", "3 cups beer"], "--caffeine-now"),
])
def test_targets_bad_values_exit_2_naming_the_flag(args, flag):
    result = run("targets", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {flag}")


# --- refusals and bad input --------------------------------------------------------------------

def test_impossible_request_exits_1_with_an_explanation():
    result = run("day", "--diet", "vegan", "--avoid", "tree_nut", "--kcal", "1000-1200",
                 "--min", "magnesium_mg=2500")
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == "Error: No plan meets every limit."
    assert any(line.startswith("- magnesium_mg >= 2,500 mg: ") for line in lines)
    assert "Infeasible" not in result.output and "infeasible" not in result.output


def test_include_left_out_by_the_diet_exits_1():
    result = run("day", "--diet", "vegan", "--include", "salmon")
    assert result.exit_code == 1
    assert "- --include salmon: it is left out by your other choices" in result.stderr


def test_unknown_include_exits_2_with_a_suggestion():
    result = run("day", "--include", "salmn")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --include: no food in the default table matches")
    assert "Did you mean" in result.stderr and "salmon" in result.stderr.lower()


def test_unknown_allergen_exits_2_with_a_suggestion():
    result = run("day", "--avoid", "treenut")
    assert result.exit_code == 2
    assert "Did you mean tree_nut?" in result.stderr


# --- a custom table: the true LP optimum ----------------------------------------------------------

def test_custom_table_cost_optimum():
    # tests/data/plan_costs.csv; the optimum is worked by hand in test_solve.py:
    # 480 g of A and 40 g of B, cost 5.60.
    plan = run_json("day", "--foods", DATA / "plan_costs.csv", "--no-default-targets",
                    "--amounts", "continuous", "--objective", "cost", "--min", "zinc_mg=10",
                    "--min", "iron_mg=6", "--format", "json")
    assert plan["status"] == "optimal"
    [meal] = plan["days"][0]["meals"]
    assert meal["name"] == "all"
    grams = {i["food_id"]: i["grams"] for i in meal["items"]}
    assert grams == pytest.approx({"a": 480, "b": 40}, abs=1e-4)
    assert plan["days"][0]["totals"]["zinc_mg"] == pytest.approx(10)
    assert {t["key"] for t in plan["targets"]["limits"]} == {"zinc_mg", "iron_mg"}


# --- done when: cutting back caffeine, and every age and stage -------------------------------

def test_cut_back_week_from_the_command_line(foods):
    data = run_json("week", "--caffeine-now", "400", "--max-caffeine", "100", "--format", "json")
    plan = Plan.from_dict(data)
    request = request_from_settings(foods, {"caffeine_now": "400", "max_caffeine": 100,
                                            "days": 7})
    assert check_plan(plan, foods, request) == []
    assert data["targets"]["caffeine_schedule"]["caps_mg"] == [400, 400, 300, 300, 200, 200, 100]
    assert data["request"]["caffeine_meals"] == ["breakfast", "lunch"]
    days = data["caffeine"]["days"]
    assert [d["cap_mg"] for d in days] == [400, 400, 300, 300, 200, 200, 100]
    assert all(d["total_mg"] <= d["cap_mg"] + 1e-6 for d in days)
    # Caffeine only until lunch, and the habitual coffee at breakfast on most days.
    assert all(s["meal"] in ("breakfast", "lunch") for d in days for s in d["sources"])
    assert sum(any(s["meal"] == "breakfast" for s in d["sources"]) for d in days) >= 4


@pytest.mark.parametrize("args", [
    ["--sex", "male", "--age", "16", "--diet", "vegan"],
    ["--age", "4"],
    ["--life-stage", "pregnant", "--trimester", "3"],
])
def test_every_age_and_stage_from_the_command_line(args):
    data = run_json("day", *args, "--format", "json")
    energy = next(t for t in data["targets"]["limits"] if t["key"] == "energy_kcal")
    assert "IOM 2005" in energy["source"]
    assert data["days"][0]["totals"]["magnesium_mg"] >= data["targets"]["magnesium_rda_mg"]


def test_caffeine_flags_reach_the_targets():
    data = run_json("targets", "--caffeine-now", "3 cups coffee", "--max-caffeine", "100",
                    "--taper-days", "6", "--format", "json")
    schedule = data["caffeine_schedule"]
    assert schedule["levels_mg"] == [288, 220, 145, 100]
    assert schedule["taper_days"] == 6 and schedule["caps_mg"] == [288]
