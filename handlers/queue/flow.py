"""The e-queue's two flows: residents book and manage visits (`flow`, for onboarded residents
only), ЦНАП operators run their place's day (`desk_flow`). Both receive the e-queue services
built here, by these names:

    cnap: Catalogue                 availability: Availability    booking_limits: Limits
    bookings: Bookings              desk: Desk                    visit_reminders: Reminders
    queue_notices: QueueNotices
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from handlers.menu import is_onboarded
from handlers.queue.callbacks import QueueAction, QueueCb
from handlers.queue.notices import QueueNotices, queue_due_reminders
from storage.queue.bookings import Bookings
from storage.queue.services import QueueServices
from storage.residents import Resident
from ui.flow import Block, Flow
from ui.i18n import Translator

if TYPE_CHECKING:
    from bot.app import Services

flow = Flow("queue")
router = flow.routes
router.message.filter(is_onboarded)
router.callback_query.filter(is_onboarded)

desk_flow = Flow("operator")
desk_router = desk_flow.routes


@flow.services
def queue_services(core: Services) -> dict[str, object]:
    zone = core.settings.community.zone
    queue = QueueServices.build(core.db, core.community, core.clock, zone, core.audit)
    notices = QueueNotices(
        core.db, core.outbox, core.residents, core.texts, queue.catalogue, queue.reminders
    )
    return {
        "cnap": queue.catalogue,
        "availability": queue.availability,
        "booking_limits": queue.limits,
        "bookings": queue.bookings,
        "desk": queue.desk,
        "visit_reminders": queue.reminders,
        "queue_notices": notices,
    }


flow.job("reminders", every=lambda settings: settings.sender.reminder_check_seconds)(
    queue_due_reminders
)
flow.menu_item(Block.SERVICES, "menu-queue-book", QueueCb(action=QueueAction.START).pack())
flow.menu_item(Block.SERVICES, "menu-queue-mine", QueueCb(action=QueueAction.MINE).pack())


@flow.data_section
async def bookings_in_mydata(t: Translator, resident: Resident, bookings: Bookings) -> str | None:
    count = await bookings.count_for_resident(resident.id)
    return t("queue-mydata-bookings", count=count) if count else None


@flow.on_consent_withdrawn
async def forget_booking_contacts(resident: Resident, bookings: Bookings) -> None:
    await bookings.forget_contacts(resident.id)
