"""A news broadcast to Viber residents outside their free session: what the paid-message rules
cost the sender. 5,000 Viber residents (a fifth opted into news, the rest not), the real
outbox sender with the Viber transport on an in-process Viber API, its rate raised so the
figures show the bot's own overhead rather than Viber's pace.

Reported: the seconds from the first pick to the last outcome, the messages withheld at the
pick (they never take a sending slot), the paid ones sent, how long each costs, and a check
that the month's count equals the messages charged (no double counting).

    python -m bench.paid [--residents 5000] [--opted-in 0.2]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.common import RESULTS_DIR, machine
from bot.app import Services, create_dispatcher
from bot.channels.viber.local import LocalViberApi
from bot.channels.viber.transport import ViberTransport
from bot.channels.viber.webhook import ViberChannel
from bot.sender import OutboxSender
from bot.transport import ChannelLimits
from storage.outbox import OutboxState
from storage.payload import Payload
from tests.harness import DEMO_FILE
from tests.viber_harness import make_viber_settings

RESULTS = RESULTS_DIR / "paid.json"
FIRST = 1_000_000
LONG_AGO = "2026-01-01T08:00:00Z"


@dataclass(frozen=True, slots=True)
class Figures:
    residents: int
    opted_in: int
    seconds: float
    withheld_at_pick: int
    paid_sent: int
    ms_per_paid_message: float
    month_count: int
    charges: int


def prepare(db: Path, residents: int, share: float) -> int:
    opted = 0
    with sqlite3.connect(db) as conn:
        for n in range(residents):
            rid = FIRST + n
            conn.execute(
                "INSERT INTO residents(id, language, settlement_id, consent, onboarded_at, "
                "created_at) VALUES (?, 'uk', 1, 'given', ?, ?)",
                (rid, LONG_AGO, LONG_AGO),
            )
            viber_id = f"vb{n:07d}="
            user = conn.execute(
                "INSERT INTO viber_users(viber_id, created_at, subscribed, last_message_at) "
                "VALUES (?, ?, 1, ?)",
                (viber_id, LONG_AGO, LONG_AGO),
            ).lastrowid
            conn.execute(
                "INSERT INTO resident_channels(channel, external_id, resident_id, chat_id, "
                "created_at) VALUES ('viber', ?, ?, ?, ?)",
                (viber_id, rid, str(user), LONG_AGO),
            )
            if n < residents * share:
                opted += 1
                conn.execute("INSERT INTO paid_optins VALUES (?, 'news', 1, ?)", (rid, LONG_AGO))
            conn.execute(
                "INSERT INTO outbox(resident_id, payload, priority, next_attempt_at, "
                "created_at, topic) VALUES (?, ?, 8, ?, ?, 'news')",
                (rid, Payload("Бенчмарк: толока в парку").to_json(), LONG_AGO, LONG_AGO),
            )
    return opted


async def run(residents: int, share: float) -> Figures:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "paid.sqlite3"
        settings = make_viber_settings(db, community={"file": DEMO_FILE})
        services = await Services.open(settings)
        await services.load_demo_if_empty()
        try:
            opted = prepare(db, residents, share)
            channel = ViberChannel(services, create_dispatcher(services), LocalViberApi())
            transport = ViberTransport(channel.bot, channel.session, limits=ChannelLimits(500, 0))
            sender = OutboxSender([transport], services.outbox, services.residents)
            started = time.perf_counter()
            await sender.start()
            while True:
                counts = await services.outbox.counts()
                if not counts[OutboxState.PENDING] and not counts[OutboxState.SENDING]:
                    break
                await asyncio.sleep(0.05)
            seconds = time.perf_counter() - started
            await sender.stop()
            return await _figures(services, residents, opted, seconds)
        finally:
            await services.close()


async def _figures(services: Services, residents: int, opted: int, seconds: float) -> Figures:
    db = services.db
    withheld = int(
        await db.fetchval("SELECT COUNT(*) FROM outbox WHERE skip_code = 'not-opted-in'")
    )
    sent = int(await db.fetchval("SELECT COUNT(*) FROM outbox WHERE state = 'sent'"))
    month = int(await db.fetchval("SELECT COALESCE(SUM(sent), 0) FROM paid_usage"))
    charges = int(await db.fetchval("SELECT COUNT(*) FROM paid_charges WHERE outcome = 'charged'"))
    return Figures(
        residents=residents,
        opted_in=opted,
        seconds=round(seconds, 2),
        withheld_at_pick=withheld,
        paid_sent=sent,
        ms_per_paid_message=round(seconds * 1000 / max(sent, 1), 2),
        month_count=month,
        charges=charges,
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents", type=int, default=5000)
    parser.add_argument("--opted-in", type=float, default=0.2)
    args = parser.parse_args()
    figures = asyncio.run(run(args.residents, args.opted_in))
    ok = (
        figures.paid_sent == figures.opted_in
        and figures.withheld_at_pick == figures.residents - figures.opted_in
        and figures.month_count == figures.charges == figures.paid_sent
    )
    result = {"machine": machine(), "goal_met": ok, **asdict(figures)}
    RESULTS_DIR.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
