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

Pantry amounts are as bought (what a kitchen scale shows, peel included) or pieces.
"""

from __future__ import annotations

import csv
import io
import math
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import InputError, Where
from .files import unneutralise_cell
from .foods import FoodTable
from .plan import Plan

OTHER_AISLE = "other"
"""Aisle of purchase items whose foods name none; it sorts last."""

# Grams of one unit a pantry file may use; ounces and pounds are avoirdupois.
_UNIT_GRAMS: Mapping[str, float] = {
    "g": 1.0, "gr": 1.0, "gram": 1.0, "grams": 1.0,
    "kg": 1000.0, "kgs": 1000.0, "kilo": 1000.0, "kilos": 1000.0,
    "kilogram": 1000.0, "kilograms": 1000.0,
    "oz": 28.349523125, "ounce": 28.349523125, "ounces": 28.349523125,
    "lb": 453.59237, "lbs": 453.59237, "pound": 453.59237, "pounds": 453.59237,
}
_QUANTITY = re.compile(r"^\s*(?P<number>\d+(?:\.\d*)?|\.\d+)\s*(?P<unit>.*?)\s*$")
# Below this many grams an item is fully covered (float noise, not food).
_EPSILON_G = 1e-6


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

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form."""
        return {
            "purchase_id": self.purchase_id,
            "name": self.name,
            "aisle": self.aisle,
            "grams": round(self.grams, 1),
            "count": self.count,
            "quantity": self.unit_text,
            "days": list(self.days),
            "staple": self.staple,
        }


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
            "items": [i.to_dict() for i in self.items],
            "covered_by_pantry": list(self.covered),
            "skipped_staples": list(self.skipped_staples),
            "unmatched_pantry": list(self.unmatched),
        }


@dataclass(frozen=True)
class PantryItem:
    """One row of a pantry file: something already at home."""

    item: str
    """The name or purchase_id as written."""
    purchase_id: str | None
    """The purchase_id column, when the file is a saved shopping list."""
    grams: float | None
    """Grams at home, as bought; None when given in pieces."""
    count: float | None
    """Pieces at home; None when given in grams."""
    row: int
    """1-based data row, for messages."""


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
    edible_g: float = 0.0
    bought_g: float = 0.0
    days: set[int] = field(default_factory=set)


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
        items.append(_item(p, edible, edible * ratio))
    items.sort(key=lambda i: (i.aisle == OTHER_AISLE, i.aisle.casefold(), i.name.casefold()))
    return ShoppingList(
        items=tuple(items),
        days=len(plan.days),
        foods=plan.foods,
        covered=tuple(sorted(covered, key=str.casefold)),
        skipped_staples=tuple(sorted(skipped, key=str.casefold)),
        unmatched=unmatched,
    )


