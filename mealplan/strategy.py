"""The solving strategy: what to solve, in what order, to plan a request fast and well.

Why a strategy: the week's integer model (templates, household portions, variety) is
hard to close for a branch-and-bound solver, while its linear relaxation is tight.
So ``solve_request`` first solves the screening LP (one average day without integer
parts; its optimum times the days bounds every plan, so the reported gap is
honest), then one small integer model per day over the foods that LP uses plus the
most promising others by reduced cost, with scarce foods paced over the week and
each meal's template planned from the LP's mix of them. A day without a plan lets
its templates free, then grows its candidate pool; if that fails too the whole plan
is solved at once. A week bought in packages is then re-planned from the days that
opened packages it left mostly unused, without them (``_less_waste``). The solvers
themselves are in :mod:`mealplan.solvers`.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .basket import (
    Basket,
    DayRecord,
    Shop,
    advance,
    choose_basket,
    fewest_packages,
    left_by_opening,
    package_cost,
    purchase_use,
    with_bought,
)
from .foods import FoodTable
from .meals import NO_MEALS, days_allowed, templates_for
from .model import BuiltModel, Prepared, build_model, prepare
from .prices import Period
from .request import Amounts, PlanRequest
from .solvers import ZERO, SolveResult, SolveStatus, relative_gap, solve

# Candidate pool per meal for the restricted integer model, and how it grows.
CANDIDATES_PER_MEAL = 24
CANDIDATE_GROWTH = 2
# Every role a meal's templates take gets at least this many candidates, so a day's
# model can fill each template the screening LP hardly used.
CANDIDATES_PER_ROLE = 3
# The share of the time limit planning with one shop's basket may take, leaving the
# rest for planning without it should a day find no plan.
BASKET_TIME_SHARE = 0.6
# A perishable package left at least this share unused by the week is closed to the
# day that opened it, in up to so many rounds of re-planning (see _less_waste).
WASTED_SHARE = 0.4
WASTE_ROUNDS = 3
# A week that breaks a shopping limit is planned again from up to so many other baskets,
# each the first of so many draws that differs from the baskets tried.
BASKET_RESTARTS = 2
BASKET_DRAWS = 5
# How many even shares of the time left one day's model may take.
DAY_SHARE_STRETCH = 2.0
# How often a day the basket cannot make may add the foods its LP names.
DAY_REPAIRS = 2
# Each day's integer model is solved to this multiple of the requested gap (5 % at the
# default 2 %). A week is judged against the screening LP's average day, which weeks
# stay 5-11 % below whatever their days' gaps, and proving a hard day's last points
# took as long as the other days together: the default week took 2.79 s in make_plan
# at 1x and 2.04 s at 2.5x.
DAY_GAP_SHARE = 2.5


@dataclass(frozen=True)
class Amount:
    """One food in one meal of one day, as the solver chose it."""

    day: int
    """0-based day."""
    meal: str
    """Meal name, or ``all`` without meal structure."""
    food_id: str
    """The food."""
    grams: float
    """Edible grams."""


@dataclass(frozen=True)
class Outcome:
    """What ``solve_request`` found, in plain numbers."""

    status: SolveStatus
    """Overall status, judged against the requested gap and the LP bound."""
    amounts: tuple[Amount, ...]
    """The plan's amounts; empty when no plan was found."""
    objective: float | None
    """Objective of the plan; for a plan bought in packages, its shopping terms
    (waste, things and packages bought) aside, as the bound has them aside."""
    bound: float | None
    """Best known bound: the screening LP's optimum for integer plans."""
    seconds_build: float
    """Time spent building models."""
    seconds_solve: float
    """Time spent in solver calls."""
    excluded: Mapping[str, str] = field(default_factory=dict)
    """Foods the request left out, with why."""
    log: tuple[str, ...] = ()
    """One line per step, for --verbose and the benchmarks."""
    templates: Mapping[tuple[int, str], str] = field(default_factory=dict)
    """The template each (0-based day, meal) follows, as the solver chose it."""
    packages: Mapping[str, float] = field(default_factory=dict)
    """Whole packages bought, by purchase id (grams for forms sold by weight); empty
    when the week was planned without a basket."""
    cooking: tuple[CookEvent, ...] = ()
    """Dishes cooked in batches, in cooking order."""
    day_gap: float | None = None
    """The largest gap of a day's model to its own bound, for plans built day by day."""
    basket_failed: bool = False
    """Whether days were planned without one shop's basket, as no plan was found
    with it."""
    basket_days: int = 0
    """With ``basket_failed``, the first days that were planned within the basket."""
    caps_lifted: int | None = None
    """The 0-based day from which the caps on things bought were lifted, as that day
    found no plan within them (None: the week keeps to them)."""

    @property
    def gap(self) -> float | None:
        """Relative gap between the plan's objective and the bound."""
        return relative_gap(self.objective, self.bound)


@dataclass(frozen=True)
class CookEvent:
    """A batch dish cooked on one day, and the meals that eat it."""

    day: int
    """0-based day cooked."""
    food_id: str
    grams: float
    """Grams cooked, as eaten."""
    meals: tuple[tuple[int, str, float], ...]
    """(0-based day, meal, grams) eaten from it."""


@dataclass(frozen=True)
class _DayStart:
    """How a week planned day by day stands at the start of one day."""

    day: int
    used: np.ndarray
    template_used: dict[tuple[str, str], int]
    spent: float
    planned_days: list[frozenset[tuple[str, str]]]
    amounts: list[Amount]
    templates: dict[tuple[int, str], str]
    objective: float
    day_gap: float
    shopping: float
    basket: Basket
    packages: dict[str, float]
    cooking: dict[tuple[int, str], CookEvent]
    in_basket: np.ndarray
    items_cap: float
    meat_fish_cap: float
    caps_lifted: int | None
    any_food: int
    phase: np.ndarray
    """Per food, when its days start (see :func:`_phases`): the week's, kept when it
    is re-planned."""

    def copy(self) -> _DayStart:
        """A copy whose containers the day's planning may change."""
        return dataclasses.replace(
            self, used=self.used.copy(), template_used=dict(self.template_used),
            planned_days=list(self.planned_days), amounts=list(self.amounts),
            templates=dict(self.templates), packages=dict(self.packages),
            cooking=dict(self.cooking), in_basket=self.in_basket.copy())

    def fields(self) -> tuple[Any, ...]:
        return tuple(getattr(self, f.name) for f in dataclasses.fields(self))


