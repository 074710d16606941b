"""The independent checker: every plan is re-verified from the food table.

It recomputes each day's totals as grams / 100 x the table's per-100 g values, by
food_id, and tests every target, the diet, allergens, exclusions, inclusions, meal
tags, portions, plate templates, variety families, days per food and each meal's
share of the day's energy, reading the rules from :mod:`mealplan.meals`, the one
definition the model reads too. It never reads solver values and imports neither
the model nor the solver, so a modelling bug cannot hide behind itself.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .caffeine import caffeinated, describe_meals
from .foods import FoodTable
from .meals import (
    FAMILY_WEEK_DAYS,
    NO_MEALS,
    ROLES,
    days_allowed,
    food_rules,
    has_roles,
    match_template,
    role_day_servings,
    templates_for,
    unpaired_sides,
)
from .plan import Day, Plan
from .prices import Period, price_per_100g
from .request import Amounts, Diet, PlanRequest
from .targets import ATWATER_KCAL_PER_G, Basis, Target

# Solvers meet rows to about 1e-6 relative; allow a little more for rounding grams.
RELATIVE_TOLERANCE = 1e-5
ABSOLUTE_TOLERANCE = 1e-3
_PER = {Basis.ENERGY_PCT: 100.0, Basis.PER_1000_KCAL: 1000.0}
# The share of the day's energy each meal may hold: the same numbers the model uses,
# kept here as well so that a change to one is caught by the other's tests.
MEAL_ENERGY_SHARES: Mapping[str, tuple[float, float]] = {
    "breakfast": (0.15, 0.35),
    "lunch": (0.20, 0.40),
    "dinner": (0.25, 0.45),
    "snack": (0.05, 0.25),
}


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


@dataclass(frozen=True)
class _Rules:
    """The meal rules of the foods a plan uses, by food_id."""

    role: Mapping[str, str]
    unit_g: Mapping[str, float]
    least: Mapping[str, float]
    most: Mapping[str, float]
    day_most: Mapping[str, float]
    repeats: Mapping[str, bool]
    week_days: Mapping[str, float]
    family_once_a_day: Mapping[str, bool]
    cuisine: Mapping[str, str]
    family: Mapping[str, str]
    families: Mapping[str, tuple[str, ...]]
    takes_bread: Mapping[str, bool]


def _rules(foods: FoodTable, used: list[str], portion_scale: float) -> _Rules:
    frame = foods.frame.loc[used]
    r = food_rules(frame, foods.has_meals, portion_scale)
    ids = list(frame.index)

    def by_id(values: np.ndarray) -> dict[str, Any]:
        return dict(zip(ids, values.tolist(), strict=True))

    return _Rules(by_id(r.role), by_id(r.unit_g), by_id(r.least), by_id(r.most),
                  by_id(r.day_most), by_id(r.repeats), by_id(r.week_days),
                  by_id(r.family_once_a_day), by_id(r.cuisine), by_id(r.family),
                  by_id(r.families), by_id(r.takes_bread))


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
    rows: dict[str, dict[str, Any]] = {
        str(fid): {str(k): v for k, v in r.items()}
        for fid, r in frame.loc[used_ids].to_dict("index").items()}
    rules = _rules(foods, used_ids, request.targets.portion_scale)
    servings = request.amounts is Amounts.SERVINGS
    roles_apply = has_roles(frame) and foods.has_meals
    role_caps = role_day_servings(request.targets.profile.age)
    days_on: Counter[str] = Counter()
    for day in plan.days:
        totals: dict[str, float] = {}
        unknown: dict[str, list[str]] = {}
        units_in_day: dict[str, float] = {}
        meals_in_day: Counter[str] = Counter()
        meal_energy: dict[str, float] = {}
        for meal in day.meals:
            energy = 0.0
            for item in meal.items:
                row = rows.get(item.food_id)
                if row is None:
                    found.append(Violation(day.number, "food", f"{item.food_id} not in table"))
                    continue
                found.extend(_check_item(day.number, meal.name, item.food_id, item.grams,
                                         item.servings, row, request, excluded))
                units = item.grams / rules.unit_g[item.food_id]
                if servings:
                    found.extend(_check_portion(day.number, meal.name, item.food_id, units,
                                                rules))
                units_in_day[item.food_id] = units_in_day.get(item.food_id, 0.0) + (
                    units if servings else item.grams / float(row["serving_g"]))
                meals_in_day[item.food_id] += 1
                for column in foods.nutrients:
                    value = float(row[column])
                    if math.isnan(value):
                        unknown.setdefault(column, []).append(item.food_id)
                    else:
                        totals[column] = totals.get(column, 0.0) + value * item.grams / 100
                energy += _known(row.get("energy_kcal")) * item.grams / 100
            meal_energy[meal.name] = energy
            if servings and meal.name != NO_MEALS:
                found.extend(_check_meal(day.number, meal.name, meal.template,
                                         [i.food_id for i in meal.items if i.food_id in rows],
                                         rows, rules, roles_apply))
        for t in request.targets.day_limits(day.number):
            found.extend(_check_target(day.number, t, totals, unknown))
        found.extend(_check_stored_totals(day.number, day.totals, totals, foods.nutrients))
        found.extend(_check_day(day, units_in_day, meals_in_day, rows, rules, servings,
                                roles_apply, foods, role_caps))
        if foods.has_meals:
            found.extend(_check_shares(day.number, meal_energy, totals.get("energy_kcal", 0.0)))
        days_on.update(units_in_day.keys())
    if servings:
        for fid, n in sorted(days_on.items()):
            if fid not in rules.week_days:
                continue
            limit = days_allowed(rules.week_days[fid], request.days, request.max_days_per_food)
            if n > limit:
                found.append(Violation(None, "days_per_food",
                                       f"{fid} is on {n} days, at most {limit:g} allowed"))
        family_days = Counter(name for day in plan.days for name in
                              {name for i in day.items if i.food_id in rules.families
                               for name in rules.families[i.food_id]})
        for name, cap in sorted(FAMILY_WEEK_DAYS.items()):
            limit = days_allowed(cap, request.days, None)
            if family_days[name] > limit:
                found.append(Violation(None, "family_days", f"family {name} is on "
                                       f"{family_days[name]} days, at most {limit:g} allowed"))
    found.extend(check_caffeine(plan, foods, request))
    used = {i.food_id for d in plan.days for i in d.items}
    for choice in request.include:
        if not used & set(choice.food_ids):
            found.append(Violation(None, "include", f"{choice.text!r} is not in the plan"))
    found.extend(_check_costs(plan, foods, request))
    # Imported here: the basket's check reports this module's Violation.
    from .check_basket import check_purchases

    found.extend(check_purchases(plan, foods, request))
    return found


def _check_costs(plan: Plan, foods: FoodTable, request: PlanRequest) -> list[Violation]:
    """Every item's cost and the budget, recomputed from the table's prices.

    When money counts (cost objective or a budget) every food must have a price; a
    missing one is never taken as 0.
    """
    prices = price_per_100g(foods, request.prices)
    found = []
    day_costs = []
    for day in plan.days:
        cost = 0.0
        for item in day.items:
            price = float(prices.get(item.food_id, math.nan))
            if math.isnan(price):
                if item.cost is not None:
                    found.append(Violation(day.number, "cost", f"{item.food_id} has no price "
                                           f"but is shown to cost {item.cost:g}"))
                if request.counts_money:
                    found.append(Violation(day.number, "price", f"{item.food_id} has no price"))
                continue
            expected = item.grams / 100 * price
            cost += expected
            # A cost not shown is only wrong when money counts; a cost shown must be right.
            missing = item.cost is None and request.counts_money
            if missing or (item.cost is not None and not math.isclose(
                    item.cost, expected, rel_tol=1e-9, abs_tol=1e-9)):
                found.append(Violation(day.number, "cost", f"{item.food_id} shown to cost "
                                       f"{item.cost}, {item.grams:g} g cost {expected:g}"))
        day_costs.append(cost)
    budget = request.budget
    if budget is not None and budget.period is Period.DAY:
        for day, cost in zip(plan.days, day_costs, strict=True):
            if cost > budget.amount + _tolerance(budget.amount):
                found.append(Violation(day.number, "budget", f"costs {cost:.4g}, budget "
                                       f"{budget.amount:g} a day"))
    elif budget is not None:
        total, allowed = math.fsum(day_costs), budget.total(len(plan.days))
        if total > allowed + _tolerance(allowed):
            found.append(Violation(None, "budget", f"costs {total:.4g}, budget {allowed:.4g} "
                                   f"for {len(plan.days)} days ({budget.amount:g} a week)"))
    return found


def _known(value: object) -> float:
    number = float(value) if value is not None else math.nan  # type: ignore[arg-type]
    return 0.0 if math.isnan(number) else number


def check_caffeine(plan: Plan, foods: FoodTable, request: PlanRequest) -> list[Violation]:
    """Caffeinated foods only when asked for, and only in the meals that allow caffeine."""
    found = []
    with_caffeine = caffeinated(foods)
    unasked = request.unasked_caffeine(foods)
    for day in plan.days:
        for meal in day.meals:
            for item in meal.items:
                if item.food_id in unasked:
                    found.append(Violation(day.number, "caffeine_not_asked",
                                           f"{item.food_id} has caffeine, which was not asked for"))
                elif item.food_id in with_caffeine and not request.caffeine_allowed_in(meal.name):
                    allowed = describe_meals(request.caffeine_meals or ())
                    found.append(Violation(day.number, "caffeine_timing",
                                           f"{item.food_id} has caffeine at {meal.name}; "
                                           f"allowed only at {allowed}"))
    return found


def _check_item(day: int, meal: str, food_id: str, grams: float, shown_servings: float,
                row: Mapping[str, Any], request: PlanRequest,
                excluded: set[str]) -> list[Violation]:
    found = []
    if not grams > 0:
        found.append(Violation(day, "grams", f"{food_id}: {grams} g"))
    servings = grams / float(row["serving_g"])
    if not math.isclose(shown_servings, servings, rel_tol=1e-3, abs_tol=1e-3):
        found.append(Violation(day, "shown_servings", f"{food_id}: shown as {shown_servings:g} "
                               f"servings, {grams:g} g is {servings:.4g}"))
    if request.diet is not Diet.OMNIVORE and str(request.diet) not in row["diets"]:
        found.append(Violation(day, "diet", f"{food_id} is not {request.diet}"))
    allergens = row["allergens"] & request.avoid
    if allergens:
        listed = ", ".join(sorted(allergens))
        found.append(Violation(day, "allergen", f"{food_id} contains {listed}"))
    replaced = row["substitute_for"] - request.avoid
    if replaced:
        found.append(Violation(day, "substitute", f"{food_id} is a substitute for "
                               f"{', '.join(sorted(replaced))}, which is not avoided"))
    if food_id in excluded:
        found.append(Violation(day, "exclude", f"{food_id} was excluded"))
    tags = row["meals"]
    if meal != NO_MEALS and tags and meal not in tags:
        found.append(Violation(day, "meal", f"{food_id} is not tagged for {meal}"))
    return found


def _check_portion(day: int, meal: str, food_id: str, units: float,
                   rules: _Rules) -> list[Violation]:
    """Whole portion steps, within the food's range for one meal."""
    if abs(units - round(units)) > 1e-3:
        return [Violation(day, "portion", f"{food_id} at {meal}: not whole portion steps "
                          f"({units:.4g} steps of {rules.unit_g[food_id]:g} g)")]
    least, most = rules.least[food_id], min(rules.most[food_id], rules.day_most[food_id])
    if not least - 1e-6 <= units <= most + 1e-6:
        return [Violation(day, "portion", f"{food_id} at {meal}: {units:g} steps, expected "
                          f"{least:g} to {most:g}")]
    return []


