"""Route tables: aiogram-style decorators that build a fresh Router per Dispatcher.

An aiogram Router can belong to one parent only, but the bot builds a Dispatcher more than
once in a process (a restart in tests, the demo next to the polling loop). So each flow
records its handlers here and `build()` makes a new Router from the record every time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiogram import Router

Handler = Callable[..., Any]


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


class Routes:
    def __init__(self, name: str) -> None:
        self.name = name
        self.message = _Observer("message")
        self.callback_query = _Observer("callback_query")
        self.edited_message = _Observer("edited_message")
        self.my_chat_member = _Observer("my_chat_member")

    def build(self) -> Router:
        router = Router(name=self.name)
        for observer in (
            self.message,
            self.callback_query,
            self.edited_message,
            self.my_chat_member,
        ):
            target = getattr(router, observer.name)
            if observer.filters:
                target.filter(*observer.filters)
            for handler, filters, kwargs in observer.handlers:
                target.register(handler, *filters, **kwargs)
        return router
