"""/admin (the administrators' help), /lift_block after no-shows, /stats."""

from __future__ import annotations

from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from handlers.admin.arguments import echo, resident_number, split_arguments
from handlers.admin.common import known_scopes, role_name, router
from storage.booking import BookingService
from storage.community import CommunityRepository
from storage.outbox import Outbox, OutboxState
from storage.residents import Resident, ResidentRepository
from storage.roles import Role, RoleService
from ui.i18n import Translator
from ui.screens import escape


@router.message(Command("admin"))
async def admin_help(
    message: Message, t: Translator, booking: BookingService, community: CommunityRepository
) -> None:
    places = await known_scopes(Role.OPERATOR, t.language, booking, community)
    settlements = await known_scopes(Role.MODERATOR, t.language, booking, community)
    roles = ", ".join(f"{role_name(t, r)} ({r.value})" for r in Role)
    await message.answer(
        t(
            "admin-help",
            roles=roles,
            places=escape(", ".join(places)) or "—",
            settlements=escape(", ".join(settlements)) or "—",
        )
    )


@router.message(Command("lift_block"))
async def lift_block(
    message: Message,
    command: CommandObject,
    t: Translator,
    resident: Resident,
    residents: ResidentRepository,
    booking: BookingService,
) -> None:
    words = split_arguments(command.args, 1, 1)
    if words is None:
        await message.answer(t("admin-usage", usage="/lift_block 17"))
        return
    number = resident_number(words[0])
    if number is None:
        await message.answer(t("admin-bad-number", value=escape(echo(words[0]))))
        return
    if await residents.get(number) is None:
        await message.answer(t("admin-no-resident", id=str(number)))
        return
    await booking.lift_noshow_block(number, by_resident_id=resident.id)
    await message.answer(t("admin-lifted", id=str(number)))


@router.message(Command("stats"))
async def stats(
    message: Message,
    t: Translator,
    residents: ResidentRepository,
    outbox: Outbox,
    roles: RoleService,
    booking: BookingService,
) -> None:
    counts = await residents.counts()
    queued = await outbox.counts()
    await message.answer(
        t(
            "admin-stats",
            residents=t("n-residents", count=counts.total),
            active=counts.active,
            officials=len(await roles.officials()),
            upcoming=await booking.count_upcoming(),
            pending=queued[OutboxState.PENDING],
        )
    )
