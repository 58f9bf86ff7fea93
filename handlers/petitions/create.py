"""Writing a petition: title, text (in one or several messages), the author's full name and
e-mail, a preview, submission. The draft is saved at every step in its own table, so
unexpected input, /menu, /cancel, another flow or a restart never lose it."""

from __future__ import annotations

from aiogram import F
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message
from email_validator import EmailNotValidError, validate_email

from handlers.petitions.callbacks import DraftAction, DraftCb, PetitionAction, PetitionCb
from handlers.petitions.common import flow, router
from handlers.petitions.notices import PetitionNotices
from handlers.petitions.render import neighbours, text_pages
from handlers.queue import clean_name
from storage.petition_drafts import Draft, DraftRepository
from storage.petitions import (
    BODY_MAX,
    BODY_MIN,
    TITLE_MAX,
    TITLE_MIN,
    InvalidText,
    PetitionService,
    Tab,
)
from storage.residents import Resident, ResidentRepository
from ui.callbacks import MenuCb
from ui.flow import Block
from ui.i18n import Translator
from ui.keyboards import button, pager_row
from ui.screens import Screen, escape, say, show

EMAIL_MAX = 254


class CreateFlow(StatesGroup):
    title = State()
    body = State()
    name = State()
    email = State()
    preview = State()


TEXT_STEPS = (CreateFlow.title, CreateFlow.body, CreateFlow.name, CreateFlow.email)


def _cb(action: DraftAction, page: int = 0) -> str:
    return DraftCb(action=action, page=page).pack()


def leave_row(t: Translator) -> list[InlineKeyboardButton]:
    return [button(t("pet-draft-later"), MenuCb(screen=Block.PEOPLE_AND_POWER.value).pack())]


# --- the steps ---------------------------------------------------------------------------


async def ask_title(event: Message | CallbackQuery, state: FSMContext, t: Translator) -> None:
    await state.set_state(CreateFlow.title)
    await say(event, t("pet-ask-title", max=TITLE_MAX), Screen("", [leave_row(t)]).markup)


def body_saved_screen(t: Translator, draft: Draft) -> Screen:
    buttons = [
        [button(t("pet-body-done"), _cb(DraftAction.BODY_DONE))],
        [button(t("pet-body-reset"), _cb(DraftAction.BODY_RESET))],
        leave_row(t),
    ]
    return Screen(t("pet-body-saved", length=len(draft.body or ""), max=BODY_MAX), buttons)


async def ask_body(
    event: Message | CallbackQuery, state: FSMContext, t: Translator, draft: Draft
) -> None:
    await state.set_state(CreateFlow.body)
    if draft.body:
        await show(event, body_saved_screen(t, draft), edit=False)
        return
    await say(event, t("pet-ask-body", max=BODY_MAX), Screen("", [leave_row(t)]).markup)


def name_suggestion(draft: Draft, resident: Resident) -> str | None:
    return draft.author_name or resident.full_name


async def ask_name(
    event: Message | CallbackQuery,
    state: FSMContext,
    t: Translator,
    draft: Draft,
    resident: Resident,
) -> None:
    await state.set_state(CreateFlow.name)
    suggested = name_suggestion(draft, resident)
    buttons = [[button(f"✅ {suggested}", _cb(DraftAction.KEEP_NAME))]] if suggested else []
    buttons.append(leave_row(t))
    await show(event, Screen(t("pet-ask-author-name"), buttons), edit=False)


async def email_suggestion(
    draft: Draft, resident: Resident, petitions: PetitionService
) -> str | None:
    if draft.author_email:
        return draft.author_email
    earlier = [p.author_email for p in await petitions.authored_by(resident.id) if p.author_email]
    return earlier[-1] if earlier else None


async def ask_email(
    event: Message | CallbackQuery,
    state: FSMContext,
    t: Translator,
    draft: Draft,
    resident: Resident,
    petitions: PetitionService,
) -> None:
    await state.set_state(CreateFlow.email)
    suggested = await email_suggestion(draft, resident, petitions)
    buttons = [[button(f"✅ {suggested}", _cb(DraftAction.KEEP_EMAIL))]] if suggested else []
    buttons.append(leave_row(t))
    await show(event, Screen(t("pet-ask-email"), buttons), edit=False)


