"""Scheduled broadcasts across a restart, cancelling before and during the delivery, the
expansion resuming after a crash without duplicates, forged broadcaster buttons."""

from __future__ import annotations

from typing import Any

import pytest

from handlers.news.callbacks import ComposeAction, ComposeCb
from handlers.news.render import renderer
from storage.audit import AuditAction
from storage.news.model import BroadcastState
from tests.harness import BotEnv, Chat, FakeClock
from tests.news.steps import (
    broadcaster,
    compose,
    got,
    outbox_states,
    progress_card,
    resident,
    service,
    tick,
)


async def schedule(official: Chat, text: str, when: str) -> list[str]:
    await compose(official, text)
    await official.click("🕒")
    await official.send(when)
    await official.click("Переглянути")
    return await official.click("Запланувати")


async def test_a_scheduled_broadcast_starts_after_a_restart(env: BotEnv, clock: FakeClock) -> None:
    official = await broadcaster(env)
    chat = await resident(env, 1001)
    answer = await official.send("/broadcast")
    await official.click("🕒")
    assert "вже минуло" in (await official.send("23.11 08:00"))[-1]  # 09:00 in Kyiv now
    assert "Не розумію" in (await official.send("завтра зранку"))[-1]
    assert answer
    shown = await schedule(official, "Ярмарок на площі", "23.11 12:00")
    assert "заплановано на пн, 23 листопада, 12:00" in shown[-1]

    await tick(env)
    assert await env.deliver() == 0
    await env.restart()
    clock.advance(hours=3, minutes=1)  # 12:01 in Kyiv
    await tick(env)
    await env.deliver()
    assert got(chat, "Ярмарок на площі") == 1
    actions = [e.action for e in await env.services.audit.entries()]
    assert AuditAction.BROADCAST_SCHEDULE.value in actions
    assert AuditAction.BROADCAST_SEND.value in actions
    # The author's progress card came with the start.
    await tick(env)
    assert any("Розсилку № 1 завершено" in text for text in official.texts())


async def test_a_scheduled_broadcast_cancelled_before_it_starts(
    env: BotEnv, clock: FakeClock
) -> None:
    official = await broadcaster(env)
    chat = await resident(env, 1001)
    await schedule(official, "Ярмарок на площі", "24.11 12:00")
    await official.send("/broadcast")
    await official.click("Скасувати № 1")
    await official.click("Так, скасувати")
    assert "скасовано" in official.texts()[-1]
    clock.advance(days=2)
    await tick(env)
    await env.deliver()
    assert got(chat, "Ярмарок") == 0
    cancelled = await service(env).get(1)
    assert cancelled is not None
    assert cancelled.state is BroadcastState.CANCELLED
    assert AuditAction.BROADCAST_CANCEL.value in [
        e.action for e in await env.services.audit.entries()
    ]


async def send_now_without_tick(official: Chat, text: str, *places: str) -> None:
    await compose(official, text, *places)
    await official.click("Переглянути")
    await official.click("Надіслати зараз")


async def test_cancel_midway_keeps_what_was_sent_and_sends_nothing_more(env: BotEnv) -> None:
    official = await broadcaster(env)
    chats = [await resident(env, 1001 + n) for n in range(6)]
    service(env).batch_size = 2
    await send_now_without_tick(official, "Збори мешканців", "Калинівка")
    broadcast = await service(env).get(1)
    assert broadcast is not None
    render = renderer(env.services.texts)
    await service(env).expand(broadcast, render, max_batches=1)
    assert await env.deliver() == 2
    await service(env).expand(broadcast, render, max_batches=1)

    await official.click("Зупинити розсилку", message=progress_card(official))
    await official.click("Так, скасувати")
    assert "Не надіслано: 2" in official.texts()[-1]
    await tick(env)
    assert await env.deliver() == 0
    assert sum(got(chat, "Збори мешканців") for chat in chats) == 2
    assert await outbox_states(env, 1) == {"sent": 2}
    card = official.texts()
    assert any("зупинено" in text and "Не надіслано через скасування: 2" in text for text in card)


async def test_the_expansion_resumes_after_a_crash_without_duplicates(
    env: BotEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    official = await broadcaster(env)
    chats = [await resident(env, 1001 + n) for n in range(7)]
    service(env).batch_size = 3
    await send_now_without_tick(official, "Графік вивозу сміття")
    broadcast = await service(env).get(1)
    assert broadcast is not None
    await service(env).expand(broadcast, renderer(env.services.texts), max_batches=1)

    # The process dies in the middle of the second batch: its rows written, not committed.
    real_enqueue_many = env.services.outbox.enqueue_many

    async def dying(*args: Any, **kwargs: Any) -> int:
        await real_enqueue_many(*args, **kwargs)
        raise RuntimeError("killed")

    monkeypatch.setattr(env.services.outbox, "enqueue_many", dying)
    with pytest.raises(RuntimeError):
        await tick(env)
    assert sum((await outbox_states(env, 1)).values()) == 3  # the torn batch rolled back

    await env.restart()
    await tick(env)
    await env.deliver()
    assert [got(chat, "Графік вивозу сміття") for chat in chats] == [1] * len(chats)
    assert await outbox_states(env, 1) == {"sent": len(chats) + 1}  # the official too


async def test_a_residents_forged_broadcaster_buttons_change_nothing(env: BotEnv) -> None:
    official = await broadcaster(env)
    await schedule(official, "Ярмарок на площі", "24.11 12:00")
    intruder = await resident(env, 1001)
    assert "Не знаю такої команди" in (await intruder.send("/broadcast"))[0]
    for action in (ComposeAction.CANCEL_YES, ComposeAction.CONFIRM, ComposeAction.HOME):
        await intruder.press(ComposeCb(action=action, id=1).pack())
    assert sum("недостатньо прав" in alert for alert in intruder.alerts()) == 3
    kept = await service(env).get(1)
    assert kept is not None
    assert kept.state is BroadcastState.SCHEDULED
    assert len(list(await service(env).scheduled())) == 1


async def test_the_archive_shows_published_announcements(env: BotEnv) -> None:
    official = await broadcaster(env)
    chat = await resident(env, 1001)
    for n in range(6):
        await send_now_without_tick(official, f"Новина номер {n} <i>важлива</i>")
    await tick(env)
    await chat.click("🏠")
    await chat.click("🏘")
    shown = await chat.click("📰 Новини та оголошення")
    assert "Новина номер 5" in shown[-1]
    assert "Новина номер 0" not in shown[-1]
    shown = await chat.click("Далі")
    assert "Новина номер 0" in shown[-1]
    shown = await chat.click("1")
    assert "Новина номер 0 <i>важлива</i>" in shown[-1]
