"""Prices of FNDDS foods and SR28 ingredients (scripts/fndds_prices.py), worked by hand."""

from __future__ import annotations

import csv
import math
import os
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest
from script_modules import load_script

REPO = Path(__file__).resolve().parent.parent
USDA_DIR = Path(os.environ.get("MEALPLAN_USDA_DIR", REPO.parent / "shared" / "data" / "usda"))


fp = load_script("fndds_prices")

# A small raw folder: (food code, name, water g/100 g, recipe [(ingredient, grams)],
# PP-NAP price 2017/2018, PP-NAP price 2015/2016).
FOODS = [
    (10000001, "Lentils, boiled", 70, [(16070, 100)], 0.30, 0.24),
    (10000002, "Rice, cooked", 68, [(20045, 100)], 0.20, 0.16),
    (10000003, "Lentils and rice", 60, [(16070, 100), (20045, 100), (2047, 2)], None, None),
    (10000004, "Lentil soup, canned", 85, [(16070, 80), (99999, 20)], None, 0.40),
    (10000005, "Mystery stew", 80, [(16070, 50), (99999, 50)], None, None),
    (10000006, "Oats, dry", 10, [(8120, 100)], 0.50, None),
    (10000007, "Oatmeal", 85, [(8120, 40), (14411, 240)], None, None),
    (10000008, "Beans and rice", 68, [(20045, 40), (16015, 60)], 0.35, None),
]
INGREDIENT_WATER = {16070: 70, 20045: 68, 2047: 0.2, 99999: 50, 8120: 10, 14411: 100,
                    16015: 66}
SR28_IDS = ("16070", "20045", "02047", "08120", "14411", "16015")


def _write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)


@pytest.fixture
def raw_dir(tmp_path: Path) -> Path:
    fndds = tmp_path / "fndds_2017_2018"
    for folder in (fndds, tmp_path / "ppnap", tmp_path / "sr28"):
        folder.mkdir()
    _write_csv(fndds / "foods_and_beverages.csv", ["Food code", "Main food description"],
               [[code, name] for code, name, *_ in FOODS])
    _write_csv(fndds / "nutrient_values.csv", ["Food code", "Main food description", "Water (g)"],
               [[code, name, water] for code, name, water, *_ in FOODS])
    _write_csv(fndds / "ingredients.csv",
               ["parent_foodcode", "parent_desc", "ingred_code", "ingred_desc", "ingred_wt"],
               [[code, name, ing, f"ingredient {ing}", grams]
                for code, name, _, recipe, *_ in FOODS for ing, grams in recipe])
    _write_csv(fndds / "ingredient_nutrients.csv", ["ingred_code", "Water"],
               [[c, w] for c, w in INGREDIENT_WATER.items()])
    prices = [[year, code, "", 1, "", "", price]
              for code, _, _, _, p18, p16 in FOODS
              for year, price in (("2017/2018", p18), ("2015/2016", p16)) if price is not None]
    _write_csv(tmp_path / "ppnap" / "national_average_prices.csv",
               ["year", "food_code", "mod_code", "method", "method_description", "nhanes",
                "price_100gm"], prices)
    (tmp_path / "sr28" / "FOOD_DES.txt").write_text(
        "".join(f"~{i}~^~0100~^~food {i}~\r\n" for i in SR28_IDS), encoding="cp1252")
    return tmp_path


@pytest.fixture
def prices(raw_dir: Path) -> pd.DataFrame:
    return fp.price_table(raw_dir).set_index("food_code")


