"""name: as written, civility removed; not a company's nor a third person's."""
import pytest

CASES = [
    ("Bonjour, Paul Martin, rappel possible demain 14h-16h au 06 12 34 56 78", "Paul Martin"),
    ("Bjr c'est Mme Sophie Durand (boulangerie Durand à Beaune). Rappel jeudi", "Sophie Durand"),
    ("bjr c Marc du garage des Tilleuls a Chenôve", "Marc"),
    ("Bonjour je suis Karim Benali, j'ai fermé ma boîte", "Karim Benali"),
    ("Bonsoir je m'appelle Léa, j'ai dû fermer mon salon de thé", "Léa"),
    ("Moi c'est Fatima, j'ai une épicerie. Dispo jeudi 10h", "Fatima"),
    ("Isabelle ici, rappel possible aujourd'hui à 2h", "Isabelle"),
    ("ici Paul, rappel ce soir svp", "Paul"),
    ("Monsieur Bernard ici, rappelez moi svp", "Bernard"),
    ("Mme Perrin, fleuriste rue Monge. Rappelez moi le midi", "Perrin"),
    ("Dr Vernier, kiné à Montbard. Rappel le 5/11", "Vernier"),
    ("dispo tous les jours entre midi et deux. M. Girard, boucherie Girard", "Girard"),
    ("Bjr, Mme Da Silva, auto-école. dispo lundi", "Da Silva"),
    ("Bonjour,\nje suis Anne-Sophie de Villiers\nmerci", "Anne-Sophie de Villiers"),
    ("Les dettes m'étouffent. Appelez moi svp. Laurent 06 45 17 89 01", "Laurent"),
    ("pas avant 18h svp, ce soir ou demain soir. Thomas (traiteur)", "Thomas"),
    ("Demain après-midi svp, 0033 6 12 12 12 12, Hugo", "Hugo"),
    ("MERCI DE ME RAPPELER DEMAIN AU 0612345679. GERARD", "GERARD"),
    ("BONJOUR C'EST MICHEL DURAND, PLOMBIER. RAPPELEZ MOI AU 0611223344", "MICHEL DURAND"),
    ("Bonjour, pourriez-vous me rappeler ? Cédric Morel, boulangerie Morel", "Cédric Morel"),
    ("Sabrina, coiffeuse a Beaune. conflit avec mes 2 salariées", "Sabrina"),
    ("Merci de me rappeler. Cordialement, Dr. Alain Mercier", "Alain Mercier"),
    ("Rappel svp. Merci, Jean Dupont", "Jean Dupont"),
    ("Bonjour\nJe ne m'en sors plus.\nCordialement\nNicolas Petit\n06 12 34 56 78", "Nicolas Petit"),
    ("Laurent Girard - Menuiserie Girard - 06 12 34 56 78", "Laurent Girard"),
    ("de la part de Julien Morel, 06 45 45 45 45", "Julien Morel"),
    ("Garage du Centre, M. Lopez, rappel lundi", "Lopez"),
    ("Je m'appelle Ahmed Benali et je suis gérant d'une SARL", "Ahmed Benali"),
    ("Hi, this is Rachel Moore, I run a B&B near Beaune.", "Rachel Moore"),
    ("Hi, I'm Sarah. I'm a freelance designer", "Sarah"),
    ("My name's Anna Kowalski. I run a small shop in Dijon.", "Anna Kowalski"),
    ("My name is John Smith and I own a bar", "John Smith"),
    ("Hello, Emma here. Could you call me tomorrow?", "Emma"),
    ("Please call me asap on +33 6 71 24 86 30. Mark (bakery in Dijon)", "Mark"),
    ("Please call me back on Monday. Thanks, Julie", "Julie"),
    ("bonjour c'est paul, dispo demain", "paul"),
    ("Paul Martin rappel demain 14h", "Paul Martin"),
    ("hi, it's Ben. lost everything, can't pay the rent.", "Ben"),
    ("Hi there, I'm a French-American restaurant owner, Jessica. Struggling with debts.", "Jessica"),
    ("Bonjour, je suis la fille de M. Garnier, il ne va pas bien. Rappelez-moi. Amandine", "Amandine"),
    ("Bjr, M. Dupuis à l'appareil, plombier.", "Dupuis"),
    # a civility in lower case, and the name after it
    ("bjr, mme lefebvre ici. mon comptable, M. Perrier, dit qu'il faut deposer le bilan", "lefebvre"),
    ("bonjour c'est mr dupont du garage, rappelez moi", "dupont"),
    ("bonjour, mr jean dupont, plombier", "jean dupont"),
    # "Nom :" is a label, not a name
    ("Bonjour, Nom : DUPONT Jean, tel 0612345678", "DUPONT Jean"),
    # first names that end like common words ("-e"): known first names
    ("Nadège, 52 ans, commerçante. Ma boutique va fermer en janvier.", "Nadège"),
    ("Ludivine Perrot, esthéticienne", "Ludivine Perrot"),
    ("Gwenaëlle, fleuriste à Dijon, rappel demain", "Gwenaëlle"),
    # a signature ending in -e that the list of first names lacks
    ("Rappelez moi svp. Bertille", "Bertille"),
    ("Merci. Clotaire Dupuis", "Clotaire Dupuis"),
    # SMS without any capital
    ("bjr c marc du garage des tilleuls", "marc"),
    ("bjr, mme da silva, auto-école. dispo lundi", "da silva"),
    ("bonjour je suis karim benali, j'ai fermé ma boîte", "karim benali"),
    ("dispo demain ou vendredi matin. samuel petitjean 06 45 56 67 78", "samuel petitjean"),
    ("hello, tom baker here, i own a pub in dijon", "tom baker"),
    # SMS in capitals
    ("BONJOUR C'EST MME CHANTAL NOIROT, HOTEL DU PARC", "CHANTAL NOIROT"),
    ("RAPPEL VENDREDI 10H. MERCI, SYLVIE", "SYLVIE"),
    # a known first name in lower case after an introduction, in a text with capitals
    ("Salut c julien 06 12 34 56 78", "julien"),
    ("slt c manu jsui plombier gros pb avec lurssaf", "manu"),
    ("Bonjour c'est sandrine dupont, j'ai un salon", "sandrine dupont"),
    ("Bonjour c'est sandrine, j'ai un salon", "sandrine"),
    ("Bonjour c'est moi Nadia, je vous ai écrit hier", "Nadia"),
    ("Bonjour, je suis le Dr Martin, vétérinaire", "Martin"),
    # a known first name signing after the business name and a comma
    ("Le Petit Bistrot, Jean", "Jean"),
    ("SARL Dupont Bâtiment, Pierre 06 12 34 56 78", "Pierre"),
    # a hyphenated first name, in any case
    ("rappel svp. pierre-louis, maraîcher.", "pierre-louis"),
    ("RAPPEL SVP. PIERRE-LOUIS, MARAICHER.", "PIERRE-LOUIS"),
]

