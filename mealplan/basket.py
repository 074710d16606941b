"""The week planned with what it buys: packages, leftovers and batch cooking in the model.

Days are planned one after another (see :mod:`mealplan.strategy`), and each day's
model knows what earlier days left: grams of opened packages still good, servings of
dishes cooked ahead, the things already bought. A day may use that stock, open whole
new packages, and cook a batch dish for later meals. Its objective pays for what a
day leaves to spoil (perishable grams bought and not used, refunded when a later day
uses them), for cooking (each food cooked fresh, each batch), and for each new thing
bought, and earns for servings cooked ahead; a cap holds the number of different things
bought and the kinds of meat and fish. A form closed to the day (``Basket.closed``:
the week, re-planned, found its package mostly left) opens no package that day.
The rules and weights are data in :mod:`mealplan.kitchen`; this module turns them
into model columns and rows, and carries the stock from one day to the next.

In the screening LP (one average day) packages are continuous, nothing spoils and
cooking is counted at its least (a batch feeds up to three meals): its optimum still
bounds every plan.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np

from . import kitchen
from .foods import FoodTable

# Most packages of one thing a day may open.
MAX_PACKAGES = 8
# What a food the basket must let in is worth: others are worth their use times their
# roles' weights, at most 6.2 on the default, vegan and teenage weeks.
WANTED_VALUE = 100.0


@dataclass(frozen=True)
class Shop:
    """What shops sell of the purchase forms the eligible foods are bought as."""

    ids: tuple[str, ...]
    """Purchase ids, sorted."""
    grams: np.ndarray
    """Grams of each purchase form bought per 100 g of each food eaten (foods x forms)."""
    size: np.ndarray
    """Grams in one package as bought; NaN for forms sold by weight."""
    perishable: np.ndarray
    staple: np.ndarray
    meat_fish: np.ndarray
    keeping: tuple[kitchen.Keeping, ...]
    batch: np.ndarray
    """Per eligible food: cooked in batches (soups, stews, cooked grains and beans)."""
    fresh: np.ndarray
    """Per eligible food: cooked for each meal."""

    @cached_property
    def position(self) -> Mapping[str, int]:
        """Column of each purchase id in the per-form arrays."""
        return {pid: j for j, pid in enumerate(self.ids)}

    def keeps_until(self) -> np.ndarray:
        """Per eligible food, the last 0-based day its things are still good unopened."""
        shelf = np.array([k.shelf_days for k in self.keeping]) - 1
        keeps: np.ndarray = np.where(self.grams > 0, shelf[None, :], np.inf).min(
            axis=1, initial=np.inf)
        return keeps


def shop_for(foods: FoodTable, food_ids: Sequence[str]) -> Shop | None:
    """The purchase forms of these foods; None for a table that sells no packages."""
    if foods.ingredients is None or foods.purchases is None:
        return None
    recipes = foods.ingredients[foods.ingredients["food_id"].isin(food_ids)]
    ids = tuple(sorted(set(recipes["purchase_id"])))
    row = {fid: i for i, fid in enumerate(food_ids)}
    col = {pid: j for j, pid in enumerate(ids)}
    grams = np.zeros((len(food_ids), len(ids)))
    np.add.at(grams, (recipes["food_id"].map(row).to_numpy(int),
                      recipes["purchase_id"].map(col).to_numpy(int)),
              recipes["purchase_g"].to_numpy(float))
    shop = foods.purchases.loc[list(ids)]
    keeping = tuple(kitchen.keeping({str(k): v for k, v in r.items()})
                    for r in shop.to_dict("records"))
    cook = (foods.frame.loc[list(food_ids), "cook"].fillna("") if "cook" in foods.frame.columns
            else None)
    batch = (np.zeros(len(food_ids), bool) if cook is None
             else cook.eq("batch").to_numpy(bool))
    fresh = (np.zeros(len(food_ids), bool) if cook is None
             else cook.eq("fresh").to_numpy(bool))
    return Shop(ids=ids, grams=grams, size=shop["package_g"].to_numpy(float),
                perishable=np.array([k.perishable for k in keeping], bool),
                staple=shop["staple"].to_numpy(bool),
                meat_fish=shop["kind"].isin(kitchen.MEAT_FISH_KINDS).to_numpy(bool),
                keeping=keeping, batch=batch, fresh=fresh)


@dataclass(frozen=True)
class Lot:
    """Part of what was bought or cooked, still good until ``last_day`` (0-based)."""

    amount: float
    """Grams of a purchase form, or units of a cooked dish."""
    last_day: float
    meals_left: int = 0
    """For a cooked dish: how many more meals it may feed."""
    cooked_on: int = -1
    """For a cooked dish: the 0-based day it was cooked."""
    slack: float = 0.0
    """Grams of ``amount`` that are a package's slack (kitchen.PACKAGE_SLACK): usable,
    but not there to spoil."""


@dataclass(frozen=True)
class Basket:
    """What the days planned so far left for the next one."""

    day: int = 0
    """The 0-based day to plan."""
    stock: Mapping[str, tuple[Lot, ...]] = field(default_factory=dict)
    """Opened packages still good, by purchase id."""
    cooked: Mapping[str, tuple[Lot, ...]] = field(default_factory=dict)
    """Servings cooked ahead and still good, by food id (units of the food)."""
    bought: frozenset[str] = frozenset()
    """Purchase forms bought already."""
    items_left: float = math.inf
    """Different things (staples aside) still allowed."""
    meat_fish_left: float = math.inf
    """Kinds of meat and fish still allowed."""
    plan_days: int = 1
    """Days of the plan."""
    days_left: Mapping[str, float] = field(default_factory=dict)
    """Per food id, on how many more days it may be (variety), when limited."""
    closed: frozenset[str] = frozenset()
    """Purchase forms the day may not open a package of (see
    :func:`left_by_opening`)."""

    def stock_g(self, pid: str) -> float:
        """Grams of a purchase form good today."""
        return math.fsum(lot.amount for lot in self.stock.get(pid, ()) if lot.last_day >= self.day)

    def due_units(self, fid: str) -> float:
        """Units of a dish cooked ahead that must be eaten today.

        A batch is cooked for its meals ahead: on the last day it keeps (or of the
        plan) all that is left is due; when it has as many meals left as days, one
        meal's share is due today.
        """
        due = 0.0
        for lot in self.cooked.get(fid, ()):
            if lot.last_day < self.day or lot.meals_left <= 0:
                continue
            days = lot.last_day - self.day + 1
            if days <= 1:
                due += lot.amount
            elif lot.meals_left >= days:
                due += lot.amount / lot.meals_left
        return due

    def cooked_units(self, fid: str) -> float:
        """Units of a dish cooked ahead, good today and with meals left."""
        return math.fsum(lot.amount for lot in self.cooked.get(fid, ())
                         if lot.last_day >= self.day and lot.meals_left > 0)


@dataclass(frozen=True)
class BasketColumns:
    """Where a day's basket decisions are in the model."""

    purchase: Mapping[str, tuple[int, int, int | None]]
    """Per purchase id: packages opened, grams from stock, bought flag (or None)."""
    batch: Mapping[str, tuple[int, int, int]]
    """Per batch food id: units cooked, units from cooked stock, meals cooked ahead."""
    need: Mapping[str, tuple[np.ndarray, np.ndarray]]
    """Per purchase id: the columns and grams per unit of what the day uses of it."""
    shopping: tuple[np.ndarray, np.ndarray] = (np.zeros(0, np.int64), np.zeros(0))
    """The objective's shopping terms (waste, things and packages bought): columns and
    their coefficients."""

    def shopping_points(self, values: np.ndarray) -> float:
        """What a solution's shopping costs in the objective (zero or less)."""
        return float(np.dot(values[self.shopping[0]], self.shopping[1]))


