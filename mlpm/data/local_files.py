"""Which files on the server the web app may read for a browser user (issue 13).

Typing a path in the browser reads a file on the *server*, so on a shared server anyone who can
open the page could read ``/etc/passwd``. The web app therefore reads server files only when
the operator allows it twice: the server listens on loopback (only this computer can reach it)
and ``MLPM_LOCAL_FILES`` names a folder; then only regular data files inside that folder are
read. The CLI does not use this: its user already owns the shell and names any path.

Refusals never touch the file system outside the folder, so a message cannot reveal whether a
file there exists. Their messages are plain text made here, where the refusal is decided:
errors are not results (see docs/architecture.md); the Data review's own words about the
folder (on, off, the picker) are in :mod:`mlpm.explain.data`.
"""

from __future__ import annotations

import ipaddress
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePath

from mlpm.data.load import SUFFIXES
from mlpm.errors import UserError

ENV_VAR = "MLPM_LOCAL_FILES"
MAX_LISTED = 200  # data files offered in the folder's picker
_MAX_SCANNED = 5_000  # folder entries looked at to find them (a huge folder stays quick)
_NEVER = (Path("/proc"), Path("/sys"), Path("/dev"))  # kernel views and devices, even if root is /
_TABLE_HINT = "mlpm opens tables: CSV, TSV or TXT (also .gz or .zip), Excel .xlsx or Parquet."
_REFUSED: dict[str, str] = {
    "outside": "'{typed}' is outside the folder mlpm may read.",
    "missing": "There is no file called '{typed}' in the folder.",
    "hidden": "'{typed}' is a hidden file or inside a hidden folder, which mlpm does not open.",
    "not_a_file": "'{typed}' is not a plain file (a folder, device or pipe), so mlpm cannot "
                  "read it.",
    "not_a_table": "'{typed}' does not look like a table file.",
    "empty": "Type the name of a file in the folder.",
    "parent": "'..' is not allowed: mlpm reads only inside its folder.",
}


def _refused(why: str, typed: str, root: Path) -> UserError:
    """The refusal of ``typed`` (one of :data:`_REFUSED`), and what to do instead."""
    hint = _TABLE_HINT if why == "not_a_table" else \
        f"Pick a file inside '{root}', or upload it instead."
    return UserError(_REFUSED[why].format(typed=typed), hint)


def is_loopback(address: str | None) -> bool:
    """True only for an address that just this computer can reach.

    Empty means Streamlit listens on every interface, so it is *not* loopback; host names other
    than ``localhost`` are not trusted (they could resolve anywhere).
    """
    text = (address or "").strip().strip("[]").lower()
    if text == "localhost":
        return True
    try:
        return ipaddress.ip_address(text).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class LocalFiles:
    """The web app's policy for files on the server: off, or one folder (resolved) it reads in.

    ``reason`` says why it is off: ``"unset"`` (no folder named), ``"not_loopback"`` (the server
    is reachable from other computers) or ``"no_folder"`` (the named folder does not exist).
    """

    root: Path | None
    reason: str = ""
    spelled: Path | None = None  # the folder as the operator wrote it (absolute, links kept)

    @classmethod
    def from_environment(cls, address: str | None,
                         environ: Mapping[str, str] | None = None) -> LocalFiles:
        """The policy for a server listening on ``address`` (Streamlit's ``server.address``)."""
        folder = (os.environ if environ is None else environ).get(ENV_VAR, "").strip()
        if not folder:
            return cls(None, "unset")
        if not is_loopback(address):
            return cls(None, "not_loopback")
        try:
            root = Path(folder).expanduser().resolve(strict=True)
        except (OSError, RuntimeError, ValueError):
            return cls(None, "no_folder")
        if not root.is_dir() or _under_never(root):
            return cls(None, "no_folder")
        return cls(root, spelled=Path(folder).expanduser().absolute())

    @property
    def enabled(self) -> bool:
        return self.root is not None

    def resolve(self, user_text: str) -> Path:
        """The real path of the data file ``user_text`` names inside the folder.

        Relative paths are taken inside the folder; an absolute one must already point into it.
        Refused (``UserError``): the policy is off, ``..``, anything outside the folder (also
        through a link), hidden files, devices, FIFOs, sockets, folders and non-table files.
        """
        root = self.root
        if root is None:
            raise UserError(f"Reading files from this server is off; {ENV_VAR} names no folder "
                            "it may read.")
        text = user_text.strip().strip('"').strip()
        if not text or "\x00" in text:
            raise _refused("empty", text, root)
        typed = PurePath(text)
        if ".." in typed.parts:
            raise _refused("parent", text, root)
        try:
            candidate = Path(text).expanduser()
        except RuntimeError:  # "~someone" with no such user
            candidate = Path(text)
        if candidate.is_absolute():
            if not _inside(candidate, root, self.spelled or root):
                raise _refused("outside", text, root)
        else:
            candidate = root / candidate
        # Resolve links without requiring them to exist, so a link leading outside is refused
        # the same way whether or not its target is there (no existence leak).
        try:
            real = candidate.resolve(strict=False)
        except (OSError, RuntimeError, ValueError) as exc:  # a loop of links
            raise _refused("missing", text, root) from exc
        if not real.is_relative_to(root) or _under_never(real):
            raise _refused("outside", text, root)
        inner = real.relative_to(root).parts
        if any(part.startswith(".") for part in inner):
            raise _refused("hidden", text, root)
        try:
            mode = real.stat().st_mode
        except (OSError, ValueError) as exc:
            raise _refused("missing", text, root) from exc
        if not stat.S_ISREG(mode):
            raise _refused("not_a_file", text, root)
        if not _is_table_name(real.name):
            raise _refused("not_a_table", text, root)
        return real

    def allowed(self, user_text: str) -> Path | None:
        """:meth:`resolve`, or ``None`` when refused (for reloads that must not re-report)."""
        try:
            return self.resolve(user_text)
        except UserError:
            return None

    def data_files(self) -> list[str]:
        """Names of the data files directly in the folder (at most :data:`MAX_LISTED`, sorted).

        Each one passes :meth:`resolve`, so the picker never offers what would be refused.
        """
        if self.root is None:
            return []
        names: list[str] = []
        try:
            with os.scandir(self.root) as entries:
                for seen, entry in enumerate(entries):
                    if seen >= _MAX_SCANNED or len(names) >= MAX_LISTED:
                        break
                    if _is_table_name(entry.name) and self.allowed(entry.name) is not None:
                        names.append(entry.name)
        except OSError:
            return []
        return sorted(names, key=str.lower)


def _inside(path: Path, *roots: Path) -> bool:
    return any(path.is_relative_to(root) for root in roots)


def _under_never(path: Path) -> bool:
    return any(path == never or path.is_relative_to(never) for never in _NEVER)


def _is_table_name(name: str) -> bool:
    return "." in name and name.rsplit(".", 1)[-1].lower() in SUFFIXES
