"""What a plan must satisfy: targets plus diet, allergens, food choices and solver settings."""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from .caffeine import CUT_BACK_UNTIL, MEAL_TIMES, caffeinated, describe_meals, meals_until
from .errors import InputError, Where
from .files import read_input
from .foods import ALLERGENS, FoodTable, resolve_food
from .kitchen import DEFAULT_MAX_ITEMS, DEFAULT_MAX_MEAT_FISH, DEFAULT_MAX_WASTE_PCT
from .prices import Budget, parse_budget
from .targets import Targets
from .text import clean_text, normalise_choice


class Diet(StrEnum):
    """Diets, each a subset of the one before."""

    OMNIVORE = "omnivore"
    PESCATARIAN = "pescatarian"
    VEGETARIAN = "vegetarian"
    VEGAN = "vegan"


class Objective(StrEnum):
    """What the planner optimises once every limit holds."""

    DEFAULT = "default"
    """Variety, liked foods, and magnesium beyond the RDA (up to 130 % of it)."""
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


# Most weeks take 2-6 s; a 16-year-old boy's or a man's of 2,400-3,000 kcal under the
# sodium limit takes 7-12 s, and 10 s refused some of them.
DEFAULT_TIME_LIMIT_S = 20.0
# The bound a plan is judged against is the screening LP's average day, which may mix
# plate templates and portions no real day can: on the built-in table whole days stay
# 1-1.5 % below it at best (measured over 16 profiles). 2 % says a plan is as good as
# its structure allows.
MAX_TIME_LIMIT_S = 3600.0
DEFAULT_GAP = 0.02
MAX_DAYS = 28
MAX_SEED = 2**32 - 1
MAX_PRICE = 1e9
"""Largest price per 100 g, in any currency (as the food table's price column)."""


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
    budget: Budget | None = None
    """The most the plan may cost, a day or a week, in the prices' money."""
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
    caffeine_meals: frozenset[str] | None = None
    """Meals that may hold caffeinated foods (``--caffeine-until``); None allows all."""
    max_items: int | None = None
    """Different things the week buys, staples aside (``--max-items``); None: the
    kitchen default for one shop (mealplan.kitchen.DEFAULT_MAX_ITEMS)."""
    max_meat_fish: int | None = None
    """Kinds of meat and fish the week buys; None: the kitchen default."""
    max_waste: float | None = None
    """Percent of the perishable food the week buys that it may leave unused
    (``--max-waste``); None: the kitchen default (DEFAULT_MAX_WASTE_PCT). The week is
    re-planned toward it, and says so when it stays above."""
    no_basket: bool = False
    """Plan the days without buying them in packages from one shop (``--no-basket``),
    for tables that sell packages; the shopping list then totals what the days eat."""

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
        if not 0 < self.time_limit <= MAX_TIME_LIMIT_S:
            raise InputError(f"expected seconds > 0 and at most {MAX_TIME_LIMIT_S:g}, got "
                             f"{self.time_limit:g}", Where(flag="--time-limit"))
        if not 0 <= self.gap < 1:
            raise InputError(f"expected a fraction from 0 to 1 such as 0.01, got {self.gap:g}",
                             Where(flag="--gap"))
        if self.max_items is not None and self.max_items < 1:
            raise InputError(f"expected 1 or more, got {self.max_items}",
                             Where(flag="--max-items"))
        if self.max_meat_fish is not None and self.max_meat_fish < 0:
            raise InputError(f"expected 0 or more, got {self.max_meat_fish}",
                             Where(flag="--max-meat-fish"))
        if self.max_waste is not None and not 0 <= self.max_waste <= 100:
            raise InputError(f"expected a percentage from 0 to 100, got {self.max_waste:g}",
                             Where(flag="--max-waste"))
        if self.max_days_per_food is not None and not 1 <= self.max_days_per_food <= MAX_DAYS:
            raise InputError(f"expected 1 to {MAX_DAYS}, got {self.max_days_per_food}",
                             Where(flag="--max-days-per-food"))
        if not 0 <= self.seed <= MAX_SEED:
            raise InputError(f"expected a whole number from 0 to {MAX_SEED}, got {self.seed}",
                             Where(flag="--seed"))

    def caffeine_allowed_in(self, meal: str) -> bool:
        """Whether a meal may hold caffeinated foods (a table without meals always may)."""
        return self.caffeine_meals is None or meal == "all" or meal in self.caffeine_meals

    def unasked_caffeine(self, foods: FoodTable) -> frozenset[str]:
        """Caffeinated foods the user did not ask for, which no plan may use.

        Whatever the objective, caffeine comes only on request: ``--caffeine-now``
        allows every caffeinated food (under each day's cap), and ``--like`` or
        ``--include`` allows the foods it names. See :func:`mealplan.caffeine.caffeinated`.
        """
        if self.targets.caffeine_schedule is not None:
            return frozenset()
        named = {fid for c in (*self.like, *self.include) for fid in c.food_ids}
        return caffeinated(foods) - named

    @property
    def items_cap(self) -> int:
        """Different things the week may buy, staples aside: ``--max-items`` or one shop's."""
        return DEFAULT_MAX_ITEMS if self.max_items is None else self.max_items

    @property
    def meat_fish_cap(self) -> int:
        """Kinds of meat and fish the week may buy: ``--max-meat-fish`` or one shop's."""
        return DEFAULT_MAX_MEAT_FISH if self.max_meat_fish is None else self.max_meat_fish

    @property
    def waste_cap(self) -> float:
        """Share of the perishable food bought the week may leave unused (a fraction).

        ``--max-waste`` or the kitchen's default.
        """
        return (DEFAULT_MAX_WASTE_PCT if self.max_waste is None else self.max_waste) / 100

    @property
    def counts_money(self) -> bool:
        """Whether money counts (cost objective or a budget): every food needs a price."""
        return self.objective is Objective.COST or self.budget is not None

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
            "budget": None if self.budget is None else self.budget.to_dict(),
            "max_days_per_food": self.max_days_per_food,
            "solver": str(self.solver),
            "time_limit": self.time_limit,
            "gap": self.gap,
            "seed": self.seed,
            "max_items": self.max_items,
            "max_meat_fish": self.max_meat_fish,
            "max_waste": self.max_waste,
            "no_basket": self.no_basket,
            "caffeine_meals": (None if self.caffeine_meals is None
                               else [m for m in MEAL_TIMES if m in self.caffeine_meals]),
        }


