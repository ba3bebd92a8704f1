"""The e-mail route against real servers: Dovecot for the hotline's mailbox
and an aiosmtpd sink for what it sends (tests/mailserver.py), certificates
verified against the tests' own CA. Each sample mail delivered, the clock
run, the requests and the mails received asserted; and the issue's story."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from freezegun import freeze_time
from sqlalchemy import select, text

from channels.registry import transport_for
from dispatch.models import ClockState, MailErasure, Message, Request
from scheduling import tick
from tests.conftest import (
    BERTRAND,
    CLAIRE,
    MICHEL,
    NOW,
    PAUL,
    make_app,
    outbox,
    reply_of,
    sync_cast,
)

SAMPLES = Path(__file__).parent / "mail_samples"
HOTLINE_MAIL = "contact@hotline.example.org"
FROM = f"Ça va patron ? <{HOTLINE_MAIL}>"


def sample(name: str) -> bytes:
    return (SAMPLES / f"{name}.eml").read_bytes()


def mail_app(database_url: str, tmp_path: Path, mailbox: Any, smtp_sink: Any,
             **more: Any) -> Any:
    config = dict(IMAP_URL=mailbox.imap_url(), SMTP_URL=smtp_sink.smtp_url(), MAIL_FROM=FROM,
                  MAIL_CA_FILE=str(mailbox.ca_file))
    app = make_app(database_url, tmp_path, **{**config, **more})
    sync_cast(app)
    return app


@pytest.fixture
def app(database_url, tmp_path, mailbox, smtp_sink):
    app = mail_app(database_url, tmp_path, mailbox, smtp_sink)
    yield app
    app.extensions["rappel.engine"].dispose()


def requests(db: Any) -> list[Request]:
    db.expire_all()
    return list(db.scalars(select(Request).order_by(Request.id)))


def test_a_plain_mail_opens_a_request_acknowledged_in_its_thread(app, db, mailbox, smtp_sink):
    mailbox.deliver(sample("plain"))
    with freeze_time(NOW):
        assert tick(app)["mail"] == 1
    [r] = requests(db)
    assert (r.channel, r.sender, r.callback_number) == ("email", "sandrine.morel@example.net",
                                                        "+33612345678")
    assert r.name and r.name.startswith("Sandrine") and r.slots
    [ack] = smtp_sink.wait_for(1)
    got = ack.message
    assert ack.rcpt_tos == ["sandrine.morel@example.net"] and ack.mail_from == HOTLINE_MAIL
    assert got["From"] == FROM and got["To"] == "sandrine.morel@example.net"
    assert got["Subject"] == "Re: Besoin d'aide pour ma boulangerie – demande n° 1"
    assert got["In-Reply-To"] == "<20261207074705.3f9a1c@smtp.example.net>"
    assert got["References"] == "<20261207074705.3f9a1c@smtp.example.net>"
    assert got["Auto-Submitted"] == "auto-replied"
    assert got.get_content_type() == "text/plain" and not got.is_multipart()
    text = got.get_content()
    assert "votre demande porte le n° 1" in text and "06 12 34 56 78" in text
    sent = db.scalar(select(Message).where(Message.direction == "out",
                                           Message.to_number == r.sender))
    assert got["Message-ID"] == sent.mail_id and sent.status == "sent"
    # Filed away once handled, never marked read where it was.
    assert mailbox.messages("INBOX") == []
    [filed] = mailbox.messages("Rappel")
    assert filed.raw == sample("plain")


def test_each_sample_does_what_its_readme_says(app, db, mailbox, smtp_sink):
    _earlier_requests(app)  # 12 to 15, whose acknowledgements the replies answer
    for name in ("plain", "html_only", "multipart_attachment", "latin1", "no_number", "crisis",
                 "quoted_reply", "outlook_reply", "auto_reply", "bounce", "bulk"):
        mailbox.deliver(sample(name))
    with freeze_time(NOW):
        assert tick(app)["mail"] == 11
    by_sender = {r.sender: r for r in requests(db)}
    assert by_sender["garage.petit@example.net"].callback_number == "+33645127830"
    assert by_sender["karim.haddad@example.net"].callback_number == "+33781223344"
    helene = by_sender["helene.faure@example.net"]
    assert helene.callback_number == "+33671829304" and helene.name == "Hélène Faure"
    assert by_sender["plomberie.girard@example.net"].callback_number is None
    assert by_sender["marc.lefevre@example.net"].crisis
    paul, nathalie = by_sender["paul.martin@example.net"], by_sender["n.roux@example.net"]
    assert (paul.id, paul.callback_number) == (12, "+33612345678") and paul.slots
    assert (nathalie.id, nathalie.callback_number) == (13, "+33612345678") and nathalie.slots
    assert "+33380000000" not in paul.phones + nathalie.phones  # the quote is not read
    assert by_sender["julie.bernard@example.net"].phones == []  # her auto-reply changed nothing
    assert "lettre@news.example.net" not in by_sender
    db.expire_all()
    bounced = db.scalar(select(Message).where(
        Message.mail_id == "<rappel-15-ack@hotline.example.org>"))
    assert bounced.status == "failed"  # the bounced acknowledgement of 15
    answered = {m.rcpt_tos[0] for m in smtp_sink.wait_for(8)}
    assert answered == {"sandrine.morel@example.net", "garage.petit@example.net",
                        "karim.haddad@example.net", "helene.faure@example.net",
                        "plomberie.girard@example.net", "marc.lefevre@example.net",
                        "paul.martin@example.net", "n.roux@example.net"}
    kept = db.scalars(select(Message.kind).where(Message.direction == "in",
                                                 Message.kind == "automatic"))
    assert len(list(kept)) == 3
    assert mailbox.messages("INBOX") == [] and len(mailbox.messages("Rappel")) == 11


def _earlier_requests(app: Any) -> None:
    """Requests 12 to 15 from mail, each with its sent acknowledgement
    (Message-ID <rappel-N-ack@hotline.example.org>, as the samples quote)."""
    people = {12: "paul.martin@example.net", 13: "n.roux@example.net",
              14: "julie.bernard@example.net", 15: "k.haddad@example.net"}
    with app.extensions["rappel.sessions"]() as db:
        for n, address in people.items():
            db.add(Request(id=n, status="open", received_at=NOW, deadline=NOW + timedelta(days=1),
                           sender=address, channel="email", callback_number=None, phones=[],
                           emails=[address], slots=[], next_check_at=None))
            db.flush()
            db.add(Message(direction="out", channel="email", to_number=address,
                           body="Bonjour", status="sent", kind="reply", request_id=n,
                           created_at=NOW, sent_at=NOW, attempts=1,
                           mail_id=f"<rappel-{n}-ack@hotline.example.org>"))
        if db.get_bind().dialect.name == "postgresql":  # ids given by hand: the sequence follows
            db.execute(text("SELECT setval(pg_get_serial_sequence('requests', 'id'), 15)"))
        db.commit()


def test_the_story_a_mail_without_number_then_a_reply_then_ok_by_sms(app, db, mailbox,
                                                                     smtp_sink, phone):
    mailbox.deliver(sample("no_number"))
    with freeze_time(NOW):
        tick(app)
    [ask] = smtp_sink.wait_for(1)
    assert "nous avons besoin de votre numéro" in ask.message.get_content()
    assert outbox(db, to=MICHEL) == []
    # He answers in the thread, from his mail program, quoting ours.
    reply = (f"From: Thierry Girard <plomberie.girard@example.net>\r\nTo: {FROM}\r\n"
             f"Subject: Re: {ask.message['Subject']}\r\nMessage-ID: <r1@example.net>\r\n"
             f"In-Reply-To: {ask.message['Message-ID']}\r\n"
             f"References: {ask.message['References']} {ask.message['Message-ID']}\r\n"
             "Content-Type: text/plain; charset=utf-8\r\n\r\n06 12 34 56 78, demain 14h\r\n\r\n"
             "Le 24/11/2026 à 10:15, Ça va patron ? a écrit :\r\n> Bonjour,\r\n"
             "> envoyez un SMS au 03 80 00 00 00\r\n").encode()
    mailbox.deliver(reply)
    with freeze_time(NOW + timedelta(minutes=15)):
        tick(app)
    [r] = requests(db)
    assert r.callback_number == "+33612345678" and r.slots and r.status == "offered"
    _, thanks = smtp_sink.wait_for(2)
    assert "nous avons votre numéro (06 12 34 56 78) pour la demande n° 1" \
        in thanks.message.get_content()
    assert thanks.message["In-Reply-To"] == "<r1@example.net>"
    assert ask.message["Message-ID"] in thanks.message["References"]
    [offer] = outbox(db, to=MICHEL)
    assert "Demande 1 : Thierry (par mail), tél. 06 12 34 56 78" in offer.body
    with freeze_time(NOW + timedelta(minutes=20)):
        answer = reply_of(phone.text(MICHEL, "OK 1"))
        tick(app)
    assert "Appelez Thierry" in answer and "06 12 34 56 78" in answer
    assert requests(db)[0].status == "accepted"
    # Everyone's messages: two mails to him, one offer to Michel, nothing by SMS to him.
    assert len(smtp_sink.received) == 2
    assert outbox(db, to=PAUL) == [] and len(outbox(db, to=MICHEL)) == 1
    # Nothing for the coordinators: the request went as it should.
    assert outbox(db, to=CLAIRE) == [] and outbox(db, to=BERTRAND) == []


def test_a_mail_is_handled_once_when_the_job_runs_twice(app, db, mailbox, smtp_sink):
    mailbox.deliver(sample("plain"))
    mailbox.create_folder("Rappel")
    mailbox.deliver(sample("plain"), "Rappel")  # the same mail, filed already once
    with freeze_time(NOW):
        tick(app)
        mailbox.deliver(sample("plain"))  # delivered again (a server's retry)
        tick(app)
    assert len(requests(db)) == 1
    assert len(smtp_sink.wait_for(1)) == 1 and mailbox.messages("INBOX") == []


def test_a_failed_commit_leaves_the_mail_for_the_next_run(app, db, mailbox, smtp_sink,
                                                        monkeypatch):
    from sqlalchemy.exc import OperationalError

    from dispatch import mail_inbound
    mailbox.deliver(sample("plain"))
    real = mail_inbound.receive_mail

    def database_gone(*args: Any, **kw: Any) -> Any:
        raise OperationalError("COMMIT", {}, Exception("database went away"))
    monkeypatch.setattr(mail_inbound, "receive_mail", database_gone)
    with freeze_time(NOW):
        tick(app)
    assert requests(db) == [] and len(mailbox.messages("INBOX")) == 1
    assert mailbox.messages("INBOX")[0].flags == ()  # not marked read
    monkeypatch.setattr(mail_inbound, "receive_mail", real)
    with freeze_time(NOW + timedelta(minutes=1)):
        tick(app)
    assert len(requests(db)) == 1 and mailbox.messages("INBOX") == []


def test_a_mail_that_cannot_be_handled_is_kept_unread_and_not_retried(app, db, mailbox,
                                                                      monkeypatch):
    from dispatch import mail_inbound
    mailbox.deliver(sample("plain"))

    def broken(*args: Any, **kw: Any) -> Any:
        raise ValueError("a bug")
    monkeypatch.setattr(mail_inbound, "receive_mail", broken)
    with freeze_time(NOW):
        tick(app)
        tick(app)
    [kept] = db.scalars(select(Message).where(Message.direction == "in"))
    assert kept.status == "unreadable" and kept.from_number == "sandrine.morel@example.net"
    [left] = mailbox.messages("INBOX")
    assert "\\Seen" not in left.flags


def test_handled_mails_are_deleted_when_the_settings_say_so(database_url, tmp_path, mailbox,
                                                            smtp_sink):
    app = mail_app(database_url, tmp_path, mailbox, smtp_sink, MAIL_DONE_FOLDER="delete")
    mailbox.deliver(sample("bulk"))
    with freeze_time(NOW):
        tick(app)
    assert mailbox.messages("INBOX") == [] and "Rappel" not in mailbox.folders()
    app.extensions["rappel.engine"].dispose()


def test_erased_requests_lose_their_mail_copies(app, db, mailbox, smtp_sink):
    mailbox.deliver(sample("plain"))
    mailbox.deliver(sample("latin1"))
    with freeze_time(NOW):
        tick(app)
    db.add(MailErasure(mail_id="<20261207074705.3f9a1c@smtp.example.net>", queued_at=NOW))
    db.commit()
    with freeze_time(NOW + timedelta(minutes=1)):
        tick(app)
    [left] = mailbox.messages("Rappel")
    assert b"helene.faure" in left.raw
    assert db.scalar(select(MailErasure)) is None


def test_a_mailbox_that_is_down_is_shown_unreachable_and_loses_nothing(database_url, tmp_path,
                                                                       mailbox, smtp_sink,
                                                                       client):
    from tests.mail_tls import free_port
    down = mailbox.imap_url().replace(f":{mailbox.imaps_port}/", f":{free_port()}/")
    app = mail_app(database_url, tmp_path, mailbox, smtp_sink, IMAP_URL=down)
    with freeze_time(NOW):
        assert tick(app)["mail"] == 0
    with app.extensions["rappel.sessions"]() as db:
        state = db.get(ClockState, 1).route_state["mailbox"]
    assert state["state"] == "unreachable"
    health = app.test_client().get("/healthz").get_json()
    assert health["mailbox"]["state"] == "unreachable"
    app.extensions["rappel.engine"].dispose()


@pytest.mark.parametrize("tls", ["starttls", "smtps"])
def test_smtp_sends_over_tls_with_login(app, smtp_sink, tls, database_url, tmp_path, mailbox):
    from channels.base import Outgoing
    other = mail_app(database_url, tmp_path, mailbox, smtp_sink, SMTP_URL=smtp_sink.smtp_url(tls))
    mail = Outgoing(7, 2, "email", "paule@example.fr", "Bonjour,\n\nÇa va ?\n",
                    subject="Votre demande n° 7", references=("<a@x>", "<b@y>"), kind="notice")
    transport_for(other).send(mail)
    [got] = smtp_sink.wait_for(1)
    assert got.via == tls and got.login == smtp_sink.user
    assert got.message["Message-ID"] == "<rappel-7@hotline.example.org>"  # whatever the attempt
    assert got.message["In-Reply-To"] == "<b@y>" and got.message["References"] == "<a@x> <b@y>"
    assert got.message["Auto-Submitted"] is None  # only answers to their mail are automatic
    assert got.message.get_content().replace("\r\n", "\n") == "Bonjour,\n\nÇa va ?\n"
    assert got.message["Content-Transfer-Encoding"] == "quoted-printable"
    assert got.message.get_content_charset() == "utf-8"
    other.extensions["rappel.engine"].dispose()


def test_smtp_errors_are_sorted_permanent_or_temporary(app, mail_ca):
    from channels.base import Outgoing, SendError
    from channels.email import server, tls_context
    from channels.email.transport import SmtpTransport
    with refusing_sink(mail_ca) as port:
        transport = SmtpTransport(server("SMTP_URL", f"smtp://127.0.0.1:{port}", ("smtp", "smtps")),
                                  HOTLINE_MAIL, "Ça va patron ?", tls_context(str(mail_ca.ca_file)))

        def send(to: str) -> SendError:
            with pytest.raises(SendError) as caught:
                transport.send(Outgoing(1, 1, "email", to, "x"))
            return caught.value
        gone = send("gone@example.fr")
        assert gone.permanent and gone.bad_address and gone.code == 550
        busy = send("busy@example.fr")
        assert not busy.permanent and busy.code == 451
    down = send("anyone@example.fr")
    assert not down.permanent and down.route_down


def test_a_wrong_smtp_password_is_our_settings_not_the_address(app, smtp_sink, mailbox,
                                                              database_url, tmp_path):
    from channels.base import Outgoing, SendError
    wrong = smtp_sink.smtp_url().replace("Envoi-2026", "wrong")
    other = mail_app(database_url, tmp_path, mailbox, smtp_sink, SMTP_URL=wrong)
    with pytest.raises(SendError) as caught:
        transport_for(other).send(Outgoing(1, 1, "email", "paule@example.fr", "x"))
    assert caught.value.permanent and not caught.value.bad_address
    other.extensions["rappel.engine"].dispose()


def refusing_sink(mail_ca: Any) -> Any:
    """An SMTP server (STARTTLS, no login) that refuses gone@ for good (550)
    and busy@ for now (451)."""
    from contextlib import contextmanager

    from aiosmtpd.controller import Controller

    from tests.mail_tls import HOST, free_port

    class Refusing:
        async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                              options: Any) -> str:
            if address.startswith("gone@"):
                return "550 5.1.1 No such user"
            if address.startswith("busy@"):
                return "451 4.3.0 Try again later"
            envelope.rcpt_tos.append(address)
            return "250 OK"

    @contextmanager
    def running() -> Any:
        controller = Controller(Refusing(), hostname=HOST, port=free_port(),
                                tls_context=mail_ca.server_context(), require_starttls=True)
        controller.start()
        try:
            yield controller.port
        finally:
            controller.stop()
    return running()


def test_channels_check_reports_the_mailbox_and_smtp_and_sends_nothing(app, smtp_sink,
                                                                       monkeypatch):
    from channels.email.poll import check
    lines = check(app)
    assert any("mailbox reachable, login ok" in line for line in lines), lines
    assert any("SMTP" in line and "reachable, login ok" in line for line in lines), lines
    assert smtp_sink.received == []


def test_starttls_on_the_imap_port_reads_the_mailbox(database_url, tmp_path, mailbox, smtp_sink):
    app = mail_app(database_url, tmp_path, mailbox, smtp_sink,
                   IMAP_URL=mailbox.imap_url(tls="starttls"))
    mailbox.deliver(sample("latin1"))
    before = len(mailbox.logins())
    with freeze_time(NOW):
        assert tick(app)["mail"] == 1
    ours = mailbox.logins(at_least=before + 1)[before:]
    assert ours and all(login.tls for login in ours)
    app.extensions["rappel.engine"].dispose()


def test_a_new_uidvalidity_reads_the_folder_again_without_doubles(app, db, mailbox, smtp_sink,
                                                                  monkeypatch):
    from dispatch import mail_inbound
    mailbox.deliver(sample("plain"))
    monkeypatch.setattr(mail_inbound, "receive_mail", _raises)
    with freeze_time(NOW):
        tick(app)  # could not be handled: kept, passed over
    monkeypatch.undo()
    mailbox.deliver(sample("latin1"))
    mailbox.recreate_inbox()  # the server rebuilt the folder: UIDs start again
    with freeze_time(NOW + timedelta(minutes=1)):
        assert tick(app)["mail"] == 2
    assert len(requests(db)) == 2 and mailbox.messages("INBOX") == []


def _raises(*args: Any, **kw: Any) -> Any:
    raise ValueError("a bug")


def test_a_server_that_hangs_times_out_as_unreachable(database_url, tmp_path, mailbox,
                                                      smtp_sink, monkeypatch):
    import socket
    import time

    from channels.email import poll
    monkeypatch.setattr(poll, "CONNECT_TIMEOUT", 0.5)
    monkeypatch.setattr(poll, "READ_TIMEOUT", 0.5)
    with socket.socket() as silent:  # accepts, then never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        hung = mailbox.imap_url().replace(f":{mailbox.imaps_port}/", f":{port}/")
        app = mail_app(database_url, tmp_path, mailbox, smtp_sink, IMAP_URL=hung)
        started = time.monotonic()
        with freeze_time(NOW):
            assert tick(app)["mail"] == 0
        assert time.monotonic() - started < 5
    with app.extensions["rappel.sessions"]() as db:
        assert db.get(ClockState, 1).route_state["mailbox"]["state"] == "unreachable"
    app.extensions["rappel.engine"].dispose()


def test_rappel_channels_check_then_test_an_address(database_url, mailbox, smtp_sink):
    from click.testing import CliRunner

    from webhooks.cli import main
    env = {"DATABASE_URL": database_url, "SECRET_KEY": "cli-secret", "IMAP_URL":
           mailbox.imap_url(), "SMTP_URL": smtp_sink.smtp_url(), "MAIL_FROM": FROM,
           "MAIL_CA_FILE": mailbox.ca_file}
    checked = CliRunner().invoke(main, ["channels", "check"], env=env)
    assert checked.exit_code == 0, checked.output
    assert "E-mail route:" in checked.output and "mailbox reachable, login ok" in checked.output
    assert smtp_sink.received == []
    sent = CliRunner().invoke(main, ["channels", "test", "paule@example.fr"], env=env)
    assert sent.exit_code == 0, sent.output
    [got] = smtp_sink.wait_for(1)
    assert got.rcpt_tos == ["paule@example.fr"] and got.message["Subject"] == "Test Rappel"


def test_without_move_a_handled_mail_is_copied_then_expunged(app, db, mailbox, smtp_sink,
                                                           monkeypatch):
    from imapclient import IMAPClient
    real = IMAPClient.has_capability
    monkeypatch.setattr(IMAPClient, "has_capability",
                        lambda self, name: name != "MOVE" and real(self, name))
    mailbox.deliver(sample("plain"))
    mailbox.deliver(sample("bulk"))
    with freeze_time(NOW):
        assert tick(app)["mail"] == 2
    assert mailbox.messages("INBOX") == [] and len(mailbox.messages("Rappel")) == 2


def test_serve_and_scheduler_read_the_mailbox_at_its_interval(database_url, tmp_path, mailbox,
                                                              smtp_sink):
    from apscheduler.schedulers.background import BackgroundScheduler

    from scheduling.runner import _configure
    app = mail_app(database_url, tmp_path, mailbox, smtp_sink, MAIL_POLL_SECONDS="45")
    scheduler = _configure(BackgroundScheduler(timezone="UTC"), app)
    assert scheduler.get_job("mail").trigger.interval == timedelta(seconds=45)
    app.extensions["rappel.engine"].dispose()


def test_the_mailbox_s_past_is_left_alone_on_the_first_run(app, db, mailbox, smtp_sink):
    from datetime import datetime, timezone
    with mailbox.connect() as imap:
        imap.append("INBOX", sample("plain"), msg_time=datetime(2026, 11, 1, tzinfo=timezone.utc))
    mailbox.deliver(sample("latin1"))
    with freeze_time(NOW):
        assert tick(app)["mail"] == 1
    [r] = requests(db)
    assert r.sender == "helene.faure@example.net"
    [old] = mailbox.messages("INBOX")
    assert b"sandrine.morel" in old.raw and "\\Seen" not in old.flags
