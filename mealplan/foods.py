"""Food tables: load the built-in or a user's table, validate it, look foods up.

Every table holds one row per food with nutrients per 100 g edible portion. A
nutrient the source does not report is NaN ("unknown"), never 0; code that needs a
number decides explicitly what unknown means (a caffeine cap excludes the food).

The built-in tables ship in the ``mealplan.food_tables`` package: ``default`` (a
curated list of everyday foods with meal, diet and allergen tags) and ``full`` (every
food of USDA SR28). A user's table is a CSV file; see :func:`load_foods` for its
format.
"""

from __future__ import annotations

import csv
import difflib
import functools
import io
import json
import math
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .errors import InputError, MealplanError, Where
from .files import csv_line, neutralise_cell, read_input
from .text import BREAKS, INVISIBLE, clean_text

# Columns every table has; nutrients are per 100 g.
NUTRIENTS: tuple[str, ...] = (
    "energy_kcal",
    "protein_g",
    "fat_g",
    "saturated_fat_g",
    "carbohydrate_g",
    "fiber_g",
    "sugars_g",
    "sodium_mg",
    "potassium_mg",
    "calcium_mg",
    "magnesium_mg",
    "caffeine_mg",
)
MEALS: tuple[str, ...] = ("breakfast", "lunch", "dinner", "snack", "drink")
DIETS: tuple[str, ...] = ("vegan", "vegetarian", "pescatarian")
ALLERGENS: tuple[str, ...] = (
    "dairy",
    "egg",
    "gluten",
    "soy",
    "peanut",
    "tree_nut",
    "fish",
    "shellfish",
    "sesame",
)
# Text columns with a fixed meaning; every other numeric column is a nutrient.
TAG_COLUMNS: tuple[str, ...] = ("meals", "diets", "allergens", "substitute_for")
TEXT_COLUMNS: tuple[str, ...] = (
    "food_id",
    "name",
    "usda_name",
    "food_group",
    "caffeine_basis",
    "serving_desc",
    *TAG_COLUMNS,
    "aisle",
    "family",
    "cuisine",
    "purchase_id",
    "purchase_name",
    "piece_name",
    "piece_plural",
    "role",
    "fndds_name",
    "category",
    "cook",
    "price_method",
)
# Numeric columns that describe the food rather than its nutrients.
NUMERIC_META_COLUMNS: tuple[str, ...] = (
    "serving_g",
    "max_servings",
    "price",
    "purchase_yield",
    "purchase_refuse_pct",
    "piece_g",
    "portion_min",
    "portion_max",
    "portion_step",
)
BOOLEAN_COLUMNS: tuple[str, ...] = ("staple", "own_grain", "no_added_salt")


@dataclass(frozen=True, eq=False)
class FoodTable:
    """A validated food table.

    ``frame`` is indexed by ``food_id`` (str), sorted by it, and has at least
    ``name``, ``serving_g`` and ``serving_desc``. Nutrient columns are float64 per
    100 g with NaN for unknown. Tag columns (``meals``, ``diets``, ``allergens``) are
    ``frozenset[str]`` per row (empty when the table has no such column); ``diets``
    is closed upwards (a vegan food is also vegetarian and pescatarian). Optional
    columns, when present: ``max_servings``, ``family``, ``aisle``, ``price``,
    ``purchase_id``, ``purchase_name``, ``purchase_yield``,
    ``purchase_refuse_pct``, ``piece_g``, ``piece_name``, ``piece_plural``,
    ``staple`` (bool), ``own_grain`` (bool), ``no_added_salt`` (bool), ``cuisine``,
    ``usda_name``, ``food_group``,
    ``caffeine_basis``.
    """

    frame: pd.DataFrame
    """One row per food, indexed by food_id."""
    source: str
    """``default``, ``full``, or the file name the user gave."""
    nutrients: tuple[str, ...]
    """Numeric nutrient columns, in table order (the 12 standard ones come first)."""
    portions: pd.DataFrame | None = None
    """Household portions: columns food_id, amount, measure, grams (built-in tables)."""
    ingredients: pd.DataFrame | None = None
    """What each food is made of (built-in default table): food_id, ingredient_id,
    ingredient, grams (per 100 g of the food as eaten), purchase_id and purchase_g
    (grams of the purchase form bought per 100 g eaten). None: each food is bought as
    it is, by its purchase columns."""
    purchases: pd.DataFrame | None = None
    """What shops sell, indexed by purchase_id (with ``ingredients``): name, aisle,
    staple, refuse_pct, package_g, package, storage, keeps_days, open_days, kind
    (``meat``, ``fish`` or empty) and price (per 100 g as bought)."""

    @functools.cached_property
    def has_meals(self) -> bool:
        """Whether foods carry meal tags; without them plans have no meal structure."""
        return "meals" in self.frame.columns and bool(self.frame["meals"].map(len).any())

    @functools.cached_property
    def recipes(self) -> Mapping[str, tuple[tuple[str, float], ...]]:
        """Per food id, what it is made of: (purchase id, grams bought per 100 g eaten).

        Empty without ``ingredients``.
        """
        if self.ingredients is None:
            return {}
        found: dict[str, list[tuple[str, float]]] = {}
        for fid, pid, grams in zip(self.ingredients["food_id"].tolist(),
                                   self.ingredients["purchase_id"].tolist(),
                                   self.ingredients["purchase_g"].tolist(), strict=True):
            found.setdefault(str(fid), []).append((str(pid), float(grams)))
        return {fid: tuple(rows) for fid, rows in found.items()}

    def __len__(self) -> int:
        return len(self.frame)


BUILTIN_TABLES: tuple[str, ...] = ("default", "full")
"""Names of the food tables that ship with mealplan."""
REQUIRED_COLUMNS: tuple[str, ...] = ("food_id", "name", "serving_g", "serving_desc")
CAFFEINE_BASES: tuple[str, ...] = ("reported", "assumed_zero", "unknown")
CAFFEINE_BASIS_MEANING: Mapping[str, str] = {
    "reported": "reported by the source data",
    "assumed_zero": "not reported; taken as 0 because this kind of food has no caffeine",
    "unknown": "not reported; unknown, so a caffeine cap leaves the food out",
}
TAG_VALUES: Mapping[str, tuple[str, ...]] = {
    "meals": MEALS,
    "diets": DIETS,
    "allergens": ALLERGENS,
    "substitute_for": ALLERGENS,
}
# A diet tag implies the looser diets, so a filter on "vegetarian" keeps vegan foods.
DIET_IMPLIES: Mapping[str, frozenset[str]] = {
    "vegan": frozenset({"vegan", "vegetarian", "pescatarian"}),
    "vegetarian": frozenset({"vegetarian", "pescatarian"}),
    "pescatarian": frozenset({"pescatarian"}),
}
# A user's column named with one of these unit suffixes must hold numbers.
UNIT_SUFFIXES: tuple[str, ...] = ("kcal", "mg", "ug", "mcg", "g", "iu", "cup_eq", "oz_eq")
# Dietary Guidelines food-group amounts, per 100 g: cup- and ounce-equivalents.
FOOD_GROUP_UNITS: Mapping[str, str] = {"cup_eq": "cup-eq", "oz_eq": "oz-eq"}
PER_BASES: tuple[str, ...] = ("100g", "serving", "100kcal")
MIN_ENERGY_KCAL_PER_100KCAL = 10.0
"""Foods below this many kcal per 100 g are left out of per-100-kcal rankings.

Coffee, tea, espresso, water and clam broth have 0-9 kcal per 100 g, so any mineral
they carry becomes hundreds of mg per 100 kcal: a tiny denominator, not a useful
source (a day's magnesium from tea takes litres). At 10 kcal the low-energy leafy
greens (chard 19, spinach 23, lettuce 15 kcal per 100 g) still count.
"""
OUTPUT_FORMATS: tuple[str, ...] = ("table", "json", "csv")

