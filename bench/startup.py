"""Start-up and memory of the real process: `python -m bot` polling a fake Bot API on
127.0.0.1, on a database that already holds 100,000 residents.

Start-up is the time from spawning the process to its first getUpdates (the bot is ready to
answer). The first start after an install writes Python's bytecode and the parsed texts
(`__pycache__`), as a deployed bot does once; it is reported apart and the goal is on the
starts after it. PYTHONDONTWRITEBYTECODE is not passed on: a deployment would not set it.
Then residents talk to it (onboarding, the menu, their data) and the process's peak
resident memory (VmHWM) is read. Goals: ready within 1.5 s, peak RSS at most 150 MB.

    python -m bench.startup [--residents 100000] [--talkers 300] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import os
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.common import RESULTS_DIR, ROOT, machine
from bot.app import Services
from bot.config import Settings
from tests.fake_bot_api import FakeBotApi
from tests.harness import DEMO_FILE, TEST_TOKEN

RESULTS = RESULTS_DIR / "startup.json"
READY_TIMEOUT = 60.0


async def prepare_database(path: Path, residents: int) -> None:
    settings = Settings(_env_file=None, database={"path": path}, community={"file": DEMO_FILE})
    services = await Services.open(settings)
    try:
        await services.load_demo_if_empty()
    finally:
        await services.close()
    with sqlite3.connect(path) as db:
        now = "2026-11-01T08:00:00Z"
        db.executemany(
            "INSERT INTO residents(id, language, settlement_id, consent, onboarded_at, "
            "created_at) VALUES (?, 'uk', 1, 'given', ?, ?)",
            ((1_000_000 + n, now, now) for n in range(residents)),
        )
        db.executemany(
            "INSERT INTO resident_channels(channel, external_id, resident_id, chat_id, "
            "created_at) VALUES ('telegram', ?, ?, ?, ?)",
            (
                (str(9_000_000 + n), 1_000_000 + n, str(9_000_000 + n), now)
                for n in range(residents)
            ),
        )


def spawn(folder: Path, db_path: Path, api_url: str) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if "__" not in k and k != "PYTHONDONTWRITEBYTECODE"}
    env.update(
        PYTHONPATH=str(ROOT),
        TELEGRAM__TOKEN=TEST_TOKEN,
        TELEGRAM__API_BASE=api_url,
        DATABASE__PATH=str(db_path),
        COMMUNITY__FILE=str(DEMO_FILE),
        LOG_LEVEL="WARNING",
    )
    return subprocess.Popen(
        [sys.executable, "-m", "bot"],
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    raise RuntimeError("no VmHWM in /proc")


async def converse(api: FakeBotApi, talkers: int) -> int:
    """Each resident onboards, opens the menu, types, opens their data; every answer is
    waited for before the next step, as a person would."""
    answered = 0
    for n in range(talkers):
        chat = api.resident(5_000_000 + n)
        for kind, value in SCRIPT:
            before = sent_to(api, chat.id)
            if kind == "press":
                await api.wait_until(functools.partial(has_button, api, chat.id, value))
                await chat.press(value)
            else:
                await chat.send(value)
            await api.wait_until(functools.partial(answered_since, api, chat.id, before))
            answered += 1
        await settled(api, chat.id)
    return answered


SCRIPT = (
    ("send", "/start"),
    ("press", "Погоджуюсь"),
    ("press", "Українська"),
    ("press", "Калинівка"),
    ("send", "/menu"),
    ("send", "Коли прийом у старости?"),
    ("send", "/mydata"),
)


def has_button(api: FakeBotApi, chat_id: int, label: str) -> bool:
    message = api.newest_keyboard_message(chat_id)
    rows = message["reply_markup"]["inline_keyboard"] if message else []
    return any(label in button["text"] for row in rows for button in row)


def answered_since(api: FakeBotApi, chat_id: int, before: int) -> bool:
    return sent_to(api, chat_id) > before


def sent_to(api: FakeBotApi, chat_id: int) -> int:
    return sum(1 for call in api.emulator.calls if call.params.get("chat_id") == chat_id)


async def settled(api: FakeBotApi, chat_id: int, quiet: float = 0.03) -> None:
    """Wait until the bot has said all it had to say (nothing new for `quiet` seconds)."""
    count = -1
    while count != sent_to(api, chat_id):
        count = sent_to(api, chat_id)
        await asyncio.sleep(quiet)


@dataclass(frozen=True, slots=True)
class Report:
    residents_in_database: int
    talkers: int
    updates_answered: int
    first_start_seconds: float
    startup_seconds: list[float]
    startup_seconds_median: float
    peak_rss_mb: float
    machine: str


async def one_run(folder: Path, db_path: Path, talkers: int) -> tuple[float, float, int]:
    async with FakeBotApi(TEST_TOKEN) as api:
        started = time.perf_counter()
        process = spawn(folder, db_path, api.url)
        try:
            await api.wait_until(
                lambda: bool(api.get_updates_calls), timeout=READY_TIMEOUT, what="getUpdates"
            )
            ready = time.perf_counter() - started
            answered = await converse(api, talkers)
            peak = peak_rss_mb(process.pid)
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
    return ready, peak, answered


async def run(residents: int, talkers: int, runs: int) -> Report:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db_path = folder / "bench.sqlite3"
        await prepare_database(db_path, residents)
        first, _, _ = await one_run(folder, db_path, 0)
        readies, peaks, answered = [], [], 0
        for number in range(runs):
            # Only the first run converses (and onboards new residents); later runs measure
            # start-up on the same, now larger, database.
            ready, peak, count = await one_run(folder, db_path, talkers if number == 0 else 0)
            readies.append(round(ready, 3))
            peaks.append(peak)
            answered += count
    return Report(
        residents_in_database=residents,
        talkers=talkers,
        updates_answered=answered,
        first_start_seconds=round(first, 3),
        startup_seconds=readies,
        startup_seconds_median=round(statistics.median(readies), 3),
        peak_rss_mb=max(peaks),
        machine=machine(),
    )


def describe(report: Report) -> str:
    return "\n".join(
        [
            f"Start-up and memory: `python -m bot` polling a fake Bot API, "
            f"{report.residents_in_database:,} residents in the database",
            f"  ready (first getUpdates)  {report.startup_seconds_median} s median of "
            f"{report.startup_seconds}   (goal: at most 1.5 s)",
            f"  first start after install {report.first_start_seconds} s (writes the caches)",
            f"  peak RSS                  {report.peak_rss_mb} MB after {report.talkers} "
            f"residents talked ({report.updates_answered} updates)   (goal: at most 150 MB)",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.startup")
    parser.add_argument("--residents", type=int, default=100_000)
    parser.add_argument("--talkers", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    report = asyncio.run(run(args.residents, args.talkers, args.runs))
    print(describe(report))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(asdict(report), indent=2) + "\n", encoding="utf-8")
    goals_met = report.startup_seconds_median <= 1.5 and report.peak_rss_mb <= 150
    return 0 if goals_met else 1


if __name__ == "__main__":
    raise SystemExit(main())
