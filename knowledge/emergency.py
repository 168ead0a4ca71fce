"""The emergency check: does a message speak of a danger now, and of which kind?

Danger is decided by explicit phrases, in each language Passerelle reads, never by fuzzy
matching and never by the emergency entry's aliases. "Help" alone is not danger: a person who
writes "au secours, je ne comprends rien aux papiers" needs the welcome office, not the police;
whether a message is an emergency is judged by the words around the call for help.

A phrase is a few words that must follow each other within one clause (commas and full stops
end a clause). In the lists below:

- `word*` also matches longer words ("suicid*": suicide, suicider, suicidaire), `*word` words
  that end so (Arabic and Persian glue prepositions and pronouns to words), `*word*` both;
- `a/b/c` is one word among several;
- `..` lets up to three other words sit in between, `...` up to six;
- `^` at the start: only at the start of a clause;
- `~` before a phrase: it tells of something that may be long past ("m'a frappée"), and is
  silenced when the message says it was ("il y a cinq ans", "dans mon pays").

Words are normalised like the rest of the engine (`knowledge.normalisation`): no accents, case
folded, SMS spellings expanded, Arabic and Persian letter variants merged. Some phrases only
make sense with a word that is not itself danger: an expression that cancels a phrase it
overlaps (`_NOT_DANGER`: "feu vert", "kill time", "dying to know"), a mention of a partner that
makes violence domestic violence, a product swallowed that makes a threat to life a poisoning.

Every phrase is listed under its language for the people who keep these lists, but all of them
are tried on every message: people mix languages.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from knowledge.normalisation import normalise, word_tokens

EMERGENCY_ID = "urgence"


class Danger(StrEnum):
    """The kinds of danger the check tells apart, each with its own helplines."""

    SUICIDE = "suicide"  # suicidal thoughts, self-harm
    MISSING_CHILD = "missing_child"  # a child missing, run away or abducted
    CHILD_IN_DANGER = "child_in_danger"  # a child beaten, abused, left in danger
    SEXUAL_VIOLENCE = "sexual_violence"
    DOMESTIC_VIOLENCE = "domestic_violence"
    POISONING = "poisoning"  # overdose, poison, carbon monoxide
    VIOLENCE = "violence"  # someone hitting, attacking, threatening with a weapon, now
    LIFE_THREAT = "life_threat"  # fire, not breathing, unconscious, bleeding, drowning
    MEDICAL = "medical"  # heart attack, stroke, seizure, a birth under way


# When a message holds several dangers, the first in this order names it (the others still
# bring their helplines): the most specific help first.
PRIORITY: tuple[Danger, ...] = tuple(Danger)

# The helplines shown after 112/101, by their entry ids (absent entries are simply left out).
HELPLINES: Mapping[Danger, tuple[str, ...]] = {
    Danger.SUICIDE: ("ligne-prevention-suicide",),
    Danger.MISSING_CHILD: ("child-focus", "ecoute-enfants"),
    Danger.CHILD_IN_DANGER: ("ecoute-enfants",),
    Danger.SEXUAL_VIOLENCE: ("sos-viol",),
    Danger.DOMESTIC_VIOLENCE: ("ecoute-violences-conjugales",),
    Danger.POISONING: ("centre-antipoisons",),
    Danger.VIOLENCE: (),
    Danger.LIFE_THREAT: (),
    Danger.MEDICAL: (),
}


@dataclass(frozen=True)
class Alarm:
    """What the check found: the kinds of danger (the main one first) and the phrase that fired."""

    dangers: tuple[Danger, ...]
    phrase: str

    @property
    def category(self) -> Danger:
        """The main kind of danger."""
        return self.dangers[0]

    @property
    def helplines(self) -> tuple[str, ...]:
        """The helpline ids that fit, the main danger's first, without repeats."""
        return tuple(dict.fromkeys(i for d in self.dangers for i in HELPLINES[d]))


