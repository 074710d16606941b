"""HTML report: one self-contained, printable file with inline CSS and SVG charts.

Every string reaches the page through jinja2 with autoescape on, including the chart
labels: the charts are computed here as plain numbers and text, and the template draws
them. The page loads nothing (a Content-Security-Policy forbids it) and runs no script.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import jinja2

from ..foods import FoodTable
from ..plan import MEDICAL_NOTE, NOT_MEDICAL_ADVICE, Plan
from ..shopping import ShoppingList, shopping_list
from . import _format as fmt

MAGNESIUM_COLOUR = "#2a7f62"
"""Fill of a day's magnesium from food when it meets the target."""
SUPPLEMENT_COLOUR = "#9fd4bf"
"""Fill of the supplement's share of a day's magnesium."""
CAFFEINE_COLOUR = "#7b5b3a"
"""Fill of a day's caffeine within its cap."""
MISSED_COLOUR = "#c8553d"
"""Fill of a bar whose day misses its limit."""
LINE_COLOUR = "#1d3557"
"""The RDA or cap line."""

SOURCES = (
    "Magnesium RDA and supplement upper limit: NIH Office of Dietary Supplements, "
    "Magnesium Fact Sheet for Health Professionals, Tables 1 and 3 (Food and Nutrition "
    "Board, Dietary Reference Intakes, 1997).",
    "Energy: the DRI Estimated Energy Requirement equations (IOM 2005) with reference "
    "heights and weights for ages 1-18; Mifflin-St Jeor resting energy times an activity "
    "factor for adults; +0, 340 or 452 kcal by trimester of pregnancy, +330 or 400 kcal in "
    "lactation (IOM 2005).",
    "Protein, macronutrient ranges, fiber and sodium: Dietary Reference Intakes and the "
    "Dietary Guidelines for Americans 2020-2025.",
    "Caffeine: FDA (400 mg a day for healthy adults); EFSA 2015 and ACOG (200 mg a day in "
    "pregnancy and lactation; about 3 mg per kg for children and adolescents). Cutting "
    "back step by step: Juliano and Griffiths 2004, Psychopharmacology 176:1-29 "
    "(withdrawal); none late in the day: Drake et al. 2013, J Clin Sleep Med 9:1195-1200.",
)
"""Where the built-in targets come from; each target also names its own source."""

_CHART_WIDTH, _CHART_HEIGHT = 480, 250
# left, top, right, bottom inside the viewBox; the right margin holds the limit's label.
_PLOT = (48, 22, 384, 210)


@dataclass(frozen=True)
class Rect:
    """One bar segment of a chart, in viewBox units."""

    x: float
    """Left edge."""
    y: float
    """Top edge."""
    width: float
    """Width."""
    height: float
    """Height."""
    fill: str
    """CSS colour."""
    label: str
    """Tooltip and accessible text."""


@dataclass(frozen=True)
class Label:
    """A text label of a chart."""

    x: float
    """Anchor x."""
    y: float
    """Baseline y."""
    text: str
    """The text."""


@dataclass(frozen=True)
class Chart:
    """A bar chart of one value per day, with an optional limit line."""

    id: str
    """Element id prefix, unique in the page."""
    title: str
    """Chart title, also the SVG's accessible name."""
    description: str
    """The data in words, for screen readers."""
    rects: tuple[Rect, ...]
    """Bar segments."""
    ticks: tuple[Label, ...]
    """Y-axis labels; a grid line is drawn at each."""
    days: tuple[Label, ...]
    """Day labels under the bars."""
    values: tuple[Label, ...]
    """Value labels above the bars."""
    line: Label | None
    """The limit line's y and its label, or None."""
    legend: tuple[tuple[str, str], ...]
    """``(colour, text)`` pairs."""
    steps: str = ""
    """SVG polyline points of a limit that changes from day to day (a caffeine
    cut-back), each day's value across its slot; empty when there is none."""
    steps_text: str = ""
    """The legend text of ``steps``."""
    width: int = _CHART_WIDTH
    """ViewBox width."""
    height: int = _CHART_HEIGHT
    """ViewBox height."""
    plot: tuple[int, int, int, int] = _PLOT
    """Plot area: left, top, right, bottom."""


