"""topic: the category of the first need stated, in text order."""
import pytest

CASES = [
    ("Je ne dors plus à cause des dettes URSSAF.", "equilibre"),
    ("la banque m'a coupé le découvert", "financier"),
    ("The bank is chasing a loan repayment I can't make.", "financier"),
    ("les impayés s'accumulent, je n'en peux plus, je craque.", "financier"),
    ("j'ai fermé ma boîte de BTP le mois dernier et je cherche à rebondir", "rebond"),
    ("j'ai dû fermer mon salon de thé en juin et je voudrais me reconvertir", "rebond"),
    ("Bonsoir, épuisée, burn-out je pense.", "equilibre"),
    ("problème avec un salarié (prud'hommes)", "social"),
    ("Je vais tout arrêter, fermer la boîte, j'ai plus la force de me battre contre le tribunal.", "juridique"),
    ("Besoin d'aide pour les démarches (dossier d'aides région).", "administratif"),
    ("Stressé, au bout du rouleau.", "equilibre"),
    ("Mon hôtel est en redressement judiciaire depuis septembre", "juridique"),
    ("le redressement a échoué", "juridique"),
    ("Deux salariés en arrêt et un licenciement à faire", "social"),
    ("Les charges explosent et mon prêt court toujours.", "financier"),
    ("My restaurant is drowning in debt and I want to kill myself.", "financier"),
    ("Conflict with my two employees, I can't take it anymore.", "social"),
    ("I feel completely isolated since I lost my two main clients.", "equilibre"),
    ("On m'a conseillé de vous écrire pour un problème d'impôts.", "administratif"),
    ("procédure de sauvegarde en cours au tribunal de commerce", "juridique"),
    ("I need to file for bankruptcy", "juridique"),
    ("pas de souci de trésorerie, mais un conflit avec mon équipe", "social"),
    ("Je suis perdu dans les démarches pour les aides de la région", "administratif"),
    ("Ma boîte a été liquidée, je cherche un emploi", "rebond"),
    ("j'ai fermé mon restaurant il y a deux mois, je ne sais plus quoi faire", "rebond"),
    ("Ma société de nettoyage (12 salariés) est en difficulté, la banque a refusé le PGE.", "financier"),
    ("3 salariés en arrêt maladie", "social"),
    ("Bonjour, ici Corinne Blanchard. Je vends ma boutique et je ne sais pas quoi faire après.", "rebond"),
    ("Bonsoir, j'ai pas dormi depuis 3 jours, les dettes, l'URSSAF...", "equilibre"),
    ("Je tiens un cabinet d'avocats, mes dettes explosent", "financier"),
]
NO_TOPIC = [
    "Bonjour, Paul Martin, rappel possible demain 14h-16h",
    "je n'en peux plus, je craque, je suis à bout",
    "I can't cope. Please call.",
    "Je veux en finir.",
    "Je suis prêt à tout pour m'en sortir, aidez-moi",
    "Bjr, je travaille dans la boulangerie de mes parents. Rappel demain",
]


@pytest.mark.parametrize("text, topic", CASES)
def test_it_takes_the_first_need_stated(parse_at, text, topic):
    assert parse_at(text).topic == topic


@pytest.mark.parametrize("text", NO_TOPIC)
def test_distress_crisis_words_and_background_state_no_need(parse_at, text):
    assert parse_at(text).topic is None
