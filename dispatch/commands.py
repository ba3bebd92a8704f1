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
# "rends la demande 1", "OK request 3", "non merci 2" (not "pour" alone: "ok pour
# 14 h" is a time).
FILLER = (r"(?:(?:MERCI|DESOLE|DESOLEE|SORRY|THANKS)\s+)*"
          r"(?:(?:JE\s+)?PRENDS\s+|I\s+TAKE\s+|TAKE\s+)?"
          r"(?:(?:POUR\s+)?(?:LA|LE)\s+(?:DEMANDE\s+)?|(?:POUR\s+)?DEMANDE\s+|POUR\s+"
          r"|(?:FOR\s+)?REQUEST\s+)?")
# A number followed by an hour or a month is a time or a date ("ok pour 14 h",
# "je prends le 2 décembre"), not a request.
NOT_A_TIME = (r"(?!\s*(?:H|HEURES?|MIN|MINUTES?|MN|JOURS?|JANV(?:IER)?|FEV(?:RIER)?|MARS|AVR(?:IL)?"
              r"|MAI|JUIN|JUIL(?:LET)?|AOUT|SEPT(?:EMBRE)?|OCT(?:OBRE)?|NOV(?:EMBRE)?|DEC(?:EMBRE)?"
              r"|EUROS?|E)\b)")
COMMAND_RE = re.compile(r"^(?P<verb>[A-Z]+)(?:\s*(?P<filler>" + FILLER + r")(?:N|NO|NUMERO|#)?\s*"
                        r"(?P<n>\d{1,9})" + NOT_A_TIME + r")?(?P<rest>(?:\s.*)?)$")
# The end of a command written in words: its number, or nothing more than an
# aside ("non joignable, je réessaie ce soir"); not "pas de réponse DE la banque".
_ABOUT_SOMETHING_ELSE = r"(?!\s+(?:DE|DU|DES|D|A|AU|AUX|POUR|SUR|FROM|TO|ON|ABOUT|OF|YET)\b)"
_ONLY = r"(?:\s+(?:SVP|STP|MERCI|PLEASE|THANKS|DESOLE|DESOLEE|SORRY))*$"
# The number of the request a command in words is about: "c'est fait pour la 2"
# (not "appelé 3 fois": tries).
_NUMBERED = (r"\s+(?:POUR\s+)?(?:LA\s+|LE\s+)?(?:DEMANDE\s+)?\d{1,9}(?!\d)(?!\s+FOIS\b)"
             + NOT_A_TIME)
# More words after a call reported in words, none saying it did not get
# through ("c'est fait mais pas de réponse", "appel fait, messagerie").
_GOT_THROUGH = (r"(?!.*\b(?:MAIS|SANS|JAMAIS|PERSONNE|REPONDEUR|MESSAGERIE|FOIS|INJOIGNABLE"
                r"|JOIGNABLE|REESSAIE|REESSAIERAI|RETENTE|RETENTERAI|AUCUNE\s+REPONSE"
                r"|PAS\s+(?:DE\s+REPONSE|REPONDU|DECROCHE|JOINT|JOINTE|EU)|NE\s+REPOND"
                r"|REPOND\s+PAS|DECROCHE|BOITE|VOCALE|FAUX|MAUVAIS|ERRONE|MESSAGE|OCCUPEE?"
                r"|RIEN|SONNE|RAPPELLERAI|REESSAYER|REESSAYERAI|VOICEMAIL|WRONG|BUSY"
                r"|NO\s+ANSWER)\b)\s")
# A while, in days, weeks or months: "2 semaines", "15 jours", "10j", "une
# semaine", "a week" (dispatch.pause_dates counts it).
COUNT_WORDS = {"UN": 1, "UNE": 1, "A": 1, "ONE": 1, "DEUX": 2, "TWO": 2, "TROIS": 3, "THREE": 3,
               "QUATRE": 4, "FOUR": 4, "CINQ": 5, "FIVE": 5, "SIX": 6, "SEPT": 7, "SEVEN": 7,
               "HUIT": 8, "EIGHT": 8, "DIX": 10, "TEN": 10, "QUINZE": 15, "FIFTEEN": 15}
