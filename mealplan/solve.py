"""Solving: one adapter per solver, statuses normalised, and the LP-guided strategy.

Nothing after this module sees a PuLP object: results are plain arrays in the
model's column order.

Why a strategy: the week's integer model (meals, household servings, variety) is
hard to close for a branch-and-bound solver, while its linear relaxation is tight.
So ``solve_request`` first solves the screening LP (one average day without integer
parts; its optimum times the days bounds every plan, so the reported gap is
honest), then one small integer model per day over the foods that LP uses plus the
most promising others by reduced cost, with scarce foods paced over the week. A
day without a plan grows its candidate pool; a plan further from the bound than
the requested gap gets one re-solve of the whole week over the pooled candidates,
started from the day-by-day plan.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import os
import sys
import time
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np
import pulp

from .foods import FoodTable
from .model import BuiltModel, ModelArrays, build_model, max_meals_per_food, prepare
from .request import Amounts, PlanRequest, Solver

# Candidate pool per meal for the restricted integer model, and how it grows.
CANDIDATES_PER_MEAL = 24
CANDIDATE_GROWTH = 2
# Least time for re-solving the whole plan when day by day fell short of the gap.
IMPROVE_MIN_SECONDS = 2.0
# Values below this count as zero when reading a solution.
ZERO = 1e-7


class SolveStatus(StrEnum):
    """How a solve ended, normalised across solvers."""

    OPTIMAL = "optimal"
    """Proven optimal (within the solver's tolerances)."""
    WITHIN_GAP = "within_gap"
    """A plan within the requested gap of the best bound."""
    TIME_LIMIT = "time_limit"
    """Stopped at the time limit; the best plan found is returned."""
    FEASIBLE = "feasible"
    """A plan, further from the best bound than the requested gap; searching longer
    did not close it."""
    INFEASIBLE = "infeasible"
    """No plan meets every limit."""
    NO_SOLUTION = "no_solution"
    """Stopped (time limit) before any plan was found."""
    UNBOUNDED = "unbounded"
    """The objective can grow without limit (a custom table without caps)."""
    UNKNOWN = "unknown"
    """Anything else the solver reported."""

    @property
    def has_plan(self) -> bool:
        """Whether a usable solution came back."""
        return self in (SolveStatus.OPTIMAL, SolveStatus.WITHIN_GAP, SolveStatus.TIME_LIMIT,
                        SolveStatus.FEASIBLE)


@dataclass(frozen=True)
class SolveResult:
    """The outcome of one solve, in plain numbers."""

    status: SolveStatus
    """Normalised status."""
    objective: float | None
    """Objective value of the solution, in the model's sense."""
    bound: float | None
    """Best bound on the objective known to the solver, if any."""
    seconds: float
    """Wall time of the solver call, including handing the model over."""
    values: np.ndarray | None = None
    """Column values, in the model's column order."""
    reduced_costs: np.ndarray | None = None
    """Reduced costs (linear programs only) as gains: how much the objective would
    improve per unit of the column; <= 0 at an optimum for columns at their lower
    bound."""

    @property
    def gap(self) -> float | None:
        """Relative gap between objective and bound."""
        return relative_gap(self.objective, self.bound)


def relative_gap(objective: float | None, bound: float | None) -> float | None:
    """``|bound - objective| / max(|bound|, 1e-9)``, or None if either is missing."""
    if objective is None or bound is None:
        return None
    return abs(bound - objective) / max(abs(bound), 1e-9)


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
    """Objective of the plan."""
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

    @property
    def gap(self) -> float | None:
        """Relative gap between the plan's objective and the bound."""
        return relative_gap(self.objective, self.bound)


@contextlib.contextmanager
def quiet_stdout() -> Iterator[None]:
    """Discard anything written to file descriptor 1 while solving.

    HiGHS prints a banner from C++ even when told to be quiet, and CBC's runner may
    print too; with ``--format json`` stdout must hold only the JSON.
    """
    sys.stdout.flush()
    saved = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)


