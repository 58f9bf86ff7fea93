"""Reporting a problem: category → photo (optional) → place (a point from Telegram's
location button, or a typed address) → short description → send, with the resident's name or
anonymously. An anonymous report needs no consent and holds no personal field; its reporter
still hears about its progress in this chat. A new report near an open one of the same
category is offered to join it instead («це та сама проблема?»)."""

from __future__ import annotations

from typing import Any

from aiogram import F
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message

from handlers.appeals.appeal_form import not_command
from handlers.appeals.callbacks import ReportAction, ReportCb
from handlers.appeals.flow import flow, router
from handlers.appeals.screens import location_keyboard, report_head
from handlers.appeals.states import ReportForm
from handlers.menu import send_main_menu
from storage.appeals.drafts import DraftStore, ReportDraft
from storage.appeals.errors import NotFound, OutsideCommunity, WrongStatus
from storage.appeals.geo import Point
from storage.appeals.model import Photo, ReportCategory, ReportInput
from storage.appeals.reports import ReportService
from storage.appeals.rules import clean_address, clean_description
from storage.appeals.service import settlement_code
from storage.community import CommunityRepository
from storage.residents import Resident
from ui.i18n import Translator
from ui.keyboards import button, main_reply_keyboard
from ui.screens import Screen, escape, say, show

Event = Message | CallbackQuery


def report_button(text: str, action: ReportAction, value: str = "") -> Any:
    return button(text, ReportCb(action=action, value=value).pack())


def _leave(t: Translator) -> list[Any]:
    return [report_button(t("report-leave"), ReportAction.LEAVE)]


def next_report_step(draft: ReportDraft) -> State:
    if draft.category is None:
        return ReportForm.category
    if not draft.photo_step_done:
        return ReportForm.photo
    if not draft.has_place:
        return ReportForm.place
    if draft.description is None:
        return ReportForm.description
    return ReportForm.confirm


async def show_report_step(
    event: Event, step: State, draft: ReportDraft, ctx: dict[str, Any]
) -> None:
    t: Translator = ctx["t"]
    resident: Resident = ctx["resident"]
    if step == ReportForm.category:
        cats = [
            [report_button(t(f"report-category-{c.value}"), ReportAction.CATEGORY, c.value)]
            for c in ReportCategory
        ]
        await show(event, Screen(t("report-ask-category"), [*cats, _leave(t)]))
    elif step == ReportForm.photo:
        skip = report_button(t("report-skip-photo"), ReportAction.SKIP_PHOTO)
        await show(event, Screen(t("report-ask-photo"), [[skip], _leave(t)]))
    elif step == ReportForm.place:
        await say(event, t("report-place-keyboard"), reply_markup=location_keyboard(t))
        await show(event, Screen(t("report-ask-place"), [_leave(t)]), edit=False)
    elif step == ReportForm.description:
        await show(event, Screen(t("report-ask-description"), [_leave(t)]), edit=False)
    else:
        named = resident.has_consent and bool(resident.full_name)
        buttons = []
        if named:
            buttons.append([report_button(t("report-send-named"), ReportAction.SEND)])
        buttons.append([report_button(t("report-send-anonymous"), ReportAction.SEND_ANONYMOUS)])
        key = "report-summary" if named else "report-summary-anonymous-only"
        text = t(
            key,
            category=t(f"report-category-{draft.category.value}") if draft.category else "—",
            photo=int(draft.photo is not None),
            description=draft_description(draft),
        )
        await show(event, Screen(text, [*buttons, _leave(t)]), edit=False)


def draft_description(draft: ReportDraft) -> str:
    return escape(draft.description)


async def go_report(
    event: Event, state: FSMContext, draft: ReportDraft, ctx: dict[str, Any]
) -> None:
    drafts: DraftStore = ctx["appeal_drafts"]
    await drafts.save_report(ctx["resident"].id, draft)
    step = next_report_step(draft)
    await state.set_state(step)
    await show_report_step(event, step, draft, ctx)


async def _draft(ctx: dict[str, Any]) -> ReportDraft:
    drafts: DraftStore = ctx["appeal_drafts"]
    return await drafts.report(ctx["resident"].id)


@flow.prompt(*[s for s in ReportForm.__states__ if s != ReportForm.duplicate])
async def prompt_report_step(event: Event, state: FSMContext, ctx: dict[str, Any]) -> None:
    await go_report(event, state, await _draft(ctx), ctx)


