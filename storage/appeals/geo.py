"""Distances on the Earth for the community bounds and duplicate reports: the haversine
great-circle distance is exact to well under a metre at these ranges."""

from __future__ import annotations

import math
from dataclasses import dataclass

EARTH_RADIUS_M = 6_371_008.8


@dataclass(frozen=True, slots=True)
class Point:
    latitude: float
    longitude: float


def distance_m(a: Point, b: Point) -> float:
    phi1, phi2 = math.radians(a.latitude), math.radians(b.latitude)
    dphi = phi2 - phi1
    dlam = math.radians(b.longitude - a.longitude)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def within(point: Point, centre: Point | None, radius_m: float) -> bool:
    return centre is None or distance_m(point, centre) <= radius_m
