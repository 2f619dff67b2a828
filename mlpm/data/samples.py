"""The bundled sample datasets: one click from the home page, no upload needed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mlpm.data.dataset import Dataset
from mlpm.data.load import load_table

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "sample_data"


@dataclass(frozen=True)
class Sample:
    """A bundled table with the question it is meant to answer."""

    key: str
    title: str
    file: str
    target: str | None
    positive_label: str | None
    question: str

    @property
    def path(self) -> Path:
        return SAMPLE_DIR / self.file


SAMPLES: dict[str, Sample] = {
    s.key: s
    for s in [
        Sample("churn", "Customer churn", "churn.csv", "churned", "Yes",
               "Which subscribers will cancel next month? (yes/no prediction)"),
        Sample("cats_dogs", "Cats or dogs", "cats_dogs.csv", "animal", "dog",
               "Is this animal a cat or a dog, from height, weight and nose length?"),
        Sample("house_prices", "House prices", "house_prices.csv", "price", None,
               "What will a house sell for? (predicting a number)"),
        Sample("customer_segments", "Customer segments", "customer_segments.csv", None, None,
               "Which groups of similar customers do we have? (no target: clustering)"),
        Sample("support_tickets", "Support tickets", "support_tickets.csv", "escalated", "Yes",
               "Which tickets will be escalated, from what the customer wrote? (free text)"),
    ]
}


def load_sample(key: str) -> Dataset:
    """Load a bundled sample by key (``churn``, ``cats_dogs``, ...)."""
    sample = SAMPLES[key]
    return load_table(sample.path, name=sample.file)
