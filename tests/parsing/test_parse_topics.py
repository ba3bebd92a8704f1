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
    # situations described without the keywords of the contract
    ("mes clients ne me payent plus", "financier"),
    ("g plus de clientes depuis 2 mois", "financier"),
    ("le chiffre a chuté de moitié depuis les travaux dans la rue", "financier"),
    ("mon propriétaire veut me mettre dehors", "juridique"),
    ("le plan de continuation n'est pas respecté", "juridique"),
    ("Mes deux esthéticiennes se détestent, l'ambiance est horrible.", "social"),
    ("mes serveurs se disputent tout le temps", "social"),
    ("un de mes vendeurs est toujours en arrêt maladie", "social"),
    ("je ne vois plus mes enfants, je bosse 80h par semaine", "equilibre"),
    ("ma femme est partie avec les enfants", "equilibre"),
    ("Mon mari est parti, je suis toute seule avec la boutique.", "equilibre"),
    ("I don't understand the forms for the business registration", "administratif"),
    ("la liquidation est terminée, je veux créer une nouvelle boîte", "rebond"),
    ("ma boîte a été liquidée, je veux trouver un CDI", "rebond"),
    ("j'ai décidé de fermer mon restaurant, et après ?", "rebond"),
    # a third person's past is background
    ("j'ai repris la boulangerie de mes parents, eux avaient connu un redressement. Je me sens épuisée", "equilibre"),
    ("j'ai repris l'entreprise de mon père qui avait des dettes, aujourd'hui je suis épuisé", "equilibre"),
    # a former position, a referral and the funding of the start are background
    ("Ancien salarié, j'ai créé ma boîte il y a 2 ans. Aujourd'hui la trésorerie est à zéro", "financier"),
    ("Ma banque m'a conseillé de vous appeler car je suis épuisé", "equilibre"),
    ("J'ai ouvert mon salon avec un prêt il y a 3 ans. Aujourd'hui je fais un burn-out", "equilibre"),
    # more situations described in the person's words
    ("Je suis agent immobilier, plus aucune vente depuis 6 mois", "financier"),
    ("I'm a baker, my oven broke and I can't afford a new one", "financier"),
    ("mon associé est parti et je dois tout gérer seul", "equilibre"),
    ("j'ai arrêté mon activité et je ne touche rien, je voudrais retravailler", "rebond"),
    ("J'ai reçu un redressement URSSAF", "financier"),
    ("j'ai besoin d'aide pour remplir mon dossier de surendettement", "financier"),
    ("Mon père était banquier, moi j'ai un bar et je suis épuisé", "equilibre"),
    ("Je suis ancien avocat reconverti en restaurateur. Mes salariés sont en conflit", "social"),
    ("Notre banque alimentaire locale m'a orienté vers vous, je suis seule", "equilibre"),
    ("J'ai une entreprise de 12 salariés dans le BTP, la banque me refuse un prêt", "financier"),
    ("I am burned out", "equilibre"),
    ("I cannot recruit anyone", "social"),
    ("my chef resigned last week", "social"),
    ("Depuis que mon associé est parti je me sens complètement seul.", "equilibre"),
    ("Mon second est parti et je suis seul en cuisine 7j/7.", "social"),  # a member of staff
    ("Ma femme ne supporte plus que je travaille autant et menace de partir.", "equilibre"),
    ("j'ai plus de contrats depuis la rentrée", "financier"),
    ("Un chauffeur a eu un accident avec un de mes camions, je ne sais pas quoi faire juridiquement.", "juridique"),
    ("Je voudrais fermer mon agence proprement et passer salarié.", "rebond"),
    ("Ma société fait du conseil juridique. J'ai un salarié qui veut partir aux prud'hommes", "social"),
    # a supplier or a client as the party of a legal action
    ("A supplier is suing me over an unpaid invoice.", "juridique"),
    ("Un client m'attaque en justice pour un chantier.", "juridique"),
    ("Mon fournisseur ne me livre plus, j'ai des retards de paiement", "financier"),
    ("Mon four a lâché et je n'ai pas les moyens d'en acheter un autre.", "financier"),
    ("La sécheresse m'a ruiné.", "financier"),
    ("je suis au bout. Ma boulangerie va être liquidée.", "juridique"),
    ("j'ai 3 enfants et je tiens seule un bar-tabac. Je suis à bout de force.", "equilibre"),
    ("Thinking about closing my workshop and going back to being an employee.", "rebond"),
    ("L'hiver c'est mort, zéro client. J'ai besoin de conseils.", "financier"),
    ("Depuis les travaux du tram, plus personne ne vient.", "financier"),
    ("mon véhicule a été volé et l'assurance traîne. Je n'ai plus de revenus.", "financier"),
    ("Mon associé a vidé le compte de la société et a disparu.", "financier"),
    ("Mon compte est saisi, l'huissier est passé ce matin.", "juridique"),
    ("One of my teachers filed a complaint against me at the labour court.", "social"),
    ("Je n'ai pas pris de vacances depuis 5 ans et je n'en peux plus.", "equilibre"),
    ("je ne veux plus me lever le matin, je n'ai plus goût à rien", "equilibre"),
    ("le gérant d'à côté me fait une concurrence déloyale et m'insulte", "juridique"),
    ("My cafe is closing next month. I don't know what to do with my life after that.", "rebond"),
    ("Je voudrais me former à un autre métier car mon activité ne marche plus, j'ai décidé d'arrêter.", "rebond"),
    ("Je n'ai personne à qui parler. Mon entreprise va mal, mes enfants ne me parlent plus.", "equilibre"),
    ("jsuis artisan peintre, pb de paiement avec un gros client qui me doit 20000€", "financier"),
    ("Je dois 15 000 € au Trésor public et ils menacent de saisir mon atelier.", "financier"),
    ("ma société vient d'être liquidée et Pôle emploi me dit que je n'ai droit à rien", "rebond"),
    ("je suis enceinte et je ne sais pas comment faire pour mon congé maternité", "administratif"),
    ("Nous ne dormons plus à cause des dettes.", "equilibre"),
    ("j'ai un cabinet de sophrologie. Je n'ai presque plus de patients", "financier"),
    ("Les clients se sont désabonnés en masse.", "financier"),
    ("on vient de perdre notre plus gros client et je dois licencier", "financier"),
    # the sender's own name is no keyword
    ("Good afternoon, Oliver Grant here. My landlord is trying to evict me.", "juridique"),
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


