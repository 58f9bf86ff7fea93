"""How the e-queue answers its rules (storage.queue.errors, storage.errors) when a handler
runs into one: what the resident or operator is told, and the screen they go on from. A
booking changed meanwhile (cancelled, marked, begun) shows «Мої записи» as they are now; a
time gone returns to the times; consent withdrawn closes the form and asks for consent."""

from __future__ import annotations

from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from handlers.menu import send_main_menu
from handlers.queue.callbacks import QueueAction
from handlers.queue.drafts import BookingStep
from handlers.queue.flow import desk_flow, flow
from handlers.queue.screens import limit_screen, menu_button, queue_button
from handlers.queue.states import BOOKING_STATES, CLOSE_STATES, RatingFlow
from handlers.queue.steps import StepView, load_draft
from handlers.queue.tickets import MyVisits, mine_screen
from storage.errors import ConsentRequired
from storage.queue.bookings import Bookings
from storage.queue.catalogue import Catalogue
from storage.queue.errors import (
    AlreadyRated,
    CnapNotConfigured,
    HoldExpired,
    InvalidInput,
    LimitReached,
    NotFound,
    OutsideWindow,
    SlotUnavailable,
    TooEarly,
    TooLate,
    UnknownCode,
    WrongState,
)
from storage.residents import Resident
from ui.callbacks import MenuScreen
from ui.errors import acknowledge, tell
from ui.flow import show_step
from ui.i18n import Translator
from ui.screens import Screen, show

Event = Message | CallbackQuery
RESIDENT_FORMS = BOOKING_STATES | {RatingFlow.comment.state}


async def leave_form(state: FSMContext) -> str | None:
    """Close the resident's booking or rating form (the held time is released on leaving);
    returns the state they were in."""
    current = await state.get_state()
    if current in RESIDENT_FORMS:
        await state.clear()
    return current


async def show_mine(
    event: Event, t: Translator, resident: Resident, cnap: Catalogue, bookings: Bookings
) -> None:
    visits = await MyVisits.of(bookings, resident.id)
    await show(event, mine_screen(t, await cnap.current(), visits))


def changed_text(t: Translator, error: Exception) -> str:
    if isinstance(error, TooLate):
        return t("queue-too-late")
    if isinstance(error, WrongState) and error.status in {"arrived", "served", "no_show"}:
        return t("queue-visit-marked")
    if isinstance(error, WrongState):
        return t("queue-already-cancelled")
    return t("queue-not-found")


@flow.answers(WrongState, NotFound, TooLate)
async def booking_changed(
    event: Event,
    error: Exception,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    cnap: Catalogue,
    bookings: Bookings,
    ctx: dict[str, Any],
) -> None:
    """The booking was cancelled, moved, marked or has begun since its button was shown."""
    if await leave_form(state) == RatingFlow.comment.state:
        await tell(event, t("queue-rate-unavailable"))
        await send_main_menu(event, ctx)
        return
    await tell(event, changed_text(t, error))
    await show_mine(event, t, resident, cnap, bookings)


@flow.answers(HoldExpired, SlotUnavailable, OutsideWindow)
async def time_gone(
    event: Event,
    error: Exception,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    cnap: Catalogue,
    bookings: Bookings,
    ctx: dict[str, Any],
) -> None:
    expired = isinstance(error, HoldExpired)
    await tell(event, t("queue-hold-expired" if expired else "queue-slot-taken"))
    if await state.get_state() in BOOKING_STATES:
        view = await StepView.of(ctx)
        await view.go(event, state, BookingStep.TIME, await load_draft(state))
        return
    await show_mine(event, t, resident, cnap, bookings)


@flow.answers(LimitReached)
async def limit_reached(
    event: Event, error: LimitReached, state: FSMContext, t: Translator
) -> None:
    await leave_form(state)
    await acknowledge(event)
    await show(event, limit_screen(t, error.problem))


@flow.answers(AlreadyRated)
async def already_rated(
    event: Event, state: FSMContext, t: Translator, ctx: dict[str, Any]
) -> None:
    await leave_form(state)
    await tell(event, t("queue-rate-done"))
    await send_main_menu(event, ctx)


@flow.answers(InvalidInput)
async def input_refused(
    event: Event, state: FSMContext, t: Translator, ctx: dict[str, Any]
) -> None:
    """The last guard refused what was typed: ask for it again where it is asked."""
    current = await state.get_state()
    if current in BOOKING_STATES:  # a phone kept from before the rules were stricter
        await tell(event, t("queue-contact-invalid"))
        view = await StepView.of(ctx)
        await view.go(event, state, BookingStep.PHONE, await load_draft(state))
        return
    if current == RatingFlow.comment.state:
        await tell(event, t("queue-comment-empty"))
        await show_step(str(current), event, ctx)
        return
    await tell(event, t("error-not-possible"))
    await send_main_menu(event, ctx)


@flow.answers(ConsentRequired)
async def consent_needed(event: Event, state: FSMContext, t: Translator) -> None:
    """Consent was withdrawn while booking: nothing is kept, and booking asks for it again."""
    await leave_form(state)
    await acknowledge(event)
    consent = [
        [queue_button(t("queue-consent-agree"), QueueAction.CONSENT)],
        [menu_button(t, MenuScreen.SERVICES)],
    ]
    await show(event, Screen(t("queue-consent-needed"), consent))


@flow.answers(UnknownCode, CnapNotConfigured)
async def queue_unavailable(
    event: Event, state: FSMContext, t: Translator, ctx: dict[str, Any]
) -> None:
    """The community file changed under the form: the place or service is gone."""
    await leave_form(state)
    await tell(event, t("queue-unavailable"))
    await send_main_menu(event, ctx)


# --- the operator desk -------------------------------------------------------------------


@desk_flow.answers(NotFound)
async def visit_gone(event: Event, t: Translator) -> None:
    await tell(event, t("queue-not-found"))


@desk_flow.answers(WrongState, TooEarly)
async def mark_refused(event: Event, error: Exception, t: Translator) -> None:
    if isinstance(error, WrongState):
        await tell(event, t("op-mark-refused", status=t(f"op-status-{error.status}")))
    else:
        await tell(event, t("op-too-early"))


@desk_flow.answers(InvalidInput)
async def closure_refused(
    event: Event, state: FSMContext, t: Translator, ctx: dict[str, Any]
) -> None:
    await tell(event, t("op-close-bad-reason"))
    current = await state.get_state()
    if current in CLOSE_STATES:
        await show_step(str(current), event, ctx)


@desk_flow.answers(UnknownCode, CnapNotConfigured)
async def place_gone(event: Event, state: FSMContext, t: Translator) -> None:
    if await state.get_state() in CLOSE_STATES:
        await state.clear()
    await tell(event, t("op-place-gone"))
