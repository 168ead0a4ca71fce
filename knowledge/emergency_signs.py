"""The emergency check's signs: words ordinary alone, danger when a combination is all there.

Each sign (`_SIGNS`) is a block of phrases by language, written as in `knowledge.emergency`;
`_TOGETHER` names the combinations of signs and the danger each tells of.
"""

from __future__ import annotations

from collections.abc import Mapping

from knowledge.dangers import Danger

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
