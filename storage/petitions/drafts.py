"""A petition being written, one per resident. It lives in its own table rather than in the
conversation state, so leaving the form (/menu, /cancel, another flow) or a restart keeps it."""

from __future__ import annotations

from dataclasses import dataclass, replace

from storage.database import Database
from storage.timeutil import Clock, to_db, utcnow


@dataclass(frozen=True, slots=True)
class Draft:
    title: str | None = None
    body: str | None = None
    author_name: str | None = None
    author_email: str | None = None

    @property
    def empty(self) -> bool:
        return not (self.title or self.body)

    def with_(self, **changes: str | None) -> Draft:
        return replace(self, **changes)


class DraftRepository:
    def __init__(self, db: Database, clock: Clock = utcnow) -> None:
        self._db = db
        self._clock = clock

    async def get(self, resident_id: int) -> Draft | None:
        row = await self._db.fetchone(
            "SELECT title, body, author_name, author_email FROM petition_drafts "
            "WHERE resident_id = ?",
            (resident_id,),
        )
        if row is None:
            return None
        return Draft(row["title"], row["body"], row["author_name"], row["author_email"])

    async def save(self, resident_id: int, draft: Draft) -> Draft:
        await self._db.execute(
            "INSERT INTO petition_drafts(resident_id, title, body, author_name, author_email, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(resident_id) DO UPDATE SET "
            "title = excluded.title, body = excluded.body, author_name = excluded.author_name, "
            "author_email = excluded.author_email, updated_at = excluded.updated_at",
            (
                resident_id,
                draft.title,
                draft.body,
                draft.author_name,
                draft.author_email,
                to_db(self._clock()),
            ),
        )
        return draft

    async def update(self, resident_id: int, **changes: str | None) -> Draft:
        current = await self.get(resident_id) or Draft()
        return await self.save(resident_id, current.with_(**changes))

    async def discard(self, resident_id: int) -> None:
        await self._db.execute("DELETE FROM petition_drafts WHERE resident_id = ?", (resident_id,))
