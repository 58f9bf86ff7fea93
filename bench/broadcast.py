"""A broadcast to 10,000 residents at full Telegram speed, through the real process.

`python -m bot` polls a fake Bot API on 127.0.0.1 that enforces Telegram's 30 messages a
second (429 with retry_after beyond it) and answers 403 for 3% of the chats. Two runs:
  steady  the broadcast from start to end: messages a second against the configured
          budget (SENDER__RATE_PER_SECOND), 429s received, lost and doubled messages; a
          resident talks to the bot the whole time: the latency of each reply;
  kill    the same, with the process SIGKILLed halfway and started again: lost must be 0,
          doubled at most the messages that were in flight (rows left 'sending').

    python -m bench.broadcast [--residents 10000] [--skip-kill]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import deque
from dataclasses import asdict, dataclass
from pathlib import Path

from aiohttp import web

from bench.common import RESULTS_DIR, ROOT, machine, percentile
from bot.app import Services
from bot.config import Settings
from tests.fake_bot_api import FakeBotApi
from tests.harness import DEMO_FILE, TEST_TOKEN

RESULTS = RESULTS_DIR / "broadcast.json"
TELEGRAM_LIMIT = 30
BUDGET = 25.0  # SENDER__RATE_PER_SECOND, the default
BLOCKED_EVERY = 33  # ~3% of the chats blocked the bot
MARK = "Бенчмарк-оголошення"
FIRST_RESIDENT = 1_000_000
FIRST_CHAT = 9_000_000
TALKER_CHAT = 5_000_000
REPLY_GOAL_MS = 50.0
SEND_METHODS = frozenset({"sendMessage", "sendPhoto"})


class LimitedBotApi(FakeBotApi):
    """The fake Bot API with Telegram's overall limit: a 1 s sliding window of sends."""

    def __init__(self, token: str, per_second: int = TELEGRAM_LIMIT) -> None:
        super().__init__(token)
        self.per_second = per_second
        self.too_many = 0
        self._window: deque[float] = deque()

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["method"] in SEND_METHODS:
            now = time.monotonic()
            while self._window and self._window[0] <= now - 1.0:
                self._window.popleft()
            if len(self._window) >= self.per_second:
                self.too_many += 1
                return web.json_response(
                    {
                        "ok": False,
                        "error_code": 429,
                        "description": "Too Many Requests: retry after 1",
                        "parameters": {"retry_after": 1},
                    },
                    status=429,
                )
            self._window.append(now)
        return await super()._handle(request)


async def prepare(db_path: Path, residents: int) -> None:
    """The demo community, `residents` onboarded residents in settlement 1, a talker in
    settlement 2, and a broadcast to settlement 1 due now."""
    settings = Settings(_env_file=None, database={"path": db_path}, community={"file": DEMO_FILE})
    services = await Services.open(settings)
    try:
        await services.load_demo_if_empty()
    finally:
        await services.close()
    now = "2026-01-01T08:00:00Z"
    with sqlite3.connect(db_path) as db:
        rows = [(FIRST_RESIDENT + n, 1, FIRST_CHAT + n) for n in range(residents)]
        rows.append((FIRST_RESIDENT + residents, 2, TALKER_CHAT))
        db.executemany(
            "INSERT INTO residents(id, language, settlement_id, consent, onboarded_at, "
            "created_at) VALUES (?, 'uk', ?, 'given', ?, ?)",
            ((rid, place, now, now) for rid, place, _chat in rows),
        )
        db.executemany(
            "INSERT INTO resident_channels(channel, external_id, resident_id, chat_id, "
            "created_at) VALUES ('telegram', ?, ?, ?, ?)",
            ((str(chat), rid, str(chat), now) for rid, _place, chat in rows),
        )
        db.execute(
            "INSERT INTO broadcasts(topic, text_uk, settlements, state, send_at, created_at) "
            "VALUES ('news', ?, '[1]', 'scheduled', ?, ?)",
            (f"{MARK}: завтра прибирання парку о 10:00", now, now),
        )


