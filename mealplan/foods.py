"""Food tables: load the built-in or a user's table, validate it, look foods up.

Every table holds one row per food with nutrients per 100 g edible portion. A
nutrient the source does not report is NaN ("unknown"), never 0; code that needs a
number decides explicitly what unknown means (a caffeine cap excludes the food).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

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
TAG_COLUMNS: tuple[str, ...] = ("meals", "diets", "allergens")
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
    "purchase_id",
    "purchase_name",
    "piece_name",
    "piece_plural",
)
# Numeric columns that describe the food rather than its nutrients.
NUMERIC_META_COLUMNS: tuple[str, ...] = (
    "serving_g",
    "max_servings",
    "price",
    "purchase_yield",
    "purchase_refuse_pct",
    "piece_g",
)
BOOLEAN_COLUMNS: tuple[str, ...] = ("staple",)


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
    ``staple`` (bool), ``usda_name``, ``food_group``, ``caffeine_basis``.
    """

    frame: pd.DataFrame
    """One row per food, indexed by food_id."""
    source: str
    """``default``, ``full``, or the file name the user gave."""
    nutrients: tuple[str, ...]
    """Numeric nutrient columns, in table order (the 12 standard ones come first)."""
    portions: pd.DataFrame | None = None
    """Household portions: columns food_id, amount, measure, grams (built-in tables)."""

    @property
    def has_meals(self) -> bool:
        """Whether foods carry meal tags; without them plans have no meal structure."""
        return "meals" in self.frame.columns and bool(self.frame["meals"].map(len).any())

    def __len__(self) -> int:
        return len(self.frame)
