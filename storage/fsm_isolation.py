"""One update at a time per resident's chat, as aiogram's SimpleEventIsolation, with two
differences a long-running bot notices: a chat's lock is dropped as soon as nobody holds or
waits for it (aiogram keeps one per chat that ever wrote, for good), and taking it is a plain
object instead of a generator-based context manager built for every update."""

from __future__ import annotations

import asyncio
from contextlib import AbstractAsyncContextManager
from types import TracebackType

from aiogram.fsm.storage.base import BaseEventIsolation, StorageKey


class ChatIsolation(BaseEventIsolation):
    def __init__(self) -> None:
        self._held: dict[StorageKey, _ChatLock] = {}

    # aiogram declares the generator-based manager its decorator makes; callers only ever
    # use `async with`, which any async context manager serves.
    def lock(self, key: StorageKey) -> AbstractAsyncContextManager[None]:  # type: ignore[override]
        found = self._held.get(key)
        if found is None:
            found = self._held[key] = _ChatLock(self._held, key)
        return found

    @property
    def chats_held(self) -> int:
        """Chats with an update being handled or waiting: the locks kept right now."""
        return len(self._held)

    async def close(self) -> None:
        self._held.clear()


class _ChatLock(AbstractAsyncContextManager[None]):
    __slots__ = ("_held", "_key", "_lock", "_users")

    def __init__(self, held: dict[StorageKey, _ChatLock], key: StorageKey) -> None:
        self._held = held
        self._key = key
        self._lock = asyncio.Lock()
        self._users = 0  # holding it or waiting for it

    async def __aenter__(self) -> None:
        self._users += 1
        try:
            await self._lock.acquire()
        except BaseException:
            self._leave()
            raise

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._lock.release()
        self._leave()

    def _leave(self) -> None:
        self._users -= 1
        if self._users == 0 and self._held.get(self._key) is self:
            del self._held[self._key]
