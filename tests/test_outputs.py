"""Outputs never surprise: devices, pipes and links, write errors, commits, kills, signals.

The command-line cases run ``mealplan`` in real processes (devices, closed streams and
signals need them) on the tiny table with continuous amounts, which solves in
milliseconds; commit-protocol cases call the library directly.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import DATA

from mealplan.errors import OutputError
from mealplan.files import (
    Output,
    atomic_write,
    plan_outputs,
    recover_folder,
    scratch_dir,
    write_outputs,
)

TINY = str(DATA / "tiny_foods.csv")
QUICK = ("day", "--foods", TINY, "--amounts", "continuous", "--no-default-targets",
         "--min", "magnesium_mg=300")


def mealplan(*args: object, stdin: int | None = subprocess.DEVNULL, **kwargs: object
             ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mealplan", *map(str, args)], text=True,
                          capture_output=kwargs.pop("capture", True),  # type: ignore[arg-type]
                          stdin=stdin, timeout=60, **kwargs)  # type: ignore[call-overload]


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


# --- special files are written through, never replaced --------------------------------------

def test_dev_null_is_written_through_and_stays_a_device():
    before = os.stat("/dev/null")
    result = mealplan(*QUICK, "-o", "/dev/null")
    assert result.returncode == 0, result.stderr
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    assert after.st_ino == before.st_ino


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("how", ["-o", "--shopping-list", "redirect"])
def test_a_full_device_is_one_error_line(how, tmp_path):
    if how == "redirect":
        with open("/dev/full", "w") as full:
            result = mealplan(*QUICK, stdout=full, capture=False, stderr=subprocess.PIPE)
        assert one_error_line(result) == "Error: -o: cannot write to stdout: No space left " \
                                         "on device"
    else:
        extra = ("-o", tmp_path / "plan.json") if how == "--shopping-list" else ()
        result = mealplan(*QUICK, *extra, how, "/dev/full")
        assert one_error_line(result) == f"Error: {how}: cannot write /dev/full: No space " \
                                         "left on device"
    assert result.returncode == 2
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)
    assert not (tmp_path / "plan.json").exists()  # nothing committed when one output fails


def test_dev_stdout_writes_to_stdout():
    result = mealplan(*QUICK, "--format", "json", "-o", "/dev/stdout")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["mealplan_plan"] == 1


def test_dev_stdout_and_dash_are_one_stream():
    result = mealplan(*QUICK, "-o", "/dev/stdout", "--shopping-list", "-")
    assert one_error_line(result) == ("Error: -o and --shopping-list both write to stdout; "
                                      "give one of them a file name")


def test_a_named_pipe_with_a_reader_gets_the_plan(tmp_path):
    fifo = tmp_path / "plan.pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE, text=True)
    time.sleep(0.2)  # let cat open the pipe first
    result = mealplan(*QUICK, "--format", "json", "-o", fifo)
    out, _ = reader.communicate(timeout=30)
    assert result.returncode == 0, result.stderr
    assert json.loads(out)["mealplan_plan"] == 1
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_named_pipe_without_a_reader_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "plan.pipe"
    os.mkfifo(fifo)
    result = mealplan(*QUICK, "-o", fifo)
    assert one_error_line(result) == (f"Error: -o: cannot write {fifo}: no program is "
                                      "reading from this named pipe; start the reader first")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_symlink_is_followed_and_its_target_replaced_atomically(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old\n")
    link = tmp_path / "link.json"
    link.symlink_to(real.name)
    atomic_write(link, "new\n")
    assert link.is_symlink() and os.readlink(link) == real.name
    assert real.read_text() == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "real.json"]


def test_a_dangling_symlink_is_refused(tmp_path):
    link = tmp_path / "link.json"
    link.symlink_to("nowhere.json")
    with pytest.raises(OutputError, match="symbolic link to nowhere.json, which does not"):
        plan_outputs([(str(link), "-o")])
    assert not (tmp_path / "nowhere.json").exists()


def test_a_socket_is_refused(tmp_path):
    import socket

    path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        with pytest.raises(OutputError, match="it is a socket; mealplan writes regular files"):
            plan_outputs([(str(path), "-o")])


def test_outputs_are_classified(tmp_path):
    kinds = [(o.kind, o.fd) for o in plan_outputs(
        [("-", "-o"), ("/dev/null", "--a"), (str(tmp_path / "x.csv"), "--b"),
         ("/dev/stderr", "--c")])]
    assert kinds == [("stream", 1), ("device", -1), ("file", -1), ("stream", 2)]


# --- streams that fail ---------------------------------------------------------------------

def test_closed_stdout_is_one_error_line():
    result = subprocess.run([sys.executable, "-m", "mealplan", *QUICK], text=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, timeout=60,
                            preexec_fn=lambda: os.close(1))
    assert one_error_line(result) == "Error: -o: cannot write -: stdout is closed"
    assert result.returncode == 2


@pytest.mark.parametrize("command", [QUICK, ("foods", "search", "a", "--foods", "full",
                                             "-n", "0")])
def test_a_reader_that_goes_away_is_one_error_line(command):
    # The reader exits before mealplan writes: the write gets EPIPE.
    process = subprocess.Popen([sys.executable, "-m", "mealplan", *command],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL, text=True)
    assert process.stdout is not None
    process.stdout.close()
    _, err = process.communicate(timeout=60)
    assert process.returncode == 2
    assert "Traceback" not in err and "Exception ignored" not in err
    assert err.strip().splitlines() == [err.strip()]
    assert "broken pipe" in err


# --- several outputs: all or nothing -------------------------------------------------------

def files(tmp_path: Path, *names: str) -> list[Output]:
    return plan_outputs([(str(tmp_path / n), f"--{n}") for n in names])


def test_a_failed_second_file_commits_neither(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("old a")
    (tmp_path / "b.txt").write_text("old b")
    outputs = files(tmp_path, "a.txt", "b.txt")
    import mealplan.files

    real = mealplan.files._write_temp

    def second_fails(out: Output, text: str, token: str) -> str:
        if out.flag == "--b.txt":
            raise OSError(28, "No space left on device")
        return real(out, text, token)

    monkeypatch.setattr(mealplan.files, "_write_temp", second_fails)
    with pytest.raises(OSError):
        write_outputs([(outputs[0], "new a"), (outputs[1], "new b")])
    assert (tmp_path / "a.txt").read_text() == "old a"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]


KILL_BETWEEN_RENAMES = textwrap.dedent("""
    import os, signal, sys
    import mealplan.files as f
    real = os.replace
    calls = []
    def replace(src, dst):
        real(src, dst)
        if not str(dst).endswith(".commit"):
            calls.append(dst)
            if len(calls) == 1:
                os.kill(os.getpid(), signal.SIGKILL)  # between the two renames
    f.os.replace = replace
    folder = sys.argv[1]
    outs = f.plan_outputs([(folder + "/plan.json", "-o"), (folder + "/list.csv", "--l")])
    f.write_outputs([(outs[0], "new plan"), (outs[1], "new list")])
