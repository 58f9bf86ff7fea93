"""One route table per flow. The order matters: flows first, the fallback last."""

from __future__ import annotations

from aiogram import F, Router


def build_router() -> Router:
    from handlers import admin, fallback, menu, mydata, operator, queue, start

    root = Router(name="root")
    # The bot talks to residents one to one; group chats are not a channel.
    root.message.filter(F.chat.type == "private")
    for routes in (
        start.router,
        menu.router,
        mydata.router,
        queue.router,
        operator.router,
        admin.router,
        fallback.router,
    ):
        root.include_router(routes.build())
    return root