def basket_columns(m: object, shop: Shop, food_pos: np.ndarray, cols: np.ndarray,
                   meal_cols: np.ndarray, unit_g: np.ndarray, least: np.ndarray,
                   most: np.ndarray, ids: Sequence[str], state: Basket | None,
                   integer: bool, default_objective: bool, spread: int) -> BasketColumns:
    """Add one day's purchases, stock and cooking to a model.

    Args:
        m: The model (a :class:`mealplan.model.ModelArrays`).
        shop: The request's purchase forms.
        food_pos: Eligible-food position of each of the day's amount columns.
        cols: The day's amount columns.
        meal_cols: The day's on-the-plate columns (``y``), same order.
        unit_g: Grams per unit of each eligible food.
        least: Fewest units of each eligible food in a meal it is in.
        most: Most units of each eligible food in one meal.
        ids: Eligible food ids.
        state: What earlier days left; None for the screening LP's average day.
        integer: Whether packages and cooking are whole.
        default_objective: Whether the kitchen's points count in the objective.
        spread: Days the average day stands for (1 for a real day).
    """
    from .model import ModelArrays

    assert isinstance(m, ModelArrays)
    day = 0 if state is None else state.day
    points = 1.0 if default_objective else 0.0
    batch_cols: dict[str, tuple[int, int, int]] = {}
    # Units of each food the day eats, and per batch food its cooking columns.
    present = np.unique(food_pos)
    for fpos in present.tolist():
        mine = food_pos == fpos
        fid = ids[fpos]
        if shop.fresh[fpos] and default_objective:
            # Cooked for each meal: each meal it is in costs its cooking.
            for c in meal_cols[mine].tolist():
                m.cost[c] -= kitchen.FRESH_POINTS * points
        if not shop.batch[fpos]:
            continue
        # The average day eats what it cooks: leftovers are its own cooking.
        have = 0.0 if state is None else state.cooked_units(fid)
        batch_units = kitchen.BATCH_MEALS * most[fpos]
        cooked = m.add_columns([("cook_units", day, fid)], batch_units, integer=integer)[0]
        flag = m.add_columns([("cooked", day, fid)], 1.0, integer=integer,
                             cost=-kitchen.BATCH_POINTS * points)[0]
        # Leftovers eaten earn what their cooking cost; those due today (see
        # Basket.due_units) earn more, as tomorrow they spoil or crowd the fridge. Not
        # a bound: a day whose templates leave no room for them still has a plan.
        stock = m.add_columns([("cooked_stock", day, fid)], have,
                              cost=kitchen.LEFTOVER_POINTS_PER_UNIT * points)[0]
        if state is not None and state.due_units(fid) > 0:
            due = m.add_columns([("cooked_due", day, fid)], min(state.due_units(fid), have),
                                cost=kitchen.DUE_POINTS_PER_UNIT * points)[0]
            m.add_row(("due_eaten", day, fid), np.array([due, stock]), np.array([1.0, -1.0]),
                      hi=0.0)
        m.add_row(("cook_when", day, fid), np.array([cooked, flag]),
                  np.array([1.0, -batch_units]), hi=0.0)
        # A batch is cooked on a day that eats it, and not while one is in the fridge.
        m.add_row(("cook_eaten", day, fid), np.append(meal_cols[mine], flag),
                  np.append(np.ones(int(mine.sum())), -1.0), lo=0.0)
        if have > 0:
            m.ub[cooked] = m.ub[flag] = 0.0
        # What the day eats of it was cooked today or earlier; leftovers drawn are
        # eaten, not stored again.
        eaten = cols[mine]
        ones = np.ones(len(eaten))
        m.add_row(("cooked_covers", day, fid), np.concatenate([eaten, [cooked, stock]]),
                  np.concatenate([ones, [-1.0, -1.0]]), hi=0.0)
        m.add_row(("leftovers_eaten", day, fid), np.concatenate([eaten, [stock]]),
                  np.concatenate([-ones, [1.0]]), hi=0.0)
        # Later meals the batch is cooked for: each earns the cooking it saves.
        # A plan of fewer days than a batch feeds cooks for fewer meals.
        most_ahead = min(kitchen.BATCH_MEALS - 1, spread - 1 if state is None else math.inf)
        if state is not None:
            most_ahead = min(most_ahead, state.plan_days - 1 - day,
                             max(0, int(state.days_left.get(fid, most_ahead + 1)) - 1))
        ahead = m.add_columns([("meals_ahead", day, fid)], max(most_ahead, 0), integer=integer,
                              cost=kitchen.LEFTOVER_POINTS_PER_MEAL * points)[0]
        m.add_row(("ahead_when", day, fid), np.array([ahead, flag]),
                  np.array([1.0, -float(kitchen.BATCH_MEALS - 1)]), hi=0.0)
        if state is None:
            # The average day: a meal from leftovers needs a batch cooked for it, at most
            # two of three meals of a batch dish are leftovers.
            share = (kitchen.BATCH_MEALS - 1) / kitchen.BATCH_MEALS
            m.add_row(("ahead_average", day, fid), np.concatenate([[ahead], meal_cols[mine]]),
                      np.concatenate([[1.0], np.full(int(mine.sum()), -share)]), hi=0.0)
        else:
            # What is cooked beyond today's share is for the meals ahead: a portion
            # each, at least the least and at most the most.
            left = np.concatenate([[cooked, stock], eaten])
            left_coef = np.concatenate([[1.0, 1.0], -ones])
            m.add_row(("ahead_most", day, fid), np.append(left, ahead),
                      np.append(left_coef, -most[fpos]), hi=0.0)
            m.add_row(("ahead_least", day, fid), np.append(left, ahead),
                      np.append(left_coef, -least[fpos]), lo=0.0)
        batch_cols[fid] = (cooked, stock, ahead)

    # Grams of each purchase form the day uses: what it eats of foods bought as
    # they are (their amount columns), and what it cooks of batch dishes.
    food_cols = {fpos: (np.array([batch_cols[ids[fpos]][0]]) if shop.batch[fpos]
                        else cols[food_pos == fpos]) for fpos in present.tolist()}
    need: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    rows, forms = np.nonzero(shop.grams[present] > 0)
    for j in np.unique(forms).tolist():
        of_form = present[rows[forms == j]].tolist()
        grams_per_unit = shop.grams[of_form, j] * unit_g[of_form] / 100
        use_cols = [food_cols[fpos] for fpos in of_form]
        need[shop.ids[j]] = (np.concatenate(use_cols), np.repeat(
            grams_per_unit, [len(c) for c in use_cols]))
    purchase: dict[str, tuple[int, int, int | None]] = {}
    shopping: list[tuple[int, float]] = []
    new_items, new_meat = [], []
    for j, pid in enumerate(shop.ids):
        if pid not in need:
            continue
        use, grams = need[pid]
        have = 0.0 if state is None else state.stock_g(pid)
        size = shop.size[j]
        whole = integer and math.isfinite(size)
        keep = shop.keeping[j]
        # Spoiled on the shelf since the shop day: nothing new of it today.
        fresh_left = day <= keep.shelf_days - 1 and (state is None or pid not in state.closed)
        # Whole packages; forms sold by weight are bought by the gram.
        step = size if math.isfinite(size) else 1.0
        most_packages = (MAX_PACKAGES if math.isfinite(size) else math.inf) if fresh_left else 0
        package_points = -kitchen.PACKAGE_POINTS * points * (step / size if whole else 0.0)
        opened = m.add_columns([("packages", day, pid)], most_packages, integer=whole,
                               cost=package_points)[0]
        shopping.append((int(opened), package_points))
        stock = m.add_columns([("stock", day, pid)], have)[0]
        covers = kitchen.covered_g(step) if math.isfinite(size) else step
        m.add_row(("bought_covers", day, pid), np.concatenate([use, [opened, stock]]),
                  np.concatenate([grams, [-covers, -1.0]]), hi=0.0)
        if shop.perishable[j] and default_objective and state is not None:
            shopping.extend(_charge_waste(m, state, pid, opened, step, use, grams))
        flag = None
        counted = not shop.staple[j]
        if counted and (state is None or pid not in state.bought):
            flag = m.add_columns([("buys", day, pid)], 1.0, integer=integer,
                                 cost=-kitchen.ITEM_POINTS * points / spread)[0]
            shopping.append((int(flag), -kitchen.ITEM_POINTS * points / spread))
            reach = most_packages if math.isfinite(most_packages) else 1e5
            m.add_row(("buys_when", day, pid), np.array([opened, flag]),
                      np.array([1.0, -max(reach, 1)]), hi=0.0)
            new_items.append(flag)
            if shop.meat_fish[j]:
                new_meat.append(flag)
        purchase[pid] = (opened, stock, flag)
    if state is not None:
        if new_items and math.isfinite(state.items_left):
            m.add_row(("items_left", day), np.array(new_items), 1.0, hi=state.items_left)
        if new_meat and math.isfinite(state.meat_fish_left):
            m.add_row(("meat_fish_left", day), np.array(new_meat), 1.0,
                      hi=state.meat_fish_left)
    idx = np.array([c for c, _ in shopping], np.int64)
    return BasketColumns(purchase, batch_cols, need,
                         (idx, np.array([w for _, w in shopping], float)))


