"""Real mail servers for the e-mail route's tests (shared through conftest.py).

Fixtures:

- `mail_ca` (session): a throwaway CA (trustme) and a certificate for
  127.0.0.1/localhost that both servers present (tests/mail_tls.py).
- `dovecot` (session, one per xdist worker): Dovecot with user `hotline`, an
  imaps port and a STARTTLS imap port (tests/dovecot_server.py). Attributes
  `host`, `imaps_port`, `imap_port`, `user`, `password`, `ca_file`; methods
  `imap_url(tls="imaps"|"starttls", folder="INBOX")`, `deliver(raw, folder)`,
  `messages(folder)`, `create_folder(name)`, `folders()`, `uidvalidity(folder)`,
  `connect(tls)`, `reset()`, `recreate_inbox()`, `logins(at_least, timeout)`, `log()`.
- `mailbox` (function): the same Dovecot, emptied before the test.
- `smtp_sink` (function): an aiosmtpd server with STARTTLS (`port`) and
  implicit TLS (`smtps_port`), AUTH required (tests/smtp_sink.py): `smtp_url(tls)`,
  `received`, `wait_for(n, timeout)`.
- `mail_ca_file` (function): MAIL_CA_FILE set to the CA's PEM file.

`sample(name)` reads a message of tests/mail_samples/ (its README says what
each one is), e.g. `mailbox.deliver(sample("plain.eml"))`.

The servers' certificate is signed by the throwaway CA, so the production
code must trust it without turning verification off: tests pass the path of a
PEM bundle in the environment variable MAIL_CA_FILE, which the e-mail route
adds to the SSL context of its IMAP and SMTP connections.

Without Dovecot the tests that use it are skipped with a reason that says
how to get it, unless RAPPEL_REQUIRE_DOVECOT is set (CI), where they fail.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.dovecot_server import Dovecot, binary
from tests.mail_tls import MailCA
from tests.smtp_sink import SmtpSink

MAIL_CA_ENV = "MAIL_CA_FILE"
HOW = "apt-get install dovecot-imapd, or run .ci/run"
SAMPLES = Path(__file__).parent / "mail_samples"


def sample(name: str) -> bytes:
    """The bytes of tests/mail_samples/<name>, CRLF line endings as on the wire."""
    return (SAMPLES / name).read_bytes()


@pytest.fixture(scope="session")
def mail_ca(tmp_path_factory: Any) -> MailCA:
    return MailCA.create(tmp_path_factory.mktemp("mail-ca"))


def dovecot_binary() -> str:
    """The dovecot executable; skips the test without it, fails it in CI."""
    executable = binary()
    if executable is None:
        reason = f"Dovecot is not installed: {HOW}"
        if os.environ.get("RAPPEL_REQUIRE_DOVECOT", "0") not in ("", "0"):
            pytest.fail(f"RAPPEL_REQUIRE_DOVECOT is set but {reason}")
        pytest.skip(reason)
    return executable


@pytest.fixture(scope="session")
def dovecot(mail_ca: MailCA) -> Iterator[Dovecot]:
    executable = dovecot_binary()
    # Not under pytest's tmp_path: under root, `nobody` must reach the maildir,
    # and /tmp/pytest-of-root is closed to it.
    root = Path(tempfile.mkdtemp(prefix="rappel-dovecot-"))
    server = Dovecot(root, mail_ca)
    try:
        server.start(executable)
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def mailbox(dovecot: Dovecot) -> Dovecot:
    dovecot.reset()
    return dovecot


@pytest.fixture
def smtp_sink(mail_ca: MailCA) -> Iterator[SmtpSink]:
    sink = SmtpSink(mail_ca)
    yield sink
    sink.stop()


@pytest.fixture
def mail_ca_file(mail_ca: MailCA, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv(MAIL_CA_ENV, str(mail_ca.ca_file))
    return str(mail_ca.ca_file)
