"""Phone numbers written in an SMS, as E.164.

French numbers are recognised by their shape (a 0 and nine digits, or +33 /
0033 and nine digits, in any grouping), not by phonenumbers' validity check:
the roster uses the fictional range +33 6 39 98, which it calls invalid.
Foreign numbers need their + (or 00) prefix and must be valid, or at least
possible, for phonenumbers. Dates, times, amounts and SIRET numbers do not
have those shapes, so they are not taken for numbers.
"""
from __future__ import annotations

import re
from typing import NamedTuple

# A run of digit groups, each separated by one separator; "(0)" after a
# country code is dropped ("+33 (0)6 12 34 56 78").
_RUN = re.compile(
    r"(?<![\w+])(?:\+\s?|00)?\d+(?:(?:\s?\(0\)\s?|\s?[.\-/]\s?|[ \u00a0]|\s?\(|\)\s?)\d+)*"
)
_GROUP = re.compile(r"\+?\d+")
# A number written right after the name of another identifier is that identifier, whatever its
# shape: "numéro d'exploitation 0321 4587 96", "SIRET : ...", "n° de dossier 06 12 ...". Words that
# may also stand before a phone ("mon client 06 ...", "dossier déposé 06 ...") count only with
# "n°" or "numéro".
_ID = (r"siret|siren|exploitation|pacage|iban|rib|tva|fiscal|s[ée]cu|s[ée]curit[ée]\s+sociale"
       r"|immatriculation|rcs|ape|naf|r[ée]f[ée]rence|r[ée]f|invoice|reference")
_ID_WITH_NUMBER = r"client|dossier|facture|commande|contrat|police|adh[ée]rent|account|order|policy"
_NUMBER_WORD = r"(?:n[°º]|no\.?|num[ée]ro|number|#)"
_OTHER_LABEL = re.compile(
    rf"(?:\b(?:{_ID})\s*{_NUMBER_WORD}?|\b(?:{_ID_WITH_NUMBER})\s*{_NUMBER_WORD}"
    rf"|{_NUMBER_WORD}\s*(?:de\s+|d'\s?|du\s+)?(?:{_ID_WITH_NUMBER}))\s*[:.]?\s*$",
    re.IGNORECASE,
)


class Phone(NamedTuple):
    e164: str
    start: int
    end: int


def find_phones(text: str) -> list[Phone]:
    """Every phone number in `text`, in order, without duplicates."""
    found: list[Phone] = []
    seen: set[str] = set()
    for run in _RUN.finditer(text):
        if _OTHER_LABEL.search(text, max(0, run.start() - 40), run.start()):
            continue
        for phone in _numbers_in_run(run.group(), run.start()):
            if phone.e164 not in seen:
                seen.add(phone.e164)
                found.append(phone)
    return found


def _numbers_in_run(run: str, offset: int) -> list[Phone]:
    # Same-length rewrites keep positions: "+ 33" -> " +33", "(0)" -> "   ".
    body = re.sub(r"\+(\s)", r"\1+", run)
    body = re.sub(r"(?<=\d)(\s?)\(0\)", lambda m: m.group(1) + "   ", body)
    groups = [(m.group(), m.start(), m.end()) for m in _GROUP.finditer(body)]
    seps = [body[groups[i][2]:groups[i + 1][1]] for i in range(len(groups) - 1)]
    found = []
    i = 0
    while i < len(groups):
        hit = _number_at(groups, seps, i)
        if hit is None:
            i += 1
            continue
        e164, last = hit
        found.append(Phone(e164, offset + groups[i][1], offset + groups[last][2]))
        i = last + 1
    return found


def _number_at(groups, seps, first: int) -> tuple[str, int] | None:
    """The number that starts at group `first`, with the index of its last group."""
    head = groups[first][0]
    if head.startswith("+"):
        return _international(groups, seps, first, head[1:])
    if head.startswith("00"):
        return _international(groups, seps, first, head[2:])
    if head.startswith("0") and len(head) > 1 and head[1] != "0" or head == "0":
        return _french(groups, seps, first)
    return None


def _consistent(seps: list[str]) -> bool:
    """A slash is never mixed with other separators inside one number."""
    kinds = {s.strip() or " " for s in seps}
    return not ("/" in kinds and len(kinds) > 1)


def _french(groups, seps, first: int) -> tuple[str, int] | None:
    digits = ""
    for j in range(first, len(groups)):
        digits += groups[j][0]
        if len(digits) == 10:
            if digits[1] == "0" or not _consistent(seps[first:j]):
                return None
            return "+33" + digits[1:], j
        if len(digits) > 10:
            return None
    return None


def _international(groups, seps, first: int, lead: str) -> tuple[str, int] | None:
    digits = lead
    best = None
    possible = None
    for j in range(first, len(groups)):
        if j > first:
            digits += groups[j][0]
        if len(digits) > 15:
            break
        if not _consistent(seps[first:j]):
            break
        if digits.startswith("33"):
            national = digits[2:]
            if len(national) == 10 and national.startswith("0"):
                national = national[1:]
            if len(national) == 9 and national[0] != "0":
                return "+33" + national, j
            continue
        import phonenumbers  # here: few SMS hold a foreign number, and it is slow to import

        try:
            number = phonenumbers.parse("+" + digits, None)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            best = ("+" + digits, j)
        elif phonenumbers.is_possible_number(number):
            possible = ("+" + digits, j)
    return best or possible
