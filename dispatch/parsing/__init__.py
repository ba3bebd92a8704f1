"""The SMS parser: what an inbound SMS says (spec/parsing.md).

`parse(text, received_at)` is pure: it never reads the clock and never raises
on any text. The webhook and `rappel parse` (cli.run) both call it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from .crisis import is_crisis
from .emails import find_emails
from .flexible import is_flexible
from .language import detect
from .names import find_name
from .normalize import fold, fold_plain, words
from .phones import find_phones
from .slots import build_slots
from .timeexpr import mentions
from .topics import topic

__all__ = ["ParseResult", "Slot", "parse"]

MAX_LENGTH = 1600


@dataclass(frozen=True)
class Slot:
    start: datetime
    end: datetime


@dataclass(frozen=True)
class ParseResult:
    name: str | None
    phones: list[str]
    emails: list[str]
    slots: list[Slot]
    flexible: bool
    topic: str | None
    crisis: bool
    language: str

    def to_dict(self) -> dict:
        """The contract's JSON fields, slots as ISO 8601 strings with offset."""
        return {
            "name": self.name,
            "phones": list(self.phones),
            "emails": list(self.emails),
            "slots": [{"start": s.start.isoformat(), "end": s.end.isoformat()} for s in self.slots],
            "flexible": self.flexible,
            "topic": self.topic,
            "crisis": self.crisis,
            "language": self.language,
        }


def parse(text: str, received_at: datetime, tz: str = "Europe/Paris") -> ParseResult:
    """What `text`, received at `received_at`, says (see spec/parsing.md).

    A naive `received_at` is taken as local time in `tz`. Text beyond 1,600
    characters (ten SMS) is ignored.
    """
    zone = ZoneInfo(tz)
    if received_at.tzinfo is None:
        received_at = received_at.replace(tzinfo=zone)
    text = text[:MAX_LENGTH]
    phones = find_phones(text)
    emails = find_emails(text)
    masked = _mask(text, [(p.start, p.end) for p in phones] + [(e.start, e.end) for e in emails])
    folded = fold(masked)
    language = detect(words(folded.text))
    slots = build_slots(folded.text, mentions(folded.text, language), received_at, zone)
    name = find_name(masked, folded)
    return ParseResult(
        name=name,
        phones=[p.e164 for p in phones],
        emails=[e.address for e in emails],
        slots=[Slot(start, end) for start, end in slots],
        flexible=is_flexible(folded.text),
        topic=topic(_without_name(folded.text, name), language),
        crisis=is_crisis(folded.text),
        language=language,
    )


def _without_name(folded: str, name: str | None) -> str:
    """The folded text with the sender's own name blanked: "Oliver Grant" states no `grant`."""
    if not name:
        return folded
    pattern = r"\b" + r"\s+".join(re.escape(w) for w in fold_plain(name).split()) + r"\b"
    return re.sub(pattern, lambda m: " " * len(m.group()), folded)


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with each span replaced by as many '#'."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = "#" * (end - start)
    return "".join(chars)
