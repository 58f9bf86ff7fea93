"""The appeals officer's inbox (/appeals): appeals of the officer's settlements under a
status filter (open, new, in work, extended, answered, overdue), a page at a time, each with
its deadline; priority appeals (🎖) first, then the nearest deadline. The scope always comes
from the officer's roles, never from the button: a forged filter button shows nothing more,
a forged view fails to unpack (the stale-button answer) and a non-officer gets «недостатньо
прав»."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from aiogram import F
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message

from handlers.appeals.callbacks import InboxCb, OfficerAction, OfficerCb
from handlers.appeals.desk import IS_OFFICER, officer_button
from handlers.appeals.flow import desk_router
from handlers.appeals.notices import AppealNotices
from handlers.appeals.screens import day_text, deadline_note, priority_mark
from storage.appeals.dates import local_day
from storage.appeals.model import Appeal, AppealStatus, InboxPage, InboxView
from storage.appeals.service import AppealService
from storage.residents import Resident
from ui.access import deny_callbacks
from ui.i18n import Translator
from ui.keyboards import button, pager_row
from ui.screens import Screen, show

PER_PAGE = 10
VIEW_ROWS = (
    (InboxView.OPEN, InboxView.OVERDUE),
    (InboxView.REGISTERED, InboxView.IN_WORK),
    (InboxView.EXTENDED, InboxView.ANSWERED),
)

deny_callbacks(desk_router, InboxCb, IS_OFFICER)


def inbox_line(t: Translator, appeal: Appeal, today: date, zone: ZoneInfo) -> str:
    if appeal.status is AppealStatus.ANSWERED:
        answered = day_text(t, local_day(appeal.answered_at, zone)) if appeal.answered_at else "—"
        return t("appeal-inbox-answered-line", number=appeal.number, answered=answered)
    return t(
        "appeal-inbox-line",
        mark=priority_mark(appeal),
        number=appeal.number,
        status=t(f"appeal-status-{appeal.status.value}"),
        due=day_text(t, appeal.due_on),
        note=deadline_note(t, appeal, today),
    )


def view_buttons(
    t: Translator, current: InboxView, counts: dict[InboxView, int]
) -> list[list[InlineKeyboardButton]]:
    rows = []
    for row in VIEW_ROWS:
        labels = [
            t(
                "appeal-view-button",
                view=t(f"appeal-view-{v.value}"),
                count=counts[v],
                on=int(v is current),
            )
            for v in row
        ]
        rows.append(
            [button(label, InboxCb(view=v).pack()) for label, v in zip(labels, row, strict=True)]
        )
    return rows


def inbox_screen(
    t: Translator,
    found: InboxPage,
    view: InboxView,
    counts: dict[InboxView, int],
    today: date,
    zone: ZoneInfo,
) -> Screen:
    head = t(
        "appeal-inbox-title",
        view=t(f"appeal-view-{view.value}"),
        count=found.total,
        page=found.page + 1,
        pages=found.pages,
    )
    lines = [inbox_line(t, a, today, zone) for a in found.appeals] or [t("appeal-inbox-empty")]
    buttons = [
        [officer_button(f"{priority_mark(a)}{a.number}", OfficerAction.CARD, a.id)]
        for a in found.appeals
    ]
    near = (p for p in (found.page - 1, found.page + 1) if 0 <= p < found.pages)
    nav = pager_row(
        t, found.page, found.pages, {p: InboxCb(view=view, page=p).pack() for p in near}
    )
    if nav:
        buttons.append(nav)
    buttons += view_buttons(t, view, counts)
    return Screen("\n".join([head, "", *lines]), buttons)


async def officer_inbox(
    t: Translator,
    resident: Resident,
    appeals: AppealService,
    notices: AppealNotices,
    view: InboxView = InboxView.OPEN,
    page: int = 0,
) -> Screen:
    scopes = await notices.officer_scopes(resident.id)
    today = appeals.today()
    found = await appeals.inbox.page(scopes, view, today, page, PER_PAGE)
    counts = await appeals.inbox.counts(scopes, today)
    return inbox_screen(t, found, view, counts, today, appeals.zone)


@desk_router.message(Command("appeals"))
async def inbox_command(
    message: Message,
    t: Translator,
    resident: Resident,
    appeals: AppealService,
    appeal_notices: AppealNotices,
) -> None:
    await show(message, await officer_inbox(t, resident, appeals, appeal_notices))


@desk_router.callback_query(OfficerCb.filter(F.action == OfficerAction.INBOX))
async def inbox_button(
    query: CallbackQuery,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    appeals: AppealService,
    appeal_notices: AppealNotices,
) -> None:
    await query.answer()
    await state.clear()
    await show(query, await officer_inbox(t, resident, appeals, appeal_notices))


@desk_router.callback_query(InboxCb.filter())
async def inbox_page(
    query: CallbackQuery,
    callback_data: InboxCb,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    appeals: AppealService,
    appeal_notices: AppealNotices,
) -> None:
    await query.answer()
    await state.clear()
    screen = await officer_inbox(
        t, resident, appeals, appeal_notices, callback_data.view, callback_data.page
    )
    await show(query, screen)
