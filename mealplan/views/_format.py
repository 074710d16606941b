"""Wording and numbers shared by every view, so terminal, Markdown and HTML agree."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal, cast

from ..foods import FoodTable
from ..plan import Day, Item, Plan, PrepStep
from ..prices import USDA_CURRENCY, Budget, Period, money
from ..shopping import ShoppingItem, ShoppingList, days_text
from ..targets import FOOD_GROUP_LABELS, Basis, Target, Targets, unit_of

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
    """Describe an item in kitchen words with grams: ``1½ cups (372 g)``, ``2 slices (56 g)``.

    The serving's measure is multiplied out ("1 cup" x 1.5 is "1½ cups"); a measure
    that does not start with a count reads ``1½ × 1 cup, chopped (45 g)``, and one that
    ends in parentheses takes the grams inside them: ``2 cups (8 fl oz; 474 g)``.
    """
    desc = item.serving_desc.strip()
    weight = grams(item.grams)
    if not desc or _GRAMS_ONLY.match(desc):
        return weight
    text = kitchen_amount(item.servings, desc)
    if text.endswith(")"):
        return f"{text[:-1]}; {weight})"
    return f"{text} ({weight})"


_COUNT = re.compile(r"^(?P<count>\d+(?:\.\d+)?|\d+/\d+)\s+(?P<word>[A-Za-z]+)(?P<rest>.*)$")
_GLYPHS = {"½": "1/2", "¼": "1/4", "¾": "3/4", "⅓": "1/3", "⅔": "2/3"}
_ASCII_FRACTIONS = re.compile("|".join(_GLYPHS))
# Words after a count that stay as they are: units and sizes ("2 oz", "2 medium").
_UNCOUNTED = frozenset({
    "oz", "tbsp", "tsp", "fl", "g", "ml", "lb", "medium", "small", "large", "extra",
    "regular", "thick", "thin", "mini", "individual", "single", "cooked", "raw",
})


def kitchen_amount(count: float, desc: str) -> str:
    """``count`` servings of ``desc`` in kitchen words: (1.5, "1 cup") -> ``1½ cups``."""
    match = _COUNT.match(_ASCII_FRACTIONS.sub(lambda m: _GLYPHS[m[0]], desc))
    if match is None:
        n = servings(count)
        return desc if n == "1" else f"{n} × {desc}"
    text = match["count"]
    per = float(Fraction(text)) if "/" in text else float(text)
    total = count * per
    word = match["word"]
    if abs(total - 1) > 0.01 and total > 1 and word.lower() not in _UNCOUNTED:
        word = plural(word)
    return f"{servings(total)} {word}{match['rest']}"


def plural(word: str) -> str:
    """The plural of a measure word: cup -> cups, sandwich -> sandwiches, patty -> patties."""
    lower = word.lower()
    if lower.endswith(("ss", "x", "ch", "sh")):
        return word + "es"
    if lower.endswith("s"):  # already plural: "10 crackers"
        return word
    if lower.endswith("y") and lower[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if lower.endswith("f"):
        return word[:-1] + "ves"
    return word + "s"


def ingredients_text(item: Item) -> str:
    """A dish's ingredients as bought: ``Lentils, dry 47 g · Onions 30 g · Salt``.

    Amounts under a gram (salt, spices) are left out of the words, not the list.
    """
    return " · ".join(i.name if i.grams < 1 else f"{i.name} {grams(i.grams)}"
                      for i in item.ingredients)


def nutrient_label(column: str) -> str:
    """Name a nutrient column for people: ``saturated_fat_g`` -> ``Saturated fat``."""
    if column in FOOD_GROUP_LABELS:
        return FOOD_GROUP_LABELS[column].capitalize()
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
    per_100g: Any = frame.at[item.food_id, nutrient]
    try:
        return item.grams / 100 * float(cast(float, per_100g))
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


def shopping_note(item: ShoppingItem) -> str:
    """What a list line adds to its amount: ``uses 1¾ · 1 in the pantry``, or empty."""
    return " · ".join(t for t in (item.use_text, item.pantry_text) if t)


def eaten_at(day: int, meal: str) -> str:
    """``day 2 lunch``; ``day 2`` for a plan without meals."""
    return f"day {day}" if meal == "all" else f"day {day} {meal}"


def prep_text(step: PrepStep) -> str:
    """One line of the prep list.

    ``Day 1: cook Lentil soup for 3 meals (750 g): day 1 dinner, day 2 lunch, day 4 lunch``,
    and for dry beans ``; soak 150 g of Black beans, dry the night before (at least 8
    hours)``. Meals, not the table's servings: a serving of roast beef is an ounce.
    """
    meals = ", ".join(eaten_at(d, m) for d, m in step.meals)
    n = len(step.meals)
    soak = "".join(f"; soak {grams(s.grams)} of {s.name} the night before "
                   f"(at least {s.hours:g} hours)" for s in step.soak)
    return (f"Day {step.day}: cook {step.name} for {n} meal{'' if n == 1 else 's'} "
            f"({grams(step.grams)}): {meals}{soak}")


def batch_notes(plan: Plan) -> dict[tuple[int, str, str], str]:
    """What a day view says beside a dish cooked in a batch, by (day, meal, food_id).

    ``cook for 3 meals`` at the meal it is cooked for; ``leftover from day 1`` at meals
    of later days, ``leftover from lunch`` at a later meal of the day it is cooked.
    """
    notes: dict[tuple[int, str, str], str] = {}
    for step in plan.batches:
        for n, (day, meal) in enumerate(step.meals):
            key = (day, meal, step.food_id)
            if day > step.day:
                notes[key] = f"leftover from day {step.day}"
            elif n:
                notes[key] = f"leftover from {meal_label(step.meals[0][1]).lower() or 'earlier'}"
            else:
                notes[key] = f"cook for {len(step.meals)} meals"
    return notes


def shopping_footnotes(shopping: ShoppingList) -> list[tuple[str, tuple[str, ...]]]:
    """List what a shopping list left off, as ``(title, names)`` pairs that have names."""
    pairs = [("Already in your pantry", shopping.covered),
             ("Staples left out", shopping.skipped_staples),
             ("Pantry entries not in this plan", shopping.unmatched)]
    return [(title, names) for title, names in pairs if names]


# A caffeine source's magnesium is worth a mention from this much (dark chocolate, cocoa).
CAFFEINE_SOURCE_MAGNESIUM_MG = 25.0


@dataclass(frozen=True)
class CaffeineSource:
    """One item of a day that brings caffeine."""

    food_id: str
    """The food."""
    name: str
    """Food name."""
    meal: str
    """The meal it is in."""
    household: str
    """Servings in household measures, without grams: ``2 × 1 cup (8 fl oz)``."""
    caffeine_mg: float
    """Caffeine it supplies."""
    magnesium_mg: float
    """Magnesium it supplies (NaN when unknown)."""

    def describe(self) -> str:
        """``Coffee, brewed, 1 cup (8 fl oz), 96 mg at breakfast`` (+ its magnesium if any)."""
        text = f"{self.name}, {self.household}, {amount(self.caffeine_mg, 'mg')}"
        if self.meal != "all":
            text += f" at {self.meal}"
        if self.magnesium_mg >= CAFFEINE_SOURCE_MAGNESIUM_MG:
            text += f", also {amount(self.magnesium_mg, 'mg')} of magnesium"
        return text


@dataclass(frozen=True)
class DayCaffeine:
    """A day's caffeine in plain words: its cap and where it comes from."""

    day: int
    """1-based day."""
    total_mg: float
    """The day's caffeine (NaN when unknown)."""
    cap_mg: float | None
    """The day's cap, or None when caffeine is not limited."""
    status: Status
    """Total against the cap."""
    sources: tuple[CaffeineSource, ...]
    """Items with caffeine, in meal order."""

    def describe(self) -> str:
        """``190 mg (cap 400 mg): Coffee, brewed, 2 × 1 cup (8 fl oz), 190 mg at breakfast``."""
        cap = "" if self.cap_mg is None else f" (cap {amount(self.cap_mg, 'mg')})"
        if not self.sources:
            return f"none{cap}"
        return (f"{amount(self.total_mg, 'mg')}{cap}: "
                + "; ".join(s.describe() for s in self.sources))

    def to_dict(self) -> dict[str, object]:
        """Plain-JSON form."""
        return {
            "day": self.day, "total_mg": self.total_mg, "cap_mg": self.cap_mg,
            "sources": [{"food_id": s.food_id, "name": s.name, "meal": s.meal,
                         "servings": s.household,
                         "caffeine_mg": round(s.caffeine_mg, 1),
                         "magnesium_mg": round(s.magnesium_mg, 1)} for s in self.sources],
        }


