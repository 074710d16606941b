"""The optimisation model: a food table and a request become a linear program.

The model is laid out as arrays (columns with bounds, costs and integrality; rows as
index/coefficient arrays), each column and row with a structured key such as
``("k", day, meal, food_id)`` or ``("target", "magnesium_mg", None, day)``, so code
that reads a model back looks things up by structure, never by parsing names. The
HiGHS adapter hands the arrays to HiGHS in one call; PuLP objects are made from them
only when something needs PuLP (CBC, an MPS or LP file, a library user).

Servings mode, per day d, meal m and eligible food f (:mod:`mealplan.meals` holds the
rules as data):

- ``k[d,m,f]`` integer portion steps, ``least_f * y <= k <= most_f * y``;
- ``y[d,m,f]`` binary "on the plate";
- ``t[d,m,template]`` binary: the meal follows this template; exactly one per meal.

Rows per meal: each role, and the roles of each slot together, at most as many foods
as the chosen template takes (a slot's most included), each slot at least its least,
a side only beside a main it goes with, one food per variety family, the meal's share
of the day's energy. Per day: each target, a food in one meal of the day (drinks and
milk aside), one food of a family of some roles, daily caps.
Across days: each food on a limited number of days (mains and proteins on 3 of 7),
and each ``--include`` at least once. The objective uses amounts only, so dropping
integrality gives a valid relaxation whose optimum bounds every plan (the planner's
screening LP is that relaxation for one average day). Continuous mode is a linear
program over grams with daily caps.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pulp

from .basket import Basket, BasketColumns, Shop, basket_columns, shop_for
from .caffeine import caffeinated_mask, drink_kind_mask
from .errors import InputError, Where
from .foods import FoodTable
from .meals import (
    FAMILY_WEEK_DAYS,
    MEAL_PRODUCE_CUPS,
    NO_MEALS,
    PLANNED_MEALS,
    FoodRules,
    Slot,
    Template,
    days_allowed,
    food_rules,
    goes_beside,
    has_roles,
    role_day_servings,
    templates_for,
)
from .prices import Period, price_per_100g
from .request import Amounts, Diet, FoodChoice, Objective, PlanRequest
from .targets import Basis, Target, food_group_goals, quality_goals

__all__ = ["NO_MEALS", "PLANNED_MEALS", "BuiltModel", "ModelArrays", "Row", "build_model",
           "eligible_foods", "prepare", "to_pulp"]

# Share of the day's energy per meal. (US intake surveys put about 20 % of energy at
# breakfast, 30 % at lunch, 35 % at dinner and 15 % in snacks; the ranges leave room.)
MEAL_SHARES: Mapping[str, tuple[float, float]] = {
    "breakfast": (0.15, 0.35),
    "lunch": (0.20, 0.40),
    "dinner": (0.25, 0.45),
    "snack": (0.05, 0.25),
}

# Default objective, in points per day. Magnesium earns 100 points for the RDA, then
# less and less: 20 more for the next 15 % and 10 for the 15 % after, nothing beyond
# 130 %, so plans meet the RDA with whole foods instead of pushing to 250 % of it.
# Potassium, calcium and fiber earn up to 25 each on the way to their goals
# (targets.quality_goals), every 10 g of sugars costs 2, and per serving a liked food
# earns 10 and a disliked one costs 40. Each cup of a drink costs 1, and 10 when it is
# neither liked nor the drink being cut back: a juice or tea nobody asked for must earn
# its place, and no cup of herbal tea comes in with a day's slack (at 4 a cup, the man
# of 45's week still had five cups and an 11.1 % gap; at 10, none and 7.7 %). (A cost
# on amounts, unlike one on the on-the-plate flags, is the same in the relaxation, which
# keeps the bound tight.)
MAGNESIUM_TAPER: tuple[tuple[float, float], ...] = ((1.0, 100.0), (0.15, 20.0), (0.15, 10.0))
"""Pieces of the magnesium reward: (width as a share of the RDA, points for it)."""
QUALITY_POINTS = 25.0
# Each food group earns up to 10 on the way from its daily minimum to the pattern's
# full amount (targets.food_group_goals).
FOOD_GROUP_POINTS = 10.0
# Energy earns up to so many points from its range's floor to its middle (the need the
# range is drawn around): with nothing for energy inside the range, every day sat at
# its floor, 10 % under need, which for a pregnancy is no plan a dietitian signs.
ENERGY_POINTS = 20.0
SUGAR_POINTS_PER_G = 0.2
LIKE_POINTS = 10.0
DISLIKE_POINTS = 40.0
DRINK_POINTS = 1.0
UNASKED_DRINK_POINTS = 9.0
# The most a seed makes one food cost per meal it is in: enough to reorder foods within
# a few points of each other, too little to trade nutrition for it.
SEED_POINTS = 3.0
# When cutting back, caffeine from the habitual drink (coffee or tea) earns points up to
# the day's cap, so the habit shrinks with the schedule instead of stopping at once:
# 0.1 per mg, 9.5 for a cup of coffee, about a liked food's serving. At breakfast, where
# the habit is, it earns a fifth more.
HABIT_POINTS_PER_MG = 0.1
HABIT_BREAKFAST_POINTS_PER_MG = 0.02
# Lunch and dinner earn up to so many points for their vegetables and fruit (see
# meals.MEAL_PRODUCE_CUPS): the day's food-group reward alone let one meal carry them
# all, and 22 of 89 one-dish lunches and dinners in 14 weeks had none beside the dish.
PRODUCE_POINTS = 6.0

Key = tuple[Hashable, ...]


@dataclass(frozen=True)
class Row:
    """One linear row ``lo <= coef . x[idx] <= hi`` with a structured key."""

    name: str
    idx: np.ndarray
    coef: np.ndarray
    lo: float
    hi: float
    key: Key = ()


def _name(key: Key) -> str:
    return "_".join("" if part is None else str(part) for part in key)


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
    keys: list[Key] = field(default_factory=list)

    def objective(self, values: np.ndarray) -> float:
        """The objective value of a solution."""
        return float(np.dot(self.cost, values))

    def add_columns(self, keys: Sequence[Key], ub: np.ndarray | float,
                    cost: np.ndarray | float = 0.0, integer: bool = False) -> np.ndarray:
        """Add columns with lower bound 0; returns their indices."""
        n = len(keys)
        start = len(self.names)
        self.keys.extend(keys)
        self.names.extend(_name(k) for k in keys)
        self.lb.extend([0.0] * n)
        self.ub.extend(np.broadcast_to(np.asarray(ub, float), (n,)).tolist())
        self.cost.extend(np.broadcast_to(np.asarray(cost, float), (n,)).tolist())
        self.integer.extend([integer] * n)
        return np.arange(start, start + n)

    def add_row(self, key: Key, idx: np.ndarray, coef: np.ndarray | float,
                lo: float = -math.inf, hi: float = math.inf) -> None:
        """Add a row; a scalar coef applies to every index; zero terms are dropped."""
        idx = np.asarray(idx, dtype=np.int64)
        if isinstance(coef, np.ndarray):
            values = np.asarray(coef, dtype=float)
            keep = values != 0
            idx, values = idx[keep], values[keep]
        else:
            values = np.full(len(idx), float(coef))
        self.rows.append(Row(_name(key), idx, values, lo, hi, key))

    def add_pair_rows(self, keys: Sequence[Key], a: np.ndarray, b: np.ndarray,
                      coef_a: np.ndarray | float, coef_b: np.ndarray | float,
                      lo: float = -math.inf, hi: float = math.inf) -> None:
        """Add rows ``lo <= coef_a * x[a] + coef_b * x[b] <= hi``, one per pair."""
        ca = np.broadcast_to(np.asarray(coef_a, float), a.shape)
        cb = np.broadcast_to(np.asarray(coef_b, float), b.shape)
        idx = np.stack([a, b], axis=1).astype(np.int64)
        coef = np.stack([ca, cb], axis=1)
        self.rows.extend(Row(_name(k), i, c, lo, hi, k)
                         for k, i, c in zip(keys, idx, coef, strict=True))

    @property
    def n_columns(self) -> int:
        """Number of columns."""
        return len(self.names)

    def row(self, key: Key) -> Row | None:
        """The row with this key, if the model has it."""
        return self._row_index.get(key)

    @functools.cached_property
    def _row_index(self) -> dict[Key, Row]:
        return {r.key: r for r in self.rows}

    def column(self, key: Key) -> int | None:
        """The index of the column with this key, if any."""
        return self._column_index.get(key)

    @functools.cached_property
    def _column_index(self) -> dict[Key, int]:
        return {k: i for i, k in enumerate(self.keys)}


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
    """Grams per unit of each amount column (a portion step, or 1 g)."""
    meals: tuple[str, ...]
    """Meals of a day, in eating order (``all`` when the table has no meal tags)."""
    integer: bool
    """Whether the model has integer columns."""
    roles: np.ndarray
    """Per eligible food, its role."""
    has_roles: bool = False
    """Whether meals follow plate templates (else generic ones)."""
    excluded: Mapping[str, str] = field(default_factory=dict)
    """Foods left out, with why (diet, allergen, unknown caffeine...), for diagnosis."""
    template_cols: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    """Column index of every template choice."""
    template_day: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    template_meal: np.ndarray = field(default_factory=lambda: np.zeros(0, object))
    template_name: np.ndarray = field(default_factory=lambda: np.zeros(0, object))
    basket: BasketColumns | None = None
    """Where the day's packages, stock and cooking are (a day planned with a basket)."""

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

    A food is left out when it does not fit the diet, contains an avoided allergen, is a
    substitute for an allergen that is not avoided (gluten-free pasta), is
    excluded by name, is caffeinated and no caffeine was asked for, has no price when
    money counts (``--objective cost`` or ``--budget``: a missing price is never 0), or
    has an unknown value for a nutrient with an upper limit (a cap cannot be trusted on
    an unknown: this is how a caffeine cap excludes foods whose caffeine is not
    reported). An unknown value under a lower limit counts as 0, which can only make a
    plan more conservative.
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
    if "substitute_for" in frame.columns:
        drop(frame["substitute_for"].map(lambda tags: not tags <= request.avoid),
             "a substitute, planned only with --avoid for what it replaces")
    for choice in request.exclude:
        drop(frame.index.isin(choice.food_ids), f"excluded by --exclude {choice.text}")
    drop(frame.index.isin(list(request.unasked_caffeine(foods))),
         "caffeinated, and no caffeine was asked for (--caffeine-now, or --like the food)")
    for t in request.targets.limits:
        if t.maximum is None or t.nutrient not in frame.columns:
            continue
        drop(frame[t.nutrient].isna(), f"{t.nutrient} unknown, and it has a maximum")
    if request.counts_money:
        drop(price_per_100g(foods, request.prices).isna(), "no price")
    if request.amounts is Amounts.SERVINGS and foods.has_meals:
        drop(frame["meals"].map(lambda tags: not (tags & set(PLANNED_MEALS))),
             "not tagged for any meal")
    keep = frame.index[~frame.index.isin(list(why))]
    return keep.sort_values(), why


