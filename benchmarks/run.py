"""Run the benchmarks and print one table of medians.

From the repository root::

    python -m benchmarks                 # every spec and phase, medians of 5 runs
    python -m benchmarks --repeat 9 --spec default-7day
    python -m benchmarks --smoke         # every spec once, no table (what the test runs)

Phases, each run for every chosen spec where it applies:

- ``startup``: ``mealplan --help`` and ``--version`` in a fresh process;
- ``load``: the default and full tables, cold in this process (loader caches
  cleared) and in a fresh process;
- ``plan``: ``make_plan`` in process, split into model building (and within it the
  PuLP objects), solver calls (and within them HiGHS's own run), the strategy
  between calls, and plan assembly plus the independent check; then rendering;
- ``cli``: ``mealplan week`` with the same settings in a fresh process, and its
  import time from ``python -X importtime``;
- ``solvers``: the spec's full model (every day at once; for integer specs its LP
  relaxation and, with a time limit, the integer model itself) through four routes:
  HiGHS reading an MPS file (the floor), our array adapter, PuLP's stock HiGHS
  adapter and PuLP's CBC; objectives are printed and must agree;
- ``gap`` (integer specs): the plan's objective against the full model's LP
  relaxation bound, and the planner's time against that LP's solve time.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import json
import math
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import measure
from .measure import (
    clear_food_caches,
    import_breakdown,
    import_seconds,
    machine,
    mealplan_command,
    median,
    plan_probe,
    run,
)
from .registry import SPECS, Spec
from .solvers import ROUTE_LABELS, ROUTES, RouteResult, solve_route, write_mps

PHASES: tuple[str, ...] = ("startup", "load", "plan", "cli", "solvers", "gap")

# The targets. "Well under" is read as at most half.
HELP_TARGET_S = 0.3
WEEK_TARGET_S = 2.0
LOAD_FULL_TARGET_S = 0.5
WELL_UNDER = 0.5
GAP_TARGET = 0.01
LP_TIME_TARGET = 2.0
# Objectives of one linear program through different routes agree to this (relative).
AGREE_TOLERANCE = 1e-6


@dataclass
class Row:
    """One line of the results table."""

    section: str
    label: str
    samples: list[float]
    ratio: str = ""
    note: str = ""
    derived: bool = False
    """Computed from other rows' medians, not measured itself."""

    @property
    def median(self) -> float:
        """Median of the samples."""
        return median(self.samples)


