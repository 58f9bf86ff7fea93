"""Writing a petition: title, text (in one or several messages), the author's full name and
e-mail, a preview, submission. The draft is saved at every step in its own table, so
unexpected input, /menu, /cancel, another flow or a restart never lose it."""

from __future__ import annotations

from aiogram import F
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from handlers.petitions.callbacks import DraftAction, DraftCb
from handlers.petitions.common import router
from handlers.petitions.create_steps import (
    TEXT_STEPS,
    CreateFlow,
    after_step,
    ask_body,
    ask_title,
    body_saved_screen,
    draft_data,
    email_suggestion,
    leave_row,
    name_suggestion,
    next_step,
    prompt_step,
)
from storage.email_address import clean_email
from storage.petitions.drafts import Draft, DraftRepository
from storage.petitions.model import BODY_MAX, BODY_MIN, TITLE_MAX, TITLE_MIN
from storage.petitions.service import PetitionService
from storage.queue.rules import clean_name
from storage.residents import Resident, ResidentRepository
from ui.callbacks import MenuCb
from ui.flow import Block
from ui.i18n import Translator
from ui.keyboards import button
from ui.screens import Screen, escape, show

# --- starting ----------------------------------------------------------------------------


@router.callback_query(DraftCb.filter(F.action.in_({DraftAction.START, DraftAction.CONSENT})))
async def start_draft(
    query: CallbackQuery,
    callback_data: DraftCb,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    residents: ResidentRepository,
    drafts: DraftRepository,
    petitions: PetitionService,
) -> None:
    await query.answer()
    if callback_data.action is DraftAction.CONSENT:
        await residents.set_consent(resident.id, True)
        resident = await residents.get(resident.id) or resident
    if not resident.has_consent:
        buttons = [
            [button(t("pet-consent-agree"), draft_data(DraftAction.CONSENT))],
            [button(t("btn-back"), MenuCb(screen=Block.PEOPLE_AND_POWER.value).pack())],
        ]
        await show(query, Screen(t("pet-author-consent-needed"), buttons))
        return
    draft = await drafts.get(resident.id)
    if draft is not None and not draft.empty:
        buttons = [
            [button(t("pet-draft-continue"), draft_data(DraftAction.CONTINUE))],
            [button(t("pet-draft-restart"), draft_data(DraftAction.RESTART))],
        ]
        title = escape(draft.title) if draft.title else "—"
        await show(query, Screen(t("pet-draft-found", title=title), buttons))
        return
    await drafts.save(resident.id, Draft())
    await state.set_data({})
    await show(
        query, Screen(t("pet-create-intro", threshold=(await petitions.settings()).threshold))
    )
    await ask_title(query, state, t)


@router.callback_query(DraftCb.filter(F.action.in_({DraftAction.CONTINUE, DraftAction.RESTART})))
async def continue_or_restart(
    query: CallbackQuery,
    callback_data: DraftCb,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    drafts: DraftRepository,
    petitions: PetitionService,
) -> None:
    if not resident.has_consent:
        await query.answer(t("error-stale-button"), show_alert=True)
        return
    await query.answer()
    if callback_data.action is DraftAction.RESTART:
        await drafts.save(resident.id, Draft())
    await state.set_data({})
    draft = await drafts.get(resident.id) or Draft()
    if draft.title and draft.body and not draft.author_name:
        # The text may not be finished: show it saved, with «Далі» and room for more.
        await ask_body(query, state, t, draft)
        return
    await next_step(query, state, t, resident, drafts, petitions)


# --- title and text ----------------------------------------------------------------------


@router.message(CreateFlow.title, F.text, ~F.text.startswith("/"))
async def enter_title(
    message: Message,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    drafts: DraftRepository,
    petitions: PetitionService,
) -> None:
    title = (message.text or "").strip()
    if not TITLE_MIN <= len(title) <= TITLE_MAX:
        await message.answer(
            t("pet-bad-title", length=len(title), min=TITLE_MIN, max=TITLE_MAX),
        )
        return
    await drafts.update(resident.id, title=title)
    await after_step(message, state, t, resident, drafts, petitions, CreateFlow.body)


