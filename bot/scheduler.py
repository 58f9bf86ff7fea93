"""The reminder job: every half minute (and once at start, to catch reminders that fell due
while the bot was down) it queues the reminders that are due. APScheduler runs it."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.notify import Notifier
from storage.booking import BookingService
from storage.timeutil import Clock

log = logging.getLogger(__name__)

# A lapsed hold still lets its resident confirm while the slot is free; after a day it is gone.
HOLD_KEPT_FOR = timedelta(days=1)


class ReminderJob:
    def __init__(self, booking: BookingService, notifier: Notifier, clock: Clock) -> None:
        self._booking = booking
        self._notifier = notifier
        self._clock = clock

    async def run_once(self) -> int:
        """Queue every due reminder whose visit is still ahead; returns how many were queued.
        Reminders whose visit has passed are dropped by the booking service."""
        queued = 0
        now = self._clock()
        await self._booking.purge_expired_holds(now - HOLD_KEPT_FOR)
        for due in await self._booking.due_reminders(now):
            if await self._notifier.enqueue_reminder(due, now):
                queued += 1
        if queued:
            log.info("Queued %d reminder(s)", queued)
        return queued


class ReminderScheduler:
    def __init__(self, job: ReminderJob, interval_seconds: float = 30) -> None:
        self._job = job
        self._interval = interval_seconds
        self._scheduler = AsyncIOScheduler(timezone="UTC")

    async def start(self) -> None:
        # The first run is right away: reminders that fell due while the bot was down go out
        # now if their visit is still ahead. APScheduler ticks on the real clock; what is due
        # is decided by the job's own (injectable) clock.
        self._scheduler.add_job(
            self._run,
            "interval",
            seconds=self._interval,
            id="reminders",
            max_instances=1,
            coalesce=True,
            next_run_time=datetime.now(UTC),
        )
        self._scheduler.start()

    async def _run(self) -> None:
        try:
            await self._job.run_once()
        except Exception:
            log.exception("Reminder job failed; it runs again at the next tick")

    async def stop(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
