"""Do the fixes a refusal prints work? Re-run every printed change as a user would.

From the repository root::

    python -m benchmarks.fixes                 # hand-made cases and 100 random refusals
    python -m benchmarks.fixes --random 20     # a quicker look
    python -m benchmarks.fixes --smoke         # the hand-made cases only

Each request is a command line (``mealplan day ...``). Requests the planner refuses
(exit code 1) are kept; for each change a refusal prints, the command line is edited
as the change says (flags appended, ``drop --avoid X`` removes ``--avoid X``) and run
again, in process through the CLI. A change works when that run makes a plan (exit
code 0). Printed: refusals, changes printed, changes that work, refusals with no
change, and the time of a refusal (median and slowest).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Sequence

from click.testing import CliRunner

from mealplan.cli import cli
from mealplan.errors import Change, NoPlanError

HAND_MADE: tuple[tuple[str, ...], ...] = (
    ("--diet", "vegan", "--avoid", "tree_nut", "--kcal", "1200-1250",
     "--min", "magnesium_mg=2000"),
    ("--max", "sodium_mg=0"),
    ("--kcal", "800-850", "--min", "magnesium_mg=1200"),
    ("--diet", "vegan", "--avoid", "soy", "--avoid", "peanut", "--avoid", "tree_nut",
     "--avoid", "sesame", "--avoid", "gluten", "--min", "protein_g=260"),
    ("--min", "fiber_g=200"),
    ("--min", "protein_g=250", "--kcal", "1500-1600"),
    ("--max", "sodium_mg=100", "--min", "potassium_mg=9000"),
    ("--diet", "vegan", "--include", "salmon"),
    ("--kcal", "500-520"),
    ("--kcal", "7000-7100"),
    ("--min", "magnesium_mg=2500", "--amounts", "continuous", "--kcal", "1200-1300"),
    ("--max", "fat_g=10"),
    ("--max", "carbohydrate_g=40"),
    ("--min", "calcium_mg=6000", "--diet", "vegan"),
    ("--days", "3", "--min", "magnesium_mg=1600", "--kcal", "1300-1400"),
    ("--max-caffeine", "0", "--min", "magnesium_mg=1800", "--diet", "vegetarian"),
    ("--avoid", "dairy", "--avoid", "soy", "--min", "calcium_mg=3500"),
)


def random_request(rng: random.Random) -> tuple[str, ...]:
    """A command line with one to three demanding limits, often impossible together."""
    args: list[str] = ["--sex", rng.choice(["female", "male"]), "--age",
                       str(rng.randint(19, 80))]
    if rng.random() < 0.3:
        args += ["--amounts", "continuous"]
    if rng.random() < 0.2:
        args += ["--days", str(rng.randint(2, 3))]
    pool = [
        lambda: ["--min", f"magnesium_mg={rng.randint(700, 2600)}"],
        lambda: (lambda low: ["--kcal", f"{low}-{low + rng.randint(30, 250)}"])(
            rng.randint(700, 1500)),
        lambda: (lambda low: ["--kcal", f"{low}-{low + rng.randint(50, 400)}"])(
            rng.randint(3500, 6000)),
        lambda: ["--max", f"sodium_mg={rng.randint(0, 700)}"],
        lambda: ["--diet", "vegan", *[a for allergen in rng.sample(
            ["soy", "peanut", "tree_nut", "sesame", "gluten"], rng.randint(1, 4))
            for a in ("--avoid", allergen)]],
        lambda: ["--min", f"protein_g={rng.randint(120, 300)}"],
        lambda: ["--min", f"fiber_g={rng.randint(60, 140)}"],
        lambda: ["--max", f"fat_g={rng.randint(5, 30)}"],
        lambda: ["--min", f"calcium_mg={rng.randint(2000, 5000)}"],
        lambda: ["--min", f"potassium_mg={rng.randint(5000, 9000)}"],
        lambda: ["--max", f"carbohydrate_g={rng.randint(20, 90)}"],
        lambda: ["--no-caffeine", "--include", rng.choice(["coffee", "black tea", "cocoa"])],
        lambda: ["--diet", rng.choice(["vegan", "vegetarian"]),
                 "--include", rng.choice(["salmon", "chicken", "tuna"])],
    ]
    for make in rng.sample(pool, rng.randint(1, 3)):
        args += make()
    return tuple(args)


def apply(args: Sequence[str], fix: Sequence[Change]) -> list[str]:
    """The command line with a printed fix applied, as a user would edit it."""
    out = list(args)
    for change in fix:
        if change.drop:
            given = [change.flag] if change.value is None else [change.flag, change.value]
            for i in range(len(out)):
                if out[i:i + len(given)] == given:
                    del out[i:i + len(given)]
                    break
            else:
                raise AssertionError(f"{change} names nothing on {args}")
        else:
            out += [change.flag] if change.value is None else [change.flag, change.value]
    return out


_last_refusal: list[NoPlanError] = []


def _recording(make_plan):  # type: ignore[no-untyped-def]
    """make_plan that keeps the NoPlanError it raises, for its structured fixes."""
    def wrapped(*args, **kwargs):  # type: ignore[no-untyped-def]
        try:
            return make_plan(*args, **kwargs)
        except NoPlanError as exc:
            _last_refusal.append(exc)
            raise
    return wrapped


def run(args: Sequence[str]) -> tuple[int, BaseException | None, str]:
    """Run ``mealplan day`` (``week`` with --days) in process; exit code, exception, stderr."""
    _last_refusal.clear()
    result = CliRunner().invoke(cli, ["week" if "--days" in args else "day", *args,
                                      "--format", "json"])
    return result.exit_code, result.exception, result.stderr


class Tally:
    """Counts over the requests measured."""

    def __init__(self) -> None:
        self.requests = self.refusals = self.printed = self.working = 0
        self.without = self.tracebacks = 0
        self.seconds: list[float] = []

    def measure(self, args: Sequence[str], verbose: bool) -> None:
        self.requests += 1
        started = time.perf_counter()
        code, exc, stderr = run(args)
        elapsed = time.perf_counter() - started
        if exc is not None and not isinstance(exc, SystemExit):
            self.tracebacks += 1
            print("TRACEBACK", " ".join(args), repr(exc))
            return
        if code != 1:
            return
        self.refusals += 1
        self.seconds.append(elapsed)
        conflicts = _last_refusal[-1].conflicts if _last_refusal else ()
        fixes = list(dict.fromkeys(fix for c in conflicts for fix in c.fixes))
        if not fixes:
            self.without += 1
            if verbose:
                print("NO FIX", " ".join(args), "\n ", stderr.strip().replace("\n", "\n  "))
        for fix in fixes:
            self.printed += 1
            ok = run(apply(args, fix))[0] == 0
            self.working += ok
            if verbose or not ok:
                print("ok  " if ok else "FAIL", " ".join(args), "->",
                      " ".join(str(c) for c in fix))

    def summary(self) -> str:
        share = 100 * self.working / max(self.printed, 1)
        median = statistics.median(self.seconds) if self.seconds else 0.0
        return (f"requests {self.requests}, refused {self.refusals}, changes printed "
                f"{self.printed}, working {self.working} ({share:.1f} %), refusals without "
                f"a change {self.without}, tracebacks {self.tracebacks}; time of a refusal: "
                f"median {median:.1f} s, slowest {max(self.seconds, default=0.0):.1f} s")


def main(argv: Sequence[str] | None = None) -> int:
    import mealplan.planner

    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--random", type=int, default=100,
                        help="random refusals to collect (default 100)")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--smoke", action="store_true", help="hand-made cases only")
    parser.add_argument("-v", "--verbose", action="store_true")
    options = parser.parse_args(argv)
    mealplan.planner.make_plan = _recording(mealplan.planner.make_plan)  # type: ignore[assignment]
    tally = Tally()
    for args in HAND_MADE:
        tally.measure(args, options.verbose)
    print("hand-made:", tally.summary(), flush=True)
    if not options.smoke:
        rng = random.Random(options.seed)
        wanted = tally.refusals + options.random
        # Random requests are drawn until enough of them are refused (at most 4 per one).
        for _ in range(4 * options.random):
            if tally.refusals >= wanted:
                break
            tally.measure(random_request(rng), options.verbose)
        print("all:", tally.summary())
    return 0 if tally.working == tally.printed and not tally.tracebacks else 1


if __name__ == "__main__":
    raise SystemExit(main())