class _ArrayHiGHS(pulp.HiGHS):  # type: ignore[misc]
    """PuLP's HiGHS adapter (options, run, status), handing HiGHS the model as arrays.

    PuLP's own adapter needs the model as PuLP objects and adds them one Python call
    at a time; for a week's model making and adding them costs more than the solve
    (see benchmarks/README.md). The problem it is given is an empty PuLP problem
    that only carries the HiGHS instance and the status.
    """

    def __init__(self, arrays: ModelArrays, **kwargs: object):
        super().__init__(**kwargs)
        self.arrays = arrays

    def buildSolverModel(self, lp: pulp.LpProblem) -> None:  # noqa: N802 (PuLP's name)
        import highspy

        m = self.arrays
        inf = highspy.kHighsInf
        model = highspy.HighsLp()
        model.num_col_ = m.n_columns
        model.num_row_ = len(m.rows)
        sign = -1.0 if m.maximize else 1.0
        model.col_cost_ = sign * np.asarray(m.cost, float)
        model.col_lower_ = np.asarray(m.lb, float)
        model.col_upper_ = np.nan_to_num(np.asarray(m.ub, float), posinf=inf)
        model.row_lower_ = np.nan_to_num(np.array([r.lo for r in m.rows], float), neginf=-inf)
        model.row_upper_ = np.nan_to_num(np.array([r.hi for r in m.rows], float), posinf=inf)
        lengths = np.fromiter((len(r.idx) for r in m.rows), np.int64, len(m.rows))
        matrix = model.a_matrix_
        matrix.format_ = highspy.MatrixFormat.kRowwise
        matrix.start_ = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32)
        if m.rows:
            matrix.index_ = np.concatenate([r.idx for r in m.rows]).astype(np.int32)
            matrix.value_ = np.concatenate([r.coef for r in m.rows])
        if self.mip and any(m.integer):
            kind = highspy.HighsVarType
            model.integrality_ = [kind.kInteger if i else kind.kContinuous for i in m.integer]
        lp.solverModel.passModel(model)

    def findSolutionValues(self, lp: pulp.LpProblem) -> int:  # noqa: N802 (PuLP's name)
        status = _highs_status(lp.solverModel)
        lp.assignStatus(*_PULP_STATUS[status])
        return int(lp.status)


_PULP_STATUS: Mapping[SolveStatus, tuple[int, int]] = {
    SolveStatus.OPTIMAL: (pulp.LpStatusOptimal, pulp.LpSolutionOptimal),
    SolveStatus.WITHIN_GAP: (pulp.LpStatusOptimal, pulp.LpSolutionIntegerFeasible),
    SolveStatus.TIME_LIMIT: (pulp.LpStatusOptimal, pulp.LpSolutionIntegerFeasible),
    SolveStatus.INFEASIBLE: (pulp.LpStatusInfeasible, pulp.LpSolutionInfeasible),
    SolveStatus.NO_SOLUTION: (pulp.LpStatusNotSolved, pulp.LpSolutionNoSolutionFound),
    SolveStatus.UNBOUNDED: (pulp.LpStatusUnbounded, pulp.LpSolutionUnbounded),
    SolveStatus.UNKNOWN: (pulp.LpStatusUndefined, pulp.LpSolutionNoSolutionFound),
}


def _highs_status(h: object) -> SolveStatus:
    import highspy

    s = highspy.HighsModelStatus
    status = h.getModelStatus()  # type: ignore[attr-defined]
    has_solution = h.getInfo().primal_solution_status == 2  # type: ignore[attr-defined]
    if status == s.kOptimal:
        return SolveStatus.OPTIMAL
    if status in (s.kInfeasible, s.kUnboundedOrInfeasible):
        return SolveStatus.INFEASIBLE
    if status == s.kUnbounded:
        return SolveStatus.UNBOUNDED
    if status in (s.kTimeLimit, s.kIterationLimit, s.kInterrupt, s.kSolutionLimit):
        return SolveStatus.TIME_LIMIT if has_solution else SolveStatus.NO_SOLUTION
    return SolveStatus.UNKNOWN


