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
    ("Je bosse de 8h à 18h, rappel après", "2026-11-24T10:15:00+01:00", []),
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
]


@pytest.mark.parametrize("text, received, slots", CASES)
def test_negated_and_busy_times_produce_nothing(slots_of, text, received, slots):
    assert slots_of(text, received) == slots


def test_sauf_removes_a_day_from_a_set(slots_of):
    assert slots_of("tous les jours sauf lundi après 17h") == [
        f"2026-{d} 17:00-21:00" for d in ("11-24", "11-25", "11-26", "11-27", "11-28", "11-29")]
