"""The JSON API of spec/service.md, for a logged-in coordinator or a bearer token.

Fields may be added, never renamed. Times are ISO 8601 with the hotline's
local offset (Europe/Paris: +01:00 in winter, +02:00 in summer).
"""
from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, Flask, Response, current_app, jsonify, request
from sqlalchemy import func, select
from werkzeug.exceptions import HTTPException

from dispatch import desk, desk_mail
from dispatch.deadlines import is_overdue
from dispatch.models import ACTIVE_STATES, STATES, Coach, Message, Offer, Request
from dispatch.phones import to_e164
from dispatch.risk import Risk
from scheduling import context_for
from webhooks.db import session

bp = Blueprint("api", __name__, url_prefix="/api")
FILTERS = STATES + ("active", "at_risk", "overdue")
MAX_NUMBER = 2**31 - 1  # request numbers are 32-bit: a longer one is unknown, not an error


def iso(moment: datetime | None, tz: ZoneInfo) -> str | None:
    return moment.astimezone(tz).isoformat() if moment is not None else None


def outcome(r: Request) -> str | None:
    """contacted, unreachable, cancelled, closed, or None while in progress."""
    if r.status == "closed" and r.closed_reason == "unreachable":
        return "unreachable"
    return r.status if r.status in ("contacted", "cancelled", "closed") else None


def offered_to(db: Any, request_ids: list[int]) -> dict[int, list[str]]:
    """The coaches each request stands offered to now, by key."""
    found: dict[int, list[str]] = {}
    for request_id, key in db.execute(select(Offer.request_id, Coach.key)
                                      .join(Coach, Coach.id == Offer.coach_id)
                                      .where(Offer.status == "pending")
                                      .order_by(Offer.id)):
        if request_id in request_ids:
            found.setdefault(request_id, []).append(key)
    return found


def request_json(r: Request, risk: Risk, now: datetime,
                 offers: dict[int, Offer] | None = None,
                 offered: dict[int, list[str]] | None = None) -> dict[str, Any]:
    """REQUEST of the spec, times in `risk.tz`. `coach` is the coach holding
    it, or being offered it."""
    holder, tz = desk.coach_of(r, offers or {}), risk.tz
    return {
        "number": r.id, "status": r.status,
        "received_at": iso(r.received_at, tz), "deadline": iso(r.deadline, tz),
        "at_risk": risk.at_risk(r, now), "overdue": is_overdue(r, now), "crisis": r.crisis,
        "name": r.name, "callback_number": r.callback_number,
        "phones": list(r.phones or []), "emails": desk_mail.emails_of(r),
        "channel": r.channel, "sender": r.sender,
        "slots": [{"start": iso(datetime.fromisoformat(s["start"]), tz),
                   "end": iso(datetime.fromisoformat(s["end"]), tz)} for s in r.slots or []],
        "flexible": r.flexible, "topic": r.topic, "language": r.language,
        "coach": holder.key if holder is not None else None,
        "taken_by": r.taken_by.key if r.taken_by is not None else None,
        "offered_to": (offered or {}).get(r.id, []), "round": r.round,
        "outcome": outcome(r), "note": r.note,
    }


def _error(status: int, message: str) -> Response:
    response = jsonify({"error": message})
    response.status_code = status
    return response


@bp.get("/requests")
def requests_list() -> Response:
    wanted = request.args.get("status")
    if wanted is not None and wanted not in FILTERS:
        return _error(400, f"status must be one of {', '.join(FILTERS)}")
    db, now = session(), datetime.now(timezone.utc)
    query = select(Request)
    if wanted in STATES:
        query = query.where(Request.status == wanted)
    elif wanted is not None:
        query = query.where(Request.status.in_(ACTIVE_STATES))
    found = list(db.scalars(query))
    risk = Risk.of(db, context_for(current_app, db), found)
    if wanted == "at_risk":
        found = [r for r in found if risk.at_risk(r, now)]
    elif wanted == "overdue":
        found = [r for r in found if is_overdue(r, now)]
    found.sort(key=lambda r: (risk.urgency(r, now), -r.id))
    offers = desk.pending_offers(db, [r.id for r in found])
    offered = offered_to(db, [r.id for r in found])
    return jsonify({"requests": [request_json(r, risk, now, offers, offered) for r in found]})


@bp.get(f"/requests/<int(max={MAX_NUMBER}):n>")
def request_detail(n: int) -> Response:
    db = session()
    found = db.get(Request, n)
    if found is None:
        return _error(404, f"no request {n}")
    risk = Risk.of(db, context_for(current_app, db), [found])
    body = request_json(found, risk, datetime.now(timezone.utc), desk.pending_offers(db, [n]),
                        offered_to(db, [n]))
    body["timeline"] = [desk.as_dict(e, risk.tz) for e in desk.timeline(db, n)]
    return jsonify(body)


