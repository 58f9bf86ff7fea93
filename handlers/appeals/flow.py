"""The appeals flows: residents write e-appeals and report problems (`flow`, onboarded
residents only), appeals officers work on them (`desk_flow`). Both receive these services:

    appeals: AppealService     reports: ReportService     appeal_drafts: DraftStore
    appeal_notices: AppealNotices
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from handlers.appeals.callbacks import AppealAction, AppealCb, ReportAction, ReportCb
from handlers.appeals.notices import AppealNotices, queue_morning_digest
from handlers.menu import is_onboarded
from storage.appeals.drafts import DraftStore
from storage.appeals.reports import ReportService
from storage.appeals.service import AppealService
from ui.flow import Block, Flow

if TYPE_CHECKING:
    from bot.app import Services

flow = Flow("appeals")
router = flow.routes
router.message.filter(is_onboarded)
router.callback_query.filter(is_onboarded)

desk_flow = Flow("appeals_desk")
desk_router = desk_flow.routes

DIGEST_CHECK_SECONDS = 60.0


@flow.services
def appeal_services(core: Services) -> dict[str, object]:
    zone = core.settings.community.zone
    appeals = AppealService(core.db, core.community, core.audit, core.clock, zone)
    reports = ReportService(core.db, core.community, core.audit, core.clock)
    notices = AppealNotices(core.outbox, core.residents, core.texts, core.roles, appeals)
    return {
        "appeals": appeals,
        "reports": reports,
        "appeal_drafts": DraftStore(core.db, core.clock),
        "appeal_notices": notices,
    }


flow.menu_item(Block.PEOPLE_AND_POWER, "menu-appeals", AppealCb(action=AppealAction.START).pack())
flow.menu_item(
    Block.PEOPLE_AND_POWER, "menu-appeals-mine", AppealCb(action=AppealAction.MINE).pack()
)
flow.menu_item(Block.MY_COMMUNITY, "menu-report", ReportCb(action=ReportAction.START).pack())
flow.job("appeals_digest", every=lambda _settings: DIGEST_CHECK_SECONDS)(queue_morning_digest)
