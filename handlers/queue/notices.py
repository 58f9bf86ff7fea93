"""Messages the e-queue sends on its own: reminders, visits the ЦНАП cancelled, rating
requests, a new operator's role. Each is rendered in the recipient's language and queued in
the outbox as a channel-neutral payload, which the one rate-limited sender delivers.
Reminders and rating requests are of the paid topic 'cnap': where the bot's own messages cost
money (Viber) they go only to residents who asked for them; closure notices always go."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from handlers.queue.callbacks import RateCb, TicketAction
from handlers.queue.screens import ticket_button
from storage.costs import PaidTopic
from storage.database import Database
from storage.outbox import PRIORITY_NOTIFICATION, PRIORITY_REMINDER, Outbox
from storage.payload import Payload
from storage.queue.bookings import Bookings
from storage.queue.catalogue import Catalogue, CnapCatalog
from storage.queue.config import CnapConfig
from storage.queue.file_changes import ScheduleChangeNotifier
from storage.queue.limits import Limits
from storage.queue.models import Booking, DueReminder
from storage.queue.person import KEPT_DAYS
from storage.queue.reminders import Reminders
from storage.residents import ResidentRepository
from storage.timeutil import Clock
from ui.i18n import Texts, Translator
from ui.keyboards import button
from ui.screens import Screen, escape

log = logging.getLogger(__name__)

# A lapsed hold still lets its resident confirm while the slot is free; after a day it is gone.
HOLD_KEPT_FOR = timedelta(days=1)


def visit_names(t: Translator, catalog: CnapCatalog | CnapConfig, visit: Booking) -> dict[str, str]:
    """The place, address, service, code and time of a visit, ready for a message."""
    place = catalog.place(visit.place_code)
    service = catalog.service(visit.service_code)
    return {
        "place": escape(place.name.get(t.language) if place else visit.place_code),
        "address": escape(place.address.get(t.language) if place else ""),
        "service": escape(service.name.get(t.language) if service else visit.service_code),
        "code": visit.code or "",
        "when": t.datetime(visit.starts_at),
    }


def reminder_message(t: Translator, catalog: CnapCatalog, due: DueReminder) -> Payload:
    names = visit_names(t, catalog, due.booking)
    if due.kind == "day_before":
        text = t("queue-remind-day", **names)
    else:
        text = t("queue-remind-hours", hours=catalog.settings.remind_hours_before, **names)
    visit = due.booking.id
    actions = [
        ticket_button(t("queue-ticket-reschedule"), TicketAction.RESCHEDULE, visit),
        ticket_button(t("queue-ticket-cancel"), TicketAction.CANCEL, visit),
    ]
    return Screen(text, [actions]).payload()


class QueueNotices(ScheduleChangeNotifier):
    def __init__(
        self,
        db: Database,
        outbox: Outbox,
        residents: ResidentRepository,
        texts: Texts,
        cnap: Catalogue,
        reminders: Reminders,
    ) -> None:
        self._db = db
        self._outbox = outbox
        self._residents = residents
        self._texts = texts
        self._cnap = cnap
        self._reminders = reminders

    async def _translator(self, resident_id: int) -> Translator | None:
        resident = await self._residents.get(resident_id)
        if resident is None or not resident.active:
            return None
        return self._texts.get(self._texts.pick_language(resident.language, None))

    async def enqueue_reminder(self, due: DueReminder, now: datetime) -> bool:
        """Queue one reminder, at most once: taking it and queueing it commit together."""
        catalog = await self._cnap.current()
        t = await self._translator(due.booking.resident_id)
        async with self._db.transaction():
            if not await self._reminders.take(due.id, now):
                return False
            if t is None:
                return False
            await self._outbox.enqueue(
                due.booking.resident_id,
                reminder_message(t, catalog, due),
                dedup_key=f"reminder:{due.id}",
                priority=PRIORITY_REMINDER,
                topic=PaidTopic.CNAP,
            )
        return True

    async def visits_cancelled(self, visits: list[Booking], reason: str) -> None:
        """The ЦНАП closed a day or a range: tell each resident at once, with a way to rebook."""
        catalog = await self._cnap.current()
        await self._tell_cancelled(visits, catalog, lambda _t: escape(reason))

    async def schedule_changed(self, visits: Sequence[Booking], before: CnapConfig) -> int:
        """A new community file left these visits no working time (`load`): the same notice,
        named as booked, with the reason in the resident's language."""
        return await self._tell_cancelled(visits, before, lambda t: t("queue-reason-schedule"))

    async def _tell_cancelled(
        self,
        visits: Sequence[Booking],
        catalog: CnapCatalog | CnapConfig,
        reason: Callable[[Translator], str],
    ) -> int:
        told = 0
        for visit in visits:
            t = await self._translator(visit.resident_id)
            if t is None:
                continue
            names = visit_names(t, catalog, visit)
            text = t("queue-closed-notice", reason=reason(t), **names)
            rebook = ticket_button(t("queue-closed-rebook"), TicketAction.REBOOK, visit.id)
            await self._outbox.enqueue(
                visit.resident_id,
                Screen(text, [[rebook]]).payload(),
                dedup_key=f"closed:{visit.id}",
                priority=PRIORITY_NOTIFICATION,
            )
            told += 1
        return told

    async def ask_rating(self, visit: Booking) -> None:
        catalog = await self._cnap.current()
        t = await self._translator(visit.resident_id)
        if t is None:
            return
        stars = [button(f"{n}⭐", RateCb(booking=visit.id, stars=n).pack()) for n in range(1, 6)]
        service = visit_names(t, catalog, visit)["service"]
        await self._outbox.enqueue(
            visit.resident_id,
            Screen(t("queue-rate-ask", service=service), [stars]).payload(),
            dedup_key=f"rate:{visit.id}",
            priority=PRIORITY_NOTIFICATION,
            topic=PaidTopic.CNAP,
        )


async def queue_due_reminders(
    bookings: Bookings,
    visit_reminders: Reminders,
    queue_notices: QueueNotices,
    booking_limits: Limits,
    clock: Clock,
) -> int:
    """The reminder job: queue every due reminder whose visit is still ahead; returns how
    many were queued. Reminders whose visit has passed are dropped when taken. Lapsed holds
    and person marks that no longer count go too."""
    queued = 0
    now = clock()
    await bookings.purge_expired_holds(now - HOLD_KEPT_FOR)
    await booking_limits.marks.purge(now - timedelta(days=KEPT_DAYS))
    for due in await visit_reminders.due(now):
        if await queue_notices.enqueue_reminder(due, now):
            queued += 1
    if queued:
        log.info("Queued %d reminder(s)", queued)
    return queued
