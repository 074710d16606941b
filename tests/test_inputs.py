"""Inputs are checked at the boundary: file kinds and sizes, numbers, profiles, contradictions.

Every refusal is bad input (exit code 2) with one message naming the file, row,
column or flag; nothing hangs, nothing reads without bound.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DATA
from hypothesis import given, settings
from hypothesis import strategies as st

from mealplan.cli import cli
from mealplan.errors import InputError
from mealplan.files import INPUT_LIMITS, read_input
from mealplan.foods import load_foods
from mealplan.planfile import load_plan_data, plan_schema, schema_problems
from mealplan.request import load_profile, request_from_settings
from mealplan.shopping import Pantry, PantryItem, Quantity, read_pantry, shopping_list

TINY = str(DATA / "tiny_foods.csv")
QUICK = ("day", "--foods", TINY, "--amounts", "continuous", "--no-default-targets",
         "--min", "magnesium_mg=300")
RUNNER = CliRunner()


def refused(*args: object) -> str:
    result = RUNNER.invoke(cli, [str(a) for a in args])
    assert result.exit_code == 2, (result.stdout, result.stderr, result.exception)
    assert result.stderr.startswith("Error: ") and "Traceback" not in result.stderr
    return result.stderr.removeprefix("Error: ").strip()


@pytest.fixture(scope="module")
def saved_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plan") / "plan.json"
    result = RUNNER.invoke(cli, [*QUICK, "--format", "json", "-o", str(path)])
    assert result.exit_code == 0, result.stderr
    return path


# --- file kinds and sizes --------------------------------------------------------------------

INPUT_FLAGS = ["--foods", "--profile", "--prices", "PLAN.json", "--pantry"]


def command_reading(flag: str, path: str, plan: Path) -> list[str]:
    return {"--foods": ["foods", "search", "a", "--foods", path],
            "--profile": [*QUICK, "--profile", path],
            "--prices": [*QUICK, "--objective", "cost", "--prices", path],
            "PLAN.json": ["shopping", path, "--foods", TINY],
            "--pantry": ["shopping", str(plan), "--foods", TINY, "--pantry", path]}[flag]


@pytest.mark.parametrize("flag", INPUT_FLAGS)
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(flag, tmp_path, saved_plan):
    fifo = tmp_path / "in.pipe"
    os.mkfifo(fifo)
    # In a fresh process with a time limit: a hang would fail the test, not stall it.
    result = subprocess.run([sys.executable, "-m", "mealplan",
                             *command_reading(flag, str(fifo), saved_plan)],
                            capture_output=True, text=True, timeout=60,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 2
    assert result.stderr == (f"Error: {fifo}, {flag}: this is a named pipe (FIFO); expected "
                             "a regular file (save the data to a file first, or pipe it in "
                             "as -)\n")


@pytest.mark.parametrize("flag", INPUT_FLAGS)
def test_dev_zero_is_refused_before_reading(flag, saved_plan):
    message = refused(*command_reading(flag, "/dev/zero", saved_plan))
    assert message.startswith("/dev/zero, ") and "a character device" in message


def test_stdin_is_read_up_to_the_limit_only(monkeypatch):
    import io

    endless = io.BytesIO(b"0" * (INPUT_LIMITS["PLAN.json"] + 10))
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(endless))
    with pytest.raises(InputError, match=r"the input is larger; mealplan reads at most 16\.0 "
                                         r"MB for PLAN\.json"):
        read_input("-", "PLAN.json")
    assert endless.tell() == INPUT_LIMITS["PLAN.json"] + 1


def test_a_file_over_the_limit_is_refused_by_its_size(tmp_path, monkeypatch):
    big = tmp_path / "big.csv"
    with open(big, "wb") as fh:
        fh.truncate(INPUT_LIMITS["--foods"] + 1)  # sparse: nothing to read
    assert refused("foods", "search", "a", "--foods", big) == (
        f"{big}, --foods: the file is 32.0 MB; mealplan reads at most 32.0 MB for --foods")


def test_a_large_table_within_the_limit_loads(tmp_path):
    rows = ["food_id,name,serving_g,serving_desc,magnesium_mg,energy_kcal"]
    rows += [f"f{i},Food {i},100,1 cup,{i % 500},{i % 900}" for i in range(100_000)]
    path = tmp_path / "large.csv"
    path.write_text("\n".join(rows) + "\n")
    assert len(load_foods(path)) == 100_000


# --- numbers at the boundary -----------------------------------------------------------------

@pytest.mark.parametrize(("flags", "message"), [
    (["--kcal", "inf-inf"], "--kcal: expected LOW-HIGH with 0 < LOW <= HIGH <= 20,000, got "
                            "inf-inf"),
    (["--kcal", "1800-inf"], "--kcal: expected LOW-HIGH with 0 < LOW <= HIGH <= 20,000, got "
                             "1800-inf"),
    (["--kcal", "1800-30000"], "--kcal: expected LOW-HIGH"),
    (["--min", "magnesium_mg=1e300"], "--min: expected magnesium_mg=VALUE with VALUE >= 0 and "
                                      "<= 1e+07 a day (more than a person can eat), got "
                                      "1e+300"),
    (["--max", "protein_g=20000"], "--max: expected protein_g=VALUE with VALUE >= 0 and <= "
                                   "10000 a day"),
    (["--min", "magnesium_mg=inf"], "--min: expected NUTRIENT=VALUE entries"),
    (["--seed", "-1"], "--seed: expected a whole number from 0 to 4294967295, got -1"),
    (["--time-limit", "inf"], "--time-limit: expected seconds, got inf"),
    (["--time-limit", "1e6"], "--time-limit: expected seconds > 0 and at most 3600, got 1e+06"),
    (["--max-caffeine", "nan"], "--max-caffeine: expected milligrams per day, got nan"),
    (["--supplement-mg", "1e308"], "--supplement-mg: expected milligrams >= 0 and <= 1e+07"),
    (["--weight-kg", "nan"], "--weight-kg: expected kilograms, got nan"),
    (["--max-waste", "nan"], "--max-waste: expected percent of the perishable food bought "
                             "the week may leave unused (0 to 100), got nan"),
])
def test_impossible_numbers_are_refused_naming_the_flag(flags, message):
    assert refused(*QUICK, *flags).startswith(message)


@pytest.mark.parametrize("given", ["10%", " 7.5 % ", "12"])
def test_max_waste_is_a_percent_with_or_without_its_sign(given):
    result = RUNNER.invoke(cli, [*QUICK, "--max-waste", given, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["request"]["max_waste"] == float(given.strip(" %"))


@pytest.mark.parametrize("given", ["101%", "-1", "lots", "10%%"])
def test_max_waste_outside_0_to_100_is_refused(given):
    result = RUNNER.invoke(cli, [*QUICK, "--max-waste", given])
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert "Error: Invalid value for '--max-waste'" in result.stderr


@settings(deadline=None, max_examples=40)
@given(st.one_of(st.floats(allow_nan=True, allow_infinity=True),
                 st.floats(min_value=1e7, max_value=1e308)))
def test_no_daily_minimum_outside_the_physical_range_is_accepted(value):
    foods = load_foods(TINY)
    try:
        request = request_from_settings(foods, {"min": [f"magnesium_mg={value!r}"]})
    except InputError as error:
        assert error.where is not None and error.where.flag == "--min"
        assert len(str(error)) < 200  # no 300-digit numbers
    else:
        assert math.isfinite(value) and 0 <= value <= 1e7
        assert request.targets.get("magnesium_mg").minimum == value


# --- profiles --------------------------------------------------------------------------------

def profile(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "me.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("text", "message"), [
    ("prices = 2", "prices: expected a string (a CSV file with food_id and price (per 100 g) "
                   "columns), got an integer 2"),
    ("foods = 5", "foods: expected a string (default, full or a CSV file), got an integer 5"),
    ("kcal = [true, true]", "kcal: expected a string such as \"1800-2200\" or an array of two "
                            "numbers (a range LOW-HIGH such as 1800-2200), got an array "
                            "[True, True]"),
    ('age = "35"', "age: expected an integer (whole years, 1 or more), got a string '35'"),
    ("days = 1.5", "days: expected an integer"),
    ("no-caffeine = 1", "no-caffeine: expected true or false"),
    ("weight-kg = 60\nweight_kg = 61", "weight_kg: 'weight-kg' and 'weight_kg' are the same "
                                       "setting; give it once"),
    ("[min]\nmagnesium_mg = \"lots\"", "min: expected an array of strings"),
    ("birthday = 1990-01-01", "unknown setting 'birthday'"),
])
def test_profile_values_are_checked_against_their_toml_type(tmp_path, text, message):
    path = profile(tmp_path, text)
    with pytest.raises(InputError) as raised:
        load_profile(path)
    assert str(raised.value).startswith(str(path))
    assert message in str(raised.value)


def test_a_range_error_in_a_profile_names_the_file_and_key(tmp_path):
    path = profile(tmp_path, "weight-kg = 900\n")
    assert refused(*QUICK, "--profile", path) == (
        f"{path}, weight_kg: expected a weight from 5 to 400 kg, got 900")
    # The same value from a flag names the flag.
    assert refused(*QUICK, "--weight-kg", "900") == (
        "--weight-kg: expected a weight from 5 to 400 kg, got 900")


def test_a_deeply_nested_profile_is_refused(tmp_path):
    path = profile(tmp_path, "a = " + "[" * 5000)
    with pytest.raises(InputError, match="nested too deeply|not a valid TOML file"):
        load_profile(path)


@pytest.mark.parametrize(("flag", "toml", "value", "key"), [
    ("--diet", "diet = 'VEGAN'", "Vegan", "diet"),
    ("--activity", "activity = 'very active'", "Very-Active", "activity"),
    ("--sex", "sex = 'MALE'", "Male", "sex"),
])
def test_choices_read_alike_in_flags_and_profiles(tmp_path, flag, toml, value, key):
    def plan_with(*args: object) -> dict:
        result = RUNNER.invoke(cli, [*QUICK, *map(str, args), "--format", "json"])
        assert result.exit_code == 0, result.stderr
        data: dict = json.loads(result.stdout)
        return data

    from_file = plan_with("--profile", profile(tmp_path, toml))
    from_flag = plan_with(flag, value)
    where = (lambda d: d["request"]) if key == "diet" else (lambda d: d["targets"]["profile"])
    assert where(from_file)[key] == where(from_flag)[key] == toml.split("'")[1].lower() \
        .replace(" ", "_")


# --- contradictions --------------------------------------------------------------------------

@pytest.mark.parametrize(("flags", "message"), [
    (["--no-caffeine", "--max-caffeine", "400"], "--no-caffeine and --max-caffeine 400 "
                                                 "contradict each other; give one of them"),
    (["--like", "tea", "--dislike", "black tea"], "--like tea and --dislike black tea "
                                                  "contradict each other (a food cannot be "
                                                  "both favoured and avoided)"),
    (["--like", "salmon", "--exclude", "salmon"], "--like salmon and --exclude salmon "
                                                  "contradict each other"),
    (["--include", "almonds", "--exclude", "12061"], "--include almonds and --exclude 12061 "
                                                     "contradict each other"),
    (["--include", ""], "--include: expected food names or food_ids, got an empty text"),
    (["--avoid", " "], "--avoid: expected allergens"),
])
def test_contradictory_settings_are_refused_naming_both(flags, message):
    assert refused(*QUICK, *flags).startswith(message)


def test_a_contradiction_across_the_profile_and_a_flag_names_both(tmp_path):
    path = profile(tmp_path, "no-caffeine = true\n")
    assert refused(*QUICK, "--profile", path, "--max-caffeine", "100") == (
        f"no_caffeine in {path} and --max-caffeine 100 contradict each other; give one of "
        "them")


def test_an_include_is_fine_while_one_of_its_foods_is_left():
    foods = load_foods(TINY)
    request = request_from_settings(foods, {"include": ["brewed"], "exclude": ["tea"]})
    assert set(request.include[0].food_ids) - set(request.exclude[0].food_ids) == {"14209"}


@pytest.mark.parametrize(("args", "message"), [
    (["--format", "html", "-o", "plan.json"], "--format html and -o plan.json (a .json file "
                                              "name) contradict each other"),
    (["--format", "table", "-o", "plan.md"], "--format table and -o plan.md (a .markdown file"),
    (["--shopping-list", "list.html"], "--shopping-list list.html: this output is written as "
                                       "csv, markdown, json, not html"),
])
def test_a_format_that_disagrees_with_the_file_name_is_refused(args, message, tmp_path):
    result = RUNNER.invoke(cli, [*QUICK, *[str(tmp_path / a) if a.endswith(
        (".json", ".md", ".html")) else a for a in args]])
    assert result.exit_code == 2
    assert message.replace(" plan.", f" {tmp_path}/plan.").replace(
        " list.html", f" {tmp_path}/list.html") in result.stderr


# --- saved plans and their schema ------------------------------------------------------------

def test_the_schema_is_valid_json_schema():
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(plan_schema())


@pytest.mark.parametrize("command", [
    QUICK,
    ("week", "--days", "2", "--foods", TINY, "--amounts", "continuous",
     "--no-default-targets", "--min", "magnesium_mg=300", "--include", "tea",
     "--avoid", "fish", "--seed", "3"),
    ("day", "--supplement-mg", "50", "--diet", "vegetarian", "--weight-kg", "60"),
])
def test_real_json_output_matches_the_schema(command, tmp_path):
    path = tmp_path / "plan.json"
    result = RUNNER.invoke(cli, [*command, "--format", "json", "-o", str(path)])
    assert result.exit_code == 0, result.stderr
    assert schema_problems(json.loads(path.read_text())) == []


def edited(saved_plan: Path, tmp_path: Path, change, raw: str | None = None) -> Path:
    data = json.loads(saved_plan.read_text())
    change(data)
    path = tmp_path / "edited.json"
    path.write_text(raw if raw is not None else json.dumps(data))
    return path


def item(data: dict) -> dict:
    return data["days"][0]["meals"][0]["items"][0]


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: item(d).update(grams=-5), "at days[0].meals[0].items[0].grams: -5 is less "
                                         "than or equal to the minimum of 0"),
    (lambda d: item(d).update(grams=1e305), "at days[0].meals[0].items[0].grams: 1e+305 is "
                                            "greater than the maximum of 10000"),
    (lambda d: item(d).update(grams="x"), "at days[0].meals[0].items[0].grams: 'x' is not of "
                                          "type 'number'"),
    (lambda d: d.update(mealplan_plan=999), "at mealplan_plan: 1 was expected"),
    (lambda d: d.update(extra=1), "at the top: Additional properties are not allowed"),
    (lambda d: d.pop("days"), "at the top: 'days' is a required property"),
])
def test_a_damaged_plan_is_refused_with_the_json_path(saved_plan, tmp_path, change, message):
    path = edited(saved_plan, tmp_path, change)
    text = refused("shopping", path, "--foods", TINY)
    assert text.startswith(f"{path}: not a plan this version of mealplan reads: ")
    assert message in text


@pytest.mark.parametrize(("raw", "message"), [
    ('{"mealplan_plan": 1, "grams": NaN}', "NaN is not a number JSON allows"),
    ('{"mealplan_plan": 1, "grams": 1e999}', "not a plan this version"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ("{", "not valid JSON"),
])
def test_unreadable_plans_are_refused(saved_plan, tmp_path, raw, message):
    path = edited(saved_plan, tmp_path, lambda d: None, raw)
    assert message in refused("shopping", path, "--foods", TINY)


def test_plan_strings_are_cleaned_when_read(saved_plan, tmp_path):
    path = edited(saved_plan, tmp_path, lambda d: item(d).update(name="Evil\u202e\x1b[2J"))
    assert item(load_plan_data(path))["name"] == "Evil[2J"


# --- pantry quantities -----------------------------------------------------------------------

def pantry_of(tmp_path: Path, rows: str) -> Pantry:
    path = tmp_path / "pantry.csv"
    path.write_text("item,quantity\n" + rows)
    return read_pantry(path)


@pytest.fixture(scope="module")
def tiny_plan(saved_plan):
    from mealplan.plan import read_plan

    return read_plan(str(saved_plan))


def test_volumes_need_a_volume_measure_of_the_form_bought(tmp_path, tiny_plan):
    # A food the tiny table measures by weight or by the piece ("1 oz", "1 container"),
    # not by the cup: no cups to weigh.
    foods = load_foods(TINY)
    name = sorted({i.name for d in tiny_plan.days for i in d.items
                   if "cup" not in i.serving_desc})[0]
    with pytest.raises(InputError) as raised:
        shopping_list(tiny_plan, foods, pantry_of(tmp_path, f'"{name}",500 ml\n'))
    assert "cannot be measured by volume as bought" in str(raised.value)
    assert "500 ml" in str(raised.value)


def test_a_count_word_must_be_the_items_piece_name(tmp_path):
    foods = load_foods("default")
    banana = foods.frame.index[foods.frame["name"].str.startswith("Banana")][0]
    from mealplan.plan import Day, Item, Meal, Plan
    from mealplan.targets import Targets

    # Two bananas as the table weighs them, without the peel.
    ingredient = foods.ingredients[foods.ingredients["food_id"] == banana].iloc[0]
    shop = foods.purchases.loc[ingredient["purchase_id"]]
    grams = 2 * shop["package_g"] * (1 - shop["refuse_pct"] / 100)
    plan = Plan((Day(1, (Meal("snack", (Item(banana, "Banana", grams, 2, "1 medium", 118),)),),
                     {}),), Targets(()), "optimal", "default")
    for text, problem in [("2 cups", "cannot be measured by volume"),
                          ("2 mangoes", "unknown unit 'mangoes'"),
                          ("500 ml", "cannot be measured by volume")]:
        pantry = Pantry((PantryItem("banana", None, parse(text), 1),), "p.csv")
        with pytest.raises(InputError, match=problem):
            shopping_list(plan, foods, pantry)
    two = shopping_list(plan, foods, Pantry((PantryItem("banana", None, parse("1 banana"), 1),)))
    assert [i.count for i in two.items] == [1]


def parse(text: str) -> Quantity:
    from mealplan.shopping import parse_quantity

    return parse_quantity(text)


def test_cups_of_a_food_bought_as_eaten_are_weighed(tmp_path):
    # The built-in table has no dish that is olive oil alone; the test table does.
    from test_views import make_foods

    foods = make_foods()
    frame = foods.frame
    oil = frame.index[frame["name"].str.contains("olive", case=False)][0]
    from mealplan.plan import Day, Item, Meal, Plan
    from mealplan.targets import Targets

    plan = Plan((Day(1, (Meal("dinner", (Item(oil, "Olive oil", 27.0, 2, "1 tbsp", 13.5),)),),
                     {}),), Targets(()), "optimal", "default")
    covered = shopping_list(plan, foods, Pantry((PantryItem(oil, None, parse("2 tbsp"), 1),)))
    assert covered.items == () and covered.covered
    half = shopping_list(plan, foods, Pantry((PantryItem(oil, None, parse("1 tbsp"), 1),)))
    assert 10 < half.items[0].grams < 17


def test_cups_of_a_food_the_table_measures_by_the_cup_are_weighed():
    # The tiny table sells cooked quinoa as it is eaten and measures it by the cup.
    foods = load_foods(TINY)
    from mealplan.plan import Day, Item, Meal, Plan
    from mealplan.targets import Targets

    plan = Plan((Day(1, (Meal("dinner", (Item("20137", "Quinoa, cooked", 370.0, 2, "1 cup",
                                              185),)),), {}),), Targets(()), "optimal", TINY)
    left = shopping_list(plan, foods, Pantry((PantryItem("quinoa, cooked", None,
                                                         parse("1 cup"), 1),)))
    assert left.items[0].grams == pytest.approx(185)
