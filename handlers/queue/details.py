"""The end of a booking: the resident's name and phone (asked once, kept for next time) and
the confirmation that turns the held time (or a move) into a ticket."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from aiogram import F
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from handlers.queue.callbacks import QueueAction, QueueCb
from handlers.queue.drafts import BookingDraft, BookingStep
from handlers.queue.flow import router
from handlers.queue.screens import contact_keyboard, ticket_screen
from handlers.queue.states import BookingFlow
from handlers.queue.steps import StepView, ask_details_or_confirm, load_draft
from storage.queue.bookings import Bookings
from storage.queue.errors import HoldExpired, NotFound, SlotUnavailable
from storage.queue.models import Booking
from storage.queue.rules import clean_name, normalise_phone
from storage.residents import Resident, ResidentRepository
from ui.i18n import Translator
from ui.keyboards import main_reply_keyboard
from ui.screens import show


async def _continue_with(
    event: Message, state: FSMContext, resident: Resident, ctx: dict[str, Any]
) -> None:
    view = replace(await StepView.of(ctx), resident=resident)
    await ask_details_or_confirm(event, state, view, await load_draft(state))


@router.message(BookingFlow.name, F.text)
async def enter_name(
    message: Message,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    residents: ResidentRepository,
    ctx: dict[str, Any],
) -> None:
    name = clean_name(message.text or "")
    if name is None:
        await message.answer(t("queue-bad-name"))
        return
    await residents.set_contact(resident.id, full_name=name)
    await _continue_with(message, state, await residents.get(resident.id) or resident, ctx)


@router.message(BookingFlow.phone, F.contact)
async def share_phone(
    message: Message,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    residents: ResidentRepository,
    ctx: dict[str, Any],
) -> None:
    contact = message.contact
    if contact is None or message.from_user is None or contact.user_id != message.from_user.id:
        await message.answer(t("queue-phone-not-own"), reply_markup=contact_keyboard(t))
        return
    await residents.set_contact(resident.id, phone=normalise_phone(contact.phone_number))
    await message.answer(t("queue-phone-saved"), reply_markup=main_reply_keyboard(t))
    await _continue_with(message, state, await residents.get(resident.id) or resident, ctx)


@router.message(BookingFlow.phone, F.text, ~F.text.startswith("/"))
async def phone_typed(message: Message, t: Translator) -> None:
    await message.answer(t("queue-phone-button-only"), reply_markup=contact_keyboard(t))


async def _book(bookings: Bookings, resident: Resident, draft: BookingDraft) -> Booking:
    """Move the booking to the chosen time, or confirm the held one."""
    if draft.reschedule is not None and draft.slot is not None:
        return await bookings.reschedule(draft.reschedule, resident.id, draft.slot)
    if draft.hold is None:
        raise SlotUnavailable()
    return await bookings.confirm(
        draft.hold, resident.id, resident.full_name or "", resident.phone or ""
    )


@router.callback_query(BookingFlow.confirm, QueueCb.filter(F.action == QueueAction.CONFIRM))
async def confirm_booking(
    query: CallbackQuery,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    bookings: Bookings,
    ctx: dict[str, Any],
) -> None:
    view, draft = await StepView.of(ctx), await load_draft(state)
    if await view.lacks(query, state, draft, BookingStep.CONFIRM):
        return
    try:
        done = await _book(bookings, resident, draft)
    except NotFound:
        await state.clear()
        await query.answer(t("queue-already-cancelled"), show_alert=True)
        return
    except (HoldExpired, SlotUnavailable):
        await query.answer(t("queue-hold-expired"), show_alert=True)
        await view.go(query, state, BookingStep.TIME, draft)
        return
    await state.clear()
    await query.answer(t("queue-rescheduled") if draft.reschedule else None)
    await show(query, ticket_screen(t, view.catalog, done))
