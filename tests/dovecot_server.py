"""Dovecot run from a throwaway configuration, and what the tests do to its mailbox.

Everything lives in one folder (configuration, runtime sockets, log, maildir),
the listeners are on free ports of 127.0.0.1, so two pytest-xdist workers each
run their own server. Dovecot refuses to let a login process or a mailbox run
as root: under root (CI) the master keeps root and hands both to `nobody`;
otherwise everything runs as the current user (checked as `nobody` by hand:
Dovecot's own users and groups, `dovecot` and `dovenull`, are never needed).
"""
from __future__ import annotations

import grp
import os
import pwd
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

from imapclient import IMAPClient

from tests.mail_tls import HOST, MailCA, free_port

Tls = Literal["imaps", "starttls"]
USER, PASSWORD = "hotline", "Mot-de-passe-2026"
# Dovecot's files under the maildir root that are not messages: the
# UIDVALIDITY counter survives a reset, so each new INBOX gets a higher one.
KEEP_ON_RESET = "dovecot-uidvalidity"
# What a recreated INBOX loses: its UID list and its indexes (messages stay).
INBOX_INDEX = ("dovecot-uidlist", "dovecot.index", "dovecot.index.log", "dovecot.index.cache")
LOGIN_LINE = re.compile(r"imap-login: Info: Login: user=<(?P<user>[^>]*)>.*?, (?P<how>TLS|secured)")
SESSION_END = re.compile(r" imap\([^)]*\)<\d+><[^>]*>: Info: Disconnected")


def binary() -> str | None:
    """The dovecot executable, or None (/usr/sbin is not on every PATH)."""
    found = shutil.which("dovecot")
    if found:
        return found
    return "/usr/sbin/dovecot" if os.access("/usr/sbin/dovecot", os.X_OK) else None


@dataclass(frozen=True)
class StoredMessage:
    uid: int
    flags: tuple[str, ...]
    raw: bytes


@dataclass(frozen=True)
class Login:
    """One successful IMAP login, as Dovecot logged it."""

    user: str
    tls: bool  # False: a plaintext login Dovecot allowed because it came from 127.0.0.1


