"""Packages as shoppers read them, and a user's own package sizes.

A purchase form's ``package`` is what a shop sells (``15-oz can``, ``dozen``,
``piece``, ``quart``); :func:`package_unit` reads it into the noun a shopper counts
(``2 cans (15 oz)``, ``1 dozen``, ``3 pears``), what is inside a count package (12
eggs, 16 slices) and the volume of a liquid's package, so a shopping list can say
``uses 1¾``, ``8 used, 4 left`` or ``uses 3 cups`` and a pantry file can say
``half a bag``.

:func:`read_package_sizes` reads a CSV of package sizes and
:func:`with_package_sizes` puts them over a food table's purchase forms before
planning (``mealplan week --packages FILE``).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path

from .errors import InputError, Where
from .foods import FoodTable
from .kitchen import package_pieces
from .quantity import GLYPHS, ML, Quantity, singular_of

# Packages named by their volume alone.
_VOLUME_NOUNS: Mapping[str, float] = {
    "quart": ML["quart"], "pint": ML["pint"], "half pint": ML["pint"] / 2,
    "gallon": ML["gallon"], "half gallon": ML["gallon"] / 2,
}
_WEIGHT_WORDS = frozenset({"g", "kg", "oz", "lb", "lbs"})
_SIZED = re.compile(r"^(?P<amount>\d+(?:\.\d+)?[¼½¾]?|[¼½¾])-(?P<unit>fl-oz|oz|lb|ml|l|quart|"
                    r"pint|gallon|inch)\s+(?P<noun>.+)$")
_OF = re.compile(r"^(?P<noun>[a-z]+) of (?P<count>\d+)(?P<rest>.*)$")
_COUNTED = re.compile(r"^(?P<count>\d+(?:\.\d+)?) (?P<noun>[a-z]+)$")
_INSIDE = re.compile(r"\((?P<count>\d+) (?P<word>[a-z]+)\)")
_EXTRA = re.compile(r"^(?P<core>[^(]*?)\s*\((?P<extra>[^)]*)\)\s*$")
# A package is all used when less than this share of one is left.
_ALL_USED_SHARE = 1 / 8


@dataclass(frozen=True)
class PackageUnit:
    """How one package reads on a shopping list."""

    package: str
    """The package as the table says it, e.g. ``15-oz can``."""
    singular: str
    """What one is called: ``can``, ``dozen``, ``pack of 6``, ``pear``."""
    plural: str
    """What several are called: ``cans``, ``dozen``, ``packs of 6``, ``pears``."""
    size: str
    """What one holds, in the words of the package: ``15 oz``, ``about 1 lb``; or empty."""
    pieces: int | None
    """Pieces in one package when it is a count (12 for a dozen, 1 for a piece)."""
    piece_words: tuple[str, str]
    """What a piece is called, singular and plural (``slice``, ``slices``; ``egg``, ``eggs``)."""
    piece_label: str
    """The pieces' name when the package gives one (``slices`` of ``(16 slices)``), else
    empty: the pieces of a dozen are the thing itself."""
    volume_ml: float | None
    """Volume of one package when it is sold by volume (a quart, a 64-fl-oz bottle)."""
    metric: bool = False
    """Whether the volume is in millilitres or litres (then amounts read in litres)."""
    multiple: float = 1.0
    """For a package that is an amount (``1 lb``, ``2 crusts``): how many of ``singular``."""
    larger: tuple[tuple[PackageUnit, int], ...] = ()
    """Larger packages the same thing is sold in, each with how many of these it holds
    (a quart holds 2 pints), smallest first."""

    def count_text(self, packages: int) -> str:
        """``packages`` of these as a shopper reads them: ``2 cans (15 oz)``, ``1 dozen``.

        With larger sizes, the fewest packages that hold as much: ``1 quart + 1 pint``.
        """
        if self.larger and packages > 1:
            return " + ".join(unit.count_text(n) for unit, n in self.combined(packages))
        if self.multiple != 1.0:
            total = packages * self.multiple
            word = self.singular if total == 1 else self.plural
            return f"{fraction_text(total)} {word}"
        word = self.singular if packages == 1 else self.plural
        return f"{packages} {word}" + (f" ({self.size})" if self.size else "")

    def combined(self, packages: int) -> list[tuple[PackageUnit, int]]:
        """The fewest packages of this and the larger sizes that hold ``packages`` of it.

        Largest first, with how many of each: 3 pints are a quart and a pint.
        """
        sizes = [(dataclasses.replace(self, larger=()), 1), *self.larger]
        # fewest[k]: (fewest packages holding k of this size, minus the size of the last
        # one taken); on a tie the larger package is taken.
        fewest = [(0, 0)]
        for k in range(1, packages + 1):
            fewest.append(min((fewest[k - m][0] + 1, -m) for _, m in sizes if m <= k))
        counts: dict[int, int] = {}
        k = packages
        while k > 0:
            m = -fewest[k][1]
            counts[m] = counts.get(m, 0) + 1
            k -= m
        return [(unit, counts[m]) for unit, m in reversed(sizes) if m in counts]

    @property
    def words(self) -> frozenset[str]:
        """Words a pantry file may count these packages by: ``can``, ``cans``, ``pack``."""
        found = {self.singular, self.plural, "package", "packages", "pack", "packs", "pkg"}
        for phrase in (self.singular, self.plural):
            parts = [w for w in phrase.split() if not w[0].isdigit()]
            if parts:
                found.update((parts[0], parts[-1]))
        found -= {"of"}
        return frozenset(w for w in found if w)


def larger_sizes(text: str) -> tuple[tuple[str, int], ...]:
    """The larger packages a purchase form is also sold in, from its ``larger`` cell.

    ``quart=2; half gallon=4``: each names a package and how many of the form's own
    packages it holds, a whole number of 2 or more, each larger than the one before.

    Raises:
        ValueError: The cell is not of that form; the message says what is wrong.

    >>> larger_sizes("quart=2; half gallon=4")
    (('quart', 2), ('half gallon', 4))
    """
    sizes: list[tuple[str, int]] = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        words, sep, count = (x.strip() for x in part.partition("="))
        if not sep or not words or not count.isdigit() or int(count) < 2:
            raise ValueError(f"expected a package and how many it holds, like quart=2, "
                             f"got {part!r}")
        if sizes and int(count) <= sizes[-1][1]:
            raise ValueError(f"{part!r} holds no more than {sizes[-1][0]}; list the sizes "
                             "smallest first")
        sizes.append((" ".join(words.lower().split()), int(count)))
    return tuple(sizes)


def package_unit(package: str, name: str,
                 larger: Iterable[tuple[str, int]] = ()) -> PackageUnit:
    """Read a package into the words a shopping list counts it by.

    Args:
        package: The purchase form's package, e.g. ``15-oz can``, ``dozen``, ``piece``.
        name: The purchase form's name, for things sold by the piece (``Pears``).
        larger: Larger packages it is also sold in and how many of ``package`` each
            holds (:func:`larger_sizes`).

    >>> package_unit("15-oz can", "Black beans, canned").count_text(2)
    '2 cans (15 oz)'
    >>> package_unit("piece", "Pears").count_text(3), package_unit("dozen", "Eggs").count_text(1)
    ('3 pears', '1 dozen')
    >>> package_unit("pint", "Milk", [("quart", 2), ("half gallon", 4)]).count_text(7)
    '1 half gallon + 1 quart + 1 pint'
    """
    unit = _package_unit(package, name)
    if larger:
        unit = dataclasses.replace(unit, larger=tuple(
            (_package_unit(words, name), count) for words, count in larger))
    return unit


def _package_unit(package: str, name: str) -> PackageUnit:
    text = " ".join(package.strip().lower().split())
    text = re.sub(r"^(\d+)-pack\b", r"pack of \1", text)  # a 4-pack is a pack of 4
    core, extra = text, ""
    if (match := _EXTRA.match(text)) is not None:
        core, extra = match["core"], match["extra"]
    pieces = package_pieces(text)
    name_one, name_many = _name_nouns(name)
    piece_words = (name_one, name_many)
    label = ""
    if (inside := _INSIDE.search(text)) is not None:
        label = inside["word"]
        pieces = pieces or int(inside["count"])
    volume = _VOLUME_NOUNS.get(core)
    metric = False
    size_parts: list[str] = []
    multiple = 1.0
    if core == "piece":
        singular, plural = name_one, name_many
    elif core in ("dozen", "half dozen", "half-dozen"):
        singular, plural = core, core if core == "dozen" else core + "s"
    elif (sized := _SIZED.match(core)) is not None:
        amount, unit = sized["amount"], sized["unit"]
        number = _number(amount)
        singular, plural = sized["noun"], _plural_phrase(sized["noun"])
        if unit == "inch":
            size_parts.append(f"{amount}-inch")
        else:
            words = {"fl-oz": "fl oz", "quart": "quart", "pint": "pint", "gallon": "gallon"}
            word = words.get(unit, unit)
            if word in ("quart", "pint", "gallon") and number != 1:
                word += "s"
            size_parts.append(f"{amount} {word}")
            if unit in ("fl-oz", "ml", "l", "quart", "pint", "gallon"):
                volume = number * ML[unit]
                metric = unit in ("ml", "l")
    elif (of := _OF.match(core)) is not None:
        singular = core
        plural = f"{_plural(of['noun'])} of {of['count']}{of['rest']}"
        rest = of["rest"].strip()
        if rest and not rest.startswith("("):
            label = rest.split()[-1]
    elif (counted := _COUNTED.match(core)) is not None:
        noun = counted["noun"]
        multiple = _number(counted["count"])
        if noun in _WEIGHT_WORDS:
            singular = plural = noun
        else:
            singular, plural, label = singular_of(noun), noun, noun
            if pieces is None and multiple.is_integer():
                pieces = int(multiple)
    else:
        singular, plural = core, _plural_phrase(core)
    if label:
        piece_words = (singular_of(label), label)
    if extra:
        size_parts.append(extra)
    return PackageUnit(package=package, singular=singular, plural=plural,
                       size="; ".join(size_parts), pieces=pieces, piece_words=piece_words,
                       piece_label=label,
                       volume_ml=volume, metric=metric, multiple=multiple)


def _number(text: str) -> float:
    if text and text[-1] in GLYPHS:
        return float(text[:-1] or 0) + GLYPHS[text[-1]]
    return float(text)


def _name_nouns(name: str) -> tuple[str, str]:
    """``Pears`` -> (``pear``, ``pears``); ``Cantaloupe`` -> (``cantaloupe``, ``cantaloupes``)."""
    noun = name.split(",")[0].strip().lower() or "piece"
    if noun.endswith("s") and not noun.endswith("ss"):
        return singular_of(noun), noun
    return noun, _plural_phrase(noun)


def _plural(word: str) -> str:
    if word in ("loaf", "half"):
        return word[:-1] + "ves"
    if word.endswith(("ss", "x", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u"):
        return word[:-1] + "ies"
    if word.endswith("s"):
        return word
    return word + "s"


def _plural_phrase(phrase: str) -> str:
    """The plural of a noun phrase, by its last word: ``ham steak`` -> ``ham steaks``."""
    head, _, last = phrase.rpartition(" ")
    return f"{head} {_plural(last)}".strip() if last else phrase


def fraction_text(value: float) -> str:
    """A number to the nearest quarter, as a person says it: ``1¾``, ``½``, ``3``.

    >>> fraction_text(1.8), fraction_text(0.5), fraction_text(3.0), fraction_text(0.1)
    ('1¾', '½', '3', '0')
    """
    quarters = round(value * 4)
    whole, rest = divmod(quarters, 4)
    glyph = {0: "", 1: "¼", 2: "½", 3: "¾"}[rest]
    if not glyph:
        return str(whole)
    return f"{whole or ''}{glyph}"


def use_text(unit: PackageUnit, package_g: float, used_g: float, have_g: float) -> str:
    """What the plan uses of what is at hand (bought and in the pantry), in its unit.

    ``all used`` when less than an eighth of a package is left; ``8 used, 4 left``
    for count packages (eggs, sliced bread); cups, quarts or litres for liquids;
    else packages to the quarter, ``uses 1¾``, or grams below an eighth of one (``uses
    20 g``: a quarter of a bag would hide that most of it is left).

    Args:
        unit: How the package reads.
        package_g: Grams in one package, as bought.
        used_g: Grams the plan uses, as bought.
        have_g: Grams at hand: the packages bought and what the pantry holds.

    >>> use_text(package_unit("15-oz can", "Beans"), 425, 740, 850)
    'uses 1¾'
    >>> use_text(package_unit("dozen", "Eggs"), 600, 400, 600)
    '8 used, 4 left'
    >>> use_text(package_unit("1-lb pack (4 sticks)", "Butter"), 454, 100, 454)
    '1 stick used, 3 left'
    >>> use_text(package_unit("12-oz bag", "Chia seeds"), 340, 20, 340)
    'uses 20 g'
    """
    if used_g <= 0:
        return "none used"
    if have_g - used_g < package_g * _ALL_USED_SHARE:
        return "all used"
    if unit.pieces and unit.pieces > 1:
        piece_g = package_g / unit.pieces
        # A piece started is a piece used; float noise is not a piece.
        used = max(1, math.ceil(used_g / piece_g - 0.05))
        total = math.floor(have_g / piece_g + 0.05)
        if used >= total:
            return "all used"
        label = unit.piece_label
        word = f" {singular_of(label) if used == 1 else label}" if label else ""
        return f"{used}{word} used, {total - used} left"
    if unit.volume_ml:
        return "uses " + volume_text(used_g / package_g * unit.volume_ml, unit.metric)
    if used_g < package_g * _ALL_USED_SHARE:
        return f"uses {max(1, round(used_g))} g"
    # Stay below what is at hand, or "uses 2" would read as all used.
    most = math.floor(have_g / package_g * 4 - 1) / 4
    quarters = min(max(0.25, round(used_g / package_g * 4) / 4), max(0.25, most))
    return f"uses {fraction_text(quarters * unit.multiple)}"


def volume_text(ml: float, metric: bool = False) -> str:
    """A volume as a kitchen says it: cups below a quart, then quarts; or litres.

    >>> volume_text(700), volume_text(3100), volume_text(350, metric=True)
    ('3 cups', '3¼ quarts', '350 ml')
    """
    if metric:
        if ml < 1000:
            return f"{max(50, 50 * round(ml / 50))} ml"
        return f"{round(ml / 1000, 1):g} litres"
    cups = ml / ML["cup"]
    if cups < 3.875:
        text = fraction_text(max(0.25, cups))
        return f"{text} cup" + ("" if text in ("¼", "½", "¾", "1") else "s")
    quarts = ml / ML["quart"]
    text = fraction_text(quarts)
    return f"{text} quart" + ("" if text == "1" else "s")


def pantry_grams(amount: Quantity, unit: PackageUnit, package_g: float) -> float:
    """Grams as bought that a pantry amount means for a purchase form sold in packages.

    A weight is grams; a volume measures a liquid sold by volume (``2 cups`` of a
    quart of milk) or counts packages named by a measure (yogurt cups); a count with
    the package's words counts packages (``2 cans``, ``half a bag``); a bare count or
    a count of pieces (``6 eggs``, ``4 slices``) counts the pieces of a count package
    (a dozen eggs, sliced bread), else packages.

    Raises:
        ValueError: The amount does not fit the package; the message says what would.

    >>> from mealplan.quantity import parse_quantity
    >>> pantry_grams(parse_quantity("half a bag"), package_unit("10-oz bag", "Spinach"), 284)
    142.0
    """
    one = unit.count_text(1)
    expected = f"expected an amount like {one}, 1/2 {unit.singular}, 300 g or a count"
    if amount.unit == "g":
        return amount.value
    if amount.unit == "ml":
        if unit.volume_ml:
            return amount.value / unit.volume_ml * package_g
        if unit.singular in ML:
            # A package named by a measure (a yogurt cup) is counted in it: 2 cups of
            # yogurt sold in 6-oz cups are two of them, as a saved list writes them.
            return amount.value / ML[unit.singular] * package_g
        raise ValueError(f"it is sold as {one}, which cannot be measured by volume as "
                         f"bought; {expected}, got {amount}")
    word, number = amount.word, amount.value
    for bigger, holds in unit.larger:
        if word in (bigger.singular, bigger.plural):
            return number * holds * package_g
    if unit.multiple != 1.0 and word in (unit.singular, unit.plural):
        return number * package_g / unit.multiple  # 4 crusts of a 2-crust pack
    if unit.pieces and unit.pieces > 1 and (not word or word in unit.piece_words):
        return number * package_g / unit.pieces
    if not word or word in unit.words or word in unit.piece_words:
        return number * package_g
    raise ValueError(f"it is sold as {one}; {expected}, got {amount}")


# --- a user's package sizes ----------------------------------------------------------

@dataclass(frozen=True)
class PackageSize:
    """One row of a package sizes file: what a shop sells one purchase form in."""

    purchase_id: str
    """The purchase form, by its id in the food table."""
    package: str | None
    """The unit sold (``15-oz can``, ``piece``, ``dozen``); None: sold by weight."""
    package_g: float | None
    """Grams in one package as bought (one piece for ``piece``); None: sold by weight."""
    keeps_days: float | None = None
    """Days it keeps unopened from the shop day; None keeps the table's value."""
    open_days: float | None = None
    """Days it keeps once opened; None keeps the table's value."""
    row: int = 0
    """1-based data row of the file, for messages."""