@flow.prompt(ReportForm.duplicate)
async def prompt_duplicate(event: Event, state: FSMContext, ctx: dict[str, Any]) -> None:
    draft = await _draft(ctx)
    if not await offer_duplicate(event, state, draft, ctx):
        await go_report(event, state, draft, ctx)


@router.callback_query(ReportCb.filter(F.action == ReportAction.START))
async def start_report(
    query: CallbackQuery,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    appeal_drafts: DraftStore,
    ctx: dict[str, Any],
) -> None:
    await query.answer()
    if await appeal_drafts.has(resident.id, "report"):
        buttons = [
            [report_button(t("appeal-resume"), ReportAction.RESUME)],
            [report_button(t("appeal-restart"), ReportAction.RESTART)],
        ]
        await show(query, Screen(t("report-draft-found"), buttons))
        return
    await go_report(query, state, ReportDraft(), ctx)


@router.callback_query(ReportCb.filter(F.action.in_({ReportAction.RESUME, ReportAction.RESTART})))
async def resume_or_restart_report(
    query: CallbackQuery, callback_data: ReportCb, state: FSMContext, ctx: dict[str, Any]
) -> None:
    await query.answer()
    draft = await _draft(ctx) if callback_data.action is ReportAction.RESUME else ReportDraft()
    await go_report(query, state, draft, ctx)


@router.callback_query(ReportForm.category, ReportCb.filter(F.action == ReportAction.CATEGORY))
async def choose_category(
    query: CallbackQuery,
    callback_data: ReportCb,
    state: FSMContext,
    t: Translator,
    ctx: dict[str, Any],
) -> None:
    try:
        category = ReportCategory(callback_data.value)
    except ValueError:
        await query.answer(t("error-stale-button"), show_alert=True)
        return
    await query.answer()
    await go_report(query, state, (await _draft(ctx)).with_(category=category), ctx)


@router.message(ReportForm.photo, F.photo)
async def add_photo(message: Message, state: FSMContext, ctx: dict[str, Any]) -> None:
    largest = (message.photo or [])[-1]
    photo = Photo(str(ctx.get("channel", "telegram")), largest.file_id)
    await go_report(
        message, state, (await _draft(ctx)).with_(photo=photo, photo_step_done=True), ctx
    )


@router.callback_query(ReportForm.photo, ReportCb.filter(F.action == ReportAction.SKIP_PHOTO))
async def skip_photo(query: CallbackQuery, state: FSMContext, ctx: dict[str, Any]) -> None:
    await query.answer()
    await go_report(query, state, (await _draft(ctx)).with_(photo_step_done=True), ctx)


async def offer_duplicate(
    event: Event, state: FSMContext, draft: ReportDraft, ctx: dict[str, Any]
) -> bool:
    """Show «це та сама проблема?» when an open report of the category is close by."""
    reports: ReportService = ctx["reports"]
    t: Translator = ctx["t"]
    if draft.category is None or draft.latitude is None or draft.longitude is None:
        return False
    found = await reports.duplicate_of(draft.category, Point(draft.latitude, draft.longitude))
    if found is None or found.id == draft.declined_duplicate:
        return False
    await state.set_state(ReportForm.duplicate)
    buttons = [
        [report_button(t("report-same-yes"), ReportAction.JOIN, str(found.id))],
        [report_button(t("report-same-no"), ReportAction.NOT_SAME, str(found.id))],
    ]
    await show(
        event, Screen(t("report-same-problem", head=report_head(t, found)), buttons), edit=False
    )
    return True


@router.message(ReportForm.place, F.location)
async def share_place(
    message: Message, state: FSMContext, t: Translator, reports: ReportService, ctx: dict[str, Any]
) -> None:
    assert message.location is not None
    point = Point(message.location.latitude, message.location.longitude)
    try:
        await reports.check_place(point)
    except OutsideCommunity:
        await message.answer(t("appeal-place-too-far"))
        return
    draft = (await _draft(ctx)).with_(latitude=point.latitude, longitude=point.longitude)
    appeal_drafts: DraftStore = ctx["appeal_drafts"]
    await appeal_drafts.save_report(ctx["resident"].id, draft)
    await say(message, t("report-place-saved"), reply_markup=main_reply_keyboard(t))
    if not await offer_duplicate(message, state, draft, ctx):
        await go_report(message, state, draft, ctx)


