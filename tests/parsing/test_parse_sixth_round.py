"""Sixth round: the misses left by the fifth ("à partir de demain", "en fin de semaine"), then the
rules found by the probe set probes_round6.jsonl (written and annotated from the contract before
it was run). Received Tuesday 24 November 2026, 10:15, unless stated."""
from datetime import datetime
from pathlib import Path

import pytest

from dispatch.parsing import parse
from tests.parsing import probes

TUESDAY = "2026-11-24T10:15:00+01:00"
MONDAY = "2026-11-23T10:15:00+01:00"
FRIDAY = "2026-11-27T10:15:00+01:00"
HORIZON_FROM_WEDNESDAY = [f"2026-11-{d} 09:00-18:00" for d in (25, 26, 27, 28, 29, 30)]

# "à partir de demain", "dès jeudi", "from Monday on": an open end of days, as "à partir de 18h" is
# of hours: each day from then on within the horizon (a weekday a week ahead stays, alone). With
# its own window ("dès demain matin") it is that day and window.
FROM_A_DAY_ON = [
    ("dispo à partir de demain", TUESDAY, HORIZON_FROM_WEDNESDAY),
    ("Je suis joignable dès demain", TUESDAY, HORIZON_FROM_WEDNESDAY),
    ("available from tomorrow onwards", TUESDAY, HORIZON_FROM_WEDNESDAY),
    ("joignable à partir de jeudi", TUESDAY, HORIZON_FROM_WEDNESDAY[1:]),
    ("dispo à partir de demain sauf samedi", TUESDAY,
     [s for s in HORIZON_FROM_WEDNESDAY if "-28 " not in s]),
    ("dispo à partir de demain, plutôt le soir", TUESDAY,
     [s.replace("09:00-18:00", "18:00-21:00") for s in HORIZON_FROM_WEDNESDAY]),
    ("je suis dispo dès mardi", TUESDAY, ["2026-12-01 09:00-18:00"]),
    ("rappelez-moi dès demain matin", TUESDAY, ["2026-11-25 09:00-12:00"]),
    ("available from Monday to Friday", TUESDAY,
     ["2026-11-24 09:00-18:00", "2026-11-25 09:00-18:00", "2026-11-26 09:00-18:00",
      "2026-11-27 09:00-18:00", "2026-11-30 09:00-18:00"]),
    ("À partir de demain je ferme la boutique pour 10 jours. Rappel lundi", TUESDAY,
     ["2026-11-30 09:00-18:00"]),
]


@pytest.mark.parametrize("text,received,expected", FROM_A_DAY_ON)
def test_from_a_day_on(slots_of, text, received, expected):
    assert slots_of(text, received) == expected


# "en début de semaine" is Monday and Tuesday, "en milieu de semaine" Wednesday, "en fin de semaine"
# Thursday and Friday: of this week while one of them is still to come after today, else of next
# week; within the horizon, as the other sets of days. "d'ici la fin de la semaine" asks for the
# days up to Friday.
PARTS_OF_THE_WEEK = [
    ("rappel en début de semaine", TUESDAY, ["2026-11-30 09:00-18:00"]),
    ("rappel en début de semaine", MONDAY, ["2026-11-23 09:00-18:00", "2026-11-24 09:00-18:00"]),
    ("rappel en milieu de semaine", TUESDAY, ["2026-11-25 09:00-18:00"]),
    ("rappel en fin de semaine", TUESDAY, ["2026-11-26 09:00-18:00", "2026-11-27 09:00-18:00"]),
    ("rappel en fin de semaine", FRIDAY, ["2026-12-03 09:00-18:00"]),
    ("plutôt en fin de semaine l'après-midi", TUESDAY,
     ["2026-11-26 14:00-18:00", "2026-11-27 14:00-18:00"]),
    ("dispo début de semaine prochaine", "2026-11-27T10:15:00+01:00", ["2026-11-30 09:00-18:00",
                                                                    "2026-12-01 09:00-18:00"]),
    ("call me early next week", TUESDAY, ["2026-11-30 09:00-18:00"]),
    ("call me at the end of the week, in the afternoon", TUESDAY,
     ["2026-11-26 14:00-18:00", "2026-11-27 14:00-18:00"]),
    ("rappelez-moi d'ici la fin de la semaine", TUESDAY,
     ["2026-11-24 09:00-18:00", "2026-11-25 09:00-18:00", "2026-11-26 09:00-18:00",
      "2026-11-27 09:00-18:00"]),
    ("je dois payer d'ici la fin de la semaine", TUESDAY, []),
    ("La fin de semaine dernière a été dure. Rappel demain", TUESDAY, ["2026-11-25 09:00-18:00"]),
]


