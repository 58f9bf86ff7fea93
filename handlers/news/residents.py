"""Residents: the archive of announcements, their subscriptions, /stop and /start, and the
/mydata line. Subscriptions are preferences, not data collected under consent: they stay
when consent is withdrawn and go with everything else when the resident deletes their data."""

from __future__ import annotations

from aiogram import F
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import Command, CommandStart
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message

from handlers.news.callbacks import NewsAction, NewsCb
from handlers.news.common import flow, resume_flow, router
from handlers.news.paid import subscriptions_button
from handlers.news.render import TOPIC_KEYS, announcement_payload, list_title, topic_name
from storage.community import CommunityRepository, SettlementRow
from storage.costs import PaidMessages
from storage.news.broadcasts import BroadcastService
from storage.news.model import Subscription, Topic
from storage.news.subscriptions import SubscriptionService
from storage.residents import Resident
from ui.callbacks import MenuCb
from ui.flow import Block
from ui.i18n import Translator
from ui.keyboards import button, pager_row, rows
from ui.screens import Screen, escape, say, show

PLACES_PAGE = 10


def _data(action: NewsAction, id_: int = 0, page: int = 0, topic: Topic = Topic.NEWS) -> str:
    return NewsCb(action=action, id=id_, page=page, topic=topic).pack()


def _back_to_block(t: Translator) -> list[InlineKeyboardButton]:
    return [button(t("btn-back"), MenuCb(screen=Block.MY_COMMUNITY.value).pack())]


# --- the archive ------------------------------------------------------------------------


async def archive_screen(
    t: Translator,
    resident: Resident,
    broadcasts: BroadcastService,
    subscription: Subscription,
    page: int,
) -> Screen:
    found, pages = await broadcasts.archive(
        resident.settlement_id, subscription.extra_settlements, page
    )
    page = min(page, pages - 1)
    if not found:
        return Screen(t("news-archive-empty"), [_back_to_block(t)])
    lines = [t("news-archive-title")]
    buttons = []
    for number, item in enumerate(found, start=1):
        when = t.full_datetime(item.started_at or item.send_at)
        title = list_title(item, t.language)
        lines.append(t("news-archive-line", n=number, when=when, title=title))
        buttons.append(button(f"{number}", _data(NewsAction.OPEN, item.id, page)))
    keyboard = rows(buttons, 5)
    data_for = {
        n: _data(NewsAction.ARCHIVE, page=n) for n in (page - 1, page + 1) if 0 <= n < pages
    }
    nav = pager_row(t, page, pages, data_for)
    if nav:
        keyboard.append(nav)
    keyboard.append(_back_to_block(t))
    return Screen("\n".join(lines), keyboard)


@router.callback_query(NewsCb.filter(F.action == NewsAction.ARCHIVE))
async def archive(
    query: CallbackQuery,
    callback_data: NewsCb,
    t: Translator,
    resident: Resident,
    broadcasts: BroadcastService,
    subscriptions: SubscriptionService,
) -> None:
    await query.answer()
    subscription = await subscriptions.get(resident.id)
    await show(
        query, await archive_screen(t, resident, broadcasts, subscription, callback_data.page)
    )


@router.callback_query(NewsCb.filter(F.action == NewsAction.OPEN))
async def open_announcement(
    query: CallbackQuery,
    callback_data: NewsCb,
    t: Translator,
    broadcasts: BroadcastService,
    channel: str = "telegram",
) -> None:
    item = await broadcasts.get(callback_data.id)
    if item is None or item.started_at is None or item.state == "cancelled":
        await query.answer(t("news-not-found"), show_alert=True)
        return
    await query.answer()
    payload = announcement_payload(t, item.topic, item.text_for(t.language), item.photo)
    back = [[button(t("btn-back"), _data(NewsAction.ARCHIVE, page=callback_data.page))]]
    photo = payload.photo_ref(channel)
    if photo is None or query.bot is None:
        await show(query, Screen(payload.text, back))
        return
    await query.bot.send_photo(
        query.from_user.id, photo, caption=payload.text, reply_markup=Screen("", back).markup
    )


# --- subscriptions ----------------------------------------------------------------------


def _mark(on: bool) -> str:
    return "✅" if on else "▫️"


def subscriptions_screen(
    t: Translator, subscription: Subscription, own: str | None, paid: bool = False
) -> Screen:
    """`paid`: the resident uses a messenger where the bot's own messages cost money, and
    chooses there what may come (handlers/paid.py)."""
    lines = [t("news-subs-title"), ""]
    if subscription.stopped:
        lines += [t("news-subs-stopped"), ""]
    lines.append(
        t("news-subs-places", own=escape(own or "—"), extra=len(subscription.extra_settlements))
    )
    lines.append(t("news-subs-hint"))
    buttons = []
    for topic in Topic:
        label = f"{_mark(subscription.follows(topic))} {topic_name(t, topic)}"
        if not topic.optional:
            label = f"🔒 {topic_name(t, topic)}"
        buttons.append([button(label, _data(NewsAction.TOPIC, topic=topic))])
    buttons.append([button(t("news-subs-places-button"), _data(NewsAction.PLACES))])
    if paid:
        buttons.append(subscriptions_button(t))
    buttons.append(_back_to_block(t))
    return Screen("\n".join(lines), buttons)


