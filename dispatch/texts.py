"""Every text a person receives, in French and English, in one place.

French is written with the accents GSM-7 carries (é è à ù É Ç) and reworded
around those it lacks (ç ê â î ô û œ ’, the non-breaking space): a single
such character makes the whole SMS UCS-2 and cuts it to 70 characters.
Texts address people without assuming their gender, and speak of volunteers
as "l'équipe" or by first name. Coordinators read French only.
tests/test_texts.py checks the alphabet, the accents and the segments.
"""
from __future__ import annotations

import re
from typing import Any

ENTREPRENEURS: dict[str, dict[str, str]] = {
    "ack": {
        "fr": "{hotline} : demande {n} bien enregistrée. Notre équipe bénévole vous rappelle "
              "sous 24 h, en toute confidentialité. Pour annuler, répondez ANNULER",
        "en": "{hotline}: request {n} received. One of our volunteers will call you back within "
              "24 hours, in confidence. To cancel, reply ANNULER",
    },
    "ack_later": {
        "fr": "{hotline} : demande {n} bien enregistrée, rappel {slot}, en toute "
              "confidentialité. Pour annuler, répondez ANNULER",
        "en": "{hotline}: request {n} received. A volunteer will call you {slot}, in "
              "confidence. To cancel, reply ANNULER",
    },
    "ack_ask_when": {
        "fr": "{hotline} : demande {n} bien enregistrée, rappel sous 24 h. Quand pouvons-nous "
              "vous appeler ? Répondez par exemple : demain 14h-16h",
        "en": "{hotline}: request {n} received, we will call you back within 24 hours. When "
              "can we call you? Reply for example: tomorrow 2-4pm",
    },
    "crisis": {
        "fr": "Vous pouvez appeler le 3114 maintenant, jour et nuit, gratuitement. Urgence : "
              "15 ou 112. Nous vous rappelons au plus vite (demande {n}, {hotline}).",
        "en": "You can call 3114 now, day and night, free (suicide prevention). Emergency: "
              "15 or 112. We will call you back very soon (request {n}, {hotline}).",
    },
    # The crisis answer while the database is away (channels.twilio.offline):
    # no request number yet, the request is opened once it is back.
    "crisis_offline": {
        "fr": "Vous pouvez appeler le 3114 maintenant, jour et nuit, gratuitement. Urgence : "
              "15 ou 112. Nous avons votre message et vous rappelons au plus vite.",
        "en": "You can call 3114 now, day and night, free (suicide prevention). Emergency: "
              "15 or 112. We have your message and will call you back very soon.",
    },
    "crisis_again": {
        "fr": "Nous avons bien votre message (demande {n}) : la coordination est prévenue et "
              "vous rappelle au plus vite. En attendant : 3114, jour et nuit, gratuit.",
        "en": "We have your message (request {n}): our coordinators know and will call you "
              "very soon. Meanwhile: 3114, day and night, free.",
    },
    # A crisis a coordinator took in hand (PRIS): whoever follows it knows;
    # 3114 meanwhile.
    "crisis_again_held": {
        "fr": "Nous avons votre message (demande {n}) : la personne qui suit votre demande est "
              "prévenue et vous rappelle au plus vite. En attendant : 3114, jour et nuit.",
        "en": "We have your message (request {n}): the person handling your request knows and "
              "will call you very soon. Meanwhile: 3114, day and night, free.",
    },
    "merged": {
        "fr": "Merci, c'est noté pour la demande {n}.",
        "en": "Thank you, added to request {n}.",
    },
    # Other times: said back, so that a misread one ("demain" written at 02:00)
    # can be put right.
    "merged_slot": {
        "fr": "Merci, c'est noté pour la demande {n} : nous vous rappelons {slot}.",
        "en": "Thank you, added to request {n}: we will call you {slot}.",
    },
    "cancel_confirm": {
        "fr": "Pour annuler votre demande {n}, répondez ANNULER. Sinon, rien ne change : "
              "notre équipe vous rappelle comme prévu.",
        "en": "To cancel request {n}, reply ANNULER. Otherwise nothing changes: our team will "
              "call you back as planned.",
    },
    "chased_early": {
        "fr": "C'est noté (demande {n}) : notre équipe vous rappelle au plus tard {deadline}. "
              "Si cela ne va pas : 3114, jour et nuit.",
        "en": "Noted (request {n}): our team will call you back by {deadline} at the latest. "
              "If you are struggling: 3114, day and night, free.",
    },
    "chased": {
        "fr": "{hotline} : pardon pour l'attente (demande {n}). La coordination est prévenue et "
              "vous rappelle {soon}. Si cela ne va pas : 3114, jour et nuit.",
        "en": "{hotline}: sorry for the wait (request {n}). Our coordinators know and will call "
              "you {soon}. If you are struggling: 3114, day and night, free.",
    },
    "number_added": {
        "fr": "{hotline} : merci, ce numéro est ajouté à votre demande {n} envoyée par mail. "
              "Notre équipe bénévole vous rappelle, en toute confidentialité.",
        "en": "{hotline}: thank you, this number is added to your request {n} sent by e-mail. "
              "One of our volunteers will call you back, in confidence.",
    },
    "cancelled": {
        "fr": "Votre demande {n} est annulée. Écrivez-nous à tout moment si besoin.",
        "en": "Your request {n} is cancelled. Text us any time if you need to.",
    },
    "nothing_to_cancel": {
        "fr": "Vous n'avez pas de demande en cours.",
        "en": "You have no request in progress.",
    },
    "opted_out": {
        "fr": "Vous ne recevrez plus de SMS de {hotline}. Pour les recevoir à nouveau : START",
        "en": "You will receive no more texts from {hotline}. To receive them again: START",
    },
    "opted_in": {
        "fr": "Vous recevrez à nouveau les SMS de {hotline}. Pour ne plus les recevoir : STOP",
        "en": "You will receive texts from {hotline} again. To stop them: STOP",
    },
    "help_entrepreneur": {
        "fr": "{hotline} : écrivez votre prénom, votre numéro et quand vous rappeler. "
              "ANNULER : annuler la demande. STOP : ne plus recevoir de SMS. Urgence : 3114",
        "en": "{hotline}: text your name, number and when to call you. ANNULER: cancel "
              "your request. STOP: no more texts. Emergency: 3114",
    },
    "empty": {
        "fr": "{hotline} : nous n'avons pas pu lire votre message. Écrivez en quelques mots "
              "votre prénom et quand vous rappeler.",
        "en": "{hotline}: we could not read your message. Please text your name and when "
              "to call you.",
    },
    "unclear": {
        "fr": "{hotline} : nous n'avons pas compris votre message. De quoi avez-vous besoin ? "
              "Écrivez votre prénom, le sujet et quand vous rappeler. Urgence : 3114",
        "en": "{hotline}: we could not understand your message. What do you need? Text your "
              "name, what it is about and when to call you. Emergency: 3114",
    },
    "tried_to_call": {
        "fr": "{hotline} : notre équipe a essayé de vous appeler (demande {n}). Nous "
              "réessaierons. Vous pouvez répondre avec un moment qui vous convient.",
        "en": "{hotline}: our team tried to call you (request {n}). We will try again. You can "
              "reply with a time that suits you.",
    },
    "better_time": {
        "fr": "{hotline} : nous n'avons pas réussi à vous joindre (demande {n}). Répondez avec "
              "un moment qui vous convient, par exemple : demain 14h-16h",
        "en": "{hotline}: we could not reach you (request {n}). Reply with a time that suits "
              "you, for example: tomorrow 2-4pm",
    },
    # Sent only when the coordinator who closes, cancels or reopens a request
    # ticks "prévenir la personne" on the form, which shows this very text.
    "closed_notice": {
        "fr": "{hotline} : votre demande {n} est close. Si vous avez encore besoin d'aide, "
              "écrivez-nous à tout moment.",
        "en": "{hotline}: your request {n} is now closed. If you still need help, text us any "
              "time.",
    },
    "unreachable_notice": {
        "fr": "{hotline} : nous n'avons pas réussi à vous joindre, la demande {n} est close. "
              "Écrivez-nous à tout moment avec un moment qui vous convient.",
        "en": "{hotline}: we could not reach you, so request {n} is closed. Text us any time "
              "with a time that suits you.",
    },
    "cancelled_notice": {
        "fr": "{hotline} : votre demande {n} a été annulée par notre équipe. Si vous avez "
              "encore besoin d'aide, écrivez-nous à tout moment.",
        "en": "{hotline}: your request {n} was cancelled by our team. If you still need help, "
              "text us any time.",
    },
    "reopened_notice": {
        "fr": "{hotline} : votre demande {n} est à nouveau ouverte. Notre équipe bénévole vous "
              "rappelle, en toute confidentialité.",
        "en": "{hotline}: your request {n} is open again. One of our volunteers will call you "
              "back, in confidence.",
    },
}

