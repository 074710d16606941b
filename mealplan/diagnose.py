"""Why no plan exists, and changes that would allow one, each verified before it is shown.

Diagnosis returns data (``Conflict`` values); wording of the whole message is left to
``NoPlanError``. It works on the screening LP (one average day, no integer parts):
when that has no solution, no plan has, and its small size makes a dozen re-solves
cheap. For each numeric limit it computes what is reachable while every other limit
holds (the limit's own expression optimised with its row removed); for each choice
(an avoided allergen, the diet, an exclusion, an inclusion) it tests whether
dropping that choice alone makes its linear relaxation feasible.

Those are proposals. A change is printed only once the planner, solving the request
with that change applied in the same amounts mode, found a plan
(:mod:`mealplan.fixes`); a numeric change that the relaxation's value leaves short
is pushed further a few times, and one that still fails is not printed.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from .errors import Conflict
from .fixes import (
    Change,
    Fix,
    Proposal,
    Verifier,
    apply_fix,
    day_limit_flags,
    fix_text,
    outward,
)
from .foods import FoodTable
from .model import (
    PLANNED_MEALS,
    BuiltModel,
    ModelArrays,
    Row,
    build_model,
    eligible_foods,
)
from .prices import Budget, Period, money, names_without_price
from .request import Amounts, Diet, Objective, PlanRequest
from .solvers import SolveStatus, solve
from .targets import Basis, Target, Targets

_LOOSER_DIET = {
    Diet.VEGAN: Diet.VEGETARIAN,
    Diet.VEGETARIAN: Diet.PESCATARIAN,
    Diet.PESCATARIAN: Diet.OMNIVORE,
}
# Bisection steps for limits given as a share of energy.
_SHARE_STEPS = 12
TRIAL_SECONDS = 10.0
"""Most time one verifying solve may take (less when the request allows less)."""
COMFORT = 0.5
"""A trial counts only if it found its plan in this share of its time limit or less."""
BUDGET_SECONDS = 45.0
"""Most time all verifying solves of one refusal may take together."""
BUDGET_HEADROOM = 0.15
"""How much more than the cheapest plan a budget goes per step of strength: a budget
right at the cheapest plan's cost may leave another objective no plan in time."""

Trial = Callable[[PlanRequest], bool]
"""Solves a changed request with the planner; True when it gives a plan."""


def solver_trial(foods: FoodTable) -> Trial:
    """The planner's own solve as a trial: the request as changed, at most TRIAL_SECONDS.

    A trial never gets more time than the request itself, and it counts only when its
    plan came well within that time (:data:`COMFORT`): each step of the search then
    finished before its share of the time ran out, so a re-run with at least as much
    time takes the same steps and finds the same plan. A plan found at the last
    moment is not counted; a stronger change, which is easier, is tried instead.
    """
    def attempt(request: PlanRequest) -> bool:
        limit = min(request.time_limit, TRIAL_SECONDS)
        started = time.perf_counter()
        from .strategy import solve_request

        # Without the basket: a week the basket cannot make is planned without it,
        # so whether a plan exists does not depend on it, and the trial is faster.
        outcome = solve_request(foods, dataclasses.replace(request, time_limit=limit,
                                                           no_basket=True))
        took = time.perf_counter() - started
        return (outcome.status.has_plan and outcome.status is not SolveStatus.TIME_LIMIT
                and took <= COMFORT * limit)
    return attempt


@dataclass
class _Finding:
    """A conflict before its proposals are verified."""

    limit: str
    requested: float | None
    reachable: float | None
    fact: str
    """What is true whatever is changed, e.g. what is reachable; may be empty."""
    proposals: list[tuple[Proposal, Callable[[Fix], str]]] = field(default_factory=list)
    """Changes to try, with how to word each once verified."""
    details: tuple[str, ...] = ()
    suffix: str = ""
    """Appended to the wording (joint changes say they go together)."""


