"""The FAQ for residents: «Послуги» → «Часті питання» to browse by category, or just type a
question anywhere outside a form. Onboarded residents only (others resume onboarding in the
fallback). Handlers receive the FAQ service as `faq`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiogram import F
from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message

from handlers.faq.callbacks import FaqAction, FaqCb, FeedbackCb
from handlers.faq.screens import (
    categories_screen,
    category_screen,
    entry_screen,
    no_answer_screen,
    unhelpful_screen,
)
from handlers.menu import is_onboarded
from storage.community import CommunityRepository
from storage.faq.service import FaqService
from storage.residents import Resident
from ui.flow import Block, Flow, Flows
from ui.i18n import Translator
from ui.keyboards import button
from ui.screens import show

if TYPE_CHECKING:
    from bot.app import Services

flow = Flow("faq")
router = flow.routes
router.message.filter(is_onboarded)
router.callback_query.filter(is_onboarded)

# The queue flow's «book a visit» item, offered when the FAQ cannot help (if it is there).
BOOKING_ITEM = "menu-queue-book"


@flow.services
def faq_services(core: Services) -> dict[str, object]:
    return {"faq": FaqService(core.db, core.community, core.clock)}


flow.menu_item(Block.SERVICES, "menu-faq", FaqCb(action=FaqAction.CATEGORIES).pack())


@flow.warm_up
async def build_index(faq: FaqService) -> None:
    """The index and pymorphy3's dictionaries, loaded before the first question (in a worker
    thread) rather than while the resident who asked it waits."""
    await faq.warm_up()


@flow.data_section
async def feedback_in_mydata(t: Translator, resident: Resident, faq: FaqService) -> str | None:
    count = await faq.feedback_count(resident.id)
    return t("faq-mydata-feedback", count=count) if count else None


def booking_button(t: Translator, resident: Resident, flows: Flows) -> InlineKeyboardButton | None:
    item = next(
        (i for i in flows.items_of(Block.SERVICES, resident) if i.text_key == BOOKING_ITEM), None
    )
    return button(t(item.text_key), item.callback_data) if item else None


# --- browsing ----------------------------------------------------------------------------


@router.callback_query(FaqCb.filter(F.action == FaqAction.CATEGORIES))
async def categories(query: CallbackQuery, t: Translator, faq: FaqService) -> None:
    await query.answer()
    await show(query, categories_screen(t, await faq.categories()))


@router.callback_query(FaqCb.filter(F.action == FaqAction.CATEGORY))
async def category(
    query: CallbackQuery, callback_data: FaqCb, t: Translator, faq: FaqService
) -> None:
    found = next((c for c in await faq.categories() if c.code == callback_data.code), None)
    if found is None:  # the community file no longer has it
        await query.answer(t("faq-gone"), show_alert=True)
        await show(query, categories_screen(t, await faq.categories()))
        return
    await query.answer()
    entries = await faq.entries_in(found.code)
    await show(query, category_screen(t, found, entries, callback_data.page))


@router.callback_query(FaqCb.filter(F.action == FaqAction.ENTRY))
async def entry(query: CallbackQuery, callback_data: FaqCb, t: Translator, faq: FaqService) -> None:
    found = await faq.entry(callback_data.code)
    if found is None:
        await query.answer(t("faq-gone"), show_alert=True)
        await show(query, categories_screen(t, await faq.categories()))
        return
    await query.answer()
    await show(query, entry_screen(t, found, page=callback_data.page))


# --- a typed question --------------------------------------------------------------------


@router.message(StateFilter(None), F.text, ~F.text.startswith("/"))
async def question(
    message: Message,
    t: Translator,
    resident: Resident,
    faq: FaqService,
    community: CommunityRepository,
    flows: Flows,
) -> None:
    """Text typed outside any form is a question; a form's own step wins (its state)."""
    text = message.text or ""
    answer = await faq.ask(text)
    if answer.best is not None:
        await show(message, entry_screen(t, answer.best.entry, answer.others))
        return
    screen = no_answer_screen(
        t, text, answer.others, await community.get(), booking_button(t, resident, flows)
    )
    await show(message, screen)


# --- «Чи допомогла відповідь?» -----------------------------------------------------------


@router.callback_query(FeedbackCb.filter())
async def feedback(
    query: CallbackQuery,
    callback_data: FeedbackCb,
    t: Translator,
    resident: Resident,
    faq: FaqService,
    community: CommunityRepository,
    flows: Flows,
) -> None:
    if await faq.entry(callback_data.entry) is None:
        await query.answer(t("faq-gone"), show_alert=True)
        return
    await faq.record_feedback(resident.id, callback_data.entry, callback_data.helpful)
    if callback_data.helpful:
        await query.answer(t("faq-thanks"))
        return
    await query.answer(t("faq-thanks"))
    booking = booking_button(t, resident, flows)
    await show(query, unhelpful_screen(t, await community.get(), booking), edit=False)
