"""What runs beside the update handlers in every channel: started once the bot is known,
stopped before the database closes."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol

from aiogram import Bot
from aiogram.dispatcher.event.handler import CallableObject

from bot.app import Services
from bot.config import SenderSettings, Settings
from bot.scheduler import JobScheduler
from bot.sender import OutboxSender
from bot.transport import ChannelLimits, Transport
from bot.transport_telegram import TelegramTransport
from storage.outbox import Outbox, Purged
from ui.flow import Job

log = logging.getLogger(__name__)


class BackgroundTask(Protocol):
    async def stop(self) -> None: ...


@dataclass
class Background:
    tasks: list[BackgroundTask] = field(default_factory=list)

    async def stop(self) -> None:
        for task in reversed(self.tasks):
            await task.stop()
        self.tasks.clear()


async def purge_outbox(outbox: Outbox, settings: Settings) -> Purged:
    """Retention: what the bot sent (texts with personal data) is kept
    `SENDER__RETENTION_DAYS` days; a reminder's dedup key outlives it."""
    purged = await outbox.purge_finished(timedelta(days=settings.sender.retention_days))
    if purged.deleted or purged.erased:
        log.info("Outbox retention: %d deleted, %d erased", purged.deleted, purged.erased)
    return purged


OUTBOX_RETENTION = Job(
    "outbox-retention",
    lambda settings: settings.sender.retention_check_seconds,
    CallableObject(purge_outbox),
)


def ordered(transports: Sequence[Transport], settings: SenderSettings) -> list[Transport]:
    """The transports in `SENDER__CHANNEL_ORDER`; channels it does not name come last."""
    order = {channel: position for position, channel in enumerate(settings.channel_order)}
    return sorted(transports, key=lambda t: order.get(t.channel, len(order)))


def build_sender(services: Services, transports: Sequence[Transport]) -> OutboxSender:
    settings = services.settings.sender
    return OutboxSender(
        ordered(transports, settings),
        services.outbox,
        services.residents,
        max_attempts=settings.max_attempts,
        outage_pause=settings.outage_pause,
        outage_pause_max=settings.outage_pause_max,
    )


async def start_background(
    services: Services,
    bot: Bot | None,
    channel: str = "telegram",
    transports: Sequence[Transport] = (),
) -> Background:
    """Start the jobs that send on their own: the one outbox sender (the rate-limited way out
    for everything that is not a reply) over Telegram's `bot` (named `channel`; None: no
    Telegram) and the other `transports` (Viber), the flows' periodic jobs that feed it, and
    the outbox retention. One call per process: only one sender may work on a database."""
    settings = services.settings.sender
    everything = list(transports)
    if bot is not None:
        limits = ChannelLimits(settings.rate_per_second, settings.per_chat_interval)
        everything.append(TelegramTransport(bot, channel=channel, limits=limits))
    sender = build_sender(services, everything)
    await sender.start()
    jobs = [*services.flows.jobs, OUTBOX_RETENTION]
    # Jobs may show something in an official's chat themselves (a broadcast's progress card).
    job_services: dict[str, Any] = {**services.named(), "bot": bot, "channel": channel}
    scheduler = JobScheduler(jobs, job_services, services.settings)
    await scheduler.start()
    log.info("Background jobs started: outbox sender; scheduled: %s", _names(jobs))
    return Background([sender, scheduler, WarmUp(services)])


class WarmUp:
    """`Services.warm_up` in the background, so the bot is ready before it is done."""

    def __init__(self, services: Services) -> None:
        self._task = asyncio.create_task(self._run(services), name="warm-up")

    @staticmethod
    async def _run(services: Services) -> None:
        try:
            await services.warm_up()
        except Exception:
            log.exception("Warm-up failed; what it prepares is built on first use instead")

    async def stop(self) -> None:
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task


def _names(jobs: Sequence[Job]) -> str:
    return ", ".join(job.name for job in jobs)
