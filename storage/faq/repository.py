"""What the FAQ could not answer and what residents thought of its answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.database import Database
from storage.faq.text import normalise
from storage.timeutil import Clock, from_db, to_db, utcnow

# A stored question is cut to this many characters: enough to see what was asked.
MISS_MAX_CHARS = 500


@dataclass(frozen=True, slots=True)
class FaqMiss:
    question: str
    count: int
    last_asked_at: datetime


@dataclass(frozen=True, slots=True)
class EntryFeedback:
    entry_code: str
    unhelpful: int
    helpful: int


class FaqRepository:
    def __init__(self, db: Database, clock: Clock = utcnow) -> None:
        self._db = db
        self._clock = clock

    async def record_miss(self, text: str) -> None:
        """Counts a question that found nothing; the same question (after normalisation:
        case, spaces, apostrophes) adds to one row."""
        question = normalise(text, MISS_MAX_CHARS)
        if not question:
            return
        now = to_db(self._clock())
        await self._db.execute(
            "INSERT INTO faq_misses(question, count, first_asked_at, last_asked_at) "
            "VALUES (?, 1, ?, ?) ON CONFLICT(question) DO UPDATE SET "
            "count = count + 1, last_asked_at = excluded.last_asked_at",
            (question, now, now),
        )

    async def record_feedback(self, resident_id: int, entry_code: str, helpful: bool) -> None:
        """The resident's answer to «Чи допомогла відповідь?»; a second vote replaces the first."""
        await self._db.execute(
            "INSERT INTO faq_feedback(resident_id, entry_code, helpful, at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(resident_id, entry_code) DO UPDATE SET "
            "helpful = excluded.helpful, at = excluded.at",
            (resident_id, entry_code, int(helpful), to_db(self._clock())),
        )

    async def feedback_count(self, resident_id: int) -> int:
        """How many answers the resident rated (shown in /mydata)."""
        count = await self._db.fetchval(
            "SELECT COUNT(*) FROM faq_feedback WHERE resident_id = ?", (resident_id,)
        )
        return int(count or 0)

    async def top_misses(self, limit: int = 20) -> list[FaqMiss]:
        rows = await self._db.fetchall(
            "SELECT question, count, last_asked_at FROM faq_misses "
            "ORDER BY count DESC, last_asked_at DESC LIMIT ?",
            (limit,),
        )
        return [FaqMiss(r["question"], r["count"], from_db(r["last_asked_at"])) for r in rows]

    async def top_unhelpful(self, limit: int = 20) -> list[EntryFeedback]:
        """Entries most often marked unhelpful, with their helpful votes for comparison."""
        rows = await self._db.fetchall(
            "SELECT entry_code, SUM(helpful = 0) AS unhelpful, SUM(helpful = 1) AS helpful "
            "FROM faq_feedback GROUP BY entry_code HAVING SUM(helpful = 0) > 0 "
            "ORDER BY unhelpful DESC, helpful ASC, entry_code LIMIT ?",
            (limit,),
        )
        return [EntryFeedback(r["entry_code"], r["unhelpful"], r["helpful"]) for r in rows]