class Dovecot:
    """A running Dovecot with one user (`user`, `password`) and its mailbox."""

    host = HOST
    user = USER
    password = PASSWORD

    def __init__(self, root: Path, ca: MailCA) -> None:
        self.root = root
        self.ca = ca
        self.ca_file = str(ca.ca_file)
        self.imaps_port = self.imap_port = 0
        self.log_file = root / "dovecot.log"
        self.maildir = root / "mail" / USER
        self.process: subprocess.Popen[bytes] | None = None

    # ------------------------------------------------------------ server
    def start(self, executable: str, attempts: int = 3) -> None:
        """Start on fresh free ports; a port taken meanwhile costs one more try."""
        for attempt in range(attempts):
            self.imaps_port, self.imap_port = free_port(), free_port()
            config = self._write_config()
            self.process = subprocess.Popen([executable, "-F", "-c", str(config)],
                                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
            if self._wait_for_ports(timeout=15):
                return
            self.stop()
            if attempt == attempts - 1 or "in use" not in self.log():
                raise RuntimeError(f"Dovecot did not start; its log:\n{self.log()[-3000:]}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None

    def log(self) -> str:
        return self.log_file.read_text(errors="replace") if self.log_file.exists() else ""

    def logins(self, at_least: int = 0, timeout: float = 5.0) -> list[Login]:
        """Successful logins so far, oldest first: tests check the route used TLS.

        Dovecot's log process writes a login a moment after the client is in:
        count them first, then ask for `at_least` one more. AssertionError
        after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            found = [Login(m["user"], m["how"] == "TLS") for m in LOGIN_LINE.finditer(self.log())]
            if len(found) >= at_least:
                return found
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(found)} logins in Dovecot's log, expected {at_least}")
            time.sleep(0.02)

    def _wait_for_ports(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                return False
            if all(_listening(port) for port in (self.imaps_port, self.imap_port)):
                return True
            time.sleep(0.05)
        return False

    def _write_config(self) -> Path:
        owner, group, uid, gid = _mail_owner()
        for folder in ("run", "state", "mail"):
            (self.root / folder).mkdir(exist_ok=True)
        if os.geteuid() == 0:
            os.chmod(self.root, 0o755)  # `nobody` reads the users file, owns the maildir
            os.chown(self.root / "mail", uid, gid)
        users = self.root / "users"
        users.write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
        config = self.root / "dovecot.conf"
        config.write_text(CONFIG.format(
            root=self.root, host=HOST, owner=owner, group=group, uid=uid, gid=gid, users=users,
            cert=self.ca.cert_file, key=self.ca.key_file, imap=self.imap_port,
            imaps=self.imaps_port))
        return config

    # ------------------------------------------------------------ clients
    def imap_url(self, tls: Tls = "imaps", folder: str = "INBOX") -> str:
        """The IMAP_URL setting that reaches this mailbox: imaps:// (TLS from the
        first byte) or imap:// (STARTTLS)."""
        scheme, port = ("imaps", self.imaps_port) if tls == "imaps" else ("imap", self.imap_port)
        return (f"{scheme}://{quote(USER, safe='')}:{quote(PASSWORD, safe='')}"
                f"@{HOST}:{port}/{quote(folder)}")

    @contextmanager
    def connect(self, tls: Tls = "imaps", password: str = PASSWORD) -> Iterator[IMAPClient]:
        """A logged-in imapclient that verifies the server against `ca_file`."""
        context = self.ca.client_context()
        if tls == "imaps":
            client = IMAPClient(HOST, port=self.imaps_port, ssl=True, ssl_context=context,
                                timeout=10)
        else:
            client = IMAPClient(HOST, port=self.imap_port, ssl=False, timeout=10)
            client.starttls(context)
        try:
            client.login(USER, password)
            yield client
        finally:
            _close(client)

    # ------------------------------------------------------------ mailbox
    def deliver(self, raw: bytes, folder: str = "INBOX", flags: tuple[str, ...] = ()) -> int:
        """Put one RFC 5322 message in `folder` (IMAP APPEND); its UID."""
        with self.connect() as client:
            answer = client.append(folder, raw, flags=flags)
        found = re.search(rb"APPENDUID \d+ (\d+)", answer)
        assert found, answer
        return int(found.group(1))

    def messages(self, folder: str = "INBOX", tls: Tls = "imaps") -> list[StoredMessage]:
        """What `folder` holds, by UID, read without setting \\Seen."""
        with self.connect(tls) as client:
            client.select_folder(folder, readonly=True)
            fetched = client.fetch(client.search("ALL"), ["FLAGS", "BODY.PEEK[]"])
        # \\Recent belongs to one session, not to the message: left out.
        return [StoredMessage(uid, tuple(_text(f) for f in data[b"FLAGS"] if f != b"\\Recent"),
                              data[b"BODY[]"])
                for uid, data in sorted(fetched.items())]

    def create_folder(self, name: str) -> None:
        with self.connect() as client:
            client.create_folder(name)

    def folders(self) -> list[str]:
        with self.connect() as client:
            return sorted(name for _flags, _sep, name in client.list_folders())

    def uidvalidity(self, folder: str = "INBOX") -> int:
        with self.connect() as client:
            value: int = client.folder_status(folder, ["UIDVALIDITY"])[b"UIDVALIDITY"]
            return value

    def reset(self) -> None:
        """An empty INBOX and no other folder, UIDs from 1 under a new UIDVALIDITY.

        Done on disk between tests, once the sessions of the last one have
        closed: quicker than expunging over IMAP, and no UID or flag of an
        earlier test survives."""
        self._wait_for_sessions_to_end(timeout=5)
        if not self.maildir.exists():
            return
        for entry in self.maildir.iterdir():
            if entry.name.startswith(KEEP_ON_RESET):
                continue
            shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() else \
                entry.unlink(missing_ok=True)

    def _wait_for_sessions_to_end(self, timeout: float) -> None:
        """An imap process may still write its indexes after the client left;
        a connection the code under test leaked is waited for `timeout`, no more."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            log = self.log()
            if len(SESSION_END.findall(log)) >= len(LOGIN_LINE.findall(log)):
                return
            time.sleep(0.02)

    def recreate_inbox(self) -> None:
        """INBOX gets a new UIDVALIDITY and its messages new UIDs (from 1), as
        after a server-side rebuild or a restore; messages and flags stay."""
        for name in INBOX_INDEX:
            (self.maildir / name).unlink(missing_ok=True)


def _mail_owner() -> tuple[str, str, int, int]:
    """Who owns the mail: the current user, or `nobody` under root."""
    entry = pwd.getpwnam("nobody") if os.geteuid() == 0 else pwd.getpwuid(os.geteuid())
    return entry.pw_name, grp.getgrgid(entry.pw_gid).gr_name, entry.pw_uid, entry.pw_gid


def _listening(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=0.5):
            return True
    except OSError:
        return False


def _close(client: IMAPClient) -> None:
    try:
        client.logout()
    except Exception:  # the test under way matters more than a clean goodbye
        client.shutdown()


def _text(flag: Any) -> str:
    return flag.decode() if isinstance(flag, bytes) else str(flag)


# Only what these tests need. `ssl = required` refuses plaintext logins, except
# from 127.0.0.1, which Dovecot counts as secured: `logins()` tells them apart.
# No delay after a failed login, no growing penalty for 127.0.0.1 (documented
# way: the anvil-auth-penalty socket closed): a wrong-password test costs no time.
CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = {host}
ssl = required
ssl_cert = <{cert}
ssl_key = <{key}
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = {owner}
default_login_user = {owner}
default_internal_group = {group}
first_valid_uid = {uid}
first_valid_gid = {gid}
mail_uid = {owner}
mail_gid = {group}
mail_home = {root}/mail/%u
mail_location = maildir:{root}/mail/%u
mail_fsync = never
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {users}
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {users}
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    port = {imap}
  }}
  inet_listener imaps {{
    port = {imaps}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
service auth-worker {{
  user = $default_internal_user
}}
"""
