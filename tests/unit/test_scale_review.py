"""Reviewing data where it lives (issue 16): DuckDB over files, SQL inside PostgreSQL.

The review of every row is checked against pandas on the whole table (counts, quartiles,
duplicate and conflicting rows) and against the in-memory review (same alerts); the sample
against the table's class shares. A PostgreSQL table must review exactly as the same rows in
a Parquet file, and its password must never show, in output or errors.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pg_server import create_database
from sqlalchemy import create_engine

from mlpm.cli.main import main
from mlpm.data.dataset import Dataset
from mlpm.data.quality import review
from mlpm.errors import UserError
from mlpm.explain import data as words
from mlpm.explain.scale import coverage
from mlpm.scale.review import review_source
from mlpm.scale.sources import open_source

ROWS = 4_000
SAMPLE = 1_000
PASSWORD = "Pw-s3cret-7781"
COUNTED = ("missing", "duplicates", "outliers", "zeros", "conflicting_labels", "formula_like",
           "id_like", "constant", "skewed", "target_imbalance")


def _table() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    frame = pd.DataFrame({
        "id": np.arange(ROWS),
        "tenure": rng.integers(0, 72, ROWS),
        "spend": np.round(rng.lognormal(3, 1, ROWS), 2),
        "calls": np.where(rng.random(ROWS) < 0.4, 0, rng.poisson(3, ROWS)),
        "age": rng.integers(18, 90, ROWS).astype(float),
        "plan": rng.choice(["Basic", "Plus", "Pro's"], ROWS),
        "note": np.where(rng.random(ROWS) < 0.02, "=HYPERLINK(1)", "ok"),
        'odd "name", it\'s': rng.choice(["a'b", 'c"d', "e:f %s"], ROWS),  # quotes in SQL
        "churn": np.where(rng.random(ROWS) < 0.15, "Yes", "No"),
    })
    frame.loc[rng.random(ROWS) < 0.12, "age"] = np.nan
    frame.loc[5, "spend"] = 1e6  # one far outlier
    frame.iloc[100:140] = frame.iloc[0:40].to_numpy()  # 40 repeated rows
    frame.loc[200:205, ["tenure", "spend", "calls", "age", "plan", "note", 'odd "name", it\'s']] \
        = [3, 9.99, 0, 40.0, "Basic", "ok", "a'b"]  # identical features ...
    frame.loc[200:202, "churn"], frame.loc[203:205, "churn"] = "Yes", "No"  # ... both labels
    return frame


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return _table()


@pytest.fixture(scope="module")
def parquet(table: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scale") / "events.parquet"
    table.to_parquet(path)
    return path


@pytest.fixture(scope="module")
def file_review(parquet: Path):
    return review_source(open_source(parquet), "churn", sample_rows=SAMPLE)


def _alerts(report) -> list[tuple]:
    return [(a.kind, a.columns, a.severity) for a in report.alerts]


def test_the_file_review_counts_every_row_as_pandas_does(table, file_review):
    """Counts over all 4,000 rows (not the 1,000 sampled): pandas on the whole table."""
    report = file_review.report
    assert (file_review.rows_reviewed, file_review.engine) == (ROWS, "duckdb")
    assert report.dataset["rows"] == ROWS
    for name, column in table.items():
        p = report.profiles[name]
        assert (p.rows, p.missing, p.distinct) == (ROWS, column.isna().sum(), column.nunique())
        counts = column.value_counts()
        assert dict(p.top[:3]) == counts.iloc[:3].to_dict() or p.top[0][1] == counts.iloc[0]
        if p.numeric:
            ordered = np.sort(column.dropna().to_numpy(dtype=float))
            n = len(ordered)
            assert [p.q1, p.median, p.q3] == [ordered[round(q * (n - 1))]
                                              for q in (0.25, 0.5, 0.75)]
            assert p.mean == pytest.approx(ordered.mean())
            assert p.std == pytest.approx(ordered.std(ddof=1))
            assert p.zeros == int((ordered == 0).sum())
    assert report.duplicate_rows == int(table.duplicated().sum()) == 40
    assert report.profiles["note"].formula_cells == int((table["note"] != "ok").sum())
    features = ["tenure", "spend", "calls", "age", "plan", "note", 'odd "name", it\'s']
    groups = table.groupby(features, dropna=False)["churn"].agg(["nunique", "size"])
    conflicted = groups[groups["nunique"] > 1]
    assert ("conflicting_labels", ("churn",), "low") in _alerts(report)
    message = next(words.alert_words(a)[0] for a in report.alerts if a.kind == "conflicting_labels")
    assert f"{int(conflicted['size'].sum())} rows" in message


def test_the_file_review_raises_the_alerts_of_the_in_memory_review(table, file_review):
    memory = review(Dataset(table, "events.parquet"), "churn")
    assert _alerts(file_review.report) == _alerts(memory)
    assert "outliers" in {a.kind for a in memory.alerts}
    for ours, theirs in zip(file_review.report.alerts, memory.alerts, strict=True):
        if ours.kind in COUNTED:  # sentences built from counts: every row's, word for word
            assert words.alert_words(ours)[0] == words.alert_words(theirs)[0]


def test_the_sample_keeps_each_outcome_in_its_share(table, file_review):
    sample = file_review.dataset.frame
    assert file_review.rows_sampled == len(sample) == pytest.approx(SAMPLE, abs=2)
    shares = table["churn"].value_counts(normalize=True)
    for value, share in sample["churn"].value_counts(normalize=True).items():
        assert share == pytest.approx(shares[value], abs=1 / SAMPLE)
    assert list(sample.columns) == list(table.columns)
    assert "covers all 4,000 rows" in coverage(file_review)
    assert "sample of 1,000" in coverage(file_review)


def test_a_csv_larger_than_memory_reviews_like_its_parquet(table, file_review, tmp_path):
    path = tmp_path / "events.csv"
    table.to_csv(path, index=False)
    scaled = review_source(open_source(path), "churn", sample_rows=SAMPLE)
    assert _alerts(scaled.report) == _alerts(file_review.report)
    assert scaled.report.duplicate_rows == file_review.report.duplicate_rows


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_mlpm_review_out_of_core_keeps_its_json_keys(parquet, capsys):
    code, out, _ = _run(["review", str(parquet), "--target", "churn", "--json"], capsys)
    assert code == 0
    in_memory = json.loads(out)
    code, out, _ = _run(["review", str(parquet), "--target", "churn", "--json", "--out-of-core",
                         "--sample-rows", str(SAMPLE)], capsys)
    assert code == 0
    scaled = json.loads(out)
    assert set(in_memory) <= set(scaled)
    assert (scaled["rows_reviewed"], scaled["rows_sampled"], scaled["engine"]) == \
        (ROWS, SAMPLE, "duckdb")
    assert (in_memory["rows_reviewed"], in_memory["engine"]) == (ROWS, "pandas")
    assert [a["kind"] for a in scaled["alerts"]] == [a["kind"] for a in in_memory["alerts"]]


def test_mlpm_train_learns_from_a_stratified_sample_of_the_file(parquet, table, capsys):
    code, out, _ = _run(["train", str(parquet), "--target", "churn", "--model", "tree",
                         "--out-of-core", "--sample-rows", str(SAMPLE), "--no-record", "--json"],
                        capsys)
    assert code == 0
    payload = json.loads(out)
    assert payload["dataset"]["rows"] == SAMPLE
    assert payload["sampled_from"]["rows"] == ROWS
    assert payload["sampled_from"]["engine"] == "duckdb"
    assert payload["split"]["train"] + payload["split"]["test"] == SAMPLE
    assert "sample of 1,000 of the table's 4,000 rows" in payload["sampled_from"]["coverage"]


def test_a_parquet_folder_with_mismatched_files_is_one_line(tmp_path, capsys):
    folder = tmp_path / "lake"
    folder.mkdir()
    pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}).to_parquet(folder / "part-0.parquet")
    pd.DataFrame({"a": [3], "c": [1.5]}).to_parquet(folder / "part-1.parquet")
    code, out, err = _run(["review", str(folder)], capsys)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert "do not all have the same columns" in err


# --- PostgreSQL: the profiles run inside the database ---------------------------------------


@pytest.fixture(scope="module")
def pg_url(pg_server: str, table: pd.DataFrame) -> str:
    url = create_database(pg_server, "scale_events")
    engine = create_engine(url)
    table.to_sql("events", engine, index=False)
    engine.dispose()
    return url.replace("://mlpm@", f"://mlpm:{PASSWORD}@")


def test_a_postgresql_table_reviews_as_its_parquet_file(pg_url, file_review):
    scaled = review_source(open_source(pg_url, table="events"), "churn", sample_rows=SAMPLE)
    assert scaled.engine == "postgresql"
    assert _alerts(scaled.report) == _alerts(file_review.report)
    assert [words.alert_words(a)[0] for a in scaled.report.alerts if a.kind in COUNTED] == \
        [words.alert_words(a)[0] for a in file_review.report.alerts if a.kind in COUNTED]
    for name, p in file_review.report.profiles.items():
        q = scaled.report.profiles[name]
        assert (q.rows, q.missing, q.distinct, q.top, q.q1, q.median, q.q3, q.zeros) == \
            (p.rows, p.missing, p.distinct, p.top, p.q1, p.median, p.q3, p.zeros)
    assert scaled.report.duplicate_rows == file_review.report.duplicate_rows
    assert sorted(scaled.dataset.frame["churn"].value_counts().tolist()) == \
        sorted(file_review.dataset.frame["churn"].value_counts().tolist())
    assert PASSWORD not in scaled.source
    assert "***" in scaled.source


def test_the_password_never_shows(pg_url, capsys):
    code, out, err = _run(["review", pg_url, "--table", "events", "--target", "churn",
                           "--json", "--sample-rows", str(SAMPLE)], capsys)
    assert code == 0
    assert PASSWORD not in out + err
    assert json.loads(out)["engine"] == "postgresql"
    code, out, err = _run(["train", pg_url, "--table", "events", "--target", "churn",
                           "--model", "tree", "--sample-rows", "500", "--json"], capsys)
    assert code == 0
    assert PASSWORD not in out + err
    run_id = json.loads(out)["run_id"]
    assert run_id is not None  # recorded in the run store, under a name without the password
    code, out, err = _run(["runs", "show", str(run_id), "--json"], capsys)
    assert code == 0
    assert "***@127.0.0.1" in out
    assert PASSWORD not in out + err
    port = pg_url.rsplit(":", 1)[1].split("/")[0]
    wrong = [
        ["review", pg_url, "--table", "no_such_table"],
        ["review", pg_url, "--query", f"SELECT * FROM events WHERE '{PASSWORD}' = x"],
        ["review", pg_url.replace(f":{port}/", ":1/"), "--table", "events"],  # unreachable
        ["review", pg_url.rsplit("/", 1)[0] + "/no_such_db", "--table", "events"],
    ]
    for argv in wrong:
        code, out, err = _run(argv, capsys)
        assert (code, out) == (2, ""), argv
        assert err.count("\n") == 1, err
        assert PASSWORD not in err, err


def test_a_wrong_table_lists_the_tables_there(pg_url):
    with pytest.raises(UserError, match="no table 'evnts'") as found:
        open_source(pg_url, table="evnts")
    assert "events" in found.value.hint


def _page_text(app) -> str:
    parts = []
    for kind in ("markdown", "caption", "info", "error", "warning", "success", "toast",
                 "metric", "selectbox", "text_input", "exception"):
        for element in getattr(app, kind):
            parts.append(str(getattr(element, "value", "")))
            parts.append(str(getattr(element, "label", "")))
            parts.append(str(getattr(element, "options", "")))
    return "\n".join(parts).replace("\\", "").replace("\u200b", "")  # md()'s escapes


def test_the_database_tab_reviews_a_table_inside_the_database(pg_url, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from mlpm.ui.database import WAREHOUSE_ENV

    monkeypatch.setenv(WAREHOUSE_ENV, pg_url)
    app = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "app.py"),
                            default_timeout=60).run()
    app.switch_page("pages/data.py").run()
    assert "events" in app.selectbox(key="warehouse_table").options
    app.selectbox(key="warehouse_table").select("events")
    app.text_input(key="warehouse_target").input("churn").run()
    app.button(key="warehouse_review").click().run()
    assert not app.exception
    text = _page_text(app)
    assert "4,000" in [m.value for m in app.metric]  # every row of the table
    assert "covers all 4,000 rows (inside PostgreSQL)" in text
    assert PASSWORD not in text
    assert "mlpm:***@127.0.0.1" in text  # the URL, without its password
