"""An operator closes their place for a day or a time range (an outage, an air-raid alert):
the range, the reason, a last check; every booked resident is told at once."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from aiogram import F
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from handlers.menu import send_main_menu
from handlers.queue.callbacks import OperatorAction, OperatorCb, day_value
from handlers.queue.desk import IS_OPERATOR, day_screen, desk_button, operator_day, valid_day
from handlers.queue.drafts import ClosureDraft, ClosureStep
from handlers.queue.flow import desk_flow, desk_router
from handlers.queue.notices import QueueNotices
from handlers.queue.screens import noon
from handlers.queue.states import CloseFlow
from storage.queue.catalogue import Catalogue, CnapCatalog
from storage.queue.desk import Desk
from storage.queue.rules import WHOLE_DAY, clean_reason, parse_range, range_bounds
from storage.residents import Resident
from ui.i18n import Translator
from ui.screens import Screen, escape, say, show

Event = Message | CallbackQuery
_STATE_OF = {
    ClosureStep.RANGE: CloseFlow.range,
    ClosureStep.REASON: CloseFlow.reason,
    ClosureStep.CONFIRM: CloseFlow.confirm,
}


def range_screen(t: Translator, catalog: CnapCatalog, place_code: str, day: date) -> Screen:
    place = catalog.place(place_code)
    name = place.name.get(t.language) if place else place_code
    whole = desk_button(t("op-close-whole-day"), OperatorAction.CLOSE_DAY, place_code, day=day)
    cancel = desk_button(t("op-close-no"), OperatorAction.CLOSE_NO, place_code, day=day)
    text = t("op-close-ask-range", place=escape(name), day=t.date(noon(day, t)))
    return Screen(text, [[whole], [cancel]])


def confirm_screen(
    t: Translator, catalog: CnapCatalog, place_code: str, day: date, draft: ClosureDraft
) -> Screen:
    place = catalog.place(place_code)
    text = t(
        "op-close-confirm",
        place=escape(place.name.get(t.language) if place else ""),
        day=t.date(noon(day, t)),
        **{"from": draft.start or "", "to": draft.end or ""},
        reason=escape(draft.reason),
    )
    yes = desk_button(t("op-close-yes"), OperatorAction.CLOSE_YES, place_code, day=day)
    no = desk_button(t("op-close-no"), OperatorAction.CLOSE_NO, place_code, day=day)
    return Screen(text, [[yes, no]])


async def go(
    event: Event,
    state: FSMContext,
    step: ClosureStep,
    draft: ClosureDraft,
    ctx: dict[str, Any],
    *,
    edit: bool = True,
) -> None:
    """Keep the draft and show `step`, or the earlier step that must ask first. A draft
    that names no place and day is no closure: the resident gets their menu back."""
    if draft.place is None or draft.day is None:
        await state.clear()
        await send_main_menu(event, ctx)
        return
    step = draft.back_to(step)
    await state.set_data(draft.to_dict())
    await state.set_state(_STATE_OF[step])
    t: Translator = ctx["t"]
    if step is ClosureStep.REASON:
        await say(event, t("op-close-ask-reason"))
        return
    cnap: Catalogue = ctx["cnap"]
    catalog = await cnap.current()
    if step is ClosureStep.RANGE:
        screen = range_screen(t, catalog, draft.place, draft.day)
    else:
        screen = confirm_screen(t, catalog, draft.place, draft.day, draft)
    await show(event, screen, edit=edit)


async def load_draft(state: FSMContext) -> ClosureDraft:
    return ClosureDraft.from_dict(await state.get_data())


@desk_flow.prompt(*CloseFlow.__states__)
async def prompt_closure_step(event: Event, state: FSMContext, ctx: dict[str, Any]) -> None:
    step = ClosureStep((await state.get_state() or "").rpartition(":")[2])
    await go(event, state, step, await load_draft(state), ctx, edit=False)


@desk_router.callback_query(OperatorCb.filter(F.action == OperatorAction.CLOSE))
async def close_start(
    query: CallbackQuery,
    callback_data: OperatorCb,
    state: FSMContext,
    t: Translator,
    ctx: dict[str, Any],
) -> None:
    day = await valid_day(query, t, callback_data.day)
    if day is None:
        return
    await query.answer()
    await go(query, state, ClosureStep.RANGE, ClosureDraft(callback_data.place, day), ctx)


@desk_router.callback_query(
    CloseFlow.range, OperatorCb.filter(F.action == OperatorAction.CLOSE_DAY)
)
async def close_whole_day(query: CallbackQuery, state: FSMContext, ctx: dict[str, Any]) -> None:
    await query.answer()
    start, end = WHOLE_DAY
    draft = replace(await load_draft(state), start=start, end=end)
    await go(query, state, ClosureStep.REASON, draft, ctx)


@desk_router.message(CloseFlow.range, F.text, ~F.text.startswith("/"), IS_OPERATOR)
async def close_range_typed(
    message: Message, state: FSMContext, t: Translator, clock: Any, ctx: dict[str, Any]
) -> None:
    parsed = parse_range(message.text or "")
    if parsed is None:
        await message.answer(t("op-close-bad-range"))
        return
    draft = await load_draft(state)
    if draft.day is None:
        await state.clear()
        return
    _, end = range_bounds(draft.day, *parsed, t.zone)
    if end <= clock():
        await message.answer(t("op-close-past"))
        return
    await go(
        message, state, ClosureStep.REASON, replace(draft, start=parsed[0], end=parsed[1]), ctx
    )


@desk_router.message(CloseFlow.reason, F.text, ~F.text.startswith("/"), IS_OPERATOR)
async def close_reason_typed(
    message: Message, state: FSMContext, t: Translator, ctx: dict[str, Any]
) -> None:
    reason = clean_reason(message.text or "")
    if reason is None:
        await message.answer(t("op-close-bad-reason"))
        return
    draft = replace(await load_draft(state), reason=reason)
    await go(message, state, ClosureStep.CONFIRM, draft, ctx)


@desk_router.callback_query(
    CloseFlow.confirm, OperatorCb.filter(F.action == OperatorAction.CLOSE_YES)
)
async def close_confirmed(
    query: CallbackQuery,
    callback_data: OperatorCb,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    cnap: Catalogue,
    desk: Desk,
    queue_notices: QueueNotices,
    ctx: dict[str, Any],
) -> None:
    draft = await load_draft(state)
    day = draft.day
    if day is None or (draft.place, day_value(day)) != (callback_data.place, callback_data.day):
        await state.clear()
        await query.answer(t("error-stale-button"), show_alert=True)
        return
    if draft.back_to(ClosureStep.CONFIRM) is not ClosureStep.CONFIRM:
        await query.answer()
        await go(query, state, ClosureStep.CONFIRM, draft, ctx)
        return
    place, reason = callback_data.place, draft.reason or ""
    starts_at, ends_at = range_bounds(day, draft.start or "", draft.end or "", t.zone)
    affected = await desk.close(place, starts_at, ends_at, reason, resident.id)
    await queue_notices.visits_cancelled(affected, reason)
    await state.clear()
    await query.answer()
    await show(query, Screen(t("op-closed", count=len(affected))))
    await show(query, await day_screen(t, cnap, desk, place, day), edit=False)


@desk_router.callback_query(OperatorCb.filter(F.action == OperatorAction.CLOSE_NO))
async def close_cancelled(
    query: CallbackQuery,
    callback_data: OperatorCb,
    state: FSMContext,
    t: Translator,
    cnap: Catalogue,
    desk: Desk,
) -> None:
    await state.clear()
    await operator_day(query, callback_data, t, cnap, desk)
