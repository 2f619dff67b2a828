"""Which files on the server this app may read: the local-files policy, from the address
Streamlit really listens on (a path typed on Data review, a saved project's path)."""

from __future__ import annotations

import streamlit as st

from mlpm.data.local_files import LocalFiles


def local_files() -> LocalFiles:
    """Which server files this app may read, from the address Streamlit really listens on."""
    return LocalFiles.from_environment(st.get_option("server.address"))
