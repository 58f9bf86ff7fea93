"""One object per feature: its routes, step prompts, menu items, /mydata lines, consent hook,
services and background jobs. Adding a flow touches one place: its own package, listed in
`handlers.all_flows()`.

A Dispatcher gets a `Flows` set built from the flows; handlers receive it as `flows`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar, cast

from aiogram import BaseMiddleware, F
from aiogram.dispatcher.event.handler import CallableObject
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message, TelegramObject

from storage.residents import Resident
from ui.chains import call_by_name
from ui.errors import Answer, ErrorAnswers, Handler, KnownErrors
from ui.memo import BoundedMemo
from ui.route_index import IndexedRouting
from ui.routes import Routes, in_loop

Prompt = Callable[..., Awaitable[None]]
Hook = Callable[..., Awaitable[Any]]
# Receives the core services (bot.app.Services) and returns the flow's own, by name.
ServiceFactory = Callable[[Any], Mapping[str, object]]
T = TypeVar("T")
# Screens kept by Flows.memo: languages × the menus' visibility combinations, with room.
MEMO_LIMIT = 512


class Block(StrEnum):
    """The three blocks of the main menu, like «Свої»."""

    SERVICES = "services"
    PEOPLE_AND_POWER = "power"
    MY_COMMUNITY = "community"


BLOCK_TITLES = {
    Block.SERVICES: "menu-block-services",
    Block.PEOPLE_AND_POWER: "menu-block-power",
    Block.MY_COMMUNITY: "menu-block-community",
}


def _always(_resident: Resident) -> bool:
    return True


@dataclass(frozen=True, slots=True)
class MenuItem:
    block: Block
    text_key: str
    callback_data: str
    visible: Callable[[Resident], bool] = _always


@dataclass(frozen=True, slots=True)
class Job:
    """A periodic background job; `every` reads its interval (seconds) from the settings."""

    name: str
    every: Callable[[Any], float]
    run: CallableObject


class Flow:
    def __init__(self, name: str) -> None:
        self.name = name
        self.routes = Routes(name)
        self.prompts: dict[str, CallableObject] = {}
        self.menu_items: list[MenuItem] = []
        self.sections: list[CallableObject] = []
        self.consent_hooks: list[CallableObject] = []
        self.service_factories: list[ServiceFactory] = []
        self.jobs: list[Job] = []
        self.deep_links: dict[str, CallableObject] = {}
        self.first_load_hooks: list[CallableObject] = []
        self.warm_up_hooks: list[CallableObject] = []
        self.error_answers = ErrorAnswers()
        self.shared_answers = ErrorAnswers()
        self.leave_hooks: dict[str, list[CallableObject]] = {}

    def prompt(self, *states: State) -> Callable[[Prompt], Prompt]:
        """`@flow.prompt(Booking.day)` marks the function that shows that step again."""

        def register(func: Prompt) -> Prompt:
            for state in states:
                if state.state is None:
                    raise ValueError("a step prompt needs a concrete state")
                self.prompts[state.state] = CallableObject(func)
            return func

        return register

    def menu_item(
        self,
        block: Block,
        text_key: str,
        callback_data: str,
        visible: Callable[[Resident], bool] = _always,
    ) -> None:
        self.menu_items.append(MenuItem(block, text_key, callback_data, visible))

    def data_section(self, func: Hook) -> Hook:
        """A line in /mydata (or None); receives by name what handlers receive."""
        self.sections.append(CallableObject(func))
        return func

    def on_consent_withdrawn(self, func: Hook) -> Hook:
        """Erase what the flow keeps under consent; receives by name what handlers receive."""
        self.consent_hooks.append(CallableObject(func))
        return func

    def answers(
        self, *kinds: type[Exception], everywhere: bool = False
    ) -> Callable[[Answer], Answer]:
        """`@flow.answers(WrongState)` answers that typed error when this flow's handlers
        raise it (`everywhere=True`: any flow's, unless that flow answers it itself). The
        answer receives the event, `error` and by name what handlers receive (ui.errors)."""

        def register(func: Answer) -> Answer:
            (self.shared_answers if everywhere else self.error_answers).add(kinds, func)
            return func

        return register

    def on_leave(self, *states: State) -> Callable[[Hook], Hook]:
        """`@flow.on_leave(*Form.__states__)` runs after any update that began in one of
        `states` and changed the state or its data: the form was left or moved on, by a
        button, /cancel, /menu or another flow. The hook receives `left_state` and
        `left_data` (as they were before) and by name what handlers receive; `state` tells
        where the resident is now. Release here what the form holds (a held time)."""

        def register(func: Hook) -> Hook:
            for state in states:
                if state.state is None:
                    raise ValueError("a form to leave needs concrete states")
                self.leave_hooks.setdefault(state.state, []).append(CallableObject(func))
            return func

        return register

    def services(self, factory: ServiceFactory) -> ServiceFactory:
        self.service_factories.append(factory)
        return factory

    def deep_link(self, prefix: str) -> Callable[[Hook], Hook]:
        """`@flow.deep_link("p-")` opens `t.me/<bot>?start=p-17` (a shared petition, say).
        The handler receives the event and `link` (the part after the prefix) by name; a new
        resident gets there right after onboarding."""

        def register(func: Hook) -> Hook:
            self.deep_links[prefix] = CallableObject(func)
            return func

        return register

    def on_first_load(self, func: Hook) -> Hook:
        """Runs once, right after the community file is loaded into an empty database (the
        demo's sample content, say); receives the services by name, `community_file` too."""
        self.first_load_hooks.append(CallableObject(func))
        return func

    def warm_up(self, func: Hook) -> Hook:
        """Runs once in the background after start: build now what the first resident to use
        the flow would otherwise wait for (an index); receives the services by name."""
        self.warm_up_hooks.append(CallableObject(func))
        return func

    def job(self, name: str, every: Callable[[Any], float]) -> Callable[[Hook], Hook]:
        def register(func: Hook) -> Hook:
            self.jobs.append(Job(name, every, CallableObject(func)))
            return func

        return register


@dataclass
class Flows:
    """The flows of one bot, in routing order (the fallback last)."""

    flows: Sequence[Flow]
    _prompts: dict[str, CallableObject] = field(init=False)
    _shared_answers: ErrorAnswers = field(init=False)
    _leave_hooks: dict[str, list[CallableObject]] = field(init=False)
    _items: dict[Block, tuple[MenuItem, ...]] = field(init=False)
    # Screens that depend only on what they are keyed by (see `memo`).
    _memo: BoundedMemo[Hashable, Any] = field(init=False)

    def __post_init__(self) -> None:
        self._items = {
            block: tuple(i for flow in self.flows for i in flow.menu_items if i.block is block)
            for block in Block
        }
        self._memo = BoundedMemo(MEMO_LIMIT)
        self._prompts = {}
        self._shared_answers = ErrorAnswers()
        self._leave_hooks = {}
        for flow in self.flows:
            for state, prompt in flow.prompts.items():
                if state in self._prompts:
                    raise ValueError(f"two flows prompt for state {state}")
                self._prompts[state] = prompt
            self._shared_answers.merge(flow.shared_answers)
            for state, hooks in flow.leave_hooks.items():
                self._leave_hooks.setdefault(state, []).extend(hooks)

    def mount(self, parent: IndexedRouting) -> None:
        """Include every flow's router, in routing order, under `parent` (the Dispatcher)."""
        # The bot talks to residents one to one; group chats are not a channel.
        parent.message.filter(in_loop(F.chat.type == "private"))
        for flow in self.flows:
            router = flow.routes.build()
            known = KnownErrors(flow.error_answers, self._shared_answers)
            router.message.middleware(known)
            router.callback_query.middleware(known)
            parent.include_indexed(router, flow.routes.reach())

    def watches(self, state: str | None) -> bool:
        return state is not None and state in self._leave_hooks

    async def left(self, state: str, before: dict[str, Any], data: dict[str, Any]) -> None:
        for hook in self._leave_hooks.get(state, []):
            await hook.call(**{**data, "left_state": state, "left_data": before})

    def items_of(self, block: Block, resident: Resident) -> list[MenuItem]:
        return [item for item in self._items[block] if item.visible(resident)]

    def memo(self, key: Hashable, build: Callable[[], T]) -> T:
        """What `build` makes, kept by `key`: for a screen that is a pure function of the key
        (the language, the items shown), made once instead of on every press."""
        return cast(T, self._memo.get(key, build))

    def has_prompt(self, state: str | None) -> bool:
        return state is not None and state in self._prompts

    async def show_step(
        self, state: str, event: Message | CallbackQuery, data: dict[str, Any]
    ) -> None:
        await self._prompts[state].call(event, **data)

    async def data_lines(self, data: dict[str, Any]) -> list[str]:
        lines = []
        for flow in self.flows:
            for section in flow.sections:
                line = await call_by_name(section, data)
                if line:
                    lines.append(str(line))
        return lines

    async def consent_withdrawn(self, data: dict[str, Any]) -> None:
        for flow in self.flows:
            for hook in flow.consent_hooks:
                await hook.call(**data)

    async def open_deep_link(
        self, link: str, event: Message | CallbackQuery, data: dict[str, Any]
    ) -> bool:
        """Run the flow handler for a /start payload; False when no flow knows it."""
        for flow in self.flows:
            for prefix, handler in flow.deep_links.items():
                if link.startswith(prefix) and len(link) > len(prefix):
                    await handler.call(event, **{**data, "link": link[len(prefix) :]})
                    return True
        return False

    def knows_deep_link(self, link: str | None) -> bool:
        return bool(link) and any(
            str(link).startswith(prefix) and len(str(link)) > len(prefix)
            for flow in self.flows
            for prefix in flow.deep_links
        )

    async def first_load(self, data: dict[str, Any]) -> None:
        for flow in self.flows:
            for hook in flow.first_load_hooks:
                await hook.call(**data)

    async def warm_up(self, data: dict[str, Any]) -> None:
        for flow in self.flows:
            for hook in flow.warm_up_hooks:
                await hook.call(**data)

    @property
    def jobs(self) -> list[Job]:
        return [job for flow in self.flows for job in flow.jobs]


def flows_in(data: dict[str, Any]) -> Flows:
    """The Flows of the Dispatcher handling this update (a Dispatcher kwarg)."""
    flows = data["flows"]
    if not isinstance(flows, Flows):
        raise TypeError("the Dispatcher was built without its flows")
    return flows


def has_prompt(state: str | None, data: dict[str, Any]) -> bool:
    return flows_in(data).has_prompt(state)


async def show_step(state: str, event: Message | CallbackQuery, data: dict[str, Any]) -> None:
    await flows_in(data).show_step(state, event, data)


class LeaveWatch(BaseMiddleware):
    """An update middleware after the resident's: notes the form a resident is in before the
    update and runs the flows' `on_leave` hooks when the update changed it. Costs nothing
    for a resident outside a watched form."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        flows, state = data.get("flows"), data.get("state")
        before_state = data.get("raw_state")
        if not isinstance(flows, Flows) or not isinstance(state, FSMContext):
            return await handler(event, data)
        if not flows.watches(before_state):
            return await handler(event, data)
        before = await state.get_data()
        result = await handler(event, data)
        if (await state.get_state(), await state.get_data()) != (before_state, before):
            await flows.left(str(before_state), before, data)
        return result