def household(item: Item) -> str:
    """Servings in household measures without grams: ``2 × 1 cup (8 fl oz)``; else grams."""
    desc = item.serving_desc.strip()
    if not desc or _GRAMS_ONLY.match(desc):
        return grams(item.grams)
    count = servings(item.servings)
    return desc if count == "1" else f"{count} × {desc}"


def day_caffeine(plan: Plan, day: Day, foods: FoodTable | None) -> DayCaffeine:
    """A day's caffeine against the day's cap, with its sources (none without ``foods``)."""
    total = day.totals.get("caffeine_mg", math.nan)
    target = plan.targets.on_day(day.number).get("caffeine_mg")
    cap = None if target is None else target.maximum
    sources = []
    if foods is not None:
        for meal in day.meals:
            for item in meal.items:
                mg = item_amount(item, foods, "caffeine_mg")
                if mg > 0:
                    sources.append(CaffeineSource(item.food_id, item.name, meal.name,
                                                  household(item), mg,
                                                  item_amount(item, foods, "magnesium_mg")))
    return DayCaffeine(day.number, total, cap, status(total, None, cap), tuple(sources))


def caffeine_timing(plan: Plan) -> str:
    """``no caffeine after lunch``, or ``""`` when any meal may have caffeine."""
    meals = plan.request.get("caffeine_meals")
    if not meals:
        return ""
    return f"no caffeine after {meals[-1]}"


