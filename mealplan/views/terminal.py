"""Terminal view: the plan as rich text, plain when the output is not a terminal."""

from __future__ import annotations

import io
import math
from collections.abc import Iterator, Mapping

from rich.console import Console, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from ..foods import FoodTable
from ..plan import NOT_MEDICAL_ADVICE, Day, Plan, PrepStep, prep_list
from ..shopping import ShoppingList
from . import _format as fmt

_STYLE: dict[fmt.Status, str] = {
    "ok": "green",
    "low": "bold red",
    "high": "bold red",
    "unknown": "yellow",
    "none": "",
}
_BAR_WIDTH = 40
_FOOD_BLOCK, _SUPPLEMENT_BLOCK, _LINE = "█", "▒", "│"


def render_terminal(plan: Plan, foods: FoodTable | None = None, *, width: int | None = None,
                    color: bool | None = None, ingredients: bool = False) -> str:
    """Render a plan for the terminal.

    Each day lists its meals in household measures with grams, the totals against
    every target, and (with ``foods``) each item's magnesium and the day's top three
    sources; a week summary draws magnesium per day against the RDA.

    Args:
        plan: The plan.
        foods: The food table the plan was made from, for per-item magnesium; the
            view leaves those out without it.
        width: Columns; by default the terminal's width (80 when not a terminal).
        color: Force colour on or off; by default rich decides from stdout, so a
            pipe or file gets plain text and ``NO_COLOR`` is honoured.
        ingredients: List each dish's ingredients (as bought) under it.

    Returns:
        The text, ending with a newline.

    Example:
        >>> print(render_terminal(plan, foods, width=100, color=False))  # doctest: +SKIP

    """
    return _render(_plan(plan, foods, ingredients), width, color)


def render_shopping_terminal(shopping: ShoppingList, *, width: int | None = None,
                             color: bool | None = None) -> str:
    """Render a shopping list for the terminal: ``[ ]`` lines grouped by aisle.

    Args:
        shopping: The list from :func:`mealplan.shopping.shopping_list`.
        width: Columns; by default the terminal's width.
        color: Force colour on or off; by default rich decides from stdout.

    Returns:
        The text, ending with a newline.

    """
    return _render(_shopping(shopping), width, color)


def _render(renderables: Iterator[RenderableType], width: int | None,
            color: bool | None) -> str:
    # The caller prints the string, so decide colour for stdout as rich would, then
    # render into a buffer with that decision. markup and emoji stay off: food names
    # come from user files, and "[" would start rich markup.
    if color is None:
        probe = Console()
        terminal, system, no_color = probe.is_terminal, probe.color_system, probe.no_color
        width = width or probe.width
    else:
        terminal, system, no_color = color, ("standard" if color else None), False
    console = Console(
        file=io.StringIO(), width=width or 80, force_terminal=terminal,
        color_system=system if terminal else None,  # type: ignore[arg-type]
        no_color=no_color, markup=False, emoji=False, highlight=False,
        force_interactive=False, legacy_windows=False,
    )
    for renderable in renderables:
        console.print(renderable)
    out = console.file
    assert isinstance(out, io.StringIO)
    # rich pads table rows to the full width; trailing blanks only get in the way.
    return "\n".join(line.rstrip() for line in out.getvalue().split("\n"))


def _mark(state: fmt.Status) -> Text:
    return Text(fmt.MARK[state], style=_STYLE[state])


def _plan(plan: Plan, foods: FoodTable | None,
          ingredients: bool = False) -> Iterator[RenderableType]:
    yield Text(f"Meal plan · {fmt.days_count(len(plan.days))} · {fmt.headline(plan)}",
               style="bold")
    yield Text(_magnesium_goal(plan))
    batches = fmt.batch_notes(plan)
    for day in plan.days:
        yield Text()
        yield Rule(Text(f"Day {day.number}", style="bold"), align="left")
        yield _meals(day, foods, ingredients, batches)
        yield Text()
        yield from _totals(plan, day, foods)
    yield Text()
    yield Rule(Text("Week", style="bold"), align="left")
    yield from _week(plan)
    if plan.currency is not None:
        cost, state = fmt.plan_cost(plan)
        yield Text("Cost  ", style="bold").append(f"{cost} ").append_text(_mark(state))
    yield from _prep(plan.prep_list)
    notes = [*fmt.notes(plan), *fmt.cost_notes(plan)]
    if notes:
        yield Text()
        yield Text("Notes", style="bold")
        for note in notes:
            yield _bullet(note, "bold yellow" if note.startswith("WARNING") else "")
    yield Text()
    yield Text(NOT_MEDICAL_ADVICE, style="italic")


