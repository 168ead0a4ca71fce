import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from knowledge import audit, editing, repository
from knowledge.audit import Action, AuditRecord
from knowledge.editing import Conflict, EditError, UnknownEntryError
from knowledge.importer import Changes
from knowledge.models import Entry, EntryAlias, Status

Sessions = async_sessionmaker[AsyncSession]
ALICE, BOB = 501, 502
OFFICE = "bapa-namur"


async def _entry(sessions: Sessions, entry_id: str = OFFICE) -> Entry:
    async with sessions() as session:
        entry = await repository.get_entry(session, entry_id)
        assert entry is not None
        return entry


async def _revision(sessions: Sessions) -> int:
    async with sessions() as session:
        return await repository.revision(session)


async def test_an_edit_is_validated_written_versioned_and_audited(seeded: Sessions) -> None:
    before = await _entry(seeded)
    revision = await _revision(seeded)
    async with seeded.begin() as session:
        edit = await editing.edit_field(
            session, OFFICE, "phone", None, " 081 24 68 10 ", ALICE, before.version
        )
    assert edit.changed
    assert edit.version == before.version + 1
    assert [(r.field, r.before, r.after, r.action) for r in edit.records] == [
        ("contact.phone", None, "081 24 68 10", "edit")
    ]
    after = await _entry(seeded)
    assert after.phone == "081 24 68 10"
    assert after.version == before.version + 1
    assert await _revision(seeded) == revision + 1

    async with seeded.begin() as session:
        edit = await editing.edit_field(
            session, OFFICE, "summary", "fr", "Premier accueil à Namur.", BOB, after.version
        )
    assert edit.records[0].field == "text.fr.summary"
    assert edit.records[0].before is not None and edit.records[0].before.startswith("Premier")
    async with seeded() as session:
        history = await audit.history(session, OFFICE)
    assert [(r.field, r.actor) for r in history] == [
        ("text.fr.summary", BOB),
        ("contact.phone", ALICE),
    ]
    assert all(r.at.tzinfo is not None for r in history)


async def test_the_second_editor_is_told_and_nothing_is_overwritten(seeded: Sessions) -> None:
    # Alice and Bob both open the same entry at version v.
    seen = (await _entry(seeded)).version
    async with seeded.begin() as session:
        await editing.edit_field(session, OFFICE, "email", None, "bapa@namur.be", ALICE, seen)
    with pytest.raises(Conflict) as conflict:
        async with seeded.begin() as session:
            await editing.edit_field(session, OFFICE, "email", None, "info@bapa.be", BOB, seen)
    assert conflict.value.version == seen + 1
    assert (conflict.value.actor, conflict.value.field) == (ALICE, "contact.email")
    assert "by 501" in str(conflict.value)
    entry = await _entry(seeded)
    assert entry.email == "bapa@namur.be"
    async with seeded() as session:
        assert len(await audit.history(session, OFFICE)) == 1
    # Bob reloads, sees Alice's value, and can then make his change.
    async with seeded.begin() as session:
        await editing.edit_field(session, OFFICE, "email", None, "info@bapa.be", BOB, entry.version)
    assert (await _entry(seeded)).email == "info@bapa.be"


@pytest.mark.parametrize(
    ("name", "lang", "value", "field"),
    [
        ("email", None, "not an address", "contact.email"),
        ("website", None, "www.namur.be", "contact.website"),
        ("latitude", None, "50.46", "contact"),  # without a longitude
        ("coordinates", None, "north", "contact.latitude"),
        ("coordinates", None, "95, 4.8", "contact.latitude"),
        ("status", None, "closed", "status"),
        ("name", "fr", "", "text.fr.name"),
        ("summary", "uk-UA", "x", "text.uk-UA"),
        ("summary", "de", "x", "text.de"),
        ("aliases", "fr", "a" * 201, "text.fr.aliases"),
        ("verified_at", None, "2026-01-01", "verified_at"),
    ],
)
async def test_invalid_values_are_refused_with_the_validation_of_the_files(
    seeded: Sessions, name: str, lang: str | None, value: str, field: str
) -> None:
    before = await _entry(seeded)
    with pytest.raises(EditError) as error:
        async with seeded.begin() as session:
            await editing.edit_field(session, OFFICE, name, lang, value, ALICE, before.version)
    assert field in [p.field for p in error.value.problems]
    after = await _entry(seeded)
    assert after.version == before.version
    async with seeded() as session:
        assert await audit.history(session, OFFICE) == []


