"""The ``mealplan`` command line: click commands only.

Each command parses its flags, calls one library function and renders the result.
The library (and with it pandas, PuLP and rich) is imported inside the command
bodies, so ``mealplan --help`` starts in a fraction of a second.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

import click

from . import __version__
from .errors import MealplanError

F = TypeVar("F", bound=Callable[..., Any])

# A spinner appears when a solve takes longer than this.
PROGRESS_AFTER_S = 0.5

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class MealplanGroup(click.Group):
    """A command group that reports mealplan's own errors the way click reports its own.

    A :class:`~mealplan.errors.MealplanError` becomes ``Error: <message>`` on stderr
    and the error's ``exit_code`` (2 for bad input, 1 when no plan exists), with no
    traceback. Subgroups use this class too, so the mapping lives in one place.
    """

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command, turning a MealplanError into a ClickException."""
        try:
            return super().invoke(ctx)
        except MealplanError as exc:
            error = click.ClickException(str(exc))
            error.exit_code = exc.exit_code  # type: ignore[misc]  # per instance on purpose
            raise error from exc


def foods_option(function: F) -> F:
    """Add ``--foods default|full|PATH``: the food table a command reads."""
    return click.option(
        "--foods",
        "foods",
        default="default",
        show_default=True,
        metavar="default|full|PATH",
        help="Food table: default (curated everyday foods), full (every USDA SR28 food) "
        "or the path of your own CSV file.",
    )(function)


def format_option(*formats: str, default: str = "table") -> Callable[[F], F]:
    """Add ``--format``, choosing among ``formats`` (``table``, ``json``, ``csv`` if none)."""
    choices = formats or ("table", "json", "csv")

    def decorate(function: F) -> F:
        return click.option(
            "--format",
            "format",
            type=click.Choice(choices),
            default=default,
            show_default=True,
            help="Output format: table for people, json or csv for programs.",
        )(function)

    return decorate


def limit_option(default: int) -> Callable[[F], F]:
    """Add ``-n/--limit N``: how many rows to show, 0 for all."""

    def decorate(function: F) -> F:
        return click.option(
            "-n",
            "--limit",
            type=click.IntRange(min=0),
            default=default,
            show_default=True,
            help="Show at most N foods; 0 shows all.",
        )(function)

    return decorate


def _multiple(*names: str, metavar: str, help: str) -> Callable[[F], F]:
    return click.option(*names, multiple=True, metavar=metavar, help=help)


def _with_options(function: F, options: Sequence[Callable[[Any], Any]]) -> F:
    """Apply click options so they list in the order given."""
    for option in reversed(options):
        function = option(function)
    return function


def profile_options(function: F) -> F:
    """Add the person and target options shared by ``day``, ``week`` and ``targets``."""
    options = [
        click.option("--profile", "profile", type=click.Path(exists=True, dir_okay=False),
                     help="TOML file with any of these settings (flags override it)."),
        click.option("--sex", type=click.Choice(["female", "male"]),
                     help="Sex for the reference values.  [default: female]"),
        click.option("--age", type=click.IntRange(1, 120), help="Age in years.  [default: 35]"),
        click.option("--life-stage", type=click.Choice(["pregnant", "lactating"]),
                     help="Pregnancy or lactation changes the RDA and caffeine limit."),
        click.option("--weight-kg", type=float, help="Body weight, for energy and protein."),
        click.option("--height-cm", type=float, help="Height, for the energy range."),
        click.option("--activity", type=click.Choice(
            ["sedentary", "light", "moderate", "active", "very_active"]),
            help="Activity level for the energy range.  [default: moderate]"),
        click.option("--kcal", metavar="LOW-HIGH", help="Energy range per day, e.g. 1800-2200."),
        _multiple("--min", "min", metavar="NUTRIENT=VALUE",
                  help="Daily minimum for any numeric column, e.g. magnesium_mg=400 "
                  "(repeatable)."),
        _multiple("--max", "max", metavar="NUTRIENT=VALUE",
                  help="Daily maximum for any numeric column, e.g. sodium_mg=1500 "
                  "(repeatable)."),
        click.option("--max-caffeine", type=click.FloatRange(min=0), metavar="MG",
                     help="Caffeine cap per day; foods with unknown caffeine are left out."),
        click.option("--no-caffeine", is_flag=True, help="No caffeine at all."),
        click.option("--supplement-mg", type=click.FloatRange(min=0), metavar="MG",
                     help="Magnesium from a daily supplement, counted toward the target."),
        click.option("--no-default-targets", is_flag=True,
                     help="Drop every built-in target; only --kcal/--min/--max apply."),
    ]
    return _with_options(function, options)


