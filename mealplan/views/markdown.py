"""Markdown view: a printable week, and the shopping list as a checkbox list."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence

from ..foods import FoodTable
from ..plan import MEDICAL_NOTE, NOT_MEDICAL_ADVICE, Day, Plan, PrepStep, prep_list
from ..shopping import ShoppingList
from . import _format as fmt

# Characters that start Markdown syntax (emphasis, links, raw HTML, code, table cells,
# math between dollar signs) and an ampersand that would start an entity; escaping them
# keeps food names and costs literal.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#$]|&(?=#?\w+;))")


def escape(text: str) -> str:
    r"""Escape text for Markdown, in running text and table cells.

    >>> escape("Tofu [firm] | *new*")
    'Tofu \\[firm\\] \\| \\*new\\*'
    """
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def render_markdown(plan: Plan, foods: FoodTable | None = None,
                    shopping: ShoppingList | None = None) -> str:
    """Render a plan as Markdown: the week at a glance, a table per day, notes.

    Args:
        plan: The plan.
        foods: The food table the plan was made from; adds each item's magnesium
            and the day's top sources.
        shopping: A shopping list to append, from :func:`mealplan.shopping.shopping_list`.

    Returns:
        The document, ending with a newline.

    Example:
        >>> text = render_markdown(plan, foods, shopping_list(plan, foods))  # doctest: +SKIP

    """
    return _join(_plan(plan, foods, shopping))


def render_shopping_markdown(shopping: ShoppingList) -> str:
    """Render a shopping list as a Markdown checkbox list grouped by aisle.

    Args:
        shopping: The list.

    Returns:
        The document, ending with a newline.

    """
    return _join(["# Shopping list", "", _shopping_headline(shopping), "",
                  *_shopping(shopping, level=2), *_prep(prep_list(shopping.prep), level=2)])


def _join(lines: Iterable[str]) -> str:
    # Sections end with a blank line each; keep one between blocks and none at the end.
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return text.strip("\n") + "\n"


def _plan(plan: Plan, foods: FoodTable | None,
          shopping: ShoppingList | None) -> Iterator[str]:
    yield f"# Meal plan: {fmt.days_count(len(plan.days))}"
    yield ""
    yield escape(fmt.headline(plan))
    yield ""
    yield f"> **{escape(NOT_MEDICAL_ADVICE)}** {escape(MEDICAL_NOTE)}"
    yield ""
    yield "## Week at a glance"
    yield ""
    yield from _glance(plan)
    if plan.targets.caffeine_schedule is not None:
        yield ""
        yield from _caffeine_schedule(plan, foods)
    if plan.currency is not None:
        yield ""
        yield escape("Cost: " + _with_mark(*fmt.plan_cost(plan)))
    if plan.prep_list:
        yield ""
        yield from _prep(plan.prep_list, level=2)
    batches = fmt.batch_notes(plan)
    for day in plan.days:
        yield ""
        yield f"## Day {day.number}"
        yield ""
        yield from _meals(day, foods, batches)
        yield ""
        yield from _totals(plan, day)
        if plan.currency is not None:
            yield ""
            yield escape("Cost: " + _with_mark(*fmt.day_cost(plan, day)))
        if foods is not None:
            sources = fmt.top_sources(day, foods)
            if sources:
                yield ""
                yield "Top magnesium sources: " + ", ".join(
                    f"{escape(name)} {fmt.amount(mg, 'mg')}" for name, mg in sources)
            caffeine = fmt.day_caffeine(plan, day, foods)
            if caffeine.sources or plan.targets.caffeine_schedule is not None:
                yield ""
                yield f"Caffeine: {escape(caffeine.describe())}"
    notes = [*fmt.notes(plan), *fmt.cost_notes(plan)]
    if notes:
        yield ""
        yield "## Notes"
        yield ""
        yield from (f"- {escape(note)}" for note in notes)
    yield ""
    yield "## Targets"
    yield ""
    yield from _targets(plan)
    if shopping is not None:
        yield ""
        yield "## Shopping list"
        yield ""
        yield _shopping_headline(shopping)
        yield ""
        yield from _shopping(shopping, level=3)


def _table(header: Sequence[str], align: str, rows: Sequence[Sequence[str]]) -> Iterator[str]:
    # align has one letter per column: l(eft) or r(ight).
    yield "| " + " | ".join(header) + " |"
    yield "|" + "|".join(":---" if a == "l" else "---:" for a in align) + "|"
    for row in rows:
        yield "| " + " | ".join(row) + " |"


def _with_mark(text: str, state: fmt.Status) -> str:
    mark = fmt.MARK[state]
    return f"{text} {mark}" if mark else text


def _glance(plan: Plan) -> Iterator[str]:
    supplement = plan.targets.supplement_mg
    cap = plan.targets.caffeine_cap_mg
    varies = plan.targets.varies_by_day
    header = ["Day", "Magnesium from food"]
    if supplement:
        header.append(f"With {fmt.number(supplement)} mg supplement")
    reference = fmt.magnesium(plan.targets, {}).reference
    caffeine = "Caffeine" + (" (the day's cap)" if varies else
                             f" (≤ {fmt.number(cap)} mg)" if cap else "")
    header += [f"% of {reference}", "Energy", caffeine]
    if plan.currency is not None:
        header.append("Cost")
    header.append("Targets missed")
    rows = []
    for day in plan.days:
        mg = fmt.magnesium(plan.targets, day.totals)
        day_targets = plan.targets.on_day(day.number)
        by_nutrient = {r.nutrient: r for r in fmt.nutrient_rows(day_targets, day.totals)}
        row = [str(day.number), _with_mark(fmt.amount(mg.food_mg, "mg"), mg.status)]
        if supplement:
            row.append(fmt.amount(mg.total_mg, "mg"))
        row.append("" if mg.pct_rda is None else f"{fmt.number(mg.pct_rda)} %")
        for nutrient in ("energy_kcal", "caffeine_mg"):
            r = by_nutrient.get(nutrient)
            text = "" if r is None else fmt.amount(r.total, r.unit)
            day_cap = day_targets.caffeine_cap_mg
            if nutrient == "caffeine_mg" and varies and day_cap is not None:
                text += f" ({fmt.amount(day_cap, 'mg')})"
            row.append("" if r is None else _with_mark(text, r.status))
        if plan.currency is not None:
            _, state = fmt.day_cost(plan, day)
            row.append(escape(_with_mark(fmt.cost_text(day.cost, day.unpriced, plan.currency),
                                         state)))
        missed = [r.label for r in by_nutrient.values() if r.status in ("low", "high")]
        row.append(", ".join(missed) or "none")
        rows.append(row)
    yield from _table(header, "l" + "r" * (len(header) - 2) + "l", rows)


def _caffeine_schedule(plan: Plan, foods: FoodTable | None) -> Iterator[str]:
    schedule = plan.targets.caffeine_schedule
    assert schedule is not None
    yield "## Caffeine"
    yield ""
    timing = fmt.caffeine_timing(plan)
    yield escape(schedule.describe()[:1].upper() + schedule.describe()[1:]
                 + (f"; {timing}" if timing else "") + ".")
    yield ""
    rows = []
    for day in plan.days:
        c = fmt.day_caffeine(plan, day, foods)
        sources = "; ".join(s.describe() for s in c.sources) or "none"
        rows.append([str(day.number), "" if c.cap_mg is None else fmt.amount(c.cap_mg, "mg"),
                     _with_mark(fmt.amount(c.total_mg, "mg"), c.status), escape(sources)])
    yield from _table(["Day", "Cap", "Caffeine", "Sources"], "lrrl", rows)


def _prep(prep: Sequence[PrepStep], level: int) -> Iterator[str]:
    if not prep:
        return
    yield f"{'#' * level} Prep list"
    yield ""
    yield from (f"- {escape(fmt.prep_text(step))}" for step in prep)
    yield ""


def _meals(day: Day, foods: FoodTable | None,
           batches: Mapping[tuple[int, str, str], str]) -> Iterator[str]:
    header = ["Meal", "Food", "Amount"] + (["Magnesium"] if foods is not None else [])
    rows = []
    for meal in day.meals:
        label = fmt.meal_label(meal.name)
        for i, item in enumerate(meal.items):
            name = escape(item.name)
            note = batches.get((day.number, meal.name, item.food_id))
            if note:
                name += f" ({escape(note)})"
            if item.ingredients:
                name += f"<br>*{escape(fmt.ingredients_text(item))}*"
            row = [label if i == 0 else "", name, escape(fmt.measure(item))]
            if foods is not None:
                row.append(fmt.amount(fmt.item_amount(item, foods, "magnesium_mg"), "mg"))
            rows.append(row)
    yield from _table(header, "lll" + "r" * (foods is not None), rows)


def _totals(plan: Plan, day: Day) -> Iterator[str]:
    rows = []
    for r in fmt.nutrient_rows(plan.targets.on_day(day.number), day.totals):
        if r.nutrient == "magnesium_mg":
            mg = fmt.magnesium(plan.targets, day.totals)
            total = mg.describe()
            checks = []
            if mg.food_minimum_mg is not None:
                food = "food " if mg.supplement_mg else ""
                checks.append(_with_mark(f"{food}≥ {fmt.amount(mg.food_minimum_mg, 'mg')}",
                                         mg.status))
            if mg.pct_rda is not None:
                checks.append(f"{fmt.number(mg.pct_rda)} % of {mg.reference}")
        else:
            total = fmt.amount(r.total, r.unit)
            checks = [_with_mark(c.text, c.status) for c in r.checks]
        rows.append([r.label, total, " · ".join(checks)])
    yield from _table(["Nutrient", "Total", "Target"], "lrl", rows)


def _targets(plan: Plan) -> Iterator[str]:
    t = plan.targets
    yield f"Profile: {escape(t.profile.describe())}"
    if t.magnesium_rda_mg is not None:
        yield ""
        yield f"Magnesium RDA: {fmt.amount(t.magnesium_rda_mg, 'mg')} a day"
    if t.supplement_mg:
        ul = ("" if t.supplement_ul_mg is None else
              f" (upper limit for supplements: {fmt.amount(t.supplement_ul_mg, 'mg')})")
        yield ""
        yield f"Supplement: {fmt.amount(t.supplement_mg, 'mg')} a day{ul}"
    yield ""
    rows = [[escape(fmt.nutrient_label(x.nutrient)),
             escape(fmt.limits_text(x.minimum, x.maximum, x.unit)), escape(x.source)]
            for x in t.limits]
    yield from _table(["Nutrient", "Limit", "Source"], "lll", rows)


def _shopping_headline(shopping: ShoppingList) -> str:
    return f"For {fmt.days_count(shopping.days)} · foods: {escape(shopping.foods)}"


def _shopping(shopping: ShoppingList, level: int) -> Iterator[str]:
    for aisle, items in shopping.by_aisle():
        yield f"{'#' * level} {escape(fmt.aisle_label(aisle))}"
        yield ""
        for item in items:
            staple = "staple; " if item.staple else ""
            cost = fmt.item_cost(item.cost, shopping.currency)
            cost = f"; {escape(cost)}" if cost else ""
            note = fmt.shopping_note(item)
            note = f" · {escape(note)}" if note else ""
            yield (f"- [ ] {escape(item.name)}: {escape(item.unit_text)}{note} "
                   f"({staple}{fmt.days_label(item.days)}{cost})")
        yield ""
    total = fmt.shopping_cost(shopping)
    if total is not None:
        yield escape(total)
        yield ""
    for title, names in fmt.shopping_footnotes(shopping):
        yield f"{title}: {', '.join(escape(n) for n in names)}"
        yield ""
    if not shopping.items:
        yield "Nothing to buy."
        yield ""
