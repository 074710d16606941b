"""Writing output safely: atomic writes and spreadsheet-safe CSV cells."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .errors import InputError, Where

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    r"""Make a CSV cell inert for spreadsheets; numbers pass unchanged.

    A text cell that starts with ``=``, ``+``, ``-``, ``@``, tab or carriage return
    gets a leading apostrophe, which spreadsheets show as text (OWASP's advice). A
    cell that already starts with an apostrophe gets one more, so a reader can strip
    exactly one and always get the original back (:func:`unneutralise_cell`).

    >>> neutralise_cell('=HYPERLINK("http://x")')
    '\'=HYPERLINK("http://x")'
    >>> neutralise_cell(-3.5)
    -3.5
    """
    if isinstance(value, str) and value.startswith((*FORMULA_PREFIXES, "'")):
        return "'" + value
    return value


def unneutralise_cell(text: str) -> str:
    """Undo :func:`neutralise_cell` on a cell read back from a CSV file.

    >>> unneutralise_cell(neutralise_cell("=1+1"))
    '=1+1'
    """
    if text.startswith("'") and text[1:2] in (*FORMULA_PREFIXES, "'"):
        return text[1:]
    return text


def check_writable(path: str | Path, *, flag: str = "-o") -> None:
    """Fail early, before any work, when ``path`` cannot be written; ``-`` always can.

    A command calls this for every output before it solves, so a typo in a folder
    name costs no waiting and leaves nothing behind.

    Raises:
        InputError: The path is a folder, its folder is missing or not writable, or
            the file exists and is read-only.

    """
    if str(path) == "-":
        return
    target = Path(path)
    folder = target.parent
    where = Where(flag=flag)
    if target.is_dir():
        raise InputError(f"{target} is a folder; expected a file name", where)
    if not folder.exists():
        raise InputError(f"cannot write {target}: folder {folder} does not exist", where)
    if not folder.is_dir():
        raise InputError(f"cannot write {target}: {folder} is a file, not a folder", where)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(f"cannot write {target}: folder {folder} is not writable", where)
    if target.exists() and not os.access(target, os.W_OK):
        raise InputError(f"cannot write {target}: the file is read-only", where)


def atomic_write(path: str | Path, text: str, *, flag: str = "-o") -> None:
    """Write text to path, or to stdout when path is ``-``.

    The text goes to a temporary file in the same folder, which replaces the target
    only once fully written, so a failed or interrupted run never leaves a partial
    file and never clobbers the old one.

    Raises:
        InputError: The folder does not exist or is not writable.

    Example:
        >>> atomic_write("week.csv", render_csv(plan, foods))  # doctest: +SKIP

    """
    atomic_write_all([(path, text, flag)])


def atomic_write_all(outputs: Sequence[tuple[str | Path, str, str]]) -> None:
    """Write several outputs all or nothing: ``(path, text, flag)`` each.

    Every file is first written to a temporary file beside its target; only when all
    of them are written do they replace their targets. Outputs to ``-`` go to stdout
    last, so a file that cannot be written stops the command before it prints.

    Raises:
        InputError: A path cannot be written, or two outputs name the same file; the
            message names the flag.

    """
    files = [(Path(path), text, flag) for path, text, flag in outputs if str(path) != "-"]
    seen: dict[Path, str] = {}
    for target, _, flag in files:
        check_writable(target, flag=flag)
        key = target.resolve()
        if key in seen:
            raise InputError(f"{seen[key]} and {flag} name the same file {target}; give "
                             "each its own file", Where(flag=flag))
        seen[key] = flag
    temps: list[str] = []
    try:
        for target, text, flag in files:
            temps.append(_write_temp(target, text, flag))
        for target, _, flag in files:
            try:
                os.replace(temps[0], target)
            except OSError as exc:
                raise InputError(f"cannot write {target}: {exc.strerror}",
                                 Where(flag=flag)) from exc
            temps.pop(0)
    finally:
        # Whatever is left was not moved into place: an error or an interrupt.
        for tmp in temps:
            Path(tmp).unlink(missing_ok=True)
    for path, text, _ in outputs:
        if str(path) == "-":
            sys.stdout.write(text)
            sys.stdout.flush()


def _write_temp(target: Path, text: str, flag: str) -> str:
    """Write text to a new temporary file beside target and return its name."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                   dir=target.parent)
    except OSError as exc:
        raise InputError(f"cannot write {target}: {exc.strerror}", Where(flag=flag)) from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            # mkstemp makes the file private (0600); give it the mode open() would.
            os.fchmod(fh.fileno(), _mode_for(target))
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise InputError(f"cannot write {target}: {exc.strerror}",
                             Where(flag=flag)) from exc
        raise
    return tmp


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