def solve(built: BuiltModel, *, solver: Solver = Solver.HIGHS, time_limit: float = 30.0,
          gap: float = 0.01, relax: bool = False,
          start: np.ndarray | None = None) -> SolveResult:
    """Solve a built model.

    Args:
        built: The model.
        solver: HiGHS (through highspy) or CBC (PuLP's bundled binary).
        time_limit: Seconds for the solver.
        gap: Relative gap at which an integer solve may stop.
        relax: Solve the linear relaxation (drop integrality), with reduced costs.
        start: A feasible column vector to start the integer search from (HiGHS).

    Returns:
        The result, with values in column order.
    """
    t0 = time.perf_counter()
    with quiet_stdout():
        if solver is Solver.HIGHS:
            result = _solve_highs(built, time_limit, gap, relax, start)
        else:
            result = _solve_cbc(built, time_limit, gap, relax)
    return SolveResult(result[0], result[1], result[2], time.perf_counter() - t0,
                       result[3], result[4])


_Raw = tuple[SolveStatus, float | None, float | None, np.ndarray | None, np.ndarray | None]


def _solve_highs(built: BuiltModel, time_limit: float, gap: float, relax: bool,
                 start: np.ndarray | None) -> _Raw:
    adapter = _ArrayHiGHS(built.arrays, msg=False, mip=not relax, timeLimit=time_limit,
                          gapRel=gap, threads=1, random_seed=0)
    shell = pulp.LpProblem("mealplan",
                           pulp.LpMaximize if built.arrays.maximize else pulp.LpMinimize)
    adapter.createAndConfigureSolver(shell)
    adapter.buildSolverModel(shell)
    h = shell.solverModel
    if start is not None and not relax:
        import highspy

        sol = highspy.HighsSolution()
        sol.col_value = list(map(float, start))
        sol.value_valid = True
        h.setSolution(sol)
    adapter.callSolver(shell)
    adapter.findSolutionValues(shell)
    status = _highs_status(h)
    if not status.has_plan:
        return status, None, None, None, None
    info = h.getInfo()
    solution = h.getSolution()
    values = np.asarray(solution.col_value, float)
    objective = built.arrays.objective(values)
    if relax or not built.integer:
        bound = objective if status is SolveStatus.OPTIMAL else None
        # HiGHS solved the minimising form (a maximisation's costs negated); its
        # duals are cost changes there, so the model's gains are their negatives.
        reduced = -np.asarray(solution.col_dual, float)
        return status, objective, bound, values, reduced
    dual_bound = info.mip_dual_bound
    bound = float(dual_bound) if math.isfinite(dual_bound) else None
    if bound is not None and built.arrays.maximize:
        bound = -bound
    if status is SolveStatus.OPTIMAL and (relative_gap(objective, bound) or 0) > 1e-6:
        status = SolveStatus.WITHIN_GAP
    return status, objective, bound, values, None


def _cbc(**options: Any) -> pulp.LpSolver:
    """A CBC on PATH (how PuLP 4 finds it), else the binary PuLP 3 bundles."""
    system = pulp.COIN_CMD(**options)
    if system.available():
        return system
    with warnings.catch_warnings():
        # The bundled binary is PuLP 3's; the major version is pinned below 4.
        warnings.simplefilter("ignore", DeprecationWarning)
        return pulp.PULP_CBC_CMD(**options)