def resolve_choices(foods: FoodTable, texts: Sequence[str], flag: str) -> tuple[FoodChoice, ...]:
    """Turn what the user typed for a food flag into food ids.

    Raises:
        InputError: A text matches no food; the message offers close matches.
    """
    return tuple(FoodChoice(clean_text(t), tuple(sorted(resolve_food(foods, t, flag))))
                 for t in texts)


# Settings a profile file or the command line may give, with what each expects.
SETTINGS: Mapping[str, str] = {
    "sex": "female or male",
    "age": "whole years, 1 or more",
    "life_stage": "pregnant or lactating",
    "trimester": "1, 2 or 3 (with life_stage pregnant)",
    "lactation_months": "0-6 or 7-12 (with life_stage lactating)",
    "weight_kg": "kilograms",
    "height_cm": "centimetres",
    "activity": "sedentary, light, moderate, active or very_active",
    "kcal": "a range LOW-HIGH such as 1800-2200",
    "min": "NUTRIENT=VALUE entries such as magnesium_mg=400",
    "max": "NUTRIENT=VALUE entries such as sodium_mg=1500",
    "max_caffeine": "milligrams per day",
    "no_caffeine": "true or false",
    "caffeine_now": "caffeine you have now: mg a day, or servings such as '3 cups coffee'",
    "taper_days": "days a cut-back from caffeine_now takes",
    "caffeine_until": "the last meal with caffeine: breakfast, lunch, snack or dinner",
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
    "packages": "a CSV file of package sizes: purchase_id or name, package, package_g",
    "budget": "an amount a day such as 6.50, or a week such as 45/week",
    "max_days_per_food": "on how many days of the plan one food may appear",
    "solver": "highs or cbc",
    "time_limit": "seconds",
    "gap": "a fraction such as 0.01",
    "seed": f"a whole number from 0 to {MAX_SEED}",
    "max_items": "different things the week buys, staples aside (1 or more)",
    "max_meat_fish": "kinds of meat and fish the week buys (0 or more)",
    "max_waste": "percent of the perishable food bought the week may leave unused (0 to 100)",
    "no_basket": "true or false",
    "foods": "default, full or a CSV file",
}
_LIST_SETTINGS = ("min", "max", "avoid", "exclude", "include", "like", "dislike")


