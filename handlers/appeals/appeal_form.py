"""Writing an e-appeal: kind and topic → text → photos and place (optional) → full name,
address and a contact (reused next time) → summary → send. Consent comes first: an appeal
holds personal data, and the law does not consider an anonymous appeal (a problem report may
be anonymous, so it is offered instead). Bad input at any step gets a clear answer and the
draft stays."""

from __future__ import annotations

from typing import Any

from aiogram import F
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from handlers.appeals.appeal_steps import appeal_button, go, leave_row
from handlers.appeals.callbacks import AppealAction, AppealCb, ReportAction, ReportCb
from handlers.appeals.flow import router
from handlers.appeals.screens import day_text, location_keyboard, priority_name
from handlers.appeals.states import AppealForm
from handlers.menu import send_main_menu
from storage.appeals.config import AppealSettings
from storage.appeals.drafts import MAX_PHOTOS, AppealDraft, DraftStore
from storage.appeals.errors import ConsentRequired, MissingField, OutsideCommunity
from storage.appeals.geo import Point
from storage.appeals.model import Appeal, AppealInput, AppealKind, Photo
from storage.appeals.rules import (
    BODY_LIMIT,
    clean_address,
    clean_body,
    clean_email,
    clean_name,
)
from storage.appeals.service import AppealService, check_place, settlement_code
from storage.community import CommunityRepository
from storage.queue.rules import clean_phone
from storage.residents import Resident, ResidentRepository
from ui.i18n import Translator
from ui.keyboards import button, main_reply_keyboard
from ui.screens import Screen, say, show

_FIELD_STEP = {
    "topic": AppealForm.topic,
    "body": AppealForm.body,
    "full_name": AppealForm.name,
    "address": AppealForm.address,
    "contact": AppealForm.contact,
}


def not_command(message: Message) -> bool:
    return not (message.text or "").startswith("/")


def consent_screen(t: Translator) -> Screen:
    report = ReportCb(action=ReportAction.START).pack()
    return Screen(
        t("appeal-consent-needed"),
        [
            [appeal_button(t("appeal-consent-agree"), AppealAction.CONSENT)],
            [button(t("appeal-offer-report"), report)],
            leave_row(t),
        ],
    )


async def fresh_draft(resident: Resident, appeals: AppealService) -> AppealDraft:
    """A new appeal starts with what the resident gave last time."""
    address, email = await appeals.saved_contact(resident.id)
    return AppealDraft(
        full_name=resident.full_name, address=address, phone=resident.phone, email=email
    )


@router.callback_query(AppealCb.filter(F.action == AppealAction.START))
async def start_appeal(
    query: CallbackQuery,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    appeal_drafts: DraftStore,
    appeals: AppealService,
    ctx: dict[str, Any],
) -> None:
    await query.answer()
    if not resident.has_consent:
        await show(query, consent_screen(t))
        return
    if await appeal_drafts.has(resident.id, "appeal"):
        buttons = [
            [appeal_button(t("appeal-resume"), AppealAction.RESUME)],
            [appeal_button(t("appeal-restart"), AppealAction.RESTART)],
        ]
        await show(query, Screen(t("appeal-draft-found"), buttons))
        return
    await go(query, state, await fresh_draft(resident, appeals), ctx)


@router.callback_query(AppealCb.filter(F.action == AppealAction.CONSENT))
async def consent_for_appeal(
    query: CallbackQuery,
    state: FSMContext,
    resident: Resident,
    residents: ResidentRepository,
    appeals: AppealService,
    ctx: dict[str, Any],
) -> None:
    await residents.set_consent(resident.id, True)
    refreshed = await residents.get(resident.id) or resident
    await query.answer()
    await go(query, state, await fresh_draft(refreshed, appeals), {**ctx, "resident": refreshed})


@router.callback_query(AppealCb.filter(F.action.in_({AppealAction.RESUME, AppealAction.RESTART})))
async def resume_or_restart(
    query: CallbackQuery,
    callback_data: AppealCb,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    appeal_drafts: DraftStore,
    appeals: AppealService,
    ctx: dict[str, Any],
) -> None:
    await query.answer()
    if not resident.has_consent:
        await show(query, consent_screen(t))
        return
    if callback_data.action is AppealAction.RESUME:
        draft = await appeal_drafts.appeal(resident.id)
    else:
        draft = await fresh_draft(resident, appeals)
    await go(query, state, draft, ctx)


async def _draft(ctx: dict[str, Any]) -> AppealDraft:
    drafts: DraftStore = ctx["appeal_drafts"]
    return await drafts.appeal(ctx["resident"].id)


