"""Make a plan: build -> solve -> plan -> check, or diagnose. What the CLI calls."""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable

from . import kitchen
from .caffeine import shortfall_note, whole_drinks_note
from .check import check_plan
from .diagnose import (
    BUDGET_SECONDS,
    NO_PRICE,
    TRIAL_SECONDS,
    Trial,
    budget_conflict,
    explain_infeasible,
    explain_structure,
    explain_time_limit,
    solver_trial,
)
from .errors import CheckError, Conflict, InputError, NoPlanError, Where
from .fixes import Verifier
from .foods import FoodTable
from .packages import fraction_text
from .plan import Plan, plan_from_solution
from .prices import Period, currency, names_without_price, price_per_100g
from .request import Diet, Objective, PlanRequest
from .shopping import days_text
from .solvers import SolveStatus
from .strategy import Outcome, solve_request

# What each objective scores, for the note on how close a plan came to its bound.
SCORE_WORDS = {Objective.DEFAULT: "variety, liked foods and magnesium",
               Objective.MAGNESIUM: "magnesium", Objective.COST: "cost",
               Objective.CALORIES: "calories"}


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
        unpriced = [fid for fid, why in outcome.excluded.items() if why == NO_PRICE]
        if unpriced:
            notes.append(
                f"{len(unpriced)} foods have no price and were left out: "
                f"{names_without_price(foods, unpriced)}. Give them a price per 100 g (the "
                "food table's price column or --prices FILE) to let the plan use them.")
        if outcome.status is SolveStatus.TIME_LIMIT and outcome.gap is not None:
            notes.append(
                f"The solver stopped at the time limit; this plan is within "
                f"{outcome.gap:.1%} of the best possible. Allow more with --time-limit.")
        elif (outcome.status is SolveStatus.FEASIBLE and outcome.gap is not None
              and outcome.packages and outcome.day_gap is not None):
            notes.append(
                f"Shopping aside, this plan's score for {SCORE_WORDS[request.objective]} is "
                f"within {outcome.gap:.1%} of the best bound: an average day that eats from "
                "any food it likes and shares batches; each day is within "
                f"{outcome.day_gap:.1%} of the best it could be, given the days before.")
        elif outcome.status is SolveStatus.FEASIBLE and outcome.gap is not None:
            notes.append(
                f"This plan is within {outcome.gap:.1%} of the best bound, short of the "
                f"requested --gap {request.gap:g}; more time is unlikely to help.")
        if outcome.basket_failed:
            which = ("the days are" if outcome.basket_days == 0 else
                     f"day {outcome.basket_days + 1} and the days after it are")
            notes.append(
                "No week within one shop's basket was found (--max-items "
                f"{request.items_cap}, --max-meat-fish {request.meat_fish_cap}); {which} "
                "planned without it and the shopping list totals what the week eats. "
                "Raising --max-items may help.")
        plan = plan_from_solution(
            outcome.amounts, foods, request.targets, request.days,
            templates=outcome.templates,
            packages=outcome.packages,
            cooking=outcome.cooking,
            prices=_known_prices(foods, request),
            currency=currency(foods, request.prices),
            status=str(outcome.status),
            objective=str(request.objective),
            gap=outcome.gap,
            seconds=round(time.perf_counter() - started, 3),
            request=request.to_dict(),
            notes=tuple(notes),
            caps_lifted_from=(None if outcome.caps_lifted is None
                              else outcome.caps_lifted + 1),
        )
        plan = _with_caffeine_shortfall(plan, request)
        salt = _salt_note(plan, foods, request)
        if salt is not None:
            plan = dataclasses.replace(plan, notes=(*plan.notes, salt))
        if outcome.caps_lifted is not None:
            plan = dataclasses.replace(plan, notes=(
                *plan.notes, _caps_lifted_note(plan, request, outcome.caps_lifted)))
        waste = _waste_note(plan, request)
        if waste is not None and not outcome.basket_failed:
            plan = dataclasses.replace(plan, notes=(*plan.notes, waste))
        freeze = freeze_note(plan, foods)
        if freeze is not None:
            plan = dataclasses.replace(plan, notes=(*plan.notes, freeze))
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
    # Every change a refusal offers has been tried: the request with it applied is
    # solved by the same entry point, and only changes that give a plan are shown.
    trial = solver_trial(foods)
    if outcome.status is SolveStatus.NO_SOLUTION:
        # Under a budget, the cheapest plan says whether the budget is what stops one.
        short = (None if request.budget is None
                 else _budget_shortfall(foods, request, trial)[1])
        if short is not None:
            raise NoPlanError("No plan meets every limit.", [short])
        raise NoPlanError(
            f"No plan was found within the time limit of {request.time_limit:g} s.",
            explain_time_limit(request, trial))
    if request.budget is not None:
        raise NoPlanError("No plan meets every limit.",
                          _budget_conflicts(foods, request, trial))
    raise NoPlanError("No plan meets every limit.", _explain(foods, request, trial))


