"""The broadcast's progress card in the author's chat, and the background job that drives
everything after «Надіслати»: start scheduled broadcasts when due, expand recipients into
the outbox, update the card (at most once a tick, and only when its figures changed), and
record the final statistics."""

from __future__ import annotations

import logging
import math

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError

from handlers.news.callbacks import ComposeAction, ComposeCb
from handlers.news.common import flow
from handlers.news.render import renderer, topic_name
from storage.audit import Actor
from storage.news.broadcasts import BroadcastService
from storage.news.model import Broadcast, BroadcastState, Progress
from storage.residents import ResidentRepository
from ui.i18n import Texts, Translator
from ui.keyboards import button
from ui.screens import Screen

log = logging.getLogger(__name__)

# How often the job runs, so how often a card may change (Telegram allows far more edits,
# but a card that changes every second is unreadable and costs edits for nothing).
TICK_SECONDS = 3.0
SCHEDULE_ACTOR = Actor.system("schedule")


def remaining(t: Translator, left: int, rate: float) -> str:
    seconds = math.ceil(left / rate) if rate > 0 else 0
    return t("news-progress-eta", minutes=seconds // 60, seconds=seconds % 60)


def progress_screen(t: Translator, broadcast: Broadcast, progress: Progress, rate: float) -> Screen:
    figures = {
        "id": broadcast.id,
        "topic": topic_name(t, broadcast.topic),
        "sent": progress.sent,
        "failed": progress.failed,
        "blocked": progress.unreachable,
        "left": progress.left,
    }
    paid = ""
    if progress.not_opted_in or progress.capped:
        paid = "\n" + t(
            "news-progress-paid", not_opted=progress.not_opted_in, capped=progress.capped
        )
    if broadcast.finished_at is not None:
        key = (
            "news-progress-done"
            if broadcast.state is BroadcastState.DONE
            else "news-progress-cancelled"
        )
        return Screen(t(key, withdrawn=broadcast.withdrawn, **figures) + paid)
    if broadcast.state is BroadcastState.CANCELLED:
        text = t("news-progress-cancelling", withdrawn=broadcast.withdrawn, **figures)
        return Screen(text + paid)
    text = t("news-progress", eta=remaining(t, progress.left, rate), **figures) + paid
    cancel = ComposeCb(action=ComposeAction.CANCEL, id=broadcast.id).pack()
    return Screen(text, [[button(t("news-btn-cancel-running"), cancel)]])


async def author_chat(
    residents: ResidentRepository, broadcast: Broadcast, channel: str
) -> str | None:
    if broadcast.author_id is None:
        return None
    for link in await residents.channels(broadcast.author_id):
        if link.channel == channel:
            return link.chat_id
    return None


async def update_card(
    bot: Bot,
    broadcast: Broadcast,
    broadcasts: BroadcastService,
    residents: ResidentRepository,
    texts: Texts,
    rate: float,
    channel: str,
) -> None:
    chat_id = await author_chat(residents, broadcast, channel)
    if chat_id is None:
        return
    author = await residents.get(broadcast.author_id or 0)
    t = texts.get(author.language if author else None)
    screen = progress_screen(t, broadcast, await broadcasts.progress(broadcast), rate)
    if not await broadcasts.note_progress_shown(broadcast.id, screen.text):
        return  # nothing new to show
    try:
        if broadcast.progress_message is None:
            sent = await bot.send_message(chat_id, screen.text, reply_markup=screen.markup)
            await broadcasts.set_progress_message(broadcast.id, sent.message_id)
        else:
            await bot.edit_message_text(
                screen.text,
                chat_id=chat_id,
                message_id=broadcast.progress_message,
                reply_markup=screen.markup,
            )
    except TelegramAPIError as error:
        log.info("Progress of broadcast %d not shown: %s", broadcast.id, error)


@flow.job("news", every=lambda _settings: TICK_SECONDS)
async def news_tick(
    broadcasts: BroadcastService,
    residents: ResidentRepository,
    texts: Texts,
    settings: object,
    bot: Bot | None = None,
    channel: str = "telegram",
) -> int:
    """Returns how many recipients were queued in this tick."""
    started = await broadcasts.start_due(SCHEDULE_ACTOR)
    for broadcast in started:
        log.info("Broadcast %d started for %d recipients", broadcast.id, broadcast.recipients)
    queued = 0
    rate = float(getattr(getattr(settings, "sender", None), "rate_per_second", 25.0))
    for broadcast in await broadcasts.running():
        if broadcast.state is BroadcastState.SENDING and not broadcast.expanded:
            queued += await broadcasts.expand(broadcast, renderer(texts))
        current = await broadcasts.get(broadcast.id)
        if current is None:
            continue
        current = await broadcasts.finish_if_settled(current) or current
        if bot is not None:
            await update_card(bot, current, broadcasts, residents, texts, rate, channel)
    return queued
