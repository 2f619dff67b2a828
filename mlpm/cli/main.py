"""The ``mlpm`` command: a second front end over the same library as the web app.

JSON output is a stable interface (scripts and checks rely on it): add keys, never rename.
Bad input exits with code 2 and one clear line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mlpm.cli import anomaly as cli_anomaly
from mlpm.cli import curves as cli_curves
from mlpm.cli import lifecycle as cli_lifecycle
from mlpm.cli import report as cli_report
from mlpm.cli import serve as cli_serve
from mlpm.data.memory import keep_freed_memory
from mlpm.errors import UserError
from mlpm.project.goals import GOALS
from mlpm.scale import cli as scale

if TYPE_CHECKING:
    from mlpm.data.dataset import Dataset
    from mlpm.model.training import TrainedModel
    from mlpm.project.decision import DecisionSettings
    from mlpm.project.pipeline import RunResult

CLI_THRESHOLD = 0.5
"""The operating point of ``mlpm train``'s yes/no metrics, recorded with its runs."""
APP_PATH = Path(__file__).resolve().parents[2] / "app.py"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mlpm", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    app = sub.add_parser("app", help="start the web app")
    app.add_argument("--port", type=int, default=8501)
    app.add_argument("--address", default="127.0.0.1")
    app.add_argument("--dask", metavar="ADDR",
                     help="run cross-validation and curves on this Dask scheduler "
                          "(tcp://host:8786; sets MLPM_DASK_SCHEDULER)")

    rev = sub.add_parser("review", help="review a data file: columns, alerts and readiness")
    rev.add_argument("file")
    rev.add_argument("--target")
    rev.add_argument("--json", action="store_true", help="print machine-readable JSON")
    rev.add_argument("--skip-bad-lines", action="store_true",
                     help="load anyway, leaving out lines with the wrong number of fields")
    rev.add_argument("--rename-duplicate-columns", action="store_true",
                     help="load anyway, numbering repeated column names and naming blank ones")
    rev.add_argument("--sheet", help="Excel sheet to read (default: the first)")
    scale.add_review_arguments(rev)

    tr = sub.add_parser("train", help="train a model against both baselines (doing nothing and "
                                      "your own rule), print test metrics")
    tr.add_argument("file")
    tr.add_argument("--target", help="column to predict (leave out only with a clustering model)")
    tr.add_argument("--model", help="catalogue key: " + _model_keys())
    tr.add_argument("--rule", help='your own if-then rule, scored like a model, e.g. '
                                   '"if contract = Month-to-month and tenure_months < 6 then Yes"')
    tr.add_argument("--threshold", type=float, default=CLI_THRESHOLD,
                    help="operating point of yes/no models: flag a case at this chance "
                         "(default 0.5); metrics, verdicts and the recorded run use it")
    tr.add_argument("--goal", choices=sorted(GOALS), default="",
                    help="what counts as success (default: F1 for yes/no, typical error for "
                         "numbers); the verdicts compare models on it")
    _rollout_arguments(tr)
    tr.add_argument("--cv", type=int, default=5, metavar="FOLDS",
                    help="cross-validation folds on the training rows (0 = none; default 5)")
    tr.add_argument("--complexity", type=float,
                    help="the model's complexity knob (e.g. tree depth; groups for clustering)")
    tr.add_argument("--all-rows", action="store_true",
                    help="train on every training row instead of a sample (see --max-rows)")
    tr.add_argument("--max-rows", type=int, default=10_000,
                    help="above this many training rows, train on a stratified sample of this "
                         "size (default 10,000)")
    tr.add_argument("--test-size", type=float, default=0.2)
    tr.add_argument("--seed", type=int, default=42)
    tr.add_argument("--json", action="store_true", help="print machine-readable JSON")
    tr.add_argument("--no-record", action="store_true",
                    help="do not record the run in the run history (run_id is null)")
    tr.add_argument("--save-model", action="store_true",
                    help="also store the fitted model with its run, for `mlpm score RUN FILE`")
    cli_anomaly.add_arguments(tr)
    scale.add_review_arguments(tr, verb="train on")
    cli_curves.add_parser(sub)
    cli_report.add_parser(sub)
    cli_lifecycle.add_parsers(sub)
    cli_serve.add_parser(sub)
    return parser


