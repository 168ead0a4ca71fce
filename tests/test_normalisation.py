import pytest

from knowledge.normalisation import normalise, tokens


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Français", "francais"),
        ("L’EMPLOI", "l emploi"),
        ("ﬁn", "fin"),  # NFKC ligature
        ("ＣＰＡＳ", "cpas"),  # full-width letters
        ("au secouuurs!!!", "au secours"),
        ("jcherche 1 appart", "je cherche 1 appartement"),
        ("pr le boulo", "pour le boulot"),
        ("plz help", "please help"),
        ("أحمد إبراهيم آمنة", "احمد ابراهيم امنه"),
        ("مَدْرَسَة", "مدرسه"),  # diacritics and teh marbuta
        ("كـــتاب", "كتاب"),  # tatweel
        ("یک کتاب", "يك كتاب"),  # Persian yeh and keheh
        ("می\u200cخواهم", "مي خواهم"),  # zero-width non-joiner
        ("Йорданія Ґанок Ёж", "йорданія ганок еж"),
        ("a\u202eb\u200bc", "abc"),  # direction override and zero-width space vanish
        ("tab\tand\x00null", "tab and null"),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_arabic_article_is_dropped_for_matching() -> None:
    assert tokens("دروس اللغة الفرنسية") == ["دروس", "لغه", "فرنسيه"]
    assert tokens("والعمل") == ["عمل"]


def test_emoji_and_punctuation_only_give_nothing() -> None:
    assert tokens("😀🙏 ?!... ---") == []
