"""Daily targets from a person's profile: magnesium RDA, energy, a balanced diet, caffeine.

Reference values are kept as data in this module, each with its source, so a
reviewer can compare them with the publications:

- Magnesium RDA and supplemental UL: NIH Office of Dietary Supplements, Magnesium Fact
  Sheet for Health Professionals, Tables 1 and 3 (Food and Nutrition Board DRIs, 1997).
- Energy: Mifflin-St Jeor resting energy times an activity factor.
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

# Reference body size of the DRI energy report (IOM 2005), used for the default energy
# range when no weight and height are given.
REFERENCE_BODY: Mapping[Sex, tuple[float, float]] = {
    Sex.MALE: (70.0, 177.0),
    Sex.FEMALE: (57.0, 163.0),
}
DEFAULT_ACTIVITY = Activity.MODERATE
ENERGY_RANGE_FRACTION = 0.10

CAFFEINE_ADULT_MAX_MG = 400.0
CAFFEINE_PREGNANT_LACTATING_MAX_MG = 200.0
CAFFEINE_CHILD_MG_PER_KG = 3.0

# Goals the default objective rewards up to (never limits): potassium AI and calcium
# RDA for adults (DRI; used for every age as a soft goal), fiber AI for 19-50.
POTASSIUM_AI_MG: Mapping[Sex, float] = {Sex.MALE: 3400.0, Sex.FEMALE: 2600.0}
FIBER_AI_G: Mapping[Sex, float] = {Sex.MALE: 38.0, Sex.FEMALE: 25.0}

DEFAULT_SEX = Sex.FEMALE
DEFAULT_AGE = 35


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
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Profile:
        """Inverse of :meth:`to_dict`."""
        activity = data.get("activity")
        return cls(
            sex=Sex(data.get("sex", DEFAULT_SEX)),
            age=int(data.get("age", DEFAULT_AGE)),
            life_stage=LifeStage(data.get("life_stage", "none")),
            weight_kg=data.get("weight_kg"),
            height_cm=data.get("height_cm"),
            activity=None if activity is None else Activity(activity),
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
    """Unit from a column name's suffix: ``magnesium_mg`` -> ``mg``; ``''`` if none."""
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

    def get(self, key: str) -> Target | None:
        """The target with this key, if any."""
        for t in self.limits:
            if t.key == key:
                return t
        return None

    @property
    def caffeine_cap_mg(self) -> float | None:
        """The daily caffeine maximum, or None when caffeine is not limited."""
        t = self.get("caffeine_mg")
        return None if t is None else t.maximum

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form."""
        return {
            "profile": self.profile.to_dict(),
            "magnesium_rda_mg": self.magnesium_rda_mg,
            "supplement_mg": self.supplement_mg,
            "supplement_ul_mg": self.supplement_ul_mg,
            "limits": [t.to_dict() for t in self.limits],
            "notes": list(self.notes),
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


def energy_range_kcal(profile: Profile) -> tuple[float, float, str]:
    """Default daily energy range and how it was derived.

    Mifflin-St Jeor times the activity factor, +-10 %. Without weight and height the
    DRI reference body size for the sex is used (documented in the README).
    """
    activity = profile.activity or DEFAULT_ACTIVITY
    if profile.weight_kg is not None and profile.height_cm is not None:
        weight, height = profile.weight_kg, profile.height_cm
        how = f"Mifflin-St Jeor, {weight:g} kg, {height:g} cm, {activity} activity, +-10 %"
    else:
        weight, height = REFERENCE_BODY[profile.sex]
        how = (
            f"Mifflin-St Jeor for a reference {profile.sex} ({weight:g} kg, {height:g} cm), "
            f"{activity} activity, +-10 %; give --weight-kg and --height-cm or --kcal"
        )
    need = resting_energy_kcal(profile.sex, weight, height, profile.age)
    need *= ACTIVITY_FACTORS[activity]
    if profile.life_stage is LifeStage.PREGNANT:
        # DRI EER adds about 340 kcal in the 2nd and 450 in the 3rd trimester.
        need += 340
        how += "; +340 kcal for pregnancy"
    elif profile.life_stage is LifeStage.LACTATING:
        need += 330  # DRI EER, first six months
        how += "; +330 kcal for lactation"
    low = 50 * round(need * (1 - ENERGY_RANGE_FRACTION) / 50)
    high = 50 * round(need * (1 + ENERGY_RANGE_FRACTION) / 50)
    return float(low), float(high), how


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
    targets = [
        Target("magnesium_mg", rda, None, source=f"RDA, {sex_age} (NIH ODS Table 1)"),
        Target("energy_kcal", low, high, source=how),
        Target("protein_g", round(protein, 1), None, source=protein_source),
        Target("protein_g", 10, 35, Basis.ENERGY_PCT, "AMDR (DRI 2005)"),
        Target("carbohydrate_g", 45, 65, Basis.ENERGY_PCT, "AMDR (DRI 2005)"),
        Target("fat_g", 20, 35, Basis.ENERGY_PCT, "AMDR (DRI 2005)"),
        Target("saturated_fat_g", None, 10, Basis.ENERGY_PCT, "Dietary Guidelines 2020-2025"),
        Target("fiber_g", 14, None, Basis.PER_1000_KCAL, "AI 14 g per 1,000 kcal (DRI 2005)"),
        Target("sodium_mg", None, sodium, source="CDRR (DRI 2019)"),
    ]
    caffeine = default_caffeine_cap_mg(profile)
    if caffeine is not None:
        targets.append(Target("caffeine_mg", None, caffeine[0], source=caffeine[1]))
    return targets


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
        cap = round(CAFFEINE_CHILD_MG_PER_KG * profile.weight_kg)
        return float(cap), f"EFSA 2015, 3 mg/kg x {profile.weight_kg:g} kg (under 19)"
    return 0.0, "no caffeine under 19 without --weight-kg (EFSA: 3 mg/kg/day)"


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


def resolve_targets(profile: Profile, options: TargetOptions | None = None,
                    nutrients: Sequence[str] | None = None) -> Targets:
    """Resolve the daily targets for a profile and the user's overrides.

    Args:
        profile: The person.
        options: The user's overrides; defaults to none.
        nutrients: Numeric columns of the food table, to validate ``--min``/``--max``
            names against; ``None`` skips the check.

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
    if profile.age < 19 and options.kcal is None and not options.no_default_targets and (
        profile.weight_kg is None or profile.height_cm is None
    ):
        raise InputError(
            "energy needs of children and teenagers vary too much for a default: give "
            "--kcal LOW-HIGH (or --weight-kg and --height-cm)",
            Where(flag="--age"),
        )
    limits: dict[str, Target] = {}
    if not options.no_default_targets:
        for t in default_targets(profile):
            limits[t.key] = t
        if profile.weight_kg is None or profile.height_cm is None:
            if options.kcal is None:
                notes.append(
                    "Energy range uses a reference body size; give --weight-kg and "
                    "--height-cm, or --kcal, for your own."
                )
    if options.kcal is not None:
        low, high = options.kcal
        limits["energy_kcal"] = Target("energy_kcal", low, high, source="--kcal")
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
        limits=tuple(sorted(limits.values(), key=_target_order)),
        profile=profile,
        supplement_mg=supplement,
        magnesium_rda_mg=None if options.no_default_targets else rda,
        supplement_ul_mg=ul,
        notes=tuple(notes),
    )


