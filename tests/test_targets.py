"""Targets from a profile: RDA and UL tables, energy, balanced-diet limits, overrides."""

from __future__ import annotations

import math

import pytest

from mealplan.errors import InputError
from mealplan.targets import (
    Activity,
    Basis,
    LactationPeriod,
    LifeStage,
    Profile,
    Sex,
    Target,
    TargetOptions,
    Targets,
    energy_need_kcal,
    energy_range_kcal,
    magnesium_rda_mg,
    magnesium_supplement_ul_mg,
    portion_scale,
    reference_body,
    resolve_targets,
    resting_energy_kcal,
    unit_of,
)

F, M = Sex.FEMALE, Sex.MALE
PREGNANT, LACTATING = LifeStage.PREGNANT, LifeStage.LACTATING

# Magnesium RDA, mg/day, transcribed from NIH ODS Magnesium Fact Sheet Table 1:
# (first age, last age, male, female, pregnancy, lactation).
RDA_TABLE = [
    (1, 3, 80, 80, None, None),
    (4, 8, 130, 130, None, None),
    (9, 13, 240, 240, None, None),
    (14, 18, 410, 360, 400, 360),
    (19, 30, 400, 310, 350, 310),
    (31, 50, 420, 320, 360, 320),
    (51, 120, 420, 320, None, None),
]


def rda_cases() -> list[tuple[int, Sex, LifeStage, int]]:
    cases = []
    for first, last, male, female, pregnant, lactating in RDA_TABLE:
        for age in sorted({first, last}):
            cases.append((age, M, LifeStage.NONE, male))
            cases.append((age, F, LifeStage.NONE, female))
            if pregnant is not None:
                cases.append((age, F, PREGNANT, pregnant))
            if lactating is not None:
                cases.append((age, F, LACTATING, lactating))
    return cases


def adult(sex: Sex = F, age: int = 35, **kwargs: object) -> Profile:
    return Profile(sex=sex, age=age, **kwargs)  # type: ignore[arg-type]


def limits(targets: Targets) -> dict[str, tuple[float | None, float | None]]:
    return {t.key: (t.minimum, t.maximum) for t in targets.limits}


# --- reference tables ---------------------------------------------------------------

@pytest.mark.parametrize(("age", "sex", "stage", "rda"), rda_cases(),
                         ids=lambda v: str(v))
def test_magnesium_rda_every_row_of_the_reference_table(age, sex, stage, rda):
    profile = Profile(sex=sex, age=age, life_stage=stage)
    assert magnesium_rda_mg(profile) == rda
    # Children need an energy range; the RDA is the same with one.
    targets = resolve_targets(profile, TargetOptions(kcal=(1000, 3000)))
    assert targets.get("magnesium_mg").minimum == rda
    assert targets.get("magnesium_mg").maximum is None
    assert targets.magnesium_rda_mg == rda
    assert "NIH ODS" in targets.get("magnesium_mg").source


@pytest.mark.parametrize(("age", "ul"), [(1, 65), (3, 65), (4, 110), (8, 110), (9, 350),
                                         (13, 350), (18, 350), (19, 350), (50, 350),
                                         (90, 350)])
def test_supplemental_upper_limit_by_age(age, ul):
    assert magnesium_supplement_ul_mg(Profile(age=age)) == ul


@pytest.mark.parametrize("stage", [PREGNANT, LACTATING])
def test_supplemental_upper_limit_in_pregnancy_and_lactation(stage):
    assert magnesium_supplement_ul_mg(Profile(F, 30, stage)) == 350


def test_age_bands_name_the_row_used():
    assert "female 31-50" in resolve_targets(adult()).get("magnesium_mg").source
    assert "male 51+" in resolve_targets(adult(M, 70)).get("magnesium_mg").source
    pregnant = resolve_targets(adult(F, 25, life_stage=PREGNANT))
    assert "19-30, pregnant" in pregnant.get("magnesium_mg").source