@pytest.mark.parametrize("text,received,expected", PARTS_OF_THE_WEEK)
def test_parts_of_the_week(slots_of, text, received, expected):
    assert slots_of(text, received) == expected


# The four topics the fifth round left as read, decided from the contract's wording: the need a
# word names, not the body it comes from ("topic: the category of the first problem or need").
UNDECIDED_TOPICS = [
    # a demand to pay is a money need ("banque", "prêt" are the contract's own financier words)
    ("j'ai reçu une mise en demeure de ma banque pour rembourser le prêt sous 8 jours", "financier"),
    ("mise en demeure de mon bailleur de quitter le local", "juridique"),
    # a licence taken away is a permit, as "permis de construire" (administratif)
    ("Taxi. On m'a retiré mon permis et je risque de tout perdre.", "administratif"),
    # URSSAF's formalities not understood are démarches; its debts stay financier
    ("je comprends rien à l'URSSAF, aux déclarations etc.", "administratif"),
    ("j'ai une dette URSSAF de 5000 euros", "financier"),
    # running the business alone, as "tout gérer seul" (equilibre)
    ("Je dois reprendre seul la boite et je n'y arrive pas.", "equilibre"),
]


@pytest.mark.parametrize("text,expected", UNDECIDED_TOPICS)
def test_undecided_topics(parse_at, text, expected):
    assert parse_at(text).topic == expected


# Crisis said indirectly (probes_round6.jsonl: 20 of 35 crises were missed), and the near misses
# written with each family of phrasings.
CRISIS_SAID_INDIRECTLY = [
    ("I've been stockpiling my sleeping pills.", True),
    ("ce serait plus simple si je finissais dans le fossé avec le camion.", True),
    ("Je vais pas faire de bêtise hein, je vous rassure", True),  # negated, still spoken of
    ("elle avait rangé ses affaires et écrit des lettres pour ses enfants", True),
    ("jai regardé combien de cachets il y a dans l armoire", True),
    ("il n'a plus rien à faire sur cette terre", True),
    ("ce soir j'ai écrit une lettre pour eux, au cas où.", True),
    ("Last week I drove to the bridge over the Saône and sat there for an hour.", True),
    ("today he told me he wants to die.", True),
    ("Je vais dire au revoir à ceux que j'aime.", True),
    ("j'ai vérifié si mon assurance-vie paierait quand même si je partais.", True),
    ("Je ne serai plus là à Noël, je l'ai décidé.", True),
    ("j'ai de plus en plus envie de m'arrêter au milieu et de sauter.", True),
    ("I've been giving away my tools and my dog. I won't need them where I'm going.", True),
    ("I keep thinking about driving into a wall on the way home.", True),
    ("Le seul repos que je vois c'est le repos éternel.", True),
    ("je pense à avaler tout ce qu'il y a dans la boîte à pharmacie.", True),
    ("Je ne vois plus qu'une issue, et vous savez laquelle.", True),
    ("Des fois je me dis qu'un accident ça arrangerait tout le monde.", True),
    ("Cette nuit j'étais sur le parapet du viaduc.", True),
    # near misses
    ("je ne vois plus qu'une issue, la liquidation.", False),
    ("j'ai envie de sauter de joie", False),
    ("on va tout faire sauter, envie de tout faire sauter.", False),
    ("un accident de travail ça réglerait rien", False),
    ("l'assurance couvre le vol si je porte plainte", False),
    ("je pourrais racheter mon assurance-vie si je veux", False),
    ("I'm thinking about driving into town tomorrow", False),
    ("je ne serai plus là à mon bureau après 18h", False),
    ("je ne veux pas faire de bêtise avec mon dossier", False),
    ("j'ai vérifié combien de médicaments je dois commander", False),
    ("we are collecting tablets for the school", False),
    ("je vais faire mes adieux à mes clients, je prends ma retraite", False),
    ("I went to the bridge club and sat there for hours", False),
    ("On va tuer la concurrence avec notre nouvelle offre", False),
    ("Ma boîte est en train de mourir à petit feu. Je vais craquer.", False),
    ("C'est la mort dans l'âme que je vais fermer le restaurant", False),
    ("La fermeture de ma librairie m'a tuée. Mais je m'accroche.", False),
    ("I could kill for a day off, honestly.", False),
]


