"""Sending through OVHcloud's SMS API (POST /sms/{account}/jobs).

Each job is tagged with the attempt's key (Outgoing.key), so that after an
unknown outcome the account's outgoing list can be asked for it.
"""
from __future__ import annotations

import threading
from datetime import datetime, timezone
from typing import Any

import ovh
import requests
from ovh import exceptions as oe

from channels.base import SMS, Found, Outgoing, SendError
from dispatch.phones import is_fictional, mask

TIMEOUT = (5, 15)  # connect, read: the client's own default is three minutes
PREFIX = "ovh-"    # our sid for an OVH outgoing id; inbound ones are "ovh-in-<id>"


class OvhTransport:
    """SMS only, from a sender people can answer, without the marketing STOP clause."""
    name = "ovh"
    channels = frozenset((SMS,))

    def __init__(self, endpoint: str, application_key: str, application_secret: str,
                 consumer_key: str, account: str, *, sender: str | None = None,
                 session: Any = None) -> None:
        self.endpoint, self.account, self.sender = endpoint, account, sender
        self.keys = (application_key, application_secret, consumer_key)
        self.session = session  # tests: a recording session for the real client
        self._local = threading.local()

    @property
    def client(self) -> ovh.Client:
        """A client per thread (each holds a requests session)."""
        client = getattr(self._local, "client", None)
        if client is None:
            key, secret, consumer = self.keys
            client = ovh.Client(endpoint=self.endpoint, application_key=key,
                                application_secret=secret, consumer_key=consumer,
                                timeout=TIMEOUT)
            if self.session is not None:
                client._session = self.session
            self._local.client = client
        return client

    def path(self, *parts: object) -> str:
        return "/".join((f"/sms/{self.account}", *(str(p) for p in parts))).rstrip("/")

    def job(self, out: Outgoing) -> dict[str, Any]:
        """The job's body: not marketing (noStopClause), answerable: from the
        account's two-way sender, else from a number OVH picks for replies
        (senderForResponse)."""
        body: dict[str, Any] = {"message": out.body, "receivers": [out.to],
                                "noStopClause": True, "priority": "high", "tag": out.key}
        if self.sender:
            body["sender"] = self.sender
        else:
            body["senderForResponse"] = True
        return body

    def send(self, out: Outgoing) -> str:
        if is_fictional(out.to):
            raise SendError(f"{mask(out.to)} is a fictional number", permanent=True)
        report = calling(lambda: self.client.post(self.path("jobs"), **self.job(out)))
        if out.to in (report.get("invalidReceivers") or []) or not report.get("ids"):
            raise SendError(f"OVH refused the number {mask(out.to)}", permanent=True)
        return f"{PREFIX}{report['ids'][0]}"

    def find_sent(self, out: Outgoing, since: datetime) -> list[Found]:
        """The job tagged with this attempt's key, sent or still pending."""
        ids = calling(lambda: self.client.get(self.path("outgoing"), tag=out.key))
        if ids:
            return [Found(f"{PREFIX}{ids[0]}", datetime.now(timezone.utc))]
        for job_id in calling(lambda: self.client.get(self.path("jobs")))[:50]:
            job = calling(lambda i=job_id: self.client.get(self.path("jobs", i)))
            if job.get("receiver") == out.to and job.get("message") == out.body:
                return [Found(f"{PREFIX}{job_id}", datetime.now(timezone.utc))]
        return []


SIGNING_ERRORS = {"INVALID_SIGNATURE", "QUERY_TIME_OUT"}


def _error_code(exc: oe.APIError) -> str | None:
    """OVH's errorCode in the answer's JSON, when there is one."""
    answer = getattr(exc, "response", None)
    try:
        return str(answer.json().get("errorCode")) if answer is not None else None
    except ValueError:
        return None


def calling(call: Any) -> Any:
    """One call to OVH's API, its failures as SendError."""
    try:
        return call()
    except oe.BadParametersError as exc:
        if "credit" in str(exc).lower():  # out of credit: the account, not the message
            raise SendError(f"OVH: {exc}", permanent=False, route_down=True) from exc
        if _error_code(exc) in SIGNING_ERRORS:  # our keys or clock: fixed, it goes
            raise SendError(f"OVH refused our signature: {exc}", permanent=False) from exc
        raise SendError(f"OVH refused the job: {exc}", permanent=True,
                        bad_address=False) from exc
    except (oe.InvalidKey, oe.InvalidCredential, oe.NotGrantedCall, oe.NotCredential,
            oe.Forbidden, oe.ResourceNotFoundError) as exc:
        # Our keys or account name are wrong: keep the messages until fixed.
        raise SendError(f"OVH credentials or account: {exc}", permanent=False) from exc
    except oe.HTTPError as exc:
        cause = exc.args[1] if len(exc.args) > 1 else None
        before = isinstance(cause, requests.exceptions.ConnectTimeout) or \
            type(getattr(getattr(cause, "args", [None])[0], "reason", None)).__name__ \
            == "NewConnectionError"
        raise SendError(f"network: {exc}", permanent=False, unknown=not before) from exc
    except oe.APIError as exc:  # 5xx and the like: OVH may have taken it
        raise SendError(f"OVH: {exc}", permanent=False, unknown=True) from exc
