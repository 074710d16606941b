"""Views of a hand-made plan: golden renders, CSV and JSON contracts, escaping."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mealplan.caffeine import Intake, cut_back
from mealplan.files import FORMULA_PREFIXES, neutralise_cell, unneutralise_cell
from mealplan.foods import NUTRIENTS, FoodTable
from mealplan.plan import NOT_MEDICAL_ADVICE, Day, Item, Meal, Plan, PrepStep
from mealplan.shopping import shopping_list
from mealplan.targets import Basis, Profile, Sex, Target, Targets
from mealplan.views import _format as fmt
from mealplan.views.csv import PLAN_COLUMNS, render_csv
from mealplan.views.json import render_json
from mealplan.views.markdown import escape, render_markdown
from mealplan.views.terminal import render_terminal

GOLDEN = Path(__file__).parent / "golden"
# Set MEALPLAN_UPDATE_GOLDEN=1 to rewrite the golden files from the current views.
UPDATE_GOLDEN = os.environ.get("MEALPLAN_UPDATE_GOLDEN") == "1"

# Per 100 g, rounded from USDA SR28. Columns follow mealplan.foods.NUTRIENTS:
# energy_kcal protein_g fat_g saturated_fat_g carbohydrate_g fiber_g sugars_g
# sodium_mg potassium_mg calcium_mg magnesium_mg caffeine_mg
_FOODS = [
    # food_id, name, serving_g, serving_desc, nutrients, shopping columns
    ("01256", "Yogurt, Greek, plain, nonfat", 170, "1 container",
     (59, 10.2, 0.4, 0.1, 3.6, 0, 3.2, 36, 141, 110, 11, 0),
     {"aisle": "dairy & eggs"}),
    ("02047", "Salt, table", 6, "1 tsp",
     (0, 0, 0, 0, 0, 0, 0, 38758, 8, 24, 1, 0),
     {"aisle": "spices", "staple": True}),
    ("04053", "Oil, olive", 13.5, "1 tbsp",
     (884, 0, 100, 13.8, 0, 0, 0, 2, 1, 1, 0, 0),
     {"aisle": "oils & condiments", "staple": True}),
    ("08120", "Oats, rolled, dry", 40, "½ cup",
     (379, 13.2, 6.5, 1.1, 67.7, 10.1, 1.0, 6, 362, 52, 138, 0),
     {"aisle": "breakfast & cereal"}),
    ("09040", "Bananas, raw", 118, "1 medium",
     (89, 1.1, 0.3, 0.1, 22.8, 2.6, 12.2, 1, 358, 5, 27, 0),
     {"aisle": "produce", "purchase_name": "Bananas", "purchase_refuse_pct": 36,
      "piece_g": 118, "piece_name": "banana", "piece_plural": "bananas"}),
    ("11457", "Spinach, raw", 30, "1 cup",
     (23, 2.9, 0.4, 0.1, 3.6, 2.2, 0.4, 79, 558, 99, 79, 0),
     {"aisle": "produce", "purchase_id": "11457", "purchase_name": "Spinach, fresh",
      "purchase_refuse_pct": 28}),
    ("11458", "Spinach, cooked, boiled, drained", 180, "1 cup",
     (23, 3.0, 0.3, 0.0, 3.8, 2.4, 0.4, 70, 466, 136, 87, 0),
     {"aisle": "produce", "purchase_id": "11457", "purchase_yield": 0.9,
      "purchase_refuse_pct": 28}),
    ("12014", "Pumpkin seeds, dried", 28, "1 oz",
     (559, 30.2, 49.0, 8.7, 10.7, 6.0, 1.4, 7, 809, 46, 592, 0),
     {"aisle": "nuts & seeds"}),
    ("12061", "Almonds", 28, "1 oz",
     (579, 21.2, 49.9, 3.8, 21.6, 12.5, 4.4, 1, 733, 269, 270, 0),
     {"aisle": "nuts & seeds"}),
    ("14209", "Coffee, brewed", 237, "1 cup (8 fl oz)",
     (1, 0.1, 0.0, 0.0, 0.0, 0, 0, 2, 49, 2, 3, 40),
     {"aisle": "beverages", "purchase_id": "14209G",
      "purchase_name": "Coffee, ground", "purchase_yield": 16}),
    ("16015", "Black beans, cooked", 172, "1 cup",
     (132, 8.9, 0.5, 0.1, 23.7, 8.7, 0.3, 1, 355, 27, 70, 0),
     {}),
    ("16126", "Tofu, firm [prepared with calcium sulfate]", 126, "½ cup",
     (144, 17.3, 8.7, 1.3, 2.8, 2.3, 0.6, 14, 237, 683, 58, 0),
     {"aisle": "produce"}),
    ("19904", "Chocolate, dark, 70-85% cacao", 28, "1 oz",
     (598, 7.8, 42.6, 24.5, 45.9, 10.9, 24.0, 20, 715, 73, 228, 80),
     {"aisle": "snacks & sweets"}),
    ("20045", "Rice, white, long-grain, cooked", 158, "1 cup",
     (130, 2.7, 0.3, 0.1, 28.2, 0.4, 0.1, 1, 35, 10, 12, 0),
     {"aisle": "grains & pasta", "purchase_id": "20044",
      "purchase_name": "Rice, white, long-grain, dry", "purchase_yield": 3.16}),
]
_SHOPPING_COLUMNS = ("aisle", "purchase_id", "purchase_name", "purchase_yield",
                     "purchase_refuse_pct", "piece_g", "piece_name", "piece_plural", "staple")


def make_foods(extra: list[tuple[str, str, float, str, tuple[float, ...]]] = ()) -> FoodTable:
    """The test food table; ``extra`` adds foods without shopping columns."""
    rows = []
    for food_id, name, serving_g, desc, values, shop in [
        *_FOODS, *((f, n, g, d, v, {}) for f, n, g, d, v in extra)
    ]:
        row = {"food_id": food_id, "name": name, "serving_g": float(serving_g),
               "serving_desc": desc, **dict(zip(NUTRIENTS, map(float, values), strict=True))}
        row.update({c: shop.get(c) for c in _SHOPPING_COLUMNS})
        row["staple"] = bool(shop.get("staple", False))
        rows.append(row)
    frame = pd.DataFrame(rows).set_index("food_id").sort_index()
    for tag in ("meals", "diets", "allergens"):
        frame[tag] = [frozenset()] * len(frame)
    return FoodTable(frame=frame, source="test", nutrients=NUTRIENTS)


def make_targets(supplement_mg: float = 100, caffeine_cap: float | None = 200) -> Targets:
    """A 35-year-old woman's targets, with a supplement and a caffeine cap."""
    limits = [
        Target("magnesium_mg", 320 - supplement_mg, None,
               source="RDA, female 31-50 (NIH ODS Table 1)"
               + (f"; minus {supplement_mg:g} mg from a supplement" if supplement_mg else "")),
        Target("energy_kcal", 1750, 2150, source="Mifflin-St Jeor for a reference female"),
        Target("protein_g", 46, None, source="RDA, female 31-50 (DRI 2005)"),
        Target("protein_g", 10, 35, Basis.ENERGY_PCT, "AMDR (DRI 2005)"),
        Target("carbohydrate_g", 45, 65, Basis.ENERGY_PCT, "AMDR (DRI 2005)"),
        Target("fat_g", 20, 35, Basis.ENERGY_PCT, "AMDR (DRI 2005)"),
        Target("saturated_fat_g", None, 10, Basis.ENERGY_PCT, "Dietary Guidelines 2020-2025"),
        Target("fiber_g", 14, None, Basis.PER_1000_KCAL, "AI 14 g per 1,000 kcal (DRI 2005)"),
        Target("sodium_mg", None, 2300, source="CDRR (DRI 2019)"),
    ]
    if caffeine_cap is not None:
        limits.append(Target("caffeine_mg", None, caffeine_cap, source="--max-caffeine"))
    notes = (f"A {supplement_mg:g} mg magnesium supplement counts toward the target: food "
             f"must supply {320 - supplement_mg:g} mg a day.",) if supplement_mg else ()
    return Targets(limits=tuple(limits), profile=Profile(Sex.FEMALE, 35),
                   supplement_mg=supplement_mg, magnesium_rda_mg=320, supplement_ul_mg=350,
                   notes=notes)


