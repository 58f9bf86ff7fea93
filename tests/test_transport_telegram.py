"""The Telegram transport: how a payload looks in the chat, and what each Bot API failure
means to the sender."""

from __future__ import annotations

import pytest
from aiogram.exceptions import TelegramConflictError

from bot.app import create_bot
from bot.channels.emulator import ApiFailure, BotApiEmulator
from bot.channels.local import LocalSession
from bot.transport import Blocked, Rejected, RetryAfter, TransportError, Unavailable
from bot.transport_telegram import CAPTION_LIMIT, TelegramTransport, visible_length
from storage.payload import Payload, PayloadButton
from tests.harness import TEST_TOKEN

CHAT = 1001


@pytest.fixture
def emulator() -> BotApiEmulator:
    return BotApiEmulator()


@pytest.fixture
async def transport(emulator: BotApiEmulator) -> TelegramTransport:
    return TelegramTransport(create_bot(TEST_TOKEN, LocalSession(emulator)))


def test_visible_length_counts_what_the_resident_sees() -> None:
    assert visible_length("<b>Світло</b> &amp; вода") == len("Світло & вода")
    assert visible_length("👍") == 2, "Telegram counts UTF-16 code units"


async def test_a_short_text_is_the_photo_caption(
    transport: TelegramTransport, emulator: BotApiEmulator
) -> None:
    buttons = [[PayloadButton("Карта", url="https://example.org/map")]]
    payload = Payload.of("<b>Графік</b>", buttons, photo={"url": "https://example.org/p.jpg"})

    sent_id = await transport.send(str(CHAT), payload)

    [message] = emulator.bot_messages(CHAT)
    assert message["caption"] == "<b>Графік</b>"
    assert message["reply_markup"]["inline_keyboard"][0][0]["url"] == "https://example.org/map"
    assert sent_id == str(message["message_id"])


async def test_a_text_too_long_for_a_caption_follows_the_photo_whole(
    transport: TelegramTransport, emulator: BotApiEmulator
) -> None:
    text = "Відключення: " + "вул. Шевченка, " * 100
    assert visible_length(text) > CAPTION_LIMIT
    buttons = [[PayloadButton("Так", callback_data="yes")]]
    payload = Payload.of(text, buttons, photo={"telegram": "AgADphoto"})

    sent_id = await transport.send(str(CHAT), payload)

    photo, message = emulator.bot_messages(CHAT)
    assert "caption" not in photo
    assert message["text"] == text, "nothing is cut"
    assert message["reply_markup"]["inline_keyboard"][0][0]["text"] == "Так"
    assert sent_id == str(message["message_id"])


@pytest.mark.parametrize(
    ("failure", "outcome"),
    [
        (ApiFailure(429, "Too Many Requests: retry after 7", retry_after=7), RetryAfter),
        (ApiFailure(403, "Forbidden: bot was blocked by the user"), Blocked),
        (ApiFailure(400, "Bad Request: can't parse entities"), Rejected),
        (ApiFailure(500, "Internal Server Error"), Unavailable),
        (ApiFailure(502, "Bad Gateway"), Unavailable),
        (ApiFailure(401, "Unauthorized"), Unavailable),
    ],
)
async def test_bot_api_failures_map_to_what_the_sender_does(
    transport: TelegramTransport,
    emulator: BotApiEmulator,
    failure: ApiFailure,
    outcome: type[TransportError],
) -> None:
    emulator.pending_failures.append(failure)

    with pytest.raises(outcome) as raised:
        await transport.send(str(CHAT), Payload("Новина"))

    assert failure.description in str(raised.value)
    if isinstance(raised.value, RetryAfter):
        assert raised.value.seconds == 7
    assert emulator.bot_messages(CHAT) == []


async def test_another_api_error_is_left_to_bounded_retries(
    transport: TelegramTransport, emulator: BotApiEmulator
) -> None:
    emulator.pending_failures.append(ApiFailure(409, "Conflict: something odd"))

    with pytest.raises(TelegramConflictError) as raised:
        await transport.send(str(CHAT), Payload("Новина"))

    assert not isinstance(raised.value, TransportError)
