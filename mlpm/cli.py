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

from mlpm.data.load import load_table
from mlpm.data.quality import review
from mlpm.errors import UserError

APP_PATH = Path(__file__).resolve().parent.parent / "app.py"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mlpm", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    app = sub.add_parser("app", help="start the web app")
    app.add_argument("--port", type=int, default=8501)
    app.add_argument("--address", default="127.0.0.1")

    rev = sub.add_parser("review", help="review a data file: columns and alerts")
    rev.add_argument("file")
    rev.add_argument("--target")
    rev.add_argument("--json", action="store_true", help="print machine-readable JSON")

    tr = sub.add_parser("train", help="train a model and its baseline, print test metrics")
    tr.add_argument("file")
    tr.add_argument("--target", required=True)
    tr.add_argument("--model", help="catalogue key, e.g. logistic, tree, linear, tree_reg")
    tr.add_argument("--test-size", type=float, default=0.2)
    tr.add_argument("--seed", type=int, default=42)
    tr.add_argument("--json", action="store_true", help="print machine-readable JSON")
    return parser


def _cmd_app(args: argparse.Namespace) -> int:
    command = [sys.executable, "-m", "streamlit", "run", str(APP_PATH),
               "--server.port", str(args.port), "--server.address", args.address,
               "--browser.gatherUsageStats", "false"]
    return subprocess.call(command, cwd=APP_PATH.parent, env=os.environ.copy())


def _cmd_review(args: argparse.Namespace) -> int:
    dataset = load_table(args.file)
    report = review(dataset, target=args.target)
    if args.json:
        print(json.dumps(report.as_dict(), indent=2, default=str))
        return 0
    info = report.dataset
    print(f"{info['name']}: {info['rows']:,} rows x {info['columns']} columns, "
          f"data version {info['version']}")
    for alert in report.alerts:
        print(f"[{alert.severity}] {alert.kind}: {alert.message} -> {alert.action}")
    if not report.alerts:
        print("No alerts.")
    return 0


def _cmd_train(args: argparse.Namespace) -> int:
    from mlpm.pipeline import run  # sklearn import is slow; only pay for it here

    dataset = load_table(args.file)
    result = run(dataset, args.target, model_key=args.model, test_size=args.test_size,
                 seed=args.seed)
    problem = result.problem
    payload = {
        "dataset": dataset.summary(),
        "target": problem.target,
        "task": problem.task,
        "positive_label": problem.positive_label,
        "features": list(problem.features),
        "split": {"test_size": args.test_size, "seed": args.seed, **result.split.counts()},
        **result.model_report(result.model),
        "fit_seconds": round(result.model.fit_seconds, 4),
        "baseline": result.model_report(result.baseline),
    }
    if args.json:
        print(json.dumps(payload, indent=2, default=str))
        return 0
    print(f"{payload['name']} on {dataset.name} ({problem.describe}, target {problem.target})")
    for name, value in payload["metrics"].items():
        base = payload["baseline"]["metrics"].get(name)
        print(f"  {name:<12} {value:8.3f}   baseline {base:8.3f}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``mlpm`` console script."""
    args = _parser().parse_args(argv)
    handlers = {"app": _cmd_app, "review": _cmd_review, "train": _cmd_train}
    try:
        return handlers[args.command](args)
    except UserError as exc:
        print(f"mlpm: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug, not the user's fault: one line, details on request
        if os.environ.get("MLPM_DEBUG"):
            raise
        print(f"mlpm: something went wrong inside mlpm ({type(exc).__name__}: {exc}). "
              "Set MLPM_DEBUG=1 to see details.", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
