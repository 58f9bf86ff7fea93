"""Viber callbacks as the aiogram Updates the handlers receive."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.channels.viber.ids import ViberUsers
from bot.channels.viber.render import inline_buttons, set_inline
from bot.channels.viber.state import ChatStore
from bot.channels.viber.updates import STALE_BUTTON_DATA, UpdateTranslator
from storage.database import Database

OLENA_ID = "01234567890A="
OLENA: dict[str, Any] = {"id": OLENA_ID, "name": "Олена", "language": "uk-UA", "api_version": 10}


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    opened = await Database.open(tmp_path / "updates.sqlite3")
    yield opened
    await opened.close()


@pytest.fixture
def translator(db: Database) -> UpdateTranslator:
    return UpdateTranslator(ViberUsers(db), ChatStore(db))


def message(body: dict[str, Any], sender: dict[str, Any] = OLENA) -> dict[str, Any]:
    return {"event": "message", "timestamp": 1, "sender": sender, "message": body}


async def test_text_becomes_a_message_from_the_residents_internal_id(
    translator: UpdateTranslator,
) -> None:
    incoming = await translator.translate(message({"type": "text", "text": "Привіт"}))
    assert incoming.viber_id == OLENA_ID
    update = incoming.update
    assert update is not None
    assert update.message is not None
    assert update.message.text == "Привіт"
    user = update.message.from_user
    assert user is not None
    assert user.id > 0
    assert user.first_name == "Олена"
    assert user.language_code == "uk"
    assert update.message.chat.id == user.id

    again = await translator.translate(message({"type": "text", "text": "/mydata"}))
    assert again.update is not None
    assert again.update.message is not None
    assert again.update.message.from_user is not None
    assert again.update.message.from_user.id == user.id, "one Viber user, one internal id"
    assert [e.type for e in again.update.message.entities or []] == ["bot_command"]
    ivan = {**OLENA, "id": "zyx987=", "name": "Іван"}
    other = await translator.translate(message({"type": "text", "text": "Привіт"}, ivan))
    assert other.update is not None
    assert other.update.message is not None
    assert other.update.message.chat.id != user.id


async def _offer(translator: UpdateTranslator, viber_id: str) -> tuple[int, dict[str, str]]:
    """The bot sent Olena a message with two buttons; returns its id and label -> token."""
    user = await translator.users.ensure(viber_id)
    state = await translator.chats.load(user.id)
    markup = {
        "inline_keyboard": [
            [{"text": "Так", "callback_data": "consent:1"}],
            [{"text": "Сайт", "url": "https://rada.gov.ua"}],
        ]
    }
    set_inline(state, inline_buttons(markup))
    sent = {"message_id": 41, "date": 1, "chat": {"id": user.id, "type": "private"}, "text": "?"}
    state.keyboard_message = {**sent, "reply_markup": markup}
    await translator.chats.save(user.id, state)
    return 41, {b["Text"]: b["ActionBody"] for b in state.inline}


async def test_a_pressed_button_becomes_a_callback_query_on_its_message(
    translator: UpdateTranslator,
) -> None:
    message_id, bodies = await _offer(translator, OLENA_ID)
    incoming = await translator.translate(message({"type": "text", "text": bodies["Так"]}))
    update = incoming.update
    assert update is not None
    assert update.callback_query is not None
    query = update.callback_query
    assert query.data == "consent:1"
    assert query.message is not None
    assert query.message.message_id == message_id
    assert query.from_user.first_name == "Олена"

    # The URL an open-url button reports back needs no answer.
    echo = await translator.translate(message({"type": "text", "text": "https://rada.gov.ua"}))
    assert echo.update is None


async def test_a_token_of_an_older_keyboard_is_a_stale_button(translator: UpdateTranslator) -> None:
    incoming = await translator.translate(message({"type": "text", "text": "cb:17"}))
    assert incoming.update is not None
    assert incoming.update.callback_query is not None
    assert incoming.update.callback_query.data == STALE_BUTTON_DATA


async def test_a_shared_phone_counts_as_the_residents_own(translator: UpdateTranslator) -> None:
    user = await translator.users.ensure(OLENA_ID)
    contact = {"type": "contact", "contact": {"name": "Олена", "phone_number": "380671234567"}}
    unasked = await translator.translate(message(contact))
    assert unasked.update is not None
    assert unasked.update.message is not None
    assert unasked.update.message.contact is not None
    assert unasked.update.message.contact.user_id is None, "not asked for: not known as own"

    state = await translator.chats.load(user.id)
    state.apply_reply_markup(
        {"keyboard": [[{"text": "📱", "request_contact": True}]], "one_time_keyboard": True}
    )
    asked = await translator.translate(message(contact))
    assert asked.update is not None
    assert asked.update.message is not None
    shared = asked.update.message.contact
    assert shared is not None
    assert shared.phone_number == "380671234567"
    assert shared.user_id == user.id


async def test_location_picture_and_other_content(translator: UpdateTranslator) -> None:
    place = await translator.translate(
        message({"type": "location", "location": {"lat": 50.45, "lon": 30.52}})
    )
    assert place.update is not None
    assert place.update.message is not None
    assert place.update.message.location is not None
    assert place.update.message.location.latitude == 50.45
    assert place.update.message.location.longitude == 30.52

    url = "https://dl-media.viber.com/1/share/2/long/p.jpg"
    picture = await translator.translate(message({"type": "picture", "media": url, "text": "Яма"}))
    assert picture.update is not None
    assert picture.update.message is not None
    assert picture.update.message.photo is not None
    assert picture.update.message.photo[0].file_id == url
    assert picture.update.message.caption == "Яма"

    for body in (
        {"type": "sticker", "sticker_id": 40133},
        {"type": "file", "media": "https://x/f.pdf", "file_name": "f.pdf", "size": 10},
        {"type": "video", "media": "https://x/v.mp4", "duration": 3},
    ):
        other = await translator.translate(message(body))
        assert other.update is not None
        assert other.update.message is not None
        assert other.update.message.text is None, f"{body['type']} is not text"


async def test_conversation_started_is_start_with_the_deep_link(
    translator: UpdateTranslator,
) -> None:
    started = {"event": "conversation_started", "type": "open", "user": OLENA}
    plain = await translator.translate(started)
    assert plain.welcome
    assert plain.update is not None
    assert plain.update.message is not None
    assert plain.update.message.text == "/start"
    poster = await translator.translate({**started, "context": "s-kalynivka"})
    assert poster.update is not None
    assert poster.update.message is not None
    assert poster.update.message.text == "/start s-kalynivka"
    user = await translator.users.by_viber_id(OLENA_ID)
    assert user is not None
    assert not user.subscribed, "opening the chat is no subscription"


async def test_subscription_events(translator: UpdateTranslator) -> None:
    subscribed = await translator.translate({"event": "subscribed", "user": OLENA})
    assert subscribed.update is None
    assert subscribed.subscribed is True
    user = await translator.users.by_viber_id(OLENA_ID)
    assert user is not None
    assert user.subscribed
    gone = await translator.translate({"event": "unsubscribed", "user_id": OLENA_ID})
    assert gone.update is None
    assert gone.subscribed is False
    user = await translator.users.by_viber_id(OLENA_ID)
    assert user is not None
    assert not user.subscribed
    for kind in ("webhook", "delivered", "seen", "failed"):
        ignored = await translator.translate({"event": kind, "user_id": OLENA_ID})
        assert ignored.update is None
        assert ignored.subscribed is None
