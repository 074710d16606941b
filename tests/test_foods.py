"""Loading, validating and looking up food tables (mealplan.foods)."""

from __future__ import annotations

import json
import math
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mealplan.errors import InputError
from mealplan.foods import (
    MIN_ENERGY_KCAL_PER_100KCAL,
    NUTRIENTS,
    FoodTable,
    builtin_tables,
    find_food,
    food_details,
    food_portions,
    load_foods,
    nutrient_unit,
    nutrients_per_portion,
    render_food_details,
    render_rows,
    resolve_food,
    resolve_nutrient,
    search_foods,
    top_foods,
)

MINIMAL = "food_id,name,serving_g,serving_desc,magnesium_mg\n"


def write(tmp_path: Path, text: str, name: str = "foods.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(error: InputError) -> list[InputError]:
    return [error, *error.more]


# --- Loading a user's table ------------------------------------------------------------


def test_tiny_table_is_loaded_as_the_contract_says(tiny_foods: FoodTable) -> None:
    frame = tiny_foods.frame
    assert len(tiny_foods) == 12
    assert frame.index.name == "food_id"
    assert frame.index.is_monotonic_increasing
    assert frame.index[0] == "01117"  # leading zeros kept
    assert tiny_foods.nutrients == (*NUTRIENTS, "vitamin_k_ug")
    for column in tiny_foods.nutrients:
        assert frame[column].dtype == np.float64
    assert frame.loc["11458", "magnesium_mg"] == 90
    assert frame.loc["12014", "serving_g"] == 30
    assert frame.loc["11458", "serving_desc"] == "1/2 cup"
    assert frame.loc["19904", "price"] == 3
    assert tiny_foods.source.endswith("tiny_foods.csv")
    assert tiny_foods.portions is None
    assert tiny_foods.has_meals


def test_unknown_stays_unknown(tiny_foods: FoodTable) -> None:
    bread = tiny_foods.frame.loc["18075"]
    assert math.isnan(bread["caffeine_mg"])
    assert bread["caffeine_basis"] == "unknown"
    assert tiny_foods.frame.loc["14209", "caffeine_mg"] == 40


def test_tags_are_frozensets_and_diets_close_upwards(tiny_foods: FoodTable) -> None:
    frame = tiny_foods.frame
    assert frame.loc["14355", "meals"] == frozenset({"breakfast", "snack", "drink"})
    assert frame.loc["11458", "diets"] == frozenset({"vegan", "vegetarian", "pescatarian"})
    assert frame.loc["01117", "diets"] == frozenset({"vegetarian", "pescatarian"})
    assert frame.loc["15076", "diets"] == frozenset({"pescatarian"})
    assert frame.loc["12061", "allergens"] == frozenset({"tree_nut"})
    assert frame.loc["11458", "allergens"] == frozenset()
    vegetarian = frame[frame["diets"].map(lambda d: "vegetarian" in d)]
    assert "15076" not in vegetarian.index and "11458" in vegetarian.index


def test_minimal_table_gets_every_standard_column(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL + "x1,Kale,20,1 cup,33\n")
    table = load_foods(path)
    assert table.nutrients == NUTRIENTS
    assert math.isnan(table.frame.loc["x1", "energy_kcal"])  # absent means unknown
    assert table.frame.loc["x1", "meals"] == frozenset()
    assert not table.has_meals


def test_utf8_bom_and_padding_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    text = " food_id , name ,serving_g,serving_desc,magnesium_mg,\n 7 , Crème fraîche , 15 ,,7,\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    table = load_foods(path)
    row = table.frame.loc["7"]
    assert row["name"] == "Crème fraîche"
    assert row["serving_g"] == 15
    assert row["serving_desc"] == "15 g"  # an empty serving_desc reads as grams


def test_extra_columns_numeric_are_nutrients_text_is_kept(tmp_path: Path) -> None:
    path = write(tmp_path, "food_id,name,serving_g,serving_desc,zinc,brand,iron_mg,staple\n"
                           "a,Oats,40,1/2 cup,3.6,Acme,4.3,yes\n"
                           "b,Rice,45,1/4 cup,,365 Organic,,\n")
    table = load_foods(path)
    assert table.nutrients[-2:] == ("zinc", "iron_mg")
    assert "brand" not in table.nutrients
    assert table.frame.loc["b", "brand"] == "365 Organic"
    assert math.isnan(table.frame.loc["b", "zinc"])
    assert table.frame["staple"].tolist() == [True, False]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    path = write(tmp_path, "food_id,name,serving_g,serving_desc,magnesium_mg,meals\n"
                           "a,Oats,40,1/2 cup,n/a,breakfast\n"
                           "a,,0,1 cup,-3,brunch;lunch\n"
                           "c,Rice,45,1/4 cup,10,lunch\n")
    with pytest.raises(InputError) as caught:
        load_foods(path)
    found = {(e.where.row, e.where.column) for e in problems_of(caught.value)}
    assert found == {(1, "magnesium_mg"), (2, "food_id"), (2, "name"), (2, "serving_g"),
                     (2, "magnesium_mg"), (2, "meals")}
    assert all(e.where.file == str(path) for e in problems_of(caught.value))
    message = str(caught.value)
    assert "got 'n/a'" in message and "got -3" in message
    assert "'brunch' in 'brunch;lunch'" in message
    assert message.count("\n") == 5  # one line per problem


def test_many_bad_cells_in_one_column_are_listed_as_row_ranges(tmp_path: Path) -> None:
    rows = "".join(f"f{i},Food {i},10,1 piece,x\n" for i in range(1, 21))
    rows = rows.replace("f7,Food 7,10,1 piece,x", "f7,Food 7,10,1 piece,5")
    path = write(tmp_path, MINIMAL + rows)
    with pytest.raises(InputError) as caught:
        load_foods(path)
    assert caught.value.more == ()
    assert caught.value.where.column == "magnesium_mg"
    assert "rows 1-6, 8-20 (19 cells)" in str(caught.value)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file; expected default or full"):
        load_foods(tmp_path / "nope.csv")
    with pytest.raises(InputError, match="folder"):
        load_foods(tmp_path)


def test_semicolon_separated_file_gets_a_hint(tmp_path: Path) -> None:
    path = write(tmp_path, "food_id;name;serving_g;serving_desc;magnesium_mg\n1;Oats;40;cup;138\n")
    with pytest.raises(InputError, match="expected cells separated by commas, found ';'"):
        load_foods(path)


def test_header_naming_a_column_twice(tmp_path: Path) -> None:
    path = write(tmp_path, "food_id,name,serving_g,serving_desc,magnesium_mg,name\n"
                           "a,Oats,40,1 cup,5,Oats\n")
    with pytest.raises(InputError, match=r"column name twice \(columns 2 and 6\)"):
        load_foods(path)


# --- Looking up ------------------------------------------------------------------------


def test_search_needs_every_word_at_the_start_of_a_word(tiny_foods: FoodTable) -> None:
    assert search_foods(tiny_foods, "SEEDS pumpkin").index.tolist() == ["12014"]
    assert search_foods(tiny_foods, "raw").index.tolist() == ["12061", "09040"]
    assert search_foods(tiny_foods, "wheat").index.tolist() == ["18075"]
    assert search_foods(tiny_foods, "heat").empty  # not inside "whole-wheat"
    assert search_foods(tiny_foods, "11458").index.tolist() == ["11458"]


def test_search_matches_usda_name_after_own_name(tmp_path: Path) -> None:
    path = write(tmp_path, "food_id,name,usda_name,serving_g,serving_desc,magnesium_mg\n"
                           "1,Greek yogurt,\"Yogurt, Greek, plain\",170,1 cup,11\n"
                           "2,Skyr,\"Yogurt, Icelandic\",150,1 cup,10\n")
    assert search_foods(load_foods(path), "yogurt").index.tolist() == ["1", "2"]


def test_search_needs_words(tiny_foods: FoodTable) -> None:
    with pytest.raises(InputError, match="expected one or more words"):
        search_foods(tiny_foods, " , ")


def test_resolve_food(tiny_foods: FoodTable) -> None:
    assert resolve_food(tiny_foods, "14209", "--include") == ["14209"]
    assert resolve_food(tiny_foods, "brewed", "--exclude") == ["14209", "14355"]
    with pytest.raises(InputError) as caught:
        resolve_food(tiny_foods, "spinsch", "--include")
    message = str(caught.value)
    assert message.startswith("--include: no food in the")
    assert "Did you mean 'Spinach, cooked, boiled' (11458)?" in message


def test_find_food_wants_exactly_one(tiny_foods: FoodTable) -> None:
    assert find_food(tiny_foods, "quinoa") == "20137"
    with pytest.raises(InputError, match="'raw' matches 2 foods; expected one food_id"):
        find_food(tiny_foods, "raw")


def test_resolve_nutrient(tiny_foods: FoodTable) -> None:
    assert resolve_nutrient(tiny_foods, "magnesium_mg") == "magnesium_mg"
    assert resolve_nutrient(tiny_foods, "Magnesium") == "magnesium_mg"
    assert resolve_nutrient(tiny_foods, "vitamin_k") == "vitamin_k_ug"
    with pytest.raises(InputError, match="Did you mean magnesium_mg"):
        resolve_nutrient(tiny_foods, "magnesum_mg", flag="--min")
    with pytest.raises(InputError, match="column price is not a nutrient"):
        resolve_nutrient(tiny_foods, "price")


def test_top_foods_per_100g_serving_and_100kcal(tiny_foods: FoodTable) -> None:
    per_100g = top_foods(tiny_foods, "magnesium_mg", n=3)
    assert per_100g.index.tolist() == ["12014", "12061", "19904"]
    assert per_100g["value"].tolist() == [550, 270, 230]
    per_serving = top_foods(tiny_foods, "magnesium_mg", per="serving", n=4)
    assert per_serving.index.tolist() == ["12014", "20137", "11458", "12061"]
    assert per_serving["value"].tolist() == pytest.approx([165, 118.4, 90, 81])
    per_kcal = top_foods(tiny_foods, "magnesium_mg", per="100kcal", n=0)
    assert per_kcal.index[0] == "11458"
    assert per_kcal["value"].iloc[0] == pytest.approx(450)
    # Coffee and tea (1 kcal per 100 g) would top the list with 300 mg per 100 kcal.
    assert {"14209", "14355"}.isdisjoint(per_kcal.index)
    assert (per_kcal["energy_kcal"] >= MIN_ENERGY_KCAL_PER_100KCAL).all()
    assert len(per_kcal) == 10


def test_top_foods_leaves_out_unknown(tiny_foods: FoodTable) -> None:
    caffeine = top_foods(tiny_foods, "caffeine_mg", n=0)
    assert "18075" not in caffeine.index  # bread: caffeine unknown
    assert caffeine.index[:3].tolist() == ["19904", "14209", "14355"]
    assert len(caffeine) == 11


def test_top_foods_rejects_bad_arguments(tiny_foods: FoodTable) -> None:
    with pytest.raises(InputError, match="--per: expected one of 100g, serving, 100kcal"):
        top_foods(tiny_foods, "magnesium_mg", per="cup")
    with pytest.raises(InputError, match="-n: expected a number of foods >= 0"):
        top_foods(tiny_foods, "magnesium_mg", n=-1)
    with pytest.raises(InputError, match="unknown nutrient 'zinc_mg'"):
        top_foods(tiny_foods, "zinc_mg")


def test_portions_and_nutrients_per_portion(tiny_foods: FoodTable) -> None:
    portions = food_portions(tiny_foods, "01117")
    assert portions.to_dict("records") == [
        {"portion": "1 container", "grams": 200.0, "source": "serving"}]
    table = nutrients_per_portion(tiny_foods, "01117")
    assert table.columns.tolist() == ["100 g", "1 container (200 g)"]
    assert table.loc["magnesium_mg"].tolist() == [20, 40]
    assert math.isnan(nutrients_per_portion(tiny_foods, "18075").loc["caffeine_mg", "100 g"])
    with pytest.raises(InputError, match="no food with food_id '99999'"):
        food_portions(tiny_foods, "99999")


def test_food_details_is_plain_json(tiny_foods: FoodTable) -> None:
    details = food_details(tiny_foods, "18075")
    json.dumps(details, allow_nan=False)
    assert details["per_100g"]["caffeine_mg"] is None
    assert details["per_100g"]["magnesium_mg"] == 80
    assert details["diets"] == ["vegan", "vegetarian", "pescatarian"]
    assert details["allergens"] == ["gluten"]
    assert details["caffeine_basis"] == "unknown"
    assert details["portions"][0]["nutrients"]["magnesium_mg"] == 24
    assert details["units"]["vitamin_k_ug"] == "ug"


def test_nutrient_unit() -> None:
    assert [nutrient_unit(c) for c in ("energy_kcal", "fat_g", "iron_mg", "zinc")] == [
        "kcal", "g", "mg", ""]


# --- Rendering -------------------------------------------------------------------------


def _rows() -> pd.DataFrame:
    return pd.DataFrame({"name": ["[bold]Oats[/bold]", "=HYPERLINK(\"x\")"],
                         "magnesium_mg": [138.0, float("nan")]},
                        index=pd.Index(["08120", "x"], name="food_id"))


def test_render_rows_json_csv_and_table() -> None:
    rows = _rows()
    assert json.loads(render_rows(rows, "json")) == [
        {"food_id": "08120", "name": "[bold]Oats[/bold]", "magnesium_mg": 138.0},
        {"food_id": "x", "name": "=HYPERLINK(\"x\")", "magnesium_mg": None}]
    assert render_rows(rows, "csv").splitlines() == [
        "food_id,name,magnesium_mg", "08120,[bold]Oats[/bold],138",
        "x,\"'=HYPERLINK(\"\"x\"\")\",", ]
    table = render_rows(rows, "table", width=60, headers={"magnesium_mg": "Mg"})
    assert "[bold]Oats[/bold]" in table  # shown as typed, not read as markup
    assert "unknown" in table and "\x1b[" not in table
    assert table.splitlines()[0].split() == ["food_id", "name", "Mg"]


def test_render_rows_in_colour_uses_ansi_codes() -> None:
    assert "\x1b[" in render_rows(_rows(), "table", width=60, color=True, title="Top")


def test_render_food_details(tiny_foods: FoodTable) -> None:
    details = food_details(tiny_foods, "18075")
    csv_lines = render_food_details(details, "csv").splitlines()
    assert csv_lines[0] == "nutrient,unit,per_100g,1 slice (30 g)"
    assert "caffeine_mg,mg,," in csv_lines
    assert "magnesium_mg,mg,80,24" in csv_lines
    text = render_food_details(details, "table", width=100)
    assert "18075  Bread, whole-wheat" in text
    assert "caffeine: unknown" in text
    assert "allergens: gluten" in text
    assert json.loads(render_food_details(details, "json")) == details


# --- The built-in tables ---------------------------------------------------------------


def test_built_in_tables_are_cached_but_each_call_gets_its_own_frame(
        default_foods: FoodTable) -> None:
    first = default_foods
    first.frame.loc[first.frame.index[0], "magnesium_mg"] = -1.0
    second = load_foods("default")
    assert second is not first
    assert second.frame.loc[second.frame.index[0], "magnesium_mg"] != -1.0


@pytest.mark.parametrize("name", ["default", "full"])
def test_built_in_tables_pass_full_validation(name: str, request: pytest.FixtureRequest) -> None:
    trusted: FoodTable = request.getfixturevalue(f"{name}_foods")
    with resources.as_file(builtin_tables() / f"{name}.csv") as path:
        checked = load_foods(path)  # the user-table path: every check, text parsed
    pd.testing.assert_frame_equal(checked.frame, trusted.frame)
    groups = ("fruit_cup_eq", "vegetables_cup_eq", "grains_oz_eq", "whole_grains_oz_eq",
              "dairy_cup_eq", "protein_oz_eq")
    # The default table also holds Dietary Guidelines food-group amounts.
    assert checked.nutrients == trusted.nutrients == (
        (*NUTRIENTS, *groups) if name == "default" else NUTRIENTS)
    assert trusted.portions is not None and len(trusted.portions) > 0
    assert set(trusted.portions["food_id"]) <= set(trusted.frame.index)


def test_full_table(full_foods: FoodTable) -> None:
    assert len(full_foods) == 8789
    assert full_foods.frame.loc["01001", "name"].startswith("Butter")
    assert set(full_foods.frame["caffeine_basis"]) <= {"reported", "assumed_zero", "unknown"}


def test_default_table(default_foods: FoodTable) -> None:
    assert 300 <= len(default_foods) <= 600
    assert default_foods.has_meals
    # FNDDS 2017-2018 food codes, with their ingredients and what shops sell.
    assert default_foods.frame.index.str.fullmatch(r"\d{8}").all()
    assert default_foods.ingredients is not None and default_foods.purchases is not None
    assert set(default_foods.ingredients["food_id"]) == set(default_foods.frame.index)


def test_spinach_household_portions(full_foods: FoodTable) -> None:
    portions = food_portions(full_foods, "11458")
    assert portions["source"].iloc[0] == "serving"
    assert (portions["grams"] > 0).all()
    per_portion = nutrients_per_portion(full_foods, "11458")
    assert per_portion.loc["magnesium_mg", "100 g"] == 87
    for label, grams in zip(per_portion.columns[1:], portions["grams"], strict=True):
        assert per_portion.loc["magnesium_mg", label] == pytest.approx(87 * grams / 100)


def test_a_food_only_in_the_full_table_points_there(default_foods: FoodTable,
                                                    full_foods: FoodTable) -> None:
    assert "11459" in full_foods.frame.index and "11459" not in default_foods.frame.index
    with pytest.raises(InputError, match=r"Food 11459 \(Spinach, canned.*\) is in the full "
                                         r"table: add --foods full"):
        resolve_food(default_foods, "11459", "--include")
