"""Files that are not UTF-8 (issue 15): the encoding is guessed with charset-normalizer, not
assumed to be Windows-1252, and the note says which encoding was used and how sure."""

from __future__ import annotations

import pytest

from mlpm.data import load
from mlpm.data.encodings import guess
from mlpm.data.load import load_table

POLISH = "miasto,województwo,kwota\nŁódź,łódzkie,10\nKraków,małopolskie,20\nGdańsk,pomorskie,30\n"
JAPANESE = "都市,人口\n東京,13960000\n大阪,2750000\n京都,1460000\n横浜,3770000\n名古屋,2320000\n"
FRENCH = "mot,prix\ncafé,2\nnaïve,3\n€,4\n"


def test_cp1250_reads_polish_cities_right() -> None:
    dataset = load_table(POLISH.encode("cp1250"), "miasta.csv")
    assert dataset.frame["miasto"].tolist() == ["Łódź", "Kraków", "Gdańsk"]
    assert dataset.frame["województwo"].tolist() == ["łódzkie", "małopolskie", "pomorskie"]
    note = dataset.source_note
    assert note.startswith("Read as Windows-1250 (Central European), ")
    assert "sure, comma-separated" in note
    assert "UTF-8" not in note


def test_just_the_three_cities_are_enough() -> None:
    dataset = load_table("city\nŁódź\nKraków\nGdańsk\n".encode("cp1250"), "c.csv")
    assert dataset.frame["city"].tolist() == ["Łódź", "Kraków", "Gdańsk"]
    assert "Windows-1250" in dataset.source_note


def test_shift_jis_reads_japanese_cities_right() -> None:
    dataset = load_table(JAPANESE.encode("shift_jis"), "toshi.csv")
    assert list(dataset.frame.columns) == ["都市", "人口"]
    assert dataset.frame["都市"].tolist() == ["東京", "大阪", "京都", "横浜", "名古屋"]
    assert dataset.frame["人口"].tolist() == [13960000, 2750000, 1460000, 3770000, 2320000]
    assert dataset.source_note.startswith("Read as Shift-JIS (Japanese)")


def test_shift_jis_bytes_that_look_like_a_pipe_stay_inside_their_letter() -> None:
    # "ポ" is 0x83 0x7C in Shift-JIS: its second byte is '|'.
    text = "商品|数\nポテト|3\nソース|5\nポンプ|7\n"
    dataset = load_table(text.encode("shift_jis"), "p.txt")
    assert dataset.frame.to_dict("list") == {"商品": ["ポテト", "ソース", "ポンプ"], "数": [3, 5, 7]}
    assert "pipe-separated" in dataset.source_note


def test_cp1252_still_reads_accents_and_the_euro() -> None:
    dataset = load_table(FRENCH.encode("cp1252"), "mots.csv")
    assert dataset.frame["mot"].tolist() == ["café", "naïve", "€"]
    assert dataset.source_note.startswith("Read as Windows-1252 (Western European)")


def test_when_unsure_the_note_says_so_and_suggests_utf8() -> None:
    # Windows-1250 reads these bytes as "naďve": only a language model could tell them apart.
    assert guess(FRENCH.encode("cp1252")).sureness == "not sure"
    note = load_table(FRENCH.encode("cp1252"), "mots.csv").source_note
    assert "not sure of the encoding" in note
    assert "save the file as UTF-8" in note
    assert "not sure" not in load_table(POLISH.encode("cp1250"), "m.csv").source_note


def test_a_big_file_is_judged_on_its_first_lines() -> None:
    rows = "".join(f"{i};Łódź;{i},5\n" for i in range(80_000))
    data = ("id;miasto;kwota\n" + rows).encode("cp1250")
    assert len(data) > 1024 * 1024
    dataset = load_table(data, "big.csv")
    assert dataset.n_rows == 80_000
    assert set(dataset.frame["miasto"]) == {"Łódź"}
    assert dataset.frame["kwota"].iloc[1] == 1.5
    assert "Windows-1250" in dataset.source_note


def test_utf8_and_ascii_never_pay_for_a_guess(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(data: bytes) -> None:
        raise AssertionError("guessed an encoding for UTF-8 text")

    monkeypatch.setattr(load, "guess", refuse)
    assert load_table(b"a,b\n1,2\n", "a.csv").source_note.startswith("Read as UTF-8")
    assert load_table(POLISH.encode("utf-8"), "u.csv").frame["miasto"][0] == "Łódź"
