"""ЦНАП operators: the day's list for their place, marking visits, closing a day or a time
range. Every button is checked against the role for the place it carries (administrators
operate every place): a forged one gets «недостатньо прав» and changes nothing."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

from aiogram import F
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from handlers.queue_notices import Notifier
from storage.booking import Booking, BookingError, BookingService, MarkStatus, NotFound
from storage.cnap import CnapCatalog
from storage.residents import Resident
from storage.roles import COMMUNITY, Role, RoleService
from ui.access import HasRole, deny
from ui.callbacks import OperatorCb
from ui.flow import Flow
from ui.i18n import Translator
from ui.keyboards import button, rows
from ui.screens import Screen, escape, say, show

flow = Flow("operator")
router = flow.routes

RANGE = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*[-–—]\s*(\d{1,2})[:.](\d{2})\s*$")
MARKS: dict[MarkStatus, str] = {
    "arrived": "op-mark-arrived",
    "served": "op-mark-served",
    "no_show": "op-mark-no-show",
}


class CloseFlow(StatesGroup):
    range = State()
    reason = State()
    confirm = State()


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


def _local_today(t: Translator, now: datetime) -> date:
    return now.astimezone(t.zone).date()


def _day(value: str) -> date | None:
    try:
        return datetime.strptime(value, "%Y%m%d").date()
    except ValueError:
        return None


def _code(day: date) -> str:
    return day.strftime("%Y%m%d")


def _noon(day: date, t: Translator) -> datetime:
    return datetime.combine(day, time(12), tzinfo=t.zone)


@router.callback_query(OperatorCb.filter(), ~OPERATES_PLACE)
async def not_an_operator_here(query: CallbackQuery, state: FSMContext, t: Translator) -> None:
    """Registered first: every later OperatorCb handler may trust the place in its button."""
    if await state.get_state() in {s.state for s in CloseFlow.__states__}:
        await state.clear()
    await deny(query, t)


# --- screens -----------------------------------------------------------------------------


def places_screen(t: Translator, catalog: CnapCatalog, places: list[str], today: date) -> Screen:
    buttons = [
        [
            button(
                p.name.get(t.language),
                OperatorCb(action="day", place=p.code, day=_code(today)).pack(),
            )
        ]
        for p in catalog.places
        if p.code in places
    ]
    return Screen(t("op-choose-place"), buttons)


async def day_screen(
    t: Translator, booking: BookingService, catalog: CnapCatalog, place_code: str, day: date
) -> Screen:
    place = catalog.place(place_code)
    name = place.name.get(t.language) if place else place_code
    visits = await booking.day_list(place_code, day)
    lines = [t("op-day-title", place=escape(name), day=t.date(_noon(day, t))), ""]
    if not visits:
        lines.append(t("op-day-empty"))
    for visit in visits:
        service = catalog.service(visit.service_code)
        lines.append(
            t(
                "op-day-line",
                time=t.time(visit.starts_at),
                code=visit.code,
                service=escape(service.name.get(t.language) if service else visit.service_code),
                name=escape(visit.full_name),
                status=t(f"op-status-{visit.status}"),
            )
        )
    cards = [
        button(
            f"{t.time(v.starts_at)} {v.code}",
            OperatorCb(action="card", place=place_code, booking=v.id).pack(),
        )
        for v in visits
        if v.status != "cancelled"
    ]
    nav = [
        button(
            t("op-prev-day"),
            OperatorCb(action="day", place=place_code, day=_code(day - timedelta(days=1))).pack(),
        ),
        button(
            t("op-next-day"),
            OperatorCb(action="day", place=place_code, day=_code(day + timedelta(days=1))).pack(),
        ),
    ]
    tools = [
        button(t("op-refresh"), OperatorCb(action="day", place=place_code, day=_code(day)).pack()),
        button(t("op-close"), OperatorCb(action="close", place=place_code, day=_code(day)).pack()),
    ]
    return Screen("\n".join(lines), [*rows(cards, 3), nav, tools])


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
        button(
            t(label),
            OperatorCb(action=f"mark-{status}", place=visit.place_code, booking=visit.id).pack(),
        )
        for status, label in MARKS.items()
    ]
    day = _code(visit.starts_at.astimezone(t.zone).date())
    back = [
        button(
            t("op-back-to-day"), OperatorCb(action="day", place=visit.place_code, day=day).pack()
        )
    ]
    return Screen(text, [marks[:2], marks[2:], back])


# --- handlers ----------------------------------------------------------------------------


@router.message(Command("operator"), IS_OPERATOR)
async def operator_desk(
    message: Message,
    t: Translator,
    resident: Resident,
    roles: RoleService,
    booking: BookingService,
    clock: Any,
) -> None:
    catalog = await booking.catalog()
    places = await allowed_places(resident, roles, catalog)
    if not places:
        await message.answer(t("op-not-allowed"))
        return
    today = _local_today(t, clock())
    if len(places) == 1:
        await show(message, await day_screen(t, booking, catalog, places[0], today))
        return
    await show(message, places_screen(t, catalog, places, today))


async def _valid_day(query: CallbackQuery, t: Translator, value: str) -> date | None:
    day = _day(value)
    if day is None:
        await query.answer(t("error-stale-button"), show_alert=True)
    return day


@router.callback_query(OperatorCb.filter(F.action == "day"))
async def operator_day(
    query: CallbackQuery, callback_data: OperatorCb, t: Translator, booking: BookingService
) -> None:
    day = await _valid_day(query, t, callback_data.day)
    if day is None:
        return
    await query.answer()
    catalog = await booking.catalog()
    await show(query, await day_screen(t, booking, catalog, callback_data.place, day))


@router.callback_query(OperatorCb.filter(F.action == "card"))
async def operator_card(
    query: CallbackQuery, callback_data: OperatorCb, t: Translator, booking: BookingService
) -> None:
    try:
        visit = await booking.get_at_place(callback_data.booking, callback_data.place)
    except NotFound:
        await query.answer(t("queue-not-found"), show_alert=True)
        return
    await query.answer()
    await show(query, card_screen(t, await booking.catalog(), visit))


@router.callback_query(OperatorCb.filter(F.action.in_({f"mark-{s}" for s in MARKS})))
async def operator_mark(
    query: CallbackQuery,
    callback_data: OperatorCb,
    t: Translator,
    resident: Resident,
    booking: BookingService,
    notifier: Notifier,
) -> None:
    status = next(s for s in MARKS if callback_data.action == f"mark-{s}")
    try:
        visit = await booking.mark(callback_data.booking, callback_data.place, status, resident.id)
    except NotFound:
        await query.answer(t("queue-not-found"), show_alert=True)
        return
    except BookingError:
        current = await booking.get_at_place(callback_data.booking, callback_data.place)
        refused = t("op-mark-refused", status=t(f"op-status-{current.status}"))
        await query.answer(refused, show_alert=True)
        return
    if status == "served":
        await notifier.ask_rating(visit)
    await query.answer(t("op-marked", status=t(f"op-status-{status}")))
    await show(query, card_screen(t, await booking.catalog(), visit))


# --- closing a day or a range ---------------------------------------------------------------


@router.callback_query(OperatorCb.filter(F.action == "close"))
async def close_start(
    query: CallbackQuery,
    callback_data: OperatorCb,
    state: FSMContext,
    t: Translator,
    booking: BookingService,
) -> None:
    day = await _valid_day(query, t, callback_data.day)
    if day is None:
        return
    await query.answer()
    await state.set_state(CloseFlow.range)
    await state.set_data({"place": callback_data.place, "day": callback_data.day})
    await show(query, await _range_screen(t, await booking.catalog(), callback_data.place, day))


async def _range_screen(t: Translator, catalog: CnapCatalog, place_code: str, day: date) -> Screen:
    place = catalog.place(place_code)
    name = place.name.get(t.language) if place else place_code
    whole = OperatorCb(action="close-day", place=place_code, day=_code(day)).pack()
    cancel = OperatorCb(action="close-no", place=place_code, day=_code(day)).pack()
    text = t("op-close-ask-range", place=escape(name), day=t.date(_noon(day, t)))
    return Screen(
        text, [[button(t("op-close-whole-day"), whole)], [button(t("op-close-no"), cancel)]]
    )


@flow.prompt(CloseFlow.range)
async def prompt_range(
    event: Message | CallbackQuery, t: Translator, state: FSMContext, booking: BookingService
) -> None:
    data = await state.get_data()
    day = _day(data.get("day", "")) or date.today()
    await show(
        event,
        await _range_screen(t, await booking.catalog(), data.get("place", ""), day),
        edit=False,
    )


@flow.prompt(CloseFlow.reason)
async def prompt_reason(event: Message | CallbackQuery, t: Translator) -> None:
    await say(event, t("op-close-ask-reason"))


@flow.prompt(CloseFlow.confirm)
async def prompt_close_confirm(
    event: Message | CallbackQuery, t: Translator, state: FSMContext, booking: BookingService
) -> None:
    await show(
        event, _confirm_screen(t, await booking.catalog(), await state.get_data()), edit=False
    )


@router.callback_query(CloseFlow.range, OperatorCb.filter(F.action == "close-day"))
async def close_whole_day(query: CallbackQuery, state: FSMContext, t: Translator) -> None:
    await query.answer()
    await state.update_data(start="00:00", end="24:00")
    await state.set_state(CloseFlow.reason)
    await say(query, t("op-close-ask-reason"))


def parse_range(text: str) -> tuple[str, str] | None:
    match = RANGE.match(text)
    if not match:
        return None
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2 != 0):
        return None
    if (h1, m1) >= (h2, m2):
        return None
    return f"{h1:02d}:{m1:02d}", f"{h2:02d}:{m2:02d}"


def _bounds(day: date, start: str, end: str, t: Translator) -> tuple[datetime, datetime]:
    def at(hhmm: str) -> datetime:
        hours, minutes = (int(p) for p in hhmm.split(":"))
        base = datetime.combine(day, time(0), tzinfo=t.zone)
        return (base + timedelta(hours=hours, minutes=minutes)).astimezone(t.zone)

    return at(start), at(end)


@router.message(CloseFlow.range, F.text, ~F.text.startswith("/"), IS_OPERATOR)
async def close_range_typed(message: Message, state: FSMContext, t: Translator, clock: Any) -> None:
    parsed = parse_range(message.text or "")
    if parsed is None:
        await message.answer(t("op-close-bad-range"))
        return
    data = await state.get_data()
    day = _day(data.get("day", ""))
    if day is None:
        await state.clear()
        return
    _, end = _bounds(day, *parsed, t)
    if end <= clock():
        await message.answer(t("op-close-past"))
        return
    await state.update_data(start=parsed[0], end=parsed[1])
    await state.set_state(CloseFlow.reason)
    await message.answer(t("op-close-ask-reason"))


@router.message(CloseFlow.reason, F.text, ~F.text.startswith("/"), IS_OPERATOR)
async def close_reason_typed(
    message: Message, state: FSMContext, t: Translator, booking: BookingService
) -> None:
    reason = " ".join((message.text or "").split())
    if not 3 <= len(reason) <= 200:
        await message.answer(t("op-close-bad-reason"))
        return
    data = await state.update_data(reason=reason)
    await state.set_state(CloseFlow.confirm)
    await show(message, _confirm_screen(t, await booking.catalog(), data))


def _confirm_screen(t: Translator, catalog: CnapCatalog, data: dict[str, Any]) -> Screen:
    place = catalog.place(data.get("place", ""))
    day = _day(data.get("day", "")) or date.today()
    text = t(
        "op-close-confirm",
        place=escape(place.name.get(t.language) if place else ""),
        day=t.date(_noon(day, t)),
        **{"from": data.get("start", ""), "to": data.get("end", "")},
        reason=escape(data.get("reason", "")),
    )
    yes = OperatorCb(
        action="close-yes", place=data.get("place", ""), day=data.get("day", "")
    ).pack()
    no = OperatorCb(action="close-no", place=data.get("place", ""), day=data.get("day", "")).pack()
    return Screen(text, [[button(t("op-close-yes"), yes), button(t("op-close-no"), no)]])


@router.callback_query(CloseFlow.confirm, OperatorCb.filter(F.action == "close-yes"))
async def close_confirmed(
    query: CallbackQuery,
    callback_data: OperatorCb,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    booking: BookingService,
    notifier: Notifier,
) -> None:
    data = await state.get_data()
    day = _day(data.get("day", ""))
    if day is None or (data.get("place"), data.get("day")) != (
        callback_data.place,
        callback_data.day,
    ):
        await state.clear()
        await query.answer(t("error-stale-button"), show_alert=True)
        return
    starts_at, ends_at = _bounds(day, data["start"], data["end"], t)
    affected = await booking.close(data["place"], starts_at, ends_at, data["reason"], resident.id)
    await notifier.visits_cancelled(affected, data["reason"])
    await state.clear()
    await query.answer()
    await show(query, Screen(t("op-closed", count=len(affected))))
    catalog = await booking.catalog()
    await show(query, await day_screen(t, booking, catalog, data["place"], day), edit=False)


@router.callback_query(OperatorCb.filter(F.action == "close-no"))
async def close_cancelled(
    query: CallbackQuery,
    callback_data: OperatorCb,
    state: FSMContext,
    t: Translator,
    booking: BookingService,
) -> None:
    await state.clear()
    await operator_day(query, callback_data, t, booking)
