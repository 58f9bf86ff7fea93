"""The ЦНАП section of the community file and what it offers: valid demo, errors with their
path, places nearest first, services and categories by place."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import yaml

from storage.community import CommunityFileError, parse_community
from storage.queue.errors import (
    CnapNotConfigured,
)
from tests.queue.world import (
    World,
    WorldFactory,
    cnap_of,
    demo_raw,
)


def test_the_demo_cnap_section_is_valid() -> None:
    cnap = cnap_of()
    assert len(cnap.services) >= 15
    assert [(p.code, p.kind, p.capacity, p.slot_minutes) for p in cnap.places] == [
        ("main", "main", 3, 15),
        ("kalynivka", "remote", 1, 20),
        ("ozerne", "remote", 1, 20),
    ]
    assert {date(2026, 12, 25), date(2027, 1, 1)} <= set(cnap.closed_dates)
    assert all(s.bring.en for s in cnap.services)


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("places", 1, "schedule", "tue", 0), "9:00-12:00", "cnap.places[1].schedule.tue[0]"),
        (("places", 0, "schedule", "sat", 0), "13:00-08:00", "ends before it starts"),
        (("places", 0, "schedule", "mon"), ["13:00-17:00", "08:00-12:00"], "schedule.mon"),
        (("places", 0, "schedule", "mon"), ["08:00-12:30", "12:00-17:00"], "overlaps"),
        (("places", 2, "settlement"), "atlantis", "places[2].settlement: unknown settlement"),
        (("places", 0, "kind"), "mobile", "cnap.places[0].kind"),
        (("places", 0, "capacity"), 0, "cnap.places[0].capacity"),
        (("services", 0, "category"), "magic", "services[0].category: unknown category"),
        (("services", 0, "places"), ["nowhere"], "unknown place 'nowhere'"),
        (("services", 1, "code"), "id-card", "service code 'id-card' is used twice"),
        (("places", 1, "code"), "main", "place code 'main' is used twice"),
    ],
)
def test_a_bad_cnap_section_is_reported_with_its_path(
    path: tuple[str | int, ...], value: Any, expected: str
) -> None:
    raw = demo_raw()
    parent: Any = raw["cnap"]
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    with pytest.raises(CommunityFileError) as error:
        parse_community(yaml.safe_dump(raw, allow_unicode=True), "community.yaml")
    assert expected in str(error.value)
    assert str(error.value).startswith("community.yaml: cnap")


async def test_the_section_survives_loading_into_the_database(world: World) -> None:
    assert await world.catalogue.config() == cnap_of()


@pytest.mark.parametrize(
    ("settlement", "order"),
    [
        ("kalynivka", ["kalynivka", "main", "ozerne"]),
        ("berezivka", ["kalynivka", "main", "ozerne"]),  # same starosta district
        ("lisove", ["ozerne", "main", "kalynivka"]),
        ("vyshneve", ["main", "kalynivka", "ozerne"]),
        ("yabluniv", ["main", "kalynivka", "ozerne"]),
        (None, ["main", "kalynivka", "ozerne"]),
    ],
)
async def test_places_nearest_first(world: World, settlement: str | None, order: list[str]) -> None:
    assert [p.code for p in await world.catalogue.places_for(settlement)] == order


async def test_services_and_categories_by_place(world: World) -> None:
    village = {s.code for s in await world.catalogue.services("kalynivka")}
    assert "residence-declare" in village
    assert "id-card" not in village
    assert [c.code for c in await world.catalogue.categories("kalynivka")] == [
        "residence",
        "social",
        "land",
        "other",
    ]
    assert [s.code for s in await world.catalogue.services("main", "business")] == [
        "fop-register",
        "fop-close",
    ]


async def test_a_community_without_cnap(open_world: WorldFactory) -> None:
    world = await open_world(lambda raw: raw.pop("cnap"))
    with pytest.raises(CnapNotConfigured):
        await world.availability.available_days("main", "consultation")
