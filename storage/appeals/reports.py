"""Problem reports («Відкрите місто»): a category, an optional photo, a place (a map point or
a typed address) and a short description; anonymous or with the reporter's name.

The reporter and everyone who joined the report as the same problem are its followers and
hear about each change. An anonymous reporter is a follower too: officials never see who
sent it, and the chat itself is not something the resident typed. Erasing a resident
removes them as a follower; the report stays, without their name and phone, as the council's
record."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection

from storage.appeals.config import AppealSettings
from storage.appeals.errors import NotFound, WrongStatus
from storage.appeals.geo import Point, distance_m
from storage.appeals.model import (
    OPEN_REPORT,
    Photo,
    Report,
    ReportCategory,
    ReportInput,
    ReportStatus,
)
from storage.appeals.rows import report_of
from storage.appeals.service import check_place, community_settings
from storage.audit import Actor, AuditAction, AuditLog, AuditObject
from storage.community import CommunityRepository
from storage.database import Database
from storage.timeutil import Clock, to_db, utcnow

# Which change an official may make from which status.
MOVES: dict[ReportStatus, tuple[ReportStatus, ...]] = {
    ReportStatus.NEW: (ReportStatus.ACCEPTED, ReportStatus.REJECTED),
    ReportStatus.ACCEPTED: (ReportStatus.IN_WORK, ReportStatus.RESOLVED, ReportStatus.REJECTED),
    ReportStatus.IN_WORK: (ReportStatus.RESOLVED, ReportStatus.REJECTED),
    ReportStatus.RESOLVED: (),
    ReportStatus.REJECTED: (),
}
Notify = Callable[[Report, list[int]], Awaitable[None]]


async def _silent(_report: Report, _followers: list[int]) -> None:
    return None


class ReportService:
    def __init__(
        self,
        db: Database,
        community: CommunityRepository,
        audit: AuditLog,
        clock: Clock = utcnow,
    ) -> None:
        self._db = db
        self._community = community
        self._audit = audit
        self._clock = clock

    async def settings(self) -> AppealSettings:
        return await community_settings(self._community)

    async def check_place(self, point: Point) -> None:
        """OutsideCommunity for a point too far from the community's centre."""
        check_place(await self.settings(), point)

    async def duplicate_of(self, category: ReportCategory, point: Point) -> Report | None:
        """The nearest open report of that category within the duplicate radius."""
        radius = (await self.settings()).duplicate_radius_m
        rows = await self._db.fetchall(
            "SELECT * FROM reports WHERE category = ? AND status IN ('new', 'accepted', "
            "'in_work') AND latitude IS NOT NULL",
            (category.value,),
        )
        near = [(distance_m(point, Point(r["latitude"], r["longitude"])), r) for r in rows]
        near = [(d, r) for d, r in near if d <= radius]
        if not near:
            return None
        return await self.get(min(near, key=lambda pair: pair[0])[1]["id"])

    async def submit(
        self,
        resident_id: int,
        inp: ReportInput,
        settlement: str,
        reporter: tuple[str, str | None] | None,
    ) -> Report:
        """`reporter` is the name and phone to show officials; None for an anonymous report."""
        if inp.latitude is not None and inp.longitude is not None:
            await self.check_place(Point(inp.latitude, inp.longitude))
        now = to_db(self._clock())
        name, phone = reporter if reporter and not inp.anonymous else (None, None)
        async with self._db.transaction():
            report_id = await self._db.execute(
                "INSERT INTO reports(category, description, latitude, longitude, place_text, "
                "settlement, reporter_name, reporter_phone, status, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'new', ?, ?)",
                (
                    inp.category.value,
                    inp.description,
                    inp.latitude,
                    inp.longitude,
                    inp.place_text,
                    settlement,
                    name,
                    phone,
                    now,
                    now,
                ),
            )
            if inp.photo is not None:
                await self._photo(report_id, "problem", inp.photo)
            await self._db.execute(
                "INSERT INTO report_followers(report_id, resident_id, reporter) VALUES (?, ?, 1)",
                (report_id, resident_id),
            )
            await self._db.execute(
                "DELETE FROM appeal_drafts WHERE resident_id = ? AND form = 'report'",
                (resident_id,),
            )
        return await self.get(report_id)

    async def forget_reporter(self, resident_id: int) -> None:
        """Withdrawn consent: the resident's named reports keep the problem, not the name and
        phone (erasing the resident does the same in the database, by trigger)."""
        await self._db.execute(
            "UPDATE reports SET reporter_name = NULL, reporter_phone = NULL WHERE id IN "
            "(SELECT report_id FROM report_followers WHERE resident_id = ? AND reporter = 1)",
            (resident_id,),
        )

    async def join(self, report_id: int, resident_id: int) -> Report:
        report = await self.get(report_id)
        if report.status not in OPEN_REPORT:
            raise WrongStatus()
        async with self._db.transaction():
            await self._db.execute(
                "INSERT INTO report_followers(report_id, resident_id) VALUES (?, ?) "
                "ON CONFLICT DO NOTHING",
                (report_id, resident_id),
            )
            await self._db.execute(
                "DELETE FROM appeal_drafts WHERE resident_id = ? AND form = 'report'",
                (resident_id,),
            )
        return report

    async def get(self, report_id: int) -> Report:
        row = await self._db.fetchone("SELECT * FROM reports WHERE id = ?", (report_id,))
        if row is None:
            raise NotFound()
        photos = await self._db.fetchall(
            "SELECT purpose, channel, file_id FROM report_photos WHERE report_id = ? "
            "ORDER BY rowid",
            (report_id,),
        )
        problem = tuple(
            Photo(p["channel"], p["file_id"]) for p in photos if p["purpose"] == "problem"
        )
        fixed = tuple(
            Photo(p["channel"], p["file_id"]) for p in photos if p["purpose"] != "problem"
        )
        return report_of(row, problem, fixed)

    async def followers(self, report_id: int) -> list[int]:
        rows = await self._db.fetchall(
            "SELECT resident_id FROM report_followers WHERE report_id = ? ORDER BY resident_id",
            (report_id,),
        )
        return [int(r["resident_id"]) for r in rows]

    async def is_follower(self, report_id: int, resident_id: int) -> bool:
        return resident_id in await self.followers(report_id)

    async def of_resident(self, resident_id: int) -> list[Report]:
        rows = await self._db.fetchall(
            "SELECT r.* FROM reports r JOIN report_followers f ON f.report_id = r.id "
            "WHERE f.resident_id = ? ORDER BY r.id DESC",
            (resident_id,),
        )
        return [report_of(r) for r in rows]

    async def listing(
        self, scopes: Collection[str] | None, statuses: Collection[ReportStatus]
    ) -> list[Report]:
        wanted = [s.value for s in statuses]
        sql = f"SELECT * FROM reports WHERE status IN ({', '.join('?' * len(wanted))})"
        params: list[object] = list(wanted)
        if scopes is not None:
            codes = list(scopes)
            sql += f" AND settlement IN ({', '.join('?' * len(codes))})"
            params += codes
        rows = await self._db.fetchall(sql + " ORDER BY id", params)
        return [report_of(r) for r in rows]

    async def move(
        self,
        report_id: int,
        status: ReportStatus,
        by: Actor,
        comment: str | None = None,
        photo: Photo | None = None,
        notify: Notify = _silent,
    ) -> Report:
        """An official's change; the followers' notices are queued in the same transaction."""
        async with self._db.transaction():
            report = await self.get(report_id)
            if status not in MOVES[report.status]:
                raise WrongStatus()
            await self._set(report_id, status, comment)
            if photo is not None:
                await self._photo(report_id, "resolution", photo)
            await self._audit.record(
                by,
                AuditAction.REPORT_STATUS,
                AuditObject.of("report", report_id),
                {"status": status.value},
            )
            changed = await self.get(report_id)
            await notify(changed, await self.followers(report_id))
        return changed

    async def reopen(self, report_id: int, resident_id: int, notify: Notify = _silent) -> Report:
        """A follower says a resolved problem is still there: back in work."""
        async with self._db.transaction():
            report = await self.get(report_id)
            if report.status is not ReportStatus.RESOLVED:
                raise WrongStatus()
            if not await self.is_follower(report_id, resident_id):
                raise NotFound()
            await self._set(report_id, ReportStatus.IN_WORK, report.comment)
            changed = await self.get(report_id)
            await notify(changed, await self.followers(report_id))
        return changed

    async def _set(self, report_id: int, status: ReportStatus, comment: str | None) -> None:
        await self._db.execute(
            "UPDATE reports SET status = ?, comment = ?, updated_at = ? WHERE id = ?",
            (status.value, comment, to_db(self._clock()), report_id),
        )

    async def _photo(self, report_id: int, purpose: str, photo: Photo) -> None:
        await self._db.execute(
            "INSERT INTO report_photos(report_id, purpose, channel, file_id) VALUES (?, ?, ?, ?)",
            (report_id, purpose, photo.channel, photo.file_id),
        )
