"""One lookup instead of a walk: which flow routers could handle an update at all.

aiogram offers an update to every sub-router in turn, and each refusal costs a propagation
(a closure, a middleware wrap, the router's filter checks, a copy of every keyword the
handlers may receive): with sixteen flows that was most of the cost of a button press. Each
flow router declares what it can handle (`Reach`: its callback prefixes, the states and
commands its message handlers need), so the Dispatcher offers an update only to the routers
that might take it, in the same order as before. A router that accepts anything of a kind
is always offered it; skipping a router is exact, never a guess.

A flow router (ui/routes.py) has no sub-routers and no outer middlewares, so the offer runs
its filters and handlers directly, as aiogram's observer would, without the layers between.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from aiogram import Router
from aiogram.dispatcher.event.bases import REJECTED, UNHANDLED, SkipHandler
from aiogram.dispatcher.event.handler import CallableObject
from aiogram.dispatcher.event.telegram import TelegramEventObserver
from aiogram.types import CallbackQuery, Message, TelegramObject

from ui.chains import ChainCache, call_with_named

# What stands for a prefix, state or command no router names (forged data, a stray command):
# the lookups stay bounded whatever residents send.
_UNKNOWN = "\x00unknown"

Key = tuple[str, str | None, str | None]


@dataclass(frozen=True, slots=True)
class Reach:
    """What one router can handle. None: anything of that kind."""

    update_types: frozenset[str]
    callback_prefixes: frozenset[str] | None
    message_states: frozenset[str] | None
    commands: frozenset[str] | None

    def admits(self, update_type: str, first: str | None, second: str | None) -> bool:
        if update_type not in self.update_types:
            return False
        if update_type == "callback_query":
            return self.callback_prefixes is None or (first or "") in self.callback_prefixes
        if update_type == "message":
            return self._takes_message(first, second)
        return True

    def _takes_message(self, state: str | None, command: str | None) -> bool:
        if self.message_states is None or state in self.message_states:
            return True
        return command is not None and (self.commands is None or command in self.commands)


def command_of(message: Message) -> str | None:
    """The command a message starts with ("menu" for "/menu@bot x"), as aiogram parses it."""
    text = message.text or ""
    if not text.startswith("/"):
        return None
    return text.split(maxsplit=1)[0][1:].partition("@")[0]


class IndexedRouting(Router):
    """Routing by Reach, for a Router or mixed in before the Dispatcher (the fewer levels
    an update passes, the less it costs): sub-routers included with `include_indexed` are
    offered only the updates they may take."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._reaches: dict[int, Reach] = {}
        self._chosen: dict[Key, tuple[Router, ...]] = {}
        self._prefixes: frozenset[str] = frozenset()
        self._states: frozenset[str] = frozenset()
        self._commands: frozenset[str] = frozenset()
        self._chains = ChainCache()
        self._inner_lists: dict[TelegramEventObserver, tuple[list[Any], ...]] = {}

    def include_indexed(self, router: Router, reach: Reach) -> None:
        self.include_router(router)
        self._reaches[id(router)] = reach
        self._prefixes |= reach.callback_prefixes or frozenset()
        self._states |= reach.message_states or frozenset()
        self._commands |= reach.commands or frozenset()
        self._chosen.clear()

    def candidates(
        self, update_type: str, event: TelegramObject, state: str | None
    ) -> tuple[Router, ...]:
        key = self._key(update_type, event, state)
        chosen = self._chosen.get(key)
        if chosen is None:
            # A sub-router included without a Reach is offered everything.
            chosen = self._chosen[key] = tuple(
                router
                for router in self.sub_routers
                if (reach := self._reaches.get(id(router))) is None or reach.admits(*key)
            )
        return chosen

    def _key(self, update_type: str, event: TelegramObject, state: str | None) -> Key:
        if update_type == "callback_query" and isinstance(event, CallbackQuery):
            prefix = (event.data or "").partition(":")[0]
            return update_type, _known(prefix, self._prefixes), None
        if update_type == "message" and isinstance(event, Message):
            command = command_of(event)
            known_state = None if state is None else _known(state, self._states)
            known_command = None if command is None else _known(command, self._commands)
            return update_type, known_state, known_command
        return update_type, None, None

    async def propagate_event(self, update_type: str, event: TelegramObject, **kwargs: Any) -> Any:
        return await self.propagate_with(update_type, event, kwargs)

    async def propagate_with(
        self, update_type: str, event: TelegramObject, data: dict[str, Any]
    ) -> Any:
        """aiogram's propagation with `data` handed on by reference (this call owns it)."""
        observer = self.observers.get(update_type)
        if observer is None or observer.outer_middleware:
            return await super().propagate_event(update_type, event, **data)
        # No outer middlewares to wrap around it: straight to the propagation.
        data["event_router"] = self
        return await self._propagate_with(observer, update_type, event, data)

    async def _propagate_event(
        self,
        observer: TelegramEventObserver | None,
        update_type: str,
        event: TelegramObject,
        **kwargs: Any,
    ) -> Any:
        # Reached through aiogram's own propagate_event (when outer middlewares are set).
        return await self._propagate_with(observer, update_type, event, kwargs)

    async def _propagate_with(
        self,
        observer: TelegramEventObserver | None,
        update_type: str,
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        # aiogram's Router._propagate_event, with the candidates in place of every sub-router;
        # an observer with no filters and no handlers of its own is passed by, as it would be.
        if observer is not None and (observer.handlers or observer._handler.filters):
            passed, found = await _passes(observer._handler, event, data)
            if not passed:
                return UNHANDLED
            data.update(found)
            response = await observer.trigger(event, **data)
            if response is REJECTED:
                return UNHANDLED
            if response is not UNHANDLED:
                return response
        for router in self.candidates(update_type, event, data.get("raw_state")):
            if router.sub_routers or router.observers[update_type].outer_middleware:
                response = await router.propagate_event(update_type, event, **data)
            else:
                response = await self._offer(router.observers[update_type], event, dict(data))
            if response is REJECTED:
                response = UNHANDLED
            if response is not UNHANDLED:
                return response
        return UNHANDLED

    async def _offer(
        self, observer: TelegramEventObserver, event: TelegramObject, data: dict[str, Any]
    ) -> Any:
        """What aiogram's propagation does in a router without sub-routers or outer
        middlewares: the router's own filters, then its handlers in order until one takes the
        event, each filter seeing what the ones before it added (`data` is this router's own
        copy)."""
        data["event_router"] = observer.router
        # The router's own filters are kept by aiogram as a handler that is never called.
        passed, found = await _passes(observer._handler, event, data)
        if not passed:
            return UNHANDLED
        data.update(found)
        for handler in observer.handlers:
            passed, found = await _passes(handler, event, data)
            if not passed:
                continue
            data.update(found)
            data["handler"] = handler
            # The inner middlewares of the router and its parents (KnownErrors), as aiogram
            # wraps them around the handler.
            wrapped = self._chains.get(
                id(handler), self._inner_middlewares(observer), partial(call_with_named, handler)
            )
            try:
                return await wrapped(event, data)
            except SkipHandler:
                continue
        return UNHANDLED

    def _inner_middlewares(self, observer: TelegramEventObserver) -> list[Any]:
        """aiogram's observer._resolve_middlewares: the inner middlewares of the observer's
        router and its parents, outermost first. A router's parent never changes once set, so
        the lists to read are found once per observer; their contents are read every time."""
        lists = self._inner_lists.get(observer)
        if lists is None:
            routers = reversed(tuple(observer.router.chain_head))
            found = (r.observers.get(observer.event_name) for r in routers)
            lists = self._inner_lists[observer] = tuple(
                o.middleware._middlewares for o in found if o is not None
            )
        return [middleware for listed in lists for middleware in listed]


async def _passes(
    handler: Any, event: TelegramObject, kwargs: dict[str, Any]
) -> tuple[bool, dict[str, Any]]:
    found: dict[str, Any] = {}
    for event_filter in handler.filters or ():
        seen = {**kwargs, **found} if found else kwargs
        result = await _call(event_filter, event, seen)
        if not result:
            return False, {}
        if isinstance(result, dict):
            found.update(result)
    return True, found


async def _call(callable_: CallableObject, event: TelegramObject, kwargs: dict[str, Any]) -> Any:
    if not callable_.awaitable:
        return await callable_.call(event, **kwargs)  # aiogram's way: a worker thread
    wanted = kwargs if callable_.varkw else {k: kwargs[k] for k in callable_.params if k in kwargs}
    return await callable_.callback(event, **wanted)


def _known(value: str, known: frozenset[str]) -> str:
    return value if value in known else _UNKNOWN
