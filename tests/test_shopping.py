"""Shopping lists: amounts as bought, pieces, merging, pantry files, and their views."""

from __future__ import annotations

import csv
import functools
import io
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_views import assert_golden, make_foods, make_plan

from mealplan import kitchen
from mealplan.errors import InputError, Where
from mealplan.foods import FoodTable, load_foods
from mealplan.plan import Day, Item, Meal, Plan, PrepStep, Purchase
from mealplan.planner import make_plan as plan_meals
from mealplan.request import request_from_settings
from mealplan.shopping import (
    Pantry,
    PantryItem,
    Quantity,
    ShoppingList,
    days_text,
    grams_text,
    parse_quantity,
    read_pantry,
    shopping_list,
)
from mealplan.targets import Profile, resolve_targets
from mealplan.views.csv import SHOPPING_COLUMNS, render_shopping_csv
from mealplan.views.json import render_shopping_json
from mealplan.views.markdown import render_shopping_markdown
from mealplan.views.terminal import render_shopping_terminal


def one_day(foods: FoodTable, *amounts: tuple[str, float], day: int = 1) -> Plan:
    """A plan of one day eating these (food_id, grams)."""
    items = []
    for food_id, grams in amounts:
        food = foods.frame.loc[food_id]
        items.append(Item(food_id, str(food["name"]), grams, grams / food["serving_g"],
                          str(food["serving_desc"]), float(food["serving_g"])))
    return Plan(days=(Day(day, (Meal("all", tuple(items)),), {}),),
                targets=resolve_targets(Profile()), status="optimal", foods=foods.source)


def by_id(shopping: ShoppingList) -> dict[str, object]:
    return {i.purchase_id: i for i in shopping.items}


# --- conversions worked by hand -----------------------------------------------------

def test_cooked_rice_is_bought_dry():
    foods = make_foods()
    item = shopping_list(one_day(foods, ("20045", 585)), foods).items[0]
    # 585 g cooked / 3.16 g cooked per g dry = 185.1 g dry, rounded up to 10 g.
    assert item.grams == pytest.approx(185.127, abs=1e-3)
    assert item.unit_text == "190 g"
    assert (item.purchase_id, item.name, item.count) == (
        "20044", "Rice, white, long-grain, dry", None)


def test_bananas_are_counted_by_edible_piece_and_weighed_with_skin():
    foods = make_foods()
    item = shopping_list(one_day(foods, ("09040", 354)), foods).items[0]
    # 354 g edible / 118 g per banana = 3; with 36 % skin that is 354 / 0.64 g bought.
    assert (item.count, item.unit_text) == (3, "3 bananas")
    assert item.grams == pytest.approx(553.125)
    single = shopping_list(one_day(foods, ("09040", 59)), foods).items[0]
    assert (single.count, single.unit_text) == (1, "1 banana")


def test_raw_and_cooked_spinach_merge_into_one_purchase():
    foods = make_foods()
    shop = shopping_list(one_day(foods, ("11457", 90), ("11458", 270)), foods)
    assert len(shop.items) == 1
    spinach = shop.items[0]
    # raw 90 g + cooked 270 g / 0.9 = 390 g edible; 28 % refuse -> 390 / 0.72 bought.
    assert spinach.grams == pytest.approx(390 / 0.72)
    assert (spinach.name, spinach.unit_text, spinach.aisle) == (
        "Spinach, fresh", "550 g", "produce")


def test_a_food_without_purchase_columns_is_its_own_purchase():
    foods = make_foods([("99001", "Kale", 100, "1 cup", (50,) * 12)])
    item = shopping_list(one_day(foods, ("99001", 123)), foods).items[0]
    assert (item.purchase_id, item.name, item.aisle, item.grams, item.unit_text) == (
        "99001", "Kale", "other", 123, "130 g")


def test_purchase_item_missing_from_the_table_takes_purchase_name():
    foods = make_foods()
    item = shopping_list(one_day(foods, ("14209", 1185)), foods).items[0]
    assert (item.purchase_id, item.name, item.aisle) == ("14209G", "Coffee, ground", "beverages")
    assert item.grams == pytest.approx(1185 / 16)
    assert item.unit_text == "80 g"


