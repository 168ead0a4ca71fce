"""Write `communal_services.yaml`: each commune's own CPAS and administration communale.

Every commune has a CPAS and an administration communale. The generic entries (`cpas`,
`administration-communale` in services.yaml) say what they do; this script writes one instance
of each per commune of communes.yaml (`cpas-ciney`, `administration-communale-ciney`), with
`local_of`, `communes: [ciney]`, the commune's name in eight languages (communes.yaml, then
places/names.yaml, else the French name) and short texts. Run it after changing communes.yaml,
places/names.yaml or the texts below, then review the diff:

    .venv/bin/python knowledge/data/generate_communal.py

The file is written exactly as `python -m bot kb export` writes it, so export → import → export
stays identical. No contact detail is written: staff fill in each commune's address, phone and
hours (in the export, or with /edit) once they know them; rerunning the script would then erase
them, so after that, edit the file rather than regenerate it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from knowledge import exporter
from knowledge.documents import LOCAL_SERVICES_FILE, EntryDoc, KnowledgeSet, TextDoc
from knowledge.languages import LANGUAGES

HERE = Path(__file__).resolve().parent
COMMUNES = HERE / "communes.yaml"
NAMES = HERE / "places" / "names.yaml"
OUTPUT = HERE / LOCAL_SERVICES_FILE
CAI_PHONE = "081 71 35 12"
# Communes whose French name takes "d'" although it starts with an h (h muet).
ELIDED_H = frozenset({"hastiere", "havelange"})


@dataclass(frozen=True)
class Commune:
    """A commune's id and its name in each language."""

    id: str
    names: Mapping[str, str]

    @property
    def of_fr(self) -> str:
        """The French name after a noun: "de Ciney", "d'Andenne"."""
        name = self.names["fr"]
        if name[0] in "AEÉIOUYaeéiouy" or self.id in ELIDED_H:
            return f"d'{name}"
        return f"de {name}"


Texts = Callable[[Commune], dict[str, TextDoc]]


