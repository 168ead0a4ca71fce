"""Export, import, round trip: all or nothing, and what changed is said."""

import shutil
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from knowledge import documents, exporter, importer, repository
from knowledge.models import Entry, EntryAlias
from knowledge.seed import SEED_DIR

Sessions = async_sessionmaker[AsyncSession]


async def _export(sessions: Sessions) -> dict[str, str]:
    async with sessions() as session:
        return exporter.dump(await exporter.read_knowledge(session))


async def test_round_trip_gives_identical_files(
    seeded: Sessions, sessions: Sessions, tmp_path: Path, database_url: str
) -> None:
    first = await _export(seeded)
    assert set(first) == {
        "axes.yaml",
        "spaces.yaml",
        "projects.yaml",
        "actions.yaml",
        "offices.yaml",
        "organisations.yaml",
        "services.yaml",
        "communal_services.yaml",
        "communes.yaml",
    }
    folder = tmp_path / "export"
    exporter.write_directory(first, folder)
    # Import into an empty base: wipe, then import the export.
    async with seeded.begin() as session:
        await session.execute(Entry.__table__.delete())
    knowledge, problems = documents.load(folder)
    assert problems == []
    async with seeded.begin() as session:
        changes = await importer.apply(session, knowledge)
    assert len(changes.added) == len(knowledge.entries)
    assert await _export(seeded) == first


async def test_import_reports_added_changed_removed(seeded: Sessions, tmp_path: Path) -> None:
    folder = tmp_path / "kb"
    exporter.write_directory(await _export(seeded), folder)
    spaces = folder / "spaces.yaml"
    text = spaces.read_text(encoding="utf-8")
    text = text.replace("name: PF logement", "name: PF logement (modifié)", 1)
    spaces.write_text(text, encoding="utf-8")
    with (folder / "projects.yaml").open("a", encoding="utf-8") as handle:
        handle.write(
            "- id: fictional-project\n  kind: project\n  text: {fr: {name: Projet fictif}}\n"
        )
    offices = folder / "organisations.yaml"
    offices.write_text(
        offices.read_text(encoding="utf-8").replace("- id: culture-et-sante", "- id: renamed-org"),
        encoding="utf-8",
    )
    # gt-info-sante links to culture-et-sante: the rename breaks that link.
    knowledge, problems = documents.load(folder)
    assert any("no entry 'culture-et-sante'" in str(p) for p in problems)
    offices.write_text(
        offices.read_text(encoding="utf-8").replace("- id: renamed-org", "- id: culture-et-sante"),
        encoding="utf-8",
    )
    knowledge, problems = documents.load(folder)
    assert problems == []
    async with seeded.begin() as session:
        changes = await importer.apply(session, knowledge)
    assert changes.added == ["fictional-project"]
    assert changes.changed == ["pf-logement"]
    assert changes.removed == []
    async with seeded() as session:
        entry = await repository.get_entry(session, "pf-logement")
        assert entry is not None and entry.version == 2
        # The link from the axis survives the rewrite of the entry.
        assert [link.axis_id for link in entry.axis_links] == ["axe-logement"]


async def test_missing_entries_are_removed_by_a_whole_import(
    seeded: Sessions, tmp_path: Path
) -> None:
    folder = tmp_path / "kb"
    exporter.write_directory(await _export(seeded), folder)
    text = (folder / "projects.yaml").read_text(encoding="utf-8")
    head, _, _ = text.partition("- id: net2work\n")
    (folder / "projects.yaml").write_text(head, encoding="utf-8")
    knowledge, problems = documents.load(folder)
    assert problems == []
    async with seeded.begin() as session:
        changes = await importer.apply(session, knowledge)
    assert changes.removed == ["net2work", "net2work-asile"]


async def test_a_single_file_only_adds_and_changes(seeded: Sessions, tmp_path: Path) -> None:
    single = tmp_path / "one.yaml"
    single.write_text(
        "entries:\n  - id: fictional-service\n    kind: service\n    axes: [axe-sante]\n"
        "    text: {fr: {name: Service fictif, aliases: [service imaginaire]}}\n",
        encoding="utf-8",
    )
    async with seeded() as session:
        existing = await repository.existing(session)
    knowledge, problems = documents.load(single, existing)
    assert problems == [] and not knowledge.complete
    async with seeded.begin() as session:
        changes = await importer.apply(session, knowledge)
    assert changes.added == ["fictional-service"] and changes.removed == []


async def test_nothing_is_written_when_the_transaction_fails(seeded: Sessions) -> None:
    async with seeded() as session:
        before = await session.scalar(select(func.count()).select_from(EntryAlias))
        revision = await repository.revision(session)
    knowledge, problems = documents.load(SEED_DIR)
    knowledge.entries[0].texts["fr"].name = "Changé"
    knowledge.entries[1].axes.append("no-such-axis")  # slips past: we call apply directly
    try:
        async with seeded.begin() as session:
            await importer.apply(session, knowledge)
    except Exception:  # noqa: BLE001 - the database refuses the dangling link
        pass
    else:
        raise AssertionError("the dangling link should have failed")
    async with seeded() as session:
        assert await session.scalar(select(func.count()).select_from(EntryAlias)) == before
        assert await repository.revision(session) == revision
        entry = await repository.get_entry(session, knowledge.entries[0].id)
        assert entry is not None and entry.texts[0].name != "Changé"


async def test_zip_export_reads_back(seeded: Sessions, tmp_path: Path) -> None:
    files = await _export(seeded)
    knowledge, problems = documents.read_zip(exporter.zip_bytes(files))
    assert problems == []
    async with seeded() as session:
        assert not (await importer.plan(session, knowledge)).any


def test_seed_folder_is_the_export_layout(tmp_path: Path) -> None:
    shutil.copytree(SEED_DIR, tmp_path / "seed")
    knowledge, problems = documents.load(tmp_path / "seed")
    assert problems == [] and len(knowledge.entries) >= 45