def preference_options(function: F) -> F:
    """Add diet, allergens and food choices."""
    options = [
        click.option("--diet", type=click.Choice(
            ["omnivore", "pescatarian", "vegetarian", "vegan"]),
            help="Diet every food must fit.  [default: omnivore]"),
        _multiple("--avoid", metavar="ALLERGEN",
                  help="Leave out foods with this allergen: dairy, egg, gluten, soy, "
                  "peanut, tree_nut, fish, shellfish, sesame (repeatable)."),
        _multiple("--exclude", metavar="FOOD", help="Never use this food (name or food_id)."),
        _multiple("--include", metavar="FOOD", help="Use this food at least once."),
        _multiple("--like", metavar="FOOD", help="Favour this food."),
        _multiple("--dislike", metavar="FOOD", help="Avoid this food unless it is needed."),
    ]
    return _with_options(function, options)


def solver_options(function: F) -> F:
    """Add amounts, objective and solver settings."""
    options = [
        click.option("--amounts", type=click.Choice(["servings", "continuous"]),
                     help="Whole or half household servings, or free grams (a pure "
                     "linear program).  [default: servings]"),
        click.option("--objective", type=click.Choice(
            ["default", "magnesium", "cost", "calories"]),
            help="What to optimise within every limit.  [default: default]"),
        click.option("--prices", type=click.Path(exists=True, dir_okay=False),
                     help="CSV with food_id and price (per 100 g) for --objective cost."),
        click.option("--max-days-per-food", type=click.IntRange(min=1), metavar="N",
                     help="On how many days of the plan one food may appear (drinks "
                     "and staples are exempt).  [default: 3 in 7 days]"),
        click.option("--solver", type=click.Choice(["highs", "cbc"]),
                     help="Solver PuLP drives.  [default: highs]"),
        click.option("--time-limit", type=click.FloatRange(min=0, min_open=True),
                     metavar="SECONDS", help="Time the solver may take.  [default: 10]"),
        click.option("--gap", type=click.FloatRange(0, 1, max_open=True),
                     help="Relative gap to the bound that is good enough.  [default: 0.01]"),
        click.option("--seed", type=int, help="Another seed gives another plan of "
                     "near-equal quality.  [default: 0]"),
        click.option("-v", "--verbose", is_flag=True, help="Log solver steps to stderr."),
    ]
    return _with_options(function, options)


def plan_output_options(function: F) -> F:
    """Add output format, file and shopping list options."""
    from .views import PLAN_FORMATS

    options = [
        click.option("--format", "format", type=click.Choice(PLAN_FORMATS),
                     help="Output format.  [default: from the -o file's extension (.json, "
                     ".csv, .md, .html), else table]"),
        click.option("-o", "--output", metavar="FILE", default="-",
                     help="Write to FILE instead of stdout (atomically)."),
        click.option("--shopping-list", metavar="FILE",
                     help="Also write the shopping list (.csv, .md or .json)."),
        click.option("--pantry", type=click.Path(exists=True, dir_okay=False, allow_dash=True),
                     help="CSV of what is at home, subtracted from the shopping list."),
        click.option("--skip-staples", is_flag=True,
                     help="Leave salt, oil and spices off the shopping list."),
    ]
    return _with_options(function, options)


def plan_options(function: F) -> F:
    """Every option of ``week`` and ``day``: food table, person, preferences, solver, output."""
    return _with_options(function, [foods_option, profile_options, preference_options,
                                    solver_options, plan_output_options])


_NOT_SETTINGS = ("profile", "format", "output", "shopping_list", "pantry", "skip_staples",
                 "verbose")


