"""`world`: a fresh bot process per test, once with its residents on Telegram and once on
Viber; the test body is the same.

Each world starts from a copy of one database made per session (migrations applied, the demo
community loaded at the conftest clock's time), as a second run of the bot finds its file:
the same rows a fresh load writes, without loading the community file twice per test."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import Services
from tests.both.world import World
from tests.channels import CHANNELS
from tests.harness import FakeClock, utc
from tests.viber_harness import make_viber_settings

START = utc(2026, 11, 23, 7, 0)  # the conftest clock


@pytest.fixture(scope="session")
def template_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "bot.sqlite3"

    async def build() -> None:
        services = await Services.open(make_viber_settings(path), clock=FakeClock(START))
        try:
            await services.load_demo_if_empty()
        finally:
            await services.close()

    asyncio.run(build())
    return path


@pytest.fixture(params=CHANNELS)
async def world(
    request: pytest.FixtureRequest, tmp_path: Path, clock: FakeClock, template_database: Path
) -> AsyncIterator[World]:
    assert clock.now == START, "the template was loaded at the clock's start"
    path = tmp_path / "bot.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        source = template_database.with_name(template_database.name + suffix)
        if source.exists():
            shutil.copyfile(source, path.with_name(path.name + suffix))
    opened = await World.open(request.param, make_viber_settings(path), clock)
    yield opened
    await opened.stop()