def explain_infeasible(foods: FoodTable, request: PlanRequest, solve_with: Trial | None = None,
                       budget_s: float = BUDGET_SECONDS) -> list[Conflict]:
    """Explain why no plan meets a request, with changes verified to allow one.

    Args:
        foods: The food table.
        request: The request no plan meets.
        solve_with: Solves a changed request, True when it gives a plan; by default
            the planner's own solve (:func:`solver_trial`).
        budget_s: Time for all verifying solves together; proposals left untried
            when it runs out are not printed.

    Returns:
        Conflicts, most useful first: foods the choices leave out, then each limit
        that cannot be met with what is reachable, then single choices whose removal
        allows a plan. Each conflict's ``fixes`` are the verified changes, and its
        ``fix`` text words them. Empty when the request is in fact feasible in its
        linear relaxation (the integer structure is then to blame; see
        :func:`explain_structure`).
    """
    findings = _eligibility_findings(foods, request)
    if not findings:
        base = build_model(foods, request, relaxed=True)
        if _feasible(base):
            return []
        findings = _limit_findings(base, request) + _choice_findings(foods, request)
        if not findings:
            findings = _joint_findings(base, request)
    verifier = Verifier(request, solve_with or solver_trial(foods), budget_s)
    conflicts = _settle(findings, verifier)
    if not any(c.fixes for c in conflicts):
        conflicts.append(_last_resort(request, verifier))
    return conflicts


def explain_structure(foods: FoodTable, request: PlanRequest, solve_with: Trial,
                      budget_s: float = BUDGET_SECONDS) -> list[Conflict]:
    """Explain a request whose linear relaxation is feasible but has no servings plan.

    Args:
        foods: The food table.
        request: The request.
        solve_with: Tries a changed request, True when it gives a plan.
        budget_s: Time for all verifying solves together.
    """
    findings = []
    if request.days > 1:
        findings.append(_Finding(
            "variety: each food in a limited number of meals", None, None, "",
            [(_fixed(Change("--max-days-per-food", str(request.days))),
              lambda fix: f"allow foods to repeat with {fix_text(fix)}")]))
    findings.append(_Finding(
        "household servings and meal structure", None, None,
        "the limits can be met only with amounts that are not whole or half servings",
        [(_kcal_widening(request), lambda fix: f"widen the energy range ({fix_text(fix)})"),
         (_fixed(Change("--amounts", "continuous")),
          lambda fix: f"use free gram amounts ({fix_text(fix)})")]))
    verifier = Verifier(request, solve_with, budget_s)
    conflicts = [c for c in _settle(findings, verifier) if c.fixes]
    if not conflicts:
        conflicts.append(Conflict(
            "meal structure", None, None,
            "no combination of whole or half servings fits every meal, and no change "
            "tried allows one (a wider --kcal range, repeats across days, --amounts "
            "continuous); drop some --avoid/--exclude choices or relax a --min/--max"))
    return conflicts


def explain_time_limit(request: PlanRequest, solve_with: Trial,
                       budget_s: float = BUDGET_SECONDS) -> list[Conflict]:
    """Explain a request the solver found no plan for within its time limit.

    Only changes verified to give a plan (at most TRIAL_SECONDS each) are offered.
    """
    servings = request.amounts is Amounts.SERVINGS
    proposals: list[tuple[Proposal, Callable[[Fix], str]]] = [
        (_kcal_widening(request), lambda fix: f"widen the energy range ({fix_text(fix)})")]
    if servings:
        proposals.append((_fixed(Change("--amounts", "continuous")),
                          lambda fix: f"use free gram amounts ({fix_text(fix)})"))
    finding = _Finding("household servings and meal structure" if servings else "time limit",
                       None, None, f"no plan was found within {request.time_limit:g} s",
                       proposals)
    conflicts = _settle([finding], Verifier(request, solve_with, budget_s))
    if not conflicts[0].fixes:
        conflicts = [dataclasses.replace(conflicts[0], fix=(
            f"no plan was found within {request.time_limit:g} s, and no change tried "
            "found one quickly; a longer --time-limit may, or loosen some limits"))]
    return conflicts


def _fixed(*changes: Change) -> Proposal:
    fix = tuple(changes)
    return Proposal(lambda strength: fix)


def _kcal_widening(request: PlanRequest) -> Proposal:
    """A wider energy range: -10 % and +10 % of the current one, further when scaled."""
    low, high = _kcal_range(request.targets)
    if not math.isfinite(high) or high <= 0:
        return Proposal(lambda strength: None)

    def make(strength: float) -> Fix | None:
        step = 0.1 * strength
        return (Change("--kcal", f"{math.floor(low * (1 - step))}-"
                                 f"{math.ceil(high * (1 + step))}"),)
    return Proposal(make, scalable=True)


