"""The steps of writing a petition: each step's screen, what comes next, and the prompt that
shows the current step again (after unexpected input, /start or a restart). The draft lives
in its own table; the conversation state only says which step is open."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message

from handlers.petitions.callbacks import DraftAction, DraftCb
from handlers.petitions.common import flow
from handlers.petitions.render import neighbours, text_pages
from storage.petitions.drafts import Draft, DraftRepository
from storage.petitions.model import BODY_MAX, TITLE_MAX
from storage.petitions.service import PetitionService
from storage.residents import Resident
from ui.callbacks import MenuCb
from ui.flow import Block
from ui.i18n import Translator
from ui.keyboards import button, pager_row
from ui.screens import Screen, escape, say, show


class CreateFlow(StatesGroup):
    title = State()
    body = State()
    name = State()
    email = State()
    preview = State()


TEXT_STEPS = (CreateFlow.title, CreateFlow.body, CreateFlow.name, CreateFlow.email)


def draft_data(action: DraftAction, page: int = 0) -> str:
    return DraftCb(action=action, page=page).pack()


def leave_row(t: Translator) -> list[InlineKeyboardButton]:
    return [button(t("pet-draft-later"), MenuCb(screen=Block.PEOPLE_AND_POWER.value).pack())]


# --- the steps ---------------------------------------------------------------------------


async def ask_title(event: Message | CallbackQuery, state: FSMContext, t: Translator) -> None:
    await state.set_state(CreateFlow.title)
    await say(event, t("pet-ask-title", max=TITLE_MAX), Screen("", [leave_row(t)]).markup)


def body_saved_screen(t: Translator, draft: Draft) -> Screen:
    buttons = [
        [button(t("pet-body-done"), draft_data(DraftAction.BODY_DONE))],
        [button(t("pet-body-reset"), draft_data(DraftAction.BODY_RESET))],
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
    buttons = [[button(f"✅ {suggested}", draft_data(DraftAction.KEEP_NAME))]] if suggested else []
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
    buttons = [[button(f"✅ {suggested}", draft_data(DraftAction.KEEP_EMAIL))]] if suggested else []
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
        t,
        page,
        len(pages),
        {n: draft_data(DraftAction.PREVIEW, n) for n in neighbours(page, len(pages))},
    )
    if nav:
        buttons.append(nav)
    buttons += [
        [button(t("pet-submit"), draft_data(DraftAction.SUBMIT))],
        [
            button(t("pet-edit-title"), draft_data(DraftAction.EDIT_TITLE)),
            button(t("pet-edit-body"), draft_data(DraftAction.EDIT_BODY)),
        ],
        [
            button(t("pet-edit-name"), draft_data(DraftAction.EDIT_NAME)),
            button(t("pet-edit-email"), draft_data(DraftAction.EDIT_EMAIL)),
        ],
        [button(t("pet-discard"), draft_data(DraftAction.DISCARD))],
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
