"""People known by e-mail on the desk: the channel a request came by, its
addresses, and the requests that wait for a number.

A person who writes by mail without a number cannot be called: the
acknowledgement asks for one, and nothing is offered to the coaches until it
arrives (by mail or by SMS). Such a request is shown as waiting for the
person, never as a failure of the coaches: its deadline is not the coaches'
to keep until a number is known.
"""
from __future__ import annotations

from datetime import datetime

from dispatch.localtime import duration_words
from dispatch.models import ACTIVE_STATES, Request

NO_NUMBER = "no_number"   # the desk's state of an active request with no number to call
CHANNELS = {"sms": "SMS", "email": "Mail"}
WAITING_WORDS = "attend un numéro : la personne a écrit par mail sans numéro"


def is_address(value: str | None) -> bool:
    """Whether `value` is an e-mail address rather than a phone number."""
    return bool(value) and "@" in (value or "")


def waits_for_number(request: Request) -> bool:
    """Active, and no number to call: a coach can do nothing yet."""
    return request.status in ACTIVE_STATES and not request.callback_number


def emails_of(request: Request) -> list[str]:
    """The person's e-mail addresses: the one written from first (for a request
    by mail), then those written in the messages, each once whatever its case."""
    found = [request.sender] if request.channel == "email" and request.sender else []
    for email in request.emails or []:
        if email.lower() not in {e.lower() for e in found}:
            found.append(email)
    return found


def same_person(address: str | None, request: Request) -> bool:
    """Whether `address` (a message's to or from) is the request's person."""
    if not address:
        return False
    if is_address(address):
        return address.lower() in {e.lower() for e in emails_of(request)}
    return address in (request.sender, request.callback_number, *(request.phones or []))


def waiting_step_words(request: Request, now: datetime) -> str:
    """What to do about a request waiting for a number (dispatch.desk.next_step)."""
    if now < request.deadline:
        return (f"{WAITING_WORDS} ; la ligne le lui a demandé. Aucun coach ne peut rappeler "
                f"d'ici là : attendre sa réponse, ou lui répondre par mail")
    return (f"attend un numéro depuis {duration_words(now - request.received_at)} : la "
            "personne a écrit par mail sans numéro et n'a pas répondu. Aucun coach ne peut "
            "rappeler : la relancer par mail, ou clore si elle ne répond plus")


def crisis_words(taker: str | None) -> str:
    """A crisis by mail with no number: nobody can call, someone must write."""
    if taker is None:
        return "crise arrivée par mail, sans numéro : Je prends, puis répondre par mail"
    return (f"crise prise en main par {taker} ; la personne a écrit par mail sans numéro : "
            "lui répondre par mail (le 3114 lui a été donné)")
