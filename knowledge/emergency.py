"""The emergency detector: runs before any matching, in every language Passerelle reads.

A phrase matches when each of its words is in the query. A word ending in `*` also matches
the longer forms people type ("suicid*": suicide, suicider, suicidaire). Matching is strict on
purpose: no fuzzy guesses here, a false alarm costs less than a missed one only when it is rare.
The emergency entry's own aliases are not used here: they are broad on purpose ("police",
"aidez-moi") and take part in ordinary matching instead, where context weighs in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from knowledge.normalisation import tokens

EMERGENCY_ID = "urgence"

_PHRASES = """
fr: au secours | a l aide | aidez moi vite | urgence vitale | appeler 112 | appeler ambulance |
  il y a le feu | incendie | en feu | brule* maison | couteau | arme | pistolet | fusil |
  menac* tuer | veut me tuer | va me tuer | me frappe | m a frappe | frappe* enfant | me bat |
  nous bat | battu* | viol* | agress* | violence* conjugal* | violence* domestique* |
  je suis en danger | en danger de mort | danger de mort | enfant en danger | enfant maltrait* |
  maltraitance | suicid* | me tuer | envie de mourir | veux mourir | mettre fin a mes jours |
  en finir avec la vie | saigne* beaucoup | hemorragi* | ne respire plus | respire plus |
  inconscient* | evanoui* | crise cardiaque | overdose | empoisonn* | noyade | se noie |
  accident grave | enlev* enfant | kidnap* | sequestr* | traite des etres humains
en: help me now | it is an emergency | call 112 | call emergency | ambulance | fire |
  burning | on fire | knife | gun |
  weapon | threaten* | kill me | going to kill | beat* me | hits me | hitting me | abused |
  rape* | assault* | domestic violence | i am in danger | in danger | child in danger |
  suicid* | kill myself | end my life | want to die | bleeding | not breathing |
  unconscious | heart attack | overdose | poison* | drowning | kidnap* | trafficking
nl: help snel | noodgeval | brand | een mes | wapen | bedreig* | vermoord* | slaat me | geslagen |
  mishandel* | verkracht* | huiselijk geweld | in gevaar | kind in gevaar | zelfmoord |
  suicid* | wil dood | bloedt | ademt niet | bewusteloos | hartaanval | overdosis
ar: النجده | انقذوني | ساعدوني بسرعه | طوارئ | اسعاف | حريق | نار | سكين | سلاح | مسدس |
  يهددني | تهديد | يقتلني | قتل | يضربني | ضرب | اغتصاب | اعتداء | عنف اسري | عنف منزلي |
  خطر | في خطر | طفل في خطر | انتحار | انتحر | اقتل نفسي | اريد ان اموت | نزيف | لا يتنفس |
  فاقد الوعي | اغماء | نوبه قلبيه | جرعه زائده | تسمم | غرق | اختطاف | خطف
uk: рятуйте | допоможіть швидко | на допомогу | швидка | швидку | пожеж* | горить |
  ножем | зброя | пістолет | погрож* | вбити | вб'є | вбʼє | б'є | бʼє | бють | побив* |
  зґвалт* | згвалт* | напад* | домашнє насильство | насильств* | небезпец* | дитина в
  небезпеці | самогубств* | суїцид* | покінчити з собою | хочу померти | кровотеч* | не
  дихає | непритомн* | серцевий напад | інфаркт | передозування | отруєн* | тоне |
  викрад*
ru: помогите | спасите | на помощь | скорая | скорую | пожар* | горит | нож | ножом | оружие |
  пистолет | угрож* | убить | убьет | убью | бьет | избива* | избил* | изнасил* | напад* |
  домашнее насилие | насили* | опасност* | ребенок в опасности | самоубийств* | суицид* |
  покончить с собой | хочу умереть | кровотечен* | не дышит | без сознания | потерял сознание |
  сердечный приступ | инфаркт | передозировк* | отравлен* | тонет | похищ*
es: socorro | auxilio | ayudenme rapido | es una emergencia | ambulancia | incendio | fuego |
  cuchillo | arma | pistola | amenaz* | matarme | me va a matar | me pega | golpe* |
  violac* | agresion | violencia domestica | violencia de genero | en peligro | nino en
  peligro | suicid* | quiero morir | quitarme la vida | sangr* mucho | no respira |
  inconsciente | desmay* | ataque al corazon | infarto | sobredosis | envenen* | ahog* |
  secuestr*
fa: کمک فوری | نجاتم بدید | نجات | اورژانس | آمبولانس | آتش | آتیش | آتش سوزی | چاقو |
  اسلحه | تفنگ | تهدید | میکشه | بکشه | کتک | میزنه | تجاوز | خشونت خانگی | خشونت | در خطر |
  خطر | بچه در خطر | کودک در خطر | خودکشی | خودمو بکشم | میخوام بمیرم | خونریزی | نفس
  نمیکشه | بیهوش | سکته قلبی | مسمومیت | غرق | آدم ربایی | ربودن
"""


@dataclass(frozen=True)
class _Phrase:
    words: tuple[str, ...]
    prefix: tuple[bool, ...]
    text: str


def _compile(text: str) -> _Phrase | None:
    words: list[str] = []
    prefix: list[bool] = []
    for raw in text.split():
        star = raw.endswith("*")
        for word in tokens(raw.rstrip("*")):
            words.append(word)
            prefix.append(star)
    if not words:
        return None
    return _Phrase(tuple(words), tuple(prefix), text.strip())


def _builtin() -> list[_Phrase]:
    # A language's phrases run over several lines: join them before splitting on "|".
    blocks: list[str] = []
    for line in _PHRASES.strip().split("\n"):
        if ":" in line[:4]:
            blocks.append(line.split(":", 1)[1])
        else:
            blocks[-1] += " " + line
    phrases: list[_Phrase] = []
    for block in blocks:
        for part in block.split("|"):
            phrase = _compile(part)
            if phrase is not None:
                phrases.append(phrase)
    return phrases


_BUILTIN = _builtin()


class EmergencyDetector:
    """Tells whether a query speaks of a danger to life, violence, suicide or a child at risk."""

    def __init__(self, extra_phrases: Iterable[str] = ()) -> None:
        self._phrases = list(_BUILTIN)
        for text in extra_phrases:
            phrase = _compile(text)
            if phrase is not None:
                self._phrases.append(phrase)

    def detect(self, query_tokens: Iterable[str]) -> str | None:
        """Return the phrase that matched, or None."""
        present = set(query_tokens)
        if not present:
            return None
        for phrase in self._phrases:
            if all(
                word in present or (star and any(t.startswith(word) for t in present))
                for word, star in zip(phrase.words, phrase.prefix, strict=True)
            ):
                return phrase.text
        return None