def read_package_sizes(path: str | Path, foods: FoodTable) -> tuple[PackageSize, ...]:
    """Read a CSV of package sizes for a food table's purchase forms.

    Each row names a purchase form by ``purchase_id`` or ``name`` (as in the table's
    purchase forms, any case) and gives ``package`` (the unit a shop sells, e.g.
    ``15-oz can``, ``1-lb bag``, ``dozen``, ``piece``) and ``package_g`` (grams in
    one, as bought; one piece's grams for ``piece``); both empty means sold by
    weight. ``keeps_days`` and ``open_days`` are optional; an empty cell keeps the
    table's value. Other columns are ignored, so an edited copy of the built-in
    purchase forms works.

    Args:
        path: The CSV file; its name is used in messages.
        foods: The food table whose purchase forms the file changes.

    Returns:
        The rows, in file order.

    Raises:
        InputError: The table sells no packages, the file cannot be read, lacks the
            columns, or rows are bad; every bad row is reported.

    Example:
        >>> sizes = read_package_sizes("packages.csv", foods)  # doctest: +SKIP
        >>> foods = with_package_sizes(foods, sizes)            # doctest: +SKIP

    """
    file = str(path)
    if foods.purchases is None:
        raise InputError(f"the {foods.source} food table sells no packages; package sizes "
                         "work with a table of purchase forms, like the default one",
                         Where(file=file, flag="--packages"))
    from .files import read_input

    try:
        text = read_input(path, "--packages").decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("expected a UTF-8 text file", Where(file=file, flag="--packages")) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    columns = {(c or "").strip().casefold(): c for c in reader.fieldnames or ()}
    needed = {"package", "package_g"}
    if not ({"purchase_id", "name"} & columns.keys()) or not needed <= columns.keys():
        found = ", ".join(c for c in columns if c) or "nothing"
        raise InputError("expected columns purchase_id (or name), package and package_g, "
                         f"found {found}", Where(file=file, row=0))
    lookup = _PurchaseLookup(foods)
    sizes: list[PackageSize] = []
    seen: dict[str, int] = {}
    errors: list[InputError] = []
    for raw in reader:
        number = reader.line_num - 1
        row = {key: (raw.get(col) or "").strip() for key, col in columns.items()}
        if not any(row.values()):
            continue
        try:
            size = _size_row(row, number, file, lookup)
        except InputError as exc:
            errors.append(exc)
            continue
        if size.purchase_id in seen:
            errors.append(InputError(
                f"{lookup.name(size.purchase_id)} is given twice, in rows {seen[size.purchase_id]} "
                f"and {number}; keep one", Where(file=file, row=number)))
            continue
        seen[size.purchase_id] = number
        sizes.append(size)
    if errors:
        raise InputError(errors[0].problem, errors[0].where, more=errors[1:])
    return tuple(sizes)


