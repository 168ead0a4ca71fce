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
- `..` lets up to three other words sit in between, `...` up to six, `....` up to ten;
- `^` at the start: only at the start of a clause;
- `~` before a phrase: it tells of something that may be long past ("m'a frappée"), and is
  silenced when the message says it was ("il y a cinq ans", "dans mon pays").

Words are normalised like the rest of the engine (`knowledge.normalisation`): no accents, case
folded, SMS spellings expanded, Arabic and Persian letter variants merged. Some phrases only
make sense with a word that is not itself danger: an expression that cancels a phrase it
overlaps (`_NOT_DANGER`: "feu vert", "kill time", "dying to know"), a mention of a partner that
makes violence domestic violence, a product swallowed that makes a threat to life a poisoning.

Danger is often described rather than named: "he fell off the ladder and his head is bleeding",
"my daughter hasn't come home since yesterday", "she ate berries in the park and is vomiting".
Each half is ordinary alone (a fall, bleeding, a daughter, being sick), so these are *signs*
(`_SIGNS`), and a danger fires when every sign of one of its combinations (`_TOGETHER`) is in
the message. Like `~` phrases, signs are silenced when the message tells of the past.

Every phrase is listed under its language for the people who keep these lists, but all of them
are tried on every message: people mix languages. A few words are danger in any language, so
a message in a language Passerelle does not read still raises the alarm (`_OTHER_LANGUAGES`:
"faca", "yangın", "imdat"); none of them is an ordinary word in a language it reads.

What the check decides, case by case:
- something swallowed is an emergency only when the person is unwell (vomiting, drowsy, not
  breathing well): "my son swallowed a coin but he's fine" is for the poison centre, found by
  ordinary search, not for 112 (the centre itself says to call 112 only when the person is
  unwell). A battery or magnets swallowed are the exception: they burn or tear inside within
  hours while the child still seems well;
- a partner who keeps the person locked in is violence now (112, then the domestic violence
  line); a partner who took the passport, alone, is not, and ordinary search answers;
- a child who has not come home, or who was dragged into a car, is a missing child (Child
  Focus after 112); an adult who has not come home is not, for this check.
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
  veux/voudrais/vais juste/seulement/simplement? mourir | envie de mourir | envie de crever |
  veux crever |
  veux/voudrais/vais en finir | envie d en finir | en finir avec la/ma vie | en finir avec tout |
  mettre fin a mes/ma jours/vie | veux/voudrais plus vivre | envie de vivre | raison de vivre |
  force de vivre | mieux sans moi | idees noires | veux disparaitre |
  me jeter sous/par/du .. train/metro/fenetre/pont/balcon/voiture |
  sauter du/d/par .. pont/fenetre/balcon/toit | m ouvrir les veines | couper les veines | scarifi* |
  automutil* | me mutile* | plus jamais me reveiller | ne plus me reveiller |
  veux/voudrais/aimerais/prefere/prefererais/espere plus me reveiller |
  espere/voudrais/aimerais/prefere/prefererais/mieux ne pas me reveiller | dormir pour toujours |
  m endormir .. pour toujours/jamais | fatigue/fatiguee/epuise/epuisee/lasse/las de vivre |
  marre de vivre | marre de la vie | a quoi bon vivre | plus la force de vivre |
  force de continuer | peux/veux plus continuer a vivre | mets/mettre fin a tout |
  en finir ce soir |
  me foutre en l air | pense*/penser a mourir | pense*/penser a la mort | pense*/penser a me tuer |
  disparaitre pour toujours | veux/voudrais que tout s arrete/finisse | quitter ce monde |
  plus etre dans ce monde | disparaitre a jamais | sens de vivre |
  sens a ma vie |
  personne ne? me regretter*
en: suicid* | kill/killing myself | end/ending my life | end it all | want to end it |
  going to end it | take my own life | want to die | going to die | want to be dead |
  wish i was/were dead | better off without me | better off dead | reason to live |
  not/t want to live | not/t want to be alive | no point living | no point in living |
  want/going/urge to hurt/harm/cut myself | harming myself | cutting myself | cut myself again |
  self harm | selfharm | hang myself | jump off/from a/the bridge/building/roof/window |
  jump in front of | pills ... take them all | take/took/swallow/swallowed all my/the pills |
  never wake up | never to wake up | not/t wake up anymore/again/tomorrow |
  wish/hope i don/didn/wouldn/won t wake | hope i never wake | better if i didn/don/never t? wake |
  sleep forever | tired/sick of living/life | tired of being alive | t/cannot go on living |
  end it tonight/today/now | end everything | disappear forever | point of/in living |
  done with life/living | think/thinking/thought about dying/suicide | nobody would miss me |
  no one would miss me |
  everyone would be better off | want/wish/need it all to end | want everything to end |
  t want to be in this world | leave this world
nl: zelfmoord* | zelfdoding | suicid* | wil/wou dood | wil/wou .. niet meer leven |
  eind/einde aan te maken | eind/einde aan maken | eind/einde aan mijn leven | van kant maken |
  mezelf iets aandoen | snij/snijd mezelf | mezelf snijden | zelfbeschadiging |
  wil er niet meer zijn | nooit meer wakker | word/worden ik? niet meer wakker |
  niet meer wakker word/worden | niet meer wakker te worden | levensmoe | het leven moe |
  moe van het leven | kan niet meer leven | maak/maken er een? eind/einde aan |
  geen zin meer .. leven | wil dat alles stopt/ophoudt | deze wereld verlaten |
  denk/denken .. aan de? doodgaan/dood/zelfmoord/sterven
ar: انتحار | *انتحر* | *قتل نفسي/حالي | بدي موت/اموت | اريد ان اموت | اريد الموت | نفسي اموت |
  بدي/اريد .. انهي حياتي | انهاء حياتي | ما/لا/مش .. بدي/اريد .. اعيش/عيش | اجرح نفسي/حالي |
  ريت/ياريت ما/مش/لا .. فيق/افيق/اصحى/اقوم/نفيق/نوض |
  ما/مش/لا .. بدي/بغيت/عايز/اريد .. فيق/افيق/اصحى/نفيق |
  تعبت/عييت/زهقت/مليت/تعبان/تعبانه من هاد/هاي/هذه/هذي? الحياه/حياتي/عيشتي/دنيا |
  تعبت/عييت/زهقت/مليت من هالحياه/هالدنيا | بغيت/باغي/باغيه نموت | نقتل/غنقتل/نموت راسي |
  نتحر | ننتحر | عايز/عاوز/عايزه/عاوزه/ابي/ابغى/ودي اموت | اموت/هموت/حموت/موت نفسي |
  خلص/اخلص/نخلص من حياتي/عمري |
  ما/لا/مش/لم .. بدي/اريد/بغيت/باغي/عايز/عاوز .. حياه/عيش/نعيش/اعيش | بدي كل شي يخلص |
  اريد اموت | ما في .. معنى للحياه | ما في داعي .. عيش |
  بفكر/افكر/كنفكر/فكر بالموت/بالانتحار/موت | افكر في الموت/الانتحار
uk: самогубств* | суїцид* | покінчити/покінчу з собою | вбити/вбю себе |
  хочу .. померти/вмерти/умерти | хочу щоб все закінчилось | піти з цього світу |
  не хочу .. жити | сенсу жити | наклас* на себе руки | ріжу/порізати/порізала/порізав себе |
  завдаю собі шкоди | краще б .. не прокид*/прокинул*/прокинут* |
  не хочу .. прокидатися/прокидатись |
  заснути .. не прокинутися/прокинутись/прокинусь | заснути назавжди | втомив*/втомил* жити |
  втомив*/втомил* від життя | набридло жити | жити не хочу/хочеться | жить не хочу/хочется |
  покінчити/покінчу з усім/всім | покончу/покончить с/з собою | нема/немає сил жити |
  сенсу/смислу/смисла жити | покінчити з життям | думаю .. про смерть/самогубство
ru: самоубийств* | суицид* | покончить/покончу с собой | убить/убью себя | хочу .. умереть |
  не хочу .. жить | незачем жить | смысла жить | налож* на себя руки |
  режу/порезать/порезала/порезал себя | причиняю себе вред | hochu umeret | ne hochu zhit |
  лучше бы .. не просып*/проснул*/проснуться | не хочу .. просыпаться |
  уснуть/заснуть .. не проснуться | уснуть/заснуть навсегда | устал/устала/устали жить |
  устал/устала/устали от жизни | жить не хочу/хочется | покончить/покончу со всем | нет сил жить |
  покончить с жизнью | думаю .. о смерти/самоубийстве | хочу чтобы все закончилось |
  уйти из этого мира/жизни
es: suicid* | quitarme la vida | voy a matarme | quiero matarme | me voy a matar | me quiero matar |
  quiero morir/morirme | ganas de morir/morirme | no quiero .. vivir | no quiero seguir viviendo |
  acabar/terminar con mi vida | me corto los brazos/venas | cortarme las venas | hacerme dano |
  autolesion* | mejor no despertar*/despierte | ojala .. no me? despierte/despertar*/despertarme |
  no despertar*/despertarme nunca/mas/jamas | dormir*/dormirme para siempre |
  dormir*/dormirme .. no despertar* | cansad*/hart* de vivir | cansad*/hart* de la vida |
  acabar con todo | irme/ir de este mundo | desaparecer para siempre | quitarme de en medio |
  sentido .. vivir | ganas de vivir | en matarme | pienso/pensando/pensar en morir/suicidarme |
  pienso/pensando en la muerte | quiero que todo termine/acabe | no quiero .. estar en este mundo |
  dejar este mundo
