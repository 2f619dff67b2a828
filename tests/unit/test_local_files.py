"""Files on the server (issue 13): the web app reads only data files inside the operator's folder,
and only when the server listens on loopback."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from mlpm.data.local_files import ENV_VAR, MAX_LISTED, LocalFiles, is_loopback
from mlpm.errors import UserError

CSV = b"plan,spend\nbasic,10\npro,20\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "exports"
    root.mkdir()
    (root / "customers.csv").write_bytes(CSV)
    (root / "sub").mkdir()
    (root / "sub" / "orders.csv").write_bytes(CSV)
    (tmp_path / "secret.csv").write_bytes(CSV)  # next to the folder, outside it
    return root


@pytest.fixture
def files(folder: Path) -> LocalFiles:
    policy = LocalFiles.from_environment("127.0.0.1", {ENV_VAR: str(folder)})
    assert policy.enabled
    return policy


def refused(files: LocalFiles, text: str) -> UserError:
    with pytest.raises(UserError) as info:
        files.resolve(text)
    assert files.allowed(text) is None
    return info.value


@pytest.mark.parametrize("address", ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost",
                                     " LOCALHOST "])
def test_loopback_addresses(address: str) -> None:
    assert is_loopback(address)


@pytest.mark.parametrize("address", ["", None, "0.0.0.0", "::", "192.168.1.10", "10.0.0.1",
                                     "example.com", "localhost.example.com", "127.0.0.1.nip.io"])
def test_other_addresses_are_not_loopback(address: str | None) -> None:
    assert not is_loopback(address)


@pytest.mark.parametrize("address", ["0.0.0.0", "", None, "::", "192.168.1.10"])
def test_off_unless_the_server_listens_on_loopback(folder: Path, address: str | None) -> None:
    policy = LocalFiles.from_environment(address, {ENV_VAR: str(folder)})
    assert not policy.enabled
    assert policy.reason == "not_loopback"
    with pytest.raises(UserError, match="off"):
        policy.resolve("customers.csv")


def test_off_unless_the_operator_names_an_existing_folder(folder: Path) -> None:
    assert LocalFiles.from_environment("127.0.0.1", {}).reason == "unset"
    assert LocalFiles.from_environment("127.0.0.1", {ENV_VAR: "  "}).reason == "unset"
    missing = LocalFiles.from_environment("127.0.0.1", {ENV_VAR: str(folder / "nope")})
    assert (missing.enabled, missing.reason) == (False, "no_folder")
    a_file = LocalFiles.from_environment("127.0.0.1", {ENV_VAR: str(folder / "customers.csv")})
    assert (a_file.enabled, a_file.reason) == (False, "no_folder")
    assert not LocalFiles.from_environment("127.0.0.1", {ENV_VAR: "/proc"}).enabled


def test_off_by_default_reads_the_real_environment(monkeypatch: pytest.MonkeyPatch,
                                                   folder: Path) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert not LocalFiles.from_environment("127.0.0.1").enabled
    monkeypatch.setenv(ENV_VAR, str(folder))
    assert LocalFiles.from_environment("127.0.0.1").root == folder.resolve()


def test_files_inside_the_folder_load(files: LocalFiles, folder: Path) -> None:
    assert files.resolve("customers.csv") == (folder / "customers.csv").resolve()
    assert files.resolve(' "customers.csv" ') == (folder / "customers.csv").resolve()
    assert files.resolve("./sub/orders.csv") == (folder / "sub" / "orders.csv").resolve()
    assert files.resolve(str(folder / "customers.csv")) == (folder / "customers.csv").resolve()
    assert files.resolve(str(folder.resolve() / "sub" / "orders.csv")).read_bytes() == CSV


def test_a_link_that_stays_inside_is_fine(files: LocalFiles, folder: Path) -> None:
    (folder / "latest.csv").symlink_to(folder / "sub" / "orders.csv")
    assert files.resolve("latest.csv") == (folder / "sub" / "orders.csv").resolve()


@pytest.mark.parametrize("text", ["../secret.csv", "sub/../../secret.csv", "sub/../customers.csv",
                                  ".."])
def test_parent_steps_are_refused(files: LocalFiles, text: str) -> None:
    assert "'..' is not allowed" in refused(files, text).message


def test_absolute_paths_outside_are_refused_without_saying_if_they_exist(
        files: LocalFiles, folder: Path) -> None:
    there = refused(files, str(folder.parent / "secret.csv")).message
    absent = refused(files, str(folder.parent / "no-such-file.csv")).message
    assert "outside the folder" in there
    assert there.replace("secret", "X") == absent.replace("no-such-file", "X")


def test_absolute_paths_outside_are_refused_before_touching_them(
        files: LocalFiles, monkeypatch: pytest.MonkeyPatch) -> None:
    looked_at: list[Path] = []
    resolve = Path.resolve

    def spy(self: Path, strict: bool = False) -> Path:
        looked_at.append(self)
        return resolve(self, strict=strict)

    monkeypatch.setattr(Path, "resolve", spy)
    for text in ("/etc/passwd", "/proc/self/environ", "/root/.bash_history"):
        refused(files, text)
    assert looked_at == []


@pytest.mark.parametrize("text", ["/etc/passwd", "/etc/shadow", "/proc/self/environ",
                                  "/dev/zero", "/sys/kernel/notes", "~/.ssh/id_rsa"])
def test_system_files_are_refused(files: LocalFiles, text: str) -> None:
    assert "outside the folder" in refused(files, text).message


def test_a_link_leading_outside_is_refused_whether_or_not_its_target_exists(
        files: LocalFiles, folder: Path) -> None:
    (folder / "passwd.csv").symlink_to("/etc/passwd")
    (folder / "up.csv").symlink_to(folder.parent / "secret.csv")
    (folder / "gone.csv").symlink_to(folder.parent / "no-such-file.csv")
    (folder / "etc").symlink_to("/etc")
    for name in ("passwd.csv", "up.csv", "gone.csv", "etc/passwd"):
        assert "outside the folder" in refused(files, name).message, name


def test_devices_pipes_sockets_and_folders_are_refused(files: LocalFiles, folder: Path) -> None:
    os.mkfifo(folder / "pipe.csv")
    (folder / "zero.csv").symlink_to("/dev/zero")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(folder / "sock.csv"))
        assert "not a plain file" in refused(files, "sock.csv").message
    assert "not a plain file" in refused(files, "pipe.csv").message  # does not block
    assert "outside the folder" in refused(files, "zero.csv").message
    assert "not a plain file" in refused(files, "sub").message
    assert "not a plain file" in refused(files, str(folder)).message


def test_even_with_root_as_the_folder_kernel_files_are_refused() -> None:
    everything = LocalFiles.from_environment("::1", {ENV_VAR: "/"})
    assert everything.enabled
    for text in ("/proc/self/environ", "proc/self/environ", "/dev/zero", "/sys/kernel/notes"):
        assert "outside the folder" in refused(everything, text).message, text


def test_missing_hidden_empty_and_non_table_files(files: LocalFiles, folder: Path) -> None:
    assert "no file called 'nope.csv'" in refused(files, "nope.csv").message
    (folder / ".env.csv").write_bytes(CSV)
    (folder / ".private").mkdir()
    (folder / ".private" / "keys.csv").write_bytes(CSV)
    assert "hidden" in refused(files, ".env.csv").message
    assert "hidden" in refused(files, ".private/keys.csv").message
    (folder / "notes.md").write_text("# notes")
    assert "does not look like a table" in refused(files, "notes.md").message
    assert "Type the name" in refused(files, "   ").message
    assert refused(files, "a\x00b.csv").message


def test_the_picker_lists_only_loadable_data_files(files: LocalFiles, folder: Path) -> None:
    (folder / "notes.md").write_text("# notes")
    (folder / ".hidden.csv").write_bytes(CSV)
    (folder / "passwd.csv").symlink_to("/etc/passwd")
    os.mkfifo(folder / "pipe.csv")
    (folder / "Book.xlsx").write_bytes(b"PK")
    assert files.data_files() == ["Book.xlsx", "customers.csv"]
    for i in range(MAX_LISTED + 20):
        (folder / f"part{i:04d}.csv").write_bytes(CSV)
    assert len(files.data_files()) == MAX_LISTED
    assert LocalFiles(None, "unset").data_files() == []
