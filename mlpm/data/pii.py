"""Personal data in a table: emails, phone numbers, national ID numbers, card numbers, IPs, names.

A column is flagged when a good share of a sample of its values matches a pattern (card
numbers must also pass the Luhn check). Only a sample is read, so the scan costs the same on a
thousand rows or on a million.

People's names are told from the values, not the column's name: a value looks like a person's
name when it has 2-4 capitalised words and its first word ("Maria Garcia") or the word after a
comma ("Garcia, Maria") is a known given name (:mod:`mlpm.data.person_names`). A column called
``full_name`` needs fewer such values than one called ``name`` (which often holds companies or
products), and one called ``company`` more, but no column name decides alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from itertools import pairwise

import numpy as np
import pandas as pd

from mlpm.data.person_names import GIVEN_NAMES, SURNAMES, THING_WORDS, plain_word
from mlpm.data.profile import random_rows

SAMPLE = 500
MATCH_SHARE = 0.5  # share of sampled values that must match for a column to be flagged
EMBEDDED_SHARE = 0.05  # emails or card numbers inside free text
# People's names: share of sampled distinct values that must look like one, by what the column
# is called (a person word such as full_name / a thing word such as company / anything else),
# and how many values at least. Companies in a Forbes list: ~10%; customer names: 70-100%.
PERSON_SHARE = {"person": 0.25, "thing": 0.6, "neutral": 0.4}
PERSON_MIN_VALUES = {"person": 10, "thing": 20, "neutral": 20}

_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
_EMAIL_FULL = re.compile(rf"^\s*{_EMAIL.pattern}\s*$")
_CARD_CANDIDATE = re.compile(r"(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])")
_CARD_FULL = re.compile(r"^\s*(?:\d[ -]?){12,18}\d\s*$")
_PHONE_SHAPE = re.compile(r"^\s*(?:\+|00|\(0?\d)|\d[\s.-]\d")
_PHONE = re.compile(r"^\s*(?:\+|00)?\(?\d[\d\s().-]{5,20}\d\s*$")
_DATE_LIKE = re.compile(r"^\s*\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}")
_SSN = re.compile(r"^\s*\d{3}-\d{2}-\d{4}\s*$")
_NINO = re.compile(r"^\s*[A-CEGHJ-PR-TW-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\s*$", re.IGNORECASE)
_IPV4 = re.compile(r"^\s*(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\s*$")
_IPV6 = re.compile(r"^\s*(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{0,4}\s*$", re.IGNORECASE)
_NAME_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’.-])*")  # letters, ' . - (O'Brien, J., Jean-Luc)
_COLUMN_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")  # customerName -> customer, name
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "lady",
                     "lord", "rev", "fr", "herr", "frau", "mme", "mlle", "sr", "sra", "dott"})
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq"})
_PARTICLES = frozenset({"van", "von", "der", "den", "de", "del", "della", "di", "da", "dos",
                        "das", "du", "le", "la", "al", "el", "bin", "ibn", "ben", "ter", "ten",
                        "y", "e", "st"})
_PHONE_NAMES = re.compile(r"phone|mobile|cell|tel(?:ephone)?\b|fax|msisdn", re.IGNORECASE)
_ID_NAMES = re.compile(r"ssn|social.?sec|national.?(?:id|number|insurance)|passport|\bnin[o]?\b|"
                       r"\bbsn\b|insee|tax.?(?:id|number)|\bnif\b|driver.?licen", re.IGNORECASE)
# Column names, as words: "<person word> name" (or surname...) supports people's names; a
# thing word makes them less likely; "name" alone says nothing either way.
_PERSON_COLUMN = frozenset({"first", "last", "full", "given", "family", "middle", "maiden",
                            "nick", "display", "customer", "client", "contact", "employee",
                            "patient", "person", "user", "member", "owner", "applicant",
                            "student", "author", "driver", "passenger", "guest", "buyer",
                            "seller", "sender", "recipient", "manager", "agent", "staff",
                            "holder", "cardholder", "parent", "teacher", "doctor", "lead"})
_PERSON_COLUMN_ALONE = frozenset({"surname", "forename", "firstname", "lastname", "fullname",
                                  "givenname", "familyname", "vorname", "nachname",
                                  "prenom", "apellido", "apellidos"})
_THING_COLUMN = frozenset({"file", "product", "company", "city", "country", "street", "domain",
                           "host", "plan", "brand", "item", "category", "team", "store", "shop",
                           "app", "model", "column", "org", "organisation", "organization",
                           "business", "firm", "employer", "vendor", "supplier", "merchant",
                           "bank", "school", "hospital", "place", "venue", "hotel", "airline",
                           "title", "song", "movie", "film", "book", "game", "project",
                           "campaign", "event", "region", "state", "department", "dept",
                           "account", "sku", "feature", "table", "sheet", "field", "server"})


@dataclass(frozen=True)
class PiiFinding:
    """Personal data of one kind in one column, with the share of sampled values that match."""

    column: str
    kind: str  # email, phone, card, national_id, ip or person_name
    share: float
    checked: int

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def luhn_valid(digits: str) -> bool:
    """The checksum every payment card number passes (and most random digit strings fail)."""
    if not digits.isdigit() or not 13 <= len(digits) <= 19:
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _sample_values(column: pd.Series, size: int, seed: int) -> list[str]:
    """Up to ``size`` distinct non-empty values, as text."""
    values = random_rows(column, 20 * size, seed=seed).dropna()
    if values.empty:
        return []
    unique = pd.unique(values.to_numpy())
    if len(unique) > size:
        unique = np.random.default_rng(seed).choice(unique, size, replace=False)
    return [str(v) for v in unique]


def _share(values: list[str], test: Callable[[str], bool]) -> float:
    return sum(1 for v in values if test(v)) / len(values) if values else 0.0


def _is_card(value: str) -> bool:
    if not _CARD_FULL.match(value):
        return False
    return luhn_valid(re.sub(r"[ -]", "", value.strip()))


def _has_card(value: str) -> bool:
    return any(luhn_valid(re.sub(r"[ -]", "", c)) for c in _CARD_CANDIDATE.findall(value))


def _phone_test(name: str) -> Callable[[str], bool]:
    named = bool(_PHONE_NAMES.search(name))

    def is_phone(value: str) -> bool:
        if not _PHONE.match(value) or _DATE_LIKE.match(value) or _IPV4.match(value):
            return False
        digits = sum(ch.isdigit() for ch in value)
        if not 7 <= digits <= 15:
            return False
        # Digits alone could be any ID: unless the column says "phone", need a phone's shape.
        return named or bool(_PHONE_SHAPE.search(value))
    return is_phone


def column_says(name: str) -> str:
    """What a column's name says about people's names in it: "person" (full_name, surname,
    customerName), "thing" (company, product_name, city) or "neutral" (name, label)."""
    words = [w.lower() for w in _COLUMN_WORDS.findall(name)]
    if any(w in _PERSON_COLUMN_ALONE for w in words) or any(
            first in _PERSON_COLUMN and second == "name"
            for first, second in pairwise(words)):
        return "person"
    return "thing" if any(w in _THING_COLUMN for w in words) else "neutral"


def _given(word: str) -> bool:
    key = plain_word(word)
    return key in GIVEN_NAMES or ("-" in key and key.split("-")[0] in GIVEN_NAMES)


def _capitalised(word: str) -> bool:
    return word[0].isupper() and bool(_NAME_WORD.fullmatch(word))


def looks_like_person(value: str, *, single_words: bool = False) -> bool:
    """'Maria Garcia', 'Smith, John', 'Dr. Wei Zhang', 'Zhang Wei', 'J. Smith': 2-4
    capitalised words led by a known given name (or a surname then a given name, or an
    initial then a surname), with no company or place word ('Philip Morris International').
    ``single_words``: one known given name or surname counts too (a first_name column)."""
    text = value.strip()
    if not _could_be_name(text):
        return False
    surname_first = "," in text
    words = _name_words(text, surname_first)
    names = [w for w in words if plain_word(w) not in _PARTICLES]
    if not _name_shaped(words, names):
        return False
    if len(names) == 1:
        return single_words and not surname_first and (
            _given(names[0]) or plain_word(names[0]) in SURNAMES)
    return len(names) <= 4 and _known_order(names, surname_first)


def _could_be_name(text: str) -> bool:
    """Short, with no digits, ``&``, ``@`` or ``/`` and at most one comma."""
    return bool(text) and len(text) <= 60 and not any(ch in text for ch in "&@/") \
        and not any(ch.isdigit() for ch in text) and text.count(",") <= 1


def _name_words(text: str, surname_first: bool) -> list[str]:
    """The words in "First Last" order ("Garcia, Maria" -> Maria Garcia), without leading
    titles and trailing suffixes; ``[]`` when a side of the comma is blank."""
    if surname_first:
        last, _, first = text.partition(",")
        if not last.split() or not first.split():
            return []
        words = first.split() + last.split()
    else:
        words = text.split()
    while words and plain_word(words[0]) in _TITLES:
        words = words[1:]
    while len(words) > 1 and plain_word(words[-1]) in _SUFFIXES:
        words = words[:-1]
    return words


def _name_shaped(words: list[str], names: list[str]) -> bool:
    """Every name word capitalised, at most two particles (van, de), no company or place word."""
    return bool(names) and len(words) - len(names) <= 2 \
        and all(_capitalised(w) for w in names) \
        and not any(plain_word(w) in THING_WORDS for w in names)


def _known_order(names: list[str], surname_first: bool) -> bool:
    """Led by a known given name; without a comma also an initial then a surname ('J. Smith')
    or a surname then a given name ('Zhang Wei')."""
    if _given(names[0]):
        return True
    if surname_first:
        return False
    initial = len(plain_word(names[0])) == 1
    return (initial and plain_word(names[-1]) in SURNAMES) or (
        len(names) == 2 and plain_word(names[0]) in SURNAMES and _given(names[1]))


def _person_share(name: str, values: list[str]) -> float | None:
    """The share of ``values`` that look like people's names, when it is high enough for the
    column to hold them (the bar set by what the column is called), else None."""
    says = column_says(name)
    if len(values) < PERSON_MIN_VALUES[says]:
        return None
    share = _share(values, lambda v: looks_like_person(v, single_words=says == "person"))
    return share if share >= PERSON_SHARE[says] else None


def _scan_column(name: str, column: pd.Series, sample: int, seed: int) -> list[PiiFinding]:
    if pd.api.types.is_bool_dtype(column) or pd.api.types.is_datetime64_any_dtype(column) \
            or pd.api.types.is_float_dtype(column):
        return []
    text = _sample_values(column, sample, seed)
    if not text:
        return []
    found = (_scan_whole_numbers(name, text) if pd.api.types.is_integer_dtype(column)
             else _scan_text(name, text))
    return [PiiFinding(name, kind, round(share, 4), len(text)) for kind, share in found.items()]


def _scan_whole_numbers(name: str, text: list[str]) -> dict[str, float]:
    """Card and phone numbers stored as plain numbers; a national ID by the column's name."""
    found: dict[str, float] = {"card": _share(text, _is_card)}
    if _PHONE_NAMES.search(name):
        found["phone"] = _share(text, lambda v: 7 <= len(v.lstrip("-")) <= 15)
    if _ID_NAMES.search(name):
        found["national_id"] = 1.0
    return {kind: share for kind, share in found.items() if share >= MATCH_SHARE}


