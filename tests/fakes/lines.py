"""The hotline as a person's phone sees it, once per route: an SMS in by the
route's own way (a signed webhook, or the account's list the clock reads),
and what the route carried back to a number (the webhook's answer or the
provider's record of what it sent)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from freezegun.api import FakeDatetime

from scheduling import tick, transport_for


@dataclass
class Line:
    name: str
    app: Any
    provider: Any = None
    answers: dict[str, list[str]] = field(default_factory=dict)  # replies in webhook answers
    count: int = 0

    def text(self, sender: str, body: str) -> None:
        """`sender` texts the hotline now; the clock then runs once."""
        self.count += 1
        getattr(self, "_text_" + self.name.replace("-", "_"))(sender, body)
        tick(self.app)

    def received(self, number: str) -> list[str]:
        """Everything this route carried to `number`, in order."""
        return self.answers.get(number, []) + self._sent(number)

    def _sent(self, number: str) -> list[str]:
        if self.name == "console":
            return [s["body"] for s in transport_for(self.app).sent  # type: ignore[attr-defined]
                    if s["to"] == number]
        if self.name == "twilio":
            return [m["Body"] for m in self.provider.sent if m.get("To") == number]
        return self.provider.sent_to(number)

    def _twiml(self, sender: str, body: str) -> None:
        from tests.conftest import Phone, reply_of
        said = reply_of(Phone(self.app.test_client()).text(sender, body,
                                                           sid=f"SMline{self.count:028d}"))
        if said:
            self.answers.setdefault(sender, []).append(said)

    _text_console = _twiml
    _text_twilio = _twiml

    def _text_sms_gateway(self, sender: str, body: str) -> None:
        from tests.fakes.smsgate import event, post_event, received
        at = datetime.now(timezone.utc)
        answer = post_event(self.app.test_client(),
                            event("sms:received", received(sender, body, _real(at))))
        assert answer.status_code == 200, answer.data

    def _text_ovh(self, sender: str, body: str) -> None:
        self.provider.text(sender, body, _real(datetime.now(timezone.utc)))


def _real(moment: datetime) -> datetime:
    """freezegun's FakeDatetime as a plain datetime (for isoformat round trips)."""
    if isinstance(moment, FakeDatetime):
        return datetime.fromtimestamp(moment.timestamp(), timezone.utc)
    return moment