class _PurchaseLookup:
    """Purchase forms of a table by id and by name, for a sizes file."""

    def __init__(self, foods: FoodTable) -> None:
        assert foods.purchases is not None
        self.names = {str(k): str(v) for k, v in foods.purchases["name"].items()}
        self.by_name: dict[str, list[str]] = {}
        for pid, name in self.names.items():
            self.by_name.setdefault(name.casefold(), []).append(pid)

    def name(self, pid: str) -> str:
        return self.names[pid]

    def find(self, pid: str, name: str, where: Where) -> str:
        if pid:
            found = pid if pid in self.names else (
                pid.zfill(5) if pid.isdigit() and pid.zfill(5) in self.names else None)
            if found is None:
                raise InputError(f"no purchase form {pid!r} in the table; the ids are those "
                                 "of foods/default_purchases.csv", dataclasses.replace(
                                     where, column="purchase_id"))
            if name and name.casefold() != self.names[found].casefold():
                raise InputError(f"purchase_id {found} is {self.names[found]}, but name says "
                                 f"{name!r}; clear one of the two", dataclasses.replace(
                                     where, column="name"))
            return found
        if not name:
            raise InputError("expected a purchase_id or a name", dataclasses.replace(
                where, column="name"))
        ids = self.by_name.get(name.casefold(), [])
        if len(ids) > 1:
            raise InputError(f"{name!r} names several purchase forms ({', '.join(ids)}); "
                             "give the purchase_id", dataclasses.replace(where, column="name"))
        if not ids:
            close = get_close_matches(name, list(self.names.values()), n=3, cutoff=0.6)
            hint = f"; did you mean {' or '.join(close)}?" if close else ""
            raise InputError(f"no purchase form named {name!r}{hint}", dataclasses.replace(
                where, column="name"))
        return ids[0]


