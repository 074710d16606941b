"""The food tables: rebuild from raw SR28, checks on the committed tables, parsing helpers."""

from __future__ import annotations

import importlib.util
import io
import math
import os
import sys
from pathlib import Path

import pandas as pd
import pytest

from mealplan.foods import ALLERGENS, DIETS, MEALS, NUTRIENTS

REPO = Path(__file__).resolve().parent.parent
FOODS = REPO / "foods"
SR28_DIR = Path(
    os.environ.get("MEALPLAN_SR28_DIR", REPO.parent / "shared" / "data" / "usda" / "sr28")
)


def _load_build_module():
    spec = importlib.util.spec_from_file_location(
        "build_foods", REPO / "scripts" / "build_foods.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_foods", module)
    spec.loader.exec_module(module)
    return module


build = _load_build_module()

# Magnesium sources people are told to eat, by SR28 food_id.
MAGNESIUM_SOURCES = {
    "11458": "spinach, boiled",
    "11148": "Swiss chard, boiled",
    "11233": "kale",
    "12061": "almonds",
    "12087": "cashews",
    "12014": "pumpkin seeds",
    "12006": "chia seeds",
    "16015": "black beans",
    "16070": "lentils",
    "16057": "chickpeas",
    "11212": "edamame",
    "16126": "tofu",
    "20037": "brown rice",
    "20137": "quinoa",
    "08121": "oatmeal",
    "18075": "whole wheat bread",
    "19904": "dark chocolate 70-85%",
    "09037": "avocado",
    "09040": "banana",
    "01117": "plain yogurt",
    "11674": "baked potato",
    "15237": "salmon",
    "16098": "peanut butter",
    "16139": "soy milk",
}
# Food groups a varied diet needs, as SR28 names them.
REQUIRED_GROUPS = {
    "Vegetables and Vegetable Products",
    "Fruits and Fruit Juices",
    "Cereal Grains and Pasta",
    "Baked Products",
    "Breakfast Cereals",
    "Legumes and Legume Products",
    "Nut and Seed Products",
    "Dairy and Egg Products",
    "Finfish and Shellfish Products",
    "Poultry Products",
    "Beef Products",
    "Pork Products",
    "Fats and Oils",
    "Beverages",
    "Sweets",
    "Spices and Herbs",
}


def read_table(name: str) -> pd.DataFrame:
    return pd.read_csv(FOODS / name, dtype=str, keep_default_na=False, encoding="utf-8")


@pytest.fixture(scope="module")
def full() -> pd.DataFrame:
    return read_table("full.csv")


@pytest.fixture(scope="module")
def default() -> pd.DataFrame:
    return read_table("default.csv")


def tags(cell: str) -> list[str]:
    return [t for t in cell.split(";") if t]


# --- Rebuild ------------------------------------------------------------------------


def first_difference(expected: bytes, actual: bytes) -> str:
    old, new = expected.decode().split("\n"), actual.decode().split("\n")
    for number, (a, b) in enumerate(zip(old, new, strict=False), start=1):
        if a != b:
            return f"line {number}:\n  committed: {a}\n  rebuilt:   {b}"
    return f"committed has {len(old)} lines, rebuilt has {len(new)}"


@pytest.mark.skipif(not SR28_DIR.is_dir(), reason=f"raw SR28 not found at {SR28_DIR}")
def test_rebuild_matches_committed_tables(tmp_path: Path) -> None:
    counts = build.build(SR28_DIR, tmp_path, FOODS / "curation.csv")
    assert counts == {
        "full.csv": 8789,
        "portions.csv": 15438,
        "default.csv": len(read_table("default.csv")),
    }
    for name in counts:
        committed, rebuilt = (FOODS / name).read_bytes(), (tmp_path / name).read_bytes()
        assert committed == rebuilt, (
            f"{name} differs from a rebuild, {first_difference(committed, rebuilt)}"
        )


# --- full.csv -----------------------------------------------------------------------


def test_full_has_every_sr28_food_once(full: pd.DataFrame) -> None:
    assert len(full) == 8789
    assert full["food_id"].is_unique
    assert full["food_id"].str.fullmatch(r"\d{5}").all()
    assert list(full.columns) == build.FULL_COLUMNS
    assert full["food_id"].tolist() == sorted(full["food_id"])


@pytest.mark.parametrize(
    ("food_id", "column", "value"),
    [
        ("11458", "magnesium_mg", "87"),
        ("12014", "magnesium_mg", "592"),
        ("19904", "magnesium_mg", "228"),
        ("19904", "caffeine_mg", "80"),
        ("14209", "caffeine_mg", "40"),
        ("01001", "serving_desc", '1 pat (1" sq, 1/3" high)'),
    ],
)
def test_full_sample_values(full: pd.DataFrame, food_id: str, column: str, value: str) -> None:
    assert full.set_index("food_id").at[food_id, column] == value


