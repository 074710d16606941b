"""Diagnosis: which limits conflict, what is reachable, and the smallest change."""

from __future__ import annotations

import dataclasses
import math
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mealplan.diagnose import explain_infeasible, explain_structure
from mealplan.errors import Change, Conflict, NoPlanError
from mealplan.foods import FoodTable, load_foods
from mealplan.planner import make_plan
from mealplan.request import Amounts, PlanRequest, request_from_settings


def explain(foods: FoodTable, **settings: object) -> list[Conflict]:
    return explain_infeasible(foods, request_from_settings(foods, settings))


def by_limit(conflicts: list[Conflict]) -> dict[str, Conflict]:
    return {c.limit: c for c in conflicts}


def plans(foods: FoodTable, **settings: object) -> bool:
    try:
        make_plan(foods, request_from_settings(foods, settings))
    except NoPlanError:
        return False
    return True


TINY = Path(__file__).parent / "data" / "tiny_foods.csv"
# Settings under which the tiny table has plans once a conflicting choice goes.
OPEN = {"amounts": "continuous", "no_default_targets": True, "min": ["magnesium_mg=300"]}


def kcal_fix(conflict: Conflict) -> str:
    found = re.search(r"--kcal (\d+-\d+)", conflict.fix)
    assert found, conflict.fix
    return found.group(1)


def test_a_feasible_request_has_no_conflicts(tiny_foods):
    assert explain(tiny_foods, no_default_targets=True, min=["magnesium_mg=300"]) == []


# --- the example on the default table -----------------------------------------

@pytest.fixture(scope="module")
def vegan_high_magnesium() -> tuple[FoodTable, dict[str, object], list[Conflict]]:
    foods = load_foods("default")
    settings = {"diet": "vegan", "avoid": ["tree_nut"], "kcal": "1000-1200",
                "min": ["magnesium_mg=1600"]}
    return foods, settings, explain_infeasible(foods, request_from_settings(foods, settings))


def test_vegan_low_energy_high_magnesium_names_both_limits(vegan_high_magnesium):
    foods, settings, conflicts = vegan_high_magnesium
    found = by_limit(conflicts)
    magnesium = found["magnesium_mg >= 1,600 mg"]
    assert magnesium.requested == 1600
    assert 0 < magnesium.reachable < 1600
    assert f"{magnesium.reachable:,.0f} mg" in magnesium.fix
    # The shortfall is above the 350 mg supplemental UL: no supplement is suggested.
    assert 1600 - magnesium.reachable > 350
    assert "--supplement-mg" not in magnesium.fix
    energy = found["energy_kcal <= 1,200 kcal"]
    assert energy.requested == 1200 and energy.reachable > 1200
    # Only a change verified to give a plan is printed: a wider energy range (it
    # raises the day's food-group minimums with it) with the magnesium it reaches.
    assert all(c.fix for c in conflicts)
    assert energy.fixes and all(change.flag == "--kcal" for (change,) in energy.fixes)
    wider = energy.fixes[0][0].value
    assert int(wider.split("-")[1]) > energy.reachable
    assert plans(foods, **{**settings, "kcal": wider,
                           "min": [f"magnesium_mg={math.floor(magnesium.reachable)}"]})


def test_the_suggested_energy_range_is_enough():
    foods = load_foods("default")
    settings = {"diet": "vegetarian", "avoid": ["tree_nut"], "kcal": "1000-1100",
                "min": ["magnesium_mg=1200"]}
    energy = by_limit(explain_infeasible(foods, request_from_settings(foods, settings)))[
        "energy_kcal <= 1,100 kcal"]
    # The linear relaxation's value, or more where whole and half servings need it.
    low, high = map(int, kcal_fix(energy).split("-"))
    assert low == 1000 and high >= math.ceil(energy.reachable - 1e-6)
    assert energy.fixes == ((Change("--kcal", f"{low}-{high}"),),)
    assert plans(foods, **{**settings, "kcal": kcal_fix(energy)})


def test_a_supplement_within_the_ul_is_suggested_and_enough(vegan_high_magnesium):
    foods, settings, conflicts = vegan_high_magnesium
    reachable = by_limit(conflicts)["magnesium_mg >= 1,600 mg"].reachable
    target = math.floor(reachable) + 200  # 200 mg short: within the 350 mg UL
    settings = {**settings, "min": [f"magnesium_mg={target}"]}
    found = by_limit(explain_infeasible(foods, request_from_settings(foods, settings)))
    magnesium = found[f"magnesium_mg >= {target:,} mg"]
    dose = int(re.search(r"--supplement-mg (\d+)", magnesium.fix).group(1))
    assert math.ceil(target - magnesium.reachable) <= dose <= 350
    assert plans(foods, **{**settings, "supplement_mg": dose})


