"""Former home of the ЦНАП section: it lives in storage.queue.config and
storage.queue.catalogue now. Kept until the handlers import from there."""

from storage.queue.catalogue import CnapCatalog
from storage.queue.config import (
    Category,
    CnapConfig,
    CnapSettings,
    Place,
    ScheduleException,
    Service,
    WeekSchedule,
    parse_interval,
)

__all__ = [
    "Category",
    "CnapCatalog",
    "CnapConfig",
    "CnapSettings",
    "Place",
    "ScheduleException",
    "Service",
    "WeekSchedule",
    "parse_interval",
]
