"""A small async SQLite layer: one connection, explicit transactions, numbered migrations.

All statements go through one aiosqlite connection. A transaction holds an asyncio lock for
its whole life, so concurrent coroutines never see each other's half-written work; statements
issued by the task that owns the transaction run inside it without taking the lock again.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import re
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

log = logging.getLogger(__name__)

Row = aiosqlite.Row
Params = Sequence[Any] | dict[str, Any]

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
_in_transaction: contextvars.ContextVar[Database | None] = contextvars.ContextVar(
    "in_transaction", default=None
)


class Database:
    def __init__(self, connection: aiosqlite.Connection, path: str) -> None:
        self._conn = connection
        self._lock = asyncio.Lock()
        self.path = path

    @classmethod
    async def open(cls, path: str | Path, *, migrate: bool = True) -> Database:
        path = str(path)
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(path, isolation_level=None)
        conn.row_factory = aiosqlite.Row
        await conn.execute("PRAGMA journal_mode=WAL")
        await conn.execute("PRAGMA foreign_keys=ON")
        await conn.execute("PRAGMA busy_timeout=10000")
        await conn.execute("PRAGMA synchronous=NORMAL")
        db = cls(conn, path)
        if migrate:
            await db.migrate()
        return db

    async def close(self) -> None:
        await self._conn.close()

    @property
    def in_transaction(self) -> bool:
        """Whether the running task is inside this database's transaction()."""
        return _in_transaction.get() is self

    @asynccontextmanager
    async def _access(self) -> AsyncIterator[aiosqlite.Connection]:
        if _in_transaction.get() is self:
            yield self._conn
            return
        async with self._lock:
            yield self._conn

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception (cancellation included)."""
        if _in_transaction.get() is self:
            yield  # nested: part of the outer transaction
            return
        async with self._lock:
            token = _in_transaction.set(self)
            try:
                await self._conn.execute("BEGIN IMMEDIATE")
                yield
                await self._conn.execute("COMMIT")
            except BaseException:
                # aiosqlite runs queued statements in order, so this ROLLBACK follows even a
                # BEGIN or COMMIT whose awaiting task was cancelled; it fails harmlessly when
                # no transaction is open.
                with contextlib.suppress(sqlite3.OperationalError):
                    await asyncio.shield(self._conn.execute("ROLLBACK"))
                raise
            finally:
                _in_transaction.reset(token)

    # Each call below is one hop to aiosqlite's thread (the cost that dominates a small
    # statement): no separate fetch and no awaited cursor close, which sqlite3 does itself.

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; returns lastrowid for INSERT, else the number of changed rows."""
        async with self._access() as conn:
            cursor = await conn.execute(sql, params)
            changed = cursor.rowcount
            # lastrowid belongs to the connection: an INSERT of no row keeps the old one.
            inserted = sql.lstrip().upper().startswith("INSERT") and changed > 0
            result = cursor.lastrowid if inserted else None
        return int(result) if result else changed

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        async with self._access() as conn:
            await conn.executemany(sql, rows)

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        found = await self.fetchall(sql, params)
        return found[0] if found else None

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        async with self._access() as conn:
            return list(await conn.execute_fetchall(sql, params))

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]

    async def applied_migrations(self) -> set[int]:
        exists = await self.fetchval(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_version'"
        )
        if not exists:
            return set()
        return {int(r[0]) for r in await self.fetchall("SELECT version FROM schema_version")}

    async def schema_version(self) -> int:
        return max(await self.applied_migrations(), default=0)

    async def migrate(self) -> int:
        """Apply every migration not yet recorded, in order, each in its own transaction."""
        applied = await self.applied_migrations()
        for version, name, sql in _migrations():
            if version in applied:
                continue
            log.info("Applying migration %s", name)
            async with self._lock:
                try:
                    await self._conn.executescript(
                        f"BEGIN IMMEDIATE;\n{sql}\n"
                        f"INSERT INTO schema_version(version, name) VALUES ({version}, '{name}');\n"
                        "COMMIT;"
                    )
                except BaseException:
                    if self._conn.in_transaction:
                        await self._conn.execute("ROLLBACK")
                    raise
        return await self.schema_version()


MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _migrations() -> list[tuple[int, str, str]]:
    found = []
    for entry in MIGRATIONS_DIR.iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    return found