def amounts_of(built: BuiltModel, values: np.ndarray) -> list[Amount]:
    """The non-zero amounts of a solution, in grams."""
    x = values[built.amount_cols]
    if built.integer:
        x = np.round(x)
    keep = np.flatnonzero(x > ZERO)
    return [
        Amount(int(built.amount_day[i]), str(built.amount_meal[i]),
               built.food_ids[built.amount_food[i]], float(x[i] * built.unit_grams[i]))
        for i in keep
    ]


def templates_of(built: BuiltModel, values: np.ndarray) -> dict[tuple[int, str], str]:
    """The template each meal of a solution follows."""
    chosen = np.flatnonzero(values[built.template_cols] > 0.5)
    return {(int(built.template_day[i]), str(built.template_meal[i])):
            str(built.template_name[i]) for i in chosen}


class _Clock:
    """Deadline bookkeeping and build/solve timing for one request."""

    def __init__(self, foods: FoodTable, request: PlanRequest) -> None:
        self.foods, self.request = foods, request
        self.deadline = time.perf_counter() + request.time_limit
        t = time.perf_counter()
        self.prepared = prepare(foods, request)
        self.build_s = time.perf_counter() - t
        self.solve_s = 0.0
        self.log: list[str] = []

    def left(self) -> float:
        return self.deadline - time.perf_counter()

    def build(self, **kwargs: Any) -> BuiltModel:
        t = time.perf_counter()
        built = build_model(self.foods, self.request, prepared=self.prepared, **kwargs)
        self.build_s += time.perf_counter() - t
        return built

    def elapsed(self) -> float:
        return self.request.time_limit - self.left()

    def solve(self, built: BuiltModel, time_limit: float | None = None,
              gap: float | None = None, **kwargs: Any) -> SolveResult:
        limit = self.left() if time_limit is None else min(time_limit, self.left())
        r = solve(built, solver=self.request.solver, time_limit=max(0.2, limit),
                  gap=self.request.gap if gap is None else gap, **kwargs)
        self.solve_s += r.seconds
        return r


def solve_request(foods: FoodTable, request: PlanRequest) -> Outcome:
    """Find a plan for a request.

    Continuous amounts are one linear program. Servings go through the screening LP
    (the bound), then one small integer model per day over the LP's candidates, with
    each food's days paced and carried from day to day, and each meal's template
    planned from the LP's mix.
    """
    clock = _Clock(foods, request)
    if request.amounts is Amounts.CONTINUOUS:
        return _solve_continuous(clock)

    screen = clock.build(relaxed=True)
    lp = clock.solve(screen, relax=True)
    clock.log.append(f"screening LP: {lp.status}, objective {lp.objective}, "
                     f"{lp.seconds:.3f} s, {screen.arrays.n_columns} columns, "
                     f"{len(screen.arrays.rows)} rows")
    if not lp.status.has_plan:
        return _outcome(clock, lp.status, screen, None, None, None)
    assert lp.objective is not None
    bound = _shopping_aside(clock, screen, lp) * request.days

    shop = None if request.no_basket else clock.prepared.shop
    if shop is not None:
        outcome = _shop_week(clock, screen, lp, bound, shop)
        if outcome is not None:
            return outcome
        # No day-by-day plan within one shop's basket: plan the days as they are, and
        # let the shopping list total what they eat.
        clock.log.append("no plan within one shop's basket: days planned without it")
    outcome = _plan_days(clock, screen, lp, bound, None, clock.left())
    if outcome is not None:
        return dataclasses.replace(outcome, basket_failed=shop is not None)
    return _week_fallback(clock, screen, bound, SolveStatus.NO_SOLUTION)


def _shop_week(clock: _Clock, screen: BuiltModel, lp: SolveResult, bound: float,
               shop: Shop) -> Outcome | None:
    """The week within one shop's basket; None when no day-by-day plan is found.

    A week that breaks a shopping limit (its basket lost, its caps on things lifted,
    more waste than ``--max-waste``) is planned again from other baskets, each the
    greedy choice from the screening LP's use varied as another seed varies it, up to
    BASKET_RESTARTS times while the clock allows; the first week within every limit
    is kept, else the one that breaks the fewest, and of those the one that leaves
    the least unused.
    """
    request = clock.request
    best: tuple[tuple[float, ...], Outcome] | None = None
    tried: list[np.ndarray] = []
    draws = itertools.count()
    empty = _first_basket(request)
    for restart in range(BASKET_RESTARTS + 1):
        if restart and (clock.left() < clock.elapsed() / restart
                        or best is None or best[0][:3] == (0, 0, 0)):
            break
        # Near-equal foods often make the same basket again: draw until one differs.
        for _ in range(BASKET_DRAWS):
            in_basket = _choose_basket(clock, screen, lp, shop, empty, next(draws))
            if not any((in_basket == other).all() for other in tried):
                break
        else:
            break
        tried.append(in_basket)
        if restart:
            clock.log.append(f"planned again from another basket ({restart} of "
                             f"{BASKET_RESTARTS}): the week broke a shopping limit")
        starts: dict[int, _DayStart] = {}
        took: dict[int, float] = {}
        outcome = _plan_days(clock, screen, lp, bound, shop,
                             clock.left() * BASKET_TIME_SHARE, starts=starts, took=took,
                             in_basket=in_basket)
        if outcome is None:
            continue
        if request.days > 1:
            outcome = _less_waste(clock, screen, lp, bound, shop, outcome, starts, took)
        broken = _limits_broken(clock, shop, outcome)
        if best is None or broken < best[0]:
            best = broken, outcome
    if best is None:
        return None
    return dataclasses.replace(best[1], log=tuple(clock.log), seconds_build=clock.build_s,
                               seconds_solve=clock.solve_s)


