"""Fifth round: known misses (same hour, "mar 1er", English clock words, initials), then the rules
found by the probe set probes_round5.jsonl (written and annotated from the contract before it was
run). Received Tuesday 24 November 2026, 10:15, unless stated."""
import json
from datetime import datetime
from pathlib import Path

import pytest

from dispatch.parsing import parse
from tests.parsing import probes

TUESDAY = "2026-11-24T10:15:00+01:00"
# "même heure", "same time": the time given before in the SMS, else the time it was sent at.
SAME_TIME = [
    ("Rappelez-moi lundi prochain même heure", TUESDAY,
     ["2026-11-30 10:15-11:15"]),
    ("dispo demain a la meme heure svp", TUESDAY, ["2026-11-25 10:15-11:15"]),
    ("demain 14h sinon jeudi même heure", TUESDAY, ["2026-11-25 14:00-15:00", "2026-11-26 14:00-15:00"]),
    ("demain 14h-16h, sinon jeudi à la même heure", TUESDAY,
     ["2026-11-25 14:00-16:00", "2026-11-26 14:00-16:00"]),
    ("same time tomorrow please", TUESDAY, ["2026-11-25 10:15-11:15"]),
    ("rappel demain meme heure", "2026-11-24T21:40:00+01:00", ["2026-11-25 21:40-22:40"]),
    # "at the same time" joins sentences in English: no day next to it, no time
    ("At the same time I am exhausted, call me tomorrow", TUESDAY, ["2026-11-25 09:00-18:00"]),
]


@pytest.mark.parametrize("text,received,expected", SAME_TIME)
def test_same_time(slots_of, text, received, expected):
    assert slots_of(text, received) == expected


# In French "mar 1er" is mardi 1er (French writes "1er mars"); in English "Mar 3" is March.
WEEKDAY_OR_MONTH = [
    ("Dispo mar 1er ou mer 2", "fr", ["2026-12-01 09:00-18:00", "2026-12-02 09:00-18:00"]),
    ("jeudi 26 ou mar 1er le matin", "fr", ["2026-11-26 09:00-12:00", "2026-12-01 09:00-12:00"]),
    ("dispo le 1er mar", "fr", ["2027-03-01 09:00-18:00"]),
    ("call me Mar 3 please", "en", ["2027-03-03 09:00-18:00"]),
]


@pytest.mark.parametrize("text,language,expected", WEEKDAY_OR_MONTH)
def test_mar_is_mardi_in_french(parse_at, slots_of, text, language, expected):
    assert parse_at(text).language == language
    assert slots_of(text) == expected


# English clock words: "half past ten", "quarter to 11", "at ten"; French "dix heures", "10h moins le
# quart". A bare English word is an hour only in English text where the time ends.
CLOCK_WORDS = [
    ("call me tomorrow at half past ten", ["2026-11-25 10:30-11:30"]),
    ("half ten on Friday", ["2026-11-27 10:30-11:30"]),
    ("tomorrow at quarter past 2", ["2026-11-25 14:15-15:15"]),
    ("Friday quarter to 11 please", ["2026-11-27 10:45-11:45"]),
    ("call me tomorrow at ten", ["2026-11-25 10:00-11:00"]),
    ("call me after six", ["2026-11-24 18:00-21:00"]),
    ("between two and four tomorrow", ["2026-11-25 14:00-16:00"]),
    ("demain à dix heures", ["2026-11-25 10:00-11:00"]),
    ("demain 10h moins le quart", ["2026-11-25 09:45-10:45"]),
    ("at one point I thought of closing, call me tomorrow", ["2026-11-25 09:00-18:00"]),
    ("j'ai six salariés, rappel demain", ["2026-11-25 09:00-18:00"]),
    ("j'ai dormi deux heures cette nuit, rappel demain", ["2026-11-25 09:00-18:00"]),
    ("dispo demain entre midi et deux", ["2026-11-25 12:00-14:00"]),
]


@pytest.mark.parametrize("text,expected", CLOCK_WORDS)
def test_clock_words(slots_of, text, expected):
    assert slots_of(text) == expected


# Initials open a name when a capitalised surname follows them.
INITIALS = [
    ("Bonjour JP Roux, boulangerie, rappel demain", "JP Roux"),
    ("JP Roux 06 12 34 56 78 rappel demain", "JP Roux"),
    ("C'est J.P. Roux", "J.P. Roux"),
    ("je suis J-P Roux, plombier", "J-P Roux"),
    ("Bonjour, A. Martin, rappel demain", "A. Martin"),
    ("Rappel demain svp. J.-P. Roux", "J.-P. Roux"),
    ("SA Roux, rappel demain", None),
]