# --- energy ---------------------------------------------------------------------------

def test_mifflin_st_jeor_by_hand():
    # men: 10 W + 6.25 H - 5 A + 5; women: ... - 161
    assert resting_energy_kcal(M, 80, 180, 40) == 800 + 1125 - 200 + 5
    assert resting_energy_kcal(F, 60, 165, 30) == 600 + 1031.25 - 150 - 161


@pytest.mark.parametrize(("activity", "factor"), [
    (Activity.SEDENTARY, 1.2), (Activity.LIGHT, 1.375), (Activity.MODERATE, 1.55),
    (Activity.ACTIVE, 1.725), (Activity.VERY_ACTIVE, 1.9)])
def test_energy_range_is_ten_percent_around_need_rounded_to_50(activity, factor):
    profile = Profile(F, 30, weight_kg=60, height_cm=165, activity=activity)
    need = 1320.25 * factor
    low, high, how = energy_range_kcal(profile)
    assert low == 50 * round(need * 0.9 / 50)
    assert high == 50 * round(need * 1.1 / 50)
    assert "Mifflin-St Jeor" in how and str(activity) in how


def test_energy_range_worked_example():
    # 60 kg, 165 cm, 30 y woman, sedentary: 1320.25 x 1.2 = 1584.3 kcal;
    # -10 % = 1425.9 -> 1450, +10 % = 1742.7 -> 1750.
    profile = Profile(F, 30, weight_kg=60, height_cm=165, activity=Activity.SEDENTARY)
    assert energy_range_kcal(profile)[:2] == (1450, 1750)
    targets = resolve_targets(profile)
    assert limits(targets)["energy_kcal"] == (1450, 1750)
    assert any("comes from the equations: Mifflin-St Jeor for 60 kg, 165 cm" in n
               for n in targets.notes)
    assert not any("reference" in n for n in targets.notes)


def test_default_energy_uses_the_documented_reference_body():
    # Reference woman 57 kg, 163 cm, 35 y, moderate: (570 + 1018.75 - 175 - 161) x 1.55
    # = 1941.8 kcal; range 1747.6 -> 1750 to 2135.9 -> 2150.
    targets = resolve_targets(adult())
    assert limits(targets)["energy_kcal"] == (1750, 2150)
    assert any("a reference female (57 kg, 163 cm)" in n and "--kcal" in n
               for n in targets.notes)
    # Reference man 70 kg, 177 cm, 45 y: 1586.25 x 1.55 = 2458.7; 2212.8 -> 2200, 2704.6 -> 2700
    assert limits(resolve_targets(adult(M, 45)))["energy_kcal"] == (2200, 2700)


@pytest.mark.parametrize(("stage", "extra"), [(PREGNANT, 340), (LACTATING, 330)])
def test_pregnancy_and_lactation_add_energy(stage, extra):
    base = Profile(F, 30, weight_kg=60, height_cm=165)
    need = 1320.25 * 1.55 + extra
    low, high, how = energy_range_kcal(Profile(F, 30, stage, 60, 165))
    assert (low, high) == (50 * round(need * 0.9 / 50), 50 * round(need * 1.1 / 50))
    assert f"+{extra} kcal" in how
    assert low > energy_range_kcal(base)[0]


# --- children, teenagers, pregnancy and lactation: DRI EER (IOM 2005) ---------------------