def _step(top: float) -> float:
    # A round tick step giving 4 to 6 grid lines.
    raw = top / 5
    power = 10 ** math.floor(math.log10(raw))
    return float(next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw))


def bar_chart(chart_id: str, title: str, unit: str, days: Sequence[int],
              stacks: Sequence[Sequence[tuple[float, str, str]]],
              line: float | None, line_text: str, legend: Sequence[tuple[str, str]],
              description: str, day_lines: Sequence[float] = (),
              day_lines_text: str = "") -> Chart:
    """Lay out a stacked bar chart of one bar per day.

    Args:
        chart_id: Element id prefix.
        title: Accessible title.
        unit: Unit of the values, for labels.
        days: Day numbers.
        stacks: Per day, ``(value, colour, label)`` segments from the bottom; NaN
            values draw nothing.
        line: A limit to draw across the chart, or None.
        line_text: The limit's label.
        legend: ``(colour, text)`` pairs.
        description: The data in words.
        day_lines: A limit per day, drawn as steps across the days' slots (instead
            of ``line``), or empty.
        day_lines_text: The legend text of ``day_lines``.

    Returns:
        The chart, in viewBox coordinates.

    """
    left, top, right, bottom = _PLOT
    totals = [sum(v for v, _, _ in s if not math.isnan(v)) for s in stacks]
    highest = max([*totals, line or 0.0, *day_lines])
    step = _step(max(highest, 1e-9) * 1.1)
    peak = step * math.ceil(max(highest, step) * 1.08 / step)

    def y(value: float) -> float:
        return round(bottom - value / peak * (bottom - top), 1)

    slot = (right - left) / max(1, len(days))
    width = round(min(slot * 0.6, 56), 1)
    rects: list[Rect] = []
    values: list[Label] = []
    day_labels: list[Label] = []
    for i, (day, stack, total) in enumerate(zip(days, stacks, totals, strict=True)):
        x = round(left + slot * i + (slot - width) / 2, 1)
        base = 0.0
        for value, colour, label in stack:
            if math.isnan(value) or value <= 0:
                continue
            rects.append(Rect(x, y(base + value), width, round(y(base) - y(base + value), 1),
                              colour, label))
            base += value
        unknown = any(math.isnan(v) for v, _, _ in stack)
        values.append(Label(round(x + width / 2, 1), y(total) - 5,
                            "unknown" if unknown and not total else fmt.number(total)))
        day_labels.append(Label(round(x + width / 2, 1), bottom + 16, f"Day {day}"))
    ticks = tuple(Label(left - 6, y(step * k) + 4, fmt.number(step * k))
                  for k in range(int(round(peak / step)) + 1))
    points = [f"{round(left + slot * (i + edge), 1)},{y(value)}"
              for i, value in enumerate(day_lines) for edge in (0, 1)]
    return Chart(
        id=chart_id, title=title, description=description, rects=tuple(rects), ticks=ticks,
        days=tuple(day_labels), values=tuple(values),
        line=None if line is None else Label(right + 6, y(line), line_text),
        legend=tuple(legend), steps=" ".join(points), steps_text=day_lines_text,
    )


