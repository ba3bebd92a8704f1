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
    # misspellings and forms found on independently written messages
    "jen peux plus jai envi den finir",
    "envi de crever",
    "j'ai plus envi de vivre",
    "Jai peur de faire une conerie ce soir",
    "j'ai plus envie d'être là",
    "ce serait mieux si je n'étais plus là",
    "j'ai envie de tout arrêter, de disparaître",
    "je me suis déjà fait du mal",
    "j'ai peur de commettre l'irréparable",
    "je me tuerais bien",
    "I've been having thoughts of ending it",
    "I want to disappear forever",
    "I can't see a way out, I want it all to end",
    "mon ex-associé a dit qu'il allait me tuer",  # a danger to life
    "jveu mourir",
    "je veux en finire",
    "jai pensé a me jeté du pont",
    "jai des idee noir",
    "je veux me tué",
    "mettre fin a ma vi",
    "la vie n'a plus de sens",
    "I'm done with life",
    "life is not worth it anymore",
    "J'ai fait une tentative il y a deux ans et j'ai peur que ça recommence.",
    "Je ne veux pas mourir mais parfois j'y pense.",  # a negated mention still counts
    "mon frère Thierry qui tient une boucherie et qui parle de se tuer",  # someone else's danger too
    "J'ai pris des médicaments ce soir, je ne sais pas combien.",
    "j'ai avalé toute la boîte de somnifères",
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
    "je vais crever de faim avec ce chiffre",
    "ce boulot me tue",
    "je vais en finir avec cette boîte",
    "j'ai envie de tout foutre en l'air",
    "j'en ai marre, je veux tout lâcher",
    "my business is dying",
    "j'ai fait une tentative de conciliation avec mon fournisseur",
    "je pense que je vais mourir de stress",
    "j'ai pris des médicaments pour dormir",
    "",
]


@pytest.mark.parametrize("text", CRISIS)
def test_it_sees_a_crisis(parse_at, text):
    assert parse_at(text).crisis is True


@pytest.mark.parametrize("text", NOT_CRISIS)
def test_distress_alone_is_not_a_crisis(parse_at, text):
    assert parse_at(text).crisis is False
