"""How pages show problems: the PM's fixable errors plainly, our bugs politely, never a traceback."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from mlpm.errors import UserError
from mlpm.explain.safe import md

log = logging.getLogger("mlpm")


def show_user_error(error: UserError) -> None:
    """The message, then how to fix it (plain text naming the PM's files and columns)."""
    st.error(f"**{md(error.message)}**" + (f"  \n{md(error.hint)}" if error.hint else ""),
             icon=":material/error:")


@contextmanager
def guarded(what: str) -> Iterator[None]:
    """Run a step; a :class:`UserError` becomes a clear message, anything else an apology.

    The rest of the page and the PM's earlier work stay as they were.
    """
    try:
        yield
    except UserError as error:
        show_user_error(error)
    except Exception as error:  # a bug: keep the journey alive, log the details
        log.exception("Unexpected error while %s", what)
        st.error(f"Sorry, something went wrong while {what}. Your earlier work is kept; "
                 "try again or choose different settings.", icon=":material/sentiment_dissatisfied:")
        with st.expander("Details for the engineers"):
            st.code(f"{type(error).__name__}: {error}", language=None)