def _first_basket(request: PlanRequest) -> Basket:
    """What the week has before its first day: nothing bought, every cap open."""
    return Basket(items_left=request.items_cap, meat_fish_left=request.meat_fish_cap,
                  plan_days=request.days)


def _limits_broken(clock: _Clock, shop: Shop, outcome: Outcome) -> tuple[float, ...]:
    """Which shopping limits a week breaks, and how much it leaves unused.

    Worst first: its basket, its caps, ``--max-waste``; then the share of its
    perishable food left unused.
    """
    if outcome.basket_failed:
        return (1, 1, 1, 1.0)
    wasted = math.fsum(_week_waste(clock.foods, shop, outcome, clock.request.days).values())
    bought = _perishable_bought(shop, outcome)
    over = wasted > clock.request.waste_cap * bought + 1e-9
    return (0, int(outcome.caps_lifted is not None), int(over), wasted / max(bought, 1.0))


def _week_waste(foods: FoodTable, shop: Shop, outcome: Outcome,
                days: int) -> dict[tuple[int, str], float]:
    """Grams of perishable packages a week leaves unused, by (0-based opening day, form)."""
    use = purchase_use(foods, [(a.day, a.food_id, a.grams) for a in outcome.amounts],
                       [(e.day, e.food_id, e.grams) for e in outcome.cooking])
    return left_by_opening(shop, use, days)


def _perishable_bought(shop: Shop, outcome: Outcome) -> float:
    """Grams of perishable food (staples aside) a week buys, as ``Plan.waste`` counts."""
    grams = 0.0
    for pid, n in outcome.packages.items():
        j = shop.position[pid]
        if shop.perishable[j] and not shop.staple[j]:
            grams += n * shop.size[j] if math.isfinite(shop.size[j]) else n
    return grams


def _less_waste(clock: _Clock, screen: BuiltModel, lp: SolveResult, bound: float,
                shop: Shop, outcome: Outcome, starts: Mapping[int, _DayStart],
                took: dict[int, float]) -> Outcome:
    """The week re-planned, in rounds, without the packages it opened and mostly left.

    A day planned alone cannot know that no later day will use what it opens: the
    week knows. While the week leaves more than ``--max-waste`` of the perishable food
    it buys unused, each round closes to the day that opened it each perishable form whose
    package the week leaves mostly unused (``WASTED_SHARE``), and re-plans from the
    first such day, as the week stood then. A round is kept when it leaves less to
    spoil, keeps the basket and keeps to the caps as long; the next round starts from
    its waste. Trying again from a later day when a round is not kept measured no
    better and took twice the time (benchmarks/README.md). A round whose days would
    have less time than they took (``took``, seconds per day) is not tried: starved,
    they lost the basket.
    """
    days = clock.request.days
    assert clock.foods.purchases is not None  # a table with a shop sells packages
    names = clock.foods.purchases["name"]
    left = _week_waste(clock.foods, shop, outcome, days)
    closed: dict[int, frozenset[str]] = {}
    for _ in range(WASTE_ROUNDS):
        wasted = sorted((day, pid) for (day, pid), grams in left.items()
                        if grams >= WASTED_SHARE * shop.size[shop.position[pid]]
                        and pid not in closed.get(day, ()))
        total = math.fsum(left.values())
        if (outcome.basket_failed or not wasted or clock.left() <= 0
                or total <= clock.request.waste_cap * _perishable_bought(shop, outcome)):
            break
        tried = dict(closed)
        for day, pid in wasted:
            tried[day] = tried.get(day, frozenset()) | {pid}
        first = wasted[0][0]
        needed = math.fsum(took[d] for d in range(first, days))
        budget = clock.left() * BASKET_TIME_SHARE
        if budget < needed:
            clock.log.append(f"no time to re-plan from day {first + 1}: its days took "
                             f"{needed:.1f} s, {budget:.1f} s left for them")
            break
        clock.log.append(f"re-planned from day {first + 1}, not opening " + ", ".join(
            f"{names.get(pid, pid)} on day {day + 1}" for day, pid in wasted))
        retry_starts = {d: s for d, s in starts.items() if d <= first}
        retry_took = dict(took)
        retry = _plan_days(clock, screen, lp, bound, shop, budget, tried, starts[first],
                           retry_starts, retry_took)
        if retry is None or retry.basket_failed:
            clock.log.append("the re-planned week lost its basket: the week kept as it was")
            break
        lifted = [math.inf if o.caps_lifted is None else o.caps_lifted
                  for o in (outcome, retry)]
        if lifted[1] < lifted[0]:
            clock.log.append(f"the re-planned week lifted the caps from day "
                             f"{lifted[1] + 1:.0f}: the week kept as it was")
            break
        after = _week_waste(clock.foods, shop, retry, days)
        waste = math.fsum(left.values()), math.fsum(after.values())
        if waste[1] >= waste[0]:
            clock.log.append(f"the re-planned week leaves {waste[1]:.0f} g to spoil, not "
                             f"less than {waste[0]:.0f} g: the week kept as it was")
            break
        clock.log.append(f"the re-planned week leaves {waste[1]:.0f} g to spoil, "
                         f"not {waste[0]:.0f} g")
        outcome, left, closed, starts, took = retry, after, tried, retry_starts, retry_took
    return dataclasses.replace(outcome, log=tuple(clock.log), seconds_build=clock.build_s,
                               seconds_solve=clock.solve_s)


def _shopping_aside(clock: _Clock, screen: BuiltModel, lp: SolveResult) -> float:
    """The screening LP's optimum without its shopping terms.

    It bounds any plan's objective, shopping aside, which is how plans bought in
    packages are judged.
    """
    assert lp.objective is not None
    if screen.basket is None or len(screen.basket.shopping[0]) == 0:
        return lp.objective
    cost = np.array(screen.arrays.cost)
    cost[screen.basket.shopping[0]] -= screen.basket.shopping[1]
    r = clock.solve(dataclasses.replace(screen, arrays=dataclasses.replace(
        screen.arrays, cost=cost.tolist())), relax=True, basis=lp.basis)
    return lp.objective if r.objective is None else r.objective


