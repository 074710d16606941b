"""The independent checker: every plan is re-verified from the food table.

It recomputes each day's totals as grams / 100 x the table's per-100 g values, by
food_id, and tests every target, the diet, allergens, exclusions, inclusions, meal
tags and serving rules. It never reads solver values and imports neither the model
nor the solver, so a modelling bug cannot hide behind itself.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .foods import FoodTable
from .plan import Plan
from .request import Amounts, Diet, PlanRequest
from .targets import ATWATER_KCAL_PER_G, Basis, Target

# Solvers meet rows to about 1e-6 relative; allow a little more for rounding grams.
RELATIVE_TOLERANCE = 1e-5
ABSOLUTE_TOLERANCE = 1e-3
_PER = {Basis.ENERGY_PCT: 100.0, Basis.PER_1000_KCAL: 1000.0}


@dataclass(frozen=True)
class Violation:
    """One way a plan breaks its request."""

    day: int | None
    """1-based day, or None for the plan as a whole."""
    rule: str
    """What is broken, e.g. ``magnesium_mg`` or ``allergen``."""
    detail: str
    """Human-readable detail with the numbers."""

    def __str__(self) -> str:
        where = f"day {self.day}: " if self.day is not None else ""
        return f"{where}{self.rule}: {self.detail}"


def check_plan(plan: Plan, foods: FoodTable, request: PlanRequest) -> list[Violation]:
    """Re-check a plan against its request, from the food table alone.

    Returns:
        Every violation found; an empty list means the plan is valid.
    """
    frame = foods.frame
    found: list[Violation] = []
    if len(plan.days) != request.days:
        found.append(Violation(None, "days", f"{len(plan.days)} days, expected {request.days}"))
    excluded = {fid for c in request.exclude for fid in c.food_ids}
    # One lookup for every food the plan uses, not one per item.
    used_ids = sorted({i.food_id for d in plan.days for i in d.items} & set(frame.index))
    rows = frame.loc[used_ids].to_dict("index")
    for day in plan.days:
        totals: dict[str, float] = {}
        unknown: dict[str, list[str]] = {}
        per_food_servings: dict[str, float] = {}
        for meal in day.meals:
            for item in meal.items:
                row = rows.get(item.food_id)
                if row is None:
                    found.append(Violation(day.number, "food", f"{item.food_id} not in table"))
                    continue
                found.extend(_check_item(day.number, meal.name, item.food_id, item.grams,
                                         item.servings, row, request, excluded))
                per_food_servings[item.food_id] = (
                    per_food_servings.get(item.food_id, 0.0) + item.grams / float(row["serving_g"]))
                for column in foods.nutrients:
                    value = float(row[column])
                    if math.isnan(value):
                        unknown.setdefault(column, []).append(item.food_id)
                    else:
                        totals[column] = totals.get(column, 0.0) + value * item.grams / 100
        for t in request.targets.limits:
            found.extend(_check_target(day.number, t, totals, unknown))
        found.extend(_check_stored_totals(day.number, day.totals, totals, foods.nutrients))
        if "max_servings" in frame.columns:  # the model caps both kinds of amounts
            for fid, servings in per_food_servings.items():
                cap = float(rows[fid]["max_servings"])
                if not math.isnan(cap) and servings > cap + ABSOLUTE_TOLERANCE:
                    found.append(Violation(day.number, "max_servings",
                                           f"{fid}: {servings:g} servings, cap {cap:g}"))
    used = {i.food_id for d in plan.days for i in d.items}
    for choice in request.include:
        if not used & set(choice.food_ids):
            found.append(Violation(None, "include", f"{choice.text!r} is not in the plan"))
    return found


def _check_item(day: int, meal: str, food_id: str, grams: float, shown_servings: float,
                row: object, request: PlanRequest, excluded: set[str]) -> list[Violation]:
    found = []
    if not grams > 0:
        found.append(Violation(day, "grams", f"{food_id}: {grams} g"))
    servings = grams / float(row["serving_g"])  # type: ignore[index]
    if not math.isclose(shown_servings, servings, rel_tol=1e-3, abs_tol=1e-3):
        found.append(Violation(day, "shown_servings", f"{food_id}: shown as {shown_servings:g} "
                               f"servings, {grams:g} g is {servings:.4g}"))
    if request.diet is not Diet.OMNIVORE and str(request.diet) not in row["diets"]:  # type: ignore[index]
        found.append(Violation(day, "diet", f"{food_id} is not {request.diet}"))
    allergens = row["allergens"] & request.avoid  # type: ignore[index]
    if allergens:
        listed = ", ".join(sorted(allergens))
        found.append(Violation(day, "allergen", f"{food_id} contains {listed}"))
    if food_id in excluded:
        found.append(Violation(day, "exclude", f"{food_id} was excluded"))
    tags = row["meals"]  # type: ignore[index]
    if meal != "all" and tags and meal not in tags:
        found.append(Violation(day, "meal", f"{food_id} is not tagged for {meal}"))
    if request.amounts is Amounts.SERVINGS:
        halves = grams / (float(row["serving_g"]) / 2)  # type: ignore[index]
        if abs(halves - round(halves)) > 1e-3:
            found.append(Violation(day, "servings", f"{food_id}: {grams} g is not whole or "
                                   "half servings"))
    return found


def _check_target(day: int, t: Target, totals: dict[str, float],
                  unknown: dict[str, list[str]]) -> list[Violation]:
    found = []
    amount = totals.get(t.nutrient, 0.0)
    if t.maximum is not None and unknown.get(t.nutrient):
        found.append(Violation(day, t.key, f"{t.nutrient} unknown for "
                               f"{', '.join(sorted(set(unknown[t.nutrient])))} under a maximum"))
    if t.basis is Basis.DAY:
        measure = amount
    else:
        energy = totals.get("energy_kcal", 0.0)
        if energy <= 0:
            return [*found, Violation(day, t.key, "no energy to take a share of")]
        per_kcal = ATWATER_KCAL_PER_G[t.nutrient] if t.basis is Basis.ENERGY_PCT else 1.0
        measure = per_kcal * amount * _PER[t.basis] / energy
    if t.minimum is not None and measure < t.minimum - _tolerance(t.minimum):
        found.append(Violation(day, t.key, f"{measure:.4g} below the minimum {t.minimum:g}"))
    if t.maximum is not None and measure > t.maximum + _tolerance(t.maximum):
        found.append(Violation(day, t.key, f"{measure:.4g} above the maximum {t.maximum:g}"))
    return found


def _check_stored_totals(day: int, stored: object, recomputed: dict[str, float],
                         nutrients: tuple[str, ...]) -> list[Violation]:
    found = []
    # Every column, not only those with a known value in the day: a total shown for a
    # day whose foods add nothing to it must be 0.
    for column in nutrients:
        value = recomputed.get(column, 0.0)
        shown = stored.get(column, math.nan)  # type: ignore[attr-defined]
        if not math.isclose(shown, value, rel_tol=1e-6, abs_tol=1e-6):
            found.append(Violation(day, "totals", f"{column} shown as {shown:g}, is {value:g}"))
    return found


def _tolerance(limit: float) -> float:
    return ABSOLUTE_TOLERANCE + RELATIVE_TOLERANCE * abs(limit)