# A number or an e-mail address, no longer than an address can be: without "@",
# anything besides spaces (a number is looked up as written when it is not one);
# with "@", one address (local part, "@", a domain with a dot), so that "paul@"
# is refused rather than matching nothing. The OpenAPI document gives the same.
# Blanks spelt out: Python's \s also takes \x1c-\x1f, JSON Schema's does not.
_BLANK = " \t\n\r\f\v"
ADDRESS = (rf"^[^@]*[^@{_BLANK}][^@]*$"
           rf"|^[{_BLANK}]*[^@{_BLANK}]+@[^@{_BLANK}]+\.[^@{_BLANK}]+[{_BLANK}]*$")
MAX_ADDRESS = 320


def _number(name: str) -> str | None:
    """The number (or e-mail) given as `name`, E.164 when it reads as a phone
    number; None when absent; ValueError when it cannot be an address."""
    raw = request.args.get(name)
    if raw is None:
        return None
    if len(raw) > MAX_ADDRESS or not re.search(ADDRESS, raw):
        raise ValueError(name)
    if "@" in raw:
        return raw.strip().lower()  # addresses match whatever their case
    if raw.startswith(" "):  # an unencoded "+" in a query string arrives as a space
        raw = "+" + raw.lstrip()
    return to_e164(raw.strip()) or raw.strip()


def _sent(column: Any, address: str) -> Any:
    """The clause matching `column` to a number, or to an e-mail address without case."""
    return func.lower(column) == address if "@" in address else column == address


def message_json(m: Message, number: str, tz: ZoneInfo) -> dict[str, Any]:
    """One message; an e-mail has its subject too. `number` is the hotline's."""
    found = {
        "id": m.id, "direction": m.direction,
        "from": m.from_number or (number if m.direction == "out" else None),
        "to": m.to_number or (number if m.direction == "in" else None),
        "body": m.body, "status": m.status, "created_at": iso(m.created_at, tz),
        "request": m.request_id, "channel": m.channel}
    if m.channel == "email":
        found["subject"] = m.subject
    return found


@bp.get("/messages")
def messages() -> Response:
    unknown = sorted(set(request.args) - {"to", "from"})
    if unknown:
        return _error(400, f"unknown parameter {unknown[0]!r}: give to= or from=")
    try:
        to, sender = _number("to"), _number("from")
    except ValueError as exc:
        return _error(400, f"{exc} must be a phone number (E.164) or an e-mail address "
                           "(name@example.org)")
    if (to is None) == (sender is None):
        return _error(400, "give exactly one of to= or from= (an E.164 number or an e-mail address)")
    if "\x00" in (to or sender or ""):
        return jsonify({"messages": []})  # no address holds a NUL (and PostgreSQL refuses one)
    db = session()
    ctx = context_for(current_app, db)
    query = select(Message).where(_sent(Message.to_number, to)) if to is not None \
        else select(Message).where(_sent(Message.from_number, sender or ""))
    rows = db.scalars(query.order_by(Message.created_at, Message.id))
    return jsonify({"messages": [message_json(m, ctx.number, ctx.tz) for m in rows]})


