"""Rules that derive a food's tags and food groups from its ingredients.

Every FNDDS food is a recipe of SR28 ingredients. Its diets and allergens follow from
theirs (cheese: not vegan, dairy; wheat flour: gluten), and its Dietary Guidelines
food-group amounts are the sum of its ingredients' amounts. The rules work on an
ingredient's SR28 food group and description; foods/README.md documents them and
tests/test_food_rules.py pins them down. Curation may tighten a food's diets or add
allergens, never the reverse.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# SR28 food group codes.
DAIRY_AND_EGG = "0100"
SPICES = "0200"
BABY = "0300"
FATS_AND_OILS = "0400"
POULTRY = "0500"
SOUPS_AND_SAUCES = "0600"
SAUSAGES = "0700"
CEREALS = "0800"
FRUITS = "0900"
PORK = "1000"
VEGETABLES = "1100"
NUTS_AND_SEEDS = "1200"
BEEF = "1300"
BEVERAGES = "1400"
FISH = "1500"
LEGUMES = "1600"
LAMB_AND_GAME = "1700"
BAKED = "1800"
SWEETS = "1900"
GRAINS = "2000"
MEAT_GROUPS = frozenset({POULTRY, SAUSAGES, PORK, BEEF, LAMB_AND_GAME})


def _words(pattern: str) -> re.Pattern[str]:
    """Whole words or phrases, each also in its plural: SR28 names many foods in the
    plural ("Frozen yogurts", "Puddings", "MINI-WHEATS"), and a missed word loosens a
    tag."""
    return re.compile(rf"\b(?:{pattern})(?:e?s)?\b", re.IGNORECASE)


# --- Diets and allergens ---------------------------------------------------------------
# Words that settle what an ingredient is, checked on its SR28 description. Each pattern
# has exceptions that name something else (peanut butter is no dairy; eggplant no egg).
MEAT = _words(
    r"beef|pork|ham|bacon|chicken|turkey|lamb|veal|mutton|goat|venison|bison|duck|goose|"
    r"sausage|pepperoni|salami|bologna|frankfurter|hot dog|chorizo|prosciutto|"
    r"gelatin|gelatine|lard|tallow|meat|meatball|poultry|liver|giblets|broth|"
    r"suet|schmaltz|bouillon|wiener|bratwurst|kielbasa|pastrami|marshmallow|gummy|"
    r"jell-o|"
    # Traditional canned refried beans are made with lard (SR28 lists the vegetarian
    # kind apart; the traditional has twice its share of saturated fat).
    r"refried beans, canned, traditional"
)
NOT_MEAT = _words(r"meatless|meat substitute|vegetable broth|vegetarian|imitation|"
                  r"mushroom broth|broth, vegetable|cheese, goat|goat cheese|milk, goat|"
                  r"goat milk|coconut meat|grated meat|vegetable bouillon|"
                  r"bouillon, vegetable|hot dog (?:roll|bun)|rolls?, hot dog|cod liver")
FISH_WORDS = _words(
    r"fish|salmon|tuna|cod|tilapia|trout|sardine|anchov(?:y|ies)|mackerel|halibut|"
    r"catfish|pollock|haddock|flounder|sole|herring|bass|snapper|swordfish|mahimahi|"
    r"perch|pike|whiting|roe|caviar|surimi|eel|krill|worcestershire|nam pla|caesar"
)
SHELLFISH_WORDS = _words(
    r"shrimp|prawn|crab|lobster|clam|oyster|mussel|scallop|crayfish|squid|"
    r"octopus|calamari|shellfish"
)
DAIRY_WORDS = _words(
    r"milk|cheese|butter|cream|yogurt|whey|casein|caseinate|ghee|kefir|buttermilk|"
    r"table fat|half and half|ice cream|custard|pudding|alfredo|queso|ricotta|paneer|"
    r"cocoa mix|caesar"
)
NOT_DAIRY = _words(
    r"(?:coconut|soy|almond|rice|oat|cashew|hemp|flax) ?milk|soymilk|"
    r"(?:peanut|almond|cashew|apple|fruit|cocoa|nut|sunflower|seed|sesame) butter|"
    r"butter bean|butterhead|butternut|cream of tartar|coconut cream|milkfish|"
    r"cheese substitute|nondairy|non-dairy|dairy-free|soy yogurt|cream substitute|"
    r"butterscotch|milkweed|shea butter|tofu yogurt|yogurt, tofu|cream of wheat|"
    r"bread and butter"
)
EGG_WORDS = _words(r"egg|egg noodle|mayonnaise|mayo|meringue|egg white|egg yolk|"
                   r"eggnog|albumin|caesar|dressing, coleslaw|coleslaw dressing|"
                   r"tortellini|pasta, fresh-refrigerated")
NOT_EGG = _words(r"eggplant|egg-free|eggless|egg substitute")
GLUTEN_WORDS = _words(
    r"wheat|barley|rye|malt|malted|bulgur|couscous|semolina|spelt|farro|durum|triticale|"
    r"flour|bread|breadcrumb|bread crumbs|pasta|noodle|spaghetti|macaroni|lasagna|"
    r"cracker|tortilla|seitan|soy sauce|teriyaki|crouton|pita|bagel|pretzel|"
    r"biscuit|cake|cookie|pie|crust|pastry|pastries|muffin|pancake|"
    r"waffle|croissant|dumpling|wonton|stuffing|beer|brewer's|graham|minestrone|"
    r"roll|bun|english muffin|matzo|naan|gnocchi|orzo|ramen|udon|batter|breaded|"
    r"shoyu|kamut|einkorn|farina|bran|grape-nuts|muesli|mueslix|corn flakes"
)
NOT_GLUTEN = _words(
    r"buckwheat|rice (?:flour|noodle|cake|cracker|pasta)|corn (?:flour|tortilla|"
    r"bread|muffin)|cornmeal|corn meal|almond flour|coconut flour|chickpea flour|"
    r"potato flour|tapioca|arrowroot|gluten-free|gluten free|rice bran|oat bran|"
    r"tortillas?, corn|tortilla chips|cassava|pancakes?, gluten-free|malt vinegar|"
    r"soy flour|tamari|potato pancake|rolled oats|cornstarch|masa|sweet rolls?, corn|"
    r"corn bran|table blends, pancake|spaghetti sauce|spaghetti/marinara|marinara|"
    r"bread and butter|peanut flour"
)
# Descriptions that settle it: no gluten whatever other words they have.
GLUTEN_FREE = re.compile(r"gluten[- ]free|tortillas?,.*\bcorn\b|\bcorn tortillas?|"
                         r"rice cakes?|rice crackers?", re.IGNORECASE)
SOY_WORDS = _words(r"soy|soya|soybean|tofu|tempeh|miso|edamame|natto|soymilk|"
                   r"textured vegetable protein|meatless|meat substitute|tamari|shoyu|"
                   r"soyburger")
NOT_SOY = _words(r"soybean oil|soy ?bean oil|oil, soybean|soybean, oil|lecithin")
PEANUT_WORDS = _words(r"peanut|peanut butter|groundnut|trail mix")
NOT_PEANUT = _words(r"peanut oil|oil, peanut")
TREE_NUT_WORDS = _words(
    r"almond|cashew|walnut|pecan|pistachio|hazelnut|filbert|macadamia|"
    r"brazil ?nut|pine ?nut|pignolia|pignoli|chestnut|praline|marzipan|nutella|"
    r"nuts, mixed|mixed nuts|trail mix|almond milk|cashew milk|nut butter|pesto"
)
NOT_TREE_NUT = _words(r"coconut|nutmeg|water chestnut|butternut|doughnut|donut|"
                      r"peanut|almond extract|almond oil")
SESAME_WORDS = _words(r"sesame|tahini|hummus|halvah|halva|benne")
HONEY_WORDS = _words(r"honey")
NOT_HONEY = _words(r"honeydew|honey ?crisp|honeycrisp")


@dataclass(frozen=True)
class IngredientTags:
    """What one ingredient rules out and brings."""

    diets: frozenset[str]
    """Diets the ingredient fits."""
    allergens: frozenset[str]
    """Allergens it contains."""


ALL_DIETS = frozenset({"vegan", "vegetarian", "pescatarian"})
_VEGETARIAN = frozenset({"vegetarian", "pescatarian"})
_PESCATARIAN = frozenset({"pescatarian"})
_NONE: frozenset[str] = frozenset()


def _has(pattern: re.Pattern[str], text: str, unless: re.Pattern[str] | None = None) -> bool:
    """Whether ``pattern`` names the ingredient, once phrases in ``unless`` are removed."""
    if unless is not None:
        text = unless.sub(" ", text)
    return bool(pattern.search(text))


def ingredient_tags(sr_group: str | None, description: str) -> IngredientTags:
    """Diets and allergens of one SR28 ingredient, from its food group and description.

    The food group decides for plain foods (group 1500 is fish or shellfish, the meat
    groups are meat); words decide for the rest (soups, sweets, mixed SR entries).
    The rule errs on the side of tagging: "Table fat, averaged" (butter and margarine)
    is dairy, soups named for meat are meat.
    """
    text = description
    allergens: set[str] = set()
    meat = sr_group in MEAT_GROUPS or _has(MEAT, text, NOT_MEAT)
    shellfish = _has(SHELLFISH_WORDS, text)
    fish = _has(FISH_WORDS, text) or (sr_group == FISH and not shellfish)
    if shellfish:
        allergens.add("shellfish")
    if fish:
        allergens.add("fish")
    egg = _has(EGG_WORDS, text, NOT_EGG)
    dairy = _has(DAIRY_WORDS, text, NOT_DAIRY)
    if sr_group == DAIRY_AND_EGG and not egg and not _has(NOT_DAIRY, text):
        dairy = True
    if egg:
        allergens.add("egg")
    if dairy:
        allergens.add("dairy")
    if _has(GLUTEN_WORDS, text, NOT_GLUTEN) and not GLUTEN_FREE.search(text):
        allergens.add("gluten")
    if _has(SOY_WORDS, text, NOT_SOY):
        allergens.add("soy")
    if _has(PEANUT_WORDS, text, NOT_PEANUT):
        allergens.add("peanut")
    if _has(TREE_NUT_WORDS, text, NOT_TREE_NUT):
        allergens.add("tree_nut")
    if _has(SESAME_WORDS, text):
        allergens.add("sesame")
    if meat:
        diets = _NONE
    elif fish or shellfish:
        diets = _PESCATARIAN
    elif egg or dairy or _has(HONEY_WORDS, text, NOT_HONEY):
        diets = _VEGETARIAN
    else:
        diets = ALL_DIETS
    return IngredientTags(diets, frozenset(allergens))


def diets_allowing(allergens: frozenset[str] | set[str]) -> frozenset[str]:
    """Diets a food with these allergens can fit: dairy or egg is not vegan, fish or
    shellfish is only pescatarian (curation that adds an allergen tightens the diet)."""
    if allergens & {"fish", "shellfish"}:
        return _PESCATARIAN
    if allergens & {"dairy", "egg"}:
        return _VEGETARIAN
    return ALL_DIETS


# --- Food groups -----------------------------------------------------------------------
# Healthy U.S.-Style Dietary Pattern equivalents (Dietary Guidelines 2020-2025): cups of
# fruit, vegetables and dairy, ounces of grains and protein foods. An ingredient's amount
# per gram follows from its SR28 food group, its description and (for fruit and
# vegetables) SR28's gram weight of one cup of it.
FOOD_GROUPS: tuple[str, ...] = (
    "fruit_cup_eq",
    "vegetables_cup_eq",
    "grains_oz_eq",
    "whole_grains_oz_eq",
    "dairy_cup_eq",
    "protein_oz_eq",
)
OZ_G = 28.35
# A cup-equivalent of fruit or vegetables is one cup; without an SR28 cup weight these
# stand in (a cup of chopped fruit or cooked vegetables).
DEFAULT_CUP_G = 150.0
MILK_CUP_G = 245.0
NATURAL_CHEESE_CUP_EQ_G = 1.5 * OZ_G
PROCESSED_CHEESE_CUP_EQ_G = 2 * OZ_G
COTTAGE_CHEESE_CUP_EQ_G = 2 * 226.0  # 2 cups of cottage cheese count as 1 cup of dairy
RICOTTA_CUP_EQ_G = 124.0  # 1/2 cup
EGG_G = 50.0  # 1 large egg is 1 oz-eq of protein foods
NUTS_OZ_EQ_G = OZ_G / 2  # 1/2 oz of nuts or seeds
NUT_BUTTER_OZ_EQ_G = 16.0  # 1 tbsp
# Raw meat and fish lose about a quarter of their weight in cooking; equivalents count
# cooked ounces.
RAW_MEAT_COOKED_FRACTION = 0.75
# Cooked grains: 1 oz-eq is the dry matter of 1 oz of dry grain (about 11 % water),
# which puts 1/2 cup of cooked rice or pasta at about 1 oz-eq, as the Guidelines do.
DRY_GRAIN_SOLIDS = 0.89

RAW_LEAFY = _words(r"spinach|lettuce|kale|arugula|romaine|watercress|chard|collards|"
                   r"greens|mesclun|endive|escarole|radicchio|cress")
DRIED_FRUIT = _words(r"dried|raisin|prune|dates|dehydrated|currants, zante")
JUICE = _words(r"juice")
FRUIT_NOT = _words(r"juice drink|fruit punch|drink|nectar|pie filling|jam|jelly|"
                   r"preserves|marmalade|syrup|fruit leather|candied|maraschino")
VEGETABLE_NOT = _words(r"pickle relish|ketchup|catsup|chips|sauerkraut juice|seasoning|"
                       r"onion powder|garlic powder|soup")
LEGUME_PROTEIN = _words(r"bean|lentil|chickpea|garbanzo|peas, split|split peas|"
                        r"cowpeas|black-eyed|hummus|falafel|tofu|tempeh|soybean|"
                        r"pigeon peas|lupin|mung|adzuki|natto|peanut|"
                        r"peanut butter|meatless|veggie burger")
LEGUME_NOT = _words(r"soymilk|soy milk|soy sauce|miso|bean sprouts|soy flour|"
                    r"peanut oil|soy protein isolate|beverage|yogurt|cheese")
SOY_DAIRY = _words(r"soymilk|soy milk|soy yogurt|soy beverage|beverage, soy")
MILK_LIKE = _words(r"milk|yogurt|kefir|buttermilk")
MILK_NOT = _words(r"dry|dried|powder|condensed|evaporated|chocolate|malted|shake|"
                  r"coconut|almond|rice|oat|cashew|human|goat|imitation|substitute")
CHEESE = _words(r"cheese")
PROCESSED_CHEESE = _words(r"process|processed|cheese food|cheese spread|cheese product|"
                          r"american")
# Cream cheese is a fat, not dairy, in the Guidelines (as cream and butter): SR28 names
# it "Cheese, cream".
CHEESE_NOT = _words(r"cream cheese|cheese, cream|cheesecake|cheese sauce|neufchatel|"
                    r"cheese substitute")
COTTAGE = _words(r"cottage")
RICOTTA = _words(r"ricotta")
EGG_PLAIN = _words(r"^egg|eggs?, whole|egg, white|egg substitute")
NUT_BUTTER = _words(r"butter|paste|spread|tahini")
NUT_NOT = _words(r"coconut|oil|flour|milk|beverage|chestnut")
BREADLIKE = _words(r"bread|roll|bun|bagel|muffins?, english|english muffin|"
                   r"tortilla|pita|cracker|biscuit|pancake|waffle|naan|matzo|"
                   r"crouton|stuffing|taco shell|crispbread|rice cake|french toast")
WHOLE_GRAIN = _words(r"whole|whole-wheat|wholegrain|brown rice|rice, brown|wild rice|"
                     r"oat|oatmeal|bulgur|quinoa|buckwheat|millet|barley, hulled|"
                     r"popcorn|sorghum|amaranth|teff|freekeh|wheat berries|"
                     r"shredded wheat|wheaties|cheerios|granola|muesli|bran flakes|"
                     r"pumpernickel|rye, whole|kamut|triticale|graham")


def food_group_amounts(sr_group: str | None, description: str, water_g: float,
                       cup_g: float | None) -> dict[str, float]:
    """Food-group equivalents in one gram of an ingredient.

    Args:
        sr_group: The ingredient's SR28 food group code (None for the few FNDDS-internal
            ingredients, which are oils, table fat and deli meats).
        description: Its SR28 description.
        water_g: Its water per 100 g.
        cup_g: SR28's gram weight of one cup of it, if any.
    """
    text = description
    amounts = dict.fromkeys(FOOD_GROUPS, 0.0)
    per_cup = cup_g if cup_g and cup_g > 0 else DEFAULT_CUP_G
    if sr_group == FRUITS and not _has(FRUIT_NOT, text):
        factor = 2.0 if _has(DRIED_FRUIT, text) and not _has(JUICE, text) else 1.0
        amounts["fruit_cup_eq"] = factor / per_cup
    elif sr_group == VEGETABLES and not _has(VEGETABLE_NOT, text):
        raw_leaf = "raw" in text.lower() and _has(RAW_LEAFY, text)
        amounts["vegetables_cup_eq"] = (0.5 if raw_leaf else 1.0) / per_cup
    elif sr_group in (LEGUMES, VEGETABLES) or _has(SOY_DAIRY, text):
        if _has(SOY_DAIRY, text):
            amounts["dairy_cup_eq"] = 1 / MILK_CUP_G
        elif _has(LEGUME_PROTEIN, text) and not _has(LEGUME_NOT, text):
            if re.search(r"peanut butter", text, re.IGNORECASE):
                amounts["protein_oz_eq"] = 1 / NUT_BUTTER_OZ_EQ_G
            elif re.search(r"\bpeanuts?\b", text, re.IGNORECASE):
                amounts["protein_oz_eq"] = 1 / NUTS_OZ_EQ_G
            else:
                # 1/4 cup of cooked beans, tofu or hummus is 1 oz-eq; dry beans hold about
                # 2.5 times their weight when cooked (by their water).
                cooked_cup = per_cup if water_g >= 20 else per_cup * 2.5
                amounts["protein_oz_eq"] = 4 / cooked_cup
    elif sr_group == NUTS_AND_SEEDS and not _has(NUT_NOT, text):
        amounts["protein_oz_eq"] = 1 / (NUT_BUTTER_OZ_EQ_G if _has(NUT_BUTTER, text)
                                        else NUTS_OZ_EQ_G)
    elif sr_group in MEAT_GROUPS or sr_group == FISH:
        cooked = RAW_MEAT_COOKED_FRACTION if "raw" in text.lower() else 1.0
        amounts["protein_oz_eq"] = cooked / OZ_G
    elif sr_group == DAIRY_AND_EGG:
        if _has(EGG_PLAIN, text) and "egg" in text.lower():
            white = "white" in text.lower() and "whole" not in text.lower()
            amounts["protein_oz_eq"] = (0.5 if white else 1.0) / EGG_G
        elif _has(CHEESE, text) and not _has(CHEESE_NOT, text):
            if _has(COTTAGE, text):
                grams = COTTAGE_CHEESE_CUP_EQ_G
            elif _has(RICOTTA, text):
                grams = RICOTTA_CUP_EQ_G
            elif _has(PROCESSED_CHEESE, text):
                grams = PROCESSED_CHEESE_CUP_EQ_G
            else:
                grams = NATURAL_CHEESE_CUP_EQ_G
            amounts["dairy_cup_eq"] = 1 / grams
        elif _has(MILK_LIKE, text) and not _has(MILK_NOT, text):
            amounts["dairy_cup_eq"] = 1 / MILK_CUP_G
    elif sr_group in (GRAINS, CEREALS, BAKED):
        if sr_group == GRAINS:
            amounts["grains_oz_eq"] = (100 - water_g) / 100 / (DRY_GRAIN_SOLIDS * OZ_G)
        elif sr_group == CEREALS or _has(BREADLIKE, text):
            # A 1-oz slice of bread or 1 oz of ready-to-eat cereal is 1 oz-eq.
            amounts["grains_oz_eq"] = 1 / OZ_G
        if _has(WHOLE_GRAIN, text):
            amounts["whole_grains_oz_eq"] = amounts["grains_oz_eq"]
    return amounts


def cup_grams(measures: Mapping[str, float]) -> float | None:
    """Grams in one cup from SR28 household measures (``cup``, ``cup, chopped``...).

    The plainest cup measure wins: ``cup``, then a cup of pieces (chopped, sliced,
    diced), then any other (mashed or pureed food packs a cup more densely than the
    pieces a cup-equivalent means).
    """
    cups = {m: g for m, g in measures.items() if re.match(r"^cups?\b", m)}
    if not cups:
        return None

    def rank(measure: str) -> tuple[int, int, str]:
        if measure in ("cup", "cups"):
            return 0, 0, measure
        pieces = re.search(r"chopped|sliced|diced|pieces|cubes|halves|whole", measure)
        return (1 if pieces else 2), len(measure), measure

    return cups[min(cups, key=rank)]


# A main dish with its own grain (pasta, rice, a bun, a tortilla, a crust) is eaten
# without bread beside it. FNDDS's food-pattern amounts miss some crusts and doughs
# (cheese pizza, tortellini and quiche have 0 oz-eq of grain), so the grain-based
# WWEIA categories count whatever their amounts.
OWN_GRAIN_OZ_EQ_PER_100G = 0.15
GRAIN_DISH_CATEGORIES = frozenset({
    "Burgers (single code)", "Burritos and tacos", "Cheese sandwiches (single code)",
    "Chicken/turkey sandwiches (single code)", "Egg rolls, dumplings, sushi",
    "Egg/breakfast sandwiches (single code)", "Fried rice and lo/chow mein",
    "Macaroni and cheese", "Other Mexican mixed dishes", "Other sandwiches (single code)",
    "Pasta mixed dishes, excludes macaroni and cheese",
    "Peanut butter and jelly sandwiches (single code)", "Pizza", "Rice mixed dishes",
    "Seafood sandwiches (single code)", "Turnovers and other grain-based items",
})


def has_own_grain(category: str, grains_oz_eq_per_100g: float) -> bool:
    """Whether a dish carries its own grain, so that no bread goes beside it."""
    return (category in GRAIN_DISH_CATEGORIES
            or grains_oz_eq_per_100g >= OWN_GRAIN_OZ_EQ_PER_100G)


# A mixed dish made largely of a starch or of a meat or fish (red beans and rice, beef
# stew, chicken stir-fry) is also of that food's variety family: no side of rice the
# day a bean-and-rice dish is eaten, no steak the day of the beef stew. A vegetable
# dish made largely of leafy greens is of theirs: no spinach salad beside cooked
# spinach. SR28's
# description names the food, and its share of the recipe's weight (as eaten) decides;
# the first pattern a description matches counts. Rice noodles are noodles, not rice.
MADE_OF_FAMILIES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("rice", re.compile(r"^Rice, ")),
    ("pasta", re.compile(r"^(?:Pasta|Noodles|Rice noodles|Spaghetti|Macaroni|Tortellini)\b")),
    ("potato", re.compile(r"^Potatoes, ")),
    ("red_meat", re.compile(r"^(?:Beef|Pork|Lamb|Veal)\b")),
    ("poultry", re.compile(r"^(?:Chicken|Turkey)\b")),
    ("tuna", re.compile(r"^Fish, tuna")),
    ("fatty_fish", re.compile(r"^Fish, (?:salmon|mackerel|sardine|trout|herring)")),
    ("shellfish", re.compile(r"^(?:Crustaceans|Mollusks)\b")),
    ("white_fish", re.compile(r"^Fish, ")),
    ("leafy_greens", re.compile(r"^(?:Spinach|Kale|Chard|Collards|Beet greens|Mustard greens|"
                                r"Turnip greens)\b")),
)
MADE_OF_SHARE = 0.15


def made_of_families(ingredients: Iterable[tuple[str, float]]) -> list[str]:
    """The families a dish is largely made of, from (SR28 description, grams).

    >>> made_of_families([("Beans, kidney, red, mature seeds, cooked", 60.0),
    ...                   ("Rice, brown, long-grain, cooked", 40.0)])
    ['rice']
    """
    rows = list(ingredients)
    total = sum(g for _, g in rows)
    if total <= 0:
        return []
    share = dict.fromkeys((name for name, _ in MADE_OF_FAMILIES), 0.0)
    for description, g in rows:
        for name, pattern in MADE_OF_FAMILIES:
            if pattern.match(description):
                share[name] += g / total
                break
    return [name for name in share if share[name] >= MADE_OF_SHARE]


# Dry beans and chickpeas are soaked before they are cooked, overnight or at least
# 8 hours (USDA, "Dry beans", Food Safety and Inspection Service); lentils, split peas
# and black-eyed peas cook without it.
SOAK_HOURS = 8.0
SOAKED = re.compile(r"^(?:Beans|Chickpeas|Lima beans)\b.*\bmature seeds, raw")


def soak_hours(description: str) -> float | None:
    """Hours a purchase form is soaked before cooking, from its SR28 description.

    >>> soak_hours("Beans, black, mature seeds, raw"), soak_hours("Lentils, raw")
    (8.0, None)
    """
    return SOAK_HOURS if SOAKED.match(description) else None