_DANGER_PHRASES: Mapping[Danger, str] = {
    Danger.SUICIDE: """
fr: suicid* | me suicider | vais/veux/jvais me tuer | envie de me tuer | vais/veux me pendre |
  veux/voudrais/vais mourir | envie de mourir | envie de crever | veux crever |
  veux/voudrais/vais en finir | envie d en finir | en finir avec la/ma vie | en finir avec tout |
  mettre fin a mes/ma jours/vie | veux/voudrais plus vivre | envie de vivre | raison de vivre |
  force de vivre | mieux sans moi | idees noires | veux disparaitre |
  me jeter sous/par/du .. train/metro/fenetre/pont/balcon/voiture |
  sauter du/d/par .. pont/fenetre/balcon/toit | m ouvrir les veines | couper les veines | scarifi* |
  automutil* | me mutile*
en: suicid* | kill/killing myself | end/ending my life | end it all | want to end it |
  going to end it | take my own life | want to die | going to die | want to be dead |
  wish i was/were dead | better off without me | better off dead | reason to live |
  not/t want to live | not/t want to be alive | no point living | no point in living |
  want/going/urge to hurt/harm/cut myself | harming myself | cutting myself | cut myself again |
  self harm | selfharm | hang myself | jump off/from a/the bridge/building/roof/window |
  jump in front of | pills ... take them all | take/took/swallow/swallowed all my/the pills
nl: zelfmoord* | zelfdoding | suicid* | wil/wou dood | wil/wou .. niet meer leven |
  eind/einde aan te maken | eind/einde aan maken | eind/einde aan mijn leven | van kant maken |
  mezelf iets aandoen | snij/snijd mezelf | mezelf snijden | zelfbeschadiging |
  wil er niet meer zijn
ar: انتحار | *انتحر* | *قتل نفسي/حالي | بدي موت/اموت | اريد ان اموت | اريد الموت | نفسي اموت |
  بدي/اريد .. انهي حياتي | انهاء حياتي | ما/لا/مش .. بدي/اريد .. اعيش/عيش | اجرح نفسي/حالي
uk: самогубств* | суїцид* | покінчити/покінчу з собою | вбити/вбю себе | хочу .. померти/вмерти |
  не хочу .. жити | сенсу жити | наклас* на себе руки | ріжу/порізати/порізала/порізав себе |
  завдаю собі шкоди
ru: самоубийств* | суицид* | покончить/покончу с собой | убить/убью себя | хочу .. умереть |
  не хочу .. жить | незачем жить | смысла жить | налож* на себя руки |
  режу/порезать/порезала/порезал себя | причиняю себе вред | hochu umeret | ne hochu zhit
es: suicid* | quitarme la vida | voy a matarme | quiero matarme | me voy a matar | me quiero matar |
  quiero morir/morirme | ganas de morir/morirme | no quiero .. vivir | no quiero seguir viviendo |
  acabar/terminar con mi vida | me corto los brazos/venas | cortarme las venas | hacerme dano |
  autolesion*
fa: خودكشي | خودمو/خودم .. بكشم | ميخوام/ميخواهم بميرم | دلم ميخواد بميرم |
  نميخوام/نميخواهم زنده باشم | نميخوام/نميخواهم زندگي كنم | زندگي* پايان | خودمو/خودم زخمي |
  به خودم اسيب
""",
    Danger.MISSING_CHILD: """
fr: enfant*/fils/fille/gamin*/gamine*/bebe/petit/petite/ado ... disparu*/fugue*/enleve*/kidnap* |
  enleve*/kidnappe*/disparition .. enfant*/fils/fille/bebe |
  retrouve/trouve plus mon/ma fils/fille/enfant
en: son/daughter/child/kid/baby/boy/girl/teen*/toddler/old is/are/was/went/gone/been missing |
  son/daughter/child/kid/baby/boy/girl/teen*/toddler/old has/have been missing |
  son/daughter/child/kid/baby/boy/girl/teen*/toddler/old has/have? disappeared/vanished |
  son/daughter/child/kid/baby/boy/girl/teen*/toddler/old is/has gone |
  son/daughter/child/kid/baby/boy/girl/teen* ... ran/run away | runaway |
  son/daughter/child/kid/baby/boy/girl/teen* ... kidnapped/abducted |
  kidnap*/abduct*/took/taken my/our son/daughter/child/kid/baby | missing child |
  t/not/cannot find my/our son/daughter/child/kid/baby/boy/girl |
  lost my/our son/daughter/child/kid/baby
nl: vermist* | ontvoer* | weggelopen |
  kind*/zoon/zoontje/dochter/dochtertje/baby .. is/zijn weg/verdwenen/zoek |
  vind* .. kind*/zoon/zoontje/dochter/dochtertje nergens |
  kind*/zoon/zoontje/dochter/dochtertje nergens
ar: ابن*/بنت*/طفل*/ولد*/ولاد*/اولاد* ضاع*/ضايع*/مفقود*/اختف*/مخطوف*/خطف*/انخطف* |
  ضاع*/ضايع*/مفقود*/اختف*/مخطوف*/خطفوا/انخطف* .. ابن*/بنت*/طفل*/ولد*/ولاد*/اولاد*
uk: зник/зникла/зникли/пропав/пропала/пропали/втік/втекла мій/моя/наш/наша?
    син/синок/донька/дочка/доця/дитина/хлопчик/дівчинка/малий/малюк/діти |
  викрали/викрадено .. дитину/дитина/сина/доньку/дочку/хлопчика/дівчинку/дітей |
   син/синок/донька/дочка/доця/дитина/хлопчик/дівчинка/малий/малюк ..
    зник/зникла/пропав/пропала/втік/втекла
ru: пропал/пропала/пропали/исчез/исчезла/сбежал/сбежала/убежал/убежала мой/моя/наш/наша?
    сын/сынок/дочь/дочка/ребенок/мальчик/девочка/малыш/дети |
  похитили/похищен* .. ребенка/ребенок/сына/дочь/дочку/мальчика/девочку/детей |
  сын/сынок/дочь/дочка/ребенок/мальчик/девочка/малыш .. пропал/пропала/исчез/исчезла/сбежал/сбежала
es: hij*/niñ*/bebe/nene/nena/pequeñ* ... desaparec*/secuestr*/escap* |
  hij*/niñ*/bebe/nene/nena/pequeñ* ... se perdio | desaparec*/secuestr*/robaron .. hij*/niñ*/bebe |
  no encuentro/encontramos a mi hij*/niñ*
fa: بچ*/دختر*/پسر*/كودك*/نوزاد* رو/را? گم/دزديدن/دزديدند/ربودن/ربودند/ربوده |
  گم شده بچ*/دختر*/پسر*/كودك*
""",
    Danger.CHILD_IN_DANGER: """
fr: enfant* en danger | enfant* maltrait* | maltrait* .. enfant*/gamin*/fils/fille/bebe |
  maltraitance |
   bat/battent/frappe/frappent/tape/tapent/tabasse*/cogne*/brule/brulent ..
    enfant*/gamin*/gosse*/fils/fille/bebe*/petit*/ado* | tripote* | beau pere .. touche*/tripote* |
  touche* .. parties intimes | touche* .. sexe | attouchement* | pedophil* |
  enfant*/bebe ... enferme* .. voiture | bebe/enfant* .. seul* depuis
en: child/kid/children/baby in danger | child abuse |
   abus*/beat*/hit/hits/hitting/punch*/burn*/kick* ..
    kid/kids/child/children/son/daughter/baby/toddler | abused child | molest* |
  touches/touching .. kid/kids/child/children/sister/daughter/son/niece/nephew/girl/boy |
  ~touched .. kid/kids/child/children/sister/daughter/son/niece/nephew/girl/boy |
  burn* ... cigarette* | locked in a/the hot? car | crying alone | left alone for
nl: kind* in gevaar | kindermishandeling | mishandel* .. kind*/zoon/dochter/baby |
  slaan/slaat/sloeg/schopt/mishandelt .. kind/kinderen/kindje/baby/zoon/zoontje/dochter/dochtertje |
  misbruik* .. kind*/zus*/broer*/dochter/zoon | kind* .. opgesloten .. auto
ar: طفل*/ولد*/اطفال في خطر | *ضرب* .. ولاد*/ابن*/بنت*/طفل*/اطفال*/اولاد*/ولد* |
  *تحرش*/*يلمس* .. *اختي/*اخته/*بنتي/*بنته/*ابني/*ابنه/طفل*/ولد* | تحرش بالاطفال |
  مسكر/مقفول/محبوس .. *سيار*
uk: дитин* в небезпеці |
  бють/бє/лупить/лупцює/бив/побив .. дитин*/дітей/сина/доньку/дочку/малого/малюка/свою/своїх |
  чіпає/лапає/домагається/торкається .. сестр*/доньк*/дочк*/дитин*/сина/брат* | зачинен* .. машин*
ru: ребен* в опасности |
  бьют/бьет/избивает/избивают .. ребенка/детей/сына/дочь/малыша/своего/свою/своих |
  трогает/пристает/домогается/лапает .. сестру/дочь/дочку/ребенка/сына/девочку/мальчика |
  заперт* .. машин*
es: niñ* en peligro | maltrato infantil | maltrat* .. hij*/niñ*/bebe |
  pega/pegan/pegando/golpea*/maltrata* .. hij*/niñ*/nene*/nena*/bebe* |
  toca/tocando/toco/manosea* .. hermanit*/hij*/niñ*/sobrin* | encerrad* .. coche/auto/carro
fa: بچه/كودك در خطر | كودك ازاري | بچ*/كودك*/پسر*/دختر*/نوزاد* .. ميزنن/ميزنه/ميزند/كتك* |
  خواهر*/دختر*/بچ*/پسر* .. دست ميزنه/ميزنن/ميزند | ماشين .. زنداني/حبس
""",
    Danger.SEXUAL_VIOLENCE: """
fr: ~viol | ~violer/violee/violees/viole/violes | ~agress*/abus* sexuel* |
  ~agressee/agresse sexuellement | force*/oblige* a coucher | force*/oblige* .. relation* sexuel* |
  ~drogue* et viol*
en: ~rape/raped/raping/rapist | ~sexual assault/abuse | ~sexually assaulted/abused |
  forc*/made/make*/makes me ... have sex | ~drugged me
nl: ~verkracht* | ~aangerand | ~aanranding | ~seksueel geweld/misbruik | dwingt .. seks |
  ~gedwongen .. seks
ar: ~اغتصاب | ~*اغتصب* | ~اعتداء جنسي | ~اعتدي/اعتدا .. جنسي* | *جبرني/*جبرونا .. جنسي*/الجنس
uk: ~згвалт* | ~гвалту* | ~сексуальн* насильств* | примушу* .. сексу
ru: ~изнасил* | ~насилует | ~сексуальн* насили* | принужда* .. сексу | ~принудил* .. сексу
es: ~viola/violacion/violaron/violada/violado/violo | ~abuso sexual | ~abus* de mi |
  ~agresion sexual | obliga/obligo/forzo/fuerza .. sexo
fa: ~تجاوز | ~تعرض جنسي | ~ازار جنسي | مجبورم ميكنه/ميكنن .. رابطه
""",
    Danger.DOMESTIC_VIOLENCE: """
fr: ~violence*/violent* conjugal* | ~violence* domestique* | ~violence* intrafamilia*
en: ~domestic violence/abuse
nl: ~huiselijk geweld | ~partnergeweld | ~intrafamiliaal geweld
ar: ~عنف اسري/منزلي/زوجي
uk: ~домашн* насильств*
ru: ~домашн* насили*
es: ~violencia domestica/machista/intrafamiliar | ~violencia de genero
fa: ~خشونت خانگي
""",
    Danger.POISONING: """
fr: overdose | surdose | empoisonn* | monoxyde | intoxi* au monoxyde/co/gaz |
   avale*/pris/bu .. toute/tous la/les/ses/mes/sa/ma
    boite/plaquette/cachets/medicaments/comprimes/pilules
en: overdose* | poisoned | poisoning | carbon monoxide | too many pills/tablets |
  whole box/bottle/pack of pills/tablets/medicine
nl: overdosis | vergiftig* | koolmonoxide | te veel pillen
ar: جرعه زايده | تسمم | مسموم* | اول اكسيد الكربون | حبوب كتير/كثير
uk: передозуван* | отруєн* | отруїв* | отруїла* | чадн* газ* | багато таблеток
ru: передозировк* | отравлен* | отравил* | угарн* газ* | много таблеток
es: sobredosis | envenen* | intoxicad* | monoxido | muchas pastillas | todas las pastillas
fa: اوردوز | مسموميت | مسموم | گاز گرفتگي | گازگرفتگي | قرص زياد
""",
    Danger.VIOLENCE: """
fr: avec un/une/son/sa/des
    couteau*/arme*/pistolet*/fusil*/flingue*/machette*/hache*/marteau*/batte*/barre* |
  a un/une couteau/arme/pistolet/fusil/flingue/machette | couteau/pistolet/flingue sous/sur/contre |
  sorti* un couteau/flingue/pistolet | braque* | pistolet | flingue | ~menace* .. de mort |
  menace* de me/nous tuer/frapper/battre | ~menac* .. couteau/arme/pistolet |
  veut/veulent/va/vont/essaie/essaye/essayer/essaient me/nous tuer | veut/va le/la tuer |
  ~voulait/voulaient me/nous tuer | me tuer ce soir |
  me frappe/frappent/frape/frapent/tape/tapent/bat/battent |
  me cognent/tabasse/tabassent/etrangle/etranglent | il/elle/ils/on me cogne |
  me frapper/fraper/taper/battre/tabasser/cogner/etrangler | m etrangle/etranglent/etrangler |
  ~m/ma a/ont frappe*/tape*/battu*/tabasse*/cogne*/etrangle* | ~ma frappe*/tape*/battu*/tabasse* |
  ~tabass* | me serre le cou | me gifle/giflent | ~m/ma a/ont gifle*/roue* |
  ~pousse* dans les escaliers | leve la main sur moi | me donne/donnent des coups | roue* de coups |
  ~m agresse/agressent/agresser | se fait agresser | me fait agresser | en train de m agresser |
  on m agresse | ~attaqu* au couteau | m attaque/attaquent | ~coups de feu | ~coup de feu |
  va/vont tirer | tire*/tirent/tirer sur moi/nous/les/des/lui/elle/eux/mon/ma/quelqu/tout |
  force*/forcer ma/la porte | essai*/essay*/tente* d entrer/rentrer chez moi/nous |
  cambrioleur* chez | je suis en danger | on est en danger | sommes en danger |
  ma vie est en danger | danger de mort | peur pour ma vie | ~sequestr*
en: with a knife/gun/weapon/machete/bat/axe/hammer/blade | has/holding/pulled a knife/gun/weapon |
  knife/gun to my | pointing a gun | gun | knife | stabbing | stab me/him/her/us | ~stabbed |
  shot/shoot me/him/her/us | shooting at/in/outside/near | are/is/s/someone shooting | shots fired |
  gunshot* | threaten* to kill/hurt/beat/stab/shoot | ~death threat* |
  going/wants/want/trying/will to? kill me/us/her/him |
  hitting/beating/punching/kicking/strangling/choking/attacking me/us |
  hits/beats/punches/kicks me | beat/beats/beating me up | ~beat me | slapping/slaps me |
  ~slapped/punched/kicked me | ~pushed me down/against/into | raised his/her hand | beating up |
  ~attacked me/us | ~assaulted me/us | being attacked | attacking people | ~beaten up |
  break*/breaking into my/our | ~broke into my/our | breaking in | trying to break in |
  breaking down my/our/the door | trying to get in | won t let me leave/out | i am/m in danger |
  we are/re in danger | life is in danger | scared/afraid/fear/fearing/terrified for my life |
  ~kidnap* | ~abduct*
nl: met een mes/pistool/wapen/bijl/hamer/knuppel/geweer | heeft een mes/pistool/wapen/geweer |
  mes op/tegen mijn keel | pistool | steekt me/mij/hem/haar/ons | ~neergestoken | ~geschoten |
  schiet* op mij/ons | ~doodsbedreiging* | ~bedreig* .. met de dood |
  bedreig* .. met een mes/wapen/pistool | dreigt .. dood/vermoorden/doden | ~vermoord* |
  wil/gaat/gaan me/mij/ons doden | slaat/slaan/schopt/schoppen me/mij/ons |
  ~sloeg/sloegen me/mij/ons | ~gaf/geeft me/mij een klap/klappen/mep |
  in elkaar geslagen/slaan/slaat/getrapt | slaan/slaat .. in elkaar | ~geslagen | wurg* |
  ~aangevallen | valt/vallen me/mij/ons/mensen/iedereen aan | in te breken | inbreker* | breekt in |
  ik ben in gevaar | mijn leven is in gevaar | bang voor mijn leven | levensgevaar | ~ontvoer*
ar: *سكين | *صفعني | ~لطمني | سلاح | مسدس | بارود* | *يضربني | *يضربوني | *يضربونا | *يضربنا |
  ~ضربني | ~ضربوني | ~ضربونا | عم يضربوا/يضرب* | *قتلني | *قتلوني | يقتلنا |
  بده/بدو/رح/بدهم/يريد/يريدون يقتل* | ~*هددني/*هددوني بالقتل/بسكين/بالسلاح/بالموت | ~تهديد بالقتل |
  *خنقني | *خنقوني | عم يخنق* | اعتدي/اعتدا علي/علينا | عم يعتدي | يهاجم* | ~هاجم* |
  يكسر/يكسروا/كسر الباب | يحاول يدخل | حرامي بالبيت | *يطلق .. علي/نار | اطلاق نار/النار |
  انا في خطر | حياتي في خطر | خايف*/خايفه على حياتي | خطر على حياتي | ~*خطف* | ~اختطاف
uk: з/із ножем/пістолетом/зброєю/сокирою/битою | ножем | має ніж/пістолет/зброю |
  у нього/неї ніж/пістолет/зброя | пістолет* | бє мене/нас | мене/нас бє/бють | бють |
  ~побив*/побили/вдарив*/вдарили мене | ~мене побив*/побили/вдарив*/вдарили |
  погрож* вбити/убити/ножем/смертю/зброєю/пістолетом/розправою |
  погрож* .. ножем/пістолетом/зброєю | вбити/убити мене/нас | мене/нас вбити/убити | вбє/убє |
  вбють/убють | душить мене/її/його | мене душить | задушить | нападає/нападають на | ~напали на |
  ~на мене/нас напали | вломит* | вламу* | ломиться/ломляться в/у двері | стріляють/стріляє |
  застрел* | ~вистрілив* | я в небезпеці | життя в небезпеці | боюся за своє життя | загроза життю |
  ~викрали
ru: с/со ножом/пистолетом/оружием/топором/битой | ножом | у него/нее нож/пистолет/оружие/ствол |
  пистолет* | бьет/бьют меня/нас | меня/нас бьет/бьют | избива* | ~избил*/побил* меня/нас |
  ~меня/нас избил*/побил*/ударил* | ~ударил*/ударили меня/нас |
  угрожа* убить/ножом/пистолетом/оружием/смертью/расправой | угрожа* .. ножом/пистолетом/оружием |
  убить меня/нас | меня/нас убить | убьет/убьют | душит меня/ее/его | меня душит | задушит |
  нападает/нападают на | ~напали на | ~на меня/нас напали | вломит* | вламыва* |
  ломится/ломятся в дверь | выбива* дверь | стреляют/стреляет | застрел* | я в опасности |
  жизнь в опасности | боюсь за свою жизнь | угроза жизни | ~похитил* | muzh .. b et |
  muzh .. bet/bjet/byot/biet | ubit menya | ubet | ub et
es: con un/una cuchillo/navaja/pistola/arma/machete/hacha/martillo/bate |
  tiene un/una cuchillo/navaja/pistola/arma | pistola | cuchillo | navaja | me apunta* |
  me pega/pegan/golpea/golpean/ataca/atacan |
  me esta/estan pegando/golpeando/atacando/ahorcando/estrangulando | pegando/pegandole/golpeando a |
  ~me pego/golpeo/atacaron | ~me dio/dieron una/un bofetada/paliza/golpe/punetazo | atacando a |
  ~amenaz* .. muerte/matar*/cuchillo/navaja/pistola/arma | me quiere/quieren matar |
  me va/van a matar | quiere*/van/va a? matarme | me ahorca | estrangul* | disparar* | disparos |
  ~disparo/dispararon | tiroteo | entrar a robar | intentando entrar | forzando la puerta |
  estoy/estamos en peligro | vida esta en peligro | miedo por mi vida | peligro de muerte |
  ~secuestr*
fa: چاقو | اسلحه | تفنگ | سيلي زد/ميزنه/زدن |
  منو/مرا/ما/مارو/منم ميزنه/ميزنن/ميزند/بزنه/زد/زدن/زدند | رو ميزنه/ميزنن | ~كتك* | لت و كوب |
  تهديد* .. كشتن/مرگ/بكشه/ميكشه/چاقو/اسلحه/تفنگ | منو/مرا/ما/مارو ميكشه/بكشه/ميكشن/بكشن/ميكشد/بكشد |
  بكشتم | ميكشتم | خفم | خفهام | حمله ميكنه/ميكنن/ميكند | ~حمله كرد/كردن/كردند | شليك |
  در .. ميشكنه/ميشكنن/شكستن | همه چيو/چيز ميشكنه | در خطرم | در خطر هستم | جونم/جانم در خطر* |
  ~ربود*
""",
    Danger.LIFE_THREAT: """
fr: au feu | il y a le feu | y a le feu | ya le feu | le feu chez/dans/a/au | en feu |
  prend/pris/prendre feu | mis le feu | ~incendie |
  maison/appartement/appart/immeuble/cuisine/chambre/voiture/batiment .. brule |
  brule .. maison/appartement/appart/immeuble/cuisine/chambre | fumee partout | plein de fumee |
  odeur/fuite de gaz | respire/respir plus/pas/plu | ne respire | arrive plus/pas a respirer |
  peut/peux/pouvait plus respirer | s etouffe | inconscient* | evanoui* | perdu connaissance |
  perd connaissance | reagit plus/pas | arrive pas a le/la reveiller | se reveille pas/plus |
  bouge plus | saigne*/saigner beaucoup/enormement/fort/abondamment | perd beaucoup de sang |
  hemorragi* | se noie | noyade | se noyer | ~accident grave | ~grave accident | ~gros accident |
  coince* .. voiture/vehicule/decombres | gravement blesse* | electrocut* | en train de mourir
en: on fire | house/flat/building/kitchen/apartment/home/car/room is/are burning |
  ~fire in my/the/our/a | ~a fire | house/flat/building/kitchen/apartment fire | smoke everywhere |
  full of smoke | gas leak | smell gas | smell of gas |
  not/t/isnt/stopped/stop/no/doesnt breathing/breathe | unconscious | ~passed out | ~fainted |
  isn t waking | isnt waking | not waking | won t wake | wont wake | doesn t wake | doesnt wake |
  t/cannot/not wake him/her/them | unresponsive |
  bleeding heavily/alot/badly/everywhere/out/profusely | bleeding a lot | bleeding so much |
  lots/lot of blood | losing blood | blood everywhere | haemorrhag* | hemorrhag* | drowning |
  ~car/bad/serious crash | ~crashed into | trapped | electrocuted | he/she/is/s dying | ~collapsed
nl: brand | in brand | vuur | rook overal | gaslek | ruik gas | ademt niet | ademt .. niet meer |
  stopt met ademen | geen adem | stikt | bewusteloos | ~flauwgevallen | niet wakker te krijgen |
  wordt niet wakker | wordt niet meer wakker | bloedt hevig/erg/enorm/veel/hard | bloedt .. erg |
  veel bloed | bloeding | verdrinkt | verdrinken | verdrinking | ~zwaar/ernstig ongeluk/ongeval |
  zit vast .. auto | bekneld | gaat dood
ar: ~حريق | عم يحترق/تحترق | يحترق | تحترق | ولعت النار | شب حريق | في نار | دخان بكل |
  ما/لا/مش .. يتنفس/تتنفس | توقف عن التنفس | فاقد/فاقده الوعي | فقد/فقدت الوعي | مغمي عليه/عليها |
  اغمي عليه/عليها | ما/مش عم يوعى/يفيق/يصحى/تصحى/توعى | ما بيصحى/بتصحى | ينزف/تنزف | نزيف |
  دم كتير | يغرق/تغرق | غريق | ~حادث سير كبير/خطير | ~حادث خطير | عالقين | محاصرين
uk: ~пожежа | горить/горять квартира/будинок/хата/кухня/дім/кімната/машина/підїзд |
  квартира/будинок/хата/кухня/дім/кімната/машина/підїзд горить | не дихає |
  перестав/перестала дихати | непритомн* | ~знепритомн* | втратив/втратила свідомість |
  без свідомості | не прокидається | кровотеч* | стікає кровю | тоне | тонуть | потопає |
  ~страшна/сильна/серйозна аварія | затиснут* | затиснені | помирає
ru: ~пожар | горит/горят квартира/дом/кухня/машина/подъезд/комната |
  квартира/дом/кухня/машина/комната горит | не дышит | перестал/перестала дышать | без сознания |
  потерял/потеряла сознание | не просыпается | не приходит в себя | кровотечени* |
  сильно кровоточит | истекает кровью | много крови | тонет | тонут | утопает |
  ~страшная/сильная/серьезная/тяжелая авария | зажат* | умирает
es: hay fuego | fuego en mi/la/el casa/cocina/edificio/piso/apartamento/coche/habitacion |
  prendio/prendieron/prender fuego | ~incendio | se esta quemando | quemandose |
  humo por todas partes | no respira | dejo de respirar | se esta ahogando | se ahoga | ahogandose |
  inconsciente* | ~se desmayo | desmayad* | no despierta | no reacciona |
  sangr* mucho/muchisimo/bastante/sin | sangrando | hemorragia | ~accidente grave | atrapad* |
  se esta muriendo | electrocut*
fa: اتش/اتيش گرفته/گرفت/سوزي | اتشسوزي | خونه/خانه/ماشين/اشپزخونه .. ميسوزه/سوخت | داره ميسوزه |
  نفس نميكشه/نميكشد | نفسش بند | بيهوش* | از هوش رفته | ~غش كرده | به هوش نمياد | بيدار نميشه |
  خونريزي | خون زياد | غرق ميشه/شده/شد | ~تصادف شديد/بد | ماشين .. گير | داره ميميره
""",
    Danger.MEDICAL: """
fr: crise cardiaque | arret cardiaque | infarctus | avc | attaque cerebrale | douleur* .. poitrine |
  mal a la poitrine | convuls* | crise d epilepsie | en train d accoucher | accouche maintenant |
  choc anaphylactique | reaction allergique grave | gonfle* .. gorge | du mal a respirer |
  vomi*/crache* du sang | parle plus bien | bouche de travers
en: heart attack | cardiac arrest | stroke | chest pain* | pain in .. chest | seizure* | convuls* |
  in labour/labor | baby is coming now/out | giving birth now | anaphyla* | throat .. swelling |
  trouble/difficulty/hard breathing | can t breathe | can not breathe | cannot breathe |
  vomiting/coughing blood | vomiting/coughing up blood | face .. drooping/droops
nl: hartaanval | hartstilstand | beroerte | herseninfarct | pijn op de borst | epileptische aanval |
  stuipen | bevalt nu | baby komt eraan | kan niet .. ademen | krijgt/krijg geen lucht |
  spuugt/braakt/kotst bloed
ar: نوبه قلبيه | ازمه قلبيه | جلطه | سكته | الم .. *صدر* | ما/مش عم يقدر/تقدر يتنفس/تتنفس |
  ضيق نفس شديد | تشنج* | صرع | عم تولد | بتولد هلق | يستفرغ/تستفرغ/يتقيا/تتقيا دم
uk: серцев* напад* | інфаркт | інсульт | біль у грудях | судом* | епілепт* напад* |
  почалися пологи | пологи почалися | народжує | не може дихати | задихається | блює/блюе кровю |
  кашляє кровю
ru: сердечн* приступ* | инфаркт | инсульт | боль в груди | судорог* | эпилепт* приступ* |
  начались роды | роды начались | рожает | не может дышать | задыхается | рвет кровью |
  рвота с кровью
es: infarto | ataque al corazon | paro cardiaco | ictus | derrame cerebral | dolor en el pecho |
  convulsi* | ataque epilep* | esta/estoy de parto | dando a luz | no puede respirar |
  vomitando sangre
fa: سكته | حمله قلبي | درد قفسه سينه | تشنج | صرع | داره زايمان | درد زايمان | نميتونه نفس |
  خون بالا مياره/مياورد
""",
}

