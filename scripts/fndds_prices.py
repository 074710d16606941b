"""Prices for FNDDS 2017-2018 foods and their SR28 ingredients, from USDA ERS PP-NAP.

Usage:
    python scripts/fndds_prices.py [--raw DIR] [--foods-out FILE] [--ingredients-out FILE]

DIR holds ``fndds_2017_2018/``, ``ppnap/`` and ``sr28/`` as USDA publishes them (see
PROVENANCE.md of the raw data); it defaults to $MEALPLAN_USDA_DIR, else
../shared/data/usda relative to the repository root. Prints how many foods are priced
which way, and writes the tables as CSV when asked.

Prices are U.S. dollars per 100 edible grams, 2017-2018 national averages (PP-NAP, the
Purchase to Plate National Average Prices for FNDDS). Every FNDDS 2017-2018 food gets
the first of these that exists; ``price_method`` records which:

- ``direct``: its own PP-NAP 2017/2018 price.
- ``matched``: the same food code priced in an older PP-NAP cycle (the nearest one),
  times that cycle's price factor: the median of ``2017/2018 price / older price`` over
  every food priced in both cycles (:func:`cycle_factors`: 1.019 from 2015/2016, 1.016
  from 2013/2014, 1.090 from 2011/2012). The factors come from the price file alone, so
  no outside index is needed. On foods priced in both, a matched price is off by a
  median 5 % (2015/2016) to 15 % (2011/2012), closer than a recipe cost (17 %), which is
  why it comes first (``--validate`` prints these).
- ``ingredients``: costed from its FNDDS recipe. Each ingredient's price per 100 g
  (:func:`ingredient_prices`) is weighted by its share of the recipe, and the mix is
  turned into the dish by conservation of solids: cooking adds or removes water but
  keeps the dry matter, so 100 g of a dish with water ``w_dish`` g/100 g takes
  ``(100 - w_dish) / (100 - w_mix)`` times 100 g of the raw mix. (FNDDS builds its
  dishes this way: the rule brings recipe energy within 5 % of FNDDS's own value for
  96 % of foods, against 72 % without it.)

A food none of these reaches has no price (NaN), never 0.

Ingredient prices (SR28 codes, per 100 g of the ingredient as the recipe uses it) come
from the foods above that have a PP-NAP price: an ingredient is priced from every such
food in which it is the main ingredient (at least MAIN_SHARE of the recipe) and every
other ingredient is already priced, by solving the food's cost for it, and takes the
median over those foods. This runs in rounds: round 1 prices ingredients of
single-ingredient foods (``method`` ``single``), later rounds peel main ingredients
of dishes whose other ingredients earlier rounds priced (``main``). Tap water costs 0
(``tap_water``; see TAP_WATER). In both directions, unpriced ingredients that together
make at most MINOR_SHARE of a recipe (salt, spices, a vitamin premix) are taken to cost
what the rest of the recipe costs per gram; more than that and the food stays unpriced.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parent.parent
DEFAULT_RAW = REPO.parent / "shared" / "data" / "usda"

PRICE_CYCLE = "2017/2018"
# Older PP-NAP cycles, nearest first: a food takes the price of the nearest one.
OLDER_CYCLES: tuple[str, ...] = ("2015/2016", "2013/2014", "2011/2012")
# Unpriced ingredients up to this share of a recipe's weight are costed at the rest of
# the recipe's price per gram (salt is 0.5 % of a typical recipe, black pepper 0.04 %,
# margarine or breadcrumbs 2-6 %). Recipe costs of foods held out of the learning
# (holdout_errors) are off by a median 17-18 % at 2 %, 5 % or 10 %; 5 % costs 833
# foods, 2 % only 689, 10 % more but on thinner evidence.
MINOR_SHARE = 0.05
# An ingredient is priced from a food's price only when it is at least half of the
# food's recipe: the food's price is then mostly its price, and errors in the other
# ingredients' prices are not amplified more than twofold.
MAIN_SHARE = 0.5
# Tap water in recipes (SR28 "Beverages, water, tap, drinking" and "..., municipal")
# costs a fraction of a cent per litre. PP-NAP priced FNDDS 94000100 "Water, tap" at $0
# in 2013/2014 and 2015/2016; in 2017/2018 it carries bottled water's price ($0.0356 per
# 100 g, the same as 94100100 "Water, bottled, unsweetened"), which would make the water
# in a pot of oatmeal cost more than the oats.
TAP_WATER: Mapping[str, float] = {"14411": 0.0, "14429": 0.0}

SINGLE_SHARE = 1 - MINOR_SHARE
"""A food is single-ingredient when one ingredient is at least this share of it."""


@dataclass(frozen=True)
class RawData:
    """The raw USDA tables the prices are worked out from, keyed as strings."""

    food_codes: pd.Index
    """Every FNDDS 2017-2018 food code (8 digits, as text), sorted."""
    dish_water_g: pd.Series
    """Water per 100 g of each FNDDS food (FNDDS nutrient values), by food code."""
    recipes: pd.DataFrame
    """FNDDS recipes: ``food_code``, ``ingredient_code``, ``share`` of the recipe weight."""
    ingredient_water_g: pd.Series
    """Water per 100 g of each ingredient (FNDDS ingredient nutrients), by code."""
    ppnap: pd.DataFrame
    """PP-NAP prices: index food code, one column per cycle, NaN where none."""


def ingredient_code(code: int, sr28_ids: frozenset[str]) -> str:
    """Write an FNDDS ingredient code as SR28 does: 5 digits, leading zeros.

    FNDDS writes SR28 numbers without their leading zeros (1107 is SR 01107); its 13
    own ingredients (4322 "Vegetable oil, averaged") are not SR28 foods and stay as
    written.

    >>> ingredient_code(1107, frozenset({"01107"})), ingredient_code(4322, frozenset())
    ('01107', '4322')
    """
    padded = f"{code:05d}"
    return padded if padded in sr28_ids else str(code)


def load_raw(raw_dir: Path) -> RawData:
    """Read the FNDDS, PP-NAP and SR28 files the prices need."""
    fndds = raw_dir / "fndds_2017_2018"
    foods = pd.read_csv(fndds / "foods_and_beverages.csv", usecols=["Food code"])
    values = pd.read_csv(fndds / "nutrient_values.csv", usecols=["Food code", "Water (g)"])
    recipes = pd.read_csv(fndds / "ingredients.csv",
                          usecols=["parent_foodcode", "ingred_code", "ingred_wt"])
    water = pd.read_csv(fndds / "ingredient_nutrients.csv", usecols=["ingred_code", "Water"])
    prices = pd.read_csv(raw_dir / "ppnap" / "national_average_prices.csv",
                         usecols=["year", "food_code", "price_100gm"])
    sr28 = pd.read_csv(raw_dir / "sr28" / "FOOD_DES.txt", sep="^", quotechar="~",
                       encoding="cp1252", header=None, usecols=[0], dtype=str)
    sr28_ids = frozenset(sr28[0])

    def code(c: int) -> str:
        return ingredient_code(int(c), sr28_ids)

    recipes = recipes.assign(
        food_code=recipes["parent_foodcode"].map(str),
        ingredient_code=recipes["ingred_code"].map(code),
    )
    total = recipes.groupby("food_code")["ingred_wt"].transform("sum")
    recipes = recipes.assign(share=recipes["ingred_wt"] / total)
    wide = (prices.dropna(subset=["price_100gm"])
            .assign(food_code=prices["food_code"].map(str))
            .pivot_table(index="food_code", columns="year", values="price_100gm",
                         aggfunc="first"))
    codes = pd.Index(sorted(foods["Food code"].map(str)), name="food_code")
    return RawData(
        food_codes=codes,
        dish_water_g=values.set_index(values["Food code"].map(str))["Water (g)"],
        recipes=recipes[["food_code", "ingredient_code", "share"]].reset_index(drop=True),
        ingredient_water_g=water.set_index(water["ingred_code"].map(code))["Water"],
        ppnap=wide.reindex(columns=[PRICE_CYCLE, *OLDER_CYCLES]),
    )


def cycle_factors(ppnap: pd.DataFrame) -> dict[str, float]:
    """Per older cycle, the median of ``2017/2018 price / that cycle's price``.

    Over every food with a price above 0 in both cycles; the median of the log ratio,
    so one food's tenfold change does not move it.
    """
    factors = {}
    for cycle in OLDER_CYCLES:
        both = ppnap[[PRICE_CYCLE, cycle]].dropna()
        both = both[(both > 0).all(axis=1)]
        if not both.empty:  # a cycle sharing no food with 2017/2018 cannot be matched
            factors[cycle] = float(np.exp(np.median(np.log(both[PRICE_CYCLE] / both[cycle]))))
    return factors


def ppnap_prices(raw: RawData) -> pd.DataFrame:
    """The ``direct`` and ``matched`` prices of FNDDS foods (see the module docstring)."""
    prices = raw.ppnap.reindex(raw.food_codes)
    price = prices[PRICE_CYCLE].copy()
    method = pd.Series("direct", index=raw.food_codes).where(price.notna())
    for cycle, factor in cycle_factors(raw.ppnap).items():
        take = price.isna() & prices[cycle].notna()
        price[take] = prices[cycle][take] * factor
        method[take] = "matched"
    frame = pd.DataFrame({"price_100g": price, "price_method": method})
    return frame[frame["price_method"].notna()]


def dish_factors(raw: RawData) -> pd.Series:
    """Grams of raw recipe mix per gram of dish, by conservation of solids, by food code.

    ``(100 - dish water) / (100 - mix water)``; 1 for a recipe of pure water, whose
    solids are nil on both sides.
    """
    r = raw.recipes
    mix_water = (r["share"] * r["ingredient_code"].map(raw.ingredient_water_g)).groupby(
        r["food_code"]).sum()
    dish_water = raw.dish_water_g.reindex(mix_water.index)
    solids = 100 - mix_water
    factor = (100 - dish_water) / solids.where(solids > 1e-9)
    return factor.fillna(1.0)


def _recipe_frame(raw: RawData, factors: pd.Series) -> pd.DataFrame:
    r = raw.recipes
    return r.assign(factor=r["food_code"].map(factors))


def ingredient_prices_from(raw: RawData, food_prices: pd.DataFrame) -> pd.DataFrame:
    """Ingredient prices from food prices, in rounds (see the module docstring).

    Args:
        raw: The raw tables.
        food_prices: ``price_100g`` by food code: the foods to learn from.

    Returns:
        Indexed by ``ingredient_code``: ``price_100g`` per 100 g of the ingredient,
        ``method`` (``single``, ``main`` or ``tap_water``) and ``foods``, how many
        foods its price is the median over (0 for tap water).
    """
    recipes = _recipe_frame(raw, dish_factors(raw))
    recipes = recipes[recipes["food_code"].isin(food_prices.index)]
    recipes = recipes.assign(food_price=recipes["food_code"].map(food_prices["price_100g"]))
    known: dict[str, tuple[float, str, int]] = {
        code: (price, "tap_water", 0) for code, price in TAP_WATER.items()}
    round_number = 1
    while True:
        found = _peel(recipes, {c: p for c, (p, _, _) in known.items()})
        new = found[~found.index.isin(list(known))]
        if new.empty:
            break
        for code, row in new.iterrows():
            method = "single" if round_number == 1 and row["single"] else "main"
            known[str(code)] = (float(row["price_100g"]), method, int(row["foods"]))
        round_number += 1
    frame = pd.DataFrame.from_dict(known, orient="index",
                                   columns=["price_100g", "method", "foods"])
    frame.index.name = "ingredient_code"
    return frame.sort_index()


def _peel(recipes: pd.DataFrame, known: Mapping[str, float]) -> pd.DataFrame:
    """One round: price each food's one unpriced main ingredient from the food's price.

    A food's mix costs ``food price / factor`` per 100 g; with priced ingredients
    ``P``, minor unpriced ones ``m`` (their share) and the main unpriced one ``k``:
    ``mix (1 - m) = sum(P shares x prices) + share_k x price_k``.
    """
    r = recipes.assign(price=recipes["ingredient_code"].map(known))
    unpriced = r[r["price"].isna()]
    if unpriced.empty:
        return pd.DataFrame(columns=["price_100g", "foods", "single"])
    # The largest unpriced ingredient of each food, and the share of the others.
    main = unpriced.sort_values(["food_code", "share", "ingredient_code"],
                                ascending=[True, False, True]).drop_duplicates("food_code")
    main = main.set_index("food_code")
    unpriced_share = unpriced.groupby("food_code")["share"].sum()
    minor = unpriced_share.reindex(main.index) - main["share"]
    priced_cost = (r["share"] * r["price"]).groupby(r["food_code"]).sum(min_count=1)
    priced_cost = priced_cost.reindex(main.index).fillna(0.0)
    mix = main["food_price"] / main["factor"]
    estimate = (mix * (1 - minor) - priced_cost) / main["share"]
    ok = (main["share"] >= MAIN_SHARE) & (minor <= MINOR_SHARE + 1e-12) & (estimate > 0)
    candidates = pd.DataFrame({
        "ingredient_code": main["ingredient_code"][ok],
        "estimate": estimate[ok],
        "single": main["share"][ok] >= SINGLE_SHARE - 1e-12,
    })
    grouped = candidates.groupby("ingredient_code")
    return pd.DataFrame({
        "price_100g": grouped["estimate"].median(),
        "foods": grouped.size(),
        "single": grouped["single"].all(),
    })


def cost_recipes(raw: RawData, ingredients: pd.DataFrame) -> pd.Series:
    """Price per 100 g of every food whose recipe the ingredient prices cover.

    ``factor x sum(share x price) / (1 - minor share)``; foods whose unpriced
    ingredients are more than MINOR_SHARE of the recipe are left out.
    """
    r = _recipe_frame(raw, dish_factors(raw))
    r = r.assign(price=r["ingredient_code"].map(ingredients["price_100g"]))
    unpriced = r["share"].where(r["price"].isna(), 0.0).groupby(r["food_code"]).sum()
    cost = (r["share"] * r["price"]).groupby(r["food_code"]).sum(min_count=1)
    factor = r.groupby("food_code")["factor"].first()
    price = factor * cost / (1 - unpriced)
    covered = (unpriced <= MINOR_SHARE + 1e-12) & price.notna()
    return price[covered]


def price_table(raw_dir: Path) -> pd.DataFrame:
    """A price for every FNDDS 2017-2018 food, where one can be found.

    Args:
        raw_dir: Folder with ``fndds_2017_2018/``, ``ppnap/`` and ``sr28/``.

    Returns:
        One row per FNDDS food code (8 digits, as text), sorted: ``food_code``,
        ``price_100g`` (2017-2018 U.S. dollars per 100 g as eaten, NaN when none) and
        ``price_method`` (``direct``, ``matched``, ``ingredients``, or empty).
    """
    raw = load_raw(raw_dir)
    return _price_table(raw, ingredient_prices_from(raw, ppnap_prices(raw)))


def _price_table(raw: RawData, ingredients: pd.DataFrame) -> pd.DataFrame:
    known = ppnap_prices(raw)
    costed = cost_recipes(raw, ingredients)
    costed = costed[~costed.index.isin(known.index)]
    frame = pd.DataFrame(index=raw.food_codes)
    frame["price_100g"] = known["price_100g"]
    frame["price_method"] = known["price_method"]
    frame.loc[costed.index, "price_100g"] = costed
    frame.loc[costed.index, "price_method"] = "ingredients"
    frame["price_method"] = frame["price_method"].fillna("")
    return frame.reset_index()


def price_tables(raw_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`price_table` and :func:`ingredient_prices` from one read of the raw files."""
    raw = load_raw(raw_dir)
    ingredients = ingredient_prices_from(raw, ppnap_prices(raw))
    return _price_table(raw, ingredients), ingredients.reset_index()


