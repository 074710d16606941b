"""The rules that derive a food's diets, allergens and food groups from its ingredients."""

from __future__ import annotations

import pytest
from script_modules import load_script

rules = load_script("food_rules")
VEGAN = {"vegan", "vegetarian", "pescatarian"}
VEGETARIAN = {"vegetarian", "pescatarian"}


@pytest.mark.parametrize(("group", "description", "diets", "allergens"), [
    ("1100", "Onions, raw", VEGAN, set()),
    ("0100", "Cheese, cheddar", VEGETARIAN, {"dairy"}),
    ("0100", "Cheese, goat, soft type", VEGETARIAN, {"dairy"}),     # goat is not meat here
    ("0100", "Egg, whole, raw, fresh", VEGETARIAN, {"egg"}),
    ("0400", "Salad dressing, mayonnaise, regular", VEGETARIAN, {"egg"}),
    ("0400", "Butter, salted", VEGETARIAN, {"dairy"}),
    ("1200", "Nuts, almonds", VEGAN, {"tree_nut"}),
    ("1200", "Nuts, coconut meat, raw", VEGAN, set()),                # not a tree nut
    ("1200", "Seeds, sesame butter, tahini", VEGAN, {"sesame"}),
    ("1600", "Peanut butter, smooth style", VEGAN, {"peanut"}),
    ("1600", "Tofu, raw, firm", VEGAN, {"soy"}),
    ("1600", "Tofu yogurt", VEGAN, {"soy"}),                           # no dairy
    ("0400", "Oil, soybean, salad or cooking", VEGAN, set()),          # refined oil
    ("1800", "Bread, whole-wheat, commercially prepared", VEGAN, {"gluten"}),
    ("1800", "Bread, gluten-free, white, made with rice flour", VEGAN, set()),
    ("1800", "Tortillas, ready-to-bake or -fry, corn", VEGAN, set()),
    ("1800", "Rice cake, cracker", VEGAN, set()),
    ("2000", "Pasta, cooked, enriched", VEGAN, {"gluten"}),
    ("2000", "Noodles, egg, cooked", VEGETARIAN, {"egg", "gluten"}),
    ("2000", "Rice noodles, cooked", VEGAN, set()),
    ("0800", "Cereals, oats, regular and quick, not fortified, dry", VEGAN, set()),
    ("1500", "Fish, salmon, pink, raw", {"pescatarian"}, {"fish"}),
    ("1500", "Crustaceans, shrimp, raw", {"pescatarian"}, {"shellfish"}),
    ("0500", "Chicken, broilers or fryers, breast, meat only, raw", set(), set()),
    ("0600", "Soup, chicken broth, ready-to-serve", set(), set()),
    ("0600", "Soup, vegetable broth, ready to serve", VEGAN, set()),
    ("0600", "Soup, minestrone, canned, reduced sodium, ready-to-serve", VEGAN, {"gluten"}),
    ("1900", "Honey", VEGETARIAN, set()),
    ("0900", "Melons, honeydew, raw", VEGAN, set()),
    ("1100", "Eggplant, raw", VEGAN, set()),
    # SR28 names many foods in the plural; a plural is the same ingredient.
    ("1900", "Frozen yogurts, flavors other than chocolate", VEGETARIAN, {"dairy"}),
    ("1900", "Puddings, rice, ready-to-eat", VEGETARIAN, {"dairy"}),
    ("0800", "Cereals ready-to-eat, KELLOGG'S FROSTED MINI-WHEATS, Big Bite", VEGAN,
     {"gluten"}),
    ("1900", "Fruit butters, apple", VEGAN, set()),                    # no dairy
    ("1600", "Refried beans, canned, traditional style", set(), set()),  # lard
    ("1600", "Refried beans, canned, vegetarian", VEGAN, set()),
    ("1600", "Veggie burgers or soyburgers, unprepared", VEGAN, {"soy"}),
    ("2200", "Tortellini, pasta with cheese filling, fresh-refrigerated", VEGETARIAN,
     {"dairy", "egg", "gluten"}),
    ("0400", "Salad dressing, coleslaw", VEGETARIAN, {"egg"}),
    ("0600", "Sauce, worcestershire", {"pescatarian"}, {"fish"}),
    ("1900", "Snacks, trail mix, regular", VEGAN, {"peanut", "tree_nut"}),
    ("1200", "Nuts, coconut milk, raw (liquid expressed from grated meat and water)",
     VEGAN, set()),
    ("0800", "Cereals, CREAM OF WHEAT, regular, 10 minute cooking, dry", VEGAN, {"gluten"}),
    ("0800", "Cereals ready-to-eat, POST, GRAPE-NUTS Cereal", VEGAN, {"gluten"}),
    ("1900", "Syrups, table blends, pancake, with 2% maple", VEGAN, set()),
    ("1900", "Marshmallows", set(), set()),                          # gelatin
])
def test_ingredient_tags(group, description, diets, allergens):
    tags = rules.ingredient_tags(group, description)
    assert set(tags.diets) == diets
    assert set(tags.allergens) == allergens


