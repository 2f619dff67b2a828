"""Progress of a long computation as facts: which step, with which numbers and names.

Computations (the data review, training, curves, retraining, a review where the data lives)
report ``progress(fraction, Step(key, facts))``; the words a progress bar shows come from
:func:`mlpm.explain.progress.step_label`, so no sentence is written in a computation and a
column's name reaches the bar escaped, like every other name the PM typed or uploaded.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Step:
    """One step: ``key`` names it (see ``mlpm.explain.progress.STEP_WORDS``), ``facts`` fill
    its words (a model's name, a column, a count)."""

    key: str
    facts: Mapping[str, object] = field(default_factory=dict)


Progress = Callable[[float, Step], None]
"""``progress(fraction done, step)``; called from the computation's own thread."""

DONE = Step("done")
