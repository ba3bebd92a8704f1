"""Rules added after a probe set of SMS written and annotated from the contract before they were
run (spellings, relative days, names, topics, crisis idioms): one table per rule. Received
Tuesday 24 November 2026, 10:15, unless stated."""
import pytest

# "dem" is "demain" in SMS; "dans 2 jours" counts from today ("dans 1 jour" stays vague).
RELATIVE_DAYS = [
    ("rappelez moi dem aprem stp", ["2026-11-25 14:00-18:00"]),
    ("+33612345670 c moi Jo, rappel dem matin", ["2026-11-25 09:00-12:00"]),
    ("Rappel dem 11h. Hervé", ["2026-11-25 11:00-12:00"]),
    ("Rappel dans 2 jours à 10h. Nathan", ["2026-11-26 10:00-11:00"]),
    ("rappelez moi dans trois jours", ["2026-11-27 09:00-18:00"]),
    ("call me in 2 days please", ["2026-11-26 09:00-18:00"]),
    ("l'audience est dans 3 jours, rappel demain", ["2026-11-25 09:00-18:00"]),
]


@pytest.mark.parametrize("text,expected", RELATIVE_DAYS)
def test_relative_days(slots_of, text, expected):
    assert slots_of(text) == expected


# "c moi Lucie", "cé Jess": "c'est moi" and "c'est" in SMS spelling introduce the sender.
NAMES = [
    ("coucou c moi Lucie, la fleuriste, je suis épuisée", "Lucie"),
    ("+33612345670 c moi Jo, rappel dem matin", "Jo"),
    ("slt cé Jess, j'ai plus 1 rond", "Jess"),
    ("Ce Mardi je suis dispo. Paul", "Paul"),
]


@pytest.mark.parametrize("text,expected", NAMES)
def test_names(parse_at, text, expected):
    assert parse_at(text).name == expected


TOPICS = [
    # overwork said with "tuer", in any form of the verb
    ("Je vais me tuer à la tâche avec ce boulot, 70h par semaine.", "equilibre"),
    # the liquidator is the procedure's
    ("Rappel lundi. Soucis avec le liquidateur.", "juridique"),
    # a liquidation pronounced is a closure: what comes next is the need
    ("Le tribunal a prononcé la liquidation lundi dernier. Je dois trouver du travail.", "rebond"),
    # English: no work, no customers, said with "haven't had"
    ("I'm a translator and I haven't had work in months.", "financier"),
    ("I haven't had any customers since June", "financier"),
    # a body that "sent" a letter is no referral: "l'URSSAF m'a envoyé une mise en demeure"
    ("l'URSSAF m'a envoyé une mise en demeure et je ne peux pas payer", "financier"),
    ("ma banque m'a envoyé vers vous, je ne dors plus", "equilibre"),
    # declaring is a formality, unless the procedure is declared
    ("je ne sais pas comment déclarer mon CA, c'est la galère avec les démarches", "administratif"),
    ("je dois déclarer la cessation des paiements", "juridique"),
    ("ma société a été déclarée en faillite", "juridique"),
    # the family inside a crisis phrase states no need
    ("Sometimes I think my family would be better off without me.", None),
]


@pytest.mark.parametrize("text,expected", TOPICS)
def test_topics(parse_at, text, expected):
    assert parse_at(text).topic == expected


CRISIS = [
    ("Sometimes I think my family would be better off without me.", True),
    ("my wife and kids would be better off without me", True),
    # "suicide commercial": selling below cost, a figure of speech
    ("le suicide commercial c'est de baisser ses prix, mais je n'ai plus le choix", False),
    ("baisser mes prix serait un suicide économique", False),
    ("je pense au suicide, commercialement c'est fini", True),
]


@pytest.mark.parametrize("text,expected", CRISIS)
def test_crisis(parse_at, text, expected):
    assert parse_at(text).crisis is expected


WEEK = ["2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27", "2026-11-30"]


# The days after "sauf" are all ruled out, and do not part the window from the days it goes with.
EXCEPTIONS = [
    ("tous les jours sauf le week-end, entre 12h et 13h. Denis", [f"{d} 12:00-13:00" for d in WEEK]),
    ("tous les jours sauf lundi et mardi, entre 12h et 13h",
     [f"2026-11-{d} 12:00-13:00" for d in (25, 26, 27, 28, 29)]),
    ("dispo tous les jours sauf le mercredi et le week-end, après 18h",
     [f"2026-11-{d} 18:00-21:00" for d in (24, 26, 27, 30)]),
]