@pytest.mark.parametrize(("allergens", "diets"), [
    (set(), VEGAN), ({"egg"}, VEGETARIAN), ({"dairy", "soy"}, VEGETARIAN),
    ({"fish"}, {"pescatarian"}), ({"shellfish", "egg"}, {"pescatarian"})])
def test_an_added_allergen_tightens_the_diet(allergens, diets):
    assert set(rules.diets_allowing(allergens)) == diets


def amounts(group, description, water=80.0, cup=None):
    found = rules.food_group_amounts(group, description, water, cup)
    return {k: v for k, v in found.items() if v}


def test_fruit_and_vegetables_by_the_cup():
    # A cup of chopped apple (109 g) is a cup of fruit; dried fruit counts double.
    assert amounts("0900", "Apples, raw, with skin", cup=109) == pytest.approx(
        {"fruit_cup_eq": 1 / 109})
    assert amounts("0900", "Raisins, seedless", 15, cup=145) == pytest.approx(
        {"fruit_cup_eq": 2 / 145})
    assert amounts("0900", "Jams and preserves") == {}
    # Two cups of raw leafy greens make one cup of vegetables.
    assert amounts("1100", "Spinach, raw", 91, cup=30) == pytest.approx(
        {"vegetables_cup_eq": 0.5 / 30})
    assert amounts("1100", "Carrots, raw", 88, cup=128) == pytest.approx(
        {"vegetables_cup_eq": 1 / 128})
    # Without a cup weight a cup is 150 g.
    assert amounts("1100", "Okra, raw") == pytest.approx({"vegetables_cup_eq": 1 / 150})


def test_protein_foods():
    # 1 oz of cooked meat or fish; raw weighs a quarter more.
    assert amounts("1500", "Fish, salmon, pink, cooked") == pytest.approx(
        {"protein_oz_eq": 1 / 28.35})
    assert amounts("0500", "Chicken breast, raw") == pytest.approx(
        {"protein_oz_eq": 0.75 / 28.35})
    assert amounts("0100", "Egg, whole, raw, fresh") == pytest.approx({"protein_oz_eq": 1 / 50})
    # A quarter cup of cooked beans; half an ounce of nuts; a tablespoon of nut butter.
    assert amounts("1600", "Beans, black, mature seeds, cooked", 66, cup=172) == pytest.approx(
        {"protein_oz_eq": 4 / 172})
    assert amounts("1200", "Nuts, almonds", 4) == pytest.approx({"protein_oz_eq": 2 / 28.35})
    assert amounts("1600", "Peanut butter, smooth style", 1) == pytest.approx(
        {"protein_oz_eq": 1 / 16})


def test_dairy_and_fortified_soy():
    assert amounts("0100", "Milk, reduced fat, fluid, 2% milkfat") == pytest.approx(
        {"dairy_cup_eq": 1 / 245})
    assert amounts("0100", "Cheese, cheddar", 37) == pytest.approx(
        {"dairy_cup_eq": 1 / (1.5 * 28.35)})
    assert amounts("0100", "Cheese, cottage, lowfat") == pytest.approx(
        {"dairy_cup_eq": 1 / 452})
    assert amounts("1600", "Soymilk, original and vanilla, unfortified") == pytest.approx(
        {"dairy_cup_eq": 1 / 245})
    assert amounts("0100", "Cream, fluid, heavy whipping") == {}
    # Cream cheese is counted with fats, not dairy (MyPlate).
    assert amounts("0100", "Cheese, cream", 54) == {}
    assert amounts("0100", "Cheese, cream, low fat", 64) == {}
    assert amounts("1200", "Beverages, almond milk, unsweetened") == {}


