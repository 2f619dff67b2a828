"""``mlpm train FILE --task anomaly [--share 0.02]``: the most unusual rows and why.

No target and no test part: a seeded IsolationForest scores every row (:mod:`mlpm.model.anomaly`).
JSON keys are a stable interface (add, never rename): ``task``, ``share``, ``threshold``,
``flagged``, ``rows``, ``typical_score``, ``seed``, ``features``, ``sentences``, ``top_rows``
(each ``row`` = 1-based row number, ``position`` = 0-based, ``score``, ``reasons``), ``dataset``.
"""

from __future__ import annotations

import argparse
import json

from mlpm.errors import UserError

TOP_ROWS = 10
DEFAULT_SHARE = 0.02
"""mlpm.model.anomaly.DEFAULT_SHARE, not imported: scikit-learn takes seconds to import and
``mlpm review`` / ``mlpm app`` must not pay for it (a test keeps the two equal)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--task`` and ``--share`` on ``mlpm train``."""
    parser.add_argument("--task", choices=["anomaly"],
                        help="anomaly: find the most unusual rows (no target needed)")
    parser.add_argument("--share", type=float, default=DEFAULT_SHARE,
                        help="with --task anomaly: the share of rows your team will look at "
                             f"(default {DEFAULT_SHARE}, i.e. {DEFAULT_SHARE:.0%}%)")
    parser.add_argument("--top", type=int, default=TOP_ROWS,
                        help=f"with --task anomaly: how many rows to list (default {TOP_ROWS})")


def run(args: argparse.Namespace) -> int:
    """Score every row of FILE and print the flagged ones with their reasons."""
    from mlpm.data.load import load_table
    from mlpm.explain.anomaly import report
    from mlpm.explain.safe import plain
    from mlpm.model.anomaly import anomaly_problem, check_share, detect

    if args.target:
        raise UserError("Finding unusual rows needs no target.",
                        "Leave out --target (the column is judged like the others).")
    for flag, given in (("--model", args.model), ("--rule", args.rule),
                        ("--save-model", args.save_model)):
        if given:
            raise UserError(f"{flag} is not used with --task anomaly.", f"Leave out {flag}.")
    share = check_share(args.share)
    top = max(0, int(args.top))
    dataset = load_table(args.file)
    model = detect(dataset, anomaly_problem(dataset), seed=args.seed)
    payload = {**report(model, share, top=top), "dataset": dataset.summary()}
    if args.json:
        print(json.dumps(payload, indent=2, default=str))
        return 0
    sentences = payload["sentences"]
    print(f"Unusual rows in {plain(dataset.name)} ({len(model.columns)} columns judged)")
    print(sentences["flagged"])
    print(sentences["threshold"])
    for row in payload["top_rows"]:
        reasons = "; ".join(r["sentence"] for r in row["reasons"]) or \
            "no single column is far from typical; the combination is rare"
        print(f"  row {row['row']:>7,}  score {row['score']:.3f}  {reasons}")
    return 0