@router.message(CreateFlow.body, F.text, ~F.text.startswith("/"))
async def enter_body(
    message: Message, state: FSMContext, t: Translator, resident: Resident, drafts: DraftRepository
) -> None:
    """A long text arrives in several messages (Telegram splits at 4,096 characters): each
    one is added to the draft until the resident presses «Далі»."""
    piece = (message.text or "").strip()
    draft = await drafts.get(resident.id) or Draft()
    data = await state.get_data()
    earlier = "" if data.get("replace_body") else (draft.body or "")
    combined = f"{earlier}\n{piece}" if earlier else piece
    if len(combined) > BODY_MAX:
        await message.answer(
            t("pet-body-too-long", length=len(combined), max=BODY_MAX, kept=len(earlier))
        )
        return
    await state.update_data(replace_body=False)
    draft = await drafts.update(resident.id, body=combined)
    await show(message, body_saved_screen(t, draft))


@router.callback_query(CreateFlow.body, DraftCb.filter(F.action == DraftAction.BODY_DONE))
async def body_done(
    query: CallbackQuery,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    drafts: DraftRepository,
    petitions: PetitionService,
) -> None:
    draft = await drafts.get(resident.id) or Draft()
    if len(draft.body or "") < BODY_MIN:
        await query.answer(t("pet-body-too-short", min=BODY_MIN), show_alert=True)
        return
    await query.answer()
    await show(query, Screen(t("pet-body-saved", length=len(draft.body or ""), max=BODY_MAX)))
    await after_step(query, state, t, resident, drafts, petitions, CreateFlow.name)


@router.callback_query(CreateFlow.body, DraftCb.filter(F.action == DraftAction.BODY_RESET))
async def body_reset(
    query: CallbackQuery,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    drafts: DraftRepository,
) -> None:
    await query.answer()
    await drafts.update(resident.id, body=None)
    await state.update_data(replace_body=False)
    await show(query, Screen(t("pet-ask-body", max=BODY_MAX), [leave_row(t)]))


# --- author --------------------------------------------------------------------------------


async def _set_name(
    event: Message | CallbackQuery,
    name: str,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    residents: ResidentRepository,
    drafts: DraftRepository,
    petitions: PetitionService,
) -> None:
    await drafts.update(resident.id, author_name=name)
    if not resident.full_name:
        await residents.set_contact(resident.id, full_name=name)
    await after_step(event, state, t, resident, drafts, petitions, CreateFlow.email)


@router.message(CreateFlow.name, F.text, ~F.text.startswith("/"))
async def enter_name(
    message: Message,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    residents: ResidentRepository,
    drafts: DraftRepository,
    petitions: PetitionService,
) -> None:
    name = clean_name(message.text or "")
    if name is None:
        await message.answer(t("pet-bad-name"))
        return
    await _set_name(message, name, state, t, resident, residents, drafts, petitions)


@router.callback_query(CreateFlow.name, DraftCb.filter(F.action == DraftAction.KEEP_NAME))
async def keep_name(
    query: CallbackQuery,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    residents: ResidentRepository,
    drafts: DraftRepository,
    petitions: PetitionService,
) -> None:
    name = name_suggestion(await drafts.get(resident.id) or Draft(), resident)
    if name is None:
        await query.answer(t("error-stale-button"), show_alert=True)
        return
    await query.answer()
    await _set_name(query, name, state, t, resident, residents, drafts, petitions)


@router.message(CreateFlow.email, F.text, ~F.text.startswith("/"))
async def enter_email(
    message: Message,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    drafts: DraftRepository,
    petitions: PetitionService,
) -> None:
    email = clean_email(message.text or "")
    if email is None:
        await message.answer(t("pet-bad-email"))
        return
    await drafts.update(resident.id, author_email=email)
    await next_step(message, state, t, resident, drafts, petitions)


@router.callback_query(CreateFlow.email, DraftCb.filter(F.action == DraftAction.KEEP_EMAIL))
async def keep_email(
    query: CallbackQuery,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    drafts: DraftRepository,
    petitions: PetitionService,
) -> None:
    email = await email_suggestion(await drafts.get(resident.id) or Draft(), resident, petitions)
    if email is None:
        await query.answer(t("error-stale-button"), show_alert=True)
        return
    await query.answer()
    await drafts.update(resident.id, author_email=email)
    await next_step(query, state, t, resident, drafts, petitions)


@router.message(StateFilter(*TEXT_STEPS), ~F.text)
async def not_text(
    message: Message,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    drafts: DraftRepository,
    petitions: PetitionService,
) -> None:
    """A photo, a sticker, a file: the petition takes only text; the draft stays."""
    await message.answer(t("pet-text-only"))
    await prompt_step(message, state, t, resident, drafts, petitions)