@pytest.mark.parametrize(("profile", "need"), [
    # 13-35 months: 89 x 12 kg - 100 + 20 = 988
    (Profile(F, 1), 988.0),
    (Profile(M, 2), 988.0),
    # girl 4, reference 20 kg, 1.15 m, moderate = low active (1.16):
    # 135.3 - 30.8 x 4 + 1.16 x (10 x 20 + 934 x 1.15) + 20 = 1510.056
    (Profile(F, 4), 1510.056),
    # boy 3 with the 1-3 reference body (12 kg, 0.86 m), low active 1.13:
    # 88.5 - 61.9 x 3 + 1.13 x (26.7 x 12 + 903 x 0.86) + 20 = 1162.3874
    (Profile(M, 3), 1162.3874),
    # girl 10, reference 37 kg, 1.44 m: 135.3 - 308 + 1.16 x (370 + 1344.96) + 25
    (Profile(F, 10), 1841.6536),
    # boy 16, reference 61 kg, 1.74 m: 88.5 - 990.4 + 1.13 x (1628.7 + 1571.22) + 25
    (Profile(M, 16), 2739.0096),
    # boy 12, own 40 kg and 150 cm, active (1.26): 88.5 - 742.8 + 1.26 x 2422.5 + 25
    (Profile(M, 12, weight_kg=40, height_cm=150, activity=Activity.ACTIVE), 2423.05),
    # girl 15, very active (1.56), sedentary and light (1.00):
    (Profile(F, 15, activity=Activity.VERY_ACTIVE),
     135.3 - 30.8 * 15 + 1.56 * (540 + 934 * 1.63) + 25),
    (Profile(F, 15, activity=Activity.LIGHT), 135.3 - 30.8 * 15 + 540 + 934 * 1.63 + 25),
])
def test_children_and_teenagers_get_the_dri_energy_equation(profile, need):
    assert energy_need_kcal(profile)[0] == pytest.approx(need)
    low, high, how = energy_range_kcal(profile)
    assert (low, high) == (50 * round(need * 0.9 / 50), 50 * round(need * 1.1 / 50))
    assert "DRI EER equation (IOM 2005)" in how


def test_a_childs_plan_needs_no_kcal_and_says_where_energy_comes_from():
    targets = resolve_targets(Profile(F, 4))
    assert limits(targets)["energy_kcal"] == (1350, 1650)
    assert any("comes from the equations" in n and "20 kg, 115 cm" in n and "low active" in n
               for n in targets.notes)
    assert any("paediatrician or dietitian" in n for n in targets.notes)
    # --kcal still wins; the involvement note stays, the equation note goes.
    own = resolve_targets(Profile(F, 4), TargetOptions(kcal=(1200, 1400)))
    assert limits(own)["energy_kcal"] == (1200, 1400)
    assert not any("comes from the equations" in n for n in own.notes)
    assert any("paediatrician" in n for n in own.notes)
    assert not any("paediatrician" in n for n in resolve_targets(adult()).notes)


@pytest.mark.parametrize(("age", "weight", "height"), [
    (2, 12, 86), (6, 20, 115), (11, 37, 144), (17, 54, 163), (25, 57, 163)])
def test_reference_body_by_age(age, weight, height):
    assert reference_body(Profile(F, age)) == (weight, height)


@pytest.mark.parametrize(("trimester", "extra"), [(1, 0), (2, 340), (3, 452)])
def test_pregnancy_adds_energy_by_trimester(trimester, extra):
    need = 1320.25 * 1.55 + extra
    profile = Profile(F, 30, PREGNANT, 60, 165, trimester=trimester)
    low, high, how = energy_range_kcal(profile)
    assert (low, high) == (50 * round(need * 0.9 / 50), 50 * round(need * 1.1 / 50))
    assert f"+{extra} kcal for pregnancy, trimester {trimester}" in how
    assert "assumed" not in how


@pytest.mark.parametrize(("period", "extra"), [("0-6", 330), ("7-12", 400)])
def test_lactation_adds_energy_by_period(period, extra):
    profile = Profile(F, 30, LACTATING, 60, 165, lactation=LactationPeriod(period))
    assert energy_need_kcal(profile)[0] == pytest.approx(1320.25 * 1.55 + extra)


def test_a_pregnant_teenager_gets_the_girls_equation_plus_the_trimester():
    profile = Profile(F, 16, PREGNANT, trimester=3)
    girl = 135.3 - 30.8 * 16 + 1.16 * (10 * 54 + 934 * 1.63) + 25
    assert energy_need_kcal(profile)[0] == pytest.approx(girl + 452)