def _settle(findings: Sequence[_Finding], verifier: Verifier) -> list[Conflict]:
    """Verify every finding's proposals and word the conflicts with what works."""
    conflicts = []
    for f in findings:
        fixes: list[Fix] = []
        words: list[str] = []
        for proposal, wording in f.proposals:
            fix = verifier.first_working(proposal)
            if fix is not None and fix not in fixes:
                fixes.append(fix)
                words.append(wording(fix))
        if words:
            text = " or ".join(words) + f.suffix
            text = f"{f.fact}; {text}" if f.fact else text
        elif f.fact:
            text = f"{f.fact}; no change of this limit alone that was tried allows a plan"
        else:
            text = "no change of this alone that was tried allows a plan"
        conflicts.append(Conflict(f.limit, f.requested, f.reachable, text, f.details,
                                  tuple(fixes)))
    return conflicts


def _last_resort(request: PlanRequest, verifier: Verifier) -> Conflict:
    """When no listed change works: broader changes, verified like the others."""
    proposals = []
    loosen: list[Change] = [Change("--avoid", a, drop=True) for a in sorted(request.avoid)]
    loosen += [Change("--exclude", c.text, drop=True) for c in request.exclude]
    if request.diet is not Diet.OMNIVORE:
        loosen.append(Change("--diet", str(Diet.OMNIVORE)))
    if loosen:
        proposals.append(_fixed(*loosen))
    proposals.append(_fixed(Change("--no-default-targets"),
                            *(c for c in day_limit_flags(request.targets)
                              if c.flag == "--kcal")))
    if request.amounts is Amounts.SERVINGS:
        proposals.append(_fixed(Change("--amounts", "continuous")))
    fix = verifier.any_working(proposals)
    if fix is None:
        return Conflict("several limits together", None, None,
                        "no change tried allows a plan, neither one limit nor several "
                        "together; start from fewer limits (--no-default-targets with "
                        "your own --kcal, --min and --max)")
    return Conflict("several limits together", None, None,
                    f"no single change is enough; a plan is possible with {fix_text(fix)}",
                    (), (fix,))


def _eligibility_findings(foods: FoodTable, request: PlanRequest) -> list[_Finding]:
    ids, why = eligible_foods(foods, request)
    findings = []
    if len(ids) == 0:
        reasons = _count_reasons(why.values())
        return [_Finding("foods", 0, None,
                         f"every food is left out ({reasons}){_price_fact(foods, why)}",
                         _loosening_proposals(request))]
    if request.amounts is Amounts.SERVINGS and foods.has_meals:
        tags = foods.frame.loc[ids, "meals"]
        all_tags = foods.frame["meals"]
        for meal in PLANNED_MEALS:
            if not tags.map(lambda t, meal=meal: meal in t).any():
                tagged = set(all_tags.index[all_tags.map(lambda t, meal=meal: meal in t)])
                mine = {fid: r for fid, r in why.items() if fid in tagged}
                findings.append(_Finding(
                    f"{meal}: no food fits", 0, None,
                    f"every food tagged for this meal is left out{_price_fact(foods, mine)}",
                    _loosening_proposals(request)))
    eligible = set(ids)
    for choice in request.include:
        if not eligible & set(choice.food_ids):
            out = {fid: why.get(fid, "not eligible") for fid in choice.food_ids}
            why_out = "; ".join(sorted(set(out.values())))
            findings.append(_Finding(
                f"--include {choice.text}", None, None,
                f"it is left out by your other choices ({why_out}){_price_fact(foods, out)}",
                [(_fixed(Change("--include", choice.text, drop=True)), fix_text),
                 *_loosening_proposals(request)]))
    return findings


NO_PRICE = "no price"
"""Why a food is left out when money counts and it has no price (see eligible_foods)."""


def _price_fact(foods: FoodTable, why: dict[str, str]) -> str:
    """When foods are left out for want of a price: which, and how to give one."""
    unpriced = [fid for fid, r in why.items() if r == NO_PRICE]
    return f"; {_price_fix(foods, unpriced)}" if unpriced else ""


