"""User text is only text: no control, NUL or bidi characters reach any view."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mealplan.files import csv_line, neutralise_cell
from mealplan.foods import load_foods, render_rows
from mealplan.planner import make_plan
from mealplan.request import request_from_settings
from mealplan.shopping import shopping_list
from mealplan.text import clean_text, normalise_choice
from mealplan.views import render_plan, render_shopping

UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e"
                    "\u2060-\u2064\u2066-\u2069\ufeff]")
HOSTILE = ["Spin\x1b[31mach\x1b[0m", "Nul\x00l seeds", "Evil\u202eroh\u202c beans",
           "Tab\tand\nnewline oats", "\u2066Iso\u2069 tea", "Zero\u200bwidth rice",
           "Bell\x07 pepper", "C1\x9b31m kale"]


@given(st.text())
def test_cleaned_text_has_no_unsafe_character_and_is_one_line(text):
    cleaned = clean_text(text)
    assert not UNSAFE.search(cleaned)
    assert "\n" not in cleaned and "\r" not in cleaned and "\t" not in cleaned
    assert clean_text(cleaned) == cleaned


@pytest.mark.parametrize("text", ["Crème brûlée", "豆腐", "Tofu [firm] <b>", "=1+1", "a;b"])
def test_printable_text_passes_unchanged(text):
    assert clean_text(text) == text


def test_choices_normalise_alike():
    assert {normalise_choice(t) for t in ("very_active", "Very-Active", " VERY active ")} == {
        "very_active"}


@pytest.fixture(scope="module")
def hostile_table(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rows = ["food_id,name,serving_g,serving_desc,magnesium_mg,energy_kcal,aisle,note"]
    for k, name in enumerate(HOSTILE):
        quoted = '"' + name.replace('"', '""') + '"'
        rows.append(f'h{k},{quoted},50,"1\x1b[1m cup",{100 + k},{300 + k},"\u202edairy",'
                    f'"x\x00y"')
    path = tmp_path_factory.mktemp("hostile") / "foods\x1b[1m.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_table_is_cleaned_once_when_loaded(hostile_table):
    foods = load_foods(hostile_table)
    frame = foods.frame
    text_cells = [str(v) for c in ("name", "serving_desc", "aisle", "note") for v in frame[c]]
    assert not any(UNSAFE.search(v) for v in [*text_cells, foods.source])
    assert frame.loc["h2", "name"] == "Evilroh beans"
    assert frame.loc["h3", "name"] == "Tab and newline oats"


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown", "html"])
def test_no_view_shows_an_unsafe_character(hostile_table, fmt):
    foods = load_foods(hostile_table)
    request = request_from_settings(foods, {"amounts": "continuous", "no_default_targets": True,
                                            "min": ["magnesium_mg=300"],
                                            "include": ["Evil"]})
    plan = make_plan(foods, request)
    shopping = shopping_list(plan, foods)
    texts = [render_plan(plan, foods, fmt, shopping, color=False)]
    if fmt != "html":
        texts.append(render_shopping(shopping, fmt, color=False))
    texts.append(render_rows(foods.frame[["name", "serving_desc"]], "csv" if fmt == "csv"
                             else "json" if fmt == "json" else "table"))
    for text in texts:
        assert not UNSAFE.search(text.replace("\r\n", "\n")), fmt
    if fmt == "json":
        names = [i["name"] for d in json.loads(texts[0])["days"] for m in d["meals"]
                 for i in m["items"]]
        assert "Evilroh beans" in names


@pytest.mark.parametrize("cell", ["Safe;=1+1", "a,b", "tab\there", 'say "hi"', "line\nbreak",
                                  " padded", "=1+1"])
def test_csv_cells_with_a_separator_or_a_formula_are_quoted(cell):
    safe = str(neutralise_cell(cell))
    line = csv_line([safe, "12.5"])
    assert line.startswith('"')
    # Read with any separator a spreadsheet might use, the cell starts as written.
    for delimiter in (",", ";", "\t"):
        first = next(csv.reader(io.StringIO(line, newline=""), delimiter=delimiter))[0]
        assert first.startswith(safe) and not first.startswith(("=", "+", "-", "@"))
    assert next(csv.reader(io.StringIO(line, newline="")))[0] == safe


@given(st.text())
def test_every_csv_line_reads_back_to_its_cells(text):
    cells = [str(neutralise_cell(text)), "x"]
    assert next(csv.reader(io.StringIO(csv_line(cells), newline=""))) == cells