def _is_integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_strings(value: Any) -> bool:
    return isinstance(value, str) or (
        isinstance(value, list) and all(isinstance(v, str) for v in value))


def _is_kcal(value: Any) -> bool:
    return isinstance(value, str) or (
        isinstance(value, list) and len(value) == 2 and all(_is_number(v) for v in value))


def _is_limits(value: Any) -> bool:
    if isinstance(value, dict):
        return all(_is_number(v) for v in value.values())
    return _is_strings(value)


# The TOML type each profile setting takes, checked before any value is used.
_TOML_TYPES: Mapping[str, tuple[str, Callable[[Any], bool]]] = {
    **dict.fromkeys(("sex", "life_stage", "activity", "diet", "amounts", "objective",
                     "solver", "prices", "foods", "packages", "caffeine_until",
                     "lactation_months"), ("a string", lambda v: isinstance(v, str))),
    **dict.fromkeys(("age", "days", "max_days_per_food", "seed", "taper_days", "trimester",
                     "max_items", "max_meat_fish"), ("an integer", _is_integer)),
    **dict.fromkeys(("weight_kg", "height_cm", "max_caffeine", "supplement_mg", "time_limit",
                     "gap", "max_waste"), ("a number", _is_number)),
    **dict.fromkeys(("budget", "caffeine_now"),
                    ("a string or a number", lambda v: isinstance(v, str) or _is_number(v))),
    **dict.fromkeys(("no_caffeine", "no_default_targets", "no_basket"),
                    ("true or false", lambda v: isinstance(v, bool))),
    **dict.fromkeys(("avoid", "exclude", "include", "like", "dislike"),
                    ("a string or an array of strings", _is_strings)),
    "kcal": ('a string such as "1800-2200" or an array of two numbers', _is_kcal),
    **dict.fromkeys(("min", "max"), ('an array of strings such as ["magnesium_mg=400"] or a '
                                     "table of numbers", _is_limits)),
}


def _toml_type(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, datetime.date | datetime.time):
        return "a date or time"
    return type(value).__name__


def load_profile(path: str | Path) -> dict[str, Any]:
    """Read a TOML profile: the same settings as the flags, dashes or underscores.

    Every value must have its setting's TOML type (``age = 35``, not ``age = "35"``),
    and a setting may be given once (``weight-kg`` and ``weight_kg`` are one setting).

    Raises:
        InputError: The file is missing, not a regular file, too large, not TOML, names
            an unknown setting, gives one twice, or gives a value of the wrong type;
            the message names the file and the setting.
    """
    import tomllib
    from difflib import get_close_matches

    file = str(path)
    data = read_input(path, "--profile")
    try:
        parsed = tomllib.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputError("not a valid TOML file: expected UTF-8 text",
                         Where(file=file)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"not a valid TOML file: {exc}", Where(file=file)) from exc
    except RecursionError:
        raise InputError("not a valid profile: values are nested too deeply",
                         Where(file=file)) from None
    settings: dict[str, Any] = {}
    spelled: dict[str, str] = {}
    for key, value in parsed.items():
        name = key.replace("-", "_")
        if name not in SETTINGS:
            close = get_close_matches(name, list(SETTINGS), n=1)
            hint = f" Did you mean {close[0]}?" if close else ""
            raise InputError(f"unknown setting {clean_text(key)!r}.{hint}", Where(file=file))
        if name in spelled:
            raise InputError(f"{spelled[name]!r} and {key!r} are the same setting; give it "
                             "once", Where(file=file, flag=key))
        spelled[name] = key
        expected, valid = _TOML_TYPES[name]
        if not valid(value):
            raise InputError(f"expected {expected} ({SETTINGS[name]}), got "
                             f"{_toml_type(value)} {_short(value)}", Where(file=file, flag=key))
        settings[name] = value
    return settings


