"""Validation reports every problem at once, with file, entry and field."""

import io
import zipfile
from pathlib import Path

from knowledge import documents

GOOD = """
entries:
  - id: fictional-axis
    kind: axis
    text:
      fr: {name: "Axe fictif"}
  - id: fictional-space
    kind: space
    axes: [fictional-axis]
    text:
      fr:
        name: "Espace fictif"
        aliases: [espace test]
"""


def _load(tmp_path: Path, files: dict[str, str]) -> tuple[documents.KnowledgeSet, list[str]]:
    folder = tmp_path / "kb"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    knowledge, problems = documents.load(folder)
    return knowledge, [str(p) for p in problems]


def test_good_files_have_no_problem(tmp_path: Path) -> None:
    knowledge, problems = _load(tmp_path, {"spaces.yaml": GOOD})
    assert problems == []
    assert [e.id for e in knowledge.entries] == ["fictional-axis", "fictional-space"]


def test_every_problem_at_once(tmp_path: Path) -> None:
    bad = """
entries:
  - id: fictional-space
    kind: space
    colour: blue
    axes: [no-such-axis]
    members: [{id: fictional-org, role: boss}]
    contact: {latitude: "north", email: "not-an-email"}
    languages_on_site: [fr, xx]
    verified_at: yesterday
    hours:
      weekly:
        - {day: mon, opens: "12:00", closes: "09:00"}
        - {day: funday, opens: "09:00", closes: "10:00"}
    text:
      fr: {name: "Espace", aliases: "not a list"}
      de: {name: "Raum"}
  - id: fictional-space
    kind: planet
    text: {fr: {name: "Doublon"}}
  - id: Bad Id
    kind: space
    text: {fr: {name: "x"}}
"""
    _, problems = _load(
        tmp_path, {"spaces.yaml": bad, "broken.yaml": "entries:\n  - id: [unclosed\n"}
    )
    text = "\n".join(problems)
    expected = [
        "broken.yaml:3: YAML syntax error",
        "spaces.yaml [fictional-space] colour: unknown field 'colour'",
        "spaces.yaml [fictional-space] members.role: must be one of",
        "spaces.yaml [fictional-space] contact.latitude: must be a number, not text",
        "spaces.yaml [fictional-space] contact.email: 'not-an-email' is not an e-mail address",
        "spaces.yaml [fictional-space] languages_on_site: unknown language code 'xx'",
        "spaces.yaml [fictional-space] verified_at: must be a date",
        "spaces.yaml [fictional-space] hours.weekly: mon: opens 12:00 is not before closes 09:00",
        "spaces.yaml [fictional-space] hours.weekly.day: must be one of",
        "spaces.yaml [fictional-space] text.fr.aliases: must be a list",
        "spaces.yaml [fictional-space] text.de: unknown language code 'de'",
        "spaces.yaml [fictional-space] kind: must be one of",
        "spaces.yaml [Bad Id] id: is required",
        "spaces.yaml [fictional-space] axes: no entry 'no-such-axis'",
    ]
    for fragment in expected:
        assert fragment in text, fragment


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    _, problems = _load(tmp_path, {"a.yaml": GOOD, "b.yaml": GOOD})
    assert "b.yaml [fictional-axis] id: duplicate id" in problems


def test_links_to_missing_communes_and_members(tmp_path: Path) -> None:
    text = (
        GOOD
        + """
  - id: fictional-office
    kind: office
    communes: [atlantis]
    text: {fr: {name: "Bureau fictif"}}
  - id: fictional-space-2
    kind: space
    members: [{id: nobody, role: member}]
    text: {fr: {name: "Autre espace"}}
"""
    )
    _, problems = _load(tmp_path, {"spaces.yaml": text})
    assert "spaces.yaml [fictional-office] communes: no commune 'atlantis'" in problems
    assert "spaces.yaml [fictional-space-2] members: no entry 'nobody'" in problems


def test_files_over_5_mb_are_refused_unread(tmp_path: Path) -> None:
    big = "# " + "x" * (documents.MAX_FILE_BYTES + 10) + "\n"
    _, problems = _load(tmp_path, {"spaces.yaml": GOOD, "huge.yaml": big})
    assert "huge.yaml: file is over 5 MB" in problems


def test_not_yaml_at_all(tmp_path: Path) -> None:
    _, problems = _load(tmp_path, {"a.yaml": "just a sentence", "b.yaml": "- 1\n- 2\n"})
    assert any("a.yaml: the file must hold" in p for p in problems)
    assert any("b.yaml: the file must hold" in p for p in problems)


def test_binary_garbage_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "kb"
    folder.mkdir()
    (folder / "x.yaml").write_bytes(b"\xff\xfe\x00garbage")
    _, problems = documents.load(folder)
    assert "not UTF-8" in str(problems[0])


def test_unsafe_yaml_tags_are_refused(tmp_path: Path) -> None:
    _, problems = _load(tmp_path, {"a.yaml": "entries: !!python/object/apply:os.system ['true']\n"})
    assert any("YAML" in p for p in problems)


def test_zip_is_read_and_non_yaml_members_ignored() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("kb/spaces.yaml", GOOD)
        archive.writestr("kb/README.txt", "hello")
    knowledge, problems = documents.read_zip(buffer.getvalue())
    assert problems == []
    assert knowledge.complete and len(knowledge.entries) == 2


def test_broken_zip() -> None:
    _, problems = documents.read_zip(b"PK\x03\x04 nope")
    assert "not a valid zip file" in str(problems[0])


def test_sexagesimal_times_are_understood(tmp_path: Path) -> None:
    text = GOOD.replace(
        "    kind: axis\n",
        "    kind: axis\n    hours: {weekly: [{day: tue, opens: 09:30, closes: 12:00}]}\n",
    )
    knowledge, problems = _load(tmp_path, {"a.yaml": text})
    assert problems == []
    assert knowledge.entries[0].weekly[0].opens == "09:30"
