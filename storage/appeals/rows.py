"""Database rows to domain values."""

from __future__ import annotations

from datetime import date

from storage.appeals.model import (
    Appeal,
    AppealKind,
    AppealStatus,
    Photo,
    PriorityCategory,
    Report,
    ReportCategory,
    ReportStatus,
)
from storage.database import Row
from storage.timeutil import from_db

# Every read of an appeal goes through this: the stated priority lives in its own table, so
# that erasing the resident erases it (ON DELETE CASCADE) while the appeal stays.
APPEAL_SELECT = (
    "SELECT a.*, p.category AS priority FROM appeals a "
    "LEFT JOIN appeal_priority p ON p.appeal_id = a.id"
)


def appeal_of(row: Row, photos: tuple[Photo, ...] = ()) -> Appeal:
    return Appeal(
        id=row["id"],
        number=row["number"],
        resident_id=row["resident_id"],
        kind=AppealKind(row["kind"]),
        topic=row["topic"],
        body=row["body"],
        full_name=row["full_name"],
        address=row["address"],
        phone=row["phone"],
        email=row["email"],
        settlement=row["settlement"],
        latitude=row["latitude"],
        longitude=row["longitude"],
        status=AppealStatus(row["status"]),
        received_at=from_db(row["received_at"]),
        received_on=date.fromisoformat(row["received_on"]),
        due_on=date.fromisoformat(row["due_on"]),
        extension_reason=row["extension_reason"],
        officer_id=row["officer_id"],
        answer=row["answer"],
        answered_at=from_db(row["answered_at"]) if row["answered_at"] else None,
        no_study_at=from_db(row["no_study_at"]) if row["no_study_at"] else None,
        priority=PriorityCategory(row["priority"]) if row["priority"] else None,
        photos=photos,
    )


def report_of(
    row: Row, photos: tuple[Photo, ...] = (), resolution: tuple[Photo, ...] = ()
) -> Report:
    return Report(
        id=row["id"],
        category=ReportCategory(row["category"]),
        description=row["description"],
        latitude=row["latitude"],
        longitude=row["longitude"],
        place_text=row["place_text"],
        settlement=row["settlement"],
        reporter_name=row["reporter_name"],
        reporter_phone=row["reporter_phone"],
        status=ReportStatus(row["status"]),
        comment=row["comment"],
        created_at=from_db(row["created_at"]),
        photos=photos,
        resolution_photos=resolution,
    )
