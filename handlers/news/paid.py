"""Paid messages: which of the bot's own messages a resident lets it send where the messenger
charges the community for them (Viber, outside a 24-hour session; storage/costs.py).

The question comes once, when there first is a reason for it: after a booking (ЦНАП
reminders) and after onboarding (announcements), and only on a channel that charges. The
choices change any time in «🔔 Підписки» → «💬 Платні повідомлення»; /mydata shows them.
Emergencies always go, like in the subscriptions (they still count against the cap).
Whether a channel charges is storage.costs' business: nothing here knows a messenger. Part of
the news flow, as a screen of its subscriptions; the queue and onboarding call `offer`."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from aiogram import F
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, Message

from handlers.menu import send_main_menu
from handlers.news.callbacks import NewsAction, NewsCb
from handlers.news.common import flow, router
from storage.costs import ANNOUNCEMENT_TOPICS, PaidMessages, PaidTopic, Question
from storage.residents import Resident
from ui.i18n import Translator
from ui.keyboards import button
from ui.screens import Screen, say, show

TOPIC_KEYS = {
    PaidTopic.CNAP: "paid-topic-cnap",
    PaidTopic.NEWS: "news-topic-news",
    PaidTopic.OUTAGES: "news-topic-outages",
    PaidTopic.EVENTS: "news-topic-events",
    PaidTopic.EMERGENCY: "news-topic-emergency",
}
LOCKED = frozenset({PaidTopic.EMERGENCY})  # always on, like in the subscriptions


class PaidAction(StrEnum):
    OPEN = "open"
    TOGGLE = "toggle"
    CNAP_YES = "cnap-yes"
    CNAP_NO = "cnap-no"
    NEWS_ALL = "news-all"
    NEWS_EMERGENCY = "news-emergency"


class PaidCb(CallbackData, prefix="pay1"):
    action: PaidAction
    topic: PaidTopic = PaidTopic.CNAP


def _data(action: PaidAction, topic: PaidTopic = PaidTopic.CNAP) -> str:
    return PaidCb(action=action, topic=topic).pack()


# --- the one-time questions -------------------------------------------------------------

QUESTIONS = {
    Question.CNAP: (
        "paid-ask-cnap",
        [
            [
                (PaidAction.CNAP_YES, "paid-cnap-yes"),
                (PaidAction.CNAP_NO, "paid-cnap-no"),
            ]
        ],
    ),
    Question.NEWS: (
        "paid-ask-news",
        [
            [(PaidAction.NEWS_ALL, "paid-news-all")],
            [(PaidAction.NEWS_EMERGENCY, "paid-news-emergency")],
            [(PaidAction.OPEN, "paid-choose")],
        ],
    ),
}


async def offer(event: Message | CallbackQuery, ctx: dict[str, Any], question: Question) -> bool:
    """Ask `question` once, if the resident's channel charges for the bot's own messages;
    True when it was asked now."""
    paid: PaidMessages = ctx["paid_messages"]
    resident: Resident = ctx["resident"]
    if not paid.charges(ctx.get("channel")) or not await paid.ask_once(resident.id, question):
        return False
    t: Translator = ctx["t"]
    key, layout = QUESTIONS[question]
    buttons = [[button(t(label), _data(action)) for action, label in row] for row in layout]
    screen = Screen(f"{t(key)}\n\n{t('paid-why')}", buttons)
    await say(event, screen.text, screen.markup)
    return True


ANSWERS = {
    PaidAction.CNAP_YES: ({PaidTopic.CNAP: True}, "paid-cnap-on"),
    PaidAction.CNAP_NO: ({PaidTopic.CNAP: False}, "paid-cnap-off"),
    PaidAction.NEWS_ALL: (dict.fromkeys(ANNOUNCEMENT_TOPICS, True), "paid-news-on"),
    PaidAction.NEWS_EMERGENCY: (dict.fromkeys(ANNOUNCEMENT_TOPICS, False), "paid-news-off"),
}


@router.callback_query(PaidCb.filter(F.action.in_(set(ANSWERS))))
async def answer(
    query: CallbackQuery,
    callback_data: PaidCb,
    t: Translator,
    resident: Resident,
    paid_messages: PaidMessages,
    ctx: dict[str, Any],
) -> None:
    choices, reply = ANSWERS[callback_data.action]
    await paid_messages.set_choices(resident.id, _unlocked(choices))
    await query.answer()
    await show(query, Screen(t(reply)))
    await send_main_menu(query, ctx)


# --- the choices ------------------------------------------------------------------------


def _unlocked(choices: dict[PaidTopic, bool]) -> dict[PaidTopic, bool]:
    return {topic: on for topic, on in choices.items() if topic not in LOCKED}


def choices_screen(t: Translator, choices: dict[PaidTopic, bool]) -> Screen:
    buttons = []
    for topic in PaidTopic:
        mark = "🔒" if topic in LOCKED else "✅" if choices[topic] else "▫️"
        buttons.append([button(f"{mark} {t(TOPIC_KEYS[topic])}", _data(PaidAction.TOGGLE, topic))])
    back = NewsCb(action=NewsAction.SUBSCRIPTIONS).pack()
    buttons.append([button(t("btn-back"), back)])
    return Screen(f"{t('paid-title')}\n\n{t('paid-why')}\n\n{t('paid-always')}", buttons)


@router.callback_query(PaidCb.filter(F.action.in_({PaidAction.OPEN, PaidAction.TOGGLE})))
async def choices(
    query: CallbackQuery,
    callback_data: PaidCb,
    t: Translator,
    resident: Resident,
    paid_messages: PaidMessages,
) -> None:
    topic = callback_data.topic
    if callback_data.action is PaidAction.TOGGLE and topic in LOCKED:
        await query.answer(t("paid-emergency-locked"), show_alert=True)
        return
    current = await paid_messages.choices(resident.id)
    if callback_data.action is PaidAction.TOGGLE:
        await paid_messages.set_choices(resident.id, {topic: not current[topic]})
        current[topic] = not current[topic]
    await query.answer()
    await show(query, choices_screen(t, current))


def subscriptions_button(t: Translator) -> list[Any]:
    """The way in from the subscriptions screen."""
    return [button(t("paid-button"), _data(PaidAction.OPEN))]


@flow.data_section
async def paid_in_mydata(
    t: Translator, resident: Resident, paid_messages: PaidMessages
) -> str | None:
    if not await paid_messages.uses_paid_channel(resident.id):
        return None
    chosen = await paid_messages.choices(resident.id)
    topics = ", ".join(t(TOPIC_KEYS[topic]) for topic in PaidTopic if chosen[topic])
    return t("paid-mydata", topics=topics)
