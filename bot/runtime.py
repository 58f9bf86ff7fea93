"""What runs beside the update handlers in every channel: started once the bot is known,
stopped before the database closes."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Protocol

from aiogram import Bot

from bot.app import Services
from bot.scheduler import JobScheduler
from bot.sender import OutboxSender

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


async def start_background(services: Services, bot: Bot, channel: str = "telegram") -> Background:
    """Start the jobs that send on their own: the outbox sender (the one rate-limited way out
    for everything that is not a reply) and the flows' periodic jobs that feed it."""
    settings = services.settings.sender
    sender = OutboxSender(
        bot,
        services.outbox,
        services.residents,
        rate_per_second=settings.rate_per_second,
        per_chat_interval=settings.per_chat_interval,
        max_attempts=settings.max_attempts,
        channel=channel,
    )
    services.outbox.subscribe(sender.notify)
    await sender.start()
    # Jobs may show something in an official's chat themselves (a broadcast's progress card).
    job_services = {**services.named(), "bot": bot, "channel": channel}
    scheduler = JobScheduler(services.flows.jobs, job_services, services.settings)
    await scheduler.start()
    background = Background([_Unsubscribe(services, sender), sender, scheduler])
    names = ", ".join(job.name for job in services.flows.jobs)
    log.info("Background jobs started: outbox sender; scheduled: %s", names or "none")
    return background


@dataclass
class _Unsubscribe:
    services: Services
    sender: OutboxSender

    async def stop(self) -> None:
        self.services.outbox.unsubscribe(self.sender.notify)
