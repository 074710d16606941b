"""The ``mealplan`` command line: click commands only.

Each command parses its flags, calls one library function and renders the result.
The library (and with it pandas, PuLP and rich) is imported inside the command
bodies, so ``mealplan --help`` starts in a fraction of a second.
"""

from __future__ import annotations

import contextlib
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

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command line: interrupts end cleanly, and so do write errors.

        SIGINT, SIGTERM and SIGHUP remove the run's temporary files and end it at once
        with ``Aborted!`` (exit code 128 + the signal). A stream that cannot be written
        (``mealplan --help > /dev/full``) ends with one ``Error:`` line instead of a
        traceback.
        """
        import signal

        previous = {}
        for name in ("SIGINT", "SIGTERM", "SIGHUP"):
            number = getattr(signal, name, None)
            if number is not None:
                with contextlib.suppress(ValueError):  # not the main thread
                    previous[number] = signal.signal(number, _interrupt)
        try:
            return super().main(*args, **kwargs)
        except OSError as exc:
            from .files import write_stream

            with contextlib.suppress(Exception):
                write_stream(1, "")  # points a broken stdout at /dev/null
            with contextlib.suppress(Exception):
                click.echo(f"Error: cannot write the output: {exc.strerror or exc}", err=True)
            sys.exit(2)
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command, turning a MealplanError into a ClickException."""
        try:
            return super().invoke(ctx)
        except MealplanError as exc:
            from .text import clean_message

            # Messages quote user text (names, file names): no escape codes reach stderr.
            error = click.ClickException(clean_message(str(exc)))
            error.exit_code = exc.exit_code  # type: ignore[misc]  # per instance on purpose
            raise error from exc


class _Percent(click.FloatRange):
    """A percent from 0 to 100, with or without a trailing ``%`` (``10`` or ``10%``)."""

    name = "percent"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        if isinstance(value, str):
            value = value.strip().removesuffix("%").strip()
        return super().convert(value, param, ctx)


PERCENT = _Percent(0, 100)


def _interrupt(signum: int, frame: object) -> None:
    # Not KeyboardInterrupt: unwinding from wherever the signal lands (inside a solver
    # call, an import) can raise other errors on the way. Delete what the run would
    # delete and leave; a commit in progress holds these signals back until it is done.
    import os

    # Not imported here: the signal may land while mealplan.files is being imported,
    # and before that module is ready the run has no files to remove.
    files = sys.modules.get(f"{__package__}.files")
    remove = getattr(files, "remove_run_files", None)
    if remove is not None:
        remove()
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stderr.write("Aborted!\n")
        sys.stderr.flush()
    os._exit(128 + signum)


class Choice(click.Choice):  # type: ignore[type-arg]
    """A choice read the way profile files read one: any case, dashes or underscores.

    ``--activity Very-Active`` and ``activity = "very active"`` both mean
    ``very_active`` (see :func:`mealplan.text.normalise_choice`).
    """

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        """Map any spelling of a choice to the choice, then let click check it."""
        if isinstance(value, str):
            from .text import normalise_choice

            wanted = normalise_choice(value)
            value = next((c for c in self.choices if normalise_choice(str(c)) == wanted),
                         value)
        return super().convert(value, param, ctx)


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
            type=Choice(choices),
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
        click.option("--sex", type=Choice(["female", "male"]),
                     help="Sex for the reference values.  [default: female]"),
        click.option("--age", type=click.IntRange(1, 120), help="Age in years.  [default: 35]"),
        click.option("--life-stage", type=Choice(["pregnant", "lactating"]),
                     help="Pregnancy or lactation changes the RDA and caffeine limit."),
        click.option("--trimester", type=click.IntRange(1, 3),
                     help="Trimester of a pregnancy, for its energy (+0, +340, +452 kcal).  "
                     "[default: 2]"),
        click.option("--lactation-months", type=click.Choice(["0-6", "7-12"]),
                     help="Months since birth while breastfeeding, for its energy (+330, "
                     "+400 kcal).  [default: 0-6]"),
        click.option("--weight-kg", type=float, help="Body weight, for energy and protein."),
        click.option("--height-cm", type=float, help="Height, for the energy range."),
        click.option("--activity", type=Choice(
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
                     help="Caffeine cap per day (the goal of a cut-back from "
                     "--caffeine-now); foods with unknown caffeine are left out."),
        click.option("--no-caffeine", is_flag=True, help="No caffeine at all."),
        click.option("--caffeine-now", metavar="AMOUNT",
                     help="Caffeine you have now: mg a day (300, '300 mg tea') or servings "
                     "('3 cups coffee', '2 espresso + 1 cup tea'). Caps step down from it to "
                     "--max-caffeine (or stay at it, within the safe limit). Without it no "
                     "caffeinated food is used unless you --like or --include it."),
        click.option("--taper-days", type=click.IntRange(min=1), metavar="N",
                     help="Days the cut-back from --caffeine-now takes.  [default: the "
                     "plan's days, at least one per step]"),
        click.option("--caffeine-until", type=click.Choice(["breakfast", "lunch", "snack",
                                                            "dinner"]),
                     help="No caffeine after this meal (the snack is the afternoon one).  "
                     "[default: lunch with --caffeine-now, else any meal]"),
        click.option("--supplement-mg", type=click.FloatRange(min=0), metavar="MG",
                     help="Magnesium from a daily supplement, counted toward the target."),
        click.option("--no-default-targets", is_flag=True,
                     help="Drop every built-in target; only --kcal/--min/--max apply."),
    ]
    return _with_options(function, options)