def ingredient_prices(raw_dir: Path) -> pd.DataFrame:
    """Prices of the SR28 ingredients of FNDDS recipes, per 100 g of the ingredient.

    Args:
        raw_dir: Folder with ``fndds_2017_2018/``, ``ppnap/`` and ``sr28/``.

    Returns:
        One row per priced ingredient code, sorted: ``ingredient_code`` (SR28, 5
        digits), ``price_100g`` (2017-2018 U.S. dollars per 100 g of the ingredient in
        the form the recipe names, such as cooked lentils or raw onions), ``method``
        (``single``, ``main``, ``tap_water``) and ``foods`` (how many FNDDS foods the
        price is the median over). Ingredients without a price are not listed.
    """
    raw = load_raw(raw_dir)
    return ingredient_prices_from(raw, ppnap_prices(raw)).reset_index()


def purchase_prices(ingredients: pd.DataFrame, ingredient_map: pd.DataFrame,
                    refuse_pct: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Prices per 100 g *as bought* of purchase forms, from ingredient prices.

    An ingredient used as ``yield`` grams per gram bought (cooked lentils from dry:
    about 2.4) makes the purchase form cost ``yield x`` the ingredient's price per
    gram; refuse (banana peel) is paid for but not eaten, so a purchase form with
    ``r`` % refuse costs ``(1 - r / 100) x`` its edible price per gram as bought.
    A form that recipes name as it is bought (its own code, yield 1) costs what they
    pay for it; otherwise several ingredients bought as one form give the median (skim
    milk is 0.15 a 100 g as itself, and 2.33 as the milk without vitamins priced from
    one FNDDS food).

    Args:
        ingredients: From :func:`ingredient_prices`: ``ingredient_code``, ``price_100g``.
        ingredient_map: ``ingredient_code``, ``purchase_id``, ``yield`` (grams of
            ingredient per gram bought, a number).
        refuse_pct: Refuse by purchase_id, in percent; missing means 0.

    Returns:
        One row per priced purchase_id, sorted: ``purchase_id``, ``price_100g``.

    >>> ing = pd.DataFrame({"ingredient_code": ["16070"], "price_100g": [0.25]})
    >>> m = pd.DataFrame({"ingredient_code": ["16070"], "purchase_id": ["16069"],
    ...                   "yield": [2.4]})
    >>> purchase_prices(ing, m).to_dict("records")
    [{'purchase_id': '16069', 'price_100g': 0.6}]
    """
    price = ingredient_map["ingredient_code"].map(
        ingredients.set_index("ingredient_code")["price_100g"]) * ingredient_map["yield"]
    edible = price.groupby(ingredient_map["purchase_id"]).median()
    itself = (ingredient_map["ingredient_code"] == ingredient_map["purchase_id"]) & (
        ingredient_map["yield"] == 1) & price.notna()
    own = price[itself].groupby(ingredient_map.loc[itself, "purchase_id"]).first()
    edible.loc[own.index] = own
    edible = edible.dropna()
    refuse = pd.Series(refuse_pct or {}, dtype=float).reindex(edible.index).fillna(0.0)
    bought = (edible * (1 - refuse / 100)).round(6)
    return pd.DataFrame({"purchase_id": bought.index, "price_100g": bought.to_numpy()})


def holdout_errors(raw: RawData, fraction: float = 0.2, rounds: int = 5,
                   seed: int = 0) -> pd.Series:
    """How far recipe costs fall from PP-NAP prices on foods the learning did not see.

    Each round hides a random ``fraction`` of the directly priced foods, learns the
    ingredient prices from the other priced foods, and costs the hidden foods of two
    or more ingredients from their recipes.

    Returns:
        ``log(recipe cost / PP-NAP price)`` per costed hidden food and round.
    """
    known = ppnap_prices(raw)
    direct = known.index[(known["price_method"] == "direct") & (known["price_100g"] > 0)]
    sizes = raw.recipes.groupby("food_code").size()
    rng = np.random.default_rng(seed)
    errors = []
    for _ in range(rounds):
        hidden = direct[rng.random(len(direct)) < fraction]
        hidden = hidden[sizes.reindex(hidden).fillna(0).to_numpy() >= 2]
        learned = ingredient_prices_from(raw, known.drop(hidden))
        costed = cost_recipes(raw, learned).reindex(hidden).dropna()
        costed = costed[costed > 0]
        errors.append(pd.Series(np.log(costed / known.loc[costed.index, "price_100g"])))
    return pd.concat(errors)


def matched_errors(raw: RawData) -> dict[str, pd.Series]:
    """Per older cycle, ``log(matched price / 2017/2018 price)`` over foods with both."""
    factors = cycle_factors(raw.ppnap)
    errors = {}
    for cycle, factor in factors.items():
        both = raw.ppnap[[PRICE_CYCLE, cycle]].dropna()
        both = both[(both > 0).all(axis=1)]
        errors[cycle] = pd.Series(np.log(both[cycle] * factor / both[PRICE_CYCLE]))
    return errors


def _describe_errors(errors: pd.Series) -> str:
    typical = math.exp(float(errors.abs().median())) - 1
    within = float((errors.abs() < math.log(1.25)).mean())
    return (f"{len(errors):,} foods, median error {typical:.1%}, "
            f"{within:.0%} within 25 %")


def method_counts(table: pd.DataFrame, column: str = "price_method") -> dict[str, int]:
    """How many rows are priced which way; unpriced rows count as ``none``."""
    counts = table[column].replace("", "none").value_counts()
    return {str(k): int(v) for k, v in counts.items()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--raw", type=Path, default=Path(os.environ.get("MEALPLAN_USDA_DIR", DEFAULT_RAW)),
        help="folder with fndds_2017_2018/, ppnap/ and sr28/ "
        "(default: $MEALPLAN_USDA_DIR or %(default)s)")
    parser.add_argument("--foods-out", type=Path, help="write the food prices as CSV")
    parser.add_argument("--ingredients-out", type=Path,
                        help="write the ingredient prices as CSV")
    parser.add_argument("--validate", action="store_true",
                        help="also report how well matched and recipe prices agree with "
                        "PP-NAP prices they were not made from")
    args = parser.parse_args(argv)
    raw = load_raw(args.raw)
    ingredients = ingredient_prices_from(raw, ppnap_prices(raw))
    foods = _price_table(raw, ingredients)
    print(f"{len(foods):,} FNDDS 2017-2018 foods:")
    for method, n in method_counts(foods).items():
        print(f"  {method:12} {n:5,}")
    print(f"{len(ingredients):,} ingredient codes priced:")
    for method, n in method_counts(ingredients.reset_index(), "method").items():
        print(f"  {method:12} {n:5,}")
    for cycle, factor in cycle_factors(raw.ppnap).items():
        print(f"price factor {cycle} -> {PRICE_CYCLE}: {factor:.4f}")
    if args.validate:
        for cycle, errors in matched_errors(raw).items():
            print(f"matched from {cycle}: {_describe_errors(errors)}")
        print(f"recipes of held-out foods: {_describe_errors(holdout_errors(raw))}")
    if args.foods_out:
        foods.to_csv(args.foods_out, index=False, lineterminator="\n")
    if args.ingredients_out:
        ingredients.reset_index().to_csv(args.ingredients_out, index=False,
                                         lineterminator="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