@pytest.mark.parametrize("text,expected", INITIALS)
def test_initials(parse_at, text, expected):
    assert parse_at(text).name == expected


# Probe round (probes_round5.jsonl) ---------------------------------------------------------------

CRISIS = [
    ("J'ai tout perdu avec la fermeture de mon restaurant, même l'envie de vivre.", True),
    ("je n'ai même plus le goût de vivre", True),
]


@pytest.mark.parametrize("text,expected", CRISIS)
def test_crisis(parse_at, text, expected):
    assert parse_at(text).crisis is expected


# A need said to be fine is no need: "tout va bien niveau finances", "ça va côté moral".
TOPIC_FINE = [
    ("Tout va bien niveau finances mais je me sens très seule.", "equilibre"),
    ("Tout va bien niveau moral, c'est juste la trésorerie qui coince.", "financier"),
    ("ça va côté banque, mais je suis épuisé", "equilibre"),
]


@pytest.mark.parametrize("text,expected", TOPIC_FINE)
def test_a_need_said_to_be_fine(parse_at, text, expected):
    assert parse_at(text).topic == expected


NAMES = [
    # the sender names herself through the relation, with or without a comma
    ("c'est pour mon frère, Alain Petit, il parle de se tuer. Je suis sa soeur Martine", "Martine"),
    # particles in a row
    ("Bonjour, je m'appelle Paul-Henri de la Tour, j'ai repris l'hôtel", "Paul-Henri de la Tour"),
    # "M" inside initials is no civility
    ("Dispo lundi. J-M Schmitt 06 87 65 43 21", "J-M Schmitt"),
    ("Dispo lundi. J.M. Schmitt", "J.M. Schmitt"),
    # "jsui", "jss": "je suis" in SMS
    ("bjr jsui Maëlle j'ai 1 salon d'esthétique", "Maëlle"),
    # a farewell signs no name
    ("Je n'ai plus la force. Ce soir je vais en finir. Adieu.", None),
]


@pytest.mark.parametrize("text,expected", NAMES)
def test_names(parse_at, text, expected):
    assert parse_at(text).name == expected


SLOTS = [
    # "pas de rappel le matin": the call itself negated
    ("Pas de rappel le matin, merci, plutôt l'après-midi.", TUESDAY, ["2026-11-24 14:00-18:00"]),
    ("pas d'appel avant 10h svp", TUESDAY, ["2026-11-24 10:00-21:00"]),
    # busy hours told as a habit yield to the window asked for
    ("Je bosse jusqu'à 22h tous les soirs. Appelez moi demain avant 11h svp.", "2026-12-02T22:50:00+01:00",
     ["2026-12-03 08:00-11:00"]),
    # "avant jeudi", "d'ici vendredi", "by Friday": the days up to it, when asked for a call
    ("rappelez moi avant jeudi", TUESDAY, ["2026-11-24 09:00-18:00", "2026-11-25 09:00-18:00"]),
    ("rappelez moi d'ici vendredi le matin", TUESDAY,
     ["2026-11-24 09:00-12:00", "2026-11-25 09:00-12:00", "2026-11-26 09:00-12:00",
      "2026-11-27 09:00-12:00"]),
    ("je dois payer l'URSSAF avant jeudi", TUESDAY, []),
    ("je dois payer l'URSSAF avant jeudi, rappelez-moi demain", TUESDAY, ["2026-11-25 09:00-18:00"]),
    # a preferred window is the window: the requests before it in its sentence give way
    ("Rappel possible avant jeudi, idéalement demain après 18h.", TUESDAY, ["2026-11-25 18:00-21:00"]),
    ("Dispo lundi ou mardi, idéalement lundi matin", TUESDAY, ["2026-11-30 09:00-12:00"]),
    ("demain 14h, ou plutôt jeudi 10h", TUESDAY, ["2026-11-26 10:00-11:00"]),
    ("plutôt jeudi aprem ou vendredi avant 10h", TUESDAY, ["2026-11-26 14:00-18:00", "2026-11-27 08:00-10:00"]),
    ("Rappel demain matin. Je suis plutôt stressé, dispo aussi jeudi", TUESDAY,
     ["2026-11-25 09:00-12:00", "2026-11-26 09:00-18:00"]),
]


@pytest.mark.parametrize("text,received,expected", SLOTS)
def test_slots(slots_of, text, received, expected):
    assert slots_of(text, received) == expected


