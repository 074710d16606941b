"""Targets view: the resolved daily targets and where each comes from."""

from __future__ import annotations

import io
import json

from ..plan import NOT_MEDICAL_ADVICE
from ..targets import Targets
from . import _format as fmt


def render_targets(targets: Targets, fmt_name: str = "table", *,
                   color: bool | None = None, width: int | None = None) -> str:
    """Render targets as a terminal table or as JSON (``Targets.to_dict``)."""
    if fmt_name == "json":
        return json.dumps(targets.to_dict(), indent=2, ensure_ascii=False) + "\n"
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"Daily targets · {targets.profile.describe()}", title_justify="left",
                  show_edge=False, pad_edge=False)
    table.add_column("target")
    table.add_column("limit", justify="right")
    table.add_column("source")
    for t in targets.limits:
        table.add_row(Text(fmt.nutrient_label(t.nutrient) + _basis(t.key, t.nutrient)),
                      Text(fmt.limits_text(t.minimum, t.maximum, t.unit)), Text(t.source))
    console = Console(width=width or 100, color_system="auto" if color else None,
                      force_terminal=bool(color), record=True, file=io.StringIO())
    console.print(table)
    lines = []
    if targets.magnesium_rda_mg is not None:
        lines.append(f"Magnesium RDA {targets.magnesium_rda_mg:g} mg a day; the tolerable upper "
                     f"level for supplements is {targets.supplement_ul_mg:g} mg (not food).")
    lines.extend(targets.notes)
    for line in lines:
        console.print(Text(line))
    console.print(Text(NOT_MEDICAL_ADVICE))
    text = console.export_text(styles=bool(color))
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def _basis(key: str, nutrient: str) -> str:
    if key.endswith("_pct"):
        return " (share of energy)"
    if key.endswith("_per_1000kcal"):
        return " (per 1,000 kcal)"
    return ""
