"""The petition's preview: its pages, changing one part, filing it for moderation,
deleting the draft."""

from __future__ import annotations

from aiogram import F
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery

from handlers.petitions.callbacks import DraftAction, DraftCb, PetitionAction, PetitionCb
from handlers.petitions.common import router
from handlers.petitions.create_steps import (
    CreateFlow,
    ask_email,
    ask_name,
    ask_title,
    draft_data,
    leave_row,
    next_step,
    preview_screen,
)
from handlers.petitions.notices import PetitionNotices
from storage.petitions.drafts import Draft, DraftRepository
from storage.petitions.model import BODY_MAX, InvalidText, Tab
from storage.petitions.service import PetitionService
from storage.residents import Resident
from ui.callbacks import MenuCb
from ui.flow import Block
from ui.i18n import Translator
from ui.keyboards import button
from ui.screens import Screen, say, show

# --- preview, editing, submitting ------------------------------------------------------------


@router.callback_query(CreateFlow.preview, DraftCb.filter(F.action == DraftAction.PREVIEW))
async def preview_page(
    query: CallbackQuery,
    callback_data: DraftCb,
    t: Translator,
    resident: Resident,
    drafts: DraftRepository,
) -> None:
    draft = await drafts.get(resident.id)
    if draft is None:
        await query.answer(t("error-stale-button"), show_alert=True)
        return
    await query.answer()
    await show(query, preview_screen(t, draft, callback_data.page))


EDITS = {
    DraftAction.EDIT_TITLE: CreateFlow.title,
    DraftAction.EDIT_BODY: CreateFlow.body,
    DraftAction.EDIT_NAME: CreateFlow.name,
    DraftAction.EDIT_EMAIL: CreateFlow.email,
}


@router.callback_query(CreateFlow.preview, DraftCb.filter(F.action.in_(set(EDITS))))
async def edit_part(
    query: CallbackQuery,
    callback_data: DraftCb,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    drafts: DraftRepository,
    petitions: PetitionService,
) -> None:
    await query.answer()
    draft = await drafts.get(resident.id) or Draft()
    step = EDITS[callback_data.action]
    await state.set_data({"editing": True, "replace_body": step == CreateFlow.body})
    if step == CreateFlow.title:
        await ask_title(query, state, t)
    elif step == CreateFlow.body:
        await state.set_state(CreateFlow.body)
        await say(query, t("pet-ask-new-body", max=BODY_MAX), Screen("", [leave_row(t)]).markup)
    elif step == CreateFlow.name:
        await ask_name(query, state, t, draft, resident)
    else:
        await ask_email(query, state, t, draft, resident, petitions)


@router.callback_query(CreateFlow.preview, DraftCb.filter(F.action == DraftAction.SUBMIT))
async def submit(
    query: CallbackQuery,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    drafts: DraftRepository,
    petitions: PetitionService,
    petition_notices: PetitionNotices,
) -> None:
    draft = await drafts.get(resident.id)
    if draft is None or not (
        draft.title and draft.body and draft.author_name and draft.author_email
    ):
        await query.answer(t("error-stale-button"), show_alert=True)
        await next_step(query, state, t, resident, drafts, petitions)
        return
    try:
        petition = await petitions.submit(
            resident.id, draft.title, draft.body, draft.author_name, draft.author_email
        )
    except InvalidText:
        await query.answer(t("pet-draft-invalid"), show_alert=True)
        return
    await drafts.discard(resident.id)
    await state.clear()
    await query.answer()
    await petition_notices.moderation_needed(petition)
    settings = await petitions.settings()
    text = t("pet-submitted", id=petition.id, days=settings.moderation_working_days)
    open_it = PetitionCb(action=PetitionAction.OPEN, id=petition.id, tab=Tab.MINE).pack()
    await show(query, Screen(text, [[button(t("pet-open"), open_it)]]))


@router.callback_query(CreateFlow.preview, DraftCb.filter(F.action == DraftAction.DISCARD))
async def ask_discard(query: CallbackQuery, t: Translator) -> None:
    await query.answer()
    buttons = [
        [button(t("pet-discard-yes"), draft_data(DraftAction.DISCARD_YES))],
        [button(t("btn-back"), draft_data(DraftAction.PREVIEW))],
    ]
    await show(query, Screen(t("pet-discard-confirm"), buttons))


@router.callback_query(CreateFlow.preview, DraftCb.filter(F.action == DraftAction.DISCARD_YES))
async def discard(
    query: CallbackQuery,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    drafts: DraftRepository,
) -> None:
    await drafts.discard(resident.id)
    await state.clear()
    await query.answer()
    back = [[button(t("btn-back"), MenuCb(screen=Block.PEOPLE_AND_POWER.value).pack())]]
    await show(query, Screen(t("pet-discarded"), back))