def _rollout_arguments(parser: argparse.ArgumentParser) -> None:
    """Capacity and pilot (issue 17): the ``capacity`` and ``pilot`` keys of the JSON."""
    group = parser.add_argument_group("capacity and pilot (yes/no targets)")
    group.add_argument("--capacity", type=float,
                       help="cases a month the team can act on: flags the model's top cases "
                            "up to it (the threshold follows, overriding --threshold)")
    group.add_argument("--cases-per-month", type=float, default=1000.0,
                       help="cases that come in a month (default 1,000)")
    group.add_argument("--action-effect", type=float, default=0.25,
                       help="pilot: share of the real cases reached that the action turns "
                            "around (default 0.25)")
    group.add_argument("--min-effect", type=float,
                       help="pilot: smallest drop in the outcome rate worth having, e.g. 0.01 "
                            "for one point (default: the drop the model is expected to make)")


def _cmd_app(args: argparse.Namespace) -> int:
    """Become the Streamlit server (exec), so a signal to ``mlpm app`` stops the server too.

    A child process outlived a SIGTERM to its parent and kept serving the port (issue 13).
    The server runs in the app's folder (for its .streamlit/config.toml), so a relative
    ``MLPM_LOCAL_FILES`` is made absolute first, against the folder the user started in.
    """
    from mlpm.data.local_files import ENV_VAR

    # mlpm.ui.serve runs Streamlit in this same process after starting mlpm's imports on a
    # background thread, so the first page of a fresh server does not wait for them.
    command = [sys.executable, "-m", "mlpm.ui.serve", str(APP_PATH),
               "--server.port", str(args.port), "--server.address", args.address,
               "--browser.gatherUsageStats", "false"]
    env = os.environ.copy()
    if env.get(ENV_VAR, "").strip():
        env[ENV_VAR] = str(Path(env[ENV_VAR].strip()).expanduser().absolute())
    if args.dask:
        from mlpm.scale.compute import SCHEDULER_ENV

        env[SCHEDULER_ENV] = args.dask
    if os.name == "nt":  # no exec on Windows: a console's Ctrl+C reaches the child anyway
        return subprocess.call(command, cwd=APP_PATH.parent, env=env)
    sys.stdout.flush()
    sys.stderr.flush()
    os.chdir(APP_PATH.parent)
    os.execve(sys.executable, command, env)


def _cmd_review(args: argparse.Namespace, prefetch: object = None) -> int:
    """``mlpm review``: the prefetch (started in :func:`main` before pandas is imported) reads
    and parses a CSV while this function's imports run."""
    from mlpm.data.load import LoadOptions, load_table
    from mlpm.data.quality import review
    from mlpm.explain import data as words
    from mlpm.explain.safe import plain
    from mlpm.explain.scale import coverage, scaled_review_json

    if scale.where_it_lies(args):  # too big for memory, or in a database: SQL where it lives
        scaled = scale.review_where_it_lies(args)
        scaled = scaled.with_note(coverage(scaled))
        report, payload = scaled.report, scaled_review_json(scaled)
    else:
        options = LoadOptions(skip_bad_lines=args.skip_bad_lines,
                              rename_duplicate_columns=args.rename_duplicate_columns,
                              sheet=args.sheet)
        dataset = load_table(args.file, options=options,
                             prefetch=prefetch)  # type: ignore[arg-type]
        report = review(dataset, target=args.target)
        payload = {**words.review_json(report), "source_note": dataset.source_note,
                   "rows_reviewed": dataset.n_rows, "rows_sampled": dataset.n_rows,
                   "engine": "pandas"}
    if args.json:
        print(json.dumps(payload, indent=2, default=str))
        return 0
    info = report.dataset
    print(f"{info['name']}: {info['rows']:,} rows x {info['columns']} columns, "
          f"data version {info['version']}")
    if payload["engine"] != "pandas":
        print(payload["coverage"])
    for alert in report.alerts:
        message, action = words.alert_words(alert)
        print(f"[{alert.severity}] {alert.kind}: {plain(message)} -> {plain(action)}")
    if not report.alerts:
        print("No alerts.")
    if report.readiness is not None:
        print("Readiness:")
        for item in report.readiness.items.values():
            print(f"  {words.READINESS_TITLES[item.key]:<15} {item.status:<8} "
                  f"{plain(words.readiness_headline(item))}")
    return 0