def _short(value: Any) -> str:
    text = clean_text(repr(value))
    return text if len(text) <= 60 else text[:57] + "..."


def request_from_settings(foods: FoodTable, settings: Mapping[str, Any], source: str = "",
                          file_keys: Collection[str] | None = None) -> PlanRequest:
    """Build a PlanRequest from flat settings, as given by flags or a profile file.

    Args:
        foods: The food table, to resolve food names and nutrient columns.
        settings: Keys of :data:`SETTINGS`; missing keys take their defaults.
        source: Where the settings came from (a file name), for error messages.
        file_keys: The settings that came from ``source``; the others came from flags.
            ``None``: every setting came from ``source`` (when one is named).

    Raises:
        InputError: A value is not what its setting expects, or two settings
            contradict each other; the message names them (and the file).
    """
    keys = frozenset(settings if file_keys is None and source else file_keys or ())
    get = _Getter(settings, source, keys)
    try:
        return _request(foods, get)
    except InputError as exc:
        raise get.locate(exc) from exc


def _request(foods: FoodTable, get: _Getter) -> PlanRequest:
    from .targets import (
        Activity,
        LactationPeriod,
        LifeStage,
        Profile,
        Sex,
        TargetOptions,
        resolve_targets,
    )

    profile = Profile(
        sex=get.choice("sex", Sex, Sex.FEMALE),
        age=get.integer("age", 35),
        life_stage=get.choice("life_stage", LifeStage, LifeStage.NONE),
        weight_kg=get.number("weight_kg"),
        height_cm=get.number("height_cm"),
        activity=get.choice("activity", Activity, None),
        trimester=get.integer("trimester", None),
        lactation=get.period("lactation_months", LactationPeriod),
    )
    days = get.integer("days", 1)
    if get.flag("no_caffeine") and get.given("max_caffeine"):
        raise InputError(f"{get.describe('no_caffeine')} and {get.describe('max_caffeine')} "
                         "contradict each other; give one of them")
    options = TargetOptions(
        kcal=get.kcal(),
        minimums=get.pairs("min"),
        maximums=get.pairs("max"),
        max_caffeine_mg=get.number("max_caffeine"),
        no_caffeine=get.flag("no_caffeine"),
        supplement_mg=get.number("supplement_mg") or 0.0,
        no_default_targets=get.flag("no_default_targets"),
        caffeine_now=get.text_or_number("caffeine_now"),
        taper_days=get.integer("taper_days", None),
        plan_days=days,
    )
    targets = resolve_targets(profile, options, foods.nutrients)
    until = get.text_or_number("caffeine_until")
    caffeine_meals = None
    if until is not None:
        caffeine_meals = meals_until(str(until))
    elif targets.caffeine_schedule is not None:
        caffeine_meals = meals_until(CUT_BACK_UNTIL)
    targets = _with_caffeine_notes(targets, caffeine_meals, until is not None,
                                   options.max_caffeine_mg, foods)
    choices = {name: resolve_choices(foods, get.words(name), "--" + name)
               for name in ("exclude", "include", "like", "dislike")}
    _check_choices(choices, get)
    prices_file = get.settings.get("prices")
    budget = get.settings.get("budget")
    return PlanRequest(
        targets=targets,
        caffeine_meals=caffeine_meals,
        days=days,
        diet=get.choice("diet", Diet, Diet.OMNIVORE),
        avoid=frozenset(get.words("avoid", normalise=True)),
        exclude=choices["exclude"],
        include=choices["include"],
        like=choices["like"],
        dislike=choices["dislike"],
        amounts=get.choice("amounts", Amounts, Amounts.SERVINGS),
        objective=get.choice("objective", Objective, Objective.DEFAULT),
        prices=None if prices_file is None else read_prices(prices_file, foods),
        budget=None if budget is None else parse_budget(budget),
        max_days_per_food=get.integer("max_days_per_food", None),
        solver=get.choice("solver", Solver, Solver.HIGHS),
        time_limit=_default(get.number("time_limit"), DEFAULT_TIME_LIMIT_S),
        gap=_default(get.number("gap"), DEFAULT_GAP),
        seed=get.integer("seed", 0),
        max_items=get.integer("max_items", None),
        max_meat_fish=get.integer("max_meat_fish", None),
        max_waste=get.number("max_waste"),
        no_basket=get.flag("no_basket"),
    )