def _check_meal(day: int, meal: str, template_name: str | None, food_ids: list[str],
                rows: Mapping[str, Mapping[str, Any]], rules: _Rules,
                roles_apply: bool) -> list[Violation]:
    """The meal follows a template, its sides go with its main, one food per family."""
    found = []
    roles = [rules.role[fid] for fid in food_ids]
    template = match_template(meal, roles, roles_apply)
    if template is None:
        found.append(Violation(day, "template", f"{meal} ({', '.join(sorted(roles))}) matches "
                               "no template"))
    elif template_name is not None:
        named = {t.name: t for t in templates_for(meal, roles_apply)}.get(template_name)
        if named is None or not named.matches(roles):
            found.append(Violation(day, "template", f"{meal} is shown as {template_name!r}, "
                                   f"which its foods ({', '.join(sorted(roles))}) do not make"))
        else:
            template = named
    if template is not None:
        for side, mains in unpaired_sides(template, roles,
                                          [rules.cuisine[fid] for fid in food_ids],
                                          [rules.family[fid] for fid in food_ids],
                                          [rules.takes_bread[fid] for fid in food_ids]):
            beside = ", ".join(food_ids[j] for j in mains)
            found.append(Violation(day, "pairing", f"{meal}: {food_ids[side]} does not go "
                                   f"beside {beside} (a dish with its own grain, another "
                                   "cuisine, or a starch its family is not eaten with)"))
    families = Counter(name for fid in food_ids for name in rules.families[fid])
    for family, n in families.items():
        if family and n > 1:
            found.append(Violation(day, "family", f"{meal} has {n} foods of family {family}"))
    return found