@pytest.mark.parametrize(("profile", "scale"), [
    (Profile(F, 35), 1.0),
    (Profile(M, 16), 1.25),          # 2,739 / 2,000 = 1.37, at most 1.25
    (Profile(M, 45), 1.23),          # 2,459 / 2,000
    (Profile(F, 70), 1.0),           # 1,671 kcal: an adult's caps never shrink
    (Profile(F, 10), 0.92),          # 1,842 / 2,000
    (Profile(F, 4), 0.76),           # 1,510 / 2,000
    (Profile(F, 1), 0.5),            # 988 / 2,000 = 0.494, at least half
])
def test_portion_scale_from_the_energy_need(profile, scale):
    targets = resolve_targets(profile)
    assert targets.portion_scale == scale == portion_scale(profile)
    assert any("Child-sized portions" in n for n in targets.notes) == (scale < 1)
    assert any("Larger portions" in n for n in targets.notes) == (scale > 1)


def test_portion_scale_follows_a_given_kcal_range():
    assert portion_scale(Profile(F, 8), (1000, 1200)) == 0.55
    assert resolve_targets(Profile(F, 8), TargetOptions(kcal=(1000, 1200))).portion_scale == 0.55
    assert portion_scale(Profile(F, 40), (1000, 1200)) == 1.0
    # A raise follows the person's own need: a --kcal fix a refusal suggests does not
    # move the caps it was worked out with.
    assert portion_scale(Profile(F, 40), (2800, 3200)) == 1.0
    assert portion_scale(Profile(M, 16), (2000, 2200)) == 1.25


def test_macronutrient_ranges_by_age():
    toddler = limits(resolve_targets(Profile(F, 1)))
    assert (toddler["protein_g_pct"], toddler["fat_g_pct"]) == ((5, 20), (30, 40))
    assert "saturated_fat_g_pct" not in toddler        # limited from age 2
    child = limits(resolve_targets(Profile(M, 9)))
    assert (child["protein_g_pct"], child["fat_g_pct"]) == ((10, 30), (25, 35))
    assert child["saturated_fat_g_pct"] == (None, 10)
    assert resolve_targets(Profile(M, 9)).get("fat_g_pct").source == "AMDR, ages 4-18 (DRI 2005)"


# --- balanced diet ------------------------------------------------------------------------

def test_balanced_diet_limits_for_an_adult():
    got = limits(resolve_targets(adult()))
    assert got == {
        "magnesium_mg": (320, None),
        "energy_kcal": (1750, 2150),
        "protein_g": (46, None),
        "protein_g_pct": (10, 35),
        "carbohydrate_g_pct": (45, 65),
        "fat_g_pct": (20, 35),
        "saturated_fat_g_pct": (None, 10),
        "fiber_g_per_1000kcal": (14, None),
        "sodium_mg": (None, 2300),
        "calcium_mg": (None, 2500),
        "caffeine_mg": (None, 400),
    }


@pytest.mark.parametrize(("age", "sex", "ul"), [
    (4, Sex.FEMALE, 2500), (12, Sex.MALE, 3000), (30, Sex.FEMALE, 2500), (60, Sex.MALE, 2000)])
def test_calcium_upper_limit_counts_food(age, sex, ul):
    got = resolve_targets(Profile(sex, age)).get("calcium_mg")
    assert (got.minimum, got.maximum) == (None, ul)
    assert "counts food" in got.source


