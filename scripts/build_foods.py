"""Build the shipped food tables in foods/ from the raw USDA files.

Usage:
    python scripts/build_foods.py [--sr28 DIR] [--fndds DIR] [--foods-dir DIR] [--out DIR]

The raw folders default to $MEALPLAN_SR28_DIR and $MEALPLAN_FNDDS_DIR, else
../shared/data/usda/sr28 and ../shared/data/usda/fndds_2017_2018 beside the
repository. Writes full.csv and portions.csv (every SR28 food and household portion)
and the default table from FNDDS 2017-2018, as curated by hand in foods/curation.csv,
foods/purchases.csv and foods/ingredient_map.csv: default.csv (foods and dishes as
eaten), default_ingredients.csv (what each is made of, and the purchase form each
ingredient is bought as) and default_purchases.csv (what shops sell). The output is
deterministic: sorted rows, shortest float text, UTF-8 and \\n line endings, so a
rebuild is byte-identical. See foods/README.md for the formats and rules.
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd

from mealplan.foods import ALLERGENS, DIETS, MEALS, NUTRIENTS
from mealplan.meals import PLANNED_MEALS, ROLE_NAMES, ROLES
from mealplan.packages import larger_sizes

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fndds_prices  # noqa: E402
import food_rules  # noqa: E402 (sibling script modules)
from food_rules import FOOD_GROUPS, cup_grams  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SR28 = REPO.parent / "shared" / "data" / "usda" / "sr28"
DEFAULT_FNDDS = REPO.parent / "shared" / "data" / "usda" / "fndds_2017_2018"
FOODS_DIR = REPO / "foods"

# SR28 nutrient numbers, in the column order of mealplan.foods.NUTRIENTS.
NUTR_NO: dict[str, str] = {
    "energy_kcal": "208",
    "protein_g": "203",
    "fat_g": "204",
    "saturated_fat_g": "606",
    "carbohydrate_g": "205",
    "fiber_g": "291",
    "sugars_g": "269",
    "sodium_mg": "307",
    "potassium_mg": "306",
    "calcium_mg": "301",
    "magnesium_mg": "304",
    "caffeine_mg": "262",
}
WATER_NO = "255"

# Record counts of the SR28 release (SR28 documentation); anything else is another
# release or a damaged copy, and the tables would silently change.
EXPECTED_ROWS: dict[str, int] = {
    "FOOD_DES.txt": 8789,
    "FD_GROUP.txt": 25,
    "NUT_DATA.txt.gz": 679045,
    "WEIGHT.txt": 15438,
}
FOOD_DES_COLUMNS = [
    "food_id", "group_code", "long_desc", "short_desc", "common_name", "manufacturer",
    "survey", "refuse_desc", "refuse_pct", "sci_name", "n_factor", "pro_factor",
    "fat_factor", "cho_factor",
]  # fmt: skip
WEIGHT_COLUMNS = ["food_id", "seq", "amount", "measure", "grams", "data_points", "std_dev"]

AISLES: tuple[str, ...] = (
    "produce",
    "bakery",
    "dairy & eggs",
    "meat & seafood",
    "grains & pasta",
    "beans & legumes",
    "nuts & seeds",
    "breakfast & cereal",
    "canned goods",
    "frozen",
    "oils & condiments",
    "spices",
    "beverages",
    "snacks & sweets",
)

FULL_COLUMNS = [
    "food_id", "name", "food_group", *NUTRIENTS, "caffeine_basis", "serving_g", "serving_desc",
]  # fmt: skip
PORTION_COLUMNS = ["food_id", "seq", "amount", "measure", "grams"]

# --- Caffeine rule -------------------------------------------------------------------
# SR28 leaves caffeine unreported for 3,393 foods. A missing row is not a zero, but
# almost all of those foods (meat, vegetables, bread...) cannot contain caffeine, so
# they get 0 with basis "assumed_zero". A name with any of these words could contain
# coffee, tea, cocoa or added caffeine, so its caffeine stays unknown instead. Chocolate
# as a flavour (cereals, cookies, ice cream, candy bars) counts: cocoa solids carry
# caffeine. The brand names are chocolate candies whose SR names omit "chocolate".
CAFFEINE_WORDS = (
    r"coffees?|espresso|cappuccino|latte|mocha|frappuccino|macchiato|"
    r"teas?|chai|matcha|kombucha|mate|yerba|guarana|kola|colas?|"
    r"cocoa|cacao|choc|choco|chocolates?|chocolatey|chocolaty|fudge|brownies?|"
    r"devil's food|s'?mores|tiramisu|neapolitan|rocky road|cookies (?:&|and|'n) cremes?|"
    r"caffeine|caffeinated|energy drinks?|energy|pepper-type|dr\.? pepper|soft drinks?|"
    r"(?<!non-)carbonated|"
    r"snickers|milky way|3 musketeers|m&m'?s?|almond joy|mounds|caramello|hershey'?s?|"
    r"york (?:peppermint|bites)|reese'?s|kit kat|twix|butterfinger|baby ruth|100 grand|"
    r"heath|skor|rolo|goobers|raisinets|oreo|after eight|chunky bar|pot of gold|tootsie|"
    r"milk duds"
)
CAFFEINE_PATTERN = re.compile(rf"\b(?:{CAFFEINE_WORDS})\b", re.IGNORECASE)
# Phrases that settle the question despite a caffeine word: the product says so, or
# the word names something else (a cream for coffee, bottled water from a cola maker).
NO_CAFFEINE_PATTERN = re.compile(
    r"without caffeine|caffeine[- ]free|coffee cream|coffee whiteners?|water, bottled",
    re.IGNORECASE,
)
CAFFEINE_BASES = ("reported", "assumed_zero", "unknown")


class BuildError(Exception):
    """The raw data or the curation is wrong; the message lists every problem."""


def may_contain_caffeine(name: str) -> bool:
    """Whether a food name suggests caffeine (see the caffeine rule above)."""
    return bool(CAFFEINE_PATTERN.search(name)) and not NO_CAFFEINE_PATTERN.search(name)


def caffeine_basis(name: str, reported: bool) -> str:
    """``reported``, ``assumed_zero`` or ``unknown`` for one food."""
    if reported:
        return "reported"
    return "unknown" if may_contain_caffeine(name) else "assumed_zero"


# --- Reading SR28 ---------------------------------------------------------------------


def read_sr_table(source: str | Path | io.BytesIO, columns: Sequence[str]) -> pd.DataFrame:
    """Read one SR ASCII file: ``^``-separated, text in ``~``, cp1252, CRLF.

    Every field is read as text; only an empty field becomes NaN (a literal "NA",
    the sodium tag name, stays text). Gzipped files are recognised by name.
    """
    frame = pd.read_csv(
        source,
        sep="^",
        quotechar="~",
        encoding="cp1252",
        header=None,
        names=list(columns),
        dtype=str,
        keep_default_na=False,
        na_values=[""],
        compression="infer" if isinstance(source, (str, Path)) else None,
    )
    return frame


@dataclass(frozen=True)
class SR28:
    """The parts of SR28 the tables are built from."""

    foods: pd.DataFrame
    """FOOD_DES joined with the food group name, indexed by food_id."""
    values: pd.DataFrame
    """Nutrient values (float, NaN when SR28 has no row): foods x Nutr_No."""
    weights: pd.DataFrame
    """WEIGHT rows with numeric seq, amount and grams, sorted by food_id and seq."""


def load_sr28(directory: Path) -> SR28:
    """Read and check the SR28 files the build needs."""
    missing = [name for name in EXPECTED_ROWS if not (directory / name).is_file()]
    if missing:
        raise BuildError(f"{directory}: missing SR28 file(s) {', '.join(missing)}")
    foods = read_sr_table(directory / "FOOD_DES.txt", FOOD_DES_COLUMNS)
    groups = read_sr_table(directory / "FD_GROUP.txt", ["group_code", "food_group"])
    nut = read_sr_table(directory / "NUT_DATA.txt.gz", [f"c{i}" for i in range(18)])
    weights = read_sr_table(directory / "WEIGHT.txt", WEIGHT_COLUMNS)
    counts = {
        "FOOD_DES.txt": len(foods),
        "FD_GROUP.txt": len(groups),
        "NUT_DATA.txt.gz": len(nut),
        "WEIGHT.txt": len(weights),
    }
    wrong = [
        f"{name} has {counts[name]:,} rows, SR28 has {expected:,}"
        for name, expected in EXPECTED_ROWS.items()
        if counts[name] != expected
    ]
    if wrong:
        raise BuildError("not the SR28 release: " + "; ".join(wrong))

    foods = foods.merge(groups, on="group_code", how="left", validate="many_to_one")
    foods["refuse_pct"] = pd.to_numeric(foods["refuse_pct"])
    foods = foods.set_index("food_id").sort_index()

    nut = nut.rename(columns={"c0": "food_id", "c1": "nutr_no", "c2": "value"})
    wanted = nut[nut["nutr_no"].isin([*NUTR_NO.values(), WATER_NO])]
    values = (
        wanted.assign(value=pd.to_numeric(wanted["value"]))
        .pivot(index="food_id", columns="nutr_no", values="value")
        .reindex(index=foods.index, columns=[*NUTR_NO.values(), WATER_NO])
    )

    for column in ("seq", "amount", "grams"):
        weights[column] = pd.to_numeric(weights[column])
    weights = weights.sort_values(["food_id", "seq"], kind="stable").reset_index(drop=True)
    return SR28(foods=foods, values=values, weights=weights)


# --- Formatting -----------------------------------------------------------------------

_FRACTION_DENOMINATORS = (2, 3, 4, 8, 6, 12, 5)


def format_amount(amount: float) -> str:
    """Household amount as text: 0.5 -> "1/2", 1.5 -> "1 1/2", 0.333 -> "1/3", 3 -> "3".

    SR28 stores thirds and sixths rounded (.33, .333, .167); amounts that are not
    close to a simple fraction keep their decimals (3.527 -> "3.527").
    """
    whole = math.floor(amount + 1e-9)
    rest = amount - whole
    if rest < 0.004:
        return str(whole)
    for denominator in _FRACTION_DENOMINATORS:
        numerator = round(rest * denominator)
        if 0 < numerator < denominator and abs(rest - numerator / denominator) < 0.004:
            fraction = Fraction(numerator, denominator)
            text = f"{fraction.numerator}/{fraction.denominator}"
            return f"{whole} {text}" if whole else text
    return format_number(amount)


def serving_text(amount: float, measure: str) -> str:
    """The WEIGHT row as one phrase, e.g. (0.5, "cup") -> "1/2 cup"."""
    return f"{format_amount(amount)} {measure}"


def format_number(value: float) -> str:
    """Shortest text that reads back as the same float; NaN -> "" (unknown)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return np.format_float_positional(float(value), trim="-")


