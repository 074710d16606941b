"""The optimisation model: a food table and a request become a linear program.

The model is laid out as arrays (columns with bounds, costs and integrality; rows
as index/coefficient arrays). The HiGHS adapter hands those to HiGHS in one call;
PuLP objects are made from them in one pass (one expression per row, none per
term) only when something needs PuLP: CBC, an MPS or LP file, or a library user.

Servings mode, per day d, meal m and eligible food f:

- ``k[d,m,f]`` integer half servings, ``0 <= k <= 2 * max_servings``;
- ``y[d,m,f]`` binary "on the plate", ``y <= k <= K * y``.

Rows per day: each target (absolute, % of energy, per 1,000 kcal), each meal's
share of the day's energy, items per meal, one food per variety family per meal, at
most one drink per meal, each food's daily servings cap. Across days: a food is on
the plate in a limited number of meals of the plan, and each ``--include`` at least
once. The objective uses amounts only, never ``y``, so dropping every integer part
gives a valid relaxation (the screening LP) whose optimum bounds every plan.
Continuous mode is that linear program with exact daily caps.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pulp

from .errors import InputError, Where
from .foods import FoodTable
from .request import Amounts, Diet, FoodChoice, Objective, PlanRequest
from .targets import Basis, Target, quality_goals

# Meal structure: share of the day's energy and number of items, per meal.
# (US intake surveys put about 20 % of energy at breakfast, 30 % at lunch, 35 % at
# dinner and 15 % in snacks; the ranges leave room around that.)
MEAL_SHARES: Mapping[str, tuple[float, float]] = {
    "breakfast": (0.15, 0.35),
    "lunch": (0.20, 0.40),
    "dinner": (0.25, 0.45),
    "snack": (0.05, 0.25),
}
MEAL_ITEMS: Mapping[str, tuple[int, int]] = {
    "breakfast": (2, 4),
    "lunch": (3, 5),
    "dinner": (3, 5),
    "snack": (1, 2),
}
PLANNED_MEALS: tuple[str, ...] = tuple(MEAL_SHARES)
NO_MEALS = "all"
DEFAULT_MAX_SERVINGS = 3.0
# Nobody eats three servings of one food in one sitting: at most two per meal.
MAX_SERVINGS_PER_MEAL = 2
# Amounts are whole or half servings. Only a measure of volume or weight halves
# ("1 cup", "3 oz"); a piece ("1 medium", "1 slice", "1 container") and a serving
# under 30 g (half a tablespoon of hummus) come whole.
HALVES_MIN_G = 30.0
DIVISIBLE_MEASURE = (r"(?i)^\s*[\d/.\s-]*\s*(?:cups?|tbsp|tablespoons?|tsp|teaspoons?|"
                     r"oz|ounces?|fl oz|g|grams?|ml|lb|serving)\b")
DRINK = "drink"

# What a real meal looks like. Kinds of food come from USDA SR28 food groups (when the
# table has a food_group column with these names) and, for "protein", from at least
# 6 g of protein in a serving; a breakfast has grains, bread or cereal, or a protein
# dairy food (eggs, yogurt, cheese). Foods under 20 kcal a serving (herbs, condiments,
# lettuce, coffee, tea) and staples (oil, salt, spices) are extras, not items: they
# do not count toward the items a meal needs, a meal has at most one staple, one
# garnish and one drink, and each extra costs a little in the default objective, so
# it appears when it helps (coffee when you --like it).
KIND_GROUPS: Mapping[str, frozenset[str]] = {
    "meat_or_fish": frozenset({
        "Beef Products", "Pork Products", "Poultry Products",
        "Lamb, Veal, and Game Products", "Finfish and Shellfish Products",
        "Sausages and Luncheon Meats"}),
    "fruit": frozenset({"Fruits and Fruit Juices"}),
    "sweets": frozenset({"Sweets"}),
    "grains": frozenset({"Cereal Grains and Pasta"}),
    "breads_and_cereals": frozenset({"Baked Products", "Breakfast Cereals"}),
    "nuts_and_seeds": frozenset({"Nut and Seed Products"}),
    "legumes": frozenset({"Legumes and Legume Products"}),
    "vegetable": frozenset({"Vegetables and Vegetable Products"}),
    "breakfast_base": frozenset({"Cereal Grains and Pasta", "Baked Products",
                                 "Breakfast Cereals"}),
}
PROTEIN_G_PER_SERVING = 6.0
ITEM_KCAL_PER_SERVING = 20.0
EXTRAS_PER_MEAL = 1
# At most so many items of a kind in any meal ...
MEAL_KIND_MAX: Mapping[str, int] = {
    "meat_or_fish": 1, "fruit": 2, "sweets": 1, "grains": 1, "breads_and_cereals": 1,
    "nuts_and_seeds": 2, "legumes": 2,
}
# ... and at least so many in these meals.
MEAL_KIND_MIN: Mapping[str, Mapping[str, int]] = {
    "breakfast": {"breakfast_base": 1},
    "lunch": {"vegetable": 1, "protein": 1},
    "dinner": {"vegetable": 1, "protein": 1},
}

# Default objective, in points per day: magnesium earns 100 per RDA up to 150 % of
# it; potassium, calcium and fiber earn up to 25 each on the way to their goals
# (targets.quality_goals), and every 10 g of sugars costs 2. Per serving, a liked
# food earns 10 and a disliked one costs 40. The rewards steer the plan to whole
# foods (greens, beans, dairy, fruit) rather than to whatever meets the limits.
MAGNESIUM_REWARD_CAP = 1.5
MAGNESIUM_POINTS = 100.0
QUALITY_POINTS = 25.0
SUGAR_POINTS_PER_G = 0.2
LIKE_POINTS = 10.0
DISLIKE_POINTS = 40.0
# Each extra (staple, garnish, or a drink under 20 kcal) costs 2 points.
EXTRA_POINTS = 2.0


@dataclass(frozen=True)
class Row:
    """One linear row ``lo <= coef . x[idx] <= hi`` with a stable name."""

    name: str
    idx: np.ndarray
    coef: np.ndarray
    lo: float
    hi: float


@dataclass
class ModelArrays:
    """The model as plain arrays, independent of any solver library."""

    names: list[str] = field(default_factory=list)
    lb: list[float] = field(default_factory=list)
    ub: list[float] = field(default_factory=list)
    cost: list[float] = field(default_factory=list)
    integer: list[bool] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    maximize: bool = True
    def objective(self, values: np.ndarray) -> float:
        """The objective value of a solution."""
        return float(np.dot(self.cost, values))

    def add_columns(self, names: Sequence[str], ub: np.ndarray | float,
                    cost: np.ndarray | float = 0.0, integer: bool = False) -> np.ndarray:
        """Add columns with lower bound 0; returns their indices."""
        n = len(names)
        start = len(self.names)
        self.names.extend(names)
        self.lb.extend([0.0] * n)
        self.ub.extend(np.broadcast_to(np.asarray(ub, float), (n,)).tolist())
        self.cost.extend(np.broadcast_to(np.asarray(cost, float), (n,)).tolist())
        self.integer.extend([integer] * n)
        return np.arange(start, start + n)

    def add_row(self, name: str, idx: np.ndarray, coef: np.ndarray | float,
                lo: float = -math.inf, hi: float = math.inf) -> None:
        """Add a row; a scalar coef applies to every index; zero terms are dropped."""
        idx = np.asarray(idx, dtype=np.int64)
        if isinstance(coef, np.ndarray):
            values = np.asarray(coef, dtype=float)
            keep = values != 0
            idx, values = idx[keep], values[keep]
        else:
            values = np.full(len(idx), float(coef))
        self.rows.append(Row(name, idx, values, lo, hi))

    def add_pair_rows(self, names: Sequence[str], a: np.ndarray, b: np.ndarray,
                      coef_a: np.ndarray | float, coef_b: np.ndarray | float,
                      lo: float = -math.inf, hi: float = math.inf) -> None:
        """Add rows ``lo <= coef_a * x[a] + coef_b * x[b] <= hi``, one per pair."""
        ca = np.broadcast_to(np.asarray(coef_a, float), a.shape)
        cb = np.broadcast_to(np.asarray(coef_b, float), b.shape)
        idx = np.stack([a, b], axis=1).astype(np.int64)
        coef = np.stack([ca, cb], axis=1)
        self.rows.extend(Row(n, i, c, lo, hi) for n, i, c in zip(names, idx, coef, strict=True))

    @property
    def n_columns(self) -> int:
        """Number of columns."""
        return len(self.names)


@dataclass
class BuiltModel:
    """A built model: its arrays, its PuLP form on demand, and how to read a plan back."""

    arrays: ModelArrays
    """The same model as arrays."""
    food_ids: tuple[str, ...]
    """Eligible foods, sorted; ``amount_food`` indexes into it."""
    amount_cols: np.ndarray
    """Column index of every amount variable."""
    amount_day: np.ndarray
    """0-based day of each amount column."""
    amount_meal: np.ndarray
    """Meal of each amount column (object array of str)."""
    amount_food: np.ndarray
    """Food position (into ``food_ids``) of each amount column."""
    unit_grams: np.ndarray
    """Grams per unit of each amount column (half a serving, or 1 g)."""
    meals: tuple[str, ...]
    """Meals of a day, in eating order (``all`` when the table has no meal tags)."""
    integer: bool
    """Whether the model has integer columns."""
    limited: np.ndarray
    """Per eligible food, whether variety limits apply (not drinks and staples)."""
    needed_kinds: Mapping[str, np.ndarray] = field(default_factory=dict)
    """Per meal, a mask over eligible foods for each kind the meal needs one of."""
    excluded: Mapping[str, str] = field(default_factory=dict)
    """Foods left out, with why (diet, allergen, unknown caffeine...), for diagnosis."""

    @functools.cached_property
    def _pulp(self) -> tuple[pulp.LpProblem, list[pulp.LpVariable]]:
        return to_pulp(self.arrays)

    @property
    def problem(self) -> pulp.LpProblem:
        """The PuLP problem, built from the arrays on first use.

        The HiGHS path never needs it (it hands HiGHS the arrays, as linopy does);
        CBC, MPS or LP files, and library users who want PuLP's view do.
        """
        return self._pulp[0]

    @property
    def variables(self) -> list[pulp.LpVariable]:
        """PuLP variables in column order (built with :attr:`problem`)."""
        return self._pulp[1]


def eligible_foods(foods: FoodTable, request: PlanRequest) -> tuple[pd.Index, dict[str, str]]:
    """Foods the request allows, and why each other food is left out.

    A food is left out when it does not fit the diet, contains an avoided allergen, is
    excluded by name, has no price under ``--objective cost``, or has an unknown value
    for a nutrient with an upper limit (a cap cannot be trusted on an unknown: this is
    how a caffeine cap excludes foods whose caffeine is not reported). An unknown value
    under a lower limit counts as 0, which can only make a plan more conservative.
    """
    frame = foods.frame
    why: dict[str, str] = {}

    def drop(mask: pd.Series | np.ndarray, reason: str) -> None:
        for fid in frame.index[np.asarray(mask, dtype=bool)]:
            why.setdefault(fid, reason)

    if request.diet is not Diet.OMNIVORE and "diets" in frame.columns:
        diet = str(request.diet)
        drop(~frame["diets"].map(lambda tags: diet in tags), f"not {diet}")
    if "allergens" in frame.columns:
        for allergen in sorted(request.avoid):
            drop(frame["allergens"].map(lambda tags, a=allergen: a in tags),
                 f"contains {allergen}")
    for choice in request.exclude:
        drop(frame.index.isin(choice.food_ids), f"excluded by --exclude {choice.text}")
    for t in request.targets.limits:
        if t.maximum is None or t.nutrient not in frame.columns:
            continue
        drop(frame[t.nutrient].isna(), f"{t.nutrient} unknown, and it has a maximum")
    if request.objective is Objective.COST:
        drop(price_per_100g(foods, request).isna(), "no price")
    if request.amounts is Amounts.SERVINGS and foods.has_meals:
        drop(frame["meals"].map(lambda tags: not (tags & set(PLANNED_MEALS))),
             "not tagged for any meal")
    keep = frame.index[~frame.index.isin(list(why))]
    return keep.sort_values(), why


def price_per_100g(foods: FoodTable, request: PlanRequest) -> pd.Series:
    """Price per 100 g by food_id: ``--prices`` over the table's ``price`` column."""
    if "price" in foods.frame.columns:
        prices = foods.frame["price"].astype(float).copy()
    else:
        prices = pd.Series(np.nan, index=foods.frame.index)
    if request.prices:
        given = pd.Series(dict(request.prices), dtype=float)
        prices.loc[given.index.intersection(prices.index)] = given
    return prices


