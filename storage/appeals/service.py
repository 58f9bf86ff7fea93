"""E-appeals: registration with a yearly number and the law's deadline, the officers' work
(take, ask the resident, mark as needing no additional study, extend, answer), and the status
a resident states for priority consideration.

Sending an appeal is one transaction: the number, the appeal, its photos, its stated
priority and its history row commit together or not at all. An officer's action writes its
audit row, and the caller's notice to the resident (`then`), in the same transaction."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from zoneinfo import ZoneInfo

from storage.appeals.config import AppealSettings
from storage.appeals.dates import due_date, latest_extension, local_day
from storage.appeals.errors import (
    ConsentRequired,
    ExtensionTooLong,
    MissingField,
    NoStudyTooLate,
    NotFound,
    OutsideCommunity,
    WrongStatus,
)
from storage.appeals.geo import Point, within
from storage.appeals.inbox import AppealInbox
from storage.appeals.model import (
    OPEN_APPEAL,
    Appeal,
    AppealInput,
    AppealMessage,
    AppealStatus,
    Photo,
)
from storage.appeals.rows import APPEAL_SELECT, appeal_of
from storage.appeals.rules import clean_address, clean_body, clean_email, clean_name
from storage.audit import Actor, AuditAction, AuditLog, AuditObject
from storage.community import CommunityRepository
from storage.database import Database
from storage.timeutil import Clock, from_db, to_db, utcnow

NUMBER_PREFIX = "Зв"
# The consent log names what was agreed to: the stated priority status has a notice of its own.
PRIORITY_NOTICE = "appeal-priority-2026-12"
After = Callable[[Appeal], Awaitable[None]]


async def _nothing(_appeal: Appeal) -> None:
    return None


def appeal_number(year: int, sequence: int) -> str:
    return f"{NUMBER_PREFIX}-{year}-{sequence:04d}"


async def community_settings(community: CommunityRepository) -> AppealSettings:
    info = await community.get()
    return info.appeals if info is not None else AppealSettings()


async def settlement_code(community: CommunityRepository, settlement_id: int | None) -> str:
    found = await community.settlement(settlement_id) if settlement_id else None
    return found.code if found else ""


def check_place(settings: AppealSettings, point: Point) -> None:
    centre = settings.centre
    if centre is None:
        return
    if not within(point, Point(centre.latitude, centre.longitude), settings.radius_km * 1000):
        raise OutsideCommunity()


def no_study_due(appeal: Appeal, settings: AppealSettings) -> date | None:
    """The deadline marking the appeal as needing no additional study would give, or None
    when marking does not fit: extended or answered already, marked before, or due as soon."""
    if appeal.status not in (AppealStatus.REGISTERED, AppealStatus.IN_WORK):
        return None
    new_due = due_date(appeal.received_on, settings.no_study_days)
    return new_due if appeal.no_study_at is None and new_due < appeal.due_on else None


def _validated(inp: AppealInput, settings: AppealSettings) -> AppealInput:
    """The law's required fields, checked again whatever the form let through."""
    if settings.topic(inp.topic) is None:
        raise MissingField("topic")
    if clean_body(inp.body) is None:
        raise MissingField("body")
    if clean_name(inp.full_name) is None:
        raise MissingField("full_name")
    if clean_address(inp.address) is None:
        raise MissingField("address")
    if not inp.phone and (not inp.email or clean_email(inp.email) is None):
        raise MissingField("contact")
    if inp.latitude is not None and inp.longitude is not None:
        check_place(settings, Point(inp.latitude, inp.longitude))
    return inp