fa: خودكشي | خودمو/خودم .. بكشم | ميخوام/ميخواهم بميرم | دلم ميخواد بميرم |
  نميخوام/نميخواهم زنده باشم/بمونم/بمانم | نميخوام/نميخواهم زندگي كنم | زندگي* پايان |
  خودمو/خودم زخمي | به خودم اسيب | بيدار نشم/نشوم | از زندگي/زندگيم خسته | از زنده بودن خسته |
  خسته از زندگي | خود/خودمه/خودمرا/خودرا .. بكشم/ميكشم/بكشوم/ميكشوم |
  زندگي كده/كردن/كرده نميتانم/نميتونم/نميتوانم | نميتانم/نميتونم/نميتوانم .. زندگي كنم |
  به همه چي/چيز پايان | خسته* .. از زندگي | فايده .. زنده بمانم/بمونم/باشم |
  زندگي .. معني/فايده نداره/ندارد | مردن/مرگ/خودكشي فكر | همه چي تموم شه | از اين دنيا برم
""",
    Danger.MISSING_CHILD: """
fr: ~enfant*/fils/fille/gamin*/gamine*/bebe/petit/petite/ado ... disparu*/fugue*/enleve*/kidnap* |
  enleve*/kidnappe*/disparition .. enfant*/fils/fille/bebe |
  retrouve/trouve plus mon/ma fils/fille/enfant |
  retrouve/trouve plus/pas notre/nos/ma/mon/mes fille/fils/enfant*/bebe/petit/petite/ado/gamin*
en: son/daughter/child/kid/baby/boy/girl/teen*/toddler/old is/are/was/went/gone/been missing |
  son/daughter/child/kid/baby/boy/girl/teen*/toddler/old has/have been missing |
  son/daughter/child/kid/baby/boy/girl/teen*/toddler/old has/have? disappeared/vanished |
  son/daughter/child/kid/baby/boy/girl/teen*/toddler/old is/has gone |
  son/daughter/child/kid/baby/boy/girl/teen* ... ran/run away | runaway |
  son/daughter/child/kid/baby/boy/girl/teen* ... kidnapped/abducted |
  kidnap*/abduct*/took/taken my/our son/daughter/child/kid/baby/toddler | missing child | snatched |
  t/not/cannot find my/our son/daughter/child/kid/baby/boy/girl |
  t/not/cannot find my/our little/youngest/oldest/eldest/teenage/baby
    son/daughter/child/kid/boy/girl/toddler |
  t/not/cannot find my/our .. year/yr old |
  lost my/our son/daughter/child/kid/baby
nl: vermist* | ontvoer* | weggelopen |
  kind*/zoon/zoontje/dochter/dochtertje/baby .. is/zijn weg/verdwenen/zoek |
  vind* .. kind*/zoon/zoontje/dochter/dochtertje nergens |
  kunnen/kan mijn/onze/ons kind/kindje/zoon/zoontje/dochter/dochtertje ....
    niet vinden/terugvinden |
  kind*/zoon/zoontje/dochter/dochtertje nergens
ar: ابن*/بنت*/طفل*/ولد*/ولاد*/اولاد* ضاع*/ضايع*/مفقود*/اختف*/مخطوف*/خطف*/انخطف* |
  ضاع*/ضايع*/مفقود*/اختف*/مخطوف*/خطفوا/انخطف* .. ابن*/بنت*/طفل*/ولد*/ولاد*/اولاد* |
  ما/مش عم? لقينا/لاقيين/لاقي/لقيت/نلاقي/نلقى/لقيناش بنت*/ابن*/ولد*/طفل*/اولاد*/ولاد*
uk: зник/зникла/зникли/пропав/пропала/пропали/втік/втекла мій/моя/наш/наша?
    син/синок/донька/дочка/доця/дитина/хлопчик/дівчинка/малий/малюк/діти |
  викрали/викрадено .. дитину/дитина/сина/доньку/дочку/хлопчика/дівчинку/дітей |
  не можемо/можу/можуть знайти нашу/мою/свою/нашого/мого? доньку/дочку/сина/дитину/малого/малюка/
    дівчинку/хлопчика/дітей |
   син/синок/донька/дочка/доця/дитина/хлопчик/дівчинка/малий/малюк ..
    зник/зникла/пропав/пропала/втік/втекла
ru: пропал/пропала/пропали/исчез/исчезла/сбежал/сбежала/убежал/убежала мой/моя/наш/наша?
    сын/сынок/дочь/дочка/ребенок/мальчик/девочка/малыш/дети |
  похитили/похищен* .. ребенка/ребенок/сына/дочь/дочку/мальчика/девочку/детей |
  не можем/могу/могут найти нашу/мою/свою/нашего/моего? дочь/дочку/сына/ребенка/малыша/девочку/
    мальчика/детей |
  сын/сынок/дочь/дочка/ребенок/мальчик/девочка/малыш .. пропал/пропала/исчез/исчезла/сбежал/сбежала
es: hij*/niñ*/bebe/nene/nena/pequeñ* ... desaparec*/secuestr*/escap* |
  hij*/niñ*/bebe/nene/nena/pequeñ* ... se perdio | desaparec*/secuestr*/robaron .. hij*/niñ*/bebe |
  no encuentro/encontramos a mi hij*/niñ* |
  no encuentro/encontramos/encuentra a? mi/mis/nuestra/nuestro/nuestros/nuestras
    hija/hijo/hijos/hijas/nino/nina/ninos/bebe
fa: بچ*/دختر*/پسر*/كودك*/نوزاد* رو/را? گم/دزديدن/دزديدند/ربودن/ربودند/ربوده |
  گم شده بچ*/دختر*/پسر*/كودك* |
  بچ*/دختر*/پسر*/كودك*/نوزاد* رو/را/ره .. پيدا نميكنيم/نميكنم/نميشه/نكرديم/نكردم
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
    boite/plaquette/cachets/medicaments/comprimes/pilules |
  avale*/mange* .. pile/piles/aimants
en: overdose* | poisoned | poisoning | carbon monoxide | too many pills/tablets |
  whole box/bottle/pack of pills/tablets/medicine | swallowed/ate .. battery/batteries/magnets
nl: overdosis | vergiftig* | koolmonoxide | te veel pillen | batterij*/magneten .. ingeslikt |
  ingeslikt .. batterij*/magneten
ar: جرعه زايده | تسمم | مسموم* | اول اكسيد الكربون | حبوب كتير/كثير |
  بلع*/ابتلع* .. بطاري*/بيل/بيله/مغناطيس*
uk: передозуван* | отруєн* | отруїв* | отруїла* | чадн* газ* | багато таблеток |
  проковтнув/проковтнула/проковтнули .. батарейк*/магніт*
ru: передозировк* | отравлен* | отравил* | угарн* газ* | много таблеток |
  проглотил/проглотила/проглотили .. батарейк*/магнит*
es: sobredosis | envenen* | intoxicad* | monoxido | muchas pastillas | todas las pastillas |
  trago/tragado .. pila/pilas/imanes/bateria*
fa: اوردوز | مسموميت | مسموم | گاز گرفتگي | گازگرفتگي | قرص زياد |
  باتري/اهنربا .. قورت/خورده/بلعيده
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
  ma vie est en danger | danger de mort | peur pour ma vie | ~sequestr* | ~m enferme*/enfermait |
  ~me garde/gardent/tient/tiennent enferme*/sequestre* | ~enferme* a cle |
  me laisse/laissent pas/plus sortir | m empeche/empechent de sortir | m interdit* de sortir
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
  ~lock/locks/locked/locking me in/up/inside | keeps me locked |
  won/doesn/don t let me leave/out/go | will/does not let me leave/out/go |
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
  ik ben in gevaar | mijn leven is in gevaar | bang voor mijn leven | levensgevaar | ~ontvoer* |
  ~sluit/sloot/sluiten me/mij op | ~sluit/sloot/sluiten .. me/mij op |
  houdt/hield me/mij opgesloten |
  laat/laten me/mij niet .. naar buiten | laat/laten me/mij niet gaan/weg/buiten
ar: *سكين | *صفعني | ~لطمني | سلاح | مسدس | بارود* | *يضربني | *يضربوني | *يضربونا | *يضربنا |
  ~ضربني | ~ضربوني | ~ضربونا | عم يضربوا/يضرب* | *قتلني | *قتلوني | يقتلنا |
  بده/بدو/رح/بدهم/يريد/يريدون يقتل* | ~*هددني/*هددوني بالقتل/بسكين/بالسلاح/بالموت | ~تهديد بالقتل |
  *خنقني | *خنقوني | عم يخنق* | اعتدي/اعتدا علي/علينا | عم يعتدي | يهاجم* | ~هاجم* |
  يكسر/يكسروا/كسر الباب | يحاول يدخل | حرامي بالبيت | *يطلق .. علي/نار | اطلاق نار/النار |
  انا في خطر | حياتي في خطر | خايف*/خايفه على حياتي | خطر على حياتي | ~*خطف* | ~اختطاف |
  ~*حبسني | ~حابسني/حابسيني/حابسنا | قفل/بيقفل/يقفل/بيسكر/يسكر/سكر علي/عليي/علينا الباب |
  مسكر/مقفل/قافل/مسكره علي/عليي الباب |
  مسكر/مقفل/قافل الباب علي/عليي |
  ما/مش .. بيخليني/يخليني/بيخلينيش/كيخلينيش/خلاني .. اطلع/نطلع/اخرج/نخرج
uk: з/із ножем/пістолетом/зброєю/сокирою/битою | ножем | має ніж/пістолет/зброю |
  у нього/неї ніж/пістолет/зброя | пістолет* | бє мене/нас | мене/нас бє/бють | бють |
  ~побив*/побили/вдарив*/вдарили мене | ~мене побив*/побили/вдарив*/вдарили |
  погрож* вбити/убити/ножем/смертю/зброєю/пістолетом/розправою |
  погрож* .. ножем/пістолетом/зброєю | вбити/убити мене/нас | мене/нас вбити/убити | вбє/убє |
  вбють/убють | душить мене/її/його | мене душить | задушить | нападає/нападають на | ~напали на |
  ~на мене/нас напали | вломит* | вламу* | ломиться/ломляться в/у двері | стріляють/стріляє |
  застрел* | ~вистрілив* | я в небезпеці | життя в небезпеці | боюся за своє життя | загроза життю |
  ~викрали | ~замикає/замкнув/замикав/замкнула мене | не випускає/випускав мене |
  тримає мене замкнен* | не дає/пускає .. вийти/виходити
