"""Why no plan exists, and the smallest changes that would allow one.

Diagnosis returns data (``Conflict`` values); wording of the whole message is left to
``NoPlanError``. It works on the screening LP (one average day, no integer parts):
when that has no solution, no plan has, and its small size makes a dozen re-solves
cheap. For each numeric limit it computes what is reachable while every other limit
holds (the limit's own expression optimised with its row removed); for each choice
(an avoided allergen, the diet, an exclusion, an inclusion) it tests whether
dropping that choice alone makes a plan possible.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterable

import numpy as np

from .errors import Conflict
from .foods import FoodTable
from .model import (
    PLANNED_MEALS,
    BuiltModel,
    ModelArrays,
    Row,
    build_model,
    eligible_foods,
    max_meals_per_food,
)
from .request import Amounts, Diet, PlanRequest
from .solve import SolveStatus, solve
from .targets import Basis, Target, Targets

_LOOSER_DIET = {
    Diet.VEGAN: Diet.VEGETARIAN,
    Diet.VEGETARIAN: Diet.PESCATARIAN,
    Diet.PESCATARIAN: Diet.OMNIVORE,
}
# Bisection steps for limits given as a share of energy.
_SHARE_STEPS = 12


def explain_infeasible(foods: FoodTable, request: PlanRequest) -> list[Conflict]:
    """Explain why no plan meets a request.

    Returns:
        Conflicts, most useful first: foods the choices leave out, then each limit
        that cannot be met with what is reachable and a fix, then single choices
        whose removal allows a plan. Empty when the request is in fact feasible in
        its linear relaxation (the integer structure is then to blame; see
        :func:`explain_structure`).
    """
    conflicts = _eligibility_conflicts(foods, request)
    if conflicts:
        return conflicts
    base = build_model(foods, request, relaxed=True)
    if _feasible(base):
        return []
    conflicts = _limit_conflicts(base, request)
    conflicts += _choice_conflicts(foods, request)
    if not conflicts:
        conflicts = _joint_conflicts(base, request)
    if not conflicts:
        conflicts.append(Conflict(
            "several limits together", None, None,
            "no single change is enough; widen --kcal and drop some --avoid or --exclude "
            "choices, or use --no-default-targets with your own --min/--max"))
    return conflicts


def explain_structure(foods: FoodTable, request: PlanRequest,
                      solve_with: Callable[[PlanRequest], bool]) -> list[Conflict]:
    """Explain a request whose linear relaxation is feasible but has no servings plan.

    Args:
        foods: The food table.
        request: The request.
        solve_with: Tries a changed request, True when it gives a plan.
    """
    conflicts = []
    if request.days > 1:
        relaxed = dataclasses.replace(request, max_days_per_food=request.days)
        if solve_with(relaxed):
            conflicts.append(Conflict(
                "variety: each food in a limited number of meals", None, None,
                f"allow foods to repeat with --max-days-per-food {request.days}, or drop "
                "some --exclude/--avoid choices"))
    continuous = dataclasses.replace(request, amounts=Amounts.CONTINUOUS)
    if solve_with(continuous):
        conflicts.append(Conflict(
            "household servings and meal structure", None, None,
            "the limits can be met only with amounts that are not whole or half "
            "servings: widen --kcal, relax a --min/--max, or use --amounts continuous"))
    if not conflicts:
        conflicts.append(Conflict(
            "meal structure", None, None,
            "no combination of whole or half servings fits every meal; widen --kcal or "
            "drop some --avoid/--exclude choices"))
    return conflicts


def _eligibility_conflicts(foods: FoodTable, request: PlanRequest) -> list[Conflict]:
    ids, why = eligible_foods(foods, request)
    conflicts = []
    if len(ids) == 0:
        reasons = _count_reasons(why.values())
        return [Conflict("foods", 0, None,
                         f"every food is left out ({reasons}); drop some --avoid, --exclude or "
                         "--diet choices")]
    if request.amounts is Amounts.SERVINGS and foods.has_meals:
        tags = foods.frame.loc[ids, "meals"]
        for meal in PLANNED_MEALS:
            if not tags.map(lambda t, meal=meal: meal in t).any():
                conflicts.append(Conflict(
                    f"{meal}: no food fits", 0, None,
                    "every food tagged for this meal is left out; drop some --avoid, "
                    "--exclude or --diet choices"))
    eligible = set(ids)
    for choice in request.include:
        if not eligible & set(choice.food_ids):
            why_out = "; ".join(sorted({why.get(fid, "not eligible") for fid in choice.food_ids}))
            conflicts.append(Conflict(
                f"--include {choice.text}", None, None,
                f"it is left out by your other choices ({why_out}); drop the "
                "--include or the choice that excludes it"))
    return conflicts


def _count_reasons(reasons: Iterable[str]) -> str:
    counts: dict[str, int] = {}
    for r in reasons:
        key = r.split(" (")[0]
        counts[key] = counts.get(key, 0) + 1
    return ", ".join(f"{n} {k}" for k, n in sorted(counts.items(), key=lambda kv: -kv[1]))


def _feasible(built: BuiltModel) -> bool:
    return solve(built, relax=True, time_limit=10).status.has_plan


def _with(built: BuiltModel, arrays: ModelArrays) -> BuiltModel:
    return dataclasses.replace(built, arrays=arrays)


def _optimise_row(built: BuiltModel, row: Row, maximize: bool) -> float | None:
    """Optimise a row's expression with that row removed; None if still infeasible."""
    m = built.arrays
    cost = np.zeros(m.n_columns)
    cost[row.idx] = row.coef
    arrays = dataclasses.replace(m, rows=[r for r in m.rows if r.name != row.name],
                                 cost=cost.tolist(), maximize=maximize)
    r = solve(_with(built, arrays), relax=True, time_limit=10)
    if r.status is SolveStatus.UNBOUNDED:
        return math.inf if maximize else -math.inf
    return r.objective if r.status.has_plan else None