@pytest.mark.parametrize("text,expected", EXCEPTIONS)
def test_exceptions(slots_of, text, expected):
    assert slots_of(text) == expected


# Someone else speaking of the means ("il a parlé de se tirer une balle") is a crisis; "me tirer
# une balle dans le pied" (harming one's own cause) is not.
THIRD_PERSON_CRISIS = [
    ("mon frère ne va pas bien du tout, il a parlé de se tirer une balle", True),
    ("mon mari menace de s'ouvrir les veines", True),
    ("mon associé parle de se jeter sous un train", True),
    ("baisser mes prix ce serait me tirer une balle dans le pied", False),
    ("il va se tirer une balle dans le pied avec ce contrat", False),
    ("I'd be shooting myself in the foot", False),
    ("je vais me tirer une balle dans la tête", True),
]


@pytest.mark.parametrize("text,expected", THIRD_PERSON_CRISIS)
def test_third_person_crisis(parse_at, text, expected):
    assert parse_at(text).crisis is expected


# An hour before noon written with an evening part of the day is in the evening ("ce soir vers
# 8h" as "8h du soir"); "semaine prochaine" needs no article; the end of work with "appelez-moi
# après" is the time from which to call.
EVENING_HOURS_AND_MORE = [
    ("Tonight after 8 please. Jenny", ["2026-11-24 20:00-21:00"]),
    ("ce soir vers 8h", ["2026-11-24 20:00-21:00"]),
    ("demain soir à 9h", ["2026-11-25 21:00-22:00"]),
    ("ce soir entre 8 et 9", ["2026-11-24 20:00-21:00"]),
    ("tomorrow evening at 8", ["2026-11-25 20:00-21:00"]),
    ("demain matin à 8h", ["2026-11-25 08:00-09:00"]),
    ("le soir vers 20h", ["2026-11-24 20:00-21:00"]),
    ("demain en fin de journée vers 5h30", ["2026-11-25 17:30-18:30"]),
    ("Rappel semaine prochaine. Didier", ["2026-11-30 09:00-18:00"]),
    ("dispo semaine prochaine le matin", ["2026-11-30 09:00-12:00"]),
    ("Je finis à 18h, appelez moi après svp", ["2026-11-24 18:00-21:00"]),
    ("je termine vers 17h30, rappelez-moi après", ["2026-11-24 17:30-21:00"]),
    ("je finis à 18h, appelez moi après 19h", ["2026-11-24 19:00-21:00"]),
    ("je finis à 18h, après le rush", []),
]


@pytest.mark.parametrize("text,expected", EVENING_HOURS_AND_MORE)
def test_evening_hours_and_more(slots_of, text, expected):
    assert slots_of(text) == expected


# A day of the month ending a request right after a callback word: "rappel le 26".
DAY_OF_MONTH = [
    ("Numéro: 06 12 34 56 78 - Laetitia - rappel le 26", ["2026-11-26 09:00-18:00"]),
    ("dispo le 27 ou le 28", ["2026-11-27 09:00-18:00", "2026-11-28 09:00-18:00"]),
    ("rappelez-moi le 15, merci", ["2026-12-15 09:00-18:00"]),
    ("Call me on the 27th please", ["2026-11-27 09:00-18:00"]),
    ("je dois payer le 26.", []),
    ("mon loyer de 1200 euros le 5.", []),
    ("l'audience est le 26, rappelez moi demain", ["2026-11-25 09:00-18:00"]),
]


@pytest.mark.parametrize("text,expected", DAY_OF_MONTH)
def test_day_of_month_ending_a_request(slots_of, text, expected):
    assert slots_of(text) == expected


MORE = [
    # sleeping never to wake is a crisis phrase: its "dormir" states no equilibre need
    ("Je veux juste dormir et ne plus me réveiller. Rappelez moi. Fanny", None, True),
    # a letter for one's children "au cas où"
    ("J'ai écrit une lettre pour mes enfants au cas où. Je ne tiens plus.", None, True),
    # "perdu ma boutique" is a closure told: with nothing else stated, rebond
    ("Je n'ai plus de raison de vivre depuis que j'ai perdu ma boutique.", "rebond", True),
    # the labour inspectorate and employment contracts are the staff's
    ("l'inspection du travail a relevé des problèmes avec mes contrats de travail", "social", False),
    ("litige sur un contrat commercial", "juridique", False),
    ("je suis en arrêt maladie pour burn out", "equilibre", False),
]


