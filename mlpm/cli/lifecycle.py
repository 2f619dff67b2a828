"""``mlpm runs …``, ``mlpm score`` and ``mlpm drift``: the run store from the command line.

JSON output is a stable interface (add keys, never rename). Heavy imports happen inside the
commands so ``mlpm --help`` stays fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mlpm.lifecycle.store.compare import RunComparison


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Register ``runs``, ``score`` and ``drift`` on the ``mlpm`` parser."""
    runs = sub.add_parser("runs", help="the run history: list, show and compare stored runs")
    runs_sub = runs.add_subparsers(dest="runs_command", required=True)
    ls = runs_sub.add_parser("list", help="stored runs, newest first")
    ls.add_argument("--target", help="only runs predicting this column")
    ls.add_argument("--data-version", help="only runs trained on this data version")
    ls.add_argument("--baselines", action="store_true", help="include the no-learning baselines")
    ls.add_argument("--limit", type=int, default=50)
    ls.add_argument("--json", action="store_true", help="print machine-readable JSON")
    show = runs_sub.add_parser("show", help="one run with everything recorded about it")
    show.add_argument("run_id", type=int)
    show.add_argument("--json", action="store_true", help="print machine-readable JSON")
    cmp = runs_sub.add_parser("compare", help="2 to 4 runs side by side (the first is the reference)")
    cmp.add_argument("run_ids", type=int, nargs="+")
    cmp.add_argument("--json", action="store_true", help="print machine-readable JSON")

    score = sub.add_parser("score", help="predict every row of a file with a stored run's saved model")
    score.add_argument("run_id", type=int)
    score.add_argument("file")
    score.add_argument("--out", help="write the predictions CSV here (default: standard output)")
    score.add_argument("--json", action="store_true", help="print a JSON summary")

    drift = sub.add_parser("drift", help="per-column drift of a file against a run's training data")
    drift.add_argument("run_id", type=int)
    drift.add_argument("file")
    drift.add_argument("--json", action="store_true", help="print machine-readable JSON")


def _print_json(payload: Any) -> None:
    print(json.dumps(payload, indent=2, default=str))


def _cmd_runs(args: argparse.Namespace) -> int:
    from mlpm.explain.lifecycle import comparison_sentences, trained_on
    from mlpm.explain.safe import plain
    from mlpm.lifecycle.store import open_store
    from mlpm.lifecycle.store.compare import compare_runs

    store = open_store()
    if args.runs_command == "list":
        runs = store.runs(target=args.target, data_version=args.data_version,
                          include_baselines=args.baselines, limit=args.limit)
        if args.json:
            _print_json({"store": store.where, "schema_version": store.schema_version,
                         "runs": [r.as_dict() for r in runs]})
            return 0
        print(f"{len(runs)} run(s) in {store.where}")
        for r in runs:
            score = "n/a" if r.headline is None else f"{r.headline:.3f}"
            print(f"#{r.id:<4} {r.when}  {r.model_name:<28} {r.headline_metric} {score:>6}  "
                  f"{r.dataset_name} ({r.n_rows:,} rows, version {r.data_version})")
        return 0
    if args.runs_command == "show":
        run = store.get(args.run_id)
        if args.json:
            _print_json(run.as_dict())
            return 0
        print(plain(trained_on(run)))
        for name, value in run.metrics.items():
            print(f"  {name:<14} {value:.3f}")
        if run.threshold is not None:
            print(f"  {'threshold':<14} {run.threshold:.2f}  (yes/no scores above are at it)")
        if run.note:
            print(f"  note: {run.note}")
        return 0
    from mlpm.errors import UserError

    if not 2 <= len(args.run_ids) <= 4:
        raise UserError("Compare 2 to 4 runs.", "e.g. mlpm runs compare 3 7")
    runs = [store.get(i) for i in args.run_ids]
    versions = {r.data_version: v for r in runs
                if (v := store.data_version(r.data_version)) is not None}
    comparison = compare_runs(runs, versions)
    if args.json:
        _print_json(comparison_json(comparison))
        return 0
    for sentence in comparison_sentences(comparison):
        print(plain(sentence))
    return 0