def _solve_cbc(built: BuiltModel, time_limit: float, gap: float, relax: bool) -> _Raw:
    cbc = _cbc(msg=False, mip=not relax, timeLimit=max(1, round(time_limit)), gapRel=gap,
               threads=1)
    built.problem.solve(cbc)
    status_code, sol_status = built.problem.status, built.problem.sol_status
    if status_code == pulp.LpStatusInfeasible:
        return SolveStatus.INFEASIBLE, None, None, None, None
    if status_code == pulp.LpStatusUnbounded:
        return SolveStatus.UNBOUNDED, None, None, None, None
    if sol_status not in (pulp.LpSolutionOptimal, pulp.LpSolutionIntegerFeasible):
        return SolveStatus.NO_SOLUTION, None, None, None, None
    values = np.array([v.varValue or 0.0 for v in built.variables], float)
    objective = built.arrays.objective(values)
    status = (SolveStatus.OPTIMAL if sol_status == pulp.LpSolutionOptimal
              else SolveStatus.TIME_LIMIT)
    if not relax and built.integer:
        return status, objective, None, values, None
    # CBC reports reduced costs in the problem's own sense (PuLP passes the sense
    # through): gains for a maximisation, costs for a minimisation.
    reduced = np.array([v.dj or 0.0 for v in built.variables], float)
    if not built.arrays.maximize:
        reduced = -reduced
    bound = objective if status is SolveStatus.OPTIMAL else None
    return status, objective, bound, values, reduced


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
    each food's days paced and carried from day to day; if that leaves the plan
    further from the bound than the requested gap, the whole week is re-solved over
    the pooled candidates, starting from the day-by-day plan.
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
    bound = lp.objective * request.days

    limit = max_meals_per_food(request)
    used = {fid: 0 for fid, lim in zip(screen.food_ids, screen.limited, strict=True) if lim}
    amounts: list[Amount] = []
    objective = 0.0
    pools: dict[str, np.ndarray] = {}
    phase = _phases(screen, lp, used, request.seed)
    for d in range(request.days):
        meals_left = None
        if limit is not None:
            meals_left = {fid: _allowance(limit, d, request.days, phase[fid]) - n
                          for fid, n in used.items()}
        per_meal = CANDIDATES_PER_MEAL
        while True:
            allowed = None if meals_left is None else np.array(
                [meals_left.get(fid, 1) > 0 for fid in screen.food_ids])
            candidates = pick_candidates(screen, lp, per_meal, allowed, request.seed)
            built = clock.build(days=[d], candidates=candidates, meals_left=meals_left,
                                includes=d == 0)
            share = clock.left() / (request.days - d + 1)
            # Each day to half the plan's gap against its own bound, leaving the other
            # half for the distance between the days' bounds and the screening LP's.
            r = clock.solve(built, time_limit=share, gap=request.gap / 2)
            clock.log.append(f"day {d + 1}, {per_meal} candidates per meal: {r.status}, "
                             f"objective {r.objective}, {r.seconds:.3f} s")
            grown = per_meal < len(screen.food_ids)
            if r.status.has_plan or not grown or clock.left() <= 0:
                break
            per_meal = min(per_meal * CANDIDATE_GROWTH, len(screen.food_ids))
        if not r.status.has_plan:
            return _week_fallback(clock, screen, bound, r.status)
        for meal, mask in candidates.items():
            pools[meal] = pools.get(meal, np.zeros_like(mask)) | mask
        assert r.values is not None and r.objective is not None
        day_amounts = amounts_of(built, r.values)
        amounts.extend(day_amounts)
        objective += r.objective
        for a in day_amounts:
            if a.food_id in used:
                used[a.food_id] += 1

    status = _judge(objective, bound, request.gap, clock)
    if status is SolveStatus.FEASIBLE and request.days > 1:
        improved = _improve_week(clock, pools, amounts, bound)
        if improved is not None and _better_value(improved[1], objective, screen):
            amounts, objective = improved[0], improved[1]
        status = _judge(objective, bound, request.gap, clock)
    return Outcome(status, tuple(amounts), objective, bound, clock.build_s, clock.solve_s,
                   screen.excluded, tuple(clock.log))


def _phases(screen: BuiltModel, lp: SolveResult, limited: Mapping[str, int],
            seed: int) -> dict[str, float]:
    """A phase in [0, 1) per food that staggers the days scarce foods are allowed on.

    Foods are ranked by how much the screening LP uses them and spread by the golden
    ratio, so the best foods land on different days instead of all on day 1.
    """
    assert lp.values is not None
    use = np.zeros(len(screen.food_ids))
    np.add.at(use, screen.amount_food, lp.values[screen.amount_cols])
    order = np.argsort(-use, kind="stable")
    golden = (math.sqrt(5) - 1) / 2
    offset = (seed * golden) % 1.0
    phases = {}
    for rank, food in enumerate(order.tolist()):
        fid = screen.food_ids[food]
        if fid in limited:
            phases[fid] = (offset + rank * golden) % 1.0
    return phases