ru: с/со ножом/пистолетом/оружием/топором/битой | ножом | у него/нее нож/пистолет/оружие/ствол |
  пистолет* | бьет/бьют меня/нас | меня/нас бьет/бьют | избива* | ~избил*/побил* меня/нас |
  ~меня/нас избил*/побил*/ударил* | ~ударил*/ударили меня/нас |
  угрожа* убить/ножом/пистолетом/оружием/смертью/расправой | угрожа* .. ножом/пистолетом/оружием |
  убить меня/нас | меня/нас убить | убьет/убьют | душит меня/ее/его | меня душит | задушит |
  нападает/нападают на | ~напали на | ~на меня/нас напали | вломит* | вламыва* |
  ломится/ломятся в дверь | выбива* дверь | стреляют/стреляет | застрел* | я в опасности |
  жизнь в опасности | боюсь за свою жизнь | угроза жизни | ~похитил* | muzh .. b et |
  muzh .. bet/bjet/byot/biet | ubit menya | ubet | ub et | ~запирает/запер/запирал меня |
  не выпускает/выпускал меня | держит меня взаперти | не дает/пускает .. выйти/выходить
es: con un/una cuchillo/navaja/pistola/arma/machete/hacha/martillo/bate |
  tiene un/una cuchillo/navaja/pistola/arma | pistola | cuchillo | navaja | me apunta* |
  me pega/pegan/golpea/golpean/ataca/atacan |
  me esta/estan pegando/golpeando/atacando/ahorcando/estrangulando | pegando/pegandole/golpeando a |
  ~me pego/golpeo/atacaron | ~me dio/dieron una/un bofetada/paliza/golpe/punetazo | atacando a |
  ~amenaz* .. muerte/matar*/cuchillo/navaja/pistola/arma | me quiere/quieren matar |
  me va/van a matar | quiere*/van/va a? matarme | me ahorca | estrangul* | disparar* | disparos |
  ~disparo/dispararon | tiroteo | entrar a robar | intentando entrar | forzando la puerta |
  estoy/estamos en peligro | vida esta en peligro | miedo por mi vida | peligro de muerte |
  ~secuestr* | ~me encierra/encerro/encerraba | me tiene/tienen encerrad* |
  no me deja/dejan .. salir
fa: چاقو | اسلحه | تفنگ | سيلي زد/ميزنه/زدن |
  منو/مرا/ما/مارو/منم ميزنه/ميزنن/ميزند/بزنه/زد/زدن/زدند | رو ميزنه/ميزنن | ~كتك* | لت و كوب |
  تهديد* .. كشتن/مرگ/بكشه/ميكشه/چاقو/اسلحه/تفنگ | منو/مرا/ما/مارو ميكشه/بكشه/ميكشن/بكشن/ميكشد/بكشد |
  بكشتم | ميكشتم | خفم | خفهام | حمله ميكنه/ميكنن/ميكند | ~حمله كرد/كردن/كردند | شليك |
  در .. ميشكنه/ميشكنن/شكستن | همه چيو/چيز ميشكنه | در خطرم | در خطر هستم | جونم/جانم در خطر* |
  ~ربود* | ~منو/مرا/من .. زنداني كرده/ميكنه/ميكند | ~منو/مرا .. حبس كرده/ميكنه/ميكند |
  در/درو/درب .. روم/رويم/رو قفل |
  نميذاره/نميگذاره/نميزاره/نميذارد .. بيرون
""",
    Danger.LIFE_THREAT: """
fr: au feu | il y a le feu | y a le feu | ya le feu | le feu chez/dans/a/au | en feu |
  prend/pris/prendre feu | le feu prend | flammes partout | mis le feu | ~incendie |
  maison/appartement/appart/immeuble/cuisine/chambre/voiture/batiment .. brule |
  brule .. maison/appartement/appart/immeuble/cuisine/chambre | fumee partout | plein de fumee |
  odeur/fuite de gaz | respire/respir plus/pas/plu | ne respire | arrive plus/pas a respirer |
  peut/peux/pouvait plus respirer | s etouffe | inconscient* | evanoui* | perdu connaissance |
  perd connaissance | reagit plus/pas | arrive pas a le/la reveiller | se reveille pas/plus |
  peux/peut/pouvons pas le/la reveiller |
  bouge plus | saigne*/saigner beaucoup/enormement/fort/abondamment | perd beaucoup de sang |
  hemorragi* | se noie | noyade | se noyer | ~accident grave | ~grave accident | ~gros accident |
  coince* .. voiture/vehicule/decombres | gravement blesse* | electrocut* | en train de mourir
en: on fire | house/flat/building/kitchen/apartment/home/car/room is/are burning |
  ~fire in my/the/our/a | ~a fire | house/flat/building/kitchen/apartment fire | smoke everywhere |
  full of smoke | gas leak | smell gas | smell of gas |
  not/t/isnt/stopped/stop/no/doesnt breathing/breathe/breathin | unconscious | ~passed out |
  ~fainted |
  isn t waking | isnt waking | not waking | won t wake | wont wake | doesn t wake | doesnt wake |
  t/cannot/not wake him/her/them | unresponsive |
  bleeding heavily/alot/badly/everywhere/out/profusely | bleeding a lot | bleeding so much |
  lots/lot of blood | losing blood | blood everywhere | haemorrhag* | hemorrhag* | drowning |
  ~car/bad/serious crash | ~crashed into | trapped | electrocuted | he/she/is/s dying | ~collapsed
nl: brand | in brand | vuur | rook overal | gaslek | ruik gas | ademt niet | ademt .. niet meer |
  stopt met ademen | geen adem | stikt | bewusteloos | ~flauwgevallen | niet wakker te krijgen |
  wordt niet wakker | wordt niet meer wakker | krijg/krijgen hem/haar niet wakker |
  bloedt hevig/erg/enorm/veel/hard | bloedt .. erg |
  veel bloed | bloeding | verdrinkt | verdrinken | verdrinking | ~zwaar/ernstig ongeluk/ongeval |
  zit vast .. auto | bekneld | gaat dood
ar: ~حريق | عم يحترق/تحترق | يحترق | تحترق | ولعت النار | شب حريق | في نار | دخان بكل |
  ما/لا/مش .. يتنفس/تتنفس | توقف عن التنفس | فاقد/فاقده الوعي | فقد/فقدت الوعي | مغمي عليه/عليها |
  اغمي عليه/عليها | ما/مش عم يوعى/يفيق/يصحى/تصحى/توعى |
  ما/مش .. بيصحى/بتصحى/بيفيق/بتفيق/كيفيقش/كتفيقش/كينوضش | ما كيتنفسش/كتتنفسش | ينزف/تنزف | نزيف |
  ما/مش .. قادر/اقدر/قادره .. فيقه/فيقها/صحيه/صحيها |
  دم كتير | يغرق/تغرق | غريق | ~حادث سير كبير/خطير | ~حادث خطير | عالقين | محاصرين
uk: ~пожежа | горить/горять квартира/будинок/хата/кухня/дім/кімната/машина/підїзд |
  квартира/будинок/хата/кухня/дім/кімната/машина/підїзд горить | не дихає |
  перестав/перестала дихати | непритомн* | ~знепритомн* | втратив/втратила свідомість |
  без свідомості | не прокидається | не можу/можемо розбудити | кровотеч* | стікає кровю | тоне |
  тонуть | потопає |
  ~страшна/сильна/серйозна аварія | затиснут* | затиснені | помирає
ru: ~пожар | горит/горят квартира/дом/кухня/машина/подъезд/комната |
  квартира/дом/кухня/машина/комната горит | не дышит | перестал/перестала дышать | без сознания |
  потерял/потеряла сознание | не просыпается | не могу/можем разбудить | не приходит в себя |
  кровотечени* |
  сильно кровоточит | истекает кровью | много крови | тонет | тонут | утопает |
  ~страшная/сильная/серьезная/тяжелая авария | зажат* | умирает
es: hay fuego | fuego en mi/la/el casa/cocina/edificio/piso/apartamento/coche/habitacion |
  prendio/prendieron/prender fuego | ~incendio | se esta quemando | quemandose |
  humo por todas partes | no respira | dejo de respirar | se esta ahogando | se ahoga | ahogandose |
  inconsciente* | ~se desmayo | desmayad* | no despierta | no se despierta | no reacciona |
  no puedo/podemos despertarlo/despertarla |
  sangr* mucho/muchisimo/bastante/sin | sangrando | hemorragia | ~accidente grave | atrapad* |
  se esta muriendo | electrocut*
fa: اتش/اتيش گرفته/گرفت/سوزي | اتشسوزي | خونه/خانه/ماشين/اشپزخونه .. ميسوزه/سوخت | داره ميسوزه |
  نفس نميكشه/نميكشد | نفس كشيده نميتانه/نميتونه | نفسش بند | بيهوش* | از هوش رفته | ~غش كرده |
  به هوش نمياد | بيدار نميشه | نميتونم/نميتانم بيدارش |
  خونريزي | خون زياد | غرق ميشه/شده/شد | ~تصادف شديد/بد | ماشين .. گير | داره ميميره
""",
    Danger.MEDICAL: """
fr: crise cardiaque | arret cardiaque | infarctus | avc | attaque cerebrale |
  douleur* ... poitrine |
  il/elle fait un malaise | en train de faire un malaise | malaise cardiaque |
  mal a la poitrine | convuls* | crise d epilepsie | en train d accoucher | accouche maintenant |
  choc anaphylactique | reaction allergique grave | gonfle* .. gorge | du mal a respirer |
  arrive pas/plus .. a respirer | mousse/bave .. bouche | yeux .. revulses |
  devient/tout bleu/bleue/violet/violette | levres bleues/violettes |
  vomi*/crache* du sang | parle plus bien | bouche de travers
en: heart attack | cardiac arrest | stroke | chest pain* | pain in ... chest | seizure* | convuls* |
  in labour/labor | baby is coming now/out | giving birth now | anaphyla* | throat .. swelling |
  trouble/difficulty/hard breathing | can t breathe | can not breathe | cannot breathe |
  vomiting/coughing blood | vomiting/coughing up blood | face .. drooping/droops |
  foam/foaming .. mouth | hard to breathe | struggling/struggles/fighting to breathe |
  t/cannot catch his/her/their/my breath | gasping for air/breath | t/cannot get air |
  turning/turned blue | lips are/turned/turning blue
