"""What the desk's templates share: French words and dates as people read them
("mer. 9/12 à 9h56"), phone numbers as they are dialled (06 12 34 56 78, and
a tel: link), e-mail addresses as written, and the strict Content-Security-Policy of every page."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from flask import Flask, Response

from dispatch import texts
from dispatch.desk_actions import label
from dispatch.desk_mail import CHANNELS, is_address
from dispatch.desk_search import SORTS, STATES
from dispatch.localtime import at_words, duration_words
from dispatch.phones import national, to_e164

STATE_LABELS = {"crisis": "crise", "overdue": "en retard", "at_risk": "à risque",
                "waiting": "attend un coach", "no_number": "attend un numéro",
                "in_progress": "en cours", "contacted": "rappelée",
                "cancelled": "annulée", "closed": "close", "no_content": "message incompris"}
OFFER_LABELS = {"pending": "en attente de réponse", "accepted": "acceptée",
                "declined": "refusée", "expired": "restée sans réponse",
                "withdrawn": "retirée", "unsent": "retirée avant envoi", "returned": "rendue"}


def when(moment: datetime | None) -> str:
    """"mer. 9/12 à 9h56", or "—"."""
    from webhooks.dashboard import ctx
    return at_words(moment, ctx().tz) if moment else "—"


def tel(number: str | None) -> str:
    """The number to put in a tel: link (E.164 when it is one)."""
    if not number:
        return ""
    return to_e164(number) or "".join(c for c in number if c.isdigit() or c == "+")


def address(value: str | None) -> str:
    """A phone number as dialled, an e-mail address as written, or "—"."""
    if not value:
        return "—"
    return value if is_address(value) else national(value)


def duration(delta: timedelta | None) -> str:
    return duration_words(delta) if delta is not None else "—"


def install(app: Flask) -> None:
    filters: dict[str, Callable[..., Any]] = {
        "local": when, "when": when, "clock": when, "tel": tel, "duration": duration,
        "national": lambda n: national(n) if n else "—",
        "address": address, "channel": lambda c: CHANNELS.get(c or "sms", c),
        "topic": lambda t: texts.topic_word(t), "status": label,
        "state": lambda s: STATE_LABELS.get(s, s),
        "offer_status": lambda s: OFFER_LABELS.get(s, s),
        "language": lambda code: texts.LANGUAGE_NAMES.get(code, code),
        "percent": lambda share: f"{share * 100:.0f} %".replace(".", ","),
    }
    for name, function in filters.items():
        app.add_template_filter(function, name)
    app.context_processor(lambda: {"STATE_CHOICES": STATES, "SORT_CHOICES": SORTS,
                                   "TOPIC_CHOICES": texts.TOPIC_WORDS["fr"]})


# The dashboard's Content-Security-Policy, by directive. A page that
# needs more (the report's inline SVG styles) passes its own style-src, never
# 'unsafe-inline' nor a looser script-src (webhooks.report_page).
POLICY = {
    "default-src": "'self'", "script-src": "'self'", "style-src": "'self'",
    "img-src": "'self' data:", "object-src": "'none'", "base-uri": "'none'",
    "frame-ancestors": "'none'", "form-action": "'self'",
}


def content_security_policy(style_src: str | None = None) -> str:
    """The dashboard's policy; `style_src` replaces 'self' for one page."""
    directives = dict(POLICY, **({"style-src": style_src} if style_src else {}))
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def headers(response: Response) -> Response:
    """No inline script or style anywhere: a strict policy costs nothing."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Security-Policy", content_security_policy())
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        # Private pages: nothing kept by the browser for the back button after logout.
        response.headers.setdefault("Cache-Control", "no-store")
    return response