@pytest.mark.parametrize("text,expected", CRISIS_SAID_INDIRECTLY)
def test_crisis_said_indirectly(parse_at, text, expected):
    assert parse_at(text).crisis is expected


# Names: relations named by the sender ("Je suis son père, Alain Bonnet", "I am his mother,
# Fernanda"), "Name's Craig Dawson", "Hiya, Becky", "Mon nom : ..." after a member named with a
# civility ("un de nos adhérents, M. Henri Lacombe" is a third person), "m'appeler, Aurélie".
NAMES = [
    ("Je vous écris pour ma fille Léa Bonnet. Je suis son père, Alain Bonnet. 06 98 87 76 65",
     "Alain Bonnet"),
    ("Please call him, his name is Tiago. I am his mother, Fernanda, +351 912 345 678", "Fernanda"),
    ("I don't know why I'm writing. Name's Craig Dawson. Mobile 07 61 23 45 89.", "Craig Dawson"),
    ("Hiya, Becky from the tearoom 🙂 need advice on a grant", "Becky"),
    ("je vous écris pour un de nos adhérents, M. Henri Lacombe, cordonnier. Mon nom : Françoise "
     "Mathey, 06 70 81 92 03.", "Françoise Mathey"),
    ("c'est pour mon père, M. Roger Blanc. Vous pouvez m'appeler, Aurélie, au 06 35 71 92 48",
     "Aurélie"),
    ("Je suis son neveu, Thierry Giraud.", "Thierry Giraud"),
]


@pytest.mark.parametrize("text,expected", NAMES)
def test_names(parse_at, text, expected):
    assert parse_at(text).name == expected


# A number right after the name of another identifier is that identifier, whatever its shape.
PHONES = [
    ("numéro d'exploitation 0321 4587 96, tél 03 80 64 21 09", ["+33380642109"]),
    ("Facture n° 0612345678 impayée, rappel au 07 22 22 22 22", ["+33722222222"]),
    ("numéro de dossier : 06 12 34 56 78", []),
    ("SIRET 812 345 678 00019, portable 06.32.43.54.65", ["+33632435465"]),
    ("dossier déposé hier, 06 12 34 56 78", ["+33612345678"]),
    ("mon client : 06 12 34 56 78", ["+33612345678"]),
    ("My French mobile is 06 12 34 56 7 8.", ["+33612345678"]),
    ("+44 (0)7700 900888", ["+447700900888"]),
]


@pytest.mark.parametrize("text,expected", PHONES)
def test_numbers_named_otherwise_are_no_phones(parse_at, text, expected):
    assert parse_at(text).phones == expected


