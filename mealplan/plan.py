"""The plan a user gets: days of meals of items, with totals recomputed from the table."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import pandas as pd

from .prices import currency, price_per_100g
from .targets import Targets

if TYPE_CHECKING:
    from .foods import FoodTable

# Meals in eating order; a table without meal tags has one meal, "all".
MEAL_ORDER: tuple[str, ...] = ("breakfast", "lunch", "dinner", "snack", "all")

# One line on a terminal; reports add the longer MEDICAL_NOTE.
NOT_MEDICAL_ADVICE = "A planning aid, not medical advice: ask a doctor before changing your diet."
MEDICAL_NOTE = (
    "Talk to a doctor or dietitian before changing your diet, especially if you are "
    "pregnant, take medication or have kidney disease. The 350 mg/day upper limit for "
    "magnesium applies to supplements and medicines, not to food."
)


@dataclass(frozen=True)
class Ingredient:
    """What a dish is made of: one purchase form, in grams as bought."""

    food_id: str
    """The purchase form's id (an SR28 NDB number in the built-in table)."""
    name: str
    """Its shopping-list name, e.g. ``Lentils, dry``."""
    grams: float
    """Grams of it, as bought, in this item."""

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form."""
        return {"food_id": self.food_id, "name": self.name, "grams": self.grams}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Ingredient:
        """Inverse of :meth:`to_dict`."""
        return cls(str(data["food_id"]), str(data["name"]), float(data["grams"]))


@dataclass(frozen=True)
class Item:
    """One food in one meal, in grams and household servings."""

    food_id: str
    """The food's id in the food table (a 5-digit USDA NDB number for built-in foods)."""
    name: str
    """Display name from the food table."""
    grams: float
    """Edible grams eaten."""
    servings: float
    """``grams / serving_g``: whole or half servings unless amounts are continuous."""
    serving_desc: str
    """Household measure of one serving, e.g. ``1 cup, chopped``."""
    serving_g: float
    """Grams in one serving."""
    role: str | None = None
    """The food's role in the meal (``main``, ``fruit``...), when the table has roles."""
    ingredients: tuple[Ingredient, ...] = ()
    """A dish's ingredients as bought, for this item's amount (empty: bought as is)."""
    cost: float | None = None
    """What the item costs, ``grams / 100 x`` the food's price per 100 g (in the plan's
    ``currency``); None when the food has no price."""
    cooked_on: int | None = None
    """For a dish cooked in a batch: the 1-based day it was cooked (this day, or an
    earlier one for leftovers); see :attr:`Plan.prep`."""

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form."""
        data: dict[str, Any] = {
            "food_id": self.food_id,
            "name": self.name,
            "grams": self.grams,
            "servings": self.servings,
            "serving_desc": self.serving_desc,
            "serving_g": self.serving_g,
            "cost": self.cost,
        }
        if self.role is not None:
            data["role"] = self.role
        if self.ingredients:
            data["ingredients"] = [i.to_dict() for i in self.ingredients]
        if self.cooked_on is not None:
            data["cooked_on"] = self.cooked_on
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Item:
        """Inverse of :meth:`to_dict`."""
        return cls(
            food_id=str(data["food_id"]),
            name=str(data["name"]),
            grams=float(data["grams"]),
            servings=float(data["servings"]),
            serving_desc=str(data["serving_desc"]),
            serving_g=float(data["serving_g"]),
            role=None if data.get("role") is None else str(data["role"]),
            ingredients=tuple(Ingredient.from_dict(i) for i in data.get("ingredients", ())),
            cost=None if data.get("cost") is None else float(data["cost"]),
            cooked_on=None if data.get("cooked_on") is None else int(data["cooked_on"]),
        )


@dataclass(frozen=True)
class Meal:
    """A named meal of a day; ``name`` is ``all`` when the table has no meal tags."""

    name: str
    """``breakfast``, ``lunch``, ``dinner``, ``snack``, or ``all``."""
    items: tuple[Item, ...]
    """Items in a stable order (by role in the template, then largest energy first)."""
    template: str | None = None
    """The plate template the meal follows (``oatmeal``, ``plate``...), if any."""

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form."""
        data: dict[str, Any] = {"name": self.name, "items": [i.to_dict() for i in self.items]}
        if self.template is not None:
            data["template"] = self.template
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Meal:
        """Inverse of :meth:`to_dict`."""
        template = data.get("template")
        return cls(str(data["name"]), tuple(Item.from_dict(i) for i in data["items"]),
                   None if template is None else str(template))


