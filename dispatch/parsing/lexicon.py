"""Word lists for finding a person's name (folded: lower case, no accents).

FIRST_NAMES are common first names in France and in English-speaking
countries; they make a name certain where only its position suggests it (a
capitalised word at the start of a sentence, a word in an all-capitals SMS).
NOT_NAMES are the capitalised words an SMS starts sentences with, signs with,
or names a business or a place with; none of them is taken for a name.
"""
from __future__ import annotations

FIRST_NAMES = frozenset("""
aaron abdel abdelkader abdoulaye abel adam adele adeline adil adrien agathe agnes ahmed aicha aime aimee
alain alan alban albert alexandra alexandre alexia alexis alfred ali alice alicia aline alison alix amandine
amaury amel amelie amin amina amine amir anais anastasia andre andrea andree andy angela angelique angelo anis
anne annabelle annie annick anthony antoine antonin antonio apolline arielle arlette armand arnaud arthur astrid
aude audrey augustin aurelie aurelien aurore axel aya aymeric aziz baptiste barbara basile bastien beatrice
benedicte benjamin benoit bernadette bernard bertrand betty blanche boris brice brigitte bruno camille capucine
carine carla carole caroline catherine cecile cedric celia celine chantal charlene charles charlotte chloe
christelle christian christiane christine christophe claire clara clarisse claude claudia claudine clement
clementine clothilde colette coline coralie corentin corinne cyril cyrille damien daniel daniele danielle
david delphine denis denise diane didier dimitri dominique dorian dylan edith edouard elena eliane elias
elisa elisabeth elise ella elodie eloise elsa emeline emilie emilien emma emmanuel emmanuelle enzo eric
erwan estelle esther ethan etienne eugene eva eve evelyne fabien fabienne fabrice farid fatima fatou fernand
florence florent florian francine francis francois francoise franck frederic frederique gabin gabriel
gabrielle gael gaelle gaetan gaspard genevieve georges gerald geraldine gerard ghislaine gilbert gilles
ginette gisele gregoire gregory guillaume guy guylaine hakim hamid hannah hassan helene henri herve hugo
hugues ibrahim ines ingrid irene isabelle jacqueline jacques jade jean jeanne jeremie jeremy jerome jessica
joel joelle johan johanna jonathan jordan josee joseph josephine josiane jules julia julie julien juliette
justine karim karima karine kader kamel kevin khadija laetitia lamia laura laure laurence laurent lea lea
leila leo leon leonie lilian liliane lina lionel lisa loic lola lou louis louise luc luca lucas lucie
lucien lucile ludovic lydie madeleine mael maelle magali malik manon manuel marc marcel marguerite maria
marianne marie marine mario marion marius marjorie marlene marthe martin martine mathias mathieu mathilde
matteo matthieu maud maurice max maxime mehdi melanie melissa michel michele micheline mickael mohamed
mohammed monique morgane muriel myriam nabil nadia nadine naima nathalie nathan nicolas nicole noah noe
noel noemie nora oceane odette odile olivia olivier oscar pascal pascale patrice patricia patrick paul
paule pauline perrine philippe pierre quentin rachid rafael raphael raymond rebecca regine remi remy renaud
rene renee richard robert robin rodolphe roger romain romane rose sabine sabrina sacha salima samia samir
samuel sandra sandrine sara sarah sebastien serge severine simon simone solene sonia sophie stephane
stephanie suzanne sylvain sylvie tatiana theo theophile therese thibault thibaut thierry thomas timothee
tom tony valentin valentine valerie vanessa veronique victor victoire vincent virginie viviane xavier
yann yannick yasmine yves yvette yvonne zoe zohra
abdou abdoulaye adama amadou aminata bilal djamel farida fouad hicham hind ilyes imane ismael jamal kamal
karima khalid lahcen latifa leila linda mamadou mariam meriem mourad moussa mustapha nadir nassim nordine
omar ousmane rachida rayan redouane rida said saida salim salma samira sofiane souad sylla tarik walid
yacine yassine youssef yousra zakaria zineb
joao jose manuel paulo pedro ana rosa carlos miguel luis fernando sergio marco giovanni giuseppe francesca
sofia chiara lorenzo matteo alessandro
adrian alan alex alfie amber amy andrew angela ann anna annie ashley ben beth bill billy bob brian carl
charlie chris christopher claire connor craig daisy dan danny dave debbie diana donna doug ed eddie ella
ellie emily emma eric ethan gary george grace graham hannah harry heather helen holly ian isla jack jake
james jamie jane janet jason jeff jennifer jenny jess jill jim jimmy joe john jon josh joshua judy
karen kate katie kelly ken kevin kim kirsty laura lauren lee liam lily linda lisa liz lucy luke lynn mark
martha mary matt matthew megan mel michael mike molly nancy natalie neil nick nicola oliver olivia owen
pam pat patricia paula pete peter phil rachel rebecca richard rob robert roger ron rose ruby russell ruth
ryan sally sam samantha sandra sarah scott sean sharon simon sophie stephen steve steven stuart sue susan
tess thomas tim tina toby tom tony tracy vicky william zoe
regis jacky jose manu yohann joris morgan tristan tanguy loris matheo kylian rayan wassim samy sami yanis ilan
nael mathis timeo nolan maxence gwenael ronan yvon yvan loic margaux clemence heloise maelys nina lena louna
ophelie amandine cindy murielle kenza lila malika aicha hayat djamila houria yamina wafa hanane assia sihem yasmina
ambre mila gwen gwendoline marina sylviane huguette jocelyne josette maryse mireille nelly paulette raymonde
roselyne suzy sylvette violette yolande alban aristide bertrand cyprien desire edmond emile ernest fernand firmin
gaston gerard hippolyte honore jean-baptiste jeanine joachim leandre leonard lucien marcel maurice octave
prosper rodrigue roland sebastien thibaud ulysse urbain valery wilfried christopher stephen jeff bradley
frank fred freddy greg harold ivan jerry johnny kim lenny marc-antoine mike nico steph teddy willy
abdelaziz abdellah achille adelaide adelie adelina adolphe albane alexane alienor alizee allison alma
alphonse amalia ambroise amelia anabelle anaelle anatole angele angeline annabel anne-laure anne-marie
anne-sophie anouar anouk anselme antoinette ariane armelle arsene asma auguste augustine aurelia axelle ayoub
bachir barthelemy bathilde beatrix berangere blaise blandine brahim brune calixte carmen casimir cassandra
cecilia celestin celestine cesar chanel charles-henri charline chrystelle claudette clotilde come constance
 cunegonde cyrielle dalila dany daphne desiree donatien doriane driss edgar edwige eleonore elie
eliette elina eloi elvire emeric emilienne enguerrand enora eugenie eulalie evrard fadila faiza fanny fares
faustine  felicie felicien felix ferdinand  flora floriane gaetane gauthier gautier georgette
germain gersende gervais gilberte gildas gonzague guenole gustave gwenaelle gwenola hafida hakima hamza
hector henriette hichem hilaire hortense houda hubert ignace imene isaure isidore issa jacinthe jamel jamila
jean-charles jean-claude jean-francois jean-jacques jean-louis jean-luc jean-marc jean-marie jean-michel
jean-noel jean-paul jean-philippe jean-pierre jean-yves jeannine jocelyn jordane josselin judith julienne
justin kahina karelle katell katia khaled killian laurene laurette laurie leane lenaic leonce leonore
leontine lilou lothaire loubna louis-marie lounes lucette lucienne ludivine lydia maeva magalie maite manuela
marc-andre marceau marcelle marcellin margot marie-christine marie-claire marie-france marie-helene
marie-josee marie-laure marie-noelle marie-pierre marielle mariette marinette martial marylene maryline maude
mauricette maximilien medhi melina melodie michelle  mounir mylene nacer nadege najib nathanael nawel
nestor ninon noella noelle norbert odilon orlane pacome paloma pascaline paul-henri philibert philippine
pierre-alain pierre-yves priscilla  radia rania raoul raphaelle reda riad roch rolande romuald rosalie
roseline roxane rudy safia salome segolene selena serena severin sidonie siham simeon slimane solange
stanislas steeve sylvaine sylvestre tahar theodore timothe tiphaine titouan ugo vanina violaine virgile
vivien wendy yoann yohan youenn zacharie zahra zelie zinedine zoubida
""".split())

