"""One lookup instead of a walk: which flow routers could handle an update at all.

aiogram offers an update to every sub-router in turn, and each refusal costs a propagation
(a closure, a middleware wrap, the router's filter checks): with sixteen flows that was most
of the cost of a button press. Each flow router here declares what it can handle (its
callback prefixes, the states and commands its message handlers need), so the root offers an
update only to the routers that might take it, in the same order as before. A router that
accepts anything of a kind is always offered it; skipping a router is exact, never a guess.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from aiogram import Router
from aiogram.dispatcher.event.bases import REJECTED, UNHANDLED
from aiogram.dispatcher.event.telegram import TelegramEventObserver
from aiogram.types import CallbackQuery, Message, TelegramObject

# What stands for a prefix, state or command no router names (forged data, a stray command):
# the lookups stay bounded whatever residents send.
_UNKNOWN = "\x00unknown"


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
            return self.takes_button(first or "")
        if update_type == "message":
            return self.takes_message(first, second)
        return True

    def takes_button(self, prefix: str) -> bool:
        return self.callback_prefixes is None or prefix in self.callback_prefixes

    def takes_message(self, state: str | None, command: str | None) -> bool:
        if self.message_states is None or state in self.message_states:
            return True
        return command is not None and (self.commands is None or command in self.commands)


def command_of(message: Message) -> str | None:
    """The command a message starts with ("menu" for "/menu@bot x"), as aiogram parses it."""
    text = message.text or ""
    if not text.startswith("/"):
        return None
    return text.split(maxsplit=1)[0][1:].partition("@")[0]


class IndexedRouter(Router):
    """A root router that offers each update only to the sub-routers whose Reach admits it."""

    def __init__(self, *, name: str) -> None:
        super().__init__(name=name)
        self._reaches: dict[int, Reach] = {}
        self._chosen: dict[tuple[str, str | None, str | None], tuple[Router, ...]] = {}
        self._prefixes: frozenset[str] = frozenset()
        self._states: frozenset[str] = frozenset()
        self._commands: frozenset[str] = frozenset()

    def include_indexed(self, router: Router, reach: Reach) -> None:
        self.include_router(router)
        self._reaches[id(router)] = reach
        self._prefixes |= reach.callback_prefixes or frozenset()
        self._states |= reach.message_states or frozenset()
        self._commands |= reach.commands or frozenset()
        self._chosen.clear()

    def candidates(
        self, update_type: str, event: TelegramObject, state: str | None
    ) -> Iterable[Router]:
        key = self._key(update_type, event, state)
        chosen = self._chosen.get(key)
        if chosen is None:
            chosen = self._chosen[key] = tuple(self._admitting(*key))
        return chosen

    def _key(
        self, update_type: str, event: TelegramObject, state: str | None
    ) -> tuple[str, str | None, str | None]:
        if update_type == "callback_query" and isinstance(event, CallbackQuery):
            prefix = (event.data or "").partition(":")[0]
            return update_type, self._known(prefix, self._prefixes), None
        if update_type == "message" and isinstance(event, Message):
            command = command_of(event)
            known_state = None if state is None else self._known(state, self._states)
            known_command = None if command is None else self._known(command, self._commands)
            return update_type, known_state, known_command
        return update_type, None, None

    @staticmethod
    def _known(value: str, known: frozenset[str]) -> str:
        return value if value in known else _UNKNOWN

    def _admitting(self, update_type: str, first: str | None, second: str | None) -> list[Router]:
        # A sub-router included without a Reach is offered everything.
        return [
            router
            for router in self.sub_routers
            if (reach := self._reaches.get(id(router))) is None
            or reach.admits(update_type, first, second)
        ]

    async def _propagate_event(
        self,
        observer: TelegramEventObserver | None,
        update_type: str,
        event: TelegramObject,
        **kwargs: Any,
    ) -> Any:
        # aiogram's Router._propagate_event, with the candidates in place of every sub-router.
        if observer:
            passed, data = await observer.check_root_filters(event, **kwargs)
            if not passed:
                return UNHANDLED
            kwargs.update(data)
            response = await observer.trigger(event, **kwargs)
            if response is REJECTED:
                return UNHANDLED
            if response is not UNHANDLED:
                return response
        response = UNHANDLED
        for router in self.candidates(update_type, event, kwargs.get("raw_state")):
            response = await router.propagate_event(update_type=update_type, event=event, **kwargs)
            if response is not UNHANDLED:
                break
        return response
