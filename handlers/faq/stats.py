"""/faq_stats for officials (the editor role; administrators hold every role): the questions
that found nothing and the answers marked unhelpful, most frequent first, a page at a time.
For anyone else the command does not exist («unknown command») and its buttons answer
«недостатньо прав»."""

from __future__ import annotations

from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from handlers.faq.callbacks import FaqStatsCb, StatsView
from storage.faq.service import FaqService
from storage.roles import Role
from ui.access import HasRole, deny_callbacks
from ui.flow import Flow
from ui.i18n import Translator
from ui.keyboards import Rows, button, pager_row
from ui.screens import Screen, escape, show

stats_flow = Flow("faq_stats")
router = stats_flow.routes
EDITOR = HasRole(Role.EDITOR)
router.message.filter(EDITOR)
deny_callbacks(router, FaqStatsCb, EDITOR)

PAGE_SIZE = 10
# A stored question may be 500 characters; ten of them must fit one message.
LINE_CHARS = 200


def _short(text: str) -> str:
    return text if len(text) <= LINE_CHARS else text[: LINE_CHARS - 1] + "…"


async def misses_screen(t: Translator, faq: FaqService, page: int) -> Screen:
    found = await faq.top_misses(limit=(page + 1) * PAGE_SIZE + 1)
    shown = found[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    if not shown:
        text = t("faq-stats-misses-empty")
    else:
        lines = [
            t(
                "faq-stats-miss-line",
                count=miss.count,
                question=escape(_short(miss.question)),
                last=t.short_date(miss.last_asked_at),
            )
            for miss in shown
        ]
        text = "\n".join([t("faq-stats-misses-title", page=page + 1), "", *lines])
    more = len(found) > (page + 1) * PAGE_SIZE
    return _screen(t, text + "\n\n" + t("faq-stats-hint"), StatsView.MISSES, page, more)


async def unhelpful_screen(t: Translator, faq: FaqService, page: int) -> Screen:
    found = await faq.top_unhelpful(limit=(page + 1) * PAGE_SIZE + 1)
    shown = found[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    if not shown:
        text = t("faq-stats-unhelpful-empty")
    else:
        lines = []
        for votes in shown:
            entry = await faq.entry(votes.entry_code)
            question = entry.question.get(t.language) if entry else votes.entry_code
            lines.append(
                t(
                    "faq-stats-unhelpful-line",
                    question=escape(_short(question)),
                    code=escape(votes.entry_code),
                    unhelpful=votes.unhelpful,
                    helpful=votes.helpful,
                )
            )
        text = "\n".join([t("faq-stats-unhelpful-title", page=page + 1), "", *lines])
    more = len(found) > (page + 1) * PAGE_SIZE
    return _screen(t, text, StatsView.UNHELPFUL, page, more)


def _screen(t: Translator, text: str, view: StatsView, page: int, more: bool) -> Screen:
    pages = page + 2 if more else page + 1
    near = (p for p in (page - 1, page + 1) if 0 <= p < pages)
    nav = pager_row(t, page, pages, {p: FaqStatsCb(view=view, page=p).pack() for p in near})
    other = StatsView.UNHELPFUL if view is StatsView.MISSES else StatsView.MISSES
    buttons: Rows = [nav] if nav else []
    buttons.append([button(t(f"faq-stats-show-{other.value}"), FaqStatsCb(view=other).pack())])
    return Screen(text, buttons)


VIEWS = {StatsView.MISSES: misses_screen, StatsView.UNHELPFUL: unhelpful_screen}


@router.message(Command("faq_stats"))
async def faq_stats(message: Message, t: Translator, faq: FaqService) -> None:
    await show(message, await misses_screen(t, faq, 0))


@router.callback_query(FaqStatsCb.filter())
async def faq_stats_page(
    query: CallbackQuery, callback_data: FaqStatsCb, t: Translator, faq: FaqService
) -> None:
    await query.answer()
    await show(query, await VIEWS[callback_data.view](t, faq, callback_data.page))
