"""The console transport: prints each message with its segment count and keeps it."""
from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from channels.base import CALL, SMS, Found, Outgoing
from dispatch.phones import mask
from dispatch.segments import segments


@dataclass
class ConsoleTransport:
    """Keeps what it "sent" in `sent` (the phone simulator reads it)."""
    sent: list[dict[str, Any]] = field(default_factory=list)
    echo: bool = True
    lock: threading.Lock = field(default_factory=threading.Lock)
    name: str = "console"
    channels: frozenset[str] = frozenset((SMS, CALL))

    def send(self, out: Outgoing) -> str:
        if out.channel == CALL:
            return self._call(out)
        encoding, count = segments(out.body)
        sid = "SMconsole" + uuid.uuid4().hex[:24]
        with self.lock:
            self.sent.append({"sid": sid, "to": out.to, "body": out.body,
                              "at": datetime.now(timezone.utc)})
        if self.echo:
            # Masked like every log line: the console is a log too.
            print(f"--- SMS to {mask(out.to)} ({count} segment{'s' if count > 1 else ''}, "
                  f"{encoding}) ---\n"
                  f"{out.body}\n", flush=True)
        return sid

    def _call(self, out: Outgoing) -> str:
        """Records the call as it records SMS: the phone simulator shows it."""
        sid = "CAconsole" + uuid.uuid4().hex[:24]
        with self.lock:
            self.sent.append({"sid": sid, "to": out.to, "body": out.body, "channel": CALL,
                              "request": out.request_id, "at": datetime.now(timezone.utc)})
        if self.echo:
            print(f"--- CALL to {mask(out.to)} (press 1 to take request "
                  f"{out.request_id}) ---\n{out.body}\n", flush=True)
        return sid

    def find_sent(self, out: Outgoing, since: datetime) -> list[Found]:
        with self.lock:
            return [Found(s["sid"], s["at"]) for s in self.sent
                    if s["to"] == out.to and s["body"] == out.body and s.get("at", since) >= since]