class AppealService:
    def __init__(
        self,
        db: Database,
        community: CommunityRepository,
        audit: AuditLog,
        clock: Clock = utcnow,
        zone: ZoneInfo | None = None,
    ) -> None:
        self._db = db
        self._community = community
        self._audit = audit
        self._clock = clock
        self._zone = zone or ZoneInfo("Europe/Kyiv")
        self.inbox = AppealInbox(db)

    async def settings(self) -> AppealSettings:
        return await community_settings(self._community)

    @property
    def zone(self) -> ZoneInfo:
        return self._zone

    def today(self) -> date:
        return local_day(self._clock(), self._zone)

    # --- residents --------------------------------------------------------------------------

    async def submit(self, resident_id: int, inp: AppealInput, settlement: str) -> Appeal:
        settings = await self.settings()
        _validated(inp, settings)
        now = self._clock()
        received_on = local_day(now, self._zone)
        due_on = due_date(received_on, settings.answer_days)
        async with self._db.transaction():
            consent = await self._db.fetchval(
                "SELECT consent FROM residents WHERE id = ?", (resident_id,)
            )
            if consent != "given":
                raise ConsentRequired()
            row = await self._db.fetchone(
                "INSERT INTO appeal_counters(year, last) VALUES (?, 1) ON CONFLICT(year) "
                "DO UPDATE SET last = last + 1 RETURNING last",
                (received_on.year,),
            )
            assert row is not None
            appeal_id = await self._db.execute(
                "INSERT INTO appeals(number, resident_id, kind, topic, body, full_name, address, "
                "phone, email, settlement, latitude, longitude, status, received_at, "
                "received_on, due_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    appeal_number(received_on.year, int(row["last"])),
                    resident_id,
                    inp.kind.value,
                    inp.topic,
                    inp.body,
                    inp.full_name,
                    inp.address,
                    inp.phone,
                    inp.email,
                    settlement,
                    inp.latitude,
                    inp.longitude,
                    AppealStatus.REGISTERED.value,
                    to_db(now),
                    received_on.isoformat(),
                    due_on.isoformat(),
                ),
            )
            for position, photo in enumerate(inp.photos):
                await self._db.execute(
                    "INSERT INTO appeal_photos(appeal_id, position, channel, file_id) "
                    "VALUES (?, ?, ?, ?)",
                    (appeal_id, position, photo.channel, photo.file_id),
                )
            if inp.priority is not None:
                await self._db.execute(
                    "INSERT INTO appeal_priority(appeal_id, resident_id, category) "
                    "VALUES (?, ?, ?)",
                    (appeal_id, resident_id, inp.priority.value),
                )
                await self._db.execute(
                    "INSERT INTO consent_log(resident_id, action, notice, at) "
                    "VALUES (?, 'given', ?, ?)",
                    (resident_id, PRIORITY_NOTICE, to_db(now)),
                )
            await self._history(appeal_id, AppealStatus.REGISTERED, due_on)
            await self._db.execute(
                "DELETE FROM appeal_drafts WHERE resident_id = ? AND form = 'appeal'",
                (resident_id,),
            )
            await self._db.execute(
                "INSERT INTO appeal_contacts(resident_id, address, email) VALUES (?, ?, ?) "
                "ON CONFLICT(resident_id) DO UPDATE SET address = excluded.address, "
                "email = COALESCE(excluded.email, appeal_contacts.email)",
                (resident_id, inp.address, inp.email),
            )
        return await self.get(appeal_id)

    async def saved_contact(self, resident_id: int) -> tuple[str | None, str | None]:
        """The address and e-mail the resident gave last time."""
        row = await self._db.fetchone(
            "SELECT address, email FROM appeal_contacts WHERE resident_id = ?", (resident_id,)
        )
        return (row["address"], row["email"]) if row else (None, None)

    async def of_resident(self, resident_id: int) -> list[Appeal]:
        rows = await self._db.fetchall(
            f"{APPEAL_SELECT} WHERE a.resident_id = ? ORDER BY a.id DESC", (resident_id,)
        )
        return [appeal_of(r) for r in rows]

    async def owned(self, appeal_id: int, resident_id: int) -> Appeal:
        appeal = await self.get(appeal_id)
        if appeal.resident_id != resident_id:
            raise NotFound()
        return appeal

    async def reply(self, appeal_id: int, resident_id: int, text: str) -> Appeal:
        """The resident's answer to an officer's question, attached to the appeal."""
        appeal = await self.owned(appeal_id, resident_id)
        if appeal.status not in OPEN_APPEAL:
            raise WrongStatus()
        await self._message(appeal_id, "resident", text)
        return appeal

    async def drop_priority(self, appeal_id: int, resident_id: int) -> Appeal:
        """The resident takes back the status they stated: it is erased, the appeal stays."""
        await self.owned(appeal_id, resident_id)
        await self._db.execute(
            "DELETE FROM appeal_priority WHERE appeal_id = ? AND resident_id = ?",
            (appeal_id, resident_id),
        )
        return await self.get(appeal_id)

    async def forget_resident(self, resident_id: int) -> None:
        """Withdrawn consent: drafts, the saved address and e-mail and every stated priority
        status go. Registered appeals stay with the council, as the law requires, and their
        answers still arrive."""
        async with self._db.transaction():
            await self._db.execute(
                "DELETE FROM appeal_priority WHERE resident_id = ?", (resident_id,)
            )
            await self._db.execute(
                "DELETE FROM appeal_drafts WHERE resident_id = ? AND form = 'appeal'",
                (resident_id,),
            )
            await self._db.execute(
                "DELETE FROM appeal_contacts WHERE resident_id = ?", (resident_id,)
            )

    # --- reading ------------------------------------------------------------------------

    async def get(self, appeal_id: int) -> Appeal:
        row = await self._db.fetchone(f"{APPEAL_SELECT} WHERE a.id = ?", (appeal_id,))
        if row is None:
            raise NotFound()
        photos = await self._db.fetchall(
            "SELECT channel, file_id FROM appeal_photos WHERE appeal_id = ? ORDER BY position",
            (appeal_id,),
        )
        return appeal_of(row, tuple(Photo(p["channel"], p["file_id"]) for p in photos))

    async def messages(self, appeal_id: int) -> list[AppealMessage]:
        rows = await self._db.fetchall(
            "SELECT author, text, at FROM appeal_messages WHERE appeal_id = ? ORDER BY id",
            (appeal_id,),
        )
        return [AppealMessage(r["author"], r["text"], from_db(r["at"])) for r in rows]

    # --- officers -----------------------------------------------------------------------

    async def take(self, appeal_id: int, by: Actor, then: After = _nothing) -> Appeal:
        async with self._db.transaction():
            appeal = await self.get(appeal_id)
            if appeal.status is not AppealStatus.REGISTERED:
                raise WrongStatus()
            await self._db.execute(
                "UPDATE appeals SET status = 'in_work', officer_id = ? WHERE id = ?",
                (by.resident_id, appeal_id),
            )
            await self._history(appeal_id, AppealStatus.IN_WORK, appeal.due_on)
            return await self._done(appeal_id, by, AuditAction.APPEAL_TAKE, {}, then)

    async def ask(self, appeal_id: int, by: Actor, question: str, then: After = _nothing) -> Appeal:
        async with self._db.transaction():
            appeal = await self.get(appeal_id)
            if appeal.status not in OPEN_APPEAL:
                raise WrongStatus()
            await self._message(appeal_id, "officer", question)
            return await self._done(appeal_id, by, AuditAction.APPEAL_ASK, {}, then)

    async def mark_no_study(self, appeal_id: int, by: Actor, then: After = _nothing) -> Appeal:
        """«Не потребує додаткового вивчення»: the deadline becomes `no_study_days` after
        receipt. Refused once extended or answered (it evidently needed study), when already
        marked or due as soon, and once that day has passed (it would be overdue at once)."""
        settings = await self.settings()
        async with self._db.transaction():
            appeal = await self.get(appeal_id)
            new_due = no_study_due(appeal, settings)
            if new_due is None:
                raise WrongStatus()
            if new_due < self.today():
                raise NoStudyTooLate()
            await self._db.execute(
                "UPDATE appeals SET due_on = ?, no_study_at = ? WHERE id = ?",
                (new_due.isoformat(), to_db(self._clock()), appeal_id),
            )
            await self._history(appeal_id, appeal.status, new_due)
            detail = {"due_on": new_due.isoformat()}
            return await self._done(appeal_id, by, AuditAction.APPEAL_NO_STUDY, detail, then)

    async def extend(
        self, appeal_id: int, by: Actor, new_due: date, reason: str, then: After = _nothing
    ) -> Appeal:
        settings = await self.settings()
        async with self._db.transaction():
            appeal = await self.get(appeal_id)
            if appeal.status not in OPEN_APPEAL:
                raise WrongStatus()
            if new_due > latest_extension(appeal.received_on, settings.max_days):
                raise ExtensionTooLong()
            if new_due <= appeal.due_on:
                raise WrongStatus()
            await self._db.execute(
                "UPDATE appeals SET status = 'extended', due_on = ?, extension_reason = ? "
                "WHERE id = ?",
                (new_due.isoformat(), reason, appeal_id),
            )
            await self._history(appeal_id, AppealStatus.EXTENDED, new_due)
            detail = {"due_on": new_due.isoformat()}
            return await self._done(appeal_id, by, AuditAction.APPEAL_EXTEND, detail, then)

    async def answer(self, appeal_id: int, by: Actor, text: str, then: After = _nothing) -> Appeal:
        async with self._db.transaction():
            appeal = await self.get(appeal_id)
            if appeal.status not in OPEN_APPEAL:
                raise WrongStatus()
            await self._db.execute(
                "UPDATE appeals SET status = 'answered', answer = ?, answered_at = ?, "
                "officer_id = COALESCE(officer_id, ?) WHERE id = ?",
                (text, to_db(self._clock()), by.resident_id, appeal_id),
            )
            # The stated status has served its purpose once the appeal is answered.
            await self._db.execute("DELETE FROM appeal_priority WHERE appeal_id = ?", (appeal_id,))
            await self._history(appeal_id, AppealStatus.ANSWERED, appeal.due_on)
            return await self._done(appeal_id, by, AuditAction.APPEAL_ANSWER, {}, then)

    async def _done(
        self,
        appeal_id: int,
        by: Actor,
        action: AuditAction,
        detail: dict[str, str],
        then: After,
    ) -> Appeal:
        appeal = await self.get(appeal_id)
        await self._audit.record(
            by, action, AuditObject.of("appeal", appeal.number), {"status": appeal.status, **detail}
        )
        await then(appeal)
        return appeal

    async def _history(self, appeal_id: int, status: AppealStatus, due_on: date) -> None:
        await self._db.execute(
            "INSERT INTO appeal_history(appeal_id, status, at, due_on) VALUES (?, ?, ?, ?)",
            (appeal_id, status.value, to_db(self._clock()), due_on.isoformat()),
        )

    async def _message(self, appeal_id: int, author: str, text: str) -> None:
        await self._db.execute(
            "INSERT INTO appeal_messages(appeal_id, author, text, at) VALUES (?, ?, ?, ?)",
            (appeal_id, author, text, to_db(self._clock())),
        )
