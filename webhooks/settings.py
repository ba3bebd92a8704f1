"""Settings from the environment (or the `config` given to create_app).

Safe defaults for one machine: SQLite under instance/, the console SMS
transport, a SECRET_KEY generated once and kept under instance/.
"""
from __future__ import annotations

import os
import secrets
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

INSTANCE_DIR = Path(os.environ.get("RAPPEL_INSTANCE", "instance")).resolve()

KEYS = (
    "DATABASE_URL", "VOLUNTEERS_FILE", "SMS_BACKEND", "HOTLINE_NUMBER", "PUBLIC_URL",
    "SECRET_KEY", "API_TOKEN", "TIMEZONE", "ACK_TIMEOUT_MINUTES",
    "RETENTION_DAYS", "BEHIND_PROXY", "SESSION_COOKIE_SECURE",
    "DB_CONNECT_TIMEOUT", "DB_STATEMENT_TIMEOUT", "WEB_DB_DEADLINE", "SEND_CONCURRENCY",
    "SEND_RATE", "RECONCILE_SINCE",
)  # and each route's own settings (channels.registry.setting_keys)


def volunteers_file() -> str:
    """The roster's path as `load` reads it (VOLUNTEERS_FILE, else
    volunteers.yaml), without the other settings: checking or simulating a
    roster file needs no app."""
    return os.environ.get("VOLUNTEERS_FILE") or "volunteers.yaml"


class SettingsError(Exception):
    """A setting is missing or wrong; the message names the variable."""


def _bool(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise SettingsError(f"{name} must be true or false, not {value!r}")


def _int(name: str, value: Any) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise SettingsError(f"{name} must be a whole number, not {value!r}") from None
    if number <= 0:
        raise SettingsError(f"{name} must be positive, not {number}")
    return number


def _seconds(name: str, value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise SettingsError(f"{name} must be a number of seconds, not {value!r}") from None
    if not 0 < number < 3600:
        raise SettingsError(f"{name} must be between 0 and 3600 seconds, not {number}")
    return number


def _rate(name: str, value: Any) -> str:
    """A rate such as "5/second" or "100/minute" (the `limits` library's notation)."""
    from limits import parse
    try:
        parse(str(value))
    except ValueError:
        raise SettingsError(f"{name} must read like 5/second or 100/minute, "
                            f"not {value!r}") from None
    return str(value)


def _since(name: str, value: Any) -> datetime | None:
    """An ISO 8601 date or time; without a zone it is UTC."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value).strip())
        except ValueError:
            raise SettingsError(f"{name} must be an ISO 8601 date or time such as "
                                f"2026-12-01T00:00:00+01:00, not {value!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _secret_key(instance: Path) -> str:
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    try:  # O_EXCL: two processes starting at once keep the same key
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def load(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Read the settings, apply `overrides`, check them; raise SettingsError."""
    overrides = overrides or {}
    from channels import registry
    raw: dict[str, Any] = {k: os.environ[k] for k in KEYS + registry.setting_keys()
                           if os.environ.get(k)}
    raw.update(overrides)
    instance = Path(raw.get("INSTANCE_PATH", INSTANCE_DIR))
    s: dict[str, Any] = dict(raw)
    s["INSTANCE_PATH"] = str(instance)
    s["DATABASE_URL"] = raw.get("DATABASE_URL") or f"sqlite:///{instance / 'rappel.sqlite3'}"
    s["VOLUNTEERS_FILE"] = raw.get("VOLUNTEERS_FILE", volunteers_file())
    s["SMS_BACKEND"] = str(raw.get("SMS_BACKEND", "console")).lower()
    s["TIMEZONE"] = raw.get("TIMEZONE", "Europe/Paris")
    s["ACK_TIMEOUT_MINUTES"] = _int("ACK_TIMEOUT_MINUTES", raw.get("ACK_TIMEOUT_MINUTES", 30))
    s["RETENTION_DAYS"] = _int("RETENTION_DAYS", raw.get("RETENTION_DAYS", 90))
    # Timeouts: a web request never waits on the database longer than
    # WEB_DB_DEADLINE in all (Twilio gives up after 15 s), one statement never
    # longer than DB_STATEMENT_TIMEOUT.
    s["DB_CONNECT_TIMEOUT"] = _int("DB_CONNECT_TIMEOUT", raw.get("DB_CONNECT_TIMEOUT", 3))
    s["DB_STATEMENT_TIMEOUT"] = _seconds("DB_STATEMENT_TIMEOUT",
                                         raw.get("DB_STATEMENT_TIMEOUT", 10))
    s["WEB_DB_DEADLINE"] = _seconds("WEB_DB_DEADLINE", raw.get("WEB_DB_DEADLINE", 10))
    # The sender: how many messages in flight at once, and how fast per route.
    s["SEND_CONCURRENCY"] = _int("SEND_CONCURRENCY", raw.get("SEND_CONCURRENCY", 4))
    s["SEND_RATE"] = _rate("SEND_RATE", raw.get("SEND_RATE", "5/second"))
    # How far back reconciliation looks on a fresh database (default: from
    # its first run, nothing older).
    s["RECONCILE_SINCE"] = _since("RECONCILE_SINCE", raw.get("RECONCILE_SINCE"))
    s["BEHIND_PROXY"] = _bool("BEHIND_PROXY", raw.get("BEHIND_PROXY", False))
    s["PUBLIC_URL"] = (raw.get("PUBLIC_URL") or "").rstrip("/") or None
    s["SECRET_KEY"] = raw.get("SECRET_KEY") or _secret_key(instance)
    s["SESSION_COOKIE_SECURE"] = _bool(
        "SESSION_COOKIE_SECURE", raw.get("SESSION_COOKIE_SECURE", bool(s["PUBLIC_URL"]
                                                                      and s["PUBLIC_URL"].startswith("https"))))
    registry.check_settings(s, raw)
    return s


def timeouts(settings: dict[str, Any]) -> Any:
    """The database timeouts the settings ask for (dispatch.db.Timeouts)."""
    from dispatch.db import Timeouts
    return Timeouts(connect=settings["DB_CONNECT_TIMEOUT"],
                    statement=settings["DB_STATEMENT_TIMEOUT"])
