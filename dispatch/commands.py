"""SMS commands: what a short reply means.

Case, accents and punctuation do not matter; the request number is optional
when only one request fits. Anchored patterns, named here, read the text.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

ACCEPT = ("OK", "OUI", "YES")
DECLINE = ("NON", "NO")
GIVE_BACK = ("RENDRE", "RENDS")
DONE = ("FAIT", "DONE")
FAILED = ("ECHEC", "INJOIGNABLE")
PAUSE = ("PAUSE",)
RESUME = ("DISPO", "DISPONIBLE")
INFO = ("INFO",)
HELP = ("AIDE", "HELP")
TAKE = ("PRIS", "ACK", "PRISE", "JEPRENDS")
CANCEL_REQUEST = ("ANNULER",)
# The words by which a person stops every SMS, whatever the route, and the
# ones that allow them again. A route's carrier may act on more words itself
# (channels.base.CarrierWords, Twilio's CANCEL or END): those count too.
OPT_OUT = ("STOP", "STOPALL", "UNSUBSCRIBE", "ARRET", "ARRETE", "ARRETER")
OPT_IN = ("START", "UNSTOP")

VERBS = ACCEPT + DECLINE + GIVE_BACK + DONE + FAILED + PAUSE + RESUME + INFO + HELP + TAKE

# Between the verb and the number, the words coaches put there: "ok pour la 2",
# "rends la demande 1", "OK request 3" (not "pour" alone: "ok pour 14 h" is a time).
FILLER = r"(?:(?:POUR\s+)?LA\s+(?:DEMANDE\s+)?|(?:POUR\s+)?DEMANDE\s+|(?:FOR\s+)?REQUEST\s+)?"
COMMAND_RE = re.compile(r"^(?P<verb>[A-Z]+)(?:\s*" + FILLER + r"(?:N|NO|NUMERO|#)?\s*"
                        r"(?P<n>\d{1,9}))?(?P<rest>(?:\s.*)?)$")
# "OK 1 2", "OK 1 et 2", "NON 3, 4": the same answer to several offers.
MORE_RE = re.compile(r"^(?:\s+(?:ET|AND)?\s*\d{1,9})+$")
SEVERAL = ("OK", "NON", "RENDRE")
ENGLISH = ("YES", "NO", "DONE", "HELP")
# "annuler", "annuler 12", "je veux annuler ma demande", "annulez svp", and in
# English "cancel 12" (CANCEL alone is an opt-out word for some carriers:
# dispatch.conversation decides by the route's CarrierWords).
CANCEL_RE = re.compile(r"^(?:ANNULER|ANNULEZ|ANNULE)(?:\s+(?:N\s*)?\d{1,9})?(?:\s+(?:SVP|STP|MERCI))*$"
                       r"|\bANNUL(?:ER|EZ|E)\b.*\bDEMANDE\b"
                       r"|^CANCEL(?:\s+(?:REQUEST\s+)?(?:N\s*)?\d{1,9})(?:\s+PLEASE)?$"
                       r"|^CANCEL\s+(?:MY\s+)?REQUEST(?:\s+PLEASE)?$")


@dataclass(frozen=True)
class Command:
    # The canonical verb: OK, NON, RENDRE, FAIT, ECHEC, PAUSE, DISPO, INFO, AIDE, PRIS.
    verb: str
    number: int | None
    words: str = ""     # what follows, as written ("FAIT 12 orienté CCI": "orienté CCI")
    more: tuple[int, ...] = ()  # further numbers given the same answer ("OK 1 2")
    lang: str = ""      # "en" when written with an English word (YES, NO, DONE, HELP)


CANONICAL = {**{w: "OK" for w in ACCEPT}, **{w: "NON" for w in DECLINE},
             **{w: "RENDRE" for w in GIVE_BACK}, **{w: "PRIS" for w in TAKE},
             **{w: "FAIT" for w in DONE}, **{w: "ECHEC" for w in FAILED},
             "PAUSE": "PAUSE", **{w: "DISPO" for w in RESUME}, "INFO": "INFO", "AIDE": "AIDE", "HELP": "AIDE"}


def normalise(body: str) -> str:
    """Upper case, no accents, punctuation and emoji as spaces, spaces squeezed."""
    text = unicodedata.normalize("NFKD", body or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).upper()
    text = re.sub(r"[^A-Z0-9#]+", " ", text)
    return " ".join(text.split())


def is_cancel(body: str) -> bool:
    """An entrepreneur asking to cancel: "ANNULER", "annuler 12", "annulez ma demande"."""
    return bool(CANCEL_RE.search(normalise(body)))


def keyword(body: str) -> str:
    """The whole message as one word ("Stop." -> "STOP"), or "" if it is more."""
    text = normalise(body)
    return text if text.isalpha() else ""


WORDS_AFTER = re.compile(r"^\W*[^\W\d_]+\W*"
                         r"(?:(?:(?:pour\s+)?la\s+(?:demande\s+)?|(?:pour\s+)?demande\s+"
                         r"|(?:for\s+)?request\s+)(?=(?:n|no|n°|numéro|numero|#)?\s*\d))?"
                         r"(?:(?:n|no|n°|numéro|numero|#)\s*)?\d{0,9}\s*[:.,;-]?\s*",
                         re.IGNORECASE)


def parse_command(body: str, strict: bool = False) -> Command | None:
    """A command, or None when the text is not one.

    Coaches write "OK 12 merci" or "Non desole": words after the command are
    kept aside (a note after FAIT), unless `strict` (then the whole text must
    be the command)."""
    text = normalise(body).replace("#", " ").strip()
    text = re.sub(r"\s+", " ", text)
    # "O.K." and "o k" are an OK too (punctuation does not matter); "je prends 4"
    # is a coordinator's PRIS.
    text = re.sub(r"^O K\b", "OK", text)
    text = re.sub(r"^JE PRENDS\b", "JEPRENDS", text)
    match = COMMAND_RE.match(text)
    if not match or match["verb"] not in CANONICAL or (strict and match["rest"]):
        return None
    number = int(match["n"]) if match["n"] else None
    verb = CANONICAL[match["verb"]]
    lang = "en" if match["verb"] in ENGLISH else ""
    if number is not None and verb in SEVERAL and MORE_RE.match(match["rest"]):
        more = tuple(dict.fromkeys(int(n) for n in re.findall(r"\d+", match["rest"])
                                   if int(n) != number))
        return Command(verb, number, "", more, lang)
    words = WORDS_AFTER.sub("", (body or "").strip(), count=1).strip() if match["rest"] else ""
    return Command(verb, number, words[:2000], lang=lang)
