"""The e-mail route, beside the SMS route: the hotline's mailbox read over
IMAP by the clock, answers sent over SMTP.

Settings (on when IMAP_URL and SMTP_URL are both set):
- IMAP_URL: `imaps://user:password@host:993/INBOX` (TLS), or `imap://…` (STARTTLS,
  required); the path names the folder read (INBOX when empty). Characters
  such as @ in the user or password are written %40.
- SMTP_URL: `smtp://user:password@host:587` (STARTTLS, required) or
  `smtps://…:465` (TLS); without user and password, no login.
- MAIL_FROM: the hotline's address, `Ça va patron ? <contact@example.org>`;
  a bare address gets the hotline's name (from the roster) as display name.
- MAIL_DONE_FOLDER: where a handled mail is moved (created when missing;
  default "Rappel"); `delete` deletes it instead. Mails Rappel could not read
  stay in the read folder, unmarked.
- MAIL_POLL_SECONDS: how often the clock reads the mailbox (default 20, so the
  acknowledgement leaves within half a minute of the mail's arrival).
- RECONCILE_SINCE (shared with the SMS route): on the mailbox's first read,
  mail older than this (default: 24 hours) is its past, left alone.
- MAIL_CA_FILE: a PEM file of certificate authorities to trust besides the
  system's (a private mail server; the tests' own CA). Certificates are
  always verified.
"""
from __future__ import annotations

import ssl
from dataclasses import dataclass
from email.utils import parseaddr
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:
    from flask import Flask

    from channels.email.transport import SmtpTransport

KEYS = ("IMAP_URL", "SMTP_URL", "MAIL_FROM", "MAIL_DONE_FOLDER", "MAIL_POLL_SECONDS",
        "MAIL_CA_FILE")
NAME = "email"
DEFAULT_DONE_FOLDER = "Rappel"
DEFAULT_POLL_SECONDS = 20
DELETE = "delete"
PORTS = {"imaps": 993, "imap": 143, "smtps": 465, "smtp": 587}


@dataclass(frozen=True)
class Server:
    """A mail server from its URL: `tls` is implicit TLS, else STARTTLS."""
    scheme: str
    host: str
    port: int
    user: str | None
    password: str | None
    path: str

    @property
    def tls(self) -> bool:
        return self.scheme.endswith("s")

    def shown(self) -> str:
        """The URL without its password, for logs and `channels check`."""
        who = f"{self.user}@" if self.user else ""
        return f"{self.scheme}://{who}{self.host}:{self.port}/{self.path}".rstrip("/")


def server(name: str, url: str, schemes: tuple[str, str]) -> Server:
    """Read a server URL; SettingsError names the variable when it is wrong."""
    from webhooks.settings import SettingsError
    parts = urlsplit(url)
    if parts.scheme not in schemes or not parts.hostname:
        raise SettingsError(f"{name} must read like {schemes[1]}://user:password@host/…, "
                            f"or {schemes[0]}:// for STARTTLS, not {_hide(url)!r}")
    try:
        port = parts.port or PORTS[parts.scheme]
    except ValueError:
        raise SettingsError(f"{name} has a wrong port: {_hide(url)!r}") from None
    return Server(parts.scheme, parts.hostname, port,
                  unquote(parts.username) if parts.username else None,
                  unquote(parts.password) if parts.password else None,
                  unquote(parts.path.lstrip("/")))


def _hide(url: str) -> str:
    parts = urlsplit(url)
    return url.replace(f":{parts.password}@", ":***@") if parts.password else url


def check_settings(s: dict[str, Any]) -> None:
    """Complete and check the e-mail settings in place (SettingsError)."""
    from webhooks.settings import SettingsError, _int
    imap, smtp = s.get("IMAP_URL") or None, s.get("SMTP_URL") or None
    s["IMAP_URL"], s["SMTP_URL"] = imap, smtp
    s["MAIL_ENABLED"] = bool(imap and smtp)
    if bool(imap) != bool(smtp):
        raise SettingsError("e-mail needs both IMAP_URL (to read the mailbox) and SMTP_URL "
                            "(to answer): set both, or neither")
    folder = s.get("MAIL_DONE_FOLDER", DEFAULT_DONE_FOLDER)
    s["MAIL_DONE_FOLDER"] = DELETE if str(folder).strip().lower() in ("", DELETE) else folder
    s["MAIL_POLL_SECONDS"] = _int("MAIL_POLL_SECONDS",
                                  s.get("MAIL_POLL_SECONDS", DEFAULT_POLL_SECONDS))
    s["MAIL_CA_FILE"] = s.get("MAIL_CA_FILE") or None
    if not s["MAIL_ENABLED"]:
        return
    server("IMAP_URL", imap or "", ("imap", "imaps"))
    server("SMTP_URL", smtp or "", ("smtp", "smtps"))
    if "@" not in parseaddr(s.get("MAIL_FROM") or "")[1]:
        raise SettingsError("e-mail needs MAIL_FROM, the hotline's address "
                            "(Ça va patron ? <contact@example.org>)")
    if s["MAIL_CA_FILE"]:
        try:
            ssl.create_default_context(cafile=s["MAIL_CA_FILE"])
        except (OSError, ssl.SSLError) as exc:
            raise SettingsError(f"MAIL_CA_FILE cannot be read as PEM: {exc}") from None


def enabled(app: Flask) -> bool:
    return bool(app.config.get("MAIL_ENABLED"))


def tls_context(ca_file: str | None) -> ssl.SSLContext:
    """The system's CAs, and MAIL_CA_FILE's; host names and certificates checked."""
    context = ssl.create_default_context()
    if ca_file:
        context.load_verify_locations(cafile=ca_file)
    return context


def our_address(app: Flask) -> str:
    return parseaddr(app.config.get("MAIL_FROM") or "")[1].lower()


def build(app: Flask) -> SmtpTransport:
    """The SMTP transport; the hotline's name as display name when MAIL_FROM has none."""
    from channels.email.transport import SmtpTransport
    conf = app.config
    name, address = parseaddr(conf["MAIL_FROM"])
    return SmtpTransport(server("SMTP_URL", conf["SMTP_URL"], ("smtp", "smtps")), address,
                         name or _hotline_name(app), tls_context(conf.get("MAIL_CA_FILE")))


def _hotline_name(app: Flask) -> str:
    from sqlalchemy import select
    from sqlalchemy.exc import SQLAlchemyError

    from dispatch.models import Hotline
    try:
        with app.extensions["rappel.sessions"]() as db:
            return db.scalar(select(Hotline.name).limit(1)) or "Rappel"
    except SQLAlchemyError:
        return "Rappel"
