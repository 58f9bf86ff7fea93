"""Moderators: the moderation queue (publish, or refuse with a reason) and the council's answer
to petitions that reached the threshold. The role is checked on the server for every button
and command: a resident's forged button gets «недостатньо прав» and changes nothing. Every
action is written to the audit log in the same transaction as the change."""

from __future__ import annotations

from typing import Any

from aiogram import F
from aiogram.filters import Command, Filter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message, TelegramObject

from handlers.petitions.callbacks import ModAction, ModerationCb
from handlers.petitions.common import flow, router
from handlers.petitions.notices import PetitionNotices, quote
from handlers.petitions.render import button_title, card_pages, long_date, neighbours
from storage.audit import Actor
from storage.petitions.model import (
    ANSWER_MAX,
    ANSWER_MIN,
    REASON_MAX,
    REASON_MIN,
    NotFound,
    Petition,
    WrongStatus,
)
from storage.petitions.service import PetitionService
from storage.residents import Resident
from storage.roles import COMMUNITY, Role, RoleService
from ui.access import deny, deny_callbacks
from ui.i18n import Translator
from ui.keyboards import button, pager_row
from ui.screens import Screen, escape, say, show

LISTED = 10


class ModeratesPetitions(Filter):
    """A community-wide moderator (or an administrator): petitions are addressed to the council
    as a whole, so a moderator of one settlement does not moderate them."""

    async def __call__(self, event: TelegramObject, **data: Any) -> bool:
        resident, roles = data.get("resident"), data.get("roles")
        if not isinstance(resident, Resident) or not isinstance(roles, RoleService):
            return False
        return await roles.has(resident.id, Role.MODERATOR, COMMUNITY)


MODERATOR = ModeratesPetitions()
# Registered before every other ModerationCb handler.
deny_callbacks(router, ModerationCb, MODERATOR)


class ModerationFlow(StatesGroup):
    reason = State()
    answer = State()


MODERATION_STATES = {s.state for s in ModerationFlow.__states__}


def _data(action: ModAction, petition_id: int = 0, page: int = 0) -> str:
    return ModerationCb(action=action, id=petition_id, page=page).pack()


def back_to_desk(t: Translator) -> list[InlineKeyboardButton]:
    return [button(t("pet-mod-back"), _data(ModAction.QUEUE))]


# --- the desk ----------------------------------------------------------------------------


async def desk_screen(t: Translator, petitions: PetitionService) -> Screen:
    waiting = await petitions.by_status("moderation")
    reached = await petitions.by_status("reached")
    lines = [t("pet-mod-title"), "", t("pet-mod-waiting", count=len(waiting))]
    lines += [
        t(
            "pet-mod-line",
            id=p.id,
            title=escape(p.title[:80]),
            since=t.full_datetime(p.submitted_at),
        )
        for p in waiting[:LISTED]
    ]
    buttons = [[button(button_title(p), _data(ModAction.OPEN, p.id))] for p in waiting[:LISTED]]
    buttons.append([button(t("pet-mod-awaiting", count=len(reached)), _data(ModAction.AWAITING))])
    return Screen("\n".join(lines), buttons)


@router.message(Command("moderate"), MODERATOR)
async def moderate_command(message: Message, t: Translator, petitions: PetitionService) -> None:
    await show(message, await desk_screen(t, petitions))


@router.callback_query(ModerationCb.filter(F.action == ModAction.QUEUE))
async def desk(
    query: CallbackQuery, state: FSMContext, t: Translator, petitions: PetitionService
) -> None:
    await query.answer()
    if await state.get_state() in MODERATION_STATES:
        await state.clear()
    await show(query, await desk_screen(t, petitions))


@router.callback_query(ModerationCb.filter(F.action == ModAction.AWAITING))
async def awaiting_answer(query: CallbackQuery, t: Translator, petitions: PetitionService) -> None:
    await query.answer()
    reached = await petitions.by_status("reached")
    lines = [t("pet-mod-awaiting-title")]
    if not reached:
        lines.append(t("pet-mod-awaiting-empty"))
    buttons = [[button(button_title(p), _data(ModAction.OPEN, p.id))] for p in reached[:LISTED]]
    buttons.append(back_to_desk(t))
    await show(query, Screen("\n".join(lines), buttons))


# --- one petition --------------------------------------------------------------------------


def action_row(t: Translator, petition: Petition) -> list[InlineKeyboardButton]:
    if petition.status == "moderation":
        return [
            button(t("pet-mod-approve"), _data(ModAction.APPROVE, petition.id)),
            button(t("pet-mod-refuse"), _data(ModAction.REFUSE, petition.id)),
        ]
    if petition.status == "reached":
        return [button(t("pet-mod-answer"), _data(ModAction.ANSWER, petition.id))]
    return []


