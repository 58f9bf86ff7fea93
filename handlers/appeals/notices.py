"""Messages the appeals flows send on their own, in each recipient's language, through the
outbox: an appeal's progress and answer, an officer's question, a report's changes, and the
officers' morning digest of appeals near or past their deadline."""

from __future__ import annotations

import logging
from datetime import datetime, time

from handlers.appeals.callbacks import (
    AppealAction,
    AppealCb,
    OfficerAction,
    OfficerCb,
    ReportAction,
    ReportCb,
)
from handlers.appeals.screens import (
    appeal_head,
    day_text,
    deadline_note,
    priority_mark,
    report_head,
)
from storage.appeals.model import Appeal, AppealStatus, Report, ReportStatus
from storage.appeals.service import AppealService
from storage.outbox import PRIORITY_NOTIFICATION, Outbox
from storage.payload import Payload
from storage.residents import ResidentRepository
from storage.roles import COMMUNITY, Role, RoleService
from storage.timeutil import Clock
from ui.i18n import Texts, Translator
from ui.keyboards import button, to_payload_buttons
from ui.screens import Screen, clip, escape

log = logging.getLogger(__name__)
DIGEST_LISTED = 30


def workday_morning(moment: datetime, at: str) -> bool:
    """Mon–Fri, at or after `at` (HH:MM, local)."""
    hours, minutes = (int(p) for p in at.split(":"))
    return moment.weekday() < 5 and moment.time() >= time(hours, minutes)


class AppealNotices:
    def __init__(
        self,
        outbox: Outbox,
        residents: ResidentRepository,
        texts: Texts,
        roles: RoleService,
        appeals: AppealService,
    ) -> None:
        self._outbox = outbox
        self._residents = residents
        self._texts = texts
        self._roles = roles
        self._appeals = appeals

    async def _t(self, resident_id: int) -> Translator | None:
        resident = await self._residents.get(resident_id)
        return None if resident is None else self._texts.get(resident.language)

    async def appeal_changed(self, appeal: Appeal) -> None:
        """The resident hears of each step: taken, extended (the new date), answered."""
        if appeal.resident_id is None:
            return  # unlinked from the chat: the council answers by the address given
        t = await self._t(appeal.resident_id)
        if t is None:
            return
        settings = await self._appeals.settings()
        head = appeal_head(t, appeal, settings)
        if appeal.status is AppealStatus.ANSWERED:
            text = t("appeal-notice-answered", head=head, answer=escape(appeal.answer))
        elif appeal.status is AppealStatus.EXTENDED:
            reason = escape(appeal.extension_reason)
            text = t("appeal-notice-extended", head=head, reason=reason)
        else:
            text = t("appeal-notice-status", head=head)
        await self._enqueue_with_open(appeal, t, text)

    async def deadline_shortened(self, appeal: Appeal) -> None:
        """Marked as needing no additional study: the answer comes sooner."""
        if appeal.resident_id is None:
            return
        t = await self._t(appeal.resident_id)
        if t is None:
            return
        head = appeal_head(t, appeal, await self._appeals.settings())
        text = t("appeal-notice-no-study", head=head, due=day_text(t, appeal.due_on))
        await self._enqueue_with_open(appeal, t, text)

    async def _enqueue_with_open(self, appeal: Appeal, t: Translator, text: str) -> None:
        assert appeal.resident_id is not None
        show = AppealCb(action=AppealAction.SHOW, value=str(appeal.id)).pack()
        payload = Screen(text, [[button(t("appeal-open"), show)]]).payload()
        await self._outbox.enqueue(appeal.resident_id, payload, priority=PRIORITY_NOTIFICATION)

    async def question(self, appeal: Appeal, question: str) -> None:
        if appeal.resident_id is None:
            return
        t = await self._t(appeal.resident_id)
        if t is None:
            return
        text = t("appeal-notice-question", number=appeal.number, question=escape(question))
        reply = AppealCb(action=AppealAction.REPLY, value=str(appeal.id)).pack()
        payload = Screen(text, [[button(t("appeal-reply"), reply)]]).payload()
        await self._outbox.enqueue(appeal.resident_id, payload, priority=PRIORITY_NOTIFICATION)

    async def reply_to_officer(self, appeal: Appeal, text: str) -> None:
        if appeal.officer_id is None:
            return
        t = await self._t(appeal.officer_id)
        if t is None:
            return
        card = OfficerCb(action=OfficerAction.CARD, appeal=appeal.id).pack()
        message = t("appeal-officer-got-reply", number=appeal.number, text=escape(text))
        payload = Screen(message, [[button(t("appeal-open"), card)]]).payload()
        await self._outbox.enqueue(appeal.officer_id, payload, priority=PRIORITY_NOTIFICATION)

    async def report_changed(self, report: Report, followers: list[int]) -> None:
        for resident_id in followers:
            t = await self._t(resident_id)
            if t is None:
                continue
            await self._outbox.enqueue(
                resident_id, report_payload(t, report), priority=PRIORITY_NOTIFICATION
            )

    async def digest(self, officer_id: int, today_key: str, appeals: list[Appeal]) -> bool:
        t = await self._t(officer_id)
        if t is None or not appeals:
            return False
        today = self._appeals.today()
        lines = [t("appeal-digest-title", count=len(appeals))]
        for appeal in appeals[:DIGEST_LISTED]:
            line = t(
                "appeal-digest-line",
                mark=priority_mark(appeal),
                number=appeal.number,
                due=day_text(t, appeal.due_on),
                note=deadline_note(t, appeal, today),
            )
            lines.append(line)
        if len(appeals) > DIGEST_LISTED:
            lines.append(t("appeal-digest-more", count=len(appeals) - DIGEST_LISTED))
        buttons = [[button(t("appeal-inbox-open"), OfficerCb(action=OfficerAction.INBOX).pack())]]
        queued = await self._outbox.enqueue(
            officer_id,
            Screen("\n".join(lines), buttons).payload(),
            dedup_key=f"appeals-digest:{officer_id}:{today_key}",
            priority=PRIORITY_NOTIFICATION,
        )
        return queued is not None

    async def officer_scopes(self, officer_id: int) -> frozenset[str] | None:
        """None: every settlement (a community-wide officer or an administrator)."""
        scopes = await self._roles.scopes_of(officer_id, Role.APPEALS_OFFICER)
        if COMMUNITY in scopes or await self._roles.has(officer_id, Role.ADMINISTRATOR):
            return None
        return scopes