# Expressions that cancel a danger phrase they overlap (unless the danger phrase holds the
# whole of them: "en finir avec la vie" is danger even though "en finir avec la" is not).
_NOT_DANGER = """
fr: feu vert | feu rouge | feu d artifice |
  dossier/carte/papiers/passeport/documents/lettre/courrier/sac ... disparu* |
  telephone/portable/velo/cles/colis/argent/nom/inscription ... disparu* | tape* l incruste |
  tape la discute |
   securite/prevention/detecteur*/extincteur*/assurance/porte/exercice/alarme/risque/service
    incendie | tape*/tapent sur les/le nerfs/systeme | frapp* a la porte | frappe a ma porte |
  mourir/meurs/meurt/crever de faim/rire/froid/chaud/ennui/honte/envie/peur | empoisonn* la vie |
  empoisonn* l existence | danger de perdre/voir | danger d etre/expuls* | pas suicidaire |
  en finir avec le/les/ce/ces/cette/mon/mes/son/ses/l/un/une/la/leur/leurs |
  vivre ici/la/dans/avec/en/a/au/chez/comme/seul/seule/sans | tire* au sort | tirer au sort |
  intoxication alimentaire | crise de nerfs | bat/bats/battent/battu aux/au | battre pour/contre |
  viole/violer/violent/violes la/les/mes/ses/nos/le/mon/son/leur/ma/sa/notre/votre/des/un/une/l
en: fire brigade/alarm/exit/department/station/drill/extinguisher/extinguishers/insurance/safety |
  fire hazard/risk/door/blanket/fighter/fighters/service/inspection/training/course/escape |
  beats me why/how/what/where/when/who/if | beat me at/to/in | kill/killing time | dying to |
  dying/die of boredom/laughter/hunger/embarrassment/shame | get in touch |
  drown/drowning in paperwork/debt/debts/work/papers/bills | crash course | stab at |
  shoot me a/an message/mail/email/text/line | photo shoot/shooting | shoot photos | panic attack |
  food poisoning | feel/feeling/felt trapped | stroke of luck/genius | not suicidal |
  kill/killing myself laughing | could kill for | to die for |
  live in/with/here/there/alone/near/at/on/like | alive in/with/here |
  labour/labor market/law/laws/force/inspectorate/court/tribunal/rights/union/contract/office
nl: schiet op | groen licht | dood te vervelen | doodmoe | tijd doden | ga/gaat dood van |
  voedselvergiftiging | leven in/met/bij/zonder/als/op | hier/daar/zo niet meer leven
ar: ضاع*/ضايع* اوراق*/جواز*/بطاق*/هوي*/موبايل*/تلفون*/شنط*/محفظ*/مفتاح*/اقام* |
  ضايع/ضايعه بالمدرسه/بالدراسه/بالشغل/بهالبلد | *ضربني البرد/الهوا/الحر/الشمس |
  قتلني الملل/الجوع/الحر/الشوق/الضحك/البرد | الاسعار نار | نار الاسعار | تسمم غذايي |
  اعيش/عيش هون/هنا/مع/في/بهاد/بهذا/بهالبيت/بهالبلد
uk: вбити/убити час | горить дедлайн/термін/справа/робота/проєкт | дедлайн горить |
  харчов* отруєн* | напад* паніки | панічн* атак* | жити тут/там/з/у/в/разом/окремо
ru: убить время | горит дедлайн/срок/проект | дедлайн горит | пищев* отравлени* | приступ* паники |
  паническ* атак* | жить здесь/тут/с/в/у/вместе/там/одна/отдельно
es: me pega/pego/pegan/pegado el/la/un/una/su sol/resfriado/gripe/virus/covid/catarro/tos |
  alto el fuego | prueba de fuego | fuegos artificiales | intoxicacion alimentaria |
  ataque de panico | me muero de ganas/aburrimiento/hambre/risa/frio/calor/sueno | ahog* en deudas |
  siento/sentir/siente atrapad* | vivir aqui/alli/con/en/solo/sola/asi/ahi |
  abus* de mi confianza/buena | viola/violo/violar la/las/los/el/mis/sus/tus/nuestros
fa: اتش نشان* | اتشنشان* | اتش نشاني | دلم ميسوزه | وقت كشي | مسموميت غذايي | تجاوز از |
  سرعت .. تجاوز | تجاوز به حقوق | در رو ميزنه/ميزنن | زنگ رو | زندگي كنم با/اينجا/اونجا
"""