def _json_number(value: float) -> float | None:
    return None if math.isnan(value) else value


@dataclass(frozen=True)
class Day:
    """One day of a plan."""

    number: int
    """1-based day number."""
    meals: tuple[Meal, ...]
    """Meals in eating order."""
    totals: Mapping[str, float]
    """Food-only totals per nutrient column of the table, recomputed from it.

    A food whose value is unknown adds nothing; such nutrients are listed in
    ``unknown`` so a view can say the total is at least this much.
    """
    unknown: tuple[str, ...] = ()
    """Nutrients for which some food of the day has no value (sorted)."""

    @property
    def items(self) -> tuple[Item, ...]:
        """Every item of the day, meal by meal."""
        return tuple(i for m in self.meals for i in m.items)

    @property
    def cost(self) -> float:
        """What the priced items cost; at least the day's cost when some are not."""
        return math.fsum(i.cost for i in self.items if i.cost is not None)

    @property
    def unpriced(self) -> tuple[str, ...]:
        """Names of the day's foods without a price (sorted, each once)."""
        return tuple(sorted({i.name for i in self.items if i.cost is None}))

    def to_dict(self, priced: bool = False) -> dict[str, Any]:
        """Plain-JSON form; unknown totals become ``null``; with ``priced``, the cost."""
        data = {
            "day": self.number,
            "meals": [m.to_dict() for m in self.meals],
            "totals": {k: _json_number(v) for k, v in self.totals.items()},
            "unknown_in_totals": list(self.unknown),
        }
        if priced:
            data.update(cost=self.cost, unpriced=list(self.unpriced))
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Day:
        """Inverse of :meth:`to_dict`."""
        totals = {k: math.nan if v is None else float(v) for k, v in data["totals"].items()}
        return cls(int(data["day"]), tuple(Meal.from_dict(m) for m in data["meals"]), totals,
                   tuple(data.get("unknown_in_totals", ())))