async def petition_screen(
    t: Translator, petitions: PetitionService, petition: Petition, page: int = 0
) -> Screen:
    settings = await petitions.settings()
    email = t("pet-mod-email", email=escape(petition.author_email or "—"))
    pages = card_pages(t, petition, petitions.now(), settings.moderation_working_days, note=email)
    page = min(page, len(pages) - 1)
    buttons = []
    nav = pager_row(
        t,
        page,
        len(pages),
        {n: _data(ModAction.OPEN, petition.id, n) for n in neighbours(page, len(pages))},
    )
    if nav:
        buttons.append(nav)
    actions = action_row(t, petition)
    if actions:
        buttons.append(actions)
    buttons.append(back_to_desk(t))
    return Screen(pages[page], buttons)


async def _petition(
    query: CallbackQuery, t: Translator, petitions: PetitionService, petition_id: int
) -> Petition | None:
    petition = await petitions.get(petition_id)
    if petition is None:
        await query.answer(t("pet-not-found"), show_alert=True)
    return petition


@router.callback_query(ModerationCb.filter(F.action == ModAction.OPEN))
async def open_petition(
    query: CallbackQuery, callback_data: ModerationCb, t: Translator, petitions: PetitionService
) -> None:
    petition = await _petition(query, t, petitions, callback_data.id)
    if petition is None:
        return
    await query.answer()
    await show(query, await petition_screen(t, petitions, petition, callback_data.page))


async def handled_already(
    event: Message | CallbackQuery, t: Translator, petitions: PetitionService
) -> None:
    """Another moderator was quicker, or the button is from an old message."""
    if isinstance(event, CallbackQuery):
        await event.answer(t("pet-mod-handled"), show_alert=True)
    else:
        await event.answer(t("pet-mod-handled"))
    await show(event, await desk_screen(t, petitions), edit=False)


# --- publishing ---------------------------------------------------------------------------


@router.callback_query(ModerationCb.filter(F.action == ModAction.APPROVE))
async def ask_approve(
    query: CallbackQuery, callback_data: ModerationCb, t: Translator, petitions: PetitionService
) -> None:
    petition = await _petition(query, t, petitions, callback_data.id)
    if petition is None:
        return
    if petition.status != "moderation":
        await handled_already(query, t, petitions)
        return
    await query.answer()
    settings = await petitions.settings()
    text = t(
        "pet-mod-approve-confirm",
        id=petition.id,
        title=escape(petition.title),
        days=settings.period_days,
        needed=t("pet-n-signatures", count=settings.threshold),
    )
    buttons = [
        [button(t("pet-mod-approve-yes"), _data(ModAction.APPROVE_YES, petition.id))],
        [button(t("btn-back"), _data(ModAction.OPEN, petition.id))],
    ]
    await show(query, Screen(text, buttons))


@router.callback_query(ModerationCb.filter(F.action == ModAction.APPROVE_YES))
async def approve(
    query: CallbackQuery,
    callback_data: ModerationCb,
    t: Translator,
    resident: Resident,
    petitions: PetitionService,
    petition_notices: PetitionNotices,
) -> None:
    try:
        petition = await petitions.approve(callback_data.id, Actor.resident(resident.id))
    except NotFound:
        await query.answer(t("pet-not-found"), show_alert=True)
        return
    except WrongStatus:
        await handled_already(query, t, petitions)
        return
    await query.answer()
    await petition_notices.announce_all()
    deadline = long_date(t, petition.deadline_at) if petition.deadline_at else ""
    text = t("pet-mod-approved", id=petition.id, deadline=deadline)
    await show(query, Screen(text, [back_to_desk(t)]))


# --- refusing ------------------------------------------------------------------------------


@router.callback_query(ModerationCb.filter(F.action == ModAction.REFUSE))
async def ask_reason(
    query: CallbackQuery,
    callback_data: ModerationCb,
    state: FSMContext,
    t: Translator,
    petitions: PetitionService,
) -> None:
    petition = await _petition(query, t, petitions, callback_data.id)
    if petition is None:
        return
    if petition.status != "moderation":
        await handled_already(query, t, petitions)
        return
    await query.answer()
    await state.set_state(ModerationFlow.reason)
    await state.set_data({"petition": petition.id})
    text = t("pet-mod-ask-reason", id=petition.id, max=REASON_MAX)
    await show(query, Screen(text, [back_to_desk(t)]))