# A message that says the danger lies in the past: phrases marked ~ stay silent.
_PAST = """
fr: il y a .. ans/an/annees/mois | l an/annee dernier/derniere | dans mon pays | au pays |
  avant de venir/fuir/partir/arriver | quand j etais petit/petite/enfant/jeune/ado |
  pendant la guerre | en prison | autrefois | dans mon enfance
en: years/months/year ago | last year | last month | in my/our country | my home country |
  back home | before i fled/came/left/escaped | when i was a child/kid/little/young/teenager |
  as a child | during the war | in prison
nl: jaar/jaren/maanden geleden | vorig jaar | in mijn/ons land | thuisland | vroeger | als kind |
  tijdens de oorlog | in de gevangenis
ar: من/قبل سنين/سنه/سنوات/سنتين | *بلدي | لما كنت صغير/صغيره/زغير | بالحرب | الحرب |
  قبل ما اهرب/اجي/اطلع | بالسجن
uk: років/роки/рік/місяців тому | минулого року | на батьківщині | у/в моїй країні |
  коли я була/був маленьк* | у/в дитинстві | під час війни | до війни | у/в вязниці
ru: лет/года/год/месяцев назад | в прошлом году | на родине | в моей стране |
  когда я была/был маленьк* | в детстве | во время войны | до войны | в тюрьме
es: hace .. años/meses/año | el año pasado | en mi pais | cuando era niño/niña/pequeño/pequeña |
  durante la guerra | antes de venir/huir/llegar | en la carcel
fa: سال* پيش | ماه پيش | پارسال | كشورم | بچگي* | وقتي بچه بودم | زمان جنگ | زندان
"""

