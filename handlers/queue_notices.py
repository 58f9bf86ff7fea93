"""Messages the bot sends on its own about bookings: reminders, cancellations by the ЦНАП,
rating requests. Each is rendered in the recipient's language and queued in the outbox as a
channel-neutral payload, which the one rate-limited sender delivers."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from storage.booking import Booking, BookingService, DueReminder
from storage.cnap import CnapCatalog
from storage.database import Database
from storage.outbox import PRIORITY_NOTIFICATION, PRIORITY_REMINDER, Outbox
from storage.payload import Payload, PayloadButton
from storage.residents import ResidentRepository
from storage.timeutil import Clock
from ui.callbacks import RateCb, TicketCb
from ui.i18n import Texts, Translator
from ui.screens import escape

log = logging.getLogger(__name__)


def _payload(text: str, rows: Sequence[Sequence[tuple[str, str]]] = ()) -> Payload:
    return Payload.of(text, [[PayloadButton(label, data) for label, data in row] for row in rows])


class Notifier:
    def __init__(
        self,
        db: Database,
        outbox: Outbox,
        residents: ResidentRepository,
        texts: Texts,
        booking: BookingService,
    ) -> None:
        self._db = db
        self._outbox = outbox
        self._residents = residents
        self._texts = texts
        self._booking = booking

    async def _translator(self, resident_id: int) -> Translator | None:
        resident = await self._residents.get(resident_id)
        if resident is None or not resident.active:
            return None
        return self._texts.get(self._texts.pick_language(resident.language, None))

    def _names(self, t: Translator, cnap: CnapCatalog, visit: Booking) -> dict[str, str]:
        place = cnap.place(visit.place_code)
        service = cnap.service(visit.service_code)
        return {
            "place": escape(place.name.get(t.language) if place else visit.place_code),
            "address": escape(place.address.get(t.language) if place else ""),
            "service": escape(service.name.get(t.language) if service else visit.service_code),
            "code": visit.code or "",
            "when": t.datetime(visit.starts_at),
        }

    def reminder_message(self, t: Translator, cnap: CnapCatalog, due: DueReminder) -> Payload:
        names = self._names(t, cnap, due.booking)
        if due.kind == "day_before":
            text = t("queue-remind-day", **names)
        else:
            text = t("queue-remind-hours", hours=cnap.settings.remind_hours_before, **names)
        buttons = [
            [
                (
                    t("queue-ticket-reschedule"),
                    TicketCb(action="reschedule", booking=due.booking.id).pack(),
                ),
                (
                    t("queue-ticket-cancel"),
                    TicketCb(action="cancel", booking=due.booking.id).pack(),
                ),
            ]
        ]
        return _payload(text, buttons)

    async def enqueue_reminder(self, due: DueReminder, now: datetime) -> bool:
        """Queue one reminder, at most once: taking it and queueing it commit together."""
        cnap = await self._booking.catalog()
        t = await self._translator(due.booking.resident_id)
        async with self._db.transaction():
            if not await self._booking.take_reminder(due.id, now):
                return False
            if t is None:
                return False
            await self._outbox.enqueue(
                due.booking.resident_id,
                self.reminder_message(t, cnap, due),
                dedup_key=f"reminder:{due.id}",
                priority=PRIORITY_REMINDER,
            )
        return True

    async def visits_cancelled(self, visits: list[Booking], reason: str) -> None:
        """The ЦНАП closed a day or a range: tell each resident at once, with a way to rebook."""
        cnap = await self._booking.catalog()
        for visit in visits:
            t = await self._translator(visit.resident_id)
            if t is None:
                continue
            text = t("queue-closed-notice", reason=escape(reason), **self._names(t, cnap, visit))
            rebook = TicketCb(action="rebook", booking=visit.id).pack()
            await self._outbox.enqueue(
                visit.resident_id,
                _payload(text, [[(t("queue-closed-rebook"), rebook)]]),
                dedup_key=f"closed:{visit.id}",
                priority=PRIORITY_NOTIFICATION,
            )

    async def ask_rating(self, visit: Booking) -> None:
        cnap = await self._booking.catalog()
        t = await self._translator(visit.resident_id)
        if t is None:
            return
        stars = [(str(n) + "⭐", RateCb(booking=visit.id, stars=n).pack()) for n in range(1, 6)]
        names = self._names(t, cnap, visit)
        await self._outbox.enqueue(
            visit.resident_id,
            _payload(t("queue-rate-ask", service=names["service"]), [stars]),
            dedup_key=f"rate:{visit.id}",
            priority=PRIORITY_NOTIFICATION,
        )


# A lapsed hold still lets its resident confirm while the slot is free; after a day it is gone.
HOLD_KEPT_FOR = timedelta(days=1)


async def queue_due_reminders(booking: BookingService, notifier: Notifier, clock: Clock) -> int:
    """Queue every due reminder whose visit is still ahead; returns how many were queued.
    Reminders whose visit has passed are dropped by the booking service."""
    queued = 0
    now = clock()
    await booking.purge_expired_holds(now - HOLD_KEPT_FOR)
    for due in await booking.due_reminders(now):
        if await notifier.enqueue_reminder(due, now):
            queued += 1
    if queued:
        log.info("Queued %d reminder(s)", queued)
    return queued
