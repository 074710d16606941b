"""Build the shipped food tables in foods/ from the raw USDA SR28 files.

Usage:
    python scripts/build_foods.py [--sr28 DIR] [--out DIR]

DIR defaults to $MEALPLAN_SR28_DIR, else ../shared/data/usda/sr28 relative to the
repository root. Writes full.csv, portions.csv and default.csv (the hand-curated
foods/curation.csv joined with SR28 values). The output is deterministic: sorted rows,
shortest float text, UTF-8 and \\n line endings, so a rebuild is byte-identical.
See foods/README.md for the table format and the caffeine and yield rules.
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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd

from mealplan.foods import ALLERGENS, DIETS, MEALS, NUTRIENTS

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SR28 = REPO.parent / "shared" / "data" / "usda" / "sr28"
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
FAMILY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")

FULL_COLUMNS = [
    "food_id", "name", "food_group", *NUTRIENTS, "caffeine_basis", "serving_g", "serving_desc",
]  # fmt: skip
PORTION_COLUMNS = ["food_id", "seq", "amount", "measure", "grams"]
DEFAULT_COLUMNS = [
    "food_id", "name", "usda_name", "food_group", *NUTRIENTS, "caffeine_basis",
    "serving_g", "serving_desc", "meals", "diets", "allergens", "aisle", "max_servings",
    "family", "purchase_id", "purchase_name", "purchase_yield", "purchase_refuse_pct",
    "piece_g", "piece_name", "piece_plural", "staple",
]  # fmt: skip
CURATION_COLUMNS = [
    "food_id", "name", "serving", "meals", "diets", "allergens", "aisle", "max_servings",
    "family", "purchase_id", "purchase_name", "purchase_yield", "piece", "piece_name",
    "piece_plural", "staple", "notes",
]  # fmt: skip

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


def read_curation(path: Path) -> pd.DataFrame:
    """Read foods/curation.csv as text, empty cells as ""."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in CURATION_COLUMNS if c not in frame.columns]
    if missing:
        raise BuildError(f"{path.name}: missing column(s) {', '.join(missing)}")
    return frame


def _tags(cell: str) -> list[str]:
    return [t.strip() for t in cell.split(";") if t.strip()]


# A serving given in grams: "30 g", or with its household words "1/2 avocado = 100 g".
_GRAMS = re.compile(r"^(?:(?P<desc>.*?\S)\s*=\s*)?(?P<grams>\d+(?:\.\d+)?)\s*g$")


def purchase_refuse(foods: pd.DataFrame, purchase_id: str) -> float:
    """SR28's refuse of a purchase form, except nuts and seeds, which are bought shelled.

    SR28 gives almonds 60 % refuse: the shells of nuts bought in the shell. Shops sell
    them shelled, so a list would otherwise ask for two and a half times too much.
    """
    if foods.at[purchase_id, "food_group"] == "Nut and Seed Products":
        return 0.0
    return foods.at[purchase_id, "refuse_pct"]


