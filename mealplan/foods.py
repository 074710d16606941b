"""Food tables: load the built-in or a user's table, validate it, look foods up.

Every table holds one row per food with nutrients per 100 g edible portion. A
nutrient the source does not report is NaN ("unknown"), never 0; code that needs a
number decides explicitly what unknown means (a caffeine cap excludes the food).
"""

from __future__ import annotations

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
