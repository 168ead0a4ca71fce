"""The knowledge base's tables (SQLAlchemy 2, typed, async-ready).

Entries of every kind share one table; per-language texts and aliases, links, opening hours,
languages spoken and the sources of the facts hang off it. Ids are stable text ids (a public
contract: deep links, exports and evaluations use them).
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Kind(enum.StrEnum):
    """What an entry is."""

    AXIS = "axis"
    SPACE = "space"
    PROJECT = "project"
    ACTION = "action"
    OFFICE = "office"
    ORGANISATION = "organisation"
    SERVICE = "service"


class Status(enum.StrEnum):
    """Whether people can go there now."""

    ACTIVE = "active"
    TEMPORARILY_CLOSED = "temporarily_closed"
    INACTIVE = "inactive"


class Audience(enum.StrEnum):
    """Whom a place receives: the public, professionals (workers, associations), or both."""

    PUBLIC = "public"
    PROFESSIONALS = "professionals"
    BOTH = "both"


# When the files do not say: concertation spaces and action areas gather professionals;
# welcome offices and services receive the public; the rest is decided entry by entry.
DEFAULT_AUDIENCE: dict[str, Audience] = {
    Kind.AXIS: Audience.BOTH,
    Kind.SPACE: Audience.PROFESSIONALS,
    Kind.PROJECT: Audience.BOTH,
    Kind.ACTION: Audience.PROFESSIONALS,
    Kind.OFFICE: Audience.PUBLIC,
    Kind.ORGANISATION: Audience.BOTH,
    Kind.SERVICE: Audience.PUBLIC,
}


def default_audience(kind: str) -> str:
    """The audience of an entry of `kind` whose audience nobody set."""
    return DEFAULT_AUDIENCE.get(kind, Audience.BOTH).value


class Confidence(enum.StrEnum):
    """How sure the contact facts are (public_facts.md): `low` facts never reach contact fields."""

    HIGH = "high"
    MEDIUM = "medium"


class MemberRole(enum.StrEnum):
    """The role of an organisation in a concertation space."""

    COORDINATOR = "coordinator"
    CO_PILOT = "co_pilot"
    MEMBER = "member"
    SUPPORT = "support"


class LanguageMode(enum.StrEnum):
    """How a language is available at a place."""

    ON_SITE = "on_site"
    INTERPRETER = "interpreter"


def utcnow() -> dt.datetime:
    """The current time, timezone-aware, in UTC."""
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware timestamp stored in UTC; SQLite gives it back aware too."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a timezone-aware column")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        stamp: dt.datetime = value
        if stamp.tzinfo is None:
            return stamp.replace(tzinfo=dt.UTC)
        return stamp.astimezone(dt.UTC)


NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with a naming convention, so migrations name constraints alike."""

    metadata = MetaData(naming_convention=NAMING)


def _values(enum_cls: type[enum.StrEnum]) -> str:
    return ", ".join(f"'{member.value}'" for member in enum_cls)


def _audience_of_kind(context: DefaultExecutionContext) -> str:
    parameters = context.get_current_parameters()  # type: ignore[no-untyped-call]
    return default_audience(str(parameters.get("kind")))


class Entry(Base):
    """Anything Passerelle can refer a person to, or group things by."""

    __tablename__ = "entries"
    __table_args__ = (
        CheckConstraint(f"kind IN ({_values(Kind)})", name="kind"),
        CheckConstraint(f"status IN ({_values(Status)})", name="status"),
        CheckConstraint(f"audience IN ({_values(Audience)})", name="audience"),
        CheckConstraint(f"confidence IN ({_values(Confidence)})", name="confidence"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(24), default=Status.ACTIVE.value)
    status_reason: Mapped[str | None] = mapped_column(Text)
    audience: Mapped[str] = mapped_column(
        String(16), default=_audience_of_kind, server_default=Audience.BOTH.value
    )
    # A commune's own instance of a service present in every commune (cpas-ciney -> cpas).
    local_of: Mapped[str | None] = mapped_column(ForeignKey("entries.id"), index=True)
    address: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(64))
    email: Mapped[str | None] = mapped_column(String(254))
    website: Mapped[str | None] = mapped_column(String(500))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    appointment_only: Mapped[bool] = mapped_column(default=False)
    always_open: Mapped[bool] = mapped_column(default=False, server_default=false())
    confidence: Mapped[str | None] = mapped_column(String(8))
    # For staff and workers only: facts to verify (low confidence), conflicts between sources.
    staff_note: Mapped[str | None] = mapped_column(Text)
    # Identifiers in other directories, by scheme: {"hsds": "<uuid>"} for an entry imported
    # from HSDS (a re-export gives the same UUID back), a register's number...
    external_ids: Mapped[dict[str, str]] = mapped_column(
        JSON, default=dict, server_default=text("'{}'")
    )
    verified_at: Mapped[dt.date | None] = mapped_column(Date)
    verified_by: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Bumped on every change: two staff editing the same entry cannot overwrite each other.
    version: Mapped[int] = mapped_column(Integer, default=1)

    texts: Mapped[list[EntryText]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", order_by="EntryText.lang"
    )
    aliases: Mapped[list[EntryAlias]] = relationship(
        back_populates="entry",
        cascade="all, delete-orphan",
        order_by="(EntryAlias.lang, EntryAlias.position)",
    )
    axis_links: Mapped[list[EntryAxis]] = relationship(
        foreign_keys="EntryAxis.entry_id", cascade="all, delete-orphan"
    )
    members: Mapped[list[SpaceMember]] = relationship(
        foreign_keys="SpaceMember.space_id", cascade="all, delete-orphan"
    )
    commune_links: Mapped[list[OfficeCommune]] = relationship(
        cascade="all, delete-orphan", order_by="OfficeCommune.commune_id"
    )
    slots: Mapped[list[OpeningSlot]] = relationship(
        cascade="all, delete-orphan", order_by="(OpeningSlot.weekday, OpeningSlot.opens)"
    )
    exceptions: Mapped[list[OpeningException]] = relationship(
        cascade="all, delete-orphan", order_by="OpeningException.start_date"
    )
    languages: Mapped[list[EntryLanguage]] = relationship(cascade="all, delete-orphan")
    sources: Mapped[list[EntrySource]] = relationship(
        cascade="all, delete-orphan", order_by="EntrySource.position"
    )

    __mapper_args__ = {"version_id_col": version}


