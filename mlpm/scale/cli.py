"""``mlpm review`` over a file too big for memory or a database table (issue 16).

Kept apart from :mod:`mlpm.cli` so the command there only asks :func:`where_it_lies` and
calls :func:`review_where_it_lies`.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from mlpm.data.readiness import SAMPLE_ROWS
from mlpm.scale.review import ScaledReview

AUTO_MB_ENV = "MLPM_OUT_OF_CORE_MB"
AUTO_MB = 200  # files above this size are reviewed by DuckDB unless --in-memory


def add_review_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--table", help="with a database URL: the table to review")
    parser.add_argument("--query", help="with a database URL: the SQL whose rows to review")
    parser.add_argument("--out-of-core", action="store_true",
                        help="review every row with DuckDB without loading the table "
                             f"(automatic for folders, database URLs and files above "
                             f"{AUTO_MB} MB)")
    parser.add_argument("--sample-rows", type=int, default=SAMPLE_ROWS,
                        help="out of core: rows of the stratified sample the row checks and "
                             f"training use (default {SAMPLE_ROWS:,})")


def where_it_lies(args: argparse.Namespace) -> bool:
    """Review where the data lives: asked for, a URL or folder, or a file too big to load."""
    if args.out_of_core or args.table or args.query or "://" in args.file:
        return True
    path = Path(args.file).expanduser()
    if path.is_dir():
        return True
    limit = float(os.environ.get(AUTO_MB_ENV, AUTO_MB))
    return path.is_file() and path.stat().st_size > limit * 1e6 \
        and path.name.lower().endswith((".parquet", ".pq", ".csv", ".tsv"))


def review_where_it_lies(args: argparse.Namespace) -> ScaledReview:
    from mlpm.errors import UserError
    from mlpm.scale.review import review_source
    from mlpm.scale.sources import open_source

    if args.sample_rows < 100:
        raise UserError("--sample-rows must be at least 100.", "The default is 50,000.")
    source = open_source(args.file, table=args.table, query=args.query)
    try:
        return review_source(source, args.target, sample_rows=args.sample_rows)
    finally:
        source.close()
