"""The quality survey after a served visit (Cabinet of Ministers resolution №864): 1-5 stars
from the message the operator's «Обслужено» sends, then an optional comment."""

from __future__ import annotations

from typing import Any

from aiogram import F
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from handlers.menu import send_main_menu
from handlers.queue.callbacks import RateCb
from handlers.queue.drafts import RatingDraft
from handlers.queue.flow import flow, router
from handlers.queue.states import RatingFlow
from storage.queue.bookings import Bookings
from storage.queue.errors import BookingError, NotFound
from storage.queue.rules import COMMENT_LIMIT, comment_too_long
from storage.residents import Resident
from ui.i18n import Translator
from ui.keyboards import button
from ui.screens import Screen, show


def comment_screen(t: Translator, draft: RatingDraft) -> Screen:
    skip = RateCb(booking=draft.booking or 0, stars=0).pack()
    return Screen(
        t("queue-rate-thanks", stars="⭐" * draft.stars), [[button(t("queue-rate-skip"), skip)]]
    )


@flow.prompt(RatingFlow.comment)
async def prompt_comment(
    event: Message | CallbackQuery, state: FSMContext, t: Translator, ctx: dict[str, Any]
) -> None:
    draft = RatingDraft.from_dict(await state.get_data())
    if draft.booking is None:  # nothing to comment on
        await state.clear()
        await send_main_menu(event, ctx)
        return
    await show(event, comment_screen(t, draft), edit=False)


@router.callback_query(RateCb.filter(F.stars.in_({1, 2, 3, 4, 5})))
async def rate_visit(
    query: CallbackQuery,
    callback_data: RateCb,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    bookings: Bookings,
) -> None:
    try:
        await bookings.rate(callback_data.booking, resident.id, callback_data.stars, None)
    except NotFound:
        await query.answer(t("queue-not-found"), show_alert=True)
        return
    except BookingError:
        await query.answer(t("queue-rate-done"), show_alert=True)
        return
    await query.answer()
    draft = RatingDraft(callback_data.booking, callback_data.stars)
    await state.set_state(RatingFlow.comment)
    await state.set_data(draft.to_dict())
    await show(query, comment_screen(t, draft))


@router.callback_query(RatingFlow.comment, RateCb.filter(F.stars == 0))
async def skip_comment(query: CallbackQuery, state: FSMContext, t: Translator) -> None:
    await state.clear()
    await query.answer()
    await show(query, Screen(t("queue-rate-comment-saved")))


@router.message(RatingFlow.comment, F.text, ~F.text.startswith("/"))
async def leave_comment(
    message: Message,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    bookings: Bookings,
    ctx: dict[str, Any],
) -> None:
    comment = message.text or ""
    if comment_too_long(comment):
        await message.answer(t("queue-comment-too-long", max=COMMENT_LIMIT))
        return
    draft = RatingDraft.from_dict(await state.get_data())
    if draft.booking is None:
        await state.clear()
        await send_main_menu(message, ctx)
        return
    await bookings.comment(draft.booking, resident.id, comment)
    await state.clear()
    await message.answer(t("queue-rate-comment-saved"))