@pytest.mark.parametrize("text,topic,crisis", MORE)
def test_topic_and_crisis(parse_at, text, topic, crisis):
    result = parse_at(text)
    assert (result.topic, result.crisis) == (topic, crisis)


# Windows written before a list of days go with each of them, also when the first day brings its
# own part of the day ("ce soir").
LEAD_WINDOWS = [
    ("entre 17 et 18h ce soir ou demain. Lucas", ["2026-11-24 17:00-18:00", "2026-11-25 17:00-18:00"]),
    ("après 18h ce soir, demain ou jeudi",
     ["2026-11-24 18:00-21:00", "2026-11-25 18:00-21:00", "2026-11-26 18:00-21:00"]),
    ("ce soir ou demain", ["2026-11-24 18:00-21:00", "2026-11-25 09:00-18:00"]),
]


@pytest.mark.parametrize("text,expected", LEAD_WINDOWS)
def test_lead_windows(slots_of, text, expected):
    assert slots_of(text) == expected


SUNDAY_NIGHT = "2026-11-29T22:10:00+01:00"


# "le week-end prochain" said during a weekend is the next one, its Saturday and Sunday named as
# "samedi prochain" is (not held to the horizon: said on a Saturday it gave nothing); "next
# weekend" is no "next week"; "des journées de 14h" is a length, not a time to call.
WEEKENDS_AND_LENGTHS = [
    ("Dispo ce week-end prochain. Carla", SUNDAY_NIGHT,
     ["2026-12-05 09:00-18:00", "2026-12-06 09:00-18:00"]),
    ("next weekend", SUNDAY_NIGHT, ["2026-12-05 09:00-18:00", "2026-12-06 09:00-18:00"]),
    ("rappelez-moi le week-end prochain svp", "2026-11-28T10:15:00+01:00",
     ["2026-12-05 09:00-18:00", "2026-12-06 09:00-18:00"]),
    ("dispo le week-end prochain le matin", "2026-11-28T10:15:00+01:00",
     ["2026-12-05 09:00-12:00", "2026-12-06 09:00-12:00"]),
    ("next weekend", "2026-11-24T10:15:00+01:00", ["2026-11-28 09:00-18:00", "2026-11-29 09:00-18:00"]),
    ("je fais des journées de 14h, dispo demain de 9h à 10h", "2026-11-24T10:15:00+01:00",
     ["2026-11-25 09:00-10:00"]),
]


@pytest.mark.parametrize("text,received,expected", WEEKENDS_AND_LENGTHS)
def test_weekends_and_lengths(slots_of, text, received, expected):
    assert slots_of(text, received) == expected


@pytest.mark.parametrize("text,expected", [
    ("Dispo en semaine de 12h à 13h30. Carla", None),  # the hours to call, not a long week
    ("dispo la journée de 9h à 12h", None),
    ("je fais des semaines de 70h", "equilibre"),
])
def test_hours_to_call_are_no_long_week(parse_at, text, expected):
    assert parse_at(text).topic == expected


# The means "calling": a gun one thinks of, a bridge or a void that "fait de l'oeil" / "attire";
# someone else speaking of opening their veins. "faites vite" asks for a call at once.
MEANS = [
    ("j'ai une arme chez moi et j'y pense de plus en plus. faites vite. Bruno", True, True),
    ("Le pont à côté de chez moi me fait de l'oeil. Je n'en peux plus des dettes.", True, False),
    ("le vide m'attire", True, False),
    ("la voie ferrée m'attire", True, False),
    ("mon mari parle de s'ouvrir les veines", True, False),
    ("elle veut s'ôter la vie", True, False),
    ("la nouvelle boutique en face me fait de l'oeil", False, False),
]


@pytest.mark.parametrize("text,crisis,flexible", MEANS)
def test_means_calling(parse_at, text, crisis, flexible):
    result = parse_at(text)
    assert (result.crisis, result.flexible) == (crisis, flexible)


@pytest.mark.parametrize("text", [
    "on a un souci de permis de construire",
    "problèmes avec la mairie",
    "mon permis d'exploitation n'est pas renouvelé",
])
def test_permits_are_paperwork(parse_at, text):
    assert parse_at(text).topic == "administratif"