def _price_fix(foods: FoodTable, food_ids: list[str]) -> str:
    return (f"{len(food_ids)} of them have no price ({names_without_price(foods, food_ids)}): "
            "give them a price per 100 g in the food table's price column or with "
            "--prices FILE")


def _loosening_proposals(request: PlanRequest) -> list[tuple[Proposal, Callable[[Fix], str]]]:
    """Each single choice dropped (an allergen, the diet a step looser, an exclusion)."""
    proposals: list[tuple[Proposal, Callable[[Fix], str]]] = []
    if request.counts_money:
        # Foods without a price count again when money does not.
        money_free = [Change("--budget", drop=True)] if request.budget is not None else []
        if request.objective is Objective.COST:
            money_free.append(Change("--objective", str(Objective.DEFAULT)))
        proposals.append((_fixed(*money_free), fix_text))
    for allergen in sorted(request.avoid):
        proposals.append((_fixed(Change("--avoid", allergen, drop=True)), fix_text))
    if request.diet in _LOOSER_DIET:
        proposals.append((_fixed(Change("--diet", str(_LOOSER_DIET[request.diet]))),
                          fix_text))
    for choice in request.exclude:
        proposals.append((_fixed(Change("--exclude", choice.text, drop=True)), fix_text))
    return proposals


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
    arrays = dataclasses.replace(m, rows=[r for r in m.rows if r.key != row.key],
                                 cost=cost.tolist(), maximize=maximize)
    r = solve(_with(built, arrays), relax=True, time_limit=10)
    if r.status is SolveStatus.UNBOUNDED:
        return math.inf if maximize else -math.inf
    return r.objective if r.status.has_plan else None


def _limit_findings(base: BuiltModel, request: PlanRequest) -> list[_Finding]:
    findings = []
    # The screening LP's limits: a cut-back's caffeine cap is the plan's average there.
    for t in request.targets.day_limits(None):
        if t.basis is Basis.DAY:
            row = base.arrays.row(_target_key(t, None))
            if row is None:
                continue
            if t.minimum is not None:
                best = _optimise_row(base, row, maximize=True)
                if best is not None and best < t.minimum - 1e-6:
                    findings.append(_day_finding(t, t.minimum, best, request, low=True))
            if t.maximum is not None:
                best = _optimise_row(base, row, maximize=False)
                if best is not None and best > t.maximum + 1e-6:
                    findings.append(_day_finding(t, t.maximum, best, request, low=False))
        else:
            findings += _share_findings(base, t, request)
    return findings


def _day_changes(t: Target, limit: float, best: float, request: PlanRequest, low: bool,
                 strength: float) -> list[Fix]:
    """Alternative fixes that move one daily limit to ``best`` (further with strength > 1).

    One fix for most limits; for a magnesium minimum a supplement first, when the
    amount stays within the supplemental UL and none is counted yet. A caffeine cap
    set by ``--no-caffeine`` or ``--max-caffeine`` is changed with those flags, which
    ``--max caffeine_mg`` cannot override.
    """
    distance = abs(limit - best) * strength + (strength - 1) * 0.02 * abs(limit)
    value = limit - distance if low else limit + distance
    if t.nutrient == "energy_kcal":
        low_kcal, high_kcal = _kcal_range(request.targets)
        kcal = math.floor(value + 1e-6) if low else math.ceil(value - 1e-6)
        if kcal <= 0:
            return []
        new = (kcal, high_kcal) if low else (low_kcal, kcal)
        if not math.isfinite(new[1]):
            return [(Change("--min", f"energy_kcal={kcal}"),)]
        return [(Change("--kcal", f"{new[0]:.0f}-{new[1]:.0f}"),)]
    if value < 0:
        return []
    if t.nutrient == "magnesium_mg" and low:
        supplement = request.targets.supplement_mg
        fixes: list[Fix] = [(Change("--min", f"magnesium_mg="
                                             f"{outward(value + supplement, up=False):g}"),)]
        need = math.ceil(distance)
        ul = request.targets.supplement_ul_mg
        if not supplement and need > 0 and ul is not None and need <= ul:
            fixes.insert(0, (Change("--supplement-mg", str(need)),))
        return fixes
    amount = f"{outward(value, up=not low):g}"
    if t.nutrient == "caffeine_mg" and not low and t.source == "--no-caffeine":
        return [(Change("--no-caffeine", drop=True), Change("--max-caffeine", amount))]
    if t.nutrient == "caffeine_mg" and not low and t.source == "--max-caffeine":
        return [(Change("--max-caffeine", amount),)]
    return [(Change("--min" if low else "--max", f"{t.nutrient}={amount}"),)]


