"""Issue 13 on the Data review page: a decompression bomb is refused with a message and the
table loaded before stays the current one."""

from __future__ import annotations

import pytest
from app_checks import no_exception
from fixtures import hostile
from streamlit.testing.v1 import AppTest


def test_bomb_upload_keeps_the_earlier_table(app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLPM_MAX_TABLE_MB", "1")  # AppTest runs the page in this process
    app.button(key="sample_churn").click().run()
    earlier = app.session_state["mlpm_journey"].dataset
    app.switch_page("pages/data.py").run()
    bomb = hostile.gzip_bomb(b"0,0\n", 64 * hostile.MiB)  # 64 KB
    app.file_uploader(key="upload").set_value(("export.csv.gz", bomb, "application/gzip")).run()
    no_exception(app)
    errors = [str(e.value) for e in app.error]
    assert any("This file unpacks to more than 1 MB; mlpm reads at most 1 MB." in e
               for e in errors), errors
    assert any("Nothing was lost: still using" in str(i.value) for i in app.info)
    journey = app.session_state["mlpm_journey"]
    assert journey.dataset.version == earlier.version
    assert journey.dataset.name == earlier.name
    assert "unpacks to more than" in journey.load_error.message