# Needs stated next to crisis words (crisis words state none), and situations told without the keywords.
CRISIS_AND_SITUATION_CASES = [
    ("J'ai envie d'en finir, la banque me harcèle", 'financier'),
    ('je veux mourir. mon comptable dit que je dois déposer le bilan', 'juridique'),
    ("Je pense au suicide depuis que mon salarié m'a attaqué aux prud'hommes", 'social'),
    ("envie de me foutre en l'air, les impôts me réclament 40 000", 'administratif'),
    ('Idées noires. Je ne dors plus depuis des semaines.', 'equilibre'),
    ('je vais faire une connerie. plus un rond sur le compte', 'financier'),
    ('je veux mourir', None),
    ("j'ai peur de passer à l'acte, je suis seul avec mes dettes", 'equilibre'),
    ("Je me sens tellement seule, j'ai envie de disparaître", 'equilibre'),
    ('I want to kill myself, my employees are suing me', 'social'),
    ("I'm thinking of ending it all, the bailiffs came today", 'juridique'),
    ('je veux en finir, mon bailleur veut me mettre dehors', 'juridique'),
    ("Plus de trésorerie, plus d'envie de vivre", 'financier'),
    ("Ma femme m'a quitté et j'ai envie de mourir", 'equilibre'),
    ("j'ai envie de me tuer, je n'arrive pas à remplir le dossier de subvention", 'administratif'),
    ('je suis à bout, je vais faire une bêtise', None),
    ("je n'en peux plus, je veux mourir, je ne sais pas quoi faire de ma boîte", None),
    ("Je bosse 90h par semaine et j'ai envie de mourir", 'equilibre'),
    ('Mes salariés ne sont pas payés depuis 2 mois, je veux en finir', 'social'),
    ('le tribunal a prononcé la liquidation, je pense au suicide', 'juridique'),
    ('Mon restaurant est en cessation de paiements', 'juridique'),
    ("je dois licencier, j'ai envie de me pendre", 'social'),
    ("Mon chiffre a chuté de 60%, envie de me foutre en l'air", 'financier'),
    ('Depuis le contrôle URSSAF je ne vis plus', 'financier'),
    ("je n'ai plus de clients et plus envie de vivre", 'financier'),
    ('I lost my business and want to die. I need a job.', 'rebond'),
    ("je suis épuisée et j'ai envie de disparaître", 'equilibre'),
    ("Mon associé m'a trahi, procès en cours", 'juridique'),
    ('je me sens inutile, ma boîte coule', None),
    ("j'ai peur de me faire du mal. burn out", 'equilibre'),
    ("Je n'arrive plus à payer mes fournisseurs", 'financier'),
    ('je me scarifie, personne à qui parler', 'equilibre'),
    ('Je crève de faim, plus de revenus depuis 3 mois.', 'financier'),
    ('Je me tue au travail pour rien, jamais un jour de repos.', 'equilibre'),
    ("Je n'ai plus de vie, je bosse 7j/7.", 'equilibre'),
    ("J'ai failli tomber dans les pommes à la caisse, trop de stress.", 'equilibre'),
    ("Je me sens vidée, j'ai perdu le goût du travail.", 'equilibre'),
    ("J'ai le couteau sous la gorge avec mon fournisseur qui réclame des pénalités.", 'juridique'),
    ("J'ai peur de passer à l'acte. Harcelée par les huissiers.", 'juridique'),
    ("Je me suis ouvert les veines l'an dernier et j'ai peur de recommencer. Le redressement me détruit.", 'juridique'),
    ('Je veux me noyer. Fermeture décidée, 40 licenciements.', 'social'),
    ("Ma famille serait mieux sans moi, avec l'assurance vie ils pourraient payer les dettes.", 'financier'),
    ('Je voudrais disparaître pour toujours. Trop seule depuis la fermeture.', 'equilibre'),
    ("j'ai écrit mes adieux à ma famille, les dettes m'écrasent", "financier"),
    ("Depuis la liquidation je veux retrouver un emploi, mais j'ai parfois des idées noires.", "rebond"),
]
CRISIS_AND_SITUATION_CASES += [
    ('je veux mourir, mon proprio veut me virer du local', 'juridique'),
    ("j'ai des idées noires depuis que je suis seule à gérer le resto", 'equilibre'),
    ('idées suicidaires, le fisc me réclame un redressement fiscal', 'administratif'),
    ('je pense au suicide, mon dossier de prêt a été refusé', 'financier'),
    ("je vais faire une connerie, l'huissier vient demain", 'juridique'),
    ("j'ai pensé à me pendre, mon apprenti m'a dénoncé à l'inspection du travail", 'social'),
    ("envie de disparaître, je n'ai pas dormi depuis 3 jours", 'equilibre'),
    ("je veux mourir, on m'a coupé l'électricité car je ne paie plus", 'financier'),
    ('je pense à me tuer, le tribunal de commerce a ouvert une procédure collective', 'juridique'),
    ('I want to die, HMRC is after me for unpaid VAT', 'financier'),
    ('I feel suicidal since my divorce', 'equilibre'),
    ('I want to end it all, my landlord is evicting me', 'juridique'),
    ('I want to kill myself, I had to fire my only employee', 'social'),
    ('I have dark thoughts, my grant application was rejected', 'administratif'),
    ("je veux mourir. J'ai fermé ma boulangerie et je ne sais pas quoi faire maintenant", 'rebond'),
    ("je suis au chômage depuis la fermeture et j'ai envie de mourir", 'rebond'),
    ("je veux en finir, j'ai un contrôle fiscal", 'administratif'),
    ("mon expert-comptable m'a lâché, je veux mourir", None),
    ('mes fournisseurs ne me livrent plus, envie de crever', 'financier'),
    ('le juge a prononcé la liquidation, idées noires', 'juridique'),
    ("Je n'ai plus de stock, plus de marchandise, je veux mourir", None),
]
CRISIS_WORDS_ONLY = [
    "je suis fatigué de vivre",
    "je suis un poids pour ma famille",
    "Ma famille serait mieux sans moi.",
]


@pytest.mark.parametrize("text", CRISIS_WORDS_ONLY)
def test_crisis_words_alone_state_no_need(parse_at, text):
    result = parse_at(text)
    assert result.crisis is True and result.topic is None


@pytest.mark.parametrize("text, topic", CRISIS_AND_SITUATION_CASES)
def test_the_need_next_to_crisis_words_is_the_topic(parse_at, text, topic):
    assert parse_at(text).topic == topic