def build_default(sr: SR28, full: pd.DataFrame, curation: pd.DataFrame) -> pd.DataFrame:
    """Join the curation with SR28; raise BuildError listing every bad cell."""
    problems: list[str] = []
    foods = sr.foods
    full_by_id = full.set_index("food_id")
    descs: dict[str, dict[str, float]] = {}
    for food_id, amount, measure, grams in sr.weights[
        ["food_id", "amount", "measure", "grams"]
    ].itertuples(index=False, name=None):
        descs.setdefault(food_id, {}).setdefault(serving_text(amount, measure), grams)
    curated_names = dict(zip(curation["food_id"], curation["name"], strict=True))

    def problem(row: int, column: str, text: str) -> None:
        # Row numbers as a spreadsheet shows them: the header is row 1.
        problems.append(f"curation.csv, row {row + 2}, column {column}: {text}")

    def check_tags(i: int, column: str, cell: str, allowed: Sequence[str]) -> list[str]:
        tags = _tags(cell)
        for tag in tags:
            if tag not in allowed:
                problem(i, column, f"unknown tag {tag!r}; allowed: {', '.join(allowed)}")
        return [t for t in allowed if t in tags]

    def weight_row(i: int, column: str, food_id: str, text: str) -> float | None:
        rows = descs.get(food_id, {})
        found = rows.get(text)
        if found is None:
            # "1 medium" may stand for "1 medium (7\" to 7-7/8\" long)" when only one
            # row starts that way: the short text reads better on a plan.
            longer = [d for d in rows if d.startswith((text + " (", text + ","))]
            if len(longer) == 1:
                found = rows[longer[0]]
        if found is None:
            choices = "; ".join(rows) or "none"
            problem(i, column, f"{text!r} is not a WEIGHT row of {food_id} (rows: {choices})")
        return found

    rows = []
    seen_ids: set[str] = set()
    seen_names: set[str] = set()
    for i, cur in enumerate(curation.to_dict("records")):
        food_id = cur["food_id"]
        if food_id not in full_by_id.index:
            problem(i, "food_id", f"unknown SR28 food {food_id!r}")
            continue
        if food_id in seen_ids:
            problem(i, "food_id", f"{food_id} is listed twice")
        seen_ids.add(food_id)
        name = cur["name"].strip()
        if not name:
            problem(i, "name", "empty")
        elif name.lower() in seen_names:
            problem(i, "name", f"{name!r} is used twice")
        seen_names.add(name.lower())
        base = full_by_id.loc[food_id]

        serving = cur["serving"].strip()
        grams_match = _GRAMS.match(serving)
        if grams_match:
            grams = float(grams_match["grams"])
            serving_g: float | None = grams
            serving_desc = grams_match["desc"] or f"{format_number(grams)} g"
        else:
            serving_g = weight_row(i, "serving", food_id, serving)
            serving_desc = serving

        meals = check_tags(i, "meals", cur["meals"], MEALS)
        if not meals:
            problem(i, "meals", "no meal tag; the planner would never use the food")
        diets = check_tags(i, "diets", cur["diets"], DIETS)
        # A vegan food is vegetarian, a vegetarian one pescatarian: the list is closed.
        for looser, stricter in (("vegetarian", "vegan"), ("pescatarian", "vegetarian")):
            if stricter in diets and looser not in diets:
                problem(i, "diets", f"{stricter} food must also be {looser}")
        allergens = check_tags(i, "allergens", cur["allergens"], ALLERGENS)
        aisle = cur["aisle"].strip()
        if aisle not in AISLES:
            problem(i, "aisle", f"unknown aisle {aisle!r}; allowed: {', '.join(AISLES)}")
        family = cur["family"].strip()
        if not FAMILY_PATTERN.match(family):
            problem(i, "family", f"{family!r} is not a lower_case_name")
        try:
            max_servings = float(cur["max_servings"])
            if not max_servings > 0:
                raise ValueError
        except ValueError:
            problem(i, "max_servings", f"expected a number > 0, got {cur['max_servings']!r}")
            max_servings = math.nan
        staple = cur["staple"].strip().lower()
        if staple not in ("", "true", "false"):
            problem(i, "staple", f"expected true, false or empty, got {cur['staple']!r}")

        purchase_id = cur["purchase_id"].strip() or food_id
        if purchase_id not in foods.index:
            problem(i, "purchase_id", f"unknown SR28 food {purchase_id!r}")
            continue
        given_yield = cur["purchase_yield"].strip()
        if given_yield:
            try:
                yield_ = float(given_yield)
                if not yield_ > 0:
                    raise ValueError
            except ValueError:
                problem(i, "purchase_yield", f"expected a number > 0, got {given_yield!r}")
                yield_ = math.nan
        elif purchase_id == food_id:
            yield_ = 1.0
        else:
            water_eaten = sr.values.at[food_id, WATER_NO]
            water_bought = sr.values.at[purchase_id, WATER_NO]
            if math.isnan(water_eaten) or math.isnan(water_bought):
                problem(
                    i,
                    "purchase_id",
                    f"SR28 has no water value for {food_id} or "
                    f"{purchase_id}, so the yield cannot be derived",
                )
                yield_ = math.nan
            else:
                yield_ = purchase_yield(water_bought, water_eaten)
        purchase_name = cur["purchase_name"].strip()
        if not purchase_name:
            if purchase_id == food_id:
                purchase_name = name
            elif purchase_id in curated_names:
                purchase_name = curated_names[purchase_id]
            else:
                problem(i, "purchase_name", f"give a shopping-list name for {purchase_id}")

        piece = cur["piece"].strip()
        piece_g: float | None = math.nan
        piece_name = piece_plural = ""
        if piece:
            piece_g = weight_row(i, "piece", purchase_id, piece)
            piece_name = cur["piece_name"].strip()
            piece_plural = cur["piece_plural"].strip() or (piece_name + "s")
            if not piece_name:
                problem(i, "piece_name", "a piece needs a name, e.g. banana")
        elif cur["piece_name"].strip():
            problem(i, "piece", "piece_name given without the WEIGHT row of one piece")

        rows.append(
            {
                "food_id": food_id,
                "name": name,
                "usda_name": base["name"],
                "food_group": base["food_group"],
                **{n: base[n] for n in NUTRIENTS},
                "caffeine_basis": base["caffeine_basis"],
                "serving_g": format_number(serving_g) if serving_g else "",
                "serving_desc": serving_desc,
                "meals": ";".join(meals),
                "diets": ";".join(diets),
                "allergens": ";".join(allergens),
                "aisle": aisle,
                "max_servings": format_number(max_servings),
                "family": family,
                "purchase_id": purchase_id,
                "purchase_name": purchase_name,
                "purchase_yield": format_number(yield_),
                "purchase_refuse_pct": format_number(purchase_refuse(foods, purchase_id)),
                "piece_g": format_number(piece_g) if piece_g else "",
                "piece_name": piece_name,
                "piece_plural": piece_plural,
                "staple": "true" if staple == "true" else "false",
            }
        )
    if problems:
        raise BuildError(f"{len(problems)} problem(s) in curation.csv:\n" + "\n".join(problems))
    out = pd.DataFrame(rows, columns=DEFAULT_COLUMNS)
    return out.sort_values("food_id", kind="stable").reset_index(drop=True)


def build(sr28_dir: Path, out_dir: Path, curation_path: Path) -> dict[str, int]:
    """Build every table into out_dir; return the row count per file written."""
    sr = load_sr28(sr28_dir)
    full = build_full(sr)
    portions = build_portions(sr)
    default = build_default(sr, full, read_curation(curation_path))
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = {"full.csv": full, "portions.csv": portions, "default.csv": default}
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
    parser.add_argument("--out", type=Path, default=FOODS_DIR, help="output folder")
    parser.add_argument(
        "--curation", type=Path, default=FOODS_DIR / "curation.csv", help="curation file"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        counts = build(args.sr28, args.out, args.curation)
    except BuildError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - started
    written = ", ".join(f"{name} {rows:,} rows" for name, rows in counts.items())
    print(f"Wrote {written} to {args.out} in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