@dataclass(frozen=True)
class _Foods:
    """Per-food arrays of the eligible foods, shared by every row builder."""

    ids: pd.Index
    id_list: list[str]
    table: pd.DataFrame
    serving_g: np.ndarray
    rules: FoodRules
    unit_g: np.ndarray
    """Grams per amount unit: a portion step, or 1 g in continuous mode."""
    least: np.ndarray
    most: np.ndarray
    """Units per meal, least and most (continuous: 0 and the daily cap)."""
    day_most: np.ndarray
    """Units per day."""
    meal_mask: Mapping[str, np.ndarray]
    family: np.ndarray
    """Whether each food (row) is of each variety family (column)."""
    family_allowed: np.ndarray
    """Days of the plan each family (column) may be on (inf: as its foods may)."""
    role_day: Mapping[str, float]
    """Servings a day of a role's foods together, for the person's age."""
    allowed_days: np.ndarray
    """Days of the plan each food may be on (inf: any)."""
    caffeinated: np.ndarray
    """Whether a serving has caffeine (kept out of meals after ``--caffeine-until``)."""
    habit_drink: np.ndarray
    """Whether the food is of the kind of drink being cut back (none when not cutting
    back)."""
    has_roles: bool


@dataclass(frozen=True)
class Prepared:
    """What every model of one request shares: eligible foods and their arrays."""

    foods: _Foods
    excluded: Mapping[str, str]
    per_unit: Mapping[str, np.ndarray]
    """Nutrient per amount unit of each eligible food, for every nutrient used."""
    unit_prices: np.ndarray
    """Price per amount unit of each eligible food; 0 unless money counts, when every
    eligible food has a price."""
    shop: Shop | None = None
    """What the eligible foods are bought as, in packages (servings on a table that
    sells packages); None plans without a basket."""


