"""How the e-queue looks to a resident: the booking steps, the ticket, limit answers. Pure
rendering from the catalogue and a draft; the free times are the only thing read here."""

from __future__ import annotations

from datetime import date, datetime, time

from aiogram.types import InlineKeyboardButton, ReplyKeyboardMarkup

from handlers.queue.callbacks import (
    QueueAction,
    QueueCb,
    TicketAction,
    TicketCb,
    day_value,
    slot_value,
)
from handlers.queue.drafts import BookingDraft, BookingStep, Editing
from storage.community import CommunityRepository
from storage.queue.availability import Availability
from storage.queue.catalogue import CnapCatalog
from storage.queue.models import Booking, LimitProblem, Slot
from storage.residents import Resident
from ui.callbacks import MenuCb, MenuScreen
from ui.i18n import Translator
from ui.keyboards import Rows, button, rows, share_phone_keyboard
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


def cnap_phone(catalog: CnapCatalog, place_code: str | None = None) -> str | None:
    """The number to call: the place's own, else the main office's, else any place's."""
    place = catalog.place(place_code) if place_code else None
    if place is not None and place.phone:
        return place.phone
    ordered = sorted(catalog.places, key=lambda p: p.kind != "main")
    return next((p.phone for p in ordered if p.phone), None)


def with_call_line(t: Translator, text: str, phone: str | None) -> str:
    """A text that tells the resident to call the ЦНАП, followed by the number to call."""
    return f"{text}\n☎️ {escape(phone)}" if phone else text


def limit_text(t: Translator, problem: LimitProblem, phone: str | None = None) -> str:
    if problem.kind == "active":
        return t("queue-limit-active", count=problem.count)
    if problem.kind == "monthly":
        until = t.day_month(noon(problem.until, t)) if problem.until else ""
        return with_call_line(t, t("queue-limit-monthly", count=problem.count, until=until), phone)
    return with_call_line(t, t("queue-limit-no-show", count=problem.count), phone)


def limit_screen(t: Translator, problem: LimitProblem, phone: str | None = None) -> Screen:
    """The limit, and the way on it names: «Мої записи» to cancel or move a visit."""
    buttons = []
    if problem.kind == "active":
        buttons.append([queue_button(t("menu-queue-mine"), QueueAction.MINE)])
    buttons.append([menu_button(t)])
    return Screen(limit_text(t, problem, phone), buttons)


def contact_keyboard(t: Translator) -> ReplyKeyboardMarkup:
    """The phone step: share the number, or go back, or leave the booking."""
    return share_phone_keyboard(t, t("btn-back"), t("queue-leave"))


def name_screen(t: Translator, draft: BookingDraft) -> Screen:
    """The name step, for the resident or for the person they book for."""
    visitor = draft.editing is Editing.VISITOR
    back = BookingStep.CONFIRM if draft.editing else BookingStep.TIME
    text = t("queue-ask-visitor-name") if visitor else t("queue-ask-name")
    return Screen(text, [nav(t, back)])


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
        text = t("queue-no-days", days=catalog.settings.booking_window_days)
        buttons = [nav(t, back)]
        if not draft.service_fixed:  # «try another place» names a step: offer it
            other = queue_button(t("queue-other-place"), QueueAction.BACK, BookingStep.PLACE.value)
            buttons.insert(0, [other])
        return Screen(with_call_line(t, text, cnap_phone(catalog, place.code)), buttons)
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
    own = draft.reschedule if draft.reschedule is not None else draft.hold
    return await availability.free_slots(
        draft.place, draft.service, draft.day, exclude_booking_id=own
    )


async def time_screen(t: Translator, availability: Availability, draft: BookingDraft) -> Screen:
    """Free starts of the day; the time the resident holds is among them, marked, and named
    above (it stays theirs until they pick another)."""
    slots = await free_slots(availability, draft)
    if not slots:
        return Screen(t("queue-no-times"), [nav(t, BookingStep.DAY)])
    held = draft.slot if draft.hold is not None else None

    def label(starts_at: datetime) -> str:
        return f"✅ {t.time(starts_at)}" if starts_at == held else t.time(starts_at)

    times = [
        queue_button(label(slot.starts_at), QueueAction.TIME, slot_value(slot.starts_at))
        for slot in slots
    ]
    text = t("queue-choose-time", day=t.date(slots[0].starts_at))
    if held is not None:
        text = t("queue-time-held", when=t.datetime(held)) + "\n\n" + text
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
        return Screen(text, _confirm_buttons(t, t("queue-reschedule-yes")))
    text = t(
        "queue-confirm",
        place=escape(place.name.get(t.language)),
        address=escape(place.address.get(t.language)),
        service=escape(service.name.get(t.language)),
        when=t.datetime(draft.slot),
        name=escape(draft.visitor or resident.full_name),
        phone=escape(resident.phone),
        minutes=catalog.settings.hold_minutes,
        visitor="yes" if draft.visitor else "no",
    )
    if draft.visitor:
        person = [
            queue_button(t("queue-visitor-change"), QueueAction.FOR_OTHER),
            queue_button(t("queue-for-self"), QueueAction.FOR_SELF),
        ]
    else:
        person = [
            queue_button(t("queue-edit-name"), QueueAction.EDIT_NAME),
            queue_button(t("queue-for-other"), QueueAction.FOR_OTHER),
        ]
    edit_phone = [queue_button(t("queue-edit-phone"), QueueAction.EDIT_PHONE)]
    return Screen(text, _confirm_buttons(t, t("queue-confirm-yes"), [person, edit_phone]))


def _confirm_buttons(t: Translator, yes: str, extra: Rows | None = None) -> Rows:
    return [
        [queue_button(yes, QueueAction.CONFIRM)],
        *(extra or []),
        [queue_button(t("queue-change-time"), QueueAction.BACK, BookingStep.TIME.value)],
        [queue_button(t("queue-leave"), QueueAction.LEAVE)],
    ]


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
        name=escape(booking.full_name or "—"),
        bring=escape(service.bring.get(t.language)),
        late=catalog.settings.late_minutes,
    )
    phone = cnap_phone(catalog, place.code)
    if phone:
        text += "\n" + t("queue-ticket-call", phone=escape(phone))
    return Screen(text, ticket_buttons(t, booking))
