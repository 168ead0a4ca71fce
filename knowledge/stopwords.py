"""Words that say nothing about what a person needs, in the languages Passerelle reads.

`STOPWORDS` are dropped from queries and from the knowledge alike. `SOFT_WORDS` (asking,
needing, helping, looking for...) are kept but weigh little: "aide alimentaire" is about food.
Both are given in normalised form (no accents, Arabic letters folded).
"""

from __future__ import annotations

from knowledge.normalisation import tokens

_STOP = """
fr: a au aux avec ce ces cet cette c ca d de des du en et est il ils elle elles j je l la le les
  leur leurs lui m ma me mes moi mon n ne nous on ou par pas plus pour qu que quel quelle quels
  quelles qui quoi s sa se ses si son sur t ta te tes toi ton tu un une vos votre vous y suis es
  sommes etes sont ai as avons avez ont etait fait faire fais peut peux puis dois doit tres bien
  comment ou quand est-ce ceci cela alors mais donc car dans chez bonjour salut merci madame
  monsieur svp plait il vous te ya hello tout toute tous toutes aussi encore deja juste
  quelque quelques autre autres meme sans-doute ici la-bas voila oui non
en: a an the and or of to in on at for from with by is are am was were be been being i me my
  mine you your yours he she it its we our they their them this that these those what which who
  whom how where when why do does did can could would should will shall may might must have has
  had not no yes please hi hello thanks thank there here some any about into as so if than then
  just also very
nl: de het een en of van in op aan met voor naar bij is ben zijn was waren ik mij me mijn jij je
  jou jouw u uw hij zij ze wij we ons onze het dit dat die deze wat wie waar wanneer hoe waarom
  niet geen wel ja nee kan kun kunnen moet moeten wil wilt heb heeft hebben er hallo dag dank
  bedankt alstublieft graag om te ook maar dan
ar: في من الى إلى على عن مع هذا هذه ذلك تلك التي الذي هو هي انا أنا انت أنت نحن هم كيف اين أين
  متى لماذا ماذا ما هل لا نعم او أو و ثم عند كل بعض لي لك له لها يا مرحبا شكرا السلام عليكم من
  فضلك اريد أريد ممكن
uk: і й та в у на з із зі до від для по про при за як де коли чому що хто це цей ця ці той та
  те я мене мені мій моя моє мої ти тебе тобі твій ви вас вам ваш він вона воно ми нас нам наш
  вони їх не ні так так але чи або є був була були буде бути можна можу хочу треба будь ласка
  привіт дякую добрий день
ru: и в во на с со к ко по о об от до для за из у при как где когда почему что кто это этот эта
  эти тот та то я меня мне мой моя мое мои ты тебя тебе твой вы вас вам ваш он она оно мы нас нам
  наш они их не ни да нет но или ли есть был была были будет быть можно могу хочу надо нужно
  пожалуйста привет спасибо здравствуйте добрый день
es: el la los las un una unos unas y o de del al en con por para a que se es son soy estoy esta
  estan mi mis me yo tu tus te usted ustedes su sus nuestro nosotros ellos ellas el ella lo le les
  como donde cuando por que porque quien cual este esta esto ese esa eso no si muy hola gracias
  favor puedo puede tengo hay
fa: و در به از با برای که این آن را تا هم یا اما من تو او ما شما آنها است هست هستم هستند بود
  باشد شد می نمی چه چی کجا کی چرا چگونه چطور آیا نه بله ها های ای یک سلام ممنون لطفا مرسی دارم
  خواهش کنم میخواهم میخوام
"""

_SOFT = """
all: robot bot chatbot namur namen намюр намюрі намюра نامور belgique belgie belgium belgica
  belgien бельгія бельгии бельгию бельгия بلجيكا بلژیک بلجیم wallonie wallonia valonia
  валлонія валлония
fr: aide aider besoin cherche chercher recherche trouver veux voudrais souhaite information
  informations renseignement renseignements demande demander question probleme svp urgent vite
  avoir obtenir comment ou endroit personne quelqu contact temps vie jour jours chose choses gens
  monde fois truc mois an ans annee semaine heure moment nom sens bon bonne grand petit nouveau
  nouvelle savoir dire aller venir voir mettre prendre connais connait connaissez connaitre
  appel appeler appelle appelles appelez appele
en: help need needs looking look find search want would like information info question problem
  get getting obtain where someone somebody place contact time life day days thing things people
  world name meaning way lot good new know tell go come see make take call calling called
nl: hulp helpen nodig zoek zoeken vinden informatie info vraag probleem krijgen waar iemand plek
  tijd leven dag dagen ding dingen mensen wereld naam goed nieuw weten gaan komen zien ken kent
  kennen bellen bel belt
ar: مساعده ساعدني احتاج حاجه ابحث بحث اجد معلومات سؤال مشكله اين مكان احد وقت حياه يوم شيء
  ناس عالم اسم تعرف اعرف اتصل اتصال
uk: допомога допомогти допоможіть потрібно потрібна шукаю знайти інформація питання проблема де
  місце хтось час життя день речі люди світ ім'я знаєш знаю знаєте дзвонити зателефонувати
ru: помощь помогите помочь нужна нужен ищу найти информация вопрос проблема где место кто-то
  кто-нибудь время жизнь день вещи люди мир имя знаешь знаю знаете звонить позвонить
es: ayuda ayudar necesito necesita busco buscar encontrar quiero informacion pregunta problema
  donde lugar alguien tiempo vida dia cosa cosas gente mundo nombre sentido conoces conozco
  conocer llamar llamo
fa: کمک نیاز لازم دنبال پیدا اطلاعات سوال مشکل کجا جایی کسی وقت زندگی روز چیز مردم دنیا اسم
  میدونی میدانی میدانید برم بروم میرم رفتن زنگ
"""


def _parse(block: str) -> frozenset[str]:
    words: set[str] = set()
    for line in block.split("\n"):
        body = line.split(":", 1)[1] if line[:3].rstrip(":").isalpha() and ":" in line[:4] else line
        for word in body.split():
            words.update(tokens(word))
    return frozenset(words)


STOPWORDS: frozenset[str] = _parse(_STOP)
SOFT_WORDS: frozenset[str] = _parse(_SOFT) - STOPWORDS