def prepare(foods: FoodTable, request: PlanRequest) -> Prepared:
    """Eligibility and per-food arrays for a request, computed once per request."""
    ids, excluded = eligible_foods(foods, request)
    f = _food_arrays(foods, request, ids)
    shop = None
    if request.amounts is Amounts.SERVINGS and foods.has_meals:
        shop = shop_for(foods, f.id_list)
    return Prepared(f, excluded, _per_unit(f, request), unit_prices(foods, request, f), shop)


def unit_prices(foods: FoodTable, request: PlanRequest, f: _Foods) -> np.ndarray:
    """Price per amount unit of each eligible food, when money counts (else zeros)."""
    if not request.counts_money:
        return np.zeros(len(f.ids))
    price = price_per_100g(foods, request.prices).loc[f.ids].to_numpy(float)
    return np.asarray(price * f.unit_g / 100, float)


def _budget_rows(m: ModelArrays, request: PlanRequest, price: np.ndarray, a: _Amounts,
                 day_list: Sequence[int], spread: int, budget_left: float | None) -> None:
    """The budget: a row per day caps each day's cost, or one row the built days'.

    A budget a day is one row per day (the average day's in the relaxed model). A
    budget a week is one row across the built days: the plan's share of the weekly
    amount, divided over the days when one average day stands for all, or
    ``budget_left`` when the planner paces it.
    """
    assert request.budget is not None
    cost = price[a.food]
    if request.budget.period is Period.DAY:
        for d in day_list:
            in_day = a.day == d
            m.add_row(("budget", f"d{d + 1}"), a.cols[in_day], cost[in_day],
                      hi=request.budget.amount)
        return
    if budget_left is None:
        budget_left = request.budget.total(len(day_list) * spread) / spread
    m.add_row(("budget", None), a.cols, cost, hi=budget_left)


def _food_arrays(foods: FoodTable, request: PlanRequest, ids: pd.Index) -> _Foods:
    table = foods.frame.loc[ids]
    n = len(ids)
    rules = food_rules(table, foods.has_meals, request.targets.portion_scale)
    serving_g = table["serving_g"].to_numpy(float)
    if request.amounts is Amounts.SERVINGS:
        unit_g, least, most, day_most = rules.unit_g, rules.least, rules.most, rules.day_most
    else:
        if "max_servings" in table.columns:
            cap = table["max_servings"].fillna(3.0).to_numpy(float) * serving_g
        else:
            cap = np.full(n, np.inf)
        unit_g, least, most, day_most = np.ones(n), np.zeros(n), cap, cap
    if foods.has_meals:
        tags = table["meals"]
        meal_mask = {meal: tags.map(lambda t, meal=meal: meal in t).to_numpy(bool)
                     for meal in PLANNED_MEALS}
    else:
        meal_mask = {NO_MEALS: np.ones(n, bool)}
    names = list(dict.fromkeys(name for names in rules.families for name in names))
    column = {name: j for j, name in enumerate(names)}
    family = np.zeros((n, len(names)), bool)
    for i, food_names in enumerate(rules.families):
        family[i, [column[name] for name in food_names]] = True
    allowed = np.array([days_allowed(w, request.days, request.max_days_per_food)
                        for w in rules.week_days], float)
    family_allowed = np.array([days_allowed(FAMILY_WEEK_DAYS.get(name, np.inf), request.days,
                                            None) for name in names], float)
    return _Foods(ids, ids.to_numpy(dtype=object).tolist(), table, serving_g, rules, unit_g,
                  least, most, day_most, meal_mask, family, family_allowed,
                  role_day_servings(request.targets.profile.age), allowed,
                  caffeinated_mask(table),
                  _habit_drink(table, request), has_roles(table) and foods.has_meals)


def _habit_drink(table: pd.DataFrame, request: PlanRequest) -> np.ndarray:
    schedule = request.targets.caffeine_schedule
    if schedule is None or "caffeine_mg" not in table.columns:
        return np.zeros(len(table), bool)
    return drink_kind_mask(table, schedule.drink)


def _per_unit(f: _Foods, request: PlanRequest) -> dict[str, np.ndarray]:
    """Nutrient per amount unit; unknown counts as 0 (see eligible_foods)."""
    wanted = ({t.nutrient for t in request.targets.limits}
              | {"energy_kcal", "magnesium_mg", "sugars_g", "fruit_cup_eq",
                 *quality_goals(request.targets.profile)})
    return {
        n: np.nan_to_num(f.table[n].to_numpy(float)) * f.unit_g / 100
        for n in wanted if n in f.table.columns
    }


