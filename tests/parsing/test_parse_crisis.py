"""crisis: suicide, ending one's life, self-harm, danger to life; not distress alone."""
import pytest

CRISIS = [
    "Cette nuit j'ai pensé à en finir.",
    "j'ai envie d'en finir",
    "je veux me suicider",
    "j'ai pensé au suicide",
    "je pense au sucide",
    "SUICIDE",
    "envie de me foutre en l'air",
    "je vais me foutre en lair",
    "mettre fin à mes jours",
    "plus envie de vivre",
    "je n'ai plus envie de vivre",
    "j'ai envie de mourir",
    "je veux mourir",
    "jveux mourrir",
    "je vais me tuer",
    "je vais faire une connerie",
    "peur de faire une bêtise",
    "je pense à sauter du pont",
    "me pendre dans l'atelier",
    "j'ai peur de passer à l'acte",
    "j'ai des idées noires",
    "Je veux en finir avec la vie",
    "envie d'en finir avec tout ça",
    "je n'ai plus goût à la vie",
    "envie de crever",
    "My restaurant is drowning in debt and I want to kill myself.",
    "I want to end it all",
    "I want to end my life",
    "I don't want to live anymore",
    "I feel suicidal",
    "I hurt myself last night",
    "I'm thinking of ending it all",
    "better off dead",
    "je n'ai plus envie de rien, même plus de vivre",
    "je ne veux plus me réveiller",
    "il parle de mettre fin à ses jours",
    "I just want to end it",
]
NOT_CRISIS = [
    "je n'en peux plus, je craque",
    "épuisé, à bout, au bout du rouleau",
    "Je vais tout arrêter, fermer la boîte",
    "je vais arrêter mon activité",
    "je veux en finir avec les dettes",
    "ce boulot va me tuer",
    "je suis crevé",
    "j'ai fait une connerie dans la compta",
    "ma boîte va mourir",
    "mettre fin au contrat",
    "I can't cope anymore",
    "the end of the day",
    "j'ai peur de faire une bêtise avec mon dossier",
    "I want to end it with my supplier",
    "",
]


@pytest.mark.parametrize("text", CRISIS)
def test_it_sees_a_crisis(parse_at, text):
    assert parse_at(text).crisis is True


@pytest.mark.parametrize("text", NOT_CRISIS)
def test_distress_alone_is_not_a_crisis(parse_at, text):
    assert parse_at(text).crisis is False