def test_week_totals_sorting_days_and_staples():
    foods = make_foods()
    shop = shopping_list(make_plan(foods), foods)
    aisles = [i.aisle for i in shop.items]
    assert aisles == sorted(aisles, key=lambda a: (a == "other", a))
    assert aisles[-1] == "other"
    for _, items in shop.by_aisle():
        names = [i.name.casefold() for i in items]
        assert names == sorted(names)
    items = by_id(shop)
    assert items["20044"].grams == pytest.approx((237 + 158 + 316 + 190 + 190 + 158) / 3.16)
    assert items["09040"].unit_text == "4 bananas"  # 118 + 118 + 118 + 59 = 413 g edible
    assert items["12014"].days == (3,)
    assert items["11457"].days == (1, 2, 3)
    assert items["04053"].staple and items["02047"].staple
    assert items["02047"].unit_text == "3 g"
    assert shop.days == 3 and shop.foods == "test"


def test_skip_staples_leaves_them_out_and_says_so():
    foods = make_foods()
    shop = shopping_list(make_plan(foods), foods, skip_staples=True)
    assert not any(i.staple for i in shop.items)
    assert shop.skipped_staples == ("Oil, olive", "Salt, table")


def test_foods_missing_from_the_table_are_all_reported():
    foods = make_foods()
    plan = make_plan(foods)
    other = FoodTable(frame=foods.frame.drop(index=["09040", "12061"]), source="other",
                      nutrients=foods.nutrients)
    with pytest.raises(InputError) as info:
        shopping_list(plan, other)
    message = str(info.value)
    assert "09040 (Bananas, raw)" in message and "12061 (Almonds)" in message
    assert "use the table the plan was made with" in message


@pytest.mark.parametrize(("grams", "text"), [
    (0.2, "1 g"), (3.2, "4 g"), (9.99, "10 g"), (10, "10 g"), (185.127, "190 g"),
    (990.0000000001, "990 g"), (995, "1 kg"), (1000, "1 kg"), (1234, "1.3 kg"),
    (2000.0, "2 kg"),
])
def test_grams_text_rounds_up_the_way_shops_sell(grams, text):
    assert grams_text(grams) == text


@given(st.floats(min_value=0.01, max_value=1e6, allow_nan=False))
def test_grams_text_never_rounds_down_and_never_by_more_than_one_step(grams):
    quantity = parse_quantity(grams_text(grams))
    assert quantity.unit == "g"
    bought = quantity.value
    assert bought >= grams - 1e-6
    assert bought - grams <= (1 if grams < 10 else 10 if grams < 995 else 100) + 1e-6


def test_days_text():
    assert days_text([3, 1, 2, 5, 7, 8]) == "1-3, 5, 7, 8"
    assert days_text([4]) == "4"


# --- pantry files -------------------------------------------------------------------

@pytest.mark.parametrize(("text", "value", "unit", "word"), [
    ("500 g", 500, "g", ""), ("500g", 500, "g", ""), (" 0.5 KG ", 500, "g", ""),
    ("1 lb", 453.59237, "g", ""), ("2 oz", 56.69904625, "g", ""), ("250 grams", 250, "g", ""),
    ("1e3 g", 1000, "g", ""), (".5 kg", 500, "g", ""),
    ("250 ml", 250, "ml", ""), ("1 L", 1000, "ml", ""), ("2 cups", 473.176473, "ml", ""),
    ("1 1/2 cups", 354.88235475, "ml", ""), ("1/2 tsp", 2.464460796875, "ml", ""),
    ("2 fl oz", 59.147059125, "ml", ""), ("3 Tbsp.", 44.36029434375, "ml", ""),
    ("2", 2, "pieces", ""), ("2 bananas", 2, "pieces", "bananas"), ("1.5", 1.5, "pieces", ""),
    ("3 pcs", 3, "pieces", ""),
])
def test_parse_quantity(text, value, unit, word):
    quantity = parse_quantity(text)
    assert (quantity.value, quantity.unit, quantity.word) == (pytest.approx(value), unit, word)


@pytest.mark.parametrize("text", ["", "abc", "-1 g", "0,5 kg", "1,200 g", "g 500", "inf g",
                                  "nan", "1e305 kg", "1e400 g", "2000 l", "1/0 cup",
                                  "1 2.5 cups", "20000"])
def test_parse_quantity_rejects(text):
    with pytest.raises(ValueError, match="expected"):
        parse_quantity(text)