def _charge_waste(m: object, state: Basket, pid: str, opened: int, step: float,
                  use: np.ndarray, grams: np.ndarray) -> list[tuple[int, float]]:
    """Charge what of a perishable form may spoil; returns the objective's terms.

    Grams opened are charged and grams used refunded (at most what stock and new
    packages hold), so a day opens what it can use; and on the day a lot of stock is
    last good, what of it is not used is charged again, so the days that can still
    use it do. What is used is drawn oldest first: today's use eats the expiring lots.
    """
    from .model import ModelArrays

    assert isinstance(m, ModelArrays)
    w = kitchen.WASTE_POINTS_PER_G
    terms = [(int(opened), -w * step)]
    terms += [(c, w * g) for c, g in zip(use.tolist(), grams.tolist(), strict=True)]
    last = state.day >= state.plan_days - 1
    expiring = math.fsum(max(0.0, lot.amount - lot.slack) for lot in state.stock.get(pid, ())
                         if last or lot.last_day <= state.day)
    if expiring > 1e-9:
        waste = int(m.add_columns([("spoils", state.day, pid)], expiring)[0])
        m.add_row(("spoils_unless_used", state.day, pid), np.append(use, waste),
                  np.append(grams, 1.0), lo=expiring)
        terms.append((waste, -w))
    for c, coef in terms:
        m.cost[c] += coef
    return terms


