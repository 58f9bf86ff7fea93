"""aiogram FSM storage in SQLite, so a resident halfway through a flow survives a restart."""

from __future__ import annotations

import json
from collections.abc import Mapping
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


class SQLiteStorage(BaseStorage):
    def __init__(self, db: Database, key_builder: KeyBuilder | None = None) -> None:
        self._db = db
        self._keys = key_builder or DefaultKeyBuilder(with_bot_id=True, with_destiny=True)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        await self._db.execute(
            "INSERT INTO fsm_state(key, state) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET state = excluded.state",
            (self._keys.build(key), value),
        )

    async def get_state(self, key: StorageKey) -> str | None:
        state = await self._db.fetchval(
            "SELECT state FROM fsm_state WHERE key = ?", (self._keys.build(key),)
        )
        return str(state) if state is not None else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self._db.execute(
            "INSERT INTO fsm_state(key, data) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET data = excluded.data",
            (self._keys.build(key), json.dumps(dict(data), ensure_ascii=False)),
        )

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        raw = await self._db.fetchval(
            "SELECT data FROM fsm_state WHERE key = ?", (self._keys.build(key),)
        )
        return dict(json.loads(raw)) if raw else {}

    async def forget_chat(self, bot_id: int, chat_id: int, user_id: int) -> None:
        """Drop every stored state of one chat (used when a resident deletes their data)."""
        prefix = self._keys.build(StorageKey(bot_id=bot_id, chat_id=chat_id, user_id=user_id))
        await self._db.execute("DELETE FROM fsm_state WHERE key = ?", (prefix,))

    async def close(self) -> None:
        """The database is owned and closed by the application, not by the storage."""
