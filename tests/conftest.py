from __future__ import annotations

# First, as in production: aiogram's types are then built on first use (bot/lazy_types.py),
# so the whole suite runs the way `python -m bot` does.
import bot  # noqa: F401  isort: skip

import functools
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

import ui.i18n
from tests.harness import BotEnv, FakeClock, make_settings, utc

# Nearly every test opens the bot's services, and parsing the .ftl files was most of that: each
# language's bundle is parsed once per run (bundles are only read once built).
ui.i18n._bundle = functools.cache(ui.i18n._bundle)


@pytest.fixture
def clock() -> FakeClock:
    # A Monday morning in Kyiv (07:00 UTC = 09:00 EET).
    return FakeClock(utc(2026, 11, 23, 7, 0))


@pytest.fixture
async def env(tmp_path: Path, clock: FakeClock) -> AsyncIterator[BotEnv]:
    bot_env = await BotEnv(make_settings(tmp_path / "bot.sqlite3"), clock).start()
    yield bot_env
    await bot_env.stop()