# Words that make violence domestic violence when they are in the message.
_PARTNER = """
fr: mari | mon/ma/son/sa femme | epoux | epouse | conjoint* | compagnon | compagne | copain |
  copine | mon/ma ex | petit ami | belle famille | beau frere | belle mere | concubin*
en: husband | wife | boyfriend | bf | girlfriend | gf | partner | my ex |
  ex husband/boyfriend/wife | in laws | brother in law
nl: mijn/haar/zijn man/vrouw/vriend/vriendin/partner/ex/echtgenoot/echtgenote | schoonfamilie | ^man
ar: زوجي | جوزي | زوجتي | مرتي | طليقي | طليقتي | خطيبي | حماتي | اخو زوجي | عيله زوجي
uk: мій/мого/моєму чоловік/чоловіка | ^чоловік | дружина | дружини | колишній | співмешканець |
  свекруха | хлопець мене
ru: муж | мужа | muzh | жена | жены | бывший | бывшая | сожитель | свекровь | парень меня
es: marido | esposo | esposa | novio | novia | pareja | mi ex | mi mujer | suegr*
fa: شوهر* | زنم | همسر* | نامزدم | مادرشوهر*
"""

# Something swallowed: a threat to life or a medical emergency is then also a poisoning.
_SWALLOWED = """
fr: javel | chlore | produit menager/vaisselle/nettoyage | medicaments | cachets | pilules |
  comprimes | champignon* | deboucheur | soude
en: bleach | pills | tablets | medication* | medicine* | detergent | cleaning product | mushroom*
nl: bleekwater | chloor | pillen | medicijnen | schoonmaakmiddel | paddenstoel*
ar: كلور | وايتكس | كلوركس | حبوب | دوا | ادويه | منظف*
uk: хлорк* | білизн* | відбілювач* | таблет* | ліки | ліків | засіб для чищення | гриб*
ru: хлорк* | белизн* | отбеливател* | таблет* | лекарств* | средство для чистки | гриб*
es: lejia | cloro | pastillas | medicamentos | producto de limpieza | setas | hongos
fa: وايتكس | سفيدكننده | قرص | دارو | شوينده | قارچ
"""