class EntryText(Base):
    """An entry's texts in one language."""

    __tablename__ = "entry_texts"

    entry_id: Mapped[str] = mapped_column(
        ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True
    )
    lang: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    how_to: Mapped[str] = mapped_column(Text, default="")
    eligibility: Mapped[str] = mapped_column(Text, default="")
    documents: Mapped[str] = mapped_column(Text, default="")

    entry: Mapped[Entry] = relationship(back_populates="texts")


class EntryAlias(Base):
    """A way people ask for an entry, in one language (search only, never shown as a fact)."""

    __tablename__ = "entry_aliases"
    __table_args__ = (UniqueConstraint("entry_id", "lang", "alias"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_id: Mapped[str] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), index=True)
    lang: Mapped[str] = mapped_column(String(8))
    position: Mapped[int] = mapped_column(Integer, default=0)
    alias: Mapped[str] = mapped_column(String(200))

    entry: Mapped[Entry] = relationship(back_populates="aliases")


class EntryAxis(Base):
    """An entry belongs to a rights axis (many to many)."""

    __tablename__ = "entry_axes"

    entry_id: Mapped[str] = mapped_column(
        ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True
    )
    axis_id: Mapped[str] = mapped_column(
        ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class SpaceMember(Base):
    """An organisation (or office) takes part in a concertation space, with a role."""

    __tablename__ = "space_members"
    __table_args__ = (CheckConstraint(f"role IN ({_values(MemberRole)})", name="role"),)

    space_id: Mapped[str] = mapped_column(
        ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[str] = mapped_column(
        ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(16), default=MemberRole.MEMBER.value)


class Commune(Base):
    """One of the communes of the province; the centre point is approximate."""

    __tablename__ = "communes"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    names: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)


class OfficeCommune(Base):
    """An entry serves a commune: a welcome office, a commune's own CPAS, a local helpline."""

    __tablename__ = "office_communes"

    office_id: Mapped[str] = mapped_column(
        ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True
    )
    commune_id: Mapped[str] = mapped_column(
        ForeignKey("communes.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class OpeningSlot(Base):
    """A weekly opening slot (weekday 0 = Monday), in local time."""

    __tablename__ = "opening_slots"
    __table_args__ = (CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_id: Mapped[str] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int] = mapped_column(Integer)
    opens: Mapped[dt.time] = mapped_column(Time)
    closes: Mapped[dt.time] = mapped_column(Time)


class OpeningException(Base):
    """A date range with other hours: closed, holiday, or special hours, with a note."""

    __tablename__ = "opening_exceptions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_id: Mapped[str] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), index=True)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    closed: Mapped[bool] = mapped_column(default=True)
    opens: Mapped[dt.time | None] = mapped_column(Time)
    closes: Mapped[dt.time | None] = mapped_column(Time)
    note: Mapped[str | None] = mapped_column(Text)


class EntryLanguage(Base):
    """A language spoken at a place: by staff on site, or with an interpreter."""

    __tablename__ = "entry_languages"
    __table_args__ = (CheckConstraint(f"mode IN ({_values(LanguageMode)})", name="mode"),)

    entry_id: Mapped[str] = mapped_column(
        ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True
    )
    lang: Mapped[str] = mapped_column(String(8), primary_key=True)
    mode: Mapped[str] = mapped_column(String(16), primary_key=True)


class EntrySource(Base):
    """A public page an entry's facts come from (shown to staff and workers, never newcomers).

    `facts` names the contact facts it backs (phone, hours...); empty: the entry as a whole.
    """

    __tablename__ = "entry_sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_id: Mapped[str] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    url: Mapped[str] = mapped_column(String(500))
    read_on: Mapped[dt.date] = mapped_column(Date)  # the day the page was read
    page_date: Mapped[str | None] = mapped_column(String(200))  # the page's date, as it shows it
    facts: Mapped[list[str]] = mapped_column(JSON, default=list)


class KnowledgeRevision(Base):
    """One row: bumped whenever the knowledge changes, so every process refreshes its index."""

    __tablename__ = "knowledge_revision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