# --- choices that leave foods out ------------------------------------------------------------

def test_an_include_the_diet_leaves_out(tiny_foods):
    conflicts = explain(tiny_foods, **OPEN, diet="vegan", include=["salmon"])
    assert [c.limit for c in conflicts] == ["--include salmon"]
    assert "not vegan" in conflicts[0].fix
    # Vegetarian still leaves salmon out: only dropping the --include is offered.
    assert conflicts[0].fixes == ((Change("--include", "salmon", drop=True),),)
    assert conflicts[0].fix.endswith("; drop --include salmon")


def test_an_include_an_allergen_leaves_out(tiny_foods):
    conflicts = explain(tiny_foods, **OPEN, avoid=["tree_nut"], include=["12061"])
    assert [c.limit for c in conflicts] == ["--include 12061"]
    assert "contains tree_nut" in conflicts[0].fix
    assert set(conflicts[0].fixes) == {(Change("--include", "12061", drop=True),),
                                       (Change("--avoid", "tree_nut", drop=True),)}


def test_an_include_left_out_by_unknown_caffeine(tiny_foods):
    conflicts = explain(tiny_foods, **OPEN, max_caffeine=100, include=["bread"])
    assert [c.limit for c in conflicts] == ["--include bread"]
    assert "caffeine_mg unknown" in conflicts[0].fix


def test_every_food_left_out(tiny_foods):
    settings = {**OPEN, "diet": "vegan", "avoid": ["gluten", "tree_nut"],
                "exclude": ["banana", "spinach", "pumpkin", "coffee", "tea", "quinoa"]}
    conflicts = explain(tiny_foods, **settings)
    assert conflicts[0].limit == "foods"
    assert conflicts[0].requested == 0
    assert "every food is left out" in conflicts[0].fix
    assert "not vegan" in conflicts[0].fix and "excluded by --exclude" in conflicts[0].fix
    offered = [fix for c in conflicts for fix in c.fixes]
    assert offered
    for fix in offered:
        assert plans(tiny_foods, **apply_settings(settings, fix)), fix


def test_a_meal_no_food_fits(tiny_foods):
    # Dinner foods of the tiny table: spinach, salmon, quinoa.
    conflicts = explain(tiny_foods, avoid=["fish"], exclude=["spinach", "quinoa"])
    assert "dinner: no food fits" in [c.limit for c in conflicts]


def test_a_diet_that_is_the_only_problem(tiny_foods):
    # Vegan foods of the tiny table reach 1226 mg in a day, vegetarian ones 1292 mg
    # (coffee, tea and chocolate, liked, among them).
    conflicts = explain(tiny_foods, diet="vegan", no_default_targets=True,
                        min=["magnesium_mg=1250"], amounts="continuous",
                        like=["coffee", "tea", "chocolate"])
    found = by_limit(conflicts)
    assert found["--diet vegan"].fix == "use --diet vegetarian"
    assert found["magnesium_mg >= 1,250 mg"].reachable < 1250


def test_an_avoided_allergen_that_is_the_only_problem(tiny_foods):
    conflicts = explain(tiny_foods, avoid=["fish"], amounts="continuous")
    assert by_limit(conflicts)["--avoid fish"].fix == "allow fish (drop --avoid fish)"


# --- numeric limits --------------------------------------------------------------------------

def test_energy_and_share_of_energy_on_the_tiny_table(tiny_foods):
    # Without quinoa and banana the tiny table cannot reach the default 1750 kcal with
    # every other limit held, nor 45 % of energy from carbohydrate.
    found = by_limit(explain(tiny_foods, amounts="continuous", exclude=["quinoa", "banana"]))
    energy = found["energy_kcal >= 1,750 kcal"]
    assert energy.reachable < 1750
    assert kcal_fix(energy) == f"{math.floor(energy.reachable + 1e-6)}-2150"
    carbs = found["carbohydrate_g_pct >= 45 % of energy"]
    assert 0 < carbs.reachable < 45
    # A share of energy cannot be set with --min (that sets grams a day).
    assert "--no-default-targets" in carbs.fix
    assert "set it with --min" not in carbs.fix


def test_each_suggested_change_alone_allows_a_plan(tiny_foods):
    settings: dict[str, object] = {"amounts": "continuous", "max": ["sodium_mg=200"]}
    found = by_limit(explain(tiny_foods, **settings))
    sodium = found["sodium_mg <= 200 mg"]
    assert "at least" in sodium.fix
    flag_value = re.search(r"--max (sodium_mg=[\d.]+)", sodium.fix).group(1)
    assert explain(tiny_foods, **{**settings, "max": [flag_value]}) == []
    energy = found["energy_kcal >= 1,750 kcal"]
    assert explain(tiny_foods, **{**settings, "kcal": kcal_fix(energy)}) == []