def max_meals_per_food(request: PlanRequest) -> int | None:
    """On how many days one food may appear; None when unlimited.

    A food (not a drink or staple) is in at most one meal a day, so this counts its
    meals, which are its days. Three in a week (3/7 of the days, at least one) keeps
    days different while leaving the planner room.
    """
    if request.max_days_per_food is not None:
        return request.max_days_per_food if request.max_days_per_food < request.days else None
    if request.days == 1:
        return None
    return max(1, math.ceil(request.days * 3 / 7))


@dataclass(frozen=True)
class _Foods:
    """Per-food arrays of the eligible foods, shared by every row builder."""

    ids: pd.Index
    id_list: list[str]
    table: pd.DataFrame
    serving_g: np.ndarray
    max_servings: np.ndarray
    unit_g: np.ndarray
    unit_cap: np.ndarray
    """Amount units (half servings, or grams) a day may hold."""
    meal_cap: np.ndarray
    """Amount units one meal may hold."""
    is_drink: np.ndarray
    staple: np.ndarray
    item: np.ndarray
    """Counts as an item of a meal: not a staple, and 20 kcal a serving or more."""
    limited: np.ndarray
    meal_mask: Mapping[str, np.ndarray]
    kinds: Mapping[str, np.ndarray]
    """Per kind of MEAL_KIND_MAX and MEAL_KIND_MIN, which foods are of that kind."""
    family: np.ndarray
    """Variety family of each food as an integer code; -1 for none."""
    family_names: tuple[str, ...]
    """Family name of each code."""