def build_model(foods: FoodTable, request: PlanRequest, *, relaxed: bool = False,
                days: Sequence[int] | None = None,
                candidates: Mapping[str, np.ndarray] | None = None,
                days_left: np.ndarray | None = None,
                templates_fixed: Mapping[tuple[int, str], str] | None = None,
                template_days_left: Mapping[tuple[str, str], int] | None = None,
                includes: bool = True, prepared: Prepared | None = None,
                budget_left: float | None = None,
                unlike: Sequence[frozenset[tuple[str, str]]] = (),
                basket: Basket | None = None) -> BuiltModel:
    """Build the model for a request over a food table.

    Args:
        foods: The food table.
        request: What the plan must satisfy.
        relaxed: Build one average day, without integrality: the screening LP of the
            servings model, or the exact model of continuous amounts. Rows across days
            are divided by the number of days. The average of any plan's days is
            feasible for it, and every day has the same objective, so ``days`` times
            its optimum bounds the objective of every plan.
        days: The 0-based days to build (default: all days of the request); the
            planner builds one day at a time.
        candidates: Per meal, a boolean mask over the eligible foods that may be used
            (the others get no columns). None allows every eligible food.
        days_left: Per eligible food, on how many more days it may appear (variety
            when days are built one at a time); foods at 0 get no columns.
        templates_fixed: The template some (day, meal) must follow; only foods of
            roles it takes get columns there.
        template_days_left: Per (meal, template), on how many more days it may be
            followed; templates at 0 get no columns.
        includes: Whether to require each ``--include`` among these days.
        prepared: The result of :func:`prepare` for this table and request, so a
            planner building many models works out eligibility and food arrays once.
        budget_left: Under a budget a week, the most the built days may cost together
            (the planner paces the budget over days built one at a time); None gives
            them their share of the plan's budget.
        unlike: The (meal, food_id) pairs of days already planned; each built day
            differs from every one of them in at least one food (for one built day).
        basket: What earlier days left (stock, leftovers, things bought) for the one
            day built; with a table that sells packages the day buys whole packages
            and may cook ahead (mealplan.basket). The relaxed model has the average
            day's basket; a model of several days at once has none.

    Raises:
        InputError: A target names a nutrient the table lacks, or money counts (cost
            is optimised or there is a budget) and no food has a price.
    """
    _check_request(foods, request)
    prepared = prepared or prepare(foods, request)
    f = prepared.foods
    servings = request.amounts is Amounts.SERVINGS
    integer = servings and not relaxed
    meals = PLANNED_MEALS if foods.has_meals else (NO_MEALS,)
    day_list = [0] if relaxed else (list(range(request.days)) if days is None else list(days))
    # Rows across days, divided over the days when one average day stands for all.
    spread = request.days if relaxed else 1
    m = ModelArrays(maximize=request.objective in (Objective.DEFAULT, Objective.MAGNESIUM))
    structured = servings and meals != (NO_MEALS,)
    fixed = (templates_fixed or {}) if structured else {}
    a = _amount_columns(m, foods, request, prepared, day_list, meals, candidates, days_left,
                        integer, fixed)
    y = _use_columns(m, a, f, integer) if servings else None
    if y is not None and request.seed and request.objective is Objective.DEFAULT:
        # Another seed, another plan from near-equal ones: each food's use costs a
        # seed's small amount (the bound holds, as every model of the seed has it).
        taste = np.random.default_rng(request.seed).uniform(0, SEED_POINTS, len(f.ids))
        for c, food in zip(y.tolist(), a.food.tolist(), strict=True):
            m.cost[c] -= taste[food]
    templates = (_template_columns(m, a, f, day_list, meals, integer, fixed,
                                   template_days_left) if structured else None)
    per_unit = prepared.per_unit
    for d in day_list:
        in_day = a.day == d
        # One average day stands for the plan when relaxed (see Targets.day_limits).
        plan_day = None if relaxed else d + 1
        _target_rows(m, request, d, plan_day, a.cols[in_day], a.food[in_day], per_unit)
        if request.objective is Objective.DEFAULT:
            _reward_columns(m, request, f, d, a.cols[in_day], a.food[in_day], per_unit)
            _habit_reward(m, request, f, d, plan_day, a.cols[in_day], a.food[in_day],
                          a.meal[in_day])
            _produce_reward(m, d, a.cols[in_day], a.meal[in_day], per_unit, a.food[in_day])
        if meals != (NO_MEALS,):
            _meal_energy_rows(m, d, a.cols[in_day], a.meal[in_day],
                              per_unit["energy_kcal"][a.food[in_day]], meals)
        if y is not None:
            _structure_rows(m, d, a, y, f, meals, templates, in_day)
        _daily_rows(m, d, a, y, f, in_day, per_unit.get("fruit_cup_eq"))
    if request.budget is not None:
        _budget_rows(m, request, prepared.unit_prices, a, day_list, spread, budget_left)
    if y is not None:
        _variety_rows(m, a, y, f, days_left, spread)
    if templates is not None and (relaxed or len(day_list) > 1):
        _template_variety_rows(m, templates, f, request.days, spread)
    if includes:
        for choice in request.include:
            _include_row(m, choice, a, y, f, spread)
    if y is not None and len(day_list) == 1:
        _unlike_rows(m, a, y, f, unlike)
    basket_cols = None
    shop = prepared.shop
    if shop is not None and y is not None and (relaxed or basket is not None):
        basket_cols = basket_columns(
            m, shop, a.food, a.cols, y, f.unit_g, f.least, f.most, f.id_list,
            None if relaxed else basket, integer, request.objective is Objective.DEFAULT,
            spread)
    return BuiltModel(
        arrays=m, food_ids=tuple(f.ids), amount_cols=a.cols, amount_day=a.day,
        amount_meal=a.meal, amount_food=a.food, unit_grams=f.unit_g[a.food], meals=meals,
        integer=integer, roles=f.rules.role,
        has_roles=f.has_roles,
        excluded=prepared.excluded,
        template_cols=templates.cols if templates else np.zeros(0, np.int64),
        template_day=templates.day if templates else np.zeros(0, np.int64),
        template_meal=templates.meal if templates else np.zeros(0, object),
        template_name=templates.name if templates else np.zeros(0, object),
        basket=basket_cols,
    )