def _plan_days(clock: _Clock, screen: BuiltModel, lp: SolveResult, bound: float,
               shop: Shop | None, seconds: float,
               closed: Mapping[int, frozenset[str]] | None = None,
               resume: _DayStart | None = None,
               starts: dict[int, _DayStart] | None = None,
               took: dict[int, float] | None = None,
               in_basket: np.ndarray | None = None) -> Outcome | None:
    """Plan the days one after another, in ``seconds``; None when a day finds no plan.

    With a shop, each day buys whole packages, uses the stock earlier days left and
    may cook ahead (mealplan.basket), over the foods of the week's basket first. A day
    the basket cannot make (or one reached after ``seconds``) and the days after it are
    planned without the basket, in the time left, keeping the days already planned:
    the outcome says ``basket_failed`` and its shopping list totals what the days eat.

    ``closed`` names, per 0-based day, purchase forms the day opens no package of
    unless it finds no plan without them. ``resume`` plans from a day as the week
    stood at its start; ``starts`` is filled with how the week stands at the start of
    each day planned within the basket, and ``took`` with the seconds each day took.
    ``in_basket`` is the week's basket of foods (default: the greedy choice).
    """
    request = clock.request
    end = time.perf_counter() + seconds
    assert lp.values is not None
    allowed_days = clock.prepared.foods.allowed_days
    used = np.zeros(len(screen.food_ids), np.int64)
    planned = assign_templates(screen, lp, request.days, request.seed)
    template_used: dict[tuple[str, str], int] = {}
    spent = 0.0
    planned_days: list[frozenset[tuple[str, str]]] = []
    amounts: list[Amount] = []
    templates: dict[tuple[int, str], str] = {}
    objective = day_gap = shopping = 0.0
    index = {fid: i for i, fid in enumerate(screen.food_ids)}
    basket = None if shop is None else _first_basket(request)
    packages: dict[str, float] = {}
    cooking: dict[tuple[int, str], CookEvent] = {}
    # The week eats only foods made of what one shop buys (mealplan.basket).
    if shop is None or basket is None or request.days == 1 or resume is not None:
        # (One day buys what it eats: its own model chooses.)
        in_basket = np.ones(len(screen.food_ids), bool)
    else:
        if in_basket is None:
            in_basket = _choose_basket(clock, screen, lp, shop, basket)
        clock.log.append(f"basket: {int(in_basket.sum())} of {len(in_basket)} foods")
    # Staggered among the basket's foods, whose days the week has: among all foods,
    # a basket's two vegetables could both start on day 2.
    phase = _phases(screen, lp, request.seed, in_basket)
    basket_failed, basket_days = False, 0
    items_cap, meat_fish_cap = float(request.items_cap), float(request.meat_fish_cap)
    caps_lifted: int | None = None
    any_food = -1  # the day that may eat any food, keeping the week's packages
    reopened: set[int] = set()  # days that found no plan with their forms closed
    d = 0
    if resume is not None:
        (d, used, template_used, spent, planned_days, amounts, templates, objective,
         day_gap, shopping, basket, packages, cooking, in_basket, items_cap,
         meat_fish_cap, caps_lifted, any_food, phase) = resume.copy().fields()
    began: dict[int, float] = {}  # when each day's first try began
    while d < request.days:
        began.setdefault(d, time.perf_counter())
        if starts is not None and basket is not None and d not in starts:
            starts[d] = _DayStart(d, used, template_used, spent, planned_days, amounts,
                                  templates, objective, day_gap, shopping, basket, packages,
                                  cooking, in_basket, items_cap, meat_fish_cap,
                                  caps_lifted, any_food, phase).copy()
        left = _allowance(allowed_days, d, request.days, phase) - used
        leftovers = _leftovers(basket, index)
        # Leftovers may be eaten the next days whatever the pacing, within the limit.
        left[leftovers] = np.maximum(left[leftovers],
                                     np.minimum(1, allowed_days[leftovers] - used[leftovers]))
        left = _family_room(clock.prepared, left, used)
        if basket is not None:
            # A batch may feed meals of later days up to the food's days left in the
            # week, not today's paced share: its leftovers are eaten whatever the pacing.
            week_left = _family_room(clock.prepared, np.minimum(allowed_days - used,
                                                                      1 << 30), used)
            basket = dataclasses.replace(
                basket, days_left={fid: float(n) for fid, n in
                                   zip(screen.food_ids, week_left.tolist(), strict=True)},
                closed=frozenset() if d in reopened else (closed or {}).get(d, frozenset()))
        per_meal = CANDIDATES_PER_MEAL
        # Templates planned from the screening LP's foods rarely fit a basket's (93 of
        # 98 days in the 14 benchmark weeks found no plan with them): within a basket,
        # each day chooses its own.
        fixed: dict[tuple[int, str], str] | None = None if basket is not None else {
            key: name for key, name in planned.items() if key[0] == d}
        pool = np.ones(len(screen.food_ids), bool) if any_food == d else in_basket
        repairs = 0
        while True:
            candidates = pick_candidates(screen, lp, per_meal, (left > 0) & pool,
                                         request.seed)
            for mask in candidates.values():
                mask[leftovers] = True
            fixed_kwargs = dict(days=[d], days_left=left,
                                template_days_left=_templates_left(screen, request.days,
                                                                   template_used),
                                includes=d == 0, budget_left=paced_budget(request, d, spent),
                                unlike=planned_days, basket=basket)
            built = clock.build(candidates=candidates, templates_fixed=fixed, **fixed_kwargs)
            # Up to twice an even share of what is left: a hard day that runs into its
            # limit ends where the clock stops it, so a plan would differ run to run.
            share = (min(clock.left(), end - time.perf_counter())
                     / max(1.0, (request.days - d + 1) / DAY_SHARE_STRETCH))
            # Each day to part of the plan's gap against its own bound, leaving the rest
            # for the distance between the days' bounds and the screening LP's.
            r = clock.solve(built, time_limit=share, gap=request.gap * DAY_GAP_SHARE)
            clock.log.append(f"day {d + 1}, {per_meal} candidates per meal"
                             f"{', templates planned' if fixed else ''}: {r.status}, "
                             f"objective {r.objective}, {r.seconds:.3f} s")
            # A day that ran out of time without a plan would only be slower with more
            # candidates.
            if (r.status.has_plan or r.status is SolveStatus.NO_SOLUTION
                    or time.perf_counter() >= end):
                break
            if fixed:  # the planned templates do not fit this day: let the day choose
                fixed = None
                continue
            # More candidates cannot help a day that has every food it may eat.
            every = pick_candidates(screen, lp, len(screen.food_ids), (left > 0) & pool,
                                    request.seed)
            if all((candidates[meal] >= every[meal]).all() for meal in every):
                if pool.all() or repairs >= DAY_REPAIRS:
                    break
                # The basket does not make this day: the day's LP, with foods outside
                # the pool costly, names those it cannot do without; the day buys
                # them within the caps on things.
                repairs += 1
                wanted = _day_repair(clock, screen, lp, d, left, pool, leftovers,
                                     fixed_kwargs)
                if wanted is None or not (wanted & ~pool).any():
                    break
                pool, per_meal = pool | wanted, CANDIDATES_PER_MEAL
                continue
            per_meal = min(per_meal * CANDIDATE_GROWTH, len(screen.food_ids))
        if not r.status.has_plan:
            if basket is None:
                return None
            if basket.closed:
                # The packages closed to it to leave less waste are what the day needs.
                clock.log.append(f"no day {d + 1} without what was closed to it: "
                                 "opened again")
                reopened.add(d)
                continue
            if caps_lifted is None and math.isfinite(items_cap + meat_fish_cap):
                # The caps on things are what a late day most often cannot meet: the
                # week keeps its packages and cooking, and buys what the day needs.
                clock.log.append(f"no day {d + 1} within the caps on things bought: "
                                 "caps lifted from it on")
                caps_lifted, items_cap, meat_fish_cap = d, math.inf, math.inf
                basket = dataclasses.replace(basket, items_left=math.inf,
                                             meat_fish_left=math.inf)
                continue
            if any_food != d:
                # The basket's foods and their repairs do not make the day: it may eat
                # any food, still buying and using packages with the rest of the week.
                clock.log.append(f"no day {d + 1} within the basket's foods: any food "
                                 "for it")
                any_food = d
                continue
            # Restarting the week without the basket took the time the men's weeks
            # needed, and the days planned so far are good days: keep them.
            clock.log.append(f"no day {d + 1} within one shop's basket: it and the days "
                             "after it planned without it")
            basket, shop, basket_failed, basket_days = None, None, True, d
            in_basket = np.ones(len(screen.food_ids), bool)
            packages, cooking = {}, {}
            end = time.perf_counter() + clock.left()
            continue
        assert r.values is not None and r.objective is not None
        day_amounts = amounts_of(built, r.values)
        amounts.extend(day_amounts)
        planned_days.append(frozenset((a.meal, a.food_id) for a in day_amounts))
        spent += row_value(built, r.values, ("budget", None))
        chosen = templates_of(built, r.values)
        templates.update(chosen)
        for (_, meal), name in chosen.items():
            template_used[(meal, name)] = template_used.get((meal, name), 0) + 1
        objective += r.objective
        if built.basket is not None:
            # Shopping is judged by its caps, not against the bound, whose average day
            # buys fractions of packages and of things and wastes nothing.
            shopping += built.basket.shopping_points(r.values)
        day_gap = max(day_gap, r.gap or 0.0)
        for fid in {a.food_id for a in day_amounts}:
            used[index[fid]] += 1
        if basket is not None and shop is not None and built.basket is not None:
            unit_g = _unit_grams(built)
            units: dict[str, float] = {}
            for a in day_amounts:
                units[a.food_id] = units.get(a.food_id, 0.0) + a.grams / unit_g[a.food_id]
            basket, record = advance(basket, shop, built.basket, r.values, units,
                                     items_cap, meat_fish_cap)
            in_basket = with_bought(shop, in_basket, basket.bought)
            for pid, n in record.opened.items():
                packages[pid] = packages.get(pid, 0.0) + n
            for pid, grams in record.used_g.items():
                if not math.isfinite(shop.size[shop.position[pid]]):
                    packages[pid] = packages.get(pid, 0.0) + grams
            _record_cooking(cooking, d, record, day_amounts, unit_g)
        if took is not None:
            took[d] = time.perf_counter() - began[d]
        d += 1

    if shop is not None and cooking:
        cooking, packages = _cooked_as_eaten(cooking, amounts, clock.foods, shop,
                                             index, request.days)
    # A plan further from the bound than the gap stays as it is, its status saying
    # so: re-solving the whole week over the pooled candidates took 1-2 s and never
    # closed the gap, which comes from the bound (the average day mixes templates).
    status = _judge(objective - shopping, bound, request.gap, clock)
    return Outcome(status, tuple(amounts), objective - shopping, bound, clock.build_s,
                   clock.solve_s, screen.excluded, tuple(clock.log), templates, packages,
                   tuple(sorted(cooking.values(), key=lambda e: (e.day, e.food_id))),
                   day_gap, basket_failed, basket_days,
                   None if basket_failed else caps_lifted)


