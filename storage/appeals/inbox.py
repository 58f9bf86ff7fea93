"""What officers read: the inbox by status filter, a page at a time, and the morning digest's
list. Priority appeals (a status stated by a пільговик) come first, then the nearest
deadline; answered ones newest first. `scopes` None means every settlement, else only
appeals of those settlement codes."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from storage.appeals.model import OPEN_APPEAL, Appeal, AppealStatus, InboxPage, InboxView
from storage.appeals.rows import APPEAL_SELECT, appeal_of
from storage.database import Database

PRIORITY_FIRST = "(p.category IS NULL), a.due_on, a.id"
_OPEN = ", ".join(f"'{s.value}'" for s in OPEN_APPEAL)
_VIEWS = {
    InboxView.OPEN: f"a.status IN ({_OPEN})",
    InboxView.REGISTERED: f"a.status = '{AppealStatus.REGISTERED.value}'",
    InboxView.IN_WORK: f"a.status = '{AppealStatus.IN_WORK.value}'",
    InboxView.EXTENDED: f"a.status = '{AppealStatus.EXTENDED.value}'",
    InboxView.ANSWERED: f"a.status = '{AppealStatus.ANSWERED.value}'",
    InboxView.OVERDUE: f"a.status IN ({_OPEN}) AND a.due_on < :today",
}


def _scope_sql(scopes: Collection[str] | None, params: dict[str, object]) -> str:
    if scopes is None:
        return ""
    names = []
    for position, code in enumerate(sorted(scopes)):
        params[f"s{position}"] = code
        names.append(f":s{position}")
    return f" AND a.settlement IN ({', '.join(names)})"


class AppealInbox:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def page(
        self,
        scopes: Collection[str] | None,
        view: InboxView,
        today: date,
        page: int,
        per_page: int,
    ) -> InboxPage:
        """One page of the view; a page past the end shows the last one (the list may have
        shrunk since the button was drawn)."""
        params: dict[str, object] = {"today": today.isoformat()}
        where = _VIEWS[view] + _scope_sql(scopes, params)
        total = int(
            await self._db.fetchval(f"SELECT COUNT(*) FROM appeals a WHERE {where}", params)
        )
        pages = max(1, -(-total // per_page))
        page = min(max(page, 0), pages - 1)
        order = "a.answered_at DESC, a.id DESC" if view is InboxView.ANSWERED else PRIORITY_FIRST
        rows = await self._db.fetchall(
            f"{APPEAL_SELECT} WHERE {where} ORDER BY {order} LIMIT :limit OFFSET :offset",
            {**params, "limit": per_page, "offset": page * per_page},
        )
        return InboxPage([appeal_of(r) for r in rows], total, page, pages)

    async def counts(self, scopes: Collection[str] | None, today: date) -> dict[InboxView, int]:
        """How many appeals each view holds, in one query."""
        params: dict[str, object] = {"today": today.isoformat()}
        columns = ", ".join(f"COALESCE(SUM({sql}), 0) AS '{v.value}'" for v, sql in _VIEWS.items())
        row = await self._db.fetchone(
            f"SELECT {columns} FROM appeals a WHERE 1{_scope_sql(scopes, params)}", params
        )
        assert row is not None
        return {view: int(row[view.value]) for view in _VIEWS}

    async def near_deadline(self, today: date, near_days: int) -> list[Appeal]:
        """Open appeals due within `near_days` days or overdue: priority ones first, then
        the nearest deadline."""
        rows = await self._db.fetchall(
            f"{APPEAL_SELECT} WHERE a.status IN ({_OPEN}) AND a.due_on <= date(:today, :near) "
            f"ORDER BY {PRIORITY_FIRST}",
            {"today": today.isoformat(), "near": f"+{near_days} days"},
        )
        return [appeal_of(r) for r in rows]
