"""The week's basket: which foods one shop's things make."""

from __future__ import annotations

import numpy as np

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