def write(tmp_path, text: str, name: str = "pantry.csv", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_hand_written_pantry_subtracts_partial_amounts(tmp_path):
    foods = make_foods()
    path = write(tmp_path, "item,quantity\n"
                 '"Rice, white, long-grain, dry",500 g\n'
                 '"spinach, FRESH",0.25 kg\n'
                 "bananas,2\n"
                 "14209G,50 g\n"
                 "Kale,1 kg\n")
    pantry = read_pantry(path)
    assert pantry.items[0] == PantryItem("Rice, white, long-grain, dry", None,
                                         Quantity(500, "g"), 1)
    shop = shopping_list(make_plan(foods), foods, pantry)
    items = by_id(shop)
    assert "20044" not in items and shop.covered == ("Rice, white, long-grain, dry",)
    # need 541.7 g of spinach, have 250 g -> buy 291.7 g
    assert items["11457"].grams == pytest.approx(390 / 0.72 - 250)
    assert items["11457"].unit_text == "300 g"
    # need 413 g edible banana, have 2 x 118 g -> 177 g -> 2 bananas
    assert items["09040"].unit_text == "2 bananas"
    assert items["09040"].grams == pytest.approx(177 / 0.64)
    assert items["14209G"].grams == pytest.approx(1185 / 16 - 50)
    assert shop.unmatched == ("Kale",)


def test_pantry_by_name_of_a_member_food_and_by_piece_name(tmp_path):
    foods = make_foods()
    path = write(tmp_path, "Item,Quantity\nSpinach, cooked, boiled, drained,1 kg\nbanana,10\n"
                 .replace("Spinach, cooked, boiled, drained", '"Spinach, cooked, boiled, drained"'))
    shop = shopping_list(make_plan(foods), foods, read_pantry(path))
    assert {"11457", "09040"}.isdisjoint(by_id(shop))
    assert shop.covered == ("Bananas", "Spinach, fresh")


def test_pieces_for_something_sold_by_weight_is_an_error(tmp_path):
    foods = make_foods()
    path = write(tmp_path, "item,quantity\nalmonds,2\n")
    with pytest.raises(InputError) as info:
        shopping_list(make_plan(foods), foods, read_pantry(path))
    assert info.value.where == Where(str(path), 1, "quantity")
    assert info.value.problem == ("Almonds is bought by weight; give an amount like 500 g "
                                  "instead of 2 pieces")


def test_saved_list_reads_back_as_a_pantry_that_covers_everything(tmp_path):
    foods = make_foods()
    plan = make_plan(foods)
    full = shopping_list(plan, foods)
    path = write(tmp_path, render_shopping_csv(full))
    left = shopping_list(plan, foods, read_pantry(path))
    assert left.items == ()
    assert sorted(left.covered) == sorted(i.name for i in full.items)
    assert left.unmatched == ()


def test_saved_list_edited_down_buys_the_rest(tmp_path):
    foods = make_foods()
    plan = make_plan(foods)
    rows = list(csv.DictReader(io.StringIO(render_shopping_csv(shopping_list(plan, foods)))))
    spinach = next(r for r in rows if r["purchase_id"] == "11457")
    spinach["quantity"], spinach["grams"] = "200 g", ""
    bananas = next(r for r in rows if r["purchase_id"] == "09040")
    bananas["quantity"], bananas["count"] = "1 banana", ""
    keep = [spinach, bananas]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=SHOPPING_COLUMNS)
    writer.writeheader()
    writer.writerows(keep)
    shop = shopping_list(plan, foods, read_pantry(write(tmp_path, out.getvalue())))
    items = by_id(shop)
    assert items["11457"].grams == pytest.approx(390 / 0.72 - 200)
    assert items["09040"].unit_text == "3 bananas"  # 413 - 118 = 295 g edible
    assert "20044" in items  # rows deleted from the file are not at home


def test_saved_list_with_quantity_and_grams_disagreeing_is_an_error(tmp_path):
    foods = make_foods()
    text = render_shopping_csv(shopping_list(make_plan(foods), foods))
    text = text.replace("Spinach, fresh\",550 g,", "Spinach, fresh\",200 g,")
    with pytest.raises(InputError) as info:
        read_pantry(write(tmp_path, text))
    row = next(n for n, line in enumerate(text.splitlines()) if "Spinach" in line)
    assert f"row {row}, column grams" in str(info.value)
    assert "quantity says '200 g' but grams says 541.7" in str(info.value)


def test_bad_pantry_rows_are_all_reported(tmp_path):
    path = write(tmp_path, "item,quantity\n,500 g\nrice,abc\n\nbeans,0,5 kg\noats,\n")
    with pytest.raises(InputError) as info:
        read_pantry(path)
    lines = str(info.value).splitlines()
    assert len(lines) == 4
    assert lines[0].endswith("pantry.csv, row 1, column item: expected the name or "
                             "purchase_id of a food")
    assert "row 2, column quantity: expected an amount like 500 g" in lines[1]
    # The blank line counts, as in a spreadsheet; the unquoted comma splits the cell.
    assert lines[2].endswith("pantry.csv, row 4: 3 cells but the header has 2; put a cell "
                             "with a comma in double quotes, or write decimals with a dot")
    assert "row 5, column quantity: expected an amount" in lines[3]


