"""The exact types a saved mlpm model may hold, found by saving what the catalogue builds.

A skops file is a tree of nodes, each naming a type that loading will construct or call. mlpm
trusts a file only when every name in it is one the catalogue really produces: every model of
:data:`mlpm.model.catalogue.CATALOGUE` (and the PM's if-then rule) is fitted on a tiny table that has
every kind of column mlpm prepares (numbers with gaps, whole numbers, text with gaps, many
categories, dates, free text), with and without PCA, then saved, and the names in those files are the
allow-list. Names are compared whole: ``builtins.dict`` is trusted because the catalogue's own
files hold it, ``builtins.exec`` is not, however it is spelt elsewhere.

Built once per process (about a second) on the first model load, so it follows the installed
scikit-learn and NumPy instead of a hand-kept list that drifts from them.
"""

from __future__ import annotations

import io
import json
import warnings
import zipfile
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from mlpm.data.dataset import Dataset


def schema_types(schema: Any) -> set[str]:
    """Every fully qualified name a skops schema asks the loader to build or call.

    Reads the JSON only; nothing is imported or run. A method node names its method too
    (``module.Class.method``), as skops' own audit does.
    """
    names: set[str] = set()
    for node in nodes(schema):
        module, cls = node.get("__module__"), node.get("__class__")
        if isinstance(module, str) and isinstance(cls, str):
            names.add(f"{module}.{cls}")
        if node.get("__loader__") == "MethodNode":
            content = node.get("content")
            func = content.get("func") if isinstance(content, dict) else None
            names.add(f"{module}.{cls}.{func}")
    return names


def file_types(content: bytes) -> set[str]:
    """The names in a skops file's ``schema.json`` (``ValueError`` if it has none)."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        schema = json.loads(archive.read("schema.json"))
    return schema_types(schema)


def nodes(tree: Any) -> Iterator[dict[str, Any]]:
    """Every node of a skops schema (dicts that name a type), depth first."""
    stack = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield item
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


@lru_cache(maxsize=1)
def trusted_types() -> frozenset[str]:
    """The allow-list: every type name in the saved files of every catalogue model."""
    import skops.io as sio

    names: set[str] = set()
    for pipeline in catalogue_pipelines():
        names |= file_types(sio.dumps(pipeline))
    return frozenset(names)


def catalogue_pipelines() -> Iterator[Any]:
    """Every model of the catalogue and a rule, fitted as training fits them, on tiny tables."""
    from mlpm.model.catalogue import CATALOGUE, build_pipeline, prepare_features
    from mlpm.model.problem import define_problem, target_labels
    from mlpm.model.rules import RuleModel, parse_rule

    dataset = Dataset(frame=_table(), name="catalogue types")
    targets = {"binary": "yes_no", "multiclass": "plan", "regression": "amount", "clustering": ""}
    for task, target in targets.items():
        for pca in (0, 2):
            problem = define_problem(dataset, target, task=task, pca_components=pca)
            x = prepare_features(dataset.frame, problem)
            y = (target_labels(problem, dataset.frame[target]).to_numpy() if target else None)
            for spec in CATALOGUE.values():
                if task not in spec.tasks:
                    continue
                # More rounds only add more of the same trees: the fewest are enough.
                rounds = min(spec.complexity_range) if spec.complexity_param == "max_iter" \
                    else None
                for settings in _setting_choices(spec):
                    pipeline = build_pipeline(spec, dataset.frame, problem, settings=settings,
                                              complexity=rounds)
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        pipeline.fit(x, y)
                    yield pipeline
        if target:
            from sklearn.pipeline import Pipeline

            rule_text = ("if city = Paris and visits > 3 or joined < 2024-03-01 then "
                         + ("12.5" if task == "regression" else str(dataset.frame[target][0])))
            rule = parse_rule(rule_text, dataset.frame, problem)
            pipeline = Pipeline([("model", RuleModel(rule=rule, text=rule.text))])
            yield pipeline.fit(dataset.frame.loc[:, list(rule.columns)],
                               target_labels(problem, dataset.frame[target]).to_numpy())


def _setting_choices(spec: Any) -> list[dict[str, object]]:
    """Each choice of each worded setting (``class_weight``, ``linkage``…: they can change what
    is stored); number settings only change sizes, so their cheapest choice is enough."""
    base = {s.name: min(s.choices) for s in spec.settings  # type: ignore[type-var]
            if all(isinstance(c, int | float) for c in s.choices)}
    choices: list[dict[str, object]] = [base]
    for setting in spec.settings:
        if setting.name not in base:
            choices += [{**base, setting.name: value} for value in setting.choices
                        if value != setting.default]
    return choices


def _table(rows: int = 60) -> pd.DataFrame:
    """Every column kind mlpm prepares, with gaps, and targets of every task."""
    rng = np.random.default_rng(0)
    visits = rng.integers(0, 10, rows)
    spend = rng.normal(50, 10, rows)
    spend[::7] = np.nan
    city = rng.choice(["Paris", "Lyon", "Nice"], rows).astype(object)
    city[::9] = None
    return pd.DataFrame({
        "visits": visits,
        "spend": spend,
        "city": city,
        "shop": [f"shop {i % 30}" for i in range(rows)],  # > 20 categories: rare ones grouped
        "joined": pd.date_range("2024-01-01", periods=rows, freq="D").strftime("%Y-%m-%d"),
        "member": rng.random(rows) > 0.5,
        "yes_no": np.where(visits > 4, "Yes", "No"),
        "plan": np.array(["basic", "plus", "pro"])[visits % 3],
        "amount": np.nan_to_num(spend, nan=50.0) * 2 + visits,
        # free text (> 50 different phrases): words become TF-IDF columns
        "note": [None if i % 11 == 0 else f"call {i} about the {('late', 'lost', 'good')[i % 3]} "
                 "parcel" for i in range(rows)],
    })
