"""Past one machine (issue 16): review data where it lives, run heavy model work on a cluster.

* :mod:`mlpm.scale.sql` — every profile query, written once as portable SQL (DuckDB and
  PostgreSQL, and any warehouse that speaks standard SQL);
* :mod:`mlpm.scale.sources` — where the rows are: a Parquet file or folder or a big CSV (DuckDB,
  out of core) or a table/query behind a SQLAlchemy URL (the profiles run inside the database);
* :mod:`mlpm.scale.review` — the review of every row from those profiles, plus a stratified
  sample of rows for the checks and training that need rows;
* :mod:`mlpm.scale.compute` — where cross-validation and curves run (local cores or Dask).
"""