_GAP_WORDS = {"..": 3, "...": 6}
_CLAUSE_END = re.compile(r"[.!?;:\n,،؛؟…]+")
_CYRILLIC_APOSTROPHE = re.compile(r"(?<=[а-яіїєґА-ЯІЇЄҐ])['ʼ’`](?=[а-яіїєґА-ЯІЇЄҐ])")
# Persian verb prefixes and suffixes written apart (after a zero-width non-joiner or a space).
_PERSIAN_PREFIXES = frozenset({"مي", "نمي"})
_PERSIAN_SUFFIXES = frozenset({"ها", "هاي", "ام", "اش", "ات", "مان", "تان", "شان"})
_MAX_CLAUSE_WORDS = 120


@dataclass(frozen=True)
class _Word:
    """One way a word of a phrase can match: the whole word, its start, its end, or inside."""

    text: str
    start: bool = False  # `word*`: the query word starts with it
    end: bool = False  # `*word`: the query word ends with it

    def matches(self, variants: frozenset[str]) -> bool:
        if self.start and self.end:
            return any(self.text in v for v in variants)
        if self.start:
            return any(v.startswith(self.text) for v in variants)
        if self.end:
            return any(v.endswith(self.text) for v in variants)
        return self.text in variants


@dataclass(frozen=True)
class _Slot:
    words: tuple[_Word, ...]
    gap: int  # how many other words may come before this one
    optional: bool = False

    def matches(self, variants: frozenset[str]) -> bool:
        return any(w.matches(variants) for w in self.words)


