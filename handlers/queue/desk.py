"""The operator desk: a ЦНАП operator's day list for their place, a visit's card, marking
arrivals, served visits and no-shows. Every button names its place and the first handler
checks the role for it (administrators operate every place), so a forged button carrying
another place gets «недостатньо прав» and changes nothing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from aiogram import F
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message

from handlers.queue.callbacks import MARKS, OperatorAction, OperatorCb, day_value, parse_day
from handlers.queue.flow import desk_router
from handlers.queue.notices import QueueNotices
from handlers.queue.screens import noon
from handlers.queue.states import CLOSE_STATES
from storage.queue.catalogue import Catalogue, CnapCatalog
from storage.queue.desk import Desk
from storage.queue.errors import BookingError, NotFound
from storage.queue.models import Booking, MarkStatus
from storage.residents import Resident
from storage.roles import COMMUNITY, Role, RoleService
from ui.access import HasRole, deny
from ui.i18n import Translator
from ui.keyboards import button, rows
from ui.screens import Screen, escape, show

MARK_LABELS: dict[MarkStatus, str] = {
    "arrived": "op-mark-arrived",
    "served": "op-mark-served",
    "no_show": "op-mark-no-show",
}


def desk_button(
    text: str, action: OperatorAction, place: str, *, day: date | None = None, booking: int = 0
) -> InlineKeyboardButton:
    data = OperatorCb(
        action=action, place=place, day=day_value(day) if day else "", booking=booking
    )
    return button(text, data.pack())


# An operator anywhere (or an administrator), and one of the place in the button.
IS_OPERATOR = HasRole(Role.OPERATOR)
OPERATES_PLACE = HasRole(Role.OPERATOR, scope_from=lambda data: str(data.place))


async def allowed_places(resident: Resident, roles: RoleService, catalog: CnapCatalog) -> list[str]:
    """Places the resident may operate: all for an administrator or a community-wide
    operator, else those granted."""
    codes = [p.code for p in catalog.places]
    granted = await roles.scopes_of(resident.id, Role.OPERATOR)
    if COMMUNITY in granted or await roles.has(resident.id, Role.ADMINISTRATOR):
        return codes
    return [code for code in codes if code in granted]


@desk_router.callback_query(OperatorCb.filter(), ~OPERATES_PLACE)
async def not_an_operator_here(query: CallbackQuery, state: FSMContext, t: Translator) -> None:
    """Registered first: every later OperatorCb handler may trust the place in its button."""
    if await state.get_state() in CLOSE_STATES:
        await state.clear()
    await deny(query, t)


# --- screens -----------------------------------------------------------------------------


def places_screen(t: Translator, catalog: CnapCatalog, places: list[str], today: date) -> Screen:
    buttons = [
        [desk_button(p.name.get(t.language), OperatorAction.DAY, p.code, day=today)]
        for p in catalog.places
        if p.code in places
    ]
    return Screen(t("op-choose-place"), buttons)


def _visit_line(t: Translator, catalog: CnapCatalog, visit: Booking) -> str:
    service = catalog.service(visit.service_code)
    return t(
        "op-day-line",
        time=t.time(visit.starts_at),
        code=visit.code,
        service=escape(service.name.get(t.language) if service else visit.service_code),
        name=escape(visit.full_name),
        status=t(f"op-status-{visit.status}"),
    )


def day_list_screen(
    t: Translator, catalog: CnapCatalog, place_code: str, day: date, visits: list[Booking]
) -> Screen:
    place = catalog.place(place_code)
    name = place.name.get(t.language) if place else place_code
    lines = [t("op-day-title", place=escape(name), day=t.date(noon(day, t))), ""]
    if not visits:
        lines.append(t("op-day-empty"))
    lines += [_visit_line(t, catalog, visit) for visit in visits]
    cards = [
        desk_button(
            f"{t.time(v.starts_at)} {v.code}", OperatorAction.CARD, place_code, booking=v.id
        )
        for v in visits
        if v.status != "cancelled"
    ]
    nav = [
        desk_button(t("op-prev-day"), OperatorAction.DAY, place_code, day=day - timedelta(days=1)),
        desk_button(t("op-next-day"), OperatorAction.DAY, place_code, day=day + timedelta(days=1)),
    ]
    tools = [
        desk_button(t("op-refresh"), OperatorAction.DAY, place_code, day=day),
        desk_button(t("op-close"), OperatorAction.CLOSE, place_code, day=day),
    ]
    return Screen("\n".join(lines), [*rows(cards, 3), nav, tools])


async def day_screen(
    t: Translator, cnap: Catalogue, desk: Desk, place_code: str, day: date
) -> Screen:
    visits = await desk.day_list(place_code, day)
    return day_list_screen(t, await cnap.current(), place_code, day, visits)


def card_screen(t: Translator, catalog: CnapCatalog, visit: Booking) -> Screen:
    service = catalog.service(visit.service_code)
    text = t(
        "op-booking-card",
        code=visit.code,
        when=t.datetime(visit.starts_at),
        service=escape(service.name.get(t.language) if service else visit.service_code),
        name=escape(visit.full_name),
        phone=escape(visit.phone),
        status=t(f"op-status-{visit.status}"),
    )
    marks = [
        desk_button(t(MARK_LABELS[status]), action, visit.place_code, booking=visit.id)
        for action, status in MARKS.items()
    ]
    day = visit.starts_at.astimezone(t.zone).date()
    back = [desk_button(t("op-back-to-day"), OperatorAction.DAY, visit.place_code, day=day)]
    return Screen(text, [marks[:2], marks[2:], back])


# --- handlers ----------------------------------------------------------------------------


@desk_router.message(Command("operator"), IS_OPERATOR)
async def operator_desk(
    message: Message,
    t: Translator,
    resident: Resident,
    roles: RoleService,
    cnap: Catalogue,
    desk: Desk,
    clock: Any,
) -> None:
    catalog = await cnap.current()
    places = await allowed_places(resident, roles, catalog)
    if not places:
        await message.answer(t("op-not-allowed"))
        return
    today = clock().astimezone(t.zone).date()
    if len(places) == 1:
        await show(message, await day_screen(t, cnap, desk, places[0], today))
        return
    await show(message, places_screen(t, catalog, places, today))


async def valid_day(query: CallbackQuery, t: Translator, value: str) -> date | None:
    day = parse_day(value)
    if day is None:
        await query.answer(t("error-stale-button"), show_alert=True)
    return day


@desk_router.callback_query(OperatorCb.filter(F.action == OperatorAction.DAY))
async def operator_day(
    query: CallbackQuery, callback_data: OperatorCb, t: Translator, cnap: Catalogue, desk: Desk
) -> None:
    day = await valid_day(query, t, callback_data.day)
    if day is None:
        return
    await query.answer()
    await show(query, await day_screen(t, cnap, desk, callback_data.place, day))


@desk_router.callback_query(OperatorCb.filter(F.action == OperatorAction.CARD))
async def operator_card(
    query: CallbackQuery, callback_data: OperatorCb, t: Translator, cnap: Catalogue, desk: Desk
) -> None:
    try:
        visit = await desk.get_at_place(callback_data.booking, callback_data.place)
    except NotFound:
        await query.answer(t("queue-not-found"), show_alert=True)
        return
    await query.answer()
    await show(query, card_screen(t, await cnap.current(), visit))


@desk_router.callback_query(OperatorCb.filter(F.action.in_(set(MARKS))))
async def operator_mark(
    query: CallbackQuery,
    callback_data: OperatorCb,
    t: Translator,
    resident: Resident,
    cnap: Catalogue,
    desk: Desk,
    queue_notices: QueueNotices,
) -> None:
    status = MARKS[callback_data.action]
    try:
        visit = await desk.mark(callback_data.booking, callback_data.place, status, resident.id)
    except NotFound:
        await query.answer(t("queue-not-found"), show_alert=True)
        return
    except BookingError:
        current = await desk.get_at_place(callback_data.booking, callback_data.place)
        refused = t("op-mark-refused", status=t(f"op-status-{current.status}"))
        await query.answer(refused, show_alert=True)
        return
    if status == "served":
        await queue_notices.ask_rating(visit)
    await query.answer(t("op-marked", status=t(f"op-status-{status}")))
    await show(query, card_screen(t, await cnap.current(), visit))
