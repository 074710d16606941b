"""Using a plan from the command line: every output format, files, safety and CLI manners.

One week is solved once for the module (``week.json`` and its ``list.csv``); the other
tests plan a single day. Expected values come from the saved plan and the food table,
never from a particular solver answer, so the tests hold whatever plan the solver picks.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
import select
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import click
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner, Result
from conftest import DATA
from test_html import _chromium, colour_pixels, parse, read_png, words

import mealplan
from mealplan.cli import cli
from mealplan.foods import FoodTable, load_foods
from mealplan.packages import package_unit
from mealplan.plan import NOT_MEDICAL_ADVICE, Plan
from mealplan.shopping import shopping_list
from mealplan.views.csv import PLAN_COLUMNS, SHOPPING_COLUMNS
from mealplan.views.html import LINE_COLOUR, MAGNESIUM_COLOUR, MISSED_COLOUR

# Colour and width come from the environment; the tests want rich's plain 80 columns.
RUNNER = CliRunner(env={"FORCE_COLOR": None, "TTY_COMPATIBLE": None, "COLUMNS": None,
                        "CLICOLOR_FORCE": None})
PERSON = ("--sex", "female", "--age", "35")
HOSTILE_LINK = '=HYPERLINK("http://x")'
HOSTILE_SCRIPT = "<script>alert(1)</script>"
HOSTILE_MARKUP = "[bold red]Beans[/bold red] & <i>co</i>"
HOSTILE_AISLE = "=cmd|' /C calc'!A0"


def mealplan_cli(*args: object, **kwargs: object) -> Result:
    return RUNNER.invoke(cli, [str(a) for a in args], **kwargs)  # type: ignore[arg-type]


def ok(*args: object) -> Result:
    result = mealplan_cli(*args)
    assert result.exit_code == 0, (result.stderr, result.exception)
    return result


def read_csv(path_or_text: Path | str) -> pd.DataFrame:
    source = path_or_text if isinstance(path_or_text, Path) else io.StringIO(path_or_text)
    return pd.read_csv(source, dtype={"food_id": str, "purchase_id": str, "days": str})


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@dataclass(frozen=True)
class Week:
    """The module's one solved week: its plan, shopping list and the table."""

    folder: Path
    plan_path: Path
    list_path: Path
    plan: Plan
    foods: FoodTable


@pytest.fixture(scope="module")
def week(tmp_path_factory: pytest.TempPathFactory) -> Week:
    folder = tmp_path_factory.mktemp("week")
    plan_path, list_path = folder / "week.json", folder / "list.csv"
    ok("week", *PERSON, "--format", "json", "-o", plan_path, "--shopping-list", list_path)
    plan = Plan.from_dict(json.loads(plan_path.read_text(encoding="utf-8")))
    return Week(folder, plan_path, list_path, plan, load_foods(plan.foods))