@dataclass
class Report:
    """Everything one run measured, in table order."""

    rows: list[Row] = field(default_factory=list)
    targets: list[tuple[str, str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    facts: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Per spec (or ``startup``/``load``): medians the targets and later phases use."""

    def add(self, section: str, label: str, samples: Sequence[float] | float | None,
            ratio: str = "", note: str = "") -> Row:
        """Add a measured row; a single number is one sample, None no sample."""
        if samples is None:
            values: list[float] = []
        elif isinstance(samples, int | float):
            values = [float(samples)]
        else:
            values = [float(s) for s in samples]
        row = Row(section, label, values, ratio, note)
        self.rows.append(row)
        return row

    def derive(self, section: str, label: str, value: float, ratio: str = "",
               note: str = "") -> Row:
        """Add a row computed from other rows' medians."""
        row = self.add(section, label, value, ratio, note)
        row.derived = True
        return row

    def fact(self, key: str) -> dict[str, Any]:
        """The facts dictionary of a spec or phase."""
        return self.facts.setdefault(key, {})


@dataclass(frozen=True)
class Options:
    """Command-line options."""

    repeat: int
    mip_repeat: int
    mip_time_limit: float
    smoke: bool

    @property
    def warmup(self) -> int:
        """Untimed runs before the timed ones (none in smoke mode)."""
        return 0 if self.smoke else 1


def _repeat(opts: Options, measure: Callable[[], Any], n: int | None = None) -> list[Any]:
    for _ in range(opts.warmup):
        measure()
    return [measure() for _ in range(opts.repeat if n is None else n)]


def _wall(argv: list[str]) -> float:
    return run(argv)[0]


def _share(part: float | None, whole: float) -> str:
    if part is None or not whole or math.isnan(part):
        return ""
    return f"{part / whole:.0%}"


def _times(value: float, floor: float, what: str) -> str:
    if not floor or math.isnan(value) or math.isnan(floor):
        return ""
    return f"{value / floor:.2f}x {what}"


def _num(value: float | None) -> str:
    return "none" if value is None else f"{value:.8g}"


# --- Phases --------------------------------------------------------------------------


def phase_startup(report: Report, opts: Options) -> None:
    """Interpreter, ``mealplan --help`` and ``--version``, each in a fresh process."""
    section = "start-up (fresh process, wall time)"
    cmd = mealplan_command()
    bare = report.add(section, "python -c pass (interpreter alone)",
                      _repeat(opts, functools.partial(_wall, [sys.executable, "-c", "pass"])))
    for flag in ("--help", "--version"):
        wall = report.add(section, f"mealplan {flag}",
                          _repeat(opts, functools.partial(_wall, [*cmd, flag])))
        wall.ratio = _times(wall.median, bare.median, "python")
        report.fact("startup")[flag] = wall.median
    imports = _repeat(opts, lambda: import_seconds(
        run([*cmd, "--help"], python_flags=["-X", "importtime"])[2]))
    report.add(section, "  of which imports (-X importtime)", imports,
               note="click and mealplan.cli only: the library loads lazily")


def phase_load(report: Report, opts: Options) -> None:
    """The built-in tables: cold in process, cached, and in a fresh process."""
    from mealplan.foods import load_foods

    section = "load food tables"
    for name in ("default", "full"):
        def cold(name: str = name) -> float:
            clear_food_caches()
            t = time.perf_counter()
            load_foods(name)
            return time.perf_counter() - t

        def cached(name: str = name) -> float:
            t = time.perf_counter()
            load_foods(name)
            return time.perf_counter() - t

        script = ("import time, mealplan.foods as f; t = time.perf_counter(); "
                  f"f.load_foods({name!r}); print(time.perf_counter() - t)")
        fresh = _repeat(opts, functools.partial(run, [sys.executable, "-c", script]))
        size = len(load_foods(name))
        cold_row = report.add(section, f"{name}: cold (loader caches cleared)",
                              _repeat(opts, cold), note=f"{size} foods")
        report.add(section, f"{name}: cached (a later call)", _repeat(opts, cached))
        fresh_row = report.add(section, f"{name}: fresh process, load_foods",
                               [float(out) for _, out, _ in fresh],
                               note="first call in a new process")
        report.add(section, f"{name}: fresh process, whole (python + imports + load)",
                   [wall for wall, _, _ in fresh])
        report.fact("load")[name] = (cold_row.median, fresh_row.median)


def phase_plan(report: Report, opts: Options, spec: Spec) -> None:
    """make_plan in process, split into its parts; then rendering."""
    from mealplan.foods import load_foods
    from mealplan.planner import make_plan
    from mealplan.views import render_plan

    foods = load_foods(spec.table)
    request = spec.request(foods)
    section = f"{spec.name}: make_plan in process (foods loaded)"

    def once() -> dict[str, Any]:
        with plan_probe() as probe:
            t = time.perf_counter()
            plan = make_plan(foods, request)
            total = time.perf_counter() - t
        t = time.perf_counter()
        render_plan(plan, foods, "table", color=False)
        render = time.perf_counter() - t
        outcome = probe.results["solve_request"][-1]
        pipeline = probe.get("solve_request") or math.nan
        build, solve = outcome.seconds_build, outcome.seconds_solve
        run_s = probe.get("highs_run")
        return {
            "total": total, "build": build, "to_pulp": probe.get("to_pulp"),
            "solve": solve, "run": run_s,
            "handover": None if run_s is None else solve - run_s,
            "strategy": pipeline - build - solve, "plan_check": total - pipeline,
            "pipeline": pipeline, "render": render, "outcome": outcome,
            "models": probe.calls.get("build_model", 0),
            "solves": probe.calls.get("highs_run", 0),
        }

    runs = _repeat(opts, once)

    def col(key: str) -> list[float]:
        return [r[key] for r in runs if r[key] is not None]

    total = median(col("total"))
    outcome = runs[-1]["outcome"]
    gap = outcome.gap
    report.add(section, "make_plan end-to-end", col("total"), ratio="100%",
               note=f"{outcome.status}, objective {_num(outcome.objective)}"
               + ("" if gap is None else f", {gap:.3%} from the screening bound"))
    build = report.add(section, "  model building (build_model)", col("build"),
                       _share(median(col("build")), total),
                       note=f"{runs[-1]['models']} models built")
    report.add(section, "    of which PuLP objects (to_pulp)", col("to_pulp"),
               _share(median(col("to_pulp")) if col("to_pulp") else None, total),
               note="made only for CBC or an MPS file; none on the HiGHS path")
    solve = report.add(section, "  solver calls (solve)", col("solve"),
                       _share(median(col("solve")), total),
                       note=f"{runs[-1]['solves']} HiGHS runs")
    run_row = report.add(section, "    of which HiGHS run()", col("run"),
                         _share(median(col("run")) if col("run") else None, total))
    report.add(section, "    of which hand-over (arrays in, solution out)", col("handover"),
               _share(median(col("handover")) if col("handover") else None, total))
    report.add(section, "  strategy between calls (candidates, bookkeeping)",
               col("strategy"), _share(median(col("strategy")), total))
    report.add(section, "  plan assembly + independent check", col("plan_check"),
               _share(median(col("plan_check")), total))
    report.add(section, "render as terminal table (render_plan)", col("render"),
               _share(median(col("render")), total), note="not part of make_plan")
    facts = report.fact(spec.name)
    facts.update(make_plan=total, pipeline=median(col("pipeline")), build=build.median,
                 solve=solve.median, run=run_row.median, render=median(col("render")),
                 objective=outcome.objective, status=str(outcome.status))


def phase_cli(report: Report, opts: Options, spec: Spec) -> None:
    """``mealplan week`` with the spec's settings in a fresh process, and its steps."""
    argv = [*mealplan_command(), *spec.cli_args()]
    section = f"{spec.name}: command line, fresh process"
    wall = report.add(section, "mealplan week, the spec's settings (see above)",
                      _repeat(opts, lambda: run(argv)[0]))
    logs = _repeat(opts, lambda: run(argv, python_flags=["-X", "importtime"])[2])
    imports = [import_seconds(log) for log in logs]
    packages = [import_breakdown(log) for log in logs]
    names = sorted(packages[-1], key=lambda p: -packages[-1][p])[:5]
    top = ", ".join(f"{p} {median([b.get(p, 0.0) for b in packages]):.2f}" for p in names)
    report.add(section, "  of which imports (-X importtime)", imports,
               _share(median(imports), wall.median), note=top)

    def fresh_once() -> dict[str, float]:
        seconds, out, _ = run([sys.executable, "-m", "benchmarks.fresh", spec.name,
                               repr(time.time())])
        return {**json.loads(out), "total": seconds}

    steps = _repeat(opts, fresh_once)

    def step(key: str) -> list[float]:
        return [s[key] for s in steps if s.get(key) is not None]

    sub = f"{section}: the same steps timed inside a fresh process (benchmarks/fresh.py)"
    whole = report.add(sub, "whole process, spawn to exit", step("total"),
                       note="no click, no output: the steps below and the interpreter's exit")
    whole.ratio = f"{whole.median / wall.median:.0%} of CLI"
    labels = (("start", "  interpreter start (spawn to the first line)"),
              ("imports", "  imports (mealplan.cli, the library, highspy)"),
              ("load", "  load_foods"),
              ("request", "  request from settings"),
              ("make_plan", "  make_plan, first call in the process"),
              ("build", "    of which model building"),
              ("solve", "    of which solver calls"),
              ("run", "      of which HiGHS run()"),
              ("render", "  render as terminal table, first call"))
    for key, label in labels:
        report.add(sub, label, step(key), _share(median(step(key)), whole.median))
    report.fact(spec.name)["cli"] = wall.median


def phase_solvers(report: Report, opts: Options, spec: Spec) -> None:
    """The spec's full model through every solver route."""
    from mealplan.foods import load_foods
    from mealplan.model import build_model, to_pulp

    foods = load_foods(spec.table)
    request = spec.request(foods)
    section = f"{spec.name}: full model (all days at once), solver routes"

    def build_once() -> tuple[float, Any]:
        t = time.perf_counter()
        built = build_model(foods, request)
        return time.perf_counter() - t, built

    builds = _repeat(opts, build_once)
    built = builds[-1][1]
    arrays = built.arrays
    nnz = sum(len(r.idx) for r in arrays.rows)
    shape = (f"{arrays.n_columns} columns ({sum(arrays.integer)} integer), "
             f"{len(arrays.rows)} rows, {nnz} nonzeros")
    build_row = report.add(section, "build_model", [s for s, _ in builds], note=shape)
    facts = report.fact(spec.name)
    facts["maximize"] = arrays.maximize

    def pulp_once() -> float:
        t = time.perf_counter()
        to_pulp(arrays)
        return time.perf_counter() - t

    pulp_row = report.add(section, "  of which PuLP objects (to_pulp)", _repeat(opts, pulp_once))
    pulp_row.ratio = _share(pulp_row.median, build_row.median)

    variants = [(False, "LP relaxation" if spec.integer else "linear program", opts.repeat)]
    if spec.integer:
        variants.append((True, f"integer model, gap {request.gap:g}, "
                         f"limit {opts.mip_time_limit:g} s", opts.mip_repeat))
    with tempfile.TemporaryDirectory() as tmp:
        for mip, title, n in variants:
            mps = Path(tmp) / f"{spec.name}-{'mip' if mip else 'lp'}.mps"
            written = write_mps(built, mps, mip=mip)
            limit = opts.mip_time_limit if mip else max(opts.mip_time_limit, 60.0)
            results: dict[str, list[RouteResult]] = {route: [] for route in ROUTES}
            for _ in range(n):  # routes interleaved, so drift spreads over all of them
                for route in ROUTES:
                    results[route].append(solve_route(route, built, mps, mip=mip,
                                                      gap=request.gap, time_limit=limit))
            floor = median([r.seconds for r in results["highspy"]])
            sub = f"{section}: {title}"
            for route in ROUTES:
                rs = results[route]
                seconds = [r.seconds for r in rs]
                last = rs[-1]
                note = f"objective {_num(last.objective)}, {last.status}"
                if route == "highspy":
                    note += (f"; MPS read {median([r.extra['read'] for r in rs]):.3f} s, "
                             f"written by PuLP in {written:.3f} s")
                report.add(sub, ROUTE_LABELS[route], seconds,
                           _times(median(seconds), floor, "HiGHS"), note)
            _check_objectives(report, spec, title, results, mip, facts)
            if not mip:
                facts["lp_seconds"] = median([r.seconds for r in results["array"]])
                facts["lp_floor"] = floor
                facts["lp_objective"] = results["highspy"][-1].objective
            else:
                facts["mip_floor"] = floor
                facts["mip_objective"] = results["highspy"][-1].objective
    if "make_plan" in facts and "lp_floor" in facts and not spec.integer:
        report.derive(f"{spec.name}: make_plan against the floor",
                      "make_plan end-to-end vs HiGHS alone on the full LP",
                      facts["make_plan"],
                      _times(facts["make_plan"], facts["lp_floor"], "HiGHS"),
                      note="make_plan from above; it may solve a smaller model")


def _check_objectives(report: Report, spec: Spec, title: str,
                      results: dict[str, list[RouteResult]], mip: bool,
                      facts: dict[str, Any]) -> None:
    values = {route: r.objective for route, rs in results.items() for r in rs}
    found = {route: v for route, v in values.items() if v is not None}
    if not mip:
        if len(found) < len(values):
            missing = sorted(set(values) - set(found))
            report.problems.append(f"{spec.name} {title}: no solution from {missing}")
        if found:
            ref = found["highspy"] if "highspy" in found else next(iter(found.values()))
            for route, v in found.items():
                if abs(v - ref) > AGREE_TOLERANCE * max(1.0, abs(ref)):
                    report.problems.append(
                        f"{spec.name} {title}: objective {v} from {route} differs from "
                        f"{ref} (HiGHS direct)")
        return
    bound = facts.get("lp_objective")
    if bound is None:
        return
    sign = 1.0 if facts["maximize"] else -1.0
    for route, v in found.items():
        if sign * (v - bound) > AGREE_TOLERANCE * max(1.0, abs(bound)):
            report.problems.append(f"{spec.name} {title}: integer objective {v} from "
                                   f"{route} beats its LP relaxation bound {bound}")


def phase_gap(report: Report, opts: Options, spec: Spec) -> None:
    """The planner against the full model's LP relaxation: objective gap and time."""
    if not spec.integer:
        return
    from mealplan.foods import load_foods
    from mealplan.model import build_model
    from mealplan.solvers import solve
    from mealplan.strategy import solve_request

    foods = load_foods(spec.table)
    request = spec.request(foods)
    facts = report.fact(spec.name)
    if "lp_seconds" not in facts:
        built = build_model(foods, request)
        facts["maximize"] = built.arrays.maximize
        lps = _repeat(opts, lambda: solve(built, relax=True))
        facts["lp_seconds"] = median([r.seconds for r in lps])
        facts["lp_objective"] = lps[-1].objective
    if "pipeline" not in facts:
        def pipeline_once() -> tuple[float, Any]:
            t = time.perf_counter()
            outcome = solve_request(foods, request)
            return time.perf_counter() - t, outcome

        runs = _repeat(opts, pipeline_once)
        facts["pipeline"] = median([s for s, _ in runs])
        facts["objective"] = runs[-1][1].objective
    section = f"{spec.name}: plan vs LP relaxation of the full model"
    bound, objective = facts["lp_objective"], facts["objective"]
    report.derive(section, "LP relaxation, array adapter (the bound)", facts["lp_seconds"],
                  "1.00x LP", note=f"bound {_num(bound)}")
    gap = None
    if bound is not None and objective is not None:
        sign = 1.0 if facts["maximize"] else -1.0
        gap = sign * (bound - objective) / max(abs(bound), 1e-9)
    ratio = facts["pipeline"] / facts["lp_seconds"]
    report.derive(section, "planner (solve_request: screening LP + day models)",
               facts["pipeline"], f"{ratio:.2f}x LP",
               note=f"objective {_num(objective)}"
               + ("" if gap is None else f", {gap:.3%} below the LP bound"))
    facts["gap"], facts["lp_ratio"] = gap, ratio


# --- Targets and output --------------------------------------------------------------


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def evaluate_targets(report: Report) -> None:
    """The issue's targets against this run's medians."""
    startup = report.facts.get("startup", {})
    if "--help" in startup:
        v = startup["--help"]
        report.targets.append((f"mealplan --help under {HELP_TARGET_S:g} s", f"{v:.3f} s",
                               _verdict(v < HELP_TARGET_S)))
    week = report.facts.get("default-7day", {}).get("cli")
    if week is not None:
        report.targets.append((f"mealplan week (default table) under {WEEK_TARGET_S:g} s",
                               f"{week:.3f} s", _verdict(week < WEEK_TARGET_S)))
    load = report.facts.get("load", {}).get("full")
    if load is not None:
        worst = max(load)
        report.targets.append((
            f"load full table well under {LOAD_FULL_TARGET_S:g} s (<= half)",
            f"cold {load[0]:.3f} s, fresh process {load[1]:.3f} s",
            _verdict(worst <= WELL_UNDER * LOAD_FULL_TARGET_S)))
    for name, facts in report.facts.items():
        if name not in SPECS:
            continue
        if "build" in facts and facts.get("solve"):
            r = facts["build"] / facts["solve"]
            report.targets.append((f"{name}: model build well under solve (<= half)",
                                   f"build {facts['build']:.3f} s / solve "
                                   f"{facts['solve']:.3f} s = {r:.2f}",
                                   _verdict(r <= WELL_UNDER)))
        if facts.get("gap") is not None:
            ok = facts["gap"] <= GAP_TARGET and facts["lp_ratio"] <= LP_TIME_TARGET
            report.targets.append((
                f"{name}: within {GAP_TARGET:.0%} of the LP bound in <= "
                f"{LP_TIME_TARGET:g}x LP time",
                f"gap {facts['gap']:.3%}, {facts['lp_ratio']:.2f}x LP", _verdict(ok)))


def format_table(report: Report, header: Sequence[str]) -> str:
    """The results as fixed-width text."""
    widths = (58, 9, 7, 3, 12)
    lines = [*header, ""]
    lines.append(f"{'measurement':<{widths[0]}} {'median s':>{widths[1]}} "
                 f"{'min s':>{widths[2]}} {'n':>{widths[3]}} {'ratio':>{widths[4]}}  notes")
    section = None
    for row in report.rows:
        if row.section != section:
            section = row.section
            lines.append("")
            lines.append(section)
        value = "" if not row.samples else f"{row.median:.3f}"
        low = "" if row.derived or not row.samples else f"{min(row.samples):.3f}"
        n = "-" if row.derived else str(len(row.samples)) if row.samples else ""
        lines.append(f"  {row.label:<{widths[0] - 2}} {value:>{widths[1]}} {low:>{widths[2]}} "
                     f"{n:>{widths[3]}} {row.ratio:>{widths[4]}}  {row.note}".rstrip())
    if report.targets:
        lines += ["", "targets of issue 5"]
        for target, measured, verdict in report.targets:
            lines.append(f"  {target:<62} {measured:<44} {verdict}")
    if report.problems:
        lines += ["", "PROBLEMS"] + [f"  {p}" for p in report.problems]
    return "\n".join(lines)


def _source() -> str:
    """The commit measured, and whether the library differs from it."""
    import subprocess

    from .measure import ROOT

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                              check=False)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD")
    if not commit:
        return "not a git checkout"
    dirty = git("status", "--porcelain", "--", "mealplan", "foods")
    return f"commit {commit}" + (" with uncommitted changes in mealplan/ or foods/"
                                  if dirty else "")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Time mealplan: start-up, loading, model building, solving (four "
        "solver routes), the planner's gap to the LP bound, and the command line. "
        "Prints medians of repeated runs, all measured in this one run.")
    parser.add_argument("--repeat", type=int, default=5, metavar="N",
                        help="timed runs per measurement (default 5), after one untimed "
                        "warm-up")
    parser.add_argument("--mip-repeat", type=int, default=1, metavar="N",
                        help="runs of each full integer model per route (default 1)")
    parser.add_argument("--mip-time-limit", type=float, default=None, metavar="SECONDS",
                        help="time limit for full integer models (default 60; 1 with "
                        "--smoke)")
    parser.add_argument("--spec", action="append", choices=list(SPECS), metavar="NAME",
                        help=f"run only this spec (repeatable): {', '.join(SPECS)}")
    parser.add_argument("--phase", action="append", choices=PHASES, metavar="NAME",
                        help=f"run only this phase (repeatable): {', '.join(PHASES)}")
    parser.add_argument("--smoke", action="store_true",
                        help="every spec and phase once, no warm-up and no table: checks "
                        "that the benchmarks still run")
    parser.add_argument("--no-bytecode-cache", action="store_true",
                        help="fresh processes neither write nor reuse .pyc files of "
                        "mealplan's sources (as with PYTHONDONTWRITEBYTECODE=1)")
    parser.add_argument("--json", metavar="FILE", help="also write every sample as JSON")
    parser.add_argument("--list", action="store_true", help="list the specs and exit")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks; returns the exit code (1 if objectives disagreed)."""
    args = parse_args(argv)
    if args.list:
        for spec in SPECS.values():
            print(f"{spec.name:<22} {spec.summary}\n{'':<22} mealplan "
                  + " ".join(spec.cli_args()))
        return 0
    if args.repeat < 1 or args.mip_repeat < 1:
        raise SystemExit("--repeat and --mip-repeat must be at least 1")
    measure.BYTECODE_CACHE = not args.no_bytecode_cache
    mip_limit = args.mip_time_limit or (1.0 if args.smoke else 60.0)
    opts = Options(repeat=1 if args.smoke else args.repeat,
                   mip_repeat=1 if args.smoke else args.mip_repeat,
                   mip_time_limit=mip_limit, smoke=args.smoke)
    specs = [SPECS[name] for name in (args.spec or SPECS)]
    phases = args.phase or list(PHASES)
    report = Report()
    started = time.perf_counter()
    steps: list[tuple[str, Callable[[], None]]] = []
    if "startup" in phases:
        steps.append(("startup", lambda: phase_startup(report, opts)))
    if "load" in phases:
        steps.append(("load", lambda: phase_load(report, opts)))
    per_spec = {"plan": phase_plan, "cli": phase_cli, "solvers": phase_solvers,
                "gap": phase_gap}
    for spec in specs:
        for phase, function in per_spec.items():
            if phase in phases:
                steps.append((f"{spec.name} {phase}",
                              functools.partial(function, report, opts, spec)))
    for i, (name, step) in enumerate(steps, 1):
        print(f"[{i}/{len(steps)}] {name} ({time.perf_counter() - started:.0f} s)",
              file=sys.stderr, flush=True)
        step()
    evaluate_targets(report)
    facts = machine()
    command = "python -m benchmarks" + ("" if argv is None else " " + " ".join(argv))
    if argv is None:
        command = "python -m benchmarks " + " ".join(sys.argv[1:])
    header = [
        f"mealplan benchmarks, {datetime.date.today():%Y-%m-%d}: medians of {opts.repeat} "
        f"runs (n per row); full integer models {opts.mip_repeat} run, "
        f"{opts.mip_time_limit:g} s limit",
        f"machine:  {facts['cpu']}, {facts['cores']} cores, {facts['arch']}, {facts['os']}",
        f"versions: Python {facts['python']}, mealplan {facts['mealplan']}, PuLP "
        f"{facts['pulp']}, HiGHS {facts['highs']} (highspy), CBC {facts['cbc']}, "
        f"pandas {facts['pandas']}, numpy {facts['numpy']}",
        f"source:   {_source()}; fresh processes "
        + ("reuse .pyc files" if measure.BYTECODE_CACHE else "compile mealplan from source"),
        f"command:  {command.strip()}  ({time.perf_counter() - started:.0f} s in all)",
        "specs:",
        *[f"  {spec.name:<22} mealplan {' '.join(spec.cli_args())}" for spec in specs],
    ]
    if args.json:
        Path(args.json).write_text(json.dumps({
            "header": header, "machine": facts,
            "rows": [{"section": r.section, "label": r.label.strip(), "median": r.median,
                      "samples": r.samples, "derived": r.derived, "ratio": r.ratio,
                      "note": r.note}
                     for r in report.rows],
            "targets": report.targets, "problems": report.problems,
        }, indent=1, default=str) + "\n")
    if opts.smoke:
        for problem in report.problems:
            print(f"PROBLEM: {problem}")
        print(f"smoke: {len(steps)} steps over {len(specs)} specs ran, "
              f"{len(report.rows)} rows, {len(report.problems)} problems")
    else:
        print(format_table(report, header))
    return 1 if report.problems else 0