def test_a_dish_costs_what_its_ingredients_cost(prices):
    # Lentils and rice: 100 g cooked lentils ($0.30 per 100 g, from "Lentils, boiled"),
    # 100 g cooked rice ($0.20, from "Rice, cooked") and 2 g salt, which has no price
    # and is under 5 % of the recipe, so it costs what the rest does per gram: the mix
    # costs (0.30 + 0.20) / 2 = $0.25 per 100 g. The raw mix holds 68.32 g water per
    # 100 g, the dish 60 g: 100 g of dish is 40 g of solids, taken from
    # 40 / 31.68 x 100 g of mix.
    mix_water = (100 * 70 + 100 * 68 + 2 * 0.2) / 202
    expected = 0.25 * (100 - 60) / (100 - mix_water)
    row = prices.loc["10000003"]
    assert row["price_method"] == "ingredients"
    assert row["price_100g"] == pytest.approx(expected, rel=1e-9)
    assert row["price_100g"] == pytest.approx(0.3156, abs=1e-4)


def test_tap_water_is_free_and_cooking_water_dilutes(prices):
    # Oatmeal: 40 g oats ($0.50 per 100 g) in 240 g tap water. 40 g oats hold 36 g of
    # solids, which make 36 / 0.15 = 240 g of oatmeal at 85 g water: $0.20 buys 240 g.
    row = prices.loc["10000007"]
    assert row["price_method"] == "ingredients"
    assert row["price_100g"] == pytest.approx(0.20 / 240 * 100, rel=1e-9)


def test_direct_matched_and_missing(prices):
    assert prices.loc["10000001"].tolist() == [0.30, "direct"]
    # Both foods priced in 2015/2016 and 2017/2018 rose by 25 %: the factor is 1.25.
    assert prices.loc["10000004", "price_method"] == "matched"
    assert prices.loc["10000004", "price_100g"] == pytest.approx(0.40 * 1.25)
    # Half of the stew is an ingredient nothing prices: no price, never 0.
    assert math.isnan(prices.loc["10000005", "price_100g"])
    assert prices.loc["10000005", "price_method"] == ""
    assert len(prices) == len(FOODS)
    assert fp.method_counts(prices) == {"direct": 4, "ingredients": 2, "matched": 1, "none": 1}


def test_ingredient_prices(raw_dir):
    table = fp.ingredient_prices(raw_dir).set_index("ingredient_code")
    assert table.loc["16070"].tolist() == [0.30, "single", 1]
    assert table.loc["20045"].tolist() == [0.20, "single", 1]
    assert table.loc["14411"].tolist() == [0.0, "tap_water", 0]
    # Beans and rice ($0.35) is 60 % beans and 40 % rice, whose price round 1 found;
    # round 2 solves the food's cost for the beans. Its mix (66.8 g water) makes the
    # dish (68 g water) at 32 / 33.2 g of mix per gram.
    mix = 0.35 / (32 / 33.2)
    assert table.loc["16015", "price_100g"] == pytest.approx((mix - 0.4 * 0.20) / 0.6)
    assert table.loc["16015", "method"] == "main"
    # Salt (2 % of one dish) and the unknown ingredient are never main: not priced.
    assert "02047" not in table.index and "99999" not in table.index


def test_ingredient_codes_are_written_as_sr28_writes_them():
    assert fp.ingredient_code(2047, frozenset({"02047"})) == "02047"
    assert fp.ingredient_code(4322, frozenset({"02047"})) == "4322"


def test_purchase_prices_from_yield_and_refuse():
    ingredients = pd.DataFrame({"ingredient_code": ["16070", "16028", "11283", "11282"],
                                "price_100g": [0.25, 0.40, 0.30, 0.20]})
    mapping = pd.DataFrame({"ingredient_code": ["16070", "16028", "11283", "11282"],
                            "purchase_id": ["16069", "16069", "11282", "11282"],
                            "yield": [2.4, 2.0, 0.9, 1.0]})
    table = fp.purchase_prices(ingredients, mapping, refuse_pct={"11282": 10})
    found = dict(zip(table["purchase_id"], table["price_100g"], strict=True))
    # Dry lentils, bought for cooked lentils (2.4 times their weight) and another
    # cooked form (2 times): the median of 0.60 and 0.80 per 100 g bought.
    assert found["16069"] == pytest.approx(0.70)
    # Raw onions are an ingredient as bought: their own price (not the cooked onions'
    # 0.27), less 10 % refuse paid for but not eaten.
    assert found["11282"] == pytest.approx(0.20 * 0.9)