def _size_row(row: Mapping[str, str], number: int, file: str,
              lookup: _PurchaseLookup) -> PackageSize:
    where = Where(file=file, row=number)
    problems: list[InputError] = []
    try:
        pid = lookup.find(row.get("purchase_id", ""), row.get("name", ""), where)
    except InputError as exc:
        problems.append(exc)
        pid = ""
    package = row.get("package", "") or None
    grams = _positive(row, "package_g", where, problems)
    if package is not None and grams is None and row.get("package_g", "") == "":
        problems.append(InputError(f"expected the grams in one {package}", dataclasses.replace(
            where, column="package_g")))
    if package is None and grams is not None:
        problems.append(InputError("expected the unit a shop sells it in, e.g. 15-oz can, "
                                   "1-lb bag, dozen or piece (empty with package_g empty: "
                                   "sold by weight)", dataclasses.replace(where, column="package")))
    keeps = _positive(row, "keeps_days", where, problems)
    opened = _positive(row, "open_days", where, problems)
    if problems:
        raise InputError(problems[0].problem, problems[0].where, more=problems[1:])
    return PackageSize(pid, package, grams, keeps, opened, number)


def _positive(row: Mapping[str, str], column: str, where: Where,
              problems: list[InputError]) -> float | None:
    cell = row.get(column, "")
    if not cell:
        return None
    try:
        value = float(cell)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        problems.append(InputError(f"expected a number > 0, got {cell!r}", dataclasses.replace(
            where, column=column)))
        return None
    return value


def with_package_sizes(foods: FoodTable, sizes: Iterable[PackageSize]) -> FoodTable:
    """A copy of the table whose purchase forms are sold in these packages.

    The table itself is not changed (built-in tables are shared).

    Raises:
        InputError: The table sells no packages.
    """
    if foods.purchases is None:
        raise InputError(f"the {foods.source} food table sells no packages",
                         Where(flag="--packages"))
    shop = foods.purchases.copy()
    # Whole grams and days in the built-in file read as integers; a user's need not.
    for column in ("package_g", "keeps_days", "open_days"):
        shop[column] = shop[column].astype(float)
    for size in sizes:
        shop.at[size.purchase_id, "package"] = size.package or ""
        if "larger" in shop.columns:
            # The table's larger sizes hold so many of its own package, not of this one.
            shop.at[size.purchase_id, "larger"] = ""
        shop.at[size.purchase_id, "package_g"] = (math.nan if size.package_g is None
                                                  else size.package_g)
        for column, value in (("keeps_days", size.keeps_days), ("open_days", size.open_days)):
            if value is not None:
                shop.at[size.purchase_id, column] = value
    return dataclasses.replace(foods, purchases=shop)
