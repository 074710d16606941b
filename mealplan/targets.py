"""Daily targets from a person's profile: magnesium RDA, energy, a balanced diet, caffeine.

Reference values are kept as data in this module, each with its source, so a
reviewer can compare them with the publications:

- Magnesium RDA and supplemental UL: NIH Office of Dietary Supplements, Magnesium Fact
  Sheet for Health Professionals, Tables 1 and 3 (Food and Nutrition Board DRIs, 1997).
- Energy, adults: Mifflin-St Jeor resting energy times an activity factor. Ages 1-18:
  the DRI Estimated Energy Requirement equations (IOM 2005, the set in the reference
  notes; NASEM revised them in 2023) with the IOM reference heights and weights by age.
  Pregnancy adds 0, 340 or 452 kcal by trimester, lactation 330 or 400 kcal by period
  (IOM 2005).
- Balanced diet: Dietary Reference Intakes and Dietary Guidelines for Americans
  2020-2025 (protein RDA, AMDR shares, saturated fat, fiber AI, sodium CDRR).
- Caffeine: FDA (400 mg/day adults), EFSA 2015 and ACOG (200 mg/day in pregnancy and
  lactation; about 3 mg/kg/day for children and adolescents).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from .caffeine import ROUND_MG, STEP_FRACTION, CaffeineSchedule, cut_back, parse_intake
from .errors import InputError, Where


class Sex(StrEnum):
    """Sex used by the reference tables."""

    FEMALE = "female"
    MALE = "male"


class LifeStage(StrEnum):
    """Life stages with their own reference values."""

    NONE = "none"
    PREGNANT = "pregnant"
    LACTATING = "lactating"


class LactationPeriod(StrEnum):
    """Months since birth, for the energy lactation adds."""

    FIRST = "0-6"
    SECOND = "7-12"


class Activity(StrEnum):
    """Physical activity levels with their Mifflin-St Jeor multipliers."""

    SEDENTARY = "sedentary"
    LIGHT = "light"
    MODERATE = "moderate"
    ACTIVE = "active"
    VERY_ACTIVE = "very_active"


class Basis(StrEnum):
    """What a target's numbers are relative to."""

    DAY = "day"
    """An amount per day, in the nutrient's unit."""
    ENERGY_PCT = "energy_pct"
    """Percent of the day's energy, using Atwater factors (4 kcal/g protein and
    carbohydrate, 9 kcal/g fat)."""
    PER_1000_KCAL = "per_1000kcal"
    """Amount per 1,000 kcal of the day's energy."""


ACTIVITY_FACTORS: Mapping[Activity, float] = {
    Activity.SEDENTARY: 1.2,
    Activity.LIGHT: 1.375,
    Activity.MODERATE: 1.55,
    Activity.ACTIVE: 1.725,
    Activity.VERY_ACTIVE: 1.9,
}

# kcal per gram, for targets given as a share of energy.
ATWATER_KCAL_PER_G: Mapping[str, float] = {
    "protein_g": 4.0,
    "carbohydrate_g": 4.0,
    "fat_g": 9.0,
    "saturated_fat_g": 9.0,
}

# (first age, last age, male, female, pregnancy, lactation); NIH ODS Table 1.
# Ages below 1 year are Adequate Intakes for infants and are not planned for.
MAGNESIUM_RDA_MG: tuple[tuple[int, int, int, int, int | None, int | None], ...] = (
    (1, 3, 80, 80, None, None),
    (4, 8, 130, 130, None, None),
    (9, 13, 240, 240, None, None),
    (14, 18, 410, 360, 400, 360),
    (19, 30, 400, 310, 350, 310),
    (31, 50, 420, 320, 360, 320),
    (51, 200, 420, 320, None, None),
)

# (first age, last age, UL mg/day) for magnesium from supplements and medication only;
# NIH ODS Table 3. The UL does not apply to magnesium in food.
MAGNESIUM_SUPPLEMENT_UL_MG: tuple[tuple[int, int, int], ...] = (
    (1, 3, 65),
    (4, 8, 110),
    (9, 200, 350),
)

# Protein RDA in g/day when no body weight is given (DRI 2005; 19+ from the reference
# file, younger ages and pregnancy/lactation from the same DRI report).
PROTEIN_RDA_G: tuple[tuple[int, int, int, int], ...] = (
    (1, 3, 13, 13),
    (4, 8, 19, 19),
    (9, 13, 34, 34),
    (14, 18, 52, 46),
    (19, 200, 56, 46),
)
PROTEIN_RDA_G_PREGNANT_LACTATING = 71
PROTEIN_G_PER_KG = 0.8

# Sodium Chronic Disease Risk Reduction intake, mg/day (DRI 2019).
SODIUM_MAX_MG: tuple[tuple[int, int, int], ...] = (
    (1, 3, 1200),
    (4, 8, 1500),
    (9, 13, 1800),
    (14, 200, 2300),
)

# Reference body size (weight kg, height cm) by age of the DRI energy report (IOM 2005,
# Table 4-2; CDC growth-chart medians), used when no weight and height are given:
# (first age, last age, male, female).
REFERENCE_BODY_BY_AGE: tuple[tuple[int, int, tuple[float, float], tuple[float, float]], ...] = (
    (1, 3, (12.0, 86.0), (12.0, 86.0)),
    (4, 8, (20.0, 115.0), (20.0, 115.0)),
    (9, 13, (36.0, 144.0), (37.0, 144.0)),
    (14, 18, (61.0, 174.0), (54.0, 163.0)),
    (19, 200, (70.0, 177.0), (57.0, 163.0)),
)
DEFAULT_ACTIVITY = Activity.MODERATE
ENERGY_RANGE_FRACTION = 0.10

