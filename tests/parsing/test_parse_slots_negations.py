"""Negated, busy, past and other events' times produce nothing."""
import pytest

CASES = [
    ("Bonjour, pas le matin svp, plutôt vers 15h.", "2026-10-24T17:05:00+02:00", ["2026-10-25 15:00-16:00"]),
    ("je travaille le matin, appelez moi l'après-midi", "2026-11-24T10:15:00+01:00", ["2026-11-24 14:00-18:00"]),
    ("Le matin c'est impossible, plutôt en fin d'après-midi", "2026-11-24T10:15:00+01:00",
     ["2026-11-24 17:00-19:00"]),
    ("pas dispo jeudi, vendredi ok à 11h", "2026-11-24T10:15:00+01:00", ["2026-11-27 11:00-12:00"]),
    ("pas mercredi, jeudi ok", "2026-11-24T10:15:00+01:00", ["2026-11-26 09:00-18:00"]),
    ("L'audience est jeudi, rappelez moi vendredi", "2026-11-24T10:15:00+01:00", ["2026-11-27 09:00-18:00"]),
    ("Jeudi dernier la banque a appelé. Dispo samedi matin", "2026-11-24T10:15:00+01:00",
     ["2026-11-28 09:00-12:00"]),
    ("ce week-end c'était dur", "2026-11-24T10:15:00+01:00", []),
    ("j'ai rdv à la banque demain à 10h, appelez moi après 14h", "2026-11-24T10:15:00+01:00",
     ["2026-11-24 14:00-21:00"]),
    # the busy hours give nothing; "rappel après" asks for the time after them
    ("Je bosse de 8h à 18h, rappel après", "2026-11-24T10:15:00+01:00", ["2026-11-24 18:00-21:00"]),
    ("Je bosse de 8h à 18h", "2026-11-24T10:15:00+01:00", []),
    ("je dors 3h par nuit depuis 2 semaines, rappel ce soir après 19h", "2026-11-24T10:15:00+01:00",
     ["2026-11-24 19:00-21:00"]),
    ("Cette nuit j'ai pensé à en finir. Appelez moi svp.", "2026-11-26T23:30:00+01:00", []),
    ("pas dispo demain matin, jeudi ok", "2026-11-24T10:15:00+01:00", ["2026-11-26 09:00-18:00"]),
    ("occupé toute la journée demain, rappelez jeudi", "2026-11-24T10:15:00+01:00", ["2026-11-26 09:00-18:00"]),
    ("demain matin impossible, jeudi 10h", "2026-11-24T10:15:00+01:00", ["2026-11-26 10:00-11:00"]),
    ("je suis au travail jusqu'à 17h, appelez après 17h30", "2026-11-24T10:15:00+01:00",
     ["2026-11-24 17:30-21:00"]),
    ("l'huissier passe mardi. Rappel lundi 8h", "2026-11-24T10:15:00+01:00", ["2026-11-30 08:00-09:00"]),
    ("I'm busy on Monday but free on Tuesday morning", "2026-11-24T10:15:00+01:00", ["2026-12-01 09:00-12:00"]),
    # a day opening a statement about the situation is not a callback day
    ("Aujourd'hui je me sens épuisée et seule. Rappel demain tôt le matin.", "2026-12-18T09:00:00+01:00",
     ["2026-12-19 08:00-10:00"]),
    ("Aujourd'hui c'est la catastrophe, la banque a bloqué mon compte. Rappelez moi demain",
     "2026-11-24T10:15:00+01:00", ["2026-11-25 09:00-18:00"]),
    ("j'ai repris l'entreprise de mon père, aujourd'hui je suis épuisé", "2026-11-24T10:15:00+01:00", []),
    ("Ce soir je me sens seul. Rappel demain matin", "2026-11-24T10:15:00+01:00", ["2026-11-25 09:00-12:00"]),
    ("ce matin la banque a bloqué mon compte, rappel demain", "2026-11-24T10:15:00+01:00",
     ["2026-11-25 09:00-18:00"]),
    ("Ce soir je suis dispo", "2026-11-24T10:15:00+01:00", ["2026-11-24 18:00-21:00"]),
    ("Dispo n'importe quand, ce midi c'est l'idéal", "2026-11-27T11:00:00+01:00", ["2026-11-27 12:00-14:00"]),
    ("demain c'est parfait", "2026-11-24T10:15:00+01:00", ["2026-11-25 09:00-18:00"]),
    ("Ce soir je suis seule, appelez moi svp", "2026-11-24T10:15:00+01:00", ["2026-11-24 18:00-21:00"]),
    ("Lundi je suis seul, appelez moi", "2026-11-24T10:15:00+01:00", ["2026-11-30 09:00-18:00"]),
    ("Jeudi on peut se parler", "2026-11-24T10:15:00+01:00", ["2026-11-26 09:00-18:00"]),
    ("Demain j'ai le temps", "2026-11-24T10:15:00+01:00", ["2026-11-25 09:00-18:00"]),
    ("ce matin la banque a bloqué mon compte, appelez moi", "2026-11-24T10:15:00+01:00", []),
    ("Lundi le tribunal a prononcé la liquidation, rappelez moi", "2026-11-24T10:15:00+01:00", []),
    ("Aujourd'hui je suis à bout, rappelez moi", "2026-11-24T10:15:00+01:00", []),
    ("Les fournisseurs me relancent tous les jours. Dispo samedi de 10h à 12h.", "2026-11-24T10:15:00+01:00",
     ["2026-11-28 10:00-12:00"]),
    # the time of the feared act is not a callback time
    ("jai tout perdu, jveux en finir ce soir. rapelez moi", "2026-11-24T10:15:00+01:00", []),
    ("I'm scared I might hurt myself tonight. Please call 06 99 88 77 66", "2026-11-24T10:15:00+01:00", []),
    # a part of the day in a statement about oneself is no window for the call
    ("je n'arrive plus à ouvrir ma boutique le matin. Rappel l'après-midi vers 15h.", "2026-12-01T09:00:00+01:00",
     ["2026-12-01 15:00-16:00"]),
    ("je suis dispo le matin", "2026-11-24T08:00:00+01:00", ["2026-11-24 09:00-12:00"]),
    ("On se parle le soir ?", "2026-11-24T08:00:00+01:00", ["2026-11-24 18:00-21:00"]),
    ("Sorry, can't talk during the day. Evenings only, after 7:30pm.", "2026-12-02T15:00:00+01:00",
     ["2026-12-02 19:30-21:00"]),
    # working hours are busy times
    ("Mes horaires : 6h-14h. Vous pouvez m'appeler l'après-midi après 15h.", "2026-11-24T10:15:00+01:00",
     ["2026-11-24 15:00-18:00"]),
    ("I think about suicide every day since the business failed. Please call me tonight.",
     "2026-11-24T10:15:00+01:00", ["2026-11-24 18:00-21:00"]),
    # ... unless it asks for the call
    ("aujourd'hui je suis libre toute la journée", "2026-11-24T10:15:00+01:00", ["2026-11-24 09:00-18:00"]),
    ("Aujourd'hui je peux jusqu'à 16h", "2026-11-24T10:15:00+01:00", ["2026-11-24 08:00-16:00"]),
    ("Rappelez-moi svp, aujourd'hui.", "2026-11-24T10:15:00+01:00", ["2026-11-24 09:00-18:00"]),
    ("Dispo lundi, mercredi ou vendredi, le matin avant 11h", "2026-11-24T09:00:00+01:00",
     ["2026-11-25 09:00-11:00", "2026-11-27 09:00-11:00", "2026-11-30 09:00-11:00"]),
    # a habit told is not a set of days for the call
    ("je pleure tous les soirs. Rappel ce soir après 19h svp", "2026-11-24T10:15:00+01:00",
     ["2026-11-24 19:00-21:00"]),
    ("je suis dispo tous les soirs", "2026-11-24T18:15:00+01:00",
     [f"2026-{d} 18:00-21:00" for d in ("11-24", "11-25", "11-26", "11-27", "11-28", "11-29", "11-30")]),
    ("je décroche tous les matins avant 10h", "2026-11-24T10:15:00+01:00",
     [f"2026-{d} 09:00-10:00" for d in ("11-25", "11-26", "11-27", "11-28", "11-29", "11-30")]),
    # busy at one's shop or workshop
    ("je suis à l'atelier toute la journée demain, plutôt jeudi", "2026-11-24T10:15:00+01:00",
     ["2026-11-26 09:00-18:00"]),
    ("le matin je suis au marché, plutôt l'après-midi", "2026-11-24T10:15:00+01:00", ["2026-11-24 14:00-18:00"]),
]


