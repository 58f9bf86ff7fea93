"""Officials' view of problem reports (/reports, the appeals officer's role): open reports of
their settlements, a report's photo and its place as a map pin, and the status changes —
accepted, in work, resolved (a comment, optionally a photo) or rejected with a reason. Every
follower is told of each change. The scope is checked for the report's own settlement."""

from __future__ import annotations

from typing import Any

from aiogram import F
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from handlers.appeals.callbacks import DeskAction, DeskCb
from handlers.appeals.desk import IS_OFFICER
from handlers.appeals.flow import desk_flow, desk_router
from handlers.appeals.notices import AppealNotices
from handlers.appeals.screens import report_head
from handlers.appeals.states import OfficerInput
from storage.appeals.errors import NotFound, WrongStatus
from storage.appeals.model import OPEN_REPORT, Photo, Report, ReportStatus
from storage.appeals.reports import MOVES, ReportService
from storage.appeals.rules import clean_note
from storage.audit import Actor
from storage.residents import Resident
from storage.roles import Role, RoleService
from ui.access import deny
from ui.i18n import Translator
from ui.keyboards import button
from ui.screens import Screen, escape, send_photo, show

LISTED = 30
NEEDS_TEXT = {
    ReportStatus.RESOLVED: OfficerInput.resolve_comment,
    ReportStatus.REJECTED: OfficerInput.reject_reason,
}


def desk_button(text: str, action: DeskAction, report: int = 0, value: str = "") -> Any:
    return button(text, DeskCb(action=action, report=report, value=value).pack())


@desk_router.callback_query(DeskCb.filter(), ~IS_OFFICER)
async def not_an_official(query: CallbackQuery, t: Translator) -> None:
    await deny(query, t)


async def _report_for(
    query: CallbackQuery,
    report_id: int,
    resident: Resident,
    roles: RoleService,
    reports: ReportService,
    t: Translator,
) -> Report | None:
    try:
        report = await reports.get(report_id)
    except NotFound:
        await query.answer(t("error-stale-button"), show_alert=True)
        return None
    if not await roles.has(resident.id, Role.APPEALS_OFFICER, report.settlement):
        await deny(query, t)
        return None
    return report


async def list_screen(
    t: Translator, resident: Resident, reports: ReportService, notices: AppealNotices
) -> Screen:
    found = await reports.listing(await notices.officer_scopes(resident.id), OPEN_REPORT)

    def label(r: Report) -> str:
        status = t(f"report-status-{r.status.value}")
        category = t(f"report-category-{r.category.value}")
        return f"№{r.id} · {status} · {category}"

    buttons = [
        [
            desk_button(
                label(r),
                DeskAction.CARD,
                r.id,
            )
        ]
        for r in found[:LISTED]
    ]
    return Screen(t("report-desk-title", count=len(found)), buttons)


@desk_router.message(Command("reports"))
async def reports_command(
    message: Message,
    t: Translator,
    resident: Resident,
    reports: ReportService,
    appeal_notices: AppealNotices,
) -> None:
    await show(message, await list_screen(t, resident, reports, appeal_notices))


@desk_router.callback_query(DeskCb.filter(F.action == DeskAction.LIST))
async def reports_button(
    query: CallbackQuery,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    reports: ReportService,
    appeal_notices: AppealNotices,
) -> None:
    await query.answer()
    await state.clear()
    await show(query, await list_screen(t, resident, reports, appeal_notices))


def card_screen(t: Translator, report: Report) -> Screen:
    who = (
        t("report-desk-anonymous")
        if report.anonymous
        else t(
            "report-desk-reporter",
            name=escape(report.reporter_name),
            phone=escape(report.reporter_phone or "—"),
        )
    )
    parts = [report_head(t, report), who]
    if report.comment:
        parts.append(t("report-comment", comment=escape(report.comment)))
    buttons = [
        [desk_button(t(f"report-move-{status.value}"), DeskAction.MOVE, report.id, status.value)]
        for status in MOVES[report.status]
    ]
    if report.latitude is not None:
        buttons.append([desk_button(t("report-desk-map"), DeskAction.MAP, report.id)])
    buttons.append([desk_button(t("btn-back"), DeskAction.LIST)])
    return Screen("\n\n".join(parts), buttons)


