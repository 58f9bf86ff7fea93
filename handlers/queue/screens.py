"""How the e-queue looks to a resident: the booking steps, the ticket, limit answers. Pure
rendering from the catalogue and a draft; the free times are the only thing read here."""

from __future__ import annotations

from datetime import date, datetime, time

from aiogram.types import InlineKeyboardButton, KeyboardButton, ReplyKeyboardMarkup

from handlers.queue.callbacks import (
    QueueAction,
    QueueCb,
    TicketAction,
    TicketCb,
    day_value,
    slot_value,
)
from handlers.queue.drafts import BookingDraft, BookingStep
from storage.community import CommunityRepository
from storage.queue.availability import Availability
from storage.queue.catalogue import CnapCatalog
from storage.queue.models import Booking, LimitProblem, Slot
from storage.residents import Resident
from ui.callbacks import MenuCb, MenuScreen
from ui.i18n import Translator
from ui.keyboards import Rows, button, rows
from ui.screens import Screen, escape


def noon(day: date, t: Translator) -> datetime:
    """A moment inside `day` in the community's zone, for formatting the date."""
    return datetime.combine(day, time(12), tzinfo=t.zone)


def queue_button(text: str, action: QueueAction, value: str = "") -> InlineKeyboardButton:
    return button(text, QueueCb(action=action, value=value).pack())


def ticket_button(text: str, action: TicketAction, booking_id: int) -> InlineKeyboardButton:
    return button(text, TicketCb(action=action, booking=booking_id).pack())


def menu_button(t: Translator, screen: MenuScreen = MenuScreen.ROOT) -> InlineKeyboardButton:
    return button(t("btn-back"), MenuCb(screen=screen).pack())


def nav(t: Translator, back_to: BookingStep | None) -> list[InlineKeyboardButton]:
    """«Back» to an earlier step (when there is one) and «leave the booking»."""
    found = []
    if back_to:
        found.append(queue_button(t("btn-back"), QueueAction.BACK, back_to.value))
    found.append(queue_button(t("queue-leave"), QueueAction.LEAVE))
    return found


def limit_text(t: Translator, problem: LimitProblem) -> str:
    if problem.kind == "active":
        return t("queue-limit-active", count=problem.count)
    if problem.kind == "monthly":
        until = t.date(noon(problem.until, t)) if problem.until else ""
        return t("queue-limit-monthly", count=problem.count, until=until)
    return t("queue-limit-no-show", count=problem.count)


def limit_screen(t: Translator, problem: LimitProblem) -> Screen:
    return Screen(limit_text(t, problem), [[menu_button(t)]])


def contact_keyboard(t: Translator) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[
            [KeyboardButton(text=t("queue-share-phone"), request_contact=True)],
            [KeyboardButton(text=t("kb-menu"))],
        ],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


# --- the booking steps -------------------------------------------------------------------


async def place_screen(
    t: Translator, catalog: CnapCatalog, resident: Resident, community: CommunityRepository
) -> Screen:
    settlement = (
        await community.settlement(resident.settlement_id) if resident.settlement_id else None
    )
    places = catalog.places_near(settlement.code if settlement else None)
    buttons = [[queue_button(p.name.get(t.language), QueueAction.PLACE, p.code)] for p in places]
    buttons.append(nav(t, None))
    return Screen(t("queue-choose-place"), buttons)


def category_screen(t: Translator, catalog: CnapCatalog, place_code: str) -> Screen:
    buttons = [
        [queue_button(c.name.get(t.language), QueueAction.CATEGORY, c.code)]
        for c in catalog.categories_at(place_code)
    ]
    buttons.append(nav(t, BookingStep.PLACE))
    return Screen(t("queue-choose-category"), buttons)


def service_screen(t: Translator, catalog: CnapCatalog, place_code: str, category: str) -> Screen:
    buttons = [
        [queue_button(s.name.get(t.language), QueueAction.SERVICE, s.code)]
        for s in catalog.services_at(place_code, category)
    ]
    buttons.append(nav(t, BookingStep.CATEGORY))
    return Screen(t("queue-choose-service"), buttons)


