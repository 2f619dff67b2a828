"""Saved models: the attack from issue 13 is refused, and every model mlpm trains still loads.

The malicious files are built here, byte by byte, as an attacker with write access to a shared
run store would build them. Each payload writes a marker file when it runs; the tests first show
that skops *would* run it when told to trust the type, so a refusal here is a real refusal.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import numpy as np
import pytest
import skops.io as sio
from fixtures.attacks import exec_node, payload, skops_file

from mlpm.data.samples import SAMPLES, load_sample
from mlpm.lifecycle.store import UntrustedModelError
from mlpm.lifecycle.store.model_files import model_from_bytes, model_to_bytes
from mlpm.lifecycle.store.trusted_types import catalogue_pipelines, trusted_types
from mlpm.model.catalogue import CATALOGUE, prepare_features
from mlpm.model.problem import define_problem
from mlpm.model.split import SplitPlan, plan_split
from mlpm.model.training import train


def test_the_exec_attack_is_live_when_trusted(tmp_path: Path) -> None:
    """The file below really runs code in skops if its type is trusted (mlpm used to trust
    every ``builtins.`` name): without this, the refusal test proves nothing."""
    marker = tmp_path / "ran"
    sio.loads(skops_file(exec_node(payload(marker))), trusted=["builtins.exec"])
    assert marker.read_text() == "pwned"


@pytest.mark.parametrize("function", ["exec", "eval", "compile", "__import__", "open"])
def test_builtins_that_run_code_are_refused_and_nothing_runs(tmp_path: Path,
                                                             function: str) -> None:
    marker = tmp_path / "ran"
    node = exec_node(payload(marker))
    node["__class__"] = function
    with pytest.raises(UntrustedModelError, match="does not trust") as error:
        model_from_bytes(skops_file(node))
    assert f"builtins.{function}" in error.value.message
    assert "it was not loaded" in error.value.message
    assert not marker.exists()


def test_an_attack_hidden_inside_a_real_model_is_refused(tmp_path: Path) -> None:
    """A genuine saved pipeline with one extra attribute that calls ``exec`` on load."""
    marker = tmp_path / "ran"
    pipeline = next(catalogue_pipelines())
    with zipfile.ZipFile(io.BytesIO(model_to_bytes(pipeline))) as archive:
        files = {n: archive.read(n) for n in archive.namelist()}
    schema = json.loads(files.pop("schema.json"))
    schema["content"]["content"]["memory"] = exec_node(payload(marker))
    with pytest.raises(UntrustedModelError, match=r"does not trust: builtins\.exec"):
        model_from_bytes(skops_file(schema, files))
    assert not marker.exists()


@pytest.mark.parametrize("node", [
    {"__class__": "system", "__module__": "os", "__loader__": "FunctionNode", "__id__": 1},
    {"__class__": "Popen", "__module__": "subprocess", "__loader__": "ObjectNode",
     "content": {}, "__id__": 1},
    # a prefix of a trusted name is not trusted: sklearn.* or numpy.* is not a free pass
    {"__class__": "load", "__module__": "numpy", "__loader__": "FunctionNode", "__id__": 1},
    {"__class__": "_testing", "__module__": "sklearn.utils", "__loader__": "FunctionNode",
     "__id__": 1},
])
def test_other_types_outside_the_list_are_refused(node: dict[str, object]) -> None:
    with pytest.raises(UntrustedModelError, match="does not trust"):
        model_from_bytes(skops_file(node))


def test_not_a_model_file_at_all() -> None:
    import pickle

    for content in (pickle.dumps({"a": 1}), b"", b"PK\x03\x04broken",
                    skops_file({"__class__": 3})[:-5]):
        with pytest.raises(UntrustedModelError, match="not a model file"):
            model_from_bytes(content)


def test_the_allow_list_is_exact_names_from_the_catalogue() -> None:
    names = trusted_types()
    assert "sklearn.pipeline.Pipeline" in names
    assert "mlpm.model.rules.RuleModel" in names
    for spec in CATALOGUE.values():
        model = spec.build(spec.complexity_default, 0)
        assert f"{type(model).__module__}.{type(model).__name__}" in names, spec.key
    assert not {n for n in names if n.endswith((".exec", ".eval", ".system", ".open"))}
    assert all(n.count(".") >= 1 and "*" not in n for n in names)


def test_every_catalogue_pipeline_saves_and_loads() -> None:
    for pipeline in catalogue_pipelines():
        loaded = model_from_bytes(model_to_bytes(pipeline))
        assert [name for name, _ in loaded.steps] == [name for name, _ in pipeline.steps]


@pytest.mark.parametrize("sample", [key for key in SAMPLES])
def test_every_model_trained_on_the_samples_saves_and_loads(sample: str) -> None:
    """Real tables (not the tiny one the list is built from) give the same types."""
    dataset = load_sample(sample)
    problem = define_problem(dataset, SAMPLES[sample].target)
    split = plan_split(dataset, problem, SplitPlan())
    x = dataset.frame.iloc[split.test]
    for spec in CATALOGUE.values():
        if problem.task not in spec.tasks:
            continue
        model = train(dataset, problem, split, spec.key)
        loaded = model_from_bytes(model_to_bytes(model.pipeline))
        features = prepare_features(x, problem)
        if hasattr(model.pipeline, "predict_proba"):
            np.testing.assert_allclose(loaded.predict_proba(features),
                                       model.pipeline.predict_proba(features))
        elif problem.is_supervised:
            np.testing.assert_allclose(loaded.predict(features), model.pipeline.predict(features))