# (what the number is, lowest value, whether the lowest is allowed, highest value,
# whether the highest is allowed). Upper bounds are physical, not dietary: they catch
# a value typed in the wrong unit or column, and keep the solver's numbers sane.
MAX_SERVING_G = 5000.0
"""Largest serving or piece a table may give: a whole large watermelon, not a tonne."""
_META_RULES: Mapping[str, tuple[str, float, bool, float, bool]] = {
    "serving_g": (f"grams in one serving, a number > 0 and at most {MAX_SERVING_G:g}",
                  0.0, False, MAX_SERVING_G, True),
    "max_servings": ("servings per day, a number > 0 and at most 100, or an empty cell",
                     0.0, False, 100.0, True),
    "price": ("a price per 100 g from 0 to 1e9, or an empty cell", 0.0, True, 1e9, True),
    # Tea brews about 120 g from 1 g of leaves.
    "purchase_yield": ("grams eaten per gram bought, a number > 0 and at most 1000, or an "
                       "empty cell", 0.0, False, 1000.0, True),
    "purchase_refuse_pct": ("a percentage from 0 to under 100, or an empty cell",
                            0.0, True, 100.0, False),
    "piece_g": (f"grams in one piece, a number > 0 and at most {MAX_SERVING_G:g}, or an "
                "empty cell", 0.0, False, MAX_SERVING_G, True),
    "portion_min": ("servings, a number > 0 and at most 100, or an empty cell", 0.0, False,
                    100.0, True),
    "portion_max": ("servings, a number > 0 and at most 100, or an empty cell", 0.0, False,
                    100.0, True),
    "portion_step": ("servings, a number > 0 and at most 100, or an empty cell", 0.0, False,
                     100.0, True),
}
MAX_PER_100G: Mapping[str, float] = {
    "g": 100.0,
    "mg": 100_000.0,
    "ug": 100_000_000.0,
    "mcg": 100_000_000.0,
    "kcal": 920.0,
    "iu": 4e9,
}
"""Most a nutrient can be per 100 g, by the unit in its column name.

100 g of food holds at most 100 g of anything (scaled for mg and ug). Energy: pure
fat at the highest Atwater factor USDA uses (9.02 kcal/g) is 902 kcal per 100 g; 920
leaves room for rounding. An IU is at least 0.025 ug (vitamin D), so 100 g is at most
4e9 IU. Columns without a unit only have to be finite.
"""
MAX_MACROS_G = 102.0
"""protein_g + fat_g + carbohydrate_g per 100 g: at most 100 g, plus 2 g for rounding
(USDA's carbohydrate is computed by difference)."""
_NUTRIENT_EXPECTED = "an amount per 100 g, a number >= 0, or an empty cell for unknown"
# Tags listed in the order of the constants above (breakfast before lunch ...).
_TAG_ORDER = {tag: i for i, tag in enumerate((*MEALS, *DIETS, *ALLERGENS))}
_TRUE = frozenset({"true", "yes", "y", "1"})
_FALSE = frozenset({"false", "no", "n", "0", ""})
# One line per bad cell up to this many per column and kind; beyond it the rows are
# listed as ranges on one line, so a wrongly typed column does not print 8,000 lines.
_CELLS_LISTED_SEPARATELY = 5


# --- Loading ---------------------------------------------------------------------------


# Column types of the built-in ingredient and purchase tables.
_INGREDIENT_TYPES: dict[str, str] = {
    "food_id": "str", "ingredient_id": "str", "ingredient": "str", "grams": "float64",
    "purchase_id": "str", "purchase_g": "float64"}
_PURCHASE_TYPES: dict[str, str] = {
    "purchase_id": "str", "name": "str", "aisle": "str", "staple": "str", "package": "str",
    "larger": "str", "storage": "str", "kind": "str"}


def load_foods(source: str | Path = "default") -> FoodTable:
    """Load and validate a food table.

    A user's table is a UTF-8 CSV file (a byte-order mark is fine) with one row per
    food and these columns:

    - required: ``food_id`` (any text, kept as text so ``01001`` keeps its zeros),
      ``name``, ``serving_g`` (grams in one serving, > 0), ``serving_desc`` (e.g.
      ``1 cup``; an empty cell reads as "N g"), and at least one nutrient column;
    - nutrients: amounts per 100 g, >= 0, an empty cell meaning unknown. A column is a
      nutrient when it is one of the 12 standard ones (``energy_kcal`` ...
      ``caffeine_mg``), when its name ends in a unit (``_g``, ``_mg``, ``_ug``,
      ``_mcg``, ``_kcal``, ``_iu``) or when it holds numbers; any such column can be
      used in ``--min``/``--max``;
    - optional: ``meals``, ``diets``, ``allergens``, ``substitute_for`` (tags separated
      by ``;``), ``price`` (per 100 g), ``max_servings`` and the other columns the
      built-in tables have (see the module constants). Other text columns are kept as they are.

    Every problem in the file is reported at once, each with its file, row (the first
    data row is 1) and column. Numbers must be finite and physically possible (see
    :data:`MAX_PER_100G`, :data:`MAX_SERVING_G`); names must be unique (any case).
    Control and invisible formatting characters in text cells are removed. The file
    must be a regular file of at most 32 MB (:data:`mealplan.files.INPUT_LIMITS`).

    Built-in tables are parsed once per process and cached; every call returns a new
    ``FoodTable`` whose frames are copy-on-write views of the cache, so changing them
    never changes the cache.

    Args:
        source: ``default`` (the curated table), ``full`` (every USDA SR28 food) or a
            path to a CSV file. To load a file named ``full``, write ``./full``.

    Returns:
        The validated table.

    Raises:
        InputError: The file does not exist, cannot be read, or is not a valid table.

    Example:
        >>> foods = load_foods("default")
        >>> float(foods.frame.loc["72125211", "magnesium_mg"])
        93.0

    """
    if isinstance(source, str) and source in BUILTIN_TABLES:
        cached = _load_builtin(source)
        return replace(
            cached,
            frame=cached.frame.copy(deep=False),
            portions=None if cached.portions is None else cached.portions.copy(deep=False),
        )
    name = str(source)
    path = Path(source).expanduser()
    if not path.exists():
        raise InputError(
            f"no such file; expected {' or '.join(BUILTIN_TABLES)} (the built-in tables) "
            "or the path of a CSV file",
            Where(file=name),
        )
    if path.is_dir():
        raise InputError("this is a folder; expected a CSV file", Where(file=name))
    data = read_input(path, "--foods")
    frame, nutrients = _parse_table(data, name, trusted=False)
    # The name shows in every view ("foods: NAME"); a file name is user text too.
    return FoodTable(frame=frame, source=clean_text(name), nutrients=nutrients)


