"""How fast and lean is the data review on a million rows, next to ydata-profiling?
(a benchmark, not a test)

Generates a seeded 1,000,000-row x 20-column table (floats, ints, categories, a high-cardinality
ID, a date, a binary target, 5% missing in some columns, 1% duplicate rows) as CSV, then in one
run times (best of seven interleaved runs for the read and the review):

* the raw CSV read with pyarrow (the floor: nothing can review a file faster than reading it);
* ``mlpm review``: the fingerprint (data version) plus ``review(dataset, target)`` on the frame
  mlpm loaded, with its peak memory;
* ydata-profiling ``ProfileReport(df, minimal=True).get_description()`` on the same frame (passed
  as Parquet), in its own virtual environment, because it pins versions of pandas and numpy that
  clash with mlpm's. The environment is created on first use (needs PyPI); if that fails the
  script says so and still prints mlpm's own figures.

It prints the ratios the issue asks for and whether every alert ydata-profiling raises is also
raised by mlpm. Run: ``python bench/review.py [--rows N] [--no-ydata]``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

CACHE = Path(os.environ.get("MLPM_BENCH_DIR", Path(tempfile.gettempdir()) / "mlpm-bench"))
YDATA_VENV = CACHE / "ydata-venv"
ROUNDS = 7  # best of 7 interleaved runs each: a shared 2-core VM is noisy
TARGETS = {"speed_vs_ydata": 20.0, "review_vs_read": 1.5, "memory_vs_table": 3.0}

# ydata-profiling alert type -> the mlpm alert kinds that cover it.
COVERS: dict[str, set[str]] = {
    "CONSTANT": {"constant"}, "ZEROS": {"zeros"}, "HIGH_CORRELATION": {"high_correlation"},
    "HIGH_CARDINALITY": {"high_cardinality", "id_like", "unique"},
    "IMBALANCE": {"imbalance", "target_imbalance"}, "SKEWED": {"skewed"},
    "MISSING": {"missing", "target_missing"}, "INFINITE": {"infinite"},
    "TYPE_DATE": {"dates_as_text"}, "UNIQUE": {"unique", "id_like"},
    "DUPLICATES": {"duplicates"}, "EMPTY": {"empty"}, "UNSUPPORTED": {"mixed_types"},
    "CONSTANT_LENGTH": set(), "UNIFORM": set(), "NON_STATIONARY": set(), "SEASONAL": set(),
    "REJECTED": set(),
}

YDATA_SCRIPT = r"""
import json, sys, time, warnings
warnings.filterwarnings("ignore")
import pandas as pd
from ydata_profiling import ProfileReport
frame = pd.read_parquet(sys.argv[1])
started = time.perf_counter()
description = ProfileReport(frame, minimal=True, progress_bar=False).get_description()
seconds = time.perf_counter() - started
alerts = [[a.alert_type.name, a.column_name] for a in description.alerts]
print(json.dumps({"seconds": seconds, "alerts": alerts}))
"""


def make_table(rows: int, seed: int = 0) -> pa.Table:
    """The seeded mixed table the issue describes."""
    rng = np.random.default_rng(seed)

    def with_missing(values: np.ndarray, share: float = 0.05) -> pa.Array:
        return pa.array(values, mask=rng.random(rows) < share)

    columns = {
        "customer_id": pa.array([f"C{i:09d}" for i in rng.permutation(rows)]),
        "age": with_missing(rng.integers(18, 90, rows)),
        "income": with_missing(np.round(rng.lognormal(10, 0.6, rows), 2)),
        "balance": np.round(rng.normal(2_000, 800, rows), 2),
        "tenure_months": rng.integers(0, 120, rows),
        "visits_last_month": rng.poisson(3, rows),
        "support_calls": with_missing(rng.poisson(0.4, rows).astype(float)),
        "discount_rate": np.round(rng.uniform(0, 0.3, rows), 4),
        "basket_value": np.round(rng.gamma(2, 30, rows), 2),
        "pages_per_visit": np.round(rng.exponential(4, rows), 2),
        "satisfaction": with_missing(rng.integers(1, 6, rows)),
        "plan": rng.choice(["basic", "plus", "premium", "business"], rows, p=[.5, .3, .15, .05]),
        "region": with_missing(rng.choice([f"region_{k:02d}" for k in range(40)], rows)),
        "channel": rng.choice(["web", "app", "store"], rows),
        "device": rng.choice(["phone", "desktop", "tablet"], rows, p=[.6, .35, .05]),
        "payment": rng.choice(["card", "invoice", "paypal", "bank"], rows),
        "newsletter": rng.choice(["yes", "no"], rows),
        "country": rng.choice(["NL", "DE", "FR", "BE", "ES", "IT"], rows),
        "signup_date": (np.datetime64("2022-01-01") + rng.integers(0, 1_400, rows)
                        .astype("timedelta64[D]")).astype(str),
        "churned": rng.choice([0, 1], rows, p=[.8, .2]),
    }
    table = pa.table({k: v if isinstance(v, pa.Array) else pa.array(v) for k, v in columns.items()})
    copies = rng.choice(rows, rows // 100, replace=False)  # 1% of rows repeat another row
    sources = rng.choice(np.setdiff1d(np.arange(rows), copies), len(copies), replace=False)
    order = np.arange(rows)
    order[copies] = sources
    return table.take(pa.array(order))


def csv_path(rows: int) -> Path:
    path = CACHE / f"review_{rows}.csv"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        pacsv.write_csv(make_table(rows), path)
        print(f"generated {path} in {time.perf_counter() - started:.1f} s")
    return path


def _rss() -> tuple[int, int]:
    """(current, peak) resident memory of this process in bytes (Linux)."""
    values = {}
    with open("/proc/self/status") as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) * 1024
    return values["VmRSS"], values["VmHWM"]


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _memory_in_child(parquet: Path) -> int | None:
    """Extra resident memory a review needs on top of the loaded table, measured in a fresh
    process (peak RSS during the review minus RSS just before it)."""
    done = subprocess.run([sys.executable, __file__, "--memory-child", str(parquet)],
                          capture_output=True, text=True, check=False)
    try:
        return int(done.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return None


def _memory_child(parquet: str) -> None:
    import gc

    from mlpm.data.dataset import Dataset
    from mlpm.data.quality import review

    frame = pd.read_parquet(parquet)
    gc.collect()
    before, _ = _rss()
    if not _reset_peak():
        print("none")
        return
    review(Dataset(frame, "bench"), target="churned")
    _, peak = _rss()
    print(max(peak - before, 0))


def ydata_python() -> Path | None:
    """The ydata-profiling interpreter, creating its venv on first use; None if impossible."""
    python = YDATA_VENV / "bin" / "python"
    check = [str(python), "-c", "import ydata_profiling, pyarrow"]
    if python.exists() and subprocess.run(check, capture_output=True, check=False).returncode == 0:
        return python
    print(f"installing ydata-profiling into {YDATA_VENV} (first run only)…", flush=True)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(YDATA_VENV)], check=True,
                       capture_output=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "ydata-profiling", "pyarrow",
                        "setuptools"], check=True, capture_output=True, timeout=900)
    except (subprocess.SubprocessError, OSError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        print("ydata-profiling could NOT be installed here, so its time and alerts are not "
              f"compared ({type(exc).__name__}: {detail.decode(errors='replace')[-300:]}).")
        return None
    ok = subprocess.run(check, capture_output=True, check=False).returncode == 0
    return python if ok else None


def run_ydata(frame: pd.DataFrame) -> dict | None:
    python = ydata_python()
    if python is None:
        return None
    parquet = CACHE / "review_frame.parquet"
    done = subprocess.run([str(python), "-c", YDATA_SCRIPT, str(parquet)], capture_output=True,
                          text=True, check=False, timeout=1_800)
    if done.returncode != 0:
        print(f"ydata-profiling failed: {done.stderr[-800:]}")
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    from mlpm.data.dataset import Dataset
    from mlpm.data.load import load_table
    from mlpm.data.quality import review

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--no-ydata", action="store_true", help="only mlpm's own figures")
    parser.add_argument("--memory-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        _memory_child(args.memory_child)
        return

    path = csv_path(args.rows)
    pacsv.read_csv(path)  # warm the file cache so both reads see the same disk

    started = time.perf_counter()
    loaded = load_table(path)
    load_seconds = time.perf_counter() - started
    frame = loaded.frame
    table_bytes = int(frame.memory_usage(deep=True).sum())

    # Best of ROUNDS interleaved runs: the raw read, then a fresh fingerprint + review.
    reads, reviews, report = [], [], None
    for _ in range(ROUNDS):
        started = time.perf_counter()
        pacsv.read_csv(path)
        reads.append(time.perf_counter() - started)
        started = time.perf_counter()
        dataset = Dataset(frame, path.name)  # the fingerprint: part of reviewing a new table
        this = review(dataset, target="churned")
        reviews.append(time.perf_counter() - started)
        if reviews[-1] == min(reviews):
            report = this
    raw_read, ours = min(reads), min(reviews)
    median_ratio = float(np.median(np.array(reviews) / np.array(reads)))
    parquet = CACHE / "review_frame.parquet"
    frame.to_parquet(parquet, index=False)
    extra = _memory_in_child(parquet)
    peak_reset = extra is not None
    extra = extra or 0

    print(f"table: {args.rows:,} rows x {frame.shape[1]} columns, {table_bytes / 1e6:,.0f} MB "
          "in memory")
    print(f"raw CSV read (pyarrow):          {raw_read:7.2f} s")
    print(f"mlpm load_table (read + sniff):  {load_seconds:7.2f} s   (informational)")
    print(f"mlpm review (version + review):  {ours:7.2f} s   "
          f"{report.seconds:.2f} s of it the review itself")
    ratio_read = ours / raw_read
    print(f"review / raw read:               {ratio_read:7.2f}x  (target <= "
          f"{TARGETS['review_vs_read']}x; median of the {ROUNDS} paired runs "
          f"{median_ratio:.2f}x)")
    if peak_reset:
        memory_ratio = (table_bytes + extra) / table_bytes
        print(f"peak memory while reviewing:     {(table_bytes + extra) / 1e6:7.0f} MB = table + "
              f"{extra / 1e6:,.0f} MB = {memory_ratio:.2f}x the table  (target <= "
              f"{TARGETS['memory_vs_table']}x)")
    else:
        print("peak memory: cannot reset the peak counter here, not measured")
    kinds = sorted({a.kind for a in report.alerts})
    print(f"mlpm alerts: {len(report.alerts)} ({', '.join(kinds)})")

    if args.no_ydata:
        return
    theirs = run_ydata(frame)
    if theirs is None:
        print("ydata-profiling: not run (see above); mlpm's figures stand on their own.")
        return
    print(f"ydata-profiling minimal:         {theirs['seconds']:7.2f} s")
    print(f"ydata / mlpm review:             {theirs['seconds'] / ours:7.1f}x faster  "
          f"(target >= {TARGETS['speed_vs_ydata']:.0f}x)")
    ours_by_column = {(a.kind, c) for a in report.alerts for c in a.columns}
    ours_table = {a.kind for a in report.alerts if not a.columns}
    missed = []
    for kind, column in theirs["alerts"]:
        covers = COVERS.get(kind, set())
        hit = (any((k, column) in ours_by_column for k in covers) if column
               else bool(covers & ours_table))
        if not hit:
            missed.append(f"{kind} on {column or 'the table'}")
    print(f"ydata-profiling alerts: {len(theirs['alerts'])}; also raised by mlpm: "
          f"{len(theirs['alerts']) - len(missed)}"
          + (f"; missed: {', '.join(missed)}" if missed else " (all of them)"))


if __name__ == "__main__":
    main()
