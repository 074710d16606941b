"""Hostile and careless use, counted: inputs, outputs, kills and user text.

From the repository root::

    python -m benchmarks.robustness              # everything, 100 kills
    python -m benchmarks.robustness --kills 20   # quicker

Every case runs ``mealplan`` in a fresh process with a time limit, so a hang is
counted, not waited for. Counted: cases, tracebacks, hangs, special files replaced
(a device, FIFO or socket that is no longer one afterwards), mixed output pairs after
kills (a plan and its shopping list from different runs, once the next run has
recovered the folder), temporary files left behind, and control or bidirectional
characters that reach any output.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TINY = str(REPO / "tests" / "data" / "tiny_foods.csv")
QUICK = ["day", "--foods", TINY, "--amounts", "continuous", "--no-default-targets",
         "--min", "magnesium_mg=300"]
UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e"
                    "\u2066-\u2069]")
TIMEOUT_S = 60


class Tally:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.problems: list[str] = []

    def run(self, category: str, args: Sequence[str], *, stdin: object = subprocess.DEVNULL,
            stdout: object = subprocess.PIPE, env: dict[str, str] | None = None,
            expect: Sequence[int] = (1, 2), check: Path | None = None
            ) -> subprocess.CompletedProcess[str] | None:
        """Run one case; count tracebacks, hangs, unexpected exit codes, replaced files."""
        self.counts[f"{category} cases"] += 1
        before = os.stat(check) if check is not None else None
        try:
            result = subprocess.run([sys.executable, "-m", "mealplan", *args], text=True,
                                    stdin=stdin, stdout=stdout, stderr=subprocess.PIPE,
                                    timeout=TIMEOUT_S, env=env, cwd=REPO)  # type: ignore[call-overload]
        except subprocess.TimeoutExpired:
            self.bad("hangs", category, args, "timed out")
            return None
        if "Traceback" in result.stderr or "Exception ignored" in result.stderr:
            self.bad("tracebacks", category, args, result.stderr.strip().splitlines()[-1])
        elif result.returncode not in expect:
            self.bad("unexpected exit codes", category, args,
                     f"{result.returncode}: {result.stderr.strip()[:200]}")
        elif result.returncode and not any(line.startswith("Error: ")
                                           for line in result.stderr.splitlines()):
            self.bad("errors without an Error line", category, args, result.stderr[:200])
        if before is not None and check is not None:
            after = os.lstat(check) if os.path.lexists(check) else None
            if after is None or stat.S_IFMT(after.st_mode) != stat.S_IFMT(before.st_mode) \
                    or after.st_ino != before.st_ino:
                self.bad("special files replaced", category, args, str(check))
        return result

    def bad(self, what: str, category: str, args: Sequence[str], detail: str) -> None:
        self.counts[what] += 1
        self.problems.append(f"{what}: {category}: {' '.join(map(str, args))[:160]}: {detail}")


def outputs(t: Tally, work: Path) -> None:
    fifo = work / "out.pipe"
    os.mkfifo(fifo)
    sock_path = work / "out.sock"
    import socket

    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    link = work / "dangling.json"
    link.symlink_to("nowhere.json")
    for target in ("/dev/null", "/dev/full", str(fifo), str(sock_path), str(work)):
        for flag in ("-o", "--shopping-list"):
            extra = ["-o", str(work / "plan.json")] if flag == "--shopping-list" else []
            expect = (0,) if target == "/dev/null" else (2,)
            t.run("outputs", [*QUICK, *extra, flag, target], expect=expect,
                  check=Path(target))
    t.run("outputs", [*QUICK, "-o", str(link)], expect=(2,))
    t.run("outputs", [*QUICK, "-o", "/dev/stdout"], expect=(0,))
    with open("/dev/full", "w") as full:
        t.run("outputs", QUICK, stdout=full, expect=(2,))
    for command in (QUICK, ["foods", "search", "a", "--foods", "full", "-n", "0"],
                    ["--help"], ["targets"]):
        t.counts["outputs cases"] += 1
        process = subprocess.Popen([sys.executable, "-m", "mealplan", *command], cwd=REPO,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert process.stdout is not None
        process.stdout.close()
        _, err = process.communicate(timeout=TIMEOUT_S)
        if "Traceback" in err or "Exception ignored" in err:
            t.bad("tracebacks", "outputs", command, "broken pipe")
    sock.close()


def kills(t: Tally, work: Path, n: int, rng: random.Random) -> None:
    """Kill runs that write a plan and its shopping list; check the pair after recovery."""
    folder = work / "kills"
    folder.mkdir()
    plan, shopping = folder / "plan.json", folder / "list.json"

    def args(k: int) -> list[str]:
        return [*QUICK[:-1], f"magnesium_mg={300 + k}", "--format", "json", "-o", str(plan),
                "--shopping-list", str(shopping)]

    subprocess.run([sys.executable, "-m", "mealplan", *args(0)], check=True, cwd=REPO,
                   capture_output=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mealplan", *args(0)], check=True, cwd=REPO,
                   capture_output=True)
    runtime = time.perf_counter() - started
    for k in range(1, n + 1):
        t.counts["kills"] += 1
        signum = signal.SIGKILL if k % 4 else signal.SIGTERM
        process = subprocess.Popen([sys.executable, "-m", "mealplan", *args(k)], cwd=REPO,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   text=True)
        time.sleep(rng.uniform(0.3, 1.1) * runtime)
        process.send_signal(signum)
        _, err = process.communicate(timeout=TIMEOUT_S)
        if "Traceback" in err:
            t.bad("tracebacks", "kills", args(k), err.strip().splitlines()[-1])
        if signum == signal.SIGTERM and _temporaries(folder):
            t.bad("temporaries left by SIGTERM", "kills", args(k), str(_temporaries(folder)))
        # The next run that writes to the folder finishes or cleans what was left.
        subprocess.run([sys.executable, "-m", "mealplan", "day", "--foods", TINY,
                        "--amounts", "continuous", "--no-default-targets", "-o",
                        str(folder / "other.txt")], cwd=REPO, capture_output=True)
        if _temporaries(folder):
            t.bad("temporaries left after recovery", "kills", args(k),
                  str(_temporaries(folder)))
        expected = subprocess.run([sys.executable, "-m", "mealplan", "shopping", str(plan),
                                   "--foods", TINY, "--format", "json"], cwd=REPO,
                                  capture_output=True, text=True)
        if json.loads(expected.stdout) != json.loads(shopping.read_text()):
            t.bad("mixed output pairs", "kills", args(k), "plan and list differ")


def _temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".tmp", ".commit")))


def inputs(t: Tally, work: Path) -> None:
    fifo = work / "in.pipe"
    os.mkfifo(fifo)
    big = work / "big.csv"
    with open(big, "w") as fh:
        fh.write("food_id,name,serving_g,serving_desc,magnesium_mg\n")
        row = 0
        while fh.tell() < 33 * 1024 * 1024:
            fh.write(f"{row},Food {row},100,1 cup,10\n" * 1)
            row += 1
    plan = work / "plan.json"
    subprocess.run([sys.executable, "-m", "mealplan", *QUICK, "--format", "json", "-o",
                    str(plan)], check=True, cwd=REPO, capture_output=True)
    data = json.loads(plan.read_text())
    for source in (str(fifo), "/dev/zero", str(work), "/dev/null"):
        for args in (["foods", "search", "a", "--foods", source],
                     [*QUICK, "--profile", source],
                     [*QUICK, "--objective", "cost", "--prices", source],
                     ["shopping", source, "--foods", TINY],
                     ["shopping", str(plan), "--foods", TINY, "--pantry", source]):
            t.run("inputs", args, expect=(2,))
    t.run("inputs", ["foods", "search", "a", "--foods", str(big)], expect=(2,))
    with open("/dev/zero", "rb") as zero:
        t.run("inputs", ["shopping", "-", "--foods", TINY], stdin=zero, expect=(2,))
    numbers = [["--kcal", "inf-inf"], ["--kcal", "1800-inf"], ["--kcal", "nan-2000"],
               ["--min", "magnesium_mg=1e300"], ["--max", "sodium_mg=-5"],
               ["--seed", "-1"], ["--seed", str(2**40)], ["--time-limit", "inf"],
               ["--time-limit", "1e9"], ["--max-caffeine", "nan"],
               ["--supplement-mg", "1e308"], ["--weight-kg", "nan"], ["--gap", "nan"],
               ["--days", "0"], ["--age", "500"], ["--include", ""], ["--avoid", ""],
               ["--no-caffeine", "--max-caffeine", "400"], ["--like", "tea",
                                                            "--dislike", "tea"],
               ["--format", "html", "-o", str(work / "x.json")],
               ["--shopping-list", str(work / "x.html")], ["--min", "="],
               ["--min", "magnesium_mg"], ["--activity", "VERY-ACTIVE"]]
    for extra in numbers:
        t.run("inputs", [*QUICK, *extra],
              expect=(0,) if extra == ["--activity", "VERY-ACTIVE"] else (2,))
    profiles = ["prices = 2", "foods = 5", "kcal = [true, true]", 'age = "35"',
                "weight-kg = 60\nweight_kg = 61", "seed = -1", "days = 1.5",
                "no-caffeine = 1", 'min = "magnesium_mg=1e300"', "a = " + "[" * 5000,
                "kcal = 1e999", "diet = 'VEGAN'", "\x00\x01", "x" * 100]
    for k, text in enumerate(profiles):
        path = work / f"profile{k}.toml"
        path.write_text(text)
        expect = (0,) if text == "diet = 'VEGAN'" else (2,)
        # Without --min on the command line, which would override the profile's.
        t.run("inputs", [*QUICK[:-2], "--profile", str(path)], expect=expect)
    header = "food_id,name,serving_g,serving_desc,magnesium_mg,energy_kcal,protein_g,fat_g"
    tables = ["a,A,100,1 cup,1e308,100,1,1", "a,A,1e308,1 cup,10,100,1,1",
              "a,A,100,1 cup,10,5000,1,1", "a,A,100,1 cup,10,100,90,90",
              "a,A,100,1 cup,inf,100,1,1", "a,A,100,1 cup,-1,100,1,1\nb,a,100,1 cup,1,1,1,1",
              "a,A,100,1 cup,10,100,1,1\nb,A,50,1 oz,10,100,1,1"]
    for k, rows in enumerate(tables):
        path = work / f"table{k}.csv"
        path.write_text(f"{header}\n{rows}\n")
        t.run("inputs", ["foods", "search", "a", "--foods", str(path)], expect=(2,))
    item = data["days"][0]["meals"][0]["items"][0]
    bad_plans = [("grams", -5), ("grams", "NaN"), ("grams", "1e999"), ("grams", 1e305),
                 ("servings", None), ("name", 5), ("food_id", "")]
    for k, (key, value) in enumerate(bad_plans):
        text = json.dumps({**data, "days": [{**data["days"][0], "meals": [
            {"name": "x", "items": [{**item, key: value}]}]}]})
        text = text.replace('"NaN"', "NaN").replace('"1e999"', "1e999")
        path = work / f"plan{k}.json"
        path.write_text(text)
        t.run("inputs", ["shopping", str(path), "--foods", TINY], expect=(2,))
    for k, text in enumerate([json.dumps({**data, "mealplan_plan": 999}),
                              "[" * 100000 + "]" * 100000, '{"mealplan_plan": 1}', "",
                              json.dumps({**data, "extra": 1})]):
        path = work / f"badplan{k}.json"
        path.write_text(text)
        t.run("inputs", ["shopping", str(path), "--foods", TINY], expect=(2,))
    pantries = ["Banana, 500 ml", "Banana, 2 cups", "Banana, 2 mangoes", "Banana, inf",
                "Banana, 1e305 kg", "Banana, -1 g", "Banana, nan", "Quinoa, 3",
                "Banana, 1e3 g", "Banana, 2", "Quinoa, 1 cup"]
    for k, row in enumerate(pantries):
        path = work / f"pantry{k}.csv"
        path.write_text(f"item,quantity\n{row}\n")
        t.run("inputs", ["shopping", str(plan), "--foods", TINY, "--pantry", str(path)],
              expect=(0, 2))


def text(t: Tally, work: Path) -> None:
    """Names full of control and bidi characters, through every view and output."""
    hostile = work / "hostile-foods.csv"
    names = ["Spin\x1b[31mach\x1b[0m", "Nul\x00l seeds", "Evil\u202eroh\u202c beans",
             "Tab\tand\nnewline oats", "=HYPERLINK(\"x\")", "Safe;=1+1", "\u2066Iso\u2069 tea"]
    lines = ["food_id,name,serving_g,serving_desc,magnesium_mg,energy_kcal,aisle"]
    for k, name in enumerate(names):
        quoted = '"' + name.replace('"', '""') + '"'
        lines.append(f"h{k},{quoted},50,\"1 \x07cup\",{100 + k},{300 + k},\"\u202ewet\"")
    hostile.write_bytes(("\n".join(lines) + "\n").encode())
    base = ["day", "--foods", str(hostile), "--amounts", "continuous",
            "--no-default-targets", "--min", "magnesium_mg=300", "--include", "Safe"]
    for fmt in ("table", "json", "csv", "markdown", "html"):
        out = work / f"hostile.{ 'md' if fmt == 'markdown' else 'txt' if fmt == 'table' else fmt}"
        result = t.run("text", [*base, "--format", fmt, "-o", str(out), "--shopping-list",
                                str(work / f"list-{fmt}.csv")], expect=(0,))
        if result is None or result.returncode != 0:
            continue
        for path in (out, work / f"list-{fmt}.csv"):
            content = path.read_text()
            if UNSAFE.search(content.replace("\r\n", "\n").replace("\t", " ")):
                t.bad("unsafe characters in outputs", "text", [fmt], str(path))
            if path.suffix == ".csv" and ("\nSafe;=1+1" in content or ",Safe;=1+1" in content):
                t.bad("unquoted separator cells", "text", [fmt], str(path))
    result = t.run("text", ["foods", "search", "spin", "--foods", str(hostile)], expect=(0,))
    if result is not None and UNSAFE.search(result.stdout):
        t.bad("unsafe characters in outputs", "text", ["foods search"], "stdout")
    result = t.run("text", [*base[:-2], "--include", "Nul\x01l"], expect=(2,))
    if result is not None and UNSAFE.search(result.stderr):
        t.bad("unsafe characters in outputs", "text", ["error"], "stderr")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--seed", type=int, default=11)
    options = parser.parse_args(argv)
    t = Tally()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for part in (outputs, inputs, text):
            part(t, work)
            print(part.__name__, "done", flush=True)
        kills(t, work, options.kills, random.Random(options.seed))
    for problem in t.problems:
        print(problem)
    for key in sorted(t.counts):
        print(f"{key}: {t.counts[key]}")
    failures = sum(v for k, v in t.counts.items() if not k.endswith(("cases", "kills")))
    print(f"problems: {failures}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