nl: hartaanval | hartstilstand | beroerte | herseninfarct | pijn op de borst | epileptische aanval |
  stuipen | bevalt nu | baby komt eraan | kan niet .. ademen | krijgt/krijg geen lucht/adem |
  krijgt/krijg nauwelijks/bijna/moeilijk geen? lucht/adem | moeilijk .. ademen/adem |
  hapt/happen naar lucht/adem | schuim .. mond | wordt blauw | blauwe lippen | scheve mond |
  spuugt/braakt/kotst bloed
ar: نوبه قلبيه | ازمه قلبيه | جلطه | سكته | الم .. *صدر* | ما/مش عم يقدر/تقدر يتنفس/تتنفس |
  ضيق نفس شديد | تشنج* | صرع | عم تولد | بتولد هلق | يستفرغ/تستفرغ/يتقيا/تتقيا دم |
  ما/مش/لا .. عم? يقدر/تقدر/قادر/قادره/قادرش/قادراش/بيقدر/بتقدر .. يتنفس/تتنفس/نتنفس/يتنفسش |
  ما/مش/لا .. عم? يقدر/تقدر/قادر/قادره/بيقدر/بتقدر ياخد/تاخد/ياخذ/تاخذ نفس | صعوبه .. تنفس |
  رغوه/زبد/زبده .. فم*/*فمه/فمو/تمو | صار ازرق/زرقا | لونه/لونها ازرق/زرقا
uk: серцев* напад* | інфаркт | інсульт | біль у грудях | болить в/у грудях | судом* |
  епілепт* напад* |
  почалися пологи | пологи почалися | народжує | не може дихати | задихається | блює/блюе кровю |
  кашляє кровю | важко дихати/дихає | не вистачає повітря | піна .. рот*/рота | очі закотил* |
  посинів/посиніла/синіє | перекосил* обличч*
ru: сердечн* приступ* | инфаркт | инсульт | боль в груди | болит в груди/грудях | судорог* |
  эпилепт* приступ* |
  начались роды | роды начались | рожает | не может дышать | задыхается | рвет кровью |
  рвота с кровью | тяжело/трудно дышать/дышит | не хватает воздуха | пена .. рта/рот* |
  глаза закатил*/закатываются | посинел/посинела/синеет | перекосил* лиц*
es: infarto | ataque al corazon | paro cardiaco | ictus | derrame cerebral | dolor en el pecho |
  convulsi* | ataque epilep* | esta/estoy de parto | dando a luz | no puede respirar |
  vomitando sangre | cuesta respirar | falta el aire | dificultad para/al respirar |
  respira con dificultad | espuma .. boca | poniendo morado/morada/azul | boca/cara torcida
fa: سكته | حمله قلبي | درد قفسه سينه | تشنج | صرع | داره زايمان | درد زايمان | نميتونه نفس |
  خون بالا مياره/مياورد | نميتونه .. نفس | نفسش تنگ | نفسش بالا نمياد | كف .. دهن*/دهان* |
  دهن*/دهان* .. كف | كبود شده | صورتش/دهنش كج | مرگي |
  چشماش/چشمهاش/چشمش برگشته
""",
}

# Danger in a few languages Passerelle does not read (pt, tr, ro, pl, sq): only words that are
# unambiguous and are not ordinary words in a language it reads ("socorro" and "policía" are
# Spanish, "polis" is Dutch, "agir" is French: none of them is here). A guess is acceptable
# when a life may be at stake; the answer is 112 in every language.
_OTHER_LANGUAGES: Mapping[Danger, str] = {
    Danger.SUICIDE: """
pt: quero morrer | vou me matar | quero me matar | em me matar | nao quero mais viver |
  tirar a? minha vida
tr: intihar* | kendimi oldur*/öldür* | olmek/ölmek istiyorum | yasamak/yaşamak istemiyorum
ro: vreau sa mor | ma sinucid | sinucid*
pl: zabic/zabić sie/się | chce/chcę umrzec/umrzeć
sq: dua te vdes | vetevras*/vetëvras*
""",
    Danger.MISSING_CHILD: """
pt: filho/filha/crianca/menino/menina/bebe .. desapareceu/sumiu/sequestrad*
tr: cocugum/çocuğum/oglum/oğlum/kizim/kızım kayboldu/kacirildi/kaçırıldı
""",
    Danger.SEXUAL_VIOLENCE: """
pt: ~estupr*
tr: ~tecavuz*/tecavüz*
""",
    Danger.POISONING: """
tr: zehirlen*
""",
    Danger.VIOLENCE: """
pt: faca | facada* | esfaque* | me batendo | batendo em mim | ta/esta/tá/está me batendo | me bate |
  ~me ameacou/ameaçou/ameacaram/ameaçaram | quer/querem/vai/vao/vão me matar | arrombando a porta
tr: bicak*/bıçak* | dovuyor/dövüyor | beni dov*/döv* | oldurecek/öldürecek | beni oldur*/öldür* |
  silahli/silahlı
ro: cutit*/cuțit* | ma/ne bate | ma/ne omoara/omoară | vrea sa ma omoare
pl: bije mnie | zabije mnie
sq: me thike/thikë | thike/thikë | me rrah | me vret
""",
    Danger.LIFE_THREAT: """
pt: pegando fogo | fogo | incendio | nao/não .. respira* | desmaiou | desmaiad* | se afogando |
  afogando
tr: imdat | yangin/yangın | evi/ev/evim/evimiz/bina/binada/mutfak/daire/araba yaniyor/yanıyor |
  nefes alamiyor/alamıyor/almiyor/almıyor | bayildi/bayıldı | baygin/baygın | kan kaybediyor |
  boguluyor/boğuluyor
ro: incendiu | arde casa/blocul/apartamentul | ia foc | foc peste tot | nu respira | lesinat/leșinat
pl: pozar/pożar | nie oddycha
sq: zjarr | nuk merr fryme/frymë
""",
    Danger.MEDICAL: """
pt: ataque cardiaco | convulsao/convulsão
tr: ambulans cagir*/çağır*/lazim/lazım/gonder*/gönder*/yolla*/gelsin | kalp krizi | felc/felç
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
  viole/violer/violent/violes la/les/mes/ses/nos/le/mon/son/leur/ma/sa/notre/votre/des/un/une/l |
  reveille/reveiller pas/plus le/a/pour/au/avant/tot/assez | reveiller a temps | reveiller pour |
  reveiller a l heure |
  je m enferme* | pris en photo | connais/connait/connaissons pas bien/tres/trop |
  enleve*/enlevee de/du/des la? liste/registre/dossier/programme/photo |
  rentre*/revenu* de vacances/voyage/stage/conge*/mission | saigne* un peu | un peu de sang |
  prise/analyse*/don de sang | ca le/la/les/lui touche | touche* beaucoup/enormement/profondement |
  sur la touche | touche* un/deux mot/mots | petit ami/copain | petite amie/copine |
  effondre*/ecroule* en larmes | tremble* un peu | gonfle* un peu | tres mal au dos/ventre/dent* |
  y a/avait eu un/le/des? incendie/feu | apres/depuis l incendie | suite a l/un incendie |
  victime* d un incendie | la mort de/du/des/d
en: fire brigade/alarm/exit/department/station/drill/extinguisher/extinguishers/insurance/safety |
  fire hazard/risk/door/blanket/fighter/fighters/service/inspection/training/course/escape |
  beats me why/how/what/where/when/who/if | beat me at/to/in | kill/killing time | dying to |
  dying/die of boredom/laughter/hunger/embarrassment/shame | get in touch |
  drown/drowning in paperwork/debt/debts/work/papers/bills | crash course | stab at |
  shoot me a/an message/mail/email/text/line | photo shoot/shooting | shoot photos | panic attack |
  food poisoning | feel/feeling/felt trapped | stroke of luck/genius | not suicidal |
  kill/killing myself laughing | could kill for | to die for |
  live in/with/here/there/alone/near/at/on/like | alive in/with/here |
  labour/labor market/law/laws/force/inspectorate/court/tribunal/rights/union/contract/office |
  living in/with/here/there/alone/near/at/on/like/off | wake/waking/woke up in/for/on/early/at |
  wake him/her/me up in/for/on/early/at | took/taken my/our son/daughter/child/kid/baby to |
  took .. photo*/picture*/pic/pics | taken .. photo*/picture* | know him/her/them well/very |
  find my/our son/daughter/child/kid/baby/boy/girl s/a/an/any/some/somewhere | car park | parking |
  bleeding a bit/little |
  bleeding slightly |
  bit of blood | blood test* | touched/touches/touching him/her/them/me deeply/so |
  her/his/my heart |
  shaking a bit/little | end everything with | end it with | life in/here/there/at/on/with |
  there was a fire | there has been a fire | had a fire | after/since the fire | a fire broke out |
  unconscious bias
nl: schiet op | groen licht | dood te vervelen | doodmoe | tijd doden | ga/gaat dood van |
  voedselvergiftiging | leven in/met/bij/zonder/als/op | hier/daar/zo niet meer leven |
  ochtends/morgens niet wakker | ken/kennen hem/haar niet goed/zo goed |
  niet wakker voor/om/van/door/op tijd | ik sluit me/mij op |
  bloedt een beetje | beetje bloed | bloedtest* | bloedafname | bloed prikken/geven |
  er was/is .. brand | na de brand | brand gehad | dood van
ar: ضاع*/ضايع* اوراق*/جواز*/بطاق*/هوي*/موبايل*/تلفون*/شنط*/محفظ*/مفتاح*/اقام* |
  ضايع/ضايعه بالمدرسه/بالدراسه/بالشغل/بهالبلد | *ضربني البرد/الهوا/الحر/الشمس |
  قتلني الملل/الجوع/الحر/الشوق/الضحك/البرد | الاسعار نار | نار الاسعار | تسمم غذايي |
  اعيش/عيش هون/هنا/مع/في/بهاد/بهذا/بهالبيت/بهالبلد |
  بيصحى/بتصحى/بيفيق/بتفيق/يصحى/تصحى/يفيق/تفيق الصبح/بكير/عالمدرسه/للمدرسه/عالشغل/للشغل |
  شوي/شويه/قليل/شي دم | تحليل دم | كان في/فيه حريق | صار .. حريق | بعد الحريق