def _with_caffeine_notes(targets: Targets, meals: frozenset[str] | None, asked: bool,
                         max_caffeine: float | None, foods: FoodTable) -> Targets:
    """Say when caffeine may come and, when a cap alone was given, why none does."""
    import dataclasses

    notes = list(targets.notes)
    if meals is not None:
        if foods.has_meals:
            how = "as asked" if asked else "the default when cutting back"
            notes.append(f"Caffeine only at {describe_meals(meals)} ({how}; "
                         "--caffeine-until changes it), to keep it out of the hours "
                         "before sleep.")
        else:
            notes.append("The food table has no meals, so --caffeine-until has no effect.")
    if targets.caffeine_schedule is None and max_caffeine and caffeinated(foods):
        notes.append("Coffee, tea, chocolate and other caffeinated foods come only when "
                     "asked for: give --caffeine-now with what you have now (such as "
                     "--caffeine-now \"2 cups coffee\"), or --like or --include the food.")
    return dataclasses.replace(targets, notes=tuple(notes))


# Pairs of food choices that cannot both hold for one food: (first, second, why).
_CONTRADICTING = (
    ("like", "dislike", "a food cannot be both favoured and avoided"),
    ("like", "exclude", "an excluded food is never used, so favouring it does nothing"),
    ("include", "exclude", "every food the --include matches is excluded"),
)


def _check_choices(choices: Mapping[str, tuple[FoodChoice, ...]], get: _Getter) -> None:
    for first, second, why in _CONTRADICTING:
        others = {fid: c for c in choices[second] for fid in c.food_ids}
        for choice in choices[first]:
            clash = [fid for fid in choice.food_ids if fid in others]
            # An --include needs just one of its foods, so only all of them excluded clash.
            if clash and (first != "include" or len(clash) == len(choice.food_ids)):
                other = others[clash[0]]
                raise InputError(
                    f"{get.describe(first, choice.text)} and "
                    f"{get.describe(second, other.text)} contradict each other ({why}); "
                    "give one of them")


def _default(value: float | None, default: float) -> float:
    # Not ``value or default``: 0 is a value (and PlanRequest says why it is wrong).
    return default if value is None else value