def test_pantry_missing_columns_or_file(tmp_path):
    with pytest.raises(InputError, match="expected columns item and quantity, found name, amount"):
        read_pantry(write(tmp_path, "name,amount\nrice,1 kg\n"))
    with pytest.raises(InputError, match="file not found"):
        read_pantry(tmp_path / "nowhere.csv")


def test_pantry_from_a_spreadsheet_export_with_bom_and_semicolons(tmp_path):
    path = write(tmp_path, "item;quantity\r\nRice, white, long-grain, dry;1 kg\r\n",
                 encoding="utf-8-sig")
    pantry = read_pantry(path)
    assert pantry.items[0].item == "Rice, white, long-grain, dry"
    assert pantry.items[0].amount == Quantity(1000, "g")


def test_pantry_from_stdin(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"item,quantity\noats,100 g\n")))
    assert read_pantry("-") == Pantry((PantryItem("oats", None, Quantity(100, "g"), 1),), "-")


def test_ambiguous_pantry_name_asks_for_the_purchase_id():
    foods = make_foods([("99001", "Kale", 100, "1 cup", (50,) * 12),
                        ("99002", "Kale", 100, "1 cup", (50,) * 12)])
    plan = one_day(foods, ("99001", 100), ("99002", 100))
    pantry = Pantry((PantryItem("kale", None, Quantity(50, "g"), 1),), "p.csv")
    with pytest.raises(InputError, match="matches several items: 99001 \\(Kale\\), 99002"):
        shopping_list(plan, foods, pantry)


_plan_purchases = ("20044", "09040", "11457", "14209G", "12061", "04053", "16015")


@functools.cache
def _week() -> tuple[FoodTable, Plan, dict[str, object]]:
    """The fixture week and its full list, built once for the property tests (read only)."""
    foods = make_foods()
    plan = make_plan(foods)
    return foods, plan, by_id(shopping_list(plan, foods))


@settings(deadline=None, max_examples=60)
@given(st.lists(st.tuples(st.sampled_from(_plan_purchases),
                          st.floats(min_value=0, max_value=3000, allow_nan=False),
                          st.booleans()), max_size=8))
def test_pantry_never_leaves_a_negative_or_larger_amount(entries):
    foods, plan, full = _week()
    pantry = Pantry(tuple(
        PantryItem(pid, pid, Quantity(round(grams / 200), "pieces") if pieces and pid == "09040"
                   else Quantity(grams, "g"), n)
        for n, (pid, grams, pieces) in enumerate(entries, start=1)))
    shop = shopping_list(plan, foods, pantry)
    for item in shop.items:
        need = full[item.purchase_id]
        assert 0 < item.grams <= need.grams + 1e-9
        if need.count is not None:
            assert 1 <= item.count <= need.count
    covered = set(full) - set(by_id(shop))
    assert {full[p].name for p in covered} == set(shop.covered)
    # Grams at home come straight off the grams to buy.
    for pid in set(_plan_purchases) - {"09040"}:
        have = sum(g for p, g, _ in entries if p == pid)
        left = by_id(shop).get(pid)
        assert (left.grams if left else 0.0) == pytest.approx(
            max(0.0, full[pid].grams - have), abs=1e-6)


# --- views ---------------------------------------------------------------------------

def test_shopping_markdown_golden():
    foods = make_foods()
    assert_golden("shopping.md", render_shopping_markdown(shopping_list(make_plan(foods), foods)))


def test_shopping_csv_golden():
    foods = make_foods()
    assert_golden("shopping.csv", render_shopping_csv(shopping_list(make_plan(foods), foods)))


