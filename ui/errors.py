"""Typed domain errors answered in words, in one place.

Services raise a storage.errors.DomainError subclass for every rule (a booking already
cancelled, a visit that has begun, consent withdrawn). A flow says how each kind is answered:

    @flow.answers(WrongState, TooLate)            # raised by this flow's own handlers
    async def visit_changed(event, error, state, t, ...): ...
    @flow.answers(ConsentRequired, everywhere=True)   # by any flow's, unless it has its own

The answer receives the event, `error` and by name what handlers receive. It tells the
resident what happened in their language and takes them to a screen to go on (the step that
makes sense, their bookings, the menu), never to a dead end. `KnownErrors`, an inner
middleware on every flow's router, runs the answer; an error nobody answers goes on to the
error guard (bot.middlewares), which logs it and apologises."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.event.handler import CallableObject
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, Message, TelegramObject

from ui.screens import say

log = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]
Answer = Callable[..., Awaitable[None]]


class ErrorAnswers:
    """Error kinds and their answers; the most specific kind of an error wins."""

    def __init__(self) -> None:
        self._answers: dict[type[BaseException], CallableObject] = {}

    def add(self, kinds: Iterable[type[BaseException]], answer: Answer) -> None:
        for kind in kinds:
            if kind in self._answers:
                raise ValueError(f"{kind.__name__} is answered twice")
            self._answers[kind] = CallableObject(answer)

    def find(self, error: BaseException) -> CallableObject | None:
        for kind in type(error).__mro__:
            found = self._answers.get(kind)
            if found is not None:
                return found
        return None

    def merge(self, other: ErrorAnswers) -> None:
        for kind, answer in other._answers.items():
            if kind in self._answers:
                raise ValueError(f"{kind.__name__} is answered everywhere twice")
            self._answers[kind] = answer


class KnownErrors(BaseMiddleware):
    """Around one flow's handlers: an error the flow answers (or one answered everywhere)
    gets its answer; anything else goes on to the error guard."""

    def __init__(self, *tables: ErrorAnswers) -> None:
        self._tables = tables

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        try:
            return await handler(event, data)
        except Exception as error:
            answer = next((a for t in self._tables if (a := t.find(error)) is not None), None)
            if answer is None:
                raise
            log.info("Answered %s: %s", type(error).__name__, error)
            await answer.call(event, **{**data, "error": error})
            return None


async def tell(event: Message | CallbackQuery, text: str) -> None:
    """An explanation the resident cannot miss: an alert under the pressed button (a message
    when the button was answered already), a reply to a message."""
    if isinstance(event, CallbackQuery):
        try:
            await event.answer(text, show_alert=True)
            return
        except TelegramBadRequest:
            pass
    await say(event, text)


async def acknowledge(event: Message | CallbackQuery) -> None:
    """Stop the spinner on a pressed button (harmless when it was answered already)."""
    if isinstance(event, CallbackQuery):
        with contextlib.suppress(TelegramBadRequest):
            await event.answer()