# (meal, food_id, grams) per day. Day 2 falls short on magnesium and energy and day 3
# goes over the caffeine cap, so the views show crosses as well as ticks.
_DAYS = [
    [("breakfast", "08120", 80), ("breakfast", "09040", 118), ("breakfast", "14209", 237),
     ("breakfast", "12061", 14),
     ("lunch", "20045", 237), ("lunch", "16015", 172), ("lunch", "11457", 60),
     ("lunch", "04053", 13.5), ("lunch", "02047", 1.5),
     ("dinner", "16126", 126), ("dinner", "20045", 158), ("dinner", "11458", 90),
     ("dinner", "04053", 13.5),
     ("snack", "19904", 28), ("snack", "09040", 118)],
    [("breakfast", "01256", 170), ("breakfast", "09040", 118), ("breakfast", "14209", 237),
     ("lunch", "20045", 316), ("lunch", "11457", 30), ("lunch", "04053", 13.5),
     ("dinner", "16126", 126), ("dinner", "20045", 190)],
    [("breakfast", "08120", 60), ("breakfast", "01256", 170), ("breakfast", "09040", 59),
     ("breakfast", "14209", 711),
     ("lunch", "16015", 258), ("lunch", "20045", 190), ("lunch", "04053", 27),
     ("lunch", "02047", 1.5),
     ("dinner", "11458", 180), ("dinner", "16126", 126), ("dinner", "20045", 158),
     ("snack", "12014", 38.4), ("snack", "12061", 28)],
]


