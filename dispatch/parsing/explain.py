"""Which lines of the phrase lists a message matches, for the people who edit them.

    python -m dispatch.parsing.explain "Je vais tout arrêter pour de bon."

prints the parse result, then each line of phrases/*.txt found in the message (crisis and
near misses, topics, closures, flexible), with its file and line number. It reads the lists
line by line: slow, and not what the parser does, but it says why.
"""
from __future__ import annotations

import json
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

from . import parse
from .matcher import load, view
from .normalize import fold
from .sms import respell

LISTS = ("crisis", "not_crisis", "topic_equilibre", "topic_financier", "topic_juridique",
         "topic_social", "topic_administratif", "topic_rebond", "topic_juridique_en",
         "topic_social_en", "not_topic", "closure", "flexible", "not_flexible")


def explain(text: str) -> list[str]:
    """The result of `text` and the lines of the phrase lists it matches, as printable lines."""
    received = datetime.now(ZoneInfo("Europe/Paris"))
    out = [json.dumps(parse(text, received).to_dict(), ensure_ascii=False)]
    folded = fold(text).text
    texts = list(dict.fromkeys([view(folded), view(respell(folded))]))
    for name in LISTS:
        phrases = load(name)
        matched = {p.where: p for t in texts for p in phrases.explain(t)}
        out.extend(f"{where}: {phrase.source}" for where, phrase in matched.items())
    return out


def main() -> None:
    for line in explain(" ".join(sys.argv[1:]) or sys.stdin.read()):
        print(line)


if __name__ == "__main__":
    main()
