"""The `petitions:` section of the community file: how many signatures a petition needs and
how long it collects them (set by the community's statute), and the moderation deadline.
Also the working-day arithmetic the moderation deadline needs."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pydantic import Field

from storage.schema import Strict

DEFAULT_THRESHOLD = 250
DEFAULT_PERIOD_DAYS = 45
DEFAULT_MODERATION_WORKING_DAYS = 2


class PetitionSettings(Strict):
    # Sumy: 250 in 45 days; Bila Tserkva: 700 in 45; Pryluky: 150 in 60 (domain.md).
    threshold: int = Field(default=DEFAULT_THRESHOLD, ge=1, le=1_000_000)
    period_days: int = Field(default=DEFAULT_PERIOD_DAYS, ge=1, le=365)
    # Moderators are reminded of a petition that waits longer than this (Mon–Fri).
    moderation_working_days: int = Field(default=DEFAULT_MODERATION_WORKING_DAYS, ge=1, le=30)
    # Demo only: fill an empty database with fictional petitions in every state, so a new
    # user sees the feature working. A real community leaves this out.
    demo_petitions: bool = False


def is_working_day(day: date) -> bool:
    """Mon–Fri. Under martial law public holidays are working days, so none are skipped."""
    return day.weekday() < 5


def add_working_days(moment: datetime, days: int, zone: ZoneInfo) -> datetime:
    """The moment `days` working days after `moment`, counted in the community's zone: a
    petition sent on Friday at 15:00 is due on Tuesday at 15:00; one sent on Saturday counts
    from Monday 00:00."""
    local = moment.astimezone(zone)
    if not is_working_day(local.date()):
        day = local.date()
        while not is_working_day(day):
            day += timedelta(days=1)
        local = datetime.combine(day, time(0), tzinfo=zone)
    day = local.date()
    left = days
    while left:
        day += timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return datetime.combine(day, local.timetz().replace(tzinfo=None), tzinfo=zone)