def budget(plan: Plan) -> Budget | None:
    """The budget the plan was made under, if any."""
    data = plan.request.get("budget")
    return None if not data else Budget.from_dict(data)


def cost_text(value: float, unpriced: tuple[str, ...], currency: str | None) -> str:
    """A cost as people read it: ``$5.12``, or ``at least $5.12`` when foods lack a price."""
    text = money(value, currency)
    return f"at least {text}" if unpriced else text


def day_cost(plan: Plan, day: Day) -> tuple[str, Status]:
    """A day's cost and its status against a budget a day.

    ``$5.12 in 2017-2018 U.S. dollars · budget $6.00 a day``; only for a plan with
    prices (``plan.currency``).
    """
    text = f"{cost_text(day.cost, day.unpriced, plan.currency)} {currency_text(plan)}"
    limit = budget(plan)
    if limit is None or limit.period is not Period.DAY:
        return text, "none"
    state = status(day.cost, None, limit.amount)
    return f"{text} · budget {limit.describe(plan.currency)}", state


def plan_cost(plan: Plan) -> tuple[str, Status]:
    """The plan's cost in a line, and its status against a budget a week.

    ``$35.84 for 7 days · $5.12 a day, in 2017-2018 U.S. dollars · budget $40.00 a
    week``; only for a plan with prices (``plan.currency``).
    """
    days = len(plan.days)
    unpriced = plan.unpriced
    parts = [f"{cost_text(plan.cost, unpriced, plan.currency)} for {days_count(days)}"]
    if days:
        parts.append(f"{cost_text(plan.cost / days, unpriced, plan.currency)} a day")
    if days and days != 7:
        parts.append(f"{cost_text(plan.cost / days * 7, unpriced, plan.currency)} a week")
    parts[-1] += f", {currency_text(plan)}"
    limit = budget(plan)
    state: Status = "none"
    if limit is not None and limit.period is Period.WEEK:
        state = status(plan.cost, None, limit.total(days))
        parts.append(f"budget {limit.describe(plan.currency)}")
    return " · ".join(parts), state


def currency_text(plan: Plan) -> str:
    """Say what the plan's costs are in: ``in 2017-2018 U.S. dollars``."""
    return f"in {plan.currency}" if plan.currency else ""


def cost_notes(plan: Plan) -> list[str]:
    """Where the prices come from and which foods have none; for a plan with prices."""
    if plan.currency is None:
        return []
    notes = []
    if plan.currency == USDA_CURRENCY:
        notes.append("Costs are 2017-2018 U.S. dollars: USDA ERS Purchase to Plate national "
                     "average prices, without sales tax.")
    if plan.unpriced:
        notes.append("No price for " + ", ".join(plan.unpriced) + "; costs leave these out.")
    return notes


def shopping_cost(shopping: ShoppingList) -> str | None:
    """The list's total, ``Total $31.20 in 2017-2018 U.S. dollars``; None without prices."""
    if shopping.currency is None:
        return None
    total = cost_text(shopping.cost, shopping.unpriced, shopping.currency)
    text = f"Total {total} in {shopping.currency}"
    if shopping.unpriced:
        text += "; no price for " + ", ".join(shopping.unpriced)
    return text


def item_cost(cost: float | None, currency: str | None) -> str:
    """One shopping item's cost, or an empty string when the list has no prices."""
    return "" if currency is None else money(cost, currency)
