"""1,000 residents book the main ЦНАП office at the same moment, over its 14-day window.

Each resident picks a service the office offers, a random bookable day and a random free start,
then holds and confirms it; a start taken meanwhile sends them back to pick again. Reports
bookings per second, confirm latency and checks in SQL that no moment exceeds the capacity.

    python -m bench.booking [--residents 1000] [--connections 1] [--seed 7]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import resource
import sqlite3
import statistics
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from storage.community import CommunityFile, CommunityRepository, read_community_file
from storage.database import Database
from storage.queue.errors import SlotUnavailable
from storage.queue.schedule import KYIV, day_grid
from storage.queue.services import QueueServices

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "community" / "demo.yaml"
RESULTS = Path(__file__).resolve().parent / "results" / "booking.json"
PLACE = "main"
QUIET_PLACE = "kalynivka"  # for confirm latency without a crowd in front


def phone_of(resident_id: int) -> str:
    """Each resident's own number: limits follow the phone."""
    return f"+38050{resident_id:07d}"


QUIET_BOOKINGS = 50
NOW = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)  # Monday 08:00 in Kyiv: a full window ahead
MAX_TRIES = 8


@dataclass(frozen=True, slots=True)
class Outcome:
    result: str  # booked | no_capacity | gave_up
    tries: int
    confirm_seconds: float | None = None
    flow_seconds: float | None = None


@dataclass(frozen=True, slots=True)
class Report:
    residents: int
    connections: int
    booked: int
    no_capacity: int
    gave_up: int
    conflicts: int
    seconds: float
    bookings_per_second: float
    confirm_ms_p50: float
    confirm_ms_p99: float
    flow_ms_p50: float
    flow_ms_p99: float
    quiet_confirm_ms_p50: float
    quiet_confirm_ms_p99: float
    capacity: int
    max_parallel_visits: int
    slot_windows: int
    windows_used: int
    peak_rss_mb: float
    python: str
    sqlite: str
    cpus: int | None


def demo_community() -> CommunityFile:
    """The demo community, with its ЦНАП section."""
    return read_community_file(DEMO)


async def one_resident(
    queue: QueueServices, resident_id: int, services: list[str], rng: random.Random
) -> Outcome:
    service = rng.choice(services)
    started = time.perf_counter()
    for tries in range(1, MAX_TRIES + 1):
        days = await queue.availability.available_days(PLACE, service)
        if not days:
            return Outcome("no_capacity", tries)
        slots = await queue.availability.free_slots(PLACE, service, rng.choice(days))
        if not slots:
            continue
        starts_at = rng.choice(slots).starts_at
        try:
            held = await queue.bookings.hold(resident_id, PLACE, service, starts_at)
        except SlotUnavailable:
            continue
        before_confirm = time.perf_counter()
        await queue.bookings.confirm(
            held.id, resident_id, "Бенчмарк Тестовий", phone_of(resident_id)
        )
        done = time.perf_counter()
        return Outcome("booked", tries, done - before_confirm, done - started)
    return Outcome("gave_up", MAX_TRIES)


async def quiet_confirms(queue: QueueServices, residents: list[int]) -> list[float]:
    """Confirm latency with nobody else waiting: residents book one after another."""
    latencies = []
    for resident_id in residents:
        day = (await queue.availability.available_days(QUIET_PLACE, "consultation"))[0]
        slot = (await queue.availability.free_slots(QUIET_PLACE, "consultation", day))[0]
        held = await queue.bookings.hold(resident_id, QUIET_PLACE, "consultation", slot.starts_at)
        started = time.perf_counter()
        await queue.bookings.confirm(
            held.id, resident_id, "Бенчмарк Тестовий", phone_of(resident_id)
        )
        latencies.append(time.perf_counter() - started)
    return latencies


async def add_residents(db: Database, count: int) -> list[int]:
    async with db.transaction():
        await db.executemany(
            "INSERT INTO residents(consent, created_at) VALUES ('given', ?)",
            [("2026-11-01T00:00:00Z",)] * count,
        )
    rows = await db.fetchall("SELECT id FROM residents ORDER BY id")
    return [int(r["id"]) for r in rows]


async def max_parallel_visits(db: Database) -> int:
    """The most visits under way at one moment; the maximum is reached when one starts."""
    used = await db.fetchval(
        "SELECT MAX((SELECT COUNT(*) FROM cnap_bookings o WHERE o.place_code = b.place_code "
        "AND o.status = 'booked' AND o.starts_at <= b.starts_at AND o.ends_at > b.starts_at)) "
        "FROM cnap_bookings b WHERE b.place_code = ? AND b.status = 'booked'",
        (PLACE,),
    )
    return int(used or 0)


async def windows_used(db: Database) -> int:
    minutes = await db.fetchval(
        "SELECT SUM((julianday(ends_at) - julianday(starts_at)) * 1440) FROM cnap_bookings "
        "WHERE place_code = ? AND status = 'booked'",
        (PLACE,),
    )
    return round(float(minutes or 0))