def _item(p: _Purchase, edible_g: float, bought_g: float) -> ShoppingItem:
    count = None
    if p.piece_g:
        count = max(1, _ceil(edible_g / p.piece_g))
        noun = (p.piece_name or "piece") if count == 1 else (p.piece_plural or "pieces")
        text = f"{count} {noun}"
    else:
        text = grams_text(bought_g)
    return ShoppingItem(
        purchase_id=p.purchase_id, name=p.name, aisle=p.aisle, grams=bought_g, count=count,
        unit_text=text, days=tuple(sorted(p.days)), staple=p.staple,
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
    if value is None or pd.isna(value):
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
    pid_of = _purchase_ids(frame)
    purchases: dict[str, _Purchase] = {}
    for day in plan.days:
        for item in day.items:
            if not item.grams > 0:
                continue
            row = frame.loc[item.food_id]
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
    return purchases


def _purchase_ids(frame: pd.DataFrame) -> dict[str, str]:
    """food_id -> purchase id; a food without one is its own purchase item."""
    if "purchase_id" not in frame.columns:
        return {fid: fid for fid in frame.index}
    return {fid: _clean(v) or fid for fid, v in frame["purchase_id"].items()}


def _new_purchase(pid: str, frame: pd.DataFrame, pid_of: Mapping[str, str]) -> _Purchase:
    # The purchase item's own row describes it when the table has one; then the member
    # foods, by food_id.
    ids = [pid] if pid in frame.index else []
    ids += sorted(fid for fid, other in pid_of.items() if other == pid and fid != pid)
    rows = [frame.loc[fid] for fid in ids]

    def first(column: str) -> str | None:
        return next((v for r in rows if (v := _text(r, column))), None)

    piece_g = next((v for r in rows if (v := _positive(r, "piece_g"))), None)
    staple = any(_text(r, "staple") is not None and bool(r["staple"]) for r in rows)
    name = first("purchase_name") or first("name") or pid
    piece_name, piece_plural = first("piece_name"), first("piece_plural")
    keys = {pid.casefold(), name.casefold()}
    keys.update(k.casefold() for k in (piece_name, piece_plural) if k)
    return _Purchase(
        purchase_id=pid, name=name, aisle=first("aisle") or OTHER_AISLE, staple=staple,
        piece_g=piece_g, piece_name=piece_name, piece_plural=piece_plural, keys=keys,
    )


def _pantry_edible_g(pantry: Pantry, purchases: Mapping[str, _Purchase]
                     ) -> tuple[dict[str, float], tuple[str, ...]]:
    have: dict[str, float] = {}
    unmatched: list[str] = []
    errors: list[InputError] = []
    for entry in pantry.items:
        where = Where(file=pantry.file, row=entry.row, column="item")
        pid = _known_id(entry.purchase_id, purchases)
        if pid is not None:
            matches = [purchases[pid]]
        else:
            key = entry.item.casefold()
            matches = [p for p in purchases.values() if key == p.purchase_id.casefold()]
            matches = matches or [p for p in purchases.values() if key in p.keys]
        if not matches:
            unmatched.append(entry.item)
            continue
        if len(matches) > 1:
            ids = ", ".join(f"{p.purchase_id} ({p.name})" for p in matches)
            errors.append(InputError(f"{entry.item!r} matches several items: {ids}; write "
                                     "the purchase_id instead", where))
            continue
        p = matches[0]
        if entry.count is not None:
            if p.piece_g is None:
                errors.append(InputError(
                    f"{p.name} is bought by weight; give an amount like 500 g instead of "
                    f"{entry.count:g} pieces", Where(pantry.file, entry.row, "quantity")))
                continue
            edible = entry.count * p.piece_g
        else:
            assert entry.grams is not None
            edible = entry.grams * p.edible_g / p.bought_g
        have[p.purchase_id] = have.get(p.purchase_id, 0.0) + edible
    if errors:
        raise InputError(errors[0].problem, errors[0].where, more=errors[1:])
    return have, tuple(unmatched)


def _known_id(purchase_id: str | None, purchases: Mapping[str, _Purchase]) -> str | None:
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


def parse_quantity(text: str) -> tuple[float | None, float | None]:
    """Read an amount as ``(grams, None)`` or ``(None, pieces)``.

    Accepts ``500 g``, ``0.5 kg``, ``12 oz``, ``1 lb``, a bare count ``2`` and a count
    with a word, ``2 bananas``.

    Raises:
        ValueError: The text is not an amount; the message says what would be.

    >>> parse_quantity("0.5 kg"), parse_quantity("2 bananas")
    ((500.0, None), (None, 2.0))

    """
    if "," in text:
        raise ValueError(f"expected a dot for decimals and no thousands separator "
                         f"(e.g. 0.5 kg or 1200 g), got {text!r}")
    match = _QUANTITY.match(text)
    if match is None:
        raise ValueError(f"expected an amount like 500 g, 0.5 kg or 2 (pieces), got {text!r}")
    number = float(match["number"])
    unit = match["unit"].casefold().rstrip(".")
    if unit in _UNIT_GRAMS:
        return number * _UNIT_GRAMS[unit], None
    return None, number


def read_pantry(path: str | Path) -> Pantry:
    """Read what is already at home from a CSV file.

    Two layouts work: a shopping list saved with ``--format csv`` (edit it down to
    what is left), or a hand-written file with an ``item`` column (a name or
    purchase_id, matched case-insensitively) and a ``quantity`` column (``500 g``,
    ``0.5 kg``, ``2``, ``2 bananas``). In a saved list the ``quantity`` column is
    the one to edit; when its ``grams`` or ``count`` cell is also filled, the two
    must agree. Commas, semicolons or tabs separate cells.

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
    if name == "-":
        text = sys.stdin.read()
    else:
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise InputError(f"cannot read the pantry file: {exc.strerror}",
                             Where(file=name)) from exc
        except UnicodeDecodeError as exc:
            raise InputError("expected a UTF-8 text file", Where(file=name)) from exc
    text = text.removeprefix("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    columns = {(c or "").strip().casefold(): c for c in reader.fieldnames or ()}
    if "item" not in columns or not ({"quantity", "grams", "count"} & columns.keys()):
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
    grams: float | None = None
    count: float | None = None
    if quantity:
        try:
            grams, count = parse_quantity(quantity)
        except ValueError as exc:
            raise InputError(str(exc), where("quantity")) from exc
    for column in ("grams", "count"):
        cell = row.get(column, "")
        if not cell:
            continue
        try:
            value = float(cell)
        except ValueError:
            value = math.nan
        if not value >= 0:
            raise InputError(f"expected a number >= 0, got {cell!r}", where(column))
        if not quantity:
            grams, count = (value, None) if column == "grams" else (None, value)
        elif not _agrees(column, value, grams, count):
            raise InputError(
                f"quantity says {quantity!r} but {column} says {cell}: change one and clear "
                "the other cell (quantity is the one meant for editing)", where(column))
    if grams is None and count is None:
        raise InputError("expected an amount like 500 g, 0.5 kg or 2 (pieces)",
                         where("quantity"))
    return PantryItem(item=item, purchase_id=row.get("purchase_id") or None, grams=grams,
                      count=count, row=number)


def _agrees(column: str, value: float, grams: float | None, count: float | None) -> bool:
    # A saved list writes quantity from grams (rounded up) or count; unedited rows agree.
    if column == "count":
        return count is None or math.isclose(value, count)
    if grams is None:
        return True  # pieces: grams is the informational weight
    return grams_text(value) == grams_text(grams)


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
