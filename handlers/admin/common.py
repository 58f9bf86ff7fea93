"""The administrators' flow: shared pieces of its modules."""

from __future__ import annotations

from storage.community import CommunityRepository
from storage.queue.catalogue import Catalogue
from storage.queue.errors import CnapNotConfigured
from storage.roles import COMMUNITY, Grant, GrantSource, Role
from ui.access import HasRole
from ui.flow import Flow
from ui.i18n import Translator
from ui.screens import escape

flow = Flow("admin")
router = flow.routes
ADMIN = HasRole(Role.ADMINISTRATOR)
# For anyone else these commands do not exist: they fall through to «unknown command».
router.message.filter(ADMIN)

SETTLEMENT_ROLES = {Role.MODERATOR, Role.APPEALS_OFFICER, Role.EDITOR, Role.BROADCASTER}


async def known_scopes(
    role: Role, language: str, cnap: Catalogue, community: CommunityRepository
) -> dict[str, str]:
    """The codes `role` may be granted in, with their names: ЦНАП places for an operator,
    settlements for the roles that serve a settlement, none for an administrator."""
    if role is Role.OPERATOR:
        try:
            catalog = await cnap.current()
        except CnapNotConfigured:
            return {}
        return {p.code: p.name.get(language) for p in catalog.places}
    if role in SETTLEMENT_ROLES:
        found = await community.get()
        return {s.code: s.name.get(language) for s in found.settlements} if found else {}
    return {}


def role_name(t: Translator, role: Role) -> str:
    return t(f"role-name-{role.value}")


def scope_label(t: Translator, scope: str, names: dict[str, str]) -> str:
    if scope == COMMUNITY:
        return t("role-scope-community")
    name = names.get(scope)
    return escape(f"{name} ({scope})" if name else scope)


def grant_label(t: Translator, grant: Grant, names: dict[str, str]) -> str:
    text = f"{role_name(t, grant.role)} — {scope_label(t, grant.scope, names)}"
    if grant.source is GrantSource.SETTINGS:
        text += " " + t("role-from-settings")
    return text
