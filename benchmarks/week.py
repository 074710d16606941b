"""Can one person buy and cook the week? Plan weeks for many profiles and count.

From the repository root::

    python -m benchmarks.week              # every profile below
    python -m benchmarks.week --smoke      # the first two

For each profile a week is planned on the default table, as ``mealplan week`` with
those flags would, and read back the way a shopper would: distinct things bought
(staples aside), perishable food bought but not eaten by the week's end, kinds of
meat and fish, batch dishes eaten at two meals or more, whether the independent
checker passed every day and every package, and whether the week was planned within
one shop's basket or fell back to buying what each day eats. The thresholds printed
are the ones the shopping list aims for (at most 25 things, at most 10 % of the
perishable food left, at most 4 kinds of meat and fish, at least 2 batch dishes).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass

from mealplan import kitchen
from mealplan.check import check_plan
from mealplan.foods import FoodTable, load_foods
from mealplan.plan import Plan
from mealplan.planner import make_plan
from mealplan.request import request_from_settings

PROFILES: tuple[tuple[str, dict[str, object]], ...] = (
    ("default", {}),
    ("man 45", {"sex": "male", "age": 45}),
    ("woman 70", {"sex": "female", "age": 70}),
    ("vegetarian woman 28", {"sex": "female", "age": 28, "diet": "vegetarian"}),
    ("vegan man 30", {"sex": "male", "age": 30, "diet": "vegan"}),
    ("pescatarian woman 50", {"sex": "female", "age": 50, "diet": "pescatarian"}),
    ("gluten-free woman 40", {"sex": "female", "age": 40, "avoid": ["gluten"]}),
    ("no dairy man 60", {"sex": "male", "age": 60, "avoid": ["dairy"]}),
    ("tree-nut allergy man 25", {"sex": "male", "age": 25, "avoid": ["tree_nut"]}),
    ("cutting back coffee", {"caffeine_now": 400, "max_caffeine": 100}),
    ("no caffeine man 35 light", {"sex": "male", "age": 35, "no_caffeine": True,
                                  "activity": "light"}),
    ("1600-1800 kcal woman 55", {"sex": "female", "age": 55, "kcal": "1600-1800"}),
    ("pregnant, 3rd trimester", {"sex": "female", "age": 30, "life_stage": "pregnant",
                                 "trimester": 3}),
    ("teenage boy 16", {"sex": "male", "age": 16}),
)
MAX_ITEMS, MAX_WASTE, MAX_MEAT_FISH, MIN_BATCHES = 25, 0.10, 4, 2


@dataclass(frozen=True)
class Week:
    """What one profile's week comes to."""

    name: str
    seconds: float
    basket: bool
    checked: bool
    items: int
    waste: float
    meat_fish: int
    batches: int

    def meets(self) -> bool:
        return (self.checked and self.items <= MAX_ITEMS and self.waste <= MAX_WASTE
                and self.meat_fish <= MAX_MEAT_FISH and self.batches >= MIN_BATCHES)


def read_week(name: str, plan: Plan, foods: FoodTable, seconds: float,
              checked: bool) -> Week:
    """Count a planned week as a shopper would."""
    kinds = foods.purchases["kind"] if foods.purchases is not None else None
    bought = plan.things_bought
    left, grams_bought = plan.waste
    meat_fish = sum(1 for p in bought if kinds is not None and p.purchase_id in kinds.index
                    and kinds[p.purchase_id] in kitchen.MEAT_FISH_KINDS)
    return Week(
        name=name, seconds=seconds,
        basket=not any(n.startswith("No week within one shop") for n in plan.notes),
        checked=checked, items=len(bought),
        waste=left / grams_bought if grams_bought else 0.0, meat_fish=meat_fish,
        batches=sum(1 for step in plan.prep if len(step.meals) >= 2))


def plan_week(foods: FoodTable, name: str, settings: dict[str, object]) -> Week | str:
    """One profile's week, or why there is none."""
    request = request_from_settings(foods, {"days": 7, **settings})
    start = time.perf_counter()
    try:
        plan = make_plan(foods, request)
    except Exception as exc:  # a refusal is a result here, not a crash
        return f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
    seconds = time.perf_counter() - start
    # A week whose caps were lifted (Plan.caps_lifted_from) is checked for all but
    # them; its things and meats are counted below.
    checked = not check_plan(plan, foods, request)
    return read_week(name, plan, foods, seconds, checked)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="the first two profiles only")
    args = parser.parse_args(argv)
    foods = load_foods("default")
    profiles = PROFILES[:2] if args.smoke else PROFILES
    weeks: list[Week] = []
    print(f"{'profile':26} {'s':>5} {'basket':>6} {'checked':>7} {'items':>5} "
          f"{'waste':>6} {'meat/fish':>9} {'batches':>7}")
    for name, settings in profiles:
        week = plan_week(foods, name, settings)
        if isinstance(week, str):
            print(f"{name:26} no plan: {week}")
            continue
        weeks.append(week)
        shopping = (f"{week.items:5d} {week.waste:6.0%} {week.meat_fish:9d} "
                    f"{week.batches:7d}" if week.basket else f"{'-':>5} {'-':>6} {'-':>9} {'-':>7}")
        print(f"{name:26} {week.seconds:5.1f} {'yes' if week.basket else 'no':>6} "
              f"{'yes' if week.checked else 'NO':>7} {shopping}")
    planned = len(weeks)
    print(f"\n{planned} of {len(profiles)} profiles planned; "
          f"{sum(w.basket for w in weeks)} within one shop's basket; "
          f"{sum(w.checked for w in weeks)} passed the checker")
    bought = [w for w in weeks if w.basket]
    if bought:
        # A week planned without the basket buys what its days eat, with no packages
        # or batches to count: the shopping thresholds are read on basket weeks only.
        print(f"of the {len(bought)} basket weeks: "
              f"items <= {MAX_ITEMS}: {sum(w.items <= MAX_ITEMS for w in bought)}; "
              f"waste <= {MAX_WASTE:.0%}: {sum(w.waste <= MAX_WASTE for w in bought)}; "
              f"meat and fish <= {MAX_MEAT_FISH}: "
              f"{sum(w.meat_fish <= MAX_MEAT_FISH for w in bought)}; "
              f"batch dishes >= {MIN_BATCHES}: "
              f"{sum(w.batches >= MIN_BATCHES for w in bought)}; "
              f"all of these: {sum(w.meets() for w in bought)}; median waste "
              f"{statistics.median(w.waste for w in bought):.0%}")
    if weeks:
        print(f"median {statistics.median(w.seconds for w in weeks):.1f} s, "
              f"slowest {max(w.seconds for w in weeks):.1f} s")
    return 0 if planned and all(w.checked for w in weeks) else 1


if __name__ == "__main__":
    raise SystemExit(main())