def day_totals(items: list[Item], foods: FoodTable) -> dict[str, float]:
    """grams / 100 x per-100 g values, summed: what the planner's checker computes."""
    return {n: sum(i.grams / 100 * foods.frame.at[i.food_id, n] for i in items)
            for n in foods.nutrients}


def make_plan(foods: FoodTable | None = None, **target_options: float | None) -> Plan:
    """Three hand-made days; totals computed from the table."""
    foods = foods or make_foods()
    days = []
    for number, rows in enumerate(_DAYS, start=1):
        meals = []
        for meal in ("breakfast", "lunch", "dinner", "snack"):
            items = []
            for m, food_id, grams in rows:
                if m != meal:
                    continue
                food = foods.frame.loc[food_id]
                items.append(Item(food_id, str(food["name"]), float(grams),
                                  grams / food["serving_g"], str(food["serving_desc"]),
                                  float(food["serving_g"])))
            if items:
                meals.append(Meal(meal, tuple(items)))
        all_items = [i for m in meals for i in m.items]
        days.append(Day(number, tuple(meals), day_totals(all_items, foods)))
    return Plan(
        days=tuple(days), targets=make_targets(**target_options),  # type: ignore[arg-type]
        status="optimal", foods="test", seconds=0.42,
        request={"diet": None, "allergens": [], "exclude": []},
        notes=("Energy range uses a reference body size; give --weight-kg and "
               "--height-cm, or --kcal, for your own.",),
    )


def make_cut_back_plan(foods: FoodTable) -> Plan:
    """The hand-made days cutting back from 300 mg (coffee) to 100 mg, none after lunch.

    Steps of 75 mg: 300, 225, 150, 100, so the three days' caps are 300, 225 and 150
    mg; day 3's 284 mg of coffee is over its cap.
    """
    plan = make_plan(foods, caffeine_cap=300)
    schedule = cut_back(Intake(300, "coffee", "300"), 100, 3)
    return replace(plan, targets=replace(plan.targets, caffeine_schedule=schedule),
                   request={**plan.request, "caffeine_meals": ["breakfast", "lunch"]})


# --- the fixture itself -------------------------------------------------------------

def test_fixture_totals_match_hand_arithmetic():
    day1 = make_plan().days[0]
    # grams / 100 x mg per 100 g, item by item (see _DAYS and _FOODS).
    magnesium = (0.8 * 138 + 2 * 1.18 * 27 + 2.37 * 3 + 0.14 * 270 + 2.37 * 12 + 1.72 * 70
                 + 0.6 * 79 + 0.015 * 1 + 1.26 * 58 + 1.58 * 12 + 0.9 * 87 + 0.28 * 228)
    assert day1.totals["magnesium_mg"] == pytest.approx(649.465)
    assert magnesium == pytest.approx(649.465)
    assert day1.totals["caffeine_mg"] == pytest.approx(2.37 * 40 + 0.28 * 80)


# --- golden renders -----------------------------------------------------------------

