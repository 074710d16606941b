"""Wording and numbers shared by every view, so terminal, Markdown and HTML agree."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from ..foods import FoodTable
from ..plan import Day, Item, Plan
from ..shopping import ShoppingList, days_text
from ..targets import Basis, Target, Targets, unit_of

Status = Literal["ok", "low", "high", "unknown", "none"]
"""How a value compares with its limits; ``none`` when there are no limits."""

MARK: Mapping[Status, str] = {
    "ok": "✓",
    "low": "✗ low",
    "high": "✗ high",
    "unknown": "? unknown",
    "none": "",
}
"""Plain-text status marks; a word beside the cross so it reads without colour."""

# Nutrients every day shows even without a target: what the plan is about, and
# the two things people most often ask about.
ALWAYS_SHOWN = ("magnesium_mg", "energy_kcal", "caffeine_mg")

# Limits are met within this relative tolerance: solver round-off, never visible.
_RELATIVE_TOLERANCE = 1e-4

_FRACTIONS = ((1 / 4, "¼"), (1 / 3, "⅓"), (1 / 2, "½"), (2 / 3, "⅔"), (3 / 4, "¾"))
_GRAMS_ONLY = re.compile(r"^\s*\d+(\.\d+)?\s*g\s*$")


def number(value: float | None) -> str:
    """Format a total as people read it: ``1,980``, ``82``, ``2.5``; ``unknown`` for NaN."""
    if value is None or math.isnan(value):
        return "unknown"
    if abs(value) >= 9.95:
        return f"{value:,.0f}"
    return f"{value:.1f}".removesuffix(".0")


def amount(value: float | None, unit: str) -> str:
    """Format a total with its unit, e.g. ``1,980 kcal``."""
    text = number(value)
    return text if text == "unknown" or not unit else f"{text} {unit}"


def grams(value: float) -> str:
    """Format grams of an item: whole grams, one decimal below 10 g."""
    return amount(value, "g")


def servings(value: float) -> str:
    """Format servings with kitchen fractions: ``1``, ``½``, ``1½``, ``2⅓``; else ``1.37``."""
    whole = math.floor(value + 0.01)
    rest = value - whole
    if abs(rest) < 0.01:
        return str(whole)
    for fraction, glyph in _FRACTIONS:
        if abs(rest - fraction) < 0.01:
            return f"{whole or ''}{glyph}"
    return f"{value:.2f}".rstrip("0").rstrip(".")


def measure(item: Item) -> str:
    """Describe an item in household measures with grams: ``1½ × 1 cup, chopped (45 g)``.

    A measure that ends in parentheses takes the grams inside them:
    ``2 × 1 cup (8 fl oz; 474 g)``.
    """
    desc = item.serving_desc.strip()
    weight = grams(item.grams)
    if not desc or _GRAMS_ONLY.match(desc):
        return weight
    count = servings(item.servings)
    text = desc if count == "1" else f"{count} × {desc}"
    if text.endswith(")"):
        return f"{text[:-1]}; {weight})"
    return f"{text} ({weight})"


def nutrient_label(column: str) -> str:
    """Name a nutrient column for people: ``saturated_fat_g`` -> ``Saturated fat``."""
    unit = unit_of(column)
    stem = column[: -len(unit) - 1] if unit else column
    return stem.replace("_", " ").strip().capitalize()


def aisle_label(aisle: str) -> str:
    """Name an aisle as a heading: ``dairy & eggs`` -> ``Dairy & eggs``."""
    return aisle[:1].upper() + aisle[1:]


def meal_label(name: str) -> str:
    """Name a meal: ``breakfast`` -> ``Breakfast``; the single meal ``all`` has none."""
    return "" if name == "all" else name.replace("_", " ").capitalize()


def status(value: float, minimum: float | None, maximum: float | None) -> Status:
    """Compare a value with optional limits, within solver round-off."""
    if minimum is None and maximum is None:
        return "none"
    if math.isnan(value):
        return "unknown"
    if minimum is not None and value < minimum - _RELATIVE_TOLERANCE * max(1.0, abs(minimum)):
        return "low"
    if maximum is not None and value > maximum + _RELATIVE_TOLERANCE * max(1.0, abs(maximum)):
        return "high"
    return "ok"


def limits_text(lo: float | None, hi: float | None, unit: str) -> str:
    """Format limits: ``≥ 46 g``, ``≤ 2,300 mg``, ``1,750-2,150 kcal``."""
    suffix = f" {unit}" if unit else ""
    if lo is not None and hi is not None:
        return f"{number(lo)}-{number(hi)}{suffix}"
    if lo is not None:
        return f"≥ {number(lo)}{suffix}"
    if hi is not None:
        return f"≤ {number(hi)}{suffix}"
    return ""


@dataclass(frozen=True)
class Check:
    """One target of a day, measured."""

    target: Target
    """The target."""
    value: float
    """The day's measure in the target's unit (NaN when unknown)."""
    status: Status
    """How it compares."""
    text: str
    """E.g. ``≥ 46 g`` for a daily amount, ``17 % of energy (10-35 %)`` otherwise."""


@dataclass(frozen=True)
class NutrientRow:
    """One nutrient of a day: its total and every target on it."""

    nutrient: str
    """Column, e.g. ``protein_g``."""
    label: str
    """``Protein``."""
    total: float
    """The day's food total (NaN when unknown)."""
    unit: str
    """``g``."""
    checks: tuple[Check, ...]
    """Targets on this nutrient, in target order."""

    @property
    def status(self) -> Status:
        """The worst status of the checks."""
        order: tuple[Status, ...] = ("low", "high", "unknown", "ok", "none")
        found = {c.status for c in self.checks} or {"none"}
        return next(s for s in order if s in found)