def _magnesium_goal(plan: Plan) -> str:
    t = plan.targets
    target = t.get("magnesium_mg")
    parts = []
    if t.magnesium_rda_mg is not None:
        parts.append(f"Magnesium RDA {fmt.amount(t.magnesium_rda_mg, 'mg')} a day")
    if t.supplement_mg:
        food = f", so food must supply {fmt.amount(target.minimum, 'mg')}" if (
            target is not None and target.minimum is not None) else ""
        parts.append(f"supplement {fmt.amount(t.supplement_mg, 'mg')}{food}")
    elif target is not None and target.minimum is not None and t.magnesium_rda_mg is None:
        parts.append(f"Magnesium from food ≥ {fmt.amount(target.minimum, 'mg')} a day")
    return " · ".join(parts)


def _bullet(text: str, style: str = "") -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    grid.add_row(" •", Text(text, style=style))
    return grid


def _prep(prep: tuple[PrepStep, ...]) -> Iterator[RenderableType]:
    if not prep:
        return
    yield Text()
    yield Text("Prep list", style="bold")
    for step in prep:
        yield _bullet(fmt.prep_text(step))


def _meals(day: Day, foods: FoodTable | None, ingredients: bool,
           batches: Mapping[tuple[int, str, str], str]) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(ratio=1)
    grid.add_column(no_wrap=True)
    if foods is not None:
        grid.add_column(justify="right", no_wrap=True)
    for meal in day.meals:
        label = fmt.meal_label(meal.name)
        if label:
            grid.add_row(Text(label, style="bold"))
        for item in meal.items:
            name = Text("  " + item.name)
            note = batches.get((day.number, meal.name, item.food_id))
            if note:
                name.append(f" ({note})", style="dim")
            cells: list[RenderableType] = [name, Text(fmt.measure(item))]
            if foods is not None:
                mg = fmt.item_amount(item, foods, "magnesium_mg")
                cells.append(Text(f"{fmt.amount(mg, 'mg')} Mg", style="green"))
            grid.add_row(*cells)
            if ingredients and item.ingredients:
                grid.add_row(Text("    " + fmt.ingredients_text(item), style="dim"))
    return grid


def _totals(plan: Plan, day: Day, foods: FoodTable | None) -> Iterator[RenderableType]:
    mg = fmt.magnesium(plan.targets, day.totals)
    line = Text("Magnesium  ", style="bold")
    line.append(mg.describe())
    if mg.pct_rda is not None:
        line.append(f" · {fmt.number(mg.pct_rda)} % of {mg.reference}")
    if mg.food_minimum_mg is not None:
        food = "food " if mg.supplement_mg else ""
        line.append(f" · {food}≥ {fmt.amount(mg.food_minimum_mg, 'mg')} ")
        line.append_text(_mark(mg.status))
    yield line
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column()
    for row in fmt.nutrient_rows(plan.targets.on_day(day.number), day.totals):
        if row.nutrient == "magnesium_mg":
            continue
        checks = Text()
        for i, c in enumerate(row.checks):
            if i:
                checks.append(" · ")
            checks.append(c.text + " ")
            checks.append_text(_mark(c.status))
        grid.add_row(Text(row.label), Text(fmt.amount(row.total, row.unit)), checks)
    yield grid
    if plan.currency is not None:
        cost, state = fmt.day_cost(plan, day)
        yield Text("Cost  ", style="bold").append(f"{cost} ").append_text(_mark(state))
    if foods is not None:
        sources = fmt.top_sources(day, foods)
        if sources:
            text = Text("Top magnesium: ", style="bold")
            text.append(" · ".join(f"{name} {fmt.amount(v, 'mg')}" for name, v in sources))
            yield text
        caffeine = fmt.day_caffeine(plan, day, foods)
        if caffeine.sources or plan.targets.caffeine_schedule is not None:
            yield Text("Caffeine: ", style="bold").append(caffeine.describe())


def _week(plan: Plan) -> Iterator[RenderableType]:
    days = [fmt.magnesium(plan.targets, d.totals) for d in plan.days]
    rda = next((m.rda_mg for m in days if m.rda_mg), None)
    reference = days[0].reference if days else "RDA"
    totals = [m.total_mg for m in days if not math.isnan(m.total_mg)]
    top = max([*totals, rda or 0.0, 1.0])
    legend = Text("Magnesium per day  (")
    legend.append(_FOOD_BLOCK, style="green")
    legend.append(" food")
    if plan.targets.supplement_mg:
        legend.append(f"  {_SUPPLEMENT_BLOCK}", style="cyan")
        legend.append(" supplement")
    if rda:
        legend.append(f"  {_LINE}", style="bold")
        legend.append(f" {reference} {fmt.amount(rda, 'mg')}")
    legend.append(")")
    yield legend
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(no_wrap=True)
    for day, mg in zip(plan.days, days, strict=True):
        pct = "" if mg.pct_rda is None else f"{fmt.number(mg.pct_rda)} %"
        grid.add_row(
            Text(f" Day {day.number}"), _bar(mg, rda, top),
            Text(fmt.amount(mg.total_mg, "mg")), Text(pct), _mark(mg.status),
        )
    yield grid
    if plan.targets.caffeine_schedule is not None:
        yield from _caffeine_week(plan)


