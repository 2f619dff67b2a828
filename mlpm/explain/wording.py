"""Small grammar and number helpers every sentence module shares.

``plain_number`` writes errors, averages and other amounts in plain digits (never "1.55e+04");
``is_are`` agrees a verb with its subject ("These results are", "The split is").
"""

from __future__ import annotations

import math

_PLURAL_STARTS = ("these ", "those ", "both ", "all ", "some ", "many ")
_SINGULAR_S = ("analysis", "status", "class", "process", "basis", "is", "this", "gas")


def plain_number(value: float, *, digits: int = 3, trim: bool = False) -> str:
    """A number in plain digits with thousands separators and ``digits`` significant figures
    below 100 (whole numbers above): ``15,487`` / ``12.3`` / ``4.00`` / ``0.0123``.

    Never scientific notation, so an average error of 15,487 euros reads as money, not
    "1.55e+04". ``trim`` drops trailing zeros after the point (``0.5``, not ``0.500``).
    """
    v = float(value)
    if not math.isfinite(v):
        return "unknown" if math.isnan(v) else ("infinite" if v > 0 else "minus infinite")
    if v == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(v)))
    decimals = 0 if magnitude >= digits - 1 else min(digits - 1 - magnitude, 12)
    text = f"{v:,.{decimals}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if float(text.replace(",", "")) == 0 else text


def is_plural(subject: str) -> bool:
    """Whether a short subject ("These results", "The curves", "The split") is plural."""
    words = subject.strip().lower()
    if words.startswith(_PLURAL_STARTS):
        return True
    last = words.split()[-1] if words.split() else ""
    return last.endswith("s") and not last.endswith(("ss", "us")) and last not in _SINGULAR_S


def is_are(subject: str) -> str:
    """ "is" or "are" for ``subject``: "These results are out of date", "The split is"."""
    return "are" if is_plural(subject) else "is"