def test_shopping_terminal_and_json():
    foods = make_foods()
    shop = shopping_list(make_plan(foods), foods, skip_staples=True)
    text = render_shopping_terminal(shop, width=80, color=False)
    assert "\x1b" not in text
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert "[ ] 4 bananas Bananas days 1-3" in lines
    assert "Staples left out: Oil, olive, Salt, table" in lines
    data = json.loads(render_shopping_json(shop))
    assert data["mealplan_shopping"] == 1
    assert data["items"][0] == {
        "purchase_id": "14209G", "name": "Coffee, ground", "aisle": "beverages",
        "grams": 74.1, "count": None, "quantity": "80 g", "days": [1, 2, 3], "staple": False,
        "grams_used": 74.1, "grams_bought": 74.1}
    assert data["skipped_staples"] == ["Oil, olive", "Salt, table"]


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t"])
def test_shopping_csv_neutralises_names_and_reads_them_back(tmp_path, prefix):
    name = f'{prefix}HYPERLINK("http://x")'
    foods = make_foods([("99001", name, 100, "1 cup", (50,) * 12)])
    plan = one_day(foods, ("99001", 100))
    text = render_shopping_csv(shopping_list(plan, foods))
    row = list(csv.reader(io.StringIO(text, newline="")))[1]
    shown = name.strip()  # names are trimmed, so a leading tab goes
    assert row[1] == (shown if prefix == "\t" else "'" + shown)
    shop = shopping_list(plan, foods, read_pantry(write(tmp_path, text)))
    assert shop.items == () and shop.covered == (shown,)


def test_empty_list_says_nothing_to_buy():
    foods = make_foods()
    plan = one_day(foods, ("08120", 40))
    shop = shopping_list(plan, foods, Pantry((PantryItem("08120", None, Quantity(500, "g"), 1),)))
    assert "Nothing to buy." in render_shopping_markdown(shop)
    assert "Already in your pantry: Oats, rolled, dry" in render_shopping_markdown(shop)


# --- the built-in table -------------------------------------------------------------

def test_default_table_end_to_end():
    from mealplan.foods import load_foods

    foods = load_foods("default")
    # Brown rice, two cups cooked; three bananas (117 g each, peeled); two boiled eggs;
    # a cup of salted popcorn.
    plan = one_day(foods, ("56205018", 392), ("63107010", 351), ("31103010", 100),
                   ("54403010", 8))
    plan = Plan.from_dict(json.loads(json.dumps(plan.to_dict())))  # as `mealplan shopping` reads it
    items = by_id(shopping_list(plan, foods))
    recipes = foods.ingredients.set_index(["food_id", "purchase_id"])["purchase_g"]
    # Cooked rice is bought dry, by the recipe's grams per 100 g eaten.
    assert items["20036"].grams == pytest.approx(392 * recipes["56205018", "20036"] / 100)
    assert items["20036"].unit_text == grams_text(items["20036"].grams)
    assert items["09040"].unit_text == "3 bananas"
    assert items["01123"].grams == pytest.approx(100 * recipes["31103010", "01123"] / 100)
    # The popcorn's salt, a staple; rice and eggs are cooked without added salt.
    assert items["02047"].staple
    assert items["02047"].grams == pytest.approx(8 * recipes["54403010", "02047"] / 100)
    assert all(math.isfinite(i.grams) for i in items.values())


def test_a_pantry_id_a_spreadsheet_stripped_of_zeros_still_matches(tmp_path):
    foods = load_foods("default")
    plan = plan_meals(foods, request_from_settings(foods, {"days": 1}))
    bought = shopping_list(plan, foods)
    first = next(i for i in bought.items if i.purchase_id.startswith("0") and i.count is None)
    pantry = tmp_path / "pantry.csv"
    pantry.write_text(f"purchase_id,item,quantity\n{int(first.purchase_id)},x,"
                      f"{math.ceil(first.grams)} g\n")
    left = shopping_list(plan, foods, read_pantry(pantry))
    assert first.purchase_id not in {i.purchase_id for i in left.items}


# --- lists in whole packages (plans that bought their week) ------------------------------

BEANS = Purchase("16015", "Black beans, canned", "canned goods", False, "15-oz can", 425.0, 2,
                 850.0, 740.0, False, (1, 2, 3), 2.40)
SPINACH = Purchase("11457", "Spinach", "produce", False, "10-oz bag", 284.0, 1, 284.0, 280.0,
                   True, (1,), 3.99)
EGGS = Purchase("01123", "Eggs", "dairy & eggs", False, "dozen", 600.0, 1, 600.0, 400.0, True,
                (1, 2), 3.00)
MILK = Purchase("01077", "Milk, whole", "dairy & eggs", False, "quart", 976.0, 2, 1952.0,
                1500.0, True, (1, 2), 2.60)
PEARS = Purchase("09252", "Pears", "produce", False, "piece", 198.0, 3, 594.0, 500.0, True,
                 (2, 3), 1.80)
RICE = Purchase("20044", "Rice, white, dry", "grains & pasta", False, None, None, None, 300.0,
                300.0, False, (1,), 0.60)
SALT = Purchase("02047", "Salt", "spices", True, "26-oz canister", 737.0, 1, 737.0, 5.0, False,
                (1, 2, 3), None)
PACKAGED = (BEANS, SPINACH, EGGS, MILK, PEARS, RICE, SALT)
PREP = (PrepStep(1, "75000001", "Lentil soup", 750.0, 3.0, ((1, "dinner"), (2, "lunch"),
                                                             (4, "lunch"))),)


def bought(*purchases: Purchase, prep: tuple[PrepStep, ...] = ()) -> Plan:
    """A plan that bought these packages (its days do not matter to the list)."""
    return Plan(days=(Day(1, (Meal("all", ()),), {}), Day(2, (Meal("all", ()),), {}),
                      Day(3, (Meal("all", ()),), {})),
                targets=resolve_targets(Profile()), status="optimal", foods="default",
                currency="2017-2018 U.S. dollars", purchases=purchases, prep=prep)


def lines(shop: ShoppingList) -> dict[str, str]:
    return {i.name: " · ".join(t for t in (i.unit_text, i.use_text, i.pantry_text) if t)
            for i in shop.items}


def test_a_plan_in_packages_lists_its_packages_as_a_shopper_says_them():
    shop = shopping_list(bought(*PACKAGED), make_foods())
    assert shop.in_packages
    assert lines(shop) == {
        "Black beans, canned": "2 cans (15 oz) · uses 1¾",
        "Spinach": "1 bag (10 oz) · all used",
        "Eggs": "1 dozen · 8 used, 4 left",
        "Milk, whole": "2 quarts · uses 1½ quarts",
        "Pears": "3 pears · uses 2½",
        "Rice, white, dry": "300 g",
        "Salt": "1 canister (26 oz) · uses 5 g",
    }
    # Grouped by aisle, then name; costs are the packages' own.
    assert [i.name for i in shop.items] == ["Black beans, canned", "Eggs", "Milk, whole",
                                            "Rice, white, dry", "Pears", "Spinach", "Salt"]
    items = by_id(shop)
    assert (items["16015"].packages, items["16015"].grams_bought) == (2, 850)
    assert items["16015"].grams_used == 740 and items["16015"].cost == 2.40
    assert items["09252"].count == 3 and items["01123"].count is None
    assert items["20044"].packages is None and items["20044"].package is None
    assert shop.cost == pytest.approx(2.40 + 3.99 + 3.00 + 2.60 + 1.80 + 0.60)
    assert shop.unpriced == ("Salt",)


def test_skip_staples_also_in_packages():
    shop = shopping_list(bought(*PACKAGED), make_foods(), skip_staples=True)
    assert shop.skipped_staples == ("Salt",) and "02047" not in by_id(shop)


@pytest.mark.parametrize(("item", "quantity", "expected"), [
    ("Black beans, canned", "1 can", "1 can (15 oz) · uses 1¾ · 1 in the pantry"),
    ("black beans", "2 cans", None),                       # loose name, all covered
    # 725 g cover 740 g, within the 5 % a package covers beyond its weight; 675 g do not.
    ("16015", "300 g", "1 can (15 oz) · all used · ¾ in the pantry"),
    ("16015", "250 g", "2 cans (15 oz) · uses 1¾ · ½ in the pantry"),
    ("Spinach", "half a bag", "1 bag (10 oz) · uses 1 · ½ in the pantry"),
    ("Eggs", "6 eggs", "1 dozen · 8 used, 10 left · 6 eggs in the pantry"),
    ("eggs", "8", None),                                   # a bare count counts eggs
    ("Milk, whole", "2 cups", "1 quart · all used · 2 cups in the pantry"),   # 1,464 g
    ("Milk, whole", "1 cup", "2 quarts · uses 1½ quarts · 1 cup in the pantry"),
    ("Milk, whole", "1 quart", "1 quart · uses 1½ quarts · 1 quart in the pantry"),
    ("pear", "1", "2 pears · uses 2½ · 1 in the pantry"),
    ("Pears", "3 pears", None),
    ("Rice, white, dry", "120 g", "180 g · 120 g in the pantry"),
])
def test_pantry_takes_off_whole_and_opened_packages(item, quantity, expected):
    entry = PantryItem(item, None, parse_quantity(quantity), 1)
    plan = bought(*PACKAGED)
    shop = shopping_list(plan, make_foods(), Pantry((entry,), "pantry.csv"))
    full = shopping_list(plan, make_foods())
    name = next(i.name for i in full.items
                if entry.item.casefold() in (i.name.casefold(), i.purchase_id)
                or i.name.casefold().startswith(entry.item.casefold()))
    if expected is None:
        assert name in shop.covered and name not in lines(shop)
    else:
        assert lines(shop)[name] == expected
    # Everything else is bought as the plan bought it.
    assert {k: v for k, v in lines(shop).items() if k != name} == {
        k: v for k, v in lines(full).items() if k != name}