def percentile_ms(values: list[float], percent: int) -> float:
    if len(values) < 2:
        return round(1000 * values[0], 2) if values else 0.0
    return round(1000 * statistics.quantiles(values, n=100, method="inclusive")[percent - 1], 2)


async def run(residents: int, connections: int, seed: int) -> Report:
    community = demo_community()
    cnap = community.cnap
    assert cnap is not None
    place = cnap.place(PLACE)
    assert place is not None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        first = await Database.open(path)
        databases = [first] + [await Database.open(path) for _ in range(connections - 1)]
        try:
            await CommunityRepository(first, lambda: NOW).load(community)
            ids = await add_residents(first, residents)
            queues = [
                QueueServices.build(db, CommunityRepository(db, lambda: NOW), lambda: NOW, KYIV)
                for db in databases
            ]
            window = queues[0].availability.window(cnap.settings)
            services = [s.code for s in cnap.services if s.offered_at(PLACE)]
            rng = random.Random(seed)
            started = time.perf_counter()
            outcomes = await asyncio.gather(
                *(
                    one_resident(
                        queues[i % connections], rid, services, random.Random(rng.random())
                    )
                    for i, rid in enumerate(ids)
                )
            )
            seconds = time.perf_counter() - started
            parallel = await max_parallel_visits(first)
            quiet = await quiet_confirms(queues[0], ids[:QUIET_BOOKINGS])
            used_minutes = await windows_used(first)
        finally:
            for db in databases:
                await db.close()
    booked = [o for o in outcomes if o.result == "booked"]
    grid_slots = sum(len(day_grid(cnap, place, day, KYIV)) for day in window)
    return Report(
        residents=residents,
        connections=connections,
        booked=len(booked),
        no_capacity=sum(o.result == "no_capacity" for o in outcomes),
        gave_up=sum(o.result == "gave_up" for o in outcomes),
        conflicts=sum(o.tries - 1 for o in outcomes),
        seconds=round(seconds, 3),
        bookings_per_second=round(len(booked) / seconds, 1),
        confirm_ms_p50=percentile_ms([o.confirm_seconds or 0 for o in booked], 50),
        confirm_ms_p99=percentile_ms([o.confirm_seconds or 0 for o in booked], 99),
        flow_ms_p50=percentile_ms([o.flow_seconds or 0 for o in booked], 50),
        flow_ms_p99=percentile_ms([o.flow_seconds or 0 for o in booked], 99),
        quiet_confirm_ms_p50=percentile_ms(quiet, 50),
        quiet_confirm_ms_p99=percentile_ms(quiet, 99),
        capacity=place.capacity,
        max_parallel_visits=parallel,
        slot_windows=grid_slots * place.capacity,
        windows_used=used_minutes // place.slot_minutes,
        # ru_maxrss is in kilobytes on Linux: the whole process, interpreter included.
        peak_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        python=platform.python_version(),
        sqlite=sqlite3.sqlite_version,
        cpus=os.cpu_count(),
    )


def describe(report: Report) -> str:
    ok = report.max_parallel_visits <= report.capacity
    return "\n".join(
        [
            f"ЦНАП e-queue: {report.residents} residents booking '{PLACE}' at once "
            f"({report.connections} connection(s), 14-day window)",
            f"  booked         {report.booked} in {report.seconds:.2f} s "
            f"= {report.bookings_per_second:.0f} bookings/s",
            f"  turned away    {report.no_capacity} (window full), {report.gave_up} gave up; "
            f"{report.conflicts} picks lost to another resident",
            f"  confirm        p50 {report.confirm_ms_p50} ms, p99 {report.confirm_ms_p99} ms "
            "(waiting behind the whole crowd)",
            f"  whole flow     p50 {report.flow_ms_p50} ms, p99 {report.flow_ms_p99} ms",
            f"  quiet confirm  p50 {report.quiet_confirm_ms_p50} ms, "
            f"p99 {report.quiet_confirm_ms_p99} ms ({QUIET_BOOKINGS} alone, at {QUIET_PLACE})",
            f"  windows used   {report.windows_used} of {report.slot_windows}",
            f"  capacity       max {report.max_parallel_visits} visits at once, "
            f"capacity {report.capacity}: {'OK' if ok else 'EXCEEDED'}",
            f"  memory         peak RSS {report.peak_rss_mb} MB (whole process)",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.booking", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--residents", type=int, default=1000)
    parser.add_argument("--connections", type=int, default=1, help="database connections")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    report = asyncio.run(run(args.residents, max(1, args.connections), args.seed))
    print(describe(report))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(asdict(report), indent=2) + "\n", encoding="utf-8")
    print(f"  written to     {RESULTS.relative_to(ROOT)}")
    return 0 if report.max_parallel_visits <= report.capacity else 1


if __name__ == "__main__":
    raise SystemExit(main())
