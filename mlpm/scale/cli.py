"""``mlpm review`` over a file too big for memory or a database table (issue 16).

Kept apart from :mod:`mlpm.cli.main` so the command there only asks :func:`where_it_lies` and
calls :func:`review_where_it_lies`.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from mlpm.data.limits import SAMPLE_ROWS, max_cells

if TYPE_CHECKING:
    from mlpm.data.dataset import Dataset
    from mlpm.scale.review import ScaledReview

AUTO_MB_ENV = "MLPM_OUT_OF_CORE_MB"
AUTO_MB = 200  # files above this size are reviewed by DuckDB unless --in-memory


def add_review_arguments(parser: argparse.ArgumentParser, verb: str = "review") -> None:
    parser.add_argument("--table", help=f"with a database URL: the table to {verb}")
    parser.add_argument("--query", help=f"with a database URL: the SQL whose rows to {verb}")
    parser.add_argument("--out-of-core", action="store_true",
                        help="read the table with DuckDB without loading it "
                             f"(automatic for folders, database URLs and files above "
                             f"{AUTO_MB} MB)")
    parser.add_argument("--sample-rows", type=int, default=SAMPLE_ROWS,
                        help="out of core: rows of the stratified sample the row checks and "
                             f"training use (default {SAMPLE_ROWS:,})")


def where_it_lies(args: argparse.Namespace) -> bool:
    """Read where the data lives: asked for, a URL or folder, or a file too big to load (above
    200 MB, or a Parquet file with more cells than mlpm holds in memory)."""
    if args.out_of_core or args.table or args.query or "://" in args.file:
        return True
    path = Path(args.file).expanduser()
    return path.is_dir() or too_big_to_load(path)


def too_big_to_load(path: Path) -> bool:
    """A file reviewed where it lies, by the CLI and the app alike: above 200 MB
    (``MLPM_OUT_OF_CORE_MB``), or a Parquet file with more cells than mlpm holds in memory."""
    if not path.is_file() or not path.name.lower().endswith((".parquet", ".pq", ".csv", ".tsv")):
        return False
    if path.stat().st_size > float(os.environ.get(AUTO_MB_ENV, AUTO_MB)) * 1e6:
        return True
    return _parquet_cells(path) > max_cells()  # compressed: small on disk, big in memory


def _parquet_cells(path: Path) -> int:
    """Rows x columns from a Parquet footer (0 for anything else or an unreadable file)."""
    if not path.name.lower().endswith((".parquet", ".pq")):
        return 0
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(path).metadata
    except Exception:  # noqa: BLE001 - the loader reports a broken file in its own words
        return 0
    return int(meta.num_rows) * int(meta.num_columns)


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


def sample_where_it_lies(args: argparse.Namespace) -> tuple[Dataset, dict[str, object]]:
    """``mlpm train``'s table: a stratified sample (by ``--target``) drawn where the data lives,
    and the JSON block that says so (``sampled_from``; the caller adds its "coverage" words)."""
    from mlpm.errors import UserError
    from mlpm.scale.review import sample_dataset
    from mlpm.scale.sources import open_source

    if args.sample_rows < 100:
        raise UserError("--sample-rows must be at least 100.", "The default is 50,000.")
    source = open_source(args.file, table=args.table, query=args.query)
    try:
        dataset, rows = sample_dataset(source, args.target, args.sample_rows)
    finally:
        source.close()
    return dataset, {"rows": rows, "rows_sampled": dataset.n_rows, "engine": source.engine,
                     "source": source.label}
