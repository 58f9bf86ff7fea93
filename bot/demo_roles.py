"""Officials in the offline demo: `/demo_role resident|operator|admin` (or `python -m bot
demo --as operator`) makes the demo user a ЦНАП operator or an administrator, so a town can
try the officials' side before it asks BotFather for a token. Roles are granted and withdrawn
through the role service, like an administrator does it in the bot (the audit log shows them
as the demo's)."""

from __future__ import annotations

from bot.app import Services
from storage.audit import Actor
from storage.roles import COMMUNITY, Role

DEMO_ROLES = ("resident", "operator", "admin")
DEMO_COMMAND = "/demo_role"
DEMO_ACTOR = Actor.system("demo")
_GRANTED = {"operator": Role.OPERATOR, "admin": Role.ADMINISTRATOR}


async def apply_demo_role(services: Services, resident_id: int, role: str) -> None:
    """Make the demo resident exactly `role`: the other demo grants are withdrawn."""
    for name, granted in _GRANTED.items():
        if name == role:
            await services.roles.grant(resident_id, granted, COMMUNITY, DEMO_ACTOR)
        else:
            await services.roles.revoke(resident_id, granted, COMMUNITY, DEMO_ACTOR)


async def demo_role_command(services: Services, resident_id: int, line: str) -> str | None:
    """The answer to a `/demo_role ...` line, in the resident's language; None for any other
    line (it goes to the bot as usual)."""
    command, _, argument = line.partition(" ")
    if command != DEMO_COMMAND:
        return None
    resident = await services.residents.get(resident_id)
    t = services.texts.get(resident.language if resident else None)
    role = argument.strip().lower()
    if role not in DEMO_ROLES:
        return t("demo-role-usage")
    await apply_demo_role(services, resident_id, role)
    return t(f"demo-role-{role}")