def _limit_conflicts(base: BuiltModel, request: PlanRequest) -> list[Conflict]:
    rows = {r.name: r for r in base.arrays.rows}
    conflicts = []
    for t in request.targets.limits:
        if t.basis is Basis.DAY:
            row = rows.get(f"{t.key}_d1")
            if row is None:
                continue
            if t.minimum is not None:
                best = _optimise_row(base, row, maximize=True)
                if best is not None and best < t.minimum - 1e-6:
                    conflicts.append(_day_conflict(t, t.minimum, best, request, low=True))
            if t.maximum is not None:
                best = _optimise_row(base, row, maximize=False)
                if best is not None and best > t.maximum + 1e-6:
                    conflicts.append(_day_conflict(t, t.maximum, best, request, low=False))
        else:
            conflicts += _share_conflicts(base, t, request)
    return conflicts


def _joint_conflicts(base: BuiltModel, request: PlanRequest) -> list[Conflict]:
    """Limits that must change together, when no single change is enough.

    Every limit row gets a slack column, weighted by the size of its limit, and the
    least total relative change is found (an elastic linear program). Each limit with
    slack becomes a conflict whose fix is its value in that solution; applying all of
    them together allows a plan. Empty when relaxing every limit is still not enough.
    """
    m = base.arrays
    energy = _energy_row(base)
    targets = {t.key: t for t in request.targets.limits}
    low_kcal = _kcal_range(request.targets)[0]
    reference_kcal = low_kcal if low_kcal > 0 else 2000.0
    slacks: list[tuple[int, Target, str, float]] = []   # row index, target, side, limit
    for i, row in enumerate(m.rows):
        for t in targets.values():
            if t.basis is Basis.DAY and row.name == f"{t.key}_d1":
                sides = [("min", t.minimum), ("max", t.maximum)]
            elif t.basis is not Basis.DAY and row.name in (f"{t.key}_min_d1",
                                                            f"{t.key}_max_d1"):
                side = row.name[len(t.key) + 1:len(t.key) + 4]
                sides = [(side, t.minimum if side == "min" else t.maximum)]
            else:
                continue
            for side, limit in sides:
                if limit is not None:
                    slacks.append((i, t, side, float(limit)))
    if not slacks:
        return []
    n = m.n_columns
    cost = np.zeros(n + len(slacks))
    new_rows = list(m.rows)
    for k, (i, t, side, limit) in enumerate(slacks):
        if t.basis is Basis.DAY:
            weight = 1.0 / max(abs(limit), 1.0)
        else:  # the row is in kcal (or grams) of a share of about reference_kcal
            weight = 1.0 / (t.coefficients()[1] * reference_kcal * max(abs(limit), 1.0))
        cost[n + k] = weight
        row = new_rows[i]
        # A lower side gains from +slack, an upper side from -slack.
        sign = 1.0 if side == "min" else -1.0
        new_rows[i] = Row(row.name, np.append(row.idx, n + k), np.append(row.coef, sign),
                          row.lo, row.hi)
    arrays = dataclasses.replace(
        m, names=[*m.names, *(f"slack_{k}" for k in range(len(slacks)))],
        lb=[*m.lb, *([0.0] * len(slacks))], ub=[*m.ub, *([math.inf] * len(slacks))],
        cost=cost.tolist(), integer=[*m.integer, *([False] * len(slacks))],
        rows=new_rows, maximize=False)
    r = solve(_with(base, arrays), relax=True, time_limit=10)
    if not r.status.has_plan or r.values is None:
        return []
    values = r.values
    day_energy = (float(np.dot(energy.coef, values[energy.idx]))
                  if energy is not None else math.nan)
    conflicts = []
    for k, (_, t, side, limit) in enumerate(slacks):
        slack = float(values[n + k])
        if slack <= 1e-6 * max(abs(limit), 1.0):
            continue
        low = side == "min"
        if t.basis is Basis.DAY:
            best = limit - slack if low else limit + slack
            conflict = _day_conflict(t, limit, best, request, low=low)
            if t.nutrient == "magnesium_mg" and low:
                # Not "the most reachable": the least change alongside the others.
                conflict = dataclasses.replace(conflict, fix=(
                    f"lower it to {best:,.0f} mg a day (--min magnesium_mg="
                    f"{_outward(best, up=False):g})"
                    f"{_supplement_hint(request, limit - best, ', or ')}"))
        else:
            b = t.coefficients()[1]
            best = (limit - slack / (b * day_energy) if low else limit + slack / (b * day_energy)
                    ) if day_energy > 0 else math.nan
            symbol = ">=" if low else "<="
            conflict = Conflict(
                f"{t.key} {symbol} {limit:g} {t.unit}", limit, best,
                f"about {best:.3g} {t.unit} is reachable with the other changes; this "
                "built-in limit is lifted only by --no-default-targets")
        conflicts.append(dataclasses.replace(
            conflict, fix=conflict.fix + "; together with the other changes listed",
            details=("No single change is enough: these limits must all change.",)))
    return conflicts