def _settings(ctx: click.Context) -> tuple[dict[str, Any], str]:
    """Profile file settings, overridden by every flag given on the command line."""
    from click.core import ParameterSource

    from .request import load_profile

    path = ctx.params.get("profile")
    settings: dict[str, Any] = load_profile(path) if path else {}
    for name, value in ctx.params.items():
        if name in _NOT_SETTINGS:
            continue
        given = ctx.get_parameter_source(name) not in (ParameterSource.DEFAULT, None)
        if given and value not in ((), None):
            settings[name] = list(value) if isinstance(value, tuple) else value
    return settings, path or ""


def _plan(ctx: click.Context, days: int, *, one_day: bool = False) -> None:
    from .foods import load_foods
    from .planner import make_plan
    from .request import request_from_settings
    from .views import PLAN_FORMATS, format_for, render_plan

    p = ctx.params
    outputs = [(p["output"], "-o")]
    if p["shopping_list"]:
        outputs.append((p["shopping_list"], "--shopping-list"))
    _check_outputs(outputs)
    fmt = p["format"] or format_for(p["output"], PLAN_FORMATS, "table")
    wants_list = bool(p["shopping_list"]) or fmt in ("html", "markdown")
    if (p["pantry"] or p["skip_staples"]) and not wants_list:
        flag = "--pantry" if p["pantry"] else "--skip-staples"
        raise click.UsageError(f"{flag} changes the shopping list; add --shopping-list FILE "
                               "or use --format markdown or html, which include the list")
    settings, source = _settings(ctx)
    if one_day:
        settings["days"] = 1  # `mealplan day`, whatever a profile says
    settings.setdefault("days", days)
    foods = load_foods(settings.get("foods", "default"))
    request = request_from_settings(foods, settings, source)
    # Read the pantry before the solve, so a bad file fails at once.
    pantry = _read_pantry(p["pantry"])
    log = _log if p["verbose"] else None
    with _progress(f"Planning {request.days} day{'s' * (request.days > 1)}"):
        plan = make_plan(foods, request, log=log)
    shopping = None
    if wants_list:
        shopping = _shopping(plan, foods, pantry, p["skip_staples"])
    output = p["output"]
    texts = [(output, render_plan(plan, foods, fmt, shopping, color=_color_for(output)), "-o")]
    if p["shopping_list"]:
        from .views import render_shopping, shopping_format_for

        texts.append((p["shopping_list"], render_shopping(
            shopping, shopping_format_for(p["shopping_list"])), "--shopping-list"))
    _emit_all(texts)


def _check_outputs(outputs: list[tuple[str, str]]) -> None:
    """Fail before any work when an output cannot be written."""
    from .files import check_writable

    to_stdout = [flag for path, flag in outputs if path == "-"]
    if len(to_stdout) > 1:
        raise click.UsageError(f"{' and '.join(to_stdout)} both write to stdout; give one "
                               "of them a file name")
    for path, flag in outputs:
        check_writable(path, flag=flag)
    files = [os.path.realpath(path) for path, _ in outputs if path != "-"]
    if len(set(files)) < len(files):
        raise click.UsageError(f"{' and '.join(flag for _, flag in outputs)} name the same "
                               "file; give each its own file")


def _read_pantry(path: str | None) -> Any:
    from .shopping import read_pantry

    return read_pantry(path) if path else None


def _shopping(plan: Any, foods: Any, pantry: Any, skip_staples: bool) -> Any:
    from .shopping import shopping_list

    return shopping_list(plan, foods, pantry, skip_staples)


def _emit(text: str, path: str, flag: str = "-o") -> None:
    _emit_all([(path, text, flag)])


def _emit_all(outputs: list[tuple[str, str, str]]) -> None:
    """Write ``(path, text, flag)`` outputs all or nothing, each ending with a newline."""
    from .files import atomic_write_all

    atomic_write_all([(path, text if text.endswith("\n") else text + "\n", flag)
                      for path, text, flag in outputs])


def _color_for(path: str) -> bool | None:
    # Files never get colour; stdout lets rich decide (terminal, NO_COLOR).
    return None if path == "-" else False


def _log(line: str) -> None:
    click.echo(line, err=True)