def _check_request(foods: FoodTable, request: PlanRequest) -> None:
    frame = foods.frame
    for t in request.targets.limits:
        if t.nutrient not in frame.columns:
            raise InputError(
                f"target {t.key} needs a {t.nutrient} column, which the food table "
                f"{foods.source} does not have",
                Where(flag="--min/--max"),
            )
    if request.counts_money and price_per_100g(foods, request.prices).notna().sum() == 0:
        flag = "--objective cost" if request.objective is Objective.COST else "--budget"
        raise InputError(
            f"{flag} needs prices, and no food of the table {foods.source} has one: add a "
            "price column (per 100 g) to the food table or give --prices FILE",
            Where(flag=flag.split()[0]),
        )


@dataclass(frozen=True)
class _Amounts:
    """The amount columns: one per day, meal and food allowed there."""

    cols: np.ndarray
    day: np.ndarray
    meal: np.ndarray
    food: np.ndarray


def _amount_columns(m: ModelArrays, foods: FoodTable, request: PlanRequest, prepared: Prepared,
                    day_list: Sequence[int], meals: Sequence[str],
                    candidates: Mapping[str, np.ndarray] | None, days_left: np.ndarray | None,
                    integer: bool, fixed: Mapping[tuple[int, str], str]) -> _Amounts:
    f = prepared.foods
    parts: list[tuple[int, str, np.ndarray]] = []
    for d in day_list:
        for meal in meals:
            allowed = f.meal_mask[meal]
            if candidates is not None:
                allowed = allowed & candidates.get(meal, np.zeros(len(f.ids), bool))
            if days_left is not None:
                allowed = allowed & (days_left > 0)
            if not request.caffeine_allowed_in(meal):
                allowed = allowed & ~f.caffeinated
            if (d, meal) in fixed:
                template = _template_named(meal, fixed[(d, meal)], f.has_roles)
                allowed = allowed & np.array([template.most_of(r) > 0
                                              for r in f.rules.role.tolist()], bool)
            parts.append((d, meal, np.flatnonzero(allowed)))
    food = np.concatenate([p for _, _, p in parts]).astype(np.int64)
    day = np.concatenate([np.full(len(p), d) for d, _, p in parts]).astype(np.int64)
    meal_of = np.concatenate([np.full(len(p), meal, dtype=object) for _, meal, p in parts])
    keys = [("k", d, meal, f.id_list[p]) for d, meal, pos in parts for p in pos.tolist()]
    cost = _amount_cost(request, f, prepared.per_unit, prepared.unit_prices, food)
    cols = m.add_columns(keys, f.most[food], cost, integer=integer)
    return _Amounts(cols, day, meal_of, food)


def _use_columns(m: ModelArrays, a: _Amounts, f: _Foods, integer: bool) -> np.ndarray:
    """``y`` per amount column: 1 exactly when the food is on the plate.

    ``least * y <= k <= most * y``: a food on the plate has at least its least portion.
    """
    keys = [("y", *key[1:]) for key in (m.keys[i] for i in a.cols.tolist())]
    y = m.add_columns(keys, 1.0, integer=integer)
    tails = [key[1:] for key in keys]
    m.add_pair_rows([("use_most", *t) for t in tails], a.cols, y, 1.0, -f.most[a.food], hi=0.0)
    m.add_pair_rows([("use_least", *t) for t in tails], a.cols, y, 1.0, -f.least[a.food],
                    lo=0.0)
    return y


@dataclass(frozen=True)
class _Templates:
    cols: np.ndarray
    day: np.ndarray
    meal: np.ndarray
    name: np.ndarray
    by_meal: Mapping[tuple[int, str], list[tuple[Template, int]]]


def _template_named(meal: str, name: str, has_roles: bool) -> Template:
    return next(t for t in templates_for(meal, has_roles) if t.name == name)


def _template_columns(m: ModelArrays, a: _Amounts, f: _Foods, day_list: Sequence[int],
                      meals: Sequence[str], integer: bool,
                      fixed: Mapping[tuple[int, str], str],
                      days_left: Mapping[tuple[str, str], int] | None) -> _Templates:
    """A column per template a meal could follow: one whose required slots have foods.

    A fixed (day, meal) has its one template; templates without days left have none.
    """
    keys: list[tuple[Hashable, ...]] = []
    chosen: list[tuple[int, str, Template]] = []
    for d in day_list:
        for meal in meals:
            here = a.food[(a.day == d) & (a.meal == meal)]
            roles = set(f.rules.role[here].tolist())
            for template in templates_for(meal, f.has_roles):
                if (d, meal) in fixed and template.name != fixed[(d, meal)]:
                    continue
                if days_left is not None and days_left.get((meal, template.name), 1) <= 0:
                    continue
                if all(s.least == 0 or s.roles & roles for s in template.slots):
                    keys.append(("t", d, meal, template.name))
                    chosen.append((d, meal, template))
    cols = m.add_columns(keys, 1.0, integer=integer)
    by_meal: dict[tuple[int, str], list[tuple[Template, int]]] = {}
    for (d, meal, template), col in zip(chosen, cols.tolist(), strict=True):
        by_meal.setdefault((d, meal), []).append((template, col))
    return _Templates(cols, np.array([c[0] for c in chosen], np.int64),
                      np.array([c[1] for c in chosen], object),
                      np.array([c[2].name for c in chosen], object), by_meal)