def build_model(foods: FoodTable, request: PlanRequest, *, relaxed: bool = False,
                days: Sequence[int] | None = None,
                candidates: Mapping[str, np.ndarray] | None = None,
                meals_left: Mapping[str, int] | None = None,
                includes: bool = True, prepared: Prepared | None = None) -> BuiltModel:
    """Build the model for a request over a food table.

    Args:
        foods: The food table.
        request: What the plan must satisfy.
        relaxed: Build one average day, without integer columns: the screening LP
            of the servings model, or the exact model of continuous amounts. Rows on
            ``y`` become rows on ``k / cap`` (``y >= k / cap`` and ``y <= k``), and
            rows across days are divided by the number of days. The average of any
            plan's days is feasible for it, and every day has the same objective, so
            ``days`` times its optimum bounds the objective of every plan.
        days: The 0-based days to build (default: all days of the request); the
            planner builds one day at a time.
        candidates: Per meal, a boolean mask over the eligible foods that may be
            used (the others get no columns). None allows every eligible food.
        meals_left: Per food_id, in how many more meals it may appear (variety across
            days when days are built one at a time); foods at 0 get no columns.
        includes: Whether to require each ``--include`` among these days.
        prepared: The result of :func:`prepare` for this table and request, so a
            planner building many models works out eligibility and food arrays once.

    Raises:
        InputError: A target names a nutrient the table lacks, or cost is optimised
            and no food has a price.
    """
    frame = foods.frame
    for t in request.targets.limits:
        if t.nutrient not in frame.columns:
            raise InputError(
                f"target {t.key} needs a {t.nutrient} column, which the food table "
                f"{foods.source} does not have",
                Where(flag="--min/--max"),
            )
    if request.objective is Objective.COST and price_per_100g(foods, request).notna().sum() == 0:
        raise InputError(
            "--objective cost needs prices: add a price column (per 100 g) to the food "
            "table or give --prices FILE",
            Where(flag="--objective"),
        )
    prepared = prepared or prepare(foods, request)
    f, excluded = prepared.foods, prepared.excluded
    ids = f.ids
    servings = request.amounts is Amounts.SERVINGS
    integer = servings and not relaxed
    meals = PLANNED_MEALS if foods.has_meals else (NO_MEALS,)
    if relaxed:
        day_list = [0]
    else:
        day_list = list(range(request.days)) if days is None else list(days)
    # Rows across days, divided over the days when one average day stands for all.
    spread = request.days if relaxed else 1
    left = None
    if meals_left is not None:
        left = np.array([meals_left.get(fid, 1 << 30) for fid in ids], dtype=np.int64)
    m = ModelArrays(maximize=request.objective in (Objective.DEFAULT, Objective.MAGNESIUM))

    # Amount columns, grouped by day then meal, foods in food_id order.
    parts: list[tuple[int, str, np.ndarray]] = []
    for d in day_list:
        for meal in meals:
            allowed = f.meal_mask[meal]
            if candidates is not None:
                allowed = allowed & candidates.get(meal, np.zeros(len(ids), bool))
            if left is not None:
                allowed = allowed & (left > 0)
            parts.append((d, meal, np.flatnonzero(allowed)))
    amount_food = np.concatenate([p for _, _, p in parts]).astype(np.int64)
    amount_day = np.concatenate([np.full(len(p), d) for d, _, p in parts]).astype(np.int64)
    amount_meal = np.concatenate([np.full(len(p), meal, dtype=object) for _, meal, p in parts])
    id_list = f.id_list
    names = [f"k_d{d + 1}_{meal}_{id_list[p]}" for d, meal, pos in parts for p in pos.tolist()]
    per_unit = prepared.per_unit
    cost = _amount_cost(foods, request, f, per_unit, amount_food)
    caps = f.meal_cap[amount_food]
    default_objective = request.objective is Objective.DEFAULT
    if relaxed and servings and default_objective:
        # The extras' cost on y, relaxed to k / cap <= y: never more than in any plan.
        cost = cost - np.where(~f.item[amount_food], EXTRA_POINTS / np.maximum(caps, 1), 0.0)
    amount_cols = m.add_columns(names, caps, cost, integer=integer)
    if integer:
        extra = ~f.item[amount_food]
        use_cost = np.where(extra, -EXTRA_POINTS, 0.0) if default_objective else 0.0
        use_cols = m.add_columns([n.replace("k_", "y_", 1) for n in names], 1.0, use_cost,
                                 integer=True)
        tails = [n[2:] for n in names]
        # An item is on the plate (y = 1) exactly when it has at least a half serving.
        m.add_pair_rows([f"use_{t}" for t in tails], amount_cols, use_cols, 1.0, -caps, hi=0.0)
        m.add_pair_rows([f"used_{t}" for t in tails], amount_cols, use_cols, 1.0, -1.0, lo=0.0)
        # Rows on "items" count y; no k coefficient.
        item_cols, item_coef, item_floor = use_cols, np.ones(len(use_cols)), use_cols
    else:
        # Relaxed: y >= k / cap gives upper rows on k / cap; y <= k gives lower rows on k.
        item_cols, item_coef, item_floor = amount_cols, 1.0 / np.maximum(caps, 1e-9), amount_cols

    for d in day_list:
        day = f"d{d + 1}"
        in_day = amount_day == d
        cols = amount_cols[in_day]
        foods_d = amount_food[in_day]
        energy = per_unit["energy_kcal"][foods_d]
        for t in request.targets.limits:
            _add_target_rows(m, t, day, cols, per_unit[t.nutrient][foods_d], energy)
        if request.objective is Objective.DEFAULT:
            for nutrient, (cap, points) in _rewards(request, f).items():
                # A capped reward: reward <= the day's amount, reward <= cap.
                reward = m.add_columns([f"{nutrient}_reward_{day}"], cap, cost=points / cap)
                m.add_row(f"{nutrient}_reward_{day}", np.append(cols, reward),
                          np.append(per_unit[nutrient][foods_d], -1.0), lo=0.0)
        if meals != (NO_MEALS,):
            meals_d = amount_meal[in_day]
            for meal in meals:
                lo, hi = MEAL_SHARES[meal]
                mine = (meals_d == meal).astype(float)
                m.add_row(f"{meal}_energy_min_{day}", cols, energy * (mine - lo), lo=0.0)
                m.add_row(f"{meal}_energy_max_{day}", cols, energy * (mine - hi), hi=0.0)
        if servings:
            coef = item_coef[in_day] if np.ndim(item_coef) else item_coef
            _add_meal_rows(m, day, item_cols[in_day], coef, item_floor[in_day], foods_d,
                           amount_meal[in_day], f, meals)
        if servings:
            coef_d = item_coef[in_day] if np.ndim(item_coef) else item_coef
            _add_daily_caps(m, day, cols, foods_d, f, item_cols[in_day], coef_d)
        else:
            _add_daily_caps(m, day, cols, foods_d, f)

    limit = max_meals_per_food(request)
    if servings and (limit is not None or left is not None):
        _add_variety_rows(m, limit, left, item_cols, item_coef, amount_food, f, spread)
    if includes:
        for choice in request.include:
            _add_include_row(m, choice, item_floor, amount_food, f, not servings, spread)

    return BuiltModel(
        arrays=m,
        food_ids=tuple(ids),
        amount_cols=amount_cols,
        amount_day=amount_day,
        amount_meal=amount_meal,
        amount_food=amount_food,
        unit_grams=f.unit_g[amount_food],
        meals=meals,
        integer=integer,
        limited=f.limited,
        needed_kinds={
            f"{meal}:{kind}": f.kinds[kind] & f.meal_mask[meal]
            for meal in meals for kind in MEAL_KIND_MIN.get(meal, {}) if kind in f.kinds
        },
        excluded=excluded,
    )