@contextlib.contextmanager
def _progress(message: str) -> Iterator[None]:
    """Show a spinner on stderr once the solver has worked a moment, on a terminal only.

    Most plans take well under a second; a spinner that flashes for those is noise.
    """
    if not sys.stderr.isatty():
        yield
        return
    import threading

    from rich.console import Console

    status = Console(stderr=True).status(message + "...")
    timer = threading.Timer(PROGRESS_AFTER_S, status.start)
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        timer.join()
        status.stop()


def _write(text: str) -> None:
    click.echo(text, nl=not text.endswith("\n"))


def _use_color() -> bool:
    # Colour only on a terminal; files, pipes and tests get plain text.
    return sys.stdout.isatty()


@click.group(cls=MealplanGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "--version", prog_name="mealplan")
def cli() -> None:
    """Plan meals that meet your magnesium RDA, from real USDA nutrient data.

    \b
    Example: mealplan foods top magnesium_mg --per serving
    """  # noqa: D301


@cli.group("foods", cls=MealplanGroup)
def foods_group() -> None:
    """Look up foods and their nutrients in a food table.

    \b
    Example: mealplan foods search spinach --foods full
    """  # noqa: D301


@foods_group.command("search")
@click.argument("words", nargs=-1, required=True)
@foods_option
@format_option()
@limit_option(50)
def search_command(words: tuple[str, ...], foods: str, format: str, limit: int) -> None:
    """Find foods whose name contains every one of WORDS (any case), or a food_id.

    \b
    Example: mealplan foods search pumpkin seeds --format json
    """  # noqa: D301
    from .foods import load_foods, render_rows, search_foods

    table = load_foods(foods)
    found = search_foods(table, " ".join(words))
    shown = found if limit == 0 else found.head(limit)
    columns = ["name", "serving_desc", "serving_g", "energy_kcal", "magnesium_mg"]
    caption = "kcal and Mg (magnesium) per 100 g"
    if len(shown) < len(found):
        caption += f"; {len(shown)} of {len(found)} foods, -n 0 shows all"
    _write(render_rows(shown[columns], format, caption=caption, color=_use_color(), headers={
        "serving_desc": "serving", "serving_g": "g", "energy_kcal": "kcal",
        "magnesium_mg": "Mg mg"}))


@foods_group.command("show")
@click.argument("food_id")
@foods_option
@format_option()
def show_command(food_id: str, foods: str, format: str) -> None:
    """Show a food's nutrients per 100 g and per household portion.

    FOOD_ID may also be words that match exactly one food. Unknown values show as
    "unknown" (null in JSON, empty in CSV).

    \b
    Example: mealplan foods show 11458 --format json
    """  # noqa: D301
    from .foods import find_food, food_details, load_foods, render_food_details

    table = load_foods(foods)
    details = food_details(table, find_food(table, food_id))
    _write(render_food_details(details, format, color=_use_color()))


@foods_group.command("top")
@click.argument("nutrient")
@click.option("--per", type=click.Choice(["100g", "serving", "100kcal"]), default="100g",
              show_default=True,
              help="Rank by amount per 100 g, per serving or per 100 kcal (foods under "
              "10 kcal per 100 g, such as coffee and tea, are left out per 100 kcal).")
@limit_option(20)
@foods_option
@format_option()
def top_command(nutrient: str, per: str, limit: int, foods: str, format: str) -> None:
    """List the foods richest in NUTRIENT (a column such as magnesium_mg).

    \b
    Example: mealplan foods top magnesium_mg --per 100kcal -n 10
    """  # noqa: D301
    from .foods import load_foods, nutrient_unit, render_rows, resolve_nutrient, top_foods

    table = load_foods(foods)
    column = resolve_nutrient(table, nutrient)
    ranked = top_foods(table, column, per=per, n=limit)
    unit = nutrient_unit(column)
    label = {"100g": "100 g", "serving": "serving", "100kcal": "100 kcal"}[per]
    _write(render_rows(ranked[["name", "value", "serving_desc", "serving_g"]], format,
                       title=f"{column} per {label}", color=_use_color(), headers={
                           "value": f"{unit} per {label}".strip(),
                           "serving_desc": "serving", "serving_g": "g"}))


@cli.command("week")
@click.option("--days", type=click.IntRange(1, 28), default=7, show_default=True,
              help="Number of days to plan.")