def preference_options(function: F) -> F:
    """Add diet, allergens and food choices."""
    options = [
        click.option("--diet", type=Choice(
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
        click.option("--amounts", type=Choice(["servings", "continuous"]),
                     help="Whole or half household servings, or free grams (a pure "
                     "linear program).  [default: servings]"),
        click.option("--objective", type=Choice(
            ["default", "magnesium", "cost", "calories"]),
            help="What to optimise within every limit.  [default: default]"),
        click.option("--prices", type=click.Path(exists=True, dir_okay=False),
                     help="CSV with food_id and price (per 100 g), over the table's own "
                     "prices."),
        click.option("--packages", type=click.Path(exists=True, dir_okay=False),
                     help="CSV of package sizes (purchase_id or name, package, package_g; "
                     "optional keeps_days, open_days) over the table's own."),
        click.option("--budget", metavar="AMOUNT[/week]",
                     help="Most the plan may cost: AMOUNT a day (6.50), or a week with "
                     "/week (45/week), in the table's prices; under any objective."),
        click.option("--max-items", type=click.IntRange(min=1), metavar="N",
                     help="Different things the week buys, staples aside (tables with "
                     "packages).  [default: 25]"),
        click.option("--max-meat-fish", type=click.IntRange(min=0), metavar="N",
                     help="Kinds of meat and fish the week buys.  [default: 4]"),
        click.option("--max-waste", type=PERCENT, metavar="PCT",
                     help="Percent of the perishable food bought the week may leave "
                     "unused; above it the week is re-planned.  [default: 10]"),
        click.option("--no-basket", is_flag=True,
                     help="Plan the days without buying them in whole packages from one "
                     "shop; the shopping list totals what they eat."),
        click.option("--max-days-per-food", type=click.IntRange(min=1), metavar="N",
                     help="On how many days of the plan one food may appear, for foods "
                     "whose role limits it (drinks, milk, fruit, bread and staples are "
                     "not).  [default: by role, 3 or 4 in 7 days]"),
        click.option("--solver", type=Choice(["highs", "cbc"]),
                     help="Solver PuLP drives.  [default: highs]"),
        click.option("--time-limit", type=click.FloatRange(min=0, min_open=True),
                     metavar="SECONDS", help="Time the solver may take.  [default: 20]"),
        click.option("--gap", type=click.FloatRange(0, 1, max_open=True),
                     help="Relative gap to the bound that is good enough.  [default: 0.02]"),
        click.option("--seed", type=int, help="Another seed gives another plan of "
                     "near-equal quality.  [default: 0]"),
        click.option("-v", "--verbose", is_flag=True, help="Log solver steps to stderr."),
    ]
    return _with_options(function, options)


def plan_output_options(function: F) -> F:
    """Add output format, file and shopping list options."""
    from .views import PLAN_FORMATS

    options = [
        click.option("--format", "format", type=Choice(PLAN_FORMATS),
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
        click.option("--ingredients", is_flag=True,
                     help="List each dish's ingredients under it (table format; JSON, "
                     "Markdown and HTML always have them)."),
    ]
    return _with_options(function, options)


def plan_options(function: F) -> F:
    """Every option of ``week`` and ``day``: food table, person, preferences, solver, output."""
    return _with_options(function, [foods_option, profile_options, preference_options,
                                    solver_options, plan_output_options])


_NOT_SETTINGS = ("profile", "format", "output", "shopping_list", "pantry", "skip_staples",
                 "verbose", "ingredients")


def _settings(ctx: click.Context) -> tuple[dict[str, Any], str, set[str]]:
    """Profile file settings, overridden by every flag given on the command line.

    Returns:
        The settings, the profile's file name (or ``""``), and the settings that came
        from it, so messages name the file for those and the flag for the others.
    """
    from click.core import ParameterSource

    from .request import load_profile

    path = ctx.params.get("profile")
    settings: dict[str, Any] = load_profile(path) if path else {}
    from_file = set(settings)
    for name, value in ctx.params.items():
        if name in _NOT_SETTINGS:
            continue
        given = ctx.get_parameter_source(name) not in (ParameterSource.DEFAULT, None)
        if given and value not in ((), None):
            settings[name] = list(value) if isinstance(value, tuple) else value
            from_file.discard(name)
    return settings, path or "", from_file


def _plan(ctx: click.Context, days: int, *, one_day: bool = False) -> None:
    from .planner import make_plan
    from .request import request_from_settings
    from .views import PLAN_FORMATS, format_for, render_plan

    p = ctx.params
    requested = [(p["output"], "-o")]
    if p["shopping_list"]:
        requested.append((p["shopping_list"], "--shopping-list"))
    outputs = _plan_outputs(requested)
    _check_format(p["format"], p["output"], "-o", PLAN_FORMATS)
    if p["shopping_list"]:
        from .views import SHOPPING_FORMATS

        _check_format(None, p["shopping_list"], "--shopping-list",
                      [f for f in SHOPPING_FORMATS if f != "table"])
    fmt = p["format"] or format_for(p["output"], PLAN_FORMATS, "table")
    wants_list = bool(p["shopping_list"]) or fmt in ("html", "markdown")
    if (p["pantry"] or p["skip_staples"]) and not wants_list:
        flag = "--pantry" if p["pantry"] else "--skip-staples"
        raise click.UsageError(f"{flag} changes the shopping list; add --shopping-list FILE "
                               "or use --format markdown or html, which include the list")
    settings, source, from_file = _settings(ctx)
    if one_day:
        settings["days"] = 1  # `mealplan day`, whatever a profile says
        from_file.discard("days")
    settings.setdefault("days", days)
    foods = _load_foods(settings, source, from_file)
    request = request_from_settings(foods, settings, source, from_file)
    if settings.get("packages"):
        from .packages import read_package_sizes, with_package_sizes

        foods = with_package_sizes(foods, read_package_sizes(settings["packages"], foods))
    # Read the pantry before the solve, so a bad file fails at once.
    pantry = _read_pantry(p["pantry"])
    log = _log if p["verbose"] else None
    with _progress(f"Planning {request.days} day{'s' * (request.days > 1)}"):
        plan = make_plan(foods, request, log=log)
    shopping = None
    if wants_list:
        shopping = _shopping(plan, foods, pantry, p["skip_staples"])
    texts = [(outputs[0], render_plan(plan, foods, fmt, shopping,
                                      color=_color_for(outputs[0]),
                                      ingredients=p["ingredients"]))]
    if p["shopping_list"]:
        from .views import render_shopping, shopping_format_for

        texts.append((outputs[1], render_shopping(
            shopping, shopping_format_for(p["shopping_list"]), color=False)))
    _emit_all(texts)


def _load_foods(settings: dict[str, Any], source: str, from_file: set[str]) -> Any:
    """The food table the settings name; a profile's ``foods`` is named in messages."""
    from .errors import InputError, Where
    from .foods import load_foods

    try:
        return load_foods(settings.get("foods", "default"))
    except InputError as exc:
        if "foods" not in from_file or exc.where is None or exc.where.flag is not None:
            raise
        raise InputError(exc.problem, Where(exc.where.file, exc.where.row, exc.where.column,
                                            f"foods in {source}"), more=exc.more) from exc


def _check_format(fmt: str | None, path: str, flag: str, formats: Sequence[str]) -> None:
    """Refuse ``--format html -o plan.json``: the flag and the file name disagree."""
    from .views import file_format

    named = file_format(path)
    if fmt is not None and named is not None and named != fmt:
        raise click.UsageError(f"--format {fmt} and {flag} {path} (a .{named} file name) "
                               "contradict each other; change one of them")
    if named is not None and named not in formats:
        raise click.UsageError(f"{flag} {path}: this output is written as "
                               f"{', '.join(formats)}, not {named}")


def _plan_outputs(requested: list[tuple[str, str]]) -> list[Any]:
    """Classify the outputs before any work, so a bad one costs no waiting."""
    from .files import plan_outputs

    return plan_outputs(requested)


def _read_pantry(path: str | None) -> Any:
    from .shopping import read_pantry

    return read_pantry(path) if path else None


def _shopping(plan: Any, foods: Any, pantry: Any, skip_staples: bool) -> Any:
    from .shopping import shopping_list

    return shopping_list(plan, foods, pantry, skip_staples)


def _emit_all(outputs: list[tuple[Any, str]]) -> None:
    """Write ``(Output, text)`` pairs all or nothing, each ending with a newline."""
    from .files import write_outputs

    write_outputs([(out, text if text.endswith("\n") else text + "\n")
                   for out, text in outputs])


def _color_for(output: Any) -> bool | None:
    # Only stdout may get colour, and rich decides (terminal, NO_COLOR); files never.
    return None if output.to_stdout else False


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
    from .files import write_stream

    write_stream(1, text if text.endswith("\n") else text + "\n")


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
@click.option("--per", type=Choice(["100g", "serving", "100kcal"]), default="100g",
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
    from .request import request_from_settings
    from .views import render_targets

    settings, source, from_file = _settings(ctx)
    foods = _load_foods(settings, source, from_file)
    request = request_from_settings(foods, settings, source, from_file)
    _write(render_targets(request.targets, ctx.params["format"], color=_use_color()))


@cli.command("shopping")
@click.argument("plan_file", metavar="PLAN.json",
                type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--foods", "foods", metavar="default|full|PATH",
              help="Food table of the plan.  [default: the one the plan names]")
@click.option("--pantry", type=click.Path(exists=True, dir_okay=False, allow_dash=True),
              help="CSV of what is at home (the list's own CSV, or item,quantity with "
              "quantities like 2 cans, half a bag, 300 g).")
@click.option("--skip-staples", is_flag=True, help="Leave out salt, oil and spices.")
@click.option("--format", "format", type=Choice(["table", "csv", "markdown", "json"]),
              help="Output format.  [default: from the -o file's extension (.csv, .md, "
              ".json), else table]")
@click.option("-o", "--output", metavar="FILE", default="-",
              help="Write to FILE instead of stdout (atomically).")
def shopping_command(plan_file: str, foods: str | None, pantry: str | None,
                     skip_staples: bool, format: str | None, output: str) -> None:
    """Turn a saved plan (mealplan week --format json) into a shopping list.

    A plan that bought its week lists its whole packages ("2 cans (15 oz) · uses
    1¾"); other plans list what you buy by weight and pieces (dry rice for cooked
    rice, "3 bananas"). --pantry subtracts what you already have, in packages too
    ("1 can", "half a bag"). The plan's prep list follows the list.

    \b
    Example: mealplan shopping week.json --pantry pantry.csv --format markdown
    """  # noqa: D301
    from .foods import load_foods
    from .plan import read_plan
    from .views import SHOPPING_FORMATS, format_for, render_shopping

    out = _plan_outputs([(output, "-o")])[0]
    _check_format(format, output, "-o", SHOPPING_FORMATS)
    format = format or format_for(output, SHOPPING_FORMATS, "table")
    plan = read_plan(plan_file)
    table = load_foods(foods or _plan_foods(plan.foods, plan_file))
    shopping = _shopping(plan, table, _read_pantry(pantry), skip_staples)
    _emit_all([(out, render_shopping(shopping, format, color=_color_for(out)))])


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