def _cpas(c: Commune) -> dict[str, TextDoc]:
    n = c.names
    return {
        "fr": TextDoc(
            f"CPAS {c.of_fr}",
            f"Le CPAS de la commune {c.of_fr} : revenu d'intégration, aide financière, aide "
            "médicale (dont l'aide médicale urgente), aide pour le logement, l'énergie et "
            "l'alimentation.",
            f"Chaque commune est desservie par un CPAS : celui {c.of_fr} aide les habitants de la "
            "commune qui en ont besoin pour vivre dans la dignité (revenu d'intégration, aide "
            "financière, aide médicale, logement, énergie, alimentation, accompagnement social). "
            "Demander son aide est gratuit.",
            f"Adressez-vous au CPAS {c.of_fr}. Pour trouver son adresse, demandez à "
            f"l'administration communale, au bureau d'accueil ou au C.A.I. ({CAI_PHONE}).",
            f"Les habitants {c.of_fr} qui ont besoin d'aide pour vivre dans la dignité ; l'aide "
            "médicale urgente aussi pour les personnes sans titre de séjour.",
        ),
        "en": TextDoc(
            f"CPAS of {n['en']} (public social welfare centre)",
            f"The CPAS of the municipality of {n['en']}: integration income, financial help, "
            "medical aid (including urgent medical aid), help with housing, energy and food.",
            f"Every municipality is served by a CPAS: the one of {n['en']} helps residents who "
            "need it to live in dignity (integration income, financial help, medical aid, "
            "housing, energy, food, social support). Asking for its help is free.",
            f"Go to the CPAS of {n['en']}. To find its address, ask the municipal "
            f"administration, the welcome office or the C.A.I. ({CAI_PHONE}).",
            f"Residents of {n['en']} who need help to live in dignity; urgent medical aid also "
            "for people without a residence permit.",
        ),
        "nl": TextDoc(
            f"OCMW (CPAS) van {n['nl']}",
            f"Het CPAS (OCMW) van de gemeente {n['nl']}: leefloon, financiële hulp, medische "
            "hulp (waaronder dringende medische hulp), hulp bij huisvesting, energie en voeding.",
            f"Elke gemeente heeft een CPAS: dat van {n['nl']} helpt inwoners die hulp nodig "
            "hebben om menswaardig te leven (leefloon, financiële hulp, medische hulp, "
            "huisvesting, energie, voeding, sociale begeleiding). Hulp vragen is gratis.",
            f"Ga naar het CPAS van {n['nl']}. Het adres vraagt u aan het gemeentebestuur, het "
            f"onthaalbureau of het C.A.I. ({CAI_PHONE}).",
            f"Inwoners van {n['nl']} die hulp nodig hebben om menswaardig te leven; dringende "
            "medische hulp ook voor mensen zonder verblijfsvergunning.",
        ),
        "ar": TextDoc(
            f"CPAS في {n['ar']} (المركز العمومي للعمل الاجتماعي)",
            f"الـ CPAS في بلدية {n['ar']}: دخل الاندماج، مساعدة مالية، مساعدة طبية (منها "
            "المساعدة الطبية العاجلة)، مساعدة في السكن والطاقة والغذاء.",
            f"لكل بلدية مركز CPAS: مركز {n['ar']} يساعد سكان البلدية الذين يحتاجون إلى المساعدة "
            "ليعيشوا بكرامة (دخل الاندماج، مساعدة مالية، مساعدة طبية، سكن، طاقة، غذاء، مرافقة "
            "اجتماعية). طلب المساعدة مجاني.",
            f"توجّه إلى الـ CPAS في {n['ar']}. لتعرف عنوانه، اسأل الإدارة البلدية أو مكتب "
            f"الاستقبال أو C.A.I. ({CAI_PHONE}).",
            f"سكان {n['ar']} الذين يحتاجون إلى مساعدة ليعيشوا بكرامة؛ والمساعدة الطبية العاجلة "
            "أيضًا للأشخاص بدون تصريح إقامة.",
        ),
        "uk": TextDoc(
            f"CPAS громади {n['uk']}",
            f"CPAS громади {n['uk']}: дохід інтеграції, фінансова допомога, медична допомога "
            "(зокрема невідкладна), допомога з житлом, енергією та харчуванням.",
            f"Кожну громаду обслуговує CPAS: CPAS громади {n['uk']} допомагає мешканцям, яким "
            "потрібна допомога, щоб жити гідно (дохід інтеграції, фінансова допомога, медична "
            "допомога, житло, енергія, харчування, соціальний супровід). Звернення безкоштовне.",
            f"Зверніться до CPAS громади {n['uk']}. Щоб дізнатися адресу, запитайте в "
            f"адміністрації громади, у бюро прийому або в C.A.I. ({CAI_PHONE}).",
            f"Мешканці громади {n['uk']}, яким потрібна допомога, щоб жити гідно; невідкладна "
            "медична допомога — також для людей без дозволу на перебування.",
        ),
        "ru": TextDoc(
            f"CPAS коммуны {n['ru']}",
            f"CPAS коммуны {n['ru']}: доход интеграции, финансовая помощь, медицинская помощь "
            "(в том числе неотложная), помощь с жильём, энергией и питанием.",
            f"Каждую коммуну обслуживает CPAS: CPAS коммуны {n['ru']} помогает жителям, которым "
            "нужна помощь, чтобы жить достойно (доход интеграции, финансовая помощь, медицинская "
            "помощь, жильё, энергия, питание, социальное сопровождение). Обращение бесплатное.",
            f"Обратитесь в CPAS коммуны {n['ru']}. Чтобы узнать адрес, спросите в администрации "
            f"коммуны, в бюро приёма или в C.A.I. ({CAI_PHONE}).",
            f"Жители коммуны {n['ru']}, которым нужна помощь, чтобы жить достойно; неотложная "
            "медицинская помощь — также для людей без вида на жительство.",
        ),
        "es": TextDoc(
            f"CPAS de {n['es']} (centro público de acción social)",
            f"El CPAS del municipio de {n['es']}: renta de integración, ayuda económica, ayuda "
            "médica (incluida la urgente), ayuda para vivienda, energía y alimentación.",
            f"Cada municipio cuenta con un CPAS: el de {n['es']} ayuda a los vecinos que lo "
            "necesitan para vivir con dignidad (renta de integración, ayuda económica, ayuda "
            "médica, vivienda, energía, alimentación, acompañamiento social). Pedir ayuda es "
            "gratuito.",
            f"Diríjase al CPAS de {n['es']}. Para saber su dirección, pregunte en la "
            f"administración municipal, en la oficina de acogida o en el C.A.I. ({CAI_PHONE}).",
            f"Los vecinos de {n['es']} que necesitan ayuda para vivir con dignidad; la ayuda "
            "médica urgente también para personas sin permiso de residencia.",
        ),
        "fa": TextDoc(
            f"CPAS کمون {n['fa']}",
            f"CPAS کمون {n['fa']}: درآمد ادغام، کمک مالی، کمک پزشکی (از جمله کمک پزشکی فوری)، "
            "کمک برای مسکن، انرژی و غذا.",
            f"هر کمون یک CPAS دارد: CPAS کمون {n['fa']} به ساکنانی که برای زندگی با شأن به کمک "
            "نیاز دارند کمک می‌کند (درآمد ادغام، کمک مالی، کمک پزشکی، مسکن، انرژی، غذا، همراهی "
            "اجتماعی). درخواست کمک رایگان است.",
            f"به CPAS کمون {n['fa']} مراجعه کنید. برای دانستن نشانی آن، از اداره کمون، دفتر "
            f"پذیرش یا C.A.I. ({CAI_PHONE}) بپرسید.",
            f"ساکنان کمون {n['fa']} که برای زندگی با شأن به کمک نیاز دارند؛ کمک پزشکی فوری برای "
            "کسانی هم که اجازه اقامت ندارند.",
        ),
    }