@plan_options
@click.pass_context
def week_command(ctx: click.Context, /, **_: Any) -> None:
    """Plan a week of meals that meet your magnesium RDA every day.

    Every day meets the magnesium RDA for your age, sex and life stage, stays in your
    energy range and balanced-diet limits, and honours your diet, allergies and
    caffeine limit. The plan is a planning aid, not medical advice.

    Exit codes: 0 plan made; 1 no plan meets every limit (the message says which
    limits conflict and what would allow a plan); 2 bad input; 3 internal check
    failed (a bug).

    \b
    Example: mealplan week --sex female --age 35 --max-caffeine 100 --shopping-list list.csv
    """  # noqa: D301
    _plan(ctx, ctx.params["days"])


@cli.command("day")
@plan_options
@click.pass_context
def day_command(ctx: click.Context, /, **_: Any) -> None:
    """Plan one day of meals that meets your magnesium RDA.

    Takes the same options and exit codes as ``mealplan week``.

    \b
    Example: mealplan day --sex male --age 45 --diet vegetarian --avoid tree_nut
    """  # noqa: D301
    _plan(ctx, 1, one_day=True)


@cli.command("targets")
@foods_option
@profile_options
@format_option("table", "json")
@click.pass_context
def targets_command(ctx: click.Context, /, **_: Any) -> None:
    """Show the daily targets a plan would meet, with their sources.

    \b
    Example: mealplan targets --sex female --age 30 --life-stage pregnant --format json
    """  # noqa: D301
    from .foods import load_foods
    from .request import request_from_settings
    from .views import render_targets

    settings, source = _settings(ctx)
    foods = load_foods(settings.get("foods", "default"))
    request = request_from_settings(foods, settings, source)
    _write(render_targets(request.targets, ctx.params["format"], color=_use_color()))


@cli.command("shopping")
@click.argument("plan_file", metavar="PLAN.json",
                type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--foods", "foods", metavar="default|full|PATH",
              help="Food table of the plan.  [default: the one the plan names]")
@click.option("--pantry", type=click.Path(exists=True, dir_okay=False, allow_dash=True),
              help="CSV of what is at home (the list's own CSV, or item,quantity).")
@click.option("--skip-staples", is_flag=True, help="Leave out salt, oil and spices.")
@click.option("--format", "format", type=click.Choice(["table", "csv", "markdown", "json"]),
              help="Output format.  [default: from the -o file's extension (.csv, .md, "
              ".json), else table]")
@click.option("-o", "--output", metavar="FILE", default="-",
              help="Write to FILE instead of stdout (atomically).")
def shopping_command(plan_file: str, foods: str | None, pantry: str | None,
                     skip_staples: bool, format: str | None, output: str) -> None:
    """Turn a saved plan (mealplan week --format json) into a shopping list.

    Cooked foods become what you buy (dry rice for cooked rice), pieces are counted
    ("3 bananas"), and --pantry subtracts what you already have.

    \b
    Example: mealplan shopping week.json --pantry pantry.csv --format markdown
    """  # noqa: D301
    from .foods import load_foods
    from .plan import read_plan
    from .views import SHOPPING_FORMATS, format_for, render_shopping

    _check_outputs([(output, "-o")])
    format = format or format_for(output, SHOPPING_FORMATS, "table")
    plan = read_plan(plan_file)
    table = load_foods(foods or _plan_foods(plan.foods, plan_file))
    shopping = _shopping(plan, table, _read_pantry(pantry), skip_staples)
    _emit(render_shopping(shopping, format, color=_color_for(output)), output)


def _plan_foods(name: str, plan_file: str) -> str:
    """Find the food table a saved plan names, looking beside the plan if need be."""
    from pathlib import Path

    from .errors import InputError, Where

    if name in ("default", "full") or Path(name).is_file():
        return name
    # A relative path was relative to where the plan was made, often beside the plan.
    beside = Path(plan_file).parent / name
    if plan_file != "-" and not Path(name).is_absolute() and beside.is_file():
        return str(beside)
    raise InputError(f"the plan was made with the food table {name}, which is not there; "
                     "give its path with --foods", Where(file=plan_file))