def test_unknown_stays_empty_not_zero(full: pd.DataFrame) -> None:
    rows = full.set_index("food_id")
    # SILK Coffee soymilk: no caffeine row in SR28 and a coffee name.
    assert rows.at["16249", "caffeine_mg"] == ""
    assert rows.at["16249", "caffeine_basis"] == "unknown"
    # SR28 reports fiber for far fewer foods than energy; unreported fiber is empty.
    assert (full["fiber_g"] == "").sum() == 8789 - 8195
    assert (full["magnesium_mg"] == "").sum() == 8789 - 8050


def test_caffeine_basis(full: pd.DataFrame) -> None:
    counts = full["caffeine_basis"].value_counts().to_dict()
    assert set(counts) == set(build.CAFFEINE_BASES)
    assert counts["reported"] == 5396
    assert counts["reported"] + counts["assumed_zero"] + counts["unknown"] == 8789
    assert (full.loc[full["caffeine_basis"] == "assumed_zero", "caffeine_mg"] == "0").all()
    assert (full.loc[full["caffeine_basis"] == "unknown", "caffeine_mg"] == "").all()
    assert (full.loc[full["caffeine_basis"] == "reported", "caffeine_mg"] != "").all()


def test_full_servings_are_positive(full: pd.DataFrame) -> None:
    assert (pd.to_numeric(full["serving_g"]) > 0).all()
    no_portion = full.set_index("food_id").loc[lambda f: f["serving_desc"] == "100 g"]
    assert (no_portion["serving_g"] == "100").all()


def test_portions_table() -> None:
    portions = read_table("portions.csv")
    assert len(portions) == 15438
    assert list(portions.columns) == build.PORTION_COLUMNS
    assert (pd.to_numeric(portions["grams"]) > 0).all()


# --- default.csv --------------------------------------------------------------------


def test_default_size_and_columns(default: pd.DataFrame) -> None:
    assert 400 <= len(default) <= 800
    assert list(default.columns) == build.DEFAULT_COLUMNS
    assert default["food_id"].is_unique
    assert default["name"].str.lower().is_unique


def test_default_has_the_magnesium_sources(default: pd.DataFrame) -> None:
    missing = {i: n for i, n in MAGNESIUM_SOURCES.items() if i not in set(default["food_id"])}
    assert not missing


def test_default_covers_every_food_group(default: pd.DataFrame) -> None:
    assert REQUIRED_GROUPS <= set(default["food_group"])


def test_default_values_come_from_full(default: pd.DataFrame, full: pd.DataFrame) -> None:
    merged = default.merge(full, on="food_id", suffixes=("", "_full"))
    assert len(merged) == len(default)
    for column in (*NUTRIENTS, "caffeine_basis", "food_group"):
        assert (merged[column] == merged[f"{column}_full"]).all(), column
    assert (merged["usda_name"] == merged["name_full"]).all()


@pytest.mark.parametrize(
    ("column", "allowed"), [("meals", MEALS), ("diets", DIETS), ("allergens", ALLERGENS)]
)
def test_default_tags_are_valid(
    default: pd.DataFrame, column: str, allowed: tuple[str, ...]
) -> None:
    bad = {t for cell in default[column] for t in tags(cell)} - set(allowed)
    assert not bad


def test_default_other_columns_are_valid(default: pd.DataFrame, full: pd.DataFrame) -> None:
    assert set(default["aisle"]) <= set(build.AISLES)
    assert default["family"].str.fullmatch(r"[a-z][a-z0-9_]*").all()
    assert default["meals"].map(tags).map(len).gt(0).all()
    assert set(default["staple"]) == {"true", "false"}
    assert (pd.to_numeric(default["serving_g"]) > 0).all()
    assert (pd.to_numeric(default["max_servings"]) > 0).all()
    assert (pd.to_numeric(default["purchase_yield"]) > 0).all()
    assert set(default["purchase_id"]) <= set(full["food_id"])
    assert (default["purchase_name"] != "").all()
    refuse = pd.to_numeric(default["purchase_refuse_pct"])
    assert refuse.dropna().between(0, 100, inclusive="left").all()
    pieces = default[default["piece_name"] != ""]
    assert (pd.to_numeric(pieces["piece_g"]) > 0).all()
    assert (pieces["piece_plural"] != "").all()