def _scan_text(name: str, text: list[str]) -> dict[str, float]:
    """Each kind of personal data in sampled text, with its share (the bar depends on the kind:
    emails and card numbers count even inside a few free-text values)."""
    found: dict[str, float] = {}
    email = _email_share(text)
    if email >= EMBEDDED_SHARE:
        found["email"] = email
    card = _card_share(text)
    if card >= EMBEDDED_SHARE:
        found["card"] = card
    national = _share(text, lambda v: bool(_SSN.match(v) or _NINO.match(v)))
    id_named = bool(_ID_NAMES.search(name))
    if national >= MATCH_SHARE or id_named:
        found["national_id"] = max(national, 1.0 if id_named else 0.0)
    if "card" not in found and "national_id" not in found:
        phone = _share(text, _phone_test(name))
        if phone >= MATCH_SHARE:
            found["phone"] = phone
    ip = _share(text, lambda v: bool(_IPV4.match(v) or _IPV6.match(v)))
    if ip >= MATCH_SHARE:
        found["ip"] = ip
    person = _person_share(name, text)
    if person is not None:
        found["person_name"] = person
    return found


def _email_share(text: list[str]) -> float:
    """Values that are an email address, or when fewer than half are, that hold one."""
    email = _share(text, _EMAIL_FULL.match)
    return email if email >= MATCH_SHARE else _share(text, _EMAIL.search)


def _card_share(text: list[str]) -> float:
    """Values that are a card number, or when fewer than half are, the share of all values
    that hold one inside free text (up to 400 characters)."""
    card = _share(text, _is_card)
    if card >= MATCH_SHARE:
        return card
    free_text = [v for v in text if len(v) <= 400 and not _CARD_FULL.match(v)]
    return _share(free_text, _has_card) * len(free_text) / len(text)


def scan(frame: pd.DataFrame, *, sample: int = SAMPLE, seed: int = 0) -> list[PiiFinding]:
    """Every column that holds personal data, with what kind, in column order."""
    findings: list[PiiFinding] = []
    for name in frame.columns:
        findings.extend(_scan_column(str(name), frame[name], sample, seed))
    return findings
