"""The status a resident may state for priority consideration (пільговики, art. 20 of the
Law «Про звернення громадян»): chosen on the appeal's summary, optional, a sensitive datum.
Choosing it is consent to it for this appeal: only officers of the appeal's settlement see
it; it goes once the appeal is answered, when the resident removes it («Мої звернення»),
withdraws consent or deletes their data."""

from __future__ import annotations

from typing import Any

from aiogram import F
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from handlers.appeals.appeal_form import not_command
from handlers.appeals.appeal_steps import go
from handlers.appeals.callbacks import AppealAction, AppealCb
from handlers.appeals.flow import router
from handlers.appeals.states import AppealForm
from storage.appeals.drafts import DraftStore
from storage.appeals.model import PriorityCategory
from storage.residents import Resident
from ui.i18n import Translator


@router.callback_query(AppealForm.confirm, AppealCb.filter(F.action == AppealAction.PRIORITY))
async def choose_priority(query: CallbackQuery, state: FSMContext, ctx: dict[str, Any]) -> None:
    drafts: DraftStore = ctx["appeal_drafts"]
    await query.answer()
    await go(query, state, await drafts.appeal(ctx["resident"].id), ctx, step=AppealForm.priority)


@router.callback_query(AppealForm.priority, AppealCb.filter(F.action == AppealAction.PRIORITY_SET))
async def set_priority(
    query: CallbackQuery,
    callback_data: AppealCb,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    appeal_drafts: DraftStore,
    ctx: dict[str, Any],
) -> None:
    try:
        chosen = PriorityCategory(callback_data.value) if callback_data.value else None
    except ValueError:
        await query.answer(t("error-stale-button"), show_alert=True)
        return
    await query.answer()
    draft = (await appeal_drafts.appeal(resident.id)).with_(priority=chosen)
    await go(query, state, draft, ctx)


@router.message(AppealForm.priority, not_command)
async def button_expected(message: Message, t: Translator) -> None:
    await message.answer(t("appeal-priority-expected"))
