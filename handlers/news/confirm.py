"""The preview exactly as residents will see it, with the number of recipients; confirming
(send now or at the chosen time), discarding the draft, cancelling a broadcast."""

from __future__ import annotations

from aiogram import F
from aiogram.types import CallbackQuery

from bot.config import Settings
from handlers.news.callbacks import ComposeAction, ComposeCb
from handlers.news.common import router
from handlers.news.compose import audience_name, compose_data, home_row, show_home, when_name
from handlers.news.progress import progress_screen
from handlers.news.render import announcement_payload, text_problem, topic_name
from storage.audit import Actor
from storage.community import CommunityRepository
from storage.news.broadcasts import BroadcastService
from storage.news.model import BroadcastState, Draft
from storage.news.subscriptions import DraftStore
from storage.payload import Payload
from storage.residents import Resident
from ui.i18n import Texts, Translator
from ui.keyboards import button, inline_markup
from ui.screens import Screen, say, show


async def _send_payload(query: CallbackQuery, payload: Payload, channel: str) -> None:
    """The message as a resident's chat shows it (the sender sends it the same way)."""
    assert query.bot is not None
    photo = payload.photo_ref(channel)
    markup = inline_markup(payload)
    if photo is not None:
        await query.bot.send_photo(
            query.from_user.id, photo, caption=payload.text, reply_markup=markup
        )
    else:
        await query.bot.send_message(query.from_user.id, payload.text, reply_markup=markup)


def _problem(t: Translator, texts: Texts, draft: Draft) -> str | None:
    if not draft.text_uk:
        return t("news-no-text")
    uk, en = texts.get("uk"), texts.get("en")
    return text_problem(uk, draft.topic, draft.text_uk, bool(draft.photo)) or (
        text_problem(en, draft.topic, draft.text_en, bool(draft.photo)) if draft.text_en else None
    )


@router.callback_query(ComposeCb.filter(F.action == ComposeAction.PREVIEW))
async def preview(
    query: CallbackQuery,
    t: Translator,
    texts: Texts,
    resident: Resident,
    broadcast_drafts: DraftStore,
    community: CommunityRepository,
    broadcasts: BroadcastService,
    channel: str = "telegram",
) -> None:
    draft = await broadcast_drafts.get(resident.id)
    problem = _problem(t, texts, draft)
    if problem is not None:
        await query.answer()
        await say(query, problem, Screen("", [home_row(t)]).markup)
        return
    await query.answer()
    await say(query, t("news-preview-intro"))
    uk = texts.get("uk")
    preview = announcement_payload(uk, draft.topic, draft.text_uk, draft.photo)
    await _send_payload(query, preview, channel)
    if draft.text_en:
        en = texts.get("en")
        preview = announcement_payload(en, draft.topic, draft.text_en, draft.photo)
        await _send_payload(query, preview, channel)
    count = await broadcasts.count_recipients(draft)
    summary = t(
        "news-preview-summary",
        recipients=count,
        topic=topic_name(t, draft.topic),
        audience=await audience_name(t, draft, community),
        when=when_name(t, draft),
    )
    confirm_key = "news-btn-schedule" if draft.send_at else "news-btn-send"
    buttons = [
        [button(t(confirm_key), compose_data(ComposeAction.CONFIRM))],
        [button(t("news-btn-edit"), compose_data(ComposeAction.HOME))],
    ]
    await say(query, summary, Screen("", buttons).markup)


@router.callback_query(ComposeCb.filter(F.action == ComposeAction.CONFIRM))
async def confirm(
    query: CallbackQuery,
    t: Translator,
    texts: Texts,
    settings: Settings,
    resident: Resident,
    broadcast_drafts: DraftStore,
    broadcasts: BroadcastService,
) -> None:
    draft = await broadcast_drafts.get(resident.id)
    problem = _problem(t, texts, draft)
    if problem is not None:
        await query.answer(t("error-stale-button"), show_alert=True)
        return
    if draft.send_at is not None and draft.send_at <= broadcasts.now():
        await query.answer(t("news-when-past", when=t.datetime(draft.send_at)), show_alert=True)
        return
    actor = Actor.resident(resident.id)
    created = await broadcasts.create(resident.id, draft, actor)
    await broadcast_drafts.discard(resident.id)
    await query.answer()
    if draft.send_at is not None:
        text = t("news-scheduled", id=created.id, when=t.datetime(created.send_at))
        cancel = compose_data(ComposeAction.CANCEL, created.id)
        await show(
            query, Screen(text, [[button(t("news-btn-cancel-scheduled", id=created.id), cancel)]])
        )
        return
    current = await broadcasts.start(created, actor)
    screen = progress_screen(
        t, current, await broadcasts.progress(current), settings.sender.rate_per_second
    )
    assert query.bot is not None
    sent = await query.bot.send_message(query.from_user.id, screen.text, reply_markup=screen.markup)
    await broadcasts.set_progress_message(created.id, sent.message_id)
    await broadcasts.note_progress_shown(created.id, screen.text)


@router.callback_query(ComposeCb.filter(F.action == ComposeAction.DISCARD))
async def discard(
    query: CallbackQuery,
    t: Translator,
    resident: Resident,
    broadcast_drafts: DraftStore,
    community: CommunityRepository,
    broadcasts: BroadcastService,
) -> None:
    await broadcast_drafts.discard(resident.id)
    await query.answer(t("news-discarded"))
    await show_home(query, t, resident, broadcast_drafts, community, broadcasts)


@router.callback_query(ComposeCb.filter(F.action == ComposeAction.CANCEL))
async def ask_cancel(
    query: CallbackQuery, callback_data: ComposeCb, t: Translator, broadcasts: BroadcastService
) -> None:
    broadcast = await broadcasts.get(callback_data.id)
    if broadcast is None or broadcast.state not in (
        BroadcastState.SCHEDULED,
        BroadcastState.SENDING,
    ):
        await query.answer(t("news-cancel-too-late"), show_alert=True)
        return
    await query.answer()
    buttons = [
        [button(t("news-btn-cancel-yes"), compose_data(ComposeAction.CANCEL_YES, broadcast.id))],
        [button(t("btn-back"), compose_data(ComposeAction.HOME))],
    ]
    await say(query, t("news-cancel-confirm", id=broadcast.id), Screen("", buttons).markup)


@router.callback_query(ComposeCb.filter(F.action == ComposeAction.CANCEL_YES))
async def cancel(
    query: CallbackQuery,
    callback_data: ComposeCb,
    t: Translator,
    resident: Resident,
    broadcasts: BroadcastService,
) -> None:
    cancelled = await broadcasts.cancel(callback_data.id, Actor.resident(resident.id))
    if cancelled is None:
        await query.answer(t("news-cancel-too-late"), show_alert=True)
        return
    await query.answer()
    await show(query, Screen(t("news-cancelled", id=cancelled.id, withdrawn=cancelled.withdrawn)))
