"""Caffeine as people drink it: what they have now, a cut-back schedule, and when.

Rules kept as data here, each with its source (see also the README):

- **Drinks** (:data:`DRINKS`): caffeine per serving in FNDDS 2017-2018, the default
  table's source, rounded up to the mg (brewed coffee 8 fl oz 96 mg, espresso 1 fl oz
  64 mg, black tea 48 mg, green tea 29 mg, cola 12 fl oz 34 mg), so ``--caffeine-now
  "3 cups coffee"`` means 288 mg a day, and the habit as the table serves it fits
  under a cap of what is drunk now (with SR28's 95 mg a cup, two cups of the table's
  96 mg coffee did not fit under 190 mg).
- **Cutting back** (:func:`cut_back`): withdrawal (headache, fatigue, low mood) starts
  12-24 h after the last dose, peaks at 20-51 h, lasts 2-9 days, and can follow habitual
  intakes as low as about 100 mg a day (Juliano and Griffiths 2004, Psychopharmacology
  176:1-29), so the usual advice is to reduce gradually. Each step down is at most
  :data:`STEP_FRACTION` (a quarter) of the starting intake, never below the goal, and
  the steps are spread evenly over the cut-back.
- **Timing** (:func:`meals_until`): 400 mg taken 6 h before bed still cut sleep by more
  than an hour (Drake et al. 2013, J Clin Sleep Med 9:1195-1200); caffeine can be kept
  to the meals up to a chosen one. The planned snack is the afternoon one, between
  lunch and dinner.
- **Caffeinated food** (:func:`caffeinated`): a serving has caffeine (> 0 mg). Decaf
  coffee and hot cocoa count: they have a few mg. A food whose caffeine is unknown is
  left out under any caffeine cap (see :func:`mealplan.model.eligible_foods`), and every
  plan that may have caffeine has a cap.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import InputError, Where

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from .foods import FoodTable


@dataclass(frozen=True)
class Drink:
    """A caffeinated drink people count in servings."""

    name: str
    """What people call it: ``coffee``, ``espresso``, ``tea``..."""
    caffeine_mg: float
    """Caffeine in one serving (FNDDS 2017-2018, rounded up to the mg)."""
    serving: str
    """The serving: ``cup (8 fl oz)``, ``shot (1 fl oz)``, ``can (12 fl oz)``."""
    kind: str
    """The kind of food table drink it is: ``coffee``, ``tea`` or ``cola``."""


DRINKS: Mapping[str, Drink] = {
    d.name: d for d in (
        Drink("coffee", 96.0, "cup (8 fl oz)", "coffee"),
        Drink("espresso", 64.0, "shot (1 fl oz)", "coffee"),
        Drink("tea", 48.0, "cup (8 fl oz)", "tea"),
        Drink("black tea", 48.0, "cup (8 fl oz)", "tea"),
        Drink("green tea", 29.0, "cup (8 fl oz)", "tea"),
        Drink("cola", 34.0, "can (12 fl oz)", "cola"),
    )
}
"""Drinks ``--caffeine-now`` understands, by name."""

DEFAULT_DRINK = "coffee"
"""The habitual drink when the intake is given in mg alone: most caffeine drunk is coffee."""

# Foods of a drink kind, by name in the food table (decaf and half-caf included: they
# are how a habit shrinks).
KIND_NAMES: Mapping[str, str] = {
    "coffee": r"(?i)\b(?:coffee|espresso|cappuccino|latte)\b",
    "tea": r"(?i)\btea\b",
    "cola": r"(?i)\bcola\b",
}

MAX_INTAKE_MG = 1500.0
"""Largest intake ``--caffeine-now`` accepts: far above any safe habit (FDA: 400 mg), it
catches ``300 coffee`` meant as mg."""

STEP_FRACTION = 0.25
"""Largest step down of a cut-back, as a share of the starting intake."""
ROUND_MG = 5.0
"""Caps of a cut-back are rounded to this many mg (never below the goal)."""

MEAL_TIMES: tuple[str, ...] = ("breakfast", "lunch", "snack", "dinner")
"""Meals in the order they are eaten, for timing: the planned snack is the afternoon one."""
CUT_BACK_UNTIL = "lunch"
"""When cutting back, caffeine is kept to the meals up to this one unless asked otherwise."""

_UNITS = r"(?:cups?|mugs?|shots?|cans?|glass(?:es)?|servings?)"
_PART = re.compile(
    rf"^\s*(?P<count>\d+(?:\.\d+)?)\s*(?:(?P<mg>mg)\b|{_UNITS}\b)?\s*(?:of\s+)?"
    r"(?P<drink>[a-z][a-z ]*?)?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Intake:
    """What a person drinks now, read from ``--caffeine-now``."""

    caffeine_mg: float
    """Caffeine a day."""
    drink: str
    """The habitual drink (the one that supplies most of it), a key of :data:`DRINKS`."""
    text: str
    """What the user wrote."""


def parse_intake(text: str | float) -> Intake:
    """Read ``--caffeine-now``: mg a day, or servings of drinks.

    ``300`` and ``300 mg`` are milligrams of coffee; ``300 mg tea`` names the drink;
    ``3 cups coffee``, ``2 espresso`` and ``2 cups coffee + 1 cup green tea`` count
    servings (see :data:`DRINKS`). The drink supplying most caffeine is the habit.

    Raises:
        InputError: The text is none of these (names ``--caffeine-now``).

    Example:
        >>> parse_intake("3 cups coffee")
        Intake(caffeine_mg=288.0, drink='coffee', text='3 cups coffee')
    """
    if isinstance(text, int | float) and not isinstance(text, bool):
        text = f"{text:g}"
    if not isinstance(text, str):
        raise _bad_intake(repr(text))
    total = 0.0
    by_drink: dict[str, float] = {}
    for part in re.split(r"\s*(?:\+|,|\band\b)\s*", text.strip()):
        match = _PART.match(part)
        if not match:
            raise _bad_intake(repr(text))
        count = float(match["count"])
        name = " ".join((match["drink"] or "").lower().split())
        if name not in DRINKS:
            name = name.removesuffix("s")  # "2 espressos", "3 coffees"
        if name and name not in DRINKS:
            raise _bad_intake(repr(text), name)
        if match["mg"] or not name:
            if not match["mg"] and match.group(0).strip() != match["count"]:
                raise _bad_intake(repr(text))  # "3 cups" of what?
            mg = count
            name = name or DEFAULT_DRINK
        else:
            mg = count * DRINKS[name].caffeine_mg
        total += mg
        by_drink[name] = by_drink.get(name, 0.0) + mg
    if not 0 <= total <= MAX_INTAKE_MG:
        raise InputError(
            f"{total:,.0f} mg of caffeine a day is more than anyone should plan with "
            f"(at most {MAX_INTAKE_MG:,.0f} mg), got {text.strip()!r}; give mg a day "
            "('300 mg coffee') or servings of a drink ('3 cups coffee')",
            Where(flag="--caffeine-now"))
    habit = max(by_drink, key=lambda n: (by_drink[n], n == DEFAULT_DRINK))
    return Intake(round(total, 1), habit, text.strip())


def _bad_intake(got: str, drink: str | None = None) -> InputError:
    names = ", ".join(DRINKS)
    what = f"unknown drink {drink!r} in {got}" if drink else f"got {got}"
    return InputError(
        f"expected milligrams a day (300, or 300 mg tea) or servings of a drink such as "
        f"'3 cups coffee' or '2 cups coffee + 1 cup tea' (drinks: {names}); {what}",
        Where(flag="--caffeine-now"))


@dataclass(frozen=True)
class CaffeineSchedule:
    """A daily caffeine cap that steps down from what a person drinks now to a goal."""

    now_mg: float
    """What the person drinks now, mg a day."""
    goal_mg: float
    """Where the cut-back ends (the cap once it is over)."""
    drink: str
    """The habitual drink, a key of :data:`DRINKS`."""
    levels_mg: tuple[float, ...]
    """The caps of the whole cut-back, one per step, from the first to the goal."""
    taper_days: int
    """Days the cut-back takes; after them the cap is the goal."""
    caps_mg: tuple[float, ...]
    """The cap of each day of the plan (day 1 first)."""

    @property
    def steps(self) -> int:
        """How many times the cap goes down."""
        return len(self.levels_mg) - 1

    def cap(self, day: int) -> float:
        """The cap on a 1-based day of the plan (the goal after the plan's days)."""
        return self.caps_mg[day - 1] if 1 <= day <= len(self.caps_mg) else self.goal_mg

    def habit_mg(self, day: int | None) -> float:
        """Caffeine the habitual drink may supply on a day: the day's cap, at most ``now``.

        ``None`` is the plan's average day.
        """
        caps = self.caps_mg if day is None else (self.cap(day),)
        return sum(min(c, self.now_mg) for c in caps) / len(caps)

    def describe(self) -> str:
        """What the cut-back does, in words.

        E.g. ``cut back from 400 mg to 100 mg a day over 7 days, a daily cap falling by
        at most 25 % of the start: 400, 300, 200, 100 mg``.
        """
        if not self.steps:
            return f"caffeine up to {_mg(self.goal_mg)} a day ({self.drink} as now)"
        levels = ", ".join(f"{c:g}" for c in self.levels_mg)
        return (f"cut back from {_mg(self.now_mg)} to {_mg(self.goal_mg)} a day over "
                f"{self.taper_days} days, a daily cap falling by at most "
                f"{100 * STEP_FRACTION:g} % of the start: {levels} mg")

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form."""
        return {
            "now_mg": self.now_mg,
            "goal_mg": self.goal_mg,
            "drink": self.drink,
            "levels_mg": list(self.levels_mg),
            "taper_days": self.taper_days,
            "caps_mg": list(self.caps_mg),
            "description": self.describe(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CaffeineSchedule:
        """Inverse of :meth:`to_dict`."""
        return cls(float(data["now_mg"]), float(data["goal_mg"]), str(data["drink"]),
                   tuple(float(c) for c in data["levels_mg"]), int(data["taper_days"]),
                   tuple(float(c) for c in data["caps_mg"]))


def _mg(value: float) -> str:
    return f"{value:,.0f} mg"


def cut_back(intake: Intake, goal_mg: float, plan_days: int,
             taper_days: int | None = None) -> CaffeineSchedule:
    """The cut-back schedule from what a person drinks now to a goal.

    Steps down are at most :data:`STEP_FRACTION` of the starting intake, so
    ``ceil((now - goal) / (0.25 x now))`` steps; caps are rounded up to
    :data:`ROUND_MG` and never go below the goal. The steps are spread evenly over
    ``taper_days`` (by default the plan, but at least one day per cap). A shorter
    ``taper_days`` than that gives fewer, larger steps. A goal at or above the intake
    is no cut-back: every day's cap is the goal.

    Raises:
        InputError: ``taper_days`` is below 1.

    Example:
        >>> cut_back(parse_intake(400), 100, 7).caps_mg
        (400.0, 400.0, 300.0, 300.0, 200.0, 200.0, 100.0)
    """
    if taper_days is not None and taper_days < 1:
        raise InputError(f"expected 1 or more days, got {taper_days}", Where(flag="--taper-days"))
    now, goal_mg = intake.caffeine_mg, float(goal_mg)
    if goal_mg >= now:
        return CaffeineSchedule(now, goal_mg, intake.drink, (goal_mg,), 1,
                                (goal_mg,) * plan_days)
    step = STEP_FRACTION * now
    steps = math.ceil((now - goal_mg) / step - 1e-9)
    if taper_days is not None and taper_days < steps + 1:
        steps = taper_days - 1
        step = (now - goal_mg) / max(steps, 1)
    # Rounded up, so a step is never much more than planned, and never above the start.
    levels = [now, *(min(now, max(goal_mg, ROUND_MG * math.ceil((now - k * step) / ROUND_MG
                                                                  - 1e-9)))
                     for k in range(1, steps)), goal_mg] if steps else [goal_mg]
    levels = list(dict.fromkeys(levels))  # rounding may merge a step into the goal
    days = taper_days if taper_days is not None else max(plan_days, len(levels))
    caps = tuple(levels[d * len(levels) // days] if d < days else goal_mg
                 for d in range(plan_days))
    return CaffeineSchedule(now, goal_mg, intake.drink, tuple(levels), days, caps)


def meals_until(meal: str) -> frozenset[str]:
    """The meals that may carry caffeine when none is wanted after ``meal``.

    Raises:
        InputError: ``meal`` is not one of :data:`MEAL_TIMES` (names ``--caffeine-until``).

    >>> sorted(meals_until("lunch"))
    ['breakfast', 'lunch']
    """
    name = str(meal).strip().lower()
    if name not in MEAL_TIMES:
        raise InputError(f"expected one of {', '.join(MEAL_TIMES)}, got {meal!r}",
                         Where(flag="--caffeine-until"))
    return frozenset(MEAL_TIMES[:MEAL_TIMES.index(name) + 1])


def caffeinated_mask(frame: pd.DataFrame) -> np.ndarray:
    """Which rows of a food table bring caffeine: some (> 0 mg) in a serving."""
    import numpy as np

    if "caffeine_mg" not in frame.columns:
        return np.zeros(len(frame), bool)
    per_serving = frame["caffeine_mg"].to_numpy(float) * frame["serving_g"].to_numpy(float)
    return np.asarray(per_serving > 0, bool)


def caffeinated(foods: FoodTable) -> frozenset[str]:
    """Food ids that bring caffeine (see :func:`caffeinated_mask`)."""
    return frozenset(foods.frame.index[caffeinated_mask(foods.frame)])


def drink_kind_mask(frame: pd.DataFrame, drink: str) -> np.ndarray:
    """Rows of the habitual drink's kind (coffee, espresso and decaf for coffee)."""
    import numpy as np

    names = frame["name"].astype(str)
    return np.asarray(names.str.contains(KIND_NAMES[DRINKS[drink].kind], regex=True), bool)


def shortfall_note(schedule: CaffeineSchedule, caffeine_mg: Sequence[float],
                   meals: frozenset[str] | None) -> str | None:
    """Say when a plan's caffeine falls well short of what the cut-back allows.

    A day more than one step (a quarter of the start) below its cap, at most the
    current intake, is a sharper cut than the schedule meant: the meals that may carry
    caffeine hold only so many drinks of the table's foods.
    """
    step = STEP_FRACTION * schedule.now_mg
    short = [d for d, mg in enumerate(caffeine_mg, start=1)
             if mg < schedule.habit_mg(d) - step - 1e-6]
    if not short:
        return None
    first = short[0]
    where = f"at {describe_meals(meals)}" if meals else "in its meals"
    wider = " (--caffeine-until snack allows an afternoon cup)" if meals and (
        "snack" not in meals) else ""
    return (f"WARNING: on {_days(short)} the plan has less caffeine than the cut-back "
            f"allows (day {first}: {_mg(caffeine_mg[first - 1])} of "
            f"{_mg(schedule.habit_mg(first))}): the plan fits no more caffeinated "
            f"drinks {where}{wider}. A sharper cut makes withdrawal symptoms likelier.")


def whole_drinks_note(schedule: CaffeineSchedule, caffeine_mg: Sequence[float]) -> str | None:
    """Say what the days hold when whole drinks step down further than the caps do.

    The caps fall by ``STEP_FRACTION`` of the start, but a cup of coffee is a third of
    three cups: the days then sit under their caps, and the person should see the real
    steps.
    """
    if not schedule.steps:
        return None
    caps = [schedule.cap(d) for d in range(1, len(caffeine_mg) + 1)]
    levels = schedule.levels_mg
    step = max(a - b for a, b in zip(levels, levels[1:], strict=False))
    drops = [a - b for a, b in zip(caffeine_mg, caffeine_mg[1:], strict=False)]
    if not any(drop > step + 1e-6 for drop in drops):
        return None
    days = ", ".join(f"{mg:.0f}" for mg in caffeine_mg)
    return (f"In whole drinks the days have {days} mg of caffeine, each at or under its "
            f"cap ({', '.join(f'{c:g}' for c in caps)} mg): a drink is the smallest step, "
            f"so some steps are larger than {100 * STEP_FRACTION:g} % of the start.")


def _days(days: Sequence[int]) -> str:
    if len(days) == 1:
        return f"day {days[0]}"
    if list(days) == list(range(days[0], days[-1] + 1)):
        return f"days {days[0]}-{days[-1]}"
    return "days " + ", ".join(map(str, days))


def describe_meals(meals: Sequence[str] | frozenset[str]) -> str:
    """``breakfast and lunch``, in eating order."""
    ordered = [m for m in MEAL_TIMES if m in meals] + sorted(set(meals) - set(MEAL_TIMES))
    if len(ordered) <= 1:
        return "".join(ordered) or "no meal"
    return ", ".join(ordered[:-1]) + " and " + ordered[-1]
