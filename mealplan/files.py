"""Files in and out: bounded reads of regular files, safe writes, spreadsheet-safe CSV.

Inputs. Every file mealplan reads (a food table, a profile, prices, a saved plan, a
pantry) must be a regular file no larger than its limit in :data:`INPUT_LIMITS`;
``-`` reads stdin up to the same limit. A FIFO, a device or a folder is refused before
anything is read, so ``--foods /dev/zero`` or a named pipe cannot hang the run or
exhaust memory.

Outputs. ``-o FILE`` and ``--shopping-list FILE`` are classified before any work
(:func:`plan_outputs`):

- ``-``, ``/dev/stdout``, ``/dev/stderr`` and ``/dev/fd/N`` write to that stream;
- a character device (``/dev/null``) or a named pipe is written through, never
  replaced; a pipe nobody reads from is refused instead of hanging;
- a regular file, also one reached through a symbolic link, is replaced atomically
  (the link stays a link); a missing file is created the same way;
- anything else (a folder, a block device, a socket, a link to nothing) is refused.

Several files of one run are committed together (:func:`write_outputs`): every file
is first written in full to a temporary file beside its target; then, with SIGINT and
SIGTERM held back, a commit record naming every (temporary, target) pair is written
and the temporary files are renamed over their targets. A run killed before the
record exists leaves the old files and stale temporaries, which the next run writing
to that folder deletes; a run killed (SIGKILL) during the renames leaves the record,
and the next run writing to that folder finishes the renames. Either way a plan and
its shopping list never stay a mixed old/new pair. Temporary names carry the process
id, so a live run's files are never touched by another.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import json
import os
import re
import secrets
import shutil
import signal
import stat
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

from .errors import InputError, OutputError, Where

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# A cell holding one of these is quoted: spreadsheets split cells on ; and tab as well as
# on commas, depending on the locale, so "Safe;=1+1" would become a formula cell. A
# neutralised formula (it starts with an apostrophe) is quoted too.
_QUOTE_IF = re.compile(r'[,;\t"\r\n]|^[\s\']|\s$')

MiB = 1024 * 1024
INPUT_LIMITS: dict[str, int] = {
    "--foods": 32 * MiB,
    "--profile": 1 * MiB,
    "--prices": 8 * MiB,
    "PLAN.json": 16 * MiB,
    "--pantry": 1 * MiB,
    "--packages": 1 * MiB,
}
"""Largest file mealplan reads, per input. The full USDA table is 1.3 MB; a saved
four-week plan about 1 MB."""

# Temporary files this process is writing, removed by remove_run_files() on a signal.
_live: set[str] = set()
_TEMP = re.compile(r"^\..+\.mealplan-(?P<pid>\d+)-[0-9a-f]+\.tmp$")
_RECORD = re.compile(r"^\.mealplan-(?P<pid>\d+)-[0-9a-f]+\.commit$")
_SCRATCH_PREFIX = "mealplan-"
_SCRATCH = re.compile(r"^mealplan-(?P<pid>\d+)-")


# --- CSV cells ---------------------------------------------------------------------------


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


def csv_line(cells: Sequence[str], end: str = "\r\n") -> str:
    """One CSV row, quoting every cell that holds a separator, a quote or a line break.

    The csv module quotes only for its own delimiter; spreadsheets in many locales
    split on ``;`` or tab, so those cells are quoted too. Cells are written as given:
    neutralise text cells first (:func:`neutralise_cell`).

    >>> csv_line(["Safe;=1+1", "12.5", "Tofu, firm"], end="")
    '"Safe;=1+1",12.5,"Tofu, firm"'
    """
    return ",".join('"' + c.replace('"', '""') + '"' if _QUOTE_IF.search(c) else c
                    for c in cells) + end


# --- Inputs ------------------------------------------------------------------------------


def _size_text(size: int) -> str:
    return f"{size / MiB:.1f} MB" if size >= MiB else f"{size:,} bytes"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_input(path: str | Path, flag: str) -> bytes:
    """Read a whole input file, which must be a regular file within its size limit.

    Args:
        path: The file, or ``-`` for stdin.
        flag: The flag or argument it came from (a key of :data:`INPUT_LIMITS`), for
            the limit and for messages.

    Raises:
        InputError: The file is missing, unreadable, not a regular file, or larger
            than the limit; the message names the file and the flag.

    """
    name, limit = str(path), INPUT_LIMITS[flag]
    where = Where(file=name, flag=flag)
    if name == "-":
        if sys.stdin is None:
            raise InputError("stdin is closed; give a file name instead of -", where)
        return _read_bounded(sys.stdin.buffer, limit, where)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise InputError("file not found", where) from None
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", where) from exc
    if not stat.S_ISREG(mode):
        raise InputError(f"this is {_kind(mode)}; expected a regular file (save the data "
                         "to a file first, or pipe it in as -)" if not stat.S_ISDIR(mode)
                         else "this is a folder; expected a file", where)
    try:
        # O_NONBLOCK: if the file was swapped for a FIFO since the stat, open must not
        # wait for a writer; the fstat below then refuses it.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", where) from exc
    with open(fd, "rb") as fh:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"this is {_kind(info.st_mode)}; expected a regular file", where)
        if info.st_size > limit:
            raise _too_large(info.st_size, limit, where)
        try:
            return _read_bounded(fh, limit, where)
        except OSError as exc:
            raise InputError(f"cannot read the file: {exc.strerror}", where) from exc


def _read_bounded(stream: BinaryIO, limit: int, where: Where) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise _too_large(None, limit, where)
    return data


def _too_large(size: int | None, limit: int, where: Where) -> InputError:
    what = f"the file is {_size_text(size)}" if size is not None else "the input is larger"
    return InputError(f"{what}; mealplan reads at most {_size_text(limit)} for {where.flag}",
                      where)


# --- Outputs -----------------------------------------------------------------------------

Kind = Literal["stream", "device", "file"]


@dataclass(frozen=True)
class Output:
    """Where one output of a run goes, decided before any work."""

    path: str
    """The name as given: ``-``, ``/dev/null``, ``week.html``."""
    flag: str
    """The flag that named it, for messages: ``-o``, ``--shopping-list``."""
    kind: Kind
    """``stream`` (an open file descriptor), ``device`` (a character device or named
    pipe, written through) or ``file`` (a regular file, replaced atomically)."""
    target: str
    """For ``file``: the real file to replace (symbolic links followed); for
    ``device``: the path to open; for ``stream``: empty."""
    fd: int = -1
    """For ``stream``: the file descriptor (1 for stdout)."""

    @property
    def to_stdout(self) -> bool:
        """Whether this output goes to stdout."""
        return self.kind == "stream" and self.fd == 1


_FD_PATHS = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}
_FD_PATH = re.compile(r"^/(?:dev/fd|proc/self/fd)/(\d+)$")


def plan_outputs(requested: Sequence[tuple[str, str]]) -> list[Output]:
    """Classify a run's outputs, ``(path, flag)`` each, failing before any work.

    Also finishes or cleans what an earlier, killed run left in the outputs' folders
    (see the module docstring).

    Raises:
        OutputError: An output cannot be written, is of a kind mealplan does not write
            to, or two outputs name the same file or stream.

    """
    outputs = [_classify(path, flag) for path, flag in requested]
    streams: dict[int, str] = {}
    files: dict[str, str] = {}
    for out in outputs:
        if out.kind == "stream":
            if out.fd in streams:
                where = "stdout" if out.fd == 1 else f"file descriptor {out.fd}"
                raise OutputError(f"{streams[out.fd]} and {out.flag} both write to {where}; "
                                  "give one of them a file name")
            streams[out.fd] = out.flag
        else:
            if out.target in files:
                raise OutputError(f"{files[out.target]} and {out.flag} name the same file "
                                  f"{out.path}; give each its own file")
            files[out.target] = out.flag
    for folder in dict.fromkeys(Path(o.target).parent for o in outputs if o.kind == "file"):
        recover_folder(folder)
    return outputs


def _classify(path: str, flag: str) -> Output:
    where = Where(flag=flag)
    fd = 1 if path == "-" else _FD_PATHS.get(os.path.normpath(path))
    match = _FD_PATH.match(os.path.normpath(path))
    if fd is None and match:
        fd = int(match[1])
    if fd is not None:
        if fd == 0:
            raise OutputError(f"cannot write {path}: it is the standard input", where)
        try:
            os.fstat(fd)
        except OSError:
            what = "stdout is closed" if fd == 1 else f"file descriptor {fd} is not open"
            raise OutputError(f"cannot write {path}: {what}", where) from None
        return Output(path, flag, "stream", "", fd)
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        if os.path.islink(path):
            raise OutputError(f"cannot write {path}: it is a symbolic link to "
                              f"{os.readlink(path)}, which does not exist", where) from None
        return _new_file(path, flag)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror}", where) from exc
    if stat.S_ISDIR(mode):
        raise OutputError(f"{path} is a folder; expected a file name", where)
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        if not os.access(path, os.W_OK):
            raise OutputError(f"cannot write {path}: permission denied", where)
        return Output(path, flag, "device", path)
    if not stat.S_ISREG(mode):
        raise OutputError(f"cannot write {path}: it is {_kind(mode)}; mealplan writes "
                          "regular files, character devices such as /dev/null and pipes",
                          where)
    real = os.path.realpath(path)
    _check_folder(path, Path(real).parent, where)
    if not os.access(real, os.W_OK):
        raise OutputError(f"cannot write {path}: the file is read-only", where)
    return Output(path, flag, "file", real)


def _new_file(path: str, flag: str) -> Output:
    folder = Path(path).parent
    _check_folder(path, folder, Where(flag=flag))
    return Output(path, flag, "file", str(Path(os.path.realpath(folder)) / Path(path).name))


def _check_folder(path: str, folder: Path, where: Where) -> None:
    if not folder.exists():
        raise OutputError(f"cannot write {path}: folder {folder} does not exist", where)
    if not folder.is_dir():
        raise OutputError(f"cannot write {path}: {folder} is a file, not a folder", where)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write {path}: folder {folder} is not writable", where)


def write_outputs(outputs: Sequence[tuple[Output, str]]) -> None:
    """Write a run's outputs all or nothing; see the module docstring for the protocol.

    Files are written to temporaries first; then streams and devices get their text;
    then the files are committed. A failure before the commit replaces nothing.

    Raises:
        OutputError: An output could not be written; the message names its flag.

    """
    files = [(out, text) for out, text in outputs if out.kind == "file"]
    temps: list[str] = []
    token = f"{os.getpid()}-{secrets.token_hex(4)}"
    try:
        for out, text in files:
            temps.append(_write_temp(out, text, token))
        for out, text in outputs:
            if out.kind == "stream":
                write_stream(out.fd, text, out.flag)
            elif out.kind == "device":
                _write_device(out, text)
        _commit([(temp, out) for temp, (out, _) in zip(temps, files, strict=True)], token)
        temps.clear()
    finally:
        # Whatever is left was not moved into place: an error or an interrupt.
        for temp in temps:
            Path(temp).unlink(missing_ok=True)
            _live.discard(temp)


def atomic_write(path: str | Path, text: str, *, flag: str = "-o") -> None:
    """Write text to one output (a file atomically, ``-`` to stdout); see :func:`plan_outputs`.

    Raises:
        OutputError: The output cannot be written.

    Example:
        >>> atomic_write("week.csv", render_csv(plan, foods))  # doctest: +SKIP

    """
    write_outputs([(plan_outputs([(str(path), flag)])[0], text)])


def write_stream(fd: int, text: str, flag: str | None = None) -> None:
    """Write text to an open stream (1 is stdout), turning every failure into one error.

    A full disk (``ENOSPC``), a reader that went away (``EPIPE``) or a closed stdout end
    in :class:`OutputError`. After a failure on stdout it is pointed at ``/dev/null``, so
    Python's own flush at exit cannot print a second, traceback-like message.

    Raises:
        OutputError: The stream cannot be written.

    """
    name = {1: "stdout", 2: "stderr"}.get(fd, f"file descriptor {fd}")
    stream = {1: sys.stdout, 2: sys.stderr}.get(fd)
    where = Where(flag=flag) if flag else None
    try:
        if stream is not None:
            stream.write(text)
            stream.flush()
        elif fd in (1, 2):
            raise OSError(errno.EBADF, "it is closed")
        else:
            _write_fd(fd, text.encode("utf-8"))
    except (OSError, ValueError) as exc:  # ValueError: a closed Python file object
        if fd == 1:
            _silence_stdout()
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "it is closed"
        if isinstance(exc, BrokenPipeError):
            reason = "the program reading the output stopped (broken pipe)"
        raise OutputError(f"cannot write to {name}: {reason}", where) from exc


def _write_fd(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _silence_stdout() -> None:
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    with contextlib.suppress(Exception):
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115


def _write_device(out: Output, text: str) -> None:
    where = Where(flag=out.flag)
    try:
        # Non-blocking open: a named pipe without a reader fails at once (ENXIO)
        # instead of waiting for ever; writes then block as usual.
        fd = os.open(out.target, os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise OutputError(f"cannot write {out.path}: no program is reading from this "
                              "named pipe; start the reader first", where) from exc
        raise OutputError(f"cannot write {out.path}: {exc.strerror}", where) from exc
    try:
        os.set_blocking(fd, True)
        _write_fd(fd, text.encode("utf-8"))
    except OSError as exc:
        raise OutputError(f"cannot write {out.path}: {exc.strerror}", where) from exc
    finally:
        os.close(fd)


def _write_temp(out: Output, text: str, token: str) -> str:
    """Write text to a new temporary file beside the target and return its name."""
    target = Path(out.target)
    temp = str(target.parent / f".{target.name}.mealplan-{token}.tmp")
    where = Where(flag=out.flag)
    _live.add(temp)  # before it exists: a signal can come right after the open
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        _live.discard(temp)
        raise OutputError(f"cannot write {out.path}: {exc.strerror}", where) from exc
    try:
        # A byte-order mark is how spreadsheets (Excel, LibreOffice) tell a CSV file is
        # UTF-8; without it "5½ lb" opens as "5Â½ lb". Our own readers skip it.
        encoding = "utf-8-sig" if target.suffix.lower() == ".csv" else "utf-8"
        with os.fdopen(fd, "w", encoding=encoding, newline="") as fh:
            # The file is private (0600) until written; then it gets the mode
            # open() would have given it, or the mode of the file it replaces.
            os.fchmod(fh.fileno(), _mode_for(target))
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException as exc:
        Path(temp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {out.path}: {exc.strerror}", where) from exc
        raise
    return temp


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back (they are delivered afterwards), main thread only."""
    held = {signal.SIGINT, signal.SIGTERM}
    try:
        old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, ValueError, OSError):  # not POSIX, or not allowed here
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _commit(pairs: Sequence[tuple[str, Output]], token: str) -> None:
    """Rename every temporary over its target, with a commit record when there are several."""
    if not pairs:
        return
    with _signals_held():
        record = None
        if len(pairs) > 1:
            record = _write_record(pairs, token)
        for temp, out in pairs:
            try:
                os.replace(temp, out.target)
                _live.discard(temp)
            except OSError as exc:
                if record is None:
                    raise OutputError(f"cannot write {out.path}: {exc.strerror}",
                                      Where(flag=out.flag)) from exc
                # The record is in place: finish what can be finished, then report.
                _roll_forward(record)
                raise OutputError(f"cannot write {out.path}: {exc.strerror}",
                                  Where(flag=out.flag)) from exc
        for folder in dict.fromkeys(Path(out.target).parent for _, out in pairs):
            _fsync_folder(folder)
        if record is not None:
            record.unlink(missing_ok=True)


