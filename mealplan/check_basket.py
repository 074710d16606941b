"""The independent check of a week bought in packages: purchases, spoilage, cooking.

It replays the week from the food table's recipes and purchase forms and the rules
in :mod:`mealplan.kitchen` (the ones the planner reads), never from the planner's
bookkeeping: every package bought whole, everything bought on the shop day, each
day's use drawn from open packages oldest first and new ones opened only while still
good, nothing used after it spoiled, batch dishes eaten only from what was cooked,
within the days cooked food keeps and the meals a batch feeds, and the caps on
different things and on kinds of meat and fish.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping

from . import kitchen
from .check import Violation
from .foods import FoodTable
from .plan import Plan, Purchase
from .request import PlanRequest

# Grams below which a shortfall is rounding, not food.
_GRAMS_TOLERANCE = 0.5


def check_purchases(plan: Plan, foods: FoodTable, request: PlanRequest) -> list[Violation]:
    """Every violation of a plan's purchases and batch cooking; empty when it holds."""
    if not plan.purchases or foods.purchases is None or foods.ingredients is None:
        return []
    found: list[Violation] = []
    table = foods.purchases
    recipes: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for fid, pid, g in foods.ingredients[["food_id", "purchase_id", "purchase_g"]].itertuples(
            index=False):
        recipes[str(fid)].append((str(pid), float(g)))
    batch = {step.food_id for step in plan.prep}
    cook = (foods.frame["cook"].fillna("") if "cook" in foods.frame.columns else None)
    for fid in sorted(batch):
        if cook is None or fid not in cook.index or cook[fid] != "batch":
            found.append(Violation(None, "batch", f"{fid} is cooked in a batch but the "
                                   "table does not cook it so"))
    found.extend(_check_cooking(plan, batch))

    # What each day uses of each purchase form, as bought.
    use: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for day in plan.days:
        for item in day.items:
            if item.food_id not in batch:
                for pid, g in recipes.get(item.food_id, ()):
                    use[pid][day.number - 1] += g * item.grams / 100
    for step in plan.prep:
        for pid, g in recipes.get(step.food_id, ()):
            use[pid][step.day - 1] += g * step.grams / 100

    bought = {p.purchase_id: p for p in plan.purchases}
    for pid in sorted(set(use) - set(bought)):
        if math.fsum(use[pid].values()) > _GRAMS_TOLERANCE:
            found.append(Violation(None, "purchase", f"{pid} is used but not bought"))
    for pid, p in sorted(bought.items()):
        if pid not in table.index:
            found.append(Violation(None, "purchase", f"{pid} is not a purchase form"))
            continue
        row = {str(k): v for k, v in table.loc[pid].to_dict().items()}
        found.extend(_check_purchase(p, row, use.get(pid, {}), len(plan.days)))

    if plan.caps_lifted_from is not None:  # the plan's notes say so
        return found
    counted = [pid for pid, p in bought.items() if pid in table.index
               and not bool(table.at[pid, "staple"]) and (p.packages or p.grams_bought) > 0]
    most = request.items_cap
    if len(counted) > most:
        found.append(Violation(None, "max_items", f"{len(counted)} different things bought, "
                               f"at most {most} allowed"))
    meat = [pid for pid in counted if str(table.at[pid, "kind"]) in kitchen.MEAT_FISH_KINDS]
    most_meat = request.meat_fish_cap
    if len(meat) > most_meat:
        found.append(Violation(None, "max_meat_fish", f"{len(meat)} kinds of meat and fish "
                               f"bought, at most {most_meat} allowed"))
    return found


