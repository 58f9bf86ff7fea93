"""Route tables: aiogram-style decorators that build a fresh Router per Dispatcher.

An aiogram Router can belong to one parent only, but the bot builds a Dispatcher more than
once in a process (a restart in tests, the demo next to the polling loop). So each flow
records its handlers here and `build()` makes a new Router from the record every time."""

from __future__ import annotations

import inspect
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, ClassVar, Literal

from aiogram import Router
from aiogram.filters import Command, Filter, StateFilter
from aiogram.filters.callback_data import CallbackData, CallbackQueryFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery
from magic_filter import MagicFilter
from magic_filter.operations import ComparatorOperation, FunctionOperation, GetAttributeOperation
from magic_filter.util import in_op

from ui.route_index import Reach

Handler = Callable[..., Any]


Rule = Callable[[Any], Any]


def compiled(magic: MagicFilter) -> Rule:
    """The magic filter as a plain function when it has a shape the flows use (`F.text`,
    `F.chat.type == x`, `F.action.in_(xs)`); magic_filter walks its operations one by one,
    with exceptions for control flow, on every check. Any other shape is left to
    magic_filter. A missing attribute or an unhashable value fails the check, as there."""
    operations = magic._operations
    names = []
    for operation in operations:
        if type(operation) is not GetAttributeOperation:
            break
        names.append(operation.name)
    path = tuple(names)
    rest = operations[len(path) :]
    if not path or len(rest) > 1:
        return magic.resolve
    if not rest:
        return partial(_attribute, path)
    step = rest[0]
    if (
        type(step) is ComparatorOperation
        and step.comparator is operator.eq
        and not isinstance(step.right, MagicFilter)
    ):
        return partial(_equals, path, step.right)
    if (
        type(step) is FunctionOperation
        and step.function is in_op
        and len(step.args) == 1
        and not step.kwargs
        and not isinstance(step.args[0], MagicFilter)
    ):
        return partial(_among, path, step.args[0])
    return magic.resolve


def _walk(path: tuple[str, ...], value: Any) -> Any:
    for name in path:
        value = getattr(value, name, _ABSENT)
        if value is _ABSENT:
            break
    return value


def _attribute(path: tuple[str, ...], value: Any) -> Any:
    found = _walk(path, value)
    return None if found is _ABSENT else found


def _equals(path: tuple[str, ...], expected: Any, value: Any) -> bool:
    found = _walk(path, value)
    return found is not _ABSENT and bool(found == expected)


def _among(path: tuple[str, ...], allowed: Any, value: Any) -> bool:
    found = _walk(path, value)
    try:
        return found is not _ABSENT and bool(found in allowed)
    except TypeError:
        return False


_ABSENT = object()


class _Magic(Filter):
    """A magic filter (`F.text`) evaluated in the event loop."""

    def __init__(self, magic: MagicFilter) -> None:
        self._rule = compiled(magic)

    async def __call__(self, event: Any) -> Any:
        return self._rule(event)


class _UnpackedOnce(Filter):
    """aiogram's CallbackData filter, with the pressed button's data unpacked (validated)
    once for all the handlers that check it, not once per handler: a router tries its
    handlers one by one, and most of them look at the same kind of data."""

    _query: ClassVar[CallbackQuery | None] = None  # the press the memo below belongs to
    _unpacked: ClassVar[dict[type[CallbackData], CallbackData | None]] = {}

    def __init__(self, original: CallbackQueryFilter) -> None:
        self._kind = original.callback_data
        self._rule = None if original.rule is None else compiled(original.rule)

    async def __call__(self, query: CallbackQuery) -> Literal[False] | dict[str, Any]:
        if not isinstance(query, CallbackQuery) or not query.data:
            return False
        unpacked = self._unpack(query)
        if unpacked is None or (self._rule is not None and not self._rule(unpacked)):
            return False
        return {"callback_data": unpacked}

    def _unpack(self, query: CallbackQuery) -> CallbackData | None:
        memo = _UnpackedOnce._unpacked
        if _UnpackedOnce._query is not query:
            _UnpackedOnce._query = query
            memo.clear()
        if self._kind not in memo:
            try:
                memo[self._kind] = self._kind.unpack(query.data or "")
            except (TypeError, ValueError):
                memo[self._kind] = None
        return memo[self._kind]


