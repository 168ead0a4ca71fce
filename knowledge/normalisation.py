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

# Cyrillic letters that lose their identity when stripped of marks: keep them whole.
_KEEP_MARKED = frozenset("йїЙЇ")

# Invisible and direction-changing characters: never meaningful in a query.
_INVISIBLE = re.compile("[\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
_REPEATS = re.compile(r"(\w)\1{2,}")
_NON_WORD = re.compile(r"[^\w]+")
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


def _strip_marks(text: str) -> str:
    """Drop accents and Arabic diacritics, keeping letters whose marks change the letter."""
    out: list[str] = []
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.category(char) == "Mn":
            # й and ї decompose to и/і + mark: put them back together.
            if out and unicodedata.normalize("NFC", out[-1] + char) in _KEEP_MARKED:
                out[-1] = unicodedata.normalize("NFC", out[-1] + char)
            continue
        out.append(char)
    return "".join(out)


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """Return `text` in the one form both the knowledge and queries are matched in."""
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    text = text.casefold().translate(_ARABIC_FOLD)
    text = _strip_marks(text)
    text = "".join(" " if unicodedata.category(c).startswith("C") else c for c in text)
    text = _REPEATS.sub(r"\1", text)
    words = _NON_WORD.sub(" ", text).replace("_", " ").split()
    expanded: list[str] = []
    for word in words:
        expanded.append(SMS_SPELLINGS.get(word, word))
    return " ".join(expanded)


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
    return [_arabic_light_stem(word) for word in normalise(text).split()]


def is_number(token: str) -> bool:
    """Whether a token is only digits."""
    return bool(_DIGITS_ONLY.match(token))
