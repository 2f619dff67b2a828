"""The mypy ratchet: no file in mlpm/ gains type errors, and the baseline falls with every fix.

mypy (configured in pyproject.toml's [tool.mypy]) reports errors per file; mypy-baseline.txt
holds the accepted count per file. The check fails when a file has more errors than its
baseline (new errors: fix them) and when it has fewer (well done: lower the baseline with
``scripts/mypy-ratchet --update`` and commit it, so the errors cannot come back).

``--update`` rewrites the baseline from the current counts. It refuses when the total grew
(that is new errors, not moved files); ``--update --force`` overrides after a deliberate decision.
Files that move (e.g. mlpm/training.py to mlpm/model/training.py) keep their total: run
``--update`` after the move.

Run through scripts/mypy-ratchet (it makes the venv); tests/unit/test_types.py runs the check in
the test suite.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "mypy-baseline.txt"
ERROR_LINE = re.compile(r"^(?P<path>[^:\s]+\.pyi?):\d+(?::\d+)?: error: ")


def run_mypy(python: str = sys.executable) -> tuple[Counter[str], str]:
    """Errors per file, and mypy's full output (files and options from pyproject.toml)."""
    done = subprocess.run([python, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True,
                          check=False)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"mypy did not run (exit {done.returncode}):\n{done.stderr}"
                           f"{done.stdout}")
    return count_errors(done.stdout), done.stdout


def count_errors(output: str) -> Counter[str]:
    """Error lines per file in mypy's output (notes and the summary line are not errors)."""
    counts: Counter[str] = Counter()
    for line in output.splitlines():
        match = ERROR_LINE.match(line)
        if match:
            counts[match["path"]] += 1
    return counts


def read_baseline(path: Path = BASELINE) -> Counter[str]:
    counts: Counter[str] = Counter()
    for line in path.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            count, file = line.split()
            counts[file] = int(count)
    return counts


def write_baseline(counts: Counter[str], path: Path = BASELINE) -> None:
    lines = [
        "# mypy errors per file in mlpm/ that are accepted for now (the ratchet: none new, and",
        "# the count falls). Regenerate after fixing errors or moving files:",
        "#   scripts/mypy-ratchet --update",
        f"# total {sum(counts.values())}",
    ]
    lines += [f"{counts[file]:4d} {file}" for file in sorted(counts) if counts[file]]
    path.write_text("\n".join(lines) + "\n")


def compare(baseline: Counter[str], current: Counter[str]) -> tuple[list[str], list[str]]:
    """(files with more errors than the baseline, files with fewer), one line each."""
    grown, fallen = [], []
    for file in sorted(set(baseline) | set(current)):
        before, now = baseline[file], current[file]
        if now > before:
            grown.append(f"{file}: {now} errors, baseline {before}")
        elif now < before:
            fallen.append(f"{file}: {now} errors, baseline {before}")
    return grown, fallen


def check(current: Counter[str], output: str, baseline: Counter[str]) -> list[str]:
    """Why the check fails (empty when the counts equal the baseline)."""
    grown, fallen = compare(baseline, current)
    problems = []
    if grown:
        files = {line.split(":")[0] for line in grown}
        errors = [line for line in output.splitlines()
                  if (m := ERROR_LINE.match(line)) and m["path"] in files]
        problems.append("New mypy errors (fix them; the baseline only goes down):\n  "
                        + "\n  ".join(grown) + "\n" + "\n".join(errors))
    if fallen:
        problems.append(
            f"Fewer mypy errors than mypy-baseline.txt ({sum(current.values())} now, "
            f"{sum(baseline.values())} in the baseline): lower it with "
            "`scripts/mypy-ratchet --update` and commit it.\n  " + "\n  ".join(fallen))
    return problems


def main(argv: list[str]) -> int:
    current, output = run_mypy()
    total = sum(current.values())
    if "--update" in argv:
        before = sum(read_baseline().values()) if BASELINE.exists() else None
        if before is not None and total > before and "--force" not in argv:
            print(f"mypy finds {total} errors, the baseline holds {before}: fix the new ones "
                  "(or --update --force to accept them)", file=sys.stderr)
            return 1
        write_baseline(current)
        print(f"mypy-baseline.txt: {total} errors in {len(current)} files (was {before})")
        return 0
    problems = check(current, output, read_baseline())
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print(f"mypy: {total} errors, as in mypy-baseline.txt (none new)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