CUSTOM = """food_id,name,serving_g,serving_desc,energy_kcal,sodium_mg,zinc_mg
a,Salty,100,1 cup,100,333.3449,1
b,Plain,100,1 cup,50,0,0
"""


@pytest.fixture
def custom_foods(tmp_path: Path) -> FoodTable:
    path = tmp_path / "custom.csv"
    path.write_text(CUSTOM, encoding="utf-8")
    return load_foods(path)


def test_suggested_maximum_rounds_up(custom_foods):
    # 100 kcal needs 100 g of Salty (Plain is capped by zinc... none: it only has
    # half the energy, so a 100-100 kcal day is 100 g Salty or 200 g Plain); with zinc
    # at least 1 mg, Salty is needed: 333.3449 mg sodium at least.
    settings = {"no_default_targets": True, "amounts": "continuous", "kcal": "100-100",
                "min": ["zinc_mg=1"], "max": ["sodium_mg=300"]}
    sodium = by_limit(explain(custom_foods, **settings))["sodium_mg <= 300 mg"]
    assert sodium.reachable == pytest.approx(333.3449)
    assert sodium.fix.endswith("--max sodium_mg=333.4")
    assert explain(custom_foods, **{**settings, "max": ["sodium_mg=333.4"]}) == []


def test_suggested_minimum_rounds_down(custom_foods):
    settings = {"no_default_targets": True, "amounts": "continuous", "kcal": "100-100",
                "min": ["sodium_mg=400"]}
    sodium = by_limit(explain(custom_foods, **settings))["sodium_mg >= 400 mg"]
    assert sodium.fix.endswith("--min sodium_mg=333.3")
    assert explain(custom_foods, **{**settings, "min": ["sodium_mg=333.3"]}) == []


def test_a_change_that_does_not_give_a_plan_is_not_offered(tiny_foods):
    # Each food in one meal of three days: the tiny table has too few foods, and
    # repeats allow a plan, so that change is offered; with a planner that finds no
    # plan for any change, nothing is.
    settings = {"days": 3, "max_days_per_food": 1, "no_default_targets": True}
    request = request_from_settings(tiny_foods, settings)
    conflicts = explain(tiny_foods, **settings)
    offered = [str(c) for conflict in conflicts for fix in conflict.fixes for c in fix]
    assert "--max-days-per-food 3" in offered
    for conflict in conflicts:
        for fix in conflict.fixes:
            assert plans(tiny_foods, **apply_settings(settings, fix)), fix
    refused = explain_structure(tiny_foods, request, lambda changed: False)
    assert all(c.fixes == () for c in refused)
    assert all("no change" in c.fix for c in refused)


def test_variety_that_alone_rules_out_a_short_plan(tiny_foods):
    settings = {"days": 3, "max_days_per_food": 1, "no_default_targets": True,
                "amounts": "continuous"}
    # Continuous amounts have no variety limit; with servings the fix is verified above.
    assert plans(tiny_foods, **settings)


def apply_settings(settings: dict[str, object], fix: tuple[Change, ...]) -> dict[str, object]:
    """Settings with a printed fix applied, as the flags would apply it."""
    out = dict(settings)
    for change in fix:
        key = change.flag.removeprefix("--").replace("-", "_")
        if change.drop:
            out[key] = [v for v in out[key] if v != change.value]  # type: ignore[attr-defined]
        elif change.flag in ("--min", "--max"):
            out[key] = [*out.get(key, []), change.value]  # type: ignore[misc]
        else:
            out[key] = True if change.value is None else change.value
    return out


def test_limits_that_must_change_together(tiny_foods):
    # Neither 1200 mg magnesium nor 1750 kcal can be reached with the other held
    # (vegetarian foods of the tiny table, vitamin K at least 300 ug); lowering both
    # is the least change.
    settings: dict[str, object] = {"amounts": "continuous", "diet": "vegetarian",
                                   "min": ["magnesium_mg=1200", "vitamin_k_ug=300"]}
    found = by_limit(explain(tiny_foods, **settings))
    assert set(found) == {"magnesium_mg >= 1,200 mg", "energy_kcal >= 1,750 kcal"}
    for conflict in found.values():
        assert conflict.fix.endswith("together with the other changes listed")
        assert conflict.details == ("No single change is enough: these limits must all "
                                    "change.",)
    magnesium = found["magnesium_mg >= 1,200 mg"]
    assert magnesium.reachable < 1200
    lower = re.search(r"--min (magnesium_mg=[\d.]+)", magnesium.fix).group(1)
    dose = re.search(r"--supplement-mg (\d+)", magnesium.fix).group(1)
    kcal = kcal_fix(found["energy_kcal >= 1,750 kcal"])
    # Both changes together allow a plan; either alone does not.
    assert explain(tiny_foods, **{**settings, "kcal": kcal,
                                  "min": [lower, "vitamin_k_ug=300"]}) == []
    assert explain(tiny_foods, **{**settings, "kcal": kcal, "supplement_mg": dose}) == []
    assert explain(tiny_foods, **{**settings, "kcal": kcal})
    assert explain(tiny_foods, **{**settings, "supplement_mg": dose})