NOT_NAMES = frozenset("""
bonjour bonsoir bjr bsr slt salut hello hi hey coucou cc allo merci mercii thanks thank thx ty cordialement cdt
cdlt salutations regards cheers best sincerement sincerely svp stp svpl pls plz please urgent urgence important
help aide sos pardon desole desolee sorry excusez excuse dsl bonne bon bises bisous good dear cher chere
je j moi me mon ma mes tu toi ton ta tes il elle on nous vous votre vos ils elles leur leurs le la les l un
une des du de d au aux et ou mais donc or ni car que qu qui quoi ce c cet cette ces ca cela ceci y en a dans
sur sous pour par avec sans chez vers entre depuis pendant avant apres selon contre comme si tres trop plus
moins bien mal encore deja jamais toujours souvent voila voici alors bref enfin ensuite puis sinon aussi
parce quand comment pourquoi combien ou oui non ok okay ouais nan bah ben euh ah oh eh hein bon ps nb re
i my mine you your we our us he she they them their it its the an and but of to in on at for from with
about by this that these those there here what when how who why which all some any no not yes im ive id
suis est sont ai as avons avez ont etre avoir fait faire peux pouvez pourriez pourrais voudrais veux voulez
aimerais besoin rappelez rappeler rappel rappelle appelez appeler appel appelle contactez contacter
joignable joindre dispo disponible disponibles libre libres possible laissez ecrivez envoyez ecris
call text contact could can would will need want looking have has had am is are was were do does did get
got just really also still since after before until maybe perhaps sure thanks
aujourd aujourdhui auj demain hier lundi mardi mercredi jeudi vendredi samedi dimanche matin midi soir
soiree nuit journee semaine weekend week end aprem apres today tomorrow tonight yesterday monday tuesday
wednesday thursday friday saturday sunday morning afternoon evening night weekdays weekday janvier fevrier
mars avril mai juin juillet aout septembre octobre novembre decembre january february march april may june
july august september october november december heure heures rdv rendez vous
boulangerie boulanger boulangere patisserie boucherie boucher charcuterie traiteur restaurant resto
brasserie bistrot bistro bar cafe hotel camping gite garage menuiserie menuisier plomberie plombier
electricien electricite maconnerie macon artisan artisans commercant commercante commerce magasin boutique
salon coiffure coiffeur coiffeuse fleuriste fleuristerie pharmacie librairie epicerie cave caviste
pizzeria kebab snack agence cabinet societe sarl sas sasu eurl sci ei eirl scop entreprise boite ecole
atelier usine ferme exploitation domaine gerant gerante patron patronne directeur directrice president
presidente associe associee fondateur fondatrice createur creatrice dirigeant dirigeante independant
independante freelance consultant consultante entrepreneur entrepreneuse chef cheffe kine kinesitherapeute
infirmier infirmiere medecin avocat avocate comptable expert banquier banquiere conseiller conseillere
mandataire huissier juge notaire client clients cliente fournisseur fournisseurs salarie salaries
salariee employe employes employee equipe btp transport transports taxi vtc auto moto bakery shop store
company business restaurant cafe farm hotel studio design designer owner manager founder ltd inc llc
stresse stressee epuise epuisee fatigue fatiguee creve crevee perdu perdue seul seule desespere
desesperee deprime deprimee inquiet inquiete angoisse angoissee triste malade isole isolee dettes dette
banque urssaf tribunal redressement liquidation impots impot tva aides probleme problemes souci soucis
difficulte difficultes situation desperate exhausted tired worried lost stressed alone french english
british self employed broke struggling ruined conflict debt debts bank loan court taxes tax staff
tel tl telephone phone portable mobile fixe numero num mail email adresse rue avenue bd boulevard place
chemin route impasse allee quai ville france paris objet sujet madame monsieur mademoiselle mme mlle mr mrs
ms miss dr pr docteur maitre nom prenom name surname ici here
anglais anglaise francais francaise belge suisse allemand allemande italien italienne espagnol espagnole
portugais portugaise americain americaine canadien canadienne irlandais irlandaise ecossais ecossaise
marocain marocaine algerien algerienne tunisien tunisienne turc turque polonais polonaise roumain roumaine
chinois chinoise english irish scottish welsh american canadian german italian spanish dutch belgian swiss
australian veuf veuve maman papa retraite retraitee auto-entrepreneur autoentrepreneur micro-entrepreneur
vite urgente pitie priere pressee presse rappelle-moi rappelez-moi appelez-moi aidez-moi
jsui jsuis chui jai g jpeux jveux jsais jvais jme jte jpense jcrois pb pbs pbm tt ts tte dm1 dmn ajd mrc bcp pr ds pk pcq
qd vs ns tkt mtn jrs tjrs tjs slt bjr bsr cc dsl stp svp rdv tel
rien tout tous toute toutes personne quelqu quelquun gens famille enfants femme mari fils fille frere soeur
pere mere parents dieu vie travail boulot job work argent money temps fois jour jours mois an ans annee
annees heureusement malheureusement honnetement franchement actuellement vraiment completement
idealement finalement depuis cordialement urgemment rapidement svp asap
patron va la part hotline ligne service numero vert association accueil
peur super top parfait genial bravo courage attention note info infos question questions demande message sms
texto suite concernant retour stress solitude epuisement burnout faillite procedure audience urgence detresse
voila ciao bisous bises amities affectueusement respectueusement tchao merci bye
dijon beaune chenove semur auxonne longvic montbard chatillon nuits quetigny talant chevigny
genlis is-sur-tille saulieu vitteaux pouilly arnay nolay meursault pommard chagny autun macon chalon
auxerre sens avallon nevers besancon dole lyon paris marseille lille toulouse bordeaux nantes strasbourg
nice rennes grenoble montpellier reims metz nancy tours orleans troyes belfort vesoul lons bourgogne
franche-comte cote-d-or yonne saone-et-loire jura doubs nievre
""".split())

