"""What a plan must satisfy: targets plus diet, allergens, food choices and solver settings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .errors import InputError, Where
from .foods import ALLERGENS, FoodTable
from .targets import Targets


class Diet(StrEnum):
    """Diets, each a subset of the one before."""

    OMNIVORE = "omnivore"
    PESCATARIAN = "pescatarian"
    VEGETARIAN = "vegetarian"
    VEGAN = "vegan"


class Objective(StrEnum):
    """What the planner optimises once every limit holds."""

    DEFAULT = "default"
    """Variety, liked foods, and magnesium beyond the RDA (up to 150 % of it)."""
    MAGNESIUM = "magnesium"
    """As much magnesium as the limits allow."""
    COST = "cost"
    """Lowest cost, from the table's ``price`` column or ``--prices``."""
    CALORIES = "calories"
    """Fewest calories that still meet every target."""


class Amounts(StrEnum):
    """How amounts are chosen."""

    SERVINGS = "servings"
    """Whole or half household servings, with meal structure and variety."""
    CONTINUOUS = "continuous"
    """Free gram amounts: a pure linear program, for analysis and custom tables."""


class Solver(StrEnum):
    """Solvers mealplan can drive through PuLP."""

    HIGHS = "highs"
    CBC = "cbc"


DEFAULT_TIME_LIMIT_S = 10.0
DEFAULT_GAP = 0.01
MAX_DAYS = 28


@dataclass(frozen=True)
class FoodChoice:
    """A food the user named with ``--include``/``--exclude``/``--like``/``--dislike``."""

    text: str
    """What the user typed."""
    food_ids: tuple[str, ...]
    """The foods it matched, sorted."""

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form."""
        return {"text": self.text, "food_ids": list(self.food_ids)}


@dataclass(frozen=True)
class PlanRequest:
    """Everything that decides a plan. Two equal requests give the same plan."""

    targets: Targets
    """Daily targets."""
    days: int = 1
    """Number of days to plan."""
    diet: Diet = Diet.OMNIVORE
    """The strictest diet every food must fit."""
    avoid: frozenset[str] = frozenset()
    """Allergens no food may contain."""
    exclude: tuple[FoodChoice, ...] = ()
    """Foods never used."""
    include: tuple[FoodChoice, ...] = ()
    """Each must appear in the plan at least once (any one of its matches)."""
    like: tuple[FoodChoice, ...] = ()
    """Foods to favour."""
    dislike: tuple[FoodChoice, ...] = ()
    """Foods to avoid unless they are needed."""
    amounts: Amounts = Amounts.SERVINGS
    """Household servings or continuous grams."""
    objective: Objective = Objective.DEFAULT
    """What to optimise."""
    prices: Mapping[str, float] | None = None
    """Price per 100 g by food_id, overriding the table's ``price`` column."""
    max_days_per_food: int | None = None
    """How many days of the plan a food may appear on; None picks by plan length."""
    solver: Solver = Solver.HIGHS
    """Which solver PuLP drives."""
    time_limit: float = DEFAULT_TIME_LIMIT_S
    """Seconds the solver may spend in total."""
    gap: float = DEFAULT_GAP
    """Relative gap to the best bound at which a plan counts as good enough."""
    seed: int = 0
    """Changes the plan among near-equal ones; the same seed gives the same plan."""
    extra: Mapping[str, Any] = field(default_factory=dict)
    """Anything else to echo in reports (not used by the model)."""

    def __post_init__(self) -> None:
        if not 1 <= self.days <= MAX_DAYS:
            raise InputError(f"expected 1 to {MAX_DAYS} days, got {self.days}",
                             Where(flag="--days"))
        unknown = sorted(self.avoid - set(ALLERGENS))
        if unknown:
            raise InputError(
                f"unknown allergen {unknown[0]!r}; expected one of {', '.join(ALLERGENS)}",
                Where(flag="--avoid"),
            )
        if not self.time_limit > 0:
            raise InputError(f"expected seconds > 0, got {self.time_limit:g}",
                             Where(flag="--time-limit"))
        if not 0 <= self.gap < 1:
            raise InputError(f"expected a fraction from 0 to 1 such as 0.01, got {self.gap:g}",
                             Where(flag="--gap"))
        if self.max_days_per_food is not None and self.max_days_per_food < 1:
            raise InputError(f"expected 1 or more, got {self.max_days_per_food}",
                             Where(flag="--max-days-per-food"))

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON summary for reports."""
        return {
            "days": self.days,
            "diet": str(self.diet),
            "avoid": sorted(self.avoid),
            "exclude": [c.to_dict() for c in self.exclude],
            "include": [c.to_dict() for c in self.include],
            "like": [c.to_dict() for c in self.like],
            "dislike": [c.to_dict() for c in self.dislike],
            "amounts": str(self.amounts),
            "objective": str(self.objective),
            "max_days_per_food": self.max_days_per_food,
            "solver": str(self.solver),
            "time_limit": self.time_limit,
            "gap": self.gap,
            "seed": self.seed,
            **dict(self.extra),
        }


def resolve_choices(foods: FoodTable, texts: Sequence[str], flag: str) -> tuple[FoodChoice, ...]:
    """Turn what the user typed for a food flag into food ids.

    Raises:
        InputError: A text matches no food; the message offers close matches.
    """
    from .foods import resolve_food

    return tuple(FoodChoice(t, tuple(sorted(resolve_food(foods, t, flag)))) for t in texts)
