"""The commune a person names: names, other names, sections, postal codes, typos; no false alarm."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge import documents
from knowledge.places import (
    FUZZY,
    NAME,
    POSTCODE,
    SECTION,
    CommuneFinder,
    PlaceNames,
    load_place_names,
)
from knowledge.seed import SEED_DIR

DATA = Path(__file__).parent / "data"


def finder_from_files() -> CommuneFinder:
    """A finder over the seed communes (`communes.yaml`) and their place names, no database."""
    knowledge, _ = documents.read_path(SEED_DIR / "communes.yaml")
    return CommuneFinder(knowledge.communes)


@pytest.fixture(scope="module")
def finder() -> CommuneFinder:
    return finder_from_files()


# (message, commune id, how) — in the eight languages, as people write them.
FOUND: list[tuple[str, str, str]] = [
    # French: the names
    ("je cherche un cours de français à Ciney", "ciney", NAME),
    ("j'habite à Gembloux", "gembloux", NAME),
    ("Bonjour, j'habite Andenne depuis un mois", "andenne", NAME),
    ("où est le CPAS d'Anhée ?", "anhee", NAME),
    ("je vis à Assesse avec ma famille", "assesse", NAME),
    ("bureau d'accueil de Beauraing", "beauraing", NAME),
    ("je suis à Bièvre, il y a un médecin ?", "bievre", NAME),
    ("logement à Cerfontaine", "cerfontaine", NAME),
    ("cours de néerlandais à Couvin", "couvin", NAME),
    ("Dinant", "dinant", NAME),
    ("j'habite à Doische", "doische", NAME),
    ("une école de devoirs à Éghezée ?", "eghezee", NAME),
    ("Eghezee", "eghezee", NAME),
    ("j'habite à Fernelmont", "fernelmont", NAME),
    ("la commune de Floreffe", "floreffe", NAME),
    ("aide alimentaire Florennes", "florennes", NAME),
    ("je vis à Fosses-la-Ville", "fosses-la-ville", NAME),
    ("fosses la ville", "fosses-la-ville", NAME),
    ("transport scolaire Gedinne", "gedinne", NAME),
    ("je viens d'arriver à Gesves", "gesves", NAME),
    ("un club de foot à Hamois ?", "hamois", NAME),
    ("j'habite à Hastière", "hastiere", NAME),
    ("Havelange, cours d'alphabétisation", "havelange", NAME),
    ("nous habitons à Houyet", "houyet", NAME),
    ("CPAS de Jemeppe-sur-Sambre", "jemeppe-sur-sambre", NAME),
    ("je suis à La Bruyère", "la-bruyere", NAME),
    ("j'habite à Mettet", "mettet", NAME),
    ("je cherche un appartement à Namur", "namur", NAME),
    ("j'habite à Ohey", "ohey", NAME),
    ("je vis à Onhaye", "onhaye", NAME),
    ("bureau d'accueil Philippeville", "philippeville", NAME),
    ("je loge à Profondeville", "profondeville", NAME),
    ("j'habite Rochefort", "rochefort", NAME),
    ("je suis à Sambreville", "sambreville", NAME),
    ("le CPAS de Sombreffe", "sombreffe", NAME),
    ("nous vivons à Somme-Leuze", "somme-leuze", NAME),
    ("j'habite à Viroinval", "viroinval", NAME),
    ("famille d'accueil à Vresse-sur-Semois", "vresse-sur-semois", NAME),
    ("j'habite à Walcourt", "walcourt", NAME),
    ("je suis à Yvoir", "yvoir", NAME),
    ("ONDE jemeppe", "jemeppe-sur-sambre", NAME),
    # French: SMS, no accents, no capitals
    ("jcherche le cpas de namen", "namur", NAME),
    ("jsuis a dinant jsais pas ou aller", "dinant", NAME),
    ("habite beauraing, besoin d'aide pr m'installer", "beauraing", NAME),
    ("jhabite a ciney", "ciney", NAME),
    ("chui a namur dpuis 1 mois", "namur", NAME),
    ("kel cpas pr andenne", "andenne", NAME),
    ("tjrs a gembloux", "gembloux", NAME),
    ("g besoin d1 avocat a namur svp", "namur", NAME),
    ("NAMUR", "namur", NAME),
    ("ciney!!!", "ciney", NAME),
    ("jsuis ds rochefort", "rochefort", NAME),
    ("bjr jvx un rdv au cpas eghezee", "eghezee", NAME),
    ("slt kom aller o bureau d acceuil philippeville", "philippeville", NAME),
    # English
    ("I live in Namur", "namur", NAME),
    ("I'm in Dinant, who can help me with the integration path", "dinant", NAME),
    ("I live in Florennes, where's the nearest office for newcomers?", "florennes", NAME),
    ("we are staying in Beauraing with a host family", "beauraing", NAME),
    ("looking for a flat in Gembloux", "gembloux", NAME),
    ("is there a food bank in Andenne?", "andenne", NAME),
    ("French classes near Ciney please", "ciney", NAME),
    ("I just moved to Sambreville", "sambreville", NAME),
    ("doctor in Couvin who speaks English", "couvin", NAME),
    ("we live in Rochefort", "rochefort", NAME),
    ("any job in Philippeville?", "philippeville", NAME),
    ("im living in eghezee", "eghezee", NAME),
    ("school for my kids in Walcourt", "walcourt", NAME),
    ("I'm based in Fosses-la-Ville", "fosses-la-ville", NAME),
    # Dutch
    ("ik woon in Namen", "namur", NAME),
    ("ik woon in Walcourt, is er een onthaalbureau voor nieuwkomers?", "walcourt", NAME),
    ("ik zoek werk in Gembloers", "gembloux", NAME),
    ("waar is het OCMW van Namen?", "namur", NAME),
    ("wij wonen in Dinant", "dinant", NAME),
    ("ik werk bij het OCMW van Florennes", "florennes", NAME),
    ("taalcursus in Ciney", "ciney", NAME),
    ("ik ben net verhuisd naar Andenne", "andenne", NAME),
    ("huisarts te Rochefort", "rochefort", NAME),
    ("huis huren namen", "namur", NAME),
    ("onthaalbureau nieuwkomers namen", "namur", NAME),
    ("Namen", "namur", NAME),
    # Spanish
    ("vivo en Namur", "namur", NAME),
    ("busco trabajo en Dinant", "dinant", NAME),
    ("clases de francés en Ciney", "ciney", NAME),
    ("estoy viviendo en Gembloux", "gembloux", NAME),
    ("necesito un médico en Andenne", "andenne", NAME),
    ("alquilar piso barato en namur", "namur", NAME),
    ("vivimos en Philippeville", "philippeville", NAME),
    ("hay un CPAS en Sambreville?", "sambreville", NAME),
    ("resido en Beauraing", "beauraing", NAME),
    ("trabajo en Couvin", "couvin", NAME),
    # Russian
    ("мы живём в Намюре", "namur", NAME),
    ("я живу в Намюре", "namur", NAME),
    ("бюро приема новоприбывших Намюр", "namur", NAME),
    ("мечеть рядом с Намюром", "namur", NAME),
    ("Живу в Сине (Ciney), куда идти?", "ciney", NAME),
    ("я живу в Динане", "dinant", NAME),
    ("курсы французского в Жамблу", "gembloux", NAME),
    ("мы переехали в Анден", "andenne", NAME),
    ("работа в Самбревиле", "sambreville", NAME),
    ("живу в Филиппвиле", "philippeville", NAME),
    ("врач в Рошфоре", "rochefort", NAME),
    ("живём в Кувене", "couvin", NAME),
    ("проживаю в Борене", "beauraing", NAME),
    ("из Намюра", "namur", NAME),
    ("живу в Эгезе", "eghezee", NAME),
    # Ukrainian
    ("де вивчити французьку в Намюрі", "namur", NAME),
    ("я живу в Намюрі", "namur", NAME),
    ("православна церква Намюр", "namur", NAME),
    ("Живу в Егезе (Eghezée), хто допомагає з першими кроками?", "eghezee", NAME),
    ("мешкаю в Дінані", "dinant", NAME),
    ("ми живемо в Жамблу", "gembloux", NAME),
    ("робота в Андені", "andenne", NAME),
    ("живу в Самбревілі", "sambreville", NAME),
    ("школа у Філіппвілі", "philippeville", NAME),
    ("живу в Сіне", "ciney", NAME),
    ("лікар у Рошфорі", "rochefort", NAME),
    ("ми в Кувені", "couvin", NAME),
    ("переїхали до Флоренна", "florennes", NAME),
    ("житло у Валькурі", "walcourt", NAME),
    ("я в Івуарі", "yvoir", NAME),
    # Arabic
    ("أنا ساكن في نامور", "namur", NAME),
    ("أبحث عن عمل في نامور", "namur", NAME),
    ("عم دور على بيت رخيص بنامور", "namur", NAME),
    ("أسكن في دينان", "dinant", NAME),
    ("أعيش في جمبلو", "gembloux", NAME),
    ("مقيم في سامبرفيل", "sambreville", NAME),
    ("انا في سيني", "ciney", NAME),
    ("دروس فرنسية في أندين", "andenne", NAME),
    ("وين المكتب في فيليبفيل", "philippeville", NAME),
    ("ساكنة في روشفور", "rochefort", NAME),
    ("طبيب في كوفان", "couvin", NAME),
    ("نامور", "namur", NAME),
    ("الرمز البريدي 5000", "namur", POSTCODE),
    # Persian / Dari
    ("من در نامور زندگی می‌کنم", "namur", NAME),
    ("مسجد شیعه در نامور", "namur", NAME),
    ("در دینان زندگی میکنم", "dinant", NAME),
    ("کلاس فرانسوی در ژامبلو", "gembloux", NAME),
    ("ساکن روشفور هستم", "rochefort", NAME),
    ("در سامبرویل کار میکنم", "sambreville", NAME),
    ("خانه در فیلیپویل", "philippeville", NAME),
    ("ما در آندن هستیم", "andenne", NAME),
    ("من در سینی زندگی می‌کنم", "ciney", NAME),
    ("کد پستی 5590", "ciney", POSTCODE),
    ("کد پستی ۵۱۰۰", "namur", POSTCODE),
    # Sections
    ("I live in Jambes", "namur", SECTION),
    ("à Saint Servais", "namur", SECTION),
    ("j'habite à Saint-Servais", "namur", SECTION),
    ("tamines", "sambreville", SECTION),
    ("Auvelais", "sambreville", SECTION),
    ("on vient d'arriver à Tamines", "sambreville", SECTION),
    ("j'habite à Salzinnes", "namur", SECTION),
    ("je vis à Bouge", "namur", SECTION),
    ("studio à louer à Jambes", "namur", SECTION),
    ("le CPAS de Jambes", "namur", SECTION),
    ("nous habitons Erpent", "namur", SECTION),
    ("à Wépion près de la Meuse", "namur", SECTION),
    ("j'habite à Belgrade (Namur)", "namur", NAME),
    ("I live in Belgrade, near the station", "namur", SECTION),
    ("Arsimont", "sambreville", SECTION),
    ("je vis à Falisolle", "sambreville", SECTION),
    ("Keumiée", "sambreville", SECTION),
    ("Moignelée", "sambreville", SECTION),
    ("j'habite Velaine-sur-Sambre", "sambreville", SECTION),
    ("Mariembourg", "couvin", SECTION),
    ("je suis à Jemelle", "rochefort", SECTION),
    ("Han-sur-Lesse", "rochefort", SECTION),
    ("j'habite à Nismes", "viroinval", SECTION),
    ("Godinne", "yvoir", SECTION),
    ("Anseremme", "dinant", SECTION),
    ("j'habite à Malonne", "namur", SECTION),
    ("Vedrin", "namur", SECTION),
    ("Lives-sur-Meuse", "namur", SECTION),
    ("Grand-Leez", "gembloux", SECTION),
    ("j'habite à Spy", "jemeppe-sur-sambre", SECTION),
    ("Noville-les-Bois", "fernelmont", SECTION),
    ("Morialmé", "florennes", SECTION),
    ("Chevetogne", "ciney", SECTION),
    ("Seilles", "andenne", SECTION),
    ("Rhisnes", "la-bruyere", SECTION),
    ("Я живу в Жамб", "namur", SECTION),
    ("в Тамине", "sambreville", SECTION),
    ("أسكن في جامب", "namur", SECTION),
    # Postal codes
    ("5100", "namur", POSTCODE),
    ("5000", "namur", POSTCODE),
    ("5060", "sambreville", POSTCODE),
    ("code postal 5101", "namur", POSTCODE),
    ("j'habite 5060", "sambreville", POSTCODE),
    ("cp 5590", "ciney", POSTCODE),
    ("mon code postal est 5030", "gembloux", POSTCODE),
    ("B-5500", "dinant", POSTCODE),
    ("postcode 5300", "andenne", POSTCODE),
    ("my postal code is 5620", "florennes", POSTCODE),
    ("I live in 5570", "beauraing", POSTCODE),
    ("5000 Namur", "namur", NAME),
    ("CP: 5000", "namur", POSTCODE),
    ("индекс 5580", "rochefort", POSTCODE),
    ("поштовий індекс 5650", "walcourt", POSTCODE),
    ("código postal 5660", "couvin", POSTCODE),
    ("5377.", "somme-leuze", POSTCODE),
    # Misspellings
    ("sambrevile", "sambreville", FUZZY),
    ("j'habite a sambrevil", "sambreville", NAME),
    ("gemblou", "gembloux", NAME),
    ("je vis a jembloux", "gembloux", NAME),
    ("philipevile", "philippeville", FUZZY),
    ("j'habite a filipville", "philippeville", NAME),
    ("florenes", "florennes", FUZZY),
    ("j'habite à Rochfort", "rochefort", NAME),
    ("Beaurain", "beauraing", NAME),
    ("je vis à Hastier", "hastiere", FUZZY),
    ("j'habite a profondevile", "profondeville", FUZZY),
    ("fosse la vile", "fosses-la-ville", FUZZY),
    ("la bruiere", "la-bruyere", FUZZY),
    ("cerfontain", "cerfontaine", FUZZY),
    ("fernelmon", "fernelmont", FUZZY),
    ("je vis à Havelanges", "havelange", FUZZY),
    ("viroinvale", "viroinval", FUZZY),
    ("j'habite à Namure", "namur", NAME),
    ("i live in andene", "andenne", NAME),
    ("sambre ville", "sambreville", FUZZY),
    ("jemmeppe sur sambre", "jemeppe-sur-sambre", NAME),
    ("Самбрвиль", "sambreville", FUZZY),
    # Grammar: case endings, prepositions and endings stuck to the name, mixed scripts
    ("Я живу в Анденні", "andenne", NAME),
    ("я приїхала з Гемблу", "gembloux", NAME),
    ("живу під Намюром", "namur", NAME),
    ("живу в Намюрi", "namur", NAME),  # a Latin "i" typed for "і"
    ("мешкаю в Сомбреффі", "sombreffe", FUZZY),
    ("живу в Самбрвилі", "sambreville", FUZZY),
    ("переїхали до Сіне", "ciney", NAME),
    ("وصلت عنامور الأسبوع الماضي", "namur", NAME),
    ("انا ساكن فTamines", "sambreville", SECTION),
    ("ساكن بNamur", "namur", NAME),
    ("ساكنة فسامبرڤيل", "sambreville", NAME),
    ("من ساکن نامورم", "namur", NAME),
    ("در فلورن زندگی می‌کنم", "florennes", NAME),
    ("من در Ciney زندگی می‌کنم", "ciney", NAME),
    ("живу в Walcourt, куда обратиться?", "walcourt", NAME),
    ("ik woon in Dinand", "dinant", NAME),
    ("індекс 5570", "beauraing", POSTCODE),
]

# Messages that name no commune of the province.
NOT_FOUND: list[str] = [
    "",
    "   ",
    "bonjour",
    "je cherche un cours de français",
    "I need a lawyer",
    "ik zoek werk",
    "necesito ayuda",
    "мне нужна помощь",
    "мені потрібна допомога",
    "أحتاج مساعدة",
    "کمک لازم دارم",
    # Other Belgian cities
    "j'habite à Liège",
    "I live in Charleroi",
    "ik woon in Brussel",
    "je suis à Bruxelles",
    "vivo en Amberes",
    "я живу в Льеже",
    "أسكن في بروكسل",
    "j'habite à Mons",
    "j'habite à Huy",
    "j'habite à Wavre",
    "j'habite à Marche-en-Famenne",
    "j'habite à Jemeppe-sur-Meuse",
    "j'habite à Arlon",
    "Louvain-la-Neuve",
    "j'habite à Perwez",
    "Leuze-en-Hainaut",
    "j'habite à Clermont-Ferrand",
    "j'habite à Neuville-en-Condroz",
    "je vis à Frasnes-lez-Gosselies",
    # The province, not the commune
    "la province de Namur",
    "I live in the province of Namur",
    "provincie Namen",
    "провинция Намюр",
    # Look-alike words
    "le ciné est fermé",
    "cine",
    "l'antenne de la commune",
    "mon cousin habite ici",
    "les gestes qui sauvent",
    "une bière svp",
    "ils mettent du temps",
    "j'ai mal aux jambes",
    "les loyers sont chers",
    "un champion de boxe",
    "bouge pas",
    "les Ardennes",
    "de namen van mijn kinderen",
    "hoe schrijf ik onze namen",
    "mijn namen zijn fout op de kaart",
    "I need to assess my situation",
    "rivière",
    "une lessive",
    "un arbre",
    "on est en heure d'hiver",
    "my friend Dave",
    "in an hour",
    "un thon",
    "a spy",
    "en disant bonjour",
    "la rosée du matin",
    "mont",
    "синей машины",
    "تأمين صحي",
    "سینی چای",
    "je viens de Belgrade",
    "Кот-д'Ивуар",
    "я из Кот-д'Ивуара",
    "Côte d'Ivoire",
    "антенна не работает",
    "в антенні",
    "mijn zoon Dinand",
    "نامورم",  # "I am famous" in Persian, without a place word
    "le numéro du CAI Namur",
    "کمک به خارجی‌ها ولایت نامور",
    # Numbers that are not postal codes
    "5000 euros",
    "I paid 5100",
    "5000€",
    "il me faut 5000 € pour la caution",
    "j'ai 5060 dans mon compte",
    "appelez le 5100",
    "1000",
    "j'habite 1000 Bruxelles",
    "9999",
    "en 2024",
    "loyer 5000 eur",
    "5100 km",
    "0800 30 030",
    # Noise
    "😀😀😀",
    "\x00\x01\x02",
    "…",
    "ааааа",
]

# Several communes: a residence word wins, else the last one not named as an origin.
SEVERAL: list[tuple[str, str]] = [
    ("I moved from Namur to Ciney", "ciney"),
    ("je suis de Dinant mais j'habite à Ciney", "ciney"),
    ("j'habite à Ciney, je cherche un cours à Namur", "ciney"),
    ("je travaille à Namur et j'habite à Andenne", "andenne"),
    ("I live in Gembloux but I work in Namur", "gembloux"),
    ("je viens de Namur, je vais à Dinant", "dinant"),
    ("я переехал из Намюра в Сине", "ciney"),
    ("я живу в Динане, работаю в Намюре", "dinant"),
    ("من از نامور آمدم و در دینان زندگی می‌کنم", "dinant"),
    ("ik woon in Andenne en werk in Namen", "andenne"),
    ("vivo en Ciney, trabajo en Namur", "ciney"),
    ("Namur ou Dinant ?", "dinant"),
    ("from Namur", "namur"),
    ("Tamines 5060", "sambreville"),
    ("je travaille à Namur, j'ai une question sur Andenne", "andenne"),
    ("AS au CPAS de Namur, un monsieur de Dinant cherche un cours", "dinant"),
    ("je suis éducatrice à Dinant, une famille vient d'arriver à Ciney", "ciney"),
]


@pytest.mark.parametrize(("text", "commune_id", "how"), FOUND)
def test_found(finder: CommuneFinder, text: str, commune_id: str, how: str) -> None:
    match = finder.find(text)
    assert match is not None, text
    assert (match.commune_id, match.how) == (commune_id, how)
    assert match.matched == text[match.start : match.end]
    assert match.matched.strip() and match.matched[0].isalnum() and match.matched[-1].isalnum()


@pytest.mark.parametrize("text", NOT_FOUND)
def test_not_found(finder: CommuneFinder, text: str) -> None:
    assert finder.find(text) is None


@pytest.mark.parametrize(("text", "commune_id"), SEVERAL)
def test_several_communes(finder: CommuneFinder, text: str, commune_id: str) -> None:
    match = finder.find(text)
    assert match is not None and match.commune_id == commune_id


@pytest.mark.parametrize(
    ("text", "commune_id"),
    [("Jambes", "namur"), ("Spy", "jemeppe-sur-sambre"),
     ("Rivière", "profondeville"), ("Belgrade", "namur"), ("جامب", "namur"), ("Ciney", "ciney"),
     ("5555", "bievre")],
)  # fmt: skip
def test_a_word_alone_answering_which_commune(
    finder: CommuneFinder, text: str, commune_id: str
) -> None:
    match = finder.find(text, answer=True)
    assert match is not None and match.commune_id == commune_id
    if text not in ("Ciney", "5555"):
        assert finder.find(text) is None  # in a free question, the word is a word


def test_an_answer_is_still_read_with_care(finder: CommuneFinder) -> None:
    assert finder.find("bouge pas", answer=True) is None
    assert finder.find("in an hour", answer=True) is None
    assert finder.find("5000 euros", answer=True) is None


def test_every_language_and_way_is_tested() -> None:
    assert len(FOUND) >= 150 and len(NOT_FOUND) >= 60
    assert {how for _, _, how in FOUND} == {NAME, SECTION, POSTCODE, FUZZY}


def test_precision_and_recall(finder: CommuneFinder) -> None:
    """Over every case above: every commune found is right, and every one is found."""
    cases = [(text, commune_id) for text, commune_id, _ in FOUND] + [(t, None) for t in NOT_FOUND]
    found = [(finder.find(text), expected) for text, expected in cases]
    true_positives = sum(1 for m, e in found if m is not None and m.commune_id == e)
    predicted = sum(1 for m, _ in found if m is not None)
    expected = sum(1 for _, e in found if e is not None)
    assert true_positives / predicted == 1.0  # precision
    assert true_positives / expected == 1.0  # recall


# The commune of each line of dev_questions_v2.jsonl tagged `commune` or `commune-mention`.
DEV_COMMUNES = [
    "namur", "dinant", "florennes", "namur", "gembloux", "dinant", "beauraing", "sambreville",
    "walcourt", "ciney", "eghezee", "beauraing", "gembloux", "dinant", "florennes", "sambreville",
]  # fmt: skip


def test_development_questions_naming_a_commune(finder: CommuneFinder) -> None:
    """The shared development lines about a commune name it; the others name none."""
    text = (DATA / "dev_questions_v2.jsonl").read_text(encoding="utf-8")
    lines = [json.loads(line) for line in text.splitlines() if line.strip()]
    tagged = [line for line in lines if {"commune", "commune-mention"} & set(line["tags"])]
    found = [finder.find(line["text"]) for line in tagged]
    assert [match.commune_id if match else None for match in found] == DEV_COMMUNES
    for line in lines:
        if line not in tagged:
            assert finder.find(line["text"]) is None, line["text"]


def test_without_commune_leaves_the_question(finder: CommuneFinder) -> None:
    assert finder.without_commune("je cherche un cours de français à Ciney")[0] == (
        "je cherche un cours de français"
    )
    rest, match = finder.without_commune("cours de français à Ciney")
    assert rest == "cours de français" and match is not None and match.commune_id == "ciney"
    assert finder.without_commune("Namur: logement urgent")[0] == "logement urgent"
    assert finder.without_commune("code postal 5101, aide juridique")[0] == "aide juridique"
    assert finder.without_commune("أبحث عن عمل في نامور")[0] == "أبحث عن عمل"
    assert finder.without_commune("aide juridique") == ("aide juridique", None)


def test_postcodes_come_from_the_table(finder: CommuneFinder) -> None:
    table = yaml.safe_load((SEED_DIR / "places" / "postcodes.yaml").read_text(encoding="utf-8"))
    communes = {c.id for c in documents.read_path(SEED_DIR / "communes.yaml")[0].communes}
    assert set(table["communes"]) == communes
    assert finder.postcodes("namur")[:2] == ["5000", "5001"]
    codes = [code for row in table["communes"].values() for code in row["postcodes"]]
    assert len(codes) == len(set(codes)) and all(code.startswith("5") for code in codes)
    assert len({row["nis"] for row in table["communes"].values()}) == 38


def test_place_names_name_only_known_communes() -> None:
    places = load_place_names()
    communes = {c.id for c in documents.read_path(SEED_DIR / "communes.yaml")[0].communes}
    assert set(places.communes) == communes
    assert places.ambiguous and places.lookalikes and places.elsewhere


def test_a_name_two_communes_share_names_neither(finder: CommuneFinder) -> None:
    # Hemptinne is a section of Fernelmont and of Florennes.
    assert finder.find("j'habite à Hemptinne") is None
    assert finder.find("Hemptinne-lez-Florennes") is not None


def test_known_words_are_never_misspelt_names() -> None:
    communes = documents.read_path(SEED_DIR / "communes.yaml")[0].communes
    plain = CommuneFinder(communes, load_place_names())
    careful = CommuneFinder(communes, load_place_names(), known_words=["sambrevile"])
    assert plain.find("sambrevile") is not None
    assert careful.find("sambrevile") is None
    assert careful.find("sambreville") is not None


def test_without_place_files_only_the_names_count() -> None:
    communes = documents.read_path(SEED_DIR / "communes.yaml")[0].communes
    bare = CommuneFinder(communes, PlaceNames())
    assert bare.find("j'habite à Ciney") is not None
    assert bare.find("Tamines") is None and bare.find("5060") is None


def test_long_and_strange_messages(finder: CommuneFinder) -> None:
    long = ("bla " * 1030) + "j'habite à Ciney"
    assert len(long) > 4096
    match = finder.find(long)
    assert match is not None and match.commune_id == "ciney"
    assert finder.find("Ciney" + "\u200b" * 10) is not None
    assert finder.find("\u202eCiney\u202c") is not None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_never_raises(text: str) -> None:
    finder = _shared_finder()
    match = finder.find(text)
    if match is not None:
        assert text[match.start : match.end] == match.matched
    rest, _ = finder.without_commune(text)
    assert isinstance(rest, str)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["à", "Ciney", "5000", "jambes", "Намюр", "في", "نامور", "😀", "\x00", "-", "'", "de"]
        ),
        max_size=30,
    )
)
def test_never_raises_on_mixed_words(words: list[str]) -> None:
    text = " ".join(words)
    match = _shared_finder().find(text)
    assert match is None or text[match.start : match.end] == match.matched


_FINDER: list[CommuneFinder] = []


def _shared_finder() -> CommuneFinder:
    # Hypothesis runs a test many times: build the finder once (fixtures are not reset per example).
    if not _FINDER:
        _FINDER.append(finder_from_files())
    return _FINDER[0]


def test_residence_says_the_person_lives_there(finder: CommuneFinder) -> None:
    for text in ("j'habite à Ciney", "I live in Ciney", "я живу в Сине", "من در Ciney زندگی می‌کنم"):
        match = finder.find(text)
        assert match is not None and match.residence, text
    for text in ("cours de français à Ciney", "je travaille au CPAS de Ciney", "Ciney"):
        match = finder.find(text)
        assert match is not None and not match.residence, text


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        (
            "Je suis AS au CPAS de Ciney, je cherche une formation",
            "Je suis AS je cherche une formation",
        ),
        ("ik werk bij het OCMW van Gembloux en zoek overleg", "ik werk en zoek overleg"),
        (
            "I work at the town hall in Sambreville, is there a FIPI group?",
            "I work is there a FIPI group?",
        ),
        ("trabajo en el CPAS de Couvin, ¿hay un grupo?", "trabajo ¿hay un grupo?"),
        # Not a workplace: other words between the work and the commune stay.
        ("je travaille avec des familles à Namur", "je travaille avec des familles"),
        ("j'habite à Ciney, je cherche le CPAS", "j'habite je cherche le CPAS"),
    ],
)
def test_a_workplace_is_no_topic(finder: CommuneFinder, text: str, rest: str) -> None:
    assert finder.without_commune(text)[0] == rest


def test_every_section_is_found_where_a_person_lives() -> None:
    """Each former commune (and listed quarter) names its commune after "j'habite à"."""
    places = load_place_names()
    finder = finder_from_files()
    shared = {"Hemptinne"}  # a section of Fernelmont and of Florennes: names neither
    for commune_id, commune in places.communes.items():
        for section in commune.sections:
            if section in shared:
                continue
            match = finder.find(f"j'habite à {section}")
            assert match is not None and match.commune_id == commune_id, section