def _template_variety_rows(m: ModelArrays, templates: _Templates, f: _Foods, plan_days: int,
                           spread: int) -> None:
    """A template with a weekly limit (each breakfast on 4 of 7 days) keeps to it."""
    pairs = sorted(set(zip(templates.meal.tolist(), templates.name.tolist(), strict=True)))
    for meal, name in pairs:
        week = _template_named(meal, name, f.has_roles).max_days
        limit = days_allowed(math.inf if week is None else week, plan_days, None)
        cols = templates.cols[(templates.meal == meal) & (templates.name == name)]
        if math.isfinite(limit) and (len(cols) > limit or spread > 1):
            m.add_row(("template_days", meal, name), cols, 1.0, hi=limit / spread)


def _structure_rows(m: ModelArrays, d: int, a: _Amounts, y: np.ndarray, f: _Foods,
                    meals: Sequence[str], templates: _Templates | None,
                    in_day: np.ndarray) -> None:
    """What makes a meal: one template, its slots filled, one food per family."""
    for meal in meals:
        sel = np.flatnonzero(in_day & (a.meal == meal))
        ys, food = y[sel], a.food[sel]
        role = f.rules.role[food]
        if templates is not None:
            options = templates.by_meal.get((d, meal), [])
            t_cols = np.array([c for _, c in options], np.int64)
            m.add_row(("one_template", d, meal), t_cols, 1.0, lo=1.0, hi=1.0)
            present = sorted(set(role.tolist()))
            # Each role, and the roles of each slot together, at most as many foods as
            # the chosen template takes (slots' most included). Summed over templates,
            # the LP's half a dish and half a plate eat one bread or starch, not the
            # dish's bread and the plate's starch besides: 2,848 kcal was a vegan
            # man's most in whole servings, 4,200 in the LP with slots' rows alone.
            groups = [(r,) for r in present] + sorted(
                {tuple(sorted(s.roles & set(present))) for t, _ in options for s in t.slots}
                - {(r,) for r in present} - {()})
            for group in groups:
                mine = np.isin(role, group)
                most = np.array([float(t.most_of_group(frozenset(group))) for t, _ in options])
                m.add_row(("role_most", d, meal, *group), np.concatenate([ys[mine], t_cols]),
                          np.concatenate([np.ones(int(mine.sum())), -most]), hi=0.0)
            for template, col in options:
                for slot in template.slots:
                    mine = np.isin(role, list(slot.roles))
                    if slot.least > 0:
                        m.add_row(("slot_least", d, meal, template.name, slot.name),
                                  np.append(ys[mine], col),
                                  np.append(np.ones(int(mine.sum())), -slot.least), lo=0.0)
                    if slot.beside is not None:
                        _beside_rows(m, (d, meal, template.name, slot.name), ys, food, f,
                                     mine, template, slot, col)
        of_family = f.family[food]
        for code in np.flatnonzero(of_family.sum(axis=0) > 1).tolist():
            m.add_row(("family", d, meal, code), ys[of_family[:, code]], 1.0, hi=1.0)


def _beside_rows(m: ModelArrays, key: tuple[int, str, str, str], ys: np.ndarray,
                 food: np.ndarray, f: _Foods, mine: np.ndarray, template: Template,
                 slot: Slot, col: int) -> None:
    """With this template, each food of the slot comes only beside a main it goes with.

    use + template - (uses of the mains it goes with) <= 1.
    """
    beside = next(s for s in template.slots if s.name == slot.beside)
    mains = np.flatnonzero(np.isin(f.rules.role[food], list(beside.roles)))
    cuisine, family = f.rules.cuisine[food], f.rules.family[food]
    takes = f.rules.takes_bread[food]
    for i in np.flatnonzero(mine):
        partners = mains[[goes_beside(cuisine[i], family[i], cuisine[j], family[j],
                                      bool(takes[j])) for j in mains]]
        m.add_row(("beside", *key, f.id_list[food[i]]),
                  np.concatenate([[ys[i], col], ys[partners]]),
                  np.concatenate([[1.0, 1.0], -np.ones(len(partners))]), hi=1.0)


def _target_rows(m: ModelArrays, request: PlanRequest, d: int, plan_day: int | None,
                 cols: np.ndarray, food: np.ndarray,
                 per_unit: Mapping[str, np.ndarray]) -> None:
    energy = per_unit["energy_kcal"][food]
    for t in request.targets.day_limits(plan_day):
        _target_row(m, t, d, cols, per_unit[t.nutrient][food], energy)


def _target_row(m: ModelArrays, t: Target, d: int, cols: np.ndarray, amount: np.ndarray,
                energy: np.ndarray) -> None:
    if t.basis is Basis.DAY:
        m.add_row(("target", t.key, None, f"d{d + 1}"), cols, amount,
                  lo=-math.inf if t.minimum is None else t.minimum,
                  hi=math.inf if t.maximum is None else t.maximum)
        return
    a, b = t.coefficients()
    if t.minimum is not None:
        m.add_row(("target", t.key, "min", f"d{d + 1}"), cols,
                  a * amount - t.minimum * b * energy, lo=0.0)
    if t.maximum is not None:
        m.add_row(("target", t.key, "max", f"d{d + 1}"), cols,
                  a * amount - t.maximum * b * energy, hi=0.0)


def _rewards(request: PlanRequest, f: _Foods) -> list[tuple[str, float, float, float]]:
    """Pieces of the default objective's capped rewards.

    Each is (nutrient, width, points, start): a nutrient's pieces fill from its
    ``start`` up (energy from its range's floor, the others from zero).
    """
    pieces = []
    mg = request.targets.get("magnesium_mg")
    if mg is not None and mg.minimum:
        # Taper from the RDA (or the user's minimum) whatever a supplement covers.
        base = request.targets.magnesium_rda_mg or mg.minimum
        reached = 0.0
        for share, points in MAGNESIUM_TAPER:
            width = share * base
            if reached == 0.0:
                width = max(width - (base - mg.minimum), 1e-9)
            pieces.append(("magnesium_mg", width, points, 0.0))
            reached += width
    if request.targets.magnesium_rda_mg is not None:  # built-in targets are on
        for nutrient, goal in quality_goals(request.targets.profile).items():
            if nutrient in f.table.columns:
                pieces.append((nutrient, goal, QUALITY_POINTS, 0.0))
        for nutrient, goal in food_group_goals(request.targets).items():
            pieces.append((nutrient, goal, FOOD_GROUP_POINTS, 0.0))
        energy = request.targets.get("energy_kcal")
        if energy is not None and energy.minimum and energy.maximum:
            middle = (energy.minimum + energy.maximum) / 2
            if middle > energy.minimum:
                pieces.append(("energy_kcal", middle - energy.minimum, ENERGY_POINTS,
                               energy.minimum))
    return pieces


