"""The app's webhook signature: HMAC-SHA256 of the raw body followed by the
X-Timestamp value, hex, keyed with the signing key (the app's documentation,
"Payload Signing"), and a timestamp window against replays."""
from __future__ import annotations

import hashlib
import hmac

WINDOW = 300  # seconds either side of now, as the app's documentation advises


def sign(key: str, body: bytes, timestamp: str) -> str:
    return hmac.new(key.encode(), body + timestamp.encode(), hashlib.sha256).hexdigest()


def valid(key: str, body: bytes, timestamp: str, signature: str, now: float) -> bool:
    """True when signed with `key` within WINDOW seconds of `now` (Unix time)."""
    if not key or not signature or not timestamp.isdigit():
        return False
    if abs(now - int(timestamp)) > WINDOW:
        return False
    return hmac.compare_digest(sign(key, body, timestamp), signature.strip().lower())