async def _own_settlement(
    t: Translator, resident: Resident, community: CommunityRepository
) -> str | None:
    if resident.settlement_id is None:
        return None
    row = await community.settlement(resident.settlement_id)
    return row.name(t.language) if row else None


@router.callback_query(NewsCb.filter(F.action == NewsAction.SUBSCRIPTIONS))
async def open_subscriptions(
    query: CallbackQuery,
    t: Translator,
    resident: Resident,
    subscriptions: SubscriptionService,
    community: CommunityRepository,
    paid_messages: PaidMessages,
) -> None:
    await query.answer()
    subscription = await subscriptions.get(resident.id)
    own = await _own_settlement(t, resident, community)
    paid = await paid_messages.uses_paid_channel(resident.id)
    screen = subscriptions_screen(t, subscription, own, paid)
    await show(query, screen, edit=query.message is not None)


@router.callback_query(NewsCb.filter(F.action == NewsAction.TOPIC))
async def toggle_topic(
    query: CallbackQuery,
    callback_data: NewsCb,
    t: Translator,
    resident: Resident,
    subscriptions: SubscriptionService,
    community: CommunityRepository,
    paid_messages: PaidMessages,
) -> None:
    topic = callback_data.topic
    if not topic.optional:
        await query.answer(t("news-emergency-locked"), show_alert=True)
        return
    current = await subscriptions.get(resident.id)
    updated = await subscriptions.set_topic(resident.id, topic, not current.follows(topic))
    await query.answer()
    own = await _own_settlement(t, resident, community)
    paid = await paid_messages.uses_paid_channel(resident.id)
    await show(query, subscriptions_screen(t, updated, own, paid))


def places_screen(
    t: Translator,
    settlements: list[SettlementRow],
    resident: Resident,
    subscription: Subscription,
    page: int,
) -> Screen:
    pages = max(1, -(-len(settlements) // PLACES_PAGE))
    page = min(page, pages - 1)
    buttons = []
    for row in settlements[page * PLACES_PAGE : (page + 1) * PLACES_PAGE]:
        own = row.id == resident.settlement_id
        on = own or row.id in subscription.extra_settlements
        label = f"{'🏠' if own else _mark(on)} {row.name(t.language)}"
        buttons.append(button(label, _data(NewsAction.PLACE, row.id, page)))
    keyboard = rows(buttons, 2)
    data_for = {n: _data(NewsAction.PLACES, page=n) for n in (page - 1, page + 1) if 0 <= n < pages}
    nav = pager_row(t, page, pages, data_for)
    if nav:
        keyboard.append(nav)
    keyboard.append([button(t("btn-back"), _data(NewsAction.SUBSCRIPTIONS))])
    return Screen(t("news-places-title"), keyboard)


@router.callback_query(NewsCb.filter(F.action.in_({NewsAction.PLACES, NewsAction.PLACE})))
async def places(
    query: CallbackQuery,
    callback_data: NewsCb,
    t: Translator,
    resident: Resident,
    subscriptions: SubscriptionService,
    community: CommunityRepository,
) -> None:
    settlements = await community.settlements()
    subscription = await subscriptions.get(resident.id)
    if callback_data.action is NewsAction.PLACE:
        chosen = next((s for s in settlements if s.id == callback_data.id), None)
        if chosen is None:
            await query.answer(t("error-stale-button"), show_alert=True)
            return
        if chosen.id == resident.settlement_id:
            await query.answer(t("news-own-place"), show_alert=True)
            return
        on = chosen.id not in subscription.extra_settlements
        subscription = await subscriptions.set_settlement(resident.id, chosen.id, on)
    await query.answer()
    await show(query, places_screen(t, settlements, resident, subscription, callback_data.page))


# --- /stop and /start -------------------------------------------------------------------


@router.message(Command("stop"))
async def stop_command(
    message: Message, t: Translator, resident: Resident, subscriptions: SubscriptionService
) -> None:
    await subscriptions.set_stopped(resident.id, True)
    await message.answer(t("news-stopped"))


async def _stopped(_event: Message, resident: Resident, subscriptions: SubscriptionService) -> bool:
    return resident.onboarded and (await subscriptions.get(resident.id)).stopped


@resume_flow.routes.message(CommandStart(), _stopped)
async def start_after_stop(
    message: Message, t: Translator, resident: Resident, subscriptions: SubscriptionService
) -> None:
    """/start switches the announcements on again, then /start does what it always does."""
    if await subscriptions.set_stopped(resident.id, False):
        await say(message, t("news-resumed"))
    raise SkipHandler


# --- /mydata ----------------------------------------------------------------------------


@flow.data_section
async def subscriptions_in_mydata(
    t: Translator,
    resident: Resident,
    subscriptions: SubscriptionService,
    community: CommunityRepository,
) -> str:
    subscription = await subscriptions.get(resident.id)
    if subscription.stopped:
        return t("news-mydata-stopped")
    topics = ", ".join(t(TOPIC_KEYS[x]) for x in Topic if subscription.follows(x))
    names = [await _own_settlement(t, resident, community) or "—"]
    for settlement_id in sorted(subscription.extra_settlements):
        row = await community.settlement(settlement_id)
        if row is not None:
            names.append(row.name(t.language))
    return t("news-mydata", topics=topics, places=escape(", ".join(names)))
