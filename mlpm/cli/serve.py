"""``mlpm serve RUN_ID``: a stored run's saved model as an HTTP API (docs/hosting.md).

``--bench`` measures instead of serving: a child server on a free port of 127.0.0.1, a bounded
load at a few concurrency levels, latency percentiles and throughput as JSON, then the child
is stopped. JSON keys are a stable interface (add keys, never rename).
"""

from __future__ import annotations

import argparse
import json
import sys

from mlpm.errors import UserError


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``serve`` on the ``mlpm`` parser."""
    serve = sub.add_parser("serve", help="serve a stored run's saved model over HTTP "
                                         "(POST /predict, /predict.csv; GET /health, /model)")
    serve.add_argument("run_id", type=int)
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1: this machine only)")
    serve.add_argument("--port", type=int, default=8700)
    serve.add_argument("--max-rows", type=int, default=10_000,
                       help="rows one request may hold (default 10,000)")
    serve.add_argument("--max-body-mb", type=float, default=10.0,
                       help="largest request body in MB (default 10)")
    serve.add_argument("--no-log", action="store_true",
                       help="do not log served predictions to the run store")
    serve.add_argument("--log-every", type=float, default=5.0, metavar="SECONDS",
                       help="write the traffic log every this many seconds (default 5)")
    serve.add_argument("--bench", action="store_true",
                       help="measure latency and throughput on 127.0.0.1 and print JSON")
    serve.add_argument("--seconds", type=float, default=2.0,
                       help="--bench: seconds per concurrency level (default 2, at most 30)")
    serve.add_argument("--concurrency", default="1,4,16",
                       help="--bench: concurrency levels, comma-separated (default 1,4,16)")
    serve.add_argument("--batch", type=int, default=1,
                       help="--bench: rows per request (default 1)")


def run(args: argparse.Namespace) -> int:
    if args.bench:
        return _bench(args)
    return _serve(args)


def _serve(args: argparse.Namespace) -> int:
    from threadpoolctl import threadpool_limits

    from mlpm.lifecycle.serving.app import create_app
    from mlpm.lifecycle.serving.checks import Limits
    from mlpm.lifecycle.serving.model import load_served_model
    from mlpm.lifecycle.serving.server import run_server
    from mlpm.lifecycle.serving.traffic import TrafficLog
    from mlpm.lifecycle.store import open_store

    if args.max_rows < 1 or args.max_body_mb <= 0:
        raise UserError("--max-rows and --max-body-mb must be above 0.")
    store = open_store()
    served = load_served_model(store, args.run_id)  # refuses an untrusted model before binding
    # One thread per prediction: for a few rows, OpenMP/BLAS threads cost more than they save
    # and fight each other under concurrent requests (docs/hosting.md).
    threadpool_limits(1)
    log = None
    if not args.no_log:
        version = store.data_version(served.run.data_version)
        flagged = served.run.positive_label if served.run.task == "binary" else None
        log = TrafficLog(store, served.run.id, version.profile if version else {},
                         flagged_label=flagged, flush_seconds=max(args.log_every, 0.1))
    limits = Limits(max_body_bytes=int(args.max_body_mb * 1024 * 1024), max_rows=args.max_rows)
    app = create_app(served, limits=limits, log=log)
    where = "this machine only" if args.host in ("127.0.0.1", "localhost", "::1") else \
        "the network: anyone who can reach this address can call it"
    print(f"mlpm serve: run #{served.run.id} ({served.run.model_name}, model "
          f"{served.model_sha256}) on http://{args.host}:{args.port} ({where}). "
          "Ctrl+C stops it.", file=sys.stderr)
    try:
        run_server(app, host=args.host, port=args.port)
    finally:
        if log is not None:
            log.close()  # no-op when the app's shutdown already wrote the last batch
    return 0


def _bench(args: argparse.Namespace) -> int:
    from mlpm.lifecycle.serving.bench import measure_run
    from mlpm.lifecycle.store import open_store

    try:
        levels = tuple(int(v) for v in args.concurrency.split(",") if v.strip())
    except ValueError as error:
        raise UserError("--concurrency takes numbers like 1,4,16.") from error
    if not levels or min(levels) < 1 or max(levels) > 64:
        raise UserError("--concurrency levels must be between 1 and 64.")
    seconds = min(max(args.seconds, 0.2), 30.0)
    store = open_store()
    result = measure_run(store, args.run_id, levels=levels, seconds=seconds,
                         rows_per_request=args.batch, max_rows=args.max_rows)
    run = store.get(args.run_id)
    print(json.dumps({"run": run.id, "seconds_per_level": seconds, **result.as_dict()},
                     indent=2))
    return 0