@functools.cache
def _load_builtin(name: str) -> FoodTable:
    frame, nutrients = _parse_table(_builtin_bytes(f"{name}.csv"), f"{name}.csv", trusted=True)
    portions = _load_portions()
    portions = portions[portions["food_id"].isin(frame.index)].reset_index(drop=True)
    ingredients = purchases = None
    if name == "default":
        ingredients = pd.read_csv(
            io.BytesIO(_builtin_bytes("default_ingredients.csv")),
            dtype=_INGREDIENT_TYPES, keep_default_na=False)
        purchases = pd.read_csv(
            io.BytesIO(_builtin_bytes("default_purchases.csv")),
            dtype=_PURCHASE_TYPES, keep_default_na=False,
            na_values={c: [""] for c in ("refuse_pct", "package_g", "keeps_days",
                                         "open_days", "soak_hours", "price")},
        ).set_index("purchase_id")
        purchases["staple"] = purchases["staple"].eq("true")
    return FoodTable(frame=frame, source=name, nutrients=nutrients, portions=portions,
                     ingredients=ingredients, purchases=purchases)


@functools.cache
def _load_portions() -> pd.DataFrame:
    dtypes: dict[str, Any] = {"food_id": str, "seq": "int64", "amount": "float64",
                              "measure": str, "grams": "float64"}
    portions = pd.read_csv(
        io.BytesIO(_builtin_bytes("portions.csv")),
        dtype=dtypes,
        keep_default_na=False,
        na_values={"amount": [""], "grams": [""]},
    )
    portions = portions[["food_id", "seq", "amount", "measure", "grams"]]
    return portions.sort_values(["food_id", "seq"], kind="stable").reset_index(drop=True)


def builtin_tables() -> Traversable:
    """The folder of the built-in tables: the installed ``mealplan.food_tables``.

    Run from a source checkout without installing (``python -m mealplan`` in the
    repository, or an installed copy shadowed by the checkout), the package is the
    repository's ``foods/`` folder beside ``mealplan/``.
    """
    try:
        return resources.files("mealplan.food_tables")
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "foods"


def _builtin_bytes(filename: str) -> bytes:
    try:
        return builtin_tables().joinpath(filename).read_bytes()
    except FileNotFoundError as exc:
        raise MealplanError(
            f"the built-in food table {filename} is missing from this installation of "
            "mealplan; reinstall mealplan"
        ) from exc


class _Problems:
    """Every problem found in one table, so that all of them are reported together."""

    def __init__(self, file: str, columns: Sequence[str]) -> None:
        self.file = file
        self.order = {c: i for i, c in enumerate(columns)}
        self.found: list[tuple[int, int, int, InputError]] = []

    def table(self, problem: str, column: str | None = None) -> None:
        """Record a problem with the whole table or a whole column."""
        self._add(0, column, InputError(problem, Where(self.file, None, column)))

    def cells(self, column: str, rows: np.ndarray, got: Sequence[str], expected: str) -> None:
        """Bad cells of one column, all with the same expectation.

        Args:
            column: The column.
            rows: 1-based data rows of the bad cells, ascending.
            got: What each cell holds, already quoted for the message.
            expected: What the cell should hold.

        """
        if len(rows) == 0:
            return
        if len(rows) <= _CELLS_LISTED_SEPARATELY:
            for row, value in zip(rows, got, strict=True):
                self._add(int(row), column, InputError(
                    f"expected {expected}, got {value}", Where(self.file, int(row), column)))
            return
        distinct = list(dict.fromkeys(got))
        shown = ", ".join(distinct[:3]) + (", ..." if len(distinct) > 3 else "")
        self._add(int(rows[0]), column, InputError(
            f"rows {_row_ranges(rows)} ({len(rows)} cells): expected {expected}, got {shown}",
            Where(self.file, None, column),
        ))

    def _add(self, row: int, column: str | None, error: InputError) -> None:
        rank = self.order.get(column, -1) if column is not None else -1
        self.found.append((row, rank, len(self.found), error))

    def raise_if_any(self) -> None:
        """Raise one InputError: the first problem, with the others in ``more``."""
        if not self.found:
            return
        errors = [error for *_, error in sorted(self.found, key=lambda item: item[:3])]
        first = errors[0]
        raise InputError(first.problem, first.where, more=errors[1:])


def _row_ranges(rows: np.ndarray) -> str:
    """``[1, 2, 3, 7]`` -> ``1-3, 7``."""
    parts: list[str] = []
    start = prev = int(rows[0])
    for row in (int(r) for r in rows[1:]):
        if row != prev + 1:
            parts.append(f"{start}-{prev}" if prev > start else str(start))
            start = row
        prev = row
    parts.append(f"{start}-{prev}" if prev > start else str(start))
    return ", ".join(parts)


def _got(value: object) -> str:
    if isinstance(value, str):
        return repr(value) if value.strip() else "an empty cell"
    if isinstance(value, float) and math.isnan(value):
        return "an empty cell"
    return f"{value:g}" if isinstance(value, float) else repr(value)


def _decode(data: bytes, file: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start]
        row = data.count(b"\n", 0, exc.start)
        guess = bytes([bad]).decode("cp1252", errors="replace")
        raise InputError(
            f"expected UTF-8 text, found byte 0x{bad:02X} at byte {exc.start + 1}, which is "
            f"not UTF-8 (in Windows-1252 it would be {guess!r}); re-save the file as UTF-8 "
            "(in Excel: Save As > CSV UTF-8)",
            Where(file, row if row > 0 else None),
        ) from None


def _unit_suffix(column: str) -> str:
    for suffix in UNIT_SUFFIXES:
        if column.lower().endswith("_" + suffix):
            return suffix
    return ""


def _column_kind(column: str) -> str:
    """``text``, ``bool``, ``meta`` (numeric) or ``nutrient``, from the name alone."""
    if column in TEXT_COLUMNS:
        return "text"
    if column in BOOLEAN_COLUMNS:
        return "bool"
    if column in NUMERIC_META_COLUMNS:
        return "meta"
    return "nutrient"


def _read_header(text: str) -> list[str]:
    header = next(csv.reader(io.StringIO(text)), [])
    return [clean_text(c).strip() for c in header]


