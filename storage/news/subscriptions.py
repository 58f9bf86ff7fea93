"""What each resident wants to hear: topics, settlements besides their own, and /stop.

A resident with no row has the defaults (every topic, their own settlement), so the
expansion of a broadcast reads defaults and choices with one LEFT JOIN."""

from __future__ import annotations

from dataclasses import replace

from storage.database import Database
from storage.news.model import (
    ALL_TOPICS,
    DEFAULT_SUBSCRIPTION,
    Draft,
    Subscription,
    Topic,
    topics_from_bits,
)
from storage.timeutil import Clock, to_db, utcnow


class SubscriptionService:
    def __init__(self, db: Database, clock: Clock = utcnow) -> None:
        self._db = db
        self._clock = clock

    async def get(self, resident_id: int) -> Subscription:
        row = await self._db.fetchone(
            "SELECT topics, stopped FROM news_subscriptions WHERE resident_id = ?",
            (resident_id,),
        )
        extra = await self._db.fetchall(
            "SELECT settlement_id FROM news_settlements WHERE resident_id = ?", (resident_id,)
        )
        base = (
            DEFAULT_SUBSCRIPTION
            if row is None
            else Subscription(topics_from_bits(row["topics"]), frozenset(), bool(row["stopped"]))
        )
        return replace(base, extra_settlements=frozenset(int(r[0]) for r in extra))

    async def _ensure_row(self, resident_id: int) -> None:
        await self._db.execute(
            "INSERT INTO news_subscriptions(resident_id, topics, stopped, updated_at) "
            "VALUES (?, ?, 0, ?) ON CONFLICT(resident_id) DO NOTHING",
            (resident_id, ALL_TOPICS, to_db(self._clock())),
        )

    async def set_topic(self, resident_id: int, topic: Topic, on: bool) -> Subscription:
        """Switch a topic; emergencies stay on whatever is asked."""
        if topic.optional:
            async with self._db.transaction():
                await self._ensure_row(resident_id)
                operation = "topics | ?" if on else "topics & ~?"
                await self._db.execute(
                    f"UPDATE news_subscriptions SET topics = {operation}, updated_at = ? "
                    "WHERE resident_id = ?",
                    (topic.bit, to_db(self._clock()), resident_id),
                )
        return await self.get(resident_id)

    async def set_settlement(self, resident_id: int, settlement_id: int, on: bool) -> Subscription:
        if on:
            await self._db.execute(
                "INSERT INTO news_settlements(resident_id, settlement_id) VALUES (?, ?) "
                "ON CONFLICT DO NOTHING",
                (resident_id, settlement_id),
            )
        else:
            await self._db.execute(
                "DELETE FROM news_settlements WHERE resident_id = ? AND settlement_id = ?",
                (resident_id, settlement_id),
            )
        return await self.get(resident_id)

    async def set_stopped(self, resident_id: int, stopped: bool) -> bool:
        """/stop and /start; True when this changed something."""
        async with self._db.transaction():
            await self._ensure_row(resident_id)
            changed = await self._db.execute(
                "UPDATE news_subscriptions SET stopped = ?, updated_at = ? "
                "WHERE resident_id = ? AND stopped != ?",
                (int(stopped), to_db(self._clock()), resident_id, int(stopped)),
            )
        return changed > 0


class DraftStore:
    """The broadcaster's draft, in its own table: a restart or another flow keeps it."""

    def __init__(self, db: Database, clock: Clock = utcnow) -> None:
        self._db = db
        self._clock = clock

    async def get(self, resident_id: int) -> Draft:
        value = await self._db.fetchval(
            "SELECT data FROM broadcast_drafts WHERE resident_id = ?", (resident_id,)
        )
        return Draft() if value is None else Draft.from_json(str(value))

    async def save(self, resident_id: int, draft: Draft) -> Draft:
        await self._db.execute(
            "INSERT INTO broadcast_drafts(resident_id, data, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT(resident_id) DO UPDATE SET data = excluded.data, "
            "updated_at = excluded.updated_at",
            (resident_id, draft.to_json(), to_db(self._clock())),
        )
        return draft

    async def discard(self, resident_id: int) -> None:
        await self._db.execute("DELETE FROM broadcast_drafts WHERE resident_id = ?", (resident_id,))
