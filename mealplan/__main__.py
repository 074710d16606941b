"""Run the command line as ``python -m mealplan``."""

from .cli import cli

cli(prog_name="mealplan")
