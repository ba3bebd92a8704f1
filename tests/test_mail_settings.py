"""E-mail settings: on when both servers are given, checked at start."""
from __future__ import annotations

from pathlib import Path

import pytest

from channels.email import server
from webhooks.settings import SettingsError, load

IMAP, SMTP = "imaps://hotline%40example.org:p%40ss@mail.example.org/INBOX", \
    "smtp://mail.example.org"


def settings(tmp_path: Path, **given: str) -> dict:
    return load({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x", **given})


def test_email_is_off_until_both_servers_are_set(tmp_path):
    assert settings(tmp_path)["MAIL_ENABLED"] is False
    with pytest.raises(SettingsError, match="both IMAP_URL"):
        settings(tmp_path, IMAP_URL=IMAP)


def test_email_needs_an_address_to_answer_from(tmp_path):
    with pytest.raises(SettingsError, match="MAIL_FROM"):
        settings(tmp_path, IMAP_URL=IMAP, SMTP_URL=SMTP)
    on = settings(tmp_path, IMAP_URL=IMAP, SMTP_URL=SMTP, MAIL_FROM="contact@example.org")
    assert on["MAIL_ENABLED"] and on["MAIL_DONE_FOLDER"] == "Rappel"
    assert on["MAIL_POLL_SECONDS"] == 20


def test_a_wrong_url_or_folder_setting_is_named(tmp_path):
    with pytest.raises(SettingsError, match="IMAP_URL must read like imaps://"):
        settings(tmp_path, IMAP_URL="pop3://x", SMTP_URL=SMTP, MAIL_FROM="c@example.org")
    deleting = settings(tmp_path, IMAP_URL=IMAP, SMTP_URL=SMTP, MAIL_FROM="c@example.org",
                        MAIL_DONE_FOLDER="DELETE")
    assert deleting["MAIL_DONE_FOLDER"] == "delete"


def test_urls_carry_escaped_users_passwords_and_folders():
    read = server("IMAP_URL", IMAP, ("imap", "imaps"))
    assert (read.user, read.password, read.host, read.port, read.path, read.tls) == \
        ("hotline@example.org", "p@ss", "mail.example.org", 993, "INBOX", True)
    assert "p@ss" not in read.shown()
    sending = server("SMTP_URL", SMTP, ("smtp", "smtps"))
    assert (sending.port, sending.tls, sending.user) == (587, False, None)