def magnesium_chart(plan: Plan) -> Chart:
    """Magnesium per day, food and supplement stacked, against the RDA line."""
    days = [fmt.magnesium(plan.targets, d.totals) for d in plan.days]
    rda = next((m.rda_mg for m in days if m.rda_mg), None)
    reference = days[0].reference if days else "RDA"
    stacks = []
    words = []
    for day, mg in zip(plan.days, days, strict=True):
        fill = MISSED_COLOUR if mg.status in ("low", "high") else MAGNESIUM_COLOUR
        stack = [(mg.food_mg, fill, f"Day {day.number}: {fmt.amount(mg.food_mg, 'mg')} "
                  "from food")]
        if mg.supplement_mg:
            stack.append((mg.supplement_mg, SUPPLEMENT_COLOUR,
                          f"Day {day.number}: {fmt.amount(mg.supplement_mg, 'mg')} "
                          "from a supplement"))
        stacks.append(stack)
        pct = ("" if mg.pct_rda is None
               else f" ({fmt.number(mg.pct_rda)} % of the {mg.reference})")
        words.append(f"day {day.number} {mg.describe()}{pct}")
    legend = [(MAGNESIUM_COLOUR, "from food")]
    if plan.targets.supplement_mg:
        legend.append((SUPPLEMENT_COLOUR, "supplement"))
    legend.append((MISSED_COLOUR, "below the food target"))
    rda_text = "" if rda is None else f" against the {reference} of {fmt.amount(rda, 'mg')}"
    return bar_chart(
        "magnesium", "Magnesium per day (mg)", "mg", [d.number for d in plan.days], stacks,
        rda, "" if rda is None else f"{reference} {fmt.amount(rda, 'mg')}", legend,
        f"Magnesium per day{rda_text}: " + "; ".join(words) + ".",
    )


def caffeine_chart(plan: Plan) -> Chart:
    """Caffeine per day, against the cap when there is one, or each day's cap when cutting back."""
    cap = plan.targets.caffeine_cap_mg
    varies = plan.targets.varies_by_day
    stacks = []
    words = []
    caps = []
    for day in plan.days:
        c = fmt.day_caffeine(plan, day, None)
        fill = MISSED_COLOUR if c.status == "high" else CAFFEINE_COLOUR
        stacks.append([(c.total_mg, fill, f"Day {day.number}: {fmt.amount(c.total_mg, 'mg')}")])
        day_cap = "" if not varies or c.cap_mg is None else (
            f" of a {fmt.amount(c.cap_mg, 'mg')} cap")
        words.append(f"day {day.number} {fmt.amount(c.total_mg, 'mg')}{day_cap}")
        caps.append(c.cap_mg if c.cap_mg is not None else math.nan)
    legend = [(CAFFEINE_COLOUR, "caffeine")]
    if cap is not None:
        legend.append((MISSED_COLOUR, "over the cap"))
    if varies:
        return bar_chart(
            "caffeine", "Caffeine per day against the day's cap (mg)", "mg",
            [d.number for d in plan.days], stacks, None, "", legend,
            "Caffeine per day, cutting back: " + "; ".join(words) + ".",
            day_lines=caps, day_lines_text="the day's cap")
    cap_text = "" if cap is None else f" against a cap of {fmt.amount(cap, 'mg')}"
    return bar_chart(
        "caffeine", "Caffeine per day (mg)", "mg", [d.number for d in plan.days], stacks,
        cap, "" if cap is None else f"cap {fmt.amount(cap, 'mg')}", legend,
        f"Caffeine per day{cap_text}: " + "; ".join(words) + ".",
    )


def _caffeine_schedule(plan: Plan, foods: FoodTable) -> dict[str, Any] | None:
    """The cut-back in words and one row per day, or None without one."""
    schedule = plan.targets.caffeine_schedule
    if schedule is None:
        return None
    timing = fmt.caffeine_timing(plan)
    text = schedule.describe()
    return {
        "description": text[:1].upper() + text[1:] + (f"; {timing}" if timing else "") + ".",
        "days": [fmt.day_caffeine(plan, day, foods) for day in plan.days],
    }


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["mark"] = lambda state: fmt.MARK[state]
    env.filters["state"] = lambda state: {"low": "bad", "high": "bad"}.get(state, state)
    return env


def _template() -> jinja2.Template:
    source = resources.files(__package__).joinpath("templates", "report.html.j2")
    return _environment().from_string(source.read_text(encoding="utf-8"))


