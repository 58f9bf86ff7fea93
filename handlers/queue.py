"""ЦНАП e-queue for residents: book (place → category → service → day → time → name and
phone → confirm), the ticket, «Мої записи», cancel, reschedule, reminder settings, rating."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from aiogram import F
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)

from bot.app import Services
from handlers.menu import is_onboarded, send_main_menu
from handlers.queue_notices import Notifier, queue_due_reminders
from storage.booking import (
    Booking,
    BookingError,
    BookingService,
    HoldExpired,
    LimitProblem,
    LimitReached,
    NotFound,
    ReminderKind,
    Slot,
    SlotUnavailable,
)
from storage.cnap import CnapCatalog, Place, Service
from storage.community import CommunityRepository
from storage.residents import Resident, ResidentRepository
from ui.callbacks import MenuCb, QueueCb, RateCb, TicketCb
from ui.flow import Block, Flow
from ui.i18n import Translator
from ui.keyboards import button, main_reply_keyboard, rows
from ui.screens import Screen, escape, say, show

flow = Flow("queue")
router = flow.routes
router.message.filter(is_onboarded)
router.callback_query.filter(is_onboarded)

NAME_PATTERN = re.compile(r"^[^\W\d_][^\d<>@/\\:;{}\[\]|*_#=+]{1,78}[^\W\d_]$")
COMMENT_LIMIT = 1000


class BookingFlow(StatesGroup):
    place = State()
    category = State()
    service = State()
    day = State()
    time = State()
    name = State()
    phone = State()
    confirm = State()


class RatingFlow(StatesGroup):
    comment = State()


@flow.services
def queue_services(core: Services) -> dict[str, object]:
    zone = core.settings.community.zone
    booking = BookingService(core.db, core.community, core.clock, zone, audit=core.audit)
    notifier = Notifier(core.db, core.outbox, core.residents, core.texts, booking)
    return {"booking": booking, "notifier": notifier}


flow.job("reminders", every=lambda settings: settings.sender.reminder_check_seconds)(
    queue_due_reminders
)
flow.menu_item(Block.SERVICES, "menu-queue-book", QueueCb(action="start").pack())
flow.menu_item(Block.SERVICES, "menu-queue-mine", QueueCb(action="mine").pack())


# --- rendering helpers -------------------------------------------------------------------


def _day_code(day: date) -> str:
    return day.strftime("%Y%m%d")


def _parse_day(value: str) -> date | None:
    try:
        return datetime.strptime(value, "%Y%m%d").date()
    except ValueError:
        return None


def _parse_slot(value: str) -> datetime | None:
    if not value.isdigit():
        return None
    return datetime.fromtimestamp(int(value), UTC)


def limit_text(t: Translator, problem: LimitProblem) -> str:
    if problem.kind == "active":
        return t("queue-limit-active", count=problem.count)
    if problem.kind == "monthly":
        until = t.date(_noon(problem.until, t)) if problem.until else ""
        return t("queue-limit-monthly", count=problem.count, until=until)
    return t("queue-limit-no-show", count=problem.count)


def ticket_text(t: Translator, booking: Booking, place: Place, service: Service, late: int) -> str:
    return t(
        "queue-ticket",
        code=booking.code,
        place=escape(place.name.get(t.language)),
        address=escape(place.address.get(t.language)),
        when=t.datetime(booking.starts_at),
        service=escape(service.name.get(t.language)),
        bring=escape(service.bring.get(t.language)),
        late=late,
    )


def ticket_buttons(t: Translator, booking: Booking) -> list[list[InlineKeyboardButton]]:
    return [
        [
            button(
                t("queue-ticket-reminders"), TicketCb(action="reminders", booking=booking.id).pack()
            )
        ],
        [
            button(
                t("queue-ticket-reschedule"),
                TicketCb(action="reschedule", booking=booking.id).pack(),
            ),
            button(t("queue-ticket-cancel"), TicketCb(action="cancel", booking=booking.id).pack()),
        ],
        [button(t("menu-queue-mine"), QueueCb(action="mine").pack())],
    ]


def contact_keyboard(t: Translator) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[
            [KeyboardButton(text=t("queue-share-phone"), request_contact=True)],
            [KeyboardButton(text=t("kb-menu"))],
        ],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def _nav(t: Translator, back_to: str | None) -> list[InlineKeyboardButton]:
    nav = []
    if back_to:
        nav.append(button(t("btn-back"), QueueCb(action="back", value=back_to).pack()))
    nav.append(button(t("queue-leave"), QueueCb(action="leave").pack()))
    return nav


# --- step screens ------------------------------------------------------------------------


async def place_screen(
    t: Translator, catalog: CnapCatalog, resident: Resident, community: CommunityRepository
) -> Screen:
    settlement = (
        await community.settlement(resident.settlement_id) if resident.settlement_id else None
    )
    places = catalog.places_near(settlement.code if settlement else None)
    buttons = [
        [button(p.name.get(t.language), QueueCb(action="place", value=p.code).pack())]
        for p in places
    ]
    buttons.append(_nav(t, None))
    return Screen(t("queue-choose-place"), buttons)


def category_screen(t: Translator, catalog: CnapCatalog, place_code: str) -> Screen:
    buttons = [
        [button(c.name.get(t.language), QueueCb(action="category", value=c.code).pack())]
        for c in catalog.categories_at(place_code)
    ]
    buttons.append(_nav(t, "place"))
    return Screen(t("queue-choose-category"), buttons)


def service_screen(t: Translator, catalog: CnapCatalog, place_code: str, category: str) -> Screen:
    buttons = [
        [button(s.name.get(t.language), QueueCb(action="service", value=s.code).pack())]
        for s in catalog.services_at(place_code, category)
    ]
    buttons.append(_nav(t, "category"))
    return Screen(t("queue-choose-service"), buttons)


async def day_screen(
    t: Translator, booking: BookingService, catalog: CnapCatalog, data: dict[str, Any]
) -> Screen:
    place = catalog.place(data["place"])
    service = catalog.service(data["service"])
    back = None if data.get("reschedule") or data.get("rebook") else "service"
    if place is None or service is None:
        return Screen(t("queue-not-found"), [_nav(t, None)])
    days = await booking.available_days(place.code, service.code)
    if not days:
        text = t(
            "queue-no-days",
            days=catalog.settings.booking_window_days,
            phone=escape(place.phone or ""),
        )
        return Screen(text, [_nav(t, back)])
    day_buttons = [
        button(t.short_date(_noon(day, t)), QueueCb(action="day", value=_day_code(day)).pack())
        for day in days
    ]
    text = t(
        "queue-choose-day",
        service=escape(service.name.get(t.language)),
        place=escape(place.name.get(t.language)),
    )
    if data.get("reschedule_title"):
        text = data["reschedule_title"] + "\n\n" + text
    return Screen(text, [*rows(day_buttons, 3), _nav(t, back)])


def _noon(day: date, t: Translator) -> datetime:
    """A moment inside `day` in the community's zone, for formatting the date."""
    return datetime(day.year, day.month, day.day, 12, tzinfo=t.zone)