async def day_screen(
    t: Translator, availability: Availability, catalog: CnapCatalog, draft: BookingDraft
) -> Screen:
    place = catalog.place(draft.place or "")
    service = catalog.service(draft.service or "")
    back = None if draft.service_fixed else BookingStep.SERVICE
    if place is None or service is None:
        return Screen(t("queue-not-found"), [nav(t, None)])
    days = await availability.available_days(place.code, service.code)
    if not days:
        text = t(
            "queue-no-days",
            days=catalog.settings.booking_window_days,
            phone=escape(place.phone or ""),
        )
        return Screen(text, [nav(t, back)])
    day_buttons = [
        queue_button(t.short_date(noon(day, t)), QueueAction.DAY, day_value(day)) for day in days
    ]
    text = t(
        "queue-choose-day",
        service=escape(service.name.get(t.language)),
        place=escape(place.name.get(t.language)),
    )
    if draft.reschedule_title:
        text = draft.reschedule_title + "\n\n" + text
    return Screen(text, [*rows(day_buttons, 3), nav(t, back)])


async def free_slots(availability: Availability, draft: BookingDraft) -> list[Slot]:
    """Free starts on the chosen day; when moving a booking, its own time counts as free."""
    if draft.day is None or draft.place is None or draft.service is None:
        return []
    return await availability.free_slots(
        draft.place, draft.service, draft.day, exclude_booking_id=draft.reschedule
    )


async def time_screen(t: Translator, availability: Availability, draft: BookingDraft) -> Screen:
    slots = await free_slots(availability, draft)
    if not slots:
        return Screen(t("queue-no-times"), [nav(t, BookingStep.DAY)])
    times = [
        queue_button(t.time(slot.starts_at), QueueAction.TIME, slot_value(slot.starts_at))
        for slot in slots
    ]
    text = t("queue-choose-time", day=t.date(slots[0].starts_at))
    return Screen(text, [*rows(times, 4), nav(t, BookingStep.DAY)])


def confirm_screen(
    t: Translator, catalog: CnapCatalog, draft: BookingDraft, resident: Resident
) -> Screen:
    place = catalog.place(draft.place or "")
    service = catalog.service(draft.service or "")
    if place is None or service is None or draft.slot is None:
        return Screen(t("queue-not-found"), [nav(t, None)])
    if draft.reschedule:
        text = t(
            "queue-reschedule-confirm",
            code=draft.reschedule_code or "",
            when=t.datetime(draft.slot),
        )
        yes = t("queue-reschedule-yes")
    else:
        text = t(
            "queue-confirm",
            place=escape(place.name.get(t.language)),
            address=escape(place.address.get(t.language)),
            service=escape(service.name.get(t.language)),
            when=t.datetime(draft.slot),
            name=escape(resident.full_name),
            phone=escape(resident.phone),
            minutes=catalog.settings.hold_minutes,
        )
        yes = t("queue-confirm-yes")
    buttons = [
        [queue_button(yes, QueueAction.CONFIRM)],
        [queue_button(t("queue-change-time"), QueueAction.BACK, BookingStep.TIME.value)],
        [queue_button(t("queue-leave"), QueueAction.LEAVE)],
    ]
    return Screen(text, buttons)


# --- the ticket --------------------------------------------------------------------------


def ticket_buttons(t: Translator, booking: Booking) -> Rows:
    return [
        [ticket_button(t("queue-ticket-reminders"), TicketAction.REMINDERS, booking.id)],
        [
            ticket_button(t("queue-ticket-reschedule"), TicketAction.RESCHEDULE, booking.id),
            ticket_button(t("queue-ticket-cancel"), TicketAction.CANCEL, booking.id),
        ],
        [queue_button(t("menu-queue-mine"), QueueAction.MINE)],
    ]


def ticket_screen(t: Translator, catalog: CnapCatalog, booking: Booking) -> Screen:
    place, service = catalog.place(booking.place_code), catalog.service(booking.service_code)
    if place is None or service is None:
        return Screen(t("queue-not-found"))
    text = t(
        "queue-ticket",
        code=booking.code,
        place=escape(place.name.get(t.language)),
        address=escape(place.address.get(t.language)),
        when=t.datetime(booking.starts_at),
        service=escape(service.name.get(t.language)),
        bring=escape(service.bring.get(t.language)),
        late=catalog.settings.late_minutes,
    )
    return Screen(text, ticket_buttons(t, booking))
