"""What the appeals flows show, shared by residents' screens, officers' screens and notices."""

from __future__ import annotations

from datetime import date

from aiogram.types import KeyboardButton, ReplyKeyboardMarkup

from storage.appeals.config import AppealSettings
from storage.appeals.dates import days_left
from storage.appeals.model import Appeal, AppealStatus, Report
from ui.i18n import Translator
from ui.screens import escape

PREVIEW = 300


def short(text: str, limit: int = PREVIEW) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def day_text(t: Translator, day: date) -> str:
    return day.strftime("%d.%m.%Y")


def topic_name(t: Translator, settings: AppealSettings, code: str) -> str:
    topic = settings.topic(code)
    return escape(topic.name.get(t.language) if topic else code)


def appeal_head(t: Translator, appeal: Appeal, settings: AppealSettings) -> str:
    """Number, kind, topic, received date, deadline and status: what every card starts with."""
    return t(
        "appeal-head",
        number=appeal.number,
        kind=t(f"appeal-kind-{appeal.kind.value}"),
        topic=topic_name(t, settings, appeal.topic),
        received=day_text(t, appeal.received_on),
        due=day_text(t, appeal.due_on),
        status=t(f"appeal-status-{appeal.status.value}"),
    )


def deadline_note(t: Translator, appeal: Appeal, today: date) -> str:
    left = days_left(appeal.due_on, today)
    return t("appeal-days-left", days=left) if left >= 0 else t("appeal-overdue", days=-left)


def priority_mark(appeal: Appeal) -> str:
    """What marks a priority appeal in officers' lists (the status itself only on the card)."""
    return "🎖 " if appeal.priority is not None else ""


def priority_name(t: Translator, appeal: Appeal) -> str:
    return t(f"appeal-priority-{appeal.priority.value}") if appeal.priority else ""


def deadline_lines(t: Translator, appeal: Appeal, today: date) -> list[str]:
    """Under a card's head while the appeal is open: the days left, and why the deadline is
    shorter (no additional study) or later (extended)."""
    if appeal.status is AppealStatus.ANSWERED:
        return []
    lines = [deadline_note(t, appeal, today)]
    if appeal.no_study_at is not None and appeal.status is not AppealStatus.EXTENDED:
        lines.append(t("appeal-no-study-note", due=day_text(t, appeal.due_on)))
    return lines


def report_head(t: Translator, report: Report) -> str:
    place = (
        escape(report.place_text)
        if report.place_text
        else f"{report.latitude:.5f}, {report.longitude:.5f}"
    )
    return t(
        "report-head",
        id=report.id,
        category=t(f"report-category-{report.category.value}"),
        status=t(f"report-status-{report.status.value}"),
        place=place,
        description=escape(short(report.description)),
    )


def location_keyboard(t: Translator, *, contact: bool = False) -> ReplyKeyboardMarkup:
    """Telegram's own buttons: the resident's point on the map, or their own phone number."""
    first = (
        KeyboardButton(text=t("appeal-share-phone"), request_contact=True)
        if contact
        else KeyboardButton(text=t("appeal-share-location"), request_location=True)
    )
    return ReplyKeyboardMarkup(
        keyboard=[[first], [KeyboardButton(text=t("kb-menu"))]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )
