"""Packages as a shopper reads them, pantry amounts in packages, and package size files."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mealplan.errors import InputError, Where
from mealplan.foods import FoodTable
from mealplan.packages import (
    PackageSize,
    fraction_text,
    larger_sizes,
    package_unit,
    pantry_grams,
    read_package_sizes,
    use_text,
    volume_text,
    with_package_sizes,
)
from mealplan.quantity import Quantity, parse_quantity


@pytest.mark.parametrize(("package", "name", "one", "three"), [
    ("15-oz can", "Black beans, canned", "1 can (15 oz)", "3 cans (15 oz)"),
    ("10-oz bag", "Spinach", "1 bag (10 oz)", "3 bags (10 oz)"),
    ("dozen", "Eggs", "1 dozen", "3 dozen"),
    ("piece", "Pears", "1 pear", "3 pears"),
    ("piece", "Cantaloupe", "1 cantaloupe", "3 cantaloupes"),
    ("piece (about 2 lb)", "Butternut squash", "1 butternut squash (about 2 lb)",
     "3 butternut squashes (about 2 lb)"),
    ("quart", "Milk, whole", "1 quart", "3 quarts"),
    ("half pint (8 fl oz)", "Heavy cream", "1 half pint (8 fl oz)", "3 half pints (8 fl oz)"),
    ("64-fl-oz bottle", "Orange juice", "1 bottle (64 fl oz)", "3 bottles (64 fl oz)"),
    ("1.5-quart carton", "Frozen yogurt", "1 carton (1.5 quarts)", "3 cartons (1.5 quarts)"),
    ("12-oz pack (16 slices)", "Cheese slices", "1 pack (12 oz; 16 slices)",
     "3 packs (12 oz; 16 slices)"),
    ("pack of 6", "Bagels", "1 pack of 6", "3 packs of 6"),
    ("box of 10 packets", "Instant oatmeal", "1 box of 10 packets", "3 boxes of 10 packets"),
    ("bunch (about 1 lb)", "Asparagus", "1 bunch (about 1 lb)", "3 bunches (about 1 lb)"),
    ("20-oz loaf", "Oatmeal bread", "1 loaf (20 oz)", "3 loaves (20 oz)"),
    ("1 lb", "Green beans", "1 lb", "3 lb"),
    ("2 crusts", "Pie crust", "2 crusts", "6 crusts"),
    ("¾-oz clamshell", "Basil", "1 clamshell (¾ oz)", "3 clamshells (¾ oz)"),
    ("12-inch pizza", "Frozen pizza", "1 pizza (12-inch)", "3 pizzas (12-inch)"),
    ("4-pack", "Pudding cups", "1 pack of 4", "3 packs of 4"),
])
def test_packages_read_as_a_shopper_counts_them(package, name, one, three):
    unit = package_unit(package, name)
    assert (unit.count_text(1), unit.count_text(3)) == (one, three)


@pytest.mark.parametrize(("package", "pieces", "volume_ml"), [
    ("dozen", 12, None), ("pack of 6", 6, None), ("12-oz pack (16 slices)", 16, None),
    ("1-lb pack (4 sticks)", 4, None), ("piece", 1, None), ("15-oz can", None, None),
    ("quart", None, 946.352946), ("16-fl-oz bottle", None, 16 * 29.5735295625),
    ("500-ml bottle", None, 500.0),
])
def test_count_and_volume_packages(package, pieces, volume_ml):
    unit = package_unit(package, "Thing")
    assert unit.pieces == pieces
    assert unit.volume_ml == (None if volume_ml is None else pytest.approx(volume_ml))


@pytest.mark.parametrize(("package", "package_g", "used_g", "have_g", "text"), [
    ("15-oz can", 425, 740, 850, "uses 1¾"),
    ("10-oz bag", 284, 280, 284, "all used"),     # 4 g left of a bag is nothing to keep
    ("dozen", 600, 400, 600, "8 used, 4 left"),
    ("dozen", 600, 630, 1200, "13 used, 11 left"),  # an egg started is an egg used
    ("dozen", 600, 601, 1200, "12 used, 12 left"),  # a gram over is float noise
    ("12-oz pack (16 slices)", 340, 200, 340, "10 slices used, 6 left"),
    ("quart", 976, 1500, 1952, "uses 1½ quarts"),
    ("16-fl-oz bottle", 480, 200, 480, "uses ¾ cup"),
    ("500-ml bottle", 460, 100, 460, "uses 100 ml"),
    ("2-lb bag", 907, 20, 907, "uses 20 g"),       # "uses ¼" would hide what is left
    ("2-lb bag", 907, 150, 907, "uses ¼"),
    ("1-lb bag", 454, 440, 908, "uses 1"),
    ("1-lb bag", 454, 800, 908, "uses 1¾"),        # 1.76 would round to 2, all there is
    ("1-lb bag", 454, 0, 454, "none used"),
])
def test_use_text(package, package_g, used_g, have_g, text):
    assert use_text(package_unit(package, "Thing"), package_g, used_g, have_g) == text


def test_fraction_and_volume_text():
    assert [fraction_text(v) for v in (0.2, 0.5, 1.74, 2.0, 2.9)] == ["¼", "½", "1¾", "2", "3"]
    assert volume_text(236.6) == "1 cup"
    assert volume_text(600) == "2½ cups"
    assert volume_text(946.35 * 2.3) == "2¼ quarts"
    assert volume_text(1500, metric=True) == "1.5 litres"


@pytest.mark.parametrize(("text", "quantity"), [
    ("2 cans", Quantity(2, "pieces", "cans")), ("1 can", Quantity(1, "pieces", "can")),
    ("half a bag", Quantity(0.5, "pieces", "bag")), ("1/2 bag", Quantity(0.5, "pieces", "bag")),
    ("½ bag", Quantity(0.5, "pieces", "bag")), ("1½ cups", Quantity(1.5 * 236.5882365, "ml")),
    ("1 1/2 cups", Quantity(1.5 * 236.5882365, "ml")), ("a dozen", Quantity(1, "pieces", "dozen")),
    ("a quarter of a bag", Quantity(0.25, "pieces", "bag")), ("300 g", Quantity(300, "g")),
    ("3", Quantity(3, "pieces")), ("6 eggs", Quantity(6, "pieces", "eggs")),
    ("2 cans (15 oz)", Quantity(2, "pieces", "cans")),
    ("1 pack of 6", Quantity(1, "pieces", "pack of 6")),
    (" 2 Bags. ", Quantity(2, "pieces", "bags")), ("an onion", Quantity(1, "pieces", "onion")),
])
def test_parse_quantity_reads_package_words(text, quantity):
    parsed = parse_quantity(text)
    assert (parsed.value, parsed.unit, parsed.word) == (
        pytest.approx(quantity.value), quantity.unit, quantity.word)


@pytest.mark.parametrize("text", ["", "bag", "half", "a", "-1 can", "1,5 cans", "1/0 bag",
                                  "2 15-oz cans"])
def test_parse_quantity_rejects_package_words_without_an_amount(text):
    with pytest.raises(ValueError, match="expected"):
        parse_quantity(text)


@pytest.mark.parametrize(("text", "package", "package_g", "grams"), [
    ("2 cans", "15-oz can", 425, 850), ("half a bag", "10-oz bag", 284, 142),
    ("1/2 bag", "10-oz bag", 284, 142), ("300 g", "10-oz bag", 284, 300),
    ("12 oz", "10-oz bag", 284, 340.19), ("1 dozen", "dozen", 600, 600),
    ("6 eggs", "dozen", 600, 300), ("3", "dozen", 600, 150), ("3", "piece", 198, 594),
    ("3 pears", "piece", 198, 594), ("3", "15-oz can", 425, 1275),
    ("4 slices", "12-oz pack (16 slices)", 340, 85), ("2 cups", "quart", 976, 488),
    ("1 quart", "64-fl-oz bottle", 1940, 970), ("4 crusts", "2 crusts", 300, 600),
    ("1 pack", "pack of 6", 480, 480), ("2 packs", "pack of 6", 480, 960),
    ("2 cups", "6-oz cup", 170, 340), ("half a cup", "6-oz cup", 170, 85),  # yogurt cups
])
def test_pantry_grams(text, package, package_g, grams):
    name = "Eggs" if package == "dozen" else "Pears"
    unit = package_unit(package, name)
    assert pantry_grams(parse_quantity(text), unit, package_g) == pytest.approx(grams, rel=1e-3)


def test_pantry_words_that_do_not_fit_the_package_say_what_would():
    with pytest.raises(ValueError) as info:
        pantry_grams(parse_quantity("2 bags"), package_unit("15-oz can", "Beans"), 425)
    assert str(info.value) == ("it is sold as 1 can (15 oz); expected an amount like 1 can "
                               "(15 oz), 1/2 can, 300 g or a count, got 2 bags")
    with pytest.raises(ValueError, match="got 2 cups"):  # a can of beans is no liquid
        pantry_grams(parse_quantity("2 cups"), package_unit("15-oz can", "Beans"), 425)


def test_every_built_in_package_reads_back_from_its_own_words(default_foods: FoodTable):
    """A saved list says ``2 cans (15 oz)``; read back as a pantry, that is two cans."""
    shop = default_foods.purchases
    assert shop is not None
    for pid, row in shop.iterrows():
        if not row["package"]:
            continue
        unit = package_unit(row["package"], row["name"], larger_sizes(row["larger"]))
        size = float(row["package_g"])
        for n in (1, 2, 5):
            text = unit.count_text(n)
            got = pantry_grams(parse_quantity(text), unit, size)
            # "2 lb" of 1-lb packages weighs 907 g, not 2 x 454 g.
            assert got == pytest.approx(n * size, rel=0.01), (pid, text)


@given(st.floats(0.25, 8), st.sampled_from(["15-oz can", "dozen", "quart", "piece",
                                             "pack of 6", "10-oz bag"]))
def test_pantry_packages_are_the_number_times_the_package(number, package):
    unit = package_unit(package, "Things")
    words = f"{number} {unit.singular if number == 1 else unit.plural}"
    assert pantry_grams(parse_quantity(words), unit, 400) == pytest.approx(number * 400)


def test_larger_sizes_buy_the_fewest_packages():
    pint = package_unit("pint", "Milk", larger_sizes("quart=2; half gallon=4; gallon=8"))
    assert [pint.count_text(n) for n in (1, 2, 3, 6, 15)] == [
        "1 pint", "1 quart", "1 quart + 1 pint", "1 half gallon + 1 quart",
        "1 gallon + 1 half gallon + 1 quart + 1 pint"]
    # Fewest packages, not the largest first: 6 of a 3 and a 4 are two 3s.
    odd = package_unit("piece", "Things", [("pack of 3", 3), ("pack of 4", 4)])
    assert [(u.singular, n) for u, n in odd.combined(6)] == [("pack of 3", 2)]
    assert pantry_grams(parse_quantity("2 half gallons"), pint, 488) == pytest.approx(3904)
    assert pantry_grams(parse_quantity("1 quart + 1 pint"), pint, 488) == pytest.approx(1464)


@pytest.mark.parametrize(("text", "problem"), [
    ("quart", "expected a package and how many it holds, like quart=2, got 'quart'"),
    ("quart=1", "like quart=2, got 'quart=1'"), ("=2", "got '=2'"),
    ("half gallon=4; quart=2", "'quart=2' holds no more than half gallon; list the sizes "
     "smallest first"),
])
def test_bad_larger_sizes_say_what_is_expected(text, problem):
    with pytest.raises(ValueError) as info:
        larger_sizes(text)
    assert problem in str(info.value)


def test_parse_quantity_adds_amounts_of_one_kind():
    assert parse_quantity("1 quart + 1 pint").value == pytest.approx(3 * 473.176473)
    assert parse_quantity("2 cans + 1 can") == Quantity(3, "pieces", "cans")
    assert parse_quantity("1 box + 2 boxes") == Quantity(3, "pieces", "box")
    with pytest.raises(ValueError, match="expected amounts of one kind joined by"):
        parse_quantity("1 can + 1 bag")


# --- package sizes files ---------------------------------------------------------------

def write(tmp_path, text: str):
    path = tmp_path / "packages.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_package_sizes_by_id_or_name_replace_the_tables_own(default_foods, tmp_path):
    shop = default_foods.purchases
    spinach = shop.index[shop["name"] == "Spinach"][0]
    bananas = shop.index[shop["name"] == "Bananas"][0]
    path = write(tmp_path, "purchase_id,name,package,package_g,keeps_days,open_days,aisle\n"
                 f"{int(spinach)},,5-oz bag,141.7,,3,whatever\n"  # a spreadsheet ate the zero
                 ",bananas,bunch of 6,700,5,\n"
                 ",Salt,,,,\n")
    sizes = read_package_sizes(path, default_foods)
    salt = shop.index[shop["name"] == "Salt"][0]
    assert sizes == (PackageSize(spinach, "5-oz bag", 141.7, None, 3, 1),
                     PackageSize(bananas, "bunch of 6", 700, 5, None, 2),
                     PackageSize(salt, None, None, None, None, 3))
    changed = with_package_sizes(default_foods, sizes).purchases
    assert changed is not None
    assert changed.at[spinach, "package"] == "5-oz bag"
    assert changed.at[spinach, "package_g"] == 141.7
    assert changed.at[spinach, "open_days"] == 3
    assert changed.at[spinach, "keeps_days"] == shop.at[spinach, "keeps_days"]  # empty: kept
    assert changed.at[bananas, "keeps_days"] == 5
    assert changed.at[bananas, "package_g"] == 700
    assert math.isnan(changed.at[salt, "package_g"]) and changed.at[salt, "package"] == ""
    # The shared built-in table is left as it was.
    assert shop.at[spinach, "package"] == "10-oz bag"
    # A form given its own package loses the table's larger sizes, which hold so many of
    # the table's package.
    milk = "01079"
    assert shop.at[milk, "larger"] != ""
    own = with_package_sizes(default_foods, [PackageSize(milk, "half gallon", 1952.0)])
    assert own.purchases is not None and own.purchases.at[milk, "larger"] == ""


def test_bad_package_sizes_rows_are_all_reported(default_foods, tmp_path):
    path = write(tmp_path, "purchase_id,name,package,package_g,keeps_days\n"
                 "99999,,can,100,\n"
                 ",Spinnach,bag,200,\n"
                 "11457,,bag,-3,x\n"
                 "\n"
                 "16139,Milk,quart,900,\n"
                 "11457,,bag,200,\n"
                 "11457,,bag,250,\n"
                 "09040,,,150,\n"
                 "09040,,can,,\n")
    with pytest.raises(InputError) as info:
        read_package_sizes(path, default_foods)
    lines = [line.strip() for line in str(info.value).splitlines()]
    file = str(path)
    assert lines == [
        f"{file}, row 1, column purchase_id: no purchase form '99999' in the table; the ids "
        "are those of foods/default_purchases.csv",
        f"{file}, row 2, column name: no purchase form named 'Spinnach'; did you mean Spinach?",
        f"{file}, row 3, column package_g: expected a number > 0, got '-3'",
        f"{file}, row 3, column keeps_days: expected a number > 0, got 'x'",
        f"{file}, row 5, column name: purchase_id 16139 is Soy milk, but name says 'Milk'; "
        "clear one of the two",
        f"{file}, row 7: Spinach is given twice, in rows 6 and 7; keep one",
        f"{file}, row 8, column package: expected the unit a shop sells it in, e.g. 15-oz "
        "can, 1-lb bag, dozen or piece (empty with package_g empty: sold by weight)",
        f"{file}, row 9, column package_g: expected the grams in one can",
    ]
    assert info.value.where == Where(file, 1, "purchase_id")


def test_package_sizes_need_their_columns_and_a_table_with_packages(default_foods, tiny_foods,
                                                                    tmp_path):
    with pytest.raises(InputError, match="expected columns purchase_id \\(or name\\), package "
                       "and package_g, found purchase_id, size"):
        read_package_sizes(write(tmp_path, "purchase_id,size\n11457,1 lb\n"), default_foods)
    with pytest.raises(InputError, match="--packages: file not found"):
        read_package_sizes(tmp_path / "nowhere.csv", default_foods)
    path = write(tmp_path, "name,package,package_g\nSpinach,bag,100\n")
    with pytest.raises(InputError, match="sells no packages"):
        read_package_sizes(path, tiny_foods)


# --- the docs say what mealplan does ----------------------------------------------------

ROOT = Path(__file__).parent.parent


def text_blocks(path: Path) -> list[str]:
    return re.findall(r"```text\n(.*?)\n```", path.read_text(encoding="utf-8"), re.S)


def test_readme_shopping_lines_and_pantry_example_are_what_mealplan_says(tmp_path):
    from test_shopping import BEANS, EGGS, SPINACH, bought
    from test_views import make_foods

    from mealplan.plan import Purchase
    from mealplan.shopping import read_pantry, shopping_list
    from mealplan.views.markdown import render_shopping_markdown

    soy = Purchase("16139", "Soy milk", "beverages", False, "quart", 972.0, 4, 3888.0, 3172.0,
                   True, (1, 2), 6.58)
    pears = Purchase("09252", "Pears", "produce", False, "piece", 198.0, 11, 2178.0, 2139.0,
                     True, (1, 2), 11.02)
    rice = Purchase("20036", "Rice, white, dry", "grains & pasta", False, None, None, None,
                    400.0, 400.0, False, (1,), 1.0)
    plan = bought(BEANS, SPINACH, EGGS, soy, pears, rice)
    readme = ROOT / "README.md"
    blocks = text_blocks(readme)
    listed = next(b for b in blocks if b.startswith("Black beans, canned:"))
    markdown = render_shopping_markdown(shopping_list(plan, make_foods()))
    for line in listed.splitlines():
        assert f"- [ ] {line} (" in markdown, line
    pantry = tmp_path / "pantry.csv"
    pantry.write_text(next(b for b in blocks if b.startswith("item,quantity")) + "\n",
                      encoding="utf-8")
    left = shopping_list(plan, make_foods(), read_pantry(pantry))
    assert left.unmatched == ()
    text = readme.read_text(encoding="utf-8")
    beans = next(i for i in left.items if i.purchase_id == BEANS.purchase_id)
    said = f"`{beans.name}: {beans.unit_text} · {beans.use_text} · {beans.pantry_text}`"
    assert said.replace(" ", "") in text.replace("\n", "").replace(" ", "")


def test_foods_readme_package_sizes_example_reads(default_foods, tmp_path):
    block = next(b for b in text_blocks(ROOT / "foods" / "README.md")
                 if b.startswith("purchase_id,name,package"))
    path = tmp_path / "packages.csv"
    path.write_text(block + "\n", encoding="utf-8")
    sizes = read_package_sizes(path, default_foods)
    shop = with_package_sizes(default_foods, sizes).purchases
    assert [(s.package, s.package_g) for s in sizes] == [("5-oz bag", 142), ("half gallon", 1944)]
    assert shop.at[sizes[1].purchase_id, "name"] == "Soy milk"
    assert package_unit("half gallon", "Soy milk").count_text(2) == "2 half gallons"
