"""mealplan: meal plans that meet your magnesium RDA, from real USDA nutrient data.

The public API is re-exported here. Names are imported on first use, so that
``import mealplan`` (and the command line's ``--help``) does not load pandas.

Example:
    >>> import mealplan
    >>> foods = mealplan.load_foods("default")  # doctest: +SKIP
    >>> mealplan.top_foods(foods, "magnesium_mg", per="serving", n=5)  # doctest: +SKIP

"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Public name -> module that defines it.
_EXPORTS: dict[str, str] = {
    **dict.fromkeys(
        ("MealplanError", "InputError", "NoPlanError", "CheckError", "Where", "Conflict"),
        "errors",
    ),
    **dict.fromkeys(
        (
            "FoodTable",
            "load_foods",
            "search_foods",
            "resolve_food",
            "find_food",
            "resolve_nutrient",
            "top_foods",
            "food_portions",
            "nutrients_per_portion",
            "food_details",
            "nutrient_unit",
            "NUTRIENTS",
            "MEALS",
            "DIETS",
            "ALLERGENS",
        ),
        "foods",
    ),
    **dict.fromkeys(
        (
            "Profile",
            "Sex",
            "LifeStage",
            "Activity",
            "Target",
            "Targets",
            "TargetOptions",
            "resolve_targets",
            "magnesium_rda_mg",
        ),
        "targets",
    ),
    **dict.fromkeys(("Plan", "Day", "Meal", "Item", "read_plan"), "plan"),
    **dict.fromkeys(
        ("PlanRequest", "Diet", "Objective", "Amounts", "Solver", "request_from_settings",
         "load_profile"),
        "request",
    ),
    "make_plan": "planner",
    "check_plan": "check",
    **dict.fromkeys(("shopping_list", "read_pantry", "ShoppingList"), "shopping"),
    **dict.fromkeys(("read_package_sizes", "with_package_sizes", "PackageSize"), "packages"),
}

__all__ = [
    "ALLERGENS",
    "Amounts",
    "Diet",
    "Objective",
    "PlanRequest",
    "PackageSize",
    "ShoppingList",
    "Solver",
    "check_plan",
    "load_profile",
    "make_plan",
    "read_package_sizes",
    "read_pantry",
    "read_plan",
    "request_from_settings",
    "shopping_list",
    "Activity",
    "CheckError",
    "Conflict",
    "DIETS",
    "Day",
    "FoodTable",
    "InputError",
    "Item",
    "LifeStage",
    "MEALS",
    "Meal",
    "MealplanError",
    "NUTRIENTS",
    "NoPlanError",
    "Plan",
    "Profile",
    "Sex",
    "Target",
    "TargetOptions",
    "Targets",
    "Where",
    "__version__",
    "find_food",
    "food_details",
    "food_portions",
    "load_foods",
    "magnesium_rda_mg",
    "nutrient_unit",
    "nutrients_per_portion",
    "resolve_food",
    "resolve_nutrient",
    "resolve_targets",
    "search_foods",
    "top_foods",
    "with_package_sizes",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'mealplan' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


if TYPE_CHECKING:
    from .check import check_plan
    from .errors import CheckError, Conflict, InputError, MealplanError, NoPlanError, Where
    from .foods import (
        ALLERGENS,
        DIETS,
        MEALS,
        NUTRIENTS,
        FoodTable,
        find_food,
        food_details,
        food_portions,
        load_foods,
        nutrient_unit,
        nutrients_per_portion,
        resolve_food,
        resolve_nutrient,
        search_foods,
        top_foods,
    )
    from .packages import PackageSize, read_package_sizes, with_package_sizes
    from .plan import Day, Item, Meal, Plan, read_plan
    from .planner import make_plan
    from .request import (
        Amounts,
        Diet,
        Objective,
        PlanRequest,
        Solver,
        load_profile,
        request_from_settings,
    )
    from .shopping import ShoppingList, read_pantry, shopping_list
    from .targets import (
        Activity,
        LifeStage,
        Profile,
        Sex,
        Target,
        TargetOptions,
        Targets,
        magnesium_rda_mg,
        resolve_targets,
    )