def test_default_diets_are_closed_and_match_allergens(default: pd.DataFrame) -> None:
    for row in default.itertuples():
        diets, allergens = set(tags(row.diets)), set(tags(row.allergens))
        if "vegan" in diets:
            assert {"vegetarian", "pescatarian"} <= diets, row.name
            assert not allergens & {"dairy", "egg", "fish", "shellfish"}, row.name
        if "vegetarian" in diets:
            assert "pescatarian" in diets, row.name
            assert not allergens & {"fish", "shellfish"}, row.name


def test_default_has_no_unknown_caffeine(default: pd.DataFrame) -> None:
    # A food with unknown caffeine would silently drop out of every capped plan.
    assert not (default["caffeine_basis"] == "unknown").any()


def test_default_spot_checks(default: pd.DataFrame) -> None:
    rows = default.set_index("food_id")
    assert rows.at["20037", "purchase_id"] == "20036"  # cooked brown rice is bought dry
    assert rows.at["20037", "purchase_yield"] == "2.967"
    assert rows.at["11458", "purchase_id"] == "11457"  # boiled spinach is bought raw
    assert rows.at["09040", "purchase_refuse_pct"] == "36"  # banana skin
    assert (rows.at["09040", "piece_g"], rows.at["09040", "piece_plural"]) == ("118", "bananas")
    assert rows.at["11457", "serving_g"] == "30"  # 1 cup raw spinach
    assert rows.at["14209", "meals"] == "breakfast;snack;drink"
    assert "sesame" in tags(rows.at["16158", "allergens"])  # hummus: tahini
    assert "gluten" in tags(rows.at["18075", "allergens"])
    assert "gluten" not in tags(rows.at["08121", "allergens"])  # oats
    assert rows.at["04053", "staple"] == "true"


# --- Helpers ------------------------------------------------------------------------


def test_read_sr_table_quoting_encoding_and_empty_fields() -> None:
    raw = (
        b"~01001~^~Butter, salted~^~Y~^^0^6.38\r\n"
        b"~19904~^~Chocolate, dark, 70-85% cacao~^~~^~NA~^^\r\n"
        b"~99999~^~Baker\x92s ~^~a^b~^^12.5^\r\n"
    )
    frame = build.read_sr_table(io.BytesIO(raw), ["id", "name", "flag", "tag", "refuse", "factor"])
    assert frame["id"].tolist() == ["01001", "19904", "99999"]
    assert frame.at[0, "name"] == "Butter, salted"
    assert frame.at[2, "name"] == "Baker\u2019s "  # cp1252 0x92 is a right single quote
    assert frame.at[2, "flag"] == "a^b"  # a separator inside ~text~ is text
    assert frame.at[1, "tag"] == "NA"  # the sodium tag name is not a missing value
    assert math.isnan(frame.at[0, "tag"])  # an empty field is NaN
    assert math.isnan(frame.at[1, "flag"])
    assert frame["refuse"].tolist()[2] == "12.5"  # values stay text until parsed


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (1, "1"),
        (3, "3"),
        (0.5, "1/2"),
        (0.25, "1/4"),
        (0.75, "3/4"),
        (0.33, "1/3"),
        (0.333, "1/3"),
        (0.667, "2/3"),
        (0.125, "1/8"),
        (0.167, "1/6"),
        (0.083, "1/12"),
        (1.5, "1 1/2"),
        (1.25, "1 1/4"),
        (6.75, "6 3/4"),
        (3.527, "3.527"),
        (0.35, "0.35"),
    ],
)
def test_format_amount(amount: float, text: str) -> None:
    assert build.format_amount(amount) == text


def test_serving_text() -> None:
    assert build.serving_text(0.5, "cup") == "1/2 cup"
    assert build.serving_text(1, "medium") == "1 medium"


@pytest.mark.parametrize(
    ("value", "text"),
    [(0.85, "0.85"), (5.0, "5"), (28.35, "28.35"), (1e-05, "0.00001"), (float("nan"), "")],
)
def test_format_number(value: float, text: str) -> None:
    assert build.format_number(value) == text


def test_purchase_yield() -> None:
    # Dry brown rice (11.8 g water) to cooked (70.27 g water): solids are conserved.
    assert build.purchase_yield(11.8, 70.27) == pytest.approx(88.2 / 29.73, abs=1e-3)
    assert build.purchase_yield(10.0, 10.0) == 1.0
    # A fresh food can lose solids in cooking: its yield is capped at 1.
    assert build.purchase_yield(84.04, 91.2) == 1.0
    assert build.purchase_yield(74.0, 65.0) == pytest.approx(26 / 35, abs=1e-3)