TOPICS = [
    # customers gone, a business that earns nothing
    ("ça me tue de voir mon resto vide. ya plus personne qui vient.", "financier"),
    ("baisser mes prix, mais les clients ne viennent plus.", "financier"),
    ("Mon commerce ne rapporte plus rien.", "financier"),
    # overwork
    ("je vais me tuer au travail si ça continue", "equilibre"),
    ("Honestly this business is killing me, 70 hour weeks and no money.", "equilibre"),
    ("ma femme ne me parle plus et la boîte perd de l'argent", "equilibre"),
    # what comes next after a closure told or decided
    ("My café went into liquidation last month and I need to find a job now.", "rebond"),
    ("je veux tout arrêter, fermer ma boîte et passer à autre chose. Par où commencer ?", "rebond"),
    ("j'ai décidé de fermer en janvier. Je voudrais préparer la suite.", "rebond"),
    ("J'ai tout perdu avec la fermeture de mon restaurant.", "rebond"),
    # the person's own dismissal is no staff need
    ("J'ai été licencié suite à la liquidation de mon entreprise et je cherche à rebondir.", "rebond"),
    ("je dois licencier 2 salariés", "social"),
    # the labour court is the staff's, whoever is sued
    ("Un ancien salarié m'attaque aux prud'hommes.", "social"),
    # an aid is paperwork
    ("je peux bénéficier d'une aide au rebond ?", "administratif"),
]


@pytest.mark.parametrize("text,expected", TOPICS)
def test_topics(parse_at, text, expected):
    assert parse_at(text).topic == expected


@pytest.mark.parametrize("text,expected", [
    ("Rappel urgent. Manuel Costa", True),
    ("rappelez-moi en urgence svp", True),
    ("URGENT, j'ai une question sur la TVA", False),
])
def test_urgent_call_is_flexible(parse_at, text, expected):
    assert parse_at(text).flexible is expected


# Held-out probes (probes_round5_heldout.jsonl) -------------------------------------------------------

HELD_OUT_CRISIS = [
    ("Des fois je me dis que ce serait plus simple si j'avais un accident de tracteur.", True),
    ("j'aimerais avoir un accident", True),
    ("j'ai eu un accident de voiture hier, rappel demain", False),
    ("My husband has locked himself in the garage with his hunting rifle.", True),
    ("il s'est enfermé dans la grange avec son fusil", True),
    ("je veux juste dormir et ne plus jamais me réveiller", True),
]


@pytest.mark.parametrize("text,expected", HELD_OUT_CRISIS)
def test_held_out_crisis(parse_at, text, expected):
    assert parse_at(text).crisis is expected


HELD_OUT_TOPICS = [
    ("je veux juste dormir et ne plus jamais me réveiller", None),  # the sleep is the crisis's
    ("j'ai perdu 60% de mes élèves", "financier"),
    ("j'ai 40 de fièvre et personne pour tenir la boutique", "equilibre"),
    ("On m'a diagnostiqué un cancer", "equilibre"),
    ("Mes deux associés veulent me pousser dehors de la société", "juridique"),
    ("Je voudrais faire une demande d'aide à la reprise d'entreprise.", "administratif"),
]


@pytest.mark.parametrize("text,expected", HELD_OUT_TOPICS)
def test_held_out_topics(parse_at, text, expected):
    assert parse_at(text).topic == expected


HELD_OUT_SLOTS = [
    # "un dimanche": any Sunday, no day asked for
    ("Bonsoir, désolé de vous déranger un dimanche. Rappel demain 10h.", "2026-11-29T20:30:00+01:00",
     ["2026-11-30 10:00-11:00"]),
    # "je taffe": busy, as "je bosse"
    ("Je taffe de 6h à 15h en boulangerie. Rappelle moi après 15h30 demain.", TUESDAY,
     ["2026-11-25 15:30-21:00"]),
    # "ça irait" asks for the day
    ("Je ne suis pas dispo lundi. Mardi ou jeudi prochain ça irait.", "2026-12-04T12:20:00+01:00",
     ["2026-12-08 09:00-18:00", "2026-12-10 09:00-18:00"]),
]


@pytest.mark.parametrize("text,received,expected", HELD_OUT_SLOTS)
def test_held_out_slots(slots_of, text, received, expected):
    assert slots_of(text, received) == expected


def test_diminutives_sign(parse_at):
    assert parse_at("c'est pour un rappel: Véro, salon de toilettage canin.").name == "Véro"