NO_NAME = [
    "Bonjour, j'aimerais être rappelé. Merci",
    "URGENT rappelez moi au plus vite au +33 (0)6 55 44 31 22 svp",
    "Bonjour. SARL Bâti-Concept, Longvic. Deux salariés en arrêt. Joignable au 0380664512",
    "Menuiserie Chaumont. Les clients paient plus, 3 impayés en 2 mois.",
    "Bonjour, je vous contacte pour mon père, M. Roger Blanc, qui a un garage.",
    "Bonjour c'est pour mon mari, Patrick Roux, il ne va pas bien",
    "Ici la boulangerie Martin, rappel svp",
    "Bonjour, c'est urgent, rappelez moi.",
    "Dijon, boulangerie. Problème de dettes. Rappel lundi",
    "Bonsoir. Tribunal de commerce mardi. Peur. Rappel mercredi.",
    "Super, merci beaucoup !",
    "Boulangerie Lemoine, Chenôve. Rappel svp.",
    "Camping Les Pins, Vandenesse. Rappel demain",
    "Je suis perdu, je ne sais plus quoi faire avec ma boîte. rappel demain",
    "BONJOUR JE SUIS ARTISAN PLOMBIER, PLUS DE TRAVAIL. MERCI DE ME RAPPELER",
    "jen peux plus jai envi den finir, la banque ma tout bloqué. rapelez moi des que possible",
    "bonjour madame, je voudrais un rappel",
    "Sorry for my French. Je suis Anglais. Problem with taxes.",
    "Rappelez moi. Vite",
    "JE PENSE QUE C'EST ABUSIF. RAPPEL DEMAIN",
    "I'M SCARED I MIGHT HURT MYSELF TONIGHT. PLEASE CALL",
    "MON BAIL COMMERCIAL SE TERMINE. RAPPEL VENDREDI ENTRE 9H ET 10H",
    "je ferai comme vous voulez",
    "Bonjour, c'est claire pour moi, rappel demain",
    "c pas grave, rappel demain",
    "Menuiserie Chaumont, Vandenesse",
    "pouvez-vous appeler mon père, M. Jacques Morel, 06 12 34 56 11 ? Il ne va pas bien.",
    "Rappel demain. Urgence",
    "Merci. Courage à vous",
    "",
]


@pytest.mark.parametrize("text, name", CASES)
def test_it_reads_the_senders_name(parse_at, text, name):
    assert parse_at(text).name == name


@pytest.mark.parametrize("text", NO_NAME)
def test_it_finds_no_name_when_none_is_given(parse_at, text):
    assert parse_at(text).name is None


def test_a_third_person_is_not_the_sender(parse_at):
    text = "Bonjour, mon comptable, M. Perrier, m'a conseillé de vous appeler. Merci, Jacques"
    assert parse_at(text).name == "Jacques"


def test_someone_who_gave_the_number_is_not_the_sender(parse_at):
    assert parse_at("C'est Jean qui m'a donné votre numéro. Rappelez-moi. Marc").name == "Marc"
