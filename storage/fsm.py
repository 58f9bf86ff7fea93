"""aiogram FSM storage in SQLite, so a resident halfway through a flow survives a restart."""

from __future__ import annotations

import asyncio
import json
import logging
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import (
    BaseStorage,
    DefaultKeyBuilder,
    KeyBuilder,
    StateType,
    StorageKey,
)

from storage.database import Database, Params

log = logging.getLogger(__name__)

# Keys kept in memory; a resident away longer than that is read from the database again.
CACHE_SIZE = 20_000

_UPSERT = (
    "INSERT INTO fsm_state(key, state, data) VALUES (?, ?, ?) "
    "ON CONFLICT(key) DO UPDATE SET state = excluded.state, data = excluded.data"
)


@dataclass(slots=True)
class _Entry:
    state: str | None
    data: str  # JSON text: every reader gets its own copy


class SQLiteStorage(BaseStorage):
    """States and data in SQLite, read through a bounded in-memory cache: on the hot path a
    resident's state costs no round trip. Only this process's Dispatcher writes these rows,
    so a write-through cache stays exact.

    Writes are saved behind the update: the cache takes the new value at once and a saver
    task writes every changed key in one statement, queued before the reply's own network
    call ends, so the handler never waits for the disk. Unsaved keys are read from memory
    and written when the database closes. A write inside a database transaction is made in
    it (it may still roll back) and only drops the cached entry; it also takes the place of
    that key's unsaved value, so a rollback there would lose a value set a moment earlier
    (no handler changes a state inside a transaction)."""

    def __init__(self, db: Database, key_builder: KeyBuilder | None = None) -> None:
        self._db = db
        self._keys = key_builder or DefaultKeyBuilder(with_bot_id=True, with_destiny=True)
        self._cache: OrderedDict[str, _Entry] = OrderedDict()
        self._unsaved: dict[str, _Entry] = {}
        self._built: dict[StorageKey, str] = {}
        self._saver: asyncio.Task[None] | None = None
        db.before_close(self.flush)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        built = self._key(key)
        entry = await self._entry(built)
        if entry.state != value:
            await self._store(built, _Entry(value, entry.data))

    async def get_state(self, key: StorageKey) -> str | None:
        return (await self._entry(self._key(key))).state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        built = self._key(key)
        text = json.dumps(dict(data), ensure_ascii=False)
        entry = await self._entry(built)
        if entry.data != text:
            await self._store(built, _Entry(entry.state, text))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        return dict(json.loads((await self._entry(self._key(key))).data))

    async def forget_chat(self, bot_id: int, chat_id: int, user_id: int) -> None:
        """Drop every stored state of one chat (used when a resident deletes their data)."""
        prefix = self._keys.build(StorageKey(bot_id=bot_id, chat_id=chat_id, user_id=user_id))
        self._unsaved.pop(prefix, None)
        self._cache.pop(prefix, None)
        await self._db.execute("DELETE FROM fsm_state WHERE key = ?", (prefix,))

    async def close(self) -> None:
        """The database is owned and closed by the application, not by the storage."""

    async def flush(self) -> None:
        """Write what is still unsaved (the database calls this before it closes)."""
        while self._saver is not None and not self._saver.done():
            await asyncio.shield(self._saver)
        if self._unsaved:
            await self._save()

    async def _entry(self, built: str) -> _Entry:
        entry = self._unsaved.get(built) or self._cache.get(built)
        if entry is not None:
            if built in self._cache:
                self._cache.move_to_end(built)
            return entry
        row = await self._db.fetchone("SELECT state, data FROM fsm_state WHERE key = ?", (built,))
        entry = _Entry(row["state"], row["data"] or "{}") if row else _Entry(None, "{}")
        if not self._db.in_transaction:
            self._remember(built, entry)
        return entry

    async def _store(self, built: str, entry: _Entry) -> None:
        if self._db.in_transaction:
            self._unsaved.pop(built, None)
            self._cache.pop(built, None)
            await self._db.execute(_UPSERT, (built, entry.state, entry.data))
            return
        self._remember(built, entry)
        self._unsaved[built] = entry
        if self._saver is None or self._saver.done():
            self._saver = asyncio.create_task(self._save_all(), name="fsm-saver")

    async def _save_all(self) -> None:
        while self._unsaved:
            await self._save()

    async def _save(self) -> None:
        taken: dict[str, _Entry] = {}

        def take() -> list[Params]:
            # The newest values at the moment the statement is queued.
            taken.update(self._unsaved)
            self._unsaved.clear()
            return [(key, entry.state, entry.data) for key, entry in taken.items()]

        try:
            await self._db.executemany_latest(_UPSERT, take)
        except Exception:
            log.exception("Could not save %d conversation states", len(taken))
            for key in taken:  # read again from the database, which says what it kept
                if key not in self._unsaved:
                    self._cache.pop(key, None)

    def _key(self, key: StorageKey) -> str:
        built = self._built.get(key)
        if built is None:
            if len(self._built) >= CACHE_SIZE:
                self._built.clear()
            built = self._built[key] = self._keys.build(key)
        return built

    def _remember(self, built: str, entry: _Entry) -> None:
        self._cache[built] = entry
        self._cache.move_to_end(built)
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