def _day_repair(clock: _Clock, screen: BuiltModel, lp: SolveResult, day: int,
                left: np.ndarray, pool: np.ndarray, leftovers: np.ndarray,
                kwargs: Mapping[str, Any]) -> np.ndarray | None:
    """The foods outside the pool a day cannot do without, by its LP; None if none."""
    candidates = pick_candidates(screen, lp, CANDIDATES_PER_MEAL * CANDIDATE_GROWTH,
                                 left > 0, clock.request.seed)
    for mask in candidates.values():
        mask[leftovers] = True
        mask |= pool & (left > 0)
    wanted = _outside_foods(clock, clock.build(candidates=candidates, **kwargs), pool,
                            f"day {day + 1}, foods the basket lacks")
    if wanted is None:
        return None
    if not wanted.any():
        # The LP can do without, the whole servings cannot: the best few of each role.
        for mask in pick_candidates(screen, lp, CANDIDATES_PER_MEAL // 2, left > 0,
                                    clock.request.seed).values():
            wanted |= mask
    return wanted


# Foods of each role a week's basket wants (mealplan.basket.choose_basket): mains and
# proteins vary most; a role no template needs counts for nothing.
BASKET_ROLES_WANTED = {"main": 5, "protein": 3, "vegetable": 4, "fruit": 3, "legume": 2,
                       "starch": 2, "bread": 2, "milk": 1, "drink": 1}