async def time_screen(t: Translator, booking: BookingService, data: dict[str, Any]) -> Screen:
    day = _parse_day(data.get("day", ""))
    slots = await _slots_of(booking, data) if day else []
    if day is None or not slots:
        return Screen(t("queue-no-times"), [_nav(t, "day")])
    times = [
        button(
            t.time(slot.starts_at),
            QueueCb(action="time", value=str(int(slot.starts_at.timestamp()))).pack(),
        )
        for slot in slots
    ]
    return Screen(
        t("queue-choose-time", day=t.date(slots[0].starts_at)), [*rows(times, 4), _nav(t, "day")]
    )


def confirm_screen(
    t: Translator, catalog: CnapCatalog, data: dict[str, Any], resident: Resident
) -> Screen:
    place = catalog.place(data["place"])
    service = catalog.service(data["service"])
    starts_at = _parse_slot(data.get("slot", ""))
    if place is None or service is None or starts_at is None:
        return Screen(t("queue-not-found"), [_nav(t, None)])
    if data.get("reschedule"):
        text = t(
            "queue-reschedule-confirm",
            code=data.get("reschedule_code", ""),
            when=t.datetime(starts_at),
        )
        yes = t("queue-reschedule-yes")
    else:
        text = t(
            "queue-confirm",
            place=escape(place.name.get(t.language)),
            address=escape(place.address.get(t.language)),
            service=escape(service.name.get(t.language)),
            when=t.datetime(starts_at),
            name=escape(resident.full_name),
            phone=escape(resident.phone),
            minutes=catalog.settings.hold_minutes,
        )
        yes = t("queue-confirm-yes")
    buttons = [
        [button(yes, QueueCb(action="confirm").pack())],
        [button(t("queue-change-time"), QueueCb(action="back", value="time").pack())],
        [button(t("queue-leave"), QueueCb(action="leave").pack())],
    ]
    return Screen(text, buttons)


