"""Models saved before the regrouping by journey step (issue 19) still load and answer the same.

The files in ``tests/fixtures/before_regrouping`` were saved by mlpm when the catalogue lived in
``mlpm.models`` and the rule in ``mlpm.rules``; ``expected.json`` holds their predictions then.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from mlpm.lifecycle.store.model_files import model_from_bytes
from mlpm.lifecycle.store.records import UntrustedModelError
from mlpm.lifecycle.store.trusted_types import file_types

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "before_regrouping"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_model_saved_before_the_regrouping_loads_and_predicts_the_same(name: str) -> None:
    content = (FIXTURES / name).read_bytes()
    assert {t for t in file_types(content) if t.startswith("mlpm.")} == set(
        EXPECTED[name]["types"])  # the old names really are in the file
    pipeline = model_from_bytes(content)
    rows = pd.read_csv(FIXTURES / "rows.csv")
    columns = EXPECTED[name]["columns"]
    answers = pipeline.predict(rows.loc[:, columns] if columns else rows)
    assert [str(a) for a in answers] == [str(a) for a in EXPECTED[name]["predictions"]]


def test_only_the_exact_old_module_names_are_renamed() -> None:
    content = (FIXTURES / "model_0.skops").read_bytes()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        schema = archive.read("schema.json").replace(b'"mlpm.rules"', b'"mlpm.rules_x"')
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as forged_zip:
            for info in archive.infolist():
                forged_zip.writestr(info, schema if info.filename == "schema.json"
                                    else archive.read(info))
    forged = out.getvalue()
    assert "mlpm.rules_x.RuleModel" in file_types(forged)
    with pytest.raises(UntrustedModelError, match="does not trust"):
        model_from_bytes(forged)
