"""An SMTP server that keeps what it is sent (aiosmtpd), for the e-mail route's tests.

Two listeners share one inbox: `port` offers STARTTLS and requires it before
AUTH, as a submission server on 587 does; `smtps_port` speaks TLS from the
first byte, as on 465. Both require AUTH as `user` / `password`.
"""
from __future__ import annotations

import email.policy
import threading
import time
from dataclasses import dataclass
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any, Literal
from urllib.parse import quote

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from tests.mail_tls import HOST, MailCA, free_port

SmtpTls = Literal["starttls", "smtps"]
USER, PASSWORD = "hotline@example.org", "Envoi-2026"


@dataclass(frozen=True)
class ReceivedMail:
    """One message as the sink got it: the envelope, the parsed message, the bytes."""

    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage
    raw: bytes
    via: SmtpTls
    login: str | None  # who authenticated


class SmtpSink:
    host = HOST
    user = USER
    password = PASSWORD

    def __init__(self, ca: MailCA) -> None:
        self.ca_file = str(ca.ca_file)
        self.received: list[ReceivedMail] = []
        self._arrived = threading.Condition()
        context = ca.server_context()
        self._starttls = self._start(tls_context=context, require_starttls=True, via="starttls")
        # aiosmtpd counts only STARTTLS as TLS for auth_require_tls; here the
        # whole connection is TLS, so AUTH needs no further guard.
        self._smtps = self._start(ssl_context=context, auth_require_tls=False, via="smtps")

    @property
    def port(self) -> int:
        return int(self._starttls.port)

    @property
    def smtps_port(self) -> int:
        return int(self._smtps.port)

    def smtp_url(self, tls: SmtpTls = "starttls") -> str:
        """The SMTP_URL setting that reaches this sink: smtp:// (STARTTLS) or smtps://."""
        scheme, port = ("smtp", self.port) if tls == "starttls" else ("smtps", self.smtps_port)
        return f"{scheme}://{quote(USER, safe='')}:{quote(PASSWORD, safe='')}@{HOST}:{port}"

    def wait_for(self, count: int, timeout: float = 5.0) -> list[ReceivedMail]:
        """The first `count` messages, once they have arrived; AssertionError after
        `timeout` seconds, naming what did arrive."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while len(self.received) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    subjects = [m.message["Subject"] for m in self.received]
                    raise AssertionError(f"expected {count} mails in {timeout}s, got {subjects}")
                self._arrived.wait(left)
            return list(self.received[:count])

    def stop(self) -> None:
        for controller in (self._starttls, self._smtps):
            controller.stop()

    def _start(self, via: SmtpTls, attempts: int = 3, **options: Any) -> Controller:
        for attempt in range(attempts):
            controller = Controller(_Handler(self, via), hostname=HOST, port=free_port(),
                                    authenticator=_authenticate, auth_required=True,
                                    ready_timeout=10, **options)
            try:
                controller.start()
                return controller
            except OSError:  # the free port was taken meanwhile
                if attempt == attempts - 1:
                    raise
        raise AssertionError("unreachable")

    def _keep(self, mail: ReceivedMail) -> None:
        with self._arrived:
            self.received.append(mail)
            self._arrived.notify_all()


class _Handler:
    def __init__(self, sink: SmtpSink, via: SmtpTls) -> None:
        self.sink, self.via = sink, via

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        message = BytesParser(policy=email.policy.default).parsebytes(raw)
        assert isinstance(message, EmailMessage)
        login = session.auth_data.login.decode() \
            if isinstance(session.auth_data, LoginPassword) else None
        self.sink._keep(ReceivedMail(envelope.mail_from or "", list(envelope.rcpt_tos),
                                     message, raw, self.via, login))
        return "250 Message accepted for delivery"


def _authenticate(server: SMTP, session: Session, envelope: Envelope, mechanism: str,
                  auth_data: Any) -> AuthResult:
    ok = (isinstance(auth_data, LoginPassword)
          and (auth_data.login, auth_data.password) == (USER.encode(), PASSWORD.encode()))
    return AuthResult(success=ok, handled=False, auth_data=auth_data)