COACHES: dict[str, dict[str, str]] = {
    "offer": {
        "fr": "Demande {n} : {first_name}, tél. {callback}. Créneaux : {slots}. Sujet : {topic}. "
              "Appel avant {deadline}. OK {n} pour accepter, NON {n} pour refuser. {link}",
        "en": "Request {n}: {first_name}, tel {callback}. Slots: {slots}. Topic: {topic}. "
              "Call by {deadline}. OK {n} to accept, NO {n} to decline. {link}",
    },
    # The deadline passed before anyone could take it: "call before" a past day
    # would read as a mistake.
    "offer_late": {
        "fr": "Demande {n} : {first_name}, tél. {callback}. Créneaux : {slots}. Sujet : {topic}. "
              "En retard (échéance {deadline}) : appel au plus vite. OK {n} pour accepter, "
              "NON {n} pour refuser. {link}",
        "en": "Request {n}: {first_name}, tel {callback}. Slots: {slots}. Topic: {topic}. "
              "Overdue (deadline {deadline}): call as soon as you can. OK {n} to accept, NO {n} "
              "to decline. {link}",
    },
    "offer_crisis": {
        "fr": "URGENT - détresse, risque suicidaire évoqué - 3114 donné - appeler {within}. "
              "Demande {n} : {first_name}, tél. {callback}. OK {n} pour accepter. {link}",
        "en": "URGENT - distress, suicide risk mentioned - 3114 given - call {within}. "
              "Request {n}: {first_name}, tel {callback}. OK {n} to accept. {link}",
    },
    "confirm_give_back": {
        "fr": "Noté sur la demande {n}. Pour la rendre à l'équipe, répondez RENDRE {n}.",
        "en": "Noted on request {n}. To give it back to the team, reply NO {n}.",
    },
    "done_after_close": {
        "fr": "Merci ! La demande {n} avait été close par la coordination : votre appel est "
              "noté sur sa fiche.",
        "en": "Thank you! Request {n} had been closed by the coordinators: your call is noted "
              "on its page.",
    },
    "accepted_late": {
        "fr": "Merci ! Demande {n} pour vous, en retard (échéance {deadline}) : appelez "
              "{first_name} au {callback} (créneaux : {slots}) au plus vite. Puis FAIT {n}, ou "
              "ECHEC {n} "
              "sans réponse.",
        "en": "Thank you! Request {n} is yours, overdue (deadline {deadline}): call "
              "{first_name} on {callback} (slots: {slots}) as soon as you can. Then DONE {n}, or "
              "ECHEC {n} if no answer.",
    },
    "accepted": {
        "fr": "Merci ! Demande {n} pour vous. Appelez {first_name} au {callback} (créneaux : "
              "{slots}) avant {deadline}. Puis FAIT {n}, ou ECHEC {n} sans réponse.",
        "en": "Thank you! Request {n} is yours. Call {first_name} on {callback} (slots: "
              "{slots}) by {deadline}. Then DONE {n}, or ECHEC {n} if no answer.",
    },
    # Accepted by a coach whose own windows leave no time to call before the
    # deadline (a late OK, a coordinator's choice): said now, while they read.
    "accepted_outside": {
        "fr": "Merci ! Demande {n} pour vous. Appelez {first_name} au {callback} (créneaux : "
              "{slots}) avant {deadline}, hors de vos disponibilités : si vous ne pouvez pas, "
              "RENDRE {n} tout de suite. Puis FAIT {n}, ou ECHEC {n} sans réponse.",
        "en": "Thank you! Request {n} is yours. Call {first_name} on {callback} (slots: "
              "{slots}) by {deadline}, outside your availability: if you cannot, reply NO {n} "
              "now. Then DONE {n}, or ECHEC {n} if no answer.",
    },
    "accepted_crisis": {
        "fr": "Merci ! Demande {n} pour vous : personne en détresse, risque suicidaire évoqué, "
              "le 3114 lui a été donné. Appelez {first_name} au {callback} {within}. "
              "Puis FAIT {n}.",
        "en": "Thank you! Request {n} is yours: a person in distress who spoke of suicide; "
              "3114 was given. Call {first_name} on {callback} {within}. Then DONE {n}.",
    },
    # A late OK from a coach who has max_active requests in hand meanwhile.
    "accept_full": {"fr": "Merci ! Vous avez atteint votre maximum de demandes en cours "
                          "({count}) : la demande {n} sera proposée à une autre personne.",
                    "en": "Thank you! You have reached your maximum of requests in hand "
                          "({count}): request {n} goes to another volunteer."},
    "already_yours": {"fr": "La demande {n} est déjà à vous. Détails : INFO {n}",
                      "en": "Request {n} is already yours. Details: INFO {n}"},
    "taken": {"fr": "Merci ! La demande {n} a été acceptée par une autre personne de "
                    "l'équipe : rien à faire.",
              "en": "Thank you! Request {n} was taken by another volunteer: nothing to do."},
    "declined": {"fr": "C'est noté, la demande {n} sera proposée à une autre personne.",
                 "en": "Noted, request {n} goes to another volunteer."},
    "declined_away": {"fr": "C'est noté, la demande {n} sera proposée à une autre personne. "
                            "Indisponible un moment ? PAUSE, puis DISPO au retour.",
                      "en": "Noted, request {n} goes to another volunteer. Away for a while? "
                            "PAUSE, then DISPO when back."},
    "declined_all_away": {"fr": "C'est noté, les demandes {numbers} seront proposées à "
                                "d'autres personnes. Indisponible un moment ? PAUSE, puis DISPO au "
                                "retour.",
                          "en": "Noted, requests {numbers} go to other volunteers. Away for a "
                                "while? PAUSE, then DISPO when back."},
    "given_back": {"fr": "C'est noté, vous rendez la demande {n} : elle sera proposée à une "
                         "autre personne. Merci de l'avoir dit.",
                   "en": "Noted, you gave back request {n}: it goes to another volunteer. "
                         "Thank you for telling us."},
    "done": {"fr": "Merci pour cet appel ! La demande {n} est notée comme rappelée.",
             "en": "Thank you for the call! Request {n} is marked as called back."},
    "done_noted": {"fr": "Merci pour cet appel ! La demande {n} est notée comme rappelée, "
                         "avec votre note.",
                   "en": "Thank you for the call! Request {n} is marked as called back, "
                         "with your note."},
    "noted": {"fr": "Note ajoutée à la demande {n}. Merci !",
              "en": "Note added to request {n}. Thank you!"},
    "failed_logged": {"fr": "Essai {tries} noté pour la demande {n}. La personne est prévenue.",
                      "en": "Attempt {tries} logged for request {n}. The person has been told."},
    "failed_limit": {"fr": "Essai {tries} noté pour la demande {n}. La coordination décide de "
                           "la suite ; elle ne compte plus dans vos demandes en cours.",
                     "en": "Attempt {tries} logged for request {n}. The coordinators will decide "
                           "what next; it no longer counts among your requests."},
    "paused": {"fr": "Pause notée : plus de propositions jusqu'à DISPO.",
               "en": "Paused: no more offers until DISPO."},
    "resumed": {"fr": "Bon retour ! Vous recevez à nouveau des propositions.",
                "en": "Welcome back! You will receive offers again."},
    # "PAUSE jusqu'au 4 janvier" (dispatch.pauses): the last day away, said back.
    "paused_until": {"fr": "Pause notée jusqu'au {day} inclus : plus de propositions d'ici là. "
                           "DISPO pour revenir avant.",
                     "en": "Paused until {day} inclusive: no offers until then. DISPO to come "
                           "back sooner."},
    # "PAUSE 2h", "PAUSE jusqu'à 18h" (dispatch.pauses): the hour it ends, said
    # back, with its day when it is not today.
    "paused_hours": {"fr": "Pause notée jusqu'à {hour} : plus de propositions d'ici là. "
                           "DISPO pour revenir avant.",
                     "en": "Paused until {hour}: no offers until then. DISPO to come back sooner."},
    "paused_hours_tomorrow": {"fr": "Pause notée jusqu'à demain {hour} : plus de propositions "
                                    "d'ici là. DISPO pour revenir avant.",
                              "en": "Paused until {hour} tomorrow: no offers until then. DISPO "
                                    "to come back sooner."},
    "paused_hours_day": {"fr": "Pause notée jusqu'au {day} à {hour} : plus de propositions d'ici "
                               "là. DISPO pour revenir avant.",
                         "en": "Paused until {hour} on {day}: no offers until then. DISPO to "
                               "come back sooner."},
    "pause_date_past": {"fr": "Le {day} est déjà passé : rien n'a changé. Écrivez par exemple "
                              "PAUSE jusqu'au 4/01, ou PAUSE sans date (jusqu'à DISPO).",
                        "en": "{day} has already passed: nothing changed. Write for example "
                              "PAUSE until 4 Jan, or PAUSE with no date (until DISPO)."},
    "pause_date_unclear": {"fr": "Date non comprise : rien n'a changé. Écrivez par exemple PAUSE "
                                 "jusqu'au 4/01, jusqu'à lundi ou jusqu'à 18h, ou PAUSE sans date "
                                 "(jusqu'à DISPO).",
                           "en": "Date not understood: nothing changed. Write for example PAUSE "
                                 "until 4 Jan, until Monday or until 6pm, or PAUSE with no date "
                                 "(until DISPO)."},
    "pause_still_yours": {"fr": "Toujours à vous : {held}. Appelez avant la pause, ou RENDRE "
                                "suivi du numéro : une autre personne rappellera.",
                          "en": "Still yours: {held}. Call before your break, or RENDRE and the "
                                "number: another volunteer will call."},
    # "PAUSE 0 jours", "PAUSE 2 ans", "PAUSE 100h" (dispatch.pause_dates.LONGEST,
    # dispatch.pause_hours.LONGEST).
    "pause_duration_refused": {"fr": "Durée non acceptée : rien n'a changé. Par exemple PAUSE 2h "
                                     "(72h au plus), PAUSE 2 semaines (6 mois au plus), ou PAUSE "
                                     "sans date (jusqu'à DISPO).",
                               "en": "Length not accepted: nothing changed. For example PAUSE 2h "
                                     "(72h at most), PAUSE 2 weeks (6 months at most), or PAUSE "
                                     "with no date (until DISPO)."},
    # The morning after the last day of a dated pause (dispatch.pauses.end_due).
    "pause_over": {"fr": "Bon retour ! Votre pause est finie : vous recevez à nouveau des "
                         "propositions. Besoin d'une autre pause ? PAUSE.",
                   "en": "Welcome back! Your pause is over: you will receive offers again. "
                         "Need another break? PAUSE."},
    "info": {
        "fr": "{urgent}Demande {n} ({status}) : {first_name}, tél. {callback}. Créneaux : "
              "{slots}. Sujet : {topic}. Échéance {deadline}.",
        "en": "{urgent}Request {n} ({status}): {first_name}, tel {callback}. Slots: {slots}. "
              "Topic: {topic}. Due {deadline}.",
    },
    "too_late": {"fr": "La demande {n} a déjà été prise par une autre personne de l'équipe. "
                       "Merci d'avoir répondu !",
                 "en": "Request {n} was already taken by another volunteer. Thank you anyway!"},
    "request_cancelled": {"fr": "La demande {n} a été annulée par la personne. Rien à faire.",
                          "en": "Request {n} was cancelled by the person. Nothing to do."},
    "request_cancelled_by_desk": {"fr": "La demande {n} a été annulée par la coordination. "
                                        "Rien à faire.",
                                  "en": "Request {n} was cancelled by the coordinators. "
                                        "Nothing to do."},
    "withdrawn": {"fr": "La coordination a repris la demande {n} : vous n'avez plus à "
                        "rappeler. Merci !",
                  "en": "The coordinators took back request {n}: no need to call. Thank you!"},
    "not_yours": {"fr": "La demande {n} ne vous est pas attribuée.",
                  "en": "Request {n} is not assigned to you."},
    # FAIT 2 from a coach who holds 1: the number mistyped, most likely.
    "not_yours_held": {"fr": "La demande {n} ne vous est pas attribuée. Demandes que vous "
                             "suivez : {verb} {numbers}",
                       "en": "Request {n} is not assigned to you. Requests you have: "
                             "{verb} {numbers}"},
    "which_request": {"fr": "Précisez le numéro de demande : {verb} {numbers}",
                      "en": "Please give the request number: {verb} {numbers}"},
    "no_request": {"fr": "Aucune demande en attente de votre part.",
                   "en": "No request is waiting for you."},
    "new_text": {"fr": "Demande {n}, nouveau message de {first_name} : {text}",
                 "en": "Request {n}, new message from {first_name}: {text}"},
    "new_text_crisis": {
        "fr": "URGENT demande {n} : {first_name} écrit un message de détresse (risque "
              "suicidaire évoqué), 3114 donné. Appelez dans l'heure au {callback}, sinon "
              "RENDRE {n} tout de suite. Message : {text}",
        "en": "URGENT request {n}: {first_name} wrote in distress (suicide risk mentioned), "
              "3114 given. Call within the hour on {callback}, or reply NO {n} now. "
              "Message: {text}"},
    # The person's new text when it changes the times of a request a coach
    # holds: the times and deadline now, and the way out if they do not suit.
    "new_slot": {"fr": "Demande {n}, nouveau message de {first_name} : {text} Créneaux : "
                       "{slots}. Nouvelle échéance {deadline}. RENDRE {n} si vous ne pouvez "
                       "pas.",
                 "en": "Request {n}, new message from {first_name}: {text} Slots: {slots}. "
                       "New deadline {deadline}. NO {n} if you cannot make it."},
    # The same when the deadline stays (more times, the first ones unchanged).
    "new_slot_same": {"fr": "Demande {n}, nouveau message de {first_name} : {text} Créneaux : "
                            "{slots}. Échéance inchangée, {deadline}. RENDRE {n} si vous ne "
                            "pouvez pas.",
                      "en": "Request {n}, new message from {first_name}: {text} Slots: "
                            "{slots}. Deadline unchanged, {deadline}. NO {n} if you cannot "
                            "make it."},
    "reminder": {"fr": "Rappel : demande {n} ({first_name}, {callback}) à rappeler avant "
                       "{deadline}. FAIT {n} une fois l'appel passé.",
                 "en": "Reminder: request {n} ({first_name}, {callback}) is due by {deadline}. "
                       "DONE {n} once called."},
    "help_coach": {
        "fr": "OK n : accepter. NON n : refuser ou rendre. FAIT n : appel fait. ECHEC n : pas "
              "de réponse. INFO n : détails. PAUSE [2h ou 4/01] / DISPO : stop / reprise.",
        "en": "OK n: accept. NO n: decline or give back. DONE n: called. ECHEC n: no answer. "
              "INFO n: details. PAUSE [2h or 4 Jan] / DISPO: stop / resume offers.",
    },
    "not_understood_coach": {
        "fr": "Message non compris. OK n, NON n, FAIT n, ECHEC n, INFO n, PAUSE, DISPO.",
        "en": "Not understood. OK n, NO n, DONE n, ECHEC n, INFO n, PAUSE, DISPO.",
    },
    "retry_asked": {
        "fr": "Demande {n} : la coordination vous demande de réessayer d'appeler {first_name} "
              "au {callback}, avant {deadline}. Puis FAIT {n}, ou ECHEC {n} sans réponse.",
        "en": "Request {n}: the coordinators ask you to try calling {first_name} again on "
              "{callback}, by {deadline}. Then DONE {n}, or ECHEC {n} if no answer."},
    "coach_inactive": {
        "fr": "Vous ne faites plus partie des coachs actifs : la coordination confie les "
              "demandes à d'autres. Merci pour votre aide !",
        "en": "You are no longer on the active volunteers' list: the coordinators give "
              "requests to others. Thank you for your help!"},
    # A coach relaying danger about the person they call (dispatch.danger_words):
    # what to do now, and that the one on call knows.
    "danger_relayed": {
        "fr": "Merci de l'avoir dit. Demande {n} en urgence : la coordination d'astreinte est "
              "alertée. Danger immédiat : 15 ou 112. Sinon, donnez-lui le 3114.",
        "en": "Thank you for telling us. Request {n} is urgent now: the on-call coordinator "
              "is alerted. Immediate danger: 15 or 112. Otherwise, give them 3114."},
    # A coach's own distress, or danger about nobody we can name: a person first.
    "coach_distress": {
        "fr": "Merci de nous l'écrire. Appelez le 3114, jour et nuit, gratuit. Urgence : 15 "
              "ou 112. La coordination d'astreinte est prévenue et va vous appeler.",
        "en": "Thank you for telling us. Call 3114 (suicide prevention), day and night, free. "
              "Emergency: 15 or 112. The on-call coordinator knows and will call you."},
    "unknown_sender": {"fr": "Commande réservée à l'équipe bénévole de {hotline}.",
                       "en": "This command is for {hotline} volunteers only."},
}