SPAN = (r"(?P<count>\d{1,4}|(?:" + "|".join(COUNT_WORDS) + r")(?=\s))\s*"
        r"(?P<unit>JOURS?|J|DAYS?|SEMAINES?|SEM|WEEKS?|WKS?|MOIS|MONTHS?|ANS?|ANNEES?|YEARS?)\b")
# Words that say the coach is away: "en vacances", "absente", "off", "on leave".
_AWAY = (r"^(?:JE\s+SUIS\s+|I\s+AM\s+|I\s+M\s+|IM\s+)?(?:EN\s+(?:PAUSE|VACANCES|CONGES?"
         r"|DEPLACEMENT)|ABSENTE?|INDISPO(?:NIBLE)?|PAS\s+DISPO(?:NIBLE)?|AWAY|OFF"
         r"|ON\s+(?:HOLIDAYS?|VACATION|LEAVE)|UNAVAILABLE|NOT\s+AVAILABLE)")
# What coaches write in words for a command, read as the command itself
# (spec: ECHEC, INJOIGNABLE; FAIT; RENDRE; PAUSE, DISPO). "Non joignable" and
# "No answer" are failed calls, not a NON that would give the request back.
PHRASES = (
    (re.compile(r"^(?:NON\s+|NO\s+)?(?:NON|PAS|NO|NOT)\s+(?:JOIGNABLE|REPONDU|DE\s+REPONSE|ANSWER"
                r"|REPLY|REACHABLE)\b" + _ABOUT_SOMETHING_ELSE), "ECHEC"),
    (re.compile(r"^(?:FAILED|UNREACHABLE)\b" + _ABOUT_SOMETHING_ELSE), "ECHEC"),
    (re.compile(r"^PERSONNE\s+NE\s+(?:REPOND|DECROCHE)\b" + _ABOUT_SOMETHING_ELSE), "ECHEC"),
    # "Répondeur 2", "messagerie 2, laissé un message": a try; with no number, "messagerie,
    # je réessaie demain" is a note on the request held (spec: other words).
    (re.compile(r"^(?:REPONDEUR|MESSAGERIE)(?=" + _NUMBERED + "|" + _ONLY + ")"), "ECHEC"),
    # "D'accord 2", "okay pour la 2" (alone, a thank-you: not an OK).
    (re.compile(r"^(?:D\s+ACCORD|DACCORD|OKAY)(?=" + _NUMBERED + ")"), "OK"),
    # "Impossible pour la 2", "je ne peux pas": not "je ne peux pas le joindre".
    # Nothing more said: "impossible pour la 1 ce matin, je la rappelle cet
    # après-midi" is a note, not the request given back.
    (re.compile(r"^(?:JE\s+(?:NE\s+)?PEUX\s+PAS|(?:C\s+EST\s+)?IMPOSSIBLE|PAS\s+POSSIBLE)"
                r"(?=" + _NUMBERED + _ONLY + "|" + _ONLY + ")"), "NON"),
    (re.compile(r"^I\s+(?:CAN\s*T|CANNOT)(?=" + _NUMBERED + _ONLY + "|" + _ONLY + ")"), "NO"),
    # "c'est fait", "rappel fait pour la 2", and with the note as FAIT 12 orienté
    # CCI has it: "c'est fait, orienté CCI"; not "c'est fait pour la prise de
    # rendez-vous", nor "appel fait, répondeur" (the call did not get through).
    (re.compile(r"^(?:OK\s+)?(?:C\s+EST|RAPPEL|APPEL)\s+FAIT(?=" + _NUMBERED + "|" + _ONLY
                + "|" + _ABOUT_SOMETHING_ELSE + _GOT_THROUGH + ")"), "FAIT"),
    # "Appelé, orienté CCI", "appelée ce matin, ...": not "appelé la banque pour
    # lui" (someone else called), "appelé 3 fois" (tries).
    (re.compile(r"^R?APPELEE?(?=" + _NUMBERED + "|" + _ONLY + "|" + _ABOUT_SOMETHING_ELSE
                + r"(?!\s+(?:LA|LE|LES|L|SON|SA|SES|LEUR|LEURS|UN|UNE|MON|MA|MES|PAR|CHEZ)\b)"
                + _GOT_THROUGH + ")"), "FAIT"),
    # "je rends la 1", "je la rends": not "je vous rends compte demain".
    (re.compile(r"^(?:JE\s+(?:LA\s+|LE\s+)?RENDS|I\s+GIVE\s+BACK|GIVE\s+BACK)"
                r"(?=\s+(?:LA\s+|LE\s+)?(?:DEMANDE\s+|REQUEST\s+)?\d|" + _ONLY + ")"), "RENDRE"),
    # The whole message: "je suis en pause déjeuner, je l'appelle à 14h" is a note.
    (re.compile(r"^(?:JE\s+SUIS\s+)?EN\s+PAUSE(?=" + _ONLY + ")"), "PAUSE"),
    # Away until a day: "en vacances jusqu'au 3 janvier", "absent jusqu'au 10",
    # "away until Monday" (dispatch.pause_dates reads the day); not "en
    # vacances" alone, nor "absent jusqu'à 14h, je l'appelle après" (a note).
    (re.compile(_AWAY + r"(?=\s+(?:JUSQU|UNTIL|TILL)\b(?!(?:\s+(?:AU|A|AUX))?\s+\d{1,2}\s*"
                r"(?:H|HEURES?|AM|PM)\b))"), "PAUSE"),
    # Away for a while, and nothing more said: "en vacances pour 2 semaines",
    # "off for a week"; not "absente 2 jours, je la rappelle lundi" (a note).
    (re.compile(_AWAY + r"(?=(?:\s+(?:POUR|FOR|PENDANT|DURANT))?\s+" + SPAN + _ONLY + ")"), "PAUSE"),
    (re.compile(r"^JE\s+SUIS\s+(?:DE\s+NOUVEAU\s+|A\s+NOUVEAU\s+)?(?:DISPO|DISPONIBLE)"
                r"(?=" + _ONLY + ")"), "DISPO"),
)
# "Pas de réponse, elle m'a rappelé ensuite et c'est fait": a failed call in
# words that ended in a call after all reports the call, not a try (not
# "pas de réponse, je rappelle ensuite").
LATER_DONE = re.compile(
    r"\b(?:C EST FAIT|(?:M|L|NOUS) A RAPPELEE?|ON S EST PARLE"
    r"|EU AU (?:TELEPHONE|TEL)|FINALEMENT (?:EU|JOINTE?|REPONDU)|A REPONDU (?:ENSUITE|APRES"
    r"|FINALEMENT|PLUS TARD)|CALLED (?:ME |US )?BACK|GOT THROUGH|REACHED (?:HIM|HER|THEM)"
    r"|SPOKE (?:TO|WITH) (?:HIM|HER|THEM))\b")
