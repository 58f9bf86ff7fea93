"""Administrators (Telegram ids from settings): roles, lifting no-show blocks, statistics.
For anyone else these commands do not exist: they fall through to «unknown command»."""

from __future__ import annotations

from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from handlers.queue_notices import Notifier
from storage.booking import BookingService
from storage.database import Database
from storage.residents import ResidentRepository
from ui.flow import Flow
from ui.i18n import Translator
from ui.screens import escape

flow = Flow("admin")
router = flow.routes


def _is_admin(_message: Message, is_admin: bool) -> bool:
    return is_admin


router.message.filter(_is_admin)


def _args(command: CommandObject, count: int) -> list[str] | None:
    parts = (command.args or "").split()
    return parts if len(parts) == count else None


@router.message(Command("admin"))
async def admin_help(message: Message, t: Translator, booking: BookingService) -> None:
    catalog = await booking.catalog()
    await message.answer(t("admin-help", places=", ".join(p.code for p in catalog.places)))


@router.message(Command("grant_operator", "revoke_operator"))
async def change_operator(
    message: Message,
    command: CommandObject,
    t: Translator,
    residents: ResidentRepository,
    booking: BookingService,
    notifier: Notifier,
) -> None:
    catalog = await booking.catalog()
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
        await notifier.operator_role_granted(resident_id, place)
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
    booking: BookingService,
) -> None:
    args = _args(command, 1)
    if args is None or not args[0].isdigit():
        await message.answer(t("admin-usage", usage="/lift_block 17"))
        return
    resident_id = int(args[0])
    if await residents.get(resident_id) is None:
        await message.answer(t("admin-no-resident", id=resident_id))
        return
    await booking.lift_noshow_block(resident_id)
    await message.answer(t("admin-lifted", id=resident_id))


@router.message(Command("stats"))
async def stats(message: Message, t: Translator, db: Database, booking: BookingService) -> None:
    total = int(await db.fetchval("SELECT COUNT(*) FROM residents"))
    active = int(await db.fetchval("SELECT COUNT(*) FROM residents WHERE active = 1"))
    pending = int(await db.fetchval("SELECT COUNT(*) FROM outbox WHERE state = 'pending'"))
    await message.answer(
        t(
            "admin-stats",
            residents=t("n-residents", count=total),
            active=active,
            upcoming=await booking.count_upcoming(),
            pending=pending,
        )
    )