TOPICS = [
    ("Good afternoon, I need help for the formalities to hire my nephew.", "administratif"),
    ("Dear team, our biggest client went bankrupt and owes us 40 000 euros.", "financier"),
    ("restaurant ouvert en 2019, clientèle divisée par trois, puis le redressement.", "financier"),
    ("elle a fermé la boutique depuis 10 jours sans prévenir, elle ne répond plus.", None),
    ("Sa boutique est fermée depuis une semaine.", None),
    ("j'ai fermé la boutique, je cherche du travail", "rebond"),
    ("Je me suis ouvert les poignets hier soir. Je ne sais pas comment reprendre le travail.", None),
    ("Depuis la fermeture je voudrais reprendre le travail.", "rebond"),
    ("Ce boulot me tue à petit feu et mon dos aussi. 60h par semaine.", "equilibre"),
    ("I'm dead on my feet, the bakery is killing me", "equilibre"),
    ("I could kill for a day off, honestly. Working every weekend since March.", "equilibre"),
    ("We split up last year and now her lawyer has sent me a formal notice.", "equilibre"),
    ("Mon comptable va me tuer quand il verra mes tickets de caisse, besoin d'aide sur la TVA",
     "administratif"),
    ("Mme Leclerc, auto-école, problème avec un moniteur.", "social"),
    ("La liquidation c'est la fin de 30 ans de ma vie professionnelle. Je ne sais pas quoi faire "
     "maintenant.", "rebond"),
    ("I keep thinking about driving into a wall. Business is gone, house is next.", "rebond"),
    ("Je vais mettre de l'ordre dans mes papiers et dire au revoir à ceux que j'aime.", None),
    ("I've been stockpiling my sleeping pills.", None),
    ("depuis la liquidation je pense souvent à la corde dans la grange", "juridique"),
]


@pytest.mark.parametrize("text,expected", TOPICS)
def test_topics(parse_at, text, expected):
    assert parse_at(text).topic == expected


# Slots: busy places in English ("at the shop till 7", "on a job till 4" are from then on), a day
# right after such an open end stands; "any day but Friday"; "seulement entre 12h et 13h" is no
# duration; getting up, shift starts, habits since a date, events told with a past verb are no
# callback times; "sat" is a verb unless it leads to a day; "chat", "en repos" ask for the call.
WEDNESDAY = "2026-11-25T09:30:00+01:00"
SLOTS = [
    ("I'm at the shop till 7 today, ring me after that on 06 43 21 87 65.", WEDNESDAY,
     ["2026-11-25 19:00-21:00"]),
    ("I'm on a job till 4 today, after that I'm free.", WEDNESDAY, ["2026-11-25 16:00-21:00"]),
    ("Im at the market all day Saturday, otherwise free. Call me whenever except Saturday.",
     WEDNESDAY, []),
    ("any day but Friday, between 10 and 12. Sam", TUESDAY,
     [f"2026-11-{d} 10:00-12:00" for d in (24, 25, 26, 28, 29, 30)]),
    ("Je suis sur les chantiers la journée, joignable seulement entre 12h et 13h, du lundi au "
     "vendredi.", TUESDAY, [f"2026-11-{d} 12:00-13:00" for d in (24, 25, 26, 27, 30)]),
    ("j'ai un chantier énorme qui démarre lundi. Rappel demain.", TUESDAY, ["2026-11-25 09:00-18:00"]),
    ("15 ans que je me lève à 4h pour le pain.", TUESDAY, []),
    ("the bakery is killing me, 5am starts every day. Call me Friday lunchtime?", TUESDAY,
     ["2026-11-27 12:00-14:00"]),
    ("Working every weekend since March. Can someone call me Sunday evening?", WEDNESDAY,
     ["2026-11-29 18:00-21:00"]),
    ("Il a posté ce soir sur Facebook un message d'adieu à ses amis.", TUESDAY, []),
    ("Last week I drove to the bridge and sat there for an hour.", TUESDAY, []),
    ("I'm free fri and sat morning", TUESDAY, ["2026-11-27 09:00-12:00", "2026-11-28 09:00-12:00"]),
    ("Je m'appelle Émilie Garnier. 06 73 84 95 06, le mercredi je suis en repos.", TUESDAY,
     ["2026-11-25 09:00-18:00"]),
    ("Happy to chat any weekday, 10am-12pm.", "2026-11-27T11:00:00+01:00",
     ["2026-11-27 10:00-12:00", "2026-11-30 10:00-12:00", "2026-12-01 10:00-12:00",
      "2026-12-02 10:00-12:00", "2026-12-03 10:00-12:00"]),
]


@pytest.mark.parametrize("text,received,expected", SLOTS)
def test_slots(slots_of, text, received, expected):
    assert slots_of(text, received) == expected


