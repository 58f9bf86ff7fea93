"""The composer's topic and audience: one topic, the whole community or chosen settlements
(a multi-select of buttons, paged for communities with many villages)."""

from __future__ import annotations

from aiogram import F
from aiogram.types import CallbackQuery

from handlers.news.callbacks import ComposeAction, ComposeCb
from handlers.news.common import router
from handlers.news.compose import PLACES_PAGE, compose_data, home_row, home_screen, with_changes
from handlers.news.render import text_problem, topic_name
from storage.community import CommunityRepository
from storage.news.broadcasts import BroadcastService
from storage.news.model import Topic
from storage.news.subscriptions import DraftStore
from storage.residents import Resident
from ui.i18n import Translator
from ui.keyboards import button, pager_row, rows
from ui.screens import Screen, say, show


@router.callback_query(ComposeCb.filter(F.action.in_({ComposeAction.TOPICS, ComposeAction.TOPIC})))
async def choose_topic(
    query: CallbackQuery,
    callback_data: ComposeCb,
    t: Translator,
    resident: Resident,
    broadcast_drafts: DraftStore,
    community: CommunityRepository,
    broadcasts: BroadcastService,
) -> None:
    await query.answer()
    draft = await broadcast_drafts.get(resident.id)
    if callback_data.action is ComposeAction.TOPIC:
        for text in (draft.text_uk, draft.text_en):
            problem = text and text_problem(t, callback_data.topic, text, bool(draft.photo))
            if problem:
                await say(query, problem)
                return
        draft = await broadcast_drafts.save(
            resident.id, with_changes(draft, topic=callback_data.topic)
        )
        await show(query, await home_screen(t, draft, community, broadcasts))
        return
    buttons = [
        [
            button(
                ("✅ " if x is draft.topic else "") + topic_name(t, x),
                compose_data(ComposeAction.TOPIC, topic=x),
            )
        ]
        for x in Topic
    ]
    buttons.append(home_row(t))
    await show(query, Screen(t("news-choose-topic"), buttons))


@router.callback_query(
    ComposeCb.filter(
        F.action.in_({ComposeAction.AUDIENCE, ComposeAction.PLACE, ComposeAction.EVERYWHERE})
    )
)
async def choose_audience(
    query: CallbackQuery,
    callback_data: ComposeCb,
    t: Translator,
    resident: Resident,
    broadcast_drafts: DraftStore,
    community: CommunityRepository,
) -> None:
    draft = await broadcast_drafts.get(resident.id)
    settlements = await community.settlements()
    chosen = list(draft.settlements)
    if callback_data.action is ComposeAction.EVERYWHERE:
        chosen = []
    elif callback_data.action is ComposeAction.PLACE:
        if callback_data.id not in {s.id for s in settlements}:
            await query.answer(t("error-stale-button"), show_alert=True)
            return
        if callback_data.id in chosen:
            chosen.remove(callback_data.id)
        else:
            chosen.append(callback_data.id)
    await query.answer()
    draft = await broadcast_drafts.save(resident.id, with_changes(draft, settlements=tuple(chosen)))
    pages = max(1, -(-len(settlements) // PLACES_PAGE))
    page = min(callback_data.page, pages - 1)
    shown = settlements[page * PLACES_PAGE : (page + 1) * PLACES_PAGE]
    marks = [
        button(
            ("✅ " if s.id in chosen else "▫️ ") + s.name(t.language),
            compose_data(ComposeAction.PLACE, s.id, page),
        )
        for s in shown
    ]
    keyboard = rows(marks, 2)
    data_for = {
        n: compose_data(ComposeAction.AUDIENCE, page=n)
        for n in (page - 1, page + 1)
        if 0 <= n < pages
    }
    nav = pager_row(t, page, pages, data_for)
    if nav:
        keyboard.append(nav)
    everyone = ("✅ " if not chosen else "▫️ ") + t("news-audience-everyone")
    keyboard.append([button(everyone, compose_data(ComposeAction.EVERYWHERE, page=page))])
    keyboard.append([button(t("news-btn-done"), compose_data(ComposeAction.HOME))])
    await show(query, Screen(t("news-choose-audience"), keyboard))
