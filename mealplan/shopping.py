"""Shopping lists: what to buy for a plan, in the amounts a shop sells, minus the pantry.

A plan says how much of each food is *eaten*; a shop sells the *purchase item*. The
food table links them (see :class:`mealplan.foods.FoodTable`):

- ``purchase_id`` names the purchase item; foods sharing it merge (raw and cooked
  spinach are bought as spinach). A food without one is its own purchase item.
- ``purchase_yield`` is grams eaten per gram of the purchase item's edible part
  (cooked rice from dry rice: 3.16); missing means 1.
- ``purchase_refuse_pct`` is the inedible share of what is bought (banana peel: 36);
  missing means 0. Grams as bought = eaten / yield / (1 - refuse / 100).
- ``piece_g`` is the *edible* grams of one piece, as USDA household weights give them
  (a medium banana is 118 g without its peel); with it the list counts pieces.

Pantry amounts (:func:`read_pantry`) are weights as bought (what a kitchen scale
shows, peel included), volumes of what is measured as bought (``2 tbsp`` of olive
oil, ``2 cups`` of milk) or counts of pieces (``2 bananas``); a unit that does not fit
the item (``500 ml`` of bananas, ``2 mangoes`` of bananas) is refused.

A plan made on a table that sells packages (the built-in default) says what the week
buys in whole packages (:attr:`mealplan.plan.Plan.purchases`); its list is those
packages, ``Black beans, canned: 2 cans (15 oz) · uses 1¾``, and the pantry takes
off whole and opened packages (``1 can``, ``half a bag``, ``6 eggs`` of a dozen,
``2 cups`` of a quart of milk), so what is left to buy is again whole packages.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import pandas as pd

from .errors import InputError, Where
from .files import read_input, unneutralise_cell
from .foods import FoodTable
from .kitchen import covered_g
from .packages import (
    PackageUnit,
    fraction_text,
    package_unit,
    pantry_grams,
    use_text,
    volume_text,
)
from .plan import Plan, PrepStep, Purchase
from .quantity import AMOUNT_EXAMPLES, Quantity, parse_quantity, singular_of, volume_ml

__all__ = ["OTHER_AISLE", "Pantry", "PantryItem", "Quantity", "ShoppingItem", "ShoppingList",
           "days_text", "grams_text", "packages_to_buy", "parse_quantity", "read_pantry",
           "shopping_list"]

OTHER_AISLE = "other"
"""Aisle of purchase items whose foods name none; it sorts last."""

# Below this many grams an item is fully covered (float noise, not food).
_EPSILON_G = 1e-6
# A saved list's packages cell and its quantity agree within this share (``2 lb`` of
# 1-lb packages weighs 907 g, two packages of 454 g 908 g).
_PACKAGES_AGREE = 0.02


@dataclass(frozen=True)
class ShoppingItem:
    """One thing to buy, totalled over every day of the plan."""

    purchase_id: str
    """The purchase item's id (a food_id of the table, or the food's own id)."""
    name: str
    """What to look for in the shop, e.g. ``Rice, white, long-grain, dry``."""
    aisle: str
    """Store aisle as the table names it (``produce``), ``other`` when it names none."""
    grams: float
    """Grams to buy as sold (peel and all), before rounding."""
    count: int | None
    """Pieces to buy when the table gives a piece weight, else None."""
    unit_text: str
    """The amount as a shopper reads it: ``3 bananas``, ``190 g``, ``1.2 kg``."""
    days: tuple[int, ...]
    """Days of the plan that use it."""
    staple: bool
    """A kitchen staple (salt, oil, spices) that most people already have."""
    cost: float | None = None
    """What buying it costs, less the pantry's share (whole packages when sold in
    packages); None when it has no price."""
    grams_used: float = math.nan
    """Grams the plan uses of it, as bought, before the pantry's share."""
    grams_bought: float = math.nan
    """Grams to buy: the whole packages' weight when sold in packages, else ``grams``."""
    package: str | None = None
    """The unit a shop sells it in (``15-oz can``) when the plan buys whole packages;
    None when it is sold by weight or the plan says nothing of packages."""
    package_g: float | None = None
    """Grams in one package, as bought."""
    packages: int | None = None
    """Whole packages to buy, less the pantry's; None without a package."""
    use_text: str = ""
    """What the plan uses of what is bought: ``uses 1¾``, ``all used``, ``8 used, 4
    left``; empty without a package."""
    pantry_text: str = ""
    """What the pantry holds of it: ``1 in the pantry``, ``300 g in the pantry``."""

    def to_dict(self, priced: bool = False) -> dict[str, Any]:
        """Plain-JSON form; with ``priced``, the cost too."""
        data: dict[str, Any] = {
            "purchase_id": self.purchase_id,
            "name": self.name,
            "aisle": self.aisle,
            "grams": round(self.grams, 1),
            "count": self.count,
            "quantity": self.unit_text,
            "days": list(self.days),
            "staple": self.staple,
            "grams_used": round(self.grams_used, 1),
            "grams_bought": round(self.grams_bought, 1),
        }
        if self.package is not None or self.use_text or self.pantry_text:
            data.update(package=self.package, package_g=self.package_g,
                        packages=self.packages, use=self.use_text, in_pantry=self.pantry_text)
        return {**data, "cost": self.cost} if priced else data