_ORDER = ("magnesium_mg", "energy_kcal", "protein_g", "carbohydrate_g", "fat_g",
          "saturated_fat_g", "fiber_g", "sodium_mg", "caffeine_mg")


def _target_order(t: Target) -> tuple[int, str, str]:
    rank = _ORDER.index(t.nutrient) if t.nutrient in _ORDER else len(_ORDER)
    return rank, t.nutrient, str(t.basis)


def _validate_options(options: TargetOptions, nutrients: Sequence[str] | None) -> None:
    if options.kcal is not None:
        low, high = options.kcal
        if not 0 < low <= high:
            raise InputError(
                f"expected LOW-HIGH with 0 < LOW <= HIGH, got {low:g}-{high:g}",
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
            if not value >= 0:
                raise InputError(f"expected {name}=VALUE with VALUE >= 0, got {value:g}",
                                 Where(flag=flag))
    if options.max_caffeine_mg is not None and not options.max_caffeine_mg >= 0:
        raise InputError(f"expected a number >= 0, got {options.max_caffeine_mg:g}",
                         Where(flag="--max-caffeine"))
    if not options.supplement_mg >= 0:
        raise InputError(f"expected a number >= 0, got {options.supplement_mg:g}",
                         Where(flag="--supplement-mg"))


def _check_consistent(limits: Iterable[Target]) -> None:
    for t in limits:
        if t.minimum is not None and t.maximum is not None and t.minimum > t.maximum:
            raise InputError(
                f"{t.key}: the minimum {t.minimum:g} is above the maximum {t.maximum:g} "
                f"({t.source})",
                Where(flag="--min/--max"),
            )
