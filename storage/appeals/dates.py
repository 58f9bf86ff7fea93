"""Deadline arithmetic. The law counts calendar days from the day an appeal is received; the
day is the community's local date (Europe/Kyiv), whatever the UTC time or daylight saving.

Every appeal gets the legal deadline (`answer_days` after receipt, a month). An officer who
marks it as needing no additional study brings it to `no_study_days`; an extension moves it
later, never past `max_days` after receipt. The appeal keeps the deadline in force (its
effective deadline) as `due_on`, which the inbox, the digest and the resident all read."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo


def local_day(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def due_date(received_on: date, days: int) -> date:
    """The last day for the answer: `days` calendar days after the day of receipt."""
    return received_on + timedelta(days=days)


def latest_extension(received_on: date, max_days: int) -> date:
    return due_date(received_on, max_days)


def days_left(due_on: date, today: date) -> int:
    """0 on the last day; negative once it has passed."""
    return (due_on - today).days