# Ranges and exclusions across days: "pas avant lundi / le 15", "à partir du 14 décembre" (from
# that day on, as "à partir de demain"), "entre jeudi et samedi", "du 30 novembre au 2 décembre",
# "sauf demain" (a day ruled out by its date), "jamais le lundi" between a set and its window,
# "à partir de demain, tous les jours" (the set begins then), the windows written before a list
# and a last day with its own ("de 15h à 17h aujourd'hui ou demain, ou le 26/11 après 18h"), and
# a part of the day after another's verb ("mes employés se battent toute la journée").
SATURDAY_12_DECEMBER = "2026-12-12T10:00:00+01:00"
RANGES_AND_EXCLUSIONS = [
    ("Pas avant le 15 svp, je suis en plein rush.", SATURDAY_12_DECEMBER,
     [f"2026-12-{d} 09:00-18:00" for d in (15, 16, 17, 18)]),
    ("dispo à partir du 14 décembre le matin", SATURDAY_12_DECEMBER,
     [f"2026-12-{d} 09:00-12:00" for d in (14, 15, 16, 17, 18)]),
    ("pas avant lundi svp, je suis en déplacement jusqu'à dimanche.", TUESDAY,
     ["2026-11-30 09:00-18:00"]),
    ("pas avant le 15 à 14h", "2026-11-26T09:00:00+01:00", ["2026-12-15 14:00-15:00"]),
    ("Rappel possible entre jeudi et samedi, pas avant 11h.", TUESDAY,
     [f"2026-11-{d} 11:00-21:00" for d in (26, 27, 28)]),
    ("Dispo du 30 novembre au 2 décembre, le matin.", "2026-11-26T09:00:00+01:00",
     ["2026-11-30 09:00-12:00", "2026-12-01 09:00-12:00", "2026-12-02 09:00-12:00"]),
    ("dispo du 28 au 30/11", "2026-11-26T09:00:00+01:00",
     [f"2026-11-{d} 09:00-18:00" for d in (28, 29, 30)]),
    ("rappel de 14 à 16h", "2026-11-26T09:00:00+01:00", ["2026-11-26 14:00-16:00"]),
    ("Dispo tous les jours sauf demain, de préférence l'après-midi.", "2026-11-26T10:00:00+01:00",
     [f"2026-{d} 14:00-18:00" for d in ("11-26", "11-28", "11-29", "11-30", "12-01", "12-02")]),
    ("Dispo en semaine, mais jamais le lundi, de 18h à 20h.", "2026-11-28T10:00:00+01:00",
     [f"2026-12-0{d} 18:00-20:00" for d in (1, 2, 3, 4)]),
    ("Je suis disponible à partir de demain, tous les jours.", "2026-11-29T10:30:00+01:00",
     ["2026-11-30 09:00-18:00"] + [f"2026-12-0{d} 09:00-18:00" for d in (1, 2, 3, 4, 5)]),
    ("appelez moi de 15h à 17h aujourd'hui ou demain, ou le 26/11 après 18h",
     "2026-11-24T15:15:00+01:00",
     ["2026-11-24 15:00-17:00", "2026-11-25 15:00-17:00", "2026-11-26 18:00-21:00"]),
    ("mes 2 employés se battent toute la journée. rappel vendredi 18h.", TUESDAY,
     ["2026-11-27 18:00-19:00"]),
    ("il est joignable toute la journée demain", TUESDAY, ["2026-11-25 09:00-18:00"]),
]


@pytest.mark.parametrize("text,received,expected", RANGES_AND_EXCLUSIONS)
def test_ranges_and_exclusions(slots_of, text, received, expected):
    assert slots_of(text, received) == expected