def _allowance(limit: int, day: int, days: int, phase: float) -> int:
    """Meals a food may have been in by the end of ``day``: its share of the limit.

    ``floor(limit * (day + 1) / days + phase)``, at most ``limit``: uses are paced
    evenly over the plan, starting on a day set by the phase.
    """
    return min(limit, math.floor(limit * (day + 1) / days + phase))


def _solve_continuous(clock: _Clock) -> Outcome:
    """Continuous amounts: one linear program, solved for one average day.

    Continuous days share every row and the objective, and nothing but the includes
    links them; so the average day (includes divided over the days) is an exact
    model of the plan, and its optimum, repeated, is optimal.
    """
    days = clock.request.days
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


def _judge(objective: float, bound: float, gap: float, clock: _Clock) -> SolveStatus:
    g = relative_gap(objective, bound) or 0.0
    if g <= 1e-6:
        return SolveStatus.OPTIMAL
    if g <= gap:
        return SolveStatus.WITHIN_GAP
    return SolveStatus.TIME_LIMIT if clock.left() <= 0 else SolveStatus.FEASIBLE


def _better_value(new: float, old: float, built: BuiltModel) -> bool:
    return new > old + 1e-9 if built.arrays.maximize else new < old - 1e-9


def _outcome(clock: _Clock, status: SolveStatus, built: BuiltModel, r: SolveResult | None,
             objective: float | None, bound: float | None) -> Outcome:
    amounts = amounts_of(built, r.values) if r is not None and r.values is not None else []
    return Outcome(status, tuple(amounts), objective, bound, clock.build_s, clock.solve_s,
                   built.excluded, tuple(clock.log))


def _improve_week(clock: _Clock, pools: Mapping[str, np.ndarray], amounts: list[Amount],
                  bound: float) -> tuple[list[Amount], float] | None:
    """Re-solve the whole plan over the pooled candidates, from the day-by-day plan.

    It gets at most the time spent so far (and at least IMPROVE_MIN_SECONDS):
    a user re-running the planner should not wait long for a fraction of a percent.
    """
    built = clock.build(candidates=pools)
    start = _start_vector(built, amounts)
    budget = max(IMPROVE_MIN_SECONDS, clock.elapsed())
    r = clock.solve(built, time_limit=budget, start=start)
    clock.log.append(f"week over pooled candidates: {r.status}, objective {r.objective}, "
                     f"{r.seconds:.3f} s")
    if not r.status.has_plan or r.values is None or r.objective is None:
        return None
    return amounts_of(built, r.values), r.objective


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


def _start_vector(built: BuiltModel, amounts: Sequence[Amount]) -> np.ndarray:
    """A full column vector for a plan: amounts, item flags and the reward columns.

    HiGHS completes a partial start itself, but only amounts and flags are needed:
    every other column is implied by them.
    """
    start = np.zeros(built.arrays.n_columns)
    index = {name: i for i, name in enumerate(built.arrays.names)}
    unit = dict(zip(built.amount_cols.tolist(), built.unit_grams.tolist(), strict=True))
    for a in amounts:
        k = index.get(f"k_d{a.day + 1}_{a.meal}_{a.food_id}")
        if k is None:
            continue
        start[k] = round(a.grams / unit[k])
        y = index.get(f"y_d{a.day + 1}_{a.meal}_{a.food_id}")
        if y is not None:
            start[y] = 1.0
    return start


def pick_candidates(screen: BuiltModel, lp: SolveResult, per_meal: int,
                    allowed: np.ndarray | None = None, seed: int = 0) -> dict[str, np.ndarray]:
    """Per meal, foods the screening LP uses plus the best others by reduced cost.

    A food's score in a meal is its reduced cost: 0 for foods the LP would add at no
    loss, negative for worse ones. Each kind of food a meal needs (a vegetable at
    dinner) gets its best few candidates even when others score higher. ``allowed``
    masks foods a day may still use; a non-zero ``seed`` jitters scores slightly, so
    another seed draws another pool from near-equal foods.
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
        for key, kind in screen.needed_kinds.items():
            if key.startswith(f"{meal}:"):
                kind_order = order[kind[order]]
                keep[kind_order[:max(4, per_meal // 4)]] = True
        candidates[meal] = keep & (score > -np.inf)
    return candidates