# Crisis mini-round: phrasings and near misses written before they were run.
CRISIS_ROUND = [
    ("j'ai plus la force de continuer, je pense que je vais tout arrêter, pour de bon cette fois", True),
    ("je me vois plus vivre comme ça, j'ai envie que tout s'arrête", True),
    ("j'ai des envies suicidaires depuis la liquidation", True),
    ('je me suis mis une corde dans le garage', True),
    ("j'ai pensé à sauter du pont hier soir", True),
    ("si demain je suis plus là, dites à ma femme que je l'aime", True),
    ("je voudrais m'endormir pour toujours", True),
    ("j'ai écrit une lettre à mes enfants pour leur dire au revoir", True),
    ('parfois je me dis que la mort serait une délivrance', True),
    ("I don't see the point of carrying on anymore", True),
    ("I've been thinking of taking all my pills", True),
    ('I want to kill myself', True),
    ('je vais me faire sauter le caisson', True),
    ('jme sens prêt à en finir', True),
    ("mon mari a dit qu'il allait se tuer si on perdait la maison", True),
    ('je me fais du mal pour tenir', True),
    ('je me suis brûlé volontairement avec le fer', True),
    ("j'ai stocké des médicaments au cas où", True),
    ('je ne veux plus me réveiller le matin', True),
    ("à quoi bon continuer, personne ne m'attend", True),
    ("j'ai envie de me jeter sous une voiture", True),
    ("je pourrais me foutre en l'air avec la voiture", True),
    ("I'm going to end it tonight", True),
    ('je vais mettre fin à tout ça, définitivement, à ma vie aussi', True),
    ('je sais pas si je serai encore là demain', True),
    ("j'ai pris une boîte de somnifères", True),
    ("j'ai peur de passer à l'acte", True),
    ('je veux crever', True),
    ('tout le monde serait plus heureux sans moi', True),
    ("je suis mort de rire quand j'ai vu la facture", False),
    ('cette paperasse va me tuer', False),
    ("j'en peux plus de ces fournisseurs, je vais craquer", False),
    ('je crève de chaud dans la cuisine', False),
    ('ma boîte est en train de mourir', False),
    ('je veux en finir avec ce litige', False),
    ("j'ai envie de tout envoyer promener", False),
    ('je suis à deux doigts de fermer boutique', False),
    ('le stress me bouffe', False),
    ("I'm dead tired", False),
    ('this tax bill is killing me', False),
    ("j'ai sauté le pas et ouvert un 2e magasin", False),
    ("ma trésorerie est à l'agonie", False),
    ("je me tue à vous le dire, c'est la banque le problème", False),
    ('je suis épuisé, à bout de forces', False),
    ("j'ai pris des médicaments pour dormir", False),
    ("les impôts m'achèvent", False),
    ('je vais mourir de faim si ça continue', False),
    ('mon commerce se meurt', False),
    ("j'ai pensé à arrêter mon activité pour de bon", False),
]


@pytest.mark.parametrize("text,expected", CRISIS_ROUND)
def test_crisis_round(parse_at, text, expected):
    assert parse_at(text).crisis is expected


# The probe sets themselves -------------------------------------------------------------------------
HERE = Path(__file__).resolve().parent
PROBES = {name: [json.loads(line) for line in (HERE / name).read_text(encoding="utf-8").splitlines()
                 if line.strip()]
          for name in ("probes_round5.jsonl", "probes_round5_heldout.jsonl")}




@pytest.mark.parametrize("name", sorted(PROBES))
def test_probe_sets_are_right_in_every_field_at_least_95_percent(name):
    cases = PROBES[name]
    wrong = [c["id"] for c in cases if not probes.right(c)]
    assert 1 - len(wrong) / len(cases) >= 0.95, f"{name}: wrong {wrong}"


@pytest.mark.parametrize("name", sorted(PROBES))
def test_probe_sets_miss_no_crisis_and_raise_no_false_alarm(name):
    for case in PROBES[name]:
        got = parse(case["text"], datetime.fromisoformat(case["received_at"])).crisis
        assert got is case["expected"]["crisis"], case["id"]


ENGLISH_END_OF_WORK = [
    ("I finish at 6pm, call me after", ["2026-11-24 18:00-21:00"]),
    ("we close at six, call after", ["2026-11-24 18:00-21:00"]),
    ("I finish at 6pm", []),
    ("call me at 6pm, the shop closes at 7", ["2026-11-24 18:00-19:00"]),
    ("sorry to bother you on a Sunday, call me tomorrow", ["2026-11-25 09:00-18:00"]),
]


@pytest.mark.parametrize("text,expected", ENGLISH_END_OF_WORK)
def test_english_end_of_work(slots_of, text, expected):
    assert slots_of(text) == expected
