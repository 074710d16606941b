"""The plan a user gets: days of meals of items, with totals recomputed from the table."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from .targets import Targets

if TYPE_CHECKING:
    from .foods import FoodTable

# Meals in eating order; a table without meal tags has one meal, "all".
MEAL_ORDER: tuple[str, ...] = ("breakfast", "lunch", "dinner", "snack", "all")

# One line on a terminal; reports add the longer MEDICAL_NOTE.
NOT_MEDICAL_ADVICE = "A planning aid, not medical advice: ask a doctor before changing your diet."
MEDICAL_NOTE = (
    "Talk to a doctor or dietitian before changing your diet, especially if you are "
    "pregnant, take medication or have kidney disease. The 350 mg/day upper limit for "
    "magnesium applies to supplements and medicines, not to food."
)


@dataclass(frozen=True)
class Item:
    """One food in one meal, in grams and household servings."""

    food_id: str
    """The food's id in the food table (a 5-digit USDA NDB number for built-in foods)."""
    name: str
    """Display name from the food table."""
    grams: float
    """Edible grams eaten."""
    servings: float
    """``grams / serving_g``: whole or half servings unless amounts are continuous."""
    serving_desc: str
    """Household measure of one serving, e.g. ``1 cup, chopped``."""
    serving_g: float
    """Grams in one serving."""

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form."""
        return {
            "food_id": self.food_id,
            "name": self.name,
            "grams": self.grams,
            "servings": self.servings,
            "serving_desc": self.serving_desc,
            "serving_g": self.serving_g,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Item:
        """Inverse of :meth:`to_dict`."""
        return cls(
            food_id=str(data["food_id"]),
            name=str(data["name"]),
            grams=float(data["grams"]),
            servings=float(data["servings"]),
            serving_desc=str(data["serving_desc"]),
            serving_g=float(data["serving_g"]),
        )


@dataclass(frozen=True)
class Meal:
    """A named meal of a day; ``name`` is ``all`` when the table has no meal tags."""

    name: str
    """``breakfast``, ``lunch``, ``dinner``, ``snack``, or ``all``."""
    items: tuple[Item, ...]
    """Items in a stable order (largest energy first)."""

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form."""
        return {"name": self.name, "items": [i.to_dict() for i in self.items]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Meal:
        """Inverse of :meth:`to_dict`."""
        return cls(str(data["name"]), tuple(Item.from_dict(i) for i in data["items"]))


def _json_number(value: float) -> float | None:
    return None if math.isnan(value) else value


@dataclass(frozen=True)
class Day:
    """One day of a plan."""

    number: int
    """1-based day number."""
    meals: tuple[Meal, ...]
    """Meals in eating order."""
    totals: Mapping[str, float]
    """Food-only totals per nutrient column of the table, recomputed from it.

    A food whose value is unknown adds nothing; such nutrients are listed in
    ``unknown`` so a view can say the total is at least this much.
    """
    unknown: tuple[str, ...] = ()
    """Nutrients for which some food of the day has no value (sorted)."""

    @property
    def items(self) -> tuple[Item, ...]:
        """Every item of the day, meal by meal."""
        return tuple(i for m in self.meals for i in m.items)

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form; unknown totals become ``null``."""
        return {
            "day": self.number,
            "meals": [m.to_dict() for m in self.meals],
            "totals": {k: _json_number(v) for k, v in self.totals.items()},
            "unknown_in_totals": list(self.unknown),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Day:
        """Inverse of :meth:`to_dict`."""
        totals = {k: math.nan if v is None else float(v) for k, v in data["totals"].items()}
        return cls(int(data["day"]), tuple(Meal.from_dict(m) for m in data["meals"]), totals,
                   tuple(data.get("unknown_in_totals", ())))


@dataclass(frozen=True)
class Plan:
    """A solved, checked plan and what it was asked to meet."""

    days: tuple[Day, ...]
    """The days, in order."""
    targets: Targets
    """The resolved targets every day was planned against."""
    status: str
    """Solver status, one of ``SolveStatus`` values (``optimal``, ``within_gap``...)."""
    foods: str
    """Which food table: ``default``, ``full`` or the user's file name."""
    objective: str = "default"
    """The objective that was optimised."""
    gap: float | None = None
    """Relative gap to the best bound, when the solver reports one."""
    seconds: float | None = None
    """Wall time of build and solve."""
    request: Mapping[str, Any] = field(default_factory=dict)
    """The plan request in plain form (diet, allergens, exclusions...), for reports."""
    notes: tuple[str, ...] = ()
    """Warnings and explanations to show the user (e.g. supplement above the UL)."""

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form, the format of ``--format json`` and ``mealplan shopping``."""
        return {
            "mealplan_plan": 1,
            "status": self.status,
            "objective": self.objective,
            "gap": self.gap,
            "seconds": self.seconds,
            "foods": self.foods,
            "request": dict(self.request),
            "targets": self.targets.to_dict(),
            "days": [d.to_dict() for d in self.days],
            "notes": list(self.notes),
            "disclaimer": f"{NOT_MEDICAL_ADVICE} {MEDICAL_NOTE}",
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Plan:
        """Inverse of :meth:`to_dict`."""
        return cls(
            days=tuple(Day.from_dict(d) for d in data["days"]),
            targets=Targets.from_dict(data["targets"]),
            status=str(data["status"]),
            foods=str(data["foods"]),
            objective=str(data.get("objective", "default")),
            gap=data.get("gap"),
            seconds=data.get("seconds"),
            request=dict(data.get("request", {})),
            notes=tuple(data.get("notes", ())),
        )


class ChosenAmount(Protocol):
    """What a solver chose: grams of a food in a meal of a day (0-based)."""

    @property
    def day(self) -> int: ...  # noqa: D102
    @property
    def meal(self) -> str: ...  # noqa: D102
    @property
    def food_id(self) -> str: ...  # noqa: D102
    @property
    def grams(self) -> float: ...  # noqa: D102


def day_totals(foods: FoodTable, items: Iterable[Item]) -> tuple[dict[str, float], tuple[str, ...]]:
    """Totals of every nutrient column over items, and the nutrients with unknowns."""
    items = list(items)
    nutrients = list(foods.nutrients)
    if not items:
        return dict.fromkeys(nutrients, 0.0), ()
    per_100g = foods.frame.loc[[i.food_id for i in items], nutrients].to_numpy(float)
    grams = np.array([i.grams for i in items]) / 100
    known = ~np.isnan(per_100g)
    sums = (np.where(known, per_100g, 0.0) * grams[:, None]).sum(axis=0)
    totals = {n: float(v) for n, v in zip(nutrients, sums, strict=True)}
    unknown = tuple(sorted(n for n, k in zip(nutrients, known.all(axis=0), strict=True)
                           if not k))
    return totals, unknown


def plan_from_solution(amounts: Iterable[ChosenAmount], foods: FoodTable, targets: Targets,
                       days: int, **details: Any) -> Plan:
    """Assemble a Plan from chosen amounts, with totals computed from the food table.

    Args:
        amounts: Grams per day, meal and food, as the solver chose them.
        foods: The food table the amounts refer to.
        targets: The targets the plan was made for.
        days: Number of days in the plan (days without amounts stay empty).
        **details: Further Plan fields: status, objective, gap, seconds, request, notes.
    """
    frame = foods.frame
    by_day: dict[int, dict[str, list[Item]]] = {d: {} for d in range(days)}
    for a in amounts:
        row = frame.loc[a.food_id]
        serving_g = float(row["serving_g"])
        item = Item(
            food_id=a.food_id,
            name=str(row["name"]),
            grams=a.grams,
            servings=round(a.grams / serving_g, 3),
            serving_desc=str(row["serving_desc"]),
            serving_g=serving_g,
        )
        by_day[a.day].setdefault(a.meal, []).append(item)
    energy = frame["energy_kcal"] if "energy_kcal" in frame.columns else None
    plan_days = []
    for d in range(days):
        meals = []
        for name in sorted(by_day[d], key=_meal_rank):
            items = by_day[d][name]
            if energy is not None:
                items.sort(key=lambda i: (-_nan0(energy[i.food_id]) * i.grams, i.food_id))
            meals.append(Meal(name, tuple(items)))
        all_items = [i for m in meals for i in m.items]
        totals, unknown = day_totals(foods, all_items)
        plan_days.append(Day(d + 1, tuple(meals), totals, unknown))
    return Plan(days=tuple(plan_days), targets=targets, foods=foods.source, **details)


def _meal_rank(meal: str) -> tuple[int, str]:
    return (MEAL_ORDER.index(meal) if meal in MEAL_ORDER else len(MEAL_ORDER), meal)


def _nan0(value: float) -> float:
    return 0.0 if math.isnan(value) else float(value)


def read_plan(path: str) -> Plan:
    """Read a plan saved with ``--format json`` (``-`` reads stdin).

    Raises:
        InputError: The file is not JSON or not a mealplan plan.
    """
    import json
    import sys

    from .errors import InputError, Where

    try:
        if path == "-":
            data = json.load(sys.stdin)
        else:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read a plan: {exc}", Where(file=path)) from exc
    if not isinstance(data, dict) or "mealplan_plan" not in data:
        raise InputError("not a mealplan plan; save one with mealplan week --format json",
                         Where(file=path))
    try:
        return Plan.from_dict(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"the plan is incomplete or damaged ({exc!r})", Where(file=path)) from exc
