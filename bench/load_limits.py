"""What does refusing a decompression bomb cost, and how much memory does a cell take?
(a benchmark, not a test)

Part 1 builds the files of issue 13 (streaming, so this script never holds them unpacked) and
runs ``mlpm review FILE`` on each in a fresh process at the default limits, printing the exit
code, the error line, the time to refuse and the process's peak resident memory (and its
resident memory after importing mlpm, the floor):

* 1 GiB of ``0,0`` lines gzipped (1.0 MB), 4 GiB of zero bytes gzipped (4 MB),
  4 GiB of zero bytes in a zip (4 MB), and a plain 190 MiB CSV of ``0,0`` lines.

Part 2 measures the peak memory per cell of ``load_table`` and then ``review`` for three kinds
of table (whole numbers, a realistic mix, every cell a different string): the figures behind
``MLPM_MAX_CELLS`` in ``mlpm/data/limits.py``. Run: ``python bench/load_limits.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import zipfile
import zlib
from pathlib import Path

CACHE = Path(os.environ.get("MLPM_BENCH_DIR", Path(tempfile.gettempdir()) / "mlpm-bench"))
MiB = 1 << 20

REFUSE = r"""
import contextlib, io, json, resource, sys, time
from mlpm.cli.main import main
rss = lambda: int(open("/proc/self/statm").read().split()[1]) * 4096 / 2**20
floor = rss()
err = io.StringIO()
started = time.perf_counter()
with contextlib.redirect_stderr(err):
    code = main(["review", sys.argv[1], "--json"])
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"code": code, "err": err.getvalue().strip(), "seconds": seconds,
                  "floor_mb": floor, "peak_mb": peak}))
"""

PER_CELL = r"""
import json, resource, sys
import numpy as np, pandas as pd
from mlpm.data.load import load_table
from mlpm.data.quality import review
kind, rows = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(0)
if kind == "whole numbers":
    frame = pd.DataFrame({"a": rng.integers(0, 9, rows), "b": rng.integers(0, 9, rows)})
elif kind == "mix":
    frame = pd.DataFrame({"id": [f"C{i}" for i in range(rows)], "x": rng.random(rows).round(2),
                          "k": rng.integers(0, 9, rows), "c": rng.choice(["a", "bb", "ccc"], rows),
                          "y": rng.choice(["yes", "no"], rows)})
else:
    frame = pd.DataFrame({"a": [f"x{i}" for i in range(rows)], "b": [f"y{i}" for i in range(rows)]})
data = frame.to_csv(index=False).encode()
del frame
rss = lambda: int(open("/proc/self/statm").read().split()[1]) * 4096 / 2**20
peak = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
before = rss()
dataset = load_table(data, "t.csv")
loaded = peak() - before
del data
review(dataset)
cells = dataset.frame.size
print(json.dumps({"cells": cells, "load": loaded * 2**20 / cells,
                  "review": (peak() - before) * 2**20 / cells}))
"""


def _repeat(path: Path, piece: bytes, total: int, pack: str) -> Path:
    """Write ``total`` bytes of ``piece`` repeated, gzipped or zipped, a MiB at a time."""
    if path.exists():
        return path
    block = piece * (MiB // len(piece))
    tmp = path.with_suffix(".tmp")
    if pack == "gzip":
        squeeze = zlib.compressobj(9, zlib.DEFLATED, 31)
        with tmp.open("wb") as out:
            for _ in range(total // MiB):
                out.write(squeeze.compress(block))
            out.write(squeeze.flush())
    elif pack == "zip":
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive, \
                archive.open("data.csv", "w", force_zip64=True) as member:
            for _ in range(total // MiB):
                member.write(block)
    else:
        with tmp.open("wb") as out:
            out.write(b"a,b\n")
            for _ in range(total // MiB):
                out.write(block)
    tmp.rename(path)
    return path


def main() -> None:
    CACHE.mkdir(parents=True, exist_ok=True)
    files = {
        "1 GiB of 0,0 lines, gzip": _repeat(CACHE / "bomb_lines.csv.gz", b"0,0\n", 1 << 30, "gzip"),
        "4 GiB of zero bytes, gzip": _repeat(CACHE / "bomb_zeros.csv.gz", b"\0", 4 << 30, "gzip"),
        "4 GiB of zero bytes, zip": _repeat(CACHE / "bomb_zeros.zip", b"\0", 4 << 30, "zip"),
        "190 MiB CSV of 0,0 lines": _repeat(CACHE / "plain_lines.csv", b"0,0\n", 190 * MiB, ""),
    }
    env = {k: v for k, v in os.environ.items() if not k.startswith("MLPM_MAX_")}
    print("| file | size | exit | refused in | peak memory (after import) | message |")
    print("|---|---|---|---|---|---|")
    for label, path in files.items():
        run = subprocess.run([sys.executable, "-c", REFUSE, str(path)], capture_output=True,
                             text=True, env=env, check=True)
        got = json.loads(run.stdout.strip().splitlines()[-1])
        print(f"| {label} | {path.stat().st_size / MiB:.1f} MB | {got['code']} | "
              f"{got['seconds']:.2f} s | {got['peak_mb']:.0f} MB ({got['floor_mb']:.0f} MB) | "
              f"{got['err'][:90]}… |")
    print("\n| table | cells | load, bytes per cell | load + review, bytes per cell |")
    print("|---|---|---|---|")
    for kind, rows in (("whole numbers", 5_000_000), ("mix", 1_000_000),
                       ("distinct strings", 2_000_000)):
        run = subprocess.run([sys.executable, "-c", PER_CELL, kind, str(rows)],
                             capture_output=True, text=True, env=env, check=True)
        got = json.loads(run.stdout.strip().splitlines()[-1])
        print(f"| {kind} | {got['cells']:,} | {got['load']:.0f} | {got['review']:.0f} |")


if __name__ == "__main__":
    main()
