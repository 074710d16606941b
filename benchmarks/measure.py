"""Timing helpers: medians, subprocess runs, probes into the library, machine facts."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def median(values: Sequence[float]) -> float:
    """Median, or NaN for no values."""
    return statistics.median(values) if values else float("nan")


def mealplan_command() -> list[str]:
    """How a user starts the CLI: the ``mealplan`` script beside this Python, else -m."""
    script = Path(sys.executable).parent / "mealplan"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "mealplan"]


BYTECODE_CACHE = True
"""Whether fresh processes may write and reuse .pyc files (Python's default).

Installed packages come with their bytecode compiled, so a user's ``mealplan`` starts
from .pyc files; a shell with PYTHONDONTWRITEBYTECODE set would instead compile
mealplan's own (editable) sources on every start. ``--no-bytecode-cache`` measures that.
"""


def run(args: Sequence[str], *, python_flags: Sequence[str] = ()) -> tuple[float, str, str]:
    """Run a command, return (wall seconds, stdout, stderr); raise if it fails.

    ``python_flags`` (such as ``-X importtime``) are given to the interpreter, which
    also works for the ``mealplan`` script since it is a Python file.
    """
    argv = list(args)
    if python_flags:
        if argv[0] != sys.executable:
            argv = [sys.executable, *python_flags, *argv]
        else:
            argv = [sys.executable, *python_flags, *argv[1:]]
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    if BYTECODE_CACHE:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    t = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=ROOT,
                          check=False)
    seconds = time.perf_counter() - t
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited with {done.returncode}:\n{done.stderr}")
    return seconds, done.stdout, done.stderr


def import_seconds(importtime_log: str) -> float:
    """Total import time from ``python -X importtime`` output (top-level modules)."""
    total_us = 0
    for line in importtime_log.splitlines():
        if not line.startswith("import time:"):
            continue
        parts = line[len("import time:"):].split("|")
        if len(parts) != 3 or not parts[1].strip().isdigit():
            continue  # the header line
        name = parts[2]
        # Nested imports are indented by two spaces per level after the "| ".
        if not name.startswith("  "):
            total_us += int(parts[1])
    return total_us / 1e6


def import_breakdown(importtime_log: str) -> dict[str, float]:
    """Seconds spent importing each top-level package (its own modules' self times)."""
    seconds: dict[str, float] = {}
    for line in importtime_log.splitlines():
        if not line.startswith("import time:"):
            continue
        parts = line[len("import time:"):].split("|")
        if len(parts) != 3 or not parts[0].strip().isdigit():
            continue
        package = parts[2].strip().split(".")[0]
        seconds[package] = seconds.get(package, 0.0) + int(parts[0]) / 1e6
    return seconds


@dataclass
class Probe:
    """Times calls of a few library functions while active, by wrapping them in place.

    Benchmarks only: this is how a make_plan run is split into model building, PuLP
    objects, solver run and the rest without changing the library. A target that no
    longer exists is skipped, and its totals stay empty.
    """

    targets: dict[str, tuple[Any, str]]
    """Label -> (object owning the function, attribute name)."""
    seconds: dict[str, float] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=dict)
    results: dict[str, list[Any]] = field(default_factory=dict)
    _saved: list[tuple[Any, str, Any, bool]] = field(default_factory=list)

    def _wrap(self, label: str, original: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            t = time.perf_counter()
            try:
                result = original(*args, **kwargs)
            finally:
                self.seconds[label] = self.seconds.get(label, 0.0) + time.perf_counter() - t
                self.calls[label] = self.calls.get(label, 0) + 1
            self.results.setdefault(label, []).append(result)
            return result

        return timed

    def __enter__(self) -> Probe:
        for label, (owner, attr) in self.targets.items():
            original = getattr(owner, attr, None)
            if original is None:
                continue
            # A method a class inherits is covered, then uncovered, not overwritten.
            own = not isinstance(owner, type) or attr in owner.__dict__
            self._saved.append((owner, attr, original, own))
            setattr(owner, attr, self._wrap(label, original))
        return self

    def __exit__(self, *exc: object) -> None:
        for owner, attr, original, own in reversed(self._saved):
            if own:
                setattr(owner, attr, original)
            else:
                delattr(owner, attr)
        self._saved.clear()

    def get(self, label: str) -> float | None:
        """Total seconds in ``label``, or None if the target was not found or not called."""
        return self.seconds.get(label)


def plan_probe() -> Probe:
    """A probe for make_plan: solve_request, models built, PuLP objects, HiGHS's run."""
    import highspy

    import mealplan.model
    import mealplan.planner
    import mealplan.strategy

    return Probe({
        "solve_request": (mealplan.planner, "solve_request"),
        "build_model": (mealplan.strategy, "build_model"),
        "to_pulp": (mealplan.model, "to_pulp"),
        "highs_run": (highspy.Highs, "run"),
    })


def clear_food_caches() -> int:
    """Clear every cache in mealplan.foods (the loader's); returns how many were cleared."""
    import mealplan.foods

    cleared = 0
    for value in list(vars(mealplan.foods).values()):
        clear = getattr(value, "cache_clear", None)
        if callable(clear):
            clear()
            cleared += 1
    return cleared


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _cbc_version() -> str:
    try:
        import pulp

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # PuLP 4 drops the binary
            path = pulp.PULP_CBC_CMD(msg=False).path
        out = subprocess.run([path, "-quit"], capture_output=True, text=True,
                             timeout=10, check=False).stdout
    except Exception:  # noqa: BLE001 (a missing CBC is reported, not fatal)
        return "not available"
    for line in out.splitlines():
        if line.strip().startswith("Version:"):
            return line.split(":", 1)[1].strip()
    return "unknown"


def machine() -> dict[str, str]:
    """CPU, cores, OS and the versions that matter for these numbers."""
    return {
        "cpu": _cpu_model(),
        "cores": str(os.cpu_count()),
        "arch": platform.machine(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "mealplan": _version("mealplan"),
        "pulp": _version("pulp"),
        "highs": _version("highspy"),
        "cbc": _cbc_version(),
        "pandas": _version("pandas"),
        "numpy": _version("numpy"),
    }
