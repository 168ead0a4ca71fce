import pytest

from knowledge.emergency import EmergencyDetector
from knowledge.normalisation import tokens

detector = EmergencyDetector()


@pytest.mark.parametrize(
    "text",
    [
        "au secours il y a le feu dans mon immeuble",
        "mon mari me frappe",
        "je veux me suicider",
        "someone is threatening me with a knife",
        "my child is in danger",
        "ik wil zelfmoord plegen",
        "زوجي يضربني",
        "أريد الانتحار",
        "рятуйте, пожежа",
        "він погрожує мені",
        "помогите, он меня избил",
        "хочу покончить с собой",
        "socorro, me quiere matar",
        "mi hijo está en peligro",
        "شوهرم منو کتک میزنه",
        "به فکر خودکشی هستم",
    ],
)
def test_detects_danger_in_every_language(text: str) -> None:
    assert detector.detect(tokens(text)) is not None


@pytest.mark.parametrize(
    "text",
    [
        "aide médicale urgente pour sans papiers",
        "je cherche mes papiers",
        "emergency medical aid",
        "cours de français",
        "I was fired from my job",
        "більше ніж два роки",
        "",
    ],
)
def test_ordinary_questions_are_not_emergencies(text: str) -> None:
    assert detector.detect(tokens(text)) is None
