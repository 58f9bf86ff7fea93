"""The figures an administrator sees with /stats: residents, active ones, upcoming ЦНАП
visits, messages waiting in the outbox."""

from __future__ import annotations

from dataclasses import dataclass

from storage.database import Database
from storage.queue.desk import Desk


@dataclass(frozen=True, slots=True)
class BotStats:
    residents: int
    active: int
    upcoming: int
    pending: int


class Statistics:
    def __init__(self, db: Database, desk: Desk) -> None:
        self._db = db
        self._desk = desk

    async def collect(self) -> BotStats:
        return BotStats(
            residents=int(await self._db.fetchval("SELECT COUNT(*) FROM residents")),
            active=int(await self._db.fetchval("SELECT COUNT(*) FROM residents WHERE active = 1")),
            upcoming=await self._desk.count_upcoming(),
            pending=int(
                await self._db.fetchval("SELECT COUNT(*) FROM outbox WHERE state = 'pending'")
            ),
        )
