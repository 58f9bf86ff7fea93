"""What can be booked: the ЦНАП section of the community as loaded now, with the lookups a
booking flow needs. The community file may be reloaded while the bot runs; every read here
sees the newest one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from storage.community import CommunityRepository
from storage.queue.config import Category, CnapConfig, CnapSettings, Place, Service
from storage.queue.errors import CnapNotConfigured, UnknownCode


@dataclass(frozen=True, slots=True)
class CnapCatalog:
    """The ЦНАП section with the lookups a booking flow needs, and the starosta district of
    every settlement (to list the nearest places first)."""

    config: CnapConfig
    district_of: Mapping[str, str | None]

    @property
    def settings(self) -> CnapSettings:
        return self.config.settings

    @property
    def places(self) -> list[Place]:
        return self.config.places

    @property
    def categories(self) -> list[Category]:
        return self.config.categories

    @property
    def services(self) -> list[Service]:
        return self.config.services

    def place(self, code: str) -> Place | None:
        return self.config.place(code)

    def service(self, code: str) -> Service | None:
        return self.config.service(code)

    def category(self, code: str) -> Category | None:
        return next((c for c in self.config.categories if c.code == code), None)

    def places_near(self, settlement_code: str | None) -> list[Place]:
        """Nearest first: in the resident's settlement, then in the same starosta district,
        then the main office, then the rest in file order."""
        home_district = self.district_of.get(settlement_code) if settlement_code else None

        def distance(place: Place) -> int:
            if place.settlement == settlement_code:
                return 0
            if (
                home_district is not None
                and self.district_of.get(place.settlement) == home_district
            ):
                return 1
            return 2 if place.kind == "main" else 3

        return sorted(self.config.places, key=distance)

    def categories_at(self, place_code: str | None = None) -> list[Category]:
        """Categories with at least one service (offered at the place, when given)."""
        used = {
            s.category
            for s in self.config.services
            if place_code is None or s.offered_at(place_code)
        }
        return [c for c in self.config.categories if c.code in used]

    def services_at(self, place_code: str, category_code: str | None = None) -> list[Service]:
        return [
            s
            for s in self.config.services
            if s.offered_at(place_code) and category_code in (None, s.category)
        ]


class Catalogue:
    def __init__(self, community: CommunityRepository) -> None:
        self._community = community
        self._catalog: CnapCatalog | None = None

    async def current(self) -> CnapCatalog:
        """The ЦНАП section as loaded now; cheap to call (rebuilt only after a reload)."""
        community = await self._community.get()
        if community is None or community.cnap is None:
            raise CnapNotConfigured()
        if self._catalog is None or self._catalog.config is not community.cnap:
            district_of = {s.code: s.district for s in community.settlements}
            self._catalog = CnapCatalog(community.cnap, district_of)
        return self._catalog

    async def config(self) -> CnapConfig:
        return (await self.current()).config

    async def places_for(self, settlement_code: str | None) -> list[Place]:
        """Nearest first: in the resident's settlement, then in the same starosta district,
        then the main office, then the rest in file order."""
        return (await self.current()).places_near(settlement_code)

    async def place(self, place_code: str) -> Place:
        place = (await self.current()).place(place_code)
        if place is None:
            raise UnknownCode(place_code)
        return place

    async def service(self, service_code: str) -> Service:
        service = (await self.current()).service(service_code)
        if service is None:
            raise UnknownCode(service_code)
        return service

    async def categories(self, place_code: str | None = None) -> list[Category]:
        """Categories with at least one service (offered at the place, when given)."""
        return (await self.current()).categories_at(place_code)

    async def services(self, place_code: str, category_code: str | None = None) -> list[Service]:
        return (await self.current()).services_at(place_code, category_code)

    async def offer(self, place_code: str, service_code: str) -> tuple[CnapConfig, Place, Service]:
        """The section, the place and a service offered there; else UnknownCode."""
        config = await self.config()
        place, service = config.place(place_code), config.service(service_code)
        if place is None or service is None or not service.offered_at(place.code):
            raise UnknownCode(f"{service_code} at {place_code}")
        return config, place, service