def in_loop(filter_: Any) -> Any:
    """aiogram runs a plain function or magic filter in a worker thread (asyncio.to_thread),
    a hop that costs more than most handlers. Our filters are quick and never block, so they
    run in the event loop instead: magic filters as a Filter, functions as coroutines with
    the same signature (aiogram injects their arguments by name). CallbackData filters
    share their unpacking of a press."""
    if isinstance(filter_, MagicFilter):
        return _Magic(filter_)
    if isinstance(filter_, CallbackQueryFilter):
        return _UnpackedOnce(filter_)
    if isinstance(filter_, Filter) or not callable(filter_):
        return filter_
    if inspect.iscoroutinefunction(filter_):
        return filter_
    func: Callable[..., Any] = filter_

    async def run(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    run.__signature__ = inspect.signature(func)  # type: ignore[attr-defined]
    run.__name__ = getattr(func, "__name__", "filter")
    return run


@dataclass
class _Observer:
    name: str
    handlers: list[tuple[Handler, tuple[Any, ...], dict[str, Any]]] = field(default_factory=list)
    filters: list[Any] = field(default_factory=list)

    def __call__(self, *filters: Any, **kwargs: Any) -> Callable[[Handler], Handler]:
        def record(handler: Handler) -> Handler:
            self.handlers.append((handler, filters, kwargs))
            return handler

        return record

    def filter(self, *filters: Any) -> None:
        self.filters.extend(filters)


def _callback_prefixes(
    handlers: list[tuple[Handler, tuple[Any, ...], dict[str, Any]]],
) -> frozenset[str] | None:
    prefixes = set()
    for _handler, filters, _kwargs in handlers:
        own = [f.callback_data.__prefix__ for f in filters if isinstance(f, CallbackQueryFilter)]
        if not own:
            return None  # a handler that takes any button: no shortcut for this router
        prefixes.update(own)
    return frozenset(prefixes) if prefixes else None


def _states_of(filter_: Any) -> set[str] | None:
    """The concrete states a filter admits, or None when it admits any state."""
    if isinstance(filter_, State):
        return {filter_.state} if filter_.state not in (None, "*") else None
    if isinstance(filter_, type) and issubclass(filter_, StatesGroup):
        return {state.state for state in filter_.__all_states__ if state.state}
    if isinstance(filter_, StateFilter):
        found: set[str] = set()
        for one in filter_.states:
            part = _states_of(one)
            if part is None:
                return None
            found |= part
        return found
    return None


def _message_guard(
    handlers: list[tuple[Handler, tuple[Any, ...], dict[str, Any]]],
) -> frozenset[str] | None:
    states: set[str] = set()
    for _handler, filters, _kwargs in handlers:
        if any(isinstance(f, Command) for f in filters):
            continue
        own = [found for f in filters if (found := _states_of(f))]
        if not own:
            return None  # a handler for any message: no shortcut for this router
        states.update(*own)
    return frozenset(states)


def _commands_of(
    handlers: list[tuple[Handler, tuple[Any, ...], dict[str, Any]]],
) -> frozenset[str] | None:
    """The command names the message handlers answer, or None when some Command filter may
    match other names too (a pattern, another prefix, any case)."""
    names: set[str] = set()
    for _handler, filters, _kwargs in handlers:
        for f in filters:
            if not isinstance(f, Command):
                continue
            plain = all(isinstance(c, str) for c in f.commands)
            if not plain or f.prefix != "/" or f.ignore_case:
                return None
            names.update(str(c) for c in f.commands)
    return frozenset(names)


class Routes:
    def __init__(self, name: str) -> None:
        self.name = name
        self.message = _Observer("message")
        self.callback_query = _Observer("callback_query")
        self.edited_message = _Observer("edited_message")
        self.my_chat_member = _Observer("my_chat_member")

    def _observers(self) -> tuple[_Observer, ...]:
        return (self.message, self.callback_query, self.edited_message, self.my_chat_member)

    def reach(self) -> Reach:
        """What the router `build()` makes can handle (ui.route_index)."""
        return Reach(
            update_types=frozenset(o.name for o in self._observers() if o.handlers),
            callback_prefixes=_callback_prefixes(self.callback_query.handlers),
            message_states=_message_guard(self.message.handlers),
            commands=_commands_of(self.message.handlers),
        )

    def build(self) -> Router:
        router = Router(name=self.name)
        for observer in self._observers():
            target = getattr(router, observer.name)
            if observer.filters:
                target.filter(*(in_loop(f) for f in observer.filters))
            for handler, filters, kwargs in observer.handlers:
                target.register(handler, *(in_loop(f) for f in filters), **kwargs)
        return router