def _administration(c: Commune) -> dict[str, TextDoc]:
    n = c.names
    return {
        "fr": TextDoc(
            f"Administration communale {c.of_fr}",
            f"Le service population / étrangers de la commune {c.of_fr} : inscription et "
            "domiciliation, carte de séjour, mariage, échange du permis de conduire.",
            f"Le service population / étrangers de l'administration communale {c.of_fr} "
            "s'occupe de l'inscription des habitants et de la domiciliation, de la carte de "
            "séjour, du mariage et de l'échange d'un permis de conduire étranger. Une personne "
            "en séjour légal y introduit sa demande de séjour.",
            f"Allez au service population / étrangers de la commune {c.of_fr}. Pour ses heures "
            f"et ce qu'il faut apporter, demandez au bureau d'accueil ou au C.A.I. ({CAI_PHONE}).",
            f"Les habitants {c.of_fr} et les personnes qui viennent s'y installer.",
        ),
        "en": TextDoc(
            f"Municipal administration of {n['en']} (town hall)",
            f"The population / foreigners' desk of the municipality of {n['en']}: registration "
            "and address, residence card, marriage, exchanging a driving licence.",
            f"The population / foreigners' desk of the municipal administration of {n['en']} "
            "handles registering residents and their address, the residence card, marriage and "
            "exchanging a foreign driving licence. A person staying legally applies for "
            "residence there.",
            f"Go to the population / foreigners' desk of {n['en']}. For its hours and what to "
            f"bring, ask the welcome office or the C.A.I. ({CAI_PHONE}).",
            f"Residents of {n['en']} and people moving there.",
        ),
        "nl": TextDoc(
            f"Gemeentebestuur van {n['nl']}",
            f"De dienst bevolking / vreemdelingen van de gemeente {n['nl']}: inschrijving en "
            "domicilie, verblijfskaart, huwelijk, omwisselen van een rijbewijs.",
            f"De dienst bevolking / vreemdelingen van het gemeentebestuur van {n['nl']} regelt "
            "de inschrijving van inwoners en hun domicilie, de verblijfskaart, het huwelijk en "
            "het omwisselen van een buitenlands rijbewijs. Wie legaal verblijft, dient er zijn "
            "verblijfsaanvraag in.",
            f"Ga naar de dienst bevolking / vreemdelingen van {n['nl']}. Openingsuren en wat u "
            f"moet meebrengen, vraagt u aan het onthaalbureau of het C.A.I. ({CAI_PHONE}).",
            f"Inwoners van {n['nl']} en mensen die er komen wonen.",
        ),
        "ar": TextDoc(
            f"الإدارة البلدية في {n['ar']}",
            f"مصلحة السكان / الأجانب في بلدية {n['ar']}: التسجيل والعنوان، بطاقة الإقامة، "
            "الزواج، تبديل رخصة السياقة.",
            f"تتولى مصلحة السكان / الأجانب في الإدارة البلدية في {n['ar']} تسجيل السكان "
            "وعنوانهم، وبطاقة الإقامة، والزواج، وتبديل رخصة سياقة أجنبية. والشخص المقيم بشكل "
            "قانوني يقدّم فيها طلب الإقامة.",
            f"توجّه إلى مصلحة السكان / الأجانب في {n['ar']}. لمواعيدها وما يجب أن تحضره، اسأل "
            f"مكتب الاستقبال أو C.A.I. ({CAI_PHONE}).",
            f"سكان {n['ar']} والأشخاص الذين يأتون ليستقروا فيها.",
        ),
        "uk": TextDoc(
            f"Адміністрація громади {n['uk']}",
            f"Служба населення / іноземців громади {n['uk']}: реєстрація та адреса, посвідка на "
            "проживання, шлюб, обмін водійського посвідчення.",
            f"Служба населення / іноземців адміністрації громади {n['uk']} займається "
            "реєстрацією мешканців і їхньої адреси, посвідкою на проживання, шлюбом і обміном "
            "іноземного водійського посвідчення. Людина, яка перебуває легально, подає тут "
            "заяву на перебування.",
            f"Зверніться до служби населення / іноземців громади {n['uk']}. Про години роботи й "
            f"документи запитайте в бюро прийому або в C.A.I. ({CAI_PHONE}).",
            f"Мешканці громади {n['uk']} і ті, хто туди переїжджає.",
        ),
        "ru": TextDoc(
            f"Администрация коммуны {n['ru']}",
            f"Служба населения / иностранцев коммуны {n['ru']}: регистрация и адрес, вид на "
            "жительство, брак, обмен водительских прав.",
            f"Служба населения / иностранцев администрации коммуны {n['ru']} занимается "
            "регистрацией жителей и их адреса, видом на жительство, браком и обменом "
            "иностранных водительских прав. Человек, находящийся в стране легально, подаёт "
            "здесь заявление о пребывании.",
            f"Обратитесь в службу населения / иностранцев коммуны {n['ru']}. О часах работы и "
            f"документах спросите в бюро приёма или в C.A.I. ({CAI_PHONE}).",
            f"Жители коммуны {n['ru']} и те, кто туда переезжает.",
        ),
        "es": TextDoc(
            f"Administración municipal de {n['es']} (ayuntamiento)",
            f"El servicio de población / extranjeros del municipio de {n['es']}: inscripción y "
            "domicilio, tarjeta de residencia, matrimonio, canje del permiso de conducir.",
            f"El servicio de población / extranjeros de la administración municipal de "
            f"{n['es']} se ocupa de la inscripción de los vecinos y de su domicilio, de la "
            "tarjeta de residencia, del matrimonio y del canje de un permiso de conducir "
            "extranjero. Una persona en situación regular presenta allí su solicitud de "
            "residencia.",
            f"Vaya al servicio de población / extranjeros de {n['es']}. Para el horario y qué "
            f"llevar, pregunte en la oficina de acogida o en el C.A.I. ({CAI_PHONE}).",
            f"Los vecinos de {n['es']} y las personas que se van a instalar allí.",
        ),
        "fa": TextDoc(
            f"اداره کمون {n['fa']}",
            f"بخش جمعیت / خارجی‌های کمون {n['fa']}: ثبت نام و نشانی، کارت اقامت، ازدواج، تعویض "
            "گواهینامه رانندگی.",
            f"بخش جمعیت / خارجی‌های اداره کمون {n['fa']} به ثبت نام ساکنان و نشانی آنها، کارت "
            "اقامت، ازدواج و تعویض گواهینامه رانندگی خارجی رسیدگی می‌کند. کسی که اقامت قانونی "
            "دارد درخواست اقامتش را همین‌جا می‌دهد.",
            f"به بخش جمعیت / خارجی‌های کمون {n['fa']} بروید. برای ساعت‌ها و مدارک لازم، از دفتر "
            f"پذیرش یا C.A.I. ({CAI_PHONE}) بپرسید.",
            f"ساکنان کمون {n['fa']} و کسانی که برای زندگی به آنجا می‌آیند.",
        ),
    }