# --- the integer structure ---------------------------------------------------------------------

def structure(request: PlanRequest, works: set[str]) -> list[Conflict]:
    def solve_with(trial: PlanRequest) -> bool:
        kind = ("continuous" if trial.amounts is Amounts.CONTINUOUS
                else "variety" if trial.max_days_per_food == request.days else "same")
        return kind in works
    return explain_structure(None, request, solve_with)  # type: ignore[arg-type]


def test_structure_when_variety_is_to_blame(tiny_foods):
    request = request_from_settings(tiny_foods, {"days": 3})
    conflicts = structure(request, {"variety"})
    assert [c.limit for c in conflicts] == ["variety: each food in a limited number of meals"]
    assert "--max-days-per-food 3" in conflicts[0].fix


def test_structure_when_servings_are_to_blame(tiny_foods):
    request = request_from_settings(tiny_foods, {"days": 1})
    conflicts = structure(request, {"continuous", "variety"})
    assert [c.limit for c in conflicts] == ["household servings and meal structure"]
    assert "--amounts continuous" in conflicts[0].fix


def test_structure_when_nothing_single_helps(tiny_foods):
    request = request_from_settings(tiny_foods, {"days": 2})
    conflicts = structure(request, set())
    assert [c.limit for c in conflicts] == ["meal structure"]
    assert "--kcal" in conflicts[0].fix


def test_no_plan_error_lists_each_conflict():
    error = NoPlanError("No plan meets every limit.", [
        Conflict("magnesium_mg >= 900 mg", 900, 600, "allow less", ("detail line",)),
        Conflict("--diet vegan", None, None, "use --diet vegetarian")])
    assert str(error) == ("No plan meets every limit.\n- magnesium_mg >= 900 mg: allow less\n"
                          "  detail line\n- --diet vegan: use --diet vegetarian")
    assert error.exit_code == 1
    assert dataclasses.asdict(error.conflicts[1])["fix"] == "use --diet vegetarian"


def test_a_cut_back_is_diagnosed_against_its_average_cap(tiny_foods):
    # Coffee included (half a serving, 120 g x 40 mg/100 g = 48 mg) on a cut-back from
    # 40 mg to none in two days: caps 40 and 0, 20 mg on the average day, while the
    # coffee needs 24 mg a day on average.
    conflicts = explain(tiny_foods, no_default_targets=True, caffeine_now=40,
                        no_caffeine=True, days=2, taper_days=2, include=["coffee"],
                        amounts="continuous")
    found = by_limit(conflicts)["caffeine_mg <= 20 mg"]
    assert (found.requested, found.reachable) == (20, pytest.approx(24))


# --- every printed change works --------------------------------------------------------------

@settings(deadline=None, max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({
    "amounts": st.sampled_from(["continuous", "servings"]),
    "min": st.lists(st.sampled_from(["magnesium_mg=900", "magnesium_mg=1500",
                                     "protein_g=150", "vitamin_k_ug=400"]),
                    max_size=2, unique=True),
    "max": st.lists(st.sampled_from(["sodium_mg=50", "fat_g=20", "caffeine_mg=0"]),
                    max_size=2, unique=True),
    "kcal": st.sampled_from([None, "900-1000", "1200-1300", "3000-3200"]),
    "diet": st.sampled_from(["omnivore", "vegetarian", "vegan"]),
    "avoid": st.lists(st.sampled_from(["tree_nut", "fish", "soy", "gluten"]), max_size=2,
                      unique=True),
}))
def test_every_change_a_refusal_prints_gives_a_plan(settings):
    tiny_foods = load_foods(TINY)
    settings = {k: v for k, v in settings.items() if v is not None}
    try:
        make_plan(tiny_foods, request_from_settings(tiny_foods, settings))
    except NoPlanError as refusal:
        for conflict in refusal.conflicts:
            for fix in conflict.fixes:
                assert plans(tiny_foods, **apply_settings(settings, fix)), (settings, fix)
