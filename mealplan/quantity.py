"""Amounts as people write them: ``500 g``, ``2 cups``, ``half a bag``, ``6 eggs``.

:func:`parse_quantity` is the one reader of a written amount: pantry quantities and a
food's household measure (``1 tbsp``). It knows units, not foods: a weight reads as
grams, a volume as millilitres, anything else as a count, with the word that says
what is counted (``cans``, ``eggs``; empty for a bare count or ``pieces``). Whether
that word fits an item, and how many grams as bought an amount is, the shopping list
decides (:func:`mealplan.packages.pantry_grams` for things sold in packages).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Unit = Literal["g", "ml", "pieces"]

# Grams in one unit of weight; ounces and pounds are avoirdupois.
GRAMS: Mapping[str, float] = {
    "g": 1.0, "gr": 1.0, "gram": 1.0, "grams": 1.0,
    "kg": 1000.0, "kgs": 1000.0, "kilo": 1000.0, "kilos": 1000.0,
    "kilogram": 1000.0, "kilograms": 1000.0,
    "oz": 28.349523125, "ounce": 28.349523125, "ounces": 28.349523125,
    "lb": 453.59237, "lbs": 453.59237, "pound": 453.59237, "pounds": 453.59237,
}
# Millilitres in one unit of volume; cups, spoons and fluid ounces are US customary.
_CUP, _TBSP, _FL_OZ = 236.5882365, 14.78676478125, 29.5735295625
ML: Mapping[str, float] = {
    "ml": 1.0, "millilitre": 1.0, "millilitres": 1.0, "milliliter": 1.0, "milliliters": 1.0,
    "l": 1000.0, "liter": 1000.0, "litre": 1000.0, "liters": 1000.0, "litres": 1000.0,
    "fl oz": _FL_OZ, "fl. oz": _FL_OZ, "fl-oz": _FL_OZ, "fluid ounce": _FL_OZ,
    "fluid ounces": _FL_OZ,
    "cup": _CUP, "cups": _CUP,
    "tbsp": _TBSP, "tbs": _TBSP, "tablespoon": _TBSP, "tablespoons": _TBSP,
    "tsp": _TBSP / 3, "teaspoon": _TBSP / 3, "teaspoons": _TBSP / 3,
    "pint": 2 * _CUP, "pints": 2 * _CUP, "pt": 2 * _CUP,
    "quart": 4 * _CUP, "quarts": 4 * _CUP, "qt": 4 * _CUP,
    "half gallon": 8 * _CUP, "half gallons": 8 * _CUP,
    "gallon": 16 * _CUP, "gallons": 16 * _CUP, "gal": 16 * _CUP,
}
# Words that count pieces without naming them: the same as a bare count.
_PIECES = frozenset({"piece", "pieces", "pc", "pcs"})
# More than a kitchen holds is a typo (or an overflow), not a pantry.
_MOST: Mapping[Unit, tuple[float, str]] = {
    "g": (1e6, "1000 kg"), "ml": (1e6, "1000 litres"), "pieces": (1e4, "10000 pieces"),
}
GLYPHS: Mapping[str, float] = {"¼": 0.25, "½": 0.5, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3}

_DECIMAL = re.compile(r"^(?P<number>(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)\s*(?P<unit>.*?)$")
_SLASH = re.compile(r"^(?:(?P<whole>\d+)\s+)?(?P<num>\d+)/(?P<den>\d+)\s*(?P<unit>.*?)$")
_GLYPH = re.compile(r"^(?P<whole>\d+)?\s*(?P<glyph>[¼½¾⅓⅔])\s*(?P<unit>.*?)$")
_WORDS: tuple[tuple[re.Pattern[str], float], ...] = tuple(
    (re.compile(rf"^{words}\s+(?:of\s+)?(?:an?\s+)?(?P<unit>.*?)$"), value)
    for words, value in (
        (r"(?:a\s+|one\s+)?half", 0.5), (r"(?:a\s+|one\s+)?quarter", 0.25),
        (r"three\s+quarters", 0.75), (r"(?:an?|one)", 1.0),
    ))
AMOUNT_EXAMPLES = "500 g, 0.5 kg, 2 cups, 250 ml, 2 cans, half a bag, 6 eggs or 2 (pieces)"


@dataclass(frozen=True)
class Quantity:
    """An amount in grams, millilitres or a count of things.

    >>> parse_quantity("0.5 kg"), parse_quantity("2 cans (15 oz)")
    (Quantity(value=500.0, unit='g', word=''), Quantity(value=2.0, unit='pieces', word='cans'))
    """

    value: float
    """How much: grams, millilitres, or how many."""
    unit: Unit
    """``g`` (any weight), ``ml`` (any volume) or ``pieces`` (a count)."""
    word: str = ""
    """What a count counts, as written in lower case (``cans``, ``bag``, ``eggs``,
    ``pack of 6``); empty for a bare count or ``pieces``, and for weights and volumes."""
    text: str = field(default="", compare=False, repr=False)
    """The amount as written, for messages; empty when made in code."""

    def __str__(self) -> str:
        if self.text:
            return self.text
        if self.unit == "pieces":
            return f"{self.value:g} {self.word or 'pieces'}"
        return f"{self.value:g} {self.unit}"


def parse_quantity(text: str) -> Quantity:
    """Read a written amount.

    Weights (``500 g``, ``0.5 kg``, ``12 oz``, ``1 lb``) read as grams; volumes (``250
    ml``, ``1 l``, ``2 cups``, ``3 tbsp``, ``1 tsp``, ``8 fl oz``, ``1 quart``) as
    millilitres; anything else as a count with its word (``2``, ``3 pcs``, ``2
    bananas``, ``2 cans``, ``a dozen``). Numbers may be decimals with a dot
    (``1.5``, ``1e3``), fractions (``1/2``, ``1 1/2``, ``1½``) or words (``half a
    bag``, ``a quarter of a bag``, ``an onion``). A parenthesised size at the end is
    left out (``2 cans (15 oz)`` is 2 cans), and amounts of one kind joined by ``+``
    add up (``1 quart + 1 pint``), so a saved shopping list reads back.

    Raises:
        ValueError: The text is not an amount, or is more than a kitchen holds (1000
            kg, 1000 litres, 10000 pieces); the message says what was expected.

    >>> parse_quantity("half a bag"), parse_quantity("2 cups").value
    (Quantity(value=0.5, unit='pieces', word='bag'), 473.176473)
    """
    if "," in text:
        raise ValueError(f"expected a dot for decimals and no thousands separator "
                         f"(e.g. 0.5 kg or 1200 g), got {text!r}")
    if "+" in text:
        parts = [parse_quantity(part) for part in text.split("+")]
        first = parts[0]
        if any((q.unit, singular_of(q.word)) != (first.unit, singular_of(first.word))
               for q in parts):
            raise ValueError(f"expected amounts of one kind joined by +, like 1 quart + "
                             f"1 pint, got {text!r}")
        return _checked(Quantity(math.fsum(q.value for q in parts), first.unit, first.word,
                                 text.strip()), text)
    clean = " ".join(re.sub(r"\([^)]*\)\s*$", "", text.strip()).casefold().split())
    number, word = _number_and_word(clean)
    if number is None or (word and not word[0].isalpha()):
        raise ValueError(f"expected an amount like {AMOUNT_EXAMPLES}, got {text!r}")
    return _checked(_quantity(number, word, text.strip()), text)


def singular_of(plural: str) -> str:
    """``bananas`` -> ``banana``, ``tomatoes`` -> ``tomato``, ``peaches`` -> ``peach``."""
    for ending, single in (("oes", "o"), ("ches", "ch"), ("shes", "sh"), ("xes", "x"),
                           ("ies", "y"), ("s", "")):
        if plural.endswith(ending) and not plural.endswith("ss"):
            return plural[: -len(ending)] + single
    return plural


def _checked(quantity: Quantity, text: str) -> Quantity:
    most, most_text = _MOST[quantity.unit]
    if not (math.isfinite(quantity.value) and quantity.value <= most):
        raise ValueError(f"expected at most {most_text}, got {text!r}")
    return quantity


def _number_and_word(clean: str) -> tuple[float | None, str]:
    """The number at the start of a cleaned amount and the words after it."""
    number: float | None = None
    word = ""
    if (m := _SLASH.match(clean)) is not None and int(m["den"]):
        number = int(m["whole"] or 0) + int(m["num"]) / int(m["den"])
        word = m["unit"]
    elif (m := _GLYPH.match(clean)) is not None:
        number = int(m["whole"] or 0) + GLYPHS[m["glyph"]]
        word = m["unit"]
    elif (m := _DECIMAL.match(clean)) is not None:
        number, word = float(m["number"]), m["unit"]
    else:
        for pattern, value in _WORDS:
            if (m := pattern.match(clean)) is not None and m["unit"]:
                number, word = value, m["unit"]
                break
    return number, re.sub(r"^(?:of\s+)?(?:an?\s+)?", "", word).rstrip(".")


def _quantity(number: float, word: str, text: str) -> Quantity:
    if word in GRAMS:
        return Quantity(number * GRAMS[word], "g", text=text)
    if word in ML:
        return Quantity(number * ML[word], "ml", text=text)
    return Quantity(number, "pieces", "" if word in _PIECES else word, text=text)


def volume_ml(measure: str) -> float | None:
    """Millilitres in a household measure, or None when it is not a volume.

    A measure is a serving's words: ``1 cup``, ``1 tbsp``, ``½ cup, chopped``; ``1
    medium`` and ``1 oz`` are no volume.

    >>> volume_ml("1 tbsp"), volume_ml("1 cup, mashed"), volume_ml("1 medium")
    (14.78676478125, 236.5882365, None)
    """
    try:
        quantity = parse_quantity(measure.split(",")[0])
    except ValueError:
        return None
    return quantity.value if quantity.unit == "ml" and quantity.value > 0 else None
