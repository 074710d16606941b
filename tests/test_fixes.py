"""A fix applied to a request gives the request its flags would give: same limits, same order."""

from __future__ import annotations

import pytest

from mealplan.errors import Change
from mealplan.fixes import apply_fix
from mealplan.request import request_from_settings

BASE = {"diet": "vegan", "avoid": ["tree_nut", "soy"], "max": ["carbohydrate_g=89"],
        "exclude": ["tea"], "include": ["quinoa"]}


def limits(request):
    # The source text says where a limit came from; the model sees only the numbers.
    return [(t.key, t.minimum, t.maximum, t.basis) for t in request.targets.limits]


@pytest.mark.parametrize(("fix", "settings"), [
    ((Change("--kcal", "1500-2500"),), {"kcal": "1500-2500"}),
    ((Change("--max", "carbohydrate_g=185.7"),), {"max": ["carbohydrate_g=89",
                                                          "carbohydrate_g=185.7"]}),
    ((Change("--min", "magnesium_mg=250"),), {"min": ["magnesium_mg=250"]}),
    ((Change("--max", "sodium_mg=900"),), {"max": ["carbohydrate_g=89", "sodium_mg=900"]}),
    ((Change("--supplement-mg", "100"),), {"supplement_mg": 100}),
    ((Change("--max-caffeine", "50"),), {"max_caffeine": 50}),
    ((Change("--diet", "vegetarian"),), {"diet": "vegetarian"}),
    ((Change("--avoid", "soy", drop=True),), {"avoid": ["tree_nut"]}),
    ((Change("--exclude", "tea", drop=True),), {"exclude": []}),
    ((Change("--include", "quinoa", drop=True),), {"include": []}),
    ((Change("--no-default-targets"), Change("--kcal", "1750-2150"),
      Change("--min", "magnesium_mg=320")),
     {"no_default_targets": True, "kcal": "1750-2150", "min": ["magnesium_mg=320"]}),
    ((Change("--amounts", "continuous"), Change("--max-days-per-food", "3")),
     {"amounts": "continuous", "max_days_per_food": 3}),
])
def test_a_fix_applies_as_its_flags_would(tiny_foods, fix, settings):
    fixed = apply_fix(request_from_settings(tiny_foods, BASE), fix)
    flagged = request_from_settings(tiny_foods, {**BASE, **settings})
    assert limits(fixed) == limits(flagged)
    for field in ("diet", "avoid", "exclude", "include", "amounts", "max_days_per_food"):
        assert getattr(fixed, field) == getattr(flagged, field), field
    assert fixed.targets.supplement_mg == flagged.targets.supplement_mg


def test_a_max_caffeine_under_no_caffeine_changes_nothing(tiny_foods):
    request = request_from_settings(tiny_foods, {"no_caffeine": True})
    # resolve_targets applies --no-caffeine after --max, so the flag would do nothing.
    assert apply_fix(request, (Change("--max", "caffeine_mg=50"),)) == request
    changed = apply_fix(request, (Change("--no-caffeine", drop=True),
                                  Change("--max-caffeine", "50")))
    assert changed.targets.caffeine_cap_mg == 50


@pytest.mark.parametrize(("fix", "settings"), [
    # The food-group minimums follow the energy level: a wider range asks for more.
    ((Change("--kcal", "1200-2991"),), {"kcal": "1200-2991"}),
    ((Change("--kcal", "1200-2991"),), {"kcal": "1200-2991", "min": ["dairy_cup_eq=1"]}),
    ((Change("--kcal", "1200-2991"),), {"kcal": "1200-2991", "max": ["dairy_cup_eq=3"]}),
    ((Change("--budget", "18.74/week"), Change("--objective", "cost")),
     {"budget": "18.74/week", "objective": "cost"}),
])
def test_a_fix_on_the_default_table_applies_as_its_flags_would(fix, settings):
    from mealplan.foods import load_foods

    foods = load_foods("default")
    base = {"kcal": "1200-1300",
            **{k: settings[k] for k in ("min", "max") if k in settings}}
    fixed = apply_fix(request_from_settings(foods, base), fix)
    flagged = request_from_settings(foods, {**base, **settings})
    assert limits(fixed) == limits(flagged)
    assert (fixed.budget, fixed.objective) == (flagged.budget, flagged.objective)
