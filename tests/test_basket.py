"""The week's basket: which foods one shop's things make."""

from __future__ import annotations

import numpy as np
import pytest

from mealplan import load_foods
from mealplan.basket import shop_for, with_bought

RAW, COOKED, BEANS, TOFU = "72125100", "72125211", "41102020", "41420010"


def test_what_days_bought_opens_the_foods_it_makes():
    foods = load_foods("default")
    ids = [RAW, COOKED, BEANS, TOFU]
    shop = shop_for(foods, ids)
    assert shop is not None
    start = np.array([True, False, False, False])
    # Cooked spinach is spinach and salt (a staple): raw spinach's thing makes it too.
    assert with_bought(shop, start, frozenset()).tolist() == [True, True, False, False]
    # Dry black beans bought by a day that needed them: black beans join the basket.
    grown = with_bought(shop, start, frozenset({"16014"}))
    assert grown.tolist() == [True, True, True, False]


def test_fewest_packages_replays_the_days_oldest_first():
    from mealplan.basket import Shop, fewest_packages
    from mealplan.kitchen import Keeping

    # A 500 g tub that keeps 3 days on the shelf and 2 once opened; rice by the gram.
    shop = Shop(ids=("tub", "rice"), grams=np.zeros((0, 2)), size=np.array([500.0, np.nan]),
                perishable=np.array([True, False]), staple=np.zeros(2, bool),
                meat_fish=np.zeros(2, bool),
                keeping=(Keeping(3, 2, True), Keeping(float("inf"), float("inf"), False)),
                batch=np.zeros(0, bool), fresh=np.zeros(0, bool))
    use = {"tub": {0: 300.0, 1: 300.0}, "rice": {0: 50.0, 2: 25.0}}
    # Day 2 eats the 200 g day 1 left and opens a second tub for 100 g more.
    assert fewest_packages(shop, use, 3) == ({"tub": 2.0, "rice": 75.0}, set())
    # What day 1 opened has spoiled by day 3: a second tub, opened on day 3.
    assert fewest_packages(shop, {"tub": {0: 300.0, 2: 100.0}}, 3) == ({"tub": 2.0}, set())
    # A tub first opened on day 4 has spoiled on the shelf.
    assert fewest_packages(shop, {"tub": {3: 100.0}}, 4) == ({"tub": 1.0}, {"tub"})


def test_left_by_opening_names_the_day_that_opened_what_spoiled():
    from mealplan.basket import Shop, left_by_opening
    from mealplan.kitchen import Keeping

    # A 500 g tub keeping 3 days on the shelf and 2 once opened; a pantry jar; a staple.
    shop = Shop(ids=("tub", "jar", "oil"), grams=np.zeros((0, 3)),
                size=np.array([500.0, 400.0, 500.0]),
                perishable=np.array([True, False, True]),
                staple=np.array([False, False, True]), meat_fish=np.zeros(3, bool),
                keeping=(Keeping(3, 2, True), Keeping(float("inf"), float("inf"), False),
                         Keeping(3, 2, True)),
                batch=np.zeros(0, bool), fresh=np.zeros(0, bool))
    use = {"tub": {0: 300.0, 2: 100.0}, "jar": {0: 10.0}, "oil": {0: 10.0}}
    # Day 1's tub spoils with 200 g in it; day 3's is left with 400 g at the week's end.
    assert left_by_opening(shop, use, 3) == {(0, "tub"): 200.0, (2, "tub"): 400.0}
    # Used up: nothing left.
    assert left_by_opening(shop, {"tub": {0: 300.0, 1: 200.0}}, 3) == {}


def test_a_form_closed_to_a_day_opens_no_package():
    from mealplan.basket import Basket
    from mealplan.model import build_model, prepare
    from mealplan.request import request_from_settings

    foods = load_foods("default")
    request = request_from_settings(foods, {"days": 1})
    prepared = prepare(foods, request)
    assert prepared.shop is not None
    pid = prepared.shop.ids[0]
    for closed, opens in ((frozenset(), True), (frozenset({pid}), False)):
        built = build_model(foods, request, days=[0], prepared=prepared,
                            basket=Basket(plan_days=7, closed=closed))
        col = built.arrays.keys.index(("packages", 0, pid))
        assert (built.arrays.ub[col] > 0) is opens