# DRI Estimated Energy Requirement (IOM 2005) for ages 3-18, with height in metres:
# a - b x age + PA x (c x weight + d x height) + deposit, the energy laid down in growth
# (20 kcal at 3-8, 25 at 9-18). Ages 1-2 (13-35 months): 89 x weight - 100 + 20.
EER_CHILD: Mapping[Sex, tuple[float, float, float, float]] = {
    Sex.MALE: (88.5, 61.9, 26.7, 903.0),
    Sex.FEMALE: (135.3, 30.8, 10.0, 934.0),
}
# Physical activity coefficients for 3-18 by PAL category: sedentary, low active,
# active, very active.
EER_CHILD_PA: Mapping[Sex, tuple[float, float, float, float]] = {
    Sex.MALE: (1.00, 1.13, 1.26, 1.42),
    Sex.FEMALE: (1.00, 1.16, 1.31, 1.56),
}
PA_CATEGORIES = ("sedentary", "low active", "active", "very active")
# Each activity level is the PAL category its Mifflin-St Jeor multiplier falls in
# (IOM 2005: sedentary below 1.4, low active 1.4-1.6, active 1.6-1.9, very active 1.9
# and up); "moderate" is the Dietary Guidelines' "moderately active", low active.
PA_CATEGORY: Mapping[Activity, int] = {
    Activity.SEDENTARY: 0,
    Activity.LIGHT: 0,
    Activity.MODERATE: 1,
    Activity.ACTIVE: 2,
    Activity.VERY_ACTIVE: 3,
}
# Energy added in pregnancy and lactation (IOM 2005 EER); the 2nd trimester and the
# first six months when not given, as before trimesters were asked for.
PREGNANCY_EXTRA_KCAL: Mapping[int, float] = {1: 0.0, 2: 340.0, 3: 452.0}
DEFAULT_TRIMESTER = 2
LACTATION_EXTRA_KCAL: Mapping[LactationPeriod, float] = {
    LactationPeriod.FIRST: 330.0, LactationPeriod.SECOND: 400.0}
DEFAULT_LACTATION = LactationPeriod.FIRST

# Portions sized to the energy need: the portion caps are those of this reference
# (the 2,000 kcal of the FDA Daily Values) times the need over it, within
# PORTION_SCALE_RANGE: a toddler still eats whole pieces, and a 2,700 kcal teenager
# eats a larger plate, not a fifth meal (the Dietary Guidelines' 2,800 kcal pattern
# has 1.4 times the 2,000 kcal one's grains and protein foods). Adults' caps never
# shrink below the reference: someone eating less eats fewer foods, not crumbs.
ADULT_REFERENCE_KCAL = 2000.0
PORTION_SCALE_RANGE = (0.5, 1.25)

# Acceptable Macronutrient Distribution Ranges by age (IOM 2005), % of energy:
# (first age, last age, protein, carbohydrate, fat).
AMDR_BY_AGE: tuple[tuple[int, int, tuple[int, int], tuple[int, int], tuple[int, int]], ...] = (
    (1, 3, (5, 20), (45, 65), (30, 40)),
    (4, 18, (10, 30), (45, 65), (25, 35)),
    (19, 200, (10, 35), (45, 65), (20, 35)),
)
# The Dietary Guidelines limit saturated fat from age 2.
SATURATED_FAT_FROM_AGE = 2

CAFFEINE_ADULT_MAX_MG = 400.0
CAFFEINE_PREGNANT_LACTATING_MAX_MG = 200.0
CAFFEINE_CHILD_MG_PER_KG = 3.0

# Calcium UL (IOM 2011), mg/day from all sources, food included: (first age, last
# age, UL), and for pregnancy and lactation by age.
CALCIUM_UL_MG: tuple[tuple[int, int, int], ...] = (
    (1, 8, 2500),
    (9, 18, 3000),
    (19, 50, 2500),
    (51, 200, 2000),
)
CALCIUM_UL_PREGNANT_LACTATING_MG: tuple[tuple[int, int, int], ...] = (
    (14, 18, 3000),
    (19, 200, 2500),
)

# The Healthy U.S.-Style Dietary Pattern (Dietary Guidelines 2020-2025): daily amounts
# by energy level, kcal -> (vegetables cup-eq, fruit cup-eq, grains oz-eq, dairy cup-eq,
# protein foods oz-eq); at least half of the grains whole.
FOOD_PATTERN: Mapping[int, tuple[float, float, float, float, float]] = {
    1600: (2.0, 1.5, 5.0, 3.0, 5.0),
    1800: (2.5, 1.5, 6.0, 3.0, 5.0),
    2000: (2.5, 2.0, 6.0, 3.0, 5.5),
    2200: (3.0, 2.0, 7.0, 3.0, 6.0),
    2400: (3.0, 2.0, 8.0, 3.0, 6.5),
    2600: (3.5, 2.0, 9.0, 3.0, 6.5),
    2800: (3.5, 2.5, 10.0, 3.0, 7.0),
    3000: (4.0, 2.5, 10.0, 3.0, 7.0),
}
# How much of each group's pattern amount every day must hold. The pattern's amounts
# are goals for the average day; as daily minimums they leave the planner too little
# room beside the magnesium and sodium limits, so each day must reach this share, and
# the default objective rewards the rest of the way.
FOOD_GROUP_MINIMUM_SHARE: Mapping[str, float] = {
    "vegetables_cup_eq": 0.75,
    "fruit_cup_eq": 0.5,
    "grains_oz_eq": 0.5,
    "whole_grains_oz_eq": 0.5,
    "dairy_cup_eq": 0.5,
    "protein_oz_eq": 0.75,
}
FOOD_GROUP_LABELS: Mapping[str, str] = {
    "vegetables_cup_eq": "vegetables", "fruit_cup_eq": "fruit", "grains_oz_eq": "grains",
    "whole_grains_oz_eq": "whole grains", "dairy_cup_eq": "dairy or fortified soy",
    "protein_oz_eq": "protein foods",
}

# Goals the default objective rewards up to (never limits): potassium AI and calcium
# RDA for adults (DRI; used for every age as a soft goal), fiber AI for 19-50.
POTASSIUM_AI_MG: Mapping[Sex, float] = {Sex.MALE: 3400.0, Sex.FEMALE: 2600.0}
FIBER_AI_G: Mapping[Sex, float] = {Sex.MALE: 38.0, Sex.FEMALE: 25.0}

DEFAULT_SEX = Sex.FEMALE
DEFAULT_AGE = 35

