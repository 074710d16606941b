"""Import structure: the command line starts without loading the heavy libraries."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "mealplan"
HEAVY = ("pandas", "numpy", "pulp", "rich", "highspy", "jinja2")


def loaded_after(code: str) -> list[str]:
    """Run ``code`` in a fresh interpreter; return the heavy modules it loaded."""
    probe = (f"import sys\n{code}\n"
             f"import json; print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)
    loaded: list[str] = json.loads(done.stdout.splitlines()[-1])
    return loaded


def test_importing_the_cli_loads_no_heavy_library() -> None:
    assert loaded_after("import mealplan.cli") == []


def test_importing_the_package_loads_no_heavy_library() -> None:
    assert loaded_after("import mealplan; mealplan.__version__") == []


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["foods", "--help"],
                                  ["foods", "top", "--help"]])
def test_help_loads_no_heavy_library(args: list[str]) -> None:
    code = ("from mealplan.cli import cli\n"
            f"try:\n    cli({args!r}, prog_name='mealplan')\nexcept SystemExit:\n    pass")
    assert loaded_after(code) == []


def test_public_names_load_on_first_use() -> None:
    import mealplan

    assert mealplan.load_foods.__module__ == "mealplan.foods"
    for name in mealplan.__all__:
        assert getattr(mealplan, name) is not None
    with pytest.raises(AttributeError):
        mealplan.no_such_name  # noqa: B018


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run([sys.executable, "-m", "mealplan", "--version"],
                          capture_output=True, text=True, check=True)
    assert done.stdout.startswith("mealplan, version ")


def test_only_cli_imports_click() -> None:
    importers = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n == "click" or n.startswith("click.") for n in names):
                importers.append(path.relative_to(PACKAGE).as_posix())
    assert sorted(set(importers)) == ["cli.py"]
