"""Twilio's words, mapped onto the neutral ones: error codes and statuses
(spec/twilio.md), and the opt-out words Twilio answers itself."""
from __future__ import annotations

from typing import Any

from channels.base import (
    DELIVERED,
    FAILED,
    QUEUED,
    SENDING,
    SENT,
    UNDELIVERED,
    CarrierWords,
    Failure,
    Report,
    SendError,
)

# Codes after which retrying cannot help.
PERMANENT_CODES = {21211, 21408, 21610, 21614, 30005, 30006, 21612, 21606}
# Of those, the ones that say the number itself cannot get SMS (21612 and
# 21606 are about our sender, not the number).
BAD_NUMBER = {21211, 21614, 30006, 30005, 21408}
OPTED_OUT = 21610  # the recipient sent STOP
GAVE_UP = 11200    # our webhook did not answer in Twilio's time
# Transient even though they are 4xx: credentials being fixed, rate limits,
# a handset out of reach.
TRANSIENT_CODES = {20429, 30003}

STATUSES = {"accepted": QUEUED, "queued": QUEUED, "scheduled": QUEUED, "sending": SENDING,
            "sent": SENT, "delivered": DELIVERED, "read": DELIVERED,
            "undelivered": UNDELIVERED, "failed": FAILED, "canceled": FAILED}

# On long codes Twilio answers these itself and blocks the number until START.
WORDS = CarrierWords(
    opt_out=frozenset(("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE",
                       "OPTOUT")),
    opt_in=frozenset(("START", "UNSTOP", "YES")),
    answers=frozenset(("INFO",)))


def failure(code: int | None) -> Failure:
    return Failure(code, bad_address=code in BAD_NUMBER, opted_out=code == OPTED_OUT,
                   transient=code in TRANSIENT_CODES)


def report(sid: str, status: str, code: int | None) -> Report | None:
    """A status callback in neutral terms; None for a status Rappel ignores."""
    neutral = STATUSES.get(status)
    if neutral is None:
        return None
    return Report(sid, neutral, failure(code) if neutral in (UNDELIVERED, FAILED) else None)


def classify(code: Any, status: Any, message: str) -> SendError:
    """An API error as a SendError: final, transient, or of unknown outcome."""
    code = int(code) if isinstance(code, int) or (isinstance(code, str) and code.isdigit()) \
        else None
    status = int(status) if isinstance(status, int) else None
    if code in PERMANENT_CODES:
        return SendError(message, permanent=True, code=code, opted_out=code == OPTED_OUT,
                         bad_address=code in BAD_NUMBER)
    # 401/403 mean our credentials are wrong: keep the SMS until they are fixed.
    transient = status is None or status >= 500 or status in (401, 403, 429) \
        or code in TRANSIENT_CODES
    # A 5xx may come after Twilio took the message: look before sending again.
    return SendError(message, permanent=not transient, code=code, bad_address=False,
                     unknown=status is None or status >= 500)