# Held-out probes (probes_round6_heldout.jsonl: 11 of 16 crises missed at first) ---------------------
HELD_OUT_CRISIS = [
    ("tonight he said everyone would be better off if he wasn't around.", True),
    ("Dimanche il a dit qu'il aimerait bien aller la rejoindre.", True),
    ("je vais prendre la voiture et aller tout droit dans le platane", True),
    ("elle répète qu'elle ne sera plus là l'an prochain", True),
    ("Elle m'a dit qu'elle stockait ses somnifères « pour le jour où ». Elle est d'accord", True),
    ("he keeps saying that we'd be fine with the life insurance.", True),
    ("J'ai tout préparé pour que ma femme n'ait rien à gérer après. Demain ce sera fini.", True),
    ("Cette nuit j'ai écrit à chacun de mes enfants. Je suis calme maintenant.", True),
    ("Je suis garé au bord de la falaise depuis une heure.", True),
    ("I've written my will and sorted the accounts so my wife won't struggle. I think it's time.",
     True),
    ("je regarde les trains depuis le pont en me disant qu'il suffirait d'un pas. Rappelez-moi", True),
    # near misses
    ("je devrais disparaître quelque temps, partir à l'étranger, recommencer à zéro", False),
    ("je vais la rejoindre à Lyon ce week-end", False),
    ("on va droit dans le mur avec ces charges", False),
    ("on est au bord du gouffre, plus de trésorerie", False),
    ("il suffirait d'un pas de plus pour signer", False),
    ("demain tout sera fini pour le dossier", False),
    ("ma fille garde ses médicaments pour le jour où elle en a besoin", False),
    ("he would be better off if he wasn't so stubborn", False),
    ("I made my will last year for my kids, normal stuff", False),
    ("j'ai écrit à chacun de mes clients pour les prévenir", False),
    ("Je me suis saigné aux quatre veines pour ce restaurant", False),
    ("Je vais me jeter à l'eau : je voudrais créer une deuxième boutique", False),
]


@pytest.mark.parametrize("text,expected", HELD_OUT_CRISIS)
def test_held_out_crisis(parse_at, text, expected):
    assert parse_at(text).crisis is expected


HELD_OUT_SLOTS = [
    ("Evening all. Ring me tomorrow between half 8 and 10 if poss.", "2026-12-02T17:20:00+01:00",
     ["2026-12-03 08:30-10:00"]),
    ("Free any evening next week bar Wednesday.", "2026-12-04T12:30:00+01:00",
     ["2026-12-07 18:00-21:00", "2026-12-08 18:00-21:00", "2026-12-10 18:00-21:00"]),
    ("Mon portable mais le soir je capte mal, donc plutôt le fixe après 19h.",
     "2026-12-01T21:40:00+01:00", ["2026-12-02 19:00-21:00"]),
    ("Dimanche au repas de famille il a dit qu'il aimerait bien partir. Rappel demain.",
     "2026-11-30T08:00:00+01:00", ["2026-12-01 09:00-18:00"]),
    ("je dors dans la voiture devant le resto certains soirs pour pas rentrer.",
     "2026-12-05T23:10:00+01:00", []),
    ("Joignable seulement les après-midis, sauf samedi et dimanche.", "2026-12-02T15:00:00+01:00",
     [f"2026-12-0{d} 14:00-18:00" for d in (2, 3, 4, 7, 8)]),
    ("Vous pouvez les appeler au 03 86 21 32 43, ils sont à la maison tous les après-midi.",
     "2026-12-01T11:00:00+01:00", [f"2026-12-0{d} 14:00-18:00" for d in range(1, 8)]),
    ("pas avant mardi, je suis au salon de l'agriculture jusqu'à lundi soir.",
     "2026-12-03T09:00:00+01:00", ["2026-12-08 09:00-18:00", "2026-12-09 09:00-18:00"]),
    ("les soirs je suis crevé, rappel demain matin", TUESDAY, ["2026-11-25 09:00-12:00"]),
]


@pytest.mark.parametrize("text,received,expected", HELD_OUT_SLOTS)
def test_held_out_slots(slots_of, text, received, expected):
    assert slots_of(text, received) == expected


HELD_OUT_TOPICS_AND_NAMES = [
    ("since Dad left she's been crying every night", "topic", "equilibre"),
    ("Depuis que sa copine l'a quitté il ne vient plus travailler", "topic", "equilibre"),
    ("Business partner left, debts piling up.", "topic", "financier"),
    ("le salon va mal: plus que 3 clientes par jour", "topic", "financier"),
    ("Numéro de TVA intracom FR 12 345678901. Problème de dossier de financement à la banque.",
     "topic", "financier"),
    ("Toujours le même souci avec le proprio du local.", "topic", "juridique"),
    ("my father-in-law, Mr Georges Petit, asked me to write. I am Helen Petit, his "
     "daughter-in-law.", "name", "Helen Petit"),
]


