"""The booking steps as one machine: each step is shown from the draft alone, so a resident
can be brought back to any of them (bad input, /start or a language change mid-flow, a
restart, a draft missing what a step needs)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message

from handlers.queue.drafts import BookingDraft, BookingStep
from handlers.queue.flow import flow
from handlers.queue.screens import (
    category_screen,
    confirm_screen,
    contact_keyboard,
    day_screen,
    name_screen,
    place_screen,
    service_screen,
    time_screen,
)
from handlers.queue.states import BookingFlow
from storage.community import CommunityRepository
from storage.queue.availability import Availability
from storage.queue.catalogue import Catalogue, CnapCatalog
from storage.residents import Resident, ResidentRepository
from ui.i18n import Translator
from ui.keyboards import CONTACT_KEYBOARD_ID
from ui.screens import Screen, say, show

Event = Message | CallbackQuery


def state_of(step: BookingStep) -> State:
    found: State = getattr(BookingFlow, step.value)
    return found


def step_of(state: str | None) -> BookingStep:
    """The step of a BookingFlow state ('BookingFlow:day' -> DAY); the first one otherwise."""
    try:
        return BookingStep((state or "").rpartition(":")[2])
    except ValueError:
        return BookingStep.PLACE


async def load_draft(state: FSMContext) -> BookingDraft:
    return BookingDraft.from_dict(await state.get_data())


@dataclass(frozen=True, slots=True)
class StepView:
    """What showing a booking step takes, for one update."""

    t: Translator
    catalog: CnapCatalog
    availability: Availability
    resident: Resident
    community: CommunityRepository
    residents: ResidentRepository

    @classmethod
    async def of(cls, ctx: dict[str, Any]) -> StepView:
        """From the update's data: the resident's translator and the e-queue services."""
        cnap: Catalogue = ctx["cnap"]
        return cls(
            ctx["t"],
            await cnap.current(),
            ctx["availability"],
            ctx["resident"],
            ctx["community"],
            ctx["residents"],
        )

    async def screen(self, step: BookingStep, draft: BookingDraft) -> Screen:
        t, catalog = self.t, self.catalog
        if step is BookingStep.PLACE:
            return await place_screen(t, catalog, self.resident, self.community)
        if step is BookingStep.CATEGORY:
            return category_screen(t, catalog, draft.place or "")
        if step is BookingStep.SERVICE:
            return service_screen(t, catalog, draft.place or "", draft.category or "")
        if step is BookingStep.DAY:
            return await day_screen(t, self.availability, catalog, draft)
        if step is BookingStep.TIME:
            return await time_screen(t, self.availability, draft)
        return confirm_screen(t, catalog, draft, self.resident)

    async def show(
        self, event: Event, step: BookingStep, draft: BookingDraft, *, edit: bool = True
    ) -> None:
        if step is BookingStep.NAME:
            await show(event, name_screen(self.t, draft), edit=False)
        elif step is BookingStep.PHONE:
            await say(event, self.t("queue-ask-phone"), reply_markup=contact_keyboard(self.t))
            await self.residents.set_reply_keyboard(self.resident, CONTACT_KEYBOARD_ID)
        else:
            await show(event, await self.screen(step, draft), edit=edit)

    async def go(
        self,
        event: Event,
        state: FSMContext,
        step: BookingStep,
        draft: BookingDraft,
        *,
        edit: bool = True,
    ) -> None:
        """Keep the draft and show `step`, or the earlier step that must ask first."""
        step = draft.back_to(step)
        await state.set_data(draft.to_dict())
        await state.set_state(state_of(step))
        await self.show(event, step, draft, edit=edit)

    async def lacks(
        self, query: CallbackQuery, state: FSMContext, draft: BookingDraft, step: BookingStep
    ) -> bool:
        """True, after taking the resident to the step that must ask first, when the draft
        does not yet hold what `step` needs (a draft from an older version, say)."""
        if draft.back_to(step) is step:
            return False
        await query.answer()
        await self.go(query, state, step, draft)
        return True


async def ask_details_or_confirm(
    event: Event, state: FSMContext, view: StepView, draft: BookingDraft
) -> None:
    """After a time is held: the name, the phone, or (when both are known) the check."""
    draft = replace(draft, editing=None)
    if not view.resident.full_name and draft.visitor is None:
        step = BookingStep.NAME
    elif not view.resident.phone:
        step = BookingStep.PHONE
    else:
        step = BookingStep.CONFIRM
    await view.go(event, state, step, draft)


@flow.prompt(*BookingFlow.__states__)
async def prompt_booking_step(event: Event, state: FSMContext, ctx: dict[str, Any]) -> None:
    step = step_of(await state.get_state())
    await (await StepView.of(ctx)).go(event, state, step, await load_draft(state), edit=False)
