"""Booking a visit, step by step: place → category → service → day → time (held for the
resident), «Back» and «Leave» on every screen. Name, phone and the confirmation follow in
details."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from aiogram import F
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery

from handlers.menu import offer_menu_keyboard, send_main_menu
from handlers.queue.callbacks import QueueAction, QueueCb, parse_day, parse_slot
from handlers.queue.drafts import BookingDraft, BookingStep
from handlers.queue.flow import router
from handlers.queue.screens import (
    cnap_phone,
    day_screen,
    free_slots,
    limit_screen,
    menu_button,
    place_screen,
    queue_button,
)
from handlers.queue.states import BOOKING_STATES, BookingFlow
from handlers.queue.steps import StepView, ask_details_or_confirm, load_draft
from storage.community import CommunityRepository
from storage.queue.bookings import Bookings
from storage.queue.catalogue import Catalogue
from storage.queue.errors import BookingError, LimitReached, NotFound
from storage.queue.limits import Limits
from storage.residents import Resident, ResidentRepository
from ui.callbacks import MenuScreen
from ui.i18n import Translator
from ui.screens import Screen, show

BACK_TARGETS = (
    BookingStep.PLACE,
    BookingStep.CATEGORY,
    BookingStep.SERVICE,
    BookingStep.DAY,
    BookingStep.TIME,
    BookingStep.CONFIRM,  # from a name or phone opened on the confirmation
)


@router.callback_query(QueueCb.filter(F.action == QueueAction.START))
async def start_booking(
    query: CallbackQuery,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    cnap: Catalogue,
    booking_limits: Limits,
    community: CommunityRepository,
) -> None:
    await query.answer()
    if not resident.has_consent:
        consent = [
            [queue_button(t("queue-consent-agree"), QueueAction.CONSENT)],
            [menu_button(t, MenuScreen.SERVICES)],
        ]
        await show(query, Screen(t("queue-consent-needed"), consent))
        return
    catalog = await cnap.current()
    problem = await booking_limits.check(resident.id, resident.phone)
    if problem is not None:
        await show(query, limit_screen(t, problem, cnap_phone(catalog)))
        return
    await state.set_state(BookingFlow.place)
    await state.set_data({})
    await show(query, await place_screen(t, catalog, resident, community))


@router.callback_query(QueueCb.filter(F.action == QueueAction.CONSENT))
async def consent_for_booking(
    query: CallbackQuery,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    residents: ResidentRepository,
    cnap: Catalogue,
    booking_limits: Limits,
    community: CommunityRepository,
) -> None:
    await residents.set_consent(resident.id, True)
    refreshed = await residents.get(resident.id) or resident
    await start_booking(query, state, t, refreshed, cnap, booking_limits, community)


@router.callback_query(BookingFlow.place, QueueCb.filter(F.action == QueueAction.PLACE))
async def choose_place(
    query: CallbackQuery, callback_data: QueueCb, state: FSMContext, ctx: dict[str, Any]
) -> None:
    view = await StepView.of(ctx)
    if view.catalog.place(callback_data.value) is None:
        await query.answer(view.t("error-stale-button"), show_alert=True)
        return
    await query.answer()
    draft = replace(await load_draft(state), place=callback_data.value)
    await view.go(query, state, BookingStep.CATEGORY, draft)


@router.callback_query(BookingFlow.category, QueueCb.filter(F.action == QueueAction.CATEGORY))
async def choose_category(
    query: CallbackQuery, callback_data: QueueCb, state: FSMContext, ctx: dict[str, Any]
) -> None:
    view, draft = await StepView.of(ctx), await load_draft(state)
    if await view.lacks(query, state, draft, BookingStep.CATEGORY):
        return
    if not view.catalog.services_at(draft.place or "", callback_data.value):
        await query.answer(view.t("error-stale-button"), show_alert=True)
        return
    await query.answer()
    await view.go(query, state, BookingStep.SERVICE, replace(draft, category=callback_data.value))


@router.callback_query(BookingFlow.service, QueueCb.filter(F.action == QueueAction.SERVICE))
async def choose_service(
    query: CallbackQuery, callback_data: QueueCb, state: FSMContext, ctx: dict[str, Any]
) -> None:
    view, draft = await StepView.of(ctx), await load_draft(state)
    if await view.lacks(query, state, draft, BookingStep.SERVICE):
        return
    offered = {s.code for s in view.catalog.services_at(draft.place or "", draft.category)}
    if callback_data.value not in offered:
        await query.answer(view.t("error-stale-button"), show_alert=True)
        return
    await query.answer()
    await view.go(query, state, BookingStep.DAY, replace(draft, service=callback_data.value))


@router.callback_query(BookingFlow.day, QueueCb.filter(F.action == QueueAction.DAY))
async def choose_day(
    query: CallbackQuery, callback_data: QueueCb, state: FSMContext, ctx: dict[str, Any]
) -> None:
    view, draft = await StepView.of(ctx), await load_draft(state)
    if await view.lacks(query, state, draft, BookingStep.DAY):
        return
    day = parse_day(callback_data.value)
    open_days = await view.availability.available_days(draft.place or "", draft.service or "")
    if day is None or day not in open_days:
        await query.answer(view.t("queue-day-closed"), show_alert=True)
        await show(query, await day_screen(view.t, view.availability, view.catalog, draft))
        return
    await query.answer()
    await view.go(query, state, BookingStep.TIME, replace(draft, day=day))


@router.callback_query(BookingFlow.time, QueueCb.filter(F.action == QueueAction.TIME))
async def choose_time(
    query: CallbackQuery,
    callback_data: QueueCb,
    state: FSMContext,
    bookings: Bookings,
    ctx: dict[str, Any],
) -> None:
    view, draft = await StepView.of(ctx), await load_draft(state)
    t, resident = view.t, view.resident
    starts_at = parse_slot(callback_data.value)
    if starts_at is None:
        await query.answer(t("error-stale-button"), show_alert=True)
        return
    if await view.lacks(query, state, draft, BookingStep.TIME):
        return
    if draft.reschedule:
        if starts_at not in {s.starts_at for s in await free_slots(view.availability, draft)}:
            await _slot_gone(query, state, view, draft)
            return
        await query.answer()
        await view.go(query, state, BookingStep.CONFIRM, replace(draft, slot=starts_at))
        return
    try:
        held = await bookings.hold(
            resident.id, draft.place or "", draft.service or "", starts_at, resident.phone
        )
    except LimitReached as limit:
        await query.answer()
        await state.clear()
        await show(query, limit_screen(t, limit.problem, cnap_phone(view.catalog, draft.place)))
        return
    except BookingError:
        await _slot_gone(query, state, view, draft)
        return
    await query.answer()
    if not (resident.full_name and resident.phone):
        # The time buttons give way to what was chosen, so the next question stands alone.
        minutes = view.catalog.settings.hold_minutes
        await show(query, Screen(t("queue-slot-held", when=t.datetime(starts_at), minutes=minutes)))
    await ask_details_or_confirm(query, state, view, replace(draft, slot=starts_at, hold=held.id))


async def _slot_gone(
    query: CallbackQuery, state: FSMContext, view: StepView, draft: BookingDraft
) -> None:
    await query.answer(view.t("queue-slot-taken"), show_alert=True)
    await view.go(query, state, BookingStep.TIME, draft)


@router.callback_query(QueueCb.filter(F.action == QueueAction.BACK))
async def go_back(
    query: CallbackQuery, callback_data: QueueCb, state: FSMContext, ctx: dict[str, Any]
) -> None:
    t: Translator = ctx["t"]
    if await state.get_state() not in BOOKING_STATES:
        await query.answer(t("error-stale-button"), show_alert=True)
        await send_main_menu(query, ctx)
        return
    await query.answer()
    view, draft = await StepView.of(ctx), await load_draft(state)
    target = next((s for s in BACK_TARGETS if s.value == callback_data.value), None)
    if target is None or draft.back_to(target) is not target:
        await show(query, Screen(t("error-stale-button")))
        return
    await view.go(query, state, target, replace(draft, editing=None))


@router.callback_query(QueueCb.filter(F.action == QueueAction.LEAVE))
async def leave_booking(
    query: CallbackQuery,
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
    await query.answer()
    await show(query, Screen(await left_text(t, resident, bookings, draft)))
    await offer_menu_keyboard(query, t, resident, ctx["residents"])
    await send_main_menu(query, ctx)


async def left_text(
    t: Translator, resident: Resident, bookings: Bookings, draft: BookingDraft
) -> str:
    """Leaving a move keeps the booking as it was: say so, with its code and time."""
    if draft.reschedule is None:
        return t("queue-left")
    try:
        kept = await bookings.get_for_resident(draft.reschedule, resident.id)
    except NotFound:
        return t("queue-left")
    if kept.status != "booked":
        return t("queue-left")
    return t("queue-reschedule-kept", code=kept.code, when=t.datetime(kept.starts_at))
