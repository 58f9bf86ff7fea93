"""«Мої звернення»: the resident's appeals with their number, deadline and status, the
officer's questions with a reply, the answer; the reports they sent or joined, and the
«виправлено?» question after one is resolved («ні» reopens it)."""

from __future__ import annotations

from aiogram import F
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from handlers.appeals.appeal_form import not_command
from handlers.appeals.appeal_steps import appeal_button
from handlers.appeals.callbacks import AppealAction, AppealCb, ReportAction, ReportCb
from handlers.appeals.flow import flow, router
from handlers.appeals.notices import AppealNotices
from handlers.appeals.screens import (
    appeal_head,
    deadline_lines,
    priority_name,
    report_head,
    short,
)
from handlers.appeals.states import AppealReply
from storage.appeals.errors import NotFound, WrongStatus
from storage.appeals.model import Appeal
from storage.appeals.reports import ReportService
from storage.appeals.rules import clean_note
from storage.appeals.service import AppealService
from storage.residents import Resident
from ui.arguments import ascii_number
from ui.callbacks import MenuCb, MenuScreen
from ui.i18n import Translator
from ui.keyboards import button
from ui.screens import Screen, escape, show

LISTED = 10


def _number(value: str) -> int | None:
    return ascii_number(value)  # ASCII digits, bounded: '²' is no number


@router.callback_query(AppealCb.filter(F.action == AppealAction.MINE))
async def my_appeals(
    query: CallbackQuery,
    t: Translator,
    resident: Resident,
    appeals: AppealService,
    reports: ReportService,
) -> None:
    await query.answer()
    mine = await appeals.of_resident(resident.id)
    sent = await reports.of_resident(resident.id)
    lines = [t("appeal-mine-title")]
    buttons = []
    for appeal in mine[:LISTED]:
        label = t(
            "appeal-mine-item",
            number=appeal.number,
            status=t(f"appeal-status-{appeal.status.value}"),
        )
        buttons.append([appeal_button(label, AppealAction.SHOW, str(appeal.id))])
    for report in sent[:LISTED]:
        lines.append(report_head(t, report))
    if not mine and not sent:
        lines.append(t("appeal-mine-empty"))
    buttons.append([appeal_button(t("menu-appeals"), AppealAction.START)])
    buttons.append([button(t("btn-back"), MenuCb(screen=MenuScreen.POWER).pack())])
    await show(query, Screen("\n\n".join(lines), buttons))


async def own_card(t: Translator, appeal: Appeal, appeals: AppealService) -> Screen:
    """The resident's own appeal: the head, the deadline in force and why, the stated
    priority status with a button to remove it, the questions and the answer."""
    settings = await appeals.settings()
    parts = [appeal_head(t, appeal, settings), *deadline_lines(t, appeal, appeals.today())]
    if appeal.extension_reason:
        parts.append(t("appeal-extension-reason", reason=escape(appeal.extension_reason)))
    if appeal.priority is not None:
        parts.append(t("appeal-priority-own", status=priority_name(t, appeal)))
    parts.append(t("appeal-body-quote", body=escape(short(appeal.body))))
    for message in await appeals.messages(appeal.id):
        key = "appeal-msg-officer" if message.author == "officer" else "appeal-msg-resident"
        parts.append(t(key, text=escape(message.text)))
    if appeal.answer:
        parts.append(t("appeal-answer-quote", answer=escape(appeal.answer)))
    buttons = []
    if appeal.priority is not None:
        drop = appeal_button(t("appeal-priority-drop"), AppealAction.DROP_PRIORITY, str(appeal.id))
        buttons.append([drop])
    buttons.append([appeal_button(t("btn-back"), AppealAction.MINE)])
    return Screen("\n\n".join(parts), buttons)


@router.callback_query(AppealCb.filter(F.action == AppealAction.SHOW))
async def show_appeal(
    query: CallbackQuery,
    callback_data: AppealCb,
    t: Translator,
    resident: Resident,
    appeals: AppealService,
) -> None:
    appeal_id = _number(callback_data.value)
    try:
        appeal = await appeals.owned(appeal_id or 0, resident.id)
    except NotFound:
        await query.answer(t("error-stale-button"), show_alert=True)
        return
    await query.answer()
    await show(query, await own_card(t, appeal, appeals))


@router.callback_query(AppealCb.filter(F.action == AppealAction.DROP_PRIORITY))
async def drop_priority(
    query: CallbackQuery,
    callback_data: AppealCb,
    t: Translator,
    resident: Resident,
    appeals: AppealService,
) -> None:
    """The resident removes the status they stated; someone else's appeal is not found."""
    try:
        appeal = await appeals.drop_priority(_number(callback_data.value) or 0, resident.id)
    except NotFound:
        await query.answer(t("error-stale-button"), show_alert=True)
        return
    await query.answer(t("appeal-priority-dropped"), show_alert=True)
    await show(query, await own_card(t, appeal, appeals))


@router.callback_query(AppealCb.filter(F.action == AppealAction.REPLY))
async def start_reply(
    query: CallbackQuery,
    callback_data: AppealCb,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    appeals: AppealService,
) -> None:
    try:
        appeal = await appeals.owned(_number(callback_data.value) or 0, resident.id)
    except NotFound:
        await query.answer(t("error-stale-button"), show_alert=True)
        return
    await query.answer()
    await state.set_state(AppealReply.text)
    await state.set_data({"appeal": appeal.id})
    await show(query, Screen(t("appeal-ask-reply", number=appeal.number)), edit=False)


@flow.prompt(AppealReply.text)
async def prompt_reply(event: Message | CallbackQuery, t: Translator) -> None:
    await show(event, Screen(t("appeal-ask-reply-again")), edit=False)


@router.message(AppealReply.text, F.text, not_command)
async def enter_reply(
    message: Message,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    appeals: AppealService,
    appeal_notices: AppealNotices,
) -> None:
    text = clean_note(message.text or "")
    if text is None:
        await message.answer(t("appeal-bad-note"))
        return
    appeal_id = (await state.get_data()).get("appeal")
    try:
        appeal = await appeals.reply(int(appeal_id or 0), resident.id, text)
    except (NotFound, WrongStatus):
        await state.clear()
        await message.answer(t("appeal-reply-closed"))
        return
    await appeal_notices.reply_to_officer(appeal, text)
    await state.clear()
    await message.answer(t("appeal-reply-sent", number=appeal.number))


@router.callback_query(ReportCb.filter(F.action.in_({ReportAction.FIXED, ReportAction.NOT_FIXED})))
async def fixed_or_not(
    query: CallbackQuery,
    callback_data: ReportCb,
    t: Translator,
    resident: Resident,
    reports: ReportService,
    appeal_notices: AppealNotices,
) -> None:
    report_id = _number(callback_data.value) or 0
    if not await reports.is_follower(report_id, resident.id):
        await query.answer(t("error-stale-button"), show_alert=True)
        return
    if callback_data.action is ReportAction.FIXED:
        await query.answer()
        await show(query, Screen(t("report-thanks-fixed")))
        return
    try:
        await reports.reopen(report_id, resident.id, appeal_notices.report_changed)
    except (NotFound, WrongStatus):
        await query.answer(t("error-stale-button"), show_alert=True)
        return
    await query.answer()
    await show(query, Screen(t("report-reopened", id=report_id)))