def _day_finding(t: Target, limit: float, best: float, request: PlanRequest,
                 low: bool) -> _Finding:
    side = ">=" if low else "<="
    name = f"{t.key} {side} {limit:,.0f} {t.unit}".strip()
    value = f"{best:,.0f} {t.unit}".strip()
    if t.nutrient == "magnesium_mg" and low:
        fact = (f"most magnesium reachable under these limits is {value} a day of "
                f"{limit:,.0f}")
    elif t.nutrient == "energy_kcal":
        fact = ""
    else:
        fact = f"{'at most' if low else 'at least'} {value} a day is reachable"
    proposals = []
    for k in range(2 if t.nutrient == "magnesium_mg" and low else 1):
        def make(strength: float, k: int = k) -> Fix | None:
            fixes = _day_changes(t, limit, best, request, low, strength)
            return fixes[k] if k < len(fixes) else None

        proposals.append((Proposal(make, scalable=True),
                          lambda fix: " and ".join(_word(t, c, request) for c in fix)))
    return _Finding(name, limit, best, fact, proposals)


def _word(t: Target, change: Change, request: PlanRequest) -> str:
    """The wording of a verified change to one daily limit."""
    if change.flag == "--supplement-mg":
        ul = request.targets.supplement_ul_mg
        return (f"count a supplement you take with --supplement-mg {change.value} (at most "
                f"{ul:g} mg a day from supplements; ask a doctor)")
    if change.flag == "--no-caffeine":
        return "drop --no-caffeine"
    if change.flag == "--max-caffeine":
        return f"allow it with --max-caffeine {change.value}"
    if change.flag == "--kcal":
        low, _, high = (change.value or "").partition("-")
        kcal = low if t.minimum is not None and float(low) < t.minimum else high
        return f"allow {int(kcal):,} {t.unit} a day ({change})"
    amount = (change.value or "").partition("=")[2]
    if t.nutrient == "magnesium_mg" and change.flag == "--min":
        return f"lower it to {float(amount):,g} mg a day ({change})"
    if t.nutrient == "energy_kcal":
        return f"allow {float(amount):,g} kcal a day ({change})"
    return f"allow it with {change}"


