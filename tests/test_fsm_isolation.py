"""One update at a time per chat, and no lock left behind for chats that went quiet."""

from __future__ import annotations

import asyncio

import pytest
from aiogram.fsm.storage.base import StorageKey

from storage.fsm_isolation import ChatIsolation


def key(chat: int) -> StorageKey:
    return StorageKey(bot_id=1, chat_id=chat, user_id=chat)


async def test_one_chats_updates_wait_for_each_other_and_others_do_not() -> None:
    isolation = ChatIsolation()
    order: list[str] = []
    release = asyncio.Event()

    async def handle(chat: int, name: str, wait: bool) -> None:
        async with isolation.lock(key(chat)):
            order.append(f"{name} in")
            if wait:
                await release.wait()
            order.append(f"{name} out")

    first = asyncio.create_task(handle(1, "first", wait=True))
    await asyncio.sleep(0)
    second = asyncio.create_task(handle(1, "second", wait=False))
    other = asyncio.create_task(handle(2, "other", wait=False))
    await asyncio.sleep(0.01)
    assert order == ["first in", "other in", "other out"]
    assert isolation.chats_held == 1
    release.set()
    await asyncio.gather(first, second, other)
    assert order[3:] == ["first out", "second in", "second out"]
    assert isolation.chats_held == 0


async def test_a_cancelled_wait_and_a_failed_update_leave_no_lock() -> None:
    isolation = ChatIsolation()
    holding = asyncio.Event()
    release = asyncio.Event()

    async def hold() -> None:
        async with isolation.lock(key(7)):
            holding.set()
            await release.wait()

    holder = asyncio.create_task(hold())
    await holding.wait()
    waiter = asyncio.create_task(isolation.lock(key(7)).__aenter__())
    await asyncio.sleep(0)
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    release.set()
    await holder
    assert isolation.chats_held == 0

    with pytest.raises(RuntimeError):
        async with isolation.lock(key(7)):
            raise RuntimeError("a handler failed")
    assert isolation.chats_held == 0
    async with isolation.lock(key(7)):
        assert isolation.chats_held == 1
