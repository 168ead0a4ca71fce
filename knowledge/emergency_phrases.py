"""The emergency check's phrases, by danger and language, and the words that qualify them.

Phrases that name a danger (`_DANGER_PHRASES`, and `_OTHER_LANGUAGES` for a few words in
languages Passerelle does not read), expressions that cancel them (`_NOT_DANGER`), words that
put them in the past (`_PAST`), mentions of a partner (`_PARTNER`) and of something swallowed
(`_SWALLOWED`). How a phrase is written is explained in `knowledge.emergency`, which matches them.
"""

from __future__ import annotations

from collections.abc import Mapping

from knowledge.dangers import Danger

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
