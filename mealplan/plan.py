"""The plan a user gets: days of meals of items, with totals recomputed from the table."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .targets import Targets

NOT_MEDICAL_ADVICE = (
    "This plan is a planning aid, not medical advice. Talk to a doctor or dietitian "
    "before changing your diet, especially if you are pregnant, take medication or "
    "have kidney disease."
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

    NaN where a food in the day has no value for that nutrient (unknown, not 0).
    """

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
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Day:
        """Inverse of :meth:`to_dict`."""
        totals = {k: math.nan if v is None else float(v) for k, v in data["totals"].items()}
        return cls(int(data["day"]), tuple(Meal.from_dict(m) for m in data["meals"]), totals)


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
            "disclaimer": NOT_MEDICAL_ADVICE,
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