def _explain(foods: FoodTable, request: PlanRequest, trial: Trial) -> list[Conflict]:
    conflicts = explain_infeasible(foods, request, trial)
    return conflicts or explain_structure(foods, request, trial)


def _budget_conflicts(foods: FoodTable, request: PlanRequest,
                      trial: Trial) -> list[Conflict]:
    """A budget no plan meets: what the cheapest plan meeting every other limit costs.

    That plan is solved for (the cost objective, without the budget). When there is
    none, the budget is not what stops a plan, and the other limits are explained.
    """
    budget = request.budget
    assert budget is not None
    found, short = _budget_shortfall(foods, request, trial)
    if not found:
        return _explain(foods, dataclasses.replace(request, budget=None,
                                                   objective=Objective.COST), trial)
    if short is None:
        # The cheapest plan fits: the budget allows a plan, but the search for one that
        # also optimises the objective ran out of time.
        return [Conflict(
            f"budget <= {budget.describe(currency(foods, request.prices))}", budget.amount,
            None, f"plans within the budget exist, but none optimising {request.objective} "
            f"was found in time; allow more with --time-limit "
            f"{max(30.0, 3 * request.time_limit):g} or use --objective cost")]
    return [short]


def _budget_shortfall(foods: FoodTable, request: PlanRequest,
                      trial: Trial) -> tuple[bool, Conflict | None]:
    """Whether a cheapest plan (every limit but the budget) exists, and how far over.

    The conflict is None when that plan fits the budget.
    It is planned without the basket: what a plan costs is what it eats, and the
    planner falls back to that when one shop's basket makes no week.
    """
    budget = request.budget
    assert budget is not None
    cheapest = solve_request(foods, dataclasses.replace(
        request, budget=None, objective=Objective.COST, no_basket=True,
        time_limit=min(request.time_limit, TRIAL_SECONDS)))
    if not cheapest.status.has_plan:
        return False, None
    days = _day_costs(foods, request, cheapest)
    fits = (max(days) <= budget.amount + 1e-9 if budget.period is Period.DAY
            else sum(days) <= budget.total(request.days) + 1e-9)
    if fits:
        return True, None
    return True, budget_conflict(budget, currency(foods, request.prices), days, cheapest.gap,
                                 Verifier(request, trial, BUDGET_SECONDS))


def _known_prices(foods: FoodTable, request: PlanRequest) -> dict[str, float]:
    prices = price_per_100g(foods, request.prices).dropna()
    return {str(fid): float(p) for fid, p in prices.items()}


def _day_costs(foods: FoodTable, request: PlanRequest, outcome: Outcome) -> list[float]:
    prices = price_per_100g(foods, request.prices)
    costs = [0.0] * request.days
    for a in outcome.amounts:
        costs[a.day] += a.grams / 100 * float(prices[a.food_id])
    return costs


def _caps_lifted_note(plan: Plan, request: PlanRequest, day: int) -> str:
    """Say from which day the week bought past its caps, and how far past."""
    things = len(plan.things_bought)
    caps = f"--max-items {request.items_cap}"
    if request.diet in (Diet.OMNIVORE, Diet.PESCATARIAN):
        caps += f" and --max-meat-fish {request.meat_fish_cap}"
    return (f"Day {day + 1} found no plan within {caps}: from it on the week buys what "
            f"its days need, {things} things in all (staples aside), and the shopping "
            "list counts them.")


# Table salt (SR28 02047): 38,758 mg of sodium per 100 g, 6 g a teaspoon.
SALT_SODIUM_MG_PER_G = 387.58
SALT_G_PER_TSP = 6.0