def comparison_json(comparison: RunComparison) -> dict[str, object]:
    """Plain JSON for ``mlpm runs compare --json`` (a stable interface: add keys, never rename)."""
    from mlpm.explain.lifecycle import comparison_data, comparison_sentences, titled_metrics
    from mlpm.explain.safe import plain
    from mlpm.lifecycle.store.records import clean_json

    metrics = titled_metrics(comparison.metrics).drop(columns=["run_label"])
    return {
        "runs": [r.as_dict() for r in comparison.runs],
        "reference": comparison.reference.id,
        "metrics": clean_json(metrics.to_dict(orient="records")),  # NaN -> null
        "settings": comparison.settings.to_dict(orient="records"),
        "features": {str(k): {"added": list(v[0]), "removed": list(v[1])}
                     for k, v in comparison.features.items()},
        "data": {str(k): plain(v) for k, v in comparison_data(comparison).items()},
        "sentences": [plain(s) for s in comparison_sentences(comparison)],
    }


def _cmd_score(args: argparse.Namespace) -> int:
    from mlpm.data.load import load_table
    from mlpm.explain.lifecycle import score_summary
    from mlpm.explain.safe import plain
    from mlpm.lifecycle.scoring import score_frame
    from mlpm.lifecycle.store import open_store
    from mlpm.lifecycle.store.model_files import load_model

    store = open_store()
    run = store.get(args.run_id)
    pipeline = load_model(store, run.id)
    dataset = load_table(args.file)
    result = score_frame(pipeline, dataset.frame, target=run.target, task=run.task,
                         positive_label=run.positive_label, threshold=run.threshold)
    if args.out:
        Path(args.out).write_bytes(result.csv())
    elif not args.json:
        sys.stdout.buffer.write(result.csv())
        sys.stdout.flush()
    if args.json:
        _print_json({"run": run.id, "file": str(args.file), "out": args.out,
                     "rows": result.n_rows, "prediction_column": result.prediction_column,
                     "probability_columns": list(result.probability_columns),
                     "summary": result.summary,
                     "notes": [{"level": n.level, "text": n.text} for n in result.notes]})
    elif args.out:
        print(plain(score_summary(result.summary, run.target, run.task)), file=sys.stderr)
        for note in result.notes:
            print(f"[{note.level}] {note.text}", file=sys.stderr)
    return 0


def _cmd_drift(args: argparse.Namespace) -> int:
    from mlpm.data.load import load_table
    from mlpm.errors import UserError
    from mlpm.explain.lifecycle import DRIFT_TITLES, column_sentence, drift_summary
    from mlpm.explain.safe import plain
    from mlpm.lifecycle.drift import drift_report
    from mlpm.lifecycle.store import open_store

    store = open_store()
    run = store.get(args.run_id)
    version = store.data_version(run.data_version)
    if version is None or not version.profile:
        raise UserError(f"Run #{run.id}'s training data has no stored profile.",
                        "Retrain it with this mlpm to measure drift against it.")
    dataset = load_table(args.file)
    report = drift_report(version.profile, dataset.frame,
                          columns=list(dict.fromkeys([*run.features,
                                                      *([run.target] if run.target else [])])),
                          target=run.target or None, reference_version=run.data_version,
                          new_version=dataset.version)
    if args.json:
        _print_json({"run": run.id, **report.as_dict(), "summary": plain(drift_summary(report))})
        return 0
    print(f"{DRIFT_TITLES[report.verdict]}. {plain(drift_summary(report))}")
    for item in report.drifted:
        print(f"  {plain(column_sentence(item))}")
    return 0


HANDLERS = {"runs": _cmd_runs, "score": _cmd_score, "drift": _cmd_drift}
