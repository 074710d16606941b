"""``--objective cost``, ``--budget`` and ``--prices`` on the command line: wiring, exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner, Result

from mealplan.cli import cli

DATA = Path(__file__).parent / "data"
PRICED = DATA / "priced_foods.csv"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_cost_objective_gives_the_cost_per_day_and_week():
    result = run("day", "--foods", PRICED, "--objective", "cost", "--format", "json")
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    assert plan["objective"] == "cost"
    assert plan["currency"] == "the money of your prices"
    assert plan["cost"] == sum(d["cost"] for d in plan["days"]) > 0
    text = run("day", "--foods", PRICED, "--objective", "cost").stdout
    assert re.search(r"^Cost  [\d.]+ for 1 day · [\d.]+ a day · [\d.]+ a week, in the money "
                     r"of your prices$", text, re.MULTILINE)


def test_a_budget_below_the_cheapest_plan_exits_1_with_its_cost():
    cheapest = json.loads(run("day", "--foods", PRICED, "--objective", "cost",
                              "--format", "json").stdout)["cost"]
    result = run("day", "--foods", PRICED, "--budget", "0.50")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: No plan meets every limit.\n- budget <= 0.50 a day: "
                                    "the cheapest plan meeting every other limit costs "
                                    f"{cheapest:.2f} a day; allow it with --budget ")


def test_a_bad_budget_exits_2_naming_the_flag():
    result = run("day", "--foods", PRICED, "--budget", "five dollars")
    assert result.exit_code == 2
    assert result.stderr == ("Error: --budget: expected an amount a day such as 6.50, or a "
                             "week such as 45/week, got 'five dollars'\n")


def test_a_budget_in_a_profile(tmp_path):
    profile = tmp_path / "thrifty.toml"
    profile.write_text('budget = "30/week"\n', encoding="utf-8")
    result = run("day", "--foods", PRICED, "--profile", profile, "--format", "json")
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    assert plan["request"]["budget"] == {"amount": 30.0, "per": "week"}
    assert plan["cost"] <= 30 / 7 + 1e-6


def test_money_without_any_price_exits_2(tmp_path):
    table = tmp_path / "foods.csv"
    lines = (DATA / "plan_costs.csv").read_text(encoding="utf-8").splitlines()
    table.write_text("\n".join(line.rsplit(",", 1)[0] for line in lines) + "\n",
                     encoding="utf-8")
    for flags, flag in ((["--objective", "cost"], "--objective"), (["--budget", "5"], "--budget")):
        result = run("day", "--foods", table, "--no-default-targets", "--min", "zinc_mg=1",
                     *flags)
        assert result.exit_code == 2
        assert result.stderr.startswith(f"Error: {flag}: {flags[0]}")
        assert f"no food of the table {table} has one" in result.stderr


def test_a_bad_price_in_the_table_exits_2_naming_row_and_column():
    result = run("day", "--budget", "5", "--foods", DATA / "bad_price.csv")
    assert result.exit_code == 2
    assert "row 3, column price: expected a price per 100 g from 0 to 1e9" in result.stderr


def test_a_prices_file_with_bad_rows_lists_them_all(tmp_path):
    prices = tmp_path / "prices.csv"
    prices.write_text("food_id,price\n01001,free\n99999,1\n", encoding="utf-8")
    result = run("day", "--foods", PRICED, "--objective", "cost", "--prices", prices)
    assert result.exit_code == 2
    assert (f"{prices}, row 1, column price: expected a price per 100 g from 0 to 1e9 for "
            in result.stderr)
    assert f"{prices}, row 2, column food_id: unknown food_id '99999'" in result.stderr


def test_the_shopping_list_of_a_saved_plan_has_costs(tmp_path):
    saved = tmp_path / "day.json"
    assert run("day", "--foods", PRICED, "--objective", "cost", "-o", saved).exit_code == 0
    result = run("shopping", saved, "--format", "json")
    assert result.exit_code == 0, result.output
    shop = json.loads(result.stdout)
    plan = json.loads(saved.read_text(encoding="utf-8"))
    assert abs(shop["cost"] - plan["cost"]) < 1e-9
    assert all(item["cost"] is not None for item in shop["items"])
