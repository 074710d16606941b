"""What a meal is: roles of foods, plate templates and portion ranges, as data.

Every food of a table with a ``role`` column plays one role (a main dish, a protein,
a starch, a fruit...). Each meal of a plan is an instance of one template of its
meal: a set of slots, each taking foods of some roles, between a least and a most
number of them. A food whose role no slot of the template takes cannot be in the
meal, which is how a topping comes only with its base (chia with oatmeal or yogurt,
never alone). The model builds its rows from these structures and the independent
checker verifies every meal against them, so both read one definition.

Tables without roles (``--foods full``, most users' own tables) get generic templates:
a number of items per meal and at most one drink, as before roles existed.

Default portion ranges per role are in servings of the food's own household measure
(one cup of cooked grain, one ounce of fish, one slice of bread); the built-in table
stores each food's resolved range (``portion_min``, ``portion_max``, ``portion_step``),
which a user's table may give too.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

PLANNED_MEALS: tuple[str, ...] = ("breakfast", "lunch", "dinner", "snack")


@dataclass(frozen=True)
class RoleRule:
    """How foods of one role are eaten."""

    label: str
    """What the role is, in words."""
    meals: frozenset[str]
    """Meals a food of this role goes into when the table does not say."""
    portion: tuple[float, float, float]
    """Default servings per meal: least, most, step."""
    max_days: int | None
    """Days of a week one food of this role may be on (None: as often as people do,
    like breakfasts, milk, fruit and bread)."""
    repeats_in_day: bool = False
    """Whether one food may be in two meals of a day (coffee, milk)."""
    family_once_a_day: bool = False
    """Whether a day has at most one food of a variety family of this role, in one
    meal: no beef at lunch and beef again at dinner, no chili and a side of beans."""
    day_servings: float | None = None
    """Servings a day of the foods of this role together, whatever kinds they are
    (None: no cap beyond each food's own ``max_servings``)."""
    young_day_servings: float | None = None
    """``day_servings`` at ages 9-18 (None: the same)."""


# A week has at least two kinds of breakfast: each on at most 4 of 7 days.
BREAKFAST_DAYS = 4
# Days of a 7-day week a variety family may be on, whatever its foods: red meat (beef,
# pork, lamb, and dishes made largely of them) on 3, the World Cancer Research Fund's
# "no more than about three portions a week". With a cap per food only, a man's week
# ate beef in some form on 7 of 7 days.
FAMILY_WEEK_DAYS: Mapping[str, int] = {"red_meat": 3}
# Cup-equivalents of vegetables and fruit a lunch or dinner is rewarded for, as a
# dietitian plates half a cup of them beside a main dish: a preference the objective
# pays for, not a rule.
MEAL_PRODUCE_CUPS: Mapping[str, float] = {"lunch": 0.5, "dinner": 0.5}


def _meals(text: str) -> frozenset[str]:
    return frozenset(text.split())


ROLES: Mapping[str, RoleRule] = {
    "main": RoleRule("main dish", _meals("lunch dinner"), (1, 2, 0.5), 3,
                     family_once_a_day=True),
    "breakfast_main": RoleRule("breakfast dish", _meals("breakfast"), (1, 2, 1), 3),
    "protein": RoleRule("meat, fish or tofu", _meals("lunch dinner"), (3, 6, 1), 3,
                        family_once_a_day=True),
    "eggs": RoleRule("eggs", _meals("breakfast"), (1, 3, 1), 4),
    "legume": RoleRule("beans, lentils or peas", _meals("lunch dinner"), (0.5, 1, 0.5), 3,
                       family_once_a_day=True),
    # Pasta at lunch and a pasta dish at dinner is one grain twice: a starch's family
    # (pasta, rice, potato) is also once a day, mains with that grain included.
    "starch": RoleRule("grain or potato", _meals("lunch dinner"), (0.5, 1.5, 0.5), 4,
                       family_once_a_day=True),
    "bread": RoleRule("bread", _meals("breakfast lunch dinner"), (1, 2, 1), None),
    "vegetable": RoleRule("vegetable", _meals("lunch dinner"), (0.5, 1.5, 0.5), 4),
    "fruit": RoleRule("fruit", _meals("breakfast lunch dinner snack"), (1, 1, 1), None),
    # A glass with lunch or dinner too (held to breakfast and snack, a week opened a
    # fourth 4-cup quart of soy milk for one cup), and at most two a day of all milks
    # together: at three, weeks had soy milk at every meal (21 glasses in a vegan
    # week); yogurt and cheese make the rest of the dairy group. At 9-18
    # three: calcium's RDA is then 1,300 mg, not 1,000 (IOM 2011).
    "milk": RoleRule("milk or fortified soy milk", _meals("breakfast lunch dinner snack"),
                     (1, 1, 1), None, repeats_in_day=True, day_servings=2,
                     young_day_servings=3),
    # One yogurt and one spread of a family a day: one tub, one cream cheese open.
    "yogurt": RoleRule("yogurt", _meals("breakfast snack"), (0.5, 1, 0.5), None,
                       family_once_a_day=True),
    "cheese": RoleRule("cheese", _meals("snack"), (1, 1.5, 0.5), 4),
    "cereal": RoleRule("breakfast cereal", _meals("breakfast"), (1, 1.5, 0.5), None),
    "hot_cereal": RoleRule("oatmeal or hot cereal", _meals("breakfast"), (1, 1.5, 0.5), None),
    "spread": RoleRule("spread", _meals("breakfast snack"), (1, 2, 1), None,
                       family_once_a_day=True),
    "topping": RoleRule("topping", _meals("breakfast"), (1, 2, 1), None),
    # Granola is eaten with milk or on yogurt, not on hot cereal like a topping; in two
    # breakfasts, it keeps to one breakfast's days, not 7 of 7.
    "granola": RoleRule("granola", _meals("breakfast"), (1, 2, 1), BREAKFAST_DAYS),
    "nuts": RoleRule("nuts or seeds", _meals("breakfast snack"), (0.5, 1, 0.5), None),
    "snack": RoleRule("snack", _meals("snack"), (1, 1, 1), 4),
    "sweet": RoleRule("sweet", _meals("snack"), (1, 1, 1), 3),
    "drink": RoleRule("drink", _meals("breakfast lunch dinner snack"), (1, 2, 1), None,
                      repeats_in_day=True),
    # Tables without roles: every food is "any" but drinks.
    "any": RoleRule("food", frozenset(PLANNED_MEALS), (0.5, 2, 0.5), None),
}
ROLE_NAMES: tuple[str, ...] = tuple(r for r in ROLES if r != "any")
YOUNG_AGES = range(9, 19)


def role_day_servings(age: int) -> dict[str, float]:
    """Servings a day of all foods of a role together, for the roles with a cap.

    >>> role_day_servings(35), role_day_servings(16)
    ({'milk': 2}, {'milk': 3})
    """
    return {r: (rule.young_day_servings if age in YOUNG_AGES and rule.young_day_servings
                else rule.day_servings)
            for r, rule in ROLES.items() if rule.day_servings is not None}


@dataclass(frozen=True)
class Slot:
    """Part of a template: between ``least`` and ``most`` foods of these roles."""

    name: str
    roles: frozenset[str]
    least: int
    most: int
    beside: str | None = None
    """Another slot of the template whose food this one's must go with (bread beside a
    main dish: see ``goes_beside``)."""


@dataclass(frozen=True)
class Template:
    """One way a meal is put together."""

    name: str
    """Identifier, e.g. ``oatmeal``."""
    meal: str
    """The meal it is a template of."""
    label: str
    """How it reads, e.g. ``Oatmeal bowl``."""
    slots: tuple[Slot, ...]
    max_days: int | None = None
    """Days of a 7-day week the meal may follow this template (None: any)."""

    def most_of(self, role: str) -> int:
        """How many foods of a role the template takes (0: none)."""
        return sum(s.most for s in self.slots if role in s.roles)

    def most_of_group(self, roles: frozenset[str]) -> int:
        """How many foods of these roles together the template takes at most.

        A food counts in every slot that takes its role (as in :meth:`matches`), so
        the most is found by trying counts per role within each slot's ``most``.
        """
        return _most_of_group(self, roles)

    def matches(self, roles: list[str]) -> bool:
        """Whether foods of these roles (one entry per food) make this template."""
        counts = {r: roles.count(r) for r in set(roles)}
        if any(self.most_of(r) == 0 for r in counts):
            return False
        return all(s.least <= sum(counts.get(r, 0) for r in s.roles) <= s.most
                   for s in self.slots)


@functools.cache
def _most_of_group(template: Template, roles: frozenset[str]) -> int:
    taken = sorted(r for r in roles if template.most_of(r) > 0)
    room = [s.most for s in template.slots]

    def best(i: int) -> int:
        if i == len(taken):
            return 0
        slots = [j for j, s in enumerate(template.slots) if taken[i] in s.roles]
        top = best(i + 1)
        n = 0
        while all(room[j] > 0 for j in slots):
            for j in slots:
                room[j] -= 1
            n += 1
            top = max(top, n + best(i + 1))
        for j in slots:
            room[j] += n
        return top

    return best(0)


def family_names(cell: object) -> tuple[str, ...]:
    """A ``family`` cell's families, ``;``-separated: the food's own first.

    >>> family_names("beans;rice")
    ('beans', 'rice')
    """
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return ()
    return tuple(name for name in (part.strip() for part in str(cell).split(";")) if name)


def _slot(name: str, roles: str, least: int, most: int, beside: str | None = None) -> Slot:
    return Slot(name, frozenset(roles.split()), least, most, beside)


DRINK_SLOT = _slot("drink", "drink", 0, 1)
_SIDES = (_slot("fruit", "fruit", 0, 1), _slot("milk", "milk", 0, 1), DRINK_SLOT)
_BREAKFAST = (
    Template("cereal", "breakfast", "Cereal with milk", (
        _slot("base", "cereal granola", 1, 1), _slot("milk", "milk", 1, 1),
        _slot("fruit", "fruit", 0, 1), _slot("topping", "topping nuts", 0, 1), DRINK_SLOT),
        BREAKFAST_DAYS),
    Template("oatmeal", "breakfast", "Oatmeal", (
        _slot("base", "hot_cereal", 1, 1), _slot("topping", "topping nuts", 0, 1), *_SIDES),
        BREAKFAST_DAYS),
    Template("toast", "breakfast", "Toast", (
        _slot("base", "bread", 1, 1), _slot("spread", "spread", 1, 1), *_SIDES),
        BREAKFAST_DAYS),
    Template("eggs", "breakfast", "Eggs", (
        _slot("base", "eggs", 1, 1), _slot("bread", "bread", 0, 1),
        _slot("vegetable", "vegetable", 0, 1), *_SIDES), BREAKFAST_DAYS),
    Template("yogurt", "breakfast", "Yogurt bowl", (
        _slot("base", "yogurt", 1, 1), _slot("topping", "topping nuts granola", 0, 2),
        _slot("fruit", "fruit", 0, 1), DRINK_SLOT), BREAKFAST_DAYS),
    Template("breakfast_dish", "breakfast", "Breakfast dish", (
        _slot("base", "breakfast_main", 1, 1), *_SIDES), BREAKFAST_DAYS),
)


def _lunch_or_dinner(meal: str) -> tuple[Template, ...]:
    return (
        Template("dish", meal, "A main dish", (
            _slot("main", "main", 1, 1), _slot("vegetable", "vegetable", 0, 1),
            _slot("bread", "bread", 0, 1, beside="main"), *_SIDES)),
        Template("plate", meal, "A plate", (
            _slot("protein", "protein legume", 1, 1),
            _slot("starch", "starch bread", 1, 1, beside="protein"),
            _slot("vegetable", "vegetable", 1, 2), *_SIDES)),
    )


_SNACKS = (
    Template("snack", "snack", "Snack", (
        _slot("food", "fruit nuts snack yogurt cheese sweet milk eggs", 1, 2),
        # Yogurt with fruit or nuts, cheese with crackers: not yogurt with cheese.
        _slot("dairy", "yogurt cheese milk", 0, 1), DRINK_SLOT)),
    Template("dip", "snack", "Dip", (
        _slot("spread", "spread", 1, 1), _slot("base", "vegetable fruit snack bread", 1, 1),
        DRINK_SLOT)),
)

TEMPLATES: Mapping[str, tuple[Template, ...]] = {
    "breakfast": _BREAKFAST,
    "lunch": _lunch_or_dinner("lunch"),
    "dinner": _lunch_or_dinner("dinner"),
    "snack": _SNACKS,
}
# Tables without roles: so many foods per meal (drinks aside), and at most one drink.
GENERIC_ITEMS: Mapping[str, tuple[int, int]] = {
    "breakfast": (1, 4), "lunch": (2, 5), "dinner": (2, 5), "snack": (1, 2),
}
GENERIC_TEMPLATES: Mapping[str, tuple[Template, ...]] = {
    meal: (Template("generic", meal, meal.capitalize(), (
        _slot("food", "any", least, most), DRINK_SLOT)),)
    for meal, (least, most) in GENERIC_ITEMS.items()
}
# A table without meal tags has one meal a day, with no structure.
NO_MEALS = "all"


# The starches a plate's protein of these families goes beside, by the starch's family:
# beans with rice, bread, tortillas or a baked potato, not on pasta; a veggie burger on
# a bun. Families not listed go beside any starch of their cuisine.
STARCHES_BESIDE: Mapping[str, frozenset[str]] = {
    family: frozenset(starches.split()) for family, starches in {
        "beans": "rice bread roll tortilla corn potato sweet_potato quinoa barley millet",
        "lentils": "rice bread pita flatbread bulgur quinoa barley millet",
        "chickpeas": "rice bread pita flatbread bulgur couscous quinoa",
        "soy": "rice quinoa millet barley buckwheat",
        "veggie_burger": "bread roll potato sweet_potato",
    }.items()}


def goes_beside(side_cuisine: str, side_family: str, main_cuisine: str, main_family: str,
                main_takes_bread: bool) -> bool:
    """Whether a side goes beside a main dish or protein: one eaten with bread, alike.

    Alike is of the same cuisine, or both of none. A dish with its own grain (pasta,
    rice, a bun, a tortilla) takes no bread; tortillas go with Mexican dishes and naan
    with curries, and sliced bread with neither. A protein of a family in
    ``STARCHES_BESIDE`` goes only beside the starches listed for it.
    """
    starches = STARCHES_BESIDE.get(main_family)
    return (main_takes_bread and side_cuisine == main_cuisine
            and (starches is None or side_family in starches))


def unpaired_sides(template: Template, roles: list[str], cuisine: list[str],
                   family: list[str], takes_bread: list[bool]) -> list[tuple[int, list[int]]]:
    """Foods of a slot with ``beside`` that go with no food of that slot.

    Each entry is the food's position and the positions of the foods it is beside.
    """
    by_name = {s.name: s for s in template.slots}
    found = []
    for slot in template.slots:
        if slot.beside is None:
            continue
        mains = [i for i, r in enumerate(roles) if r in by_name[slot.beside].roles]
        for i, r in enumerate(roles):
            if r in slot.roles and not any(
                    goes_beside(cuisine[i], family[i], cuisine[j], family[j], takes_bread[j])
                    for j in mains):
                found.append((i, mains))
    return found


def templates_for(meal: str, has_roles: bool) -> tuple[Template, ...]:
    """The templates a meal may follow."""
    return (TEMPLATES if has_roles else GENERIC_TEMPLATES)[meal]


def match_template(meal: str, roles: list[str], has_roles: bool) -> Template | None:
    """The first template of ``meal`` that foods of these roles make, or None."""
    return next((t for t in templates_for(meal, has_roles) if t.matches(roles)), None)


# --- Per-food rules, as arrays -----------------------------------------------------------

# Tables without roles: whole or half servings, where halving makes sense. Only a measure
# of volume or weight halves ("1 cup", "3 oz"); a piece ("1 medium", "1 slice") and a
# serving under 30 g (half a tablespoon of hummus) come whole.
HALVES_MIN_G = 30.0
DIVISIBLE_MEASURE = (r"(?i)^\s*[\d/.\s-]*\s*(?:cups?|tbsp|tablespoons?|tsp|teaspoons?|"
                     r"oz|ounces?|fl oz|g|grams?|ml|lb|serving)\b")
# ... at most two servings of a food in one meal, and three in a day.
GENERIC_MAX_SERVINGS_PER_MEAL = 2.0
DEFAULT_MAX_SERVINGS = 3.0
# Foods of tables without roles may be on at most so many days of a week (drinks and
# staples as often as wanted).
GENERIC_MAX_DAYS = 3
WEEK = 7


@dataclass(frozen=True)
class FoodRules:
    """Each food's role and portion limits, in the model's amount units."""

    role: np.ndarray
    """Role of each food (object array of str)."""
    unit_g: np.ndarray
    """Grams in one amount unit: a portion step (half a cup, one slice)."""
    least: np.ndarray
    """Fewest units of the food in a meal it is in."""
    most: np.ndarray
    """Most units in one meal."""
    day_most: np.ndarray
    """Most units in one day (inf: no cap beyond the meals')."""
    repeats: np.ndarray
    """Whether the food may be in several meals of one day (drinks, milk, staples)."""
    week_days: np.ndarray
    """Days of a 7-day week the food may be on (inf: any)."""
    family_once_a_day: np.ndarray
    """Whether the food's family is on the plate once a day at most (its role's rule)."""
    cuisine: np.ndarray
    """Each food's cuisine (object array of str; empty: none in particular)."""
    family: np.ndarray
    """Each food's own family (object array of str; empty: none): what it goes beside."""
    families: np.ndarray
    """Each food's families (object array of tuples of str): its own first, then those
    of what it is made of (``beans;rice``), each once a meal and, by role, once a day."""
    takes_bread: np.ndarray
    """Whether a main dish is eaten with bread beside it: all but those the table marks
    ``own_grain`` (pasta, rice, a bun, a tortilla)."""


def has_roles(frame: pd.DataFrame) -> bool:
    """Whether a table gives foods roles (and so plate templates apply)."""
    return "role" in frame.columns and bool(frame["role"].fillna("").ne("").any())


def food_rules(frame: pd.DataFrame, has_meals: bool = True,
               portion_scale: float = 1.0) -> FoodRules:
    """Roles and portion limits of every food of a table, in its row order.

    With roles, the table's ``portion_min``, ``portion_max`` and ``portion_step``
    (servings) apply, falling back to the role's defaults; without, the generic rule:
    whole or half servings, at most two a meal and ``max_servings`` (3) a day. A table
    without meal tags has one meal a day, which may hold the whole daily cap.

    ``portion_scale`` (below 1 for children) shrinks every range and daily cap, in
    whole steps and never below one step: half a cup or one egg stays possible.
    Above 1 (large energy needs) it raises the most a meal and a day may hold, in
    whole steps, and leaves the least as it is.
    """
    n = len(frame)
    serving_g = frame["serving_g"].to_numpy(float)
    max_servings = (frame["max_servings"].to_numpy(float) if "max_servings" in frame.columns
                    else np.full(n, np.nan))
    staple = (frame["staple"].fillna(False).to_numpy(bool) if "staple" in frame.columns
              else np.zeros(n, bool))
    if has_roles(frame):
        role = frame["role"].fillna("any").replace("", "any").to_numpy(object)
        defaults = np.array([ROLES[r].portion for r in role], float).reshape(n, 3)
        given = {c: (frame[c].to_numpy(float) if c in frame.columns else np.full(n, np.nan))
                 for c in ("portion_min", "portion_max", "portion_step")}
        low = np.where(np.isnan(given["portion_min"]), defaults[:, 0], given["portion_min"])
        high = np.where(np.isnan(given["portion_max"]), defaults[:, 1], given["portion_max"])
        step = np.where(np.isnan(given["portion_step"]), defaults[:, 2], given["portion_step"])
        repeats = np.array([ROLES[r].repeats_in_day for r in role], bool) | staple
        days = np.array([ROLES[r].max_days or np.inf for r in role], float)
        family_once = np.array([ROLES[r].family_once_a_day for r in role], bool)
    else:
        meals = frame["meals"] if "meals" in frame.columns else pd.Series([frozenset()] * n)
        drink = meals.map(lambda tags: "drink" in tags).to_numpy(bool)
        role = np.where(drink, "drink", "any").astype(object)
        desc = frame["serving_desc"].fillna("").astype(str)
        divisible = desc.str.contains(DIVISIBLE_MEASURE).to_numpy(bool)
        step = np.where(divisible & (serving_g >= HALVES_MIN_G), 0.5, 1.0)
        low = step
        high = np.full(n, GENERIC_MAX_SERVINGS_PER_MEAL)
        max_servings = np.where(np.isnan(max_servings), DEFAULT_MAX_SERVINGS, max_servings)
        repeats = drink | staple
        days = np.where(repeats, np.inf, float(GENERIC_MAX_DAYS))
        family_once = np.zeros(n, bool)
    least = np.maximum(1.0, np.floor(low * min(portion_scale, 1.0) / step + 1e-9))
    most = np.maximum(least, np.floor(high * portion_scale / step + 1e-9))
    day_most = np.where(np.isnan(max_servings), np.where(repeats, np.inf, most),
                        np.maximum(1.0, np.floor(max_servings * portion_scale / step + 1e-9)))
    if not has_meals:
        most = np.where(np.isfinite(day_most), day_most, most)
    # A meal holds no more than the day may.
    most = np.minimum(most, day_most)
    least = np.minimum(least, most)
    cuisine = (frame["cuisine"].fillna("").astype(str).to_numpy(object)
               if "cuisine" in frame.columns else np.full(n, "", object))
    families = np.empty(n, object)
    families[:] = ([family_names(c) for c in frame["family"].tolist()]
                   if "family" in frame.columns else [()] * n)
    family = np.array([names[0] if names else "" for names in families], object)
    takes_bread = (~frame["own_grain"].fillna(False).to_numpy(bool)
                   if "own_grain" in frame.columns else np.ones(n, bool))
    return FoodRules(role=role, unit_g=step * serving_g, least=least, most=most,
                     day_most=np.minimum(day_most, np.inf), repeats=repeats, week_days=days,
                     family_once_a_day=family_once, cuisine=cuisine, family=family,
                     families=families, takes_bread=takes_bread)


def days_allowed(week_days: float, plan_days: int, override: int | None) -> float:
    """Days of a plan a food may be on: its days per week, scaled to the plan's length."""
    if plan_days == 1:
        return np.inf
    if override is not None:
        return float(override) if math.isfinite(week_days) else np.inf
    if not math.isfinite(week_days):
        return np.inf
    return float(max(1, math.ceil(plan_days * week_days / WEEK)))