# Coordinators read French. Alert texts are lines: dispatch.alerts puts one
# or several in an SMS with the hotline's name and the request's link.
COORDINATORS: dict[str, dict[str, str]] = {
    "nothing_to_take": {"fr": "Demande {n} ({status}) : plus rien à prendre en main."},
    # FAIT n: the coordinator who made the call says so (as the desk's "rappelée"),
    # or the request stays open and offered to coaches.
    "not_understood_coordinator": {
        "fr": "Message non compris. PRIS n pour prendre une demande en main, FAIT n une fois "
              "l'appel passé, INFO n : détails. {url}",
    },
    "help_coordinator": {
        "fr": "{hotline} : PRIS n pour prendre une demande en main, FAIT n une fois l'appel "
              "passé, INFO n : détails. Tableau de bord : {url}",
    },
    # ECHEC n from a coordinator: the call tried, nobody answered.
    "tried_noted": {"fr": "Demande {n} : appel sans réponse noté, la personne est prévenue. "
                          "Réessayez, puis FAIT {n} une fois l'appel passé."},
    "taken_ok": {"fr": "Demande {n} : vous la prenez en main, les alertes ne vont plus qu'à "
                       "vous. FAIT {n} une fois l'appel passé. {request_url}"},
    # A coach accepted it and will call: said, or the person may get two calls.
    "taken_ok_coach": {"fr": "Demande {n} : vous la prenez en main. Déjà acceptée par {coach} "
                             "(coach), qui va appeler. {request_url}"},
    # The same after taken_over_ok, or among several taken.
    "taken_coach_on_it": {"fr": "Demande {n} déjà acceptée par {coach} (coach), qui va "
                                "appeler."},
    "contacted_ok": {"fr": "Demande {n} notée rappelée, merci. Plus d'alertes ni de "
                           "propositions aux coachs à son sujet."},
    "contacted_already": {"fr": "Demande {n} déjà {status} : rien de plus à noter."},
    # PRIS 1 2: one reply, what was taken, then a line for each one not (this,
    # nothing_to_take, not_a_request).
    "taken_several": {"fr": "Vous prenez en main : {numbers}."},
    "taken_several_other": {"fr": "Demande {n} déjà prise en main par {who} (tél. {mobile})."},
    # Two coordinators must not both phone a person in crisis: who has it, and
    # how to reach them.
    "taken_by_other": {"fr": "Demande {n} : déjà prise en main par {who} {when} (tél. "
                             "{mobile}). INFO {n} pour ses détails."},
    "taken_over_ok": {"fr": "Demande {n} : vous la prenez en main. {who} l'avait prise {when} ; "
                            "un SMS le lui dira."},
    "alert_taken_over": {"fr": "demande {n} : reprise en main par {who} à votre place. Si vous "
                               "aviez déjà appelé la personne, dites-le-lui."},
    "alert_crisis_taken": {"fr": "demande {n} (détresse) : prise en main par {who}, rien à "
                                 "faire pour vous."},
    "alert_crisis_taken_open": {"fr": "demande {n} (détresse) : prise en main par {who} ; pas "
                                      "encore notée rappelée, la personne de permanence suit."},
    "not_a_request": {"fr": "La demande {n} n'existe pas. Vérifiez le numéro."},
    "page": {
        "fr": "URGENT {hotline} : demande {n}, personne en détresse (risque suicidaire évoqué), "
              "3114 donné. {first_name}, tél. {callback}. {taken}Répondez PRIS {n} ou : {link}",
    },
    # The person wrote again after a whole ladder of pages nobody answered.
    "page_again": {
        "fr": "URGENT {hotline} : demande {n}, la personne en détresse (risque suicidaire "
              "évoqué, 3114 donné) a écrit à nouveau. {first_name}, tél. {callback}. "
              "{taken}Répondez PRIS {n} ou : {link}",
    },
    "page_coach_on_it": {"fr": "Coach sur la demande : {coach}, appel pas encore fait."},
    # A page past the crisis hour: nobody answered the ones before.
    "page_waiting": {"fr": "Premier appel {when}, toujours sans réponse."},
    "info_taken": {"fr": "Prise en main par {who}."},
    "info_tries": {"fr": "Coach sur la demande : {coach}, {tries} appels sans réponse, "
                         "à décider par la coordination."},
    "info_called_by": {"fr": "Rappelée par {coach} (FAIT)."},
    "info_not_taken": {"fr": "Personne ne l'a prise en main : PRIS {n} pour la prendre."},
    "page_call": {
        "fr": "Ici Rappel, pour {hotline}. Urgence : la demande {n} vient d'une personne en "
              "détresse qui a évoqué le suicide. Le 3114 lui a été donné. Pour la prendre en "
              "charge, appuyez sur 1.",
    },
    "page_call_again": {
        "fr": "Ici Rappel, pour {hotline}. Urgence : la personne en détresse de la demande {n} "
              "a écrit à nouveau. Elle a évoqué le suicide. Le 3114 lui a été donné. Pour la "
              "prendre en charge, appuyez sur 1.",
    },
    "page_call_taken": {"fr": "Merci. La demande {n} est à vous. Les détails sont sur le "
                              "tableau de bord et par SMS. Au revoir."},
    "page_call_no_key": {"fr": "Pas de touche appuyée. La demande {n} attend toujours "
                               "quelqu'un. Au revoir."},
    "alert_take": {"fr": "PRIS {n} pour la prendre en main."},
    "alert_more": {"fr": "et {count} autre(s)"},
    "alert_more_request": {"fr": "aussi : demande {numbers}"},
    "alert_more_requests": {"fr": "aussi : demandes {numbers}"},
    # Several requests in one SMS: how to take one of them in hand (PRIS n, as AIDE says).
    "alert_take_one": {"fr": "PRIS n pour en prendre une en main."},
    "alert_take_named": {"fr": "PRIS {n} pour prendre la demande {n} en main."},
    # {take}: one of the two above and a space, or nothing.
    "alert_digest": {"fr": "{hotline} : {count} alertes. {lines}. {take}{link}"},
    # "Nobody accepted after a round of all coaches" read as "everyone refused".
    "alert_round_over": {"fr": "demande {n} : proposée à chaque coach possible, pas encore "
                               "acceptée (échéance {deadline})."},
    "alert_no_coach_in_time": {"fr": "demande {n} : aucun coach ne peut rappeler dans ses "
                                     "créneaux d'ici l'échéance ({deadline}) : proposée à qui le "
                                     "peut ensuite."},
    "alert_no_coach": {"fr": "demande {n} : aucun coach disponible, à confier à quelqu'un "
                             "(échéance {deadline})."},
    "alert_no_coach_language": {"fr": "demande {n} : la personne a écrit en {language} et "
                                      "aucun coach actif ne le parle, à confier à quelqu'un "
                                      "(échéance {deadline})."},
    # Counted from the first offer: "proposée depuis 6 heures" read as offered right
    # now, when its coaches may all have said no hours ago.
    "alert_unaccepted": {"fr": "demande {n} pas encore acceptée, plus de 6 heures après le "
                               "début des propositions (échéance {deadline})."},
    "alert_due_soon": {"fr": "demande {n} pas encore rappelée, échéance {deadline} "
                             "(coach : {coach})."},
    "alert_crisis_overdue": {"fr": "URGENT demande {n}, personne en détresse : l'heure est "
                                   "passée ({deadline}) et personne n'a encore rappelé "
                                   "(coach : {coach})."},
    # At the end of quiet hours, to each coordinator paged in them, if nobody took it.
    "alert_crisis_unanswered": {"fr": "URGENT demande {n}, personne en détresse, en attente "
                                      "depuis {since} : aucun appel de la nuit n'a eu de "
                                      "réponse."},
    # To the one who took a crisis in hand, at once whatever the hour, when its
    # hour runs out with no call noted: a PRIS at 03:14 may have been half asleep.
    "alert_crisis_held_overdue": {"fr": "URGENT demande {n} (détresse), prise par vous : "
                                        "heure passée ({deadline}), aucun appel noté. "
                                        "Appelez {first_name} au {callback}, puis FAIT {n}."},
    # A coach accepted it and noted no call either: the holder asks the coach
    # first, rather than a second person calling someone in distress unawares.
    "alert_crisis_held_coach": {"fr": "URGENT demande {n} (détresse), prise par vous : "
                                      "heure passée ({deadline}), {coach} l'a acceptée sans "
                                      "noter d'appel. Voyez avec ce coach au {mobile}."},
    "alert_crisis_taken_overdue": {"fr": "demande {n} (détresse), prise en main par {who} : "
                                         "pas notée rappelée, échéance passée {deadline}."},
    "alert_overdue": {"fr": "demande {n} EN RETARD, échéance passée {deadline} "
                            "(coach : {coach})."},
    "alert_attempts": {"fr": "demande {n} : {tries} appels sans réponse ({coach}), échéance "
                             "{deadline}. Votre choix : réessayer, autre coach ou clore "
                             "(injoignable)."},
    # The person was told the coordination calls them back ("chased"): said, or
    # nobody knows the promise is theirs to keep.
    "alert_chase": {"fr": "demande {n} : la personne relance ({text}), échéance {deadline}. "
                          "On lui a promis votre rappel."},
    # After the coach's 3 calls in vain the person was asked for a better time: it
    # is the coordinators' to decide with (spec 5), not the coach's alone.
    "alert_new_time": {"fr": "demande {n} : après {tries} appels sans réponse ({coach}), la "
                             "personne propose {slots}."},
    # A person in a crisis someone took in hand wrote again: sent at once, at any hour.
    "alert_crisis_wrote": {"fr": "URGENT demande {n} (détresse), prise en main par {who} : la "
                                 "personne a réécrit ({text}). INFO {n} : ses coordonnées."},
    # A coach relayed words of danger about a request already a crisis, or
    # already called back (dispatch.danger_words): sent at once, at any hour.
    "alert_danger_relayed": {"fr": "URGENT demande {request} : {coach} (coach, {mobile}) transmet "
                                   "des mots de danger ({text})."},
    # A coach's own distress, or danger about nobody named: someone calls them.
    "alert_coach_distress": {"fr": "URGENT : {coach} (coach) écrit des mots de danger ({text}). "
                                   "Appelez au plus vite le {mobile}."},
    # A coordinator's own distress: a person first. With no other
    # coordinator to tell, the 3114 alone.
    "coordinator_distress": {"fr": "Vous pouvez appeler le 3114 maintenant, jour et nuit, "
                                   "gratuitement : des personnes formées écoutent. Urgence : 15 "
                                   "ou 112."},
    # {who}: the colleague alerted (alert_coordinator_distress).
    "coordinator_distress_told": {"fr": "Vous pouvez appeler le 3114 maintenant, jour et nuit, "
                                        "gratuit. Urgence : 15 ou 112. Nous avons demandé à "
                                        "{who} de vous appeler."},
    # To the colleague: who needs a call, never what they wrote (confidential).
    "alert_coordinator_distress": {"fr": "URGENT, confidentiel : {who} (coordination) a écrit "
                                         "un message de détresse et a besoin de parler, 3114 "
                                         "donné. Appelez au plus vite le {mobile}."},
    "alert_also_chased": {"fr": "La personne a relancé, on lui a promis votre rappel."},
    "alert_not_called": {"fr": "demande {n} : la personne de la demande {old}, marquée faite "
                               "par {who}, dit ne pas avoir été rappelée. Échéance {deadline}."},
    "alert_not_called_closed": {"fr": "demande {n} : la personne de la demande {old}, {how}, "
                                      "dit ne pas avoir été rappelée. Échéance {deadline}."},
    "alert_flood": {"fr": "le numéro {number} envoie plus de 10 SMS en 10 minutes : plus de "
                          "réponses automatiques."},
    "alert_flood_mail": {"fr": "l'adresse {number} envoie plus de 20 mails en 10 minutes : "
                               "plus de réponses automatiques."},
    "alert_undeliverable": {"fr": "SMS impossible à remettre au {number} (erreur {code})."},
    "alert_send_failed": {"fr": "SMS non envoyé au {number} après {tries} essais."},
    "alert_purge_tomorrow": {"fr": "les demandes {numbers} seront closes et effacées demain, "
                                   "sans activité depuis la durée de conservation."},
    # {overdue}: requests_named(), "demande 4" or "demandes 1 (détresse), 4 et 7".
    "summary": {"fr": "{hotline}, {date}, en retard : {overdue}. {url}"},
}

