"""Issue 14: "Should we use ML?" and the Data review read one set of readiness lights."""

from __future__ import annotations

import numpy as np
import pandas as pd
from app_checks import no_exception
from streamlit.testing.v1 import AppTest

from mlpm.data.dataset import Dataset
from mlpm.decide.data_answers import DATA_LINKS
from mlpm.explain import data as words
from mlpm.model.problem import define_problem


def _big_table(n: int = 150_000) -> pd.DataFrame:
    """Near the line on purpose: 'left' = yes for 20% of women and 25% of men (ratio 0.8, the
    'unbiased' boundary), and a column missing on 45% of rows ("Fix before training") while
    under 5% of all cells are empty."""
    rng = np.random.default_rng(7)
    gender = np.where(np.arange(n) % 2 == 0, "female", "male")
    left = np.zeros(n, dtype=bool)
    for g, rate in (("female", 0.20), ("male", 0.25)):
        rows = np.flatnonzero(gender == g)
        left[rng.choice(rows, round(rate * len(rows)), replace=False)] = True
    frame = pd.DataFrame({f"x{i}": rng.normal(size=n).round(3) for i in range(10)})
    frame["gender"] = gender
    frame["notes_score"] = np.where(rng.random(n) < 0.45, np.nan, rng.normal(size=n).round(2))
    frame["left"] = np.where(left, "yes", "no")
    return frame


def _container_markdown(at: AppTest, suffix: str) -> list[str]:
    def find(node) -> list[str] | None:
        for child in getattr(node, "children", {}).values():
            if str(getattr(getattr(child, "proto", None), "id", "")).endswith(suffix):
                return [m.value for m in child.markdown]
            found = find(child)
            if found is not None:
                return found
        return None

    return find(at._tree) or []


def test_questionnaire_and_review_show_the_same_lights_on_150k_rows(app: AppTest) -> None:
    frame = _big_table()
    # Independent reference (pandas): the table is built as described.
    rates = frame.groupby("gender")["left"].apply(lambda s: (s == "yes").mean())
    assert rates["female"] / rates["male"] == np.float64(0.8)
    assert frame.isna().to_numpy().mean() < 0.05
    assert frame["notes_score"].isna().mean() > 0.4
    journey = app.session_state["mlpm_journey"]
    dataset = Dataset(frame, "big.csv")
    journey.set_dataset(dataset)
    journey.set_problem(define_problem(dataset, "left", positive_label="yes"))

    app.switch_page("pages/data.py").run()
    no_exception(app)
    lights = {}
    for link in DATA_LINKS:
        shown = _container_markdown(app, f"-ready_{link.item_key}")
        assert len(shown) >= 2, link.item_key
        label = next(s for s, text in words.STATUS_LABELS.items() if f"[{text}]" in shown[0])
        lights[link.question_id] = (label, shown[1])  # (status, headline)
    assert lights["data_quality"][0] != "good"  # the 45%-missing column must be fixed first

    app.switch_page("pages/fit.py").run()
    no_exception(app)
    for question, (_, headline) in lights.items():
        said = " ".join(_container_markdown(app, f"-fit_data_{question}"))
        assert headline in said, (question, headline, said)
    # The population is stated where a sample is used.
    assert "on a 50,000-row sample of the 150,000 rows" in lights["data_unbiased"][1]
