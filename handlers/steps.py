"""Where a resident is in a flow, and how to show that step again.

Each flow registers a prompt for each of its states. When a resident sends something the
step does not expect (text instead of a button, a photo, an old button), the fallback
handler answers and shows the step again, leaving the state and its data untouched."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram.dispatcher.event.handler import CallableObject
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message

Prompt = Callable[..., Awaitable[None]]

_prompts: dict[str, CallableObject] = {}


def step_prompt(*states: State) -> Callable[[Prompt], Prompt]:
    """Decorator: `@step_prompt(Booking.day)` marks the function that shows that step."""

    def register(func: Prompt) -> Prompt:
        for state in states:
            if state.state is None:
                raise ValueError("a step prompt needs a concrete state")
            _prompts[state.state] = CallableObject(func)
        return func

    return register


def has_prompt(state: str | None) -> bool:
    return state is not None and state in _prompts


async def show_step(state: str, event: Message | CallbackQuery, data: dict[str, Any]) -> None:
    await _prompts[state].call(event, **data)
