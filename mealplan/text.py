"""User text made safe to show: one sanitiser for every name that reaches a view.

Food names, serving descriptions, aisles, pantry entries, food choices and file names
come from files and flags the user (or someone who sent them the file) wrote. They
are cleaned once, where they enter mealplan (the food table, a saved plan, a pantry,
the request), so every view (terminal, Markdown, HTML, CSV, JSON) shows the same
plain text. This module imports nothing heavy: the CLI uses it for error messages.
"""

from __future__ import annotations

import re

# C0 and C1 control characters (ESC starts terminal escape codes, NUL ends C strings),
# DEL, and the invisible formatting characters that reorder or hide text: bidirectional
# embeddings, overrides and isolates (the "Trojan Source" characters), marks,
# zero-width characters, the word joiner and the byte-order mark.
INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]"
)
# Line breaks and tabs inside a name become one space: a name is one line.
BREAKS = re.compile("[\t\n\r\u0085\u2028\u2029]+")

def clean_text(text: str) -> str:
    r"""Remove control and invisible formatting characters; line breaks become spaces.

    Printable text, accents and other scripts pass unchanged, and so do characters
    that mean something in one format (``<``, ``[``, ``=``): escaping those is each
    view's job (jinja2 autoescape, rich ``Text``, Markdown escapes, CSV quoting).

    >>> clean_text("Spin\x1b[31mach\u202e\x00 raw\n")
    'Spin[31mach raw '
    """
    return INVISIBLE.sub("", BREAKS.sub(" ", text))


def clean_message(text: str) -> str:
    """Clean an error message, keeping its line breaks (messages list one problem a line)."""
    return "\n".join(clean_text(line) for line in text.split("\n"))


def normalise_choice(text: str) -> str:
    """The canonical spelling of a choice: any case, dashes or spaces for underscores.

    Flags and profile files use it alike, so ``--activity Very-Active`` and
    ``activity = "very active"`` both mean ``very_active``.

    >>> normalise_choice(" Very-Active ")
    'very_active'
    """
    return "_".join(text.strip().lower().replace("-", " ").split())