# Cup-eq drunk may exceed cup-eq eaten by rounding alone.
CUP_EQ_TOLERANCE = 1e-3


def _check_day(day: Day, units: Mapping[str, float], meals: Mapping[str, int],
               rows: Mapping[str, Mapping[str, Any]], rules: _Rules, servings: bool,
               roles_apply: bool, foods: FoodTable,
               role_caps: Mapping[str, float]) -> list[Violation]:
    """A food in one meal a day unless it may repeat, one of some families, daily caps."""
    found = []
    if servings:
        by_family = Counter(name for fid in units if fid in rows
                            and rules.family_once_a_day[fid] for name in rules.families[fid])
        for family, n in sorted(by_family.items()):
            if family and n > 1:
                found.append(Violation(day.number, "family_day",
                                       f"{n} foods of family {family} in the day"))
    if servings and roles_apply and "fruit_cup_eq" in foods.frame.columns:
        drunk = eaten = 0.0
        for fid, amount in units.items():
            if fid not in rows:
                continue
            cup = _known(rows[fid].get("fruit_cup_eq")) * amount * rules.unit_g[fid] / 100
            if rules.role[fid] == "drink":
                drunk += cup
            else:
                eaten += cup
        if drunk > eaten + CUP_EQ_TOLERANCE:
            found.append(Violation(day.number, "whole_fruit",
                                   f"{drunk:.2f} cup-eq of fruit drunk and {eaten:.2f} eaten: "
                                   "at least half is eaten whole"))
    if servings and roles_apply:
        by_role: dict[str, float] = {}
        for fid, amount in units.items():
            if fid in rows and rules.role[fid] in role_caps:
                by_role[rules.role[fid]] = by_role.get(rules.role[fid], 0.0) + (
                    amount * rules.unit_g[fid] / float(rows[fid]["serving_g"]))
        for role, taken in sorted(by_role.items()):
            if taken > role_caps[role] + ABSOLUTE_TOLERANCE:
                found.append(Violation(day.number, "role_day",
                                       f"{taken:g} servings of {ROLES[role].label} in the day, "
                                       f"at most {role_caps[role]:g}"))
    for fid, amount in units.items():
        if fid not in rows:
            continue
        if servings and meals[fid] > 1 and not rules.repeats[fid]:
            found.append(Violation(day.number, "once_a_day", f"{fid} is in {meals[fid]} meals"))
        if servings:
            cap = rules.day_most[fid]
        elif "max_servings" in foods.frame.columns:
            cap = float(rows[fid]["max_servings"])
        else:
            continue
        if not math.isnan(cap) and amount > cap + ABSOLUTE_TOLERANCE:
            unit = "steps" if servings else "servings"
            found.append(Violation(day.number, "max_servings",
                                   f"{fid}: {amount:g} {unit} in the day, cap {cap:g}"))
    return found