def _salt_note(plan: Plan, foods: FoodTable, request: PlanRequest) -> str | None:
    """Say that the foods the plan cooks count no added salt, when its table says so.

    With a sodium limit, the note says how much salt every day leaves room for.
    """
    if "no_added_salt" not in foods.frame.columns:
        return None
    eaten = {item.food_id for day in plan.days for meal in day.meals for item in meal.items}
    frame = foods.frame
    names = sorted(frame.loc[frame.index.isin(eaten)
                             & frame["no_added_salt"].fillna(False).astype(bool), "name"])
    if not names:
        return None
    limit = next((t.maximum for t in request.targets.limits
                  if t.key == "sodium_mg" and t.maximum is not None), None)
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    note = (f"Foods you cook ({shown}) are counted cooked without added salt, as the "
            "Dietary Guidelines advise; salt you add counts toward each day's sodium")
    if limit is None:
        return note + "."
    room = min(limit - day.totals.get("sodium_mg", 0.0) for day in plan.days)
    tsp = math.floor(4 * room / SALT_SODIUM_MG_PER_G / SALT_G_PER_TSP) / 4
    salt = (f"enough for {fraction_text(tsp)} teaspoon of salt" if tsp >= 0.25
            else "not enough for ¼ teaspoon of salt")
    return note + (f" limit of {limit:,.0f} mg: every day leaves at least "
                   f"{max(room, 0.0):,.0f} mg, {salt}.")


def freeze_note(plan: Plan, foods: FoodTable) -> str | None:
    """Say which fresh meat and fish to freeze on the shop day, as the week is planned.

    The kitchen keeps them frozen in portions, each thawed the day before it is cooked
    (mealplan.kitchen.keeping); a shopper must be told, or a roast eaten on day 7
    sits in the fridge for a week. Those eaten only within their fridge days are left
    out.
    """
    table = foods.purchases
    if table is None or not plan.purchases:
        return None
    frozen = []
    for p in plan.purchases:
        if p.purchase_id not in table.index or not p.days:
            continue
        row = {str(k): v for k, v in table.loc[p.purchase_id].to_dict().items()}
        keeps = kitchen.fridge_days(row)
        if kitchen.frozen_fresh(row) and max(p.days) > keeps:  # day 1 is the shopping day
            word = "day" if len(p.days) == 1 else "days"
            frozen.append(f"{p.name} (keeps {keeps:g} days, eaten on {word} "
                          f"{days_text(p.days)})")
    if not frozen:
        return None
    return ("On the shopping day, freeze in portions the fresh meat and fish eaten after "
            "it keeps in the fridge: " + "; ".join(frozen) + ". Thaw each portion in the "
            "fridge the night before it is cooked.")


def _waste_note(plan: Plan, request: PlanRequest) -> str | None:
    """Say when the week leaves more of its perishable food unused than --max-waste."""
    left, bought = plan.waste
    if bought <= 0 or left <= request.waste_cap * bought + 1e-6:
        return None
    most = sorted((p for p in plan.purchases if p.perishable and not p.staple
                   and p.grams_left >= 1), key=lambda p: (-p.grams_left, p.name))[:3]
    where = ", ".join(f"{p.name} ({p.grams_left:,.0f} g)" for p in most)
    return (f"The week leaves {left / bought:.0%} of the perishable food it buys unused "
            f"({left:,.0f} g of {bought:,.0f} g), more than --max-waste "
            f"{request.waste_cap * 100:g} allows, even re-planned without the packages it "
            f"left mostly unused. Most is in {where}: a smaller package (--packages FILE) "
            "or another food in its place (--exclude) would leave less.")


def _with_caffeine_shortfall(plan: Plan, request: PlanRequest) -> Plan:
    """Note days with much less caffeine than the cut-back allows, or larger steps."""
    schedule = request.targets.caffeine_schedule
    if schedule is None:
        return plan
    caffeine = [d.totals.get("caffeine_mg", 0.0) for d in plan.days]
    notes = [n for n in (shortfall_note(schedule, caffeine, request.caffeine_meals),
                         whole_drinks_note(schedule, caffeine)) if n is not None]
    return dataclasses.replace(plan, notes=(*plan.notes, *notes)) if notes else plan