def _day_conflict(t: Target, limit: float, best: float, request: PlanRequest,
                  low: bool) -> Conflict:
    unit = t.unit
    side = ">=" if low else "<="
    name = f"{t.key} {side} {limit:,.0f} {unit}".strip()
    value = f"{best:,.0f} {unit}".strip()
    if t.nutrient == "magnesium_mg" and low:
        fix = (f"most magnesium reachable under these limits is {value} a day of "
               f"{limit:,.0f}; allow a plan by changing a limit listed here"
               f"{_supplement_hint(request, limit - best, ', or by counting ')}")
    elif t.nutrient == "energy_kcal":
        # Round outwards, and say the same number in words and in the flag.
        low_kcal, high_kcal = _kcal_range(request.targets)
        kcal = math.floor(best + 1e-6) if low else math.ceil(best - 1e-6)
        new = (kcal, high_kcal) if low else (low_kcal, kcal)
        fix = f"allow {kcal:,} {unit} a day (--kcal {new[0]:.0f}-{new[1]:.0f})"
    else:
        flag = "--min" if low else "--max"
        fix = (f"{'at most' if low else 'at least'} {value} a day is reachable; allow it "
               f"with {flag} {t.nutrient}={_outward(best, up=not low):g}")
    return Conflict(name, limit, best, fix)


def _supplement_hint(request: PlanRequest, short_mg: float, lead: str) -> str:
    """Suggest counting a supplement for the shortfall, but never above the UL.

    Only when none is counted yet, and only if the amount stays within the
    tolerable upper intake for supplemental magnesium for the person's age.
    """
    need = math.ceil(short_mg)
    ul = request.targets.supplement_ul_mg
    if request.targets.supplement_mg or need <= 0 or ul is None or need > ul:
        return ""
    return (f"{lead}a supplement you take with --supplement-mg {need} (at most "
            f"{ul:g} mg a day from supplements; ask a doctor)")


def _outward(value: float, up: bool, digits: int = 4) -> float:
    """``value`` to ``digits`` significant digits, rounded the way that keeps it reachable.

    A suggested maximum rounds up and a suggested minimum down: 353.34 reachable
    becomes ``--max 353.4``, since ``--max 353.3`` would still allow no plan.
    """
    if value == 0 or not math.isfinite(value):
        return value
    scale = 10.0 ** (digits - 1 - math.floor(math.log10(abs(value))))
    # The small allowance keeps values already on the grid (353.3 stays 353.3).
    shifted = value * scale
    rounded = math.ceil(shifted - 1e-9) if up else math.floor(shifted + 1e-9)
    return rounded / scale