@dataclass(frozen=True)
class DayRecord:
    """What one planned day bought and cooked."""

    opened: Mapping[str, int]
    """Packages opened, by purchase id (forms sold by weight: grams)."""
    used_g: Mapping[str, float]
    """Grams used, by purchase id."""
    cooked: Mapping[str, float]
    """Units cooked of batch dishes, by food id."""
    from_cooked: Mapping[str, list[tuple[int, float]]]
    """Per batch food eaten, (cook day, units) drawn from earlier cooking."""


def advance(state: Basket, shop: Shop, cols: BasketColumns, values: np.ndarray,
            eaten_units: Mapping[str, float], max_items: float,
            max_meat_fish: float) -> tuple[Basket, DayRecord]:
    """The basket after a day, from the day's solution: stock used first, then new lots.

    Stock is drawn oldest first (the lot that spoils first); a package opened today
    keeps until its own last day (kitchen.Keeping.last_day).
    """
    day = state.day
    stock = {pid: [lot for lot in lots if lot.last_day >= day]
             for pid, lots in state.stock.items()}
    cooked = {fid: [lot for lot in lots if lot.last_day >= day and lot.meals_left > 0]
              for fid, lots in state.cooked.items()}
    opened: dict[str, int] = {}
    used: dict[str, float] = {}
    bought = set(state.bought)
    for pid in cols.purchase:
        use_cols, grams = cols.need[pid]
        need = float(np.dot(values[use_cols], grams))
        j = shop.position[pid]
        size = shop.size[j]
        # The fewest packages that cover the day: a solver stopped at its time limit
        # may open more than it uses.
        short = max(0.0, need - math.fsum(lot.amount for lot in stock.get(pid, [])))
        n = packages_for(short, size) if math.isfinite(size) else short
        if need <= 1e-9:
            continue
        used[pid] = need
        lots = sorted(stock.get(pid, []), key=lambda lot: lot.last_day)
        left = need
        kept = []
        for lot in lots:
            take = min(lot.amount, left)
            left -= take
            if lot.amount - take > 1e-9:
                kept.append(replace(lot, amount=lot.amount - take))
        if n > 0:
            opened[pid] = int(n) if math.isfinite(size) else 0
            slack = kitchen.covered_g(n * size) - n * size if math.isfinite(size) else 0.0
            rest = (n * size if math.isfinite(size) else n) + slack - left
            if rest > 1e-9 and math.isfinite(size):
                kept.append(Lot(rest, shop.keeping[j].last_day(day), slack=slack))
            bought.add(pid)
        stock[pid] = kept
    made: dict[str, float] = {}
    drawn: dict[str, list[tuple[int, float]]] = {}
    for fid, (cooked_col, _, ahead_col) in cols.batch.items():
        c = round(values[cooked_col])
        ahead = round(values[ahead_col])
        eaten = eaten_units.get(fid, 0.0)
        lots = sorted(cooked.get(fid, []), key=lambda lot: lot.last_day)
        left = eaten
        kept = []
        for lot in lots:
            take = min(lot.amount, left)
            if take > 1e-9:
                drawn.setdefault(fid, []).append((lot.cooked_on, take))
                kept_lot = replace(lot, amount=lot.amount - take, meals_left=lot.meals_left - 1)
            else:
                kept_lot = lot
            left -= take
            if kept_lot.amount > 1e-9 and kept_lot.meals_left > 0:
                kept.append(kept_lot)
        if c > 0:
            made[fid] = c
            rest = c - left
            if rest > 1e-9 and ahead > 0:
                last = min(day + kitchen.COOKED_KEEPS_DAYS - 1, state.plan_days - 1)
                kept.append(Lot(rest, last, ahead, day))
        cooked[fid] = kept
    counted = {pid for pid in bought
               if not shop.staple[shop.position[pid]]} if bought else set()
    meat = {pid for pid in counted if shop.meat_fish[shop.position[pid]]}
    nxt = Basket(day + 1, {k: tuple(v) for k, v in stock.items() if v},
                 {k: tuple(v) for k, v in cooked.items() if v}, frozenset(bought),
                 max_items - len(counted), max_meat_fish - len(meat), state.plan_days,
                 state.days_left)
    return nxt, DayRecord(opened, used, made, drawn)


