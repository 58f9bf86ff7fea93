"""The e-appeal form as one machine: each step is shown from the draft alone, so a resident
is brought back to the right step after bad input, a command, /start or a restart."""

from __future__ import annotations

from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message

from handlers.appeals.callbacks import AppealAction, AppealCb
from handlers.appeals.flow import flow
from handlers.appeals.screens import location_keyboard, topic_name
from handlers.appeals.states import AppealForm
from storage.appeals.config import AppealSettings
from storage.appeals.drafts import MAX_PHOTOS, AppealDraft, DraftStore
from storage.appeals.model import AppealKind, PriorityCategory
from storage.appeals.rules import BODY_LIMIT
from storage.appeals.service import AppealService
from storage.residents import Resident
from ui.i18n import Translator
from ui.keyboards import button
from ui.screens import Screen, escape, say, show

Event = Message | CallbackQuery


def appeal_button(text: str, action: AppealAction, value: str = "") -> Any:
    return button(text, AppealCb(action=action, value=value).pack())


def leave_row(t: Translator) -> list[Any]:
    return [appeal_button(t("appeal-leave"), AppealAction.LEAVE)]


def next_step(draft: AppealDraft) -> State:
    """The earliest step whose answer the draft still lacks."""
    if draft.kind is None:
        return AppealForm.kind
    if draft.topic is None:
        return AppealForm.topic
    if draft.body is None:
        return AppealForm.body
    if not draft.media_done:
        return AppealForm.media
    if draft.full_name is None:
        return AppealForm.name
    if draft.address is None:
        return AppealForm.address
    if not draft.has_contact:
        return AppealForm.contact
    return AppealForm.confirm


def kind_screen(t: Translator) -> Screen:
    kinds = [
        [appeal_button(t(f"appeal-kind-{k.value}"), AppealAction.KIND, k.value)] for k in AppealKind
    ]
    return Screen(t("appeal-ask-kind"), [*kinds, leave_row(t)])


def topic_screen(t: Translator, settings: AppealSettings) -> Screen:
    topics = [
        [appeal_button(topic.name.get(t.language), AppealAction.TOPIC, topic.code)]
        for topic in settings.topics
    ]
    return Screen(t("appeal-ask-topic"), [*topics, leave_row(t)])


def priority_screen(t: Translator) -> Screen:
    """The statuses for priority consideration; choosing one is the resident's consent to
    that datum (the text says who sees it and when it goes)."""
    buttons = [
        [appeal_button(t(f"appeal-priority-{c.value}"), AppealAction.PRIORITY_SET, c.value)]
        for c in PriorityCategory
    ]
    buttons.append([appeal_button(t("appeal-priority-none"), AppealAction.PRIORITY_SET)])
    return Screen(t("appeal-priority-ask"), buttons)


def summary_screen(t: Translator, draft: AppealDraft, settings: AppealSettings) -> Screen:
    contact = " · ".join(escape(c) for c in (draft.phone, draft.email) if c)
    priority = (
        t(f"appeal-priority-{draft.priority.value}")
        if draft.priority
        else t("appeal-priority-unset")
    )
    text = t(
        "appeal-summary",
        kind=t(f"appeal-kind-{draft.kind.value}") if draft.kind else "—",
        topic=topic_name(t, settings, draft.topic or ""),
        body=escape(draft.body),
        photos=len(draft.photos),
        place=t("appeal-place-given") if draft.latitude is not None else "—",
        name=escape(draft.full_name),
        address=escape(draft.address),
        contact=contact,
        priority=priority,
    )
    state_priority = "appeal-priority-change" if draft.priority else "appeal-priority-state"
    buttons = [
        [appeal_button(t("appeal-send"), AppealAction.SEND)],
        [appeal_button(t(state_priority), AppealAction.PRIORITY)],
        [appeal_button(t("appeal-change-contact"), AppealAction.CHANGE_CONTACT)],
        leave_row(t),
    ]
    return Screen(text, buttons)


async def show_appeal_step(
    event: Event, step: State, draft: AppealDraft, t: Translator, settings: AppealSettings
) -> None:
    if step == AppealForm.kind:
        await show(event, kind_screen(t))
    elif step == AppealForm.topic:
        await show(event, topic_screen(t, settings))
    elif step == AppealForm.body:
        await show(event, Screen(t("appeal-ask-body", limit=BODY_LIMIT), [leave_row(t)]))
    elif step == AppealForm.media:
        await say(event, t("appeal-media-keyboard"), reply_markup=location_keyboard(t))
        done = appeal_button(t("appeal-media-done"), AppealAction.MEDIA_DONE)
        text = t(
            "appeal-ask-media",
            photos=len(draft.photos),
            most=MAX_PHOTOS,
            place=int(draft.latitude is not None),
        )
        await show(event, Screen(text, [[done], leave_row(t)]), edit=False)
    elif step == AppealForm.name:
        await show(event, Screen(t("appeal-ask-name"), [leave_row(t)]), edit=False)
    elif step == AppealForm.address:
        await show(event, Screen(t("appeal-ask-address"), [leave_row(t)]), edit=False)
    elif step == AppealForm.contact:
        await say(
            event, t("appeal-contact-keyboard"), reply_markup=location_keyboard(t, contact=True)
        )
        email = appeal_button(t("appeal-use-email"), AppealAction.EMAIL)
        await show(event, Screen(t("appeal-ask-contact"), [[email], leave_row(t)]), edit=False)
    elif step == AppealForm.email:
        await show(event, Screen(t("appeal-ask-email"), [leave_row(t)]), edit=False)
    elif step == AppealForm.priority:
        await show(event, priority_screen(t))
    else:
        await show(event, summary_screen(t, draft, settings), edit=False)


async def go(
    event: Event,
    state: FSMContext,
    draft: AppealDraft,
    ctx: dict[str, Any],
    *,
    step: State | None = None,
) -> None:
    """Save the draft and show `step`, or the earliest step the draft still lacks."""
    resident: Resident = ctx["resident"]
    drafts: DraftStore = ctx["appeal_drafts"]
    appeals: AppealService = ctx["appeals"]
    await drafts.save_appeal(resident.id, draft)
    target = next_step(draft)
    if step is not None and (
        _order(step) <= _order(target)
        or (step == AppealForm.email and target == AppealForm.contact)
    ):
        target = step
    await state.set_state(target)
    await show_appeal_step(event, target, draft, ctx["t"], await appeals.settings())


def _order(step: State) -> int:
    return [s.state for s in AppealForm.__states__].index(step.state)


@flow.prompt(*AppealForm.__states__)
async def prompt_appeal_step(event: Event, state: FSMContext, ctx: dict[str, Any]) -> None:
    resident: Resident = ctx["resident"]
    drafts: DraftStore = ctx["appeal_drafts"]
    draft = await drafts.appeal(resident.id)
    raw = await state.get_state()
    current = next((s for s in AppealForm.__states__ if s.state == raw), None)
    await go(event, state, draft, ctx, step=current)