TEXTS: dict[str, dict[str, str]] = {**ENTREPRENEURS, **COACHES, **COORDINATORS}

# What a person who wrote by e-mail receives: a mail, not an SMS, so full
# French typography (ç, ê, n°, the non-breaking space is still avoided) and
# the shape of a letter: a greeting, a few short paragraphs, the hotline's
# name. `mail()` adds the greeting and the signature. The keys are the SMS
# texts' (dispatch.conversation.Answer), plus the ones for a request still
# waiting for a number to call.
_ASK_NUMBER = {
    "fr": "Pour qu'une personne de notre équipe bénévole puisse vous appeler, nous avons "
          "besoin de votre numéro de téléphone : répondez à ce mail en l'indiquant, ou "
          "envoyez un SMS au {line} en écrivant votre adresse mail ({address}).",
    "en": "So that one of our volunteers can call you, we need your phone number: reply to "
          "this e-mail with it, or text {line} with your e-mail address ({address}).",
}
# Said to a person not in crisis: the crisis answer has already given 3114.
_ONLY_THEN = {
    "fr": " Sans lui, nous ne pouvons pas organiser l'appel.",
    "en": " Without it, we cannot arrange the call.",
}
_CANCEL_HOW = {
    "fr": "Pour annuler, répondez simplement ANNULER.",
    "en": "To cancel, simply reply CANCEL.",
}
_EMERGENCY = {
    "fr": "Si cela ne va pas du tout, appelez le 3114, jour et nuit, gratuitement. "
          "Urgence : 15 ou 112.",
    "en": "If things are really bad, call 3114 (suicide prevention), day and night, free. "
          "Emergency: 15 or 112.",
}
MAILS: dict[str, dict[str, str]] = {
    "ack": {
        "fr": "Nous avons bien reçu votre message : votre demande porte le n° {n}.\n\n"
              "Notre équipe bénévole vous rappelle sous 24 heures au {callback}, en toute "
              "confidentialité.\n\n" + _CANCEL_HOW["fr"],
        "en": "We have received your message: your request number is {n}.\n\n"
              "One of our volunteers will call you back within 24 hours on {callback}, in "
              "confidence.\n\n" + _CANCEL_HOW["en"],
    },
    "ack_later": {
        "fr": "Nous avons bien reçu votre message : votre demande porte le n° {n}.\n\n"
              "Notre équipe bénévole vous rappelle au {callback}, {slot}, en toute "
              "confidentialité.\n\n" + _CANCEL_HOW["fr"],
        "en": "We have received your message: your request number is {n}.\n\n"
              "One of our volunteers will call you on {callback}, {slot}, in confidence.\n\n"
              + _CANCEL_HOW["en"],
    },
    "ack_ask_when": {
        "fr": "Nous avons bien reçu votre message : votre demande porte le n° {n}.\n\n"
              "Notre équipe bénévole vous rappelle sous 24 heures au {callback}. Quand "
              "pouvons-nous vous appeler ? Répondez à ce mail, par exemple : demain entre 14 h "
              "et 16 h.\n\n" + _CANCEL_HOW["fr"],
        "en": "We have received your message: your request number is {n}.\n\n"
              "One of our volunteers will call you back within 24 hours on {callback}. When "
              "can we call you? Reply to this e-mail, for example: tomorrow 2-4pm.\n\n"
              + _CANCEL_HOW["en"],
    },
    "ack_ask_number": {
        "fr": "Nous avons bien reçu votre message : votre demande porte le n° {n}.\n\n"
              + _ASK_NUMBER["fr"] + _ONLY_THEN["fr"]
              + "\n\nVous pouvez aussi nous dire quand vous appeler, par "
              "exemple : demain entre 14 h et 16 h.\n\n" + _CANCEL_HOW["fr"],
        "en": "We have received your message: your request number is {n}.\n\n"
              + _ASK_NUMBER["en"] + _ONLY_THEN["en"]
              + "\n\nYou can also tell us when to call you, for example: "
              "tomorrow 2-4pm.\n\n" + _CANCEL_HOW["en"],
    },
    "crisis": {
        "fr": "Vous pouvez appeler le 3114 maintenant, jour et nuit, gratuitement : des "
              "personnes formées vous écoutent. En cas d'urgence, appelez le 15 ou le 112.\n\n"
              "Nous avons bien reçu votre message (demande n° {n}) et notre coordination est "
              "prévenue : nous vous rappelons au plus vite{at_callback}.",
        "en": "You can call 3114 now, day and night, free: trained people will listen "
              "(suicide prevention). In an emergency, call 15 or 112.\n\n"
              "We have received your message (request {n}) and our coordinators know: we will "
              "call you back very soon{at_callback}.",
    },
    "crisis_ask_number": {
        "fr": "Vous pouvez appeler le 3114 maintenant, jour et nuit, gratuitement : des "
              "personnes formées vous écoutent. En cas d'urgence, appelez le 15 ou le 112.\n\n"
              "Nous avons bien reçu votre message (demande n° {n}) et notre coordination est "
              "prévenue. " + _ASK_NUMBER["fr"],
        "en": "You can call 3114 now, day and night, free: trained people will listen "
              "(suicide prevention). In an emergency, call 15 or 112.\n\n"
              "We have received your message (request {n}) and our coordinators know. "
              + _ASK_NUMBER["en"],
    },
    "crisis_again": {
        "fr": "Nous avons bien votre message (demande n° {n}) : la coordination est prévenue "
              "et vous rappelle au plus vite.\n\n" + _EMERGENCY["fr"],
        "en": "We have your message (request {n}): our coordinators know and will call you "
              "very soon.\n\n" + _EMERGENCY["en"],
    },
    "crisis_again_held": {
        "fr": "Nous avons bien votre message (demande n° {n}) : la personne qui suit votre "
              "demande est prévenue et vous rappelle au plus vite.\n\n" + _EMERGENCY["fr"],
        "en": "We have your message (request {n}): the person handling your request knows and "
              "will call you very soon.\n\n" + _EMERGENCY["en"],
    },
    "merged": {
        "fr": "Merci, votre message est ajouté à la demande n° {n}.",
        "en": "Thank you, your message is added to request {n}.",
    },
    "merged_slot": {
        "fr": "Merci, votre message est ajouté à la demande n° {n} : nous vous rappelons "
              "{slot}.",
        "en": "Thank you, your message is added to request {n}: we will call you {slot}.",
    },
    "merged_ask_number": {
        "fr": "Merci, votre message est ajouté à la demande n° {n}.\n\n" + _ASK_NUMBER["fr"]
              + _ONLY_THEN["fr"],
        "en": "Thank you, your message is added to request {n}.\n\n" + _ASK_NUMBER["en"]
              + _ONLY_THEN["en"],
    },
    "number_added": {
        "fr": "Merci, nous avons votre numéro ({callback}) pour la demande n° {n}. Notre "
              "équipe bénévole vous rappelle, en toute confidentialité.",
        "en": "Thank you, we have your number ({callback}) for request {n}. One of our "
              "volunteers will call you back, in confidence.",
    },
    "chased_early": {
        "fr": "C'est noté (demande n° {n}) : notre équipe vous rappelle au plus tard "
              "{deadline}.\n\n" + _EMERGENCY["fr"],
        "en": "Noted (request {n}): our team will call you back by {deadline} at the "
              "latest.\n\n" + _EMERGENCY["en"],
    },
    "chased": {
        "fr": "Pardon pour l'attente (demande n° {n}). Notre coordination est prévenue et "
              "vous rappelle {soon}.\n\n" + _EMERGENCY["fr"],
        "en": "Sorry for the wait (request {n}). Our coordinators know and will call you "
              "{soon}.\n\n" + _EMERGENCY["en"],
    },
    "tried_to_call": {
        "fr": "Une personne de notre équipe a essayé de vous appeler au {callback} pour votre "
              "demande n° {n}, sans réussir à vous joindre. Nous réessaierons.\n\nVous pouvez "
              "répondre à ce mail en indiquant un moment qui vous convient, ou un autre numéro.",
        "en": "One of our volunteers tried to call you on {callback} about your request {n}, "
              "but could not reach you. We will try again.\n\nYou can reply to this e-mail "
              "with a time that suits you, or another number.",
    },
    "better_time": {
        "fr": "Nous n'avons pas réussi à vous joindre au {callback} (demande n° {n}).\n\n"
              "Répondez à ce mail avec un moment qui vous convient, par exemple : demain entre "
              "14 h et 16 h, ou avec un autre numéro.",
        "en": "We could not reach you on {callback} (request {n}).\n\nReply to this e-mail "
              "with a time that suits you, for example: tomorrow 2-4pm, or with another number.",
    },
    "cancelled": {
        "fr": "Votre demande n° {n} est annulée. Écrivez-nous à tout moment si besoin.",
        "en": "Your request {n} is cancelled. Write to us any time if you need to.",
    },
    "nothing_to_cancel": {
        "fr": "Vous n'avez pas de demande en cours.",
        "en": "You have no request in progress.",
    },
    "cancel_confirm": {
        "fr": "Pour annuler votre demande n° {n}, répondez à ce mail avec uniquement le mot ANNULER. "
              "Sinon, rien ne change : notre équipe vous rappelle comme prévu.",
        "en": "To cancel request {n}, reply to this e-mail with the single word CANCEL. "
              "Otherwise nothing changes: our team will call you back as planned.",
    },
}
MAIL_SUBJECT = {"fr": "Votre demande n° {n} – {hotline}", "en": "Your request {n} – {hotline}"}
# Answering the person's own mail: their subject, so their mail program
# threads it, with the request's number.
MAIL_REPLY_SUBJECT = {"fr": "Re: {subject} – demande n° {n}", "en": "Re: {subject} – request {n}"}
MAIL_GREETING = {"fr": "Bonjour,", "en": "Hello,"}
MAIL_SIGNATURE = {"fr": "L'équipe de {hotline}", "en": "The {hotline} team"}