def check(target: Target, totals: Mapping[str, float]) -> Check:
    """Measure one target against a day's totals."""
    value = target.value(totals)
    state = status(value, target.minimum, target.maximum)
    if target.basis is Basis.DAY:
        text = limits_text(target.minimum, target.maximum, target.unit)
    elif target.basis is Basis.ENERGY_PCT:
        text = (f"{number(value)} % of energy "
                f"({limits_text(target.minimum, target.maximum, '%')})")
    else:
        text = (f"{number(value)} {unit_of(target.nutrient)} per 1,000 kcal "
                f"({limits_text(target.minimum, target.maximum, '')})")
    return Check(target, value, state, text)


def nutrient_rows(targets: Targets, totals: Mapping[str, float]) -> list[NutrientRow]:
    """Measure a day's totals against every target, one row per nutrient, magnesium first."""
    order = [n for n in ALWAYS_SHOWN[:2] if n in totals]
    order += [t.nutrient for t in targets.limits]
    order += [n for n in ALWAYS_SHOWN[2:] if n in totals]
    rows = []
    for nutrient in dict.fromkeys(order):
        checks = tuple(check(t, totals) for t in targets.limits if t.nutrient == nutrient)
        rows.append(NutrientRow(nutrient, nutrient_label(nutrient),
                                totals.get(nutrient, math.nan), unit_of(nutrient), checks))
    return rows


@dataclass(frozen=True)
class Magnesium:
    """A day's magnesium: food, supplement, and the RDA."""

    food_mg: float
    """From food (NaN when unknown)."""
    supplement_mg: float
    """From a supplement, 0 when none."""
    rda_mg: float | None
    """The RDA before any supplement, when known."""
    food_minimum_mg: float | None
    """What food must supply (the RDA less the supplement), when there is a target."""
    status: Status
    """Food against ``food_minimum_mg``."""
    reference: str = "RDA"
    """What ``rda_mg`` is: ``RDA``, or ``target`` for a user's own minimum."""

    @property
    def total_mg(self) -> float:
        """Food and supplement."""
        return self.food_mg + self.supplement_mg

    @property
    def pct_rda(self) -> float | None:
        """Food and supplement as % of the RDA."""
        if not self.rda_mg or math.isnan(self.total_mg):
            return None
        return 100 * self.total_mg / self.rda_mg

    def describe(self) -> str:
        """``food 272 mg + supplement 100 mg = 372 mg`` or ``372 mg``."""
        if self.supplement_mg:
            return (f"food {amount(self.food_mg, 'mg')} + supplement "
                    f"{amount(self.supplement_mg, 'mg')} = {amount(self.total_mg, 'mg')}")
        return amount(self.food_mg, "mg")


def magnesium(targets: Targets, totals: Mapping[str, float]) -> Magnesium:
    """Measure a day's magnesium against the RDA, with any supplement counted."""
    target = targets.get("magnesium_mg")
    food = totals.get("magnesium_mg", math.nan)
    lo = target.minimum if target is not None else None
    hi = target.maximum if target is not None else None
    rda = targets.magnesium_rda_mg
    reference = "RDA"
    if rda is None and lo is not None:
        # No RDA (--no-default-targets): measure against the user's own minimum.
        rda, reference = lo + targets.supplement_mg, "target"
    return Magnesium(food, targets.supplement_mg, rda, lo, status(food, lo, hi), reference)


def item_amount(item: Item, foods: FoodTable, nutrient: str) -> float:
    """Compute what an item supplies of a nutrient: grams / 100 x the per-100 g value.

    NaN when the table does not report it or does not have the food.
    """
    frame = foods.frame
    if nutrient not in frame.columns or item.food_id not in frame.index:
        return math.nan
    per_100g = frame.at[item.food_id, nutrient]
    try:
        return item.grams / 100 * float(per_100g)
    except (TypeError, ValueError):
        return math.nan


def top_sources(day: Day, foods: FoodTable, nutrient: str = "magnesium_mg",
                n: int = 3) -> list[tuple[str, float]]:
    """List the day's ``n`` largest sources of a nutrient as ``(name, amount)``."""
    by_food: dict[str, list[float | str]] = {}
    for item in day.items:
        value = item_amount(item, foods, nutrient)
        if math.isnan(value) or value <= 0:
            continue
        entry = by_food.setdefault(item.food_id, [item.name, 0.0])
        entry[1] = float(entry[1]) + value
    ranked = sorted(by_food.values(), key=lambda e: (-float(e[1]), str(e[0])))
    return [(str(name), float(value)) for name, value in ranked[:n]]


def notes(plan: Plan) -> list[str]:
    """List the plan's notes, then the targets' notes it does not already repeat."""
    return list(dict.fromkeys([*plan.notes, *plan.targets.notes]))


def days_count(n: int) -> str:
    """Count days in words: ``1 day``, ``3 days``."""
    return f"{n} day" + ("" if n == 1 else "s")


def headline(plan: Plan) -> str:
    """Sum up a plan in a line: ``female, 35 years · foods: default · status: optimal``."""
    return " · ".join([plan.targets.profile.describe(), f"foods: {plan.foods}",
                       f"status: {plan.status}"])


def days_label(days: tuple[int, ...]) -> str:
    """Say which days use a shopping item: ``day 3``, ``days 1-3``."""
    return ("day " if len(days) == 1 else "days ") + days_text(days)


def shopping_footnotes(shopping: ShoppingList) -> list[tuple[str, tuple[str, ...]]]:
    """List what a shopping list left off, as ``(title, names)`` pairs that have names."""
    pairs = [("Already in your pantry", shopping.covered),
             ("Staples left out", shopping.skipped_staples),
             ("Pantry entries not in this plan", shopping.unmatched)]
    return [(title, names) for title, names in pairs if names]