def test_grains_and_whole_grains():
    # Cooked brown rice at 70 % water: 30 g of dry matter in 100 g, 1.19 oz-eq.
    got = amounts("2000", "Rice, brown, long-grain, cooked", 70)
    assert got["grains_oz_eq"] == pytest.approx(0.30 / (0.89 * 28.35))
    assert got["whole_grains_oz_eq"] == got["grains_oz_eq"]
    white = amounts("2000", "Rice, white, long-grain, regular, cooked", 68)
    assert "whole_grains_oz_eq" not in white
    # A 1-oz slice of bread is 1 oz-eq; a cake is not counted.
    assert amounts("1800", "Bread, whole-wheat, commercially prepared", 38) == pytest.approx(
        {"grains_oz_eq": 1 / 28.35, "whole_grains_oz_eq": 1 / 28.35})
    assert amounts("1800", "Cake, pound, commercially prepared", 25) == {}


@pytest.mark.parametrize(("measures", "grams"), [
    ({"cup": 240.0, "cup, chopped": 150.0}, 240.0),
    ({"cup, mashed": 225.0, "cup, sliced": 150.0}, 150.0),
    ({"cup, pureed": 245.0}, 245.0),
    ({"tbsp": 15.0, "medium": 118.0}, None),
])
def test_cup_grams(measures, grams):
    assert rules.cup_grams(measures) == grams


@pytest.mark.parametrize(("category", "grains", "own"), [
    ("Pasta mixed dishes, excludes macaroni and cheese", 0.8, True),
    ("Pizza", 0.0, True),  # FNDDS counts no grain in some crusts: the category does
    ("Soups", 0.05, False),  # lentil soup: bread on the side
    ("Soups", 0.18, True),  # chicken noodle soup carries its noodles
    ("Meat mixed dishes", 0.0, False),  # beef stew
])
def test_a_dish_with_its_own_grain_takes_no_bread(category, grains, own):
    assert rules.has_own_grain(category, grains) is own


@pytest.mark.parametrize(("ingredients", "families"), [
    ([("Beans, kidney, red, mature seeds, cooked", 60), ("Rice, brown, cooked", 40)],
     ["rice"]),
    ([("Rice noodles, cooked", 36), ("Tofu, raw, firm", 64)], ["pasta"]),  # not rice
    ([("Sauce, pasta, spaghetti/marinara", 50), ("Beef, ground, cooked", 50)],
     ["red_meat"]),
    ([("Potatoes, flesh and skin, raw", 41), ("Beef, chuck, cooked", 37),
      ("Carrots, raw", 22)], ["potato", "red_meat"]),
    ([("Potatoes, flesh and skin, raw", 10), ("Soup, chicken broth", 90)], []),  # a little
    ([("Fish, salmon, pink, raw", 25), ("Rice, white, cooked", 75)], ["rice", "fatty_fish"]),
    ([("Fish, cod, Atlantic, raw", 70), ("Tomatoes, red, ripe", 30)], ["white_fish"]),
    ([("Chicken, broilers or fryers, breast, raw", 30), ("Lettuce, cos", 70)], ["poultry"]),
    ([("Spinach, raw", 80), ("Mushrooms, white, raw", 20)], ["leafy_greens"]),  # a salad
    ([("Chickpeas, mature seeds, cooked", 70), ("Spinach, frozen, cooked", 30)],
     ["leafy_greens"]),
    ([], []),
])
def test_a_dish_made_largely_of_a_food_is_of_its_family(ingredients, families):
    assert rules.made_of_families(ingredients) == families


@pytest.mark.parametrize(("description", "hours"), [
    ("Beans, black, mature seeds, raw", 8.0),
    ("Chickpeas (garbanzo beans, bengal gram), mature seeds, raw", 8.0),
    ("Lima beans, large, mature seeds, raw", 8.0),
    ("Beans, black turtle, mature seeds, canned", None),  # canned: cooked already
    ("Lentils, raw", None),
    ("Peas, split, mature seeds, raw", None),
    ("Cowpeas, common (blackeyes, crowder, southern), mature seeds, raw", None),
])
def test_dry_beans_and_chickpeas_soak_overnight(description, hours):
    assert rules.soak_hours(description) == hours