# --- prompts: each step shown again from the FSM data ---------------------------------------


@flow.prompt(BookingFlow.place)
async def prompt_place(
    event: Message | CallbackQuery,
    t: Translator,
    booking: BookingService,
    resident: Resident,
    community: CommunityRepository,
) -> None:
    await show(
        event, await place_screen(t, await booking.catalog(), resident, community), edit=False
    )


@flow.prompt(BookingFlow.category)
async def prompt_category(
    event: Message | CallbackQuery, t: Translator, booking: BookingService, state: FSMContext
) -> None:
    data = await state.get_data()
    await show(event, category_screen(t, await booking.catalog(), data["place"]), edit=False)


@flow.prompt(BookingFlow.service)
async def prompt_service(
    event: Message | CallbackQuery, t: Translator, booking: BookingService, state: FSMContext
) -> None:
    data = await state.get_data()
    await show(
        event,
        service_screen(t, await booking.catalog(), data["place"], data["category"]),
        edit=False,
    )


@flow.prompt(BookingFlow.day)
async def prompt_day(
    event: Message | CallbackQuery, t: Translator, booking: BookingService, state: FSMContext
) -> None:
    await show(
        event,
        await day_screen(t, booking, await booking.catalog(), await state.get_data()),
        edit=False,
    )


@flow.prompt(BookingFlow.time)
async def prompt_time(
    event: Message | CallbackQuery, t: Translator, booking: BookingService, state: FSMContext
) -> None:
    await show(event, await time_screen(t, booking, await state.get_data()), edit=False)


@flow.prompt(BookingFlow.name)
async def prompt_name(event: Message | CallbackQuery, t: Translator) -> None:
    await say(event, t("queue-ask-name"))


@flow.prompt(BookingFlow.phone)
async def prompt_phone(event: Message | CallbackQuery, t: Translator) -> None:
    await say(event, t("queue-ask-phone"), reply_markup=contact_keyboard(t))


@flow.prompt(BookingFlow.confirm)
async def prompt_confirm(
    event: Message | CallbackQuery,
    t: Translator,
    booking: BookingService,
    state: FSMContext,
    resident: Resident,
) -> None:
    await show(
        event,
        confirm_screen(t, await booking.catalog(), await state.get_data(), resident),
        edit=False,
    )


@flow.prompt(RatingFlow.comment)
async def prompt_comment(event: Message | CallbackQuery, t: Translator, state: FSMContext) -> None:
    data = await state.get_data()
    skip = [
        [button(t("queue-rate-skip"), RateCb(booking=int(data.get("rated", 0)), stars=0).pack())]
    ]
    await show(event, Screen(t("queue-rate-thanks", stars=data.get("stars", "")), skip), edit=False)


# --- starting ----------------------------------------------------------------------------


@router.callback_query(QueueCb.filter(F.action == "start"))
async def start_booking(
    query: CallbackQuery,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    booking: BookingService,
    community: CommunityRepository,
) -> None:
    await query.answer()
    if not resident.has_consent:
        consent = [
            [button(t("queue-consent-agree"), QueueCb(action="consent").pack())],
            [button(t("btn-back"), MenuCb(screen=Block.SERVICES.value).pack())],
        ]
        await show(query, Screen(t("queue-consent-needed"), consent))
        return
    problem = await booking.check_limits(resident.id)
    if problem is not None:
        await show(
            query,
            Screen(limit_text(t, problem), [[button(t("btn-back"), MenuCb(screen="root").pack())]]),
        )
        return
    await state.set_state(BookingFlow.place)
    await state.set_data({})
    await show(query, await place_screen(t, await booking.catalog(), resident, community))


@router.callback_query(QueueCb.filter(F.action == "consent"))
async def consent_for_booking(
    query: CallbackQuery,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    residents: ResidentRepository,
    booking: BookingService,
    community: CommunityRepository,
) -> None:
    await residents.set_consent(resident.id, True)
    refreshed = await residents.get(resident.id) or resident
    await start_booking(query, state, t, refreshed, booking, community)


