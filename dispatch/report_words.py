"""The monthly review's words (French labels of every key) and its stylesheet,
on screen and printed on A4 for the monthly call."""
from __future__ import annotations

from dispatch.texts import LANGUAGE_NAMES

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")
DAYS = {"mon": "lundi", "tue": "mardi", "wed": "mercredi", "thu": "jeudi", "fri": "vendredi",
        "sat": "samedi", "sun": "dimanche"}
TOPICS = {"equilibre": "équilibre personnel", "financier": "finances", "juridique": "juridique",
          "social": "social et salariés", "administratif": "administratif", "rebond": "rebond",
          "unspecified": "non précisé"}
LANGUAGES = LANGUAGE_NAMES
CHANNELS = {"sms": "SMS", "email": "mail"}
OUTCOMES = {
    "contacted_by_deadline": "rappelées dans le délai", "contacted_late": "rappelées en retard",
    "unreachable": "injoignables", "cancelled_by_person": "annulées par la personne",
    "cancelled_by_desk": "annulées par la coordination", "closed_other": "closes sans appel",
    "still_open": "encore ouvertes",
}
ESCALATIONS = {"no_coach": "aucun coach sur tout un tour", "unaccepted": "non acceptée après 6 h",
               "due_soon": "non rappelée 4 h avant l'échéance", "overdue": "échéance dépassée",
               # A crisis's pages, one level each (dispatch.paging).
               "page_1": "crise : appel de l'astreinte", "page_2": "crise : appel du suivant",
               **{f"page_{n}": f"crise : appel de toute la coordination ({n - 2})"
                  for n in range(3, 7)},
               "page_again": "crise : appels répétés après la première heure"}
ORIENTATION_WORDS = {
    "cci": "CCI (conseillers, prévention)", "urssaf": "URSSAF", "impots": "impôts (SIE)",
    "tribunal": "tribunal de commerce, procédures amiables et collectives",
    "credit": "médiation du crédit, Banque de France", "cma": "chambre des métiers",
    "avocat": "avocat", "comptable": "expert-comptable",
    "soutien": "soutien psychologique (APESA, psychologue, médecin)",
    "emploi": "emploi (France Travail, Apec)",
}
FOLLOW_UP_BY = {"cci": "CCI", "association": "association des coachs"}
SECTIONS = {
    "report": "rapport", "period": "période", "received": "demandes reçues",
    "by_topic": "sujet", "by_language": "langue", "by_channel": "canal", "response": "promesse de rappel",
    "offers_per_request": "propositions par demande", "escalations": "alertes",
    "workload": "charge des coachs", "outcomes": "issue", "minutes_to_first_call":
    "délai du premier appel (min)", "crises": "crises", "answers": "réponses apportées",
    "by_partner": "rappelées par partenaire", "follow_up": "suites à donner",
}
KEYS = {
    "month": "mois", "timezone": "fuseau", "start": "début", "end": "fin",
    "generated_at": "produit le", "complete": "mois complet", "total": "total",
    "crisis": "crises", "unclear_messages": "messages incompris", "count": "nombre",
    "of": "sur", "percent": "part (%)", "median": "médiane", "p90": "90e centile",
    "mean": "moyenne", "by_week": "par semaine", "by_weekday": "par jour",
    "by_hour": "par heure", "weeks": "semaines", "from": "du", "to": "au", "days": "jours",
    "partial": "partielle", "contacted_within_24h": "rappelées sous 24 h",
    "contacted_within_deadline": "rappelées dans le délai",
    "minutes_to_acceptance": "délai d'acceptation (min)",
    "minutes_to_contact": "délai de rappel (min)", "coaches_with_requests":
    "coachs ayant accepté", "accepted_per_coach": "demandes acceptées par coach",
    "marked_by_coordinator": "marquées par la coordination",
    "unmarked_by_coordinator": "démarquées par la coordination",
    "minutes_to_first_page": "délai de la première alerte (min)",
    "minutes_to_acknowledgement": "délai de prise en main (min)",
    "minutes_to_coach_call": "délai de l'appel du coach (min)", "called_back": "rappelées",
    "with_note": "avec une note", "orientations": "orientations",
    "follow_up_by": "orientations suivies par", "still_open": "encore ouvertes",
    "none": "sans partenaire", **DAYS, **TOPICS, **LANGUAGES, **CHANNELS, **OUTCOMES, **ESCALATIONS,
    **ORIENTATION_WORDS, **FOLLOW_UP_BY,
}


def label(section: str, key: str) -> str:
    """ "issue : rappelées dans le délai" for ("outcomes", "contacted_by_deadline")."""
    parts = [SECTIONS.get(part, KEYS.get(part, part)) for part in section.split(".")]
    if section.startswith("received.weeks."):
        parts = ["semaine " + section.split(".")[-1].split("-W")[-1]]
    word = KEYS.get(key, key)
    if key.isdigit() and len(key) == 2 and section.endswith("by_hour"):
        word = f"{int(key)}h"
    return " : ".join([*parts, word]) if section != "report" else word


# Scoped to .rappel-report so the fragment can sit inside the dashboard's page.
CSS = """
.rappel-report{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
 color:#1d2428;max-width:60rem}
.rappel-report h1{font-size:1.5rem;margin:0 0 .2rem}
.rappel-report h2{font-size:1.1rem;margin:1.4rem 0 .5rem;border-bottom:1px solid #d5dade;
 padding-bottom:.2rem}
.rappel-report .meta,.rappel-report .note{color:#55616a;font-size:.9rem}
.rappel-report table{border-collapse:collapse;margin:.3rem 0 .8rem}
.rappel-report th,.rappel-report td{border:1px solid #d5dade;padding:.25rem .6rem;
 text-align:left;vertical-align:top}
.rappel-report td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.rappel-report .masked{color:#55616a;font-style:italic}
.rappel-report .cards{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:.6rem}
.rappel-report .card{border:1px solid #d5dade;border-radius:6px;padding:.45rem .7rem}
.rappel-report .card b{display:block;font-size:1.35rem}
.rappel-report .chart-svg{display:block;max-width:100%;height:auto;margin:.3rem 0 .6rem}
.rappel-report section{break-inside:avoid;page-break-inside:avoid}
@media print{
 .rappel-report{max-width:none;font-size:10pt}
 .rappel-report h1{font-size:16pt}
 .rappel-report h2{font-size:12pt;margin-top:10pt;break-after:avoid;page-break-after:avoid}
 .rappel-report .card b{font-size:14pt}
 .rappel-report .chart-svg{max-height:70mm;width:auto}
 .rappel-report a{color:inherit;text-decoration:none}
}
"""
PAGE_CSS = "body{margin:1.5rem auto;max-width:60rem;padding:0 1rem}" \
    "@media print{@page{size:A4;margin:14mm}body{margin:0;max-width:none;padding:0}}"
