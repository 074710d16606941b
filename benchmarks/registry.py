"""The benchmark specs: each a plan request built from a size (the number of days).

A spec is a set of planner settings, the same keys as the command line's flags, so
the in-process runs (``make_plan``) and the command-line runs (``mealplan week``)
plan the same thing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Spec:
    """One benchmark case."""

    name: str
    """Registry key, e.g. ``default-7day``."""
    summary: str
    """One line for the results table."""
    settings: Mapping[str, Any] = field(default_factory=dict)
    """Planner settings (keys of ``mealplan.request.SETTINGS``), including ``foods``."""

    @property
    def table(self) -> str:
        """The food table the spec plans from."""
        return str(self.settings.get("foods", "default"))

    @property
    def days(self) -> int:
        """Days in the plan."""
        return int(self.settings.get("days", 1))

    @property
    def integer(self) -> bool:
        """Whether the plan is an integer model (household servings)."""
        return bool(self.settings.get("amounts", "servings") == "servings")

    def request(self, foods: Any) -> Any:
        """The PlanRequest of this spec over a loaded food table."""
        from mealplan.request import request_from_settings

        return request_from_settings(foods, dict(self.settings))

    def cli_args(self) -> list[str]:
        """The same request as ``mealplan week`` arguments."""
        args = ["week"]
        for key, value in self.settings.items():
            flag = "--" + key.replace("_", "-")
            if value is True:
                args.append(flag)
            elif isinstance(value, list | tuple):
                for item in value:
                    args += [flag, str(item)]
            else:
                args += [flag, str(value)]
        return args


def default_plan(days: int) -> Spec:
    """A plan with every built-in target on the curated default table."""
    return Spec(
        name=f"default-{days}day",
        summary=f"{days}-day plan, default table, servings with meals and variety",
        settings={"foods": "default", "days": days},
    )


def no_basket_plan(days: int) -> Spec:
    """The default plan with its days planned as they are, not bought from one shop:
    next to ``default-7day``, what the basket (packages, stock, batch cooking, the cap
    on things bought) costs in time and in the gap to the bound."""
    return Spec(
        name=f"nobasket-{days}day",
        summary=f"{days}-day plan, default table, without one shop's basket",
        settings={"foods": "default", "days": days, "no_basket": True},
    )


def cut_back_plan(days: int) -> Spec:
    """A caffeine cut-back from 400 to 100 mg on the default table: a cap per day, the
    usual-drink reward and caffeine kept to breakfast and lunch."""
    return Spec(
        name=f"cutback-{days}day",
        summary=f"{days}-day plan, default table, cutting back caffeine from 400 to 100 mg",
        settings={"foods": "default", "days": days, "caffeine_now": 400, "max_caffeine": 100},
    )


def full_continuous(days: int) -> Spec:
    """Every SR28 food eligible, free gram amounts, a few limits (a linear program).

    The full table has no meal tags, so the plan has no meal structure; the default
    objective rewards magnesium up to 150 % of its minimum.
    """
    return Spec(
        name=f"full-{days}day-continuous",
        summary=f"{days}-day linear program, full SR28 table, all foods eligible",
        settings={
            "foods": "full", "days": days, "amounts": "continuous",
            "no_default_targets": True, "kcal": "1800-2200",
            "min": ["protein_g=60", "fiber_g=25", "magnesium_mg=320"],
            "max": ["sodium_mg=2300"],
        },
    )


def full_calories(days: int) -> Spec:
    """Fewest calories that meet a few minimums: a minimisation over the full table.

    The other specs maximise; this one checks that every solver route (and the MPS
    file) keeps the objective sense.
    """
    return Spec(
        name=f"full-{days}day-calories",
        summary=f"{days}-day linear program, full SR28 table, fewest calories",
        settings={
            "foods": "full", "days": days, "amounts": "continuous",
            "no_default_targets": True, "objective": "calories",
            "min": ["protein_g=60", "fiber_g=30", "magnesium_mg=320",
                    "potassium_mg=3400", "calcium_mg=1000"],
            "max": ["sodium_mg=2300", "energy_kcal=3000"],
        },
    )


BUILDERS: Mapping[str, tuple[Callable[[int], Spec], int]] = {
    "default-1day": (default_plan, 1),
    "default-7day": (default_plan, 7),
    "nobasket-7day": (no_basket_plan, 7),
    "cutback-7day": (cut_back_plan, 7),
    "full-7day-continuous": (full_continuous, 7),
    "full-1day-calories": (full_calories, 1),
}
"""Registry: spec name -> (builder, size)."""


def spec(name: str) -> Spec:
    """The spec registered under ``name``."""
    builder, size = BUILDERS[name]
    return builder(size)


SPECS: Mapping[str, Spec] = {name: spec(name) for name in BUILDERS}
"""Every registered spec, in table order."""