def _clean_cells(cells: pd.Series) -> pd.Series:
    """Text cells without control or invisible characters (see :mod:`mealplan.text`)."""
    return cells.str.replace(BREAKS, " ", regex=True).str.replace(INVISIBLE, "", regex=True)


def _field_count_problems(text: str, width: int, problems: _Problems) -> None:
    """Rows with more cells than the header has columns (pandas would drop them)."""
    rows = csv.reader(io.StringIO(text))
    next(rows, None)
    data_row = 0
    for fields in rows:
        if not fields:
            continue  # blank lines are skipped by pandas too
        data_row += 1
        if len(fields) > width:
            problems._add(data_row, None, InputError(
                f"expected at most {width} cells (one per header column), found "
                f"{len(fields)}; quote cells that contain commas",
                Where(problems.file, data_row),
            ))


def _parse_table(data: bytes, file: str, *, trusted: bool) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Parse, validate and normalise a table; see :func:`load_foods`.

    ``trusted`` tables (the built-in ones) are read with numeric dtypes straight away,
    which is several times faster; every other check still runs on them.
    """
    text = _decode(data, file)
    if not text.strip():
        raise InputError(
            "the file is empty; expected a header row with food_id, name, serving_g, "
            "serving_desc and nutrient columns such as magnesium_mg, then one row per food",
            Where(file),
        )
    header = _read_header(text)
    seen: dict[str, int] = {}
    for i, column in enumerate(header):
        if column and column in seen:
            raise InputError(
                f"the header names column {column} twice (columns {seen[column] + 1} and "
                f"{i + 1}); expected each column once",
                Where(file, column=column),
            )
        seen[column] = i
    if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
        separator = "';'" if ";" in header[0] else "tabs"
        raise InputError(
            f"expected cells separated by commas, found {separator} in the header row; "
            "save the file as CSV with commas (in Excel: Save As > CSV UTF-8)",
            Where(file),
        )
    problems = _Problems(file, header)
    if trusted:
        numeric = [c for c in header if _column_kind(c) in ("meta", "nutrient")]
        dtype: Any = {c: ("float64" if c in numeric else str) for c in header}
        options: dict[str, Any] = {"na_values": {c: [""] for c in numeric}}
    else:
        dtype, options = str, {"na_filter": False}
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", pd.errors.ParserWarning)
            raw = pd.read_csv(io.StringIO(text), dtype=dtype, keep_default_na=False,
                              index_col=False, skipinitialspace=False, **options)
    except (pd.errors.ParserError, ValueError) as exc:
        if trusted:
            raise MealplanError(f"the built-in table {file} is damaged ({exc}); "
                                "reinstall mealplan") from exc
        _field_count_problems(text, len(header), problems)
        problems.raise_if_any()
        reason = str(exc).strip().removeprefix("Error tokenizing data. ")
        raise InputError(f"cannot read the file as CSV: {reason}", Where(file)) from exc
    if any(issubclass(w.category, pd.errors.ParserWarning) for w in caught):
        _field_count_problems(text, len(header), problems)
    raw.columns = header
    if len(raw) == 0:
        raise InputError(
            "the file has a header row but no data rows; expected one row per food",
            Where(file),
        )
    rows = np.arange(1, len(raw) + 1)

    # Columns without a name: harmless when empty (a trailing comma), else a problem.
    for i, column in enumerate(header):
        if not column:
            if raw.iloc[:, i].astype(str).str.strip().ne("").any():
                problems.table(f"column {i + 1} has values but no name in the header row; "
                               "expected a column name")
    raw = raw.loc[:, [bool(c) for c in header]]
    columns = list(raw.columns)

    for column in REQUIRED_COLUMNS:
        if column not in columns:
            problems.table(
                "required column is missing; expected columns food_id, name, serving_g, "
                f"serving_desc and nutrients per 100 g such as magnesium_mg, found "
                f"{', '.join(columns)}",
                column,
            )

    out: dict[str, pd.Series] = {}
    nutrients: list[str] = []
    for column in columns:
        kind = _column_kind(column)
        cells = raw[column]
        if kind == "text":
            out[column] = _clean_cells(cells).str.strip()
            continue
        if kind == "bool":
            out[column] = _parse_bool(cells, column, rows, problems)
            continue
        if trusted:
            numbers = cells.astype("float64")
            empty = numbers.isna().to_numpy()
            bad = np.zeros(len(numbers), dtype=bool)
        else:
            stripped = cells.str.strip()
            empty = stripped.eq("").to_numpy()
            numbers = pd.to_numeric(stripped.where(~empty), errors="coerce").astype("float64")
            bad = (numbers.isna().to_numpy() & ~empty) | np.isinf(numbers.to_numpy())
            if kind == "nutrient" and column not in NUTRIENTS and not _unit_suffix(column) \
                    and (bad.any() or empty.all()):
                # Text somewhere and no unit in the name: one of the user's own text
                # columns (a brand, a note), not a nutrient with typos.
                out[column] = _clean_cells(cells)
                continue
            if bad.any():
                expected = _NUTRIENT_EXPECTED if kind == "nutrient" else _META_RULES[column][0]
                problems.cells(column, rows[bad], [_got(v) for v in stripped[bad]], expected)
                numbers = numbers.where(~bad)
        out[column] = numbers
        values = numbers.to_numpy()
        if kind == "nutrient":
            nutrients.append(column)
            unit = _unit_suffix(column)
            top = MAX_PER_100G.get(unit)
            wrong = values < 0
            expected = _NUTRIENT_EXPECTED
            if top is not None:
                wrong |= values > top
                expected = (f"an amount per 100 g from 0 to {top:g} {unit} (100 g of food "
                            "holds no more), or an empty cell for unknown")
        else:
            expected, low, low_ok, high, high_ok = _META_RULES[column]
            known = ~np.isnan(values)
            wrong = known & ((values < low) if low_ok else (values <= low))
            wrong |= known & ((values > high) if high_ok else (values >= high))
            if column == "serving_g":
                wrong |= empty  # the planner needs every food's serving size
        problems.cells(column, rows[wrong], [_got(v) for v in values[wrong]], expected)

    _check_macros(out, rows, problems)
    if not nutrients:
        problems.table(
            "no nutrient column; expected at least one column of amounts per 100 g such "
            f"as magnesium_mg or energy_kcal, found {', '.join(columns)}"
        )
    if "food_id" in out:
        _check_ids(out["food_id"], rows, problems)
    if "name" in out:
        empty = out["name"].eq("").to_numpy()
        problems.cells("name", rows[empty], ["an empty cell"] * int(empty.sum()),
                       "the food's name")
        _check_names(out["name"], rows, problems)
    for column in TAG_COLUMNS:
        if column in out:
            out[column] = _parse_tags(out[column], column, rows, problems)
    if "caffeine_basis" in out:
        basis = out["caffeine_basis"].str.lower()
        wrong = (~basis.isin(CAFFEINE_BASES) & basis.ne("")).to_numpy()
        problems.cells("caffeine_basis", rows[wrong], [_got(v) for v in basis[wrong]],
                       f"one of {', '.join(CAFFEINE_BASES)}, or an empty cell")
        out["caffeine_basis"] = basis
    if "role" in out:
        _check_roles(out, rows, problems)
    problems.raise_if_any()

    frame = pd.DataFrame(out)
    if "serving_desc" in frame:
        blank = frame["serving_desc"].eq("")
        if blank.any():
            grams = frame.loc[blank, "serving_g"].map(lambda g: f"{g:g} g")
            frame.loc[blank, "serving_desc"] = grams
    n = len(frame)
    for column in NUTRIENTS:
        if column not in frame:
            frame[column] = np.nan  # unknown, never 0
    for column in TAG_COLUMNS:
        if column not in frame:
            frame[column] = pd.Series([frozenset()] * n, dtype=object, index=frame.index)
    frame = frame.set_index("food_id").sort_index(kind="stable")
    ordered = (*NUTRIENTS, *(c for c in nutrients if c not in NUTRIENTS))
    return frame, ordered


def _check_roles(out: dict[str, pd.Series], rows: np.ndarray, problems: _Problems) -> None:
    """Roles from mealplan.meals, portion ranges in whole steps, meals from the role.

    A food without meal tags goes into its role's default meals; a drink is tagged
    ``drink`` whatever its meals.
    """
    from .meals import ROLE_NAMES, ROLES

    role = out["role"].str.lower()
    wrong = (~role.isin(ROLE_NAMES) & role.ne("")).to_numpy()
    problems.cells("role", rows[wrong], [_got(v) for v in out["role"][wrong]],
                   f"one of {', '.join(ROLE_NAMES)}, or an empty cell")
    out["role"] = role.where(~wrong, "")
    portion = {c: out[c].to_numpy(float) for c in ("portion_min", "portion_max", "portion_step")
               if c in out}
    if len(portion) == 3:
        low, high, step = portion["portion_min"], portion["portion_max"], portion["portion_step"]
        with np.errstate(invalid="ignore", divide="ignore"):
            off = (np.abs(low / step - np.round(low / step)) > 1e-9) | (
                np.abs(high / step - np.round(high / step)) > 1e-9) | (low > high)
        off &= ~(np.isnan(low) | np.isnan(high) | np.isnan(step))
        problems.cells("portion_min", rows[off],
                       [f"{a:g}-{b:g} by {c:g}" for a, b, c in zip(low[off], high[off], step[off],
                                                                  strict=True)],
                       "a range of servings in whole steps, least <= most")
    meals = out.get("meals", pd.Series([frozenset()] * len(role), index=role.index))
    out["meals"] = pd.Series(
        [(frozenset(tags) or ROLES[r].meals if r else frozenset(tags))
         | ({"drink"} if r == "drink" else frozenset())
         for tags, r in zip(meals, role.where(~wrong, ""), strict=True)],
        index=role.index, dtype=object)


def _check_macros(columns: Mapping[str, pd.Series], rows: np.ndarray,
                  problems: _Problems) -> None:
    """100 g of food cannot hold more than about 100 g of protein, fat and carbohydrate."""
    present = [c for c in ("protein_g", "fat_g", "carbohydrate_g") if c in columns]
    if len(present) < 2:
        return
    total = np.sum([columns[c].fillna(0.0).to_numpy(float) for c in present], axis=0)
    wrong = total > MAX_MACROS_G
    problems.cells(" + ".join(present), rows[wrong], [f"{t:g} g" for t in total[wrong]],
                   f"a sum of at most {MAX_MACROS_G:g} g per 100 g")


def _check_ids(ids: pd.Series, rows: np.ndarray, problems: _Problems) -> None:
    empty = ids.eq("").to_numpy()
    problems.cells("food_id", rows[empty], ["an empty cell"] * int(empty.sum()),
                   "a food id (any text, unique in the table)")
    duplicated = (ids.duplicated(keep="first") & ~ids.eq("")).to_numpy()
    if duplicated.any():
        first = ~duplicated
        first_row = dict(zip(ids[first], rows[first], strict=True))
        got = [f"{fid!r}, already on row {first_row[fid]}" for fid in ids[duplicated]]
        problems.cells("food_id", rows[duplicated], got, "each food_id once")


def _check_names(names: pd.Series, rows: np.ndarray, problems: _Problems) -> None:
    """Names are unique, ignoring case and spacing: plans and pantries refer to foods by name."""
    key = names.str.casefold().str.replace(r"\s+", " ", regex=True)
    duplicated = (key.duplicated(keep="first") & names.ne("")).to_numpy()
    if duplicated.any():
        first_row = dict(zip(key[~duplicated], rows[~duplicated], strict=True))
        got = [f"{name!r}, already on row {first_row[k]}"
               for name, k in zip(names[duplicated], key[duplicated], strict=True)]
        problems.cells("name", rows[duplicated], got, "each name once (names are unique)")


def _parse_bool(cells: pd.Series, column: str, rows: np.ndarray,
                problems: _Problems) -> pd.Series:
    text = cells.str.strip().str.lower()
    wrong = (~text.isin(_TRUE | _FALSE)).to_numpy()
    problems.cells(column, rows[wrong], [_got(v) for v in cells[wrong]],
                   "true or false (or an empty cell for false)")
    return text.isin(_TRUE)


def _parse_tags(cells: pd.Series, column: str, rows: np.ndarray,
                problems: _Problems) -> pd.Series:
    """``;``-separated tags to frozensets, closing diets upwards.

    Parses each distinct cell once: a table has thousands of rows but a few dozen
    distinct tag combinations.
    """
    allowed = TAG_VALUES[column]
    parsed: dict[str, frozenset[str]] = {}
    unknown: dict[str, list[str]] = {}
    for cell in cells.unique():
        tags = {t.strip().lower() for t in str(cell).split(";")} - {""}
        bad = sorted(tags - set(allowed))
        if bad:
            unknown[cell] = bad
        if column == "diets":
            tags = set().union(*(DIET_IMPLIES[t] for t in tags if t in DIET_IMPLIES))
        parsed[cell] = frozenset(tags - set(bad))
    if unknown:
        wrong = cells.isin(list(unknown)).to_numpy()
        got = [", ".join(repr(t) for t in unknown[c]) + (f" in {c!r}" if len(unknown[c]) > 1
                                                          or c.strip() != unknown[c][0] else "")
               for c in cells[wrong]]
        singular = column.removesuffix("s")
        problems.cells(column, rows[wrong], got,
                       f"{singular} tags from {', '.join(allowed)}, separated by ';'")
    return cells.map(parsed).astype(object)


# --- Looking foods up ------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return [w for w in (part.strip(",;.:()[]\"'") for part in text.lower().split()) if w]


def search_foods(table: FoodTable, text: str) -> pd.DataFrame:
    """Find foods whose name contains every word of ``text``, or whose food_id is it.

    Matching ignores case and looks at ``name`` and, where the table has it,
    ``usda_name``. Each word must start a word of the name, so ``almond`` finds
    "Almonds, raw" but ``tea`` does not find "Steak".

    Args:
        table: The food table.
        text: Words to look for, or a food_id.

    Returns:
        The matching rows of ``table.frame``: an exact food_id first, then foods whose
        own name matches, then those matched by their USDA name; by name within each.

    Raises:
        InputError: ``text`` holds no words.

    Example:
        >>> search_foods(load_foods(), "pumpkin seeds").index[:1].tolist()
        ['43101150']

    """
    frame = table.frame
    words = _words(text)
    if not words:
        raise InputError("expected one or more words to search for, got none",
                         Where(flag="TEXT"))
    name = frame["name"].str.lower()
    haystack = name + " | " + frame["usda_name"].str.lower() if "usda_name" in frame else name
    in_name = np.ones(len(frame), dtype=bool)
    anywhere = np.ones(len(frame), dtype=bool)
    for word in words:
        pattern = r"\b" + re.escape(word) if word[0].isalnum() else re.escape(word)
        in_name &= name.str.contains(pattern, regex=True).to_numpy()
        anywhere &= haystack.str.contains(pattern, regex=True).to_numpy()
    exact = (frame.index == text.strip())
    keep = anywhere | exact
    rank = pd.DataFrame({"exact": ~exact, "usda_only": ~in_name, "name": name.to_numpy()},
                        index=frame.index)[keep]
    order = rank.sort_values(["exact", "usda_only", "name"], kind="stable").index
    return frame.loc[order]


def resolve_food(table: FoodTable, text: str, flag: str) -> list[str]:
    """Return the food_ids a user means by ``text``: that food_id, or every search match.

    Args:
        table: The food table.
        text: A food_id or words of a name, as given to ``flag``.
        flag: The flag or argument the text came from, for the error message.

    Returns:
        One or more food_ids.

    Raises:
        InputError: Nothing matches; the message names ``flag`` and suggests close
            names ("Did you mean ...?").

    Example:
        >>> resolve_food(load_foods(), "72125211", "--include")
        ['72125211']

    """
    key = text.strip()
    if key in table.frame.index:
        return [key]
    found = search_foods(table, key).index.tolist() if _words(key) else []
    if found:
        return found
    raise InputError(
        f"no food in the {table.source} table matches {key!r}.{_did_you_mean(table, key)} "
        "List foods with: mealplan foods search WORDS",
        Where(flag=flag),
    )


def find_food(table: FoodTable, text: str, flag: str = "FOOD_ID") -> str:
    """Return the one food a user means by ``text``: a food_id, or words matching one food.

    Raises:
        InputError: Nothing matches, or the words match several foods (the message
            lists some of them with their food_ids).

    """
    found = resolve_food(table, text, flag)
    if len(found) == 1:
        return found[0]
    names = table.frame.loc[found[:5], "name"]
    listed = "; ".join(f"{fid} ({name})" for fid, name in names.items())
    more = f" and {len(found) - 5} more" if len(found) > 5 else ""
    raise InputError(
        f"{text.strip()!r} matches {len(found)} foods; expected one food_id, such as "
        f"{listed}{more}",
        Where(flag=flag),
    )


def _did_you_mean(table: FoodTable, text: str) -> str:
    frame = table.frame
    if table.source != "full" and text in _full_table_ids():
        return (f" Food {text} ({_load_builtin('full').frame.at[text, 'name']!s}) is in the "
                "full table: add --foods full.")
    candidates: list[str] = []
    words = _words(text)
    if words and not text.isdigit():  # ids are not spelt, so only names get suggestions
        # Correct each misspelt word against the words of all names, then search again.
        found_words = frame["name"].str.lower().str.findall(r"[a-z0-9]+").explode().dropna()
        vocabulary = sorted(set(found_words.tolist()))
        fixed = []
        for word in words:
            if any(v.startswith(word) for v in vocabulary):
                fixed.append(word)
            else:
                fixed.extend(difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.7)
                             or [word])
        if fixed != words:
            try:
                found = search_foods(table, " ".join(fixed))
            except InputError:
                found = frame.iloc[:0]
            # Shortest names first: "Spinach, raw" before "Spinach souffle".
            candidates = found["name"].str.len().sort_values(kind="stable").index[:3].tolist()
    if not candidates:
        lowered = dict(zip(frame["name"].str.lower(), frame.index, strict=True))
        close = difflib.get_close_matches(text.lower(), list(lowered), n=3, cutoff=0.6)
        candidates = [lowered[c] for c in close]
    if not candidates:
        return ""
    names = [f"{frame.at[fid, 'name']!r} ({fid})" for fid in candidates]
    return f" Did you mean {', '.join(names[:-1]) + ' or ' if len(names) > 1 else ''}{names[-1]}?"


def _full_table_ids() -> pd.Index:
    try:
        return _load_builtin("full").frame.index
    except MealplanError:  # an installation without the full table
        return pd.Index([])


def nutrient_unit(column: str) -> str:
    """Return the unit in a column's name: ``magnesium_mg`` -> ``mg``; ``''`` if none.

    Food-group amounts read as ``cup-eq`` and ``oz-eq``.
    """
    suffix = _unit_suffix(column)
    return FOOD_GROUP_UNITS.get(suffix, suffix)


def resolve_nutrient(table: FoodTable, name: str, flag: str = "NUTRIENT") -> str:
    """Return the nutrient column a user means: exact, any case, or without the unit.

    Args:
        table: The food table.
        name: ``magnesium_mg``, ``Magnesium_MG`` or ``magnesium``.
        flag: Where the name came from, for the error message.

    Raises:
        InputError: No such nutrient; the message lists close names.

    Example:
        >>> resolve_nutrient(load_foods(), "magnesium")
        'magnesium_mg'

    """
    by_lower = {n.lower(): n for n in table.nutrients}
    key = name.strip().lower()
    if key in by_lower:
        return by_lower[key]
    prefixed = [n for low, n in by_lower.items() if low.startswith(key + "_")]
    if len(prefixed) == 1:
        return prefixed[0]
    close = prefixed or [by_lower[c] for c in difflib.get_close_matches(key, list(by_lower),
                                                                        n=3, cutoff=0.6)]
    hint = f" Did you mean {' or '.join(close)}?" if close else ""
    if name.strip() in table.frame.columns:
        problem = f"column {name.strip()} is not a nutrient (it holds text or describes the food)"
    else:
        problem = f"unknown nutrient {name.strip()!r}"
    raise InputError(
        f"{problem}; expected a nutrient column of the {table.source} table: "
        f"{', '.join(table.nutrients)}.{hint}",
        Where(flag=flag),
    )


def top_foods(table: FoodTable, nutrient: str, per: str = "100g", n: int = 20) -> pd.DataFrame:
    """Rank the foods richest in a nutrient per 100 g, per serving or per 100 kcal.

    Foods whose value is unknown are left out. Per 100 kcal, foods under
    :data:`MIN_ENERGY_KCAL_PER_100KCAL` kcal per 100 g are left out too, so coffee,
    tea and water do not top every list (see that constant).

    Args:
        table: The food table.
        nutrient: A nutrient column (see :func:`resolve_nutrient` for accepted names).
        per: ``100g``, ``serving`` or ``100kcal``.
        n: How many foods; 0 for all.

    Returns:
        Rows indexed by food_id, highest first (ties by food_id), with columns
        ``name``, ``value`` (the amount per ``per``), ``per_100g``, ``energy_kcal``
        (per 100 g), ``serving_g`` and ``serving_desc``.

    Raises:
        InputError: Unknown nutrient, ``per`` or a negative ``n``.

    Example:
        >>> top_foods(load_foods(), "magnesium_mg", per="100kcal", n=3)["name"].tolist()
        ['Spinach, cooked', 'Spinach, raw', 'Swiss chard, cooked']

    """
    column = resolve_nutrient(table, nutrient)
    if per not in PER_BASES:
        raise InputError(f"expected one of {', '.join(PER_BASES)}, got {per!r}",
                         Where(flag="--per"))
    if n < 0:
        raise InputError(f"expected a number of foods >= 0 (0 for all), got {n}",
                         Where(flag="-n"))
    frame = table.frame
    per_100g = frame[column]
    energy = frame["energy_kcal"]
    if per == "100g":
        value = per_100g
    elif per == "serving":
        value = per_100g * frame["serving_g"] / 100
    else:
        value = (per_100g / energy * 100).where(energy >= MIN_ENERGY_KCAL_PER_100KCAL)
    out = pd.DataFrame({
        "name": frame["name"],
        "value": value,
        "per_100g": per_100g,
        "energy_kcal": energy,
        "serving_g": frame["serving_g"],
        "serving_desc": frame["serving_desc"],
    }).dropna(subset=["value"])
    # The index is sorted by food_id, so a stable sort on value breaks ties by food_id.
    out = out.sort_values("value", ascending=False, kind="stable")
    return out if n == 0 else out.head(n)


def _amount_text(amount: float) -> str:
    """Household amount as text: 0.5 -> ``1/2``, 1.25 -> ``1 1/4``, 3 -> ``3``."""
    whole = math.floor(amount + 1e-9)
    rest = amount - whole
    if rest < 0.004:
        return str(whole)
    for denominator in (2, 3, 4, 6, 8):
        numerator = round(rest * denominator)
        if 0 < numerator < denominator and abs(rest - numerator / denominator) < 0.004:
            divisor = math.gcd(numerator, denominator)
            text = f"{numerator // divisor}/{denominator // divisor}"
            return f"{whole} {text}" if whole else text
    return f"{amount:g}"


def food_portions(table: FoodTable, food_id: str) -> pd.DataFrame:
    """List a food's household portions: its serving, then the USDA measures.

    Args:
        table: The food table.
        food_id: The food.

    Returns:
        Columns ``portion`` (e.g. ``1 cup``), ``grams`` and ``source`` (``serving``
        for the table's serving, ``usda`` for the built-in tables' portions.csv).
        A USDA portion that repeats the serving is left out.

    Raises:
        InputError: Unknown food_id.

    """
    row = _food_row(table, food_id)
    serving = (str(row["serving_desc"]), float(row["serving_g"]), "serving")
    portions = [serving]
    if table.portions is not None:
        mine = table.portions[table.portions["food_id"] == food_id]
        for amount, measure, grams in zip(mine["amount"], mine["measure"], mine["grams"],
                                          strict=True):
            if not grams > 0:
                continue
            label = f"{_amount_text(amount)} {measure}" if amount == amount else str(measure)
            if label == serving[0] and abs(grams - serving[1]) < 0.05:
                continue
            portions.append((label, float(grams), "usda"))
    return pd.DataFrame(portions, columns=["portion", "grams", "source"])


def _food_row(table: FoodTable, food_id: str) -> pd.Series:
    if food_id not in table.frame.index:
        raise InputError(
            f"no food with food_id {food_id!r} in the {table.source} table."
            f"{_did_you_mean(table, food_id)}",
            Where(flag="FOOD_ID"),
        )
    row: pd.Series = table.frame.loc[food_id]  # type: ignore[assignment]  # unique index
    return row


def _portion_label(portion: str, grams: float) -> str:
    return f"{portion} ({grams:g} g)"


def nutrients_per_portion(table: FoodTable, food_id: str) -> pd.DataFrame:
    """Compute a food's nutrients per 100 g and per each of its household portions.

    Returns:
        Index: the table's nutrients. Columns: ``100 g``, then one per portion of
        :func:`food_portions`, labelled ``"1 cup (180 g)"``. NaN where unknown.

    Raises:
        InputError: Unknown food_id.

    Example:
        >>> nutrients_per_portion(load_foods(), "72125211").loc["magnesium_mg"].tolist()
        [93.0, 167.4]

    """
    per_100g = _food_row(table, food_id)[list(table.nutrients)].astype("float64")
    columns: dict[str, pd.Series] = {"100 g": per_100g}
    for portion, grams in zip(*food_portions(table, food_id)[["portion", "grams"]]
                              .to_numpy().T, strict=True):
        label = _portion_label(str(portion), float(grams))
        while label in columns:  # two USDA rows may read the same
            label += "'"
        columns[label] = per_100g * float(grams) / 100
    out = pd.DataFrame(columns)
    out.index.name = "nutrient"
    return out


def food_details(table: FoodTable, food_id: str) -> dict[str, Any]:
    """Collect everything known about one food, as plain JSON-ready data.

    Returns:
        ``food_id``, ``table``, every descriptive column of the row (tags as sorted
        lists), ``units``, ``per_100g`` (nutrient -> value or ``None`` when unknown),
        ``caffeine_basis_meaning`` when the table has a caffeine basis, ``currency``
        (what ``price`` is in) when the food has a price, and
        ``portions``: one entry per household portion with its ``grams`` and
        ``nutrients``.

    Raises:
        InputError: Unknown food_id.

    """
    row = _food_row(table, food_id)
    per_portion = nutrients_per_portion(table, food_id)
    details: dict[str, Any] = {"food_id": food_id, "table": table.source}
    for column, value in row.items():
        if column not in table.nutrients:
            details[str(column)] = _plain(value)
    basis = details.get("caffeine_basis")
    if basis:
        details["caffeine_basis_meaning"] = CAFFEINE_BASIS_MEANING.get(basis, "")
    if details.get("price") is not None:
        from .prices import currency  # prices builds on this module

        details["currency"] = currency(table)
    details["units"] = {n: nutrient_unit(n) for n in table.nutrients}
    details["per_100g"] = {n: _plain(v) for n, v in per_portion["100 g"].items()}
    portions = food_portions(table, food_id)
    details["portions"] = [
        {
            "portion": portion,
            "grams": grams,
            "source": source,
            "nutrients": {n: _plain(v, 3) for n, v in per_portion[label].items()},
        }
        for (portion, grams, source), label in zip(
            portions.itertuples(index=False, name=None), per_portion.columns[1:], strict=True)
    ]
    return details


def _plain(value: object, digits: int | None = None) -> Any:
    """Convert to plain JSON data: NaN -> None, numpy -> Python, sets -> sorted lists."""
    if isinstance(value, frozenset | set):
        return sorted(value, key=lambda tag: (_TAG_ORDER.get(tag, len(_TAG_ORDER)), tag))
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        return round(value, digits) if digits is not None else value
    return value


# --- Rendering -------------------------------------------------------------------------


def render_rows(rows: pd.DataFrame, fmt: str, *, headers: Mapping[str, str] | None = None,
                title: str | None = None, caption: str | None = None, color: bool = False,
                width: int | None = None) -> str:
    """Render foods (one per row, indexed by food_id) as a table, JSON or CSV.

    Args:
        rows: Rows to show, indexed by food_id; every column is shown.
        fmt: ``table`` (rich, for people), ``json`` (a list of objects) or ``csv``.
        headers: Column titles for ``table``, by column name; JSON and CSV use the
            column names.
        title: Title above the table (``table`` only).
        caption: Note below the table (``table`` only).
        color: Use colour and bold (``table`` only); off for files and pipes.
        width: Width in characters (``table`` only); ``None`` for the terminal's.

    Returns:
        The text, ending in a newline. Unknown values read ``unknown`` in a table,
        ``null`` in JSON and an empty cell in CSV; text cells in CSV are
        neutralised against spreadsheet formulas.

    """
    frame = rows.reset_index()
    records = [{k: _plain(v) for k, v in rec.items()} for rec in frame.to_dict("records")]
    if fmt == "json":
        return _json_text(records)
    if fmt == "csv":
        return _csv_text([list(frame.columns)] + [list(r.values()) for r in records])
    if fmt != "table":
        raise InputError(f"expected one of {', '.join(OUTPUT_FORMATS)}, got {fmt!r}",
                         Where(flag="--format"))
    from rich import box
    from rich.table import Table

    headers = headers or {}
    table = Table(title=title, caption=caption, box=box.SIMPLE_HEAD, show_edge=False,
                  title_justify="left", caption_justify="left")
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) for c in frame.columns]
    for column, is_number in zip(frame.columns, numeric, strict=True):
        table.add_column(headers.get(str(column), str(column)),
                         justify="right" if is_number else "left",
                         no_wrap=is_number or column == "food_id")
    for record in records:
        table.add_row(*(_cell_text(v) for v in record.values()))
    return _rich_text(table, color, width)


def render_food_details(details: Mapping[str, Any], fmt: str, *, color: bool = False,
                        width: int | None = None) -> str:
    """Render :func:`food_details` as a table, JSON or CSV (one row per nutrient).

    Returns:
        The text, ending in a newline; unknown values read ``unknown`` in a table,
        ``null`` in JSON and an empty cell in CSV.

    """
    if fmt == "json":
        return _json_text(details)
    nutrients = list(details["per_100g"])
    portions = details["portions"]
    labels = [_portion_label(p["portion"], p["grams"]) for p in portions]
    values = [[details["per_100g"][n], *(p["nutrients"][n] for p in portions)]
              for n in nutrients]
    if fmt == "csv":
        lines: list[list[Any]] = [["nutrient", "unit", "per_100g", *labels]]
        lines += [[n, details["units"][n], *v] for n, v in zip(nutrients, values, strict=True)]
        return _csv_text(lines)
    if fmt != "table":
        raise InputError(f"expected one of {', '.join(OUTPUT_FORMATS)}, got {fmt!r}",
                         Where(flag="--format"))
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    facts = Text()
    facts.append(f"{details['food_id']}  ", style="bold")
    facts.append(f"{details['name']}\n", style="bold")
    facts_lines: list[tuple[str, str]] = [
        ("serving", _portion_label(details["serving_desc"], details["serving_g"])),
        ("table", str(details["table"])),
    ]
    for key in ("usda_name", "food_group"):
        if details.get(key):
            facts_lines.append((key.replace("_", " "), str(details[key])))
    for key in TAG_COLUMNS:
        facts_lines.append((key, ", ".join(details.get(key) or []) or "none"))
    if details.get("caffeine_basis"):
        facts_lines.append(("caffeine", f"{details['caffeine_basis']} "
                                   f"({details.get('caffeine_basis_meaning', '')})"))
    if details.get("price") is not None:
        from .prices import money

        money_in = details.get("currency")
        facts_lines.append(("price", f"{money(details['price'], money_in)} per 100 g, in "
                                     f"{money_in}"))
    for key, value in facts_lines:
        facts.append(f"{key}: ", style="dim")
        facts.append(f"{value}\n")
    # Every nutrient per 100 g and per serving; the other portions go in a second,
    # narrower table, since foods such as bananas have eight and would not fit across.
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("nutrient")
    table.add_column("unit")
    for label in ["per 100 g", labels[0]]:
        table.add_column(label, justify="right")
    for n, row in zip(nutrients, values, strict=True):
        table.add_row(n, details["units"][n], *(_cell_text(v) for v in row[:2]))
    parts: list[Any] = [facts, table]
    if len(portions) > 1:
        shown = [n for n in ("energy_kcal", "magnesium_mg", "caffeine_mg") if n in nutrients]
        more = Table(box=box.SIMPLE_HEAD, show_edge=False, title="household portions",
                     title_justify="left")
        more.add_column("portion")
        more.add_column("g", justify="right", no_wrap=True)
        for n in shown:
            unit = details["units"][n]
            more.add_column(f"{n.removesuffix('_' + unit)} {unit}".strip(), justify="right",
                            no_wrap=True)
        for p in portions:
            more.add_row(Text(p["portion"]), _cell_text(p["grams"]),
                         *(_cell_text(p["nutrients"][n]) for n in shown))
        parts += [Text(""), more]
    return _rich_text(Group(*parts), color, width)


def _json_text(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _csv_text(lines: Sequence[Sequence[Any]]) -> str:
    return "".join(csv_line([str(_csv_cell(v)) for v in line], end="\n") for line in lines)


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        value = ";".join(map(str, value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return neutralise_cell(value)


def _display_number(value: float) -> str:
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}".removesuffix(".0")
    return f"{value:.3g}"


def _cell_text(value: Any) -> Any:
    """Make a rich cell; text is never read as markup (food names may contain ``[``)."""
    from rich.text import Text

    if value is None:
        return Text("unknown", style="dim")
    if isinstance(value, bool):
        return Text("yes" if value else "no")
    if isinstance(value, int | float):
        return Text(_display_number(float(value)))
    if isinstance(value, list):
        return Text(", ".join(map(str, value)))
    return Text(str(value))


def _rich_text(renderable: Any, color: bool, width: int | None) -> str:
    from rich.console import Console

    console = Console(file=io.StringIO(), width=width, force_terminal=color,
                      color_system="auto" if color else None, highlight=False,
                      emoji=False, markup=False)
    console.print(renderable)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    return str(text)