def _joint_findings(base: BuiltModel, request: PlanRequest) -> list[_Finding]:
    """Limits that must change together, when no single change is enough.

    Every limit row gets a slack column, weighted by the size of its limit, and the
    least total relative change is found (an elastic linear program). Each limit with
    slack becomes a finding; the proposal is all of them changed together (a magnesium
    minimum either lowered or met with a supplement), verified as one. Empty when
    relaxing every limit is still not enough.
    """
    m = base.arrays
    energy = _energy_row(base)
    targets = {t.key: t for t in request.targets.day_limits(None)}
    low_kcal = _kcal_range(request.targets)[0]
    reference_kcal = low_kcal if low_kcal > 0 else 2000.0
    slacks: list[tuple[int, Target, str, float]] = []   # row index, target, side, limit
    for i, row in enumerate(m.rows):
        for t in targets.values():
            if t.basis is Basis.DAY and row.key == _target_key(t, None):
                sides = [("min", t.minimum), ("max", t.maximum)]
            elif t.basis is not Basis.DAY and row.key in (_target_key(t, "min"),
                                                           _target_key(t, "max")):
                side = str(row.key[2])
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
                          row.lo, row.hi, row.key)
    arrays = dataclasses.replace(
        m, names=[*m.names, *(f"slack_{k}" for k in range(len(slacks)))],
        keys=[*m.keys, *(("slack", k) for k in range(len(slacks)))],
        lb=[*m.lb, *([0.0] * len(slacks))], ub=[*m.ub, *([math.inf] * len(slacks))],
        cost=cost.tolist(), integer=[*m.integer, *([False] * len(slacks))],
        rows=new_rows, maximize=False)
    r = solve(_with(base, arrays), relax=True, time_limit=10)
    if not r.status.has_plan or r.values is None:
        return []
    values = r.values
    day_energy = (float(np.dot(energy.coef, values[energy.idx]))
                  if energy is not None else math.nan)
    moved: list[tuple[Target, str, float, float]] = []  # target, side, limit, reachable
    for k, (_, t, side, limit) in enumerate(slacks):
        slack = float(values[n + k])
        if slack <= 1e-6 * max(abs(limit), 1.0):
            continue
        low = side == "min"
        if t.basis is Basis.DAY:
            best = limit - slack if low else limit + slack
        else:
            b = t.coefficients()[1]
            best = (limit - slack / (b * day_energy) if low else limit + slack / (b * day_energy)
                    ) if day_energy > 0 else math.nan
        moved.append((t, side, limit, best))
    if not moved:
        return []
    variants = [0, 1] if any(t.nutrient == "magnesium_mg" and side == "min"
                             for t, side, _, _ in moved) else [0]
    proposals = [Proposal(functools.partial(_joint_fix, moved, request, variant=v),
                          scalable=True) for v in variants]
    findings = []
    for t, side, limit, best in moved:
        symbol = ">=" if side == "min" else "<="
        unit = t.unit
        name = (f"{t.key} {symbol} {limit:,.0f} {unit}".strip() if t.basis is Basis.DAY
                else f"{t.key} {symbol} {limit:g} {unit}")
        fact = (f"about {best:.3g} {unit} is reachable with the other changes"
                if t.basis is not Basis.DAY else "")

        def wording(fix: Fix, t: Target = t) -> str:
            mine = [c for c in fix if _changes_target(c, t)]
            return " and ".join(_word(t, c, request) for c in mine) or fix_text(fix)
        findings.append(_Finding(
            name, limit, best, fact, [(p, wording) for p in proposals],
            ("No single change is enough: these limits must all change.",),
            "; together with the other changes listed"))
    return findings


def _changes_target(change: Change, t: Target) -> bool:
    if change.flag == "--kcal":
        return t.nutrient == "energy_kcal"
    if change.flag == "--supplement-mg":
        return t.nutrient == "magnesium_mg"
    if change.flag in ("--max-caffeine", "--no-caffeine"):
        return t.nutrient == "caffeine_mg"
    if change.flag == "--no-default-targets":
        return t.basis is not Basis.DAY
    return (change.value or "").partition("=")[0] == t.nutrient


def _joint_fix(moved: Sequence[tuple[Target, str, float, float]], request: PlanRequest,
               strength: float, *, variant: int) -> Fix | None:
    """Every moved limit changed at once; ``variant`` 1 meets magnesium with a supplement."""
    changes: list[Change] = []
    kcal: dict[str, int] = {}
    shares = False
    for t, side, limit, best in moved:
        if t.basis is not Basis.DAY:
            shares = True
            continue
        found = _day_changes(t, limit, best, request, side == "min", strength)
        if t.nutrient == "magnesium_mg" and side == "min":
            found = [f for f in found if (f[0].flag == "--supplement-mg") == (variant == 1)]
        if not found:
            return None
        change = found[0][0]
        if change.flag == "--kcal":  # both ends of the range may move: one flag
            low, _, high = (change.value or "").partition("-")
            kcal[side] = int(low if side == "min" else high)
            continue
        changes.extend(found[0])
    if kcal:
        low_kcal, high_kcal = _kcal_range(request.targets)
        new_low = kcal.get("min", low_kcal)
        new_high = kcal.get("max", high_kcal)
        changes.append(Change("--kcal", f"{new_low:.0f}-{new_high:.0f}"))
    if shares:
        # A share of energy is lifted only with every built-in target; restate the
        # daily ones the changes above do not set.
        set_here = {(c.flag, (c.value or "").partition("=")[0]) for c in changes}
        restated = [c for c in day_limit_flags(request.targets)
                    if (c.flag, (c.value or "").partition("=")[0]) not in set_here
                    and not (c.flag == "--kcal" and any(x.flag == "--kcal" for x in changes))]
        changes = [Change("--no-default-targets"), *restated, *changes]
    return tuple(changes)


