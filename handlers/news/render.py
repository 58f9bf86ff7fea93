"""What residents get: the announcement (a topic line, the official's text, a photo) as one
channel-neutral payload, built the same way for the preview, the outbox and the archive;
and the check of an official's HTML against the rules Telegram applies."""

from __future__ import annotations

import html
import re

from bot.channels.emulator import html_problem
from handlers.news.callbacks import NewsAction, NewsCb
from storage.news.broadcasts import Render
from storage.news.model import Broadcast, Topic
from storage.payload import Payload, PayloadButton
from ui.i18n import Texts, Translator
from ui.screens import TELEGRAM_TEXT_LIMIT, escape

CAPTION_LIMIT = 1024
LIST_TITLE_LIMIT = 60
# The bot's own formatting (storage/payload.py): what every channel can render.
BOT_TAGS = frozenset({"b", "i", "u", "s", "code", "a"})
_TAG = re.compile(r"</?([a-zA-Z-]+)(?:\s[^<>]*)?>")
_HREF = re.compile(r"""^<a\s+href\s*=\s*"(https?://|tg://)[^"]*"\s*>$""")

TOPIC_KEYS = {
    Topic.NEWS: "news-topic-news",
    Topic.OUTAGES: "news-topic-outages",
    Topic.EVENTS: "news-topic-events",
    Topic.EMERGENCY: "news-topic-emergency",
}


def topic_name(t: Translator, topic: Topic) -> str:
    return t(TOPIC_KEYS[topic])


def plain(text: str) -> str:
    """What a reader sees of an HTML text: no tags, entities decoded (Telegram counts this)."""
    return html.unescape(_TAG.sub("", text))


def announcement_text(t: Translator, topic: Topic, text: str) -> str:
    # Not one Fluent message: Fluent cuts a placeable at 1,000 characters.
    return f"{t('news-announcement-header', topic=topic_name(t, topic))}\n\n{text}"


def text_problem(t: Translator, topic: Topic, text: str, with_photo: bool) -> str | None:
    """Why Telegram would refuse the text, in the official's language; None when it is fine.
    Too long is refused rather than clipped: a cut announcement loses its end (the date, the
    address) without anyone noticing, and a cut could split a tag."""
    for match in _TAG.finditer(text):
        name = match.group(1).lower()
        if name not in BOT_TAGS:
            return t("news-bad-tag", tag=escape(name))
        if name == "a" and not match.group(0).startswith("</") and not _HREF.match(match.group(0)):
            return t("news-bad-link")
    problem = html_problem(text)
    if problem is not None:
        return t("news-bad-html", problem=escape(problem))
    limit = CAPTION_LIMIT if with_photo else TELEGRAM_TEXT_LIMIT
    length = len(plain(announcement_text(t, topic, text)))
    if length > limit:
        return t("news-too-long", length=length, limit=limit)
    return None


def announcement_payload(
    t: Translator, topic: Topic, text: str, photo: dict[str, str] | None = None
) -> Payload:
    subscriptions = NewsCb(action=NewsAction.SUBSCRIPTIONS).pack()
    return Payload.of(
        announcement_text(t, topic, text),
        [[PayloadButton(t("news-manage"), callback_data=subscriptions)]],
        photo,
    )


def renderer(texts: Texts) -> Render:
    """The expansion's message for each recipient language."""

    def render(broadcast: Broadcast, language: str | None) -> Payload:
        t = texts.get(language)
        text = broadcast.text_for(t.language)
        return announcement_payload(t, broadcast.topic, text, broadcast.photo)

    return render


def list_title(broadcast: Broadcast, language: str) -> str:
    line = " ".join(plain(broadcast.text_for(language)).split())
    short = line if len(line) <= LIST_TITLE_LIMIT else line[: LIST_TITLE_LIMIT - 1] + "…"
    return escape(short)
