"""Make a plan: build -> solve -> plan -> check, or diagnose. What the CLI calls."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

from .check import check_plan
from .diagnose import explain_infeasible, explain_structure
from .errors import CheckError, Conflict, InputError, NoPlanError, Where
from .foods import FoodTable
from .plan import Plan, plan_from_solution
from .request import Amounts, PlanRequest
from .solve import SolveStatus, solve_request

# Time allowed for each changed request tried while explaining a failure.
DIAGNOSIS_TRIAL_SECONDS = 5.0


def make_plan(foods: FoodTable, request: PlanRequest,
              log: Callable[[str], None] | None = None) -> Plan:
    """Plan meals for a request; every returned plan has passed the checker.

    Args:
        foods: The food table.
        request: Targets, preferences and solver settings.
        log: Called with one line per solver step (for ``--verbose``).

    Returns:
        The plan, with its status (``optimal``, ``within_gap`` or ``time_limit``).

    Raises:
        NoPlanError: No plan meets every limit; the error lists the conflicting
            limits, what is reachable, and changes that would allow a plan.
        InputError: The request cannot be planned as asked (for example an
            objective that grows without limit on a table without caps).
        CheckError: A plan failed the independent check (a bug; please report it).

    Example:
        >>> from mealplan import load_foods, resolve_targets, Profile
        >>> plan = make_plan(load_foods(), PlanRequest(resolve_targets(Profile())))
        >>> plan.days[0].totals["magnesium_mg"] >= 320
        True
    """
    started = time.perf_counter()
    outcome = solve_request(foods, request)
    if log is not None:
        for line in outcome.log:
            log(line)
        log(f"model building {outcome.seconds_build:.3f} s, solver {outcome.seconds_solve:.3f} s")
    if outcome.status.has_plan:
        notes = list(request.targets.notes)
        if outcome.status is SolveStatus.TIME_LIMIT and outcome.gap is not None:
            notes.append(
                f"The solver stopped at the time limit; this plan is within "
                f"{outcome.gap:.1%} of the best possible. Allow more with --time-limit.")
        elif outcome.status is SolveStatus.FEASIBLE and outcome.gap is not None:
            notes.append(
                f"This plan is within {outcome.gap:.1%} of the best bound, short of the "
                f"requested --gap {request.gap:g}; more time is unlikely to help.")
        plan = plan_from_solution(
            outcome.amounts, foods, request.targets, request.days,
            status=str(outcome.status),
            objective=str(request.objective),
            gap=outcome.gap,
            seconds=round(time.perf_counter() - started, 3),
            request=request.to_dict(),
            notes=tuple(notes),
        )
        violations = check_plan(plan, foods, request)
        if violations:
            raise CheckError(
                "the plan failed the independent check (this is a bug in mealplan; please "
                "report it with the command you ran):\n"
                + "\n".join(f"  {v}" for v in violations))
        return plan
    if outcome.status is SolveStatus.UNBOUNDED:
        raise InputError(
            "the objective can grow without limit: give foods a max_servings column or "
            "add --max limits", Where(flag="--objective"))
    if outcome.status is SolveStatus.NO_SOLUTION:
        # Every refusal carries a conflict with a fix, this one too. Typically the
        # screening LP was solved and whole or half servings are what is hard.
        more = f"allow more time with --time-limit {max(30.0, 3 * request.time_limit):g}"
        servings = request.amounts is Amounts.SERVINGS
        raise NoPlanError(
            f"No plan was found within the time limit of {request.time_limit:g} s.",
            [Conflict("household servings and meal structure" if servings else "time limit",
                      None, None,
                      "loosen some limits (a wider --kcal range helps most), "
                      + ("use --amounts continuous, or " if servings else "or ") + more)])
    conflicts = explain_infeasible(foods, request)
    if not conflicts:
        conflicts = explain_structure(foods, request, _try(foods))
    raise NoPlanError("No plan meets every limit.", conflicts)


def _try(foods: FoodTable) -> Callable[[PlanRequest], bool]:
    """Whether a changed request gives a plan, within a short time each."""

    def attempt(request: PlanRequest) -> bool:
        trial = dataclasses.replace(request, time_limit=DIAGNOSIS_TRIAL_SECONDS)
        return solve_request(foods, trial).status.has_plan
    return attempt