def test_food_group_minimums_need_a_table_with_them():
    assert resolve_targets(adult()).get("fruit_cup_eq") is None
    groups = ("vegetables_cup_eq", "fruit_cup_eq", "grains_oz_eq", "whole_grains_oz_eq",
              "dairy_cup_eq", "protein_oz_eq")
    targets = resolve_targets(adult(), nutrients=("energy_kcal", "magnesium_mg", *groups))
    # 1,750-2,150 kcal: the 2,000 kcal pattern (2.5 cups of vegetables, 2 of fruit, 6 oz
    # of grains, 3 cups of dairy, 5.5 oz of protein foods), each at its daily share.
    got = {g: targets.get(g).minimum for g in groups}
    assert got == {"vegetables_cup_eq": 2.0, "fruit_cup_eq": 1.0, "grains_oz_eq": 3.0,
                   "whole_grains_oz_eq": 1.5, "dairy_cup_eq": 1.5, "protein_oz_eq": 4.0}
    assert "Healthy U.S.-Style Pattern at 2,000 kcal" in targets.get("fruit_cup_eq").source
    off = resolve_targets(adult(), TargetOptions(no_default_targets=True), nutrients=groups)
    assert off.get("fruit_cup_eq") is None


def test_bases_and_units():
    targets = resolve_targets(adult())
    assert targets.get("fat_g_pct").basis is Basis.ENERGY_PCT
    assert targets.get("fat_g_pct").unit == "% of energy"
    assert targets.get("fiber_g_per_1000kcal").unit == "g per 1,000 kcal"
    assert targets.get("sodium_mg").unit == "mg"
    assert targets.get("energy_kcal").describe() == "energy_kcal 1750-2150 kcal"
    assert targets.get("magnesium_mg").describe() == "magnesium_mg >= 320 mg"
    assert targets.get("sodium_mg").describe() == "sodium_mg <= 2300 mg"


@pytest.mark.parametrize(("profile", "protein"), [
    (Profile(F, 35), 46),
    (Profile(M, 35), 56),
    (Profile(M, 70), 56),
    (Profile(M, 35, weight_kg=90), 72),         # 0.8 g/kg
    (Profile(F, 35, weight_kg=55.5), 44.4),
    (Profile(F, 30, PREGNANT), 71),
    (Profile(F, 30, LACTATING), 71),
])
def test_protein_rda(profile, protein):
    targets = resolve_targets(profile)
    assert targets.get("protein_g").minimum == pytest.approx(protein)


def test_teenager_protein_and_sodium():
    targets = resolve_targets(Profile(M, 16), TargetOptions(kcal=(2400, 3000)))
    assert targets.get("protein_g").minimum == 52
    assert targets.get("sodium_mg").maximum == 2300
    child = resolve_targets(Profile(F, 6), TargetOptions(kcal=(1200, 1500)))
    assert child.get("sodium_mg").maximum == 1500
    assert child.get("protein_g").minimum == 19


def test_share_of_energy_measure():
    fat = Target("fat_g", 20, 35, Basis.ENERGY_PCT)
    # 30 g fat x 9 kcal/g = 270 kcal of 900 kcal = 30 %.
    assert fat.value({"fat_g": 30, "energy_kcal": 900}) == pytest.approx(30)
    fiber = Target("fiber_g", 14, None, Basis.PER_1000_KCAL)
    assert fiber.value({"fiber_g": 28, "energy_kcal": 2000}) == pytest.approx(14)
    assert math.isnan(fat.value({"fat_g": 30, "energy_kcal": 0}))
    assert fat.key == "fat_g_pct" and fiber.key == "fiber_g_per_1000kcal"


@pytest.mark.parametrize(("column", "unit"), [("magnesium_mg", "mg"), ("energy_kcal", "kcal"),
                                              ("vitamin_k_ug", "ug"), ("zinc", ""),
                                              ("protein_g", "g")])
def test_unit_from_column_name(column, unit):
    assert unit_of(column) == unit


# --- caffeine -------------------------------------------------------------------------------

