"""`world`: a fresh bot process per test, once with its residents on Telegram and once on
Viber; the test body is the same."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.both.world import World
from tests.channels import CHANNELS
from tests.harness import FakeClock
from tests.viber_harness import make_viber_settings


@pytest.fixture(params=CHANNELS)
async def world(
    request: pytest.FixtureRequest, tmp_path: Path, clock: FakeClock
) -> AsyncIterator[World]:
    opened = await World.open(request.param, make_viber_settings(tmp_path / "bot.sqlite3"), clock)
    yield opened
    await opened.stop()
