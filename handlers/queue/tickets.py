"""A resident's own bookings: «Мої записи», the ticket, cancelling, moving to another time or
booking again after the ЦНАП cancelled a visit, and switching reminders. Every button names a
booking; another resident's id gets the same answer as a missing one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiogram import F
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery

from handlers.queue.callbacks import TOGGLES, QueueAction, QueueCb, TicketAction, TicketCb
from handlers.queue.drafts import BookingDraft, BookingStep
from handlers.queue.flow import router
from handlers.queue.screens import (
    cnap_phone,
    limit_screen,
    menu_button,
    queue_button,
    ticket_button,
    ticket_screen,
)
from handlers.queue.steps import StepView
from storage.queue.bookings import Bookings
from storage.queue.catalogue import Catalogue, CnapCatalog
from storage.queue.errors import NotFound, WrongState
from storage.queue.limits import Limits
from storage.queue.models import Booking, ReminderKind
from storage.residents import Resident
from ui.callbacks import MenuScreen
from ui.i18n import Translator
from ui.screens import Screen, escape, say, show


def _service_name(t: Translator, catalog: CnapCatalog, code: str) -> str:
    service = catalog.service(code)
    return service.name.get(t.language) if service else code


def _upcoming_line(t: Translator, catalog: CnapCatalog, b: Booking) -> str:
    place = catalog.place(b.place_code)
    return t(
        "queue-mine-line",
        when=t.datetime(b.starts_at),
        service=escape(_service_name(t, catalog, b.service_code)),
        place=escape(place.name.get(t.language) if place else b.place_code),
        code=b.code,
    )


def _past_line(t: Translator, catalog: CnapCatalog, b: Booking) -> str:
    return t(
        "queue-mine-past-line",
        when=t.datetime(b.starts_at),
        service=escape(_service_name(t, catalog, b.service_code)),
        status=t(f"queue-status-{b.status}"),
    )


@dataclass(frozen=True, slots=True)
class MyVisits:
    upcoming: list[Booking]
    cancelled: list[Booking]  # still to come, but cancelled
    past: list[Booking]

    @classmethod
    async def of(cls, bookings: Bookings, resident_id: int) -> MyVisits:
        return cls(
            await bookings.upcoming(resident_id),
            (await bookings.cancelled_ahead(resident_id))[:5],
            (await bookings.past(resident_id))[:5],
        )


def mine_screen(t: Translator, catalog: CnapCatalog, visits: MyVisits) -> Screen:
    upcoming = visits.upcoming
    lines = [t("queue-mine-title")]
    if not upcoming:
        lines.append(t("queue-mine-empty"))
    else:
        lines += ["", t("queue-mine-upcoming"), *(_upcoming_line(t, catalog, b) for b in upcoming)]
    if visits.cancelled:
        cancelled = (_past_line(t, catalog, b) for b in visits.cancelled)
        lines += ["", t("queue-mine-cancelled"), *cancelled]
    if visits.past:
        lines += ["", t("queue-mine-past"), *(_past_line(t, catalog, b) for b in visits.past)]
    buttons = [
        [
            ticket_button(
                t("queue-open-ticket", when=t.datetime(b.starts_at)), TicketAction.SHOW, b.id
            )
        ]
        for b in upcoming
    ]
    book = t("queue-book-another") if upcoming else t("queue-book-first")
    buttons.append([queue_button(book, QueueAction.START)])
    buttons.append([menu_button(t, MenuScreen.SERVICES)])
    return Screen("\n".join(lines), buttons)


@router.callback_query(QueueCb.filter(F.action == QueueAction.MINE))
async def my_bookings(
    query: CallbackQuery, t: Translator, resident: Resident, cnap: Catalogue, bookings: Bookings
) -> None:
    await query.answer()
    catalog = await cnap.current()
    await show(query, mine_screen(t, catalog, await MyVisits.of(bookings, resident.id)))


async def _own_booking(
    query: CallbackQuery, t: Translator, bookings: Bookings, resident: Resident, booking_id: int
) -> Booking | None:
    """The resident's own booking, or an answer saying there is none: a forged or foreign id
    gets the same answer as a missing one, so nothing about other residents leaks."""
    try:
        return await bookings.get_for_resident(booking_id, resident.id)
    except NotFound:
        await query.answer(t("queue-not-found"), show_alert=True)
        return None


async def _booked(
    query: CallbackQuery, t: Translator, bookings: Bookings, resident: Resident, booking_id: int
) -> Booking | None:
    """The resident's own booking that is still ahead; otherwise an alert says why (a button
    of a cancelled, moved or marked booking, in a reminder or an old ticket): WrongState is
    answered with the resident's bookings as they are now (handlers/queue/errors.py)."""
    own = await _own_booking(query, t, bookings, resident, booking_id)
    if own is not None and own.status != "booked":
        raise WrongState(own.status)
    return own


@router.callback_query(TicketCb.filter(F.action == TicketAction.SHOW))
async def show_ticket(
    query: CallbackQuery,
    callback_data: TicketCb,
    t: Translator,
    resident: Resident,
    cnap: Catalogue,
    bookings: Bookings,
) -> None:
    own = await _booked(query, t, bookings, resident, callback_data.booking)
    if own is None:
        return
    await query.answer()
    await show(query, ticket_screen(t, await cnap.current(), own))


