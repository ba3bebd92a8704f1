"""Sending mail over SMTP (smtplib): one plain-text UTF-8 mail per outbox row.

Each mail carries our Message-ID, `<rappel-{row}@{our domain}>`, the same
for every attempt (a mail sent twice after a lost answer is one mail to the
person's mail program, which drops the double), stored on the row before it
leaves so that the person's reply is threaded back to the request, and the In-Reply-To / References of the mail it answers.
Answers to a person's mail say `Auto-Submitted: auto-replied` (RFC 3834):
their vacation program then does not answer us, and ours never loops. No
HTML, no tracking pixel, no link rewriting.
"""
from __future__ import annotations

import smtplib
import ssl
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from channels.base import EMAIL, Found, Outgoing, SendError
from channels.email import Server

TIMEOUT = 20.0  # seconds, for the connection and each command


class SmtpTransport:
    name = "email"
    channels = frozenset((EMAIL,))

    def __init__(self, server: Server, address: str, display_name: str,
                 context: ssl.SSLContext) -> None:
        self.server, self.address, self.display_name = server, address, display_name
        self.context = context
        self.domain = address.rsplit("@", 1)[-1]

    def message_id(self, out: Outgoing) -> str:
        return f"<rappel-{out.id}@{self.domain}>"

    def build(self, out: Outgoing, now: datetime | None = None) -> EmailMessage:
        mail = EmailMessage()
        mail["From"] = formataddr((self.display_name, self.address))
        mail["To"] = out.to
        mail["Subject"] = out.subject or self.display_name
        mail["Date"] = format_datetime(now or datetime.now().astimezone())
        mail["Message-ID"] = self.message_id(out)
        if out.references:
            mail["In-Reply-To"] = out.references[-1]
            mail["References"] = " ".join(out.references)
        if out.kind == "reply":
            mail["Auto-Submitted"] = "auto-replied"
        # Quoted-printable: French stays readable in the source, and no 8BITMIME is needed.
        mail.set_content(out.body, charset="utf-8", cte="quoted-printable")
        return mail

    def send(self, out: Outgoing) -> str:
        mail = self.build(out)
        with self.connect() as smtp:
            smtp_call(lambda: smtp.send_message(mail, from_addr=self.address, to_addrs=[out.to]))
        return f"smtp-{out.id}.{out.attempt}"

    def find_sent(self, out: Outgoing, since: datetime) -> list[Found]:
        """SMTP cannot be asked what it took: an unsure attempt is sent again
        (the same Message-ID lets the person's mail program drop the double)."""
        return []

    def connect(self) -> smtplib.SMTP:
        """A logged-in session; SendError when the server is away or refuses us."""
        s = self.server
        try:
            if s.tls:
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(s.host, s.port, timeout=TIMEOUT,
                                                      context=self.context)
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=TIMEOUT)
                smtp.starttls(context=self.context)  # never in clear: refused if not offered
        except (OSError, smtplib.SMTPException) as exc:
            raise SendError(f"SMTP server {s.host}:{s.port} not reachable: {exc}",
                            permanent=False, route_down=True) from exc
        if s.user:
            try:
                smtp_call(lambda: smtp.login(s.user or "", s.password or ""))
            except SendError:
                smtp.close()
                raise
        return smtp


def smtp_call(call: object) -> object:
    """One SMTP command, its failures as SendError: 5xx for a recipient is
    that address's, for good; 5xx otherwise our settings'; 4xx and lost
    connections are temporary."""
    try:
        return call()  # type: ignore[operator]
    except smtplib.SMTPRecipientsRefused as exc:
        code = min((c for c, _ in exc.recipients.values()), default=550)
        raise SendError(f"SMTP refused the recipient: {exc.recipients}", permanent=code >= 500,
                        bad_address=True, code=code) from exc
    except smtplib.SMTPAuthenticationError as exc:
        raise SendError(f"SMTP login refused ({exc.smtp_code}): check SMTP_URL",
                        permanent=exc.smtp_code >= 500, bad_address=False,
                        code=exc.smtp_code) from exc
    except smtplib.SMTPResponseException as exc:  # sender refused, data refused, ...
        raise SendError(f"SMTP said {exc.smtp_code} {exc.smtp_error!r}",
                        permanent=exc.smtp_code >= 500, bad_address=False,
                        code=exc.smtp_code) from exc
    except (smtplib.SMTPException, OSError) as exc:  # timeouts are OSErrors
        raise SendError(f"SMTP connection lost: {exc}", permanent=False) from exc