def preview_pages(t: Translator, draft: Draft) -> list[str]:
    header = t(
        "pet-preview",
        title=escape(draft.title),
        author=escape(draft.author_name),
        email=escape(draft.author_email),
    )
    return text_pages(
        lambda page, pages: t("pet-preview-continued", page=page, pages=pages),
        header,
        draft.body or "",
    )


def preview_screen(t: Translator, draft: Draft, page: int = 0) -> Screen:
    pages = preview_pages(t, draft)
    page = min(page, len(pages) - 1)
    buttons = []
    nav = pager_row(
        t, page, len(pages), {n: _cb(DraftAction.PREVIEW, n) for n in neighbours(page, len(pages))}
    )
    if nav:
        buttons.append(nav)
    buttons += [
        [button(t("pet-submit"), _cb(DraftAction.SUBMIT))],
        [
            button(t("pet-edit-title"), _cb(DraftAction.EDIT_TITLE)),
            button(t("pet-edit-body"), _cb(DraftAction.EDIT_BODY)),
        ],
        [
            button(t("pet-edit-name"), _cb(DraftAction.EDIT_NAME)),
            button(t("pet-edit-email"), _cb(DraftAction.EDIT_EMAIL)),
        ],
        [button(t("pet-discard"), _cb(DraftAction.DISCARD))],
        leave_row(t),
    ]
    return Screen(pages[page], buttons)


async def next_step(
    event: Message | CallbackQuery,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    drafts: DraftRepository,
    petitions: PetitionService,
) -> None:
    """The first step the draft still needs, or the preview when it is complete (or when
    the resident came from the preview to change one thing)."""
    draft = await drafts.get(resident.id) or Draft()
    if not draft.title:
        await ask_title(event, state, t)
    elif not draft.body:
        await ask_body(event, state, t, draft)
    elif not draft.author_name:
        await ask_name(event, state, t, draft, resident)
    elif not draft.author_email:
        await ask_email(event, state, t, draft, resident, petitions)
    else:
        await state.set_state(CreateFlow.preview)
        await state.set_data({})
        await show(event, preview_screen(t, draft), edit=False)


async def after_step(
    event: Message | CallbackQuery,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    drafts: DraftRepository,
    petitions: PetitionService,
    following: State,
) -> None:
    """Go on to `following`, or back to the preview when editing from there."""
    draft = await drafts.get(resident.id) or Draft()
    if (await state.get_data()).get("editing"):
        await next_step(event, state, t, resident, drafts, petitions)
    elif following == CreateFlow.body:
        await ask_body(event, state, t, draft)
    elif following == CreateFlow.name:
        await ask_name(event, state, t, draft, resident)
    elif following == CreateFlow.email:
        await ask_email(event, state, t, draft, resident, petitions)
    else:
        await next_step(event, state, t, resident, drafts, petitions)


# --- prompts: each step shown again --------------------------------------------------------


@flow.prompt(*TEXT_STEPS, CreateFlow.preview)
async def prompt_step(
    event: Message | CallbackQuery,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    drafts: DraftRepository,
    petitions: PetitionService,
) -> None:
    current = await state.get_state()
    draft = await drafts.get(resident.id) or Draft()
    if current == CreateFlow.title.state:
        await ask_title(event, state, t)
    elif current == CreateFlow.body.state:
        await ask_body(event, state, t, draft)
    elif current == CreateFlow.name.state:
        await ask_name(event, state, t, draft, resident)
    elif current == CreateFlow.email.state:
        await ask_email(event, state, t, draft, resident, petitions)
    else:
        await next_step(event, state, t, resident, drafts, petitions)


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
            [button(t("pet-consent-agree"), _cb(DraftAction.CONSENT))],
            [button(t("btn-back"), MenuCb(screen=Block.PEOPLE_AND_POWER.value).pack())],
        ]
        await show(query, Screen(t("pet-author-consent-needed"), buttons))
        return
    draft = await drafts.get(resident.id)
    if draft is not None and not draft.empty:
        buttons = [
            [button(t("pet-draft-continue"), _cb(DraftAction.CONTINUE))],
            [button(t("pet-draft-restart"), _cb(DraftAction.RESTART))],
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


def clean_email(text: str) -> str | None:
    value = text.strip()
    if len(value) > EMAIL_MAX:
        return None
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        return None


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
        [button(t("pet-discard-yes"), _cb(DraftAction.DISCARD_YES))],
        [button(t("btn-back"), _cb(DraftAction.PREVIEW))],
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
