"""Every SMS text a person receives, in French and English, in one place.

Texts are written to stay in the GSM-7 alphabet (one SMS is 160 characters;
a single character outside it, such as ç, ê, ô, ’ or a non-breaking space,
makes the whole SMS UCS-2 and cuts it to 70). tests/test_texts.py checks this.
"""
from __future__ import annotations

from typing import Any

TEXTS: dict[str, dict[str, str]] = {
    # --- entrepreneurs ---------------------------------------------------
    "ack": {
        "fr": "{hotline}: demande {n} bien recue. Un benevole vous rappellera sous 24h, "
              "en toute confidentialite. Pour annuler: ANNULER.",
        "en": "{hotline}: request {n} received. A volunteer will call you back within 24h, "
              "in confidence. To cancel: reply ANNULER.",
    },
    "ack_later": {
        "fr": "{hotline}: demande {n} bien recue. Un benevole vous rappellera au creneau "
              "demande ({slot}), en toute confidentialite. Pour annuler: ANNULER.",
        "en": "{hotline}: request {n} received. A volunteer will call you back in the slot "
              "you asked for ({slot}), in confidence. To cancel: reply ANNULER.",
    },
    "ack_ask_when": {
        "fr": "{hotline}: demande {n} bien recue. Un benevole vous rappellera sous 24h. "
              "Quand pouvons-nous vous appeler ? (ex: demain 14h-16h)",
        "en": "{hotline}: request {n} received. A volunteer will call you back within 24h. "
              "When can we call you? (e.g. tomorrow 2-4pm)",
    },
    "crisis": {
        "fr": "Vous n'etes pas seul. Appelez maintenant le 3114 (gratuit, 24h/24). "
              "Urgence: 15 ou 112. {hotline} vous rappelle au plus vite (demande {n}).",
        "en": "You are not alone. Call 3114 now (free, 24/7, suicide prevention). "
              "Emergency: 15 or 112. {hotline} will call you back asap (request {n}).",
    },
    "merged": {
        "fr": "Merci, c'est note pour la demande {n}.",
        "en": "Thank you, added to request {n}.",
    },
    "cancelled": {
        "fr": "Votre demande {n} est annulee. Ecrivez-nous a tout moment si besoin.",
        "en": "Your request {n} is cancelled. Text us any time if you need to.",
    },
    "nothing_to_cancel": {
        "fr": "Vous n'avez pas de demande en cours.",
        "en": "You have no request in progress.",
    },
    "opted_out": {
        "fr": "Vous ne recevrez plus de SMS de {hotline}. Pour les recevoir a nouveau: START.",
        "en": "You will receive no more texts from {hotline}. To receive them again: START.",
    },
    "help_entrepreneur": {
        "fr": "{hotline}: ecrivez votre nom, votre numero et quand vous rappeler. "
              "ANNULER: annuler la demande. STOP: ne plus recevoir de SMS. Urgence: 3114.",
        "en": "{hotline}: text your name, number and when to call you. ANNULER: cancel "
              "your request. STOP: no more texts. Emergency: 3114.",
    },
    "empty": {
        "fr": "{hotline}: nous n'avons pas pu lire votre message. Ecrivez en quelques mots "
              "votre nom et quand vous rappeler.",
        "en": "{hotline}: we could not read your message. Please text your name and when "
              "to call you.",
    },
    "tried_to_call": {
        "fr": "Un benevole de {hotline} a essaye de vous appeler (demande {n}). "
              "Il vous rappellera depuis le {coach_number}.",
        "en": "A {hotline} volunteer tried to call you (request {n}). "
              "They will call you again from {coach_number}.",
    },
    # --- coaches ---------------------------------------------------------
    "offer": {
        "fr": "Demande {n}: {first_name}, tel {callback}. Creneaux: {slots}. Sujet: {topic}. "
              "OK {n} pour accepter, NON {n} pour refuser. {link}",
        "en": "Request {n}: {first_name}, tel {callback}. Slots: {slots}. Topic: {topic}. "
              "OK {n} to accept, NO {n} to decline. {link}",
    },
    "accepted": {
        "fr": "Merci ! Demande {n} pour vous. Appelez {first_name} au {callback} ({slots}). "
              "Puis FAIT {n}, ou ECHEC {n} si pas de reponse.",
        "en": "Thank you! Request {n} is yours. Call {first_name} on {callback} ({slots}). "
              "Then DONE {n}, or ECHEC {n} if no answer.",
    },
    "declined": {"fr": "Bien recu, demande {n} proposee a un autre benevole.",
                 "en": "Noted, request {n} goes to another volunteer."},
    "done": {"fr": "Merci pour cet appel ! Demande {n} close cote rappel.",
             "en": "Thank you for the call! Request {n} marked as contacted."},
    "failed_logged": {"fr": "Essai {tries} note pour la demande {n}. La personne est prevenue.",
                      "en": "Attempt {tries} logged for request {n}. The person has been told."},
    "paused": {"fr": "Pause notee: plus d'offres jusqu'a DISPO.",
               "en": "Paused: no more offers until DISPO."},
    "resumed": {"fr": "Bon retour ! Vous recevez a nouveau des offres.",
                "en": "Welcome back! You will receive offers again."},
    "info": {
        "fr": "Demande {n} ({status}): {first_name}, tel {callback}. Creneaux: {slots}. "
              "Sujet: {topic}. Echeance {deadline}.",
        "en": "Request {n} ({status}): {first_name}, tel {callback}. Slots: {slots}. "
              "Topic: {topic}. Due {deadline}.",
    },
    "too_late": {"fr": "Trop tard: la demande {n} n'est plus proposee. Merci quand meme !",
                 "en": "Too late: request {n} is no longer offered to you. Thank you anyway!"},
    "request_cancelled": {"fr": "La demande {n} a ete annulee par la personne. Rien a faire.",
                          "en": "Request {n} was cancelled by the person. Nothing to do."},
    "request_cancelled_by_desk": {"fr": "La demande {n} a ete annulee par la coordination. Rien a faire.",
                                  "en": "Request {n} was cancelled by the coordinators. Nothing to do."},
    "withdrawn": {"fr": "La coordination a repris la demande {n}: vous n'avez plus a rappeler. Merci !",
                  "en": "The coordinators took back request {n}: no need to call. Thank you!"},
    "not_yours": {"fr": "La demande {n} ne vous est pas attribuee.",
                  "en": "Request {n} is not assigned to you."},
    "which_request": {"fr": "Precisez le numero de demande: {verb} {numbers}.",
                      "en": "Please give the request number: {verb} {numbers}."},
    "no_request": {"fr": "Aucune demande en attente de votre part.",
                   "en": "No request is waiting for you."},
    "new_text": {"fr": "Demande {n}, nouveau message de {first_name}: {text}",
                 "en": "Request {n}, new message from {first_name}: {text}"},
    "reminder": {"fr": "Rappel: demande {n} ({first_name}, {callback}) a rappeler avant {deadline}. "
                       "FAIT {n} une fois l'appel passe.",
                 "en": "Reminder: request {n} ({first_name}, {callback}) is due by {deadline}. "
                       "DONE {n} once called."},
    "help_coach": {
        "fr": "OK n: accepter. NON n: refuser. FAIT n: appel fait. ECHEC n: pas de reponse. "
              "INFO n: details. PAUSE / DISPO: stopper / reprendre les offres.",
        "en": "OK n: accept. NO n: decline. DONE n: called. ECHEC n: no answer. "
              "INFO n: details. PAUSE / DISPO: stop / resume offers.",
    },
    "unknown_sender": {"fr": "Commande reservee aux benevoles de {hotline}.",
                       "en": "This command is for {hotline} volunteers only."},
    # --- coordinators ----------------------------------------------------
    "help_coordinator": {
        "fr": "{hotline}: les alertes arrivent ici. Tableau de bord: {url}",
        "en": "{hotline}: alerts arrive here. Dashboard: {url}",
    },
    "alert_crisis": {"fr": "URGENT crise: demande {n} ({first_name}, {callback}). Le 3114 lui a ete donne. "
                           "Appelez au plus vite.", "en": ""},
    "alert_no_coach": {"fr": "Alerte: demande {n}, plus aucun benevole disponible. Echeance {deadline}.",
                       "en": ""},
    "alert_unaccepted": {"fr": "A risque: demande {n} non acceptee 6h apres reception. Echeance {deadline}.",
                         "en": ""},
    "alert_due_soon": {"fr": "A risque: demande {n} pas encore rappelee, echeance {deadline}. "
                             "Benevole: {coach}.", "en": ""},
    "alert_overdue": {"fr": "EN RETARD: demande {n} non rappelee dans les 24h. Benevole: {coach}.",
                      "en": ""},
    "alert_attempts": {"fr": "Demande {n}: {tries} essais d'appel sans reponse ({coach}).", "en": ""},
    "alert_flood": {"fr": "Le numero {number} envoie plus de 10 SMS en 10 min: plus de reponses "
                          "automatiques.", "en": ""},
    "alert_undeliverable": {"fr": "SMS impossible a remettre au {number} (erreur {code}).{about}", "en": ""},
    "alert_send_failed": {"fr": "SMS non envoye au {number} apres {tries} essais.{about}",
                          "en": ""},
    "summary": {"fr": "{hotline} {date}: en retard {overdue}; a risque {at_risk}.", "en": ""},
    "alert_purge_tomorrow": {"fr": "Demain, les demandes {numbers} seront closes et leurs données "
                                   "effacées: aucune activité pendant toute la durée de "
                                   "conservation. Une action sur l'une d'elles la maintient.",
                             "en": ""},
}

TOPIC_WORDS = {
    "fr": {"equilibre": "equilibre", "financier": "financier", "juridique": "juridique",
           "social": "social", "administratif": "administratif", "rebond": "rebond", None: "-"},
    "en": {"equilibre": "wellbeing", "financier": "finance", "juridique": "legal",
           "social": "staff", "administratif": "paperwork", "rebond": "next step", None: "-"},
}

STATUS_WORDS = {
    "open": "en attente", "offered": "proposee", "accepted": "acceptee",
    "contacted": "rappelee", "closed": "close", "cancelled": "annulee",
}


def text(key: str, lang: str = "fr", **values: Any) -> str:
    """The text `key` in `lang` (French when there is no such translation)."""
    variants = TEXTS[key]
    template = variants.get(lang) or variants["fr"]
    return template.format(**values).strip()


def topic_word(topic: str | None, lang: str = "fr") -> str:
    return TOPIC_WORDS.get(lang, TOPIC_WORDS["fr"]).get(topic, topic or "-")
