"""The rules of paid messages on a real database: defaults, opt-ins, one charge per outbox row
across crashes and retries, the cap, refunds, and the month's counts carried over from
before migration 0019."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiosqlite
import pytest

from bot.channels.viber.transport import ViberTransport
from storage.costs import Admission, PaidMessages, PaidTopic, Question
from storage.database import MIGRATIONS_DIR, Database
from storage.outbox import Outbox, OutboxState
from storage.payload import Payload
from tests.harness import FakeClock, utc
from tests.paid_world import FAST, World, number_of, onboard_viber


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "costs.sqlite3")
    yield database
    await database.close()


async def a_resident(db: Database, number: int = 1) -> int:
    await db.execute(
        "INSERT INTO residents(id, active, created_at) VALUES (?, 1, '2026-11-01T00:00:00Z')",
        (number,),
    )
    return number


async def a_row(db: Database, resident: int, topic: str | None) -> int:
    return await db.execute(
        "INSERT INTO outbox(resident_id, payload, next_attempt_at, created_at, topic) "
        "VALUES (?, '{\"text\":\"x\"}', '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z', ?)",
        (resident, topic),
    )


async def test_defaults_choices_and_the_question_asked_once(db: Database, clock: FakeClock) -> None:
    paid = PaidMessages(db, clock)
    olena = await a_resident(db)
    choices = await paid.choices(olena)
    assert [topic for topic, on in choices.items() if on] == [PaidTopic.EMERGENCY]
    await paid.set_choices(olena, {PaidTopic.CNAP: True, PaidTopic.NEWS: True})
    await paid.set_choices(olena, {PaidTopic.NEWS: False})
    choices = await paid.choices(olena)
    assert [topic for topic, on in choices.items() if on] == [PaidTopic.CNAP, PaidTopic.EMERGENCY]
    assert await paid.ask_once(olena, Question.CNAP)
    assert not await paid.ask_once(olena, Question.CNAP)
    assert await paid.ask_once(olena, Question.NEWS)


async def test_one_charge_per_row_and_the_cap_keeps_its_word(
    db: Database, clock: FakeClock
) -> None:
    paid = PaidMessages(db, clock)
    olena = await a_resident(db)
    notice = await a_row(db, olena, None)
    news = await a_row(db, olena, "news")
    row = await a_row(db, olena, "cnap")
    assert await paid.admit(notice, "viber", 2, cap=3) is Admission.CHARGED
    assert await paid.admit(news, "viber", 1, cap=3) is Admission.NOT_OPTED_IN
    assert await paid.admit(row, "viber", 1, cap=3) is Admission.NOT_OPTED_IN
    await paid.set_choices(olena, {PaidTopic.CNAP: True})
    assert await paid.admit(row, "viber", 1, cap=3) is Admission.CHARGED
    assert await paid.admit(row, "viber", 1, cap=3) is Admission.CHARGED, "tried again"
    assert (await paid.usage("viber")).sent == 3, "the second try is not counted"

    over = await a_row(db, olena, None)
    assert await paid.admit(over, "viber", 1, cap=3) is Admission.CAPPED
    assert await paid.admit(over, "viber", 1, cap=100) is Admission.CAPPED, "stays stopped"
    usage = await paid.usage("viber")
    assert (usage.sent, usage.capped) == (3, 1)

    await paid.refund(row)
    assert (await paid.usage("viber")).sent == 2
    await paid.refund(row)
    assert (await paid.usage("viber")).sent == 2, "refunded once"
    clock.advance(days=31)
    assert (await paid.usage("viber")).sent == 0, "a new month"


async def test_a_crash_mid_send_repeats_the_message_but_never_the_charge(
    tmp_path: Path, clock: FakeClock
) -> None:
    world = await World.start(tmp_path / "crash.sqlite3", clock)
    try:
        uk = world.services.texts.get("uk")
        olena = world.on_viber(2001)
        await onboard_viber(olena, uk("paid-news-all"))
        clock.advance(hours=25)
        number = await number_of(world, "viber", olena.viber_id)
        outbox = world.services.outbox
        await outbox.enqueue(number, Payload("Відключення світла"), topic="outages")
        await outbox.route_pending(["telegram", "viber"])
        (message,) = await outbox.claim_batch(10, channel="viber")
        assert await outbox.mark_sending(message.id, "viber")
        transport = ViberTransport(
            world.viber.channel.bot, world.viber.channel.session, limits=FAST
        )
        await transport.send(message.chat_id, message.payload)  # delivered, then the crash

        await world.restart()
        await world.deliver()
        state = await world.services.db.fetchval(
            "SELECT state FROM outbox WHERE id = ?", (message.id,)
        )
        assert state == OutboxState.SENT
        texts = [m["text"] for m in world.viber.api.messages_to(olena.viber_id)]
        assert texts.count("Відключення світла") == 2, "at least once: the unsure one again"
        assert (await world.services.find(PaidMessages).usage("viber")).sent == 1
    finally:
        await world.stop()


async def test_a_refused_paid_message_costs_nothing(tmp_path: Path, clock: FakeClock) -> None:
    world = await World.start(tmp_path / "refused.sqlite3", clock)
    try:
        olena = world.on_viber(2001)
        await onboard_viber(olena)
        clock.advance(hours=25)
        number = await number_of(world, "viber", olena.viber_id)
        await world.services.outbox.enqueue(number, Payload("Ваш візит скасовано"))
        calls = len(world.viber.api.calls)
        world.viber.api.fail_next(6)  # Viber: she is no longer subscribed
        await world.deliver()
        assert [c.endpoint for c in world.viber.api.calls[calls:]] == ["send_message"]
        assert (await world.services.find(PaidMessages).usage("viber")).sent == 0
        assert await world.services.db.fetchval("SELECT COUNT(*) FROM paid_charges") == 0
    finally:
        await world.stop()


async def test_the_months_count_survives_migration_0019(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    async with aiosqlite.connect(path) as conn:
        for script in sorted(MIGRATIONS_DIR.glob("*.sql")):
            version = int(script.name[:4])
            if version < 19:
                await conn.executescript(script.read_text(encoding="utf-8"))
                await conn.execute(
                    "INSERT INTO schema_version(version, name) VALUES (?, ?)",
                    (version, script.name),
                )
        await conn.execute("INSERT INTO viber_usage(month, sent) VALUES ('2026-11', 417)")
        await conn.commit()
    db = await Database.open(path)
    try:
        clock = FakeClock(utc(2026, 11, 20, 10))
        assert (await PaidMessages(db, clock).usage("viber")).sent == 417
    finally:
        await db.close()


async def test_withheld_rows_do_not_starve_the_queue(db: Database, clock: FakeClock) -> None:
    """Routing skips what nobody chose without counting it against its batch: a broadcast
    most Viber residents did not opt into still fills the sender's queue at once."""
    paid = PaidMessages(db, clock)
    for number in range(1, 41):
        await a_resident(db, number)
        await db.execute(
            "INSERT INTO resident_channels(channel, external_id, resident_id, chat_id, created_at)"
            " VALUES ('viber', ?, ?, ?, '2026-11-01T00:00:00Z')",
            (f"vb{number}", number, str(number)),
        )
        if number % 4 == 0:
            await paid.set_choices(number, {PaidTopic.NEWS: True})
        await a_row(db, number, "news")
    outbox = Outbox(db, clock)
    routed = await outbox.route_pending(["telegram", "viber"], limit=5)
    assert (routed.picked, routed.withheld) == (5, 15), "picking went on past the withheld"
    claimed = await outbox.claim_batch(100, channel="viber")
    assert sorted(m.resident_id for m in claimed) == [4, 8, 12, 16, 20]