# Words between a first name and a surname, or opening a surname ("Da Silva").
PARTICLES = frozenset("de du des da di van von der den le la del dos das ben el al mac mc bin ibn d".split())

# Words that, right before a capitalised word, make it someone or something
# else than the sender: a third person ("mon comptable M. Perrier"), a
# business ("boulangerie Durand") or a place ("à Beaune").
NOT_SELF_BEFORE = frozenset("""
mon ma mes notre nos son sa ses leur leurs votre vos my our his her their your avec chez contre par de du
des d a au aux pour with from for to of at in near on by le la les l un une the an sur vers dans pres
rue avenue bd boulevard place chemin route quai allee impasse cite
comptable avocat avocate banquier banquiere conseiller conseillere associe associee expert mandataire
huissier juge notaire administrateur client cliente fournisseur collegue patron patronne gerant gerante
femme mari epouse epoux fils fille frere soeur pere mere cousin cousine oncle tante ami amie voisin
voisine salarie salariee employe employee apprenti maitre accountant lawyer banker partner wife husband
son daughter brother sister father mother friend boss employee colleague
boulangerie patisserie boucherie charcuterie traiteur restaurant resto brasserie bistrot bistro bar cafe
hotel camping gite garage menuiserie plomberie maconnerie commerce magasin boutique salon pharmacie
librairie epicerie cave pizzeria agence cabinet societe sarl sas sasu eurl sci entreprise boite ecole
atelier usine ferme domaine etablissements ets maison bakery shop store company restaurant studio
vu appele rencontre parle contacte dit conseille envoye recommande oriente donne voir appeler contacter
""".split())