# Physical bounds on daily limits: they catch a value typed in the wrong unit and keep
# numbers (and messages) sane; they are not advice.
MAX_KCAL_PER_DAY = 20_000.0
"""Most energy a daily range may ask for: about twice a Tour de France stage."""
MAX_FOOD_G_PER_DAY = 10_000.0
"""Most food a day can hold: 10 kg. A daily limit on a nutrient cannot ask for more
than 10 kg of food could supply (100 times its largest amount per 100 g)."""
_MAX_PER_DAY_BY_UNIT: Mapping[str, float] = {
    "g": MAX_FOOD_G_PER_DAY,
    "mg": MAX_FOOD_G_PER_DAY * 1e3,
    "ug": MAX_FOOD_G_PER_DAY * 1e6,
    "mcg": MAX_FOOD_G_PER_DAY * 1e6,
    "iu": MAX_FOOD_G_PER_DAY * 4e7,
    "kcal": MAX_KCAL_PER_DAY,
}


def max_per_day(column: str) -> float | None:
    """The largest daily limit a nutrient column may take; None for columns without a unit.

    >>> max_per_day("magnesium_mg"), max_per_day("energy_kcal"), max_per_day("score")
    (10000000.0, 20000.0, None)
    """
    return _MAX_PER_DAY_BY_UNIT.get(unit_of(column))