@dataclass(frozen=True)
class Prepared:
    """What every model of one request shares: eligible foods and their arrays."""

    foods: _Foods
    excluded: Mapping[str, str]
    per_unit: Mapping[str, np.ndarray]
    """Nutrient per amount unit of each eligible food, for every nutrient used."""


def prepare(foods: FoodTable, request: PlanRequest) -> Prepared:
    """Eligibility and per-food arrays for a request, computed once per request."""
    ids, excluded = eligible_foods(foods, request)
    servings = request.amounts is Amounts.SERVINGS
    f = _food_arrays(foods, request, ids, servings)
    return Prepared(f, excluded, _per_unit(f, request))


def _food_arrays(foods: FoodTable, request: PlanRequest, ids: pd.Index,
                 servings: bool) -> _Foods:
    table = foods.frame.loc[ids]
    n = len(ids)
    if "max_servings" in table.columns:
        max_servings = table["max_servings"].fillna(DEFAULT_MAX_SERVINGS).to_numpy(float)
    else:
        max_servings = np.full(n, DEFAULT_MAX_SERVINGS if servings else math.inf)
    serving_g = table["serving_g"].to_numpy(float)
    if servings:
        # Half servings, except where half makes no sense: a piece (half an egg, half
        # a slice) or a small serving (half a tablespoon of hummus).
        divisible = table["serving_desc"].fillna("").str.contains(DIVISIBLE_MEASURE)
        whole = ~divisible.to_numpy(bool) | (serving_g < HALVES_MIN_G)
        per_serving_units = np.where(whole, 1.0, 2.0)
        unit_g = serving_g / per_serving_units
        unit_cap = np.floor(per_serving_units * max_servings)
        # Without meal tags a day is one "meal": its cap is the daily one.
        meal_cap = (np.minimum(unit_cap, per_serving_units * MAX_SERVINGS_PER_MEAL)
                    if foods.has_meals else unit_cap)
    else:
        unit_g = np.ones(n)
        unit_cap = max_servings * serving_g
        meal_cap = unit_cap
    meal_tags = table["meals"] if foods.has_meals else None
    is_drink = (np.zeros(n, bool) if meal_tags is None
                else meal_tags.map(lambda t: DRINK in t).to_numpy(bool))
    staple = (table["staple"].fillna(False).to_numpy(bool) if "staple" in table.columns
              else np.zeros(n, bool))
    if foods.has_meals and meal_tags is not None:
        meal_mask = {meal: meal_tags.map(lambda t, meal=meal: meal in t).to_numpy(bool)
                     for meal in PLANNED_MEALS}
    else:
        meal_mask = {NO_MEALS: np.ones(n, bool)}
    per_serving = {col: np.nan_to_num(table[col].to_numpy(float)) * serving_g / 100
                   for col in ("energy_kcal", "protein_g") if col in table.columns}
    item = ~staple & (per_serving.get("energy_kcal", np.full(n, np.inf))
                      >= ITEM_KCAL_PER_SERVING)
    kinds: dict[str, np.ndarray] = {}
    if foods.has_meals:
        if "food_group" in table.columns:
            groups = table["food_group"].fillna("")
            for kind, names in KIND_GROUPS.items():
                kinds[kind] = groups.isin(names).to_numpy(bool) & item
        if "protein_g" in per_serving:
            kinds["protein"] = (per_serving["protein_g"] >= PROTEIN_G_PER_SERVING) & item
            if "breakfast_base" in kinds:
                # Eggs, yogurt or cheese make a breakfast too; butter and cream do not.
                dairy = table["food_group"].fillna("").eq("Dairy and Egg Products").to_numpy()
                kinds["breakfast_base"] |= dairy & kinds["protein"]
    if "family" in table.columns:
        codes, names = pd.factorize(table["family"].replace("", np.nan))
        family, family_names = np.asarray(codes), tuple(str(x) for x in names)
    else:
        family, family_names = np.full(n, -1), ()
    return _Foods(ids, ids.to_numpy(dtype=object).tolist(), table, serving_g, max_servings,
                  unit_g, unit_cap, meal_cap, is_drink, staple, item, ~(is_drink | staple),
                  meal_mask, kinds, family, family_names)


