"""An officer changes an appeal's deadline, as art. 20 of the Law «Про звернення громадян»
allows: «не потребує додаткового вивчення» brings it to 15 days after receipt (confirmed
first: the resident is told and the audit log keeps it); an extension moves it later with a
reason the resident gets, never past 45 days after receipt. The reason is typed next
(`desk.officer_text`)."""

from __future__ import annotations

from datetime import date, timedelta

from aiogram import F
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery

from handlers.appeals.callbacks import OfficerAction, OfficerCb
from handlers.appeals.desk import appeal_for, card_screen, officer_button
from handlers.appeals.flow import desk_router
from handlers.appeals.notices import AppealNotices
from handlers.appeals.screens import day_text
from handlers.appeals.states import OfficerInput
from storage.appeals.dates import latest_extension
from storage.appeals.errors import NoStudyTooLate, WrongStatus
from storage.appeals.service import AppealService, no_study_due
from storage.audit import Actor
from storage.residents import Resident
from storage.roles import RoleService
from ui.i18n import Translator
from ui.screens import Screen, show

EXTENSION_STEPS = (7, 15, 30)


@desk_router.callback_query(OfficerCb.filter(F.action == OfficerAction.EXTEND))
async def extend_choices(
    query: CallbackQuery,
    callback_data: OfficerCb,
    t: Translator,
    resident: Resident,
    roles: RoleService,
    appeals: AppealService,
) -> None:
    appeal = await appeal_for(query, callback_data.appeal, resident, roles, appeals, t)
    if appeal is None:
        return
    latest = latest_extension(appeal.received_on, (await appeals.settings()).max_days)
    options = sorted(
        {min(appeal.due_on + timedelta(days=n), latest) for n in EXTENSION_STEPS} - {appeal.due_on}
    )
    if not options or appeal.due_on >= latest:
        await query.answer(t("appeal-extend-no-more"), show_alert=True)
        return
    await query.answer()
    buttons = [
        [officer_button(day_text(t, day), OfficerAction.EXTEND_TO, appeal.id, day.isoformat())]
        for day in options
    ]
    buttons.append([officer_button(t("btn-back"), OfficerAction.CARD, appeal.id)])
    await show(query, Screen(t("appeal-extend-choose", latest=day_text(t, latest)), buttons))


@desk_router.callback_query(OfficerCb.filter(F.action == OfficerAction.EXTEND_TO))
async def extend_to(
    query: CallbackQuery,
    callback_data: OfficerCb,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    roles: RoleService,
    appeals: AppealService,
) -> None:
    appeal = await appeal_for(query, callback_data.appeal, resident, roles, appeals, t)
    if appeal is None:
        return
    try:
        new_due = date.fromisoformat(callback_data.value)
    except ValueError:
        await query.answer(t("error-stale-button"), show_alert=True)
        return
    await query.answer()
    await state.set_state(OfficerInput.extend_reason)
    await state.set_data({"appeal": appeal.id, "due": new_due.isoformat()})
    await show(query, Screen(t("appeal-extend-reason", due=day_text(t, new_due))), edit=False)


@desk_router.callback_query(OfficerCb.filter(F.action == OfficerAction.NO_STUDY))
async def confirm_no_study(
    query: CallbackQuery,
    callback_data: OfficerCb,
    t: Translator,
    resident: Resident,
    roles: RoleService,
    appeals: AppealService,
) -> None:
    appeal = await appeal_for(query, callback_data.appeal, resident, roles, appeals, t)
    if appeal is None:
        return
    settings = await appeals.settings()
    new_due = no_study_due(appeal, settings)
    if new_due is None or new_due < appeals.today():
        await query.answer(t("appeal-no-study-unavailable"), show_alert=True)
        return
    await query.answer()
    text = t(
        "appeal-no-study-confirm",
        number=appeal.number,
        due=day_text(t, new_due),
        days=settings.no_study_days,
        was=day_text(t, appeal.due_on),
    )
    buttons = [
        [officer_button(t("appeal-no-study-yes"), OfficerAction.NO_STUDY_YES, appeal.id)],
        [officer_button(t("btn-back"), OfficerAction.CARD, appeal.id)],
    ]
    await show(query, Screen(text, buttons))


@desk_router.callback_query(OfficerCb.filter(F.action == OfficerAction.NO_STUDY_YES))
async def mark_no_study(
    query: CallbackQuery,
    callback_data: OfficerCb,
    t: Translator,
    resident: Resident,
    roles: RoleService,
    appeals: AppealService,
    appeal_notices: AppealNotices,
) -> None:
    appeal = await appeal_for(query, callback_data.appeal, resident, roles, appeals, t)
    if appeal is None:
        return
    try:
        appeal = await appeals.mark_no_study(
            appeal.id, Actor.resident(resident.id), appeal_notices.deadline_shortened
        )
    except (WrongStatus, NoStudyTooLate):
        await query.answer(t("appeal-no-study-unavailable"), show_alert=True)
        return
    await query.answer(t("appeal-no-study-done", due=day_text(t, appeal.due_on)))
    await show(query, await card_screen(t, appeal, appeals))
