"""The Flow object: a flow added to the bot brings its menu item, /mydata line, deep link and
background job with it, and nothing else needs to change."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiogram.types import CallbackQuery, Message

from handlers import all_flows
from storage.residents import Resident
from tests.harness import BotEnv, FakeClock, make_settings
from ui.flow import Block, Flow
from ui.screens import say

extra = Flow("extra")
extra.menu_item(Block.MY_COMMUNITY, "menu-district", "xtra:open")
opened: list[tuple[int, str]] = []
ticks: list[int] = []


@extra.deep_link("x-")
async def open_extra(event: Message | CallbackQuery, link: str, resident: Resident) -> None:
    opened.append((resident.id, link))
    await say(event, f"extra {link}")


@extra.data_section
async def extra_line(resident: Resident) -> str:
    return f"extra line for {resident.id}"


@extra.job("tick", every=lambda _settings: 60.0)
async def tick(clock: FakeClock) -> int:
    ticks.append(1)
    return len(ticks)


@pytest.fixture
async def extra_env(tmp_path: Path, clock: FakeClock) -> AsyncIterator[BotEnv]:
    flows = all_flows()
    flows.insert(-1, extra)  # before the fallback
    env = await BotEnv(make_settings(tmp_path / "bot.sqlite3"), clock, flows=flows).start()
    yield env
    await env.stop()


async def test_a_new_resident_reaches_a_deep_link_after_onboarding(extra_env: BotEnv) -> None:
    opened.clear()
    chat = extra_env.resident(2001)
    await chat.send("/start x-42")
    assert opened == []  # the data notice comes first
    await chat.click_nth(0)
    await chat.click("Українська")
    shown = await chat.click("Калинівка")
    assert shown[-1] == "extra 42"
    assert [link for _, link in opened] == ["42"]

    # An onboarded resident goes straight there.
    assert (await chat.send("/start x-7"))[-1] == "extra 7"
    # An unknown payload is just /start.
    assert "extra" not in " ".join(await chat.send("/start y-7"))


async def test_a_flow_brings_its_menu_item_mydata_line_and_job(extra_env: BotEnv) -> None:
    ticks.clear()
    chat = extra_env.resident(2002)
    await chat.send("/start")
    await chat.click_nth(0)
    await chat.click("Українська")
    await chat.click("Калинівка")
    mydata = await chat.send("/mydata")
    assert any("extra line for" in text for text in mydata)
    assert await extra_env.services.run_job("tick") == 1
    with pytest.raises(LookupError):
        await extra_env.services.run_job("no-such-job")


members = Flow("members")
members.menu_item(Block.MY_COMMUNITY, "menu-district", "mbr:open", visible=lambda r: r.has_consent)


@pytest.fixture
async def members_env(tmp_path: Path, clock: FakeClock) -> AsyncIterator[BotEnv]:
    flows = all_flows()
    flows.insert(-1, members)
    env = await BotEnv(make_settings(tmp_path / "bot.sqlite3"), clock, flows=flows).start()
    yield env
    await env.stop()


def offered(chat: Any) -> list[str]:
    owner = chat.last_message_with_buttons()
    return [b["callback_data"] for row in owner["reply_markup"]["inline_keyboard"] for b in row]


async def test_an_item_for_some_residents_is_shown_to_them_only(members_env: BotEnv) -> None:
    """Menu screens are made once and kept, by the items each resident can see: one
    resident's screen never reaches another who may not see all of it."""
    olena, petro = members_env.resident(2101), members_env.resident(2102, first_name="Петро")
    for chat, consent in ((olena, "Погоджуюсь"), (petro, "Не погоджуюсь")):
        await chat.send("/start")
        await chat.click(consent)
        await chat.click("Українська")
        await chat.click("Калинівка")
    for _ in range(2):
        await olena.click("Моя громада")
        assert "mbr:open" in offered(olena)
        await petro.click("Моя громада")
        assert "mbr:open" not in offered(petro)
        assert "mnu1:root" in offered(petro)
        await olena.click("Назад")
        await petro.click("Назад")