def _per_unit(f: _Foods, request: PlanRequest) -> dict[str, np.ndarray]:
    """Nutrient per amount unit; unknown counts as 0 (see eligible_foods)."""
    wanted = ({t.nutrient for t in request.targets.limits}
              | {"energy_kcal", "magnesium_mg", *quality_goals(request.targets.profile)})
    return {
        n: np.nan_to_num(f.table[n].to_numpy(float)) * f.unit_g / 100
        for n in wanted if n in f.table.columns
    }


def _rewards(request: PlanRequest, f: _Foods) -> dict[str, tuple[float, float]]:
    """Capped rewards of the default objective: nutrient -> (cap, points at cap)."""
    rewards = {}
    mg = request.targets.get("magnesium_mg")
    if mg is not None and mg.minimum:
        rewards["magnesium_mg"] = (MAGNESIUM_REWARD_CAP * mg.minimum,
                                   MAGNESIUM_REWARD_CAP * MAGNESIUM_POINTS)
    if request.targets.magnesium_rda_mg is not None:  # built-in targets are on
        for nutrient, goal in quality_goals(request.targets.profile).items():
            if nutrient in f.table.columns:
                rewards[nutrient] = (goal, QUALITY_POINTS)
    return rewards


def _amount_cost(foods: FoodTable, request: PlanRequest, f: _Foods,
                 per_unit: Mapping[str, np.ndarray], amount_food: np.ndarray) -> np.ndarray:
    if request.objective is Objective.MAGNESIUM:
        return np.asarray(per_unit["magnesium_mg"][amount_food], float)
    if request.objective is Objective.CALORIES:
        return np.asarray(per_unit["energy_kcal"][amount_food], float)
    if request.objective is Objective.COST:
        price = price_per_100g(foods, request).loc[f.ids].to_numpy(float)
        return np.asarray(np.nan_to_num(price)[amount_food] * f.unit_g[amount_food] / 100)
    # Default: preferences per serving and sugars per gram (rewards have own columns).
    points = (LIKE_POINTS * _chosen(f.ids, request.like)
              - DISLIKE_POINTS * _chosen(f.ids, request.dislike))
    per_unit_points = points[amount_food] * f.unit_g[amount_food] / f.serving_g[amount_food]
    if "sugars_g" in f.table.columns and request.targets.magnesium_rda_mg is not None:
        sugars = np.nan_to_num(f.table["sugars_g"].to_numpy(float)) * f.unit_g / 100
        per_unit_points = per_unit_points - SUGAR_POINTS_PER_G * sugars[amount_food]
    return np.asarray(per_unit_points, float)