async def test_a_new_language_needs_its_name_first(seeded: Sessions) -> None:
    async with seeded.begin() as session:
        entry = await editing.new_entry(session, "service", "cours-couture", "Cours de couture", 1)
    with pytest.raises(EditError) as error:
        async with seeded.begin() as session:
            await editing.edit_field(session, entry.entry_id, "summary", "en", "x", 1, None)
    assert [p.field for p in error.value.problems] == ["text.en.name"]
    async with seeded.begin() as session:
        await editing.edit_field(session, "cours-couture", "name", "en", "Sewing class", 1, None)
        await editing.edit_field(session, "cours-couture", "summary", "en", "Weekly.", 1, None)
    created = await _entry(seeded, "cours-couture")
    assert {t.lang: (t.name, t.summary) for t in created.texts} == {
        "fr": ("Cours de couture", ""),
        "en": ("Sewing class", "Weekly."),
    }


async def test_coordinates_go_together_and_can_be_cleared(seeded: Sessions) -> None:
    async with seeded.begin() as session:
        edit = await editing.edit_field(
            session, OFFICE, "coordinates", None, "50,4656 4,8627", ALICE, None
        )
    assert [r.field for r in edit.records] == ["contact.latitude", "contact.longitude"]
    entry = await _entry(seeded)
    assert (entry.latitude, entry.longitude) == (50.4656, 4.8627)
    async with seeded.begin() as session:
        await editing.edit_field(session, OFFICE, "latitude", None, "50.47", ALICE, None)
        await editing.edit_field(session, OFFICE, "coordinates", None, "", ALICE, None)
    entry = await _entry(seeded)
    assert (entry.latitude, entry.longitude) == (None, None)


async def test_a_temporary_closure_with_its_reason(seeded: Sessions) -> None:
    async with seeded.begin() as session:
        await editing.edit_field(session, OFFICE, "status", None, "temporarily_closed", 1, None)
        await editing.edit_field(session, OFFICE, "status_reason", None, "Travaux", 1, None)
    entry = await _entry(seeded)
    assert (entry.status, entry.status_reason) == (Status.TEMPORARILY_CLOSED, "Travaux")
    async with seeded() as session:
        # Still offered: people need to know it is closed for now.
        assert OFFICE in {e.id for e in await repository.index_entries(session)}


async def test_the_same_value_changes_nothing(seeded: Sessions) -> None:
    before = await _entry(seeded)
    revision = await _revision(seeded)
    name = next(t.name for t in before.texts if t.lang == "fr")
    async with seeded.begin() as session:
        edit = await editing.edit_field(
            session, OFFICE, "name", "fr", f"  {name} ", ALICE, before.version
        )
    assert not edit.changed
    assert edit.version == before.version
    assert (await _entry(seeded)).version == before.version
    assert await _revision(seeded) == revision


async def test_aliases_replaced_added_and_removed(seeded: Sessions) -> None:
    async with seeded.begin() as session:
        await editing.edit_field(
            session, OFFICE, "aliases", "fr", "bapa\nbureau d'accueil\n\naccueil namur", ALICE, None
        )
    entry = await _entry(seeded)
    assert [a.alias for a in entry.aliases if a.lang == "fr"] == [
        "bapa",
        "bureau d'accueil",
        "accueil namur",
    ]
    async with seeded.begin() as session:
        # Already there once normalised ("BAPA"), so only the new one is added.
        edit = await editing.add_aliases(session, OFFICE, "fr", ["BAPA", "guichet primo"], BOB)
        assert edit.records[0].field == "text.fr.aliases"
        assert edit.records[0].after is not None
        assert edit.records[0].after.splitlines()[-1] == "guichet primo"
    entry = await _entry(seeded)
    assert [(a.alias, a.position) for a in entry.aliases if a.lang == "fr"] == [
        ("bapa", 0),
        ("bureau d'accueil", 1),
        ("accueil namur", 2),
        ("guichet primo", 3),
    ]
    async with seeded() as session:
        rows = await session.execute(
            select(EntryAlias.alias).where(EntryAlias.entry_id == OFFICE, EntryAlias.lang == "fr")
        )
        assert len(rows.all()) == 4


