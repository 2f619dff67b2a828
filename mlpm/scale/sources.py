"""Where the rows are: a big file read by DuckDB, or a table in a database.

A source answers SQL (:mod:`mlpm.scale.sql`) and hands back small results: counts, the most
common values, a sample. Neither ever holds the table: DuckDB streams Parquet/CSV with a
memory limit (spilling to a temporary folder), and a database runs the queries itself.

Credentials never leave this module: a source is shown by :attr:`Source.label` (the URL with
its password hidden by SQLAlchemy), and every error message is rebuilt from that label, with
the password scrubbed out of anything a driver said.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from mlpm.errors import UserError
from mlpm.scale.sql import Column, Dialect, ProfileSql, ident, literal

MEMORY_ENV = "MLPM_DUCKDB_MEMORY"  # DuckDB's memory limit (default 1GB): it spills beyond it
FILE_SUFFIXES = (".parquet", ".pq", ".csv", ".tsv", ".txt", ".csv.gz", ".tsv.gz")


class SourceError(UserError):
    """A source could not be opened or a query over it failed (one line, no credentials)."""


def _kind(column: pd.Series) -> str:
    dtype = column.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if pd.api.types.is_integer_dtype(dtype):
        return "int"
    if pd.api.types.is_float_dtype(dtype):
        return "float"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "date"
    present = column.dropna()
    if pd.api.types.is_string_dtype(dtype) and all(isinstance(v, str) for v in present[:100]):
        return "text"
    return "other"  # dates, decimals, JSON … read as objects: counted, not parsed by SQL


def columns_of(frame: pd.DataFrame) -> list[Column]:
    """Each column's SQL kind, from a few rows read with the driver's own types."""
    return [Column(str(name), _kind(frame[name])) for name in frame.columns]  # type: ignore[arg-type]


@dataclass
class Source:
    """A table somewhere, asked with SQL. Subclasses: :class:`FileSource`, :class:`DatabaseSource`."""

    label: str  # what the PM sees: a file name, or the URL without its password
    engine: str  # "duckdb" | "postgresql" | …
    dialect: Dialect
    source_sql: str
    _secret: str = field(default="", repr=False)

    @property
    def sql(self) -> ProfileSql:
        return ProfileSql(self.dialect, self.source_sql)

    def rows(self, query: str) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def frame(self, query: str) -> pd.DataFrame:
        raise NotImplementedError

    def close(self) -> None:
        """Let go of connections (a source is cheap to open again)."""

    def scrub(self, text: str) -> str:
        """``text`` with the password taken out (as typed or URL-encoded), for anything shown."""
        if not self._secret:
            return text
        from urllib.parse import quote, quote_plus

        for form in {self._secret, quote(self._secret, safe=""), quote_plus(self._secret)}:
            text = text.replace(form, "***")
        return text

    def fail(self, what: str, error: BaseException) -> SourceError:
        first = " ".join(str(error).split()).split(" (Background on this error")[0]
        first = self.scrub(first)[:300]
        return SourceError(f"{what} ({self.label}): {first}",
                           "Check the name, the query and that the data can be reached.")


# --- files, through DuckDB ---------------------------------------------------------------------


class FileSource(Source):
    """A Parquet file or folder, or a CSV larger than memory, read by DuckDB out of core."""

    def __init__(self, path: str | Path) -> None:
        import duckdb

        path = Path(path).expanduser()
        if not path.exists():
            raise SourceError(f"There is no file or folder {path.name!r}.",
                              "Check the path (a Parquet file or folder, or a CSV file).")
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in (".parquet", ".pq"))
            if not found:
                raise SourceError(f"The folder {path.name!r} holds no Parquet files.",
                                  "Point at a folder of .parquet files, or at one file.")
            _same_columns(path, found)
            reader = f"read_parquet([{', '.join(literal(str(p)) for p in found)}])"
        elif path.name.lower().endswith((".parquet", ".pq")):
            reader = f"read_parquet({literal(str(path))})"
        elif path.name.lower().endswith(FILE_SUFFIXES):
            reader = f"read_csv({literal(str(path))}, header = true, sample_size = 100000)"
        else:
            raise SourceError(f"mlpm cannot review {path.name!r} where it lies.",
                              "Use a Parquet file or folder, or a .csv/.tsv file.")
        super().__init__(label=path.name, engine="duckdb", dialect="duckdb", source_sql=reader)
        spill = Path(tempfile.gettempdir()) / "mlpm-duckdb"
        spill.mkdir(exist_ok=True)
        self._con = duckdb.connect(config={
            "memory_limit": os.environ.get(MEMORY_ENV, "1GB"),
            "temp_directory": str(spill),
            "preserve_insertion_order": False,
        })
        try:  # read the header now: a file DuckDB cannot read fails here, in one line
            self._cursor().execute(f"SELECT * FROM {reader} LIMIT 0")
        except Exception as error:  # noqa: BLE001 - any driver error, retold without credentials
            self._con.close()
            raise self.fail("DuckDB could not read the file", error) from None

    def _cursor(self) -> Any:
        """A cursor of its own: the review's checks ask from two threads at once."""
        cursor = self._con.cursor()
        # Parquet writers (pyarrow) leave NaN out of a column's min/max statistics, and
        # DuckDB's statistics propagation then folds isnan() to false and NULLIF(x, NaN) to x:
        # NaN would be counted as a value, not as missing. The scan costs the same without it.
        cursor.execute("SET disabled_optimizers = 'statistics_propagation'")
        cursor.execute("SET enable_progress_bar = false")  # it would print on stdout
        return cursor

    def rows(self, query: str) -> list[tuple[Any, ...]]:
        cursor = self._cursor()
        try:
            return cursor.execute(query).fetchall()
        except Exception as error:  # noqa: BLE001 - any driver error, retold without credentials
            raise self.fail("A query over the file failed", error) from None
        finally:
            cursor.close()

    def frame(self, query: str) -> pd.DataFrame:
        cursor = self._cursor()
        try:
            return cursor.execute(query).df()
        except Exception as error:  # noqa: BLE001 - any driver error, retold without credentials
            raise self.fail("Reading rows from the file failed", error) from None
        finally:
            cursor.close()

    def close(self) -> None:
        self._con.close()


