"""The ЦНАП (administrative services centre) section of the community file: settings,
categories, services and the places where residents are served, with their working hours.
The community file model refers to CnapConfig; nothing here refers back to it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time, timedelta
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, field_validator, model_validator

from storage.schema import CODE_PATTERN, Strict, Text, require_unique

Code = Annotated[str, Field(pattern=CODE_PATTERN)]
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
Hours = tuple[time, time]


def parse_interval(value: str) -> Hours:
    """'08:00-12:00' -> (08:00, 12:00); raises ValueError with a readable message."""
    start, dash, end = value.partition("-")
    try:
        if not dash or len(start) != 5 or len(end) != 5:
            raise ValueError
        opens, closes = time.fromisoformat(start), time.fromisoformat(end)
    except ValueError:
        raise ValueError(f"'{value}' is not a working interval like 08:00-12:00") from None
    if opens >= closes:
        raise ValueError(f"'{value}' ends before it starts")
    return opens, closes


def _valid_interval(value: str) -> str:
    parse_interval(value)
    return value


Interval = Annotated[str, AfterValidator(_valid_interval)]


def _ordered_hours(intervals: tuple[str, ...]) -> tuple[str, ...]:
    """Intervals of one day must follow each other without overlapping."""
    parsed = [parse_interval(i) for i in intervals]
    for (_, previous_end), (start, _), text in zip(parsed, parsed[1:], intervals[1:], strict=False):
        if start < previous_end:
            raise ValueError(f"'{text}' overlaps or comes before the interval before it")
    return intervals


class CnapSettings(Strict):
    booking_window_days: int = Field(default=14, ge=1, le=60)
    max_active_bookings: int = Field(default=2, ge=1, le=20)
    # Counted per calendar month, cancelled bookings included (as the national police queue).
    max_bookings_per_month: int = Field(default=4, ge=1, le=100)
    no_show_block: int = Field(default=3, ge=1, le=100)
    hold_minutes: int = Field(default=5, ge=1, le=60)
    remind_day_before: bool = True
    # Local time of the day-before reminder.
    remind_day_before_at: time = time(18, 0)
    remind_hours_before: int = Field(default=2, ge=0, le=12)
    late_minutes: int = Field(default=10, ge=0, le=120)
    # Times sooner than this are not offered: residents are asked to come 5-10 minutes early.
    min_lead_minutes: int = Field(default=15, ge=0, le=240)

    @property
    def lead(self) -> timedelta:
        return timedelta(minutes=self.min_lead_minutes)


class Category(Strict):
    code: Code
    name: Text


class Service(Strict):
    code: Code
    category: Code
    name: Text
    duration_minutes: int = Field(ge=5, le=480)
    bring: Text
    # Codes of the places offering it; None means every place.
    places: list[Code] | None = None

    def offered_at(self, place_code: str) -> bool:
        return self.places is None or place_code in self.places


class WeekSchedule(Strict):
    mon: tuple[Interval, ...] = ()
    tue: tuple[Interval, ...] = ()
    wed: tuple[Interval, ...] = ()
    thu: tuple[Interval, ...] = ()
    fri: tuple[Interval, ...] = ()
    sat: tuple[Interval, ...] = ()
    sun: tuple[Interval, ...] = ()

    @field_validator(*WEEKDAYS)
    @classmethod
    def _in_order(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _ordered_hours(value)

    def intervals(self, weekday: int) -> tuple[str, ...]:
        """Monday is 0, as date.weekday()."""
        day: tuple[str, ...] = getattr(self, WEEKDAYS[weekday])
        return day


class ScheduleException(Strict):
    """Other hours on one date (a short pre-holiday day); no hours means closed."""

    day: date
    hours: tuple[Interval, ...] = ()

    @field_validator("hours")
    @classmethod
    def _in_order(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _ordered_hours(value)


class Place(Strict):
    code: Code
    kind: Literal["main", "remote"]
    name: Text
    address: Text
    settlement: Code
    phone: str | None = None
    schedule: WeekSchedule
    slot_minutes: int = Field(ge=5, le=240)
    # Parallel windows (staff) serving residents at the same time.
    capacity: int = Field(ge=1, le=50)
    closed_dates: tuple[date, ...] = ()
    exceptions: tuple[ScheduleException, ...] = ()

    @field_validator("exceptions")
    @classmethod
    def _one_exception_a_day(
        cls, value: tuple[ScheduleException, ...]
    ) -> tuple[ScheduleException, ...]:
        require_unique([e.day.isoformat() for e in value], "exception date")
        return value

    def hours_on(self, day: date) -> list[Hours]:
        if day in self.closed_dates:
            return []
        exception = next((e for e in self.exceptions if e.day == day), None)
        intervals = exception.hours if exception else self.schedule.intervals(day.weekday())
        return [parse_interval(i) for i in intervals]


class CnapConfig(Strict):
    settings: CnapSettings = CnapSettings()
    # Dates every place is closed (holidays); places may add their own.
    closed_dates: tuple[date, ...] = ()
    categories: list[Category] = Field(min_length=1)
    services: list[Service] = Field(min_length=1)
    places: list[Place] = Field(min_length=1)

    @field_validator("categories")
    @classmethod
    def _unique_categories(cls, value: list[Category]) -> list[Category]:
        require_unique([c.code for c in value], "category code")
        return value

    @field_validator("services")
    @classmethod
    def _unique_services(cls, value: list[Service]) -> list[Service]:
        require_unique([s.code for s in value], "service code")
        return value

    @field_validator("places")
    @classmethod
    def _unique_places(cls, value: list[Place]) -> list[Place]:
        require_unique([p.code for p in value], "place code")
        return value

    @model_validator(mode="after")
    def _known_references(self) -> CnapConfig:
        categories = {c.code for c in self.categories}
        places = {p.code for p in self.places}
        for index, service in enumerate(self.services):
            if service.category not in categories:
                raise ValueError(
                    f"services[{index}].category: unknown category '{service.category}'"
                )
            for code in service.places or []:
                if code not in places:
                    raise ValueError(f"services[{index}].places: unknown place '{code}'")
        return self

    def place(self, code: str) -> Place | None:
        return next((p for p in self.places if p.code == code), None)

    def service(self, code: str) -> Service | None:
        return next((s for s in self.services if s.code == code), None)

    def hours_on(self, place: Place, day: date) -> list[Hours]:
        return [] if day in self.closed_dates else place.hours_on(day)

    def unknown_settlements(self, known: Iterable[str]) -> list[str]:
        """Problems with place settlements, each naming its path inside `cnap`."""
        codes = set(known)
        return [
            f"places[{index}].settlement: unknown settlement '{place.settlement}'"
            for index, place in enumerate(self.places)
            if place.settlement not in codes
        ]