@dataclass(frozen=True)
class Plan:
    """A solved, checked plan and what it was asked to meet."""

    days: tuple[Day, ...]
    """The days, in order."""
    targets: Targets
    """The resolved targets every day was planned against."""
    status: str
    """Solver status, one of ``SolveStatus`` values (``optimal``, ``within_gap``...)."""
    foods: str
    """Which food table: ``default``, ``full`` or the user's file name."""
    objective: str = "default"
    """The objective that was optimised."""
    gap: float | None = None
    """Relative gap to the best bound, when the solver reports one."""
    seconds: float | None = None
    """Wall time of build and solve."""
    request: Mapping[str, Any] = field(default_factory=dict)
    """The plan request in plain form (diet, allergens, exclusions...), for reports."""
    notes: tuple[str, ...] = ()
    """Warnings and explanations to show the user (e.g. supplement above the UL)."""
    currency: str | None = None
    """What costs are in (``2017-2018 U.S. dollars`` for the built-in prices); None
    when the food table has no prices, and the plan shows no costs."""
    purchases: tuple[Purchase, ...] = ()
    """What the week buys, in whole packages (tables with packages, like the built-in
    default); empty when the table sells no packages."""
    prep: tuple[PrepStep, ...] = ()
    """Every cooking of a batch dish, in cooking order, including those eaten at the
    one meal they are cooked for (the checker replays them all)."""
    caps_lifted_from: int | None = None
    """The day (1-based) from which the week bought past ``--max-items`` and
    ``--max-meat-fish`` because no plan within them was found; the plan's notes say so
    and the checker holds the week to every other rule."""

    @property
    def batches(self) -> tuple[PrepStep, ...]:
        """Dishes cooked once for two or more meals."""
        return batch_steps(self.prep)

    @property
    def prep_list(self) -> tuple[PrepStep, ...]:
        """The prep list: batches, and dishes whose beans soak the night before."""
        return prep_list(self.prep)

    @property
    def things_bought(self) -> tuple[Purchase, ...]:
        """What the week buys, staples aside: the things ``--max-items`` counts."""
        return tuple(p for p in self.purchases
                     if not p.staple and (p.packages or p.grams_bought) > 0)

    @property
    def waste(self) -> tuple[float, float]:
        """Perishable grams left unused at the week's end, and perishable grams bought.

        Staples aside, as the caps on things bought count them.
        """
        perishable = [p for p in self.purchases if p.perishable and not p.staple]
        return (math.fsum(p.grams_left for p in perishable),
                math.fsum(p.grams_bought for p in perishable))

    @property
    def cost(self) -> float:
        """What the plan's priced items cost, all days together."""
        return math.fsum(d.cost for d in self.days)

    @property
    def unpriced(self) -> tuple[str, ...]:
        """Names of the plan's foods without a price (sorted, each once)."""
        return tuple(sorted({n for d in self.days for n in d.unpriced}))

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form, the format of ``--format json`` and ``mealplan shopping``.

        ``cost`` and ``unpriced`` of the plan and its days are derived from the items'
        costs, for readers of the JSON; ``from_dict`` recomputes them.
        """
        priced = {} if self.currency is None else {
            "currency": self.currency, "cost": self.cost, "unpriced": list(self.unpriced)}
        return {
            "mealplan_plan": 1,
            "status": self.status,
            "objective": self.objective,
            **priced,
            "gap": self.gap,
            "seconds": self.seconds,
            "foods": self.foods,
            "request": dict(self.request),
            "targets": self.targets.to_dict(),
            "days": [d.to_dict(priced=self.currency is not None) for d in self.days],
            **({"purchases": [p.to_dict() for p in self.purchases]} if self.purchases else {}),
            **({"prep": [p.to_dict() for p in self.prep]} if self.prep else {}),
            **({"caps_lifted_from": self.caps_lifted_from}
               if self.caps_lifted_from is not None else {}),
            "notes": list(self.notes),
            "disclaimer": f"{NOT_MEDICAL_ADVICE} {MEDICAL_NOTE}",
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Plan:
        """Inverse of :meth:`to_dict`."""
        return cls(
            days=tuple(Day.from_dict(d) for d in data["days"]),
            targets=Targets.from_dict(data["targets"]),
            status=str(data["status"]),
            foods=str(data["foods"]),
            objective=str(data.get("objective", "default")),
            gap=data.get("gap"),
            seconds=data.get("seconds"),
            request=dict(data.get("request", {})),
            notes=tuple(data.get("notes", ())),
            currency=data.get("currency"),
            purchases=tuple(Purchase.from_dict(p) for p in data.get("purchases", ())),
            prep=tuple(PrepStep.from_dict(p) for p in data.get("prep", ())),
            caps_lifted_from=data.get("caps_lifted_from"),
        )


@dataclass(frozen=True)
class Purchase:
    """What the week buys of one purchase form, in whole packages of what shops sell."""

    purchase_id: str
    """The purchase form's id (an SR28 NDB number in the built-in table)."""
    name: str
    """Its shopping-list name, e.g. ``Black beans, canned``."""
    aisle: str
    """Shop aisle."""
    staple: bool
    """Kept at home (salt, oil, spices): a list may leave it out."""
    package: str | None
    """The unit a shop sells, e.g. ``15-oz can`` or ``piece``; None: sold by weight."""
    package_g: float | None
    """Grams in one package, as bought."""
    packages: int | None
    """Whole packages bought; None when sold by weight."""
    grams_bought: float
    """Grams bought: ``packages x package_g``, or what the plan uses when sold by weight."""
    grams_used: float
    """Grams the plan uses, as bought."""
    perishable: bool
    """Whether what is left at the week's end is thrown away (see mealplan.kitchen)."""
    days: tuple[int, ...]
    """1-based days that use it."""
    cost: float | None = None
    """What buying it costs, ``grams_bought / 100 x`` its price; None without a price."""
    larger: tuple[tuple[str, int], ...] = ()
    """Larger packages it is also sold in, each with how many ``package`` it holds
    (``("quart", 2)`` for milk sold by the pint): the list buys the fewest packages."""

    @property
    def grams_left(self) -> float:
        """Bought and not used."""
        return max(0.0, self.grams_bought - self.grams_used)

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form."""
        return {"purchase_id": self.purchase_id, "name": self.name, "aisle": self.aisle,
                "staple": self.staple, "package": self.package, "package_g": self.package_g,
                "packages": self.packages, "grams_bought": self.grams_bought,
                "grams_used": self.grams_used, "perishable": self.perishable,
                "days": list(self.days), "cost": self.cost,
                "larger": [{"package": words, "packages": n} for words, n in self.larger]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Purchase:
        """Inverse of :meth:`to_dict`."""
        def number(key: str) -> float | None:
            return None if data.get(key) is None else float(data[key])

        packages = data.get("packages")
        return cls(str(data["purchase_id"]), str(data["name"]), str(data["aisle"]),
                   bool(data["staple"]), None if data.get("package") is None
                   else str(data["package"]), number("package_g"),
                   None if packages is None else int(packages), float(data["grams_bought"]),
                   float(data["grams_used"]), bool(data["perishable"]),
                   tuple(int(d) for d in data["days"]), number("cost"),
                   tuple((str(size["package"]), int(size["packages"]))
                         for size in data.get("larger") or ()))


def batch_steps(prep: Iterable[PrepStep]) -> tuple[PrepStep, ...]:
    """Dishes cooked once for two or more meals (the day views say so beside them)."""
    return tuple(s for s in prep if len(s.meals) >= 2)


def prep_list(prep: Iterable[PrepStep]) -> tuple[PrepStep, ...]:
    """The steps a prep list shows: batches, and dishes whose beans soak the night before.

    A dish cooked for one meal with nothing to do ahead is part of that meal; JSON
    keeps every step.
    """
    return tuple(s for s in prep if len(s.meals) >= 2 or s.soak)


@dataclass(frozen=True)
class Soak:
    """A purchase form soaked before a dish is cooked: dry beans, the night before."""

    purchase_id: str
    name: str
    """The purchase form's name (``Chickpeas, dry``)."""
    grams: float
    """Grams of it, as bought (dry)."""
    hours: float
    """Hours it soaks, at least."""

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form."""
        return {"purchase_id": self.purchase_id, "name": self.name, "grams": self.grams,
                "hours": self.hours}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Soak:
        """Inverse of :meth:`to_dict`."""
        return cls(str(data["purchase_id"]), str(data["name"]), float(data["grams"]),
                   float(data["hours"]))


@dataclass(frozen=True)
class PrepStep:
    """A dish cooked once, in a batch, for this and later meals."""

    day: int
    """1-based day it is cooked."""
    food_id: str
    """The dish."""
    name: str
    """Its name."""
    grams: float
    """Grams cooked (as eaten)."""
    servings: float
    """Servings cooked, in the dish's own serving."""
    meals: tuple[tuple[int, str], ...]
    """The (1-based day, meal) it is eaten at, in order."""
    soak: tuple[Soak, ...] = ()
    """What is soaked for it beforehand (dry beans and chickpeas)."""

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form."""
        return {"day": self.day, "food_id": self.food_id, "name": self.name,
                "grams": self.grams, "servings": self.servings,
                "meals": [{"day": d, "meal": m} for d, m in self.meals],
                **({"soak": [s.to_dict() for s in self.soak]} if self.soak else {})}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PrepStep:
        """Inverse of :meth:`to_dict`."""
        return cls(int(data["day"]), str(data["food_id"]), str(data["name"]),
                   float(data["grams"]), float(data["servings"]),
                   tuple((int(m["day"]), str(m["meal"])) for m in data["meals"]),
                   tuple(Soak.from_dict(s) for s in data.get("soak", ())))


class CookedBatch(Protocol):
    """What a solver cooked: grams of a batch dish on a day, and the meals it fed."""

    @property
    def day(self) -> int: ...  # noqa: D102
    @property
    def food_id(self) -> str: ...  # noqa: D102
    @property
    def grams(self) -> float: ...  # noqa: D102
    @property
    def meals(self) -> tuple[tuple[int, str, float], ...]: ...  # noqa: D102


class ChosenAmount(Protocol):
    """What a solver chose: grams of a food in a meal of a day (0-based)."""

    @property
    def day(self) -> int: ...  # noqa: D102
    @property
    def meal(self) -> str: ...  # noqa: D102
    @property
    def food_id(self) -> str: ...  # noqa: D102
    @property
    def grams(self) -> float: ...  # noqa: D102


def day_totals(foods: FoodTable, items: Iterable[Item]) -> tuple[dict[str, float], tuple[str, ...]]:
    """Totals of every nutrient column over items, and the nutrients with unknowns."""
    items = list(items)
    nutrients = list(foods.nutrients)
    if not items:
        return dict.fromkeys(nutrients, 0.0), ()
    per_100g = foods.frame.loc[[i.food_id for i in items], nutrients].to_numpy(float)
    grams = np.array([i.grams for i in items]) / 100
    known = ~np.isnan(per_100g)
    sums = (np.where(known, per_100g, 0.0) * grams[:, None]).sum(axis=0)
    totals = {n: float(v) for n, v in zip(nutrients, sums, strict=True)}
    unknown = tuple(sorted(n for n, k in zip(nutrients, known.all(axis=0), strict=True)
                           if not k))
    return totals, unknown


def dish_ingredients(foods: FoodTable) -> dict[str, list[tuple[str, str, float]]]:
    """Per dish, its ingredients as bought: (purchase_id, name, grams per 100 g eaten).

    Only foods made of two or more purchase forms count as dishes; a banana is bought
    as a banana.
    """
    if foods.ingredients is None or foods.purchases is None:
        return {}
    names = foods.purchases["name"]
    grams = foods.ingredients.groupby(["food_id", "purchase_id"], sort=True)["purchase_g"].sum()
    dishes: dict[str, list[tuple[str, str, float]]] = {}
    for key, g in grams.items():
        fid, pid = (str(part) for part in key)  # type: ignore[attr-defined]  # two levels
        dishes.setdefault(fid, []).append((pid, str(names.get(pid, pid)), float(g)))
    return {fid: sorted(parts, key=lambda p: -p[2]) for fid, parts in dishes.items()
            if len(parts) > 1}


def plan_from_solution(amounts: Iterable[ChosenAmount], foods: FoodTable, targets: Targets,
                       days: int, templates: Mapping[tuple[int, str], str] | None = None,
                       prices: Mapping[str, float] | None = None,
                       packages: Mapping[str, float] | None = None,
                       cooking: Iterable[CookedBatch] = (),
                       **details: Any) -> Plan:
    """Assemble a Plan from chosen amounts, with totals computed from the food table.

    Args:
        amounts: Grams per day, meal and food, as the solver chose them.
        foods: The food table the amounts refer to.
        targets: The targets the plan was made for.
        days: Number of days in the plan (days without amounts stay empty).
        templates: The template each (0-based day, meal) follows, if known.
        prices: Price per 100 g by food_id, NaN or absent for foods without one; each
            item's ``cost`` comes from it. By default the table's ``price`` column,
            and the plan's ``currency`` the table's.
        packages: Whole packages bought per purchase id (grams for forms sold by
            weight), when the week was planned with its shopping; they become
            :attr:`Plan.purchases`.
        cooking: Batch dishes cooked (0-based days), which become :attr:`Plan.prep`.
        **details: Further Plan fields: status, objective, gap, seconds, request, notes,
            currency, caps_lifted_from.
    """
    frame = foods.frame
    roles = frame["role"] if "role" in frame.columns else None
    recipes = dish_ingredients(foods)
    if prices is None:
        prices = {str(k): float(v) for k, v in price_per_100g(foods).dropna().items()}
        details.setdefault("currency", currency(foods))
    cooking = list(cooking)
    cooked_on = {(d, meal, c.food_id): c.day + 1 for c in cooking for d, meal, _ in c.meals}
    by_day: dict[int, dict[str, list[Item]]] = {d: {} for d in range(days)}
    amounts = list(amounts)
    for a in amounts:
        row: Any = frame.loc[a.food_id]  # one row: food_id is the unique index
        serving_g = float(row["serving_g"])
        role = None if roles is None or not roles[a.food_id] else str(roles[a.food_id])
        item = Item(
            food_id=a.food_id,
            name=str(row["name"]),
            grams=a.grams,
            servings=round(a.grams / serving_g, 3),
            serving_desc=str(row["serving_desc"]),
            serving_g=serving_g,
            role=role,
            ingredients=tuple(Ingredient(pid, name, round(g * a.grams / 100, 1))
                              for pid, name, g in recipes.get(a.food_id, ())),
            cost=_item_cost(a.grams, prices, a.food_id),
            cooked_on=cooked_on.get((a.day, a.meal, a.food_id)),
        )
        by_day[a.day].setdefault(a.meal, []).append(item)
    energy = frame["energy_kcal"] if "energy_kcal" in frame.columns else None
    plan_days = []
    for d in range(days):
        meals = []
        for name in sorted(by_day[d], key=_meal_rank):
            items = by_day[d][name]
            if energy is not None:
                items.sort(key=lambda i: (_role_rank(i.role),
                                          -_nan0(energy[i.food_id]) * i.grams, i.food_id))
            template = (templates or {}).get((d, name))
            meals.append(Meal(name, tuple(items), template))
        all_items = [i for m in meals for i in m.items]
        totals, unknown = day_totals(foods, all_items)
        plan_days.append(Day(d + 1, tuple(meals), totals, unknown))
    soaks = _soak_hours(foods)
    prep = tuple(PrepStep(c.day + 1, c.food_id, str(frame.at[c.food_id, "name"]), c.grams,
                          round(c.grams / _number(frame.at[c.food_id, "serving_g"]), 3),
                          tuple((d + 1, meal) for d, meal, _ in c.meals),
                          _soaked(foods, soaks, c.food_id, c.grams)) for c in cooking)
    purchases = () if not packages else purchases_of(foods, packages, amounts, cooking)
    return Plan(days=tuple(plan_days), targets=targets, foods=foods.source, purchases=purchases,
                prep=prep, **details)


def _soak_hours(foods: FoodTable) -> dict[str, float]:
    """Hours each purchase form that soaks before cooking soaks, by purchase id."""
    table = foods.purchases
    if table is None or "soak_hours" not in table.columns:
        return {}
    hours = table["soak_hours"].astype(float)
    return {str(pid): float(h) for pid, h in hours[hours.notna()].items()}


def _soaked(foods: FoodTable, soaks: Mapping[str, float], food_id: str,
            grams: float) -> tuple[Soak, ...]:
    """What cooking so many grams of a food soaks beforehand, by its purchase forms."""
    from .basket import purchase_use

    if not soaks:
        return ()
    assert foods.purchases is not None  # a table whose forms soak sells them
    bought = purchase_use(foods, (), [(0, food_id, grams)])
    return tuple(Soak(pid, str(foods.purchases.at[pid, "name"]), round(per_day[0], 1),
                      soaks[pid])
                 for pid, per_day in bought.items() if pid in soaks and per_day[0] > 0)


def purchases_of(foods: FoodTable, packages: Mapping[str, float],
                 amounts: Iterable[ChosenAmount],
                 cooking: Iterable[CookedBatch]) -> tuple[Purchase, ...]:
    """What the week buys, in whole packages, with what it uses and what it costs."""
    from .basket import purchase_use
    from .kitchen import keeping
    from .packages import larger_sizes

    table = foods.purchases
    assert table is not None
    cooking = list(cooking)
    use = purchase_use(foods, [(a.day, a.food_id, a.grams) for a in amounts],
                       [(c.day, c.food_id, c.grams) for c in cooking])
    found = []
    for pid in sorted(set(packages) | set(use), key=lambda p: str(table.at[p, "name"])):
        row = table.loc[pid]
        size = _number(row["package_g"])
        used = math.fsum(use.get(pid, {}).values())
        by_package = not math.isnan(size)
        n = int(round(packages.get(pid, 0.0))) if by_package else None
        bought = n * size if n is not None else used
        price = float(row["price"]) if "price" in row and not pd.isna(row["price"]) else math.nan
        found.append(Purchase(
            purchase_id=pid, name=str(row["name"]), aisle=str(row["aisle"]),
            staple=bool(row["staple"]), package=str(row["package"]) if by_package else None,
            package_g=size if by_package else None, packages=n, grams_bought=bought,
            grams_used=used,
            perishable=keeping({str(k): v for k, v in row.to_dict().items()}).perishable,
            days=tuple(sorted(d + 1 for d, g in use.get(pid, {}).items() if g > 0)),
            cost=None if math.isnan(price) else bought * price / 100,
            larger=larger_sizes(str(row.get("larger", "") or "")) if by_package else ()))
    return tuple(found)


# Items of a meal read base first: the main or the cereal, then sides, fruit, drinks.
_ROLE_ORDER = ("main", "breakfast_main", "protein", "eggs", "legume", "hot_cereal", "cereal",
               "granola", "yogurt", "bread", "starch", "vegetable", "spread", "topping", "nuts",
               "cheese", "snack", "sweet", "fruit", "milk", "drink")


def _role_rank(role: str | None) -> int:
    return _ROLE_ORDER.index(role) if role in _ROLE_ORDER else len(_ROLE_ORDER)


def _item_cost(grams: float, prices: Mapping[str, float] | None, food_id: str) -> float | None:
    price = None if prices is None else prices.get(food_id)
    if price is None or math.isnan(price):
        return None
    return grams / 100 * float(price)


def _meal_rank(meal: str) -> tuple[int, str]:
    return (MEAL_ORDER.index(meal) if meal in MEAL_ORDER else len(MEAL_ORDER), meal)


def _nan0(value: float) -> float:
    return 0.0 if math.isnan(value) else float(value)


def read_plan(path: str) -> Plan:
    """Read a plan saved with ``--format json`` (``-`` reads stdin).

    The file is validated against the plan schema first (:mod:`mealplan.planfile`).

    Raises:
        InputError: The file is not JSON or not a mealplan plan.
    """
    from .planfile import load_plan_data

    return Plan.from_dict(load_plan_data(path))


def _number(value: object) -> float:
    """A table cell as a float (NaN stays NaN)."""
    return float(value)  # type: ignore[arg-type]  # a numeric cell