@pytest.fixture(scope="module")
def hostile_foods(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tiny_foods.csv plus three foods whose names and aisles attack each output."""
    path = tmp_path_factory.mktemp("hostile") / "foods.csv"
    rows = [
        ["99001", HOSTILE_LINK, "Nut and Seed Products", 560, 30, 50, 9, 10, 6, 1, 10, 800,
         50, 550, 0, "reported", 30, "1 oz", "breakfast;lunch;dinner;snack", "vegan", "", 2,
         "hostile1", HOSTILE_AISLE, 1, 0],
        ["99002", HOSTILE_SCRIPT, "Vegetables and Vegetable Products", 20, 3, 0.5, 0, 4, 2.5,
         0.5, 70, 470, 140, 90, 0, "reported", 100, "1/2 cup", "lunch;dinner", "vegan", "", 3,
         "hostile2", "<b>produce</b>", 1, 0],
        ["99003", HOSTILE_MARKUP, "Legumes and Legume Products", 130, 9, 0.5, 0.1, 24, 8, 0.3,
         1, 350, 27, 70, 0, "reported", 170, "1 cup", "lunch;dinner", "vegan", "", 2,
         "hostile3", "+beans", 0.3, 0],
    ]
    text = (DATA / "tiny_foods.csv").read_text(encoding="utf-8")
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(text + buffer.getvalue(), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile_outputs(hostile_foods: Path) -> tuple[Path, Path]:
    """A day planned on the hostile table with all three foods in it: plan and list CSV."""
    folder = hostile_foods.parent
    plan_csv, list_csv = folder / "plan.csv", folder / "list.csv"
    ok("day", "--foods", hostile_foods, "--include", "99001", "--include", "99002",
       "--include", "99003", "--format", "csv", "-o", plan_csv, "--shopping-list", list_csv)
    return plan_csv, list_csv


# --- every format, to stdout and to a file ----------------------------------------------

def check_table(text: str, plan: Plan | None = None) -> None:
    assert "\x1b[" not in text  # not a terminal: plain text
    lines = text.splitlines()
    assert lines[0].startswith("Meal plan · 1 day · female, 35 years")
    assert max(len(line) for line in lines) <= 80
    for heading in ("Day 1", "Breakfast", "Lunch", "Dinner", "Week"):
        assert any(line.startswith(heading) for line in lines), heading
    # Household measures with grams, and each item's magnesium.
    assert re.search(r"^  \S.*\(\d[\d.,]* g\)\s+\S.*\d mg Mg$", text, re.M)
    assert re.search(r"^Magnesium  [\d,]+ mg · \d+ % of RDA · ≥ 320 mg ✓$", text, re.M)
    for nutrient in ("Energy", "Protein", "Fiber", "Sodium", "Caffeine"):
        assert re.search(rf"^{nutrient} +[\d,.]+ (kcal|g|mg) ", text, re.M), nutrient
    assert "Top magnesium: " in text
    assert re.search(r"^ Day 1  █+[█│]+ *[\d,]+ mg +\d+ % +✓$", text, re.M)
    assert words(text).endswith(NOT_MEDICAL_ADVICE)


def check_json(text: str, plan: Plan | None = None) -> None:
    data = json.loads(text)
    assert data["mealplan_plan"] == 1 and len(data["days"]) == 1
    # The plan round-trips; "caffeine" is worked out from it and the food table.
    caffeine = data.pop("caffeine")
    assert [d["day"] for d in caffeine["days"]] == [1]
    assert Plan.from_dict(data).to_dict() == data


def check_csv(text: str, plan: Plan | None = None) -> None:
    assert text.endswith("\r\n")
    frame = read_csv(text)
    foods = load_foods("default")
    # The built-in table has prices: each row says what the item costs, and in what.
    assert list(frame.columns) == [*PLAN_COLUMNS, *foods.nutrients, "cost", "currency"]
    assert set(frame["day"]) == {1}
    assert set(frame["meal"]) <= {"breakfast", "lunch", "dinner", "snack", "drink"}
    table = foods.frame.loc[frame["food_id"]]
    assert list(frame["name"]) == list(table["name"])
    assert np.allclose(frame["servings"] * table["serving_g"].to_numpy(), frame["grams"],
                       rtol=1e-3, atol=0.1)
    # Each nutrient cell is what the item supplies: grams / 100 x the per-100 g value.
    for nutrient in ("magnesium_mg", "energy_kcal", "protein_g", "caffeine_mg"):
        per_100g = table[nutrient].to_numpy(dtype=float)
        expected = frame["grams"].to_numpy() / 100 * per_100g
        known = ~np.isnan(expected)
        # The grams cell is rounded to 0.1 g, the nutrient cell to 0.01.
        tolerance = 0.05 / 100 * per_100g[known] + 0.006
        assert (abs(frame[nutrient].to_numpy()[known] - expected[known]) <= tolerance).all()
        assert frame[nutrient][~known].isna().all()
    assert frame["magnesium_mg"].sum() >= 320 - 0.1


def check_markdown(text: str, plan: Plan | None = None) -> None:
    assert text.startswith("# Meal plan: 1 day\n")
    for heading in ("## Week at a glance", "## Day 1", "## Shopping list", "## Targets"):
        assert f"\n{heading}\n" in text, heading
    assert "| Meal | Food | Amount | Magnesium |" in text
    assert re.search(r"^- \[ \] .+: .+ \(day 1(; [^)]*)?\)$", text, re.M)  # a checkbox list
    assert NOT_MEDICAL_ADVICE in text


def check_html(text: str, plan: Plan | None = None) -> None:
    root, builder = parse(text)
    assert builder.doctype.lower() == "doctype html"
    assert root.find("figure", id="magnesium-chart").find("svg")
    assert root.find("figure", id="caffeine-chart").find("svg")
    assert [a.attrs["id"] for a in root.find_all("article")] == ["day-1"]
    assert root.find("section", id="shopping").find_all("li")
    assert not root.find_all("script") and not root.find_all("link")


def without_timing(output: bytes) -> bytes:
    return re.sub(rb'"seconds": [\d.]+|solved in [\d.]+ s', b"<time>", output)


CHECKS = {"table": check_table, "json": check_json, "csv": check_csv,
          "markdown": check_markdown, "html": check_html}


@pytest.mark.parametrize("fmt", sorted(CHECKS))
def test_every_format_to_stdout_and_to_a_file(fmt, tmp_path):
    shown = ok("day", *PERSON, "--format", fmt)
    CHECKS[fmt](shown.stdout_bytes.decode("utf-8"))
    assert shown.stderr == ""
    target = tmp_path / f"day.{fmt}"
    written = ok("day", *PERSON, "--format", fmt, "-o", target)
    assert written.stdout == "" and written.stderr == ""
    # The same bytes (no colour, the same width and line endings), but for solve time;
    # a CSV file starts with the byte-order mark that tells spreadsheets it is UTF-8.
    mark = codecs.BOM_UTF8 if fmt == "csv" else b""
    assert without_timing(target.read_bytes()) == mark + without_timing(shown.stdout_bytes)
    assert leftovers(tmp_path) == []


def test_table_is_plain_in_a_file_even_when_colour_is_forced(tmp_path):
    target = tmp_path / "day.txt"
    result = mealplan_cli("day", *PERSON, "-o", target, env={"FORCE_COLOR": "1"})
    assert result.exit_code == 0
    check_table(target.read_text(encoding="utf-8"))


def test_week_json_is_a_plan_of_seven_days(week):
    assert [d.number for d in week.plan.days] == [1, 2, 3, 4, 5, 6, 7]
    assert week.plan.foods == "default"
    for day in week.plan.days:
        assert day.totals["magnesium_mg"] >= 320 - 0.1


# --- the HTML report --------------------------------------------------------------------

@pytest.mark.skipif(_chromium() is None, reason="needs chromium")
def test_week_report_renders_in_headless_chromium_with_the_magnesium_chart(tmp_path):
    page = tmp_path / "week.html"
    result = ok("week", *PERSON, "--format", "html", "-o", page)
    assert result.stdout == ""
    html = page.read_text(encoding="utf-8")
    root, _ = parse(html)
    assert [a.attrs["id"] for a in root.find_all("article")] == [f"day-{d}" for d in range(1, 8)]
    shot = tmp_path / "week.png"
    run = subprocess.run(
        [_chromium(), "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-quic", "--no-first-run", "--hide-scrollbars",
         f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}",
         "--window-size=1200,1400", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    image = read_png(shot)
    assert image.shape[:2] == (1400, 1200)
    assert len(np.unique(image[..., :3].reshape(-1, 3), axis=0)) > 50  # not a blank page
    # Seven magnesium bars (any day under target is drawn in the "missed" colour) ...
    ys, xs = (np.concatenate(a) for a in zip(colour_pixels(image, MAGNESIUM_COLOUR),
                                              colour_pixels(image, MISSED_COLOUR),
                                              strict=True))
    bars = []
    for column in np.split(np.unique(xs), np.flatnonzero(np.diff(np.unique(xs)) > 1) + 1):
        in_bar = np.isin(xs, column)
        if ys[in_bar].max() - ys[in_bar].min() > 15 and len(column) > 15:  # not a legend key
            bars.append((column.min(), ys[in_bar].min()))
    assert len(bars) == 7, bars
    # ... in the left half, with the dashed RDA line drawn across them, below the top
    # of every bar since every day meets the RDA.
    assert all(x < 600 for x, _ in bars)
    line_y, line_x = colour_pixels(image, LINE_COLOUR)
    rows, counts = np.unique(line_y[line_x < 600], return_counts=True)
    rda_rows = rows[counts > 50]  # a horizontal line, not the legend's key
    assert len(rda_rows) and np.ptp(rda_rows) <= 3
    in_line = np.isin(line_y, rda_rows) & (line_x < 600)
    assert line_x[in_line].min() <= bars[0][0] and line_x[in_line].max() > bars[-1][0]
    assert all(top < rda_rows.min() for _, top in bars)


# --- the shopping list: totals, pantry, staples -----------------------------------------

def test_shopping_list_from_week_matches_the_saved_plan(week):
    saved = week.list_path.read_bytes()
    shown = ok("shopping", week.plan_path, "--format", "csv").stdout_bytes
    assert codecs.BOM_UTF8 + shown == saved
    frame = read_csv(week.list_path)
    assert list(frame.columns) == [*SHOPPING_COLUMNS, "cost", "currency"]
    expected = shopping_list(week.plan, week.foods)
    assert list(frame["purchase_id"]) == [i.purchase_id for i in expected.items]
    assert list(frame["quantity"]) == [i.unit_text for i in expected.items]
    assert np.allclose(frame["grams"], [i.grams for i in expected.items], atol=0.05)
    # Grouped by aisle, sorted by aisle and then name.
    keys = [(a == "other", a.casefold(), n.casefold()) for a, n in zip(frame["aisle"],
                                                                       frame["item"],
                                                                       strict=True)]
    assert keys == sorted(keys)
    assert set(frame["staple"]) <= {"yes", "no"}
    # Quantities a person buys: pieces, whole grams, tens of grams or tenths of a kg.
    for quantity in frame["quantity"]:
        assert re.fullmatch(r"\d+ g|\d+(\.\d)? kg|\d+ \D.*", quantity), quantity
    # Dishes are bought as their ingredients' purchase forms (dry rice for cooked rice).
    ids = {i.food_id for d in week.plan.days for i in d.items}
    recipes = week.foods.ingredients
    bought = set(recipes.loc[recipes["food_id"].isin(ids), "purchase_id"])
    assert set(frame["purchase_id"]) == bought


def test_list_edited_down_and_fed_back_as_pantry_leaves_the_remainder(week, tmp_path):
    with week.list_path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header, rows = list(reader.fieldnames or ()), list(reader)
    # The built-in table sells every purchase form in packages.
    assert all(r["packages"] and r["package"] for r in rows)
    dropped = [0, 1]
    rest = range(2, len(rows))
    # Several packages of one size, counted (milk planned in pints is bought as the
    # fewest cartons, "1 half gallon + 1 quart", and measured: left out here).
    def counted(i: int) -> bool:
        unit = package_unit(rows[i]["package"], rows[i]["item"])
        return (unit.volume_ml is None
                and rows[i]["quantity"] == unit.count_text(int(rows[i]["packages"])))

    several = next(i for i in rest if int(rows[i]["packages"]) >= 2 and counted(i))
    opened = next((i for i in rest if i != several and int(rows[i]["packages"]) == 1
                   and float(rows[i]["grams_used"]) < float(rows[i]["grams_bought"]) / 2),
                  None)
    edited = [dict(r) for r in rows]
    unit = package_unit(rows[several]["package"], rows[several]["item"])
    # One whole package at home, in the package's own word ("1 bag", "1 pear").
    edited[several].update(quantity=f"1 {unit.singular}", count="", packages="")
    if opened is not None:  # an opened package holding more than the plan uses
        half = package_unit(rows[opened]["package"], rows[opened]["item"]).singular
        edited[opened].update(quantity=f"half a {half}", count="", packages="")
    pantry = tmp_path / "pantry.csv"
    with pantry.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, header, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(r for i, r in enumerate(edited) if i not in dropped)

    result = ok("shopping", week.plan_path, "--pantry", pantry, "--format", "json")
    remainder = json.loads(result.stdout)
    got = {i["purchase_id"]: i for i in remainder["items"]}
    assert set(got) == {rows[i]["purchase_id"] for i in [*dropped, several]}
    for i in dropped:  # not at home at all: buy what the plan buys
        assert got[rows[i]["purchase_id"]]["quantity"] == rows[i]["quantity"]
        assert got[rows[i]["purchase_id"]]["packages"] == int(rows[i]["packages"])
    part = got[rows[several]["purchase_id"]]
    assert part["packages"] == int(rows[several]["packages"]) - 1
    assert part["quantity"] == unit.count_text(part["packages"])
    assert part["in_pantry"] == "1 in the pantry"
    kept = {r["item"] for i, r in enumerate(rows) if i not in [*dropped, several]}
    assert set(remainder["covered_by_pantry"]) == kept
    assert remainder["unmatched_pantry"] == []
    # The same remainder as CSV, to a file.
    out = tmp_path / "rest.csv"
    ok("shopping", week.plan_path, "--pantry", pantry, "-o", out)
    assert set(read_csv(out)["purchase_id"]) == set(got)


def test_a_hand_written_pantry_in_packages(week, tmp_path):
    one = next(p for p in week.plan.purchases if p.packages and p.packages >= 2)
    unit = package_unit(one.package, one.name)
    pantry = tmp_path / "pantry.csv"
    pantry.write_text(f"item,quantity\n{one.purchase_id},1 {unit.singular}\n"
                      f"chocolate cake,2 boxes\n", encoding="utf-8")
    text = ok("shopping", week.plan_path, "--pantry", pantry, "--format", "markdown").stdout
    left = unit.count_text(one.packages - 1)
    # A count package (a dozen eggs, a pack of 12 tortillas) says its pieces at home.
    have = (f"{unit.pieces} {unit.piece_words[1]}" if unit.pieces and unit.pieces > 1
            else "1")
    assert re.search(rf"^- \[ \] {re.escape(one.name)}: {re.escape(left)} · "
                     rf".*{re.escape(have)} in the pantry \(", text, re.M), text
    assert "Pantry entries not in this plan: chocolate cake" in text
    # Words that do not fit the package are bad input, naming the row and column.
    pantry.write_text(f"item,quantity\n{one.purchase_id},2 sacks\n", encoding="utf-8")
    result = mealplan_cli("shopping", week.plan_path, "--pantry", pantry)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {pantry}, row 1, column quantity: {one.name}: "
                                    f"it is sold as {unit.count_text(1)}; expected")


def test_week_buys_the_packages_a_sizes_file_gives(week, tmp_path):
    # Every packaged form the fixture week bought, in packages half the size.
    forms = [p for p in week.plan.purchases if p.package_g and p.package != "piece"]
    sizes = tmp_path / "packages.csv"
    sizes.write_text("purchase_id,package,package_g\n" + "".join(
        f"{p.purchase_id},small pack,{p.package_g / 2:.1f}\n" for p in forms), encoding="utf-8")
    profile = tmp_path / "profile.toml"  # a profile may name the file too
    profile.write_text(f"packages = {json.dumps(str(sizes))}\n", encoding="utf-8")
    out = tmp_path / "week.json"
    ok("week", *PERSON, "--profile", profile, "--days", "3", "--format", "json", "-o", out)
    plan = Plan.from_dict(json.loads(out.read_text(encoding="utf-8")))
    changed = {p.purchase_id: p.package_g / 2 for p in forms}
    again = [p for p in plan.purchases if p.purchase_id in changed]
    assert again, "the plan buys none of the week's forms"
    for p in again:
        assert p.package == "small pack"
        assert p.package_g == pytest.approx(changed[p.purchase_id], abs=0.05)
        assert p.grams_bought == pytest.approx(p.packages * p.package_g)
    # The list of the saved plan counts the new packages.
    text = ok("shopping", out, "--format", "json").stdout
    quantities = {i["purchase_id"]: i["quantity"] for i in json.loads(text)["items"]}
    assert all(quantities[p.purchase_id].endswith(("small pack", "small packs"))
               for p in again if p.purchase_id in quantities)


def test_a_bad_package_sizes_file_is_bad_input(tmp_path):
    sizes = tmp_path / "packages.csv"
    sizes.write_text("name,package,package_g\nSpinach,bag,lots\nKale chips,bag,100\n",
                     encoding="utf-8")
    result = mealplan_cli("day", "--packages", sizes)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[:2] == [
        f"Error: {sizes}, row 1, column package_g: expected a number > 0, got 'lots'",
        f"  {sizes}, row 2, column name: no purchase form named 'Kale chips'"]
    result = mealplan_cli("day", "--foods", "full", "--packages", sizes)
    assert result.exit_code == 2 and "the full food table sells no packages" in result.stderr


def test_list_fed_back_unchanged_covers_everything(week):
    result = ok("shopping", week.plan_path, "--pantry", week.list_path, "--format", "json")
    remainder = json.loads(result.stdout)
    assert remainder["items"] == [] and remainder["unmatched_pantry"] == []
    assert len(remainder["covered_by_pantry"]) == len(read_csv(week.list_path))


def test_edited_quantity_that_contradicts_grams_is_bad_input(week, tmp_path):
    rows = week.list_path.read_text(encoding="utf-8").splitlines()
    cells = next(csv.reader([rows[1]]))
    cells[2] = "1 g"  # quantity edited, grams left as it was
    pantry = tmp_path / "pantry.csv"
    buffer = io.StringIO()
    csv.writer(buffer).writerows([next(csv.reader([rows[0]])), cells])
    pantry.write_text(buffer.getvalue(), encoding="utf-8")
    result = mealplan_cli("shopping", week.plan_path, "--pantry", pantry)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {pantry}, row 1, column ")
    assert "clear the other cell" in result.stderr


# A plan written by hand on a table with purchase data, so amounts are known exactly:
# 2,250 g cooked quinoa is 750 g dry (yield 3); 600 g spinach is 750 g bought (20 %
# refuse); 360 g banana is 3 bananas of 120 g; 3 g salt is a staple.
SHOP_COLUMNS = ("purchase_id", "purchase_name", "purchase_yield", "purchase_refuse_pct",
                "piece_g", "piece_name", "piece_plural", "staple")
SHOP_DATA = {
    "20137": ("20035", "Quinoa, dry", 3, "", "", "", "", ""),
    "11458": ("", "Spinach, fresh", "", 20, "", "", "", ""),
    "09040": ("", "Bananas", "", 36, 120, "banana", "bananas", ""),
    "02047": ("", "", "", "", "", "", "", "true"),
}
SALT = ["02047", "Salt, table", "Spices and Herbs", 0, 0, 0, 0, 0, 0, 0, 38758, 8, 24, 1, 0,
        "assumed_zero", 1, "1 pinch", "lunch;dinner", "vegan", "", 1, "salt", "spices", 0.1, 0]


@pytest.fixture(scope="module")
def hand_plan(week: Week, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("hand")
    with (DATA / "tiny_foods.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows.append([str(v) for v in SALT])
    rows[0] += SHOP_COLUMNS
    for row in rows[1:]:
        row += [str(v) for v in SHOP_DATA.get(row[0], ("",) * len(SHOP_COLUMNS))]
    foods = folder / "foods.csv"
    with foods.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)

    def item(food_id: str, name: str, grams: float, serving_g: float, desc: str) -> dict:
        return {"food_id": food_id, "name": name, "grams": grams,
                "servings": grams / serving_g, "serving_desc": desc, "serving_g": serving_g}

    data = json.loads(week.plan_path.read_text(encoding="utf-8"))
    data["foods"] = "foods.csv"  # relative: found beside the plan
    data.pop("currency", None)   # a plan of that table, which has no prices of its own
    data.pop("cost", None)
    data.pop("purchases", None)  # nor packages
    data.pop("prep", None)
    data["days"] = [{"day": 1, "totals": {}, "meals": [
        {"name": "lunch", "items": [item("20137", "Quinoa, cooked", 1110, 185, "1 cup"),
                                    item("11458", "Spinach, cooked, boiled", 300, 100,
                                         "1/2 cup"),
                                    item("02047", "Salt, table", 1.5, 1, "1 pinch")]},
        {"name": "snack", "items": [item("09040", "Banana, raw", 240, 120, "1 medium")]}]},
        {"day": 2, "totals": {}, "meals": [
            {"name": "dinner", "items": [item("20137", "Quinoa, cooked", 1140, 185, "1 cup"),
                                         item("11458", "Spinach, cooked, boiled", 300, 100,
                                              "1/2 cup"),
                                         item("02047", "Salt, table", 1.5, 1, "1 pinch")]},
            {"name": "snack", "items": [item("09040", "Banana, raw", 120, 120,
                                             "1 medium")]}]}]
    plan = folder / "plan.json"
    plan.write_text(json.dumps(data), encoding="utf-8")
    return plan, foods


def shop(*args: object) -> dict[str, tuple[str, float, tuple[int, ...]]]:
    result = ok("shopping", *args, "--format", "json")
    data = json.loads(result.stdout)
    return {i["name"]: (i["quantity"], i["grams"], tuple(i["days"])) for i in data["items"]}


def test_hand_plan_totals_what_to_buy(hand_plan):
    plan, _ = hand_plan
    assert shop(plan) == {
        "Bananas": ("3 bananas", pytest.approx(562.5), (1, 2)),
        "Quinoa, dry": ("750 g", pytest.approx(750), (1, 2)),
        "Salt, table": ("3 g", pytest.approx(3), (1, 2)),
        "Spinach, fresh": ("750 g", pytest.approx(750), (1, 2)),
    }
    text = ok("shopping", plan, "--format", "markdown").stdout
    assert "## Grains\n\n- [ ] Quinoa, dry: 750 g (days 1, 2)\n" in text
    assert "## Produce\n\n- [ ] Bananas: 3 bananas (days 1, 2)\n" in text


def test_hand_written_pantry_subtracts_partial_amounts(hand_plan, tmp_path):
    plan, foods = hand_plan
    pantry = tmp_path / "pantry.csv"
    pantry.write_text('item,quantity\n"Quinoa, dry",500 g\n"spinach, fresh",0.5 kg\n'
                      'banana,1\n"salt, table",1 kg\nchocolate cake,2\n', encoding="utf-8")
    result = ok("shopping", plan, "--foods", foods, "--pantry", pantry, "--format", "json")
    data = json.loads(result.stdout)
    assert {i["name"]: i["quantity"] for i in data["items"]} == {
        "Bananas": "2 bananas", "Quinoa, dry": "250 g", "Spinach, fresh": "250 g"}
    assert data["covered_by_pantry"] == ["Salt, table"]
    assert data["unmatched_pantry"] == ["chocolate cake"]
    text = ok("shopping", plan, "--pantry", pantry).stdout
    assert "Pantry entries not in this plan: chocolate cake" in text
    assert "Already in your pantry: Salt, table" in text


def test_saved_list_with_a_reduced_quantity_buys_the_rest(hand_plan, tmp_path):
    plan, _ = hand_plan
    saved = tmp_path / "list.csv"
    ok("shopping", plan, "--format", "csv", "-o", saved)
    text = saved.read_bytes().decode("utf-8")
    assert "grains,\"Quinoa, dry\",750 g,750,,20035,\"1, 2\",no,750,750,,\r\n" in text
    edited = text.replace("750 g,750,,20035", "500 g,,,20035")
    (tmp_path / "pantry.csv").write_bytes(edited.encode("utf-8"))
    assert shop(plan, "--pantry", tmp_path / "pantry.csv") == {
        "Quinoa, dry": ("250 g", pytest.approx(250), (1, 2))}


def test_skip_staples(hand_plan, tmp_path):
    plan, _ = hand_plan
    result = ok("shopping", plan, "--skip-staples", "--format", "json")
    data = json.loads(result.stdout)
    assert "Salt, table" not in {i["name"] for i in data["items"]}
    assert data["skipped_staples"] == ["Salt, table"]
    text = ok("shopping", plan, "--skip-staples", "--format", "markdown").stdout
    assert "Staples left out: Salt, table" in text and "- [ ] Salt" not in text


def test_plan_skip_staples_and_pantry_reach_the_shopping_list(tmp_path):
    pantry = tmp_path / "pantry.csv"
    pantry.write_text("item,quantity\nvegetable oil,500 g\n", encoding="utf-8")
    listed = tmp_path / "list.json"
    # Dishes carry oil (a staple) among their ingredients.
    ok("day", "--format", "json", "-o", tmp_path / "day.json",
       "--shopping-list", listed, "--skip-staples")
    data = json.loads(listed.read_text(encoding="utf-8"))
    assert data["skipped_staples"]
    assert not any(i["staple"] for i in data["items"])
    ok("day", "-o", tmp_path / "day.md", "--pantry", pantry)
    text = (tmp_path / "day.md").read_text(encoding="utf-8")
    assert re.search(r"^Already in your pantry: (.*, )?Vegetable oil(, .*)?$", text, re.M)
    assert "- [ ] Vegetable oil:" not in text


def test_pantry_without_a_shopping_list_is_a_usage_error(tmp_path):
    pantry = tmp_path / "pantry.csv"
    pantry.write_text("item,quantity\nsalt,1 kg\n", encoding="utf-8")
    for flags in (["--pantry", pantry], ["--skip-staples"]):
        result = mealplan_cli("day", *flags, "--format", "json")
        assert result.exit_code == 2
        assert "add --shopping-list FILE or use --format markdown or html" in result.stderr


def test_saved_plan_whose_table_is_missing_asks_for_foods(hand_plan, tmp_path):
    plan, foods = hand_plan
    moved = tmp_path / "plan.json"
    shutil.copy(plan, moved)
    result = mealplan_cli("shopping", moved)
    assert result.exit_code == 2
    assert result.stderr == (f"Error: {moved}: the plan was made with the food table "
                             "foods.csv, which is not there; give its path with --foods\n")
    assert ok("shopping", moved, "--foods", foods).stdout.startswith("Shopping list · 2 days")


# --- spreadsheets: pandas and LibreOffice -----------------------------------------------

def test_hostile_names_are_inert_in_csv(hostile_outputs):
    plan_csv, list_csv = hostile_outputs
    plan = read_csv(plan_csv)
    names = set(plan["name"])
    assert "'" + HOSTILE_LINK in names and HOSTILE_SCRIPT in names and HOSTILE_MARKUP in names
    shopping = read_csv(list_csv)
    assert "'" + HOSTILE_LINK in set(shopping["item"])
    assert "'" + HOSTILE_AISLE in set(shopping["aisle"])
    assert "'+beans" in set(shopping["aisle"])
    for frame in (plan, shopping):
        for column in frame.select_dtypes(include=["object", "string"]):
            for cell in frame[column].dropna():
                assert not str(cell).startswith(("=", "+", "-", "@")), (column, cell)


def test_hostile_list_reads_back_as_a_pantry(hostile_outputs, hostile_foods, tmp_path):
    plan_json = tmp_path / "day.json"
    _, list_csv = hostile_outputs
    ok("day", "--foods", hostile_foods, "--include", "99001", "--include", "99002",
       "--include", "99003", "--format", "json", "-o", plan_json)
    result = ok("shopping", plan_json, "--foods", hostile_foods, "--pantry", list_csv,
                "--format", "json")
    data = json.loads(result.stdout)
    assert data["items"] == [] and data["unmatched_pantry"] == []
    assert {HOSTILE_LINK, HOSTILE_SCRIPT, HOSTILE_MARKUP} <= set(data["covered_by_pantry"])


def test_hostile_names_are_escaped_in_html_and_literal_in_the_terminal(hostile_foods):
    args = ("day", "--foods", hostile_foods, "--include", "99001", "--include", "99002",
            "--include", "99003")
    html = ok(*args, "--format", "html").stdout
    assert "<script" not in html and "<i>co</i>" not in html and "<b>produce" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    root, _ = parse(html)
    assert not root.find_all("script") and not root.find_all("i") and not root.find_all("b")
    text = words(root.find("main").text)
    for name in (HOSTILE_LINK, HOSTILE_SCRIPT, HOSTILE_MARKUP, HOSTILE_AISLE):
        assert name in text
    table = ok(*args).stdout
    assert HOSTILE_LINK in table and HOSTILE_SCRIPT in table and "[bold red]Beans" in table
    markdown = ok(*args, "--format", "markdown").stdout
    assert "<script>" not in markdown and "<i>" not in markdown


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


ID_COLUMNS = ("food_id", "purchase_id")


@pytest.mark.skipif(soffice() is None, reason="needs LibreOffice (soffice)")
def test_csv_files_open_in_libreoffice_unchanged(hostile_outputs, week, tmp_path):
    plan_csv, list_csv = hostile_outputs
    sources = {"hostile_plan.csv": plan_csv, "hostile_list.csv": list_csv,
               "week_list.csv": week.list_path}
    folder = tmp_path / "in"
    folder.mkdir()
    for name, path in sources.items():
        shutil.copy(path, folder / name)
    out = tmp_path / "out"
    run = subprocess.run(
        [soffice(), "--headless", "--norestore", "--nologo",
         f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
         # As a person opens them in the import dialog: comma-separated, quoted, UTF-8
         # (headless, LibreOffice assumes Latin-1 whatever the file says).
         "--infilter=CSV:44,34,76,1",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", str(out),
         *(str(folder / name) for name in sources)],
        capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    for name in sources:
        before = pd.read_csv(folder / name, dtype=str, keep_default_na=False)
        after = pd.read_csv(out / name, dtype=str, keep_default_na=False)
        assert list(after.columns) == list(before.columns)
        assert after.shape == before.shape
        for column in before.columns:
            if column in ID_COLUMNS:
                # A spreadsheet reads a 5-digit USDA id as a number and drops its leading
                # zero; the value stays the same and the pantry matches by name too.
                assert [v.lstrip("0") for v in after[column]] == [
                    v.lstrip("0") for v in before[column]]
            else:
                assert list(after[column]) == list(before[column]), (name, column)
    # Nothing ran as a formula: the neutralised cells come back as the same text.
    assert "'" + HOSTILE_LINK in set(pd.read_csv(out / "hostile_plan.csv")["name"])
    # The list saved by LibreOffice still works as a pantry.
    result = ok("shopping", week.plan_path, "--pantry", out / "week_list.csv",
                "--format", "json")
    assert json.loads(result.stdout)["items"] == []


# --- safe writes ------------------------------------------------------------------------

def test_missing_folder_fails_before_the_solve(tmp_path, monkeypatch):
    def no_solve(*args: object, **kwargs: object) -> None:
        raise AssertionError("solved although the output cannot be written")

    monkeypatch.setattr("mealplan.planner.make_plan", no_solve)
    target = tmp_path / "missing" / "week.csv"
    result = mealplan_cli("day", "--format", "csv", "-o", target)
    assert result.exit_code == 2
    assert result.stderr == (f"Error: -o: cannot write {target}: folder {target.parent} "
                             "does not exist\n")
    result = mealplan_cli("day", "--format", "csv", "-o", tmp_path / "day.csv",
                          "--shopping-list", target)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --shopping-list: cannot write ")
    afile = tmp_path / "afile"
    afile.write_text("keep", encoding="utf-8")
    result = mealplan_cli("day", "-o", afile / "day.txt")
    assert result.exit_code == 2
    assert result.stderr == (f"Error: -o: cannot write {afile / 'day.txt'}: {afile} is a "
                             "file, not a folder\n")
    result = mealplan_cli("day", "-o", tmp_path)
    assert (result.exit_code, result.stderr) == (
        2, f"Error: -o: {tmp_path} is a folder; expected a file name\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]
    assert afile.read_text(encoding="utf-8") == "keep"


def test_unwritable_folder_fails_before_the_solve(tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):  # root ignores permissions: pretend
            real_access = os.access
            monkeypatch.setattr("mealplan.files.os.access", lambda path, mode: (
                False if Path(path) == locked else real_access(path, mode)))
        monkeypatch.setattr("mealplan.planner.make_plan", lambda *a, **k: 1 / 0)
        result = mealplan_cli("day", "--format", "html", "-o", locked / "week.html")
        assert result.exit_code == 2
        assert result.stderr == (f"Error: -o: cannot write {locked / 'week.html'}: folder "
                                 f"{locked} is not writable\n")
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


def test_write_failing_after_the_solve_keeps_the_old_files(tmp_path, monkeypatch):
    old_plan, old_list = tmp_path / "day.csv", tmp_path / "list.csv"
    old_plan.write_text("old plan\n", encoding="utf-8")
    old_list.write_text("old list\n", encoding="utf-8")
    import mealplan.files

    real = mealplan.files._write_temp
    calls = []

    def second_fails(out: mealplan.files.Output, text: str, token: str) -> str:
        calls.append(out.flag)
        if len(calls) == 2:
            raise mealplan.files.OutputError(f"cannot write {out.path}: No space left on "
                                             "device", mealplan.files.Where(flag=out.flag))
        return real(out, text, token)

    monkeypatch.setattr(mealplan.files, "_write_temp", second_fails)
    result = mealplan_cli("day", "--format", "csv", "-o", old_plan,
                          "--shopping-list", old_list)
    assert result.exit_code == 2
    assert result.stderr == (f"Error: --shopping-list: cannot write {old_list}: No space "
                             "left on device\n")
    assert calls == ["-o", "--shopping-list"]
    # All or nothing: the plan's new file was written but not moved into place.
    assert old_plan.read_text(encoding="utf-8") == "old plan\n"
    assert old_list.read_text(encoding="utf-8") == "old list\n"
    assert leftovers(tmp_path) == []


def test_os_error_while_writing_is_bad_output_and_leaves_nothing(tmp_path, monkeypatch):
    target = tmp_path / "day.json"
    target.write_text("old\n", encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("mealplan.files.os.fsync", full)
    result = mealplan_cli("day", "--format", "json", "-o", target)
    assert (result.exit_code, result.stderr) == (
        2, f"Error: -o: cannot write {target}: No space left on device\n")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert leftovers(tmp_path) == []


def test_failing_render_does_not_clobber_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "week.html"
    target.write_text("old report\n", encoding="utf-8")

    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("renderer broke")

    monkeypatch.setattr("mealplan.views.render_plan", broken)
    result = mealplan_cli("day", "--format", "html", "-o", target)
    assert result.exit_code == 1 and isinstance(result.exception, RuntimeError)
    assert target.read_text(encoding="utf-8") == "old report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["week.html"]


def test_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "day.md"
    target.write_text("old\n", encoding="utf-8")

    def interrupt(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("mealplan.files.os.fsync", interrupt)
    result = mealplan_cli("day", "--format", "markdown", "-o", target)
    assert result.exit_code == 1 and "Aborted!" in result.stderr
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["day.md"]


def test_written_file_gets_ordinary_permissions(tmp_path):
    target = tmp_path / "day.json"
    ok("day", "--format", "json", "-o", target)
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_same_file_twice_or_stdout_twice_is_a_usage_error(tmp_path):
    target = tmp_path / "out.csv"
    result = mealplan_cli("day", "--format", "csv", "-o", target, "--shopping-list",
                          tmp_path / "." / "out.csv")
    assert result.exit_code == 2
    assert "Error: -o and --shopping-list name the same file" in result.stderr
    result = mealplan_cli("day", "--shopping-list", "-")
    assert result.exit_code == 2
    assert "Error: -o and --shopping-list both write to stdout" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_bad_pantry_fails_before_the_solve(tmp_path, monkeypatch):
    monkeypatch.setattr("mealplan.planner.make_plan", lambda *a, **k: 1 / 0)
    pantry = tmp_path / "pantry.csv"
    pantry.write_text("item,quantity\nrice,lots\n", encoding="utf-8")
    result = mealplan_cli("day", "--format", "markdown", "--pantry", pantry)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {pantry}, row 1, column quantity: expected ")


# --- CLI manners: version, help, progress, exit codes -----------------------------------

def test_version():
    result = ok("--version")
    assert result.stdout == f"mealplan, version {mealplan.__version__}\n"


def test_every_help_shows_an_example():
    def walk(command: click.Command, path: list[str]) -> list[list[str]]:
        found = [path]
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                found += walk(sub, [*path, name])
        return found

    paths = walk(cli, [])
    assert {" ".join(p) for p in paths} >= {"", "week", "day", "targets", "shopping",
                                            "foods", "foods search", "foods show",
                                            "foods top"}
    for path in paths:
        for flag in ("--help", "-h"):
            result = ok(*path, flag)
            assert "Example: mealplan " in result.stdout, path
    week_help = ok("week", "--help").stdout
    assert "Exit codes: 0 plan made; 1 no plan meets every limit" in words(week_help)
    assert "2 bad input" in words(week_help)
    assert "table|json|csv|markdown|html" in week_help


def run_module(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("FORCE_COLOR", "TTY_COMPATIBLE", "COLUMNS")}
    return subprocess.run([sys.executable, "-m", "mealplan", *args], env=env, text=True,
                          timeout=300, check=False, **kwargs)  # type: ignore[call-overload]


def test_no_progress_when_stderr_is_not_a_terminal():
    result = run_module("day", "--format", "json", capture_output=True)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert json.loads(result.stdout)["mealplan_plan"] == 1  # nothing but JSON


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses a pseudo-terminal")
def test_progress_spinner_goes_to_a_terminal_stderr_only(tmp_path):
    import pty

    master, slave = pty.openpty()
    out = tmp_path / "day.json"
    env = {**os.environ, "TERM": "xterm-256color"}
    for name in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE"):
        env.pop(name, None)
    with out.open("w", encoding="utf-8") as stdout:
        # A week's solve (seconds): the spinner waits half a second before it shows, and
        # three days of the magnesium objective (0.6-0.7 s) sometimes ended before it.
        proc = subprocess.Popen([sys.executable, "-m", "mealplan", "week", "--format", "json"],
                                stdout=stdout, stderr=slave, env=env)
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + 300
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the terminal closed: the process has ended
                    break
                if not chunk:
                    break
                seen += chunk
            elif proc.poll() is not None:
                break
    finally:
        os.close(master)
    assert proc.wait(timeout=60) == 0
    assert b"Planning 7 days..." in seen
    assert json.loads(out.read_text(encoding="utf-8"))["mealplan_plan"] == 1


def test_exit_codes_ok_no_plan_and_bad_input(tmp_path):
    assert mealplan_cli("day", "--format", "json").exit_code == 0
    impossible = mealplan_cli("day", "--diet", "vegan", "--avoid", "soy", "--avoid",
                              "tree_nut", "--kcal", "1200-1250", "--min",
                              "magnesium_mg=3000")
    assert impossible.exit_code == 1, impossible.stdout
    assert impossible.stdout == ""
    assert impossible.stderr.startswith("Error: No plan meets every limit.\n- ")
    assert "magnesium_mg" in impossible.stderr
    for args in (["--age", "200"], ["--kcal", "lots"], ["--foods", tmp_path / "nope.csv"],
                 ["--format", "pdf"], ["--min", "magnesium=400"]):
        result = mealplan_cli("day", *args)
        assert result.exit_code == 2, (args, result.stderr)
        assert "Error: " in result.stderr and result.stdout == ""
    for args in (["shopping", tmp_path / "nope.json"], ["nosuchcommand"]):
        assert mealplan_cli(*args).exit_code == 2
    not_a_plan = tmp_path / "plan.json"
    not_a_plan.write_text("{}", encoding="utf-8")
    result = mealplan_cli("shopping", not_a_plan)
    assert (result.exit_code, result.stderr) == (
        2, f"Error: {not_a_plan}: not a mealplan plan; save one with mealplan week "
           "--format json\n")
