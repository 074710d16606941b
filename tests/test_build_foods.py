"""The food tables: rebuild from the raw USDA files, checks on the committed tables, helpers."""

from __future__ import annotations

import io
import math
import os
from pathlib import Path

import pandas as pd
import pytest
from script_modules import load_script

from mealplan.foods import ALLERGENS, DIETS, MEALS, NUTRIENTS
from mealplan.meals import ROLE_NAMES

REPO = Path(__file__).resolve().parent.parent
FOODS = REPO / "foods"
USDA = REPO.parent / "shared" / "data" / "usda"
SR28_DIR = Path(os.environ.get("MEALPLAN_SR28_DIR", USDA / "sr28"))
FNDDS_DIR = Path(os.environ.get("MEALPLAN_FNDDS_DIR", USDA / "fndds_2017_2018"))
RAW = pytest.mark.skipif(not (SR28_DIR.is_dir() and FNDDS_DIR.is_dir()),
                         reason=f"raw USDA files not found at {SR28_DIR} and {FNDDS_DIR}")


build = load_script("build_foods")

# Magnesium sources people are told to eat, by FNDDS food code.
MAGNESIUM_SOURCES = {
    "43101150": "pumpkin seeds",
    "43108010": "chia seeds",
    "42101130": "almonds",
    "42104110": "cashews",
    "72104220": "Swiss chard",
    "41102020": "black beans",
    "41305000": "lentils",
    "41420020": "edamame",
    "41420010": "tofu",
    "56205018": "brown rice",
    "56204005": "quinoa",
    "51300110": "whole-wheat bread",
    "91705300": "dark chocolate",
    "63105010": "avocado",
    "63107010": "banana",
    "11320000": "soy milk",
    "26137120": "salmon",
    "42202000": "peanut butter",
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


TABLES = ("full.csv", "portions.csv", "default.csv", "default_ingredients.csv",
          "default_purchases.csv")


@RAW
def test_rebuild_matches_committed_tables(tmp_path: Path) -> None:
    counts = build.build(SR28_DIR, FNDDS_DIR, FOODS, tmp_path)
    assert set(counts) == set(TABLES)
    assert counts["full.csv"] == 8789
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
    # Every SR28 household portion, then the FNDDS portions of the default foods.
    assert (portions["food_id"].str.len() == 5).sum() == 15438
    fndds = portions[portions["food_id"].str.len() == 8]
    assert set(fndds["food_id"]) == set(read_table("default.csv")["food_id"])
    assert list(portions.columns) == build.PORTION_COLUMNS
    assert (pd.to_numeric(portions["grams"]) > 0).all()


# --- default.csv --------------------------------------------------------------------


@pytest.fixture(scope="module")
def ingredients() -> pd.DataFrame:
    return read_table("default_ingredients.csv")


@pytest.fixture(scope="module")
def purchases() -> pd.DataFrame:
    return read_table("default_purchases.csv")


def test_default_size_and_columns(default: pd.DataFrame) -> None:
    assert 300 <= len(default) <= 600
    assert list(default.columns) == build.DEFAULT_COLUMNS
    assert default["food_id"].is_unique
    assert default["food_id"].str.fullmatch(r"\d{8}").all()
    assert default["name"].str.lower().is_unique


def test_default_has_the_magnesium_sources(default: pd.DataFrame) -> None:
    missing = {i: n for i, n in MAGNESIUM_SOURCES.items() if i not in set(default["food_id"])}
    assert not missing


def test_default_has_every_role_for_every_meal(default: pd.DataFrame) -> None:
    assert set(default["role"]) == set(ROLE_NAMES)
    by_meal = {m: set(default.loc[default["meals"].map(tags).map(lambda t, m=m: m in t),
                                  "role"]) for m in ("breakfast", "lunch", "dinner", "snack")}
    assert {"cereal", "milk", "hot_cereal", "bread", "spread", "eggs", "yogurt",
            "breakfast_main", "fruit", "topping"} <= by_meal["breakfast"]
    for meal in ("lunch", "dinner"):
        assert {"main", "protein", "legume", "starch", "vegetable"} <= by_meal[meal]
    assert {"fruit", "nuts", "snack", "yogurt", "cheese", "spread"} <= by_meal["snack"]


def test_default_values_come_from_fndds(default: pd.DataFrame) -> None:
    values = pd.read_csv(FNDDS_DIR / "nutrient_values.csv") if FNDDS_DIR.is_dir() else None
    if values is None:
        pytest.skip("raw FNDDS not found")
    values = values.set_index(values["Food code"].map(lambda c: f"{c:08d}"))
    rows = default.set_index("food_id")
    for column, fndds in build.FNDDS_NUTRIENTS.items():
        got = pd.to_numeric(rows[column])
        same = rows.index if column != "sodium_mg" else rows.index[rows["no_added_salt"] == ""]
        assert (got[same] == values.loc[same, fndds]).all(), column
    # FNDDS reports every nutrient of every food: nothing is unknown.
    assert (rows[list(NUTRIENTS)] != "").all().all()
    assert set(rows["caffeine_basis"]) == {"reported"}


def test_foods_one_cooks_count_no_added_salt(default: pd.DataFrame) -> None:
    # FNDDS's recipe adds table salt; a food one cooks is counted without it, at the
    # share of the recipe's sodium its other ingredients bring, and buys none.
    if not FNDDS_DIR.is_dir():
        pytest.skip("raw FNDDS not found")
    recipes = pd.read_csv(FNDDS_DIR / "ingredients.csv")
    sodium = pd.read_csv(FNDDS_DIR / "ingredient_nutrients.csv").set_index(
        "ingred_code")["Sodium"]
    values = pd.read_csv(FNDDS_DIR / "nutrient_values.csv")
    fndds = values.set_index(values["Food code"].map(lambda c: f"{c:08d}"))["Sodium (mg)"]
    rows = default.set_index("food_id")
    salted = {f"{c:08d}" for c in recipes.loc[recipes["ingred_code"] == 2047, "parent_foodcode"]}
    cooked = rows["cook"].isin(["batch", "fresh"])
    unsalted = rows.index[rows["no_added_salt"] == "true"]
    assert set(unsalted) == {f for f in rows.index[cooked] if f in salted}
    assert len(unsalted) > 100
    for food_id in unsalted:
        recipe = recipes[recipes["parent_foodcode"] == int(food_id)]
        na = recipe["ingred_wt"].to_numpy() * sodium.loc[recipe["ingred_code"]].to_numpy()
        share = na[recipe["ingred_code"].to_numpy() != 2047].sum() / na.sum()
        assert float(rows.at[food_id, "sodium_mg"]) == pytest.approx(
            fndds[food_id] * share, abs=1e-3)
    # Dry pasta boiled without salt: 1 mg per 100 g, where FNDDS's salted pasta has 232.
    assert float(rows.at["56130000", "sodium_mg"]) < 2 < 232 == fndds["56130000"]
    # What is eaten as made, not cooked, keeps its salt: salted popcorn.
    assert rows.at["54403010", "no_added_salt"] == ""
    assert float(rows.at["54403010", "sodium_mg"]) == fndds["54403010"]
    ingredients = read_table("default_ingredients.csv")
    salt_users = set(ingredients.loc[ingredients["ingredient_id"] == "02047", "food_id"])
    assert not salt_users & set(unsalted)
    assert "54403010" in salt_users


@pytest.mark.parametrize(
    ("column", "allowed"), [("meals", MEALS), ("diets", DIETS), ("allergens", ALLERGENS)]
)
def test_default_tags_are_valid(
    default: pd.DataFrame, column: str, allowed: tuple[str, ...]
) -> None:
    bad = {t for cell in default[column] for t in tags(cell)} - set(allowed)
    assert not bad


def test_a_stand_in_bought_gram_for_gram_keeps_the_magnesium(
        full: pd.DataFrame, ingredients: pd.DataFrame) -> None:
    # What the list buys in place of a recipe's ingredient (buckwheat pancake mix as
    # plain mix, whole-wheat hot cereal as Cream of Wheat) had 16-36 % of its
    # magnesium per kcal: the plan counted what the shopper would not eat.
    sr = full.set_index("food_id")
    mapping = read_table("ingredient_map.csv")
    same = mapping[(mapping["yield"] == "1")
                   & (mapping["ingredient_code"] != mapping["purchase_id"])
                   & mapping["ingredient_code"].isin(ingredients["ingredient_id"])]
    poorer = []
    for code, pid in zip(same["ingredient_code"], same["purchase_id"], strict=True):
        if code not in sr.index or pid not in sr.index:  # tap water: nothing bought
            continue
        kcal = pd.to_numeric(sr.loc[[code, pid], "energy_kcal"])
        mg = pd.to_numeric(sr.loc[[code, pid], "magnesium_mg"], errors="coerce")
        if kcal.min() >= 20 and mg.notna().all() and mg[code] > 0:
            if mg[pid] / kcal[pid] < 0.4 * mg[code] / kcal[code]:
                poorer.append((code, pid))
    assert poorer == []


def test_default_other_columns_are_valid(default: pd.DataFrame) -> None:
    assert default["family"].str.fullmatch(r"([a-z][a-z0-9_]*(;[a-z][a-z0-9_]*)*)?").all()
    assert default["meals"].map(tags).map(len).gt(0).all()
    assert (pd.to_numeric(default["serving_g"]) > 0).all()
    low, high, step = (pd.to_numeric(default[c]) for c in
                       ("portion_min", "portion_max", "portion_step"))
    assert (low <= high).all() and (step > 0).all()
    assert ((low / step).round(9) % 1 == 0).all() and ((high / step).round(9) % 1 == 0).all()
    assert set(default["cook"]) <= set(build.COOK_KINDS)
    groups = default[list(build.FOOD_GROUPS)].apply(pd.to_numeric)
    assert (groups >= 0).all().all()


def test_default_diets_are_closed_and_match_allergens(default: pd.DataFrame) -> None:
    for row in default.itertuples():
        diets, allergens = set(tags(row.diets)), set(tags(row.allergens))
        if "vegan" in diets:
            assert {"vegetarian", "pescatarian"} <= diets, row.name
            assert not allergens & {"dairy", "egg", "fish", "shellfish"}, row.name
        if "vegetarian" in diets:
            assert "pescatarian" in diets, row.name
            assert not allergens & {"fish", "shellfish"}, row.name


def test_every_food_is_bought_as_purchase_forms(default: pd.DataFrame, ingredients,
                                                purchases) -> None:
    assert set(ingredients["food_id"]) == set(default["food_id"])
    assert set(ingredients["purchase_id"]) == set(purchases["purchase_id"])
    assert (pd.to_numeric(ingredients["purchase_g"]) > 0).all()
    assert set(purchases["aisle"]) <= set(build.AISLES)
    assert set(purchases["staple"]) == {"true", "false"}
    assert purchases["purchase_id"].str.fullmatch(r"\d{5}").all()



def test_a_dish_buys_one_form_of_each_blend(ingredients) -> None:
    # FNDDS averages breads and cheeses; a cook buys one loaf, one cheese.
    source = pd.read_csv(Path(build.__file__).parent.parent / "foods" / "purchases.csv",
                         dtype=str, keep_default_na=False)
    blend = dict(zip(source["purchase_id"], source["blend"], strict=True))
    assert {"sliced bread", "melting cheese", "milk"} <= set(blend.values())
    forms = ingredients.assign(blend=ingredients["purchase_id"].map(blend))
    forms = forms[forms["blend"] != ""].drop_duplicates(["food_id", "blend", "purchase_id"])
    assert not forms.duplicated(["food_id", "blend"]).any()
    grilled_cheese = set(ingredients.loc[ingredients["food_id"] == "14640135", "purchase_id"])
    assert grilled_cheese == {"01009", "01001", "18075"}  # cheddar, butter, one loaf


def test_one_form_per_blend_takes_the_form_with_most_grams() -> None:
    rows = [("18060", "Bread, rye", 3.0, "18060", 1.0),
            ("18075", "Bread, whole-wheat", 18.0, "18075", 1.0),
            ("28397", "Bread, multi-grain", 5.0, "28397", 1.0),
            ("01009", "Cheese, cheddar", 2.0, "01009", 1.0),
            ("01040", "Cheese, swiss", 2.0, "01040", 1.0),
            ("01123", "Egg", 40.0, "01123", 0.9)]
    blend = {"18060": "bread", "18075": "bread", "28397": "bread",
             "01009": "cheese", "01040": "cheese"}
    out = build.one_form_per_blend(rows, blend, lambda code, pid: 0.5)
    assert [r[3] for r in out] == ["18075", "18075", "18075", "01009", "01009", "01123"]
    # Grams eaten stay; a row bought as another form takes that form's yield.
    assert [r[2] for r in out] == [r[2] for r in rows]
    assert [r[4] for r in out] == [0.5, 1.0, 0.5, 1.0, 0.5, 0.9]

def test_a_dish_using_little_bread_buys_crumbs() -> None:
    # A sandwich's slices stay a loaf; a meatloaf's filler is bought as bread crumbs.
    small = {"18069": "18079", "18075": "18079"}
    meatloaf = [("18069", "Bread, white", 10.9, "18069", 1.0),
                ("23575", "Beef, ground", 55.7, "23567", 0.75)]
    out = build.small_uses(meatloaf, small, lambda code, pid: 0.68)
    assert [(r[3], r[4]) for r in out] == [("18079", 0.68), ("23567", 0.75)]
    sandwich = [("18075", "Bread, whole-wheat", 9.0, "18075", 1.0),
                ("18075", "Bread, whole-wheat", 9.0, "18075", 1.0)]
    assert build.small_uses(sandwich, small, lambda code, pid: 0.68) == sandwich


def test_default_prices(default: pd.DataFrame, purchases) -> None:
    priced = default["price"] != ""
    assert priced.mean() > 0.95
    assert set(default.loc[priced, "price_method"]) <= {"direct", "matched", "ingredients"}
    assert (default.loc[~priced, "price_method"] == "").all()
    assert (purchases["price"] != "").mean() > 0.8


def test_default_spot_checks(default: pd.DataFrame, ingredients) -> None:
    rows = default.set_index("food_id")
    bought = ingredients.groupby("food_id")["purchase_id"].apply(set)
    assert "20036" in bought["56205018"]                       # brown rice is bought dry
    assert bought["43108010"] == {"12006"}                     # chia as chia (buy_as)
    assert "sesame" in tags(rows.at["41205070", "allergens"])  # hummus: tahini
    assert "gluten" in tags(rows.at["51300110", "allergens"])  # whole-wheat bread
    assert "gluten" not in tags(rows.at["56205018", "allergens"])
    salmon = rows.loc["26137120"]
    assert "fish" in tags(salmon["allergens"]) and tags(salmon["diets"]) == ["pescatarian"]
    assert rows.at["11112110", "role"] == "milk"
    # A cup of 2 % milk is a cup of dairy; a cup of cooked brown rice two ounces of grain.
    milk = float(rows.at["11112110", "dairy_cup_eq"]) * 244 / 100
    assert milk == pytest.approx(1.0, abs=0.02)
    rice = float(rows.at["56205018", "grains_oz_eq"]) * 196 / 100
    assert rice == pytest.approx(2.3, abs=0.2)
    assert float(rows.at["56205018", "whole_grains_oz_eq"]) > 0
    # Frozen yogurt is made of "Frozen yogurts": dairy, so never vegan.
    assert "dairy" in tags(rows.at["11460000", "allergens"])
    assert "vegan" not in tags(rows.at["11460000", "diets"])
    # FNDDS's ingredient 1111 is averaged milk, though SR28's 01111 is a milk shake: a
    # dish's groups come from what its recipe says, so oatmeal made with milk has dairy.
    assert float(rows.at["56203066", "dairy_cup_eq"]) > 0.3


@RAW
def test_build_reports_every_problem_of_the_curation(tmp_path: Path) -> None:
    for name in ("purchases.csv", "ingredient_map.csv"):
        (tmp_path / name).write_bytes((FOODS / name).read_bytes())
    curation = read_table("curation.csv")
    good = curation[curation["food_code"] == "56205018"]   # brown rice
    rows = pd.concat([
        good.assign(portion="1 bowl", role="side"),
        good.assign(food_code="99999999", name="Nothing"),
        good.assign(name="Brown rice again", diets="vegan;vegetarian", meals="brunch"),
        curation[curation["food_code"] == "26137120"].assign(diets="vegan;vegetarian;"
                                                             "pescatarian"),
    ], ignore_index=True)
    rows.to_csv(tmp_path / "curation.csv", index=False)
    with pytest.raises(build.BuildError) as caught:
        build.build(SR28_DIR, FNDDS_DIR, tmp_path, tmp_path / "out")
    message = str(caught.value)
    assert "curation.csv, row 2, column role: unknown role 'side'" in message
    assert "curation.csv, row 3, column food_code: unknown FNDDS 2017-2018 food code" in message
    assert "curation.csv, row 4, column food_code: 56205018 is listed twice" in message
    assert "row 4, column meals: unknown meal 'brunch'" in message
    assert "row 4, column diets: a vegetarian food must also be pescatarian" in message
    assert "row 5, column diets: curation can only tighten: its ingredients rule out " \
           "vegan, vegetarian" in message
    assert not (tmp_path / "out").exists()


@RAW
def test_a_small_use_must_be_a_listed_form(tmp_path: Path) -> None:
    for name in ("curation.csv", "ingredient_map.csv"):
        (tmp_path / name).write_bytes((FOODS / name).read_bytes())
    purchases = read_table("purchases.csv")
    at = int(purchases.index[purchases["purchase_id"] == "18069"][0])
    purchases.loc[at, "small_use"] = "99999"
    purchases.to_csv(tmp_path / "purchases.csv", index=False)
    with pytest.raises(build.BuildError) as caught:
        build.build(SR28_DIR, FNDDS_DIR, tmp_path, tmp_path / "out")
    assert (f"purchases.csv, row {at + 2}, column small_use: '99999' is not a purchase_id "
            "in this file") in str(caught.value)


@RAW
def test_larger_sizes_are_checked(tmp_path: Path) -> None:
    for name in ("curation.csv", "ingredient_map.csv"):
        (tmp_path / name).write_bytes((FOODS / name).read_bytes())
    purchases = read_table("purchases.csv")
    row = {pid: int(purchases.index[purchases["purchase_id"] == pid][0])
           for pid in ("16139", "11109", "01077")}
    purchases.loc[row["16139"], "larger"] = "half gallon=2"  # soy milk keeps 7 days opened
    purchases.loc[row["11109"], "larger"] = "head"
    purchases.loc[row["01077"], "larger"] = "half gallon=4; quart=2"
    purchases.to_csv(tmp_path / "purchases.csv", index=False)
    with pytest.raises(build.BuildError) as caught:
        build.build(SR28_DIR, FNDDS_DIR, tmp_path, tmp_path / "out")
    message = str(caught.value)
    assert (f"purchases.csv, row {row['16139'] + 2}, column larger: a larger package opened "
            "for one use would keep 7 days") in message
    assert (f"row {row['11109'] + 2}, column larger: expected a package and how many it "
            "holds, like quart=2, got 'head'") in message
    assert f"row {row['01077'] + 2}, column larger: 'quart=2' holds no more" in message


def test_milk_is_bought_by_the_pint_and_listed_in_larger_sizes(purchases) -> None:
    milk = purchases.set_index("purchase_id").loc["01079"]
    assert (milk["package"], milk["package_g"]) == ("pint", "488")
    assert milk["larger"] == "quart=2; half gallon=4; gallon=8"
    assert (purchases["larger"] != "").sum() >= 4


@RAW
def test_an_ingredient_without_a_purchase_form_is_named(tmp_path: Path) -> None:
    (tmp_path / "curation.csv").write_bytes((FOODS / "curation.csv").read_bytes())
    (tmp_path / "purchases.csv").write_bytes((FOODS / "purchases.csv").read_bytes())
    mapping = read_table("ingredient_map.csv")
    mapping[mapping["ingredient_code"] != "16070"].to_csv(tmp_path / "ingredient_map.csv",
                                                          index=False)
    with pytest.raises(build.BuildError) as caught:
        build.build(SR28_DIR, FNDDS_DIR, tmp_path, tmp_path / "out")
    assert "ingredient 16070 (Lentils, mature seeds, cooked, boiled, without salt) has no " \
           "purchase form" in str(caught.value)


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