def _model_keys() -> str:
    """Every catalogue key, grouped by task, without importing sklearn."""
    return ("logistic, tree, random_forest, boosting, knn, naive_bayes (classification); "
            "linear, tree_reg, random_forest_reg, boosting_reg, knn_reg (regression); "
            "kmeans, hierarchical (clustering); baselines: majority, mean, random_groups")


def _cmd_train(args: argparse.Namespace) -> int:
    from mlpm.evaluate.capacity import with_capacity
    from mlpm.evaluate.metrics import score_sweep
    from mlpm.evaluate.money import Costs
    from mlpm.project.decision import DecisionSettings
    from mlpm.project.pipeline import run  # sklearn import is slow; only pay for it here

    if args.task == "anomaly":  # no target, no split: the most unusual rows (issue 17)
        return cli_anomaly.run(args)
    _check_train_args(args)
    settings = DecisionSettings(goal=args.goal, threshold=round(args.threshold, 2),
                                costs=Costs(cases_per_month=args.cases_per_month))
    dataset, sampled_from = _training_data(args)
    result = run(dataset, args.target, model_key=args.model, test_size=args.test_size,
                 seed=args.seed, rule=args.rule, cv_folds=args.cv, complexity=args.complexity,
                 max_rows=None if args.all_rows else max(1, args.max_rows))
    if args.capacity is not None:  # the team's capacity sets the operating point (issue 17)
        settings = with_capacity(settings, args.capacity,
                                 score_sweep(result.model, result.problem.positive_label or ""))
    payload = _train_payload(args, dataset, result, settings, sampled_from)
    if args.json:
        print(json.dumps(payload, indent=2, default=str))
        return 0
    _print_train(payload, dataset, result)
    return 0


def _check_train_args(args: argparse.Namespace) -> None:
    """Refuse option combinations that cannot work, before any data is read."""
    from mlpm.model.catalogue import CATALOGUE

    spec = CATALOGUE.get(args.model or "")
    if args.save_model and args.no_record:
        raise UserError("--save-model stores the model with its run, and --no-record records no "
                        "run.", "Leave out one of the two.")
    if not args.target and not (spec and spec.tasks == ("clustering",)):
        raise UserError("Say which column to predict with --target.",
                        "Or find groups without a target: --model kmeans (or hierarchical).")
    if not 0.0 <= args.threshold <= 1.0:
        raise UserError("The threshold must be between 0 and 1.", "For example --threshold 0.4.")


def _training_data(args: argparse.Namespace) -> tuple[Dataset, object]:
    """The table to train on, and what it was sampled from (None when it was read whole)."""
    if scale.where_it_lies(args):  # too big to load, or in a database: train on a sample of it
        from dataclasses import replace

        from mlpm.explain.scale import sample_sentence

        dataset, sampled_from = scale.sample_where_it_lies(args)
        note = sample_sentence(sampled_from["rows"], dataset.n_rows, sampled_from["engine"])
        sampled_from["coverage"] = note
        return replace(dataset, source_note=note), sampled_from
    from mlpm.data.load import load_table

    return load_table(args.file), None