def assert_golden(name: str, text: str) -> None:
    """Compare with tests/golden/NAME; MEALPLAN_UPDATE_GOLDEN=1 rewrites it."""
    path = GOLDEN / name
    if UPDATE_GOLDEN:
        path.parent.mkdir(exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    expected = None
    if path.exists():
        with path.open(encoding="utf-8", newline="") as fh:
            expected = fh.read()
    assert expected is not None, f"{path.name} is missing; run with MEALPLAN_UPDATE_GOLDEN=1"
    assert text == expected, f"{path.name} changed; run with MEALPLAN_UPDATE_GOLDEN=1 to accept"


def test_terminal_golden():
    foods = make_foods()
    assert_golden("plan_terminal.txt",
                  render_terminal(make_plan(foods), foods, width=100, color=False))


def test_markdown_golden():
    foods = make_foods()
    plan = make_plan(foods)
    assert_golden("plan.md", render_markdown(plan, foods, shopping_list(plan, foods)))


def test_csv_golden():
    foods = make_foods()
    assert_golden("plan.csv", render_csv(make_plan(foods), foods))


# --- terminal -----------------------------------------------------------------------

_COLOUR_SGR = {*range(30, 38), 38, *range(40, 48), 48, *range(90, 98), *range(100, 108)}


def colour_codes(text: str) -> set[int]:
    """SGR parameters in text that set a colour (bold and italic are not colours)."""
    codes = set()
    for params in re.findall(r"\x1b\[([0-9;]*)m", text):
        codes.update(int(p) for p in params.split(";") if p)
    return codes & _COLOUR_SGR


def test_terminal_shows_each_part():
    foods = make_foods()
    out = render_terminal(make_plan(foods), foods, width=100, color=False)
    assert "\x1b" not in out
    assert "1 medium (118 g)  " in out
    assert "1 cup (80 g)" in out and "½ oz (14 g)" in out and "1½ cups (237 g)" in out
    assert "food 649 mg + supplement 100 mg = 749 mg · 234 % of RDA · food ≥ 220 mg ✓" in out
    assert "food 215 mg + supplement 100 mg = 315 mg · 98 % of RDA · food ≥ 220 mg ✗ low" in out
    assert "284 mg  ≤ 200 mg ✗ high" in out
    assert "Top magnesium: Black beans, cooked 120 mg · Oats, rolled, dry 110 mg" in out
    assert "Magnesium per day" in out and "│ RDA 320 mg" in out
    assert "A 100 mg magnesium supplement counts toward the target" in out
    assert out.rstrip().endswith(NOT_MEDICAL_ADVICE)
    assert all(len(line) <= 100 for line in out.splitlines())


def test_every_view_names_the_caffeine_sources_of_a_day():
    # Day 1: coffee 237 g x 40 mg/100 g = 94.8 mg at breakfast, dark chocolate 28 g x
    # 80 = 22.4 mg and 28 g x 228 = 63.8 mg of magnesium at the snack.
    foods = make_foods()
    plan = make_plan(foods)
    line = ("117 mg (cap 200 mg): Coffee, brewed, 1 cup (8 fl oz), 95 mg at breakfast; "
            "Chocolate, dark, 70-85% cacao, 1 oz, 22 mg at snack, also 64 mg of magnesium")
    assert fmt.day_caffeine(plan, plan.days[0], foods).describe() == line
    assert f"Caffeine: {line}" in " ".join(
        render_terminal(plan, foods, width=400, color=False).split())
    assert f"Caffeine: {line}" in render_markdown(plan, foods)
    data = json.loads(render_json(plan, foods))
    first = data["caffeine"]["days"][0]
    assert (first["cap_mg"], first["text"]) == (200, line)
    assert [s["food_id"] for s in first["sources"]] == ["14209", "19904"]


def test_a_cut_back_shows_each_days_cap_everywhere():
    foods = make_foods()
    plan = make_cut_back_plan(foods)
    out = render_terminal(plan, foods, width=100, color=False)
    assert "95 mg  ≤ 225 mg ✓" in out and "284 mg  ≤ 150 mg ✗ high" in out
    week = out[out.index("Caffeine per day"):]
    assert "no caffeine after lunch" in week.splitlines()[0]
    caps = re.findall(r"cap (\d+) mg\s+(✓|✗)", week)
    assert caps == [("300", "✓"), ("225", "✓"), ("150", "✗")]
    md = render_markdown(plan, foods)
    assert "| 1,173 kcal ✗ low | 95 mg (225 mg) ✓ |" in md
    assert "| 2,019 kcal ✓ | 284 mg (150 mg) ✗ high | Caffeine |" in md
    section = md[md.index("## Caffeine"):md.index("## Day 1")]
    assert section.splitlines()[2] == (
        "Cut back from 300 mg to 100 mg a day over 4 days, a daily cap falling by at most "
        "25 % of the start: 300, 225, 150, 100 mg; no caffeine after lunch.")
    assert "| 3 | 150 mg | 284 mg ✗ high | Coffee, brewed, 3 × 1 cup (8 fl oz), 284 mg at " \
        "breakfast |" in section
    data = json.loads(render_json(plan, foods))
    assert data["targets"]["caffeine_schedule"]["caps_mg"] == [300, 225, 150]
    assert [d["cap_mg"] for d in data["caffeine"]["days"]] == [300, 225, 150]
    assert data["request"]["caffeine_meals"] == ["breakfast", "lunch"]
    assert Plan.from_dict(data) == plan


def test_terminal_week_bars_are_proportional():
    out = render_terminal(make_plan(), width=100, color=False)
    bars = {line.split()[1]: line for line in out.splitlines() if line.startswith(" Day ")}
    # Day 3 (994 mg) sets the scale: 40 cells; the RDA line sits at 320 / 994 x 40.
    day3 = bars["3"].split("  ")[1]
    assert day3.count("█") + day3.count("▒") + day3.count("│") == 40
    assert bars["1"].index("│") == bars["2"].index("│") == bars["3"].index("│")
    assert bars["2"].index("│") - bars["2"].index("█") == round(320 / 994 * 40)


def test_terminal_without_foods_leaves_out_per_item_magnesium():
    out = render_terminal(make_plan(), width=100, color=False)
    assert "Top magnesium" not in out and " Mg" not in out
    assert "Oats, rolled, dry" in out


def test_terminal_colour_on_and_off():
    foods = make_foods()
    plan = make_plan(foods)
    coloured = render_terminal(plan, foods, width=100, color=True)
    assert colour_codes(coloured)
    assert "\x1b" not in render_terminal(plan, foods, width=100, color=False)


def test_terminal_lets_rich_decide_from_stdout(monkeypatch):
    plan = make_plan()
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr("sys.stdout", io.StringIO())  # not a terminal
    assert "\x1b" not in render_terminal(plan, width=100)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    assert colour_codes(render_terminal(plan, width=100))
    monkeypatch.setenv("NO_COLOR", "1")
    assert not colour_codes(render_terminal(plan, width=100))


@pytest.mark.parametrize("name", [
    "[bold red]Kale[/bold red]",
    "[link=http://example.com]Kale[/link]",
    "Kale :coffee: [/]",
    "Kale \\[escaped]",
])
def test_terminal_prints_markup_in_names_literally(name):
    foods = make_foods([("99001", name, 100, "1 cup", (50,) * 12)])
    plan = replace_first_item(make_plan(foods), foods, "99001")
    out = render_terminal(plan, foods, width=200, color=False)
    assert name in out
    coloured = render_terminal(plan, foods, width=200, color=True)
    assert name in coloured


def replace_first_item(plan: Plan, foods: FoodTable, food_id: str) -> Plan:
    """The plan with day 1's first item swapped for 100 g of another food."""
    food = foods.frame.loc[food_id]
    item = Item(food_id, str(food["name"]), 100.0, 100 / food["serving_g"],
                str(food["serving_desc"]), float(food["serving_g"]))
    day = plan.days[0]
    meals = (replace(day.meals[0], items=(item, *day.meals[0].items[1:])), *day.meals[1:])
    items = [i for m in meals for i in m.items]
    days = (Day(1, meals, day_totals(items, foods)), *plan.days[1:])
    return replace(plan, days=days)


def test_terminal_without_supplement_cap_or_meals():
    foods = make_foods()
    plan = make_plan(foods, supplement_mg=0, caffeine_cap=None)
    day = plan.days[0]
    flat = replace(day, meals=(Meal("all", day.items),))
    plan = replace(plan, days=(flat, *plan.days[1:]))
    out = render_terminal(plan, foods, width=100, color=False)
    assert "Magnesium  649 mg · 203 % of RDA · ≥ 320 mg ✓" in out
    assert "supplement" not in out.split("Day 1")[1].split("Day 2")[0]
    assert "Breakfast" not in out.split("Day 1")[1].split("Day 2")[0]
    caffeine = next(line for line in out.splitlines() if line.startswith("Caffeine"))
    assert caffeine.split() == ["Caffeine", "117", "mg"]


def test_terminal_unknown_totals_say_unknown():
    plan = make_plan()
    day = plan.days[0]
    totals = {**day.totals, "fiber_g": math.nan, "magnesium_mg": math.nan}
    plan = replace(plan, days=(replace(day, totals=totals), *plan.days[1:]))
    lines = [" ".join(line.split()) for line in
             render_terminal(plan, width=100, color=False).splitlines()]
    assert "Fiber unknown unknown g per 1,000 kcal (≥ 14) ? unknown" in lines
    assert ("Magnesium food unknown + supplement 100 mg = unknown · food ≥ 220 mg ? unknown"
            in lines)
    assert "Day 1 │ unknown ? unknown" in lines


# --- Markdown -----------------------------------------------------------------------

def test_markdown_tables_have_one_row_per_item_and_escape_names():
    foods = make_foods([("99001", "Kale | *raw* <b>", 100, "1 cup", (50,) * 12)])
    plan = replace_first_item(make_plan(foods), foods, "99001")
    out = render_markdown(plan, foods)
    assert "Kale \\| \\*raw\\* \\<b\\>" in out
    assert "<b>" not in out
    day1 = out.split("## Day 1")[1].split("## Day 2")[0]
    item_rows = [r for r in day1.splitlines() if r.startswith("| ") and " g) |" in r]
    assert len(item_rows) == sum(len(m.items) for m in plan.days[0].meals)
    assert all(r.count(" | ") == 3 for r in item_rows)  # 4 cells: no stray pipes


def test_markdown_without_shopping_or_foods():
    out = render_markdown(make_plan())
    assert "## Shopping list" not in out and "Top magnesium" not in out
    assert "| Meal | Food | Amount |" in out


@pytest.mark.parametrize(("text", "escaped"), [
    ("Macaroni & cheese", "Macaroni & cheese"),
    ("AT&amp;T", "AT\\&amp;T"),
    ("[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))"),
    ("two\nlines", "two lines"),
])
def test_markdown_escape(text, escaped):
    assert escape(text) == escaped


# --- CSV ----------------------------------------------------------------------------

def test_csv_opens_in_pandas_with_the_same_values():
    foods = make_foods()
    plan = make_plan(foods)
    frame = pd.read_csv(io.StringIO(render_csv(plan, foods)), dtype={"food_id": str})
    assert list(frame.columns) == [*PLAN_COLUMNS, *NUTRIENTS]
    items = [(d.number, m.name, i) for d in plan.days for m in d.meals for i in m.items]
    assert len(frame) == len(items)
    for (_, row), (day, meal, item) in zip(frame.iterrows(), items, strict=True):
        assert (row["day"], row["meal"], row["food_id"], row["name"]) == (
            day, meal, item.food_id, item.name)
        assert row["grams"] == pytest.approx(item.grams, abs=0.05)
        assert row["servings"] == pytest.approx(item.servings, abs=0.0005)
        for n in NUTRIENTS:
            expected = item.grams / 100 * foods.frame.at[item.food_id, n]
            assert row[n] == pytest.approx(expected, abs=0.005 + 1e-9)
    # Per-item magnesium adds up to the day's total.
    by_day = frame.groupby("day")["magnesium_mg"].sum()
    for d in plan.days:
        assert by_day[d.number] == pytest.approx(d.totals["magnesium_mg"], abs=0.1)


def test_csv_unknown_value_is_an_empty_cell():
    foods = make_foods()
    foods.frame.loc["16015", "caffeine_mg"] = math.nan
    text = render_csv(make_plan(foods), foods)
    beans = next(r for r in text.splitlines() if ",16015," in r)
    assert beans.endswith(",")
    frame = pd.read_csv(io.StringIO(text), dtype={"food_id": str})
    assert frame.loc[frame.food_id == "16015", "caffeine_mg"].isna().all()


def test_csv_line_endings_are_consistent():
    foods = make_foods()
    plan = make_plan(foods)
    text = render_csv(plan, foods)
    assert text.count("\r\n") == 1 + sum(len(d.items) for d in plan.days)
    assert "\n" not in text.replace("\r\n", "") and "\r" not in text.replace("\r\n", "")


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_neutralises_formula_names(prefix):
    name = f'{prefix}HYPERLINK("http://x","y")'
    foods = make_foods([("99001", name, 100, f"{prefix}1 cup", (50,) * 12)])
    plan = replace_first_item(make_plan(foods), foods, "99001")
    rows = list(csv.reader(io.StringIO(render_csv(plan, foods), newline="")))
    row = next(r for r in rows if r[2] == "99001")
    assert row[3] == "'" + name
    assert row[5] == "'" + f"{prefix}1 cup"
    # Numbers stay numbers, not text.
    assert row[6] == "100"


@settings(deadline=None, max_examples=50)
@given(st.text(min_size=1, max_size=30))
def test_csv_text_cells_never_start_a_formula(name):
    foods = make_foods([("99001", name, 100, "1 cup", (50,) * 12)])
    plan = replace_first_item(make_plan(foods), foods, "99001")
    rows = list(csv.reader(io.StringIO(render_csv(plan, foods), newline="")))
    assert unneutralise_cell(next(r for r in rows if r[2] == "99001")[3]) == name
    text_columns = [PLAN_COLUMNS.index(c) for c in ("meal", "food_id", "name", "serving_desc")]
    for row in rows[1:]:
        for i in text_columns:
            assert not row[i].startswith(FORMULA_PREFIXES)


@given(st.text())
def test_neutralised_cells_never_start_a_formula(text):
    cell = neutralise_cell(text)
    assert not str(cell).startswith(FORMULA_PREFIXES)
    assert str(cell).removeprefix("'") == text or cell == text


# --- JSON ---------------------------------------------------------------------------

def _no_constants(name: str) -> None:
    raise AssertionError(f"JSON contains {name}")


def test_json_round_trips_and_never_writes_nan():
    plan = make_plan()
    assert Plan.from_dict(json.loads(render_json(plan))) == plan
    day = plan.days[1]
    broken = replace(plan, gap=math.nan, seconds=math.inf,
                     days=(plan.days[0], replace(day, totals={**day.totals,
                                                              "fiber_g": math.nan})))
    text = render_json(broken)
    data = json.loads(text, parse_constant=_no_constants)
    assert data["gap"] is None and data["seconds"] is None
    assert data["days"][1]["totals"]["fiber_g"] is None
    assert data["disclaimer"].startswith(NOT_MEDICAL_ADVICE)
    assert math.isnan(Plan.from_dict(data).days[1].totals["fiber_g"])


_names = st.text(st.characters(exclude_categories=("Cs",)), max_size=20)
# Subnormal energies are left out: Target.value divides by 0.01 x energy, which
# underflows to zero for them.
_finite = st.floats(min_value=0, max_value=1e5, allow_nan=False, allow_subnormal=False)
_items = st.builds(Item, food_id=st.from_regex(r"\d{5}", fullmatch=True), name=_names,
                   grams=_finite, servings=_finite, serving_desc=_names,
                   serving_g=st.floats(min_value=0.1, max_value=1e3))
_meals = st.builds(Meal, name=st.sampled_from(["breakfast", "lunch", "dinner", "snack", "all"]),
                   items=st.lists(_items, max_size=4).map(tuple))


@st.composite
def _plans(draw: st.DrawFn) -> Plan:
    n = draw(st.integers(1, 4))
    days = tuple(
        Day(i, tuple(draw(st.lists(_meals, max_size=3))),
            {k: draw(_finite) for k in ("magnesium_mg", "energy_kcal", "caffeine_mg")})
        for i in range(1, n + 1))
    targets = make_targets(supplement_mg=draw(st.sampled_from([0, 100])),
                           caffeine_cap=draw(st.sampled_from([None, 0.0, 400.0])))
    return Plan(days=days, targets=targets, status=draw(st.sampled_from(["optimal", "within_gap"])),
                foods=draw(_names), gap=draw(st.none() | _finite),
                seconds=draw(st.none() | _finite),
                notes=tuple(draw(st.lists(_names, max_size=2))))


@settings(deadline=None)
@given(_plans())
def test_generated_plans_round_trip_through_json(plan):
    assert Plan.from_dict(json.loads(render_json(plan))) == plan


@settings(deadline=None, max_examples=30)
@given(_plans())
def test_generated_plans_render_everywhere(plan):
    foods = make_foods()
    assert render_terminal(plan, width=100, color=False).endswith("\n")
    assert render_markdown(plan).endswith("\n")
    assert render_csv(plan, foods).startswith("day,meal,")


# --- structure ----------------------------------------------------------------------

def test_views_import_neither_pulp_nor_click():
    code = ("import sys, mealplan.shopping, mealplan.views.terminal, mealplan.views.markdown,"
            " mealplan.views.csv, mealplan.views.json, mealplan.views.html;"
            " print(sorted(m for m in ('pulp', 'click') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_views_package_exports_every_renderer():
    import mealplan.views as views

    for name in views.__all__:
        assert callable(getattr(views, name))
    with pytest.raises(AttributeError):
        views.render_nothing  # noqa: B018


def test_a_users_own_magnesium_minimum_is_called_a_target_not_the_rda():
    from mealplan.targets import Profile, Target, Targets

    targets = Targets(limits=(Target("magnesium_mg", 400.0, None, source="--min"),),
                      profile=Profile(), magnesium_rda_mg=None)
    foods = make_foods([("99001", "Seeds", 100, "1 cup", (50,) * 12)])
    plan = replace(replace_first_item(make_plan(foods), foods, "99001"), targets=targets)
    for text in (render_terminal(plan, foods, width=100, color=False),
                 render_markdown(plan, foods)):
        assert "% of target" in text and "% of RDA" not in text


# --- batch cooking: the prep list and leftovers --------------------------------------

RICE_BATCH = PrepStep(1, "20045", "Rice, white, long-grain, cooked", 553.0, 3.5,
                      ((1, "lunch"), (1, "dinner"), (2, "dinner")))


def make_batch_plan(foods: FoodTable) -> Plan:
    """The hand-made days with day 1's rice cooked once, for lunch, dinner and day 2."""
    return replace(make_plan(foods), prep=(RICE_BATCH,))


def test_prep_text_and_batch_notes():
    plan = make_batch_plan(make_foods())
    # Meals, not servings: the table's serving of a dish may be an ounce.
    assert fmt.prep_text(RICE_BATCH) == ("Day 1: cook Rice, white, long-grain, cooked for 3 "
                                         "meals (553 g): day 1 lunch, day 1 dinner, "
                                         "day 2 dinner")
    assert fmt.batch_notes(plan) == {
        (1, "lunch", "20045"): "cook for 3 meals",
        (1, "dinner", "20045"): "leftover from lunch",
        (2, "dinner", "20045"): "leftover from day 1",
    }
    # A batch eaten all at the meal it is cooked for says nothing beside the dish.
    once = PrepStep(3, "16015", "Black beans, cooked", 258.0, 1.5, ((3, "lunch"),))
    assert fmt.batch_notes(replace(plan, prep=(once,))) == {}
    assert fmt.prep_text(once) == "Day 3: cook Black beans, cooked for 1 meal (258 g): day 3 lunch"
    assert fmt.eaten_at(2, "all") == "day 2"


def test_dry_beans_cooked_for_one_meal_are_on_the_prep_list_to_soak():
    from mealplan.plan import Soak

    foods = make_foods()
    soak = (Soak("16014", "Black beans, dry", 77.0, 8.0),)
    once = PrepStep(3, "16015", "Black beans, cooked", 180.0, 1.0, ((3, "lunch"),), soak)
    plan = replace(make_plan(foods), prep=(once,))
    line = fmt.prep_text(once)
    assert line == ("Day 3: cook Black beans, cooked for 1 meal (180 g): day 3 lunch; soak "
                    "77 g of Black beans, dry the night before (at least 8 hours)")
    assert plan.prep_list == (once,) and plan.batches == ()
    assert fmt.batch_notes(plan) == {}  # nothing beside the dish: it is cooked that day
    flat = [" ".join(row.split()) for row in
            render_terminal(plan, foods, width=200, color=False).splitlines()]
    assert f"• {line}" in flat
    assert f"- {escape(line)}" in render_markdown(plan, foods)
    data = json.loads(render_json(plan, foods))
    assert data["prep"][0]["soak"] == [{"purchase_id": "16014", "name": "Black beans, dry",
                                        "grams": 77.0, "hours": 8.0}]
    assert Plan.from_dict(data).prep == (once,)


def test_every_view_has_the_prep_list_and_says_which_meals_are_leftovers():
    foods = make_foods()
    plan = make_batch_plan(foods)
    line = fmt.prep_text(RICE_BATCH)
    text = render_terminal(plan, foods, width=120, color=False)
    flat = [" ".join(row.split()) for row in text.splitlines()]
    assert "Prep list" in flat and f"• {line}" in flat
    assert any(row.startswith("Rice, white, long-grain, cooked (cook for 3 meals) 1½ cups")
               for row in flat)
    assert any(row.startswith("Rice, white, long-grain, cooked (leftover from day 1)")
               for row in flat)
    markdown = render_markdown(plan, foods)
    assert f"## Prep list\n\n- {escape(line)}\n" in markdown
    assert markdown.index("## Prep list") < markdown.index("## Day 1")
    assert "| Rice, white, long-grain, cooked (leftover from lunch) |" in markdown
    data = json.loads(render_json(plan, foods))
    assert data["prep"] == [RICE_BATCH.to_dict()]
    assert Plan.from_dict(data).prep == (RICE_BATCH,)
    # Without batches the views have no prep list.
    assert "Prep list" not in render_terminal(make_plan(foods), foods, color=False)
    assert "Prep list" not in render_markdown(make_plan(foods), foods)
