"""One exception family for problems the PM can fix.

Pages and the CLI catch :class:`UserError` and show ``message`` plus ``hint``; anything else
is a bug and is shown as a short apology with details folded away.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem with the PM's input, worded for the PM, with a way to fix it."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class DataLoadError(UserError):
    """A file could not be read as a table.

    ``remedy`` names a safe "load anyway" option (a field of ``LoadOptions``) when one exists.
    """

    def __init__(self, message: str, hint: str = "", *, remedy: str | None = None) -> None:
        super().__init__(message, hint)
        self.remedy = remedy


class ProblemSetupError(UserError):
    """The chosen target, features or split cannot make a trainable problem."""