# The business nouns of NOT_SELF_BEFORE, and the words that end a business name
# ("Le Petit Bistrot", "SARL Dupont Bâtiment"): after one of them and a comma, a
# known first name signs the SMS ("Le Petit Bistrot, Jean").
BUSINESS_NOUNS = frozenset("""
boulangerie patisserie boucherie charcuterie traiteur restaurant resto brasserie bistrot bistro bar cafe
hotel camping gite garage menuiserie plomberie maconnerie commerce magasin boutique salon pharmacie
librairie epicerie cave pizzeria agence cabinet societe sarl sas sasu eurl sci entreprise boite ecole
atelier usine ferme domaine etablissements ets maison bakery shop store company studio
batiment peinture renovation transports services fils freres
""".split())

# The words of NOT_SELF_BEFORE that make the next name someone else's even when it
# signs the SMS ("mon père, M. Jacques Morel, 06 ..."): possessives, relatives, roles.
THIRD_PERSON_BEFORE = frozenset("""
mon ma mes notre nos son sa ses leur leurs votre vos my our his her their your
comptable avocat avocate banquier banquiere conseiller conseillere associe associee expert mandataire
huissier juge notaire administrateur client cliente fournisseur collegue patron patronne
femme mari epouse epoux fils fille frere soeur pere mere cousin cousine oncle tante ami amie voisin
voisine salarie salariee employe employee apprenti accountant lawyer banker partner wife husband
son daughter brother sister father mother friend boss employee colleague
""".split())
