"""Personal data in a table: emails, phone numbers, national ID numbers, card numbers, IPs, names.

A column is flagged when a good share of a sample of its values matches a pattern (card
numbers must also pass the Luhn check). Only a sample is read, so the scan costs the same on a
thousand rows or on a million.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from mlpm.data.profile import sample_rows

SAMPLE = 500
MATCH_SHARE = 0.5  # share of sampled values that must match for a column to be flagged
EMBEDDED_SHARE = 0.05  # emails or card numbers inside free text

PII_KINDS: tuple[str, ...] = ("email", "phone", "card", "national_id", "ip", "person_name")

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
_PERSON = re.compile(r"^\s*[A-ZÀ-Þ][\w'’.-]*(?:\s+[A-ZÀ-Þa-z][\w'’.-]*){0,3}\s*$")

_PHONE_NAMES = re.compile(r"phone|mobile|cell|tel(?:ephone)?\b|fax|msisdn", re.IGNORECASE)
_ID_NAMES = re.compile(r"ssn|social.?sec|national.?(?:id|number|insurance)|passport|\bnin[o]?\b|"
                       r"\bbsn\b|insee|tax.?(?:id|number)|\bnif\b|driver.?licen", re.IGNORECASE)
_NAME_NAMES = re.compile(r"(?:^|_|\b)(?:first|last|full|given|family|sur|middle|customer|client|"
                         r"contact|employee|patient|person|user)?_?name$|^surname$|^forename$",
                         re.IGNORECASE)
_NOT_PERSON_NAMES = re.compile(r"file|product|company|city|country|street|domain|host|plan|"
                               r"brand|item|category|team|store|shop|app|model|column",
                               re.IGNORECASE)


@dataclass(frozen=True)
class PiiFinding:
    """Personal data of one kind in one column, with the share of sampled values that match."""

    column: str
    kind: str  # one of PII_KINDS
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
    values = sample_rows(column, 20 * size, seed=seed).dropna()
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


def _scan_column(name: str, column: pd.Series, sample: int, seed: int) -> list[PiiFinding]:
    if pd.api.types.is_bool_dtype(column) or pd.api.types.is_datetime64_any_dtype(column):
        return []
    if pd.api.types.is_float_dtype(column):
        return []
    text = _sample_values(column, sample, seed)
    if not text:
        return []
    checked = len(text)
    found: dict[str, float] = {}
    id_named = bool(_ID_NAMES.search(name))
    if pd.api.types.is_integer_dtype(column):
        # Card numbers and phone numbers stored as plain numbers.
        card = _share(text, _is_card)
        if card >= MATCH_SHARE:
            found["card"] = card
        if _PHONE_NAMES.search(name):
            found["phone"] = _share(text, lambda v: 7 <= len(v.lstrip("-")) <= 15)
        if id_named:
            found["national_id"] = 1.0
        return [PiiFinding(name, k, round(v, 4), checked) for k, v in found.items()
                if v >= MATCH_SHARE]
    email = _share(text, _EMAIL_FULL.match)
    if email < MATCH_SHARE:
        email = _share(text, _EMAIL.search)
    if email >= EMBEDDED_SHARE:
        found["email"] = email
    card = _share(text, _is_card)
    if card < MATCH_SHARE:
        free_text = [v for v in text if len(v) <= 400 and not _CARD_FULL.match(v)]
        card = _share(free_text, _has_card) * len(free_text) / checked
    if card >= EMBEDDED_SHARE:
        found["card"] = card
    national = _share(text, lambda v: bool(_SSN.match(v) or _NINO.match(v)))
    if national >= MATCH_SHARE or id_named:
        found["national_id"] = max(national, 1.0 if id_named else 0.0)
    if "card" not in found and "national_id" not in found:
        phone = _share(text, _phone_test(name))
        if phone >= MATCH_SHARE:
            found["phone"] = phone
    ip = _share(text, lambda v: bool(_IPV4.match(v) or _IPV6.match(v)))
    if ip >= MATCH_SHARE:
        found["ip"] = ip
    if _NAME_NAMES.search(name) and not _NOT_PERSON_NAMES.search(name):
        person = _share(text, _PERSON.match)
        if person >= MATCH_SHARE and len(set(text)) >= min(10, checked):
            found["person_name"] = person
    return [PiiFinding(name, kind, round(share, 4), checked) for kind, share in found.items()]


def scan(frame: pd.DataFrame, *, sample: int = SAMPLE, seed: int = 0) -> list[PiiFinding]:
    """Every column that holds personal data, with what kind, in column order."""
    findings: list[PiiFinding] = []
    for name in frame.columns:
        findings.extend(_scan_column(str(name), frame[name], sample, seed))
    return findings