@pytest.mark.parametrize("text, received, slots", CASES)
def test_negated_and_busy_times_produce_nothing(slots_of, text, received, slots):
    assert slots_of(text, received) == slots


WEEKDAY_EVENINGS = [f"2026-{d} 18:00-21:00" for d in ("11-24", "11-25", "11-26", "11-27", "11-30")]
INVERTED = [
    # a negated open end is the other one: "je ne peux pas parler avant 18h" is "pas avant 18h"
    ("Je ne peux pas parler avant 18h en semaine", WEEKDAY_EVENINGS),
    ("je ne suis pas dispo avant 14h", ["2026-11-24 14:00-21:00"]),
    ("impossible avant 17h30", ["2026-11-24 17:30-21:00"]),
    ("pas libre avant midi", ["2026-11-24 12:00-21:00"]),
    ("je ne suis pas là avant 20h30", ["2026-11-24 20:30-21:30"]),
    ("pas possible avant 14h", ["2026-11-24 14:00-21:00"]),
    ("I can't talk before 6pm", ["2026-11-24 18:00-21:00"]),
    ("I won't be available before 3pm", ["2026-11-24 15:00-21:00"]),
    ("not available before 3pm tomorrow", ["2026-11-25 15:00-21:00"]),
    ("demain je ne suis pas dispo avant 14h", ["2026-11-25 14:00-21:00"]),
    ("pas dispo demain avant 14h", ["2026-11-25 14:00-21:00"]),
    ("pas dispo demain matin avant 10h", ["2026-11-25 10:00-12:00"]),
    ("je ne suis pas disponible après 17h", ["2026-11-24 08:00-17:00"]),
    # busy until a time: free after it
    ("je travaille jusqu'à 18h, rappelez après", ["2026-11-24 18:00-21:00"]),
    ("je travaille jusqu'à 18h, après c'est bon", ["2026-11-24 18:00-21:00"]),
    ("je bosse jusqu'à 17h", ["2026-11-24 17:00-21:00"]),
    ("I work until 5pm", ["2026-11-24 17:00-21:00"]),
    ("I'm busy until 4pm on Thursday", ["2026-11-26 16:00-21:00"]),
    ("je travaille demain jusqu'à 16h", ["2026-11-25 16:00-21:00"]),
    ("je travaille jusqu'à 18h. Rappelez-moi jeudi.", ["2026-11-26 18:00-21:00"]),
    ("je suis au boulot jusqu'à 18h", ["2026-11-24 18:00-21:00"]),
    ("je suis en réunion jusqu'à 15h, rappelez après", ["2026-11-24 15:00-21:00"]),
    ("I have a meeting until 4pm", ["2026-11-24 16:00-21:00"]),
    # ... which yields to a time the person gives for the call
    ("je travaille jusqu'à 17h, appelez après 17h30", ["2026-11-24 17:30-21:00"]),
    ("je travaille jusqu'à 18h, appelez-moi à 19h", ["2026-11-24 19:00-20:00"]),
    ("je travaille jusqu'à 18h. Rappelez-moi demain à 19h.", ["2026-11-25 19:00-20:00"]),
    # busy from a time says nothing ("dès 6h" would read 18:00), nor does a time excepted
    ("je bosse dès 6h, rappel demain", ["2026-11-25 09:00-18:00"]),
    ("le dépôt de bilan doit être fait avant 18h", []),  # a deadline, not a busy time
    # a plain "avant" is still the window before the time
    ("rappelez-moi avant 18h", ["2026-11-24 08:00-18:00"]),
    ("je peux parler avant 18h", ["2026-11-24 08:00-18:00"]),
    # a busy mark negated is two negations: not read the other way (nothing, as before)
    ("Je ne travaille pas demain après 14h, appelez-moi", []),
    ("Je ne bosse pas demain avant 14h", []),
    ("I don't work after 5pm", []),
]


@pytest.mark.parametrize("text, slots", INVERTED)
def test_a_negated_or_busy_open_end_reads_the_other_way(slots_of, text, slots):
    assert slots_of(text) == slots


def test_sauf_removes_a_day_from_a_set(slots_of):
    assert slots_of("tous les jours sauf lundi après 17h") == [
        f"2026-{d} 17:00-21:00" for d in ("11-24", "11-25", "11-26", "11-27", "11-28", "11-29")]
