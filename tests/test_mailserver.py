"""The mail test harness itself, against the real servers: Dovecot gives back
what it was given, over TLS checked against the throwaway CA, and the SMTP
sink keeps what smtplib sends it (tests/mailserver.py)."""
from __future__ import annotations

import email
import email.policy
import os
import re
import smtplib
import ssl
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
import trustme
from imapclient import IMAPClient
from imapclient.exceptions import LoginError

from tests import mailserver
from tests.dovecot_server import USER, Dovecot, Login, StoredMessage
from tests.mailserver import SAMPLES, sample
from tests.smtp_sink import SmtpSink

NAMES = sorted(path.name for path in SAMPLES.glob("*.eml"))
KEY_HEADER = re.compile(r"`([A-Za-z-]+): ([^`]*)`")


def readme_rows() -> dict[str, list[tuple[str, str]]]:
    """File name -> the key headers its README row promises."""
    rows = {}
    for line in (SAMPLES / "README.md").read_text().splitlines():
        if line.startswith("| `"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            rows[cells[0].strip("`")] = KEY_HEADER.findall(cells[1])
    return rows


def note(subject: str = "Votre demande n° 12") -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Ça va patron ? <contact@hotline.example.org>"
    message["To"] = "Paul Martin <paul.martin@example.net>"
    message["Subject"] = subject
    message.set_content("Bonjour,\nun bénévole vous rappelle demain entre 14h et 16h.\n")
    return message


# ---------------------------------------------------------------- the samples
def test_it_describes_every_sample_in_the_readme() -> None:
    assert sorted(readme_rows()) == NAMES
    assert len(NAMES) == 11


@pytest.mark.parametrize("name", NAMES)
def test_it_ships_each_sample_as_a_clean_message_with_the_headers_the_readme_names(
        name: str) -> None:
    raw = sample(name)
    assert b"\n" not in raw.replace(b"\r\n", b""), "CRLF line endings, as on the wire"
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998  # RFC 5322's hard limit
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert [(part.get_content_type(), part.defects) for part in message.walk()
            if part.defects] == []
    for header, value in readme_rows()[name]:
        assert str(message[header]).startswith(value), (header, str(message[header]))


# ---------------------------------------------------------------- Dovecot
@pytest.mark.parametrize("tls", ["imaps", "starttls"])
@pytest.mark.parametrize("name", NAMES)
def test_it_gives_back_each_sample_byte_for_byte(mailbox: Dovecot, name: str, tls: Any) -> None:
    uid = mailbox.deliver(sample(name))
    assert mailbox.messages(tls=tls) == [StoredMessage(uid, (), sample(name))]


def test_it_keeps_the_order_and_flags_of_what_is_delivered(mailbox: Dovecot) -> None:
    seen = mailbox.deliver(sample("plain.eml"), flags=("\\Seen",))
    unseen = mailbox.deliver(sample("latin1.eml"))
    assert mailbox.messages() == [StoredMessage(seen, ("\\Seen",), sample("plain.eml")),
                                  StoredMessage(unseen, (), sample("latin1.eml"))]


def test_it_reaches_the_mailbox_with_the_settings_it_hands_out(mailbox: Dovecot) -> None:
    mailbox.deliver(sample("plain.eml"))
    before = len(mailbox.logins())
    for tls in ("imaps", "starttls"):
        url = urlsplit(mailbox.imap_url(tls))
        assert (url.scheme, url.hostname, url.path) == (
            "imaps" if tls == "imaps" else "imap", "127.0.0.1", "/INBOX")
        context = ssl.create_default_context(cafile=mailbox.ca_file)
        client = IMAPClient(url.hostname, url.port, ssl=url.scheme == "imaps",
                            ssl_context=context, timeout=10)
        if url.scheme == "imap":
            client.starttls(context)
        client.login(unquote(url.username or ""), unquote(url.password or ""))
        assert client.select_folder(unquote(url.path[1:]), readonly=True)[b"EXISTS"] == 1
        client.logout()
    assert [login.tls for login in mailbox.logins(at_least=before + 2)[before:]] == [True, True]


def test_it_refuses_a_wrong_password(mailbox: Dovecot) -> None:
    for tls in ("imaps", "starttls"):
        with pytest.raises(LoginError), mailbox.connect(tls, password="wrong"):
            pass


def test_it_refuses_a_client_that_trusts_another_ca(mailbox: Dovecot) -> None:
    stranger = ssl.create_default_context()
    trustme.CA().configure_trust(stranger)
    with pytest.raises(ssl.SSLCertVerificationError):
        IMAPClient(mailbox.host, mailbox.imaps_port, ssl=True, ssl_context=stranger, timeout=10)


def test_it_tells_a_login_over_tls_from_a_plaintext_one(mailbox: Dovecot) -> None:
    # Dovecot lets 127.0.0.1 log in without TLS: the log is how a test of the
    # e-mail route checks it did not send the password in clear.
    before = len(mailbox.logins())
    client = IMAPClient(mailbox.host, mailbox.imap_port, ssl=False, timeout=10)
    client.login(mailbox.user, mailbox.password)
    client.logout()
    assert mailbox.logins(at_least=before + 1)[before:] == [Login(USER, tls=False)]
    with mailbox.connect("starttls"):
        pass
    assert mailbox.logins(at_least=before + 2)[before + 1:] == [Login(USER, tls=True)]


def test_it_keeps_folders_apart(mailbox: Dovecot) -> None:
    mailbox.create_folder("Traités")
    uid = mailbox.deliver(sample("bounce.eml"), folder="Traités")
    assert mailbox.folders() == ["INBOX", "Traités"]
    assert mailbox.messages("Traités") == [StoredMessage(uid, (), sample("bounce.eml"))]
    assert mailbox.messages() == []


def test_it_empties_the_mailbox_between_tests(mailbox: Dovecot) -> None:
    mailbox.create_folder("Traités")
    mailbox.deliver(sample("plain.eml"))
    mailbox.deliver(sample("plain.eml"))
    before = mailbox.uidvalidity()
    mailbox.reset()
    assert mailbox.messages() == [] and mailbox.folders() == ["INBOX"]
    assert mailbox.uidvalidity() > before
    assert mailbox.deliver(sample("latin1.eml")) == 1


def test_it_renumbers_the_inbox_under_a_new_uidvalidity(mailbox: Dovecot) -> None:
    mailbox.deliver(sample("plain.eml"))
    mailbox.deliver(sample("quoted_reply.eml"), flags=("\\Seen",))
    mailbox.deliver(sample("latin1.eml"))
    with mailbox.connect() as client:  # a gap in the UIDs, as in a real mailbox
        client.select_folder("INBOX")
        client.delete_messages([1])
        client.expunge()
    before = mailbox.uidvalidity()
    mailbox.recreate_inbox()
    assert mailbox.uidvalidity() > before
    assert mailbox.messages() == [
        StoredMessage(1, ("\\Seen",), sample("quoted_reply.eml")),
        StoredMessage(2, (), sample("latin1.eml"))]


def test_it_skips_without_dovecot_unless_ci_requires_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mailserver, "binary", lambda: None)
    monkeypatch.delenv("RAPPEL_REQUIRE_DOVECOT", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install dovecot-imapd"):
        mailserver.dovecot_binary()
    monkeypatch.setenv("RAPPEL_REQUIRE_DOVECOT", "1")
    with pytest.raises(pytest.fail.Exception, match="RAPPEL_REQUIRE_DOVECOT"):
        mailserver.dovecot_binary()


# ---------------------------------------------------------------- SMTP sink
def test_it_receives_a_mail_sent_with_starttls_and_login(smtp_sink: SmtpSink) -> None:
    with smtplib.SMTP(smtp_sink.host, smtp_sink.port, timeout=10) as smtp:
        smtp.starttls(context=ssl.create_default_context(cafile=smtp_sink.ca_file))
        smtp.login(smtp_sink.user, smtp_sink.password)
        smtp.send_message(note(), from_addr="contact@hotline.example.org")
    [mail] = smtp_sink.wait_for(1)
    assert (mail.mail_from, mail.rcpt_tos) == ("contact@hotline.example.org",
                                               ["paul.martin@example.net"])
    assert (mail.via, mail.login) == ("starttls", smtp_sink.user)
    assert mail.message["Subject"] == "Votre demande n° 12"
    assert "demain entre 14h et 16h" in mail.message.get_content()


def test_it_receives_a_mail_sent_over_smtps(smtp_sink: SmtpSink) -> None:
    context = ssl.create_default_context(cafile=smtp_sink.ca_file)
    with smtplib.SMTP_SSL(smtp_sink.host, smtp_sink.smtps_port, context=context,
                          timeout=10) as smtp:
        smtp.login(smtp_sink.user, smtp_sink.password)
        smtp.send_message(note("Demande n° 13"))
    [mail] = smtp_sink.wait_for(1)
    assert (mail.via, mail.message["Subject"]) == ("smtps", "Demande n° 13")


def test_it_hands_out_smtp_urls_that_reach_the_sink(smtp_sink: SmtpSink) -> None:
    context = ssl.create_default_context(cafile=smtp_sink.ca_file)
    for tls in ("starttls", "smtps"):
        url = urlsplit(smtp_sink.smtp_url(tls))
        host, port = url.hostname or "", url.port or 0
        smtp = smtplib.SMTP_SSL(host, port, context=context, timeout=10) \
            if url.scheme == "smtps" else smtplib.SMTP(host, port, timeout=10)
        with smtp:
            if url.scheme == "smtp":
                smtp.starttls(context=context)
            smtp.login(unquote(url.username or ""), unquote(url.password or ""))
            smtp.send_message(note(tls))
    assert [mail.message["Subject"] for mail in smtp_sink.wait_for(2)] == ["starttls", "smtps"]


def test_it_refuses_mail_without_tls_or_login(smtp_sink: SmtpSink) -> None:
    with smtplib.SMTP(smtp_sink.host, smtp_sink.port, timeout=10) as smtp:
        with pytest.raises(smtplib.SMTPNotSupportedError):  # no AUTH before STARTTLS
            smtp.login(smtp_sink.user, smtp_sink.password)
        smtp.starttls(context=ssl.create_default_context(cafile=smtp_sink.ca_file))
        with pytest.raises(smtplib.SMTPAuthenticationError):
            smtp.login(smtp_sink.user, "wrong")
        with pytest.raises(smtplib.SMTPSenderRefused):
            smtp.send_message(note())
    with pytest.raises(AssertionError, match="expected 1 mails"):
        smtp_sink.wait_for(1, timeout=0.2)


def test_it_points_the_e_mail_route_at_the_throwaway_ca(mail_ca_file: str) -> None:
    assert os.environ[mailserver.MAIL_CA_ENV] == mail_ca_file
    assert Path(mail_ca_file).read_text().startswith("-----BEGIN CERTIFICATE-----")