def _write_record(pairs: Sequence[tuple[str, Output]], token: str) -> Path:
    folder = Path(pairs[0][1].target).parent
    record = folder / f".mealplan-{token}.commit"
    data = json.dumps({"pid": os.getpid(),
                       "renames": [[temp, out.target] for temp, out in pairs]})
    staged = folder / f".mealplan-{token}.commit.mealplan-{token}.tmp"
    try:
        with open(staged, "w", encoding="utf-8") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(staged, record)
        _fsync_folder(folder)
    except OSError as exc:
        staged.unlink(missing_ok=True)
        out = pairs[0][1]
        raise OutputError(f"cannot write {out.path}: {exc.strerror}",
                          Where(flag=out.flag)) from exc
    return record


def _fsync_folder(folder: Path) -> None:
    # A rename is durable once its folder is synced; some file systems refuse.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but belongs to someone else
        return True
    return True


def _roll_forward(record: Path) -> None:
    try:
        renames = json.loads(record.read_text(encoding="utf-8"))["renames"]
    except (OSError, ValueError, KeyError, TypeError):
        renames = []  # a damaged record names nothing to finish
    for temp, target in renames:
        if Path(temp).exists():
            with contextlib.suppress(OSError):
                os.replace(temp, target)
    record.unlink(missing_ok=True)


