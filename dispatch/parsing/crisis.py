"""Crisis: the SMS speaks of suicide, of ending one's life, of self-harm or of a danger to life,
in French or English, including past thoughts of it or the fear of acting on it.

A missed crisis is the worst error the parser can make, so the phrases (phrases/crisis.txt) are
broad; the idioms that look like them ("mourir de rire", "ce boulot va me tuer", "tout foutre en
l'air": phrases/not_crisis.txt) cancel them. Distress alone ("je n'en peux plus", "épuisé") is not
a crisis. The phrases are looked for in the folded text (see normalize.fold) and in a copy with
SMS spellings read as words ("jveux" as "je veux": see sms.py).
"""
from __future__ import annotations

from functools import lru_cache

from .backstop import backstop, plain_words
from .matcher import load, view
from .scene import told_as_scene
from .sms import respell

_CRISIS = load("crisis")
_NOT_CRISIS = load("not_crisis")


@lru_cache(maxsize=32)
def crisis_spans(folded: str) -> tuple[tuple[int, int], ...]:
    """Where the crisis phrases of the folded text are (without SMS respelling)."""
    return tuple((hit.start, hit.end) for hit in _CRISIS.hits(view(folded), _NOT_CRISIS))


@lru_cache(maxsize=32)
def crisis_words(folded: str) -> tuple[tuple[int, int, tuple[tuple[int, int], ...]], ...]:
    """Where the crisis phrases are, with the spans their "..." gaps stood for."""
    return tuple((hit.start, hit.end, hit.gaps) for hit in _CRISIS.hits(view(folded), _NOT_CRISIS))


def is_crisis(folded: str) -> bool:
    """True when the folded text speaks of suicide, self-harm or a danger to life."""
    if _found(folded):
        return True
    respelled = respell(folded)
    if respelled != folded and _found(respelled):
        return True
    # The phrase lists hold the families seen; the backstop (backstop.py) reads the vocabulary of
    # death and harm itself, for the wordings nobody listed.
    # A crisis told as a scene (scene.py) names neither death nor the means.
    texts = [folded] if respelled == folded else [folded, respelled]
    return any(backstop(_without_idioms(t)) or told_as_scene(plain_words(_without_idioms(t)))
               for t in texts)


def _without_idioms(folded: str) -> str:
    """The text with each near-miss idiom of not_crisis.txt blanked, for the backstop: the
    idioms the phrase lists decided ("va me tuer", "kill myself working", "en danger
    financièrement") are not read again as crisis words. (A crisis phrase around one of them,
    "il va me tuer", was already found by the phrase lists.)"""
    text = view(folded)
    found = _NOT_CRISIS.matches(text)
    if not found:
        return text
    chars = list(text)
    for hit in found:
        chars[hit.start:hit.end] = " " * (hit.end - hit.start)
    return "".join(chars)


def _found(folded: str) -> bool:
    return next(_CRISIS.hits(view(folded), _NOT_CRISIS), None) is not None