def _kcal_range(targets: Targets) -> tuple[float, float]:
    t = targets.get("energy_kcal")
    if t is None:
        return 0.0, math.inf
    return (t.minimum or 0.0), (t.maximum if t.maximum is not None else math.inf)


def _share_findings(base: BuiltModel, t: Target, request: PlanRequest) -> list[_Finding]:
    """A limit on a share of energy: bisect for what is reachable.

    ``--min``/``--max`` set amounts per day, not shares of energy, so the only change
    that lifts a built-in share is ``--no-default-targets``, with the daily limits
    restated as flags so that magnesium, energy and the rest still hold.
    """
    findings = []
    for side, limit in (("min", t.minimum), ("max", t.maximum)):
        if limit is None:
            continue
        key = _target_key(t, side)
        without = [r for r in base.arrays.rows if r.key != key]
        if len(without) == len(base.arrays.rows):
            continue
        if not _feasible(_with(base, dataclasses.replace(base.arrays, rows=without))):
            continue
        row = next(r for r in base.arrays.rows if r.key == key)
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
        fix = (Change("--no-default-targets"), *day_limit_flags(request.targets))
        findings.append(_Finding(
            f"{t.key} {symbol} {limit:g} {t.unit}", limit, best,
            f"about {best:.3g} {t.unit} is reachable",
            [(_fixed(*fix), lambda fix: "this built-in limit is lifted only by "
              f"--no-default-targets, with the daily limits given again: {fix_text(fix)}")]))
    return findings


def _always(text: str, fix: Fix) -> str:
    return text


def _target_key(t: Target, side: str | None) -> tuple[str, str, str | None, str]:
    """The key of a target's row on the first (or the average) day."""
    return ("target", t.key, side, "d1")


def _energy_row(base: BuiltModel) -> Row | None:
    return base.arrays.row(("target", "energy_kcal", None, "d1"))


def _shifted_share_row(row: Row, energy: Row, old: float, new: float, t: Target) -> Row:
    """``a*N - new*b*E`` from ``a*N - old*b*E`` and the energy row ``E``."""
    _, b = t.coefficients()
    n = int(max(row.idx.max(initial=0), energy.idx.max(initial=0))) + 1
    coef = np.zeros(n)
    coef[row.idx] = row.coef
    coef[energy.idx] += (old - new) * b * energy.coef
    idx = np.flatnonzero(coef)
    return Row(row.name, idx, coef[idx], row.lo, row.hi, row.key)


def _choice_findings(foods: FoodTable, request: PlanRequest) -> list[_Finding]:
    """Each single choice whose removal makes the linear relaxation feasible.

    The relaxation is a cheap first filter; the change is then verified like any other.
    """
    trials: list[tuple[str, str, Change]] = []
    for allergen in sorted(request.avoid):
        trials.append((f"--avoid {allergen}", f"allow {allergen.replace('_', ' ')} (drop "
                       f"--avoid {allergen})", Change("--avoid", allergen, drop=True)))
    if request.diet in _LOOSER_DIET:
        looser = _LOOSER_DIET[request.diet]
        trials.append((f"--diet {request.diet}", f"use --diet {looser}",
                       Change("--diet", str(looser))))
    for choice in request.exclude:
        trials.append((f"--exclude {choice.text}", f"drop --exclude {choice.text}",
                       Change("--exclude", choice.text, drop=True)))
    for choice in request.include:
        trials.append((f"--include {choice.text}", f"drop --include {choice.text}",
                       Change("--include", choice.text, drop=True)))
    if request.amounts is Amounts.SERVINGS and request.days > 1:
        # Variety across days is a limit too: on a small table it alone can rule out
        # a plan of a few days.
        trials.append(("variety: each food in a limited number of meals",
                       f"allow foods to repeat with --max-days-per-food {request.days}",
                       Change("--max-days-per-food", str(request.days))))
    fixes: list[tuple[str, str, Fix]] = [(limit, text, (change,))
                                         for limit, text, change in trials]
    unpriced = [fid for fid, r in eligible_foods(foods, request)[1].items() if r == NO_PRICE]
    if unpriced:
        # Would the foods without a price allow a plan, if money did not count?
        money_free = [Change("--budget", drop=True)] if request.budget is not None else []
        if request.objective is Objective.COST:
            money_free.append(Change("--objective", str(Objective.DEFAULT)))
        fixes.append((f"prices: {len(unpriced)} of {len(foods)} foods have none",
                      _price_fix(foods, unpriced).replace("of them ", "foods ", 1),
                      tuple(money_free)))
    findings = []
    for limit, text, fix in fixes:
        changed = apply_fix(request, fix)
        if _feasible(build_model(foods, changed, relaxed=True)):
            findings.append(_Finding(limit, None, None, "",
                                     [(_fixed(*fix), functools.partial(_always, text))]))
    return findings


