"""FSM states of the appeals flows; what a form has gathered lives in storage.appeals.drafts."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup


class AppealForm(StatesGroup):
    kind = State()
    topic = State()
    body = State()
    media = State()
    name = State()
    address = State()
    contact = State()
    email = State()
    priority = State()  # reached only from the summary: optional
    confirm = State()


class ReportForm(StatesGroup):
    category = State()
    photo = State()
    place = State()
    duplicate = State()
    description = State()
    confirm = State()


class AppealReply(StatesGroup):
    text = State()


class OfficerInput(StatesGroup):
    question = State()
    extend_reason = State()
    answer = State()
    resolve_comment = State()
    reject_reason = State()
