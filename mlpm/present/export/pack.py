"""The meeting pack: what goes in, in which order, as plain data every exporter reads."""

from __future__ import annotations

from dataclasses import dataclass, field

from mlpm.present.export.figures import Figure


@dataclass(frozen=True)
class PackItem:
    """One slide / report section: a headline, an optional chart, supporting sentences."""

    key: str
    title: str
    headline: str
    figure: Figure | None = None
    points: tuple[str, ...] = ()
    notes: str = ""


@dataclass(frozen=True)
class MeetingPack:
    """Everything the deck, the HTML report and the model card are built from."""

    title: str
    recommendation: str
    items: tuple[PackItem, ...]
    subtitle: str = ""
    next_steps: tuple[str, ...] = field(default_factory=lambda: DEFAULT_NEXT_STEPS)


DEFAULT_NEXT_STEPS: tuple[str, ...] = (
    "Retrain on fresh data on a fixed schedule, and whenever the data drifts.",
    "Monitor the live precision and recall against this test score every month.",
    "Collect the data that would help most: more examples of the rare outcome, newer rows.",
)