def _check_shares(day: int, meal_energy: Mapping[str, float],
                  total: float) -> list[Violation]:
    found = []
    for meal, (low, high) in MEAL_ENERGY_SHARES.items():
        energy = meal_energy.get(meal, 0.0)
        if energy < low * total - 1e-3 - RELATIVE_TOLERANCE * total or \
                energy > high * total + 1e-3 + RELATIVE_TOLERANCE * total:
            found.append(Violation(day, "meal_energy", f"{meal} has {energy:.0f} kcal of "
                                   f"{total:.0f}, expected {low:.0%}-{high:.0%}"))
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


def _check_stored_totals(day: int, stored: Mapping[str, float], recomputed: dict[str, float],
                         nutrients: tuple[str, ...]) -> list[Violation]:
    found = []
    # Every column, not only those with a known value in the day: a total shown for a
    # day whose foods add nothing to it must be 0.
    for column in nutrients:
        value = recomputed.get(column, 0.0)
        shown = stored.get(column, math.nan)
        if not math.isclose(shown, value, rel_tol=1e-6, abs_tol=1e-6):
            found.append(Violation(day, "totals", f"{column} shown as {shown:g}, is {value:g}"))
    return found


def _tolerance(limit: float) -> float:
    return ABSOLUTE_TOLERANCE + RELATIVE_TOLERANCE * abs(limit)
