"""The benchmarks still run: cheap specs once through every phase. No timings are checked.

The 7-day specs take longer (the full integer model goes through four solvers), so
here they are only built into requests and command lines; ``python -m benchmarks
--smoke`` runs them all.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mealplan.foods import load_foods

ROOT = Path(__file__).resolve().parent.parent
CHEAP_SPECS = ("default-1day", "full-1day-calories")

pytestmark = pytest.mark.skipif(not (ROOT / "benchmarks" / "run.py").is_file(),
                                reason="no benchmarks/ folder in this checkout")


@pytest.fixture
def benchmarks(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.syspath_prepend(str(ROOT))
    import benchmarks.run

    return benchmarks.run


def _smoke(benchmarks, capsys, specs, phases, *extra: str) -> str:  # type: ignore[no-untyped-def]
    args = ["--smoke", *extra]
    for name in specs:
        args += ["--spec", name]
    for phase in phases:
        args += ["--phase", phase]
    assert benchmarks.main(args) == 0
    out = capsys.readouterr().out
    assert "PROBLEM" not in out
    assert ", 0 problems" in out
    return str(out)


@pytest.mark.slow
def test_smoke_in_process_phases(benchmarks, capsys) -> None:  # type: ignore[no-untyped-def]
    # A maximisation and a minimisation: every solver route must agree on both.
    out = _smoke(benchmarks, capsys, CHEAP_SPECS, ("plan", "solvers", "gap"),
                 "--mip-time-limit", "0.5")
    assert "6 steps over 2 specs" in out


@pytest.mark.slow
def test_smoke_fresh_process_phases(benchmarks, capsys) -> None:  # type: ignore[no-untyped-def]
    out = _smoke(benchmarks, capsys, ("default-1day",), ("startup", "load", "cli"))
    assert "3 steps over 1 specs" in out


def test_every_spec_makes_a_request_and_a_command_line(benchmarks) -> None:  # type: ignore[no-untyped-def]
    from benchmarks.registry import SPECS

    assert {"default-1day", "default-7day", "full-7day-continuous"} <= set(SPECS)
    for spec in SPECS.values():
        request = spec.request(load_foods(spec.table))
        assert request.days == spec.days
        args = spec.cli_args()
        assert args[0] == "week" and args[args.index("--days") + 1] == str(spec.days)


def test_import_time_counts_top_level_modules_only(benchmarks) -> None:  # type: ignore[no-untyped-def]
    from benchmarks.measure import import_seconds

    log = "\n".join([
        "import time: self [us] | cumulative | imported package",
        "import time:       100 |        100 |   _io",
        "import time:      2000 |     500000 | pandas",
        "import time:        50 |      10000 |   click.core",
        "import time:        70 |      20000 | click",
        "unrelated line",
    ])
    assert import_seconds(log) == pytest.approx(0.52)


def test_the_table_lists_sections_rows_and_targets(benchmarks) -> None:  # type: ignore[no-untyped-def]
    report = benchmarks.Report()
    report.add("start-up", "mealplan --help", [0.3, 0.1, 0.2], "2.00x python")
    report.derive("start-up", "  everything else", 0.05)
    report.targets.append(("mealplan --help under 0.3 s", "0.200 s", "met"))
    text = benchmarks.format_table(report, ["header line"])
    lines = text.splitlines()
    assert lines[0] == "header line"
    assert "start-up" in lines
    help_line = next(line for line in lines if "mealplan --help  " in line)
    assert help_line.split()[2:6] == ["0.200", "0.100", "3", "2.00x"]
    assert next(line for line in lines if "everything else" in line).split()[-2:] == [
        "0.050", "-"]
    assert lines[-1].split()[-1] == "met"


def test_a_week_is_counted_as_a_shopper_would(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(ROOT))
    from benchmarks.week import read_week
    from mealplan.plan import Plan, PrepStep, Purchase
    from mealplan.targets import Targets

    foods = load_foods("default")
    kinds = foods.purchases["kind"]
    meat = [pid for pid in kinds.index if kinds[pid] == "meat"][:3]

    def bought(pid: str, staple: bool, perishable: bool, grams: float, used: float) -> Purchase:
        return Purchase(pid, pid, "aisle", staple, "pack", grams, 1, grams, used, perishable,
                        (1,))

    purchases = (bought(meat[0], False, True, 500, 400), bought(meat[1], False, True, 500, 500),
                 bought(meat[2], True, True, 1000, 0),  # a staple: not counted at all
                 bought("20044", False, False, 1000, 100))  # keeps: not waste
    prep = (PrepStep(1, "a", "A", 500, 2, ((1, "dinner"), (2, "lunch"))),
            PrepStep(2, "b", "B", 250, 1, ((2, "dinner"),)))
    plan = Plan((), Targets(()), "optimal", "default", purchases=purchases, prep=prep,
                notes=("No week within one shop's basket was found; ...",))
    week = read_week("x", plan, foods, 1.0, True)
    assert (week.items, week.meat_fish, week.batches, week.basket) == (3, 2, 1, False)
    assert week.waste == pytest.approx(100 / 1000)
    assert not week.meets()  # one batch dish, two needed
