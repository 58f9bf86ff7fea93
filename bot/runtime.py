"""What runs beside the update handlers in every channel: started once the bot is known,
stopped before the database closes."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Protocol

from aiogram import Bot

from bot.app import Services

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


async def start_background(services: Services, bot: Bot) -> Background:
    """Start the jobs that send on their own (outbox sender, reminder scheduler)."""
    return Background()