@pytest.mark.parametrize("text,field,expected", HELD_OUT_TOPICS_AND_NAMES)
def test_held_out_topics_and_names(parse_at, text, field, expected):
    assert getattr(parse_at(text), field) == expected



# A fresh check written after the round (16 indirect crises, 8 near misses; 12 crises were missed):
# the same families, their words further apart.
FRESH_CRISIS_CHECK = [
    ("J'ai regardé combien de temps il faut pour se noyer dans le lac derrière la ferme.", True),
    ('Je pense de plus en plus à ne plus être un problème pour personne, définitivement.', True),
    ("J'ai donné mon chien à mon voisin hier, il sera mieux avec lui.", True),
    ("Ce matin j'ai failli lâcher le guidon sur le pont, exprès.", True),
    ('I keep looking up how many of my pills it would take.', True),
    ("My kids will get the insurance money, that's the only thing I can still give them.", True),
    ("Je voudrais m'endormir et qu'on me laisse tranquille pour toujours.", True),
    ("J'ai écrit une lettre à ma fille, elle la trouvera dans le tiroir du bureau.", True),
    ("Le fusil de mon père est dans la grange, j'y pense tous les soirs.", True),
    ('Je ne vois pas comment je serai encore là à Pâques.', True),
    ("I've been standing on the railway bridge for a while now.", True),
    ('Si demain je ne me réveille pas, tant mieux.', True),
    ('Je me suis coupé les bras hier soir pour sentir autre chose.', True),
    ("J'ai tout réglé pour l'enterrement, ma femme n'aura rien à faire.", True),
    ("I don't want to be here anymore. Not the shop, I mean here at all.", True),
    ("Mon associé m'a dit hier qu'il voulait en finir, il ne répond plus depuis.", True),
    ('Je vais tuer le game avec ma nouvelle carte, mais il me faut un prêt.', False),
    ("Cette facture d'électricité va me faire mourir, 900 € ce mois-ci !", False),
    ('Je suis morte de fatigue après le marché de Noël.', False),
    ("On a enterré le projet d'agrandissement, la banque a dit non.", False),
    ("I'm dying to get this loan sorted before Christmas.", False),
    ("J'ai sauté le repas de midi encore une fois, trop de boulot.", False),
    ("Mon comptable m'a achevé avec son bilan.", False),
    ("La boîte est à l'agonie depuis le Covid, il faut que j'en parle à quelqu'un.", False),
    ("ça m'a coupé les bras", False),
    ('combien de temps faut-il pour se noyer dans les dettes', False),
    ('combien de médicaments faut pour la pharmacie', False),
    ('he was sitting on the bridge of the boat', False),
    ("j'ai réglé l'enterrement de mon père la semaine dernière", False),
]


@pytest.mark.parametrize("text,expected", FRESH_CRISIS_CHECK)
def test_fresh_crisis_check(parse_at, text, expected):
    assert parse_at(text).crisis is expected


# The probe sets themselves -------------------------------------------------------------------------
HERE = Path(__file__).resolve().parent
PROBE_SETS = ("probes_round6.jsonl", "probes_round6_heldout.jsonl")





@pytest.mark.parametrize("name", PROBE_SETS)
def test_probe_sets_are_right_in_every_field_at_least_95_percent(name):
    cases = probes.cases(name)
    wrong = [c["id"] for c in cases if not probes.right(c)]
    assert 1 - len(wrong) / len(cases) >= 0.95, f"{name}: wrong {wrong}"


@pytest.mark.parametrize("name", PROBE_SETS)
def test_probe_sets_miss_no_crisis_and_raise_no_false_alarm(name):
    for case in probes.cases(name):
        got = parse(case["text"], datetime.fromisoformat(case["received_at"])).crisis
        assert got is case["expected"]["crisis"], case["id"]
