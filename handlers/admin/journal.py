"""The audit log in the bot: /audit pages through it newest first, /audit_csv sends it all
as a spreadsheet. Paging buttons are checked like every official button."""

from __future__ import annotations

from typing import Any

from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from handlers.admin.common import ADMIN, router
from storage.audit import AuditEntry, AuditLog, AuditPage
from ui.access import deny_callbacks
from ui.callbacks import Id
from ui.i18n import Translator
from ui.keyboards import pager_row
from ui.screens import Screen, escape, show

PAGE_SIZE = 10
_VALUE_LIMIT = 60


class AuditCb(CallbackData, prefix="aud1"):
    """A page of the log as first seen: `top` is the newest row then, so pages stay still."""

    page: Id
    top: Id


deny_callbacks(router, AuditCb, ADMIN)


def _value(value: Any) -> str:
    text = str(value)
    return text if len(text) <= _VALUE_LIMIT else text[: _VALUE_LIMIT - 1] + "…"


def entry_line(t: Translator, entry: AuditEntry) -> str:
    key = "audit-action-" + entry.action.replace(".", "-")
    action = t(key) if t.has(key) else escape(entry.action)
    details = ", ".join(f"{k}: {_value(v)}" for k, v in entry.detail.items())
    return t(
        "audit-line",
        time=t.full_datetime(entry.at),
        actor=escape(entry.actor_label),
        action=action,
        object=escape(str(entry.object)),
        details=escape(details) or "—",
    )


def audit_screen(t: Translator, found: AuditPage) -> Screen:
    if not found.entries:
        return Screen(t("audit-empty"))
    title = t("audit-title", page=found.page + 1, pages=found.pages, total=found.total)
    text = "\n\n".join([title, *(entry_line(t, e) for e in found.entries)])
    near = (p for p in (found.page - 1, found.page + 1) if 0 <= p < found.pages)
    pages = {p: AuditCb(page=p, top=found.top).pack() for p in near}
    nav = pager_row(t, found.page, found.pages, pages)
    return Screen(text, [nav] if nav else [])


@router.message(Command("audit"))
async def audit_first_page(message: Message, t: Translator, audit: AuditLog) -> None:
    await show(message, audit_screen(t, await audit.page(0, PAGE_SIZE)))


@router.callback_query(AuditCb.filter())
async def audit_page(
    query: CallbackQuery, callback_data: AuditCb, t: Translator, audit: AuditLog
) -> None:
    await query.answer()
    found = await audit.page(callback_data.page, PAGE_SIZE, top=callback_data.top)
    await show(query, audit_screen(t, found))


@router.message(Command("audit_csv"))
async def audit_csv(message: Message, t: Translator, audit: AuditLog, clock: Any) -> None:
    total = (await audit.page(0, 1)).total
    data = await audit.export_csv(t.zone)
    name = f"audit-{clock().astimezone(t.zone):%Y-%m-%d}.csv"
    await message.answer_document(
        BufferedInputFile(data, filename=name), caption=t("audit-csv-caption", count=total)
    )