def _two_tubs(perishable: bool = True):
    from mealplan.basket import Shop
    from mealplan.kitchen import Keeping

    keeps = Keeping(3, 2, True) if perishable else Keeping(float("inf"), float("inf"), False)
    # Food 0 is made of a 500 g tub, food 1 of a 500 g jar; both are fruit.
    return Shop(ids=("jar", "tub"), grams=np.array([[0.0, 100.0], [100.0, 0.0]]),
                size=np.array([500.0, 500.0]), perishable=np.array([perishable] * 2),
                staple=np.zeros(2, bool), meat_fish=np.zeros(2, bool), keeping=(keeps, keeps),
                batch=np.zeros(2, bool), fresh=np.zeros(2, bool))


def test_a_package_the_week_would_leave_mostly_unused_costs_more():
    from mealplan.basket import UNUSED_PACKAGE_WEIGHT, package_cost

    shop = _two_tubs()
    # 480 of a jar's 500 g eaten; 100 g of a tub, 400 g of it left.
    cost = package_cost(shop, np.array([480.0, 100.0]))
    assert cost == pytest.approx([1 + UNUSED_PACKAGE_WEIGHT * 0.04,
                                  1 + UNUSED_PACKAGE_WEIGHT * 0.8])
    # 600 g is two tubs, 400 g of the second left; what keeps costs one.
    assert package_cost(shop, np.array([600.0, 0.0]))[0] == pytest.approx(
        1 + UNUSED_PACKAGE_WEIGHT * 400 / 1000)
    assert package_cost(_two_tubs(perishable=False), np.array([1.0, 1.0])).tolist() == [1, 1]


def test_the_basket_takes_the_food_whose_package_is_used_up():
    from mealplan.basket import choose_basket, package_cost

    shop = _two_tubs()
    use, score = np.array([0.5, 0.5]), np.zeros(2)
    roles = np.array(["fruit", "fruit"], object)

    def chosen(thing_cost=None):
        return choose_basket(shop, use, score, roles, {"fruit": 1}, 1, 4, 7,
                             thing_cost=thing_cost).tolist()

    # Equal value, one thing allowed: the first food, whatever its package...
    assert chosen() == [True, False]
    # ...unless the week would leave most of its tub (100 g of 500) and use up the jar.
    assert chosen(package_cost(shop, np.array([480.0, 100.0]))) == [False, True]


def test_the_repair_wants_a_food_within_the_cap_on_things():
    from mealplan.basket import choose_basket

    shop = _two_tubs()
    use, score = np.array([0.9, 0.1]), np.zeros(2)
    roles = np.array(["fruit", "fruit"], object)

    def chosen(max_items, start=None, wanted=None):
        return choose_basket(shop, use, score, roles, {"fruit": 1}, max_items, 4, 7,
                             start=start, wanted=wanted).tolist()

    # Alone, the food the screening LP uses most; wanted by the repair, the other.
    assert chosen(1) == [True, False]
    assert chosen(1, wanted=np.array([False, True])) == [False, True]
    # A wanted food whose thing the cap has no room for stays out of the basket.
    assert chosen(1, np.array([True, False]), np.array([False, True])) == [True, False]
    assert chosen(2, np.array([True, False]), np.array([False, True])) == [True, True]


@pytest.mark.parametrize("settings", [{}, {"diet": "vegetarian", "age": 28}])
def test_the_weeks_basket_is_one_shops(settings):
    # The repair once let in a vegetable lasagna and its ten things beyond the cap:
    # a basket of 33 things for a week allowed 25.
    from mealplan import strategy
    from mealplan.basket import Basket
    from mealplan.request import request_from_settings

    foods = load_foods("default")
    request = request_from_settings(foods, {"days": 7, **settings})
    clock = strategy._Clock(foods, request)
    screen = clock.build(relaxed=True)
    lp = clock.solve(screen, relax=True)
    shop = clock.prepared.shop
    assert shop is not None
    basket = Basket(items_left=request.items_cap, meat_fish_left=request.meat_fish_cap,
                    plan_days=7)
    chosen = strategy._choose_basket(clock, screen, lp, shop, basket)
    things = ((shop.grams > 0) & ~shop.staple[None, :])[chosen].any(axis=0)
    assert 0 < things.sum() <= request.items_cap
    assert (things & shop.meat_fish).sum() <= request.meat_fish_cap
