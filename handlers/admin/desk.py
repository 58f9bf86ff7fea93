"""/admin (the administrators' help), /lift_block after no-shows, /stats."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from handlers.admin.arguments import echo, resident_number, split_arguments
from handlers.admin.common import flow, known_scopes, role_name, router
from storage.community import CommunityRepository
from storage.costs import PaidMessages, Usage
from storage.queue.catalogue import Catalogue
from storage.queue.desk import Desk
from storage.residents import Resident, ResidentRepository
from storage.roles import Role, RoleService
from storage.stats import Statistics
from ui.i18n import Translator
from ui.screens import escape

if TYPE_CHECKING:
    from bot.app import Services


@flow.services
def admin_services(core: Services) -> dict[str, object]:
    """Statistics read the e-queue's desk, which the queue flow (listed earlier) provides."""
    return {"statistics": Statistics(core.db, core.find(Desk))}


@router.message(Command("admin"))
async def admin_help(
    message: Message, t: Translator, cnap: Catalogue, community: CommunityRepository
) -> None:
    places = await known_scopes(Role.OPERATOR, t.language, cnap, community)
    settlements = await known_scopes(Role.MODERATOR, t.language, cnap, community)
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
    desk: Desk,
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
    await desk.lift_noshow_block(number, by_resident_id=resident.id)
    await message.answer(t("admin-lifted", id=str(number)))


@router.message(Command("stats"))
async def stats(
    message: Message,
    t: Translator,
    statistics: Statistics,
    roles: RoleService,
    paid_messages: PaidMessages,
) -> None:
    figures = await statistics.collect()
    lines = [
        t(
            "admin-stats",
            residents=t("n-residents", count=figures.residents),
            active=figures.active,
            officials=len(await roles.officials()),
            upcoming=figures.upcoming,
            pending=figures.pending,
        )
    ]
    lines += paid_lines(t, await paid_messages.report())
    await message.answer("\n".join(lines))


def paid_lines(t: Translator, usages: list[Usage]) -> list[str]:
    """This month's paid messages of each messenger that charges, and what its cap stopped."""
    lines = []
    for usage in usages:
        channel = t(f"paid-channel-{usage.channel}")
        lines.append(t("admin-stats-paid", channel=channel, sent=usage.sent, cap=usage.cap or 0))
        if usage.capped:
            lines.append(t("admin-stats-paid-capped", capped=usage.capped))
    return lines
