"""Writing output safely: atomic writes and spreadsheet-safe CSV cells."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from .errors import InputError, Where

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    """Make a CSV cell inert for spreadsheets; numbers pass unchanged.

    A text cell that starts with ``=``, ``+``, ``-``, ``@``, tab or carriage return
    gets a leading apostrophe, which spreadsheets show as text (OWASP's advice).

    >>> neutralise_cell('=HYPERLINK("http://x")')
    '\\'=HYPERLINK("http://x")'
    >>> neutralise_cell(-3.5)
    -3.5
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def atomic_write(path: str | Path, text: str, *, flag: str = "-o") -> None:
    """Write text to path, or to stdout when path is ``-``.

    The text goes to a temporary file in the same folder, which replaces the target
    only once fully written, so a failed or interrupted run never leaves a partial
    file and never clobbers the old one.

    Raises:
        InputError: The folder does not exist or is not writable.
    """
    if str(path) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise InputError(f"{target} is a folder; expected a file name", Where(flag=flag))
    if not folder.is_dir():
        raise InputError(f"cannot write {target}: folder {folder} does not exist",
                         Where(flag=flag))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(f"cannot write {target}: {exc.strerror}", Where(flag=flag)) from exc
    try:
        # mkstemp makes the file private (0600); give it the mode a plain open() would.
        os.chmod(tmp, _mode_for(target))
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise InputError(f"cannot write {target}: {exc.strerror}",
                             Where(flag=flag)) from exc
        raise


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
