"""The appeals officer's desk: /appeals lists open appeals of the officer's settlements by
deadline; a card takes an appeal in work, asks the resident a question, extends the deadline
with a reason (45 days in total at most) or answers. The role is checked for every button and
every typed text, and for the appeal's own settlement: a forged button gets «недостатньо
прав» and changes nothing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from aiogram import F
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from handlers.appeals.appeal_form import not_command
from handlers.appeals.callbacks import OfficerAction, OfficerCb
from handlers.appeals.flow import desk_flow, desk_router
from handlers.appeals.notices import AppealNotices
from handlers.appeals.screens import appeal_head, day_text, deadline_note
from handlers.appeals.states import OfficerInput
from storage.appeals.dates import latest_extension
from storage.appeals.errors import AppealError, ExtensionTooLong, NotFound
from storage.appeals.model import OPEN_APPEAL, Appeal, AppealStatus
from storage.appeals.rules import clean_note
from storage.appeals.service import AppealService
from storage.audit import Actor
from storage.residents import Resident
from storage.roles import Role, RoleService
from ui.access import HasRole, deny
from ui.i18n import Translator
from ui.keyboards import button
from ui.screens import Screen, escape, send_photo, show

IS_OFFICER = HasRole(Role.APPEALS_OFFICER)
EXTENSION_STEPS = (7, 15, 30)
INBOX_LISTED = 30
OFFICER_STATES = {
    OfficerInput.question.state,
    OfficerInput.extend_reason.state,
    OfficerInput.answer.state,
}


def officer_button(text: str, action: OfficerAction, appeal: int = 0, value: str = "") -> Any:
    return button(text, OfficerCb(action=action, appeal=appeal, value=value).pack())


desk_router.message.filter(IS_OFFICER)


@desk_router.callback_query(OfficerCb.filter(), ~IS_OFFICER)
async def not_an_officer(query: CallbackQuery, state: FSMContext, t: Translator) -> None:
    if await state.get_state() in OFFICER_STATES:
        await state.clear()
    await deny(query, t)


async def may_handle(resident: Resident, roles: RoleService, appeal: Appeal) -> bool:
    """The officer's scope covers the appeal's settlement (administrators cover all)."""
    return await roles.has(resident.id, Role.APPEALS_OFFICER, appeal.settlement)


async def _appeal_for(
    query: CallbackQuery,
    appeal_id: int,
    resident: Resident,
    roles: RoleService,
    appeals: AppealService,
    t: Translator,
) -> Appeal | None:
    try:
        appeal = await appeals.get(appeal_id)
    except NotFound:
        await query.answer(t("error-stale-button"), show_alert=True)
        return None
    if not await may_handle(resident, roles, appeal):
        await deny(query, t)
        return None
    return appeal


async def inbox_screen(
    t: Translator, resident: Resident, appeals: AppealService, notices: AppealNotices
) -> Screen:
    scopes = await notices.officer_scopes(resident.id)
    found = await appeals.inbox(scopes, OPEN_APPEAL)
    today = appeals.today()
    buttons = [
        [
            officer_button(
                t(
                    "appeal-inbox-item",
                    number=appeal.number,
                    status=t(f"appeal-status-{appeal.status.value}"),
                    note=deadline_note(t, appeal, today),
                ),
                OfficerAction.CARD,
                appeal.id,
            )
        ]
        for appeal in found[:INBOX_LISTED]
    ]
    return Screen(t("appeal-inbox-title", count=len(found)), buttons)


@desk_router.message(Command("appeals"))
async def inbox_command(
    message: Message,
    t: Translator,
    resident: Resident,
    appeals: AppealService,
    appeal_notices: AppealNotices,
) -> None:
    await show(message, await inbox_screen(t, resident, appeals, appeal_notices))


@desk_router.callback_query(OfficerCb.filter(F.action == OfficerAction.INBOX))
async def inbox_button(
    query: CallbackQuery,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    appeals: AppealService,
    appeal_notices: AppealNotices,
) -> None:
    await query.answer()
    await state.clear()
    await show(query, await inbox_screen(t, resident, appeals, appeal_notices))


async def card_screen(t: Translator, appeal: Appeal, appeals: AppealService) -> Screen:
    settings = await appeals.settings()
    contact = " · ".join(escape(c) for c in (appeal.phone, appeal.email) if c)
    parts = [
        appeal_head(t, appeal, settings),
        t(
            "appeal-card-person",
            name=escape(appeal.full_name),
            address=escape(appeal.address),
            contact=contact,
            photos=len(appeal.photos),
        ),
        t("appeal-body-quote", body=escape(appeal.body)),
    ]
    if appeal.status is not AppealStatus.ANSWERED:
        parts.insert(1, deadline_note(t, appeal, appeals.today()))
    for message in await appeals.messages(appeal.id):
        key = "appeal-msg-officer" if message.author == "officer" else "appeal-msg-resident"
        parts.append(t(key, text=escape(message.text)))
    if appeal.answer:
        parts.append(t("appeal-answer-quote", answer=escape(appeal.answer)))
    buttons = []
    if appeal.status is AppealStatus.REGISTERED:
        buttons.append([officer_button(t("appeal-take"), OfficerAction.TAKE, appeal.id)])
    if appeal.status in OPEN_APPEAL:
        buttons.append(
            [
                officer_button(t("appeal-ask"), OfficerAction.ASK, appeal.id),
                officer_button(t("appeal-extend"), OfficerAction.EXTEND, appeal.id),
            ]
        )
        buttons.append([officer_button(t("appeal-answer"), OfficerAction.ANSWER, appeal.id)])
    buttons.append([officer_button(t("btn-back"), OfficerAction.INBOX)])
    return Screen("\n\n".join(parts), buttons)


@desk_router.callback_query(OfficerCb.filter(F.action == OfficerAction.CARD))
async def open_card(
    query: CallbackQuery,
    callback_data: OfficerCb,
    t: Translator,
    resident: Resident,
    roles: RoleService,
    appeals: AppealService,
) -> None:
    appeal = await _appeal_for(query, callback_data.appeal, resident, roles, appeals, t)
    if appeal is None:
        return
    await query.answer()
    await show(query, await card_screen(t, appeal, appeals))
    for photo in appeal.photos:
        await send_photo(query, photo.file_id, caption=appeal.number)


@desk_router.callback_query(OfficerCb.filter(F.action == OfficerAction.TAKE))
async def take(
    query: CallbackQuery,
    callback_data: OfficerCb,
    t: Translator,
    resident: Resident,
    roles: RoleService,
    appeals: AppealService,
    appeal_notices: AppealNotices,
) -> None:
    appeal = await _appeal_for(query, callback_data.appeal, resident, roles, appeals, t)
    if appeal is None:
        return
    try:
        appeal = await appeals.take(
            appeal.id, Actor.resident(resident.id), appeal_notices.appeal_changed
        )
    except AppealError:
        await query.answer(t("appeal-officer-too-late"), show_alert=True)
        return
    await query.answer(t("appeal-taken"))
    await show(query, await card_screen(t, appeal, appeals))


@desk_router.callback_query(
    OfficerCb.filter(F.action.in_({OfficerAction.ASK, OfficerAction.ANSWER}))
)
async def ask_for_text(
    query: CallbackQuery,
    callback_data: OfficerCb,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    roles: RoleService,
    appeals: AppealService,
) -> None:
    appeal = await _appeal_for(query, callback_data.appeal, resident, roles, appeals, t)
    if appeal is None:
        return
    await query.answer()
    asking = callback_data.action is OfficerAction.ASK
    await state.set_state(OfficerInput.question if asking else OfficerInput.answer)
    await state.set_data({"appeal": appeal.id})
    key = "appeal-officer-ask-question" if asking else "appeal-officer-ask-answer"
    back = [[officer_button(t("btn-back"), OfficerAction.CARD, appeal.id)]]
    await show(query, Screen(t(key, number=appeal.number), back), edit=False)


@desk_router.callback_query(OfficerCb.filter(F.action == OfficerAction.EXTEND))
async def extend_choices(
    query: CallbackQuery,
    callback_data: OfficerCb,
    t: Translator,
    resident: Resident,
    roles: RoleService,
    appeals: AppealService,
) -> None:
    appeal = await _appeal_for(query, callback_data.appeal, resident, roles, appeals, t)
    if appeal is None:
        return
    latest = latest_extension(appeal.received_on, (await appeals.settings()).max_days)
    options = sorted(
        {min(appeal.due_on + timedelta(days=n), latest) for n in EXTENSION_STEPS} - {appeal.due_on}
    )
    if not options:
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
    appeal = await _appeal_for(query, callback_data.appeal, resident, roles, appeals, t)
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


@desk_router.message(F.text, not_command, OfficerInput.question)
@desk_router.message(F.text, not_command, OfficerInput.answer)
@desk_router.message(F.text, not_command, OfficerInput.extend_reason)
async def officer_text(
    message: Message,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    roles: RoleService,
    appeals: AppealService,
    appeal_notices: AppealNotices,
) -> None:
    text = clean_note(message.text or "")
    if text is None:
        await message.answer(t("appeal-bad-note"))
        return
    data, current = await state.get_data(), await state.get_state()
    try:
        appeal = await appeals.get(int(data.get("appeal") or 0))
    except NotFound:
        await state.clear()
        await message.answer(t("error-stale-button"))
        return
    if not await may_handle(resident, roles, appeal):
        await state.clear()
        await message.answer(t("error-no-rights"))
        return
    actor = Actor.resident(resident.id)
    try:
        if current == OfficerInput.question.state:

            async def ask_then(changed: Appeal) -> None:
                await appeal_notices.question(changed, text)

            appeal = await appeals.ask(appeal.id, actor, text, ask_then)
            done = t("appeal-officer-asked")
        elif current == OfficerInput.answer.state:
            appeal = await appeals.answer(appeal.id, actor, text, appeal_notices.appeal_changed)
            done = t("appeal-officer-answered")
        else:
            new_due = date.fromisoformat(str(data.get("due")))
            appeal = await appeals.extend(
                appeal.id, actor, new_due, text, appeal_notices.appeal_changed
            )
            done = t("appeal-officer-extended", due=day_text(t, appeal.due_on))
    except ExtensionTooLong:
        await state.clear()
        await message.answer(t("appeal-extend-no-more"))
        return
    except (AppealError, ValueError):
        await state.clear()
        await message.answer(t("appeal-officer-too-late"))
        return
    await state.clear()
    await message.answer(done)
    await show(message, await card_screen(t, appeal, appeals))


@desk_flow.prompt(OfficerInput.question, OfficerInput.answer, OfficerInput.extend_reason)
async def prompt_officer_text(event: Message | CallbackQuery, t: Translator) -> None:
    await show(event, Screen(t("appeal-officer-type-text")), edit=False)
