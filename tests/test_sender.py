"""The outbox sender on Telegram: the emulated Bot API behind the real Telegram transport,
and a real SQLite file. Most tests run on virtual time (tests/sender_world.py); two use real
time."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.channels.emulator import ApiFailure
from storage.outbox import OutboxState
from storage.payload import Payload, PayloadButton
from tests.sender_world import (
    EPS,
    TimedEmulator,
    VirtualTime,
    World,
    deliver_all,
    eventually,
    gaps,
    holds,
)


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    clock = VirtualTime()
    opened = await World(tmp_path / "bot.sqlite3", clock, TimedEmulator(clock.monotonic)).open()
    yield opened
    await opened.close()


# --- delivery and order ---------------------------------------------------------------------


async def test_every_message_delivered_once_in_priority_order(world: World) -> None:
    plan = [("broadcast", 8), ("reminder", 1), ("news", 5), ("reminder 2", 1), ("notice", 2)]
    for uid, (text, priority) in enumerate(plan, start=1001):
        await world.outbox.enqueue(await world.resident(uid), Payload(text), priority=priority)

    await deliver_all(world, world.sender(batch_size=2))

    sent = [c.params["text"] for c in world.emulator.sends()]
    assert sent == ["reminder", "reminder 2", "notice", "news", "broadcast"]
    assert set(world.emulator.delivered().values()) == {1}
    assert set((await world.states()).values()) == {"sent"}
    row = await world.row("news")
    assert row["attempts"] == 1
    assert row["sent_message_id"] == world.emulator.bot_messages(1003)[0]["message_id"]


async def test_a_reminder_overtakes_a_broadcast_under_way(world: World) -> None:
    for uid in range(2001, 2011):
        await world.outbox.enqueue(await world.resident(uid), Payload(f"news {uid}"), priority=8)
    late = await world.resident(1001)
    enqueued: list[asyncio.Task[int | None]] = []

    def remind_after_second_call(count: int) -> None:
        if count == 2:
            reminder = world.outbox.enqueue(late, Payload("Нагадування"), priority=1)
            enqueued.append(asyncio.get_running_loop().create_task(reminder))

    world.emulator.on_send = remind_after_second_call
    await deliver_all(world, world.sender())

    sent = [c.params["text"] for c in world.emulator.sends()]
    assert len(sent) == 11
    assert enqueued[0].done()
    # A few broadcast messages were already on their way; the other six wait.
    assert sent.index("Нагадування") <= 5


async def test_buttons_photo_and_html_reach_telegram(world: World) -> None:
    markup = {"inline_keyboard": [[{"text": "Так", "callback_data": "yes"}]]}
    first = await world.resident(1001)
    second = await world.resident(1002)
    buttons = [[PayloadButton("Так", callback_data="yes")]]
    await world.outbox.enqueue(first, Payload.of("<b>Нагадування</b>", buttons))
    await world.outbox.enqueue(second, Payload.of("Світло", photo={"telegram": "AgADphoto"}))

    await deliver_all(world, world.sender())

    html = world.emulator.sends()[0]
    assert html.params["parse_mode"] == "HTML"
    assert html.params["reply_markup"] == markup
    assert world.emulator.bot_messages(1001)[0]["reply_markup"] == markup
    photo = [c for c in world.emulator.calls if c.method == "sendPhoto"]
    assert [c.params["caption"] for c in photo] == ["Світло"]
    assert photo[0].params["photo"] == "AgADphoto"


async def test_dedup_key_enqueues_once_and_joins_the_callers_transaction(world: World) -> None:
    resident = await world.resident(1001)
    first = await world.outbox.enqueue(resident, Payload("Нагадування"), dedup_key="reminder:7")
    again = await world.outbox.enqueue(resident, Payload("Нагадування"), dedup_key="reminder:7")
    assert first is not None
    assert again is None

    async def enqueue_then_fail() -> None:
        async with world.db.transaction():
            await world.outbox.enqueue(resident, Payload("Відкочено"), dedup_key="reminder:8")
            raise RuntimeError("the caller's own change failed")

    with pytest.raises(RuntimeError):
        await enqueue_then_fail()
    assert (
        await world.outbox.enqueue(resident, Payload("Друге"), dedup_key="reminder:8") is not None
    )

    await deliver_all(world, world.sender())
    assert world.emulator.delivered() == Counter({(1001, "Нагадування"): 1, (1001, "Друге"): 1})


async def test_resident_without_telegram_chat_is_skipped_saying_where_they_are(
    world: World,
) -> None:
    viber_only = await world.resident(5001, channel="viber")
    await world.outbox.enqueue(viber_only, Payload("Новина"))

    await deliver_all(world, world.sender())  # this bot runs Telegram only

    assert world.emulator.sends() == []
    assert await world.states() == {"Новина": "skipped"}
    reason = (await world.row("Новина"))["last_error"]
    assert "only on viber" in reason


# --- rate limits ----------------------------------------------------------------------------


async def test_global_rate_and_per_chat_spacing(world: World) -> None:
    busy = await world.resident(1000)
    for n in range(3):
        await world.outbox.enqueue(busy, Payload(f"busy {n}"))
    for uid in range(2001, 2031):
        await world.outbox.enqueue(await world.resident(uid), Payload(f"news {uid}"))

    await deliver_all(world, world.sender(rate_per_second=25, per_chat_interval=1.0))

    calls = world.emulator.sends()
    assert len(calls) == 33
    assert min(gaps(calls)) >= 1 / 25 - EPS
    assert [c.params["text"] for c in world.emulator.sends(1000)] == ["busy 0", "busy 1", "busy 2"]
    assert min(gaps(world.emulator.sends(1000))) >= 1.0 - EPS
    others = [c for c in calls if c.params["chat_id"] != 1000]
    # The busy chat held nobody up: 30 messages at 25/s take 1.2 s, with a little slack.
    assert others[-1].at - calls[0].at <= 30 / 25 + 0.1


async def test_a_backlog_of_several_batches_keeps_the_full_rate(world: World) -> None:
    for uid in range(3001, 3251):
        await world.outbox.enqueue(await world.resident(uid), Payload(f"news {uid}"))

    await deliver_all(world, world.sender(rate_per_second=25, batch_size=100))

    calls = world.emulator.sends()
    assert len(calls) == 250
    assert set(world.emulator.delivered().values()) == {1}
    # Picking channels and claiming run ahead of sending: no stall between batches.
    assert calls[-1].at - calls[0].at <= 249 / 25 + 0.2
    assert max(gaps(calls)) <= 1 / 25 + EPS


async def test_rate_holds_in_real_time(world: World) -> None:
    for uid in range(3001, 3013):
        await world.outbox.enqueue(await world.resident(uid), Payload(f"news {uid}"))
    sender = world.sender(virtual=False, rate_per_second=100, per_chat_interval=0.05)

    started = time.monotonic()
    await deliver_all(world, sender)

    calls = world.emulator.sends()
    assert len(calls) == 12
    assert min(gaps(calls)) >= 0.01 - 0.003
    assert time.monotonic() - started < 2.0


async def test_enqueue_wakes_an_idle_sender_at_once(world: World) -> None:
    resident = await world.resident(1001)
    sender = world.sender(virtual=False, poll_interval=30.0)
    await sender.start()
    await asyncio.sleep(0.05)  # the sender has looked, found nothing and sleeps for 30 s

    await world.outbox.enqueue(resident, Payload("Нагадування"))
    await eventually(world.drained, timeout=1.0)
    await sender.stop()
    assert world.emulator.delivered() == Counter({(1001, "Нагадування"): 1})


async def test_429_pauses_the_whole_sender_then_delivers_everything(world: World) -> None:
    for uid in range(1001, 1009):
        await world.outbox.enqueue(await world.resident(uid), Payload(f"news {uid}"))
    world.emulator.pending_failures.append(
        ApiFailure(429, "Too Many Requests: retry after 3", retry_after=3)
    )

    await deliver_all(world, world.sender())

    calls = world.emulator.sends()
    assert len(calls) == 9
    assert calls[1].at - calls[0].at >= 3.0 - EPS
    assert set(world.emulator.delivered().values()) == {1}
    assert len(world.emulator.delivered()) == 8
    throttled = await world.row(calls[0].params["text"])
    assert (throttled["state"], throttled["attempts"]) == ("sent", 1)


# --- errors ---------------------------------------------------------------------------------


async def test_403_deactivates_the_resident_and_skips_their_messages(world: World) -> None:
    blocked = await world.resident(1001)
    for n in range(3):
        await world.outbox.enqueue(blocked, Payload(f"blocked {n}"))
    for uid in (1002, 1003):
        await world.outbox.enqueue(await world.resident(uid), Payload(f"news {uid}"))
    world.emulator.blocked.add(1001)

    sender = world.sender()
    await sender.start()
    await eventually(world.drained)
    await world.outbox.enqueue(blocked, Payload("blocked later"))
    await eventually(world.drained)
    await sender.stop()

    assert len(world.emulator.sends(1001)) == 1
    resident = await world.residents.get(blocked)
    assert resident is not None
    assert not resident.active
    assert [link.active for link in await world.residents.channels(blocked)] == [False]
    states = await world.states()
    assert {states[f"blocked {n}"] for n in range(3)} == {"skipped"}
    assert states["blocked later"] == "skipped"
    assert "reachable on no channel" in (await world.row("blocked 0"))["last_error"]
    assert world.emulator.delivered() == Counter({(1002, "news 1002"): 1, (1003, "news 1003"): 1})


async def test_a_resident_who_writes_again_is_reachable_again(world: World) -> None:
    resident = await world.resident(1001)
    await world.residents.set_active(resident, False, channel="telegram")
    assert not (await world.residents.get(resident)).active  # type: ignore[union-attr]

    again = await world.resident(1001)  # a new message from them

    assert again == resident
    assert (await world.residents.get(resident)).active  # type: ignore[union-attr]
    await world.outbox.enqueue(resident, Payload("Нагадування"))
    await deliver_all(world, world.sender())
    assert world.emulator.delivered() == Counter({(1001, "Нагадування"): 1})


async def test_bad_request_fails_at_once(world: World) -> None:
    await world.outbox.enqueue(await world.resident(1001), Payload("<b broken"))
    await world.outbox.enqueue(await world.resident(1002), Payload("fine"))
    world.emulator.pending_failures.append(
        ApiFailure(400, "Bad Request: can't parse entities: unclosed tag")
    )

    await deliver_all(world, world.sender())

    broken = await world.row("<b broken")
    assert (broken["state"], broken["attempts"]) == ("failed", 1)
    assert "can't parse entities" in broken["last_error"]
    assert len(world.emulator.sends(1001)) == 1
    assert world.emulator.delivered() == Counter({(1002, "fine"): 1})


async def test_server_errors_pause_telegram_with_growing_backoff_and_burn_no_attempt(
    world: World,
) -> None:
    await world.outbox.enqueue(await world.resident(1001), Payload("Нагадування"))
    world.emulator.pending_failures += [
        ApiFailure(500, "Internal Server Error"),
        ApiFailure(502, "Bad Gateway"),
    ]

    await deliver_all(world, world.sender(outage_pause=2.0))

    first, second = gaps(world.emulator.sends())
    assert first >= 2.0 - EPS
    assert second >= 4.0 - EPS
    row = await world.row("Нагадування")
    assert (row["state"], row["attempts"]) == ("sent", 1)
    assert world.emulator.delivered() == Counter({(1001, "Нагадування"): 1})


async def test_a_short_5xx_burst_pauses_briefly_then_the_full_rate_resumes(
    world: World,
) -> None:
    for uid in range(2001, 2021):
        await world.outbox.enqueue(await world.resident(uid), Payload(f"news {uid}"))
    world.emulator.pending_failures += [ApiFailure(502, "Bad Gateway")] * 3

    await deliver_all(world, world.sender(outage_pause=1.0))

    calls = world.emulator.sends()
    failed, delivered = calls[:3], calls[3:]
    assert len(delivered) == 20
    assert set(world.emulator.delivered().values()) == {1}
    assert 1 + 2 + 4 - EPS <= delivered[0].at - failed[0].at < 15, "a short pause, not minutes"
    # While the probe is out, virtual time runs on to the sender's next poll (1 s) at most;
    # once it got through, the other 19 go at the full rate.
    assert delivered[1].at - delivered[0].at <= 1.0 + EPS
    assert max(gaps(delivered[1:])) <= 1 / 25 + EPS, "back at 25 messages a second"
    rows = await world.db.fetchall("SELECT attempts FROM outbox")
    assert {row["attempts"] for row in rows} == {1}


async def test_network_errors_never_use_up_the_attempts(world: World) -> None:
    """The channel is down, not the message: however long, it waits and goes out once."""
    await world.outbox.enqueue(await world.resident(1001), Payload("Нагадування"))
    world.session.network_failures = 10

    await deliver_all(world, world.sender(max_attempts=3, outage_pause=1.0, outage_pause_max=60))

    row = await world.row("Нагадування")
    assert (row["state"], row["attempts"]) == ("sent", 1)
    assert world.session.network_failures == 0
    pauses = [b - a for a, b in itertools.pairwise(world.session.failed_at)]
    expected = [1, 2, 4, 8, 16, 32, 60, 60, 60]
    assert all(p >= e - EPS for p, e in zip(pauses, expected, strict=True))
    assert world.emulator.delivered() == Counter({(1001, "Нагадування"): 1})


async def test_other_errors_give_up_after_max_attempts_with_growing_delays(world: World) -> None:
    await world.outbox.enqueue(await world.resident(1001), Payload("Нагадування"))
    world.session.errors = [RuntimeError("the renderer broke") for _ in range(10)]

    await deliver_all(world, world.sender(max_attempts=3, retry_base=2.0))

    row = await world.row("Нагадування")
    assert (row["state"], row["attempts"]) == ("failed", 3)
    assert "the renderer broke" in row["last_error"]
    assert len(world.session.errors) == 7
    first, second = [b - a for a, b in itertools.pairwise(world.session.failed_at)]
    assert first >= 2.0 - EPS
    assert second >= 4.0 - EPS
    assert world.emulator.sends() == []


# --- restarts -------------------------------------------------------------------------------


async def test_graceful_stop_mid_batch_then_a_new_process_delivers_the_rest(
    world: World,
) -> None:
    for uid in range(1001, 1013):
        await world.outbox.enqueue(await world.resident(uid), Payload(f"news {uid}"))
    world.session.slow_after = "news 1005"  # stop() must wait for this call's answer
    sender = world.sender()
    stopping: list[asyncio.Task[None]] = []

    def stop_during_fifth_call(count: int) -> None:
        if count == 5:
            stopping.append(asyncio.get_running_loop().create_task(sender.stop()))

    world.emulator.on_send = stop_during_fifth_call
    await sender.start()
    await eventually(holds(lambda: bool(stopping)))
    await stopping[0]
    world.emulator.on_send = None

    counts = await world.outbox.counts()
    assert len(world.emulator.sends()) == 5
    assert (counts[OutboxState.SENT], counts[OutboxState.SENDING]) == (5, 0)
    assert counts[OutboxState.PENDING] == 7

    await world.restart()
    await deliver_all(world, world.sender())
    delivered = world.emulator.delivered()
    assert len(delivered) == 12
    assert set(delivered.values()) == {1}


async def test_crash_during_a_call_is_requeued_and_delivered(world: World) -> None:
    for uid in range(1001, 1005):
        await world.outbox.enqueue(await world.resident(uid), Payload(f"news {uid}"))
    world.session.hang_before = "news 1002"  # the call never reaches Telegram
    sender = world.sender(stop_timeout=0.05)
    await sender.start()
    await eventually(holds(lambda: len(world.emulator.sends()) == 3))
    await sender.stop()  # the hung call is cut short, as a crash would

    assert await world.states() == {
        "news 1001": "sent",
        "news 1002": "sending",
        "news 1003": "sent",
        "news 1004": "sent",
    }
    await world.restart()
    await deliver_all(world, world.sender())

    delivered = world.emulator.delivered()
    assert len(delivered) == 4
    assert set(delivered.values()) == {1}
    assert (await world.row("news 1002"))["attempts"] == 2


async def test_crash_after_telegram_accepted_repeats_that_message(world: World) -> None:
    """The documented at-least-once window: delivered, but the process died before the
    commit; after the restart the resident gets the message again."""
    await world.outbox.enqueue(await world.resident(1001), Payload("Нагадування"))
    world.session.hang_after = "Нагадування"
    sender = world.sender(stop_timeout=0.05)
    await sender.start()
    await eventually(holds(lambda: len(world.emulator.sends()) == 1))
    await sender.stop()

    await world.restart()
    await deliver_all(world, world.sender())

    assert world.emulator.delivered() == Counter({(1001, "Нагадування"): 2})
    assert (await world.row("Нагадування"))["state"] == "sent"


async def test_recover_after_restart_requeues_only_sending_rows(world: World) -> None:
    resident = await world.resident(1001)
    for state in OutboxState:
        await world.outbox.enqueue(resident, Payload(state.value))
        await world.db.execute(
            "UPDATE outbox SET state = ? WHERE json_extract(payload, '$.text') = ?", (state, state)
        )

    assert await world.outbox.recover_after_restart() == 1

    assert await world.states() == {
        "pending": "pending",
        "sending": "pending",
        "sent": "sent",
        "failed": "failed",
        "skipped": "skipped",
    }
    recovered = await world.row("sending")
    assert recovered["attempts"] == 1
    assert "may have been delivered" in recovered["last_error"]
    assert await world.outbox.counts() == {
        OutboxState.PENDING: 2,
        OutboxState.SENDING: 0,
        OutboxState.SENT: 1,
        OutboxState.FAILED: 1,
        OutboxState.SKIPPED: 1,
    }
