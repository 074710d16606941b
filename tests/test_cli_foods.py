"""``mealplan foods ...``: parsing, exit codes, output formats and error messages."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from mealplan.cli import MealplanGroup, cli
from mealplan.errors import Conflict, InputError, NoPlanError
from mealplan.foods import FoodTable

DATA = Path(__file__).parent / "data"

# file, row, column, words the message must contain. Each file has exactly one defect.
BAD_FILES = [
    ("bad_missing_column.csv", None, "serving_desc", "required column is missing"),
    ("bad_no_nutrient.csv", None, None, "no nutrient column; expected at least one column"),
    ("bad_non_numeric.csv", 2, "magnesium_mg", "a number >= 0, or an empty cell for unknown, "
                                               "got 'n/a'"),
    ("bad_negative.csv", 3, "protein_g", "expected an amount per 100 g from 0 to 100 g (100 g "
                                         "of food holds no more), or an empty cell for unknown, "
                                         "got -9"),
    ("bad_huge_nutrient.csv", 2, "magnesium_mg", "from 0 to 100000 mg (100 g of food holds "
                                                 "no more), or an empty cell for unknown, "
                                                 "got 1e+308"),
    ("bad_infinite.csv", 2, "magnesium_mg", "a number >= 0, or an empty cell for unknown, "
                                            "got 'inf'"),
    ("bad_energy.csv", 3, "energy_kcal", "from 0 to 920 kcal (100 g of food holds no more)"),
    ("bad_macros.csv", 2, "protein_g + fat_g + carbohydrate_g", "expected a sum of at most "
                                                                "102 g per 100 g, got 130 g"),
    ("bad_serving_huge.csv", 1, "serving_g", "a number > 0 and at most 5000, got 1e+308"),
    ("bad_duplicate_name.csv", 3, "name", "expected each name once (names are unique), got "
                                          "'oats,  ROLLED', already on row 1"),
    ("bad_duplicate_id.csv", 3, "food_id", "expected each food_id once, got 'A1', already on "
                                           "row 1"),
    ("bad_empty_id.csv", 2, "food_id", "expected a food id"),
    ("bad_empty_name.csv", 3, "name", "expected the food's name, got an empty cell"),
    ("bad_serving_zero.csv", 1, "serving_g", "expected grams in one serving, a number > 0 "
                                             "and at most 5000, got 0"),
    ("bad_serving_missing.csv", 2, "serving_g", "a number > 0 and at most 5000, got an empty "
                                                "cell"),
    ("bad_meal_tag.csv", 1, "meals", "expected meal tags from breakfast, lunch, dinner, snack, "
                                     "drink, separated by ';', got 'brunch'"),
    ("bad_diet_tag.csv", 2, "diets", "expected diet tags from vegan, vegetarian, pescatarian, "
                                     "separated by ';', got 'keto'"),
    ("bad_allergen_tag.csv", 3, "allergens", "expected allergen tags from dairy, egg, gluten, "
                                             "soy, peanut, tree_nut, fish, shellfish, sesame"),
    ("bad_empty.csv", None, None, "the file is empty; expected a header row"),
    ("bad_no_rows.csv", None, None, "header row but no data rows"),
    ("bad_encoding.csv", 2, None, "expected UTF-8 text, found byte 0xE9"),
    ("bad_price.csv", 3, "price", "expected a price per 100 g from 0 to 1e9, or an empty cell, "
                                  "got -0.5"),
    ("bad_max_servings.csv", 1, "max_servings", "servings per day, a number > 0 and at most "
                                                "100, or an empty cell, got 0"),
    ("bad_max_servings_text.csv", 2, "max_servings", "a number > 0 and at most 100, or an "
                                                     "empty cell, got 'two'"),
    ("bad_extra_cell.csv", 2, None, "expected at most 12 cells (one per header column), found 13"),
]


def run(runner: CliRunner, *args: str) -> click.testing.Result:
    return runner.invoke(cli, list(args))


@pytest.mark.parametrize(("name", "row", "column", "words"), BAD_FILES,
                         ids=[case[0] for case in BAD_FILES])
def test_bad_table_is_reported_with_file_row_and_column(
        runner: CliRunner, name: str, row: int | None, column: str | None, words: str) -> None:
    path = DATA / name
    result = run(runner, "foods", "search", "oats", "--foods", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    where = ", ".join([str(path), *([f"row {row}"] if row else []),
                       *([f"column {column}"] if column else [])])
    assert result.stderr.startswith(f"Error: {where}: ")
    assert words in result.stderr
    assert result.stderr.count("\n") == 1  # exactly one problem in each file


def test_bad_file_cases_cover_every_bad_file() -> None:
    assert {p.name for p in DATA.glob("bad_*.csv")} == {case[0] for case in BAD_FILES}


def test_missing_foods_file(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "nope.csv"
    result = run(runner, "foods", "top", "magnesium_mg", "--foods", str(missing))
    assert result.exit_code == 2
    assert result.stderr == (f"Error: {missing}: no such file; expected default or full (the "
                             "built-in tables) or the path of a CSV file\n")


def test_version(runner: CliRunner) -> None:
    result = run(runner, "--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("mealplan, version ")


def test_every_command_has_help_ending_with_an_example(runner: CliRunner) -> None:
    def walk(group: click.Group, path: list[str]) -> list[list[str]]:
        found = [path]
        for name, command in group.commands.items():
            if isinstance(command, click.Group):
                found += walk(command, [*path, name])
            else:
                found.append([*path, name])
        return found

    for path in walk(cli, []):
        result = run(runner, *path, "--help")
        assert result.exit_code == 0, path
        body = result.stdout.split("Options:")[0].rstrip()
        assert body.splitlines()[-1].strip().startswith("Example: mealplan"), path


def test_mealplan_errors_become_click_errors_with_their_exit_code(runner: CliRunner) -> None:
    @click.group(cls=MealplanGroup)
    def group() -> None:
        pass

    @group.command()
    def infeasible() -> None:
        raise NoPlanError("No plan meets every limit.",
                          [Conflict("magnesium_mg >= 420 mg/day", 420, 300, "allow 2,400 kcal")])

    @group.command()
    def bad() -> None:
        raise InputError("expected a number", None)

    result = runner.invoke(group, ["infeasible"])
    assert result.exit_code == 1
    assert result.stderr == ("Error: No plan meets every limit.\n"
                             "- magnesium_mg >= 420 mg/day: allow 2,400 kcal\n")
    result = runner.invoke(group, ["bad"])
    assert (result.exit_code, result.stderr) == (2, "Error: expected a number\n")


# --- search, show, top on the tiny table -----------------------------------------------


def test_search_json(runner: CliRunner, tiny_foods_path: Path) -> None:
    result = run(runner, "foods", "search", "Raw", "--foods", str(tiny_foods_path),
                 "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [
        {"food_id": "12061", "name": "Almonds, raw", "serving_desc": "1 oz (23 whole kernels)",
         "serving_g": 30.0, "energy_kcal": 600.0, "magnesium_mg": 270.0},
        {"food_id": "09040", "name": "Banana, raw", "serving_desc": "1 medium",
         "serving_g": 120.0, "energy_kcal": 90.0, "magnesium_mg": 27.0},
    ]


def test_search_table_and_limit(runner: CliRunner, tiny_foods_path: Path) -> None:
    result = run(runner, "foods", "search", "brewed", "--foods", str(tiny_foods_path), "-n", "1")
    assert result.exit_code == 0
    assert "Coffee, brewed" in result.stdout and "Tea" not in result.stdout
    assert "1 of 2 foods, -n 0 shows all" in result.stdout
    assert "\x1b[" not in result.stdout  # no colour when not a terminal


def test_search_csv_keeps_leading_zeros(runner: CliRunner, tiny_foods_path: Path) -> None:
    result = run(runner, "foods", "search", "egg", "--foods", str(tiny_foods_path),
                 "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["food_id"] for r in rows] == ["01123"]


def test_search_without_match_exits_0_with_no_rows(runner: CliRunner,
                                                   tiny_foods_path: Path) -> None:
    result = run(runner, "foods", "search", "durian", "--foods", str(tiny_foods_path),
                 "--format", "json")
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])


def test_show_json_reports_unknown_as_null(runner: CliRunner, tiny_foods_path: Path) -> None:
    result = run(runner, "foods", "show", "18075", "--foods", str(tiny_foods_path),
                 "--format", "json")
    assert result.exit_code == 0
    details = json.loads(result.stdout)
    assert details["per_100g"]["caffeine_mg"] is None
    assert details["caffeine_basis"] == "unknown"
    assert details["portions"] == [{
        "portion": "1 slice", "grams": 30.0, "source": "serving",
        "nutrients": {**{k: round(v * 0.3, 3) if v is not None else None
                         for k, v in details["per_100g"].items()}},
    }]


def test_show_table_reads_unknown(runner: CliRunner, tiny_foods_path: Path) -> None:
    result = run(runner, "foods", "show", "bread", "--foods", str(tiny_foods_path))
    assert result.exit_code == 0
    assert "caffeine: unknown" in result.stdout
    line = next(x for x in result.stdout.splitlines() if x.strip().startswith("caffeine_mg"))
    assert line.split()[-2:] == ["unknown", "unknown"]


def test_show_unknown_food_suggests_close_names(runner: CliRunner,
                                                tiny_foods_path: Path) -> None:
    result = run(runner, "foods", "show", "quinoia", "--foods", str(tiny_foods_path))
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: FOOD_ID: no food in the ")
    assert "Did you mean 'Quinoa, cooked' (20137)?" in result.stderr


def test_show_words_matching_many_foods(runner: CliRunner, tiny_foods_path: Path) -> None:
    result = run(runner, "foods", "show", "brewed", "--foods", str(tiny_foods_path))
    assert result.exit_code == 2
    assert "'brewed' matches 2 foods; expected one food_id, such as 14209 (Coffee, brewed); " \
           "14355 (Tea, black, brewed)" in result.stderr


def test_top_csv_per_serving(runner: CliRunner, tiny_foods_path: Path) -> None:
    result = run(runner, "foods", "top", "magnesium", "--per", "serving", "-n", "3",
                 "--foods", str(tiny_foods_path), "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "food_id,name,value,serving_desc,serving_g",
        "12014,\"Pumpkin seeds, roasted\",165,1 oz,30",
        "20137,\"Quinoa, cooked\",118.4,1 cup,185",
        "11458,\"Spinach, cooked, boiled\",90,1/2 cup,100",
    ]


def test_top_unknown_nutrient(runner: CliRunner, tiny_foods_path: Path) -> None:
    result = run(runner, "foods", "top", "magnesum", "--foods", str(tiny_foods_path))
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: NUTRIENT: unknown nutrient 'magnesum'; expected a "
                                    "nutrient column")
    assert "Did you mean magnesium_mg?" in result.stderr


def test_top_bad_per_is_a_usage_error(runner: CliRunner) -> None:
    result = run(runner, "foods", "top", "magnesium_mg", "--per", "cup")
    assert result.exit_code == 2
    assert "Invalid value for '--per'" in result.stderr


def test_table_output_escapes_markup_and_csv_neutralises_formulas(
        runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("food_id,name,serving_g,serving_desc,magnesium_mg\n"
                    "1,[red]Beans[/red],100,=1+1,50\n", encoding="utf-8")
    table = run(runner, "foods", "search", "beans", "--foods", str(path))
    assert "[red]Beans[/red]" in table.stdout
    rows = run(runner, "foods", "search", "beans", "--foods", str(path), "--format", "csv")
    assert "'=1+1" in rows.stdout


# --- The built-in tables ---------------------------------------------------------------


def test_show_boiled_spinach_from_the_default_table(runner: CliRunner,
                                                    default_foods: FoodTable) -> None:
    result = run(runner, "foods", "show", "72125211", "--format", "json")
    assert result.exit_code == 0
    details = json.loads(result.stdout)
    assert details["per_100g"]["magnesium_mg"] == 93   # FNDDS: spinach, cooked
    assert details["units"]["magnesium_mg"] == "mg"
    assert details["caffeine_basis"] in ("reported", "assumed_zero")
    assert details["portions"][0]["source"] == "serving"


def test_show_from_the_full_table_lists_usda_portions(runner: CliRunner,
                                                      full_foods: FoodTable) -> None:
    result = run(runner, "foods", "show", "01001", "--foods", "full", "--format", "json")
    details = json.loads(result.stdout)
    assert [(p["portion"], p["grams"], p["source"]) for p in details["portions"]] == [
        ("1 pat (1\" sq, 1/3\" high)", 5.0, "serving"), ("1 tbsp", 14.2, "usda"),
        ("1 cup", 227.0, "usda"), ("1 stick", 113.0, "usda")]
    assert details["portions"][2]["nutrients"]["energy_kcal"] == pytest.approx(717 * 2.27)


def _top(runner: CliRunner, per: str) -> list[dict[str, object]]:
    result = run(runner, "foods", "top", "magnesium_mg", "--per", per, "-n", "0",
                 "--format", "json")
    assert result.exit_code == 0
    rows: list[dict[str, object]] = json.loads(result.stdout)
    return rows


def test_top_magnesium_per_serving_has_seeds_and_nuts_near_the_top(
        runner: CliRunner, default_foods: FoodTable) -> None:
    names = [str(row["name"]).lower() for row in _top(runner, "serving")]
    assert any(n.startswith(("pumpkin seeds", "chia seeds")) for n in names[:5])
    # A 1 oz serving of almonds (28 g) is behind cup-sized servings of cooked beans
    # and grains, but well inside the top tenth of the table.
    first_almonds = next(i for i, n in enumerate(names) if n.startswith("almonds"))
    assert first_almonds < len(names) // 10


def test_top_magnesium_per_100kcal_has_leafy_greens_on_top(
        runner: CliRunner, default_foods: FoodTable) -> None:
    rows = _top(runner, "100kcal")
    names = [str(row["name"]).lower() for row in rows]
    assert all(any(g in n for g in ("spinach", "chard")) for n in names[:3])
    # Coffee and tea (1-2 kcal per 100 g) are left out.
    assert {"92101000", "92111010", "92302000", "92303010"}.isdisjoint(
        row["food_id"] for row in rows)