@dataclass(frozen=True)
class ShoppingList:
    """What to buy for a plan, sorted by aisle and then name."""

    items: tuple[ShoppingItem, ...]
    """Items to buy, sorted by aisle (``other`` last) and name."""
    days: int
    """Number of days of the plan."""
    foods: str
    """The food table the amounts come from."""
    covered: tuple[str, ...] = ()
    """Names of items the pantry fully covers, left off the list."""
    skipped_staples: tuple[str, ...] = ()
    """Names of staples left off because ``skip_staples`` was set."""
    unmatched: tuple[str, ...] = ()
    """Pantry entries that match nothing in the plan (a typo shows up here)."""
    currency: str | None = None
    """What costs are in, as the plan says; None when the plan has no prices."""
    prep: tuple[PrepStep, ...] = ()
    """The plan's prep list: dishes cooked in batches, in cooking order."""
    in_packages: bool = False
    """Whether the list is of whole packages (the plan was made with its shopping)."""

    @property
    def cost(self) -> float:
        """What the priced items cost together (at least the list's cost, see unpriced)."""
        return math.fsum(i.cost for i in self.items if i.cost is not None)

    @property
    def unpriced(self) -> tuple[str, ...]:
        """Names of items without a price."""
        return tuple(i.name for i in self.items if i.cost is None)

    def by_aisle(self) -> list[tuple[str, tuple[ShoppingItem, ...]]]:
        """Items grouped by aisle, in list order."""
        groups: dict[str, list[ShoppingItem]] = {}
        for item in self.items:
            groups.setdefault(item.aisle, []).append(item)
        return [(aisle, tuple(items)) for aisle, items in groups.items()]

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form, the format of ``mealplan shopping --format json``."""
        return {
            "mealplan_shopping": 1,
            "foods": self.foods,
            "days": self.days,
            "items": [i.to_dict(priced=self.currency is not None) for i in self.items],
            "covered_by_pantry": list(self.covered),
            "skipped_staples": list(self.skipped_staples),
            "unmatched_pantry": list(self.unmatched),
            **({} if self.currency is None else {
                "currency": self.currency, "cost": self.cost,
                "unpriced": list(self.unpriced)}),
            **({"prep": [p.to_dict() for p in self.prep]} if self.prep else {}),
        }


@dataclass(frozen=True)
class PantryItem:
    """One row of a pantry file: something already at home."""

    item: str
    """The name or purchase_id as written."""
    purchase_id: str | None
    """The purchase_id column, when the file is a saved shopping list."""
    amount: Quantity
    """What is at home: grams or millilitres as bought, or a count of pieces or packages."""
    row: int
    """1-based data row, for messages."""
    packages: float | None = None
    """The ``packages`` cell of a saved shopping list, when filled beside a quantity; it
    must agree with the quantity once the package is known."""


@dataclass(frozen=True)
class Pantry:
    """What is already at home, read by :func:`read_pantry`."""

    items: tuple[PantryItem, ...]
    """The rows, in file order."""
    file: str | None = None
    """The file name as given, for messages."""


@dataclass
class _Purchase:
    """A purchase item being totalled."""

    purchase_id: str
    name: str
    aisle: str
    staple: bool
    piece_g: float | None
    piece_name: str | None
    piece_plural: str | None
    keys: set[str]
    g_per_ml: float | None = None
    """Grams as bought in a millilitre, from a household measure of a food bought as
    eaten (olive oil's ``1 tbsp``); None when no such measure is known."""
    edible_g: float = 0.0
    bought_g: float = 0.0
    days: set[int] = field(default_factory=set)
    cost: float | None = 0.0
    """Cost of the plan's items bought as this; None once one has no price."""


def shopping_list(plan: Plan, foods: FoodTable, pantry: Pantry | None = None,
                  skip_staples: bool = False) -> ShoppingList:
    """Total what a plan needs per purchase item, less what the pantry holds.

    Args:
        plan: The plan, e.g. read back with ``Plan.from_dict``.
        foods: The food table the plan was made from (``plan.foods`` names it).
        pantry: What is already at home; partial amounts are taken off, and items it
            fully covers drop off the list.
        skip_staples: Leave out staples (salt, oil, spices).

    Returns:
        The list, grouped by aisle and sorted by aisle and then name.

    Raises:
        InputError: A food of the plan is not in the table, or a pantry row gives
            pieces for something sold by weight.

    Example:
        >>> shop = shopping_list(plan, foods)               # doctest: +SKIP
        >>> [(i.name, i.unit_text) for i in shop.items]     # doctest: +SKIP
        [('Bananas', '3 bananas'), ('Rice, white, long-grain, dry', '190 g')]

    """
    if plan.purchases:
        return _package_list(plan, pantry, skip_staples)
    purchases = _totals(plan, foods)
    have, unmatched = _pantry_edible_g(pantry, purchases) if pantry else ({}, ())
    items: list[ShoppingItem] = []
    covered: list[str] = []
    skipped: list[str] = []
    for p in purchases.values():
        if skip_staples and p.staple:
            skipped.append(p.name)
            continue
        # Refuse is per food; the ratio keeps merged foods' mix when subtracting.
        ratio = p.bought_g / p.edible_g
        edible = max(0.0, p.edible_g - have.get(p.purchase_id, 0.0))
        if edible <= _EPSILON_G:
            covered.append(p.name)
            continue
        # What is left to buy costs its share of what the plan eats of it.
        cost = None if p.cost is None else p.cost * edible / p.edible_g
        items.append(_item(p, edible, edible * ratio, cost))
    return _finished(plan, items, covered, skipped, unmatched, in_packages=False)


def _finished(plan: Plan, items: list[ShoppingItem], covered: list[str], skipped: list[str],
              unmatched: tuple[str, ...], in_packages: bool) -> ShoppingList:
    """The list, by aisle and name, with what the pantry covered and what was left out."""
    items.sort(key=lambda i: (i.aisle == OTHER_AISLE, i.aisle.casefold(), i.name.casefold()))
    return ShoppingList(
        items=tuple(items),
        days=len(plan.days),
        foods=plan.foods,
        covered=tuple(sorted(covered, key=str.casefold)),
        skipped_staples=tuple(sorted(skipped, key=str.casefold)),
        unmatched=unmatched,
        currency=plan.currency,
        prep=plan.prep,
        in_packages=in_packages,
    )


def _package_list(plan: Plan, pantry: Pantry | None, skip_staples: bool) -> ShoppingList:
    """The list of a plan that bought whole packages: those packages, less the pantry."""
    purchases = {p.purchase_id: p for p in plan.purchases if p.grams_bought > 0}
    units = {pid: package_unit(p.package, p.name, p.larger) for pid, p in purchases.items()
             if p.package is not None}
    have, unmatched = (_pantry_package_g(pantry, purchases, units) if pantry
                       else ({}, ()))
    items: list[ShoppingItem] = []
    covered: list[str] = []
    skipped: list[str] = []
    for p in purchases.values():
        if skip_staples and p.staple:
            skipped.append(p.name)
            continue
        item = _package_item(p, units.get(p.purchase_id), have.get(p.purchase_id, 0.0))
        if item is None:
            covered.append(p.name)
        else:
            items.append(item)
    return _finished(plan, items, covered, skipped, unmatched, in_packages=True)


def packages_to_buy(packages: int, package_g: float, used_g: float, have_g: float) -> int:
    """Whole packages still to buy when the pantry holds ``have_g`` grams.

    A pantry amount stands in for as many packages as it could fill (half a bag for
    at most one bag), and only while what is bought and at home still covers what
    the plan uses. With nothing at home the plan's own packages are bought, also when
    it bought more than its grams need (a package that would spoil before a later day).

    >>> packages_to_buy(2, 425, 740, 425), packages_to_buy(2, 284, 500, 142)
    (1, 2)
    """
    if have_g <= _EPSILON_G:
        return packages
    can_fill = math.ceil(have_g / package_g - 1e-9)
    # Packages cover a little more than their weight, as the plan buys them.
    still_covered = math.floor(packages + have_g / package_g
                               - used_g / covered_g(package_g) + 1e-9)
    return packages - max(0, min(packages, can_fill, still_covered))


def _package_item(p: Purchase, unit: PackageUnit | None, have_g: float) -> ShoppingItem | None:
    """One line of a list in packages, or None when the pantry covers it."""
    need = max(0.0, p.grams_used - have_g)
    aisle = p.aisle or OTHER_AISLE
    days = tuple(sorted(p.days))
    if unit is None or p.packages is None or not p.package_g:
        # Sold by weight: bought as used, less the pantry's.
        if need <= _EPSILON_G:
            return None
        share = need / p.grams_used if p.grams_used > 0 else 1.0
        return ShoppingItem(
            purchase_id=p.purchase_id, name=p.name, aisle=aisle, grams=need, count=None,
            unit_text=grams_text(need), days=days, staple=p.staple,
            cost=None if p.cost is None else p.cost * share, grams_used=p.grams_used,
            grams_bought=need, pantry_text=_pantry_text(have_g, None, None))
    n = packages_to_buy(p.packages, p.package_g, p.grams_used, have_g)
    if n == 0:
        return None
    return ShoppingItem(
        purchase_id=p.purchase_id, name=p.name, aisle=aisle, grams=need,
        count=n if unit.pieces == 1 and unit.multiple == 1.0 else None,
        unit_text=unit.count_text(n), days=days, staple=p.staple,
        cost=None if p.cost is None else p.cost * n / p.packages,
        grams_used=p.grams_used, grams_bought=n * p.package_g, package=p.package,
        package_g=p.package_g, packages=n,
        use_text=use_text(unit, p.package_g, p.grams_used, n * p.package_g + have_g),
        pantry_text=_pantry_text(have_g, unit, p.package_g))


def _pantry_text(have_g: float, unit: PackageUnit | None, package_g: float | None) -> str:
    """``1 in the pantry``, ``3 eggs in the pantry``, ``2 cups in the pantry``."""
    if have_g <= _EPSILON_G:
        return ""
    if unit is None or not package_g:
        return f"{round(have_g):g} g in the pantry"
    if unit.volume_ml:
        # A liquid says how much, as its use does: "1" would count pints or quarts.
        return f"{volume_text(have_g / package_g * unit.volume_ml, unit.metric)} in the pantry"
    if unit.pieces and unit.pieces > 1:
        pieces = have_g / package_g * unit.pieces
        word = unit.piece_words[0] if round(pieces) == 1 else unit.piece_words[1]
        return f"{fraction_text(pieces)} {word} in the pantry"
    return f"{fraction_text(max(0.25, have_g / package_g) * unit.multiple)} in the pantry"


def _item(p: _Purchase, edible_g: float, bought_g: float, cost: float | None) -> ShoppingItem:
    count = None
    if p.piece_g:
        count = max(1, _ceil(edible_g / p.piece_g))
        noun = (p.piece_name or "piece") if count == 1 else (p.piece_plural or "pieces")
        text = f"{count} {noun}"
    else:
        text = grams_text(bought_g)
    return ShoppingItem(
        purchase_id=p.purchase_id, name=p.name, aisle=p.aisle, grams=bought_g, count=count,
        unit_text=text, days=tuple(sorted(p.days)), staple=p.staple, cost=cost,
        grams_used=p.bought_g, grams_bought=bought_g,
    )


def grams_text(grams: float) -> str:
    """Grams rounded up the way a shop sells them.

    Whole grams below 10 g, tens of grams below 1 kg, tenths of a kilogram above.

    >>> grams_text(185.13), grams_text(3.2), grams_text(1234), grams_text(995)
    ('190 g', '4 g', '1.3 kg', '1 kg')
    """
    if grams < 10:
        return f"{max(1, _ceil(grams))} g"
    tens = 10 * _ceil(grams / 10)
    if tens < 1000:
        return f"{tens} g"
    tenths = _ceil(grams / 100) / 10
    return f"{tenths:g} kg"


def _ceil(value: float) -> int:
    # 585 / 3.16 * 3.16 can land a hair above a whole number; do not round that up.
    return math.ceil(value - 1e-9)


def _clean(value: object) -> str | None:
    if value is None or pd.isna(cast(Any, value)):
        return None
    text = str(value).strip()
    return text or None


def _text(row: Mapping[str, Any] | pd.Series, column: str) -> str | None:
    return _clean(row.get(column))


def _positive(row: Mapping[str, Any] | pd.Series, column: str) -> float | None:
    value = row.get(column)
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def _totals(plan: Plan, foods: FoodTable) -> dict[str, _Purchase]:
    frame = foods.frame
    missing = sorted({(i.food_id, i.name) for d in plan.days for i in d.items
                      if i.food_id not in frame.index})
    if missing:
        errors = [InputError(f"food {fid} ({name}) of the plan is not in the {foods.source} "
                             "food table; use the table the plan was made with")
                  for fid, name in missing]
        raise InputError(errors[0].problem, more=errors[1:])
    if foods.ingredients is not None and foods.purchases is not None:
        return _ingredient_totals(plan, foods)
    pid_of = _purchase_ids(frame)
    purchases: dict[str, _Purchase] = {}
    for day in plan.days:
        for item in day.items:
            if not item.grams > 0:
                continue
            row = _row(frame, item.food_id)
            pid = pid_of[item.food_id]
            p = purchases.get(pid)
            if p is None:
                p = purchases[pid] = _new_purchase(pid, frame, pid_of)
            p.keys.update(k.casefold() for k in (item.food_id, str(row["name"])))
            edible = item.grams / (_positive(row, "purchase_yield") or 1.0)
            refuse = _positive(row, "purchase_refuse_pct") or 0.0
            p.edible_g += edible
            p.bought_g += edible / (1 - refuse / 100) if refuse < 100 else edible
            p.days.add(day.number)
            p.cost = None if p.cost is None or item.cost is None else p.cost + item.cost
    return purchases


def _ingredient_totals(plan: Plan, foods: FoodTable) -> dict[str, _Purchase]:
    """Totals for a table whose foods are recipes: each ingredient's purchase form."""
    assert foods.ingredients is not None and foods.purchases is not None
    recipes = {fid: list(zip(g["purchase_id"], g["purchase_g"], strict=True))
               for fid, g in foods.ingredients.groupby("food_id", sort=False)}
    shop = foods.purchases
    purchases: dict[str, _Purchase] = {}
    for day in plan.days:
        for item in day.items:
            if not item.grams > 0:
                continue
            for pid, per_100g in recipes.get(item.food_id, ()):
                p = purchases.get(pid)
                if p is None:
                    row = _row(shop, pid)
                    by_piece = _text(row, "package") == "piece"
                    refuse = _positive(row, "refuse_pct") or 0.0
                    piece_g = (_positive(row, "package_g") or 0.0) * (1 - refuse / 100)
                    name = str(row["name"])
                    plural = name.split(",")[0].lower()
                    keys = {pid.casefold(), name.casefold()}
                    if by_piece:  # "banana" names bananas sold by the piece
                        keys.update((singular_of(plural), plural))
                    p = purchases[pid] = _Purchase(
                        purchase_id=pid, name=name, aisle=_text(row, "aisle") or OTHER_AISLE,
                        staple=bool(row["staple"]), piece_g=piece_g if by_piece else None,
                        piece_name=singular_of(plural), piece_plural=plural, keys=keys)
                bought = per_100g * item.grams / 100
                refuse = _positive(_row(shop, pid), "refuse_pct") or 0.0
                price = (float(cast(float, shop.at[pid, "price"])) if "price" in shop.columns
                         else math.nan)
                p.cost = (None if p.cost is None or math.isnan(price)
                          else p.cost + bought * price / 100)
                p.bought_g += bought
                p.edible_g += bought * (1 - refuse / 100)
                p.days.add(day.number)
    # A food that is one purchase form eaten as bought (as many grams bought as eaten,
    # nothing thrown away) measures that form by volume.
    for fid, parts in recipes.items():
        if len(parts) != 1 or (p := purchases.get(parts[0][0])) is None or p.g_per_ml:
            continue
        if (math.isclose(parts[0][1], 100.0, rel_tol=0.005)
                and not _positive(_row(shop, p.purchase_id), "refuse_pct")):
            p.g_per_ml = _g_per_ml(_row(foods.frame, str(fid)))
    return purchases


def _row(frame: pd.DataFrame, key: str) -> pd.Series[Any]:
    """One row of a table indexed by unique ids."""
    row = frame.loc[key]
    assert isinstance(row, pd.Series)
    return row


def _purchase_ids(frame: pd.DataFrame) -> dict[str, str]:
    """food_id -> purchase id; a food without one is its own purchase item."""
    if "purchase_id" not in frame.columns:
        return {str(fid): str(fid) for fid in frame.index}
    return {str(fid): _clean(v) or str(fid) for fid, v in frame["purchase_id"].items()}


def _new_purchase(pid: str, frame: pd.DataFrame, pid_of: Mapping[str, str]) -> _Purchase:
    # The purchase item's own row describes it when the table has one; then the member
    # foods, by food_id.
    ids = [pid] if pid in frame.index else []
    ids += sorted(fid for fid, other in pid_of.items() if other == pid and fid != pid)
    rows = [_row(frame, fid) for fid in ids]

    def first(column: str) -> str | None:
        return next((v for r in rows if (v := _text(r, column))), None)

    piece_g = next((v for r in rows if (v := _positive(r, "piece_g"))), None)
    staple = any(_text(r, "staple") is not None and bool(r["staple"]) for r in rows)
    name = first("purchase_name") or first("name") or pid
    piece_name, piece_plural = first("piece_name"), first("piece_plural")
    keys = {pid.casefold(), name.casefold()}
    keys.update(k.casefold() for k in (piece_name, piece_plural) if k)
    # Only a food eaten as bought (no cooking, no peel) measures what is bought.
    as_bought = [r for r in rows if (_positive(r, "purchase_yield") or 1.0) == 1.0
                 and not _positive(r, "purchase_refuse_pct")]
    return _Purchase(
        purchase_id=pid, name=name, aisle=first("aisle") or OTHER_AISLE, staple=staple,
        piece_g=piece_g, piece_name=piece_name, piece_plural=piece_plural, keys=keys,
        g_per_ml=next((g for r in as_bought if (g := _g_per_ml(r))), None),
    )


def _g_per_ml(row: Mapping[str, Any] | pd.Series) -> float | None:
    """Grams in a millilitre of a food whose serving is a volume (``1 tbsp``), else None."""
    ml = volume_ml(_text(row, "serving_desc") or "")
    grams = _positive(row, "serving_g")
    return grams / ml if ml and grams else None


def _pantry_edible_g(pantry: Pantry, purchases: Mapping[str, _Purchase]
                     ) -> tuple[dict[str, float], tuple[str, ...]]:
    have: dict[str, float] = {}
    unmatched: list[str] = []
    errors: list[InputError] = []
    tiers = {pid: (p.keys,) for pid, p in purchases.items()}
    names = {pid: p.name for pid, p in purchases.items()}
    for entry in pantry.items:
        try:
            pid = _pantry_match(entry, pantry.file, names, tiers)
        except InputError as exc:
            errors.append(exc)
            continue
        if pid is None:
            unmatched.append(entry.item)
            continue
        try:
            edible = _entry_edible_g(entry, purchases[pid], pantry.file)
        except InputError as exc:
            errors.append(exc)
            continue
        have[pid] = have.get(pid, 0.0) + edible
    if errors:
        raise InputError(errors[0].problem, errors[0].where, more=errors[1:])
    return have, tuple(unmatched)


def _entry_edible_g(entry: PantryItem, p: _Purchase, file: str | None) -> float:
    """Edible grams a pantry row means for one purchase item of a list by weight."""
    amount = entry.amount
    where = Where(file, entry.row, "quantity")
    # Refuse is per food; the ratio keeps merged foods' mix.
    edible_share = p.edible_g / p.bought_g
    if amount.unit == "g":
        return amount.value * edible_share
    if amount.unit == "ml":
        if p.g_per_ml is None:
            raise InputError(_no_volume(p.name, amount, counted=p.piece_g is not None), where)
        return amount.value * p.g_per_ml * edible_share
    if p.piece_g is None:
        raise InputError(f"{p.name} is bought by weight; give an amount like 500 g instead of "
                         f"{amount.value:g} {amount.word or 'pieces'}", where)
    words = {w.casefold() for w in (p.piece_name, p.piece_plural) if w}
    if amount.word and amount.word not in words:
        example = f"2 {p.piece_plural}" if p.piece_plural else "2 pieces"
        raise InputError(f"unknown unit {amount.word!r} for {p.name}; expected a weight "
                         f"(500 g) or a count (2, {example})", where)
    return amount.value * p.piece_g


def _no_volume(name: str, amount: Quantity, counted: bool) -> str:
    """The refusal of a volume for something no measure says the density of."""
    instead = "a weight (500 g) or a count (2)" if counted else "a weight (500 g)"
    return (f"{name} cannot be measured by volume as bought (no cup or spoon measure of "
            f"it is known); expected {instead}, got {amount}")


def _pantry_package_g(pantry: Pantry, purchases: Mapping[str, Purchase],
                      units: Mapping[str, PackageUnit]
                      ) -> tuple[dict[str, float], tuple[str, ...]]:
    """Grams as bought the pantry holds of each purchase of a plan in packages."""
    have: dict[str, float] = {}
    unmatched: list[str] = []
    errors: list[InputError] = []
    names = {pid: p.name for pid, p in purchases.items()}
    tiers = {pid: _package_keys(p, units.get(pid)) for pid, p in purchases.items()}
    for entry in pantry.items:
        try:
            pid = _pantry_match(entry, pantry.file, names, tiers)
            if pid is None:
                unmatched.append(entry.item)
                continue
            grams = _entry_package_g(entry, purchases[pid], units.get(pid), pantry.file)
        except InputError as exc:
            errors.append(exc)
            continue
        have[pid] = have.get(pid, 0.0) + grams
    if errors:
        raise InputError(errors[0].problem, errors[0].where, more=errors[1:])
    return have, tuple(unmatched)


def _package_keys(p: Purchase, unit: PackageUnit | None) -> tuple[set[str], set[str]]:
    """Names a pantry row may give a purchase by, strictest first.

    Its id and full name, then looser names: ``black beans`` for ``Black beans,
    canned``, ``banana`` for bananas sold by the piece.
    """
    loose = {p.name.split(",")[0].strip().casefold()}
    if unit is not None and unit.pieces == 1:
        loose.update(unit.piece_words)
    return {p.purchase_id.casefold(), p.name.casefold()}, loose


def _entry_package_g(entry: PantryItem, p: Purchase, unit: PackageUnit | None,
                     file: str | None) -> float:
    """Grams as bought a pantry row means for one purchase of a plan in packages."""
    amount = entry.amount
    where = Where(file, entry.row, "quantity")
    if unit is None or not p.package_g:
        if amount.unit == "ml":
            raise InputError(_no_volume(p.name, amount, counted=False), where)
        if amount.unit != "g":
            raise InputError(f"{p.name} is bought by weight; give an amount like 500 g "
                             f"instead of {str(amount)!r}", where)
        return amount.value
    try:
        grams = pantry_grams(amount, unit, p.package_g)
    except ValueError as exc:
        raise InputError(f"{p.name}: {exc}", where) from exc
    if entry.packages is not None:
        packed = entry.packages * p.package_g
        if abs(grams - packed) > _PACKAGES_AGREE * max(grams, packed, p.package_g):
            raise InputError(
                f"quantity says {str(amount)!r} but packages says {entry.packages:g}: "
                "change one and clear the other cell (quantity is the one meant for editing)",
                Where(file, entry.row, "packages"))
    return grams


def _pantry_match(entry: PantryItem, file: str | None, names: Mapping[str, str],
                  tiers: Mapping[str, tuple[set[str], ...]]) -> str | None:
    """The purchase id a pantry row means, or None when it means nothing on the list.

    A ``purchase_id`` cell decides; else the item is matched as a purchase id, then by
    each tier of names in turn (strictest first), and must match one purchase.

    Raises:
        InputError: The item matches several purchases.
    """
    pid = _known_id(entry.purchase_id, names)
    if pid is not None:
        return pid
    key = entry.item.casefold()
    exact = [p for p in names if key == p.casefold()]
    if exact:
        return exact[0]
    depth = max((len(t) for t in tiers.values()), default=0)
    for level in range(depth):
        matches = [p for p, t in tiers.items() if level < len(t) and key in t[level]]
        if len(matches) == 1:
            return matches[0]
        if matches:
            ids = ", ".join(f"{p} ({names[p]})" for p in matches)
            raise InputError(f"{entry.item!r} matches several items: {ids}; write the "
                             "purchase_id instead", Where(file=file, row=entry.row,
                                                          column="item"))
    return None


def _known_id(purchase_id: str | None, purchases: Mapping[str, object]) -> str | None:
    """The purchase id as the list has it, also when a spreadsheet dropped its zeros.

    A spreadsheet reads ``09040`` as the number 9040 and saves it so; USDA ids have
    five digits, so the zeros are put back before giving up.
    """
    if not purchase_id:
        return None
    if purchase_id in purchases:
        return purchase_id
    padded = purchase_id.zfill(5)
    return padded if purchase_id.isdigit() and padded in purchases else None


def read_pantry(path: str | Path) -> Pantry:
    """Read what is already at home from a CSV file.

    Two layouts work: a shopping list saved with ``--format csv`` (edit it down to
    what is left), or a hand-written file with an ``item`` column (a name or
    purchase_id, matched case-insensitively) and a ``quantity`` column, read by
    :func:`mealplan.quantity.parse_quantity`: a weight as bought (``500 g``, ``0.5
    kg``, ``12 oz``, ``1 lb``), a volume (``250 ml``, ``1 l``, ``2 cups``, ``2 tbsp``,
    ``1 tsp``, ``8 fl oz``) or a count (``2``, ``3 pcs``, ``2 bananas``; for things
    bought in packages also ``2 cans``, ``half a bag``, ``1/2 bag``, ``6 eggs``).
    Whether the units fit the item is checked by :func:`shopping_list`: a volume
    needs a liquid sold by volume or a cup or spoon measure of the food as bought, a
    count word must name the item's pieces or packages. In a saved list the
    ``quantity`` column is the one to edit; when its ``grams``, ``count`` or
    ``packages`` cell is also filled, the two must agree, and without a quantity
    those cells say the amount. Commas, semicolons or tabs separate cells.

    Args:
        path: The file, or ``-`` for stdin; its name is used in messages.

    Returns:
        The pantry rows.

    Raises:
        InputError: The file cannot be read, lacks the columns, or rows are bad; every
            bad row is reported.

    Example:
        >>> pantry = read_pantry("pantry.csv")              # doctest: +SKIP

    """
    name = str(path)
    try:
        text = read_input(path, "--pantry").decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("expected a UTF-8 text file", Where(file=name)) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    columns = {(c or "").strip().casefold(): c for c in reader.fieldnames or ()}
    if "item" not in columns or not ({"quantity", "grams", "count", "packages"}
                                      & columns.keys()):
        found = ", ".join(c for c in columns if c) or "nothing"
        raise InputError(f"expected columns item and quantity, found {found}",
                         Where(file=name, row=0))
    items: list[PantryItem] = []
    errors: list[InputError] = []
    for raw in reader:
        # line_num counts the blank lines DictReader skips, as a spreadsheet does.
        number = reader.line_num - 1
        row = {key: _unneutralise(raw.get(col)) for key, col in columns.items()}
        if not any(row.values()):
            continue
        extra = raw.get(None)
        if extra and any(cell.strip() for cell in extra):
            errors.append(InputError(
                f"{len(columns) + len(extra)} cells but the header has {len(columns)}; put "
                "a cell with a comma in double quotes, or write decimals with a dot",
                Where(file=name, row=number)))
            continue
        try:
            items.append(_pantry_row(row, number, name))
        except InputError as exc:
            errors.append(exc)
    if errors:
        raise InputError(errors[0].problem, errors[0].where, more=errors[1:])
    return Pantry(items=tuple(items), file=name)


def _unneutralise(value: str | None) -> str:
    # Undo neutralise_cell, so a saved list reads back the names it was written with.
    return unneutralise_cell((value or "").strip())


def _pantry_row(row: Mapping[str, str], number: int, file: str) -> PantryItem:
    def where(column: str) -> Where:
        return Where(file=file, row=number, column=column)

    item = row.get("item", "")
    if not item:
        raise InputError("expected the name or purchase_id of a food", where("item"))
    quantity = row.get("quantity", "")
    amount: Quantity | None = None
    if quantity:
        try:
            amount = parse_quantity(quantity)
        except ValueError as exc:
            raise InputError(str(exc), where("quantity")) from exc
    cells = {c: _number_cell(row, c, where) for c in ("packages", "count", "grams")}
    packages, count, grams = cells["packages"], cells["count"], cells["grams"]
    pid = row.get("purchase_id") or None
    if amount is None:
        # Without a quantity a saved list's other cells say what is at home: its
        # packages, else its count, else its grams (what is still needed, by weight).
        if packages is not None:
            amount = Quantity(packages, "pieces", "packages")
        elif count is not None:
            amount = Quantity(count, "pieces")
        elif grams is not None:
            amount = Quantity(grams, "g")
        else:
            raise InputError(f"expected an amount like {AMOUNT_EXAMPLES}", where("quantity"))
        return PantryItem(item=item, purchase_id=pid, amount=amount, row=number)
    for column, value in (("grams", grams), ("count", count)):
        if value is not None and not _agrees(column, value, amount, packages):
            raise InputError(
                f"quantity says {quantity!r} but {column} says {row[column]}: change one and "
                "clear the other cell (quantity is the one meant for editing)", where(column))
    # The packages cell is checked against the quantity once the package is known.
    return PantryItem(item=item, purchase_id=pid, amount=amount, row=number, packages=packages)


def _number_cell(row: Mapping[str, str], column: str, where: Any) -> float | None:
    cell = row.get(column, "")
    if not cell:
        return None
    try:
        value = float(cell)
    except ValueError:
        value = math.nan
    if not value >= 0:
        raise InputError(f"expected a number >= 0, got {cell!r}", where(column))
    return value


def _agrees(column: str, value: float, amount: Quantity, packages: float | None) -> bool:
    # A saved list writes quantity from grams (rounded up) or count; unedited rows agree.
    # In a list of packages the quantity counts packages, which the packages cell
    # checks once the package is known; grams is then what the plan needs.
    if column == "count":
        return amount.unit != "pieces" or math.isclose(value, amount.value)
    if packages is not None or amount.unit != "g":
        return True  # grams of a package list, or of pieces, only inform
    return grams_text(value) == grams_text(amount.value)


def days_text(days: Iterable[int]) -> str:
    """Day numbers, with runs of three or more as ranges: ``1-3, 5, 6``.

    >>> days_text([1, 2, 3, 5, 6])
    '1-3, 5, 6'
    """
    runs: list[list[int]] = []
    for d in sorted(set(days)):
        if runs and d == runs[-1][-1] + 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    parts = [f"{r[0]}-{r[-1]}" if len(r) >= 3 else ", ".join(map(str, r)) for r in runs]
    return ", ".join(parts)