# --- choosing ----------------------------------------------------------------------------


@router.callback_query(BookingFlow.place, QueueCb.filter(F.action == "place"))
async def choose_place(
    query: CallbackQuery,
    callback_data: QueueCb,
    state: FSMContext,
    t: Translator,
    booking: BookingService,
) -> None:
    catalog = await booking.catalog()
    if catalog.place(callback_data.value) is None:
        await query.answer(t("error-stale-button"), show_alert=True)
        return
    await query.answer()
    await state.update_data(place=callback_data.value)
    await state.set_state(BookingFlow.category)
    await show(query, category_screen(t, catalog, callback_data.value))


@router.callback_query(BookingFlow.category, QueueCb.filter(F.action == "category"))
async def choose_category(
    query: CallbackQuery,
    callback_data: QueueCb,
    state: FSMContext,
    t: Translator,
    booking: BookingService,
) -> None:
    catalog = await booking.catalog()
    data = await state.get_data()
    if not catalog.services_at(data["place"], callback_data.value):
        await query.answer(t("error-stale-button"), show_alert=True)
        return
    await query.answer()
    await state.update_data(category=callback_data.value)
    await state.set_state(BookingFlow.service)
    await show(query, service_screen(t, catalog, data["place"], callback_data.value))


@router.callback_query(BookingFlow.service, QueueCb.filter(F.action == "service"))
async def choose_service(
    query: CallbackQuery,
    callback_data: QueueCb,
    state: FSMContext,
    t: Translator,
    booking: BookingService,
) -> None:
    catalog = await booking.catalog()
    data = await state.get_data()
    offered = {s.code for s in catalog.services_at(data["place"], data.get("category"))}
    if callback_data.value not in offered:
        await query.answer(t("error-stale-button"), show_alert=True)
        return
    await query.answer()
    data = await state.update_data(service=callback_data.value)
    await state.set_state(BookingFlow.day)
    await show(query, await day_screen(t, booking, catalog, data))


@router.callback_query(BookingFlow.day, QueueCb.filter(F.action == "day"))
async def choose_day(
    query: CallbackQuery,
    callback_data: QueueCb,
    state: FSMContext,
    t: Translator,
    booking: BookingService,
) -> None:
    day = _parse_day(callback_data.value)
    data = await state.get_data()
    if day is None or day not in await booking.available_days(data["place"], data["service"]):
        await query.answer(t("queue-day-closed"), show_alert=True)
        await show(query, await day_screen(t, booking, await booking.catalog(), data))
        return
    await query.answer()
    data = await state.update_data(day=callback_data.value)
    await state.set_state(BookingFlow.time)
    await show(query, await time_screen(t, booking, data))


@router.callback_query(BookingFlow.time, QueueCb.filter(F.action == "time"))
async def choose_time(
    query: CallbackQuery,
    callback_data: QueueCb,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    booking: BookingService,
) -> None:
    starts_at = _parse_slot(callback_data.value)
    data = await state.get_data()
    if starts_at is None:
        await query.answer(t("error-stale-button"), show_alert=True)
        return
    if data.get("reschedule"):
        if starts_at not in {s.starts_at for s in await _slots_of(booking, data)}:
            await _slot_gone(query, state, t, booking, data)
            return
        await query.answer()
        data = await state.update_data(slot=callback_data.value)
        await state.set_state(BookingFlow.confirm)
        await show(query, confirm_screen(t, await booking.catalog(), data, resident))
        return
    try:
        held = await booking.hold(resident.id, data["place"], data["service"], starts_at)
    except LimitReached as limit:
        await query.answer()
        await state.clear()
        await show(
            query,
            Screen(
                limit_text(t, limit.problem),
                [[button(t("btn-back"), MenuCb(screen="root").pack())]],
            ),
        )
        return
    except BookingError:
        await _slot_gone(query, state, t, booking, data)
        return
    await query.answer()
    data = await state.update_data(slot=callback_data.value, hold=held.id)
    if not (resident.full_name and resident.phone):
        # The time buttons give way to what was chosen, so the next question stands alone.
        minutes = (await booking.catalog()).settings.hold_minutes
        held_text = t("queue-slot-held", when=t.datetime(starts_at), minutes=minutes)
        await show(query, Screen(held_text))
    await _ask_details_or_confirm(query, state, t, resident, booking, data)