@router.message(ModerationFlow.reason, MODERATOR, F.text, ~F.text.startswith("/"))
async def refuse(
    message: Message,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    petitions: PetitionService,
    petition_notices: PetitionNotices,
) -> None:
    reason = (message.text or "").strip()
    if not REASON_MIN <= len(reason) <= REASON_MAX:
        await message.answer(
            t("pet-mod-bad-length", min=REASON_MIN, max=REASON_MAX, length=len(reason))
        )
        return
    petition_id = int((await state.get_data()).get("petition", 0))
    await state.clear()
    try:
        petition = await petitions.refuse(petition_id, reason, Actor.resident(resident.id))
    except (NotFound, WrongStatus):
        await handled_already(message, t, petitions)
        return
    await petition_notices.announce_all()
    await show(message, Screen(t("pet-mod-refused", id=petition.id), [back_to_desk(t)]))


# --- the council's answer ------------------------------------------------------------------


@router.callback_query(ModerationCb.filter(F.action == ModAction.ANSWER))
async def ask_answer(
    query: CallbackQuery,
    callback_data: ModerationCb,
    state: FSMContext,
    t: Translator,
    petitions: PetitionService,
) -> None:
    petition = await _petition(query, t, petitions, callback_data.id)
    if petition is None:
        return
    if petition.status != "reached":
        await handled_already(query, t, petitions)
        return
    await query.answer()
    await state.set_state(ModerationFlow.answer)
    await state.set_data({"petition": petition.id})
    text = t("pet-mod-ask-answer", id=petition.id, title=escape(petition.title), max=ANSWER_MAX)
    await show(query, Screen(text, [back_to_desk(t)]))


@router.message(ModerationFlow.answer, MODERATOR, F.text, ~F.text.startswith("/"))
async def answer_typed(message: Message, state: FSMContext, t: Translator) -> None:
    answer = (message.text or "").strip()
    if not ANSWER_MIN <= len(answer) <= ANSWER_MAX:
        await message.answer(
            t("pet-mod-bad-length", min=ANSWER_MIN, max=ANSWER_MAX, length=len(answer))
        )
        return
    data = await state.update_data(answer=answer)
    petition_id = int(data.get("petition", 0))
    buttons = [
        [button(t("pet-mod-publish-supported"), _data(ModAction.SUPPORTED, petition_id))],
        [button(t("pet-mod-publish-rejected"), _data(ModAction.REJECTED, petition_id))],
        [button(t("pet-mod-answer-again"), _data(ModAction.ANSWER, petition_id))],
        back_to_desk(t),
    ]
    text = t("pet-mod-answer-preview", id=petition_id, answer=quote(answer))
    await show(message, Screen(text, buttons))


@router.callback_query(
    ModerationFlow.answer,
    ModerationCb.filter(F.action.in_({ModAction.SUPPORTED, ModAction.REJECTED})),
)
async def publish_answer(
    query: CallbackQuery,
    callback_data: ModerationCb,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    petitions: PetitionService,
    petition_notices: PetitionNotices,
) -> None:
    data = await state.get_data()
    answer = data.get("answer")
    if not isinstance(answer, str) or int(data.get("petition", 0)) != callback_data.id:
        await query.answer(t("error-stale-button"), show_alert=True)
        return
    supported = callback_data.action is ModAction.SUPPORTED
    try:
        petition = await petitions.record_answer(
            callback_data.id, answer, supported, Actor.resident(resident.id)
        )
    except (NotFound, WrongStatus):
        await state.clear()
        await handled_already(query, t, petitions)
        return
    await state.clear()
    await query.answer()
    await petition_notices.announce_all()
    signers = len(await petitions.signer_ids(petition.id))
    text = t("pet-mod-answered", id=petition.id, signers=signers)
    await show(query, Screen(text, [back_to_desk(t)]))


@flow.prompt(ModerationFlow.reason, ModerationFlow.answer)
async def prompt_moderation(
    event: Message | CallbackQuery,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    roles: RoleService,
    petitions: PetitionService,
) -> None:
    """The typed reason or answer is awaited again; a role withdrawn meanwhile ends it."""
    if not await roles.has(resident.id, Role.MODERATOR, COMMUNITY):
        await state.clear()
        if isinstance(event, CallbackQuery):
            await deny(event, t)
        else:
            await event.answer(t("error-no-rights"))
        return
    data = await state.get_data()
    petition_id = int(data.get("petition", 0))
    current = await state.get_state()
    key = "pet-mod-ask-reason" if current == ModerationFlow.reason.state else "pet-mod-ask-answer"
    petition = await petitions.get(petition_id)
    title = escape(petition.title) if petition else ""
    limit = REASON_MAX if key == "pet-mod-ask-reason" else ANSWER_MAX
    await say(
        event, t(key, id=petition_id, title=title, max=limit), Screen("", [back_to_desk(t)]).markup
    )