async def test_new_entry(seeded: Sessions) -> None:
    async with seeded() as session:
        services = await repository.entries_of_kind(session, "service")
    async with seeded.begin() as session:
        edit = await editing.new_entry(session, "service", "repair-cafe", " Repair café ", ALICE)
    assert [(r.action, r.field, r.after) for r in edit.records] == [
        ("new", "kind", "service"),
        ("new", "text.fr.name", "Repair café"),
    ]
    entry = await _entry(seeded, "repair-cafe")
    assert entry.version == 1
    assert entry.position == max(s.position for s in services) + 1
    for kind, entry_id, name, field in [
        ("service", "repair-cafe", "Again", "id"),
        ("service", "Bad Id", "Name", "id"),
        ("shop", "a-shop", "Name", "kind"),
        ("service", "no-name", "", "text.fr.name"),
    ]:
        with pytest.raises(EditError) as error:
            async with seeded.begin() as session:
                await editing.new_entry(session, kind, entry_id, name, ALICE)
        assert field in [p.field for p in error.value.problems]


async def test_retire_and_verify(seeded: Sessions) -> None:
    with pytest.raises(EditError):
        async with seeded.begin() as session:
            await editing.retire(session, OFFICE, "  ", ALICE)
    async with seeded.begin() as session:
        edit = await editing.retire(session, OFFICE, "Fusionné avec le C.A.I.", ALICE)
    assert [(r.action, r.field, r.after) for r in edit.records] == [
        ("retire", "status", "inactive"),
        ("retire", "status_reason", "Fusionné avec le C.A.I."),
    ]
    async with seeded() as session:
        assert OFFICE not in {e.id for e in await repository.index_entries(session)}
    today = dt.date(2026, 11, 25)
    async with seeded.begin() as session:
        edit = await editing.verify(session, "cai", "Alice (C.A.I.)", ALICE, today)
    assert [(r.action, r.field, r.after) for r in edit.records] == [
        ("verify", "verified_at", "2026-11-25"),
        ("verify", "verified_by", "Alice (C.A.I.)"),
    ]
    entry = await _entry(seeded, "cai")
    assert (entry.verified_at, entry.verified_by) == (today, "Alice (C.A.I.)")
    assert entry.status == Status.ACTIVE


async def test_unknown_entries_and_fields(seeded: Sessions) -> None:
    with pytest.raises(UnknownEntryError):
        async with seeded.begin() as session:
            await editing.edit_field(session, "nowhere", "phone", None, "1", ALICE, None)
    with pytest.raises(EditError):
        async with seeded.begin() as session:
            await editing.edit_field(session, OFFICE, "kind", None, "axis", ALICE, None)


async def test_an_import_is_audited_entry_by_entry(sessions: Sessions) -> None:
    changes = Changes(added=["a", "b"], changed=["c"], removed=["d"])
    async with sessions.begin() as session:
        audit.record_import(session, changes, ALICE, source="kb.zip")
    async with sessions() as session:
        rows = (await session.execute(select(AuditRecord).order_by(AuditRecord.id))).scalars()
        assert [(r.entry_id, r.action, r.field, r.after, r.actor) for r in rows] == [
            ("a", Action.IMPORT, "added", "kb.zip", ALICE),
            ("b", Action.IMPORT, "added", "kb.zip", ALICE),
            ("c", Action.IMPORT, "changed", "kb.zip", ALICE),
            ("d", Action.IMPORT, "removed", "kb.zip", ALICE),
        ]


async def test_an_editor_holding_a_stale_copy_in_an_open_session_is_told(
    seeded: Sessions,
) -> None:
    async with seeded() as bob:
        stale = await repository.get_entry(bob, OFFICE)
        assert stale is not None
        seen = stale.version
        async with seeded.begin() as alice:
            await editing.edit_field(alice, OFFICE, "phone", None, "081 00 00 00", ALICE, seen)
        # Bob's session still holds version `seen` in memory: the edit must read the row again.
        with pytest.raises(Conflict) as conflict:
            await editing.edit_field(bob, OFFICE, "phone", None, "081 11 11 11", BOB, seen)
        assert conflict.value.version == seen + 1
        await bob.rollback()
    assert (await _entry(seeded)).phone == "081 00 00 00"