@router.callback_query(AppealForm.kind, AppealCb.filter(F.action == AppealAction.KIND))
async def choose_kind(
    query: CallbackQuery, callback_data: AppealCb, state: FSMContext, ctx: dict[str, Any]
) -> None:
    try:
        kind = AppealKind(callback_data.value)
    except ValueError:
        await query.answer(ctx["t"]("error-stale-button"), show_alert=True)
        return
    await query.answer()
    await go(query, state, (await _draft(ctx)).with_(kind=kind), ctx)


@router.callback_query(AppealForm.topic, AppealCb.filter(F.action == AppealAction.TOPIC))
async def choose_topic(
    query: CallbackQuery,
    callback_data: AppealCb,
    state: FSMContext,
    appeals: AppealService,
    ctx: dict[str, Any],
) -> None:
    if (await appeals.settings()).topic(callback_data.value) is None:
        await query.answer(ctx["t"]("error-stale-button"), show_alert=True)
        return
    await query.answer()
    await go(query, state, (await _draft(ctx)).with_(topic=callback_data.value), ctx)


@router.message(AppealForm.body, F.text, not_command)
async def enter_body(
    message: Message, state: FSMContext, t: Translator, ctx: dict[str, Any]
) -> None:
    text = message.text or ""
    body = clean_body(text)
    if body is None:
        if len(text.strip()) > BODY_LIMIT:
            await message.answer(
                t("appeal-body-too-long", limit=BODY_LIMIT, length=len(text.strip()))
            )
        else:
            await message.answer(t("appeal-body-too-short"))
        return
    await go(message, state, (await _draft(ctx)).with_(body=body), ctx)


@router.message(AppealForm.media, F.photo)
async def add_photo(
    message: Message, state: FSMContext, t: Translator, ctx: dict[str, Any]
) -> None:
    draft = await _draft(ctx)
    if len(draft.photos) >= MAX_PHOTOS:
        await message.answer(t("appeal-photos-max", most=MAX_PHOTOS))
        return
    largest = (message.photo or [])[-1]
    photo = Photo(str(ctx.get("channel", "telegram")), largest.file_id)
    await go(message, state, draft.with_(photos=(*draft.photos, photo)), ctx, step=AppealForm.media)


@router.message(AppealForm.media, F.location)
async def add_place(
    message: Message, state: FSMContext, t: Translator, appeals: AppealService, ctx: dict[str, Any]
) -> None:
    assert message.location is not None
    point = Point(message.location.latitude, message.location.longitude)
    try:
        check_place(await appeals.settings(), point)
    except OutsideCommunity:
        await message.answer(t("appeal-place-too-far"))
        return
    draft = (await _draft(ctx)).with_(latitude=point.latitude, longitude=point.longitude)
    await go(message, state, draft, ctx, step=AppealForm.media)


@router.callback_query(AppealForm.media, AppealCb.filter(F.action == AppealAction.MEDIA_DONE))
async def media_done(
    query: CallbackQuery, state: FSMContext, t: Translator, ctx: dict[str, Any]
) -> None:
    await query.answer()
    await say(query, t("appeal-media-saved"), reply_markup=main_reply_keyboard(t))
    await go(query, state, (await _draft(ctx)).with_(media_done=True), ctx)


@router.message(AppealForm.name, F.text, not_command)
async def enter_name(
    message: Message,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    residents: ResidentRepository,
    ctx: dict[str, Any],
) -> None:
    name = clean_name(message.text or "")
    if name is None:
        await message.answer(t("appeal-bad-name"))
        return
    await residents.set_contact(resident.id, full_name=name)
    await go(message, state, (await _draft(ctx)).with_(full_name=name), ctx)


@router.message(AppealForm.address, F.text, not_command)
async def enter_address(
    message: Message, state: FSMContext, t: Translator, ctx: dict[str, Any]
) -> None:
    address = clean_address(message.text or "")
    if address is None:
        await message.answer(t("appeal-bad-address"))
        return
    await go(message, state, (await _draft(ctx)).with_(address=address), ctx)


@router.message(AppealForm.contact, F.contact)
async def share_phone(
    message: Message,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    residents: ResidentRepository,
    ctx: dict[str, Any],
) -> None:
    contact = message.contact
    if contact is None or message.from_user is None or contact.user_id != message.from_user.id:
        await message.answer(
            t("appeal-phone-not-own"), reply_markup=location_keyboard(t, contact=True)
        )
        return
    phone = clean_phone(contact.phone_number)
    if phone is None:
        await message.answer(t("queue-bad-phone"), reply_markup=location_keyboard(t, contact=True))
        return
    await residents.set_contact(resident.id, phone=phone)
    await message.answer(t("appeal-phone-saved"), reply_markup=main_reply_keyboard(t))
    await go(message, state, (await _draft(ctx)).with_(phone=phone), ctx)


