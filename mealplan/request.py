"""What a plan must satisfy: targets plus diet, allergens, food choices and solver settings."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from .errors import InputError, Where
from .foods import ALLERGENS, FoodTable, resolve_food
from .targets import Targets


class Diet(StrEnum):
    """Diets, each a subset of the one before."""

    OMNIVORE = "omnivore"
    PESCATARIAN = "pescatarian"
    VEGETARIAN = "vegetarian"
    VEGAN = "vegan"


class Objective(StrEnum):
    """What the planner optimises once every limit holds."""

    DEFAULT = "default"
    """Variety, liked foods, and magnesium beyond the RDA (up to 150 % of it)."""
    MAGNESIUM = "magnesium"
    """As much magnesium as the limits allow."""
    COST = "cost"
    """Lowest cost, from the table's ``price`` column or ``--prices``."""
    CALORIES = "calories"
    """Fewest calories that still meet every target."""


class Amounts(StrEnum):
    """How amounts are chosen."""

    SERVINGS = "servings"
    """Whole or half household servings, with meal structure and variety."""
    CONTINUOUS = "continuous"
    """Free gram amounts: a pure linear program, for analysis and custom tables."""


class Solver(StrEnum):
    """Solvers mealplan can drive through PuLP."""

    HIGHS = "highs"
    CBC = "cbc"


DEFAULT_TIME_LIMIT_S = 10.0
DEFAULT_GAP = 0.01
MAX_DAYS = 28