uk: вбити/убити час | горить дедлайн/термін/справа/робота/проєкт | дедлайн горить |
  харчов* отруєн* | напад* паніки | панічн* атак* | жити тут/там/з/у/в/разом/окремо |
  не прокидається вранці/зранку/вчасно/до/на/в/від/під | трохи/трошки/небагато кров*/крові |
  аналіз* крові | здати кров | була/сталася пожежа | після пожежі |
  смерть/смерті .. мам*/тат*/бать*/чолові*/син*/доньк*/брат*/сестр*/бабус*/дідус*/друг*
ru: убить время | горит дедлайн/срок/проект | дедлайн горит | пищев* отравлени* | приступ* паники |
  паническ* атак* | жить здесь/тут/с/в/у/вместе/там/одна/отдельно |
  не просыпается утром/вовремя/в/на/к/по/от/под | немного/чуть крови/кровь | анализ* крови |
  сдать кровь | был/случился пожар | после пожара |
  смерти/смерть .. мам*/пап*/отц*/матер*/муж*/сын*/доч*/брат*/сестр*/бабушк*/дедушк*/друг*
es: me pega/pego/pegan/pegado el/la/un/una/su sol/resfriado/gripe/virus/covid/catarro/tos |
  alto el fuego | prueba de fuego | fuegos artificiales | intoxicacion alimentaria |
  ataque de panico | me muero de ganas/aburrimiento/hambre/risa/frio/calor/sueno | ahog* en deudas |
  siento/sentir/siente atrapad* | vivir aqui/alli/con/en/solo/sola/asi/ahi |
  abus* de mi confianza/buena | viola/violo/violar la/las/los/el/mis/sus/tus/nuestros |
  despierta por/para/a/temprano/con | sangra* un poco | poco de sangre | analisis de sangre |
  donar sangre | le/les toca a | dar/doy/da/dando el pecho | acabar con todo el/los/las/lo/mi/mis |
  hubo/tuvimos un incendio/fuego | despues del incendio | muerte de/del
fa: اتش نشان* | اتشنشان* | اتش نشاني | دلم ميسوزه | وقت كشي | مسموميت غذايي | تجاوز از |
  سرعت .. تجاوز | تجاوز به حقوق | در رو ميزنه/ميزنن | زنگ رو | زندگي كنم با/اينجا/اونجا |
  صبح/صبحها/مدرسه/كلاس/كار/وقت/موقع .. بيدار نميشه/نميشم/نميشن | يكم/كمي/كم/ذره خون |
  ازمايش خون | پاسپورت/مدارك/كارت/كيف/گوشي/كليد/لباس .. دختر*/پسر*/بچ* | شير .. سينه* |
  سينه* .. شير | ماشين لباسشويي/ظرفشويي |
  دست ميزنن/زدن/ميزدن و/براي/برا/براش | بعد از اتش/اتيش سوزي | اتش/اتيش سوزي .. بود
tr: yangin/yangın sigorta*/tatbikat*/cikis*/çıkış*/tup*/tüp*/alarm*/sondur*/söndür*/merdiven*
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
pt: meu marido/namorado/companheiro/ex | minha mulher/esposa/namorada/companheira
tr: kocam | kocası | karım | karim | esim | eşim | sevgilim | eski kocam
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

