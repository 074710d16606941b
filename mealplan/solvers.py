"""Solver adapters: a built model in, a result of plain arrays out, statuses normalised.

HiGHS is driven through highspy with the model handed over as arrays in one call;
CBC through PuLP (its bundled binary, or one on PATH). Nothing after this module sees
a PuLP object. The strategy that decides what to solve lives in
:mod:`mealplan.strategy`.
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
import time
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
import pulp

from .model import BuiltModel, ModelArrays
from .request import Solver

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
    basis: Any = None
    """HiGHS's simplex basis of a linear program's optimum, to start a solve of the
    same rows and columns with other costs or bounds from."""

    @property
    def gap(self) -> float | None:
        """Relative gap between objective and bound."""
        return relative_gap(self.objective, self.bound)


def relative_gap(objective: float | None, bound: float | None) -> float | None:
    """``|bound - objective| / max(|bound|, 1e-9)``, or None if either is missing."""
    if objective is None or bound is None:
        return None
    return abs(bound - objective) / max(abs(bound), 1e-9)


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
          start: np.ndarray | None = None, basis: Any = None) -> SolveResult:
    """Solve a built model.

    Args:
        built: The model.
        solver: HiGHS (through highspy) or CBC (PuLP's bundled binary).
        time_limit: Seconds for the solver.
        gap: Relative gap at which an integer solve may stop.
        relax: Solve the linear relaxation (drop integrality), with reduced costs.
        start: A feasible column vector to start the integer search from (HiGHS).
        basis: A basis of the same model's relaxation (``SolveResult.basis``) to
            start the simplex from (HiGHS, ``relax`` only).

    Returns:
        The result, with values in column order.
    """
    t0 = time.perf_counter()
    with quiet_stdout():
        if solver is Solver.HIGHS:
            result = _solve_highs(built, time_limit, gap, relax, start, basis)
        else:
            result = _solve_cbc(built, time_limit, gap, relax)
    return SolveResult(result[0], result[1], result[2], time.perf_counter() - t0,
                       *result[3:])


# The day models are small (150-600 columns) and HiGHS spends their time at the root
# node, much of it in RINS and RENS sub-MIPs that rarely improve a day: without them,
# the 17 day models of two men's weeks solved in 0.75x the time, to the same objective
# or 0.2 % below it. Without the feasibility jump too, the 14 benchmark weeks are the
# same and the default week's day models take 0.91x the time (benchmarks/README.md).
HIGHS_MIP_OPTIONS: Mapping[str, object] = {
    "mip_heuristic_run_rins": False, "mip_heuristic_run_rens": False,
    "mip_heuristic_run_feasibility_jump": False,
}

# Status, objective, bound, values, reduced costs, basis.
_Raw = tuple[SolveStatus, float | None, float | None, np.ndarray | None, np.ndarray | None,
             Any]


def _solve_highs(built: BuiltModel, time_limit: float, gap: float, relax: bool,
                 start: np.ndarray | None, basis: Any = None) -> _Raw:
    adapter = _ArrayHiGHS(built.arrays, msg=False, mip=not relax, timeLimit=time_limit,
                          gapRel=gap, threads=1, random_seed=0)
    shell = pulp.LpProblem("mealplan",
                           pulp.LpMaximize if built.arrays.maximize else pulp.LpMinimize)
    adapter.createAndConfigureSolver(shell)
    adapter.buildSolverModel(shell)
    h = shell.solverModel
    for option, value in HIGHS_MIP_OPTIONS.items():
        h.setOptionValue(option, value)
    if start is not None and not relax:
        import highspy

        sol = highspy.HighsSolution()
        sol.col_value = list(map(float, start))
        sol.value_valid = True
        h.setSolution(sol)
    if basis is not None and relax:
        # The screening LP's repairs change costs or bounds, not its rows: from its
        # optimum the simplex takes 0.67x the time of a fresh start.
        h.setBasis(basis)
    adapter.callSolver(shell)
    adapter.findSolutionValues(shell)
    status = _highs_status(h)
    if not status.has_plan:
        return status, None, None, None, None, None
    info = h.getInfo()
    solution = h.getSolution()
    values = np.asarray(solution.col_value, float)
    objective = built.arrays.objective(values)
    if relax or not built.integer:
        bound = objective if status is SolveStatus.OPTIMAL else None
        # HiGHS solved the minimising form (a maximisation's costs negated); its
        # duals are cost changes there, so the model's gains are their negatives.
        reduced = -np.asarray(solution.col_dual, float)
        return status, objective, bound, values, reduced, h.getBasis()
    dual_bound = info.mip_dual_bound
    bound = float(dual_bound) if math.isfinite(dual_bound) else None
    if bound is not None and built.arrays.maximize:
        bound = -bound
    if status is SolveStatus.OPTIMAL and (relative_gap(objective, bound) or 0) > 1e-6:
        status = SolveStatus.WITHIN_GAP
    return status, objective, bound, values, None, None


def _cbc(**options: Any) -> pulp.LpSolver:
    """A CBC on PATH (how PuLP 4 finds it), else the binary PuLP 3 bundles."""
    system = pulp.COIN_CMD(**options)
    if system.available():
        return system
    with warnings.catch_warnings():
        # The bundled binary is PuLP 3's; the major version is pinned below 4.
        warnings.simplefilter("ignore", DeprecationWarning)
        return pulp.PULP_CBC_CMD(**options)


def use_scratch_dir(solver: pulp.LpSolver) -> None:
    """Point a file-based PuLP solver (CBC) at the run's own scratch folder.

    PuLP writes the model and solution files to the system's temporary folder; in
    the run's folder (:func:`mealplan.files.scratch_dir`) they go away with the run,
    and a killed run's files are removed by the next.
    """
    from .files import scratch_dir

    solver.tmpDir = str(scratch_dir())


def _solve_cbc(built: BuiltModel, time_limit: float, gap: float, relax: bool) -> _Raw:
    cbc = _cbc(msg=False, mip=not relax, timeLimit=max(1, round(time_limit)), gapRel=gap,
               threads=1)
    use_scratch_dir(cbc)
    built.problem.solve(cbc)
    status_code, sol_status = built.problem.status, built.problem.sol_status
    if status_code == pulp.LpStatusInfeasible:
        return SolveStatus.INFEASIBLE, None, None, None, None, None
    if status_code == pulp.LpStatusUnbounded:
        return SolveStatus.UNBOUNDED, None, None, None, None, None
    if sol_status not in (pulp.LpSolutionOptimal, pulp.LpSolutionIntegerFeasible):
        return SolveStatus.NO_SOLUTION, None, None, None, None, None
    values = np.array([v.varValue or 0.0 for v in built.variables], float)
    objective = built.arrays.objective(values)
    status = (SolveStatus.OPTIMAL if sol_status == pulp.LpSolutionOptimal
              else SolveStatus.TIME_LIMIT)
    if not relax and built.integer:
        return status, objective, None, values, None, None
    # CBC reports reduced costs in the problem's own sense (PuLP passes the sense
    # through): gains for a maximisation, costs for a minimisation.
    reduced = np.array([v.dj or 0.0 for v in built.variables], float)
    if not built.arrays.maximize:
        reduced = -reduced
    bound = objective if status is SolveStatus.OPTIMAL else None
    return status, objective, bound, values, reduced, None


