"""The petition background job: close collections past their deadline (correct after any
downtime: the job runs at start, and signing checks the deadline itself), tell residents of
every status change, remind moderators of petitions waiting too long."""

from __future__ import annotations

import logging

from handlers.petitions.common import flow
from handlers.petitions.notices import PetitionNotices
from storage.petitions.service import PetitionService

log = logging.getLogger(__name__)


@flow.job("petitions", every=lambda settings: settings.sender.reminder_check_seconds)
async def petitions_tick(petitions: PetitionService, petition_notices: PetitionNotices) -> int:
    """Returns how many messages were queued."""
    closed = await petitions.close_expired()
    if closed:
        log.info("Collection ended for petition(s) %s", closed)
    queued = await petition_notices.announce_all()
    queued += await petition_notices.remind_moderators()
    return queued
