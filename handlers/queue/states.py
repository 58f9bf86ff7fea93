"""The FSM states of the e-queue's conversations; what each has gathered lives in drafts."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup


class BookingFlow(StatesGroup):
    place = State()
    category = State()
    service = State()
    day = State()
    time = State()
    name = State()
    phone = State()
    confirm = State()


class RatingFlow(StatesGroup):
    comment = State()


class CloseFlow(StatesGroup):
    range = State()
    reason = State()
    confirm = State()


BOOKING_STATES = {s.state for s in BookingFlow.__states__}
CLOSE_STATES = {s.state for s in CloseFlow.__states__}