class _Getter:
    """Typed access to settings, with errors that name the flag, or the file and key."""

    def __init__(self, settings: Mapping[str, Any], source: str,
                 file_keys: frozenset[str]) -> None:
        s = dict(settings)
        for name in _LIST_SETTINGS:
            value = s.get(name)
            if isinstance(value, str):
                s[name] = [value]
            elif isinstance(value, Mapping):  # TOML: [min] magnesium_mg = 400
                s[name] = [f"{k}={v}" for k, v in value.items()]
        self.settings, self.source, self.file_keys = s, source, file_keys

    def _where(self, name: str) -> Where:
        if name in self.file_keys:
            return Where(file=self.source, flag=name)
        return Where(flag="--" + name.replace("_", "-"))

    def _bad(self, name: str, value: Any) -> InputError:
        return InputError(f"expected {SETTINGS[name]}, got {_short(value)}", self._where(name))

    def given(self, name: str) -> bool:
        return self.settings.get(name) is not None

    def describe(self, name: str, value: Any = None) -> str:
        """A setting as the user gave it: ``--like spinach`` or ``like in cramps.toml``."""
        flag = "--" + name.replace("_", "-")
        if value is None and name in self.settings and not isinstance(
                self.settings[name], bool):
            value = self.settings[name]
        if isinstance(value, float):
            value = f"{value:g}"
        shown = "" if value is None or isinstance(value, list) else f" {clean_text(str(value))}"
        if name in self.file_keys:
            return f"{name}{' =' if shown else ''}{shown} in {self.source}"
        return f"{flag}{shown}"

    def locate(self, exc: InputError) -> InputError:
        """The error, naming the profile file when the setting it names came from there."""
        where = exc.where
        if where is None or where.flag is None or where.file is not None:
            return exc
        names = [f.strip().lstrip("-").replace("-", "_") for f in where.flag.split("/")]
        from_file = [n for n in names if n in self.file_keys]
        if not from_file:
            return exc
        return InputError(exc.problem, Where(self.source, where.row, where.column,
                                             "/".join(from_file)), more=exc.more)

    def choice(self, name: str, enum: Any, default: Any) -> Any:
        value = self.settings.get(name)
        if value is None:
            return default
        try:
            return enum(normalise_choice(str(value)))
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

    def period(self, name: str, enum: Any) -> Any:
        value = self.settings.get(name)
        if value is None:
            return None
        try:
            return enum(str(value).strip().replace(" ", ""))
        except ValueError:
            raise self._bad(name, value) from None

    def text_or_number(self, name: str) -> str | float | None:
        value = self.settings.get(name)
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        raise self._bad(name, value)

    def flag(self, name: str) -> bool:
        value = self.settings.get(name, False)
        if not isinstance(value, bool):
            raise self._bad(name, value)
        return value

    def words(self, name: str, normalise: bool = False) -> list[str]:
        value = self.settings.get(name) or []
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise self._bad(name, value)
        if any(not v.strip() for v in value):
            raise InputError(f"expected {SETTINGS[name]}, got an empty text",
                             self._where(name))
        words = [v.strip() for v in value]
        if normalise:  # "Tree nut" and "tree-nut" mean tree_nut, as choices do
            words = [normalise_choice(w) for w in words]
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
        if isinstance(value, list | tuple) and len(value) == 2 and all(
                _is_number(v) for v in value):
            low, high = value
        elif isinstance(value, str):
            low, sep, high = value.partition("-")
            if not sep:
                raise self._bad("kcal", value)
        else:
            raise self._bad("kcal", value)
        try:
            return float(low), float(high)
        except (TypeError, ValueError):
            raise self._bad("kcal", value) from None


def read_prices(path: str | Path, foods: FoodTable) -> dict[str, float]:
    """Read a prices file: CSV with ``food_id`` and ``price`` (per 100 g) columns.

    Every bad row is reported at once. A food_id that lost its leading zeros in a
    spreadsheet (``9040`` for ``09040``) still matches.

    Raises:
        InputError: Missing file or columns, a price that is not a number >= 0 (an
            empty cell is not a price: leave the row out), a food_id the table does
            not have, or one given twice; each names the file, row and column.
    """
    import csv
    import io
    from difflib import get_close_matches

    file = str(path)
    try:
        text = read_input(path, "--prices").decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("not UTF-8 text; save it as UTF-8 CSV", Where(file=file)) from exc
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    if not rows or not {"food_id", "price"} <= set(rows[0]):
        raise InputError("expected a CSV file with food_id and price columns",
                         Where(file=file, flag="--prices"))
    index = foods.frame.index
    prices: dict[str, float] = {}
    errors: list[InputError] = []
    for number, row in enumerate(rows, start=1):
        fid = (row["food_id"] or "").strip()
        if fid not in index and fid.isdigit() and fid.zfill(5) in index:
            fid = fid.zfill(5)
        if fid not in index:
            close = get_close_matches(fid, list(index), n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            errors.append(InputError(f"unknown food_id {_short(fid)}{hint}",
                                     Where(file, number, "food_id")))
            continue
        try:
            price = float(row["price"])
        except (TypeError, ValueError):
            price = math.nan
        if not 0 <= price <= MAX_PRICE:
            errors.append(InputError(
                f"expected a price per 100 g from 0 to 1e9 for "
                f"{str(foods.frame.at[fid, 'name'])}, got {_short(row['price'])}",
                Where(file, number, "price")))
        elif fid in prices:
            errors.append(InputError(f"food_id {fid} is priced twice",
                                     Where(file, number, "food_id")))
        else:
            prices[fid] = price
    if errors:
        raise InputError(errors[0].problem, errors[0].where, more=errors[1:])
    return prices
