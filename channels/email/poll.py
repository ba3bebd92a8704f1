"""The mailbox's clock job: read new mail over IMAP, hand it to the domain,
file it away; delete the mails an erasure asked for.

Each run selects the folder IMAP_URL names and reads, with BODY.PEEK[] (no
\\Seen set), the mails above the last UID handled under the folder's current
UIDVALIDITY (a new UIDVALIDITY means the folder was rebuilt: it is read
again from the start, and each mail's sid keeps that harmless). A mail is
moved to MAIL_DONE_FOLDER (or deleted) only once the domain has committed
it; when the database or the server fails in between, the cursor stays and
the next run finds it again. On its first run, mail older than a day (or
than RECONCILE_SINCE) is the mailbox's past: left alone. A mail that cannot be read or handled is kept
as an "unreadable" message (shown on the dashboard), left where it is, and
passed over: it is never retried in a loop. A server that is away or hangs
makes the route "unreachable"; nothing is lost, the next run catches up.
"""
from __future__ import annotations

import logging
import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime, timedelta, timezone
from typing import Any

from flask import Flask
from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError
from sqlalchemy import delete, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from channels import email, routestate
from channels.base import RouteState
from channels.email.reading import read_mail
from dispatch import mail_inbound
from dispatch.hotline import Context
from dispatch.models import MailErasure

log = logging.getLogger(__name__)
CONNECT_TIMEOUT, READ_TIMEOUT = 10.0, 30.0
BATCH = 25            # mails fetched at once (a flooded mailbox is read over several runs)
PER_RUN = 200         # mails read in one run at most
ERASE_PER_RUN = 100
FIRST_LOOK_BACK = timedelta(hours=24)
NETWORK = (IMAPClientError, OSError, ssl.SSLError, socket.timeout)


def poll(app: Flask, db: Session, ctx: Context, now: datetime) -> int:
    """Read the mailbox once; how many mails were handled."""
    conf = app.config
    imap = email.server("IMAP_URL", conf["IMAP_URL"], ("imap", "imaps"))
    cursor = routestate.load_mailbox(db)
    handled = unreadable = 0
    try:
        with connect(imap, conf.get("MAIL_CA_FILE")) as client:
            handled, unreadable = _read(app, db, ctx, client, imap.path or "INBOX", cursor, now)
            erased = _erase(db, client, [imap.path or "INBOX", conf["MAIL_DONE_FOLDER"]])
        seen = RouteState(email.NAME, "ok", f"boîte lue : {handled} mail(s) traité(s)"
                          + (f", {unreadable} illisible(s)" if unreadable else "")
                          + (f", {erased} effacé(s)" if erased else ""), now)
    except NETWORK as exc:
        log.warning("mail: the mailbox %s could not be read: %s", imap.shown(), exc)
        db.rollback()
        seen = RouteState(email.NAME, "unreachable", f"boîte aux lettres injoignable : {exc}",
                          now)
    seen.extra.update(folder=imap.path or "INBOX", uidvalidity=cursor.get("uidvalidity"),
                      last_uid=cursor.get("last_uid"))
    routestate.save_mailbox(db, seen.as_dict(), cursor)
    db.commit()
    return handled


@contextmanager
def connect(imap: email.Server, ca_file: str | None) -> Iterator[IMAPClient]:
    """A logged-in IMAP session over TLS (implicit, or STARTTLS required)."""
    context = email.tls_context(ca_file)
    from imapclient import SocketTimeout
    client = IMAPClient(imap.host, port=imap.port, ssl=imap.tls, ssl_context=context,
                        timeout=SocketTimeout(CONNECT_TIMEOUT, READ_TIMEOUT))
    try:
        if not imap.tls:
            client.starttls(context)
        client.login(imap.user or "", imap.password or "")
        yield client
    finally:
        try:
            client.logout()
        except NETWORK:  # the server went away mid-session: close our end all the same
            with suppress(*NETWORK):
                client.shutdown()


def _read(app: Flask, db: Session, ctx: Context, client: IMAPClient, folder: str,
          cursor: dict[str, Any], now: datetime) -> tuple[int, int]:
    status = client.select_folder(folder)
    validity = int(status.get(b"UIDVALIDITY", 0))
    if "since" not in cursor:
        cursor["since"] = _since(app, now).isoformat()
    since = datetime.fromisoformat(cursor["since"])
    if cursor.get("uidvalidity") != validity:
        cursor.update(uidvalidity=validity, last_uid=0)
    last = int(cursor.get("last_uid") or 0)
    # "UID n:*" always answers the highest UID, even below n: filtered here.
    uids = sorted(u for u in client.search(["UID", f"{last + 1}:*"]) if u > last)[:PER_RUN]
    handled = unreadable = 0
    ours = (email.our_address(app),)
    done = app.config["MAIL_DONE_FOLDER"]
    for start in range(0, len(uids), BATCH):
        batch = uids[start:start + BATCH]
        fetched = client.fetch(batch, ["BODY.PEEK[]", "INTERNALDATE"])
        for uid in batch:
            raw = (fetched.get(uid) or {}).get(b"BODY[]")
            if raw is None:  # deleted meanwhile by someone else
                cursor["last_uid"] = uid
                continue
            arrived = _arrived(fetched[uid], now)
            if arrived < since:  # the mailbox's past: for the people who read it
                cursor["last_uid"] = uid
                continue
            if _one(db, ctx, raw, ours, arrived):
                _file(client, uid, done)
                handled += 1
            else:
                unreadable += 1
            cursor["last_uid"] = uid
    return handled, unreadable


