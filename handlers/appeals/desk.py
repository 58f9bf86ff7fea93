"""The appeals officer's desk: an appeal's card (opened from the inbox, `inbox.py`) takes it
in work, asks the resident a question, marks it as needing no additional study or extends the
deadline (`deadlines.py`), or answers. The role is checked for every button and every typed
text, and for the appeal's own settlement: a forged button gets «недостатньо прав» and
changes nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram import F
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from handlers.appeals.appeal_form import not_command
from handlers.appeals.callbacks import OfficerAction, OfficerCb
from handlers.appeals.flow import desk_flow, desk_router
from handlers.appeals.notices import AppealNotices
from handlers.appeals.screens import appeal_head, day_text, deadline_lines, priority_name
from handlers.appeals.states import OfficerInput
from storage.appeals.errors import AppealError, ExtensionTooLong, NotFound
from storage.appeals.model import OPEN_APPEAL, Appeal, AppealStatus
from storage.appeals.rules import clean_note
from storage.appeals.service import AppealService, no_study_due
from storage.audit import Actor
from storage.residents import Resident
from storage.roles import Role, RoleService
from ui.access import HasRole, deny
from ui.i18n import Translator
from ui.keyboards import button
from ui.screens import Screen, escape, send_photo, show

IS_OFFICER = HasRole(Role.APPEALS_OFFICER)
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


async def appeal_for(
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


async def card_screen(t: Translator, appeal: Appeal, appeals: AppealService) -> Screen:
    settings = await appeals.settings()
    contact = " · ".join(escape(c) for c in (appeal.phone, appeal.email) if c)
    parts = [
        appeal_head(t, appeal, settings),
        *deadline_lines(t, appeal, appeals.today()),
        t(
            "appeal-card-person",
            name=escape(appeal.full_name),
            address=escape(appeal.address),
            contact=contact,
            photos=len(appeal.photos),
        ),
        t("appeal-body-quote", body=escape(appeal.body)),
    ]
    if appeal.priority is not None:
        parts.insert(1, t("appeal-priority-card", status=priority_name(t, appeal)))
    if appeal.extension_reason:
        parts.append(t("appeal-extension-reason", reason=escape(appeal.extension_reason)))
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
        shorter = no_study_due(appeal, settings)
        if shorter is not None and shorter >= appeals.today():
            label = t("appeal-no-study", due=day_text(t, shorter))
            buttons.append([officer_button(label, OfficerAction.NO_STUDY, appeal.id)])
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
    appeal = await appeal_for(query, callback_data.appeal, resident, roles, appeals, t)
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
    appeal = await appeal_for(query, callback_data.appeal, resident, roles, appeals, t)
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
    appeal = await appeal_for(query, callback_data.appeal, resident, roles, appeals, t)
    if appeal is None:
        return
    await query.answer()
    asking = callback_data.action is OfficerAction.ASK
    await state.set_state(OfficerInput.question if asking else OfficerInput.answer)
    await state.set_data({"appeal": appeal.id})
    key = "appeal-officer-ask-question" if asking else "appeal-officer-ask-answer"
    back = [[officer_button(t("btn-back"), OfficerAction.CARD, appeal.id)]]
    await show(query, Screen(t(key, number=appeal.number), back), edit=False)


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