def packages_for(grams: float, size: float) -> int:
    """Whole packages of ``size`` grams that cover ``grams`` (kitchen.PACKAGE_SLACK).

    >>> packages_for(615, 598), packages_for(630, 598), packages_for(0.5, 598)
    (1, 2, 1)
    """
    return max(0, math.ceil(grams / kitchen.covered_g(size) - 1e-6))


def with_bought(shop: Shop, allowed: np.ndarray, bought: frozenset[str]) -> np.ndarray:
    """The basket grown by what the days bought: every food made of things in it.

    A day that could not be made from the basket buys a few more things; the foods
    those things make are then open to the later days too, at no new thing's cost.
    """
    counted = ~shop.staple
    uses = (shop.grams > 0) & counted[None, :]
    things = uses[allowed].any(axis=0) | np.isin(np.array(shop.ids), sorted(bought))
    return np.asarray(allowed | ~(uses & ~things[None, :]).any(axis=1), bool)


def choose_basket(shop: Shop, use: np.ndarray, score: np.ndarray, roles: np.ndarray,
                  needed: Mapping[str, int], max_items: float, max_meat_fish: float,
                  plan_days: int = 1, start: np.ndarray | None = None,
                  thing_cost: np.ndarray | None = None,
                  wanted: np.ndarray | None = None) -> np.ndarray:
    """The foods the week may eat: those made only of things one shop buys.

    The basket grows a food at a time: the food whose things (those not in the basket
    yet) let in the most value per new thing (each weighed by ``thing_cost``),
    counting every food they complete. A food's value is how much the screening LP
    likes it (what it uses, or its reduced cost) times how much its role is still
    wanted: a week wants a few main dishes, proteins, vegetables, fruit and breakfast
    foods (``needed``), and values more of a role less once it has them. The caps on
    different things (staples aside) and on kinds of meat and fish hold throughout.

    Args:
        shop: The purchase forms of the eligible foods.
        use: Per eligible food, how much the screening LP uses it (meals a day).
        score: Per eligible food, its best reduced cost there (0 at best, lower worse).
        roles: Per eligible food, its role.
        needed: Per role, how many foods of it the week wants.
        max_items: The cap on different things.
        max_meat_fish: The cap on kinds of meat and fish.
        plan_days: Days the basket must last.
        start: Foods already in the basket (a mask over the eligible foods).
        thing_cost: Per purchase form, what buying it counts as (see
            :func:`package_cost`); one each when not given.
        wanted: Foods to let in first, as far as the caps allow (the foods the
            screening LP cannot do without).

    Returns:
        A mask over the eligible foods.
    """
    counted = ~shop.staple
    uses = (shop.grams > 0) & counted[None, :]
    quality = np.where(use > 1e-9, 1.0 + use, np.exp(np.clip(score, -50, 0) / 5.0))
    role_list = sorted(set(roles.tolist()))
    role_of = np.array([role_list.index(r) for r in roles.tolist()])
    want = np.array([float(needed.get(r, 0)) for r in role_list])
    want_late = np.ceil(want / 2)
    late = shop.keeps_until() >= plan_days - 1
    not_uses = (~uses).astype(np.float32)
    basket = (np.zeros(len(shop.ids), bool) if start is None
              else uses[start].any(axis=0))
    allowed = ~(uses & ~basket[None, :]).any(axis=1)
    while True:
        have = np.bincount(role_of[allowed], minlength=len(role_list)).astype(float)
        have_late = np.bincount(role_of[allowed & late], minlength=len(role_list))
        weight = np.where(want > 0, np.maximum(want - have, 0.0) / np.maximum(want, 1.0), 0.0)
        weight_late = np.maximum(want_late - have_late, 0.0) / np.maximum(want_late, 1.0)
        value = quality * (weight[role_of] + np.where(late, weight_late[role_of], 0.0) + 0.05)
        if wanted is not None:
            value = value + np.where(wanted & ~allowed, WANTED_VALUE, 0.0)
        missing = (uses & ~basket[None, :]).astype(np.float32)
        # left[g, f]: things food g still lacks once food f's things are bought.
        left = missing @ not_uses.T
        completes = (left < 0.5) & ~allowed[:, None]
        gain = value @ completes
        new = missing.sum(axis=1)
        cost = new if thing_cost is None else missing @ thing_cost
        items = basket.sum() + new
        meat = (basket & shop.meat_fish).sum() + (missing * shop.meat_fish).sum(axis=1)
        ok = (new > 0) & (items <= max_items) & (meat <= max_meat_fish) & (gain > 1e-9)
        if not ok.any():
            break
        ratio = np.where(ok, gain / np.maximum(cost, 1.0), -np.inf)
        best = int(np.argmax(ratio))
        basket |= uses[best]
        allowed = ~(uses & ~basket[None, :]).any(axis=1)
    return np.asarray(allowed, bool)