BASKET_ROLE_DEFAULT = 2
# Things the greedy basket leaves for its repair and for the days it cannot make;
# repairs, and what a meal of a food outside the basket costs the repair's LP (a
# day's nutrition earns ~260).
BASKET_ITEMS_KEPT = 3
BASKET_REPAIRS = 3
OUTSIDE_BASKET_POINTS = 20.0


def _choose_basket(clock: _Clock, screen: BuiltModel, lp: SolveResult, shop: Shop,
                   basket: Basket, draw: int = 0) -> np.ndarray:
    """The screening LP's foods, as many as one shop's cap on things allows.

    A few things are kept for the days the basket cannot make. A seed, or another
    draw, varies each food's use by up to a fifth, for another basket from near-equal
    foods.
    """
    assert lp.values is not None and lp.reduced_costs is not None
    n = len(screen.food_ids)
    use = np.zeros(n)
    y_cols, y_food = _plate_columns(screen)
    np.add.at(use, y_food, lp.values[y_cols])
    score = np.full(n, -np.inf)
    np.maximum.at(score, screen.amount_food, lp.reduced_costs[screen.amount_cols])
    if clock.request.seed or draw:
        rng = np.random.default_rng([clock.request.seed, draw] if draw
                                    else clock.request.seed)
        use = use * rng.uniform(0.8, 1.2, n)
    needed = {}
    for meal in screen.meals:
        if meal == NO_MEALS:
            continue
        for t in templates_for(meal, screen.has_roles):
            for slot in t.slots:
                for role in slot.roles:
                    needed[role] = BASKET_ROLES_WANTED.get(role, BASKET_ROLE_DEFAULT)
    # What the average day eats of each thing, for a week: a package it would leave
    # mostly unused costs the basket more than one that is used up.
    grams = np.zeros(n)
    np.add.at(grams, screen.amount_food, lp.values[screen.amount_cols] * screen.unit_grams)
    cost = package_cost(shop, basket.plan_days * (grams @ shop.grams) / 100.0)
    chosen = choose_basket(shop, use, score, screen.roles, needed,
                           basket.items_left - BASKET_ITEMS_KEPT, basket.meat_fish_left,
                           basket.plan_days, thing_cost=cost)
    # The greedy choice knows values, not limits: the screening LP, with a meal of any
    # food outside the basket costly, names the foods the average day cannot do
    # without, and they join the basket first, within the caps. Let in whatever
    # their things, a vegetable lasagna's ten made a default week's basket 33 things
    # for a cap of 25, and its first day bought 20 of them.
    for _ in range(BASKET_REPAIRS):
        outside = _outside_foods(clock, screen, chosen, "basket repair", lp.basis)
        if outside is None or not outside.any():
            break
        grown = choose_basket(shop, use, score, screen.roles, needed, basket.items_left,
                              basket.meat_fish_left, basket.plan_days, chosen,
                              thing_cost=cost, wanted=outside)
        if (grown == chosen).all():
            break
        chosen = grown
    return chosen


def _plate_columns(built: BuiltModel) -> tuple[np.ndarray, np.ndarray]:
    """The model's on-the-plate columns (``y``) and each one's eligible-food position."""
    position = {fid: i for i, fid in enumerate(built.food_ids)}
    keys = built.arrays.keys
    cols = [i for i, key in enumerate(keys) if key[0] == "y"]
    return (np.array(cols, np.int64),
            np.array([position[str(keys[i][3])] for i in cols], np.int64))


def _outside_foods(clock: _Clock, built: BuiltModel, pool: np.ndarray,
                   step: str, basis: Any = None) -> np.ndarray | None:
    """Foods outside ``pool`` a model's LP still eats when each meal of one is costly.

    The LP relaxation, with :data:`OUTSIDE_BASKET_POINTS` off the objective for every
    meal a food outside the pool is in, names the foods it cannot do without. None
    when the LP has no solution. ``basis`` is one of the model's LP's, to start from.
    """
    y_cols, y_food = _plate_columns(built)
    cost = np.array(built.arrays.cost)
    cost[y_cols[~pool[y_food]]] -= OUTSIDE_BASKET_POINTS
    r = clock.solve(dataclasses.replace(built, arrays=dataclasses.replace(
        built.arrays, cost=cost.tolist())), relax=True, basis=basis)
    clock.log.append(f"{step}: {r.status}")
    if r.values is None:
        return None
    outside = np.zeros(len(built.food_ids), bool)
    outside[y_food[(r.values[y_cols] > ZERO) & ~pool[y_food]]] = True
    return outside


def _leftovers(basket: Basket | None, index: Mapping[str, int]) -> np.ndarray:
    """Eligible-food positions of dishes cooked ahead and still good."""
    if basket is None:
        return np.zeros(0, np.int64)
    return np.array(sorted(index[fid] for fid in basket.cooked
                           if fid in index and basket.cooked_units(fid) > 0), np.int64)


def _unit_grams(built: BuiltModel) -> dict[str, float]:
    """Grams per amount unit (a portion step) of each food a model has amounts of."""
    return {built.food_ids[f]: float(g)
            for f, g in zip(built.amount_food.tolist(), built.unit_grams.tolist(), strict=True)}