# --- The real USDA files, when present --------------------------------------------------

needs_usda = pytest.mark.skipif(
    not (USDA_DIR / "ppnap" / "national_average_prices.csv").is_file(),
    reason="the raw USDA files are not here")


@pytest.fixture(scope="module")
def usda_prices() -> tuple[pd.DataFrame, pd.DataFrame]:
    raw = fp.load_raw(USDA_DIR)
    ingredients = fp.ingredient_prices_from(raw, fp.ppnap_prices(raw))
    return fp._price_table(raw, ingredients).set_index("food_code"), ingredients


@needs_usda
def test_every_fndds_food_has_a_row_and_no_price_is_invented(usda_prices):
    prices, _ = usda_prices
    assert len(prices) == 7083
    counts = fp.method_counts(prices)
    assert counts["direct"] == 4435  # PP-NAP's 2017/2018 cycle
    assert set(counts) == {"direct", "matched", "ingredients", "none"}
    priced = prices[prices["price_method"] != ""]
    assert priced["price_100g"].notna().all() and (priced["price_100g"] >= 0).all()
    assert prices.loc[prices["price_method"] == "", "price_100g"].isna().all()
    assert prices.loc["63107010", "price_100g"] == pytest.approx(0.19, abs=1e-3)  # banana, raw


@needs_usda
def test_a_real_dish_against_its_raw_recipe(usda_prices):
    # Recompute every recipe-costed food from the raw rows, with plain arithmetic.
    prices, ingredients = usda_prices
    by_code = ingredients["price_100g"].to_dict()
    water: dict[str, float] = {}
    with open(USDA_DIR / "fndds_2017_2018" / "ingredient_nutrients.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            water[row["ingred_code"]] = float(row["Water"])
    dish_water: dict[str, float] = {}
    with open(USDA_DIR / "fndds_2017_2018" / "nutrient_values.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            dish_water[row["Food code"]] = float(row["Water (g)"])
    recipes: dict[str, list[tuple[str, float]]] = defaultdict(list)
    with open(USDA_DIR / "fndds_2017_2018" / "ingredients.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            recipes[row["parent_foodcode"]].append((row["ingred_code"], float(row["ingred_wt"])))
    costed = prices.index[prices["price_method"] == "ingredients"]
    assert len(costed) > 500
    for code in costed:
        total = sum(g for _, g in recipes[code])
        mix_water = sum(g * water[c] for c, g in recipes[code]) / total
        paid = [(g, by_code.get(c) if by_code.get(c) is not None else by_code.get(c.zfill(5)))
                for c, g in recipes[code]]
        priced_g = sum(g for g, p in paid if p is not None)
        assert priced_g >= 0.95 * total - 1e-9
        mix = sum(g * p for g, p in paid if p is not None) / priced_g
        expected = mix * (100 - dish_water[code]) / (100 - mix_water)
        assert prices.loc[code, "price_100g"] == pytest.approx(expected, rel=1e-9), code


@needs_usda
def test_the_default_plans_cost_by_hand_from_the_price_file():
    from mealplan import load_foods, make_plan, request_from_settings

    raw: dict[str, float] = {}
    with open(USDA_DIR / "ppnap" / "national_average_prices.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["year"] == "2017/2018":
                raw[row["food_code"]] = float(row["price_100gm"])
    foods = load_foods("default")
    plan = make_plan(foods, request_from_settings(foods, {"days": 1}))
    items = [i for d in plan.days for i in d.items]
    method = foods.frame["price_method"]
    direct = [i for i in items if method[i.food_id] == "direct"]
    assert len(direct) >= len(items) / 2
    for item in direct:
        # Dollars per 100 g as eaten, straight from the file: grams / 100 x price.
        assert item.cost == pytest.approx(item.grams / 100 * raw[item.food_id], rel=1e-6)
    assert plan.days[0].cost == pytest.approx(math.fsum(i.cost for i in items), rel=1e-9)