def _check_purchase(p: Purchase, row: Mapping[str, object], use: Mapping[int, float],
                    days: int) -> list[Violation]:
    """Whole packages, the grams shown, and the week's use replayed oldest first."""
    found = []
    size = float(row["package_g"])  # type: ignore[arg-type]
    by_package = not math.isnan(size)
    used = math.fsum(use.values())
    if not math.isclose(p.grams_used, used, rel_tol=1e-6, abs_tol=0.01):
        found.append(Violation(None, "purchase", f"{p.purchase_id} is shown to use "
                               f"{p.grams_used:.1f} g, the days use {used:.1f} g"))
    keep = kitchen.keeping(row)
    if not by_package:
        for d in sorted(use):
            if use[d] > 0 and d > keep.shelf_days - 1:
                found.append(Violation(d + 1, "spoiled", f"{p.purchase_id} is used after it "
                                       f"keeps ({keep.shelf_days:g} days)"))
        if p.grams_bought + _GRAMS_TOLERANCE < used:
            found.append(Violation(None, "purchase", f"{p.purchase_id}: {p.grams_bought:.1f} g "
                                   f"bought, {used:.1f} g used"))
        return found
    if p.packages is None or p.packages < 0:
        return [*found, Violation(None, "package", f"{p.purchase_id}: packages must be a "
                                  f"whole number, got {p.packages}")]
    if not math.isclose(p.grams_bought, p.packages * size, rel_tol=1e-9, abs_tol=1e-6):
        found.append(Violation(None, "package", f"{p.purchase_id}: {p.grams_bought:g} g "
                               f"bought is not {p.packages} x {size:g} g"))
    unopened = p.packages
    lots: list[tuple[float, float]] = []  # (last good day, grams)
    for d in range(days):
        need = use.get(d, 0.0)
        if need <= 0:
            continue
        lots = sorted((last, g) for last, g in lots if last >= d and g > 1e-9)
        kept = []
        for last, g in lots:
            take = min(g, need)
            need -= take
            kept.append((last, g - take))
        lots = kept
        while need > _GRAMS_TOLERANCE and unopened > 0:
            if d > keep.shelf_days - 1:
                found.append(Violation(d + 1, "spoiled", f"{p.purchase_id}: a package is "
                                       f"opened after it keeps ({keep.shelf_days:g} days)"))
                break
            unopened -= 1
            usable = kitchen.covered_g(size)
            take = min(usable, need)
            need -= take
            lots.append((keep.last_day(d), usable - take))
        if need > _GRAMS_TOLERANCE:
            found.append(Violation(d + 1, "purchase", f"{p.purchase_id}: {need:.1f} g more "
                                   "is used than was bought and is still good"))
            lots = []
    return found


def _check_cooking(plan: Plan, batch: set[str]) -> list[Violation]:
    """Batch dishes eaten only from what was cooked, and all that is cooked eaten.

    Oldest batch first, while it keeps and has meals left.
    """
    found = []
    last_day = len(plan.days) - 1
    for fid in sorted(batch):
        steps = sorted((s for s in plan.prep if s.food_id == fid), key=lambda s: s.day)
        # Per batch: [grams left, last good day (0-based), meals left, day cooked].
        lots: list[list[float]] = []
        for day in plan.days:
            d = day.number - 1
            for step in steps:
                if step.day - 1 == d:
                    lots.append([step.grams, min(d + kitchen.COOKED_KEEPS_DAYS - 1, last_day),
                                 kitchen.BATCH_MEALS, step.day])
            for meal in day.meals:
                need = math.fsum(i.grams for i in meal.items if i.food_id == fid)
                if need <= 0:
                    continue
                for lot in lots:
                    if need <= _GRAMS_TOLERANCE:
                        break
                    if lot[1] < d or lot[2] <= 0 or lot[0] <= 1e-9:
                        continue
                    take = min(lot[0], need)
                    lot[0] -= take
                    lot[2] -= 1
                    need -= take
                if need > _GRAMS_TOLERANCE:
                    found.append(Violation(day.number, "batch", f"{fid} at {meal.name}: "
                                           f"{need:.1f} g more than was cooked, still good "
                                           "and with meals left"))
        for grams, _, _, cooked_on in lots:
            if grams > _GRAMS_TOLERANCE:
                found.append(Violation(int(cooked_on), "batch", f"{fid}: {grams:.1f} g of "
                                       "what is cooked is never eaten"))
    return found
