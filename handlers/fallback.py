"""The last router: whatever no flow took. The resident gets a clear answer and is shown the
step they were at again; their state and what they typed so far are kept. Text typed outside
a form never gets here from an onboarded resident: the FAQ flow takes it as a question."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import F
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, ChatMemberUpdated, Message

from handlers.menu import block_screen, opened_block, send_main_menu
from handlers.start import continue_onboarding
from storage.community import CommunityRepository
from storage.errors import DomainError
from storage.residents import Resident, ResidentRepository
from ui.errors import tell
from ui.flow import Flow, flows_in, has_prompt, show_step
from ui.i18n import Translator
from ui.screens import show

log = logging.getLogger(__name__)
flow = Flow("fallback")
router = flow.routes


def _what_was_wrong(message: Message, t: Translator) -> str:
    if message.text is not None:
        if message.text.startswith("/"):
            return t("error-unknown-command")
        return t("error-use-buttons")
    return t("error-unsupported-content")


async def resume(
    event: Message | CallbackQuery,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    community: CommunityRepository,
    ctx: dict[str, Any],
) -> None:
    """Show the resident where they are: their current step, onboarding, or the menu."""
    current = await state.get_state()
    if has_prompt(current, ctx):
        await show_step(str(current), event, ctx)
    elif not resident.onboarded:
        await continue_onboarding(event, state, ctx)
    elif current is None and (block := await opened_block(state)) is not None:
        await show(event, block_screen(t, resident, block, flows_in(ctx)), edit=False)
    else:
        await send_main_menu(event, ctx)


@flow.answers(DomainError, everywhere=True)
async def rule_without_answer(
    event: Message | CallbackQuery,
    error: DomainError,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    community: CommunityRepository,
    ctx: dict[str, Any],
) -> None:
    """A rule no flow answers in its own words yet: still a clear answer and the way on,
    never the apology. Logged, so the missing answer gets written."""
    log.warning("No answer of its own for %s: %s", type(error).__name__, error)
    await tell(event, t("error-not-possible"))
    await resume(event, state, t, resident, community, ctx)


@router.message()
async def unexpected_message(
    message: Message,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    community: CommunityRepository,
    ctx: dict[str, Any],
) -> None:
    await message.answer(_what_was_wrong(message, t))
    await resume(message, state, t, resident, community, ctx)


@router.callback_query()
async def stale_button(
    query: CallbackQuery,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    community: CommunityRepository,
    ctx: dict[str, Any],
) -> None:
    """A button from an old message, or callback data that was never ours."""
    log.info("Stale or unknown button %r from resident %s", query.data, resident.id)
    await query.answer(t("error-stale-button"), show_alert=True)
    await resume(query, state, t, resident, community, ctx)


@router.my_chat_member(F.new_chat_member.status == "kicked")
async def blocked_the_bot(
    _event: ChatMemberUpdated,
    resident: Resident,
    residents: ResidentRepository,
    channel: str = "telegram",
) -> None:
    """The resident blocked the bot: nothing more reaches them on this channel until they
    come back (another channel of theirs still works)."""
    await residents.set_active(resident.id, False, channel=channel)


@router.my_chat_member()
async def chat_member_changed(_event: ChatMemberUpdated) -> None:
    """Other membership changes need no action; a message from the resident reactivates them."""


@router.edited_message()
async def edited_message(_message: Message) -> None:
    """Edits of earlier messages do not change answers already given."""