# Signs, by name: ordinary alone, danger when a combination of `_TOGETHER` is all there.
_SIGNS: Mapping[str, str] = {
    # a child, to tell a missing or abused child from an adult
    "child": """
fr: enfant* | fils | fille | filles | fillette* | gamin* | gamine* | gosse* | bebe* | bb | ado |
  ados | adolescent* | petit | petite | niece* | neveu* | garcon* | mineur* | eleve*
en: my/our/his/her/the/a/your son/sons | daughter* | child | children | kid | kids | baby |
  babies | toddler* | boy | boys | girl | girls | teen* | niece* | nephew* | year old | yr old |
  little one | stepdaughter | stepson | grandson | granddaughter | schoolgirl | schoolboy
nl: mijn/ons/een/het/haar/zijn kind | kinderen | kindje* | zoon* | dochter* | baby* | meisje* |
  jongen* | tiener* | nichtje* | neefje* | peuter* | kleuter* | leerling*
ar: ابن* | بنت* | طفل* | ولد* | اولاد* | ولاد* | دري | دريه | دراري | بنيه | صبي | صبيه | حفيد* |
  قاصر* | *ابني | *بنتي
uk: син | сина | сину | сином | синок | синочок | донька | доньку | доньки | доньці | донечка |
  доця | дочка | дочку | дочці | дитина | дитину | дитини | дитині | діти | дітей | дівчинка |
  дівчинку | хлопчик | хлопчика | малий | малого | малюк | малюка | підліток | підлітка | школяр* |
  онук* | онучк* | племінни*
ru: сын | сына | сыну | сынок | сыночек | дочь | дочка | дочку | дочери | дочке | ребенок |
  ребенка | ребенку | дети | детей | девочка | девочку | девочки | мальчик | мальчика | малыш |
  малыша | подросток | подростка | школьни* | внук* | внучк* | племянни*
es: hijo | hija | hijos | hijas | hijit* | nino | nina | ninos | ninas | nene | nena | bebe |
  bebes |
  adolescente* | sobrin* | menor | menores | chiquit* | peque
fa: بچ* | پسر* | دختر* | كودك* | نوزاد* | اولاد* | فرزند* | طفل* | نوجوان*
""",
    # dragged or pushed into a vehicle, or taken away by a stranger
    "taken": """
fr: tire*/traine*/pousse*/jete*/balance*/force*/kidnapp*/enleve* .... dans .. voiture/camionnette/
    camion/van/fourgon*/bagnole/auto/vehicule/coffre |
  de force .... voiture/camionnette/camion/van/fourgon*/bagnole/auto/vehicule |
  voiture/camionnette/camion/van/fourgon*/bagnole/auto/vehicule .... de force |
  inconnu*/etranger .. emmene*/embarque*/enleve*/pris/kidnapp* |
  inconnu*/etranger .... voiture/camionnette/camion/van/fourgon*/bagnole
en: dragged/pulled/pushed/grabbed/forced/bundled/threw/thrown/shoved/snatched/pull/pulling/drag/
    dragging/grab/grabbing/push/pushing/force/forcing .... into/in ..
    car/van/truck/vehicle/minivan/boot/trunk |
  stranger* .. took/taken/grabbed/pulled/snatched/led/lured/followed |
  stranger* .... car/van/truck/vehicle
nl: trok/trekt/trekken/trokken/sleurde/sleurden/sleept/sleuren/duwde/duwden/duwt/duwen/gooide/
    gooiden .... auto/busje/bestelwagen/bestelbus/wagen/koffer |
  auto/busje/bestelwagen/bestelbus/wagen/koffer .. in? getrokken/gesleurd/geduwd/gegooid/gesleept |
  onbekende/vreemde/vreemdeling .. meegenomen/meegelokt/weggenomen/meegesleurd |
  onbekende/vreemde/vreemdeling .... auto/busje/bestelwagen/bestelbus
ar: سحب*/جر/جره/جرها/جرو/شد/شدها/شدو/دفش*/زت*/رمى/رماه/رماها/اجبر*/خطف* .... *سيار*/*طوموبيل*/
    *فان/*باص |
  بالقوه/بالسيف/غصب/غصبا/بالغصب .... *سيار*/*طوموبيل* |
  *سيار*/*طوموبيل* .... بالقوه/بالسيف/غصب/غصبا/بالغصب |
  غريب/مجهول .. اخد*/اخذ*/ياخد/ياخذ/*خطف*/سحب* | غريب/مجهول .... *سيار*/*طوموبيل*
uk: затягнув/затягнула/затягнули/затягли/запхав/запхали/заштовхав/заштовхали/потягнув/потягли/
    силоміць/насильно/схопив/схопили .... машин*/авто*/бус*/фургон*/автівк*/мікроавтобус* |
  незнайом* .. забрав*/повів/повела/схопив*/викрав* | незнайом* .... машин*/авто*/бус*/фургон*
ru: затащил/затащила/затащили/запихнул/запихнули/затолкал/затолкали/потащил/потащили/силой/
    насильно/схватил/схватили .... машин*/авто*/фургон*/микроавтобус*/тачк*/минивэн |
  незнаком* .. забрал*/увел*/увез*/схватил*/похитил* | незнаком* .... машин*/авто*/фургон*
es: agarr*/arrastr*/empuj*/meti* .... a la fuerza |
  a la fuerza .... coche/carro/auto/furgoneta/camioneta/furgon/van/vehiculo |
  agarr*/arrastr*/empuj*/jalo/jalaron/forcejea* .... coche/carro/auto/furgoneta/camioneta/
    furgon/van/vehiculo |
  desconocido*/extrano* .. llevo/llevaron/agarro/subio/metio |
  desconocido*/extrano* .... coche/carro/auto/furgoneta/camioneta/furgon
fa: زور/بزور .... ماشين*/ون | كشيد/كشيدن/كشوند/انداخت/انداختن/هل/هول .... ماشين*/ون |
  ماشين* .. انداخت/انداختن/كشيد/كشيدن/كشوند | غريبه .. برد/بردش/گرفت/دزديد | غريبه .... ماشين*
""",
    # took a child along, and someone the person does not know
    "took_along": """
fr: emmene*/embarque*/pris/parti*
en: took/taken/led | drove off with
nl: meegenomen/weggebracht/meegelokt
ar: اخد*/اخذ*/ركب*/خد*/داها/داه
uk: забрав*/повів/повела/посадив*/повіз
ru: забрал*/увел*/увела/увез*/увезла/посадил*
es: llevo/llevaron/agarro/subio/subieron/metio
fa: برد/بردش/بردن/سوار كرد/سوارش كرد
""",
    "stranger": """
fr: inconnu* | connais pas | connait pas | connaissons pas
en: stranger* | don/didn/doesn t know him/her | unknown man/woman
nl: onbekende | vreemde man/vrouw | vreemdeling | ken hem/haar niet | kennen hem/haar niet
ar: غريب | غريبه | مجهول | ما بعرفه/بعرفها/منعرفه/كنعرفوش/اعرفه | مش عارفه/عارفاه
uk: незнайом* | не знаю його/її | не знаємо його/її
ru: незнаком* | не знаю его/ее | не знаем его/ее
es: desconocid* | extrano | extrana | no lo/la conozco/conocemos
fa: غريبه | ناشناس* | نميشناسمش | نميشناسيمش | نميشناختم
""",
    # not come home, nobody knows where they are
    "not_home": """
fr: pas/jamais rentre*/revenu*/reapparu* depuis/de/hier/cette/ce/cet/chez |
  pas/jamais rentre*/revenu* a la maison | pas/jamais rentre*/revenu* .. depuis |
  toujours pas rentre*/revenu* | pas dormi a la maison | personne ne? sait ou il/elle est |
  introuvable | sans/plus/pas de nouvelles .. depuis
en: hasn/didn/haven/not/never/isn .. t? come/came/got/been/gone/returned/coming home |
  not back home | not home since/yet | still not home | not back from school |
  nobody knows where he/she is | no one knows where he/she is
nl: niet .. thuisgekomen | niet .. thuis gekomen/geweest | niet naar huis gekomen/gegaan |
  niet meer thuis | nog steeds niet thuis | niet teruggekomen/teruggekeerd |
  niemand weet waar hij/zij is
ar: ما/مش/لم/ماعاد .. رجع*/يرجع*/ترجع*/عاد/تعد/يعد .. *بيت/*دار/*مدرسه/*مبارح/*بارح/امس/ليل/
    *ليله |
  امبارح/مبارح/البارح/امس/البارحه .. ما/مش/لم/ماعاد .. رجع*/عاد/ترجع*/يرجع* |
  ما/مش .. بات*/نام* .. *بيت/*دار | هرب*/شرد* .. *بيت/*دار |
  ما/محدش/حتى .. حدا/واحد? .. يعرف/بيعرف/عارف/كيعرف .. وين/فين
uk: не прийшов/прийшла/повернувся/повернулася/вернувся/вернулася/ночував/ночувала ..
    додому/домой/дома/вдома/зі/з/із/вчора/ночі |
  ніхто не знає де він/вона | досі нема/немає | нема/немає вдома
ru: не пришел/пришла/вернулся/вернулась/ночевал/ночевала .. домой/дома/из/со/с/вчера/ночью |
  никто не знает где он/она | до сих пор нет | нет дома
es: no ha/han? vuelto/volvio/regresado/regreso/llegado/llego/aparecido/aparecio a? casa |
  no .. vuelto/volvio/regresado/regreso/llegado/llego del/de .. colegio/escuela/instituto/clase/
    clases |
  no volvio/regreso/llego anoche | no durmio en casa | nadie sabe donde esta
fa: خونه/خانه/منزل/مدرسه/مكتب/ديشب/ديروز .. نيومده/نيامده/نيومد/نيامد/برنگشته/برنگشت/نيومدن |
  هيچكس/هيچ .. نميدونه/نميدانه/نميفامه/نميدونن .. كجا* | خونه/خانه .. فرار
""",
    # touched in a sexual way
    "touched": """
fr: le/la/les/lui touche/touchait/tripote/tripotait/caresse/caressait |
  touche*/tripote*/caresse* .. fesses/seins/sexe/parties/zizi/poitrine/culotte/intime*/partout/
    entrejambe |
  fait des choses/trucs bizarres | se touche devant | montre son sexe |
  entraineur/coach/voisin/oncle/cousin/prof/professeur/moniteur/animateur/parrain/papy ....
    touche*/tripote*/caresse*
en: touches/touching/touched/touch him/her/them |
  touch*/fondl*/grop* .. private/privates/bottom/breasts/genitals/parts | inappropriately |
  fondl* | grop*
nl: betast* | aanraakt/aanraken/aangeraakt/raakt/raakte .. aan |
  intieme plaatsen/delen/zones | ongepast
ar: *يلمس*/*بيلمس*/لمسها/لمسه/لمسو/*يحسس*/*بيحسس*/كيقيس*/قاسها | *اماكن حساسه/خاصه | حشومه |
  *تحرش*
uk: торкаєт*/торкаєть*/торкався/торкалася/чіпає/чіпав/лапає/лапав/мацає/мацав ..
    її/його/їх/інтимн*/за |
  інтимн* місц* | розбещ* | домагаєт*/домагаєть*/домагався
ru: трогает/трогал/трогала/лапает/лапал/щупает/щупал .. ее/его/их/за/интимн* | интимн* мест* |
  растл* | домогает*/домогался | пристает/приставал .. к ней/нему
es: toca*/toco/manose* .. partes/intima*/pecho/culo/trasero/genital*/abajo/pompis/cola |
  manose* | tocamient*
fa: لمس ميكنه/ميكند/ميكنن/كرده/كرد/ميكرد | جاهاي/جاي/اندام/قسمت* .. خصوصي*/حساس*/شرمگاه* |
  بدن*/تن* .. دست ميزنه/ميزند/زده | اذيت جنسي | دستمالي
""",
    # chest pain or pressure, and what makes it a heart attack
    "chest": """
fr: poitrine | thorax
en: chest
nl: borst | borstkas
ar: صدر | صدره | صدرها | صدري | صدرو | بصدره | بصدرها | بصدري | بصدرو
uk: груди | грудях | грудей | грудині | грудній | грудну
ru: груди | грудь | грудью | грудине
es: pecho
fa: سينه* | قفسه
""",
    "chest_alarm": """
fr: serre*/sert/oppress*/ecrase*/pression/poids/lourd*/transpire*/sueur*/etouffe*/souffle |
  bras gauche | machoire | respir* | tres/super/trop/hyper/vraiment mal
en: tight*/pressure/crushing/heavy/heaviness/squeez*/sweat*/clutch*/breath*/breathe/breathing/
    burning |
  left arm | arm .. numb | jaw | hurts/hurting bad/badly/really/so | hurts/hurting a lot
nl: druk*/drukkend/benauwd/zweet/zweten/knel*/zwaar/beklemm*/adem*/lucht/uitstraal*/arm |
  veel pijn
ar: وجع/الم/بالم/يوجع*/بيوجع*/كيضر*/ضاغط/ضغط/ماسك/مسك/عرق/*يتعرق*/*تتعرق*/*تعرق*/نفس/*تنفس*/
    ايده/ذراع*/حرق*/شديد/قوي/بزاف
uk: тисне/тиск/давить/пече/печіння/піт/поту/пітніє/спітнів/спітніла/важко/задиха*/повітря/рук*/
    щелеп*/сильно
ru: давит/давление/жжет/жжение/пот/поту/потеет/тяжело/трудно/задыха*/воздуха/рук*/челюст*/сильно
es: presion/opresion/aprieta/sud*/brazo/respir*/aire/ahog*/quema/fuerte/mucho
fa: درد/فشار/عرق/نفس*/تنگ/سنگين*/شديد | دست چپ
""",
    # a fall from a height, or someone down on the floor
    "down": """
fr: tombe*/chute*/tombee* de/du/d/des/dans/depuis .. echelle/toit/balcon/escalier*/fenetre/
    echafaudage*/arbre/haut/etage/mur/falaise/pont |
  est/reste/tombe*/etendu*/etale*/git par terre/sol | effondre* | ecroule*
en: fell/fallen/falls/falling off/from/down .. ladder/roof/balcony/stairs/staircase/window/
    scaffolding/scaffold/tree/wall/height/bridge/floor/storey/story |
  on the .. floor/ground | collapsed | lying there
nl: ladder/dak/balkon/trap/trappen/raam/steiger/boom/hoogte .. gevallen/afgevallen/gestort |
  gevallen/gestort van/uit/door .. ladder/dak/balkon/trap/trappen/raam/steiger/boom/hoogte/
    verdieping |
  verdieping .. gevallen/gestort |
  ligt op de grond/vloer | op de grond/vloer gevallen | in elkaar gezakt | neergevallen
ar: وقع/وقعت/طاح/طاحت/سقط/سقطت/انهار/انهارت/انزلق* من/عن/فوق .. سلم/درج/سطح/بلكون/برندا/شباك/
    نافذه/شجره/علو/فوق/طابق |
  واقع/واقعه/مرمي/مرميه/ممدد/ممدده/طايح/طايحه/ملقى/سقط/وقع/وقعت/طاح/طاحت .. *ارض |
  سقط/سقطت/وقع/وقعت/طاح/طاحت/انهار/انهارت .. فجاه |
  وقع/وقعت/طاح/طاحت/سقط/سقطت/تزحلق* .. *درج/*سلم/*سطح/*بلكون
uk: впав/впала/упав/упала/зірвався/зірвалася з/із/зі .. драбин*/дах*/балкон*/сход*/вікн*/
    риштуван*/дерев*/висот*/поверх* |
  лежить/лежала/впав/впала/упав/упала на підлозі/підлогу/землі/землю
ru: упал/упала/сорвался/сорвалась с/со/из .. лестниц*/крыш*/балкон*/окн*/лесов/дерев*/высот*/
    этаж* |
  лежит/лежала/упал/упала на полу/пол/земле/землю
es: cayo/caido/cayendo/caer de/del/desde/por .. escalera/escaleras/tejado/techo/balcon/ventana/
    andamio/arbol/altura/piso |
  cayo al suelo | esta/estaba/quedo/tirado/tirada/tendido/tendida en el suelo | se desplomo |
  desplomad*
fa: نردبون/نردبان/بوم/بام/بالكن/پله*/پنجره/داربست/درخت/ارتفاع/طبقه .. افتاد*/پرت/سقوط |
  رو/روي زمين .. افتاده/افتاد/افتادن/مونده | زمين افتاده
""",
    # hurt: bleeding, not moving, not responding
    "hurt": """
fr: saigne* | sang | bouge pas/plus | repond pas/plus | reagit pas/plus | ouvre pas/plus les yeux |
  yeux fermes | se releve pas/plus | peut/peux pas se relever | respire mal
en: bleeding | blood | not moving | isn t moving | isnt moving | won t move | doesn t move |
  not responding | won/doesn t respond/answer/react | won/can t get up | cannot get up |
  eyes won t open | eyes closed | won t open his/her eyes | not waking
nl: bloedt | bloed | beweegt niet | beweegt .. niet meer | reageert niet | reageert .. niet meer |
  komt niet .. overeind | kan niet opstaan | ogen dicht
ar: دم | دمه | دمها | ينزف | تنزف | *يسيل |
  ما/لا/مش .. عم? يتحرك/تتحرك/بيتحرك/بتتحرك/كيتحركش/كتتحركش/يتحركش |
  ما/لا/مش .. عم? يرد/ترد/بيرد/بترد/يستجيب/تستجيب/كيجاوب*/يجاوب*/تجاوب* |
  ما/لا/مش .. يفتح/تفتح/بيفتح/بتفتح .. عيون*/عين*
uk: кров | крові | кровю | кровить | стікає | не рухається | не ворушиться | не відповідає |
  не реагує | не встає | не може встати | очі заплющені
ru: кровь | крови | кровью | кровоточит | не двигается | не шевелится | не отвечает |
  не реагирует | не встает | не может встать | глаза закрыты
es: sangra* | sangre | no se mueve | no responde | no reacciona | no se levanta |
  no puede levantarse | ojos cerrados | no abre los ojos
fa: خون | تكون/تكان نميخوره/نميخورد | حركت نميكنه/نميكند | جواب نميده/نميدهد/نميدن |
  بلند نميشه/نميشود | چشم* .. بسته
""",
    # shaking all over, and the signs that make it a seizure
    "shaking": """
fr: tremble* de partout | tremble* .. tout le corps | tout le corps .. tremble* | secoue* | spasme*
en: shaking all over | shaking uncontrollably | whole body .. shaking/jerking | jerking |
  convulsing | having a fit | fitting
nl: schokt | schokken | schokkende | trilt | trillen | stuiptrekk*
ar: ترجف | يرجف | يرتجف | ترتجف | *يهتز | *تهتز | ينتفض | تنتفض | كيترعد | كتترعد | يرتعش | ترتعش
uk: трясеться | трусить | трусило | трясе | сіпається | тіпає | тіпається
ru: трясется | трясет | трясло | дергается | дергало
es: temblando | tiembla | temblor* | sacudidas | sacude
fa: ميلرزه | ميلرزد | لرزش | تكون .. ميخوره | تكان .. ميخورد | ميپره
""",
    "fit_sign": """
fr: yeux .. arriere/revulses/blanc/fixe* | levres bleues | tout bleu/bleue | repond pas/plus |
  reagit pas/plus
en: eyes .. rolled/rolling | lips .. blue | turning blue | not responding
nl: ogen .. weg/draaien/gedraaid/omhoog | blauwe lippen | reageert niet
ar: عيون*/عين* .. مقلوب*/بيضا/شاخص* | ازرق | زرقا | ما/مش/لا .. عم? يرد/ترد/يستجيب/تستجيب
uk: очі закотил*/закочу* | синіє | сині губи | не реагує | не відповідає
ru: глаза закатил*/закатываются | синеет | синие губы | не реагирует | не отвечает
es: ojos en blanco | ojos .. vueltos | labios morados/azules | morado | no responde | no reacciona
fa: چشم* .. برگشته/سفيد | كبود | جواب نميده | واكنش نشون نميده
""",
    # something a person is allergic to, and swelling of the face or throat
    "allergen": """
fr: cacahuete* | arachide* | noix | noisette* | amande* | pistache* | allergi* | pique* | piqure* |
  guepe* | abeille* | frelon* | crevette* | fruits de mer
en: peanut* | nut | nuts | allerg* | stung | sting | bee | bees | wasp* | hornet* | shellfish |
  shrimp* | prawn*
nl: pinda* | noot | noten | allergi* | gestoken | wesp* | bijensteek | garnal*
ar: فستق | فول سوداني | مكسرات | جوز | لوز | حساسيه | قرص* | لسع* | لدغ* | نحل* | دبور | زنبور
uk: арахіс* | горіх* | алергі* | вкусил* | вжалил* | оса | оси | бджол* | шершен*
ru: арахис* | орех* | аллерги* | ужалил* | укусил* | оса | осы | пчел* | шершен*
es: cacahuete* | mani | nuez | nueces | almendra* | alergi* | picado | picada | picadura |
  abeja* | avispa* | marisco*
fa: بادوم زميني | بادام زميني | اجيل | گردو | بادوم | بادام | الرژي | حساسيت | نيش | زنبور | گزيد*
""",
    "swelling": """
fr: bouche/levres/levre/langue/visage/gorge/figure .. gonfle*/enfle* |
  gonfle*/enfle* .. bouche/levres/langue/visage/gorge/figure
en: lips/lip/tongue/face/throat/mouth .. swell*/swollen/puff* |
  swell*/swollen/puff* .. lips/tongue/face/throat
nl: lippen/lip/tong/gezicht/keel/mond .. zwel*/opgezwollen/opzwellen/dik |
  zwelt/zwellen/opgezwollen .. lippen/tong/gezicht/keel
ar: شفايف*/شفاف*/شفه/شفتي*/لسان*/وجه*/وجها/حلق*/زلاعيم/فم*/تمو .. ينتفخ*/منفوخ*/انتفخ*/تورم*/
    متورم*/وارم*/منفخ* |
  *انتفخ*/*تورم* .. شفايف*/لسان*/وجه*/حلق*
uk: губ*/язик*/обличчя/горл*/лице .. набряк*/опух*/розпух* |
  набряк*/опух* .. губ*/язик*/обличчя/горл*
ru: губ*/язык*/лицо/горл* .. опух*/распух*/отек* | опух*/распух*/отек* .. губ*/язык*/лицо/горл*
es: labios/lengua/cara/garganta/boca .. hinch* | hinch* .. labios/lengua/cara/garganta/boca
fa: لب/لبش/لبهاش/لباش/زبون*/زبان*/صورت/صورتش/گلو*/دهن* .. ورم/باد/پف/متورم |
  ورم* .. لب/لبش/لباش/زبون*/صورتش/گلوش
""",
    # something swallowed that may poison, and the signs that the person is unwell
    "ingested": """
fr: avale*/mange*/bu/bue/ingere*/leche*/croque*/mordu .... champignon*/baie*/medicament*/
    cachet*/pilule*/comprime*/sirop/produit*/javel/detergent/lessive/capsule*/pastille*/plante*/
    feuille*/spirit/essence/petrole/solvant/antigel/pile*/aimant*/soude/deboucheur/raticide/
    insecticide/nicotine/liquide |
  pris .. mes/ses/tous/toutes/toute .. medicament*/cachet*/pilule*/comprime*/sirop
en: ate/eaten/swallowed/drank/drunk/licked/chewed/bit/bitten/sucked/sucking ....
    mushroom*/berr*/pill*/tablet*/medicine*/medication*/syrup/bleach/detergent/cleaning/cleaner/
    dishwasher/washing/capsule*/pod*/battery/batteries/magnet*/plant/plants/leaves/chemical*/
    antifreeze/
    paracetamol/ibuprofen/poison*/nicotine/spirit |
  got/gets/getting into .... pill*/tablet*/medicine*/medication*/bleach/detergent/dishwasher/
    washing/cleaning/capsule*/pod*/batteries/chemical* |
  took/taken .. my/his/her/all/whole .. pill*/tablet*/medicine*/medication*/syrup
nl: paddenstoel*/bessen/bes/pillen/pil/medicijn*/tabletten/*siroop/bleek*/schoonmaakmiddel*/
    wasmiddel*/vaatwas*/capsule*/batterij*/planten/blad*/bladeren/chloor/ontstopper/gif ....
    gegeten/ingeslikt/gedronken/opgedronken/geslikt/ingenomen/opgegeten/binnengekregen |
  wasmiddel*/capsule*/pillen/pil/tabletten/bleek*/schoonmaakmiddel*/batterij* .... mond |
  gegeten/ingeslikt/gedronken/opgedronken/geslikt/opgegeten .... paddenstoel*/bessen/pillen/
    medicijn*/tabletten/*siroop/bleek*/schoonmaakmiddel*/wasmiddel*/vaatwas*/batterij*/chloor
ar: اكل/اكلت/بلع/بلعت/شرب/شربت/كلا/كلات/ابتلع*/لحس* .... فطر/فقع/توت/حبوب/حبه/دوا/دواء/ادويه/
    شراب/كلور/كلوركس/وايتكس/جافيل/منظف*/صابون/مبيد*/بطاريه/نبته/سم
uk: зїв/зїла/зїли/проковтнув/проковтнула/випив/випила/наковтався/наковталася .... гриб*/ягід*/
    ягоди/таблет*/ліки/ліків/сироп*/хлорк*/відбілювач*/засіб/засоби/мийн*/пральн*/капсул*/
    батарейк*/рослин*/отрут*
ru: съел/съела/съели/проглотил/проглотила/выпил/выпила/наглотал*/наелся/наелась .... гриб*/ягод*/
    таблет*/лекарств*/сироп*/хлорк*/отбеливател*/средство/моющ*/капсул*/батарейк*/растени*/отрав*
es: comio/trago/bebio/tomo/ingirio/chupo/lamio/mordio .... setas/seta/hongos/hongo/bayas/baya/
    pastillas/pastilla/medicamento*/medicina*/jarabe/lejia/cloro/producto*/detergente/capsula*/
    pila*/iman*/planta*/hojas/veneno
fa: قارچ/توت/قرص*/دارو*/شربت/وايتكس/سفيدكننده/شوينده/مايع/كپسول/باتري/گياه/برگ/سم/لباسشويي ....
    خورده/خورد/خوردن/قورت/بلعيده/نوشيده/سركشيده/گاز
""",
    "unwell": """
fr: vomi*/vomit/vomissement*/somnolent*/mou/molle/pale/convuls*/bave/tousse/etouffe* |
  respire mal | du mal a respirer | reveiller | dort tout le temps | endormi*
en: vomit*/drowsy/sleepy/limp/pale/dizzy/unconscious/convuls*/drooling | throwing/threw up |
  breath*/breathe/breathing | being sick | won t wake | not waking | can t wake
nl: overgeven/overgeeft/braakt/braken/spuugt/kotst/suf/slaperig/slap/bleek/duizelig/kwijlt |
  geeft over |
  adem* | lucht | wakker
ar: *يستفرغ/*تستفرغ/استفرغ*/*يتقيا/*تتقيا/*يرجع/*كيرجع/*كيتقيا/نعسان*/دايخ*/*دوخه/*تنفس/نفس/
    مرخي*/اصفر/*يصحى/*تصحى/ريالته/ريالتها/*يريل/*تريل
uk: рве/рвало/блює/блював*/вирвало/сонн*/сонний/млявий/блідий/дихає/дихати/розбудит*/прокидаєт*/
    слина
ru: рвет/рвота/вырвало/сонн*/вял*/бледн*/дышит/дышать/разбудит*/просыпаетс*/слюн*
es: vomit*/adormilad*/somnolient*/palid*/mareado/mareada/respir*/aire/floj*/despierta/babea*
fa: استفراغ | بالا مياره/مياورد | خوابالود* | خواب الود* | گيج | رنگ پريده | نفس* | بيحال* |
  اب دهن* .. ميريزه/مياد |
  بي حال | بيدار نميشه
""",
}

