"""The news flow objects, their services, and the broadcaster's access check."""

from __future__ import annotations

from typing import Any

from aiogram.filters import Filter
from aiogram.types import TelegramObject

from bot.app import Services
from handlers.menu import is_onboarded
from handlers.news.callbacks import ComposeCb, NewsAction, NewsCb
from storage.costs import PaidMessages
from storage.news.broadcasts import BroadcastService
from storage.news.subscriptions import DraftStore, SubscriptionService
from storage.residents import Resident
from storage.roles import COMMUNITY, Role, RoleService
from ui.access import deny_callbacks
from ui.flow import Block, Flow

flow = Flow("news")
router = flow.routes
router.message.filter(is_onboarded)
router.callback_query.filter(is_onboarded)

# Before the start flow: /start after /stop switches announcements back on, then /start
# goes on as usual.
resume_flow = Flow("news-resume")

flow.menu_item(Block.MY_COMMUNITY, "menu-news", NewsCb(action=NewsAction.ARCHIVE).pack())
flow.menu_item(
    Block.MY_COMMUNITY, "menu-subscriptions", NewsCb(action=NewsAction.SUBSCRIPTIONS).pack()
)


class BroadcastsForCommunity(Filter):
    """A community-wide broadcaster (or an administrator)."""

    async def __call__(self, event: TelegramObject, **data: Any) -> bool:
        resident, roles = data.get("resident"), data.get("roles")
        if not isinstance(resident, Resident) or not isinstance(roles, RoleService):
            return False
        return await roles.has(resident.id, Role.BROADCASTER, COMMUNITY)


BROADCASTER = BroadcastsForCommunity()
# Registered before every other ComposeCb handler: a forged button changes nothing.
deny_callbacks(router, ComposeCb, BROADCASTER)


@flow.services
def news_services(core: Services) -> dict[str, object]:
    return {
        "broadcasts": BroadcastService(core.db, core.outbox, core.audit, core.clock),
        "subscriptions": SubscriptionService(core.db, core.clock),
        "broadcast_drafts": DraftStore(core.db, core.clock),
        "paid_messages": PaidMessages(core.db, core.clock, core.settings.paid_caps),
    }