# ...unless anything in it says the call still did not happen ("elle m'a rappelé
# mais je n'étais pas dispo", "finalement eu son répondeur", "c'est fait pour
# aujourd'hui, je retente demain").
STILL_FAILED = re.compile(
    r"\b(?:MAIS|SANS|PAS|JAMAIS|N|NE|PERSONNE|AUCUN|AUCUNE|REPONDEUR|MESSAGERIE|REESSAIE"
    r"|RETENTE|RETENTERAI|RAPPELLERAI|REESSAIERAI|DEMAIN|BUT|NEVER|NOT|T|MISSED|YET|AGAIN"
    r"|VOICEMAIL|TOMORROW)\b")
# "OK 12 fait": the call reported with the number first.
NUMBER_THEN_DONE = re.compile(r"^(?:OK|OUI)\s+(\d{1,9})\s+FAIT\b")
# "je ne peux plus, je la rends": giving back said at the end of the message.
GIVE_BACK_IN = re.compile(r"\bJE\s+(?:LA|LE)\s+RENDS(?P<after>(?:\s+\d{1,9})?" + _ONLY + ")")
# "OK 1 2", "OK 1 et 2", "NON 3, 4": the same answer to several offers; a
# coordinator's "PRIS 1 et 2" takes each.
MORE_RE = re.compile(r"^(?:\s+(?:ET|AND)?\s*\d{1,9})+$")
SEVERAL = ("OK", "NON", "RENDRE", "PRIS")
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
    # The number came after words ("ok pour le 12"): it may be a date or an
    # amount, and is taken for a request only if it is one of the sender's.
    loose: bool = False


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


