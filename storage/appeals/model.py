"""What the appeals and reports domain hands out: plain values, no messenger types."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class AppealKind(StrEnum):
    STATEMENT = "statement"  # заява
    COMPLAINT = "complaint"  # скарга
    PROPOSAL = "proposal"  # пропозиція


class AppealStatus(StrEnum):
    REGISTERED = "registered"
    IN_WORK = "in_work"
    EXTENDED = "extended"
    ANSWERED = "answered"


OPEN_APPEAL = (AppealStatus.REGISTERED, AppealStatus.IN_WORK, AppealStatus.EXTENDED)


class PriorityCategory(StrEnum):
    """Statuses whose appeals are considered first: art. 20 of the law gives priority to
    citizens with benefits set by law; these are the usual ones (art. 22 names the first three
    for priority reception), `OTHER` covers the rest. The resident states one; officers may
    ask to see the document."""

    HERO = "hero"  # Герой України, Герой Радянського Союзу, Герой Соціалістичної Праці
    WAR_DISABLED = "war-disabled"  # особа з інвалідністю внаслідок війни
    COMBATANT = "combatant"  # учасник бойових дій
    FALLEN_FAMILY = "fallen-family"  # член сімʼї загиблого (померлого) Захисника
    DISABLED = "disabled"  # особа з інвалідністю
    CHORNOBYL = "chornobyl"  # постраждалі внаслідок Чорнобильської катастрофи
    LARGE_FAMILY = "large-family"  # багатодітна сімʼя, мати-героїня
    OTHER = "other"  # інша пільга, встановлена законом


class InboxView(StrEnum):
    """The officers' inbox filter."""

    OPEN = "open"  # registered, in work or extended
    REGISTERED = "new"
    IN_WORK = "work"
    EXTENDED = "ext"
    ANSWERED = "done"
    OVERDUE = "late"  # open, past its deadline


class ReportCategory(StrEnum):
    ROADS = "roads"
    LIGHTING = "lighting"
    WATER = "water"
    WASTE = "waste"
    SHELTERS = "shelters"
    OTHER = "other"


class ReportStatus(StrEnum):
    NEW = "new"
    ACCEPTED = "accepted"
    IN_WORK = "in_work"
    RESOLVED = "resolved"
    REJECTED = "rejected"


OPEN_REPORT = (ReportStatus.NEW, ReportStatus.ACCEPTED, ReportStatus.IN_WORK)


@dataclass(frozen=True, slots=True)
class Photo:
    channel: str
    file_id: str


@dataclass(frozen=True, slots=True)
class AppealInput:
    """A complete appeal as the resident sends it; the service checks it again."""

    kind: AppealKind
    topic: str
    body: str
    full_name: str
    address: str
    phone: str | None
    email: str | None
    photos: tuple[Photo, ...] = ()
    latitude: float | None = None
    longitude: float | None = None
    priority: PriorityCategory | None = None


@dataclass(frozen=True, slots=True)
class Appeal:
    id: int
    number: str
    resident_id: int | None
    kind: AppealKind
    topic: str
    body: str
    full_name: str
    address: str
    phone: str | None
    email: str | None
    settlement: str
    latitude: float | None
    longitude: float | None
    status: AppealStatus
    received_at: datetime
    received_on: date
    due_on: date
    extension_reason: str | None
    officer_id: int | None
    answer: str | None
    answered_at: datetime | None = None
    # When an officer marked it as needing no additional study (the 15-day deadline).
    no_study_at: datetime | None = None
    # The resident's stated status for priority consideration (sensitive: officers only).
    priority: PriorityCategory | None = None
    photos: tuple[Photo, ...] = ()


@dataclass(frozen=True, slots=True)
class InboxPage:
    appeals: list[Appeal]
    total: int
    page: int
    pages: int


@dataclass(frozen=True, slots=True)
class AppealMessage:
    author: str  # 'officer' or 'resident'
    text: str
    at: datetime


@dataclass(frozen=True, slots=True)
class ReportInput:
    category: ReportCategory
    description: str
    latitude: float | None
    longitude: float | None
    place_text: str | None
    anonymous: bool
    photo: Photo | None = None


@dataclass(frozen=True, slots=True)
class Report:
    id: int
    category: ReportCategory
    description: str
    latitude: float | None
    longitude: float | None
    place_text: str | None
    settlement: str
    reporter_name: str | None
    reporter_phone: str | None
    status: ReportStatus
    comment: str | None
    created_at: datetime
    photos: tuple[Photo, ...] = ()
    resolution_photos: tuple[Photo, ...] = ()

    @property
    def anonymous(self) -> bool:
        return self.reporter_name is None