# Combinations of signs, and the danger they tell of when every sign is in the message.
_TOGETHER: tuple[tuple[Danger, tuple[str, ...]], ...] = (
    (Danger.MISSING_CHILD, ("child", "taken")),
    (Danger.MISSING_CHILD, ("child", "not_home")),
    (Danger.MISSING_CHILD, ("child", "took_along", "stranger")),
    (Danger.CHILD_IN_DANGER, ("child", "touched")),
    (Danger.POISONING, ("ingested", "unwell")),
    (Danger.MEDICAL, ("chest", "chest_alarm")),
    (Danger.MEDICAL, ("shaking", "fit_sign")),
    (Danger.MEDICAL, ("allergen", "swelling")),
    (Danger.LIFE_THREAT, ("down", "hurt")),
)

_GAP_WORDS = {"..": 3, "...": 6, "....": 10}
_CLAUSE_END = re.compile(r"[.!?;:\n,،؛؟…]+")
_CYRILLIC_APOSTROPHE = re.compile(r"(?<=[а-яіїєґА-ЯІЇЄҐ])['ʼ’`](?=[а-яіїєґА-ЯІЇЄҐ])")
# Persian verb prefixes and suffixes written apart (after a zero-width non-joiner or a space).
_PERSIAN_PREFIXES = frozenset({"مي", "نمي"})
_PERSIAN_SUFFIXES = frozenset({"ها", "هاي", "ام", "اش", "ات", "مان", "تان", "شان"})
_MAX_CLAUSE_WORDS = 120
_WORDS_REMEMBERED = 20_000


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
    sign: str = ""


