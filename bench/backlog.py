"""Replies while the outbox holds a backlog: 10,000 queued announcements going out through the
real sender at Telegram's pace must not slow the answers to residents who talk to the bot.

Reply latency (one update through the whole Dispatcher) is measured idle, then with the
sender working through the backlog, then idle again; goal: p99 with the backlog within 10%
of idle (the mean of both idle runs).

    python -m bench.backlog [--backlog 10000] [--talkers 100]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import sqlite3
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import cast

from aiogram import Bot, Dispatcher
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType

from bench.common import RESULTS_DIR, machine, percentile
from bench.hotpath import NOW, RecordingSession, mounted, onboard, updates_for
from bot.app import Services, create_bot, create_dispatcher
from bot.config import Settings
from bot.runtime import start_background
from storage.outbox import PRIORITY_BROADCAST, OutboxState
from storage.payload import Payload
from tests.harness import DEMO_FILE, TEST_TOKEN

RESULTS = RESULTS_DIR / "backlog.json"
NETWORK_SECONDS = 0.03  # one Bot API call of the sender, as on a real network


class SlowSession(RecordingSession):
    """The sender's session: each call takes a network round trip."""

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        await asyncio.sleep(NETWORK_SECONDS)
        return cast(TelegramType, await super().make_request(bot, method, timeout))


def queue_backlog(path: Path, count: int) -> None:
    """`count` residents, each with one announcement waiting in the outbox."""
    payload = Payload("📢 Оголошення: завтра з 9:00 до 13:00 планові роботи на водогоні.")
    at = "2026-11-23T06:00:00Z"
    with sqlite3.connect(path) as db:
        first = 2_000_000
        db.executemany(
            "INSERT INTO residents(id, language, consent, onboarded_at, created_at) "
            "VALUES (?, 'uk', 'given', ?, ?)",
            ((first + n, at, at) for n in range(count)),
        )
        db.executemany(
            "INSERT INTO resident_channels(channel, external_id, resident_id, chat_id, "
            "created_at) VALUES ('telegram', ?, ?, ?, ?)",
            ((str(first + n), first + n, str(first + n), at) for n in range(count)),
        )
        db.executemany(
            "INSERT INTO outbox(resident_id, payload, dedup_key, priority, next_attempt_at, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (
                (first + n, payload.to_json(), f"bench:{n}", PRIORITY_BROADCAST, at, at)
                for n in range(count)
            ),
        )


async def reply_latencies(
    dp: Dispatcher, bot: Bot, people: list[int], first_id: int
) -> list[float]:
    seconds = []
    for update in mounted(updates_for(people, first_id), bot):
        started = time.perf_counter()
        await dp.feed_update(bot, update)
        seconds.append(time.perf_counter() - started)
    return seconds


@dataclass(frozen=True, slots=True)
class Report:
    backlog: int
    replies_measured: int
    idle_p50_ms: float
    idle_p99_ms: float
    backlog_p50_ms: float
    backlog_p99_ms: float
    p99_over_idle: float
    sent_during_measurement: int
    machine: str


def ms(values: list[float], percent: float) -> float:
    return round(percentile(values, percent) * 1000, 2)


async def run(backlog: int, talkers: int) -> Report:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        settings = Settings(
            _env_file=None,
            database={"path": path},
            community={"file": DEMO_FILE},
            flood={"burst": 1_000_000, "interval": 0.000001},
        )
        services = await Services.open(settings, clock=lambda: NOW)
        await services.load_demo_if_empty()
        await services.close()
        queue_backlog(path, backlog)
        services = await Services.open(settings, clock=lambda: NOW)
        try:
            dp = create_dispatcher(services)
            bot = create_bot(TEST_TOKEN, RecordingSession())
            people = list(range(5001, 5001 + talkers))
            await onboard(dp, bot, people)
            ids = itertools.count(1, 100_000)
            await reply_latencies(dp, bot, people, next(ids))  # warm up
            idle_before = await reply_latencies(dp, bot, people, next(ids))
            sender_bot = create_bot(TEST_TOKEN, SlowSession())
            background = await start_background(services, sender_bot)
            await asyncio.sleep(1.0)  # the sender is well under way
            pending_before = (await services.outbox.counts())[OutboxState.PENDING]
            busy = await reply_latencies(dp, bot, people, next(ids))
            pending_after = (await services.outbox.counts())[OutboxState.PENDING]
            await background.stop()
            idle_after = await reply_latencies(dp, bot, people, next(ids))
        finally:
            await services.close()
    idle = idle_before + idle_after
    idle_p99 = (ms(idle_before, 99) + ms(idle_after, 99)) / 2
    return Report(
        backlog=backlog,
        replies_measured=len(busy),
        idle_p50_ms=ms(idle, 50),
        idle_p99_ms=round(idle_p99, 2),
        backlog_p50_ms=ms(busy, 50),
        backlog_p99_ms=ms(busy, 99),
        p99_over_idle=round(ms(busy, 99) / idle_p99, 3),
        sent_during_measurement=pending_before - pending_after,
        machine=machine(),
    )


def describe(report: Report) -> str:
    return "\n".join(
        [
            f"Replies with {report.backlog:,} announcements queued in the outbox "
            f"({report.replies_measured} replies measured)",
            f"  idle           p50 {report.idle_p50_ms} ms, p99 {report.idle_p99_ms} ms",
            f"  with backlog   p50 {report.backlog_p50_ms} ms, p99 {report.backlog_p99_ms} ms "
            f"({report.sent_during_measurement} sent meanwhile)",
            f"  p99 / idle     {report.p99_over_idle}   (goal: at most 1.10)",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.backlog")
    parser.add_argument("--backlog", type=int, default=10_000)
    parser.add_argument("--talkers", type=int, default=100)
    args = parser.parse_args()
    report = asyncio.run(run(args.backlog, args.talkers))
    print(describe(report))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(asdict(report), indent=2) + "\n", encoding="utf-8")
    return 0 if report.p99_over_idle <= 1.10 else 1


if __name__ == "__main__":
    raise SystemExit(main())