async def _slots_of(booking: BookingService, data: dict[str, Any]) -> list[Slot]:
    """Free starts on the chosen day; when moving a booking, its own time counts as free."""
    day = _parse_day(data.get("day", ""))
    if day is None:
        return []
    moving = int(data["reschedule"]) if data.get("reschedule") else None
    return await booking.free_slots(data["place"], data["service"], day, exclude_booking_id=moving)


async def _slot_gone(
    query: CallbackQuery,
    state: FSMContext,
    t: Translator,
    booking: BookingService,
    data: dict[str, Any],
) -> None:
    await query.answer(t("queue-slot-taken"), show_alert=True)
    await state.set_state(BookingFlow.time)
    await show(query, await time_screen(t, booking, data))


async def _ask_details_or_confirm(
    event: Message | CallbackQuery,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    booking: BookingService,
    data: dict[str, Any],
) -> None:
    if not resident.full_name:
        await state.set_state(BookingFlow.name)
        await say(event, t("queue-ask-name"))
    elif not resident.phone:
        await state.set_state(BookingFlow.phone)
        await say(event, t("queue-ask-phone"), reply_markup=contact_keyboard(t))
    else:
        await state.set_state(BookingFlow.confirm)
        await show(event, confirm_screen(t, await booking.catalog(), data, resident))


@router.callback_query(QueueCb.filter(F.action == "back"))
async def go_back(
    query: CallbackQuery,
    callback_data: QueueCb,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    booking: BookingService,
    community: CommunityRepository,
    ctx: dict[str, Any],
) -> None:
    current = await state.get_state()
    if current not in {s.state for s in BookingFlow.__states__}:
        await query.answer(t("error-stale-button"), show_alert=True)
        await send_main_menu(query, ctx)
        return
    await query.answer()
    data = await state.get_data()
    catalog = await booking.catalog()
    target = callback_data.value
    if target == "place":
        await state.set_state(BookingFlow.place)
        await show(query, await place_screen(t, catalog, resident, community))
    elif target == "category" and "place" in data:
        await state.set_state(BookingFlow.category)
        await show(query, category_screen(t, catalog, data["place"]))
    elif target == "service" and "category" in data:
        await state.set_state(BookingFlow.service)
        await show(query, service_screen(t, catalog, data["place"], data["category"]))
    elif target == "day" and "service" in data:
        await state.set_state(BookingFlow.day)
        await show(query, await day_screen(t, booking, catalog, data))
    elif target == "time" and "day" in data:
        await state.set_state(BookingFlow.time)
        await show(query, await time_screen(t, booking, data))
    else:
        await show(query, Screen(t("error-stale-button")))


@router.callback_query(QueueCb.filter(F.action == "leave"))
async def leave_booking(
    query: CallbackQuery,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    booking: BookingService,
    community: CommunityRepository,
    ctx: dict[str, Any],
) -> None:
    data = await state.get_data()
    if data.get("hold"):
        await booking.release_hold(int(data["hold"]), resident.id)
    await state.clear()
    await query.answer()
    await show(query, Screen(t("queue-left")))
    await say(query, t("menu-hint"), reply_markup=main_reply_keyboard(t))
    await send_main_menu(query, ctx)


# --- name and phone ----------------------------------------------------------------------


def clean_name(text: str) -> str | None:
    name = " ".join(text.split())
    if len(name) < 3 or len(name) > 80 or not NAME_PATTERN.match(name) or " " not in name:
        return None
    return name


@router.message(BookingFlow.name, F.text)
async def enter_name(
    message: Message,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    residents: ResidentRepository,
    booking: BookingService,
) -> None:
    name = clean_name(message.text or "")
    if name is None:
        await message.answer(t("queue-bad-name"))
        return
    await residents.set_contact(resident.id, full_name=name)
    updated = await residents.get(resident.id) or resident
    await _ask_details_or_confirm(message, state, t, updated, booking, await state.get_data())