def _cpas_aliases(c: Commune) -> dict[str, list[str]]:
    n = {lang: name.lower() for lang, name in c.names.items()}
    x = n["fr"]
    return {
        "fr": [f"cpas {x}", f"cpas {c.of_fr.lower()}", f"cpas à {x}"],
        "en": [f"cpas {x}", f"{n['en']} cpas", f"social welfare {x}"],
        "nl": [f"ocmw {n['nl']}", f"cpas {x}", f"leefloon {n['nl']}"],
        "ar": [
            f"cpas {n['ar']}",
            f"cpas {x}",
            f"مركز cpas في {n['ar']}",
            f"المساعدة الاجتماعية {n['ar']}",
        ],
        "uk": [
            f"cpas {n['uk']}",
            f"cpas {x}",
            f"cpas у громаді {n['uk']}",
            f"соцдопомога {n['uk']}",
        ],
        "ru": [f"cpas {n['ru']}", f"cpas {x}", f"cpas в коммуне {n['ru']}", f"соцпомощь {n['ru']}"],
        "es": [f"cpas {x}", f"cpas de {n['es']}", f"ayuda social {x}"],
        "fa": [f"cpas {n['fa']}", f"cpas {x}", f"cpas در {n['fa']}", f"کمک اجتماعی {n['fa']}"],
    }


