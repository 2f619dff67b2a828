"""pyarrow's fast CSV path gives exactly the frame pandas' own reader gives, or steps aside.

The reference is ``pd.read_csv`` with the options mlpm's tolerant path uses; every frame the
fast path returns is compared with it cell by cell, dtype by dtype.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from fixtures.hostile import HOSTILE

from mlpm.data import arrow_csv, fast_csv
from mlpm.data.dataset import fingerprint
from mlpm.data.load import load_table

SAMPLES = sorted((Path(__file__).parents[2] / "sample_data").glob("*.csv"))


def _pandas(data: bytes, sep: str = ",", **options: object) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), sep=sep, skipinitialspace=True, index_col=False,
                       encoding="utf-8", encoding_errors="replace", **options)


def _fast(data: bytes, sep: str = ",") -> pd.DataFrame | None:
    text = data.decode("utf-8-sig")
    header = text.splitlines()[0].split(sep) if text else []
    codec = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    return fast_csv.read_clean(data, codec, sep, ".", header)


def _same(data: bytes, sep: str = ",") -> pd.DataFrame:
    fast = _fast(data, sep)
    assert fast is not None, "the fast path stepped aside on a clean file"
    expected = _pandas(data, sep)
    pd.testing.assert_frame_equal(fast, expected, check_exact=True)
    assert fingerprint(fast) == fingerprint(expected)  # the same data version either way
    return fast


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_every_bundled_sample_reads_the_same(path: Path) -> None:
    _same(path.read_bytes())


CASES = {
    "missing spellings": b"a,b,c\n1,x,NA\n,None,2.5\nnull,N/A,\n4,n/a,nan\n",
    "booleans": b"flag,other\nTrue,true\nFalse,FALSE\nTRUE,false\n",
    "booleans with a gap": b"flag,n\nTrue,1\n,2\nFalse,3\n",
    "0/1 stays numbers": b"churned,n\n0,1\n1,2\n1,3\n",
    "iso dates stay text": b"day,n\n2024-01-31,1\n2024-02-01,2\n,3\n",
    "clock times stay text": b"at,n\n12:30,1\n13:45:10,2\n",
    "timestamps stay text": b"at,n\n2024-01-31 10:00:00,1\n2024-02-01T11:00:00,2\n",
    "an empty column": b"a,empty,c\n1,,x\n2,,y\n",
    "quoted line breaks": b'id,note\n1,"two\nlines"\n2,"a ""quoted"" word"\n3,plain\n',
    "leading zeros and minus signs": b"code,n\n007,1\n010,-2\n",
    "exponents and infinity": b"x,y\n1e3,inf\n-2.5E-2,-inf\n",
    "unicode": "name,city\nZoë,Kraków\n東京,Łódź\n".encode(),
    "windows line ends": b"a,b\r\n1,x\r\n2,y\r\n",
    "byte order mark": b"\xef\xbb\xbfa,b\n1,2\n",
    "ints with a gap": b"a,b\n1,2\n,3\n4,5\n",
    "no final line end": b"a,b\n1,2\n3,4",
    "blank lines": b"a,b\n1,2\n\n3,4\n\n",
}


@pytest.mark.parametrize("data", CASES.values(), ids=CASES.keys())
def test_edge_cases_read_the_same(data: bytes) -> None:
    _same(data)


def test_a_type_that_changes_past_the_first_block_is_text_throughout() -> None:
    rows = 600_000  # well past pyarrow's 4 MB parse block: the first blocks look numeric
    data = b"n,code\n" + b"".join(b"%d,%d\n" % (i, i % 97) for i in range(rows)) + b"9,x12\n"
    fast = _fast(data)
    # pandas' one-chunk read; its default chunked read mixes ints and strings in one column
    expected = _pandas(data, low_memory=False)
    if fast is not None:  # pyarrow re-types or steps aside; never a different frame
        pd.testing.assert_frame_equal(fast, expected, check_exact=True)
    assert expected["code"].iloc[-1] == "x12"


STEP_ASIDE = {
    "initial spaces": (b"a, b\n1, 2\n", ","),
    "plus signs": (b"a,b\n+1,2\n", ","),
    "ragged": (b"a,b\n1,2\n3,4,5\n", ","),
    "short line": (b"a,b,c\n1,2,3\n4,5\n6,7,8\n", ","),
    "blank header": (b"a,,c\n1,2,3\n", ","),
    "header only": (b"a,b\n", ","),
    "unclosed quote": (b'a,b\n1,"open\n2,y\n', ","),
}


@pytest.mark.parametrize(("data", "sep"), STEP_ASIDE.values(), ids=STEP_ASIDE.keys())
def test_steps_aside_where_the_readers_could_disagree(data: bytes, sep: str) -> None:
    assert _fast(data, sep) is None


def test_other_encodings_and_decimal_commas_use_the_tolerant_path() -> None:
    assert fast_csv.read_clean("a,b\nRené,1\n".encode("cp1252"), "cp1252", ",", ".",
                               ["a", "b"]) is None
    assert fast_csv.read_clean(b"a;b\n1,5;2\n", "utf-8", ";", ",", ["a", "b"]) is None


@pytest.mark.parametrize("name", [n for n, (_, want) in HOSTILE.items() if want[0] == "loads"])
def test_hostile_files_load_as_before(name: str) -> None:
    data, (_, check) = HOSTILE[name]
    frame = load_table(data, name).frame
    kind, _, value = check.partition(" ")
    if kind == "columns":
        assert list(frame.columns) == value.split(",")


def test_a_million_cells_of_mixed_kinds_match_pandas() -> None:
    rng = np.random.default_rng(0)
    rows = 50_000
    frame = pd.DataFrame({
        "id": [f"C{i:07d}" for i in rng.permutation(rows)],
        "amount": np.round(rng.lognormal(3, 1, rows), 2),
        "count": rng.integers(0, 50, rows),
        "plan": rng.choice(["basic", "plus", "NA", ""], rows),
        "day": (np.datetime64("2022-01-01") + rng.integers(0, 900, rows)
                .astype("timedelta64[D]")).astype(str),
        "flag": rng.choice(["True", "False"], rows),
    })
    frame.loc[rng.random(rows) < 0.05, "amount"] = np.nan
    data = frame.to_csv(index=False).encode()
    _same(data)


@pytest.mark.parametrize("data", [
    b'a,b\n1,"open\n2,y\n3,z\n',  # opened early: swallows the rest of the file
    b'a,b\n1,x\n2,"open',  # opened on the last line, no line break after it
    b'a,b\n1,x\n2,"open\n',
])
def test_a_quote_never_closed_is_left_to_pandas_which_says_where(data: bytes) -> None:
    assert _fast(data) is None
    with pytest.raises(Exception, match="never closed"):
        load_table(data, "quote.csv")


def test_the_null_spellings_are_pandas_own() -> None:
    from pandas._libs.parsers import STR_NA_VALUES

    assert sorted(arrow_csv.NULLS) == sorted(STR_NA_VALUES)


def test_quoted_line_breaks_past_the_first_block_are_read_like_pandas() -> None:
    rows = 200_000  # ~5 MB: several parse blocks, a quoted line break late in the file
    body = b"".join(b'%d,"note %d",%d\n' % (i, i, i % 7) for i in range(rows))
    data = b"id,note,k\n" + body + b'%d,"two\nlines",3\n' % rows + b'%d,"x",1\n' % (rows + 1)
    table = arrow_csv.parse_rows(data, ",")
    assert table.num_rows == rows + 2
    assert table["note"][rows].as_py() == "two\nlines"
    _same(data)


def test_a_prefetched_read_gives_the_same_dataset(tmp_path: Path) -> None:
    path = tmp_path / "clean.csv"
    path.write_bytes(CASES["missing spellings"] * 1 + b"5,y,3\n")
    other = tmp_path / "other.csv"
    other.write_bytes(b"a,b\n1,2\n")
    plain = load_table(path)
    prefetch = arrow_csv.Prefetch(path)
    fetched = load_table(path, prefetch=prefetch)
    pd.testing.assert_frame_equal(fetched.frame, plain.frame, check_exact=True)
    assert fetched.version == plain.version
    assert fetched.source_note == plain.source_note
    # a prefetch of another file is ignored, never mixed in
    assert list(load_table(other, prefetch=prefetch).frame.columns) == ["a", "b"]
    # a file the prefetch cannot parse (ragged) still gets the tolerant path's message
    ragged = tmp_path / "ragged.csv"
    ragged.write_bytes(b"a,b,c\n1,2,x\n3,4,y\n5,6,z,extra\n")
    with pytest.raises(Exception, match="Line 4 has 4 fields"):
        load_table(ragged, prefetch=arrow_csv.Prefetch(ragged))


@pytest.mark.parametrize("data", [b"", b"a", b"a\n", b"a\nb", b"\n\n\n", b"h\n" + b"x,y\n" * 50,
                                  b"h\n" + b"x,y\n" * 50 + b"no end"])
@pytest.mark.parametrize("block", [1, 7, 1 << 24])
def test_line_count_agrees_with_python_s_own_count(monkeypatch: pytest.MonkeyPatch, data: bytes,
                                                   block: int) -> None:
    """The NumPy count, a block at a time (blocks of 1 and 7 bytes put line ends on every
    block edge), against ``bytes.count``."""
    monkeypatch.setattr(arrow_csv, "_COUNT_BLOCK", block)
    expected = data.count(b"\n") + (bool(data) and not data.endswith(b"\n"))
    assert arrow_csv.line_count(data) == expected


def test_dates_first_seen_past_the_first_megabyte_are_still_read_as_text() -> None:
    """Which columns hold dates is guessed from the first megabyte; a column empty there and
    dated later, and one dated there and text later, still come out as pandas reads them."""
    rows = 80_000  # ~1.6 MB
    head = b"".join(b"%d,,2024-01-%02d,%s\n" % (i, i % 28 + 1, b"12:30" if i % 2 else b"")
                    for i in range(rows))
    tail = b"".join(b"%d,2024-02-%02d,later,13:45:10\n" % (i, i % 28 + 1)
                    for i in range(rows, rows + 50))
    data = b"id,late,early,clock\n" + head + tail
    assert len(data) > 1 << 20
    assert set(arrow_csv._temporal_as_text(data, ",", False)) == {"early", "clock"}
    frame = _same(data)
    assert frame["late"].iloc[-1] == "2024-02-26"
    assert frame["early"].iloc[-1] == "later"