def _chosen(ids: pd.Index, choices: Sequence[FoodChoice]) -> np.ndarray:
    wanted = [fid for c in choices for fid in c.food_ids]
    return np.asarray(ids.isin(wanted), dtype=float)


def _add_target_rows(m: ModelArrays, t: Target, day: str, cols: np.ndarray,
                     amount: np.ndarray, energy: np.ndarray) -> None:
    if t.basis is Basis.DAY:
        m.add_row(f"{t.key}_{day}", cols, amount,
                  lo=-math.inf if t.minimum is None else t.minimum,
                  hi=math.inf if t.maximum is None else t.maximum)
        return
    a, b = t.coefficients()
    if t.minimum is not None:
        m.add_row(f"{t.key}_min_{day}", cols, a * amount - t.minimum * b * energy, lo=0.0)
    if t.maximum is not None:
        m.add_row(f"{t.key}_max_{day}", cols, a * amount - t.maximum * b * energy, hi=0.0)


def _add_meal_rows(m: ModelArrays, day: str, item_cols: np.ndarray,
                   item_coef: np.ndarray | float, floor_cols: np.ndarray, foods_d: np.ndarray,
                   meals_d: np.ndarray, f: _Foods, meals: Sequence[str]) -> None:
    """What makes a meal: items, drinks, extras, families and kinds of food.

    ``item_cols * item_coef`` counts items from above (``y``, or ``k / cap`` when
    relaxed); ``floor_cols`` counts them from below (``y``, or ``k`` when relaxed).
    """
    coef = np.broadcast_to(np.asarray(item_coef, float), item_cols.shape)
    family = f.family[foods_d]
    staple = f.staple[foods_d]
    item = f.item[foods_d]
    for meal in meals:
        in_meal = meals_d == meal
        counted = in_meal & item
        if meal in MEAL_ITEMS:
            lo, hi = MEAL_ITEMS[meal]
            # Drinks count toward the most items a meal has, not toward the least:
            # a glass of water does not make a lunch.
            foods_only = counted & ~f.is_drink[foods_d]
            m.add_row(f"{meal}_items_max_{day}", item_cols[counted], coef[counted], hi=hi)
            m.add_row(f"{meal}_items_min_{day}", floor_cols[foods_only], 1.0, lo=lo)
        rules: list[tuple[str, np.ndarray, float, float]] = [  # kind, foods, least, most
            ("drinks", in_meal & f.is_drink[foods_d], -math.inf, 1.0),
            ("staples", in_meal & staple, -math.inf, float(EXTRAS_PER_MEAL)),
            ("garnish", in_meal & ~staple & ~item & ~f.is_drink[foods_d], -math.inf,
             float(EXTRAS_PER_MEAL)),
        ]
        for kind, at_most in MEAL_KIND_MAX.items():
            if kind in f.kinds:
                rules.append((kind, in_meal & f.kinds[kind][foods_d], -math.inf, at_most))
        if meals != (NO_MEALS,):
            for kind, at_least in MEAL_KIND_MIN.get(meal, {}).items():
                if kind in f.kinds:
                    rules.append((kind, in_meal & f.kinds[kind][foods_d], at_least, math.inf))
        for rule, sel, fewest, most in rules:
            if math.isfinite(most) and sel.sum() > most:
                m.add_row(f"{meal}_{rule}_max_{day}", item_cols[sel], coef[sel], hi=most)
            if math.isfinite(fewest):
                m.add_row(f"{meal}_{rule}_min_{day}", floor_cols[sel], 1.0, lo=fewest)
        # One food per variety family: a row for each family with two or more here.
        where = np.flatnonzero(in_meal & (family >= 0))
        codes, counts = np.unique(family[where], return_counts=True)
        for code in codes[counts > 1]:
            sel = where[family[where] == code]
            name = _slug(f.family_names[code])
            m.add_row(f"{meal}_family_{name}_{day}", item_cols[sel], coef[sel], hi=1.0)