def _train_payload(args: argparse.Namespace, dataset: Dataset, result: RunResult,
                   settings: DecisionSettings, sampled_from: object) -> dict[str, object]:
    """``mlpm train --json``: every key in its stable order; the run is recorded last."""
    from mlpm.evaluate.pilot import PilotInputs
    from mlpm.evaluate.rollout import rollout, rollout_json

    problem = result.problem
    pilot = PilotInputs(action_effect=args.action_effect, min_effect=args.min_effect)
    capacity, pilot_plan = rollout_json(rollout(
        result.model, problem.positive_label, settings, rule=result.rule, pilot=pilot))
    rule = result.model_report(result.rule, settings.threshold) if result.rule else None
    binary_threshold = settings.threshold if problem.task == "binary" else None
    return {
        "dataset": dataset.summary(),
        "target": problem.target,
        "task": problem.task,
        "positive_label": problem.positive_label,
        "threshold": binary_threshold,
        "goal": settings.goal_for(problem.task).key,
        "features": list(problem.features),
        "split": {"test_size": args.test_size, "seed": args.seed, **result.split.counts()},
        **result.model_report(result.model, settings.threshold),
        "fit_seconds": round(result.model.fit_seconds, 4),
        "baseline": result.model_report(result.baseline, settings.threshold),
        "rule": rule,
        "rule_text": result.rule.settings["rule"] if result.rule else None,
        "baselines": {"no_learning": result.model_report(result.baseline, settings.threshold),
                      "rule": rule},
        "cv": {"folds": args.cv, "folds_used": result.model.cv_folds or None,
               "metric": _cv_metric(result, settings), "threshold": binary_threshold,
               **{m.kind: _cv(m, problem.positive_label, settings)
                  for m in result.contenders}},
        "trained_on": result.model.trained_on,
        "importance": _importance(dataset, result, settings),
        "text_words": _text_words(dataset, result),
        "sampled_from": sampled_from,
        "comparisons": _comparisons(result, settings),
        "capacity": capacity,
        "pilot": pilot_plan,
        **(_no_runs(result) if args.no_record
           else _record(dataset, result, args.save_model, settings)),
    }


def _comparisons(result: RunResult, settings: DecisionSettings) -> list[dict[str, object]]:
    """The model against each baseline ("catches N more … per 1,000 cases"), in words too."""
    from mlpm.explain.safe import plain
    from mlpm.explain.training import comparison_sentence, comparison_title

    return [{"against": c.other_kind, "verdict": c.verdict, "title": comparison_title(c),
             "sentence": plain(comparison_sentence(c, result.problem)),
             "per_1000": {"caught": c.caught, "false_alarms": c.false_alarms, "right": c.right},
             "score": c.best_score, "other_score": c.other_score,
             "spread": c.spread, "metric": c.metric, "threshold": c.threshold}
            for c in result.comparisons(settings)]


def _print_train(payload: dict[str, Any], dataset: Dataset, result: RunResult) -> None:
    """The default output: one line per metric (scripts parse it); the run id on stderr."""
    problem = result.problem
    rule = payload["rule"]
    what = (f"target {problem.target}" if problem.is_supervised else "no target")
    print(f"{payload['name']} on {dataset.name} ({problem.describe}, {what})")
    for name, value in payload["metrics"].items():
        base = payload["baseline"]["metrics"].get(name)
        line = f"  {name:<12} {_num(value)}   baseline {_num(base)}"
        if rule is not None:
            line += f"   rule {_num(rule['metrics'].get(name))}"
        print(line)
    if rule is not None:  # the default output stays one line per metric (scripts parse it)
        for comparison in payload["comparisons"]:
            print(f"{comparison['title']}: {comparison['sentence']}")
    if payload["run_id"] is not None:  # on stderr: stdout stays one line per metric
        saved = " with its fitted model" if payload["model_saved"] else ""
        print(f"mlpm: recorded as run #{payload['run_id']}{saved} in the run history "
              f"(baseline #{payload['baseline_run_id']}).", file=sys.stderr)


def _importance(dataset: Dataset, result: RunResult,
                settings: DecisionSettings) -> list[dict[str, object]]:
    """What drives the model: permutation importance on the test rows in the decision metric
    at the threshold, most important first (``[]`` without a target)."""
    from mlpm.evaluate.importance import model_importance

    found = model_importance(result.model, dataset, result.problem, settings)
    return found.records() if found is not None else []


def _text_words(dataset: Dataset, result: RunResult) -> dict[str, dict[str, list[dict]]]:
    """For each free-text feature, the words that come with each outcome (``{}`` without free
    text or for numbers): the same figures as Problem & features."""
    from dataclasses import asdict

    from mlpm.model.features import text_signals

    signals = text_signals(dataset, result.problem)
    return {column: {label: [asdict(link) for link in links] for label, links in by_label.items()}
            for column, by_label in signals.items() if column in result.problem.features}


def _no_runs(result: RunResult) -> dict[str, object]:
    """The run keys when nothing was recorded (same keys, so scripts need no special case)."""
    return {"run_id": None, "baseline_run_id": None,
            **({"rule_run_id": None} if result.rule is not None else {}), "model_saved": False}


