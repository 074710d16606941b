"""Changes to a request, said as flags, applied as the flags would apply them, and verified.

Diagnosis proposes changes ("allow 1,420 kcal a day (--kcal 1200-1420)"); before one is
printed it is *verified*: the request with that change applied is solved by the
planner, as a black box, under the same amounts mode, and only a change that gives a
plan is kept. A numeric change that is not enough (the linear relaxation's value can
fall short of whole and half servings) is pushed further a few times before it is
given up. Nothing here knows how the model is built.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .errors import Change, InputError
from .prices import parse_budget
from .request import Amounts, Diet, Objective, PlanRequest
from .targets import Basis, Target, Targets, food_group_targets, target_order

Fix = tuple[Change, ...]
"""Changes that allow a plan together."""

__all__ = ["Change", "Fix", "Proposal", "Verifier", "apply_fix", "fix_text", "outward"]


def fix_text(fix: Fix) -> str:
    """The changes of a fix as a user types them: ``--kcal 1200-1420 --min ...``."""
    return " ".join(str(c) for c in fix)


def apply_fix(request: PlanRequest, fix: Fix) -> PlanRequest:
    """The request as it would be with the fix's flags added to the command line.

    Raises:
        InputError: The changed request is not valid (for example a minimum above the
            maximum), so the fix cannot be given.
    """
    # --no-default-targets first: flags then add limits on top, as resolve_targets does.
    for change in sorted(fix, key=lambda c: c.flag != "--no-default-targets"):
        request = _apply(request, change)
    return request


def _apply(request: PlanRequest, change: Change) -> PlanRequest:
    flag, value = change.flag, change.value or ""
    if change.drop:
        if flag == "--no-caffeine":
            return request  # always given with --max-caffeine, which sets the cap
        if flag == "--avoid":
            return dataclasses.replace(request, avoid=request.avoid - {value})
        if flag == "--exclude":
            return dataclasses.replace(request, exclude=tuple(
                c for c in request.exclude if c.text != value))
        if flag == "--include":
            return dataclasses.replace(request, include=tuple(
                c for c in request.include if c.text != value))
        if flag == "--budget":
            return dataclasses.replace(request, budget=None)
        raise ValueError(f"cannot drop {flag}")
    targets = request.targets
    if flag == "--kcal":
        low, _, high = value.partition("-")
        targets = with_limit(targets, "energy_kcal", float(low), float(high), "--kcal")
        targets = _with_food_groups(targets, float(low), float(high))
    elif flag in ("--min", "--max"):
        nutrient, _, number = value.partition("=")
        old = targets.get(nutrient)
        amount = float(number)
        if flag == "--min":
            if nutrient == "magnesium_mg":  # the flag's amount includes the supplement
                amount = max(0.0, amount - targets.supplement_mg)
            targets = with_limit(targets, nutrient, amount, old.maximum if old else None, flag)
        elif old is not None and old.source in _CAFFEINE_FLAGS:
            return request  # --no-caffeine and --max-caffeine win over --max caffeine_mg
        else:
            targets = with_limit(targets, nutrient, old.minimum if old else None, amount, flag)
    elif flag == "--max-caffeine":
        targets = with_limit(targets, "caffeine_mg", None, float(value), flag)
    elif flag == "--supplement-mg":
        targets = with_supplement(targets, float(value))
    elif flag == "--no-default-targets":
        targets = without_defaults(targets)
    elif flag == "--diet":
        return dataclasses.replace(request, diet=Diet(value))
    elif flag == "--max-days-per-food":
        return dataclasses.replace(request, max_days_per_food=int(value))
    elif flag == "--amounts":
        return dataclasses.replace(request, amounts=Amounts(value))
    elif flag == "--objective":
        return dataclasses.replace(request, objective=Objective(value))
    elif flag == "--budget":
        return dataclasses.replace(request, budget=parse_budget(value))
    elif flag == "--time-limit":
        return dataclasses.replace(request, time_limit=float(value))
    else:
        raise ValueError(f"unknown change {change}")
    return dataclasses.replace(request, targets=targets)


_CAFFEINE_FLAGS = ("--no-caffeine", "--max-caffeine")


def with_limit(targets: Targets, nutrient: str, minimum: float | None, maximum: float | None,
               source: str) -> Targets:
    """Targets with one daily limit set, as ``--kcal``, ``--min`` or ``--max`` set it.

    Raises:
        InputError: The minimum would be above the maximum.
    """
    if minimum is not None and maximum is not None and minimum > maximum:
        raise InputError(f"{nutrient}: the minimum {minimum:g} is above the maximum "
                         f"{maximum:g}")
    limits = [t for t in targets.limits if t.key != nutrient]
    if minimum is not None or maximum is not None:
        limits.append(Target(nutrient, minimum, maximum, source=source))
    return _ordered(targets, limits)


def _with_food_groups(targets: Targets, low: float, high: float) -> Targets:
    """The food-group minimums of a new energy range, as ``--kcal`` sets them.

    The pattern's amounts follow the energy level, so a wider range can ask for more
    dairy or vegetables. As in :func:`mealplan.targets.resolve_targets`, a minimum the
    user gave (``--min``) stays, a maximum (``--max``) is kept beside the new minimum,
    and without default targets (no food-group limits) none is added.
    """
    pattern = {t.nutrient: t for t in food_group_targets(low, high)}
    limits = []
    for t in targets.limits:
        new = pattern.get(t.nutrient)
        if new is not None and t.basis is Basis.DAY and t.source != "--min":
            t = dataclasses.replace(t, minimum=new.minimum, source=new.source if t.maximum
                                    is None else f"{new.source}; --max")
        limits.append(t)
    return _ordered(targets, limits)


def _ordered(targets: Targets, limits: list[Target], **changes: object) -> Targets:
    # In resolve_targets' order: the model's rows follow it, and a solve near its time
    # limit can end differently with rows in another order.
    return dataclasses.replace(targets, limits=tuple(sorted(limits, key=target_order)),
                               **changes)  # type: ignore[arg-type]


def with_supplement(targets: Targets, supplement_mg: float) -> Targets:
    """Targets with a daily magnesium supplement counted, as ``--supplement-mg`` does."""
    mg = targets.get("magnesium_mg")
    limits = list(targets.limits)
    if mg is not None and mg.minimum is not None:
        total = mg.minimum + targets.supplement_mg
        limits = [t for t in limits if t.key != "magnesium_mg"]
        limits.append(dataclasses.replace(mg, minimum=max(0.0, total - supplement_mg)))
    return _ordered(targets, limits, supplement_mg=supplement_mg)


def without_defaults(targets: Targets) -> Targets:
    """Targets as ``--no-default-targets`` leaves them: only limits the user's flags set.

    A built-in limit the user changed keeps only the side the user gave (``--max`` on
    a built-in minimum keeps the maximum).
    """
    kept: list[Target] = []
    for t in targets.limits:
        if t.source.startswith("--"):
            kept.append(t)
        elif t.source.endswith("; --max"):
            kept.append(dataclasses.replace(t, minimum=None, source="--max"))
    return dataclasses.replace(targets, limits=tuple(kept), magnesium_rda_mg=None)


def day_limit_flags(targets: Targets) -> Fix:
    """Flags that restate every daily limit, for use after ``--no-default-targets``.

    Limits on a share of energy cannot be given as flags, so they are the ones such a
    fix drops.
    """
    changes: list[Change] = []
    for t in targets.limits:
        # Limits on shares cannot be flags; the user's own caffeine flag stays given.
        if t.basis is not Basis.DAY or t.source in _CAFFEINE_FLAGS:
            continue
        if t.nutrient == "energy_kcal" and t.minimum is not None and t.maximum is not None:
            changes.append(Change("--kcal", f"{_number(t.minimum)}-{_number(t.maximum)}"))
            continue
        if t.minimum is not None:
            extra = targets.supplement_mg if t.nutrient == "magnesium_mg" else 0.0
            changes.append(Change("--min", f"{t.nutrient}={_number(t.minimum + extra)}"))
        if t.maximum is not None:
            changes.append(Change("--max", f"{t.nutrient}={_number(t.maximum)}"))
    return tuple(changes)


def _number(value: float) -> str:
    return f"{value:.6g}"


@dataclass(frozen=True)
class Proposal:
    """A change to try, at a strength: ``make(1.0)`` is the first guess, more goes further."""

    make: Callable[[float], Fix | None]
    """The fix at a strength, or None when that strength is not possible."""
    scalable: bool = False
    """Whether a stronger change is worth trying when the first guess is not enough."""


# How much further a numeric change goes, in multiples of the first guess's distance.
STRENGTHS = (1.0, 1.3, 2.0, 3.5)


class Verifier:
    """Solves changed requests with the planner, within a time budget for all of them."""

    def __init__(self, request: PlanRequest, solve_with: Callable[[PlanRequest], bool],
                 budget_s: float) -> None:
        self.request, self.solve_with = request, solve_with
        self.deadline = time.perf_counter() + budget_s
        self.tried: dict[str, bool] = {}
        self.trials = 0

    def left(self) -> float:
        """Seconds left of the budget."""
        return self.deadline - time.perf_counter()

    def works(self, fix: Fix) -> bool:
        """Whether the request with ``fix`` applied gives a plan (False past the budget)."""
        try:
            changed = apply_fix(self.request, fix)
        except (InputError, ValueError):
            return False
        # Two fixes can make the same request (a supplement and a lower minimum).
        key = repr(changed)
        if key not in self.tried:
            if self.left() <= 0:
                return False
            self.trials += 1
            self.tried[key] = self.solve_with(changed)
        return self.tried[key]

    def first_working(self, proposal: Proposal) -> Fix | None:
        """The weakest strength of a proposal that gives a plan, or None."""
        for strength in STRENGTHS if proposal.scalable else STRENGTHS[:1]:
            fix = proposal.make(strength)
            if fix is not None and self.works(fix):
                return fix
        return None

    def any_working(self, proposals: Sequence[Proposal]) -> Fix | None:
        """The first proposal, in order, that gives a plan."""
        for proposal in proposals:
            fix = self.first_working(proposal)
            if fix is not None:
                return fix
        return None


def outward(value: float, up: bool, digits: int = 4) -> float:
    """``value`` to ``digits`` significant digits, rounded the way that keeps it reachable.

    A suggested maximum rounds up and a suggested minimum down: 353.34 reachable
    becomes ``--max 353.4``, since ``--max 353.3`` would still allow no plan.

    >>> outward(353.34, up=True), outward(353.34, up=False)
    (353.4, 353.3)
    """
    if value == 0 or not math.isfinite(value):
        return value
    scale = 10.0 ** (digits - 1 - math.floor(math.log10(abs(value))))
    # The small allowance keeps values already on the grid (353.3 stays 353.3).
    shifted = value * scale
    rounded = math.ceil(shifted - 1e-9) if up else math.floor(shifted + 1e-9)
    return rounded / scale
