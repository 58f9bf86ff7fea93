"""Former one-class booking service, now split into storage.queue. This facade keeps the old
method names for the handlers until they take the storage.queue services themselves."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from storage.community import CommunityRepository
from storage.database import Database
from storage.queue.errors import (
    AlreadyRated,
    BookingError,
    CnapNotConfigured,
    HoldExpired,
    LimitReached,
    NotFound,
    OutsideWindow,
    SlotUnavailable,
    TooEarly,
    TooLate,
    UnknownCode,
    WrongState,
)
from storage.queue.models import (
    Booking,
    DueReminder,
    LimitProblem,
    MarkStatus,
    ReminderKind,
    Slot,
)
from storage.queue.rules import normalise_code
from storage.queue.schedule import KYIV, day_grid
from storage.queue.services import QueueServices
from storage.timeutil import Clock, utcnow

__all__ = [
    "KYIV",
    "AlreadyRated",
    "Booking",
    "BookingError",
    "BookingService",
    "CnapNotConfigured",
    "DueReminder",
    "HoldExpired",
    "LimitProblem",
    "LimitReached",
    "MarkStatus",
    "NotFound",
    "OutsideWindow",
    "ReminderKind",
    "Slot",
    "SlotUnavailable",
    "TooEarly",
    "TooLate",
    "UnknownCode",
    "WrongState",
    "day_grid",
    "normalise_code",
]


class BookingService:
    def __init__(
        self,
        db: Database,
        community: CommunityRepository,
        clock: Clock = utcnow,
        zone: ZoneInfo = KYIV,
    ) -> None:
        self.queue = queue = QueueServices.build(db, community, clock, zone)
        self.catalog = queue.catalogue.current
        self.booking_window = queue.availability.window
        self.check_limits = queue.limits.check
        self.lift_noshow_block = queue.desk.lift_noshow_block
        self.purge_expired_holds = queue.bookings.purge_expired_holds
        self.due_reminders = queue.reminders.due
        self.take_reminder = queue.reminders.take
        self.hold = queue.bookings.hold
        self.release_hold = queue.bookings.release_hold
        self.confirm = queue.bookings.confirm
        self.cancel = queue.bookings.cancel
        self.reschedule = queue.bookings.reschedule
        self.rate = queue.bookings.rate
        self.comment = queue.bookings.comment
        self.reminder_preferences = queue.bookings.reminder_preferences
        self.set_reminder = queue.bookings.set_reminder
        self.count_for_resident = queue.bookings.count_for_resident
        self.upcoming = queue.bookings.upcoming
        self.past = queue.bookings.past
        self.get_for_resident = queue.bookings.get_for_resident
        self.forget_contacts = queue.bookings.forget_contacts
        self.day_list = queue.desk.day_list
        self.count_upcoming = queue.desk.count_upcoming
        self.get_at_place = queue.desk.get_at_place
        self.by_code = queue.desk.by_code
        self.mark = queue.desk.mark
        self.close = queue.desk.close
        self.config = queue.catalogue.config
        self.places_for = queue.catalogue.places_for
        self.place = queue.catalogue.place
        self.service = queue.catalogue.service
        self.categories = queue.catalogue.categories
        self.services = queue.catalogue.services
        self.available_days = queue.availability.available_days
        self.free_slots = queue.availability.free_slots