def test_a_pantry_can_of_beans_costs_one_can_less():
    pantry = Pantry((PantryItem("16015", "16015", Quantity(1, "pieces", "can"), 1),))
    beans = by_id(shopping_list(bought(BEANS), make_foods(), pantry))["16015"]
    assert beans.cost == pytest.approx(1.20) and beans.grams_bought == 425


def test_pantry_words_that_do_not_fit_a_package_are_bad_input():
    pantry = Pantry((PantryItem("Black beans, canned", None, parse_quantity("2 bags"), 3),
                     PantryItem("Rice, white, dry", None, parse_quantity("2"), 4)),
                    "pantry.csv")
    with pytest.raises(InputError) as info:
        shopping_list(bought(*PACKAGED), make_foods(), pantry)
    assert str(info.value).splitlines() == [
        "pantry.csv, row 3, column quantity: Black beans, canned: it is sold as 1 can (15 oz); "
        "expected an amount like 1 can (15 oz), 1/2 can, 300 g or a count, got 2 bags",
        "  pantry.csv, row 4, column quantity: Rice, white, dry is bought by weight; give an "
        "amount like 500 g instead of '2'",
    ]


def test_saved_list_in_packages_reads_back_and_checks_its_packages_cell(tmp_path):
    plan = bought(*PACKAGED)
    text = render_shopping_csv(shopping_list(plan, make_foods()))
    rows = list(csv.DictReader(io.StringIO(text)))
    beans = next(r for r in rows if r["purchase_id"] == "16015")
    assert (beans["quantity"], beans["packages"], beans["package"], beans["grams_used"],
            beans["grams_bought"]) == ("2 cans (15 oz)", "2", "15-oz can", "740", "850")
    left = shopping_list(plan, make_foods(), read_pantry(write(tmp_path, text)))
    assert left.items == () and len(left.covered) == len(rows)
    # An edited quantity with the packages cell left as it was is caught.
    edited = text.replace("2 cans (15 oz)", "1 can")
    with pytest.raises(InputError, match="quantity says '1 can' but packages says 2: change "
                       "one and clear the other cell"):
        shopping_list(plan, make_foods(), read_pantry(write(tmp_path, edited)))
    # With the packages cell cleared, one can is left to buy.
    edited = text.replace("2 cans (15 oz),740,,16015", "1 can,740,,16015").replace(
        "740,850,2,15-oz can", "740,850,,15-oz can")
    left = shopping_list(plan, make_foods(), read_pantry(write(tmp_path, edited)))
    assert lines(left) == {"Black beans, canned": "1 can (15 oz) · uses 1¾ · 1 in the pantry"}


PINTS = Purchase("01079", "Milk, reduced fat (2 %)", "dairy & eggs", False, "pint", 488.0, 3,
                 1464.0, 1400.0, True, (1, 2, 3), 2.10, (("quart", 2), ("half gallon", 4)))


def test_packages_sold_in_larger_sizes_are_bought_in_the_fewest(tmp_path):
    shop = shopping_list(bought(PINTS), make_foods())
    assert lines(shop) == {"Milk, reduced fat (2 %)": "1 quart + 1 pint · uses 1½ quarts"}
    assert (shop.items[0].packages, shop.items[0].package) == (3, "pint")
    # A pint at home is one pint less; a quart, a quart less.
    for have, left in (("1 pint", "1 quart · uses 1½ quarts · 2 cups in the pantry"),
                       ("1 quart", "1 pint · uses 1½ quarts · 1 quart in the pantry")):
        pantry = Pantry((PantryItem("milk, reduced fat (2 %)", None, parse_quantity(have), 1),))
        assert lines(shopping_list(bought(PINTS), make_foods(), pantry)) == {
            "Milk, reduced fat (2 %)": left}
    # The saved list reads back: "1 quart + 1 pint" is three pints.
    text = render_shopping_csv(shop)
    assert "1 quart + 1 pint" in text
    left = shopping_list(bought(PINTS), make_foods(), read_pantry(write(tmp_path, text)))
    assert left.items == ()
    # The plan's JSON keeps the sizes.
    plan = bought(PINTS)
    assert Plan.from_dict(json.loads(json.dumps(plan.to_dict()))).purchases == (PINTS,)


