"""The ``mealplan`` command line: click commands only.

Each command parses its flags, calls one library function and renders the result.
The library (and with it pandas, PuLP and rich) is imported inside the command
bodies, so ``mealplan --help`` starts in a fraction of a second.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from . import __version__
from .errors import MealplanError

F = TypeVar("F", bound=Callable[..., Any])

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