def _since(app: Flask, now: datetime) -> datetime:
    """How far back a mailbox read for the first time is taken in hand:
    RECONCILE_SINCE when set, else the last 24 hours (people who wrote since
    then are still within the promise). Older mail is left where it is,
    untouched: an existing mailbox's history is not a pile of new requests."""
    given = app.config.get("RECONCILE_SINCE")
    return given if isinstance(given, datetime) else now - FIRST_LOOK_BACK


def _arrived(item: dict[bytes, Any], now: datetime) -> datetime:
    """When the server took the mail (never later than now): the promise runs from then."""
    moment = item.get(b"INTERNALDATE")
    if not isinstance(moment, datetime):
        return now
    moment = moment if moment.tzinfo else moment.astimezone()
    return min(moment.astimezone(timezone.utc), now)


def _one(db: Session, ctx: Context, raw: bytes, ours: tuple[str, ...],
         received: datetime) -> bool:
    """Hand one mail to the domain; False when it could not be read or handled
    (kept as unreadable). A database failure propagates: the run stops there
    and the next one reads the mail again."""
    try:
        mail = read_mail(raw, ours=ours)
        mail_inbound.receive_mail(db, ctx, mail, received)
        return True
    except SQLAlchemyError:
        raise
    except Exception as exc:  # one mail that cannot be handled must not block the others
        db.rollback()
        log.exception("mail: could not handle a mail")
        mail_inbound.keep_unreadable(db, raw, f"{type(exc).__name__}: {exc}", received)
        return False


def _file(client: IMAPClient, uid: int, done: str) -> None:
    """Move a handled mail to the done folder (created when missing), or delete it."""
    if done == email.DELETE:
        client.delete_messages([uid])
        _expunge(client, [uid])
        return
    if not client.folder_exists(done):
        client.create_folder(done)
    if client.has_capability("MOVE"):
        client.move([uid], done)
    else:
        client.copy([uid], done)
        client.delete_messages([uid])
        _expunge(client, [uid])


def _expunge(client: IMAPClient, uids: list[int]) -> None:
    """Expunge these mails only where the server can (UIDPLUS), else the
    folder (what a person marked deleted there goes too)."""
    if client.has_capability("UIDPLUS"):
        client.uid_expunge(uids)
    else:
        client.expunge()


def _erase(db: Session, client: IMAPClient, folders: list[str]) -> int:
    """Delete from the mailbox the mails queued by an erasure or the purge,
    in every folder Rappel uses, then their rows; how many rows were done."""
    rows = list(db.scalars(select(MailErasure).order_by(MailErasure.id).limit(ERASE_PER_RUN)))
    if not rows:
        return 0
    for folder in dict.fromkeys(f for f in folders if f != email.DELETE):
        if not client.folder_exists(folder):
            continue
        client.select_folder(folder)
        for row in rows:
            found = client.search(["HEADER", "Message-ID", row.mail_id])
            if found:
                client.delete_messages(found)
                _expunge(client, list(found))
    db.execute(delete(MailErasure).where(MailErasure.id.in_([r.id for r in rows])))
    db.commit()
    return len(rows)


def check(app: Flask) -> list[str]:
    """What is configured and reachable, sending nothing (`rappel channels check`)."""
    conf = app.config
    if not email.enabled(app):
        return ["e-mail: off (set IMAP_URL and SMTP_URL, and MAIL_FROM, to read and answer "
                "mail)"]
    imap = email.server("IMAP_URL", conf["IMAP_URL"], ("imap", "imaps"))
    done = conf["MAIL_DONE_FOLDER"]
    lines = [f"e-mail: mailbox {imap.shown()}, read every {conf['MAIL_POLL_SECONDS']} s; "
             + ("handled mails deleted" if done == email.DELETE
                else f"handled mails moved to {done!r}"),
             f"e-mail: answers from {conf['MAIL_FROM']}"]
    try:
        with connect(imap, conf.get("MAIL_CA_FILE")) as client:
            status = client.select_folder(imap.path or "INBOX", readonly=True)
            lines.append(f"e-mail: mailbox reachable, login ok, {int(status.get(b'EXISTS', 0))} "
                         f"mail(s) in {imap.path or 'INBOX'}")
    except NETWORK as exc:
        lines.append(f"e-mail: mailbox NOT reachable: {exc}")
    lines.append(_check_smtp(app))
    return lines


def _check_smtp(app: Flask) -> str:
    from channels.base import SendError
    transport = email.build(app)
    try:
        with transport.connect() as smtp:
            smtp.noop()
    except SendError as exc:
        return f"e-mail: SMTP NOT ready: {exc}"
    login = "login ok" if transport.server.user else "no login"
    return f"e-mail: SMTP {transport.server.shown()} reachable, {login}"