def test_the_lists_prep_list_is_the_plans_batches_and_json_keeps_every_step():
    once = PrepStep(3, "16015", "Black beans", 180.0, 1.0, ((3, "dinner"),))
    shop = shopping_list(bought(*PACKAGED, prep=(*PREP, once)), make_foods())
    for text in (render_shopping_terminal(shop, width=200, color=False),
                 render_shopping_markdown(shop)):
        assert "cook Lentil soup for 3 meals" in text
        assert "Black beans for 1 meal" not in text
    steps = json.loads(render_shopping_json(shop))["prep"]
    assert [p["name"] for p in steps] == ["Lentil soup", "Black beans"]


def test_lists_in_packages_in_every_view():
    shop = shopping_list(bought(*PACKAGED, prep=PREP), make_foods())
    text = render_shopping_terminal(shop, width=100, color=False)
    flat = [" ".join(line.split()) for line in text.splitlines()]
    assert "[ ] 2 cans (15 oz) Black beans, canned uses 1¾ days 1-3 $2.40" in flat
    assert "[ ] 1 dozen Eggs 8 used, 4 left days 1, 2 $3.00" in flat
    assert "Prep list" in flat
    assert ("• Day 1: cook Lentil soup for 3 meals (750 g): day 1 dinner, day 2 lunch, "
            "day 4 lunch") in flat
    markdown = render_shopping_markdown(shop)
    assert "- [ ] Black beans, canned: 2 cans (15 oz) · uses 1¾ (days 1-3; \\$2.40)\n" in markdown
    assert "- [ ] Salt: 1 canister (26 oz) · uses 5 g (staple; days 1-3; unknown)\n" in markdown
    assert markdown.endswith("## Prep list\n\n- Day 1: cook Lentil soup for 3 meals (750 g): "
                             "day 1 dinner, day 2 lunch, day 4 lunch\n")
    data = json.loads(render_shopping_json(shop))
    beans = next(i for i in data["items"] if i["purchase_id"] == "16015")
    assert {k: beans[k] for k in ("quantity", "package", "package_g", "packages", "grams_used",
                                  "grams_bought", "use", "in_pantry")} == {
        "quantity": "2 cans (15 oz)", "package": "15-oz can", "package_g": 425.0,
        "packages": 2, "grams_used": 740.0, "grams_bought": 850.0, "use": "uses 1¾",
        "in_pantry": ""}
    assert data["prep"] == [PREP[0].to_dict()]


@st.composite
def purchases_and_pantry(draw: st.DrawFn) -> tuple[Purchase, float]:
    package = draw(st.sampled_from(["15-oz can", "dozen", "piece", "quart", "10-oz bag"]))
    size = draw(st.floats(20, 2000))
    packages = draw(st.integers(1, 6))
    used = draw(st.floats(0.5, packages * size))
    have = draw(st.one_of(st.just(0.0), st.floats(0, 3 * packages * size)))
    purchase = Purchase("p1", "Things", "produce", False, package, size, packages,
                        packages * size, used, True, (1,), 1.0)
    return purchase, have


@settings(deadline=None, max_examples=200)
@given(purchases_and_pantry())
def test_pantry_in_packages_never_buys_a_negative_fractional_or_larger_number(case):
    purchase, have = case
    pantry = Pantry((PantryItem("Things", None, Quantity(have, "g"), 1),)) if have else None
    shop = shopping_list(bought(purchase), make_foods(), pantry)
    left = shop.items[0].packages if shop.items else 0
    assert isinstance(left, int) and 0 <= left <= purchase.packages
    # What is bought and what is at home always covers what the plan uses (a package
    # covers up to kitchen.PACKAGE_SLACK more than its weight, as the plan buys it) ...
    assert ((left * purchase.package_g + have) * (1 + kitchen.PACKAGE_SLACK)
            >= purchase.grams_used - 1e-6)
    # ... and with nothing at home the plan's own packages are bought.
    if not have:
        assert left == purchase.packages
    if shop.items:
        item = shop.items[0]
        assert item.grams_bought == pytest.approx(left * purchase.package_g)
        assert item.cost == pytest.approx(left / purchase.packages)
    else:
        assert shop.covered == ("Things",)


@settings(deadline=None, max_examples=100)
@given(purchases_and_pantry(), st.floats(0, 1000))
def test_more_in_the_pantry_never_buys_more(case, more):
    purchase, have = case

    def left(grams: float) -> int:
        pantry = Pantry((PantryItem("p1", "p1", Quantity(grams, "g"), 1),)) if grams else None
        items = shopping_list(bought(purchase), make_foods(), pantry).items
        return items[0].packages if items else 0

    assert left(have + more) <= left(have)
