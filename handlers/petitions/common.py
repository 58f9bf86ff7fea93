"""The petition flow object, its services and what its screens share."""

from __future__ import annotations

from aiogram.types import KeyboardButton, ReplyKeyboardMarkup

from bot.app import Services
from handlers.menu import is_onboarded
from handlers.petitions.callbacks import PetitionListCb
from handlers.petitions.notices import PetitionNotices
from storage.petitions.drafts import DraftRepository
from storage.petitions.model import Tab
from storage.petitions.service import PetitionService
from ui.flow import Block, Flow
from ui.i18n import Translator

flow = Flow("petitions")
router = flow.routes
router.message.filter(is_onboarded)
router.callback_query.filter(is_onboarded)

flow.menu_item(Block.PEOPLE_AND_POWER, "menu-petitions", PetitionListCb(tab=Tab.COLLECTING).pack())


@flow.services
def petition_services(core: Services) -> dict[str, object]:
    petitions = PetitionService(
        core.db, core.community, core.audit, core.clock, core.settings.community.zone
    )
    notices = PetitionNotices(
        core.db, core.outbox, core.residents, core.texts, petitions, core.roles
    )
    return {
        "petitions": petitions,
        "drafts": DraftRepository(core.db, core.clock),
        "petition_notices": notices,
    }


def contact_keyboard(t: Translator) -> ReplyKeyboardMarkup:
    """Telegram's own contact button: the number comes from the account, not from typing."""
    return ReplyKeyboardMarkup(
        keyboard=[
            [KeyboardButton(text=t("pet-share-phone"), request_contact=True)],
            [KeyboardButton(text=t("kb-menu"))],
        ],
        resize_keyboard=True,
        one_time_keyboard=True,
    )