@pytest.mark.parametrize(("profile", "options", "cap"), [
    (Profile(F, 35), TargetOptions(), 400),
    (Profile(F, 30, PREGNANT), TargetOptions(), 200),
    (Profile(F, 30, LACTATING), TargetOptions(), 200),
    (Profile(M, 15), TargetOptions(), 183),                 # 3 mg/kg x 61 kg (reference)
    (Profile(F, 4), TargetOptions(), 60),                   # 3 mg/kg x 20 kg
    (Profile(M, 15, weight_kg=50), TargetOptions(kcal=(2000, 2500)), 150),   # 3 mg/kg
    (Profile(F, 35), TargetOptions(max_caffeine_mg=100), 100),
    (Profile(F, 35), TargetOptions(no_caffeine=True), 0),
    (Profile(F, 35), TargetOptions(no_caffeine=True, max_caffeine_mg=100), 0),
    (Profile(F, 35), TargetOptions(no_default_targets=True), None),
    (Profile(F, 35), TargetOptions(no_default_targets=True, max_caffeine_mg=50), 50),
])
def test_caffeine_cap(profile, options, cap):
    assert resolve_targets(profile, options).caffeine_cap_mg == cap


# --- overrides --------------------------------------------------------------------------------

def test_kcal_min_and_max_override_the_defaults():
    targets = resolve_targets(adult(), TargetOptions(
        kcal=(1800, 2000), minimums={"magnesium_mg": 400, "calcium_mg": 1000},
        maximums={"sodium_mg": 1500, "sugars_g": 50}))
    got = limits(targets)
    assert got["energy_kcal"] == (1800, 2000)
    assert targets.get("energy_kcal").source == "--kcal"
    assert got["magnesium_mg"] == (400, None)
    assert targets.get("magnesium_mg").source == "--min"
    assert targets.magnesium_rda_mg == 320   # still reported as the RDA
    assert got["calcium_mg"] == (1000, 2500)   # the UL stays
    assert got["sodium_mg"] == (None, 1500)
    assert "--max" in targets.get("sodium_mg").source
    assert got["sugars_g"] == (None, 50)
    # --kcal replaces the note on where the energy range comes from.
    assert not any("comes from the equations" in n for n in targets.notes)


def test_min_and_max_on_the_same_column_combine():
    targets = resolve_targets(adult(), TargetOptions(minimums={"energy_kcal": 1500},
                                                     maximums={"magnesium_mg": 900}))
    assert limits(targets)["energy_kcal"] == (1500, 2150)
    assert limits(targets)["magnesium_mg"] == (320, 900)


def test_no_default_targets_keeps_only_the_users_limits():
    targets = resolve_targets(adult(), TargetOptions(
        no_default_targets=True, minimums={"vitamin_k_ug": 120}, kcal=(1500, 2500)))
    assert limits(targets) == {"energy_kcal": (1500, 2500), "vitamin_k_ug": (120, None)}
    assert targets.magnesium_rda_mg is None


def test_min_and_max_names_are_checked_against_the_table():
    nutrients = ("energy_kcal", "magnesium_mg", "vitamin_k_ug")
    ok = resolve_targets(adult(), TargetOptions(minimums={"vitamin_k_ug": 90}), nutrients)
    assert ok.get("vitamin_k_ug").minimum == 90
    with pytest.raises(InputError) as raised:
        resolve_targets(adult(), TargetOptions(maximums={"magnesium": 500}), nutrients)
    assert raised.value.where.flag == "--max"
    assert "Did you mean magnesium_mg?" in str(raised.value)


# --- supplement ------------------------------------------------------------------------------

def test_supplement_counts_toward_magnesium():
    targets = resolve_targets(adult(), TargetOptions(supplement_mg=100))
    assert targets.get("magnesium_mg").minimum == 220
    assert targets.supplement_mg == 100
    assert targets.magnesium_rda_mg == 320
    assert "supplement" in targets.get("magnesium_mg").source
    assert any("220 mg" in n for n in targets.notes)
    assert not any(n.startswith("WARNING") for n in targets.notes)


def test_supplement_counts_after_a_min_override():
    targets = resolve_targets(adult(), TargetOptions(minimums={"magnesium_mg": 500},
                                                     supplement_mg=200))
    assert targets.get("magnesium_mg").minimum == 300