""")


def test_a_kill_between_renames_is_finished_by_the_next_run(tmp_path):
    (tmp_path / "plan.json").write_text("old plan")
    (tmp_path / "list.csv").write_text("old list")
    result = subprocess.run([sys.executable, "-c", KILL_BETWEEN_RENAMES, str(tmp_path)],
                            timeout=60)
    assert result.returncode == -signal.SIGKILL
    # Killed mid-commit: the commit record says what is left to do ...
    assert [p.name.endswith(".commit") for p in tmp_path.iterdir()].count(True) == 1
    # ... and the next run writing to the folder finishes it before anything else.
    plan_outputs([(str(tmp_path / "other.txt"), "-o")])
    assert (tmp_path / "plan.json").read_text() == "new plan"
    assert (tmp_path / "list.csv").read_text("utf-8-sig") == "new list"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["list.csv", "plan.json"]


def test_stale_temporaries_of_dead_runs_are_removed_and_live_ones_kept(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    stale = tmp_path / f".plan.json.mealplan-{dead}-0123abcd.tmp"
    live = tmp_path / f".plan.json.mealplan-{os.getpid()}-0123abcd.tmp"
    mine = tmp_path / ".plan.json.tmp"  # not ours: left alone
    for p in (stale, live, mine):
        p.write_text("x")
    recover_folder(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, mine.name])


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_while_writing_removes_the_temporaries(tmp_path, signum):
    script = textwrap.dedent(f"""
        import os, sys, time
        import mealplan.files as f
        from mealplan.cli import cli
        real = f.os.fsync
        def slow(fd):
            real(fd)
            print("writing", flush=True)
            time.sleep(30)
        f.os.fsync = slow
        sys.argv = ["mealplan", *{list(QUICK)!r}, "-o", sys.argv[1]]
        cli()
    """)
    target = tmp_path / "plan.txt"
    target.write_text("old")
    process = subprocess.Popen([sys.executable, "-c", script, str(target)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    assert process.stdout.readline() == "writing\n"
    process.send_signal(signum)
    _, err = process.communicate(timeout=60)
    assert (process.returncode, err) == (128 + signum, "Aborted!\n")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.txt"]


# --- solver files ----------------------------------------------------------------------------

def test_cbc_files_go_to_a_scratch_folder_that_the_run_removes(tmp_path):
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "mealplan", *QUICK, "--solver", "cbc"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.iterdir()) == []


def test_scratch_folders_of_dead_runs_are_removed(tmp_path, monkeypatch):
    import mealplan.files

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    stale = tmp_path / f"mealplan-{dead}-abc"
    stale.mkdir()
    (stale / "model-pulp.mps").write_text("x")
    monkeypatch.setattr(mealplan.files.tempfile, "gettempdir", lambda: str(tmp_path))
    monkeypatch.setattr(mealplan.files, "_scratch", None)
    mine = scratch_dir()
    assert not stale.exists()
    assert mine.parent == tmp_path and mine.name.startswith(f"mealplan-{os.getpid()}-")