# Day abbreviations before a day of the month or a part of the day; busy hours then "rappelez
# après".
ABBREVIATED_DAYS_AND_AFTER_WORK = [
    ("dispo mer 25 ap 14h. Régine", ["2026-11-25 14:00-21:00"]),
    ("dispo ven aprem. Régine", ["2026-11-27 14:00-18:00"]),
    ("dispo sam matin ou dim soir", ["2026-11-28 09:00-12:00", "2026-11-29 18:00-21:00"]),
    ("la mer 25 km plus loin", []),
    ("Je bosse de 8h à 17h, rappelez après. Régine", ["2026-11-24 17:00-21:00"]),
    ("je travaille de 9h à 18h, appelez moi après 18h30", ["2026-11-24 18:30-21:00"]),
]


@pytest.mark.parametrize("text,expected", ABBREVIATED_DAYS_AND_AFTER_WORK)
def test_abbreviated_days_and_after_work(slots_of, text, expected):
    assert slots_of(text) == expected


TOPICS_MORE = [
    ("J'ai besoin d'un prêt pour relancer mon activité.", "financier"),  # a loan, not "prêt pour"
    ("un prêt à taux zéro", "financier"),
    ("je suis prête à tout", None),
    ("Je suis mort de rire en voyant mon relevé bancaire, c'est la cata.", "financier"),
    ("Je voudrais disparaître de la circulation quelques jours, trop de pression.", "equilibre"),
    ("Hi, I'm a freelance dev, a client hasn't paid me for 4 months.", "financier"),
    ("je n'ai pas été payé depuis 3 mois", "financier"),
]


@pytest.mark.parametrize("text,expected", TOPICS_MORE)
def test_topics_more(parse_at, text, expected):
    assert parse_at(text).topic == expected


def test_disappearing_from_circulation_is_no_crisis(parse_at):
    assert parse_at("Je voudrais disparaître de la circulation quelques jours.").crisis is False
    assert parse_at("je veux disparaître").crisis is True


# "Merci de rappeler Jean au 06…": a known first name followed by the number is the sender's.
CALL_NAMES = [
    ("Merci de rappeler Jean au 06 12 34 56 78", "Jean"),
    ("merci de rappeler Jean Dupont, 0612345678", "Jean Dupont"),
    ("Please call Tom on +44 7911 123456", "Tom"),
    ("Merci de rappeler Lundi au 0612345678", None),
]


@pytest.mark.parametrize("text,expected", CALL_NAMES)
def test_call_names(parse_at, text, expected):
    assert parse_at(text).name == expected


@pytest.mark.parametrize("text,expected", [
    ("dispo ce soire. Jo", ["2026-11-24 18:00-21:00"]),  # "soire": "soir" in SMS spelling
    ("dispo demain soire", ["2026-11-25 18:00-21:00"]),
])
def test_soire(slots_of, text, expected):
    assert slots_of(text) == expected


FAREWELLS_AND_NEEDS = [
    # affairs put in order before a farewell
    ("J'ai préparé mes affaires et écrit à ma famille. C'est la fin. Léo", None, True),
    ("j'ai mis mes affaires en ordre", None, True),
    ("j'ai rangé mes affaires au bureau", None, False),
    # an empty account; a head chef who left
    ("Ce mois ci je suis mort, plus rien sur le compte.", "financier", False),
    ("Mon chef cuisinier m'a lâché en pleine saison.", "social", False),
]


@pytest.mark.parametrize("text,topic,crisis", FAREWELLS_AND_NEEDS)
def test_farewells_and_needs(parse_at, text, topic, crisis):
    result = parse_at(text)
    assert (result.topic, result.crisis) == (topic, crisis)


@pytest.mark.parametrize("text,expected", [
    ("demain à 10h et demie", ["2026-11-25 10:30-11:30"]),
    ("demain 10 heures et quart", ["2026-11-25 10:15-11:15"]),
    ("demain entre 9h et demie et 11h", ["2026-11-25 09:30-11:00"]),
    ("demain 14h et 16h", ["2026-11-25 14:00-15:00", "2026-11-25 16:00-17:00"]),
    ("Hey, it's Jake. Tmrw arvo works for me.", ["2026-11-25 14:00-18:00"]),
])
def test_half_hours_and_arvo(slots_of, text, expected):
    assert slots_of(text) == expected


ENGLISH = [
    ("I've had enough of life. Business is dead.", None, True),
    ("I'm tired of living like this", None, True),
    ("I've had enough of the bank, they keep calling.", "financier", False),
    # a closure told with the business as subject
    ("My husband keeps saying he wants to end it all since the restaurant closed.", "rebond", True),
]


@pytest.mark.parametrize("text,topic,crisis", ENGLISH)
def test_english_life_and_closures(parse_at, text, topic, crisis):
    result = parse_at(text)
    assert (result.topic, result.crisis) == (topic, crisis)