def _record(dataset: Dataset, result: RunResult, save: bool,
            settings: DecisionSettings) -> dict[str, object]:
    """Record the model, its baseline (and the rule) as the Train page does; never fail training.

    Same fields as the app's ``record_run``: the threshold the metrics were taken at, the
    default costs, one batch per split. A store that cannot be reached or written costs one
    line on stderr and ``run_id: null``, as the app shows one warning and keeps going.
    """
    from mlpm.lifecycle.store import open_store
    from mlpm.lifecycle.store.capture import batch_of, record_model
    from mlpm.lifecycle.store.model_files import save_model

    out = _no_runs(result)
    what = "this run was not saved to the run history"
    try:
        store = open_store()
        for name, trained in (("run_id", result.model), ("baseline_run_id", result.baseline),
                              ("rule_run_id", result.rule)):
            if trained is not None:
                out[name] = record_model(store, dataset, result.problem, result.split, trained,
                                         threshold=settings.threshold, costs=settings.costs,
                                         goal=settings.goal,
                                         batch=batch_of(result.split.key)).id
        what = "the fitted model was not saved"
        if save:
            save_model(store, int(out["run_id"]), result.model.pipeline)  # type: ignore[arg-type]
            out["model_saved"] = True
    except Exception as error:  # noqa: BLE001 - the history must never break training
        details = str(error) if isinstance(error, UserError) else f"{type(error).__name__}: {error}"
        print(f"mlpm: {what} ({' '.join(details.split())}). Training itself worked.",
              file=sys.stderr)
    return out


def _cv_metric(result: RunResult, settings: DecisionSettings) -> str | None:
    """The metric the verdicts use (the cross-validated scores below are in it)."""
    if not result.model.cv_metric:
        return None
    return "silhouette" if not result.problem.is_supervised \
        else settings.metric_for(result.problem.task)


def _cv(model: TrainedModel, positive_label: str | None,
        settings: DecisionSettings) -> dict[str, object] | None:
    """Each fold's score in the decision metric at the threshold: the spread the verdicts use."""
    from mlpm.evaluate.leaderboard import fold_scores

    scores = fold_scores(model, positive_label, settings)
    if scores is None:
        return None
    return {"mean": float(scores.mean()), "spread": float(scores.std()),
            "scores": [float(s) for s in scores]}


def _num(value: object) -> str:
    return f"{value:8.3f}" if isinstance(value, int | float) else f"{'–':>8}"


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``mlpm`` console script.

    ``mlpm review`` run as a process (no ``argv``) ends with ``os._exit`` once its output is
    flushed: tearing down a million-row table (freeing ~1 GB, finalising modules) cost ~70 ms
    after the answer was printed, and pyarrow's thread pool could abort at interpreter exit
    ("terminate called without an active exception", exit code 134)."""
    code = _main(argv)
    if argv is None and sys.argv[1:2] == ["review"]:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BrokenPipeError:
            code = _reader_gone()
        os._exit(code)
    return code


def _reader_gone() -> int:
    """The reader of our output went away (``mlpm review x | head``): not mlpm's fault, so no
    "something went wrong"; further writes go nowhere (the Python docs' recipe)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 1


def _main(argv: list[str] | None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "review" and argv is None:  # a process of its own: see cli/memory.py
        keep_freed_memory()
    if args.command == "review" and Path(args.file).suffix.lower() in (".csv", ".txt") \
            and not scale.where_it_lies(args):
        from mlpm.data.arrow_csv import Prefetch  # pyarrow only: pandas is not imported yet

        prefetch = Prefetch(args.file)
        handlers_review = lambda a: _cmd_review(a, prefetch)
    else:
        handlers_review = _cmd_review
    handlers = {"app": _cmd_app, "review": handlers_review, "train": _cmd_train,
                "report": cli_report.run, "curves": cli_curves.run, "serve": cli_serve.run,
                **cli_lifecycle.HANDLERS}
    try:
        return handlers[args.command](args)
    except UserError as exc:
        print(f"mlpm: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return _reader_gone()
    except Exception as exc:  # a bug, not the user's fault: one line, details on request
        if os.environ.get("MLPM_DEBUG"):
            raise
        print(f"mlpm: something went wrong inside mlpm ({type(exc).__name__}: {exc}). "
              "Set MLPM_DEBUG=1 to see details.", file=sys.stderr)
        return 1

