"""The mypy ratchet on mlpm/ (issue 19): no file gains type errors, and the baseline falls.

One mypy run over mlpm/ (about 30 s cold on 2 cores, a second with its cache); under
``pytest -n 2`` it shares the machine with the other worker instead of adding to the suite's
time, which is why it runs here rather than before pytest in scripts/test. The logic lives in
scripts/mypy_ratchet.py; ``scripts/mypy-ratchet --update`` rewrites mypy-baseline.txt.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("mypy_ratchet", ROOT / "scripts/mypy_ratchet.py")
ratchet = importlib.util.module_from_spec(_spec)
sys.modules["mypy_ratchet"] = ratchet
_spec.loader.exec_module(ratchet)


def test_mlpm_has_no_new_type_errors_and_the_baseline_is_current():
    current, output = ratchet.run_mypy(sys.executable)
    problems = ratchet.check(current, output, ratchet.read_baseline())
    assert problems == [], "\n".join(problems)


def test_the_ratchet_fails_on_new_errors_and_on_a_baseline_left_too_high():
    output = ("mlpm/a.py:3: error: Incompatible types  [assignment]\n"
              "mlpm/a.py:3: note: See https://mypy.rtfd.io\n"
              "mlpm/b.py:9:5: error: Missing return  [return]\n"
              "Found 2 errors in 2 files (checked 3 source files)\n")
    current = ratchet.count_errors(output)
    assert current == Counter({"mlpm/a.py": 1, "mlpm/b.py": 1})
    assert ratchet.check(current, output, Counter(current)) == []
    [new] = ratchet.check(current, output, Counter({"mlpm/a.py": 1}))
    assert "mlpm/b.py: 1 errors, baseline 0" in new
    assert "Missing return" in new
    [fallen] = ratchet.check(current, output, Counter({"mlpm/a.py": 2, "mlpm/b.py": 1}))
    assert "--update" in fallen
    assert "mlpm/a.py: 1 errors, baseline 2" in fallen


def test_the_baseline_file_round_trips(tmp_path):
    counts = Counter({"mlpm/z.py": 2, "mlpm/a.py": 7})
    ratchet.write_baseline(counts, tmp_path / "baseline.txt")
    assert ratchet.read_baseline(tmp_path / "baseline.txt") == counts
