"""Petition values: statuses, the petition as read from the database, pages, signatures,
the errors the service raises and the limits it enforces."""

# Error names read as outcomes (AlreadySigned, CollectionClosed), as the handlers expect them.
# ruff: noqa: N818

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Literal, cast

from storage.database import Row
from storage.timeutil import from_db

PetitionStatus = Literal["moderation", "refused", "collecting", "reached", "missed", "answered"]
PUBLIC_STATUSES: tuple[PetitionStatus, ...] = ("collecting", "reached", "missed", "answered")

TITLE_MIN, TITLE_MAX = 10, 200
BODY_MIN, BODY_MAX = 30, 5000
REASON_MIN, REASON_MAX = 3, 1000
# The council's answer is shown under the petition in one message.
ANSWER_MIN, ANSWER_MAX = 3, 3000


class PetitionError(Exception):
    pass


class NotFound(PetitionError):
    pass


class WrongStatus(PetitionError):
    def __init__(self, status: str) -> None:
        super().__init__(status)
        self.status = status


class CollectionClosed(PetitionError):
    pass


class AlreadySigned(PetitionError):
    def __init__(self, withdrawn: bool) -> None:
        super().__init__("withdrawn" if withdrawn else "signed")
        self.withdrawn = withdrawn


class NotSigned(PetitionError):
    pass


class InvalidText(PetitionError):
    pass


class Tab(StrEnum):
    COLLECTING = "collecting"
    REVIEW = "review"
    ANSWERED = "answered"
    MISSED = "missed"
    MINE = "mine"


class Sort(StrEnum):
    NEWEST = "new"
    SIGNED = "top"


@dataclass(frozen=True, slots=True)
class Petition:
    id: int
    author_id: int | None
    author_name: str
    author_email: str | None
    title: str
    body: str
    status: PetitionStatus
    submitted_at: datetime
    refusal_reason: str | None
    threshold: int | None
    published_at: datetime | None
    deadline_at: datetime | None
    closed_at: datetime | None
    answer_text: str | None
    answer_supported: bool | None
    answered_at: datetime | None
    signatures: int
    demo: bool

    def state(self, now: datetime) -> PetitionStatus:
        """The status as of `now`: a collection past its deadline has ended, even before the
        background job records it."""
        if self.status == "collecting" and self.deadline_at is not None and self.deadline_at <= now:
            return "missed"
        return self.status

    def is_open(self, now: datetime) -> bool:
        return self.state(now) == "collecting"

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES


@dataclass(frozen=True, slots=True)
class PetitionPage:
    items: list[Petition]
    total: int
    page: int
    pages: int


@dataclass(frozen=True, slots=True)
class SignResult:
    signatures: int
    threshold: int
    reached: bool


@dataclass(frozen=True, slots=True)
class Signature:
    signed_at: datetime
    withdrawn_at: datetime | None

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


def at_or_none(value: str | None) -> datetime | None:
    return from_db(value) if value else None


def petition_from_row(row: Row) -> Petition:
    supported = row["answer_supported"]
    return Petition(
        id=row["id"],
        author_id=row["author_id"],
        author_name=row["author_name"],
        author_email=row["author_email"],
        title=row["title"],
        body=row["body"],
        status=cast(PetitionStatus, row["status"]),
        submitted_at=from_db(row["submitted_at"]),
        refusal_reason=row["refusal_reason"],
        threshold=row["threshold"],
        published_at=at_or_none(row["published_at"]),
        deadline_at=at_or_none(row["deadline_at"]),
        closed_at=at_or_none(row["closed_at"]),
        answer_text=row["answer_text"],
        answer_supported=None if supported is None else bool(supported),
        answered_at=at_or_none(row["answered_at"]),
        signatures=row["signatures"],
        demo=bool(row["demo"]),
    )
