"""Middleware chains built once, and handlers called with only what they ask for.

aiogram wraps an event's middlewares around its handler again for every event (a
`functools.partial` per middleware and a `functools.wraps` copy), and hands the keywords on
with `**`, copying every one of them at each step. The bot gives its handlers some thirty
services by name, so those copies were a good part of a button press. Here a chain is built
once per middleware list and kept while the list stays the same, and the handler at its end
receives only the keywords it names, as aiogram would pass them."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from aiogram.dispatcher.event.handler import CallableObject
from aiogram.types import TelegramObject

Next = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]
Middleware = Callable[[Next, TelegramObject, dict[str, Any]], Awaitable[Any]]


def call_with_named(handler: CallableObject) -> Next:
    """The handler as the end of a chain: `data` by reference, the keywords it names picked
    out of it (all of them for `**kwargs`). A callable aiogram runs its own way (a plain
    function in a worker thread, a class-based handler) is left to aiogram."""
    callback = handler.callback
    if not handler.awaitable or inspect.isclass(inspect.unwrap(callback)):

        async def by_aiogram(event: TelegramObject, data: dict[str, Any]) -> Any:
            return await handler.call(event, **data)

        return by_aiogram

    async def with_named(event: TelegramObject, data: dict[str, Any]) -> Any:
        # aiogram's own choice of keywords (all of them for `**kwargs`), minus its copies
        return await callback(event, **handler._prepare_kwargs(data))

    return with_named


async def call_by_name(callable_: CallableObject, data: dict[str, Any]) -> Any:
    """A hook or section called with the keywords it names out of `data`, as aiogram's
    CallableObject.call would, without copying `data` twice on the way."""
    if not callable_.awaitable:
        return await callable_.call(**data)  # aiogram's way: a worker thread
    return await callable_.callback(**callable_._prepare_kwargs(data))


def chain(middlewares: Sequence[Middleware], end: Next) -> Next:
    """`end` inside `middlewares`, the first one outermost, as aiogram orders them."""
    wrapped = end
    for middleware in reversed(middlewares):
        wrapped = functools.partial(middleware, wrapped)
    return wrapped


class ChainCache:
    """Chains by key, each rebuilt when the middlewares it was built from change (compared
    by identity, which costs next to nothing for a handful of them)."""

    def __init__(self) -> None:
        self._chains: dict[object, tuple[list[Middleware], Next]] = {}

    def get(self, key: object, middlewares: list[Middleware], end: Callable[[], Next]) -> Next:
        found = self._chains.get(key)
        if found is not None and found[0] == middlewares:
            return found[1]
        built = chain(middlewares, end())
        self._chains[key] = (list(middlewares), built)
        return built
