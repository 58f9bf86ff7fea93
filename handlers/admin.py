"""Administrators (Telegram ids from settings): roles, lifting no-show blocks, statistics.
For anyone else these commands do not exist: they fall through to «unknown command»."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from handlers.queue.notices import QueueNotices
from storage.queue.catalogue import Catalogue
from storage.queue.desk import Desk
from storage.residents import ResidentRepository
from storage.stats import Statistics
from ui.flow import Flow
from ui.i18n import Translator
from ui.screens import escape

if TYPE_CHECKING:
    from bot.app import Services

flow = Flow("admin")
router = flow.routes


@flow.services
def admin_services(core: Services) -> dict[str, object]:
    """Statistics read the e-queue's desk, which the queue flow (listed earlier) provides."""
    return {"statistics": Statistics(core.db, core.find(Desk))}


def _is_admin(_message: Message, is_admin: bool) -> bool:
    return is_admin


router.message.filter(_is_admin)


def _args(command: CommandObject, count: int) -> list[str] | None:
    parts = (command.args or "").split()
    return parts if len(parts) == count else None


@router.message(Command("admin"))
async def admin_help(message: Message, t: Translator, cnap: Catalogue) -> None:
    catalog = await cnap.current()
    await message.answer(t("admin-help", places=", ".join(p.code for p in catalog.places)))


@router.message(Command("grant_operator", "revoke_operator"))
async def change_operator(
    message: Message,
    command: CommandObject,
    t: Translator,
    residents: ResidentRepository,
    cnap: Catalogue,
    queue_notices: QueueNotices,
) -> None:
    catalog = await cnap.current()
    args = _args(command, 2)
    if args is None or not args[0].isdigit():
        example = catalog.places[0].code if catalog.places else "main"
        await message.answer(t("admin-usage", usage=f"/{command.command} 17 {example}"))
        return
    resident_id, place = int(args[0]), args[1]
    if catalog.place(place) is None:
        places = ", ".join(p.code for p in catalog.places)
        await message.answer(t("admin-no-place", place=escape(place), places=places))
        return
    if await residents.get(resident_id) is None:
        await message.answer(t("admin-no-resident", id=resident_id))
        return
    if command.command == "grant_operator":
        await residents.grant_role(resident_id, "operator", place)
        await queue_notices.operator_role_granted(resident_id, place)
        await message.answer(t("admin-granted", id=resident_id, place=place))
    else:
        await residents.revoke_role(resident_id, "operator", place)
        await message.answer(t("admin-revoked", id=resident_id, place=place))


@router.message(Command("lift_block"))
async def lift_block(
    message: Message,
    command: CommandObject,
    t: Translator,
    residents: ResidentRepository,
    desk: Desk,
) -> None:
    args = _args(command, 1)
    if args is None or not args[0].isdigit():
        await message.answer(t("admin-usage", usage="/lift_block 17"))
        return
    resident_id = int(args[0])
    if await residents.get(resident_id) is None:
        await message.answer(t("admin-no-resident", id=resident_id))
        return
    await desk.lift_noshow_block(resident_id)
    await message.answer(t("admin-lifted", id=resident_id))


@router.message(Command("stats"))
async def stats(message: Message, t: Translator, statistics: Statistics) -> None:
    figures = await statistics.collect()
    await message.answer(
        t(
            "admin-stats",
            residents=t("n-residents", count=figures.residents),
            active=figures.active,
            upcoming=figures.upcoming,
            pending=figures.pending,
        )
    )
