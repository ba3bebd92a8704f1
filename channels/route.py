"""What a route package declares: one `Route`, read by channels.registry."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from channels.base import NO_CARRIER_WORDS, CarrierWords, Transport

if TYPE_CHECKING:
    from flask import Flask
    from sqlalchemy.orm import Session

    from dispatch.hotline import Context
    from dispatch.models import ClockState

# The clock's job for a route: inbound SMS to read, reports to collect,
# messages missed while the database was away; returns how many it handled.
Poll = Callable[["Flask", "Session", "Context", "ClockState", datetime], int]


def _nothing(_app: Flask) -> None:
    return None


def _no_lines(_app: Flask) -> list[str]:
    return []


@dataclass(frozen=True)
class Route:
    """A way SMS come in and go out.

    `keys`: its settings, read from the environment; `check_settings`
    completes and checks them (raising webhooks.settings.SettingsError);
    `build` makes its transport; `init_app` registers its webhooks;
    `poll` is its clock job, if any; `check` says, for `rappel channels
    check`, what is configured and reachable, sending nothing; `voice`: it
    can ring a phone (a crisis page's call)."""
    name: str
    label: str
    keys: tuple[str, ...]
    check_settings: Callable[[dict[str, Any]], None]
    build: Callable[[Flask], Transport]
    words: CarrierWords = NO_CARRIER_WORDS
    init_app: Callable[[Flask], None] = _nothing
    poll: Poll | None = None
    check: Callable[[Flask], list[str]] = _no_lines
    voice: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)