def spawn(folder: Path, db_path: Path, api_url: str) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if "__" not in k}
    env.update(
        PYTHONPATH=str(ROOT),
        TELEGRAM__TOKEN=TEST_TOKEN,
        TELEGRAM__API_BASE=api_url,
        DATABASE__PATH=str(db_path),
        COMMUNITY__FILE=str(DEMO_FILE),
        SENDER__RATE_PER_SECOND=str(BUDGET),
        LOG_LEVEL="WARNING",
    )
    return subprocess.Popen(
        [sys.executable, "-m", "bot"],
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def delivered(api: FakeBotApi, residents: int) -> list[int]:
    """How many copies of the announcement each resident's chat holds."""
    counts = []
    for n in range(residents):
        messages = api.emulator.bot_messages(FIRST_CHAT + n)
        counts.append(sum(MARK in str(m.get("text", "")) for m in messages))
    return counts


def broadcast_row(db_path: Path) -> tuple[str, dict[str, int]]:
    with sqlite3.connect(db_path) as db:
        state = db.execute("SELECT state FROM broadcasts WHERE id = 1").fetchone()[0]
        rows = db.execute(
            "SELECT state, COUNT(*) FROM outbox WHERE dedup_key >= 'bc:1:' "
            "AND dedup_key < 'bc:1;' GROUP BY state"
        ).fetchall()
    return str(state), {str(s): int(n) for s, n in rows}


async def talk(api: FakeBotApi, stop: asyncio.Event, latencies: list[float]) -> None:
    """A resident asks for their data about three times a second and waits for each answer."""
    talker = api.resident(TALKER_CHAT)
    # The process's first update builds aiogram's types (bench.startup measures that).
    await talker.send("/mydata")
    await api.wait_until(lambda: bool(talker.news()), timeout=10, what="the first reply")
    while not stop.is_set():
        before = len(api.calls("sendMessage"))
        started = time.perf_counter()
        await talker.send("/mydata")
        await api.wait_until(
            lambda before=before: any(  # type: ignore[misc]
                c.params.get("chat_id") == TALKER_CHAT for c in api.calls("sendMessage")[before:]
            ),
            timeout=10,
            what="the reply",
        )
        latencies.append((time.perf_counter() - started) * 1000)
        await asyncio.sleep(0.3)


def sending_rate(api: FakeBotApi, residents: int) -> float:
    """Announcement calls (403s included) a second, from the first to the last of them."""
    chats = range(FIRST_CHAT, FIRST_CHAT + residents)
    moments = [c.at for c in api.calls("sendMessage") if c.params.get("chat_id") in chats]
    if len(moments) < 2:
        return 0.0
    return (len(moments) - 1) / (moments[-1] - moments[0])


async def wait_done(db_path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while broadcast_row(db_path)[0] != "done":
        if time.monotonic() > deadline:
            raise TimeoutError(f"broadcast not finished: {broadcast_row(db_path)}")
        await asyncio.sleep(0.5)


@dataclass(frozen=True, slots=True)
class Run:
    kind: str
    residents: int
    blocked: int
    seconds: float
    messages_per_second: float
    budget_share: float
    too_many_requests: int
    lost: int
    doubled: int
    in_flight_at_kill: int
    reply_ms_p50: float
    reply_ms_p99: float
    replies: int


async def one_run(folder: Path, residents: int, kill: bool) -> Run:
    db_path = folder / f"{'kill' if kill else 'steady'}.sqlite3"
    await prepare(db_path, residents)
    blocked = {FIRST_CHAT + n for n in range(residents) if n % BLOCKED_EVERY == 0}
    latencies: list[float] = []
    in_flight = 0
    api = LimitedBotApi(TEST_TOKEN)
    async with api:
        for chat in blocked:
            api.block(chat)
        process = spawn(folder, db_path, api.url)
        stop = asyncio.Event()
        talker: asyncio.Task[None] | None = None
        try:
            await api.wait_until(lambda: bool(api.get_updates_calls), timeout=60, what="start")
            talker = asyncio.create_task(talk(api, stop, latencies))
            started = time.perf_counter()
            if kill:
                half = residents // 2
                # Polled, not waited on per call: counting 10,000 chats is not free.
                while sum(delivered(api, residents)) < half:  # noqa: ASYNC110
                    await asyncio.sleep(0.2)
                process.send_signal(signal.SIGKILL)
                process.wait()
                in_flight = broadcast_row(db_path)[1].get("sending", 0)
                stop.set()
                await talker
                process = spawn(folder, db_path, api.url)
            await wait_done(db_path, timeout=residents / BUDGET * 3 + 60)
            seconds = time.perf_counter() - started
        finally:
            stop.set()
            if talker is not None:
                await asyncio.gather(talker, return_exceptions=True)
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        counts = delivered(api, residents)
        reachable = [c for n, c in enumerate(counts) if FIRST_CHAT + n not in blocked]
        rate = sending_rate(api, residents)
        return Run(
            kind="kill" if kill else "steady",
            residents=residents,
            blocked=len(blocked),
            seconds=round(seconds, 1),
            messages_per_second=round(rate, 2),
            budget_share=round(rate / BUDGET, 3),
            too_many_requests=api.too_many,
            lost=sum(1 for c in reachable if c == 0),
            doubled=sum(max(0, c - 1) for c in counts),
            in_flight_at_kill=in_flight,
            reply_ms_p50=round(percentile(latencies, 50), 1),
            reply_ms_p99=round(percentile(latencies, 99), 1),
            replies=len(latencies),
        )


def describe(run: Run) -> str:
    line = (
        f"{run.kind:6} {run.residents:,} residents ({run.blocked} blocked): {run.seconds} s, "
        f"{run.messages_per_second} msg/s = {run.budget_share:.0%} of {BUDGET:g}/s "
        f"(goal ≥95%), 429s {run.too_many_requests}, lost {run.lost}, doubled {run.doubled}"
    )
    if run.kind == "kill":
        line += f" (in flight at the kill: {run.in_flight_at_kill})"
    return line + (
        f"; reply p50 {run.reply_ms_p50} ms, p99 {run.reply_ms_p99} ms over {run.replies} "
        f"(goal ≤{REPLY_GOAL_MS:g} ms)"
    )


def met(run: Run) -> bool:
    if run.kind == "kill":
        return run.lost == 0 and run.doubled <= run.in_flight_at_kill
    return (
        run.budget_share >= 0.95
        and run.lost == 0
        and run.doubled == 0
        and run.reply_ms_p99 <= REPLY_GOAL_MS
    )


async def run_all(residents: int, kill: bool) -> list[Run]:
    with tempfile.TemporaryDirectory() as tmp:
        runs = [await one_run(Path(tmp), residents, kill=False)]
        if kill:
            runs.append(await one_run(Path(tmp), residents, kill=True))
    return runs


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.broadcast")
    parser.add_argument("--residents", type=int, default=10_000)
    parser.add_argument("--skip-kill", action="store_true")
    args = parser.parse_args()
    runs = asyncio.run(run_all(args.residents, kill=not args.skip_kill))
    for run in runs:
        print(describe(run))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    report = {"runs": [asdict(r) for r in runs], "budget": BUDGET, "machine": machine()}
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0 if all(met(r) for r in runs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
