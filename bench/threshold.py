"""How fast does moving the threshold redraw the matrix and metrics? (a benchmark, not a test)

Prints the time of one threshold move with :class:`mlpm.evaluation.ThresholdSweep` on 100,000
test rows, and the ratio to recomputing with sklearn's ``confusion_matrix`` per move, measured
in the same process. Run: ``.venv/bin/python bench/threshold.py``.
"""

from __future__ import annotations

import time

import numpy as np
from sklearn.metrics import confusion_matrix

from mlpm.evaluation import ThresholdSweep

N_ROWS = 100_000
MOVES = 200


def main() -> None:
    rng = np.random.default_rng(0)
    y = np.where(rng.random(N_ROWS) < 0.27, "Yes", "No")
    scores = np.clip(rng.normal(np.where(y == "Yes", 0.65, 0.35), 0.2), 0, 1)
    thresholds = rng.random(MOVES)

    started = time.perf_counter()
    sweep = ThresholdSweep.from_scores(y, scores, positive_label="Yes", negative_label="No")
    build = time.perf_counter() - started

    started = time.perf_counter()
    for t in thresholds:
        sweep.at(float(t)).metrics()
    ours = (time.perf_counter() - started) / MOVES

    started = time.perf_counter()
    for t in thresholds[:20]:
        confusion_matrix(y == "Yes", scores >= t)
    theirs = (time.perf_counter() - started) / 20

    print(f"rows: {N_ROWS:,}")
    print(f"one-off sort:                 {build * 1000:8.2f} ms")
    print(f"threshold move (mlpm):        {ours * 1000:8.4f} ms   (target < 20 ms)")
    print(f"threshold move (sklearn cm):  {theirs * 1000:8.2f} ms")
    print(f"ratio sklearn / mlpm:         {theirs / ours:8.0f}x")


if __name__ == "__main__":
    main()
