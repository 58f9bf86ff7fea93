"""A small async SQLite layer: one connection, explicit transactions, numbered migrations.

All statements go through one aiosqlite connection. A transaction holds an asyncio lock for
its whole life, so concurrent coroutines never see each other's half-written work; statements
issued by the task that owns the transaction run inside it without taking the lock again.
Statements of several coroutines outside a transaction may be queued at once (one thread hop
for all of them instead of one after another).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import re
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Sequence
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


_quick_reads: contextvars.ContextVar[bool] = contextvars.ContextVar("quick_reads", default=False)


class Database:
    def __init__(
        self, connection: aiosqlite.Connection, path: str, reader: sqlite3.Connection | None = None
    ) -> None:
        self._conn = connection
        self._lock = asyncio.Lock()
        self._reader = reader
        self._before_close: list[Callable[[], Awaitable[None]]] = []
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
        if path != ":memory:":
            db._reader = _open_reader(path)
        return db

    def before_close(self, flush: Callable[[], Awaitable[None]]) -> None:
        """Await `flush` when the database closes (a cache with writes still to make)."""
        self._before_close.append(flush)

    async def close(self) -> None:
        for flush in self._before_close:
            await flush()
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        await self._conn.close()

    @contextlib.contextmanager
    def quick_reads(self) -> Iterator[None]:
        """Reads in this block (and in tasks it starts) run at once in the event loop, on a
        read-only connection of their own: no thread hop, and no wait behind the statements
        the sender or a background job queued. They see the last committed data and do not
        wait for another task's open transaction; inside the task's own transaction they go
        the usual way. For screens that show a few indexed rows, never for scans."""
        token = _quick_reads.set(True)
        try:
            yield
        finally:
            _quick_reads.reset(token)

    @property
    def in_transaction(self) -> bool:
        """Whether the running task is inside this database's transaction()."""
        return _in_transaction.get() is self

    @asynccontextmanager
    async def _access(self) -> AsyncIterator[aiosqlite.Connection]:
        # Outside any transaction a statement goes straight to aiosqlite's queue: its one
        # thread runs statements in the order they were queued, so this one runs before the
        # BEGIN of any transaction that starts later. Only an open transaction is waited for.
        if _in_transaction.get() is self or not self._lock.locked():
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

    async def executemany(self, sql: str, rows: Iterable[Params]) -> int:
        """One statement over many rows in one hop; returns the number of changed rows."""
        async with self._access() as conn:
            cursor = await conn.executemany(sql, rows)
            return int(cursor.rowcount)

    async def executemany_latest(self, sql: str, take: Callable[[], list[Params]]) -> None:
        """`executemany` over the rows `take()` gives at the moment the statement is queued,
        after any open transaction: a write-behind cache saves its newest values."""
        async with self._access() as conn:
            await conn.executemany(sql, take())

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        found = await self.fetchall(sql, params)
        return found[0] if found else None

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        reader = self._reader
        if reader is not None and _quick_reads.get() and _in_transaction.get() is not self:
            try:
                return reader.execute(sql, params).fetchall()
            except sqlite3.OperationalError:
                pass  # busy for a moment (WAL recovery): the usual way waits for it
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


def _open_reader(path: str) -> sqlite3.Connection:
    reader = sqlite3.connect(path, isolation_level=None)
    reader.row_factory = sqlite3.Row
    reader.execute("PRAGMA query_only=ON")
    reader.execute("PRAGMA busy_timeout=0")  # never block the event loop: fall back instead
    return reader


MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _migrations() -> list[tuple[int, str, str]]:
    found = []
    for entry in MIGRATIONS_DIR.iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    return found
