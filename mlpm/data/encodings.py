"""Which legacy encoding a text file that is not UTF-8 was saved in, and how sure that is.

Windows-1252 accepts almost any bytes, so trying it first read a Polish Windows-1250 file's
"Łódź" as "£ódŸ" and Japanese Shift-JIS as Latin-1 garbage, silently. charset-normalizer
decodes a bounded prefix in each common encoding and measures how messy each reading is; short
files often leave several readings equally clean, so the readings are then compared on letters
that make no sense inside words (a currency sign or a capital letter in the middle of a word),
then on how much they read like a language, then Windows-1252 first. Only files that are not
UTF-8 get here: ASCII and UTF-8 never pay for it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

PREFIX_BYTES = 256 * 1024
WHOLE_BYTES = 1024 * 1024  # files up to this size are read whole
# Encodings still met in exported tables, most common first (ties go to the earlier one).
CANDIDATES: tuple[str, ...] = ("cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1257",
                               "cp932", "gb18030", "big5", "cp949", "euc_jp", "koi8_r",
                               "cp1255", "cp1256", "cp874", "mac_roman")
MULTI_BYTE = frozenset({"cp932", "gb18030", "big5", "cp949", "euc_jp"})
NAMES: dict[str, str] = {
    "cp1252": "Windows-1252 (Western European)", "cp1250": "Windows-1250 (Central European)",
    "cp1251": "Windows-1251 (Cyrillic)", "cp1253": "Windows-1253 (Greek)",
    "cp1254": "Windows-1254 (Turkish)", "cp1257": "Windows-1257 (Baltic)",
    "cp932": "Shift-JIS (Japanese)", "gb18030": "GB18030 (Chinese, simplified)",
    "big5": "Big5 (Chinese, traditional)", "cp949": "EUC-KR (Korean)",
    "euc_jp": "EUC-JP (Japanese)", "koi8_r": "KOI8-R (Cyrillic)",
    "cp1255": "Windows-1255 (Hebrew)", "cp1256": "Windows-1256 (Arabic)",
    "cp874": "Windows-874 (Thai)", "mac_roman": "Mac Roman", "latin-1": "Latin-1"}
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ODDITY_CHARS = 65_536  # decoded characters looked at for odd letters


@dataclass(frozen=True)
class Guess:
    """``codec`` for Python, ``name`` for the PM, ``sureness``: "sure" | "fairly sure" |
    "not sure"."""

    codec: str
    name: str
    sureness: str


_JAPANESE = frozenset({"CJK", "HIRAGANA", "KATAKANA", "KATAKANA-HIRAGANA", "HALFWIDTH",
                       "FULLWIDTH", "IDEOGRAPHIC"})


def _script(char: str) -> str:
    """LATIN, CYRILLIC, GREEK, HANGUL, ... (the first word of the character's name); Chinese
    characters and kana are one script, as Japanese mixes them."""
    script = unicodedata.name(char, "?").split(" ", 1)[0]
    return "CJK" if script in _JAPANESE else script


def _odd(char: str, before: str, after: str) -> bool:
    category = unicodedata.category(char)
    if category[0] in "SPC" and category != "Pd":  # a symbol touching a letter: "£ódŸ"
        return before.isalpha() or after.isalpha()
    if category == "Lu" and before.isalpha() and before.islower():  # a capital inside a word
        return True
    return category[0] == "L" and any(  # a word that mixes alphabets
        n.isalpha() and _script(n) != _script(char) for n in (before, after))


def _oddity(text: str) -> float:
    """Share of the non-ASCII characters that make no sense where they stand: a symbol
    touching a letter ("£ódŸ"), a capital right after a small letter, or a word that mixes
    alphabets (Cyrillic "Ј" between Latin letters)."""
    text = text[:_ODDITY_CHARS]
    odd = seen = 0
    for match in _NON_ASCII.finditer(text):
        i = match.start()
        seen += 1
        odd += _odd(text[i], text[i - 1] if i else " ",
                    text[i + 1] if i + 1 < len(text) else " ")
    return odd / seen if seen else 0.0


def _prefix(data: bytes) -> bytes:
    if len(data) <= WHOLE_BYTES:
        return data
    head = data[:PREFIX_BYTES]
    end = head.rfind(b"\n")  # whole lines, so no character is cut in two
    return head[:end + 1] if end > 0 else head


def guess(data: bytes) -> Guess:
    """The most likely of :data:`CANDIDATES` for ``data`` (not UTF-8), and how sure.

    Each reading is ranked by its odd characters (in steps of 5%), then charset-normalizer's
    mess ratio (in steps of 0.1) and language coherence, then :data:`CANDIDATES` order.
    """
    from charset_normalizer import from_bytes  # only files that are not UTF-8 pay the import

    sample = _prefix(data)
    measured: dict[str, tuple[float, float]] = {}
    for match in from_bytes(sample, cp_isolation=list(CANDIDATES), threshold=1.0):
        for codec in (*match.could_be_from_charset, match.encoding):
            measured.setdefault(codec, (match.chaos, match.coherence))
    readings: dict[str, tuple[tuple[float, float, float, int], str]] = {}
    for rank, codec in enumerate(CANDIDATES):
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        chaos, coherence = measured.get(codec, (1.0, 0.0))
        key = (round(_oddity(text) * 20) / 20, round(chaos, 1), -round(coherence, 1), rank)
        readings.setdefault(text[:_ODDITY_CHARS], (key, codec))  # same text: the first codec
    if not readings:
        codec = "cp1252" if _decodes(data, "cp1252") else "latin-1"
        return Guess(codec, NAMES[codec], "not sure")
    ranked = sorted(readings.values())
    (odd, chaos, coherence, _), codec = ranked[0]
    if odd >= 0.1 or chaos >= 0.3:
        sureness = "not sure"
    elif len(ranked) == 1:
        sureness = "sure"
    else:
        (odd2, chaos2, coherence2, _), _ = ranked[1]
        if (odd2, chaos2, coherence2) == (odd, chaos, coherence):
            sureness = "not sure"
        elif odd2 - odd >= 0.2 and chaos2 >= chaos:
            sureness = "sure"
        else:
            sureness = "fairly sure"
    return Guess(codec, NAMES[codec], sureness)


def _decodes(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return False
    return True