# A perishable thing counts as 1 + this times the share of its packages a week would
# leave unused: on the 14 benchmark weeks, 9 met every shopping threshold at 2, 8 at 1
# and 7 with every thing counted as one.
UNUSED_PACKAGE_WEIGHT = 2.0


def package_cost(shop: Shop, week_g: np.ndarray) -> np.ndarray:
    """What buying each purchase form counts as in the basket, given a week's grams of it.

    One for what keeps or is sold by weight; for what spoils, one plus
    :data:`UNUSED_PACKAGE_WEIGHT` times the share of the whole packages holding
    ``week_g`` that would be left (a 5½-lb watermelon for 300 g costs 2.8 things).
    """
    size = np.where(np.isfinite(shop.size) & (shop.size > 0), shop.size, np.nan)
    with np.errstate(invalid="ignore"):
        bought = np.ceil(np.maximum(week_g, 1e-9) / (size * kitchen.covered_g(1.0))) * size
        unused = np.where(np.isnan(size), 0.0, np.clip(1.0 - week_g / bought, 0.0, 1.0))
    cost: np.ndarray = 1.0 + UNUSED_PACKAGE_WEIGHT * np.where(shop.perishable, unused, 0.0)
    return cost


def purchase_use(foods: FoodTable, eaten: Iterable[tuple[int, str, float]],
                 cooked: Iterable[tuple[int, str, float]]) -> dict[str, dict[int, float]]:
    """Grams of each purchase form used per 0-based day, as bought.

    ``eaten`` and ``cooked`` are (0-based day, food id, grams). Foods bought as they are
    use their ingredients on the day eaten; a batch dish (one that is cooked) uses its
    ingredients on the day it is cooked, for all it is cooked.
    """
    assert foods.ingredients is not None
    recipes = foods.recipes
    cooked = list(cooked)
    batch = {fid for _, fid, _ in cooked}
    use: dict[str, dict[int, float]] = {}
    for day, fid, grams in [*((d, f, g) for d, f, g in eaten if f not in batch), *cooked]:
        for pid, per_100g in recipes.get(fid, ()):
            per_day = use.setdefault(pid, {})
            per_day[day] = per_day.get(day, 0.0) + per_100g * grams / 100
    return use