@desk_router.callback_query(DeskCb.filter(F.action == DeskAction.CARD))
async def open_report(
    query: CallbackQuery,
    callback_data: DeskCb,
    t: Translator,
    resident: Resident,
    roles: RoleService,
    reports: ReportService,
) -> None:
    report = await _report_for(query, callback_data.report, resident, roles, reports, t)
    if report is None:
        return
    await query.answer()
    await show(query, card_screen(t, report))
    for photo in report.photos:
        await send_photo(query, photo.file_id, caption=f"№{report.id}")


@desk_router.callback_query(DeskCb.filter(F.action == DeskAction.MAP))
async def report_on_map(
    query: CallbackQuery,
    callback_data: DeskCb,
    t: Translator,
    resident: Resident,
    roles: RoleService,
    reports: ReportService,
) -> None:
    report = await _report_for(query, callback_data.report, resident, roles, reports, t)
    if report is None or report.latitude is None or report.longitude is None:
        return
    await query.answer()
    if query.bot is not None:
        await query.bot.send_location(query.from_user.id, report.latitude, report.longitude)


@desk_router.callback_query(DeskCb.filter(F.action == DeskAction.MOVE))
async def move_report(
    query: CallbackQuery,
    callback_data: DeskCb,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    roles: RoleService,
    reports: ReportService,
    appeal_notices: AppealNotices,
) -> None:
    report = await _report_for(query, callback_data.report, resident, roles, reports, t)
    if report is None:
        return
    try:
        status = ReportStatus(callback_data.value)
    except ValueError:
        await query.answer(t("error-stale-button"), show_alert=True)
        return
    if status not in MOVES[report.status]:
        await query.answer(t("appeal-officer-too-late"), show_alert=True)
        return
    if status in NEEDS_TEXT:
        await query.answer()
        await state.set_state(NEEDS_TEXT[status])
        await state.set_data({"report": report.id, "status": status.value})
        key = (
            "report-desk-ask-comment"
            if status is ReportStatus.RESOLVED
            else "report-desk-ask-reason"
        )
        await show(query, Screen(t(key, id=report.id)), edit=False)
        return
    changed = await reports.move(
        report.id, status, Actor.resident(resident.id), notify=appeal_notices.report_changed
    )
    await query.answer(t("report-desk-moved"))
    await show(query, card_screen(t, changed))


@desk_router.message(OfficerInput.resolve_comment, F.photo)
@desk_router.message(OfficerInput.resolve_comment, F.text, ~F.text.startswith("/"))
@desk_router.message(OfficerInput.reject_reason, F.text, ~F.text.startswith("/"))
async def report_comment(
    message: Message,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    roles: RoleService,
    reports: ReportService,
    appeal_notices: AppealNotices,
    ctx: dict[str, Any],
) -> None:
    comment = clean_note(message.text or message.caption or "")
    if comment is None:
        await message.answer(t("report-desk-comment-needed"))
        return
    data = await state.get_data()
    try:
        report = await reports.get(int(data.get("report") or 0))
        status = ReportStatus(str(data.get("status")))
    except (NotFound, ValueError):
        await state.clear()
        await message.answer(t("error-stale-button"))
        return
    if not await roles.has(resident.id, Role.APPEALS_OFFICER, report.settlement):
        await state.clear()
        await message.answer(t("error-no-rights"))
        return
    photo = (
        Photo(str(ctx.get("channel", "telegram")), message.photo[-1].file_id)
        if message.photo
        else None
    )
    try:
        changed = await reports.move(
            report.id,
            status,
            Actor.resident(resident.id),
            comment,
            photo,
            appeal_notices.report_changed,
        )
    except WrongStatus:
        await state.clear()
        await message.answer(t("appeal-officer-too-late"))
        return
    await state.clear()
    await message.answer(t("report-desk-moved"))
    await show(message, card_screen(t, changed))


@desk_flow.prompt(OfficerInput.resolve_comment, OfficerInput.reject_reason)
async def prompt_comment(event: Message | CallbackQuery, t: Translator) -> None:
    await show(event, Screen(t("report-desk-comment-needed")), edit=False)