def _reward_columns(m: ModelArrays, request: PlanRequest, f: _Foods, d: int,
                    cols: np.ndarray, food: np.ndarray,
                    per_unit: Mapping[str, np.ndarray]) -> None:
    """Capped, concave rewards: sum of pieces <= the day's amount, each piece capped."""
    by_nutrient: dict[str, list[int]] = {}
    start: dict[str, float] = {}
    for i, (nutrient, width, points, begins) in enumerate(_rewards(request, f)):
        col = m.add_columns([("reward", nutrient, i, d)], width, cost=points / width)
        if begins > 0:
            # Below its start the piece goes negative, so the row holds no floor of its
            # own: the target's row is the floor, which diagnosis may relax.
            m.lb[int(col[0])] = -begins
        by_nutrient.setdefault(nutrient, []).extend(col.tolist())
        start[nutrient] = begins
    for nutrient, reward_cols in by_nutrient.items():
        m.add_row(("reward", nutrient, None, d), np.concatenate([cols, reward_cols]),
                  np.concatenate([per_unit[nutrient][food], -np.ones(len(reward_cols))]),
                  lo=start[nutrient])


def _habit_reward(m: ModelArrays, request: PlanRequest, f: _Foods, d: int,
                  plan_day: int | None, cols: np.ndarray, food: np.ndarray,
                  meal_of: np.ndarray) -> None:
    """Reward caffeine from the habitual drink up to the day's cap, when cutting back.

    ``reward <= caffeine from the drink's kind in the meals that allow caffeine`` and
    ``reward <= the day's cap (at most what the person has now)``, at
    HABIT_POINTS_PER_MG: the plan keeps the drink, shrinking it as the caps fall. A
    second, smaller reward counts breakfast alone, so the drink stays at breakfast. The
    average day (``plan_day`` None) uses the average cap, which keeps the relaxation.
    """
    schedule = request.targets.caffeine_schedule
    if schedule is None or "caffeine_mg" not in f.table.columns:
        return
    cap = schedule.habit_mg(plan_day)
    if cap <= 0:
        return
    allowed = [meal for meal in set(meal_of.tolist()) if request.caffeine_allowed_in(meal)]
    kind = f.habit_drink[food] & np.isin(meal_of, allowed)
    per_unit = np.nan_to_num(f.table["caffeine_mg"].to_numpy(float)) * f.unit_g / 100
    for name, sel, points in (
            ("caffeine_habit", kind, HABIT_POINTS_PER_MG),
            ("caffeine_habit_breakfast", kind & (meal_of == "breakfast"),
             HABIT_BREAKFAST_POINTS_PER_MG)):
        if not sel.any():
            continue
        reward = m.add_columns([("reward", name, None, d)], cap, cost=points)
        m.add_row(("reward", name, None, d), np.append(cols[sel], reward),
                  np.append(per_unit[food][sel], -1.0), lo=0.0)


def _produce_reward(m: ModelArrays, d: int, cols: np.ndarray, meal_of: np.ndarray,
                    per_unit: Mapping[str, np.ndarray], food: np.ndarray) -> None:
    """Reward vegetables and fruit in each main meal, up to MEAL_PRODUCE_CUPS.

    Counted in cup-equivalents, so a stew or a stir-fry with its own vegetables earns it
    as a side salad does; a bowl of beans and rice with a glass of milk does not.
    """
    groups = [per_unit[g][food] for g in ("vegetables_cup_eq", "fruit_cup_eq")
              if g in per_unit]
    if not groups:
        return
    cups = np.sum(groups, axis=0)
    for meal, goal in MEAL_PRODUCE_CUPS.items():
        mine = meal_of == meal
        if not mine.any():
            continue
        reward = m.add_columns([("reward", "produce", meal, d)], goal,
                               cost=PRODUCE_POINTS / goal)
        m.add_row(("reward", "produce", meal, d), np.append(cols[mine], reward),
                  np.append(cups[mine], -1.0), lo=0.0)


def _meal_energy_rows(m: ModelArrays, d: int, cols: np.ndarray, meal_of: np.ndarray,
                      energy: np.ndarray, meals: Sequence[str]) -> None:
    for meal in meals:
        lo, hi = MEAL_SHARES[meal]
        mine = (meal_of == meal).astype(float)
        m.add_row(("meal_energy", meal, "min", d), cols, energy * (mine - lo), lo=0.0)
        m.add_row(("meal_energy", meal, "max", d), cols, energy * (mine - hi), hi=0.0)


