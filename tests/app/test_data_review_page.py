"""Data review page: readiness lights, grouped alerts with one-click fixes, undo, pictures, and
every hostile file handled without a traceback while earlier work is kept."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from app_checks import no_exception
from fixtures import hostile
from streamlit.testing.v1 import AppTest

from mlpm.explain import data as words

REMEDY_KEYS = {"skip_bad_lines": "skip_bad_lines", "rename_duplicate_columns": "rename_columns"}


def alert_texts(at: AppTest) -> list[str]:
    return [str(e.value) for kind in ("error", "warning", "info", "success") for e in at.get(kind)]


def messy_csv() -> bytes:
    rng = np.random.default_rng(4)
    n = 120
    frame = pd.DataFrame({
        "customer_id": [f"C{i:04d}" for i in range(n)],
        "revenue": [f"${100 + i * 7:,}.50" for i in range(n)],
        "member": rng.choice(["Yes", "yes", "Y", "No"], n),
        "email": [f"user{i}@example.com" for i in range(n)],
        "spend": rng.normal(50, 10, n).round(2),
        "signup_date": pd.date_range("2025-01-01", periods=n).strftime("%Y-%m-%d"),
        "churned": rng.choice(["Yes", "No"], n),
    })
    frame.loc[:9, "spend"] = np.nan
    return frame.to_csv(index=False).encode()


def _upload(at: AppTest, name: str, data: bytes) -> None:
    at.file_uploader(key="upload").set_value((name, data, "text/csv")).run()


def test_review_shows_readiness_grouped_alerts_and_fixes(app: AppTest) -> None:
    app.switch_page("pages/data.py").run()
    _upload(app, "messy.csv", messy_csv())
    no_exception(app)
    journey = app.session_state["mlpm_journey"]
    raw_version = journey.dataset.version
    markdown = " ".join(str(m.value) for m in app.markdown)
    for title in ("Enough data", "Fresh", "Representative", "Unbiased", "Private", "Clean"):
        assert f"**{title}**" in markdown
    assert "The newest date in 'signup_date'" in markdown
    texts = " ".join(alert_texts(app))
    assert "**Personal data** · 'email'" in texts
    assert "holds numbers written as text" in texts
    # Issue 15: the page leads with the findings that matter, the rest grouped behind a line
    assert f"**{words.LEAD_HEADING}**" in markdown
    headings = [e.label for e in app.expander]
    assert any(h.endswith("grouped by kind") for h in headings)
    assert "look like IDs ('customer_id'" in markdown

    fixes = [b for b in app.button if b.key and b.key.startswith("fix_")]
    revenue_fix = next(b for b in fixes if "convert 'revenue' to numbers" in b.label)
    revenue_fix.click().run()
    no_exception(app)
    journey = app.session_state["mlpm_journey"]
    assert [s.action for s in journey.cleaning_steps] == ["to_number"]
    assert journey.dataset.version != raw_version
    assert pd.api.types.is_float_dtype(journey.dataset.frame["revenue"])
    assert "holds numbers written as text" not in " ".join(alert_texts(app))
    assert any("Convert 'revenue' to numbers." in str(m.value) for m in app.markdown)

    email_fix = next(b for b in app.button if b.key and b.key.startswith("fix_")
                     and "drop 'email'" in b.label)
    email_fix.click().run()
    assert len(app.session_state["mlpm_journey"].cleaning_steps) == 2
    app.button(key="undo_clean").click().run()
    no_exception(app)
    assert [s.action for s in app.session_state["mlpm_journey"].cleaning_steps] == ["to_number"]
    app.button(key="reset_clean").click().run()
    journey = app.session_state["mlpm_journey"]
    assert journey.cleaning_steps == []
    assert journey.dataset.version == raw_version


def test_cleaning_makes_the_split_stale(app: AppTest) -> None:
    app.button(key="sample_churn").click().run()
    app.switch_page("pages/split.py").run()
    app.button(key="split").click().run()
    assert app.session_state["mlpm_journey"].fresh_split is not None
    app.switch_page("pages/data.py").run()
    app.selectbox(key="clean_action").select("drop_columns").run()
    app.multiselect(key="clean_columns").select("support_calls").run()
    app.button(key="clean_apply").click().run()
    no_exception(app)
    journey = app.session_state["mlpm_journey"]
    assert "support_calls" not in journey.dataset.frame.columns
    assert journey.split_stale
    assert journey.problem.data_version == journey.dataset.version  # target kept on new data


def _charts(at: AppTest) -> str:
    return " ".join(c.proto.spec for c in at.get("vega_lite_chart"))


def test_pictures_on_demand(app: AppTest) -> None:
    app.button(key="sample_churn").click().run()
    no_exception(app)
    assert app.dataframe  # the columns table is the open tab; no chart is built until asked
    assert "Missing values per column" not in _charts(app)
    for tab, title in [(words.TAB_MISSING, "Missing values per column"),
                       (words.TAB_CORRELATION, "Which numeric columns move together"),
                       (words.TAB_BALANCE, "How often each value of 'churned' occurs"),
                       (words.TAB_DISTRIBUTION, "What 'customer_id' holds")]:
        app.session_state["look_tab"] = tab
        app.run()
        no_exception(app)
        assert title in _charts(app), tab
    app.selectbox(key="dist_column").select("monthly_charges").run()
    assert "What 'monthly_charges' holds" in _charts(app)
    app.selectbox(key="dist_column").select("signup_date").run()
    no_exception(app)
    assert "Month" in _charts(app)


def test_path_input_loads_big_files(app: AppTest, server_folder: Path) -> None:
    path = server_folder / "export.csv.gz"
    path.write_bytes(hostile.HOSTILE["packed.csv.gz"][0])
    app.switch_page("pages/data.py").run()
    app.text_input(key="data_path").input(str(path)).run()
    app.button(key="load_path").click().run()
    no_exception(app)
    assert app.session_state["mlpm_journey"].dataset.name == "export.csv.gz"
    app.text_input(key="data_path").input("nope.csv").run()
    app.button(key="load_path").click().run()
    assert any("There is no file called 'nope.csv'" in t for t in alert_texts(app))
    assert app.session_state["mlpm_journey"].dataset.name == "export.csv.gz"


def test_every_hostile_file_through_the_page(app: AppTest) -> None:
    app.switch_page("pages/data.py").run()
    earlier = b"plan,spend,churned\n" + b"".join(
        f"{'ab'[i % 2]},{i * 1.5},{'yn'[i % 3 == 0]}\n".encode() for i in range(30))
    _upload(app, "earlier.csv", earlier)
    earlier_version = app.session_state["mlpm_journey"].dataset.version
    for name, (data, expectation) in hostile.HOSTILE.items():
        if name.rsplit(".", 1)[-1] not in ("csv", "tsv", "txt", "gz", "zip", "xlsx", "xls",
                                           "parquet"):
            name = f"{name}.csv"  # the browser only offers table files; a misnamed one slips by
        before = app.session_state["mlpm_journey"].dataset.version
        _upload(app, name, data)
        no_exception(app)
        journey = app.session_state["mlpm_journey"]
        if expectation[0] == "loads":
            assert journey.load_error is None, (name, journey.load_error)
            assert journey.dataset.name == name
            continue
        texts = alert_texts(app)
        assert any(expectation[1] in t for t in texts), (name, texts)
        assert any("Nothing was lost: still using" in t for t in texts), name
        assert journey.dataset.version == before, name  # the earlier table is kept
        remedy = expectation[2]
        if remedy:
            app.button(key=REMEDY_KEYS[remedy]).click().run()
            no_exception(app)
            assert app.session_state["mlpm_journey"].dataset.name == name
            assert app.session_state["mlpm_journey"].load_error is None
    assert earlier_version


def test_workbook_sheet_picker(app: AppTest, server_folder: Path) -> None:
    """A workbook whose first sheet is only notes: the PM picks the data sheet and keeps it."""
    import io

    data = io.BytesIO()
    with pd.ExcelWriter(data, engine="openpyxl") as writer:
        pd.DataFrame({"note": ["Exported by finance", "Do not edit"]}).to_excel(
            writer, sheet_name="Read me", index=False)
        pd.DataFrame({"id": range(30), "amount": np.arange(30) * 2.5}).to_excel(
            writer, sheet_name="Orders", index=False)
    path = server_folder / "orders.xlsx"
    path.write_bytes(data.getvalue())
    app.switch_page("pages/data.py").run()
    app.text_input(key="data_path").input(str(path)).run()
    app.button(key="load_path").click().run()
    no_exception(app)
    journey = app.session_state["mlpm_journey"]
    assert list(journey.dataset.frame.columns) == ["note"]
    picker = next(s for s in app.selectbox if str(s.key).startswith("excel_sheet::"))
    assert picker.options == ["Read me", "Orders"]
    picker.select("Orders").run()
    no_exception(app)
    journey = app.session_state["mlpm_journey"]
    assert list(journey.dataset.frame.columns) == ["id", "amount"]
    assert journey.dataset.n_rows == 30
    assert "sheet 'Orders'" in journey.dataset.source_note
    app.run()  # the choice sticks on the next run
    assert list(app.session_state["mlpm_journey"].dataset.frame.columns) == ["id", "amount"]
