"""E-mail addresses written in an SMS, lower-cased, in order."""
from __future__ import annotations

import re
from typing import NamedTuple

_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+%'-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,24}(?![\w-])",
    re.IGNORECASE,
)


class Email(NamedTuple):
    address: str
    start: int
    end: int


def find_emails(text: str) -> list[Email]:
    """Every e-mail address in `text`, lower-cased, in order, without duplicates."""
    found: list[Email] = []
    seen: set[str] = set()
    for match in _EMAIL.finditer(text):
        address = match.group().strip(".'-").lower()
        if "@" not in address or address.startswith("@") or address in seen:
            continue
        seen.add(address)
        found.append(Email(address, match.start(), match.end()))
    return found
