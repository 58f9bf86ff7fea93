"""aiogram FSM storage in SQLite, so a resident halfway through a flow survives a restart."""

from __future__ import annotations

import json
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

from storage.database import Database

# Keys kept in memory; a resident away longer than that is read from the database again.
CACHE_SIZE = 20_000


@dataclass(slots=True)
class _Entry:
    state: str | None
    data: str  # JSON text: every reader gets its own copy


class SQLiteStorage(BaseStorage):
    """States and data in SQLite, read through a bounded in-memory cache: on the hot path a
    resident's state costs no round trip. Only this process's Dispatcher writes these rows,
    so a write-through cache stays exact; a write inside a database transaction only drops
    the entry, since the transaction may still roll back."""

    def __init__(self, db: Database, key_builder: KeyBuilder | None = None) -> None:
        self._db = db
        self._keys = key_builder or DefaultKeyBuilder(with_bot_id=True, with_destiny=True)
        self._cache: OrderedDict[str, _Entry] = OrderedDict()

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        built = self._keys.build(key)
        entry = await self._entry(built)
        if entry.state == value:
            return
        await self._db.execute(
            "INSERT INTO fsm_state(key, state) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET state = excluded.state",
            (built, value),
        )
        self._remember(built, _Entry(value, entry.data))

    async def get_state(self, key: StorageKey) -> str | None:
        return (await self._entry(self._keys.build(key))).state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        built = self._keys.build(key)
        text = json.dumps(dict(data), ensure_ascii=False)
        entry = await self._entry(built)
        if entry.data == text:
            return
        await self._db.execute(
            "INSERT INTO fsm_state(key, data) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET data = excluded.data",
            (built, text),
        )
        self._remember(built, _Entry(entry.state, text))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        return dict(json.loads((await self._entry(self._keys.build(key))).data))

    async def forget_chat(self, bot_id: int, chat_id: int, user_id: int) -> None:
        """Drop every stored state of one chat (used when a resident deletes their data)."""
        prefix = self._keys.build(StorageKey(bot_id=bot_id, chat_id=chat_id, user_id=user_id))
        await self._db.execute("DELETE FROM fsm_state WHERE key = ?", (prefix,))
        self._cache.pop(prefix, None)

    async def close(self) -> None:
        """The database is owned and closed by the application, not by the storage."""

    async def _entry(self, built: str) -> _Entry:
        entry = self._cache.get(built)
        if entry is not None:
            self._cache.move_to_end(built)
            return entry
        row = await self._db.fetchone("SELECT state, data FROM fsm_state WHERE key = ?", (built,))
        entry = _Entry(row["state"], row["data"] or "{}") if row else _Entry(None, "{}")
        self._remember(built, entry)
        return entry

    def _remember(self, built: str, entry: _Entry) -> None:
        if self._db.in_transaction:
            self._cache.pop(built, None)
            return
        self._cache[built] = entry
        self._cache.move_to_end(built)
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
