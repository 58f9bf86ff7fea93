"""The bot's Dispatcher: aiogram's, with each update's way to its flow made short.

An update passes the update middlewares (the error guard, aiogram's own, flood control, the
resident) and then goes to the flows that may take it (ui.route_index). aiogram rebuilds the
middleware chain for every update and copies the keywords at each of its steps; here the
chain is built once and the keywords travel as one dict. Whenever the Dispatcher is set up
in a way this shortcut does not cover (a filter or inner middleware on `update`, an update
not yet bound to the bot), aiogram's own `feed_update` runs instead."""

from __future__ import annotations

import asyncio
from typing import Any, cast

from aiogram import Bot, Dispatcher, loggers
from aiogram.dispatcher.event.bases import UNHANDLED, SkipHandler
from aiogram.types import TelegramObject, Update
from aiogram.types.update import UpdateTypeLookupError

from ui.chains import ChainCache
from ui.route_index import IndexedRouting


class BotDispatcher(IndexedRouting, Dispatcher):
    """aiogram's Dispatcher, offering each update only to the flows that may take it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._update_chains = ChainCache()

    async def feed_update(self, bot: Bot, update: Update, **kwargs: Any) -> Any:
        if update.bot != bot or not self._routes_updates_plainly():
            return await super().feed_update(bot, update, **kwargs)
        loop = asyncio.get_running_loop()
        started = loop.time()
        handled = False
        data = {"dispatcher": self, **self.workflow_data, **kwargs, "bot": bot}
        outer = self.update.outer_middleware
        route = self._update_chains.get("update", outer._middlewares, lambda: self._route)
        try:
            response = await route(update, data)
            handled = response is not UNHANDLED
            return response
        finally:
            # The line aiogram logs for every update, kept for those who read it.
            duration = (loop.time() - started) * 1000
            loggers.event.info(
                "Update id=%s is %s. Duration %d ms by bot id=%d",
                update.update_id,
                "handled" if handled else "not handled",
                duration,
                bot.id,
            )

    def _routes_updates_plainly(self) -> bool:
        # aiogram's own setup: one handler on `update` (its listener), no filters, no inner
        # middlewares; the route below does what that handler does.
        observer = self.update
        return (
            len(observer.handlers) == 1
            and not observer.handlers[0].filters
            and not observer._handler.filters
            and not observer.middleware
        )

    async def _route(self, event: TelegramObject, data: dict[str, Any]) -> Any:
        """Dispatcher._listen_update, reached the way aiogram's update observer reaches it."""
        update = cast(Update, event)
        data["handler"] = self.update.handlers[0]
        try:
            update_type, event = update.event_type, update.event
        except UpdateTypeLookupError:
            update_type = ""  # aiogram's listener warns about it and skips it
        try:
            if not update_type:
                return await self._listen_update(update, **data)
            data["event_update"] = update
            return await self.propagate_with(update_type, event, data)
        except SkipHandler:
            return UNHANDLED
