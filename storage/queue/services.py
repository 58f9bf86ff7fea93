"""The e-queue services built together on one database, one clock and one time zone."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from storage.audit import AuditLog
from storage.community import CommunityRepository
from storage.database import Database
from storage.queue.availability import Availability
from storage.queue.bookings import Bookings
from storage.queue.catalogue import Catalogue
from storage.queue.desk import Desk
from storage.queue.limits import Limits
from storage.queue.person import PersonMarks
from storage.queue.reminders import Reminders
from storage.queue.schedule import KYIV
from storage.timeutil import Clock, utcnow


@dataclass(frozen=True, slots=True)
class QueueServices:
    catalogue: Catalogue
    availability: Availability
    limits: Limits
    bookings: Bookings
    desk: Desk
    reminders: Reminders

    @classmethod
    def build(
        cls,
        db: Database,
        community: CommunityRepository,
        clock: Clock = utcnow,
        zone: ZoneInfo = KYIV,
        audit: AuditLog | None = None,
    ) -> QueueServices:
        catalogue = Catalogue(community)
        availability = Availability(db, catalogue, clock, zone)
        marks = PersonMarks(db)
        limits = Limits(db, catalogue, clock, zone, marks)
        reminders = Reminders(db, zone)
        return cls(
            catalogue=catalogue,
            availability=availability,
            limits=limits,
            bookings=Bookings(db, catalogue, availability, limits, reminders, clock),
            desk=Desk(db, catalogue, clock, zone, audit, marks),
            reminders=reminders,
        )