def fewest_packages(shop: Shop, use: Mapping[str, Mapping[int, float]],
                    days: int) -> tuple[dict[str, float], set[str]]:
    """The fewest whole packages that cover each day's use, opened oldest first.

    As the days are planned (:func:`advance`): a day draws on open packages still good,
    the lot that spoils first first, and opens new ones for the rest. Forms sold by
    weight are bought by the gram. Returns the packages (grams for forms sold by weight)
    per purchase id, and the purchase ids a day would open after they spoiled on the
    shelf.
    """
    packages: dict[str, float] = {}
    late: set[str] = set()
    for pid, per_day in use.items():
        size = shop.size[shop.position[pid]]
        if not math.isfinite(size):
            packages[pid] = math.fsum(per_day.values())
            continue
        openings, _ = _replay(shop, pid, per_day, days)
        packages[pid] = float(sum(n for _, n in openings))
        if any(day > shop.keeping[shop.position[pid]].shelf_days - 1 for day, _ in openings):
            late.add(pid)
    return packages, late


def left_by_opening(shop: Shop, use: Mapping[str, Mapping[int, float]],
                    days: int) -> dict[tuple[int, str], float]:
    """Grams of perishable packages never used, by the 0-based day they were opened.

    Packages replayed as :func:`fewest_packages` opens them; staples and forms sold by
    weight aside.
    """
    left: dict[tuple[int, str], float] = {}
    for pid, per_day in use.items():
        j = shop.position[pid]
        if not math.isfinite(shop.size[j]) or not shop.perishable[j] or shop.staple[j]:
            continue
        for day, grams in _replay(shop, pid, per_day, days)[1].items():
            if grams > 1e-6:
                left[(day, pid)] = grams
    return left