def _daily_rows(m: ModelArrays, d: int, a: _Amounts, y: np.ndarray | None, f: _Foods,
                in_day: np.ndarray, fruit_per_unit: np.ndarray | None) -> None:
    """A food in one meal a day (drinks and milk aside), one of some families, caps."""
    sel = np.flatnonzero(in_day)
    food = a.food[sel]
    order = np.argsort(food, kind="stable")
    uniq, starts, counts = np.unique(food[order], return_index=True, return_counts=True)
    for fpos, start, count in zip(uniq.tolist(), starts.tolist(), counts.tolist(), strict=True):
        if count < 2:
            continue
        members = sel[order[start:start + count]]
        fid = f.id_list[fpos]
        if y is not None and not f.rules.repeats[fpos]:
            m.add_row(("once_a_day", d, fid), y[members], 1.0, hi=1.0)
        elif math.isfinite(f.day_most[fpos]) and count * f.most[fpos] > f.day_most[fpos]:
            m.add_row(("day_most", d, fid), a.cols[members], 1.0, hi=float(f.day_most[fpos]))
    if y is None:
        return
    if f.has_roles and fruit_per_unit is not None:
        # At least half of a day's fruit is eaten whole (Dietary Guidelines): the cup-eq
        # drunk as juice or smoothies is at most the cup-eq eaten.
        cup = fruit_per_unit[food]
        drunk = f.rules.role[food] == "drink"
        if (drunk & (cup > 0)).any():
            coef = np.where(drunk, cup, -cup)
            keep = coef != 0
            m.add_row(("whole_fruit", d), a.cols[sel][keep], coef[keep], hi=0.0)
    if f.has_roles:
        # Servings a day of a role's foods together (milk: 2 glasses, of whatever kinds).
        role = f.rules.role[food]
        servings = f.unit_g[food] / f.serving_g[food]
        for name, cap in f.role_day.items():
            mine = role == name
            if (servings[mine] * f.most[food[mine]]).sum() > cap:
                m.add_row(("role_day", d, name), a.cols[sel][mine], servings[mine], hi=cap)
    # One food a day of a family (main, protein, legume, starch, spread, yogurt), in one meal.
    of_family = f.family[food] & f.rules.family_once_a_day[food][:, None]
    for code in np.flatnonzero(of_family.sum(axis=0) > 1).tolist():
        mine = of_family[:, code]
        if len(set(food[mine].tolist())) > 1:
            m.add_row(("family_day", d, code), y[sel[mine]], 1.0, hi=1.0)


def _variety_rows(m: ModelArrays, a: _Amounts, y: np.ndarray, f: _Foods,
                  days_left: np.ndarray | None, spread: int) -> None:
    """Each food with a limit is on the plate on a limited number of days."""
    cap = f.allowed_days if days_left is None else np.minimum(f.allowed_days, days_left)
    order = np.argsort(a.food, kind="stable")
    uniq, starts, counts = np.unique(a.food[order], return_index=True, return_counts=True)
    for fpos, start, count in zip(uniq.tolist(), starts.tolist(), counts.tolist(), strict=True):
        limit = cap[fpos]
        if not math.isfinite(limit) or (count <= limit and spread == 1):
            continue
        members = order[start:start + count]
        m.add_row(("days_max", f.id_list[fpos]), y[members], 1.0, hi=float(limit) / spread)
    # A family with a weekly cap: its foods are once a day (their roles' rule), so its
    # meals are its days.
    days = len(np.unique(a.day))
    for code in np.flatnonzero(np.isfinite(f.family_allowed)).tolist():
        mine = f.family[a.food, code]
        if mine.any() and days * spread > f.family_allowed[code]:
            m.add_row(("family_days", code), y[mine], 1.0,
                      hi=float(f.family_allowed[code]) / spread)


def _unlike_rows(m: ModelArrays, a: _Amounts, y: np.ndarray, f: _Foods,
                 unlike: Sequence[frozenset[tuple[str, str]]]) -> None:
    """No day is a copy of an earlier one: at least one of its foods differs."""
    here = {(str(meal), f.id_list[food]): col for meal, food, col in
            zip(a.meal.tolist(), a.food.tolist(), y.tolist(), strict=True)}
    for i, earlier in enumerate(unlike):
        if not earlier <= here.keys():
            continue  # some food of that day cannot be on this one: it differs already
        cols = np.array([here[pair] for pair in sorted(earlier)], np.int64)
        m.add_row(("unlike", i), cols, 1.0, hi=float(len(cols) - 1))


def _include_row(m: ModelArrays, choice: FoodChoice, a: _Amounts, y: np.ndarray | None,
                 f: _Foods, spread: int) -> None:
    """At least one of the foods a ``--include`` matched is in the plan.

    With servings: ``sum(y) >= 1``; with continuous grams: at least half a serving.
    """
    chosen = np.isin(np.asarray(f.id_list, dtype=object)[a.food], choice.food_ids)
    if y is not None:
        m.add_row(("include", choice.text), y[chosen], 1.0, lo=1.0 / spread)
    else:
        m.add_row(("include", choice.text), a.cols[chosen],
                  2.0 / f.serving_g[a.food[chosen]], lo=1.0 / spread)


def _amount_cost(request: PlanRequest, f: _Foods, per_unit: Mapping[str, np.ndarray],
                 prices: np.ndarray, food: np.ndarray) -> np.ndarray:
    if request.objective is Objective.MAGNESIUM:
        return np.asarray(per_unit["magnesium_mg"][food], float)
    if request.objective is Objective.CALORIES:
        return np.asarray(per_unit["energy_kcal"][food], float)
    if request.objective is Objective.COST:
        return np.asarray(prices[food], float)
    # Default: preferences per serving and sugars per gram (rewards have own columns).
    liked = _chosen(f.ids, request.like)
    points = LIKE_POINTS * liked - DISLIKE_POINTS * _chosen(f.ids, request.dislike)
    drink = np.asarray(f.rules.role == "drink", bool)
    unasked = drink & (liked == 0) & ~f.habit_drink
    per_serving = (points[food] - DRINK_POINTS * drink[food]
                   - UNASKED_DRINK_POINTS * unasked[food])
    per_unit_points = per_serving * f.unit_g[food] / f.serving_g[food]
    if "sugars_g" in per_unit and request.targets.magnesium_rda_mg is not None:
        per_unit_points = per_unit_points - SUGAR_POINTS_PER_G * per_unit["sugars_g"][food]
    return np.asarray(per_unit_points, float)


def _chosen(ids: pd.Index, choices: Sequence[FoodChoice]) -> np.ndarray:
    wanted = [fid for c in choices for fid in c.food_ids]
    return np.asarray(ids.isin(wanted), dtype=float)


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