@router.message(BookingFlow.phone, F.contact)
async def share_phone(
    message: Message,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    residents: ResidentRepository,
    booking: BookingService,
) -> None:
    contact = message.contact
    if contact is None or message.from_user is None or contact.user_id != message.from_user.id:
        await message.answer(t("queue-phone-not-own"), reply_markup=contact_keyboard(t))
        return
    phone = (
        contact.phone_number if contact.phone_number.startswith("+") else f"+{contact.phone_number}"
    )
    await residents.set_contact(resident.id, phone=phone)
    await message.answer(t("queue-phone-saved"), reply_markup=main_reply_keyboard(t))
    updated = await residents.get(resident.id) or resident
    await _ask_details_or_confirm(message, state, t, updated, booking, await state.get_data())


@router.message(BookingFlow.phone, F.text, ~F.text.startswith("/"))
async def phone_typed(message: Message, t: Translator) -> None:
    await message.answer(t("queue-phone-button-only"), reply_markup=contact_keyboard(t))


# --- confirming --------------------------------------------------------------------------


@router.callback_query(BookingFlow.confirm, QueueCb.filter(F.action == "confirm"))
async def confirm_booking(
    query: CallbackQuery,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    booking: BookingService,
) -> None:
    data = await state.get_data()
    try:
        if data.get("reschedule"):
            starts_at = _parse_slot(data.get("slot", ""))
            if starts_at is None:
                raise SlotUnavailable
            done = await booking.reschedule(int(data["reschedule"]), resident.id, starts_at)
        else:
            done = await booking.confirm(
                int(data["hold"]), resident.id, resident.full_name or "", resident.phone or ""
            )
    except NotFound:
        await state.clear()
        await query.answer(t("queue-already-cancelled"), show_alert=True)
        return
    except (HoldExpired, SlotUnavailable):
        await query.answer(t("queue-hold-expired"), show_alert=True)
        await state.set_state(BookingFlow.time)
        await show(query, await time_screen(t, booking, data))
        return
    await state.clear()
    await query.answer(t("queue-rescheduled") if data.get("reschedule") else None)
    await show(query, await ticket_screen(t, booking, done))


async def ticket_screen(t: Translator, booking: BookingService, done: Booking) -> Screen:
    catalog = await booking.catalog()
    place, service = catalog.place(done.place_code), catalog.service(done.service_code)
    if place is None or service is None:
        return Screen(t("queue-not-found"))
    text = ticket_text(t, done, place, service, catalog.settings.late_minutes)
    return Screen(text, ticket_buttons(t, done))


# --- my bookings, ticket -----------------------------------------------------------------


@router.callback_query(QueueCb.filter(F.action == "mine"))
async def my_bookings(
    query: CallbackQuery, t: Translator, resident: Resident, booking: BookingService
) -> None:
    await query.answer()
    await show(query, await mine_screen(t, resident, booking))


async def mine_screen(t: Translator, resident: Resident, booking: BookingService) -> Screen:
    catalog = await booking.catalog()
    upcoming = await booking.upcoming(resident.id)
    past = (await booking.past(resident.id))[:5]
    lines = [t("queue-mine-title")]
    if not upcoming:
        lines.append(t("queue-mine-empty"))
    else:
        lines += ["", t("queue-mine-upcoming")]
        lines += [_mine_line(t, catalog, b) for b in upcoming]
    if past:
        lines += ["", t("queue-mine-past")]
        lines += [
            t(
                "queue-mine-past-line",
                when=t.datetime(b.starts_at),
                service=escape(_service_name(t, catalog, b.service_code)),
                status=t(f"queue-status-{b.status}"),
            )
            for b in past
        ]
    buttons = [
        [
            button(
                t("queue-open-ticket", when=t.datetime(b.starts_at)),
                TicketCb(action="show", booking=b.id).pack(),
            )
        ]
        for b in upcoming
    ]
    buttons.append([button(t("queue-book-another"), QueueCb(action="start").pack())])
    buttons.append([button(t("btn-back"), MenuCb(screen=Block.SERVICES.value).pack())])
    return Screen("\n".join(lines), buttons)


def _service_name(t: Translator, catalog: CnapCatalog, code: str) -> str:
    service = catalog.service(code)
    return service.name.get(t.language) if service else code


def _mine_line(t: Translator, catalog: CnapCatalog, b: Booking) -> str:
    place = catalog.place(b.place_code)
    return t(
        "queue-mine-line",
        when=t.datetime(b.starts_at),
        service=escape(_service_name(t, catalog, b.service_code)),
        place=escape(place.name.get(t.language) if place else b.place_code),
        code=b.code,
    )


