"""One model, four ways to solve it: the timing of each route, with its objective.

Routes, all given the same built model (building is timed elsewhere), one thread,
the same relative gap and time limit:

- ``highspy``: HiGHS reading the model from an MPS file written by PuLP; only
  ``run()`` is timed. This is the floor: the solver alone.
- ``array``: mealplan's own adapter (``mealplan.solvers.solve``): arrays handed to
  HiGHS in one call, solution read back as arrays.
- ``pulp-highs``: PuLP's stock ``pulp.HiGHS`` adapter, ``problem.solve(...)``.
- ``pulp-cbc``: PuLP's bundled CBC, ``problem.solve(pulp.PULP_CBC_CMD(...))``
  (writes an MPS file, runs the binary, reads the solution file).
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mealplan.solvers import quiet_stdout

ROUTES: tuple[str, ...] = ("highspy", "array", "pulp-highs", "pulp-cbc")
ROUTE_LABELS: dict[str, str] = {
    "highspy": "HiGHS direct (highspy, from MPS): run()",
    "array": "mealplan array adapter (solve)",
    "pulp-highs": "PuLP + HiGHS, stock pulp.HiGHS",
    "pulp-cbc": "PuLP + CBC, pulp.PULP_CBC_CMD",
}


@dataclass(frozen=True)
class RouteResult:
    """One solve through one route."""

    seconds: float
    """The timed part (see the module docstring)."""
    objective: float | None
    """Objective value in the model's own sense; None without a solution."""
    status: str
    """The route's own status words."""
    extra: dict[str, float] = field(default_factory=dict)
    """Other timings of the route (``read``: reading the MPS file)."""


def write_mps(built: Any, path: Path, *, mip: bool) -> float:
    """Write the model as MPS with PuLP; returns seconds.

    ``with_objsense=True`` writes an OBJSENSE section. Without it PuLP 3 keeps the
    sense only in a ``*SENSE:Maximize`` comment, which HiGHS ignores, so a
    maximisation would be read, and solved, as a minimisation.
    """
    t = time.perf_counter()
    built.problem.writeMPS(str(path), with_objsense=True, mip=mip)
    return time.perf_counter() - t


def solve_route(route: str, built: Any, mps: Path, *, mip: bool, gap: float,
                time_limit: float) -> RouteResult:
    """Solve ``built`` (or, for ``highspy``, the MPS file ``mps``) through ``route``."""
    if route == "highspy":
        return _highspy(built, mps, mip=mip, gap=gap, time_limit=time_limit)
    if route == "array":
        from mealplan.solvers import solve

        t = time.perf_counter()
        r = solve(built, relax=not mip, gap=gap, time_limit=time_limit)
        return RouteResult(time.perf_counter() - t, r.objective, str(r.status))
    import pulp

    if route == "pulp-highs":
        solver = pulp.HiGHS(msg=False, mip=mip, gapRel=gap, timeLimit=time_limit, threads=1)
    elif route == "pulp-cbc":
        with warnings.catch_warnings():
            # PuLP 3.3 warns that PuLP 4 stops bundling CBC; this measures the bundled one.
            warnings.simplefilter("ignore", DeprecationWarning)
            solver = pulp.PULP_CBC_CMD(msg=False, mip=mip, gapRel=gap,
                                       timeLimit=time_limit, threads=1)
    else:
        raise ValueError(f"unknown route {route!r}; expected one of {', '.join(ROUTES)}")
    problem = built.problem
    with quiet_stdout():
        t = time.perf_counter()
        problem.solve(solver)
        seconds = time.perf_counter() - t
    solved = problem.sol_status in (pulp.LpSolutionOptimal, pulp.LpSolutionIntegerFeasible)
    objective = pulp.value(problem.objective) if solved else None
    status = pulp.LpStatus[problem.status]
    if problem.sol_status == pulp.LpSolutionIntegerFeasible:
        status += " (integer feasible)"
    return RouteResult(seconds, None if objective is None else float(objective), status)


def _highspy(built: Any, mps: Path, *, mip: bool, gap: float,
             time_limit: float) -> RouteResult:
    import highspy

    with quiet_stdout():
        h = highspy.Highs()  # type: ignore[no-untyped-call]
        for option, value in (("output_flag", False), ("threads", 1), ("random_seed", 0),
                              ("time_limit", float(time_limit)), ("mip_rel_gap", gap)):
            h.setOptionValue(option, value)
        t = time.perf_counter()
        h.readModel(str(mps))
        read = time.perf_counter() - t
        t = time.perf_counter()
        h.run()
        seconds = time.perf_counter() - t
    maximize = h.getLp().sense_ == highspy.ObjSense.kMaximize
    if maximize != built.arrays.maximize:
        raise RuntimeError(f"{mps.name}: HiGHS read the objective sense as "
                           f"{'max' if maximize else 'min'}imise; the model "
                           f"{'max' if built.arrays.maximize else 'min'}imises")
    info = h.getInfo()
    has_solution = info.primal_solution_status == 2
    objective = float(info.objective_function_value) if has_solution else None
    status = h.modelStatusToString(h.getModelStatus())
    return RouteResult(seconds, objective, status, {"read": read})
