from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage.community import CommunityFile, CommunityRepository
from storage.database import Database
from storage.queue.schedule import KYIV
from storage.queue.services import QueueServices
from tests.harness import FakeClock
from tests.queue.world import Mutation, World, WorldFactory, demo_raw


@pytest.fixture
async def open_world(tmp_path: Path, clock: FakeClock) -> AsyncIterator[WorldFactory]:
    """Open a database file (the same file twice = two processes) with the demo community."""
    opened: list[Database] = []

    async def factory(mutate: Mutation | None = None, *, load: bool = True) -> World:
        db = await Database.open(tmp_path / "queue.sqlite3")
        opened.append(db)
        community = CommunityRepository(db, clock)
        if load:
            raw = demo_raw()
            if mutate:
                mutate(raw)
            await community.load(CommunityFile.model_validate(raw))
        return World(db, clock, QueueServices.build(db, community, clock, KYIV))

    yield factory
    for db in opened:
        await db.close()


@pytest.fixture
async def world(open_world: WorldFactory) -> World:
    return await open_world()
