"""Rules added after scoring realistic.jsonl (100 messages annotated from the
contract alone, before the parser was read): one table per rule."""
import pytest

from dispatch.parsing.crisis import is_crisis
from dispatch.parsing.normalize import fold_plain

# crisis: giving up on life itself, wishing not to exist, preferring death, a weapon threat.
CRISIS = [
    "j'ai envie de tout lâcher, même la vie parfois",
    "je suis prêt à tout arrêter, y compris ma vie",
    "ça serait plus simple si je disparaissais",
    "je ne vois plus d'issue, je pense à partir définitivement",
    "je ne supporte plus de vivre",
    "je veux plus exister",
    "je veux plus être là",
    "je préférerais être mort",
    "je pense à la mort tout le temps",
    "je ne sais pas si je serai encore là demain",
    "il m'a menacé avec un couteau",
    "j'ai pensé à prendre tous mes médicaments",
    "I don't see the point of living anymore",
    "I've been having dark thoughts about ending things",
    "I keep thinking it would be easier if I wasn't here",
    # fear of acting, thoughts of death, farewells, slang
    "I'm scared I might do something to myself",
    "sometimes I wish I could just disappear",
    "I am afraid of what I might do",
    "I can't see any way out except dying",
    "j'ai peur de ce que je pourrais faire",
    "je n'ai plus envie de continuer à vivre",
    "je me vois pas continuer à vivre comme ça",
    "j'ai des pensées de mort",
    "j'ai écrit une lettre d'adieu",
    "je n'en peux plus, je vais sauter.",
    "c'est fini pour moi, je vais partir pour toujours",
    "jvais me buter",
    "Je ne veux plus continuer. Je veux juste que ça s'arrête pour de bon.",
]
NOT_CRISIS = [
    "l'urssaf me pourrit même la vie",
    "je veux tout arrêter, même ma vie de famille en pâtit",
    "je pense à la mort de mon père, qui a fondé la boîte",
    "je veux tout arrêter et fermer la boîte",
    "I can't go on like this",
    "je vais sauter le pas et fermer",
    "j'ai peur de perdre ma maison",
    "c'est fini pour ma boîte",
    "this business is killing me",
]


@pytest.mark.parametrize("text", CRISIS)
def test_these_speak_of_ending_ones_life(text):
    assert is_crisis(fold_plain(text)) is True


@pytest.mark.parametrize("text", NOT_CRISIS)
def test_these_do_not(text):
    assert is_crisis(fold_plain(text)) is False


TOPICS = [
    # English sleep: "slept"
    ("I can't go on like this. My shop is failing, I haven't slept in days.", "equilibre"),
    # "owes me" is an unpaid debt; a client's or supplier's bankruptcy is the party's procedure, not the need
    ("My main client went bankrupt and owes me 30k.", "financier"),
    ("Mon principal client a fait faillite et me doit 20 000 €.", "financier"),
    ("Mon plus gros fournisseur est en liquidation, je n'ai plus de stock ni de trésorerie.", "financier"),
    ("Ma société est en liquidation judiciaire.", "juridique"),
    ("We are in receivership.", "juridique"),
    # "travailler tout le temps"
    ("mon fils ne me parle plus depuis que je travaille tout le temps", "equilibre"),
    # a salaried job after a closure is what comes next, not staff
    ("je voudrais reprendre une activité salariée après la fermeture de mon restaurant", "rebond"),
    ("J'ai fermé ma boutique, je cherche un emploi salarié.", "rebond"),
    # after a closure, "je ne sais pas quoi faire maintenant" asks what comes next
    ("ma boîte a été liquidée, je ne sais pas quoi faire maintenant", "rebond"),
    ("j'ai fermé mon bar en juin, et maintenant ?", "rebond"),
    ("l'URSSAF me réclame 10 000 €, je ne sais pas quoi faire maintenant", "financier"),
    # long working weeks are a balance need ("je fais des ..." is not what the business does here)
    ("Je suis infirmière libérale et je fais des semaines de 70h.", "equilibre"),
    ("on fait des journées de 14h avec ma femme", "equilibre"),
    # falling sales
    ("Hi, I run a surf shop, sales are down 60% this year.", "financier"),
    ("les ventes ont chuté de moitié depuis l'été", "financier"),
]


@pytest.mark.parametrize("text, topic", TOPICS)
def test_topic(parse_at, text, topic):
    assert parse_at(text).topic == topic


SLOTS = [
    # An open end after a comma narrows every same part of the day before it.
    ("Call me tonight or tomorrow evening, after 7pm.", "2026-11-28T12:00:00+01:00",
     ["2026-11-28 19:00-21:00", "2026-11-29 19:00-21:00"]),
    ("ce soir ou demain soir, après 19h", "2026-11-24T10:15:00+01:00",
     ["2026-11-24 19:00-21:00", "2026-11-25 19:00-21:00"]),
    ("lundi matin ou mardi matin, pas avant 10h", "2026-11-24T10:15:00+01:00",
     ["2026-11-30 10:00-12:00", "2026-12-01 10:00-12:00"]),
    # ... but not another part of the day
    ("lundi après-midi ou mardi matin, pas avant 10h", "2026-11-24T10:15:00+01:00",
     ["2026-11-30 14:00-18:00", "2026-12-01 10:00-12:00"]),
    # Weekdays named right after "la semaine prochaine" are next week's, and the week adds nothing.
    ("Je voudrais être rappelé la semaine prochaine, plutôt mardi ou mercredi matin.", "2026-11-26T10:00:00+01:00",
     ["2026-12-01 09:00-12:00", "2026-12-02 09:00-12:00"]),
    ("la semaine prochaine, mardi 14h", "2026-11-23T10:00:00+01:00", ["2026-12-01 14:00-15:00"]),
    ("next week, Thursday afternoon", "2026-11-24T10:15:00+01:00", ["2026-12-03 14:00-18:00"]),
    # the week alone is still Monday to Friday within the horizon
    ("dispo la semaine prochaine", "2026-11-26T10:00:00+01:00",
     ["2026-11-30 09:00-18:00", "2026-12-01 09:00-18:00", "2026-12-02 09:00-18:00"]),
]


@pytest.mark.parametrize("text, received, slots", SLOTS)
def test_slots(slots_of, text, received, slots):
    assert slots_of(text, received) == slots


NAMES = [
    ("Bonjour, c'est pour mon père qui a des dettes. Je suis sa fille, Aurélie. 06 35 71 92 48", "Aurélie"),
    ("Je vous écris pour mon mari. Je suis sa femme, Claire Martin, 06 35 71 92 48", "Claire Martin"),
    ("Hello, I'm writing for my husband who runs a garage. I'm his wife, Ann. Call me tomorrow.", "Ann"),
    ("Bonjour, mon père, M. Jacques Morel, 06 12 34 56 78", None),
]


@pytest.mark.parametrize("text, name", NAMES)
def test_name(parse_at, text, name):
    assert parse_at(text).name == name