def _same_columns(folder: Path, files: list[Path]) -> None:
    """Every Parquet file of a folder holds the same columns (read from their footers only)."""
    import pyarrow.parquet as pq

    first = None
    for file in files:
        try:
            schema = pq.read_schema(file).remove_metadata()
        except Exception:  # noqa: BLE001 - pyarrow's errors name no credentials
            raise SourceError(f"{file.name!r} in {folder.name!r} is not a readable Parquet "
                              "file.", "Remove it or fix it, then try again.") from None
        columns = [(f.name, str(f.type)) for f in schema]
        if first is None:
            first = (file, columns)
        elif columns != first[1]:
            raise SourceError(f"The Parquet files in {folder.name!r} do not all have the same "
                              f"columns ({first[0].name!r} and {file.name!r} differ).",
                              "Keep one kind of table per folder.")


# --- databases, through SQLAlchemy ---------------------------------------------------------------


def safe_url(url: str) -> str:
    """The URL as it may be shown: the password replaced by ``***`` (SQLAlchemy's own)."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - unparsable: show nothing of it
        return "(a database URL that could not be read)"


def _table_sql(table: str) -> str:
    return ".".join(ident(part) for part in table.split("."))


class DatabaseSource(Source):
    """A table (or the rows of a query) in a database SQLAlchemy speaks to.

    The profiles run inside the database; only counts, the most common values and the sample
    come back.
    """

    def __init__(self, url: str, *, table: str | None = None, query: str | None = None) -> None:
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        try:
            parsed = make_url(url)
        except Exception:  # noqa: BLE001 - unreadable URL: say so, show none of it
            raise SourceError("That is not a database URL.",
                              "For example postgresql://user@host/db.") from None
        secret = parsed.password or ""
        label = parsed.render_as_string(hide_password=True)
        if bool(table) == bool(query):
            raise SourceError("Say which rows to review: --table NAME or --query SQL.",
                              "For example --table events.")
        backend = parsed.get_backend_name()
        dialect: Dialect = "duckdb" if backend == "duckdb" else "postgresql"
        source_sql = _table_sql(table) if table else f"({query.strip().rstrip(';')})"
        what = f"{label} {'table ' + table if table else 'query'}"
        super().__init__(label=what, engine=backend, dialect=dialect, source_sql=source_sql,
                         _secret=str(secret))
        if backend.startswith("postgres") and parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        try:
            self._engine = create_engine(parsed, pool_pre_ping=True, hide_parameters=True)
        except Exception as error:  # noqa: BLE001 - any driver error, retold without credentials
            raise self.fail("mlpm cannot use this database", error) from None
        self.table = table
        if table:
            names = self.tables(table.rsplit(".", 1)[0] if "." in table else None)
            if table.rsplit(".", 1)[-1] not in names:
                shown = ", ".join(names[:10]) or "none"
                raise SourceError(f"There is no table {table!r} in {label}.",
                                  f"Tables there: {shown}.")

    @classmethod
    def tables_at(cls, url: str) -> list[str]:
        """The tables at ``url`` (for the PM to pick one), without keeping a connection."""
        source = cls(url, query="SELECT 1")
        try:
            return source.tables()
        finally:
            source.close()

    def tables(self, schema: str | None = None) -> list[str]:
        """The tables (and views) the URL's user can see, for the PM to pick from."""
        from sqlalchemy import inspect

        try:
            found = inspect(self._engine)
            return sorted([*found.get_table_names(schema=schema),
                           *found.get_view_names(schema=schema)])
        except Exception as error:  # noqa: BLE001 - any driver error, retold without credentials
            raise self.fail("mlpm could not reach the database", error) from None

    def _execute(self, query: str) -> tuple[list[tuple[Any, ...]], list[str]]:
        # Raw DB-API: the SQL is sent as written (no ':name' or '%' parameter parsing), and a
        # PostgreSQL sample's setseed() runs in the same session as its random().
        try:
            connection = self._engine.raw_connection()
        except Exception as error:  # noqa: BLE001 - any driver error, retold without credentials
            raise self.fail("mlpm could not reach the database", error) from None
        try:
            cursor = connection.cursor()
            seed = self.sql.seed_statement(0) if "random()" in query else None
            if seed:
                cursor.execute(seed)
            cursor.execute(query)
            names = [d[0] for d in cursor.description or ()]
            out = [tuple(row) for row in cursor.fetchall()]
            cursor.close()
            return out, names
        except Exception as error:  # noqa: BLE001 - any driver error, retold without credentials
            raise self.fail("A query in the database failed", error) from None
        finally:
            connection.close()

    def rows(self, query: str) -> list[tuple[Any, ...]]:
        return self._execute(query)[0]

    def frame(self, query: str) -> pd.DataFrame:
        rows, names = self._execute(query)
        frame = pd.DataFrame.from_records(rows, columns=names, coerce_float=True)
        for name in frame.columns:  # numeric(…) columns arrive as Decimal
            column = frame[name]
            if column.dtype == object and column.map(_is_decimal).any():
                frame[name] = pd.to_numeric(column, errors="coerce")
            elif column.dtype == object and column.dropna().map(
                    lambda v: isinstance(v, bool | np.bool_)).all() and column.notna().all():
                frame[name] = column.astype(bool)
        return frame

    def close(self) -> None:
        self._engine.dispose()


def _is_decimal(value: object) -> bool:
    from decimal import Decimal

    return isinstance(value, Decimal)


def open_source(where: str | Path, *, table: str | None = None, query: str | None = None) -> Source:
    """A file path (``big.parquet``, a folder, ``big.csv``) or a database URL + table/query."""
    where = str(where)
    if "://" in where:
        return DatabaseSource(where, table=table, query=query)
    if table or query:
        raise SourceError("--table and --query go with a database URL, not a file.",
                          'For example mlpm review "postgresql://user@host/db" --table events.')
    return FileSource(where)