def recover_folder(folder: str | Path) -> None:
    """Finish or clean up what killed mealplan runs left in a folder.

    A commit record of a run that is gone is rolled forward (its renames finished);
    then temporary files of runs that are gone are deleted. Files of live runs are
    left alone.
    """
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in sorted(names):
        match = _RECORD.match(name)
        if match and not _alive(int(match["pid"])):
            _roll_forward(Path(folder) / name)
    for name in names:
        match = _TEMP.match(name)
        if match and not _alive(int(match["pid"])):
            with contextlib.suppress(OSError):
                (Path(folder) / name).unlink()


def remove_run_files() -> None:
    """Remove this process's temporary outputs and solver scratch folder, at once.

    For a signal handler: it does not unwind the run through library code (a solver
    in the middle of a call), it just deletes what the run would have deleted. Never
    called during the renames of a commit, since the signals are held back then.
    """
    for temp in list(_live):
        with contextlib.suppress(OSError):
            os.unlink(temp)
    if _scratch is not None:
        shutil.rmtree(_scratch, ignore_errors=True)


# --- Scratch folder for solver files -------------------------------------------------------

_scratch: Path | None = None


def scratch_dir() -> Path:
    """A private folder for this process's solver files, removed when the process ends.

    CBC is driven through files (the model as .mps, the solution as .sol); they go
    here instead of the system's temporary folder. Folders of earlier runs that were
    killed before they could remove theirs are deleted when the first one is made.
    """
    global _scratch
    if _scratch is None or not _scratch.is_dir():
        base = Path(tempfile.gettempdir())
        _remove_stale_scratch(base)
        _scratch = Path(tempfile.mkdtemp(prefix=f"{_SCRATCH_PREFIX}{os.getpid()}-", dir=base))
        atexit.register(shutil.rmtree, _scratch, True)
    return _scratch


def _remove_stale_scratch(base: Path) -> None:
    with contextlib.suppress(OSError):
        for entry in os.scandir(base):
            match = _SCRATCH.match(entry.name)
            if match and entry.is_dir(follow_symlinks=False) \
                    and entry.stat(follow_symlinks=False).st_uid == os.getuid() \
                    and not _alive(int(match["pid"])):
                shutil.rmtree(entry.path, ignore_errors=True)