@router.message(ReportForm.place, F.text, not_command)
async def type_place(
    message: Message, state: FSMContext, t: Translator, ctx: dict[str, Any]
) -> None:
    place = clean_address(message.text or "")
    if place is None:
        await message.answer(t("report-bad-place"))
        return
    await say(message, t("report-place-saved"), reply_markup=main_reply_keyboard(t))
    await go_report(message, state, (await _draft(ctx)).with_(place_text=place), ctx)


@router.callback_query(ReportForm.duplicate, ReportCb.filter(F.action == ReportAction.JOIN))
async def join_report(
    query: CallbackQuery,
    callback_data: ReportCb,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    reports: ReportService,
) -> None:
    value = callback_data.value
    try:
        report = await reports.join(
            int(value) if value.isdigit() and len(value) < 16 else 0, resident.id
        )
    except (WrongStatus, NotFound):
        await query.answer(t("error-stale-button"), show_alert=True)
        return
    await state.clear()
    await query.answer()
    await show(query, Screen(t("report-joined", id=report.id)))


@router.callback_query(ReportForm.duplicate, ReportCb.filter(F.action == ReportAction.NOT_SAME))
async def not_the_same(
    query: CallbackQuery, callback_data: ReportCb, state: FSMContext, ctx: dict[str, Any]
) -> None:
    await query.answer()
    value = callback_data.value
    declined = int(value) if value.isdigit() and len(value) < 16 else None
    await go_report(query, state, (await _draft(ctx)).with_(declined_duplicate=declined), ctx)


@router.message(ReportForm.description, F.text, not_command)
async def enter_description(
    message: Message, state: FSMContext, t: Translator, ctx: dict[str, Any]
) -> None:
    description = clean_description(message.text or "")
    if description is None:
        await message.answer(t("report-bad-description"))
        return
    await go_report(message, state, (await _draft(ctx)).with_(description=description), ctx)


@router.callback_query(
    ReportForm.confirm,
    ReportCb.filter(F.action.in_({ReportAction.SEND, ReportAction.SEND_ANONYMOUS})),
)
async def send_report(
    query: CallbackQuery,
    callback_data: ReportCb,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    reports: ReportService,
    community: CommunityRepository,
    ctx: dict[str, Any],
) -> None:
    draft = await _draft(ctx)
    if draft.category is None or draft.description is None or not draft.has_place:
        await query.answer(t("appeal-missing-field"), show_alert=True)
        await go_report(query, state, draft, ctx)
        return
    anonymous = callback_data.action is ReportAction.SEND_ANONYMOUS or not (
        resident.has_consent and resident.full_name
    )
    reporter = None if anonymous else (resident.full_name or "", resident.phone)
    inp = ReportInput(
        category=draft.category,
        description=draft.description,
        latitude=draft.latitude,
        longitude=draft.longitude,
        place_text=draft.place_text,
        anonymous=anonymous,
        photo=draft.photo,
    )
    try:
        report = await reports.submit(
            resident.id, inp, await settlement_code(community, resident.settlement_id), reporter
        )
    except OutsideCommunity:
        await query.answer(t("appeal-place-too-far"), show_alert=True)
        await go_report(query, state, draft.with_(latitude=None, longitude=None), ctx)
        return
    await state.clear()
    await query.answer()
    await show(query, Screen(t("report-sent", id=report.id)))


@router.callback_query(ReportCb.filter(F.action == ReportAction.LEAVE))
async def leave_report(
    query: CallbackQuery, state: FSMContext, t: Translator, ctx: dict[str, Any]
) -> None:
    await state.clear()
    await query.answer()
    await show(query, Screen(t("appeal-left")))
    await say(query, t("menu-hint"), reply_markup=main_reply_keyboard(t))
    await send_main_menu(query, ctx)


@router.message(ReportForm.photo, not_command)
async def photo_expected(message: Message, t: Translator) -> None:
    await message.answer(t("report-photo-expected"))


@router.message(ReportForm.place, not_command)
async def place_expected(message: Message, t: Translator) -> None:
    await message.answer(t("report-place-expected"), reply_markup=location_keyboard(t))


@router.message(ReportForm.description, not_command)
@router.message(ReportForm.duplicate, not_command)
@router.message(ReportForm.confirm, not_command)
@router.message(ReportForm.category, not_command)
async def buttons_or_text_expected(message: Message, t: Translator) -> None:
    await message.answer(
        t("appeal-text-expected") if message.text is None else t("error-use-buttons")
    )