def budget_conflict(budget: Budget, currency: str | None, day_costs: Sequence[float],
                    gap: float | None, verifier: Verifier | None = None) -> Conflict:
    """Explain a budget no plan meets, from the cheapest plan meeting every other limit.

    Every budget printed is verified when a ``verifier`` is given: a budget just above
    the cheapest plan can be too tight for another objective to find a plan in time,
    so it is raised in steps (:data:`BUDGET_HEADROOM`) until one works, and the
    cheapest week itself (``--objective cost``) is offered too.

    Args:
        budget: The budget asked for.
        currency: What the prices are in.
        day_costs: What each day of that cheapest plan costs.
        gap: How far that plan's cost may be above the lowest possible, when known.
        verifier: Solves the request with a changed budget; None words the budgets
            without trying them.
    """
    days = len(day_costs)
    total = math.fsum(day_costs)
    per_day = total / days
    week_total = total * 7 / days
    if budget.period is Period.DAY:
        costs = f"{money(per_day, currency)} a day"
        # Each day must fit: the cheapest plan's dearest day is what a budget must allow.
        needed = [Budget(max(day_costs), Period.DAY)]
        if max(day_costs) > per_day + 0.005:
            costs += f" on average, {money(max(day_costs), currency)} on its dearest day"
            # A week's budget lets cheap days pay for dear ones.
            needed.append(Budget(week_total, Period.WEEK))
        reachable = max(day_costs)
    else:
        costs = f"{money(per_day, currency)} a day, {money(week_total, currency)} a week"
        needed = [Budget(week_total, Period.WEEK)]
        reachable = week_total
    details: tuple[str, ...] = ()
    if gap is not None and gap > 1e-6:
        details = (f"That plan is within {gap:.1%} of the lowest cost possible.",)
    fact = f"the cheapest plan meeting every other limit costs {costs}"

    def at(b: Budget, headroom: float) -> Change:
        return Change("--budget", Budget(_cents_up(b.amount * headroom), b.period).flag())

    if verifier is None:
        first, *more = (fix_text((at(b, 1.0),)) for b in needed)
        text = first + "".join(f", or {m} for the plan as a whole" for m in more)
        return Conflict(f"budget <= {budget.describe(currency)}", budget.amount, reachable,
                        f"{fact}; allow it with {text}", details)

    def raised(b: Budget) -> Proposal:
        def make(strength: float) -> Fix:
            return (at(b, 1.0 + BUDGET_HEADROOM * (strength - 1.0)),)
        return Proposal(make, scalable=True)

    fixes: list[tuple[Change, ...]] = []
    words: list[str] = []
    at_cost = False
    for b in needed:
        found = verifier.first_working(raised(b))
        if found is not None:
            fixes.append(found)
            words.append(fix_text(found))
            at_cost = at_cost or found == (at(b, 1.0),)
    # When no budget at the cheapest plan's cost works for this objective, that plan
    # itself still does.
    cheapest = (at(needed[-1], 1.0), Change("--objective", "cost"))
    if (not at_cost and verifier.request.objective is not Objective.COST
            and verifier.works(cheapest)):
        fixes.append(cheapest)
        words.append(f"{fix_text(cheapest)} for the cheapest week")
    if not words:
        return Conflict(f"budget <= {budget.describe(currency)}", budget.amount, reachable,
                        f"{fact}; no budget that was tried gave a plan in time", details)
    return Conflict(f"budget <= {budget.describe(currency)}", budget.amount, reachable,
                    f"{fact}; allow it with " + ", or ".join(words), details,
                    tuple(fixes))


def _cents_up(value: float) -> float:
    return math.ceil(value * 100 - 1e-6) / 100