def _in_words(text: str) -> tuple[str, int]:
    """A command written in words, rewritten as the command ("Non joignable 3"
    -> "ECHEC 3", "c'est fait pour la 2" -> "FAIT pour la 2"), and how many
    words of the text its verb stands for (0: not rewritten)."""
    for pattern, verb in PHRASES:
        found = pattern.match(text)
        if found:
            return verb + text[found.end():], len(text[:found.end()].split())
    done = NUMBER_THEN_DONE.match(text)
    if done:   # "OK 12 FAIT": the verb stands for OK and FAIT, 12 is read after it
        return f"FAIT {done[1]}" + text[done.end():], 2
    first = text.split(" ", 1)[0]
    given_back = GIVE_BACK_IN.search(text)
    if given_back and first not in CANONICAL:
        return "RENDRE" + given_back["after"], len(text[:given_back.start("after")].split())
    return text, 0


def _after_words(body: str, count: int) -> str:
    """`body` as written after its first `count` words (words as normalise
    splits them: letters and digits, accents kept), punctuation trimmed."""
    tokens = list(re.finditer(r"[^\W_]+", body or ""))
    if count >= len(tokens):
        return ""
    return body[tokens[count - 1].end():].lstrip(" \t\n:.,;-!?") if count else body.strip()


def parse_command(body: str, strict: bool = False) -> Command | None:
    """A command, or None when the text is not one.

    Coaches write "OK 12 merci" or "Non desole": words after the command are
    kept aside (a note after FAIT), unless `strict` (then the whole text must
    be the command)."""
    text = normalise(body).replace("#", " ").strip()
    text = re.sub(r"\s+", " ", text)
    # "O.K." and "o k" are an OK too (punctuation does not matter); "je prends 4"
    # is a coordinator's PRIS.
    text, joined = re.subn(r"^O K\b", "OK", text)
    text, joined_too = re.subn(r"^JE PRENDS\b", "JEPRENDS", text)
    rewritten, replaced = _in_words(text)
    # "C'est fait ?", "OK 12 fait par un collègue ?" ask; they report nothing.
    asked = (body or "").strip().endswith("?")
    if replaced and asked and (rewritten.startswith("FAIT") or len(text.split()) <= 4):
        rewritten, replaced = text, 0
    text = rewritten
    match = COMMAND_RE.match(text)
    if not match or match["verb"] not in CANONICAL or (strict and match["rest"]):
        return None
    loose = bool(match["filler"] and match["filler"].strip())
    if strict and loose:
        return None   # "Ok pour le 26" from someone else: words, not a command
    number = int(match["n"]) if match["n"] else None
    verb = CANONICAL[match["verb"]]
    lang = "en" if match["verb"] in ENGLISH else ""
    if number is not None and verb in SEVERAL and MORE_RE.match(match["rest"]):
        more = tuple(dict.fromkeys(int(n) for n in re.findall(r"\d+", match["rest"])
                                   if int(n) != number))
        return Command(verb, number, "", more, lang, loose)
    # What follows the command, as written: the words of the body after the
    # ones the command was read from (a verb written in words stands for
    # several; "O K" and "JE PRENDS" were joined into one).
    read = (replaced or 1) + joined + joined_too \
        + len(text[len(match["verb"]):match.start("rest")].split())
    words = _after_words(body, read).strip() if match["rest"] else ""
    if replaced and verb == "NON" and number is None:
        # "Je ne peux pas" is kept whole: with no offer to decline, it is a note
        # on the request held, not that request handed back (coach_commands).
        words = (body or "").strip()
    if verb == "ECHEC" and (replaced or match["verb"] != "ECHEC") \
            and LATER_DONE.search(match["rest"]) and not STILL_FAILED.search(match["rest"]):
        # The whole message is the note: how the call came about.
        return Command("FAIT", number, (body or "").strip()[:2000], lang=lang, loose=loose)
    return Command(verb, number, words[:2000], lang=lang, loose=loose)