# Purchase forms with less water than this are dry goods (grains, pulses, pasta).
DRY_WATER_G = 20.0


def purchase_yield(water_purchase_g: float, water_eaten_g: float) -> float:
    """Grams of the eaten food per gram of the purchase form, by conservation of solids.

    Cooking adds or removes water but keeps the dry matter: 100 g of dry brown rice
    (11.8 g water) holds 88.2 g of solids, as much as 88.2 / 29.73 = 2.967 times its
    weight of cooked rice (70.27 g water per 100 g). Fresh food loses
    solids into the cooking water and SR28 analysed raw and cooked samples apart, so
    for a fresh purchase form (water >= 20 g/100 g) the yield is capped at 1: boiling
    kale does not make more kale.
    """
    solids = (100 - water_purchase_g) / (100 - water_eaten_g)
    if water_purchase_g >= DRY_WATER_G:
        solids = min(solids, 1.0)
    return round(solids, 3)


def write_table(frame: pd.DataFrame, path: Path) -> None:
    """Write a table as UTF-8 CSV with \\n line endings and every value as text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(frame.columns)
    writer.writerows(frame.itertuples(index=False, name=None))
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")


def _number_column(values: Iterable[float]) -> list[str]:
    return [format_number(v) for v in values]


# --- The tables -----------------------------------------------------------------------


def first_servings(weights: pd.DataFrame) -> pd.DataFrame:
    """serving_g and serving_desc per food: its first WEIGHT row (lowest seq)."""
    first = weights.drop_duplicates("food_id", keep="first").set_index("food_id")
    return pd.DataFrame(
        {
            "serving_g": first["grams"],
            "serving_desc": [
                serving_text(a, m) for a, m in zip(first["amount"], first["measure"], strict=True)
            ],
        },
        index=first.index,
    )


def build_full(sr: SR28) -> pd.DataFrame:
    """One row per SR28 food: names, the 12 nutrients, caffeine basis, a serving."""
    foods = sr.foods
    out = pd.DataFrame(index=foods.index)
    out["name"] = foods["long_desc"]
    out["food_group"] = foods["food_group"]
    for column, number in NUTR_NO.items():
        out[column] = sr.values[number]
    reported = out["caffeine_mg"].notna()
    out["caffeine_basis"] = [
        caffeine_basis(name, has) for name, has in zip(out["name"], reported, strict=True)
    ]
    out.loc[out["caffeine_basis"] == "assumed_zero", "caffeine_mg"] = 0.0
    servings = first_servings(sr.weights).reindex(out.index)
    out["serving_g"] = servings["serving_g"].fillna(100.0)
    out["serving_desc"] = servings["serving_desc"].fillna("100 g")
    out = out.reset_index()
    for column in (*NUTRIENTS, "serving_g"):
        out[column] = _number_column(out[column])
    return out[FULL_COLUMNS]


def build_portions(sr: SR28) -> pd.DataFrame:
    """Every WEIGHT row: food_id, seq, amount, measure, grams."""
    out = sr.weights[PORTION_COLUMNS].copy()
    for column in ("seq", "amount", "grams"):
        out[column] = _number_column(out[column])
    return out


# --- FNDDS: the default table ------------------------------------------------------------

# FNDDS column of each nutrient (nutrient_values.csv), in mealplan.foods.NUTRIENTS order.
FNDDS_NUTRIENTS: dict[str, str] = {
    "energy_kcal": "Energy (kcal)",
    "protein_g": "Protein (g)",
    "fat_g": "Total Fat (g)",
    "saturated_fat_g": "Fatty acids, total saturated (g)",
    "carbohydrate_g": "Carbohydrate (g)",
    "fiber_g": "Fiber, total dietary (g)",
    "sugars_g": "Sugars, total (g)",
    "sodium_mg": "Sodium (mg)",
    "potassium_mg": "Potassium (mg)",
    "calcium_mg": "Calcium (mg)",
    "magnesium_mg": "Magnesium (mg)",
    "caffeine_mg": "Caffeine (mg)",
}
FNDDS_ROWS: dict[str, int] = {
    "foods_and_beverages.csv": 7083,
    "nutrient_values.csv": 7083,
    "portions_and_weights.csv": 32614,
    "ingredients.csv": 29169,
    "ingredient_nutrients.csv": 2750,
}
UNSPECIFIED_PORTION = "Quantity not specified"
# A cooked dish's weight from its recipe by conservation of solids (see
# recipe_grams); outside these ratios to the raw weight the water values disagree
# too much to trust, and the raw weight is used.
COOKED_WEIGHT_RATIO = (0.4, 2.5)
COOK_KINDS = ("batch", "fresh", "ready")
DEFAULT_COOK: dict[str, str] = {
    "main": "batch", "legume": "batch", "starch": "batch", "hot_cereal": "fresh",
    "protein": "fresh", "eggs": "fresh", "vegetable": "fresh", "breakfast_main": "fresh",
}
STORAGE = ("pantry", "fridge", "freezer")

CURATION_COLUMNS = [
    "food_code", "name", "role", "meals", "portion", "measure", "portion_min", "portion_max",
    "portion_step", "family", "max_servings", "diets", "allergens", "cook", "notes",
    "substitute_for", "cuisine",
]  # fmt: skip
PURCHASE_COLUMNS = [
    "purchase_id", "name", "aisle", "staple", "refuse_pct", "package_g", "package", "larger",
    "storage", "keeps_days", "open_days", "blend", "small_use", "source",
]  # fmt: skip
# Grams per 100 g of a dish below which a form with a ``small_use`` is bought as that:
# a meatloaf's 11 g of bread is its filler, a sandwich's 30 g or more its slices.
SMALL_USE_G = 15.0
MAP_COLUMNS = ["ingredient_code", "purchase_id", "yield", "notes"]
DEFAULT_COLUMNS = [
    "food_id", "name", "fndds_name", "category", "role", *NUTRIENTS, "caffeine_basis",
    *FOOD_GROUPS, "serving_g", "serving_desc", "portion_min", "portion_max", "portion_step",
    "meals", "diets", "allergens", "substitute_for", "family", "cuisine", "own_grain",
    "max_servings", "cook", "no_added_salt", "price", "price_method",
]  # fmt: skip
# FNDDS's home recipes add table salt (SR28 02047) to what is cooked: pasta and dry
# beans 0.6 g per 100 g, which is nearly all of their sodium. Foods a person cooks are
# counted without it, as the Dietary Guidelines advise; ready foods keep the salt they
# are sold with.
TABLE_SALT = "02047"
COOKED_KINDS = ("batch", "fresh")
INGREDIENT_COLUMNS = ["food_id", "ingredient_id", "ingredient", "grams", "purchase_id",
                      "purchase_g"]
SHIPPED_PURCHASE_COLUMNS = [
    "purchase_id", "name", "aisle", "staple", "refuse_pct", "package_g", "package", "larger",
    "storage", "keeps_days", "open_days", "kind", "soak_hours", "price",
]  # fmt: skip


@dataclass(frozen=True)
class FNDDS:
    """The parts of FNDDS 2017-2018 the default table is built from."""

    foods: pd.DataFrame
    """Indexed by 8-digit food code: description, category."""
    values: pd.DataFrame
    """Indexed by food code: the 12 nutrients and water_g, per 100 g."""
    portions: pd.DataFrame
    """code, seq, desc, grams: household portions without a subcode, grams > 0."""
    recipes: pd.DataFrame
    """code, ingredient (SR28 code, 5 digits), description, grams in the recipe."""
    ingredient_water: pd.Series
    """Water per 100 g of every recipe ingredient (FNDDS's own values)."""
    ingredient_names: pd.Series
    """Description of every recipe ingredient."""
    ingredient_sodium: pd.Series
    """Sodium (mg) per 100 g of every recipe ingredient (FNDDS's own values)."""


def ingredient_id(code: int | str) -> str:
    """SR28 codes are written without leading zeros in FNDDS recipes: 1107 -> "01107"."""
    return f"{int(code):05d}"


def load_fndds(directory: Path) -> FNDDS:
    """Read and check the FNDDS files the build needs."""
    missing = [name for name in FNDDS_ROWS if not (directory / name).is_file()]
    if missing:
        raise BuildError(f"{directory}: missing FNDDS file(s) {', '.join(missing)}")
    read = {name: pd.read_csv(directory / name, encoding="utf-8") for name in FNDDS_ROWS}
    wrong = [f"{name} has {len(frame):,} rows, FNDDS 2017-2018 has {FNDDS_ROWS[name]:,}"
             for name, frame in read.items() if len(frame) != FNDDS_ROWS[name]]
    if wrong:
        raise BuildError("not FNDDS 2017-2018: " + "; ".join(wrong))
    fb = read["foods_and_beverages.csv"]
    codes = fb["Food code"].map(lambda c: f"{int(c):08d}")
    foods = pd.DataFrame({"description": fb["Main food description"].to_numpy(),
                          "category": fb["WWEIA Category description"].to_numpy()},
                         index=pd.Index(codes, name="code"))
    nv = read["nutrient_values.csv"]
    values = pd.DataFrame({n: nv[c].to_numpy(float) for n, c in FNDDS_NUTRIENTS.items()},
                          index=nv["Food code"].map(lambda c: f"{int(c):08d}"))
    values["water_g"] = nv["Water (g)"].to_numpy(float)
    pw = read["portions_and_weights.csv"]
    pw = pw[pw["Subcode"].isna() & (pw["Portion weight (g)"] > 0)
            & (pw["Portion description"] != UNSPECIFIED_PORTION)]
    portions = pd.DataFrame({
        "code": pw["Food code"].map(lambda c: f"{int(c):08d}").to_numpy(),
        "seq": pw["Seq num"].to_numpy(int),
        "desc": pw["Portion description"].str.strip().to_numpy(),
        "grams": pw["Portion weight (g)"].to_numpy(float),
    }).sort_values(["code", "seq"], kind="stable").reset_index(drop=True)
    ing = read["ingredients.csv"]
    recipes = pd.DataFrame({
        "code": ing["parent_foodcode"].map(lambda c: f"{int(c):08d}").to_numpy(),
        "ingredient": ing["ingred_code"].map(ingredient_id).to_numpy(),
        "description": ing["ingred_desc"].to_numpy(),
        "grams": ing["ingred_wt"].to_numpy(float),
    })
    inut = read["ingredient_nutrients.csv"]
    index = inut["ingred_code"].map(ingredient_id)
    water = pd.Series(inut["Water"].to_numpy(float), index=index)
    names = pd.Series(inut["Ingredient description"].to_numpy(), index=index)
    sodium = pd.Series(inut["Sodium"].to_numpy(float), index=index)
    return FNDDS(foods, values, portions, recipes, water, names, sodium)


def recipe_grams(recipe: pd.DataFrame, water: pd.Series, dish_water_g: float) -> np.ndarray:
    """Grams of each recipe ingredient in 100 g of the dish as eaten.

    FNDDS applies moisture changes on cooking that the recipe table does not hold, so
    the cooked weight comes from conservation of solids: the dish holds the solids of
    its ingredients at its own water content. A lentil soup of 1,947 g of raw
    ingredients with 14 % solids overall and 13 % in the soup weighs about 2,090 g.
    """
    grams = recipe["grams"].to_numpy(float)
    raw = grams.sum()
    solids = (grams * (100 - water.reindex(recipe["ingredient"]).fillna(0).to_numpy())).sum()
    cooked = solids / max(100 - dish_water_g, 1e-9)
    low, high = COOKED_WEIGHT_RATIO
    if not low <= cooked / raw <= high:
        cooked = raw
    return 100 * grams / cooked


def read_source(path: Path, columns: Sequence[str]) -> pd.DataFrame:
    """Read one curation source file as text, empty cells as ""."""
    if not path.is_file():
        raise BuildError(f"{path}: missing curation file")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise BuildError(f"{path.name}: missing column(s) {', '.join(missing)}")
    return frame


class Problems:
    """Problems in the curation files, each naming file, row and column."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, file: str, row: int | None, column: str | None, text: str) -> None:
        # Row numbers as a spreadsheet shows them: the header is row 1.
        where = [file] + ([f"row {row + 2}"] if row is not None else []) + (
            [f"column {column}"] if column else [])
        self.lines.append(f"{', '.join(where)}: {text}")

    def raise_if_any(self) -> None:
        if self.lines:
            raise BuildError(f"{len(self.lines)} problem(s):\n" + "\n".join(self.lines))


def _number(cell: str, problems: Problems, file: str, row: int, column: str, *,
            positive: bool = True, default: float = math.nan) -> float:
    text = cell.strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or (value <= 0 if positive else value < 0):
        problems.add(file, row, column, f"expected a number {'> 0' if positive else '>= 0'}, "
                     f"got {cell!r}")
        return math.nan
    return value


def read_purchases(path: Path, sr: SR28, problems: Problems) -> pd.DataFrame:
    """foods/purchases.csv, checked, with SR28's refuse where none is given."""
    frame = read_source(path, PURCHASE_COLUMNS)
    file = path.name
    seen: set[str] = set()
    rows = []
    for i, row in enumerate(frame.to_dict("records")):
        pid = row["purchase_id"].strip()
        if pid not in sr.foods.index:
            problems.add(file, i, "purchase_id", f"unknown SR28 food {pid!r}")
            continue
        if pid in seen:
            problems.add(file, i, "purchase_id", f"{pid} is listed twice")
        seen.add(pid)
        if not row["name"].strip():
            problems.add(file, i, "name", "empty")
        if row["aisle"].strip() not in AISLES:
            problems.add(file, i, "aisle",
                         f"unknown aisle {row['aisle']!r}; allowed: {', '.join(AISLES)}")
        staple = row["staple"].strip().lower()
        if staple not in ("", "true", "false"):
            problems.add(file, i, "staple", f"expected true, false or empty, got {row['staple']!r}")
        refuse = _number(row["refuse_pct"], problems, file, i, "refuse_pct", positive=False,
                         default=purchase_refuse(sr.foods, pid))
        if math.isnan(refuse):  # SR28 gives no refuse for foods without any
            refuse = 0.0
        if refuse >= 100:
            problems.add(file, i, "refuse_pct", f"expected under 100, got {row['refuse_pct']!r}")
        package_g = _number(row["package_g"], problems, file, i, "package_g")
        if row["package_g"].strip() and not row["package"].strip():
            problems.add(file, i, "package", "a package size needs its words, e.g. 15-oz can")
        storage = row["storage"].strip()
        if storage and storage not in STORAGE:
            problems.add(file, i, "storage", f"expected one of {', '.join(STORAGE)}, "
                         f"got {storage!r}")
        keeps = _number(row["keeps_days"], problems, file, i, "keeps_days")
        opened = _number(row["open_days"], problems, file, i, "open_days")
        larger = _larger(row, keeps, opened, problems, file, i)
        group = sr.foods.at[pid, "group_code"]
        kind = ("meat" if group in food_rules.MEAT_GROUPS else
                "fish" if group == food_rules.FISH else "")
        rows.append({
            "purchase_id": pid, "name": row["name"].strip(), "aisle": row["aisle"].strip(),
            "staple": "true" if staple == "true" else "false",
            "refuse_pct": format_number(refuse), "package_g": format_number(package_g),
            "package": row["package"].strip(), "larger": larger, "storage": storage,
            "keeps_days": format_number(keeps), "open_days": format_number(opened),
            "kind": kind, "blend": row["blend"].strip(), "small_use": row["small_use"].strip(),
            "soak_hours": format_number(food_rules.soak_hours(
                str(sr.foods.at[pid, "long_desc"])) or math.nan),
        })
    listed = {r["purchase_id"] for r in rows}
    for i, r in enumerate(rows):
        if r["small_use"] and r["small_use"] not in listed:
            problems.add(file, i, "small_use", f"{r['small_use']!r} is not a purchase_id in "
                         "this file")
            r["small_use"] = ""  # reported: the build goes on to find the other problems
    out = pd.DataFrame(rows, columns=[*SHIPPED_PURCHASE_COLUMNS, "blend", "small_use"])
    return out.sort_values("purchase_id", kind="stable").reset_index(drop=True)


def _larger(row: Mapping[str, str], keeps: float, opened: float, problems: Problems,
            file: str, i: int) -> str:
    """A form's ``larger`` sizes, checked, as the shipped table writes them.

    A larger size is what a shopping list buys for several packages bought the same
    day, so it is listed only where opening one does not shorten how long it keeps.
    """
    text = row["larger"].strip()
    if not text:
        return ""
    try:
        sizes = larger_sizes(text)
    except ValueError as exc:
        problems.add(file, i, "larger", str(exc))
        return ""
    if not row["package"].strip():
        problems.add(file, i, "larger", "larger sizes need the form's own package")
        return ""
    if not math.isnan(opened) and (math.isnan(keeps) or opened < keeps):
        problems.add(file, i, "larger", "a larger package opened for one use would keep "
                     f"{format_number(opened)} days, fewer than the packages it stands for; "
                     "list larger sizes only where open_days is empty or at least keeps_days")
        return ""
    return "; ".join(f"{words}={count}" for words, count in sizes)


def read_ingredient_map(path: Path, purchases: pd.DataFrame, problems: Problems
                        ) -> dict[str, tuple[str | None, float]]:
    """foods/ingredient_map.csv: ingredient code -> (purchase_id or None, yield or NaN)."""
    frame = read_source(path, MAP_COLUMNS)
    known = set(purchases["purchase_id"])
    mapping: dict[str, tuple[str | None, float]] = {}
    for i, row in enumerate(frame.to_dict("records")):
        code = row["ingredient_code"].strip()
        if not code.isdigit():
            problems.add(path.name, i, "ingredient_code", f"expected an SR28 code, got {code!r}")
            continue
        code = ingredient_id(code)
        if code in mapping:
            problems.add(path.name, i, "ingredient_code", f"{code} is mapped twice")
        pid = row["purchase_id"].strip()
        if pid != "none" and pid not in known:
            problems.add(path.name, i, "purchase_id",
                         f"{pid!r} is not a purchase_id of purchases.csv (or `none`)")
        given = _number(row["yield"], problems, path.name, i, "yield")
        mapping[code] = (None if pid == "none" else pid, given)
    return mapping


_GRAMS = re.compile(r"^(?:(?P<desc>.*?\S)\s*=\s*)?(?P<grams>\d+(?:\.\d+)?)\s*g$")
def purchase_refuse(foods: pd.DataFrame, purchase_id: str) -> float:
    """SR28's refuse of a purchase form, except nuts and seeds, which are bought shelled.

    SR28 gives almonds 60 % refuse: the shells of nuts bought in the shell. Shops sell
    them shelled, so a list would otherwise ask for two and a half times too much.
    """
    if foods.at[purchase_id, "food_group"] == "Nut and Seed Products":
        return 0.0
    return float(foods.at[purchase_id, "refuse_pct"])


_FAMILY = re.compile(r"^[a-z][a-z0-9_]*$")


def _tag_list(cell: str) -> list[str]:
    return [t.strip() for t in cell.split(";") if t.strip()]


def _portion_steps(low: float, high: float, step: float) -> bool:
    """Whether a range is whole steps: 0.5-1.5 by 0.5, not 0.5-1.2."""
    return all(abs(v / step - round(v / step)) < 1e-9 for v in (low, high)) and low <= high


def sr_cup_grams(sr: SR28) -> dict[str, float]:
    """Grams in one cup of each SR28 food that has a cup measure."""
    measures: dict[str, dict[str, float]] = {}
    for food_id, amount, measure, grams in sr.weights[
        ["food_id", "amount", "measure", "grams"]
    ].itertuples(index=False, name=None):
        if amount > 0:
            measures.setdefault(food_id, {}).setdefault(measure.strip(), grams / amount)
    cups = {fid: cup_grams(m) for fid, m in measures.items()}
    return {fid: g for fid, g in cups.items() if g is not None}


def build_default_fndds(sr: SR28, fndds: FNDDS, foods_dir: Path,
                        food_prices: pd.DataFrame | None = None,
                        ingredient_prices: pd.DataFrame | None = None,
                        ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The default table, its ingredients, purchases and portions, from the curation.

    ``food_prices`` and ``ingredient_prices`` (scripts/fndds_prices.py) give each food
    its price per 100 g as eaten and each purchase form its price per 100 g as bought;
    without them both stay empty. Raises BuildError listing every problem in the three
    curation files.
    """
    problems = Problems()
    purchases = read_purchases(foods_dir / "purchases.csv", sr, problems)
    mapping = read_ingredient_map(foods_dir / "ingredient_map.csv", purchases, problems)
    curation = read_source(foods_dir / "curation.csv", CURATION_COLUMNS)
    file = "curation.csv"
    purchase_ids = set(purchases["purchase_id"])
    refuse = dict(zip(purchases["purchase_id"], purchases["refuse_pct"].astype(float),
                      strict=True))
    cups = sr_cup_grams(sr)
    sr_water = sr.values[WATER_NO]
    portions_by_code = {code: dict(zip(g["desc"], g["grams"], strict=True))
                        for code, g in fndds.portions.groupby("code", sort=False)}
    recipes = dict(tuple(fndds.recipes.groupby("code", sort=False)))
    tags_cache: dict[str, food_rules.IngredientTags] = {}
    groups_cache: dict[str, dict[str, float]] = {}

    def ingredient_info(code: str) -> tuple[food_rules.IngredientTags, dict[str, float]]:
        if code not in tags_cache:
            in_sr = code in sr.foods.index
            group = sr.foods.at[code, "group_code"] if in_sr else None
            # FNDDS's own name says what the recipe holds: a few of its codes name
            # another SR28 food (1111 is averaged milk in FNDDS, milk shakes in SR28).
            desc = str(fndds.ingredient_names.get(code, "")) or (
                sr.foods.at[code, "long_desc"] if in_sr else "")
            water = float(fndds.ingredient_water.get(code, math.nan))
            tags_cache[code] = food_rules.ingredient_tags(group, desc)
            groups_cache[code] = food_rules.food_group_amounts(
                group, desc, 0.0 if math.isnan(water) else water, cups.get(code))
        return tags_cache[code], groups_cache[code]

    def yield_between(code: str, pid: str) -> float:
        # The yield rule's water ratio, for a form the map gives no yield for.
        eaten = sr_water.get(code, fndds.ingredient_water.get(code, math.nan))
        bought = sr_water.get(pid, math.nan)
        return (1.0 if pid == code or math.isnan(eaten) or math.isnan(bought)
                else purchase_yield(bought, eaten))

    def purchase_of(code: str) -> tuple[str | None, float] | None:
        if code in mapping:
            pid, given = mapping[code]
        elif code in purchase_ids:
            pid, given = code, 1.0
        else:
            return None
        if pid is None:
            return None, math.nan
        return pid, yield_between(code, pid) if math.isnan(given) else given

    blend_of = {pid: b for pid, b in zip(purchases["purchase_id"], purchases["blend"],
                                          strict=True) if b}
    small_use = {pid: s for pid, s in zip(purchases["purchase_id"], purchases["small_use"],
                                          strict=True) if s}

    food_price: dict[str, float] = {}
    food_method: dict[str, str] = {}
    if food_prices is not None:
        priced = food_prices.dropna(subset=["price_100g"])
        food_price = dict(zip(priced["food_code"], priced["price_100g"], strict=True))
        food_method = dict(zip(priced["food_code"], priced["price_method"], strict=True))
    bought_as: dict[str, tuple[str, float]] = {}
    rows, ingredient_rows, portion_rows = [], [], []
    seen_codes: set[str] = set()
    seen_names: set[str] = set()
    unmapped: dict[str, list[str]] = {}
    for i, cur in enumerate(curation.to_dict("records")):
        code = cur["food_code"].strip()
        if not (code.isdigit() and len(code) == 8 and code in fndds.foods.index):
            problems.add(file, i, "food_code", f"unknown FNDDS 2017-2018 food code {code!r}")
            continue
        if code in seen_codes:
            problems.add(file, i, "food_code", f"{code} is listed twice")
        seen_codes.add(code)
        name = cur["name"].strip()
        if not name:
            problems.add(file, i, "name", "empty")
        elif name.lower() in seen_names:
            problems.add(file, i, "name", f"{name!r} is used twice")
        seen_names.add(name.lower())
        role = cur["role"].strip()
        if role not in ROLE_NAMES:
            problems.add(file, i, "role",
                         f"unknown role {role!r}; allowed: {', '.join(ROLE_NAMES)}")
            continue
        rule = ROLES[role]
        meals = _tag_list(cur["meals"]) or [m for m in PLANNED_MEALS if m in rule.meals]
        for meal in meals:
            if meal not in PLANNED_MEALS:
                problems.add(file, i, "meals", f"unknown meal {meal!r}; allowed: "
                             f"{', '.join(PLANNED_MEALS)}")
        if role == "drink":
            meals = [*meals, "drink"]
        portion = cur["portion"].strip()
        grams_match = _GRAMS.match(portion)
        known_portions = portions_by_code.get(code, {})
        if grams_match:
            serving_g: float = float(grams_match["grams"])
            default_desc = grams_match["desc"] or f"{format_number(serving_g)} g"
        elif portion in known_portions:
            serving_g, default_desc = known_portions[portion], portion
        else:
            problems.add(file, i, "portion", f"{portion!r} is not a portion of {code} "
                         f"(portions: {'; '.join(known_portions) or 'none'})")
            serving_g, default_desc = math.nan, portion
        serving_desc = cur["measure"].strip() or default_desc
        low, high, step = (
            _number(cur[column], problems, file, i, column, default=fallback)
            for column, fallback in zip(("portion_min", "portion_max", "portion_step"),
                                        rule.portion, strict=True))
        if not any(math.isnan(v) for v in (low, high, step)) and not _portion_steps(
                low, high, step):
            problems.add(file, i, "portion_min", f"servings {low:g}-{high:g} are not whole "
                         f"steps of {step:g}")
        families = [part.strip() for part in cur["family"].split(";") if part.strip()]
        for family in families:
            if not _FAMILY.match(family):
                problems.add(file, i, "family", f"{family!r} is not a lower_case_name")
        cuisine = cur["cuisine"].strip()
        if cuisine and not _FAMILY.match(cuisine):
            problems.add(file, i, "cuisine", f"{cuisine!r} is not a lower_case_name")
        max_servings = _number(cur["max_servings"], problems, file, i, "max_servings")
        cook = cur["cook"].strip() or DEFAULT_COOK.get(role, "ready")
        if cook not in COOK_KINDS:
            problems.add(file, i, "cook", f"expected one of {', '.join(COOK_KINDS)}, got {cook!r}")

        buy_as = cur.get("buy_as", "").strip()
        if buy_as and buy_as not in purchase_ids:
            problems.add(file, i, "buy_as", f"{buy_as!r} is not a purchase_id of purchases.csv")
            buy_as = ""
        recipe = recipes.get(code)
        if recipe is None:
            problems.add(file, i, "food_code", f"{code} has no FNDDS recipe")
            continue
        values = fndds.values.loc[code]
        grams = recipe_grams(recipe, fndds.ingredient_water, float(values["water_g"]))
        if cook == "ready" and len(recipe) == 1:
            # A ready food of one ingredient is that ingredient as bought, gram for gram:
            # a water difference between FNDDS and SR28 is two measurements, not
            # cooking, and would have a 150-g cup of yogurt need a second cup.
            grams = np.array([100.0])
        diets = set(food_rules.ALL_DIETS)
        allergens: set[str] = set()
        groups = dict.fromkeys(FOOD_GROUPS, 0.0)
        dish_rows: list[tuple[str, str, float, str, float]] = []
        salt = recipe["ingredient"].to_numpy() == TABLE_SALT
        # FNDDS's sodium is its ingredients' over the cooked weight: without the salt,
        # the others' share of it (moisture changes cancel).
        ingredient_na = (recipe["grams"].to_numpy(float) * fndds.ingredient_sodium.reindex(
            recipe["ingredient"]).to_numpy(float))
        unsalted = (cook in COOKED_KINDS and bool(salt.any())
                    and not np.isnan(ingredient_na).any() and ingredient_na.sum() > 0)
        sodium = float(values["sodium_mg"])
        if unsalted:
            sodium *= float(ingredient_na[~salt].sum() / ingredient_na.sum())
        for ingredient, description, g in zip(recipe["ingredient"], recipe["description"],
                                              grams, strict=True):
            if unsalted and ingredient == TABLE_SALT:
                continue  # neither counted nor bought
            tags, amounts = ingredient_info(ingredient)
            diets &= tags.diets
            allergens |= tags.allergens
            for group, per_g in amounts.items():
                groups[group] += per_g * g
            if buy_as:
                continue
            bought = purchase_of(ingredient)
            if bought is None:
                unmapped.setdefault(ingredient, []).append(f"{code} {name}")
                continue
            pid, yield_ = bought
            if pid is None:  # tap water: neither bought nor shown
                continue
            bought_as[ingredient] = (pid, yield_)
            dish_rows.append((ingredient, description, g, pid, yield_))
        for ingredient, description, g, pid, yield_ in small_uses(one_form_per_blend(
                dish_rows, blend_of, yield_between), small_use, yield_between):
            purchase_g = g / yield_ / (1 - refuse[pid] / 100)
            ingredient_rows.append({
                "food_id": code, "ingredient_id": ingredient, "ingredient": description,
                "grams": format_number(round(g, 3)), "purchase_id": pid,
                "purchase_g": format_number(round(purchase_g, 3)),
            })
        if buy_as:
            eaten, bought_water = float(values["water_g"]), sr_water.get(buy_as, math.nan)
            yield_ = 1.0 if math.isnan(bought_water) else purchase_yield(bought_water, eaten)
            ingredient_rows.append({
                "food_id": code, "ingredient_id": buy_as,
                "ingredient": sr.foods.at[buy_as, "long_desc"], "grams": "100",
                "purchase_id": buy_as,
                "purchase_g": format_number(round(100 / yield_ / (1 - refuse[buy_as] / 100), 3)),
            })
        given_diets = cur["diets"].strip()
        if given_diets:
            chosen = set() if given_diets == "none" else set(_tag_list(given_diets))
            for diet in chosen - set(DIETS):
                problems.add(file, i, "diets", f"unknown diet {diet!r}")
            for looser, stricter in (("vegetarian", "vegan"), ("pescatarian", "vegetarian")):
                if stricter in chosen and looser not in chosen:
                    problems.add(file, i, "diets", f"a {stricter} food must also be {looser}")
            loosened = chosen - diets
            if loosened:
                problems.add(file, i, "diets", f"curation can only tighten: its ingredients "
                             f"rule out {', '.join(sorted(loosened))}")
            diets &= chosen
        added = set(_tag_list(cur["allergens"]))
        for allergen in added - set(ALLERGENS):
            problems.add(file, i, "allergens", f"unknown allergen {allergen!r}")
        allergens |= added & set(ALLERGENS)
        diets &= food_rules.diets_allowing(allergens)
        # A substitute (gluten-free pasta) is planned only for those who avoid what it
        # replaces: for everyone else the usual food is cheaper and what they would buy.
        substitutes = set(_tag_list(cur["substitute_for"]))
        for allergen in substitutes - set(ALLERGENS):
            problems.add(file, i, "substitute_for", f"unknown allergen {allergen!r}")
        for allergen in sorted(substitutes & allergens):
            problems.add(file, i, "substitute_for",
                         f"a substitute for {allergen} cannot contain {allergen}")
        for seq, (desc, g) in enumerate(known_portions.items(), start=1):
            amount, measure = split_portion(desc)
            portion_rows.append({"food_id": code, "seq": str(seq), "amount": format_number(amount),
                                 "measure": measure, "grams": format_number(g)})
        rows.append({
            "food_id": code, "name": name, "fndds_name": fndds.foods.at[code, "description"],
            "category": fndds.foods.at[code, "category"], "role": role,
            **{n: format_number(values[n]) for n in NUTRIENTS},
            "sodium_mg": format_number(round(sodium, 3)),
            "caffeine_basis": "reported",
            **{g: format_number(round(v, 4)) for g, v in groups.items()},
            "serving_g": format_number(serving_g), "serving_desc": serving_desc,
            "portion_min": format_number(low), "portion_max": format_number(high),
            "portion_step": format_number(step),
            "meals": ";".join(m for m in MEALS if m in meals),
            "diets": ";".join(d for d in DIETS if d in diets),
            "allergens": ";".join(a for a in ALLERGENS if a in allergens),
            "substitute_for": ";".join(a for a in ALLERGENS if a in substitutes),
            "family": ";".join(dict.fromkeys(families + (food_rules.made_of_families(
                zip(recipe["description"], grams, strict=True))
                if role in ("main", "vegetable") else []))),
            "cuisine": cuisine,
            "own_grain": ("true" if role == "main" and food_rules.has_own_grain(
                str(fndds.foods.at[code, "category"]), groups["grains_oz_eq"]) else ""),
            "max_servings": format_number(max_servings), "cook": cook,
            "no_added_salt": "true" if unsalted else "",
            "price": format_number(round(food_price.get(code, math.nan), 6)),
            "price_method": food_method.get(code, ""),
        })
    for ingredient, users in sorted(unmapped.items()):
        description = (sr.foods.at[ingredient, "long_desc"] if ingredient in sr.foods.index
                       else fndds.ingredient_names.get(ingredient, "?"))
        shown = ", ".join(users[:3]) + (f" and {len(users) - 3} more" if len(users) > 3 else "")
        problems.add("ingredient_map.csv", None, None,
                     f"ingredient {ingredient} ({description}) has no purchase form: add it to "
                     f"purchases.csv or map it here (used by {shown})")
    problems.raise_if_any()
    default = pd.DataFrame(rows, columns=DEFAULT_COLUMNS).sort_values("food_id", kind="stable")
    ingredients = pd.DataFrame(ingredient_rows, columns=INGREDIENT_COLUMNS)
    used = set(ingredients["purchase_id"])
    purchases = purchases[purchases["purchase_id"].isin(used)].copy()
    purchases["price"] = ""
    if ingredient_prices is not None:
        # FNDDS-internal ingredients (4322 vegetable oil) are written without zeros there.
        mapping = pd.DataFrame(
            [(code if code in sr.foods.index else str(int(code)), pid, y)
             for code, (pid, y) in sorted(bought_as.items())],
            columns=["ingredient_code", "purchase_id", "yield"])
        bought = fndds_prices.purchase_prices(ingredient_prices, mapping, refuse)
        price = dict(zip(bought["purchase_id"], bought["price_100g"], strict=True))
        purchases["price"] = [format_number(round(price.get(p, math.nan), 6))
                              for p in purchases["purchase_id"]]
    portions = pd.DataFrame(portion_rows, columns=PORTION_COLUMNS)
    return (default.reset_index(drop=True),
            ingredients.sort_values(["food_id", "ingredient_id"], kind="stable")
            .reset_index(drop=True),
            purchases[SHIPPED_PURCHASE_COLUMNS].reset_index(drop=True), portions)


def one_form_per_blend(rows: Sequence[tuple[str, str, float, str, float]],
                       blend_of: Mapping[str, str],
                       yield_between: Callable[[str, str], float],
                       ) -> list[tuple[str, str, float, str, float]]:
    """A dish's ingredients with each blend bought as one form.

    FNDDS recipes average what people use: a grilled cheese sandwich is 45 g of
    whole-wheat, 5 g of multigrain and 3 g of rye bread per 100 g, a cheese omelet five
    cheeses. A cook uses one loaf, one cheese: ingredients whose purchase forms share a
    ``blend`` in purchases.csv are bought as the blend's form with the most grams in the
    dish (ties: the lowest purchase id), with that form's yield. Rows are
    ``(ingredient, description, grams, purchase_id, yield)``.
    """
    grams: dict[str, dict[str, float]] = {}
    for _, _, g, pid, _ in rows:
        if pid in blend_of:
            by_form = grams.setdefault(blend_of[pid], {})
            by_form[pid] = by_form.get(pid, 0.0) + g
    chosen = {blend: min(forms, key=lambda p: (-forms[p], p)) for blend, forms in grams.items()}
    out = []
    for ingredient, description, g, pid, yield_ in rows:
        form = chosen.get(blend_of.get(pid, ""), pid)
        out.append((ingredient, description, g, form,
                    yield_ if form == pid else yield_between(ingredient, form)))
    return out


def small_uses(rows: Sequence[tuple[str, str, float, str, float]],
               small_use: Mapping[str, str],
               yield_between: Callable[[str, str], float],
               ) -> list[tuple[str, str, float, str, float]]:
    """A dish's ingredients with a form it uses little of bought as that form's
    ``small_use``.

    Stuffed peppers are 2 g of white bread per 100 g and a meatloaf 11 g: crumbs and
    filler, bought as a canister of bread crumbs that keeps, not a loaf that goes stale
    for one dish. A form with a ``small_use`` in purchases.csv is bought as it where the
    dish has under SMALL_USE_G grams of it per 100 g, with that form's yield. Rows are
    ``(ingredient, description, grams, purchase_id, yield)``.
    """
    grams: dict[str, float] = {}
    for _, _, g, pid, _ in rows:
        grams[pid] = grams.get(pid, 0.0) + g
    out = []
    for ingredient, description, g, pid, yield_ in rows:
        form = small_use.get(pid, pid) if grams[pid] < SMALL_USE_G else pid
        out.append((ingredient, description, g, form,
                    yield_ if form == pid else yield_between(ingredient, form)))
    return out


_LEADING_AMOUNT = re.compile(r"^(?P<amount>\d+(?:\.\d+)?(?:/\d+)?)\s+(?P<measure>.+)$")


def split_portion(desc: str) -> tuple[float, str]:
    """An FNDDS portion text as amount and measure: "1 cup, cooked" -> (1, "cup, cooked")."""
    match = _LEADING_AMOUNT.match(desc)
    if not match:
        return 1.0, desc
    text = match["amount"]
    amount = float(Fraction(text)) if "/" in text else float(text)
    return amount, match["measure"]


def build(sr28_dir: Path, fndds_dir: Path, foods_dir: Path, out_dir: Path) -> dict[str, int]:
    """Build every table into out_dir; return the row count per file written."""
    sr = load_sr28(sr28_dir)
    fndds = load_fndds(fndds_dir)
    full = build_full(sr)
    # The price files sit beside FNDDS and SR28 in the USDA folder (PROVENANCE.md).
    food_prices, ingredient_prices = fndds_prices.price_tables(fndds_dir.parent)
    default, ingredients, purchases, default_portions = build_default_fndds(
        sr, fndds, foods_dir, food_prices, ingredient_prices)
    portions = pd.concat([build_portions(sr), default_portions], ignore_index=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = {"full.csv": full, "portions.csv": portions, "default.csv": default,
              "default_ingredients.csv": ingredients, "default_purchases.csv": purchases}
    for name, frame in tables.items():
        write_table(frame, out_dir / name)
    return {name: len(frame) for name, frame in tables.items()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sr28",
        type=Path,
        default=Path(os.environ.get("MEALPLAN_SR28_DIR", DEFAULT_SR28)),
        help="folder with the raw SR28 files (default: $MEALPLAN_SR28_DIR or %(default)s)",
    )
    parser.add_argument(
        "--fndds",
        type=Path,
        default=Path(os.environ.get("MEALPLAN_FNDDS_DIR", DEFAULT_FNDDS)),
        help="folder with the FNDDS 2017-2018 CSV files (default: $MEALPLAN_FNDDS_DIR or "
        "%(default)s)",
    )
    parser.add_argument("--foods-dir", type=Path, default=FOODS_DIR,
                        help="folder with curation.csv, purchases.csv and ingredient_map.csv")
    parser.add_argument("--out", type=Path, default=FOODS_DIR, help="output folder")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        counts = build(args.sr28, args.fndds, args.foods_dir, args.out)
    except BuildError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - started
    written = ", ".join(f"{name} {rows:,} rows" for name, rows in counts.items())
    print(f"Wrote {written} to {args.out} in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
