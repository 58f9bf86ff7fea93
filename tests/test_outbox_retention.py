"""Retention: what the bot sent (texts with names, visits, phones) is kept
SENDER__RETENTION_DAYS days, and a reminder is still never queued twice."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from storage.database import Database
from storage.outbox import Outbox, OutboxState, Purged
from storage.payload import Payload
from storage.residents import ResidentRepository
from tests.harness import FakeClock

RETENTION = timedelta(days=30)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    opened = await Database.open(tmp_path / "retention.sqlite3")
    yield opened
    await opened.close()


async def finish(outbox: Outbox, message_id: int | None, how: OutboxState) -> None:
    assert message_id is not None
    if how is OutboxState.SKIPPED:
        await outbox.mark_skipped([message_id], "the resident is reachable on no channel")
        return
    await outbox.route_pending(["telegram"])
    assert await outbox.mark_sending(message_id, "telegram")
    if how is OutboxState.SENT:
        await outbox.mark_sent(message_id, "77")
    else:
        await outbox.mark_failed(message_id, "Bad Request: chat not found for Олена")


async def texts(db: Database) -> list[str]:
    rows = await db.fetchall("SELECT payload, last_error FROM outbox ORDER BY id")
    return [f"{row['payload']} {row['last_error']}" for row in rows]


async def test_old_messages_lose_their_text_and_a_reminder_key_still_refuses_a_repeat(
    db: Database, clock: FakeClock
) -> None:
    outbox = Outbox(db, clock)
    olena = (await ResidentRepository(db, clock).get_or_create("telegram", "1", "1")).id
    reminder = await outbox.enqueue(
        olena, Payload("Нагадуємо, Олено: завтра о 10:00"), dedup_key="reminder:7"
    )
    await finish(outbox, reminder, OutboxState.SENT)
    await finish(outbox, await outbox.enqueue(olena, Payload("Оголошення")), OutboxState.SENT)
    await finish(outbox, await outbox.enqueue(olena, Payload("Зламане")), OutboxState.FAILED)
    await finish(outbox, await outbox.enqueue(olena, Payload("Пропущене")), OutboxState.SKIPPED)
    await outbox.enqueue(olena, Payload("Ще чекає"))  # pending a whole month: never erased

    clock.advance(days=29)
    recent = await outbox.enqueue(olena, Payload("Свіже"))
    await finish(outbox, recent, OutboxState.SENT)
    assert (await outbox.purge_finished(RETENTION)).deleted == 0, "nothing is old enough yet"

    clock.advance(days=2)
    purged = await outbox.purge_finished(RETENTION)

    assert (purged.deleted, purged.erased) == (3, 1)
    remaining = await texts(db)
    assert not any(word in text for text in remaining for word in ("Олен", "Оголошення"))
    assert sum("Ще чекає" in text for text in remaining) == 1
    assert sum("Свіже" in text for text in remaining) == 1
    tombstone = await db.fetchone("SELECT * FROM outbox WHERE dedup_key = 'reminder:7'")
    assert tombstone is not None
    assert (tombstone["state"], tombstone["payload"]) == ("sent", "{}")
    again = await outbox.enqueue(olena, Payload("Нагадуємо ще раз"), dedup_key="reminder:7")
    assert again is None, "a reminder is never queued twice, retention or not"
    assert await outbox.purge_finished(RETENTION) == Purged(0, 0), "tombstones stay"


async def test_retention_works_through_a_large_backlog_in_batches(
    db: Database, clock: FakeClock
) -> None:
    outbox = Outbox(db, clock)
    resident = (await ResidentRepository(db, clock).get_or_create("telegram", "1", "1")).id
    ids = [await outbox.enqueue(resident, Payload(f"новина {n}")) for n in range(1200)]
    await outbox.mark_skipped([i for i in ids if i is not None], "test")
    clock.advance(days=31)

    purged = await outbox.purge_finished(RETENTION, batch=500)

    assert purged.deleted == 1200
    assert await db.fetchval("SELECT COUNT(*) FROM outbox") == 0