def _add_daily_caps(m: ModelArrays, day: str, cols: np.ndarray, foods_d: np.ndarray,
                    f: _Foods, item_cols: np.ndarray | None = None,
                    item_coef: np.ndarray | float = 1.0) -> None:
    """A food in several meals of a day: one meal only, or its daily cap in total.

    With servings, a food (not a drink or staple) is in at most one meal a day, so
    lunch and dinner are not the same beans twice; drinks and staples keep their
    daily cap in total. Without servings (``item_cols`` None) every food keeps its
    daily cap.
    """
    coef = (None if item_cols is None
            else np.broadcast_to(np.asarray(item_coef, float), item_cols.shape))
    order = np.argsort(foods_d, kind="stable")
    uniq, starts, counts = np.unique(foods_d[order], return_index=True, return_counts=True)
    for food, start, count in zip(uniq, starts, counts, strict=True):
        if count < 2:
            continue
        sel = order[start:start + count]
        fid = f.id_list[food]
        if item_cols is not None and coef is not None and f.limited[food]:
            m.add_row(f"once_a_day_{day}_{fid}", item_cols[sel], coef[sel], hi=1.0)
        elif count * f.meal_cap[food] > f.unit_cap[food] and math.isfinite(f.unit_cap[food]):
            m.add_row(f"servings_max_{day}_{fid}", cols[sel], 1.0, hi=float(f.unit_cap[food]))


