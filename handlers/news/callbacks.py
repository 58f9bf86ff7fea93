"""The news flow's callback data: versioned prefixes, enum actions, bounded ids."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from storage.news.model import Topic
from ui.callbacks import Id


class NewsAction(StrEnum):
    ARCHIVE = "archive"
    OPEN = "open"
    SUBSCRIPTIONS = "subs"
    TOPIC = "topic"
    PLACES = "places"
    PLACE = "place"


class ComposeAction(StrEnum):
    HOME = "home"
    TEXT = "text"
    TEXT_EN = "text-en"
    DROP_EN = "drop-en"
    PHOTO = "photo"
    DROP_PHOTO = "drop-photo"
    TOPICS = "topics"
    TOPIC = "topic"
    AUDIENCE = "audience"
    PLACE = "place"
    EVERYWHERE = "everywhere"
    WHEN = "when"
    NOW = "now"
    PREVIEW = "preview"
    CONFIRM = "confirm"
    DISCARD = "discard"
    CANCEL = "cancel"
    CANCEL_YES = "cancel-yes"


class NewsCb(CallbackData, prefix="nw1"):
    action: NewsAction
    id: Id = 0
    page: Id = 0
    topic: Topic = Topic.NEWS


class ComposeCb(CallbackData, prefix="bc1"):
    action: ComposeAction
    id: Id = 0
    page: Id = 0
    topic: Topic = Topic.NEWS