def _caffeine_week(plan: Plan) -> Iterator[RenderableType]:
    """The cut-back: each day's caffeine as a bar, against the day's cap."""
    schedule = plan.targets.caffeine_schedule
    assert schedule is not None
    days = [fmt.day_caffeine(plan, d, None) for d in plan.days]
    top = max([*(d.total_mg for d in days if not math.isnan(d.total_mg)),
               *(d.cap_mg for d in days if d.cap_mg is not None), 1.0])
    yield Text()
    timing = fmt.caffeine_timing(plan)
    legend = Text("Caffeine per day  (")
    legend.append(_FOOD_BLOCK, style="yellow")
    legend.append(f" caffeine  {_LINE}", style="")
    legend.append(f" the day's cap{'; ' + timing if timing else ''})")
    yield legend
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    for d in days:
        filled = 0 if math.isnan(d.total_mg) else round(d.total_mg / top * _BAR_WIDTH)
        chars = [_FOOD_BLOCK] * filled + [" "] * (_BAR_WIDTH + 1 - filled)
        line = None if d.cap_mg is None else round(d.cap_mg / top * _BAR_WIDTH)
        bar = Text()
        for i, ch in enumerate(chars):
            bar.append(_LINE if i == line else ch, style="bold" if i == line else "yellow")
        cap = "" if d.cap_mg is None else f"cap {fmt.amount(d.cap_mg, 'mg')}"
        grid.add_row(Text(f" Day {d.day}"), bar, Text(fmt.amount(d.total_mg, "mg")),
                     Text(cap), _mark(d.status))
    yield grid


def _bar(mg: fmt.Magnesium, rda: float | None, top: float) -> Text:
    def cells(value: float) -> int:
        return 0 if math.isnan(value) else round(value / top * _BAR_WIDTH)

    food = cells(mg.food_mg)
    total = max(food, cells(mg.total_mg))
    chars = [_FOOD_BLOCK] * food + [_SUPPLEMENT_BLOCK] * (total - food)
    chars += [" "] * (_BAR_WIDTH + 1 - len(chars))
    line = cells(rda) if rda else None
    if line is not None:
        chars[line] = _LINE
    colour = "green" if mg.status in ("ok", "none") else "red"
    bar = Text()
    for i, ch in enumerate(chars):
        style = "bold" if i == line else ("cyan" if ch == _SUPPLEMENT_BLOCK else colour)
        bar.append(ch, style=style)
    return bar


def _shopping(shopping: ShoppingList) -> Iterator[RenderableType]:
    yield Text(f"Shopping list · {fmt.days_count(shopping.days)} · foods: {shopping.foods}",
               style="bold")
    for aisle, items in shopping.by_aisle():
        yield Text()
        yield Text(fmt.aisle_label(aisle), style="bold")
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True)
        # Weights line up on the right; packages read as words.
        grid.add_column(justify="left" if shopping.in_packages else "right", no_wrap=True)
        grid.add_column(ratio=1)
        if shopping.in_packages:
            grid.add_column(no_wrap=True)
        grid.add_column(no_wrap=True)
        priced = shopping.currency is not None
        if priced:
            grid.add_column(justify="right", no_wrap=True)
        for item in items:
            staple = " (staple)" if item.staple else ""
            cells = [Text(" [ ]"), Text(item.unit_text), Text(item.name + staple)]
            if shopping.in_packages:
                cells.append(Text(fmt.shopping_note(item)))
            cells.append(Text(fmt.days_label(item.days), style="dim"))
            if priced:
                cells.append(Text(fmt.item_cost(item.cost, shopping.currency)))
            grid.add_row(*cells)
        yield grid
    total = fmt.shopping_cost(shopping)
    if total is not None:
        yield Text()
        yield Text(total, style="bold")
    yield from _shopping_extras(shopping)
    yield from _prep(prep_list(shopping.prep))


def _shopping_extras(shopping: ShoppingList) -> Iterator[RenderableType]:
    for title, names in fmt.shopping_footnotes(shopping):
        yield Text()
        yield Text(f"{title}: ", style="bold").append(", ".join(names))
