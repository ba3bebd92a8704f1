"""Logs never carry a full phone number or e-mail address.

`install_log_masking()` makes every log record created afterwards, by any
logger (Rappel's, Flask's, werkzeug's access log, SQLAlchemy's error
parameters), go through `mask_text`: numbers become "+33 6 •• •• •• 78"
(dispatch.phones.mask) and e-mails "p•••@example.com". It wraps the log
record factory rather than adding a filter to handlers, so handlers added
later (gunicorn's) are covered too. Installing twice is harmless.

`PhoneMaskFilter` does the same as a logging.Filter, for a handler or logger
of one's own. Message bodies are not logged by Rappel in the first place
(dispatch.inbound logs the sid and the masked sender only).
"""
from __future__ import annotations

import logging
import re
from typing import Any

from dispatch.phones import mask

# "+33612345678", "+33 6 12 34 56 78", "+44 20 7946 0958": a plus and 8 to 15 digits.
INTERNATIONAL_RE = re.compile(r"(?<![\w+])\+\d(?:[ .\-]?\d){7,14}(?!\d)")
# "0612345678", "06 12 34 56 78", "06.12.34.56.78": a French national number.
NATIONAL_RE = re.compile(r"(?<![\w+])0[1-9](?:[ .\-]?\d\d){4}(?!\d)")
EMAIL_RE = re.compile(r"(?<![\w.+-])([\w.+-])[\w.+-]*@([\w-]+(?:\.[\w-]+)+)")

_installed = False


def mask_text(text: str) -> str:
    """`text` with every phone number and e-mail address masked."""
    text = INTERNATIONAL_RE.sub(lambda m: mask("+" + re.sub(r"\D", "", m.group())), text)
    text = NATIONAL_RE.sub(lambda m: mask("+33" + re.sub(r"\D", "", m.group())[1:]), text)
    return EMAIL_RE.sub(lambda m: f"{m.group(1)}•••@{m.group(2)}", text)


def mask_record(record: logging.LogRecord) -> logging.LogRecord:
    """Mask the record's message, arguments merged, and its traceback text."""
    try:
        message = record.getMessage()
    except Exception:  # a malformed record: let logging report it as it would
        return record
    masked = mask_text(message)
    if masked != message:
        record.msg, record.args = masked, None
    if record.exc_info and not record.exc_text:
        record.exc_text = mask_text(logging.Formatter().formatException(record.exc_info))
    elif record.exc_text:
        record.exc_text = mask_text(record.exc_text)
    if record.stack_info:
        record.stack_info = mask_text(record.stack_info)
    return record


class PhoneMaskFilter(logging.Filter):
    """A filter that masks numbers and e-mails in the records it sees; drops none."""

    def filter(self, record: logging.LogRecord) -> bool:
        mask_record(record)
        return True


def install_log_masking() -> None:
    """Mask every log record from now on (idempotent); the app factory calls it."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return mask_record(previous(*args, **kwargs))

    logging.setLogRecordFactory(factory)
    _installed = True
