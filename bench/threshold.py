"""How fast does moving the threshold redraw the matrix and metrics? (a benchmark, not a test)

Prints the time of one threshold move with :class:`mlpm.evaluate.metrics.ThresholdSweep` on 100,000
test rows (the four cells and every metric), the ratio to recomputing with sklearn's
``confusion_matrix`` per move, and what the Evaluate page does once per model: the sort, the
whole 101-position grid the charts carry, and a money curve. Run:
``.venv/bin/python bench/threshold.py``.
"""

from __future__ import annotations

import numpy as np
from sklearn.metrics import confusion_matrix
from timing import best_time

from mlpm.evaluate.metrics import ThresholdSweep
from mlpm.evaluate.money import Costs, money_curve

N_ROWS = 100_000
MOVES = 200
SK_MOVES = 20
REPEATS = 5


def main() -> None:
    rng = np.random.default_rng(0)
    y = np.where(rng.random(N_ROWS) < 0.27, "Yes", "No")
    scores = np.clip(rng.normal(np.where(y == "Yes", 0.65, 0.35), 0.2), 0, 1)
    thresholds = rng.random(MOVES)
    truth = y == "Yes"

    def build() -> ThresholdSweep:
        return ThresholdSweep.from_scores(y, scores, positive_label="Yes", negative_label="No")

    sweep = build()
    sort_time = best_time(build, REPEATS)

    def moves() -> None:
        for t in thresholds:
            c = sweep.at(float(t))
            c.metrics()

    ours = best_time(moves, REPEATS) / MOVES

    def sk_moves() -> None:
        for t in thresholds[:SK_MOVES]:
            confusion_matrix(truth, scores >= t)

    theirs = best_time(sk_moves, 3) / SK_MOVES
    grid = best_time(sweep.grid_frame, REPEATS)
    costs = Costs(tp_value=120, fp_cost=15, fn_cost=120, cases_per_month=5000)
    money = best_time(lambda: money_curve(sweep, costs), REPEATS)

    print(f"rows: {N_ROWS:,}")
    print(f"one-off sort:                         {sort_time * 1000:8.2f} ms")
    print(f"threshold move (mlpm: cells+metrics): {ours * 1000:8.4f} ms   (target < 20 ms)")
    print(f"threshold move (sklearn cm only):     {theirs * 1000:8.2f} ms")
    print(f"ratio sklearn / mlpm:                 {theirs / ours:8.0f}x")
    print(f"all 101 slider positions (grid):      {grid * 1000:8.2f} ms")
    print(f"money curve, 101 positions:           {money * 1000:8.2f} ms")


if __name__ == "__main__":
    main()