async def _own_booking(
    query: CallbackQuery,
    t: Translator,
    booking: BookingService,
    resident: Resident,
    booking_id: int,
) -> Booking | None:
    """The resident's own booking, or an answer saying there is none: a forged or foreign id
    gets the same answer as a missing one, so nothing about other residents leaks."""
    try:
        return await booking.get_for_resident(booking_id, resident.id)
    except NotFound:
        await query.answer(t("queue-not-found"), show_alert=True)
        return None


async def _booked(
    query: CallbackQuery,
    t: Translator,
    booking: BookingService,
    resident: Resident,
    booking_id: int,
) -> Booking | None:
    """The resident's own booking that is still ahead; otherwise an alert says why (a button
    of a cancelled or moved booking, in a reminder or an old ticket)."""
    own = await _own_booking(query, t, booking, resident, booking_id)
    if own is not None and own.status != "booked":
        await query.answer(t("queue-already-cancelled"), show_alert=True)
        return None
    return own


@router.callback_query(TicketCb.filter(F.action == "show"))
async def show_ticket(
    query: CallbackQuery,
    callback_data: TicketCb,
    t: Translator,
    resident: Resident,
    booking: BookingService,
) -> None:
    own = await _booked(query, t, booking, resident, callback_data.booking)
    if own is None:
        return
    await query.answer()
    await show(query, await ticket_screen(t, booking, own))


# --- cancel ------------------------------------------------------------------------------


@router.callback_query(TicketCb.filter(F.action == "cancel"))
async def ask_cancel(
    query: CallbackQuery,
    callback_data: TicketCb,
    t: Translator,
    resident: Resident,
    booking: BookingService,
) -> None:
    own = await _booked(query, t, booking, resident, callback_data.booking)
    if own is None:
        return
    await query.answer()
    buttons = [
        [button(t("queue-cancel-yes"), TicketCb(action="cancel-yes", booking=own.id).pack())],
        [button(t("queue-cancel-no"), TicketCb(action="show", booking=own.id).pack())],
    ]
    await say(
        query,
        t("queue-cancel-confirm", code=own.code, when=t.datetime(own.starts_at)),
        Screen("", buttons).markup,
    )


@router.callback_query(TicketCb.filter(F.action == "cancel-yes"))
async def cancel_booking(
    query: CallbackQuery,
    callback_data: TicketCb,
    t: Translator,
    resident: Resident,
    booking: BookingService,
) -> None:
    own = await _booked(query, t, booking, resident, callback_data.booking)
    if own is None:
        return
    cancelled = await booking.cancel(own.id, resident.id)
    await query.answer()
    text = t("queue-cancelled", code=cancelled.code, when=t.datetime(cancelled.starts_at))
    buttons = [
        [button(t("queue-book-another"), QueueCb(action="start").pack())],
        [button(t("menu-queue-mine"), QueueCb(action="mine").pack())],
    ]
    await show(query, Screen(text, buttons))


# --- reschedule, rebook after a closure --------------------------------------------------------


@router.callback_query(TicketCb.filter(F.action.in_({"reschedule", "rebook"})))
async def start_reschedule(
    query: CallbackQuery,
    callback_data: TicketCb,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    booking: BookingService,
) -> None:
    own = await _own_booking(query, t, booking, resident, callback_data.booking)
    if own is None:
        return
    rebook = callback_data.action == "rebook"
    if (own.status != "booked" and not rebook) or (rebook and own.status != "cancelled"):
        await query.answer(t("queue-already-cancelled"), show_alert=True)
        return
    if rebook:
        problem = await booking.check_limits(resident.id)
        if problem is not None:
            await query.answer()
            await say(query, limit_text(t, problem))
            return
    await query.answer()
    data: dict[str, Any] = {"place": own.place_code, "service": own.service_code}
    if rebook:
        data["rebook"] = own.id
    else:
        data["reschedule"] = own.id
        data["reschedule_code"] = own.code
        data["reschedule_title"] = t(
            "queue-reschedule-title", code=own.code, when=t.datetime(own.starts_at)
        )
    await state.set_data(data)
    await state.set_state(BookingFlow.day)
    await show(query, await day_screen(t, booking, await booking.catalog(), data), edit=not rebook)


# --- reminder preferences ----------------------------------------------------------------------