@pytest.mark.parametrize(
    ("name", "reported", "basis"),
    [
        ("Beverages, coffee, brewed", True, "reported"),
        ("Beef, top sirloin, steak, cooked", False, "assumed_zero"),
        ("Salt, table, 1 teaspoon", False, "assumed_zero"),
        ("Beverages, tea, herb", False, "unknown"),
        ("Cereals ready-to-eat, KRAVE chocolate cereal", False, "unknown"),
        ("Cookies, brownies, dry mix", False, "unknown"),
        ("Candies, SNICKERS Bar", False, "unknown"),
        ("Beverages, carbonated, orange", False, "unknown"),
        ("Beverages, water, bottled, non-carbonated, DASANI", False, "assumed_zero"),
        ("Carbonated beverage, other than cola, without caffeine", False, "assumed_zero"),
        ("Fish, trout, brook, raw, New York State", False, "assumed_zero"),
        ("Coffeecake, cinnamon with crumb topping", False, "assumed_zero"),
        ("Cream, fluid, light (coffee cream or table cream)", False, "assumed_zero"),
    ],
)
def test_caffeine_rule(name: str, reported: bool, basis: str) -> None:
    assert build.caffeine_basis(name, reported) == basis


def tiny_sr28():
    """Two foods, cooked and dry rice, with water and magnesium, and one portion each."""
    foods = pd.DataFrame(
        {"long_desc": ["Rice, dry", "Rice, cooked"], "food_group": ["Grains", "Grains"],
         "refuse_pct": [0.0, 0.0]},
        index=pd.Index(["20036", "20037"], name="food_id"),
    )  # fmt: skip
    values = pd.DataFrame(
        index=foods.index, columns=[*build.NUTR_NO.values(), build.WATER_NO], dtype=float
    )
    values.loc[:, build.NUTR_NO["magnesium_mg"]] = [116.0, 39.0]
    values.loc[:, build.WATER_NO] = [11.8, 70.27]
    weights = pd.DataFrame(
        {"food_id": ["20036", "20037"], "seq": [1, 1], "amount": [1.0, 0.5],
         "measure": ["cup", "cup"], "grams": [185.0, 101.0]}
    )  # fmt: skip
    return build.SR28(foods=foods, values=values, weights=weights)


def curation_frame(**changes: str) -> pd.DataFrame:
    row = dict.fromkeys(build.CURATION_COLUMNS, "")
    row.update(
        food_id="20037", name="Brown rice, cooked", serving="1/2 cup", meals="lunch;dinner",
        diets="vegan;vegetarian;pescatarian", aisle="grains & pasta", max_servings="2",
        family="rice", purchase_id="20036", purchase_name="Brown rice, dry",
    )  # fmt: skip
    row.update(changes)
    return pd.DataFrame([row])


def test_build_default_joins_curation_with_sr28() -> None:
    sr = tiny_sr28()
    out = build.build_default(sr, build.build_full(sr), curation_frame())
    row = out.iloc[0]
    assert (row["serving_g"], row["serving_desc"]) == ("101", "1/2 cup")
    assert row["magnesium_mg"] == "39"
    assert row["caffeine_mg"] == "0" and row["caffeine_basis"] == "assumed_zero"
    assert row["purchase_yield"] == "2.967"
    assert row["staple"] == "false"


def test_build_default_accepts_grams() -> None:
    sr = tiny_sr28()
    out = build.build_default(sr, build.build_full(sr), curation_frame(serving="1 bowl = 150 g"))
    assert (out.at[0, "serving_g"], out.at[0, "serving_desc"]) == ("150", "1 bowl")


def test_build_default_reports_every_problem() -> None:
    sr = tiny_sr28()
    bad = pd.concat(
        [
            curation_frame(serving="1 mug", meals="brunch"),
            curation_frame(food_id="99999", name="Nothing"),
            curation_frame(
                food_id="20036", name="Rice, dry", purchase_id="", allergens="wheat", diets="vegan"
            ),
        ],
        ignore_index=True,
    )
    with pytest.raises(build.BuildError) as caught:
        build.build_default(sr, build.build_full(sr), bad)
    message = str(caught.value)
    assert "row 2, column serving: '1 mug' is not a WEIGHT row of 20037 (rows: 1/2 cup)" in message
    assert "row 2, column meals: unknown tag 'brunch'" in message
    assert "row 3, column food_id: unknown SR28 food '99999'" in message
    assert "row 4, column allergens: unknown tag 'wheat'" in message
    assert "row 4, column diets: vegan food must also be vegetarian" in message