def _kcal_range(targets: Targets) -> tuple[float, float]:
    t = targets.get("energy_kcal")
    if t is None:
        return 0.0, math.inf
    return (t.minimum or 0.0), (t.maximum if t.maximum is not None else math.inf)


def _share_conflicts(base: BuiltModel, t: Target, request: PlanRequest) -> list[Conflict]:
    """A limit on a share of energy: bisect for the least change that allows a plan."""
    conflicts = []
    for side, limit in (("min", t.minimum), ("max", t.maximum)):
        if limit is None:
            continue
        name = f"{t.key}_{side}_d1"
        without = [r for r in base.arrays.rows if r.name != name]
        if len(without) == len(base.arrays.rows):
            continue
        if not _feasible(_with(base, dataclasses.replace(base.arrays, rows=without))):
            continue
        row = next(r for r in base.arrays.rows if r.name == name)
        # The row is a*N - L*b*E; rebuild it for other limits L from its two parts.
        energy = _energy_row(base)
        if energy is None:
            continue
        lo, hi = (0.0, limit) if side == "min" else (limit, limit * 10 + 100)
        for _ in range(_SHARE_STEPS):
            mid = (lo + hi) / 2
            trial = _shifted_share_row(row, energy, limit, mid, t)
            arrays = dataclasses.replace(base.arrays, rows=[*without, trial])
            ok = _feasible(_with(base, arrays))
            if side == "min":
                lo, hi = (mid, hi) if ok else (lo, mid)
            else:
                lo, hi = (lo, mid) if ok else (mid, hi)
        best = lo if side == "min" else hi
        symbol = ">=" if side == "min" else "<="
        # --min/--max set amounts per day, not shares of energy: only dropping the
        # built-in targets lifts this one.
        conflicts.append(Conflict(
            f"{t.key} {symbol} {limit:g} {t.unit}", limit, best,
            f"about {best:.3g} {t.unit} is reachable; this built-in limit is lifted only "
            "by --no-default-targets (then give your own limits with --kcal, --min and "
            "--max)"))
    return conflicts


def _energy_row(base: BuiltModel) -> Row | None:
    for r in base.arrays.rows:
        if r.name == "energy_kcal_d1":
            return r
    return None


def _shifted_share_row(row: Row, energy: Row, old: float, new: float, t: Target) -> Row:
    """``a*N - new*b*E`` from ``a*N - old*b*E`` and the energy row ``E``."""
    _, b = t.coefficients()
    n = int(max(row.idx.max(initial=0), energy.idx.max(initial=0))) + 1
    coef = np.zeros(n)
    coef[row.idx] = row.coef
    coef[energy.idx] += (old - new) * b * energy.coef
    idx = np.flatnonzero(coef)
    return Row(row.name, idx, coef[idx], row.lo, row.hi)


def _choice_conflicts(foods: FoodTable, request: PlanRequest) -> list[Conflict]:
    """Each single choice whose removal makes the linear relaxation feasible."""
    trials: list[tuple[str, str, PlanRequest]] = []
    for allergen in sorted(request.avoid):
        trials.append((f"--avoid {allergen}", f"allow {allergen.replace('_', ' ')} (drop "
                       f"--avoid {allergen})",
                       dataclasses.replace(request, avoid=request.avoid - {allergen})))
    if request.diet in _LOOSER_DIET:
        looser = _LOOSER_DIET[request.diet]
        trials.append((f"--diet {request.diet}", f"use --diet {looser}",
                       dataclasses.replace(request, diet=looser)))
    for i, choice in enumerate(request.exclude):
        rest = request.exclude[:i] + request.exclude[i + 1:]
        trials.append((f"--exclude {choice.text}", f"drop --exclude {choice.text}",
                       dataclasses.replace(request, exclude=rest)))
    for i, choice in enumerate(request.include):
        rest = request.include[:i] + request.include[i + 1:]
        trials.append((f"--include {choice.text}", f"drop --include {choice.text}",
                       dataclasses.replace(request, include=rest)))
    if request.amounts is Amounts.SERVINGS and max_meals_per_food(request) is not None:
        # Variety across days is a limit too: on a small table it alone can rule out
        # a plan of a few days.
        trials.append(("variety: each food in a limited number of meals",
                       f"allow foods to repeat with --max-days-per-food {request.days}",
                       dataclasses.replace(request, max_days_per_food=request.days)))
    conflicts = []
    for limit, fix, trial in trials:
        if _feasible(build_model(foods, trial, relaxed=True)):
            conflicts.append(Conflict(limit, None, None, fix))
    return conflicts
