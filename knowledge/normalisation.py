"""Text normalisation for matching what people type against the knowledge.

The same function runs on the knowledge (once, when the index is built) and on every query,
so both sides meet in one form: NFKC, case folded, without accents or diacritics, with the
Arabic and Persian letter variants merged, quotes and apostrophes unified, SMS spellings
expanded, and letters repeated for emphasis ("secouuurs") folded.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Arabic-script variants that people type interchangeably (and Persian keyboards produce).
_ARABIC_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ی": "ي",  # Persian yeh
        "ې": "ي",
        "ێ": "ي",
        "ئ": "ي",
        "ک": "ك",  # Persian keheh
        "ڪ": "ك",
        "ة": "ه",
        "ۀ": "ه",
        "ؤ": "و",
        "ـ": "",  # tatweel
        "‌": " ",  # zero-width non-joiner: Persian plural and verb prefixes
        "‍": "",  # zero-width joiner
        "٠": "0",
        "١": "1",
        "٢": "2",
        "٣": "3",
        "٤": "4",
        "٥": "5",
        "٦": "6",
        "٧": "7",
        "٨": "8",
        "٩": "9",
        "۰": "0",
        "۱": "1",
        "۲": "2",
        "۳": "3",
        "۴": "4",
        "۵": "5",
        "۶": "6",
        "۷": "7",
        "۸": "8",
        "۹": "9",
        "ё": "е",
        "ґ": "г",
        "’": "'",
        "‘": "'",
        "ʼ": "'",
        "`": "'",
        "´": "'",
        "«": " ",
        "»": " ",
        "“": " ",
        "”": " ",
        "„": " ",
        "œ": "oe",
        "æ": "ae",
        "ß": "ss",
    }
)

# Invisible and direction-changing characters: never meaningful in a query.
_INVISIBLE = re.compile("[\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
_REPEATS = re.compile(r"(\w)\1\1+")
_NON_WORD = re.compile(r"[^\w\n]+")
_DIGITS_ONLY = re.compile(r"^\d+$")

# SMS and chat spellings, mapped to what they stand for (after accents are gone).
SMS_SPELLINGS: dict[str, str] = {
    # French
    "pr": "pour",
    "ds": "dans",
    "dc": "donc",
    "jsuis": "je suis",
    "jsui": "je suis",
    "chui": "je suis",
    "chuis": "je suis",
    "jss": "je suis",
    "jcherche": "je cherche",
    "jveux": "je veux",
    "jvx": "je veux",
    "jpeux": "je peux",
    "jai": "j ai",
    "g": "j ai",
    "kel": "quel",
    "kelle": "quelle",
    "koi": "quoi",
    "ke": "que",
    "ki": "qui",
    "kan": "quand",
    "qd": "quand",
    "kom": "comment",
    "cmt": "comment",
    "cmnt": "comment",
    "bcp": "beaucoup",
    "tt": "tout",
    "tjr": "toujours",
    "tjrs": "toujours",
    "pk": "pourquoi",
    "pq": "pourquoi",
    "mwa": "moi",
    "twa": "toi",
    "svp": "s il vous plait",
    "stp": "s il te plait",
    "slt": "salut",
    "bjr": "bonjour",
    "rdv": "rendez vous",
    "dmd": "demande",
    "appart": "appartement",
    "apart": "appartement",
    "appt": "appartement",
    "logmt": "logement",
    "boulo": "boulot",
    "taff": "taf",
    "fr": "francais",
    "frcs": "francais",
    "francai": "francais",
    "fransai": "francais",
    "fransais": "francais",
    "mutuel": "mutuelle",
    "medcin": "medecin",
    "meddecin": "medecin",
    "pa": "pas",
    "papie": "papiers",
    # English
    "u": "you",
    "ur": "your",
    "pls": "please",
    "plz": "please",
    "r": "are",
    "im": "i am",
    "cant": "can not",
    "dont": "do not",
    "wanna": "want to",
    "gonna": "going to",
    "gotta": "got to",
    "ppl": "people",
    "thx": "thanks",
    "b4": "before",
    "2day": "today",
    "hosp": "hospital",
    # Dutch
    "ff": "even",
    "wrk": "werk",
    # Spanish
    "q": "que",
    "xq": "porque",
    "tb": "tambien",
    "trabjo": "trabajo",
}


def _mark_table() -> dict[int, None]:
    """Every combining mark of the basic plane, mapped to nothing (for str.translate)."""
    return {code: None for code in range(0x300, 0x10000) if unicodedata.category(chr(code)) == "Mn"}


# Letters each followed by a dot, two or more times (the last dot may be missing).
_ACRONYM = re.compile(r"(?<![^\W\d_])(?:[^\W\d_]\.){2,}(?:[^\W\d_](?![^\W\d_]))?")
# Regular expressions rather than str.translate: on long texts they are ten times faster.
_MARKS = re.compile("[" + re.escape("".join(map(chr, _mark_table()))) + "]")
_FOLDS = re.compile("[" + re.escape("".join(map(chr, _ARABIC_FOLD))) + "]")


def _fold_letter(match: re.Match[str]) -> str:
    return _ARABIC_FOLD[ord(match.group())]


def _join_acronym(match: re.Match[str]) -> str:
    return match.group().replace(".", "")


def _fold(text: str) -> str:
    """Every step of normalisation that works on the whole string, newlines kept."""
    if "." in text:  # "C.A.I.", "C.P.A.S", "O.N.E.": one word, as people also write it
        text = _ACRONYM.sub(_join_acronym, text)
    if text.isascii():
        text = text.lower()
    else:
        text = unicodedata.normalize("NFKC", text)
        text = _INVISIBLE.sub("", text)
        text = _FOLDS.sub(_fold_letter, text.casefold())
    if not text.isascii():
        # й and ї decompose to и/і + a mark that makes them other letters: shield them.
        text = text.replace("й", "\ue000").replace("ї", "\ue001")
        text = _MARKS.sub("", unicodedata.normalize("NFD", text))
        text = unicodedata.normalize("NFC", text).replace("\ue000", "й").replace("\ue001", "ї")
    text = _REPEATS.sub(r"\1", text)
    # Control characters, punctuation and symbols are not word characters: they split words.
    return _NON_WORD.sub(" ", text).replace("_", " ")


def _words(folded_line: str) -> list[str]:
    return [SMS_SPELLINGS.get(word, word) for word in folded_line.split()]


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """Return `text` in the one form both the knowledge and queries are matched in."""
    return " ".join(_words(_fold(text)))


_ARABIC_ARTICLE = ("وال", "بال", "فال", "كال", "لل", "ال")


def _arabic_light_stem(word: str) -> str:
    """Drop the Arabic article and a leading "and" ("والعمل" -> "عمل")."""
    if not ("\u0600" <= word[0] <= "\u06ff"):
        return word
    for prefix in _ARABIC_ARTICLE:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix) :]
    if word.startswith("و") and len(word) >= 4:
        return word[1:]
    return word


def tokens(text: str) -> list[str]:
    """Normalised words of `text`, in order (duplicates kept), Arabic articles dropped."""
    words = normalise(text).split()
    if text.isascii():
        return words
    return [word if word.isascii() else _arabic_light_stem(word) for word in words]


def fold_many(texts: list[str]) -> list[str]:
    """Each text folded (lowercase, no accents, letters merged, punctuation gone), in one pass.

    The words of the result still need `word_tokens` (SMS spellings, the Arabic article).
    """
    # One call per step on one long string, instead of a dozen calls per text.
    folded = _fold("\n".join(text.replace("\n", " ") for text in texts)).split("\n")
    if len(folded) != len(texts):  # a character folded into a newline: go the slow way
        return [_fold(text) for text in texts]
    return folded


def word_tokens(folded_word: str) -> list[str]:
    """The tokens of one folded word (an SMS spelling may stand for several words)."""
    expanded = SMS_SPELLINGS.get(folded_word, folded_word)
    words = expanded.split() if " " in expanded else [expanded]
    return [word if word.isascii() else _arabic_light_stem(word) for word in words]


def is_number(token: str) -> bool:
    """Whether a token is only digits."""
    return bool(_DIGITS_ONLY.match(token))
