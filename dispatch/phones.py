"""Phone numbers: normalising, displaying and masking them.

The roster uses numbers from the range ARCEP reserves for fiction
(+33 6 39 98 xx xx). phonenumbers calls them invalid, so they are accepted
here as *fictional*: valid for the roster and the demo, never sent to a
carrier (the Twilio transport refuses them as a permanent error).
"""
from __future__ import annotations

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

FICTIONAL_PREFIX = "+3363998"


def to_e164(raw: str, region: str = "FR") -> str | None:
    """Return `raw` as E.164, or None when it is not a dialable number."""
    try:
        parsed = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    e164 = phonenumbers.format_number(parsed, PhoneNumberFormat.E164)
    if is_fictional(e164) or phonenumbers.is_valid_number(parsed):
        return e164
    return None


def is_fictional(e164: str) -> bool:
    return e164.startswith(FICTIONAL_PREFIX) and len(e164) == 12


def can_receive_sms(e164: str) -> bool:
    """True for mobiles (and fictional mobiles); False for landlines, VoIP, short codes."""
    if is_fictional(e164):
        return True
    try:
        kind = phonenumbers.number_type(phonenumbers.parse(e164))
    except phonenumbers.NumberParseException:
        return False
    return kind in (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)


def national(e164: str) -> str:
    """"+33612345678" -> "06 12 34 56 78"; foreign numbers stay international."""
    if is_fictional(e164):
        d = "0" + e164[3:]
        return " ".join(d[i:i + 2] for i in range(0, 10, 2))
    try:
        parsed = phonenumbers.parse(e164)
    except phonenumbers.NumberParseException:
        return e164
    if parsed.country_code == 33:
        return phonenumbers.format_number(parsed, PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, PhoneNumberFormat.INTERNATIONAL)


def mask(number: str | None) -> str:
    """For logs: keep the country code and the last two digits only.

    "+33612345678" -> "+33 6 •• •• •• 78". Logs never carry a full number.
    """
    if not number:
        return "-"
    if not number.startswith("+") or len(number) < 8:
        return number[:2] + "••"
    if number.startswith("+33") and len(number) == 12:
        return f"+33 {number[3]} •• •• •• {number[-2:]}"
    return number[:3] + " •• " + number[-2:]
