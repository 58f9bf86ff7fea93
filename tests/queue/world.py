"""The e-queue services on a real SQLite file with the demo community, and the dates, times
and community-file edits the queue tests share."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import yaml

from storage.community import CommunityFile
from storage.database import Database
from storage.queue.availability import Availability
from storage.queue.bookings import Bookings
from storage.queue.catalogue import Catalogue
from storage.queue.config import CnapConfig
from storage.queue.desk import Desk
from storage.queue.limits import Limits
from storage.queue.models import Booking
from storage.queue.reminders import Reminders
from storage.queue.schedule import KYIV
from storage.queue.services import QueueServices
from tests.harness import DEMO_FILE, FakeClock

NAME, PHONE = "Олена Петренко", "+380671234567"


def phone_of(resident_id: int) -> str:
    """A verified phone of each test resident: limits follow the phone, so residents who
    share one would share their limits."""
    return f"+38067{resident_id:07d}"


# The conftest clock: Monday 2026-11-23, 09:00 in Kyiv. The booking window ends on Sunday Dec 6.
MON, TUE, WED, THU = (date(2026, 11, 23) + timedelta(days=i) for i in range(4))
Raw = dict[str, Any]
Mutation = Callable[[Raw], None]


def demo_raw() -> Raw:
    """demo.yaml as parsed YAML, to edit before loading."""
    raw: Raw = yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))
    return raw


def cnap_of(mutate: Mutation | None = None) -> CnapConfig:
    raw = demo_raw()
    if mutate:
        mutate(raw)
    cnap = CommunityFile.model_validate(raw).cnap
    assert cnap is not None
    return cnap


def place_raw(raw: Raw, code: str) -> Raw:
    found: Raw = next(p for p in raw["cnap"]["places"] if p["code"] == code)
    return found


def main_capacity(capacity: int) -> Mutation:
    def mutate(raw: Raw) -> None:
        place_raw(raw, "main")["capacity"] = capacity

    return mutate


def main_on_sunday(*hours: str) -> Mutation:
    def mutate(raw: Raw) -> None:
        place_raw(raw, "main")["schedule"]["sun"] = list(hours)

    return mutate


def kyiv(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=KYIV).astimezone(UTC)


@dataclass
class World:
    db: Database
    clock: FakeClock
    queue: QueueServices

    @property
    def catalogue(self) -> Catalogue:
        return self.queue.catalogue

    @property
    def availability(self) -> Availability:
        return self.queue.availability

    @property
    def limits(self) -> Limits:
        return self.queue.limits

    @property
    def bookings(self) -> Bookings:
        return self.queue.bookings

    @property
    def desk(self) -> Desk:
        return self.queue.desk

    @property
    def reminders(self) -> Reminders:
        return self.queue.reminders

    async def resident(self, *, consent: str | None = "given") -> int:
        """A resident who agreed to the data notice (booking keeps their name and phone)."""
        # Numbers are never reused (as ResidentRepository issues them).
        return await self.db.execute(
            "INSERT INTO residents(id, consent, created_at) "
            "SELECT high + 1, ?, '2026-01-01T00:00:00Z' FROM resident_number_high",
            (consent,),
        )

    async def book(
        self,
        resident_id: int,
        starts_at: datetime,
        service: str = "consultation",
        place: str = "main",
    ) -> Booking:
        held = await self.bookings.hold(resident_id, place, service, starts_at)
        return await self.bookings.confirm(held.id, resident_id, NAME, phone_of(resident_id))

    async def value(self, sql: str, *params: Any) -> Any:
        return await self.db.fetchval(sql, params)

    async def reminder_rows(self, booking_id: int) -> dict[str, tuple[str, str]]:
        rows = await self.db.fetchall(
            "SELECT kind, due_at, state FROM cnap_reminders WHERE booking_id = ?", (booking_id,)
        )
        return {r["kind"]: (r["due_at"], r["state"]) for r in rows}


WorldFactory = Callable[..., Awaitable[World]]