def _cooked_as_eaten(cooking: Mapping[tuple[int, str], CookEvent], amounts: Sequence[Amount],
                     foods: FoodTable, shop: Shop, index: Mapping[str, int], days: int,
                     ) -> tuple[dict[tuple[int, str], CookEvent], dict[str, float]]:
    """Each batch cooked for what the week eats of it, and the packages that buys.

    A day cooks for the meals ahead it expects, and a later day may eat less of it or
    none: what nobody eats would be cooked, and its things bought, for nothing. A batch
    stays as the day cooked it where buying less would leave a later day to open a
    package after it spoiled on the shelf.
    """
    eaten = [(a.day, a.food_id, a.grams) for a in amounts]
    trimmed = {key: dataclasses.replace(e, grams=math.fsum(g for _, _, g in e.meals))
               for key, e in cooking.items()}
    while True:
        use = purchase_use(foods, eaten, [(e.day, e.food_id, e.grams) for e in trimmed.values()])
        packages, late = fewest_packages(shop, use, days)
        uses_late = [shop.position[pid] for pid in late]
        undo = [key for key, e in trimmed.items() if e.grams != cooking[key].grams
                and (shop.grams[index[e.food_id], uses_late] > 0).any()]
        if not undo:
            return trimmed, packages
        trimmed.update((key, cooking[key]) for key in undo)


def _record_cooking(cooking: dict[tuple[int, str], CookEvent], day: int, record: DayRecord,
                    day_amounts: list[Amount], unit_g: Mapping[str, float]) -> None:
    """Add a day's batch cooking, and which cooking each batch dish it ate came from."""
    for fid, units in record.cooked.items():
        grams = units * unit_g[fid]
        cooking[(day, fid)] = CookEvent(day, fid, grams, ())
    for a in day_amounts:
        drawn = record.from_cooked.get(a.food_id, [])
        eaten = a.grams
        for cooked_on, take in drawn:
            e = cooking[(cooked_on, a.food_id)]
            grams = take * unit_g[a.food_id]
            cooking[(cooked_on, a.food_id)] = dataclasses.replace(
                e, meals=(*e.meals, (day, a.meal, grams)))
            eaten -= grams
        if eaten > 1e-6 and (day, a.food_id) in cooking:
            e = cooking[(day, a.food_id)]
            cooking[(day, a.food_id)] = dataclasses.replace(
                e, meals=(*e.meals, (day, a.meal, eaten)))


def paced_budget(request: PlanRequest, day: int, spent: float) -> float | None:
    """What day ``day`` (0-based) may spend under a budget a week, built day by day.

    An even share of what is left, ``(plan's budget - spent) / days left``: the days
    together never go over, and a cheap day leaves more for the later ones. None for
    no budget or a budget a day, which every day's own row enforces.
    """
    budget = request.budget
    if budget is None or budget.period is not Period.WEEK:
        return None
    return (budget.total(request.days) - spent) / (request.days - day)


def row_value(built: BuiltModel, values: np.ndarray, key: tuple[Any, ...]) -> float:
    """The value of the row with this key at a solution; 0 when the model has none."""
    row = built.arrays.row(key)
    return 0.0 if row is None else float(np.dot(row.coef, values[row.idx]))


def assign_templates(screen: BuiltModel, lp: SolveResult, days: int,
                     seed: int = 0) -> dict[tuple[int, str], str]:
    """Which template each (day, meal) follows, from the screening LP's template mix.

    The LP's average day says, say, lunch is a main dish 73 % of the time and a plate
    27 %: over 7 days that is 5 and 2 (largest remainders), interleaved so the plates
    are apart. A template's weekly limit holds by construction, since the LP keeps it
    on average. Planning templates first leaves each day's integer model only the
    foods to choose, which it solves several times faster.
    """
    assert lp.values is not None
    plan: dict[tuple[int, str], str] = {}
    golden = (math.sqrt(5) - 1) / 2
    for meal in screen.meals:
        mine = np.flatnonzero(screen.template_meal == meal)
        if len(mine) == 0:
            continue
        names = screen.template_name[mine].tolist()
        shares = np.clip(lp.values[screen.template_cols[mine]], 0, None)
        shares = shares / shares.sum() if shares.sum() > 0 else np.full(len(mine), 1 / len(mine))
        exact = shares * days
        counts = np.floor(exact + 1e-9).astype(int)
        order = np.argsort(-(exact - counts), kind="stable")
        for i in order[:days - counts.sum()]:
            counts[i] += 1
        # Interleave: each day goes to the template furthest behind its even pace, a
        # seed-dependent phase breaking ties so seeds draw different weeks.
        given = np.zeros(len(mine))
        phase = (seed * golden + np.arange(len(mine)) * golden) % 1.0 * 1e-3
        for d in range(days):
            behind = counts * (d + 1) / days - given + phase
            behind[given >= counts] = -np.inf
            pick = int(np.argmax(behind))
            plan[(d, meal)] = names[pick]
            given[pick] += 1
    return plan


def _templates_left(screen: BuiltModel, days: int,
                    used: Mapping[tuple[str, str], int]) -> dict[tuple[str, str], int]:
    """Days each limited template may still be followed on."""
    left = {}
    for meal in screen.meals:
        if meal == NO_MEALS:
            continue
        for t in templates_for(meal, screen.has_roles):
            limit = days_allowed(math.inf if t.max_days is None else t.max_days, days, None)
            if math.isfinite(limit):
                left[(meal, t.name)] = int(limit) - used.get((meal, t.name), 0)
    return left


def _phases(screen: BuiltModel, lp: SolveResult, seed: int, first: np.ndarray) -> np.ndarray:
    """A phase in [0, 1) per food that staggers the days scarce foods are allowed on.

    Foods of each role are ranked by how much the screening LP uses them, those in
    ``first`` (the week's basket) ahead of the rest, and spread by the golden ratio,
    so the best foods land on different days instead of all on day 1, and every day
    has some of each role: ranked across roles, all of a default week's proteins and
    mains could start after day 1, whose plates then had none.
    """
    assert lp.values is not None
    use = np.zeros(len(screen.food_ids))
    np.add.at(use, screen.amount_food, lp.values[screen.amount_cols])
    golden = (math.sqrt(5) - 1) / 2
    offset = (seed * golden) % 1.0
    phases = np.zeros(len(screen.food_ids))
    for role in np.unique(screen.roles):
        mine = np.flatnonzero(screen.roles == role)
        order = mine[np.lexsort((-use[mine], ~first[mine]))]
        phases[order] = (offset + np.arange(len(order)) * golden) % 1.0
    return phases