def test_supplement_at_the_upper_limit_is_not_warned_about():
    targets = resolve_targets(adult(), TargetOptions(supplement_mg=350))
    assert not any(n.startswith("WARNING") for n in targets.notes)


def test_supplement_above_the_upper_limit_is_warned_about():
    targets = resolve_targets(adult(), TargetOptions(supplement_mg=400))
    assert targets.get("magnesium_mg").minimum == 0
    warning = [n for n in targets.notes if n.startswith("WARNING")]
    assert len(warning) == 1
    assert "400 mg" in warning[0] and "350 mg" in warning[0]
    assert targets.supplement_ul_mg == 350


def test_supplement_warning_uses_the_childs_upper_limit():
    targets = resolve_targets(Profile(F, 6), TargetOptions(kcal=(1200, 1500), supplement_mg=120))
    assert any(n.startswith("WARNING") and "110 mg" in n for n in targets.notes)


# --- invalid values name the flag ------------------------------------------------------------

@pytest.mark.parametrize(("make", "flag"), [
    (lambda: Profile(F, 0), "--age"),
    (lambda: Profile(F, 121), "--age"),
    (lambda: Profile(M, 30, PREGNANT), "--life-stage"),
    (lambda: Profile(F, 60, LACTATING), "--life-stage"),
    (lambda: Profile(F, 12, PREGNANT), "--life-stage"),
    (lambda: Profile(F, 30, weight_kg=2), "--weight-kg"),
    (lambda: Profile(F, 30, height_cm=300), "--height-cm"),
    (lambda: Profile(F, 30, trimester=2), "--trimester"),
    (lambda: Profile(F, 30, PREGNANT, trimester=4), "--trimester"),
    (lambda: Profile(F, 30, PREGNANT, lactation=LactationPeriod.FIRST), "--lactation-months"),
    (lambda: resolve_targets(adult(), TargetOptions(kcal=(2000, 1800))), "--kcal"),
    (lambda: resolve_targets(adult(), TargetOptions(kcal=(0, 1800))), "--kcal"),
    (lambda: resolve_targets(adult(), TargetOptions(minimums={"zinc_mg": -1})), "--min"),
    (lambda: resolve_targets(adult(), TargetOptions(maximums={"zinc_mg": math.nan})), "--max"),
    (lambda: resolve_targets(adult(), TargetOptions(max_caffeine_mg=-5)), "--max-caffeine"),
    (lambda: resolve_targets(adult(), TargetOptions(supplement_mg=-5)), "--supplement-mg"),
    (lambda: resolve_targets(adult(), TargetOptions(maximums={"energy_kcal": 1000})),
     "--min/--max"),
    (lambda: resolve_targets(adult(), TargetOptions(minimums={"sodium_mg": 3000})),
     "--min/--max"),
])
def test_invalid_values_name_the_flag(make, flag):
    with pytest.raises(InputError) as raised:
        make()
    assert raised.value.where.flag == flag
    assert str(raised.value).startswith(flag)


def test_min_above_max_says_which_limits():
    with pytest.raises(InputError, match=r"energy_kcal: the minimum 1750 is above the "
                                         r"maximum 1000"):
        resolve_targets(adult(), TargetOptions(maximums={"energy_kcal": 1000}))


# --- plain form --------------------------------------------------------------------------------

@pytest.mark.parametrize("options", [
    TargetOptions(),
    TargetOptions(supplement_mg=400, kcal=(1500, 1900), maximums={"sodium_mg": 1500}),
    TargetOptions(no_default_targets=True, minimums={"vitamin_k_ug": 90}),
    TargetOptions(caffeine_now="3 cups coffee", max_caffeine_mg=100, plan_days=7),
])
def test_targets_round_trip_through_plain_form(options):
    import json

    profile = Profile(F, 30, LACTATING, 62.5, 170, Activity.ACTIVE,
                      lactation=LactationPeriod.SECOND)
    targets = resolve_targets(profile, options)
    again = Targets.from_dict(json.loads(json.dumps(targets.to_dict())))
    assert again == targets