@dataclass(frozen=True)
class FoodChoice:
    """A food the user named with ``--include``/``--exclude``/``--like``/``--dislike``."""

    text: str
    """What the user typed."""
    food_ids: tuple[str, ...]
    """The foods it matched, sorted."""

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form."""
        return {"text": self.text, "food_ids": list(self.food_ids)}


@dataclass(frozen=True)
class PlanRequest:
    """Everything that decides a plan. Two equal requests give the same plan."""

    targets: Targets
    """Daily targets."""
    days: int = 1
    """Number of days to plan."""
    diet: Diet = Diet.OMNIVORE
    """The strictest diet every food must fit."""
    avoid: frozenset[str] = frozenset()
    """Allergens no food may contain."""
    exclude: tuple[FoodChoice, ...] = ()
    """Foods never used."""
    include: tuple[FoodChoice, ...] = ()
    """Each must appear in the plan at least once (any one of its matches)."""
    like: tuple[FoodChoice, ...] = ()
    """Foods to favour."""
    dislike: tuple[FoodChoice, ...] = ()
    """Foods to avoid unless they are needed."""
    amounts: Amounts = Amounts.SERVINGS
    """Household servings or continuous grams."""
    objective: Objective = Objective.DEFAULT
    """What to optimise."""
    prices: Mapping[str, float] | None = None
    """Price per 100 g by food_id, overriding the table's ``price`` column."""
    max_days_per_food: int | None = None
    """How many days of the plan a food may appear on; None picks by plan length."""
    solver: Solver = Solver.HIGHS
    """Which solver PuLP drives."""
    time_limit: float = DEFAULT_TIME_LIMIT_S
    """Seconds the solver may spend in total."""
    gap: float = DEFAULT_GAP
    """Relative gap to the best bound at which a plan counts as good enough."""
    seed: int = 0
    """Changes the plan among near-equal ones; the same seed gives the same plan."""

    def __post_init__(self) -> None:
        if not 1 <= self.days <= MAX_DAYS:
            raise InputError(f"expected 1 to {MAX_DAYS} days, got {self.days}",
                             Where(flag="--days"))
        unknown = sorted(self.avoid - set(ALLERGENS))
        if unknown:
            from difflib import get_close_matches

            close = get_close_matches(unknown[0], ALLERGENS, n=1)
            hint = f" Did you mean {close[0]}?" if close else ""
            raise InputError(
                f"unknown allergen {unknown[0]!r}; expected one of {', '.join(ALLERGENS)}."
                f"{hint}",
                Where(flag="--avoid"),
            )
        if not self.time_limit > 0:
            raise InputError(f"expected seconds > 0, got {self.time_limit:g}",
                             Where(flag="--time-limit"))
        if not 0 <= self.gap < 1:
            raise InputError(f"expected a fraction from 0 to 1 such as 0.01, got {self.gap:g}",
                             Where(flag="--gap"))
        if self.max_days_per_food is not None and self.max_days_per_food < 1:
            raise InputError(f"expected 1 or more, got {self.max_days_per_food}",
                             Where(flag="--max-days-per-food"))

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON summary for reports."""
        return {
            "days": self.days,
            "diet": str(self.diet),
            "avoid": sorted(self.avoid),
            "exclude": [c.to_dict() for c in self.exclude],
            "include": [c.to_dict() for c in self.include],
            "like": [c.to_dict() for c in self.like],
            "dislike": [c.to_dict() for c in self.dislike],
            "amounts": str(self.amounts),
            "objective": str(self.objective),
            "max_days_per_food": self.max_days_per_food,
            "solver": str(self.solver),
            "time_limit": self.time_limit,
            "gap": self.gap,
            "seed": self.seed,
        }


def resolve_choices(foods: FoodTable, texts: Sequence[str], flag: str) -> tuple[FoodChoice, ...]:
    """Turn what the user typed for a food flag into food ids.

    Raises:
        InputError: A text matches no food; the message offers close matches.
    """
    return tuple(FoodChoice(t, tuple(sorted(resolve_food(foods, t, flag)))) for t in texts)


# Settings a profile file or the command line may give, with what each expects.
SETTINGS: Mapping[str, str] = {
    "sex": "female or male",
    "age": "whole years, 1 or more",
    "life_stage": "pregnant or lactating",
    "weight_kg": "kilograms",
    "height_cm": "centimetres",
    "activity": "sedentary, light, moderate, active or very_active",
    "kcal": "a range LOW-HIGH such as 1800-2200",
    "min": "NUTRIENT=VALUE entries such as magnesium_mg=400",
    "max": "NUTRIENT=VALUE entries such as sodium_mg=1500",
    "max_caffeine": "milligrams per day",
    "no_caffeine": "true or false",
    "supplement_mg": "milligrams of magnesium per day from a supplement",
    "no_default_targets": "true or false",
    "diet": "omnivore, pescatarian, vegetarian or vegan",
    "avoid": "allergens: " + ", ".join(ALLERGENS),
    "exclude": "food names or food_ids",
    "include": "food names or food_ids",
    "like": "food names or food_ids",
    "dislike": "food names or food_ids",
    "days": f"1 to {MAX_DAYS}",
    "amounts": "servings or continuous",
    "objective": "default, magnesium, cost or calories",
    "prices": "a CSV file with food_id and price (per 100 g) columns",
    "max_days_per_food": "on how many days of the plan one food may appear",
    "solver": "highs or cbc",
    "time_limit": "seconds",
    "gap": "a fraction such as 0.01",
    "seed": "a whole number",
    "foods": "default, full or a CSV file",
}
_LIST_SETTINGS = ("min", "max", "avoid", "exclude", "include", "like", "dislike")


def load_profile(path: str | Path) -> dict[str, Any]:
    """Read a TOML profile: the same settings as the flags, dashes or underscores.

    Raises:
        InputError: The file is missing, is not TOML, or names an unknown setting.
    """
    import tomllib
    from difflib import get_close_matches

    file = str(path)
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError as exc:
        raise InputError("file not found", Where(file=file, flag="--profile")) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"not a valid TOML file: {exc}", Where(file=file)) from exc
    settings: dict[str, Any] = {}
    for key, value in data.items():
        name = key.replace("-", "_")
        if name not in SETTINGS:
            close = get_close_matches(name, list(SETTINGS), n=1)
            hint = f" Did you mean {close[0]}?" if close else ""
            raise InputError(f"unknown setting {key!r}.{hint}", Where(file=file))
        settings[name] = value
    return settings


def request_from_settings(foods: FoodTable, settings: Mapping[str, Any],
                          source: str = "") -> PlanRequest:
    """Build a PlanRequest from flat settings, as given by flags or a profile file.

    Args:
        foods: The food table, to resolve food names and nutrient columns.
        settings: Keys of :data:`SETTINGS`; missing keys take their defaults.
        source: Where the settings came from (a file name), for error messages.

    Raises:
        InputError: A value is not what its setting expects; the message names it.
    """
    from .targets import Activity, LifeStage, Profile, Sex, TargetOptions, resolve_targets

    s = dict(settings)
    for name in _LIST_SETTINGS:
        value = s.get(name)
        if isinstance(value, str):
            s[name] = [value]
        elif isinstance(value, Mapping):  # TOML: [min] magnesium_mg = 400
            s[name] = [f"{k}={v}" for k, v in value.items()]
    get = _Getter(s, source)
    profile = Profile(
        sex=get.choice("sex", Sex, Sex.FEMALE),
        age=get.integer("age", 35),
        life_stage=get.choice("life_stage", LifeStage, LifeStage.NONE),
        weight_kg=get.number("weight_kg"),
        height_cm=get.number("height_cm"),
        activity=get.choice("activity", Activity, None),
    )
    options = TargetOptions(
        kcal=get.kcal(),
        minimums=get.pairs("min"),
        maximums=get.pairs("max"),
        max_caffeine_mg=get.number("max_caffeine"),
        no_caffeine=get.flag("no_caffeine"),
        supplement_mg=get.number("supplement_mg") or 0.0,
        no_default_targets=get.flag("no_default_targets"),
    )
    targets = resolve_targets(profile, options, foods.nutrients)
    prices_file = s.get("prices")
    return PlanRequest(
        targets=targets,
        days=get.integer("days", 1),
        diet=get.choice("diet", Diet, Diet.OMNIVORE),
        avoid=frozenset(get.words("avoid", normalise=True)),
        exclude=resolve_choices(foods, get.words("exclude"), "--exclude"),
        include=resolve_choices(foods, get.words("include"), "--include"),
        like=resolve_choices(foods, get.words("like"), "--like"),
        dislike=resolve_choices(foods, get.words("dislike"), "--dislike"),
        amounts=get.choice("amounts", Amounts, Amounts.SERVINGS),
        objective=get.choice("objective", Objective, Objective.DEFAULT),
        prices=None if prices_file is None else read_prices(prices_file, foods),
        max_days_per_food=get.integer("max_days_per_food", None),
        solver=get.choice("solver", Solver, Solver.HIGHS),
        time_limit=_default(get.number("time_limit"), DEFAULT_TIME_LIMIT_S),
        gap=_default(get.number("gap"), DEFAULT_GAP),
        seed=get.integer("seed", 0),
    )


def _default(value: float | None, default: float) -> float:
    # Not ``value or default``: 0 is a value (and PlanRequest says why it is wrong).
    return default if value is None else value


class _Getter:
    """Typed access to settings, with errors that name the flag."""

    def __init__(self, settings: Mapping[str, Any], source: str) -> None:
        self.settings, self.source = settings, source

    def _where(self, name: str) -> Where:
        return Where(file=self.source or None, flag="--" + name.replace("_", "-"))

    def _bad(self, name: str, value: Any) -> InputError:
        return InputError(f"expected {SETTINGS[name]}, got {value!r}", self._where(name))

    def choice(self, name: str, enum: Any, default: Any) -> Any:
        value = self.settings.get(name)
        if value is None:
            return default
        try:
            return enum(str(value).lower().replace("-", "_"))
        except ValueError:
            raise self._bad(name, value) from None

    def number(self, name: str) -> float | None:
        value = self.settings.get(name)
        if value is None:
            return None
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise self._bad(name, value) from None
        if isinstance(value, bool) or not math.isfinite(number):
            raise self._bad(name, value)
        return number

    def integer(self, name: str, default: int | None) -> Any:
        value = self.settings.get(name)
        if value is None:
            return default
        if isinstance(value, bool) or not str(value).strip().lstrip("-").isdigit():
            raise self._bad(name, value)
        return int(value)

    def flag(self, name: str) -> bool:
        value = self.settings.get(name, False)
        if not isinstance(value, bool):
            raise self._bad(name, value)
        return value

    def words(self, name: str, normalise: bool = False) -> list[str]:
        value = self.settings.get(name) or []
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise self._bad(name, value)
        words = [v.strip() for v in value if v.strip()]
        if normalise:  # "Tree nut" and "tree-nut" mean tree_nut, as choices do
            words = ["_".join(w.lower().replace("-", " ").split()) for w in words]
        return words

    def pairs(self, name: str) -> dict[str, float]:
        pairs = {}
        for entry in self.words(name):
            key, sep, value = entry.partition("=")
            try:
                number = float(value)
            except ValueError:
                number = math.nan
            if not sep or not key.strip() or not math.isfinite(number):
                raise self._bad(name, entry)
            pairs[key.strip()] = number
        return pairs

    def kcal(self) -> tuple[float, float] | None:
        value = self.settings.get("kcal")
        if value is None:
            return None
        if isinstance(value, list | tuple) and len(value) == 2:
            low, high = value
        else:
            low, sep, high = str(value).partition("-")
            if not sep:
                raise self._bad("kcal", value)
        try:
            return float(low), float(high)
        except (TypeError, ValueError):
            raise self._bad("kcal", value) from None


def read_prices(path: str | Path, foods: FoodTable) -> dict[str, float]:
    """Read a prices file: CSV with ``food_id`` and ``price`` (per 100 g) columns.

    Raises:
        InputError: Missing file or columns, a price that is not a number >= 0, or a
            food_id the table does not have (each names the file, row and column).
    """
    import csv

    file = str(path)
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except FileNotFoundError as exc:
        raise InputError("file not found", Where(file=file, flag="--prices")) from exc
    except UnicodeDecodeError as exc:
        raise InputError("not UTF-8 text; save it as UTF-8 CSV", Where(file=file)) from exc
    if not rows or not {"food_id", "price"} <= set(rows[0]):
        raise InputError("expected a CSV file with food_id and price columns",
                         Where(file=file, flag="--prices"))
    prices: dict[str, float] = {}
    for number, row in enumerate(rows, start=1):
        fid = (row["food_id"] or "").strip()
        if fid not in foods.frame.index:
            raise InputError(f"unknown food_id {fid!r}", Where(file, number, "food_id"))
        try:
            price = float(row["price"])
        except (TypeError, ValueError):
            price = math.nan
        if not price >= 0:
            raise InputError(f"expected a price >= 0 per 100 g, got {row['price']!r}",
                             Where(file, number, "price"))
        prices[fid] = price
    return prices