@dataclass(frozen=True)
class _Phrase:
    text: str
    slots: tuple[_Slot, ...]
    anchored: bool
    past: bool
    danger: Danger | None


def _compile_word(raw: str, phrase: str) -> _Word:
    start, end = raw.endswith("*"), raw.startswith("*")
    words = [w for w in normalise(raw.strip("*")).split() for w in word_tokens(w)]
    if len(words) != 1:
        raise ValueError(f"{raw!r} in {phrase!r} is not one word once normalised: {words}")
    return _Word(words[0], start, end)


def _compile(text: str, danger: Danger | None) -> _Phrase:
    text = text.strip()
    past = text.startswith("~")
    parts = text.lstrip("~").split()
    anchored = bool(parts) and parts[0] == "^"
    if anchored:
        parts = parts[1:]
    slots: list[_Slot] = []
    gap = 0
    for part in parts:
        if part in _GAP_WORDS:
            gap = _GAP_WORDS[part]
            continue
        optional = part.endswith("?")
        words = tuple(_compile_word(w, text) for w in part.rstrip("?").split("/") if w)
        slots.append(_Slot(words, gap if slots else 0, optional))
        gap = 0
    if not slots or slots[0].optional or slots[-1].optional:
        raise ValueError(f"not a phrase: {text!r}")
    return _Phrase(" ".join(text.lstrip("~").split()), tuple(slots), anchored, past, danger)


