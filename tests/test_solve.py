"""Solving: exact LP optima checked by hand and against an independent solver, statuses."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from mealplan.check import check_plan
from mealplan.errors import InputError
from mealplan.foods import FoodTable, load_foods
from mealplan.planner import make_plan
from mealplan.request import PlanRequest, Solver, request_from_settings
from mealplan.solvers import SolveStatus, quiet_stdout, relative_gap
from mealplan.strategy import Outcome, solve_request


def cbc_available() -> bool:
    """A CBC on PATH, or the binary PuLP 3 bundles (deprecated there, hence the filter)."""
    import warnings

    import pulp

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return bool(pulp.COIN_CMD(msg=False).available()
                    or pulp.PULP_CBC_CMD(msg=False).available())


SOLVERS = [
    pytest.param("highs"),
    pytest.param("cbc", marks=pytest.mark.skipif(not cbc_available(), reason="no CBC binary")),
]

# Three foods, two nutrients with names mealplan does not know, prices per 100 g.
#   minimise 0.01 a + 0.02 b + 0.03 c   (price per gram)
#   zinc:  0.02 a + 0.01 b + 0.04 c >= 10
#   iron:  0.01 a + 0.03 b          >= 6
# Optimum a = 480 g, b = 40 g, c = 0, cost 5.60. Proof by duality: prices 0.2 per mg
# zinc and 0.6 per mg iron price a and b exactly (0.02*0.2 + 0.01*0.6 = 0.01,
# 0.01*0.2 + 0.03*0.6 = 0.02) and c below its price (0.04*0.2 = 0.008 < 0.03), and
# 10*0.2 + 6*0.6 = 5.60.
HAND = """food_id,name,serving_g,serving_desc,zinc_mg,iron_mg,price
a,Food A,100,1 cup,2,1,1.0
b,Food B,100,1 cup,1,3,2.0
c,Food C,50,1 piece,4,0,3.0
"""
HAND_SETTINGS = {"no_default_targets": True, "amounts": "continuous", "objective": "cost",
                 "min": ["zinc_mg=10", "iron_mg=6"]}


def write_table(tmp_path: Path, text: str, name: str = "foods.csv") -> FoodTable:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_foods(path)


def grams_by_food(plan, day: int = 0) -> dict[str, float]:
    grams: dict[str, float] = {}
    for item in plan.days[day].items:
        grams[item.food_id] = grams.get(item.food_id, 0.0) + item.grams
    return grams


@pytest.fixture
def hand_foods(tmp_path: Path) -> FoodTable:
    return write_table(tmp_path, HAND)


@pytest.mark.parametrize("solver", SOLVERS)
def test_cost_optimum_worked_by_hand(hand_foods, solver):
    request = request_from_settings(hand_foods, {**HAND_SETTINGS, "solver": solver})
    plan = make_plan(hand_foods, request)
    assert plan.status == "optimal"
    assert grams_by_food(plan) == pytest.approx({"a": 480, "b": 40}, abs=1e-4)
    assert plan.days[0].totals["zinc_mg"] == pytest.approx(10)
    assert plan.days[0].totals["iron_mg"] == pytest.approx(6)
    assert [m.name for m in plan.days[0].meals] == ["all"]
    outcome = solve_request(hand_foods, request)
    assert outcome.objective == pytest.approx(5.6)
    assert outcome.bound == pytest.approx(5.6)


def test_include_over_several_continuous_days(hand_foods):
    # --include C needs half a serving (25 g) in the plan. C costs 0.03 a gram and is
    # worth 0.04 x 0.2 = 0.008 at the prices above: 25 g add 25 x 0.022 = 0.55 to the
    # two days' 2 x 5.60.
    request = request_from_settings(hand_foods, {**HAND_SETTINGS, "days": 2,
                                                 "include": ["c"]})
    outcome = solve_request(hand_foods, request)
    assert outcome.status is SolveStatus.OPTIMAL
    assert outcome.objective == pytest.approx(11.75)
    plan = make_plan(hand_foods, request)
    assert sum(grams_by_food(plan, d).get("c", 0) for d in range(2)) == pytest.approx(25)
    assert check_plan(plan, hand_foods, request) == []


def test_infeasible_linear_program(hand_foods):
    # Iron 6 mg needs zinc with it: at least 2 mg (200 g of B), above the cap of 1.
    request = request_from_settings(hand_foods, {**HAND_SETTINGS, "max": ["zinc_mg=1"],
                                                 "min": ["iron_mg=6"]})
    assert solve_request(hand_foods, request).status is SolveStatus.INFEASIBLE


def test_unbounded_objective_is_an_input_error(tmp_path):
    # Nothing caps the amounts of a table without max_servings: the most magnesium
    # is infinite.
    foods = write_table(tmp_path, HAND.replace("zinc_mg,iron_mg", "magnesium_mg,iron_mg"))
    request = request_from_settings(foods, {"no_default_targets": True,
                                            "amounts": "continuous",
                                            "objective": "magnesium"})
    assert solve_request(foods, request).status is SolveStatus.UNBOUNDED
    with pytest.raises(InputError) as raised:
        make_plan(foods, request)
    assert raised.value.where.flag == "--objective"
    assert "max_servings" in str(raised.value)


# --- against an independent solver ---------------------------------------------------

NUTRIENTS = ("energy_kcal", "magnesium_mg", "zinc_mg", "iron_mg", "polyphenols",
             "omega3_g")


def random_table(rng: np.random.Generator, n: int = 9) -> str:
    """A custom table: arbitrary nutrient columns (one without a unit), prices, caps."""
    lines = ["food_id,name,serving_g,serving_desc,max_servings,price," + ",".join(NUTRIENTS)]
    for i in range(n):
        serving = rng.choice([28, 50, 100, 150, 240])
        cap = rng.choice([1, 1.5, 2, 3, 4])
        price = round(float(rng.uniform(0.1, 3)), 2)
        values = [round(float(rng.uniform(20, 600)), 1)] + [
            round(float(v), 2) if rng.random() > 0.2 else 0.0
            for v in rng.uniform(0, 60, len(NUTRIENTS) - 1)]
        lines.append(f"f{i:02d},Food {i},{serving},1 portion,{cap},{price},"
                     + ",".join(map(str, values)))
    return "\n".join(lines) + "\n"


def linprog_optimum(foods: FoodTable, request: PlanRequest, sense: str, column: str):
    """The same LP for scipy: caps as bounds, each target as rows, per gram."""
    from scipy.optimize import linprog

    frame = foods.frame
    caps = (frame["max_servings"] * frame["serving_g"]).to_numpy(float)
    per_g = {n: frame[n].fillna(0).to_numpy(float) / 100 for n in foods.nutrients}
    price = frame["price"].to_numpy(float) / 100
    a_ub, b_ub = [], []
    for t in request.targets.limits:
        if t.minimum is not None:
            a_ub.append(-per_g[t.nutrient])
            b_ub.append(-t.minimum)
        if t.maximum is not None:
            a_ub.append(per_g[t.nutrient])
            b_ub.append(t.maximum)
    c = price if column == "price" else per_g[column]
    c = c if sense == "min" else -c
    result = linprog(c, A_ub=np.array(a_ub), b_ub=np.array(b_ub),
                     bounds=list(zip(np.zeros(len(caps)), caps, strict=True)), method="highs-ds")
    if result.status == 2:
        return None
    assert result.status == 0, result.message
    return result.fun if sense == "min" else -result.fun


CASES = [
    ("cost", "min", "price"),
    ("calories", "min", "energy_kcal"),
    ("magnesium", "max", "magnesium_mg"),
]


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize(("objective", "sense", "column"), CASES)
def test_continuous_optimum_matches_scipy(tmp_path, seed, objective, sense, column):
    pytest.importorskip("scipy", reason="scipy checks the LP optimum independently")
    rng = np.random.default_rng(seed)
    foods = write_table(tmp_path, random_table(rng))
    frame = foods.frame
    most = {n: float((frame[n].fillna(0) / 100 * frame["max_servings"]
                      * frame["serving_g"]).sum()) for n in foods.nutrients if n in NUTRIENTS}
    settings = {
        "no_default_targets": True, "amounts": "continuous", "objective": objective,
        "kcal": f"{0.2 * most['energy_kcal']:.0f}-{0.6 * most['energy_kcal']:.0f}",
        "min": [f"zinc_mg={0.3 * most['zinc_mg']:.3f}",
                f"polyphenols={0.25 * most['polyphenols']:.3f}"],
        "max": [f"iron_mg={0.5 * most['iron_mg']:.3f}"],
    }
    if objective != "magnesium":
        settings["min"].append(f"magnesium_mg={0.35 * most['magnesium_mg']:.3f}")
    request = request_from_settings(foods, settings)
    expected = linprog_optimum(foods, request, sense, column)
    outcome = solve_request(foods, request)
    if expected is None:
        assert outcome.status is SolveStatus.INFEASIBLE
        return
    assert outcome.status is SolveStatus.OPTIMAL
    assert outcome.objective == pytest.approx(expected, rel=1e-6, abs=1e-6)
    plan = make_plan(foods, request)
    assert check_plan(plan, foods, request) == []
    grams = grams_by_food(plan)
    values = frame["price"] if column == "price" else frame[column].fillna(0)
    achieved = sum(g * float(values[fid]) / 100 for fid, g in grams.items())
    assert achieved == pytest.approx(expected, rel=1e-6, abs=1e-6)


@pytest.mark.parametrize("solver", SOLVERS)
def test_solvers_agree_on_a_linear_program(tmp_path, solver):
    rng = np.random.default_rng(11)
    foods = write_table(tmp_path, random_table(rng))
    request = request_from_settings(foods, {
        "no_default_targets": True, "amounts": "continuous", "objective": "cost",
        "min": ["zinc_mg=40", "magnesium_mg=150"], "solver": solver})
    highs = solve_request(foods, request_from_settings(foods, {
        "no_default_targets": True, "amounts": "continuous", "objective": "cost",
        "min": ["zinc_mg=40", "magnesium_mg=150"]}))
    other = solve_request(foods, request)
    assert other.status is SolveStatus.OPTIMAL
    assert other.objective == pytest.approx(highs.objective, rel=1e-6)


# --- servings on the default table ----------------------------------------------------------

@pytest.fixture(scope="module")
def default_day() -> tuple[FoodTable, PlanRequest, Outcome]:
    foods = load_foods("default")
    request = request_from_settings(foods, {})
    return foods, request, solve_request(foods, request)


def test_servings_status_is_honest(default_day):
    foods, request, outcome = default_day
    assert outcome.status.has_plan
    # The screening LP bounds every plan of the (maximising) default objective.
    assert outcome.bound is not None and outcome.objective is not None
    assert outcome.objective <= outcome.bound + 1e-6
    if outcome.status is SolveStatus.OPTIMAL:
        assert outcome.gap <= 1e-6
    elif outcome.status is SolveStatus.WITHIN_GAP:
        assert outcome.gap <= request.gap


def test_servings_are_whole_or_half(default_day):
    foods, _, outcome = default_day
    serving = foods.frame["serving_g"]
    for a in outcome.amounts:
        halves = 2 * a.grams / serving[a.food_id]
        assert halves == pytest.approx(round(halves), abs=1e-6), a
        assert round(halves) >= 1


def test_same_request_same_amounts(default_day):
    foods, request, outcome = default_day
    assert solve_request(foods, request).amounts == outcome.amounts


@pytest.mark.parametrize("solver", SOLVERS)
def test_each_solver_makes_a_checked_day(solver):
    foods = load_foods("default")
    request = request_from_settings(foods, {"solver": solver, "days": 1})
    assert request.solver is Solver(solver)
    plan = make_plan(foods, request)
    # A day bought in packages is judged against a looser bound (see test_cli_plan).
    assert plan.status in ("optimal", "within_gap", "feasible")
    assert check_plan(plan, foods, request) == []


# --- statuses and helpers ---------------------------------------------------------------------

@pytest.mark.parametrize(("status", "has_plan"), [
    (SolveStatus.OPTIMAL, True), (SolveStatus.WITHIN_GAP, True), (SolveStatus.TIME_LIMIT, True),
    (SolveStatus.FEASIBLE, True), (SolveStatus.INFEASIBLE, False),
    (SolveStatus.NO_SOLUTION, False), (SolveStatus.UNBOUNDED, False),
    (SolveStatus.UNKNOWN, False)])
def test_which_statuses_have_a_plan(status, has_plan):
    assert status.has_plan is has_plan


def test_relative_gap():
    assert relative_gap(99, 100) == pytest.approx(0.01)
    assert relative_gap(101, 100) == pytest.approx(0.01)
    assert relative_gap(0, 0) == 0
    assert relative_gap(None, 100) is None and relative_gap(1, None) is None


def test_quiet_stdout_silences_file_descriptor_1(capfd):
    print("before", flush=True)
    with quiet_stdout():
        os.write(1, b"solver banner\n")
    print("after", flush=True)
    assert capfd.readouterr().out == "before\nafter\n"


def test_servings_without_meal_tags_reach_the_daily_cap(tmp_path):
    foods = write_table(tmp_path, "food_id,name,serving_g,serving_desc,magnesium_mg,"
                                  "max_servings\na,Food A,100,1 cup,50,4\n")
    request = request_from_settings(foods, {"no_default_targets": True,
                                            "objective": "magnesium"})
    plan = make_plan(foods, request)
    assert [(i.food_id, i.servings) for i in plan.days[0].items] == [("a", 4.0)]


def test_continuous_days_with_their_own_caffeine_caps(tiny_foods):
    # Maximising magnesium with a cut-back: the average day no longer stands for every
    # day, so the whole plan is one linear program and each day meets its own cap.
    request = request_from_settings(tiny_foods, {
        "no_default_targets": True, "amounts": "continuous", "objective": "magnesium",
        "caffeine_now": 200, "max_caffeine": 50, "days": 3, "taper_days": 3,
        "max": ["energy_kcal=2000"]})
    outcome = solve_request(tiny_foods, request)
    assert outcome.status is SolveStatus.OPTIMAL
    assert outcome.log[0].startswith("linear program (3 days with their own limits)")
    plan = make_plan(tiny_foods, request)
    assert check_plan(plan, tiny_foods, request) == []
    caffeine = [day.totals["caffeine_mg"] for day in plan.days]
    # Tea and coffee add magnesium at almost no energy, so each day drinks up to its
    # cap (at breakfast: chocolate, a snack, comes after the default last meal, lunch).
    assert caffeine == pytest.approx([200, 125, 50], abs=1e-4)


def test_a_screening_lp_solved_again_from_its_basis_ends_where_a_fresh_solve_does():
    import dataclasses

    from mealplan import strategy
    from mealplan.solvers import solve

    foods = load_foods("default")
    clock = strategy._Clock(foods, request_from_settings(foods, {"days": 7}))
    screen = clock.build(relaxed=True)
    lp = solve(screen, relax=True)
    assert lp.basis is not None
    # The basket repair's change: 20 points off every meal of half the foods.
    cost = np.array(screen.arrays.cost)
    y = [i for i, key in enumerate(screen.arrays.keys) if key[0] == "y"]
    cost[y[::2]] -= 20.0
    repaired = dataclasses.replace(screen, arrays=dataclasses.replace(
        screen.arrays, cost=cost.tolist()))
    fresh, warm = solve(repaired, relax=True), solve(repaired, relax=True, basis=lp.basis)
    assert fresh.status is warm.status is SolveStatus.OPTIMAL
    assert warm.objective == pytest.approx(fresh.objective, abs=1e-6)
    assert warm.objective < lp.objective - 1
    # Integer solves keep no basis.
    assert solve(clock.build(days=[0]), time_limit=10).basis is None