def _family_room(prepared: Prepared, left: np.ndarray, used: np.ndarray) -> np.ndarray:
    """``left`` (days each food may still be on), held to its capped families' days left.

    A capped family's foods are once a day, so the days it has been on are its foods'.
    """
    f = prepared.foods
    left = left.copy()
    for code in np.flatnonzero(np.isfinite(f.family_allowed)).tolist():
        members = f.family[:, code]
        room = max(0, int(f.family_allowed[code] - used[members].sum()))
        left[members] = np.minimum(left[members], room)
    return left


def _allowance(limit: np.ndarray, day: int, days: int, phase: np.ndarray) -> np.ndarray:
    """Days a food may have been on by the end of ``day``: its share of its limit.

    ``floor(limit * (day + 1) / days + phase)``, at most ``limit``: uses are paced
    evenly over the plan, starting on a day set by the phase. Foods without a limit
    get a large allowance.
    """
    finite = np.isfinite(limit)
    paced = np.floor(np.where(finite, limit, 0) * (day + 1) / days + phase)
    return np.where(finite, np.minimum(np.where(finite, limit, 0), paced), 1 << 30).astype(
        np.int64)


def _solve_continuous(clock: _Clock) -> Outcome:
    """Continuous amounts: one linear program, solved for one average day.

    Continuous days share every row and the objective, and nothing but the includes
    links them; so the average day (includes divided over the days) is an exact
    model of the plan, and its optimum, repeated, is optimal.
    """
    days = clock.request.days
    if clock.request.targets.varies_by_day:
        return _solve_continuous_days(clock)
    built = clock.build(relaxed=True)
    r = clock.solve(built)
    clock.log.append(f"linear program (one average day for {days}): {r.status}, "
                     f"{r.seconds:.3f} s")
    if not r.status.has_plan or r.values is None or r.objective is None:
        return _outcome(clock, r.status, built, None, None, None)
    day = amounts_of(built, r.values)
    amounts = tuple(dataclasses.replace(a, day=d) for d in range(days) for a in day)
    bound = None if r.bound is None else r.bound * days
    return Outcome(r.status, amounts, r.objective * days, bound, clock.build_s,
                   clock.solve_s, built.excluded, tuple(clock.log))


def _solve_continuous_days(clock: _Clock) -> Outcome:
    """Continuous amounts whose days have their own limits (a caffeine cut-back).

    The average day no longer stands for every day, so the whole plan is one linear
    program.
    """
    built = clock.build()
    r = clock.solve(built)
    clock.log.append(f"linear program ({clock.request.days} days with their own limits): "
                     f"{r.status}, {r.seconds:.3f} s")
    if not r.status.has_plan:
        return _outcome(clock, r.status, built, None, None, None)
    return _outcome(clock, r.status, built, r, r.objective, r.bound)


def _judge(objective: float, bound: float, gap: float, clock: _Clock) -> SolveStatus:
    g = relative_gap(objective, bound) or 0.0
    if g <= 1e-6:
        return SolveStatus.OPTIMAL
    if g <= gap:
        return SolveStatus.WITHIN_GAP
    return SolveStatus.TIME_LIMIT if clock.left() <= 0 else SolveStatus.FEASIBLE


def _outcome(clock: _Clock, status: SolveStatus, built: BuiltModel, r: SolveResult | None,
             objective: float | None, bound: float | None) -> Outcome:
    amounts, templates = [], {}
    if r is not None and r.values is not None:
        amounts, templates = amounts_of(built, r.values), templates_of(built, r.values)
    return Outcome(status, tuple(amounts), objective, bound, clock.build_s, clock.solve_s,
                   built.excluded, tuple(clock.log), templates)


def _week_fallback(clock: _Clock, screen: BuiltModel, bound: float,
                   last: SolveStatus) -> Outcome:
    """Day by day failed (a day found no plan): solve the whole plan at once."""
    if clock.left() <= 0:
        return _outcome(clock, SolveStatus.NO_SOLUTION, screen, None, None, bound)
    built = clock.build()
    r = clock.solve(built)
    clock.log.append(f"whole plan at once: {r.status}, objective {r.objective}, "
                     f"{r.seconds:.3f} s")
    if not r.status.has_plan or r.objective is None:
        status = r.status if r.status is not SolveStatus.UNKNOWN else last
        return _outcome(clock, status, built, None, None, bound)
    return _outcome(clock, _judge(r.objective, bound, clock.request.gap, clock), built, r,
                    r.objective, bound)


def pick_candidates(screen: BuiltModel, lp: SolveResult, per_meal: int,
                    allowed: np.ndarray | None = None, seed: int = 0) -> dict[str, np.ndarray]:
    """Per meal, foods the screening LP uses plus the best others by reduced cost.

    A food's score in a meal is its reduced cost: 0 for foods the LP would add at no
    loss, negative for worse ones. Every role the meal can take gets its best few
    candidates even when others score higher, so each template stays possible.
    ``allowed`` masks foods a day may still use; a non-zero ``seed`` jitters scores
    slightly, so another seed draws another pool from near-equal foods.
    """
    assert lp.values is not None and lp.reduced_costs is not None
    n = len(screen.food_ids)
    ok = np.ones(n, bool) if allowed is None else allowed
    values = lp.values[screen.amount_cols]
    reduced = lp.reduced_costs[screen.amount_cols]
    jitter = np.random.default_rng(seed).uniform(0, 1e-3, n) if seed else np.zeros(n)
    candidates: dict[str, np.ndarray] = {}
    for meal in screen.meals:
        mine = screen.amount_meal == meal
        food = screen.amount_food[mine]
        score = np.full(n, -np.inf)
        score[food] = reduced[mine] * (1 + jitter[food]) - jitter[food]
        score[food[values[mine] > ZERO]] = np.inf
        score[~ok] = -np.inf
        order = np.argsort(-score, kind="stable")
        keep = np.zeros(n, bool)
        keep[order[:per_meal]] = True
        ranked = order[score[order] > -np.inf]
        for role in set(screen.roles[food].tolist()):
            of_role = ranked[screen.roles[ranked] == role]
            keep[of_role[:max(CANDIDATES_PER_ROLE, per_meal // 8)]] = True
        candidates[meal] = keep & (score > -np.inf)
    return candidates