async def reminders_screen(t: Translator, booking: BookingService, own: Booking) -> Screen:
    catalog = await booking.catalog()
    prefs = await booking.reminder_preferences(own.id, own.resident_id)
    buttons = []
    if "day_before" in prefs:
        on = "yes" if prefs["day_before"] else "no"
        buttons.append(
            [
                button(
                    t("queue-reminder-day", on=on),
                    TicketCb(action="toggle-day_before", booking=own.id).pack(),
                )
            ]
        )
    if "hours_before" in prefs:
        on = "yes" if prefs["hours_before"] else "no"
        label = t("queue-reminder-hours", on=on, hours=catalog.settings.remind_hours_before)
        buttons.append(
            [button(label, TicketCb(action="toggle-hours_before", booking=own.id).pack())]
        )
    buttons.append(
        [button(t("queue-back-to-ticket"), TicketCb(action="show", booking=own.id).pack())]
    )
    return Screen(t("queue-reminders-title", code=own.code), buttons)


@router.callback_query(TicketCb.filter(F.action == "reminders"))
async def reminder_settings(
    query: CallbackQuery,
    callback_data: TicketCb,
    t: Translator,
    resident: Resident,
    booking: BookingService,
) -> None:
    own = await _booked(query, t, booking, resident, callback_data.booking)
    if own is None:
        return
    await query.answer()
    await show(query, await reminders_screen(t, booking, own))


@router.callback_query(TicketCb.filter(F.action.in_({"toggle-day_before", "toggle-hours_before"})))
async def toggle_reminder(
    query: CallbackQuery,
    callback_data: TicketCb,
    t: Translator,
    resident: Resident,
    booking: BookingService,
) -> None:
    own = await _booked(query, t, booking, resident, callback_data.booking)
    if own is None:
        return
    kind: ReminderKind = (
        "day_before" if callback_data.action == "toggle-day_before" else "hours_before"
    )
    prefs = await booking.reminder_preferences(own.id, resident.id)
    await booking.set_reminder(own.id, resident.id, kind, not prefs.get(kind, False))
    await query.answer()
    await show(query, await reminders_screen(t, booking, own))


# --- rating ------------------------------------------------------------------------------------


@router.callback_query(RateCb.filter(F.stars.in_({1, 2, 3, 4, 5})))
async def rate_visit(
    query: CallbackQuery,
    callback_data: RateCb,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    booking: BookingService,
) -> None:
    try:
        await booking.rate(callback_data.booking, resident.id, callback_data.stars, None)
    except NotFound:
        await query.answer(t("queue-not-found"), show_alert=True)
        return
    except BookingError:
        await query.answer(t("queue-rate-done"), show_alert=True)
        return
    await query.answer()
    await state.set_state(RatingFlow.comment)
    await state.set_data({"rated": callback_data.booking, "stars": "⭐" * callback_data.stars})
    skip = [[button(t("queue-rate-skip"), RateCb(booking=callback_data.booking, stars=0).pack())]]
    await show(query, Screen(t("queue-rate-thanks", stars="⭐" * callback_data.stars), skip))


@router.callback_query(RatingFlow.comment, RateCb.filter(F.stars == 0))
async def skip_comment(query: CallbackQuery, state: FSMContext, t: Translator) -> None:
    await state.clear()
    await query.answer()
    await show(query, Screen(t("queue-rate-comment-saved")))


@router.message(RatingFlow.comment, F.text, ~F.text.startswith("/"))
async def leave_comment(
    message: Message, state: FSMContext, t: Translator, resident: Resident, booking: BookingService
) -> None:
    comment = (message.text or "").strip()
    if len(comment) > COMMENT_LIMIT:
        await message.answer(t("queue-comment-too-long", max=COMMENT_LIMIT))
        return
    data = await state.get_data()
    await booking.comment(int(data["rated"]), resident.id, comment)
    await state.clear()
    await message.answer(t("queue-rate-comment-saved"))


@flow.data_section
async def bookings_in_mydata(
    t: Translator, resident: Resident, booking: BookingService
) -> str | None:
    count = await booking.count_for_resident(resident.id)
    return t("queue-mydata-bookings", count=count) if count else None


@flow.on_consent_withdrawn
async def forget_booking_contacts(resident: Resident, booking: BookingService) -> None:
    await booking.forget_contacts(resident.id)
