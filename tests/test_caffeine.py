"""Caffeine as people drink it: intake, the cut-back schedule, timing, caffeinated foods."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mealplan.caffeine import (
    STEP_FRACTION,
    CaffeineSchedule,
    Intake,
    caffeinated,
    cut_back,
    describe_meals,
    drink_kind_mask,
    meals_until,
    parse_intake,
    shortfall_note,
)
from mealplan.errors import InputError
from mealplan.targets import LifeStage, Profile, Sex, TargetOptions, resolve_targets

# --- what people drink now -----------------------------------------------------------------


@pytest.mark.parametrize(("text", "mg", "drink"), [
    ("300", 300, "coffee"),                       # mg alone: coffee, the usual habit
    (300, 300, "coffee"),                         # a TOML number
    ("300 mg", 300, "coffee"),
    ("250mg tea", 250, "tea"),
    ("300 mg of green tea", 300, "green tea"),
    ("3 cups coffee", 288, "coffee"),             # 3 x 96 mg
    ("3 cups of coffee", 288, "coffee"),
    ("2 espressos", 128, "espresso"),             # 2 x 64 mg
    ("2 shots espresso", 128, "espresso"),
    ("1 can cola", 34, "cola"),
    ("2 cups coffee + 1 cup green tea", 221, "coffee"),   # 192 + 29
    ("1 cup coffee and 3 cups black tea", 240, "black tea"),   # 96 + 144
    ("0", 0, "coffee"),
])
def test_intake_in_mg_or_servings(text, mg, drink):
    intake = parse_intake(text)
    assert (intake.caffeine_mg, intake.drink) == (mg, drink)


@pytest.mark.parametrize(("text", "says"), [
    ("3 cups", "expected milligrams"),            # of what?
    ("lots", "expected milligrams"),
    ("2 cups beer", "unknown drink 'beer'"),
    ("-5", "expected milligrams"),
    ("300 coffee", "28,800 mg"),                  # 300 cups: meant mg
])
def test_bad_intake_names_the_flag(text, says):
    with pytest.raises(InputError) as raised:
        parse_intake(text)
    assert raised.value.where.flag == "--caffeine-now"
    assert says in str(raised.value)


# --- the cut-back schedule -------------------------------------------------------------------

def schedule(now: float, goal: float, days: int, taper: int | None = None) -> CaffeineSchedule:
    return cut_back(Intake(now, "coffee", str(now)), goal, days, taper)


def test_the_issue_cut_back_from_400_to_100_over_a_week():
    # Steps of 25 % of 400 = 100 mg: 400, 300, 200, 100, four caps over seven days.
    s = schedule(400, 100, 7)
    assert s.levels_mg == (400, 300, 200, 100)
    assert s.caps_mg == (400, 400, 300, 300, 200, 200, 100)
    assert (s.steps, s.taper_days) == (3, 7)
    assert s.describe() == ("cut back from 400 mg to 100 mg a day over 7 days, a daily cap "
                            "falling by at most 25 % of the start: 400, 300, 200, 100 mg")


def test_caps_round_up_to_5_mg_and_never_go_below_the_goal():
    # 3 cups = 285 mg; steps of 71.25 mg: 213.75 -> 215, 142.5 -> 145, then the goal.
    assert schedule(285, 100, 7).levels_mg == (285, 215, 145, 100)
    # to zero: 300, 225, 150, 75, 0
    assert schedule(300, 0, 5).caps_mg == (300, 225, 150, 75, 0)


def test_a_plan_shorter_than_the_cut_back_covers_its_first_days():
    s = schedule(400, 100, 3)
    assert s.caps_mg == (400, 300, 200)
    assert s.taper_days == 4 and s.cap(4) == 100 and s.cap(9) == 100


def test_a_longer_taper_holds_each_cap_longer():
    s = schedule(400, 100, 7, taper=14)
    assert s.caps_mg == (400,) * 4 + (300,) * 3
    assert schedule(400, 100, 28).caps_mg == (400,) * 7 + (300,) * 7 + (200,) * 7 + (100,) * 7


def test_a_short_taper_takes_bigger_steps():
    assert schedule(400, 100, 4, taper=2).caps_mg == (400, 100, 100, 100)
    assert schedule(400, 100, 2, taper=1).caps_mg == (100, 100)


def test_a_goal_at_or_above_the_intake_is_no_cut_back():
    s = schedule(200, 300, 5)
    assert s.caps_mg == (300,) * 5 and s.steps == 0
    assert s.habit_mg(1) == 200          # the habit is rewarded up to what is drunk now


def test_taper_days_below_one_is_refused():
    with pytest.raises(InputError) as raised:
        schedule(400, 100, 7, taper=0)
    assert raised.value.where.flag == "--taper-days"


def test_the_average_day_and_the_habit_allowance():
    s = schedule(400, 100, 7)
    assert s.habit_mg(None) == pytest.approx(1900 / 7)
    assert s.habit_mg(3) == 300


def test_schedule_round_trips_through_plain_form():
    s = schedule(285, 100, 7)
    assert CaffeineSchedule.from_dict(json.loads(json.dumps(s.to_dict()))) == s


@given(now=st.integers(1, 1500), goal_share=st.floats(0, 1.2), days=st.integers(1, 28),
       taper=st.none() | st.integers(1, 40))
def test_every_schedule_steps_down_to_the_goal(now, goal_share, days, taper):
    goal = round(now * goal_share)
    s = schedule(now, goal, days, taper)
    assert len(s.caps_mg) == days
    assert all(a >= b for a, b in zip(s.caps_mg, s.caps_mg[1:], strict=False))
    assert all(c >= min(goal, now) for c in s.caps_mg)
    assert s.levels_mg[-1] == goal
    if goal < now and (taper is None or taper > 1):
        assert s.levels_mg[0] == now
        if taper is None:
            # Never much more than a quarter of the start at once (caps round up to 5 mg).
            steps = [a - b for a, b in zip(s.levels_mg, s.levels_mg[1:], strict=False)]
            assert max(steps) <= STEP_FRACTION * now + 5
            assert s.taper_days >= len(s.levels_mg)
    if s.taper_days <= days:
        assert s.caps_mg[-1] == goal


# --- the schedule in the targets ---------------------------------------------------------------

def test_targets_cut_back_to_the_users_cap():
    t = resolve_targets(Profile(), TargetOptions(caffeine_now="400", max_caffeine_mg=100,
                                                 plan_days=7))
    assert t.caffeine_schedule is not None
    assert t.caffeine_cap_mg == 400                       # the first day's
    caps = [next(x.maximum for x in t.day_limits(d) if x.key == "caffeine_mg")
            for d in range(1, 8)]
    assert caps == [400, 400, 300, 300, 200, 200, 100]
    average = next(x.maximum for x in t.day_limits(None) if x.key == "caffeine_mg")
    assert average == pytest.approx(1900 / 7)
    assert t.on_day(7).caffeine_cap_mg == 100
    assert t.varies_by_day
    assert any("withdrawal" in n and "12-24 hours" in n for n in t.notes)


def test_without_a_goal_the_intake_stays_within_the_safe_limit():
    stay = resolve_targets(Profile(), TargetOptions(caffeine_now="3 cups coffee", plan_days=7))
    assert stay.caffeine_schedule is not None
    assert stay.caffeine_schedule.caps_mg == (288,) * 7
    assert not stay.varies_by_day
    high = resolve_targets(Profile(), TargetOptions(caffeine_now=600, plan_days=7))
    assert high.caffeine_schedule is not None
    assert high.caffeine_schedule.levels_mg == (600, 450, 400)      # FDA 400 mg
    assert any(n.startswith("WARNING") and "above the 400 mg limit" in n for n in high.notes)
    pregnant = resolve_targets(Profile(Sex.FEMALE, 30, LifeStage.PREGNANT),
                               TargetOptions(caffeine_now=300, plan_days=7))
    assert pregnant.caffeine_schedule is not None
    assert pregnant.caffeine_schedule.goal_mg == 200                 # EFSA / ACOG
    teen = resolve_targets(Profile(Sex.MALE, 16), TargetOptions(caffeine_now=300, plan_days=7))
    assert teen.caffeine_schedule is not None
    assert teen.caffeine_schedule.goal_mg == 183                     # 3 mg/kg x 61 kg


def test_no_caffeine_cuts_back_to_zero():
    t = resolve_targets(Profile(), TargetOptions(caffeine_now=300, no_caffeine=True,
                                                 plan_days=5))
    assert t.caffeine_schedule is not None
    assert t.caffeine_schedule.caps_mg == (300, 225, 150, 75, 0)


def test_short_taper_and_long_cut_back_notes():
    short = resolve_targets(Profile(), TargetOptions(caffeine_now=400, max_caffeine_mg=100,
                                                     plan_days=7, taper_days=2))
    assert any(n.startswith("WARNING: steps of up to 300 mg") for n in short.notes)
    long = resolve_targets(Profile(), TargetOptions(caffeine_now=400, max_caffeine_mg=100,
                                                    plan_days=2))
    assert any("takes 4 days and this plan covers the first 2" in n for n in long.notes)


def test_no_intake_means_no_schedule():
    assert resolve_targets(Profile(), TargetOptions(caffeine_now=0)).caffeine_schedule is None
    with pytest.raises(InputError) as raised:
        resolve_targets(Profile(), TargetOptions(taper_days=5))
    assert raised.value.where.flag == "--taper-days"


# --- timing and caffeinated foods ----------------------------------------------------------------

@pytest.mark.parametrize(("meal", "meals"), [
    ("breakfast", {"breakfast"}),
    ("lunch", {"breakfast", "lunch"}),
    ("snack", {"breakfast", "lunch", "snack"}),       # the afternoon snack
    ("dinner", {"breakfast", "lunch", "snack", "dinner"}),
])
def test_meals_until(meal, meals):
    assert meals_until(meal) == meals


def test_meals_until_names_the_flag():
    with pytest.raises(InputError) as raised:
        meals_until("supper")
    assert raised.value.where.flag == "--caffeine-until"


def test_describe_meals_in_eating_order():
    assert describe_meals(frozenset({"lunch", "breakfast"})) == "breakfast and lunch"
    assert describe_meals(meals_until("snack")) == "breakfast, lunch and snack"


def test_caffeinated_foods_of_the_tiny_table(tiny_foods):
    # Coffee, tea and dark chocolate have caffeine; bread's is unknown, which the
    # caffeine cap deals with.
    assert caffeinated(tiny_foods) == {"14209", "14355", "19904"}


def test_drink_kinds_by_name(default_foods):
    frame = default_foods.frame
    coffee = set(frame.index[drink_kind_mask(frame, "espresso")])
    names = set(frame.loc[list(coffee), "name"])
    assert {"Coffee", "Half-caf coffee", "Decaf coffee"} <= names
    tea = set(frame.loc[frame.index[drink_kind_mask(frame, "green tea")], "name"])
    assert {"Black tea", "Green tea", "Decaf black tea"} <= tea
    assert not any("coffee" in n.lower() for n in tea)


def test_shortfall_note_when_the_plan_cuts_faster_than_the_schedule():
    s = schedule(400, 100, 7)
    assert shortfall_note(s, [400, 380, 300, 300, 200, 200, 100], None) is None
    note = shortfall_note(s, [190, 190, 190, 190, 190, 190, 95], meals_until("lunch"))
    assert note is not None
    assert note.startswith("WARNING: on days 1-4")
    assert "day 1: 190 mg of 400 mg" in note and "--caffeine-until snack" in note


def test_whole_drinks_that_step_down_further_than_the_caps_are_said():
    from mealplan.caffeine import whole_drinks_note

    s = schedule(288, 100, 7)       # caps 288, 288, 220, 220, 145, 145, 100
    note = whole_drinks_note(s, [288, 288, 192, 192, 96, 96, 96])
    assert note is not None and note.startswith(
        "In whole drinks the days have 288, 288, 192, 192, 96, 96, 96 mg of caffeine")
    assert whole_drinks_note(s, [288, 288, 220, 220, 145, 145, 100]) is None