def mail(key: str, lang: str = "fr", **values: Any) -> tuple[str, str]:
    """The subject and body of the mail `key` in `lang` (French when there is
    no such translation): a greeting, the text, the hotline's signature."""
    lang = lang if lang in MAIL_GREETING else "fr"
    variants = MAILS[key]
    middle = (variants.get(lang) or variants["fr"]).format(**values).strip()
    signature = MAIL_SIGNATURE[lang].format(**values)
    subject = MAIL_SUBJECT[lang].format(**values) if "n" in values else str(values["hotline"])
    return subject, f"{MAIL_GREETING[lang]}\n\n{middle}\n\n{signature}\n"

# A person's language, named in French for the coordinators (alerts, desk, report).
LANGUAGE_NAMES = {"fr": "français", "en": "anglais"}
LANGUAGE_NAMES_EN = {"fr": "French", "en": "English"}

TOPIC_WORDS = {
    "fr": {"equilibre": "équilibre personnel", "financier": "finances", "juridique": "juridique",
           "social": "social et salariés", "administratif": "administratif",
           "rebond": "rebond", None: "non précisé"},
    "en": {"equilibre": "wellbeing", "financier": "finance", "juridique": "legal",
           "social": "staff", "administratif": "paperwork", "rebond": "next step",
           None: "not given"},
}