@router.callback_query(AppealForm.contact, AppealCb.filter(F.action == AppealAction.EMAIL))
async def ask_email(query: CallbackQuery, state: FSMContext, ctx: dict[str, Any]) -> None:
    await query.answer()
    await go(query, state, await _draft(ctx), ctx, step=AppealForm.email)


@router.message(AppealForm.contact, F.text, not_command)
@router.message(AppealForm.email, F.text, not_command)
async def enter_email(
    message: Message, state: FSMContext, t: Translator, ctx: dict[str, Any]
) -> None:
    email = clean_email(message.text or "")
    if email is None:
        await message.answer(t("appeal-bad-email"))
        return
    await say(message, t("appeal-email-saved"), reply_markup=main_reply_keyboard(t))
    await go(message, state, (await _draft(ctx)).with_(email=email), ctx)


@router.callback_query(AppealForm.confirm, AppealCb.filter(F.action == AppealAction.CHANGE_CONTACT))
async def change_contact(query: CallbackQuery, state: FSMContext, ctx: dict[str, Any]) -> None:
    await query.answer()
    draft = (await _draft(ctx)).with_(full_name=None, address=None, phone=None, email=None)
    await go(query, state, draft, ctx)


def _input(draft: AppealDraft) -> AppealInput:
    if draft.kind is None:
        raise MissingField("kind")
    return AppealInput(
        kind=draft.kind,
        topic=draft.topic or "",
        body=draft.body or "",
        full_name=draft.full_name or "",
        address=draft.address or "",
        phone=draft.phone,
        email=draft.email,
        photos=draft.photos,
        latitude=draft.latitude,
        longitude=draft.longitude,
        priority=draft.priority,
    )


@router.callback_query(AppealForm.confirm, AppealCb.filter(F.action == AppealAction.SEND))
async def send_appeal(
    query: CallbackQuery,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    appeals: AppealService,
    community: CommunityRepository,
    ctx: dict[str, Any],
) -> None:
    draft = await _draft(ctx)
    try:
        settlement = await settlement_code(community, resident.settlement_id)
        appeal = await appeals.submit(resident.id, _input(draft), settlement)
    except ConsentRequired:
        await query.answer()
        await show(query, consent_screen(t))
        return
    except MissingField as missing:
        await query.answer(t("appeal-missing-field"), show_alert=True)
        await go(query, state, draft, ctx, step=_FIELD_STEP.get(missing.field, AppealForm.kind))
        return
    await state.clear()
    await query.answer()
    mine = appeal_button(t("menu-appeals-mine"), AppealAction.MINE)
    await show(query, Screen(registered_text(t, appeal, await appeals.settings()), [[mine]]))


def registered_text(t: Translator, appeal: Appeal, settings: AppealSettings) -> str:
    """The number, the day of receipt and the legal deadline, and that the answer may come
    sooner (no additional study) or later (an extension, with the reason, 45 days at most)."""
    text = t(
        "appeal-registered",
        number=appeal.number,
        received=day_text(t, appeal.received_on),
        due=day_text(t, appeal.due_on),
        days=(appeal.due_on - appeal.received_on).days,
        sooner=settings.no_study_days,
        most=settings.max_days,
    )
    if appeal.priority is not None:
        text += "\n" + t("appeal-registered-priority", status=priority_name(t, appeal))
    return text


@router.callback_query(AppealCb.filter(F.action == AppealAction.LEAVE))
async def leave_appeal(
    query: CallbackQuery, state: FSMContext, t: Translator, ctx: dict[str, Any]
) -> None:
    """Leave the form; the draft stays and is offered next time."""
    await state.clear()
    await query.answer()
    await show(query, Screen(t("appeal-left")))
    await say(query, t("menu-hint"), reply_markup=main_reply_keyboard(t))
    await send_main_menu(query, ctx)


@router.message(AppealForm.body, not_command)
@router.message(AppealForm.name, not_command)
@router.message(AppealForm.address, not_command)
@router.message(AppealForm.email, not_command)
async def text_expected(
    message: Message, state: FSMContext, t: Translator, ctx: dict[str, Any]
) -> None:
    """A photo, sticker or file where the form waits for text: say so, keep the draft."""
    await message.answer(t("appeal-text-expected"))


@router.message(AppealForm.media, not_command)
async def media_expected(message: Message, t: Translator) -> None:
    await message.answer(t("appeal-media-expected"))


@router.message(AppealForm.contact, not_command)
async def contact_expected(message: Message, t: Translator) -> None:
    await message.answer(
        t("appeal-contact-expected"), reply_markup=location_keyboard(t, contact=True)
    )
