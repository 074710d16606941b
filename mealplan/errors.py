"""Exceptions raised by mealplan; the CLI maps each to an exit code."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Where:
    """Where a problem in the user's input is: a file, row, column or flag."""

    file: str | None = None
    """File name as the user gave it."""
    row: int | None = None
    """1-based data row (the header is row 0), as a spreadsheet would count it minus 1."""
    column: str | None = None
    """Column name."""
    flag: str | None = None
    """Command-line flag or profile key, e.g. ``--age``."""

    def __str__(self) -> str:
        parts = []
        if self.file is not None:
            parts.append(self.file)
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column}")
        if self.flag is not None:
            parts.append(self.flag)
        return ", ".join(parts)


class MealplanError(Exception):
    """Base class of every error mealplan raises on purpose."""

    exit_code = 1


class InputError(MealplanError):
    """The user's input is wrong; the CLI exits with code 2.

    ``str(error)`` reads like ``foods.csv, row 12, column magnesium_mg: expected a
    number >= 0, got 'n/a'``. When several problems were found (a whole table is
    validated before failing) they are listed one per line.
    """

    exit_code = 2

    def __init__(self, problem: str, where: Where | None = None,
                 more: Sequence[InputError] = ()) -> None:
        self.problem = problem
        self.where = where
        self.more = tuple(more)
        super().__init__(str(self))

    def __str__(self) -> str:
        head = f"{self.where}: {self.problem}" if self.where and str(self.where) else self.problem
        if not self.more:
            return head
        return "\n".join([head, *(f"  {e}" for e in self.more)])


class OutputError(InputError):
    """An output cannot be written: a bad path, a full disk, a closed pipe (exit code 2).

    Nothing was replaced: files of the run are committed only when all are written.
    """


@dataclass(frozen=True)
class Change:
    """One change to a request, as the flag that makes it on the command line."""

    flag: str
    """The flag: ``--kcal``, ``--avoid``, ``--no-default-targets``."""
    value: str | None = None
    """Its value (``1200-1420``, ``tree_nut``); None for a flag without one."""
    drop: bool = False
    """Take the flag's value away (``drop --avoid tree_nut``) instead of giving it."""

    def __str__(self) -> str:
        text = self.flag if self.value is None else f"{self.flag} {self.value}"
        return f"drop {text}" if self.drop else text


@dataclass(frozen=True)
class Conflict:
    """One reason no plan exists, with the smallest change that would allow one."""

    limit: str
    """The limit that cannot be met, e.g. ``magnesium_mg >= 420 mg/day``."""
    requested: float | None
    """What was asked for, when the limit is a number."""
    reachable: float | None
    """The best value reachable while every other limit holds, when known."""
    fix: str
    """A concrete change that makes a plan possible, e.g. ``allow 1,450 kcal``."""
    details: tuple[str, ...] = field(default=())
    """Further lines of explanation."""
    fixes: tuple[tuple[Change, ...], ...] = field(default=())
    """The changes ``fix`` words, each verified: with it applied the planner found a
    plan. Alternatives; the changes within one apply together."""

    def __str__(self) -> str:
        return f"{self.limit}: {self.fix}"

    def to_dict(self) -> dict[str, object]:
        """Plain-JSON form."""
        return {"limit": self.limit, "requested": self.requested,
                "reachable": self.reachable, "fix": self.fix, "details": list(self.details),
                "fixes": [[str(c) for c in fix] for fix in self.fixes]}


class NoPlanError(MealplanError):
    """No plan meets every limit; carries the conflicts that explain why (exit 1)."""

    exit_code = 1

    def __init__(self, summary: str, conflicts: Sequence[Conflict] = ()) -> None:
        self.summary = summary
        self.conflicts = tuple(conflicts)
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = [self.summary]
        for c in self.conflicts:
            lines.append(f"- {c.limit}: {c.fix}")
            lines.extend(f"  {d}" for d in c.details)
        return "\n".join(lines)


class CheckError(MealplanError):
    """A plan failed the independent checker. This is a bug in mealplan."""

    exit_code = 3