@router.callback_query(TicketCb.filter(F.action == TicketAction.CANCEL))
async def ask_cancel(
    query: CallbackQuery,
    callback_data: TicketCb,
    t: Translator,
    resident: Resident,
    bookings: Bookings,
) -> None:
    own = await _booked(query, t, bookings, resident, callback_data.booking)
    if own is None:
        return
    await query.answer()
    buttons = [
        [ticket_button(t("queue-cancel-yes"), TicketAction.CANCEL_YES, own.id)],
        [ticket_button(t("queue-cancel-no"), TicketAction.SHOW, own.id)],
    ]
    text = t("queue-cancel-confirm", code=own.code, when=t.datetime(own.starts_at))
    await say(query, text, Screen("", buttons).markup)


@router.callback_query(TicketCb.filter(F.action == TicketAction.CANCEL_YES))
async def cancel_booking(
    query: CallbackQuery,
    callback_data: TicketCb,
    t: Translator,
    resident: Resident,
    bookings: Bookings,
    booking_limits: Limits,
) -> None:
    own = await _booked(query, t, bookings, resident, callback_data.booking)
    if own is None:
        return
    cancelled = await bookings.cancel(own.id, resident.id)
    await query.answer()
    text = t("queue-cancelled", code=cancelled.code, when=t.datetime(cancelled.starts_at))
    buttons = [[queue_button(t("menu-queue-mine"), QueueAction.MINE)]]
    # «Book again» only when a limit would not stop it at once (the cancelled one counts).
    if await booking_limits.check(resident.id, resident.phone) is None:
        buttons.insert(0, [queue_button(t("queue-book-another"), QueueAction.START)])
    await show(query, Screen(text, buttons))


@router.callback_query(
    TicketCb.filter(F.action.in_({TicketAction.RESCHEDULE, TicketAction.REBOOK}))
)
async def start_reschedule(
    query: CallbackQuery,
    callback_data: TicketCb,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    bookings: Bookings,
    booking_limits: Limits,
    ctx: dict[str, Any],
) -> None:
    """Move a booking (from the ticket or a reminder), or book again after a closure."""
    own = await _own_booking(query, t, bookings, resident, callback_data.booking)
    if own is None:
        return
    rebook = callback_data.action is TicketAction.REBOOK
    if own.status != ("cancelled" if rebook else "booked"):
        await query.answer(t("queue-already-cancelled"), show_alert=True)
        return
    view = await StepView.of(ctx)
    if rebook:
        problem = await booking_limits.check(resident.id, resident.phone)
        if problem is not None:
            await query.answer()
            phone = cnap_phone(view.catalog, own.place_code)
            await show(query, limit_screen(t, problem, phone), edit=False)
            return
    await query.answer()
    if rebook and not _still_offered(view.catalog, own):
        # The community file dropped the place or the service: choose from the start.
        await state.set_data({})
        await view.go(query, state, BookingStep.PLACE, BookingDraft(), edit=False)
        return
    if rebook:
        draft = BookingDraft(place=own.place_code, service=own.service_code, rebook=own.id)
    else:
        title = t("queue-reschedule-title", code=own.code, when=t.datetime(own.starts_at))
        draft = BookingDraft(
            place=own.place_code,
            service=own.service_code,
            reschedule=own.id,
            reschedule_code=own.code,
            reschedule_title=title,
        )
    await view.go(query, state, BookingStep.DAY, draft, edit=not rebook)


def _still_offered(catalog: CnapCatalog, visit: Booking) -> bool:
    service = catalog.service(visit.service_code)
    return catalog.place(visit.place_code) is not None and bool(
        service and service.offered_at(visit.place_code)
    )


# --- reminder preferences ----------------------------------------------------------------


def _reminder_label(t: Translator, catalog: CnapCatalog, kind: ReminderKind, on: bool) -> str:
    switched = "yes" if on else "no"
    if kind == "day_before":
        return t("queue-reminder-day", on=switched)
    return t("queue-reminder-hours", on=switched, hours=catalog.settings.remind_hours_before)


def reminders_screen(
    t: Translator, catalog: CnapCatalog, own: Booking, prefs: dict[ReminderKind, bool]
) -> Screen:
    """Only reminders still ahead and not sent can be switched."""
    buttons = [
        [ticket_button(_reminder_label(t, catalog, kind, prefs[kind]), action, own.id)]
        for action, kind in TOGGLES.items()
        if kind in prefs
    ]
    buttons.append([ticket_button(t("queue-back-to-ticket"), TicketAction.SHOW, own.id)])
    return Screen(t("queue-reminders-title", code=own.code), buttons)


@router.callback_query(TicketCb.filter(F.action == TicketAction.REMINDERS))
async def reminder_settings(
    query: CallbackQuery,
    callback_data: TicketCb,
    t: Translator,
    resident: Resident,
    cnap: Catalogue,
    bookings: Bookings,
) -> None:
    own = await _booked(query, t, bookings, resident, callback_data.booking)
    if own is None:
        return
    await query.answer()
    prefs = await bookings.reminder_preferences(own.id, resident.id)
    await show(query, reminders_screen(t, await cnap.current(), own, prefs))


@router.callback_query(TicketCb.filter(F.action.in_(set(TOGGLES))))
async def toggle_reminder(
    query: CallbackQuery,
    callback_data: TicketCb,
    t: Translator,
    resident: Resident,
    cnap: Catalogue,
    bookings: Bookings,
) -> None:
    own = await _booked(query, t, bookings, resident, callback_data.booking)
    if own is None:
        return
    prefs = await bookings.toggle_reminder(own.id, resident.id, TOGGLES[callback_data.action])
    await query.answer()
    await show(query, reminders_screen(t, await cnap.current(), own, prefs))