def _replay(shop: Shop, pid: str, per_day: Mapping[int, float],
            days: int) -> tuple[list[tuple[int, int]], dict[int, float]]:
    """One form's packages opened (day, count), and per opening day the grams never used."""
    j = shop.position[pid]
    size, keep = shop.size[j], shop.keeping[j]
    openings: list[tuple[int, int]] = []
    left: dict[int, float] = {}
    # (last good day, day opened, usable grams, of them the packages' slack)
    lots: list[tuple[float, int, float, float]] = []
    for day in range(days):
        need = per_day.get(day, 0.0)
        if need <= 1e-9:
            continue
        kept = []
        for last, opened, grams, slack in sorted(lots):
            if last < day:
                left[opened] = left.get(opened, 0.0) + max(0.0, grams - slack)
                continue
            take = min(grams, need)
            need -= take
            if grams - take > 1e-9:
                kept.append((last, opened, grams - take, slack))
        n = packages_for(need, size) if need > 1e-9 else 0
        if n > 0:
            openings.append((day, n))
            slack = kitchen.covered_g(n * size) - n * size
            kept.append((keep.last_day(day), day, n * size + slack - need, slack))
        lots = kept
    for _, opened, grams, slack in lots:
        left[opened] = left.get(opened, 0.0) + max(0.0, grams - slack)
    return openings, left
