"""One plan in a fresh process, timed step by step the way the CLI takes them.

``python -m benchmarks.fresh SPEC [SPAWNED_AT]`` prints one JSON object of seconds:
start (from SPAWNED_AT, the parent's ``time.time()`` just before starting this
process, to the first line here), imports, load, request, make_plan (with its build,
solve and HiGHS run parts) and render.
First calls in a process pay for lazy imports and caches that the in-process
medians (after a warm-up) do not; this shows how much.
"""

from __future__ import annotations

import json
import sys
import time


def main(name: str, spawned_at: float | None = None) -> None:
    """Time the steps of ``mealplan week`` for the spec ``name``; print JSON."""
    start = None if spawned_at is None else time.time() - spawned_at
    t = time.perf_counter()
    import highspy  # noqa: F401 (imported by the first solve anyway; counted here)

    import mealplan.cli  # noqa: F401
    from mealplan.foods import load_foods
    from mealplan.planner import make_plan
    from mealplan.views import render_plan

    steps: dict[str, float | None] = {"start": start, "imports": time.perf_counter() - t}

    from .measure import plan_probe
    from .registry import SPECS

    spec = SPECS[name]
    t = time.perf_counter()
    foods = load_foods(spec.table)
    steps["load"] = time.perf_counter() - t
    t = time.perf_counter()
    request = spec.request(foods)
    steps["request"] = time.perf_counter() - t
    with plan_probe() as probe:
        t = time.perf_counter()
        plan = make_plan(foods, request)
        steps["make_plan"] = time.perf_counter() - t
    outcome = probe.results["solve_request"][-1]
    steps.update(build=outcome.seconds_build, solve=outcome.seconds_solve,
                 run=probe.get("highs_run"))
    t = time.perf_counter()
    render_plan(plan, foods, "table", color=False)
    steps["render"] = time.perf_counter() - t
    print(json.dumps(steps))


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else None)
