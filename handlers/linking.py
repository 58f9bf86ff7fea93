"""/link: join Telegram and Viber to one resident record. `/link` shows a one-time code;
`/link <code>` typed on the other messenger joins that chat to the record that showed it."""

from __future__ import annotations

import re

from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.app import Services
from storage.linking import CODE_DIGITS, LinkCodes, LinkResult
from storage.residents import Resident
from ui.flow import Flow
from ui.i18n import Translator

flow = Flow("linking")
router = flow.routes

_CODE = re.compile(rf"^[0-9]{{{CODE_DIGITS}}}$")  # ASCII digits only


@flow.services
def linking_services(core: Services) -> dict[str, object]:
    return {"link_codes": LinkCodes(core.db, core.residents, core.clock)}


@router.message(Command("link"))
async def link(
    message: Message,
    command: CommandObject,
    state: FSMContext,
    t: Translator,
    resident: Resident,
    link_codes: LinkCodes,
) -> None:
    argument = (command.args or "").strip()
    if not argument:
        issued = await link_codes.issue(resident.id)
        await message.answer(
            t("link-code", code=issued.code, until=t.time(issued.expires_at), digits=CODE_DIGITS)
        )
        return
    if not _CODE.match(argument):
        await message.answer(t("link-bad-code", digits=CODE_DIGITS))
        return
    result = await link_codes.redeem(argument, resident.id)
    if result is LinkResult.LINKED:
        await state.clear()  # this chat now continues as the linked record
    await message.answer(t(f"link-{result.value}"))


@flow.data_section
async def linking_line(t: Translator) -> str:
    return t("link-mydata-hint")