@dataclass(frozen=True)
class Profile:
    """The person a plan is for."""

    sex: Sex = DEFAULT_SEX
    """Sex for the reference tables."""
    age: int = DEFAULT_AGE
    """Age in whole years (1 or more)."""
    life_stage: LifeStage = LifeStage.NONE
    """Pregnancy or lactation, which change the RDA and caffeine limit."""
    weight_kg: float | None = None
    """Body weight; with height it gives the energy range, alone the protein RDA."""
    height_cm: float | None = None
    """Body height."""
    activity: Activity | None = None
    """Activity level; ``moderate`` when not given."""
    trimester: int | None = None
    """Trimester of a pregnancy (1-3), for its energy; the 2nd when not given."""
    lactation: LactationPeriod | None = None
    """Months since birth while breastfeeding, for its energy; 0-6 when not given."""

    def __post_init__(self) -> None:
        if not 1 <= self.age <= 120:
            raise InputError(
                f"expected an age from 1 to 120 years, got {self.age} (mealplan plans "
                "solid-food diets; infants' magnesium comes from milk)",
                Where(flag="--age"),
            )
        if self.life_stage is not LifeStage.NONE:
            if self.sex is not Sex.FEMALE:
                raise InputError(
                    f"--life-stage {self.life_stage} needs --sex female", Where(flag="--life-stage")
                )
            if not 14 <= self.age <= 50:
                raise InputError(
                    f"reference values for {self.life_stage} cover ages 14 to 50, got {self.age}",
                    Where(flag="--life-stage"),
                )
        if self.trimester is not None:
            if self.life_stage is not LifeStage.PREGNANT:
                raise InputError("--trimester needs --life-stage pregnant",
                                 Where(flag="--trimester"))
            if self.trimester not in PREGNANCY_EXTRA_KCAL:
                raise InputError(f"expected 1, 2 or 3, got {self.trimester}",
                                 Where(flag="--trimester"))
        if self.lactation is not None and self.life_stage is not LifeStage.LACTATING:
            raise InputError("--lactation-months needs --life-stage lactating",
                             Where(flag="--lactation-months"))
        if self.weight_kg is not None and not 5 <= self.weight_kg <= 400:
            raise InputError(
                f"expected a weight from 5 to 400 kg, got {self.weight_kg:g}",
                Where(flag="--weight-kg"),
            )
        if self.height_cm is not None and not 50 <= self.height_cm <= 250:
            raise InputError(
                f"expected a height from 50 to 250 cm, got {self.height_cm:g}",
                Where(flag="--height-cm"),
            )

    def describe(self) -> str:
        """A short human description, e.g. ``female, 35 years, pregnant``."""
        parts = [str(self.sex), f"{self.age} years"]
        if self.life_stage is not LifeStage.NONE:
            parts.append(str(self.life_stage))
        if self.trimester is not None:
            parts.append(f"trimester {self.trimester}")
        if self.lactation is not None:
            parts.append(f"{self.lactation} months after birth")
        if self.weight_kg is not None:
            parts.append(f"{self.weight_kg:g} kg")
        if self.height_cm is not None:
            parts.append(f"{self.height_cm:g} cm")
        if self.activity is not None:
            parts.append(f"{self.activity} activity")
        return ", ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form."""
        return {
            "sex": str(self.sex),
            "age": self.age,
            "life_stage": str(self.life_stage),
            "weight_kg": self.weight_kg,
            "height_cm": self.height_cm,
            "activity": None if self.activity is None else str(self.activity),
            "trimester": self.trimester,
            "lactation_months": None if self.lactation is None else str(self.lactation),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Profile:
        """Inverse of :meth:`to_dict`."""
        activity = data.get("activity")
        lactation = data.get("lactation_months")
        return cls(
            sex=Sex(data.get("sex", DEFAULT_SEX)),
            age=int(data.get("age", DEFAULT_AGE)),
            life_stage=LifeStage(data.get("life_stage", "none")),
            weight_kg=data.get("weight_kg"),
            height_cm=data.get("height_cm"),
            activity=None if activity is None else Activity(activity),
            trimester=data.get("trimester"),
            lactation=None if lactation is None else LactationPeriod(lactation),
        )


@dataclass(frozen=True)
class Target:
    """One daily limit on one nutrient column of the food table."""

    nutrient: str
    """Column of the food table, e.g. ``magnesium_mg``."""
    minimum: float | None
    """Lower limit, or None."""
    maximum: float | None
    """Upper limit, or None."""
    basis: Basis = Basis.DAY
    """Whether the limits are amounts per day, % of energy, or per 1,000 kcal."""
    source: str = ""
    """Where the value comes from, e.g. ``RDA, female 31-50 (NIH ODS)`` or ``--min``."""

    @property
    def key(self) -> str:
        """Stable name, also used for model constraints: ``magnesium_mg``, ``fat_g_pct``."""
        if self.basis is Basis.DAY:
            return self.nutrient
        if self.basis is Basis.ENERGY_PCT:
            return f"{self.nutrient}_pct"
        return f"{self.nutrient}_per_1000kcal"

    @property
    def unit(self) -> str:
        """Unit of ``minimum`` and ``maximum``."""
        if self.basis is Basis.ENERGY_PCT:
            return "% of energy"
        nutrient_unit = unit_of(self.nutrient)
        if self.basis is Basis.PER_1000_KCAL:
            return f"{nutrient_unit} per 1,000 kcal"
        return nutrient_unit

    def coefficients(self) -> tuple[float, float]:
        """``(a, b)``: the target as a linear row over a day's nutrient N and energy E.

        A day target is N itself within its limits (``a = 1, b = 0``). A relative
        target with limit L is the row ``a * N - L * b * E`` against 0: for % of
        energy ``a`` is the Atwater kcal per gram and ``b = 0.01``; per 1,000 kcal
        ``a = 1`` and ``b = 0.001``.
        """
        if self.basis is Basis.DAY:
            return 1.0, 0.0
        if self.basis is Basis.ENERGY_PCT:
            return ATWATER_KCAL_PER_G[self.nutrient], 0.01
        return 1.0, 0.001

    def value(self, totals: Mapping[str, float]) -> float:
        """The target's measure of a day's totals (mg, or % of energy...)."""
        amount = totals.get(self.nutrient, math.nan)
        if self.basis is Basis.DAY:
            return amount
        energy = totals.get("energy_kcal", math.nan)
        if not energy > 0:
            return math.nan
        a, b = self.coefficients()
        return a * amount / (b * energy)

    def describe(self) -> str:
        """E.g. ``magnesium_mg >= 320 mg`` or ``fat_g 20-35 % of energy``."""
        lo, hi = self.minimum, self.maximum
        if lo is not None and hi is not None:
            return f"{self.key} {lo:g}-{hi:g} {self.unit}"
        if lo is not None:
            return f"{self.key} >= {lo:g} {self.unit}"
        return f"{self.key} <= {hi:g} {self.unit}"

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form."""
        return {
            "key": self.key,
            "nutrient": self.nutrient,
            "min": self.minimum,
            "max": self.maximum,
            "basis": str(self.basis),
            "unit": self.unit,
            "source": self.source,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Target:
        """Inverse of :meth:`to_dict`."""
        return cls(
            nutrient=str(data["nutrient"]),
            minimum=data.get("min"),
            maximum=data.get("max"),
            basis=Basis(data.get("basis", "day")),
            source=str(data.get("source", "")),
        )


def unit_of(column: str) -> str:
    """Unit from a column name's suffix: ``magnesium_mg`` -> ``mg``; ``''`` if none.

    Food-group amounts are ``cup-eq`` and ``oz-eq`` (``fruit_cup_eq``).
    """
    for suffix, unit in (("cup_eq", "cup-eq"), ("oz_eq", "oz-eq")):
        if column.endswith("_" + suffix):
            return unit
    for suffix in ("kcal", "mg", "ug", "mcg", "g", "iu"):
        if column.endswith("_" + suffix):
            return suffix
    return ""


@dataclass(frozen=True)
class Targets:
    """Everything a day of a plan must meet, resolved from a profile and options."""

    limits: tuple[Target, ...]
    """One entry per key; see :attr:`Target.key`."""
    profile: Profile = field(default_factory=Profile)
    """The person planned for."""
    supplement_mg: float = 0.0
    """Daily magnesium from a supplement, already taken off the magnesium minimum."""
    magnesium_rda_mg: float | None = None
    """The person's magnesium RDA before any supplement, for reporting % of RDA."""
    supplement_ul_mg: float | None = None
    """The supplemental magnesium UL for the person's age."""
    notes: tuple[str, ...] = ()
    """Explanations and warnings about how the targets were chosen."""
    caffeine_schedule: CaffeineSchedule | None = None
    """A cap per day, cutting back from what the person drinks now; None when the
    caffeine target (if any) is the same every day."""
    portion_scale: float = 1.0
    """The share of each food's reference portion caps a plan may use: below 1 for
    small children, above 1 for large energy needs (see :func:`portion_scale`)."""

    def get(self, key: str) -> Target | None:
        """The target with this key, if any."""
        for t in self.limits:
            if t.key == key:
                return t
        return None

    @property
    def caffeine_cap_mg(self) -> float | None:
        """The daily caffeine maximum (the first day's of a cut-back), or None."""
        t = self.get("caffeine_mg")
        return None if t is None else t.maximum

    def day_limits(self, day: int | None) -> tuple[Target, ...]:
        """The limits of a 1-based day of the plan: a cut-back sets each day's caffeine cap.

        ``None`` is the plan's average day, whose cap is the average of the days'
        caps: the average of any plan's days meets it, which keeps the screening LP
        a relaxation of the plan.
        """
        schedule = self.caffeine_schedule
        if schedule is None:
            return self.limits
        if day is None:
            cap = sum(schedule.caps_mg) / len(schedule.caps_mg)
        else:
            cap = schedule.cap(day)
        return tuple(replace(t, maximum=cap) if t.key == "caffeine_mg" else t
                     for t in self.limits)

    @property
    def varies_by_day(self) -> bool:
        """Whether some day of the plan has limits of its own (a cut-back's caps)."""
        return self.caffeine_schedule is not None and len(set(self.caffeine_schedule.caps_mg)) > 1

    def on_day(self, day: int) -> Targets:
        """These targets with the limits of one day (see :meth:`day_limits`)."""
        return replace(self, limits=self.day_limits(day))

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form."""
        return {
            "profile": self.profile.to_dict(),
            "magnesium_rda_mg": self.magnesium_rda_mg,
            "supplement_mg": self.supplement_mg,
            "supplement_ul_mg": self.supplement_ul_mg,
            "limits": [t.to_dict() for t in self.limits],
            "notes": list(self.notes),
            "caffeine_schedule": (None if self.caffeine_schedule is None
                                  else self.caffeine_schedule.to_dict()),
            "portion_scale": self.portion_scale,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Targets:
        """Inverse of :meth:`to_dict`."""
        return cls(
            limits=tuple(Target.from_dict(t) for t in data["limits"]),
            profile=Profile.from_dict(data.get("profile", {})),
            supplement_mg=float(data.get("supplement_mg", 0.0)),
            magnesium_rda_mg=data.get("magnesium_rda_mg"),
            supplement_ul_mg=data.get("supplement_ul_mg"),
            notes=tuple(data.get("notes", ())),
            caffeine_schedule=(None if data.get("caffeine_schedule") is None
                               else CaffeineSchedule.from_dict(data["caffeine_schedule"])),
            portion_scale=float(data.get("portion_scale", 1.0)),
        )


def _by_age(table: Iterable[tuple[Any, ...]], age: int) -> tuple[Any, ...]:
    for row in table:
        if row[0] <= age <= row[1]:
            return row
    raise AssertionError(f"no reference row for age {age}")  # tables cover 1-200


def _age_band(age: int) -> str:
    for first, last, *_ in MAGNESIUM_RDA_MG:
        if first <= age <= last:
            return f"{first}+" if last >= 200 else f"{first}-{last}"
    return str(age)


def magnesium_rda_mg(profile: Profile) -> float:
    """Magnesium RDA in mg/day for a profile (NIH ODS Table 1).

    >>> magnesium_rda_mg(Profile(Sex.FEMALE, 35))
    320.0
    """
    _, _, male, female, pregnant, lactating = _by_age(MAGNESIUM_RDA_MG, profile.age)
    if profile.life_stage is LifeStage.PREGNANT and pregnant is not None:
        return float(pregnant)
    if profile.life_stage is LifeStage.LACTATING and lactating is not None:
        return float(lactating)
    return float(male if profile.sex is Sex.MALE else female)


def magnesium_supplement_ul_mg(profile: Profile) -> float:
    """Tolerable upper intake of supplemental magnesium, mg/day (NIH ODS Table 3)."""
    return float(_by_age(MAGNESIUM_SUPPLEMENT_UL_MG, profile.age)[2])


def resting_energy_kcal(sex: Sex, weight_kg: float, height_cm: float, age: int) -> float:
    """Mifflin-St Jeor resting energy expenditure.

    >>> resting_energy_kcal(Sex.MALE, 70, 177, 45)
    1586.25
    """
    base = 10 * weight_kg + 6.25 * height_cm - 5 * age
    return base + (5 if sex is Sex.MALE else -161)


def reference_body(profile: Profile) -> tuple[float, float]:
    """``(weight kg, height cm)`` of the DRI reference body for the profile's age and sex.

    >>> reference_body(Profile(Sex.MALE, 16))
    (61.0, 174.0)
    """
    row = _by_age(REFERENCE_BODY_BY_AGE, profile.age)
    weight, height = row[2] if profile.sex is Sex.MALE else row[3]
    return float(weight), float(height)


def child_energy_kcal(sex: Sex, age: int, weight_kg: float, height_cm: float,
                      activity: Activity) -> float:
    """DRI Estimated Energy Requirement (IOM 2005) for ages 1-18, kcal a day.

    >>> round(child_energy_kcal(Sex.FEMALE, 4, 20, 115, Activity.MODERATE))
    1510
    """
    if age < 3:
        return 89 * weight_kg - 100 + 20
    a, b, c, d = EER_CHILD[sex]
    pa = EER_CHILD_PA[sex][PA_CATEGORY[activity]]
    deposit = 20 if age <= 8 else 25
    return a - b * age + pa * (c * weight_kg + d * height_cm / 100) + deposit


def energy_need_kcal(profile: Profile) -> tuple[float, str]:
    """Daily energy need and how it was derived.

    Ages 1-18: the DRI EER equation; adults: Mifflin-St Jeor times the activity
    factor. Without weight and height the DRI reference body for the age and sex is
    used; pregnancy and lactation add their energy by trimester or period.
    """
    activity = profile.activity or DEFAULT_ACTIVITY
    if profile.weight_kg is not None and profile.height_cm is not None:
        weight, height = profile.weight_kg, profile.height_cm
        body = f"{weight:g} kg, {height:g} cm"
    else:
        weight, height = reference_body(profile)
        person = profile.sex if profile.age >= 19 else (
            "boy" if profile.sex is Sex.MALE else "girl")
        body = f"a reference {person} ({weight:g} kg, {height:g} cm)"
    if profile.age < 19:
        need = child_energy_kcal(profile.sex, profile.age, weight, height, activity)
        how = f"DRI EER equation (IOM 2005), age {profile.age}, {body}"
        if profile.age >= 3:
            category = PA_CATEGORY[activity]
            how += (f", {activity} activity = {PA_CATEGORIES[category]} "
                    f"(PA {EER_CHILD_PA[profile.sex][category]:g})")
    else:
        need = resting_energy_kcal(profile.sex, weight, height, profile.age)
        need *= ACTIVITY_FACTORS[activity]
        how = f"Mifflin-St Jeor for {body}, {activity} activity"
    if profile.life_stage is LifeStage.PREGNANT:
        trimester = profile.trimester or DEFAULT_TRIMESTER
        extra = PREGNANCY_EXTRA_KCAL[trimester]
        need += extra
        how += f"; +{extra:g} kcal for pregnancy, trimester {trimester} (IOM 2005)"
        if profile.trimester is None:
            how += ", assumed: give --trimester"
    elif profile.life_stage is LifeStage.LACTATING:
        period = profile.lactation or DEFAULT_LACTATION
        extra = LACTATION_EXTRA_KCAL[period]
        need += extra
        how += f"; +{extra:g} kcal for lactation, {period} months (IOM 2005)"
        if profile.lactation is None:
            how += ", assumed: give --lactation-months"
    return need, how


def energy_range_kcal(profile: Profile) -> tuple[float, float, str]:
    """Default daily energy range and how it was derived.

    The need of :func:`energy_need_kcal`, +-10 %, rounded to 50 kcal.
    """
    need, how = energy_need_kcal(profile)
    low = 50 * round(need * (1 - ENERGY_RANGE_FRACTION) / 50)
    high = 50 * round(need * (1 + ENERGY_RANGE_FRACTION) / 50)
    how += ", +-10 %"
    if profile.weight_kg is None or profile.height_cm is None:
        how += "; give --weight-kg and --height-cm or --kcal"
    return float(low), float(high), how


def portion_scale(profile: Profile, kcal: tuple[float, float] | None = None) -> float:
    """Share of the reference portion caps for a person (1 at 2,000 kcal).

    Below 1 for small children: the energy need (the middle of ``kcal`` when given)
    over the 2,000 kcal reference. Above 1 for large energy needs: the person's own
    need over it, whatever ``kcal`` says, so a suggested ``--kcal`` never moves the
    caps it was worked out with. Within :data:`PORTION_SCALE_RANGE`, to two decimals.

    >>> portion_scale(Profile(Sex.FEMALE, 4)), portion_scale(Profile(Sex.MALE, 16))
    (0.76, 1.25)
    """
    own = energy_need_kcal(profile)[0]
    low, high = PORTION_SCALE_RANGE
    need = sum(kcal) / 2 if kcal is not None else own
    if profile.age < 19 and need < ADULT_REFERENCE_KCAL:
        return round(max(low, need / ADULT_REFERENCE_KCAL), 2)
    return round(min(high, max(1.0, own / ADULT_REFERENCE_KCAL)), 2)


def default_targets(profile: Profile) -> list[Target]:
    """The built-in targets for a profile, before user overrides."""
    sex_age = f"{profile.sex} {_age_band(profile.age)}"
    if profile.life_stage is not LifeStage.NONE:
        sex_age += f", {profile.life_stage}"
    rda = magnesium_rda_mg(profile)
    low, high, how = energy_range_kcal(profile)
    if profile.weight_kg is not None:
        protein = PROTEIN_G_PER_KG * profile.weight_kg
        protein_source = f"RDA 0.8 g/kg x {profile.weight_kg:g} kg"
    elif profile.life_stage is not LifeStage.NONE:
        protein = PROTEIN_RDA_G_PREGNANT_LACTATING
        protein_source = f"RDA, {profile.life_stage} (DRI 2005)"
    else:
        row = _by_age(PROTEIN_RDA_G, profile.age)
        protein = row[2] if profile.sex is Sex.MALE else row[3]
        protein_source = f"RDA, {sex_age} (DRI 2005)"
    sodium = _by_age(SODIUM_MAX_MG, profile.age)[2]
    first, last, protein_pct, carbohydrate_pct, fat_pct = _by_age(AMDR_BY_AGE, profile.age)
    amdr = "AMDR (DRI 2005)" if first >= 19 else f"AMDR, ages {first}-{last} (DRI 2005)"
    shares = {"protein_g": protein_pct, "carbohydrate_g": carbohydrate_pct, "fat_g": fat_pct}
    targets = [
        Target("magnesium_mg", rda, None, source=f"RDA, {sex_age} (NIH ODS Table 1)"),
        Target("energy_kcal", low, high, source=how),
        Target("protein_g", round(protein, 1), None, source=protein_source),
        *(Target(nutrient, low_pct, high_pct, Basis.ENERGY_PCT, amdr)
          for nutrient, (low_pct, high_pct) in shares.items()),
        Target("fiber_g", 14, None, Basis.PER_1000_KCAL, "AI 14 g per 1,000 kcal (DRI 2005)"),
        Target("sodium_mg", None, sodium, source="CDRR (DRI 2019)"),
    ]
    if profile.age >= SATURATED_FAT_FROM_AGE:
        targets.append(Target("saturated_fat_g", None, 10, Basis.ENERGY_PCT,
                              "Dietary Guidelines 2020-2025"))
    targets.append(Target("calcium_mg", None, calcium_ul_mg(profile),
                          source=f"UL, {sex_age} (IOM 2011; counts food)"))
    caffeine = default_caffeine_cap_mg(profile)
    if caffeine is not None:
        targets.append(Target("caffeine_mg", None, caffeine[0], source=caffeine[1]))
    return targets


def calcium_ul_mg(profile: Profile) -> float:
    """Calcium UL for the age and life stage (IOM 2011; counts food, unlike magnesium's)."""
    if profile.life_stage is not LifeStage.NONE and profile.age >= 14:
        return float(_by_age(CALCIUM_UL_PREGNANT_LACTATING_MG, profile.age)[2])
    return float(_by_age(CALCIUM_UL_MG, profile.age)[2])


def food_pattern(energy_kcal: float) -> tuple[dict[str, float], str]:
    """Daily food-group amounts of the Healthy U.S.-Style Pattern for an energy level.

    The pattern's nearest energy level from 1,600 to 3,000 kcal (its rows come in steps
    of 200); below 1,600 kcal the 1,600 row is scaled down by energy.

    Returns:
        Amounts by food-group column, and the level they were taken at, in words.
    """
    levels = sorted(FOOD_PATTERN)
    level = min(levels, key=lambda k: (abs(k - energy_kcal), k))
    scale = min(1.0, energy_kcal / levels[0])
    veg, fruit, grains, dairy, protein = (v * scale for v in FOOD_PATTERN[level])
    how = f"Healthy U.S.-Style Pattern at {level:,} kcal (Dietary Guidelines 2020-2025)"
    if scale < 1:
        how = f"{how}, scaled to {energy_kcal:,.0f} kcal"
    return {"vegetables_cup_eq": veg, "fruit_cup_eq": fruit, "grains_oz_eq": grains,
            "whole_grains_oz_eq": grains / 2, "dairy_cup_eq": dairy,
            "protein_oz_eq": protein}, how


def food_group_targets(energy_low: float, energy_high: float) -> list[Target]:
    """Daily minimums for each food group, a share of the pattern at the energy level."""
    pattern, how = food_pattern((energy_low + energy_high) / 2)
    targets = []
    for column, amount in pattern.items():
        share = FOOD_GROUP_MINIMUM_SHARE[column]
        targets.append(Target(column, round(amount * share * 4) / 4, None,
                              source=f"{share:.0%} of the {how}"))
    return targets


def food_group_goals(targets: Targets) -> dict[str, float]:
    """The full pattern amounts the default objective rewards up to."""
    energy = targets.get("energy_kcal")
    if energy is None or energy.minimum is None or targets.magnesium_rda_mg is None:
        return {}
    high = energy.maximum if energy.maximum is not None else energy.minimum
    present = {t.nutrient for t in targets.limits}
    pattern, _ = food_pattern((energy.minimum + high) / 2)
    return {c: v for c, v in pattern.items() if c in present}


def quality_goals(profile: Profile) -> dict[str, float]:
    """Daily amounts the default objective rewards up to: potassium, calcium, fiber.

    These are soft goals: plans earn points for reaching them but are never refused
    for missing them.
    """
    calcium = 1000.0
    if (profile.sex is Sex.FEMALE and profile.age >= 51) or profile.age >= 71:
        calcium = 1200.0
    return {
        "potassium_mg": POTASSIUM_AI_MG[profile.sex],
        "calcium_mg": calcium,
        "fiber_g": FIBER_AI_G[profile.sex],
    }


def default_caffeine_cap_mg(profile: Profile) -> tuple[float, str] | None:
    """Built-in daily caffeine cap and its source."""
    if profile.life_stage is not LifeStage.NONE:
        return CAFFEINE_PREGNANT_LACTATING_MAX_MG, f"EFSA 2015 / ACOG, {profile.life_stage}"
    if profile.age >= 19:
        return CAFFEINE_ADULT_MAX_MG, "FDA / EFSA 2015, healthy adults"
    if profile.weight_kg is not None:
        weight, whose = profile.weight_kg, ""
    else:
        weight, whose = reference_body(profile)[0], ", reference weight for the age"
    cap = round(CAFFEINE_CHILD_MG_PER_KG * weight)
    return float(cap), f"EFSA 2015, 3 mg/kg x {weight:g} kg{whose} (under 19)"


@dataclass(frozen=True)
class TargetOptions:
    """Overrides of the built-in targets, as the CLI flags give them."""

    kcal: tuple[float, float] | None = None
    """``--kcal LOW-HIGH``."""
    minimums: Mapping[str, float] = field(default_factory=dict)
    """``--min NUTRIENT=VALUE``, per day."""
    maximums: Mapping[str, float] = field(default_factory=dict)
    """``--max NUTRIENT=VALUE``, per day."""
    max_caffeine_mg: float | None = None
    """``--max-caffeine MG``."""
    no_caffeine: bool = False
    """``--no-caffeine``: the same as ``--max-caffeine 0``."""
    supplement_mg: float = 0.0
    """``--supplement-mg N``: daily magnesium from a supplement."""
    no_default_targets: bool = False
    """``--no-default-targets``: drop every built-in target."""
    caffeine_now: str | float | None = None
    """``--caffeine-now``: what the person drinks now (mg, or servings of a drink);
    the caffeine cap then cuts back from it to the goal, day by day."""
    taper_days: int | None = None
    """``--taper-days N``: days the cut-back takes (by default the plan's)."""
    plan_days: int = 1
    """Days of the plan, over which a cut-back's caps are laid out."""


def resolve_targets(profile: Profile, options: TargetOptions | None = None,
                    nutrients: Sequence[str] | None = None) -> Targets:
    """Resolve the daily targets for a profile and the user's overrides.

    Args:
        profile: The person.
        options: The user's overrides; defaults to none.
        nutrients: Numeric columns of the food table, to validate ``--min``/``--max``
            names against; ``None`` skips the check. Food-group minimums (the Healthy
            U.S.-Style Pattern) apply only to a table that has their columns, so they
            need it: the built-in default table has them.

    Returns:
        The targets, each with its source.

    Raises:
        InputError: A flag names an unknown nutrient or an impossible value.

    Example:
        >>> t = resolve_targets(Profile(Sex.MALE, 45), TargetOptions(no_caffeine=True))
        >>> t.get("magnesium_mg").minimum, t.caffeine_cap_mg
        (420.0, 0.0)
    """
    options = options or TargetOptions()
    notes: list[str] = []
    _validate_options(options, nutrients)
    rda = magnesium_rda_mg(profile)
    ul = magnesium_supplement_ul_mg(profile)
    limits: dict[str, Target] = {}
    if not options.no_default_targets:
        for t in default_targets(profile):
            limits[t.key] = t
        if options.kcal is None:
            notes.extend(_energy_notes(limits["energy_kcal"]))
    if profile.age < 19:
        notes.append(
            "Plans for children and teenagers should be made with a paediatrician or "
            "dietitian: these are reference values for healthy children, and growth, "
            "activity and health change what a child needs.")
    if options.kcal is not None:
        low, high = options.kcal
        limits["energy_kcal"] = Target("energy_kcal", low, high, source="--kcal")
    energy = limits.get("energy_kcal")
    if not options.no_default_targets and energy is not None and energy.minimum is not None:
        for t in food_group_targets(energy.minimum, energy.maximum or energy.minimum):
            if nutrients is not None and t.nutrient in nutrients:
                limits[t.key] = t
    for name, value in options.minimums.items():
        old = limits.get(name)
        limits[name] = Target(name, value, old.maximum if old else None, source="--min")
    for name, value in options.maximums.items():
        old = limits.get(name)
        lo = old.minimum if old else None
        limits[name] = Target(name, lo, value, source="--max" if old is None or old.source in
                              ("--min", "--max") else f"{old.source}; --max")
    cap = 0.0 if options.no_caffeine else options.max_caffeine_mg
    if cap is not None:
        flag = "--no-caffeine" if options.no_caffeine else "--max-caffeine"
        limits["caffeine_mg"] = Target("caffeine_mg", None, cap, source=flag)
    schedule = _schedule(profile, options, limits, notes)
    scale = portion_scale(profile, options.kcal)
    if scale < 1:
        notes.append(
            f"Child-sized portions: each food at most {100 * scale:.0f} % of an adult's portions "
            f"(the energy need over the {ADULT_REFERENCE_KCAL:,.0f} kcal adult reference), "
            "and never less than half a serving or one piece.")
    elif scale > 1:
        notes.append(
            f"Larger portions: each food up to {100 * scale:.0f} % of the usual most "
            f"(the energy need over the {ADULT_REFERENCE_KCAL:,.0f} kcal reference), "
            "so the plan reaches its energy without a crowded plate.")

    supplement = options.supplement_mg
    if supplement:
        mg = limits.get("magnesium_mg")
        if mg is not None and mg.minimum is not None:
            from_food = max(0.0, mg.minimum - supplement)
            limits["magnesium_mg"] = replace(
                mg, minimum=from_food,
                source=f"{mg.source}; minus {supplement:g} mg from a supplement",
            )
            notes.append(
                f"A {supplement:g} mg magnesium supplement counts toward the target: food "
                f"must supply {from_food:g} mg a day."
            )
        if supplement > ul:
            notes.append(
                f"WARNING: {supplement:g} mg/day of supplemental magnesium is above the "
                f"tolerable upper intake level of {ul:g} mg/day for age {profile.age} "
                "(NIH ODS). Above it, diarrhoea and cramping are common; ask a doctor."
            )
    _check_consistent(limits.values())
    return Targets(
        limits=tuple(sorted(limits.values(), key=target_order)),
        profile=profile,
        supplement_mg=supplement,
        magnesium_rda_mg=None if options.no_default_targets else rda,
        supplement_ul_mg=ul,
        notes=tuple(notes),
        caffeine_schedule=schedule,
        portion_scale=scale,
    )


def _energy_notes(energy: Target) -> list[str]:
    """Say where the default energy range comes from (the equation, the body, the stage)."""
    return [f"The energy range {energy.minimum:,.0f}-{energy.maximum:,.0f} kcal comes from "
            f"the equations: {energy.source}."]


def _schedule(profile: Profile, options: TargetOptions, limits: dict[str, Target],
              notes: list[str]) -> CaffeineSchedule | None:
    """The cut-back from ``--caffeine-now``, setting the caffeine target to its first cap.

    The goal is the user's own cap (``--max-caffeine``, ``--no-caffeine`` or
    ``--max caffeine_mg=``); without one, the person stays at what they drink now,
    but not above the built-in limit for their age and stage.
    """
    if options.caffeine_now is None:
        if options.taper_days is not None:
            raise InputError("--taper-days needs --caffeine-now (what you drink now)",
                             Where(flag="--taper-days"))
        return None
    intake = parse_intake(options.caffeine_now)
    if intake.caffeine_mg == 0:
        return None
    current = limits.get("caffeine_mg")
    own = (options.no_caffeine or options.max_caffeine_mg is not None
           or "caffeine_mg" in options.maximums)
    limit = None if current is None else current.maximum
    if own and limit is not None:
        goal, why = limit, current.source if current is not None else ""
    elif limit is not None and limit < intake.caffeine_mg:
        goal, why = limit, current.source if current is not None else ""
        notes.append(
            f"WARNING: {intake.caffeine_mg:,.0f} mg of caffeine a day is above the "
            f"{limit:,.0f} mg limit for you ({why}); the plan cuts back to it.")
    else:
        goal, why = intake.caffeine_mg, "as now"
    schedule = cut_back(intake, goal, options.plan_days, options.taper_days)
    source = f"--caffeine-now {intake.text}: {schedule.describe()}"
    limits["caffeine_mg"] = Target("caffeine_mg", None, schedule.caps_mg[0], source=source)
    if schedule.steps:
        notes.append(
            f"Caffeine: {schedule.describe()} (goal: {why}). Cutting back step by step "
            "avoids most withdrawal (headache, tiredness), which starts 12-24 hours after "
            "the last cup and lasts 2-9 days.")
        biggest = max(a - b for a, b in zip(schedule.levels_mg, schedule.levels_mg[1:],
                                             strict=False))
        if biggest > STEP_FRACTION * intake.caffeine_mg + ROUND_MG:
            notes.append(
                f"WARNING: steps of up to {biggest:,.0f} mg are more than a quarter of what "
                "you drink now, so withdrawal symptoms are more likely; a longer "
                "--taper-days makes smaller steps.")
        if schedule.taper_days > options.plan_days:
            notes.append(
                f"The cut-back takes {schedule.taper_days} days and this plan covers the "
                f"first {options.plan_days}; mealplan week --days {schedule.taper_days} "
                "shows all of it.")
    return schedule


_ORDER = ("magnesium_mg", "energy_kcal", "protein_g", "carbohydrate_g", "fat_g",
          "saturated_fat_g", "fiber_g", "sodium_mg", "calcium_mg", "caffeine_mg",
          "vegetables_cup_eq", "fruit_cup_eq", "grains_oz_eq", "whole_grains_oz_eq",
          "dairy_cup_eq", "protein_oz_eq")


def target_order(t: Target) -> tuple[int, str, str]:
    """Sort key of targets: magnesium, energy, the macronutrients, ..., then the rest."""
    rank = _ORDER.index(t.nutrient) if t.nutrient in _ORDER else len(_ORDER)
    return rank, t.nutrient, str(t.basis)


def _validate_options(options: TargetOptions, nutrients: Sequence[str] | None) -> None:
    if options.kcal is not None:
        low, high = options.kcal
        if not (math.isfinite(low) and math.isfinite(high) and 0 < low <= high
                <= MAX_KCAL_PER_DAY):
            raise InputError(
                f"expected LOW-HIGH with 0 < LOW <= HIGH <= {MAX_KCAL_PER_DAY:,.0f}, got "
                f"{low:g}-{high:g}",
                Where(flag="--kcal"),
            )
    for flag, values in (("--min", options.minimums), ("--max", options.maximums)):
        for name, value in values.items():
            if nutrients is not None and name not in nutrients:
                from difflib import get_close_matches

                close = get_close_matches(name, nutrients, n=3)
                hint = f" Did you mean {', '.join(close)}?" if close else ""
                raise InputError(
                    f"unknown nutrient {name!r}; expected a numeric column of the food "
                    f"table such as magnesium_mg.{hint}",
                    Where(flag=flag),
                )
            _check_amount(value, name, flag, f"{name}=VALUE with VALUE")
    if options.max_caffeine_mg is not None:
        _check_amount(options.max_caffeine_mg, "caffeine_mg", "--max-caffeine", "milligrams")
    _check_amount(options.supplement_mg, "magnesium_mg", "--supplement-mg", "milligrams")


def _check_amount(value: float, column: str, flag: str, what: str) -> None:
    """A daily amount: finite, >= 0 and physically possible (:func:`max_per_day`)."""
    top = max_per_day(column)
    if not (math.isfinite(value) and value >= 0 and (top is None or value <= top)):
        bound = f" and <= {top:g} a day (more than a person can eat)" if top else ""
        raise InputError(f"expected {what} >= 0{bound}, got {value:g}", Where(flag=flag))


def _check_consistent(limits: Iterable[Target]) -> None:
    for t in limits:
        if t.minimum is not None and t.maximum is not None and t.minimum > t.maximum:
            raise InputError(
                f"{t.key}: the minimum {t.minimum:g} is above the maximum {t.maximum:g} "
                f"({t.source})",
                Where(flag="--min/--max"),
            )
