"""The end of a booking: the resident's name and phone (asked once, kept for next time) and
the confirmation that turns the held time (or a move) into a ticket."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from aiogram import F
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from handlers.menu import menu_keyboard_sent, send_main_menu
from handlers.news.paid import offer
from handlers.queue.callbacks import QueueAction, QueueCb
from handlers.queue.drafts import BookingDraft, BookingStep, Editing
from handlers.queue.flow import router
from handlers.queue.screens import cnap_phone, contact_keyboard, limit_screen, ticket_screen
from handlers.queue.states import BookingFlow
from handlers.queue.steps import StepView, ask_details_or_confirm, load_draft
from handlers.queue.wizard import left_text
from storage.costs import Question
from storage.queue.bookings import Bookings
from storage.queue.errors import HoldExpired, LimitReached, NotFound, SlotUnavailable
from storage.queue.models import Booking
from storage.queue.rules import clean_name, clean_phone, name_problem
from storage.residents import Resident, ResidentRepository
from ui.i18n import Texts, Translator
from ui.keyboards import main_reply_keyboard
from ui.screens import show


async def _continue_with(
    event: Message, state: FSMContext, resident: Resident, ctx: dict[str, Any]
) -> None:
    view = replace(await StepView.of(ctx), resident=resident)
    await ask_details_or_confirm(event, state, view, await load_draft(state))


NAME_PROBLEMS = {
    "length": "queue-bad-name",
    "symbols": "queue-name-letters-only",
    "one_word": "queue-name-needs-surname",
}


@router.message(BookingFlow.name, F.text, ~F.text.startswith("/"))
async def enter_name(
    message: Message,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    residents: ResidentRepository,
    ctx: dict[str, Any],
) -> None:
    """The resident's own name (kept for next time), or the name of the person they book
    for (kept on this booking only)."""
    typed = message.text or ""
    problem = name_problem(typed)
    name = clean_name(typed)
    if problem is not None or name is None:
        await message.answer(t(NAME_PROBLEMS[problem or "length"]))
        return
    draft = await load_draft(state)
    if draft.editing is Editing.VISITOR:
        view = await StepView.of(ctx)
        await view.go(
            message, state, BookingStep.CONFIRM, replace(draft, visitor=name, editing=None)
        )
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
    phone = clean_phone(contact.phone_number)
    if phone is None:
        await message.answer(t("queue-bad-phone"), reply_markup=contact_keyboard(t))
        return
    await residents.set_contact(resident.id, phone=phone)
    await message.answer(t("queue-phone-saved"), reply_markup=main_reply_keyboard(t))
    updated = await residents.get(resident.id) or resident
    await menu_keyboard_sent(t, updated, residents)
    await _continue_with(message, state, await residents.get(resident.id) or updated, ctx)


def _pressed(key: str) -> Callable[[Message, Texts], bool]:
    """A reply-keyboard button of the phone step, in whichever language it was shown."""

    def check(message: Message, texts: Texts) -> bool:
        return message.text is not None and message.text in texts.all_variants(key)

    return check


@router.message(BookingFlow.phone, _pressed("btn-back"))
async def phone_back(
    message: Message, state: FSMContext, t: Translator, ctx: dict[str, Any]
) -> None:
    """Back from the phone: to the confirmation it was opened from, else to the times."""
    draft = await load_draft(state)
    target = BookingStep.CONFIRM if draft.editing else BookingStep.TIME
    await message.answer(t("queue-phone-not-changed"), reply_markup=main_reply_keyboard(t))
    await menu_keyboard_sent(t, ctx["resident"], ctx["residents"])
    view = await StepView.of(ctx)
    await view.go(message, state, target, replace(draft, editing=None), edit=False)


@router.message(BookingFlow.phone, _pressed("queue-leave"))
async def phone_leave(
    message: Message,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    bookings: Bookings,
    ctx: dict[str, Any],
) -> None:
    draft = await load_draft(state)
    if draft.hold is not None:
        await bookings.release_hold(draft.hold, resident.id)
    await state.clear()
    await message.answer(
        await left_text(t, resident, bookings, draft), reply_markup=main_reply_keyboard(t)
    )
    await menu_keyboard_sent(t, resident, ctx["residents"])
    await send_main_menu(message, ctx)


@router.message(BookingFlow.phone, F.text, ~F.text.startswith("/"))
async def phone_typed(message: Message, t: Translator) -> None:
    await message.answer(t("queue-phone-button-only"), reply_markup=contact_keyboard(t))


# --- changing who and how on the confirmation ---------------------------------------------

_EDITS = {
    QueueAction.EDIT_NAME: (Editing.NAME, BookingStep.NAME),
    QueueAction.FOR_OTHER: (Editing.VISITOR, BookingStep.NAME),
    QueueAction.EDIT_PHONE: (Editing.PHONE, BookingStep.PHONE),
}


@router.callback_query(BookingFlow.confirm, QueueCb.filter(F.action.in_(set(_EDITS))))
async def edit_on_confirm(
    query: CallbackQuery, callback_data: QueueCb, state: FSMContext, ctx: dict[str, Any]
) -> None:
    """Change the saved name or phone, or book for someone else, then come back here."""
    view, draft = await StepView.of(ctx), await load_draft(state)
    if await view.lacks(query, state, draft, BookingStep.CONFIRM):
        return
    if draft.hold is None:  # a move keeps who comes and the number: nothing to change
        await query.answer(view.t("error-stale-button"), show_alert=True)
        return
    await query.answer()
    editing, step = _EDITS[callback_data.action]
    await view.go(query, state, step, replace(draft, editing=editing), edit=False)


@router.callback_query(BookingFlow.confirm, QueueCb.filter(F.action == QueueAction.FOR_SELF))
async def book_for_self(query: CallbackQuery, state: FSMContext, ctx: dict[str, Any]) -> None:
    view, draft = await StepView.of(ctx), await load_draft(state)
    await query.answer()
    await view.go(query, state, BookingStep.CONFIRM, replace(draft, visitor=None, editing=None))


async def _book(bookings: Bookings, resident: Resident, draft: BookingDraft) -> Booking:
    """Move the booking to the chosen time, or confirm the held one."""
    if draft.reschedule is not None and draft.slot is not None:
        return await bookings.reschedule(draft.reschedule, resident.id, draft.slot)
    if draft.hold is None:
        raise SlotUnavailable()
    return await bookings.confirm(
        draft.hold, resident.id, draft.visitor or resident.full_name or "", resident.phone or ""
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
    except LimitReached as limit:  # the phone just shared was counted under a former record
        if draft.hold is not None:
            await bookings.release_hold(draft.hold, resident.id)
        await state.clear()
        await query.answer()
        phone = cnap_phone(view.catalog, draft.place)
        await show(query, limit_screen(t, limit.problem, phone))
        return
    await state.clear()
    await query.answer(t("queue-rescheduled") if draft.reschedule else None)
    await show(query, ticket_screen(t, view.catalog, done))
    await offer(query, ctx, Question.CNAP)  # where reminders cost money: may they come?