def report_payload(t: Translator, report: Report) -> Payload:
    key = f"report-notice-{report.status.value}"
    text = t(key, head=report_head(t, report), comment=escape(report.comment or "—"))
    buttons = []
    if report.status is ReportStatus.RESOLVED:
        value = str(report.id)
        buttons = [
            [
                button(
                    t("report-fixed-yes"), ReportCb(action=ReportAction.FIXED, value=value).pack()
                ),
                button(
                    t("report-fixed-no"),
                    ReportCb(action=ReportAction.NOT_FIXED, value=value).pack(),
                ),
            ]
        ]
    photo = {p.channel: p.file_id for p in report.resolution_photos[-1:]}
    return Payload.of(clip(text), to_payload_buttons(buttons), photo)


async def queue_morning_digest(
    appeals: AppealService, appeal_notices: AppealNotices, roles: RoleService, clock: Clock
) -> int:
    """Checked every minute: on a working morning each officer gets, once a day, the appeals
    of their scope due within the set days or overdue, by their deadline in force, priority
    ones first. Returns how many digests were queued."""
    settings = await appeals.settings()
    local = clock().astimezone(appeals.zone)
    if not workday_morning(local, settings.digest_at):
        return 0
    due = await appeals.inbox.near_deadline(local.date(), settings.digest_near_days)
    if not due:
        return 0
    queued = 0
    for officer in await roles.holders(Role.APPEALS_OFFICER):
        scopes = await appeal_notices.officer_scopes(officer)
        mine = [a for a in due if scopes is None or a.settlement in scopes]
        if await appeal_notices.digest(officer, local.date().isoformat(), mine):
            queued += 1
    if queued:
        log.info("Queued %d appeals digest(s)", queued)
    return queued