def _compile_word(raw: str, phrase: str) -> _Word:
    start, end = raw.endswith("*"), raw.startswith("*")
    words = [w for w in normalise(raw.strip("*")).split() for w in word_tokens(w)]
    if len(words) != 1:
        raise ValueError(f"{raw!r} in {phrase!r} is not one word once normalised: {words}")
    return _Word(words[0], start, end)


def _compile(text: str, danger: Danger | None, sign: str = "") -> _Phrase:
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
    return _Phrase(" ".join(text.lstrip("~").split()), tuple(slots), anchored, past, danger, sign)


def _phrases_of(block: str) -> Iterator[tuple[str, str]]:
    """(language, phrase) pairs of a block: `xx: a | b` lines, continued on indented lines.

    A line that ends in `/` goes on with the same list of words on the next line.
    """
    languages: list[tuple[str, str]] = []
    for line in block.strip("\n").split("\n"):
        if line[:1].isspace():
            lang, body = languages[-1]
            glue = "" if body.endswith("/") else " "
            languages[-1] = (lang, body + glue + line.strip())
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
        self._inside: dict[str, list[_Phrase]] = defaultdict(list)
        for phrase in phrases:
            for word in phrase.slots[0].words:
                if word.start and word.end:
                    self._inside[word.text].append(phrase)
                elif word.start:
                    self._start[word.text].append(phrase)
                elif word.end:
                    self._end[word.text].append(phrase)
                else:
                    self._exact[word.text].append(phrase)
        # Only the lengths that some start or end has are worth looking up.
        self._start_lengths = sorted({len(text) for text in self._start})
        self._end_lengths = sorted({len(text) for text in self._end})
        # Words come back from message to message: what each one may start is remembered.
        self._seen: dict[frozenset[str], tuple[_Phrase, ...]] = {}

    def _starting_at(self, variants: frozenset[str]) -> tuple[_Phrase, ...]:
        phrases = self._seen.get(variants)
        if phrases is None:
            if len(self._seen) >= _WORDS_REMEMBERED:
                self._seen.clear()
            phrases = self._seen[variants] = self._look_up(variants)
        return phrases

    def _look_up(self, variants: frozenset[str]) -> tuple[_Phrase, ...]:
        found: dict[int, _Phrase] = {}
        for v in variants:
            for phrase in self._exact.get(v, ()):
                found[id(phrase)] = phrase
            for k in self._start_lengths:
                if k > len(v):
                    break
                for phrase in self._start.get(v[:k], ()):
                    found[id(phrase)] = phrase
            for k in self._end_lengths:
                if k > len(v):
                    break
                for phrase in self._end.get(v[-k:], ()):
                    found[id(phrase)] = phrase
        for text, phrases in self._inside.items():
            if any(text in v for v in variants):
                for phrase in phrases:
                    found[id(phrase)] = phrase
        return tuple(found.values())

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
        for phrases in (_DANGER_PHRASES, _OTHER_LANGUAGES)
        for danger, block in phrases.items()
        for _lang, text in _phrases_of(block)
    ]
)
_SIGN_PHRASES = _PhraseSet(
    [
        _compile(text, None, sign)
        for sign, block in _SIGNS.items()
        for _lang, text in _phrases_of(block)
    ]
)
_NEGATIVES = _phrase_set(_NOT_DANGER)
_PAST_MARKERS = _phrase_set(_PAST)
_PARTNERS = _phrase_set(_PARTNER)
_SWALLOWING = _phrase_set(_SWALLOWED)


def _clauses(text: str) -> list[list[frozenset[str]]]:
    """The message as clauses of words, each word with the forms it may be matched in."""
    text = _CYRILLIC_APOSTROPHE.sub("", text[:4096])
    clauses: list[list[frozenset[str]]] = []
    for piece in _CLAUSE_END.split(text):
        words = _joined(normalise(piece).split())[:_MAX_CLAUSE_WORDS]
        if words:
            # The Arabic article and a leading "and" are also tried without ("والاولاد"), and
            # so is the "and" of a short negation ("وما", "ولا", "ومش": "and not").
            clauses.append([frozenset({w, *word_tokens(w), *_short_and(w)}) for w in words])
    return clauses


def _short_and(word: str) -> tuple[str, ...]:
    return (word[1:],) if len(word) == 3 and word[0] == "و" else ()


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
    phrases = _found(_DANGERS, clauses)
    signs = _found(_SIGN_PHRASES, clauses)
    if not phrases and not signs:
        return None
    past = _mentions(_PAST_MARKERS, clauses)
    negatives = [
        (c, start, end)
        for c, clause in enumerate(clauses)
        for _p, start, end in _NEGATIVES.find(clause)
    ]
    # Why each danger fired: (the danger, the phrase or the signs, as the lists write them).
    reasons: list[tuple[Danger, str]] = [
        (phrase.danger, phrase.text)
        for phrase, c, start, end in phrases
        if phrase.danger is not None
        and not (phrase.past and past)
        and not _cancelled(negatives, c, start, end)
    ]
    if not past:
        present: dict[str, str] = {}
        for phrase, c, start, end in signs:
            if not _cancelled(negatives, c, start, end):
                present.setdefault(phrase.sign, phrase.text)
        reasons += [
            (danger, " + ".join(present[sign] for sign in needed))
            for danger, needed in _TOGETHER
            if all(sign in present for sign in needed)
        ]
    if not reasons:
        return None
    dangers = {danger for danger, _why in reasons}
    if Danger.VIOLENCE in dangers and _mentions(_PARTNERS, clauses):
        dangers.add(Danger.DOMESTIC_VIOLENCE)
    if dangers & {Danger.LIFE_THREAT, Danger.MEDICAL} and _mentions(_SWALLOWING, clauses):
        dangers.add(Danger.POISONING)
    ordered = tuple(d for d in PRIORITY if d in dangers)
    fired = next((why for danger, why in reasons if danger == ordered[0]), reasons[0][1])
    return Alarm(ordered, fired)


_Found = list[tuple[_Phrase, int, int, int]]  # (phrase, clause, first word, word after the last)


def _found(phrases: _PhraseSet, clauses: list[list[frozenset[str]]]) -> _Found:
    return [
        (phrase, c, start, end)
        for c, clause in enumerate(clauses)
        for phrase, start, end in phrases.find(clause)
    ]


def _cancelled(negatives: list[tuple[int, int, int]], c: int, start: int, end: int) -> bool:
    """Whether an expression overlaps the words start..end and is not wholly inside them."""
    return any(
        nc == c and ns < end and start < ne and not (start <= ns and ne <= end)
        for nc, ns, ne in negatives
    )


def _mentions(phrases: _PhraseSet, clauses: list[list[frozenset[str]]]) -> bool:
    return any(True for clause in clauses for _ in phrases.find(clause))