def _add_variety_rows(m: ModelArrays, limit: int | None, left: np.ndarray | None,
                      item_cols: np.ndarray, item_coef: np.ndarray | float,
                      amount_food: np.ndarray, f: _Foods, spread: int) -> None:
    """Each food (but drinks and staples) is on the plate in a limited number of meals."""
    coef = np.broadcast_to(np.asarray(item_coef, float), item_cols.shape)
    order = np.argsort(amount_food, kind="stable")
    order = order[f.limited[amount_food[order]]]
    uniq, starts, counts = np.unique(amount_food[order], return_index=True, return_counts=True)
    for food, start, count in zip(uniq, starts, counts, strict=True):
        cap = limit if limit is not None else count
        if left is not None:
            cap = min(cap, int(left[food]))
        if count <= cap and spread == 1:
            continue
        sel = order[start:start + count]
        m.add_row(f"meals_max_{f.id_list[food]}", item_cols[sel], coef[sel],
                  hi=float(cap) / spread)


def _add_include_row(m: ModelArrays, choice: FoodChoice, floor_cols: np.ndarray,
                     amount_food: np.ndarray, f: _Foods, grams: bool, spread: int) -> None:
    """At least one of the foods a ``--include`` matched is in the plan.

    With servings: ``sum(y) >= 1`` (``sum(k) >= 1`` relaxed, k in half servings);
    with continuous grams: at least half a serving in total.
    """
    chosen = np.isin(np.asarray(f.id_list, dtype=object)[amount_food], choice.food_ids)
    coef = 2.0 / f.serving_g[amount_food[chosen]] if grams else 1.0
    m.add_row(f"include_{_slug(choice.text)}", floor_cols[chosen], coef, lo=1.0 / spread)


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in text.lower())[:40]


def to_pulp(m: ModelArrays) -> tuple[pulp.LpProblem, list[pulp.LpVariable]]:
    """Turn arrays into a PuLP problem in one pass: one call per row, none per term."""
    problem = pulp.LpProblem("mealplan", pulp.LpMaximize if m.maximize else pulp.LpMinimize)
    cat = {True: pulp.LpInteger, False: pulp.LpContinuous}
    add = problem.add_variable  # PuLP 4's way: the problem owns its variables
    variables = [
        add(name, lb, None if math.isinf(ub) else ub, cat[integer])
        for name, lb, ub, integer in zip(m.names, m.lb, m.ub, m.integer, strict=True)
    ]
    problem.setObjective(pulp.LpAffineExpression(
        [(variables[i], c) for i, c in enumerate(m.cost) if c != 0]))
    constraints: dict[str, Any] = {}
    for row in m.rows:
        expr = pulp.LpAffineExpression(
            zip([variables[i] for i in row.idx.tolist()], row.coef.tolist(), strict=True))
        if row.lo == row.hi:
            constraints[row.name] = pulp.LpConstraint(expr, pulp.LpConstraintEQ, row.name, row.lo)
            continue
        if not math.isinf(row.lo):
            name = row.name if math.isinf(row.hi) else f"{row.name}_min"
            constraints[name] = pulp.LpConstraint(expr, pulp.LpConstraintGE, name, row.lo)
        if not math.isinf(row.hi):
            name = row.name if math.isinf(row.lo) else f"{row.name}_max"
            constraints[name] = pulp.LpConstraint(expr, pulp.LpConstraintLE, name, row.hi)
    problem.extend(constraints)
    return problem, variables
