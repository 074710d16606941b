"""Shared fixtures: a CLI runner and a tiny hand-made food table."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mealplan.foods import FoodTable, builtin_tables, load_foods

DATA = Path(__file__).parent / "data"


def builtin_table_exists(name: str) -> bool:
    """Whether the built-in table ``name`` (default, full) ships in this checkout."""
    return builtin_tables().joinpath(f"{name}.csv").is_file()


@pytest.fixture
def runner() -> CliRunner:
    """A click CliRunner; ``result.stdout`` and ``result.stderr`` are kept apart."""
    return CliRunner()


@pytest.fixture
def data_dir() -> Path:
    """The folder of small test tables."""
    return DATA


@pytest.fixture
def tiny_foods_path() -> Path:
    """tests/data/tiny_foods.csv: 12 hand-made foods, nutrients per 100 g.

    Round numbers so totals can be worked out by hand. Magnesium per serving (mg):
    pumpkin seeds 165 (30 g), quinoa 118.4 (185 g), spinach 90 (100 g), almonds 81
    (30 g), dark chocolate 64.4 (28 g), yogurt 40 (200 g), banana 32.4 (120 g),
    salmon 45 (150 g), bread 24 (30 g), coffee 7.2 and tea 7.2 (240 g), egg 5 (50 g).
    Caffeine per serving: coffee 96, tea 48, dark chocolate 22.4 mg; the bread's
    caffeine is unknown (empty cell, basis ``unknown``). Diets: yogurt, egg and dark
    chocolate are vegetarian, salmon pescatarian, the rest vegan. Allergens: yogurt
    dairy, egg egg, almonds tree_nut, salmon fish, bread gluten, chocolate soy. Extra
    columns: ``price`` (per 100 g) and ``vitamin_k_ug`` (a custom nutrient).
    """
    return DATA / "tiny_foods.csv"


@pytest.fixture
def tiny_foods(tiny_foods_path: Path) -> FoodTable:
    """The tiny table, loaded."""
    return load_foods(tiny_foods_path)


@pytest.fixture
def priced_foods_path() -> Path:
    """tests/data/priced_foods.csv: every third food of the default table, with prices.

    162 foods with meal tags, servings and shopping columns, enough to plan days with
    meal structure. The ``price`` column is made up: a typical price per 100 g for the
    food group (vegetables 0.35, legumes 0.25, fish 1.60...) times 0.7 to 1.3 by
    food_id, rounded to cents.
    """
    return DATA / "priced_foods.csv"


@pytest.fixture
def priced_foods(priced_foods_path: Path) -> FoodTable:
    """The priced table, loaded."""
    return load_foods(priced_foods_path)


@pytest.fixture
def default_foods() -> FoodTable:
    """The built-in default table; skips the test while the table is not built."""
    if not builtin_table_exists("default"):
        pytest.skip("foods/default.csv is not built yet")
    return load_foods("default")


@pytest.fixture
def full_foods() -> FoodTable:
    """The built-in full table; skips the test while the table is not built."""
    if not builtin_table_exists("full"):
        pytest.skip("foods/full.csv is not built yet")
    return load_foods("full")
