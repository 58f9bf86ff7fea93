"""Linking Telegram and Viber: a code shown on one, typed on the other, and both chats are
one resident from then on."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.app import create_bot
from bot.channels.local import LocalSession
from storage.linking import MAX_WRONG_TRIES
from tests.harness import TEST_TOKEN, BotEnv, Chat, FakeClock
from tests.test_viber_flow import onboard as onboard_on_viber
from tests.viber_harness import ViberEnv, make_viber_settings


@dataclass
class TwoChannels:
    viber: ViberEnv
    telegram: BotEnv


@pytest.fixture
async def both(tmp_path: Path, clock: FakeClock) -> AsyncIterator[TwoChannels]:
    """One bot process serving Telegram and Viber from the same dispatcher and database."""
    viber = await ViberEnv(make_viber_settings(tmp_path / "bot.sqlite3"), clock).start()
    telegram = BotEnv(viber.settings, clock)
    telegram.services, telegram.dp = viber.services, viber.dp
    telegram.bot = create_bot(TEST_TOKEN, LocalSession(telegram.emulator))
    yield TwoChannels(viber, telegram)
    await viber.stop()


async def onboard_on_telegram(chat: Chat) -> None:
    await chat.send("/start")
    await chat.click_nth(0)
    await chat.click("Українська")
    await chat.click("Калинівка")


def code_in(text: str) -> str:
    return text.split("<code>")[1].split("</code>")[0]


async def test_a_code_from_telegram_joins_the_viber_chat(both: TwoChannels) -> None:
    olena = both.telegram.resident(1001)
    await onboard_on_telegram(olena)
    telegram_number = await both.telegram.services.residents.find_by_channel("telegram", "1001")
    assert telegram_number is not None
    shown = await olena.send("/link")
    code = code_in(shown[-1])
    assert len(code) == 8

    on_viber = both.viber.resident(1001)
    await onboard_on_viber(on_viber)
    viber_before = await both.viber.services.residents.find_by_channel("viber", on_viber.viber_id)
    assert viber_before is not None
    assert viber_before.id != telegram_number.id

    shown = await on_viber.send(f"/link {code}")
    assert "цей чат підключено" in shown[-1]
    joined = await both.viber.services.residents.find_by_channel("viber", on_viber.viber_id)
    assert joined is not None
    assert joined.id == telegram_number.id
    assert await both.viber.services.residents.get(viber_before.id) is None
    channels = {c.channel for c in await both.viber.services.residents.channels(joined.id)}
    assert channels == {"telegram", "viber"}
    mydata = await on_viber.send("/mydata")
    assert any(f"Ваш номер у боті: {telegram_number.id}" in text for text in mydata)

    again = await on_viber.send(f"/link {code}")
    assert "немає або він уже не діє" in again[-1], "a code works once"


async def test_wrong_expired_and_own_codes_are_refused(both: TwoChannels) -> None:
    olena = both.telegram.resident(1002)
    await onboard_on_telegram(olena)
    code = code_in((await olena.send("/link"))[-1])
    assert "створено в цьому ж чаті" in (await olena.send(f"/link {code}"))[-1]
    assert "складається з 8 цифр" in (await olena.send("/link ²²²²²²²²"))[-1]

    ivan = both.telegram.resident(1003)
    await onboard_on_telegram(ivan)
    for _ in range(MAX_WRONG_TRIES):
        assert "немає" in (await ivan.send("/link 00000000"))[-1]
    assert "Забагато" in (await ivan.send(f"/link {code}"))[-1], "guessing is stopped"

    maria = both.telegram.resident(1004)
    await onboard_on_telegram(maria)
    both.telegram.clock.advance(minutes=11)
    assert "немає" in (await maria.send(f"/link {code}"))[-1], "the code expired"


async def test_a_chat_with_data_of_its_own_is_not_merged(both: TwoChannels) -> None:
    olena = both.telegram.resident(1005)
    await onboard_on_telegram(olena)
    code = code_in((await olena.send("/link"))[-1])
    ivan = both.telegram.resident(1006)
    await onboard_on_telegram(ivan)
    ivan_record = await both.telegram.services.residents.find_by_channel("telegram", "1006")
    assert ivan_record is not None
    await both.telegram.services.db.execute(
        "INSERT INTO faq_feedback(resident_id, entry_code, helpful, at) VALUES (?, 'x', 1, 'now')",
        (ivan_record.id,),
    )
    assert "має власні дані" in (await ivan.send(f"/link {code}"))[-1]
    still = await both.telegram.services.residents.find_by_channel("telegram", "1006")
    assert still is not None
    assert still.id == ivan_record.id