def _phrases_of(block: str) -> Iterator[tuple[str, str]]:
    """(language, phrase) pairs of a block: `xx: a | b` lines, continued on indented lines."""
    languages: list[tuple[str, str]] = []
    for line in block.strip("\n").split("\n"):
        if line[:1].isspace():
            lang, body = languages[-1]
            languages[-1] = (lang, body + " " + line)
        else:
            lang, body = line.split(":", 1)
            languages.append((lang.strip(), body))
    for lang, body in languages:
        for part in body.split("|"):
            if part.strip():
                yield lang, part


class _PhraseSet:
    """Phrases, with an index from what their first word can be to the phrases."""

    def __init__(self, phrases: list[_Phrase]) -> None:
        self.phrases = phrases
        self._exact: dict[str, list[_Phrase]] = defaultdict(list)
        self._start: dict[str, list[_Phrase]] = defaultdict(list)
        self._end: dict[str, list[_Phrase]] = defaultdict(list)
        self._inside: list[tuple[str, _Phrase]] = []
        for phrase in phrases:
            for word in phrase.slots[0].words:
                if word.start and word.end:
                    self._inside.append((word.text, phrase))
                elif word.start:
                    self._start[word.text].append(phrase)
                elif word.end:
                    self._end[word.text].append(phrase)
                else:
                    self._exact[word.text].append(phrase)

    def _starting_at(self, variants: frozenset[str]) -> list[_Phrase]:
        found: dict[int, _Phrase] = {}
        for v in variants:
            for phrase in self._exact.get(v, ()):
                found[id(phrase)] = phrase
            for k in range(1, len(v) + 1):
                for phrase in self._start.get(v[:k], ()):
                    found[id(phrase)] = phrase
                for phrase in self._end.get(v[-k:], ()):
                    found[id(phrase)] = phrase
        for text, phrase in self._inside:
            if any(text in v for v in variants):
                found[id(phrase)] = phrase
        return list(found.values())

    def find(self, clause: list[frozenset[str]]) -> Iterator[tuple[_Phrase, int, int]]:
        """Every (phrase, first word, word after the last) found in a clause."""
        for position, variants in enumerate(clause):
            for phrase in self._starting_at(variants):
                if phrase.anchored and position:
                    continue
                end = _match_rest(phrase.slots, 1, position + 1, clause)
                if end is not None:
                    yield phrase, position, end


def _match_rest(
    slots: tuple[_Slot, ...], index: int, position: int, clause: list[frozenset[str]]
) -> int | None:
    """Where the phrase ends if slots[index:] match from `position` on, else None."""
    if index == len(slots):
        return position
    slot = slots[index]
    for skip in range(slot.gap + 1):
        here = position + skip
        if here >= len(clause):
            break
        if slot.matches(clause[here]):
            end = _match_rest(slots, index + 1, here + 1, clause)
            if end is not None:
                return end
    if slot.optional:
        return _match_rest(slots, index + 1, position, clause)
    return None


def _phrase_set(block: str, danger: Danger | None = None) -> _PhraseSet:
    return _PhraseSet([_compile(text, danger) for _lang, text in _phrases_of(block)])


_DANGERS = _PhraseSet(
    [
        _compile(text, danger)
        for danger, block in _DANGER_PHRASES.items()
        for _lang, text in _phrases_of(block)
    ]
)
_NEGATIVES = _phrase_set(_NOT_DANGER)
_PAST_MARKERS = _phrase_set(_PAST)
_PARTNERS = _phrase_set(_PARTNER)
_SWALLOWING = _phrase_set(_SWALLOWED)


def phrase_languages() -> dict[Danger, set[str]]:
    """The languages each kind of danger has phrases in (for the tests that keep lists whole)."""
    languages: dict[Danger, set[str]] = defaultdict(set)
    for danger, block in _DANGER_PHRASES.items():
        for lang, _text in _phrases_of(block):
            languages[danger].add(lang)
    return dict(languages)


def _clauses(text: str) -> list[list[frozenset[str]]]:
    """The message as clauses of words, each word with the forms it may be matched in."""
    text = _CYRILLIC_APOSTROPHE.sub("", text[:4096])
    clauses: list[list[frozenset[str]]] = []
    for piece in _CLAUSE_END.split(text):
        words = _joined(normalise(piece).split())[:_MAX_CLAUSE_WORDS]
        if words:
            # The Arabic article and a leading "and" are also tried without ("والاولاد").
            clauses.append([frozenset({w, *word_tokens(w)}) for w in words])
    return clauses


def _joined(words: list[str]) -> list[str]:
    """Persian prefixes and suffixes glued back to their word ("مي كشه" -> "ميكشه")."""
    out: list[str] = []
    for word in words:
        after_prefix = bool(out) and out[-1] in _PERSIAN_PREFIXES and not word.isascii()
        suffix = bool(out) and word in _PERSIAN_SUFFIXES and not out[-1].isascii()
        if after_prefix or suffix:
            out[-1] += word
        else:
            out.append(word)
    return out


@lru_cache(maxsize=4096)
def detect(text: str) -> Alarm | None:
    """The danger a message speaks of, or None when it speaks of none."""
    clauses = _clauses(text)
    found = [
        (phrase, c, start, end)
        for c, clause in enumerate(clauses)
        for phrase, start, end in _DANGERS.find(clause)
    ]
    if not found:
        return None
    negatives = [
        (c, start, end)
        for c, clause in enumerate(clauses)
        for _p, start, end in _NEGATIVES.find(clause)
    ]
    past = any(True for clause in clauses for _ in _PAST_MARKERS.find(clause))
    kept: list[_Phrase] = []
    for phrase, c, start, end in found:
        if phrase.past and past:
            continue
        if any(
            nc == c and ns < end and start < ne and not (start <= ns and ne <= end)
            for nc, ns, ne in negatives
        ):
            continue
        kept.append(phrase)
    if not kept:
        return None
    dangers = {p.danger for p in kept if p.danger is not None}
    if Danger.VIOLENCE in dangers and _mentions(_PARTNERS, clauses):
        dangers.add(Danger.DOMESTIC_VIOLENCE)
    if dangers & {Danger.LIFE_THREAT, Danger.MEDICAL} and _mentions(_SWALLOWING, clauses):
        dangers.add(Danger.POISONING)
    ordered = tuple(d for d in PRIORITY if d in dangers)
    fired = next((p for p in kept if p.danger == ordered[0]), kept[0])
    return Alarm(ordered, fired.text)


def _mentions(phrases: _PhraseSet, clauses: list[list[frozenset[str]]]) -> bool:
    return any(True for clause in clauses for _ in phrases.find(clause))