def _administration_aliases(c: Commune) -> dict[str, list[str]]:
    n = {lang: name.lower() for lang, name in c.names.items()}
    x = n["fr"]
    return {
        "fr": [
            f"administration communale {x}",
            f"commune {c.of_fr.lower()}",
            f"service population {x}",
        ],
        "en": [f"town hall {n['en']}", f"commune {x}", f"{x} municipality"],
        "nl": [f"gemeentehuis {n['nl']}", f"gemeente {n['nl']}", f"commune {x}"],
        "ar": [f"بلدية {n['ar']}", f"commune {x}", f"الإدارة البلدية {n['ar']}"],
        "uk": [f"мерія {n['uk']}", f"громада {n['uk']}", f"commune {x}"],
        "ru": [f"мэрия {n['ru']}", f"коммуна {n['ru']}", f"commune {x}"],
        "es": [f"ayuntamiento de {n['es']}", f"municipio de {n['es']}", f"commune {x}"],
        "fa": [f"اداره کمون {n['fa']}", f"شهرداری {n['fa']}", f"commune {x}"],
    }


GENERICS: tuple[tuple[str, Texts, Callable[[Commune], dict[str, list[str]]]], ...] = (
    ("cpas", _cpas, _cpas_aliases),
    ("administration-communale", _administration, _administration_aliases),
)


def communes(communes_file: Path = COMMUNES, names_file: Path = NAMES) -> list[Commune]:
    """The communes, sorted by id, with a name in every language (French where none is known)."""
    listed: list[dict[str, Any]] = yaml.safe_load(communes_file.read_text(encoding="utf-8"))[
        "communes"
    ]
    others: dict[str, Any] = yaml.safe_load(names_file.read_text(encoding="utf-8"))["communes"]
    out = []
    for raw in sorted(listed, key=lambda c: str(c["id"])):
        names = {"fr": str(raw["name"])}
        extra = (others.get(raw["id"]) or {}).get("names") or {}
        for lang in LANGUAGES[1:]:
            given = (raw.get("names") or {}).get(lang) or (extra.get(lang) or [None])[0]
            names[lang] = str(given or raw["name"])
        out.append(Commune(str(raw["id"]), names))
    return out


def instances(all_communes: list[Commune]) -> list[EntryDoc]:
    """Each commune's CPAS and administration communale, commune by commune."""
    entries: list[EntryDoc] = []
    for commune in all_communes:
        for generic, texts, aliases in GENERICS:
            docs = texts(commune)
            for lang, words in aliases(commune).items():
                docs[lang].aliases = list(dict.fromkeys(words))
            entries.append(
                EntryDoc(
                    id=f"{generic}-{commune.id}",
                    kind="service",
                    audience="public",
                    local_of=generic,
                    communes=[commune.id],
                    texts={lang: docs[lang] for lang in LANGUAGES},
                    position=len(entries),
                )
            )
    return entries


def render(all_communes: list[Commune] | None = None) -> str:
    """The text of communal_services.yaml, as the exporter writes it."""
    chosen = communes() if all_communes is None else all_communes
    knowledge = KnowledgeSet(entries=instances(chosen))
    return exporter.dump(knowledge)[LOCAL_SERVICES_FILE]


def main() -> None:
    """Write the file next to this script."""
    OUTPUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUTPUT} ({len(communes()) * len(GENERICS)} entries)")


if __name__ == "__main__":
    main()