STATUS_WORDS = {
    "fr": {"open": "en attente", "offered": "proposée", "accepted": "acceptée",
           "contacted": "rappelée", "closed": "close", "cancelled": "annulée"},
    "en": {"open": "waiting", "offered": "offered", "accepted": "accepted",
           "contacted": "called back", "closed": "closed", "cancelled": "cancelled"},
}


def and_list(items: list[Any], lang: str = "fr") -> str:
    """"4, 2 et 7" (or "4, 2 and 7")."""
    words = [str(i) for i in items]
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {'and' if lang == 'en' else 'et'} {words[-1]}"


def requests_named(numbers: list[int], crises: set[int]) -> str:
    """"demande 4", "demandes 1 (détresse), 4 et 7": requests named so that a
    number is not read as a count, crises first and said as such (as the
    alerts say them)."""
    ordered = [n for n in numbers if n in crises] + [n for n in numbers if n not in crises]
    words = [f"{n} (détresse)" if n in crises else str(n) for n in ordered]
    return f"{'demandes' if len(words) > 1 else 'demande'} {and_list(words)}"


def text(key: str, lang: str = "fr", **values: Any) -> str:
    """The text `key` in `lang` (French when there is no such translation)."""
    variants = TEXTS[key]
    template = variants.get(lang) or variants["fr"]
    return _ONE_STOP.sub(r"\1", template.format(**values)).strip()


# A value that ends its own sentence ("Ça va patron ?", an alert's text) before
# the template's period: one mark, not "?." or "..". An ellipsis stays whole.
_ONE_STOP = re.compile(r"(?<!\.)([?!.])\.(?=\s|$)")


def topic_word(topic: str | None, lang: str = "fr") -> str:
    return TOPIC_WORDS.get(lang, TOPIC_WORDS["fr"]).get(topic, topic or "-")


def status_word(status: str, lang: str = "fr") -> str:
    return STATUS_WORDS.get(lang, STATUS_WORDS["fr"]).get(status, status)


def reply_subject(theirs: str, lang: str = "fr", **values: Any) -> str:
    """"Re: " and their subject, with the request number unless it is there already."""
    lang = lang if lang in MAIL_GREETING else "fr"
    subject = re.sub(r"^\s*((re|aw|sv|tr|réf|ref)\s*:\s*)+", "", theirs, flags=re.I).strip()
    n = values.get("n")
    if n is None or re.search(rf"\b{n}\b", subject):
        return f"Re: {subject}"
    return MAIL_REPLY_SUBJECT[lang].format(subject=subject, n=n)
