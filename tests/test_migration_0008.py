"""Migration 0008 on a database that already has residents and messages: a resident who
had blocked the bot stays unreachable, and old finished messages fall under retention."""

from __future__ import annotations

from pathlib import Path

import aiosqlite

from storage.database import MIGRATIONS_DIR, Database

BEFORE = 8


async def test_existing_rows_are_carried_over(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    async with aiosqlite.connect(path) as conn:
        for script in sorted(MIGRATIONS_DIR.glob("*.sql")):
            version = int(script.name[:4])
            if version < BEFORE:
                await conn.executescript(script.read_text(encoding="utf-8"))
                await conn.execute(
                    "INSERT INTO schema_version(version, name) VALUES (?, ?)",
                    (version, script.name),
                )
        await conn.executescript(
            "INSERT INTO residents(id, active, created_at) VALUES "
            " (1, 1, '2026-01-01T00:00:00Z'), (2, 0, '2026-01-01T00:00:00Z');"
            "INSERT INTO resident_channels VALUES "
            " ('telegram', '11', 1, '11', '2026-01-01T00:00:00Z'),"
            " ('telegram', '22', 2, '22', '2026-01-01T00:00:00Z');"
            "INSERT INTO outbox(resident_id, payload, state, next_attempt_at, created_at, sent_at)"
            " VALUES (1, '{\"text\":\"a\"}', 'sent', '2026-01-01T00:00:00Z',"
            "         '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z'),"
            "        (1, '{\"text\":\"b\"}', 'pending', '2026-01-01T00:00:00Z',"
            "         '2026-01-01T00:00:00Z', NULL);"
        )
        await conn.commit()

    db = await Database.open(path)
    try:
        links = await db.fetchall(
            "SELECT c.resident_id, c.active, r.active AS reachable FROM resident_channels c "
            "JOIN residents r ON r.id = c.resident_id ORDER BY c.resident_id"
        )
        assert [tuple(row) for row in links] == [(1, 1, 1), (2, 0, 0)]
        finished = await db.fetchall("SELECT state, finished_at FROM outbox ORDER BY id")
        assert [tuple(row) for row in finished] == [
            ("sent", "2026-01-02T00:00:00Z"),
            ("pending", None),
        ]
    finally:
        await db.close()