def render_html(plan: Plan, foods: FoodTable, shopping: ShoppingList | None = None) -> str:
    """Render a plan as a self-contained HTML report, printable on A4 or Letter.

    The report has the week at a glance, charts of magnesium (against the RDA) and
    caffeine (against its cap) per day, the prep list, each day's meals and totals,
    the shopping list, the profile and targets with their sources, and the
    not-medical-advice notice.

    Args:
        plan: The plan.
        foods: The food table the plan was made from.
        shopping: The shopping list to include; by default the full list for the plan.

    Returns:
        The HTML document.

    Example:
        >>> atomic_write("week.html", render_html(plan, foods))  # doctest: +SKIP

    """
    shopping = shopping if shopping is not None else shopping_list(plan, foods)
    return _template().render(**_context(plan, foods, shopping))


def _context(plan: Plan, foods: FoodTable, shopping: ShoppingList) -> dict[str, Any]:
    t = plan.targets
    days = []
    glance = []
    batches = fmt.batch_notes(plan)
    for day in plan.days:
        rows = fmt.nutrient_rows(t.on_day(day.number), day.totals)
        mg = fmt.magnesium(t, day.totals)
        caffeine = fmt.day_caffeine(plan, day, foods)
        by_nutrient = {r.nutrient: r for r in rows}
        meals = [{
            "label": fmt.meal_label(meal.name),
            "items": [{"measure": fmt.measure(i), "name": i.name,
                       "batch": batches.get((day.number, meal.name, i.food_id), ""),
                       "ingredients": fmt.ingredients_text(i),
                       "magnesium": fmt.amount(fmt.item_amount(i, foods, "magnesium_mg"),
                                               "mg")} for i in meal.items],
        } for meal in day.meals]
        cost = fmt.day_cost(plan, day) if plan.currency is not None else None
        days.append({
            "number": day.number, "meals": meals, "magnesium": mg, "cost": cost,
            "rows": [r for r in rows if r.nutrient != "magnesium_mg"],
            "sources": [(name, fmt.amount(v, "mg")) for name, v in fmt.top_sources(day, foods)],
            "caffeine": (caffeine.describe() if caffeine.sources or t.caffeine_schedule
                         else ""),
        })
        glance.append({
            "number": day.number, "magnesium": mg,
            "energy": by_nutrient.get("energy_kcal"),
            "caffeine": by_nutrient.get("caffeine_mg"),
            "caffeine_cap": caffeine.cap_mg if t.varies_by_day else None,
            "missed": [r.label for r in rows if r.status in ("low", "high")],
            "cost": None if cost is None else (
                fmt.cost_text(day.cost, day.unpriced, plan.currency), cost[1]),
        })
    gap = None if plan.gap is None or math.isnan(plan.gap) else f"{100 * plan.gap:.2g} %"
    return {
        "plan": plan,
        "days_count": fmt.days_count(len(plan.days)),
        "headline": fmt.headline(plan),
        "notice": NOT_MEDICAL_ADVICE,
        "reference": fmt.magnesium(plan.targets, {}).reference,
        "medical_note": MEDICAL_NOTE,
        "notes": [*fmt.notes(plan), *fmt.cost_notes(plan)],
        "plan_cost": fmt.plan_cost(plan) if plan.currency is not None else None,
        "glance": glance,
        "days": days,
        "charts": [magnesium_chart(plan), caffeine_chart(plan)],
        "caffeine": _caffeine_schedule(plan, foods),
        "prep": [fmt.prep_text(step) for step in plan.prep_list],
        "shopping": shopping,
        "aisles": [(fmt.aisle_label(a), items) for a, items in shopping.by_aisle()],
        "shopping_note": fmt.shopping_note,
        "days_label": fmt.days_label,
        "footnotes": fmt.shopping_footnotes(shopping),
        "shopping_cost": fmt.shopping_cost(shopping),
        "item_cost": fmt.item_cost,
        "targets": t,
        "limits": [(fmt.nutrient_label(x.nutrient), fmt.limits_text(x.minimum, x.maximum,
                                                                    x.unit), x.source)
                   for x in t.limits],
        "sources": SOURCES,
        "gap": gap,
        "amount": fmt.amount,
        "number": fmt.number,
        "line_colour": LINE_COLOUR,
    }