@bp.get("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document())


def openapi_document() -> dict[str, Any]:
    """OpenAPI 3.1 description of this blueprint."""
    time = {"type": "string", "format": "date-time"}
    nullable = lambda t: {"type": [t, "null"]}  # noqa: E731
    request_schema = {
        "type": "object",
        "required": ["number", "status", "received_at", "deadline", "at_risk", "overdue",
                     "crisis", "name", "callback_number", "phones", "emails", "slots",
                     "flexible", "topic", "language", "coach", "taken_by", "offered_to",
                     "round", "outcome", "note", "channel", "sender"],
        "properties": {
            "number": {"type": "integer"}, "status": {"type": "string", "enum": list(STATES)},
            "received_at": time, "deadline": time, "at_risk": {"type": "boolean"},
            "overdue": {"type": "boolean"}, "crisis": {"type": "boolean"},
            "name": nullable("string"), "callback_number": nullable("string"),
            "phones": {"type": "array", "items": {"type": "string"}},
            "emails": {"type": "array", "items": {"type": "string"},
                       "description": "e-mail addresses, the one written from first"},
            "channel": {"type": "string", "enum": ["sms", "email"],
                        "description": "how the request came in (replies go back that way)"},
            "sender": {**nullable("string"),
                       "description": "the number or e-mail address it came from; "
                                      "null once erased"},
            "slots": {"type": "array", "items": {"type": "object", "required": ["start", "end"],
                                                 "properties": {"start": time, "end": time}}},
            "flexible": {"type": "boolean"}, "topic": nullable("string"),
            "language": {"type": "string"},
            "coach": {**nullable("string"),
                      "description": "key of the coach holding it or being offered it"},
            "taken_by": {**nullable("string"),
                         "description": "key of the coordinator who took it in hand (PRIS)"},
            "offered_to": {"type": "array", "items": {"type": "string"},
                           "description": "coaches holding a pending offer now"},
            "round": {"type": "integer", "description": "round of offers to the coaches"},
            "outcome": {"type": ["string", "null"],
                        "enum": ["contacted", "unreachable", "cancelled", "closed", None]},
            "note": {**nullable("string"), "description": "the coach's words after FAIT"}}}
    entry = {"type": "object", "required": ["at", "actor", "kind", "detail"],
             "properties": {"at": time, "actor": {"type": "string"}, "kind": {"type": "string"},
                            "detail": {"type": "string"}, "to": {"type": "string"}}}
    message = {"type": "object", "required": ["id", "direction", "from", "to", "body", "status",
                                              "created_at", "request"],
               "properties": {"id": {"type": "integer"},
                              "direction": {"type": "string", "enum": ["in", "out"]},
                              "from": nullable("string"), "to": nullable("string"),
                              "body": nullable("string"), "status": {"type": "string"},
                              "created_at": time, "request": nullable("integer"),
                              "channel": {"type": "string", "enum": ["sms", "call", "email"]},
                              "subject": {**nullable("string"),
                                          "description": "e-mail only: its subject"}}}
    ref = lambda name: {"$ref": f"#/components/schemas/{name}"}  # noqa: E731
    ok = lambda schema, what: {"description": what,  # noqa: E731
                               "content": {"application/json": {"schema": schema}}}
    error = {"$ref": "#/components/responses/Error"}
    address = {"type": "string", "pattern": ADDRESS, "maxLength": MAX_ADDRESS,
               "description": "E.164 number, e.g. +33612345678, or an e-mail address"}
    # Exactly one of to= or from=: one exploded object parameter says it.
    one_of_to_from = {"name": "filter", "in": "query", "required": True, "style": "form",
                      "explode": True,
                      "description": "to=ADDRESS (messages sent to it) or from=ADDRESS (messages it sent): "
                                     "a number, or an e-mail address matched without case",
                      "schema": {"type": "object", "additionalProperties": False,
                                 "minProperties": 1, "maxProperties": 1,
                                 "properties": {"to": address, "from": address}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Rappel API", "version": "1.0",
                 "description": "Callback requests of the hotline, their timeline and SMS."},
        "security": [{"bearer": []}, {"session": []}],
        "paths": {
            "/api/requests": {"get": {
                "operationId": "listRequests", "summary": "Requests, most urgent first",
                "parameters": [{"name": "status", "in": "query", "required": False,
                                "schema": {"type": "string", "enum": list(FILTERS)}}],
                "responses": {"200": {**ok({"type": "object", "required": ["requests"],
                                            "properties": {"requests": {
                                                "type": "array", "items": ref("Request")}}},
                                           "the requests"),
                                      "links": {"first": {
                                          "operationId": "getRequest",
                                          "parameters": {
                                              "number": "$response.body#/requests/0/number"}}}},
                              "400": error, "401": error}}},
            "/api/requests/{number}": {"get": {
                "operationId": "getRequest", "summary": "One request with its timeline",
                "parameters": [{"name": "number", "in": "path", "required": True,
                                "schema": {"type": "integer", "minimum": 0,
                                           "maximum": MAX_NUMBER}}],
                "responses": {"200": ok({"allOf": [ref("Request"), {
                    "type": "object", "required": ["timeline"],
                    "properties": {"timeline": {"type": "array", "items": ref("TimelineEntry")}}}]},
                    "the request"), "401": error, "404": error}}},
            "/api/messages": {"get": {
                "operationId": "listMessages",
                "summary": "Messages (SMS, calls, e-mails) to or from an address, oldest first "
                           "(give exactly one)",
                "parameters": [one_of_to_from],
                "responses": {"200": ok({"type": "object", "required": ["messages"],
                                         "properties": {"messages": {
                                             "type": "array", "items": ref("Message")}}},
                                        "the messages"),
                              "400": error, "401": error}}},
            "/api/openapi.json": {"get": {"operationId": "openapi", "summary": "This document",
                                          "responses": {"200": {"description": "OpenAPI 3.1"},
                                                        "401": error}}},
        },
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer",
                           "description": "Authorization: Bearer API_TOKEN"},
                "session": {"type": "apiKey", "in": "cookie", "name": "session",
                            "description": "a coordinator logged in on the dashboard"}},
            "schemas": {"Request": request_schema, "TimelineEntry": entry, "Message": message,
                        "Error": {"type": "object", "properties": {"error": {"type": "string"}}}},
            "responses": {"Error": ok(ref("Error"), "an error, explained")},
        },
    }


def _is_api() -> bool:
    return request.path == "/api" or request.path.startswith("/api/")


def _json_error(error: HTTPException) -> Response | HTTPException:
    """Under /api, errors are JSON like the rest (an unknown path, a wrong method)."""
    if not _is_api():
        return error
    response = _error(error.code or 500, (error.description or error.name).rstrip("."))
    for name, value in error.get_headers():
        if name.lower() not in ("content-type", "content-length"):
            response.headers[name] = value  # Allow on a 405
    return response


def _private(response: Response) -> Response:
    """What the API answers is about people: no cache keeps it."""
    if _is_api():
        response.headers["Cache-Control"] = "no-store"
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
    return response


def init_app(app: Flask) -> None:
    from webhooks.auth import csrf
    app.register_blueprint(bp)
    csrf.exempt(bp)  # GETs only; a bearer client has no CSRF token to give
    app.register_error_handler(HTTPException, _json_error)
    app.after_request(_private)
