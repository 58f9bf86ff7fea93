"""Granting and withdrawing roles: /grant, /revoke, /grant_operator, /revoke_operator, /roles.
The granted resident is told in their language through the outbox."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from handlers.admin.arguments import (
    check_scope_for,
    echo,
    parse_role,
    resident_number,
    role_words,
    split_arguments,
)
from handlers.admin.common import grant_label, known_scopes, role_name, router, scope_label
from storage.audit import Actor
from storage.community import CommunityRepository
from storage.outbox import PRIORITY_NOTIFICATION, Outbox
from storage.payload import Payload
from storage.queue.catalogue import Catalogue
from storage.residents import Resident, ResidentRepository
from storage.roles import COMMUNITY, Grant, GrantSource, Role, RoleService
from ui.i18n import Texts, Translator
from ui.screens import clip, escape


@dataclass(frozen=True, slots=True)
class Officials:
    """What a role change needs, as handlers receive it."""

    t: Translator
    texts: Texts
    residents: ResidentRepository
    roles: RoleService
    cnap: Catalogue
    community: CommunityRepository
    outbox: Outbox


def _words(t: Translator) -> dict[str, Role]:
    aliases = {role: t(f"role-words-{role.value}").split(",") for role in Role}
    return role_words(aliases)


def _role_list(t: Translator) -> str:
    return ", ".join(f"{role_name(t, r)} ({r.value})" for r in Role)


@router.message(Command("grant", "revoke"))
async def change_role(
    message: Message,
    command: CommandObject,
    resident: Resident,
    t: Translator,
    texts: Texts,
    residents: ResidentRepository,
    roles: RoleService,
    cnap: Catalogue,
    community: CommunityRepository,
    outbox: Outbox,
) -> None:
    words = split_arguments(command.args, 2, 3)
    if words is None:
        await message.answer(t("admin-role-usage", command=command.command, roles=_role_list(t)))
        return
    role = parse_role(words[1], _words(t))
    if role is None:
        await message.answer(t("admin-bad-role", value=escape(echo(words[1])), roles=_role_list(t)))
        return
    scope = words[2] if len(words) == 3 else COMMUNITY
    deps = Officials(t, texts, residents, roles, cnap, community, outbox)
    await _change(message, deps, resident, command.command == "grant", words[0], role, scope)


@router.message(Command("grant_operator", "revoke_operator"))
async def change_operator(
    message: Message,
    command: CommandObject,
    resident: Resident,
    t: Translator,
    texts: Texts,
    residents: ResidentRepository,
    roles: RoleService,
    cnap: Catalogue,
    community: CommunityRepository,
    outbox: Outbox,
) -> None:
    words = split_arguments(command.args, 2, 2)
    if words is None:
        places = await known_scopes(Role.OPERATOR, t.language, cnap, community)
        example = next(iter(places), "main")
        await message.answer(t("admin-usage", usage=f"/{command.command} 17 {example}"))
        return
    deps = Officials(t, texts, residents, roles, cnap, community, outbox)
    granting = command.command == "grant_operator"
    await _change(message, deps, resident, granting, words[0], Role.OPERATOR, words[1])


async def _change(
    message: Message,
    deps: Officials,
    official: Resident,
    granting: bool,
    number_text: str,
    role: Role,
    scope: str,
) -> None:
    t = deps.t
    number = resident_number(number_text)
    if number is None:
        await message.answer(t("admin-bad-number", value=escape(echo(number_text))))
        return
    names = await known_scopes(role, t.language, deps.cnap, deps.community)
    allowed = list(names)
    if not granting:  # a grant is withdrawn even after its place left the community file
        allowed += sorted(await deps.roles.scopes_of(number, role) - {*names, COMMUNITY})
    problem = check_scope_for(role, scope, allowed)
    if problem is not None:
        known = ", ".join(problem.known) or "—"
        key = "admin-scope-not-allowed" if problem.kind == "not_allowed" else "admin-bad-scope"
        await message.answer(
            t(key, value=escape(echo(scope)), role=role_name(t, role), known=escape(known))
        )
        return
    if await deps.residents.get(number) is None:
        await message.answer(t("admin-no-resident", id=str(number)))
        return
    what = {"id": str(number), "role": role_name(t, role), "scope": scope_label(t, scope, names)}
    by = Actor.resident(official.id)
    if granting:
        if not await deps.roles.grant(number, role, scope, by):
            await message.answer(t("admin-role-already", **what))
            return
        await _tell_granted(deps, number, Grant(role, scope))
        await message.answer(t("admin-role-granted", **what))
    elif await deps.roles.revoke(number, role, scope, by):
        await message.answer(t("admin-role-revoked", **what))
    elif Grant(role, scope, GrantSource.SETTINGS) in await deps.roles.roles_of(number):
        await message.answer(t("admin-role-from-settings", id=str(number)))
    else:
        await message.answer(t("admin-role-not-held", **what))


async def _tell_granted(deps: Officials, resident_id: int, grant: Grant) -> None:
    """The new official learns of the role in their own language, with where to start."""
    found = await deps.residents.get(resident_id)
    if found is None or not found.active:
        return
    t = deps.texts.get(deps.texts.pick_language(found.language, None))
    names = await known_scopes(grant.role, t.language, deps.cnap, deps.community)
    text = t(
        "role-granted-notice",
        role=role_name(t, grant.role),
        scope=scope_label(t, grant.scope, names),
    )
    hint = f"role-hint-{grant.role.value}"
    if t.has(hint):
        text += "\n" + t(hint)
    await deps.outbox.enqueue(resident_id, Payload(text), priority=PRIORITY_NOTIFICATION)


@router.message(Command("roles"))
async def list_roles(
    message: Message,
    command: CommandObject,
    t: Translator,
    roles: RoleService,
    cnap: Catalogue,
    community: CommunityRepository,
) -> None:
    words = split_arguments(command.args, 0, 1)
    number = resident_number(words[0]) if words else None
    if words is None or (words and number is None):
        await message.answer(t("admin-usage", usage="/roles 17"))
        return
    officials = await roles.officials()
    if number is not None:
        officials = {number: officials[number]} if number in officials else {}
    if not officials:
        await message.answer(t("admin-roles-none"))
        return
    names = {role: await known_scopes(role, t.language, cnap, community) for role in Role}
    lines = [t("admin-roles-title")]
    for resident_id, grants in officials.items():
        held = sorted(grants, key=lambda g: (list(Role).index(g.role), g.scope, g.source))
        labels = "; ".join(grant_label(t, g, names[g.role]) for g in held)
        lines.append(t("admin-roles-line", id=str(resident_id), grants=labels))
    await message.answer(clip("\n".join(lines)))
